"""The Doelgroepen page in a real Chromium, offline: the re-integration answer, charts, maps, model; screenshots."""

import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.conftest import MAP_BOX
from tests.e2e.test_app_browser import map_frame, no_traceback

pytestmark = pytest.mark.skipif(not (DEMO_DATA / "doelgroepen_model_demo.json").exists(),
                                reason="demo target groups not generated")


def test_target_groups_page_answers_the_reintegration_question(page, app_url, screenshot):
    page.goto(f"{app_url}/doelgroepen")
    page.get_by_text("Jongeren tot 27 jaar stromen vaker uit naar werk").first.wait_for(timeout=90_000)
    frame = map_frame(page, count=12)
    assert "aandeel in personen" in frame.locator(".wv-legend").first.inner_text()
    charts = page.locator("[data-testid=stVegaLiteChart]")
    charts.nth(4).wait_for(timeout=30_000)
    assert charts.count() == 5  # rates by trajectory and by age, composition, zzp'ers, model
    page.get_by_text("Zo lees je het model").wait_for()
    no_traceback(page)
    screenshot(page)
    for number, name in enumerate(("-rates", "-age", "-composition", "-zzp", "-model")):
        charts.nth(number).scroll_into_view_if_needed()
        screenshot(page, name)
    page.locator(MAP_BOX).first.scroll_into_view_if_needed()
    screenshot(page, "-map")
    assert page.blocked == []
