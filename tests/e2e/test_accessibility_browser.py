"""WCAG 2.1 AA in a real Chromium: axe-core on every page, in Dutch and English, and keyboard-only use.

axe-core (from the axe-playwright-python package, no CDN) runs in every frame of the page, so the
map's own frame is checked too, not only Streamlit's page. Rules: WCAG 2.0 and 2.1, levels A and AA.
"""

from __future__ import annotations

import pathlib
import re

import axe_playwright_python
import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.conftest import MAP_FRAME
from tests.e2e.test_app_browser import map_frame, no_traceback, wait_until_still

pytestmark = pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")

AXE = (pathlib.Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Every page, in the states a user reaches from a link: address -> text that shows the page has drawn.
STATES = {
    "/?niveau=buurt&gebied=BU99990101": "Sluiswijk",
    "/vergelijken": "Vergelijk",
    "/vergelijken?vergelijk=maps": "Vergelijk",
    "/vergelijken?vergelijk=ranking": "Vergelijk",
    "/vergelijken?vergelijk=scatter": "Vergelijk",
    "/vergelijken?vergelijk=clusters": "Vergelijk",
    "/gegevens": "Laden en koppelen",
    "/presenteren": "Presentatie",
    "/evenementen": "Evenementen",
    "/doelgroepen": "Doelgroepen",
}


def axe_violations(page) -> list[str]:
    """Every WCAG A/AA violation axe finds in every frame of the page, one line each."""
    found = []
    for frame in page.frames:
        try:
            frame.evaluate(AXE)
            result = frame.evaluate("options => axe.run(document, options)", WCAG_AA)
        except Exception:  # a frame that went away while the page redrew
            continue
        for violation in result["violations"]:
            node = violation["nodes"][0]
            found.append(f"{frame.url[:60]}: {violation['id']} ({violation['impact']}) at {node['target']}: "
                         f"{node.get('failureSummary', '')[:200]}")
    return found


def settle(page, text: str) -> None:
    """The page has drawn: its own text is there, a map (if any) painted, Streamlit no longer running.

    While Streamlit reruns it fades the elements of the run before (``data-stale``); axe would rightly
    find their contrast too low, so the page must have stood still for a moment.
    """
    page.get_by_text(re.compile(text, re.IGNORECASE)).first.wait_for(timeout=60_000)
    if page.locator(MAP_FRAME).count():
        map_frame(page)
    wait_until_still(page)


# In English every page once (the words differ, the widgets are the same); in Dutch every state.
IN_ENGLISH = ("/?niveau=buurt&gebied=BU99990101", "/vergelijken?vergelijk=maps", "/gegevens", "/presenteren",
              "/evenementen", "/doelgroepen")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_passes_axe(page, app_url, lang):
    problems = []
    for path, text in STATES.items():
        if lang == "en" and path not in IN_ENGLISH:
            continue
        separator = "&" if "?" in path else "?"
        page.goto(f"{app_url}{path}{separator}taal={lang}")
        settle(page, text if lang == "nl" else r".")
        page.wait_for_function(f"() => document.documentElement.lang === {lang!r}", timeout=30_000)
        problems += [f"{path}: {line}" for line in axe_violations(page)]
        no_traceback(page)
    assert problems == []


def test_the_language_follows_the_switch(page, app_url):
    page.goto(f"{app_url}/?niveau=wijk")
    map_frame(page)
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.get_by_text("English").first.click()
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=30_000)
    page.get_by_text("Kaart").first.wait_for(state="detached", timeout=30_000)
    page.get_by_text("English").first.click()
    page.wait_for_function("() => document.documentElement.lang === 'nl'", timeout=30_000)


def test_presentation_mode_passes_axe_and_announces_the_slide(page, app_url, views_file, screenshot, monkeypatch):
    monkeypatch.setenv("WIJKVERKENNER_VIEWS", str(views_file))
    from ui.store import ViewStore

    store = ViewStore()
    first = store.save_view("Inwoners per wijk", {"dataset": "demo", "level": "wijk", "indicator": "aantal_inwoners"},
                            "Centrum groeit het hardst.")
    second = store.save_view("Bijstand per buurt", {"dataset": "demo", "level": "buurt",
                                                    "indicator": "personen_per_soort_uitkering_bijstand"})
    store.create_deck("Toegankelijk", [first.id, second.id])
    page.goto(f"{app_url}/presenteren")
    deck = page.locator("[data-testid=stSelectbox]").filter(has_text="Presentatie").first
    deck.wait_for(timeout=60_000)
    from tests.e2e.test_app_browser import choose_option, click_until

    choose_option(page, deck, "Toegankelijk")
    click_until(page.get_by_role("button", name="Presentatie starten"), page.locator(".wv-slide-title"),
                timeout=60_000)
    map_frame(page)
    status = page.locator("[role=status]").filter(has_text="Dia 1 van 2")
    assert status.get_attribute("aria-live") == "polite"
    assert "Inwoners per wijk" in status.inner_text()  # read out with the slide's title
    assert axe_violations(page) == []
    screenshot(page)


def test_offline_html_maps_pass_axe(page, static_server):
    from geo.datasets import demo_dataset, load_protected
    from geo.simplify import prepare_layer
    from maps.alternatives import describe_map
    from maps.choropleth import build_choropleth
    from maps.webmap import pair_html, web_map_html

    folder, url = static_server
    loaded = load_protected(demo_dataset(), "wijk", 2024)
    choropleth = build_choropleth(loaded.table, "aantal_inwoners")
    layer = prepare_layer(loaded.table.data)
    single = web_map_html(layer, choropleth, description=describe_map(choropleth))
    (folder / "kaart.html").write_text(single, encoding="utf-8")
    (folder / "twee.html").write_text(pair_html("Twee kaarten", [single, single]), encoding="utf-8")
    for name in ("kaart.html", "twee.html"):
        page.goto(f"{url}/{name}")
        page.wait_for_timeout(2_000)
        assert axe_violations(page) == [], name


def test_keyboard_only_a_district_is_chosen_from_the_table_and_its_profile_read(page, app_url, screenshot):
    """Tab, arrow keys and Enter only: to the list under the map, down to a district, and its profile."""
    page.goto(f"{app_url}/?niveau=wijk&indicator=aantal_inwoners")
    map_frame(page)
    label = "Gebied kiezen uit de tabel (hoogste waarde eerst)"
    for _ in range(80):  # Tab through the page (past the map: it never keeps the focus) to the list
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.getAttribute('aria-label') === {label!r}"):
            break
    else:
        raise AssertionError("the list under the map cannot be reached with Tab")
    page.keyboard.press("ArrowDown")  # opens the list
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_text(re.compile(r"Profiel van .* \(WK9999\d\d\)")).wait_for(timeout=30_000)
    page.locator("[data-testid=stDataFrame]:visible").first.wait_for()  # the profile's table
    assert re.search(r"gebied=WK9999\d\d", page.url)
    screenshot(page)
