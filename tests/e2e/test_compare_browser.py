"""Every comparison view of the Vergelijken page in a real Chromium, offline, with a screenshot each."""

import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.conftest import MAP_BOX
from tests.e2e.test_app_browser import map_frame, no_traceback, wait_for_legend
from tests.e2e.waits import wait_until, wait_until_still, wait_until_unchanged

pytestmark = pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")

URL = "/vergelijken?niveau=buurt&indicator=personen_per_soort_uitkering_bijstand&gebied=BU99990101"


def _open(page, app_url, view_label):
    page.goto(app_url + URL)
    page.get_by_text("Twee gebieden").first.wait_for(timeout=60_000)
    _choose(page, view_label)


def _choose(page, view_label):
    page.get_by_role("radio", name=view_label, exact=True).click()


def test_two_districts(page, app_url, screenshot):
    _open(page, app_url, "Twee gebieden")
    page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=30_000)
    # the grid draws on a canvas; its accessible header names the columns
    page.locator("th", has_text="Opvallend verschil").first.wait_for(state="attached", timeout=30_000)
    no_traceback(page)
    screenshot(page)
    assert page.blocked == []


def test_two_maps_share_one_class_scheme(page, app_url, screenshot):
    _open(page, app_url, "Twee kaarten")
    page.get_by_text("Beide kaarten gebruiken dezelfde klassen").wait_for(timeout=30_000)
    page.wait_for_function(f"() => document.querySelectorAll({MAP_BOX!r}).length >= 2", timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('[data-painted=\"1\"] .wv-legend').length >= 2",
                           timeout=30_000)
    boxes = sorted(page.locator(MAP_BOX).element_handles(), key=lambda box: box.bounding_box()["x"])
    legends = [box.evaluate("b => b.querySelector('.wv-legend').innerText") for box in boxes]
    assert len(legends) == 2
    ranges = [[line.split("(")[0].strip() for line in text.splitlines()[1:6]] for text in legends]
    assert ranges[0] == ranges[1]  # the same class bounds on both maps
    assert all("geheim (< 10)" in text for text in legends)  # disclosure control named on both

    # zooming one map zooms the other with it, to the same place
    left, right = boxes
    view = "b => { const m = b.querySelector('[data-painted]').wvMap; " \
           "return [m.getZoom(), m.getCenter().lat, m.getCenter().lng]; }"
    before = right.evaluate(view)
    both = lambda: (left.evaluate(view), right.evaluate(view))  # noqa: E731
    for step in (1, 2):
        left.query_selector(".leaflet-control-zoom-in").click()
        wait_until(page, lambda: left.evaluate(view)[0] == before[0] + step, "the left map zooming in")
        wait_until_unchanged(page, both, "both maps standing still")  # the right one follows

    assert right.evaluate(view) == pytest.approx(left.evaluate(view))
    # a narrower window resizes both maps: neither falls back to the whole area
    width = left.bounding_box()["width"]
    page.set_viewport_size({"width": 1150, "height": 900})
    wait_until(page, lambda: max(left.bounding_box()["width"], right.bounding_box()["width"]) < width,
               "both maps narrowing with the window")
    wait_until_still(page)
    wait_until_unchanged(page, both, "both maps standing still")
    assert left.evaluate(view)[0] == before[0] + 2 and right.evaluate(view)[0] == before[0] + 2
    no_traceback(page)
    screenshot(page)
    assert page.blocked == []


def test_ranking_and_scatter_charts(page, app_url, screenshot):
    _open(page, app_url, "Ranglijst")
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for(timeout=30_000)
    page.get_by_text("gemiddelde").first.wait_for()
    no_traceback(page)
    screenshot(page, "-ranking")
    _choose(page, "Spreidingsdiagram")
    page.get_by_text("r = ").first.wait_for(timeout=30_000)
    no_traceback(page)
    screenshot(page, "-scatter")
    assert page.blocked == []


def test_change_map(page, app_url, screenshot):
    _open(page, app_url, "Verandering")
    wait_for_legend(page, "verandering 2023–2024")
    page.get_by_text("Alleen in 2023: BU99990601").wait_for()
    no_traceback(page)
    screenshot(page)
    assert page.blocked == []


def test_clusters_map_and_sentences(page, app_url, screenshot):
    _open(page, app_url, "Clusters")
    page.get_by_text("Hoge waarden liggen geclusterd in").wait_for(timeout=30_000)
    frame = map_frame(page)
    assert "hoog-hoog (hot spot)" in frame.locator(".wv-legend").inner_text()
    no_traceback(page)
    screenshot(page)
    assert page.blocked == []
