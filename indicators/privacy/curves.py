"""Which points of a survival curve may be published: the disclosure rule for durations.

A Kaplan-Meier curve drops at every event. Published month by month, a drop of one person says
when that person found work or left the benefit; with the number at risk beside it, a reader can
count the events of every step. So a curve is shown only at month ends where

- the step since the previous point shown holds at least ``threshold`` events (months with fewer
  are joined to the next month until it does: the time axis is coarsened, never a step invented),
- and at least ``threshold`` persons were at risk when the step began (the tail, where few remain,
  is cut off).

The start (month 0, everyone still in) is always shown. What was coarsened or cut is said by the
caller (``indicators.analysis.durations``).
"""

from __future__ import annotations

import numpy as np


def publishable_months(events: np.ndarray, at_risk: np.ndarray, threshold: int, anchors=(6, 12)) -> list[int]:
    """The month ends (1, 2, ...) at which the curve may be shown.

    Parameters
    ----------
    events : array of int
        ``events[m - 1]``: events in month ``m`` (times in ``(m - 1, m]``).
    at_risk : array of int
        ``at_risk[m - 1]``: persons at risk at the start of month ``m``.
    threshold : int
        Smallest number of events in a step, and of persons at risk at its start.
    anchors : tuple of int
        Months the reader asks about (the share out after 6 and 12 months): where the step up to
        one holds too few events, the point before it is dropped, so the anchor is shown instead.
    """
    shown, starts, gathered, start = [], [], 0, 0
    for month, count in enumerate(events, start=1):
        if at_risk[start] < threshold:
            break
        gathered += int(count)
        if gathered < threshold and month in anchors and shown and 0 < gathered:
            gathered += int(np.sum(events[starts[-1]:shown[-1]]))  # the step before joins this one
            shown.pop()
            start = starts.pop()
        if gathered >= threshold:
            shown.append(month)
            starts.append(start)
            gathered, start = 0, month
            if start >= len(at_risk):
                break
    return shown


def step_events(times: np.ndarray, ended: np.ndarray, shown: list[int]) -> list[int]:
    """Events in each published step ``(previous point, point]``: what the rule promises to keep at ``threshold``."""
    edges = [0, *shown]
    return [int(((times > low) & (times <= high) & ended).sum()) for low, high in zip(edges, edges[1:])]
