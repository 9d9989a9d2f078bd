"""Rates per group with Wilson 95% intervals, from the long tables ``aggregate`` writes.

A long table has ``code``, ``niveau``, group columns whose value ``Totaal`` marks a margin, and
counts (``aantal``, flags such as ``werk``). A rate is ``numerator / denominator`` in percent of
the numbers as given (published counts are rounded; the rate is of those). Its interval is
Wilson's score interval as statsmodels computes it (``proportion_confint(method="wilson")``):
unlike the normal approximation it stays inside 0-100% and holds up for small groups and rates
near 0 or 100%.

Rules, and why
--------------
- **Groups and margins.** A group is a combination of values of the ``by`` columns, none of them
  ``Totaal``; every other group column must be ``Totaal`` in its rows (the margin over it), so no
  person is counted twice. The overall rate comes from the row where every group column is
  ``Totaal`` where the table has one, else from the sum of the published groups; per district
  (``code`` in ``by``), from the total rows of the coarsest level (the gemeente) where the table
  publishes them, so a withheld district does not drop out of the average.
- **Regions.** Only one level is used (``level``, default the coarsest in ``niveau``): gemeente,
  wijk and buurt rows hold the same persons. Several regions at that level are summed unless
  ``code`` is one of the ``by`` columns (rates per district).
- **Privacy, failing closed.** A group whose numerator, denominator or rest (denominator minus
  numerator: a rate of 100% says something about everyone in the group) is below the threshold,
  or is secret in the table, has status ``secret`` and no numbers at all: no count, rate,
  interval or verdict. Summed regions are secret where any of their cells is. A numerator of 0
  is shown (0%: nobody in the group has it, which describes no one's situation, as ``aggregate``
  publishes a count of 0, such as zzp'ers aged 0-14).
- **Differs.** ``differs`` is true when the overall rate lies outside the group's interval:
  plain words for "this group stands out", not a formal test between groups.
- **Differences between groups** (``Rates.differences``): every group against the rest (the
  total's persons outside the group) and every two groups, as a difference in percentage points
  with Newcombe's hybrid score interval (statsmodels, ``method="newcomb"``), built from the two
  Wilson intervals: it stays honest for small groups and rates near 0 or 100%, where the Wald
  interval of a difference is too narrow. Only groups with numbers take part; a rest below the
  threshold (or all or none of it with the outcome) is no comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.core.columns import readable
from indicators.core.formatting import format_percent, mid_sentence, percent_number
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.core.values import OK, SECRET
from indicators.core.words import STRINGS, check_lang, t
from indicators.microdata.longtable import TOTAL, LongTableError, read_long_table
from indicators.privacy.disclosure import below_threshold, group_disclosure

METHOD = "wilson"
CONFIDENCE = 0.95


class RatesError(LongTableError):
    """A table or choice that gives no rates; the message says what was wrong and what to do."""

    topic = "rates"


@dataclass
class Rate:
    """One group's rate in percent with its Wilson interval; all None where the group is secret."""

    by: dict[str, str]
    status: str
    numerator: float | None = None
    denominator: float | None = None
    rate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    differs: bool | None = None

    def to_dict(self) -> dict:
        """The group as ``rates`` prints it: every key present, numbers only where status is ok."""
        return {"by": dict(self.by), "numerator": _plain(self.numerator), "denominator": _plain(self.denominator),
                "rate": self.rate, "ci_low": self.ci_low, "ci_high": self.ci_high, "differs": self.differs,
                "status": self.status}


@dataclass
class Difference:
    """``first``'s rate minus ``second``'s in percentage points, with Newcombe's 95% interval.

    ``second`` is None for everyone else: the total's persons outside ``first``.
    """

    first: dict[str, str]
    second: dict[str, str] | None
    difference: float
    ci_low: float
    ci_high: float

    @property
    def differs(self) -> bool:
        """The interval excludes 0: the two groups' rates differ."""
        return self.ci_low > 0 or self.ci_high < 0

    def to_dict(self) -> dict:
        """As ``rates`` prints it."""
        return {"first": dict(self.first), "second": None if self.second is None else dict(self.second),
                "difference": self.difference, "ci_low": self.ci_low, "ci_high": self.ci_high,
                "differs": self.differs}


