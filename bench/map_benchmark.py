"""Map benchmark: this project's web map against ``GeoDataFrame.explore()``, measured in one run.

Two layers: the 3,475 real Dutch wijken of 2024, and a ~15,000-polygon buurt-scale layer made
here from them (each wijk cut into 4 or 5 Voronoi cells with bent, densified edges; fixed seed).
Both tools get the same GeoDataFrame (read through ``geo.read_boundaries``) and the same classes
(quantiles, k=5, mapclassify). Measured: HTML size, build time from the frame in memory to the
HTML string, and time to first paint in headless Chromium with no internet. Run from the project
root::

    python -m bench.map_benchmark [--quick]
"""

from __future__ import annotations

import argparse
import gc
import http.server
import os
import platform
import re
import resource
import statistics
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import folium
import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
import shapely

from geo.boundaries import Boundaries, read_boundaries
from geo.simplify import prepare_layer
from indicators.core.crs import RD_NEW
from maps.assets import LEAFLET_DIR, LEAFLET_VERSION
from maps.choropleth import build_choropleth
from maps.webmap import web_map_html
from tests.conftest import REAL_DATA

WIJKEN_FILE = REAL_DATA / "wijken_2024_nl.geojson"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}

SEED = 20240
BUURTEN = 15_000  # every wijk gets 4 cells, the largest wijken 5, so that the total is this
SCHEME, K = "quantiles", 5
REPEATS, QUICK_REPEATS = 3, 1

# explore() pulls its assets from CDNs. Leaflet is answered from xstatic-leaflet (the same files
# our map inlines); the rest (jQuery, Bootstrap, awesome-markers, Font Awesome, d3) gets an empty
# 200 answer, so explore's page loads offline but its d3 legend does not draw.
# Leaflet as folium links it (from its npm package on a CDN); matched by path, the host is not named.
LEAFLET_CDN = re.compile(r"^https://[^/]+/npm/leaflet@[0-9.]+/dist/([A-Za-z0-9_./-]+)$")
STUBBED_ASSETS = (".js", ".css")  # explore's other CDN assets: answered empty so the page still loads
CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png"}

# Evaluated before any page script: resolves with ms since navigation start, two frames after load.
PAINT_PROBE = """
window.__firstPaint = new Promise(function(resolve) {
  window.addEventListener("load", function() {
    requestAnimationFrame(function() { requestAnimationFrame(function() { resolve(performance.now()); }); });
  });
});
"""
# What is on the map once painted: the same count for both tools (Leaflet polygon layers).
DRAWN_PROBE = """() => {
  var key = Object.keys(window).find(function(k) { return /^map_[0-9a-f]+$/.test(k) && window[k] instanceof L.Map; });
  var map = window[key], polygons = 0;
  map.eachLayer(function(layer) { if (layer instanceof L.Polygon) polygons++; });
  return {
    polygons: polygons,
    svg_paths: document.querySelectorAll("path.leaflet-interactive").length,
    canvases: document.querySelectorAll(".leaflet-pane canvas").length,
    painted: !!document.querySelector('[data-painted="1"]'),
    dom_ready: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
    heap: performance.memory ? performance.memory.usedJSHeapSize : null
  };
}"""

METRICS = [
    "polygons",
    "vertices in HTML",
    "HTML size (MB)",
    "build (s)",
    "  prepare_layer (s)",
    "  build_choropleth (s)",
    "  web_map_html (s)",
    "build, layer reused (s)",
    "first paint (ms)",
    "  DOMContentLoaded (ms)",
    "build + first paint (s)",
    "  same, layer cached (s)",
    "polygons drawn",
    "JS heap after paint (MB)",
]


@dataclass
class Dataset:
    """One layer to map: its boundaries (a Table of districts) and the figure columns to draw."""

    name: str
    boundaries: Boundaries
    column: str
    switch_column: str


@dataclass
class Row:
    """One line of the result table: a metric of one dataset for both tools."""

    dataset: str
    metric: str
    ours: float | str | None
    explore: float | str | None
    ratio: float | None = None
    target: str = ""


