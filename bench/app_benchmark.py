"""App benchmark: server time of the Kaart page at buurt scale, first view and indicator switches.

Runs the real app script with Streamlit's AppTest (no browser) on the 15,000-polygon buurt layer
of ``bench.map_benchmark`` and times whole reruns, after the start-up the server does (app.py):
the first view of a new layer (read, a draft of its shapes, draw) and until its prepared shapes
are drawn, and switches of indicator and of the number of classes on the cached layer. SPEC targets:
the first map within 2 s, an indicator switch within 0.5 s of server time; issue #21: the first
view of a layer prepared when it entered the app (``ui.caches.prepare_soon``) under 1 s, peak
memory under 1 GB. Beside it, the engine alone on the same buurten: join a 15,000-row table,
derive the registry's rates and classify one (SPEC: under 50 ms). The whole benchmark runs
``--runs`` times (default 3); each row is the median of the runs. Run from the project root::

    python -m bench.app_benchmark [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.map_benchmark import WIJKEN_FILE, write_buurten
from geo.boundaries import Boundaries, read_boundaries
from geo.datasets import Dataset
from geo.join import join_indicators
from indicators.analysis.classify import classify
from indicators.analysis.derive import add_registry_derived
from indicators.io.readers import read_table
from ui import caches

APP = Path(__file__).resolve().parents[1] / "ui" / "main.py"


def _timed(app: AppTest) -> float:
    start = time.perf_counter()
    app.run()
    if app.exception:
        raise RuntimeError(f"the app failed: {app.exception[0].value}")
    return time.perf_counter() - start


def _new_session(dataset: Dataset) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=300)
    app.session_state["uploads"] = {"bench": dataset}
    app.session_state["dataset"] = "bench"
    return app


def _wait_for_the_demos_layers() -> None:
    """The demo's other levels and years, which the start-up prepares in the background (``prepare_soon``)."""
    from geo.datasets import demo_dataset

    try:
        demo = demo_dataset()
    except FileNotFoundError:
        return
    for year in demo.years:
        for level in demo.levels:
            caches.prepared(demo, level, year)


def write_kwb_table(boundaries: Boundaries, path: Path, seed: int = 20240) -> Path:
    """A KWB-like table for every buurt, as a CSV export: counts under their OData keys, 3% secret ('.')."""
    rng = np.random.default_rng(seed)
    n = len(boundaries.data)

    def counts(high: int) -> np.ndarray:
        cells = rng.integers(0, high, n).astype(object)
        cells[rng.random(n) < 0.03] = "."
        return cells

    pd.DataFrame({
        "WijkenEnBuurten": boundaries.data["code"].to_numpy(),
        "Naam": boundaries.data["naam"].to_numpy(),
        "PersonenPerSoortUitkeringBijstand_94": counts(200),
        "k_15Tot25Jaar_9": counts(400),
        "k_25Tot45Jaar_10": counts(800),
        "k_45Tot65Jaar_11": counts(800),
        "BedrijfsvestigingenTotaal_102": counts(300),
    }).to_csv(path, sep=";", index=False)
    return path


def time_join_derive_classify(boundaries: Boundaries, table_path: Path, repeats: int = 15) -> dict[str, float]:
    """Median seconds of each engine step on 15,000 rows: join, derive (registry rates), classify (quantiles, 5)."""
    table = read_table(table_path)
    steps = {"join": [], "derive": [], "classify": []}
    for _ in range(repeats):
        start = time.perf_counter()
        joined, _ = join_indicators(boundaries, table)
        joined_at = time.perf_counter()
        derived = add_registry_derived(joined)
        derived_at = time.perf_counter()
        classify(derived.data["bijstand_per_1000_15_65"], "quantiles", 5)
        steps["join"].append(joined_at - start)
        steps["derive"].append(derived_at - joined_at)
        steps["classify"].append(time.perf_counter() - derived_at)
    medians = {step: statistics.median(times) for step, times in steps.items()}
    totals = [sum(run) for run in zip(*steps.values())]
    return {"total": statistics.median(totals), **medians}


