"""The business disclosure rule: few businesses, one dominant business, unknown counts; sectors combined safely."""

import numpy as np
import pytest

from indicators.privacy.business import DOMINANT, FEW, UNKNOWN, BusinessRule, allowed, check_cells, merge_plan


def test_cells_with_few_businesses_a_dominant_one_or_an_unknown_count_are_withheld():
    values = [100.0, 100.0, 100.0, 100.0]
    businesses = [2, 5, np.nan, 5]
    largest = [10.0, 60.0, 10.0, 50.0]
    assert check_cells(values, businesses, largest).tolist() == [FEW, DOMINANT, UNKNOWN, ""]
    assert allowed(values, businesses).tolist() == [False, True, False, True]  # no largest: dominance unchecked
    assert check_cells(values, businesses, largest, BusinessRule(min_businesses=6))[3] == FEW


def test_a_rule_that_lets_everything_through_is_refused():
    with pytest.raises(ValueError, match="min_businesses"):
        BusinessRule(min_businesses=0)
    with pytest.raises(ValueError, match="dominance"):
        BusinessRule(dominance=1.5)


def test_a_failing_sector_is_combined_with_the_smallest_passing_one_which_is_then_withheld_too():
    groups, withheld = merge_plan({"detailhandel": True, "horeca": True, "logies": False},
                                  {"detailhandel": 900.0, "horeca": 300.0, "logies": 50.0},
                                  lambda group: len(group) >= 2)
    assert groups == [("detailhandel",), ("horeca", "logies")]
    assert withheld == [("logies", "primary"), ("horeca", "secondary")]


def test_failing_sectors_that_pass_together_are_published_together_and_the_rest_alone():
    groups, withheld = merge_plan({"a": False, "b": False, "c": True}, {}, lambda group: set(group) == {"a", "b"})
    assert groups == [("c",), ("a", "b")]
    assert withheld == [("a", "primary"), ("b", "primary")]


def test_when_nothing_passes_even_together_everything_is_withheld():
    groups, withheld = merge_plan({"a": False, "b": True}, {"b": 1.0}, lambda group: False)
    assert groups == []
    assert withheld == [("a", "primary"), ("b", "secondary")]
