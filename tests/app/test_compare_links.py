"""The Vergelijken page in the address and in saved views: a link or a view reproduces the comparison."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from tests.app.conftest import assert_ok, new_app, open_page, texts
from tests.app.test_presenteren import slide_title
from ui.i18n import plain
from ui.store import ViewStore

BIJSTAND = "personen_per_soort_uitkering_bijstand"
TWO_YEARS = {"view": "maps", "maps_mode": "years", "other_year": 2023}


def compare_page(**url):
    at = new_app(niveau="buurt", indicator=BIJSTAND, **url).run()
    return open_page(at, "vergelijken")


@pytest.mark.slow
def test_a_link_opens_two_years_side_by_side():
    at = compare_page(vergelijk="maps", naast="years", ander_jaar="2023")
    assert_ok(at)
    assert at.segmented_control(key="compare_view").value == "maps"
    assert at.radio(key="compare_maps_mode").value == "years"
    assert at.selectbox(key="compare_other_year").value == 2023
    assert not at.warning
    assert {"vergelijk": "maps", "naast": "years", "ander_jaar": "2023", "niveau": "buurt"}.items() <= \
        dict(at.query_params).items()


def test_changing_the_comparison_rewrites_the_address():
    at = compare_page(vergelijk="maps")
    at.radio(key="compare_maps_mode").set_value("indicators").run()
    second = at.selectbox(key="compare_second_indicator").value
    assert at.query_params["naast"] == "indicators" and at.query_params["tweede"] == second
    assert "ander_jaar" not in at.query_params  # only what the comparison on screen uses
    at.segmented_control(key="compare_view").set_value("ranking").run()
    assert at.query_params["vergelijk"] == "ranking" and "naast" not in at.query_params
    # the map page's own address has none of it
    open_page(at, "kaart")
    assert "vergelijk" not in at.query_params and at.query_params["indicator"] == BIJSTAND


def test_a_bad_value_in_a_link_is_named_and_the_default_is_shown():
    at = compare_page(vergelijk="maps", naast="years", ander_jaar="1999")
    assert_ok(at)
    assert ("De waarde '1999' voor 'ander_jaar' in het adres bestaat hier niet; de standaardwaarde is gebruikt."
            in texts(at.warning))
    assert at.selectbox(key="compare_other_year").value == 2023
    at = compare_page(vergelijk="<b>kaart</b>")
    assert at.segmented_control(key="compare_view").value == "districts"
    assert any(f"'{plain('<b>kaart</b>')}'" in w for w in texts(at.warning))


def test_two_maps_are_saved_as_a_view_whose_link_reproduces_them(views_database):
    at = compare_page(vergelijk="maps", naast="years", ander_jaar="2023")
    form = [w for w in at.text_input if w.label == "Titel"]
    assert form[0].value == "Personen met bijstand: 2023 en 2024"
    form[0].set_value("Bijstand toen en nu")
    next(b for b in at.button if b.label == "Opslaan").click()
    at.run()
    assert_ok(at)
    (saved,) = ViewStore(views_database).list_views()
    assert saved.settings["compare"] == TWO_YEARS and saved.settings["level"] == "buurt"
    at = open_page(at, "presenteren")
    link = at.expander[0].code[0].value
    assert re.search(r"/vergelijken\?.*vergelijk=maps&naast=years&ander_jaar=2023", link)
    # Openen goes to Vergelijken with the two maps
    at.button(key=f"open_{saved.id}").click().run()
    assert_ok(at)
    assert at.segmented_control(key="compare_view").value == "maps"
    assert at.selectbox(key="compare_other_year").value == 2023


def _compare_view(database, title="Bijstand toen en nu"):
    return ViewStore(database).save_view(title, {"dataset": "demo", "level": "buurt", "year": 2024,
                                                "indicator": BIJSTAND, "compare": TWO_YEARS},
                                         note="Het oosten blijft achter.")


def test_a_comparison_is_presented_as_two_maps_and_leaves_vergelijken_as_it_was(views_database):
    saved = _compare_view(views_database)
    ViewStore(views_database).create_deck("Stuurgroep", [saved.id])
    at = open_page(new_app().run(), "presenteren")
    at.button(key="deck_start").click().run()
    assert_ok(at)
    assert ">Bijstand toen en nu<" in slide_title(at)
    subtitles = [m.value for m in at.markdown if m.value.startswith('<div class="wv-slide-subtitle">')]
    assert [re.search(r"\((\d{4})\)", s).group(1) for s in subtitles] == ["2023", "2024"]
    at.button(key="wv-stop").click().run()
    open_page(at, "vergelijken")
    assert at.segmented_control(key="compare_view").value == "districts"  # not taken over from the slide


@pytest.mark.slow
def test_a_comparison_downloads_as_a_slide_with_two_maps_and_one_offline_page(views_database, download_bytes):
    saved = _compare_view(views_database, "Bijstand <i>toen</i> en nu")
    at = open_page(new_app().run(), "presenteren")
    at.button(key=f"export_{saved.id}").click().run()
    assert_ok(at)
    buttons = {b.proto.label: b for b in at.get("download_button") if f"download_{saved.id}_" in b.proto.id}
    assert sorted(buttons) == ["Download als HTML", "Download als PDF", "Download als PNG", "Download als SVG"]
    pdf = pypdf.PdfReader(io.BytesIO(download_bytes(buttons["Download als PDF"])))
    text = pdf.pages[0].extract_text()
    assert len(pdf.pages) == 2 and "Bijstand <i>toen</i> en nu" in text  # the slide, then the appendix
    assert "Personen met bijstand (2023)" in text and "Personen met bijstand (2024)" in text
    assert "Het oosten blijft achter." in text and "geheim (< 10)" in text
    appendix = " ".join(pdf.pages[1].extract_text().split())
    assert "Personen met bijstand (2023): Bron: " in appendix and "Personen met bijstand (2024): Bron: " in appendix
    page = download_bytes(buttons["Download als HTML"]).decode("utf-8")
    assert page.count("<iframe") == 2 and "<title>Bijstand &lt;i&gt;toen&lt;/i&gt; en nu</title>" in page
    assert "Notitie:</span> Het oosten blijft achter.</p>" in page  # the note, under the title
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?://""", page)


def test_links_to_two_districts_a_scatter_and_a_change_map():
    at = compare_page(vergelijk="districts", gebied_a="BU99990201", gebied_b="BU99990305")
    assert (at.selectbox(key="compare_first").value, at.selectbox(key="compare_second").value) == (
        "BU99990201", "BU99990305")
    assert at.query_params["gebied_a"] == "BU99990201" and at.query_params["gebied_b"] == "BU99990305"
    at = compare_page(vergelijk="scatter", x="aantal_inwoners")
    assert at.selectbox(key="compare_x").value == "aantal_inwoners" and at.query_params["x"] == "aantal_inwoners"
    at = compare_page(vergelijk="change", vanaf="2023")
    assert at.selectbox(key="compare_since").value == 2023 and at.query_params["vanaf"] == "2023"
    assert_ok(at)
