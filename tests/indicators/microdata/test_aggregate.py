"""Microdata to protected district x group tables: exact counts, the rules, and an LP attack on the result.

The attack is the one of ``test_disclosure_attack.py``, extended to the group margins: the attacker
knows every relation of the long table (each parent region = the sum of its children, each
``Totaal`` = the sum of its groups, per combination of the other columns), that counts are >= 0,
and every published count to within half a rounding base. Minimising and maximising each withheld
count by linear programming must leave an interval at least one rounding base wide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sparse
from scipy.optimize import linprog

from geo.boundaries import read_boundaries
from geo.join import join_indicators
from indicators.analysis.rates import group_rates
from indicators.core.codes import LEVELS, parent_code
from indicators.core.table import Table
from indicators.io.readers import read_table
from indicators.microdata.aggregate import Measure, MicrodataError, aggregate_microdata, write_aggregated
from indicators.microdata.longtable import TOTAL, read_long_table
from indicators.privacy.crosstab import protect_crosstab
from tests.conftest import DEMO_DATA

# --- the attacker ---------------------------------------------------------------------------------


def cube_of(frame: pd.DataFrame, groups: list[str], column: str):
    """The long table as arrays: published values (NaN where withheld), withheld mask, region parents."""
    regions = frame[["code", "niveau"]].drop_duplicates().reset_index(drop=True)
    index = {code: i for i, code in enumerate(regions["code"])}
    present = [lv for lv in LEVELS if lv in set(regions["niveau"])]
    parents = []
    for code, level in zip(regions["code"], regions["niveau"]):
        above = present[: present.index(level)]
        parents.append(index.get(parent_code(code, above[-1]), -1) if above else -1)
    categories = [[c for c in frame[g].unique() if c != TOTAL] + [TOTAL] for g in groups]
    shape = (len(regions), *(len(c) for c in categories))
    values = np.full(shape, np.nan)
    secret = np.zeros(shape, dtype=bool)
    position = [frame["code"].map(index).to_numpy()]
    position += [pd.Index(cats).get_indexer(frame[g]) for g, cats in zip(groups, categories)]
    values[tuple(position)] = pd.to_numeric(frame[column]).astype(float).to_numpy()
    secret[tuple(position)] = (frame[f"{column}_status"] == "geheim").to_numpy()
    return values, secret, np.array(parents)


def relations(shape, parents) -> sparse.csr_matrix:
    """Every additive relation of the table as a row: total - parts = 0."""
    cells = np.arange(int(np.prod(shape))).reshape(shape)
    rows, columns, signs = [], [], []
    for parent in np.unique(parents[parents >= 0]):
        children = np.flatnonzero(parents == parent)
        for rest in np.ndindex(*shape[1:]):
            rows.append([cells[(parent, *rest)], *(cells[(c, *rest)] for c in children)])
            signs.append([1] + [-1] * len(children))
    for axis in range(1, len(shape)):
        for line in np.moveaxis(cells, axis, -1).reshape(-1, shape[axis]):
            rows.append([line[-1], *line[:-1]])
            signs.append([1] + [-1] * (len(line) - 1))
    for i, row in enumerate(rows):
        columns.extend(row)
    index = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    return sparse.csr_matrix((np.concatenate(signs), (index, columns)), shape=(len(rows), int(np.prod(shape))))


def attack(values, secret, parents, base) -> dict[int, tuple[float, float]]:
    """Bounds (min, max) of every withheld cell against the published cells with their rounding slack."""
    matrix = relations(values.shape, parents)
    flat, hidden = values.ravel(), secret.ravel()
    # a published 0 is exact: every count from 1 up is withheld or rounded to at least the base
    bounds = [(0, None) if hidden[i] else (max(0.0, flat[i] - base / 2), flat[i] + base / 2 if flat[i] else 0.0)
              for i in range(flat.size)]
    zero = np.zeros(matrix.shape[0])
    found = {}
    for cell in np.flatnonzero(hidden):
        objective = np.zeros(flat.size)
        objective[cell] = 1
        low = linprog(objective, A_eq=matrix, b_eq=zero, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=matrix, b_eq=zero, bounds=bounds, method="highs")
        assert low.status == 0, f"published figures inconsistent: {low.message}"
        found[cell] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return found


def assert_safe(values, secret, parents, base=5, min_count=10) -> int:
    """Every withheld cell at least a base wide; every published count a multiple of the base, 0 or >= the minimum."""
    for cell, (low, high) in attack(values, secret, parents, base).items():
        where = np.unravel_index(cell, values.shape)
        assert high - low >= base - 1e-6, f"cell {where}: attacker bounds [{low}, {high}]"
    shown = values[~secret]
    assert (shown % base == 0).all() and ((shown >= min_count) | (shown == 0)).all()  # 0: a cell of nobody
    return int(secret.sum())


# --- microdata made here --------------------------------------------------------------------------


def persons(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (buurt code, geslacht, bijstand, inkomen, count): that many identical persons."""
    frame = pd.DataFrame(rows, columns=["buurt", "geslacht", "bijstand", "inkomen", "n"])
    return frame.loc[frame.index.repeat(frame.pop("n"))].reset_index(drop=True)


