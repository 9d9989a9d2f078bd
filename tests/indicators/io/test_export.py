import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook
from shapely.geometry import box

from indicators.core.table import build_table
from indicators.io.export import export_table, neutralise
from indicators.io.files import OutputError


@pytest.fixture
def table():
    frame = gpd.GeoDataFrame(
        {
            "code": ["WK999901", "WK999902", "WK999903"],
            "naam": ["=HYPERLINK(\"http://x\")", "+31 Noord", "-5"],
            "inwoners": [1200, -99997, None],
            "inkomen": [31.5, None, -1.25],
        },
        geometry=[box(4, 52, 4.01, 52.01), box(4.01, 52, 4.02, 52.01), box(4.02, 52, 4.03, 52.01)],
        crs=4326,
    )
    return build_table(frame, labels=["code", "naam"])


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+2", "'=1+2"),
        ("+31 Noord", "'+31 Noord"),
        ("-Zuid", "'-Zuid"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("-5", "-5"),  # a number stays a number
        ("-1,25", "-1,25"),
        ("+3.5", "+3.5"),
        ("Noord", "Noord"),
        (12, 12),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_is_dutch_excel_style_with_secret_symbol(table, tmp_path):
    path = export_table(table, tmp_path / "wijken.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM so Excel reads UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "code;naam;inwoners;inkomen"
    assert lines[1] == "WK999901;\"'=HYPERLINK(\"\"http://x\"\")\";1200;31,5"  # quoted as CSV quotes
    assert lines[2] == "WK999902;'+31 Noord;.;"
    assert lines[3] == "WK999903;-5;;-1,25"


def test_csv_reads_back_with_the_same_statuses(table, tmp_path):
    from indicators.io.readers import read_table

    back = read_table(export_table(table, tmp_path / "wijken.csv"))
    assert back.status["inwoners"].tolist() == ["ok", "secret", "missing"]
    assert back.data["inkomen"].tolist()[0] == pytest.approx(31.5)


def test_xlsx_keeps_numbers_and_never_writes_formulas(table, tmp_path):
    path = export_table(table, tmp_path / "wijken.xlsx", notes=["Bron: test"])
    book = load_workbook(path)
    sheet = book["Gegevens"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("code", "naam", "inwoners", "inkomen")
    assert rows[1] == ("WK999901", "'=HYPERLINK(\"http://x\")", 1200, 31.5)
    assert rows[2][2] == "."
    assert rows[3][3] == -1.25
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    legend = [r[0] for r in book["Toelichting"].iter_rows(values_only=True)]
    assert "Bron: test" in legend
    assert any("geheim" in (line or "") for line in legend)
    meanings = {r[0]: r[1:] for r in book["Toelichting"].iter_rows(values_only=True) if r[0] in ("inwoners", "inkomen")}
    assert meanings["inwoners"] == ("Aantal inwoners", "aantal")  # labels and units from the registry
    assert meanings["inkomen"] == ("Inkomen", None)  # an unknown column: its name made readable


def test_gpkg_in_rd_new_with_cbs_sentinel_for_secret(table, tmp_path):
    path = export_table(table, tmp_path / "wijken.gpkg")
    back = gpd.read_file(path)
    assert back.crs.to_epsg() == 28992
    assert back["inwoners"].tolist()[:2] == [1200, -99997]
    assert pd.isna(back["inwoners"].tolist()[2])


def test_gpkg_needs_boundaries(tmp_path):
    plain = build_table(pd.DataFrame({"code": ["WK999901"], "v": [1]}), labels=["code"])
    with pytest.raises(OutputError, match="a GeoPackage needs boundaries"):
        export_table(plain, tmp_path / "x.gpkg")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_nothing(table, tmp_path, monkeypatch):
    import indicators.io.export as export

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export, "_write_xlsx", explode)
    with pytest.raises(OSError, match="disk full"):
        export_table(table, tmp_path / "wijken.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_unknown_extension_and_missing_folder(table, tmp_path):
    with pytest.raises(OutputError, match=r"use a file name ending in \.csv, \.xlsx or \.gpkg"):
        export_table(table, tmp_path / "wijken.pdf")
    with pytest.raises(OutputError, match="does not exist"):
        export_table(table, tmp_path / "nope" / "wijken.csv")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_says_what_its_columns_are_and_a_frictionless_reader_reads_it_right(table, tmp_path, suffix):
    frictionless = pytest.importorskip("frictionless", reason="frictionless validates descriptors (requirements-dev)")
    from indicators.io.descriptor import descriptor_path, labels_of, read_descriptor

    path = export_table(table, tmp_path / f"wijken{suffix}")
    descriptor = read_descriptor(path)
    assert labels_of(descriptor)["inwoners"] == "Aantal inwoners" and labels_of(descriptor)["code"] == "Code"
    report = frictionless.validate(str(descriptor_path(path)))
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:3]
    rows = frictionless.Package(str(descriptor_path(path))).resources[0].read_rows()
    assert [None if r["inwoners"] is None else float(r["inwoners"]) for r in rows] == [1200.0, None, None]


def test_a_geopackage_has_no_descriptor_and_a_failed_export_leaves_none(table, tmp_path, monkeypatch):
    from indicators.io import export

    gpkg = tmp_path / "wijken.gpkg"
    if "geometry" in table.data:
        export_table(table, gpkg)
        assert not (tmp_path / "wijken.datapackage.json").exists()

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(export, "_write_csv", broken)
    with pytest.raises(OSError):
        export_table(table, tmp_path / "kapot.csv")
    assert not (tmp_path / "kapot.csv").exists() and not (tmp_path / "kapot.datapackage.json").exists()
