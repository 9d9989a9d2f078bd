"""The web map: a folium (Leaflet) choropleth that draws offline, fast, and never runs user text.

The page carries Leaflet inline (``maps.assets``), the districts as encoded polylines
(``geo.simplify``) drawn on one canvas, and per district only a class number; colours, legend
and tooltips come from the same ``Choropleth`` as the static map. User text (names, titles,
labels) reaches the page as JSON with ``<``, ``>`` and ``&`` escaped, and is put into the page
with ``textContent`` or after ``html.escape``: a district called ``<img src=x onerror=...>``
shows as text.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.simplify import PreparedLayer
from indicators.core.words import t
from maps.alternatives import alternatives_html
from maps.assets import LEAFLET_ADDRESS, leaflet_css, leaflet_js
from maps.choropleth import SECRET_CLASS, Choropleth, legend_label, legend_unit, unit_line
from maps.palettes import HIGHLIGHT_COLOR, MISSING_COLOR, OUTLINE_COLOR, SECRET_COLOR

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
    zoom_to_selected: bool = False,
    view: tuple[float, float, float] | None = None,
    keep_view: bool = False,
    area: str | None = None,
    lang: str = "nl",
    description: str = "",
) -> folium.Map:
    """Build the folium map of ``choropleth`` drawn on the geometry of ``layer``: an offline page's map.

    The app draws its maps with the same ``wvDrawDistricts`` through ``component_map_data``.

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
        Move together with the other maps of the same area in the page (``pair_html``), and
        open where the previous map of that area was moved to.
    area : str, optional
        Name of the area for ``keep_view``; by default the layer's bounds, which can differ
        slightly between two years of one municipality.
    description : str
        What the map shows in a sentence (``maps.alternatives.describe_map``): its name for screen readers.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"'basemap' should be one of {', '.join(BASEMAPS)}, got {basemap!r} instead")
    tiles = BASEMAPS[basemap]
    fmap = _Map(location=None, tiles=None, prefer_canvas=True, control_scale=False, height=height, zoom_snap=0.25)
    fmap.add_child(_MetricScale())  # folium's own scale control shows miles and feet as well
    # Leaflet comes from the installed package, inlined, never from a CDN.
    fmap.default_js = []
    fmap.default_css = []
    header = fmap.get_root().header
    header.add_child(_Raw(f"<style>{leaflet_css()}</style>"), name="leaflet_css")
    header.add_child(_Raw(f"<script>{leaflet_js()}</script>"), name="leaflet_js")
    header.add_child(_Raw(f"<style>{_CSS}</style>"), name="wijkverkenner_css")
    if tiles:
        folium.TileLayer(name=basemap, **tiles).add_to(fmap)
    else:
        header.add_child(_Raw("<style>.leaflet-container{background:#ffffff}</style>"), name="blank_background")
    fmap.add_child(_DistrictLayer(layer, choropleth, selected, zoom_to_selected, _check_view(view), keep_view, area,
                                  wheel_hint=t("map_wheel_hint", lang), description=description or choropleth.title))
    return fmap


def _zoomable(header) -> str:
    """Folium's page header without ``maximum-scale=1.0, user-scalable=no``: a page must let its readers zoom."""
    return re.sub(r",\s*maximum-scale=[0-9.]+,\s*user-scalable=no", "", str(header))


class _Map(folium.Map):
    """A folium map whose page can be zoomed (WCAG 1.4.4): folium's own macros, its viewport made zoomable."""

    _template = Template(
        "{% macro header(this, kwargs) %}{{ zoomable(folium.header(this, kwargs)) }}{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ folium.html(this, kwargs) }}{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ folium.script(this, kwargs) }}{% endmacro %}"
    )
    _template.globals.update(folium=folium.Map._template.module, zoomable=_zoomable)


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


def web_map_html(layer: PreparedLayer, choropleth: Choropleth, *, note: str | None = None, **options) -> str:
    """One self-contained HTML page of the map, for ``cli.py render --out map.html`` and exports.

    A presenter's title (``choropleth.headline``) with its subtitle, and ``note`` (a saved
    view's), are shown above the map, which takes the rest of the window.
    """
    fmap = render_web_map(layer, choropleth, **options)
    page = fmap.get_root()
    page.header.add_child(_Raw(f"<title>{html.escape(page_title(choropleth))}</title>"), name="title")
    page.header.add_child(_Raw(f"<style>{_HEAD_CSS}</style>"), name="wijkverkenner_head_css")
    if choropleth.headline or (note or "").strip():
        # added before the map is rendered, so it comes before the map's own element in the page
        page.html.add_child(_Raw(_head_html(choropleth.headline, choropleth.subtitle, note, choropleth.lang)),
                            name="wijkverkenner_head")
    rendered = page.render()
    # the text and table alternative (WCAG 1.1.1) after the map, at the end of the body
    at = rendered.rindex("</body>")
    rendered = rendered[:at] + alternatives_html(choropleth) + rendered[at:]
    return rendered.replace("<html>", f'<html lang="{choropleth.lang}">', 1)  # read out in its language