def run_app_benchmark(repeats: int = 3) -> list[tuple[str, float]]:
    """Seconds per rerun: (what, median seconds)."""
    wijken = read_boundaries(WIJKEN_FILE).data
    folder = Path(tempfile.mkdtemp(prefix="wijkverkenner-bench-"))
    path = write_buurten(wijken, folder / "buurten.gpkg")
    dataset = Dataset(key="bench", title="15.000 buurten", boundaries={2024: path}, levels=("buurt",))
    from ui import accessibility, address, tables, view  # noqa: F401  (as app.py imports them at a server start)

    caches.warm_up()  # as the server does before it answers: the demo's map prepared, the heap frozen
    _wait_for_the_demos_layers()  # as on a server that has been up a moment
    st.cache_resource.clear()
    app = _new_session(dataset)
    start = time.perf_counter()
    first = _timed(app)  # a draft of the layer, while it is prepared in the background
    caches.prepared(dataset, "buurt", 2024)  # the page's check finds the preparation ended
    _timed(app)  # and its run draws the prepared shapes
    detailed = time.perf_counter() - start
    st.cache_resource.clear()  # as after a restart: only the prepared layer on disk remains
    restarted = _timed(_new_session(dataset))
    st.cache_resource.clear()  # the layer enters the app (an upload, a download): read and prepared at once
    caches.prepare_soon(dataset)
    caches.prepared(dataset, "buurt", 2024)
    entered = _timed(_new_session(dataset))
    app = _new_session(dataset)
    _timed(app)
    switches, classes = [], []
    for i in range(repeats * 2):  # the layer's two figures sit in two themes: each switch changes indicator
        app.selectbox(key="theme").set_value(("overig", "bevolking")[i % 2])
        switches.append(_timed(app))
    for k in (4, 6, 5)[:repeats]:
        app.radio(key="k").set_value(k)
        classes.append(_timed(app))
    boundaries = read_boundaries(path)
    engine = time_join_derive_classify(boundaries, write_kwb_table(boundaries, folder / "kwb.csv"))
    return [
        ("first view of a new layer (read, draft, draw)", first),
        ("  its prepared shapes drawn (prepared meanwhile)", detailed),
        ("first view after a restart (prepared layer on disk)", restarted),
        ("first view of a layer prepared when it entered", entered),
        ("indicator switch (layer cached)", statistics.median(switches)),
        ("number of classes changed", statistics.median(classes)),
        (f"join, derive and classify {len(boundaries.data):,} rows (engine)", engine["total"]),
        *[(f"  {step}", seconds) for step, seconds in engine.items() if step != "total"],
    ]


TARGETS = {
    "first view of a new layer": "  (SPEC: first map < 2 s)",
    "  its prepared shapes": "  (a run of the page's check, 4 a second)",
    "first view after": "  (SPEC: < 2 s)",
    "first view of a layer prepared": "  (#21: < 1 s)",
    "indicator": "  (SPEC: <= 0.5 s)",
    "join, derive and classify": "  (SPEC: < 50 ms)",
}


def _one_run() -> dict:
    """One whole run in a process of its own (as one server): its rows and the process's peak memory."""
    answer = subprocess.run([sys.executable, "-m", "bench.app_benchmark", "--one"], cwd=APP.parents[1],
                            capture_output=True, text=True, check=True)
    return json.loads(answer.stdout.strip().splitlines()[-1])


def main() -> int:
    """Print the table: reruns in seconds, the engine steps in milliseconds; medians of the runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="whole benchmark runs (each row: their median)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # one run, printed as JSON
    args = parser.parse_args()
    if args.one:
        rows = run_app_benchmark()
        print(json.dumps({"rows": rows, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        return 0
    runs = [_one_run() for _ in range(args.runs)]
    rows = [(what, statistics.median(run["rows"][i][1] for run in runs)) for i, (what, _) in
            enumerate(runs[0]["rows"])]
    peak = max(run["peak_mb"] for run in runs)  # ru_maxrss is in kilobytes on Linux
    print(f"Kaart page, 15,000 buurten, server time per rerun (AppTest; median of {len(runs)} runs, "
          "each in a process of its own)")
    for what, seconds in rows:
        target = next((text for start, text in TARGETS.items() if what.startswith(start)), "")
        if what.startswith("join"):
            print("Engine alone on the same buurten (median of 15 runs)")
        if what.startswith(("join", "  ")) and not what.startswith("  its"):
            print(f"  {what:<52} {seconds * 1000:6.0f} ms{target}")
        else:
            print(f"  {what:<52} {seconds:6.2f} s{target}")
    print(f"Peak memory of a run's process (the highest of the runs): {peak:.0f} MB  (#21: < 1 GB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
