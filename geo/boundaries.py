"""Read district boundaries in every form people have them, into one standard frame.

``read_boundaries`` is the only public entry: it dispatches on the format to a private reader,
then applies the same steps to every result: CRS detection, polygon repair, recognition of the
CBS columns, water removal, areas in RD New and display geometry in WGS84.

Reading user files is kept safe and bounded:

* **Format by content.** The first bytes decide what a file is (GeoJSON/TopoJSON text, SQLite
  with a GeoPackage application id, FlatGeobuf, Shapefile, zip); a file whose content does not
  match its extension is refused with a message naming both, and XML (a GDAL VRT, GML, KML,
  HTML) is refused whatever its name. So GDAL only ever opens content of the allowed formats
  (GeoJSON, TopoJSON, GPKG, ESRI Shapefile, FlatGeobuf) and never a VRT that could point at
  other files or URLs.
* **No network.** ``/vsi...`` paths, URLs and GDAL connection strings (``PG:``, ``GPKG:...``)
  are refused as paths; GeoJSON that links its CRS to a URL (``"crs": {"type": "link"}``, which
  GDAL would fetch) is refused; and GDAL's HTTP client is pointed at a closed local proxy with
  short timeouts and ``/vsicurl/`` limited to a file name that never exists (set once at import;
  the app downloads with ``requests``, never through GDAL).
* **Zips are unpacked by us**, not by ``/vsizip/``: members with absolute or ``..`` paths and
  symbolic links are refused, zips inside the zip are not opened, and only the Shapefile's
  own parts are extracted, by their base name, into a temporary folder, counting bytes.
* **Limits** (``indicators/io/limits.py``) on file size, zip members and uncompressed size, features
  and vertices are checked before the file is read in full.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import warnings
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.compute
import pyogrio
import pyproj
import shapely

from indicators.core.codes import GRID, LEVELS, level_of, normalise_codes, parent_code, year_in_name
from indicators.core.columns import (
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
from indicators.core.crs import (
    AMBIGUOUS_BY_RANGE,
    RD_BOUNDS,
    RD_NEW,
    RECOGNISED_BY_RANGE,
    WGS84,
    within,
)
from indicators.core.errors import InputError
from indicators.core.table import Table, build_table
from indicators.core.words import t
from indicators.io import limits
from indicators.io.files import open_input

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


# The content each extension must have (see ``_sniff``).
CONTENT_OF_SUFFIX = {
    ".geojson": "json", ".json": "json", ".topojson": "json", ".gpkg": "gpkg", ".zip": "zip", ".shp": "shp",
    ".fgb": "fgb",
}
CONTENT_NAMES = {
    "json": "GeoJSON/TopoJSON", "gpkg": "GeoPackage", "zip": "zip", "shp": "Shapefile", "fgb": "FlatGeobuf",
    "sqlite": "SQLite database (not a GeoPackage)", "xml": "XML",
}
SUFFIX_OF_CONTENT = {"json": ".geojson", "gpkg": ".gpkg", "zip": ".zip", "shp": ".shp", "fgb": ".fgb"}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
# GDAL's own HTTP client must never be used while reading a user's file (see the module docstring).
GDAL_NO_NETWORK = {
    "GDAL_HTTP_PROXY": "127.0.0.1:9",
    "GDAL_HTTPS_PROXY": "127.0.0.1:9",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "/nonexistent/wijkverkenner-reads-no-urls",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
}
pyogrio.set_gdal_config_options(GDAL_NO_NETWORK)
_CONNECTION_STRING = re.compile(r"^[A-Za-z][A-Za-z0-9_+.-]+:")
_POLYGON_TYPES = [int(shapely.GeometryType.POLYGON), int(shapely.GeometryType.MULTIPOLYGON)]
# Reprojection: PROJ releases the GIL, so a large layer's points are transformed in parts at once.
_CORES = os.cpu_count() or 1
_POINTS_PER_PART = 50_000  # below this, handing points to another thread costs more than it saves
_PROJ_THREADS = ThreadPoolExecutor(max_workers=_CORES, thread_name_prefix="wijkverkenner-proj")
# Fewer bytes than any vertex takes in GeoJSON text ("[0,0]," is 6; GDAL adds at most one per ring to close it)
_GEOJSON_BYTES_PER_VERTEX = 3
_LINKED_CRS = re.compile(rb'"crs"\s*:\s*\{[^{}]{0,200}"link"|"crs"\s*:\s*\{[^{}]{0,200}\{[^{}]{0,500}"href"')


class BoundaryError(InputError):
    """A boundary file that cannot be used; the message says what to do."""

    topic = "boundary"


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
    code_column: str | None = None,
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
    code_column : str, optional
        The column holding region codes, where it is not found by its name or content.

    Raises
    ------
    BoundaryError
        When the file cannot be read as polygons; the message says why and what to do.
    """
    if not isinstance(source, (bytes, bytearray, memoryview)):
        text = os.fspath(source)
        if _CONNECTION_STRING.match(text) and not Path(text).exists():
            raise BoundaryError(f"'{text}' is not a file on this computer: give the path of a downloaded file "
                                "(URLs, /vsi paths and GDAL connection strings are not read)", "not_a_file")
    source = open_input(source, formats=FORMATS, limit=limits.MAX_FILE_BYTES, name=name, error=BoundaryError,
                        kinds="GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf, TopoJSON",
                        smaller="use a file with fewer or simpler districts (one gemeente, or the generalised CBS map)")
    label, suffix = source.label, source.suffix
    with source.on_disk() as path:
        _check_content(path, suffix, label)
        frame, fmt, chosen, layers, declared = _read_any(path, suffix, label, layer)
    return _standardise(frame, label, fmt, chosen, layers, declared, include_water, code_column)




