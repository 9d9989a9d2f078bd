"""The Evenementen page's data: the demo's events and turnover, measured once per baseline and cached.

Only arranging and caching happens here; the method is ``indicators.analysis.events`` and the drawing ``maps.events``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.datasets import DEMO_DIR, Dataset, demo_dataset
from geo.demo_events import EVENTS_FILE, SERIES_FILE
from indicators.analysis.events import EventsReport, EventStudy, neighbours_of, read_events, read_series
from ui.caches import load

YEAR = 2024  # the demo's districts the events map draws (the wijken are the same in both years)


def demo_files(folder: Path = DEMO_DIR) -> tuple[Path, Path] | None:
    """The demo's events and series files, or None when they were not generated."""
    events, series = folder / EVENTS_FILE, folder / SERIES_FILE
    return (events, series) if events.exists() and series.exists() else None


def districts(dataset: Dataset):
    """The demo's wijken as the map pages load them (protected; only codes, names and geometry are used here)."""
    return load(dataset, "wijk", YEAR if YEAR in dataset.years else dataset.years[-1])


@st.cache_resource(show_spinner=False, max_entries=8)
def study(events: Path, series: Path, weeks: int, changed: float) -> EventStudy:
    """The events measured against the demo's wijken (neighbours left out of the controls); read-only.

    ``changed`` (the files' newest modification time) is part of the key, so regenerated files are read again.
    """
    dataset = demo_dataset()
    frame = districts(dataset).table.data
    return EventStudy(read_events(events), read_series(series), baseline_weeks=weeks, neighbours=neighbours_of(frame))


@st.cache_resource(show_spinner=False, max_entries=8)
def report(events: Path, series: Path, weeks: int, changed: float) -> EventsReport:
    """Every event's effects (for the ranking and the list of what was withheld)."""
    return study(events, series, weeks, changed).effects()


@st.cache_resource(show_spinner=False, max_entries=64)
def district_effects(events: Path, series: Path, weeks: int, changed: float, index: int, sectors: tuple) -> dict:
    """The effect of one event on every wijk, for the spill-over map."""
    return study(events, series, weeks, changed).district_effects(index, sectors)


def changed_at(*paths: Path) -> float:
    """The newest modification time of ``paths``, to key the caches."""
    return max(path.stat().st_mtime for path in paths)
