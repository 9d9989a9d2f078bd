"""Spatial clusters of one figure: global Moran's I and local Moran (LISA) hot and cold spots.

``find_clusters`` computes both with PySAL (``libpysal`` queen contiguity, ``esda``) on the
districts that have a valid value; secret and missing cells are left out of the weights *before*
they are built, so a district's neighbours are only districts with a figure. Districts that then
have no neighbour at all (islands, or surrounded by secret cells) are isolates: they cannot be
part of a cluster, are labelled ``'ns'`` and listed in ``Clusters.isolates``.

Classes (quadrant of the Moran scatter plot, kept only where the permutation p-value < 0.05):

====  ==========================================  =================================
code  meaning                                     esda ``Moran_Local.q``
====  ==========================================  =================================
HH    high value among high neighbours (hot spot)  1
LH    low value among high neighbours (outlier)    2
LL    low value among low neighbours (cold spot)   3
HL    high value among low neighbours (outlier)    4
ns    not significant, or an isolate
====  ==========================================  =================================

Results are deterministic: the permutations use a fixed seed, and numpy's global random
state (which ``esda.Moran`` draws from) is restored afterwards.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.choropleth import LegendEntry
from indicators.describe import describe_column
from indicators.formatting import SYMBOLS, check_lang, format_number
from indicators.palettes import MISSING_COLOR, SECRET_COLOR
from indicators.table import Table
from indicators.values import MISSING, SECRET

HH, LH, LL, HL, NS, EXCLUDED = "HH", "LH", "LL", "HL", "ns", "excluded"
CLASSES = (HH, LL, HL, LH, NS)  # legend order
_QUADRANTS = {1: HH, 2: LH, 3: LL, 4: HL}  # esda Moran_Local.q

DEFAULT_PERMUTATIONS = 999
DEFAULT_SEED = 12345
DEFAULT_SIGNIFICANCE = 0.05
MIN_DISTRICTS = 3

# ColorBrewer RdYlBu ends and middle tints (colour-blind safe). "ns" is white rather than light
# grey because light grey (#f0f0f0) already means "no data" on every map of the project.
CLUSTER_COLORS = {HH: "#d7191c", LL: "#2c7bb6", HL: "#fdae61", LH: "#abd9e9", NS: "#ffffff"}
CLUSTER_LABELS = {
    "nl": {HH: "hoog-hoog (hot spot)", LL: "laag-laag (cold spot)", HL: "hoog tussen laag (uitschieter)",
           LH: "laag tussen hoog (uitschieter)", NS: "niet significant"},
    "en": {HH: "high-high (hot spot)", LL: "low-low (cold spot)", HL: "high among low (outlier)",
           LH: "low among high (outlier)", NS: "not significant"},
}

_WORDS = {
    "nl": {
        "and": "en", "area": "gebied", "areas": "gebieden", "among": "waaronder",
        "high": "Hoge waarden liggen geclusterd in {places}.",
        "low": "Lage waarden liggen geclusterd in {places}.",
        "positive": "Gebieden met vergelijkbare waarden liggen bij elkaar ({stats}).",
        "negative": "Hoge en lage waarden wisselen elkaar af ({stats}).",
        "none": "Er is geen duidelijke ruimtelijke clustering ({stats}).",
        "hl": "Hoge waarde tussen lage buren: {places}.",
        "lh": "Lage waarde tussen hoge buren: {places}.",
        "excluded": "{count} zonder geldige waarde ({reasons}) {verb} weggelaten uit de buurrelaties.",
        "excluded_verb": ("is", "zijn"),
        "isolates": "{count} zonder buren met een waarde ({places}) {verb} nooit deel van een cluster.",
        "isolates_verb": ("is", "zijn"),
    },
    "en": {
        "and": "and", "area": "area", "areas": "areas", "among": "including",
        "high": "High values cluster in {places}.",
        "low": "Low values cluster in {places}.",
        "positive": "Areas with similar values lie close together ({stats}).",
        "negative": "High and low values alternate ({stats}).",
        "none": "There is no clear spatial clustering ({stats}).",
        "hl": "High value among low neighbours: {places}.",
        "lh": "Low value among high neighbours: {places}.",
        "excluded": "{count} without a valid value ({reasons}) {verb} left out of the neighbour relations.",
        "excluded_verb": ("was", "were"),
        "isolates": "{count} without neighbours with a value ({places}) {verb} never part of a cluster.",
        "isolates_verb": ("is", "are"),
    },
}
_MOST_NAMES = 5


@dataclass
class Clusters:
    """Global and local Moran of one figure.

    Per-district Series are indexed by district code in the table's order and cover every
    district; those left out (``excluded``) have label ``'excluded'`` and NaN statistics.
    """

    indicator: str
    moran_i: float
    p_value: float  # pseudo p-value from the permutations (esda ``p_sim``), one-sided
    expected: float  # E[I] = -1 / (n - 1)
    z: float  # (I - mean of the permuted I) / their standard deviation
    labels: pd.Series  # code -> HH, LL, HL, LH, ns or excluded
    local_i: pd.Series  # code -> local Moran I_i
    local_p: pd.Series  # code -> pseudo p-value of I_i
    isolates: list[str]  # codes with a value but no neighbour with a value
    excluded: dict[str, str]  # code -> 'secret' or 'missing'
    permutations: int = DEFAULT_PERMUTATIONS
    seed: int = DEFAULT_SEED
    significance: float = DEFAULT_SIGNIFICANCE
    notes: list[str] = field(default_factory=list)

    @property
    def clusters(self) -> dict[str, str]:
        """Label per district that took part (the excluded ones left out)."""
        return {code: label for code, label in self.labels.items() if label != EXCLUDED}

    def codes_of(self, label: str) -> list[str]:
        """Codes with ``label``, strongest local statistic first."""
        chosen = self.labels[self.labels == label].index
        return list(self.local_i[chosen].abs().sort_values(ascending=False, kind="stable").index)

    def to_dict(self) -> dict:
        """The result as plain JSON-ready values (what ``cli.py clusters`` prints)."""
        return {
            "indicator": self.indicator,
            "moran_i": _plain(self.moran_i),
            "p_value": _plain(self.p_value),
            "expected": _plain(self.expected),
            "z": _plain(self.z),
            "permutations": self.permutations,
            "seed": self.seed,
            "significance": self.significance,
            "districts": len(self.labels) - len(self.excluded),
            "counts": {label: int((self.labels == label).sum()) for label in CLASSES},
            "clusters": self.clusters,
            "isolates": list(self.isolates),
            "excluded": dict(self.excluded),
        }


def find_clusters(
    table: Table,
    column: str,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    significance: float = DEFAULT_SIGNIFICANCE,
) -> Clusters:
    """Global Moran's I and LISA classes of ``column`` on queen contiguity.

    Parameters
    ----------
    table : Table
        Districts of one level with boundaries (``data`` a GeoDataFrame with a unique ``code``).
    column : str
        Figure column; secret and missing cells are left out before the weights are built.
    permutations : int
        Random permutations for the pseudo p-values (at least 99).
    seed : int
        Seed of the permutations; the same seed gives the same result.
    significance : float
        A district is a hot spot, cold spot or outlier when its pseudo p-value is below this.

    Raises
    ------
    ValueError
        Unknown column, no boundaries, mixed levels, fewer than three districts with a value,
        all values equal, or no two districts with a value that share a border.
    """
    _check_arguments(table, column, permutations, significance)
    frame = table.data.reset_index(drop=True)
    codes = frame["code"].astype(str)
    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    status = table.status[column].astype(str).reset_index(drop=True)
    valid = (values.notna() & np.isfinite(values.fillna(0))).to_numpy()
    excluded = {code: (SECRET if state == SECRET else MISSING)
                for code, state in zip(codes[~valid], status[~valid])}
    y = values[valid].to_numpy()
    _check_values(y, column)

    weights = _queen_weights(frame.loc[valid].reset_index(drop=True))
    used = codes[valid].tolist()
    islands = sorted(int(i) for i in weights.islands)
    isolates = [used[i] for i in islands]
    if len(isolates) == len(used):
        raise ValueError(f"no two of the {len(used)} districts with a value for '{column}' share a border: "
                         "clusters need neighbouring districts")
    global_moran, local_moran = _moran(y, weights, permutations, seed)

    significant = local_moran.p_sim < significance
    local_labels = [(_QUADRANTS[int(q)] if hit else NS) for q, hit in zip(local_moran.q, significant)]
    for i in islands:
        local_labels[i] = NS
    labels = pd.Series(EXCLUDED, index=pd.Index(codes, name="code"), dtype=object)
    labels.iloc[np.flatnonzero(valid)] = local_labels
    local_i = pd.Series(np.nan, index=labels.index)
    local_p = pd.Series(np.nan, index=labels.index)
    local_i.iloc[np.flatnonzero(valid)] = local_moran.Is
    local_p.iloc[np.flatnonzero(valid)] = local_moran.p_sim

    return Clusters(
        indicator=column,
        moran_i=float(global_moran.I),
        p_value=float(global_moran.p_sim),
        expected=float(global_moran.EI),
        z=float(global_moran.z_sim),
        labels=labels,
        local_i=local_i,
        local_p=local_p,
        isolates=isolates,
        excluded=excluded,
        permutations=permutations,
        seed=seed,
        significance=significance,
    )


def _check_arguments(table: Table, column: str, permutations: int, significance: float) -> None:
    if column not in table.figures:
        shown = ", ".join(table.figures[:20]) + (" ..." if len(table.figures) > 20 else "")
        raise ValueError(f"'{column}' is not a figure column of this table: choose one of {shown}")
    if not hasattr(table.data, "geometry"):
        raise ValueError("clusters need boundaries: the table has no geometry, join it to a boundary file first")
    if "code" not in table.data:
        raise ValueError("clusters need a 'code' column naming each district")
    duplicated = table.data["code"][table.data["code"].duplicated()].astype(str).unique()
    if len(duplicated):
        raise ValueError(f"district codes occur more than once ({', '.join(duplicated[:5])}): "
                         "give each district once")
    if "niveau" in table.data:
        levels = sorted(table.data["niveau"].dropna().astype(str).unique())
        if len(levels) > 1:
            raise ValueError(f"the districts mix levels ({', '.join(levels)}): choose one level for clusters")
    if isinstance(permutations, bool) or not isinstance(permutations, (int, np.integer)) or permutations < 99:
        raise ValueError(f"'permutations' should be a whole number of at least 99, got {permutations!r} instead")
    if not 0 < significance < 1:
        raise ValueError(f"'significance' should be between 0 and 1, got {significance!r} instead")


def _check_values(y: np.ndarray, column: str) -> None:
    if len(y) < MIN_DISTRICTS:
        raise ValueError(f"'{column}' has a valid value for only {len(y)} districts: clusters need at least "
                         f"{MIN_DISTRICTS}; choose another indicator or a lower level")
    if np.ptp(y) == 0:
        raise ValueError(f"all {len(y)} districts have the same value for '{column}': there is nothing to cluster")


def _queen_weights(frame):
    """Row-standardised queen contiguity of the districts in ``frame`` (shared corner or edge)."""
    from libpysal.weights import Queen

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands and disconnected parts: reported as isolates instead
        weights = Queen.from_dataframe(frame, use_index=False, silence_warnings=True)
        weights.transform = "r"
    return weights


def _moran(y: np.ndarray, weights, permutations: int, seed: int):
    """Global and local Moran with seeded permutations; numpy's global random state is restored."""
    import esda

    state = np.random.get_state()
    try:
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore")  # isolates give 0/0 in esda's z-scores; they are labelled 'ns'
            np.random.seed(seed)  # esda.Moran draws from numpy's global state
            global_moran = esda.Moran(y, weights, permutations=permutations)
            local_moran = esda.Moran_Local(y, weights, permutations=permutations, seed=seed)
    finally:
        np.random.set_state(state)
    return global_moran, local_moran