HAND = persons([
    # buurt, in spellings the project knows     sex     flag income  persons
    ("BU00010101", "man", 1, 1000.0, 10), ("bu00010101 ", "man", 0, 2000.0, 10),
    ("BU00010101", "vrouw", 1, 3000.0, 10), ("BU00010101", "vrouw", 0, 3000.0, 5),
    ("2024BU00010102", "man", 1, 1000.0, 10), ("BU00010102", "vrouw", 1, 1000.0, 10),
    ("00010102", "vrouw", 0, 4000.0, 15),
    ("BU00010201", "man", 1, 5000.0, 10), ("BU00010201", "man", 0, 5000.0, 20),
    ("BU00010201", "vrouw", 1, 1000.0, 20), ("BU00010201", "vrouw", 0, 1000.0, 20),
])
EXPECTED = {  # hand-computed: (code, geslacht) -> (aantal, bijstand, mean income)
    ("BU00010101", TOTAL): (35, 20, 75000 / 35), ("BU00010101", "man"): (20, 10, 1500),
    ("BU00010101", "vrouw"): (15, 10, 3000),
    ("BU00010102", TOTAL): (35, 20, 80000 / 35), ("BU00010102", "man"): (10, 10, 1000),
    ("BU00010102", "vrouw"): (25, 10, 70000 / 25),
    ("BU00010201", TOTAL): (70, 30, 190000 / 70), ("BU00010201", "man"): (30, 10, 5000),
    ("BU00010201", "vrouw"): (40, 20, 1000),
    ("WK000101", TOTAL): (70, 40, 155000 / 70), ("WK000101", "man"): (30, 20, 40000 / 30),
    ("WK000101", "vrouw"): (40, 20, 115000 / 40),
    ("WK000102", TOTAL): (70, 30, 190000 / 70), ("WK000102", "man"): (30, 10, 5000),
    ("WK000102", "vrouw"): (40, 20, 1000),
    ("GM0001", TOTAL): (140, 70, 345000 / 140), ("GM0001", "man"): (60, 30, 190000 / 60),
    ("GM0001", "vrouw"): (80, 40, 155000 / 80),
}
MEASURES = ["bijstand=sum:bijstand", "pct=share:bijstand", "inkomen=mean:inkomen"]


@pytest.fixture
def hand_file(tmp_path):
    path = tmp_path / "personen.parquet"
    HAND.to_parquet(path)
    return path


