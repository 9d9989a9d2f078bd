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
