"""Presenting in a real Chromium: save two views, build a deck, present it with the keyboard, export the PDF."""

import io

import pypdf
import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.test_app_browser import (
    choose_option,
    chosen,
    click_until,
    map_frame,
    no_traceback,
    wait_for_legend,
)
from tests.e2e.waits import wait_until, wait_until_still, wait_until_unchanged
from ui.store import ViewStore

pytestmark = pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")


def save_current_view(page, title: str, note: str) -> None:
    form = page.locator("[data-testid=stForm]").first

    def fill():
        form.get_by_label("Titel").fill(title)
        form.get_by_label("Notitie (verschijnt op de dia)").fill(note)

    click_until(form.get_by_role("button", name="Opslaan"), page.get_by_text(f"Weergave '{title}' opgeslagen."),
                fill=fill)


def view_link(page, title: str) -> str:
    """The link shown in a saved view's expander on the Presenteren page."""
    expander = page.locator("[data-testid=stExpander]").filter(has_text=title).first
    expander.locator("summary").click()
    code = expander.locator("[data-testid=stCode]")
    code.wait_for(timeout=30_000)
    return code.inner_text().strip()


def slide_title(page) -> str:
    return page.locator(".wv-slide-title").inner_text(timeout=60_000)


def wait_for_slide(page, title: str) -> None:
    page.locator(".wv-slide-title", has_text=title).wait_for(timeout=60_000)


ZOOM = "box => box.querySelector('[data-painted]').wvMap.getZoom()"


def zoom_in(page, box, times: int) -> None:
    """Press Leaflet's + button; the map reports its new area to the app, which reruns the page."""
    zoom = box.evaluate(ZOOM)
    for step in range(1, times + 1):
        box.locator(".leaflet-control-zoom-in").click()
        wait_until(page, lambda: box.evaluate(ZOOM) == zoom + step, "the map zooming in")
        wait_until_unchanged(page, lambda: box.evaluate(ZOOM), "the map standing still")  # the animation is over
    wait_until_still(page)  # the rerun the component's report starts


def test_save_two_views_build_a_deck_present_and_export(page, app_url, views_file, screenshot):
    page.goto(f"{app_url}/presenteren?niveau=wijk&indicator=aantal_inwoners")
    map_frame(page)
    wait_until_still(page)  # the map has told the app the area it shows
    save_current_view(page, "Inwoners per wijk", "Centrum groeit het hardst.")
    page.goto(f"{app_url}/presenteren?niveau=buurt&indicator=personen_per_soort_uitkering_bijstand")
    zoom_in(page, wait_for_legend(page, "bijstand"), 2)
    save_current_view(page, "Bijstand per buurt", "Let op de geheime buurten.")
    # the views keep the area the map showed: two steps in, a quarter of the width of the other
    areas = {v.title: v.settings["extent"] for v in ViewStore(views_file).list_views()}
    width = {title: east - west for title, (west, _, east, _) in areas.items()}
    assert width["Bijstand per buurt"] < width["Inwoners per wijk"] / 3

    deck_form = page.locator("[data-testid=stForm]").filter(has_text="Presentatie maken")
    deck_box = page.locator("[data-testid=stSelectbox]").filter(has_text="Presentatie").first
    click_until(deck_form.get_by_role("button", name="Presentatie maken"), chosen(deck_box, "Stuurgroep november"),
                fill=lambda: deck_form.get_by_label("Titel van een nieuwe presentatie").fill("Stuurgroep november"))
    for position, title in enumerate(("Inwoners per wijk", "Bijstand per buurt"), start=1):
        choice = page.locator("[data-testid=stSelectbox]").filter(has_text="Weergave").last
        choose_option(page, choice, title)
        click_until(page.get_by_role("button", name="Toevoegen"), page.get_by_text(f"{position}. {title}"))
    assert page.get_by_text("1. Inwoners per wijk").is_visible()
    screenshot(page, "_deck")  # the Presenteren page with its views and a deck (and its axe check)

    click_until(page.get_by_role("button", name="Presentatie starten"),
                page.locator(".wv-slide-title", has_text="Inwoners per wijk"), timeout=60_000)
    wait_for_legend(page, "inwoners")
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    page.get_by_text("Centrum groeit het hardst.").wait_for(timeout=30_000)
    page.get_by_text("Dia 1 van 2").wait_for(timeout=30_000)  # the counter under the map: it may come just after it
    status = page.locator("[role=status]").filter(has_text="Dia 1 van 2")  # read out by screen readers
    assert status.get_attribute("aria-live") == "polite" and "Inwoners per wijk" in status.inner_text()
    screenshot(page, "_slide1")
    page.locator(".wv-slide-title").click()  # the keys go to the page, not to the map
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, "Bijstand per buurt")
    frame = wait_for_legend(page, "bijstand")
    assert "geheim" in frame.locator(".wv-legend").inner_text()
    page.get_by_text("Dia 2 van 2").wait_for(timeout=30_000)
    screenshot(page, "_slide2")
    page.keyboard.press("ArrowLeft")
    wait_for_slide(page, "Inwoners per wijk")
    click_until(page.get_by_role("button", name="Stoppen"), page.get_by_role("button", name="Dia's maken (PDF, PNG)"),
                timeout=60_000)
    no_traceback(page)

    click_until(page.get_by_role("button", name="Dia's maken (PDF, PNG)"),
                page.get_by_role("button", name="Download als PDF"), timeout=60_000)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Download als PDF").click()
    pdf = pypdf.PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    assert len(pdf.pages) == 3  # two slides, then the appendix with the full sources
    first, second, appendix = (p.extract_text() for p in pdf.pages)
    assert "Inwoners per wijk" in first and "Centrum groeit het hardst." in first
    assert "Bijstand per buurt" in second and "geheim (< 10)" in second
    assert "Bijstand per buurt" in appendix
    assert page.blocked == []
    no_traceback(page)


