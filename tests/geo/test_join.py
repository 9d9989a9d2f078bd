import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.boundaries import read_boundaries
from geo.join import JoinError, join_indicators, simplify_name
from indicators.core.table import build_table
from tests.own_data import own_persons, own_table


def _table(frame, code_column=None, name_column=None, labels=()):
    table = build_table(frame, labels=[c for c in (code_column, name_column, *labels) if c])
    table.code_column, table.name_column = code_column, name_column
    table.source = "tabel.csv"
    return table


@pytest.fixture(scope="module")
def national(real_file):
    return read_boundaries(real_file("wijken_2024_nl.geojson"))


def test_padded_lowercase_and_bare_codes_match_every_national_wijk(national):
    codes = national.data["code"].tolist()
    spelled = [
        code.ljust(10) if i % 3 == 0 else code.lower() if i % 3 == 1 else code[2:]
        for i, code in enumerate(codes)
    ]
    table = _table(pd.DataFrame({"regio": spelled, "score": range(len(codes))}), code_column="regio")
    joined, report = join_indicators(national, table)
    assert report.matched == 3475
    assert report.unmatched_table == []
    assert report.unmatched_boundaries == []
    assert report.duplicates == []
    by_code = joined.data.set_index("code")
    assert by_code.loc["WK191601", "score"] == codes.index("WK191601")
    assert (joined.status["score"] == "ok").all()


def test_report_lists_exactly_the_codes_that_do_not_match(national):
    codes = national.data["code"].tolist()
    left_out = ["WK191613", codes[100]]
    rows = [c for c in codes if c not in left_out] + ["WK999999", "BU99999999", "onzin"]
    table = _table(pd.DataFrame({"code": rows, "v": 1}), code_column="code")
    joined, report = join_indicators(national, table)
    assert report.matched == 3473
    assert [row["code"] for row in report.unmatched_table] == ["WK999999"]
    assert sorted(row["code"] for row in report.unmatched_boundaries) == sorted(left_out)
    names = {row["code"]: row["naam"] for row in report.unmatched_boundaries}
    assert names["WK191613"] == national.data.set_index("code").loc["WK191613", "naam"]
    assert report.other_levels == {"buurt": 1}
    assert report.unreadable_codes == ["onzin"]
    unmatched = joined.data["code"].isin(left_out)
    assert (joined.status.loc[unmatched, "v"] == "missing").all()
    assert joined.data.loc[unmatched, "v"].isna().all()
    assert len(joined.data) == 3475  # every district stays on the map


@pytest.fixture
def wijken(tmp_path):
    frame = gpd.GeoDataFrame(
        {"wijkcode": ["WK999901", "WK999902", "WK999903"], "wijknaam": ["Oud-Centrum", "Sint-Jansbuurt", "Élzenhage"],
         "aantal_inwoners": [100, 200, 300]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)], crs=4326,
    )
    path = tmp_path / "wijken.geojson"
    frame.to_file(path)
    return read_boundaries(path)


def test_duplicates_are_reported_and_the_first_row_used(wijken):
    table = _table(pd.DataFrame({"code": ["WK999901", "wk999901", "WK999902"], "v": [1, 2, 3]}), code_column="code")
    joined, report = join_indicators(wijken, table)
    assert report.duplicates == ["WK999901"]
    assert report.matched == 2
    assert joined.data.set_index("code").loc["WK999901", "v"] == 1


def test_buurt_table_on_wijken_warns_of_the_level_mismatch(wijken):
    table = _table(pd.DataFrame({"code": ["BU99990101", "BU99990102"], "v": [1, 2]}), code_column="code")
    _, report = join_indicators(wijken, table)
    assert report.matched == 0
    assert report.level_mismatch == "the table holds buurt codes but the boundaries are wijk districts"
    assert report.other_levels == {"buurt": 2}


def test_cbs_table_with_all_levels_joins_its_own_level(wijken):
    table = _table(pd.DataFrame({"code": ["GM9999", "WK999901", "BU99990101"], "v": [9, 1, 5]}), code_column="code")
    _, report = join_indicators(wijken, table)
    assert report.matched == 1
    assert report.level_mismatch is None
    assert report.other_levels == {"gemeente": 1, "buurt": 1}


def test_names_join_ignoring_case_accents_and_punctuation(wijken):
    table = _table(
        pd.DataFrame({"gebied": ["oud centrum", "SINT JANSBUURT", "Elzenhage", "Nergenshuizen"], "v": [1, 2, 3, 4]}),
        name_column="gebied",
    )
    joined, report = join_indicators(wijken, table)
    assert report.joined_on == "naam"
    assert report.matched == 3
    assert report.unmatched_table == [{"code": None, "naam": "Nergenshuizen"}]
    assert joined.data.set_index("code")["v"].tolist() == [1, 2, 3]


