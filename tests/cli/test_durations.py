"""``python cli.py durations``: the JSON of durations per group, and bad input (exit 2, one line, no file)."""

from __future__ import annotations

import json

import pytest

from cli import main
from tests.indicators.analysis.test_durations import spells


def run(capsys, *args):
    try:
        code = main([str(a) for a in args])
    except SystemExit as stop:
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def spells_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("spells") / "uitkeringen.csv"
    spells(1500, seed=8).to_csv(path, sep=";", index=False)
    return path


def test_durations_writes_curves_shares_and_the_cox_model(capsys, spells_file, tmp_path):
    out = tmp_path / "duur.json"
    code, stdout, err = run(capsys, "durations", "--spells", spells_file, "--start", "start", "--end", "einde",
                            "--by", "leeftijd", "--event", "reden=werk", "--person", "persoon", "--until",
                            "2024-12-31", "--out", out)
    assert code == 0 and stdout == "" and f"wrote {out}" in err
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["method"] == "kaplan-meier" and document["unit"] == "months" and document["event"] == "reden=werk"
    assert [g["by"]["leeftijd"] for g in document["groups"]] == ["jong", "midden", "oud"]
    young = document["groups"][0]
    assert young["status"] == "ok" and young["curve"][0]["still_in"] == 100.0 and len(young["curve"]) > 10
    assert young["median_months"]["value"] == round(young["median_months"]["value"])  # whole months
    assert document["cox"][0]["status"] == "reference" and document["logrank"]["p_value"] < 0.001


@pytest.mark.parametrize("args, message", [
    (("--start", "begin", "--end", "einde"), "column 'begin' is not in uitkeringen.csv"),
    (("--start", "start", "--end", "einde", "--event", "reden"), "should look like NAME=TEXT"),
    (("--start", "leeftijd", "--end", "einde"), "not a date"),
])
def test_bad_input_is_one_line_exit_2_and_no_file(capsys, spells_file, tmp_path, args, message):
    out = tmp_path / "duur.json"
    code, _, err = run(capsys, "durations", "--spells", spells_file, *args, "--out", out)
    assert code == 2 and err.count("\n") == 1 and message in err and not out.exists()


@pytest.mark.parametrize("args, message", [
    (("--by", "persoon"), "makes 1,500 groups, more than 40"),
    (("--durable", "leeftijd"), "--durable leeftijd: should be 0/1"),
])
def test_an_identifier_as_group_or_text_as_durable_is_refused(capsys, spells_file, tmp_path, args, message):
    out = tmp_path / "duur.json"
    code, _, err = run(capsys, "durations", "--spells", spells_file, "--start", "start", "--end", "einde", *args,
                       "--out", out)
    assert code == 2 and err.count("\n") == 1 and message in err and not out.exists()
