"""Region codes: one normalisation rule for every join in the product.

CBS region codes are ``GM`` + 4 digits (gemeente), ``WK`` + 4 digits + 2 characters (wijk)
and ``BU`` + 4 digits + 2 + 2 characters (buurt). Since 2023 the wijk and buurt parts may
contain letters (Amsterdam: ``WK0363AF``). The OData API pads codes to 10 characters,
PDOK WFS writes ``jrstatcode`` as ``2024WK191601`` and spreadsheets often lose the prefix
or the leading zeros; all of these spellings normalise to the same code.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

LEVELS = ("gemeente", "wijk", "buurt")
GRID = "vierkant"  # the level of CBS grid cells (100 m, 500 m squares): no code hierarchy
PREFIXES = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}
LEVEL_OF_PREFIX = {prefix: level for level, prefix in PREFIXES.items()}
DIGITS = {"gemeente": 4, "wijk": 6, "buurt": 8}
LAYERS = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}  # the levels in plural: CBS's layer names

_CODE = re.compile(r"^(?:(?:19|20)\d\d)?(GM|WK|BU)([0-9]{4}[0-9A-Z]{0,4})$")
_BARE = re.compile(r"^[0-9]{1,4}(?:[0-9A-Z]{2}){0,2}$")


def _check_level(level: str | None) -> None:
    if level is not None and level not in LEVELS:
        raise ValueError(f"'level' should be one of {', '.join(LEVELS)}, got {level!r} instead")


def normalise_code(value, level: str | None = None) -> str | None:
    """Return the canonical code (``WK191601``) for any spelling of a region code.

    Parameters
    ----------
    value : str, int or float
        ``'WK191601  '``, ``'wk191601'``, ``'2024WK191601'``, ``191601`` or ``'191601'``.
    level : {'gemeente', 'wijk', 'buurt'}, optional
        Needed for bare numbers whose leading zeros were lost (``14`` is ``GM0014`` only
        when the level says so). Without it a bare code is read by its length (4, 6, 8).

    Returns
    -------
    str or None
        None when the value is empty or is not a region code; the join reports those.
    """
    _check_level(level)
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"\s+", "", str(value)).upper()
    if not text:
        return None
    match = _CODE.match(text)
    if match:
        prefix, body = match.groups()
        found = LEVEL_OF_PREFIX[prefix]
        if len(body) != DIGITS[found] or (level is not None and level != found):
            return None
        return prefix + body
    if not _BARE.match(text):
        return None
    if level is None:
        level = {4: "gemeente", 6: "wijk", 8: "buurt"}.get(len(text))
        if level is None:
            return None
    digits_in_body = len(text) - (DIGITS[level] - 4)
    if digits_in_body < 1 or not text[:digits_in_body].isdigit():
        return None
    padded = text.zfill(DIGITS[level])
    if not padded[:4].isdigit() or len(padded) != DIGITS[level]:
        return None
    return PREFIXES[level] + padded


_CANONICAL = {
    None: r"GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4}",
    "gemeente": r"GM[0-9]{4}",
    "wijk": r"WK[0-9]{4}[0-9A-Z]{2}",
    "buurt": r"BU[0-9]{4}[0-9A-Z]{4}",
}


def normalise_codes(values: pd.Series, level: str | None = None) -> pd.Series:
    """Normalise a column of codes, as ``normalise_code`` does for one.

    Codes that only need trimming and upper-casing (the padded OData keys, the usual case) are
    handled in one vectorised pass; every other distinct spelling is parsed once.
    """
    _check_level(level)
    text = values.astype("string").str.strip().str.upper()
    canonical = text.str.fullmatch(_CANONICAL[level]).fillna(False).to_numpy(dtype=bool)
    result = text.to_numpy(dtype=object)
    rest = ~canonical
    if rest.any():
        raw = values.to_numpy(dtype=object)[rest]
        blank = pd.isna(raw)  # NaN never equals NaN, so blanks cannot be looked up
        lookup = {value: normalise_code(value, level) for value in pd.unique(raw[~blank])}
        result[rest] = [None if is_blank else lookup[value] for value, is_blank in zip(raw, blank)]
    return pd.Series(result, index=values.index, dtype=object)


def level_of(code: str | None) -> str | None:
    """Return 'gemeente', 'wijk' or 'buurt' for a normalised code."""
    if not isinstance(code, str):
        return None
    return LEVEL_OF_PREFIX.get(code[:2])


def levels_of(codes: pd.Series) -> pd.Series:
    """``level_of`` for a column of normalised codes, in one pass.

    The two-letter prefixes are compared as a fixed-width numpy array (a dict lookup per row
    costs more than the rest of a 15,000-row join); None where there is no code, NaN where the
    prefix is not a level's.
    """
    present = codes.notna().to_numpy()
    prefixes = np.where(present, codes.to_numpy(dtype=object), "").astype("U2")
    levels = np.full(len(codes), np.nan, dtype=object)
    for prefix, level in LEVEL_OF_PREFIX.items():
        levels[prefixes == prefix] = level
    levels[~present] = None
    return pd.Series(levels, index=codes.index, name=codes.name, dtype=object)


def parent_code(code: str | None, level: str) -> str | None:
    """Return the code of the enclosing ``level`` (a buurt's wijk or gemeente).

    CBS codes nest: ``BU19160101`` lies in ``WK191601`` which lies in ``GM1916``.
    """
    _check_level(level)
    own = level_of(code)
    if own is None or LEVELS.index(own) < LEVELS.index(level):
        return None
    return PREFIXES[level] + code[2 : 2 + DIGITS[level]]


def year_in_name(name: str) -> int:
    """The year a file name carries (``wijken_2025_GM1916.geojson`` -> 2025), 0 when it has none.

    CBS codes are skipped first: in ``GM1916_2024_wijk`` the year is 2024, not Leidschendam-Voorburg's 1916.
    """
    without_codes = re.sub(r"(?i)(?:gm|wk|bu)\d{4,8}", " ", name)
    match = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", without_codes)
    return int(match.group(1)) if match else 0
