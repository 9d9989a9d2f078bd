"""Read district boundaries in every form people have them, into one standard frame.

``read_boundaries`` is the only public entry: it dispatches on the format to a private reader,
then applies the same steps to every result: CRS detection, polygon repair, recognition of the
CBS columns, water removal, areas in RD New and display geometry in WGS84.
"""

from __future__ import annotations

import os
import tempfile
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.codes import LEVELS, level_of, normalise_codes, parent_code
from indicators.columns import (
    CODE_STEMS,
    GRID_STEMS,
    SOURCE_STEMS,
    WATER_STEMS,
    YEAR_CODE_STEMS,
    YEAR_STEMS,
    find_code_column,
    find_column,
    find_name_column,
)
from indicators.errors import InputError
from indicators.table import Table, build_table

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"
# RD New covers the Netherlands with x in 0..300 km and y in 289..629 km; WGS84 degrees never
# reach those numbers, so coordinates in this box are RD whatever the file claims.
RD_BOUNDS = (-10_000, 280_000, 310_000, 640_000)

FORMATS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".zip": "zipped Shapefile",
    ".shp": "Shapefile",
    ".fgb": "FlatGeobuf",
    ".topojson": "TopoJSON",
}
STANDARD_COLUMNS = ["code", "naam", "niveau", "gemeentecode", "wijkcode", "jaar", "oppervlakte_km2"]


class BoundaryError(InputError):
    """A boundary file that cannot be used; the message says what to do."""


@dataclass
class ReadReport:
    """What happened while reading: shown by ``cli.py inspect`` and the app's data page."""

    source: str
    format: str
    layer: str | None
    layers: list[str]
    features_in_file: int
    features: int
    level: str | None
    crs_read: str | None
    crs_used: str
    crs_detected_by_range: bool
    invalid_repaired: int
    water_removed: int
    empty_removed: int
    years: list[int] = field(default_factory=list)
    synthetic: bool = False

    def to_dict(self) -> dict:
        """Plain JSON-ready dict, with the CRS grouped as 'as read' and 'as used'."""
        return {
            "source": self.source,
            "format": self.format,
            "layer": self.layer,
            "layers": self.layers,
            "features_in_file": self.features_in_file,
            "features": self.features,
            "level": self.level,
            "years": self.years,
            "crs": {
                "read": self.crs_read,
                "used": self.crs_used,
                "detected_by_range": self.crs_detected_by_range,
            },
            "invalid_repaired": self.invalid_repaired,
            "water_removed": self.water_removed,
            "empty_removed": self.empty_removed,
            "synthetic": self.synthetic,
        }


@dataclass
class Boundaries:
    """Districts with their own figures (a ``Table`` whose data is a GeoDataFrame) and the read report.

    ``table.data`` starts with the standard columns ``code, naam, niveau, gemeentecode,
    wijkcode, jaar, oppervlakte_km2`` (parents only where the level has them), then the file's
    other label columns and its figure columns; geometry in EPSG:4326 for display.
    """

    table: Table
    report: ReadReport

    @property
    def data(self) -> gpd.GeoDataFrame:
        """The districts as a GeoDataFrame."""
        return self.table.data


def read_boundaries(
    source,
    *,
    name: str | None = None,
    layer: str | None = None,
    include_water: bool = False,
) -> Boundaries:
    """Read a boundary file of CBS gemeenten, wijken, buurten or grid cells.

    Parameters
    ----------
    source : str, Path or bytes
        A file path, or the bytes of an upload (then ``name`` gives the file name).
    name : str, optional
        File name of an upload; its extension tells the format.
    layer : str, optional
        GeoPackage layer; default the only layer, else the first polygon layer.
    include_water : bool
        Keep areas marked ``water = JA`` (left out by default, as CBS maps do).

    Raises
    ------
    BoundaryError
        When the file cannot be read as polygons; the message says why and what to do.
    """
    label = name or (Path(source).name if not isinstance(source, bytes) else "upload")
    with _as_path(source, label) as path:
        suffix = _suffix(label)
        if suffix not in FORMATS:
            raise BoundaryError(
                f"'{label}' is not a supported boundary file: use one of "
                f"{', '.join(sorted(FORMATS))} (GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf, TopoJSON)",
                "unsupported",
            )
        if os.path.getsize(path) == 0:
            raise BoundaryError(f"'{label}' is empty (0 bytes): export the file again and upload it once more",
                                "empty")
        frame, fmt, chosen, layers, declared = _read_any(path, suffix, label, layer)
    return _standardise(frame, label, fmt, chosen, layers, declared, include_water)


