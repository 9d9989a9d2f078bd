import pytest

from indicators.core.formatting import format_cell, format_number, guess_decimals


@pytest.mark.parametrize(
    "value, decimals, nl, en",
    [
        (1234.5, 1, "1.234,5", "1,234.5"),
        (1234567, 0, "1.234.567", "1,234,567"),
        (-1234.56, 2, "-1.234,56", "-1,234.56"),
        (-0.04, 1, "0,0", "0.0"),
        (0, 0, "0", "0"),
        (999.96, 1, "1.000,0", "1,000.0"),
    ],
)
def test_dutch_and_english_number_style(value, decimals, nl, en):
    assert format_number(value, decimals, "nl") == nl
    assert format_number(value, decimals, "en") == en


def test_status_words_replace_values():
    assert format_cell(None, "secret") == "geheim"
    assert format_cell(None, "missing") == "geen gegevens"
    assert format_cell(None, "secret", lang="en") == "secret"
    assert format_cell(12.5, "provisional", 1) == "12,5"


def test_guess_decimals():
    assert guess_decimals([1.0, 2.0]) == 0
    assert guess_decimals([2.2, 1.7]) == 1
    assert guess_decimals([]) == 0


def test_a_date_reads_as_people_write_it():
    from indicators.core.formatting import format_date

    assert format_date("2026-12-02") == "2 december 2026"
    assert format_date("2026-03-15", "en") == "15 March 2026"
    assert format_date("gisteren") == "gisteren"


def test_values_as_shown_are_the_numbers_people_read():
    import pandas as pd

    from indicators.core.formatting import shown_values

    shown = shown_values(pd.Series([16.26, 16.34, None, 2.675]), 1)
    assert shown.tolist()[:2] == [16.3, 16.3] and pd.isna(shown[2])
    assert format_number(shown[3], 1) == format_number(2.675, 1)  # rounded exactly as written


@pytest.mark.parametrize("value, sign, nl, en", [
    (42.4, False, "42", "42"), (0.3, False, "0,3", "0.3"), (0.0, False, "0", "0"), (-7.6, False, "8", "8"),
    (12.0, True, "+12", "+12"), (-3.2, True, "-3", "-3"), (0.04, True, "0,0", "0.0"), (1234.5, False, "1.234", "1,234"),
    (0.03, False, "0,03", "0.03"), (1e-15, False, "0", "0"),  # the top of the interval of 0 of 12,440; float noise
])
def test_one_rule_writes_a_percentage(value, sign, nl, en):
    from indicators.core.formatting import format_percent, percent_number

    assert percent_number(value, "nl", sign) == nl and percent_number(value, "en", sign) == en
    assert format_percent(value, "nl", sign) == nl + "%"


def test_ranks_are_of_the_values_as_shown_so_districts_that_read_the_same_share_one():
    import numpy as np

    from indicators.core.formatting import rank_shown

    ranks = rank_shown([12.34, 12.31, 15.0, np.nan, 9.96], 1)
    assert ranks.tolist()[:3] == [2, 2, 1] and np.isnan(ranks[3]) and ranks[4] == 4
    assert rank_shown([12.34, 12.31], 2).tolist() == [1, 2]