def test_exact_counts_margins_and_hierarchy_against_a_hand_computed_table(hand_file):
    result = aggregate_microdata(hand_file, "buurt", groups=["geslacht"], measures=MEASURES, dominance=100)
    frame = result.frame.set_index(["code", "geslacht"])
    assert len(frame) == len(EXPECTED)
    for key, (aantal, bijstand, income) in EXPECTED.items():
        row = frame.loc[key]
        assert row["aantal"] == aantal and row["inkomen"] == pytest.approx(round(income, 1)), key
        if pd.isna(row["bijstand"]):  # withheld with its share: group disclosure, or to protect such a cell
            assert pd.isna(row["pct"]) and row["bijstand_status"] == "geheim", key
            continue
        assert row["bijstand"] == bijstand, key
        assert row["pct"] == pytest.approx(round(100 * bijstand / aantal, 1))
    # 10 men in BU00010102, all 10 on bijstand: published, it would say so of every one of them
    assert pd.isna(frame.loc[("BU00010102", "man"), "bijstand"])
    # and 10 of the 15 women in BU00010101 (5 without); no more: the neighbours, rounded to 10, leave
    # each anywhere in 20 (Totaal 20 minus vrouw 10 is 0 to 20)
    assert frame["bijstand"].notna().sum() == len(EXPECTED) - 2
    values, secret, parents = cube_of(result.frame, ["geslacht"], "bijstand")
    assert_safe(values, secret, parents, base=10)
    levels = result.frame.drop_duplicates("code").set_index("code")["niveau"]
    assert levels.to_dict() == {"GM0001": "gemeente", "WK000101": "wijk", "WK000102": "wijk",
                                "BU00010101": "buurt", "BU00010102": "buurt", "BU00010201": "buurt"}
    assert result.report.used == result.report.rows == len(HAND)


def test_csv_and_parquet_give_the_same_table(hand_file, tmp_path):
    csv = tmp_path / "personen.csv"
    HAND.to_csv(csv, sep=";", decimal=",", index=False)
    one = aggregate_microdata(hand_file, "buurt", groups=["geslacht"], measures=MEASURES).frame
    two = aggregate_microdata(csv, "buurt", groups=["geslacht"], measures=MEASURES).frame
    pd.testing.assert_frame_equal(one, two)


def test_counts_are_rounded_to_five_and_shares_follow_the_published_counts(tmp_path):
    data = persons([("BU00010101", "man", 1, 1.0, 12), ("BU00010101", "vrouw", 1, 1.0, 13),
                    ("BU00010101", "vrouw", 0, 1.0, 14)])
    path = tmp_path / "p.parquet"
    data.to_parquet(path)
    result = aggregate_microdata(path, "buurt", groups=["geslacht"], measures=["pct=share:bijstand"], level="buurt")
    frame = result.frame.set_index("geslacht")
    assert frame["aantal"].to_dict() == {TOTAL: 40, "man": 10, "vrouw": 25}  # 39 -> 40, 12 -> 10, 27 -> 25
    assert frame.loc[TOTAL, "pct"] == pytest.approx(62.5)  # 25 / 40 published, not 25 / 39


def test_small_cells_are_withheld_and_closed_over_groups_and_hierarchy(tmp_path):
    # 1 man among 50 women: the rounded margins (50 and 50) would pin him to [0, 5]
    data = persons([
        ("BU00010101", "man", 0, 1.0, 1), ("BU00010101", "vrouw", 0, 1.0, 50),
        ("BU00010102", "man", 0, 1.0, 38), ("BU00010102", "vrouw", 0, 1.0, 40),
        ("BU00010103", "man", 0, 1.0, 38), ("BU00010103", "vrouw", 0, 1.0, 42),
    ])
    path = tmp_path / "p.parquet"
    data.to_parquet(path)
    result = aggregate_microdata(path, "buurt", groups=["geslacht"])
    frame = result.frame.set_index(["code", "geslacht"])
    assert frame.loc[("BU00010101", "man"), "aantal_status"] == "geheim"
    assert result.report.loss["aantal"].primary == 1
    assert result.report.loss["aantal"].secondary >= 1  # a lone secret cell would be total minus the rest
    values, secret, parents = cube_of(result.frame, ["geslacht"], "aantal")
    assert_safe(values, secret, parents)


