"""Read indicator tables (CSV, StatLine CSV, XLSX, CBS OData JSON) into one ``Table``.

``read_table`` only dispatches on the file format; each format has its own private reader.
Every reader hands raw cells (text as read, so ``.``, ``x`` and ``12*`` survive) to
``build_table``, which applies the one sentinel and symbol rule of ``indicators.core.values``.

StatLine CSV downloads (opendata.cbs.nl, ``;``-separated, every cell quoted, UTF-8 with BOM)
are recognised by their content, not by their name. Handled variants:

* **"CSV met/zonder statistische symbolen"** (flat): one header row such as
  ``"Wijken en buurten";"Regioaanduiding/Gemeentenaam (naam)";"Bevolking/Aantal inwoners (aantal)"``.
  The unit in the final brackets becomes ``ColumnInfo.unit``, the part after the last ``/``
  the title and the column name (the whole path where that name would repeat).
* **"CSV volgens tabelindeling"** (table layout, regions in rows): a title line and empty
  lines above the header, several header rows (topic group, topic, period, unit), and a
  footer such as ``"Bron: CBS"`` below. Header rows are joined with ``/``; a last header row
  of lower-case words or symbols (``aantal``, ``%``, ``x 1 000 euro``) is the unit row; a
  header row labelled ``Perioden`` is kept as header even though its cells look numeric.
* **"Onbewerkte dataset"** (the dataset CSV with OData keys, ``"ID";"WijkenEnBuurten";
  "Gemeentenaam_1";...``, codes padded to 10 characters): read as OData, with the
  DataProperties found beside the file as for JSON.

Region columns may hold padded codes (``"WK191601  "``, kept as they are: the join
normalises them) or region names. Figures carry ``.``/``x`` (secret), an empty cell
(missing) and ``*``/``**`` (provisional). A ``Perioden`` column stays a label: ``2024*``
there marks a provisional year, not a figure. Not handled: the table layout with regions in
columns (pivot the table in StatLine so regions are rows before downloading).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from indicators.core.codes import normalise_codes
from indicators.core.columns import YEAR_STEMS, find_code_column, find_name_column, stem
from indicators.core.errors import InputError
from indicators.core.table import ColumnInfo, Table, build_table
from indicators.core.values import SECRET, STATUS_SUFFIX, WRITTEN
from indicators.core.words import t
from indicators.io import limits
from indicators.io.files import check_text, decode, open_input, sniff_csv, vote_decimal
from indicators.io.kwb import KWB_TABLES
from indicators.io.odata import read_odata

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
SUPPORTED = CSV_SUFFIXES + (".xlsx", ".json", ".parquet")

_TABLE_ID = re.compile(r"\d{5}[A-Z]{3}|\d{4,5}[a-z]{3}", re.IGNORECASE)
_ODATA_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*_\d+$")
_UNIT = re.compile(r"^(.*\S)\s*\(([^()]*)\)$")
_FIGURE = re.compile(r"^[+-]?[\d.,\s]*\d[\d.,\s]*(?:[eE][+-]?\d+)?\*{0,2}$")
_FOOTER = re.compile(r"^(bron|source)\s*:|centraal bureau voor de statistiek", re.IGNORECASE)
_PERIOD_LABELS = {"perioden", "periode", "jaar", "year"}


class TableError(InputError):
    """A table file that cannot be read; the message says what was wrong and what to do."""

    topic = "table"


@dataclass
class _Raw:
    """Cells as read, before values and statuses: what every private reader returns."""

    frame: pd.DataFrame
    decimal: str = "."
    info: dict[str, ColumnInfo] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def read_table(source, *, name: str | None = None, code_column: str | None = None, sheet: str | None = None) -> Table:
    """Read an indicator table from a file path or uploaded bytes.

    Parameters
    ----------
    source : str, Path or bytes
        A file, or the bytes of an upload.
    name : str, optional
        File name of uploaded bytes; its extension chooses the format.
    code_column : str, optional
        The region-code column; found by name or content when not given.
    sheet : str, optional
        XLSX sheet name; the first sheet by default.

    Returns
    -------
    Table
        Labels (code, name, period columns and text) and figures with a status per cell.

    Raises
    ------
    TableError
        A ``ValueError`` whose one-line message says what was wrong and what to do.
    """
    source = open_input(source, formats=SUPPORTED, limit=limits.MAX_TABLE_BYTES, name=name, error=TableError,
                        smaller="keep only the districts and columns you need")
    data, path, label, suffix = source.read(), source.path, source.label, source.suffix
    if not data.strip():
        raise TableError(f"'{label}' is empty: export the table again with its header and rows", "empty")
    if suffix == ".json":
        table = _with_code_column(_read_json(data, path, label), code_column, label)
        return _credited(table, path, label, "")
    if suffix == ".xlsx":
        raw = _read_xlsx(data, label, sheet)
    elif suffix == ".parquet":
        raw = _read_parquet(data, label)
    else:
        check_text(data, label, TableError)
        try:
            raw = _read_csv(data, path, label)
        except csv.Error as error:
            raise TableError(f"{label} could not be read as CSV ({error}); save the table again as CSV (UTF-8)",
                             "unreadable") from None
        if isinstance(raw, Table):
            return _described(_credited(_with_code_column(raw, code_column, label), path, label, ""), path)
    return _described(_credited(_finish(raw, code_column, label), path, label, _statline_title(data)), path)


def _described(table: Table, path: Path | None) -> Table:
    """The table with its labels, units and kinds from the descriptor beside its file, where there is one."""
    from indicators.io.descriptor import apply_descriptor, read_descriptor

    return apply_descriptor(table, read_descriptor(path)) if path is not None else table


def _credited(table: Table, path: Path | None, label: str, title: str) -> Table:
    """Name who made a table: a CBS table by its title or id; other tables keep their file name (``Table.cited``).

    A CBS table is known by a TableInfos file beside it, a StatLine title line or a KWB table id in its name.
    """
    info = _table_info_beside(path)
    if info:
        table.credit = t("credit_cbs_table", "nl", title=info)
    elif title:
        table.credit = t("credit_cbs_table", "nl", title=title)
    else:
        found = _TABLE_ID.search(label)
        year = next((year for year, key in KWB_TABLES.items() if found and key.lower() == found.group(0).lower()), None)
        if year:
            table.credit = f"{t('credit_kwb', 'nl', year=year)} ({KWB_TABLES[year]})"
    return table


def _table_info_beside(path: Path | None) -> str:
    """"Title (id)" from a CBS TableInfos file beside a data file, "" when there is none."""
    if path is None:
        return ""
    for candidate in sorted(path.parent.glob("*TableInfos*.json")):
        try:
            document = json.loads(_text(candidate.read_bytes()))
        except (OSError, ValueError):
            continue
        rows = document.get("value", document) if isinstance(document, dict) else document
        row = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else None
        if row and row.get("Title"):
            return f"{str(row['Title']).strip()} ({row.get('Identifier', '')})".replace(" ()", "")
    return ""


def _statline_title(data: bytes) -> str:
    """The title line above a StatLine table-layout download ("Kerncijfers wijken en buurten 2024"), or ""."""
    try:
        first = _text(data[:4096]).lstrip("\ufeff").splitlines()[0]
    except (IndexError, UnicodeDecodeError, ValueError):
        return ""
    cells = [cell.strip().strip('"') for cell in first.split(";")]
    filled = [cell for cell in cells if cell]
    return filled[0] if len(filled) == 1 and first.startswith('"') and not _FOOTER.search(filled[0]) else ""





def _finish(raw: _Raw, code_column: str | None, label: str) -> Table:
    """Pick code, name and period columns, keep them as labels, and convert the rest."""
    frame = raw.frame
    if frame.shape[1] < 2:
        raise TableError(
            f"{label} has only one column; save it with a separator (; , tab or |) between the code and figures",
            "one_column",
        )
    if code_column is not None:
        _check_column(frame, code_column, label)
        code = code_column
    else:
        code = find_code_column(frame)
    name_column = find_name_column(frame, exclude=code)
    labels = {code, name_column} - {None}
    labels |= {column for column in frame.columns if stem(column) in YEAR_STEMS}
    table = build_table(frame, raw.decimal, labels=labels, info=raw.info, source=label)
    table.code_column, table.name_column = code, name_column
    table.notes.extend(raw.notes)
    if code is None:
        table.notes.append("no region-code column found; choose one with code_column or join on names")
    return table


def _check_column(frame: pd.DataFrame, column: str, label: str) -> None:
    if column not in frame.columns:
        available = ", ".join(map(str, frame.columns))
        raise TableError(f"code column {column!r} is not in {label}; available columns: {available}",
                         "no_code_column", column=column, columns=available)


def _with_code_column(table: Table, code_column: str | None, label: str) -> Table:
    """Apply the user's code column to a table read as OData (its text columns are labels already)."""
    if code_column is None:
        return table
    _check_column(table.data, code_column, label)
    if code_column in table.status.columns:
        raise TableError(
            f"code column {code_column!r} in {label} holds figures, not region codes; choose a text column",
            "code_column_numeric", column=code_column,
        )
    table.code_column = code_column
    if table.name_column == code_column:
        table.name_column = None
    return table


