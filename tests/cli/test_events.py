"""``python cli.py events``: the contract (a JSON list under "events", CSV rows) and bad input (exit 2, no file)."""

import json

import pandas as pd
import pytest

from cli import main
from tests.conftest import DEMO_DATA

EVENTS = DEMO_DATA / "evenementen_demo.csv"
SERIES = DEMO_DATA / "omzet_demo.csv"
BOUNDARIES = DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"
FIELDS = {"naam", "sector", "gebied", "effect", "effect_pct", "ci_low_pct", "ci_high_pct", "days", "controls"}

pytestmark = pytest.mark.skipif(not SERIES.exists(), reason="demo events not generated")


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("events") / "effecten.json"
    assert main(["events", "--events", str(EVENTS), "--series", str(SERIES), "--boundaries", str(BOUNDARIES),
                 "--layer", "wijken", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_json_lists_every_event_and_sector_under_events(demo_json):
    events = demo_json["events"]
    assert isinstance(events, list) and len(events) >= 24
    for row in events:
        assert FIELDS <= set(row)
        assert isinstance(row["controls"], list)
        assert row["beschrijving"]  # the plain-words field
    jazz = next(r for r in events if r["naam"] == "Jazz in het Park" and r["sector"] == "horeca")
    assert jazz["gebied"] == "WK999901" and jazz["days"] == 3 and jazz["uitkomst"] == "higher"
    assert jazz["ci_low_pct"] < jazz["effect_pct"] < jazz["ci_high_pct"]
    assert "WK999902" not in jazz["controls"]  # a neighbour of Centrum: left out with --boundaries
    assert jazz["beschrijving"].startswith("Tijdens Jazz in het Park lag de omzet in de horeca in Centrum ")
    nothing = [r for r in events if r["naam"] == "Kunstroute"]
    assert all(r["uitkomst"] == "none" and "geen meetbaar effect" in r["beschrijving"] for r in nothing)
    assert all(r["effect_pct"] != 0 for r in nothing)  # never reported as zero


def test_json_reports_what_was_withheld_without_its_figures(demo_json):
    withheld = [r for r in demo_json["events"] if r["uitkomst"] == "withheld"]
    assert withheld and all(r["effect"] is None and r["effect_pct"] is None for r in withheld)
    assert {(w["naam"], w["sector"], w["reden"]) for w in demo_json["withheld"]} >= {
        ("Foodtruckfestival", "logies", "primary"), ("Foodtruckfestival", "horeca", "secondary")}
    assert demo_json["method"]["baseline_weeks"] == 8 and demo_json["method"]["min_businesses"] == 3


def test_csv_has_a_row_per_event_and_sector_in_dutch_style(tmp_path, capsys):
    out = tmp_path / "effecten.csv"
    assert main(["events", "--events", str(EVENTS), "--series", str(SERIES), "--baseline-weeks", "6",
                 "--controls", "WK999905,999906,wk999907,WK999911,WK999912", "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err
    table = pd.read_csv(out, sep=";", encoding="utf-8-sig", dtype=str)
    assert FIELDS <= set(table.columns)
    havenfestival = table[(table["naam"] == "Havenfestival") & (table["sector"] == "horeca")].iloc[0]
    assert "," in havenfestival["effect_pct"]  # decimal comma
    assert havenfestival["controls"] == "WK999905,WK999906,WK999907,WK999911,WK999912"
    assert (table.loc[table["uitkomst"] == "withheld", "effect_pct"] == ".").all()


@pytest.mark.parametrize("args, message", [
    (["--out", "{tmp}/x.txt"], "use a file name ending in .json or .csv"),
    (["--out", "{tmp}/missing/x.json"], "does not exist"),
    (["--baseline-weeks", "40", "--out", "{tmp}/x.json"], "2 to 26 weeks"),
    (["--controls", "WK999977", "--out", "{tmp}/x.json"], "WK999977 has no series"),
    (["--controls", "Centrum", "--out", "{tmp}/x.json"], "control areas should be wijk or buurt codes"),
])
def test_bad_options_give_one_line_and_no_file(tmp_path, capsys, args, message):
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    assert main(["events", "--events", str(EVENTS), "--series", str(SERIES), *args]) == 2
    error = capsys.readouterr().err
    assert error.startswith("wijkverkenner: error: ") and error.count("\n") == 1 and message in error
    assert list(tmp_path.rglob("*")) == [] or all(p.is_dir() for p in tmp_path.rglob("*"))


def test_a_bad_series_file_leaves_nothing_behind(tmp_path, capsys):
    series = tmp_path / "omzet.csv"
    series.write_text("datum;gebied;sector;waarde\n2024-01-01;WK999901;horeca;veel\n", encoding="utf-8")
    out = tmp_path / "effecten.json"
    assert main(["events", "--events", str(EVENTS), "--series", str(series), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "'veel' in 'waarde', not a number" in error and error.count("\n") == 1
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["omzet.csv"]
