"""Disclosure control for a cross-table: regions in a hierarchy crossed with groups and their totals.

``indicators.disclosure.protect`` protects one column over the hierarchy gemeente > wijk > buurt.
A table aggregated from microdata (``indicators.aggregate``) has more relations: every cell also
lies in the margins of its group columns (``Totaal`` = the sum of the groups), so a suppressed
cell can be recovered from its region's total, from its group's total, or from a chain of both.
This module protects such a table with the same rules (``round_count``'s rounding, suppression
on the true count below the minimum) and a secondary suppression that closes every relation at
once.

The table
---------
``counts`` has one axis for the regions and one per group column; the last index of each group
axis is that column's ``Totaal``. ``parents`` gives each region's parent region (-1 for a root);
a parent equals the sum of its children. All cells are exact sums of the finest cells (the
leaves of the region tree crossed with the group categories).

What the attacker knows and what we guarantee
---------------------------------------------
As in ``tests/indicators/test_disclosure_attack.py``: every relation, that counts are >= 0, and
every published cell to within half a rounding base ``r`` (a published ``p`` is a true value in
``[p - r/2, p + r/2]``). Minimising and maximising a suppressed cell by linear programming gives
the attacker's interval; we require it to be at least ``r`` wide for every suppressed cell, the
width of the interval of a published, rounded cell.

Method: moves on hypercubes
---------------------------
A *move* adds ``t * v_0 (x) v_1 (x) ... (x) v_K`` to the finest cells, where per axis ``v`` is
either ``e_a`` ("up": leaf ``a`` and every total above it change together, with the same sign)
or ``e_a - e_b`` ("pair": leaf ``a`` up, leaf ``b`` down, and the totals between each leaf and
their lowest common total). Every relation is linear in the finest cells, so every relation
still holds after a move; the cells that change (the *corners*: per axis 2 nodes for a group
column, 1 to 4 for the region tree) change by ``+t`` or ``-t``. If the true table moved by ``t``
stays consistent with everything published, the attacker cannot tell it from the true table,
so each corner's interval contains its true value moved by ``t``.

For one hypercube the largest move up, ``t+``, is the smallest capacity of its corners in that
direction: a suppressed corner going down stops at 0 (capacity: its value), one going up is
unlimited; a published corner may only move within its rounding interval (capacity up
``p + r/2 - x``, down ``x - p + r/2``; together exactly ``r``). The move down, ``t-``, is the
same with the signs reversed. Every suppressed corner's interval is then at least
``t+ + t-`` wide. So a hypercube whose corners are all suppressed protects them when its
smallest negative corner plus its smallest positive corner reach ``r`` -- and a hypercube with
one *published* corner protects them too when that corner's rounding interval carries the move
(its two capacities add up to ``r``): this is where rounded published neighbours save a
suppression. More suppression only raises capacities (a suppressed cell moves further than its
rounding interval allows), so a protected cell stays protected as further cells are withheld.

Secondary suppression, greedy: every primary cell not yet a corner of a protecting hypercube
is taken in turn (the most aggregated first: a small gemeente or group total, whose hypercubes
run through many leaves, before the leaves), every hypercube through it is tried (per axis: up,
or a pair with a sibling; in the region tree, pairs with a leaf under a sibling of the cell or
of its nearest ancestor that has one), and the one that needs the fewest new suppressions (then
the least withheld persons) while reaching width ``r`` is applied: its cells are suppressed and
all its suppressed corners count as protected. The all-"up" hypercube (the cell and every total
above it) can always grow without bound, so a solution always exists. Cells are never
un-suppressed. The LP attack test (``tests/indicators/test_aggregate.py``) checks the guarantee.

Why not an LP per cell: exact, but about 80 ms for one gemeente crossed with two group columns;
at 15,000 buurten that is hours, while the hypercube search is linear in the number of cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from indicators.disclosure import _round_counts


@dataclass
class CrosstabProtection:
    """The protected cross-table of one count.

    Attributes
    ----------
    published : numpy.ndarray
        Rounded counts, NaN where withheld; same shape as the counts.
    primary, secondary : numpy.ndarray of bool
        Cells withheld because they are below the minimum, and to stop recovery by the relations.
    base : int
        Rounding base.
    """

    published: np.ndarray
    primary: np.ndarray
    secondary: np.ndarray
    base: int

    @property
    def secret(self) -> np.ndarray:
        """All withheld cells."""
        return self.primary | self.secondary


def protect_crosstab(counts: np.ndarray, parents, min_count: int, base: int) -> CrosstabProtection:
    """Round, suppress small cells, and suppress further until no withheld cell can be narrowed.

    Parameters
    ----------
    counts : numpy.ndarray
        True counts, axis 0 the regions, one axis per group column whose last index is its total.
    parents : sequence of int
        Parent region of each region (index along axis 0), -1 for a region without a published
        parent. A parent's cells equal the sums of its children's.
    min_count : int
        Cells below it are withheld (on the true count); also where the rounded count would be.
    base : int
        Rounding base of published counts (5 for persons).

    Returns
    -------
    CrosstabProtection
    """
    counts = np.asarray(counts, dtype=float)
    parents = np.asarray(parents, dtype=int)
    if counts.ndim < 1 or len(parents) != counts.shape[0]:
        raise ValueError(f"'parents' should have one entry per region ({counts.shape[0]}), got {len(parents)}")
    base = max(int(base), 1)
    rounded = _round_counts(counts, base)
    primary = (counts < min_count) | (rounded < min_count)
    suppressed = primary.copy()
    if primary.any():
        _Search(counts, rounded, parents, base, suppressed).run(primary)
    published = np.where(suppressed, np.nan, rounded)
    return CrosstabProtection(published=published, primary=primary, secondary=suppressed & ~primary, base=base)


class _Search:
    """The greedy hypercube search of the module docstring, on flat views of the table."""

    def __init__(self, counts, rounded, parents, base, suppressed):
        self.shape = counts.shape
        self.strides = np.array([int(np.prod(self.shape[i + 1:])) for i in range(len(self.shape))], dtype=np.int64)
        self.value = counts.ravel()
        self.suppressed = suppressed.reshape(-1)  # a view: updates reach the caller's array
        self.covered = np.zeros(self.value.size, dtype=bool)
        half = base / 2
        self.up = rounded.ravel() + half - self.value  # room of a published cell within its rounding interval
        self.down = self.value - np.maximum(rounded.ravel() - half, 0.0)
        self.base = base
        self.parents = parents
        self.children = [[] for _ in parents]
        for child, parent in enumerate(parents):
            if parent >= 0:
                self.children[parent].append(child)
        self._leaves: dict[int, list[int]] = {}
        self._region_moves: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._group_moves: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    # --- the loop -------------------------------------------------------------------------------

    def run(self, primary: np.ndarray) -> None:
        """Protect every primary cell, the most aggregated first."""
        cells = np.argwhere(primary)
        depth = np.array([self._depth(r) for r in range(len(self.parents))])
        totals = np.zeros(len(cells), dtype=int)
        for axis in range(1, len(self.shape)):
            totals += cells[:, axis] == self.shape[axis] - 1
        order = np.lexsort((self.value[np.ravel_multi_index(cells.T, self.shape)], -totals, depth[cells[:, 0]]))
        for cell in cells[order]:
            flat = int(np.ravel_multi_index(tuple(cell), self.shape))
            if not self.covered[flat]:
                self._protect(tuple(int(i) for i in cell))

    def _protect(self, cell: tuple[int, ...]) -> None:
        corners, signs = self._hypercubes(cell)
        valid = corners >= 0
        index = np.where(valid, corners, 0)
        hidden = self.suppressed[index] | ~valid
        value = np.where(valid, self.value[index], 0.0)
        positive = signs > 0
        inf = math.inf
        # capacities in the move (+) and its reverse (-), with the cells as they are ...
        plus = np.where(hidden, np.where(positive, inf, value), np.where(positive, self.up[index], self.down[index]))
        minus = np.where(hidden, np.where(positive, value, inf), np.where(positive, self.down[index], self.up[index]))
        # ... and as if every published corner were suppressed
        plus_all = np.where(positive | ~valid, inf, value)
        minus_all = np.where(~positive | ~valid, inf, value)
        shown = ~hidden
        n_shown = shown.sum(axis=1)
        shown_value = np.where(shown, value, 0.0).sum(axis=1)

        keep_all = plus.min(axis=1) + minus.min(axis=1)  # no new suppression
        hide_all = plus_all.min(axis=1) + minus_all.min(axis=1)  # suppress every published corner
        keep_one, kept = self._keep_one(plus, minus, plus_all, minus_all, shown, value)

        base = self.base - 1e-9
        options = [
            (np.where(keep_all >= base, 0, np.inf), np.zeros(len(corners)), None),
            (np.where((keep_one >= base) & (n_shown >= 1), n_shown - 1, np.inf), shown_value - kept, "one"),
            (np.where(hide_all >= base, n_shown, np.inf), shown_value, "all"),
        ]
        best = None
        for cost, withheld, kind in options:
            i = int(np.lexsort((withheld, cost))[0])
            if np.isfinite(cost[i]) and (best is None or (cost[i], withheld[i]) < best[:2]):
                best = (cost[i], withheld[i], i, kind)
        if best is None:  # cannot happen: the all-"up" hypercube of hidden cells is unbounded
            raise RuntimeError(f"no protecting hypercube found for cell {cell}")
        _, _, i, kind = best
        chosen = corners[i][valid[i]]
        if kind == "all":
            self.suppressed[chosen] = True
        elif kind == "one":
            keep = self._kept_corner(plus[i], minus[i], plus_all[i], minus_all[i], shown[i], value[i])
            hide = chosen[chosen != corners[i][keep]] if keep is not None else chosen
            self.suppressed[hide] = True
        self.covered[chosen[self.suppressed[chosen]]] = True

    def _keep_one(self, plus, minus, plus_all, minus_all, shown, value):
        """Best width when all published corners but one are suppressed, and that one's value."""
        width = self._widths_keeping_each(plus, minus, plus_all, minus_all)
        width = np.where(shown, width, -np.inf)
        best = width.argmax(axis=1)
        rows = np.arange(len(width))
        return width[rows, best], np.where(shown[rows, best], value[rows, best], 0.0)

    def _kept_corner(self, plus, minus, plus_all, minus_all, shown, value):
        width = self._widths_keeping_each(plus[None], minus[None], plus_all[None], minus_all[None])[0]
        width = np.where(shown, width, -np.inf)
        return int(width.argmax()) if np.isfinite(width.max()) else None

    @staticmethod
    def _widths_keeping_each(plus, minus, plus_all, minus_all):
        """Width of each hypercube if corner j stays published and all other corners are suppressed."""
        out = []
        for caps_all, caps in ((plus_all, plus), (minus_all, minus)):
            if caps_all.shape[1] > 1:
                two = np.partition(caps_all, 1, axis=1)[:, :2]
            else:
                two = np.concatenate([caps_all, np.full_like(caps_all, np.inf)], axis=1)
            first = caps_all.argmin(axis=1)
            others = np.where(np.arange(caps_all.shape[1])[None, :] == first[:, None], two[:, 1:2], two[:, 0:1])
            out.append(np.minimum(others, caps))
        return out[0] + out[1]

    # --- hypercubes -----------------------------------------------------------------------------

    def _hypercubes(self, cell: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Every hypercube through ``cell``: flat corner indices (-1 padding) and signs, one row each."""
        nodes, signs = self._region_options(cell[0])
        padded = nodes < 0
        corners = nodes * self.strides[0]
        for axis in range(1, len(self.shape)):
            g_nodes, g_signs = self._group_options(axis, cell[axis])
            corners = corners[:, None, :, None] + g_nodes[None, :, None, :] * self.strides[axis]
            signs = signs[:, None, :, None] * g_signs[None, :, None, :]
            padded = np.broadcast_to(padded[:, None, :, None], corners.shape)
            rows = corners.shape[0] * corners.shape[1]
            corners, signs, padded = corners.reshape(rows, -1), signs.reshape(rows, -1), padded.reshape(rows, -1)
        return np.where(padded, -1, corners), np.where(padded, 1, signs)

    def _group_options(self, axis: int, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Per group column: up (the group and Totaal) or a pair with another group; for Totaal, up from any group."""
        key = (axis, index)
        if key not in self._group_moves:
            total = self.shape[axis] - 1
            if index == total:
                nodes = [[a, total] for a in range(total)]
                signs = [[1, 1]] * total
            else:
                nodes = [[index, total]] + [[index, b] for b in range(total) if b != index]
                signs = [[1, 1]] + [[1, -1]] * (total - 1)
            self._group_moves[key] = (np.array(nodes, dtype=np.int64).reshape(-1, 2),
                                      np.array(signs, dtype=np.int64).reshape(-1, 2))
        return self._group_moves[key]

    def _region_options(self, region: int) -> tuple[np.ndarray, np.ndarray]:
        """Region moves through ``region``: up from each leaf below it, or a pair across a sibling."""
        if region not in self._region_moves:
            moves = []
            for leaf in self._leaves_under(region):
                path = self._path(leaf)
                moves.append((path, [1] * len(path)))  # up: the leaf and every region above it
                anchor = region
                while anchor >= 0 and len(self._siblings(anchor)) == 0:
                    anchor = self.parents[anchor]
                if anchor < 0:
                    continue
                plus = path[: path.index(anchor) + 1]
                for sibling in self._siblings(anchor):
                    for other in self._leaves_under(sibling):
                        minus = self._path(other)
                        minus = minus[: minus.index(sibling) + 1]
                        moves.append((plus + minus, [1] * len(plus) + [-1] * len(minus)))
            width = max(len(nodes) for nodes, _ in moves)
            nodes = np.full((len(moves), width), -1, dtype=np.int64)
            signs = np.ones((len(moves), width), dtype=np.int64)
            for i, (n, s) in enumerate(moves):
                nodes[i, : len(n)], signs[i, : len(s)] = n, s
            self._region_moves[region] = (nodes, signs)
        return self._region_moves[region]

    def _leaves_under(self, region: int) -> list[int]:
        if region not in self._leaves:
            if not self.children[region]:
                self._leaves[region] = [region]
            else:
                self._leaves[region] = [leaf for child in self.children[region] for leaf in self._leaves_under(child)]
        return self._leaves[region]

    def _siblings(self, region: int) -> list[int]:
        parent = self.parents[region]
        return [] if parent < 0 else [c for c in self.children[parent] if c != region]

    def _path(self, region: int) -> list[int]:
        path = [region]
        while self.parents[path[-1]] >= 0:
            path.append(int(self.parents[path[-1]]))
        return path

    def _depth(self, region: int) -> int:
        return len(self._path(region)) - 1
