"""App logic of the Vergelijken page: two districts side by side with the average and the difference."""

from __future__ import annotations

import pytest

from tests.app.conftest import assert_ok, new_app, open_page, texts


def dutch_number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def compared():
    """Vinkenoord (A, secret bijstand and WW) against Sluiswijk (B), buurten of 2024."""
    at = open_page(new_app(niveau="buurt").run(), "vergelijken")
    at.selectbox(key="compare_first").set_value("BU99990305").run()
    at.selectbox(key="compare_second").set_value("BU99990101").run()
    assert_ok(at)
    return at


def rows(at) -> dict[str, dict]:
    frame = at.dataframe[0].value
    return {row["Indicator"]: row for row in frame.to_dict("records")}


def test_the_page_introduces_itself_and_offers_every_buurt(compared):
    assert "Zet twee gebieden naast elkaar: elke indicator met het gemiddelde en het verschil." in texts(
        compared.caption)
    first = compared.selectbox(key="compare_first")
    assert len(first.options) == 60
    assert "Vinkenoord (BU99990305)" in first.options
    assert first.value == "BU99990305"
    assert compared.selectbox(key="compare_second").value == "BU99990101"


def test_nothing_but_the_choices_and_the_table_stands_between_them(compared):
    """A stray expression in the page once printed the two chosen codes ("BU99990305 BU99990101") above the table."""
    main = compared.main
    shown = [getattr(element, "value", "") for element in main]
    assert not any(isinstance(value, str) and "BU99990305" in value and "BU99990101" in value for value in shown)
    assert not compared.get("markdown") and not compared.get("json") and not compared.get("text")


def test_both_districts_stand_side_by_side_with_the_average(compared):
    frame = compared.dataframe[0].value
    assert list(frame.columns) == ["Indicator", "A: Vinkenoord", "B: Sluiswijk", "Gemiddelde buurten", "Verschil",
                                   "Opvallend verschil"]
    inwoners = rows(compared)["Aantal inwoners"]
    # Vinkenoord's inhabitants are suppressed by disclosure control (secondary: they would reveal a small
    # neighbour through the wijk total); the average leaves suppressed cells out.
    assert (inwoners["A: Vinkenoord"], inwoners["B: Sluiswijk"], inwoners["Gemiddelde buurten"]) == (
        "geheim", "1.785", "1.278")


def test_the_difference_is_the_first_minus_the_second(compared):
    table = rows(compared)
    assert table["Aantal inwoners"]["Verschil"] == ""  # no difference with a suppressed cell
    assert table["Bedrijfsvestigingen"]["Verschil"] == "-300"  # 45 - 345
    assert table["Gemiddelde huishoudensgrootte (personen)"]["Verschil"] == "0,4"  # 2,2 - 1,8
    for row in table.values():
        if "geheim" in (row["A: Vinkenoord"], row["B: Sluiswijk"]):
            continue
        difference = dutch_number(row["A: Vinkenoord"]) - dutch_number(row["B: Sluiswijk"])
        assert dutch_number(row["Verschil"]) == pytest.approx(difference, abs=0.051), row["Indicator"]


def test_a_secret_value_reads_geheim_and_has_no_difference(compared):
    table = rows(compared)
    for indicator in ("Personen met bijstand", "Personen met WW"):
        assert table[indicator]["A: Vinkenoord"] == "geheim"
        assert table[indicator]["B: Sluiswijk"] not in ("geheim", "")
        assert table[indicator]["Verschil"] == ""


def test_the_district_selected_on_the_map_is_the_first_one_offered():
    at = new_app(niveau="buurt", gebied="BU99990305").run()
    open_page(at, "vergelijken")
    assert_ok(at)
    assert at.selectbox(key="compare_first").value == "BU99990305"
    assert list(at.dataframe[0].value.columns)[1] == "A: Vinkenoord"


def test_the_sidebar_level_applies_to_the_comparison():
    at = open_page(new_app().run(), "vergelijken")
    assert_ok(at)
    assert at.selectbox(key="compare_first").options[0] == "Centrum (WK999901)"
    assert len(at.selectbox(key="compare_first").options) == 12
    assert "Gemiddelde wijken" in at.dataframe[0].value.columns


def test_the_two_districts_chosen_survive_a_visit_to_another_page(compared):
    open_page(compared, "gegevens")
    open_page(compared, "vergelijken")
    assert_ok(compared)
    assert compared.selectbox(key="compare_first").value == "BU99990305"
    assert compared.selectbox(key="compare_second").value == "BU99990101"
