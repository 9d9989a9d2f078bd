"""Shared fixtures: the real CBS/PDOK files beside the project, skipped where they are absent."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
REAL_DATA = PROJECT.parent / "shared" / "data" / "real"
DEMO_DATA = PROJECT / "data" / "demo"


@pytest.fixture(scope="session")
def real_data() -> Path:
    """Folder with the real CBS/PDOK files (``../shared/data/real``)."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"real CBS/PDOK data not found at {REAL_DATA}")
    return REAL_DATA


@pytest.fixture(scope="session")
def real_file(real_data):
    """Return a function giving the path of one real file, skipping when it is absent."""

    def find(name: str) -> Path:
        path = real_data / name
        if not path.exists():
            pytest.skip(f"real data file {name} not found in {real_data}")
        return path

    return find


@pytest.fixture(scope="session")
def wire_data(real_file):
    """PDOK and CBS answers for GM1916 in the real wire formats, for the local fake services."""
    import json

    from tests.indicators.io.test_download import build_features, build_rows

    properties = json.loads(real_file("kwb2024_85984NED_DataProperties.json").read_text(encoding="utf-8"))
    values = json.loads(real_file("kwb2024_85984NED_gm_wk_values.json").read_text(encoding="utf-8"))
    features = build_features(real_file)
    wijk_codes = [f["properties"]["wijkcode"] for f in features["wijken"] if "1916" in f["properties"]["wijkcode"]]
    return features, properties, build_rows(properties, values, wijk_codes)


@pytest.fixture(autouse=True)
def views_database(tmp_path, monkeypatch):
    """Every test saves views in its own database, never in the project's data/views.sqlite."""
    path = tmp_path / "views.sqlite"
    monkeypatch.setenv("WIJKVERKENNER_VIEWS", str(path))
    return path


def run_cli_here(*args):
    """``python cli.py ARGS`` in this process: its exit status and everything written to stdout and stderr.

    A new Python costs two seconds of imports per call; here the command runs as ``cli.main`` from
    the project folder, and the output is caught at the file descriptors too, so a message GDAL
    writes from C is seen as a user would see it. ``tests/cli/test_real_data.py`` keeps real processes.
    """
    import contextlib
    import io
    import os
    import subprocess
    import sys
    import tempfile

    from cli import main

    streams = io.StringIO(), io.StringIO()
    with tempfile.TemporaryFile() as fd_out, tempfile.TemporaryFile() as fd_err:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(fd_out.fileno(), 1)
        os.dup2(fd_err.fileno(), 2)
        try:
            with contextlib.chdir(PROJECT), contextlib.redirect_stdout(streams[0]), \
                    contextlib.redirect_stderr(streams[1]):
                try:
                    status = main([str(arg) for arg in args])
                except SystemExit as exit_:  # argparse: usage errors and --help
                    status = exit_.code if isinstance(exit_.code, int) else 2
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        fd_out.seek(0)
        fd_err.seek(0)
        out = streams[0].getvalue() + fd_out.read().decode(errors="replace")
        err = streams[1].getvalue() + fd_err.read().decode(errors="replace")
    return subprocess.CompletedProcess(["cli.py", *map(str, args)], status, out, err)


def pytest_collection_modifyitems(items):
    """A benchmark is slow by nature: it is left out of the fast loop too (``-m "not slow and not e2e"``)."""
    for item in items:
        if item.get_closest_marker("bench") is not None:
            item.add_marker(pytest.mark.slow)
