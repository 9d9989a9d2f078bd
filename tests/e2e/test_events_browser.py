"""The Evenementen page in a real Chromium, offline: sentences, timeline, effect map and ranking, with a screenshot."""

import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.conftest import MAP_BOX
from tests.e2e.test_app_browser import map_frame, no_traceback

pytestmark = pytest.mark.skipif(not (DEMO_DATA / "omzet_demo.csv").exists(), reason="demo events not generated")


def test_events_page_draws_timeline_map_and_ranking(page, app_url, screenshot):
    page.goto(f"{app_url}/evenementen")
    page.get_by_text("lag de omzet in de horeca in Centrum").first.wait_for(timeout=90_000)
    frame = map_frame(page, count=12)
    legend = frame.locator(".wv-legend").inner_text()
    assert "Effect van Jazz in het Park" in legend and "%" in legend
    charts = page.locator("[data-testid=stVegaLiteChart]")
    charts.nth(1).wait_for(timeout=30_000)
    assert charts.count() == 2
    page.get_by_text("Wat niet getoond wordt").wait_for()
    no_traceback(page)
    screenshot(page)
    page.locator(MAP_BOX).first.scroll_into_view_if_needed()
    screenshot(page, "-map")
    charts.nth(1).scroll_into_view_if_needed()
    screenshot(page, "-ranking")
    assert page.blocked == []