def painted_maps(page, count: int, timeout=60_000) -> list:
    """The maps (their boxes in the page) once ``count`` of them are painted."""
    page.wait_for_function("count => document.querySelectorAll('.wv-map [data-painted=\"1\"]').length >= count",
                           arg=count, timeout=timeout, polling=100)
    return page.locator(".wv-map").element_handles()


def test_a_comparison_from_a_link_is_saved_and_presented_side_by_side(page, app_url, views_file, screenshot):
    page.goto(f"{app_url}/vergelijken?niveau=buurt&indicator=personen_per_soort_uitkering_bijstand"
              "&vergelijk=maps&naast=years&ander_jaar=2023")
    painted_maps(page, 2)
    save_current_view(page, "Bijstand toen en nu", "Het oosten blijft achter.")
    (saved,) = [v for v in ViewStore(views_file).list_views() if v.title == "Bijstand toen en nu"]
    assert saved.settings["compare"] == {"view": "maps", "maps_mode": "years", "other_year": 2023}

    page.goto(f"{app_url}/presenteren")
    deck_form = page.locator("[data-testid=stForm]").filter(has_text="Presentatie maken")
    deck_box = page.locator("[data-testid=stSelectbox]").filter(has_text="Presentatie").first
    click_until(deck_form.get_by_role("button", name="Presentatie maken"), chosen(deck_box, "Vergelijking"),
                fill=lambda: deck_form.get_by_label("Titel van een nieuwe presentatie").fill("Vergelijking"))
    choice = page.locator("[data-testid=stSelectbox]").filter(has_text="Weergave").last
    choose_option(page, choice, "Bijstand toen en nu")
    click_until(page.get_by_role("button", name="Toevoegen"), page.get_by_text("1. Bijstand toen en nu"))
    click_until(page.get_by_role("button", name="Presentatie starten"),
                page.locator(".wv-slide-title", has_text="Bijstand toen en nu"), timeout=60_000)
    for year in (2023, 2024):
        wait_for_legend(page, f"Personen met bijstand ({year})")
    # the page before the slide had a map too: once the slide is up, only its two maps are left
    page.wait_for_function("() => document.querySelectorAll('.wv-map').length === 2", timeout=30_000)
    boxes = painted_maps(page, 2)
    titles = sorted(box.query_selector(".wv-title").inner_text() for box in boxes)
    assert titles == ["Personen met bijstand (2023)", "Personen met bijstand (2024)"]
    page.get_by_text("Het oosten blijft achter.").wait_for(timeout=30_000)
    no_traceback(page)
    screenshot(page)

    # the view's link opens the comparison in a new session, without "page not found"
    page.goto(f"{app_url}/presenteren")
    link = view_link(page, "Bijstand toen en nu")
    assert "/vergelijken?" in link and "vergelijk=maps" in link
    page.goto(link)
    assert len(painted_maps(page, 2)) >= 2
    assert page.get_by_text("Page not found").count() == 0
    assert page.blocked == []


