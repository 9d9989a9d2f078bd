"""The long table: the one owner of the format that ``aggregate`` writes and rates, models and pages read.

A long table has one row per region and group combination:

- ``code`` (a region code) and ``niveau`` (``gemeente``, ``wijk`` or ``buurt``);
- group columns (``leeftijdsklasse``, ``geslacht``, ...) whose value ``Totaal`` marks a margin:
  every group together; persons whose group is empty are in the group ``onbekend``;
- figures (``aantal``, flag counts, shares, means), each with ``<figure>_status`` beside it:
  ``ok``, ``geheim`` where the figure is withheld (and empty), or ``ontbreekt`` where there is
  none (and empty): a mean or share of nobody.

Everything about that format lives here: the margin's name, the status words in a file and how
they are read back, which columns are groups, the rows of one level, and a figure as numbers with
where it is hidden. Readers never guess it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core.codes import LEVELS
from indicators.core.errors import InputError
from indicators.core.table import Table
from indicators.core.values import MISSING, OK, SECRET, STATUS_SUFFIX, WRITTEN, to_values
from indicators.io.descriptor import labels_of_field, read_descriptor
from indicators.io.files import open_input
from indicators.io.limits import MAX_TABLE_BYTES
from indicators.io.readers import read_table

TOTAL = "Totaal"
"""The value of a group column in its margin (every group together)."""
UNKNOWN_GROUP = "onbekend"
"""The group of persons whose group column is empty."""
HIDDEN_WORDS = frozenset({WRITTEN[SECRET], WRITTEN[MISSING], SECRET, MISSING})
"""Status words that hide a figure when a table is read back (Dutch as written, or the engine's own)."""
NOT_GROUPS = frozenset({"code", "niveau", "naam", "bron"})


class LongTableError(InputError):
    """A long table that cannot be used as asked; the message says what was wrong and what to do."""

    topic = "longtable"


def status_column(figure: str) -> str:
    """The column beside ``figure`` that says whether it is published: ``aantal`` -> ``aantal_status``."""
    return f"{figure}{STATUS_SUFFIX}"


def written_statuses(secret: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    """The status words of a file for cells withheld (``secret``), of no figure (``missing``) or published."""
    words = np.where(secret, WRITTEN[SECRET], WRITTEN[OK])
    return words if missing is None else np.where(~np.asarray(secret) & missing, WRITTEN[MISSING], words)


def group_columns(frame: pd.DataFrame, exclude=()) -> list[str]:
    """Columns of groups: label columns holding the margin value ``Totaal`` (not code, niveau, statuses)."""
    found = []
    for column in frame.columns:
        if column in NOT_GROUPS or column in exclude or str(column).endswith(STATUS_SUFFIX):
            continue
        if str(column).startswith("__") or pd.api.types.is_numeric_dtype(frame[column].dtype):
            continue
        if (frame[column].astype("string") == TOTAL).any():
            found.append(column)
    return found


@dataclass
class LongTable:
    """A long table as read: its cells, where each figure is hidden, and its name for messages.

    ``hidden`` has a column per figure whose statuses the reader knew (a ``Table``'s); a figure's
    own ``<figure>_status`` column and empty cells hide it too (``counts``).
    """

    frame: pd.DataFrame
    label: str = "the table"
    hidden: pd.DataFrame | None = None
    titles: dict = field(default_factory=dict)  # column -> {"nl": label, "en": label}, from its descriptor

    def title_of(self, column: str, lang: str = "nl") -> str | None:
        """The label the table's descriptor gives a column (figures and groups), or None."""
        labels = self.titles.get(column) or {}
        return labels.get(lang) or labels.get("nl")

    @property
    def columns(self) -> list[str]:
        """The table's columns, as in the file."""
        return list(self.frame.columns)

    def has(self, *columns: str) -> bool:
        """Whether the table has every one of ``columns`` (to show a section only where it can)."""
        return all(column in self.frame.columns for column in columns)

    def groups(self, exclude=()) -> list[str]:
        """The group columns (``group_columns``)."""
        return group_columns(self.frame, exclude)

    def values_of(self, group: str) -> list[str]:
        """The values of a group column other than ``Totaal``, in table order."""
        values = self.frame[group].astype("string").dropna()
        return [v for v in dict.fromkeys(values.tolist()) if v != TOTAL]

    def count_columns(self) -> list[str]:
        """Figure columns that are counts (whole numbers; not shares, means or statuses)."""
        return [column for column in self.frame.columns
                if column not in ("code", "niveau") and not str(column).endswith(STATUS_SUFFIX)
                and pd.api.types.is_integer_dtype(self.frame[column].dtype)]

    def at_level(self, level: str | None = None) -> tuple[LongTable, str | None]:
        """The rows of one level of ``niveau`` (the coarsest by default); all rows when there is no ``niveau``.

        Levels hold the same persons (a gemeente is the sum of its wijken), so every use of a long
        table takes one level.
        """
        frame = self.frame
        if "niveau" not in frame.columns:
            if level is not None:
                raise LongTableError(f"{self.label} has no column 'niveau', so it has no levels; leave out --level",
                                     "no_levels")
            return self, None
        present = [lvl for lvl in LEVELS if (frame["niveau"] == lvl).any()]
        if level is None:
            if not present:
                raise LongTableError(f"{self.label}: column 'niveau' holds no gemeente, wijk or buurt", "no_levels")
            level = present[0]
        if level not in present:
            raise LongTableError(f"{self.label} has no rows of level {level!r}; choose one of "
                                 f"{', '.join(present) or 'none'}", "bad_level", level=level)
        rows = (frame["niveau"] == level).to_numpy()
        hidden = None if self.hidden is None else self.hidden[rows].reset_index(drop=True)
        return LongTable(frame[rows].reset_index(drop=True), self.label, hidden, self.titles), level

    def counts(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """The column as floats (NaN where hidden) and where it is hidden: a ``.``, a status ``geheim``, a gap."""
        series = self.frame[column]
        if not pd.api.types.is_numeric_dtype(series.dtype):
            converted = to_values(series.astype(object), ",")
            if converted is None:
                converted = to_values(series.astype(object), ".")
            if converted is None:
                raise LongTableError(f"column {column!r} in {self.label} holds text, not counts; choose a column of "
                                     "counts", "not_numeric", column=column)
            series = converted[0]
        values = pd.to_numeric(series, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        hidden = np.isnan(values)
        if self.hidden is not None and column in self.hidden:
            hidden |= self.hidden[column].to_numpy(dtype=bool)
        status = status_column(column)
        if status in self.frame:
            words = self.frame[status].astype("string").str.strip().str.lower()
            hidden |= words.isin(HIDDEN_WORDS).fillna(False).to_numpy(dtype=bool)
        return np.where(hidden, np.nan, values), hidden


def map_slice(table: Table, level: str | None, chosen: dict | None = None) -> Table:
    """The rows of a long table a map of ``level`` shows: that level's, each group at its value (``Totaal`` by default).

    A long table holds every level and every group with its margins; joined whole to the wijken
    of a map, each wijk would have dozens of rows. ``chosen``: group column -> value. A table
    without ``niveau`` and groups is returned as it is; so is one without rows of ``level``. A
    group value the table does not have gives no rows (every wijk then has no figure), never all rows.
    """
    data = table.data
    keep = np.ones(len(data), dtype=bool)
    if "niveau" in data.columns and level is not None and (data["niveau"] == level).any():
        keep &= (data["niveau"] == level).to_numpy()
    groups = group_columns(data)
    for group in groups:
        keep &= (data[group].astype("string") == (chosen or {}).get(group, TOTAL)).fillna(False).to_numpy(dtype=bool)
    if keep.all() or not (keep.any() or groups):  # a value chosen that the table lacks: no rows, never all of them
        return table
    return replace(table, data=data[keep], status=table.status[keep])


def _titles(path, columns) -> dict:
    """The labels the descriptor beside a table file gives its columns, by column ({} where there is none)."""
    descriptor = read_descriptor(path)
    fields = descriptor["resources"][0]["schema"]["fields"] if descriptor else []
    return {item["name"]: labels_of_field(item) for item in fields
            if item["name"] in columns and labels_of_field(item)}


def read_long_table(source) -> LongTable:
    """A long table from a file (Parquet as ``aggregate`` writes it, or any table ``read_table`` reads) or a frame."""
    if isinstance(source, LongTable):
        return source
    if isinstance(source, (str, Path)) and Path(source).suffix.lower() == ".parquet":  # as aggregate writes it
        found = open_input(source, formats=(".parquet",), limit=MAX_TABLE_BYTES, error=LongTableError)
        try:
            frame = pd.read_parquet(found.path)
        except (OSError, ValueError) as error:
            raise LongTableError(f"{found.label} could not be read as Parquet ({' '.join(str(error).split())}); "
                                 "write it again with python cli.py aggregate", "unreadable") from None
        return LongTable(frame, found.label, titles=_titles(found.path, frame.columns))
    if isinstance(source, (str, Path)):
        source = read_table(source)
    if isinstance(source, Table):
        hidden = pd.DataFrame({column: source.status[column].astype(str).isin([SECRET, MISSING]).to_numpy()
                               for column in source.figures}, index=range(len(source.data)))
        return LongTable(source.data.reset_index(drop=True).copy(), source.source or "the table", hidden,
                         titles=dict(source.titles))
    if isinstance(source, pd.DataFrame):
        return LongTable(source.reset_index(drop=True).copy())
    raise TypeError(f"'source' should be a Table, a DataFrame or a file, got {type(source).__name__}")
