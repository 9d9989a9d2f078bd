"""Charts and maps of the Doelgroepen page as saved views: in a deck, presented, exported as slides."""

from __future__ import annotations

import base64
import io
import re

import pypdf
import pytest

from tests.app.conftest import assert_ok, new_app, open_page, texts
from tests.conftest import DEMO_DATA
from ui.store import ViewStore

pytestmark = pytest.mark.skipif(not (DEMO_DATA / "doelgroepen_model_demo.json").exists(),
                                reason="demo target groups not generated")


@pytest.mark.slow
def test_a_chart_saved_on_the_page_is_presented_and_exported_with_a_map_view(views_database, download_bytes):
    at = open_page(new_app().run(), "doelgroepen")
    titles = at.selectbox(key="tg_save_which").options
    age = titles.index("Werk binnen 12 maanden naar leeftijd")
    at.selectbox(key="tg_save_which").set_value(age).run()
    at.text_input[-1].set_value("Re-integratie naar leeftijd")
    at.text_area[-1].set_value("Jongeren vinden vaker werk.")
    at.button[-1].click().run()  # the form's submit button comes last on the page
    assert_ok(at)
    store = ViewStore(views_database)
    (chart,) = store.list_views()
    assert chart.settings["doelgroepen"]["section"] == "rates" and chart.settings["min_count"] == 10
    zzp_map = store.save_view("Zzp per wijk", {"doelgroepen": {"section": "zzp", "part": 0}, "min_count": 10})
    deck = store.create_deck("Doelgroepen", [chart.id, zzp_map.id])

    at = open_page(new_app().run(), "presenteren")
    assert "/doelgroepen?" in at.expander[0].code[0].value
    at.button(key="deck_start").click().run()
    assert_ok(at)
    assert any(">Re-integratie naar leeftijd<" in m.value for m in at.markdown)
    assert any("Jongeren tot 27 jaar stromen vaker uit naar werk" in m.value for m in at.markdown)
    # the chart as the slide's SVG, scaled to the screen, its title the image's text alternative
    (image,) = [m.value for m in at.markdown if 'class="wv-slide-chart"' in m.value]
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", image).group(1)).decode("utf-8")
    assert svg.startswith("<svg") and "Werk binnen 12 maanden naar leeftijd" in svg
    assert 'alt="Werk binnen 12 maanden naar leeftijd"' in image
    # the deck's controls as on the map views' slides: the counter a screen reader hears, with the title
    assert any('role="status"' in m.value and "Dia 1 van 2" in m.value and "Re-integratie naar leeftijd" in m.value
               for m in at.markdown)
    at.button(key="wv-next").click().run()
    assert_ok(at)
    assert any('class="wv-slide-title">Zzp per wijk<' in m.value and "wv-slide-subtitle" in m.value
               for m in at.markdown)
    assert any("Dia 2 van 2" in m.value for m in at.markdown)
    assert [toggle.key for toggle in at.toggle] == ["english"], "a slide's map fills the screen: no table toggle"
    at.button(key="wv-stop").click().run()

    at.button(key="deck_slides").click().run()
    assert_ok(at)
    pdf = pypdf.PdfReader(io.BytesIO(download_bytes(at.get("download_button")[-2])))
    assert len(pdf.pages) == 2 and store.get_deck(deck.id).view_ids == (chart.id, zzp_map.id)
    first, second = (page.extract_text() for page in pdf.pages)
    assert "Re-integratie naar leeftijd" in first and "Jongeren vinden vaker werk." in first
    assert "Zzp per wijk: Zzp'ers" in second and "SYNTHETISCHE DEMODATA" in second

    at.button(key=f"export_{chart.id}").click().run()
    buttons = {b.proto.label: b for b in at.get("download_button") if f"download_{chart.id}_" in b.proto.id}
    assert sorted(buttons) == ["Download als HTML", "Download als PDF", "Download als PNG", "Download als SVG"]
    page = download_bytes(buttons["Download als HTML"]).decode("utf-8")
    assert "Werk binnen 12 maanden naar leeftijd" in page
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?://""", page)  # opens without internet