def _sniff(path: str) -> str | None:
    """What the file holds by its first bytes: json, gpkg, sqlite, fgb, shp, zip, xml or None."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg" if head[68:72] in (b"GPKG", b"GP10", b"GP11") else "sqlite"
    if head.startswith(b"fgb\x03"):
        return "fgb"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head[:4] == b"\x00\x00\x27\x0a":
        return "shp"
    if text.startswith(b"<"):
        return "xml"
    if text.startswith((b"{", b"[")):
        return "json"
    return None


def _check_content(path: str, suffix: str, label: str) -> None:
    """Refuse content that is not what the extension says, XML whatever its name, and linked CRSs."""
    content, expected = _sniff(path), CONTENT_OF_SUFFIX[suffix]
    if content == "xml":
        raise BoundaryError(
            f"'{label}' holds XML (such as a GDAL VRT, GML or KML), not {FORMATS[suffix]}: XML files are not read; "
            "export the boundaries as GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf or TopoJSON", "xml")
    if content is None or content == expected:
        if content == "json":
            _check_no_links(path, label)
            _check_geojson(path, label)
        return  # unknown content: GDAL tries the extension's format and says what is wrong
    if content in SUFFIX_OF_CONTENT:
        message = (f"'{label}' holds {CONTENT_NAMES[content]}, not {FORMATS[suffix]}: "
                   f"rename it to end in {SUFFIX_OF_CONTENT[content]} and load it again")
    else:
        message = (f"'{label}' holds a {CONTENT_NAMES[content]}, not {FORMATS[suffix]}: "
                   "export the boundaries as GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf or TopoJSON")
    raise BoundaryError(message, "wrong_content", found=CONTENT_NAMES[content], expected=FORMATS[suffix])


_GEO_TYPE = re.compile(rb'"type"\s*:\s*"(FeatureCollection|Feature|Topology|GeometryCollection|Polygon|MultiPolygon)"')


def _check_geojson(path: str, label: str) -> None:
    """Refuse JSON that is neither GeoJSON nor TopoJSON (a table, a settings file), naming what to use."""
    with open(path, "rb") as handle:
        tail = b""
        while chunk := handle.read(8 * limits.MB):
            if _GEO_TYPE.search(tail + chunk):
                return
            tail = chunk[-200:]
    raise BoundaryError(
        f"'{label}' is JSON but neither GeoJSON nor TopoJSON (no \"type\": \"FeatureCollection\" or \"Topology\"): "
        "load a table of figures as the table, and boundaries as GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf "
        "or TopoJSON", "not_geojson")


def _check_no_links(path: str, label: str) -> None:
    """Refuse GeoJSON whose CRS is a link: GDAL would download it."""
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(8 * limits.MB)
            if _LINKED_CRS.search(chunk):
                raise BoundaryError(
                    f"'{label}' links its coordinate system to an address on the internet, and nothing is read "
                    'from the internet: give the CRS by name ("crs": {"type": "name", ...}) or leave it out',
                    "linked_crs")
            if len(chunk) < 8 * limits.MB:
                return
            handle.seek(-1024, os.SEEK_CUR)  # a match across two chunks


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
    """Check the zip's directory, extract the Shapefile's parts ourselves (bounded) and read them."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_zip(infos, label)
            members = sorted(info.filename for info in infos if _is_shp(info.filename))
            if not members:
                if any(info.filename.lower().endswith(".zip") for info in infos):
                    raise BoundaryError(
                        f"'{label}' holds another zip file, and zips inside zips are not opened: unzip '{label}' "
                        "and load the zip with the .shp, .shx, .dbf and .prj files", "nested_zip")
                raise BoundaryError(
                    f"'{label}' holds no .shp file: zip the .shp together with its .shx, .dbf and .prj", "no_shp")
            member = members[0]
            stem = member[:-4].lower()
            parts = {info.filename[-4:].lower(): info for info in infos
                     if info.filename[:-4].lower() == stem and info.filename[-4:].lower() in SHAPEFILE_PARTS}
            missing = [ext for ext in (".shx", ".dbf") if ext not in parts]
            if missing:
                raise BoundaryError(
                    f"'{label}' holds {Path(member).name} without its {' and '.join(missing)}: zip all parts of the "
                    "Shapefile (.shp, .shx, .dbf, .prj) together", "incomplete_shapefile", missing=", ".join(missing))
            with tempfile.TemporaryDirectory(prefix="wijkverkenner-zip-") as folder:
                budget = limits.MAX_ZIP_UNCOMPRESSED
                for ext, info in parts.items():
                    budget -= _extract(archive, info, Path(folder) / f"boundaries{ext}", budget, label)
                frame, _, _, _, declared = _read_ogr(str(Path(folder) / "boundaries.shp"), label, None,
                                                     "zipped Shapefile")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, RuntimeError, NotImplementedError, zlib.error):
        raise BoundaryError(f"'{label}' is not a valid zip file: zip the .shp, .shx, .dbf and .prj files again",
                            "bad_zip") from None
    return frame, "zipped Shapefile", member, members, declared


