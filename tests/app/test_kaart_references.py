"""The Kaart page's profile beside the gemeente, Nederland and comparable gemeenten, with the wijkprofiel button."""

from __future__ import annotations

import pytest

from tests.app.conftest import assert_ok, new_app

COLUMNS = ["Indicator", "Wijk", "Gemeente", "Nederland", "Vergelijkbaar", "Trend"]


@pytest.fixture(scope="module")
def zuiderhout():
    at = new_app(niveau="wijk", gebied="WK999911").run()
    assert_ok(at)
    return at


def references(at) -> dict:
    frame = at.dataframe[1].value
    assert list(frame.columns) == COLUMNS
    return {row["Indicator"]: row for row in frame.to_dict("records")}


def test_the_profile_shows_the_three_references(zuiderhout):
    rows = references(zuiderhout)
    inwoners = rows["Aantal inwoners"]
    assert (inwoners["Gemeente"], inwoners["Nederland"]) == ("75.140", "14.174.680")  # the CBS rows, not a mean
    assert inwoners["Vergelijkbaar"].replace(".", "").isdigit()
    assert rows["Personen met bijstand"]["Wijk"] == "geheim (< 10)"  # protected as on the map: CBS withheld it
    assert rows["Jeugdwerkloosheid (%)"]["Nederland"] == "–"  # own data has no national figure
    assert any(row["Trend"] in ("↑", "↓", "→") for row in rows.values())


def test_the_wijkprofiel_can_be_downloaded(zuiderhout):
    (button,) = [b for b in zuiderhout.get("download_button") if b.proto.label == "Wijkprofiel downloaden"]
    assert button.proto.help.startswith("Een PDF van 2 tot 4 A4-pagina's")
    assert any("Aalmeer (GM9208)" in text.value for text in zuiderhout.text)  # the comparable gemeenten listed


def test_english_references():
    at = new_app(niveau="wijk", gebied="WK999901", taal="en").run()
    assert_ok(at)
    frame = at.dataframe[1].value
    assert list(frame.columns) == ["Indicator", "District", "Municipality", "Netherlands", "Comparable", "Trend"]
    assert [b.proto.label for b in at.get("download_button")] == ["Download district profile"]
