"""Datasets: a year read once and protected any number of times gives what one call gives."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.datasets import demo_dataset, figures_year, load_districts, load_protected_year, protect_year, year_levels
from indicators.privacy.disclosure import DisclosureSettings
from tests.conftest import DEMO_DATA


@pytest.fixture(scope="module")
def dataset():
    if not any(DEMO_DATA.glob("*.gpkg")):
        pytest.skip("demo data not generated (python cli.py demo --out data/demo)")
    return demo_dataset()


def test_the_levels_of_a_year_include_the_gemeente_layer(dataset):
    assert year_levels(dataset) == ["wijk", "buurt", "gemeente"]


@pytest.mark.parametrize("settings", [DisclosureSettings(), DisclosureSettings(min_count=15)])
def test_protecting_levels_read_before_is_loading_the_protected_year(dataset, settings):
    loaded = {level: load_districts(dataset, level, 2024, check_level=False) for level in year_levels(dataset)}
    before = {level: (parts[0].data.copy(), parts[0].status.copy()) for level, parts in loaded.items()}
    once = load_protected_year(dataset, 2024, settings)
    again = protect_year(dataset, loaded, settings)
    assert vars(again["report"]) == vars(once["report"])
    for level in loaded:
        pd.testing.assert_frame_equal(again[level][0].data, once[level][0].data)
        pd.testing.assert_frame_equal(again[level][0].status, once[level][0].status)
        # the app keeps the levels as read and protects them again for another threshold: never changed
        pd.testing.assert_frame_equal(loaded[level][0].data, before[level][0])
        pd.testing.assert_frame_equal(loaded[level][0].status, before[level][1])




@pytest.mark.parametrize(("tables", "year"), [
    (["kwb2024_85984NED_gm_wk_values.json"], 2024),  # the KWB follows the map by a year: its figures' year
    (["eigen.csv"], 2025),  # no year in the name: the map's
    (["kwb2024_a.json", "eigen_2023.csv"], 2025),  # the tables disagree: the map's
    ([], 2025),
])
def test_the_figures_year_is_the_one_the_tables_names_agree_on(tables, year):
    assert figures_year(2025, tables) == year
