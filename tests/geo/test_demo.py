"""The synthetic demo municipality: CBS structure, publication rules, determinism, committed files."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from pandas.testing import assert_frame_equal

from geo.demo import (
    ADDITIVE,
    AREAS,
    BENEFITS,
    BRON,
    FIGURES,
    NOT_APPLICABLE,
    PERSON_COUNTS,
    SECRET,
    YEARS,
    build_demo,
    generate_demo,
    publish_layer,
)
from indicators.core.codes import normalise_code, parent_code

COMMITTED = Path(__file__).resolve().parents[2] / "data" / "demo"
LAYERS = ("gemeenten", "wijken", "buurten")
CODE = {"gemeenten": "gemeentecode", "wijken": "wijkcode", "buurten": "buurtcode"}
LEVEL = {"gemeenten": "gemeente", "wijken": "wijk", "buurten": "buurt"}
FILES = [
    "wijkenbuurten_2023_demo.gpkg", "jeugdwerkloosheid_2023_demo.csv",
    "wijkenbuurten_2024_demo.gpkg", "jeugdwerkloosheid_2024_demo.csv", "README.md",
]


@pytest.fixture(scope="session")
def written(tmp_path_factory) -> list[Path]:
    return generate_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def published(written) -> dict[int, dict[str, gpd.GeoDataFrame]]:
    folder = written[0].parent
    return {
        year: {layer: gpd.read_file(folder / f"wijkenbuurten_{year}_demo.gpkg", layer=layer) for layer in LAYERS}
        for year in YEARS
    }


@pytest.fixture(scope="session")
def unrounded() -> dict[int, dict[str, gpd.GeoDataFrame]]:
    return build_demo()


def _figures(frame: pd.DataFrame, names) -> pd.DataFrame:
    """Figures with the sentinels taken out (NaN)."""
    return frame[list(names)].astype(float).where(lambda v: v > -99990)


def _published_values(frame: pd.DataFrame, names) -> np.ndarray:
    """All published (not secret, not water) values of some columns, flattened."""
    values = _figures(frame, names).to_numpy().ravel()
    return values[~np.isnan(values)]


# --- files ----------------------------------------------------------------------------------


def test_writes_the_documented_files_small(written):
    assert [path.name for path in written] == FILES
    assert sum(path.stat().st_size for path in written) < 1_000_000


@pytest.mark.slow
def test_same_seed_gives_identical_files(written, tmp_path):
    again = generate_demo(tmp_path, seed=1916)
    for first, second in zip(written, again):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_other_seed_gives_other_data(written, tmp_path):
    other = generate_demo(tmp_path, seed=7)
    assert other[1].read_bytes() != written[1].read_bytes()


def test_committed_demo_data_is_up_to_date(written):
    for path in written:
        committed = COMMITTED / path.name
        assert committed.exists(), f"{committed} is missing: run python cli.py demo --out data/demo"
        if path.suffix != ".gpkg":
            assert committed.read_bytes() == path.read_bytes(), f"{path.name} is stale: run python cli.py demo"
            continue
        assert pyogrio.list_layers(committed).tolist() == pyogrio.list_layers(path).tolist()
        for layer in LAYERS:
            old, new = gpd.read_file(committed, layer=layer), gpd.read_file(path, layer=layer)
            assert_frame_equal(old.drop(columns="geometry"), new.drop(columns="geometry"))
            assert old.geometry.geom_equals_exact(new.geometry, tolerance=0).all(), f"{path.name}/{layer} moved"


def test_readme_says_synthetic_in_english_and_dutch(written):
    text = written[-1].read_text(encoding="utf-8")
    assert "SYNTHETIC" in text and "synthetische demodata" in text.lower() and "GM9999" in text


# --- structure like the CBS GeoPackage ------------------------------------------------------


def test_layers_look_like_the_cbs_geopackage(written, published):
    for year in YEARS:
        path = written[0].parent / f"wijkenbuurten_{year}_demo.gpkg"
        assert [tuple(row) for row in pyogrio.list_layers(path)] == [(layer, "MultiPolygon") for layer in LAYERS]
        for layer, frame in published[year].items():
            assert frame.crs.to_epsg() == 28992
            assert list(frame.columns[-len(FIGURES) - 2 :]) == [*FIGURES, "bron", "geometry"]
            assert (frame["bron"] == BRON).all() and "geen echte cijfers" in BRON
            assert frame["aantal_inwoners"].dtype == "int64" and frame["bedrijfsvestigingen_totaal"].dtype == "int64"
            assert frame["percentage_zelfstandigen"].dtype == "float64"
            minx, miny, maxx, maxy = frame.total_bounds
            assert 145_000 < minx < maxx < 165_000 and 450_000 < miny < maxy < 470_000


def test_codes_and_names_are_valid_cbs_codes(published):
    for year in YEARS:
        for layer, frame in published[year].items():
            codes = frame[CODE[layer]]
            assert all(normalise_code(code, LEVEL[layer]) == code for code in codes)
            assert codes.is_unique
            assert (frame["jaarstatcode"] == f"{year}" + codes).all()
            assert (frame["gemeentecode"] == "GM9999").all() and (frame["gemeentenaam"] == "Demostad").all()
            name = CODE[layer].replace("code", "naam")
            assert frame[name].str.len().gt(2).all() and frame[name].is_unique
        buurten = published[year]["buurten"]
        assert (buurten["buurtcode"].map(lambda c: parent_code(c, "wijk")) == buurten["wijkcode"]).all()
        assert set(buurten["wijkcode"]) == set(published[year]["wijken"]["wijkcode"])


def test_about_twelve_wijken_and_sixty_buurten(published):
    assert len(published[2023]["wijken"].query("water == 'NEE'")) == 12
    assert len(published[2023]["buurten"]) == 60 and len(published[2024]["buurten"]) == 61


def test_buurten_tile_the_gemeente(published):
    for year in YEARS:
        buurten = published[year]["buurten"].geometry
        gemeente = published[year]["gemeenten"].geometry.iloc[0]
        assert buurten.is_valid.all() and gemeente.is_valid
        assert len(shapely.get_parts(gemeente)) == 1 and shapely.get_num_interior_rings(gemeente.geoms[0]) == 0
        assert abs(shapely.union_all(buurten.values).area - gemeente.area) < 1
        assert abs(buurten.area.sum() - gemeente.area) < 1  # the parts add up: no overlaps
        left, right = shapely.STRtree(buurten.values).query(buurten.values, predicate="intersects")
        pairs = left < right
        overlap = shapely.area(shapely.intersection(buurten.values[left[pairs]], buurten.values[right[pairs]]))
        assert overlap.max() < 0.01
        assert shapely.coverage_is_valid(buurten.values)


def test_wijken_are_unions_of_their_buurten(published):
    for year in YEARS:
        buurten = published[year]["buurten"]
        for _, wijk in published[year]["wijken"].iterrows():
            union = shapely.union_all(buurten.loc[buurten["wijkcode"] == wijk["wijkcode"]].geometry.values)
            assert shapely.symmetric_difference(union, wijk.geometry).area < 1, wijk["wijkcode"]


def test_each_wijk_is_one_connected_area(published):
    for geom in published[2023]["wijken"].geometry:
        assert len(shapely.get_parts(geom)) == 1


# --- figures --------------------------------------------------------------------------------


@pytest.mark.slow
def test_hierarchy_sums_hold_before_rounding(unrounded):
    for year in YEARS:
        layers = unrounded[year]
        by_wijk = layers["buurten"].groupby("wijkcode")[ADDITIVE].sum()
        wijken = layers["wijken"].set_index("wijkcode")[ADDITIVE]
        assert_frame_equal(by_wijk.sort_index(), wijken.sort_index(), check_names=False)
        assert (layers["wijken"][ADDITIVE].sum() == layers["gemeenten"][ADDITIVE].iloc[0]).all()
        np.testing.assert_allclose(layers["wijken"][AREAS].sum(), layers["gemeenten"][AREAS].iloc[0])


def test_published_figures_are_rounded_like_cbs(published):
    counts_by_five = [name for name in PERSON_COUNTS if name in FIGURES] + [
        "aantal_inkomensontvangers", "bedrijfsvestigingen_totaal", "jongeren_met_jeugdzorg_in_natura",
    ]
    for year in YEARS:
        for frame in published[year].values():
            assert (_published_values(frame, counts_by_five) % 5 == 0).all()
            assert (_published_values(frame, BENEFITS) % 10 == 0).all()
            percentages = [name for name in FIGURES if name.startswith("percentage")]
            assert (_published_values(frame, percentages) % 1 == 0).all()
            income = _published_values(frame, ["gemiddeld_inkomen_per_inwoner"])
            assert np.allclose(income, income.round(1))


def test_gemeente_has_plausible_magnitudes_and_changes_between_years(published):
    first, second = (published[year]["gemeenten"].iloc[0] for year in YEARS)
    assert 70_000 <= first["aantal_inwoners"] <= 80_000
    assert 0 < abs(second["aantal_inwoners"] / first["aantal_inwoners"] - 1) < 0.05
    assert 15 < first["gemiddeld_inkomen_per_inwoner"] < 45
    assert 500 < first["personen_per_soort_uitkering_bijstand"] < 3_000
    assert (first[FIGURES].astype(float) > -99990).all()  # nothing secret at gemeente level


def test_water_buurt_has_water_sentinels(published):
    for year in YEARS:
        for layer in ("wijken", "buurten"):
            water = published[year][layer].query("water == 'JA'")
            assert len(water) == 1
            assert (water[FIGURES] == NOT_APPLICABLE).all(axis=None)
        assert published[year]["buurten"].query("water == 'JA'")["buurtcode"].iloc[0] == "BU99999997"


def test_tiny_industrial_buurt_has_secret_person_counts(published):
    buurten = published[2024]["buurten"]
    industrial = buurten.loc[buurten["buurtnaam"].str.startswith("Bedrijventerrein")]
    assert len(industrial) == 1
    row = industrial.iloc[0]
    assert row[["aantal_inwoners", "mannen", "aantal_huishoudens", "gemiddeld_inkomen_per_inwoner"]].eq(SECRET).all()
    assert row["bedrijfsvestigingen_totaal"] > 100 and row["oppervlakte_totaal_in_ha"] > 0


def test_some_cells_are_secret(published):
    buurten = published[2024]["buurten"].query("water == 'NEE'")
    for name in ["personen_per_soort_uitkering_bijstand", "personen_per_soort_uitkering_ww",
                 "gemiddeld_inkomen_per_inwoner", "jongeren_met_jeugdzorg_in_natura"]:
        secret = (buurten[name] == SECRET).sum()
        assert 0 < secret < len(buurten) / 2, name


def test_one_buurt_is_split_in_2024(published):
    before, after = (published[year]["buurten"].set_index("buurtcode").geometry for year in YEARS)
    gone = before.index.difference(after.index)
    new = after.index.difference(before.index)
    assert len(gone) == 1 and len(new) == 2
    assert all(code[:8] == gone[0][:8] for code in new)
    union = shapely.union_all(after[new].values)
    assert shapely.symmetric_difference(union, before[gone[0]]).area < 1
    kept = before.index.intersection(after.index)
    assert before[kept].geom_equals_exact(after[kept], tolerance=0).all()
    wijken = [published[year]["wijken"].set_index("wijkcode").geometry for year in YEARS]
    assert wijken[0].geom_equals(wijken[1]).all()


def test_bijstand_is_spatially_clustered(published):
    """Moran's I with rook contiguity (shared edges), as the hot-spot page will find."""
    for year in YEARS:
        buurten = published[year]["buurten"]
        values = _figures(buurten, ["personen_per_soort_uitkering_bijstand", "aantal_inwoners"])
        keep = values.notna().all(axis=1).to_numpy()
        rate = (values.iloc[:, 0] / values.iloc[:, 1]).to_numpy()[keep]
        assert _morans_i(buurten.geometry.values[keep], rate) > 0.3