@dataclass
class Result:
    """Everything one run produced: rows, drawing checks per dataset, and the printed text."""

    rows: list[Row]
    drawn: dict[str, dict] = field(default_factory=dict)
    text: str = ""


# ---------------------------------------------------------------------------------------------
# Buurt-scale layer


def make_buurten(wijken: gpd.GeoDataFrame, total: int = BUURTEN, seed: int = SEED) -> gpd.GeoDataFrame:
    """Cut every wijk into Voronoi cells: a synthetic buurt layer that tiles the wijken exactly.

    Parameters
    ----------
    wijken : GeoDataFrame
        Wijken with ``code``, ``naam``, ``gemeentecode`` and ``aantal_inwoners`` (any CRS).
    total : int
        Number of buurten; every wijk gets 4, the largest ``total - 4 * len(wijken)`` get 5.
    seed : int
        Seed of the random points and edge bends; the same seed gives the same layer.

    Returns
    -------
    GeoDataFrame
        In RD New (EPSG:28992), with ``buurtcode`` (``BU`` + the wijk's 6 characters + 2 digits),
        ``buurtnaam``, ``wijkcode``, ``gemeentecode``, ``aantal_inwoners`` (synthetic, multiples of
        5) and ``aandeel_65plus`` (synthetic, %).

    Notes
    -----
    Cell edges are densified and bent by a smooth displacement field whose slope stays well
    below 1, so the bent cells still tile the plane; clipping them to the wijk then tiles the wijk.
    """
    rd = wijken.to_crs(RD_NEW)
    areas = rd.area.to_numpy()
    counts = np.full(len(rd), 4)
    extra = total - 4 * len(rd)
    if not 0 <= extra <= len(rd):
        raise ValueError(f"'total' should be between {4 * len(rd)} and {5 * len(rd)} for these wijken, got {total}")
    counts[np.argsort(-areas, kind="stable")[:extra]] = 5
    rng = np.random.default_rng(seed)
    cells = [_split_wijk(geom, n, rng) for geom, n in zip(rd.geometry.values, counts)]
    parent = np.repeat(np.arange(len(rd)), counts)
    number = np.concatenate([np.arange(1, n + 1) for n in counts])
    wijkcodes = rd["code"].astype(str).to_numpy()[parent]
    names = rd["naam"].astype(str).to_numpy()[parent]
    inhabitants = _share_inhabitants(rd["aantal_inwoners"], counts, rng)
    older = np.round(np.clip(rng.normal(20, 6, len(parent)), 2, 55), 1)
    return gpd.GeoDataFrame(
        {
            "buurtcode": [f"BU{code[2:]}{i:02d}" for code, i in zip(wijkcodes, number)],
            "buurtnaam": [f"{name} {chr(64 + i)}" for name, i in zip(names, number)],
            "wijkcode": wijkcodes,
            "gemeentecode": rd["gemeentecode"].astype(str).to_numpy()[parent],
            "aantal_inwoners": inhabitants,
            "aandeel_65plus": np.where(inhabitants.isna(), np.nan, older),
        },
        geometry=np.concatenate(cells),
        crs=RD_NEW,
    )


def _split_wijk(geom, n: int, rng: np.random.Generator) -> np.ndarray:
    """Cut one wijk (RD metres) into ``n`` bent Voronoi cells of random points inside it."""
    minx, miny, maxx, maxy = geom.bounds
    points = np.empty((0, 2))
    while len(points) < n:
        xy = rng.uniform((minx, miny), (maxx, maxy), size=(64, 2))
        points = np.vstack([points, xy[shapely.contains_xy(geom, xy[:, 0], xy[:, 1])]])
    points = points[:n]
    size = np.sqrt(geom.area / n)  # typical cell width
    amplitude, wave = 0.04 * size, 0.16 * size  # slope of the bend at most 0.25 per axis
    pad = 10 * amplitude + 1
    frame = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(points), extend_to=frame, ordered=True))
    cells = shapely.segmentize(cells, size / 20)
    phase = rng.uniform(0, 2 * np.pi, 4)

    def bend(xy):
        x, y = xy[:, 0], xy[:, 1]
        return np.column_stack([
            x + amplitude * np.sin(y / wave + phase[0]) * np.cos(x / wave + phase[1]),
            y + amplitude * np.sin(x / wave + phase[2]) * np.cos(y / wave + phase[3]),
        ])

    return shapely.intersection(shapely.transform(cells, bend), geom)


