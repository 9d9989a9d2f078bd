"""Attack test: can anyone narrow a suppressed cell by combining everything published?

For each column and each gemeente the attacker sets up a linear programme over the true values of
every cell at every level: a published cell lies within half a rounding base of its published
value, a suppressed (or missing) cell is any number >= 0, and each shown parent equals the sum of
its shown children. Minimising and maximising each suppressed cell gives the tightest bounds the
published tables allow (LP relaxation of the integer problem: at least as wide as the integer
bounds). The attacker is not told that a primary cell is below the threshold (see the module
docstring of ``indicators.privacy.disclosure``). Every interval must be at least one rounding base wide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from geo.boundaries import read_boundaries
from indicators.core.codes import LEVELS, parent_code
from indicators.core.registry import load_registry, load_sums
from indicators.core.table import Table, build_table
from indicators.core.values import SECRET
from indicators.privacy.disclosure import DisclosureSettings, protect, rule_for
from tests.conftest import DEMO_DATA

BIJSTAND = "personen_per_soort_uitkering_bijstand"  # rounding 10
INWONERS = "aantal_inwoners"  # rounding 5
AGES = ("personen_0_tot_15_jaar", "personen_15_tot_25_jaar", "personen_25_tot_45_jaar",
        "personen_45_tot_65_jaar", "personen_65_jaar_en_ouder")
DEMO_COLUMNS = (BIJSTAND, "personen_per_soort_uitkering_ww", "jongeren_met_jeugdzorg_in_natura", INWONERS,
                "mannen", "vrouwen", *AGES)


# --- the attacker ---------------------------------------------------------------------------------


def _cells(tables: dict[str, Table], columns) -> dict:
    """(level, code, column) -> (published value or None, secret?) over every level."""
    cells = {}
    for level in LEVELS:
        if level not in tables:
            continue
        table = tables[level]
        for column in columns:
            if column not in table.status:
                continue
            values = pd.to_numeric(table.data[column]).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            for code, value, state in zip(table.data["code"], values, table.status[column].astype(object)):
                cells[(level, code, column)] = (None if np.isnan(value) else value, state == SECRET)
    return cells


def _parent(cells, level: str, code: str, column: str):
    above = [lv for lv in LEVELS[: LEVELS.index(level)] if any(k[0] == lv and k[2] == column for k in cells)]
    if not above:
        return None
    key = (above[-1], parent_code(code, above[-1]), column)
    return key if key in cells else None


def _sums(columns) -> list[tuple[str, ...]]:
    """The registry's sums as column names, (total, *parts), where every column is attacked."""
    registry = load_registry()
    found = []
    for entry in load_sums():
        names = [next((c for c in columns if registry[i].matches(c)), None) for i in (entry.total, *entry.parts)]
        if all(names):
            found.append(tuple(names))
    return found


def attack(tables: dict[str, Table], columns, slack: dict[str, float]) -> dict[tuple, tuple[float, float]]:
    """Bounds (min, max) an attacker finds for every secret cell of ``columns``, by LP per gemeente.

    The equations are every shown parent = the sum of its shown children, per column, and every
    registry sum (inwoners = mannen + vrouwen) per district. ``slack`` is column -> rounding base:
    a published value ``p`` stands for a true value in ``[p - base/2, p + base/2]``; 0 for an
    attacker who knows every published cell exactly.
    """
    columns = [columns] if isinstance(columns, str) else list(columns)
    cells = _cells(tables, columns)
    parents = {key: _parent(cells, *key) for key in cells}
    groups = {}
    for key in cells:
        top = key
        while parents[top] is not None:
            top = parents[top]
        groups.setdefault(top[:2], []).append(key)
    components = _components(groups)
    sums = _sums(columns)
    bounds = {}
    for members in components:
        index = {key: i for i, key in enumerate(members)}
        box = []
        for key in members:
            value, _ = cells[key]
            half = (slack[key[2]] if isinstance(slack, dict) else slack) / 2
            box.append((0, None) if value is None else (max(0.0, value - half), value + half))
        rows = []
        for key in members:
            children = [k for k in members if parents[k] == key]
            if children:
                row = np.zeros(len(members))
                row[index[key]] = 1
                for child in children:
                    row[index[child]] = -1
                rows.append(row)
        for total, *parts in sums:
            for level, code, column in members:
                if column != total or any((level, code, part) not in index for part in parts):
                    continue
                row = np.zeros(len(members))
                row[index[(level, code, total)]] = 1
                for part in parts:
                    row[index[(level, code, part)]] = -1
                rows.append(row)
        a_eq = np.array(rows) if rows else None
        b_eq = np.zeros(len(rows)) if rows else None
        for key in members:
            if not cells[key][1]:
                continue
            c = np.zeros(len(members))
            c[index[key]] = 1
            low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=box, method="highs")
            high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=box, method="highs")
            assert low.status == 0, f"the published figures are inconsistent around {key}: {low.message}"
            top = np.inf if high.status == 3 else -high.fun
            assert high.status in (0, 3), high.message
            bounds[key] = (low.fun, top)
    return bounds