def lp_case(seed: int, sparse_flag: bool):
    """Random microdata of one gemeente: 2-3 wijken of 1-4 buurten, two group columns, skewed sizes."""
    rng = np.random.default_rng(seed)
    buurten = [f"BU0001{w:02d}{b:02d}" for w in range(1, rng.integers(2, 4) + 1)
               for b in range(1, rng.integers(1, 5) + 1)]
    n = int(rng.integers(150, 600))
    weights = rng.lognormal(0, 1, len(buurten))
    return pd.DataFrame({
        "buurt": rng.choice(buurten, n, p=weights / weights.sum()),
        "geslacht": rng.choice(["man", "vrouw"], n),
        "leeftijd": rng.choice(["0-17", "18-66", "67+"], n, p=[0.2, 0.6, 0.2]),
        "bijstand": (rng.random(n) < (0.15 if sparse_flag else 0.5)).astype(int),
    })


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 6, 9, 11])  # 6, 9 and 11 need moves spread over whole wijken
def test_lp_attack_finds_no_narrow_cell_over_groups_and_hierarchy(tmp_path, seed):
    path = tmp_path / "p.parquet"
    lp_case(seed, sparse_flag=seed % 2 == 1).to_parquet(path)
    result = aggregate_microdata(path, "buurt", groups=["geslacht", "leeftijd"], measures=["bijstand=sum:bijstand"])
    assert result.report.rounding == {"aantal": 5, "bijstand": 10}  # bijstand: the registry's rule for recipients
    for column in ("aantal", "bijstand"):
        values, secret, parents = cube_of(result.frame, ["geslacht", "leeftijd"], column)
        assert_safe(values, secret, parents, base=result.report.rounding[column])


def test_attack_is_real_a_lone_withheld_cell_is_pinned_down():
    """Primary suppression alone leaves a cell recoverable from its margin: the attack sees it."""
    # three buurten of one wijk (last row), x (man, vrouw, Totaal); the first man cell is 1
    counts = np.array([[1.0, 50.0, 51.0], [38.0, 40.0, 78.0], [38.0, 42.0, 80.0], [77.0, 132.0, 209.0]])
    parents = np.array([3, 3, 3, -1])
    values = np.where(counts < 10, np.nan, np.floor(counts / 5 + 0.5) * 5)
    secret = counts < 10
    (low, high), = attack(values, secret, parents, 5).values()
    assert high - low < 5
    protected = protect_crosstab(counts, parents, 10, 5)
    assert protected.secondary.any()
    assert_safe(protected.published, protected.secret, parents)


def test_dominance_withholds_a_mean_where_one_person_has_most_of_the_sum(tmp_path):
    data = persons([("BU00010101", "man", 0, 2000.0, 20), ("BU00010101", "man", 0, 500000.0, 1),
                    ("BU00010101", "vrouw", 0, 2000.0, 20)])
    path = tmp_path / "p.parquet"
    data.to_parquet(path)
    result = aggregate_microdata(path, "buurt", groups=["geslacht"], measures=["inkomen=mean:inkomen"], level="buurt")
    frame = result.frame.set_index("geslacht")
    assert frame.loc["man", "inkomen_status"] == "geheim" and pd.isna(frame.loc["man", "inkomen"])
    assert frame.loc["vrouw", "inkomen"] == pytest.approx(2000)
    assert frame.loc[TOTAL, "inkomen_status"] == "geheim"  # 500,000 of 582,000: above 50 %
    assert result.report.loss["inkomen"].dominance == 2
    relaxed = aggregate_microdata(path, "buurt", groups=["geslacht"], measures=["inkomen=mean:inkomen"],
                                  level="buurt", dominance=90)
    assert relaxed.frame.set_index("geslacht").loc[TOTAL, "inkomen_status"] == "ok"


def test_unknown_and_coarser_codes_are_counted_reported_and_left_out(tmp_path):
    data = pd.concat([HAND, pd.DataFrame({"buurt": ["onbekend", "onbekend", None, "WK000101"], "geslacht": "man",
                                          "bijstand": 0, "inkomen": 1.0})], ignore_index=True)
    path = tmp_path / "p.parquet"
    data.to_parquet(path)
    report = aggregate_microdata(path, "buurt", groups=["geslacht"]).report
    assert (report.unknown_rows, report.unknown_codes, report.coarser_rows) == (3, 2, 1)
    assert report.used == len(HAND)
    text = "\n".join(report.lines())
    assert "'onbekend'" in text and "(empty)" in text and "'WK000101'" in text