# --- CSV ---------------------------------------------------------------------------------




def _read_csv(data: bytes, path: Path | None, label: str) -> _Raw | Table:
    dialect = sniff_csv(data)
    text, _ = decode(data)
    if not text.strip():
        raise TableError(f"'{label}' is empty: export the table again with its header and rows", "empty")
    sep = dialect.separator
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=sep)]
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if max(len(row) for row in rows) < 2:
        raise TableError(
            f"{label} has only one column; save it with a separator (; , tab or |) between the code and figures",
            "one_column",
        )
    statline = _looks_like_statline(rows, text, sep)
    header_index = _first_header(rows)
    header = [cell.strip() for cell in rows[header_index]]
    if statline and _is_odata_header(header):
        return _read_odata_csv(rows[header_index:], path, label)
    raw = _rows_to_raw(rows, label, statline=statline)
    raw.decimal = _decimal_of(raw.frame, lean_comma=sep == ";")
    return raw


def _looks_like_statline(rows: list[list[str]], text: str, sep: str) -> bool:
    """StatLine writes ``;``, quotes every cell and adds a "Bron: CBS" footer or a title."""
    if sep != ";":
        return False
    first = text.lstrip("\ufeff").lstrip()
    footer = any(_FOOTER.search(row[0].strip()) for row in rows[-5:] if _filled(row) == 1)
    title = _filled(rows[0]) == 1
    return first.startswith('"') and (footer or title or _is_odata_header(rows[0]) or _has_units(rows[0]))


