"""Browser benchmark: the time a visitor waits for the first map, against Streamlit's own floor.

The app is started as the README does (``streamlit run app.py``). The floor is a one-line
Streamlit app that writes a text: no app can be on screen sooner on the same machine, in the
same run. Both run as real servers (``streamlit run``) and are opened in
Debian's Chromium with every non-localhost request blocked. Measured ``--runs`` times (median):

- after a server start: from the moment the server answers to the map painted (floor: its text);
- a new visitor on a running server: from opening the page to the map painted, and to the
  sidebar's choices there (the map comes first; they follow in the next run);
- switches: from choosing another theme, number of classes or year in the sidebar to the new
  map painted.

Two diagnostic rows time a Streamlit script made from the app's own first view with the same
controls, captions and navigation but a component that draws nothing in place of the map
(``controls_script``): what Streamlit needs to show these controls at all, against the same
floor. The app's figure less this one is what Wijkverkenner itself adds.

SPEC/issue #21 targets: a new visitor within 1.3x the floor, after a server start within 1.5x,
a switch redrawn within 1 s. Run from the project root::

    python -m bench.browser_benchmark [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLOOR_TEXT = "Wijkverkenner-vloer"
_PAINTED = """() => !!document.querySelector('[data-painted="1"]')"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(script: Path, views: Path):
    """``streamlit run script`` on a free port; yields its address once it answers."""
    port = _free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "WIJKVERKENNER_VIEWS": str(views)}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
                                    "--server.port", str(port), "--server.address", "127.0.0.1"],
                                   cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 120
            while time.time() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    time.sleep(0.05)
            else:
                raise RuntimeError(f"{script.name} did not start within 120 s")
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1",
                  "data:", "blob:", "about:")) else route.abort())
    return context, context.new_page()


_PROBE_JS = """export default function ({data, parentElement}) {
  if (data !== "map") return;
  const box = document.createElement("div");
  box.textContent = "kaart";
  box.style.height = "620px";
  parentElement.replaceChildren(box);
  requestAnimationFrame(() => requestAnimationFrame(() => { box.dataset.painted = "1"; }));
}"""


# each widget kind of the app's first view, written as a call with the same label and options
_CALLS = {
    "toggle": lambda e: f"toggle({e.label!r}, value={e.value!r})",
    "selectbox": lambda e: f"selectbox({e.label!r}, {list(e.options)!r})",
    "radio": lambda e: f"radio({e.label!r}, {list(e.options)!r}, horizontal=True)",
    "number_input": lambda e: f"number_input({e.label!r}, value={e.value!r})",
    "text_input": lambda e: f"text_input({e.label!r})",
    "caption": lambda e: f"caption({e.value!r})",
}


def controls_script(folder: Path) -> Path:
    """A Streamlit script with the Kaart page's first view minus Wijkverkenner: the same controls, an empty map.

    Made from the app's own first run (AppTest), so it follows the app: the same widgets with
    the same labels and options in the same places, the same captions and navigation, and in
    place of each component one that draws nothing (the last marks itself painted, like the map).
    It tells how much of the first map's time is Streamlit showing these controls at all.
    """
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(PROJECT / "ui" / "main.py"), default_timeout=60)
    app.query_params["niveau"] = "wijk"
    app.run()
    lines = ["import streamlit as st", "", f"probe = st.components.v2.component('probe', js={_PROBE_JS!r}, "
             "isolate_styles=False)", "", "", "def kaart():"]
    components = [e for e in app.main.children.values() if e.type == "bidi_component"]
    for area, prefix in ((app.sidebar, "st.sidebar."), (app.main, "st.")):
        for element in area.children.values():
            if element.type == "bidi_component":
                name = "map" if element is components[-1] else "other"
                lines.append(f"    probe(key={name!r}, data={name!r})")
            elif element.type in _CALLS:
                lines.append(f"    {prefix}{_CALLS[element.type](element)}")
    titles = _page_titles()  # the navigation: the same page titles
    lines += ["", "", "pages = [st.Page(kaart, title=%r, url_path='kaart', default=True)]" % titles[0]]
    lines += [f"pages.append(st.Page(lambda: None, title={title!r}, url_path='p{n}'))" for n, title in
              enumerate(titles[1:])]
    lines += ["st.set_page_config(page_title='Wijkverkenner', layout='wide')", "st.navigation(pages).run()"]
    script = folder / "controls.py"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return script


def _page_titles() -> list[str]:
    from indicators.core.words import t
    from ui.address import PAGES

    return [t(title, "nl") for _path, (_script, title) in PAGES.items()]


def time_to_shown(browser, url: str, floor: bool, choices: list | None = None) -> float:
    """Seconds from opening ``url`` in a new visitor's browser to the floor's text or the painted map.

    With a list for ``choices``, also waits for the sidebar's choices (a map page's first run may
    leave them for the next) and appends the seconds until they are there.
    """
    context, page = _page(browser)
    try:
        start = time.perf_counter()
        page.goto(url)
        if floor:
            page.get_by_text(FLOOR_TEXT).wait_for(timeout=120_000)
            return time.perf_counter() - start
        page.wait_for_function(_PAINTED, timeout=120_000, polling="raf")  # checked every frame, like the text
        shown = time.perf_counter() - start
        if choices is not None:
            page.wait_for_function(_CHOICES, timeout=120_000, polling="raf")
            choices.append(time.perf_counter() - start)
        return shown
    finally:
        context.close()


_CHOICES = "() => document.querySelectorAll('[data-testid=stSidebar] [data-testid=stSelectbox]').length >= 4"


