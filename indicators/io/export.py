"""Write a joined table as CSV, XLSX or GeoPackage, safely and all-or-nothing.

Conventions, chosen so that a file opens correctly where Dutch users open it and reads back
into this product with the same statuses:

- CSV: UTF-8 with BOM, ``;`` as separator and decimal comma (what Dutch Excel expects, as in
  StatLine downloads); secret cells are ``.`` (the StatLine symbol), missing cells are empty.
- XLSX: numbers as numbers, secret cells as the text ``.``, a second sheet explaining symbols.
- GeoPackage: geometry in RD New (EPSG:28992); secret cells carry the CBS sentinel -99997 and
  missing cells are NULL, as in CBS's own GeoPackages.
- Text cells in CSV and XLSX that start with ``=``, ``+``, ``-``, ``@``, tab or CR and are not
  numbers get a leading apostrophe, so a spreadsheet never runs them as formulas.
- The file is checked and written through the one door out (``indicators.io.files``): beside its
  target, renamed into place, so a failure leaves nothing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core.columns import readable
from indicators.core.crs import RD_NEW
from indicators.core.describe import describe_column
from indicators.core.table import Table
from indicators.core.values import PROVISIONAL, SECRET, SECRET_SENTINEL, parse_number
from indicators.core.words import t
from indicators.io.descriptor import Field, table_descriptor, write_descriptor
from indicators.io.files import OutputError, atomic_output, check_output

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SECRET_SYMBOL = "."
EXPORT_FORMATS = (".csv", ".xlsx", ".gpkg")


def neutralise(value):
    """Prefix text that a spreadsheet would execute as a formula; numbers pass unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if parse_number(value, ",") is not None or parse_number(value, ".") is not None:
        return value
    return "'" + value


def export_notes(table: Table, disclosure, lang: str = "nl") -> list[str]:
    """The notes every export carries, from the app and the command line alike: source, control, protected columns.

    ``disclosure`` is the ``DisclosureReport`` of the protection the table went through.
    """
    # by column name: an export's columns are headed by their names (the explanation sheet gives each its label)
    return [f"{t('map_source', lang)}: {table.cited}", disclosure.note(lang), disclosure.protected_note(lang)]


def export_table(table: Table, path, notes: list[str] | None = None, sheets: dict | None = None,
                 descriptor: dict | None = None) -> Path:
    """Write ``table`` to ``path``; the extension chooses CSV, XLSX or GeoPackage.

    A CSV or XLSX gets its descriptor beside it (``NAME.datapackage.json``,
    ``indicators.io.descriptor``): what each column is, so the labels travel with the file.

    Parameters
    ----------
    table : Table
        Joined districts; ``data`` may be a GeoDataFrame (required for ``.gpkg``).
    path : str or Path
        Target file; it appears only when the whole file has been written.
    notes : list of str, optional
        Lines for the XLSX explanation sheet (source, synthetic-data mark).
    sheets : dict of str to pandas.DataFrame, optional
        More sheets for an XLSX file, by name (the audit of a protected table).
    descriptor : dict, optional
        The descriptor to write beside it, where the writer knows more than the table says
        (``aggregate``'s); by default ``describe_table``'s.
    """
    path = check_output(path, EXPORT_FORMATS, "an export")
    suffix = path.suffix.lower()
    descriptor = descriptor or describe_table(table, path) if suffix != ".gpkg" else None
    with atomic_output(path) as temporary:
        if suffix == ".csv":
            _write_csv(table, temporary)
        elif suffix == ".xlsx":
            _write_xlsx(table, temporary, notes or [], sheets or {})
        else:
            _write_gpkg(table, temporary, layer=path.stem)
    if descriptor is not None:  # after the table: a failed table leaves the descriptor of the one before it
        try:
            write_descriptor(descriptor, path)
        except BaseException:
            path.unlink(missing_ok=True)  # all or nothing: no table without what its columns are
            raise
    return path


def describe_table(table: Table, path) -> dict:
    """The descriptor of an exported table: each column's label (Dutch and English), unit and decimals.

    Figures are numbers (``.`` where withheld, empty where missing), everything else text.
    """
    fields = []
    for column in _plain_frame(table).columns:
        if column in table.figures:
            nl, en = describe_column(table, column, "nl"), describe_column(table, column, "en")
            fields.append(Field(column, "figure", nl.title, en.title, unit=nl.unit, decimals=nl.decimals,
                                theme=table.columns[column].theme if column in table.columns else ""))
        else:
            label = table.title_of(column) or readable(column)
            fields.append(Field(column, "text", label, table.title_of(column, "en") or label))
    return table_descriptor(path, fields, title=table.cited or Path(path).stem, source=table.cited)


