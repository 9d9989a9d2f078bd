"""The Doelgroepen page's data: the long tables (demo or uploaded), their rates, the model result, cached.

Only arranging and caching happens here; the numbers are ``indicators.analysis.rates``,
``indicators.analysis.target_groups`` and ``indicators.analysis.models``, the drawing ``maps.target_groups``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.datasets import DEMO_DIR, Dataset, demo_dataset
from geo.demo_microdata import DURATION_FILES, FOR_WHOM_FILE, MODEL_FILE, REINTEGRATION_FILE
from indicators.analysis.durations import durations_sentences, parse_durations, read_durations
from indicators.analysis.models import model_sentences, parse_model, read_model, within_sentences
from indicators.analysis.rates import Rates, differing_sentences, group_rates, group_words
from indicators.analysis.target_groups import composition, composition_sentences, district_figure
from indicators.core.columns import readable
from indicators.core.errors import InputError
from indicators.core.formatting import format_number, mid_sentence
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.core.table import Table
from indicators.core.words import STRINGS, t
from indicators.io.descriptor import apply_descriptor, parse_descriptor
from indicators.io.readers import read_table
from indicators.microdata.longtable import STATUS_SUFFIX, read_long_table
from maps.choropleth import Choropleth, build_choropleth, source_line
from maps.target_groups import (
    FIGURE,
    composition_chart,
    durations_chart,
    figure_table,
    for_whom_chart,
    forest_chart,
    rates_chart,
    zzp_chart,
)
from ui.areas import Areas, areas_for, districts, names_of
from ui.view import View

YEAR = 2024  # the demo's districts the maps draw
DEMO_TABLES = (REINTEGRATION_FILE, "doelgroepen_reintegratie_demo.csv", "doelgroepen_werk_demo.csv",
               "doelgroepen_inkomen_demo.csv", "doelgroepen_jeugd_demo.csv")
QUESTION_TABLE = REINTEGRATION_FILE  # the re-integration question the page opens with
COMPOSITION_DEFAULT = ("doelgroepen_reintegratie_demo.csv", "aantal", "traject")
ZZP_TABLES = ("doelgroepen_werk_demo.csv", "doelgroepen_inkomen_demo.csv")


def demo_tables(folder: Path = DEMO_DIR) -> list[Path]:
    """The demo's long tables that exist, the re-integration table first."""
    return [folder / name for name in DEMO_TABLES if (folder / name).exists()]


def changed_at(path: Path) -> float:
    """The file's modification time, to key the caches (a regenerated file is read again)."""
    return path.stat().st_mtime


@st.cache_resource(show_spinner=False, max_entries=16)
def table(path: Path, changed: float) -> Table:
    """A long table as read (read-only)."""
    return read_table(path)


@st.cache_resource(show_spinner=False, max_entries=8)
def uploaded_table(files: dict[str, bytes]) -> Table:
    """An uploaded long table, with its descriptor where it came along (``NAME.datapackage.json``).

    One table and at most one descriptor; ValueError (with what to do) otherwise or when either
    cannot be read.
    """
    described = {name: data for name, data in files.items() if name.lower().endswith(".json")}
    tables = {name: data for name, data in files.items() if name not in described}
    if len(tables) != 1 or len(described) > 1:
        raise UploadError("upload one table, and its .datapackage.json if it has one", "one_table",
                          tables=len(tables))
    (name, data), = tables.items()
    table = read_table(data, name=name)
    for label, text in described.items():
        table = apply_descriptor(table, parse_descriptor(text, label))
    return table


def rates_of(source: Table, numerator: str, denominator: str, by: tuple, level: str | None,
             min_count: int) -> Rates:
    """Rates of a table (cheap: a few dozen rows); not cached, so a table never goes stale."""
    return group_rates(source, numerator, denominator, by=list(by), level=level, min_count=min_count)


