"""Download from PDOK and CBS, run for real against a local server that answers in their wire formats.

``FakeServices`` is one HTTP server on 127.0.0.1 playing both services:

- PDOK WFS 2.0 at ``/cbs/wijkenbuurten/2024/wfs/v1_0``: GetFeature on ``wijkenbuurten:wijken`` or
  ``:buurten``, GeoJSON FeatureCollections with ``numberMatched``/``numberReturned``, features in
  RD New without a ``crs`` member (as PDOK sends them), camelCase properties, ids like
  ``wijken.<uuid>``, the FES 2.0 ``filter`` on ``gemeentecode`` applied, at most ``wfs_page``
  features a page whatever ``count`` asks; parameter names case-insensitive, errors as OWS
  ExceptionReports.
- CBS OData v3 at ``/ODataApi/odata/85984NED``: the real 2024 ``DataProperties`` in the
  ``{"odata.metadata", "value"}`` envelope, and a ``TypedDataSet`` of rows in the real shape (every
  key of DataProperties, region keys padded to 10 characters, nulls) whose ``$filter`` understands
  ``eq`` on a padded key and ``startswith``, joined by ``or``; pages of ``odata_page`` rows linked by
  ``odata.nextLink``; errors as ``{"odata.error": ...}``.

Geometry is real: the 13 wijken of Leidschendam-Voorburg (GM1916) in RD New, and as buurten each
wijk cut in two. Figures of GM1916 and its wijken for 8 columns are the real KWB 2024 values.
Tests set ``fault`` (and friends) on the server to make it misbehave the way real services do.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import uuid
import xml.etree.ElementTree as ElementTree
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import box, mapping

from geo.boundaries import read_boundaries
from indicators.core.values import MISSING, OK, SECRET
from indicators.io.download import (
    DownloadError,
    cache_key,
    download_gemeente,
    odata_filter,
    wfs_filter,
)

GEMEENTE = "GM1916"
GEMEENTENAAM = "Leidschendam-Voorburg"
TABLE = "85984NED"
WFS_PATH = "/cbs/wijkenbuurten/2024/wfs/v1_0"
ODATA_BASE = f"/ODataApi/odata/{TABLE}"
FES = "{http://www.opengis.net/fes/2.0}"
FAST = (2.0, 5.0)


# --- the data the server holds -------------------------------------------------------------------


def _round(geometry):
    return shapely.set_precision(geometry, 0.001)


def build_features(real_file) -> dict[str, list[dict]]:
    """PDOK wijken and buurten of GM1916 (and a decoy wijk of another gemeente), as PDOK sends them."""
    wijken = gpd.read_file(real_file("wijken_2025_GM1916_subset.geojson")).to_crs("EPSG:28992")
    out = {"wijken": [], "buurten": []}

    def props(code_key, code, naam, extra, inwoners):
        return {
            code_key: code, f"{code_key[:-4]}naam": naam, **extra, "gemeentecode": f"GM{code[2:6]}",
            "gemeentenaam": GEMEENTENAAM if code[2:6] == "1916" else "Rotterdam", "water": "NEE",
            "meestVoorkomendePostcode": "2271", "aantalInwoners": inwoners, "mannen": -99999999,
            "jrstatcode": f"2024{code}", "jaar": 2024,
        }

    for row in wijken.itertuples():
        geometry = _round(row.geometry)
        out["wijken"].append({"type": "Feature", "id": f"wijken.{uuid.uuid4()}", "geometry": mapping(geometry),
                              "properties": props("wijkcode", row.wijkcode, row.wijknaam, {}, row.aantal_inwoners)})
        minx, miny, maxx, maxy = geometry.bounds
        middle = geometry.centroid.x
        for number, half in (("01", box(minx - 1, miny - 1, middle, maxy + 1)),
                             ("02", box(middle, miny - 1, maxx + 1, maxy + 1))):
            part = _round(geometry.intersection(half))
            code = f"BU{row.wijkcode[2:]}{number}"
            extra = {"wijkcode": row.wijkcode, "wijknaam": row.wijknaam}
            side = "west" if number == "01" else "oost"
            out["buurten"].append({"type": "Feature", "id": f"buurten.{uuid.uuid4()}", "geometry": mapping(part),
                                   "properties": props("buurtcode", code, f"{row.wijknaam} {side}", extra, 100)})
    decoy = dict(out["wijken"][0], id=f"wijken.{uuid.uuid4()}")
    decoy["properties"] = props("wijkcode", "WK059901", "Stadsdriehoek", {}, 2000)
    out["wijken"].append(decoy)
    return out


REAL_COLUMNS = ("AantalInwoners_5", "Mannen_6", "Vrouwen_7", "Bevolkingsdichtheid_34", "Woningvoorraad_35",
                "OppervlakteTotaal_122", "OppervlakteLand_123", "OppervlakteWater_124")
BIJSTAND, ZELFSTANDIGEN, INKOMEN = ("PersonenPerSoortUitkeringBijstand_94", "PercentageZelfstandigen_80",
                                    "GemiddeldInkomenPerInwoner_83")
NO_BIJSTAND = "WK191605"  # its bijstand cell is null, as KWB cells of small areas are


def build_rows(properties: list[dict], real_values: dict, wijk_codes: list[str]) -> list[dict]:
    """TypedDataSet rows in the real shape: every key, padded region keys, numbers and nulls."""
    regions = [("GM1916", "Gemeente"), *((c, "Wijk") for c in wijk_codes)]
    regions += [(f"BU{c[2:]}{n}", "Buurt") for c in wijk_codes for n in ("01", "02")]
    regions += [("GM0599", "Gemeente"), ("WK059901", "Wijk"), ("BU05990101", "Buurt")]
    topics = [p for p in properties if p.get("Type") == "Topic"]
    rows = []
    for number, (code, kind) in enumerate(regions):
        row = {"ID": number, "WijkenEnBuurten": f"{code:<10}"}
        for position, prop in enumerate(topics):
            key, datatype = prop["Key"], prop.get("Datatype")
            if datatype == "String":
                value = {"Gemeentenaam_1": (GEMEENTENAAM if "1916" in code else "Rotterdam").ljust(40),
                         "SoortRegio_2": kind.ljust(10), "Codering_3": f"{code:<10}",
                         "MeestVoorkomendePostcode_125": "2271  "}.get(key, "1         ")
            elif (number + position) % 23 == 0:
                value = None
            elif datatype == "Long":
                value = (number * 37 + position * 11) % 900 + 10
            else:
                value = round(((number * 13 + position * 7) % 500) / 10, 1)
            row[key] = value
        source = real_values.get(code) or real_values.get(code[:8].replace("BU", "WK"))
        for key in REAL_COLUMNS:
            value = (source or {}).get(key)
            row[key] = value if kind != "Buurt" or value is None else int(round(value / 2 / 5) * 5)
        row[BIJSTAND] = None if code == NO_BIJSTAND else 10 * (number + 3)
        row[ZELFSTANDIGEN] = 10.0 + number / 2
        row[INKOMEN] = 30.0 + number / 10
        rows.append(row)
    return rows


# --- the server ------------------------------------------------------------------------------


class FakeServices:
    """PDOK WFS and CBS OData v3 on 127.0.0.1, recording every request."""

    def __init__(self, features, properties, rows, wfs_page=5, odata_page=10):
        self.features, self.properties, self.rows = features, properties, rows
        self.wfs_page, self.odata_page = wfs_page, odata_page
        self.requests: list[dict] = []
        self.fault: dict = {}  # {"where": "wfs" | "rows" | "properties", "what": ..., ...}
        self.next_host: str | None = None  # host named in odata.nextLink (default: this server)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def seen(self, where: str) -> list[dict]:
        return [r for r in self.requests if r["where"] == where]

    def _handler(self):
        services = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                status, content_type, body = services.answer(parts.path, query, self.headers)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test)

        return Handler

    # routing and faults

    def answer(self, path: str, query: dict, headers) -> tuple[int, str, bytes]:
        where = "wfs" if path == WFS_PATH else "properties" if path == f"{ODATA_BASE}/DataProperties" else (
            "rows" if path == f"{ODATA_BASE}/TypedDataSet" else "other")
        self.requests.append({"where": where, "path": path, "query": query,
                              "user_agent": headers.get("User-Agent", "")})
        fault = self.fault if self.fault.get("where") == where else {}
        page_number = len(self.seen(where))
        if fault and fault.get("page", 1) not in ("all", page_number):
            fault = {}  # a fault hits page 1 only, or the page named, or "all"
        what = fault.get("what")
        if what == "slow":
            time.sleep(fault.get("seconds", 1.0))
        if what == "status":
            return fault["status"], "application/json", json.dumps(
                {"odata.error": {"code": "", "message": {"lang": "en-US", "value": fault.get("message", "Oops")}}}
            ).encode()
        if what == "html":
            return 200, "text/html", b"<html><body>Service Unavailable</body></html>"
        if what == "truncated":
            return 200, "application/json", b'{"type":"FeatureCollection","features":[{"type":"Fea'
        if where == "wfs":
            return self.wfs(query, fault)
        if where == "properties":
            return self.odata({"odata.metadata": f"{self.url}/ODataApi/OData/{TABLE}/$metadata"
                                                 "#Cbs.OData.WebAPI.DataProperties", "value": self.properties}, fault)
        if where == "rows":
            return self.typed_dataset(path, query, fault)
        return 404, "application/json", json.dumps(
            {"odata.error": {"code": "", "message": {"lang": "en-US", "value": "No HTTP resource was found"}}}
        ).encode()

    def exception_report(self, text: str) -> tuple[int, str, bytes]:
        body = ('<?xml version="1.0" encoding="UTF-8"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1"'
                ' version="2.0.0"><ows:Exception exceptionCode="InvalidParameterValue"><ows:ExceptionText>'
                f"{text}</ows:ExceptionText></ows:Exception></ows:ExceptionReport>")
        return 200, "text/xml; charset=UTF-8", body.encode()

    def wfs(self, query: dict, fault: dict) -> tuple[int, str, bytes]:
        q = {k.lower(): v for k, v in query.items()}
        if fault.get("what") == "exception":
            return self.exception_report("msWFSGetFeature(): WFS server error. Invalid or Unsupported FILTER")
        expected = {"service": "WFS", "version": "2.0.0", "request": "GetFeature",
                    "outputformat": "application/json", "srsname": "EPSG:28992"}
        for key, value in expected.items():
            if q.get(key) != value:
                return self.exception_report(f"{key}={q.get(key)!r} is not supported here")
        layer = {"wijkenbuurten:wijken": "wijken", "wijkenbuurten:buurten": "buurten"}.get(q.get("typenames"))
        if layer is None:
            return self.exception_report(f"TYPENAME '{q.get('typenames')}' doesn't exist in this server")
        try:
            root = ElementTree.fromstring(q["filter"])
            name = root.find(f"{FES}PropertyIsEqualTo/{FES}ValueReference").text
            literal = root.find(f"{FES}PropertyIsEqualTo/{FES}Literal").text
        except (KeyError, ElementTree.ParseError, AttributeError):
            return self.exception_report("Invalid or Unsupported FILTER in GetFeature")
        features = self.features[layer]
        if fault.get("what") != "ignore_filter":
            features = [f for f in features if f["properties"].get(name) == literal]
        start, count = int(q.get("startindex", 0)), min(int(q.get("count", 10)), self.wfs_page)
        page = features[start:start + count]
        matched = len(features)
        if fault.get("what") == "short_page":
            body = {"type": "FeatureCollection", "numberMatched": matched, "numberReturned": len(page),
                    "features": page[:-1]}
        else:
            body = {"type": "FeatureCollection", "numberMatched": matched + fault.get("extra", 0),
                    "numberReturned": len(page), "timeStamp": "2025-01-24T10:00:00Z", "features": page}
        if fault.get("what") == "no_counts":
            del body["numberMatched"], body["numberReturned"]
        return 200, "application/json; subtype=geojson; charset=utf-8", json.dumps(body).encode()

    def odata(self, body: dict, fault: dict) -> tuple[int, str, bytes]:
        if fault.get("what") == "no_value":
            body = {k: v for k, v in body.items() if k != "value"}
        return 200, "application/json;odata=minimalmetadata;streaming=true;charset=utf-8", json.dumps(body).encode()

    def typed_dataset(self, path: str, query: dict, fault: dict) -> tuple[int, str, bytes]:
        if query.get("$format", "json") != "json":
            return 415, "application/json", b"{}"
        rows = self.rows
        if "$filter" in query:
            keep = self.odata_filter(query["$filter"])
            if keep is None:
                return 400, "application/json", json.dumps({"odata.error": {"code": "", "message": {
                    "lang": "en-US", "value": "The query specified in the URI is not valid."}}}).encode()
            rows = [r for r in rows if keep(r["WijkenEnBuurten"])]
        skip = int(query.get("$skip", 0))
        body = {"odata.metadata": f"{self.url}/ODataApi/OData/{TABLE}/$metadata#Cbs.OData.WebAPI.TypedDataSet",
                "value": rows[skip:skip + self.odata_page]}
        if skip + self.odata_page < len(rows):
            following = {k: v for k, v in query.items() if k != "$skip"} | {"$skip": skip + self.odata_page}
            host = self.next_host or self.url
            body["odata.nextLink"] = f"{host}{path}?{urlencode(following, quote_via=quote)}"
        return self.odata(body, fault)

    @staticmethod
    def odata_filter(text: str):
        tests = []
        for part in text.split(" or "):
            equal = re.fullmatch(r"\s*WijkenEnBuurten eq '([^']*)'\s*", part)
            starts = re.fullmatch(r"\s*startswith\(WijkenEnBuurten,\s*'([^']*)'\)\s*", part)
            if equal:
                tests.append(lambda key, value=equal.group(1): key == value)  # padded keys compare padded
            elif starts:
                tests.append(lambda key, value=starts.group(1): key.startswith(value))
            else:
                return None
        return lambda key: any(test(key) for test in tests)


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def services(wire_data):
    server = FakeServices(*wire_data)
    yield server
    server.stop()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(services, tmp_path, level="wijk", out="out", **kwargs):
    kwargs.setdefault("pdok_url", services.url)
    kwargs.setdefault("cbs_url", services.url)
    kwargs.setdefault("cache_dir", tmp_path / "cache")
    kwargs.setdefault("timeout", FAST)
    return download_gemeente(kwargs.pop("gemeente", GEMEENTE), kwargs.pop("year", 2024), level, tmp_path / out,
                             **kwargs)


def layer(path, name):
    return pyogrio.read_dataframe(path, layer=name)


# --- success -------------------------------------------------------------------------------------


def test_wijk_download_writes_boundaries_with_kwb_figures(services, tmp_path):
    result = fetch(services, tmp_path)
    assert result.path == tmp_path / "out" / "GM1916_2024_wijk.gpkg"
    assert (result.districts, result.with_figures, result.table) == (13, 13, TABLE)
    assert [name for name, _ in pyogrio.list_layers(result.path)] == ["wijken", "gemeenten"]

    wijken = layer(result.path, "wijken")
    assert wijken.crs.to_epsg() == 28992
    assert list(wijken.columns[:4]) == ["wijkcode", "wijknaam", "gemeentecode", "gemeentenaam"]
    assert wijken["wijkcode"].tolist() == [f"WK1916{n:02d}" for n in range(1, 14)]
    assert wijken["wijknaam"].iloc[1] == "Prinsenhof"
    for stem in ("AantalInwoners", "PersonenPerSoortUitkeringBijstand", "PercentageZelfstandigen",
                 "GemiddeldInkomenPerInwoner", "BedrijfsvestigingenTotaal", "HerkomstlandNederland"):
        assert stem in wijken.columns
    # PDOK's copies of the figures are left out: one spelling per figure
    assert not {"aantalInwoners", "mannen", "Gemeentenaam", "WijkenEnBuurten", "Codering"} & set(wijken.columns)
    first = wijken.set_index("wijkcode").loc["WK191601"]
    assert (first["AantalInwoners"], first["Woningvoorraad"]) == (5370, 2547)  # real KWB 2024
    assert first["jrstatcode"] == "2024WK191601" and first["water"] == "NEE"

    gemeente = layer(result.path, "gemeenten")
    assert gemeente["gemeentecode"].tolist() == ["GM1916"]
    assert gemeente["AantalInwoners"].tolist() == [78229]
    assert gemeente.geometry.iloc[0].area == pytest.approx(wijken.geometry.union_all().area, rel=1e-6)


@pytest.mark.slow
def test_geopackage_reads_back_as_wijken_with_statuses(services, tmp_path):
    path = fetch(services, tmp_path).path
    boundaries = read_boundaries(path)
    assert boundaries.report.level == "wijk"
    assert boundaries.report.features == 13
    assert boundaries.report.years == [2024]
    table = boundaries.table
    assert {"AantalInwoners", "PersonenPerSoortUitkeringBijstand", "PercentageZelfstandigen",
            "GemiddeldInkomenPerInwoner"} <= set(table.figures)
    status = table.status.set_index(table.data["code"])
    assert status.loc[NO_BIJSTAND, "PersonenPerSoortUitkeringBijstand"] == MISSING  # KWB null = missing
    assert (status.drop(NO_BIJSTAND)["PersonenPerSoortUitkeringBijstand"] == OK).all()
    assert (status["AantalInwoners"] == OK).all()
    values = table.data.set_index("code")
    assert values.loc["WK191601", "AantalInwoners"] == 5370
    assert values.loc["WK191602", "naam"] == "Prinsenhof"
    assert str(table.data["AantalInwoners"].dtype) == "Int64"


def test_buurt_download(services, tmp_path):
    result = fetch(services, tmp_path, level="buurt")
    assert result.path.name == "GM1916_2024_buurt.gpkg"
    buurten = layer(result.path, "buurten")
    assert list(buurten.columns[:4]) == ["buurtcode", "buurtnaam", "wijkcode", "wijknaam"]
    assert len(buurten) == 26 and buurten["buurtcode"].iloc[0] == "BU19160101"
    assert buurten["wijkcode"].iloc[0] == "WK191601"
    assert buurten["AantalInwoners"].iloc[0] == 2685  # half of 5370, rounded to 5 like CBS buurt counts
    boundaries = read_boundaries(result.path)
    assert boundaries.report.level == "buurt"
    assert boundaries.table.data["wijkcode"].iloc[0] == "WK191601"
    assert "PersonenPerSoortUitkeringBijstand" in boundaries.table.figures


def test_secret_cells_and_rows_without_a_boundary(services, tmp_path):
    rows = [dict(r) for r in services.rows]
    secret = next(r for r in rows if r["WijkenEnBuurten"] == "WK191602  ")
    secret[BIJSTAND] = -99997  # a CBS secret sentinel, should one come through
    rows.append(dict(secret, ID=999, WijkenEnBuurten="WK191699  "))
    services.rows = rows
    result = fetch(services, tmp_path)
    assert result.notes == ["1 wijken in the KWB table have no boundary: WK191699"]
    table = read_boundaries(result.path).table
    status = table.status.set_index(table.data["code"])
    assert status.loc["WK191602", "PersonenPerSoortUitkeringBijstand"] == SECRET
    assert layer(result.path, "wijken").set_index("wijkcode").loc["WK191602", "PersonenPerSoortUitkeringBijstand"] \
        == -99997


def test_requests_have_the_real_shapes(services, tmp_path):
    fetch(services, tmp_path)
    wfs = services.seen("wfs")
    query = wfs[0]["query"]
    assert {k: query[k] for k in ("service", "version", "request", "typeNames", "outputFormat", "srsName")} == {
        "service": "WFS", "version": "2.0.0", "request": "GetFeature", "typeNames": "wijkenbuurten:wijken",
        "outputFormat": "application/json", "srsName": "EPSG:28992"}
    assert query["filter"] == wfs_filter(GEMEENTE)
    assert "<fes:ValueReference>gemeentecode</fes:ValueReference><fes:Literal>GM1916</fes:Literal>" in query["filter"]
    assert query["count"] == "1000"
    assert [r["query"]["startIndex"] for r in wfs] == ["0", "5", "10"]  # pages of 5, advanced by what came
    rows = services.seen("rows")
    assert rows[0]["query"]["$filter"] == "WijkenEnBuurten eq 'GM1916    ' or startswith(WijkenEnBuurten,'WK1916')"
    assert rows[0]["query"]["$filter"] == odata_filter(GEMEENTE, "wijk")
    assert [r["query"].get("$skip") for r in rows] == [None, "10"]  # followed odata.nextLink
    assert len(services.seen("properties")) == 1
    assert all(r["user_agent"].startswith("Wijkverkenner/") for r in services.requests)


def test_buurt_requests_page_through_both_services(services, tmp_path):
    result = fetch(services, tmp_path, level="buurt")
    assert [r["query"]["startIndex"] for r in services.seen("wfs")] == [str(n) for n in range(0, 26, 5)]
    assert services.seen("wfs")[0]["query"]["typeNames"] == "wijkenbuurten:buurten"
    assert [r["query"].get("$skip") for r in services.seen("rows")] == [None, "10", "20"]  # 27 rows
    assert result.requests == 6 + 3 + 1 and result.from_cache == 0


def test_second_run_uses_the_cache_with_the_server_stopped(services, tmp_path):
    first = fetch(services, tmp_path, out="first")
    cached = sorted((tmp_path / "cache").glob("http-*.json"))
    assert len(cached) == first.requests == 3 + 2 + 1
    entry = json.loads(cached[0].read_text(encoding="utf-8"))
    assert cached[0].stem == "http-" + cache_key(entry["url"]) and entry["url"].startswith(services.url)
    services.stop()
    second = fetch(services, tmp_path, out="second")
    assert (second.requests, second.from_cache) == (0, 6)
    for name in ("wijken", "gemeenten"):
        pd.testing.assert_frame_equal(layer(first.path, name), layer(second.path, name))


def test_cache_is_keyed_by_the_full_url(services, tmp_path):
    fetch(services, tmp_path)
    buurt = fetch(services, tmp_path, level="buurt")
    assert buurt.from_cache == 1  # only DataProperties is shared between the levels
    assert len(list((tmp_path / "cache").glob("http-*.json"))) == 6 + 9


def test_a_failed_download_leaves_the_cache_as_it_was(services, tmp_path):
    services.fault = {"where": "rows", "what": "status", "status": 503}
    with pytest.raises(DownloadError):
        fetch(services, tmp_path)
    assert not list((tmp_path / "cache").glob("*"))
    services.fault = {}
    assert fetch(services, tmp_path).from_cache == 0


def test_pdok_and_cbs_urls_are_honoured_separately(wire_data, tmp_path):
    pdok, cbs = FakeServices(*wire_data), FakeServices(*wire_data)
    try:
        result = download_gemeente(GEMEENTE, 2024, "wijk", tmp_path, pdok_url=pdok.url + "/", cbs_url=cbs.url,
                                   cache_dir=tmp_path / "cache", timeout=FAST)
    finally:
        pdok.stop()
        cbs.stop()
    assert result.districts == 13
    assert {r["where"] for r in pdok.requests} == {"wfs"}
    assert {r["where"] for r in cbs.requests} == {"properties", "rows"}


def test_next_link_naming_the_original_host_is_sent_to_the_configured_one(services, tmp_path):
    services.next_host = "https://opendata.cbs.example.invalid"
    assert fetch(services, tmp_path).with_figures == 13
    assert [r["query"].get("$skip") for r in services.seen("rows")] == [None, "10"]


def test_a_server_that_ignores_the_filter_gives_only_this_gemeente(services, tmp_path):
    services.fault = {"where": "wfs", "what": "ignore_filter", "page": "all"}
    wijken = layer(fetch(services, tmp_path).path, "wijken")
    assert len(wijken) == 13 and wijken["wijkcode"].str.startswith("WK1916").all()


def test_pages_without_counts_are_read_until_an_empty_page(services, tmp_path):
    services.fault = {"where": "wfs", "what": "no_counts", "page": "all"}
    assert fetch(services, tmp_path).districts == 13
    assert [r["query"]["startIndex"] for r in services.seen("wfs")] == ["0", "5", "10", "13"]


def test_download_writes_the_path_it_reports_and_accepts_any_spelling(services, tmp_path):
    path = download_gemeente("1916", "2024", "wijk", tmp_path, pdok_url=services.url, cbs_url=services.url,
                             cache_dir=tmp_path / "cache").path
    assert path == tmp_path / "GM1916_2024_wijk.gpkg" and path.exists()


# --- failures -----------------------------------------------------------------------------------


def assert_fails(services, tmp_path, kind, match, **kwargs):
    with pytest.raises(DownloadError, match=match) as caught:
        fetch(services, tmp_path, **kwargs)
    assert caught.value.kind == kind
    assert "\n" not in str(caught.value)
    out = tmp_path / kwargs.get("out", "out")
    assert not out.exists() or not list(out.iterdir())  # nothing written
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
    return caught.value


def test_offline_pdok(services, tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    error = assert_fails(services, tmp_path, "offline",
                         r"^no connection to 127\.0\.0\.1:\d+: check the network or use --pdok-url$", pdok_url=url)
    assert error.details["host"] == url.split("//")[1]


def test_offline_cbs(services, tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    assert_fails(services, tmp_path, "offline", r"no connection to .*: check the network or use --cbs-url",
                 cbs_url=url)


def test_timeout(services, tmp_path):
    services.fault = {"where": "wfs", "what": "slow", "seconds": 1.0}
    assert_fails(services, tmp_path, "timeout", r"did not answer within 0\.2 s: .*try again later",
                 timeout=(2.0, 0.2))


def test_http_server_error(services, tmp_path):
    services.fault = {"where": "wfs", "what": "status", "status": 500, "page": 2}
    assert_fails(services, tmp_path, "http", r"answered HTTP 500 Internal Server Error .*: try again later")


def test_http_not_found_for_a_year_the_server_lacks(services, tmp_path):
    error = assert_fails(services, tmp_path, "http", r"answered HTTP 404 Not Found .*check the gemeente, the year",
                         year=2023)
    assert error.details["status"] == 404


def test_odata_error_message_is_passed_on(services, tmp_path):
    services.fault = {"where": "rows", "what": "status", "status": 400, "message": "The query is not valid."}
    assert_fails(services, tmp_path, "http", r"HTTP 400 Bad Request \(The query is not valid\.\)")


def test_invalid_json(services, tmp_path):
    services.fault = {"where": "properties", "what": "html"}
    assert_fails(services, tmp_path, "invalid", r"did not answer in JSON \(text/html\): check --cbs-url")


def test_truncated_json(services, tmp_path):
    services.fault = {"where": "wfs", "what": "truncated", "page": 2}
    assert_fails(services, tmp_path, "invalid", r"did not answer in JSON")


def test_wfs_exception_report(services, tmp_path):
    services.fault = {"where": "wfs", "what": "exception"}
    assert_fails(services, tmp_path, "http", r"reported an error: msWFSGetFeature\(\).*Invalid or Unsupported FILTER")


def test_page_whose_features_disagree_with_number_returned(services, tmp_path):
    services.fault = {"where": "wfs", "what": "short_page", "page": 2}
    assert_fails(services, tmp_path, "partial", r"page with 4 features where it says numberReturned=5")


def test_pages_that_fall_short_of_number_matched(services, tmp_path):
    services.fault = {"where": "wfs", "what": "extra", "extra": 2, "page": 1}
    assert_fails(services, tmp_path, "partial", r"sent 13 of the 15 wijken it announced for GM1916: .*run fetch again")


def test_odata_page_without_value(services, tmp_path):
    services.fault = {"where": "rows", "what": "no_value", "page": 2}
    assert_fails(services, tmp_path, "invalid", r"sent no OData 'value' list for .*TypedDataSet: check --cbs-url")


def test_no_districts_for_the_gemeente(services, tmp_path):
    assert_fails(services, tmp_path, "empty", r"has no wijken of GM9999 in 2024: check the gemeente code",
                 gemeente="GM9999")


def test_no_figures_for_the_gemeente(services, tmp_path):
    services.rows = [r for r in services.rows if "1916" not in r["WijkenEnBuurten"]]
    assert_fails(services, tmp_path, "empty", r"CBS table 85984NED at .* has no figures for the wijken of GM1916")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"gemeente": "XX12"}, r"'gemeente' should be a CBS gemeente code such as GM1916, got 'XX12' instead"),
        ({"gemeente": "WK191601"}, r"'gemeente' should be a CBS gemeente code"),
        ({"year": 2018}, r"'year' should be one of 2019-2024 .*got 2018 instead"),
        ({"year": "2024.5"}, r"'year' should be one of 2019-2024"),
        ({"level": "gemeente"}, r"'level' should be one of wijk, buurt, got 'gemeente' instead"),
        ({"pdok_url": "service.pdok.nl"}, r"--pdok-url should be a scheme and host such as https://service\.pdok\.nl"),
        ({"cbs_url": "ftp://x"}, r"--cbs-url should be a scheme and host"),
    ],
)
def test_bad_input_is_refused_before_any_request(services, tmp_path, kwargs, match):
    assert_fails(services, tmp_path, "input", match, **kwargs)
    assert services.requests == []


def test_out_that_is_a_file_is_refused(services, tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(DownloadError, match="is a file, not a folder"):
        fetch(services, tmp_path)
    assert services.requests == []


def test_downloads_are_cached_in_the_projects_data_folder_beside_the_prepared_layers():
    """Moved into indicators/io/, the default pointed at indicators/data/cache, a folder git tracked."""
    from geo.cache import CACHE_DIR
    from indicators.io.download import DEFAULT_CACHE
    from tests.conftest import PROJECT

    assert DEFAULT_CACHE == CACHE_DIR == PROJECT / "data" / "cache"
