"""The static map: a 16:9 slide (PNG, PDF or SVG) with the web map's classes and colours.

Drawn by matplotlib without a browser and without pyplot: every call builds its own ``Figure``
(Agg canvas), so the app can render in several threads. The layout is fixed for slides: title
on top, the map in RD New (EPSG:28992) on the left, a legend of the ``Choropleth``'s entries on
the right, and the footer (source, date, synthetic-data mark) at the bottom. Secret districts
are hatched grey with a dashed outline and missing ones very light grey, as on the web map.
User text is drawn literally: ``$`` never starts mathtext and nothing is read as markup.
"""

from __future__ import annotations

import io
import textwrap
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from pyproj import CRS, Transformer

from indicators.crs import RD_NEW, WEB_MERCATOR
from indicators.export import ExportError, atomic_output
from indicators.words import t
from maps.choropleth import SECRET_CLASS, Choropleth, LegendEntry, combined_footer
from maps.palettes import HIGHLIGHT_COLOR, OUTLINE_COLOR

STATIC_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}
SLIDE_SIZE = (40 / 3, 7.5)  # inches, 16:9 (13.333 x 7.5, the PowerPoint widescreen slide)
HATCH = "///"
MARK_COLOR = "#b2182b"
TEXT_COLOR = "#222222"
MUTED_COLOR = "#555555"

# Regions of the slide, in inches from the bottom-left corner: (left, bottom, width, height).
_MAP_BOX = (0.35, 0.6, 9.0, 5.7)
_LEGEND_BOX = (9.65, 0.6, 3.4, 5.7)
_TITLE_TOP = 7.5 - 0.35
_FOOTER_BOTTOM = 0.22
_MARGIN = 0.03  # share of the districts' extent left free around them
# Two maps side by side (two years, two indicators): each under its own heading, their legends
# stacked on the right, the note under the maps.
_PAIR_MAP_BOXES = ((0.35, 1.4, 4.5, 4.75), (5.0, 1.4, 4.5, 4.75))
_PAIR_LEGEND_BOXES = ((9.8, 3.9, 3.25, 2.45), (9.8, 1.4, 3.25, 2.4))
_PAIR_HEADING_TOP = 6.4
_PAIR_NOTE_BOTTOM = 0.8

# Saving reads these global settings; the lock keeps concurrent renders from restoring each other's.
_RC = {
    "svg.fonttype": "none",  # SVG text stays text (searchable, editable), not glyph outlines
    "pdf.fonttype": 42,  # TrueType in the PDF: text can be copied and extracted
    "svg.hashsalt": "wijkverkenner",  # stable element ids: the same map gives the same SVG
    "hatch.linewidth": 1.0,
    "text.usetex": False,
}
_RC_LOCK = threading.Lock()
_METADATA = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Creator": None, "Date": None},
}


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
        the coordinates are drawn as they are.
    choropleth : Choropleth
        Colours, legend, title and footer, from ``maps.choropleth.build_choropleth``.
    path : str or Path
        ``.png``, ``.pdf`` or ``.svg``; the file appears only when it has been written completely.
    selected : str, optional
        Code of a district to outline in thick black.
    note : str, optional
        A presenter's note (a saved view's), drawn under the legend.
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


