"""The output checker's audit: every withheld cell of a table with its reason, and an exact attack on tables.

Both are for CBS's output checkers, inside the secure environment:

- ``audit_of`` lists every withheld cell of a table ``aggregate`` made, with the reason (below the
  threshold, group disclosure, secondary, with its base, too few amounts, dominance, p%), the rule's
  settings and, for a sensitive amount, its protection level (how far its sum must stay uncertain
  on either side, in the amount's unit), and sums up the loss per column: cells withheld, and
  persons in withheld cells of the finest level. ``write_aggregated`` writes it beside every table
  (``<table>_controle.csv``, and a sheet in the XLSX). It holds true counts, so it stays inside:
  it is for the checker, not for release.
- ``attack`` re-checks published long tables of the same persons, as a reader outside would:
  knowing every relation (the hierarchy gemeente > wijk > buurt and every group margin ``Totaal``),
  the tables' shared cells, that counts are >= 0, and each published count to within half its
  rounding base. For every withheld count it finds the least and the most it can be, by linear
  programming (HiGHS, ``indicators.privacy.attack``), and names every cell whose range is narrower
  than its rounding base. Relations never cross a gemeente, so each gemeente is solved on its own.
- ``attack_amounts`` does the same for an amount (a mean or total of income, turnover) of one
  table, with the microdata's cell statistics (``aggregate.amount_statistics``): the reader knows
  each published mean to within its rounding times the exact number of contributors (the strongest
  reader, as ``indicators.privacy.magnitude`` assumes), and every cell that the magnitude rules
  call sensitive must keep its sum uncertain by its protection level on either side.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core.codes import LEVELS, parent_code
from indicators.core.words import t
from indicators.io.readers import read_table
from indicators.microdata.longtable import TOTAL, LongTable, read_long_table, status_column
from indicators.privacy import attack as lp
from indicators.privacy.disclosure import below_threshold
from indicators.privacy.magnitude import (
    DEFAULT_DOMINANCE,
    DEFAULT_P,
    MEAN_DECIMALS,
    known_sums,
    sensitive_cells,
)
from indicators.privacy.withheld import REASONS


@dataclass(frozen=True)
class Narrow:
    """A withheld count an attacker narrows below its protection."""

    table: str
    column: str
    code: str
    groups: dict
    low: float
    high: float
    needed: float
    amount: bool = False  # a sum of amounts: ``needed`` is its protection level on either side of the true sum
    published: bool = False  # a count published against the rules: ``low`` is its value, ``needed`` the threshold

    def line(self) -> str:
        """One line for the command line."""
        where = ", ".join(f"{group}={value}" for group, value in self.groups.items()) or "Totaal"
        if self.published:
            return (f"{self.table}: {self.column} of {self.code} ({where}) is published as {self.low:g}: below the "
                    f"threshold {self.needed:g}, or not rounded to {self.high:g}")
        if self.amount:
            return (f"{self.table}: the sum of {self.column} of {self.code} ({where}) lies in "
                    f"[{self.low:,.0f}, {self.high:,.0f}], less than its protection {np.ceil(self.needed):,.0f} "
                    "from the true sum on a side")
        return (f"{self.table}: {self.column} of {self.code} ({where}) lies in [{self.low:g}, {self.high:g}], "
                f"narrower than {self.needed:g}")


# --- what was withheld, and why -------------------------------------------------------------------


def audit_paths(path) -> tuple[Path, Path]:
    """Where a table's audit goes: ``NAME_controle.csv`` (the cells) and ``NAME_controle_samenvatting.csv``."""
    path = Path(path)
    return path.with_name(f"{path.stem}_controle.csv"), path.with_name(f"{path.stem}_controle_samenvatting.csv")