@pytest.mark.parametrize(
    ("content", "kwargs", "message"),
    [
        ("", {}, "is empty"),
        ("buurt;geslacht;bijstand\n", {}, "no rows"),
        ("buurt;geslacht;bijstand\nBU00010101;man;1\n", {"groups": ["leeftijd"]}, "column 'leeftijd' is not in"),
        ("buurt;geslacht;bijstand\nBU00010101;man;2\n", {"measures": ["b=sum:bijstand"]}, "0/1 or true/false flag"),
        ("buurt;geslacht;bijstand\nBU00010101;man;ja\n", {"measures": ["b=share:bijstand"]}, "e.g. 'ja'"),
        ("buurt;geslacht;bijstand\nBU00010101;Totaal;1\n", {"groups": ["geslacht"]}, "holds the value 'Totaal'"),
        ("buurt;geslacht;bijstand\nxyz;man;1\n", {}, "holds no region codes"),
        ("buurt;geslacht;bijstand\nBU00010101;man;1\n", {"measures": ["i=mean:geslacht"]}, "not amounts"),
        # an income written with a thousands separator is read as text: the message shows one and says why
        ("buurt;inkomen\nBU00010101;45.123,50\nBU00010101;1.200,00\n", {"measures": ["i=total:inkomen"]},
         r"holds text \(e\.g\. '45\.123,50'\), not amounts; a total needs numbers: write them without thousands"),
        ("buurt;geslacht;bijstand\nWK000101;man;1\n", {"level": "buurt"}, "holds wijk codes"),
    ],
)
def test_bad_input_is_an_input_error_that_says_what_to_do(tmp_path, content, kwargs, message):
    path = tmp_path / "p.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MicrodataError, match=message):
        aggregate_microdata(path, "buurt", **kwargs)


def test_measure_syntax():
    assert Measure.parse("werk_pct=share:werk") == Measure("werk_pct", "share", "werk")
    with pytest.raises(MicrodataError, match="NAME=KIND:COLUMN"):
        Measure.parse("werk")
    with pytest.raises(MicrodataError, match="should be one of sum, share, mean"):
        Measure.parse("x=median:inkomen")


# --- the output as a table of the product ---------------------------------------------------------


def test_written_csv_reads_back_with_groups_and_statuses_as_labels(hand_file, tmp_path):
    result = aggregate_microdata(hand_file, "buurt", groups=["geslacht"], measures=MEASURES, level="wijk")
    out = write_aggregated(result, tmp_path / "wijken.csv")
    table = read_table(out)
    assert table.code_column == "code"
    assert table.figures == ["aantal", "bijstand", "pct", "inkomen"]
    assert {"niveau", "geslacht", "aantal_status"} <= set(table.data.columns) - set(table.figures)


def test_wijk_table_joins_to_the_demo_wijken_rows_filtered_to_totaal(tmp_path):
    gpkg = DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"
    if not gpkg.exists():
        pytest.skip("demo data not generated")
    wijken = read_boundaries(gpkg, layer="wijken")
    codes = wijken.table.data[wijken.table.code_column].tolist()
    rng = np.random.default_rng(3)
    buurten = [f"BU{code[2:]}{b:02d}" for code in codes for b in (1, 2)]
    data = pd.DataFrame({"buurt": rng.choice(buurten, 3000), "geslacht": rng.choice(["man", "vrouw"], 3000)})
    path = tmp_path / "p.parquet"
    data.to_parquet(path)
    out = write_aggregated(aggregate_microdata(path, "buurt", groups=["geslacht"], level="wijk"),
                           tmp_path / "wijken.csv")
    table = read_table(out)
    totals = table.data["geslacht"] == TOTAL
    only = Table(data=table.data[totals].reset_index(drop=True), status=table.status[totals].reset_index(drop=True),
                 columns=table.columns, source=table.source, code_column=table.code_column)
    joined, report = join_indicators(wijken, only)
    assert report.matched == len(codes) and not report.duplicates
    assert joined.data["aantal"].notna().all()


# --- the cross-table engine on its own ------------------------------------------------------------


