import pandas as pd
import pytest

from indicators.core.codes import level_of, normalise_code, normalise_codes, parent_code, year_in_name


@pytest.mark.parametrize(
    "value, level, expected",
    [
        ("WK191601", None, "WK191601"),
        ("WK191601  ", None, "WK191601"),  # OData pads to 10 characters
        ("wk191601 ", None, "WK191601"),
        (" GM1916    ", None, "GM1916"),
        ("2024WK191601", None, "WK191601"),  # PDOK jrstatcode
        ("2021BU02330000", None, "BU02330000"),  # CBS GeoPackage jaarstatcode
        ("191601", "wijk", "WK191601"),
        (191601, "wijk", "WK191601"),
        (191601.0, "wijk", "WK191601"),  # a code that went through Excel
        (14, "gemeente", "GM0014"),  # leading zeros lost
        ("14", "gemeente", "GM0014"),
        (19160101, "buurt", "BU19160101"),
        ("191601", None, "WK191601"),  # six digits read as a wijk
        ("1916", None, "GM1916"),
        ("WK0363AF", None, "WK0363AF"),  # Amsterdam since 2023
        ("bu0363af04", None, "BU0363AF04"),
        ("0363AF", "wijk", "WK0363AF"),
    ],
)
def test_every_spelling_normalises_to_one_code(value, level, expected):
    assert normalise_code(value, level) == expected


@pytest.mark.parametrize(
    "value, level",
    [
        (None, None),
        (float("nan"), None),
        ("", None),
        ("   ", None),
        ("Leidschendam", None),
        ("GM19", None),  # too short
        ("WK1916011", None),  # too long
        ("14", None),  # ambiguous without a level
        ("BU19160101", "wijk"),  # a buurt is not a wijk
        ("AF0363", "wijk"),  # letters only after the gemeente digits
    ],
)
def test_non_codes_give_none(value, level):
    assert normalise_code(value, level) is None


def test_unknown_level_names_the_allowed_ones():
    with pytest.raises(ValueError, match="'level' should be one of gemeente, wijk, buurt, got 'district'"):
        normalise_code("191601", "district")


def test_normalise_codes_keeps_index_and_reads_each_spelling():
    series = pd.Series(["WK191601  ", "wk191602", "191603", None], index=[5, 6, 7, 8])
    result = normalise_codes(series, "wijk")
    assert result.tolist() == ["WK191601", "WK191602", "WK191603", None]
    assert result.index.tolist() == [5, 6, 7, 8]


def test_levels_and_parents_follow_the_cbs_nesting():
    assert level_of("GM1916") == "gemeente"
    assert level_of("WK191601") == "wijk"
    assert level_of("BU19160101") == "buurt"
    assert level_of(None) is None
    assert parent_code("BU19160101", "wijk") == "WK191601"
    assert parent_code("BU0363AF04", "wijk") == "WK0363AF"
    assert parent_code("WK191601", "gemeente") == "GM1916"
    assert parent_code("WK191601", "buurt") is None  # a wijk has no buurt above it


def test_levels_of_a_column():
    from indicators.core.codes import levels_of

    codes = pd.Series(["GM1916", "WK191601", "BU19160101", None])
    assert levels_of(codes).tolist() == ["gemeente", "wijk", "buurt", None]


def test_vectorised_and_single_normalisation_agree():
    values = pd.Series(["WK191601  ", "wk191602", "2024WK191603", 191604, 191605.0, "x", None, "BU19160101"])
    assert normalise_codes(values).tolist() == [normalise_code(v) for v in values]
    assert normalise_codes(values, "wijk").tolist() == [normalise_code(v, "wijk") for v in values]


@pytest.mark.parametrize(("name", "year"), [
    ("wijken_2025_GM1916.geojson", 2025),
    ("wijken_GM1916_2024.geojson", 2024),  # a gemeente code is not a year
    ("GM1916_2024_wijk.gpkg", 2024),
    ("buurten_BU19160101.geojson", 0),
    ("GM1916.geojson", 0),
    ("kerncijfers2023.csv", 2023),
    ("wijkenbuurten_2024_v1.gpkg", 2024),
])
def test_year_in_name_skips_cbs_codes(name, year):
    assert year_in_name(name) == year
