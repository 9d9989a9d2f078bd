"""``cli.py report``: the wijkprofiel as PDF, read back with pypdf, on the demo and on the real GM1916 files."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pyogrio
import pypdf
import pytest

from cli import main
from indicators.core.formatting import format_number
from tests.conftest import DEMO_DATA

GM1916_WIJKEN = "wijken_2025_GM1916_subset.geojson"
KWB_VALUES = "kwb2024_85984NED_gm_wk_values.json"


def run(capsys, *args):
    try:
        status = main([str(a) for a in args])
    except SystemExit as exited:
        status = exited.code
    return status, capsys.readouterr().err


def pages(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def row_of(text: str, label: str) -> list[str]:
    """The cells after ``label`` on its line of the key-figure table."""
    line = next(line for line in text.splitlines() if line.startswith(label + " "))
    return line[len(label):].split()


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    if not (DEMO_DATA / "nederland_2024_demo.csv").exists():
        pytest.skip("demo data not generated (python cli.py demo --out data/demo)")
    out = tmp_path_factory.mktemp("report") / "zuiderhout.pdf"
    assert main(["report", "--dataset", "demo", "--district", "WK999911", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def national_2024():
    return pd.read_csv(DEMO_DATA / "nederland_2024_demo.csv", sep=";").set_index("code")


@pytest.mark.slow
def test_demo_report_has_three_marked_pages(demo_pdf):
    texts = pages(demo_pdf)
    assert len(texts) == 3
    for number, text in enumerate(texts, start=1):
        assert "Wijkprofiel Zuiderhout" in text and "SYNTHETISCHE DEMODATA" in text
        flat = " ".join(text.split())  # the footer wraps where its words fall
        assert "Synthetische demodata: geen echte cijfers" in flat and "Onthullingscontrole: minimaal 10" in flat
        assert "Bron: Demostad, synthetische demodata;" in flat
        assert f"pagina {number} van 3" in text
    first = texts[0]
    assert "Wijk WK999911 in Demostad · cijfers 2024" in first
    for theme in ("Bevolking", "Werk en inkomen", "Uitkeringen", "Jeugd", "Economie", "Wonen en oppervlakte"):
        assert theme in first
    assert "Ontwikkeling 2023–2024" in texts[2]


@pytest.mark.slow
def test_demo_report_shows_the_gemeente_nederland_and_comparable_gemeenten(demo_pdf, national_2024):
    first, table = pages(demo_pdf)[:2]
    members = re.findall(r"\((GM9\d{3})\)", first)
    assert members[0] == "GM9999" and len(members) == 11  # Demostad itself, then the 10 comparable ones
    similar = national_2024.loc[members[1:]]
    district, gemeente, nederland, comparable, _ = row_of(table, "Aantal inwoners")
    gemeentelaag = pyogrio.read_dataframe(DEMO_DATA / "wijkenbuurten_2024_demo.gpkg", layer="gemeenten")
    assert gemeente == format_number(gemeentelaag["aantal_inwoners"].iloc[0])  # the CBS row, not a mean of wijken
    assert nederland == format_number(national_2024.loc["NL00", "aantal_inwoners"])
    assert comparable == format_number(similar["aantal_inwoners"].mean())
    # a rate of the gemeente is recomputed from its own counts; the comparable one is pooled
    cells = row_of(table, "Bijstand per 1.000 inwoners van 15 tot 65 jaar")
    ages = ["personen_15_tot_25_jaar", "personen_25_tot_45_jaar", "personen_45_tot_65_jaar"]
    row = gemeentelaag.iloc[0]
    assert cells[-3] == format_number(row["personen_per_soort_uitkering_bijstand"] / row[ages].sum() * 1000, 1)
    pooled = similar["personen_per_soort_uitkering_bijstand"].sum() / similar[ages].sum().sum() * 1000
    assert cells[-1] == format_number(pooled, 1)


def test_a_suppressed_value_is_never_printed(demo_pdf):
    table = pages(demo_pdf)[1]
    assert row_of(table, "Personen met bijstand")[:3] == ["geheim", "(<", "10)"]
    assert "geheim (< 10)" in table


@pytest.fixture(scope="module")
def real_pdf(tmp_path_factory, real_file):
    out = tmp_path_factory.mktemp("real") / "WK191601.pdf"
    status = main(["report", "--boundaries", str(real_file(GM1916_WIJKEN)), "--table", str(real_file(KWB_VALUES)),
                   "--district", "WK191601", "--out", str(out)])
    assert status == 0
    return out


@pytest.mark.slow
def test_real_gm1916_report(real_pdf, real_file):
    texts = pages(real_pdf)
    assert len(texts) == 2  # one year: no page of trends
    first, table = texts
    assert "Wijkprofiel De Zijde / Duivenvoorde / Park Veursehout" in first
    assert "Wijk WK191601 in Leidschendam-Voorburg" in first and "SYNTHETISCHE" not in first
    # KWB 2024 figures on the wijken of 2025: the report says the figures' year, and cites both as the maps do
    assert "cijfers 2024" in first and "cijfers 2025" not in first
    assert ("Bron: CBS, Kerncijfers wijken en buurten 2024 (85984NED); Kadaster/CBS, Wijk- en Buurtkaart 2025 ·"
            in " ".join(first.split()))
    values = json.loads(real_file(KWB_VALUES).read_text(encoding="utf-8"))
    district, gemeente = row_of(table, "Aantal inwoners")[:2]
    assert district == format_number(values["WK191601"]["AantalInwoners_5"])
    assert gemeente == format_number(round(values["GM1916"]["AantalInwoners_5"] / 5) * 5)  # rounded to 5
    members = re.findall(r"^(GM\d{4})\s", first, flags=re.MULTILINE)
    assert len(members) == 10 and members[0] == "GM0537"
    assert "Niet vergeleken op leeftijdsopbouw en inkomen" in first
    assert "Geen cijfers van Nederland" in first
    # sa_bijstand and the like hold the gemeente's figure on every wijk: the gemeente's column, never the wijk's
    raw = pyogrio.read_dataframe(real_file(GM1916_WIJKEN), columns=["sa_bijstand"], read_geometry=False)
    assert row_of(table, "Sa bijstand")[:2] == ["–", format_number(int(raw["sa_bijstand"].iloc[0]))]
    assert "dus een cijfer van de hele gemeente" in " ".join((first + table).split())


@pytest.mark.slow
def test_all_wijken_give_a_pdf_each_and_one_combined(tmp_path, capsys, real_file):
    source = json.loads(real_file(GM1916_WIJKEN).read_text(encoding="utf-8"))
    source["features"] = source["features"][:2]
    two = tmp_path / "wijken_2025_two.geojson"
    two.write_text(json.dumps(source), encoding="utf-8")
    status, err = run(capsys, "report", "--boundaries", two, "--table", real_file(KWB_VALUES), "--all",
                      "--out", tmp_path / "out")
    assert status == 0, err
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    # the combined file is named after the figures' year (KWB 2024), not the boundaries' (2025)
    assert written == ["wijkprofiel_WK191601.pdf", "wijkprofiel_WK191602.pdf", "wijkprofielen_GM1916_wijk_2024.pdf"]
    combined = pages(tmp_path / "out" / "wijkprofielen_GM1916_wijk_2024.pdf")
    assert len(combined) == 4 and "Wijkprofiel Prinsenhof" in combined[2]
    assert not list(tmp_path.glob(".wijkprofiel-*"))  # the staging folder is gone


def assert_refused(status, err, match, tmp_path):
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wijkverkenner: error: "), err
    assert match in lines[0]
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


@pytest.mark.parametrize("args, match", [
    (["--dataset", "demo", "--district", "WK999901", "--out", "{tmp}/x.txt"], "use a file name ending in .pdf"),
    (["--dataset", "demo", "--all", "--out", "{tmp}/all.pdf"], "give a folder as --out"),
    (["--dataset", "demo", "--table", "t.csv", "--district", "WK999901", "--out", "{tmp}/x.pdf"],
     "--table goes with --boundaries"),
    (["--dataset", "GM0000", "--district", "WK000001", "--out", "{tmp}/x.pdf"], "no wijken of GM0000"),
    (["--dataset", "Leidschendam", "--district", "WK000001", "--out", "{tmp}/x.pdf"], "no dataset 'Leidschendam'"),
    (["--dataset", "demo", "--out", "{tmp}/x.pdf"], "one of the arguments --district --all is required"),
])
def test_bad_input_is_refused_in_one_line(capsys, tmp_path, args, match):
    status, err = run(capsys, "report", *[a.format(tmp=tmp_path) for a in args])
    assert_refused(status, err, match, tmp_path)


def test_an_unknown_district_is_refused(capsys, tmp_path, real_file):
    status, err = run(capsys, "report", "--boundaries", real_file(GM1916_WIJKEN), "--district", "WK191699",
                      "--out", tmp_path / "x.pdf")
    assert_refused(status, err, "no wijk 'WK191699'", tmp_path)


def test_a_boundary_file_without_a_year_is_refused(capsys, tmp_path, real_file):
    """A wijkprofiel is of a year: it said "cijfers 0" and "Kerncijfers 0" where the file's name had none."""
    unnamed = tmp_path / "in" / "wijken.geojson"
    unnamed.parent.mkdir()
    (tmp_path / "out").mkdir()
    unnamed.write_bytes(real_file(GM1916_WIJKEN).read_bytes())
    status, err = run(capsys, "report", "--boundaries", unnamed, "--district", "WK191602",
                      "--out", tmp_path / "out" / "x.html")
    assert_refused(status, err, "says no year", tmp_path / "out")