def test_threshold_and_rounding_edges_as_in_the_maps():
    counts = np.array([0.0, 1, 9, 10, 11, 13, 19])
    protected = protect_crosstab(counts, np.full(len(counts), -1), 10, 5)  # regions without relations
    assert np.array_equal(np.isnan(protected.published), [False, True, True, False, False, False, False])
    assert protected.published[0] == 0  # a true 0 describes nobody: published, and it holds nothing back
    assert protected.published[3:].tolist() == [10, 10, 15, 20]
    assert not protected.secondary.any()  # nothing to subtract from: no secondary suppression


@pytest.mark.parametrize("case", ["one small buurt", "two wijken with one small buurt", "small wijk next to big ones"])
def test_the_hierarchy_alone_is_closed_like_protect_does(case):
    from tests.indicators.privacy.test_disclosure_attack import SMALL_CELLS

    wijken = SMALL_CELLS[case]
    parents, counts = [-1], [sum(map(sum, wijken.values()))]
    for values in wijken.values():
        parents.append(0)
        counts.append(sum(values))
    for w, values in enumerate(wijken.values(), start=1):
        parents += [w] * len(values)
        counts += values
    protected = protect_crosstab(np.array(counts, dtype=float), np.array(parents), 10, 10)
    assert protected.primary.any()
    assert_safe(protected.published, protected.secret, np.array(parents), base=10)


# --- group disclosure and structural zeros (issue #29) ----------------------------------------------


def test_a_flag_every_member_has_is_withheld_with_its_share(tmp_path):
    """aantal 10, werk 10 (true 11 of 11) tells that every member has work: group disclosure."""
    rows = [("BU00010101", "man", 1, 1.0, 11), ("BU00010101", "vrouw", 1, 1.0, 10),
            ("BU00010101", "vrouw", 0, 1.0, 1), ("BU00010101", "x", 1, 1.0, 30), ("BU00010101", "x", 0, 1.0, 30),
            ("BU00010102", "man", 1, 1.0, 20), ("BU00010102", "man", 0, 1.0, 20), ("BU00010102", "vrouw", 1, 1.0, 20),
            ("BU00010102", "vrouw", 0, 1.0, 20), ("BU00010102", "x", 1, 1.0, 30), ("BU00010102", "x", 0, 1.0, 30)]
    persons(rows).rename(columns={"bijstand": "werk"}).to_parquet(tmp_path / "p.parquet")
    result = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=["geslacht"],
                                 measures=["werk=sum:werk", "pct=share:werk"], level="buurt")
    frame = result.frame.set_index(["code", "geslacht"])
    for group in ("man", "vrouw"):  # 11 of 11, and 10 of 11
        assert frame.loc[("BU00010101", group), "aantal"] in (10, 15)
        assert pd.isna(frame.loc[("BU00010101", group), "werk"]) and pd.isna(frame.loc[("BU00010101", group), "pct"])
    assert frame.loc[("BU00010102", "man"), "werk"] == 20  # 20 of 40: nothing said of anyone
    values, secret, parents = cube_of(result.frame, ["geslacht"], "werk")
    assert_safe(values, secret, parents, base=5)
    rates = group_rates(result.frame, "werk", "aantal", by=["code", "geslacht"], level="buurt")
    shown = {(r.by["code"], r.by["geslacht"]) for r in rates.shown}
    assert ("BU00010101", "man") not in shown and ("BU00010102", "man") in shown  # the same rule


