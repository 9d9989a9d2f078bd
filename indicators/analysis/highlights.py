"""What stands out in a theme: one plain sentence per theme of the wijkprofiel.

Of a theme's figures the one furthest from the gemeente (relative difference; percentage points
for shares) is told: how far above or below the gemeente it is, its rank among the districts, and
its change since the previous comparable year (or that a boundary change prevents one). Counts
are never set against the gemeente's total (a wijk is always smaller than its gemeente); a theme
of counts only is told by rank and change. Every word comes from ``indicators.core.words``, every
number from ``indicators.core.formatting``.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.core.formatting import format_number
from indicators.core.words import t

SAME = 0.02  # within 2 % (or 0.5 percentage point) of the gemeente: "as high as"


@dataclass(frozen=True)
class Fact:
    """One figure of one district, with what the sentence may say about it.

    ``value`` and ``reference`` (the gemeente's) are None when secret or missing; ``change`` is
    the difference since ``since`` (None without two comparable years); ``broken`` the year of a
    boundary change that cuts the series, if any.
    """

    label: str
    value: float | None
    decimals: int
    kind: str  # count, share, mean, rate (registry kinds; "share" for a percentage)
    unit: str = ""
    reference: float | None = None
    rank: int | None = None
    count: int = 0
    change: float | None = None
    since: int | None = None
    broken: int | None = None


def theme_sentence(facts: list[Fact], name: str, districts: str, lang: str = "nl") -> str:
    """The sentence on the figure of a theme that stands out most; a fixed sentence when none has a value.

    Parameters
    ----------
    facts : list of Fact
        The theme's figures for one district.
    name : str
        The district's name, as the sentence mentions it.
    districts : str
        The plural of its level in ``lang`` ("wijken"), for "plaats 3 van de 12 wijken".
    lang : str
        'nl' or 'en'.
    """
    known = [fact for fact in facts if fact.value is not None]
    if not known:
        return t("highlight_none", lang)
    compared = [fact for fact in known if fact.kind != "count" and fact.reference not in (None, 0)]
    if compared:
        fact = max(compared, key=_distance)
        head = _comparison(fact, name, lang)
    else:
        fact = max(known, key=lambda f: _extremity(f))
        head = t("highlight_value", lang, label=fact.label, name=name,
                 value=_with_unit(fact.value, fact, lang))
    return head + _rank(fact, districts, lang) + _change(fact, lang) + "."


def _distance(fact: Fact) -> float:
    if _is_share(fact):
        return abs(fact.value - fact.reference) / 10  # 10 percentage points weigh as a 100 % difference
    return abs(fact.value / fact.reference - 1)


def _extremity(fact: Fact) -> float:
    if not fact.rank or fact.count < 2:
        return 0.0
    return abs((fact.rank - 1) / (fact.count - 1) - 0.5)


def _is_share(fact: Fact) -> bool:
    return fact.kind == "share" or fact.unit.strip() in ("%", "procent")


def _comparison(fact: Fact, name: str, lang: str) -> str:
    # the unit once, after the second number: "(44,3 tegen 42,5 per 1.000 inwoners)"
    value, reference = format_number(fact.value, fact.decimals, lang), _with_unit(fact.reference, fact, lang)
    if _is_share(fact):
        points = fact.value - fact.reference
        if abs(points) < 0.5:
            return t("highlight_same", lang, label=fact.label, name=name, value=_with_unit(fact.value, fact, lang))
        amount = t("highlight_points", lang, points=format_number(abs(points), max(fact.decimals, 0), lang))
    else:
        ratio = fact.value / fact.reference - 1
        if abs(ratio) < SAME:
            return t("highlight_same", lang, label=fact.label, name=name, value=_with_unit(fact.value, fact, lang))
        amount = t("highlight_percent", lang, percent=format_number(abs(ratio) * 100, 0, lang))
    key = "highlight_higher" if fact.value > fact.reference else "highlight_lower"
    return t(key, lang, label=fact.label, name=name, amount=amount, value=value, reference=reference)


def _rank(fact: Fact, districts: str, lang: str) -> str:
    if not fact.rank or fact.count < 2:
        return ""
    if fact.rank == 1:
        return t("highlight_rank_highest", lang, count=fact.count, districts=districts)
    if fact.rank == fact.count:
        return t("highlight_rank_lowest", lang, count=fact.count, districts=districts)
    return t("highlight_rank", lang, rank=fact.rank, count=fact.count, districts=districts)


def _change(fact: Fact, lang: str) -> str:
    if fact.broken is not None and fact.change is None:
        return t("highlight_break", lang, year=fact.broken)
    if fact.change is None or fact.since is None:
        return ""
    step = 0.5 * 10.0 ** -max(fact.decimals, 0)
    if abs(fact.change) < step:
        return t("highlight_flat", lang, year=fact.since)
    key = "highlight_up" if fact.change > 0 else "highlight_down"
    return t(key, lang, year=fact.since, change=_with_unit(abs(fact.change), fact, lang, change=True))


def _with_unit(value: float, fact: Fact, lang: str, change: bool = False) -> str:
    text = format_number(value, fact.decimals, lang)
    unit = fact.unit.strip()
    if not unit:
        return text
    if unit == "%":
        return t("highlight_points", lang, points=text) if change else f"{text}%"
    return f"{text} {unit}"