def _filled(row) -> int:
    return sum(1 for cell in row if cell is not None and str(cell).strip())


def _first_header(rows) -> int:
    """Index of the header: the first row with two or more filled cells (titles have one)."""
    for i, row in enumerate(rows):
        if _filled(row) >= 2:
            return i
    return 0


def _is_odata_header(header) -> bool:
    keys = [str(cell).strip() for cell in header if cell]
    return "ID" in keys and sum(bool(_ODATA_KEY.match(key)) for key in keys) >= max(1, len(keys) // 2)


def _has_units(header) -> bool:
    cells = [str(cell).strip() for cell in header if cell]
    return sum(bool(_UNIT.match(cell)) for cell in cells) >= max(1, len(cells) // 2)


def _read_odata_csv(rows: list[list[str]], path: Path | None, label: str) -> Table:
    """Read the StatLine dataset CSV (OData keys as header) as OData rows, DataProperties beside."""
    header = [cell.strip() for cell in rows[0]]
    body = [row for row in rows[1:] if not (_filled(row) == 1 and _FOOTER.search(row[0].strip()))]
    records = [dict(zip(header, row)) for row in body]
    properties, notes = _properties_beside(path)
    table = read_odata(records, properties, source=label)
    table.notes.extend(notes)
    return table


def _rows_to_raw(rows: list[list], label: str, statline: bool) -> _Raw:
    """Build the raw frame from rows of cells: skip titles, join header rows, drop footers."""
    notes = []
    start = _first_header(rows)
    if start:
        notes.append(f"skipped {start} title line(s) above the header")
    rows = rows[start:]
    while len(rows) > 1 and _filled(rows[-1]) <= 1 and _is_footer(rows[-1]):
        rows = rows[:-1]
    width = max(len(row) for row in rows)
    rows = [list(row) + [""] * (width - len(row)) for row in rows]
    n_header = _count_header_rows(rows) if statline else 1
    header_rows, body = rows[:n_header], rows[n_header:]
    names, info = _column_names(header_rows, statline, _figure_columns(rows))
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    keep = [j for j in range(width) if names[j] or any(_filled([cell]) for cell in frame[j])]
    frame = frame[keep]
    taken = {names[j] for j in keep if names[j]}
    frame.columns = [names[j] or next(f"column_{j + 1}{'_' * n}" for n in range(width + 1)
                                      if f"column_{j + 1}{'_' * n}" not in taken) for j in keep]
    frame = frame.reset_index(drop=True)
    info = {names[j]: info[j] for j in keep if j in info}
    if frame.empty:
        notes.append("the table has a header but no rows")
    return _Raw(frame=frame, info=info, notes=notes)


def _is_footer(row) -> bool:
    filled = [str(cell).strip() for cell in row if cell is not None and str(cell).strip()]
    return not filled or bool(_FOOTER.search(filled[0]))


def _count_header_rows(rows: list[list[str]]) -> int:
    """Header rows of a StatLine table layout: text in figure columns, or a period row."""
    figure_columns = _figure_columns(rows)
    count = 1
    for row in rows[1:]:
        if _is_period_row(row, figure_columns) or any(
            str(row[j]).strip() and not _is_figure(row[j]) for j in figure_columns
        ):
            count += 1
        else:
            break
    return count


def _figure_columns(rows: list[list]) -> list[int]:
    """Columns after the first whose cell in the last row is a figure or a StatLine symbol."""
    return [j for j in range(1, len(rows[0])) if _is_figure(rows[-1][j])]


def _is_period_row(row, figure_columns) -> bool:
    return any(stem(str(cell)) in _PERIOD_LABELS for j, cell in enumerate(row) if j not in figure_columns)


def _is_figure(cell) -> bool:
    text = str(cell).strip()
    return text in ("", ".", "x", "X") or bool(_FIGURE.match(text))


def _is_unit(cell) -> bool:
    """Units are lower case or symbols (``aantal``, ``%``, ``x 1 000 euro``); titles start upper case."""
    text = str(cell).strip()
    return bool(text) and (text[0].islower() or text[0] in "%€‰")


def _column_names(
    header_rows: list[list], statline: bool, figure_columns: list[int]
) -> tuple[list[str], dict[int, ColumnInfo]]:
    """Name each column from its header cells; StatLine units, periods and group paths go to ColumnInfo."""
    width = len(header_rows[0])
    if not statline:
        return _unique([str(cell).strip() for cell in header_rows[0]]), {}
    unit_row = header_rows[-1] if len(header_rows) > 1 and _is_unit_row(header_rows[-1], figure_columns) else None
    periods = [""] * width
    titles, paths, units, keys = [], [], [], []
    for j in range(width):
        cells = [str(row[j]).strip() for row in header_rows]
        keys.append("/".join(cell for cell in cells if cell))
        unit = ""
        if unit_row is not None and j in figure_columns and _is_unit(unit_row[j]):
            unit = cells.pop()
        parts = []
        for row, cell in zip(header_rows, cells):
            if cell and j > 0 and _is_period_row(row, [j]):
                periods[j] = cell
            elif cell and cell not in parts:
                parts.append(cell)
        path = "/".join(parts)
        match = _UNIT.match(path)
        if match and not unit:
            path, unit = match.group(1), match.group(2).strip()
        titles.append(path.rsplit("/", 1)[-1])
        paths.append(path)
        units.append(unit)
    counts = {title: titles.count(title) for title in titles}
    several_periods = len({period for period in periods if period}) > 1
    names = []
    for j in range(width):
        name = titles[j] if counts[titles[j]] == 1 else paths[j]
        names.append(f"{name} {periods[j]}".strip() if several_periods else name)
    names = _unique(names)
    info = {
        j: ColumnInfo(
            title=titles[j], unit=units[j], description=f"period {periods[j]}" if periods[j] else "", source_key=keys[j]
        )
        for j in range(width)
        if names[j]
    }
    return names, info


def _is_unit_row(row, figure_columns) -> bool:
    """Tell a unit row: a unit above every figure; label columns may carry a dimension name there."""
    cells = [row[j] for j in figure_columns if str(row[j]).strip()]
    return bool(cells) and all(_is_unit(cell) for cell in cells)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name and name in seen:
            seen[name] += 1
            out.append(f"{name} ({seen[name]})")
        else:
            seen[name] = 1
            out.append(name)
    return out



def _decimal_of(frame: pd.DataFrame, lean_comma: bool) -> str:
    """The decimal mark of a table's cells (the one rule of ``indicators.io.files.vote_decimal``)."""
    return vote_decimal((cell for column in frame.columns for cell in frame[column].head(500)), lean_comma)


# --- XLSX --------------------------------------------------------------------------------


def _read_xlsx(data: bytes, label: str, sheet: str | None) -> _Raw:
    """Read values, not formulas, of one sheet; header is the first row with two filled cells."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    merged = _check_workbook(data, label)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, zlib.error, EOFError) as error:
        message = f"{label} is not a valid .xlsx workbook ({error}); save it again from Excel as .xlsx"
        raise TableError(message, "bad_xlsx") from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise TableError(f"sheet {sheet!r} is not in {label}; available sheets: {', '.join(book.sheetnames)}",
                             "no_sheet", sheets=", ".join(book.sheetnames))
        rows, cells = [], 0
        for row in worksheet.iter_rows(values_only=True):
            cells += len(row)
            if cells > limits.MAX_TABLE_CELLS:
                raise TableError(f"{label} has more than {limits.MAX_TABLE_CELLS:,} cells in sheet "
                                 f"{worksheet.title!r}, the limit; keep only the districts and columns you need",
                                 "too_many_cells", limit=limits.MAX_TABLE_CELLS)
            rows.append(list(row))
    except TableError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, zlib.error, EOFError) as error:
        message = f"{label} is not a valid .xlsx workbook ({error}); save it again from Excel as .xlsx"
        raise TableError(message, "bad_xlsx") from None
    finally:
        book.close()
    _spread_merged(rows, merged.get(worksheet.title, []))
    rows = [["" if cell is None else cell for cell in row] for row in rows if _filled(row)]
    if not rows:
        raise TableError(f"{label} has no filled cells in sheet {worksheet.title!r}; choose another sheet",
                         "empty")
    raw = _rows_to_raw(rows, label, statline=bool(merged.get(worksheet.title)))
    raw.frame = raw.frame.map(lambda cell: None if isinstance(cell, str) and not cell.strip() else cell)
    raw.decimal = _decimal_of(raw.frame, lean_comma=True)
    return raw


def _read_parquet(data: bytes, label: str) -> _Raw:
    """Cells of a Parquet table (as ``aggregate`` writes it: nulls where withheld, a status beside each figure)."""
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as error:  # a damaged file can raise anything pyarrow has
        raise TableError(f"{label} could not be read as Parquet ({' '.join(str(error).split())[:200]}); write it "
                         "again", "unreadable") from None
    if frame.size > limits.MAX_TABLE_CELLS:
        raise TableError(f"{label} has more than {limits.MAX_TABLE_CELLS:,} cells, the limit; keep only the "
                         "districts and columns you need", "too_many_cells", limit=limits.MAX_TABLE_CELLS)
    frame.columns = [str(column) for column in frame.columns]
    cells = frame.astype(object).where(frame.notna(), None)
    for column in frame.columns:  # a withheld cell is a null beside the status "geheim": read as the CSV's "."
        status = f"{column}{STATUS_SUFFIX}"
        if status in frame.columns:
            words = frame[status].astype("string").str.strip().str.lower()
            cells.loc[words.isin({WRITTEN[SECRET], SECRET}).fillna(False).to_numpy(dtype=bool), column] = "."
    return _Raw(frame=cells)


def _check_workbook(data: bytes, label: str) -> dict[str, list[tuple[int, int, int, int]]]:
    """Refuse zip bombs from the workbook's directory; return the merged cell ranges of each sheet."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if len(infos) > limits.MAX_ZIP_MEMBERS or total > limits.MAX_ZIP_UNCOMPRESSED:
                raise TableError(
                    f"{label} unpacks to {limits.megabytes(total)} in {len(infos)} parts, more than the limit of "
                    f"{limits.megabytes(limits.MAX_ZIP_UNCOMPRESSED)}; keep only the districts and columns you need",
                    "too_large", size=limits.megabytes(total), limit=limits.megabytes(limits.MAX_ZIP_UNCOMPRESSED))
            return _merged_ranges(archive)
    except TableError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, zlib.error, EOFError) as error:
        message = f"{label} is not a valid .xlsx workbook ({error}); save it again from Excel as .xlsx"
        raise TableError(message, "bad_xlsx") from None


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_SHEET = re.compile(rb'<(?:\w+:)?sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"')
_RELATION = re.compile(rb'<Relationship [^>]*Id="([^"]*)"[^>]*Target="([^"]*)"|<Relationship [^>]*Target="([^"]*)"'
                       rb'[^>]*Id="([^"]*)"')


def _merged_ranges(archive: zipfile.ZipFile) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges (first row, first column, last row, last column; 0-based) of each sheet, by name.

    Read-only openpyxl does not report merged cells, so they are read from the sheets' XML; a
    merged range's value sits in its first cell and is spread over the range by ``_spread_merged``.
    """
    from openpyxl.utils import column_index_from_string

    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets = {}
    for match in _RELATION.finditer(archive.read("xl/_rels/workbook.xml.rels")):
        rid, target = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        targets[rid] = target.decode().lstrip("/")
    merged = {}
    for name, rid in _SHEET.findall(archive.read("xl/workbook.xml")):
        target = targets.get(rid, "")
        member = target if target.startswith("xl/") else f"xl/{target}"
        if member not in names:
            continue
        ranges = []
        with archive.open(member) as sheet:
            tail = b""
            while chunk := sheet.read(1024 * 1024):
                text = tail + chunk
                ranges += [(int(r1) - 1, column_index_from_string(c1.decode()) - 1, int(r2) - 1,
                            column_index_from_string(c2.decode()) - 1) for c1, r1, c2, r2 in _MERGE.findall(text)]
                tail = text[-200:] if not text.endswith(b">") else b""
        merged[name.decode()] = sorted(set(ranges))
    return merged


def _spread_merged(rows: list[list], ranges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its first cell (header cells spanning columns)."""
    for top, left, bottom, right in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for i in range(top, min(bottom, len(rows) - 1) + 1):
            for j in range(left, right + 1):
                if j < len(rows[i]) and rows[i][j] is None:
                    rows[i][j] = value


# --- OData JSON --------------------------------------------------------------------------


def _text(data: bytes) -> str:
    return decode(data)[0]


def _read_json(data: bytes, path: Path | None, label: str) -> Table:
    """Read TypedDataSet JSON (``{"value": [...]}`` or a bare array) or a dict of code -> values."""
    try:
        document = json.loads(_text(data))
    except json.JSONDecodeError as error:
        raise TableError(f"{label} is not valid JSON ({error.msg} at line {error.lineno}); download it again",
                         "bad_json") from None
    except RecursionError:
        raise TableError(f"{label} is not a table: its JSON is nested too deeply; download it again",
                         "bad_json") from None
    rows = _json_rows(document, label)
    properties, notes = _properties_beside(path)
    table = read_odata(rows, properties, source=label)
    table.notes.extend(notes)
    return table


def _json_rows(document, label: str) -> list[dict]:
    if isinstance(document, dict) and isinstance(document.get("value"), list):
        document = document["value"]
    if isinstance(document, list) and document and all(isinstance(row, dict) for row in document):
        if _is_properties(document):
            raise TableError(
                f"{label} holds DataProperties (column descriptions), not figures; open the TypedDataSet file",
                "not_odata",
            )
        return document
    if isinstance(document, dict) and document and all(isinstance(v, dict) for v in document.values()):
        if normalise_codes(pd.Series(list(document), dtype=object)).notna().mean() >= 0.8:
            return [{"WijkenEnBuurten": code, **values} for code, values in document.items()]
        raise TableError(f"{label} is JSON but not a table of figures: neither CBS OData rows nor region codes "
                         "with their figures; load a CSV, XLSX or CBS OData table", "not_odata")
    raise TableError(
        f"{label} is not a CBS OData table; expected TypedDataSet rows ({{\"value\": [...]}} or a JSON array)",
        "not_odata",
    )


def _is_properties(rows: list[dict]) -> bool:
    return all("Key" in row and "Type" in row for row in rows[:20])


def _properties_beside(path: Path | None) -> tuple[list[dict] | None, list[str]]:
    """Find the DataProperties file beside a data file, preferring one with the same table id.

    Without one the table is still read (figures named by stem, titles = names) and a note
    says so: a map with bare stems is more useful than an error.
    """
    if path is None:
        return None, ["uploaded OData file: no DataProperties beside it, so titles and units are unknown"]
    candidates = sorted(
        p for p in path.parent.glob("*.json") if "dataproperties" in p.name.lower() and p.resolve() != path.resolve()
    )
    table_id = _TABLE_ID.search(path.name)
    if table_id:
        same = [p for p in candidates if table_id.group(0).lower() in p.name.lower()]
        candidates = same or candidates
    if not candidates:
        return None, [f"no DataProperties file found beside {path.name}; titles and units are unknown"]
    if len(candidates) > 1:
        names = ", ".join(p.name for p in candidates)
        return None, [f"several DataProperties files beside {path.name} ({names}); none used"]
    try:
        document = json.loads(_text(candidates[0].read_bytes()))
    except (OSError, json.JSONDecodeError):
        return None, [f"{candidates[0].name} is not valid JSON; titles and units are unknown"]
    if isinstance(document, dict):
        document = document.get("value")
    if not isinstance(document, list) or not _is_properties([p for p in document if isinstance(p, dict)] or [{}]):
        return None, [f"{candidates[0].name} is not a DataProperties list; titles and units are unknown"]
    return document, [f"column descriptions from {candidates[0].name}"]
