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
