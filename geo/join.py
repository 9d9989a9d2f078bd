"""Join an indicator table to boundaries, with a report of everything that did not fit.

A join that silently drops districts produces maps that lie, so every join returns a
``JoinReport``: how many matched, which table rows and which districts found no partner (with
names), duplicate codes in the table, rows of other levels, and whether names stood in for codes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import pandas as pd

from geo.boundaries import Boundaries
from indicators.core.codes import LEVELS, levels_of, normalise_codes, parent_code
from indicators.core.columns import find_code_column, readable
from indicators.core.describe import describe_column
from indicators.core.errors import InputError
from indicators.core.formatting import mid_sentence
from indicators.core.registry import find_indicator
from indicators.core.table import Table
from indicators.core.values import MISSING, STATUS_DTYPE
from indicators.microdata.longtable import TOTAL, group_columns, map_slice


@dataclass
class JoinReport:
    """Outcome of a join; ``unmatched_*`` entries are ``{'code': ..., 'naam': ...}`` dicts."""

    table: str  # the table's file name
    joined_on: str  # "code" or "naam"
    level: str | None
    table_rows: int
    matched: int
    unmatched_table: list[dict] = field(default_factory=list)
    unmatched_boundaries: list[dict] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    unreadable_codes: list[str] = field(default_factory=list)
    other_levels: dict[str, int] = field(default_factory=dict)
    ambiguous_names: list[str] = field(default_factory=list)
    level_mismatch: str | None = None
    replaced_columns: list[str] = field(default_factory=list)
    cropped_to: list[str] = field(default_factory=list)  # gemeenten kept: those the table covers
    left_out: int = 0  # districts of other gemeenten left out of the map
    groups: dict[str, str] = field(default_factory=dict)  # a long table's group columns and the value shown
    group_values: dict[str, list] = field(default_factory=dict)  # each group column's values, Totaal first
    group_titles: dict[str, dict] = field(default_factory=dict)  # each group column's labels by language

    def to_dict(self) -> dict:
        """JSON-ready dict."""
        return asdict(self)


CROP_BELOW = 0.5  # crop the map to the table's gemeenten when they hold less than this share of its districts


class JoinError(InputError):
    """A table that cannot be joined at all; the message says what to do."""

    topic = "table"


def join_indicators(boundaries: Boundaries, table: Table, crop: bool = True,
                    groups: dict | None = None) -> tuple[Table, JoinReport]:
    """Attach the table's figures to the districts.

    Rows are matched on normalised region codes (``indicators.core.codes``); a table without a code
    column is matched on names, case and accents ignored. Where the table has no row for a
    district, its figures get status ``missing``. Table columns named like one of the boundary
    file's own figures, or the same registry indicator under another spelling, replace it (listed
    in ``replaced_columns``).

    A table about some gemeenten joined to a map of more (one municipality's figures on the
    national buurten) keeps only the districts of the gemeenten it covers (``crop``; the report
    says which and how many districts were left out): a speck of figures in a country of "no
    data" is no map. ``crop=False`` keeps every district.

    A long table (``aggregate``'s: every level, every group with its ``Totaal``) joins with the
    rows of the map's level and each group at its value in ``groups`` (group column -> value),
    ``Totaal`` by default (``indicators.microdata.longtable.map_slice``); the report says which
    (``groups``).

    Returns
    -------
    (Table, JoinReport)
        The joined districts (a GeoDataFrame in ``data``) and the report.
    """
    districts = boundaries.table
    level = boundaries.report.level
    shown_groups = {group: (groups or {}).get(group, TOTAL) for group in group_columns(table.data)}
    choices = {group: [TOTAL, *(v for v in dict.fromkeys(table.data[group].astype("string").dropna()) if v != TOTAL)]
               for group in shown_groups}
    titles = {group: table.titles.get(group, {}) for group in shown_groups}
    table = _named_slice(map_slice(table, level, groups), shown_groups)
    if table.code_column is None and level in LEVELS:  # bare numbers are codes once the level is known (0003)
        found = find_code_column(table.data, level)
        table = replace(table, code_column=found) if found else table
    if table.code_column is not None:
        rows, report = _match_codes(districts, table, level)
    elif table.name_column is not None:
        rows, report = _match_names(districts, table, level)
    else:
        raise JoinError(
            "the table has no column with region codes or district names: add a column with CBS codes "
            "(e.g. WK191601) or names, or name the code column explicitly", "no_key"
        )
    report.groups, report.group_values, report.group_titles = shown_groups, choices, titles
    if crop:
        districts, rows = _crop(districts, rows, report)
    report.replaced_columns = _superseded(districts, table)
    return _attach(districts, table, rows, report.replaced_columns), report


def _named_slice(table: Table, shown: dict[str, str]) -> Table:
    """A slice of a long table names its groups in each figure's title: "Aandeel werkenden (geslacht: vrouw)".

    A map of the women's figure must not read as everyone's.
    """
    chosen = {group: value for group, value in shown.items() if value != TOTAL}
    if not chosen:
        return table
    named = {lang: ", ".join(f"{mid_sentence(table.title_of(g, lang) or readable(g))}: {v}" for g, v in chosen.items())
             for lang in ("nl", "en")}
    columns = dict(table.columns)
    for column in table.figures:
        nl, en = (describe_column(table, column, lang).title for lang in ("nl", "en"))
        columns[column] = replace(columns[column], title=f"{nl} ({named['nl']})", title_en=f"{en} ({named['en']})",
                                  described=True)
    return replace(table, columns=columns)


def _superseded(districts: Table, table: Table) -> list[str]:
    """The boundary file's own figures the table brings too: under the same name, or as the same registry indicator.

    A PDOK wijken file carries KWB figures of its own. Joined to the KWB table, "Aantal inwoners"
    stood twice (``aantal_inwoners`` and ``AantalInwoners``), with different values from two
    editions and one label; the table the user joined is the figure they asked for.
    """
    joined = {_indicator_id(column) for column in table.figures}
    return [column for column in districts.figures if column in table.figures or _indicator_id(column) in joined]


def _crop(districts: Table, rows: np.ndarray, report: JoinReport) -> tuple[Table, np.ndarray]:
    """Only the districts of the gemeenten the table reached, when the map holds more; ``rows`` as kept."""
    if not report.matched:
        return districts, rows
    gemeenten = (districts.data["gemeentecode"] if "gemeentecode" in districts.data
                 else districts.data["code"].map(lambda code: parent_code(code, "gemeente")))
    covered = set(gemeenten[rows >= 0].dropna())
    keep = gemeenten.isin(covered).to_numpy()
    if keep.mean() > CROP_BELOW or not keep.any():  # a table about most of the map: its gaps are shown as gaps
        return districts, rows
    report.cropped_to = sorted(covered)
    report.left_out = int((~keep).sum())
    kept = {row["code"] for row in report.unmatched_boundaries} & set(districts.data["code"][keep])
    report.unmatched_boundaries = [row for row in report.unmatched_boundaries if row["code"] in kept]
    return Table(data=districts.data[keep].reset_index(drop=True), status=districts.status[keep].reset_index(drop=True),
                 columns=districts.columns, source=districts.source, code_column=districts.code_column,
                 name_column=districts.name_column, notes=districts.notes, credit=districts.credit), rows[keep]


def _match_codes(districts: Table, table: Table, level: str | None):
    raw = table.data[table.code_column]
    codes = normalise_codes(raw)
    if level in LEVELS and codes.isna().any():  # bare numbers take the boundaries' level
        codes = codes.where(codes.notna(), normalise_codes(raw, level))
    report = JoinReport(table=table.source, joined_on="code", level=level, table_rows=len(table.data), matched=0)
    has_code = codes.notna().to_numpy()
    unreadable = ~has_code & raw.notna().to_numpy()
    if unreadable.any():  # most tables have none: skip the selection
        report.unreadable_codes = [str(v) for v in raw[unreadable].tolist() if str(v).strip()]
    row_levels = levels_of(codes)
    here = (has_code & (row_levels == level).to_numpy()) if level in LEVELS else has_code
    report.other_levels = {lvl: int(n) for lvl, n in row_levels[has_code & ~here].value_counts().items()}
    if level in LEVELS and not here.any() and report.other_levels:
        found = ", ".join(report.other_levels)
        report.level_mismatch = f"the table holds {found} codes but the boundaries are {level} districts"
    keys = _drop_duplicates(codes.where(here), report)
    rows = _rows_of_districts(districts, keys)
    unmatched = keys.notna().to_numpy() & ~_reached(rows, len(keys))
    names = table.data[table.name_column] if table.name_column else pd.Series(None, index=keys.index)
    report.unmatched_table = [{"code": c, "naam": _text(n)} for c, n in zip(keys[unmatched], names[unmatched])]
    return rows, _finish(districts, rows, report)


def _match_names(districts: Table, table: Table, level: str | None):
    report = JoinReport(table=table.source, joined_on="naam", level=level, table_rows=len(table.data), matched=0)
    names = districts.data["naam"].map(simplify_name)
    counts = names.value_counts()
    report.ambiguous_names = sorted(districts.data["naam"][names.map(counts) > 1].astype(str).unique())
    lookup = {name: code for name, code in zip(names, districts.data["code"]) if counts[name] == 1}
    given = table.data[table.name_column]
    keys = _drop_duplicates(given.map(lambda value: lookup.get(simplify_name(value))), report)
    unmatched = keys.isna() & given.map(simplify_name).ne("")
    report.unmatched_table = [{"code": None, "naam": _text(n)} for n in given[unmatched]]
    rows = _rows_of_districts(districts, keys)
    return rows, _finish(districts, rows, report)


def _drop_duplicates(keys: pd.Series, report: JoinReport) -> pd.Series:
    """Keep the first row of a district that appears twice, and report the code."""
    duplicated = keys.notna() & keys.duplicated(keep="first")
    report.duplicates = sorted(set(keys[duplicated]))
    return keys.where(~duplicated)


def _rows_of_districts(districts: Table, keys: pd.Series) -> np.ndarray:
    """The table row (by position) of each district, -1 where none; ``keys`` holds a code per row or NA.

    One hash lookup of the districts' codes in the (unique) keys serves the whole join: the
    matches, what was left over on either side, the crop and the attached figures.
    """
    given = np.flatnonzero(keys.notna().to_numpy())
    found = pd.Index(keys.to_numpy()[given], dtype=object).get_indexer(districts.data["code"].to_numpy())
    return np.append(given, -1)[found]  # found -1 (no match) takes the appended -1


def _reached(rows: np.ndarray, table_rows: int) -> np.ndarray:
    """Per table row: does some district take it."""
    reached = np.zeros(table_rows, dtype=bool)
    reached[rows[rows >= 0]] = True
    return reached


def _finish(districts: Table, rows: np.ndarray, report: JoinReport) -> JoinReport:
    """Count the table rows that found a district and list the districts no table row reached."""
    report.matched = int(_reached(rows, report.table_rows).sum())
    codes, names = districts.data["code"], districts.data["naam"]  # two columns, not the frame with its geometry
    missing = rows < 0
    report.unmatched_boundaries = [{"code": c, "naam": _text(n)} for c, n in zip(codes[missing], names[missing])]
    return report


def _text(value) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def _attach(districts: Table, table: Table, rows: np.ndarray, replaced: list[str]) -> Table:
    """The districts with the table's figures of their matched row (``rows``: its position, or -1).

    Reindexing the position-numbered table by ``rows`` gives every district its row, and <NA>
    where it has none.
    """
    values = table.data[table.figures].reset_index(drop=True).reindex(rows).set_axis(districts.data.index)
    statuses = table.status.reset_index(drop=True).reindex(rows).set_axis(districts.data.index)
    for column in statuses.columns:
        statuses[column] = statuses[column].astype(STATUS_DTYPE).fillna(MISSING)
    keep_own = [c for c in districts.figures if c not in replaced]
    order = _in_place(list(districts.data.columns), replaced, table.figures)
    data = districts.data.drop(columns=replaced) if replaced else districts.data
    data = pd.concat([data, values], axis=1)[order]
    data = data.set_geometry(districts.data.geometry.name) if hasattr(districts.data, "geometry") else data
    columns = {**{c: districts.columns[c] for c in keep_own}, **table.columns}
    status = pd.concat([districts.status[keep_own], statuses], axis=1)
    return Table(
        data=data,
        status=status[[c for c in order if c in status.columns]],  # figures in the order of the data
        columns=columns,
        source=f"{districts.source} + {table.source}",
        credit="; ".join(dict.fromkeys((table.cited, districts.cited))),
        code_column=districts.code_column,
        name_column=districts.name_column,
        notes=districts.notes + table.notes,
    )


def _in_place(own: list[str], replaced: list[str], figures: list[str]) -> list[str]:
    """Column order of a join: a figure the table replaces keeps its place (a first map opens on it), the rest after."""
    same = {}
    for column in figures:
        same.setdefault(_indicator_id(column), column)
    order = []
    for column in own:
        if column in replaced and column not in figures:
            column = same.get(_indicator_id(column))
        if column is not None and column not in order:
            order.append(column)
    return order + [column for column in figures if column not in order]


def _indicator_id(column: str) -> str:
    found = find_indicator(column)
    return found.id if found is not None else column


def simplify_name(value) -> str:
    """Name key for joins: case, accents, punctuation and spacing ignored ('Sint-Jansbuurt' == 'sint jansbuurt')."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^0-9a-z]+", " ", text).strip()
