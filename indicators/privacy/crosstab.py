"""Disclosure control for a cross-table: regions in a hierarchy crossed with groups and their totals.

``indicators.privacy.disclosure.protect`` protects one column over the hierarchy gemeente > wijk > buurt.
A table aggregated from microdata (``indicators.microdata.aggregate``) has more relations: every cell also
lies in the margins of its group columns (``Totaal`` = the sum of the groups), so a suppressed
cell can be recovered from its region's total, from its group's total, or from a chain of both.
This module protects such a table with the same rules (``round_count``'s rounding, suppression
on the true count below the minimum) and a secondary suppression that closes every relation at
once. The same search (``suppress_secondary``) protects the sums of an amount
(``indicators.privacy.magnitude``), where each sensitive sum needs room on either side.

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
``t+ + t-`` wide. (A sum of an amount must stay uncertain on either side by its protection level:
both ``t+`` and ``t-`` must reach it. A withheld sum goes down to 0, or without bound where amounts
can be negative; a published mean moves within its rounding times its number of contributors; a
cell of nobody does not move at all, so a hypercube through one protects nothing.) So a
hypercube whose corners are all suppressed protects them when its smallest negative corner plus its
smallest positive corner reach ``r`` -- and a hypercube with one *published* corner protects them
too when that corner's rounding interval carries the move (its two capacities add up to ``r``): this
is where rounded published neighbours save a suppression. More suppression only raises capacities (a
suppressed cell moves further than its rounding interval allows), so a protected cell stays
protected as further cells are withheld.

*Spread moves.* Where small cells sit next to small cells (a rare flag at buurt level), every
single-leaf pair is stopped by a neighbour that cannot go below 0, and only the all-"up"
hypercube would be left, withholding totals up to the gemeente. A spread move pairs the cell's
region (or the ancestor at which the move turns) with a whole sibling region and lets each side's
change be carried by all of its leaves in proportion to what each can carry (their values if
withheld, their rounding room if published): the capacities add up, as the attacker's LP lets
many small slacks add up. The move up and the move down may be spread in different proportions
(the attacker's interval is bounded by the best of each). The regions moved in full (from the
cell up to the turn, and the sibling, across the group corners) are withheld and protected; the
leaves keep their status and, if withheld, are protected on their own. Spread moves are tried
for all the cells of a round at once, turning at the lowest level first; a move that turns higher
(whole wijken) only for the cells without one lower down.

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
solution always exists. The search never publishes a cell again. Cells of different families
(regions with the same parent) are handled in rounds, one per family per round, all at once in
numpy. Each cell it withholds remembers the target it was first withheld for (``Secondary``),
for the output checker. Last, the totals of gemeenten and wijken it withheld are tried by the
exact attack (``_release_totals``) and published again where they protect nothing. The LP
attack test (``tests/indicators/microdata/test_aggregate.py``) checks the guarantee.

No relation crosses a gemeente, so a large table (``PARALLEL_CELLS``) is split into parts of
whole gemeenten, one per core, each searched in its own process: the same cells as in one process.

Why not an LP per cell: exact, and it would withhold less where the table is sparse, but it takes
about 80 ms per cell for one gemeente crossed with two group columns; at 15,000 buurten that is
hours, while this search is close to linear in the number of cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import islice

import numpy as np

from indicators.privacy.attack import Reader, roots_of, uncertain_enough
from indicators.privacy.disclosure import below_threshold, round_counts


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
    protects : numpy.ndarray of int
        For each secondary cell, the cell (a flat index) it was withheld to protect; -1 elsewhere.
    """

    published: np.ndarray
    primary: np.ndarray
    secondary: np.ndarray
    base: int
    also: np.ndarray | None = None
    protects: np.ndarray | None = None

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
    small = below_threshold(counts, min_count) | below_threshold(rounded, min_count)  # true, or as it would show
    extra = np.zeros(counts.shape, dtype=bool) if also is None else np.asarray(also, dtype=bool) & ~small
    primary = small | extra
    half = base / 2
    # a published 0 is known exactly (any count from 1 up is withheld or rounded to 5 or more): it moves nowhere
    secondary = suppress_secondary(counts, parents, primary, primary, need=np.full(counts.shape, float(base)),
                                   up=rounded + half - counts, down=counts - np.maximum(rounded - half, 0.0),
                                   fixed=counts == 0)
    published = np.where(primary | secondary.cells, np.nan, rounded)
    return CrosstabProtection(published=published, primary=primary, secondary=secondary.cells, base=base,
                              also=extra, protects=secondary.protects)


