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
    (tmp_path / "personen.sas7bdat").write_bytes(b"x")
    with pytest.raises(OwnError, match="unsupported file type '.sas7bdat'; use .parquet, .csv, .sav, .zsav or .dta"):
        open_microdata(tmp_path / "personen.sas7bdat", OwnError)




@pytest.fixture
def spss_and_stata(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat", reason="pyreadstat reads SPSS and Stata (requirements.txt)")
    frame = pd.DataFrame({"buurt": ["BU00010101", "BU00010102", "BU00010101", "BU00010102"],
                          "geslacht": [1.0, 2.0, 2.0, None], "bijstand": [0.0, 1.0, 1.0, 0.0],
                          "inkomen": [1200.5, None, 30000.0, 0.0]})
    labels = {"geslacht": {1.0: "man", 2.0: "vrouw"}, "bijstand": {0.0: "nee", 1.0: "ja"}}
    pyreadstat.write_sav(frame, tmp_path / "personen.sav", variable_value_labels=labels)
    pyreadstat.write_dta(frame, tmp_path / "personen.dta", variable_value_labels={"geslacht": {1: "man", 2: "vrouw"}})
    return tmp_path


@pytest.mark.parametrize("name", ["personen.sav", "personen.dta"])
def test_spss_and_stata_read_with_their_codebook_and_flags_stay_flags(spss_and_stata, monkeypatch, name):
    monkeypatch.setattr("indicators.io.microdata.CHUNK_ROWS", 3)  # read in chunks: two, here
    connection = duckdb.connect()
    read = microdata_relation(connection, open_microdata(spss_and_stata / name)).df()
    assert read["geslacht"].tolist()[:3] == ["man", "vrouw", "vrouw"] and pd.isna(read["geslacht"].iloc[3])
    assert read["bijstand"].tolist() == [0, 1, 1, 0]  # nee/ja on 0/1: still a flag for sum:
    assert read["inkomen"].iloc[0] == 1200.5 and pd.isna(read["inkomen"].iloc[1])
    assert len(read) == 4


def test_a_damaged_spss_file_is_refused_in_one_line(tmp_path):
    pytest.importorskip("pyreadstat", reason="pyreadstat reads SPSS and Stata (requirements.txt)")
    path = tmp_path / "personen.sav"
    path.write_bytes(b"dit is geen spss" * 20)
    with pytest.raises(OwnError, match="personen.sav could not be read as SPSS") as error:
        microdata_relation(duckdb.connect(), open_microdata(path, OwnError), OwnError)
    assert error.value.kind == "unreadable"


def test_an_spss_file_aggregates_to_the_same_table_as_its_parquet(spss_and_stata):
    from indicators.microdata.aggregate import aggregate_microdata

    frame = pd.DataFrame({"buurt": ["BU00010101", "BU00010102", "BU00010101", "BU00010102"],
                          "geslacht": ["man", "vrouw", "vrouw", None], "bijstand": [0, 1, 1, 0]})
    frame.to_parquet(spss_and_stata / "personen.parquet")
    tables = [aggregate_microdata(spss_and_stata / name, "buurt", groups=["geslacht"],
                                  measures=["bijstand=sum:bijstand"]).frame for name in ("personen.sav",
                                                                                           "personen.parquet")]
    pd.testing.assert_frame_equal(tables[0], tables[1])


def test_only_the_named_columns_are_read_and_a_missing_one_is_named(tmp_path):
    """The one door in for the model and the durations: the columns asked for; what is missing, in words."""
    import pandas as pd

    from indicators.core.errors import InputError
    from indicators.io.microdata import read_columns

    path = tmp_path / "personen.parquet"
    pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": [0.5, 1.5]}).to_parquet(path)
    frame, label = read_columns(path, ["b", "a"])
    assert list(frame.columns) == ["b", "a"] and label == "personen.parquet" and frame["a"].tolist() == [1, 2]
    with pytest.raises(InputError, match="column 'd' is not in personen.parquet; available columns: a, b, c"):
        read_columns(path, ["d"])
    with pytest.raises(InputError, match="the spells have no rows"):
        read_columns(pd.DataFrame({"a": []}), ["a"], what="the spells")
