"""Temporary reviewer check (rev3): own long table with geslacht groups on Doelgroepen and Gegevens/Kaart."""
import json
import pytest

from tests.e2e.test_app_browser import choose_option, no_traceback, map_frame, wait_for_legend
from tests.e2e.waits import wait_until_still

SIZES = [(1280, 720), (1920, 1080)]
LOG = "/tmp/rev3/log.txt"


def note(*parts):
    with open(LOG, "a") as f:
        f.write(" ".join(str(p) for p in parts) + "\n")


def make_table(tmp_path):
    from tests.app.test_gegevens import _demo_buurten
    from tests.own_data import own_persons, own_table
    persons = own_persons(_demo_buurten(), 20000, "geslacht", ["man", "vrouw"], "aan_het_werk", seed=9,
                          rates={"vrouw": 0.6, "man": 0.4})
    _, table = own_table(tmp_path, persons, "geslacht", "werk_pct=share:aan_het_werk",
                         {"werk_pct": "Aandeel werkenden"})
    return table


def shot(screenshot, page, suffix):
    try:
        p = screenshot(page, suffix)
        note("shot ok", suffix)
    except AssertionError as e:
        note("AXE/ASSERT", suffix, repr(e)[:3000])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_doelgroepen(page, app_url, screenshot, tmp_path, size):
    from indicators.io.descriptor import descriptor_path
    table = make_table(tmp_path)
    note("== doelgroepen", size, table, open(table).read()[:400].replace("\n", " | "))
    note("descriptor", open(descriptor_path(table)).read()[:1500])
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/doelgroepen")
    page.get_by_text("Jongeren tot 27 jaar stromen vaker uit naar werk").first.wait_for(timeout=90_000)
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(
        [str(table), str(descriptor_path(table))])
    try:
        page.get_by_text("Percentages per groep in uw tabel").wait_for(timeout=40_000)
        note("title found")
    except Exception as e:
        note("TITLE NOT FOUND", e)
    wait_until_still(page)
    body = page.locator("[data-testid=stMain]").inner_text()
    note("body snippet:", body[body.find("uw tabel") - 300: body.find("uw tabel") + 1500] if "uw tabel" in body else body[-2500:])
    for raw in ("werk_pct", "aan_het_werk", "_pct", "geslacht_"):
        note("raw", raw, raw in body)
    note("traceback count", page.locator("[data-testid=stException]").count())
    note("errors", page.locator("[data-testid=stAlertContentError]").all_inner_texts())
    shot(screenshot, page, "-full")
    try:
        page.get_by_text("Percentages per groep in uw tabel").scroll_into_view_if_needed()
        page.screenshot(path=f"/tmp/rev3/doel_{size[0]}_section.png")
        charts = page.locator("[data-testid=stVegaLiteChart]")
        note("charts", charts.count())
        charts.first.scroll_into_view_if_needed()
        page.screenshot(path=f"/tmp/rev3/doel_{size[0]}_viewport_chart.png")
    except Exception as e:
        note("scroll fail", e)
    note("blocked", page.blocked)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_gegevens(page, app_url, screenshot, tmp_path, size):
    from indicators.io.descriptor import descriptor_path
    table = make_table(tmp_path)
    note("== gegevens", size)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/gegevens?niveau=wijk")
    page.get_by_text("Laden en koppelen").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.locator("[data-testid=stFileUploader] input[type=file]").nth(1).set_input_files(
        [str(table), str(descriptor_path(table))])
    page.locator("[data-testid=stFileUploader]").nth(1).get_by_text(table.name).first.wait_for(timeout=20_000)
    page.locator("[data-testid=stFormSubmitButton] button").first.click()
    try:
        page.get_by_text("Iedereen").first.wait_for(timeout=60_000)
        note("group box shown")
    except Exception as e:
        note("NO GROUP BOX", e)
    wait_until_still(page)
    note("traceback count", page.locator("[data-testid=stException]").count())
    note("errors", page.locator("[data-testid=stAlertContentError]").all_inner_texts())
    note("warnings", page.locator("[data-testid=stAlertContentWarning]").all_inner_texts())
    main = page.locator("[data-testid=stMain]")
    boxes = main.locator("[data-testid=stSelectbox]")
    note("main selectboxes", boxes.all_inner_texts())
    shot(screenshot, page, "-gegevens-loaded")
    group = boxes.filter(has=page.locator("input[value='Iedereen']"))
    if group.count() == 0:
        group = boxes.filter(has_text="eslacht")
    note("group box count", group.count())
    group = group.first
    group.click()
    opts = page.get_by_role("option").all_inner_texts()
    note("group options", opts)
    page.keyboard.press("Escape")
    choose_option(page, group, "vrouw")
    wait_until_still(page)
    note("after vrouw traceback", page.locator("[data-testid=stException]").count())
    body = main.inner_text()
    note("gegevens body tail", body[-1500:])
    for raw in ("werk_pct", "aan_het_werk"):
        note("raw", raw, raw in body)
    shot(screenshot, page, "-gegevens-vrouw")
    page.locator("[data-testid=stSidebarNav]").get_by_text("Kaart").click()
    map_frame(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    sboxes = sidebar.locator("[data-testid=stSelectbox]")
    note("sidebar boxes", sboxes.all_inner_texts())
    choose_option(page, sboxes.filter(has_text="Thema"), "Overig")
    wait_until_still(page)
    ind = sboxes.filter(has_text="Indicator")
    ind.click()
    opts = page.get_by_role("option").all_inner_texts()
    note("indicator options", opts)
    page.keyboard.press("Escape")
    target = next((o for o in opts if "Aandeel werkenden" in o), None)
    note("target", target)
    if target:
        choose_option(page, ind, target)
    try:
        wait_for_legend(page, "geslacht: vrouw")
        note("legend ok")
    except Exception as e:
        note("LEGEND NOT", e)
    titles = page.locator(".wv-title").all_inner_texts()
    note("legend titles", titles)
    note("legend text", page.locator(".wv-legend").all_inner_texts())
    note("kaart traceback", page.locator("[data-testid=stException]").count())
    body = page.locator("[data-testid=stMain]").inner_text() + sidebar.inner_text()
    for raw in ("werk_pct", "aan_het_werk"):
        note("raw kaart", raw, raw in body)
    shot(screenshot, page, "-kaart")
    page.screenshot(path=f"/tmp/rev3/kaart_{size[0]}_viewport.png")
    note("blocked", page.blocked)