def describe_clusters(result: Clusters, table: Table, lang: str = "nl") -> list[str]:
    """One to four plain sentences: is there clustering, where are the hot and cold spots and outliers.

    Names come from the table's ``naam`` column; numbers in the style of ``lang``.
    """
    words = _words(lang)
    names = _names(table)
    stats = f"Moran's I = {format_number(result.moran_i, 2, lang)}; p = {_format_p(result.p_value, lang)}"
    if result.p_value < result.significance and result.moran_i > result.expected:
        sentences = [words["positive"].format(stats=stats)]
    elif result.p_value < result.significance:
        sentences = [words["negative"].format(stats=stats)]
    else:
        sentences = [words["none"].format(stats=stats)]
    for label, key in ((HH, "high"), (LL, "low"), (HL, "hl"), (LH, "lh")):
        codes = result.codes_of(label)
        if codes:
            sentences.append(words[key].format(places=_places(codes, names, lang)))
    return sentences


def cluster_notices(result: Clusters, table: Table, lang: str = "nl") -> list[str]:
    """Sentences on what was left out: districts without a value, and isolates."""
    words = _words(lang)
    names = _names(table)
    notices = []
    if result.excluded:
        reasons = pd.Series(result.excluded).value_counts()
        parts = [f"{count} {SYMBOLS[lang][reason]}" for reason, count in reasons.items()]
        count = len(result.excluded)
        notices.append(words["excluded"].format(count=_count(count, lang), reasons=", ".join(parts),
                                                verb=words["excluded_verb"][count != 1]))
    if result.isolates:
        count = len(result.isolates)
        shown = _join([names.get(code, code) for code in result.isolates[:_MOST_NAMES]], lang)
        if count > _MOST_NAMES:
            shown = f"{words['among']} {shown}"
        notices.append(words["isolates"].format(count=_count(count, lang), places=shown,
                                                verb=words["isolates_verb"][count != 1]))
    return notices


