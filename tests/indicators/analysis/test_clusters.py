"""Global and local Moran on hand-made grids with known patterns, and on the demo municipality."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from indicators.analysis.clusters import find_clusters
from indicators.core.table import build_table
from maps.clusters import CLUSTER_COLORS, cluster_colors, cluster_notices, cluster_tooltips, describe_clusters
from maps.palettes import MISSING_COLOR, SECRET_COLOR

SIZE = 7
BLOCK = {(r, c) for r in range(3) for c in range(3)}  # high values in the top-left corner
INNER = {(0, 0), (0, 1), (1, 0), (1, 1)}  # block cells whose every neighbour is in the block


def grid_table(values, extra=()):
    """A SIZE x SIZE grid of squares in WGS84 (shared corner coordinates, so queen contiguity holds)."""
    xs = 5.0 + np.arange(SIZE + 1) * 0.01
    ys = 52.0 - np.arange(SIZE + 1) * 0.01
    rows = [{"code": f"BU{r}{c}", "naam": f"Cel {r}-{c}", "waarde": values[r][c],
             "geometry": box(xs[c], ys[r + 1], xs[c + 1], ys[r])} for r in range(SIZE) for c in range(SIZE)]
    rows += list(extra)
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return build_table(frame, labels=("code", "naam"))


def block_values(seed=1):
    rng = np.random.default_rng(seed)
    values = rng.normal(1.0, 0.3, (SIZE, SIZE))
    for r, c in BLOCK:
        values[r, c] = 10 + rng.normal(0, 0.3)
    return values.round(2).tolist()


@pytest.fixture(scope="module")
def block():
    table = grid_table(block_values())
    return table, find_clusters(table, "waarde")


def test_block_in_corner_is_a_hot_spot(block):
    table, result = block
    assert result.moran_i > 0.3
    assert result.p_value < 0.01
    assert result.expected == pytest.approx(-1 / 48)
    hot = {(int(code[2]), int(code[3])) for code in result.codes_of("HH")}
    assert INNER <= hot <= BLOCK
    assert set(result.labels) <= {"HH", "LL", "HL", "LH", "ns"}
    assert result.isolates == [] and result.excluded == {}
    assert len(result.labels) == SIZE * SIZE and list(result.labels.index) == list(table.data["code"])


def test_checkerboard_gives_negative_moran():
    values = [[10.0 if (r + c) % 2 else 1.0 for c in range(SIZE)] for r in range(SIZE)]
    result = find_clusters(grid_table(values), "waarde")
    assert result.moran_i < result.expected < 0
    assert "HH" not in set(result.labels)


def test_secret_and_missing_cells_are_left_out_of_the_weights_and_reported():
    values = block_values()
    values[1][1] = -99997  # CBS secret sentinel, in the middle of the hot block
    values[6][6] = None
    table = grid_table(values)
    result = find_clusters(table, "waarde")
    assert result.excluded == {"BU11": "secret", "BU66": "missing"}
    assert result.labels["BU11"] == "excluded" and np.isnan(result.local_i["BU11"])
    assert "BU11" not in result.clusters and len(result.clusters) == SIZE * SIZE - 2
    assert result.to_dict()["districts"] == SIZE * SIZE - 2
    assert result.labels["BU00"] == "HH"  # still a hot spot through its two remaining high neighbours
    notices = cluster_notices(result, table)
    assert notices == ["2 gebieden zonder geldige waarde (1 geheim, 1 geen gegevens) zijn weggelaten uit de "
                       "buurrelaties."]
    colors = cluster_colors(result)
    assert colors["BU11"] == SECRET_COLOR and colors["BU66"] == MISSING_COLOR
    assert colors["BU00"] == CLUSTER_COLORS["HH"]


def test_a_district_whose_neighbours_are_all_secret_becomes_an_isolate():
    values = block_values()
    for r, c in [(0, 1), (1, 0), (1, 1)]:
        values[r][c] = -99997
    result = find_clusters(grid_table(values), "waarde")
    assert "BU00" in result.isolates and result.labels["BU00"] == "ns"


def test_an_island_is_reported_as_isolate_and_never_clustered():
    island = {"code": "BU99", "naam": "Eiland", "waarde": 10.0, "geometry": box(6.0, 53.0, 6.01, 53.01)}
    table = grid_table(block_values(), extra=[island])
    result = find_clusters(table, "waarde")
    assert result.isolates == ["BU99"]
    assert result.labels["BU99"] == "ns"
    assert result.to_dict()["isolates"] == ["BU99"]
    assert cluster_notices(result, table) == ["1 gebied zonder buren met een waarde (Eiland) is nooit deel van een "
                                              "cluster."]
    assert cluster_tooltips(result, table)[-1] == ["Eiland", "10,00", "niet significant (geen buren)"]


def test_same_seed_same_result_and_numpy_state_untouched():
    table = grid_table(block_values())
    np.random.seed(7)
    before = np.random.random()
    np.random.seed(7)
    first = find_clusters(table, "waarde", seed=3)
    assert np.random.random() == before  # the caller's random stream is not disturbed
    second = find_clusters(table, "waarde", seed=3)
    assert first.labels.equals(second.labels)
    assert first.p_value == second.p_value
    pd.testing.assert_series_equal(first.local_p, second.local_p)
    assert (first.permutations, first.seed) == (999, 3)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"column": "onbekend"}, "'onbekend' is not a figure column of this table: choose one of waarde"),
        ({"permutations": 5}, "'permutations' should be a whole number of at least 99, got 5 instead"),
        ({"significance": 1.5}, "'significance' should be between 0 and 1, got 1.5 instead"),
    ],
)
def test_bad_arguments_name_what_to_give(change, message):
    arguments = {"column": "waarde"} | change
    with pytest.raises(ValueError, match=f"^{message.replace('(', '[(]').replace(')', '[)]')}$"):
        find_clusters(grid_table(block_values()), arguments.pop("column"), **arguments)


def test_all_equal_values_cannot_cluster():
    with pytest.raises(ValueError, match="all 49 districts have the same value for 'waarde': there is nothing"):
        find_clusters(grid_table([[4.0] * SIZE for _ in range(SIZE)]), "waarde")


def test_too_few_valid_values():
    values = [[None] * SIZE for _ in range(SIZE)]
    values[0][0], values[0][1] = 1.0, 2.0
    with pytest.raises(ValueError, match="valid value for only 2 districts: clusters need at least 3"):
        find_clusters(grid_table(values), "waarde")


def test_districts_without_any_neighbour_cannot_cluster():
    values = [[None] * SIZE for _ in range(SIZE)]
    values[0][0], values[3][3], values[6][6] = 1.0, 2.0, 3.0
    with pytest.raises(ValueError, match="no two of the 3 districts with a value for 'waarde' share a border"):
        find_clusters(grid_table(values), "waarde")


def test_mixed_levels_and_missing_geometry_are_refused():
    table = grid_table(block_values())
    table.data["niveau"] = ["wijk"] + ["buurt"] * (SIZE * SIZE - 1)
    with pytest.raises(ValueError, match=r"mix levels \(buurt, wijk\): choose one level"):
        find_clusters(table, "waarde")
    flat = build_table(pd.DataFrame({"code": ["BU1", "BU2", "BU3"], "waarde": [1.0, 2.0, 3.0]}), labels=("code",))
    with pytest.raises(ValueError, match="clusters need boundaries"):
        find_clusters(flat, "waarde")


def test_demo_bijstand_clusters_and_names_real_buurten():
    from geo.datasets import demo_dataset, load_districts

    table, _, _ = load_districts(demo_dataset(), "buurt", 2024)
    result = find_clusters(table, "bijstand_per_1000_15_65")
    assert 0.3 < result.moran_i < 0.6 and result.p_value < 0.01
    assert result.codes_of("HH") and result.codes_of("LL")
    assert set(result.excluded.values()) == {"secret"}
    names = dict(zip(table.data["code"], table.data["naam"]))
    sentences = describe_clusters(result, table)
    hot = next(s for s in sentences if s.startswith("Hoge waarden liggen geclusterd in "))
    cold = next(s for s in sentences if s.startswith("Lage waarden liggen geclusterd in "))
    assert names[result.codes_of("HH")[0]] in hot
    assert names[result.codes_of("LL")[0]] in cold
    assert any("geheim" in notice for notice in cluster_notices(result, table))