def _components(groups: dict) -> list[list[tuple]]:
    """Trees that share a district form one LP: a sum ties the columns of a district together."""
    by_region = {}
    for members in groups.values():
        for key in members:
            by_region.setdefault(key[:2], set()).update(members)
    seen, components = set(), []
    for region in sorted(by_region):
        if region in seen:
            continue
        todo, members = [region], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            members |= by_region[current]
            todo.extend(key[:2] for key in by_region[current] if key[:2] not in seen)
        components.append(sorted(members))
    return components


def assert_safe(tables: dict[str, Table], columns, settings=DisclosureSettings()):
    """Every secret cell at least one rounding base wide; every published count >= its threshold."""
    rules = {column: rule_for(column, settings) for column in columns}
    checked = 0
    for (level, code, column), (low, high) in attack(tables, columns, _bases(rules)).items():
        base = rules[column].rounding
        assert high - low >= base - 1e-6, f"{column} {level} {code}: attacker bounds [{low}, {high}]"
        checked += 1
    for column, rule in rules.items():
        for level, table in tables.items():
            if column in table.data:
                shown = pd.to_numeric(table.data[column]).dropna()
                assert (shown >= rule.min_count).all(), f"{column} at {level}: published below {rule.min_count}"
                assert (shown % rule.rounding == 0).all(), f"{column} at {level}: not rounded to {rule.rounding}"
    return checked


def _bases(rules) -> dict[str, float]:
    return {column: rule.rounding for column, rule in rules.items()}


# --- hand-made hierarchies ------------------------------------------------------------------------


def hierarchy(buurten: dict[str, list[int]], column: str = BIJSTAND, gemeente: str = "GM0001"):
    """Tables of one gemeente whose wijk and gemeente totals are the exact sums of the buurten."""
    number = gemeente[2:]
    rows = {"buurt": [], "wijk": [], "gemeente": []}
    for w, (wijk, values) in enumerate(buurten.items(), start=1):
        wijk_code = f"WK{number}{w:02d}"
        for b, value in enumerate(values, start=1):
            rows["buurt"].append({"code": f"BU{number}{w:02d}{b:02d}", "naam": f"{wijk} {b}", column: value})
        rows["wijk"].append({"code": wijk_code, "naam": wijk, column: sum(values)})
    total = sum(sum(values) for values in buurten.values())
    rows["gemeente"].append({"code": gemeente, "naam": "Testgemeente", column: total})
    return {level: _table(pd.DataFrame(rows[level])) for level in LEVELS}


def _table(frame: pd.DataFrame) -> Table:
    table = build_table(frame, labels=["code", "naam"])
    table.code_column, table.name_column = "code", "naam"
    return table


SMALL_CELLS = {
    "one small buurt": {"Noord": [3, 40, 55, 70], "Zuid": [60, 80, 35], "Oost": [45, 50, 65, 90, 25]},
    "two small buurten": {"Noord": [3, 6, 55, 70], "Zuid": [60, 80, 35], "Oost": [45, 50, 65]},
    "three small buurten": {"Noord": [3, 6, 0, 70, 120], "Zuid": [60, 80, 35], "Oost": [45, 50, 65]},
    "all buurten of a wijk small": {"Noord": [3, 6, 2], "Zuid": [60, 80, 35], "Oost": [45, 50, 65]},
    "small wijk next to big ones": {"Noord": [1, 2], "Zuid": [600, 800, 350], "Oost": [45, 50, 65]},
    "single-buurt wijk that is small": {"Noord": [4], "Zuid": [60, 80, 35], "Oost": [45, 50, 65]},
    "single-buurt wijk, big": {"Noord": [400], "Zuid": [60, 8, 35], "Oost": [45, 50, 65]},
    "zeros everywhere but one": {"Noord": [0, 0, 0], "Zuid": [0, 0, 95], "Oost": [0, 0]},
    "two wijken with one small buurt": {"Noord": [3, 40, 55], "Zuid": [60, 7, 35], "Oost": [45, 50, 65]},
}