def rate_sets(source: Table, numerator: str, denominator: str, by: list[str], cross: bool, level: str | None,
              min_count: int) -> list[tuple[list[str], Rates]]:
    """One set of rates per group column, or one of all of them crossed."""
    groups = [by] if cross or len(by) < 2 else [[column] for column in by]
    return [(columns, rates_of(source, numerator, denominator, tuple(columns), level, min_count))
            for columns in groups]


def model_result(path: Path | None = None) -> dict | None:
    """The demo's checked model result, None when it was not generated."""
    path = path or DEMO_DIR / MODEL_FILE
    return read_model(path) if path.exists() else None


def read_uploaded_model(text: bytes) -> dict:
    """An uploaded model result (JSON of python cli.py model); ValueError when it is not one."""
    return parse_model(text, "the uploaded file")


def demo_areas() -> Areas:
    """The demo's wijken, on which the demo tables are drawn."""
    dataset = demo_dataset()
    return Areas(dataset, "wijk", YEAR if YEAR in dataset.years else dataset.years[-1])


def own_areas(source: Table, all_datasets: dict[str, Dataset], first: str | None = None) -> Areas | None:
    """The session's wijken holding most of an own table's wijken; None where none holds any."""
    data = source.data
    codes = data.loc[data["niveau"] == "wijk", "code"] if "niveau" in data else data.get("code", [])
    return areas_for(codes, "wijk", all_datasets, first) if len(codes) else None


class UploadError(InputError):
    """Files uploaded together that do not make one table (two tables, or two descriptors)."""

    topic = "tg_upload"


def measure_words(column: str, language: str, source: Table | None = None) -> str:
    """A count column in words: the page's words (made for its sentences), the table's label, or the name readable."""
    return _words(f"tg_measure_{column}", column, language, source)


def column_words(column: str, language: str, source: Table | None = None) -> str:
    """A group column in words: the page's words ("leeftijd"), the table's own label, or the name made readable."""
    return _words(f"tg_column_{column}", column, language, source)


def _words(key: str, column: str, language: str, source: Table | None) -> str:
    """The analyst's own label first; the page's words for the demo's tables (made for its sentences); else readable."""
    own = source.title_of(column, language) if source is not None else None
    if own and source.source not in DEMO_TABLES:
        return own
    if key in STRINGS:
        return t(key, language)
    return own or readable(column).lower()


# --- what the page shows, built from its choices alone (the page, saved views and slides share it) -------

TARGET_KEY = "doelgroepen"  # a saved view of this page keeps its choices under this key


@dataclass
class Item:
    """One chart or map of the page, with the sentences shown beside it."""

    title: str
    chart: object = None  # an altair chart
    choropleth: Choropleth | None = None
    view: View | None = None  # where the map is drawn (the demo's wijken)
    lines: list[str] = field(default_factory=list)
    file_name: str = "doelgroepen"

    @property
    def footer(self) -> str:
        """The map's source line and date (a chart carries its own in the subtitle)."""
        return self.choropleth.footer if self.choropleth is not None else ""


def capital(text: str) -> str:
    """A title starts with a capital letter."""
    return text[:1].upper() + text[1:]


def demo_table(name: str) -> Table:
    """A demo table by file name; ValueError when it is not there (a saved view of a table since removed)."""
    path = DEMO_DIR / name
    if name not in DEMO_TABLES or not path.exists():
        raise ValueError(f"{name} is not one of the demo tables")
    return table(path, changed_at(path))


def rates_items(source: Table, spec: dict, minimum: int, language: str, synthetic: bool = True) -> list[Item]:
    """A dot-and-whisker chart (and its sentences) per group column, or one of them crossed."""
    sets = rate_sets(source, spec["numerator"], spec["denominator"], list(spec["by"]), bool(spec.get("cross")),
                     spec.get("level"), minimum)
    items = []
    for columns, rates in sets:
        column_text = " × ".join(mid_sentence(column_words(c, language, source)) for c in columns)
        title = t("tg_rates_title", language, measure=capital(measure_words(spec["numerator"], language, source)),
                  column=column_text)
        labels = {c: source.title_of(c, language) for c in [*columns, spec["numerator"]]
                  if source.title_of(c, language)}
        chart = rates_chart(rates, title=title, source=source.cited, lang=language, synthetic=synthetic, labels=labels)
        lines = differing_sentences(rates, language, labels) or [
            t("tg_no_difference" if rates.shown else "tg_nothing_compared", language, column=column_text)]
        items.append(Item(title, chart=chart, lines=lines,
                          file_name=f"percentages_{spec['numerator']}_{'_'.join(columns)}"))
    return items


