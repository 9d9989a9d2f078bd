import numpy as np
import pandas as pd
import pytest

from indicators.analysis.classify import SCHEMES, apply_bins, classify, shared_classes

VALUES = pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None, None], dtype="Float64")


@pytest.mark.parametrize("scheme", ["quantiles", "equal_interval", "natural_breaks", "std_mean"])
def test_every_valid_value_gets_exactly_one_class_and_missing_none(scheme):
    result = classify(VALUES, scheme, 4)
    assert result.classes[:10].notna().all()
    assert result.classes[10:].isna().all()
    assert sum(result.counts) == 10
    assert result.bins == sorted(result.bins)
    assert result.bins[-1] == 10
    for value, cls in zip(VALUES[:10], result.classes[:10]):
        low, high = result.intervals()[cls]
        assert low <= value <= high


def test_quantiles_split_evenly_and_equal_intervals_by_width():
    assert classify(VALUES, "quantiles", 5).counts == [2, 2, 2, 2, 2]
    assert classify(VALUES, "equal_interval", 3).bins == pytest.approx([4, 7, 10])


def test_natural_breaks_find_the_gaps():
    values = pd.Series([1, 1.2, 1.1, 10, 10.5, 11, 30, 31, 29.5])
    assert classify(values, "natural_breaks", 3).counts == [3, 3, 3]


def test_natural_breaks_on_many_values_are_deterministic():
    values = pd.Series(np.random.default_rng(1).lognormal(3, 1, 15_000))
    first, second = classify(values, "natural_breaks", 5), classify(values, "natural_breaks", 5)
    assert first.bins == second.bins
    assert sum(first.counts) == 15_000


def test_manual_breaks_close_with_the_maximum():
    result = classify(VALUES, "manual", breaks=[3, 7])
    assert result.bins == [3, 7, 10]
    assert result.counts == [3, 4, 3]


def test_fewer_distinct_values_than_classes_gives_a_class_per_value():
    result = classify(pd.Series([5, 5, 5, 7]), "quantiles", 5)
    assert result.bins == [5, 7]
    assert result.counts == [3, 1]


def test_no_valid_values_gives_no_classes():
    result = classify(pd.Series([None, None], dtype="Float64"))
    assert result.k == 0
    assert result.classes.isna().all()


def test_shared_scheme_uses_both_columns():
    a = pd.Series([1.0, 2, 3, 4])
    b = pd.Series([10.0, 20, 30, 40])
    first, second = shared_classes([a, b], "equal_interval", 4)
    assert first.bins == second.bins
    assert first.counts == [4, 0, 0, 0]
    assert second.counts == [1, 1, 1, 1]


def test_apply_bins_puts_values_above_the_top_in_the_top_class():
    result = apply_bins(pd.Series([0.5, 5, 99]), [1, 10], 0)
    assert result.classes.tolist() == [0, 1, 1]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"scheme": "jenks"}, "'scheme' should be one of quantiles, equal_interval"),
        ({"scheme": "manual"}, "needs breaks"),
        ({"k": 12}, "'k' should be between 2 and 9, got 12"),
    ],
)
def test_bad_arguments_name_the_allowed_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        classify(VALUES, **kwargs)


def test_every_scheme_has_dutch_and_english_names():
    assert all(set(names) == {"nl", "en"} for names in SCHEMES.values())


def test_centred_classes_put_zero_in_the_neutral_middle_class():
    from indicators.analysis.classify import centred_classes

    result = centred_classes(pd.Series([-10, -2, 0, 3, 6, None]), 5)
    assert result.bins == pytest.approx([-6, -2, 2, 6, 10])
    assert result.lower == -10
    assert result.classes.tolist()[2] == 2  # zero sits in the middle class
    assert sum(result.counts) == 5


@pytest.mark.filterwarnings("ignore:Not enough unique values:UserWarning")
@pytest.mark.parametrize("values", [np.random.default_rng(2).lognormal(3, 1, 15_000),
                                    np.random.default_rng(3).integers(0, 6, 500).astype(float),
                                    np.arange(7.0)])
@pytest.mark.parametrize("k", [2, 5, 9])
def test_quantile_bounds_are_mapclassify_quantiles_read_as_values(values, k):
    """The classes are mapclassify's quantiles; each bound is the value at or below its quantile.

    A quantile lies between two values; the value below it bounds the same districts and is what
    a legend can say without a number that occurs nowhere.
    """
    import mapclassify

    expected = mapclassify.Quantiles(values, k=k)
    result = classify(pd.Series(values), "quantiles", k)
    if np.unique(values).size <= k:
        assert result.bins == [float(v) for v in np.unique(values)]
        return
    assert set(result.bins) <= set(values.tolist())
    # the same districts together as in mapclassify's classes (minus the empty ones it may have)
    ours = pd.Series(result.classes.to_numpy(dtype=int))
    theirs = pd.Series(expected.yb)
    assert (ours.groupby(theirs).nunique() == 1).all()
    assert 0 not in result.counts


def test_no_class_is_empty_and_the_legend_can_say_how_many_were_merged():
    """Rounded values (counts rounded to 5) put quantile bounds between values: no class stays empty."""
    values = pd.Series([10, 10, 15, 15, 15, 20, 20, 20, 20, 30, 45, 60, 160], dtype=float)
    for scheme in ("quantiles", "equal_interval", "natural_breaks", "std_mean"):
        result = classify(values, scheme, 5)
        assert 0 not in result.counts, scheme
        assert sum(result.counts) == len(values)
    result = classify(values, "equal_interval", 5)  # 40, 70, 100, 130, 160: nothing between 70 and 160
    assert (result.k, result.merged) == (3, 2)


def test_values_are_classified_as_shown():
    """With the decimals shown, 16.26 and 16.34 both read 16,3 and fall in one class; bounds read as shown."""
    values = pd.Series([16.26, 16.34, 12.0, 20.04, 27.1, 30.0, 31.0, 40.0])
    result = classify(values, "equal_interval", 4, decimals=1)
    assert result.classes[0] == result.classes[1]
    assert all(round(b, 1) == b for b in result.bins)
    assert classify(values, "quantiles", 4, decimals=0).bins == [16.0, 20.0, 30.0, 40.0]


def test_manual_breaks_stay_as_given_even_when_a_class_is_empty():
    result = classify(VALUES, "manual", breaks=[3, 3.5, 7])
    assert result.bins == [3, 3.5, 7, 10] and result.counts == [3, 0, 4, 3] and result.merged == 0
