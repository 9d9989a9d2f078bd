"""Microdata files as a DuckDB relation: read where they lie, in bounded memory, by the one CSV rule.

Person (or person-period) rows are millions; they are never read into Python whole. DuckDB scans
Parquet as it is and CSV with the separator, decimal mark and encoding that ``sniff_csv`` finds in
the file's first bytes, the same rule every other reader of the product uses. SPSS (``.sav``) and
Stata (``.dta``) files, the formats of the secure environment's statistics packages, are read in
chunks by ``pyreadstat`` into a DuckDB table. Callers (aggregation,
the model) then ask DuckDB for what they need: the groups' counts, or a few columns.
"""

from __future__ import annotations

from indicators.core.errors import InputError
from indicators.io.files import Input, open_input, sniff_csv
from indicators.io.limits import MAX_MICRODATA_BYTES

FORMATS = (".parquet", ".csv", ".sav", ".zsav", ".dta")
STATISTICAL = {".sav": "read_sav", ".zsav": "read_sav", ".dta": "read_dta"}  # SPSS and Stata, by pyreadstat
CHUNK_ROWS = 250_000
"""Rows of an SPSS or Stata file read at a time: the file is never in memory whole."""


def open_microdata(source, error: type[InputError] = InputError) -> Input:
    """Check a microdata file at the door (a Parquet or CSV file that exists and is not empty)."""
    return open_input(source, formats=FORMATS, limit=MAX_MICRODATA_BYTES, error=error)


def microdata_relation(connection, source: Input, error: type[InputError] = InputError, text: bool = False):
    """A DuckDB relation over the file, read lazily; ``text=True`` reads every CSV cell as text.

    Raises ``error`` (kind ``unreadable``) with DuckDB's first line when the file is not what its
    name says.
    """
    import duckdb

    if source.suffix in STATISTICAL:
        return _statistical(connection, source, error)
    try:
        if source.suffix == ".parquet":
            return connection.read_parquet(str(source.path))
        dialect = sniff_csv(source.head(), complete=source.size <= len(source.head()))
        options = {"sep": dialect.separator, "header": True,
                   "encoding": {"utf-16": "utf-16", "cp1252": "latin-1", "latin-1": "latin-1"}.get(dialect.encoding,
                                                                                                     "utf-8")}
        if text:
            options["all_varchar"] = True
        else:
            options["decimal_separator"] = dialect.decimal
        arguments = ", ".join(f"{key} = {_literal(value)}" for key, value in options.items())
        return connection.sql(f"SELECT * FROM read_csv({_literal(str(source.path))}, {arguments})")
    except duckdb.Error as problem:
        message = str(problem).splitlines()[0]
        raise error(f"{source.label} could not be read as {source.suffix.lstrip('.').upper()} ({message}); "
                    "save it again as Parquet or CSV (UTF-8)", "unreadable") from None


def _statistical(connection, source: Input, error: type[InputError]):
    """An SPSS or Stata file in DuckDB, read in chunks of ``CHUNK_ROWS`` (``pyreadstat``).

    Codes with value labels read as their labels (2 -> "vrouw"), so groups are named as in the
    file's own codebook; a column whose labels name only 0 and 1 (nee/ja) stays a 0/1 flag, as a
    flag must be for ``sum:``. Missing values (system or user-defined) are empty.
    """
    import uuid

    import pyreadstat

    reader = getattr(pyreadstat, STATISTICAL[source.suffix])
    name = f"microdata_{uuid.uuid4().hex[:8]}"
    try:
        _, meta = reader(str(source.path), metadataonly=True)
        labels = {column: values for column, values in meta.variable_value_labels.items()
                  if not set(values) <= {0, 1}}
        created = False
        for chunk, _ in pyreadstat.read_file_in_chunks(reader, str(source.path), chunksize=CHUNK_ROWS):
            for column, values in labels.items():
                chunk[column] = chunk[column].map(lambda v, values=values: values.get(v, v) if v == v else None)
                chunk[column] = chunk[column].astype("string")
            relation = connection.from_df(chunk)
            if created:
                relation.insert_into(name)
            else:
                relation.create(name)
                created = True
        if not created:  # a file of no rows: its columns, for the message that it is empty
            empty, _ = reader(str(source.path), row_limit=1)
            connection.from_df(empty.iloc[:0]).create(name)
    except Exception as problem:  # pyreadstat's ReadstatError and what a damaged file raises deeper down
        message = " ".join(str(problem).split())[:200] or type(problem).__name__
        raise error(f"{source.label} could not be read as {'SPSS' if source.suffix != '.dta' else 'Stata'} "
                    f"({message}); save it again from SPSS or Stata, or as Parquet or CSV", "unreadable") from None
    return connection.table(name)


def _literal(value) -> str:
    """A value as a SQL literal (the CSV options of DuckDB's ``read_csv``, a path with quotes in it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "'" + str(value).replace("'", "''") + "'"


def read_columns(source, columns: list[str], error: type[InputError] = InputError, what: str = "the microdata"):
    """Only the named columns of microdata (DuckDB reads nothing else; CSV cells as text), or of rows as a frame.

    Returns (rows, the source's name for messages). ``error`` is raised, in one line, for a missing
    column (naming the ones there are), an unreadable file, or a file or frame without rows. ``what``
    names rows given as a frame ("the spells").
    """
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        missing = [c for c in columns if c not in source.columns]
        if missing:
            raise error(f"column {missing[0]!r} is not in {what}; available columns: "
                        f"{', '.join(map(str, source.columns))}", "missing_column", column=missing[0])
        if source.empty:
            raise error(f"{what} have no rows", "empty")
        return source[columns].reset_index(drop=True), what
    opened = open_microdata(source, error)
    import duckdb

    connection = duckdb.connect()
    try:
        relation = microdata_relation(connection, opened, error, text=True)
        missing = [c for c in columns if c not in relation.columns]
        if missing:
            raise error(f"column {missing[0]!r} is not in {opened.label}; available columns: "
                        f"{', '.join(relation.columns)}", "missing_column", column=missing[0])
        frame = relation.select(*(duckdb.ColumnExpression(c) for c in columns)).df()
    except duckdb.Error as problem:
        message = str(problem).splitlines()[0]
        raise error(f"{opened.label} could not be read ({message}); save it again as Parquet or CSV (UTF-8)",
                    "unreadable") from None
    finally:
        connection.close()
    if frame.empty:
        raise error(f"{opened.label} has a header but no rows; export it again with its rows", "empty")
    return frame, opened.label
