"""The one door in and the one door out: the same checks, the same words, for every reader and writer."""

from __future__ import annotations

import os

import duckdb
import numpy as np
import pandas as pd
import pytest

from indicators.analysis.events import EventsError, read_series
from indicators.core.errors import InputError
from indicators.io.files import (
    SAMPLE_BYTES,
    OutputError,
    atomic_output,
    check_folder,
    check_output,
    open_input,
    sniff_csv,
)
from indicators.io.microdata import microdata_relation, open_microdata
from indicators.io.readers import TableError, read_table
from indicators.microdata.aggregate import aggregate_microdata


class OwnError(InputError):
    """A reader's own error class, which the door raises for it."""


@pytest.mark.parametrize("source, kind, words", [
    ("https://example.org/wijken.csv", "not_a_file", "is not a file on this computer"),
    ("/vsicurl/wijken.csv", "not_a_file", "is not a file on this computer"),
    ("{tmp}", "not_a_file", "is a folder, not a file"),
    ("{tmp}/nergens.csv", "not_found", "does not exist or is not a file: check the path"),
    ("{tmp}/tabel.xls", "unsupported", "unsupported file type '.xls'; use .csv or .xlsx"),
    ("{tmp}/leeg.csv", "empty", "'leeg.csv' is empty (0 bytes)"),
    ("{tmp}/groot.csv", "too_large", "'groot.csv' is 1 MB, more than the limit of 0 MB: keep less"),
])
def test_the_door_in_refuses_what_no_reader_can_use_in_the_readers_own_error(tmp_path, source, kind, words):
    (tmp_path / "tabel.xls").write_bytes(b"x")
    (tmp_path / "leeg.csv").write_bytes(b"")
    (tmp_path / "groot.csv").write_bytes(b"x" * 1024 * 1024)
    with pytest.raises(OwnError, match=words.replace("(", r"\(").replace(")", r"\)")) as error:
        open_input(source.replace("{tmp}", str(tmp_path)), formats=(".csv", ".xlsx"), limit=1000, error=OwnError,
                   smaller="keep less")
    assert error.value.kind == kind


def test_an_upload_is_named_by_its_file_name_and_reaches_a_reader_as_a_file(tmp_path):
    upload = open_input(b"code;x\nWK0001;1\n", formats=(".csv",), limit=100, name="eigen.csv")
    assert (upload.label, upload.suffix, upload.size, upload.path) == ("eigen.csv", ".csv", 16, None)
    with upload.on_disk() as path:
        assert open(path, "rb").read() == b"code;x\nWK0001;1\n"
    assert not os.path.exists(path)  # the temporary copy is gone with the reader
    (tmp_path / "t.csv").write_bytes(b"a;b\n")
    on_disk = open_input(tmp_path / "t.csv", formats=(".csv",), limit=100)
    with on_disk.on_disk() as path:
        assert os.path.isabs(path) and path == str(tmp_path / "t.csv")


@pytest.mark.parametrize("text, encoding, separator, decimal", [
    ("code;waarde\nWK01;12,5\nWK02;1.234,5\n", "utf-8", ";", ","),
    ("code,waarde\nWK01,12.5\nWK02,3.25\n", "utf-8", ",", "."),
    ("code\twaarde\nWK01\t12,5\nWK02\t7,0\n", "utf-8", "\t", ","),
    ("code|waarde\nWK01|12.5\n", "utf-8", "|", "."),
    ("code;waarde\nWK01;12\nWK02;13\n", "utf-8", ";", ","),  # no decimals: a ; file is Dutch Excel's
    ("code;waarde\nWK01;12.5\nWK02;13.75\n", "utf-8", ";", "."),  # but a point is a point when the cells say so
    ("code;naam;waarde\nWK01;Zuid, Oost;12,5\n", "utf-8", ";", ","),  # a comma in a name is no separator
])
def test_one_rule_finds_the_separator_and_the_decimal_mark(text, encoding, separator, decimal):
    dialect = sniff_csv(text.encode(encoding))
    assert (dialect.separator, dialect.decimal) == (separator, decimal)


def test_one_rule_finds_the_encoding_also_where_the_first_bytes_end_in_a_character():
    assert sniff_csv("naam;x\nCafé;1\n".encode("cp1252")).encoding == "cp1252"
    assert sniff_csv("\ufeffnaam;x\nCafé;1\n".encode("utf-8")).encoding == "utf-8-sig"
    assert sniff_csv("naam;x\nCafé;1\n".encode("utf-16")).encoding == "utf-16"
    text = ("naam;x\n" + "Café;1\n" * SAMPLE_BYTES).encode("utf-8")
    cut = next(n for n in range(SAMPLE_BYTES - 16, SAMPLE_BYTES) if text[n - 1:n] == b"\xc3")
    assert sniff_csv(text[:cut], complete=False).encoding == "utf-8-sig"  # é cut in two is still UTF-8
    assert sniff_csv(text).encoding == "utf-8-sig"


