"""The Doelgroepen page's data: the long tables (demo or uploaded), their rates, the model result, cached.

Only arranging and caching happens here; the numbers are ``indicators.rates``,
``indicators.target_groups`` and ``indicators.models``, the drawing ``maps.target_groups``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from geo.datasets import DEMO_DIR, Dataset
from geo.demo_microdata import MODEL_FILE, REINTEGRATION_FILE
from indicators.models import parse_model, read_model
from indicators.rates import Rates, group_rates
from indicators.readers import read_table
from indicators.table import Table
from indicators.words import STRINGS, t
from maps.charts import save_chart
from ui.caches import load
from ui.i18n import lang

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
def uploaded_table(data: bytes, name: str) -> Table:
    """An uploaded long table (read-only); ValueError when it cannot be read."""
    return read_table(data, name=name)


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


def measure_words(column: str, language: str) -> str:
    """A count column in words ("werk binnen 12 maanden"), or its own name."""
    key = f"tg_measure_{column}"
    return t(key, language) if key in STRINGS else column


def column_words(column: str, language: str) -> str:
    """A group column in words ("leeftijd"), or its own name."""
    key = f"tg_column_{column}"
    return t(key, language) if key in STRINGS else column


def downloads(chart, name: str, key: str) -> None:
    """PNG and SVG of a chart (title, source and date are in it), drawn by vl-convert only when asked for."""
    language = lang()

    def draw(suffix: str):
        def file() -> bytes:
            with tempfile.TemporaryDirectory() as folder:
                return save_chart(chart, Path(folder) / (name + suffix)).read_bytes()
        return file

    for column, suffix, mime in zip(st.columns([1, 1, 4])[:2], (".png", ".svg"), ("image/png", "image/svg+xml")):
        column.download_button(t("download", language, fmt=suffix[1:].upper()), data=draw(suffix),
                               file_name=f"{name}{suffix}", mime=mime, key=f"download_{key}{suffix}")