def district_item(values, title: str, source: str, note: str, minimum: int, language: str,
                  palette: str = "YlGnBu", where: Areas | None = None, synthetic: bool = True) -> Item | None:
    """One figure per wijk on the web map (secret wijken grey and hatched), on ``where`` (the demo's wijken by default).

    None where there are no boundaries to draw on (an own table whose wijken no boundaries of the session hold).
    """
    where = where or (demo_areas() if synthetic else None)
    if where is None:
        return None
    loaded = districts(where)
    figures = figure_table(loaded.table, values, title=title)
    choropleth = build_choropleth(figures, FIGURE, k=4, palette=palette, title=title, lang=language,
                                  synthetic=synthetic, secret_label=f"{t('secret', language)} (< {minimum})",
                                  source=source_line(source, note, language))
    view = View(where.dataset, where.level, where.year, loaded, None, "quantiles", 4, palette, "none", None)
    return Item(title, choropleth=choropleth, view=view, file_name="kaart_doelgroep")


def composition_items(source: Table, spec: dict, minimum: int, language: str, names: dict,
                      synthetic: bool = True, where: Areas | None = None) -> list[Item]:
    """Stacked shares of a target group's groups per wijk, and a map of one group's share (where it can be drawn)."""
    measure, group = spec["measure"], spec["group"]
    parts = composition(source, measure, group, level="wijk", min_count=minimum)
    measure_text = measure_words(measure, language, source)
    title = t("tg_composition_chart", language, measure=capital(measure_text),
              column=mid_sentence(column_words(group, language, source)))
    chart = composition_chart(parts, names, title=title, source=source.cited, lang=language, synthetic=synthetic)
    items = [Item(title, chart=chart, lines=composition_sentences(parts, group, names, language,
                                                                  _labels(source, [group], language)),
                  file_name=f"samenstelling_{measure}_{group}")]
    values = read_long_table(source).values_of(group)
    chosen = spec.get("map_group") if spec.get("map_group") in values else values[0]
    shares = parts[parts["groep"] == chosen].rename(columns={"aandeel": "waarde"})
    map_title = t("tg_composition_map_title", language,
                  group=group_words({group: chosen}, language, labels=_labels(source, [group], language)),
                  measure=measure_text)
    district = district_item(shares, map_title, source.cited, t("tg_composition_note", language, min=minimum),
                             minimum, language, where=where, synthetic=synthetic)
    return items + ([district] if district is not None else [])


def _labels(source: Table, columns, language: str) -> dict:
    """The table's own labels of ``columns`` (its descriptor's), for sentences about them."""
    return {c: source.title_of(c, language) for c in columns if source.title_of(c, language)}


def amount_columns(source: Table) -> list[str]:
    """Figures of the table that are means or amounts (the descriptor's kind; else numbers that are no counts)."""
    long = read_long_table(source)
    counts, groups = set(long.count_columns()), set(long.groups())
    kinds = {c: info.kind for c, info in source.columns.items() if info.kind}
    numbers = [c for c in source.figures if c not in groups | {"code", "niveau"} and not c.endswith(STATUS_SUFFIX)
               and pd.api.types.is_numeric_dtype(source.data[c])]
    return [c for c in numbers if (kinds[c] in ("mean", "total") if c in kinds else c not in counts)]