def page_title(choropleth: Choropleth) -> str:
    """The page's title: a presenter's title with what the map shows, else the map's own."""
    if not choropleth.headline:
        return choropleth.title
    return f"{choropleth.headline}: {choropleth.subtitle}" if choropleth.subtitle else choropleth.headline


def _head_html(title: str, subtitle: str, note: str | None, lang: str) -> str:
    """Title, subtitle and note above an offline map, escaped; the note keeps its line breaks."""
    parts = []
    if title:
        parts.append(f'<div class="wv-page-title">{html.escape(title)}</div>')
    if subtitle:
        parts.append(f'<div class="wv-page-subtitle">{html.escape(subtitle)}</div>')
    if (note or "").strip():
        parts.append(_note_html(note, lang, "div"))
    return f'<header class="wv-page-head">{"".join(parts)}</header>'


def _note_html(note: str, lang: str, tag: str) -> str:
    """A presenter's note, escaped, after the word "Notitie"."""
    label = html.escape(t("page_note_label", lang))
    return (f'<{tag} class="wv-page-note"><span class="wv-page-note-label">{label}:</span> '
            f"{html.escape(note.strip())}</{tag}>")


def pair_html(title: str, pages: list[str], note: str | None = None, lang: str = "nl") -> str:
    """Two map pages (from ``web_map_html`` with ``keep_view=True``) side by side in one offline file.

    Each map is its own document in an ``srcdoc`` frame, which shares the file's origin, so the
    two maps move together as in the app. ``note`` (a saved view's) is shown under the title.
    """
    frames = "".join(f'<iframe title="{html.escape(title)}" srcdoc="{html.escape(page, quote=True)}"></iframe>'
                     for page in pages)
    shown = _note_html(note, lang, "p") if (note or "").strip() else ""
    return (
        f"<!DOCTYPE html>\n<html lang=\"{html.escape(lang)}\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title><style>"
        "html,body{height:100%}body{margin:0;font:15px system-ui,sans-serif;color:#222;display:flex;"
        "flex-direction:column}h1{font-size:22px;margin:12px 16px 4px;flex:none}"
        ".wv-page-note{margin:0 16px 8px;white-space:pre-line;max-height:30vh;overflow:auto;flex:none}"
        ".wv-page-note-label{font-weight:600}"
        ".wv-pair{display:flex;gap:8px;flex:1 1 auto;min-height:0;padding:0 8px 8px}"
        ".wv-pair iframe{flex:1;border:0;height:100%}"
        f"</style></head><body><h1>{html.escape(title)}</h1>{shown}<div class=\"wv-pair\">{frames}</div>"
        "</body></html>\n"
    )


def legend_html(choropleth: Choropleth) -> str:
    """The legend as escaped HTML: title, unit, one row per class with count, secret and missing, source."""
    unit = legend_unit(choropleth)  # named once under the title, as on the slides
    heading = f'<div class="wv-title">{html.escape(choropleth.title)}</div>'
    if unit_line(unit, choropleth.title):
        heading += f'<div class="wv-unit">{html.escape(unit)}</div>'
    rows = []
    for entry in choropleth.legend:
        swatch_class = "wv-swatch wv-" + entry.kind
        label = legend_label(entry, unit)
        rows.append(
            f'<div class="wv-row"><span class="{swatch_class}" style="background:{html.escape(entry.color)}"></span>'
            f'<span class="wv-label">{html.escape(label)}</span>'
            f'<span class="wv-count">({entry.count})</span></div>'
        )
    merged = ""
    if choropleth.legend_note:
        merged = f'<div class="wv-legend-note">{html.escape(choropleth.legend_note)}</div>'
    return (
        heading
        + "".join(rows)
        + merged
        + f'<div class="wv-source">{html.escape(choropleth.footer)}</div>'
    )


