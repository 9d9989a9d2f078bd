"""Microdata to district tables: aggregation in DuckDB, then the product's disclosure control.

Where this runs: inside the secure environment (CBS Remote Access, the municipality's own
analysis environment), on person or person-period rows. Only the protected table it writes may
leave; the microdata never do.

Method, and why
---------------
1. **DuckDB reads the file where it lies** (Parquet or CSV), embedded, no server: it streams the
   rows through a hash aggregation, so memory stays bounded by the number of cells, not rows.
2. **DuckDB aggregates the finest cells in one pass**: the raw region value x every group column,
   with the number of persons, the number with each flag, and per amount its count, sum, absolute
   sum and largest absolute single value (for dominance). Flags are checked in the same pass (0/1
   or true/false, nothing else), so the file is read once. Grouping by the raw value rather than
   joining a code table first saves a second pass over the rows; the result is small.
3. **Region codes follow the project's one rule** (``indicators.core.codes.normalise_codes``), applied
   to the *distinct* raw values only (some 15,000 for all of the Netherlands), in Python, and the
   cells are re-keyed by code. Values that are not region codes are counted and reported with
   examples, never dropped silently; so are codes coarser than the rest of the column (a wijk code
   among buurt codes cannot be placed in a buurt). Wijk and gemeente follow from the buurt code
   (``parent_code``, once per distinct code).
4. **Margins are rolled up on the small result** with numpy: ``Totaal`` of every group column
   (sums; the two largest contributions of an amount) and the hierarchy gemeente > wijk > buurt.
5. **Disclosure control** with the rules of the maps (``indicators.privacy.disclosure``): counts below the
   minimum (10) are withheld on their true value, published counts are rounded to 5
   (``round_count``; a measure named like a registry count takes the registry's rule, 10 for
   benefit recipients); secondary suppression over the hierarchy *and* the group margins by
   ``indicators.privacy.crosstab.protect_crosstab``, which counts on the rounding of published
   neighbours and suppresses only what an attacker needs; a share is computed from the
   *published* (rounded) counts and withheld where either is, as ``protect`` does for rates. A
   flag that (almost) every member of a cell has is withheld like a small count (group
   disclosure). Each count (``aantal``, each flag) is protected as its own table; a share's
   numerator is protected as a count even when it is not itself in the output, because share x
   base gives it back. An amount (its mean and its total) is a magnitude table
   (``indicators.privacy.magnitude``): a cell of fewer than the minimum persons with an amount,
   one dominated by its largest contribution (> 50%) or failing the p% rule (p = 10) is sensitive,
   and the same secondary suppression as the counts (``protect_crosstab``'s search) keeps each
   sensitive sum uncertain by at least its protection level on either side, against a reader who
   knows every published mean with its exact number of contributors; a mean is also withheld
   where its base count is. A large table is searched on every core, whole gemeenten to each.

Only the levels written are published, and they are protected together: to publish wijken and
buurten, write them in one run (``level='all'``, or any list such as ``('gemeente', 'wijk')``), so
that one protection covers the differences between them. Two runs of the same persons are not
protected together: a buurt table and a wijk table written apart can give a withheld cell away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core.codes import LEVELS, levels_of, normalise_codes, parent_code, year_in_name
from indicators.core.errors import InputError
from indicators.core.registry import DEFAULT_MIN_COUNT, THEMES
from indicators.core.table import ColumnInfo, Table
from indicators.core.values import MISSING, OK, SECRET, STATUS_DTYPE
from indicators.io.descriptor import descriptor_path, write_descriptor
from indicators.io.export import export_frame, export_table
from indicators.io.files import atomic_output, check_output
from indicators.io.microdata import microdata_relation, open_microdata
from indicators.microdata.audit import audit_of, audit_paths
from indicators.microdata.describe import describe_aggregated
from indicators.microdata.longtable import TOTAL, UNKNOWN_GROUP, WRITTEN, status_column, written_statuses
from indicators.microdata.subset import subset_sql
from indicators.privacy.crosstab import CrosstabProtection, protect_crosstab
from indicators.privacy.disclosure import (
    DEFAULT_ROUNDING,
    DisclosureSettings,
    below_threshold,
    group_disclosure,
    rule_for,
)
from indicators.privacy.magnitude import DEFAULT_DOMINANCE as DOMINANCE_K
from indicators.privacy.magnitude import DEFAULT_P, MEAN_DECIMALS, known_sums, protect_magnitude, sensitive_cells
from indicators.privacy.withheld import BASE, DOMINANCE, FEW, GROUP, PPERCENT, PRIMARY, SECONDARY

KINDS = ("sum", "share", "mean", "total")
OUTPUT_FORMATS = (".csv", ".xlsx", ".parquet")
LEVEL_CHOICES = (*LEVELS, "all")
DEFAULT_DOMINANCE = DOMINANCE_K
EXAMPLES = 5

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NUMERIC = re.compile(r"^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|"
                      r"FLOAT|DOUBLE|REAL|DECIMAL.*)$")


class MicrodataError(InputError):
    """Microdata that cannot be aggregated; the message says what was wrong and what to do."""

    topic = "microdata"


@dataclass(frozen=True)
class Measure:
    """One figure per cell besides ``aantal``: ``NAME=KIND:COLUMN``.

    ``sum``: persons whose 0/1 (or true/false) flag is 1; ``share``: their percentage of
    ``aantal``; ``mean``: the mean of an amount over the persons who have one; ``total``: the sum
    of an amount.
    """

    name: str
    kind: str
    column: str

    @classmethod
    def parse(cls, text: str) -> Measure:
        """Read ``NAME=KIND:COLUMN`` (``bijstand=sum:in_bijstand``)."""
        match = re.fullmatch(r"\s*([^=\s]+)\s*=\s*([A-Za-z]+)\s*:\s*(.+?)\s*", text or "")
        if not match:
            raise MicrodataError(f"measure {text!r} should look like NAME=KIND:COLUMN, e.g. bijstand=sum:in_bijstand",
                                 "bad_measure", measure=text)
        name, kind, column = match.groups()
        if kind.lower() not in KINDS:
            raise MicrodataError(f"measure {text!r}: kind {kind!r} should be one of {', '.join(KINDS)}",
                                 "bad_measure", measure=text)
        if not _NAME.match(name):
            raise MicrodataError(f"measure {text!r}: name {name!r} should be letters, digits and _ only",
                                 "bad_measure", measure=text)
        return cls(name=name, kind=kind.lower(), column=column)


@dataclass
class Loss:
    """How many cells of one output column were withheld, by reason, over every level and group written."""

    primary: int = 0
    secondary: int = 0
    base: int = 0  # shares and means: withheld with their base count
    few: int = 0  # means: fewer than the minimum persons with an amount
    dominance: int = 0  # means: one person above P% of the cell's sum
    group: int = 0  # flags (almost) every member of the cell has
    p_percent: int = 0  # amounts: the second largest contributor could estimate the largest
    cells: int = 0
    persons: int = 0  # in withheld cells of the finest level (cells of no margin): whose figure is not shown

    @property
    def total(self) -> int:
        """Every withheld cell, whatever the reason."""
        return self.primary + self.secondary + self.base + self.few + self.dominance + self.group + self.p_percent

    @property
    def share(self) -> float:
        """Withheld cells as a percentage of all cells of the column."""
        return 100.0 * self.total / self.cells if self.cells else 0.0


@dataclass
class AggregateReport:
    """What was read, left out and withheld; ``lines`` is what the CLI prints."""

    source: str
    level_of_data: str
    rows: int = 0
    used: int = 0
    unknown_rows: int = 0
    unknown_codes: int = 0
    unknown_examples: list[str] = field(default_factory=list)
    coarser_rows: int = 0
    coarser_examples: list[str] = field(default_factory=list)
    min_count: int = DEFAULT_MIN_COUNT
    rounding: dict[str, int] = field(default_factory=dict)
    dominance: float = DEFAULT_DOMINANCE
    p: float = DEFAULT_P
    loss: dict[str, Loss] = field(default_factory=dict)
    warning: str | None = None
    small_regions: list[str] = field(default_factory=list)  # wijken (gemeenten) of fewer persons than the threshold
    subset: str = ""  # the --where condition, where the table is of a subset of the file's persons
    rows_in_file: int = 0  # the file's rows, of which ``rows`` met the subset

    def note(self) -> str:
        """One line for an XLSX explanation sheet and the README: the rules applied."""
        bases = "/".join(str(b) for b in sorted(set(self.rounding.values()))) or str(DEFAULT_ROUNDING)
        primary = sum(w.primary for w in self.loss.values())
        secondary = sum(w.secondary for w in self.loss.values())
        text = (f"Onthullingscontrole: minimaal {self.min_count} per cel, afgerond op {bases}; "
                f"{primary} cellen primair en {secondary} secundair onderdrukt (hiërarchie en groepstotalen); "
                f"bedragen (gemiddelden, totalen) geheim bij minder dan {self.min_count} personen, dominantie > "
                f"{_number(self.dominance)}% of de p%-regel (p = {_number(self.p)}), met eigen secundaire "
                "onderdrukking.")
        return f"{text} {self.warning}." if self.warning else text

    def lines(self) -> list[str]:
        """Human-readable lines: rows used, codes left out, cells withheld per column."""
        out = [f"{self.used:,} of {self.rows:,} rows aggregated ({self.level_of_data} codes)"]
        if self.subset:
            out.insert(0, f"subset {self.subset}: {self.rows:,} of the file's {self.rows_in_file:,} rows")
        if self.unknown_rows:
            out.append(f"left out {self.unknown_rows:,} rows with {self.unknown_codes:,} unknown region codes, "
                       f"e.g. {', '.join(self.unknown_examples)}")
        if self.coarser_rows:
            out.append(f"left out {self.coarser_rows:,} rows whose code is coarser than {self.level_of_data}, "
                       f"e.g. {', '.join(self.coarser_examples)}")
        if self.small_regions:
            out.append(f"{len(self.small_regions)} regions above the {self.level_of_data} level hold fewer than "
                       f"{self.min_count} persons, e.g. {', '.join(self.small_regions[:EXAMPLES])}: are their codes "
                       "real? Their cells are withheld and take cells of their neighbours with them")
        for column, w in self.loss.items():
            parts = []
            if w.primary:
                parts.append(f"{w.primary} below {self.min_count}")
            if w.secondary:
                parts.append(f"{w.secondary} secondary")
            if w.base:
                parts.append(f"{w.base} with their base")
            if w.few:
                parts.append(f"{w.few} with fewer than {self.min_count} amounts")
            if w.dominance:
                parts.append(f"{w.dominance} by dominance (> {_number(self.dominance)}%)")
            if w.p_percent:
                parts.append(f"{w.p_percent} by the p% rule (p = {_number(self.p)})")
            if w.group:
                parts.append(f"{w.group} by group disclosure")
            detail = f": {', '.join(parts)}" if parts else ""
            people = f"; {w.persons:,} persons in withheld cells of the finest level" if w.total else ""
            out.append(f"withheld {column}: {w.total} of {w.cells} cells ({w.share:.1f}%){detail}{people}")
        if self.warning:
            out.append(self.warning)
        return out


@dataclass
class Aggregated:
    """The protected long table and what was done.

    ``frame`` has ``code``, ``niveau``, the group columns, ``aantal`` and the measures (<NA>
    where withheld) and a ``<column>_status`` (``ok`` or ``geheim``) beside each figure;
    ``figures`` names the figure columns, ``labels`` the rest.
    """

    frame: pd.DataFrame
    groups: list[str]
    figures: list[str]
    report: AggregateReport
    reasons: pd.DataFrame | None = None  # per figure, why each cell is withheld ("" where published)
    # per figure, the row of the cell a secondary cell was withheld to protect (-1 elsewhere)
    protects: pd.DataFrame | None = None
    measures: list = field(default_factory=list)  # the measures asked for (``Measure``): each figure's kind
    # per amount figure, how far each sensitive cell's sum must stay uncertain on either side (0 elsewhere)
    protection: pd.DataFrame | None = None

    @property
    def labels(self) -> list[str]:
        """Columns that are labels, not figures: code, niveau, groups, statuses."""
        return [c for c in self.frame.columns if c not in self.figures]


def aggregate_microdata(
    path,
    region_column: str,
    groups=(),
    measures=(),
    level="all",
    min_count: int | None = None,
    dominance: float = DEFAULT_DOMINANCE,
    p: float = DEFAULT_P,
    where: str | None = None,
) -> Aggregated:
    """Aggregate person rows to protected district x group cells.

    Parameters
    ----------
    path : str or Path
        Parquet, CSV, SPSS (.sav) or Stata (.dta) file, one row per person (or person-period).
    region_column : str
        Column of region codes in any spelling ``indicators.core.codes`` knows (buurt, wijk or gemeente).
    groups : sequence of str
        Group columns, crossed; each also gets its margin ``Totaal``.
    measures : sequence of Measure or str
        ``NAME=sum:COL``, ``NAME=share:COL`` (percentage, 1 decimal), ``NAME=mean:COL`` (1 decimal),
        ``NAME=total:COL`` (the sum of an amount, whole units).
    level : str or sequence of str
        Regions written (and so published), protected together: ``gemeente``, ``wijk``, ``buurt``,
        a list of them (``('gemeente', 'wijk')``, or ``'gemeente,wijk'``), or ``all``: every level
        from gemeente down to the data's own.
    min_count : int, optional
        Smallest count of persons published (default 10; lower gives ``report.warning``).
    dominance, p : float
        An amount's cell is sensitive when one person contributes more than ``dominance`` percent of
        its sum, or the second largest could estimate the largest to within ``p`` percent
        (``indicators.privacy.magnitude``); it is then withheld, with a secondary suppression of its own.
    where : str, optional
        Only the persons that meet this condition (``indicators.microdata.subset``: columns compared
        with values, and/or/not), filtered while the file is read.

    Raises
    ------
    MicrodataError
        Empty file, missing column, a flag that is not 0/1, a group value ``Totaal``, no region codes.
    SubsetError
        A ``where`` outside the subset language, or naming a column the file does not have.
    """
    groups = list(groups)
    measures = [m if isinstance(m, Measure) else Measure.parse(m) for m in measures]
    settings = DisclosureSettings(min_count=min_count)
    threshold = DEFAULT_MIN_COUNT if min_count is None else int(min_count)
    levels = _check_arguments(region_column, groups, measures, level, dominance)
    cube, report = _read_cube(path, region_column, groups, measures, levels, where)
    report.min_count, report.dominance, report.warning = threshold, float(dominance), settings.warning("nl")
    report.p = float(p)
    persons = cube.sums["aantal"][(slice(None),) + (-1,) * (cube.sums["aantal"].ndim - 1)]
    report.small_regions = [f"{code} ({int(n)} person{'s' if n != 1 else ''})"
                            for code, level, n in zip(cube.codes, cube.levels, persons)
                            if level != report.level_of_data and below_threshold(n, threshold)]
    return _protect(cube, groups, measures, settings, threshold, float(dominance), float(p), report)


def amount_statistics(path, region_column: str, groups, column: str, level="all") -> pd.DataFrame:
    """Every cell's contributors, sum and two largest amounts of ``column``: what the magnitude rules read.

    The cells are those ``aggregate_microdata`` makes of the same file, groups and levels (code,
    niveau, the groups with their margin ``Totaal``); the columns ``n``, ``sum``, ``abs`` (the sum
    of absolute amounts), ``first`` and ``second`` (the two largest absolute amounts) and
    ``nonnegative`` (no amount of the file below 0). For the output checker's attack on amounts
    (``indicators.microdata.audit.attack_amounts``): it stays inside, as the microdata do.
    """
    groups = list(groups)
    measure = Measure(name="amount", kind="mean", column=column)
    levels = _check_arguments(region_column, groups, [measure], level, DOMINANCE_K)
    cube, _ = _read_cube(path, region_column, groups, [measure], levels)
    first, second = cube.largest["0"]
    arrays = {"aantal": cube.sums["aantal"], "n": cube.sums["n0"], "sum": cube.sums["sum0"],
              "abs": cube.sums["abs0"], "first": first, "second": second}
    columns = {name: (array, np.full(array.shape, ""), None) for name, array in arrays.items()}
    figures = [Measure(name, "mean", column) for name in arrays if name != "aantal"]
    frame = _long_table(cube, groups, columns, figures, {})[0]
    frame = frame[[c for c in frame.columns if not c.endswith("_status")]]
    return frame.assign(**{name: frame[name].astype(float) for name in arrays}, nonnegative=cube.nonnegative[0])


def _read_cube(path, region_column: str, groups: list[str], measures, levels,
               where: str | None = None) -> tuple[_Cube, AggregateReport]:
    """Read the file in one pass (DuckDB), key its cells by region code and roll them up to every level and margin."""
    source = open_microdata(path, MicrodataError)
    path = source.path

    import duckdb

    connection = duckdb.connect()
    try:
        source = microdata_relation(connection, source, MicrodataError)
        _check_columns(source, path, region_column, groups, measures)
        everyone = None
        if where:  # the subset, checked against the file's columns before any row is read
            condition = subset_sql(where, source.columns)
            everyone = int(source.aggregate("count(*)").fetchall()[0][0])
            source = source.filter(condition)
        source.create_view("microdata")
        raw = _aggregate_cells(connection, source, region_column, groups, measures, path)
    finally:
        connection.close()
    if where and raw.empty:
        raise MicrodataError(f"--where {where!r} leaves none of the {everyone:,} rows of {path.name}; loosen the "
                             "condition (text compares exactly: 'Man' is not 'man')", "empty_subset")
    cells, report = _map_codes(raw, path, region_column)
    if where:
        report.subset, report.rows_in_file = where, everyone
    finer = [lvl for lvl in levels or () if LEVELS.index(lvl) > LEVELS.index(report.level_of_data)]
    if finer:
        raise MicrodataError(f"{path.name}: column {region_column!r} holds {report.level_of_data} codes, so there "
                             f"are no {finer[0]} figures; choose --level {report.level_of_data} or coarser, or all",
                             "level_too_fine")
    report.used = int(cells["aantal"].sum()) if len(cells) else 0
    return _build_cube(cells, groups, measures, report.level_of_data, levels, path), report


# --- reading ------------------------------------------------------------------------------------


def _check_arguments(region_column, groups, measures, level, dominance) -> list[str] | None:
    """Refuse arguments that make no table; return the levels to write (None: all)."""
    levels = _levels(level)
    if not 0 < float(dominance) <= 100:
        raise MicrodataError(f"dominance should be a percentage above 0 and at most 100, got {dominance}",
                             "bad_dominance")
    taken = {"code", "niveau", "aantal", "aantal_status"}
    twice = [g for i, g in enumerate(groups) if g in groups[:i]]
    if twice:
        raise MicrodataError(f"group column {twice[0]!r} is given twice; give each once", "duplicate")
    if region_column in groups:
        raise MicrodataError(f"{region_column!r} is the region column; it cannot also be a group", "duplicate")
    clash = [g for g in groups if g in taken]
    names = [m.name for m in measures]
    clash += [n for n in names if n in taken or n in groups or f"{n}_status" in groups]
    clash += [n for i, n in enumerate(names) if n in names[:i]]
    if clash:
        raise MicrodataError(f"output column {clash[0]!r} would appear twice; rename the measure (NAME=...) or group",
                             "duplicate")
    return levels


def _check_columns(source, path: Path, region_column, groups, measures) -> None:
    columns = dict(zip(source.columns, (str(t) for t in source.types)))
    wanted = [region_column, *groups, *(m.column for m in measures)]
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise MicrodataError(f"column {missing[0]!r} is not in {path.name}; available columns: {', '.join(columns)}",
                             "missing_column", column=missing[0])
    for measure in measures:
        if measure.kind in ("mean", "total") and not _NUMERIC.match(columns[measure.column].upper()):
            quoted = _quote(measure.column)
            found = source.project(quoted).filter(f"{quoted} IS NOT NULL").limit(1).fetchall()
            example = f" (e.g. {str(found[0][0])!r})" if found else ""
            raise MicrodataError(f"column {measure.column!r} in {path.name} holds text{example}, not amounts; a "
                                 f"{measure.kind} needs numbers: write them without thousands separators, or convert "
                                 "the column", "not_numeric", column=measure.column)


def _levels(level) -> list[str] | None:
    """The levels asked for, coarsest first; None for all. A string may list them: ``gemeente,wijk``."""
    asked = [part.strip() for part in level.split(",")] if isinstance(level, str) else [str(part) for part in level]
    if asked == ["all"]:
        return None
    wrong = [part for part in asked if part not in LEVELS]
    if not asked or wrong:
        raise MicrodataError(f"level should be one of {', '.join(LEVEL_CHOICES)} or a list of them such as "
                             f"gemeente,wijk; got {level!r}", "bad_level")
    if len(set(asked)) != len(asked):
        raise MicrodataError(f"level {level!r} names a level twice; give each once", "bad_level")
    return sorted(asked, key=LEVELS.index)


def _map_codes(raw: pd.DataFrame, path: Path, region_column: str) -> tuple[pd.DataFrame, AggregateReport]:
    """Normalise the distinct region values once, in Python; re-key the cells by code, counting what is left out."""
    rows = int(raw["aantal"].sum())
    if rows == 0:
        raise MicrodataError(f"{path.name} has a header but no rows; export the microdata again with its rows",
                             "empty")
    distinct = raw.groupby("raw", dropna=False, sort=False)["aantal"].sum().rename("n").reset_index()
    distinct["code"] = normalise_codes(distinct["raw"]).to_numpy(dtype=object)
    distinct["level"] = levels_of(distinct["code"]).to_numpy(dtype=object)
    known = distinct["code"].notna()
    if not known.any():
        raise MicrodataError(f"column {region_column!r} in {path.name} holds no region codes (e.g. "
                             f"{', '.join(_examples(distinct))}); choose the column with buurt, wijk or gemeente codes",
                             "no_codes", column=region_column)
    finest = max(distinct.loc[known, "level"], key=LEVELS.index)
    coarser = known & (distinct["level"] != finest)
    report = AggregateReport(source=path.name, level_of_data=finest, rows=rows)
    report.unknown_rows = int(distinct.loc[~known, "n"].sum())
    report.unknown_codes = int((~known).sum())
    report.unknown_examples = _examples(distinct[~known])
    report.coarser_rows = int(distinct.loc[coarser, "n"].sum())
    report.coarser_examples = _examples(distinct[coarser])
    usable = distinct[known & ~coarser]
    lookup = pd.Series(usable["code"].to_numpy(), index=pd.Index(usable["raw"]))
    position = lookup.index.get_indexer(raw["raw"])
    cells = raw[position >= 0].drop(columns="raw")
    cells.insert(0, "region", lookup.to_numpy()[position[position >= 0]])
    if cells["region"].duplicated().any() or len(usable) != usable["code"].nunique():  # spellings of one code
        keys = ["region", *(c for c in cells.columns if re.fullmatch(r"g\d+", c))]
        how = {c: ("max" if re.fullmatch(r"(first|second)\d+", c) else "min" if c.startswith("low") else
                   "first" if c.startswith("example") else "sum") for c in cells.columns if c not in keys}
        merged = cells.groupby(keys, sort=False, dropna=False)
        tops = {c: _top_two_of_groups(cells, merged, c[5:]) for c in cells.columns if c.startswith("first")}
        cells = merged.agg(how).reset_index()
        for name, (first, second) in tops.items():  # two spellings' largest: the second is not their max
            cells[name], cells[f"second{name[5:]}"] = first.to_numpy(), second.to_numpy()
    return cells.reset_index(drop=True), report


def _examples(frame: pd.DataFrame) -> list[str]:
    """The most frequent raw values, as the user would recognise them."""
    top = frame.sort_values("n", ascending=False, kind="stable").head(EXAMPLES)["raw"]
    return ["(empty)" if pd.isna(value) else repr(str(value)) for value in top]


def _flag(column: str, kind: str) -> str:
    """SQL for a 0/1 flag of any type; NULL where the value is not a flag (then counted as an error)."""
    quoted = f"m.{_quote(column)}"
    if kind == "BOOLEAN":
        return f"CAST({quoted} AS INTEGER)"
    if _NUMERIC.match(kind):
        return f"CASE WHEN {quoted} = 0 THEN 0 WHEN {quoted} = 1 THEN 1 END"
    text = f"lower(trim(CAST({quoted} AS VARCHAR)))"
    return f"CASE WHEN {text} IN ('1', 'true') THEN 1 WHEN {text} IN ('0', 'false') THEN 0 END"


def _aggregate_cells(connection, source, region_column, groups, measures, path: Path) -> pd.DataFrame:
    """One pass over the file: the finest cells with their counts, flag counts and amount statistics."""
    types = dict(zip(source.columns, (str(t).upper() for t in source.types)))
    select = [f"m.{_quote(region_column)} AS raw"]
    # an empty or blank group (a CSV gap, an SPSS empty string) is the group of persons whose group is unknown
    select += [f"coalesce(nullif(trim(CAST(m.{_quote(g)} AS VARCHAR)), ''), '{UNKNOWN_GROUP}') AS g{i}"
               for i, g in enumerate(groups)]
    select.append("count(*) AS aantal")
    for i, column in enumerate(_flag_columns(measures)):
        flag = _flag(column, types[column])
        select += [f"sum({flag}) AS flag{i}", f"count(*) FILTER (WHERE ({flag}) IS NULL) AS bad{i}",
                   f"min(CAST(m.{_quote(column)} AS VARCHAR)) FILTER (WHERE ({flag}) IS NULL) AS example{i}"]
    for i, column in enumerate(_amount_columns(measures)):
        amount = f"CAST(m.{_quote(column)} AS DOUBLE)"
        select += [f"count({amount}) AS n{i}", f"sum({amount}) AS sum{i}", f"sum(abs({amount})) AS abs{i}",
                   f"max(abs({amount}), 2) AS top{i}", f"min({amount}) AS low{i}"]
    query = f"SELECT {', '.join(select)} FROM microdata AS m GROUP BY ALL"
    import duckdb

    try:
        cells = _split_tops(connection.sql(query).df(), len(_amount_columns(measures)))
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        raise MicrodataError(f"{path.name} could not be aggregated ({message}); check the columns named",
                             "unreadable") from None
    for i, column in enumerate(_flag_columns(measures)):
        bad = int(cells[f"bad{i}"].sum())
        if bad:
            example = cells[f"example{i}"].dropna()
            shown = "an empty cell" if example.empty else repr(str(example.iloc[0]))
            raise MicrodataError(f"column {column!r} in {path.name} should be a 0/1 or true/false flag, but {bad:,} "
                                 f"rows hold something else, e.g. {shown}; recode it to 0/1", "bad_flag",
                                 column=column)
    for i, group in enumerate(groups):
        if (cells[f"g{i}"] == TOTAL).any():
            raise MicrodataError(f"group column {group!r} holds the value {TOTAL!r}, which names the margin; "
                                 "rename that value", "total_in_group", column=group)
    return cells


def _flag_columns(measures) -> list[str]:
    return list(dict.fromkeys(m.column for m in measures if m.kind in ("sum", "share")))


def _amount_columns(measures) -> list[str]:
    return list(dict.fromkeys(m.column for m in measures if m.kind in ("mean", "total")))


# --- rolling up ---------------------------------------------------------------------------------


@dataclass
class _Cube:
    """Every statistic as an array: axis 0 the regions written, then one axis per group (last = Totaal)."""

    codes: list[str]
    levels: list[str]
    parents: np.ndarray
    categories: list[list[str]]
    sums: dict[str, np.ndarray]  # additive: aantal, flag0.., n0.., sum0.., abs0..
    largest: dict[str, tuple[np.ndarray, np.ndarray]]  # 0, 1, ..: per amount, the largest and second largest
    nonnegative: list[bool] = field(default_factory=list)  # per amount: no amount below 0, so no sum either


def _build_cube(cells: pd.DataFrame, groups, measures, finest: str, levels: list[str] | None, path: Path) -> _Cube:
    """Scatter the finest cells into arrays, add the group margins, then the regions above."""
    if cells.empty:
        raise MicrodataError(f"no row of {path.name} has a usable region code; see the codes reported",
                             "no_codes")
    leaves = sorted(cells["region"].unique())
    leaf_index = pd.Index(leaves).get_indexer(cells["region"])
    categories, category_index = [], []
    for i in range(len(groups)):
        values = sorted(cells[f"g{i}"].unique(), key=_natural)
        categories.append(values)
        category_index.append(pd.Index(values).get_indexer(cells[f"g{i}"]))
    shape = (len(leaves), *(len(c) + 1 for c in categories))
    position = (leaf_index, *category_index)
    additive = ["aantal", *(c for c in cells.columns if re.fullmatch(r"(flag|n|sum|abs)\d+", c))]
    sums, largest = {}, {}
    for name in additive:
        array = np.zeros(shape)
        np.add.at(array, position, cells[name].fillna(0).to_numpy(dtype=float))
        sums[name] = _with_margins(array, np.sum)
    for name in (c[5:] for c in cells.columns if re.fullmatch(r"first\d+", c)):
        first, second = np.zeros(shape), np.zeros(shape)
        first[position] = cells[f"first{name}"].fillna(0).to_numpy(dtype=float)  # one raw cell per position
        second[position] = cells[f"second{name}"].fillna(0).to_numpy(dtype=float)
        largest[name] = _top_two_margins(first, second)

    chain = list(LEVELS[: LEVELS.index(finest) + 1])
    written = chain if levels is None else levels
    leaf_codes = pd.Series(leaves, dtype=object)
    above = {lvl: _parents(leaf_codes, lvl) for lvl in written}  # each leaf's region at every level written
    codes, levels, parents, leaf_to_region = [], [], [], {}
    for depth, lvl in enumerate(written):
        members, inverse = np.unique(above[lvl], return_inverse=True)
        start = len(codes)
        leaf_to_region[lvl] = start + inverse
        if depth == 0:
            parents.extend([-1] * len(members))
        else:
            first = np.zeros(len(members), dtype=int)  # any leaf of each region, to find the region above
            first[inverse] = np.arange(len(leaves))
            parents.extend(leaf_to_region[written[depth - 1]][first].tolist())
        codes.extend(members.tolist())
        levels.extend([lvl] * len(members))

    def regions(array: np.ndarray, combine) -> np.ndarray:
        out = np.zeros((len(codes), *array.shape[1:]))
        for lvl in written:
            combine.at(out, leaf_to_region[lvl], array)
        return out

    def regions_top_two(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = [np.zeros((len(codes), *first.shape[1:])) for _ in range(2)]
        for lvl in written:
            index = leaf_to_region[lvl]
            top, runner = _top_two_at(first, second, index, len(codes))
            rows = np.unique(index)
            out[0][rows], out[1][rows] = top[rows], runner[rows]
        return out[0], out[1]

    return _Cube(
        codes=codes, levels=levels, parents=np.array(parents, dtype=int), categories=categories,
        sums={k: regions(v, np.add) for k, v in sums.items()},
        largest={k: regions_top_two(*v) for k, v in largest.items()},
        nonnegative=[bool((cells[c].fillna(0) >= 0).all()) for c in cells.columns if re.fullmatch(r"low\d+", c)],
    )


def _split_tops(cells: pd.DataFrame, amounts: int) -> pd.DataFrame:
    """DuckDB's two largest absolute amounts of each cell (a list) as two columns: first and second largest."""
    for i in range(amounts):
        # a cell where nobody has an amount has no list (NULL, read as None or pd.NA): no contributions
        tops = [list(top) if isinstance(top, (list, tuple, np.ndarray)) else [] for top in cells.pop(f"top{i}")]
        cells[f"first{i}"] = [float(top[0]) if top else 0.0 for top in tops]
        cells[f"second{i}"] = [float(top[1]) if len(top) > 1 else 0.0 for top in tops]
    return cells