def group_items(source: Table, spec: dict, minimum: int, language: str, names: dict,
                where: Areas | None = None) -> list[Item]:
    """One group of an own table per wijk: a map of its share, and its share and mean amount beside everyone's.

    The zzp section for any group (``spec``: ``group``, ``value``, ``measure``, ``amount``).
    """
    group, value, measure, amount = spec["group"], spec["value"], spec["measure"], spec.get("amount")
    parts = composition(source, measure, group, level="wijk", min_count=minimum)
    share = parts[parts["groep"] == value].rename(columns={"aandeel": "waarde"})[["code", "waarde", "status"]]
    labels = _labels(source, [group], language)
    who = group_words({group: value}, language, capital=False, labels=labels)
    words = {"title": t("tg_group_title", language, who=capital(who)),
             "axis_share": t("tg_group_axis_share", language, who=capital(who),
                             measure=mid_sentence(measure_words(measure, language, source))),
             "who": who, "everyone": t("tg_group_everyone", language)}
    income = None
    if amount:
        income = district_figure(source, amount, where={group: value}, min_count=minimum)
        everyone = district_figure(source, amount, min_count=minimum).set_index("code")["waarde"]
        income["alle"] = income["code"].map(everyone)
        unit = source.columns[amount].unit if amount in source.columns else ""
        words["axis_amount"] = capital(measure_words(amount, language, source)) + (f" ({unit})" if unit else "")
    chart = zzp_chart(share, income, names, source=source.cited, lang=language, synthetic=False, words=words)
    items = [Item(words["title"], chart=chart, lines=_group_reading(source, spec, share, minimum, language, names),
                  file_name=f"groep_{group}_{value}")]
    map_item = district_item(share, words["axis_share"], source.cited, t("tg_zzp_note", language, min=minimum),
                             minimum, language, palette="Purples", where=where, synthetic=False)
    return ([map_item] if map_item is not None else []) + items


def _group_reading(source: Table, spec: dict, share, minimum: int, language: str, names: dict) -> list[str]:
    """Where the group's share is highest against the gemeente's, and its mean amount against everyone's."""
    group, value, amount = spec["group"], spec["value"], spec.get("amount")
    who = group_words({group: value}, language, capital=False, labels=_labels(source, [group], language))
    shown = share.dropna(subset=["waarde"])
    if not len(shown):
        return []
    top = shown.loc[shown["waarde"].idxmax()]
    lines = [t("tg_group_reading_share", language, who=who, top=names.get(top["code"], top["code"]),
               share=f"{format_number(top['waarde'], 1, language)}%")]
    if amount:
        whole = district_figure(source, amount, level="gemeente", where={group: value}, min_count=minimum)
        whole_all = district_figure(source, amount, level="gemeente", min_count=minimum)
        if len(whole) and len(whole_all) and whole["waarde"].notna().all() and whole_all["waarde"].notna().all():
            lines.append(t("tg_group_reading_amount", language, amount=capital(measure_words(amount, language,
                                                                                           source)),
                           who=who, value=format_number(whole["waarde"].iloc[0], 0, language),
                           all=format_number(whole_all["waarde"].iloc[0], 0, language)))
    return lines


def zzp_items(minimum: int, language: str, names: dict) -> list[Item]:
    """Zzp'ers per wijk: a map of their share, and a chart of share and mean income; [] without the tables."""
    paths = [DEMO_DIR / name for name in ZZP_TABLES]
    if not paths[0].exists():
        return []
    work = table(paths[0], changed_at(paths[0]))
    if not read_long_table(work).has("zzp_pct"):
        return []
    share = district_figure(work, "zzp_pct", level="wijk", min_count=minimum)
    income, lines = None, []
    if paths[1].exists():
        incomes = table(paths[1], changed_at(paths[1]))
        long = read_long_table(incomes)
        if long.has("inkomen", "arbeidspositie") and "zzp" in long.values_of("arbeidspositie"):
            income = district_figure(incomes, "inkomen", where={"arbeidspositie": "zzp"}, min_count=minimum)
            everyone = district_figure(incomes, "inkomen", min_count=minimum).set_index("code")["waarde"]
            income["alle"] = income["code"].map(everyone)
            lines = _zzp_reading(work, incomes, share, minimum, language, names)
    map_item = district_item(share, t("tg_zzp_map_title", language), work.cited, t("tg_zzp_note", language,
                                                                                   min=minimum),
                             minimum, language, palette="Purples")
    map_item.lines = lines
    chart = zzp_chart(share, income, names, source=work.cited, lang=language, synthetic=True)
    return [map_item, Item(t("tg_zzp_title", language), chart=chart, lines=lines, file_name="zzp_per_wijk")]