def newcombe(num1: float, den1: float, num2: float, den2: float) -> tuple[float, float, float]:
    """Difference of two rates in percentage points and its Newcombe hybrid score 95% interval, by statsmodels."""
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(num1, den1, num2, den2, method="newcomb", compare="diff",
                                           alpha=1 - CONFIDENCE)
    return 100.0 * (num1 / den1 - num2 / den2), 100.0 * float(low), 100.0 * float(high)


@dataclass
class Rates:
    """The overall rate and the rate of every group (sorted as the table has them)."""

    numerator: str
    denominator: str
    by: list[str]
    level: str | None
    min_count: int
    overall: Rate
    rates: list[Rate] = field(default_factory=list)
    source: str = ""

    def to_dict(self) -> dict:
        """The JSON of ``python cli.py rates``."""
        overall = {key: _plain(getattr(self.overall, key))
                   for key in ("numerator", "denominator", "rate", "ci_low", "ci_high")}
        return {"method": METHOD, "confidence": CONFIDENCE, "overall": overall,
                "rates": [rate.to_dict() for rate in self.rates],
                "differences": self._differences_dict()}

    def _differences_dict(self) -> dict:
        rows = [difference.to_dict() for difference in self.differences()]
        return {"method": "newcomb", "unit": "percentage points", "comparisons": len(rows),
                "note": "each interval is 95% on its own: of many comparisons about 1 in 20 'differs' by chance "
                        "alone; read a difference found among many with care (or compare fewer groups)",
                "rows": rows}

    @property
    def shown(self) -> list[Rate]:
        """The groups with numbers (status ok)."""
        return [rate for rate in self.rates if rate.status == OK]

    def differences(self) -> list[Difference]:
        """Every shown group against the rest, then every two shown groups (in table order)."""
        shown, overall = self.shown, self.overall
        out = []
        if overall.status == OK:
            for rate in shown:
                rest_num, rest_den = overall.numerator - rate.numerator, overall.denominator - rate.denominator
                if _rate({}, rest_num, rest_den, False, self.min_count).status == OK:
                    out.append(Difference(rate.by, None, *newcombe(rate.numerator, rate.denominator, rest_num,
                                                                   rest_den)))
        for number, first in enumerate(shown):
            for second in shown[number + 1:]:
                out.append(Difference(first.by, second.by, *newcombe(first.numerator, first.denominator,
                                                                     second.numerator, second.denominator)))
        return out


def wilson(numerator: float, denominator: float) -> tuple[float, float, float]:
    """Rate and Wilson 95% interval in percent, by statsmodels."""
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(numerator, denominator, alpha=1 - CONFIDENCE, method=METHOD)
    return 100.0 * numerator / denominator, 100.0 * float(low), 100.0 * float(high)


