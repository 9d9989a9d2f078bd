"""Charts beside the map: a ranking of all districts and a scatter of two indicators (Vega-Lite via Altair).

The charts follow the map's rules so that a reader can move between them without relearning:

- a bar has the colour its district has on the map (``maps.choropleth.build_choropleth``);
- secret and missing figures are never drawn and never placed in a rank; the subtitle says how
  many districts were left out, and why;
- every number people read goes through ``indicators.core.formatting.format_number`` (tooltips, the
  average's label, the correlation); axis ticks use Vega's own formatter with the Dutch or
  English number locale set in the chart's config, so they read 1.000 or 1,000 as well;
- names are data, never markup: Vega draws them as text, so a name such as ``<img ...>`` shows as
  those characters and is escaped in an SVG export;
- like a slide, a chart carries its title, and under it the source in words and the date
  (``maps.choropleth.slide_footer`` of the map whose colours it borrows), so a saved PNG or SVG
  can be handed out on its own.

The charts are plain ``altair`` objects: the app shows them with ``st.altair_chart`` (Streamlit
bundles Vega, so nothing is loaded from the internet), and ``save_chart`` writes PNG or SVG with
vl-convert, which is offline as well.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from indicators.core.describe import Description, describe_column
from indicators.core.formatting import format_number, mid_sentence, rank_shown
from indicators.core.table import Table
from indicators.core.values import MISSING, PROVISIONAL, SECRET
from indicators.core.words import check_lang, t
from indicators.io.files import atomic_output, check_output
from maps.choropleth import Choropleth, build_choropleth, rank_text, slide_footer
from maps.palettes import HIGHLIGHT_COLOR, OUTLINE_COLOR

CHART_FORMATS = (".png", ".svg")
PNG_SCALE = 2  # pixels per CSS pixel: sharp on a projector and in a slide
WIDTH = 480
SELECTED_PARAM = "geselecteerd_gebied"  # a Vega parameter holding the selected name as data

# Vega's number locale (d3-format) per language, so axis ticks follow the same style as format_number.
NUMBER_LOCALES = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}


@dataclass(frozen=True)
class Correlation:
    """How strongly two indicators go together over the districts with a valid value for both.

    ``pearson`` measures a straight-line relation, ``spearman`` one of order only (robust to a
    few extreme districts); both are NaN when fewer than three districts remain or one of the
    indicators is the same everywhere.
    """

    pearson: float
    spearman: float
    n: int


def ranking_chart(
    table: Table,
    column: str,
    *,
    choropleth: Choropleth | None = None,
    selected: str | None = None,
    lang: str = "nl",
    width: int = WIDTH,
) -> alt.LayerChart:
    """Rank every district on one indicator, highest on top, coloured as on the map.

    A ranking answers "where does my district stand?", so every district with a valid figure
    gets a bar, the average is a vertical rule to read above/below from, and the selected
    district is outlined and its name set in bold.

    Parameters
    ----------
    table : Table
        Joined districts; ``data`` has ``code`` and ``naam``.
    column : str
        The figure column to rank.
    choropleth : Choropleth, optional
        The map of ``column`` on the same table, whose colours the bars take; by default one
        is built with the map's default classes and palette.
    selected : str, optional
        Code of the district to highlight.
    lang : {'nl', 'en'}
        Language of labels and number style.
    width : int
        Width of the bars' area in pixels; the height follows the number of districts.

    Returns
    -------
    altair.LayerChart
        Bars, the average rule and its label.

    Raises
    ------
    ValueError
        For a column that is not a figure column, an unknown language or selected code, or a
        choropleth drawn for other districts.
    """
    check_lang(lang)
    _check_column(table, column, "column")
    codes = table.data["code"].astype(str)
    _check_selected(codes, selected)
    choropleth = _matching_map(table, column, choropleth, codes, lang)
    info = describe_column(table, column, lang)
    values = _values(table, column)
    status = table.status[column].astype(str)
    valid = values.notna()

    frame = pd.DataFrame({
        "code": codes,
        "naam": _display_names(table),
        "waarde": values,
        "kleur": choropleth.colors,
        "status": status,
    })[valid.to_numpy()]
    frame["rang"] = rank_shown(frame["waarde"], info.decimals).astype(int)
    frame = frame.sort_values(["waarde", "naam"], ascending=[False, True], kind="stable").reset_index(drop=True)
    total = len(frame)
    frame["waarde_tekst"] = [_value_text(v, s, info, lang) for v, s in zip(frame["waarde"], frame["status"])]
    frame["rang_tekst"] = [rank_text(r, total, lang) for r in frame["rang"]]
    frame["geselecteerd"] = frame["code"] == selected
    frame["rand"] = np.where(frame["geselecteerd"], HIGHLIGHT_COLOR, OUTLINE_COLOR)
    frame["randdikte"] = np.where(frame["geselecteerd"], 2.0, 0.5)
    frame = frame.drop(columns="status")

    heading = info.heading
    label_weight = alt.Undefined
    if frame["geselecteerd"].any():
        label_weight = {"condition": {"test": f"datum.value === {SELECTED_PARAM}", "value": "bold"},
                        "value": "normal"}
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("waarde:Q", title=heading),
        y=alt.Y("naam:N", sort=frame["naam"].tolist(), title=None,
                axis=alt.Axis(labelFontWeight=label_weight, labelLimit=220)),
        color=alt.Color("kleur:N", scale=None),
        stroke=alt.Stroke("rand:N", scale=None),
        strokeWidth=alt.StrokeWidth("randdikte:Q", scale=None),
        tooltip=[
            alt.Tooltip("naam:N", title=t("chart_name", lang)),
            alt.Tooltip("waarde_tekst:N", title=heading),
            alt.Tooltip("rang_tekst:N", title=t("chart_rank", lang)),
        ],
    )
    layers = [bars]
    if total:
        average = float(frame["waarde"].mean())
        marker = pd.DataFrame({
            "gemiddelde": [average],
            "label": [t("chart_average", lang, value=format_number(average, info.decimals, lang))],
        })
        base = alt.Chart(marker)
        layers.append(base.mark_rule(color=HIGHLIGHT_COLOR, strokeDash=[4, 3], strokeWidth=1.5)
                      .encode(x="gemiddelde:Q"))
        layers.append(base.mark_text(align="left", baseline="bottom", dx=3, dy=-3, fontSize=11)
                      .encode(x="gemiddelde:Q", y=alt.value(0), text="label:N"))
    layers.append(_footer(slide_footer([choropleth]), width))
    chart = alt.layer(*layers).properties(
        title=chart_title(info.title, [_left_out(status, lang)]),
        width=width,
        height=alt.Step(_step(total)),
    )
    if frame["geselecteerd"].any():
        name = frame.loc[frame["geselecteerd"], "naam"].iloc[0]
        chart = chart.add_params(alt.param(name=SELECTED_PARAM, value=name))
    return configure(chart, lang)


def scatter_chart(
    table: Table,
    x: str,
    y: str,
    *,
    selected: str | None = None,
    lang: str = "nl",
    regression: bool = True,
    choropleth: Choropleth | None = None,
    width: int = WIDTH,
    height: int = 360,
) -> tuple[alt.LayerChart, Correlation]:
    """Plot one indicator against another, one point per district, with their correlation.

    A scatter shows whether two problems come together in the same districts; the correlation
    puts a number on it and the trend line its direction. Only districts with a valid figure for
    both indicators take part; the others are counted in the subtitle.

    Parameters
    ----------
    table : Table
        Joined districts; ``data`` has ``code`` and ``naam``.
    x, y : str
        Figure columns for the horizontal and the vertical axis.
    selected : str, optional
        Code of the district to highlight (outlined, larger, with its name beside it).
    lang : {'nl', 'en'}
        Language of labels and number style.
    regression : bool
        Draw the least-squares line of ``y`` on ``x``.
    choropleth : Choropleth, optional
        The map of ``y`` whose colours the points take, so a point has its district's colour
        on that map; by default one is built with the map's default settings.
    width, height : int
        Size of the plot area in pixels.

    Returns
    -------
    (altair.LayerChart, Correlation)
        The chart, and Pearson's r, Spearman's rho and n over the districts shown.
    """
    check_lang(lang)
    _check_column(table, x, "x")
    _check_column(table, y, "y")
    codes = table.data["code"].astype(str)
    _check_selected(codes, selected)
    choropleth = _matching_map(table, y, choropleth, codes, lang)
    info_x, info_y = describe_column(table, x, lang), describe_column(table, y, lang)
    xs, ys = _values(table, x), _values(table, y)
    status_x, status_y = table.status[x].astype(str), table.status[y].astype(str)
    valid = (xs.notna() & ys.notna()).to_numpy()

    frame = pd.DataFrame({
        "code": codes,
        "naam": _display_names(table),
        "x": xs,
        "y": ys,
        "kleur": choropleth.colors,
    })[valid].reset_index(drop=True)
    frame["x_tekst"] = [_value_text(v, s, info_x, lang) for v, s in zip(xs[valid], status_x[valid])]
    frame["y_tekst"] = [_value_text(v, s, info_y, lang) for v, s in zip(ys[valid], status_y[valid])]
    frame["geselecteerd"] = frame["code"] == selected
    frame["rand"] = np.where(frame["geselecteerd"], HIGHLIGHT_COLOR, OUTLINE_COLOR)
    frame["randdikte"] = np.where(frame["geselecteerd"], 2.0, 0.7)
    frame["grootte"] = np.where(frame["geselecteerd"], 160, 60)
    frame = frame.sort_values("geselecteerd", kind="stable")  # the selected point is drawn last, on top

    correlation = correlate(frame["x"], frame["y"])
    heading_x, heading_y = info_x.heading, info_y.heading
    points = alt.Chart(frame).mark_point(filled=True, opacity=0.9).encode(
        x=alt.X("x:Q", title=heading_x, scale=alt.Scale(zero=False)),
        y=alt.Y("y:Q", title=heading_y, scale=alt.Scale(zero=False)),
        color=alt.Color("kleur:N", scale=None),
        stroke=alt.Stroke("rand:N", scale=None),
        strokeWidth=alt.StrokeWidth("randdikte:Q", scale=None),
        size=alt.Size("grootte:Q", scale=None),
        tooltip=[
            alt.Tooltip("naam:N", title=t("chart_name", lang)),
            alt.Tooltip("x_tekst:N", title=heading_x),
            alt.Tooltip("y_tekst:N", title=heading_y),
        ],
    )
    layers = []
    if regression and not math.isnan(correlation.pearson):
        slope, intercept = np.polyfit(frame["x"].to_numpy(float), frame["y"].to_numpy(float), 1)
        ends = np.array([frame["x"].min(), frame["x"].max()], dtype=float)
        line = pd.DataFrame({"x": ends, "y": slope * ends + intercept})
        layers.append(alt.Chart(line).mark_line(color=OUTLINE_COLOR, strokeDash=[6, 4], strokeWidth=1.5)
                      .encode(x="x:Q", y="y:Q"))
    layers.append(points)
    if frame["geselecteerd"].any():
        layers.append(alt.Chart(frame[frame["geselecteerd"]]).mark_text(
            align="left", dx=9, dy=-6, fontWeight="bold", fontSize=12,
        ).encode(x="x:Q", y="y:Q", text="naam:N"))
    layers.append(_footer(slide_footer([choropleth]), width))
    subtitle = [_correlation_text(correlation, lang), _left_out_pairs(status_x, status_y, lang)]
    title = t("chart_versus", lang, y=info_y.title, x=mid_sentence(info_x.title))
    chart = alt.layer(*layers).properties(title=chart_title(title, subtitle), width=width, height=height)
    return configure(chart, lang), correlation


def correlate(x, y) -> Correlation:
    """Pearson's r, Spearman's rho and n of two equally long series of valid values.

    NaN for both coefficients when fewer than three pairs remain or one series is constant:
    a correlation of two points is always ±1 and says nothing.
    """
    x = pd.Series(np.asarray(x, dtype=float))
    y = pd.Series(np.asarray(y, dtype=float))
    n = len(x)
    if n < 3 or x.nunique() < 2 or y.nunique() < 2:
        return Correlation(math.nan, math.nan, n)
    return Correlation(float(x.corr(y, method="pearson")), float(x.corr(y, method="spearman")), n)


def save_chart(chart: alt.TopLevelMixin, path) -> Path:
    """Write ``chart`` as PNG or SVG (chosen by the extension), all-or-nothing.

    Rendered offline by vl-convert; the PNG at twice the CSS pixel size so it stays sharp on a
    slide. The file appears only when it has been written completely.

    Raises
    ------
    OutputError
        For another extension or a folder that does not exist.
    """
    path = check_output(path, CHART_FORMATS, "a chart")
    suffix = path.suffix.lower()
    with atomic_output(path) as temporary:
        if suffix == ".png":
            chart.save(temporary, format="png", scale_factor=PNG_SCALE)
        else:
            chart.save(temporary, format="svg")
    return path


def _matching_map(table: Table, column: str, choropleth, codes, lang: str):
    """The map whose colours the chart borrows: the one given (for the same districts) or a default one."""
    if choropleth is None:
        return build_choropleth(table, column, lang=lang)
    if list(choropleth.codes) != codes.tolist():
        raise ValueError("'choropleth' was built for other districts than 'table': build it from the same table")
    return choropleth


def _check_column(table: Table, column: str, argument: str) -> None:
    if column not in table.figures:
        raise ValueError(f"'{argument}' should be a figure column of this table, got {column!r} instead: "
                         f"choose one of {', '.join(table.figures)}")


def _check_selected(codes: pd.Series, selected: str | None) -> None:
    if selected is not None and selected not in set(codes):
        raise ValueError(f"'selected' should be the code of a district in this table, got {selected!r} instead")


def _values(table: Table, column: str) -> pd.Series:
    """Figures as floats, NaN where secret or missing (never a sentinel)."""
    values = pd.to_numeric(table.data[column], errors="coerce").astype(float)
    hidden = table.status[column].astype(str).isin([SECRET, MISSING]).to_numpy()
    return values.mask(hidden)


def _display_names(table: Table) -> pd.Series:
    """District names, with the code added where two districts share a name (one bar each)."""
    names = table.data["naam"].astype(str)
    doubled = names.duplicated(keep=False)
    return names.where(~doubled, names + " (" + table.data["code"].astype(str) + ")")


def _value_text(value: float, status: str, info: Description, lang: str) -> str:
    text = format_number(value, info.decimals, lang)
    if info.unit == "%":
        text += "%"
    if status == PROVISIONAL:
        text += f" ({t('chart_provisional', lang)})"
    return text


def _left_out(status: pd.Series, lang: str) -> str:
    return _left_out_text(int((status == SECRET).sum()), int((status == MISSING).sum()), lang)


def _left_out_pairs(status_x: pd.Series, status_y: pd.Series, lang: str) -> str:
    """Districts without a pair: secret when either figure is secret, else without data."""
    secret = (status_x == SECRET) | (status_y == SECRET)
    missing = ~secret & ((status_x == MISSING) | (status_y == MISSING))
    return _left_out_text(int(secret.sum()), int(missing.sum()), lang)


def _left_out_text(secret: int, missing: int, lang: str) -> str:
    """'3 gebieden geheim, 1 zonder gegevens'; counts only, never which values."""
    parts = []
    if secret:
        parts.append(t("chart_secret", lang, count=secret, area=_area(secret, lang)))
    if missing:
        parts.append(t("chart_missing" if parts else "chart_missing_only", lang, count=missing,
                       area=_area(missing, lang)))
    return ", ".join(parts)


def _area(count: int, lang: str) -> str:
    return t("chart_area_one" if count == 1 else "chart_area_many", lang)


def describe_correlation(correlation: Correlation, lang: str = "nl") -> str:
    """The scatter's correlation in words, for the text under the chart (what screen readers read)."""
    return _correlation_text(correlation, lang)