@dataclass
class Secondary:
    """The secondary suppression: the cells withheld to protect others, and which cell each protects.

    Attributes
    ----------
    cells : numpy.ndarray of bool
        The cells withheld besides those withheld already.
    protects : numpy.ndarray of int
        For each of them, the cell (a flat index into the table) whose protection withheld it
        first; -1 elsewhere. For the output checker: "secondary, for that cell".
    """

    cells: np.ndarray
    protects: np.ndarray


def suppress_secondary(values: np.ndarray, parents, withheld: np.ndarray, targets: np.ndarray, need: np.ndarray,
                       up: np.ndarray, down: np.ndarray, two_sided: bool = False, floor: float = 0.0,
                       fixed: np.ndarray | None = None, workers: int | None = None) -> Secondary:
    """Withhold more cells until every target cell is as uncertain as it must be: the module's search.

    The one secondary suppression of the project, for counts (``protect_crosstab``) and for sums of
    amounts (``indicators.privacy.magnitude.protect_magnitude``).

    Parameters
    ----------
    values : numpy.ndarray
        True values of the cells, shaped as for ``protect_crosstab``.
    parents : sequence of int
        Each region's parent region (-1 for none).
    withheld : numpy.ndarray of bool
        Cells withheld already; they stay withheld.
    targets : numpy.ndarray of bool
        The cells to protect.
    need : numpy.ndarray
        How uncertain each target must stay: the width of its interval (a count: the rounding base),
        or with ``two_sided`` its distance from the true value on either side (an amount's
        protection level).
    up, down : numpy.ndarray
        How far a published cell's true value may lie above and below what the reader knows of it.
    floor : float
        The least a withheld cell can be (0: counts and amounts that are never negative; ``-inf``).
    fixed : numpy.ndarray of bool, optional
        Cells the reader knows exactly, withheld or not (a cell of nobody); never withheld here.
    workers : int, optional
        Processes to search in (whole gemeenten to each; the result is the same). Default: every
        core for a table of ``PARALLEL_CELLS`` cells or more, else one.

    Returns
    -------
    Secondary
        The cells withheld besides ``withheld``, and which target each protects.
    """
    parents = np.asarray(parents, dtype=int)
    arrays = [np.asarray(a, dtype=float) for a in (values, need, up, down)]
    flags = [np.asarray(withheld, dtype=bool), np.asarray(targets, dtype=bool),
             np.zeros(arrays[0].shape, bool) if fixed is None else np.asarray(fixed, dtype=bool)]
    parts = _parts(parents, arrays[0].size, workers)
    release = arrays[0].size <= RELEASE_CELLS  # decided on the whole table, so any split gives the same cells
    if len(parts) < 2:
        suppressed, protects = _search_part((arrays, flags, parents, two_sided, floor, release))
        return Secondary(cells=suppressed & ~flags[0], protects=protects)
    # no relation crosses a gemeente, so each part (whole gemeenten) is its own problem: the same cells as in one
    jobs = [([a[regions] for a in arrays], [f[regions] for f in flags], part_parents, two_sided, floor, release)
            for regions, part_parents in parts]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    suppressed = flags[0].copy()
    protects = np.full(arrays[0].shape, -1, dtype=np.int64)
    per_region = int(np.prod(arrays[0].shape[1:]))
    with ProcessPoolExecutor(max_workers=len(parts), mp_context=multiprocessing.get_context("fork")) as pool:
        for (regions, _), (part, part_protects) in zip(parts, pool.map(_search_part, jobs)):
            suppressed[regions] = part
            # the part's cells are numbered within it: its region, then the same place among the groups
            protects[regions] = np.where(part_protects >= 0, regions[part_protects // per_region] * per_region
                                         + part_protects % per_region, -1)
    return Secondary(cells=suppressed & ~flags[0], protects=protects)


PARALLEL_CELLS = 200_000
"""A table of at least this many cells is searched on every core, whole gemeenten to each."""


def _parts(parents: np.ndarray, cells: int, workers: int | None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Whole gemeenten in about equal parts, one per core, as (regions, their parents renumbered); [] for one part.

    One part where the table is small (starting processes would cost more than it saves), where
    there is one core or one gemeente, or where ``fork`` is not available.
    """
    import multiprocessing
    import os

    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        workers = workers if cells >= PARALLEL_CELLS else 1
    roots = roots_of(parents)
    tops, sizes = np.unique(roots, return_counts=True)
    if workers < 2 or len(tops) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return []
    load = np.zeros(min(workers, len(tops)))
    part_of_top = np.empty(len(tops), dtype=int)
    for top in np.argsort(-sizes, kind="stable"):  # the largest gemeente first, to the lightest part
        part_of_top[top] = int(np.argmin(load))
        load[part_of_top[top]] += sizes[top]
    part_of_region = part_of_top[np.searchsorted(tops, roots)]
    parts = []
    for part in range(len(load)):
        regions = np.flatnonzero(part_of_region == part)
        renumber = np.full(len(parents), -1)
        renumber[regions] = np.arange(len(regions))
        parents_here = np.where(parents[regions] >= 0, renumber[np.maximum(parents[regions], 0)], -1)
        parts.append((regions, parents_here))
    return parts


def _search_part(job) -> tuple[np.ndarray, np.ndarray]:
    """The search on one part of the table (its regions' cells): every withheld cell, and what each protects.

    The targets protected are flat indices within the part; -1 where a cell is not secondary.
    """
    (values, need, up, down), (withheld, targets, fixed), parents, two_sided, floor, release = job
    suppressed = withheld.copy()
    protects = np.full(values.shape, -1, dtype=np.int64)
    if targets.any():
        search = _Search(values, parents, suppressed, need, up, down, two_sided, floor, fixed)
        search.run(targets)
        if release:
            _release_totals(values, parents, suppressed, withheld, targets, need, up, down, two_sided, floor, fixed)
        protects = np.where(suppressed & ~withheld, search.protects.reshape(values.shape), -1)
    return suppressed, protects


RELEASE_CELLS = 5000
"""A table of at most this many cells (a gemeente's buurten by two groups, about) has its withheld totals checked by
the exact attack: two LPs per withheld cell, some 2.5 s for 1,000 withheld cells. Decided on the whole table before
it is split, so the parallel search gives the same cells as one process."""
RELEASE_WORK = 6000
"""Withheld cells asked about per gemeente, at most, where its totals are tried one at a time (some 15 s)."""


def _totals(parents, shape) -> np.ndarray:
    """The totals that go last: every group column at ``Totaal``, of a gemeente and of a region with regions below.

    A gemeente here is a region of no parent (a table of one region included).
    """
    parents = np.asarray(parents, dtype=int)
    above = parents < 0
    above[parents[parents >= 0]] = True
    totals = np.zeros(shape, dtype=bool)
    totals[(above,) + (-1,) * (len(shape) - 1)] = True
    return totals


def _total_ranks(parents) -> np.ndarray:
    """How many totals each region's total weighs in the cost, so a gemeente's costs more than all its wijken's.

    1 for a region with regions below (or none above), plus the ranks of such regions below it; 0
    for the others (a buurt).
    """
    parents = np.asarray(parents, dtype=int)
    rank = _totals(parents, (len(parents), 1))[:, 0].astype(int)
    for region in np.flatnonzero(rank).tolist():  # each counts once in every total above it
        up = parents[region]
        while up >= 0:
            rank[up] += 1
            up = parents[up]
    return rank


def _release_totals(values, parents, suppressed, withheld, targets, need, up, down, two_sided, floor, fixed) -> None:
    """Publish again each total of a gemeente or wijk that the search withheld but that protects nothing.

    The search is greedy and proves safety with a sufficient condition, so it can take totals
    that the cells around it did not need. They (every group column at ``Totaal``) are published
    again where the exact attack (``indicators.privacy.attack``, by linear programming) shows
    every withheld cell still as uncertain as it must be: a count at least its base wide, a
    sensitive amount its protection level away on either side. First all of a gemeente's at
    once (one attack); where that is not safe, one at a time, the largest first, as long as
    ``RELEASE_WORK`` allows (per gemeente). The caller runs it only for a table of at most
    ``RELEASE_CELLS`` cells (a table of the whole country would take hours).
    """
    candidates = np.flatnonzero((suppressed & ~withheld & _totals(parents, values.shape)).ravel())
    if not len(candidates):
        return
    candidates = candidates[np.argsort(-np.abs(values.ravel()[candidates]), kind="stable")]
    per_region = int(np.prod(values.shape[1:]))
    roots = roots_of(parents)
    reader = Reader(values, parents, suppressed, values - down, values + up, nonnegative=floor >= 0, empty=fixed)
    wanted = need.ravel() if not two_sided else np.where(targets.ravel(), need.ravel(), 0.0)  # a sum that
    # protects a sensitive amount needs no room of its own

    cell_gemeente = roots[np.arange(values.size) // per_region]
    work = 0  # cells asked about in the gemeente at hand: each gemeente has its own budget, as in a split table

    def safe_in(gemeente) -> bool:
        nonlocal work
        rows = np.flatnonzero(reader.hidden.ravel() & (cell_gemeente == gemeente))
        work += len(rows)
        least, most = reader.ranges(rows)
        return bool(uncertain_enough(least, most, values.ravel()[rows], wanted[rows], two_sided).all())

    for gemeente in np.unique(cell_gemeente[candidates]).tolist():
        work = 0
        mine = candidates[cell_gemeente[candidates] == gemeente].tolist()
        for cell in mine:
            reader.publish(cell)
        if safe_in(gemeente):
            continue
        for cell in mine:
            reader.hide(cell)
        for cell in mine:  # the largest first
            if work > RELEASE_WORK:
                break
            reader.publish(cell)
            if not safe_in(gemeente):
                reader.hide(cell)
    suppressed.ravel()[candidates] = reader.hidden.ravel()[candidates]


class _Search:
    """The greedy hypercube search of the module docstring, batched over independent parts of the table.

    Cells of different regions' families rarely share a hypercube, so each round takes the next
    unprotected cell of every family (the region's parent) and searches all their hypercubes in
    one vectorised pass. Applying a choice made on the state before the round stays valid, since
    more suppression never narrows a hypercube (see the module docstring).
    """

    MAX_REGION_MOVES = 24  # per cell; an aggregate region has one per leaf below it and sibling leaf
    CANDIDATE_REGION_MOVES = 480  # of an aggregate region, before those through a known cell are left out
    PARTNERS = 2  # per axis, besides "up": pairs with the smallest cells in the target's line
    EXPENSIVE = 10  # a choice withholding more than this many rounding bases of persons, some of them in a
    # total above the cell, tries a spread move

    def __init__(self, value, parents, suppressed, need, up, down, two_sided=False, floor=0.0, fixed=None):
        self.shape = value.shape
        self.strides = np.array([int(np.prod(self.shape[i + 1:])) for i in range(len(self.shape))], dtype=np.int64)
        self.value = np.asarray(value, dtype=float).ravel()
        self.suppressed = suppressed.reshape(-1)  # a view: updates reach the caller's array
        self.covered = np.zeros(self.value.size, dtype=bool)
        self.protects = np.full(self.value.size, -1, dtype=np.int64)  # the target each new cell was withheld for
        self.need = np.asarray(need, dtype=float).ravel()  # how wide each withheld cell's interval must be
        self.two_sided = two_sided
        fixed = np.zeros(self.value.size, bool) if fixed is None else np.asarray(fixed, dtype=bool).ravel()
        self.up = np.where(fixed, 0.0, np.asarray(up, dtype=float).ravel())  # room of a published cell: how far up
        self.down = np.where(fixed, 0.0, np.asarray(down, dtype=float).ravel())  # and down it may move
        self.fixed = fixed
        self.rise = np.where(fixed, 0.0, np.inf)  # how far a withheld cell may move up (a known one: not at all)
        self.drop = np.where(fixed, 0.0, self.value - floor)  # and down: to the floor
        # what withholding a cell costs: its persons, or its amount; and a total of a gemeente or wijk (every group
        # column at Totaal; ``_totals``) more than everything else together, a gemeente's more than all its wijken's:
        # it goes only where nothing else protects
        self.weight = np.abs(self.value)
        rank = np.repeat(_total_ranks(parents), int(np.prod(self.shape[1:])))
        total = _totals(parents, self.shape).ravel()
        self.total_cost = 2 * self.weight.sum() + 1  # a choice dearer than this withholds a total
        self.weight = np.where(total, self.weight + self.total_cost * rank, self.weight)
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
        self._sibling_lists: dict[int, list[int]] = {}
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

    def _width(self, plus, minus):
        """How wide a withheld corner's interval is when the move reaches ``plus`` up and ``minus`` down.

        A count needs the whole interval (its width, ``plus + minus``); a sensitive amount needs
        room on either side of its true value (``two_sided``: the smaller of the two).
        """
        return np.minimum(plus, minus) if self.two_sided else plus + minus

    def _protect_batch(self, targets: np.ndarray) -> None:
        """Choose and apply the best hypercube for each target cell (one per family)."""
        corners, signs, owner = self._hypercubes(targets)
        valid = corners >= 0
        index = np.where(valid, corners, 0)
        hidden = self.suppressed[index] & valid
        value = np.where(valid, self.weight[index], 0.0)
        positive = signs > 0
        inf = math.inf
        rise = np.where(valid, self.rise[index], inf)  # a padding corner never limits a move
        drop = np.where(valid, self.drop[index], inf)
        room_up = np.where(valid, self.up[index], inf)
        room_down = np.where(valid, self.down[index], inf)
        # capacities in the move (+) and its reverse (-), with the cells as they are ...
        plus = np.where(hidden, np.where(positive, rise, drop), np.where(positive, room_up, room_down))
        minus = np.where(hidden, np.where(positive, drop, rise), np.where(positive, room_down, room_up))
        # ... and as if every published corner were suppressed
        plus_all = np.where(positive, rise, drop)
        minus_all = np.where(positive, drop, rise)
        shown = valid & ~hidden
        n_shown = shown.sum(axis=1)
        n_hidden = hidden.sum(axis=1)
        shown_value = np.where(shown, value, 0.0).sum(axis=1)

        each_plus, each_minus = self._moves_keeping_each(plus, minus, plus_all, minus_all)
        each = np.where(shown, self._width(each_plus, each_minus), -inf)
        kept = each.argmax(axis=1)
        rows = np.arange(len(corners))
        # per option (no new suppression, suppress all but one published corner, suppress them all)
        reach_up = np.stack([plus.min(axis=1), each_plus[rows, kept], plus_all.min(axis=1)])
        reach_down = np.stack([minus.min(axis=1), each_minus[rows, kept], minus_all.min(axis=1)])
        width = self._width(reach_up, reach_down)
        need = self.need[np.ravel_multi_index(targets.T, self.shape)]
        enough = width >= need[owner][None, :] - 1e-9
        cost = np.stack([np.where(enough[0], 0, inf),
                         np.where(enough[1] & (n_shown >= 1), n_shown - 1, inf),
                         np.where(enough[2], n_shown, inf)])
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
        reached = width.ravel()[best]
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
        expensive = np.flatnonzero((price[best] > self.EXPENSIVE * need) & above)
        flats = np.ravel_multi_index(targets[expensive].T, self.shape)
        options = [self._group_options(axis, targets[expensive, axis], flats) for axis in range(1, len(self.shape))]
        spreads = self._spreads(targets[expensive], price[best][expensive], need[expensive], options)
        target_cells = np.ravel_multi_index(targets.T, self.shape)
        for k, new, moved, spread_reach in spreads:
            i = expensive[k]
            hide[i] = False
            touched[i] = -1
            self._withhold(new, np.full(len(new), target_cells[i]))
            self._cover(moved, spread_reach)
        self._withhold(touched[hide], target_cells[np.nonzero(hide)[0]])
        reached = np.broadcast_to(reached[:, None], touched.shape)
        self._cover(touched[touched >= 0], reached[touched >= 0])

    def _withhold(self, cells: np.ndarray, targets: np.ndarray) -> None:
        """Withhold ``cells``, each for the target beside it (the first target a cell is withheld for is kept)."""
        new = ~self.suppressed[cells]
        self.protects[cells[new]] = targets[new]
        self.suppressed[cells] = True

    def _cover(self, cells: np.ndarray, reached) -> None:
        """Mark the withheld ``cells`` protected whose interval, ``reached`` wide, is as wide as they need."""
        done = self.suppressed[cells] & (self.need[cells] <= reached + 1e-9)
        self.covered[cells[done]] = True

    def _spreads(self, cells: np.ndarray, budgets: np.ndarray, needs: np.ndarray, groups: list) -> list:
        """Spread moves for many cells (``_spreads_at``), turning at the lowest level that has one.

        A move that turns higher moves whole wijken and costs more; it is tried only for the cells
        without one lower down. Last, for an amount's cells still without one whose choice withholds
        a total of a gemeente or wijk, the same with the leaves withheld too: a published mean moves only
        within its rounding, so leaves that keep their status carry almost nothing of an income's
        protection level, and a whole sibling wijk withheld costs less than the gemeente's total.
        """
        found, left = [], np.arange(len(cells))
        for withhold_leaves in (False, True):
            if withhold_leaves:  # an amount's only (a count's leaves carry their rounding), to keep a total
                left = left[budgets[left] >= self.total_cost] if self.two_sided else left[:0]
            for level in range(self.width):
                if not len(left):
                    break
                spreads = self._spreads_at(level, cells[left], budgets[left], needs[left],
                                           [(nodes[left], signs[left]) for nodes, signs in groups], withhold_leaves)
                found += [(int(left[k]), *rest) for k, *rest in spreads]
                left = np.setdiff1d(left, [left[k] for k, *_ in spreads])
        return found

    def _spreads_at(self, level: int, cells: np.ndarray, budgets: np.ndarray, needs: np.ndarray,
                    groups: list, withhold_leaves: bool = False) -> list:
        """Cheaper protections by moves spread over every leaf of two sibling regions, for many cells at once.

        For each cell: the region axis moves up on the cell's region (or on an ancestor with
        siblings, the anchor: here the ``level``-th of those on its path) and down on a sibling
        of the anchor; an aggregate side spreads its change over its leaves in proportion to what
        each can carry, so their capacities add up (as the rounding intervals of many published
        cells do in the attacker's LP). Up and down are separate moves, each spread in its own
        proportions. Where one sibling cannot take the move, several can together (the cheapest
        first), their capacities adding up. The cells moved in full (the regions from the cell up to
        the anchor, the siblings, across the group corners) are withheld where needed and count as
        protected; the leaves keep their status, unless ``withhold_leaves``: then they carry the move
        as withheld cells, and are withheld (at their price). ``groups`` holds per group axis the
        options of every cell (nodes and signs, (cells, options, 2)).

        Returns (index of the cell, cells to withhold, cells moved in full, the width their
        intervals reach) for each cell with a spread move cheaper than its budget, the cheapest
        (ties: the fewest siblings, then the first combination).
        """
        strides = self.strides[0]
        n = len(cells)
        if not n:
            return []
        # every combination of the group moves at once: offsets and signs of the group corners, (cells, combos, corners)
        offsets, group_signs = np.zeros((n, 1, 1), dtype=np.int64), np.ones((n, 1, 1), dtype=np.int64)
        for axis, (nodes, signs) in enumerate(groups, start=1):
            offsets = offsets[:, :, None, :, None] + (nodes * self.strides[axis])[:, None, :, None, :]
            group_signs = group_signs[:, :, None, :, None] * signs[:, None, :, None, :]
            offsets = offsets.reshape(n, offsets.shape[1] * offsets.shape[2], -1)
            group_signs = group_signs.reshape(offsets.shape)
        # (cell, anchor) pairs: the regions moved up in full, the leaves under the cell's region, the siblings
        pair_cell, paths, plus_leaves, plus_of = [], [], [], []
        siblings, sibling_of, leaves, leaf_of = [], [], [], []
        for k, region in enumerate(cells[:, 0].tolist()):
            path = self._path(region)
            below = self._leaves_under(region) if self.children[region] else []
            anchors = [node for node in path if self._siblings(node)]
            for anchor in anchors[level: level + 1]:
                pair = len(pair_cell)
                pair_cell.append(k)
                paths.append(path[: path.index(anchor) + 1])
                plus_leaves.extend(below)
                plus_of.extend([pair] * len(below))
                for sibling in self._siblings(anchor):
                    row = len(siblings)
                    siblings.append(sibling)
                    sibling_of.append(pair)
                    under = self._leaves_under(sibling) if self.children[sibling] else []
                    leaves.extend(under)
                    leaf_of.extend([row] * len(under))
        if not pair_cell:
            return []
        pair_cell = np.array(pair_cell)
        plus_leaves, plus_of = np.array(plus_leaves, dtype=np.int64), np.array(plus_of, dtype=np.int64)
        leaves, leaf_of = np.array(leaves, dtype=np.int64), np.array(leaf_of, dtype=np.int64)
        full = np.full((len(paths), max(len(p) for p in paths)), -1, dtype=np.int64)
        for pair, path in enumerate(paths):
            full[pair, : len(path)] = path
        # the cell's side, moved in full and all withheld: what each cell may move as a withheld cell limits it
        # (pairs, combos, path, corners)
        plus_cells = full[:, None, :, None] * strides + offsets[pair_cell][:, :, None, :]
        valid = np.broadcast_to((full >= 0)[:, None, :, None], plus_cells.shape)
        plus_cells = np.where(valid, plus_cells, 0)
        falls = np.broadcast_to((group_signs[pair_cell] < 0)[:, :, None, :], plus_cells.shape)
        rise, drop = self.rise[plus_cells], self.drop[plus_cells]
        up = np.where(valid, np.where(falls, drop, rise), np.inf).min(axis=(2, 3))
        down = np.where(valid, np.where(falls, rise, drop), np.inf).min(axis=(2, 3))
        plus_price = np.where(valid & ~self.suppressed[plus_cells], self.weight[plus_cells] + 1, 0).sum(axis=(2, 3))
        if len(plus_leaves):
            cap_up, cap_down, leaf_price = self._leaf_caps(plus_leaves, plus_of, pair_cell,
                                                           offsets, group_signs, len(paths), withhold_leaves)
            up, down = np.minimum(up, cap_up), np.minimum(down, cap_down)
            plus_price = plus_price + leaf_price
        # each sibling, moved down in full (its cells withheld), its leaves carrying the move in proportion
        siblings, sibling_of = np.array(siblings, dtype=np.int64), np.array(sibling_of)
        row_cell = pair_cell[sibling_of]
        sibling_cells = siblings[:, None, None] * strides + offsets[row_cell]  # (rows, combos, corners)
        rises = group_signs[row_cell] < 0  # these cells move up when the sibling moves down
        rise, drop = self.rise[sibling_cells], self.drop[sibling_cells]
        ups = np.where(rises, rise, drop).min(axis=2)
        downs = np.where(rises, drop, rise).min(axis=2)
        prices = plus_price[sibling_of] + np.where(~self.suppressed[sibling_cells], self.weight[sibling_cells] + 1,
                                                   0).sum(axis=2)
        if len(leaves):
            cap_up, cap_down, leaf_price = self._leaf_caps(leaves, leaf_of, row_cell, offsets,
                                                           -group_signs, len(siblings), withhold_leaves)
            ups, downs = np.minimum(ups, cap_up), np.minimum(downs, cap_down)
            prices = prices + leaf_price
        # several siblings may take the move down together, the cheapest first: their capacities add up
        pairs = len(paths)
        start = np.searchsorted(sibling_of, np.arange(pairs))
        position = np.arange(len(siblings)) - start[sibling_of]
        shape = (pairs, int(np.bincount(sibling_of, minlength=pairs).max()), ups.shape[1])
        capacity_up, capacity_down, own = np.zeros(shape), np.zeros(shape), np.full(shape, np.inf)
        capacity_up[sibling_of, position], capacity_down[sibling_of, position] = ups, downs
        # a sibling that can carry nothing (a known cell among its corners) is never taken along
        own[sibling_of, position] = np.where((ups > 0) | (downs > 0), prices - plus_price[sibling_of], np.inf)
        rank = np.argsort(own, axis=1, kind="stable")
        summed = [np.cumsum(np.take_along_axis(a, rank, axis=1), axis=1) for a in (capacity_up, capacity_down, own)]
        width = self._width(np.minimum(up[:, None, :], summed[0]), np.minimum(down[:, None, :], summed[1]))
        price = plus_price[:, None, :] + summed[2]
        cheap = (width >= needs[pair_cell][:, None, None] - 1e-9) & (price < budgets[pair_cell][:, None, None])
        # ... or one sibling alone, where a dearer one can take it all
        alone = self._width(np.minimum(up[sibling_of], ups), np.minimum(down[sibling_of], downs))
        cheap_alone = (alone >= needs[row_cell][:, None] - 1e-9) & (prices < budgets[row_cell][:, None])
        together, taken, combo_together = np.nonzero(cheap)
        rows_alone, combo_alone = np.nonzero(cheap_alone)
        if not len(together) and not len(rows_alone):
            return []
        # the candidates: (cell, price, siblings, combination, which), the cheapest for each cell
        cell = np.concatenate([pair_cell[together], row_cell[rows_alone]])
        cost = np.concatenate([price[together, taken, combo_together], prices[rows_alone, combo_alone]])
        count = np.concatenate([taken + 1, np.ones(len(rows_alone), dtype=int)])
        combo = np.concatenate([combo_together, combo_alone])
        order = np.lexsort((combo, count, cost, cell))  # ties: the fewest siblings
        _, first = np.unique(cell[order], return_index=True)
        found = []
        for i in order[first].tolist():
            c = int(combo[i])
            if i < len(together):
                pair, k = int(together[i]), int(taken[i])
                rows, reached = start[pair] + rank[pair, : k + 1, c], float(width[pair, k, c])
            else:
                row = int(rows_alone[i - len(together)])
                pair, rows, reached = int(sibling_of[row]), np.array([row]), float(alone[row, c])
            moved = np.concatenate([plus_cells[pair, c][valid[pair, c]], sibling_cells[rows, c].ravel()])
            withheld = moved
            if withhold_leaves:  # the leaves under the cell's region and under the siblings taken, all corners
                under = np.concatenate([plus_leaves[plus_of == pair], leaves[np.isin(leaf_of, rows)]])
                withheld = np.concatenate([moved, (under[:, None] * strides + offsets[pair_cell[pair], c]).ravel()])
            found.append((int(pair_cell[pair]), withheld[~self.suppressed[withheld] & ~self.fixed[withheld]], moved,
                          reached))
        return found

    def _leaf_caps(self, leaves, owner, owner_cell, offsets, signs, owners: int, withhold: bool = False):
        """How far the leaves of each owner (a pair's region, or a sibling) carry a move together, up and down.

        Each leaf carries the move across the group corners as far as its tightest corner allows;
        the leaves of one owner add up. Owners without leaves are not limited (inf). ``withhold``:
        as if every leaf corner were withheld, and what withholding those not yet withheld costs.
        Returns (up, down, price), each (owners, combos).
        """
        cell = owner_cell[owner]
        cells = leaves[:, None, None] * self.strides[0] + offsets[cell]  # (leaves, combos, corners)
        cap_up, cap_down = self._caps(cells, signs[cell], as_withheld=withhold)
        up = np.full((owners, cells.shape[1]), np.inf)
        down = np.full((owners, cells.shape[1]), np.inf)
        price = np.zeros((owners, cells.shape[1]))
        has, starts = np.unique(owner, return_index=True)  # the leaves come grouped by owner, in order
        up[has] = np.add.reduceat(cap_up.min(axis=2), starts, axis=0)
        down[has] = np.add.reduceat(cap_down.min(axis=2), starts, axis=0)
        if withhold:
            price[has] = np.add.reduceat(np.where(self.suppressed[cells], 0.0, self.weight[cells] + 1).sum(axis=2),
                                         starts, axis=0)
        return up, down, price

    def _caps(self, cells: np.ndarray, signs: np.ndarray, as_withheld: bool = False):
        """Capacities up and down of cells moving with ``signs`` (withheld: to the floor or unbounded; shown: room)."""
        hidden = self.suppressed[cells] | as_withheld
        rise, drop = self.rise[cells], self.drop[cells]
        positive = signs > 0
        up = np.where(hidden, np.where(positive, rise, drop), np.where(positive, self.up[cells], self.down[cells]))
        down = np.where(hidden, np.where(positive, drop, rise), np.where(positive, self.down[cells], self.up[cells]))
        return up, down

    @staticmethod
    def _moves_keeping_each(plus, minus, plus_all, minus_all):
        """How far each hypercube moves up and down if corner j stays published and all other corners are withheld."""
        out = []
        for caps_all, caps in ((plus_all, plus), (minus_all, minus)):
            if caps_all.shape[1] > 1:
                two = np.partition(caps_all, 1, axis=1)[:, :2]
            else:
                two = np.concatenate([caps_all, np.full_like(caps_all, np.inf)], axis=1)
            first = caps_all.argmin(axis=1)
            others = np.where(np.arange(caps_all.shape[1])[None, :] == first[:, None], two[:, 1:2], two[:, 0:1])
            out.append(np.minimum(others, caps))
        return out[0], out[1]

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
            few = [self._useful_region_moves(int(regions[i]), int(flat[i] - regions[i] * self.strides[0]))
                   for i in others]
            nodes = np.concatenate([nodes, *(n for n, _ in few)])
            signs = np.concatenate([signs, *(g for _, g in few)])
            owner = np.concatenate([owner, np.repeat(others, [len(n) for n, _ in few])])
        pair = (signs < 0).any(axis=1)
        partner = np.where(pair, nodes[np.arange(len(nodes)), np.argmin(signs, axis=1)], targets[owner, 0])
        key = np.where(pair, self._partner_key(flat[owner] + (partner - targets[owner, 0]) * self.strides[0],
                                               flat[owner]), -np.inf)
        order = np.lexsort((key, owner))
        first = np.searchsorted(owner[order], owner[order])
        rank = np.arange(len(order)) - first
        limit = np.bincount(owner, weights=(~pair).astype(float), minlength=len(targets)).astype(int) + self.PARTNERS
        keep = np.sort(order[rank < limit[owner[order]]])
        return nodes[keep], signs[keep], owner[keep]

    def _partner_key(self, cells: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """How good a partner each cell is for its target, the best lowest: withheld already (free), else small.

        A partner moves against the target, so one too small to carry the move (below half the
        target's need for a count, the whole need for an amount) comes after every other, and a cell
        known exactly (a published 0) never helps.
        """
        need = self.need[targets]
        small = np.abs(self.value[cells]) < (need if self.two_sided else need / 2)
        key = np.where(self.suppressed[cells], 0.0, self.weight[cells])
        return np.where(self.fixed[cells], np.inf, np.where(small, 1e200 + key, key))

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
        key = self._partner_key(flat[:, None] + (other - index) * self.strides[axis], flat[:, None])
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

    def _useful_region_moves(self, region: int, offset: int) -> tuple[np.ndarray, np.ndarray]:
        """The first ``MAX_REGION_MOVES`` moves of ``region`` that can carry its cell at ``offset`` (the group part).

        A move through a region whose cell there is known exactly (a published 0) carries nothing.
        """
        nodes, signs = self._few_region_moves(region)
        corners = np.where(nodes >= 0, nodes * self.strides[0] + offset, 0)
        useful = ~((nodes >= 0) & self.fixed[corners]).any(axis=1)
        return nodes[useful][: self.MAX_REGION_MOVES], signs[useful][: self.MAX_REGION_MOVES]

    def _region_options(self, region: int) -> list[tuple[list[int], list[int]]]:
        """Region moves through ``region``: up from each leaf below it, or a pair across a sibling.

        At most ``CANDIDATE_REGION_MOVES``: the "up" moves first, then the pairs.
        """
        return list(islice(self._region_moves(region), self.CANDIDATE_REGION_MOVES))

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
        if region not in self._sibling_lists:
            parent = self.parents[region]
            self._sibling_lists[region] = [] if parent < 0 else [c for c in self.children[parent] if c != region]
        return self._sibling_lists[region]

    def _path(self, region: int) -> list[int]:
        if region not in self._paths:
            parent = int(self.parents[region])
            self._paths[region] = [region] + (self._path(parent) if parent >= 0 else [])
        return self._paths[region]