def test_every_reader_reads_the_same_windows_csv_with_decimal_commas_the_same_way(tmp_path):
    """A municipality's export (Excel NL: ;, decimal comma, Windows-1252) means the same to every reader."""
    lines = ["datum;gebied;sector;waarde;buurt;inkomen;naam"]
    for day in range(12):
        lines.append(f"2024-01-{day + 1:02d};WK999901;café's;1.234,5;BU99990101;{20 + day},5;Ève")
    path = tmp_path / "gemeente.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    table = read_table(path, code_column="gebied")
    assert table.data["waarde"].tolist() == [1234.5] * 12
    series = read_series(path)
    assert series["waarde"].tolist() == [1234.5] * 12 and series["sector"].iloc[0] == "café's"
    result = aggregate_microdata(path, "buurt", measures=["inkomen=mean:inkomen"], level="buurt", min_count=10)
    assert result.frame["inkomen"].iloc[0] == pytest.approx(np.mean([20.5 + d for d in range(12)]), abs=0.05)
    connection = duckdb.connect()
    relation = microdata_relation(connection, open_microdata(path), text=True)
    assert relation.df()["naam"].iloc[0] == "Ève"


@pytest.mark.parametrize("target, kind, words", [
    ("{tmp}/kaart.jpg", "format", "cannot write a map to 'kaart.jpg': use a file name ending in .png, .pdf or .svg"),
    ("{tmp}/nergens/kaart.png", "no_folder", "folder '{tmp}/nergens' does not exist: create it or choose another"),
    ("{tmp}/bestand.csv/kaart.png", "not_a_folder", "'{tmp}/bestand.csv' is a file, not a folder"),
    ("{tmp}/map.png", "is_folder", "'{tmp}/map.png' is a folder: give a file name in it"),
])
def test_the_door_out_says_where_a_file_cannot_go_before_any_work(tmp_path, target, kind, words):
    (tmp_path / "bestand.csv").write_text("x")
    (tmp_path / "map.png").mkdir()
    with pytest.raises(OutputError) as error:
        check_output(target.replace("{tmp}", str(tmp_path)), (".png", ".pdf", ".svg"), "a map")
    assert error.value.kind == kind and str(error.value).startswith(words.replace("{tmp}", str(tmp_path)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bestand.csv", "map.png"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder, so a read-only folder cannot be made")
def test_a_folder_that_cannot_be_written_is_named_not_a_temporary_file(tmp_path):
    folder = tmp_path / "alleen_lezen"
    folder.mkdir(mode=0o555)
    with pytest.raises(OutputError, match=f"folder '{folder}' cannot be written to") as error:
        check_output(folder / "uit.csv", (".csv",))
    assert error.value.kind == "read_only"


def test_a_folder_to_make_is_checked_where_it_would_go(tmp_path):
    assert check_folder(tmp_path / "nieuw" / "diep", may_create=True) == tmp_path / "nieuw" / "diep"
    (tmp_path / "bestand").write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_folder(tmp_path / "bestand" / "nieuw", may_create=True)
    with pytest.raises(OwnError, match="does not exist"):
        check_folder(tmp_path / "nergens", error=OwnError)


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    target = tmp_path / "uit.csv"
    with pytest.raises(RuntimeError):
        with atomic_output(target) as temporary:
            pd.DataFrame({"a": [1]}).to_csv(temporary)
            raise RuntimeError("the writer failed halfway")
    assert list(tmp_path.iterdir()) == []
    with atomic_output(target) as temporary:
        pd.DataFrame({"a": [1]}).to_csv(temporary)
    assert [p.name for p in tmp_path.iterdir()] == ["uit.csv"]


def test_readers_errors_stay_their_own_so_the_app_can_word_them():
    with pytest.raises(TableError):
        read_table("/nergens/tabel.csv")
    with pytest.raises(EventsError):
        read_series("/nergens/omzet.csv")


def test_a_pdf_named_as_a_table_is_called_a_pdf():
    from indicators.io.files import check_text

    with pytest.raises(OwnError, match="'kaart.csv' is a PDF document, not a table") as error:
        check_text(b"%PDF-1.7\n1 0 obj", "kaart.csv", OwnError)
    assert error.value.kind == "pdf"


def test_a_folder_the_file_system_refuses_is_named_not_its_temporary_file(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / ".uit-x.csv"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match=f"folder '{tmp_path}' cannot be written to \\(permission denied\\)") as error:
        with atomic_output(tmp_path / "uit.csv"):
            pass
    assert error.value.kind == "read_only" and ".uit-" not in str(error.value)
