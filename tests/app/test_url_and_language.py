"""The view in the address (read, checked, written, reproduced) and the Dutch/English switch."""

from __future__ import annotations

import pytest

from tests.app.conftest import assert_ok, new_app, open_page, texts, view_state
from ui.i18n import plain

FULL_URL = {
    "dataset": "demo", "niveau": "buurt", "jaar": "2023", "indicator": "personen_per_soort_uitkering_bijstand",
    "indeling": "natural_breaks", "k": "7", "palet": "Blues", "achtergrond": "osm", "gebied": "BU99990601",
    "taal": "nl",
}
DEFAULT_VIEW = {"dataset": "demo", "level": "wijk", "year": 2024, "theme": "bevolking", "indicator": "aantal_inwoners",
                "scheme": "quantiles", "k": 5, "palette": "YlOrRd", "basemap": "none", "lang": "nl"}


def test_a_url_with_every_parameter_reproduces_the_view():
    at = new_app(**FULL_URL).run()
    assert_ok(at)
    assert not at.warning
    assert view_state(at) == {
        "dataset": "demo", "level": "buurt", "year": 2023, "theme": "uitkeringen",
        "indicator": "personen_per_soort_uitkering_bijstand", "scheme": "natural_breaks", "k": 7,
        "palette": "Blues", "basemap": "osm", "selected": "BU99990601", "lang": "nl"}
    assert at.radio(key="level").value == "buurt"
    assert at.radio(key="k").value == 7
    assert texts(at.subheader) == ["Profiel van Sluisburg (BU99990601)"]  # the buurt that was split in 2024
    assert dict(at.query_params) == FULL_URL


INVALID = [
    # parameter, value, widget key
    ("jaar", "1999", "year"),
    ("jaar", "vorig", "year"),
    ("k", "99", "k"),
    ("niveau", "provincie", "level"),
    ("indeling", "manual", "scheme"),
    ("palet", "Regenboog", "palette"),
    ("achtergrond", "google", "basemap"),
    ("dataset", "upload-1234abcd", "dataset"),
    ("taal", "fr", "lang"),
]


@pytest.mark.parametrize(("name", "value", "key"), INVALID, ids=[f"{n}={v}" for n, v, _ in INVALID])
def test_an_invalid_url_value_falls_back_to_the_default_with_a_dutch_warning(name, value, key):
    at = new_app(**{name: value}).run()
    assert_ok(at)
    assert texts(at.warning) == [
        f"De waarde '{plain(value)}' voor '{name}' in het adres bestaat hier niet; de standaardwaarde is gebruikt."]
    assert at.session_state[key] == DEFAULT_VIEW[key]
    assert at.query_params[name] == str(DEFAULT_VIEW[key])


def test_an_unknown_indicator_in_the_url_falls_back_to_the_first_with_a_warning():
    at = new_app(indicator="bestaat_niet").run()
    assert_ok(at)
    # the value from the link is shown literally (Markdown escaped: no link or image can be slipped in)
    assert texts(at.warning) == ["Indicator 'bestaat\\_niet' bestaat niet in deze gegevens; de eerste indicator is "
                                 "gekozen."]
    assert at.session_state["indicator"] == "aantal_inwoners"
    assert at.query_params["indicator"] == "aantal_inwoners"


def test_an_unknown_district_in_the_url_is_dropped_with_a_warning():
    at = new_app(gebied="BU00000000").run()
    assert_ok(at)
    assert texts(at.warning) == [
        "Gebied 'BU00000000' bestaat niet op dit niveau of in dit jaar; de selectie is opgeheven."]
    assert at.subheader.len == 0
    assert "gebied" not in at.query_params


def test_valid_values_are_kept_beside_an_invalid_one():
    at = new_app(niveau="buurt", k="99", palet="Greens", jaar="1999").run()
    assert_ok(at)
    assert len(at.warning) == 2
    assert (at.session_state["level"], at.session_state["palette"]) == ("buurt", "Greens")
    assert (at.session_state["k"], at.session_state["year"]) == (5, 2024)


def test_the_warning_is_shown_once_not_on_every_rerun():
    at = new_app(k="99").run()
    assert len(at.warning) == 1
    at.selectbox(key="palette").set_value("Blues").run()
    assert_ok(at)
    assert not at.warning


