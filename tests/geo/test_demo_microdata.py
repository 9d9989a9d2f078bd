"""Synthetic Demostad microdata: persons in the demo buurten, real group effects, and the committed tables."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.demo_microdata import BRON, TABLES, draw_persons, generate_target_groups, trajectories
from tests.conftest import DEMO_DATA

GPKG = DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"


@pytest.fixture(scope="session")
def persons():
    if not GPKG.exists():
        pytest.skip("demo data not generated")
    return draw_persons(GPKG)


@pytest.fixture(scope="session")
def written(tmp_path_factory):
    if not GPKG.exists():
        pytest.skip("demo data not generated")
    return generate_target_groups(tmp_path_factory.mktemp("demo"), boundaries=GPKG)


def test_every_person_lives_in_a_demo_buurt(persons):
    import pyogrio

    buurten = pyogrio.read_dataframe(GPKG, layer="buurten", read_geometry=False)
    land = buurten.loc[buurten["water"] == "NEE", "buurtcode"]
    assert set(persons["buurtcode"]) == set(land)
    assert abs(len(persons) - buurten["aantal_inwoners"].clip(lower=0).sum()) < 100


def test_group_effects_are_there_for_later_analyses(persons):
    trajectory = trajectories(persons)
    by_age = trajectory.groupby("leeftijdsklasse")["werk_binnen_12_maanden"].mean()
    assert by_age["18-26"] > by_age["27-44"] > by_age["45-66"]  # the young flow out to work more often
    by_kind = trajectory.groupby("traject")["werk_binnen_12_maanden"].mean()
    assert by_kind.idxmax() == "loonkostensubsidie"
    adults = persons[persons["leeftijd"].between(18, 66)]
    assert adults.loc[adults["zzp"] == 1, "inkomen"].mean() > adults.loc[adults["zzp"] == 0, "inkomen"].mean()
    single = adults["huishoudtype"] == "eenoudergezin"
    assert adults.loc[single, "bijstand"].mean() > 1.5 * adults.loc[~single, "bijstand"].mean()
    young = persons[persons["leeftijd"] < 18]
    assert young["jeugdzorg"].mean() > 0.05 and persons.loc[persons["leeftijd"] >= 18, "jeugdzorg"].sum() == 0
    spells = persons.dropna(subset=["bijstand_start"])
    assert (spells["bijstand_eind"].isna() | (spells["bijstand_eind"] > spells["bijstand_start"])).all()


def test_tables_are_protected_marked_synthetic_and_hold_no_persons(written):
    assert [path.name for path in written] == list(TABLES)
    for path in written:
        frame = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str)
        assert (frame["bron"] == BRON).all()
        assert "persoon_id" not in frame.columns and "leeftijd" not in frame.columns
        shown = pd.to_numeric(frame.loc[frame["aantal"] != ".", "aantal"])
        assert (shown % 5 == 0).all() and ((shown >= 10) | (shown == 0)).all()  # 0: a group nobody is in
        gemeente = frame[(frame["niveau"] == "gemeente")]
        assert (gemeente.iloc[0, 2:-1] != ".").any()  # the gemeente total is shown
    assert sum(path.stat().st_size for path in written) < 2_000_000


def test_committed_tables_are_up_to_date(written):
    from indicators.io.descriptor import descriptor_path

    for path in [*written, *(descriptor_path(p) for p in written)]:  # with what their columns are
        committed = DEMO_DATA / path.name
        assert committed.exists(), f"{committed} is missing: run python cli.py demo --out data/demo"
        assert committed.read_bytes() == path.read_bytes(), f"{path.name} is stale: run python cli.py demo"
