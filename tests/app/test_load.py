"""Several people at once: simultaneous app sessions keep their own view and their own uploads.

Four ``AppTest`` sessions run side by side, one per thread, in one process: like the Streamlit
server, which runs every browser session's script in a thread of its own and shares one
``st.cache_resource`` between them. Each session makes its first run, waits for the others (so
the sessions really overlap), switches theme and indicator a few times, switches level, and
every second session uploads a small boundary file of its own on the Gegevens page and maps it.

The test checks that no run raised or showed an exception, that every map's title (the legend
title in the map component's data) names the indicator and year that session chose, and that
each session's dataset list holds the demo and its own upload only, never another session's.

AppTest is made for one session at a time: each ``AppTest.run`` installs a mock runtime in a
process-wide global and removes it at the end, patches the config and compiles the scripts
afresh. Runs that overlap then fail: a run whose runtime another session just removed stops
before its script starts and leaves an empty page without any ``at.exception``, and two threads
in ``ast.parse`` at once can break CPython 3.11's AST state (gh-106905). The test therefore runs
inside ``bench.load_benchmark.concurrent_sessions``, which gives all sessions one runtime, one
config patch and one script cache, as the server has. Nothing else is serialised: the sessions'
scripts run at the same time.
"""

from __future__ import annotations

import html
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.load_benchmark import concurrent_sessions
from geo.datasets import demo_dataset
from indicators.core.describe import themes_of
from tests.app.conftest import assert_ok, maps_sent, new_app, open_page, texts
from ui.caches import load_with, threshold_settings

SESSIONS = 4
SWITCHES = 3
LEGEND_TITLE = re.compile(r'<div class="wv-title">(.*?)</div>', re.S)


@pytest.fixture
def simultaneous():
    """AppTest made safe for sessions in several threads (see the module docstring)."""
    with concurrent_sessions():
        yield


def map_title(at) -> str:
    """The title of the map on screen: the legend's title in the map component's data."""
    (data,) = maps_sent(at)
    return html.unescape(LEGEND_TITLE.search(data["legend"]).group(1))


def boundary_file(folder: Path, number: int) -> tuple[str, bytes, str]:
    """A GeoJSON of four square wijken near Delft with two own figures, titled after its session."""
    features = []
    for n in range(4):
        x, y = 4.35 + 0.01 * (n % 2), 52.00 + 0.01 * (n // 2)
        ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {
            "wijkcode": f"WK1916{n + 1:02d}", "wijknaam": f"Wijk {n + 1} van sessie {number}",
            "score": 1.5 + n + number / 10, "aandeel": 10.25 * (n + 1)}})
    path = folder / f"Upload van sessie {number}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path.name, path.read_bytes(), "application/geo+json"


def sidebar_options(at) -> dict[str, list[str]]:
    """Theme -> indicators the session's sidebar offers (AppTest only shows their labels).

    Read from the table the session shows, through the app's own cache: no extra work.
    """
    key = at.session_state["dataset"]
    dataset = at.session_state["uploads"][key] if key.startswith("upload-") else demo_dataset()
    loaded = load_with(dataset, at.session_state["level"], at.session_state["year"],
                       threshold_settings(at.session_state["min_count"]))
    return themes_of(loaded.table.figures)


def switch_indicator(at, step: int, record: list) -> None:
    """Choose a theme and an indicator by position, and note (title expected, title on the map)."""
    by_theme = sidebar_options(at)
    theme = list(by_theme)[step % len(by_theme)]
    at.selectbox(key="theme").set_value(theme).run()
    assert_ok(at)
    columns = by_theme[theme]
    index = (3 * step + 1) % len(columns)
    at.selectbox(key="indicator").set_value(columns[index]).run()
    assert_ok(at)
    assert at.session_state["indicator"] == columns[index]
    label = at.selectbox(key="indicator").options[index]  # what the dropdown shows for the choice
    year = at.session_state["year"]  # an upload without a year in it has none: the title has no year then
    record.append((f"{label} ({year})" if year else label, map_title(at)))


def session(number: int, at, folder: Path, start: threading.Barrier) -> dict:
    """One visitor's sequence; returns what the test checks afterwards."""
    titles: list[tuple[str, str]] = []
    try:
        at.run()
        assert_ok(at)
    except BaseException:
        start.abort()  # the other sessions stop waiting at once
        raise
    start.wait(timeout=120)
    for step in range(SWITCHES):
        switch_indicator(at, number + step, titles)
    at.radio(key="level").set_value("buurt").run()
    assert_ok(at)
    switch_indicator(at, number, titles)
    uploaded = number % 2 == 1  # one session of each pair uploads
    if uploaded:
        open_page(at, "gegevens")
        at.file_uploader(key="upload_boundaries").set_value(boundary_file(folder, number))
        at.button[0].click().run()
        assert_ok(at)
        assert f"'Upload van sessie {number}' is geladen en staat nu als gegevensbron op de kaart." in texts(
            at.success), [*texts(at.success), *texts(at.error)]
        open_page(at, "kaart")
        assert_ok(at)
        switch_indicator(at, number + 1, titles)
    return {
        "uploaded": uploaded,
        "titles": titles,
        "dataset_list": at.selectbox(key="dataset").options,
        "uploads": sorted(d.title for d in at.session_state["uploads"].values())
        if "uploads" in at.session_state else [],
        "shown": at.session_state["dataset"],
    }


@pytest.mark.slow
def test_simultaneous_sessions_keep_their_own_view_and_uploads(tmp_path, simultaneous):
    apps = [new_app() for _ in range(SESSIONS)]  # in the main thread: skips here when the demo is absent
    start = threading.Barrier(SESSIONS)
    folders = [tmp_path / f"sessie-{number}" for number in range(SESSIONS)]
    for folder in folders:
        folder.mkdir()
    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        futures = [pool.submit(session, number, at, folders[number], start) for number, at in enumerate(apps)]
        results = [future.result(timeout=300) for future in futures]  # re-raises a session's failure here

    for number, (at, result) in enumerate(zip(apps, results)):
        assert_ok(at)
        mismatched = [(wanted, shown) for wanted, shown in result["titles"] if wanted != shown]
        assert not mismatched, f"session {number}: map titles differ from the choices {mismatched}"
        assert len(result["titles"]) == SWITCHES + 1 + result["uploaded"]
        own = [f"Upload van sessie {number}"] if result["uploaded"] else []
        assert result["dataset_list"] == ["Demostad", *own], f"session {number}"
        assert result["uploads"] == own, f"session {number}"
        assert result["shown"].startswith("upload-") == result["uploaded"]
    upload_keys = [at.session_state["dataset"] for at in apps if at.session_state["dataset"].startswith("upload-")]
    assert len(set(upload_keys)) == SESSIONS // 2  # every upload is a dataset of its own
    folders_used = {at.session_state["upload_folder"] for at in apps if "upload_folder" in at.session_state}
    assert len(folders_used) == SESSIONS // 2  # and every uploading session a folder of its own
