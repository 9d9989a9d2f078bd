"""Download the boundaries (PDOK) and KWB figures (CBS) of one gemeente into one GeoPackage.

``download_gemeente`` is the entry for the app and ``cli.py fetch``. It asks two public services:

- **PDOK WFS** ``https://service.pdok.nl/cbs/wijkenbuurten/{year}/wfs/v1_0``, WFS 2.0
  GetFeature on ``wijkenbuurten:wijken`` or ``wijkenbuurten:buurten`` as GeoJSON in RD New
  (EPSG:28992), filtered on ``gemeentecode`` with a standard FES 2.0 ``filter`` (this MapServer
  service ignores GeoServer's ``cql_filter``), paged with ``count``/``startIndex``. Pages are
  checked against ``numberReturned`` and their sum against ``numberMatched``.
- **CBS OData v3** ``https://opendata.cbs.nl/ODataApi/odata/{table}``: ``DataProperties`` for
  the columns and ``TypedDataSet`` with ``$filter`` on the region key, which the API pads to 10
  characters (``WijkenEnBuurten eq 'GM1916    ' or startswith(WijkenEnBuurten,'WK1916')``);
  answers are ``{"odata.metadata": ..., "value": [...]}``, followed along ``odata.nextLink``.

The result, ``DIR/{gemeente}_{year}_{level}.gpkg``, has the districts in layer ``wijken`` or
``buurten`` (region code in ``wijkcode``/``buurtcode``, name in ``wijknaam``/``buurtnaam``, the
parents, ``water``, ``jrstatcode``, ``jaar``) with the KWB figures as attributes named by stem
(``AantalInwoners``, ``PersonenPerSoortUitkeringBijstand``, ...), and a second layer
``gemeenten`` with the gemeente's own KWB row (the gemeente figure is not the sum of its parts:
rounding, and inhabitants known only by gemeente). Geometry in RD New; NULL = no figure, -99997
= secret, as in CBS's own GeoPackages (``indicators.io.export``). PDOK's copies of the figures are
left out: the KWB table is the source of every figure, and two spellings of one figure would
make ``AantalInwoners`` ambiguous.

**Cache.** Every answer is kept as it came (parsed JSON, with its URL and time) in ``cache_dir``
as ``http-{SHA-256 of the full request URL}.json``, beside the app's ``layer-*.json``; a request
whose URL is in the cache never goes to the network. A second run therefore rebuilds the same
GeoPackage offline, through the same parsing and checks, and a fix in this module applies to
cached downloads too; years, levels, pages and base URLs never share an entry. Entries are
written only after the whole download has passed its checks, so a failed run leaves the cache as
it was. Raw answers were chosen over GeoParquet (which the spec names for caching boundaries)
because half of what is cached is not geometry, because a derived cache would freeze today's
processing, and because the GeoPackage written here is itself the processed copy for the app.
Delete the ``http-*.json`` files to download again (CBS revises KWB tables during the year).

Every failure is a ``DownloadError`` whose message says in one line what went wrong and what to
do; ``kind`` names the problem for the app's Dutch texts.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import geopandas as gpd
import pandas as pd
import requests
import shapely
from shapely.geometry import shape

from indicators.core.codes import LAYERS, PREFIXES, normalise_code, normalise_codes
from indicators.core.crs import RD_NEW, WGS84
from indicators.core.errors import InputError
from indicators.core.values import SECRET, SECRET_SENTINEL
from indicators.io.files import atomic_output, check_folder
from indicators.io.kwb import KWB_TABLES
from indicators.io.odata import read_odata

PDOK_URL = "https://service.pdok.nl"
CBS_URL = "https://opendata.cbs.nl"
WFS_PATH = "/cbs/wijkenbuurten/{year}/wfs/v1_0"
ODATA_PATH = "/ODataApi/odata/{table}"
DEFAULT_CACHE = Path(__file__).resolve().parents[2] / "data" / "cache"  # the project's, beside the layers
LEVELS = ("wijk", "buurt")
# PDOK serves at most 1,000 features per request; a page may hold fewer, so paging advances by
# what came back.
PAGE_SIZE = 1000
MAX_PAGES = 500
TIMEOUT = (10.0, 120.0)  # seconds to connect, seconds between bytes of the answer
USER_AGENT = "Wijkverkenner/0.1 (district maps of CBS wijken en buurten; python-requests)"

# CBS Kerncijfers wijken en buurten, one table per year (SOURCES.md). Kept here until
# indicators/io/kwb.py holds the mapping for the whole project.
YEARS = tuple(sorted(KWB_TABLES))

# PDOK properties kept as labels; everything else PDOK sends is a copy of a KWB figure.
_PDOK_LABELS = ("buurtcode", "buurtnaam", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam", "water",
                "jrstatcode", "jaar")
# KWB label columns that repeat what the boundaries say already.
_KWB_DROPPED = ("Gemeentenaam", "SoortRegio", "Codering")
_FES = "http://www.opengis.net/fes/2.0"


class DownloadError(InputError):
    """A download that did not succeed; the message says what went wrong and what to do."""

    topic = "download"


@dataclass
class FetchResult:
    """What ``download_gemeente`` wrote and how."""

    path: Path
    gemeente: str
    year: int
    level: str
    table: str
    districts: int
    with_figures: int
    figures: int
    requests: int = 0
    from_cache: int = 0
    notes: list[str] = field(default_factory=list)
    national: Path | None = None  # nederland_{year}_{table}.json: NL00 and every gemeente (issue #19)
    national_rows: int = 0  # rows written now; 0 when the year's file was there already


def download_gemeente(
    gemeente: str,
    year: int,
    level: str,
    out_dir,
    *,
    pdok_url: str | None = None,
    cbs_url: str | None = None,
    cache_dir=None,
    timeout: tuple[float, float] = TIMEOUT,
    national: bool = False,
) -> FetchResult:
    """Download boundaries and KWB figures of one gemeente into a GeoPackage, and report on it.

    Parameters
    ----------
    gemeente : str
        CBS gemeente code, any spelling (``GM1916``, ``1916``).
    year : int
        2019-2024: the year of the wijk- en buurtindeling and of the KWB table.
    level : {'wijk', 'buurt'}
        Districts to download.
    out_dir : str or Path
        Folder for ``{gemeente}_{year}_{level}.gpkg``; created when missing.
    pdok_url, cbs_url : str, optional
        Scheme and host (optionally a path prefix) replacing ``https://service.pdok.nl`` and
        ``https://opendata.cbs.nl``: a mirror, a proxy or a test server.
    cache_dir : str or Path, optional
        Folder of cached answers (default ``data/cache/`` of the project).
    timeout : (float, float)
        Seconds to wait for a connection and for the answer.
    national : bool
        Also get the national rows of the year (``NL00`` and every gemeente) for the wijkprofiel's
        references, into ``nederland_{year}_{table}.json`` with the table's DataProperties beside
        it; once per year: a file that is there already is kept (see ``download_national``).

    Returns
    -------
    FetchResult
        The GeoPackage written (``.path``), counts, requests made and answers from the cache.

    Raises
    ------
    DownloadError
        Bad input, no network, a timeout, an HTTP error, an answer that is not what the service
        promises, or no districts for the gemeente. Nothing is written then.
    """
    code, year, level = check_request(gemeente, year, level)
    check_folder(out_dir, may_create=True, error=DownloadError)  # before the network: fail at once, not after it
    out = output_path(out_dir, code, year, level)
    pdok = _base_url(pdok_url, PDOK_URL, "--pdok-url")
    cbs = _base_url(cbs_url, CBS_URL, "--cbs-url")
    client = _Client(Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE, timeout)

    districts = _fetch_boundaries(code, year, level, pdok, client)
    table_id = KWB_TABLES[year]
    figures = _fetch_figures(code, year, level, cbs, client)
    national_path = national_file(out_dir, year)
    national_answer = _fetch_national(year, cbs, client) if national and not _readable(national_path) else None
    client.commit()

    frame, gemeente_row, notes = _combine(districts, figures, code, level)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(out) as temporary:
        frame.to_file(temporary, driver="GPKG", layer=LAYERS[level])
        if gemeente_row is not None:
            gemeente_row.to_file(temporary, driver="GPKG", layer=LAYERS["gemeente"])
    if national_answer is not None:
        notes.extend(_write_national(national_path, *national_answer))
    figure_columns = [c for c in figures.figures if c in frame.columns]
    with_figures = int(frame[figure_columns].notna().any(axis=1).sum()) if figure_columns else 0
    return FetchResult(
        path=out, gemeente=code, year=year, level=level, table=table_id, districts=len(frame),
        with_figures=with_figures, figures=len(figure_columns), requests=client.requests,
        from_cache=client.hits, notes=notes, national=national_path if national else None,
        national_rows=len(national_answer[0]) if national_answer is not None else 0,
    )


def check_request(gemeente, year, level: str) -> tuple[str, int, str]:
    """Validate and normalise what to download: (``GM1916``, 2024, ``'wijk'``)."""
    code = normalise_code(gemeente, "gemeente") if gemeente is not None else None
    if code is None:
        raise DownloadError(f"'gemeente' should be a CBS gemeente code such as GM1916, got {gemeente!r} instead",
                            "input", argument="gemeente", value=str(gemeente))
    try:
        number = int(year)
    except (TypeError, ValueError):
        number = None
    if number not in KWB_TABLES or str(year).strip() != str(number):
        raise DownloadError(f"'year' should be one of {YEARS[0]}-{YEARS[-1]} (a KWB table exists for those), "
                            f"got {year!r} instead", "input", argument="year", value=str(year))
    if level not in LEVELS:
        raise DownloadError(f"'level' should be one of {', '.join(LEVELS)}, got {level!r} instead", "input",
                            argument="level", value=str(level))
    return code, number, level


def output_path(out_dir, gemeente: str, year: int, level: str) -> Path:
    """``DIR/{gemeente}_{year}_{level}.gpkg`` (DIR checked by the one door out first: ``check_folder``)."""
    return Path(out_dir) / f"{gemeente}_{year}_{level}.gpkg"


# --- PDOK WFS --------------------------------------------------------------------------------


def _fetch_boundaries(gemeente: str, year: int, level: str, pdok_url: str, client: _Client):
    """Return the districts of one gemeente from the PDOK WFS as a GeoDataFrame in RD New.

    Requests pages of at most ``PAGE_SIZE`` features, each starting where the previous one
    ended, until ``numberMatched`` features have come (or, where the server does not count,
    until an empty page). Only label properties are kept (see the module docstring).
    """
    url = pdok_url.rstrip("/") + WFS_PATH.format(year=year)
    params = {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeNames": f"wijkenbuurten:{LAYERS[level]}",
        "outputFormat": "application/json",
        "srsName": RD_NEW,
        "filter": wfs_filter(gemeente),
        "count": PAGE_SIZE,
    }
    features, matched = [], None
    for _ in range(MAX_PAGES):
        page = client.get_json(url, {**params, "startIndex": len(features)}, "PDOK")
        batch, page_matched = _check_wfs_page(page, url, len(features))
        matched = page_matched if matched is None else matched
        features.extend(batch)
        if not batch or (matched is not None and len(features) >= matched):
            break
    host = _host(url)
    if matched is not None and len(features) < matched:
        raise DownloadError(
            f"{host} sent {len(features)} of the {matched} {LAYERS[level]} it announced for {gemeente}: "
            "the answer was cut short; run fetch again", "partial", host=host, got=len(features), expected=matched)
    return _districts(features, gemeente, year, level, host)


def wfs_filter(gemeente: str) -> str:
    """The FES 2.0 filter ``gemeentecode = GM1916`` as the WFS ``filter`` parameter wants it."""
    return (
        f'<fes:Filter xmlns:fes="{_FES}"><fes:PropertyIsEqualTo>'
        "<fes:ValueReference>gemeentecode</fes:ValueReference>"
        f"<fes:Literal>{gemeente}</fes:Literal>"
        "</fes:PropertyIsEqualTo></fes:Filter>"
    )


def _check_wfs_page(page, url: str, start: int) -> tuple[list, int | None]:
    host = _host(url)
    if not isinstance(page, dict) or page.get("type") != "FeatureCollection" or not isinstance(
            page.get("features"), list):
        raise DownloadError(f"{host} did not send a GeoJSON FeatureCollection: check --pdok-url", "invalid",
                            host=host)
    features = page["features"]
    returned = _count(page.get("numberReturned"))
    if returned is not None and returned != len(features):
        raise DownloadError(
            f"{host} sent a page with {len(features)} features where it says numberReturned={returned} "
            f"(from feature {start}): the answer was cut short; run fetch again", "partial", host=host,
            got=len(features), expected=returned)
    if not all(isinstance(f, dict) and isinstance(f.get("properties"), dict) for f in features):
        raise DownloadError(f"{host} sent features without properties: check --pdok-url", "invalid", host=host)
    return features, _count(page.get("numberMatched"))


def _count(value) -> int | None:
    """A WFS count, or None where the server does not know (``"unknown"``) or does not say."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _districts(features: list[dict], gemeente: str, year: int, level: str, host: str) -> gpd.GeoDataFrame:
    code_column = f"{level}code"
    rows = []
    for feature in features:
        properties = feature["properties"]
        own = normalise_code(properties.get(code_column), level)
        if own is None or own[2:6] != gemeente[2:]:
            continue  # not a district of this gemeente: a server that ignored the filter
        row = {key: properties.get(key) for key in _PDOK_LABELS if key in properties}
        row[code_column] = own
        row["gemeentecode"] = gemeente
        row["geometry"] = feature.get("geometry")
        rows.append(row)
    if not rows:
        raise DownloadError(
            f"{host} has no {LAYERS[level]} of {gemeente} in {year}: check the gemeente code (codes change "
            "when gemeenten merge) and the year", "empty", host=host, gemeente=gemeente, year=year)
    try:
        geometry = [shape(row.pop("geometry")) if row.get("geometry") else None for row in rows]
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException) as error:
        raise DownloadError(f"{host} sent a feature with broken geometry ({error}): check --pdok-url", "invalid",
                            host=host)
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geometry, crs=RD_NEW)
    frame = _in_rd(frame)
    if "jaar" not in frame.columns or frame["jaar"].isna().all():
        frame["jaar"] = year
    if frame[code_column].duplicated().any():
        frame = frame.drop_duplicates(code_column)
    order = [c for c in (code_column, f"{level}naam", *_PDOK_LABELS) if c in frame.columns]
    order = list(dict.fromkeys(order))
    return frame[order + ["geometry"]].sort_values(code_column).reset_index(drop=True)