def _correlation_text(correlation: Correlation, lang: str) -> str:
    if correlation.n < 3:
        return t("chart_too_few", lang, n=correlation.n)
    if math.isnan(correlation.pearson):
        return t("chart_constant", lang, n=correlation.n)
    return t(
        "chart_correlation", lang,
        pearson=format_number(correlation.pearson, 2, lang),
        spearman=format_number(correlation.spearman, 2, lang),
        n=format_number(correlation.n, 0, lang),
    )


def chart_title(text: str, subtitle: list[str]) -> alt.Title:
    """A chart's title over its subtitle lines, at the left, as every chart of the product has it."""
    lines = [line for line in subtitle if line]
    return alt.Title(text, subtitle=lines or alt.Undefined, anchor="start", fontSize=15, subtitleFontSize=12,
                     subtitleColor="#444444", offset=18)


FOOTER_SIZE = 11
FOOTER_BELOW = 60  # pixels from the plot's foot: under the axis labels and its title, also in Streamlit's theme


def _footer(text: str, width: int) -> alt.Chart:
    """The source line and date under the plot, in lines of the plot's width (Vega does not wrap text).

    One row per line, placed by its number: a list of lines in one cell is drawn as lines by
    vl-convert, but reaches Streamlit's browser chart as one bracketed, comma-joined string.
    """
    per_line = max(24, int(width / (0.56 * FOOTER_SIZE)))  # characters of about 0.56 em
    lines = textwrap.wrap(text, per_line) or [""]
    rows = pd.DataFrame({"bron": lines, "regel": range(len(lines))})
    return alt.Chart(rows).mark_text(align="left", baseline="top", fontSize=FOOTER_SIZE, color="#555555").encode(
        x=alt.value(0), y=alt.value({"expr": f"height + {FOOTER_BELOW} + datum.regel * {FOOTER_SIZE + 3}"}),
        text="bron:N")


def _step(count: int) -> int:
    """Pixels per bar: roomy for a dozen wijken, compact but legible for sixty buurten and more."""
    if count <= 20:
        return 24
    if count <= 40:
        return 18
    return 15


def configure(chart: alt.LayerChart, lang: str) -> alt.LayerChart:
    """Number style of the axis ticks, and a quiet frame."""
    return chart.configure(locale={"number": NUMBER_LOCALES[lang]}).configure_view(stroke=None).configure_axis(
        labelFontSize=11, titleFontSize=12, titleFontWeight="normal")