def test_a_level_the_file_does_not_hold_is_refused(capsys, tmp_path, real_file):
    """As render and export refuse it; the report called wijk WK191601 a buurt."""
    status, err = run(capsys, "report", "--boundaries", real_file(GM1916_WIJKEN), "--district", "WK191601",
                      "--level", "buurt", "--out", tmp_path / "x.html")
    assert_refused(status, err, "no districts of level 'buurt'", tmp_path)


@pytest.mark.slow
def test_a_report_on_the_real_gm1916_wijken_and_an_own_table_names_no_column(capsys, real_file, tmp_path):
    """An analyst's own aggregate joined to the real wijken of Leidschendam-Voorburg: labels in the PDF, no snake_case.

    The own table's columns (in_bijstand, zzp_inkomen, leeftijd_klasse) reach the wijkprofiel by
    the labels of its descriptor, or by their names made readable; the PDF's text has no column name.
    """
    import pyogrio

    from tests.own_data import own_persons

    wijken = real_file(GM1916_WIJKEN)
    codes = pyogrio.read_dataframe(wijken, columns=["wijkcode"], read_geometry=False)["wijkcode"]
    buurten = [code.replace("WK", "BU") + f"{n:02d}" for code in codes for n in (1, 2)]
    persons = own_persons(buurten, 30000, "leeftijd_klasse", ["18-26", "27-44", "45-66"], "in_bijstand", seed=3,
                          rates={"18-26": 0.04, "27-44": 0.06, "45-66": 0.08})
    persons["zzp_inkomen"] = np.where(np.arange(len(persons)) % 7 == 0, 40000.0 + np.arange(len(persons)) % 997,
                                      np.nan)
    persons.to_parquet(tmp_path / "p.parquet")
    status, err = run(capsys, "aggregate", "--microdata", tmp_path / "p.parquet", "--region-column", "buurt",
                      "--group", "leeftijd_klasse", "--measure", "in_bijstand=sum:in_bijstand",
                      "--measure", "zzp_inkomen=mean:zzp_inkomen", "--label", "in_bijstand=Personen in de bijstand",
                      "--out", tmp_path / "eigen.csv")
    assert status == 0, err
    out = tmp_path / "prinsenhof.pdf"
    status, err = run(capsys, "report", "--boundaries", wijken, "--table", tmp_path / "eigen.csv", "--district",
                      "WK191602", "--out", out)
    assert status == 0, err
    text = "\n".join(pages(out))
    assert "Personen in de bijstand" in text and "Zzp inkomen" in text
    assert re.findall(r"\b[a-z]+_[a-z0-9_]+\b", text) == []  # no column name reaches the reader
