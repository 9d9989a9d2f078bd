"""What a choropleth shows, decided once for the web map and the static map alike.

``build_choropleth`` turns one figure column of a joined table into classes, colours, legend
entries and tooltip texts. The web map (``maps.webmap``) and the static map (``maps.slides``)
only draw a ``Choropleth``; that is what keeps their classes and colours identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from indicators.analysis.classify import DEFAULT_K, DEFAULT_SCHEME, Classes, apply_bins, centred_classes, classify
from indicators.core.describe import describe_column
from indicators.core.formatting import SYMBOLS, format_date, format_number, rank_shown, shown_values
from indicators.core.table import Table
from indicators.core.values import MISSING, SECRET
from indicators.core.words import t
from maps.palettes import MISSING_COLOR, SECRET_COLOR, choose_palette, palette_colors

SECRET_CLASS, MISSING_CLASS = -1, -2


@dataclass
class LegendEntry:
    """One line of the legend: a colour, its label and how many districts have it."""

    label: str
    color: str
    count: int
    kind: str = "class"  # "class", "secret" or "missing"
    bounds: str = ""  # a class's range without its unit ("16,3 – 27,1"), for a legend that names the unit once


@dataclass
class Choropleth:
    """Everything a map draws, per district in the order of ``codes``; texts are plain (not escaped)."""

    title: str
    unit: str
    source: str
    lang: str
    codes: list[str]
    names: list[str]
    classes: list[int]  # class number, or SECRET_CLASS / MISSING_CLASS
    colors: list[str]
    legend: list[LegendEntry]
    tooltips: list[list[str]]  # lines per district: name, value, rank, status
    classification: Classes
    synthetic: bool = False
    made_on: str = field(default_factory=lambda: date.today().isoformat())
    values: list = field(default_factory=list)  # the figure per district (None where secret or missing), for tables
    column: str = ""  # the figure column drawn
    number_unit: str = ""  # the unit written after a number; "" for a plain count
    credit: str = ""  # who made the data, in words (``Table.cited``), for slides and charts
    rule: str = ""  # the disclosure rule in plain words, for slides and charts (``DisclosureReport.plain_note``)
    legend_note: str = ""  # what the legend should say about its classes (empty ones merged)
    headline: str = ""  # a presenter's title for the slide and the offline page; ``title`` stays the map's own
    subtitle: str = ""  # under the headline: what the map shows, where the headline does not say it

    @property
    def footer(self) -> str:
        """Source line with date, and the synthetic-data mark where it applies."""
        parts = [self.source, t("map_made", self.lang, date=self.made_on)]
        if self.synthetic:
            parts.append(t("map_synthetic", self.lang))
        return " · ".join(p for p in parts if p)


def slide_source(choropleth: Choropleth) -> str:
    """The source in words for slides and charts: who made the data, then the disclosure rule.

    "Bron: CBS, Kerncijfers wijken en buurten 2024 · Aantallen onder 10 zijn geheim; aantallen
    afgerond op 5". How many districts were kept secret is left to the appendix and the web map
    (``source``). A map without a credit keeps its own source line.
    """
    if not choropleth.credit:
        return choropleth.source
    return " · ".join(p for p in (f"{t('map_source', choropleth.lang)}: {choropleth.credit}", choropleth.rule) if p)


def slide_footer(choropleths) -> str:
    """The footer of a slide or chart: each map's credit and rule once, the date in words, the synthetic mark."""
    choropleths = list(choropleths)
    lang = choropleths[0].lang
    credits = list(dict.fromkeys(c.credit for c in choropleths if c.credit))
    parts = [f"{t('map_source', lang)}: {'; '.join(credits)}"] if credits else []
    parts += [c.source for c in choropleths if not c.credit and c.source]
    parts += [c.rule for c in choropleths if c.credit and c.rule]
    parts.append(t("map_made", lang, date=format_date(choropleths[0].made_on, lang)))
    if any(c.synthetic for c in choropleths):
        parts.append(t("map_synthetic", lang))
    return " · ".join(dict.fromkeys(p for p in parts if p))


