import pytest

from indicators.formatting import format_cell, format_number, guess_decimals


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
