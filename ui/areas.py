"""The boundaries a page draws a user's own figures on: those of the session that hold most of its areas.

An uploaded events table or long table names its areas by code only. The session has the demo and
whatever was uploaded on Gegevens; the boundaries holding most of the codes give the names and the
map. Where none holds any, the page shows its figures without a map and says why.
"""

from __future__ import annotations

from typing import NamedTuple

from geo.datasets import Dataset
from ui.caches import load

DEMO_YEAR = 2024  # the demo's year the analysis pages draw (its wijken are the same in both years)


class Areas(NamedTuple):
    """Boundaries to draw on: a dataset, its level and year."""

    dataset: Dataset
    level: str
    year: int


def areas_for(codes, level: str, datasets: dict[str, Dataset], first: str | None = None) -> Areas | None:
    """The session's boundaries of ``level`` holding most of ``codes`` (``first``'s key wins a tie); None if none."""
    codes = set(map(str, codes))
    best, found = None, 0
    for dataset in sorted(datasets.values(), key=lambda d: d.key != first):
        if level not in dataset.levels:
            continue
        year = DEMO_YEAR if dataset.synthetic and DEMO_YEAR in dataset.years else dataset.years[-1]
        try:
            shown = set(districts(Areas(dataset, level, year)).table.data["code"].astype(str))
        except (ValueError, OSError):  # boundaries that cannot be read here are no candidates
            continue
        if len(codes & shown) > found:
            best, found = Areas(dataset, level, year), len(codes & shown)
    return best


def districts(areas: Areas):
    """The districts as the map pages load them (protected; only codes, names and geometry are used here)."""
    return load(*areas)


def names_of(areas: Areas | None) -> dict:
    """Code -> name of the districts (empty without boundaries, or where they have no names)."""
    if areas is None:
        return {}
    data = districts(areas).table.data
    return dict(zip(data["code"].astype(str), data["naam"].astype(str))) if "naam" in data else {}
