"""Microdata as a DuckDB relation: read where they lie, by the one CSV rule, refused with DuckDB's reason."""

import duckdb
import pandas as pd
import pytest

from indicators.core.errors import InputError
from indicators.io.microdata import microdata_relation, open_microdata


class OwnError(InputError):
    """The reader's own error class, which the microdata door raises for it."""


def test_a_dutch_excel_csv_and_parquet_give_the_same_rows(tmp_path):
    frame = pd.DataFrame({"buurt": ["BU00010101", "BU00010102"], "inkomen": [1234.5, 20.25], "naam": ["Ève", "Zoë"]})
    frame.to_parquet(tmp_path / "personen.parquet", index=False)
    text = "buurt;inkomen;naam\nBU00010101;1234,5;Ève\nBU00010102;20,25;Zoë\n"  # no thousands marks: DuckDB reads none
    (tmp_path / "personen.csv").write_bytes(text.encode("cp1252"))
    connection = duckdb.connect()
    for name in ("personen.parquet", "personen.csv"):
        read = microdata_relation(connection, open_microdata(tmp_path / name)).df()
        assert read["inkomen"].tolist() == [1234.5, 20.25] and read["naam"].tolist() == ["Ève", "Zoë"], name
    as_text = microdata_relation(connection, open_microdata(tmp_path / "personen.csv"), text=True).df()
    assert as_text["inkomen"].tolist() == ["1234,5", "20,25"]  # the model reads every cell as written


def test_microdata_that_are_not_what_their_name_says_are_refused_with_duckdbs_reason(tmp_path):
    path = tmp_path / "personen.parquet"
    path.write_text("dit is geen parquet", encoding="utf-8")
    with pytest.raises(OwnError, match="personen.parquet could not be read as PARQUET") as error:
        microdata_relation(duckdb.connect(), open_microdata(path, OwnError), OwnError)
    assert error.value.kind == "unreadable"
    (tmp_path / "personen.sav").write_bytes(b"x")
    with pytest.raises(OwnError, match="unsupported file type '.sav'; use .parquet or .csv"):
        open_microdata(tmp_path / "personen.sav", OwnError)


