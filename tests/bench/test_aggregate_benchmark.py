"""The microdata benchmark: its generated file (fast) and one quick run of the whole benchmark (bench).

Never asserts on times (a project rule): only that both contenders ran and the table is complete.
"""

from __future__ import annotations

import pandas as pd
import pytest

from bench import aggregate_benchmark as ab


def test_generated_microdata_is_seeded_and_has_the_stated_shape(tmp_path):
    one = pd.read_parquet(ab.make_microdata(tmp_path / "a.parquet", 5_000, 300, 10))
    two = pd.read_parquet(ab.make_microdata(tmp_path / "b.parquet", 5_000, 300, 10))
    pd.testing.assert_frame_equal(one, two)
    assert list(one.columns) == ["buurtcode", "geslacht", "leeftijdsklasse", "bijstand", "inkomen"]
    assert 0.03 < one["bijstand"].mean() < 0.07 and set(one["bijstand"]) == {0, 1}  # the 5% flag
    assert 20_000 < one["inkomen"].median() < 40_000
    assert one["buurtcode"].str.fullmatch(r"BU\d{8}").all() and one["buurtcode"].nunique() > 200
    assert set(one["leeftijdsklasse"]) == set(ab.AGES)


@pytest.mark.bench
def test_benchmark_runs_both_contenders_in_fresh_processes():
    result = ab.benchmark(ab.QUICK_ROWS, ab.QUICK_BUURTEN, ab.QUICK_GEMEENTEN)
    table = ab.format_table(result)
    print(table)
    for contender in ("aggregate", "pandas"):
        assert result[contender]["seconds"] > 0 and result[contender]["peak_mb"] > 0
    assert result["aggregate"]["cells"] > result["pandas"]["cells"]  # every level and margin
    assert set(result["aggregate"]["loss"]) == {"aantal", "bijstand", "inkomen"}
    assert "bijstand" in table and "inkomen" in table
    assert "time (s)" in table and "peak memory" in table
