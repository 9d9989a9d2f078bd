"""The map as a presenter and a policy officer handle it: search then click, links with the zoom, the wheel."""

import re
import warnings

import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.conftest import MAP_BOX
from tests.e2e.test_app_browser import (
    choose_option,
    click_until,
    map_frame,
    no_traceback,
    press_until,
    upload_file,
    wait_for_legend,
)
from tests.e2e.waits import wait_until, wait_until_still, wait_until_unchanged

pytestmark = pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")


def _pixel_of(page, frame, code: str):
    """Where on the page a district's representative point is drawn."""
    from geo.datasets import demo_dataset, load_districts

    table, _, _ = load_districts(demo_dataset(), "buurt", 2024)
    point = table.data.set_index("code").geometry[code].representative_point()
    x, y = frame.evaluate("""([lat, lng]) => {
        const map = document.querySelector('[data-painted]').wvMap;
        const p = map.latLngToContainerPoint([lat, lng]);
        return [p.x, p.y];
    }""", [point.y, point.x])
    box = page.locator(MAP_BOX).first.bounding_box()
    return box["x"] + x, box["y"] + y


def _map_showing(page, code: str, timeout=30_000):
    """The map frame whose map outlines ``code`` (the one drawn after a search, not the one before)."""
    for _ in range(int(timeout / 250)):
        for frame in page.frames:
            try:
                if frame.evaluate("() => (document.querySelector('[data-painted=\"1\"]') || {dataset: {}})"
                                  ".dataset.selected") == code:
                    return frame
            except Exception:  # frames come and go while Streamlit reruns
                continue
        page.wait_for_timeout(250)
    raise AssertionError(f"no map showing {code}")


def _view(frame):
    return frame.evaluate("""() => {
        const map = document.querySelector('[data-painted]').wvMap;
        const c = map.getCenter();
        return [c.lat, c.lng, map.getZoom()];
    }""")


def _stands_still(page, frame) -> None:
    """The page has finished its runs and the map has stopped moving (a zoom's animation is over)."""
    wait_until_still(page)
    wait_until_unchanged(page, lambda: _view(frame), "the map standing still")


def test_the_first_click_after_a_search_selects_the_district(page, app_url, screenshot):
    page.goto(f"{app_url}/?niveau=buurt&indicator=aantal_inwoners")
    map_frame(page)
    search = page.get_by_label("Zoek een gebied (naam of code)")
    search.fill("Sluiswijk")
    search.press("Enter")
    page.get_by_text("Profiel van Sluiswijk (BU99990101)").wait_for(timeout=30_000)
    frame = _map_showing(page, "BU99990101")
    _stands_still(page, frame)  # the map zoomed to the district found
    neighbour = frame.evaluate("""() => {
        const map = document.querySelector('[data-painted]').wvMap;
        const inView = Object.entries(map.wijkverkenner.layers).filter(([code, layer]) =>
            code !== 'BU99990101' && map.getBounds().contains(layer.getBounds().getCenter()));
        return inView.length ? inView[0][0] : null;
    }""")
    assert neighbour
    x, y = frame.evaluate("""(code) => {
        const map = document.querySelector('[data-painted]').wvMap;
        const p = map.latLngToContainerPoint(map.wijkverkenner.layers[code].getBounds().getCenter());
        return [p.x, p.y];
    }""", neighbour)
    box = page.locator(MAP_BOX).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)  # once
    page.wait_for_function(f"() => location.search.includes('gebied={neighbour}')", timeout=30_000)
    page.get_by_text(re.compile(rf"Profiel van .* \({neighbour}\)")).wait_for(timeout=30_000)
    no_traceback(page)
    screenshot(page)


def test_a_copied_link_opens_the_map_where_the_user_looked(page, app_url, browser, screenshot):
    page.goto(f"{app_url}/?niveau=wijk&indicator=aantal_inwoners")
    frame = map_frame(page)
    frame.evaluate("""() => {
        const map = document.querySelector('[data-painted]').wvMap;
        map.setView([52.07, 4.44], 14.5);
    }""")
    page.wait_for_function("() => location.search.includes('kaart=')", timeout=10_000)
    link = page.url
    assert re.search(r"kaart=52\.07000%2C4\.44000%2C14\.5|kaart=52\.07000,4\.44000,14\.5", link)
    other = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    other.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    other.goto(link)
    lat, lng, zoom = _view(map_frame(other))
    assert (round(lat, 2), round(lng, 2), zoom) == (52.07, 4.44, 14.5)
    screenshot(other, "-opened")
    other.context.close()


