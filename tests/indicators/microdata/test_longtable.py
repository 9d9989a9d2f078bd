"""The long table: what ``aggregate`` writes reads back with the same groups, levels and hidden cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.io.readers import read_table
from indicators.microdata.aggregate import aggregate_microdata, write_aggregated
from indicators.microdata.longtable import (
    TOTAL,
    WRITTEN,
    LongTableError,
    group_columns,
    read_long_table,
    status_column,
)

FRAME = pd.DataFrame({
    "code": ["GM0001", "GM0001", "GM0001", "WK000101", "WK000101", "WK000101"],
    "niveau": ["gemeente"] * 3 + ["wijk"] * 3,
    "geslacht": [TOTAL, "man", "vrouw"] * 2,
    "aantal": pd.array([40, 20, 20, 25, None, 15], dtype="Int64"),
    "aantal_status": ["ok", "ok", "ok", "ok", "geheim", "ok"],
    "aandeel": [50.0, 40.0, 60.0, 1.0, 2.0, 3.0],
    "werk": ["12", ".", "8", "5", "", "3"],
})


def test_groups_are_the_label_columns_with_a_margin_and_nothing_else():
    table = read_long_table(FRAME)
    assert table.groups() == ["geslacht"] == group_columns(FRAME)
    assert table.groups(exclude=("geslacht",)) == []
    assert table.values_of("geslacht") == ["man", "vrouw"]
    assert table.count_columns() == ["aantal"]  # not the share, not the text column, not the statuses


def test_one_level_at_a_time_the_coarsest_by_default():
    table = read_long_table(FRAME)
    coarsest, level = table.at_level()
    assert level == "gemeente" and coarsest.frame["code"].unique().tolist() == ["GM0001"]
    wijk, _ = table.at_level("wijk")
    assert len(wijk.frame) == 3
    with pytest.raises(LongTableError, match="no rows of level 'buurt'; choose one of gemeente, wijk") as error:
        table.at_level("buurt")
    assert error.value.kind == "bad_level"
    with pytest.raises(LongTableError, match="no column 'niveau'") as error:
        read_long_table(FRAME.drop(columns="niveau")).at_level("wijk")
    assert error.value.kind == "no_levels"


def test_a_figure_is_hidden_by_its_status_word_a_statline_dot_or_a_gap():
    table, _ = read_long_table(FRAME).at_level("wijk")
    values, hidden = table.counts("aantal")
    assert hidden.tolist() == [False, True, False] and np.isnan(values[1]) and values[0] == 25
    values, hidden = read_long_table(FRAME).counts("werk")  # text cells, as a CSV without types gives them
    assert hidden.tolist() == [False, True, False, False, True, False]
    assert values[0] == 12 and values[2] == 8
    with pytest.raises(LongTableError, match="holds text, not counts") as error:
        read_long_table(FRAME.assign(werk=["veel"] * 6)).counts("werk")
    assert error.value.kind == "not_numeric"


def test_what_aggregate_writes_reads_back_with_its_withheld_cells(tmp_path):
    persons = pd.DataFrame({"buurt": ["BU00010101"] * 30 + ["BU00010102"] * 12,
                            "geslacht": ["man", "vrouw"] * 15 + ["man"] * 3 + ["vrouw"] * 9,
                            "werk": [1, 0] * 21})
    persons.to_csv(tmp_path / "personen.csv", index=False)
    result = aggregate_microdata(tmp_path / "personen.csv", "buurt", groups=["geslacht"], measures=["werk=sum:werk"])
    secret = result.frame[status_column("aantal")] == WRITTEN["secret"]
    assert secret.any() and set(result.frame[status_column("aantal")]) == {"ok", "geheim"}
    for suffix in (".csv", ".xlsx", ".parquet"):
        path = write_aggregated(result, tmp_path / f"tabel{suffix}")
        source = path if suffix == ".parquet" else read_table(path)
        table = read_long_table(pd.read_parquet(path) if suffix == ".parquet" else source)
        assert table.groups() == ["geslacht"]
        _, hidden = table.counts("aantal")
        assert hidden.tolist() == secret.tolist(), suffix


def test_rates_read_the_parquet_aggregate_writes_through_the_long_table(tmp_path):
    from indicators.analysis.rates import group_rates

    persons = pd.DataFrame({"buurt": ["BU00010101"] * 60 + ["BU00010102"] * 60, "werk": [1, 0, 0] * 40})
    persons.to_csv(tmp_path / "personen.csv", index=False)
    result = aggregate_microdata(tmp_path / "personen.csv", "buurt", measures=["werk=sum:werk"])
    for suffix in (".csv", ".parquet"):
        path = write_aggregated(result, tmp_path / f"tabel{suffix}")
        rates = group_rates(path, "werk", "aantal", by=["code"], level="buurt")
        assert [rate.numerator for rate in rates.rates] == [20, 20], suffix
    (tmp_path / "kapot.parquet").write_text("geen parquet", encoding="utf-8")
    with pytest.raises(LongTableError, match="kapot.parquet could not be read as Parquet"):
        read_long_table(tmp_path / "kapot.parquet")


def test_a_map_takes_one_level_and_one_value_per_group():
    from indicators.core.table import build_table
    from indicators.microdata.longtable import map_slice

    frame = pd.DataFrame({"code": ["GM0001", "GM0001", "WK000101", "WK000101", "WK000101"],
                          "niveau": ["gemeente", "gemeente", "wijk", "wijk", "wijk"],
                          "geslacht": ["Totaal", "man", "Totaal", "man", "vrouw"], "aantal": [30, 15, 30, 15, 15]})
    table = build_table(frame, labels=["code", "niveau", "geslacht"])
    assert map_slice(table, "wijk").data["geslacht"].tolist() == ["Totaal"]
    assert map_slice(table, "wijk", {"geslacht": "vrouw"}).data.index.tolist() == [4]
    assert map_slice(table, "gemeente").data.index.tolist() == [0]
    assert map_slice(table, "wijk", {"geslacht": "onbekend"}).data.empty  # a value it lacks: no rows, never all
    plain = build_table(pd.DataFrame({"code": ["WK000101"], "aantal": [3]}), labels=["code"])
    assert map_slice(plain, "wijk") is plain  # not a long table: as it is