def _in_rd(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Coordinates in degrees (a server that ignored ``srsName``) are WGS84: reproject them."""
    minx, miny, maxx, maxy = frame.total_bounds
    if -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90:
        return frame.set_crs(WGS84, allow_override=True).to_crs(RD_NEW)
    return frame


# --- CBS OData ---------------------------------------------------------------------------------


def odata_filter(gemeente: str, level: str) -> str:
    """``WijkenEnBuurten eq 'GM1916    ' or startswith(WijkenEnBuurten,'WK1916')``: keys padded to 10."""
    return (f"WijkenEnBuurten eq '{gemeente:<10}' or "
            f"startswith(WijkenEnBuurten,'{PREFIXES[level]}{gemeente[2:]}')")


def _fetch_figures(gemeente: str, year: int, level: str, cbs_url: str, client: _Client):
    """Return the KWB figures of the gemeente and its wijken or buurten as a ``Table``.

    Figures are named by stem (``indicators.io.odata.read_odata``); the code column holds the
    normalised codes.
    """
    table = KWB_TABLES[year]
    base = cbs_url.rstrip("/") + ODATA_PATH.format(table=table)
    properties = _odata_values(client, f"{base}/DataProperties", {"$format": "json"}, cbs_url)
    rows = _odata_values(client, f"{base}/TypedDataSet",
                         {"$filter": odata_filter(gemeente, level), "$format": "json"}, cbs_url)
    host = _host(base)
    prefix = PREFIXES[level] + gemeente[2:]
    if not any(isinstance(row, dict) and str(row.get("WijkenEnBuurten", "")).strip().startswith(prefix)
               for row in rows):
        raise DownloadError(
            f"CBS table {table} at {host} has no figures for the {LAYERS[level]} of {gemeente}: check the "
            "gemeente code (codes change when gemeenten merge) and the year", "empty", host=host, table=table)
    figures = read_odata(rows, properties, source=f"CBS {table}")
    figures.data[figures.code_column] = normalise_codes(figures.data[figures.code_column])
    return figures


def _odata_values(client, url: str, params: dict, base: str) -> list:
    """The ``value`` arrays of an OData v3 answer and of every page its ``odata.nextLink`` names."""
    host = _host(url)
    values, seen = [], set()
    for _ in range(MAX_PAGES):
        page = client.get_json(url, params, "CBS")
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise DownloadError(f"{host} sent no OData 'value' list for {urlsplit(url).path}: check --cbs-url",
                                "invalid", host=host)
        values.extend(page["value"])
        following = page.get("odata.nextLink")
        if not following:
            return values
        url, params = _same_base(str(following), base), None
        if url in seen:
            raise DownloadError(f"{host} sent a paging link that points back to itself: check --cbs-url",
                                "invalid", host=host)
        seen.add(url)
    raise DownloadError(f"{host} sent more than {MAX_PAGES} pages: check --cbs-url", "invalid", host=host)


def _same_base(link: str, base: str) -> str:
    """Point a next link at the configured scheme and host (a mirror's links name the original)."""
    parts, wanted = urlsplit(link), urlsplit(base)
    if not parts.scheme:
        return base.rstrip("/") + "/" + link.lstrip("/")
    return urlunsplit((wanted.scheme, wanted.netloc, parts.path, parts.query, ""))


# --- the national rows (issue #19) ------------------------------------------------------------

NATIONAL_CODE = "NL00"


def national_file(out_dir, year: int) -> Path:
    """``DIR/nederland_{year}_{table}.json``: the national rows of a year, beside the gemeenten fetched."""
    return Path(out_dir) / f"nederland_{year}_{KWB_TABLES[year]}.json"


def national_filter() -> str:
    """``WijkenEnBuurten eq 'NL00      ' or startswith(WijkenEnBuurten,'GM')``: Nederland and every gemeente."""
    return f"WijkenEnBuurten eq '{NATIONAL_CODE:<10}' or startswith(WijkenEnBuurten,'GM')"


def _fetch_national(year: int, cbs_url: str, client: _Client) -> tuple[list, list]:
    """The NL00 row and the rows of every gemeente of the year's KWB table, with its DataProperties.

    One request for the whole country (343 rows), the same URL for every gemeente: cached once.
    """
    table = KWB_TABLES[year]
    base = cbs_url.rstrip("/") + ODATA_PATH.format(table=table)
    properties = _odata_values(client, f"{base}/DataProperties", {"$format": "json"}, cbs_url)
    rows = _odata_values(client, f"{base}/TypedDataSet", {"$filter": national_filter(), "$format": "json"}, cbs_url)
    keys = [str(row.get("WijkenEnBuurten", "")).strip() if isinstance(row, dict) else "" for row in rows]
    rows = [row for row, key in zip(rows, keys) if key.startswith("GM") or key == NATIONAL_CODE]
    if not any(key.startswith("GM") for key in keys):
        host = _host(base)
        raise DownloadError(f"CBS table {table} at {host} sent no gemeente rows for the national comparison: "
                            "check --cbs-url", "empty", host=host, table=table)
    return rows, properties


def _write_national(path: Path, rows: list, properties: list) -> list[str]:
    """Write the national rows as the OData answer and its DataProperties beside them; notes on what is absent."""
    table = path.stem.split("_")[-1]
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path.parent / f"{table}_DataProperties.json") as temporary:
        Path(temporary).write_text(json.dumps(properties, ensure_ascii=False), encoding="utf-8")
    with atomic_output(path) as temporary:
        Path(temporary).write_text(json.dumps({"value": rows}, ensure_ascii=False), encoding="utf-8")
    if not any(str(row.get("WijkenEnBuurten", "")).strip() == NATIONAL_CODE for row in rows):
        return [f"the KWB table has no row for Nederland ({NATIONAL_CODE}): reports show no national figure"]
    return []


def _readable(path: Path) -> bool:
    """True when the year's national file is there and holds rows: it is not fetched again."""
    try:
        return bool(json.loads(path.read_text(encoding="utf-8")).get("value"))
    except (OSError, ValueError, AttributeError):
        return False


# --- combining ---------------------------------------------------------------------------------


def _combine(districts: gpd.GeoDataFrame, figures, gemeente: str, level: str):
    """Attach the figures to the districts by code; the gemeente row becomes its own layer."""
    code_column = f"{level}code"
    data = figures.data.copy()
    for column in figures.figures:
        secret = figures.status[column] == SECRET
        if secret.any():
            data[column] = data[column].mask(secret, SECRET_SENTINEL)
    codes = data[figures.code_column]
    taken = {c.lower() for c in districts.columns}
    keep = [c for c in data.columns
            if c != figures.code_column and c not in _KWB_DROPPED and c != figures.name_column
            and c.lower() not in taken]
    rows = data.loc[codes.str.startswith(PREFIXES[level], na=False), keep].copy()
    rows[code_column] = codes[rows.index]
    rows = rows.drop_duplicates(code_column)
    frame = districts.merge(rows, on=code_column, how="left")
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=districts.crs)
    notes = []
    unmatched = sorted(set(rows[code_column]) - set(districts[code_column]))
    if unmatched:
        notes.append(f"{len(unmatched)} {LAYERS[level]} in the KWB table have no boundary: {_some(unmatched)}")
    missing = sorted(set(districts[code_column]) - set(rows[code_column]))
    if missing:
        notes.append(f"{len(missing)} {LAYERS[level]} have no KWB figures: {_some(missing)}")

    own = data.loc[codes == gemeente, keep]
    gemeente_row = None
    if not own.empty:
        outline = shapely.make_valid(shapely.union_all(districts.geometry.values))
        names = districts["gemeentenaam"].dropna() if "gemeentenaam" in districts else pd.Series(dtype=object)
        head = pd.DataFrame({"gemeentecode": [gemeente], "gemeentenaam": [names.iloc[0] if len(names) else None]})
        labels = [c for c in ("jrstatcode", "jaar") if c in districts.columns]
        for column in labels:
            value = districts[column].dropna().iloc[0] if districts[column].notna().any() else None
            head[column] = f"{str(value)[:4]}{gemeente}" if column == "jrstatcode" and value else value
        body = own.iloc[:1].reset_index(drop=True)
        body = body[[c for c in body.columns if c.lower() not in {h.lower() for h in head.columns}]]
        gemeente_row = gpd.GeoDataFrame(pd.concat([head, body], axis=1), geometry=[outline], crs=districts.crs)
    else:
        notes.append(f"the KWB table has no row for {gemeente} itself")
    return frame, gemeente_row, notes