def _top_two_of_groups(cells: pd.DataFrame, merged, i: str) -> tuple[pd.Series, pd.Series]:
    """The largest and second largest amount of cells merged into one (spellings of one code)."""
    first, second = cells[f"first{i}"], cells[f"second{i}"]
    top = merged[f"first{i}"].transform("max")
    ties = (first == top).groupby([cells[k] for k in merged.keys]).transform("sum") > 1
    runner = np.where(first < top, first, second)
    runner = pd.Series(runner, index=cells.index).groupby([cells[k] for k in merged.keys]).transform("max")
    runner = runner.where(~ties, top)
    keep = ~cells.duplicated(merged.keys)
    return top[keep], runner[keep]


def _top_two_along(first: np.ndarray, second: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """The largest and second largest over ``axis`` of cells that each know their own two largest."""
    top = first.max(axis=axis, keepdims=True)
    ties = (first == top).sum(axis=axis) > 1
    runner = np.where(first < top, first, second).max(axis=axis)
    top = top.squeeze(axis)
    return top, np.where(ties, top, runner)


def _top_two_at(first: np.ndarray, second: np.ndarray, index: np.ndarray, size: int):
    """``_top_two_along`` over the leaves of each region (``index``: the region of every leaf)."""
    top = np.zeros((size, *first.shape[1:]))
    np.maximum.at(top, index, first)
    at_top = first == top[index]
    ties = np.zeros(top.shape)
    np.add.at(ties, index, at_top)
    runner = np.zeros(top.shape)
    np.maximum.at(runner, index, np.where(at_top, second, first))
    return top, np.where(ties > 1, top, runner)


def _top_two_margins(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fill every group axis's last index (``Totaal``) with the two largest over the others (``_with_margins``)."""
    for axis in range(1, first.ndim):
        inner = [slice(None)] * first.ndim
        inner[axis] = slice(0, first.shape[axis] - 1)
        total = [slice(None)] * first.ndim
        total[axis] = first.shape[axis] - 1
        first[tuple(total)], second[tuple(total)] = _top_two_along(first[tuple(inner)], second[tuple(inner)], axis)
    return first, second


def _parents(leaves: pd.Series, level: str) -> np.ndarray:
    """Each leaf's region at ``level`` by ``parent_code`` (``BU19160101`` -> ``WK191601``), the leaf at its own."""
    return np.array([parent_code(code, level) for code in leaves], dtype=object)


def _with_margins(array: np.ndarray, combine) -> np.ndarray:
    """Fill the last index of every group axis with the sum (or max) over the others: the margins."""
    for axis in range(1, array.ndim):
        inner = [slice(None)] * array.ndim
        inner[axis] = slice(0, array.shape[axis] - 1)
        total = [slice(None)] * array.ndim
        total[axis] = array.shape[axis] - 1
        array[tuple(total)] = combine(array[tuple(inner)], axis=axis)
    return array


def _natural(value: str):
    """Sort groups as people expect: 2 before 10, 'onbekend' last."""
    parts = re.split(r"(\d+)", value)
    return (value == UNKNOWN_GROUP, [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p])


# --- protecting ---------------------------------------------------------------------------------


def _protect(cube: _Cube, groups, measures, settings, threshold, dominance, p, report) -> Aggregated:
    """Protect each count, derive shares and means from what is published, and lay out the long table."""
    counts = {"aantal": cube.sums["aantal"]}
    for i, column in enumerate(_flag_columns(measures)):
        counts[f"flag{i}"] = cube.sums[f"flag{i}"]
    protected: dict[str, CrosstabProtection] = {}
    for key, values in counts.items():
        name = "aantal" if key == "aantal" else _count_name(key, measures)
        minimum, base = _count_rule(name, settings, threshold)
        report.rounding[name] = base
        # a flag (almost) every member of the cell has says it of each of them: withheld as a small count is
        everyone = None if key == "aantal" else group_disclosure(values, counts["aantal"], minimum)
        protected[key] = protect_crosstab(values, cube.parents, minimum, base, also=everyone)

    columns: dict[str, tuple] = {}  # name -> (values, why withheld: a reason or "", the cell a secondary protects)
    levels: dict[str, np.ndarray] = {}  # amount name -> protection level of each sensitive cell
    aantal = protected["aantal"]
    columns["aantal"] = (aantal.published, _reasons(aantal), aantal.protects)
    flags = {column: f"flag{i}" for i, column in enumerate(_flag_columns(measures))}
    amounts = {column: i for i, column in enumerate(_amount_columns(measures))}
    protected_amounts: dict[int, tuple] = {}
    for measure in measures:
        if measure.kind in ("sum", "share"):
            count = protected[flags[measure.column]]
        if measure.kind == "sum":
            columns[measure.name] = (count.published, _reasons(count), count.protects)
        elif measure.kind == "share":
            secret = count.secret | aantal.secret
            with np.errstate(divide="ignore", invalid="ignore"):
                share = np.round(count.published / aantal.published * 100, 1)
            columns[measure.name] = (np.where(secret, np.nan, share), np.where(secret, BASE, ""), None)
        else:  # an amount: its mean or its total, withheld where its column's sum is (``_protect_amount``)
            i = amounts[measure.column]
            if i not in protected_amounts:  # a mean and a total of one column share one protection
                protected_amounts[i] = _protect_amount(cube, i, measures, aantal, threshold, dominance, p)
            values, why, levels[measure.name], protects = protected_amounts[i]
            with np.errstate(divide="ignore", invalid="ignore"):
                n = cube.sums[f"n{amounts[measure.column]}"]
                shown = np.round(values / n, MEAN_DECIMALS) if measure.kind == "mean" else np.round(values)
                shown = np.where(n > 0, shown, np.nan)  # an amount nobody has: no figure, not a total of 0
            columns[measure.name] = (np.where(why != "", np.nan, shown), why, protects)
    finest = np.asarray(cube.levels)[:, None] == max(cube.levels, key=LEVELS.index)  # cells of no margin, finest
    finest = finest.reshape((len(cube.levels),) + (1,) * (cube.sums["aantal"].ndim - 1)) & _inner(cube)
    for name, (_, why, _) in columns.items():
        report.loss[name] = _loss(why, cube.sums["aantal"], finest)
    frame, reasons, protection, protects = _long_table(cube, groups, columns, measures, levels)
    figures = ["aantal", *(m.name for m in measures)]
    return Aggregated(frame=frame, groups=list(groups), figures=figures, report=report, reasons=reasons,
                      protection=protection, protects=protects, measures=list(measures))


def _protect_amount(cube: _Cube, i: int, measures, aantal: CrosstabProtection, threshold: int, dominance: float,
                    p: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """An amount's sums, why each is withheld, each sensitive cell's protection level, what each secondary protects.

    Withheld as sensitive (few, dominance, p%), with its base count, or secondary.
    The magnitude rules of ``indicators.privacy.magnitude``, with a secondary suppression of their
    own: a mean or total published beside a withheld one must not give the withheld sum back. What
    a reader knows of a published cell's sum: its total to within its rounding where the total is
    published, else its mean to within its rounding times the number of persons with an amount.
    """
    n, total = cube.sums[f"n{i}"], cube.sums[f"sum{i}"]
    first, second = cube.largest[str(i)]
    sensitivity = sensitive_cells(n, cube.sums[f"abs{i}"], first, second, threshold, dominance, p)
    column = _amount_columns(measures)[i]
    kinds = {m.kind for m in measures if m.column == column}
    with np.errstate(divide="ignore", invalid="ignore"):  # every mean is published with the total's cells
        low, high = known_sums(n, mean=np.round(total / n, MEAN_DECIMALS),
                               total=np.round(total) if "total" in kinds else None)
    base = aantal.secret & ~sensitivity.cells
    secondary = protect_magnitude(total, cube.parents, sensitivity.cells, sensitivity.protection, low, high,
                                  nonnegative=cube.nonnegative[i], withheld=base, empty=cube.sums["aantal"] == 0)
    why = np.where(sensitivity.cells, sensitivity.reason, np.where(base, BASE, np.where(secondary.cells, SECONDARY,
                                                                                          "")))
    return total, why, sensitivity.protection, secondary.protects


def _inner(cube: _Cube) -> np.ndarray:
    """True for the cells of no group margin (every group axis below its last index, ``Totaal``)."""
    shape = cube.sums["aantal"].shape
    inner = np.ones((1, *shape[1:]), dtype=bool)
    for axis in range(1, len(shape)):
        index = [np.newaxis] * len(shape)
        index[axis] = slice(None)
        inner = inner & (np.arange(shape[axis]) < shape[axis] - 1)[tuple(index)]
    return inner


def _loss(why: np.ndarray, persons: np.ndarray, finest: np.ndarray) -> Loss:
    """What one column lost, by reason, and the persons in its withheld cells of the finest level."""
    count = {reason: int((why == reason).sum()) for reason in (PRIMARY, SECONDARY, BASE, FEW, DOMINANCE, GROUP,
                                                                   PPERCENT)}
    return Loss(**count, cells=why.size, persons=int(persons[(why != "") & finest].sum()))


def _reasons(count: CrosstabProtection) -> np.ndarray:
    """Why each cell of a protected count is withheld ("" where published): small, group disclosure, or secondary."""
    return np.where(count.secondary, SECONDARY, np.where(count.also, GROUP, np.where(count.primary, PRIMARY, "")))


def _count_name(key: str, measures) -> str:
    """The output name of a flag count: its sum measure, else the share's name (a hidden numerator)."""
    column = _flag_columns(measures)[int(key[4:])]
    named = [m.name for m in measures if m.column == column and m.kind == "sum"]
    return named[0] if named else next(m.name for m in measures if m.column == column)


def _count_rule(name: str, settings: DisclosureSettings, threshold: int) -> tuple[int, int]:
    """Minimum and rounding base of a count: the registry's where it names the count, else persons (10, 5)."""
    rule = rule_for(name, DisclosureSettings(min_count=settings.min_count))
    if rule is not None and rule.kind == "count" and rule.rounding:
        return max(rule.min_count, 1), int(rule.rounding)
    return threshold, DEFAULT_ROUNDING


def _long_table(cube: _Cube, groups, columns, measures, levels) -> tuple[pd.DataFrame, ...]:
    """One row per region and group combination; Totaal first in each group, then the groups in order.

    With it, in the same rows: why each figure is withheld ("" where published), each amount's
    protection levels (``levels``: name -> array of the cube's shape), and the row of the cell each
    secondary cell protects (-1 elsewhere).
    """
    shape = cube.sums["aantal"].shape
    orders = [np.concatenate([[n - 1], np.arange(n - 1)]) for n in shape[1:]]
    grid = np.meshgrid(np.arange(shape[0]), *orders, indexing="ij")
    flat = np.ravel_multi_index(tuple(g.ravel() for g in grid), shape)
    index = [g.ravel() for g in grid]
    data = {"code": np.array(cube.codes, dtype=object)[index[0]],
            "niveau": np.array(cube.levels, dtype=object)[index[0]]}
    for axis, group in enumerate(groups, start=1):
        names = np.array([*cube.categories[axis - 1], TOTAL], dtype=object)
        data[group] = names[index[axis]]
    frame = pd.DataFrame(data)
    for group in groups:
        frame[group] = frame[group].astype("string")
    reasons, protects = {}, {}
    row_of = np.empty(len(flat), dtype=np.int64)
    row_of[flat] = np.arange(len(flat))  # the frame's row of each cell of the cube
    for name in ["aantal", *(m.name for m in measures)]:
        values, why, protected = columns[name]
        protected = np.full(len(flat), -1) if protected is None else protected.ravel()[flat]
        protects[name] = np.where(protected >= 0, row_of[np.maximum(protected, 0)], -1)
        secret = why != ""
        kind = "count" if name == "aantal" else next(m.kind for m in measures if m.name == name)
        column = values.ravel()[flat]
        if kind in ("count", "sum"):
            frame[name] = pd.array(np.where(np.isnan(column), 0, column).astype(np.int64), dtype="Int64")
            frame.loc[np.isnan(column), name] = pd.NA
        else:
            frame[name] = pd.array(column, dtype="Float64")
            frame.loc[np.isnan(column), name] = pd.NA
        frame[status_column(name)] = written_statuses(secret.ravel()[flat], missing=np.isnan(column))
        reasons[name] = why.ravel()[flat]
    protection = pd.DataFrame({name: level.ravel()[flat] for name, level in levels.items()}, index=frame.index)
    return frame, pd.DataFrame(reasons, index=frame.index), protection, pd.DataFrame(protects, index=frame.index)


# --- writing ------------------------------------------------------------------------------------



def to_table(result: Aggregated, source: str = "") -> Table:
    """The long table as a ``Table``: figures with status ``secret`` where withheld, everything else labels."""
    frame = result.frame
    status = {}
    for name in result.figures:
        secret = (frame[status_column(name)] == WRITTEN[SECRET]).to_numpy()
        missing = frame[name].isna().to_numpy() & ~secret  # a mean or share of nobody: WRITTEN[MISSING]
        status[name] = pd.Categorical(np.where(secret, SECRET, np.where(missing, MISSING, OK)), dtype=STATUS_DTYPE)
    table = Table(data=frame, status=pd.DataFrame(status, index=frame.index),
                  columns={name: ColumnInfo(title=name) for name in result.figures},
                  source=source or result.report.source, code_column="code")
    return table


MAX_PERIODS = 60  # more values than this: not a period column (a person's id, a date per day)


def periods_of(path, column: str) -> list:
    """The values of ``column`` in a person-period file (one row per person per year), sorted.

    Whole numbers (years, 202301) or short text (``2023Q1``, ``2023-01``); a row without a period,
    a value with a quote in it, or more than ``MAX_PERIODS`` values is refused.
    """
    source = open_microdata(path, MicrodataError)
    import duckdb

    connection = duckdb.connect()
    try:
        relation = microdata_relation(connection, source, MicrodataError)
        if column not in relation.columns:
            raise MicrodataError(f"{source.label} has no column {column!r} for --period; choose one of "
                                 f"{', '.join(relation.columns[:12])}", "no_period", column=column)
        values = [row[0] for row in relation.aggregate(f"{_quote(column)}", group_expr=_quote(column)).fetchall()]
    finally:
        connection.close()
    if any(value is None for value in values):
        raise MicrodataError(f"--period {column}: some rows have no period; fill it in or leave those rows out "
                             "with --where", "period_gap", column=column)
    if len(values) > MAX_PERIODS or not all(isinstance(v, (int, str)) and "'" not in str(v) for v in values):
        raise MicrodataError(f"--period {column}: {len(values):,} different values; a period column holds years "
                             "or periods such as 2023Q1", "not_a_period", column=column)
    return sorted(values, key=lambda value: (str(type(value)), value))


def aggregate_periods(path, region_column: str, period: str, where: str | None = None, **options
                      ) -> list[tuple[str, Aggregated]]:
    """One protected table per period of a person-period file: ``aggregate_microdata`` on each period's rows.

    A person is in several periods, so the periods are no parts of one whole: each period's table is
    protected on its own, as a table of that year is. ``options`` as for ``aggregate_microdata``.
    """
    tables = []
    for value in periods_of(path, period):
        condition = f"`{period}` = " + (str(value) if isinstance(value, int) else f"'{value}'")
        tables.append((str(value), aggregate_microdata(path, region_column, where=f"({where}) and {condition}"
                                                       if where else condition, **options)))
    return tables


def period_paths(path, periods) -> list[Path]:
    """Where each period's table goes: ``NAME_2023.csv`` beside ``NAME.csv`` (a year in NAME is refused)."""
    path = check_output(path, OUTPUT_FORMATS, "a table")
    if year_in_name(path.name):
        raise MicrodataError(f"--out {path.name} names a year; with --period each table gets its own (NAME_2023"
                             f"{path.suffix}): leave the year out of --out", "year_in_out")
    return [path.with_name(f"{path.stem}_{value}{path.suffix}") for value in periods]


def write_periods(tables: list[tuple[str, Aggregated]], path, period: str, **options) -> list[Path]:
    """Write each period's table (``period_paths``) with its audit and descriptor: all of them or none.

    ``options`` as for ``write_aggregated``; each descriptor says which period its table is of.
    """
    written = []
    try:
        for target, (value, result) in zip(period_paths(path, [v for v, _ in tables]), tables):
            written.append(write_aggregated(result, target, period={"column": period, "value": value}, **options))
    except BaseException:
        for target in written:  # a later period failed: no set with holes
            for part in (target, *audit_paths(target), descriptor_path(target)):
                part.unlink(missing_ok=True)
        raise
    return written


def write_aggregated(result: Aggregated, path, notes=(), labels: dict | None = None, labels_en: dict | None = None,
                     synthetic: bool = False, themes: dict | None = None, period: dict | None = None,
                     units: dict | None = None) -> Path:
    """Write the long table all-or-nothing, with its audit and its descriptor beside it.

    CSV and XLSX as every export, Parquet with nulls. Beside ``NAME.csv`` (or ``.xlsx``,
    ``.parquet``) come ``NAME_controle.csv``, every withheld cell with its reason, and
    ``NAME_controle_samenvatting.csv``, the loss per column (``indicators.microdata.audit``). They
    are for the output checker and stay inside the secure environment: they hold the persons in
    withheld cells, so they are never sheets of the table that is released. And ``NAME.datapackage.json``, what each
    column is (``indicators.microdata.describe``), which travels with the table.

    Parameters
    ----------
    result : Aggregated
        From ``aggregate_microdata``.
    path : str or Path
        ``.csv`` (``;``, decimal comma, UTF-8 with BOM), ``.xlsx`` (with an explanation sheet) or ``.parquet``.
    notes : sequence of str
        Lines for the XLSX explanation sheet, after the rules applied.
    labels, labels_en : dict, optional
        Column name -> its label in Dutch, and in English; a name that is no column is refused.
    synthetic : bool
        Made from synthetic persons (the demo), as the descriptor says.
    themes : dict, optional
        Figure column -> theme (a key of the registry's ``[themes]``): where the map pages list it.
    period : dict, optional
        ``{"column": ..., "value": ...}``: the period of a person-period file the table is of
        (``write_periods``), said in the descriptor.
    units : dict, optional
        Figure column -> its unit (``euro``), for the descriptor; a name that is no figure is refused.
    """
    path = check_output(path, OUTPUT_FORMATS, "a table")
    for name in units or {}:
        if name not in result.figures:
            raise MicrodataError(f"--unit {name}=...: the table has no figure {name!r}; give one of "
                                 f"{', '.join(result.figures)}", "bad_unit_column", column=name)
    for name, theme in (themes or {}).items():
        if name not in result.figures:
            raise MicrodataError(f"--theme {name}=...: the table has no figure {name!r}; give one of "
                                 f"{', '.join(result.figures)}", "bad_theme_column", column=name)
        if theme not in THEMES:
            raise MicrodataError(f"--theme {name}={theme}: no such theme; choose one of {', '.join(THEMES)}",
                                 "bad_theme", theme=theme, themes=", ".join(THEMES))
    for name in [*(labels or {}), *(labels_en or {})]:
        if name not in result.frame.columns or name.endswith("_status"):
            columns = ", ".join(c for c in result.frame.columns if not c.endswith("_status"))
            raise MicrodataError(f"--label {name}=...: the table has no column {name!r}; label one of {columns}",
                                 "bad_label", column=name)
    descriptor = describe_aggregated(result, path, labels, labels_en, synthetic, themes, period, units)
    cells, summary = audit_of(result)
    audits = audit_paths(path)
    written = []
    try:
        for target, frame in zip(audits, (cells, summary)):
            written.append(export_frame(frame, target))
        if path.suffix.lower() == ".parquet":
            written.append(write_descriptor(descriptor, path))
            with atomic_output(path) as temporary:
                result.frame.to_parquet(temporary, index=False)
            return path
        return export_table(to_table(result), path, notes=[*notes, result.report.note()],
                            descriptor=descriptor)
    except BaseException:
        for target in written:  # all or nothing: no audit or descriptor without its table
            target.unlink(missing_ok=True)
        raise


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _number(value: float) -> str:
    return f"{value:g}"
