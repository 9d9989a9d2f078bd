"""The output checker's audit: withheld cells with their reasons beside every table, and an exact attack."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.microdata.aggregate import aggregate_microdata, amount_statistics, write_aggregated
from indicators.microdata.audit import attack, attack_amounts, audit_paths, rounding_beside
from indicators.microdata.longtable import read_long_table
from indicators.privacy.crosstab import protect_crosstab
from indicators.privacy.withheld import SECONDARY
from tests.indicators.microdata.test_aggregate import HAND, MEASURES
from tests.indicators.microdata.test_aggregate import attack as reference_attack

# three buurten of one wijk (last row), by sex (man, vrouw, Totaal); one small cell, 1 man in the first buurt
COUNTS = np.array([[1.0, 50.0, 51.0], [38.0, 40.0, 78.0], [38.0, 42.0, 80.0], [77.0, 132.0, 209.0]])
CODES = ["BU00010101", "BU00010102", "BU00010103", "WK000101"]
LEVEL = ["buurt", "buurt", "buurt", "wijk"]


def long_table(published: np.ndarray, secret: np.ndarray) -> pd.DataFrame:
    rows = []
    for region in range(len(CODES)):
        for column, sex in enumerate(["man", "vrouw", "Totaal"]):
            hidden = bool(secret[region, column])
            rows.append({"code": CODES[region], "niveau": LEVEL[region], "geslacht": sex,
                         "aantal": pd.NA if hidden else int(published[region, column]),
                         "aantal_status": "geheim" if hidden else "ok"})
    frame = pd.DataFrame(rows)
    frame["aantal"] = frame["aantal"].astype("Int64")
    return frame


def test_a_table_with_primary_suppression_only_is_caught_and_a_protected_one_passes(tmp_path):
    """Written the old way (the small cell alone withheld), the cell comes back from its margins."""
    old = long_table(np.floor(COUNTS / 5 + 0.5) * 5, COUNTS < 10)
    found, tried = attack([old])
    assert tried == 1 and len(found) == 1
    (cell,) = found
    assert (cell.code, cell.groups, cell.column) == ("BU00010101", {"geslacht": "man"}, "aantal")
    bounds = next(iter(reference_attack(*_cube(old), 5).values()))  # the test suite's own attacker agrees
    assert (cell.low, cell.high) == pytest.approx(bounds)
    protected = protect_crosstab(COUNTS, np.array([3, 3, 3, -1]), 10, 5)
    found, tried = attack([long_table(protected.published, protected.secret)])
    assert found == [] and tried == protected.secret.sum() > 1


def _cube(frame: pd.DataFrame):
    values = frame["aantal"].to_numpy(dtype=float, na_value=np.nan).reshape(4, 3)
    return values, (frame["aantal_status"] == "geheim").to_numpy().reshape(4, 3), np.array([3, 3, 3, -1])


def test_two_tables_of_the_same_persons_are_attacked_together():
    """A buurt table and a wijk table written apart: each passes alone, together they give a cell away."""
    buurten = long_table(np.floor(COUNTS / 5 + 0.5) * 5, COUNTS < 10)
    buurten = buurten[buurten["niveau"] == "buurt"]
    buurten.loc[buurten["code"] == "BU00010101", ["aantal", "aantal_status"]] = [pd.NA, "geheim"]  # a whole row
    wijk = long_table(np.floor(COUNTS / 5 + 0.5) * 5, COUNTS < 10)
    wijk = wijk[wijk["niveau"] == "wijk"]
    assert attack([buurten])[0] == [] and attack([wijk])[1] == 0
    found, _ = attack([buurten, wijk])
    assert {(cell.code, tuple(cell.groups.values())) for cell in found} >= {("BU00010101", ("man",))}


def test_beside_every_table_its_withheld_cells_with_their_reasons_and_the_loss(tmp_path):
    HAND.to_parquet(tmp_path / "personen.parquet")
    result = aggregate_microdata(tmp_path / "personen.parquet", "buurt", groups=["geslacht"], measures=MEASURES,
                                 dominance=100)
    for suffix in (".csv", ".xlsx", ".parquet"):
        path = write_aggregated(result, tmp_path / f"tabel{suffix}")
        cells_path, summary_path = audit_paths(path)
        cells = pd.read_csv(cells_path, sep=";", encoding="utf-8-sig")
        assert set(cells["reden"]) == {"groepsonthulling (vrijwel iedereen)", "met zijn basis"}
        man = cells[(cells["code"] == "BU00010102") & (cells["geslacht"] == "man") & (cells["kolom"] == "bijstand")]
        assert man["reden"].tolist() == ["groepsonthulling (vrijwel iedereen)"]  # 10 of 10 on bijstand
        summary = pd.read_csv(summary_path, sep=";", encoding="utf-8-sig").set_index("kolom")
        assert summary.loc["hele tabel", "personen"] == len(HAND)
        assert summary.loc["bijstand", "geheim"] == 2 and summary.loc["bijstand", "afronding"] == 10
        assert summary.loc["bijstand", "personen"] == 15 + 10  # the buurt cells withheld, their persons
        assert rounding_beside(path) == {"aantal": 5, "bijstand": 10}
        assert attack([path], bases=rounding_beside(path))[0] == []
    sheets = pd.read_excel(tmp_path / "tabel.xlsx", sheet_name=None)
    assert not {"Controle", "Controle samenvatting"} & set(sheets)  # the file to release holds no true counts
    assert audit_paths(tmp_path / "tabel.xlsx")[0].exists()  # they are beside it, for the output checker


def test_a_cell_withheld_to_protect_another_says_so(tmp_path):
    """1 man among 50 women: his margins give him back, so a neighbour goes with him, named secondary."""
    rows = [(code, sex, n) for code, counts in zip(CODES[:3], COUNTS[:3]) for sex, n in zip(("man", "vrouw"), counts)]
    persons = pd.DataFrame([(code, sex) for code, sex, n in rows for _ in range(int(n))], columns=["buurt", "geslacht"])
    persons.to_parquet(tmp_path / "personen.parquet")
    result = aggregate_microdata(tmp_path / "personen.parquet", "buurt", groups=["geslacht"])
    cells = pd.read_csv(audit_paths(write_aggregated(result, tmp_path / "tabel.csv"))[0], sep=";",
                        encoding="utf-8-sig")
    secondary = cells["reden"].str.startswith("secundair")
    assert secondary.sum() >= 3
    assert set(cells["reden"]) == {"minder dan de drempel", "secundair (anders terug te rekenen)"}
    assert (cells.loc[secondary, "beschermt de cel"] == "BU00010101 (geslacht=man)").all()  # the one he is
    assert cells.loc[~secondary, "beschermt de cel"].isna().all()  # a small cell protects nobody
    assert attack([tmp_path / "tabel.csv"])[0] == []


def test_each_secondary_income_names_a_sensitive_cell_of_its_gemeente(zzp, tmp_path):
    """The checker can follow each secondary mean to the sensitive sum it keeps from coming back."""
    _, result, _ = zzp
    write_aggregated(result, tmp_path / "zzp.csv")
    cells = pd.read_csv(audit_paths(tmp_path / "zzp.csv")[0], sep=";", decimal=",", dtype={"code": str})
    income = cells[cells["kolom"] == "inkomen"]
    secondary = income[income["reden"].str.startswith("secundair")]
    assert len(secondary) >= 2
    named = set(secondary["beschermt de cel"])
    sensitive = income[income["bescherming (bedrag, beide kanten)"].notna()]
    groups = [g for g in result.groups]
    described = {f"{row.code} (" + ", ".join(f"{g}={getattr(row, g)}" for g in groups) + ")"
                 for row in sensitive.fillna({g: "Totaal" for g in groups}).itertuples()}
    assert named <= described


def test_every_sensitive_amount_carries_its_protection_level_as_the_rules_define_it(zzp, tmp_path):
    """The checker reads how far each withheld income sum must stay uncertain: tau-ARGUS's level, from pandas."""
    from indicators.microdata.longtable import TOTAL
    from tests.indicators.microdata.test_amounts import cell_statistics, rules

    persons, result, _ = zzp
    write_aggregated(result, tmp_path / "zzp.csv")
    cells = pd.read_csv(audit_paths(tmp_path / "zzp.csv")[0], sep=";", decimal=",", dtype={"code": str})
    income = cells[cells["kolom"] == "inkomen"].fillna({"leeftijd": TOTAL, "geslacht": TOTAL})
    expected = rules(cell_statistics(persons, ["leeftijd", "geslacht"]))
    merged = income.merge(expected, on=["code", "leeftijd", "geslacht"], validate="one_to_one")
    sensitive = merged["sensitive"]
    assert sensitive.sum() >= 4  # the four millionaires' cells at least
    level = merged["bescherming (bedrag, beide kanten)"]
    assert (level[sensitive] == np.ceil(merged.loc[sensitive, "protection"])).all()
    assert level[~sensitive].isna().all()  # withheld with its base or as secondary: no level of its own
    assert (merged.loc[sensitive, "regel"].str.contains("p% = 10")).all()