def group_rates(source, numerator: str, denominator: str, by=(), level: str | None = None,
                min_count: int | None = None) -> Rates:
    """Rates of ``numerator`` per ``denominator`` for every group of the ``by`` columns.

    Parameters
    ----------
    source : Table, pandas.DataFrame, str or Path
        A long table (``indicators.microdata.longtable.read_long_table`` reads a file), e.g. ``aggregate``'s.
    numerator, denominator : str
        Count columns, e.g. ``werk`` (persons with the outcome) and ``aantal`` (persons).
    by : sequence of str
        Group columns (or ``code``) crossed; default every group column of the table.
    level : str, optional
        ``gemeente``, ``wijk`` or ``buurt`` rows of ``niveau``; default the coarsest there is.
    min_count : int, optional
        Smallest count shown (default 10).

    Raises
    ------
    RatesError
        Unknown columns, a level the table lacks, a numerator above its denominator, negative counts.
    """
    threshold = DEFAULT_MIN_COUNT if min_count is None else int(min_count)
    if threshold < 1:
        raise RatesError(f"--min-count should be at least 1, got {threshold}", "bad_min_count")
    table = read_long_table(source)
    frame, label = table.frame, table.label
    for column in (numerator, denominator):
        if column not in frame.columns:
            raise RatesError(f"column {column!r} is not in {label}; available columns: {', '.join(frame.columns)}",
                             "missing_column", column=column)
    if numerator == denominator:
        raise RatesError("numerator and denominator are the same column; give the count with the outcome as "
                         "numerator and the count of persons as denominator", "same_column")
    groups = table.groups(exclude=(numerator, denominator))
    by = list(by) if by else list(groups)
    for column in by:
        if column not in frame.columns:
            raise RatesError(f"--by column {column!r} is not in {label}; group columns: {', '.join(groups) or 'none'}",
                             "missing_column", column=column)
    if len(set(by)) != len(by):
        raise RatesError("a --by column is given twice; give each once", "duplicate")
    whole = table
    table, level = table.at_level(level)
    frame = table.frame
    num, num_secret = table.counts(numerator)
    den, den_secret = table.counts(denominator)
    secret = num_secret | den_secret
    checked = ~secret
    if (num[checked] < 0).any() or (den[checked] < 0).any():
        raise RatesError(f"{label}: {numerator!r} or {denominator!r} holds a negative count; counts of persons "
                         "are 0 or more", "negative")
    if (num[checked] > den[checked] + 1e-9).any():
        raise RatesError(f"{label}: {numerator!r} is larger than {denominator!r} in some rows, so it is not a part "
                         "of it; check which column counts the persons with the outcome", "numerator_too_large")

    values = frame[[c for c in dict.fromkeys([*groups, *by])]].astype("string").fillna("")
    others = [g for g in groups if g not in by]
    margin_rest = (values[others] == TOTAL).all(axis=1) if others else pd.Series(True, index=frame.index)
    by_groups = [c for c in by if c in groups]
    in_group = margin_rest & ~(values[by_groups] == TOTAL).any(axis=1) if by_groups else margin_rest
    cells = pd.DataFrame({"num": num, "den": den, "secret": secret}, index=frame.index)
    keys = values.loc[in_group, by]
    summed = cells[in_group].groupby([keys[c] for c in by], sort=False, dropna=False).agg(
        num=("num", "sum"), den=("den", "sum"), secret=("secret", "any"))
    rates = []
    for key, row in summed.iterrows():
        key = key if isinstance(key, tuple) else (key,)
        rates.append(_rate(dict(zip(by, (str(k) for k in key))), row["num"], row["den"], bool(row["secret"]),
                           threshold))

    overall = _overall(values, cells, groups, margin_rest, by, code_in_by="code" in by, rates=rates,
                       threshold=threshold)
    if "code" in by:  # per district: the whole area's published total where the table has it, not the districts'
        overall = _coarsest_total(whole, level, groups, numerator, denominator, threshold) or overall
    for rate in rates:
        if rate.status == OK and overall.rate is not None:
            rate.differs = bool(overall.rate < rate.ci_low or overall.rate > rate.ci_high)
    return Rates(numerator=numerator, denominator=denominator, by=by, level=level, min_count=threshold,
                 overall=overall, rates=rates, source=label)


def _rate(by: dict, numerator: float, denominator: float, secret: bool, threshold: int) -> Rate:
    small = denominator < threshold or below_threshold(numerator, threshold)  # 0 of many describes no one
    if secret or not np.isfinite(numerator) or not np.isfinite(denominator) or small \
            or group_disclosure(numerator, denominator, threshold):
        return Rate(by=by, status=SECRET)
    rate, low, high = wilson(numerator, denominator)
    return Rate(by=by, status=OK, numerator=float(numerator), denominator=float(denominator), rate=rate,
                ci_low=low, ci_high=high)