def _some(codes: list[str], limit: int = 10) -> str:
    return ", ".join(codes[:limit]) + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


# --- HTTP with a cache -----------------------------------------------------------------------


def _base_url(given: str | None, default: str, option: str) -> str:
    if given is None:
        return default
    parts = urlsplit(str(given).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DownloadError(f"{option} should be a scheme and host such as {default}, got {given!r} instead",
                            "input", argument=option, value=str(given))
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def cache_key(url: str) -> str:
    """The key of a full request URL in the cache (file ``http-{key}.json``)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


class _Client:
    """GET JSON over one ``requests`` session, answered from the cache where it can be.

    New answers wait in memory until ``commit``: a download that fails halfway leaves the cache
    as it was.
    """

    def __init__(self, cache_dir: Path, timeout):
        self.cache_dir = Path(cache_dir)
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        self.pending: dict[str, tuple[str, object]] = {}
        self.requests = 0
        self.hits = 0

    def get_json(self, url: str, params: dict | None, service: str):
        full = requests.Request("GET", url, params=params).prepare().url
        key = cache_key(full)
        if key in self.pending:
            return self.pending[key][1]
        cached = self._read_cache(key, full)
        if cached is not None:
            self.hits += 1
            return cached["response"]
        answer = self._download(full, service)
        self.pending[key] = (full, answer)
        return answer

    def _download(self, url: str, service: str):
        host = _host(url)
        option = "--pdok-url" if service == "PDOK" else "--cbs-url"
        self.requests += 1
        try:
            response = self.session.get(url, timeout=self.timeout)
        except requests.Timeout:
            raise DownloadError(f"{host} did not answer within {self.timeout[1]:g} s: the service is slow or down; "
                                "try again later", "timeout", host=host)
        except requests.ConnectionError:
            raise DownloadError(f"no connection to {host}: check the network or use {option}", "offline", host=host)
        except requests.RequestException as error:
            raise DownloadError(f"request to {host} failed ({type(error).__name__}): check {option}", "offline",
                                host=host)
        if response.status_code >= 400:
            hint = "try again later" if response.status_code >= 500 or response.status_code == 429 else (
                f"check the gemeente, the year and {option}")
            said = _error_text(response)
            raise DownloadError(
                f"{host} answered HTTP {response.status_code} {response.reason or ''}".rstrip()
                + (f" ({said})" if said else "") + f": {hint}", "http", host=host, status=response.status_code)
        try:
            return json.loads(response.content)
        except ValueError:
            said = _exception_text(response.content)
            if said:
                raise DownloadError(f"{host} reported an error: {said}; check {option}", "http", host=host,
                                    status=response.status_code)
            raise DownloadError(f"{host} did not answer in JSON ({_content_type(response)}): check {option} or "
                                "try again later", "invalid", host=host)

    def _read_cache(self, key: str, url: str):
        path = self.cache_dir / f"http-{key}.json"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent or damaged: download again
        if not isinstance(entry, dict) or entry.get("url") != url or "response" not in entry:
            return None
        return entry

    def commit(self) -> None:
        """Write the answers of a download that passed every check into the cache."""
        if not self.pending:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
            for key, (url, answer) in self.pending.items():
                _write_json(self.cache_dir / f"http-{key}.json", {"url": url, "fetched": stamp, "response": answer})
        except OSError as error:
            raise DownloadError(f"cannot write the cache folder '{self.cache_dir}' ({error.strerror or error}): "
                                "choose another with --cache", "input", argument="cache", value=str(self.cache_dir))
        self.pending.clear()


def _write_json(path: Path, content) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".cache-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(content, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _content_type(response) -> str:
    return (response.headers.get("Content-Type") or "no content type").split(";")[0].strip()


def _error_text(response) -> str:
    """The message of an OData error body (``{"odata.error": {"message": {"value": ...}}}``) or an OWS report."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return _exception_text(response.content)
    error = body.get("odata.error") if isinstance(body, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    text = message.get("value") if isinstance(message, dict) else message
    return _one_line(text) if isinstance(text, str) else ""


def _exception_text(content: bytes) -> str:
    """The ``ExceptionText`` of an OWS ExceptionReport (MapServer answers errors this way, HTTP 200)."""
    head = content[:20000]
    if b"ExceptionReport" not in head:
        return ""
    try:
        root = ElementTree.fromstring(head)
    except ElementTree.ParseError:
        return "an exception report"
    texts = [el.text for el in root.iter() if el.tag.endswith("ExceptionText") and el.text]
    return _one_line(texts[0]) if texts else "an exception report"


def _one_line(text: str, limit: int = 200) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."
