"""Missing, secret and provisional values: the one rule that turns CBS symbols into a status.

CBS never publishes a number it does not trust; instead files carry sentinels and symbols:

=====================  ==========  =====================================================
in the file            status      meaning
=====================  ==========  =====================================================
-99997, -99995         secret      withheld for confidentiality or reliability (CBS files)
``.``, ``x``           secret      StatLine: unknown, unreliable or secret
-99999999              missing     not applicable, e.g. water areas in PDOK services
any other <= -99990    missing     other CBS sentinels
empty string, NULL     missing     no figure
``123*``               provisional a valid, provisional figure (StatLine ``*``, ``**``)
``-``                  ok          StatLine "nihil": the figure is zero
=====================  ==========  =====================================================

Values with status secret or missing become <NA>; the status says which, so maps, legends and
tooltips can tell "geheim" from "geen gegevens" and totals never sum a sentinel.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

OK, PROVISIONAL, SECRET, MISSING = "ok", "provisional", "secret", "missing"
STATUSES = (OK, PROVISIONAL, SECRET, MISSING)
STATUS_DTYPE = pd.CategoricalDtype(STATUSES)
WRITTEN = {OK: "ok", SECRET: "geheim", MISSING: "ontbreekt"}
"""The status words a long table file carries beside each figure, by status."""
STATUS_SUFFIX = "_status"
"""A figure's status column: ``bijstand_status`` beside ``bijstand``."""

SENTINEL_LIMIT = -99990
SECRET_SENTINELS = (-99997, -99995)
SECRET_SENTINEL = SECRET_SENTINELS[0]  # what the product writes for a secret cell where a number must stand
MISSING_SENTINEL = -99999999  # not applicable (water areas in PDOK and CBS files)
SECRET_SYMBOLS = {".", "x", "X"}
NIL_SYMBOL = "-"

_NUMBER_POINT = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?([eE][+-]?\d+)?$")
_NUMBER_COMMA = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)?(,\d+)?$")


def _status_of_number(number: float) -> str:
    if number in SECRET_SENTINELS:
        return SECRET
    if number <= SENTINEL_LIMIT:
        return MISSING
    return OK


def parse_number(text: str, decimal: str = ".") -> float | None:
    """Read a number written with ``decimal`` as decimal mark; None if it is not one.

    Thousands separators are accepted only in their proper groups of three, so
    ``1.234,5`` is 1234.5 with ``decimal=','`` and ``1.5`` is not a thousand-grouped number.
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text or not any(ch.isdigit() for ch in text):
        return None
    if decimal == ",":
        if not _NUMBER_COMMA.match(text):
            return None
        text = text.replace(".", "").replace(",", ".")
    else:
        if not _NUMBER_POINT.match(text):
            return None
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _parse_cell(cell, decimal: str) -> tuple[float | None, str] | None:
    """Return (number, status) for one cell, or None when the cell is text, not a figure."""
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return None, MISSING
    if isinstance(cell, (bool, np.bool_)):
        return None
    if isinstance(cell, (int, float, np.integer, np.floating)):
        number = float(cell)
        if number != number:
            return None, MISSING
        status = _status_of_number(number)
        return (number if status == OK else None), status
    text = str(cell).strip()
    if not text:
        return None, MISSING
    if text in SECRET_SYMBOLS:
        return None, SECRET
    if text == NIL_SYMBOL:
        return 0.0, OK
    provisional = text.endswith("*")
    number = parse_number(text.rstrip("*"), decimal)
    if number is None:
        return None
    status = _status_of_number(number)
    if status != OK:
        return None, status
    return number, (PROVISIONAL if provisional else OK)


def to_values(series: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series] | None:
    """Split a column into numeric values and a status per cell.

    Parameters
    ----------
    series : pandas.Series
        Numbers, numeric strings (with ``decimal`` as decimal mark), CBS symbols or sentinels.
    decimal : {'.', ','}
        Decimal mark of numbers written as text.

    Returns
    -------
    (values, status) or None
        ``values`` keeps integers as nullable ``Int64`` and everything else as ``Float64``,
        with <NA> wherever the status is secret or missing; ``status`` is categorical
        (ok, provisional, secret, missing). None when the column holds text that is not a
        figure (names, codes), so callers keep it as a label column.
    """
    if pd.api.types.is_bool_dtype(series.dtype):
        return None
    if pd.api.types.is_numeric_dtype(series.dtype):
        return _numeric_values(series)
    numbers = np.full(len(series), np.nan)
    statuses = np.empty(len(series), dtype=object)
    cache: dict = {}
    for i, cell in enumerate(series.to_numpy(dtype=object)):
        key = (type(cell), cell) if _hashable(cell) else None
        parsed = cache.get(key) if key is not None else None
        if parsed is None:
            parsed = _parse_cell(cell, decimal)
            if parsed is None:
                return None
            if key is not None:
                cache[key] = parsed
        number, status = parsed
        if number is not None:
            numbers[i] = number
        statuses[i] = status
    values = pd.Series(numbers, index=series.index, name=series.name)
    return _keep_dtype(values, integer=_all_integers(values)), _status_series(statuses, series)


def _hashable(cell) -> bool:
    try:
        hash(cell)
    except TypeError:
        return False
    return True


def _numeric_values(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    floats = series.astype("Float64").astype(float)
    numbers = floats.to_numpy(copy=True)
    statuses = np.full(len(series), OK, dtype=object)
    nan = np.isnan(numbers)
    secret = np.isin(numbers, SECRET_SENTINELS)
    missing = nan | ((numbers <= SENTINEL_LIMIT) & ~secret)
    statuses[secret] = SECRET
    statuses[missing] = MISSING
    numbers[secret | missing] = np.nan
    values = pd.Series(numbers, index=series.index, name=series.name)
    integer = pd.api.types.is_integer_dtype(series.dtype)
    return _keep_dtype(values, integer=integer), _status_series(statuses, series)


def _all_integers(values: pd.Series) -> bool:
    valid = values.dropna().to_numpy()
    return bool(len(valid)) and bool(np.all(np.mod(valid, 1) == 0)) and bool(np.all(np.abs(valid) < 2**53))


def _keep_dtype(values: pd.Series, integer: bool) -> pd.Series:
    if integer:
        return values.astype("Int64")
    return values.astype("Float64")


def _status_series(statuses, like: pd.Series) -> pd.Series:
    return pd.Series(pd.Categorical(statuses, dtype=STATUS_DTYPE), index=like.index, name=like.name)


def count_statuses(status: pd.Series) -> dict[str, int]:
    """Count cells per kind, as reported by ``inspect``: valid (ok or provisional), missing, secret."""
    counts = status.value_counts()
    return {
        "valid": int(counts.get(OK, 0) + counts.get(PROVISIONAL, 0)),
        "missing": int(counts.get(MISSING, 0)),
        "secret": int(counts.get(SECRET, 0)),
    }


def to_floats(values: pd.Series) -> np.ndarray:
    """Plain floats of a figure column for arithmetic, NaN where a cell is secret, missing or not a number."""
    return pd.to_numeric(values, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)