@pytest.fixture(scope="module")
def zzp_tables(zzp, tmp_path_factory):
    """The zzp'ers with four millionaires: the protected table, and the same written the old way (no secondary)."""
    persons, result, source = zzp
    folder = tmp_path_factory.mktemp("amounts")
    protected = write_aggregated(result, folder / "zzp.csv")
    old = result.frame.copy()  # the old way: withheld by the rules and with their base, but no secondary
    secondary = result.reasons["inkomen"] == SECONDARY
    stats = amount_statistics(source / "zzp.parquet", "buurt", ["leeftijd", "geslacht"], "inkomen")
    truth = old.merge(stats, on=["code", "niveau", "leeftijd", "geslacht"], how="left")
    old.loc[secondary, "inkomen"] = (truth["sum"] / truth["n"]).round(1)[secondary.to_numpy()].to_numpy()
    old.loc[secondary, "inkomen_status"] = "ok"
    old_path = folder / "oud.parquet"
    old.to_parquet(old_path)
    return persons, stats, protected, old_path, folder


def test_an_amount_written_the_old_way_is_caught_and_the_protected_one_passes(zzp_tables):
    """The issue's case: withheld by dominance alone, a sum of millions comes back from margin and siblings."""
    from tests.indicators.microdata.test_amounts import attack_sums, cell_statistics, rules

    persons, stats, protected, old_path, _ = zzp_tables
    found, tried = attack_amounts(protected, stats, "inkomen")
    assert tried >= 4 and found == []
    found, tried = attack_amounts(old_path, stats, "inkomen")
    assert found, "the old table gives a withheld income sum back"
    # the test suite's own attacker (its own LP, from pandas statistics) narrows the same cells
    reference = rules(cell_statistics(persons, ["leeftijd", "geslacht"]))
    attacked = attack_sums(pd.read_parquet(old_path), reference, ["leeftijd", "geslacht"], "inkomen").merge(
        reference, on=["code", "leeftijd", "geslacht"])
    attacked = attacked[attacked["sensitive"]]
    narrow = attacked[(attacked["most"] < attacked["sum"] + attacked["protection"] - 1e-3) |
                      (attacked["least"] > attacked["sum"] - attacked["protection"] + 1e-3)]
    assert {(f.code, f.groups.get("leeftijd", "Totaal"), f.groups.get("geslacht", "Totaal")) for f in found} == \
        set(zip(narrow["code"], narrow["leeftijd"], narrow["geslacht"]))
    for finding in found:
        row = narrow[(narrow["code"] == finding.code) & (narrow["leeftijd"] == finding.groups.get("leeftijd", "Totaal"))
                     & (narrow["geslacht"] == finding.groups.get("geslacht", "Totaal"))].iloc[0]
        assert (finding.low, finding.high) == pytest.approx((row["least"], row["most"]), rel=1e-6, abs=1)
        assert finding.needed == pytest.approx(row["protection"], abs=0.01)