def audit_of(result, lang: str = "nl") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every withheld cell with its reason and rule, and the loss per column, of an ``aggregate`` result.

    Returns
    -------
    (cells, summary)
        ``cells``: code, niveau, the groups, column, reason and rule, one row per withheld cell.
        ``summary``: per column the cells, the cells withheld by reason, their share, and the persons
        in withheld cells of the finest level (cells of no margin); a first row for the whole table.
    """
    frame, reasons, report = result.frame, result.reasons, result.report
    labels = ["code", "niveau", *result.groups]
    rows, names = [], None
    for column in result.figures:
        why = reasons[column]
        withheld = frame.loc[why != "", labels].copy()
        withheld[t("audit_column", lang)] = column
        withheld[t("audit_reason", lang)] = why[why != ""].map({r: t(f"audit_reason_{r}", lang) for r in REASONS})
        withheld[t("audit_rule", lang)] = rule_words(column, report, lang)
        if result.protects is not None:  # a secondary cell: the cell it keeps from being recovered
            rows_protected = result.protects.loc[why != "", column].to_numpy()
            if names is None:
                names = _cell_names(frame, result.groups)
            withheld[t("audit_protects", lang)] = np.where(rows_protected >= 0, names[np.maximum(rows_protected, 0)],
                                                           "")
        if result.protection is not None and column in result.protection:  # an amount: its sum's protection
            level = np.ceil(result.protection.loc[why != "", column].to_numpy(dtype=float))
            withheld[t("audit_protection", lang)] = pd.array(np.where(level > 0, level, np.nan), dtype="Float64")
        rows.append(withheld)
    cells = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=labels)
    summary = [{t("audit_column", lang): t("audit_table", lang), t("audit_cells", lang): len(frame),
                t("audit_persons", lang): int(report.used)}]
    for column in result.figures:
        why = reasons[column].to_numpy()
        line = {t("audit_column", lang): column, t("audit_cells", lang): len(frame),
                t("audit_rounding", lang): report.rounding.get(column),
                t("audit_withheld", lang): int((why != "").sum())}
        line.update({t(f"audit_reason_{reason}", lang): int((why == reason).sum()) for reason in REASONS})
        line[t("audit_share", lang)] = round(100 * (why != "").mean(), 1) if len(why) else 0.0
        line[t("audit_persons", lang)] = report.loss[column].persons
        summary.append(line)
    return cells, pd.DataFrame(summary)


def _cell_names(frame: pd.DataFrame, groups: list[str]) -> np.ndarray:
    """Every cell of the table as the checker finds it: its code and, after it, each group's value."""
    names = frame["code"].astype(str).to_numpy(dtype=object)
    if not groups:
        return names
    inside = frame[groups[0]].astype(str).radd(f"{groups[0]}=")
    for group in groups[1:]:
        inside = inside + f", {group}=" + frame[group].astype(str)
    return names + " (" + inside.to_numpy(dtype=object) + ")"


def rule_words(column: str, report, lang: str = "nl") -> str:
    """The rule's settings for a column, in words: threshold, rounding, dominance, p%."""
    base = report.rounding.get(column)
    words = t("audit_rule_count", lang, min=report.min_count, base=base) if base else \
        t("audit_rule_derived", lang, min=report.min_count, dominance=f"{report.dominance:g}", p=f"{report.p:g}")
    return words


# --- the attack -----------------------------------------------------------------------------------


def count_columns(table: LongTable) -> list[str]:
    """The figures of a long table that are counts: a status beside them, and only whole numbers published."""
    found = []
    for column in table.columns:
        if str(column).endswith("_status") or status_column(column) not in table.frame:
            continue
        values, hidden = table.counts(column)
        shown = values[~hidden]
        if len(shown) and np.all(np.abs(shown - np.round(shown)) < 1e-9):
            found.append(column)
    return found


def rounding_beside(path) -> dict[str, int]:
    """The rounding base of each count column, from the audit summary ``aggregate`` wrote beside a table."""
    summary = audit_paths(path)[1]
    if not summary.is_file():
        return {}
    table = read_table(summary)
    found = {}
    for lang in ("nl", "en"):
        column, rounding = t("audit_column", lang), t("audit_rounding", lang)
        if column in table.data and rounding in table.data:
            found.update({str(name): int(base) for name, base in zip(table.data[column], table.data[rounding])
                          if pd.notna(base)})
    return found


