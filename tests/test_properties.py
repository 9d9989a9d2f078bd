"""Property-based tests of the engine's core rules: region codes, CBS sentinels, classes and number style.

Each test states, in its docstring, what a user of Wijkverkenner would notice if the property broke.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indicators.analysis.classify import K_RANGE, SCHEMES, classify
from indicators.core.codes import (
    DIGITS,
    LEVELS,
    PREFIXES,
    level_of,
    levels_of,
    normalise_code,
    normalise_codes,
    parent_code,
)
from indicators.core.formatting import format_cell, format_number
from indicators.core.values import (
    MISSING,
    OK,
    PROVISIONAL,
    SECRET,
    SECRET_SENTINELS,
    SECRET_SYMBOLS,
    SENTINEL_LIMIT,
    STATUSES,
    to_values,
)

# database=None: the tests leave no .hypothesis folder behind in the project.
FAST = settings(max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------------------------
# 1. Region codes
# --------------------------------------------------------------------------------------------

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WHITESPACE = st.text(alphabet=" \t\n\u00a0", max_size=4)


@st.composite
def region_codes(draw, level=None, digits_only=False):
    """A canonical code: GM + 4 digits, WK + 4 digits + 2, BU + 4 digits + 4 (digits, or letters since 2023).

    Real gemeente numbers start at 0001, so the gemeente part is never 0000.
    """
    level = level or draw(st.sampled_from(LEVELS))
    gemeente = f"{draw(st.integers(1, 9999)):04d}"
    alphabet = "0123456789" if digits_only else draw(st.sampled_from(["0123456789", ALNUM]))
    rest = draw(st.text(alphabet=alphabet, min_size=DIGITS[level] - 4, max_size=DIGITS[level] - 4))
    return PREFIXES[level] + gemeente + rest


@st.composite
def spellings(draw):
    """(canonical code, level, one way a user or a data source may write it, level to pass or None)."""
    code = draw(region_codes())
    level = level_of(code)
    body = code[2:]
    kinds = ["canonical", "lower", "padded", "odata", "year", "bare_text", "bare_text_level"]
    if body.isdigit():
        kinds += ["bare_int", "bare_float", "bare_text_zeros_lost"]
    kind = draw(st.sampled_from(kinds))
    pass_level = draw(st.booleans())
    if kind == "canonical":
        return code, code, level if pass_level else None
    if kind == "lower":
        mixed = "".join(ch.lower() if draw(st.booleans()) else ch for ch in code)
        return code, mixed, level if pass_level else None
    if kind == "padded":
        return code, draw(WHITESPACE) + code + draw(WHITESPACE), level if pass_level else None
    if kind == "odata":
        return code, code.ljust(10), level if pass_level else None  # the OData API pads keys to 10 characters
    if kind == "year":
        year = draw(st.integers(1900, 2099))
        return code, f"{year}{code}", level if pass_level else None  # PDOK jrstatcode
    if kind == "bare_text":
        return code, body, None  # length 4, 6 or 8 says the level
    if kind == "bare_text_level":
        return code, body.lower(), level
    if kind == "bare_int":
        return code, int(body), level  # leading zeros lost in a spreadsheet
    if kind == "bare_float":
        return code, float(int(body)), level  # a code that went through Excel
    return code, str(int(body)), level  # text with the leading zeros lost


def same_missing(a, b) -> bool:
    """Equal, counting None, NaN and <NA> as the same 'no code'."""
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    return a == b


@FAST
@given(spellings())
@example(("GM0014", 14, "gemeente"))
@example(("WK0363AF", " wk0363af ", None))
@example(("BU19160101", "2024BU19160101", None))
def test_every_spelling_of_a_code_normalises_to_the_canonical_code(case):
    """If this broke, districts written as 'wk191601 ', '2024WK191601' or 191601 would not join to the map.

    The user would see blank (grey) districts and 'codes not found' warnings for data that is fine.
    """
    code, spelling, level = case
    assert normalise_code(spelling, level) == code
    assert normalise_code(code, level) == code
    assert normalise_codes(pd.Series([spelling, code], dtype=object), level).tolist() == [code, code]


@FAST
@given(
    st.one_of(
        st.text(max_size=16),
        st.text(alphabet=ALNUM + "gmwkbu \t", max_size=14),
        region_codes().map(lambda c: c + "0"),  # one character too long
        region_codes().map(lambda c: c[:-1]),  # one character too short
        st.integers(min_value=-(10**12), max_value=10**12),
        st.floats(),
        st.none(),
    ),
    st.sampled_from([None, *LEVELS]),
)
def test_normalising_is_idempotent_and_never_crashes(value, level):
    """If this broke, a stray cell ('Leidschendam', '#N/A', 1e300) would crash an upload instead of being reported.

    Normalising twice must also change nothing, or a code read back from a saved view would stop matching.
    """
    result = normalise_code(value, level)
    assert result is None or isinstance(result, str)
    if result is not None:
        assert normalise_code(result) == result
        assert normalise_code(result, level) == result
        assert level_of(result) in LEVELS
        assert level is None or level_of(result) == level
        assert re.fullmatch(r"(GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})", result)


@FAST
@given(st.text(max_size=8), st.text(min_size=1, max_size=10).filter(lambda s: s not in LEVELS))
def test_an_unknown_level_is_the_documented_value_error(value, level):
    """If this broke, a typo in a level name would give a puzzling crash (or no codes) instead of a clear message."""
    with pytest.raises(ValueError, match="'level' should be one of gemeente, wijk, buurt"):
        normalise_code(value, level)
    with pytest.raises(ValueError, match="'level' should be one of gemeente, wijk, buurt"):
        normalise_codes(pd.Series([value], dtype=object), level)


column_cells = st.one_of(
    spellings().map(lambda case: case[1]),
    st.text(max_size=12),
    st.integers(min_value=0, max_value=10**9),
    st.none(),
)


@FAST
@given(st.lists(column_cells, max_size=30), st.sampled_from([None, *LEVELS]))
def test_vectorised_normalisation_agrees_with_the_scalar_rule(cells, level):
    """If this broke, a district would join when uploaded alone but not in a whole column (or the other way round).

    The fast path for padded OData keys must give exactly what the one-by-one rule gives, row by row.
    """
    series = pd.Series(cells, index=np.arange(len(cells)) * 3 + 7, dtype=object)
    result = normalise_codes(series, level)
    assert result.index.equals(series.index)
    expected = [normalise_code(cell, level) for cell in cells]
    assert all(same_missing(a, b) for a, b in zip(result.tolist(), expected)), (result.tolist(), expected)


@pytest.mark.parametrize("level", [None, *LEVELS])
def test_a_float_code_column_with_empty_cells_normalises(level):
    """If this broke, uploading a spreadsheet whose code column Excel stored as numbers, with blank rows, crashes.

    The blank cells should simply have no code, as ``normalise_code(nan)`` says (this crashed with KeyError: nan
    when two cells were blank, found by the property test above).
    """
    series = pd.Series([191601.0, np.nan, np.nan])  # float64 column, as pandas reads it from Excel
    result = normalise_codes(series, level)
    expected = [normalise_code(value, level) for value in series]
    assert all(same_missing(a, b) for a, b in zip(result.tolist(), expected))


@FAST
@given(region_codes(level="buurt"))
def test_parents_are_the_code_prefixes(buurt):
    """If this broke, a buurt would be drawn in the wrong wijk or gemeente, and totals per wijk would be wrong."""
    wijk = parent_code(buurt, "wijk")
    gemeente = parent_code(buurt, "gemeente")
    assert wijk == "WK" + buurt[2:8]
    assert gemeente == "GM" + buurt[2:6]
    assert parent_code(wijk, "gemeente") == gemeente
    for code in (buurt, wijk, gemeente):
        assert parent_code(code, level_of(code)) == code  # a district is its own parent at its level
    assert parent_code(wijk, "buurt") is None
    assert parent_code(gemeente, "wijk") is None
    assert parent_code(gemeente, "buurt") is None
    assert levels_of(pd.Series([buurt, wijk, gemeente, None])).tolist() == ["buurt", "wijk", "gemeente", None]
    # the parent of a sloppy spelling is the parent of the canonical code
    assert parent_code(normalise_code(" " + buurt.lower() + " "), "wijk") == wijk


# --------------------------------------------------------------------------------------------
# 2. The sentinel and status rule
# --------------------------------------------------------------------------------------------

# Figures CBS publishes: anything above the sentinel range, with at most 2**53 so integers stay exact.
valid_ints = st.integers(min_value=SENTINEL_LIMIT + 1, max_value=2**53)
valid_floats = st.floats(min_value=SENTINEL_LIMIT + 0.5, max_value=1e15, allow_nan=False, allow_infinity=False)
valid_numbers = st.one_of(valid_ints, valid_floats)

SECRET_CELLS = st.sampled_from([*SECRET_SENTINELS, *(float(s) for s in SECRET_SENTINELS),
                                *(str(s) for s in SECRET_SENTINELS), *sorted(SECRET_SYMBOLS)])
MISSING_CELLS = st.one_of(
    st.sampled_from([None, np.nan, pd.NA, "", "   ", -99999999, "-99999999", SENTINEL_LIMIT]),
    st.integers(min_value=-(10**12), max_value=SENTINEL_LIMIT).filter(lambda n: n not in SECRET_SENTINELS),
)


def statuses(status: pd.Series) -> list[str]:
    return [str(s) for s in status]


@FAST
@given(st.lists(valid_numbers, min_size=1, max_size=30), st.sampled_from(["object", "text"]))
def test_figures_that_are_not_sentinels_keep_their_value_and_are_ok(numbers, form):
    """If this broke, ordinary figures would be shown as 'geheim'/'geen gegevens' or with a changed value on the map."""
    cells = numbers if form == "object" else [repr(n) for n in numbers]
    values, status = to_values(pd.Series(cells, dtype=object))
    assert statuses(status) == [OK] * len(numbers)
    assert values.notna().all()
    assert [float(v) for v in values] == [float(n) for n in numbers]


@FAST
@given(st.lists(valid_floats, min_size=1, max_size=30))
def test_numeric_columns_keep_their_values(numbers):
    """If this broke, figures read from a typed file (Parquet, GeoPackage) would change or lose their status."""
    values, status = to_values(pd.Series(numbers, dtype="float64"))
    assert statuses(status) == [OK] * len(numbers)
    assert values.astype(float).tolist() == numbers


@FAST
@given(st.lists(valid_ints, min_size=1, max_size=30))
def test_integer_columns_stay_exact_integers(numbers):
    """If this broke, counts such as inhabitants would turn into decimals (12.0) or be rounded in tooltips."""
    values, status = to_values(pd.Series(numbers, dtype="int64"))
    assert str(values.dtype) == "Int64"
    assert statuses(status) == [OK] * len(numbers)
    assert values.tolist() == numbers


@FAST
@given(
    st.lists(
        st.one_of(
            valid_numbers.map(lambda n: ("value", n)),
            SECRET_CELLS.map(lambda c: (SECRET, c)),
            MISSING_CELLS.map(lambda c: (MISSING, c)),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_every_sentinel_and_symbol_gets_its_status_and_no_value(cells):
    """If this broke, -99997 would be mapped as a real (very negative) figure, totals would include it,
    or the legend would say 'geen gegevens' where CBS kept the figure secret.
    """
    values, status = to_values(pd.Series([cell for _, cell in cells], dtype=object))
    for (kind, cell), value, got in zip(cells, values, statuses(status)):
        if kind == "value":
            assert got == OK
            assert float(value) == float(cell)
        else:
            assert got == kind, (cell, got)
            assert value is pd.NA


@FAST
@given(st.lists(st.one_of(st.integers(min_value=-(10**12), max_value=10**12)), min_size=1, max_size=30))
def test_integer_sentinels_in_a_typed_column(numbers):
    """If this broke, a typed CBS column with -99997/-99999999 would sum sentinels into the totals shown to the user."""
    values, status = to_values(pd.Series(numbers, dtype="int64"))
    for number, value, got in zip(numbers, values, statuses(status)):
        if number in SECRET_SENTINELS:
            assert got == SECRET and value is pd.NA
        elif number <= SENTINEL_LIMIT:
            assert got == MISSING and value is pd.NA
        else:
            assert got == OK and value == number


@FAST
@given(valid_numbers, st.sampled_from(["*", "**"]), st.sampled_from([".", ","]))
def test_provisional_figures_keep_their_value(number, stars, decimal):
    """If this broke, StatLine's provisional figures ('123*') would disappear from the map or lose their marker."""
    text = f"{number:.6f}"
    if decimal == ",":
        text = text.replace(".", ",")
    values, status = to_values(pd.Series([text + stars], dtype=object), decimal)
    assert statuses(status) == [PROVISIONAL]
    assert float(values[0]) == pytest.approx(float(f"{number:.6f}"), rel=1e-12, abs=1e-12)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # 'inf' text makes numpy warn, the rule itself must not crash
