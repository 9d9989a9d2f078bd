"""The Doelgroepen page's data: the long tables (demo or uploaded), their rates, the model result, cached.

Only arranging and caching happens here; the numbers are ``indicators.analysis.rates``,
``indicators.analysis.target_groups`` and ``indicators.analysis.models``, the drawing ``maps.target_groups``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from geo.datasets import DEMO_DIR, Dataset, demo_dataset
from geo.demo_microdata import MODEL_FILE, REINTEGRATION_FILE
from indicators.analysis.models import model_sentences, parse_model, read_model
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
from indicators.microdata.longtable import read_long_table
from maps.choropleth import Choropleth, build_choropleth, source_line
from maps.target_groups import FIGURE, composition_chart, figure_table, forest_chart, rates_chart, zzp_chart
from ui.caches import load
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


def districts(dataset: Dataset):
    """The demo's wijken as the map pages load them (only codes, names and geometry are used here)."""
    return load(dataset, "wijk", YEAR if YEAR in dataset.years else dataset.years[-1])


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
    if key in STRINGS:
        return t(key, language)
    own = source.title_of(column, language) if source is not None else None
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
        lines = differing_sentences(rates, language, labels) or [t("tg_no_difference", language, column=column_text)]
        items.append(Item(title, chart=chart, lines=lines,
                          file_name=f"percentages_{spec['numerator']}_{'_'.join(columns)}"))
    return items


def district_item(values, title: str, source: str, note: str, minimum: int, language: str,
                  palette: str = "YlGnBu") -> Item:
    """One figure per wijk of the demo on the web map (secret wijken grey and hatched)."""
    dataset = demo_dataset()
    loaded = districts(dataset)
    figures = figure_table(loaded.table, values, title=title)
    choropleth = build_choropleth(figures, FIGURE, k=4, palette=palette, title=title, lang=language, synthetic=True,
                                  secret_label=f"{t('secret', language)} (< {minimum})",
                                  source=source_line(source, note, language))
    view = View(dataset, "wijk", YEAR if YEAR in dataset.years else dataset.years[-1], loaded, None, "quantiles", 4,
                palette, "none", None)
    return Item(title, choropleth=choropleth, view=view, file_name="kaart_doelgroep")


def composition_items(source: Table, spec: dict, minimum: int, language: str, names: dict,
                      synthetic: bool = True) -> list[Item]:
    """Stacked shares of a target group's groups per wijk, and a map of one group's share."""
    measure, group = spec["measure"], spec["group"]
    parts = composition(source, measure, group, level="wijk", min_count=minimum)
    measure_text = measure_words(measure, language, source)
    title = t("tg_composition_chart", language, measure=capital(measure_text),
              column=mid_sentence(column_words(group, language, source)))
    chart = composition_chart(parts, names, title=title, source=source.cited, lang=language, synthetic=synthetic)
    items = [Item(title, chart=chart, lines=composition_sentences(parts, group, names, language),
                  file_name=f"samenstelling_{measure}_{group}")]
    values = read_long_table(source).values_of(group)
    chosen = spec.get("map_group") if spec.get("map_group") in values else values[0]
    shares = parts[parts["groep"] == chosen].rename(columns={"aandeel": "waarde"})
    map_title = t("tg_composition_map_title", language, group=group_words({group: chosen}, language),
                  measure=measure_text)
    items.append(district_item(shares, map_title, source.cited, t("tg_composition_note", language, min=minimum),
                               minimum, language))
    return items


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


def model_item(model: dict, language: str) -> Item:
    """The checked model as a forest plot, with its reading in plain words."""
    labels = {p["name"]: column_words(p["name"], language) for p in model["predictors"]}
    labels[model.get("outcome", "")] = measure_words(model.get("outcome", ""), language)
    source = model.get("source") or t("page_target_groups", language)
    chart = forest_chart(model, source=source, lang=language, labels=labels)
    title = t("tg_forest_title", language, outcome=labels[model.get("outcome", "")])
    return Item(title, chart=chart, lines=model_sentences(model, language),
                file_name=f"model_{model.get('outcome', 'uitkomst')}")


def district_names() -> dict:
    """Code -> name of the demo's wijken."""
    loaded = districts(demo_dataset())
    return dict(zip(loaded.table.data["code"].astype(str), loaded.table.data["naam"].astype(str)))


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
