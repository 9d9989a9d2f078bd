"""The web map: a folium (Leaflet) choropleth that draws offline, fast, and never runs user text.

The page carries Leaflet inline (``geo.assets``), the districts as encoded polylines
(``geo.simplify``) drawn on one canvas, and per district only a class number; colours, legend
and tooltips come from the same ``Choropleth`` as the static map. User text (names, titles,
labels) reaches the page as JSON with ``<``, ``>`` and ``&`` escaped, and is put into the page
with ``textContent`` or after ``html.escape``: a district called ``<img src=x onerror=...>``
shows as text.
"""

from __future__ import annotations

import html
import json

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.assets import leaflet_css, leaflet_data_url, leaflet_js
from geo.choropleth import MISSING_CLASS, SECRET_CLASS, Choropleth
from geo.simplify import PreparedLayer
from indicators.palettes import HIGHLIGHT_COLOR, MISSING_COLOR, OUTLINE_COLOR, SECRET_COLOR

BASEMAPS = {
    "none": None,
    "pdok_grijs": {
        "tiles": "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png",
        "attr": 'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a> (PDOK)',
        "max_zoom": 19,
    },
    "osm": {
        "tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attr": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        "max_zoom": 19,
    },
}


# Outside strings, JSON has no '<', '>', '&' and never '{{', '{%' or '{#' (an object opens with '{"' or
# '{}'), so plain replacements escape exactly the characters inside strings.
_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
            ("{{", "{\\u007b"), ("{%", "{\\u0025"), ("{#", "{\\u0023"))


