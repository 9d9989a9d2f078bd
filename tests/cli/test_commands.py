"""The command line as a user runs it: real files in, JSON or files out, exit status 2 on bad input."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from cli import main
from tests.conftest import PROJECT, run_cli_here

POLYGON_FILES = [
    "wijken_2024_nl.geojson",
    "wijken_2025_GM1916_subset.geojson",
    "gemeenten_2023_pdok_wfs_rd_nocrs.geojson",
    "gemeenten_2023_pdok_wfs_wgs84.geojson",
    "gemeenten_2022_pdok_wfs_wgs84.geojson",
    "buurten_2021_ermelo_GM0233.gpkg",
    "vierkant100m_ermelo_sentinels.gpkg",
]


def run_cli(*args):
    """The command in this process (two seconds less a call); one test below runs it as a new process."""
    return run_cli_here(*args)


@pytest.mark.slow
def test_a_new_process_gives_one_line_and_exit_2():
    result = subprocess.run([sys.executable, "cli.py", "render", "--boundaries", "bestaat_niet.gpkg",
                             "--indicator", "aantal_inwoners", "--out", "x.png"],
                            cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "bestaat_niet.gpkg" in result.stderr


def inspect(capsys, *args):
    assert main(["inspect", *map(str, args)]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.slow
@pytest.mark.parametrize("name", POLYGON_FILES)
def test_inspect_reports_on_every_real_polygon_file(real_file, capsys, name):
    report = inspect(capsys, "--boundaries", real_file(name))
    assert report["features"] > 0
    assert report["level"] in {"gemeente", "wijk", "buurt", "vierkant"}
    assert report["crs"]["used"] in {"EPSG:4326", "EPSG:28992"}
    assert report["invalid_repaired"] >= 0
    for counts in report["columns"].values():
        assert set(counts) == {"valid", "missing", "secret"}
        assert sum(counts.values()) == report["features"]


def test_inspect_names_rd_new_for_the_file_without_crs(real_file, capsys):
    report = inspect(capsys, "--boundaries", real_file("gemeenten_2023_pdok_wfs_rd_nocrs.geojson"))
    assert report["crs"] == {"read": "EPSG:4326", "used": "EPSG:28992", "detected_by_range": True}
    assert report["features"] == 343
    assert report["level"] == "gemeente"


def test_inspect_2022_reports_water_left_out_and_repairs(real_file, capsys):
    report = inspect(capsys, "--boundaries", real_file("gemeenten_2022_pdok_wfs_wgs84.geojson"))
    assert report["water_removed"] == 82
    assert report["invalid_repaired"] > 40
    assert report["columns"]["aantalInwoners"]["missing"] <= 1  # -99999999 only on water, now left out


def test_inspect_counts_grid_sentinels_as_secret(real_file, capsys):
    report = inspect(capsys, "--boundaries", real_file("vierkant100m_ermelo_sentinels.gpkg"))
    secret = sum(c["secret"] for c in report["columns"].values())
    assert secret > 0
    assert report["columns"]["aantal_mannen"]["secret"] >= 1


def test_inspect_with_a_table_reports_the_join(real_file, tmp_path, capsys):
    table = tmp_path / "tabel.csv"
    table.write_text("Code;Score\nwk191601 ;1,5\n191602;.\nWK999999;3\n", encoding="utf-8")
    report = inspect(capsys, "--boundaries", real_file("wijken_2025_GM1916_subset.geojson"), "--table", table)
    assert report["join"]["matched"] == 2
    assert [r["code"] for r in report["join"]["unmatched_table"]] == ["WK999999"]
    assert len(report["join"]["unmatched_boundaries"]) == 11
    assert report["table"]["columns"]["Score"] == {"valid": 2, "missing": 0, "secret": 1}


def test_inspect_says_when_the_data_is_synthetic(capsys, real_file):
    demo = PROJECT / "data" / "demo" / "wijkenbuurten_2024_demo.gpkg"
    assert inspect(capsys, "--boundaries", demo, "--layer", "buurten")["synthetic"] is True
    assert inspect(capsys, "--boundaries", real_file("wijken_2025_GM1916_subset.geojson"))["synthetic"] is False


def test_export_writes_the_joined_table(real_file, tmp_path):
    out = tmp_path / "wijken.csv"
    result = run_cli("export", "--boundaries", real_file("wijken_2025_GM1916_subset.geojson"), "--out", out)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert len(frame) == 13
    assert frame["code"].str.startswith("WK1916").all()


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "gpkg"])
def test_bad_input_gives_one_line_exit_2_and_no_file(tmp_path, suffix):
    broken = tmp_path / "kapot.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    out = tmp_path / f"uit.{suffix}"
    result = run_cli("export", "--boundaries", broken, "--out", out)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wijkverkenner: error: ")
    assert "kapot.geojson" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kapot.geojson"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["inspect"], "required: --boundaries"),
        (["inspect", "--boundaries", "nergens.gpkg"], "does not exist"),
        (["draw"], "invalid choice"),
        (["export", "--boundaries", "{demo}", "--out", "{tmp}/x.pdf"], "use a file name ending in"),
        (["inspect", "--boundaries", "{demo}", "--code-column", "x"], "has no column 'x': choose one of"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(tmp_path, args, message):
    demo = next((PROJECT / "data" / "demo").glob("wijkenbuurten_*_demo.gpkg"), None)
    if demo is None and any("{demo}" in a for a in args):
        pytest.skip("demo data not generated")
    args = [a.format(demo=demo, tmp=tmp_path) for a in args]
    result = run_cli(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


@pytest.mark.slow
def test_demo_command_regenerates_the_demo(tmp_path):
    result = run_cli("demo", "--out", tmp_path / "demo")
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "demo").iterdir())
    assert "wijkenbuurten_2024_demo.gpkg" in written
    committed = sorted(p.name for p in (PROJECT / "data" / "demo").iterdir() if p.suffix in (".gpkg", ".csv"))
    assert sorted(n for n in written if n.endswith((".gpkg", ".csv"))) == committed


DEMO_2024 = PROJECT / "data" / "demo" / "wijkenbuurten_2024_demo.gpkg"
DEMO_TABLE = PROJECT / "data" / "demo" / "jeugdwerkloosheid_2024_demo.csv"


@pytest.mark.slow
def test_render_html_is_one_offline_file(tmp_path):
    out = tmp_path / "kaart.html"
    result = run_cli("render", "--boundaries", DEMO_2024, "--layer", "buurten", "--table", DEMO_TABLE,
                     "--indicator", "Jeugdwerkloosheid (%)", "--scheme", "natural_breaks", "--k", "4", "--out", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    assert "<script src=" not in page and "<link" not in page
    assert "Synthetische demodata" in page
    assert "4 classes" in result.stderr


@pytest.mark.slow
def test_render_finds_the_indicator_in_any_cbs_spelling(real_file, tmp_path):
    out = tmp_path / "gemeenten.html"
    result = run_cli("render", "--boundaries", real_file("gemeenten_2022_pdok_wfs_wgs84.geojson"),
                     "--indicator", "aantal_inwoners", "--out", out)  # the file says aantalInwoners
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 100_000


@pytest.mark.slow
@pytest.mark.parametrize(
    "extra, message",
    [
        (["--indicator", "bestaat_niet"], "no figure column 'bestaat_niet': choose one of"),
        (["--indicator", "aantal_inwoners", "--scheme", "manual"], "needs breaks"),
        (["--indicator", "aantal_inwoners", "--k", "40"], "'k' should be between 2 and 9"),
        (["--indicator", "aantal_inwoners", "--level", "gemeente"], "no districts of level 'gemeente'"),
        # 0 was taken as no choice: the map kept the threshold 10 and said nothing
        (["--indicator", "aantal_inwoners", "--min-count", "0"], "should be a whole number of at least 1"),
        # breaks with another scheme were silently ignored
        (["--indicator", "aantal_inwoners", "--scheme", "quantiles", "--breaks", "5000,7000"],
         "--breaks go with --scheme manual"),
    ],
)
def test_render_errors_leave_no_file(tmp_path, extra, message):
    out = tmp_path / "kaart.html"
    result = run_cli("render", "--boundaries", DEMO_2024, "--layer", "buurten", *extra, "--out", out)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["png", "pdf", "svg"])
def test_render_static_slides_of_the_demo(tmp_path, suffix):
    out = tmp_path / f"kaart.{suffix}"
    result = run_cli("render", "--boundaries", DEMO_2024, "--layer", "wijken",
                     "--indicator", "gemiddeld_inkomen_per_inwoner", "--title", "Inkomen per inwoner", "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
    if suffix == "svg":
        assert "Inkomen per inwoner" in out.read_text("utf-8")


def test_render_a_rate_the_registry_derives(tmp_path):
    out = tmp_path / "kaart.svg"
    result = run_cli("render", "--boundaries", DEMO_2024, "--layer", "buurten",
                     "--indicator", "bijstand_per_1000_15_65", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "Bijstand per 1.000 inwoners van 15 tot 65 jaar" in out.read_text("utf-8")


def test_a_rendered_slide_says_the_rule_in_words_and_a_lowered_threshold(tmp_path):
    import re

    out = tmp_path / "kaart.svg"
    result = run_cli("render", "--boundaries", DEMO_2024, "--layer", "buurten", "--indicator", "bijstand",
                     "--title", "Bijstand per buurt", "--min-count", "5", "--out", out)
    assert result.returncode == 0, result.stderr
    text = " ".join(re.sub(r"<[^>]+>", " ", out.read_text("utf-8")).split())
    assert "Bron: Demostad, synthetische demodata · Aantallen onder 5 zijn geheim; aantallen afgerond op 10. " \
           "Let op: drempel verlaagd tot 5 (standaard 10)" in text
    assert "gebieden geheim" not in text and ".gpkg" not in text


def test_exports_publish_no_count_below_the_threshold_and_say_so(tmp_path):
    out = tmp_path / "buurten.csv"
    result = run_cli("export", "--boundaries", DEMO_2024, "--layer", "buurten", "--out", out)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig", dtype=str)
    bijstand = frame["personen_per_soort_uitkering_bijstand"].dropna()
    published = bijstand[bijstand != "."].astype(int)
    assert (bijstand == ".").sum() > 0  # suppressed cells are the StatLine symbol
    assert (published >= 10).all() and (published % 10 == 0).all()  # benefit counts: >= 10, rounded to tens


def test_xlsx_export_names_the_disclosure_control(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "buurten.xlsx"
    assert run_cli("export", "--boundaries", DEMO_2024, "--layer", "buurten", "--out", out).returncode == 0
    notes = [row[0] for row in load_workbook(out)["Toelichting"].iter_rows(values_only=True)]
    assert any(str(line).startswith("Onthullingscontrole: minimaal 10 per cel") for line in notes)


def test_map_legend_and_tooltips_say_geheim_with_the_threshold(tmp_path):
    out = tmp_path / "kaart.html"
    assert run_cli("render", "--boundaries", DEMO_2024, "--layer", "buurten", "--indicator", "bijstand",
                   "--out", out).returncode == 0
    page = out.read_text("utf-8")
    assert "geheim (\\u003c 10)" in page or "geheim (&lt; 10)" in page


def test_lowering_the_threshold_warns_on_stderr_and_in_the_output(tmp_path):
    out = tmp_path / "kaart.html"
    result = run_cli("render", "--boundaries", DEMO_2024, "--layer", "buurten", "--indicator", "bijstand",
                     "--min-count", "5", "--out", out)
    assert result.returncode == 0
    assert "Let op: drempel verlaagd tot 5 (standaard 10)" in result.stderr
    assert "drempel verlaagd tot 5" in out.read_text("utf-8")


def test_a_table_that_matches_no_district_is_refused_and_duplicate_codes_are_named(tmp_path, real_file):
    """An export of an empty column exited 0; a code given twice kept its first row without a word."""
    wijken = real_file("wijken_2025_GM1916_subset.geojson")
    other = tmp_path / "andere_gemeente.csv"
    other.write_text("code;bijstand\nWK999901;50\nWK999902;60\n", encoding="utf-8")
    out = tmp_path / "export.csv"
    result = run_cli("export", "--boundaries", wijken, "--table", other, "--out", out)
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "no district of" in result.stderr and "matched a row of" in result.stderr
    twice = tmp_path / "dubbel.csv"
    twice.write_text("code;bijstand\nWK191601;50\nWK191601;60\nWK191602;70\n", encoding="utf-8")
    result = run_cli("export", "--boundaries", wijken, "--table", twice, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "more than once, its first row of each is used: WK191601" in result.stderr


def test_breaks_alone_are_the_manual_scheme(tmp_path):
    out = tmp_path / "kaart.svg"
    result = run_cli("render", "--boundaries", DEMO_2024, "--layer", "wijken", "--indicator", "aantal_inwoners",
                     "--breaks", "5000,7000", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "5.000 – 7.000" in out.read_text("utf-8")  # the classes asked for, not quantiles


DEMO_2023 = PROJECT / "data" / "demo" / "wijkenbuurten_2023_demo.gpkg"


@pytest.mark.slow
def test_render_draws_the_change_since_a_year_as_the_app_does(tmp_path):
    """--change-from: each wijk's 2024 inhabitants minus its 2023 ones (pandas on the two files), protected."""
    import geopandas as gpd

    out = tmp_path / "verandering.html"
    result = run_cli("render", "--boundaries", DEMO_2024, "--level", "wijk", "--indicator", "aantal_inwoners",
                     "--change-from", "2023", "--from-boundaries", DEMO_2023, "--out", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    assert "verandering 2023–2024" in page
    frames = [gpd.read_file(path, layer="wijken").set_index("wijkcode")["aantal_inwoners"]
              for path in (DEMO_2023, DEMO_2024)]
    difference = (frames[1] - frames[0]).dropna().drop(index="WK999999")  # the water wijk is left out, as in the app
    assert len(difference) == 12 and difference.abs().max() > 0
    from geo.datasets import dataset_from_files, load_protected
    from maps.change import change_map  # the same numbers the map was drawn from, through the pipeline

    dataset = dataset_from_files([DEMO_2024, DEMO_2023], level="wijk").dataset
    before, after = (load_protected(dataset, "wijk", year).table for year in (2023, 2024))
    choropleth, _ = change_map(before, after, "aantal_inwoners", since=2023, year=2024)
    drawn = {code: value for code, value in zip(choropleth.codes, choropleth.values) if value is not None}
    assert drawn == {code: pytest.approx(value) for code, value in difference.items()}  # none secret at this size


@pytest.mark.parametrize("extra, message", [
    (["--from-table", "kwb2023.csv"], "--from-table and --from-boundaries go with --change-from YEAR"),
    (["--change-from", "2021", "--from-boundaries", str(DEMO_2023)], "'wijkenbuurten_2023_demo.gpkg' is of 2023, "
                                                                      "not of 2021"),
    (["--change-from", "2023"], "give the figures of 2023: a table of that year (--from-table)"),
    (["--change-from", "2025", "--from-boundaries", str(DEMO_2023)], "is of 2023, not of 2025"),
    (["--change-from", "2024", "--from-table", "eigen.csv"], "the change since 2024 needs figures of a later year, "
                                                            "and the map is of 2024"),
])
def test_a_change_map_without_the_earlier_year_is_refused_in_one_line(tmp_path, extra, message):
    out = tmp_path / "verandering.png"
    (tmp_path / "eigen.csv").write_text("code;x\nWK999901;1\n", encoding="utf-8")
    extra = [str(tmp_path / part) if part == "eigen.csv" else part for part in extra]
    result = run_cli("render", "--boundaries", DEMO_2024, "--level", "wijk", "--indicator", "aantal_inwoners",
                     *extra, "--out", out)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()


def test_the_earlier_year_from_a_table_on_the_same_boundaries_gives_the_same_change(tmp_path):
    """--from-table alone: the map's boundaries with their own 2024 figures, the 2023 figures from a table."""
    import geopandas as gpd

    wijken = gpd.read_file(DEMO_2023, layer="wijken")
    table = tmp_path / "inwoners_2023.csv"
    wijken[["wijkcode", "wijknaam", "aantal_inwoners"]].to_csv(table, sep=";", index=False)
    outs = {}
    for name, extra in (("table", ["--from-table", table]), ("boundaries", ["--from-boundaries", DEMO_2023])):
        outs[name] = tmp_path / f"{name}.svg"
        result = run_cli("render", "--boundaries", DEMO_2024, "--layer", "wijken", "--indicator", "aantal_inwoners",
                         "--change-from", "2023", *extra, "--out", outs[name])
        assert result.returncode == 0, result.stderr
    assert outs["table"].read_text("utf-8") == outs["boundaries"].read_text("utf-8")
