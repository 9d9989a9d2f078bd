"""App logic of the Evenementen page on the demo data: it works at first open, in Dutch and English."""

from __future__ import annotations

import pytest

from tests.app.conftest import assert_ok, new_app, open_page, texts
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.skipif(not (DEMO_DATA / "omzet_demo.csv").exists(), reason="demo events not generated")


@pytest.fixture(scope="module")
def events_page():
    at = open_page(new_app().run(), "evenementen")
    assert_ok(at)
    return at


@pytest.mark.slow
def test_the_page_opens_on_the_first_event_with_sentences_in_plain_dutch(events_page):
    choice = events_page.selectbox(key="events_event")
    assert len(choice.options) == 8
    assert choice.value == 0 and choice.options[0].startswith("Jazz in het Park (Centrum, 07-07-2023")
    sentences = texts(events_page.markdown)
    assert any("Tijdens Jazz in het Park lag de omzet in de horeca in Centrum" in s and "hoger dan verwacht" in s
               for s in sentences)
    assert "Synthetische demodata" in " ".join(texts(events_page.caption))
    assert events_page.dataframe[0].value.shape[0] == 3  # detailhandel, horeca, logies


@pytest.mark.slow
def test_the_page_shows_the_timeline_the_ranking_and_what_was_withheld(events_page):
    assert len(events_page.get("vega_lite_chart")) == 2  # the timeline and the ranking
    captions = " ".join(texts(events_page.caption))
    assert "Controlegebieden:" in captions and "Centrum" not in captions.split("Controlegebieden:")[1][:80]
    assert "minder dan 3 bedrijven" in captions
    withheld = [s for s in texts(events_page.markdown) if s.startswith("- Foodtruckfestival")]
    assert len(withheld) == 2


@pytest.mark.slow
def test_an_event_with_a_withheld_sector_offers_only_what_may_be_shown():
    at = open_page(new_app().run(), "evenementen")
    index = next(i for i, label in enumerate(at.selectbox(key="events_event").options)
                 if label.startswith("Foodtruckfestival"))
    at.selectbox(key="events_event").set_value(index).run()
    assert_ok(at)
    options = at.radio(key="events_sector").options
    assert "de horeca en de logiesverstrekking samen" in options and "de horeca" not in options
    rows = at.dataframe[0].value
    withheld = rows[rows["Uitkomst"] == "niet getoond"]
    assert len(withheld) == 2 and (withheld["Effect (%)"] == "").all()


@pytest.mark.slow
def test_the_page_speaks_english_too():
    at = open_page(new_app(taal="en").run(), "evenementen")
    assert_ok(at)
    assert any(s.startswith("- During Jazz in het Park") for s in texts(at.markdown))
    at.number_input(key="events_weeks").set_value(6).run()
    assert_ok(at)
    assert any("6 weeks before" in c for c in texts(at.caption))
