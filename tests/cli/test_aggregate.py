"""``python cli.py aggregate`` as a user runs it: microdata in, one protected long table out, or one error line."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from cli import main
from indicators.io.readers import read_table
from tests.conftest import PROJECT


def run_cli(*args):
    """A real process: exit status and stderr exactly as a user sees them."""
    return subprocess.run([sys.executable, "cli.py", *map(str, args)], cwd=PROJECT, capture_output=True, text=True)


class Run:
    def __init__(self, returncode, stderr):
        self.returncode, self.stderr = returncode, stderr


@pytest.fixture
def cli(capsys):
    """The command in this process (fast): exit status and stderr."""

    def run(*args):
        try:
            code = main(["aggregate", *map(str, args)])
        except SystemExit as stop:  # argparse usage errors
            code = stop.code
        return Run(code, capsys.readouterr().err)

    return run


@pytest.fixture(scope="module")
def microdata(tmp_path_factory):
    """400 persons in 4 buurten of 2 wijken, a few with an unknown code; one buurt too small to show."""
    folder = tmp_path_factory.mktemp("microdata")
    rows = []
    for buurt, n in (("BU00010101", 150), ("BU00010102", 120), ("BU00010201", 126), ("BU00010202", 4)):
        rows += [{"buurt": buurt, "geslacht": ("man", "vrouw")[i % 2], "bijstand": int(i % 5 == 0),
                  "inkomen": 20000.0 + 100 * i} for i in range(n)]
    rows += [{"buurt": "onbekend", "geslacht": "man", "bijstand": 0, "inkomen": 1.0}] * 3
    frame = pd.DataFrame(rows)
    path = folder / "personen.parquet"
    frame.to_parquet(path)
    return path


ARGS = ["--region-column", "buurt", "--group", "geslacht", "--measure", "bijstand=sum:bijstand",
        "--measure", "bijstand_pct=share:bijstand", "--measure", "inkomen=mean:inkomen"]


def test_csv_is_dutch_with_secret_dots_and_reads_back(cli, microdata, tmp_path):
    out = tmp_path / "tabel.csv"
    result = cli("--microdata", microdata, *ARGS, "--out", out)
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ("code;niveau;geslacht;aantal;aantal_status;bijstand;bijstand_status;bijstand_pct;"
                                    "bijstand_pct_status;inkomen;inkomen_status")
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig", dtype=str)
    small = frame[frame["code"] == "BU00010202"]
    assert (small["aantal"] == ".").all() and (small["aantal_status"] == "geheim").all()
    assert frame["inkomen"].str.contains(",").any()  # decimal comma
    table = read_table(out)
    assert table.figures == ["aantal", "bijstand", "bijstand_pct", "inkomen"]
    assert (table.status.loc[table.data["code"] == "BU00010202", "aantal"] == "secret").all()


def test_stderr_reports_withheld_cells_and_unknown_codes(cli, microdata, tmp_path):
    result = cli("--microdata", microdata, *ARGS, "--out", tmp_path / "t.parquet")
    assert result.returncode == 0, result.stderr
    assert "left out 3 rows with 1 unknown region codes, e.g. 'onbekend'" in result.stderr
    assert "withheld aantal:" in result.stderr and "below 10" in result.stderr
    assert "wrote" in result.stderr
    # the audit files are named, and said not to be for release (they hold true counts)
    assert "t_controle.csv and t_controle_samenvatting.csv" in result.stderr.replace(str(tmp_path) + "/", "")
    assert "not for release" in result.stderr


def test_parquet_has_nulls_where_withheld(cli, microdata, tmp_path):
    out = tmp_path / "t.parquet"
    assert cli("--microdata", microdata, *ARGS, "--level", "buurt", "--out", out).returncode == 0
    frame = pd.read_parquet(out)
    assert set(frame["niveau"]) == {"buurt"}
    secret = frame["aantal_status"] == "geheim"
    assert secret.any() and frame.loc[secret, "aantal"].isna().all() and frame.loc[~secret, "aantal"].notna().all()


def test_xlsx_reads_back_with_its_statuses(cli, microdata, tmp_path):
    out = tmp_path / "t.xlsx"
    assert cli("--microdata", microdata, *ARGS, "--out", out).returncode == 0
    table = read_table(out)
    assert (table.status["aantal"] == "secret").sum() == (table.data["aantal_status"] == "geheim").sum() > 0


@pytest.mark.parametrize(
    ("extra", "content", "message"),
    [
        ([], "", "is empty"),
        ([], "buurt;geslacht;bijstand\nBU00010101;man;1\n", "column 'inkomen' is not in"),
        (["--group", "geslacht", "--measure", "b=sum:bijstand"], "buurt;geslacht;bijstand\nBU00010101;man;7\n",
         "0/1 or true/false flag"),
        (["--measure", "b=sum"], "buurt;bijstand\nBU00010101;1\n", "NAME=KIND:COLUMN"),
    ],
)
def test_bad_input_gives_one_line_exit_2_and_nothing_written(cli, tmp_path, extra, content, message):
    source = tmp_path / "in.csv"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.csv"
    measure = [] if extra else ["--measure", "i=mean:inkomen"]
    result = cli("--microdata", source, "--region-column", "buurt", *measure, *extra, "--out", out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wijkverkenner: error: ") and message in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_wrong_output_type_is_refused_before_reading(cli, microdata, tmp_path):
    result = cli("--microdata", microdata, "--region-column", "buurt", "--out", tmp_path / "t.gpkg")
    assert result.returncode == 2 and "use a file name ending in .csv, .xlsx or .parquet" in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_a_real_process_writes_nothing_on_stdout_when_the_exact_attack_runs(tmp_path):
    """The last check of a gemeente's total runs HiGHS, which prints a banner on stdout at its start: not here."""
    import numpy as np

    rng = np.random.default_rng(442)  # 445 persons crossed five ways: the search withholds the total, HiGHS frees it
    groups = {g: share for g, share in zip("abcde", (0.8, 0.1, 0.17, 0.78, 0.415))}
    persons = pd.DataFrame({g: (rng.random(445) < share).astype(int).astype(str) for g, share in groups.items()})
    persons.insert(0, "buurt", "BU00010101")
    persons.to_parquet(tmp_path / "p.parquet")
    result = run_cli("aggregate", "--microdata", tmp_path / "p.parquet", "--region-column", "buurt",
                     *(f"--group={g}" for g in groups), "--level", "buurt", "--out", tmp_path / "t.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "HiGHS" not in result.stderr


def test_bad_input_in_a_real_process(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("buurt;bijstand\nBU00010101;ja\n", encoding="utf-8")
    result = run_cli("aggregate", "--microdata", source, "--region-column", "buurt", "--measure", "b=sum:bijstand",
                     "--out", tmp_path / "out.xlsx")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "'bijstand'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_lowered_threshold_is_said_out_loud(cli, microdata, tmp_path):
    result = cli("--microdata", microdata, "--region-column", "buurt", "--min-count", "5", "--out", tmp_path / "t.csv")
    assert result.returncode == 0
    assert "drempel verlaagd tot 5 (standaard 10)" in result.stderr


def test_audit_passes_what_aggregate_writes_and_catches_a_table_written_the_old_way(cli, microdata, tmp_path,
                                                                                    capsys):
    """aggregate writes its audit beside the table; audit re-checks it (exit 0) and catches a lone withheld cell."""
    import numpy as np

    from tests.indicators.microdata.test_audit import COUNTS, long_table

    out = tmp_path / "tabel.csv"
    assert cli("--microdata", microdata, *ARGS, "--out", out).returncode == 0
    assert (tmp_path / "tabel_controle.csv").exists() and (tmp_path / "tabel_controle_samenvatting.csv").exists()
    assert main(["audit", str(out)]) == 0
    assert "no withheld count can be narrowed below its rounding base" in capsys.readouterr().err
    old = tmp_path / "oud.csv"
    long_table(np.floor(COUNTS / 5 + 0.5) * 5, COUNTS < 10).to_csv(old, sep=";", index=False)
    assert main(["audit", str(old)]) == 1
    printed = capsys.readouterr()
    assert "aantal of BU00010101 (geslacht=man) lies in [0, 2.5], narrower than 5" in printed.out
    assert "1 of 1 withheld counts can be narrowed" in printed.err
    assert main(["audit", str(tmp_path / "nergens.csv")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_audit_names_a_count_published_against_the_rules(cli, microdata, tmp_path, capsys):
    """A withheld cell typed in by hand (3, status ok) or an unrounded count: the checker must hear of it."""
    out = tmp_path / "tabel.csv"
    assert cli("--microdata", microdata, *ARGS, "--out", out).returncode == 0
    table = pd.read_csv(out, sep=";", dtype=str, keep_default_na=False)
    withheld = table.index[table["aantal_status"] == "geheim"][0]
    shown = table.index[table["aantal_status"] == "ok"][0]
    table.loc[withheld, ["aantal", "aantal_status"]] = ["3", "ok"]
    table.loc[shown, "aantal"] = str(int(table.loc[shown, "aantal"]) + 2)  # no longer a multiple of 5
    table.to_csv(out, sep=";", index=False)
    assert main(["audit", str(out)]) == 1
    printed = capsys.readouterr()
    assert f"aantal of {table.loc[withheld, 'code']}" in printed.out and "is published as 3: below the threshold 10" \
        in printed.out
    assert printed.out.count("is published as") == 2
    assert "2 counts published below the threshold or not rounded" in printed.err


def test_audit_refuses_what_is_no_aggregated_table(microdata, capsys):
    """The persons' own file would pass with nothing checked: it is refused in one line, exit 2."""
    assert main(["audit", str(microdata)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a table as aggregate writes it" in err


@pytest.mark.slow
def test_audit_with_the_microdata_checks_the_amounts_too(tmp_path):
    """The output checker's run, in a real process: the protected income table passes, the old way is caught."""
    from tests.indicators.microdata.test_amounts import zzp_persons

    persons = tmp_path / "zzp.parquet"
    zzp_persons().to_parquet(persons)
    out = tmp_path / "zzp.csv"
    made = run_cli("aggregate", "--microdata", persons, "--region-column", "buurt", "--group", "leeftijd",
                   "--group", "geslacht", "--measure", "inkomen=mean:inkomen", "--out", out)
    assert made.returncode == 0, made.stderr
    check = ("--microdata", persons, "--region-column", "buurt", "--amount", "inkomen=mean:inkomen")
    passed = run_cli("audit", out, *check)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "no sensitive amount comes closer than its protection level" in passed.stderr
    # the same table with every mean the rules left published shown: withheld by dominance alone
    table = pd.read_csv(out, sep=";", decimal=",", dtype={"code": str}, na_values=["."])
    control = pd.read_csv(tmp_path / "zzp_controle.csv", sep=";", decimal=",", dtype={"code": str})
    secondary = control[(control["kolom"] == "inkomen") & control["reden"].str.startswith("secundair")]
    assert len(secondary), "the case needs a secondary suppression to undo"
    # a mean is no count, even where every mean published is a whole number: only the counts are attacked as such
    counts_only = run_cli("audit", out)
    assert f"({(control['kolom'] == 'aantal').sum()} checked in 1 table)" in counts_only.stderr
    people = zzp_persons()
    for _, cell in secondary.iterrows():
        rows = table["code"] == cell["code"]
        chosen = people[people["buurt"].str.startswith(cell["code"].replace("GM", "BU").replace("WK", "BU"))]
        for group in ("leeftijd", "geslacht"):
            value = cell[group] if isinstance(cell[group], str) else "Totaal"
            rows &= table[group].fillna("Totaal") == value
            if value != "Totaal":
                chosen = chosen[chosen[group] == value]
        table.loc[rows, "inkomen"] = round(chosen["inkomen"].mean(), 1)
        table.loc[rows, "inkomen_status"] = "ok"
    old = tmp_path / "oud.csv"
    table.to_csv(old, sep=";", decimal=",", index=False, na_rep=".")
    caught = run_cli("audit", old, *check)
    assert caught.returncode == 1
    assert "the sum of inkomen of" in caught.stdout and "less than its protection" in caught.stdout
    assert "sensitive amounts come closer than their protection level" in caught.stderr
    # an amount without the persons' file: one line, exit 2
    alone = run_cli("audit", out, "--amount", "inkomen=mean:inkomen")
    assert alone.returncode == 2 and alone.stderr.count("\n") == 1 and "--microdata" in alone.stderr


def test_audit_refuses_an_amount_it_cannot_check(tmp_path, capsys):
    """A wrong kind, a name given twice, the microdata without amounts: one line each, exit 2, no verdict."""
    from tests.indicators.microdata.test_amounts import zzp_persons

    persons = tmp_path / "zzp.parquet"
    zzp_persons().to_parquet(persons)
    out = tmp_path / "zzp.csv"
    assert main(["aggregate", "--microdata", str(persons), "--region-column", "buurt", "--group", "geslacht",
                 "--measure", "inkomen=mean:inkomen", "--out", str(out)]) == 0
    capsys.readouterr()
    source = ["--microdata", str(persons), "--region-column", "buurt"]
    for extra, said in ((["--amount", "inkomen=total:inkomen"], "is not the total"),
                        (["--amount", "inkomen=mean:inkomen", "--amount", "inkomen=total:inkomen"], "twice"),
                        ([], "name the amounts")):
        assert main(["audit", str(out), *source, *extra]) == 2
        printed = capsys.readouterr()
        assert printed.out == "" and printed.err.count("\n") == 1 and said in printed.err


@pytest.mark.parametrize("label, message", [("zzp", "should look like NAME=TEXT"), ("=Iets", "should look like"),
                                            ("onbekend=Iets", "the table has no column 'onbekend'")])
def test_a_bad_label_gives_one_line_exit_2_and_nothing_written(cli, microdata, tmp_path, label, message):
    result = cli("--microdata", microdata, *ARGS, "--label", label, "--out", tmp_path / "t.csv")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_labels_travel_with_the_table_in_its_descriptor(cli, microdata, tmp_path):
    from indicators.io.descriptor import labels_of, read_descriptor

    out = tmp_path / "tabel.csv"
    result = cli("--microdata", microdata, *ARGS, "--label", "bijstand=Personen met bijstand", "--label-en",
                 "bijstand=Persons on social assistance", "--out", out)
    assert result.returncode == 0 and "what its columns are in tabel.datapackage.json" in result.stderr
    descriptor = read_descriptor(out)
    assert labels_of(descriptor)["bijstand"] == "Personen met bijstand"
    assert labels_of(descriptor, "en")["bijstand"] == "Persons on social assistance"
    assert labels_of(descriptor)["bijstand_pct"] == "Personen met bijstand, aandeel van de personen"


def test_a_subset_counts_only_its_persons_and_says_so(cli, microdata, tmp_path):
    out = tmp_path / "vrouwen.csv"
    result = cli("--microdata", microdata, "--region-column", "buurt", "--where", "geslacht = 'vrouw'", "--out", out)
    assert result.returncode == 0
    assert "subset geslacht = 'vrouw': 200 of the file's 403 rows" in result.stderr
    table = pd.read_csv(out, sep=";", encoding="utf-8-sig", dtype=str)
    gemeente = table[table["niveau"] == "gemeente"]
    assert gemeente["aantal"].tolist() == ["200"]
    from indicators.io.descriptor import read_descriptor

    assert read_descriptor(out)["subset"] == "geslacht = 'vrouw'"


@pytest.mark.parametrize("where, message", [("geslacht = ", "expected a value"),
                                            ("regio = 'west'", "which the file does not have"),
                                            ("geslacht = 'Vrouw'", "leaves none of the 403 rows")])
def test_a_bad_subset_gives_one_line_exit_2_and_nothing_written(cli, microdata, tmp_path, where, message):
    result = cli("--microdata", microdata, "--region-column", "buurt", "--where", where, "--out", tmp_path / "t.csv")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("theme, message", [("bijstand=werk", "no theme 'werk'; choose one of bevolking, "),
                                            ("bijstand", "should look like NAME=TEXT"),
                                            ("geslacht=bevolking", "the table has no figure 'geslacht'")])
def test_a_bad_theme_gives_one_line_exit_2_and_nothing_written(cli, microdata, tmp_path, theme, message):
    result = cli("--microdata", microdata, *ARGS, "--theme", theme, "--out", tmp_path / "t.csv")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_a_theme_travels_with_the_table_and_the_map_pages_list_the_figure_under_it(cli, microdata, tmp_path):
    from indicators.core.describe import describe_column, themes_of

    out = tmp_path / "tabel.csv"
    assert cli("--microdata", microdata, *ARGS, "--theme", "bijstand=uitkeringen", "--out", out).returncode == 0
    table = read_table(out)
    assert table.columns["bijstand"].theme == "uitkeringen"
    assert "bijstand" in themes_of(table.figures, table)["uitkeringen"]
    assert describe_column(table, "bijstand").theme == "uitkeringen"
    assert "bijstand_pct" not in themes_of(table.figures, table).get("uitkeringen", [])  # only the one named


@pytest.fixture(scope="module")
def person_years(tmp_path_factory):
    """A person-period file: the same persons in three years, one row per person per year, bijstand rising."""
    import numpy as np

    rng = np.random.default_rng(5)
    buurten = [f"BU1916{w:02d}{b:02d}" for w in range(1, 14) for b in range(1, 4)]
    n = 6000
    home = rng.choice(buurten, n)
    rows = []
    for year in (2022, 2023, 2024):
        keep = rng.random(n) < 0.9
        rows.append(pd.DataFrame({"persoon": np.arange(n)[keep], "jaar": year, "buurt": home[keep],
                                  "bijstand": (rng.random(keep.sum()) < 0.05 + 0.02 * (year - 2022)).astype(int)}))
    path = tmp_path_factory.mktemp("person_years") / "personen_jaren.parquet"
    pd.concat(rows).to_parquet(path)
    return path


def test_a_period_column_gives_one_protected_table_per_period_named_by_it(cli, person_years, tmp_path):
    from indicators.io.descriptor import read_descriptor

    out = tmp_path / "bijstand.csv"
    result = cli("--microdata", person_years, "--region-column", "buurt", "--measure", "bijstand=sum:bijstand",
                 "--period", "jaar", "--out", out)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".csv" and "controle" not in p.name)
    assert written == ["bijstand_2022.csv", "bijstand_2023.csv", "bijstand_2024.csv"]
    assert "2023: subset `jaar` = 2023" in result.stderr
    for year in (2022, 2023, 2024):  # each the same table as aggregate on that year's rows alone
        alone = tmp_path / "alleen" / f"jaar{year}.csv"
        alone.parent.mkdir(exist_ok=True)
        assert cli("--microdata", person_years, "--region-column", "buurt", "--measure", "bijstand=sum:bijstand",
                   "--where", f"jaar = {year}", "--out", alone).returncode == 0
        ours = pd.read_csv(tmp_path / f"bijstand_{year}.csv", sep=";", dtype=str)
        assert ours.equals(pd.read_csv(alone, sep=";", dtype=str))
        assert read_descriptor(tmp_path / f"bijstand_{year}.csv")["period"] == {"column": "jaar", "value": str(year)}


@pytest.mark.parametrize("period, out, message", [
    ("jaartal", "t.csv", "has no column 'jaartal' for --period"),
    ("persoon", "t.csv", "different values; a period column holds years"),
    ("jaar", "t_2024.csv", "--out t_2024.csv names a year"),
])
def test_a_bad_period_gives_one_line_exit_2_and_nothing_written(cli, person_years, tmp_path, period, out, message):
    result = cli("--microdata", person_years, "--region-column", "buurt", "--period", period, "--out",
                 tmp_path / out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_periods_are_written_all_or_none(person_years, tmp_path):
    from indicators.io.files import OutputError
    from indicators.microdata.aggregate import aggregate_periods, write_periods

    tables = aggregate_periods(person_years, "buurt", "jaar", measures=["bijstand=sum:bijstand"])
    (tmp_path / "t_2024_controle.csv").mkdir()  # the last period's audit cannot be written
    with pytest.raises(OutputError):
        write_periods(tables, tmp_path / "t.csv", "jaar")
    assert [p.name for p in tmp_path.iterdir()] == ["t_2024_controle.csv"]  # the first two were taken back


def test_the_unit_of_an_amount_travels_with_the_table_and_a_period_names_itself(cli, person_years, tmp_path):
    from indicators.io.descriptor import read_descriptor

    years = person_years.parent / "met_inkomen.parquet"
    pd.read_parquet(person_years).assign(inkomen=lambda f: 20_000 + 10 * f["persoon"]).to_parquet(years)
    out = tmp_path / "inkomen.csv"
    result = cli("--microdata", years, "--region-column", "buurt", "--measure", "inkomen=mean:inkomen", "--unit",
                 "inkomen=euro", "--period", "jaar", "--out", out)
    assert result.returncode == 0, result.stderr
    table = read_table(tmp_path / "inkomen_2023.csv")
    assert table.columns["inkomen"].unit == "euro"
    assert read_descriptor(tmp_path / "inkomen_2023.csv")["title"].endswith("(jaar 2023)")
    bad = cli("--microdata", years, "--region-column", "buurt", "--measure", "inkomen=mean:inkomen", "--unit",
              "loon=euro", "--out", tmp_path / "t.csv")
    assert bad.returncode == 2 and "--unit loon=...: the table has no figure 'loon'" in bad.stderr
