"""The audit's pipeline: tables of the same persons attacked together, for counts and for amounts."""

from __future__ import annotations

import pandas as pd

from indicators.microdata.aggregate import aggregate_microdata, write_aggregated
from indicators.microdata.recheck import recheck
from tests.indicators.microdata.test_amounts import attack_sums, cell_statistics, rules

GROUPS = ["leeftijd", "geslacht"]


def test_two_runs_of_the_same_incomes_are_attacked_together(zzp, tmp_path):
    """A buurt table and a wijk table written apart: each passes alone, together incomes come back."""
    persons, _, folder = zzp
    paths = []
    for level in ("buurt", "wijk"):
        result = aggregate_microdata(folder / "zzp.parquet", "buurt", groups=GROUPS, measures=["inkomen=mean:inkomen"],
                                     level=level)
        paths.append(write_aggregated(result, tmp_path / f"{level}en.csv"))
    check = {"microdata": folder / "zzp.parquet", "region_column": "buurt", "amounts": ["inkomen=mean:inkomen"]}
    for path in paths:
        assert recheck([path], **check).amounts == []
    together = recheck(paths, **check)
    assert together.amounts and together.amounts_tried == sum(recheck([p], **check).amounts_tried for p in paths)
    assert {cell.table for cell in together.amounts} == {"buurten.csv + wijken.csv"}
    # the test's own attacker on both tables as one agrees: those sums are pinned down
    frames = [pd.read_csv(path, sep=";", decimal=",", dtype={"code": str}, na_values=["."]).fillna(
        {g: "Totaal" for g in GROUPS}) for path in paths]
    stats = rules(cell_statistics(persons, GROUPS))
    attacked = attack_sums(pd.concat(frames, ignore_index=True), stats, GROUPS, "inkomen").merge(
        stats, on=["code", *GROUPS])
    for cell in together.amounts:
        row = attacked[(attacked["code"] == cell.code) & (attacked["leeftijd"] == cell.groups["leeftijd"])
                       & (attacked["geslacht"] == cell.groups["geslacht"])].iloc[0]
        assert row["sensitive"]
        narrowed = row["most"] < row["sum"] + row["protection"] - 1e-3 or row["least"] > row["sum"] - row[
            "protection"] + 1e-3
        assert narrowed, cell