def _is_shp(name: str) -> bool:
    return name.lower().endswith(".shp") and not name.startswith("__MACOSX") and not name.endswith("/")


def _check_zip(infos: list[zipfile.ZipInfo], label: str) -> None:
    """Refuse unsafe or oversized zips from the central directory, before extracting anything."""
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise BoundaryError(f"'{label}' holds {len(infos)} files, more than the limit of {limits.MAX_ZIP_MEMBERS}: "
                            "zip only the Shapefile's parts", "zip_too_many_members", count=len(infos),
                            limit=limits.MAX_ZIP_MEMBERS)
    for info in infos:
        name = info.filename.replace("\\", "/")
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in name.split("/"):
            raise BoundaryError(f"'{label}' holds a file with an unsafe path ({info.filename!r}): zip the Shapefile's "
                                "parts again without absolute paths or '..'", "unsafe_zip", member=info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise BoundaryError(f"'{label}' holds a symbolic link ({info.filename!r}): zip the files themselves, "
                                "not links to them", "unsafe_zip", member=info.filename)
    total = sum(info.file_size for info in infos)
    if total > limits.MAX_ZIP_UNCOMPRESSED:
        raise BoundaryError(_zip_too_large_message(label, total), "zip_too_large",
                            size=limits.megabytes(total), limit=limits.megabytes(limits.MAX_ZIP_UNCOMPRESSED))


def _zip_too_large_message(label: str, total: int) -> str:
    return (f"'{label}' unpacks to {limits.megabytes(total)} or more, more than the limit of "
            f"{limits.megabytes(limits.MAX_ZIP_UNCOMPRESSED)}: use a smaller Shapefile")


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, label: str) -> int:
    """Copy one member to ``target``, stopping at ``budget`` bytes whatever the directory claimed."""
    written = 0
    with archive.open(info) as source, open(target, "wb") as out:
        while chunk := source.read(1024 * 1024):
            written += len(chunk)
            if written > budget:
                raise BoundaryError(_zip_too_large_message(label, limits.MAX_ZIP_UNCOMPRESSED - budget + written),
                                    "zip_too_large", size=limits.megabytes(written),
                                    limit=limits.megabytes(limits.MAX_ZIP_UNCOMPRESSED))
            out.write(chunk)
    return written


