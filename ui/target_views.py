"""Saved views of the Doelgroepen page on Presenteren: open, present, export as slides and offline page.

A view of that page keeps its choices under ``"doelgroepen"`` (``ui.target_groups_data.TARGET_KEY``)
with the threshold; ``ui.target_groups_data.saved_item`` draws its chart or map again from them.
Presenteren asks here first for such a view, so its own map views stay as they were.
"""

from __future__ import annotations

import base64
import html
import io
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

import streamlit as st

from indicators.core.words import t
from maps.target_groups import ChartSlide, render_chart_slide
from ui import state
from ui import target_groups_data as data
from ui.caches import prepared
from ui.i18n import error_text, lang, plain

# Which widget of the page holds which choice of a saved view, per section.
_WIDGETS = {
    "rates": {"table": state.TG_TABLE, "numerator": state.TG_NUMERATOR, "denominator": state.TG_DENOMINATOR,
              "by": state.TG_BY, "cross": state.TG_CROSS, "level": state.TG_LEVEL},
    "composition": {"table": state.TG_COMP_TABLE, "measure": state.TG_COMP_MEASURE, "group": state.TG_COMP_GROUP,
                    "map_group": state.TG_COMP_MAP_GROUP},
    "durations": {"kind": state.TG_DURATIONS_KIND},
}


def is_target_view(settings) -> bool:
    """Whether a saved view is one of the Doelgroepen page's charts or maps."""
    return isinstance(settings, dict) and isinstance(settings.get(data.TARGET_KEY), dict)


def open_target_view(settings: dict) -> None:
    """Put a saved view's choices in the page's widgets and open the page (runs before the widgets exist)."""
    spec = settings[data.TARGET_KEY]
    for choice, key in _WIDGETS.get(spec.get("section"), {}).items():
        if choice in spec:
            st.session_state[key] = spec[choice]
    if settings.get("min_count"):
        st.session_state[state.MIN_COUNT] = int(settings["min_count"])
    st.session_state[state.OPEN_MAP] = "doelgroepen"


def _item(saved):
    try:
        return data.saved_item(saved.settings, lang())
    except (ValueError, KeyError, TypeError) as error:
        st.warning(t("tg_view_gone", lang(), title=plain(saved.title), error=error_text(error)))
        return None


def present_target(saved, number: int) -> None:
    """A slide of a deck that is a chart or map of the Doelgroepen page, laid out as the map views' slides.

    The title above, the chart or map filling the screen's height, its sentences and the note beside
    it. A chart is shown as an SVG image drawn by vl-convert, as its SVG download is: it scales with
    the screen (a live chart keeps its pixel size, small on a 1920x1080 screen and taller than a
    1280x720 one).
    """
    item = _item(saved)
    title = f'<h1 class="wv-slide-title">{html.escape(saved.title)}</h1>'
    if item is not None and item.chart is None:
        title += f'<div class="wv-slide-subtitle">{html.escape(item.choropleth.title)}</div>'
    st.markdown(title, unsafe_allow_html=True)
    if item is None:
        return
    aside_text = list(item.lines[:3]) + ([saved.note] if saved.note else [])
    area, aside = st.columns([3, 1]) if aside_text else (st.container(), None)
    with area:
        if item.chart is not None:
            # the image's text alternative: the chart's title; its sentences stand beside it as text
            svg = _chart_svg(item.chart.to_json())
            st.markdown(f'<img class="wv-slide-chart" src="data:image/svg+xml;base64,{svg}" '
                        f'alt="{html.escape(item.title)}">', unsafe_allow_html=True)
        else:
            from ui.view import show_map

            show_map(item.view, item.choropleth, height=560, key=f"slide_map_{number}", keep_view=False, fill=True)
    if aside is not None:
        lines = "".join(f"<div>{html.escape(line)}</div>" for line in aside_text)
        aside.markdown(f'<div class="wv-slide-note">{lines}</div>', unsafe_allow_html=True)
    if item.chart is None:
        st.caption(item.footer)


@st.cache_data(max_entries=32, show_spinner=False)
def _chart_svg(spec: str) -> str:
    """A chart's SVG, base64 for an image's address; drawn once per chart (about 0.3 s), then remembered.

    Keyed by the chart's JSON (about 40 ms to make on each run of the slide, against 0.3 s to draw).
    """
    import vl_convert

    return base64.b64encode(vl_convert.vegalite_to_svg(spec).encode("utf-8")).decode("ascii")


def _saved_item(saved):
    """The view's chart or map; a map's title starts with the view's title, as the map views' slides do."""
    item = data.saved_item(saved.settings, lang())
    if item.choropleth is not None and saved.title and saved.title != item.choropleth.title:
        item.choropleth = replace(item.choropleth, title=f"{saved.title}: {item.choropleth.title}")
    return item


def target_slide(saved):
    """The slide of a saved view of the page: a map slide (``maps.slides.Slide``) or a ``ChartSlide``."""
    item = _saved_item(saved)
    if item.chart is not None:
        return ChartSlide(saved.title, item.chart, tuple(item.lines), saved.note or None)
    from maps.slides import Slide

    frame = item.view.loaded.table.data
    frame = frame.set_index("code", drop=False).loc[item.choropleth.codes].reset_index(drop=True)
    return Slide(frame, item.choropleth, note=saved.note or None)


def _draw(slide, path: Path) -> Path:
    if isinstance(slide, ChartSlide):
        return render_chart_slide(slide, path)
    from maps.slides import render_slide

    return render_slide(slide, path)


def target_files(saved, stem: str) -> list[tuple[str, bytes, str]]:
    """A saved view of the page as a PNG, SVG and PDF slide, and an offline HTML page."""
    import vl_convert

    from maps.webmap import web_map_html

    item = _saved_item(saved)
    slide = target_slide(saved)
    files = []
    with tempfile.TemporaryDirectory() as folder:
        for suffix, mime in ((".png", "image/png"), (".svg", "image/svg+xml"), (".pdf", "application/pdf")):
            files.append((f"{stem}{suffix}", _draw(slide, Path(folder) / f"dia{suffix}").read_bytes(), mime))
    if item.chart is not None:
        page = vl_convert.vegalite_to_html(item.chart.to_json(), bundle=True)  # Vega inline: works offline
    else:
        view = item.view
        page = web_map_html(prepared(view.dataset, view.level, view.year), item.choropleth, basemap="none")
    files.append((f"{stem}.html", page.encode("utf-8"), "text/html"))
    return files


def has_chart_slides(slides) -> bool:
    """Whether a deck holds a chart slide (then ``slides_file`` writes it, page by page)."""
    return any(isinstance(slide, ChartSlide) for slide in slides)


def slides_file(slides: list, suffix: str) -> bytes:
    """A deck of map and chart slides: one PDF page per slide, or a ZIP of one PNG per slide."""
    from pypdf import PdfWriter

    with tempfile.TemporaryDirectory() as folder:
        if suffix == ".zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                for number, slide in enumerate(slides, start=1):
                    path = _draw(slide, Path(folder) / f"dia_{number:02d}.png")
                    archive.writestr(path.name, path.read_bytes())
            return buffer.getvalue()
        writer = PdfWriter()
        for number, slide in enumerate(slides, start=1):
            writer.append(str(_draw(slide, Path(folder) / f"dia_{number:02d}.pdf")))
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()