def _overall(values, cells, groups, margin_rest, by, code_in_by: bool, rates: list[Rate], threshold: int) -> Rate:
    """The Totaal row (summed over regions) where the table has one, else the sum of the published groups."""
    total = (values[groups] == TOTAL).all(axis=1) if groups else pd.Series(False, index=values.index)
    if total.any() and not code_in_by:
        rows = cells[total]
        if rows["secret"].any():
            return Rate(by={}, status=SECRET)
        return _rate({}, rows["num"].sum(), rows["den"].sum(), False, threshold)
    shown = [rate for rate in rates if rate.status == OK]
    if not shown:
        return Rate(by={}, status=SECRET)
    return _rate({}, sum(r.numerator for r in shown), sum(r.denominator for r in shown), False, threshold)


def _coarsest_total(table, level, groups, numerator: str, denominator: str, threshold: int) -> Rate | None:
    """The rate of the coarsest level's total rows (every group ``Totaal``); None where none, or one is withheld.

    With rates per district, the districts withheld would be missing from their sum: the gemeente's
    own published row is the whole (3,650 of 59,995, not 3,470 of 56,445 of the wijken shown).
    """
    if level is None or "niveau" not in table.frame:
        return None
    coarsest, top = table.at_level(None)
    if top == level:
        return None
    values = coarsest.frame[groups].astype("string").fillna("") if groups else None
    rows = (values == TOTAL).all(axis=1).to_numpy() if groups else np.ones(len(coarsest.frame), dtype=bool)
    num, num_secret = coarsest.counts(numerator)
    den, den_secret = coarsest.counts(denominator)
    if not rows.any() or (num_secret | den_secret)[rows].any():
        return None
    return _rate({}, num[rows].sum(), den[rows].sum(), False, threshold)


def _plain(value):
    """Whole counts as int in JSON (1770, not 1770.0); other numbers as they are."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- words ----------------------------------------------------------------------------------------------


def interval(rate: Rate, lang: str = "nl") -> str:
    """"35–49%": a group's interval in whole percent."""
    return f"{percent_number(rate.ci_low, lang)}–{percent_number(rate.ci_high, lang)}%"


def group_words(by: dict, lang: str = "nl", capital: bool = True, labels: dict | None = None) -> str:
    """The group in words: "Jongeren tot 27 jaar", "Mensen met loonkostensubsidie (vrouwen)".

    Known groups have their own words (``group_<column>_<value>`` in ``indicators.core.words``); others
    read "<column> <value>", the column by its label (``labels``: column -> label, from the table's
    descriptor) or its name made readable. A second group column follows in brackets.
    """
    check_lang(lang)
    parts = []
    for column, value in by.items():
        key = f"group_{column}_{value}"
        parts.append(t(key, lang) if key in STRINGS else t("group_generic", lang, column=_named(column, labels),
                                                            value=value))
    if not parts:
        return t("group_everyone", lang)
    text = parts[0] if len(parts) == 1 else f"{parts[0]} ({', '.join(mid_sentence(p) for p in parts[1:])})"
    return text[:1].upper() + text[1:] if capital else mid_sentence(text)


def differing_sentences(rates: Rates, lang: str = "nl", labels: dict | None = None) -> list[str]:
    """A sentence for every group whose interval excludes the overall rate, highest rate first.

    "Jongeren tot 27 jaar stromen vaker uit naar werk: 42% (35–49%) tegen 31% gemiddeld". Columns
    without words of their own are named by ``labels`` (column -> label), else readably.
    """
    check_lang(lang)
    if rates.overall.rate is None:
        return []
    out = []
    for rate in sorted((r for r in rates.shown if r.differs), key=lambda r: -r.rate):
        direction = "higher" if rate.rate > rates.overall.rate else "lower"
        key = f"rates_verb_{rates.numerator}_{direction}"
        verb = t(key, lang) if key in STRINGS else t(f"rates_verb_generic_{direction}", lang,
                                                    measure=_named(rates.numerator, labels))
        out.append(t("rates_sentence", lang, group=group_words(rate.by, lang, labels=labels), verb=verb,
                     rate=format_percent(rate.rate, lang), interval=interval(rate, lang),
                     overall=format_percent(rates.overall.rate, lang)))
    return out


def _named(column: str, labels: dict | None) -> str:
    """A column in a sentence: its label, else its name made readable, lower case mid-sentence."""
    return mid_sentence((labels or {}).get(column) or readable(column))