def _share_inhabitants(inhabitants: pd.Series, counts: np.ndarray, rng: np.random.Generator) -> pd.Series:
    """Split each wijk's inhabitants over its buurten at random, rounded to 5 as CBS does."""
    totals = pd.to_numeric(inhabitants, errors="coerce").to_numpy(dtype=float)
    shares = np.concatenate([rng.dirichlet(np.full(n, 2.0)) for n in counts])
    values = np.round(np.repeat(totals, counts) * shares / 5) * 5
    return pd.Series(values).astype("Int64")


def write_buurten(wijken: gpd.GeoDataFrame, path: Path) -> Path:
    """Write the buurt-scale layer to a GeoPackage (layer ``buurten``) and return its path."""
    make_buurten(wijken).to_file(path, layer="buurten", driver="GPKG")
    return path


def load_datasets(folder: Path) -> list[Dataset]:
    """Read the real wijken and the buurt-scale layer made from them, both via ``read_boundaries``."""
    wijken = read_boundaries(WIJKEN_FILE)
    buurten = read_boundaries(write_buurten(wijken.data, folder / "buurten_benchmark.gpkg"))
    return [
        Dataset("wijken", wijken, "aantal_inwoners", "huishoudens"),
        Dataset("buurten", buurten, "aantal_inwoners", "aandeel_65plus"),
    ]


# ---------------------------------------------------------------------------------------------
# Building the two maps


def build_ours(boundaries: Boundaries, column: str, layer=None) -> tuple[str, object, dict[str, float]]:
    """Our map as one HTML string; prepares the layer unless a prepared one is given.

    Returns the HTML, the prepared layer and the wall time (s) of each step.
    """
    steps = {}
    start = time.perf_counter()
    if layer is None:
        layer = prepare_layer(boundaries.data)
        steps["prepare_layer"] = time.perf_counter() - start
    mark = time.perf_counter()
    choropleth = build_choropleth(boundaries.table, column, scheme=SCHEME, k=K)
    steps["build_choropleth"] = time.perf_counter() - mark
    mark = time.perf_counter()
    text = web_map_html(layer, choropleth)
    steps["web_map_html"] = time.perf_counter() - mark
    return text, layer, steps


def build_explore(frame: gpd.GeoDataFrame, column: str) -> str:
    """Explore's map as one HTML string (what ``m.save()`` writes); no tiles, like ours."""
    fmap = frame.explore(column=column, scheme=SCHEME, k=K, tooltip=["naam", column], tiles=None)
    return fmap.get_root().render()


def time_call(function, repeats: int):
    """Run ``function`` ``repeats`` times; return its last result and the median wall time (s)."""
    times, result = [], None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def _time_steps(function, repeats: int):
    """Call ``build_ours`` ``repeats`` times; its last HTML and layer, and the median time of each step."""
    runs = []
    for _ in range(repeats):
        gc.collect()
        runs.append(function())
    text, layer, _ = runs[-1]
    return text, layer, {step: statistics.median(run[2][step] for run in runs) for step in runs[0][2]}


def compare_classes(boundaries: Boundaries, column: str) -> bool:
    """True when our class bounds equal those explore gets from mapclassify on the same values."""
    values = pd.to_numeric(boundaries.data[column], errors="coerce").dropna().to_numpy(dtype=float)
    theirs = mapclassify.classify(values, SCHEME, k=K).bins
    ours = build_choropleth(boundaries.table, column, scheme=SCHEME, k=K).classification.bins
    return len(ours) == len(theirs) and bool(np.allclose(ours, theirs))


