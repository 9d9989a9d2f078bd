"""The exact attack: what a reader can know of each withheld cell, checked against scipy's own LP.

The reference is the test's own (``tests.indicators.privacy.test_magnitude._attack``: scipy's
``linprog`` over the relations of ``test_aggregate``), fresh for every question; the module under
test keeps one HiGHS model per gemeente and changes it in place.
"""

from __future__ import annotations

import numpy as np
import pytest

from indicators.privacy.attack import Reader, extremes, ranges, roots_of, uncertain_enough
from tests.indicators.privacy.test_magnitude import _attack


def _table(seed: int, nobody: int | None = None):
    """Two gemeenten (wijken of buurten) x 3 groups and a Totaal: rounded counts, a third of the cells withheld.

    ``nobody``: a buurt with no persons at all.
    """
    rng = np.random.default_rng(seed)
    parents = np.array([-1, 0, 0, 1, 1, 2, 2, 2, -1, 8, 8])
    leaves = [3, 4, 5, 6, 7, 9, 10]
    counts = np.zeros((len(parents), 4))
    counts[leaves, :3] = rng.integers(0, 40, size=(len(leaves), 3))
    if nobody is not None:
        counts[nobody] = 0
    for region in (1, 2, 0, 8):  # wijken before their gemeente
        counts[region, :3] = counts[parents == region, :3].sum(axis=0)
    counts[:, 3] = counts[:, :3].sum(axis=1)
    rounded = np.round(counts / 5) * 5
    hidden = rng.random(counts.shape) < 0.35
    return counts, parents, hidden, np.maximum(rounded - 2.5, 0), rounded + 2.5


@pytest.mark.parametrize("seed", range(6))
def test_every_withheld_cell_has_the_range_a_fresh_lp_finds(seed):
    counts, parents, hidden, low, high = _table(seed)
    cells = np.flatnonzero(hidden)
    least, most = ranges(counts, parents, hidden, low, high, cells)
    expected = _attack(counts, parents, hidden, low, high, 0.0, cells)
    assert np.allclose(least, [e[0] for e in expected], atol=1e-6)
    assert np.allclose(most, [e[1] for e in expected], atol=1e-6)
    assert (least <= counts.ravel()[cells] + 1e-6).all() and (most >= counts.ravel()[cells] - 1e-6).all()


@pytest.mark.parametrize("seed", range(6))
def test_a_cell_shown_and_hidden_again_answers_as_a_fresh_lp(seed):
    """The search's last step shows a withheld total and takes it back: the reader's answers follow."""
    counts, parents, hidden, low, high = _table(seed)
    hidden[0, 3] = hidden[8, 3] = True  # both gemeente totals withheld
    reader = Reader(counts, parents, hidden, low, high)
    cells = np.flatnonzero(hidden)
    reader.ranges(cells)  # the models are built with both totals withheld
    reader.publish(int(np.ravel_multi_index((0, 3), counts.shape)))
    shown = hidden.copy()
    shown[0, 3] = False
    rest = np.flatnonzero(shown)
    least, most = reader.ranges(rest)
    expected = _attack(counts, parents, shown, low, high, 0.0, rest)
    assert np.allclose(least, [e[0] for e in expected], atol=1e-6)
    assert np.allclose(most, [e[1] for e in expected], atol=1e-6)
    assert reader.known(int(np.ravel_multi_index((0, 3), counts.shape))) == (low[0, 3], high[0, 3])
    reader.hide(int(np.ravel_multi_index((0, 3), counts.shape)))
    least, most = reader.ranges(cells)
    expected = _attack(counts, parents, hidden, low, high, 0.0, cells)
    assert np.allclose(most - least, [e[1] - e[0] for e in expected], atol=1e-6)


def test_a_cell_of_nobody_is_known_to_be_0_even_withheld():
    counts, parents, hidden, low, high = _table(0, nobody=3)
    hidden[3, :] = True
    least, most = ranges(counts, parents, hidden, low, high, np.flatnonzero(hidden[3]) + 3 * 4, empty=counts == 0)
    assert (least == 0).all() and (most == 0).all()


def test_each_region_has_its_gemeente_as_root():
    assert roots_of([-1, 0, 0, 1, -1, 4]).tolist() == [0, 0, 0, 0, 4, 4]


def test_the_general_lp_answers_as_scipy_and_marks_contradictions_wide():
    """``extremes`` is the LP the audit asks too: cells as columns, relations as rows."""
    import scipy.sparse as sparse
    from scipy.optimize import linprog

    matrix = sparse.csr_matrix(np.array([[1.0, -1.0, -1.0, 0.0], [0.0, 0.0, 1.0, -1.0]]))  # a = b + c, c = d
    lower, upper = np.array([20.0, 0.0, 0.0, 5.0]), np.array([22.0, np.inf, np.inf, 9.0])
    least, most = extremes(matrix, lower, upper, [1, 2])
    for i, cell in enumerate([1, 2]):
        objective = np.eye(4)[cell]
        bounds = list(zip(lower, [None if np.isinf(u) else u for u in upper]))
        low = linprog(objective, A_eq=matrix, b_eq=[0, 0], bounds=bounds, method="highs").fun
        high = -linprog(-objective, A_eq=matrix, b_eq=[0, 0], bounds=bounds, method="highs").fun
        assert (least[i], most[i]) == pytest.approx((low, high))
    wrong = extremes(matrix, np.array([20.0, 30.0, 0.0, 0.0]), np.array([22.0, 31.0, 9.0, 9.0]), [2])
    assert wrong == (-np.inf, np.inf)  # b alone is more than a: the figures tell nothing


def test_no_answer_is_never_safe():
    assert uncertain_enough([0.0, 0.0, np.nan], [5.0, 4.9, np.nan], [2.0] * 3, [5.0] * 3).tolist() == [True, False,
                                                                                                       False]
    two = uncertain_enough([90.0, 95.0, np.nan], [110.0, 110.0, 120.0], [100.0] * 3, [10.0] * 3, two_sided=True)
    assert two.tolist() == [True, False, False]
