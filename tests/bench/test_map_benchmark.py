"""The map benchmark: its buurt-scale layer (fast) and one quick run of the whole benchmark (bench).

Never asserts on times (a project rule): only that the table is complete and both maps drew.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from bench import map_benchmark as mb
from geo.boundaries import read_boundaries


@pytest.fixture(scope="module")
def wijken(real_file):
    return read_boundaries(real_file("wijken_2024_nl.geojson")).data


@pytest.fixture(scope="module")
def buurten(wijken):
    return mb.make_buurten(wijken)


@pytest.mark.slow
def test_buurten_are_deterministic(wijken):
    some = wijken.iloc[::10]  # every tenth wijk, a tenth of the buurten: the same steps, in a tenth of the time
    first, again = mb.make_buurten(some, total=1_500), mb.make_buurten(some, total=1_500)
    assert len(first) > 1_000
    assert again["buurtcode"].tolist() == first["buurtcode"].tolist()
    assert (shapely.to_wkb(again.geometry.values) == shapely.to_wkb(first.geometry.values)).all()
    pd.testing.assert_frame_equal(again.drop(columns="geometry"), first.drop(columns="geometry"))


@pytest.mark.slow
def test_buurten_are_valid_polygons_at_realistic_density(buurten):
    assert 14_000 <= len(buurten) <= 16_000
    geometry = buurten.geometry.values
    assert shapely.is_valid(geometry).all()
    assert not shapely.is_empty(geometry).any()
    assert set(buurten.geom_type) <= {"Polygon", "MultiPolygon"}
    assert buurten["buurtcode"].is_unique
    assert buurten["buurtcode"].str.fullmatch(r"BU[0-9]{4}[0-9A-Z]{2}[0-9]{2}").all()
    assert 30 <= shapely.get_num_coordinates(geometry).mean() <= 80


@pytest.mark.slow
def test_buurten_tile_each_wijk_without_gaps_or_overlaps(wijken, buurten):
    wijk = wijken.to_crs(mb.RD_NEW).set_index("code").geometry
    cells = buurten.geometry.values
    groups = pd.Series(np.arange(len(buurten))).groupby(buurten["wijkcode"].to_numpy())
    assert set(groups.groups) == set(wijk.index)
    area_sum = pd.Series(shapely.area(cells)).groupby(buurten["wijkcode"].to_numpy()).sum()
    union_area = groups.apply(lambda rows: shapely.union_all(cells[rows.to_numpy()]).area)
    expected = wijk.area.reindex(area_sum.index)
    # cells are clipped to their wijk; equal sum and union areas mean no overlaps, and equal to
    # the wijk's area means no gaps
    assert np.allclose(area_sum, expected, rtol=1e-6, atol=1e-3)
    assert np.allclose(union_area, expected, rtol=1e-6, atol=1e-3)


@pytest.mark.slow
def test_buurten_read_back_as_buurt_boundaries(wijken, tmp_path):
    boundaries = read_boundaries(mb.write_buurten(wijken, tmp_path / "buurten.gpkg"))
    assert boundaries.report.level == "buurt"
    assert 14_000 <= boundaries.report.features <= 16_000
    assert {"aantal_inwoners", "aandeel_65plus"} <= set(boundaries.table.figures)


@pytest.mark.bench
def test_benchmark_prints_every_row_and_both_maps_draw_all_polygons(real_file):
    real_file("wijken_2024_nl.geojson")
    if not Path(mb.CHROMIUM).exists():
        pytest.skip(f"no Chromium at {mb.CHROMIUM}: install Debian's chromium package to run the benchmark")
    pytest.importorskip("playwright.sync_api")
    result = mb.run_benchmark(quick=True)
    print(result.text)
    for dataset in ("wijken", "buurten"):
        assert [row.metric for row in result.rows if row.dataset == dataset] == mb.METRICS
        for metric in mb.METRICS:
            assert f"{dataset:<9} {metric}" in result.text
        check = result.drawn[dataset]
        assert check["classes_identical"]
        ours, explore = check["ours"], check["explore"]
        assert ours["painted"] and ours["canvases"] >= 1
        assert ours["polygons"] == check["features"]
        assert explore["polygons"] == explore["svg_paths"] == check["features"]
        assert ours["blocked"] == [] and explore["blocked"] == []
        assert ours["errors"] == []
    assert result.drawn["wijken"]["features"] == 3475
    assert 14_000 <= result.drawn["buurten"]["features"] <= 16_000
