"""The table every reader returns: labels, figures with a status per cell, and column metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from indicators.core.codes import normalise_codes
from indicators.core.columns import names_a_label, names_a_year, stem
from indicators.core.errors import InputError
from indicators.core.values import to_values


@dataclass
class ColumnInfo:
    """What a figure column means; titles and units come from DataProperties where there is one."""

    title: str
    unit: str = ""
    decimals: int | None = None
    description: str = ""
    source_key: str = ""
    title_en: str = ""  # the English label, where a descriptor gives one
    described: bool = False  # named by the table's own descriptor: its label goes before the registry's
    kind: str = ""  # what the descriptor says it is: count, flag_count, share, mean, total (indicators.io.descriptor)
    theme: str = ""  # the theme the analyst gave it (a key of the registry's [themes]); "" for the registry's


@dataclass
class Table:
    """Figures per region as read from a file.

    ``data`` holds label columns (codes, names) and figure columns whose secret and missing
    cells are <NA>; ``status`` has one categorical column per figure column (see
    ``indicators.core.values``); ``columns`` describes the figure columns. ``data`` may be a
    GeoDataFrame when the figures come with boundaries.
    """

    data: pd.DataFrame
    status: pd.DataFrame
    columns: dict[str, ColumnInfo]
    source: str = ""
    code_column: str | None = None
    name_column: str | None = None
    notes: list[str] = field(default_factory=list)
    credit: str = ""  # who made the data, in words ("CBS, Kerncijfers wijken en buurten 2024"); "" when unknown
    titles: dict = field(default_factory=dict)  # column -> {"nl": label, "en": label}, from the table's descriptor

    def title_of(self, column: str, lang: str = "nl") -> str | None:
        """The label the table's descriptor gives a column (any column, groups too), or None."""
        labels = self.titles.get(column) or {}
        return labels.get(lang) or labels.get("nl")

    @property
    def cited(self) -> str:
        """The data's credit for source lines, or its file name(s) where the maker is unknown."""
        return self.credit or self.source

    @property
    def figures(self) -> list[str]:
        """Names of the figure columns, in file order."""
        return list(self.status.columns)

    @cached_property
    def region_codes(self) -> list[str]:
        """The rows' region codes normalised (``GM1916``), others as written (``NL00``); worked out once.

        A wijkprofiel looks codes up for every figure and year of the same table; the rows of a
        table do not change after it is made (a change of rows is a new ``Table``).
        """
        column = self.code_column if self.code_column in self.data.columns else "code"
        if column not in self.data.columns:
            raise ValueError(f"{self.source or 'the table'} has no code column: read it with a code column "
                             "(e.g. 'code')")
        raw = self.data[column]
        normal = normalise_codes(raw)
        return [n if n is not None else str(r).strip().upper() for n, r in zip(normal, raw.to_numpy(dtype=object))]


def build_table(
    frame: pd.DataFrame,
    decimal: str = ".",
    labels=(),
    info: dict[str, ColumnInfo] | None = None,
    integer_columns=(),
    source: str = "",
) -> Table:
    """Turn a raw frame into a ``Table``: every column that holds figures gets values and a status.

    Parameters
    ----------
    frame : pandas.DataFrame
        Raw cells as read (numbers, text, CBS symbols, sentinels).
    decimal : {'.', ','}
        Decimal mark of numbers written as text.
    labels : iterable of str
        Columns kept as labels even when they look numeric (codes, years).
    info : dict, optional
        Metadata per column; columns without it get their own name as title.
    integer_columns : iterable of str
        Columns declared integer by the file format, kept as ``Int64`` even when NULLs made
        the reader return floats.
    """
    info = info or {}
    labels = set(labels)
    integer_columns = set(integer_columns)
    data, status, columns = {}, {}, {}
    for name in frame.columns:
        column = frame[name]
        is_label = name in labels or names_a_year(name) or names_a_label(name) or _is_geometry(column)
        converted = None if is_label else to_values(column, decimal)
        if converted is None:
            data[name] = column
            continue
        values, cell_status = converted
        if name in integer_columns and values.dtype != "Int64":
            valid = values.dropna()
            if (valid % 1 == 0).all():
                values = values.astype("Int64")
        data[name] = values
        status[name] = cell_status
        columns[name] = info.get(name) or ColumnInfo(title=str(name))
    out = frame.__class__(data, index=frame.index) if not hasattr(frame, "geometry") else _geo_like(frame, data)
    return Table(data=out, status=pd.DataFrame(status, index=frame.index), columns=columns, source=source)


def _is_geometry(column: pd.Series) -> bool:
    return getattr(column, "dtype", None) is not None and column.dtype.name == "geometry"


def _geo_like(frame, data):
    import geopandas as gpd

    return gpd.GeoDataFrame(data, index=frame.index, geometry=frame.geometry.name, crs=frame.crs)


class FigureError(InputError):
    """A figure asked for that the table does not have."""

    topic = "figure"


def find_figure(table: Table, name: str) -> str:
    """The figure column called ``name`` in any CBS spelling or by its registry id.

    ``aantalInwoners`` finds ``aantal_inwoners``, and so does ``inwoners`` (the registry id).
    """
    from indicators.core.registry import find_indicator

    if name in table.figures:
        return name
    wanted = stem(name)
    matches = [c for c in table.figures if stem(c) == wanted or stem(table.columns[c].title) == wanted]
    if not matches:
        matches = [c for c in table.figures if (found := find_indicator(c)) is not None and found.id == name]
    if len(matches) == 1:
        return matches[0]
    shown = ", ".join(table.figures[:20]) + (" ..." if len(table.figures) > 20 else "")
    raise FigureError(f"no figure column {name!r}: choose one of {shown}", "not_found", name=name)


def select_level(table: Table, level: str) -> Table:
    """Only the districts of one level (a file of gemeenten, wijken and buurten together)."""
    keep = (table.data["niveau"] == level).to_numpy() if "niveau" in table.data else None
    if keep is None or not keep.any():
        raise ValueError(f"no districts of level {level!r} in {table.source}: choose another --level")
    return Table(
        data=table.data[keep].reset_index(drop=True),
        status=table.status[keep].reset_index(drop=True),
        columns=table.columns,
        source=table.source,
        code_column=table.code_column,
        name_column=table.name_column,
        notes=table.notes,
        credit=table.credit,
    )
