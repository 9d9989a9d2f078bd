"""``python cli.py rates`` and ``python cli.py model`` as a user runs them: JSON out, or one error line and exit 2."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from cli import main
from tests.conftest import DEMO_DATA

TABLE = DEMO_DATA / "doelgroepen_reintegratie_leeftijd_demo.csv"


def run(capsys, *args):
    try:
        code = main([*map(str, args)])
    except SystemExit as stop:  # argparse usage errors
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_rates_prints_the_json_of_the_issue(capsys):
    code, out, err = run(capsys, "rates", "--table", TABLE, "--numerator", "werk", "--denominator", "aantal",
                         "--by", "traject", "--by", "leeftijdsklasse")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert document["overall"]["numerator"] == 530 and document["overall"]["denominator"] == 1770
    assert len(document["rates"]) == 12 and all(set(r["by"]) == {"traject", "leeftijdsklasse"}
                                                 for r in document["rates"])
    assert all(r["status"] in ("ok", "secret") and isinstance(r["differs"], bool) for r in document["rates"])
    code, out, err = run(capsys, "rates", "--table", TABLE, "--numerator", "werk", "--denominator", "aantal",
                         "--min-count", "200")
    secret = [r for r in json.loads(out)["rates"] if r["status"] == "secret"]
    assert secret and all(r["rate"] is None and r["numerator"] is None for r in secret)


@pytest.mark.parametrize("args, message", [
    (("--numerator", "werkk", "--denominator", "aantal"), "column 'werkk' is not in"),
    (("--numerator", "werk", "--denominator", "aantal", "--level", "buurt"), "has no rows of level 'buurt'"),
    (("--numerator", "aantal", "--denominator", "werk"), "is larger than 'werk'"),
])
def test_rates_bad_input_is_one_line_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, "rates", "--table", TABLE, *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err


@pytest.fixture(scope="module")
def microdata(tmp_path_factory):
    rng = np.random.default_rng(1)
    n = 3000
    frame = pd.DataFrame({"leeftijd": rng.choice(["18-26", "27-44", "45-66"], n),
                          "traject": rng.choice(["a", "b", "c"], n)})
    frame["werk"] = (rng.random(n) < np.where(frame["leeftijd"] == "18-26", 0.5, 0.3)).astype(int)
    path = tmp_path_factory.mktemp("microdata") / "trajecten.csv"
    frame.to_csv(path, index=False)
    return path


def test_model_writes_checked_odds_ratios(capsys, microdata, tmp_path):
    out = tmp_path / "model.json"
    code, _, err = run(capsys, "model", "--microdata", microdata, "--outcome", "werk", "--predictors",
                       "leeftijd,traject", "--out", out)
    assert code == 0 and f"wrote {out}" in err
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [p["name"] for p in document["predictors"]] == ["leeftijd", "traject"]
    young = next(c for c in document["predictors"][0]["categories"] if c["category"] == "18-26")
    assert young["ci_low"] < young["odds_ratio"] < young["ci_high"] and young["p_value"] < 0.001


@pytest.mark.parametrize("args, message", [
    (("--outcome", "traject", "--predictors", "leeftijd"), "should be a 0/1 or true/false outcome"),
    (("--outcome", "werk", "--predictors", "wijk"), "column 'wijk' is not in"),
    (("--outcome", "werk", "--predictors", "leeftijd", "--interaction", "leeftijd"), "should look like A:B"),
    (("--outcome", "werk", "--predictors", "leeftijd", "--interaction", "leeftijd:traject"),
     "'traject' is not one of the predictors"),
    (("--outcome", "werk", "--predictors", "leeftijd", "--classes", "leeftijd=18,jong"), "class edges as numbers"),
    (("--outcome", "werk", "--predictors", "leeftijd,traject", "--reference", "traject=z"),
     "--reference traject=z: no such category"),
    (("--outcome", "werk", "--predictors", "leeftijd", "--numeric", "leeftijd"), "should hold numbers"),
])
def test_model_bad_input_writes_nothing(capsys, microdata, tmp_path, args, message):
    out = tmp_path / "model.json"
    code, _, err = run(capsys, "model", "--microdata", microdata, *args, "--out", out)
    assert code == 2 and err.count("\n") == 1 and message in err and not out.exists()
    code, _, err = run(capsys, "model", "--microdata", microdata, "--outcome", "werk", "--predictors", "leeftijd",
                       "--out", tmp_path / "model.csv")
    assert code == 2 and "ending in .json" in err


def test_model_for_whom_from_the_command_line(capsys, microdata, tmp_path):
    out = tmp_path / "model.json"
    code, _, err = run(capsys, "model", "--microdata", microdata, "--outcome", "werk", "--predictors",
                       "leeftijd,traject", "--interaction", "traject:leeftijd", "--reference", "traject=c",
                       "--out", out)
    assert code == 0, err
    document = json.loads(out.read_text(encoding="utf-8"))
    (interaction,) = document["interactions"]
    assert (interaction["first"], interaction["second"], interaction["reference"]) == ("traject", "leeftijd", "c")
    assert sorted(w["group"] for w in interaction["within"]) == ["18-26", "27-44", "45-66"]