def _read_ogr(path: str, label: str, layer: str | None, fmt: str):
    # GDAL parses a GeoJSON in full at every open; it has one layer, so it is not opened to list them
    single = fmt == "GeoJSON" and layer is None
    try:
        layers = None if single else pyogrio.list_layers(path)
        chosen = None if single else _choose_layer(layers, layer, label)
        info = pyogrio.read_info(path, layer=chosen, force_feature_count=True)
    except BoundaryError:
        raise
    except Exception as error:  # pyogrio raises several GDAL error types
        raise _unreadable(label, fmt, error)
    if single:
        chosen = info["layer_name"]
    names = [chosen] if single else [str(row[0]) for row in layers]
    _check_features(info["features"], label)
    # GeoJSON writes every vertex out ("[x,y]," is 6 bytes): a file this small cannot hold more vertices
    # than the limit, so it is counted once read instead of in a pass of its own (a third parse of the text)
    counted_once_read = fmt == "GeoJSON" and os.path.getsize(path) <= _GEOJSON_BYTES_PER_VERTEX * \
        limits.MAX_VERTICES_TOTAL
    try:
        if not counted_once_read:
            _check_vertices(path, chosen, label)
    except BoundaryError:
        raise
    except Exception as error:
        raise _unreadable(label, fmt, error)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(path, layer=chosen)
    except Exception as error:
        raise _unreadable(label, fmt, error)
    if counted_once_read and "geometry" in frame:
        counts = shapely.get_num_coordinates(np.asarray(frame.geometry.values))
        _check_feature_vertices(counts, label)
        _check_total_vertices(int(counts.sum()), label)
    declared = dict(zip(info["fields"], map(str, info["dtypes"])))
    return frame, fmt, chosen if len(names) > 1 or fmt == "GeoPackage" else None, names, declared


def _check_features(count: int, label: str) -> None:
    if count > limits.MAX_FEATURES:
        raise BoundaryError(
            f"'{label}' holds {count:,} features, more than the limit of {limits.MAX_FEATURES:,}: use a file with "
            "the districts of one level (gemeenten, wijken or buurten) or of fewer municipalities",
            "too_many_features", count=count, limit=limits.MAX_FEATURES)


def _check_vertices(path: str, layer: str, label: str) -> None:
    """Check the vertex limits while streaming the geometries (bounded memory); stop at the first limit crossed.

    A point takes at least 16 bytes of WKB, so a geometry of n bytes has at most n / 16 vertices:
    for the usual file the sizes settle it without parsing a geometry. A batch holding a geometry
    that may be too large has its vertices counted at once; only a file whose sizes may exceed
    the total is counted in full, in a second pass.
    """
    bound = 0
    for geometry in _geometry_batches(path, layer):
        sizes = pyarrow.compute.binary_length(geometry).fill_null(0)
        bound += (pyarrow.compute.sum(sizes).as_py() or 0) // 16
        if (pyarrow.compute.max(sizes).as_py() or 0) // 16 > limits.MAX_VERTICES_PER_FEATURE:
            _check_feature_vertices(_vertex_counts(geometry), label)
    if bound <= limits.MAX_VERTICES_TOTAL:
        return
    total = 0
    for geometry in _geometry_batches(path, layer):
        counts = _vertex_counts(geometry)
        _check_feature_vertices(counts, label)
        total += int(counts.sum())
        _check_total_vertices(total, label)