@pytest.mark.slow
def test_opening_a_saved_chart_restores_the_pages_choices(views_database):
    store = ViewStore(views_database)
    store.save_view("Trajecten", {"doelgroepen": {
        "section": "rates", "table": "doelgroepen_reintegratie_leeftijd_demo.csv", "numerator": "werk",
        "denominator": "aantal", "by": ["traject", "leeftijdsklasse"], "cross": True, "level": "gemeente",
        "part": 0}, "min_count": 10})
    at = open_page(new_app().run(), "presenteren")
    at.button(key="open_1").click().run()
    assert_ok(at)
    assert at.session_state["tg_cross"] is True
    assert texts(at.header)[0] == "Voor wie werkt re-integratie?"


def test_a_saved_chart_cannot_be_overwritten_by_the_map_on_presenteren(views_database):
    """"Bijwerken" takes the map above the list: for a Doelgroepen chart that would turn it into that map."""
    store = ViewStore(views_database)
    chart = store.save_view("Zzp per wijk", {"doelgroepen": {"section": "zzp", "part": 0}, "min_count": 10})
    kaart = store.save_view("Inwoners", {"dataset": "demo", "level": "wijk", "year": 2024,
                                         "indicator": "aantal_inwoners"})
    at = open_page(new_app().run(), "presenteren")
    assert_ok(at)
    chart_update, map_update = at.button(key=f"update_{chart.id}"), at.button(key=f"update_{kaart.id}")
    assert chart_update.disabled
    # why it is disabled is on the page as text, for keyboard users too (a disabled button takes no focus)
    reasons = [c.value for c in at.caption if "Doelgroepen" in c.value and "opnieuw" in c.value]
    assert len(reasons) == 1, "only the chart's entry says why Bijwerken is disabled"
    assert not map_update.disabled
    map_update.click().run()
    assert_ok(at)
    assert store.get_view(chart.id).settings == {"doelgroepen": {"section": "zzp", "part": 0}, "min_count": 10}


@pytest.mark.slow
def test_how_fast_and_what_works_for_whom_are_presented_and_exported_as_slides(views_database, download_bytes):
    store = ViewStore(views_database)
    work = store.save_view("Naar werk per leeftijd", {"doelgroepen": {"section": "durations", "kind": "werk",
                                                                      "part": 0}, "min_count": 10})
    whom = store.save_view("Wat werkt voor wie", {"doelgroepen": {"section": "for_whom", "part": 0}, "min_count": 10})
    store.create_deck("Uitstroom", [work.id, whom.id])
    at = open_page(new_app().run(), "presenteren")
    at.button(key="deck_start").click().run()
    assert_ok(at)
    (image,) = [m.value for m in at.markdown if 'class="wv-slide-chart"' in m.value]
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", image).group(1)).decode("utf-8")
    assert "Aandeel nog niet uitgestroomd naar werk, per leeftijd" in svg
    assert any("uitgestroomd naar werk" in m.value and "Jongeren tot 27 jaar" in m.value for m in at.markdown)
    at.button(key="wv-next").click().run()
    assert_ok(at)
    assert any("Voor jongeren tot 27 jaar werkt werkstage het best" in m.value for m in at.markdown)
    at.button(key="wv-stop").click().run()
    at.button(key=f"export_{whom.id}").click().run()
    buttons = {b.proto.label: b for b in at.get("download_button") if f"download_{whom.id}_" in b.proto.id}
    pdf = pypdf.PdfReader(io.BytesIO(download_bytes(buttons["Download als PDF"])))
    assert "Wat werkt voor wie" in pdf.pages[0].extract_text()
    # opened again, the page shows the chosen kind
    at.button(key=f"open_{work.id}").click().run()
    assert at.session_state["tg_durations_kind"] == "werk"