@contextmanager
def _as_path(source, label: str):
    if not isinstance(source, (bytes, bytearray)):
        path = Path(source)
        if not path.exists():
            raise BoundaryError(f"'{path}' does not exist: check the path", "not_found")
        yield str(path)
        return
    handle, path = tempfile.mkstemp(suffix=_suffix(label) or ".bin", prefix="wijkverkenner-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(source)
        yield path
    finally:
        os.unlink(path)


def _suffix(label: str) -> str:
    return Path(label).suffix.lower()


def _read_any(path: str, suffix: str, label: str, layer: str | None):
    """Dispatch to the reader of one format.

    All return (frame, format, layer, layers, declared field types): the declared types keep
    integer columns integer and all-NULL text columns text, which the values alone cannot tell.
    """
    if suffix == ".zip":
        return _read_zipped_shapefile(path, label)
    if suffix in (".json", ".topojson") and _is_topojson(path):
        return _read_ogr(path, label, layer, "TopoJSON")
    return _read_ogr(path, label, layer, FORMATS[suffix])


def _is_topojson(path: str) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(4096).decode("utf-8", "ignore")
    return '"Topology"' in head.replace(" ", "")


def _read_zipped_shapefile(path: str, label: str):
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if m.lower().endswith(".shp") and not m.startswith("__MACOSX")]
    except zipfile.BadZipFile:
        raise BoundaryError(f"'{label}' is not a valid zip file: zip the .shp, .shx, .dbf and .prj files again",
                            "bad_zip")
    if not members:
        raise BoundaryError(f"'{label}' holds no .shp file: zip the .shp together with its .shx, .dbf and .prj",
                            "no_shp")
    member = sorted(members)[0]
    frame, _, _, _, declared = _read_ogr(f"/vsizip/{path}/{member}", label, None, "zipped Shapefile")
    return frame, "zipped Shapefile", member, sorted(members), declared


def _read_ogr(path: str, label: str, layer: str | None, fmt: str):
    try:
        layers = pyogrio.list_layers(path)
    except Exception as error:  # pyogrio raises several GDAL error types
        raise _unreadable(label, fmt, error)
    names = [str(row[0]) for row in layers]
    chosen = _choose_layer(layers, layer, label)
    try:
        info = pyogrio.read_info(path, layer=chosen)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(path, layer=chosen)
    except Exception as error:
        raise _unreadable(label, fmt, error)
    declared = dict(zip(info["fields"], map(str, info["dtypes"])))
    return frame, fmt, chosen if len(names) > 1 or fmt == "GeoPackage" else None, names, declared


def _choose_layer(layers, layer: str | None, label: str) -> str:
    names = [str(row[0]) for row in layers]
    if layer is not None:
        if layer not in names:
            raise BoundaryError(f"'{label}' has no layer {layer!r}: choose one of {', '.join(names)}", "no_layer",
                                layers=", ".join(names))
        return layer
    polygonal = [str(n) for n, kind in layers if kind and "polygon" in str(kind).lower()]
    if not names:
        raise BoundaryError(f"'{label}' holds no layers: export the boundaries again", "no_polygons", found="-")
    return (polygonal or names)[0]


