"""The app and browser benchmarks run end to end and print every row (bench: ``python -m pytest -m bench``).

Never asserts on times (a project rule): only that each row is there with a number, and the
browser benchmark's ratios against the floor.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.map_benchmark import WIJKEN_FILE
from tests.conftest import DEMO_DATA, PROJECT

pytestmark = pytest.mark.bench


def _run(*args: str) -> str:
    answer = subprocess.run([sys.executable, "-m", *args], cwd=PROJECT, capture_output=True, text=True,
                            timeout=900)
    assert answer.returncode == 0, answer.stderr[-2000:]
    return answer.stdout


@pytest.mark.skipif(not Path(WIJKEN_FILE).exists(), reason="real wijken of NL absent (../shared/data/real)")
def test_app_benchmark_prints_every_row_and_the_peak_memory():
    out = _run("bench.app_benchmark", "--runs", "1")
    for row in ("first view of a new layer", "its prepared shapes drawn", "first view after a restart",
                "first view of a layer prepared",
                "indicator switch", "number of classes changed", "join, derive and classify"):
        assert re.search(rf"{re.escape(row)}.*\d+(\.\d+)? (s|ms)", out), row
    assert re.search(r"Peak memory of a run's process .*: \d+ MB", out)


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no Chromium at /usr/bin/chromium")
@pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")
def test_browser_benchmark_prints_ratios_against_the_floor_and_the_switches():
    out = _run("bench.browser_benchmark", "--runs", "1")
    for row in ("first map after a server start", "first map for a new visitor",
                "same controls, empty map: start", "same controls, empty map: new"):
        assert re.search(rf"{row} +\d+\.\d+s +\d+\.\d+s +\d+\.\d+x", out), row
    for row in ("its sidebar's choices there", "indicator switch to new map", "number of classes to new map",
                "year switch to new map"):
        assert re.search(rf"{row} +\d+\.\d+s", out), row
