"""Amounts as magnitude tables: sensitive cells by the rules, and no withheld sum recoverable by the LP attack.

Everything the test knows it computes itself from the persons, with pandas: every cell's number of
contributors, sum, and largest and second largest amounts, at every level and margin. The attack is
its own too: scipy's HiGHS over the table's relations (``relations`` of test_aggregate) with every
published mean known to within its rounding times the exact number of contributors, the strongest
reader there is.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from indicators.core.codes import parent_code
from indicators.microdata.aggregate import aggregate_microdata, write_aggregated
from indicators.microdata.longtable import TOTAL
from indicators.privacy.magnitude import DEFAULT_DOMINANCE, DEFAULT_P
from tests.indicators.microdata.test_aggregate import relations


def zzp_persons(seed: int = 7, rich: int = 4) -> pd.DataFrame:
    """Zzp'ers of 3 wijken x 2 buurten by age and sex, incomes of 20-60 thousand, and ``rich`` of 8-40 million."""
    rng = np.random.default_rng(seed)
    rows = []
    for wijk, buurt in itertools.product((1, 2, 3), (1, 2)):
        code = f"BU0001{wijk:02d}{buurt:02d}"
        for age, sex in itertools.product(("15-26", "27-44", "45-66"), ("man", "vrouw")):
            for _ in range(int(rng.integers(8, 40))):
                rows.append((code, age, sex, float(rng.integers(20_000, 60_000))))
    frame = pd.DataFrame(rows, columns=["buurt", "leeftijd", "geslacht", "inkomen"])
    who = rng.choice(len(frame), size=rich, replace=False)
    frame.loc[who, "inkomen"] = rng.integers(8_000_000, 40_000_000, size=rich).astype(float)
    return frame


def cell_statistics(persons: pd.DataFrame, groups: list[str], levels=("gemeente", "wijk", "buurt")) -> pd.DataFrame:
    """n, sum, absolute sum and the two largest of every cell (region x groups, margins ``Totaal``), by pandas."""
    out = []
    for level in levels:
        frame = persons.assign(code=[parent_code(code, level) for code in persons["buurt"]])
        for kept in itertools.product((True, False), repeat=len(groups)):
            by = ["code", *(group for group, keep in zip(groups, kept) if keep)]
            for key, rows in frame.groupby(by):
                key = key if isinstance(key, tuple) else (key,)
                values = dict(zip(by, key))
                top = rows["inkomen"].abs().nlargest(2).tolist() + [0.0, 0.0]
                out.append({"code": values["code"], "niveau": level,
                            **{group: values.get(group, TOTAL) for group in groups},
                            "n": len(rows), "sum": rows["inkomen"].sum(), "abs": rows["inkomen"].abs().sum(),
                            "first": top[0], "second": top[1]})
    return pd.DataFrame(out)


def rules(stats: pd.DataFrame, minimum=10, dominance=DEFAULT_DOMINANCE, p=DEFAULT_P) -> pd.DataFrame:
    """The sensitive cells and their protection levels, from the definitions (tau-ARGUS's upper levels)."""
    rest = stats["abs"] - stats["first"] - stats["second"]
    few = stats["n"] < minimum
    dominant = ~few & (stats["first"] > dominance / 100 * stats["abs"])
    by_p = ~few & ~dominant & (p / 100 * stats["first"] - rest > 0)
    level = np.select([few, dominant, by_p],
                      [np.maximum(p / 100 * stats["first"] - rest, p / 100 * stats["first"]),
                       np.maximum(100 / dominance * stats["first"] - stats["abs"], p / 100 * stats["first"] - rest),
                       p / 100 * stats["first"] - rest], 0.0)
    return stats.assign(sensitive=few | dominant | by_p, protection=level,
                        rule=np.select([few, dominant, by_p], ["few", "dominance", "p_percent"], ""))