def _unreadable(label: str, fmt: str, error: Exception) -> BoundaryError:
    return BoundaryError(f"'{label}' could not be read as {fmt}: {_first_line(error)}; check that the file is complete",
                         "unreadable", format=fmt)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _standardise(frame, label, fmt, layer, layers, declared, include_water) -> Boundaries:
    features_in_file = len(frame)
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        raise BoundaryError(f"'{label}' has no geometry: use a file with district polygons", "no_polygons", found="-")
    frame, crs_read, crs_used, by_range = _detect_crs(frame, label)
    frame, empty_removed = _keep_polygons(frame, label)
    frame, repaired = _repair(frame)
    columns = _recognise_columns(frame)
    frame, water_removed = _drop_water(frame, columns["water"], include_water)
    if frame.empty:
        raise BoundaryError(f"'{label}' has no land districts left after removing water areas: use include water",
                            "only_water")
    standard = _standard_columns(frame, columns)
    consumed = {columns[role] for role in ("code", "name", "year", "gemeente", "wijk") if columns[role]}
    rest = frame.drop(columns=[c for c in consumed if c in frame.columns] + [frame.geometry.name])
    labels = [c for c in rest.columns if c in (columns["water"], columns["year_code"]) or declared.get(c) == "object"]
    integers = [c for c, kind in declared.items() if kind.startswith(("int", "uint"))]
    own = build_table(rest, labels=labels, integer_columns=integers, source=label)
    data = pd.concat([standard, own.data], axis=1)
    gdf = gpd.GeoDataFrame(data, geometry=frame.geometry.to_crs(WGS84).values, crs=WGS84)
    table = Table(
        data=gdf.reset_index(drop=True),
        status=own.status.reset_index(drop=True),
        columns=own.columns,
        source=label,
        code_column="code",
        name_column="naam",
    )
    levels = standard["niveau"].dropna()
    report = ReadReport(
        source=label,
        format=fmt,
        layer=layer,
        layers=layers,
        features_in_file=features_in_file,
        features=len(gdf),
        level=levels.mode().iloc[0] if not levels.empty else None,
        crs_read=crs_read,
        crs_used=crs_used,
        crs_detected_by_range=by_range,
        invalid_repaired=repaired,
        water_removed=water_removed,
        empty_removed=empty_removed,
        years=sorted(int(y) for y in standard["jaar"].dropna().unique()),
        synthetic=_is_synthetic(frame),
    )
    return Boundaries(table=table, report=report)


def _is_synthetic(frame: pd.DataFrame) -> bool:
    """True when the file says of itself that its figures are synthetic (the demo's ``bron`` column)."""
    column = find_column(frame.columns, SOURCE_STEMS)
    return column is not None and bool(frame[column].astype(str).str.contains("synthetisch", case=False).any())


def _detect_crs(frame: gpd.GeoDataFrame, label: str):
    """Return the frame in its true CRS, the CRS as read, as used, and whether the range decided."""
    crs_read = frame.crs.to_string() if frame.crs is not None else None
    minx, miny, maxx, maxy = frame.total_bounds
    looks_rd = (
        RD_BOUNDS[0] <= minx and maxx <= RD_BOUNDS[2] and RD_BOUNDS[1] <= miny and maxy <= RD_BOUNDS[3]
    )
    looks_degrees = -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90
    if frame.crs is None or frame.crs.is_geographic:
        if looks_rd and not looks_degrees:
            return frame.set_crs(RD_NEW, allow_override=True), crs_read, RD_NEW, True
        if frame.crs is None:
            if looks_degrees:
                return frame.set_crs(WGS84), crs_read, WGS84, True
            raise BoundaryError(
                f"'{label}' has no coordinate system and its coordinates are neither RD New nor degrees: "
                "export it in EPSG:28992 or EPSG:4326",
                "unknown_crs",
            )
    return frame, crs_read, frame.crs.to_string(), False


def _keep_polygons(frame: gpd.GeoDataFrame, label: str):
    geometry = frame.geometry
    polygonal = geometry.apply(_polygonal_part)
    keep = polygonal.notna()
    if not keep.any():
        kinds = ", ".join(sorted(set(geometry.dropna().geom_type)))
        found = kinds or "no geometry"
        raise BoundaryError(f"'{label}' holds no polygons (found: {found}): use a file of district areas",
                            "no_polygons", found=found)
    frame = frame.loc[keep].copy()
    frame = frame.set_geometry(gpd.GeoSeries(polygonal[keep], crs=frame.crs, index=frame.index))
    return frame, int((~keep).sum())


