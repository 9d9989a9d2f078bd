"""The rule on survival curves: steps of at least the threshold of events, at risk at least the threshold."""

import numpy as np

from indicators.privacy.curves import publishable_months, step_events


def test_months_of_few_events_are_joined_until_a_step_holds_the_threshold():
    events = np.array([12, 4, 3, 5, 10, 2])
    at_risk = np.array([100, 88, 84, 81, 76, 66])
    assert publishable_months(events, at_risk, 10, anchors=()) == [1, 4, 5]  # 12 | 4+3+5 | 10 | (2: not shown)
    assert publishable_months(events, at_risk, 10) == [1, 4, 6]  # month 6 asked for: 10 + 2 in one step


def test_the_tail_with_few_at_risk_is_cut_off():
    events = np.array([10, 10, 10, 10])
    at_risk = np.array([45, 35, 25, 9])
    assert publishable_months(events, at_risk, 10) == [1, 2, 3]


def test_step_events_counts_the_events_inside_each_step_shown():
    times = np.array([0.5, 0.9, 1.5, 2.2, 3.9, 3.0])
    ended = np.array([True, True, False, True, True, True])
    assert step_events(times, ended, [1, 3, 4]) == [2, 2, 1]  # 1.5 was censored


def test_the_point_before_6_or_12_months_gives_way_so_those_months_are_shown():
    events = np.array([10, 10, 10, 10, 12, 3, 10, 10, 10, 10, 10, 10])
    at_risk = np.arange(300, 180, -10)
    shown = publishable_months(events, at_risk, 10)
    assert 6 in shown and 5 not in shown and 12 in shown  # month 5 (12) and month 6 (3) became one step
    times = np.concatenate([np.full(n, m - 0.5) for m, n in enumerate(events, start=1)])
    assert min(step_events(times, np.ones(len(times), dtype=bool), shown)) >= 10