@FAST
@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.text(alphabet="0123456789.,-+eE* x", max_size=10),
            st.floats(),
            st.integers(min_value=-(10**15), max_value=10**15),
            st.none(),
            st.booleans(),
        ),
        max_size=20,
    ),
    st.sampled_from([".", ","]),
)
def test_the_rule_never_crashes_on_arbitrary_cells(cells, decimal):
    """If this broke, one odd cell in an uploaded file would crash the upload instead of being read as text."""
    result = to_values(pd.Series(cells, dtype=object), decimal)
    if result is None:
        return  # a label column, not figures
    values, status = result
    assert len(values) == len(status) == len(cells)
    assert set(statuses(status)) <= set(STATUSES)
    for value, got in zip(values, statuses(status)):
        assert (value is pd.NA) == (got in (SECRET, MISSING))


@FAST
@given(
    st.floats(min_value=SENTINEL_LIMIT + 1, max_value=1e12, allow_nan=False, allow_infinity=False),
    st.integers(0, 3),
    st.sampled_from(["nl", "en"]),
)
def test_what_the_product_writes_it_reads_back(number, decimals, lang):
    """If this broke, a table exported in Dutch style ('1.234,5') and uploaded again would hold other figures."""
    text = format_number(number, decimals, lang)
    values, status = to_values(pd.Series([text], dtype=object), "," if lang == "nl" else ".")
    assert statuses(status) == [OK]
    assert float(values[0]) == round(number, decimals)


