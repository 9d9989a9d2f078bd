"""The rule on survival curves: steps of at least the threshold of events, at risk at least the threshold."""

import numpy as np

from indicators.privacy.curves import publishable_months, step_events


def test_months_of_few_events_are_joined_until_a_step_holds_the_threshold():
    events = np.array([12, 4, 3, 5, 10, 2])
    at_risk = np.array([100, 88, 84, 81, 76, 66])
    assert publishable_months(events, at_risk, 10) == [1, 4, 5]  # 12 | 4+3+5 | 10 | (2: not shown)


def test_the_tail_with_few_at_risk_is_cut_off():
    events = np.array([10, 10, 10, 10])
    at_risk = np.array([45, 35, 25, 9])
    assert publishable_months(events, at_risk, 10) == [1, 2, 3]


def test_step_events_counts_the_events_inside_each_step_shown():
    times = np.array([0.5, 0.9, 1.5, 2.2, 3.9, 3.0])
    ended = np.array([True, True, False, True, True, True])
    assert step_events(times, ended, [1, 3, 4]) == [2, 2, 1]  # 1.5 was censored
