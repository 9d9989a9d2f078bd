"""What every static figure shares: matplotlib's settings, file metadata, and districts drawn to scale.

Slides (``maps.slides``), the wijkprofiel (``maps.report``) and the chart slides
(``maps.target_groups``) draw with matplotlib without pyplot, each on its own ``Figure``, so the app
can render in several threads. Saving reads matplotlib's global settings, so a drawing holds them
(``figure_style``) while it is made and saved, and renders in other threads wait for it.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.path import Path as MplPath
from pyproj import CRS, Transformer

from indicators.core.crs import RD_NEW, WEB_MERCATOR

STYLE = {
    "svg.fonttype": "none",  # SVG text stays text (searchable, editable), not glyph outlines
    "pdf.fonttype": 42,  # TrueType in the PDF: text can be copied and extracted
    "svg.hashsalt": "wijkverkenner",  # stable element ids: the same map gives the same SVG
    "hatch.linewidth": 1.0,
    "text.usetex": False,
}
#: No software name or date in the files: the same figure gives the same bytes.
METADATA = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Creator": None, "Date": None},
}
MARGIN = 0.03  # share of the districts' extent left free around them

_LOCK = threading.Lock()


@contextmanager
def figure_style(**settings):
    """Hold matplotlib's settings for one drawing (``STYLE``, then ``settings``) until it is saved."""
    with _LOCK, mpl.rc_context({**STYLE, **settings}):
        yield


def project(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoSeries, Transformer | None]:
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


def fit_extent(axes: Axes, bounds: tuple[float, float, float, float], box: tuple[float, float, float, float],
               room: float = 0.0) -> None:
    """Set limits that show ``bounds`` at equal scale and fill the whole map box.

    ``room``: inches kept free above the districts (for the synthetic-data mark).
    """
    west, south, east, north = bounds
    width, height = max(east - west, 1.0), max(north - south, 1.0)
    width, height = width * (1 + 2 * MARGIN), height * (1 + 2 * MARGIN)
    box_ratio = box[2] / (box[3] - room)
    if width / height < box_ratio:
        width = height * box_ratio
    else:
        height = width / box_ratio
    above = room * width / box[2]  # the room in map units
    cx, cy = (west + east) / 2, (south + north) / 2
    axes.set_xlim(cx - width / 2, cx + width / 2)
    axes.set_ylim(cy - height / 2, cy + height / 2 + above)
    axes.set_aspect("equal", adjustable="box")


def district_path(geometry) -> MplPath | None:
    """One compound path per (multi)polygon, exteriors counter-clockwise so holes stay empty."""
    if geometry is None or geometry.is_empty:
        return None
    polygons = [g for g in shapely.get_parts(shapely.orient_polygons(geometry)) if g.geom_type == "Polygon"]
    rings = [ring for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)]
    if not rings:
        return None
    return MplPath.make_compound_path(*(MplPath(np.asarray(ring.coords)[:, :2], closed=True) for ring in rings))