# ---------------------------------------------------------------------------------------------
# Chromium


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 from a thread; yields the base URL."""
    handler = partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        """Keep the benchmark's output to the table."""


class OfflineRoutes:
    """Route every request: localhost passes, explore's CDN assets are answered locally, the rest aborted."""

    def __init__(self):
        self.local, self.stubbed, self.blocked = [], [], []

    def handle(self, route):
        """Answer one request (a playwright route handler)."""
        url = route.request.url
        host = urlsplit(url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
            return
        match = LEAFLET_CDN.match(url)
        if match and (LEAFLET_DIR / match.group(1)).is_file():
            path = LEAFLET_DIR / match.group(1)
            self.local.append(url)
            route.fulfill(status=200, path=str(path), content_type=CONTENT_TYPES.get(path.suffix, "text/plain"))
        elif Path(urlsplit(url).path).suffix in STUBBED_ASSETS:
            self.stubbed.append(url)
            suffix = Path(urlsplit(url).path).suffix
            route.fulfill(status=200, body="", content_type=CONTENT_TYPES.get(suffix, "text/plain"))
        else:
            self.blocked.append(url)
            route.abort()


def measure_paint(browser, url: str, timeout_s: float = 180) -> dict:
    """Load ``url`` in a fresh context; return first paint (ms), what was drawn, and page errors."""
    routes = OfflineRoutes()
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.route("**/*", routes.handle)
        context.add_init_script(PAINT_PROBE)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error).splitlines()[0]))
        page.goto(url, wait_until="load", timeout=timeout_s * 1000)
        paint_ms = page.evaluate("window.__firstPaint")
        drawn = page.evaluate(DRAWN_PROBE)
    finally:
        context.close()
    return {"ms": paint_ms, **drawn, "errors": errors, "local": len(routes.local),
            "stubbed": len(routes.stubbed), "blocked": routes.blocked}


def measure_pages(browser, urls: dict[str, str], repeats: int) -> dict[str, dict]:
    """Load each page ``repeats`` times, alternating tools; the median paint and the last load's checks.

    One load of each page comes first and is not counted: it warms up Chromium, which would
    otherwise slow down whichever page is measured first.
    """
    for url in urls.values():
        measure_paint(browser, url)
    runs = {tool: [] for tool in urls}
    for _ in range(repeats):
        for tool, url in urls.items():
            runs[tool].append(measure_paint(browser, url))
    return {tool: {**loads[-1], "ms": statistics.median(load["ms"] for load in loads),
                   "dom_ready": statistics.median(load["dom_ready"] for load in loads),
                   "blocked": sorted({u for load in loads for u in load["blocked"]})}
            for tool, loads in runs.items()}


# ---------------------------------------------------------------------------------------------
# One dataset, the table, the run


