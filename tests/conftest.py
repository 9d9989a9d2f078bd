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

    from tests.indicators.test_download import build_features, build_rows

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
