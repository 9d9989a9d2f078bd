"""The subset language: what DuckDB keeps is what pandas keeps, and nothing else reaches SQL."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from indicators.microdata.subset import SubsetError, subset_sql


@pytest.fixture(scope="module")
def persons():
    rng = np.random.default_rng(12)
    n = 2000
    frame = pd.DataFrame({"leeftijd": rng.integers(0, 90, n), "geslacht": rng.choice(["man", "vrouw"], n),
                          "uitkering": rng.choice(["bijstand", "ww", "geen", None], n),
                          "soort woning": rng.choice(["huur", "koop"], n),
                          "inkomen": np.where(rng.random(n) < 0.3, np.nan, rng.lognormal(10, 0.5, n))})
    return frame


CASES = [
    ("leeftijd >= 18", lambda d: d["leeftijd"] >= 18),
    ("leeftijd >= 18 and leeftijd < 67", lambda d: (d["leeftijd"] >= 18) & (d["leeftijd"] < 67)),
    ("geslacht = 'man' or uitkering = 'ww'", lambda d: (d["geslacht"] == "man") | (d["uitkering"] == "ww")),
    ("uitkering in ('bijstand', 'ww')", lambda d: d["uitkering"].isin(["bijstand", "ww"])),
    ("uitkering not in ('bijstand', 'ww')", lambda d: ~d["uitkering"].isin(["bijstand", "ww"])),
    ("not (geslacht = vrouw) and leeftijd > 65", lambda d: (d["geslacht"] != "vrouw") & (d["leeftijd"] > 65)),
    ("uitkering is empty", lambda d: d["uitkering"].isna()),
    ("inkomen is not empty and inkomen > 30000.5", lambda d: d["inkomen"].notna() & (d["inkomen"] > 30000.5)),
    ("`soort woning` = 'koop'", lambda d: d["soort woning"] == "koop"),
    ("uitkering != 'geen'", lambda d: d["uitkering"].notna() & (d["uitkering"] != "geen")),
    ("(leeftijd < 18 or leeftijd >= 67) and geslacht == 'man'",
     lambda d: ((d["leeftijd"] < 18) | (d["leeftijd"] >= 67)) & (d["geslacht"] == "man")),
]


@pytest.mark.parametrize("expression, expected", CASES, ids=[c[0] for c in CASES])
def test_duckdb_keeps_what_pandas_keeps(persons, expression, expected):
    connection = duckdb.connect()
    relation = connection.from_df(persons)
    kept = relation.filter(subset_sql(expression, persons.columns)).aggregate("count(*)").fetchall()[0][0]
    assert kept == int(expected(persons).sum())


@pytest.mark.parametrize("expression, message", [
    ("", "--where is empty"),
    ("leeftijd >=", "expected a value"),
    ("leeftijd 18", "expected a comparison"),
    ("(leeftijd > 18", "expected ')'"),
    ("leeftijd > 18 and", "expected a column name"),
    ("woonplaats = 'Delft'", "which the file does not have; its columns: leeftijd, geslacht"),
    ("geslacht = 'man'; DROP TABLE t", "expected an 'and', 'or' or the end"),
    ("geslacht = 'man' -- ", "expected an 'and', 'or' or the end"),
    ("leeftijd > (SELECT 1)", "expected a value"),
    ("geslacht = man' or '1'='1", "expected an 'and', 'or' or the end"),
])
def test_what_is_not_in_the_language_is_refused_with_what_to_write(persons, expression, message):
    with pytest.raises(SubsetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        subset_sql(expression, persons.columns)


def test_text_is_only_ever_a_quoted_literal(persons):
    """A quote inside a value is doubled: the value is compared, never run."""
    sql = subset_sql("geslacht = 'x'' OR ''1''=''1'", persons.columns)
    assert sql == "coalesce(CAST(\"geslacht\" AS VARCHAR) = 'x'' OR ''1''=''1', false)"
    connection = duckdb.connect()
    assert connection.from_df(persons).filter(sql).aggregate("count(*)").fetchall()[0][0] == 0