def test_the_url_written_after_changes_reproduces_the_view_in_a_new_session():
    at = new_app().run()
    at.radio(key="level").set_value("buurt").run()
    at.selectbox(key="year").set_value(2023).run()
    at.selectbox(key="theme").set_value("uitkeringen").run()
    at.selectbox(key="indicator").set_value("personen_per_soort_uitkering_ao").run()
    at.selectbox(key="scheme").set_value("equal_interval").run()
    at.radio(key="k").set_value(4).run()
    at.selectbox(key="palette").set_value("PuOr").run()
    at.selectbox(key="basemap").set_value("pdok_grijs").run()
    at.session_state["selected"] = "BU99990305"
    at.toggle(key="english").set_value(True).run()
    assert_ok(at)
    link = dict(at.query_params)
    assert link["gebied"] == "BU99990305" and link["taal"] == "en"

    again = new_app(**link).run()
    assert_ok(again)
    assert not again.warning
    assert view_state(again) == view_state(at)
    assert texts(again.subheader) == texts(at.subheader) == ["Profile of Vinkenoord (BU99990305)"]
    assert dict(again.query_params) == link


def test_a_link_to_another_page_keeps_the_view():
    at = new_app(niveau="buurt", jaar="2023", indicator="percentage_zelfstandigen").run()
    open_page(at, "presenteren")
    assert_ok(at)
    assert texts(at.subheader)[0] == "Zelfstandigen (%) (2023)"
    assert at.query_params["indicator"] == "percentage_zelfstandigen"


# --- language --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sluiswijk():
    """The profile of Sluiswijk (1.785 inhabitants), in Dutch."""
    at = new_app(niveau="buurt", gebied="BU99990101").run()
    assert_ok(at)
    return at


def test_the_toggle_switches_texts_and_numbers_to_english_and_back(sluiswijk):
    at = sluiswijk
    assert at.toggle(key="english").value is False
    assert at.toggle(key="english").label == "English"
    dutch = at.dataframe[0].value.iloc[0].tolist()
    assert dutch == ["Aantal inwoners", "1.785", "1.278", "11 van 58"]

    at.toggle(key="english").set_value(True).run()
    assert_ok(at)
    assert at.session_state["lang"] == "en"
    assert at.query_params["taal"] == "en"
    assert texts(at.subheader) == ["Profile of Sluiswijk (BU99990101)"]
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["Indicator", "Value", "Average of the neighbourhoods", "Rank"]
    assert frame.iloc[0].tolist() == ["Inhabitants", "1,785", "1,278", "11 of 58"]
    assert frame.set_index("Indicator").at["Average household size (persons)", "Value"] == "1.8"
    assert at.text_input(key="search").label == "Find an area (name or code)"
    assert at.radio(key="level").options == ["Districts", "Neighbourhoods"]
    assert at.selectbox(key="theme").options[0] == "Population"
    assert at.button(key="clear_selection").label == "Clear selection"
    assert any("Synthetic demo data: not real figures." in caption for caption in texts(at.caption))

    at.toggle(key="english").set_value(False).run()
    assert_ok(at)
    assert at.query_params["taal"] == "nl"
    assert texts(at.subheader) == ["Profiel van Sluiswijk (BU99990101)"]
    assert at.dataframe[0].value.iloc[0].tolist() == dutch
    assert at.radio(key="level").options == ["Wijken", "Buurten"]


def test_english_stays_on_when_moving_to_another_page():
    at = new_app(taal="en").run()
    assert_ok(at)
    assert at.toggle(key="english").value is True
    open_page(at, "gegevens")
    assert_ok(at)
    assert texts(at.caption)[0].startswith("Load a boundary file and/or a table of figures per area.")
    assert texts(at.subheader) == ["Data shown: Demostad"]
    assert [button.label for button in at.download_button] == [
        "Download as CSV", "Download as XLSX", "Download as GPKG"]
    open_page(at, "vergelijken")
    assert_ok(at)
    assert "Difference" in at.dataframe[0].value.columns
    assert at.selectbox(key="compare_first").label == "First area"


def test_an_english_upload_error_is_english():
    at = open_page(new_app(taal="en").run(), "gegevens")
    at.file_uploader(key="upload_boundaries").set_value(("empty.geojson", b"", "application/geo+json"))
    at.button[0].click().run()
    assert_ok(at)
    (error,) = texts(at.error)
    assert error.startswith("The boundary file 'empty.geojson' could not be used: the file is empty (0 bytes).")