@pytest.mark.parametrize("column", [BIJSTAND, INWONERS])
@pytest.mark.parametrize("case", SMALL_CELLS)
def test_no_suppressed_cell_can_be_narrowed(case, column):
    tables, report = protect(hierarchy(SMALL_CELLS[case], column))
    assert report.primary >= 1
    assert assert_safe(tables, [column]) == report.primary + report.secondary


def reveal(protected: dict[str, Table], truth: dict[str, Table], column: str) -> dict[str, Table]:
    """The suppression pattern of ``protected`` over the unrounded true values of ``truth``."""
    revealed = {}
    for level, table in protected.items():
        data = truth[level].data.copy()
        secret = (table.status[column] == SECRET).to_numpy(dtype=bool)
        data[column] = data[column].astype("Float64").mask(secret)
        revealed[level] = Table(data=data, status=table.status, columns=table.columns)
    return revealed


@pytest.mark.parametrize("column", [BIJSTAND, INWONERS])
def test_the_rounding_is_what_protects(column):
    """No cell is withheld beyond the small ones: an attacker who knew the published cells *unrounded* could
    narrow them, the real one (who sees the rounded figures) cannot. The rounding is relied on, as CBS does."""
    truth = hierarchy(SMALL_CELLS["one small buurt"], column)
    tables, report = protect(truth)
    assert (report.primary, report.secondary) == (1, 0)
    assert assert_safe(tables, [column]) == 1
    exact = attack(reveal(tables, truth, column), column, 0)
    assert any(high - low < rule_for(column, DisclosureSettings()).rounding for low, high in exact.values())


@pytest.mark.parametrize("case", ["one small buurt", "single-buurt wijk that is small"])
def test_attack_finds_a_lone_suppressed_cell(case):
    """The attack is real: with primary suppression only, a lone secret buurt is pinned down exactly."""
    truth = hierarchy(SMALL_CELLS[case])
    primary_only = {level: protect({level: truth[level]})[0][level] for level in LEVELS}
    bounds = attack(reveal(primary_only, truth, BIJSTAND), BIJSTAND, 0)
    assert bounds
    assert all(high - low == pytest.approx(0, abs=1e-6) for low, high in bounds.values())


@pytest.mark.parametrize("levels", [("wijk", "buurt"), ("gemeente", "buurt"), ("gemeente", "wijk")])
def test_any_pair_of_levels(levels):
    full = hierarchy(SMALL_CELLS["three small buurten"])
    tables, _ = protect({level: full[level] for level in levels})
    assert_safe(tables, [BIJSTAND])


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(60))
def test_random_hierarchies(seed):
    rng = np.random.default_rng(seed)
    buurten = {}
    for w in range(rng.integers(1, 5)):
        size = int(rng.integers(1, 6))
        small = rng.random(size) < 0.35
        buurten[f"W{w}"] = [int(v) for v in np.where(small, rng.integers(0, 10, size), rng.integers(10, 200, size))]
    column = [BIJSTAND, INWONERS][seed % 2]
    settings = DisclosureSettings(min_count=[None, 15, 5][seed % 3])
    truth = hierarchy(buurten, column)
    tables, _ = protect(truth, settings)
    assert_safe(tables, [column], settings)


# --- demo data ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_levels():
    path = DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"
    if not path.exists():
        pytest.skip(f"demo data not found at {path}")
    layers = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}
    return {level: read_boundaries(path, layer=layer).table for level, layer in layers.items()}


@pytest.mark.slow
def test_demo_data_all_levels(demo_levels):
    tables, report = protect(demo_levels)
    assert report.secondary > 0  # CBS's own secret buurten left wijk totals open to differencing
    assert assert_safe(tables, DEMO_COLUMNS) > 0


