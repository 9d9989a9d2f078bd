"""The real app in a real Chromium with the network cut: first map, indicator switch, click, upload."""

import re
import warnings

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import DEMO_DATA
from tests.e2e.conftest import MAP_BOX, SCREENSHOTS
from tests.e2e.waits import STILL, wait_until, wait_until_still

pytestmark = pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")


def load_on_gegevens(page, app_url, boundaries, then=None) -> None:
    """Upload a boundary file on the Gegevens page, load it, and wait until it is the map's data source.

    ``then`` (a function of ``page``) runs after the boundaries are put in the uploader, before the button.
    """
    page.goto(f"{app_url}/gegevens")
    page.get_by_text("Laden en koppelen").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    upload_file(page, boundaries)
    if then is not None:
        then(page)
    page.get_by_role("button", name="Laden en koppelen").click()
    page.get_by_text("is geladen en staat nu als gegevensbron op de kaart").wait_for(timeout=60_000)


def map_frame(page, count=None, timeout=60_000):
    """The page's frame once its (first) map is painted, with ``count`` districts if given.

    The app's map sits in the page itself (no frame of its own): scripts reach it through
    ``document.querySelector('[data-painted]').wvMap``.
    """
    condition = f"String({count})" if count is not None else "null"
    page.wait_for_function(f"""() => {{
        const el = document.querySelector('[data-painted="1"]');
        return !!el && ({condition} === null || el.dataset.districts === {condition});
    }}""", timeout=timeout, polling=100)
    return page.main_frame


def upload_file(page, path, pattern=r"\.geojson"):
    """Put a file in the first uploader; try again if a rerun replaced the input meanwhile."""
    for _ in range(3):
        page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(path))
        chip = page.locator("[data-testid=stFileUploader]").first.get_by_text(re.compile(pattern))
        try:
            chip.wait_for(timeout=10_000)
            return
        except Exception:
            page.wait_for_timeout(500)
    raise AssertionError(f"the uploader never showed {path}")


def wait_for_legend(page, text: str, timeout=60_000):
    """The painted map whose legend title contains ``text`` (a switch restyles the map; a slide change
    briefly shows the old slide's map beside the new one)."""
    page.wait_for_function("""text => [...document.querySelectorAll('[data-painted="1"] .wv-title')]
        .some(title => title.innerText.toLowerCase().includes(text))""", arg=text.lower(), timeout=timeout,
                           polling=100)
    return page.locator(".wv-map").filter(has=page.locator("[data-painted='1'] .wv-title", has_text=text)).first


def choose_option(page, selectbox, name: str) -> None:
    """Pick ``name`` in a Streamlit selectbox and see it chosen.

    A rerun (the map reports its first view right after it is drawn) can close the list, or
    replace the box with the value it had, meanwhile; then it is picked again.
    """
    for _ in range(5):
        selectbox.click()
        option = page.get_by_role("option", name=name)
        try:
            option.wait_for(timeout=5_000)
            option.click(timeout=5_000)
            wait_until_still(page)  # the rerun the choice starts
            if chosen(selectbox, name)():
                return
        except Exception:  # the rerun replaced the list; the next pass opens the new one
            page.keyboard.press("Escape")
    raise AssertionError(f"no option {name!r} could be chosen")


def click_until(button, shown, timeout=30_000, attempts=3, fill=None) -> None:
    """Click ``button`` until ``shown`` (a locator, or a function that says so) appears.

    A click that lands while a rerun replaces the page (the map reports its first view right after
    it is drawn) can be lost, as for a user who then clicks again; so can what was typed in a form
    meanwhile, so ``fill`` (if given) fills it in again before each click.
    """
    def click():
        if fill is not None:
            fill()
        try:
            button.click(timeout=10_000)
        except PlaywrightTimeoutError:  # gone: the click before this one landed after all
            pass
    _repeat_until(click, shown, f"click on {button}", button.page, timeout, attempts)


def press_until(target, keys, shown, timeout=15_000, attempts=3) -> None:
    """Focus ``target`` and press ``keys`` until ``shown`` appears: a keyboard user's choice, lost as a click can be."""
    def press():
        page.keyboard.press("Escape")  # a list a lost attempt left open
        target.focus(timeout=10_000)
        for key in keys:
            page.keyboard.press(key)
    page = target.page
    _repeat_until(press, shown, f"keys {keys} on {target}", page, timeout, attempts)


def _repeat_until(act, shown, what: str, page, timeout, attempts, busy_limit=240_000) -> None:
    """Act until ``shown`` appears; while Streamlit is still running, wait (as a user does), do not act again.

    A second click while a slow run is still going (a 15,000-buurt layer on a loaded machine) only
    starts that run again; a click is repeated when the app stands still and shows nothing.
    """
    for attempt in range(1, attempts + 1):
        act()
        waited = 0
        while not _appears(page, shown, timeout):
            waited += timeout
            if not _running(page) or waited >= busy_limit:
                break
        else:
            return
        # a passing test says so too (pytest's warnings summary): rare waits are how flaky tests begin
        warnings.warn(f"{what} {attempt} of {attempts} showed nothing within {waited / 1000:g} s", stacklevel=3)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "click_until-failed.png"), full_page=True)
    raise AssertionError(f"{shown} did not appear after {attempts} tries of {what}")


