import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from indicators.analysis.classify import classify
from indicators.core.table import ColumnInfo, build_table
from maps.choropleth import MISSING_CLASS, SECRET_CLASS, build_choropleth, combined_footer, source_line
from maps.palettes import MISSING_COLOR, SECRET_COLOR


@pytest.fixture
def table():
    frame = gpd.GeoDataFrame(
        {
            "code": [f"WK9999{i:02d}" for i in range(1, 8)],
            "naam": ["A", "B", "C", "D", "E", "<img src=x onerror=alert(1)>", "G"],
            "inkomen": [20.5, 25.0, 30.25, 1234.5, -99997, None, 28.0],
        },
        geometry=[box(i, 0, i + 1, 1) for i in range(7)], crs=4326,
    )
    result = build_table(frame, labels=["code", "naam"], source="test.gpkg")
    result.columns["inkomen"] = ColumnInfo(title="Inkomen per inwoner", unit="x 1 000 euro", decimals=1)
    return result


def test_classes_colours_and_statuses_per_district(table):
    result = build_choropleth(table, "inkomen", k=2)
    assert result.classes[4] == SECRET_CLASS and result.colors[4] == SECRET_COLOR
    assert result.classes[5] == MISSING_CLASS and result.colors[5] == MISSING_COLOR
    palette = [e.color for e in result.legend if e.kind == "class"]
    assert all(result.colors[i] == palette[result.classes[i]] for i in (0, 1, 2, 3, 6))


def test_legend_has_dutch_ranges_with_unit_counts_and_status_entries(table):
    legend = build_choropleth(table, "inkomen", k=2).legend
    assert [e.label for e in legend] == [
        "20,5 – 28,0 x 1 000 euro", "28,0 – 1.234,5 x 1 000 euro", "geheim", "geen gegevens",
    ]
    assert [e.count for e in legend] == [3, 2, 1, 1]


def test_tooltips_have_name_value_rank_or_status(table):
    tips = build_choropleth(table, "inkomen", k=2).tooltips
    assert tips[3] == ["D", "1.234,5 x 1 000 euro", "1e van 5"]
    assert tips[4] == ["E", "geheim"]
    assert tips[5] == ["<img src=x onerror=alert(1)>", "geen gegevens"]  # plain text; escaping is the page's job


def test_english(table):
    result = build_choropleth(table, "inkomen", k=2, lang="en")
    assert result.tooltips[3] == ["D", "1,234.5 x 1 000 euro", "rank 1 of 5"]
    assert result.legend[-2].label == "secret"


def test_shared_classification_keeps_colours_comparable(table):
    shared = classify(pd.Series([0.0, 10, 20, 5000]), "equal_interval", 2)
    result = build_choropleth(table, "inkomen", classification=shared)
    assert result.classification.bins == shared.bins


def test_footer_marks_synthetic_data(table):
    assert "Synthetische demodata" in build_choropleth(table, "inkomen", synthetic=True).footer
    assert "Synthetische" not in build_choropleth(table, "inkomen").footer
    assert build_choropleth(table, "inkomen").footer.startswith("Bron: test.gpkg")


def test_unknown_column(table):
    with pytest.raises(ValueError, match="'bestaat_niet' is not a figure column of this table: choose one of inkomen"):
        build_choropleth(table, "bestaat_niet")


def test_secret_cells_can_say_their_threshold(table):
    result = build_choropleth(table, "inkomen", k=2, secret_label="geheim (< 10)")
    assert [e.label for e in result.legend if e.kind == "secret"] == ["geheim (< 10)"]
    assert result.tooltips[4] == ["E", "geheim (< 10)"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_count_of_the_registry_has_no_unit_after_its_numbers_in_either_language(lang):
    """The registry's count unit reads "aantal" / "number": not a word to put after every figure."""
    frame = gpd.GeoDataFrame({"code": ["WK999901", "WK999902"], "naam": ["A", "B"], "aantal_inwoners": [1610, 4362]},
                             geometry=[box(i, 0, i + 1, 1) for i in range(2)], crs=4326)
    result = build_choropleth(build_table(frame, labels=["code", "naam"]), "aantal_inwoners", k=2, lang=lang)
    assert result.legend[0].label == ("1.610" if lang == "nl" else "1,610")
    assert result.tooltips[1][1] == ("4.362" if lang == "nl" else "4,362")


def test_the_source_line_is_in_the_maps_language():
    assert source_line("a.gpkg", "controle", "nl") == "Bron: a.gpkg · controle"
    assert source_line("a.gpkg", "control", "en") == "Source: a.gpkg · control"


def test_maps_shown_together_name_each_source_once_and_the_date_and_mark_once(table):
    first = build_choropleth(table, "inkomen", k=2, synthetic=True, source="Bron: a.gpkg")
    second = build_choropleth(table, "inkomen", k=2, synthetic=True, source="Bron: b.gpkg")
    footer = combined_footer([first, second])
    assert footer.startswith("Bron: a.gpkg · Gemaakt op ") and "Bron: b.gpkg" in footer
    assert footer.count("Gemaakt op") == 1 and footer.count("Synthetische demodata") == 1


def test_a_slide_names_the_data_and_the_rule_in_words_and_the_date_in_words(table):
    from indicators.core.formatting import format_date
    from maps.choropleth import slide_footer, slide_source

    choropleth = build_choropleth(table, "inkomen", k=2, credit="CBS, Kerncijfers wijken en buurten 2024",
                                  rule="Aantallen onder 10 zijn geheim; aantallen afgerond op 5",
                                  source="Bron: test.gpkg · Onthullingscontrole: 3 cellen onderdrukt")
    assert slide_source(choropleth) == ("Bron: CBS, Kerncijfers wijken en buurten 2024 · Aantallen onder 10 zijn "
                                        "geheim; aantallen afgerond op 5")
    footer = slide_footer([choropleth, choropleth])
    assert footer == (f"{slide_source(choropleth)} · Gemaakt op {format_date(choropleth.made_on)}")
    assert "onderdrukt" not in footer
    without_credit = build_choropleth(table, "inkomen", k=2, credit="", source="Bron: eigen")
    assert slide_source(without_credit) == "Bron: eigen"


def test_the_credit_is_the_tables_and_empty_classes_never_show(table):
    choropleth = build_choropleth(table, "inkomen", k=4)
    assert choropleth.credit == "test.gpkg"  # no maker known: the file's name
    assert 0 not in [entry.count for entry in choropleth.legend]
    assert [entry.bounds for entry in choropleth.legend if entry.kind == "class"][0] == "20,5 – 25,0"


def test_the_profile_ranks_as_the_tooltip_does_on_the_values_as_shown():
    """12,34 and 12,31 both read "12,3": the map's tooltip calls both 2nd, so must the profile."""
    from indicators.analysis.profile import district_profile

    frame = pd.DataFrame({"code": ["WK01", "WK02", "WK03"], "naam": list("ABC"),
                          "percentage_zelfstandigen": [12.34, 12.31, 15.0]})
    table = build_table(frame, labels=["code", "naam"])
    tooltips = build_choropleth(table, "percentage_zelfstandigen").tooltips
    for row, code in enumerate(["WK01", "WK02", "WK03"]):
        rank = district_profile(table, code).set_index("column").loc["percentage_zelfstandigen", "rank"]
        assert tooltips[row][-1].startswith(f"{rank}e van 3")
    assert [district_profile(table, c).set_index("column").loc["percentage_zelfstandigen", "rank"]
            for c in ("WK01", "WK02", "WK03")] == [2, 2, 1]