def attack(sources, base: int = 5, columns=None, bases: dict | None = None) -> tuple[list[Narrow], int]:
    """Every withheld count of the tables an attacker narrows below its rounding base, and how many were tried.

    Parameters
    ----------
    sources : sequence of str, Path, LongTable or DataFrame
        Long tables of the same persons (what ``aggregate`` writes, in any format it writes).
    base : int
        Rounding base of the published counts (5 for persons).
    columns : sequence of str, optional
        The counts to check; by default every count column (``count_columns``).
    bases : dict, optional
        Column -> rounding base, where a column's differs (``bijstand``: 10).
    """
    tables = [(_label(source), read_long_table(source)) for source in sources]
    wanted = columns or list(dict.fromkeys(c for _, table in tables for c in count_columns(table)))
    found, tried = [], 0
    for column in wanted:
        cells = _cells(tables, column)
        if not len(cells):
            continue
        step = (bases or {}).get(column, base)
        for _, block in cells.groupby("gemeente", sort=True):
            narrow, count = _attack_block(block, step, column)
            found += narrow
            tried += count
    return found, tried


def published_against_the_rules(sources, min_count: int, base: int = 5, columns=None,
                                bases: dict | None = None) -> list[Narrow]:
    """Every count a table publishes that the rules withhold: from 1 to below ``min_count``, or not rounded.

    A count of persons is published as 0 (nobody) or rounded to its base and at least the
    threshold; anything else is a cell someone published by hand (or a table not protected at all).
    """
    found = []
    for source in sources:
        table = read_long_table(source)
        groups = table.groups()
        for column in columns or count_columns(table):
            if column not in table.frame:
                continue
            step = (bases or {}).get(column, base)
            values, hidden = table.counts(column)
            unrounded = np.abs(values / step - np.round(values / step)) > 1e-9
            wrong = ~hidden & (below_threshold(values, min_count) | unrounded)
            for row in np.flatnonzero(wrong):
                record = table.frame.iloc[row]
                found.append(Narrow(_label(source), column, str(record["code"]),
                                    {g: str(record[g]) for g in groups if str(record[g]) != TOTAL},
                                    float(values[row]), float(step), float(min_count), published=True))
    return found


def _label(source) -> str:
    """A table's name in findings: its file's name, or the name it was read under ("table" for a frame)."""
    if isinstance(source, LongTable):
        return source.label
    name = getattr(source, "name", None)
    return str(name) if name else "table" if isinstance(source, pd.DataFrame) else str(source)


def _cells(tables, column: str) -> pd.DataFrame:
    """Every cell of ``column`` in the tables: its key (region and groups), its value and where it is hidden."""
    rows = []
    for number, (name, table) in enumerate(tables):
        if column not in table.frame:
            continue
        values, hidden = table.counts(column)
        frame = table.frame
        groups = table.groups()
        keys = frame[groups].astype("string").fillna("") if groups else pd.DataFrame(index=frame.index)
        for i in range(len(frame)):
            key = tuple(sorted((group, keys.iat[i, j]) for j, group in enumerate(groups) if keys.iat[i, j] != TOTAL))
            code = str(frame["code"].iat[i])
            rows.append({"table": number, "name": name, "code": code, "level": str(frame["niveau"].iat[i])
                         if "niveau" in frame else "", "key": key, "value": values[i], "hidden": bool(hidden[i]),
                         "gemeente": parent_code(code, "gemeente") or code, "groups": tuple(groups)})
    return pd.DataFrame(rows)


