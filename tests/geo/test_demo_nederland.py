"""The demo's synthetic national rows: deterministic, committed, Demostad as published, Nederland their sum."""

from __future__ import annotations

import pandas as pd
import pyogrio
import pytest

from geo.demo import BRON
from geo.demo_nederland import ADDRESS_DENSITY, N_GEMEENTEN, generate_national
from tests.conftest import DEMO_DATA


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    if not (DEMO_DATA / "wijkenbuurten_2024_demo.gpkg").exists():
        pytest.skip("demo data not generated (python cli.py demo --out data/demo)")
    folder = tmp_path_factory.mktemp("demo")
    for year in (2023, 2024):
        (folder / f"wijkenbuurten_{year}_demo.gpkg").write_bytes(
            (DEMO_DATA / f"wijkenbuurten_{year}_demo.gpkg").read_bytes())
    return generate_national(folder)


def test_committed_national_rows_are_up_to_date(written):
    for path in written:
        committed = DEMO_DATA / path.name
        assert committed.exists(), f"{committed} is missing: run python cli.py demo --out data/demo"
        assert committed.read_bytes() == path.read_bytes(), f"{path.name} is stale: run python cli.py demo"


def test_rows_are_synthetic_with_demostad_as_published_and_nederland_as_their_sum(written):
    rows = pd.read_csv(written[1], sep=";").set_index("code")
    assert len(rows) == N_GEMEENTEN + 2 and rows.index[0] == "NL00" and rows.index[1] == "GM9999"
    assert (rows["bron"] == BRON).all()
    invented = rows.drop(index=["NL00", "GM9999"])
    assert invented.index.str.match(r"GM9[0-3]\d\d$").all()  # outside the range of real gemeente codes
    layer = pyogrio.read_dataframe(DEMO_DATA / "wijkenbuurten_2024_demo.gpkg", layer="gemeenten")
    assert rows.loc["GM9999", "aantal_inwoners"] == layer["aantal_inwoners"].iloc[0]
    total = rows.drop(index="NL00")["aantal_inwoners"].sum()
    assert abs(rows.loc["NL00", "aantal_inwoners"] - total) <= 5 * len(rows)  # rounded parts, exact total
    assert rows[ADDRESS_DENSITY].between(100, 20_000).all()
    assert invented["aantal_inwoners"].min() < 5_000 and invented["aantal_inwoners"].max() > 200_000