def _check_total_vertices(total: int, label: str) -> None:
    if total > limits.MAX_VERTICES_TOTAL:
        raise BoundaryError(
            f"'{label}' has more than {limits.MAX_VERTICES_TOTAL:,} vertices in all, the limit: simplify the "
            "boundaries (e.g. to 1 m) or use fewer districts", "too_many_vertices", count=total,
            limit=limits.MAX_VERTICES_TOTAL)


def _geometry_batches(path: str, layer: str):
    """The layer's geometries as WKB, 2,000 at a time, without its attributes."""
    with warnings.catch_warnings(), pyogrio.open_arrow(path, layer=layer, columns=[], batch_size=2_000,
                                                       use_pyarrow=True) as (_, reader):
        warnings.simplefilter("ignore", RuntimeWarning)
        for batch in reader:
            yield batch.column(batch.num_columns - 1)


def _vertex_counts(geometry) -> np.ndarray:
    return shapely.get_num_coordinates(shapely.from_wkb(geometry.to_numpy(zero_copy_only=False), on_invalid="ignore"))


def _check_feature_vertices(counts: np.ndarray, label: str) -> None:
    if len(counts) and counts.max() > limits.MAX_VERTICES_PER_FEATURE:
        raise BoundaryError(
            f"'{label}' has a feature with {int(counts.max()):,} vertices, more than the limit of "
            f"{limits.MAX_VERTICES_PER_FEATURE:,}: simplify the boundaries (e.g. to 1 m) and export again",
            "too_many_vertices", count=int(counts.max()), limit=limits.MAX_VERTICES_PER_FEATURE)


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


def _standardise(frame, label, fmt, layer, layers, declared, include_water, code_column=None) -> Boundaries:
    features_in_file = len(frame)
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        raise BoundaryError(f"'{label}' has no geometry: use a file with district polygons", "no_polygons", found="-")
    frame, empty_removed = _keep_polygons(frame, label)
    frame, crs_read, crs_used, by_range = _detect_crs(frame, label)
    frame, repaired = _repair(frame)
    if frame.empty:
        raise _no_valid_polygons(label)
    columns = _recognise_columns(frame, code_column, label)
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
    gdf = gpd.GeoDataFrame(data, geometry=_to_crs(frame.geometry, WGS84).values, crs=WGS84)
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
    table.credit = _credit(frame, report)
    return Boundaries(table=table, report=report)


def _credit(frame: pd.DataFrame, report: ReadReport) -> str:
    """Who made the districts: the file's own ``bron``, else CBS's credit for districts with CBS codes.

    CBS asks maps on its district boundaries to credit the Wijk- en Buurtkaart of Kadaster and CBS
    with its year; a file of other areas (grid cells, own areas) is named by its file name.
    """
    column = find_column(frame.columns, SOURCE_STEMS)
    own = frame[column].dropna().astype(str).str.strip() if column is not None else pd.Series(dtype=str)
    own = own[own != ""]
    if not own.empty:
        return str(own.iloc[0])
    if report.level in LEVELS:
        year = boundaries_year(report, report.source)
        return t("credit_boundaries", "nl", year=year).strip() if year else t("credit_boundaries_no_year", "nl")
    return ""


def boundaries_year(report: ReadReport, name: str) -> int:
    """The year of a boundary file: its year column's (the newest), else the year in its name, else 0."""
    return report.years[-1] if report.years else year_in_name(name)


def _is_synthetic(frame: pd.DataFrame) -> bool:
    """True when the file says of itself that its figures are synthetic (the demo's ``bron`` column)."""
    column = find_column(frame.columns, SOURCE_STEMS)
    return column is not None and bool(frame[column].astype(str).str.contains("synthetisch", case=False).any())


