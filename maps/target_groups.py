"""What the Doelgroepen page draws: rates with intervals, composition per district, zzp'ers, the model.

The charts follow ``maps.charts``: Altair (Vega-Lite), offline (Streamlit bundles Vega; PNG/SVG by
vl-convert through ``maps.charts.save_chart``), numbers in the Dutch or English number locale,
names as data (never markup). Every chart carries its source line and date in the subtitle, so a
downloaded PNG or SVG says where it comes from. Secret cells are never drawn as numbers: a
secret group is left out of the rates chart and counted in the subtitle; a district's secret
parts are one grey "geheim" part of its bar. Maps are ordinary choropleths
(``maps.choropleth.build_choropleth``) of a table with one figure per district.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from indicators.analysis.models import interaction_predictors, natural_order
from indicators.analysis.rates import Rates, group_words, interval
from indicators.core.formatting import format_number, format_percent
from indicators.core.table import ColumnInfo, Table
from indicators.core.values import MISSING, OK, SECRET, STATUS_DTYPE
from indicators.core.words import check_lang, t
from maps.charts import NUMBER_LOCALES, WIDTH, chart_title, configure, save_chart
from maps.palettes import HIGHLIGHT_COLOR, OUTLINE_COLOR, SECRET_COLOR

DOT_COLOR = HIGHLIGHT_COLOR
OVERALL_COLOR = "#d95f02"
ZZP_COLOR = "#6a51a3"  # the dark end of the Purples palette of the zzp map
FIGURE = "waarde"
# Okabe-Ito: a qualitative palette that stays apart for the colour-blind (groups have no order of "more").
GROUP_COLORS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")


def footer(source: str, lang: str = "nl", synthetic: bool = False) -> str:
    """"Bron: ... · gemaakt op 2026-12-02 · synthetische demodata": the last line of every chart."""
    parts = [f"{t('map_source', lang)}: {source}" if source else "", t("map_made", lang, date=date.today().isoformat())]
    if synthetic:
        parts.append(t("map_synthetic", lang))
    return " · ".join(p for p in parts if p)


def rates_chart(rates: Rates, *, title: str, source: str, lang: str = "nl", synthetic: bool = False,
                width: int = WIDTH, labels: dict | None = None) -> alt.LayerChart:
    """Dot-and-whisker of every published group, highest rate on top; the overall rate a dashed line.

    A filled dot marks a group whose interval excludes the overall rate (``differs``); an open dot
    one that does not. Secret groups are not drawn; the subtitle says how many. ``labels`` names
    group columns without words of their own (column -> label, from the table's descriptor).
    """
    check_lang(lang)
    rows = [{"groep": group_words(r.by, lang, labels=labels), "rate": r.rate, "laag": r.ci_low, "hoog": r.ci_high,
             "soort": t("tg_differs" if r.differs else "tg_not_differs", lang),
             "tekst": f"{format_percent(r.rate, lang)} ({interval(r, lang)})",
             "aantal": format_number(r.denominator, 0, lang)} for r in rates.shown]
    frame = pd.DataFrame(rows, columns=["groep", "rate", "laag", "hoog", "soort", "tekst", "aantal"])
    frame = frame.sort_values(["rate", "groep"], ascending=[False, True], kind="stable")
    hidden = len(rates.rates) - len(rates.shown)
    subtitle = [t("tg_rates_subtitle", lang, overall=format_percent(rates.overall.rate, lang))
                if rates.overall.rate is not None else t("tg_overall_secret", lang)]
    if hidden:
        subtitle.append(t("tg_groups_secret", lang, count=hidden, min=rates.min_count))
    subtitle.append(footer(source, lang, synthetic))
    x_title = t("tg_axis_rate", lang)
    y = alt.Y("groep:N", sort=frame["groep"].tolist(), title=None,
              axis=alt.Axis(labelLimit=320, labelOverlap=False))
    x = alt.X("laag:Q", title=x_title, scale=alt.Scale(domain=[0, _upper(frame, rates)], nice=False))
    tooltip = [alt.Tooltip("groep:N", title=t("tg_col_group", lang)), alt.Tooltip("tekst:N", title=x_title),
               alt.Tooltip("aantal:N", title=t("tg_col_persons", lang))]
    base = alt.Chart(frame)
    whiskers = base.mark_rule(color=OUTLINE_COLOR, strokeWidth=2).encode(x=x, x2="hoog:Q", y=y, tooltip=tooltip)
    kinds = [t("tg_differs", lang), t("tg_not_differs", lang)]
    dots = base.mark_point(size=90, strokeWidth=2, color=DOT_COLOR, opacity=1).encode(
        x="rate:Q", y=y, tooltip=tooltip,
        fill=alt.Fill("soort:N", title=None, scale=alt.Scale(domain=kinds, range=[DOT_COLOR, "white"]),
                      legend=alt.Legend(orient="bottom", labelLimit=400)))
    layers = [whiskers, dots]
    if rates.overall.rate is not None:
        overall = pd.DataFrame({"rate": [rates.overall.rate],
                                "label": [t("tg_overall_label", lang, rate=format_percent(rates.overall.rate, lang))]})
        rule = alt.Chart(overall).mark_rule(color=OVERALL_COLOR, strokeDash=[6, 4], strokeWidth=2).encode(x="rate:Q")
        text = alt.Chart(overall).mark_text(align="left", dx=4, dy=-6, color=OVERALL_COLOR, fontSize=11,
                                            baseline="bottom").encode(x="rate:Q", y=alt.value(0), text="label:N")
        layers = [rule, text, *layers]
    chart = alt.layer(*layers).properties(title=chart_title(title, subtitle), width=width,
                                          height=alt.Step(28) if len(frame) else 40)
    return configure(chart, lang)


def _upper(frame: pd.DataFrame, rates: Rates) -> float:
    """The x axis ends a little past the widest interval (and the overall rate), at most 100%."""
    highest = max([*frame["hoog"].tolist(), rates.overall.rate or 0.0, 1.0])
    return float(min(100.0, math.ceil(highest / 10.0) * 10.0))


def composition_chart(parts: pd.DataFrame, names: dict, *, title: str, source: str, lang: str = "nl",
                      synthetic: bool = False, width: int = WIDTH) -> alt.Chart:
    """Stacked bars: per district the share of every group in the target group, with its secret part grey.

    ``parts`` is ``indicators.analysis.target_groups.composition``; districts whose total is secret are
    left out and counted in the subtitle.
    """
    check_lang(lang)
    secret_word = t("secret", lang)
    rows, left_out = [], 0
    for code, block in parts.groupby("code", sort=False):
        total = block["totaal"].iloc[0]
        if not np.isfinite(total) or total <= 0:
            left_out += 1
            continue
        name = names.get(code, code)
        shown = block[block["status"] == OK]
        for _, row in shown.iterrows():
            rows.append({"gebied": name, "groep": row["groep"], "aandeel": row["aandeel"],
                         "tekst": f"{format_number(row['aandeel'], 0, lang)}% "
                                  f"({format_number(row['aantal'], 0, lang)})"})
        rest = 100.0 - shown["aandeel"].sum()
        if len(shown) < len(block) and rest > 0.05:
            rows.append({"gebied": name, "groep": secret_word, "aandeel": rest, "tekst": secret_word})
    frame = pd.DataFrame(rows, columns=["gebied", "groep", "aandeel", "tekst"])
    groups = [g for g in dict.fromkeys(parts["groep"].tolist())]
    colours = [GROUP_COLORS[i % len(GROUP_COLORS)] for i in range(len(groups))]
    domain, colour_range = [*groups, secret_word], [*colours, SECRET_COLOR]
    frame["volgorde"] = frame["groep"].map({g: i for i, g in enumerate(domain)})
    subtitle = [t("tg_composition_left_out", lang, count=left_out) if left_out else "", footer(source, lang, synthetic)]
    chart = alt.Chart(frame).mark_bar(stroke="white", strokeWidth=0.5).encode(
        y=alt.Y("gebied:N", title=None, sort=list(dict.fromkeys(frame["gebied"].tolist())),
                axis=alt.Axis(labelLimit=260)),
        # shares of rounded counts need not add up to exactly 100: the axis goes as far as the longest bar
        x=alt.X("aandeel:Q", title=t("tg_axis_share", lang), stack="zero",
                scale=alt.Scale(domain=[0, max(100.0, float(frame.groupby("gebied")["aandeel"].sum().max())
                                               if len(frame) else 100.0)], nice=False)),
        color=alt.Color("groep:N", title=None, sort=domain, scale=alt.Scale(domain=domain, range=colour_range),
                        legend=alt.Legend(orient="bottom", columns=4, labelLimit=260)),
        order=alt.Order("volgorde:Q"),
        tooltip=[alt.Tooltip("gebied:N", title=t("tg_col_area", lang)), alt.Tooltip("groep:N", title=t(
            "tg_col_group", lang)), alt.Tooltip("tekst:N", title=t("tg_axis_share", lang))],
    ).properties(title=chart_title(title, subtitle), width=width, height=alt.Step(22))
    return configure(chart, lang)


def zzp_chart(share: pd.DataFrame, income: pd.DataFrame | None, names: dict, *, source: str, lang: str = "nl",
              synthetic: bool = False, words: dict | None = None) -> alt.HConcatChart:
    """Per district the share of zzp'ers (%) and, where known, their mean income beside all adults'.

    ``share`` and ``income`` are ``indicators.analysis.target_groups.district_figure`` frames; ``income``
    has ``waarde`` (zzp'ers) and ``alle`` (all adults). Secret values are left out and counted.
    ``words`` draws any group the same way: ``title``, ``axis_share``, ``who``, ``everyone`` and
    ``axis_amount`` (then amounts are plain numbers, not euros); the zzp'ers' words by default.
    """
    check_lang(lang)
    own = words is not None
    words = {"title": t("tg_zzp_title", lang), "axis_share": t("tg_axis_zzp", lang), "who": t("tg_income_zzp", lang),
             "everyone": t("tg_income_all", lang), "axis_amount": t("tg_axis_income", lang), **(words or {})}
    money = "" if own else "€ "
    frame = share.assign(gebied=share["code"].map(lambda c: names.get(c, c)))
    order = frame.sort_values("waarde", ascending=False, na_position="last")["gebied"].tolist()
    visible = frame[frame["status"] == OK].assign(tekst=lambda f: [f"{format_number(v, 1, lang)}%"
                                                                   for v in f["waarde"]])
    y = alt.Y("gebied:N", sort=order, title=None, scale=alt.Scale(domain=order), axis=alt.Axis(labelLimit=220))
    left = alt.Chart(visible).mark_bar(color=ZZP_COLOR).encode(
        y=y, x=alt.X("waarde:Q", title=words["axis_share"]),
        tooltip=[alt.Tooltip("gebied:N", title=t("tg_col_area", lang)),
                 alt.Tooltip("tekst:N", title=words["axis_share"])]).properties(width=260, height=alt.Step(22))
    panels = [left]
    hidden = int((frame["status"] == SECRET).sum())  # "ontbreekt" (nobody has one) is no secret
    if income is not None:
        long = []
        for _, row in income.iterrows():
            for who, column in ((words["who"], "waarde"), (words["everyone"], "alle")):
                value = row.get(column)
                if value is not None and np.isfinite(value):
                    long.append({"gebied": names.get(row["code"], row["code"]), "wie": who, "inkomen": value,
                                 "tekst": f"{money}{format_number(value, 0, lang)}"})
        income_frame = pd.DataFrame(long, columns=["gebied", "wie", "inkomen", "tekst"])
        who = [words["who"], words["everyone"]]
        right = alt.Chart(income_frame).mark_point(size=80, filled=True).encode(
            y=alt.Y("gebied:N", sort=order, title=None, scale=alt.Scale(domain=order),
                    axis=alt.Axis(labels=False, ticks=False)),
            x=alt.X("inkomen:Q", title=words["axis_amount"]),
            color=alt.Color("wie:N", title=None, sort=who, scale=alt.Scale(domain=who, range=[ZZP_COLOR, "#8c8c8c"]),
                            legend=alt.Legend(orient="bottom")),
            shape=alt.Shape("wie:N", sort=who, legend=None),
            tooltip=[alt.Tooltip("gebied:N", title=t("tg_col_area", lang)), alt.Tooltip("wie:N", title=" "),
                     alt.Tooltip("tekst:N", title=words["axis_amount"])]).properties(width=260,
                                                                                         height=alt.Step(22))
        panels.append(right)
        hidden += int((income["status"] == SECRET).sum())
    subtitle = [t("tg_zzp_secret", lang, count=hidden) if hidden else "", footer(source, lang, synthetic)]
    chart = alt.hconcat(*panels, spacing=28).properties(title=chart_title(words["title"], subtitle))
    return chart.configure(locale={"number": NUMBER_LOCALES[lang]}).configure_view(stroke=None)


def forest_chart(model: dict, *, source: str, lang: str = "nl", labels: dict | None = None,
                 width: int = WIDTH, title: str | None = None) -> alt.LayerChart:
    """Odds ratios with 95% intervals on a log scale, one row per category, the reference at 1.

    ``model`` is a result of ``python cli.py model`` (``indicators.analysis.models.ModelResult.to_dict``).
    Reference categories stand at 1 without an interval; withheld predictors are not drawn, nor those
    of an interaction (their odds ratios hold within the other's reference group: ``for_whom_chart``).
    """
    check_lang(lang)
    labels = labels or {}
    rows = []
    conditional = interaction_predictors(model)
    for predictor in model.get("predictors", []):
        if predictor["name"] in conditional:
            continue
        for category in predictor.get("categories", []):
            name = category["category"]
            label = f"{labels.get(predictor['name'], predictor['name'])}: {name}"
            reference = category.get("status") == "reference"
            rows.append({
                "term": label, "or": category.get("odds_ratio") or 1.0,
                "laag": 1.0 if reference else category.get("ci_low"),
                "hoog": 1.0 if reference else category.get("ci_high"),
                "soort": t("tg_reference", lang) if reference else t("tg_estimate", lang),
                "tekst": t("tg_reference", lang) if reference else
                f"{format_number(category['odds_ratio'], 2, lang)} ({format_number(category['ci_low'], 2, lang)}"
                f"–{format_number(category['ci_high'], 2, lang)})",
            })
    frame = pd.DataFrame(rows, columns=["term", "or", "laag", "hoog", "soort", "tekst"])
    low = min([*frame["laag"].dropna().tolist(), 1.0])
    high = max([*frame["hoog"].dropna().tolist(), 1.0])
    domain = [min(0.5, low / 1.25), max(2.0, high * 1.25)]
    y = alt.Y("term:N", sort=frame["term"].tolist(), title=None, axis=alt.Axis(labelLimit=340, labelOverlap=False))
    x_title = t("tg_axis_odds", lang)
    x = alt.X("laag:Q", title=x_title, scale=alt.Scale(type="log", domain=domain, nice=False))
    tooltip = [alt.Tooltip("term:N", title=" "), alt.Tooltip("tekst:N", title=x_title)]
    base = alt.Chart(frame)
    one = alt.Chart(pd.DataFrame({"een": [1.0]})).mark_rule(color=OUTLINE_COLOR, strokeDash=[4, 3]).encode(x="een:Q")
    whiskers = base.mark_rule(color=OUTLINE_COLOR, strokeWidth=2).encode(x=x, x2="hoog:Q", y=y, tooltip=tooltip)
    kinds = [t("tg_estimate", lang), t("tg_reference", lang)]
    dots = base.mark_point(size=80, strokeWidth=2, color=DOT_COLOR, opacity=1, shape="square").encode(
        x="or:Q", y=y, tooltip=tooltip,
        fill=alt.Fill("soort:N", title=None, scale=alt.Scale(domain=kinds, range=[DOT_COLOR, "white"]),
                      legend=alt.Legend(orient="bottom", labelLimit=400)))
    outcome = labels.get(model.get("outcome"), model.get("outcome", ""))
    subtitle = [t("tg_forest_subtitle", lang, outcome=outcome, n=format_number(model.get("n", 0), 0, lang)),
                footer(source, lang, bool(model.get("synthetic")))]
    chart = alt.layer(one, whiskers, dots).properties(
        title=chart_title(title or t("tg_forest_title", lang, outcome=outcome), subtitle), width=width,
        height=alt.Step(22))
    return configure(chart, lang)


def for_whom_chart(model: dict, *, source: str, lang: str = "nl", labels: dict | None = None,
                   width: int = WIDTH) -> alt.LayerChart:
    """What works for whom: per group of an interaction, each category's odds ratio against the reference.

    The forest of ``forest_chart`` with one block per group ("Jongeren tot 27 jaar: werkstage").
    """
    labels = labels or {}
    (interaction, *_) = model["interactions"]
    first, second = interaction["first"], interaction["second"]
    blocks = [{"name": group_words({second: item["group"]}, lang, labels=labels), "reference": interaction["reference"],
               "categories": item["categories"]}
              for item in sorted(interaction["within"], key=lambda item: natural_order(item["group"]))]
    title = t("tg_for_whom_title", lang, first=labels.get(first, first), second=labels.get(second, second))
    return forest_chart({**model, "predictors": blocks, "interactions": []}, source=source, lang=lang, width=width,
                        title=title)


def durations_chart(document: dict, *, title: str, source: str, lang: str = "nl", labels: dict | None = None,
                    width: int = WIDTH) -> alt.LayerChart:
    """The share still on benefit per month and group: Kaplan-Meier steps with their 95% band.

    ``document`` is a result of ``python cli.py durations``; only the months it shows are drawn
    (the disclosure rule already left the others out), each group in its own colour.
    """
    check_lang(lang)
    labels = labels or {}
    rows = []
    groups = [g for g in document.get("groups", []) if g.get("status") == OK] or [document["overall"]]
    for group in groups:
        name = group_words(group["by"], lang, labels=labels) if group["by"] else t("group_everyone", lang)
        for point in group["curve"]:
            low, high = point.get("ci_low", point["still_in"]), point.get("ci_high", point["still_in"])
            rows.append({"groep": name, "maand": point["month"], "nog": point["still_in"], "laag": low, "hoog": high,
                         "tekst": f"{format_percent(point['still_in'], lang)} "
                                  f"({format_percent(point.get('ci_low', point['still_in']), lang)}–"
                                  f"{format_percent(point.get('ci_high', point['still_in']), lang)})"})
    frame = pd.DataFrame(rows, columns=["groep", "maand", "nog", "laag", "hoog", "tekst"])
    names = list(dict.fromkeys(frame["groep"]))
    color = alt.Color("groep:N", title=None, sort=names, scale=alt.Scale(domain=names, range=list(GROUP_COLORS)),
                      legend=alt.Legend(orient="bottom", labelLimit=300))
    event = str(document.get("event") or "end")
    share_title = t("tg_durations_axis_share", lang) if event == "end" else t(
        "tg_durations_axis_share_event", lang, value=event.partition("=")[2])
    x = alt.X("maand:Q", title=t("tg_durations_axis_months", lang))
    y = alt.Y("nog:Q", title=share_title, scale=alt.Scale(domain=[0, 100]))
    tooltip = [alt.Tooltip("groep:N", title=" "), alt.Tooltip("maand:Q", title=t("tg_durations_axis_months", lang)),
               alt.Tooltip("tekst:N", title=share_title)]
    base = alt.Chart(frame)
    band = base.mark_area(opacity=0.15, interpolate="step-after").encode(x=x, y="laag:Q", y2="hoog:Q", color=color)
    line = base.mark_line(interpolate="step-after", strokeWidth=2).encode(x=x, y=y, color=color)
    dots = base.mark_point(size=30, filled=True).encode(x=x, y=y, color=color, tooltip=tooltip)
    subtitle = [t("tg_durations_subtitle", lang), footer(source, lang, bool(document.get("synthetic")))]
    chart = alt.layer(band, line, dots).properties(title=chart_title(title, subtitle), width=width, height=320)
    return configure(chart, lang)


def figure_table(districts: Table, values: pd.DataFrame, *, title: str, unit: str = "%", decimals: int = 1) -> Table:
    """A table of one figure per district in the order of ``districts``, for a choropleth.

    ``values`` has ``code``, ``waarde`` and ``status``; districts without a row are missing, secret
    ones secret: neither is ever drawn as a number.
    """
    data = districts.data[["code", "naam"]].copy()
    by_code = values.set_index("code")
    status = [by_code.at[code, "status"] if code in by_code.index else MISSING for code in data["code"].astype(str)]
    numbers = [by_code.at[code, "waarde"] if code in by_code.index and s == OK else math.nan
               for code, s in zip(data["code"].astype(str), status)]
    status = [s if s in (OK, SECRET) else MISSING for s in status]
    data[FIGURE] = pd.array(numbers, dtype="Float64")
    data[FIGURE] = data[FIGURE].mask(pd.Series(status, index=data.index) != OK)
    return Table(data=data, status=pd.DataFrame({FIGURE: pd.Series(status, index=data.index, dtype=STATUS_DTYPE)}),
                 columns={FIGURE: ColumnInfo(title=title, unit=unit, decimals=decimals)}, source=districts.source)


# --- a chart as a 16:9 slide, beside the map slides of maps.slides (decks with charts and maps) ---------


@dataclass(frozen=True)
class ChartSlide:
    """A chart of the Doelgroepen page on a slide: the saved view's title, the chart, its sentences, the note.

    ``chart`` is an altair chart; it carries its own source line and date in its subtitle.
    """

    title: str
    chart: object
    lines: tuple[str, ...] = ()
    note: str | None = None


def render_chart_slide(slide: ChartSlide, path, *, dpi: int = 150) -> Path:
    """Write a chart slide as ``.png``, ``.pdf`` or ``.svg``, all-or-nothing, in the map slides' layout.

    The chart is drawn by vl-convert (offline) and placed under the title; the sentences and the
    presenter's note go under it, as on the map slides.
    """
    import io

    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from indicators.io.files import atomic_output, check_output
    from maps.figures import figure_style
    from maps.slides import SLIDE_SIZE, STATIC_FORMATS, draw_title
    from maps.text_fit import wrap_lines

    path = check_output(path, tuple(STATIC_FORMATS), "a slide")
    fmt = STATIC_FORMATS[path.suffix.lower()]
    with tempfile.TemporaryDirectory() as folder:
        png = save_chart(slide.chart, Path(folder) / "grafiek.png").read_bytes()
    image = mpl.image.imread(io.BytesIO(png), format="png")
    with figure_style():
        figure = Figure(figsize=SLIDE_SIZE, dpi=dpi, facecolor="white")
        FigureCanvasAgg(figure)
        draw_title(figure, slide.title)
        text = [line for line in slide.lines[:3]] + ([slide.note] if slide.note else [])
        bottom = 0.35 + 0.32 * min(len(text), 4)
        height = SLIDE_SIZE[1] - 1.15 - bottom
        axes = figure.add_axes((0.35 / SLIDE_SIZE[0], bottom / SLIDE_SIZE[1], (SLIDE_SIZE[0] - 0.7) / SLIDE_SIZE[0],
                                height / SLIDE_SIZE[1]))
        axes.set_axis_off()
        axes.imshow(image, interpolation="antialiased")
        axes.set_anchor("W")
        lines = []
        for line in text:
            lines += wrap_lines(figure, line, 12, SLIDE_SIZE[0] - 0.7, max_lines=1)
        figure.text(0.35, 0.25, "\n".join(lines[:4]), transform=figure.dpi_scale_trans, ha="left", va="bottom",
                    fontsize=12, color="#333333", linespacing=1.35, parse_math=False, usetex=False)
        try:
            with atomic_output(path) as temporary:
                figure.savefig(temporary, format=fmt, dpi=dpi, facecolor="white")
        finally:
            figure.clear()
    return path