def render_slide(slide: "Slide", path, *, dpi: int = 150) -> Path:
    """Write one slide (one map, or two side by side) as ``.png``, ``.pdf`` or ``.svg``."""
    path = Path(path)
    fmt = _check(slide.frame, slide.choropleth, path, dpi)
    _check_extent(slide.extent)
    if slide.beside is not None:
        _check(*slide.beside, path, dpi)
    with _RC_LOCK, mpl.rc_context(_RC):
        drawn = _draw_slide(slide.frame, slide.choropleth, selected=slide.selected, note=slide.note,
                            extent=slide.extent, beside=slide.beside, title=slide.title, dpi=dpi)
        try:
            with atomic_output(path) as temporary:
                drawn.figure.savefig(temporary, format=fmt, dpi=dpi, metadata=_METADATA[fmt], facecolor="white")
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
    """Write a deck: ``.pdf`` gives one 16:9 page per slide, ``.zip`` one PNG per slide.

    The file appears only when every slide has been drawn, so a failure leaves nothing behind.
    """
    path = Path(path)
    if path.suffix.lower() not in (".pdf", ".zip"):
        raise ValueError(f"cannot write slides to '{path.name}': use a file name ending in .pdf or .zip")
    if not slides:
        raise ValueError("there are no slides to write: add a view to the deck first")
    for slide in slides:
        _check(slide.frame, slide.choropleth, path.with_suffix(".pdf"), dpi)
        _check_extent(slide.extent)
        if slide.beside is not None:
            _check(*slide.beside, path.with_suffix(".pdf"), dpi)
    with _RC_LOCK, mpl.rc_context(_RC), atomic_output(path) as temporary:
        if path.suffix.lower() == ".pdf":
            with PdfPages(temporary, metadata=_METADATA["pdf"]) as pdf:
                for slide in slides:
                    drawn = _draw_slide(slide.frame, slide.choropleth, selected=slide.selected, note=slide.note,
                                        extent=slide.extent, beside=slide.beside, title=slide.title, dpi=dpi)
                    pdf.savefig(drawn.figure, facecolor="white")
                    drawn.figure.clear()
        else:
            with zipfile.ZipFile(temporary, "w") as archive:
                for number, slide in enumerate(slides, start=1):
                    drawn = _draw_slide(slide.frame, slide.choropleth, selected=slide.selected, note=slide.note,
                                        extent=slide.extent, beside=slide.beside, title=slide.title, dpi=dpi)
                    image = io.BytesIO()
                    drawn.figure.savefig(image, format="png", dpi=dpi, metadata=_METADATA["png"],
                                         facecolor="white")
                    drawn.figure.clear()
                    archive.writestr(f"dia_{number:02d}.png", image.getvalue())
    return path


def _check(frame: gpd.GeoDataFrame, choropleth: Choropleth, path: Path, dpi) -> str:
    """Validate the arguments once, before anything is drawn; return the matplotlib format."""
    fmt = STATIC_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot draw a static map to '{path.name}': use a file name ending in "
                         f"{', '.join(STATIC_FORMATS)}")
    if not path.parent.is_dir():
        raise ExportError(f"folder '{path.parent}' does not exist: create it or choose another --out")
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
class _Slide:
    """A drawn slide and where its map sits, so pixels of the saved PNG can be located."""

    figure: Figure
    map_axes: Axes
    transformer: Transformer | None  # frame CRS -> map CRS; None when drawn as given
    mark: Text | None

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