@lru_cache(maxsize=1)
def district_script() -> str:
    """The map's JavaScript (``maps/webmap.js``): it defines ``wvDrawDistricts(map, data)``."""
    return (Path(__file__).with_name("webmap.js")).read_text(encoding="utf-8")


class _MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only: Dutch readers have no use for miles and feet."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self):
        super().__init__()
        self._name = "MetricScale"


class _DistrictLayer(MacroElement):
    """All districts as canvas polygons, with tooltips, a legend and click-to-select."""

    @property
    def script(self) -> str:
        """The map's JavaScript and the call that draws this map's districts with their data."""
        call = f"(function() {{\n  var D = {self.data};\n  wvDrawDistricts({self._parent.get_name()}, D);\n}})();"
        return f"{district_script()}\n{call}"

    def render(self, **kwargs) -> None:
        """Add the script to the page as text: branca would compile megabytes of data as a template."""
        self.get_root().script.add_child(_Raw(self.script), name=self.get_name())

    def __init__(self, layer: PreparedLayer, choropleth: Choropleth, selected: str | None, zoom_to_selected: bool,
                 view: list[float] | None = None, keep_view: bool = False, area: str | None = None,
                 wheel_hint: str = "", description: str = ""):
        super().__init__()
        self._name = "DistrictLayer"
        self.data = safe_json({"shapes": layer.shapes, **district_data(
            layer, choropleth, selected=selected, zoom_to_selected=zoom_to_selected, view=view, keep_view=keep_view,
            area=area, wheel_hint=wheel_hint, description=description)})


def district_data(layer: PreparedLayer, choropleth: Choropleth, *, selected: str | None = None,
                  zoom_to_selected: bool = False, view: list[float] | None = None, keep_view: bool = False,
                  area: str | None = None, link: bool = False, page_scroll: bool = False, wheel_hint: str = "",
                  description: str = "") -> dict:
    """What ``wvDrawDistricts`` (webmap.js) draws, but the shapes: codes, classes, colours, texts, options."""
    if layer.codes != choropleth.codes:
        raise ValueError("the prepared layer and the choropleth describe different districts: prepare the layer again")
    return {
        "codes": choropleth.codes,
        "names": choropleth.names,
        "classes": choropleth.classes,
        "palette": [entry.color for entry in choropleth.legend if entry.kind == "class"],
        "secret": SECRET_COLOR,
        "secretClass": SECRET_CLASS,
        "missing": MISSING_COLOR,
        "outline": OUTLINE_COLOR,
        "highlight": HIGHLIGHT_COLOR,
        "selected": selected,
        "bounds": layer.bounds,
        "zoomToSelected": bool(zoom_to_selected and selected),
        "view": _check_view(view),
        "keepView": bool(keep_view),
        "link": bool(link),
        "pageScroll": bool(page_scroll),
        "wheelHint": wheel_hint,
        "description": description,
        "area": area,
        "tips": choropleth.tooltips,
        "legend": legend_html(choropleth),
    }


def component_map_data(layer: PreparedLayer, choropleth: Choropleth, *, send_shapes: bool, height: int,
                       fill: bool = False, basemap: str = "none", track_view: bool = False, lang: str = "nl",
                       report_painted: bool = False, **options) -> bytes:
    """The app's map (``component_js``) as JSON bytes; the shapes only with ``send_shapes``.

    ``report_painted``: the map tells the app (trigger "painted") once it is on screen, or once it
    knows it cannot be (no Leaflet), so the page can draw what it left for later.

    A page that has the shapes (named by ``geometry_key``, from an earlier run in this session)
    is sent only the colours, legend and texts.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"'basemap' should be one of {', '.join(BASEMAPS)}, got {basemap!r} instead")
    data = district_data(layer, choropleth, wheel_hint=t("map_wheel_hint", lang), **options)
    key, shapes = _shapes_json(layer)
    data.update(geometryKey=key, draft=layer.draft, height=int(height), fill=bool(fill), trackView=bool(track_view),
                reportPainted=bool(report_painted),
                noLeaflet=t("map_no_leaflet", lang, address=LEAFLET_ADDRESS),
                basemap=BASEMAPS[basemap], description=data["description"] or choropleth.title)
    text = safe_json(data)
    if send_shapes:
        text = text[:-1] + ',"shapes":' + shapes + "}"
    return text.encode("utf-8")


def geometry_key(layer: PreparedLayer) -> str:
    """The name of the layer's shapes, made from them: two layers with the same shapes share it, others never do."""
    return _shapes_json(layer)[0]