def _running(page) -> bool:
    """Whether Streamlit is still running the page (its status widget shows, or elements are faded)."""
    try:
        return not page.evaluate(STILL)
    except Exception:  # the page is being replaced
        return True


def _appears(page, shown, timeout) -> bool:
    if not callable(shown):
        try:
            shown.wait_for(timeout=timeout)
            return True
        except PlaywrightTimeoutError:
            return False
    for _ in range(int(timeout / 250)):
        try:
            if shown():
                return True
        except Exception:  # elements come and go while Streamlit reruns
            pass
        page.wait_for_timeout(250)
    return False


def chosen(selectbox, name: str):
    """A check that ``selectbox`` shows ``name`` (for ``click_until``)."""
    return lambda: selectbox.locator("input").input_value(timeout=2_000) == name


def no_traceback(page):
    assert page.locator("[data-testid=stException]").count() == 0


def legend_title(frame) -> str:
    return frame.locator(".wv-title").inner_text()


def test_first_load_draws_the_map_and_a_click_opens_the_profile(page, app_url, screenshot):
    page.goto(f"{app_url}/?niveau=buurt&indicator=personen_per_soort_uitkering_bijstand")
    frame = map_frame(page)
    assert frame.evaluate("document.querySelector('[data-painted]').dataset.districts") == "60"
    assert "Personen met bijstand" in legend_title(frame)
    assert "geheim" in frame.locator(".wv-legend").inner_text()
    no_traceback(page)
    screenshot(page, "-first-load")

    # click the middle of one district: its representative point, converted to pixels by Leaflet
    code, lat, lng = "BU99990201", None, None
    from geo.datasets import demo_dataset, load_districts

    table, _, _ = load_districts(demo_dataset(), "buurt", 2024)
    point = table.data.set_index("code").geometry[code].representative_point()
    lat, lng = point.y, point.x
    x, y = frame.evaluate(
        """([lat, lng]) => {
            const map = document.querySelector('[data-painted]').wvMap;
            const p = map.latLngToContainerPoint([lat, lng]);
            return [p.x, p.y];
        }""",
        [lat, lng],
    )
    box = page.locator(MAP_BOX).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    name = table.data.set_index("code").loc[code, "naam"]
    page.get_by_text(f"Profiel van {name} ({code})").wait_for(timeout=30_000)
    assert re.search(r"gebied=BU99990201", page.url)
    no_traceback(page)
    screenshot(page, "-profile")
    assert page.blocked == []


def test_switching_the_indicator_redraws_the_map(page, app_url, screenshot):
    page.goto(f"{app_url}/?niveau=wijk&indicator=aantal_inwoners")
    frame = map_frame(page)
    assert "Aantal inwoners" in legend_title(frame)
    page.goto(f"{app_url}/?niveau=wijk&indicator=gemiddeld_inkomen_per_inwoner")
    frame = wait_for_legend(page, "inkomen per inwoner")
    # and through the sidebar: theme, then indicator
    theme = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(has_text="Thema")
    assert theme.locator("input").input_value() == "Werk en inkomen"
    choose_option(page, theme, "Uitkeringen")
    page.wait_for_function("() => location.search.includes('indicator=personen_per_soort_uitkering')",
                           timeout=30_000)
    frame = wait_for_legend(page, "bijstand")
    assert "bijstand" in legend_title(frame).lower()
    no_traceback(page)
    screenshot(page, "-switched")
    assert page.blocked == []


def test_uploading_real_wijken_shows_leidschendam_voorburg(page, app_url, real_file, screenshot):
    load_on_gegevens(page, app_url, real_file("wijken_2025_GM1916_subset.geojson"))
    page.get_by_text("13 gebieden gelezen uit").first.wait_for()
    no_traceback(page)
    screenshot(page, "-gegevens")
    page.locator("[data-testid=stSidebarNav]").get_by_text("Kaart").click()
    frame = map_frame(page, count=13)
    assert "Aantal inwoners" in legend_title(frame)
    no_traceback(page)
    screenshot(page, "-kaart")
    assert page.blocked == []


def test_a_bad_upload_gets_a_dutch_message_and_the_demo_stays(page, app_url, tmp_path):
    empty = tmp_path / "leeg.geojson"
    empty.write_bytes(b"")
    page.goto(f"{app_url}/gegevens")
    page.get_by_text("Laden en koppelen").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    upload_file(page, empty)
    page.get_by_role("button", name="Laden en koppelen").click()
    page.get_by_text("is leeg (0 bytes)").wait_for(timeout=30_000)
    no_traceback(page)
    page.locator("[data-testid=stSidebarNav]").get_by_text("Kaart").click()
    map_frame(page, count=12)
    no_traceback(page)


