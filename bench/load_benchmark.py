"""Load benchmark: several simultaneous sessions switching indicators on the demo data.

Runs N app sessions at once with Streamlit's AppTest, one thread each, in one process, as the
Streamlit server runs every browser session's script in a thread of its own and shares one
``st.cache_resource`` between them. Each session makes its first run (not timed), then M
indicator switches (every second one by switching theme), each a whole rerun of the Kaart
page timed from the widget change to the finished page. Printed: the number of sessions, the
timed reruns, the wall time they took together, the throughput (reruns per second over all
sessions) and the median and 95th percentile seconds of one rerun, which grow as sessions wait
for the CPU (and the GIL).

This is server time without a browser: no websocket, no drawing of the map in Leaflet, no
network. Run from the project root::

    python -m bench.load_benchmark [--sessions N] [--steps M]

AppTest is made for one session at a time; ``concurrent_sessions`` (also used by
``tests/app/test_load.py``) makes it safe for several, see there.
"""

from __future__ import annotations

import argparse
import builtins
import logging
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from pathlib import Path
from unittest.mock import MagicMock, patch

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "ui" / "main.py"


@contextmanager
def concurrent_sessions():
    """Let AppTest sessions run at the same time in threads, sharing what the server shares.

    Each ``AppTest.run`` swaps process-wide globals for the length of one run: it installs a
    mock ``Runtime._instance`` and sets it back to None at the end, patches ``config.get_option``
    and restores it, and compiles the pages in a new ``ScriptCache``. Overlapping runs break on
    each: a run whose runtime another session just removed dies before its script starts
    ("Runtime hasn't been created!") and leaves an empty page without any ``at.exception``; the
    config patches restore each other out of order; and, as every run compiles the app's scripts
    afresh, two threads in ``ast.parse`` at once can hit CPython 3.11's "AST constructor recursion
    depth mismatch" (gh-106905).

    Inside this block there is one runtime, one config patch and one script cache for the whole
    process, as in the server: one ``Runtime`` (media files, cache storage) and one ``ScriptCache``
    for the runner and the pages, whose lock compiles each script once. ``compile`` (and with it
    ``ast.parse``, which libraries also call while the app runs) takes one lock, which CPython
    3.11 needs for gh-106905. The scripts themselves run concurrently; nothing else is serialised.
    """
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.runtime import Runtime
    from streamlit.runtime.caching.storage.dummy_cache_storage import MemoryCacheStorageManager
    from streamlit.runtime.dataframe_source_manager import DataframeSourceManager
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner
    from streamlit.testing.v1.util import patch_config_options

    runtime = MagicMock(spec=Runtime)
    runtime.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    runtime.dataframe_source_mgr = DataframeSourceManager()
    runtime.cache_storage_manager = MemoryCacheStorageManager()
    components = BidiComponentManager()
    components.discover_and_register_components(start_file_watching=False)
    runtime.bidi_component_registry = components
    scripts = ScriptCache()

    compiling = threading.RLock()
    builtin_compile = builtins.compile

    def locked_compile(*args, **kwargs):
        with compiling:
            return builtin_compile(*args, **kwargs)

    class _RunLocalRuntime:
        """What AppTest sets and resets per run lands here, not on the real ``Runtime``."""

        _instance = None

    with (patch.object(Runtime, "_instance", runtime),
          patch.object(app_test, "Runtime", _RunLocalRuntime),
          patch.object(app_test, "ScriptCache", lambda: scripts),
          patch.object(local_script_runner, "ScriptCache", lambda: scripts),
          patch_config_options({"global.appTest": True}),
          patch.object(app_test, "patch_config_options", lambda overrides: nullcontext()),
          patch.object(builtins, "compile", locked_compile)):
        yield


def _session(steps: int, start: threading.Barrier) -> tuple[list[float], float, float]:
    """One session: the first view, then ``steps`` timed reruns that each change the indicator.

    Even steps switch theme (the indicator follows), odd steps another indicator of the theme.
    Returns the seconds of each rerun and when the timed part began and ended.
    """
    from geo.datasets import demo_dataset
    from indicators.core.describe import themes_of
    from ui.caches import load_with, threshold_settings

    try:
        app = AppTest.from_file(str(APP), default_timeout=300).run()
        _check(app)
        # The sidebar shows labels only; the column names come from the table the session maps (cached).
        table = load_with(demo_dataset(), app.session_state["level"], app.session_state["year"],
                          threshold_settings(app.session_state["min_count"])).table
    except BaseException:
        start.abort()  # the other sessions stop waiting at once
        raise
    by_theme = themes_of(table.figures)
    themes = list(by_theme)
    offset = start.wait(timeout=300)  # 0 .. N-1: every session takes its own path through the themes
    seconds = []
    began = time.perf_counter()
    for step in range(steps):
        before, theme = app.session_state["indicator"], app.session_state["theme"]
        others = [column for column in by_theme[theme] if column != before]
        if (step % 2 == 0 or not others) and len(themes) > 1:
            key = "theme"
            value = themes[(themes.index(theme) + 1 + offset % (len(themes) - 1)) % len(themes)]
        else:
            key, value = "indicator", others[(offset + step) % len(others)]
        rerun = time.perf_counter()
        app.selectbox(key=key).set_value(value).run()
        seconds.append(time.perf_counter() - rerun)
        _check(app)
        if app.session_state[key] != value or app.session_state["indicator"] == before:
            raise RuntimeError(f"step {step}: {key} {value!r} chosen, the session shows "
                               f"{app.session_state['theme']!r} / {app.session_state['indicator']!r}")
    return seconds, began, time.perf_counter()


def _check(app: AppTest) -> None:
    if app.exception:
        raise RuntimeError(f"the app failed: {app.exception[0].value}")


def run_load_benchmark(sessions: int = 4, steps: int = 5) -> dict:
    """Run the sessions at once; returns the figures of the printed table."""
    start = threading.Barrier(sessions)
    with concurrent_sessions(), ThreadPoolExecutor(max_workers=sessions) as pool:
        results = [future.result() for future in [pool.submit(_session, steps, start) for _ in range(sessions)]]
    wall = max(end for _, _, end in results) - min(began for _, began, _ in results)  # first runs excluded
    reruns = sorted(seconds for times, _, _ in results for seconds in times)
    p95 = reruns[min(len(reruns) - 1, round(0.95 * (len(reruns) - 1)))]
    return {"sessions": sessions, "reruns": len(reruns), "wall": wall, "throughput": len(reruns) / wall,
            "median": statistics.median(reruns), "p95": p95}


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=4, help="simultaneous sessions (threads)")
    parser.add_argument("--steps", type=int, default=5, help="indicator switches per session")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.steps < 1:
        parser.error("--sessions and --steps must be at least 1")
    # Reading the sidebar's choices from the app's cache outside a script run is fine; do not warn about it.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    row = run_load_benchmark(args.sessions, args.steps)
    print("Kaart page, demo data, simultaneous sessions switching indicator (AppTest, server time, no browser)")
    print(f"  {'sessions':>8} {'reruns':>7} {'wall s':>7} {'reruns/s':>9} {'median s':>9} {'p95 s':>7}")
    print(f"  {row['sessions']:>8} {row['reruns']:>7} {row['wall']:>7.2f} {row['throughput']:>9.1f} "
          f"{row['median']:>9.3f} {row['p95']:>7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
