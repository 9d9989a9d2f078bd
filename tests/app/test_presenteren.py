"""App logic of the Presenteren page: the current map with its title and the source line."""

from __future__ import annotations

import re
from datetime import date

from tests.app.conftest import assert_ok, new_app, open_page, texts

FOOTER = ("Bron: wijkenbuurten_{year}_demo.gpkg + jeugdwerkloosheid_{year}_demo.csv · Gemaakt op {today} · "
          "Synthetische demodata: geen echte cijfers")


def _without_disclosure(footer: str) -> str:
    """The footer without the disclosure note, whose counts depend on the data."""
    return re.sub(r" · Onthullingscontrole: [^·]*· ", " · ", footer)


def test_the_default_view_is_presented_with_title_and_footer():
    at = open_page(new_app().run(), "presenteren")
    assert_ok(at)
    assert texts(at.title) == ["Aantal inwoners (2024)"]
    captions = texts(at.caption)
    assert "De huidige kaart op volle breedte, voor een presentatie. Opgeslagen weergaven en decks volgen." in captions
    assert _without_disclosure(captions[-1]) == FOOTER.format(year=2024, today=date.today().isoformat())
    assert "Onthullingscontrole: minimaal 10 per cel" in captions[-1]


def test_the_view_chosen_on_the_map_page_is_the_one_presented():
    at = new_app().run()
    at.selectbox(key="theme").set_value("uitkeringen").run()
    at.selectbox(key="year").set_value(2023).run()
    at.radio(key="level").set_value("buurt").run()
    open_page(at, "presenteren")
    assert_ok(at)
    assert texts(at.title) == ["Personen met bijstand (2023)"]
    assert _without_disclosure(texts(at.caption)[-1]) == FOOTER.format(year=2023, today=date.today().isoformat())
    assert (at.session_state["level"], at.session_state["indicator"]) == (
        "buurt", "personen_per_soort_uitkering_bijstand")
    assert at.query_params["jaar"] == "2023"
