"""Disclosure control for a cross-table: regions in a hierarchy crossed with groups and their totals.

``indicators.privacy.disclosure.protect`` protects one column over the hierarchy gemeente > wijk > buurt.
A table aggregated from microdata (``indicators.microdata.aggregate``) has more relations: every cell also
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
As in ``tests/indicators/privacy/test_disclosure_attack.py``: every relation, that counts are >= 0, and
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

*Spread moves.* Where small cells sit next to small cells (a rare flag at buurt level), every
single-leaf pair is stopped by a neighbour that cannot go below 0, and only the all-"up"
hypercube would be left, withholding totals up to the gemeente. A spread move pairs the cell's
region (or the ancestor at which the move turns) with a whole sibling region and lets each side's
change be carried by all of its leaves in proportion to what each can carry (their values if
withheld, their rounding room if published): the capacities add up, as the attacker's LP lets
many small slacks add up. The move up and the move down may be spread in different proportions
(the attacker's interval is bounded by the best of each). The regions moved in full (from the
cell up to the turn, and the sibling, across the group corners) are withheld and protected; the
leaves keep their status and, if withheld, are protected on their own.

Secondary suppression, greedy: every primary cell not yet a corner of a protecting hypercube
is taken in turn (the most aggregated first: a small gemeente or group total, whose hypercubes
run through many leaves, before the leaves). Hypercubes through it are tried -- per axis "up",
or a pair with one of the two smallest cells of its line (most likely withheld already, or
cheapest to withhold); in the region tree pairs with a leaf under a sibling of the cell or of its
nearest ancestor that has one -- and the one that withholds the fewest persons (plus one per
cell, then the fewest cells) while reaching width ``r`` is applied: its cells are suppressed and
all its suppressed corners count as protected. A choice that would withhold more than
``EXPENSIVE`` rounding bases of persons also tries the spread moves over every sibling. The
all-"up" hypercube (the cell and every total above it) can always grow without bound, so a
solution always exists. Cells are never un-suppressed. Cells of different families (regions with
the same parent) are handled in rounds, one per family per round, all at once in numpy. The LP
attack test (``tests/indicators/microdata/test_aggregate.py``) checks the guarantee.

Why not an LP per cell: exact, and it would withhold less where the table is sparse, but it takes
about 80 ms per cell for one gemeente crossed with two group columns; at 15,000 buurten that is
hours, while this search is close to linear in the number of cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import islice

import numpy as np

from indicators.privacy.disclosure import round_counts


@dataclass
class CrosstabProtection:
    """The protected cross-table of one count.

    Attributes
    ----------
    published : numpy.ndarray
        Rounded counts, NaN where withheld; same shape as the counts.
    primary, secondary : numpy.ndarray of bool
        Cells withheld because they are below the minimum (or named by ``also``), and to stop
        recovery by the relations.
    base : int
        Rounding base.
    also : numpy.ndarray of bool
        The primary cells withheld only because ``also`` named them (group disclosure).
    """

    published: np.ndarray
    primary: np.ndarray
    secondary: np.ndarray
    base: int
    also: np.ndarray | None = None

    @property
    def secret(self) -> np.ndarray:
        """All withheld cells."""
        return self.primary | self.secondary


def protect_crosstab(counts: np.ndarray, parents, min_count: int, base: int, also=None) -> CrosstabProtection:
    """Round, suppress small cells, and suppress further until no withheld cell can be narrowed.

    A cell with no persons (a true 0: a group that does not occur in a region) describes nobody:
    it is published as 0 and holds back no other cell. ``also`` (a boolean array like ``counts``)
    names more cells to withhold as primary, such as a flag that (almost) every member of its
    group has (``indicators.privacy.disclosure.group_disclosure``).

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
    also : numpy.ndarray of bool, optional
        More cells to withhold as primary (group disclosure).

    Returns
    -------
    CrosstabProtection
    """
    counts = np.asarray(counts, dtype=float)
    parents = np.asarray(parents, dtype=int)
    if counts.ndim < 1 or len(parents) != counts.shape[0]:
        raise ValueError(f"'parents' should have one entry per region ({counts.shape[0]}), got {len(parents)}")
    base = max(int(base), 1)
    rounded = round_counts(counts, base)
    small = (counts > 0) & ((counts < min_count) | (rounded < min_count))
    extra = np.zeros(counts.shape, dtype=bool) if also is None else np.asarray(also, dtype=bool) & ~small
    primary = small | extra
    suppressed = primary.copy()
    if primary.any():
        _Search(counts, rounded, parents, base, suppressed).run(primary)
    published = np.where(suppressed, np.nan, rounded)
    return CrosstabProtection(published=published, primary=primary, secondary=suppressed & ~primary, base=base,
                              also=extra)


class _Search:
    """The greedy hypercube search of the module docstring, batched over independent parts of the table.

    Cells of different regions' families rarely share a hypercube, so each round takes the next
    unprotected cell of every family (the region's parent) and searches all their hypercubes in
    one vectorised pass. Applying a choice made on the state before the round stays valid, since
    more suppression never narrows a hypercube (see the module docstring).
    """

    MAX_REGION_MOVES = 24  # per cell; an aggregate region has one per leaf below it and sibling leaf
    PARTNERS = 2  # per axis, besides "up": pairs with the smallest cells in the target's line
    EXPENSIVE = 10  # a choice withholding more than this many rounding bases of persons, some of them in a
    # total above the cell, tries a spread move

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
        self._paths: dict[int, list[int]] = {}
        self.children = [[] for _ in parents]
        for child, parent in enumerate(parents.tolist()):
            if parent >= 0:
                self.children[parent].append(child)
        self.depth = np.array([len(self._path(r)) - 1 for r in range(len(parents))], dtype=int)
        deepest = int(self.depth.max()) if len(parents) else 0
        self.width = max(deepest + 1, 2 * deepest, 1)  # region nodes in one move: up a path, or two paths
        self._leaves: dict[int, list[int]] = {}
        self._moves = None
        self._few: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    # --- the loop -------------------------------------------------------------------------------

    def run(self, primary: np.ndarray) -> None:
        """Protect every primary cell, the most aggregated first, in rounds over the regions' families."""
        cells = np.argwhere(primary)
        flat = np.ravel_multi_index(cells.T, self.shape)
        totals = np.zeros(len(cells), dtype=int)
        for axis in range(1, len(self.shape)):
            totals += cells[:, axis] == self.shape[axis] - 1
        depth = self.depth[cells[:, 0]]
        family = np.where(self.parents[cells[:, 0]] >= 0, self.parents[cells[:, 0]], cells[:, 0])
        order = np.lexsort((self.value[flat], -totals, depth))
        cells, flat, family = cells[order], flat[order], family[order]
        phase = depth[order] * (len(self.shape) + 1) + (len(self.shape) - totals[order])
        for this in np.unique(phase):
            members = np.flatnonzero(phase == this)
            while len(members):
                members = members[~self.covered[flat[members]]]
                if not len(members):
                    break
                _, first = np.unique(family[members], return_index=True)
                self._protect_batch(cells[members[first]])

    def _protect_batch(self, targets: np.ndarray) -> None:
        """Choose and apply the best hypercube for each target cell (one per family)."""
        corners, signs, owner = self._hypercubes(targets)
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
        n_hidden = (hidden & valid).sum(axis=1)
        shown_value = np.where(shown, value, 0.0).sum(axis=1)

        keep_all = plus.min(axis=1) + minus.min(axis=1)  # no new suppression
        hide_all = plus_all.min(axis=1) + minus_all.min(axis=1)  # suppress every published corner
        each = np.where(shown, self._widths_keeping_each(plus, minus, plus_all, minus_all), -inf)
        kept = each.argmax(axis=1)
        rows = np.arange(len(corners))
        keep_one = each[rows, kept]

        enough = self.base - 1e-9
        cost = np.stack([np.where(keep_all >= enough, 0, inf),
                         np.where((keep_one >= enough) & (n_shown >= 1), n_shown - 1, inf),
                         np.where(hide_all >= enough, n_shown, inf)])
        withheld = np.stack([np.zeros(len(rows)), shown_value - np.where(n_shown >= 1, value[rows, kept], 0.0),
                             shown_value])
        option = np.repeat(np.arange(3), len(rows))
        candidate = np.tile(rows, 3)
        target = owner[candidate]
        # cheapest first: the persons withheld (plus one per cell, so empty cells are not free), then fewest cells
        price = np.where(np.isfinite(cost), withheld + cost, np.inf).ravel()
        ranked = np.lexsort((-n_hidden[candidate], cost.ravel(), price, target))
        _, first = np.unique(target[ranked], return_index=True)
        best = ranked[first]
        if not np.isfinite(cost.ravel()[best]).all():  # cannot happen: the all-"up" hypercube is unbounded
            raise RuntimeError("no protecting hypercube found")
        chosen, kind = candidate[best], option[best]
        hide = valid[chosen] & (kind[:, None] > 0)
        keep = kind == 1
        hide[np.flatnonzero(keep), kept[chosen[keep]]] = False
        touched = corners[chosen]
        touched = np.where(valid[chosen], touched, -1)
        # an expensive choice that withholds a total above the cell (the cascade towards the gemeente):
        # try spreading the move over whole regions
        new_cells = np.where(hide, touched, -1)
        region_depth = np.where(new_cells >= 0, self.depth[np.maximum(new_cells, 0) // self.strides[0]], 1 << 30)
        above = region_depth.min(axis=1) < self.depth[targets[:, 0]]
        expensive = np.flatnonzero((price[best] > self.EXPENSIVE * self.base) & above)
        flats = np.ravel_multi_index(targets[expensive].T, self.shape)
        options = [self._group_options(axis, targets[expensive, axis], flats) for axis in range(1, len(self.shape))]
        for k, i in enumerate(expensive):
            spread = self._spread(targets[i], price[best][i], [(nodes[k], signs[k]) for nodes, signs in options])
            if spread is not None:
                hide[i] = False
                touched[i] = -1
                new, covered = spread
                self.suppressed[new] = True
                self.covered[covered[self.suppressed[covered]]] = True
        self.suppressed[touched[hide]] = True
        touched = touched[touched >= 0]
        self.covered[touched[self.suppressed[touched]]] = True

    def _spread(self, cell: np.ndarray, budget: float, groups: list):
        """A cheaper protection for ``cell`` by a move spread over every leaf of two sibling regions, or None.

        The region axis moves up on the cell's region (or the nearest ancestor with siblings,
        the anchor) and down on a sibling of the anchor; an aggregate side spreads its change over
        its leaves in proportion to what each can carry, so their capacities add up (as the
        rounding intervals of many published cells do in the attacker's LP). Up and down are
        separate moves, each spread in its own proportions. The cells moved in full (the regions
        from the cell up to the anchor, the sibling, across the group corners) are withheld where
        needed and count as protected; the leaves keep their status.
        """
        region = int(cell[0])
        path = self._path(region)
        anchors = [node for node in path if self._siblings(node)]  # every level at which the move can turn
        if not anchors:
            return None
        plus_leaves = np.array(self._leaves_under(region) if self.children[region] else [], dtype=np.int64)
        # every combination of the group moves at once: offsets and signs of the group corners, (combos, corners)
        offsets, group_signs = np.zeros((1, 1), dtype=np.int64), np.ones((1, 1), dtype=np.int64)
        for axis, (nodes, signs) in enumerate(groups, start=1):
            offsets = (offsets[:, None, :, None] + nodes[None, :, None, :] * self.strides[axis])
            group_signs = group_signs[:, None, :, None] * signs[None, :, None, :]
            offsets = offsets.reshape(offsets.shape[0] * offsets.shape[1], -1)
            group_signs = group_signs.reshape(offsets.shape)
        best = None
        for anchor in anchors:
            found = self._spread_moves(path[: path.index(anchor) + 1], plus_leaves, self._siblings(anchor),
                                       offsets, group_signs)
            if found is not None and found[0] < budget and (best is None or found[0] < best[0]):
                best = found
        return None if best is None else best[1:]

    def _caps(self, cells: np.ndarray, signs: np.ndarray, hidden: np.ndarray | None = None):
        """Capacities up and down of cells moving with ``signs`` (hidden: to 0 or unbounded; shown: rounding room)."""
        hidden = self.suppressed[cells] if hidden is None else hidden
        value = self.value[cells]
        positive = signs > 0
        up = np.where(hidden, np.where(positive, np.inf, value),
                      np.where(positive, self.up[cells], self.down[cells]))
        down = np.where(hidden, np.where(positive, value, np.inf),
                        np.where(positive, self.down[cells], self.up[cells]))
        return up, down

    def _spread_moves(self, plus_full, plus_leaves, siblings, offsets, group_signs):
        """The cheapest spread move over the siblings and group combinations that reaches the base.

        ``offsets`` and ``group_signs`` are (combinations, group corners). Returns (price, cells to
        withhold, cells moved in full) or None.
        """
        strides = self.strides[0]
        # the cell's side, moved in full and all withheld: only the values of cells moving down limit it
        plus_cells = np.array(plus_full, dtype=np.int64)[None, :, None] * strides + offsets[:, None, :]
        plus_signs = np.broadcast_to(group_signs[:, None, :], plus_cells.shape)
        plus_value = self.value[plus_cells]
        up = np.where(plus_signs > 0, np.inf, plus_value).min(axis=(1, 2))
        down = np.where(plus_signs > 0, plus_value, np.inf).min(axis=(1, 2))
        if len(plus_leaves):
            cells = plus_leaves[None, :, None] * strides + offsets[:, None, :]
            cap_up, cap_down = self._caps(cells, np.broadcast_to(group_signs[:, None, :], cells.shape))
            up = np.minimum(up, cap_up.min(axis=2).sum(axis=1))
            down = np.minimum(down, cap_down.min(axis=2).sum(axis=1))
        shown = ~self.suppressed[plus_cells]
        plus_price = np.where(shown, plus_value + 1, 0).sum(axis=(1, 2))
        # each sibling, moved down in full (its cells withheld), its leaves carrying the move in proportion
        siblings = np.array(siblings, dtype=np.int64)
        sibling_cells = siblings[None, :, None] * strides + offsets[:, None, :]  # (combos, siblings, corners)
        sibling_value = self.value[sibling_cells]
        rises = (group_signs < 0)[:, None, :]  # these cells move up when the sibling moves down
        ups = np.where(rises, np.inf, sibling_value).min(axis=2)
        downs = np.where(rises, sibling_value, np.inf).min(axis=2)
        prices = plus_price[:, None] + np.where(~self.suppressed[sibling_cells], sibling_value + 1, 0).sum(axis=2)
        leaves = [self._leaves_under(int(q)) if self.children[int(q)] else [] for q in siblings]
        sizes = np.array([len(x) for x in leaves])
        if sizes.sum():
            all_leaves = np.concatenate([np.array(x, dtype=np.int64) for x in leaves])
            cells = all_leaves[None, :, None] * strides + offsets[:, None, :]
            cap_up, cap_down = self._caps(cells, np.broadcast_to(-group_signs[:, None, :], cells.shape))
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            has = sizes > 0
            sum_up = np.full(ups.shape, np.inf)
            sum_down = np.full(ups.shape, np.inf)
            sum_up[:, has] = np.add.reduceat(cap_up.min(axis=2), starts[has], axis=1)
            sum_down[:, has] = np.add.reduceat(cap_down.min(axis=2), starts[has], axis=1)
            ups, downs = np.minimum(ups, sum_up), np.minimum(downs, sum_down)
        width = np.minimum(up[:, None], ups) + np.minimum(down[:, None], downs)
        prices = np.where(width >= self.base - 1e-9, prices, np.inf)
        combo, sibling = np.unravel_index(int(np.argmin(prices)), prices.shape)
        if not np.isfinite(prices[combo, sibling]):
            return None
        cells = np.concatenate([plus_cells[combo].ravel(), sibling_cells[combo, sibling]])
        return float(prices[combo, sibling]), cells[~self.suppressed[cells]], cells

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

    def _hypercubes(self, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hypercubes through each target: flat corners (-1 padding), signs, and the target's row.

        Per axis "up" and pairs with the ``PARTNERS`` smallest cells of the target's line (the
        cells most likely withheld already, or cheapest to withhold), so the search stays linear.
        """
        flat = np.ravel_multi_index(targets.T, self.shape)
        nodes, signs, owner = self._region_moves_of(targets, flat)
        padded = (nodes < 0)[:, None, :]
        corners = (nodes * self.strides[0])[:, None, :]
        signs = signs[:, None, :]
        for axis in range(1, len(self.shape)):
            g_nodes, g_signs = self._group_options(axis, targets[:, axis], flat)
            g_nodes, g_signs = g_nodes[owner], g_signs[owner]
            rows, combos, width = corners.shape
            corners = corners[:, :, None, :, None] + (g_nodes * self.strides[axis])[:, None, :, None, :]
            signs = signs[:, :, None, :, None] * g_signs[:, None, :, None, :]
            padded = np.broadcast_to(padded[:, :, None, :, None], corners.shape)
            combos, width = combos * g_nodes.shape[1], width * 2
            corners = corners.reshape(rows, combos, width)
            signs, padded = signs.reshape(rows, combos, width), padded.reshape(rows, combos, width)
        rows, combos, width = corners.shape
        corners = np.where(padded, -1, corners).reshape(rows * combos, width)
        return corners, np.where(padded, 1, signs).reshape(rows * combos, width), np.repeat(owner, combos)

    def _region_moves_of(self, targets: np.ndarray, flat: np.ndarray):
        """Region moves of each target: every "up", and the pairs whose partner cell is smallest."""
        if self._moves is None:
            self._moves = self._all_region_moves()
        all_nodes, all_signs, offsets, simple = self._moves
        regions = targets[:, 0]
        counts = offsets[regions + 1] - offsets[regions]
        owner = np.repeat(np.arange(len(targets)), counts)
        rows = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts) + offsets[regions][owner]
        nodes, signs = all_nodes[rows], all_signs[rows]
        others = np.flatnonzero(~simple[regions])
        if len(others):
            few = [self._few_region_moves(int(regions[i])) for i in others]
            nodes = np.concatenate([nodes, *(n for n, _ in few)])
            signs = np.concatenate([signs, *(g for _, g in few)])
            owner = np.concatenate([owner, np.repeat(others, [len(n) for n, _ in few])])
        pair = (signs < 0).any(axis=1)
        partner = np.where(pair, nodes[np.arange(len(nodes)), np.argmin(signs, axis=1)], targets[owner, 0])
        key = np.where(pair, self.value[flat[owner] + (partner - targets[owner, 0]) * self.strides[0]], -np.inf)
        order = np.lexsort((key, owner))
        first = np.searchsorted(owner[order], owner[order])
        rank = np.arange(len(order)) - first
        limit = np.bincount(owner, weights=(~pair).astype(float), minlength=len(targets)).astype(int) + self.PARTNERS
        keep = np.sort(order[rank < limit[owner[order]]])
        return nodes[keep], signs[keep], owner[keep]

    def _group_options(self, axis: int, index: np.ndarray, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per target: up (its group and Totaal) and pairs with the smallest other groups (Totaal: up from those).

        Returns nodes and signs of shape (targets, options, 2), the same number of options for every target.
        """
        total = self.shape[axis] - 1
        groups = np.arange(total)[None, :]
        index = index[:, None]
        is_total = index == total
        first = np.where(is_total, groups, index)
        second = np.where(is_total | (groups == index), total, groups)
        nodes = np.stack(np.broadcast_arrays(first, second), axis=-1).astype(np.int64)
        signs = np.stack(np.broadcast_arrays(np.ones_like(second), np.where(second == total, 1, -1)),
                         axis=-1).astype(np.int64)
        other = np.where(is_total, groups, np.where(groups == index, index, groups))  # the cell each option moves to
        key = self.value[flat[:, None] + (other - index) * self.strides[axis]]
        key = np.where(~is_total & (groups == index), -np.inf, key)  # "up" first
        take = np.argsort(key, axis=1, kind="stable")[:, : 1 + self.PARTNERS]
        rows = np.arange(len(index))[:, None]
        return nodes[rows, take], signs[rows, take]

    def _all_region_moves(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The region moves of every region in one table: nodes, signs and each region's first row.

        Leaves with siblings (nearly every region) are built here with numpy: up their path, and a
        pair with each sibling. The others (aggregates, only children) have none here: their moves
        are built one by one when one of their cells is a target (``_few_region_moves``).
        """
        n = len(self.parents)
        parents = self.parents
        leaf = np.array([not c for c in self.children], dtype=bool)
        siblings = np.bincount(parents[parents >= 0], minlength=n) if n else np.zeros(0, dtype=int)
        simple = leaf & (parents >= 0)
        simple &= siblings[np.where(parents >= 0, parents, 0)] > 1
        simple |= leaf & (parents < 0)  # a root leaf: only "up", itself
        regions, nodes, signs = [], [], []
        # up from every simple leaf: its path to the root
        ups = np.flatnonzero(simple)
        path = np.full((len(ups), self.width), -1, dtype=np.int64)
        path[:, 0] = ups
        for step in range(1, self.width):
            previous = path[:, step - 1]
            path[:, step] = np.where(previous >= 0, parents[np.where(previous >= 0, previous, 0)], -1)
        path[path < 0] = -1
        regions.append(ups)
        nodes.append(path)
        signs.append(np.ones_like(path))
        # pairs of sibling leaves
        paired = np.flatnonzero(simple & (parents >= 0))
        by_parent = paired[np.argsort(parents[paired], kind="stable")]
        group = parents[by_parent]
        start = np.searchsorted(group, group)
        size = np.searchsorted(group, group, side="right") - start
        owner = np.repeat(by_parent, size)
        partner = by_parent[np.repeat(start, size) + (np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size))]
        keep = partner != owner
        pair = np.full((int(keep.sum()), max(self.width, 2)), -1, dtype=np.int64)[:, : self.width]
        pair_signs = np.ones_like(pair)
        if len(pair):  # only where regions have parents, so the width is at least 2
            pair[:, 0], pair[:, 1] = owner[keep], partner[keep]
            pair_signs[:, 1] = -1
        regions.append(owner[keep])
        nodes.append(pair)
        signs.append(pair_signs)
        regions = np.concatenate(regions)
        order = np.argsort(regions, kind="stable")  # each region's moves together, "up" first
        offsets = np.concatenate([[0], np.cumsum(np.bincount(regions, minlength=n))]).astype(np.int64)
        return np.concatenate(nodes)[order], np.concatenate(signs)[order], offsets, simple

    def _few_region_moves(self, region: int) -> tuple[np.ndarray, np.ndarray]:
        """The moves of one aggregate (or only-child) region as arrays, kept for its next cells."""
        if region not in self._few:
            moves = self._region_options(region)
            nodes = np.full((len(moves), self.width), -1, dtype=np.int64)
            signs = np.ones((len(moves), self.width), dtype=np.int64)
            for i, (n, g) in enumerate(moves):
                nodes[i, : len(n)], signs[i, : len(g)] = n, g
            self._few[region] = (nodes, signs)
        return self._few[region]

    def _region_options(self, region: int) -> list[tuple[list[int], list[int]]]:
        """Region moves through ``region``: up from each leaf below it, or a pair across a sibling.

        At most ``MAX_REGION_MOVES``: the "up" moves first, then the pairs.
        """
        return list(islice(self._region_moves(region), self.MAX_REGION_MOVES))

    def _region_moves(self, region: int):
        anchor = region
        while anchor >= 0 and len(self._siblings(anchor)) == 0:
            anchor = int(self.parents[anchor])
        leaves = self._leaves_under(region)
        for leaf in leaves:
            path = self._path(leaf)
            yield path, [1] * len(path)  # up: the leaf and every region above it
        if anchor < 0:
            return
        for leaf in leaves:
            path = self._path(leaf)
            plus = path[: path.index(anchor) + 1]
            for sibling in self._siblings(anchor):
                for other in self._leaves_under(sibling):
                    minus = self._path(other)
                    minus = minus[: minus.index(sibling) + 1]
                    yield plus + minus, [1] * len(plus) + [-1] * len(minus)

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
        if region not in self._paths:
            parent = int(self.parents[region])
            self._paths[region] = [region] + (self._path(parent) if parent >= 0 else [])
        return self._paths[region]