def _attack_block(cells: pd.DataFrame, base: int, column: str) -> tuple[list[Narrow], int]:
    """The LP attack on one gemeente's cells of one column: each withheld cell's least and most value."""
    import scipy.sparse as sparse

    variables = {}
    for code, key in zip(cells["code"], cells["key"]):
        variables.setdefault((code, key), len(variables))
    low = np.zeros(len(variables))
    high = np.full(len(variables), np.inf)
    hidden_everywhere = np.ones(len(variables), dtype=bool)
    for code, key, value, hidden in zip(cells["code"], cells["key"], cells["value"], cells["hidden"]):
        index = variables[(code, key)]
        if not hidden:  # published: within half a base of its true value (0 is exact: a cell of nobody)
            low[index] = max(low[index], value - base / 2 if value else 0.0)
            high[index] = min(high[index], value + base / 2 if value else 0.0)
            hidden_everywhere[index] = False
    rows, columns, signs = [], [], []

    def relation(total, parts):
        rows.append(len(rows))
        columns.append([total, *parts])
        signs.append([1.0] + [-1.0] * len(parts))

    regions = dict(zip(cells["code"], cells["level"]))  # every region any table publishes, with its level
    present = [level for level in LEVELS if level in set(regions.values())]
    keys = set(cells["key"])
    below: dict[str, list[str]] = {}
    for upper, lower in zip(present, present[1:]):  # a region is the sum of the regions one level below it
        for code in (c for c, level in regions.items() if level == lower):
            below.setdefault(parent_code(code, upper), []).append(code)
    for key in keys:  # over the tables together: a wijk in one table is the sum of its buurten in another
        for code, children in below.items():
            if (code, key) in variables and all((child, key) in variables for child in children):
                relation(variables[(code, key)], [variables[(child, key)] for child in children])
    for _, table in cells.groupby("table", sort=False):  # each table's margins: Totaal is the sum of its values
        for group in table["groups"].iat[0]:
            for code in set(table["code"]):
                lines: dict[tuple, list[int]] = {}
                for key in set(table["key"]):
                    rest = tuple(item for item in key if item[0] != group)
                    if any(item[0] == group for item in key) and (code, key) in variables:
                        lines.setdefault(rest, []).append(variables[(code, key)])
                for rest, parts in lines.items():
                    if (code, rest) in variables:
                        relation(variables[(code, rest)], parts)
    matrix = None  # no relations: every cell stands alone
    if rows:
        index = np.repeat(np.arange(len(rows)), [len(c) for c in columns])
        matrix = sparse.csr_matrix((np.concatenate(signs), (index, np.concatenate(columns))),
                                   shape=(len(rows), len(variables)))
    withheld = np.flatnonzero(hidden_everywhere)
    least, most = lp.extremes(matrix, low, high, withheld)
    narrow = []
    names = {index: key for key, index in variables.items()}
    first = cells.drop_duplicates(["code", "key"]).set_index(["code", "key"])["name"]
    safe = lp.uncertain_enough(least, most, np.zeros(len(withheld)), np.full(len(withheld), float(base)))
    for index, low_end, high_end in zip(withheld[~safe].tolist(), least[~safe], most[~safe]):
        code, key = names[index]
        narrow.append(Narrow(str(first[(code, key)]), column, code, dict(key), round(low_end, 6), round(high_end, 6),
                             base))
    return narrow, int(hidden_everywhere.sum())