# --------------------------------------------------------------------------------------------
# 3. Classification
# --------------------------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)
HOLES = [".", "x", None, np.nan, -99997, -99995, -99999999, ""]


@st.composite
def figure_columns(draw):
    """Cells of one uploaded column: finite figures with secret and missing cells mixed in."""
    numbers = draw(st.lists(finite, max_size=60))
    holes = draw(st.lists(st.sampled_from(HOLES), max_size=8))
    return draw(st.permutations(numbers + holes))


def check_classes(result, values: pd.Series, status: list[str], k_asked: int | None, scheme: str) -> None:
    valid_mask = np.array([s in (OK, PROVISIONAL) for s in status], dtype=bool)
    classes = result.classes
    # secret and missing cells get no normal class (their own legend entries); every valid one gets one
    assert classes.index.equals(values.index)
    assert classes[~valid_mask].isna().all()
    assert classes[valid_mask].notna().all()
    valid = values[valid_mask].astype(float).to_numpy()
    if valid.size == 0:
        assert result.k == 0
        return
    cls = classes[valid_mask].astype(int).to_numpy()
    k = result.k
    assert ((cls >= 0) & (cls < k)).all()
    distinct = np.unique(valid)
    if scheme == "std_mean":
        assert k <= 5  # mean +-1 and 2 standard deviations: k is not asked for
    elif scheme != "manual":
        assert 1 <= k <= k_asked
        if distinct.size <= k_asked:
            assert result.bins == [float(v) for v in distinct]  # one class per distinct value
    # bounds increase and the last one is the maximum; the lower bound is the minimum
    assert all(a < b for a, b in zip(result.bins, result.bins[1:]))
    assert result.bins[-1] == valid.max()
    assert result.lower == valid.min()
    # exactly one class per valid value, counts add up
    assert result.counts == np.bincount(cls, minlength=k).tolist()
    assert sum(result.counts) == valid.size
    # every value lies in its interval, so a larger value never gets a lower class
    for value, c in zip(valid, cls):
        low, high = result.intervals()[c]
        assert (low <= value if c == 0 else low < value) and value <= high
    order = np.argsort(valid, kind="stable")
    assert (np.diff(cls[order]) >= 0).all()