def test_ambiguous_names_are_not_guessed(tmp_path):
    frame = gpd.GeoDataFrame(
        {"wijkcode": ["WK000101", "WK000201"], "wijknaam": ["Centrum", "Centrum"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=4326,
    )
    frame.to_file(tmp_path / "w.geojson")
    boundaries = read_boundaries(tmp_path / "w.geojson")
    _, report = join_indicators(boundaries, _table(pd.DataFrame({"naam": ["Centrum"], "v": [1]}), name_column="naam"))
    assert report.matched == 0
    assert report.ambiguous_names == ["Centrum"]


def test_table_figures_replace_same_named_boundary_figures(wijken):
    table = _table(pd.DataFrame({"code": ["WK999901"], "aantal_inwoners": ["."]}), code_column="code")
    joined, report = join_indicators(wijken, table)
    assert report.replaced_columns == ["aantal_inwoners"]
    assert joined.status["aantal_inwoners"].tolist() == ["secret", "missing", "missing"]


def test_table_without_codes_or_names_says_what_to_add(wijken):
    with pytest.raises(JoinError, match="no column with region codes or district names"):
        join_indicators(wijken, _table(pd.DataFrame({"v": [1]})))


def test_simplify_name():
    assert simplify_name("  Sint-Jansbuurt ") == simplify_name("sint jansbuurt")
    assert simplify_name("Élzenhage") == "elzenhage"
    assert simplify_name(None) == ""


def test_a_table_of_one_gemeente_crops_the_national_map_to_it(national):
    codes = [c for c in national.data["code"] if c.startswith("WK1916")][:-1]  # one of its wijken has no row
    table = _table(pd.DataFrame({"code": codes, "v": [int(c[2:]) for c in codes]}), code_column="code")
    joined, report = join_indicators(national, table)
    assert report.cropped_to == ["GM1916"] and report.left_out == 3475 - 13
    assert sorted(joined.data["code"]) == sorted(c for c in national.data["code"] if c.startswith("WK1916"))
    # each kept district carries its own row's figure, the one without a row none
    figures = dict(zip(joined.data["code"], joined.data["v"]))
    assert all(figures[c] == int(c[2:]) for c in codes) and pd.isna(figures["WK191613"])
    assert [row["code"] for row in report.unmatched_boundaries] == ["WK191613"]  # a gap in the gemeente, shown
    kept, report = join_indicators(national, table, crop=False)
    assert len(kept.data) == 3475 and report.cropped_to == []


def test_a_table_of_most_gemeenten_keeps_the_whole_map(national):
    codes = national.data["code"].tolist()[:3000]
    joined, report = join_indicators(national, _table(pd.DataFrame({"code": codes, "v": 1}), code_column="code"))
    assert len(joined.data) == 3475 and report.cropped_to == []


def test_a_figure_the_table_brings_under_another_spelling_replaces_the_files_own(real_file):
    """PDOK's wijken of GM1916 carry their own KWB figures; joined to KWB 2024, "Aantal inwoners" stood twice
    (aantal_inwoners 2.425 and AantalInwoners 2.355 in Stompwijk, one label), and the second could not be chosen."""
    from indicators.core.registry import find_indicator
    from indicators.io.readers import read_table

    wijken = read_boundaries(real_file("wijken_2025_GM1916_subset.geojson"))
    joined, report = join_indicators(wijken, read_table(real_file("kwb2024_85984NED_gm_wk_values.json")))
    inwoners = [c for c in joined.figures if (found := find_indicator(c)) is not None and found.id == "inwoners"]
    assert inwoners == ["AantalInwoners"]  # the table's, the figure the user joined
    assert "aantal_inwoners" in report.replaced_columns
    assert joined.figures.index("AantalInwoners") < joined.figures.index("huishoudens")  # in the place of the file's
    stompwijk = joined.data.set_index("code").at["WK191604", "AantalInwoners"]
    assert stompwijk == 2355


def test_a_long_table_joins_its_level_with_every_group_at_totaal(wijken, tmp_path):
    """aggregate's table holds every level and group with margins: 3 wijken x (man, vrouw, Totaal) and more.

    Joined whole it gave every wijk three rows ("duplicates, first row used": the men's figure on
    the map); the map shows each wijk's Totaal.
    """
    from indicators.io.readers import read_table

    persons = own_persons(["BU99990101", "BU99990201", "BU99990301"], 900, "geslacht", ["man", "vrouw"], "werk",
                          seed=3)
    result, path = own_table(tmp_path, persons, "geslacht", "werk=sum:werk", {"werk": "Werkenden"})
    joined, report = join_indicators(wijken, read_table(path))
    assert (report.matched, report.duplicates, report.other_levels) == (3, [], {})
    frame = result.frame
    totals = frame[(frame["niveau"] == "wijk") & (frame["geslacht"] == "Totaal")].set_index("code")["werk"]
    assert dict(zip(joined.region_codes, joined.data["werk"])) == totals.to_dict()
    assert joined.columns["werk"].title == "Werkenden"  # the label travels through the join


def test_a_chosen_group_of_a_long_table_is_joined_and_named_in_the_title(wijken, tmp_path):
    """The women's figure on the map says it is the women's."""
    from indicators.core.describe import describe_column
    from indicators.io.readers import read_table

    persons = own_persons(["BU99990101", "BU99990201", "BU99990301"], 900, "geslacht", ["man", "vrouw"], "werk",
                          seed=4)
    result, path = own_table(tmp_path, persons, "geslacht", "werk=sum:werk", {"werk": "Werkenden"})
    joined, report = join_indicators(wijken, read_table(path), groups={"geslacht": "vrouw"})
    assert report.groups == {"geslacht": "vrouw"} and report.matched == 3
    frame = result.frame
    women = frame[(frame["niveau"] == "wijk") & (frame["geslacht"] == "vrouw")].set_index("code")["werk"]
    assert dict(zip(joined.region_codes, joined.data["werk"])) == women.to_dict()
    assert describe_column(joined, "werk").title == "Werkenden (geslacht: vrouw)"
    _, everyone = join_indicators(wijken, read_table(path))
    assert everyone.groups == {"geslacht": "Totaal"}