def test_a_saved_views_link_opens_the_map_page(page, app_url, screenshot):
    page.goto(f"{app_url}/presenteren?niveau=buurt&indicator=percentage_zelfstandigen")
    wait_for_legend(page, "zelfstandigen")
    save_current_view(page, "Zelfstandigen per buurt", "")
    link = view_link(page, "Zelfstandigen per buurt")
    page.goto(link)
    wait_for_legend(page, "zelfstandigen")
    wait_until_still(page)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[data-testid=stSidebarNav] [aria-current=page]").inner_text().strip() == "Kaart"
    no_traceback(page)
    assert page.blocked == []


TRAJECTS = {"section": "rates", "table": "doelgroepen_reintegratie_leeftijd_demo.csv", "numerator": "werk",
            "denominator": "aantal", "by": ["traject", "leeftijdsklasse"], "cross": True, "level": "gemeente",
            "part": 0}


def box_of(locator) -> dict:
    box = locator.bounding_box(timeout=30_000)
    assert box is not None, f"{locator} is not on the page"
    return box


def test_doelgroepen_slides_fit_the_screen_at_a_presenters_sizes(page, app_url, views_file, screenshot):
    """A chart and a map of the Doelgroepen page present as the map views do: title, slide, controls on screen."""
    store = ViewStore(views_file)
    chart = store.save_view("Trajecten naar leeftijd", {"doelgroepen": TRAJECTS, "min_count": 10},
                            "Werkfit werkt het best bij jongeren.")
    zzp = store.save_view("Zzp in de wijken", {"doelgroepen": {"section": "zzp", "part": 0}, "min_count": 10})
    store.create_deck("Doelgroepen in beeld", [chart.id, zzp.id])
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/presenteren")
    choose_option(page, page.locator("[data-testid=stSelectbox]").filter(has_text="Presentatie").first,
                  "Doelgroepen in beeld")
    click_until(page.get_by_role("button", name="Presentatie starten"),
                page.locator(".wv-slide-title", has_text="Trajecten naar leeftijd"), timeout=60_000)
    image = page.locator("img.wv-slide-chart")
    page.wait_for_function("() => document.querySelector('img.wv-slide-chart')?.complete", timeout=30_000)
    assert image.get_attribute("alt") == "Werk binnen 12 maanden naar traject × leeftijd"
    page.locator(".wv-slide-note", has_text="Werkfit werkt het best bij jongeren.").wait_for(timeout=30_000)
    widths = {}
    for width, height in ((1280, 720), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        page.get_by_text("Dia 1 van 2").wait_for(timeout=30_000)
        wait_until_still(page)
        chart_box, following = box_of(image), box_of(page.get_by_role("button", name="Volgende"))
        # where the title's letters end (Streamlit gives a heading padding that the next element may overlap)
        title_end = page.evaluate("""() => { const range = document.createRange();
            range.selectNodeContents(document.querySelector('.wv-slide-title'));
            return range.getBoundingClientRect().bottom; }""")
        assert title_end <= chart_box["y"] + 1, "the title stands above the chart, not behind it"
        assert chart_box["y"] + chart_box["height"] <= following["y"] + 1, "the chart ends above the controls"
        assert following["y"] + following["height"] <= height, f"the controls are on a {width}x{height} screen"
        # the drawn chart (the image keeps its proportions inside its box) grows with the screen
        widths[width] = page.evaluate("""() => { const i = document.querySelector('img.wv-slide-chart');
            return Math.min(i.clientWidth, i.clientHeight * i.naturalWidth / i.naturalHeight); }""")
        screenshot(page, f"_chart_{width}")
    assert widths[1920] > widths[1280] * 1.3

    page.locator(".wv-slide-title").click()  # the keys go to the page
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, "Zzp in de wijken")
    legend = wait_for_legend(page, "zzp").locator(".wv-legend")
    page.get_by_text("Dia 2 van 2").wait_for(timeout=30_000)
    wait_until_still(page)
    assert "%" in legend.inner_text() and "Bron:" not in legend.inner_text(), \
        "the slide says the source once, under its map, not again in the legend"
    assert page.locator("[data-testid=stCaptionContainer]", has_text="Bron: doelgroepen_werk_demo.csv").is_visible()
    assert page.get_by_text("Tabel bij de kaart tonen").count() == 0
    following = box_of(page.get_by_role("button", name="Volgende"))
    assert following["y"] + following["height"] <= 1080
    screenshot(page, "_map_1920")
    assert page.blocked == []
    no_traceback(page)


