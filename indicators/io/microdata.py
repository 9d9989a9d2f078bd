"""Microdata files as a DuckDB relation: read where they lie, in bounded memory, by the one CSV rule.

Person (or person-period) rows are millions; they are never read into Python whole. DuckDB scans
Parquet as it is and CSV with the separator, decimal mark and encoding that ``sniff_csv`` finds in
the file's first bytes, the same rule every other reader of the product uses. Callers (aggregation,
the model) then ask DuckDB for what they need: the groups' counts, or a few columns.
"""

from __future__ import annotations

from indicators.core.errors import InputError
from indicators.io.files import Input, open_input, sniff_csv
from indicators.io.limits import MAX_MICRODATA_BYTES

FORMATS = (".parquet", ".csv")


def open_microdata(source, error: type[InputError] = InputError) -> Input:
    """Check a microdata file at the door (a Parquet or CSV file that exists and is not empty)."""
    return open_input(source, formats=FORMATS, limit=MAX_MICRODATA_BYTES, error=error)


def microdata_relation(connection, source: Input, error: type[InputError] = InputError, text: bool = False):
    """A DuckDB relation over the file, read lazily; ``text=True`` reads every CSV cell as text.

    Raises ``error`` (kind ``unreadable``) with DuckDB's first line when the file is not what its
    name says.
    """
    import duckdb

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


def _literal(value) -> str:
    """A value as a SQL literal (the CSV options of DuckDB's ``read_csv``, a path with quotes in it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "'" + str(value).replace("'", "''") + "'"