def _shapes_json(layer: PreparedLayer) -> tuple[str, str]:
    """The layer's encoded rings as JSON, with their digest, made once per layer and kept with it (``drawn``).

    At buurt scale the JSON is megabytes; the app's caches decide how long a layer lives.
    """
    kept = layer.drawn.get("json")
    if kept is None:
        text = safe_json(layer.shapes)
        kept = layer.drawn["json"] = (hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest(), text)
    return kept


@lru_cache(maxsize=1)
def component_js() -> str:
    """The app's map component: ``wvDrawDistricts`` and the module that keeps one map per place.

    Leaflet is not in it: the app serves it at ``LEAFLET_ADDRESS`` (ui/assets.py), where the page
    starts loading it before the first map arrives; the module waits for it if it must.
    """
    module = Path(__file__).with_name("webmap_component.js").read_text(encoding="utf-8")
    return f"const WV_LEAFLET = {json.dumps('./' + LEAFLET_ADDRESS)};\n{district_script()}\n{module}"


@lru_cache(maxsize=1)
def component_css() -> str:
    """The app's map styles: Leaflet's, the legend's, and presentation mode's large type."""
    return leaflet_css() + _CSS + _COMPONENT_CSS


# The app's map component (its box is sized by webmap_component.js); in presentation mode the legend
# reads from the back of a meeting room, sized to its map (two maps side by side share the screen);
# the source is left out of it there, as the slide says it once under its maps.
_COMPONENT_CSS = """
.wv-map-blank .leaflet-container{background:#ffffff}
.wv-map-fill{container-type:size}
.wv-map-fill .wv-legend{font-size:clamp(15px,2.6cqh,21px);max-width:min(420px,40cqw);padding:10px 14px}
.wv-map-fill .wv-swatch{width:24px;height:16px}.wv-map-fill .wv-source{display:none}
"""
_CSS = """
.wv-legend{background:rgba(255,255,255,.92);padding:8px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);
font:13px/1.35 system-ui,sans-serif;max-width:280px;color:#222}
.wv-title{font-weight:600;margin-bottom:4px}.wv-unit{margin:-2px 0 4px;color:#444}
.wv-row{display:flex;align-items:center;gap:6px}
.wv-swatch{display:inline-block;width:18px;height:12px;border:1px solid #636363;flex:none}
.wv-secret{border-style:dashed;
background-image:repeating-linear-gradient(135deg,rgba(0,0,0,.45) 0 1px,transparent 1px 4px)}
.wv-count{color:#666}
.wv-source{margin-top:4px;font-size:11px;color:#555}
.wv-legend-note{margin-top:4px;font-size:12px;font-style:italic;color:#555}
.leaflet-tooltip div{font-size:13px}
.wv-wheel-hint{position:absolute;inset:0;z-index:1000;display:none;align-items:center;justify-content:center;
background:rgba(0,0,0,.5);color:#fff;font:600 17px/1.4 system-ui,sans-serif;text-align:center;padding:20px;
pointer-events:none}
.wv-wheel-hint.wv-shown{display:flex}
@media (max-width:700px){.wv-legend{font-size:11px;max-width:170px;padding:5px 7px}.wv-source{display:none}
.wv-swatch{width:14px;height:10px}}
"""
# An offline page with a presenter's title or note: the head above, the map in the rest of the window.
_HEAD_CSS = """
html,body{height:100%}
body{display:flex;flex-direction:column}
.wv-page-head{flex:none;padding:10px 16px 8px;font:15px/1.4 system-ui,sans-serif;color:#222;
border-bottom:1px solid #ddd}
.wv-page-title{font-size:22px;font-weight:700;line-height:1.2}
.wv-page-subtitle{font-size:16px;color:#444;margin-top:2px}
.wv-page-note{margin-top:6px;white-space:pre-line;max-height:30vh;overflow:auto}
.wv-page-note-label{font-weight:600}
.folium-map{flex:1 1 auto;min-height:0;height:auto !important}
.wv-page-alt{flex:none;max-height:45vh;overflow:auto;padding:4px 16px 8px;font:14px/1.4 system-ui,sans-serif;
color:#222;border-top:1px solid #ddd}
.wv-page-alt p{margin:0 0 4px}
.wv-page-alt summary{cursor:pointer;color:#1a56b0}
.wv-table{border-collapse:collapse;margin-top:6px}
.wv-table caption{text-align:left;font-weight:600;padding-bottom:4px}
.wv-table th,.wv-table td{border:1px solid #bbb;padding:2px 8px;text-align:left}
"""