def test_a_group_nobody_is_in_is_published_as_0_and_holds_no_total_back(tmp_path):
    """No zzp'ers aged 0-14 anywhere: those cells describe nobody. They counted as 'below 10' and took every
    wijk total and the gemeente total with them."""
    rng = np.random.default_rng(29)
    rows = []
    for wijk in (1, 2, 3):
        for buurt in (1, 2):
            code = f"BU0001{wijk:02d}{buurt:02d}"
            rows += [(code, "0-14", 0, 1.0, 40)]
            rows += [(code, age, 1, 1.0, int(rng.integers(12, 30))) for age in ("15-66", "67+")]
            rows += [(code, age, 0, 1.0, int(rng.integers(60, 90))) for age in ("15-66", "67+")]
    data = persons(rows).rename(columns={"geslacht": "leeftijd", "bijstand": "zzp"})
    data.to_parquet(tmp_path / "p.parquet")
    result = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=["leeftijd"], measures=["zzp=sum:zzp"])
    frame = result.frame.set_index(["code", "leeftijd"])
    young = result.frame[result.frame["leeftijd"] == "0-14"]
    assert (young["zzp"] == 0).all() and (young["zzp_status"] == "ok").all()  # 0, shown as 0
    totals = result.frame[result.frame["leeftijd"] == TOTAL]
    assert totals["zzp"].notna().all()  # the gemeente, every wijk and every buurt total
    assert frame.loc[("GM0001", TOTAL), "zzp"] == round(data["zzp"].sum() / 5) * 5
    assert result.report.loss["zzp"].total == 0
    values, secret, parents = cube_of(result.frame, ["leeftijd"], "zzp")
    assert_safe(values, secret, parents, base=5)


@pytest.mark.parametrize("level, written", [("gemeente,wijk", ["gemeente", "wijk"]), (("buurt", "gemeente"),
                                            ["gemeente", "buurt"]), ("wijk", ["wijk"]), ("all", list(LEVELS))])
def test_any_list_of_levels_is_written_and_protected_together(hand_file, level, written):
    result = aggregate_microdata(hand_file, "buurt", groups=["geslacht"], measures=["bijstand=sum:bijstand"],
                                 level=level)
    assert list(dict.fromkeys(result.frame["niveau"])) == written
    for column in ("aantal", "bijstand"):
        values, secret, parents = cube_of(result.frame, ["geslacht"], column)
        assert_safe(values, secret, parents, base=result.report.rounding[column])


@pytest.mark.parametrize("level", ["gemeente,stad", "wijk,wijk", "", ("wijk", "all")])
def test_a_level_list_that_names_no_levels_is_refused(hand_file, level):
    with pytest.raises(MicrodataError, match="level") as error:
        aggregate_microdata(hand_file, "buurt", level=level)
    assert error.value.kind == "bad_level"


@pytest.mark.slow
def test_a_small_population_crossed_five_ways_keeps_its_total(tmp_path):
    """445 persons of a training programme by five 0/1 groups: most cells are small, the total of 445 stays.

    The search alone withheld it (greedy, it took a total the cells around it did not need); the
    exact attack shows it protects nothing, so it is published again, and nothing can be narrowed.
    """
    rng = np.random.default_rng(442)  # a case where the search alone withholds the total
    groups = ["zwart", "latino", "getrouwd", "geen_diploma", "traject"]
    shares = [0.8, 0.1, 0.17, 0.78, 0.415]
    persons = pd.DataFrame({g: (rng.random(445) < share).astype(int).astype(str) for g, share in zip(groups, shares)})
    persons.insert(0, "buurt", "BU00010101")
    persons.to_parquet(tmp_path / "p.parquet")
    result = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=groups, level="buurt")
    total = result.frame[(result.frame[groups] == TOTAL).all(axis=1)]
    assert total["aantal_status"].tolist() == ["ok"] and total["aantal"].tolist() == [445]
    assert result.report.loss["aantal"].share > 50  # the cells of five crossed groups are small
    values, secret, parents = cube_of(result.frame, groups, "aantal")
    assert_safe(values, secret, parents)


def test_a_wijk_of_a_few_persons_is_named_in_the_report(tmp_path):
    """A well-formed code of no real buurt (a typing error) makes a wijk of 1 person: the analyst hears of it."""
    data = pd.concat([HAND, persons([("BU00019901", "man", 0, 1.0, 1)])], ignore_index=True)
    data.to_parquet(tmp_path / "p.parquet")
    report = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=["geslacht"]).report
    assert report.small_regions == ["WK000199 (1 person)"]
    assert any("WK000199 (1 person): are their codes real?" in line for line in report.lines())
    assert aggregate_microdata(tmp_path / "p.parquet", "buurt", level="buurt").report.small_regions == []


