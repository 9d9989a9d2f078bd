"""App benchmark: server time of the Kaart page at buurt scale, first view and indicator switches.

Runs the real app script with Streamlit's AppTest (no browser) on the 15,000-polygon buurt layer
of ``bench.map_benchmark`` and times whole reruns: the first view of a layer (read, prepare,
draw), and switches of indicator and of the number of classes on the cached layer. SPEC target:
an indicator switch within 0.5 s of server time. Run from the project root::

    python -m bench.app_benchmark
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.map_benchmark import WIJKEN_FILE, write_buurten
from geo.boundaries import read_boundaries
from geo.datasets import Dataset

APP = Path(__file__).resolve().parents[1] / "app.py"


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


def run_app_benchmark(repeats: int = 3) -> list[tuple[str, float]]:
    """Seconds per rerun: (what, median seconds)."""
    wijken = read_boundaries(WIJKEN_FILE).data
    path = write_buurten(wijken, Path(tempfile.mkdtemp(prefix="wijkverkenner-bench-")) / "buurten.gpkg")
    dataset = Dataset(key="bench", title="15.000 buurten", boundaries={2024: path}, levels=("buurt",))
    st.cache_resource.clear()
    first = _timed(_new_session(dataset))
    st.cache_resource.clear()  # as after a restart: only the prepared layer on disk remains
    restarted = _timed(_new_session(dataset))
    app = _new_session(dataset)
    _timed(app)
    switches, classes = [], []
    for i in range(repeats * 2):  # the layer's two figures sit in two themes: each switch changes indicator
        app.selectbox(key="theme").set_value(("overig", "bevolking")[i % 2])
        switches.append(_timed(app))
    for k in (4, 6, 5)[:repeats]:
        app.slider(key="k").set_value(k)
        classes.append(_timed(app))
    return [
        ("first view of a new layer (read, prepare, draw)", first),
        ("first view after a restart (prepared layer on disk)", restarted),
        ("indicator switch (layer cached)", statistics.median(switches)),
        ("number of classes changed", statistics.median(classes)),
    ]


def main() -> int:
    """Print the table."""
    rows = run_app_benchmark()
    print("Kaart page, 15,000 buurten, server time per rerun (AppTest, median)")
    for what, seconds in rows:
        target = {"indicator": "  (SPEC: <= 0.5 s)", "first view after": "  (SPEC: < 2 s)"}
        target = next((text for start, text in target.items() if what.startswith(start)), "")
        print(f"  {what:<52} {seconds:6.2f} s{target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
