"""Column names in every CBS spelling, reduced to one comparable stem.

The same figure is called ``aantal_inwoners`` in the CBS GeoPackage, ``aantalInwoners`` in the
PDOK WFS, ``AantalInwoners_5`` in OData 2024 (with a position suffix that moves between years)
and ``Aantal inwoners`` in a spreadsheet. ``stem`` maps all of them to ``aantalinwoners``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from indicators.core.codes import normalise_codes

# Roles of label columns, by stem, most specific level first where it matters.
CODE_STEMS = {
    "buurt": ("buurtcode", "bucode", "codebuurt"),
    "wijk": ("wijkcode", "wkcode", "codewijk"),
    "gemeente": ("gemeentecode", "gmcode", "codegemeente", "gemeenteco", "gemeente"),
    None: ("statcode", "code", "codering", "regiocode", "gwbcode", "wijkenenbuurten", "regios", "regio",
           "gwbcode10", "gwbcode8"),
}
NAME_STEMS = {
    "buurt": ("buurtnaam", "bunaam"),
    "wijk": ("wijknaam", "wknaam"),
    "gemeente": ("gemeentenaam", "gemeentena", "gmnaam"),
    None: ("statnaam", "naam", "name", "regionaam", "wijkenenbuurten", "regios", "regio", "gebied", "gebiedsnaam"),
}
YEAR_STEMS = ("jaar", "year", "perioden", "periode")
YEAR_CODE_STEMS = ("jrstatcode", "jaarstatcode", "jaarstatco")  # the last: Shapefile 10-char names
WATER_STEMS = ("water",)
SOURCE_STEMS = ("bron", "source")
GRID_STEMS = ("c28992r100", "crs28992res100m", "c28992r500", "crs28992res500m")


def stem(name: str) -> str:
    """Reduce a column name to lower-case letters and digits, without the OData position suffix."""
    return _stem_of_text(str(name))


@lru_cache(maxsize=4096)
def _stem_of_text(text: str) -> str:
    """``stem`` of a text, cached: matching columns to the registry asks for the same few names thousands of times."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"_\d+$", "", text.strip())
    return re.sub(r"[^0-9a-z]", "", text.lower())


# Words that say a column is not a count of persons: shares, means, densities, amounts, areas,
# classes and codes, as CBS, PDOK and the KWB spreadsheets spell them (``p_`` percentage, ``g_``
# gemiddeld, ``bev_dich``, ``opp_``, ``ste_``: see ``names_a_non_count``).
_NON_COUNT_FIRST = {"p", "perc", "percentage", "pct", "aandeel", "g", "gem", "gemiddeld", "gemiddelde", "mediaan",
                    "opp", "oppervlakte", "af", "afstand", "dek", "dekkingspercentage", "oad",
                    "omgevingsadressendichtheid", "sted", "ste", "stedelijkheid", "ind", "woz", "bev", "x", "y",
                    "lat", "lon", "lng", "shape", "relatief"}
_NON_COUNT_WORDS = {"percentage", "pct", "procent", "gemiddeld", "gemiddelde", "gem", "mediaan", "dichtheid",
                    "dichth", "relatief", "per", "ratio", "index", "quotient", "score", "cijfer", "oppervlakte",
                    "ha", "km", "km2", "m2", "m3", "kwh", "euro", "inkomen", "waarde", "woz", "afstand", "leng",
                    "length", "area", "lengte", "omtrek"}
_NON_COUNT_ENDINGS = ("dichtheid", "percentage", "relatief", "perkm2", "perinwoner", "per1000", "inha", "inkm2",
                      "waarde", "inkomen")
_NON_COUNT_UNITS = ("%", "procent", "euro", "km", "ha", "m²", "m2", "m³", "kwh", "per", "jaar", "minuten", "uur")
_LABEL_STEMS = re.compile(r"^(unnamed\d*|column\d+|index|level\d+|fid|ogcfid|objectid|id|recs|rec|h2o|water|"
                          r"postcode|ptst?|pstmvp|pstdekp|indwbi)$")