def cluster_colors(result: Clusters) -> pd.Series:
    """Fill colour per district code: the class colour, or the secret / no-data colour."""
    colors = result.labels.map(CLUSTER_COLORS)
    for code, reason in result.excluded.items():
        colors[code] = SECRET_COLOR if reason == SECRET else MISSING_COLOR
    return colors


def cluster_legend(result: Clusters, lang: str = "nl") -> list[LegendEntry]:
    """Legend of the cluster map: the five classes (always shown), then secret and no data where present."""
    labels = _labels(lang)
    entries = [LegendEntry(labels[label], CLUSTER_COLORS[label], int((result.labels == label).sum()))
               for label in CLASSES]
    reasons = pd.Series(result.excluded, dtype=object)
    for reason, color in ((SECRET, SECRET_COLOR), (MISSING, MISSING_COLOR)):
        count = int((reasons == reason).sum())
        if count:
            entries.append(LegendEntry(SYMBOLS[lang][reason], color, count, kind=reason))
    return entries


def cluster_tooltips(result: Clusters, table: Table, lang: str = "nl") -> list[list[str]]:
    """Tooltip lines per district in the table's order: name, value, class (and 'isolate')."""
    info = describe_column(table, result.indicator, lang)
    labels = _labels(lang)
    isolates = set(result.isolates)
    unit = info.number_unit
    lines = []
    frame = table.data.reset_index(drop=True)
    for code, name, value in zip(frame["code"].astype(str), frame["naam"].astype(str), frame[result.indicator]):
        if code in result.excluded:
            lines.append([name, SYMBOLS[lang][result.excluded[code]]])
            continue
        text = format_number(value, info.decimals, lang)
        text = f"{text}{unit}" if unit == "%" else f"{text} {unit}".rstrip()
        label = labels[result.labels[code]]
        if code in isolates:
            label += " (geen buren)" if lang == "nl" else " (no neighbours)"
        lines.append([name, text, label])
    return lines