def _morans_i(geometries, values: np.ndarray) -> float:
    n = len(values)
    weights = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            if shapely.intersection(geometries[i].boundary, geometries[j].boundary).length > 1:
                weights[i, j] = weights[j, i] = 1
    weights = weights[weights.sum(axis=1) > 0]
    assert len(weights) == n, "every buurt has a neighbour"
    weights /= weights.sum(axis=1, keepdims=True)
    deviation = values - values.mean()
    return float(deviation @ weights @ deviation / (deviation @ deviation))


# --- own data -------------------------------------------------------------------------------


def test_own_data_is_a_dutch_excel_csv(written, published):
    for year in YEARS:
        path = written[0].parent / f"jeugdwerkloosheid_{year}_demo.csv"
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbfCode;Naam;Werkloze jongeren (15-27);Jeugdwerkloosheid (%)\r\n")
        table = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", na_values=".", keep_default_na=False)
        assert table["Jeugdwerkloosheid (%)"].dtype == "float64"
        assert 0 < table["Werkloze jongeren (15-27)"].isna().sum() < len(table) / 3
        assert b",", b";" in raw
        land = {layer: published[year][layer].query("water == 'NEE'")[CODE[layer]] for layer in ("wijken", "buurten")}
        assert set(table["Code"]) == set(land["wijken"]) | set(land["buurten"])
        wijken = table.loc[table["Code"].str.startswith("WK")].set_index("Code")["Werkloze jongeren (15-27)"]
        buurten = table.loc[table["Code"].str.startswith("BU")]
        by_wijk = buurten.groupby("WK" + buurten["Code"].str[2:8])["Werkloze jongeren (15-27)"].sum()
        assert (by_wijk.reindex(wijken.index, fill_value=0) <= wijken.fillna(np.inf)).all()  # exact, not rounded


def test_publish_layer_names_the_allowed_layers(unrounded):
    with pytest.raises(ValueError, match="'layer' should be one of gemeenten, wijken, buurten, got 'gemeente'"):
        publish_layer(unrounded[2023]["gemeenten"], "gemeente")
