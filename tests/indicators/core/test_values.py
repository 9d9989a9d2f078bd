"""The one sentinel and symbol rule: CBS figures become values plus a status per cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.core.values import count_statuses, parse_number, to_values


def split(cells, decimal="."):
    values, status = to_values(pd.Series(cells, dtype=object), decimal)
    return values, list(status.astype(str))


@pytest.mark.parametrize(
    "cell, status",
    [(".", "secret"), ("x", "secret"), ("X", "secret"), ("", "missing"), ("  ", "missing"), (None, "missing"),
     (-99997, "secret"), (-99995, "secret"), (-99997.0, "secret"), (-99999999, "missing"), (-99990, "missing"),
     ("12*", "provisional"), ("12**", "provisional"), ("12", "ok"), (0, "ok"), (-5, "ok")],
)
def test_statline_symbols_and_cbs_sentinels(cell, status):
    values, statuses = split([cell, "1"])
    assert statuses[0] == status
    assert (values[0] is pd.NA) == (status in ("secret", "missing"))


def test_provisional_figures_keep_their_value():
    values, statuses = split(["78229*", "36,5*"], decimal=",")
    assert values.tolist() == [78229, 36.5]
    assert statuses == ["provisional", "provisional"]


def test_integers_stay_int64_and_decimals_float64():
    assert split(["1", ".", "3"])[0].dtype == "Int64"
    assert split(["1,5", "."], decimal=",")[0].dtype == "Float64"


def test_numeric_sentinels_are_never_numbers():
    values, status = to_values(pd.Series([100, -99997, -99999999], dtype="int64"))
    assert values.dtype == "Int64"
    assert values.sum() == 100
    assert count_statuses(status) == {"valid": 1, "missing": 1, "secret": 1}


def test_float_nan_is_missing():
    values, status = to_values(pd.Series([1.5, np.nan]))
    assert list(status.astype(str)) == ["ok", "missing"]


def test_text_columns_are_not_figures():
    assert to_values(pd.Series(["Leidschendam", "Voorburg"], dtype=object)) is None
    assert to_values(pd.Series(["WK191601", "12"], dtype=object)) is None


@pytest.mark.parametrize(
    "text, decimal, number",
    [("1.234,5", ",", 1234.5), ("12,5", ",", 12.5), ("1,234.5", ".", 1234.5), ("1.5", ".", 1.5),
     ("-3", ".", -3.0), ("1 234", ",", 1234.0), ("1.5", ",", None), ("abc", ".", None)],
)
def test_parse_number(text, decimal, number):
    assert parse_number(text, decimal) == number


@given(st.floats(min_value=-99989, max_value=1e9, allow_nan=False).map(lambda x: round(x, 3)))
def test_written_numbers_round_trip_with_either_decimal_mark(number):
    assert parse_number(repr(number), ".") == number
    assert parse_number(repr(number).replace(".", ","), ",") == number


def test_statline_nil_symbol_is_zero_and_double_star_is_provisional():
    values, status = to_values(pd.Series(["-", "12**", "3"], dtype=object))
    assert values.tolist() == [0, 12, 3]
    assert str(values.dtype) == "Int64"
    assert status.tolist() == ["ok", "provisional", "ok"]
