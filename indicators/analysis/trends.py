"""A figure over the years, for one area, cut where the area changed.

A trend is only a trend while the area stays the same. Where a code is missing in a year (a buurt
split in two, wijken merged, a new code), or where the caller says the area with that code was
redrawn (``changed``), the series is cut: the years before and after are separate segments and no
line joins them, just as ``indicators.analysis.derive.change`` draws no change for a code found in one year
only. Secret and missing values are gaps too, but not breaks: the area is the same on both sides.

Examples
--------
>>> series = trend({2023: buurten_2023, 2024: buurten_2024}, "BU99990606", "inwoners")
>>> series.segments  # a new code in 2024: one segment of one year
((Point(year=2024, value=1215.0, status='ok'),),)
>>> series.breaks
(2024,)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from indicators.analysis.benchmarks import row_reference
from indicators.core.table import Table
from indicators.core.values import MISSING, OK

FLAT = 0.5  # a change below half of the last shown decimal is no change


@dataclass(frozen=True)
class Point:
    """One year's value (None when secret or missing, with that status)."""

    year: int
    value: float | None
    status: str = OK


@dataclass(frozen=True)
class Trend:
    """The values of one figure of one area over the years.

    ``points`` has every year asked for (None where the area or value is absent); ``segments``
    the runs of years over which the area stayed the same and the code existed, oldest first;
    ``breaks`` the years after the first in which a segment starts (a boundary change: the area
    is new, or was redrawn, in that year).
    """

    code: str
    column: str
    points: tuple[Point, ...]
    segments: tuple[tuple[Point, ...], ...]
    breaks: tuple[int, ...] = ()

    @property
    def last(self) -> Point | None:
        """The newest point with a value, in the newest segment."""
        for point in reversed(self.segments[-1] if self.segments else ()):
            if point.value is not None:
                return point
        return None

    def comparable(self) -> tuple[Point, Point] | None:
        """The newest two years with values in the same segment (the area unchanged), or None."""
        if not self.segments:
            return None
        known = [point for point in self.segments[-1] if point.value is not None]
        return (known[-2], known[-1]) if len(known) >= 2 else None


def trend(tables: dict[int, Table | None], code: str, column: str, changed=()) -> Trend:
    """The series of ``column`` for the area ``code`` over the years of ``tables``.

    Parameters
    ----------
    tables : dict
        Year -> a protected table of that year holding the area's level (None for a year without
        data); the column is matched in each year on its own (``benchmarks.matching_column``).
    code : str
        The area's normalised code (``WK999901``, ``GM9999``, ``NL00``).
    column : str
        The figure, in any spelling of the registry.
    changed : iterable of int
        Years in which the area with this code was redrawn (its boundary differs from the year
        before): the series is cut there as well.

    Returns
    -------
    Trend
    """
    changed = set(changed)
    points, segments, breaks = [], [], []
    current: list[Point] = []
    years = sorted(tables)
    for year in years:
        table = tables[year]
        present = table is not None and code in table.region_codes
        if not present:
            points.append(Point(year, None, MISSING))
            if current:
                segments.append(tuple(current))
                current = []
            continue
        reference = row_reference(table, code, column)
        point = Point(year, reference.value, reference.status)
        points.append(point)
        if current and year in changed:
            segments.append(tuple(current))
            current = []
        if not current and year != years[0]:
            breaks.append(year)  # the area is new, or new again, since an earlier year
        current.append(point)
    if current:
        segments.append(tuple(current))
    return Trend(code=code, column=column, points=tuple(points), segments=tuple(segments), breaks=tuple(breaks))


def direction(series: Trend, decimals: int = 0) -> str | None:
    """``"up"``, ``"down"`` or ``"flat"`` over the newest two comparable years; None when there are none.

    A change smaller than half of the last decimal shown is "flat": it would not show in the figures.
    """
    pair = series.comparable()
    if pair is None:
        return None
    before, after = pair
    step = FLAT * 10.0 ** -max(decimals, 0)
    delta = after.value - before.value
    if not math.isfinite(delta) or abs(delta) < step:
        return "flat"
    return "up" if delta > 0 else "down"