def test_a_disguised_vrt_upload_is_refused_and_nothing_is_fetched(page, browser, app_url, tmp_path, screenshot):
    from tests.bad_input import write_vrt_local_file

    vrt = write_vrt_local_file(tmp_path)
    page.goto(f"{app_url}/gegevens")
    page.get_by_text("Laden en koppelen").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    upload_file(page, vrt)
    page.get_by_role("button", name="Laden en koppelen").click()
    error = page.locator("[data-testid=stAlertContentError]").first
    error.wait_for(timeout=30_000)
    assert "root:" not in page.content()  # /etc/passwd never reached the page
    screenshot(page)
    no_traceback(page)
    assert page.blocked == []
    other = browser.new_context(viewport={"width": 1200, "height": 800})  # another user meanwhile
    try:
        other_page = other.new_page()
        other_page.goto(f"{app_url}/?niveau=wijk")
        map_frame(other_page, count=12)
        no_traceback(other_page)
    finally:
        other.close()


def _leaflet(frame, expression: str, *args):
    """Evaluate ``expression`` with ``map`` bound to the Leaflet map of the district layer."""
    return frame.evaluate(f"""(args) => {{
        const map = document.querySelector('[data-painted]').wvMap;
        return {expression};
    }}""", list(args))


def _district_points(frame, table) -> dict[str, tuple[float, float]]:
    """Container pixel of each district's inner point, for those well inside the map and clear of the legend."""
    points = table.data.set_index("code").geometry.representative_point()
    found = {}
    for code, point in points.items():
        x, y, width, height = _leaflet(
            frame,
            "(p => [p.x, p.y, map.getSize().x, map.getSize().y])(map.latLngToContainerPoint([args[0], args[1]]))",
            point.y, point.x)
        if 60 < x < width / 2 and 60 < y < height - 60:
            found[code] = (x, y)
    return found


def test_clicking_districts_keeps_the_zoom_and_clearing_removes_the_outline(page, app_url, screenshot):
    """Policy staff zoom in on a part of town and click one buurt after another: the map stays where it is."""
    from geo.datasets import demo_dataset, load_districts

    table, _, _ = load_districts(demo_dataset(), "buurt", 2024)
    names = table.data.set_index("code")["naam"]
    page.goto(f"{app_url}/?niveau=buurt&indicator=aantal_inwoners")
    frame = map_frame(page)
    start = _leaflet(frame, "map.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()
    zoomed = start + 1
    wait_until(page, lambda: _leaflet(frame, "map.getZoom()") == zoomed, "the map zooming in one step")
    center = _leaflet(frame, "map.getCenter()")
    points = _district_points(frame, table)
    assert len(points) >= 2
    for code, (x, y) in list(points.items())[:2]:
        profile = page.get_by_text(f"Profiel van {names[code]} ({code})")
        for _ in range(3):  # a click that lands while a rerun replaces the page is lost, as for a user: click again
            wait_until_still(page)
            box = page.locator(MAP_BOX).first.bounding_box()
            page.mouse.click(box["x"] + x, box["y"] + y)
            try:
                profile.wait_for(timeout=20_000)
                break
            except PlaywrightTimeoutError:
                continue
        profile.wait_for(timeout=30_000)
        wait_until_still(page)  # a redraw would come with the rerun
        frame = map_frame(page)
        assert _leaflet(frame, "map.getZoom()") == zoomed
        assert _leaflet(frame, "map.getCenter()") == center
        assert _leaflet(frame, "map.getContainer().dataset.selected") == code
    screenshot(page, "-zoom-kept")
    page.get_by_role("button", name="Selectie opheffen").click()
    page.get_by_text("Profiel van").wait_for(state="detached", timeout=30_000)
    wait_until_still(page)
    frame = map_frame(page)
    assert not _leaflet(frame, "map.getContainer().dataset.selected")
    assert _leaflet(frame, f"map.wijkverkenner.layers['{code}'].options.weight") < 3
    assert _leaflet(frame, "map.getZoom()") == zoomed
    no_traceback(page)
    assert page.blocked == []


def test_a_link_with_markdown_in_a_value_shows_it_as_text_and_fetches_nothing(page, app_url):
    """A crafted link must not make the warning show another server's image or a link to it."""
    page.goto(f"{app_url}/?dataset=![x](http://evil.example/x.png)&niveau=[inloggen](http://evil.example)")
    map_frame(page)
    warnings = page.locator("[data-testid=stAlert]")
    warnings.first.wait_for(timeout=30_000)
    wait_until_still(page)  # a new visitor's map comes first; the run after it says the warnings again
    text = " ".join(warnings.all_inner_texts()).replace("\u200b", "")  # what a reader sees
    assert "![x](http://evil.example/x.png)" in text and "[inloggen](http://evil.example)" in text
    assert page.locator("[data-testid=stAlert] img, [data-testid=stAlert] a").count() == 0
    assert page.blocked == []
