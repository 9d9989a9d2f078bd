"""Presenting in a real Chromium: save two views, build a deck, present it with the keyboard, export the PDF."""

import io

import pypdf
import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.test_app_browser import choose_option, map_frame, no_traceback, wait_for_legend

pytestmark = pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")


def save_current_view(page, title: str, note: str) -> None:
    form = page.locator("[data-testid=stForm]").first
    form.get_by_label("Titel").fill(title)
    form.get_by_label("Notitie (verschijnt op de dia)").fill(note)
    form.get_by_role("button", name="Opslaan").click()
    page.get_by_text(f"Weergave '{title}' opgeslagen.").wait_for(timeout=30_000)


def slide_title(page) -> str:
    return page.locator(".wv-slide-title").inner_text(timeout=60_000)


def wait_for_slide(page, title: str) -> None:
    page.locator(".wv-slide-title", has_text=title).wait_for(timeout=60_000)


def test_save_two_views_build_a_deck_present_and_export(page, app_url, screenshot):
    page.goto(f"{app_url}/presenteren?niveau=wijk&indicator=aantal_inwoners")
    map_frame(page)
    save_current_view(page, "Inwoners per wijk", "Centrum groeit het hardst.")
    page.goto(f"{app_url}/presenteren?niveau=buurt&indicator=personen_per_soort_uitkering_bijstand")
    wait_for_legend(page, "bijstand")
    save_current_view(page, "Bijstand per buurt", "Let op de geheime buurten.")

    deck_form = page.locator("[data-testid=stForm]").filter(has_text="Presentatie maken")
    deck_form.get_by_label("Titel van een nieuwe presentatie").fill("Stuurgroep november")
    deck_form.get_by_role("button", name="Presentatie maken").click()
    page.get_by_role("button", name="Presentatie exporteren (JSON)").wait_for(timeout=30_000)
    for position, title in enumerate(("Inwoners per wijk", "Bijstand per buurt"), start=1):
        choice = page.locator("[data-testid=stSelectbox]").filter(has_text="Weergave").last
        choose_option(page, choice, title)
        page.get_by_role("button", name="Toevoegen").click()
        page.get_by_text(f"{position}. {title}").wait_for(timeout=30_000)
    assert page.get_by_text("1. Inwoners per wijk").is_visible()

    page.get_by_role("button", name="Presentatie starten").click()
    wait_for_slide(page, "Inwoners per wijk")
    wait_for_legend(page, "inwoners")
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    assert page.get_by_text("Centrum groeit het hardst.").is_visible()
    assert page.get_by_text("1 / 2").is_visible()
    screenshot(page, "_slide1")
    page.locator(".wv-slide-title").click()  # the keys go to the page, not to the map
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, "Bijstand per buurt")
    frame = wait_for_legend(page, "bijstand")
    assert "geheim" in frame.locator(".wv-legend").inner_text()
    assert page.get_by_text("2 / 2").is_visible()
    screenshot(page, "_slide2")
    page.keyboard.press("ArrowLeft")
    wait_for_slide(page, "Inwoners per wijk")
    page.get_by_role("button", name="Stoppen").click()
    page.get_by_role("button", name="Dia's maken (PDF, PNG)").wait_for(timeout=60_000)
    no_traceback(page)

    page.get_by_role("button", name="Dia's maken (PDF, PNG)").click()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Download als PDF").click()
    pdf = pypdf.PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    assert len(pdf.pages) == 2
    first, second = (p.extract_text() for p in pdf.pages)
    assert "Inwoners per wijk" in first and "Centrum groeit het hardst." in first
    assert "Bijstand per buurt" in second and "geheim (< 10)" in second
    assert page.blocked == []
    no_traceback(page)