def _zzp_reading(work: Table, incomes: Table, share, minimum: int, language: str, names: dict) -> list[str]:
    """Where most zzp'ers live, and what they earn against everyone, at gemeente level."""
    whole = district_figure(incomes, "inkomen", level="gemeente", where={"arbeidspositie": "zzp"}, min_count=minimum)
    whole_all = district_figure(incomes, "inkomen", level="gemeente", min_count=minimum)
    overall = district_figure(work, "zzp_pct", level="gemeente", min_count=minimum)
    shown = share.dropna(subset=["waarde"])
    if not len(shown) or not (whole["waarde"].notna().all() and whole_all["waarde"].notna().all()
                              and overall["waarde"].notna().all()):
        return []
    top = shown.loc[shown["waarde"].idxmax()]
    return [t("tg_zzp_reading", language, top=names.get(top["code"], top["code"]),
              share=f"{format_number(top['waarde'], 1, language)}%",
              overall=f"{format_number(overall['waarde'].iloc[0], 1, language)}%",
              zzp=format_number(whole["waarde"].iloc[0], 0, language),
              all=format_number(whole_all["waarde"].iloc[0], 0, language))]


def model_item(model: dict, language: str, table: Table | None = None) -> Item:
    """The checked model as a forest plot, with its reading in plain words; named with ``table``'s labels if given."""
    labels = {p["name"]: column_words(p["name"], language, table) for p in model["predictors"]}
    labels[model.get("outcome", "")] = measure_words(model.get("outcome", ""), language, table)
    source = model.get("source") or t("page_target_groups", language)
    chart = forest_chart(model, source=source, lang=language, labels=labels)
    title = t("tg_forest_title", language, outcome=labels[model.get("outcome", "")])
    own = {name: label for name, label in labels.items() if table is not None and table.title_of(name, language)}
    return Item(title, chart=chart, lines=model_sentences(model, language, own, within=False),
                file_name=f"model_{model.get('outcome', 'uitkomst')}")


def durations_result(kind: str, folder: Path = DEMO_DIR) -> dict | None:
    """The demo's durations (``kind``: ``end`` or ``werk``), None when they were not generated."""
    path = folder / DURATION_FILES[kind]
    return read_durations(path) if path.exists() else None


def read_uploaded_durations(text: bytes) -> dict:
    """An uploaded durations result (JSON of python cli.py durations); ValueError when it is not one."""
    return parse_durations(text, "the uploaded file")


def durations_item(document: dict, language: str, table: Table | None = None) -> Item:
    """The curves per group with their reading in plain words (the table's labels where an own table is shown)."""
    column = (document.get("by") or [None])[0]
    column_text = mid_sentence(column_words(column, language, table)) if column else t("group_everyone", language)
    event = str(document.get("event") or "end")
    title = t("tg_durations_title", language, column=column_text) if event == "end" else t(
        "tg_durations_title_event", language, column=column_text, value=event.partition("=")[2])
    labels = {column: table.title_of(column, language)} if column and table is not None and table.title_of(
        column, language) else {}
    chart = durations_chart(document, title=title, source=document.get("source") or "", lang=language, labels=labels)
    return Item(title, chart=chart, lines=durations_sentences(document, language, labels),
                file_name=f"duur_{column or 'iedereen'}")