# mapclassify's StdMean computes a standard deviation of a single valid value and numpy warns; the classes are fine.
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Degrees of freedom <= 0:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value encountered in scalar divide:RuntimeWarning")
@SLOW
@given(figure_columns())
@example([1.0, 2.0, ".", None, 3.0])
@example([5.0, 5.0, 5.0, -99997])
@example([0.0, 1e9, -99989.0, 0.5, 0.25, ".", "", -99999999])
@pytest.mark.parametrize("scheme", [s for s in SCHEMES if s != "manual"])
def test_every_valid_value_gets_exactly_one_monotone_class(scheme, cells):
    """If this broke, a district would get the colour of the wrong class (a larger figure coloured lighter),
    fall off the legend, or a secret district would be coloured as if it had a figure.
    """
    values, status = to_values(pd.Series(cells, dtype=object))
    for k in range(K_RANGE[0], K_RANGE[1] + 1):
        result = classify(values, scheme, k)
        check_classes(result, values, statuses(status), k, scheme)


@SLOW
@given(figure_columns(), st.lists(finite, min_size=1, max_size=8))
def test_manual_breaks_put_every_value_in_one_monotone_class(cells, breaks):
    """If this broke, the user's own class bounds ('10, 20, 30') would colour districts in the wrong class."""
    values, status = to_values(pd.Series(cells, dtype=object))
    result = classify(values, "manual", breaks=breaks)
    check_classes(result, values, statuses(status), None, "manual")
    if result.k:
        top = result.bins[-1]
        assert result.bins[:-1] == sorted({float(b) for b in breaks if b < top})


