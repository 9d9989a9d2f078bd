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


@pytest.mark.slow
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


# --- a dataset from files: the one way for the command line, an upload, a download and the wijkprofiel ---


def test_files_of_two_years_make_one_dataset_with_each_table_on_its_year(tmp_path):
    from geo.datasets import dataset_from_files

    boundaries = [DEMO_DATA / "wijkenbuurten_2023_demo.gpkg", DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"]
    tables = [DEMO_DATA / "jeugdwerkloosheid_2024_demo.csv", DEMO_DATA / "jeugdwerkloosheid_2023_demo.csv"]
    dataset, reads = dataset_from_files(boundaries, tables, level="buurt")
    assert dataset.years == [2023, 2024] and dataset.levels == ("buurt",)
    assert dataset.tables == {2023: (tables[1],), 2024: (tables[0],)}
    assert dataset.layers == {"buurt": "buurten", "gemeente": "gemeenten", "wijk": "wijken"}  # protected together
    assert set(reads) == {2023, 2024} and reads[2024].report.level == "buurt" and dataset.synthetic
    assert dataset.title == "Demostad"  # the place the files are about


def test_one_map_takes_the_year_the_tables_names_agree_on(tmp_path):
    """KWB 2024 on the wijken of 2025 (as PDOK and CBS publish them): the figures, and so the map, are of 2024."""
    import geopandas as gpd

    from geo.datasets import dataset_from_files

    wijken = gpd.read_file(DEMO_DATA / "wijkenbuurten_2024_demo.gpkg", layer="wijken")
    path = tmp_path / "wijken_2025_demostad.geojson"
    wijken.drop(columns=[c for c in wijken.columns if c.startswith("jaar")]).to_file(path)
    kwb = tmp_path / "kwb2024_eigen.csv"
    kwb.write_text((DEMO_DATA / "jeugdwerkloosheid_2024_demo.csv").read_text(encoding="utf-8"), encoding="utf-8")
    dataset, _ = dataset_from_files(path, [kwb])
    assert dataset.years == [2024] and dataset.tables == {2024: (kwb,)} and dataset.levels == ("wijk",)
    assert dataset.layers == {}  # one layer: none to name
    assert dataset_from_files(path).dataset.years == [2025]


@pytest.mark.parametrize("case, kind", [
    ("same_year", "same_year"), ("no_year", "no_year"), ("table_year", "table_year"), ("no_level", "no_level"),
])
def test_files_that_make_no_dataset_are_refused_with_what_to_give(tmp_path, case, kind):
    import geopandas as gpd

    from geo.datasets import DatasetError, dataset_from_files

    wijken = gpd.read_file(DEMO_DATA / "wijkenbuurten_2024_demo.gpkg", layer="wijken")
    plain = tmp_path / "wijken.geojson"
    wijken.drop(columns=[c for c in wijken.columns if c.startswith("jaar")]).to_file(plain)
    files = {"same_year": ([DEMO_DATA / "wijkenbuurten_2024_demo.gpkg", DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"],
                           []),
             "no_year": ([plain], []),
             "table_year": ([DEMO_DATA / "wijkenbuurten_2023_demo.gpkg", DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"],
                            [tmp_path / "eigen_2019.csv"]),
             "no_level": ([plain], [])}
    boundaries, tables = files[case]
    with pytest.raises(DatasetError) as error:
        dataset_from_files(boundaries, tables, need_year=case == "no_year",
                           level="buurt" if case == "no_level" else None)
    assert error.value.kind == kind