def test_a_sensitive_amount_left_published_is_named(zzp_tables):
    """No secondary and no primary: the dominated cell is there for anyone to read."""
    _, stats, protected, _, folder = zzp_tables
    frame = read_long_table(protected).frame.copy()
    frame["inkomen"] = pd.to_numeric(frame["inkomen"]).astype("Float64")
    stats_by_key = stats.set_index(["code", "leeftijd", "geslacht"])
    dominated = frame["inkomen_status"] == "geheim"
    keys = list(zip(frame["code"], frame["leeftijd"], frame["geslacht"]))
    frame.loc[dominated, "inkomen"] = [round(stats_by_key.loc[k, "sum"] / stats_by_key.loc[k, "n"], 1)
                                       if stats_by_key.loc[k, "n"] else 0.0 for k, d in zip(keys, dominated) if d]
    frame.loc[dominated, "inkomen_status"] = "ok"
    frame.to_parquet(folder / "open.parquet")
    found, tried = attack_amounts(folder / "open.parquet", stats, "inkomen")
    assert len(found) == tried >= 4


def test_a_cell_of_nobody_is_never_withheld_to_protect_an_income(tmp_path):
    """Its count 0 is published, so a reader knows its sum is 0: withholding its mean protects nothing."""
    from tests.indicators.microdata.test_amounts import zzp_persons

    persons = zzp_persons()
    gone = (persons["buurt"] == "BU00010101") & (persons["leeftijd"] == "15-26")  # nobody of 15-26 there
    persons[~gone].to_parquet(tmp_path / "zzp.parquet")
    result = aggregate_microdata(tmp_path / "zzp.parquet", "buurt", groups=["leeftijd", "geslacht"],
                                 measures=["inkomen=mean:inkomen"])
    empty = (result.frame["aantal"] == 0).fillna(False).to_numpy(dtype=bool)
    assert empty.sum() == 3  # man, vrouw and their Totaal
    assert (result.reasons["inkomen"][empty] == "").all()
    stats = amount_statistics(tmp_path / "zzp.parquet", "buurt", ["leeftijd", "geslacht"], "inkomen")
    found, tried = attack_amounts(result.frame, stats, "inkomen")
    assert tried >= 4 and found == []


def test_an_amount_named_with_the_wrong_kind_or_column_is_refused(zzp_tables):
    """Checking other numbers than the table publishes would call a leaking table safe."""
    _, stats, _, old_path, _ = zzp_tables
    with pytest.raises(ValueError, match="not the total"):
        attack_amounts(old_path, stats, "inkomen", kind="total")
    with pytest.raises(ValueError, match="not the mean"):
        attack_amounts(old_path, stats, "aantal", kind="mean")