def attack_sums(table: pd.DataFrame, stats: pd.DataFrame, groups: list[str], column: str) -> pd.DataFrame:
    """Least and most of every withheld cell's sum, given every published mean and the exact numbers of contributors."""
    regions = table[["code", "niveau"]].drop_duplicates().reset_index(drop=True)
    index = {code: i for i, code in enumerate(regions["code"])}
    order = ["gemeente", "wijk", "buurt"]
    parents = np.array([index.get(parent_code(code, order[order.index(level) - 1]), -1) if level != "gemeente"
                        else -1 for code, level in zip(regions["code"], regions["niveau"])])
    categories = [[v for v in table[g].unique() if v != TOTAL] + [TOTAL] for g in groups]
    shape = (len(regions), *(len(c) for c in categories))
    merged = table.merge(stats, on=["code", "niveau", *groups], how="left")
    position = np.ravel_multi_index(
        (merged["code"].map(index).to_numpy(),
         *(pd.Index(c).get_indexer(merged[g]) for g, c in zip(groups, categories))), shape)
    hidden = (merged[f"{column}_status"] == "geheim").to_numpy()
    mean = pd.to_numeric(merged[column]).to_numpy(dtype=float, na_value=np.nan)
    n = merged["n"].fillna(0).to_numpy()
    bounds = [(0.0, None)] * int(np.prod(shape))
    for cell, secret, m, count in zip(position, hidden, mean, n):
        if not secret:
            bounds[cell] = ((m - 0.05) * count, (m + 0.05) * count) if count else (0.0, 0.0)
    matrix = relations(shape, parents)
    zero = np.zeros(matrix.shape[0])
    found = []
    for cell, secret, row in zip(position, hidden, merged.itertuples()):
        if not secret:
            continue
        objective = np.zeros(len(bounds))
        objective[cell] = 1
        low = linprog(objective, A_eq=matrix, b_eq=zero, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=matrix, b_eq=zero, bounds=bounds, method="highs")
        assert low.status == 0
        found.append({"code": row.code, **{g: getattr(row, g) for g in groups}, "least": low.fun,
                      "most": np.inf if high.status == 3 else -high.fun})
    return pd.DataFrame(found)


def test_every_cell_is_sensitive_exactly_where_the_rules_say(zzp):
    """The two largest incomes of every cell, margins and regions included, as pandas finds them."""
    persons, result, _ = zzp
    stats = rules(cell_statistics(persons, ["leeftijd", "geslacht"]))
    merged = result.frame.assign(why=result.reasons["inkomen"]).merge(
        stats, on=["code", "niveau", "leeftijd", "geslacht"])
    assert len(merged) == len(result.frame)
    primary = merged["why"].isin(["few", "dominance", "p_percent"])
    assert (primary == merged["sensitive"]).all()
    assert (merged.loc[primary, "why"] == merged.loc[primary, "rule"]).all()
    assert merged["sensitive"].sum() >= 4  # every cell holding one of the four millionaires is dominated


def test_no_withheld_income_comes_back_by_subtraction_from_what_is_published(zzp):
    """The issue's case: a withheld sum of 39.6 million came back as 39.6 million from the margins."""
    persons, result, _ = zzp
    stats = rules(cell_statistics(persons, ["leeftijd", "geslacht"]))
    attacked = attack_sums(result.frame, stats, ["leeftijd", "geslacht"], "inkomen")
    checked = attacked.merge(stats, on=["code", "leeftijd", "geslacht"])
    sensitive = checked[checked["sensitive"]]
    assert len(sensitive) >= 4
    assert (sensitive["least"] <= sensitive["sum"] - sensitive["protection"] + 1e-3).all()
    assert (sensitive["most"] >= sensitive["sum"] + sensitive["protection"] - 1e-3).all()
    # the attack is real: withhold only the sensitive cells, and some come back
    primary_only = result.frame.copy()
    why = result.reasons["inkomen"]
    secondary = why == "secondary"
    assert secondary.any()
    primary_only.loc[secondary, "inkomen_status"] = "ok"
    truth = primary_only.merge(stats, on=["code", "niveau", "leeftijd", "geslacht"])
    primary_only.loc[secondary, "inkomen"] = (truth.loc[secondary.to_numpy(), "sum"] /
                                              truth.loc[secondary.to_numpy(), "n"]).round(1).to_numpy()
    naive = attack_sums(primary_only, stats, ["leeftijd", "geslacht"], "inkomen").merge(
        stats, on=["code", "leeftijd", "geslacht"])
    naive = naive[naive["sensitive"]]
    narrow = (naive["most"] - naive["least"]) < 2 * naive["protection"] - 1e-3
    assert narrow.any()


def test_a_total_is_published_beside_the_mean_and_withheld_with_it(zzp):
    persons, _, folder = zzp
    result = aggregate_microdata(folder / "zzp.parquet", "buurt", groups=["leeftijd", "geslacht"],
                                 measures=["inkomen=mean:inkomen", "som=total:inkomen"])
    frame = result.frame
    assert (frame["som_status"] == frame["inkomen_status"]).all()
    gemeente = frame[(frame["niveau"] == "gemeente") & (frame["leeftijd"] == TOTAL) & (frame["geslacht"] == TOTAL)]
    if gemeente["som_status"].iat[0] == "ok":
        assert gemeente["som"].iat[0] == pytest.approx(round(persons["inkomen"].sum()))
    stats = rules(cell_statistics(persons, ["leeftijd", "geslacht"]))
    attacked = attack_sums(frame, stats, ["leeftijd", "geslacht"], "inkomen").merge(
        stats, on=["code", "leeftijd", "geslacht"])
    sensitive = attacked[attacked["sensitive"]]
    assert (sensitive["most"] - sensitive["least"] >= 2 * sensitive["protection"] - 1e-3).all()


