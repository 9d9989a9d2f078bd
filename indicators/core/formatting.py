"""Number formatting: the one place that writes figures for people (Dutch 1.234,5; English 1,234.5)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from indicators.core.values import MISSING, SECRET
from indicators.core.words import LANGS, t

# How secret and missing cells read, per language (words from the translation table).
SYMBOLS = {lang: {SECRET: t("secret", lang), MISSING: t("missing", lang)} for lang in LANGS}


_DUTCH = str.maketrans({",": ".", ".": ","})  # 1,234.5 -> 1.234,5


def format_number(value, decimals: int = 0, lang: str = "nl") -> str:
    """Write ``value`` with ``decimals`` decimals in the number style of ``lang`` ('nl' or 'en').

    Written once per district for tooltips and tables (15,000 at buurt scale), so kept lean.
    """
    if value is None or value != value:
        return ""
    text = f"{float(value):,.{max(decimals, 0)}f}"
    if text[0] == "-" and not text.strip("-0.,"):
        text = text[1:]  # -0.04 with one decimal is 0,0, not -0,0
    return text.translate(_DUTCH) if lang == "nl" else text


def format_cell(value, status: str, decimals: int = 0, lang: str = "nl") -> str:
    """Write a figure, or the word for its status when it is secret or missing."""
    if status in (SECRET, MISSING):
        return SYMBOLS[lang][status]
    return format_number(value, decimals, lang)


def guess_decimals(values, most: int = 3) -> int:
    """Decimals needed to show a column as it was published, when no metadata says so."""
    valid = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    for decimals in range(most + 1):
        if (np.abs(np.round(valid, decimals) - valid) < 1e-9).all():
            return decimals
    return most


def shown_values(values, decimals: int):
    """The figures as ``format_number`` writes them with ``decimals``, back as floats (NaN stays NaN).

    Classes are drawn on these: a district that reads "16,3" then lies in the class whose label
    says so, and no class bound falls between two values that read the same.
    """
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    spec = f".{max(int(decimals), 0)}f"
    rounded = [float(format(v, spec)) if v == v else np.nan for v in numbers.tolist()]
    return pd.Series(rounded, index=numbers.index, dtype=float)


def percent_number(value: float, lang: str = "nl", sign: bool = False) -> str:
    """A percentage as people read it, without the sign: whole (42), one decimal below 0.5 (0,3); ``sign``: +12.

    A level below 0.05 gets two decimals (0,03: "0,0" would read as nothing, as the upper end of
    the interval of 0 of 12,440 did); a change that small stays "0,0" (no change). A value within
    rounding noise of 0 is 0.
    """
    if abs(value) < 1e-9:
        value = 0.0
    decimals = 0 if round(abs(value)) >= 1 or value == 0 else 1 if sign or abs(value) >= 0.05 else 2
    text = format_number(abs(value) if not sign else value, decimals, lang)
    if sign and value > 0 and text.strip("0,.") != "":
        text = "+" + text
    return text


def format_percent(value: float, lang: str = "nl", sign: bool = False) -> str:
    """A percentage with its sign: "42%", "0,3%", with ``sign`` "+12%"."""
    return f"{percent_number(value, lang, sign)}%"


def rank_shown(values, decimals: int) -> pd.Series:
    """The rank of each value as it is shown (rounded to ``decimals``): 1 is the highest, ties share the best rank.

    Ranked on the shown values, so two districts that read the same have the same rank wherever a
    rank is written (tooltip, profile, ranking chart, wijkprofiel); NaN (secret, missing) has none.
    """
    return shown_values(values, decimals).rank(ascending=False, method="min")


def format_date(iso: str, lang: str = "nl") -> str:
    """"2 december 2026" from "2026-12-02": a date as people write it on a slide; the text as given if not a date."""
    try:
        day = date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return t("date_format", lang, day=day.day, month=t(f"month_{day.month}", lang), year=day.year)


def mid_sentence(text: str) -> str:
    """A label or phrase inside a sentence: the first letter lower case, except an abbreviation (WW, GGZ)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