def _plain_frame(table: Table) -> pd.DataFrame:
    """The table without geometry, figures as objects so a cell can hold the secret symbol."""
    data = pd.DataFrame(table.data.drop(columns=["geometry"], errors="ignore"))
    for column in table.figures:
        values = data[column].astype(object).where(data[column].notna(), None)
        data[column] = values.where(table.status[column] != SECRET, SECRET_SYMBOL)
    return data


def export_frame(frame: pd.DataFrame, path) -> Path:
    """Write a plain table of labels and numbers (an audit) as CSV, by the same conventions as every export."""
    path = check_output(path, (".csv",), "a table")
    with atomic_output(path) as temporary:
        _write_cells(pd.DataFrame(frame), temporary)
    return path


def _write_csv(table: Table, path: str) -> None:
    _write_cells(_plain_frame(table), path)


def _write_cells(data: pd.DataFrame, path: str) -> None:
    data = data.copy()
    for column in data.columns:
        data[column] = _csv_column(data[column])
    data.to_csv(path, sep=";", index=False, encoding="utf-8-sig")


def _csv_column(values: pd.Series) -> pd.Series:
    """Each cell as ``_csv_cell`` writes it, worked out once per distinct value.

    An audit of 400,000 withheld cells repeats its codes, groups and reasons; a column of mixed
    kinds is written cell by cell.
    """
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind not in ("string", "floating", "integer", "mixed-integer-float", "empty"):
        return values.astype(object).map(_csv_cell)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    written = np.array([_csv_cell(value) for value in uniques] + [""], dtype=object)
    return pd.Series(written[codes], index=values.index, dtype=object)  # code -1 (missing): the last, empty


def _csv_cell(value):
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",") if not value.is_integer() else str(int(value))
    if isinstance(value, str):
        return neutralise(value)
    return value


def _write_xlsx(table: Table, path: str, notes: list[str], sheets: dict) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = _plain_frame(table)
    book = Workbook()
    sheet = book.active
    sheet.title = "Gegevens"
    sheet.append([neutralise(str(c)) for c in data.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data.itertuples(index=False):
        sheet.append([_xlsx_cell(v) for v in row])
    for cell in (c for row in sheet.iter_rows(min_row=2) for c in row):
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever the text
    sheet.freeze_panes = "A2"
    legend = book.create_sheet("Toelichting")
    provisional = [c for c in table.figures if (table.status[c] == PROVISIONAL).any()]
    lines = [*notes, f"'{SECRET_SYMBOL}' = geheim (niet gepubliceerd)", "leeg = geen gegevens"]
    if provisional:
        lines.append("voorlopige cijfers in: " + ", ".join(provisional))
    for line in lines:
        legend.append([neutralise(line)])
    legend.append([])
    legend.append(["kolom", "betekenis", "eenheid"])
    for column in table.figures:  # what each column means, from the indicator registry where it knows it
        info = describe_column(table, column, "nl")
        legend.append([neutralise(str(column)), neutralise(info.title), neutralise(info.unit)])
    for name, frame in sheets.items():
        extra = book.create_sheet(name)
        extra.append([neutralise(str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False):
            extra.append([_xlsx_cell(v) for v in row])
    book.save(path)


def _xlsx_cell(value):
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if isinstance(value, str):
        return neutralise(value)
    if hasattr(value, "item"):
        return value.item()
    return value


def _write_gpkg(table: Table, path: str, layer: str) -> None:
    import geopandas as gpd

    if not isinstance(table.data, gpd.GeoDataFrame):
        raise OutputError("a GeoPackage needs boundaries: give --boundaries, or export to .csv or .xlsx",
                          "needs_boundaries")
    data = table.data.copy()
    for column in table.figures:
        secret = table.status[column] == SECRET
        data[column] = data[column].mask(secret, SECRET_SENTINEL)
    data.to_crs(RD_NEW).to_file(path, driver="GPKG", layer=layer)