@pytest.mark.slow
@pytest.mark.parametrize("min_count", [15, 25])
def test_demo_data_raised_threshold(demo_levels, min_count):
    settings = DisclosureSettings(min_count=min_count)
    tables, report = protect(demo_levels, settings)
    assert report.primary > 0
    assert_safe(tables, DEMO_COLUMNS, settings)


# --- sums across columns: inwoners = mannen + vrouwen = the five age groups -----------------------


def population(buurten: dict[str, list[tuple[int, ...]]], parts=("mannen", "vrouwen"), gemeente="GM0001"):
    """Tables of one gemeente: per buurt the parts, inwoners their sum, wijk and gemeente the sums."""
    number = gemeente[2:]
    rows = {"buurt": [], "wijk": [], "gemeente": []}
    totals = np.zeros(len(parts), dtype=int)
    for w, (wijk, values) in enumerate(buurten.items(), start=1):
        in_wijk = np.zeros(len(parts), dtype=int)
        for b, counts in enumerate(values, start=1):
            rows["buurt"].append({"code": f"BU{number}{w:02d}{b:02d}", **_figures(parts, counts)})
            in_wijk += counts
        rows["wijk"].append({"code": f"WK{number}{w:02d}", **_figures(parts, in_wijk)})
        totals += in_wijk
    rows["gemeente"].append({"code": gemeente, **_figures(parts, totals)})
    return {level: _table(pd.DataFrame(rows[level]).assign(naam="x")) for level in LEVELS}


def _figures(parts, counts) -> dict:
    return {INWONERS: int(sum(counts)), **{part: int(n) for part, n in zip(parts, counts)}}


SMALL_PARTS = {
    "one small part": {"Noord": [(4, 100), (60, 70), (80, 90)], "Zuid": [(50, 50), (40, 45)]},
    "a small part in two wijken": {"Noord": [(4, 100), (60, 70)], "Zuid": [(50, 50), (40, 6)]},
    "a tiny buurt": {"Noord": [(3, 2), (60, 70), (80, 90)], "Zuid": [(50, 50), (40, 45)]},
    "both parts small in one buurt, one in another": {"Noord": [(3, 2), (5, 70), (80, 90)], "Zuid": [(50, 50)]},
    "single-buurt wijk with a small part": {"Noord": [(7, 300)], "Zuid": [(50, 50), (40, 45)]},
}


@pytest.mark.parametrize("case", SMALL_PARTS)
def test_no_part_of_a_sum_can_be_narrowed(case):
    tables, report = protect(population(SMALL_PARTS[case]))
    assert report.primary >= 1
    assert assert_safe(tables, [INWONERS, "mannen", "vrouwen"]) == report.primary + report.secondary


def test_attack_uses_the_sum_across_columns():
    """The attack is real: publish the vrouwen cell the sum closure withheld, and mannen is pinned."""
    truth = population(SMALL_PARTS["one small part"])
    tables, report = protect(truth)
    assert report.by_column["vrouwen"][1] >= 1
    leaky = reveal(tables, truth, "mannen")
    for level, table in leaky.items():
        table.data["vrouwen"] = truth[level].data["vrouwen"]
        table.status["vrouwen"] = truth[level].status["vrouwen"]
        table.data[INWONERS] = truth[level].data[INWONERS]
    bounds = attack(leaky, [INWONERS, "mannen", "vrouwen"], 0)
    assert bounds[("buurt", "BU00010101", "mannen")] == (pytest.approx(4), pytest.approx(4))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(40))
def test_random_sums(seed):
    rng = np.random.default_rng(1000 + seed)
    parts = ("mannen", "vrouwen") if seed % 2 else AGES
    buurten = {}
    for w in range(rng.integers(1, 4)):
        size = int(rng.integers(1, 5))
        buurten[f"W{w}"] = [
            tuple(int(v) for v in np.where(rng.random(len(parts)) < 0.3, rng.integers(0, 10, len(parts)),
                                           rng.integers(10, 300, len(parts))))
            for _ in range(size)
        ]
    settings = DisclosureSettings(min_count=[None, 15][seed % 3 == 0])
    tables, _ = protect(population(buurten, parts), settings)
    assert_safe(tables, [INWONERS, *parts], settings)
