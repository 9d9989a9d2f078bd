"""Disclosure control for business figures: turnover, transactions or visitors per area, sector and day.

The rule beside ``indicators.privacy.disclosure`` (which protects counts of persons). Turnover is
business-sensitive: a figure behind which stand one or two businesses, or one business that makes
most of it, tells a competitor (or a neighbour) what that business earns. So, as CBS does for
enterprise statistics:

1. **Minimum number of businesses.** A cell (area x sector x day) backed by fewer than
   ``min_businesses`` (default 3) businesses is never shown on its own.
2. **Dominance.** A cell in which the largest business makes more than ``dominance`` (default 50%)
   of the value is never shown on its own either. This needs the largest business's value per cell
   (column ``grootste``); where the series does not have it, dominance cannot be checked and every
   report says so (``BusinessRule.dominance_checked``).
3. **Fails closed.** A cell without a number of businesses (the column ``bedrijven`` absent or
   empty) cannot be checked and is withheld.

Cells that fail are not dropped from the data: they may enter an *aggregate* that passes the rule
(several sectors, or the control areas together), which is then checked again as one cell: its
businesses are the sum, its largest business the largest of its parts (``indicators.analysis.events`` adds
them up so). ``merge_plan`` decides which
sectors of an area are combined so that every published figure passes and no withheld sector can
be recovered as a published aggregate minus published parts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_MIN_BUSINESSES = 3
DEFAULT_DOMINANCE = 0.5
BUSINESSES = "bedrijven"
LARGEST = "grootste"

# Why a cell is withheld (the words are in indicators/core/words.py as business_<reason>).
FEW = "few"
DOMINANT = "dominant"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class BusinessRule:
    """The rule a cell of business figures must pass to be shown on its own.

    Attributes
    ----------
    min_businesses : int
        Fewest businesses behind a cell that is shown (default 3).
    dominance : float
        Largest share (0-1) one business may have of a cell that is shown (default 0.5).
    dominance_checked : bool
        False when the data has no largest business per cell: set by ``check_cells``' caller
        from the data, so reports can say dominance was not checked.
    """

    min_businesses: int = DEFAULT_MIN_BUSINESSES
    dominance: float = DEFAULT_DOMINANCE
    dominance_checked: bool = True

    def __post_init__(self):
        """Check the rule's numbers: a rule that lets everything through must not be made by accident."""
        if isinstance(self.min_businesses, bool) or not isinstance(self.min_businesses, (int, np.integer)) \
                or self.min_businesses < 1:
            raise ValueError(f"'min_businesses' should be a whole number of at least 1, got {self.min_businesses!r}")
        if not 0 < float(self.dominance) <= 1:
            raise ValueError(f"'dominance' should be a share above 0 and at most 1, got {self.dominance!r}")


def check_cells(values, businesses, largest=None, rule: BusinessRule = BusinessRule()) -> np.ndarray:
    """The reason each cell is withheld: '' where it may be shown, else ``FEW``, ``DOMINANT`` or ``UNKNOWN``.

    Parameters
    ----------
    values : array-like of float
        The cells' values (turnover, transactions, visitors).
    businesses : array-like of float
        Businesses behind each cell; NaN where unknown (fails closed).
    largest : array-like of float, optional
        The largest single business's value in each cell; without it dominance is not checked.
    rule : BusinessRule
        Thresholds.
    """
    values = np.asarray(values, dtype=float)
    businesses = np.asarray(businesses, dtype=float)
    reasons = np.full(values.shape, "", dtype=object)
    if largest is not None and rule.dominance_checked:
        largest = np.asarray(largest, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(values > 0, largest / values, 0.0)
        reasons[np.nan_to_num(share, nan=0.0) > rule.dominance] = DOMINANT
    reasons[businesses < rule.min_businesses] = FEW
    reasons[np.isnan(businesses)] = UNKNOWN
    return reasons


def allowed(values, businesses, largest=None, rule: BusinessRule = BusinessRule()) -> np.ndarray:
    """True for each cell that may be shown on its own (``check_cells`` found no reason to withhold it)."""
    return check_cells(values, businesses, largest, rule) == ""


def merge_plan(passing: dict[str, bool], size: dict[str, float], combined_passes) -> tuple[list[tuple[str, ...]], list]:
    """Which sectors of one area are published, alone or combined, so that no withheld sector can be recovered.

    Parameters
    ----------
    passing : dict
        Sector -> whether it passes the rule on its own.
    size : dict
        Sector -> its total value (the smallest passing sector is the one added to a failing group).
    combined_passes : callable
        ``combined_passes(sectors)`` -> whether the sectors added up pass the rule.

    Returns
    -------
    (groups, withheld)
        ``groups``: tuples of sectors published as one figure (one sector each where it passes).
        ``withheld``: (sector, reason) for every sector not published alone; reason 'primary' for
        a sector failing the rule itself, 'secondary' for one withheld so that the combination
        with a failing sector cannot be taken apart (combination minus its published part).

    Notes
    -----
    The sectors' *total* over the area is never published by the events report, so a combination
    of the failing sectors (and, when they still fail together, the smallest passing one) is
    safe to show beside the other sectors alone.
    """
    failing = [sector for sector in passing if not passing[sector]]
    if not failing:
        return [(sector,) for sector in passing], []
    withheld = [(sector, "primary") for sector in failing]
    group = list(failing)
    rest = sorted((s for s in passing if passing[s]), key=lambda s: (size.get(s, 0.0), s))
    # one failing sector alone fails by definition; several may pass together
    passes = len(group) > 1 and combined_passes(tuple(group))
    while not passes and rest:
        added = rest.pop(0)  # the smallest passing sector joins the group and is no longer shown alone
        group.append(added)
        withheld.append((added, "secondary"))
        passes = combined_passes(tuple(group))
    if not passes:
        return [], withheld
    groups = [(sector,) for sector in rest] + [tuple(sorted(group))]
    return groups, withheld
