"""Real data as people have it (issue: files from other sources than the neat ones): through the CLI.

Web Mercator without a CRS, one gemeente's table on the national map, CBS credits, constant and
index columns, JSON that is no table, code columns named by the user, bare gemeente numbers, a
GeoPackage's layer per level, and columns that are no counts of persons.
"""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest

from cli import main
from tests.conftest import DEMO_DATA, PROJECT

GM1916 = [f"WK1916{n:02d}" for n in range(1, 14)]


def run_cli(*args):
    """The CLI as a user runs it: a new process, so stderr shows everything it would print."""
    return subprocess.run([sys.executable, "cli.py", *map(str, args)], cwd=PROJECT, capture_output=True, text=True)


def inspect(capsys, *args) -> dict:
    assert main(["inspect", *map(str, args)]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def web_mercator(real_file, tmp_path_factory):
    """The real gemeenten of 2023 in EPSG:3857 metres, as GeoJSON without a "crs" member."""
    frame = gpd.read_file(real_file("gemeenten_2023_pdok_wfs_wgs84.geojson")).to_crs("EPSG:3857")
    document = json.loads(frame.to_json())
    document.pop("crs", None)
    path = tmp_path_factory.mktemp("mercator") / "gemeenten_2023_3857.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.slow
def test_web_mercator_without_a_crs_lands_in_the_netherlands(web_mercator, capsys, tmp_path):
    report = inspect(capsys, "--boundaries", web_mercator)
    assert report["crs"] == {"read": "EPSG:4326", "used": "EPSG:3857", "detected_by_range": True}
    result = run_cli("render", "--boundaries", web_mercator, "--indicator", "aantal_inwoners",
                     "--out", tmp_path / "kaart.png")
    assert result.returncode == 0 and result.stderr.startswith("wrote ")
    assert "Warning" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    out = tmp_path / "uit.gpkg"
    assert run_cli("export", "--boundaries", web_mercator, "--out", out).returncode == 0
    west, south, east, north = gpd.read_file(out).total_bounds
    assert 0 < west < east < 300_000 and 280_000 < south < north < 640_000  # RD New, in the Netherlands


@pytest.mark.slow
def test_metres_of_an_unknown_system_are_refused_naming_the_crs(real_file, tmp_path):
    frame = gpd.read_file(real_file("gemeenten_2023_pdok_wfs_wgs84.geojson")).to_crs("EPSG:32631")
    document = json.loads(frame.to_json())
    document.pop("crs", None)
    path = tmp_path / "utm.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli("inspect", "--boundaries", path)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "EPSG:32631 (UTM 31N) or EPSG:32632 (UTM 32N): declare which" in result.stderr


@pytest.fixture(scope="module")
def gm1916_table(tmp_path_factory):
    """Leidschendam-Voorburg's own figures per wijk, as a municipality would have them."""
    path = tmp_path_factory.mktemp("gm1916") / "eigen_cijfers_2024.csv"
    path.write_text("wijkcode;Tevredenheid\n" + "".join(f"{code};{7 + n / 10:.1f}\n".replace(".", ",")
                                                     for n, code in enumerate(GM1916)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_one_gemeentes_table_on_the_national_map_shows_that_gemeente(real_file, gm1916_table, capsys, tmp_path):
    national = real_file("wijken_2024_nl.geojson")
    report = inspect(capsys, "--boundaries", national, "--table", gm1916_table)
    assert report["join"]["cropped_to"] == ["GM1916"] and report["join"]["left_out"] == 3475 - 13
    assert report["join"]["unmatched_boundaries"] == []
    out = tmp_path / "lv.csv"
    assert main(["export", "--boundaries", str(national), "--table", str(gm1916_table), "--out", str(out)]) == 0
    rows = out.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert sorted(row.split(";")[0] for row in rows) == GM1916
    everything = tmp_path / "alles.csv"
    assert main(["export", "--boundaries", str(national), "--table", str(gm1916_table), "--all-districts",
                 "--out", str(everything)]) == 0
    assert len(everything.read_text(encoding="utf-8-sig").splitlines()) == 3475 + 1


@pytest.mark.slow
def test_maps_credit_cbs_and_the_kwb_table(real_file, capsys, tmp_path):
    out = tmp_path / "kaart.html"
    assert main(["render", "--boundaries", str(real_file("wijken_2024_nl.geojson")),
                 "--table", str(real_file("kwb2024_85984NED_gm_wk_values.json")),
                 "--indicator", "aantal_inwoners", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Bron: CBS, Kerncijfers wijken en buurten 2024 (85984NED); Kadaster/CBS, Wijk- en Buurtkaart 2024" in page
    assert "kwb2024_85984NED_gm_wk_values.json" not in page  # a file name only where the maker is unknown


@pytest.mark.slow
def test_the_demo_is_credited_as_synthetic(tmp_path):
    out = tmp_path / "demo.html"
    assert main(["render", "--boundaries", str(DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"), "--layer", "wijken",
                 "--indicator", "aantal_inwoners", "--out", str(out)]) == 0
    assert "Bron: Demostad, synthetische demodata" in out.read_text(encoding="utf-8")


def test_a_gemeente_figure_repeated_on_every_wijk_is_pointed_out(real_file, capsys):
    report = inspect(capsys, "--boundaries", real_file("wijken_2025_GM1916_subset.geojson"))
    assert {"sa_bevolking", "sa_bijstand", "sa_ww"} <= set(report["constant_columns"])
    assert "aantal_inwoners" not in report["constant_columns"]


def test_index_and_code_columns_are_never_figures(capsys, tmp_path):
    table = tmp_path / "export_2024.csv"
    pd.DataFrame({"column_1": range(13), "wijkcode": GM1916, "indelingswijziging_wijken_en_buurten": [1] * 13,
                  "Score": [float(n) + 0.5 for n in range(13)]}).to_csv(table, sep=";")  # pandas adds "Unnamed: 0"
    report = inspect(capsys, "--boundaries", DEMO_DATA / "wijkenbuurten_2024_demo.gpkg", "--layer", "wijken",
                     "--table", table)
    assert list(report["table"]["columns"]) == ["Score"]


@pytest.mark.slow
def test_json_that_is_no_table_or_map_is_refused(tmp_path):
    settings = tmp_path / "instellingen.json"
    settings.write_text(json.dumps({"kleur": {"r": 1, "g": 2}, "lijn": {"r": 3, "g": 4}, "vlak": {"r": 5, "g": 6}}))
    table = run_cli("inspect", "--boundaries", DEMO_DATA / "wijkenbuurten_2024_demo.gpkg", "--table", settings)
    assert table.returncode == 2 and "is JSON but not a table of figures" in table.stderr
    boundaries = run_cli("inspect", "--boundaries", settings)
    assert boundaries.returncode == 2 and "is JSON but neither GeoJSON nor TopoJSON" in boundaries.stderr


def test_the_code_column_of_a_boundary_file_can_be_named(real_file, tmp_path, capsys):
    frame = gpd.read_file(real_file("wijken_2025_GM1916_subset.geojson"))
    frame = frame.rename(columns={"wijkcode": "gebied_id", "wijknaam": "naam"})[["gebied_id", "naam", "geometry"]]
    frame["gebied_id"] = frame["gebied_id"].str[2:]  # bare numbers, 191601: no code column by name or content
    path = tmp_path / "wijken.geojson"
    frame.to_file(path, driver="GeoJSON")
    assert main(["inspect", "--boundaries", str(path)]) == 2  # gebied_id is not a code column by its name
    capsys.readouterr()
    assert inspect(capsys, "--boundaries", path, "--code-column", "gebied_id")["level"] == "wijk"


def test_bare_gemeente_numbers_join_to_gemeenten(real_file, tmp_path, capsys):
    table = tmp_path / "gemeenten.csv"
    table.write_text("gemeente;Score\n14;1,5\n1916;2,5\n363;3,5\n", encoding="utf-8")
    report = inspect(capsys, "--boundaries", real_file("gemeenten_2023_pdok_wfs_wgs84.geojson"), "--table", table)
    assert report["table"]["code_column"] == "gemeente"
    assert report["join"]["joined_on"] == "code" and report["join"]["matched"] == 3


def test_level_buurt_reads_the_buurten_layer_of_a_cbs_geopackage(tmp_path):
    out = tmp_path / "buurten.csv"
    assert main(["render", "--boundaries", str(DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"), "--level", "buurt",
                 "--indicator", "aantal_inwoners", "--out", str(tmp_path / "b.html")]) == 0
    assert main(["export", "--boundaries", str(DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"), "--layer", "buurten",
                 "--out", str(out)]) == 0
    assert sum(line.startswith("BU9999") for line in out.read_text(encoding="utf-8-sig").splitlines()) > 50


@pytest.mark.slow
def test_columns_that_are_no_counts_can_be_named_and_every_export_says_what_was_protected(real_file, tmp_path):
    out = tmp_path / "wijken.xlsx"
    result = run_cli("export", "--boundaries", real_file("wijken_2025_GM1916_subset.geojson"), "--out", out)
    assert result.returncode == 0
    assert "Protected as counts of persons: aantal_inwoners, huishoudens" in result.stderr
    assert "sa_bijstand" in result.stderr  # whole numbers of an unknown column: protected, and said so
    notes = [row[0] for row in openpyxl.load_workbook(out).worksheets[1].iter_rows(values_only=True) if row[0]]
    assert any(note.startswith("Beschermd als aantal personen: aantal_inwoners") for note in notes)
    kept = run_cli("export", "--boundaries", real_file("wijken_2025_GM1916_subset.geojson"),
                   "--not-counts", "sa_bevolking,sa_bijstand", "--out", tmp_path / "w.csv")
    assert kept.returncode == 0 and "sa_bijstand" not in kept.stderr.split("for want of")[-1]
