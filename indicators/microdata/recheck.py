"""The audit command's pipeline: the tables attacked together, counts and (against the microdata) amounts.

``python cli.py audit`` reads published tables as a reader outside would and names every withheld
figure it gets too close to (``indicators.microdata.audit``). Counts need only the tables. An
amount's protection depends on its largest contributions, which only the microdata know, so the
output checker gives the persons' file with the amounts to check (inside the secure environment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from indicators.core.codes import LEVELS
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.core.values import OK
from indicators.microdata.aggregate import Measure, MicrodataError, amount_statistics
from indicators.microdata.audit import (
    Narrow,
    attack,
    attack_amounts,
    count_columns,
    published_against_the_rules,
    rounding_beside,
)
from indicators.microdata.longtable import WRITTEN, LongTable, read_long_table, status_column, written_statuses
from indicators.privacy.magnitude import DEFAULT_DOMINANCE, DEFAULT_P


@dataclass
class Findings:
    """Withheld counts and sensitive amounts a reader gets too close to, and how many of each were tried."""

    counts: list[Narrow] = field(default_factory=list)
    counts_tried: int = 0
    amounts: list[Narrow] = field(default_factory=list)
    amounts_tried: int = 0
    published: list[Narrow] = field(default_factory=list)  # counts shown that the rules withhold

    @property
    def narrow(self) -> list[Narrow]:
        """Every finding: counts published against the rules, then withheld counts, then amounts."""
        return [*self.published, *self.counts, *self.amounts]


def recheck(tables, base: int = 5, microdata=None, region_column: str | None = None, amounts=(),
            min_count: int | None = None, dominance: float = DEFAULT_DOMINANCE, p: float = DEFAULT_P) -> Findings:
    """Attack published tables: every withheld count, and with ``microdata`` every sensitive amount named.

    Each count is taken as rounded to ``base``, or to the base the audit beside its table names.
    ``amounts`` are measures as ``aggregate`` takes them (``inkomen=mean:inkomen``,
    ``som=total:inkomen``); each is checked in the tables that have its column, those with the same
    group columns together (``_together``), and the rules' settings (``min_count`` default that of
    ``aggregate``).
    """
    bases = {}
    for source in tables:
        if isinstance(source, (str, Path)):
            bases.update(rounding_beside(source))
    min_count = DEFAULT_MIN_COUNT if min_count is None else int(min_count)
    amounts = [m if isinstance(m, Measure) else Measure.parse(m) for m in amounts]
    if amounts and microdata is None:
        raise MicrodataError("an amount can only be checked against the microdata: give --microdata and "
                             "--region-column as for aggregate", "missing_microdata")
    if (amounts or microdata is not None) and not region_column:
        raise MicrodataError("give --region-column: the microdata's column of region codes, as for aggregate",
                             "missing_microdata")
    if microdata is not None and not amounts:
        raise MicrodataError("name the amounts to check against the microdata with --amount NAME=mean:COL (or "
                             "NAME=total:COL); counts need no microdata", "missing_microdata")
    twice = [m.name for i, m in enumerate(amounts) if m.name in [a.name for a in amounts[:i]]]
    if twice:
        raise MicrodataError(f"--amount names {twice[0]!r} twice; give each column of the table once", "duplicate")
    wrong = [m for m in amounts if m.kind not in ("mean", "total")]
    if wrong:
        raise MicrodataError(f"--amount {wrong[0].name}={wrong[0].kind}:{wrong[0].column} is not an amount; "
                             "give NAME=mean:COL or NAME=total:COL", "bad_measure")
    found = Findings()
    tables = [read_long_table(source) for source in tables]  # each file read once, for counts and amounts
    for table in tables:  # the persons' own file, or any other table, would pass with nothing checked
        if "code" not in table.frame or "niveau" not in table.frame or not count_columns(table):
            raise MicrodataError(f"{table.label} is not a table as aggregate writes it (code, niveau, and counts "
                                 "with a _status column beside them); give the tables aggregate wrote",
                                 "not_a_table")
    # the counts: those the audit beside a table names (with their rounding), else every column that looks
    # like one, but never an amount named here (a mean of whole numbers is no count: it does not add up)
    columns = list(bases) if bases else None
    if columns is None and amounts:
        names = {m.name for m in amounts}
        columns = [c for table in tables for c in count_columns(table) if c not in names]
    found.counts, found.counts_tried = attack(tables, base=base, columns=columns or None, bases=bases)
    found.published = published_against_the_rules(tables, min_count, base=base, columns=columns or None, bases=bases)
    statistics = {}  # the microdata's cells, once per amount column, groups and levels (a mean and a total share them)
    for measure in amounts:
        checked = [table for table in tables if measure.name in table.frame]
        if not checked:
            raise MicrodataError(f"no table has a column {measure.name!r}; name the amount as its table does",
                                 "missing_column", column=measure.name)
        for table in _together(checked, measure.name):
            levels = tuple(sorted(set(table.frame["niveau"].astype(str)), key=LEVELS.index))
            key = (measure.column, tuple(table.groups()), levels)
            if key not in statistics:
                statistics[key] = amount_statistics(microdata, region_column, table.groups(), measure.column, levels)
            narrow, tried = attack_amounts(table, statistics[key], measure.name, measure.kind, min_count, dominance, p)
            found.amounts += narrow
            found.amounts_tried += tried
    return found


def _together(tables: list[LongTable], name: str) -> list[LongTable]:
    """The tables with the same group columns as one, as a reader who has them all sees them.

    Two runs of the same persons (a buurt table and a wijk table written apart) add up to relations
    neither has alone; a cell published in any of them is known. Tables of other groups stay apart
    (no relation joins them without the cells they do not share).
    """
    by_groups: dict[tuple, list[LongTable]] = {}
    for table in tables:
        by_groups.setdefault(tuple(sorted(table.groups())), []).append(table)
    joined = []
    for same in by_groups.values():
        if len(same) == 1:
            joined.extend(same)
            continue
        keys = ["code", "niveau", *same[0].groups()]
        parts = []
        for table in same:
            part = table.frame[keys].astype("string")
            for column in (name, "aantal"):
                if column in table.frame:
                    values, hidden = table.counts(column)
                    part[column], part[status_column(column)] = values, written_statuses(hidden)
            parts.append(part)
        frame = pd.concat(parts, ignore_index=True)
        published = (frame[status_column(name)] == WRITTEN[OK]).astype(int)
        frame = (frame.assign(_shown=published).sort_values("_shown", ascending=False, kind="stable")
                 .drop_duplicates(["code", *keys[2:]]).drop(columns="_shown").reset_index(drop=True))
        joined.append(LongTable(frame, " + ".join(table.label for table in same)))
    return joined