def safe_json(value) -> str:
    """JSON that can sit inside a <script> element of a folium page.

    Inside strings, ``<``, ``>`` and ``&`` become escapes (no ``</script>`` can end the element),
    and so do Jinja's openers ``{{``, ``{%`` and ``{#``, in case a page is ever compiled as a
    template again: a district name or a polyline must never reach Jinja.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


class _Raw(Element):
    """Text put into the page as it is: not compiled as a template (Leaflet's code is not Jinja)."""

    def __init__(self, text: str):
        super().__init__("")
        self.text = text

    def render(self, **kwargs) -> str:
        """Return the text unchanged."""
        return self.text


def render_web_map(
    layer: PreparedLayer,
    choropleth: Choropleth,
    *,
    selected: str | None = None,
    basemap: str = "none",
    height: str = "100%",
    inline_script: bool = True,
    zoom_to_selected: bool = False,
    view: tuple[float, float, float] | None = None,
    keep_view: bool = False,
    area: str | None = None,
) -> folium.Map:
    """Build the folium map of ``choropleth`` drawn on the geometry of ``layer``.

    Parameters
    ----------
    layer : PreparedLayer
        Prepared geometry; its codes must be the choropleth's (same order).
    selected : str, optional
        Code of the district to outline.
    basemap : {'none', 'pdok_grijs', 'osm'}
        Background tiles; the map draws without them when the network is out of reach.
    zoom_to_selected : bool
        Show the selected district close up (after a search) instead of the whole area.
    view : (lat, lng, zoom), optional
        Open at this centre and zoom (a saved view's) instead of the whole area.
    keep_view : bool
        Open where the user had moved the previous map of the same area on the same page (the
        app draws a new map on every change; without this a click would reset the zoom), and
        move together with the other maps of that area on the page.
    area : str, optional
        Name of the area for ``keep_view`` (the app's dataset); by default the layer's bounds,
        which can differ slightly between two years of one municipality.
    inline_script : bool
        Put Leaflet's JavaScript in the page (a standalone file). False hands it to the map
        component as a ``data:`` URL instead: streamlit-folium loads scripts only from links and
        inserts the page header with ``innerHTML``, which never runs inline scripts.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"'basemap' should be one of {', '.join(BASEMAPS)}, got {basemap!r} instead")
    if layer.codes != choropleth.codes:
        raise ValueError("the prepared layer and the choropleth describe different districts: prepare the layer again")
    tiles = BASEMAPS[basemap]
    fmap = folium.Map(location=None, tiles=None, prefer_canvas=True, control_scale=True, height=height,
                      zoom_snap=0.25)
    # Leaflet comes from the installed package, inlined, never from a CDN.
    fmap.default_js = [] if inline_script else [("leaflet", leaflet_data_url())]
    fmap.default_css = []
    header = fmap.get_root().header
    header.add_child(_Raw(f"<style>{leaflet_css()}</style>"), name="leaflet_css")
    if inline_script:
        header.add_child(_Raw(f"<script>{leaflet_js()}</script>"), name="leaflet_js")
    header.add_child(_Raw(f"<style>{_CSS}</style>"), name="wijkverkenner_css")
    if tiles:
        folium.TileLayer(name=basemap, **tiles).add_to(fmap)
    else:
        header.add_child(_Raw("<style>.leaflet-container{background:#ffffff}</style>"), name="blank_background")
    fmap.add_child(_DistrictLayer(layer, choropleth, selected, zoom_to_selected, _check_view(view), keep_view, area))
    return fmap


def _check_view(view) -> list[float] | None:
    if view is None:
        return None
    try:
        lat, lng, zoom = (float(v) for v in view)
    except (TypeError, ValueError):
        raise ValueError(f"'view' should be (lat, lng, zoom), got {view!r} instead") from None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180 and 0 <= zoom <= 22):
        raise ValueError(f"'view' should be a latitude, longitude and zoom level 0-22, got {view!r} instead")
    return [lat, lng, zoom]


def web_map_html(layer: PreparedLayer, choropleth: Choropleth, **options) -> str:
    """One self-contained HTML page of the map, for ``cli.py render --out map.html`` and exports."""
    fmap = render_web_map(layer, choropleth, **options)
    page = fmap.get_root()
    page.header.add_child(_Raw(f"<title>{html.escape(choropleth.title)}</title>"), name="title")
    return page.render()


def pair_html(title: str, pages: list[str]) -> str:
    """Two map pages (from ``web_map_html`` with ``keep_view=True``) side by side in one offline file.

    Each map is its own document in an ``srcdoc`` frame, which shares the file's origin, so the
    two maps move together as in the app.
    """
    frames = "".join(f'<iframe title="{html.escape(title)}" srcdoc="{html.escape(page, quote=True)}"></iframe>'
                     for page in pages)
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title><style>"
        "body{margin:0;font:15px system-ui,sans-serif;color:#222}h1{font-size:22px;margin:12px 16px}"
        ".wv-pair{display:flex;gap:8px;height:calc(100vh - 60px);padding:0 8px 8px}"
        ".wv-pair iframe{flex:1;border:0;height:100%}"
        f"</style></head><body><h1>{html.escape(title)}</h1><div class=\"wv-pair\">{frames}</div></body></html>\n"
    )


def legend_html(choropleth: Choropleth) -> str:
    """The legend as escaped HTML: title, unit, one row per class with count, secret and missing, source."""
    rows = []
    for entry in choropleth.legend:
        swatch_class = "wv-swatch wv-" + entry.kind
        rows.append(
            f'<div class="wv-row"><span class="{swatch_class}" style="background:{html.escape(entry.color)}"></span>'
            f'<span class="wv-label">{html.escape(entry.label)}</span>'
            f'<span class="wv-count">({entry.count})</span></div>'
        )
    return (
        f'<div class="wv-title">{html.escape(choropleth.title)}</div>'
        + "".join(rows)
        + f'<div class="wv-source">{html.escape(choropleth.footer)}</div>'
    )


class _DistrictLayer(MacroElement):
    """All districts as canvas polygons, with tooltips, a legend and click-to-select."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var D = {{ this.data }};
  var renderer = L.canvas({padding: 0.5, tolerance: 2});
  var hatch = (function() {  // canvas fill pattern: grey with diagonal lines, for secret districts
    var c = document.createElement("canvas"); c.width = c.height = 6;
    var g = c.getContext("2d"); g.fillStyle = D.secret; g.fillRect(0, 0, 6, 6);
    g.strokeStyle = "rgba(0,0,0,0.45)"; g.lineWidth = 1;
    g.beginPath(); g.moveTo(0, 6); g.lineTo(6, 0); g.stroke();
    return g.createPattern(c, "repeat");
  })();
  function decode(s) {
    var pts = [], i = 0, lat = 0, lng = 0;
    while (i < s.length) {
      var r = 0, sh = 0, b;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lat += (r & 1) ? ~(r >> 1) : (r >> 1);
      r = 0; sh = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lng += (r & 1) ? ~(r >> 1) : (r >> 1);
      pts.push([lat / 1e5, lng / 1e5]);
    }
    return pts;
  }
  function styleOf(i) {
    var c = D.classes[i];
    var st = {weight: 0.6, color: D.outline, opacity: 0.9, fillOpacity: 0.85,
              fillColor: c >= 0 ? D.palette[c] : (c === {{ this.secret }} ? hatch : D.missing)};
    if (c === {{ this.secret }}) { st.dashArray = "3 3"; st.weight = 1; }
    if (D.codes[i] === D.selected) { st.weight = 3; st.color = D.highlight; st.dashArray = null; }
    return st;
  }
  function tip(i) {
    var box = document.createElement("div"), lines = D.tips[i];
    for (var j = 0; j < lines.length; j++) {
      var line = document.createElement(j === 0 ? "strong" : "div");
      line.textContent = lines[j];
      box.appendChild(line);
    }
    return box;
  }
  var group = L.featureGroup(), byCode = {};
  for (var i = 0; i < D.codes.length; i++) {
    var rings = D.shapes[i].map(function(p) { return p.map(decode); });
    // smoothFactor 0 and noClip: the geometry is already simplified for the screen; Leaflet's
    // own simplification and clipping would only cost time on the first draw.
    var poly = L.polygon(rings, Object.assign({renderer: renderer, smoothFactor: 0, noClip: true}, styleOf(i)));
    poly.wvIndex = i;
    byCode[D.codes[i]] = poly;
    group.addLayer(poly);
  }
  // One tooltip and one click handler for the whole group, not one per district.
  group.bindTooltip(function(layer) { return tip(layer.wvIndex); }, {sticky: true});
  group.on("click", function(e) { select(D.codes[e.layer.wvIndex]); });
  function select(code) {
    var previous = D.selected;
    D.selected = code;
    if (byCode[previous]) byCode[previous].setStyle(styleOf(byCode[previous].wvIndex));
    if (byCode[code]) { byCode[code].setStyle(styleOf(byCode[code].wvIndex)); byCode[code].bringToFront(); }
    map.getContainer().dataset.selected = code || "";
  }
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function() {
    var div = L.DomUtil.create("div", "wv-legend");
    div.innerHTML = D.legend;
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(map);
  // Fit before drawing (projecting every polygon at zoom 1 first costs a second), leaving room
  // for the legend so it does not cover districts. A rerun of the app draws the map anew on the
  // same page (after a click, another indicator): it opens where the user had zoomed to, as long
  // as it shows the same area. The app's page outlives the map's frame, so the view is kept there.
  var page = (function() {
    try { return window.parent.document ? window.parent : window; } catch (e) { return window; }
  })();
  var kept = page.wvKeptViews = page.wvKeptViews || {}, area = D.area || String(D.bounds);
  var fitting = false;
  function fitArea() {
    var room = legend.getContainer().offsetWidth + 20;
    var width = map.getSize().x;
    fitting = true;
    map.fitBounds(D.bounds, {paddingBottomRight: [room < width / 2 ? room : 0, 0], paddingTopLeft: [10, 10],
                             animate: false});
    fitting = false;
  }
  // Until the user (or a map it follows) moves it, the map fits the area again whenever the app
  // resizes its frame, which it does after the first draw.
  map.wvFitted = !(D.keepView && kept[area] && !D.view && !D.zoomToSelected);
  if (map.wvFitted) fitArea(); else map.setView(kept[area].center, kept[area].zoom, {animate: false});
  map.on("dragstart zoomstart", function() { if (!fitting) map.wvFitted = false; });
  map.on("resize", function() { if (map.wvFitted) fitArea(); });
  if (D.keepView) {
    // Maps of the same area side by side (two years, two indicators) move together.
    var alive = function(m) {  // a map whose frame the app has removed has no window any more
      try { return !!m.getContainer().ownerDocument.defaultView && m.getContainer().isConnected; }
      catch (e) { return false; }
    };
    page.wvMaps = (page.wvMaps || []).filter(alive);
    page.wvMaps.push(map);
    map.on("moveend", function() {
      if (fitting) return;  // fitting to a resized frame is this map's own affair
      kept[area] = {center: map.getCenter(), zoom: map.getZoom()};
      if (page.wvMoving) return;  // this map follows another one
      page.wvMoving = true;
      try {
        page.wvMaps.forEach(function(other) {
          if (other !== map && other.wvArea === area && alive(other)) {
            other.wvFitted = map.wvFitted;
            other.setView(map.getCenter(), map.getZoom(), {animate: false});
          }
        });
      } finally { page.wvMoving = false; }
    });
  }
  map.wvArea = area;
  group.addTo(map);
  if (D.selected && byCode[D.selected]) {
    byCode[D.selected].bringToFront();
    if (D.zoomToSelected) map.fitBounds(byCode[D.selected].getBounds(), {maxZoom: 15, padding: [40, 40]});
  }
  if (D.view) map.setView([D.view[0], D.view[1]], D.view[2]);
  if (D.view || D.zoomToSelected) map.wvFitted = false;  // a chosen view stays as it is
  map.wijkverkenner = {layers: byCode, select: select, count: D.codes.length};
  map.getContainer().dataset.districts = String(D.codes.length);
  map.getContainer().dataset.selected = D.selected || "";
  window.requestAnimationFrame(function() {
    window.requestAnimationFrame(function() { map.getContainer().dataset.painted = "1"; });
  });
})();
{% endmacro %}
"""
    )

    def render(self, **kwargs) -> None:
        """Add the script to the page as text: branca would compile megabytes of data as a template."""
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(_Raw(script(self, kwargs)), name=self.get_name())

    def __init__(self, layer: PreparedLayer, choropleth: Choropleth, selected: str | None, zoom_to_selected: bool,
                 view: list[float] | None = None, keep_view: bool = False, area: str | None = None):
        super().__init__()
        self._name = "DistrictLayer"
        self.secret, self.missing = SECRET_CLASS, MISSING_CLASS
        palette = [entry.color for entry in choropleth.legend if entry.kind == "class"]
        self.data = safe_json({
            "codes": choropleth.codes,
            "names": choropleth.names,
            "shapes": layer.shapes,
            "classes": choropleth.classes,
            "palette": palette,
            "secret": SECRET_COLOR,
            "missing": MISSING_COLOR,
            "outline": OUTLINE_COLOR,
            "highlight": HIGHLIGHT_COLOR,
            "selected": selected,
            "bounds": layer.bounds,
            "zoomToSelected": bool(zoom_to_selected and selected),
            "view": view,
            "keepView": bool(keep_view),
            "area": area,
            "tips": choropleth.tooltips,
            "legend": legend_html(choropleth),
        })


_CSS = """
.wv-legend{background:rgba(255,255,255,.92);padding:8px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);
font:13px/1.35 system-ui,sans-serif;max-width:280px;color:#222}
.wv-title{font-weight:600;margin-bottom:4px}
.wv-row{display:flex;align-items:center;gap:6px}
.wv-swatch{display:inline-block;width:18px;height:12px;border:1px solid #636363;flex:none}
.wv-secret{border-style:dashed;
background-image:repeating-linear-gradient(135deg,rgba(0,0,0,.45) 0 1px,transparent 1px 4px)}
.wv-count{color:#666}
.wv-source{margin-top:4px;font-size:11px;color:#555}
.leaflet-tooltip div{font-size:13px}
@media (max-width:700px){.wv-legend{font-size:11px;max-width:170px;padding:5px 7px}.wv-source{display:none}
.wv-swatch{width:14px;height:10px}}
"""
