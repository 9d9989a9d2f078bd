"""The cluster map of ``indicators.analysis.clusters``: colours, legend, tooltips and the sentences that explain it.

``build_cluster_map`` makes a ``Choropleth`` of the LISA classes, drawn by the same web map and
slides as every other map; ``describe_clusters`` and ``cluster_notices`` say in plain words what
the statistic found and what it left out.
"""

from __future__ import annotations

import pandas as pd

from indicators.analysis.classify import Classes
from indicators.analysis.clusters import CLASSES, HH, HL, LH, LL, NS, Clusters
from indicators.core.describe import describe_column
from indicators.core.formatting import SYMBOLS, format_number
from indicators.core.table import Table
from indicators.core.values import MISSING, SECRET
from indicators.core.words import LANGS, check_lang, join_words, t
from maps.choropleth import MISSING_CLASS, SECRET_CLASS, Choropleth, LegendEntry, default_source
from maps.palettes import MISSING_COLOR, SECRET_COLOR

# ColorBrewer RdYlBu ends and middle tints (colour-blind safe). "ns" is white rather than light
# grey because light grey (#f0f0f0) already means "no data" on every map of the project.
CLUSTER_COLORS = {HH: "#d7191c", LL: "#2c7bb6", HL: "#fdae61", LH: "#abd9e9", NS: "#ffffff"}
# Label -> its name per language (words in ``indicators.core.words``).
CLUSTER_LABELS = {lang: {label: t(f"cluster_{label}", lang) for label in CLASSES} for lang in LANGS}
_MOST_NAMES = 5


def build_cluster_map(table: Table, result: Clusters, *, title: str | None = None, source: str | None = None,
                      synthetic: bool = False, lang: str = "nl") -> Choropleth:
    """A categorical map of LISA hot and cold spots, drawn by the same web and static maps.

    ``result`` is ``indicators.analysis.clusters.find_clusters``'s; the classes are its four cluster
    types and "not significant", in the legend's order, so the web map's palette lines up.
    """
    legend = cluster_legend(result, lang)
    codes = table.data["code"].astype(str).tolist()
    labels = result.labels.reindex(codes)
    numbers = []
    for code, label in zip(codes, labels):
        if code in result.excluded:
            numbers.append(SECRET_CLASS if result.excluded[code] == SECRET else MISSING_CLASS)
        else:
            numbers.append(CLASSES.index(label))
    classes = pd.Series([n if n >= 0 else pd.NA for n in numbers], index=table.data.index, dtype="Int64")
    counts = [entry.count for entry in legend if entry.kind == "class"]
    classification = Classes(scheme="clusters", bins=[], lower=float("nan"), classes=classes, counts=counts)
    info = describe_column(table, result.indicator, lang)
    return Choropleth(
        title=title or info.title,
        unit="",
        source=source if source is not None else default_source(table, lang),
        lang=lang,
        codes=codes,
        names=table.data["naam"].astype(str).tolist(),
        classes=numbers,
        colors=cluster_colors(result).reindex(codes).tolist(),
        legend=legend,
        tooltips=cluster_tooltips(result, table, lang),
        classification=classification,
        synthetic=synthetic,
    )


def describe_clusters(result: Clusters, table: Table, lang: str = "nl") -> list[str]:
    """One to four plain sentences: is there clustering, where are the hot and cold spots and outliers.

    Names come from the table's ``naam`` column; numbers in the style of ``lang``.
    """
    check_lang(lang)
    names = _names(table)
    stats = f"Moran's I = {format_number(result.moran_i, 2, lang)}; p = {_format_p(result.p_value, lang)}"
    if result.p_value < result.significance and result.moran_i > result.expected:
        sentences = [t("cluster_positive", lang, stats=stats)]
    elif result.p_value < result.significance:
        sentences = [t("cluster_negative", lang, stats=stats)]
    else:
        sentences = [t("cluster_none", lang, stats=stats)]
    for label, key in ((HH, "cluster_high"), (LL, "cluster_low"), (HL, "cluster_hl"), (LH, "cluster_lh")):
        codes = result.codes_of(label)
        if codes:
            sentences.append(t(key, lang, places=_places(codes, names, lang)))
    return sentences


def cluster_notices(result: Clusters, table: Table, lang: str = "nl") -> list[str]:
    """Sentences on what was left out: districts without a value, and isolates."""
    check_lang(lang)
    names = _names(table)
    notices = []
    if result.excluded:
        reasons = pd.Series(result.excluded).value_counts()
        parts = [f"{count} {SYMBOLS[lang][reason]}" for reason, count in reasons.items()]
        count = len(result.excluded)
        key = "cluster_excluded_one" if count == 1 else "cluster_excluded_many"
        notices.append(t(key, lang, count=_count(count, lang), reasons=", ".join(parts)))
    if result.isolates:
        count = len(result.isolates)
        shown = join_words([names.get(code, code) for code in result.isolates[:_MOST_NAMES]], lang)
        if count > _MOST_NAMES:
            shown = f"{t('cluster_among', lang)} {shown}"
        key = "cluster_isolates_one" if count == 1 else "cluster_isolates_many"
        notices.append(t(key, lang, count=_count(count, lang), places=shown))
    return notices


def cluster_colors(result: Clusters) -> pd.Series:
    """Fill colour per district code: the class colour, or the secret / no-data colour."""
    colors = result.labels.map(CLUSTER_COLORS)
    for code, reason in result.excluded.items():
        colors[code] = SECRET_COLOR if reason == SECRET else MISSING_COLOR
    return colors


def cluster_legend(result: Clusters, lang: str = "nl") -> list[LegendEntry]:
    """Legend of the cluster map: the five classes (always shown), then secret and no data where present."""
    labels = CLUSTER_LABELS[check_lang(lang)]
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
    labels = CLUSTER_LABELS[check_lang(lang)]
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
            label = t("cluster_no_neighbours", lang, label=label)
        lines.append([name, text, label])
    return lines


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
    return f"{format_number(count, 0, lang)} {t('cluster_area_one' if count == 1 else 'cluster_area_many', lang)}"



def _places(codes: list[str], names: dict[str, str], lang: str) -> str:
    """'A, B en C (3 gebieden)', or '12 gebieden, waaronder A, B, C, D en E' when there are many."""
    shown = [names.get(code, code) for code in codes[:_MOST_NAMES]]
    if len(codes) <= _MOST_NAMES:
        return f"{join_words(shown, lang)} ({_count(len(codes), lang)})"
    return f"{_count(len(codes), lang)}, {t('cluster_among', lang)} {join_words(shown, lang)}"
