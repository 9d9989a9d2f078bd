"""The Evenementen page's data: the demo's or the user's own events and series, measured once per baseline and cached.

Only arranging and caching happens here; the method is ``indicators.analysis.events`` and the drawing ``maps.events``.
An upload is saved in the session's own folder (``ui.uploads``) and read with the same checks as
``cli.py events``. Its areas are drawn on the session's boundaries that hold most of them (the
demo's or those uploaded on Gegevens); without such boundaries the effects are still measured, with
no map and no neighbours left out of the controls.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.datasets import DEMO_DIR, Dataset
from geo.demo_events import EVENTS_FILE, SERIES_FILE
from indicators.analysis.events import EventsReport, EventStudy, neighbours_of, read_events, read_series
from indicators.core.codes import level_of
from ui import areas
from ui.areas import Areas, districts
from ui.uploads import upload_folder


def demo_files(folder: Path = DEMO_DIR) -> tuple[Path, Path] | None:
    """The demo's events and series files, or None when they were not generated."""
    events, series = folder / EVENTS_FILE, folder / SERIES_FILE
    return (events, series) if events.exists() and series.exists() else None


def save_upload(events_file, series_file) -> tuple[Path, Path]:
    """The session's uploaded events and series, written to its upload folder (their names kept, for the credits)."""
    folder = upload_folder() / "evenementen"
    paths = []
    for part, uploaded in (("events", events_file), ("series", series_file)):
        target = folder / part / Path(uploaded.name).name
        target.parent.mkdir(parents=True, exist_ok=True)
        data = uploaded.getvalue()
        if not target.exists() or target.read_bytes() != data:  # unchanged files keep their time: the caches hold
            for old in target.parent.iterdir():
                old.unlink()
            target.write_bytes(data)
        paths.append(target)
    return paths[0], paths[1]


@st.cache_resource(show_spinner=False, max_entries=8)
def events_of(path: Path, changed: float):
    """The events table as ``cli.py events`` reads it (the same checks and messages); read-only."""
    return read_events(path)


@st.cache_resource(show_spinner=False, max_entries=8)
def series_of(path: Path, changed: float):
    """The series as ``cli.py events`` reads it; read-only."""
    return read_series(path)


def areas_for(events: Path, changed: float, datasets: dict[str, Dataset], first: str | None = None) -> Areas | None:
    """The boundaries of the session that hold most of the events' areas (``first`` wins a tie); None if none does."""
    codes = set(events_of(events, changed)["gebied"])
    return areas.areas_for(codes, level_of(min(codes)), datasets, first)


@st.cache_resource(show_spinner=False, max_entries=8)
def study(events: Path, series: Path, weeks: int, changed: float, where: Areas | None,
          kind: str = "turnover") -> EventStudy:
    """The events measured; the neighbours in ``where`` are left out of the controls; read-only.

    ``changed`` (the files' newest modification time) is part of the key, so new files are read again.
    """
    neighbours = neighbours_of(districts(where).table.data) if where is not None else None
    return EventStudy(events_of(events, changed_at(events)), series_of(series, changed_at(series)),
                      baseline_weeks=weeks, neighbours=neighbours, kind=kind)


@st.cache_resource(show_spinner=False, max_entries=8)
def report(events: Path, series: Path, weeks: int, changed: float, where: Areas | None,
           kind: str = "turnover") -> EventsReport:
    """Every event's effects (for the ranking and the list of what was withheld)."""
    return study(events, series, weeks, changed, where, kind).effects()


@st.cache_resource(show_spinner=False, max_entries=64)
def district_effects(events: Path, series: Path, weeks: int, changed: float, where: Areas | None, kind: str,
                     index: int, sectors: tuple) -> dict:
    """The effect of one event on every district, for the spill-over map."""
    return study(events, series, weeks, changed, where, kind).district_effects(index, sectors)


def changed_at(*paths: Path) -> float:
    """The newest modification time of ``paths``, to key the caches."""
    return max(path.stat().st_mtime for path in paths)