def _detect_crs(frame: gpd.GeoDataFrame, label: str):
    """Return the frame in its true CRS, the CRS as read, as used, and whether the range decided.

    A file without a CRS (or one that claims degrees while its numbers are metres) is recognised by
    the numbers: degrees, RD New, or another metre system the Netherlands has a known box in
    (``indicators.core.crs.RECOGNISED_BY_RANGE``). Metres that fit none of them are refused with a
    message naming the CRS to declare; they are never read as degrees.
    """
    crs_read = frame.crs.to_string() if frame.crs is not None else None
    bounds = frame.total_bounds
    if not np.isfinite(bounds).all():
        raise BoundaryError(f"'{label}' has no usable coordinates: export the boundaries again", "unknown_crs")
    if frame.crs is not None and not frame.crs.is_geographic:
        return frame, crs_read, frame.crs.to_string(), False
    if within(bounds, (-180, -90, 180, 90)):
        return (frame if frame.crs is not None else frame.set_crs(WGS84)), crs_read, WGS84, frame.crs is None
    if within(bounds, RD_BOUNDS):
        return frame.set_crs(RD_NEW, allow_override=True), crs_read, RD_NEW, True
    for crs, box in RECOGNISED_BY_RANGE.items():
        if within(bounds, box):
            return frame.set_crs(crs, allow_override=True), crs_read, crs, True
    candidates = next((crs for crs, box in AMBIGUOUS_BY_RANGE.items() if within(bounds, box)), None)
    hint = f"it looks like {candidates}: declare which" if candidates else "declare its CRS"
    raise BoundaryError(
        f"'{label}' has no coordinate system and its coordinates are metres that are neither RD New nor Web "
        f"Mercator in the Netherlands: {hint} (for example EPSG:28992) or export it in EPSG:4326",
        "unknown_crs",
    )


def _to_crs(geometry: gpd.GeoSeries, crs: str) -> gpd.GeoSeries:
    """``geometry.to_crs(crs)``, transforming every distinct point once.

    Neighbouring districts share their boundary points, so a layer has about half as many
    distinct points as vertices, and PROJ's datum shift (about a microsecond a point) is most of
    the time it takes to read a layer. PROJ maps each point on its own: the result is the same.
    3D points, zeros (0.0 and -0.0 would be taken for one point) and values that are not finite
    go through ``to_crs`` itself.
    """
    target = pyproj.CRS.from_user_input(crs)
    if geometry.crs is None or geometry.crs.is_exact_same(target) or shapely.has_z(geometry.values).any():
        return geometry.to_crs(target)
    coordinates = shapely.get_coordinates(geometry.values)
    if not (np.isfinite(coordinates).all() and coordinates.all()):
        return geometry.to_crs(target)
    which, points = pd.factorize(coordinates[:, 0] + 1j * coordinates[:, 1])
    x, y = _transform(_transformer(geometry.crs, target), points.real, points.imag)
    moved = shapely.set_coordinates(np.array(geometry.values, dtype=object), np.column_stack([x, y])[which])
    return gpd.GeoSeries(moved, index=geometry.index, crs=target)


@lru_cache(maxsize=16)
def _transformer(source: pyproj.CRS, target: pyproj.CRS) -> pyproj.Transformer:
    """The transformer ``to_crs`` uses (made once: that takes longer than a small layer's points)."""
    return pyproj.Transformer.from_crs(source, target, always_xy=True)


