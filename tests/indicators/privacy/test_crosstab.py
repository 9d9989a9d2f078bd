"""Disclosure control of a cross-table on its own: small cells withheld, and none narrowed by the LP attack."""

import numpy as np
import pytest

from indicators.privacy.crosstab import protect_crosstab, suppress_secondary
from tests.indicators.microdata.test_aggregate import assert_safe


def _table(leaves: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A gemeente over its wijken (axis 0: gemeente first), crossed with one group column and its total (last)."""
    with_total = np.concatenate([leaves, leaves.sum(axis=1, keepdims=True)], axis=1)
    counts = np.concatenate([with_total.sum(axis=0, keepdims=True), with_total], axis=0)
    return counts, np.array([-1] + [0] * len(leaves))


def test_one_small_cell_takes_others_with_it_so_no_subtraction_gives_it_back():
    counts, parents = _table(np.array([[40.0, 3.0, 25.0], [30.0, 22.0, 18.0], [55.0, 41.0, 12.0]]))
    result = protect_crosstab(counts, parents, min_count=10, base=5)
    assert result.primary[1, 1] and result.primary.sum() == 1  # the 3
    assert result.secondary.any()  # alone it would be its wijk's total minus the rest (give or take the rounding)
    published = np.where(result.secret, np.nan, result.published)
    assert assert_safe(published, result.secret, parents, base=5) == result.secret.sum()
    assert not result.secret[0, -1]  # the gemeente total is published


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_are_safe_against_the_lp_attack(seed):
    rng = np.random.default_rng(seed)
    counts, parents = _table(rng.integers(0, 40, size=(4, 3)).astype(float))
    result = protect_crosstab(counts, parents, min_count=10, base=5)
    published = np.where(result.secret, np.nan, result.published)
    assert_safe(published, result.secret, parents, base=5)
    assert (result.secret | (result.published % 5 == 0)).all()


@pytest.mark.parametrize("seed", range(6))
def test_a_cell_of_nobody_is_published_as_0_and_never_withheld(seed):
    """Zeros among small cells: a published 0 is exact (any count from 1 up is withheld or rounded up to 5 or
    more), so withholding one would protect nothing, and a move through one carries nothing."""
    rng = np.random.default_rng(seed)
    leaves = rng.integers(0, 14, size=(6, 4)).astype(float) * (rng.random((6, 4)) < 0.6)
    counts, parents = _table(leaves)
    result = protect_crosstab(counts, parents, min_count=10, base=5)
    assert (counts == 0).sum() >= 3 and not (result.secret & (counts == 0)).any()
    assert (result.published[counts == 0] == 0).all()
    published = np.where(result.secret, np.nan, result.published)
    assert_safe(published, result.secret, parents, base=5)


def test_the_parents_must_name_every_region():
    with pytest.raises(ValueError, match="'parents' should have one entry per region"):
        protect_crosstab(np.zeros((3, 2)), [-1, 0], min_count=10, base=5)


def test_gemeenten_searched_on_two_cores_give_the_same_cells_as_on_one():
    """No relation crosses a gemeente: split over processes, whole gemeenten each, nothing changes."""
    rng = np.random.default_rng(4)
    tables = [_table(rng.integers(0, 30, size=(int(rng.integers(2, 6)), 3)).astype(float)) for _ in range(7)]
    counts = np.concatenate([t for t, _ in tables])
    starts = np.cumsum([0] + [len(t) for t, _ in tables[:-1]])
    parents = np.concatenate([np.where(p >= 0, p + start, -1) for (_, p), start in zip(tables, starts)])
    small = (counts > 0) & (counts < 10)
    half = np.full(counts.shape, 2.5)
    one, two = (suppress_secondary(counts, parents, small, small, np.full(counts.shape, 5.0), half, half,
                                   workers=workers) for workers in (1, 2))
    assert small.sum() > 7 and one.cells.any()
    assert np.array_equal(one.cells, two.cells)
    assert np.array_equal(one.protects, two.protects)  # the same cell named, numbered in the whole table
    named = one.protects[one.cells]
    assert (named >= 0).all() and small.ravel()[named].all()  # each for a small cell
    assert (one.protects[~one.cells] == -1).all()