def durations_rows(document: dict, language: str, table: Table | None = None):
    """The figures of every group as a table: the chart's table alternative."""
    import pandas as pd

    column = (document.get("by") or [None])[0]
    labels = {column: table.title_of(column, language)} if column and table is not None and table.title_of(
        column, language) else {}
    groups = [g for g in document.get("groups", []) if g.get("status") == "ok"] or [document["overall"]]

    def shown(share: dict, unit: str = "%") -> str:
        if share.get("status") != "ok":
            return ""
        decimals = 0 if unit != "%" else 1
        return (f"{format_number(share['value'], decimals, language)}{unit} "
                f"({format_number(share['ci_low'], decimals, language)}–"
                f"{format_number(share['ci_high'], decimals, language)})")

    return pd.DataFrame([{
        t("tg_col_group", language): group_words(g["by"], language, labels=labels) if g["by"] else t(
            "group_everyone", language),
        t("tg_col_median", language): shown(g["median_months"], ""),
        t("tg_col_out_12", language): shown(g["out_after_12_months"]),
        t("tg_col_durable", language): shown(g["durable_outflow"]),
        t("tg_col_reentry", language): shown(g["reentry_12_months"])} for g in groups])


def for_whom_result(folder: Path = DEMO_DIR) -> dict | None:
    """The demo's model with the trajectory x age class interaction, None when it was not generated."""
    path = folder / FOR_WHOM_FILE
    return read_model(path) if path.exists() else None


def for_whom_item(model: dict, language: str, table: Table | None = None) -> Item:
    """What works for whom: the forest per group, and per group which category works best, in plain words."""
    interaction = model["interactions"][0]
    names = [interaction["first"], interaction["second"], model.get("outcome", "")]
    labels = {name: column_words(name, language, table) for name in names[:2]}
    labels[names[2]] = measure_words(names[2], language, table)
    own = {name: label for name, label in labels.items() if table is not None and table.title_of(name, language)}
    chart = for_whom_chart(model, source=model.get("source") or "", lang=language, labels=labels)
    title = t("tg_for_whom_title", language, first=labels[names[0]], second=labels[names[1]])
    return Item(title, chart=chart, lines=within_sentences(model, language, own), file_name="wat_werkt_voor_wie")


def district_names() -> dict:
    """Code -> name of the demo's wijken."""
    return names_of(demo_areas())


def items_of(spec: dict, minimum: int, language: str) -> list[Item]:
    """The items a saved view's choices give (``spec["section"]``), on the demo tables; ValueError if none."""
    section = spec.get("section")
    if section == "rates":
        return rates_items(demo_table(spec["table"]), spec, minimum, language)
    if section == "composition":
        return composition_items(demo_table(spec["table"]), spec, minimum, language, district_names())
    if section == "zzp":
        return zzp_items(minimum, language, district_names())
    if section == "model":
        model = model_result()
        if model is None:
            raise ValueError("there is no model result")
        return [model_item(model, language)]
    if section == "durations":
        document = durations_result(spec.get("kind", "end")) if spec.get("kind", "end") in DURATION_FILES else None
        if document is None:
            raise ValueError("there are no durations")
        return [durations_item(document, language)]
    if section == "for_whom":
        model = for_whom_result()
        if model is None or not model.get("interactions"):
            raise ValueError("there is no model with an interaction")
        return [for_whom_item(model, language)]
    raise ValueError(f"unknown section {section!r}")


def saved_item(settings: dict, language: str) -> Item:
    """The one chart or map a saved view of this page shows; ValueError when it no longer can."""
    spec = settings.get(TARGET_KEY)
    if not isinstance(spec, dict):
        raise ValueError("not a view of the Doelgroepen page")
    minimum = int(settings.get("min_count") or DEFAULT_MIN_COUNT)
    items = items_of(spec, minimum, language)
    part = spec.get("part", 0)
    if not isinstance(part, int) or not 0 <= part < len(items):
        raise ValueError("the saved chart is no longer there")
    return items[part]