def test_the_same_persons_give_the_same_bytes(zzp, tmp_path):
    _, first, folder = zzp
    again = aggregate_microdata(folder / "zzp.parquet", "buurt", groups=["leeftijd", "geslacht"],
                                measures=["inkomen=mean:inkomen"])
    one, two = write_aggregated(first, tmp_path / "een.csv"), write_aggregated(again, tmp_path / "twee.csv")
    assert one.read_bytes() == two.read_bytes()
    assert (tmp_path / "een_controle.csv").read_bytes() == (tmp_path / "twee_controle.csv").read_bytes()


def test_the_same_persons_in_another_order_give_the_same_bytes(zzp, tmp_path):
    """Row order is not information: a file sorted otherwise (another extract) gives the same table and audit."""
    persons, first, _ = zzp
    persons.assign(zzp=(persons.index % 3 == 0).astype(int)).to_parquet(tmp_path / "a.parquet")
    persons.assign(zzp=(persons.index % 3 == 0).astype(int)).sample(frac=1, random_state=3).to_parquet(
        tmp_path / "b.parquet")
    measures = ["inkomen=mean:inkomen", "som=total:inkomen", "zzp=sum:zzp", "pct=share:zzp"]
    written = [write_aggregated(aggregate_microdata(tmp_path / f"{name}.parquet", "buurt",
                                                    groups=["leeftijd", "geslacht"], measures=measures),
                                tmp_path / f"{name}.csv") for name in ("a", "b")]
    assert written[0].read_bytes() == written[1].read_bytes()
    assert (tmp_path / "a_controle.csv").read_bytes() == (tmp_path / "b_controle.csv").read_bytes()
    assert (tmp_path / "a_controle_samenvatting.csv").read_bytes() == \
        (tmp_path / "b_controle_samenvatting.csv").read_bytes()


@pytest.mark.slow
def test_a_wijk_dominated_by_one_income_keeps_the_gemeente_total(tmp_path):
    """One zzp'er of 8 million in a wijk's 45-66 men: that cell is dominated, the gemeente's is not.

    Its protection needs a move of millions, which no published mean can carry (a mean moves only
    within its rounding): the search took the gemeente's total with it. A sibling wijk withheld
    with its buurten costs less than the gemeente's total, which is the last to go.
    """
    rng = np.random.default_rng(0)
    rows = []
    for wijk, buurt in itertools.product(range(1, 6), (1, 2, 3)):
        code = f"BU0001{wijk:02d}{buurt:02d}"
        for age, sex in itertools.product(("15-26", "27-44", "45-66"), ("man", "vrouw")):
            rows += [(code, age, sex, float(rng.integers(20_000, 60_000))) for _ in range(int(rng.integers(8, 40)))]
    persons = pd.DataFrame(rows + [("BU00010201", "45-66", "man", 8e6)],
                           columns=["buurt", "leeftijd", "geslacht", "inkomen"])
    persons.to_parquet(tmp_path / "zzp.parquet")
    groups = ["leeftijd", "geslacht"]
    result = aggregate_microdata(tmp_path / "zzp.parquet", "buurt", groups=groups, measures=["inkomen=mean:inkomen"])
    frame = result.frame
    totals = frame[(frame[groups] == TOTAL).all(axis=1)]
    gemeente = totals[totals["niveau"] == "gemeente"]
    assert gemeente["inkomen_status"].tolist() == ["ok"]
    assert gemeente["inkomen"].iat[0] == pytest.approx(persons["inkomen"].mean(), abs=0.05)
    assert (totals.loc[totals["niveau"] == "wijk", "inkomen_status"] != "ok").sum() <= 2
    stats = rules(cell_statistics(persons, groups))
    assert stats.loc[(stats["code"] == "WK000102") & (stats["leeftijd"] == "45-66") & (stats["geslacht"] == "man"),
                     "sensitive"].all()
    attacked = attack_sums(frame, stats, groups, "inkomen").merge(stats, on=["code", *groups])
    sensitive = attacked[attacked["sensitive"]]
    assert (sensitive["least"] <= sensitive["sum"] - sensitive["protection"] + 1e-3).all()
    assert (sensitive["most"] >= sensitive["sum"] + sensitive["protection"] - 1e-3).all()
