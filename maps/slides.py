"""The static map: a 16:9 slide (PNG, PDF or SVG) with the web map's classes and colours.

Drawn by matplotlib without a browser and without pyplot: every call builds its own ``Figure``
(Agg canvas), so the app can render in several threads. Secret districts are hatched grey with a
dashed outline and missing ones very light grey, as on the web map. User text is drawn
literally: ``$`` never starts mathtext and nothing is read as markup.

The layout is made for a steering group. On top the title (a presenter's title as given, with
what the map shows as a subtitle where the title does not say it); the map in RD New
(EPSG:28992) on the left with a metric scale bar; on the right the legend, its unit named once
in its heading and every entry in full (wrapped where long) with its count, and under it the
presenter's note; at the foot the source in words (who made the data, the disclosure rule in
plain language), the date and the synthetic-data mark. Every block is measured before it is
placed, so nothing overlaps at any length: type shrinks within limits, a long note moves under
the map, and only a note too long for any slide is shortened. How many districts were kept
secret is not on the slide: the appendix page of a deck (``render_slides``) lists it per slide.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from pyproj import CRS, Transformer

from indicators.core.crs import RD_NEW
from indicators.core.formatting import format_number
from indicators.core.words import t
from indicators.io.files import atomic_output, check_output
from maps.choropleth import (
    SECRET_CLASS,
    Choropleth,
    LegendEntry,
    legend_label,
    legend_unit,
    slide_footer,
    unit_line,
)
from maps.figures import METADATA, district_path, figure_style, fit_extent, project
from maps.palettes import HIGHLIGHT_COLOR, OUTLINE_COLOR
from maps.text_fit import fit_lines, shorten_lines, wrap_lines

STATIC_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}
DECK_FORMATS = (".pdf", ".zip")
SLIDE_SIZE = (40 / 3, 7.5)  # inches, 16:9 (13.333 x 7.5, the PowerPoint widescreen slide)
HATCH = "///"
MARK_COLOR = "#b2182b"
TEXT_COLOR = "#222222"
MUTED_COLOR = "#555555"

# The grid of a slide, in inches. Blocks are placed from the edges inwards: title and subtitle
# from the top, the footer from the bottom, the map and the legend column in what is left.
_SIDE, _TOP, _BOTTOM = 0.45, 0.38, 0.26  # margins
_GAP = 0.16  # between two blocks
_LEGEND_WIDTH = 3.45  # the legend column (one map); two maps share their column
_PAIR_LEGEND_WIDTH = 3.2
_COLUMN_GAP = 0.35  # between a map and the legend column, and between two maps
_LINESPACING = 1.2
# Type sizes in points, largest first: a block takes the first that fits. Title and footer also
# give the number of lines allowed at that size.
_TITLE_SIZES = ((28, 2), (26, 2), (24, 2), (22, 3), (20, 3), (18, 3))
_SUBTITLE_SIZES = ((17, 2), (15, 2), (13, 3))
_HEADING_SIZES = ((14, 2), (13, 2), (12, 3))  # a map's own title above it, on a slide with two
_LEGEND_SIZES = (15, 14, 13, 12, 11, 10, 9, 8)
_NOTE_SIZES = (13, 12, 11, 10)
_FOOTER_SIZES = ((11, 2), (10, 3), (9, 3))
_NOTE_IN_COLUMN = 12  # the smallest legend type worth keeping the note beside the map for
_NOTE_SHARE = 0.35  # the most of the map area a note under the map may take (one map; two: 0.3)
_LEGEND_FLOOR = 10  # the legend keeps at least this type size; a note under the map is shortened first

def render_static_map(
    frame: gpd.GeoDataFrame,
    choropleth: Choropleth,
    path,
    *,
    selected: str | None = None,
    note: str | None = None,
    extent: tuple[float, float, float, float] | None = None,
    dpi: int = 150,
) -> Path:
    """Draw ``choropleth`` on the districts of ``frame`` as a slide; the extension picks the format.

    Parameters
    ----------
    frame : GeoDataFrame
        Districts with a ``code`` column, in the order of ``choropleth.codes``; any CRS. Data in
        the Netherlands is drawn in RD New (EPSG:28992), elsewhere in Web Mercator; without a CRS
        the coordinates are drawn as they are (and without a scale bar).
    choropleth : Choropleth
        Colours, legend, title and footer, from ``maps.choropleth.build_choropleth``.
    path : str or Path
        ``.png``, ``.pdf`` or ``.svg``; the file appears only when it has been written completely.
    selected : str, optional
        Code of a district to outline in thick black.
    note : str, optional
        A presenter's note (a saved view's), drawn under the legend, or under the map when long.
    extent : (west, south, east, north), optional
        The area a presenter had in view on the web map, in degrees (WGS84). The slide shows the
        districts inside it; without it, or when no district lies inside it, the whole area.
    dpi : int
        Resolution of a PNG (150 gives 2000 x 1125 pixels); PDF and SVG are vector graphics.

    Returns
    -------
    Path
        The written file.
    """
    return render_slide(Slide(frame, choropleth, selected=selected, note=note, extent=extent), path, dpi=dpi)


def render_slide(slide: "Slide", path, *, dpi: int = 150, pixels: tuple[int, int] | None = None) -> Path:
    """Write one slide (one map, or two side by side) as ``.png``, ``.pdf`` or ``.svg``.

    ``pixels`` (width, height) sizes the slide for a screen, e.g. (1440, 900): it keeps the
    slide's height of 7.5 inches, so type keeps its size, and takes that screen's shape; the
    resolution follows (``dpi`` is then ignored).
    """
    path = Path(path)
    fmt = _check(slide.frame, slide.choropleth, path, dpi)
    _check_extent(slide.extent)
    if slide.beside is not None:
        _check(*slide.beside, path, dpi)
    size = SLIDE_SIZE
    if pixels is not None:
        size, dpi = _screen(pixels)
    with figure_style():
        drawn = _draw(slide, dpi=dpi, size=size)
        try:
            with atomic_output(path) as temporary:
                drawn.figure.savefig(temporary, format=fmt, dpi=dpi, metadata=METADATA[fmt], facecolor="white")
        finally:
            drawn.figure.clear()
    return path


@dataclass(frozen=True)
class Slide:
    """One slide of a deck: the districts, their choropleth, and what the presenter added."""

    frame: gpd.GeoDataFrame
    choropleth: Choropleth
    selected: str | None = None
    note: str | None = None
    extent: tuple[float, float, float, float] | None = None  # (west, south, east, north) in degrees
    beside: tuple[gpd.GeoDataFrame, Choropleth] | None = None  # a second map to the right of the first
    title: str | None = None  # the slide's title when there are two maps (each map keeps its own)


def render_slides(slides: list[Slide], path, *, dpi: int = 150) -> Path:
    """Write a deck: ``.pdf`` gives one 16:9 page per slide, ``.zip`` one PNG per slide; then an appendix.

    The appendix (the last page, or ``bijlage.png``) gives per slide the full source line with
    how many districts were kept secret, and a note the slide had to shorten. The file appears
    only when every slide has been drawn, so a failure leaves nothing behind.
    """
    path = check_output(path, DECK_FORMATS, "slides")
    if not slides:
        raise ValueError("there are no slides to write: add a view to the deck first")
    for slide in slides:
        _check(slide.frame, slide.choropleth, path.with_suffix(".pdf"), dpi)
        _check_extent(slide.extent)
        if slide.beside is not None:
            _check(*slide.beside, path.with_suffix(".pdf"), dpi)
    with figure_style(), atomic_output(path) as temporary:
        if path.suffix.lower() == ".pdf":
            with PdfPages(temporary, metadata=METADATA["pdf"]) as pdf:
                appendix = []
                for slide in slides:
                    drawn = _draw(slide, dpi=dpi, appendix=True)
                    pdf.savefig(drawn.figure, facecolor="white")
                    drawn.figure.clear()
                    appendix.append(drawn.appendix)
                for page in _draw_appendix(appendix, slides[0].choropleth.lang, dpi):
                    pdf.savefig(page, facecolor="white")
                    page.clear()
        else:
            with zipfile.ZipFile(temporary, "w") as archive:
                appendix = []
                for number, slide in enumerate(slides, start=1):
                    drawn = _draw(slide, dpi=dpi, appendix=True)
                    archive.writestr(f"dia_{number:02d}.png", _png(drawn.figure, dpi))
                    appendix.append(drawn.appendix)
                pages = _draw_appendix(appendix, slides[0].choropleth.lang, dpi)
                for number, page in enumerate(pages, start=1):
                    archive.writestr("bijlage.png" if len(pages) == 1 else f"bijlage_{number}.png", _png(page, dpi))
    return path


def _png(figure: Figure, dpi: int) -> bytes:
    image = io.BytesIO()
    figure.savefig(image, format="png", dpi=dpi, metadata=METADATA["png"], facecolor="white")
    figure.clear()
    return image.getvalue()


def _check(frame: gpd.GeoDataFrame, choropleth: Choropleth, path: Path, dpi) -> str:
    """Validate the arguments once, before anything is drawn; return the matplotlib format."""
    fmt = STATIC_FORMATS[check_output(path, tuple(STATIC_FORMATS), "a static map").suffix.lower()]
    if not isinstance(dpi, (int, np.integer)) or not 10 <= dpi <= 1200:
        raise ValueError(f"'dpi' should be a whole number from 10 to 1200, got {dpi!r} instead")
    if not isinstance(frame, gpd.GeoDataFrame) or "code" not in frame.columns:
        raise ValueError("'frame' should be a GeoDataFrame with a 'code' column (the districts of the choropleth)")
    codes = frame["code"].astype(str).tolist()
    if codes != list(choropleth.codes):
        raise ValueError("the frame and the choropleth describe different districts "
                         f"({_first_difference(codes, list(choropleth.codes))}): build the choropleth "
                         "from the same table as the frame, in the same order")
    if (frame.geometry.isna() | frame.geometry.is_empty).all():
        raise ValueError("the frame has no geometry to draw: every district's geometry is empty")
    return fmt


def _check_extent(extent) -> None:
    if extent is None:
        return
    try:
        west, south, east, north = (float(v) for v in extent)
    except (TypeError, ValueError):
        raise ValueError(f"'extent' should be (west, south, east, north) in degrees, got {extent!r} instead") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(f"'extent' should be (west, south, east, north) in degrees with west < east and "
                         f"south < north, got {extent!r} instead")


def _first_difference(codes: list[str], expected: list[str]) -> str:
    if len(codes) != len(expected):
        return f"{len(codes)} districts in the frame, {len(expected)} in the choropleth"
    row = next(i for i, (a, b) in enumerate(zip(codes, expected)) if a != b)
    return f"row {row}: {codes[row]!r} in the frame, {expected[row]!r} in the choropleth"


@dataclass
class _Appendix:
    """What a slide leaves to the appendix: the full source lines (with how much is secret) and notes."""

    title: str
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Slide:
    """A drawn slide and where its map sits, so pixels of the saved PNG can be located."""

    figure: Figure
    map_axes: Axes
    transformer: Transformer | None  # frame CRS -> map CRS; None when drawn as given
    mark: Text | None
    appendix: _Appendix | None = None
    note_cut: bool = False

    def pixels(self, x, y) -> np.ndarray:
        """Pixel (column, row) in the PNG, top-left origin, of points given in the frame's CRS."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if self.transformer is not None:
            x, y = self.transformer.transform(x, y)
        display = self.map_axes.transData.transform(np.column_stack([np.ravel(x), np.ravel(y)]))
        height = self.figure.bbox.height
        return np.column_stack([display[:, 0], height - display[:, 1]])

    def mark_box(self) -> tuple[float, float, float, float] | None:
        """Box (left, top, right, bottom) in PNG pixels covered by the synthetic-data mark."""
        if self.mark is None:
            return None
        box = self.mark.get_window_extent(self.figure.canvas.get_renderer())
        height = self.figure.bbox.height
        return box.x0, height - box.y1, box.x1, height - box.y0


