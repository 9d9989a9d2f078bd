"""What a column is called, in which unit and with how many decimals: registry first, file second.

The registry (``indicators/core/registry.toml``) knows the indicators a municipality asks about in
every CBS spelling; columns it does not know (a municipality's own data) keep the title and unit
their file gave them, under the theme "overig".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.core.columns import readable
from indicators.core.formatting import guess_decimals
from indicators.core.registry import OTHER_THEME, THEMES, find_indicator
from indicators.core.table import Table

COUNT_UNITS = ("aantal", "number", "count")  # a plain count: no unit after its number


@dataclass(frozen=True)
class Description:
    """How to show one column."""

    title: str
    unit: str
    decimals: int
    higher_is_better: bool | None
    theme: str

    @property
    def number_unit(self) -> str:
        """The unit written after a number ("12,5 %", "31 x 1.000 euro"); none for a plain count."""
        return "" if self.unit in COUNT_UNITS else self.unit

    @property
    def heading(self) -> str:
        """Title with its unit in brackets, unless the unit is a plain count or already in the title."""
        if not self.number_unit or self.unit.lower() in self.title.lower():
            return self.title
        return f"{self.title} ({self.unit})"


def describe_column(table: Table, column: str, lang: str = "nl") -> Description:
    """Title, unit, decimals, direction and theme of ``column`` in ``lang``."""
    indicator = find_indicator(column)
    info = table.columns.get(column)
    if info is not None and info.described:  # the table's own descriptor: what the analyst called it
        title = (info.title_en or info.title) if lang == "en" else info.title
        decimals = info.decimals if info.decimals is not None else indicator.decimals if indicator else 1
        return Description(title, info.unit, decimals, indicator.higher_is_better if indicator else None,
                           theme_of(column, table))
    if indicator is not None:
        return Description(indicator.label_in(lang), indicator.unit_in(lang), indicator.decimals,
                           indicator.higher_is_better, indicator.theme)
    decimals = info.decimals if info and info.decimals is not None else guess_decimals(
        pd.to_numeric(table.data[column], errors="coerce").dropna())
    title = info.title if info and info.title != column else readable(column)  # no column name reaches a user
    return Description(title, info.unit if info else "", decimals, None, theme_of(column, table))


def themes_of(columns, table: Table | None = None) -> dict[str, list[str]]:
    """Columns grouped by theme, themes in the registry's order, columns in file order.

    A column's theme is the one the analyst gave it (``table``'s descriptor, or the choice on the
    Gegevens page), else the registry's, else ``overig``.
    """
    grouped: dict[str, list[str]] = {theme: [] for theme in THEMES}
    for column in columns:
        grouped[theme_of(column, table)].append(column)
    return {theme: found for theme, found in grouped.items() if found}


def theme_of(column: str, table: Table | None = None) -> str:
    """The theme a map page lists ``column`` under (``themes_of``)."""
    info = table.columns.get(column) if table is not None else None
    if info is not None and info.theme in THEMES:
        return info.theme
    indicator = find_indicator(column)
    return indicator.theme if indicator is not None else OTHER_THEME


def theme_label(theme: str, lang: str = "nl") -> str:
    """Name of a theme in ``lang``."""
    return THEMES.get(theme, THEMES[OTHER_THEME])[lang]


def constant_columns(table: Table) -> list[str]:
    """Figure columns with one and the same value in every district that has one.

    Usually a figure of the whole gemeente repeated on each row (or a spreadsheet filled down):
    a map of it says nothing about the districts, so the app and ``inspect`` point it out.
    """
    found = []
    for column in table.figures:
        values = pd.to_numeric(table.data[column], errors="coerce").dropna()
        if len(values) >= 3 and values.nunique() == 1:
            found.append(column)
    return found