def words_of(name: str) -> list[str]:
    """The words of a column name: ``percentageGehuwd`` -> percentage, gehuwd; ``g_ink_pi`` -> g, ink, pi."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return [word for word in re.split(r"[^0-9a-z]+", text.lower()) if word]


def readable(name: str) -> str:
    """A column name as words a reader can read: ``zzp_inkomen`` -> Zzp inkomen, ``werk_binnen_12m`` -> Werk binnen 12m.

    For a column nobody labelled (no descriptor, not in the registry): no snake_case on a page.
    """
    words = re.split(r"[_\s]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", str(name)).strip())
    text = " ".join(w for w in words if w).lower()
    return text[:1].upper() + text[1:] if text else str(name)


def split_header(name: str) -> tuple[str, str]:
    """A StatLine header's title and unit: ``Bevolking/Aantal inwoners (aantal)`` -> Aantal inwoners, aantal.

    Names without a path or unit come back as they are, with no unit.
    """
    text = str(name).strip()
    unit = ""
    match = re.match(r"^(.*\S)\s*\(([^()]*)\)$", text)
    if match:
        text, unit = match.group(1), match.group(2).strip()
    return text.rsplit("/", 1)[-1].strip(), unit


def names_a_non_count(name: str, unit: str = "") -> bool:
    """True for a column whose name or unit says it is no count of persons: a share, mean, amount, area or class.

    ``unit`` is the unit a file gives (DataProperties, a StatLine header); a header's own unit in
    brackets counts too. Used by disclosure control, which protects every other column of whole
    numbers as a count (it fails closed).
    """
    title, header_unit = split_header(name)
    units = f"{unit} {header_unit}".lower()
    if any(mark in units for mark in _NON_COUNT_UNITS):
        return True
    words = words_of(title)
    if not words:
        return False
    joined = "".join(words)
    return (words[0] in _NON_COUNT_FIRST or any(word in _NON_COUNT_WORDS for word in words)
            or joined.endswith(_NON_COUNT_ENDINGS) or joined.startswith(("percentage", "gemiddeld", "perc")))


def names_a_label(name: str) -> bool:
    """True for columns that are never figures: index columns (``Unnamed: 0``, ``column_1``), ids, codes.

    A code column (``gwb_code_10``, StatLine's "Indelingswijziging wijken en buurten (code)") holds
    numbers that are no figures; neither does a spreadsheet's row index.
    """
    title, unit = split_header(name)
    key = "".join(words_of(title))
    return (bool(_LABEL_STEMS.match(key)) or unit.lower() in ("code", "naam", "omschrijving")
            or "code" in words_of(title) or key.endswith("code") or key.startswith(("code", "indelingswijziging")))


def names_a_year(name: str) -> bool:
    """True for columns like ``jaar``, ``sa_jaar`` or ``Perioden``: labels, never figures to map or sum.

    Age groups (``k_0Tot15Jaar``, ``personen_65_jaar_en_ouder``) are not years: their stems hold
    digits or go on after "jaar".
    """
    key = stem(name)
    return key in YEAR_STEMS or (key.endswith(("jaar", "year")) and not any(ch.isdigit() for ch in key))


def find_column(columns, stems) -> str | None:
    """Return the first column whose stem is one of ``stems`` (in the order of ``stems``)."""
    by_stem = {}
    for column in columns:
        by_stem.setdefault(stem(column), column)
    for wanted in stems:
        if wanted in by_stem:
            return by_stem[wanted]
    return None


def find_code_column(frame: pd.DataFrame, level: str | None = None) -> str | None:
    """Find the region-code column: by name first, else the text column whose values are codes.

    With ``level`` given, a column named for that level wins; otherwise the most detailed
    level present (buurt before wijk before gemeente), because parent columns come along
    in CBS files.
    """
    order = [level] if level else ["buurt", "wijk", "gemeente"]
    for lvl in order + [None]:
        column = find_column(frame.columns, CODE_STEMS[lvl])
        if column is not None and _mostly_codes(frame[column], lvl or level):  # a known level reads bare numbers
            return column
    for column in frame.columns:
        if is_text(frame[column]) and _mostly_codes(frame[column], None, prefixed_only=True):
            return column
    return None


def find_name_column(frame: pd.DataFrame, level: str | None = None, exclude: str | None = None) -> str | None:
    """Find the column holding district names, preferring the one of ``level``."""
    order = [level] if level else ["buurt", "wijk", "gemeente"]
    for lvl in order + [None]:
        column = find_column([c for c in frame.columns if c != exclude], NAME_STEMS[lvl])
        if column is not None and is_text(frame[column]):
            return column
    return None


def is_text(values: pd.Series) -> bool:
    """True for text columns, whatever pandas version stores them (object or ``str``)."""
    return pd.api.types.is_string_dtype(values.dtype) or values.dtype == object


def _mostly_codes(values: pd.Series, level: str | None, prefixed_only: bool = False) -> bool:
    sample = values.dropna().head(200)
    if sample.empty:
        return False
    if prefixed_only:
        text = sample.astype(str).str.strip().str.upper()
        if not text.str.match(r"^(\d{4})?(GM|WK|BU)").mean() > 0.8:
            return False
    return normalise_codes(sample, level).notna().mean() > 0.8