def _draw(slide: Slide, *, dpi: float, appendix: bool = False, size: tuple[float, float] = SLIDE_SIZE) -> _Slide:
    return _draw_slide(slide.frame, slide.choropleth, selected=slide.selected, note=slide.note, extent=slide.extent,
                       beside=slide.beside, title=slide.title, dpi=dpi, appendix=appendix, size=size)


def _screen(pixels) -> tuple[tuple[float, float], float]:
    """Figure size in inches and resolution for a slide of ``pixels`` (width, height), 7.5 inches high."""
    try:
        width, height = (int(v) for v in pixels)
    except (TypeError, ValueError):
        raise ValueError(f"'pixels' should be (width, height), got {pixels!r} instead") from None
    if not (320 <= width <= 8000 and 180 <= height <= 8000 and 1 <= width / height <= 3):
        raise ValueError(f"'pixels' should be a landscape screen size from 320 x 180 to 8000 x 8000, got {pixels!r}")
    dpi = height / SLIDE_SIZE[1]
    return (width / dpi, SLIDE_SIZE[1]), dpi


def _draw_slide(frame: gpd.GeoDataFrame, choropleth: Choropleth, *, selected: str | None = None,
                note: str | None = None, extent=None, beside=None, title: str | None = None,
                dpi: float = 150, appendix: bool = False, size: tuple[float, float] = SLIDE_SIZE) -> _Slide:
    """Build the slide's figure (not saved); the heavy lifting of ``render_static_map``.

    With ``beside`` (frame, choropleth) the slide has two maps of one area at one scale; the
    returned ``_Slide`` locates pixels and the mark on the left one. ``appendix``: the slide goes
    into a deck with an appendix, where a note it has to shorten is given in full. ``size`` in
    inches: 16:9 by default; another shape (16:10 for a 1440 x 900 screen) is laid out alike.
    """
    figure = Figure(figsize=size, dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    panels = [(frame, choropleth)] + ([beside] if beside is not None else [])
    maps = [panel for _, panel in panels]
    projected = [project(panel_frame) for panel_frame, _ in panels]
    bounds = _shown_bounds(pd.concat([geometry for geometry, _ in projected]), extent)
    pair = len(panels) == 2
    left, right = _SIDE, size[0] - _SIDE
    headline, subtitle = _titles(choropleth, title, pair)
    body_top = _draw_header(figure, headline, subtitle, left, right - left) - 1.5 * _GAP
    body_bottom = _draw_footer(figure, slide_footer(maps), left, right - left) + _GAP
    column = _PAIR_LEGEND_WIDTH if pair else _LEGEND_WIDTH
    plan = _plan(figure, maps, selected, (note or "").strip(), pair, column, right - left, body_top - body_bottom,
                 appendix)
    maps_bottom = body_bottom + (plan.note_height + _GAP if plan.note_below else 0.0)
    if plan.note_lines:  # under the maps across the slide, or at the foot of the legend column
        x = left if plan.note_below else right - column
        _put(figure, x, maps_bottom - _GAP if plan.note_below else maps_bottom + plan.note_height, plan.note_lines,
             plan.note_size, italic=True, color=MUTED_COLOR)
    legends_top = body_top
    for number, panel in enumerate(maps):
        shown = selected if number == len(maps) - 1 else None  # the outline holds for both maps: said once
        rows = _legend_rows(figure, panel, shown, column, plan.legend_size, heading=panel.title if pair else None)
        legends_top = _draw_rows(figure, rows, right - column, legends_top) - 2 * _GAP

    map_right = right - column - _COLUMN_GAP
    if pair:
        width = (map_right - left - _COLUMN_GAP) / 2
        boxes_left = [left, left + width + _COLUMN_GAP]
        heading = min(fit_lines(figure, panel.title, _HEADING_SIZES, width, bold=True)[1] for panel in maps)
        options = tuple(option for option in _HEADING_SIZES if option[0] <= heading)
        heights = []
        for panel, box_left in zip(maps, boxes_left):
            lines = fit_lines(figure, panel.title, options, width, bold=True)[0]
            heights.append(_height_of(figure, _put(figure, box_left, body_top, lines, heading, bold=True)))
        top = body_top - max(heights) - _GAP
        boxes = [(box_left, maps_bottom, width, top - maps_bottom) for box_left in boxes_left]
    else:
        boxes = [(left, maps_bottom, map_right - left, body_top - maps_bottom)]

    axes_list, marks = [], []
    for panel, (geometry, _), box in zip(maps, projected, boxes):
        axes = figure.add_axes(_fraction(box, size))
        axes.set_axis_off()
        fit_extent(axes, bounds, box)
        _draw_districts(axes, geometry, panel, selected)
        marks.append(_draw_mark(axes, panel) if panel.synthetic else None)
        axes_list.append(axes)
    room = _room_for_marks(figure, axes_list, marks, [geometry for geometry, _ in projected])
    for axes, panel, (geometry, _), box, mark in zip(axes_list, maps, projected, boxes, marks):
        if room:  # the same for every map, so two maps keep one scale
            fit_extent(axes, bounds, box, room)
        _draw_scale_bar(axes, geometry, box, panel.lang, mark)
    figure.canvas.draw()  # fixes the layout, so _Slide.pixels matches the saved file
    notes = [n for panel in maps for n in [panel.legend_note] if n]
    if plan.note_cut:
        notes.append(t("appendix_note", choropleth.lang, note=note.strip()))
    sources = [f"{p.title}: {p.source}" if pair else p.source for p in maps if p.source]
    record = _Appendix(headline, list(dict.fromkeys(sources)), list(dict.fromkeys(notes)))
    return _Slide(figure, axes_list[0], projected[0][1], marks[0], record, plan.note_cut)


def _titles(choropleth: Choropleth, title: str | None, pair: bool) -> tuple[str, str]:
    """The slide's title and subtitle: a presenter's title as given, with the map's own under it where needed."""
    if pair:
        return title or choropleth.headline or choropleth.title, ""
    if choropleth.headline:
        return choropleth.headline, choropleth.subtitle
    return choropleth.title, ""


@dataclass
class _Plan:
    """Type size of the legends and where the note goes, chosen so everything fits."""

    legend_size: float
    note_lines: list[str] = field(default_factory=list)
    note_size: float = 12.0
    note_height: float = 0.0
    note_below: bool = False
    note_cut: bool = False


def _plan(figure: Figure, maps: list[Choropleth], selected, note: str, pair: bool, column: float,
          width: float, height: float, appendix: bool) -> _Plan:
    """Choose type sizes and the note's place for a body of ``width`` x ``height`` inches.

    One map: the note stays in the legend column if the legend keeps large type beside it;
    otherwise it goes under the map across the slide, taking at most ``_NOTE_SHARE`` of the
    height, and is shortened (with a pointer to the appendix in a deck) only beyond that. Two
    maps: the note always goes under them. The legends take the largest type that fits what is left.
    """
    heights: dict[float, float] = {}

    def legends(size: float) -> float:
        if size not in heights:
            total = 0.0
            for number, panel in enumerate(maps):
                shown = selected if number == len(maps) - 1 else None
                rows = _legend_rows(figure, panel, shown, column, size, heading=panel.title if pair else None)
                total += sum(row.space + row.height for row in rows) + (2 * _GAP if number else 0.0)
            heights[size] = total
        return heights[size]

    def largest(room: float) -> float:
        return next((size for size in _LEGEND_SIZES if legends(size) <= room), _LEGEND_SIZES[-1])

    if not note:
        return _Plan(largest(height))
    if not pair:
        for size in (s for s in _LEGEND_SIZES if s >= _NOTE_IN_COLUMN):
            for note_size in _NOTE_SIZES:
                lines = wrap_lines(figure, note, note_size, column, italic=True)
                note_height = _text_height(figure, lines, note_size, italic=True)
                if legends(size) + 2 * _GAP + note_height <= height:
                    return _Plan(size, lines, note_size, note_height)
    # under the maps: the legends keep readable type, the note takes what is left up to its share
    room = min((0.3 if pair else _NOTE_SHARE) * height, height - legends(_LEGEND_FLOOR) - _GAP)
    cut = False
    for note_size in _NOTE_SIZES[1:]:
        lines = wrap_lines(figure, note, note_size, width, italic=True)
        if _text_height(figure, lines, note_size, italic=True) <= room:
            break
    else:
        more = t("slide_note_more", maps[0].lang) if appendix else ""
        lines, cut = _cut_to_height(figure, lines, note_size, width, room, more), True
    note_height = _text_height(figure, lines, note_size, italic=True)
    return _Plan(largest(height - note_height - _GAP), lines, note_size, note_height, note_below=True, note_cut=cut)


# --- text: measured, wrapped, never cut where it matters -------------------------------------------------


def _cut_to_height(figure: Figure, lines: list[str], size: float, width: float, room: float, more: str
                   ) -> list[str]:
    """As many lines as fit ``room`` inches, the last ending in an ellipsis; then ``more`` (where the rest is)."""
    tail = wrap_lines(figure, more, size, width, italic=True) if more else []
    fitting = 1  # at least one line of the note, however little room there is
    while fitting < len(lines) and _text_height(figure, lines[:fitting + 1] + tail, size, italic=True) <= room:
        fitting += 1
    return shorten_lines(figure, lines, fitting, size, width, italic=True) + tail


def _put(figure: Figure, x: float, y: float, lines: list[str], size: float, *, bold: bool = False,
         italic: bool = False, color: str = TEXT_COLOR, va: str = "top") -> Text:
    """Lines of text with their top (or bottom) at ``y`` inches from the slide's foot, drawn literally."""
    return figure.text(x, y, "\n".join(lines), transform=figure.dpi_scale_trans, ha="left", va=va, fontsize=size,
                       fontweight="bold" if bold else "normal", style="italic" if italic else "normal", color=color,
                       linespacing=_LINESPACING, parse_math=False, usetex=False)


def _height_of(figure: Figure, text: Text) -> float:
    """Height in inches the drawn text takes."""
    return text.get_window_extent(figure.canvas.get_renderer()).height / figure.dpi


def _text_height(figure: Figure, lines: list[str], size: float, bold: bool = False, italic: bool = False) -> float:
    """Height in inches ``lines`` would take, measured as drawn (and taken off the slide again)."""
    text = _put(figure, 0.0, figure.get_figheight(), lines, size, bold=bold, italic=italic)
    height = _height_of(figure, text)
    text.remove()
    return height


def _draw_header(figure: Figure, title: str, subtitle: str, left: float, width: float) -> float:
    """Title and subtitle from the top; returns the height (inches from the foot) where they end."""
    lines, size = fit_lines(figure, title, _TITLE_SIZES, width, bold=True)
    text = _put(figure, left, figure.get_figheight() - _TOP, lines, size, bold=True)
    bottom = text.get_window_extent(figure.canvas.get_renderer()).y0 / figure.dpi
    if subtitle:
        lines, size = fit_lines(figure, subtitle, _SUBTITLE_SIZES, width)
        text = _put(figure, left, bottom - 0.1, lines, size, color=MUTED_COLOR)
        bottom = text.get_window_extent(figure.canvas.get_renderer()).y0 / figure.dpi
    return bottom


def draw_title(figure: Figure, title: str) -> float:
    """A slide's title alone, in one line or two (shortened beyond), for slides laid out elsewhere.

    The chart slides of ``maps.target_groups`` place their chart under it; returns where it ends
    (inches from the foot).
    """
    width = figure.get_figwidth() - 2 * _SIDE
    lines, size = fit_lines(figure, title, ((26, 1), (24, 1), (22, 1), (20, 2), (18, 2), (16, 2)), width, bold=True)
    text = _put(figure, _SIDE, figure.get_figheight() - _TOP, lines, size, bold=True)
    return text.get_window_extent(figure.canvas.get_renderer()).y0 / figure.dpi


def _draw_footer(figure: Figure, footer: str, left: float, width: float) -> float:
    """The source line, date and mark at the foot; returns the height (inches) of its top."""
    lines, size = fit_lines(figure, footer, _FOOTER_SIZES, width)
    text = _put(figure, left, _BOTTOM, lines, size, color=MUTED_COLOR, va="bottom")
    return text.get_window_extent(figure.canvas.get_renderer()).y1 / figure.dpi


# --- legend ---------------------------------------------------------------------------------------------


@dataclass
class _Row:
    """One row of a legend: a text (heading, unit, note) or an entry with its swatch; heights in inches."""

    lines: list[str]
    size: float
    height: float
    space: float  # above the row
    entry: LegendEntry | None = None
    bold: bool = False
    italic: bool = False
    color: str = TEXT_COLOR


def _swatch(size: float) -> tuple[float, float, float]:
    """Width and height of a legend swatch at ``size`` points, and the room before the text, in inches."""
    return size * 2.0 / 72, size * 1.05 / 72, size * 2.6 / 72


def _legend_rows(figure: Figure, choropleth: Choropleth, selected: str | None, width: float, size: float,
                 heading: str | None = None) -> list[_Row]:
    """The legend at ``size`` points in ``width`` inches: heading, unit, one row per entry, notes.

    Every entry is written in full with its count, wrapped where long; the unit is named once in
    the heading when every class carries the same one.
    """
    rows = []

    def text_row(text: str, text_size: float, space: float, **style) -> None:
        lines = wrap_lines(figure, text, text_size, width, style.get("bold", False), style.get("italic", False))
        rows.append(_Row(lines, text_size, _text_height(figure, lines, text_size, style.get("bold", False),
                                                        style.get("italic", False)), space, **style))

    if heading:
        text_row(heading, size, 0.0, bold=True)
    unit = legend_unit(choropleth)
    if unit_line(unit, heading):  # said once
        text_row(unit, size * 0.9, size * 0.3 / 72 if rows else 0.0, bold=not heading)
    swatch_width, swatch_height, indent = _swatch(size)
    entries = list(choropleth.legend)
    if selected is not None and selected in choropleth.codes:  # its name, beside a swatch like its outline
        entries.append(LegendEntry(choropleth.names[choropleth.codes.index(selected)], "none", 0, kind="selected"))
    for number, entry in enumerate(entries):
        lines = wrap_lines(figure, _entry_text(entry, unit, choropleth.lang), size, width - indent)
        space = size * (0.9 if not number and rows else 0.45) / 72
        if entry.kind == "selected":
            space += size * 0.5 / 72  # set apart from the classes
        rows.append(_Row(lines, size, max(_text_height(figure, lines, size), swatch_height), space, entry=entry))
    if choropleth.legend_note:
        text_row(choropleth.legend_note, size * 0.8, size * 0.6 / 72, italic=True, color=MUTED_COLOR)
    return rows


def _entry_text(entry: LegendEntry, unit: str, lang: str) -> str:
    """An entry's label with its count; the range without its unit where the legend names it."""
    if entry.kind == "selected":
        return entry.label
    return f"{legend_label(entry, unit)} ({format_number(entry.count, 0, lang)})"


def _draw_rows(figure: Figure, rows: list[_Row], left: float, top: float) -> float:
    """Draw a legend's rows from ``top`` down; returns where the last one ends (inches from the foot)."""
    y = top
    for row in rows:
        y -= row.space
        if row.entry is None:
            _put(figure, left, y, row.lines, row.size, bold=row.bold, italic=row.italic, color=row.color)
        else:
            entry = row.entry
            swatch_width, swatch_height, indent = _swatch(row.size)
            first_line = _text_height(figure, row.lines[:1], row.size)
            figure.add_artist(Rectangle(
                (left, y - (first_line + swatch_height) / 2), swatch_width, swatch_height,
                transform=figure.dpi_scale_trans, facecolor=entry.color,
                edgecolor=HIGHLIGHT_COLOR if entry.kind == "selected" else OUTLINE_COLOR,
                linewidth={"secret": 0.9, "selected": 2.5}.get(entry.kind, 0.6),
                linestyle=(0, (3, 2)) if entry.kind == "secret" else "solid",
                hatch=HATCH if entry.kind == "secret" else None, hatchcolor=OUTLINE_COLOR,
            ))
            _put(figure, left + indent, y, row.lines, row.size)
        y -= row.height
    return y


# --- map furniture --------------------------------------------------------------------------------------


def _room_for_marks(figure: Figure, axes_list: list[Axes], marks: list, geometries: list) -> float:
    """Inches to keep free above the districts where a synthetic-data mark would cover one, else 0."""
    renderer = figure.canvas.get_renderer()
    room = 0.0
    for axes, mark, geometry in zip(axes_list, marks, geometries):
        if mark is None:
            continue
        extent = mark.get_window_extent(renderer)
        corner = extent.transformed(axes.transData.inverted())
        spot = shapely.box(corner.x0, corner.y0, corner.x1, corner.y1)
        shapes = geometry[~(geometry.isna() | geometry.is_empty)].to_numpy()
        if shapely.STRtree(shapes).query(spot, predicate="intersects").size:
            room = max(room, extent.height / figure.dpi + 0.3)  # the mark's frame and a margin
    return room


def _draw_scale_bar(axes: Axes, geometry: gpd.GeoSeries, box, lang: str, mark: Text | None = None) -> Text | None:
    """A metric scale bar of a round length (at most a quarter of the map's width) where it hides no district.

    In Web Mercator a map metre is 1 / cos(latitude) metres on the ground; the bar is measured at
    the map's centre. Without a CRS the units are unknown and no bar is drawn. The longest round
    length that fits a free corner (lower left, lower right, upper right) wins; where none is
    free, the shortest one over fewest districts. Never where it would meet the synthetic-data ``mark``.
    """
    if geometry.crs is None:
        return None
    x0, x1 = axes.get_xlim()
    y0, y1 = axes.get_ylim()
    factor = 1.0
    if not CRS(geometry.crs).equals(CRS(RD_NEW)):
        latitude = 2 * math.atan(math.exp((y0 + y1) / 2 / 6378137.0)) - math.pi / 2
        factor = math.cos(latitude)
    target = (x1 - x0) * factor / 4
    if not target > 0:
        return None
    step = 10 ** math.floor(math.log10(target))
    lengths = sorted({round(m * step * scale, 6) for m in (1, 2, 5) for scale in (1, 0.1)
                      if m * step * scale <= target}, reverse=True)[:3]  # metres: the three longest round lengths
    per_x, per_y = (x1 - x0) / box[2], (y1 - y0) / box[3]  # map units per inch
    taken = None
    if mark is not None:  # the mark's box in map units
        extent = mark.get_window_extent(axes.figure.canvas.get_renderer()).transformed(axes.transData.inverted())
        taken = shapely.box(extent.x0, extent.y0, extent.x1, extent.y1)
    tree = shapely.STRtree(geometry[~(geometry.isna() | geometry.is_empty)].to_numpy())
    best = None
    for metres in lengths:
        length = metres / factor
        width, height, margin = length + 0.2 * per_x, 0.48 * per_y, 0.08 * per_x
        right, top = x1 - margin - width, y1 - margin - height
        for x, y in [(x0 + margin, y0 + margin), (right, y0 + margin), (right, top)]:
            spot = shapely.box(x, y, x + width, y + height)
            if taken is not None and taken.intersects(spot):
                continue
            covered = len(tree.query(spot, predicate="intersects"))
            if best is None or covered <= best[0]:
                best = (covered, metres, x, y, width, height)
            if not covered:
                break
        if best is not None and not best[0]:
            break
    if best is None:
        return None
    _, metres, x, y, width, height = best
    length = metres / factor
    left, bottom, bar = x + 0.1 * per_x, y + 0.08 * per_y, 0.075 * per_y
    if metres >= 1000:
        label = t("slide_scale_km", lang, n=format_number(metres / 1000, 0 if metres % 1000 == 0 else 1, lang))
    else:
        label = t("slide_scale_m", lang, n=format_number(metres, 0, lang))
    axes.add_patch(Rectangle((x, y), width, height, facecolor="white", edgecolor="none", alpha=0.85, zorder=4))
    for start, color in ((0.0, TEXT_COLOR), (0.5, "white")):
        axes.add_patch(Rectangle((left + start * length, bottom), length / 2, bar, facecolor=color,
                                 edgecolor=TEXT_COLOR, linewidth=0.8, zorder=5))
    return axes.text(left + length / 2, bottom + bar + 0.05 * per_y, label, ha="center", va="bottom", fontsize=11,
                     color=TEXT_COLOR, zorder=6, parse_math=False, usetex=False)


# --- the map ------------------------------------------------------------------------------------------




def _fraction(box: tuple[float, float, float, float], size: tuple[float, float]) -> tuple[float, float, float, float]:
    left, bottom, width, height = box
    return left / size[0], bottom / size[1], width / size[0], height / size[1]


def _shown_bounds(geometry: gpd.GeoSeries, extent) -> tuple[float, float, float, float]:
    """What the slide shows: the districts' bounds, cut to the presenter's ``extent`` where it overlaps them.

    Cutting (rather than taking the extent as it is) keeps a map that was merely wider than the
    area, as a browser window is, from shrinking the districts on the slide.
    """
    west, south, east, north = geometry[~(geometry.isna() | geometry.is_empty)].total_bounds
    if extent is None or geometry.crs is None:
        return west, south, east, north
    e_west, e_south, e_east, e_north = Transformer.from_crs("EPSG:4326", geometry.crs, always_xy=True) \
        .transform_bounds(*extent)
    cut = max(west, e_west), max(south, e_south), min(east, e_east), min(north, e_north)
    return cut if cut[0] < cut[2] and cut[1] < cut[3] else (west, south, east, north)






def _draw_districts(axes: Axes, geometry: gpd.GeoSeries, choropleth: Choropleth, selected: str | None) -> None:
    paths = [district_path(g) for g in geometry]
    drawn = [(p, c, k) for p, c, k in zip(paths, choropleth.colors, choropleth.classes) if p is not None]
    plain = [(p, c) for p, c, k in drawn if k != SECRET_CLASS]
    secret = [(p, c) for p, c, k in drawn if k == SECRET_CLASS]
    if plain:
        axes.add_collection(PathCollection(
            [p for p, _ in plain], facecolors=[c for _, c in plain], edgecolors=OUTLINE_COLOR, linewidths=0.6,
            zorder=1,
        ), autolim=False)
    if secret:  # as on the web map: grey, hatched, with a dashed outline
        axes.add_collection(PathCollection(
            [p for p, _ in secret], facecolors=[c for _, c in secret], edgecolors=OUTLINE_COLOR,
            hatchcolors=OUTLINE_COLOR, hatch=HATCH, linewidths=0.9, linestyles=(0, (3, 2)), zorder=2,
        ), autolim=False)
    if selected is not None and selected in choropleth.codes:
        path = paths[choropleth.codes.index(selected)]
        if path is not None:
            axes.add_collection(PathCollection([path], facecolors="none", edgecolors=HIGHLIGHT_COLOR,
                                               linewidths=3.0, zorder=3), autolim=False)


def _draw_mark(axes: Axes, choropleth: Choropleth) -> Text:
    """The synthetic-data label in the map's top-left corner, so a crop of the map still carries it."""
    return axes.text(
        0.01, 0.99, t("slide_mark", choropleth.lang), transform=axes.transAxes, ha="left", va="top",
        fontsize=15, fontweight="bold", color=MARK_COLOR, zorder=5, parse_math=False, usetex=False,
        bbox={"boxstyle": "square,pad=0.35", "facecolor": "white", "edgecolor": MARK_COLOR, "linewidth": 1.5,
              "alpha": 0.92},
    )


def _draw_appendix(entries: list[_Appendix], lang: str, dpi: int) -> list[Figure]:
    """The deck's appendix: per slide its full source lines (how many districts were kept secret) and notes.

    Pages of the slides' size, as many as the text needs.
    """
    paragraphs = [(t("appendix_title", lang), 24, True, TEXT_COLOR, 0.0),
                  (t("appendix_intro", lang), 12, False, MUTED_COLOR, 0.12)]
    for number, entry in enumerate(entries, start=1):
        paragraphs.append((t("appendix_slide", lang, n=number, title=entry.title), 13, True, TEXT_COLOR, 0.3))
        paragraphs += [(text, 11, False, TEXT_COLOR, 0.06) for text in [*entry.sources, *entry.notes]]
    pages: list[Figure] = []
    left, width = _SIDE, SLIDE_SIZE[0] - 2 * _SIDE
    y = 0.0
    for text, size, bold, color, space in paragraphs:
        figure = pages[-1] if pages else None
        if figure is None:
            figure = Figure(figsize=SLIDE_SIZE, dpi=dpi, facecolor="white")
            FigureCanvasAgg(figure)
            pages.append(figure)
            y = SLIDE_SIZE[1] - _TOP
        y -= space
        for line in wrap_lines(figure, text, size, width, bold):
            height = _text_height(figure, [line], size, bold)
            if y - height < _BOTTOM:
                figure = Figure(figsize=SLIDE_SIZE, dpi=dpi, facecolor="white")
                FigureCanvasAgg(figure)
                pages.append(figure)
                y = SLIDE_SIZE[1] - _TOP
            _put(figure, left, y, [line], size, bold=bold, color=color)
            y -= height * 1.15
    return pages
