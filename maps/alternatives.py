"""Text and table alternatives of a map (WCAG 1.1.1): what a screen reader reads, and a table to choose from.

Both come from the same ``Choropleth`` the map draws, so they say exactly what the colours say:
the district, its value as the tooltip writes it, its class as the legend names it, and its rank.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from indicators.core.words import join_words, t
from maps.choropleth import MISSING_CLASS, SECRET_CLASS, Choropleth

_MOST_NAMES = 3


def map_table(choropleth: Choropleth) -> pd.DataFrame:
    """One row per district, highest value first: name, code, value, class and rank (secret and missing last)."""
    lang = choropleth.lang
    classes = [entry.label for entry in choropleth.legend if entry.kind == "class"]
    others = {entry.kind: entry.label for entry in choropleth.legend if entry.kind != "class"}
    values = choropleth.values or [None] * len(choropleth.codes)
    secret, missing = others.get("secret", t("secret", lang)), others.get("missing", t("missing", lang))

    def label(number: int) -> str:
        if number == SECRET_CLASS:
            return secret
        if number == MISSING_CLASS:
            return missing
        return classes[number] if number < len(classes) else ""

    labels = [label(number) for number in choropleth.classes]
    # built by column, the words looked up once: 15,000 rows at buurt scale, on every rerun of the map page
    frame = pd.DataFrame({
        t("table_area", lang): choropleth.names,
        t("table_code", lang): choropleth.codes,
        t("table_value", lang): [tips[1] if len(tips) > 1 else text for tips, text in zip(choropleth.tooltips, labels)],
        t("table_class", lang): labels,
        t("table_rank", lang): [tips[2] if len(tips) > 2 else "" for tips in choropleth.tooltips],
        "_value": values,
    })
    if frame.empty:
        return frame
    frame = frame.sort_values("_value", ascending=False, na_position="last", kind="stable")
    return frame.reset_index(drop=True)


def describe_map(choropleth: Choropleth) -> str:
    """One or two sentences on what the map shows: its title, where the highest and lowest values are, what is withheld.

    "Aantal inwoners (2024). Hoogste waarden in Centrum, Vogelwijk en Molenwijk; laagste in Kerkeveld,
    Bomenbuurt en Zuiderhout. 1 gebied geheim."
    """
    lang = choropleth.lang
    values = np.array([np.nan if v is None else v for v in choropleth.values or []], dtype=float)
    known = np.flatnonzero(~np.isnan(values))
    names = np.array(choropleth.names, dtype=object)[known]
    parts = [choropleth.title.rstrip(".") + "."]
    if len(known) >= 2:  # among equal values by name, as people would list them
        count = min(_MOST_NAMES, len(known) // 2) or 1
        highest = names[np.lexsort((names, -values[known]))[:count]].tolist()
        lowest = names[np.lexsort((names, values[known]))[:count]].tolist()
        parts.append(t("map_describe", lang, highest=join_words(highest, lang), lowest=join_words(lowest, lang)))
    secret = choropleth.classes.count(SECRET_CLASS)
    missing = choropleth.classes.count(MISSING_CLASS)
    if secret:
        parts.append(t("map_describe_secret", lang, count=secret))
    if missing:
        parts.append(t("map_describe_missing", lang, count=missing))
    return " ".join(parts)


def table_html(frame: pd.DataFrame, caption: str) -> str:
    """A plain table with a caption and column headers, every cell escaped: a screen reader reads its rows."""
    frame = frame.drop(columns="_value", errors="ignore")
    head = "".join(f'<th scope="col">{html.escape(str(column))}</th>' for column in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(value))}</td>" for value in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return (f'<table class="wv-table"><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def alternatives_html(choropleth: Choropleth) -> str:
    """The text and table alternative under an offline map: the description, and the table behind a summary."""
    lang = choropleth.lang
    return (f'<footer class="wv-page-alt"><p>{html.escape(describe_map(choropleth))}</p>'
            f'<details><summary>{html.escape(t("table_open", lang))}</summary>'
            f"{table_html(map_table(choropleth), choropleth.title)}</details></footer>")
