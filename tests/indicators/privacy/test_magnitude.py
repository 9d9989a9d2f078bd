"""Amounts as magnitude tables on their own: the rules' sensitive cells stay uncertain by their protection level.

The attack is the test's own: scipy's HiGHS over the table's relations (``relations`` of
test_aggregate), every published mean known to within its rounding times the exact number of
contributors, a withheld sum bounded only by 0 (or not at all where amounts can be negative).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from indicators.privacy.magnitude import known_sums, protect_magnitude, sensitive_cells
from tests.indicators.microdata.test_aggregate import relations


def _table(seed: int, negative: bool):
    """One gemeente over 4 wijken x 3 groups (Totaal last, gemeente first), a few persons of millions."""
    rng = np.random.default_rng(seed)
    leaves = [[rng.integers(20_000, 60_000, size=int(rng.integers(0, 25))).astype(float) for _ in range(3)]
              for _ in range(4)]
    leaves[0][0] = np.array([])  # a cell of nobody
    for _ in range(2):
        cell = leaves[int(rng.integers(1, 4))][int(rng.integers(0, 3))]
        if len(cell):
            cell[0] = float(rng.integers(2_000_000, 9_000_000))
    if negative:
        for row in leaves:
            for cell in row:
                cell[: len(cell) // 4] *= -1  # losses
    rows = [[*row, np.concatenate(row)] for row in leaves]
    rows = [[np.concatenate([row[g] for row in rows]) for g in range(4)]] + rows
    stats = {name: np.array([[f(cell) for cell in row] for row in rows]) for name, f in {
        "n": len, "sum": np.sum, "abs": lambda c: np.abs(c).sum(),
        "first": lambda c: np.sort(np.abs(c))[::-1][0] if len(c) else 0.0,
        "second": lambda c: np.sort(np.abs(c))[::-1][1] if len(c) > 1 else 0.0}.items()}
    return stats, np.array([-1, 0, 0, 0, 0])


def _attack(sums, parents, hidden, low, high, floor, cells):
    """Least and most of each cell's sum for a reader who knows the relations and the published means."""
    matrix = relations(sums.shape, parents)
    bounds = [(floor, None) if h else (a, b) for h, a, b in zip(hidden.ravel(), low.ravel(), high.ravel())]
    out = []
    for cell in cells:
        objective = np.zeros(sums.size)
        objective[cell] = 1
        least = linprog(objective, A_eq=matrix, b_eq=np.zeros(matrix.shape[0]), bounds=bounds, method="highs")
        most = linprog(-objective, A_eq=matrix, b_eq=np.zeros(matrix.shape[0]), bounds=bounds, method="highs")
        assert least.status in (0, 3) and most.status in (0, 3)
        out.append((-np.inf if least.status == 3 else least.fun, np.inf if most.status == 3 else -most.fun))
    return out


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("negative", [False, True])
def test_no_sensitive_sum_comes_closer_than_its_protection_level(seed, negative):
    stats, parents = _table(seed, negative)
    n, sums = stats["n"], stats["sum"]
    sensitivity = sensitive_cells(n, stats["abs"], stats["first"], stats["second"], 10)
    with np.errstate(divide="ignore", invalid="ignore"):
        low, high = known_sums(n, mean=np.round(sums / n, 1))
    empty = n == 0
    secondary = protect_magnitude(sums, parents, sensitivity.cells, sensitivity.protection, low, high,
                                  nonnegative=not negative, empty=empty).cells
    hidden = sensitivity.cells | secondary
    assert not (hidden & empty).any()  # its count 0 tells its sum: withholding it would protect nothing
    low, high = np.where(empty, 0.0, low), np.where(empty, 0.0, high)
    cells = np.flatnonzero(sensitivity.cells)
    ranges = _attack(sums, parents, hidden, low, high, None if negative else 0.0, cells)
    for cell, (least, most) in zip(cells, ranges):
        level = sensitivity.protection.ravel()[cell]
        assert least <= sums.ravel()[cell] - level + 1e-3 and most >= sums.ravel()[cell] + level - 1e-3, cell


def test_the_attack_is_real_the_sensitive_cells_alone_come_back():
    """Without the secondary suppression a sensitive sum is narrowed: what the test above would catch."""
    narrowed = 0
    for seed in range(8):
        stats, parents = _table(seed, False)
        n, sums = stats["n"], stats["sum"]
        sensitivity = sensitive_cells(n, stats["abs"], stats["first"], stats["second"], 10)
        with np.errstate(divide="ignore", invalid="ignore"):
            low, high = known_sums(n, mean=np.round(sums / n, 1))
        low, high = np.where(n == 0, 0.0, low), np.where(n == 0, 0.0, high)
        cells = np.flatnonzero(sensitivity.cells)
        for cell, (least, most) in zip(cells, _attack(sums, parents, sensitivity.cells, low, high, 0.0, cells)):
            level = sensitivity.protection.ravel()[cell]
            narrowed += least > sums.ravel()[cell] - level + 1e-3 or most < sums.ravel()[cell] + level - 1e-3
    assert narrowed > 0
