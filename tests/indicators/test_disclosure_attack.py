"""Attack test: can anyone narrow a suppressed cell by combining everything published?

For each column and each gemeente the attacker sets up a linear programme over the true values of
every cell at every level: a published cell lies within half a rounding base of its published
value, a suppressed (or missing) cell is any number >= 0, and each shown parent equals the sum of
its shown children. Minimising and maximising each suppressed cell gives the tightest bounds the
published tables allow (LP relaxation of the integer problem: at least as wide as the integer
bounds). The attacker is not told that a primary cell is below the threshold (see the module
docstring of ``indicators.disclosure``). Every interval must be at least one rounding base wide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from geo.boundaries import read_boundaries
from geo.codes import LEVELS, parent_code
from indicators.disclosure import DisclosureSettings, protect, rule_for
from indicators.table import Table, build_table
from indicators.values import SECRET
from tests.conftest import DEMO_DATA

BIJSTAND = "personen_per_soort_uitkering_bijstand"  # rounding 10
INWONERS = "aantal_inwoners"  # rounding 5
DEMO_COLUMNS = (BIJSTAND, "personen_per_soort_uitkering_ww", "jongeren_met_jeugdzorg_in_natura", INWONERS)


# --- the attacker ---------------------------------------------------------------------------------


def _cells(tables: dict[str, Table], column: str):
    """(level, code) -> (published value or None, secret?) for one column over every level."""
    cells = {}
    for level in LEVELS:
        if level not in tables or column not in tables[level].status:
            continue
        table = tables[level]
        values = pd.to_numeric(table.data[column]).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        for code, value, state in zip(table.data["code"], values, table.status[column].astype(object)):
            cells[(level, code)] = (None if np.isnan(value) else value, state == SECRET)
    return cells


def _parent(cells, level: str, code: str):
    above = [lv for lv in LEVELS[: LEVELS.index(level)] if any(k[0] == lv for k in cells)]
    if not above:
        return None
    key = (above[-1], parent_code(code, above[-1]))
    return key if key in cells else None


def attack(tables: dict[str, Table], column: str, base: float) -> dict[tuple, tuple[float, float]]:
    """Bounds (min, max) an attacker finds for every secret cell of ``column``, by LP per gemeente.

    ``base`` is the rounding base: a published value ``p`` stands for a true value in
    ``[p - base/2, p + base/2]``; 0 for an attacker who knows every published cell exactly.
    """
    cells = _cells(tables, column)
    parents = {key: _parent(cells, *key) for key in cells}
    root = {}
    for key in cells:
        top = key
        while parents[top] is not None:
            top = parents[top]
        root.setdefault(top, []).append(key)
    bounds = {}
    for members in root.values():
        index = {key: i for i, key in enumerate(members)}
        box = []
        for key in members:
            value, _ = cells[key]
            box.append((0, None) if value is None else (max(0.0, value - base / 2), value + base / 2))
        rows = []
        for key in members:
            children = [k for k in members if parents[k] == key]
            if children:
                row = np.zeros(len(members))
                row[index[key]] = 1
                for child in children:
                    row[index[child]] = -1
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
            assert low.status == 0, f"{column}: the published figures are inconsistent around {key}: {low.message}"
            top = np.inf if high.status == 3 else -high.fun
            assert high.status in (0, 3), high.message
            bounds[key] = (low.fun, top)
    return bounds


def assert_safe(tables: dict[str, Table], columns, settings=DisclosureSettings()):
    """Every secret cell at least one rounding base wide; every published count >= its threshold."""
    checked = 0
    for column in columns:
        rule = rule_for(column, settings)
        for key, (low, high) in attack(tables, column, rule.rounding).items():
            assert high - low >= rule.rounding - 1e-6, f"{column} {key}: attacker bounds [{low}, {high}]"
            checked += 1
        for level, table in tables.items():
            if column in table.data:
                shown = pd.to_numeric(table.data[column]).dropna()
                assert (shown >= rule.min_count).all(), f"{column} at {level}: published below {rule.min_count}"
                assert (shown % rule.rounding == 0).all(), f"{column} at {level}: not rounded to {rule.rounding}"
    return checked


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
@pytest.mark.parametrize("case", SMALL_CELLS)
def test_safe_even_against_exact_figures(case, column):
    """Stronger than the brief: the attacker knows every published cell *unrounded*.

    This is what ``protect``'s headroom rule guarantees without counting on rounding at all.
    """
    truth = hierarchy(SMALL_CELLS[case], column)
    tables, _ = protect(truth)
    base = rule_for(column, DisclosureSettings()).rounding
    for key, (low, high) in attack(reveal(tables, truth, column), column, 0).items():
        assert high - low >= base - 1e-6, f"{key}: [{low}, {high}]"


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
    base = rule_for(column, settings).rounding
    for key, (low, high) in attack(reveal(tables, truth, column), column, 0).items():
        assert high - low >= base - 1e-6, f"{key}: [{low}, {high}] against exact figures"


# --- demo data ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_levels():
    path = DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"
    if not path.exists():
        pytest.skip(f"demo data not found at {path}")
    layers = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}
    return {level: read_boundaries(path, layer=layer).table for level, layer in layers.items()}


def test_demo_data_all_levels(demo_levels):
    tables, report = protect(demo_levels)
    assert report.secondary > 0  # CBS's own secret buurten left wijk totals open to differencing
    assert assert_safe(tables, DEMO_COLUMNS) > 0


@pytest.mark.parametrize("min_count", [15, 25])
def test_demo_data_raised_threshold(demo_levels, min_count):
    settings = DisclosureSettings(min_count=min_count)
    tables, report = protect(demo_levels, settings)
    assert report.primary > 0
    assert_safe(tables, DEMO_COLUMNS, settings)
