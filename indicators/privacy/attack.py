"""The exact attack on a published table: the least and the most a withheld cell can be, by linear programming.

A reader outside knows every relation of the table (every region is the sum of the regions below
it, every ``Totaal`` the sum of its groups), what is published of each cell (a rounded count to
within half its base, a mean to within its rounding times its contributors), that a cell of
nobody is 0, and that no count or amount is below 0 where none can be. Minimising and maximising a
withheld cell under those constraints (HiGHS, via ``highspy``) gives everything the
reader can know of it. No relation crosses a gemeente, so each gemeente is its own problem.

Used by the output checker's audit (``indicators.microdata.audit``) and by the search's last step,
which publishes a withheld total again where the attack shows it protects nothing
(``indicators.privacy.crosstab``).
"""

from __future__ import annotations

import numpy as np


def roots_of(parents) -> np.ndarray:
    """The top region above every region (its gemeente): no relation of the table crosses one."""
    parents = np.asarray(parents, dtype=int)
    roots = np.arange(len(parents))
    for _ in range(len(parents)):
        above = parents[roots]
        if (above < 0).all():
            break
        roots = np.where(above >= 0, above, roots)
    return roots


def ranges(sums: np.ndarray, parents, hidden: np.ndarray, low: np.ndarray, high: np.ndarray, cells,
           nonnegative: bool = True, empty: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The least and the most each of ``cells`` (flat indices into ``sums``) can be, for the attacker.

    ``hidden`` marks the cells withheld; ``low`` and ``high`` what a reader knows of the others
    (a rounded count, a mean times its contributors), ``empty`` the cells of nobody (known to be
    0), and ``nonnegative`` that no withheld cell is below 0.
    """
    return Reader(sums, parents, hidden, low, high, nonnegative, empty).ranges(cells)


class Reader:
    """The attacker of one table, who can be shown one more cell: for trying what publishing it gives away.

    Holds one LP per gemeente (``_Block``), built at its first question: ``ranges`` answers as
    ``ranges`` above, ``publish`` shows a withheld cell within its ``low`` and ``high`` (only its
    bounds change, so the LP and its last basis are kept), ``hide`` takes it back.
    """

    def __init__(self, sums, parents, hidden, low, high, nonnegative: bool = True, empty=None):
        self.sums = np.asarray(sums, dtype=float)
        self.parents = np.asarray(parents, dtype=int)
        self.hidden = np.asarray(hidden, dtype=bool).copy()
        self.low, self.high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
        self.nonnegative, self.empty = nonnegative, empty
        self.roots = roots_of(self.parents)
        self.blocks: dict[int, _Block] = {}

    def ranges(self, cells) -> tuple[np.ndarray, np.ndarray]:
        """The least and the most each of ``cells`` (flat indices) can be, given what is shown now."""
        cells = np.asarray(cells, dtype=int)
        least, most = np.empty(len(cells)), np.empty(len(cells))
        for i, cell in enumerate(cells.tolist()):
            block = self._block(cell)
            least[i], most[i] = block.range_of(block.position[cell])
        return least, most

    def publish(self, cell: int) -> None:
        """Show a withheld cell: the reader now knows it lies within its ``low`` and ``high``."""
        self.hidden.ravel()[cell] = False
        self._block(cell).bound(cell, *self._block(cell).known(cell, hidden=False))

    def hide(self, cell: int) -> None:
        """Withhold the cell again: the reader knows only that it is not below the floor."""
        self.hidden.ravel()[cell] = True
        self._block(cell).bound(cell, *self._block(cell).known(cell, hidden=True))

    def known(self, cell: int) -> tuple[float, float]:
        """What the reader knows of the cell now: its shown range, or only its floor where withheld."""
        return self._block(cell).known(cell, hidden=bool(self.hidden.ravel()[cell]))

    def _block(self, cell: int) -> "_Block":
        root = int(self.roots[np.unravel_index(int(cell), self.sums.shape)[0]])
        if root not in self.blocks:
            self.blocks[root] = _Block(self.sums, self.parents, np.flatnonzero(self.roots == root), self.hidden,
                                       self.low, self.high, self.nonnegative, self.empty)
        return self.blocks[root]


class _Block:
    """One gemeente's cells: their relations as a sparse matrix, and the attack on one cell by two LPs."""

    def __init__(self, sums, parents, regions, hidden, low, high, nonnegative, empty=None):
        self.shape = sums.shape
        self.regions = regions
        self.hidden = hidden  # read once, when the LP is built (``_solver``)
        rest = self.shape[1:]
        self.cells = np.array([(region, *g) for region in regions for g in np.ndindex(*rest)], dtype=int)
        self.flat = np.ravel_multi_index(tuple(self.cells.T), self.shape) if len(self.cells) else np.array([], int)
        self.position = {int(f): i for i, f in enumerate(self.flat)}
        self.low, self.high = low.ravel()[self.flat], high.ravel()[self.flat]
        # a cell of nobody has the sum 0, withheld or not: the reader sees its count of 0
        self.empty = np.zeros(len(self.flat), bool) if empty is None else np.asarray(empty).ravel()[self.flat]
        self.floor = 0.0 if nonnegative else -np.inf
        self.lines = self._lines(parents)
        self.matrix = self._matrix()
        self._highs = None  # the LP, built at the first question (``_solver``)

    def _lines(self, parents) -> list[list[int]]:
        """Every relation as the list of its cells (positions in the block), the total first."""
        lines = []
        rest = self.shape[1:]
        children = {region: [c for c in self.regions if parents[c] == region] for region in self.regions}
        for region, kids in children.items():
            if not kids:
                continue
            for g in np.ndindex(*rest):
                total = self._at((region, *g))
                lines.append([total, *(self._at((kid, *g)) for kid in kids)])
        for axis in range(1, len(self.shape)):
            for region in self.regions:
                for g in np.ndindex(*rest):
                    if g[axis - 1] != rest[axis - 1] - 1:
                        continue
                    members = []
                    for j in range(rest[axis - 1]):
                        other = list(g)
                        other[axis - 1] = j
                        members.append(self._at((region, *other)))
                    lines.append([members[-1], *members[:-1]])
        return lines

    def _at(self, cell) -> int:
        return self.position[int(np.ravel_multi_index(cell, self.shape))]

    def _matrix(self):
        import scipy.sparse as sparse

        if not self.lines:
            return None
        rows = np.repeat(np.arange(len(self.lines)), [len(line) for line in self.lines])
        columns = np.concatenate(self.lines)
        signs = np.concatenate([[1.0] + [-1.0] * (len(line) - 1) for line in self.lines])
        return sparse.csr_matrix((signs, (rows, columns)), shape=(len(self.lines), len(self.flat)))

    def range_of(self, cell: int) -> tuple[float, float]:
        """The least and the most the cell's sum can be, for a reader who knows what is published.

        One HiGHS model per gemeente, built once; each cell changes only the objective, so the
        last basis stays feasible and the primal simplex starts from it (``highspy``: many times
        faster than a fresh ``linprog`` per cell). (-inf, inf) where the published figures cannot
        hold together (cannot happen for true figures); NaN where HiGHS gives no answer, which a
        caller must read as "not shown safe".
        """
        import highspy

        solver = self._solver()
        solver.changeColCost(cell, 1.0)
        ends = []
        try:
            for sense, unbounded in ((highspy.ObjSense.kMinimize, -np.inf), (highspy.ObjSense.kMaximize, np.inf)):
                solver.changeObjectiveSense(sense)
                solver.run()
                status = solver.getModelStatus()
                if status == highspy.HighsModelStatus.kOptimal:
                    ends.append(float(solver.getInfo().objective_function_value))
                elif status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
                    ends.append(unbounded)
                elif status == highspy.HighsModelStatus.kInfeasible:
                    return -np.inf, np.inf
                else:
                    return np.nan, np.nan
        finally:
            solver.changeColCost(cell, 0.0)
        return ends[0], ends[1]

    def bound(self, cell: int, lower: float, upper: float) -> None:
        """Set what the reader knows of a cell (a flat index into the table) in the LP."""
        import highspy

        position = self.position[int(cell)]
        self._solver().changeColBounds(position, -highspy.kHighsInf if np.isinf(lower) else float(lower),
                                       highspy.kHighsInf if np.isinf(upper) else float(upper))

    def known(self, cell: int, hidden: bool) -> tuple[float, float]:
        """What the reader knows of a cell (a flat index): a withheld one only its floor, a cell of nobody 0."""
        position = self.position[int(cell)]
        if self.empty[position]:
            return 0.0, 0.0
        return (self.floor, np.inf) if hidden else (float(self.low[position]), float(self.high[position]))

    def _solver(self):
        """The block's LP in HiGHS: the relations as equations, each cell between what the reader knows of it."""
        if self._highs is None:
            import highspy

            hidden = self.hidden.ravel()[self.flat]
            unknown = hidden & ~self.empty
            lower = np.where(unknown, self.floor, np.where(self.empty, 0.0, self.low))
            upper = np.where(unknown, np.inf, np.where(self.empty, 0.0, self.high))
            infinity = highspy.kHighsInf
            model = highspy.HighsLp()
            model.num_col_ = len(self.flat)
            model.col_cost_ = np.zeros(len(self.flat))
            model.col_lower_ = np.where(np.isinf(lower), -infinity, lower)
            model.col_upper_ = np.where(np.isinf(upper), infinity, upper)
            if self.matrix is not None:
                columns = self.matrix.tocsc()
                model.num_row_ = self.matrix.shape[0]
                model.row_lower_ = np.zeros(self.matrix.shape[0])
                model.row_upper_ = np.zeros(self.matrix.shape[0])
                model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
                model.a_matrix_.start_ = columns.indptr
                model.a_matrix_.index_ = columns.indices
                model.a_matrix_.value_ = columns.data
            solver = _quiet(highspy.Highs)
            solver.setOptionValue("output_flag", False)
            solver.setOptionValue("simplex_strategy", 4)  # primal: only the objective changes between questions
            solver.passModel(model)
            self._highs = solver
        return self._highs


def _quiet(make):
    """``make()`` with the process's standard output closed.

    HiGHS prints its banner there before any option can silence it, and the command line's stdout
    carries its findings.
    """
    import os
    import sys

    sys.stdout.flush()
    saved, sink = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, 1)
        return make()
    finally:
        os.dup2(saved, 1)
        os.close(sink)
        os.close(saved)