def _polygonal_part(geom):
    """The polygons of a geometry (collections included); None when there are none."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    if not parts:
        return None
    return shapely.union_all(parts)


def _repair(frame: gpd.GeoDataFrame):
    """Repair invalid polygons with make_valid, keeping only their polygonal part."""
    geometry = frame.geometry.values
    invalid = ~shapely.is_valid(geometry)
    if not invalid.any():
        return frame, 0
    fixed = np.array(geometry, dtype=object)
    for i in np.flatnonzero(invalid):
        fixed[i] = _polygonal_part(shapely.make_valid(fixed[i]))
    frame = frame.set_geometry(gpd.GeoSeries(fixed, index=frame.index, crs=frame.crs))
    frame = frame[frame.geometry.notna()]
    return frame, int(invalid.sum())


def _recognise_columns(frame: pd.DataFrame) -> dict:
    """Find code, name, parent, year and water columns in any CBS spelling."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    grid = find_column(columns, GRID_STEMS)
    code = grid or find_code_column(frame[columns])
    code_level = None
    if code and not grid:
        sample = normalise_codes(frame[code].dropna().head(50))
        code_level = level_of(sample.dropna().iloc[0]) if sample.notna().any() else None
    name = find_name_column(frame[columns], code_level, exclude=code) if not grid else find_column(columns, ("naam",))
    parents = {}
    for level in ("gemeente", "wijk"):
        parent = find_column(columns, CODE_STEMS[level])
        parents[level] = parent if parent and parent != code else None
    if code is None:
        raise BoundaryError(
            "no column with CBS region codes found (looked for buurtcode, wijkcode, gemeentecode, statcode, "
            f"code; columns are: {', '.join(map(str, columns[:15]))}): add a code column",
            "no_code_column",
            columns=", ".join(map(str, columns[:15])),
        )
    return {
        "code": code,
        "grid": bool(grid),
        "name": name,
        "gemeente": parents["gemeente"],
        "wijk": parents["wijk"],
        "year": find_column(columns, YEAR_STEMS),
        "year_code": find_column(columns, YEAR_CODE_STEMS),
        "water": find_column(columns, WATER_STEMS),
    }


def _drop_water(frame: pd.DataFrame, water: str | None, include_water: bool):
    if water is None or include_water:
        return frame, 0
    is_water = frame[water].astype(str).str.strip().str.upper().eq("JA")
    return frame.loc[~is_water], int(is_water.sum())


def _standard_columns(frame: gpd.GeoDataFrame, columns: dict) -> pd.DataFrame:
    """Build code, name, level, parents, year and area (km2, computed in RD New)."""
    out = pd.DataFrame(index=frame.index)
    if columns["grid"]:
        out["code"] = frame[columns["code"]].astype(str).str.strip()
        out["niveau"] = "vierkant"
    else:
        out["code"] = normalise_codes(frame[columns["code"]])
        out["niveau"] = out["code"].map(level_of)
    out["naam"] = frame[columns["name"]].astype(object) if columns["name"] else out["code"]
    out["naam"] = out["naam"].where(out["naam"].notna(), out["code"])
    for level in ("gemeente", "wijk"):
        own = normalise_codes(frame[columns[level]], level) if columns[level] else pd.Series(None, index=frame.index)
        derived = out["code"].map(lambda code, lvl=level: parent_code(code, lvl) if not columns["grid"] else None)
        out[f"{level}code"] = own.where(own.notna(), derived)
    out["jaar"] = _years(frame, columns)
    out["oppervlakte_km2"] = (frame.geometry.to_crs(RD_NEW).area.to_numpy() / 1e6).round(4)
    keep = [c for c in STANDARD_COLUMNS if c in out.columns]
    if not columns["grid"]:
        depth = {lvl: i for i, lvl in enumerate(LEVELS)}
        deepest = max((depth.get(lvl, 0) for lvl in out["niveau"].dropna()), default=0)
        keep = [c for c in keep if not (c == "wijkcode" and deepest < 2) and not (c == "gemeentecode" and deepest < 1)]
    return out[keep]


def _years(frame: pd.DataFrame, columns: dict) -> pd.Series:
    if columns["year"] is not None:
        years = pd.to_numeric(frame[columns["year"]].astype(str).str.extract(r"((?:19|20)\d\d)")[0], errors="coerce")
    elif columns["year_code"] is not None:
        years = pd.to_numeric(frame[columns["year_code"]].astype(str).str[:4], errors="coerce")
    else:
        years = pd.Series(np.nan, index=frame.index)
    return years.astype("Int64")

