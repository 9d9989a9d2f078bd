"""Spatial clusters of one figure: global Moran's I and local Moran (LISA) hot and cold spots.

The statistic only; the cluster map, its legend and the sentences that explain it are in
``maps.clusters``.

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

from indicators.core.errors import InputError
from indicators.core.table import Table
from indicators.core.values import MISSING, SECRET

HH, LH, LL, HL, NS, EXCLUDED = "HH", "LH", "LL", "HL", "ns", "excluded"
CLASSES = (HH, LL, HL, LH, NS)  # legend order
_QUADRANTS = {1: HH, 2: LH, 3: LL, 4: HL}  # esda Moran_Local.q

DEFAULT_PERMUTATIONS = 999
DEFAULT_SEED = 12345
DEFAULT_SIGNIFICANCE = 0.05
MIN_DISTRICTS = 3



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


class ClusterError(InputError):
    """Figures that cannot be clustered; the message says why and what to choose instead."""

    topic = "clusters"


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
        raise ClusterError(f"no two of the {len(used)} districts with a value for '{column}' share a border: "
                           "clusters need neighbouring districts", "no_neighbours")
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
        raise ClusterError(f"district codes occur more than once ({', '.join(duplicated[:5])}): "
                           "give each district once", "duplicate_codes")
    if "niveau" in table.data:
        levels = sorted(table.data["niveau"].dropna().astype(str).unique())
        if len(levels) > 1:
            raise ClusterError(f"the districts mix levels ({', '.join(levels)}): choose one level for clusters",
                               "mixed_levels")
    if isinstance(permutations, bool) or not isinstance(permutations, (int, np.integer)) or permutations < 99:
        raise ValueError(f"'permutations' should be a whole number of at least 99, got {permutations!r} instead")
    if not 0 < significance < 1:
        raise ValueError(f"'significance' should be between 0 and 1, got {significance!r} instead")


def _check_values(y: np.ndarray, column: str) -> None:
    if len(y) < MIN_DISTRICTS:
        raise ClusterError(f"'{column}' has a valid value for only {len(y)} districts: clusters need at least "
                           f"{MIN_DISTRICTS}; choose another indicator or a lower level", "too_few", count=len(y),
                           minimum=MIN_DISTRICTS)
    if np.ptp(y) == 0:
        raise ClusterError(f"all {len(y)} districts have the same value for '{column}': there is nothing to "
                           "cluster", "constant")


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


def _plain(number: float) -> float | None:
    """A float for JSON; None instead of NaN or infinity (which JSON cannot hold)."""
    return float(number) if np.isfinite(number) else None