@pytest.mark.slow
def test_bijstand_by_household_and_migration_keeps_every_wijk_total(tmp_path, monkeypatch):
    """7,040 recipients over 13 wijken by household type x migration background: most cells are small.

    The search alone withheld 8 of the 13 wijk totals (it took totals the cells around them did not
    need); the exact attack shows they protect nothing, so all are published, and nothing can be
    narrowed.
    """
    rng = np.random.default_rng(29)
    buurten = [f"BU0001{w:02d}{b:02d}" for w in range(1, 14) for b in range(1, int(rng.integers(2, 7)) + 1)]
    size = rng.lognormal(0, 0.8, len(buurten))
    households = ["alleenstaand", "eenouder", "paar zonder kinderen", "paar met kinderen", "overig"]
    data = pd.DataFrame({"buurt": rng.choice(buurten, 7040, p=size / size.sum()),
                         "huishouden": rng.choice(households, 7040, p=[0.55, 0.2, 0.08, 0.12, 0.05]),
                         "migratie": rng.choice(["Nederland", "Europa", "buiten Europa"], 7040, p=[0.4, 0.15, 0.45])})
    data.to_parquet(tmp_path / "p.parquet")
    groups = ["huishouden", "migratie"]

    def wijk_totals_withheld():
        frame = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=groups).frame
        totals = frame[(frame[groups] == TOTAL).all(axis=1) & frame["niveau"].isin(["gemeente", "wijk"])]
        return int((totals["aantal_status"] != "ok").sum()), frame

    monkeypatch.setattr("indicators.privacy.crosstab.RELEASE_CELLS", 0)  # the search alone
    assert wijk_totals_withheld()[0] >= 5
    monkeypatch.undo()
    withheld, frame = wijk_totals_withheld()
    assert withheld == 0
    values, secret, parents = cube_of(frame, groups, "aantal")
    assert_safe(values, secret, parents)


def test_a_mean_of_nobody_says_there_is_none_not_ok(tmp_path):
    """30 women in a buurt, none with an income: their mean does not exist; written empty, it must not read 'ok'."""
    data = persons([("BU00010101", "man", 0, 2000.0, 30), ("BU00010101", "vrouw", 0, np.nan, 30),
                    ("BU00010102", "man", 0, 3000.0, 30), ("BU00010102", "vrouw", 0, 2500.0, 30)])
    data.to_parquet(tmp_path / "p.parquet")
    result = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=["geslacht"],
                                 measures=[*MEASURES, "som=total:inkomen"], dominance=100, level="buurt")
    frame = result.frame.set_index(["code", "geslacht"])
    nobody = frame.loc[("BU00010101", "vrouw")]
    assert pd.isna(nobody["inkomen"]) and nobody["inkomen_status"] == "ontbreekt"
    assert pd.isna(nobody["som"]) and nobody["som_status"] == "ontbreekt"  # no total of 0 that reads as known
    assert frame.loc[("BU00010102", "vrouw"), "inkomen_status"] == "ok"
    assert frame.loc[("BU00010101", "vrouw"), "aantal_status"] == "ok"
    _, hidden = read_long_table(result.frame).counts("inkomen")  # read back: hidden, as a withheld one
    assert hidden[((result.frame["code"] == "BU00010101") & (result.frame["geslacht"] == "vrouw")).to_numpy()].all()


def test_a_blank_group_is_the_group_of_the_unknown_from_any_format(tmp_path):
    """A CSV gap, and an empty or blank text (as SPSS writes it), all land in 'onbekend', never in a group named ''."""
    data = persons([("BU00010101", "man", 0, 1.0, 20), ("BU00010101", "", 0, 1.0, 12), ("BU00010101", "  ", 0, 1.0, 3),
                    ("BU00010101", None, 0, 1.0, 5)])
    data.to_parquet(tmp_path / "p.parquet")
    frame = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=["geslacht"], level="buurt").frame
    assert set(frame["geslacht"]) == {"man", "onbekend", "Totaal"}
    assert frame.set_index("geslacht").loc["onbekend", "aantal"] == 20  # 12 + 3 + 5, rounded to 5
