"""Trends over the years, cut where a boundary changed (the demo's buurt split in 2024)."""

from __future__ import annotations

import pytest

from geo.datasets import demo_dataset, load_districts
from indicators.analysis.trends import direction, trend

SPLIT, NORTH = "BU99990601", "BU99990606"  # Sluisburg, split into Noord and Zuid in 2024


@pytest.fixture(scope="module")
def buurten():
    dataset = demo_dataset()
    return {year: load_districts(dataset, "buurt", year)[0] for year in dataset.years}


def test_an_area_in_both_years_is_one_line(buurten):
    series = trend(buurten, "BU99990101", "aantal_inwoners")
    assert [p.year for p in series.points] == [2023, 2024]
    assert len(series.segments) == 1 and len(series.segments[0]) == 2 and series.breaks == ()
    assert direction(series) in ("up", "down", "flat")


def test_a_new_code_after_a_split_starts_its_own_line(buurten):
    series = trend(buurten, NORTH, "aantal_inwoners")
    assert series.points[0].value is None  # not there in 2023
    assert [[p.year for p in segment] for segment in series.segments] == [[2024]]
    assert series.breaks == (2024,)
    assert series.comparable() is None and direction(series) is None


def test_the_old_code_ends_where_it_was_split(buurten):
    series = trend(buurten, SPLIT, "aantal_inwoners")
    assert [[p.year for p in segment] for segment in series.segments] == [[2023]]
    assert series.points[1].value is None


def test_a_redrawn_area_with_the_same_code_is_cut_too(buurten):
    series = trend(buurten, "BU99990101", "aantal_inwoners", changed={2024})
    assert [[p.year for p in segment] for segment in series.segments] == [[2023], [2024]]
    assert series.breaks == (2024,) and direction(series) is None


def test_flat_means_the_change_would_not_show(buurten):
    series = trend(buurten, "BU99990101", "gemiddelde_huishoudsgrootte")
    before, after = series.comparable()
    expected = "flat" if abs(after.value - before.value) < 0.05 else ("up" if after.value > before.value else "down")
    assert direction(series, decimals=1) == expected
