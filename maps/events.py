"""What the Evenementen page draws: the timeline around an event, all events ranked, the effect map.

The charts follow ``maps.charts``: Altair (Vega-Lite), offline (Streamlit bundles Vega; vl-convert
writes PNG/SVG through ``maps.charts.save_chart``), numbers through the Dutch or English number
locale, names as data (never markup). The map of the effect per district is an ordinary
``Choropleth`` (``maps.choropleth.build_choropleth``) on a table of effects, drawn by the web map.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from indicators.analysis.events import ESTIMATED, WITHHELD, Effect, sector_label, sector_words, sectors_label
from indicators.core.formatting import format_percent
from indicators.core.table import ColumnInfo, Table
from indicators.core.values import MISSING, OK, SECRET, STATUS_DTYPE
from indicators.core.words import check_lang, t
from maps.charts import WIDTH, chart_title, configure
from maps.choropleth import Choropleth, build_choropleth
from maps.palettes import HIGHLIGHT_COLOR, OUTLINE_COLOR

AREA_COLOR = "#1f4e79"
BASELINE_COLOR = "#8c8c8c"
EXPECTED_COLOR = "#d95f02"
EVENT_FILL = "#fdd0a2"
EFFECT = "effect_pct"


def timeline_chart(timeline: pd.DataFrame, *, naam: str, sectors, gebied: str, weeks: int, lang: str = "nl",
                   width: int = WIDTH + 240, period: str = "day") -> alt.LayerChart:
    """The area's daily values against its own baseline and the controls' expectation, event days shaded.

    Parameters
    ----------
    timeline : pandas.DataFrame
        ``indicators.analysis.events.EventStudy.timeline``: ``datum``, ``gebied`` (NaN where withheld), ``basis``,
        ``verwacht``, ``evenement``.
    naam, gebied : str
        The event's name and the area's name, for the title and legend.
    sectors : sequence of str
        The sector(s) shown.
    weeks : int
        Baseline weeks (days), or baseline periods (weeks, months, quarters), for the legend.
    period : str
        The series' period (``indicators.analysis.events.PERIODS``): names the axis, the baseline and the band.
    """
    check_lang(lang)
    daily = period == "day"
    labels = {
        "gebied": t("events_line_area", lang, gebied=gebied),
        "basis": t("events_line_baseline", lang, weeks=weeks) if daily else t(
            "events_line_baseline_periods", lang, n=weeks, periods=t(f"period_{period}s", lang)),
        "verwacht": t("events_line_expected", lang),
    }
    value_title = t("events_axis_value", lang) if daily else t("events_axis_value_period", lang,
                                                                period=t(f"period_{period}", lang))
    long = timeline.melt(id_vars=["datum"], value_vars=list(labels), var_name="reeks", value_name="waarde")
    long["lijn"] = long["reeks"].map(labels)
    long["datum_tekst"] = long["datum"].dt.strftime("%d-%m-%Y" if lang == "nl" else "%Y-%m-%d")
    long["waarde_tekst"] = [_amount(v, lang) for v in long["waarde"]]
    order = [labels["gebied"], labels["verwacht"], labels["basis"]]
    colour = alt.Color("lijn:N", title=None, sort=order,
                       scale=alt.Scale(domain=order, range=[AREA_COLOR, EXPECTED_COLOR, BASELINE_COLOR]),
                       legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400, symbolType="stroke",
                                         symbolStrokeWidth=3))
    dash = alt.StrokeDash("lijn:N", sort=order, legend=None,
                          scale=alt.Scale(domain=order, range=[[1, 0], [6, 3], [2, 2]]))
    lines = alt.Chart(long).mark_line(strokeWidth=2, point=alt.OverlayMarkDef(size=18)).encode(
        x=alt.X("datum:T", title=t("events_axis_date", lang), axis=alt.Axis(
            format=("%d-%m" if lang == "nl" else "%m-%d") if daily else "%m-%Y")),
        y=alt.Y("waarde:Q", title=value_title),
        color=colour, strokeDash=dash,
        tooltip=[alt.Tooltip("datum_tekst:N", title=t("events_axis_date", lang)),
                 alt.Tooltip("lijn:N", title=" "), alt.Tooltip("waarde_tekst:N", title=value_title)],
    )
    days = timeline.loc[timeline["evenement"], "datum"]
    layers = []
    if len(days):
        step = timeline["datum"].diff().median() if not daily and len(timeline) > 1 else pd.Timedelta(days=1)
        start, end = (days.min() - pd.Timedelta(hours=12), days.max() + pd.Timedelta(hours=12)) if daily else (
            days.min(), days.max() + step)  # a week, month or quarter is shaded over its whole length
        band = pd.DataFrame({"van": [start], "tot": [end],
                             "label": [t("events_days_marked" if daily else "events_periods_marked", lang)]})
        shade = alt.Chart(band).mark_rect(color=EVENT_FILL, opacity=0.7).encode(x="van:T", x2="tot:T")
        text = alt.Chart(band).mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=11).encode(
            x="tot:T", y=alt.value(0), text="label:N")
        layers += [shade, text]
    title = t("events_timeline_title", lang, naam=naam, sector=sector_words(sectors, lang), gebied=gebied)
    chart = alt.layer(*layers, lines).properties(title=chart_title(title, []), width=width, height=300)
    return configure(chart, lang)


def ranking_events_chart(effects: list[Effect], *, names: dict | None = None, lang: str = "nl",
                         width: int = WIDTH) -> alt.LayerChart:
    """Every estimated effect ranked, highest first: a point with its 95% interval; measurable ones filled.

    Withheld and not estimable effects are left out (the page lists them); an effect without a
    measurable result is drawn open, so it never reads as a finding.
    """
    check_lang(lang)
    names = names or {}
    rows = []
    for effect in effects:
        if effect.status != ESTIMATED:
            continue
        label = f"{effect.naam} · {sector_label(effect.sector, lang)} · {names.get(effect.gebied, effect.gebied)}"
        rows.append({
            "label": label, "effect": effect.effect_pct, "laag": effect.ci_low_pct, "hoog": effect.ci_high_pct,
            "meetbaar": effect.measurable,
            "soort": t("events_measurable" if effect.measurable else "events_no_effect", lang),
            "tekst": f"{format_percent(effect.effect_pct, lang, sign=True)} "
                     f"({format_percent(effect.ci_low_pct, lang, sign=True)} – "
                     f"{format_percent(effect.ci_high_pct, lang, sign=True)})",
        })
    frame = pd.DataFrame(rows, columns=["label", "effect", "laag", "hoog", "meetbaar", "soort", "tekst"])
    frame = frame.sort_values(["effect", "label"], ascending=[False, True], kind="stable")
    y = alt.Y("label:N", sort=frame["label"].tolist(), title=None, axis=alt.Axis(labelLimit=360, labelOverlap=False))
    x_title = t("events_axis_effect", lang)
    base = alt.Chart(frame)
    tooltip = [alt.Tooltip("label:N", title=t("events_col_event", lang)), alt.Tooltip("tekst:N", title=x_title)]
    interval = base.mark_rule(color=OUTLINE_COLOR, strokeWidth=1.5).encode(
        x=alt.X("laag:Q", title=x_title), x2="hoog:Q", y=y, tooltip=tooltip)
    kinds = [t("events_measurable", lang), t("events_no_effect", lang)]
    points = base.mark_point(size=70, strokeWidth=2, color=HIGHLIGHT_COLOR).encode(
        x="effect:Q", y=y, tooltip=tooltip,
        fill=alt.Fill("soort:N", title=None, scale=alt.Scale(domain=kinds, range=[HIGHLIGHT_COLOR, "white"]),
                      legend=alt.Legend(orient="bottom")),
    )
    zero = alt.Chart(pd.DataFrame({"nul": [0.0]})).mark_rule(color=OUTLINE_COLOR, strokeDash=[4, 3]).encode(x="nul:Q")
    chart = alt.layer(zero, interval, points).properties(
        title=chart_title(t("events_ranking_title", lang), []), width=width, height=alt.Step(20))
    return configure(chart, lang)


def effects_table(districts: Table, effects: dict[str, Effect], *, title: str, lang: str = "nl") -> Table:
    """A table of the effect (percent) per district, in the order of ``districts``, for a choropleth.

    Withheld districts are secret, districts without an estimate (or not in the series) missing:
    neither is ever drawn as a number.
    """
    data = districts.data[["code", "naam"]].copy()
    values, status = [], []
    for code in data["code"].astype(str):
        effect = effects.get(code)
        if effect is not None and effect.status == ESTIMATED:
            values.append(effect.effect_pct)
            status.append(OK)
        else:
            values.append(math.nan)
            status.append(SECRET if effect is not None and effect.status == WITHHELD else MISSING)
    data[EFFECT] = pd.array(values, dtype="Float64")
    data[EFFECT] = data[EFFECT].mask(pd.Series(status, index=data.index) != OK)
    return Table(data=data, status=pd.DataFrame({EFFECT: pd.Series(status, index=data.index, dtype=STATUS_DTYPE)}),
                 columns={EFFECT: ColumnInfo(title=title, unit="%", decimals=1)}, source=districts.source)


def effect_map(table: Table, effects: dict[str, Effect], *, source: str, synthetic: bool, lang: str = "nl",
               k: int = 5) -> Choropleth:
    """The choropleth of ``effects_table``: classes centred on 0, and the verdict in every tooltip."""
    title = table.columns[EFFECT].title
    choropleth = build_choropleth(table, EFFECT, k=k, kind="change", higher_is_better=True, title=title, lang=lang,
                                  source=source, synthetic=synthetic, secret_label=t("events_verdict_withheld", lang))
    tooltips = []
    for code, lines in zip(choropleth.codes, choropleth.tooltips):
        effect = effects.get(code)
        if effect is not None and effect.status == ESTIMATED:
            interval = (f"{format_percent(effect.ci_low_pct, lang, sign=True)} – "
                        f"{format_percent(effect.ci_high_pct, lang, sign=True)}")
            verdict = t(f"events_verdict_{effect.verdict}", lang)
            lines = [lines[0], f"{format_percent(effect.effect_pct, lang, sign=True)} ({interval})", verdict]
        tooltips.append(lines)
    choropleth.tooltips = tooltips
    return choropleth


def _amount(value, lang: str) -> str:
    from indicators.core.formatting import format_number

    return "" if value is None or value != value else format_number(value, 0, lang)


def event_label(event, names: dict, lang: str = "nl") -> str:
    """How an event reads in the choice list: "Jazz in het Park (Centrum, 07-07-2023 – 09-07-2023)"."""
    style = "%d-%m-%Y" if lang == "nl" else "%Y-%m-%d"
    start, end = event["start"].strftime(style), event["eind"].strftime(style)
    period = start if start == end else f"{start} – {end}"
    return t("events_option", lang, naam=event["naam"], gebied=names.get(event["gebied"], event["gebied"]),
             period=period)


def effect_rows(effects: list[Effect], names: dict | None = None, lang: str = "nl", period: str = "day",
                money: bool = True) -> pd.DataFrame:
    """The effects as a table for people: sector, area, percent with interval, amount, days and verdict.

    Withheld effects show no figure at all; an effect without a measurable result keeps its
    estimate and interval beside the words "geen meetbaar effect", so it never reads as 0.
    """
    from indicators.core.formatting import format_number

    names = names or {}
    rows = []
    for effect in effects:
        estimated = effect.status == ESTIMATED
        rows.append({
            t("events_col_sector", lang): sectors_label(effect.sectors, lang),
            t("events_col_area", lang): names.get(effect.gebied, effect.gebied),
            t("events_col_effect", lang): format_percent(effect.effect_pct, lang, sign=True) if estimated else "",
            t("events_col_interval", lang): (f"{format_percent(effect.ci_low_pct, lang, sign=True)} – "
                                             f"{format_percent(effect.ci_high_pct, lang, sign=True)}") if estimated
            else "",
            t("events_col_amount" if money else "events_col_amount_units", lang):
                format_number(effect.effect, 0, lang) if estimated else "",
            t(f"events_col_{period}s", lang): effect.days if estimated else None,
            t("events_col_verdict", lang): t(f"events_verdict_{effect.verdict}", lang),
            t("events_col_placebo", lang): t("events_placebo_place", lang, rank=effect.placebo_rank,
                                             total=effect.placebo_areas + 1)
            if effect.measurable and effect.placebo_rank is not None else "",  # beside "no effect" it only confuses
            t("events_col_placebo_time", lang): t("events_placebo_place", lang, rank=effect.placebo_time_rank,
                                                  total=effect.placebo_times + 1)
            if effect.measurable and effect.placebo_time_rank is not None else "",
            t("events_col_synthetic", lang): format_percent(effect.synthetic_pct, lang, sign=True)
            if estimated and effect.synthetic_pct is not None else "",
        })
    return pd.DataFrame(rows)