_SHOWN = """([selector, pattern, count]) => {
    const map = document.querySelector('[data-painted="1"]');
    const found = map ? [...map.querySelectorAll(selector)] : [];
    return found.length > 0 && new RegExp(pattern, "i").test(found[0].innerText)
        && (count === null || found.length === count); }"""


def _time_choice(page, box, option_name: str, shown: list) -> float:
    """Seconds from choosing ``option_name`` in ``box`` (a selectbox, or a radio group) to ``shown`` painted."""
    page.wait_for_timeout(1_500)  # the page at rest: the previous choice's rerun is over
    if box.get_attribute("data-testid") == "stSelectbox":
        box.click()
        option = page.get_by_role("option", name=option_name)
        option.wait_for(timeout=10_000)
    else:
        option = box.get_by_text(option_name, exact=True)
    start = time.perf_counter()
    option.click()
    page.wait_for_function(_SHOWN, arg=shown, timeout=120_000, polling="raf")
    return time.perf_counter() - start


def time_switches(browser, url: str) -> dict[str, float]:
    """Seconds from a choice in the sidebar to the map painted anew: indicator (theme), classes, year."""
    context, page = _page(browser)
    try:
        page.goto(f"{url}/?niveau=wijk")
        page.wait_for_function(_PAINTED, timeout=120_000, polling="raf")
        sidebar = page.locator("[data-testid=stSidebar]")
        boxes = sidebar.locator("[data-testid=stSelectbox]")
        return {
            "switch": _time_choice(page, boxes.filter(has_text="Thema"), "Uitkeringen",
                                   [".wv-legend .wv-title", "bijstand", None]),
            "classes": _time_choice(page, sidebar.locator("[data-testid=stRadio]").filter(has_text="Aantal klassen"),
                                    "3", [".wv-legend .wv-swatch.wv-class", "", 3]),
            "year": _time_choice(page, boxes.filter(has_text="Jaar"), "2023",
                                 [".wv-legend .wv-title", r"\(2023\)", None]),
        }
    finally:
        context.close()


def run(runs: int) -> dict[str, tuple[float, float | None, list[float]]]:
    """Medians of ``runs`` measurements: name -> (app, floor or None, each run's ratio or time)."""
    folder = Path(tempfile.mkdtemp(prefix="wv-browser-bench-"))
    floor_script = folder / "floor.py"
    floor_script.write_text(f'import streamlit as st\n\nst.write("{FLOOR_TEXT}")\n', encoding="utf-8")
    app_script = PROJECT / "app.py"
    controls = controls_script(folder)
    times: dict[str, list[float]] = {name: [] for name in ("cold_app", "cold_floor", "warm_app", "warm_floor",
                                                           "cold_controls", "warm_controls", "warm_choices",
                                                           "switch", "classes", "year")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for number in range(runs):
            views = folder / f"views{number}.sqlite"
            with server(floor_script, views) as url:
                times["cold_floor"].append(time_to_shown(browser, url, floor=True))
                times["warm_floor"].append(time_to_shown(browser, url, floor=True))
            with server(controls, views) as url:
                times["cold_controls"].append(time_to_shown(browser, url, floor=False))
                times["warm_controls"].append(time_to_shown(browser, url, floor=False))
            with server(app_script, views) as url:
                times["cold_app"].append(time_to_shown(browser, f"{url}/?niveau=wijk", floor=False))
                times["warm_app"].append(time_to_shown(browser, f"{url}/?niveau=wijk", floor=False,
                                                       choices=times["warm_choices"]))
                for name, seconds in time_switches(browser, url).items():
                    times[name].append(seconds)
        browser.close()
    median = {name: statistics.median(values) for name, values in times.items()}
    ratios = {f"{kind}_{what}": [app / floor for app, floor in zip(times[f"{kind}_{what}"], times[f"{kind}_floor"])]
              for kind in ("cold", "warm") for what in ("app", "controls")}
    return {
        "first map after a server start": (median["cold_app"], median["cold_floor"], ratios["cold_app"]),
        "first map for a new visitor": (median["warm_app"], median["warm_floor"], ratios["warm_app"]),
        "  its sidebar's choices there": (median["warm_choices"], None, times["warm_choices"]),
        "  same controls, empty map: start": (median["cold_controls"], median["cold_floor"], ratios["cold_controls"]),
        "  same controls, empty map: new": (median["warm_controls"], median["warm_floor"], ratios["warm_controls"]),
        "indicator switch to new map": (median["switch"], None, times["switch"]),
        "number of classes to new map": (median["classes"], None, times["classes"]),
        "year switch to new map": (median["year"], None, times["year"]),
    }


def main() -> int:
    """Print the medians side by side with the floor, as ratios from one run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measurements per figure (median shown)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: install Debian's chromium", file=sys.stderr)
        return 2
    results = run(args.runs)
    print(f"Browser benchmark, {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, {os.cpu_count()} cores, "
          f"median of {args.runs} runs; Chromium, network blocked; demo, wijk level; "
          "streamlit run app.py")
    print(f"{'':34} {'Wijkverkenner':>14} {'Streamlit floor':>16} {'ratio':>7}   each run")
    for name, (app, floor, each) in results.items():
        ratio = f"{app / floor:6.2f}x" if floor else ""
        floor_text = f"{floor:15.2f}s" if floor else f"{'':16}"
        spread = " ".join(f"{value:.2f}{'x' if floor else 's'}" for value in each)
        print(f"{name:34} {app:13.2f}s {floor_text} {ratio:>7}   {spread}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
