"""Column stems and the search for code and name columns in every CBS spelling."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.columns import find_code_column, find_name_column, stem


@pytest.mark.parametrize(
    "name", ["aantal_inwoners", "aantalInwoners", "AantalInwoners_5", "AantalInwoners_102", "Aantal inwoners"]
)
def test_every_spelling_has_one_stem(name):
    assert stem(name) == "aantalinwoners"


def test_stem_drops_accents():
    assert stem("Wmo-cliënten") == "wmoclienten"


def test_code_column_by_name_prefers_the_most_detailed_level():
    frame = pd.DataFrame({"gemeentecode": ["GM1916"] * 2, "wijkcode": ["WK191601", "WK191602"], "x": [1, 2]})
    assert find_code_column(frame) == "wijkcode"
    assert find_code_column(frame, "gemeente") == "gemeentecode"


def test_code_column_by_content_with_padded_codes():
    frame = pd.DataFrame({"gebied": ["WK191601  ", "WK191602  "], "inwoners": ["1", "2"]})
    assert find_code_column(frame) == "gebied"


def test_odata_region_dimension_is_a_code_column():
    frame = pd.DataFrame({"WijkenEnBuurten": ["GM1916    ", "WK191601  "], "AantalInwoners": [1, 2]})
    assert find_code_column(frame) == "WijkenEnBuurten"


def test_bare_numeric_codes_under_a_code_name():
    frame = pd.DataFrame({"wijkcode": ["191601", "191602"], "inwoners": ["1", "2"]})
    assert find_code_column(frame) == "wijkcode"


def test_no_code_column():
    frame = pd.DataFrame({"naam": ["Leidschendam", "Voorburg"], "inwoners": [1, 2]})
    assert find_code_column(frame) is None


def test_name_column_skips_the_code_column():
    frame = pd.DataFrame({"wijkcode": ["WK191601"], "wijknaam": ["Leidschendam"], "gemeentenaam": ["L-V"]})
    assert find_name_column(frame) == "wijknaam"
    assert find_name_column(frame, "gemeente") == "gemeentenaam"
    assert find_name_column(pd.DataFrame({"naam": [1]})) is None


@pytest.mark.parametrize("name", ["jaar", "sa_jaar", "Perioden", "year"])
def test_year_columns_are_labels_not_figures(name):
    from indicators.columns import names_a_year
    from indicators.table import build_table

    assert names_a_year(name)
    table = build_table(pd.DataFrame({"code": ["WK01"], name: [2023], "inwoners": [10]}), labels=["code"])
    assert table.figures == ["inwoners"]


@pytest.mark.parametrize("name", ["k_0Tot15Jaar_8", "personen_65_jaar_en_ouder", "jaarstatcode", "aantal_inwoners"])
def test_age_groups_are_not_years(name):
    from indicators.columns import names_a_year

    assert not names_a_year(name)