def subtitle_for(headline: str, indicator: str, year=None) -> str:
    """What goes under a presenter's title: the indicator and the year, each unless the title names it.

    "Bijstand per buurt, 2024" over a map of "Bijstand per 1.000 inwoners" (2024) gets the
    indicator without the year; a title that names both needs no subtitle.
    """
    def plain(text: str) -> str:
        return " ".join(str(text).casefold().split())

    names_year = year is None or re.search(rf"(?<!\d){year}(?!\d)", str(headline)) is not None
    if indicator and plain(indicator) in plain(headline):
        return "" if names_year else str(year)
    return indicator if names_year else f"{indicator} ({year})"


def combined_footer(choropleths) -> str:
    """One footer for maps shown together: each part (source, date, mark) once, in order."""
    return " · ".join(dict.fromkeys(part for c in choropleths for part in c.footer.split(" · ")))


def build_choropleth(
    table: Table,
    column: str,
    *,
    scheme: str = DEFAULT_SCHEME,
    k: int = DEFAULT_K,
    breaks=None,
    palette: str | None = None,
    reverse: bool | None = None,
    kind: str = "level",
    higher_is_better: bool | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    lang: str = "nl",
    classification: Classes | None = None,
    secret_label: str | None = None,
    credit: str | None = None,
    rule: str = "",
) -> Choropleth:
    """Decide classes, colours, legend and tooltips for ``column`` of a joined table.

    Parameters
    ----------
    table : Table
        Joined districts; ``data`` has ``code`` and ``naam``.
    column : str
        The figure to map.
    scheme, k, breaks
        Classification (see ``indicators.analysis.classify``); ignored when ``classification`` is given
        (a scheme shared with another map). Change and deviation maps get classes centred on
        zero unless the breaks are manual.
    palette, reverse, kind, higher_is_better
        Colours (see ``maps.palettes.choose_palette``); ``reverse`` overrides the flip;
        ``higher_is_better`` defaults to the registry's direction for the indicator.
    title, source : str, optional
        Default: the indicator's label (registry, else the file's title) and ``Bron: <file>``.
    credit, rule : str, optional
        For slides and charts (``slide_source``): who made the data, by default the table's
        ``cited``, and the disclosure rule in plain words.
    synthetic : bool
        Marks the footer as synthetic demo data.
    secret_label : str, optional
        How suppressed cells read in legend and tooltips, e.g. "geheim (< 10)" from the
        disclosure rules; plain "geheim" by default.
    """
    if column not in table.figures:
        raise ValueError(f"'{column}' is not a figure column of this table: choose one of {', '.join(table.figures)}")
    info = describe_column(table, column, lang)  # registry labels, units and decimals; the file's otherwise
    decimals = info.decimals
    # classified as people read them: a district shown as "16,3" lies in the class that says so
    values = shown_values(table.data[column], decimals)
    status = table.status[column].astype(str)
    if classification is None and kind in ("change", "deviation") and scheme != "manual":
        classes = centred_classes(values, k)
    elif classification is None:
        classes = classify(values, scheme, k, breaks, decimals)
    else:
        classes = apply_bins(values, classification.bins, classification.lower, classification.scheme)
        classes.merged = classification.merged
    direction = info.higher_is_better if higher_is_better is None else higher_is_better
    name, flip = choose_palette(kind, direction, palette)
    colors_of_class = palette_colors(name, classes.k, flip if reverse is None else reverse)

    found = pd.to_numeric(pd.Series(classes.classes), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    numbers = np.where(np.isnan(found), np.where(status.to_numpy() == SECRET, SECRET_CLASS, MISSING_CLASS),
                       np.nan_to_num(found)).astype(int).tolist()
    colors = [colors_of_class[n] if n >= 0 else (SECRET_COLOR if n == SECRET_CLASS else MISSING_COLOR)
              for n in numbers]
    words = {**SYMBOLS[lang], **({SECRET: secret_label} if secret_label else {})}
    legend = _legend(classes, colors_of_class, numbers, decimals, info.number_unit, lang, words)
    tooltips = _tooltips(table, values, status, decimals, info.number_unit, lang, words)
    return Choropleth(
        title=title or info.title,
        unit=info.unit,
        source=source if source is not None else default_source(table, lang),
        lang=lang,
        codes=table.data["code"].astype(str).tolist(),
        names=table.data["naam"].astype(str).tolist(),
        classes=numbers,
        colors=colors,
        legend=legend,
        tooltips=tooltips,
        classification=classes,
        synthetic=synthetic,
        values=[None if n < 0 or v != v else v for v, n in zip(values.tolist(), numbers)],
        column=column,
        number_unit=info.number_unit,
        credit=table.cited if credit is None else credit,
        rule=rule,
        legend_note=t("legend_merged", lang, shown=classes.k, asked=classes.k + classes.merged)
        if classes.merged else "",
    )


def legend_unit(choropleth: Choropleth) -> str:
    """The unit a legend names once under its title, when every class carries the same one and it is more than a sign.

    Its classes then show their ranges bare ("23 – 221" under "Inwoners per km²"); a "%" stays with each range.
    """
    unit = choropleth.number_unit
    classes = [entry for entry in choropleth.legend if entry.kind == "class"]
    if not unit or unit == "%" or not classes or not all(entry.bounds for entry in classes):
        return ""
    return unit[0].upper() + unit[1:] if unit[0].islower() and not unit.startswith("x ") else unit


def unit_line(unit: str, heading: str | None) -> str:
    """The unit a legend writes under its heading: none where the heading already says it."""
    return "" if not unit or (heading and unit.casefold() in heading.casefold()) else unit


def legend_label(entry: LegendEntry, unit: str) -> str:
    """An entry's label: a class's bare range where the legend names ``unit`` once, else the label in full."""
    return entry.bounds if unit and entry.kind == "class" and entry.bounds else entry.label


def source_line(source: str, note: str, lang: str = "nl") -> str:
    """The source line under every map: "Bron: <files> · <disclosure note>", in the map's language."""
    return f"{t('map_source', lang)}: {source} · {note}"


def default_source(table: Table, lang: str = "nl") -> str:
    """"Bron: <files>" of a map given no source line of its own; empty when the table names no source."""
    return f"{t('map_source', lang)}: {table.cited}" if table.cited else ""


def _with_unit(text: str, unit: str) -> str:
    """``unit`` is a ``Description.number_unit``: empty for a plain count."""
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _legend(classes: Classes, colors: list[str], numbers: list[int], decimals: int, unit: str,
            lang: str, words: dict) -> list[LegendEntry]:
    entries = []
    shown = _enough_decimals(classes, decimals)
    for i, (low, high) in enumerate(classes.intervals()):
        if low == high:
            label = format_number(high, shown, lang)
        else:
            label = f"{format_number(low, shown, lang)} – {format_number(high, shown, lang)}"
        entries.append(LegendEntry(_with_unit(label, unit), colors[i], classes.counts[i], bounds=label))
    for number, state, color in ((SECRET_CLASS, SECRET, SECRET_COLOR), (MISSING_CLASS, MISSING, MISSING_COLOR)):
        count = numbers.count(number)
        if count:
            entries.append(LegendEntry(words[state], color, count, kind=state))
    return entries


def _enough_decimals(classes: Classes, decimals: int) -> int:
    """Add decimals until neighbouring class bounds read differently (at most two more)."""
    bounds = sorted({classes.lower, *classes.bins})  # equal numbers read the same at any precision
    for extra in range(3):
        texts = [format_number(b, decimals + extra) for b in bounds]
        if len(set(texts)) == len(texts):
            return decimals + extra
    return decimals + 2


def _tooltips(table: Table, values: pd.Series, status: pd.Series, decimals: int, unit: str,
              lang: str, words: dict) -> list[list[str]]:
    ranks = rank_shown(values, decimals).tolist()
    total = int(values.notna().sum())
    lines = []
    for name, value, state, rank in zip(table.data["naam"].astype(str).tolist(), values.tolist(), status.tolist(),
                                        ranks):
        if state in (SECRET, MISSING):
            lines.append([name, words[state]])
            continue
        text = _with_unit(format_number(value, decimals, lang), unit)
        lines.append([name, text, rank_text(int(rank), total, lang)])
    return lines


def rank_text(rank: int, total: int, lang: str = "nl") -> str:
    """"3e van 12": a district's rank as tooltips and charts write it."""
    before, after = _around_rank(total, lang)
    return f"{before}{rank}{after}"


@lru_cache(maxsize=64)
def _around_rank(total: int, lang: str) -> tuple[str, str]:
    """The words around a rank ("e van 12"), looked up once per map, not once per district (15,000 at buurt scale)."""
    before, after = t("map_rank", lang, rank="\0", total=total).split("\0")
    return before, after