def _draw_slide(frame: gpd.GeoDataFrame, choropleth: Choropleth, *, selected: str | None = None,
                note: str | None = None, extent=None, beside=None, title: str | None = None,
                dpi: int = 150) -> _Slide:
    """Build the slide's figure (not saved); the heavy lifting of ``render_static_map``.

    With ``beside`` (frame, choropleth) the slide has two maps of one area at one scale; the
    returned ``_Slide`` locates pixels and the mark on the left one.
    """
    figure = Figure(figsize=SLIDE_SIZE, dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    panels = [(frame, choropleth)] + ([beside] if beside is not None else [])
    projected = [_project(panel_frame) for panel_frame, _ in panels]
    bounds = _shown_bounds(pd.concat([geometry for geometry, _ in projected]), extent)
    pair = len(panels) == 2
    map_boxes, legend_boxes = (_PAIR_MAP_BOXES, _PAIR_LEGEND_BOXES) if pair else ((_MAP_BOX,), (_LEGEND_BOX,))
    axes_list, marks = [], []
    for (panel_frame, panel), (geometry, _), map_box, legend_box in zip(panels, projected, map_boxes, legend_boxes):
        axes = figure.add_axes(_fraction(map_box))
        axes.set_axis_off()
        _fit_extent(axes, bounds, map_box)
        _draw_districts(axes, geometry, panel, selected)
        marks.append(_draw_mark(axes, panel) if panel.synthetic else None)
        axes_list.append(axes)
        _draw_legend(figure, panel, selected, legend_box, heading=panel.title if pair else None)
        if pair:
            _draw_heading(figure, panel.title, map_box)
    _draw_title(figure, (title or choropleth.title) if pair else choropleth.title)
    _draw_footer(figure, combined_footer(panel for _, panel in panels), size=10 if pair else 11,
                 lines=3 if pair else 2)
    if note:
        _draw_note(figure, note, pair)
    figure.canvas.draw()  # fixes the layout, so _Slide.pixels matches the saved file
    return _Slide(figure, axes_list[0], projected[0][1], marks[0])


def _project(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoSeries, Transformer | None]:
    """The geometry in RD New when it lies in the Netherlands, else in Web Mercator."""
    geometry = frame.geometry
    if geometry.crs is None:
        return geometry, None
    lonlat = geometry.to_crs("EPSG:4326") if not geometry.crs.equals(CRS("EPSG:4326")) else geometry
    west, south, east, north = lonlat.total_bounds
    a_west, a_south, a_east, a_north = CRS(RD_NEW).area_of_use.bounds
    in_netherlands = west >= a_west - 0.5 and east <= a_east + 0.5 and south >= a_south - 0.5 and north <= a_north + 0.5
    target = CRS(RD_NEW if in_netherlands else WEB_MERCATOR)
    transformer = Transformer.from_crs(geometry.crs, target, always_xy=True)
    return geometry.to_crs(target), transformer


def _fraction(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    left, bottom, width, height = box
    return left / SLIDE_SIZE[0], bottom / SLIDE_SIZE[1], width / SLIDE_SIZE[0], height / SLIDE_SIZE[1]


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


def _fit_extent(axes: Axes, bounds: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> None:
    """Set limits that show ``bounds`` at equal scale and fill the whole map box."""
    west, south, east, north = bounds
    width, height = max(east - west, 1.0), max(north - south, 1.0)
    width, height = width * (1 + 2 * _MARGIN), height * (1 + 2 * _MARGIN)
    box_ratio = box[2] / box[3]
    if width / height < box_ratio:
        width = height * box_ratio
    else:
        height = width / box_ratio
    cx, cy = (west + east) / 2, (south + north) / 2
    axes.set_xlim(cx - width / 2, cx + width / 2)
    axes.set_ylim(cy - height / 2, cy + height / 2)
    axes.set_aspect("equal", adjustable="box")


def _path(geometry) -> MplPath | None:
    """One compound path per (multi)polygon, exteriors counter-clockwise so holes stay empty."""
    if geometry is None or geometry.is_empty:
        return None
    polygons = [g for g in shapely.get_parts(shapely.orient_polygons(geometry)) if g.geom_type == "Polygon"]
    rings = [ring for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)]
    if not rings:
        return None
    return MplPath.make_compound_path(*(MplPath(np.asarray(ring.coords)[:, :2], closed=True) for ring in rings))


def _draw_districts(axes: Axes, geometry: gpd.GeoSeries, choropleth: Choropleth, selected: str | None) -> None:
    paths = [_path(g) for g in geometry]
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


def _draw_title(figure: Figure, title: str) -> None:
    """The title in large type: one line, else two lines, shrinking from 26 to 16 pt, else shortened."""
    available = _LEGEND_BOX[0] + _LEGEND_BOX[2] - _MAP_BOX[0]
    lines = [title]
    for size in (26, 24, 22, 20, 18, 16):
        lines = _wrap(figure, title, size, available, bold=True)
        if len(lines) == 1 or size <= 20 and len(lines) <= 2:
            break
    figure.text(_MAP_BOX[0], _TITLE_TOP, "\n".join(lines[:2]), transform=figure.dpi_scale_trans, ha="left",
                va="top", fontsize=size, fontweight="bold", color=TEXT_COLOR, linespacing=1.15, parse_math=False,
                usetex=False)


def _text_width(figure: Figure, text: str, size: float, bold: bool = False) -> float:
    """Width in inches of ``text`` drawn literally (no mathtext) at ``size`` points."""
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = figure.canvas.get_renderer().get_text_width_height_descent(text, prop, ismath=False)
    return width / figure.dpi


def _wrap(figure: Figure, text: str, size: float, available: float, bold: bool = False,
          max_lines: int = 2) -> list[str]:
    """Lines of ``text`` that fit ``available`` inches; the last one ends in an ellipsis when cut."""
    lines = textwrap.wrap(text, width=max(len(text), 1), replace_whitespace=True) or [""]
    chars = len(text)
    while chars > 4 and any(_text_width(figure, line, size, bold) > available for line in lines):
        chars = max(4, int(chars * 0.9))
        lines = textwrap.wrap(text, width=chars, max_lines=max_lines, placeholder=" …", break_long_words=True) \
            or [""]
    return lines


def _draw_legend(figure: Figure, choropleth: Choropleth, selected: str | None, box=_LEGEND_BOX,
                 heading: str | None = None) -> None:
    """One swatch per legend entry in the choropleth's order, label with count; then the selected district.

    ``heading`` (a map's title, when a slide has two) is written above the entries.
    """
    entries = list(choropleth.legend)
    if selected is not None and selected in choropleth.codes:  # its name, beside a swatch like its outline
        entries.append(LegendEntry(choropleth.names[choropleth.codes.index(selected)], "none", 0, kind="selected"))
    left, bottom, width, height = box
    if heading:
        size = min(13.0, height * 72 / (2.0 * (len(entries) + 2)))
        line = _wrap(figure, heading, size, width, bold=True, max_lines=1)[0]
        figure.text(left, bottom + height, line, transform=figure.dpi_scale_trans, ha="left", va="top",
                    fontsize=size, fontweight="bold", color=TEXT_COLOR, parse_math=False, usetex=False)
        height -= size * 2.0 / 72
    room = width - 0.57  # beside the swatch
    size = min(16.0, height * 72 / (2.0 * (len(entries) + 1)))
    longest = max((_text_width(figure, _legend_text(e), size) for e in entries if e.kind != "selected"), default=0.0)
    if longest > room:
        size = max(9.0, 0.97 * size * room / longest)
    step = size * 2.0 / 72  # inches from one row to the next
    swatch_w, swatch_h = 0.42, size * 1.25 / 72
    top = bottom + height
    for i, entry in enumerate(entries):
        y = top - (i + 0.5) * step
        if y < bottom:
            break
        if entry.kind == "selected":
            y -= step * 0.4  # set apart from the classes
        figure.add_artist(Rectangle(
            (left, y - swatch_h / 2), swatch_w, swatch_h, transform=figure.dpi_scale_trans,
            facecolor=entry.color, edgecolor=HIGHLIGHT_COLOR if entry.kind == "selected" else OUTLINE_COLOR,
            linewidth={"secret": 0.9, "selected": 2.5}.get(entry.kind, 0.6),
            linestyle=(0, (3, 2)) if entry.kind == "secret" else "solid",
            hatch=HATCH if entry.kind == "secret" else None, hatchcolor=OUTLINE_COLOR,
        ))
        text, text_size = _legend_text(entry), size
        if _text_width(figure, text, text_size) > room:  # a long name: smaller type, then shortened
            text_size = max(11.0, 0.97 * text_size * room / _text_width(figure, text, text_size))
            if _text_width(figure, text, text_size) > room:
                text = _wrap(figure, text, text_size, room, max_lines=1)[0]
        figure.text(left + swatch_w + 0.15, y, text, transform=figure.dpi_scale_trans, ha="left",
                    va="center_baseline", fontsize=text_size, color=TEXT_COLOR, parse_math=False, usetex=False)


def _draw_note(figure: Figure, note: str, pair: bool = False) -> None:
    """The presenter's note, in at most five lines of 12 pt at the foot of the legend column.

    On a slide with two maps it goes under the maps, in at most two lines.
    """
    if pair:
        left, bottom = _PAIR_MAP_BOXES[0][:2]
        width, bottom, most = _PAIR_MAP_BOXES[1][0] + _PAIR_MAP_BOXES[1][2] - left, _PAIR_NOTE_BOTTOM, 2
    else:
        left, bottom, width, _ = _LEGEND_BOX
        most = 5
    lines = []
    for paragraph in note.splitlines() or [""]:
        lines.extend(_wrap(figure, paragraph, 12, width, max_lines=most) if paragraph.strip() else [])
    if len(lines) > most:
        lines = [*lines[:most - 1], lines[most - 1].rstrip(" …") + " …"]
    figure.text(left, bottom, "\n".join(lines), transform=figure.dpi_scale_trans, ha="left", va="bottom",
                fontsize=12, color=MUTED_COLOR, style="italic", linespacing=1.2, parse_math=False, usetex=False)


def _draw_heading(figure: Figure, heading: str, box) -> None:
    """A map's own title above it, on a slide with two maps."""
    left, _, width, _ = box
    line = _wrap(figure, heading, 14, width, bold=True, max_lines=1)[0]
    figure.text(left, _PAIR_HEADING_TOP, line, transform=figure.dpi_scale_trans, ha="left", va="top",
                fontsize=14, fontweight="bold", color=TEXT_COLOR, parse_math=False, usetex=False)


def _legend_text(entry: LegendEntry) -> str:
    return entry.label if entry.kind == "selected" else f"{entry.label} ({entry.count})"


def _draw_footer(figure: Figure, footer: str, size: float = 11, lines: int = 2) -> None:
    available = _LEGEND_BOX[0] + _LEGEND_BOX[2] - _MAP_BOX[0]
    lines = _wrap(figure, footer, size, available, max_lines=lines)
    figure.text(_MAP_BOX[0], _FOOTER_BOTTOM, "\n".join(lines), transform=figure.dpi_scale_trans, ha="left",
                va="bottom", fontsize=size, color=MUTED_COLOR, parse_math=False, usetex=False)