def measure_dataset(dataset: Dataset, browser, folder: Path, base_url: str, repeats: int) -> tuple[list[Row], dict]:
    """All metrics of one dataset, for both tools."""
    boundaries, column = dataset.boundaries, dataset.column
    frame = boundaries.data
    ours_html, layer, steps = _time_steps(lambda: build_ours(boundaries, column), repeats)
    _, _, switch = _time_steps(lambda: build_ours(boundaries, dataset.switch_column, layer), repeats)
    ours_s, switch_s = sum(steps.values()), sum(switch.values())
    explore_html, explore_s = time_call(lambda: build_explore(frame, column), repeats)
    pages = {"ours": ours_html, "explore": explore_html}
    sizes = {tool: len(text.encode("utf-8")) for tool, text in pages.items()}
    for tool, text in pages.items():
        (folder / f"{dataset.name}_{tool}.html").write_text(text, encoding="utf-8")
    del pages, ours_html, explore_html
    loads = measure_pages(browser, {tool: f"{base_url}/{dataset.name}_{tool}.html" for tool in ("ours", "explore")},
                          repeats)
    ours, theirs = loads["ours"], loads["explore"]
    n = len(frame)
    wijk_scale = dataset.name == "wijken"
    size_ratio = sizes["ours"] / sizes["explore"]
    paint_ratio = ours["ms"] / theirs["ms"]
    on_screen = ours_s + ours["ms"] / 1000
    cached_on_screen = switch_s + ours["ms"] / 1000
    rows = [
        Row(dataset.name, "polygons", n, n),
        Row(dataset.name, "vertices in HTML", layer.vertices_out,
            int(shapely.get_num_coordinates(frame.geometry.values).sum())),
        _row(dataset.name, "HTML size (MB)", sizes["ours"] / 1e6, sizes["explore"] / 1e6,
             *(("<= 1/3", size_ratio <= 1 / 3) if wijk_scale else ())),
        _row(dataset.name, "build (s)", ours_s, explore_s),
        *[Row(dataset.name, f"  {step} (s)", seconds, None) for step, seconds in steps.items()],
        _row(dataset.name, "build, layer reused (s)", switch_s, None,
             *(() if wijk_scale else ("<= 0.5 s", switch_s <= 0.5))),
        _row(dataset.name, "first paint (ms)", ours["ms"], theirs["ms"],
             *(("<= 1/2", paint_ratio <= 1 / 2) if wijk_scale else ())),
        _row(dataset.name, "  DOMContentLoaded (ms)", ours["dom_ready"], theirs["dom_ready"]),
        _row(dataset.name, "build + first paint (s)", on_screen, explore_s + theirs["ms"] / 1000),
        # The app keeps prepared geometry cached (SPEC: st.cache_data, GeoParquet on disk), so its
        # first map of a layer it has prepared before costs the indicator build plus the paint.
        _row(dataset.name, "  same, layer cached (s)", cached_on_screen, None,
             *(() if wijk_scale else ("< 2 s", cached_on_screen < 2))),
        Row(dataset.name, "polygons drawn", f"{ours['polygons']}/{n}", f"{theirs['polygons']}/{n}"),
        _row(dataset.name, "JS heap after paint (MB)", _megabytes(ours["heap"]), _megabytes(theirs["heap"])),
    ]
    drawn = {
        "features": n,
        "classes_identical": compare_classes(boundaries, column),
        "ours": {key: ours[key] for key in ("polygons", "canvases", "painted", "errors", "blocked")},
        "explore": {key: theirs[key] for key in ("polygons", "svg_paths", "errors", "blocked", "local", "stubbed")},
    }
    return rows, drawn


def _megabytes(value):
    return None if value is None else value / 1e6


def _row(dataset: str, metric: str, ours, explore, target: str = "", met: bool | None = None) -> Row:
    """A row with its ratio; where the SPEC sets a target, it is marked ok or MISSED."""
    ratio = ours / explore if ours is not None and explore else None
    if met is not None:
        target = f"{target} {'ok' if met else 'MISSED'}"
    return Row(dataset, metric, ours, explore, ratio, target)


def format_table(rows: list[Row]) -> str:
    """The rows as a fixed-width plain-text table."""
    header = f"{'dataset':<9} {'metric':<26} {'ours':>11} {'explore':>11} {'ratio':>7}  target (SPEC)"
    lines = [header, "-" * len(header)]
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "-"
        lines.append(f"{row.dataset:<9} {row.metric:<26} {_cell(row.ours):>11} {_cell(row.explore):>11} "
                     f"{ratio:>7}  {row.target}".rstrip())
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, np.integer)):
        return f"{value:,}"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def describe_machine(browser_version: str) -> str:
    """CPU, Python, Chromium and library versions, one line each."""
    model = ""
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        model = found.group(1).strip() if found else ""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return "\n".join([
        f"machine:  {usable} usable of {os.cpu_count()} CPUs, {model or 'CPU model unknown'}, "
        f"{platform.system()} {platform.machine()}",
        f"software: Python {platform.python_version()}, Chromium {browser_version} (headless, {CHROMIUM}), "
        f"geopandas {gpd.__version__}, folium {folium.__version__}, mapclassify {mapclassify.__version__}, "
        f"shapely {shapely.__version__}, Leaflet {LEAFLET_VERSION}",
    ])


