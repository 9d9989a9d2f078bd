"""The exact attack on a published table: the least and the most a withheld cell can be, by linear programming.

A reader outside knows every relation of the table (every region is the sum of the regions below
it, every ``Totaal`` the sum of its groups), what is published of each cell (a rounded count to
within half its base, a mean to within its rounding times its contributors), that a cell of
nobody is 0, and that no count or amount is below 0 where none can be. Minimising and maximising a
withheld cell under those constraints (HiGHS, via ``scipy.optimize.linprog``) gives everything the
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
    parents = np.asarray(parents, dtype=int)
    hidden = np.asarray(hidden, dtype=bool).copy()
    roots = roots_of(parents)
    blocks: dict[int, _Block] = {}
    least, most = np.empty(len(cells)), np.empty(len(cells))
    for i, cell in enumerate(cells):
        root = int(roots[np.unravel_index(int(cell), sums.shape)[0]])
        if root not in blocks:
            blocks[root] = _Block(sums, parents, np.flatnonzero(roots == root), hidden, low, high, nonnegative,
                                  empty)
        block = blocks[root]
        least[i], most[i] = block.range_of(block.position[int(cell)])
    return least, most


class _Block:
    """One gemeente's cells: their relations as a sparse matrix, and the attack on one cell by two LPs."""

    def __init__(self, sums, parents, regions, hidden, low, high, nonnegative, empty=None):
        self.shape = sums.shape
        self.regions = regions
        self.hidden = hidden  # a view on the caller's array: what is withheld here is withheld there
        rest = self.shape[1:]
        self.index = {region: i for i, region in enumerate(regions)}
        self.cells = np.array([(region, *g) for region in regions for g in np.ndindex(*rest)], dtype=int)
        self.flat = np.ravel_multi_index(tuple(self.cells.T), self.shape) if len(self.cells) else np.array([], int)
        self.position = {int(f): i for i, f in enumerate(self.flat)}
        self.sums = sums.ravel()[self.flat]
        self.low, self.high = low.ravel()[self.flat], high.ravel()[self.flat]
        # a cell of nobody has the sum 0, withheld or not: the reader sees its count of 0
        self.empty = np.zeros(len(self.flat), bool) if empty is None else np.asarray(empty).ravel()[self.flat]
        self.floor = 0.0 if nonnegative else -np.inf
        self.lines = self._lines(parents)
        self.matrix = self._matrix()

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
        """The least and the most the cell's sum can be, for a reader who knows what is published."""
        from scipy.optimize import linprog

        hidden = self.hidden.ravel()[self.flat]
        unknown = hidden & ~self.empty
        bounds = list(zip(np.where(unknown, self.floor, np.where(self.empty, 0.0, self.low)),
                          np.where(unknown, np.inf, np.where(self.empty, 0.0, self.high))))
        bounds = [(None if np.isinf(a) else a, None if np.isinf(b) else b) for a, b in bounds]
        objective = np.zeros(len(self.flat))
        objective[cell] = 1.0
        equal = {} if self.matrix is None else {"A_eq": self.matrix, "b_eq": np.zeros(self.matrix.shape[0])}
        least = linprog(objective, bounds=bounds, method="highs", **equal)
        most = linprog(-objective, bounds=bounds, method="highs", **equal)
        if least.status != 0:  # cannot happen for true sums within their bounds; fail closed
            return -np.inf, np.inf
        return float(least.fun), (np.inf if most.status == 3 else float(-most.fun))
