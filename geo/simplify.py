"""Geometry prepared for the screen: simplified, rounded and packed small, once per layer.

A web map sends every vertex to the browser, so the geometry is simplified for the size it is
shown at, rounded to about a metre (5 decimals of a degree) and written as Google encoded
polylines (about 4 bytes per vertex instead of 20 in GeoJSON). This is pure geometry work: it
does not depend on the indicator, so a change of indicator reuses the prepared layer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

METRES_PER_DEGREE = 111_320.0  # of latitude; the tolerance is applied in degrees
PRECISION = 1e5  # 5 decimals of a degree: about 1.1 m north-south, 0.7 m east-west in NL
DISPLAY_PX = 1200  # width of a typical map on screen
ZOOM_RESERVE = 4  # keep detail for about two zoom levels in from the whole-area view


@dataclass
class PreparedLayer:
    """Display geometry of a set of districts, in the order of ``codes``.

    ``shapes[i]`` is a list of polygons, each a list of rings, each an encoded polyline of
    (lat, lng) at 5 decimals; ``bounds`` is ``[[south, west], [north, east]]``.
    """

    codes: list[str]
    shapes: list[list[list[str]]]
    bounds: list[list[float]]
    vertices_in: int
    vertices_out: int
    tolerance_m: float
    draft: bool = False  # a quick stand-in shown until the prepared layer is there (``draft_layer``)
    # forms of the shapes made for drawing (the web map's JSON), made once and kept with the layer
    drawn: dict = field(default_factory=dict, compare=False, repr=False)


def prepare_layer(frame: gpd.GeoDataFrame, tolerance_m: float | None = None,
                  display_px: int = DISPLAY_PX) -> PreparedLayer:
    """Simplify and encode the districts of ``frame`` (EPSG:4326, with a ``code`` column).

    Parameters
    ----------
    tolerance_m : float, optional
        Simplification tolerance in metres. By default a quarter of a screen pixel when the
        whole layer fills ``display_px`` pixels, so edges stay sharp for a few zoom levels;
        never below 1 m.

    Notes
    -----
    ``shapely.coverage_simplify`` simplifies each shared edge once, so neighbouring districts
    keep meeting without gaps or overlaps. It runs on the display coordinates (degrees), with
    the tolerance in degrees of latitude: no reprojection there and back, which at buurt scale
    costs as much as the simplification itself.
    """
    geometries = np.asarray(frame.geometry.values)
    tolerance_m = _tolerance_m(frame, display_px) if tolerance_m is None else tolerance_m
    simplified = shapely.coverage_simplify(geometries, tolerance_m / METRES_PER_DEGREE, simplify_boundary=True)
    return _packed(frame, geometries, simplified, tolerance_m, draft=False)


def draft_layer(frame: gpd.GeoDataFrame, display_px: int = DISPLAY_PX) -> PreparedLayer:
    """A stand-in for ``prepare_layer`` while it runs: the same tolerance, each district simplified on its own.

    At buurt scale coverage simplification takes two seconds, longer than a user should wait for a
    first map; ``shapely.simplify`` without topology takes a tenth of a second. It simplifies each
    shared edge twice, once per neighbour, so neighbours may show hairline gaps or overlaps when
    zoomed in: good for the seconds until the prepared layer replaces it, not to keep or export.
    """
    geometries = np.asarray(frame.geometry.values)
    tolerance_m = _tolerance_m(frame, display_px)
    simplified = shapely.simplify(geometries, tolerance_m / METRES_PER_DEGREE, preserve_topology=False)
    return _packed(frame, geometries, simplified, tolerance_m, draft=True)


def _tolerance_m(frame: gpd.GeoDataFrame, display_px: int = DISPLAY_PX) -> float:
    """A quarter of a screen pixel when the whole layer fills ``display_px`` pixels; never below 1 m."""
    minx, miny, maxx, maxy = frame.geometry.total_bounds
    # On a Web Mercator screen a degree of longitude is as wide as 1/cos(lat) degrees of latitude.
    shrink = math.cos(math.radians((miny + maxy) / 2))
    width_m = max((maxx - minx) * shrink, maxy - miny) * METRES_PER_DEGREE
    return max(1.0, width_m / (display_px * ZOOM_RESERVE))


def _packed(frame, geometries, simplified, tolerance_m: float, draft: bool) -> PreparedLayer:
    keep = shapely.is_empty(simplified) | shapely.is_missing(simplified)
    simplified = np.where(keep, geometries, simplified)  # never drop a district that collapsed
    west, south, east, north = shapely.total_bounds(simplified)
    return PreparedLayer(
        codes=frame["code"].astype(str).tolist(),
        shapes=_encode_shapes(simplified),
        bounds=[[round(float(south), 5), round(float(west), 5)], [round(float(north), 5), round(float(east), 5)]],
        vertices_in=int(shapely.get_num_coordinates(geometries).sum()),
        vertices_out=int(shapely.get_num_coordinates(simplified).sum()),
        tolerance_m=float(tolerance_m),
        draft=draft,
    )


def _encode_shapes(geometries) -> list[list[list[str]]]:
    """Encode every ring of every district in one vectorised pass (a Python loop per ring is 5x slower)."""
    polygons, owner = shapely.get_parts(geometries, return_index=True)
    rings, ring_polygon = shapely.get_rings(polygons, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    last = np.r_[ring_of[1:] != ring_of[:-1], True]  # the closing point repeats the first: drop it
    coords, ring_of = coords[~last], ring_of[~last]
    texts = _encode_many(coords, ring_of, len(rings))
    shapes: list[list[list[str]]] = [[] for _ in range(len(geometries))]
    polygon_rings: list[list[str]] = [[] for _ in range(len(polygons))]
    for ring, polygon in enumerate(ring_polygon):
        polygon_rings[polygon].append(texts[ring])
    for polygon, feature in enumerate(owner):
        shapes[feature].append(polygon_rings[polygon])
    return shapes


def _encode_many(coords: np.ndarray, ring_of: np.ndarray, rings: int) -> list[str]:
    """Encoded polyline per ring for (lng, lat) points grouped by ``ring_of`` (sorted)."""
    ints = np.round(coords[:, ::-1] * PRECISION).astype(np.int64)
    first = np.r_[True, ring_of[1:] != ring_of[:-1]]
    deltas = ints - np.vstack([np.zeros((1, 2), np.int64), ints[:-1]])
    deltas[first] = ints[first]
    values = deltas.ravel()
    values = np.where(values < 0, ~(values << 1), values << 1)
    chunks = 1 + sum((values >= 1 << (5 * k)).astype(np.int64) for k in range(1, 13))  # 5-bit groups needed
    position = np.arange(chunks.sum()) - np.repeat(np.cumsum(chunks) - chunks, chunks)
    value = np.repeat(values, chunks)
    more = position < np.repeat(chunks, chunks) - 1
    chars = (((value >> (5 * position)) & 0x1F) | np.where(more, 0x20, 0)) + 63
    text = chars.astype(np.uint8).tobytes().decode("ascii")
    per_ring = np.bincount(np.repeat(ring_of, 2), weights=chunks, minlength=rings).astype(np.int64)
    ends = np.cumsum(per_ring)
    return [text[end - size:end] for end, size in zip(ends.tolist(), per_ring.tolist())]


def encode_polyline(coords: np.ndarray) -> str:
    """Encode (x=lng, y=lat) pairs as a Google encoded polyline of (lat, lng) at 5 decimals.

    The format stores each coordinate as the difference from the previous one, zig-zag
    encoded and cut into 5-bit chunks written as printable characters (63 + chunk).
    """
    coords = np.asarray(coords, dtype=float).reshape(-1, 2)
    if len(coords) == 0:
        return ""
    return _encode_many(coords, np.zeros(len(coords), dtype=np.int64), 1)[0]


def decode_polyline(text: str) -> np.ndarray:
    """Decode an encoded polyline back to (lng, lat) pairs; used by tests and the benchmark."""
    values, value, shift = [], 0, 0
    for char in text.encode("ascii"):
        chunk = char - 63
        value |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            values.append(~(value >> 1) if value & 1 else value >> 1)
            value, shift = 0, 0
    pairs = np.cumsum(np.asarray(values, dtype=np.int64).reshape(-1, 2), axis=0) / PRECISION
    return pairs[:, ::-1]