def test_the_wheel_scrolls_the_page_and_ctrl_wheel_zooms_the_map(page, app_url, screenshot):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?niveau=buurt&indicator=aantal_inwoners&gebied=BU99990101")
    frame = map_frame(page)
    page.get_by_text("Profiel van Sluiswijk").wait_for(timeout=30_000)
    zoom = _view(frame)[2]
    box = page.locator(MAP_BOX).first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    scrolled = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")
    page.mouse.wheel(0, 400)
    frame.locator(".wv-wheel-hint.wv-shown").wait_for(timeout=10_000)  # the hint says how to zoom
    wait_until(page, lambda: page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")
               > scrolled, "the page scrolling")
    screenshot(page, "-hint")
    assert _view(frame)[2] == zoom
    page.locator(MAP_BOX).first.scroll_into_view_if_needed()  # the page moved: over the map again
    box = page.locator(MAP_BOX).first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    wait_until(page, lambda: _view(frame)[2] > zoom, "ctrl and the wheel zooming the map")


def test_a_page_that_lost_the_shapes_gets_them_again(page, app_url):
    """The shapes travel once per session; a page without them (its memory cleared) asks, and the map is drawn."""
    page.goto(f"{app_url}/?niveau=wijk")
    map_frame(page, count=12)
    page.evaluate("() => window.wvShapes.clear()")
    # the click may land in the rerun the painted map starts, and be lost (click_until says so in a warning)
    click_until(page.locator("[data-testid=stSidebarNav]").get_by_text("Vergelijken"),
                lambda: page.evaluate("() => !document.querySelector('.wv-map')"))  # the Kaart map is gone
    page.locator("[data-testid=stSidebarNav]").get_by_text("Kaart").click()
    map_frame(page, count=12)  # drawn again although this session had sent its shapes before
    assert page.evaluate("() => window.wvShapes.size") == 1
    no_traceback(page)


def test_a_basemap_is_asked_from_pdok_only_and_the_districts_draw_without_it(page, app_url):
    """Offline first: the PDOK tiles are asked for (and here refused), the map draws anyway; "Geen" asks nothing."""
    page.goto(f"{app_url}/?niveau=wijk&achtergrond=pdok_grijs")
    map_frame(page, count=12)
    page.wait_for_function("() => !!document.querySelector('.wv-map .leaflet-tile-pane img')", timeout=30_000)
    hosts = {url.split("/")[2] for url in page.blocked}
    assert hosts == {"service.pdok.nl"}  # tiles from PDOK only, nothing else leaves the machine
    assert "Kadaster" in page.locator(".wv-map .leaflet-control-attribution").inner_text()

    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(has_text="Achtergrondkaart")
    choose_option(page, box, "Geen")
    page.wait_for_function("() => !document.querySelector('.wv-map .leaflet-tile-pane img')", timeout=30_000)
    map_frame(page, count=12)
    asked = len(page.blocked)
    zoom = _view(page.main_frame)[2]
    page.locator(".wv-map .leaflet-control-zoom-in").click()
    _stands_still(page, page.main_frame)  # tiles are asked for when a zoom ends
    assert _view(page.main_frame)[2] == zoom + 1
    assert len(page.blocked) == asked  # zooming without a basemap asks no tiles
    no_traceback(page)


def test_leaflet_comes_once_from_the_app_and_never_with_a_map(page, app_url):
    """A switch sends the map's data, not Leaflet again (160 KB per rerun before): the page loaded it once."""
    from maps.assets import LEAFLET_ADDRESS

    asked, frames = [], []
    page.on("request", lambda request: asked.append(request.url) if LEAFLET_ADDRESS in request.url else None)
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: frames.append(payload)))
    page.goto(f"{app_url}/?niveau=wijk")
    map_frame(page, count=12)
    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(has_text="Thema")
    choose_option(page, box, "Uitkeringen")
    page.locator(".wv-legend .wv-title").filter(has_text=re.compile("bijstand", re.I)).wait_for(timeout=30_000)
    assert len(asked) == 1  # the page's own script tag; the map component found Leaflet there
    payloads = [frame if isinstance(frame, bytes) else frame.encode() for frame in frames]
    assert payloads and not any(b"leafletjs.com" in payload for payload in payloads)
    no_traceback(page)


def test_a_map_without_leaflet_says_what_to_do(page, app_url, screenshot):
    """A server started without app.py's middleware cannot give Leaflet: the map box says so, in Dutch."""
    from maps.assets import LEAFLET_ADDRESS

    page.route(f"**/{LEAFLET_ADDRESS}", lambda route: route.fulfill(status=404, body="niet gevonden"))
    page.goto(f"{app_url}/?niveau=wijk")
    note = page.locator(".wv-map [role=alert], [role=alert]").filter(has_text="Leaflet")
    note.first.wait_for(timeout=30_000)
    assert "streamlit run app.py" in note.first.inner_text()
    assert page.locator("[data-painted]").count() == 0
    screenshot(page)
    no_traceback(page)