def attack_amounts(source, statistics: pd.DataFrame, name: str, kind: str = "mean", min_count: int = 10,
                   dominance: float = DEFAULT_DOMINANCE, p: float = DEFAULT_P) -> tuple[list[Narrow], int]:
    """Every sensitive sum of an amount in a published table that a reader narrows below its protection level.

    Parameters
    ----------
    source : str, Path, LongTable or DataFrame
        A long table as ``aggregate`` writes it, with the amount's column ``name``.
    statistics : pandas.DataFrame
        The cells' contributors, sums and largest amounts, from the microdata
        (``indicators.microdata.aggregate.amount_statistics``, same groups and levels).
    kind : str
        ``mean`` (published to 1 decimal) or ``total`` (whole units).
    min_count, dominance, p : the magnitude rules' settings (``indicators.privacy.magnitude``).

    Returns
    -------
    (narrow, tried)
        The sensitive cells a reader gets too close to (a sensitive cell published counts, with its
        published value as its range), and how many sensitive cells there are.
    """
    table = read_long_table(source)
    frame, groups = table.frame, table.groups()
    if name not in frame:
        raise ValueError(f"the table has no column {name!r}; columns: {', '.join(map(str, frame.columns))}")
    values, hidden = table.counts(name)
    persons = table.counts("aantal")[0] if "aantal" in frame else np.full(len(frame), np.nan)
    keys = ["code", *groups]
    published = frame[keys].astype("string").assign(value=values, hidden=hidden, empty=persons == 0)
    cells = statistics.astype({key: "string" for key in keys}).merge(published, on=keys, how="left")
    cells["hidden"] = cells["hidden"].fillna(True).astype(bool)  # not in the table: unknown to the reader

    regions = cells[["code", "niveau"]].drop_duplicates().reset_index(drop=True)
    index = {code: i for i, code in enumerate(regions["code"])}
    present = [level for level in LEVELS if level in set(regions["niveau"])]
    parents = [index.get(parent_code(code, present[present.index(level) - 1]), -1) if present.index(level) else -1
               for code, level in zip(regions["code"], regions["niveau"])]
    categories = [[v for v in cells[g].unique() if v != TOTAL] + [TOTAL] for g in groups]
    shape = (len(regions), *(len(c) for c in categories))
    position = (cells["code"].map(index).to_numpy(), *(pd.Index(c).get_indexer(cells[g])
                                                        for g, c in zip(groups, categories)))
    arrays = {}
    for column in ("n", "sum", "abs", "first", "second", "value"):
        arrays[column] = np.zeros(shape)
        arrays[column][position] = cells[column].to_numpy(dtype=float, na_value=np.nan)
    secret = np.ones(shape, dtype=bool)
    secret[position] = cells["hidden"].to_numpy()
    empty = np.zeros(shape, dtype=bool)  # a published count of 0: the reader knows the sum is 0
    empty[position] = cells["empty"].fillna(False).astype(bool).to_numpy()
    n, value = arrays["n"], arrays["value"]
    _check_named(name, kind, value, arrays["sum"], n, ~secret & (n > 0))
    low, high = known_sums(n, total=value) if kind == "total" else known_sums(n, mean=value)
    sensitivity = sensitive_cells(n, arrays["abs"], arrays["first"], arrays["second"], min_count, dominance, p)
    sensitive = np.flatnonzero(sensitivity.cells.ravel())
    withheld = sensitive[secret.ravel()[sensitive]]
    least, most = lp.ranges(arrays["sum"], parents, secret, low, high, withheld,
                                nonnegative=bool(cells["nonnegative"].all()), empty=empty)
    ranges = dict(zip(withheld.tolist(), zip(least, most)))
    narrow = []
    for cell in sensitive.tolist():
        truth, level = arrays["sum"].ravel()[cell], sensitivity.protection.ravel()[cell]
        low_end, high_end = ranges.get(cell, (low.ravel()[cell], high.ravel()[cell]))  # published: its own range
        if not lp.uncertain_enough(low_end, high_end, truth, level, two_sided=True):
            where = np.unravel_index(cell, shape)
            narrow.append(Narrow(_label(source), name, str(regions["code"].iat[where[0]]),
                                 {g: categories[i][where[i + 1]] for i, g in enumerate(groups)
                                  if categories[i][where[i + 1]] != TOTAL},
                                 round(float(low_end), 2), round(float(high_end), 2), round(float(level), 2),
                                 amount=True))
    return narrow, len(sensitive)


def _check_named(name: str, kind: str, published: np.ndarray, sums: np.ndarray, n: np.ndarray, shown: np.ndarray):
    """Refuse an amount whose published cells are not the microdata's mean (or total) of the column named.

    A wrong column or kind (a flag, the count, a total named as a mean) would make the attack check
    other numbers than the table publishes, and call a leaking table safe.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.round(sums / n, MEAN_DECIMALS) if kind == "mean" else np.round(sums)
    slack = 0.5 * 10.0 ** -MEAN_DECIMALS if kind == "mean" else 0.5
    wrong = shown & ~np.isnan(published) & ~(np.abs(published - expected) <= slack + 1e-9 * np.abs(expected))
    if wrong.any():
        cell = int(np.flatnonzero(wrong.ravel())[0])
        raise ValueError(f"{name} in the table is not the {kind} of the column named in the microdata "
                         f"({int(wrong.sum()):,} published cells differ, e.g. {published.ravel()[cell]:g} against "
                         f"{expected.ravel()[cell]:g}); give --amount NAME=KIND:COLUMN as aggregate's --measure")
