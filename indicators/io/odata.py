"""CBS OData v3 tables: TypedDataSet rows plus DataProperties become one ``Table``.

Kept apart from the file readers so a downloader that gets the same JSON over HTTP can reuse it.

Figure columns are named by their *stem*, the key without its position suffix
(``AantalInwoners_5`` -> ``AantalInwoners``), because the suffix moves between years and
revisions. A few stems occur more than once in one table (2024: ``Nederland_17`` under
"Herkomstland" and ``Nederland_20`` under "Geboren in Nederland"; ``Appartement_54`` under
electricity and ``Appartement_62`` under gas). Each of those gets the CamelCase title of the
nearest parent TopicGroup whose titles tell the duplicates apart, put in front of the stem,
the way CBS builds its own keys: ``HerkomstlandNederland``, ``GeborenInNederlandNederland``,
``GemiddeldeElektriciteitsleveringAppartement``, ``GemiddeldAardgasverbruikAppartement``.
These names depend on the topic tree, not on positions, so they stay the same from year to
year as long as CBS keeps the tree. Where no parent level tells them apart, the original key
is used.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import numpy as np
import pandas as pd

from indicators.core.codes import normalise_codes
from indicators.core.columns import find_code_column, find_name_column, stem
from indicators.core.table import ColumnInfo, Table, build_table

DIMENSION_TYPES = ("GeoDetail", "GeoDimension", "Dimension", "TimeDimension")
INTEGER_TYPES = ("Long", "Integer", "Short", "Byte", "Int16", "Int32", "Int64")
FLOAT_TYPES = ("Double", "Float", "Decimal", "Single")
ROW_ID = "ID"

_SUFFIX = re.compile(r"_\d+$")


def key_stem(key: str) -> str:
    """Return an OData key without its position suffix: ``AantalInwoners_5`` -> ``AantalInwoners``."""
    return _SUFFIX.sub("", key)


def column_names(properties: list[dict]) -> dict[str, str]:
    """Name every key of a DataProperties list by its stem, qualifying stems that repeat.

    Returns
    -------
    dict
        Original key -> column name, for dimensions and topics (TopicGroups have no column).
    """
    by_id = {p.get("ID"): p for p in properties}
    keyed = [p for p in properties if p.get("Key") and p.get("Type") != "TopicGroup"]
    groups: dict[str, list[dict]] = defaultdict(list)
    for prop in keyed:
        groups[key_stem(prop["Key"])].append(prop)
    names = {}
    for name, group in groups.items():
        if len(group) == 1:
            names[group[0]["Key"]] = name
        else:
            names.update(_qualify(name, group, by_id))
    taken: dict[str, int] = defaultdict(int)
    for name in names.values():
        taken[name] += 1
    return {key: (key if taken[name] > 1 else name) for key, name in names.items()}


def _qualify(name: str, group: list[dict], by_id: dict) -> dict[str, str]:
    """Prefix a repeated stem with the nearest parent group title that differs within ``group``."""
    chains = [_ancestor_titles(prop, by_id) for prop in group]
    for depth in range(max(len(chain) for chain in chains)):
        titles = [chain[depth] if depth < len(chain) else "" for chain in chains]
        if all(titles) and len(set(titles)) == len(titles):
            return {prop["Key"]: _camel(title) + name for prop, title in zip(group, titles)}
    return {prop["Key"]: prop["Key"] for prop in group}


def _ancestor_titles(prop: dict, by_id: dict) -> list[str]:
    titles, parent = [], by_id.get(prop.get("ParentID"))
    while parent is not None and len(titles) < 20:
        titles.append(str(parent.get("Title") or "").strip())
        parent = by_id.get(parent.get("ParentID"))
    return titles


def _camel(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^0-9A-Za-z]+", text) if word)


def find_key(properties: list[dict], stem_name: str) -> str | None:
    """Find the key of a figure in this year's DataProperties by its stem.

    ``find_key(props, "PersonenPerSoortUitkeringBijstand")`` gives
    ``"PersonenPerSoortUitkeringBijstand_94"`` in 2024, whatever the suffix is in another
    year. Matching ignores case, spaces and underscores (``stem`` of ``indicators.core.columns``);
    the qualified names of repeated stems (see the module docstring) and full keys work too.

    Raises
    ------
    ValueError
        When the stem is one that repeats in this table, naming the qualified names to use.
    """
    names = column_names(properties)
    if stem_name in names:
        return stem_name
    wanted = stem(stem_name)
    for key, name in names.items():
        if stem(name) == wanted:
            return key
    repeated = [key for key in names if stem(key) == wanted]
    if len(repeated) > 1:
        choices = ", ".join(names[key] for key in repeated)
        raise ValueError(f"{stem_name!r} occurs {len(repeated)} times in this table; use one of {choices}")
    return None


def dimension_key(properties: list[dict] | None) -> str | None:
    """Return the key of the region dimension (``WijkenEnBuurten``), or of the first dimension."""
    dimensions = [p for p in properties or () if p.get("Type") in DIMENSION_TYPES and p.get("Key")]
    for prop in dimensions:
        if prop["Type"] in ("GeoDetail", "GeoDimension"):
            return prop["Key"]
    return dimensions[0]["Key"] if dimensions else None


def read_odata(rows: list[dict], properties: list[dict] | None, source: str = "") -> Table:
    """Turn TypedDataSet rows and their DataProperties into a ``Table``.

    Parameters
    ----------
    rows : list of dict
        The ``value`` array of a TypedDataSet (numbers, null) or UntypedDataSet (text with
        StatLine symbols such as ``.``); as saved by ``cbsodata`` dimension cells may hold
        titles instead of codes.
    properties : list of dict or None
        The DataProperties of the same table. Without them columns are still named by stem,
        titles are those names, text columns are recognised by content, and a note says so.
    source : str
        Where the rows came from, for messages and the source line.

    Returns
    -------
    Table
        Figures named by stem (see the module docstring), ``ColumnInfo`` from DataProperties,
        String topics and dimensions as labels, the region dimension as code column with its
        values as delivered (padded to 10 characters by the API).
    """
    if not rows or not all(isinstance(row, dict) for row in rows):
        raise ValueError(f"{source or 'the OData table'} has no rows of figures; download the TypedDataSet again")
    frame = pd.DataFrame(rows, dtype=object)
    frame = frame.where(frame.notna(), None)
    props = {p["Key"]: p for p in properties or () if p.get("Key") and p.get("Type") != "TopicGroup"}
    notes = []
    if ROW_ID in frame.columns and ROW_ID not in props:
        frame = frame.drop(columns=ROW_ID)
    if properties:
        names = column_names(properties)
        unknown = [key for key in frame.columns if key not in props]
        if unknown:
            notes.append(f"columns not described in DataProperties: {', '.join(map(str, unknown))}")
    else:
        names = {}
        notes.append("no DataProperties found: titles are column names and units are unknown")
    names = _names_for(frame.columns, names)
    frame = frame.rename(columns=names)

    dimension = names.get(dimension_key(properties) or "WijkenEnBuurten")
    labels, info, integers, doubles = set(), {}, set(), set()
    for key, name in names.items():
        prop = props.get(key)
        column = frame[name]
        if prop is None:
            if _all_integers(column):
                integers.add(name)
            frame[name] = _as_numbers(column)
            continue
        datatype = prop.get("Datatype", "")
        if prop.get("Type") in DIMENSION_TYPES or datatype == "String":
            labels.add(name)
            continue
        info[name] = ColumnInfo(
            title=str(prop.get("Title") or name).strip(),
            unit=str(prop.get("Unit") or "").strip(),
            decimals=prop.get("Decimals"),
            description=str(prop.get("Description") or "").strip(),
            source_key=key,
        )
        if datatype in INTEGER_TYPES:
            integers.add(name)
        elif datatype in FLOAT_TYPES:
            doubles.add(name)
        frame[name] = _as_numbers(column)

    code_column = _code_column(frame, dimension)
    labels |= {code_column} - {None}
    name_column = _name_column(frame, code_column, dimension)
    labels |= {name_column} - {None}

    table = build_table(frame, ".", labels=labels, info=info, integer_columns=integers, source=source)
    for name in doubles & set(table.figures):
        if table.data[name].dtype == "Int64":
            table.data[name] = table.data[name].astype("Float64")
    for name in table.data.columns:
        if name not in table.status.columns and name != code_column:
            table.data[name] = _strip_padding(table.data[name])
    for name in table.figures:
        if name not in info:
            table.columns[name].source_key = next((k for k, n in names.items() if n == name), name)
    table.code_column, table.name_column = code_column, name_column
    table.notes.extend(notes)
    return table


def _names_for(columns, known: dict[str, str]) -> dict[str, str]:
    """Name every column of the rows: DataProperties names, else the stem, else the key."""
    names = {key: known.get(key) or key_stem(str(key)) for key in columns}
    counts: dict[str, int] = defaultdict(int)
    for name in names.values():
        counts[name] += 1
    return {key: (str(key) if counts[name] > 1 else name) for key, name in names.items()}


def _all_integers(column: pd.Series) -> bool:
    cells = [cell for cell in column if cell is not None]
    return bool(cells) and all(isinstance(cell, (int, np.integer)) and not isinstance(cell, bool) for cell in cells)


def _as_numbers(column: pd.Series) -> pd.Series:
    """Give JSON numbers a float dtype (fast, vectorised sentinels); leave text cells as they are."""
    cells = column.to_numpy(dtype=object)
    if not all(cell is None or (isinstance(cell, (int, float)) and not isinstance(cell, bool)) for cell in cells):
        return column
    return pd.Series(np.array([np.nan if cell is None else cell for cell in cells], dtype=float), index=column.index)


def _strip_padding(column: pd.Series) -> pd.Series:
    return column.map(lambda cell: cell.strip() if isinstance(cell, str) else cell)


def _code_column(frame: pd.DataFrame, dimension: str | None) -> str | None:
    """Pick the region dimension when it holds codes (TypedDataSet), else the column found by name."""
    if dimension in frame.columns and normalise_codes(frame[dimension].head(200)).notna().mean() > 0.8:
        return dimension
    return find_code_column(frame)


def _name_column(frame: pd.DataFrame, code_column: str | None, dimension: str | None) -> str | None:
    """Region names: the dimension when ``cbsodata`` put titles there, else a name column.

    ``Gemeentenaam`` names the municipality of every row, so it is the region name only when
    every row is a gemeente.
    """
    if dimension in frame.columns and dimension != code_column:
        return dimension
    name = find_name_column(frame, exclude=code_column)
    if name is not None and stem(name) == "gemeentenaam" and code_column is not None:
        codes = normalise_codes(frame[code_column]).dropna()
        if not codes.str.startswith("GM").all():
            return None
    return name