def test_a_map_that_arrives_before_leaflet_waits_for_it(page, app_url):
    """On a slow network the map's data may come first: the map is drawn once Leaflet is there."""
    from maps.assets import LEAFLET_ADDRESS

    held = []  # Leaflet held back until the map's data is in the page
    page.route(f"**/{LEAFLET_ADDRESS}", lambda route: held.append(route))
    page.goto(f"{app_url}/?niveau=wijk", wait_until="commit")
    page.get_by_text("Klik op een gebied").wait_for(timeout=60_000)  # the text under the map: its data came
    wait_until(page, lambda: held, "the page asking for Leaflet")
    assert page.locator("[data-painted]").count() == 0
    held[0].continue_()
    map_frame(page, count=12)
    no_traceback(page)


def test_a_new_visitors_map_comes_before_the_sidebars_choices(page, app_url):
    """Issue #21: the first map does not wait for a dozen widgets; the choices follow, set as the address says."""
    page.add_init_script("""
        window.wvSeen = {};
        new MutationObserver(() => {
            const now = performance.now();
            if (!wvSeen.map && document.querySelector('[data-painted="1"]')) wvSeen.map = now;
            if (!wvSeen.choices && document.querySelector('[data-testid=stSidebar] [data-testid=stSelectbox]'))
                wvSeen.choices = now;
            if (!wvSeen.language && document.querySelector('[data-testid=stSidebar] [data-testid=stCheckbox]'))
                wvSeen.language = now;
            if (!wvSeen.list && document.querySelector('[data-testid=stMain] [data-testid=stSelectbox]'))
                wvSeen.list = now;
        }).observe(document, {subtree: true, childList: true, attributes: true});""")
    page.goto(f"{app_url}/?niveau=wijk&indicator=personen_per_soort_uitkering_bijstand")
    map_frame(page, count=12)
    sidebar = page.locator("[data-testid=stSidebar]")
    indicator = sidebar.locator("[data-testid=stSelectbox]").filter(has_text="Indicator")
    indicator.wait_for(timeout=30_000)
    page.get_by_text("Tabel bij de kaart tonen").wait_for(timeout=30_000)
    seen = page.evaluate("() => window.wvSeen")
    # the map was on screen before the first choice, the language switch and the list under it were drawn
    assert seen["map"] <= min(seen["choices"], seen["language"], seen["list"]), seen
    assert "bijstand" in indicator.locator("input").input_value().lower()  # the choices say what the map shows
    assert sidebar.get_by_role("radio", name="Wijken").is_checked()
    wait_for_legend(page, "bijstand")
    choose_option(page, sidebar.locator("[data-testid=stSelectbox]").filter(has_text="Thema"), "Bevolking")
    wait_for_legend(page, "inwoners")  # the choices work as before
    wait_until_still(page)  # the switch's reruns are over: the list under the map is the new one
    # the list opened, its first district chosen, and its profile shown: the list under the map works as before
    press_until(page.get_by_label("Gebied kiezen uit de tabel (hoogste waarde eerst)"),
                ("ArrowDown", "ArrowDown", "Enter"), page.get_by_text("Profiel van"))
    sidebar.get_by_text("English").click()
    page.get_by_text("Show the table of the map").wait_for(timeout=30_000)  # and the language switch
    no_traceback(page)


def test_a_buurt_layer_opened_at_once_comes_as_a_draft_and_gets_its_prepared_shapes(page, app_url, real_file,
                                                                                    tmp_path, screenshot):
    """SPEC: 15,000 buurten on screen within 2 s. Opened right after its upload, while its shapes are still
    being simplified, the layer is drawn from a quick draft; the page then draws the prepared shapes by itself."""
    from bench.map_benchmark import write_buurten
    from geo.boundaries import read_boundaries

    buurten = write_buurten(read_boundaries(real_file("wijken_2024_nl.geojson")).data, tmp_path / "buurten_2024.gpkg")
    page.goto(f"{app_url}/gegevens")
    page.get_by_text("Laden en koppelen").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    upload_file(page, buurten, pattern=r"\.gpkg")
    page.get_by_role("button", name="Laden en koppelen").click()
    page.get_by_text("is geladen en staat nu als gegevensbron op de kaart").wait_for(timeout=120_000)
    click_until(page.locator("[data-testid=stSidebarNav]").get_by_text("Kaart"),
                page.locator("[data-painted='1'][data-districts='15000']"), timeout=60_000)
    if not page.locator("[data-painted='1'][data-draft='1']").count():  # prepared before its first map was drawn
        warnings.warn("the buurt layer was prepared before its first map: no draft to see replaced", stacklevel=1)
    # the map ends with the prepared shapes, all 15,000 districts, without a click
    page.wait_for_function("""() => {
        const maps = document.querySelectorAll('[data-painted="1"]');
        return maps.length === 1 && maps[0].dataset.districts === "15000" && !maps[0].dataset.draft;
    }""", timeout=60_000, polling=100)
    no_traceback(page)
    screenshot(page)
