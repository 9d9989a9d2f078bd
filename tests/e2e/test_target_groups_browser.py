"""The Doelgroepen page in a real Chromium, offline: the re-integration answer, charts, maps, model; screenshots."""

import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.conftest import MAP_BOX
from tests.e2e.test_app_browser import map_frame, no_traceback
from tests.e2e.waits import wait_until_still

pytestmark = pytest.mark.skipif(not (DEMO_DATA / "doelgroepen_model_demo.json").exists(),
                                reason="demo target groups not generated")


def test_target_groups_page_answers_the_reintegration_question(page, app_url, screenshot):
    page.goto(f"{app_url}/doelgroepen")
    page.get_by_text("Jongeren tot 27 jaar stromen vaker uit naar werk").first.wait_for(timeout=90_000)
    frame = map_frame(page, count=12)
    assert "aandeel in personen" in frame.locator(".wv-legend").first.inner_text()
    charts = page.locator("[data-testid=stVegaLiteChart]")
    charts.nth(6).wait_for(timeout=30_000)
    assert charts.count() == 7  # rates by trajectory and by age, composition, zzp'ers, durations, model, for whom
    page.get_by_text("Zo lees je het model").wait_for()
    page.get_by_text("Voor jongeren tot 27 jaar werkt werkstage het best").wait_for()
    no_traceback(page)
    screenshot(page)
    for number, name in enumerate(("-rates", "-age", "-composition", "-zzp", "-durations", "-model", "-for-whom")):
        charts.nth(number).scroll_into_view_if_needed()
        screenshot(page, name)
    page.locator(MAP_BOX).first.scroll_into_view_if_needed()
    screenshot(page, "-map")
    assert page.blocked == []


def test_an_own_table_uploaded_with_its_descriptor_speaks_its_labels(page, app_url, screenshot, tmp_path):
    """An analyst's own aggregate and its .datapackage.json, uploaded together: labels in the title and sentences."""
    from indicators.io.descriptor import descriptor_path
    from tests.own_data import own_persons, own_table

    persons = own_persons(["BU07770101", "BU07770102", "BU07770201"], 3000, "opleiding_niveau",
                          ["laag", "midden", "hoog"], "aan_het_werk", seed=31, rates={"hoog": 0.7, "laag": 0.4,
                                                                                       "midden": 0.4})
    _, table = own_table(tmp_path, persons, "opleiding_niveau", "aan_het_werk=sum:aan_het_werk",
                         {"aan_het_werk": "Werkenden", "opleiding_niveau": "Opleiding"})
    page.goto(f"{app_url}/doelgroepen")
    page.get_by_text("Jongeren tot 27 jaar stromen vaker uit naar werk").first.wait_for(timeout=90_000)
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(
        [str(table), str(descriptor_path(table))])
    page.get_by_text("Percentages per groep in uw tabel").wait_for(timeout=30_000)
    page.get_by_text("Opleiding hoog — aandeel werkenden hoger").wait_for(timeout=30_000)
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "opleiding_niveau" not in body and "aan_het_werk" not in body
    no_traceback(page)
    page.get_by_text("Percentages per groep in uw tabel").scroll_into_view_if_needed()
    screenshot(page)
    page.locator("[data-testid=stVegaLiteChart]").first.scroll_into_view_if_needed()
    screenshot(page, "-chart")
    assert page.blocked == []


def test_an_own_zzp_table_on_uploaded_wijken_fills_every_section(page, app_url, real_file, screenshot, tmp_path):
    """Own microdata aggregated with labels, on the real GM1916 wijken: maps, the group section, an own model."""
    from indicators.io.descriptor import descriptor_path
    from tests.e2e.test_app_browser import load_on_gegevens
    from tests.own_data import own_zzp_files

    _, table, model = own_zzp_files(tmp_path)
    load_on_gegevens(page, app_url, real_file("wijken_2025_GM1916_subset.geojson"))
    page.locator("[data-testid=stSidebarNav]").get_by_text("Doelgroepen").click()
    page.get_by_text("Jongeren tot 27 jaar stromen vaker uit naar werk").first.wait_for(timeout=90_000)
    wait_until_still(page)  # the demo's maps have reported their first view: the upload is not lost to that rerun
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(
        [str(table), str(descriptor_path(table))])
    page.get_by_text("Eén groep per wijk: aandeel en gemiddeld bedrag").wait_for(timeout=60_000)
    # the model's own uploader, found by its label: while a rerun redraws the page, "the last uploader" can be another
    model_uploader = page.locator("[data-testid=stFileUploader]").filter(has_text="eigen modeluitkomst")
    for _ in range(3):  # a rerun (the maps report their first view) can replace the uploader meanwhile: again
        wait_until_still(page)
        model_uploader.locator("input[type=file]").set_input_files(str(model))
        try:
            page.get_by_text("Zo lees je het model").wait_for(timeout=30_000)
            break
        except Exception:
            page.wait_for_timeout(500)
    page.get_by_text("Zo lees je het model").wait_for(timeout=30_000)
    page.get_by_text("Eén groep per wijk: aandeel en gemiddeld bedrag").wait_for(timeout=30_000)  # the table stayed
    frame = map_frame(page, count=13)
    assert "aandeel in" in frame.locator(".wv-legend").first.inner_text()
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "Synthetische demodata" not in body and "arbeidspositie" not in body and "Jongeren" not in body
    no_traceback(page)
    screenshot(page)
    for number, name in enumerate(("-rates", "-composition", "-group")):
        page.locator("[data-testid=stVegaLiteChart]").nth(number).scroll_into_view_if_needed()
        screenshot(page, name)
    page.locator(MAP_BOX).last.scroll_into_view_if_needed()
    screenshot(page, "-group-map")
    assert page.blocked == []