def describe_checks(drawn: dict[str, dict], repeats: int) -> str:
    """Plain notes under the table: what was checked and how explore was made to load offline."""
    lines = [
        f"method:   median of {repeats} run(s) each; build = GeoDataFrame in memory -> HTML string; "
        "first paint = ms from navigation start to 2 requestAnimationFrames after 'load', fresh page each load, "
        f"viewport {VIEWPORT['width']}x{VIEWPORT['height']}, pages served from a local http.server.",
        "          ours = prepare_layer + build_choropleth + web_map_html (no basemap); 'layer reused' = "
        "build_choropleth + web_map_html of another indicator on the prepared layer.",
        f"          explore = gdf.explore(column, scheme='{SCHEME}', k={K}, tooltip=[naam, column], tiles=None) "
        "+ m.get_root().render(); same GeoDataFrame.",
        "offline:  every non-localhost request aborted, except explore's CDN assets: Leaflet JS/CSS served from "
        "xstatic-leaflet, jQuery/Bootstrap/awesome-markers/Font Awesome/d3 answered with an empty 200 "
        "(so explore's d3 legend does not draw; its polygons do).",
    ]
    for name, check in drawn.items():
        ours, theirs = check["ours"], check["explore"]
        lines.append(
            f"checks:   {name}: classes identical to explore's: {'yes' if check['classes_identical'] else 'NO'}; "
            f"ours {ours['polygons']}/{check['features']} polygons on {ours['canvases']} canvas, "
            f"data-painted={'1' if ours['painted'] else 'absent'}, page errors {len(ours['errors'])}; "
            f"explore {theirs['polygons']}/{check['features']} polygons, {theirs['svg_paths']} SVG paths, "
            f"page errors {len(theirs['errors'])} ({'; '.join(sorted(set(theirs['errors'])))[:80] or 'none'}); "
            f"requests blocked: ours {len(ours['blocked'])}, explore {len(theirs['blocked'])}"
        )
    return "\n".join(lines)


def run_benchmark(quick: bool = False) -> Result:
    """Measure both datasets with both tools; return the rows, the drawing checks and the text."""
    from playwright.sync_api import sync_playwright

    if not WIJKEN_FILE.exists():
        raise FileNotFoundError(f"real wijken not found at {WIJKEN_FILE}: the benchmark needs ../shared/data/real")
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"no Chromium at {CHROMIUM}: install Debian's chromium package")
    repeats = QUICK_REPEATS if quick else REPEATS
    started = datetime.now()
    rows, drawn = [], {}
    with tempfile.TemporaryDirectory(prefix="wijkverkenner-bench-") as tmp, serve(Path(tmp)) as base_url, \
            sync_playwright() as playwright:
        folder = Path(tmp)
        datasets = load_datasets(folder)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for dataset in datasets:
                dataset_rows, drawn[dataset.name] = measure_dataset(dataset, browser, folder, base_url, repeats)
                rows.extend(dataset_rows)
            version = browser.version
        finally:
            browser.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = (datetime.now() - started).total_seconds()
    text = "\n".join([
        f"Wijkverkenner map benchmark, {started:%Y-%m-%d %H:%M}{' (quick)' if quick else ''}",
        describe_machine(version),
        "",
        format_table(rows),
        "",
        f"peak memory of the python process (ru_maxrss, both tools, both datasets): {peak_mb:,.0f} MB "
        "(SPEC: < 1 GB at buurt scale, for ours alone)",
        describe_checks(drawn, repeats),
        f"total run time {seconds:.0f} s",
    ])
    return Result(rows=rows, drawn=drawn, text=text)


def main(argv=None) -> int:
    """Command line: print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.map_benchmark", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of each measurement instead of three")
    args = parser.parse_args(argv)
    print(run_benchmark(quick=args.quick).text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
