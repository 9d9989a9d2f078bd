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


def uncertain_enough(least, most, truth, need, two_sided: bool = False) -> np.ndarray:
    """Whether each withheld cell stays as uncertain as it must: the one safety rule of every attack.

    A count: its interval (``most - least``) at least ``need`` wide (its rounding base). A sensitive
    amount (``two_sided``): ``need`` (its protection level) away from the true sum on either side.
    No answer (NaN) is not safe. The slack (1e-6 plus 1e-7 of the sum) is the solver's, never more.
    """
    least, most, truth, need = (np.asarray(a, dtype=float) for a in (least, most, truth, need))
    slack = 1e-6 + 1e-7 * np.abs(truth)
    with np.errstate(invalid="ignore"):
        if two_sided:
            return (least <= truth - need + slack) & (most >= truth + need - slack)
        return most - least >= need - slack


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
        self.hidden = hidden  # read once, when the LP is built (``_model``)
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
        self._lp = None  # the LP, built at the first question (``_model``)

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
        """The least and the most the cell (a position in the block) can be, for a reader who knows what is shown."""
        return self._model().range_of(cell)

    def bound(self, cell: int, lower: float, upper: float) -> None:
        """Set what the reader knows of a cell (a flat index into the table) in the LP."""
        self._model().bound(self.position[int(cell)], lower, upper)

    def known(self, cell: int, hidden: bool) -> tuple[float, float]:
        """What the reader knows of a cell (a flat index): a withheld one only its floor, a cell of nobody 0."""
        position = self.position[int(cell)]
        if self.empty[position]:
            return 0.0, 0.0
        return (self.floor, np.inf) if hidden else (float(self.low[position]), float(self.high[position]))

    def _model(self) -> "_Model":
        """The block's LP: the relations as equations, each cell between what the reader knows of it."""
        if self._lp is None:
            hidden = self.hidden.ravel()[self.flat]
            unknown = hidden & ~self.empty
            lower = np.where(unknown, self.floor, np.where(self.empty, 0.0, self.low))
            upper = np.where(unknown, np.inf, np.where(self.empty, 0.0, self.high))
            self._lp = _Model(self.matrix, lower, upper)
        return self._lp


def extremes(matrix, lower, upper, cells) -> tuple[np.ndarray, np.ndarray]:
    """The least and the most each of ``cells`` (columns) can be: the LP of every attack in the project.

    The reader knows ``matrix @ x == 0`` (every relation; ``matrix`` a scipy sparse matrix, or None
    for none) and ``lower <= x <= upper``. (-inf, inf) for every cell where the bounds and
    relations cannot hold together (published figures that contradict each other tell nothing);
    NaN where HiGHS gives no answer, which a caller must read as "not shown safe"
    (``uncertain_enough``).
    """
    model = _Model(matrix, np.asarray(lower, dtype=float), np.asarray(upper, dtype=float))
    ends = [model.range_of(int(cell)) for cell in cells]
    return np.array([e[0] for e in ends], dtype=float), np.array([e[1] for e in ends], dtype=float)


class _Model:
    """One LP in HiGHS (``highspy``), asked about one variable at a time.

    Built once; each question changes only the objective, so the last basis stays feasible and
    the primal simplex starts from it: many times faster than a fresh ``linprog`` per cell.
    """

    def __init__(self, matrix, lower: np.ndarray, upper: np.ndarray):
        import highspy

        infinity = highspy.kHighsInf
        model = highspy.HighsLp()
        model.num_col_ = len(lower)
        model.col_cost_ = np.zeros(len(lower))
        model.col_lower_ = np.where(np.isinf(lower), -infinity, lower)
        model.col_upper_ = np.where(np.isinf(upper), infinity, upper)
        if matrix is not None and matrix.shape[0]:
            columns = matrix.tocsc()
            model.num_row_ = matrix.shape[0]
            model.row_lower_ = np.zeros(matrix.shape[0])
            model.row_upper_ = np.zeros(matrix.shape[0])
            model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            model.a_matrix_.start_ = columns.indptr
            model.a_matrix_.index_ = columns.indices
            model.a_matrix_.value_ = columns.data
        self.solver = _quiet(highspy.Highs)
        self.solver.setOptionValue("output_flag", False)
        self.solver.setOptionValue("simplex_strategy", 4)  # primal: only the objective changes between questions
        self.solver.passModel(model)

    def range_of(self, column: int) -> tuple[float, float]:
        """The least and the most of one variable: (-inf, inf) where infeasible, NaN where HiGHS has no answer."""
        import highspy

        status_of = highspy.HighsModelStatus
        self.solver.changeColCost(column, 1.0)
        ends = []
        try:
            for sense, unbounded in ((highspy.ObjSense.kMinimize, -np.inf), (highspy.ObjSense.kMaximize, np.inf)):
                self.solver.changeObjectiveSense(sense)
                self.solver.run()
                status = self.solver.getModelStatus()
                if status == status_of.kOptimal:
                    ends.append(float(self.solver.getInfo().objective_function_value))
                elif status in (status_of.kUnbounded, status_of.kUnboundedOrInfeasible):
                    ends.append(unbounded)
                elif status == status_of.kInfeasible:
                    return -np.inf, np.inf
                else:
                    return np.nan, np.nan
        finally:
            self.solver.changeColCost(column, 0.0)
        return ends[0], ends[1]

    def bound(self, column: int, lower: float, upper: float) -> None:
        """Change what is known of one variable (its bounds); the model and its basis are kept."""
        import highspy

        self.solver.changeColBounds(column, -highspy.kHighsInf if np.isinf(lower) else float(lower),
                                    highspy.kHighsInf if np.isinf(upper) else float(upper))


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