def test_own_microdata_from_aggregate_to_a_labelled_slide(page, app_url, views_file, real_file, tmp_path, screenshot):
    """The analyst's chain (issue #30): aggregate own microdata with labels -> Gegevens (the real GM1916 wijken,
    one group value) -> Kaart names the figure by its label -> a saved view -> its slide as PNG and SVG."""
    import subprocess
    import sys

    from indicators.io.descriptor import descriptor_path
    from tests.conftest import PROJECT
    from tests.e2e.test_app_browser import load_on_gegevens
    from tests.own_data import own_persons

    buurten = [f"BU1916{w:02d}{b:02d}" for w in range(1, 14) for b in range(1, 4)]
    persons = own_persons(buurten, 15_000, "geslacht", ["man", "vrouw"], "werkt", seed=12,
                          rates={"vrouw": 0.62, "man": 0.7})
    persons.to_parquet(tmp_path / "personen.parquet")
    table = tmp_path / "werk_geslacht.csv"
    done = subprocess.run([sys.executable, "cli.py", "aggregate", "--microdata", str(tmp_path / "personen.parquet"),
                           "--region-column", "buurt", "--group", "geslacht", "--measure", "werk_pct=share:werkt",
                           "--label", "werk_pct=Aandeel werkenden", "--label", "geslacht=Geslacht",
                           "--out", str(table)],
                          cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    def with_table(page):
        page.locator("[data-testid=stFileUploader] input[type=file]").nth(1).set_input_files(
            [str(table), str(descriptor_path(table))])
        page.locator("[data-testid=stFileUploader]").nth(1).get_by_text("werk_geslacht.csv").wait_for(timeout=10_000)

    load_on_gegevens(page, app_url, real_file("wijken_2025_GM1916_subset.geojson"), then=with_table)
    choose_option(page, page.locator("[data-testid=stSelectbox]").filter(has_text="Geslacht").first, "vrouw")
    screenshot(page, "-gegevens")
    page.locator("[data-testid=stSidebarNav]").get_by_text("Kaart").click()
    sidebar = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]")
    choose_option(page, sidebar.filter(has_text="Thema"), "Overig")
    choose_option(page, sidebar.filter(has_text="Indicator"), "Aandeel werkenden (geslacht: vrouw)")
    box = wait_for_legend(page, "Aandeel werkenden (geslacht: vrouw)")
    assert "werk_pct" not in box.inner_text() and "werk_pct" not in page.locator("[data-testid=stMain]").inner_text()
    screenshot(page, "-kaart")
    page.locator("[data-testid=stSidebarNav]").get_by_text("Presenteren").click()
    wait_for_legend(page, "Aandeel werkenden (geslacht: vrouw)")
    save_current_view(page, "Vrouwen aan het werk", "Eigen microdata, beschermd met aggregate.")
    expander = page.locator("[data-testid=stExpander]").filter(has_text="Vrouwen aan het werk").first
    expander.locator("summary").click()
    click_until(expander.get_by_role("button", name="Dia maken"),
                expander.get_by_role("button", name="Download als PNG"), timeout=120_000)
    with page.expect_download(timeout=60_000) as download:
        expander.get_by_role("button", name="Download als PNG").click()
    png = tmp_path / "dia.png"
    download.value.save_as(png)
    (PROJECT / "tests" / "output" / "own_microdata_slide.png").write_bytes(png.read_bytes())  # to look at
    with page.expect_download(timeout=60_000) as download:
        expander.get_by_role("button", name="Download als SVG").click()
    svg = open(download.value.path(), encoding="utf-8").read()
    assert "Aandeel werkenden (geslacht: vrouw)" in svg and "werk_pct" not in svg
    assert "Vrouwen aan het werk" in svg and "Demostad" not in svg
    (saved,) = [v for v in ViewStore(views_file).list_views() if v.title == "Vrouwen aan het werk"]
    assert saved.settings["groep"] == "geslacht=vrouw"
    no_traceback(page)
    assert page.blocked == []
