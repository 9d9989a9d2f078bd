"""Disclosure control for amounts (income, turnover): magnitude tables, as CBS's tau-ARGUS protects them.

A cell's sum of amounts is sensitive when it says too much about one contributor:

- **few**: fewer contributors than the threshold (10 persons);
- **dominance** (the (1, k) rule, k = 50 by default): the largest contribution is more than k% of the
  cell's (absolute) sum;
- **p%** (p = 10 by default): the second largest contributor, who knows their own amount, can
  estimate the largest to within p% from the published sum: ``sum - x1 - x2 < p/100 * x1``.

A sensitive cell needs more than being withheld: the reader must not get its sum back from the
others by the relations of the table (every region is the sum of the regions below it, every
``Totaal`` the sum of its groups). Its **protection level** is how far the sum must stay uncertain
on either side: ``p/100 * x1 - (sum - x1 - x2)`` for the p% rule, ``100/k * x1 - sum`` for
dominance (tau-ARGUS's upper protection levels), at least ``p/100 * x1`` for a cell of few.

**The attacker** knows every relation and every published figure: a published mean to within its
rounding and the number of contributors exactly (stronger than a reader who knows that number only
through a rounded count), so a published mean gives the cell's sum to within ``0.05 * n``; a
published total gives it to within its rounding. A sum is at least 0 where no amount is negative.
For every sensitive cell, linear programming (HiGHS) gives the least and the most its sum can be;
it is protected when both lie at least the protection level from the true sum.

**Secondary suppression** is the project's one search (``indicators.privacy.crosstab.suppress_secondary``):
moves of the sums along hypercubes of the table that every relation allows, each sensitive cell
protected once a move keeps it uncertain by its protection level on either side, withholding the
cheapest cells (the smallest sums: large totals and margins go last) where a move needs more room.
It proves the guarantee by construction (a sufficient condition, not an LP per cell: that took
minutes for a gemeente and hours for the country); ``indicators.privacy.attack.ranges`` is the exact attack by linear
programming, one gemeente at a time, for the output checker's audit and the tests. The same input
always gives the same cells (deterministic order, no randomness).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indicators.privacy.crosstab import Secondary, suppress_secondary
from indicators.privacy.disclosure import below_threshold
from indicators.privacy.withheld import DOMINANCE, FEW, PPERCENT

DEFAULT_DOMINANCE = 50.0
DEFAULT_P = 10.0
MEAN_DECIMALS = 1  # a mean of an amount is published to one decimal; a total in whole units


def known_sums(n, mean=None, total=None) -> tuple[np.ndarray, np.ndarray]:
    """What a reader knows of each cell's sum from what is published of it: the least and the most it can be.

    A mean (as published, to ``MEAN_DECIMALS``) gives the sum to within half its last decimal times
    the exact number of contributors ``n`` (the strongest reader, see the module); a total (as
    published, whole units) to within a half. Where both are published the reader knows both.
    A cell of no contributors has the sum 0. The one rule for protecting (``aggregate``) and for
    attacking a published table (``audit``).
    """
    n = np.asarray(n, dtype=float)
    low, high = np.full(n.shape, -np.inf), np.full(n.shape, np.inf)
    if mean is not None:
        slack = 0.5 * 10.0 ** -MEAN_DECIMALS
        low, high = np.where(n > 0, (mean - slack) * n, 0.0), np.where(n > 0, (mean + slack) * n, 0.0)
    if total is not None:
        low, high = np.maximum(low, total - 0.5), np.minimum(high, total + 0.5)
    return low, high


@dataclass
class Sensitivity:
    """Which cells of an amount are sensitive, by which rule, and their protection levels (in the amount's unit)."""

    reason: np.ndarray  # FEW, DOMINANCE, PPERCENT or "" per cell
    protection: np.ndarray  # 0 where not sensitive

    @property
    def cells(self) -> np.ndarray:
        """The sensitive cells."""
        return self.reason != ""


def sensitive_cells(n, absolute, first, second, minimum: int, dominance: float = DEFAULT_DOMINANCE,
                    p: float = DEFAULT_P) -> Sensitivity:
    """The sensitive cells of an amount and their protection levels, by the three rules of the module.

    ``n`` contributors, ``absolute`` the sum of absolute amounts, ``first`` and ``second`` the two
    largest absolute contributions of each cell (arrays of one shape). A cell without contributors
    describes nobody and is never sensitive.
    """
    n, absolute, first, second = (np.asarray(a, dtype=float) for a in (n, absolute, first, second))
    rest = absolute - first - second
    p_level = p / 100 * first - rest
    dominance_level = 100 / dominance * first - absolute
    few = below_threshold(n, minimum)
    dominant = (n > 0) & ~few & (first > dominance / 100 * absolute)
    by_p = (n > 0) & ~few & ~dominant & (p_level > 0)
    reason = np.where(few, FEW, np.where(dominant, DOMINANCE, np.where(by_p, PPERCENT, "")))
    protection = np.where(few, np.maximum(p_level, p / 100 * first),
                          np.where(dominant, np.maximum(dominance_level, p_level), np.where(by_p, p_level, 0.0)))
    return Sensitivity(reason=reason, protection=np.maximum(protection, 0.0))


def protect_magnitude(sums: np.ndarray, parents, sensitive: np.ndarray, protection: np.ndarray,
                      low: np.ndarray, high: np.ndarray, nonnegative: bool = True,
                      withheld: np.ndarray | None = None, empty: np.ndarray | None = None) -> Secondary:
    """Withhold more cells until no sensitive cell's sum can be narrowed to within its protection level.

    Parameters
    ----------
    sums : numpy.ndarray
        True sums, axis 0 the regions, one axis per group column whose last index is its ``Totaal``.
    parents : sequence of int
        Each region's parent region (-1 for none).
    sensitive, protection : numpy.ndarray
        The sensitive cells and their protection levels (``sensitive_cells``).
    low, high : numpy.ndarray
        What a reader knows of each cell's sum while it is published.
    nonnegative : bool
        No amount is negative, so no sum is.
    withheld : numpy.ndarray of bool, optional
        Cells withheld already for another reason (their base count is secret); they stay withheld.
    empty : numpy.ndarray of bool, optional
        Cells of nobody (their published count is 0): the reader knows their sum is 0 even where it
        is withheld, so withholding one protects nothing and it is never taken.

    Returns
    -------
    indicators.privacy.crosstab.Secondary
        The cells withheld besides the sensitive ones and ``withheld`` (the secondary suppression), and
        the sensitive cell each protects.
    """
    sensitive = np.asarray(sensitive, dtype=bool)
    before = sensitive | (np.zeros(sums.shape, bool) if withheld is None else np.asarray(withheld, dtype=bool))
    empty = np.zeros(sums.shape, bool) if empty is None else np.asarray(empty, dtype=bool)
    with np.errstate(invalid="ignore"):  # a reader who knows nothing of a cell: unbounded room
        up = np.where(np.isfinite(high), np.maximum(high - sums, 0.0), np.inf)
        down = np.where(np.isfinite(low), np.maximum(sums - low, 0.0), np.inf)
    return suppress_secondary(sums, parents, before, sensitive, need=np.where(sensitive, protection, 0.0),
                              up=up, down=down, two_sided=True, floor=0.0 if nonnegative else -np.inf, fixed=empty)
