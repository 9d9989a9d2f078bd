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


def test_own_events_and_series_on_uploaded_wijken_show_an_effect_and_a_map(page, app_url, real_file, tmp_path,
                                                                          screenshot):
    from tests.app.test_gegevens import GM1916_CODES
    from tests.e2e.test_app_browser import load_on_gegevens
    from tests.own_data import own_events

    events, series, _ = own_events(GM1916_CODES)
    events.to_excel(tmp_path / "mijn_evenementen.xlsx", index=False)
    series.to_csv(tmp_path / "pin_omzet.csv", sep=";", decimal=",", index=False)
    load_on_gegevens(page, app_url, real_file("wijken_2025_GM1916_subset.geojson"))
    page.locator("[data-testid=stSidebarNav]").get_by_text("Evenementen").click()
    page.get_by_text("Eigen evenementen en reeksen").click()
    uploaders = page.locator("[data-testid=stFileUploader] input[type=file]")
    uploaders.nth(0).set_input_files(str(tmp_path / "mijn_evenementen.xlsx"))
    page.get_by_text("Upload zowel de evenementen als de reeks").wait_for(timeout=30_000)
    uploaders.nth(1).set_input_files(str(tmp_path / "pin_omzet.csv"))
    page.get_by_text("lag de omzet in de sector cafés in De Zijde / Duivenvoorde / Park Veursehout").first.wait_for(
        timeout=60_000)
    frame = map_frame(page, count=13)
    legend = frame.locator(".wv-legend").inner_text()
    assert "Effect van Zomerpodium op de sector cafés" in legend
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "Synthetische demodata" not in body and "Jazz in het Park" not in body
    no_traceback(page)
    screenshot(page, "-own")
    page.locator(MAP_BOX).first.scroll_into_view_if_needed()
    screenshot(page, "-own-map")
    assert page.blocked == []


def test_a_weekly_pin_series_shows_its_effect_timeline_and_placebo_rank(page, app_url, tmp_path, screenshot):
    """PIN turnover per week (dated by Monday), on the demo's own GM1916-like codes: the page works per week."""
    from tests.indicators.analysis.test_events import _weekly
    from tests.own_data import own_events

    events, series, _ = own_events([f"WK0363{n:02d}" for n in range(1, 11)], seed=3)
    events.to_excel(tmp_path / "evenementen.xlsx", index=False)
    _weekly(series).to_csv(tmp_path / "pin_per_week.csv", sep=";", decimal=",", index=False)
    page.goto(f"{app_url}/evenementen")
    page.get_by_text("Eigen evenementen en reeksen").click()
    uploaders = page.locator("[data-testid=stFileUploader] input[type=file]")
    uploaders.nth(0).set_input_files(str(tmp_path / "evenementen.xlsx"))
    page.get_by_text("Upload zowel de evenementen als de reeks").wait_for(timeout=30_000)
    uploaders.nth(1).set_input_files(str(tmp_path / "pin_per_week.csv"))
    page.get_by_text("lag de omzet in de sector cafés in WK036301").first.wait_for(timeout=60_000)
    page.get_by_text("een reeks per week heeft als basis de 8 weken ervoor").wait_for(timeout=30_000)
    page.get_by_text("Placebotoets: elk controlegebied").wait_for()
    charts = page.locator("[data-testid=stVegaLiteChart]")
    charts.nth(1).wait_for(timeout=30_000)
    no_traceback(page)
    screenshot(page, "-weekly")
    charts.first.scroll_into_view_if_needed()
    screenshot(page, "-weekly-timeline")
    assert page.blocked == []
