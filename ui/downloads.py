"""The PNG and SVG buttons under a chart: the same two buttons on Vergelijken, Evenementen and Doelgroepen."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from indicators.core.words import t
from maps.charts import save_chart
from ui.i18n import lang


def chart_downloads(chart, name: str, key: str | None = None) -> None:
    """PNG and SVG of ``chart`` (its title, source and date are in it), drawn by vl-convert only when asked for.

    ``name`` is the file's name without extension; ``key`` keeps the buttons apart where one page
    shows the same file name twice (default: the name).
    """
    language = lang()

    def draw(suffix: str):
        def file() -> bytes:
            with tempfile.TemporaryDirectory() as folder:
                return save_chart(chart, Path(folder) / (name + suffix)).read_bytes()
        return file

    for column, suffix, mime in zip(st.columns([1, 1, 2])[:2], (".png", ".svg"), ("image/png", "image/svg+xml")):
        column.download_button(t("download", language, fmt=suffix[1:].upper()), data=draw(suffix),
                               file_name=f"{name}{suffix}", mime=mime, key=f"download_{key or name}{suffix}")