def _plain(number: float) -> float | None:
    """A float for JSON; None instead of NaN or infinity (which JSON cannot hold)."""
    return float(number) if np.isfinite(number) else None


def _words(lang: str) -> dict:
    return _WORDS[check_lang(lang)]


def _labels(lang: str) -> dict:
    _words(lang)
    return CLUSTER_LABELS[lang]


def _names(table: Table) -> dict[str, str]:
    frame = table.data
    names = frame["naam"] if "naam" in frame else frame["code"]
    return dict(zip(frame["code"].astype(str), names.fillna(frame["code"]).astype(str)))


def _format_p(p: float, lang: str) -> str:
    """Three decimals at most, no trailing zeros: 0,001 / 0,31 / 0,5."""
    text = format_number(p, 3, lang)
    mark = "," if lang == "nl" else "."
    return text.rstrip("0").rstrip(mark) if mark in text else text


def _count(count: int, lang: str) -> str:
    words = _WORDS[lang]
    return f"{format_number(count, 0, lang)} {words['area'] if count == 1 else words['areas']}"


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_WORDS[lang]['and']} {items[-1]}"


def _places(codes: list[str], names: dict[str, str], lang: str) -> str:
    """'A, B en C (3 gebieden)', or '12 gebieden, waaronder A, B, C, D en E' when there are many."""
    shown = [names.get(code, code) for code in codes[:_MOST_NAMES]]
    if len(codes) <= _MOST_NAMES:
        return f"{_join(shown, lang)} ({_count(len(codes), lang)})"
    return f"{_count(len(codes), lang)}, {_WORDS[lang]['among']} {_join(shown, lang)}"