def _transform(transformer: pyproj.Transformer, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Transform points; many points in parts at once, one per core.

    The threads are kept: each makes its own PROJ context once, on first use.
    """
    parts = min(_CORES, len(x) // _POINTS_PER_PART)
    if parts < 2:
        return transformer.transform(x, y)
    done = list(_PROJ_THREADS.map(transformer.transform, np.array_split(x, parts), np.array_split(y, parts)))
    return np.concatenate([part[0] for part in done]), np.concatenate([part[1] for part in done])


def _keep_polygons(frame: gpd.GeoDataFrame, label: str):
    """Keep features with polygons; geometry with NaN or infinite coordinates counts as none."""
    geometry = frame.geometry
    finite = _finite(geometry.values)
    polygonal = np.array(geometry.values, dtype=object)
    # Polygons and multipolygons are kept as they are; only other kinds need a look of their own.
    as_is = np.isin(shapely.get_type_id(polygonal), _POLYGON_TYPES) & ~shapely.is_empty(polygonal)
    for i in np.flatnonzero(~as_is & finite):
        polygonal[i] = _polygonal_part(polygonal[i])
    polygonal[~finite] = None
    polygonal = pd.Series(polygonal, index=frame.index, dtype=object)
    keep = polygonal.notna()
    if not keep.any():
        kinds = sorted(set(geometry.dropna().geom_type))
        if set(kinds) & {"Polygon", "MultiPolygon"}:
            raise _no_valid_polygons(label)
        found = ", ".join(kinds) or "no geometry"
        raise BoundaryError(f"'{label}' holds no polygons (found: {found}): use a file of district areas",
                            "no_polygons", found=found)
    frame = frame.loc[keep].copy()
    frame = frame.set_geometry(gpd.GeoSeries(polygonal[keep], crs=frame.crs, index=frame.index))
    return frame, int((~keep).sum())


def _finite(geometries) -> np.ndarray:
    """Per geometry: all coordinates are finite numbers (GEOS cannot repair NaN or infinity)."""
    coordinates, index = shapely.get_coordinates(geometries, return_index=True)
    bad = np.zeros(len(geometries), dtype=bool)
    bad[index[~np.isfinite(coordinates).all(axis=1)]] = True
    return ~bad


def _no_valid_polygons(label: str) -> BoundaryError:
    return BoundaryError(f"'{label}' holds only empty, flat or broken polygons (no area, or coordinates that are not "
                         "numbers): export the boundaries again", "no_valid_polygons")


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
        try:
            fixed[i] = _polygonal_part(shapely.make_valid(fixed[i]))
        except shapely.errors.GEOSException:
            fixed[i] = None
    frame = frame.set_geometry(gpd.GeoSeries(fixed, index=frame.index, crs=frame.crs))
    frame = frame[frame.geometry.notna()]
    return frame, int(invalid.sum())


def _recognise_columns(frame: pd.DataFrame, code_column: str | None = None, label: str = "") -> dict:
    """Find code, name, parent, year and water columns in any CBS spelling; ``code_column`` where given."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if code_column is not None and code_column not in columns:
        shown = ", ".join(map(str, columns[:20]))
        raise BoundaryError(f"'{label}' has no column {code_column!r}: choose one of {shown}", "no_code_column",
                            columns=", ".join(map(str, columns[:15])))
    grid = find_column(columns, GRID_STEMS) if code_column is None else None
    code = code_column or grid or find_code_column(frame[columns])
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
        out["niveau"] = GRID
    else:
        out["code"] = normalise_codes(frame[columns["code"]])
        out["niveau"] = out["code"].map(level_of)
    out["naam"] = frame[columns["name"]].astype(object) if columns["name"] else out["code"]
    out["naam"] = out["naam"].where(out["naam"].notna(), out["code"])
    for level in ("gemeente", "wijk"):
        own = normalise_codes(frame[columns[level]], level) if columns[level] else pd.Series(None, index=frame.index)
        # parents from the district's own code, only where the file gives none (usually nowhere)
        derived = pd.Series(None, index=frame.index, dtype=object)
        gaps = own.isna().to_numpy()
        if not columns["grid"]:
            derived[gaps] = [parent_code(code, level) for code in out["code"].to_numpy()[gaps]]
        out[f"{level}code"] = own.where(own.notna(), derived)
    out["jaar"] = _years(frame, columns)
    out["oppervlakte_km2"] = (_to_crs(frame.geometry, RD_NEW).area.to_numpy() / 1e6).round(4)
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