# --------------------------------------------------------------------------------------------
# 4. Number style
# --------------------------------------------------------------------------------------------

SEPARATORS = {"nl": (".", ","), "en": (",", ".")}  # (thousands, decimal mark)


def read_back(text: str, lang: str) -> float:
    """A tiny parser for the product's number style: drop thousands separators, make the decimal mark a point."""
    thousands, mark = SEPARATORS[lang]
    return float(text.replace(thousands, "").replace(mark, "."))


numbers_to_format = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e13, max_value=1e13)


@FAST
@given(numbers_to_format, st.integers(0, 3), st.sampled_from(["nl", "en"]))
@example(1234.5, 1, "nl")
@example(-0.04, 1, "nl")
@example(0.0, 0, "en")
@example(999.96, 1, "nl")
@example(-1234567.891, 2, "en")
def test_formatted_numbers_read_back_as_the_rounded_number(number, decimals, lang):
    """If this broke, tooltips, legends and tables would show a figure other than the (rounded) real one,
    or use the wrong style: '1,234.5' on the Dutch page or '1.234,5' on the English one.
    """
    thousands, mark = SEPARATORS[lang]
    text = format_number(number, decimals, lang)
    fraction = rf"\{mark}\d{{{decimals}}}" if decimals else ""
    assert re.fullmatch(rf"-?(0|[1-9]\d{{0,2}}(\{thousands}\d{{3}})*){fraction}", text), text
    assert read_back(text, lang) == round(number, decimals)
    # thousands separators exactly when the whole part has four digits or more
    whole = abs(round(number, decimals))
    assert (thousands in text) == (whole >= 1000)
    # no '-0' or '-0,0': a number that rounds to zero is written without a minus
    assert text.startswith("-") == (round(number, decimals) < 0)


@FAST
@given(numbers_to_format, st.integers(0, 3))
def test_dutch_and_english_differ_only_in_the_separators(number, decimals):
    """If this broke, switching the language would change the figure itself, not just how it is written."""
    nl = format_number(number, decimals, "nl")
    en = format_number(number, decimals, "en")
    assert nl == en.translate(str.maketrans({",": ".", ".": ","}))
    assert format_number(-number, decimals, "nl") in {nl, nl.lstrip("-"), "-" + nl}
    if round(number, decimals) != 0:
        assert format_number(-number, decimals, "nl").lstrip("-") == nl.lstrip("-")


@FAST
@given(st.one_of(numbers_to_format, st.none(), st.just(math.nan)), st.integers(0, 3), st.sampled_from(["nl", "en"]),
       st.sampled_from(STATUSES))
def test_cells_show_the_status_word_or_the_number(value, decimals, lang, status):
    """If this broke, a secret figure would show a number (a disclosure), or a valid one would say 'geen gegevens'."""
    text = format_cell(value, status, decimals, lang)
    words = {"nl": {SECRET: "geheim", MISSING: "geen gegevens"}, "en": {SECRET: "secret", MISSING: "no data"}}
    if status in (SECRET, MISSING):
        assert text == words[lang][status]
    else:
        assert text == format_number(value, decimals, lang)
        if value is None or value != value:
            assert text == ""
