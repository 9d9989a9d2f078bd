import json
import re

import pytest

from geo.datasets import demo_dataset, load_districts
from geo.simplify import prepare_layer
from maps.choropleth import build_choropleth
from maps.webmap import (
    component_css,
    component_js,
    component_map_data,
    geometry_key,
    legend_html,
    render_web_map,
    safe_json,
    web_map_html,
)

HOSTILE = "<img src=x onerror=alert(1)> {{ 7*7 }} </script>"


@pytest.fixture(scope="module")
def demo():
    table, _, _ = load_districts(demo_dataset(), "buurt", 2024)
    table.data.loc[3, "naam"] = HOSTILE
    layer = prepare_layer(table.data)
    choropleth = build_choropleth(table, "personen_per_soort_uitkering_bijstand", synthetic=True,
                                  title="Bijstand <b>ontvangers</b>")
    return table, layer, choropleth


def test_page_is_self_contained_and_asks_no_cdn(demo):
    _, layer, choropleth = demo
    page = web_map_html(layer, choropleth)
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert not re.search(r"<link[^>]*\shref=", page)
    assert "L.tileLayer(" not in page  # no basemap asked for
    assert "L.canvas(" in page and "window.L" in page  # Leaflet is inlined


def test_user_text_never_reaches_the_page_as_markup(demo):
    _, layer, choropleth = demo
    page = web_map_html(layer, choropleth)
    assert "<img src=x" not in page
    assert "</script> " not in page.replace("</script>\n", "")  # only real script ends
    map_part, table_part = page.split('<footer class="wv-page-alt">')
    assert "{{ 7*7 }}" not in map_part  # Jinja never saw it: the tooltip keeps it as typed (next test)
    assert "&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }} &lt;/script&gt;" in table_part  # the table: as typed
    assert "Bijstand &lt;b&gt;ontvangers&lt;/b&gt;" in legend_html(choropleth)
    assert "<title>Bijstand &lt;b&gt;ontvangers&lt;/b&gt;</title>" in page


def test_safe_json_round_trips_hostile_strings():
    data = {"naam": HOSTILE, "leeg": {}, "n": [1, -2]}
    text = safe_json(data)
    assert "<" not in text and "{{" not in text
    assert json.loads(text) == data


def _payload(page: str) -> dict:
    return json.loads(re.search(r"var D = (\{.*?\});\n", page).group(1))


def test_district_data_carries_classes_and_the_selected_code(demo):
    _, layer, choropleth = demo
    payload = _payload(web_map_html(layer, choropleth, selected=choropleth.codes[5]))
    assert payload["codes"] == choropleth.codes
    assert payload["classes"] == choropleth.classes
    assert payload["selected"] == choropleth.codes[5]
    assert payload["tips"][3][0] == HOSTILE


def test_basemap_choice(demo):
    _, layer, choropleth = demo
    assert "service.pdok.nl/brt/achtergrondkaart" in web_map_html(layer, choropleth, basemap="pdok_grijs")
    assert "tile.openstreetmap.org" in web_map_html(layer, choropleth, basemap="osm")
    assert "L.tileLayer(" not in web_map_html(layer, choropleth, basemap="none")
    with pytest.raises(ValueError, match="'basemap' should be one of none, pdok_grijs, osm"):
        render_web_map(layer, choropleth, basemap="google")


def test_layer_and_choropleth_must_describe_the_same_districts(demo):
    table, layer, _ = demo
    other = build_choropleth(table, "aantal_inwoners")
    other.codes = other.codes[::-1]
    with pytest.raises(ValueError, match="describe different districts"):
        render_web_map(layer, other)


def test_indicator_switch_reuses_the_prepared_geometry(demo):
    table, layer, _ = demo
    pages = [web_map_html(layer, build_choropleth(table, column)) for column in ("aantal_inwoners", "mannen")]
    first, second = (_payload(page) for page in pages)
    assert first["shapes"] == second["shapes"]
    assert first["classes"] != second["classes"]


def test_a_saved_centre_and_zoom_open_the_map_there(demo):
    _, layer, choropleth = demo
    assert _payload(web_map_html(layer, choropleth))["view"] is None  # the whole area
    assert _payload(web_map_html(layer, choropleth, view=(52.08, 4.39, 14.5)))["view"] == [52.08, 4.39, 14.5]
    with pytest.raises(ValueError, match="zoom level"):
        web_map_html(layer, choropleth, view=(152.0, 4.39, 14))


def test_only_the_app_keeps_the_users_zoom_when_it_redraws(demo):
    """The offline page opens on the whole area; the app's redraw opens where the user had zoomed to."""
    _, layer, choropleth = demo
    assert _payload(web_map_html(layer, choropleth))["keepView"] is False
    assert _payload(web_map_html(layer, choropleth, keep_view=True))["keepView"] is True


def test_the_scale_bar_is_metric_only(demo):
    _, layer, choropleth = demo
    page = web_map_html(layer, choropleth)
    assert "L.control.scale({imperial: false, metric: true})" in page
    assert "L.control.scale()" not in page  # folium's own, with miles and feet


def test_the_offline_page_shows_the_presenters_title_and_note_escaped(demo):
    import dataclasses

    _, layer, choropleth = demo
    titled = dataclasses.replace(choropleth, headline="Bijstand <i>per buurt</i>", subtitle="Personen met bijstand")
    page = web_map_html(layer, titled, note="Let op de oostkant.\n<script>alert(1)</script>")
    assert "<title>Bijstand &lt;i&gt;per buurt&lt;/i&gt;: Personen met bijstand</title>" in page
    head = re.search(r'<header class="wv-page-head">(.*?)</header>', page, re.S).group(1)
    assert "Bijstand &lt;i&gt;per buurt&lt;/i&gt;" in head and "Personen met bijstand" in head
    assert "Notitie:</span> Let op de oostkant.\n&lt;script&gt;alert(1)&lt;/script&gt;" in head
    assert page.index('class="wv-page-head"') < page.index('class="folium-map"')  # above the map
    assert 'class="wv-page-head"' not in web_map_html(layer, choropleth)  # a plain map page has no header


def test_two_maps_in_one_page_show_the_note(demo):
    from maps.webmap import pair_html

    page = pair_html("Twee <jaren>", ["<p>a</p>", "<p>b</p>"], note="Zie <b>beide</b> kaarten.")
    assert "<h1>Twee &lt;jaren&gt;</h1>" in page
    assert "Notitie:</span> Zie &lt;b&gt;beide&lt;/b&gt; kaarten.</p>" in page
    assert "wv-page-note" not in pair_html("Twee", ["<p>a</p>", "<p>b</p>"]).split("</style>")[1]


def test_the_legend_says_when_empty_classes_were_merged(demo):
    table, _, _ = demo
    merged = build_choropleth(table, "personen_per_soort_uitkering_bijstand", scheme="quantiles", k=7)
    assert merged.legend_note and f'<div class="wv-legend-note">{merged.legend_note}</div>' in legend_html(merged)


def _component_data(layer, choropleth, **options) -> dict:
    options = {"send_shapes": True, "height": 600, **options}
    return json.loads(component_map_data(layer, choropleth, **options))


def test_the_apps_map_gets_the_shapes_only_when_its_page_lacks_them(demo):
    """The app sends the districts' shapes once per session: a switch sends only colours, legend and texts."""
    table, layer, choropleth = demo
    first = _component_data(layer, choropleth)
    switched = _component_data(layer, build_choropleth(table, "aantal_inwoners"), send_shapes=False)
    assert first["shapes"] == layer.shapes and "shapes" not in switched
    assert first["geometryKey"] == switched["geometryKey"] == geometry_key(layer)
    assert first["codes"] == switched["codes"] == layer.codes
    assert first["classes"] != switched["classes"] and "inwoners" in switched["legend"].lower()
    assert len(component_map_data(layer, choropleth, send_shapes=False, height=600)) < \
        len(component_map_data(layer, choropleth, send_shapes=True, height=600)) / 2


def test_the_shapes_are_named_by_what_they_are(demo):
    """A page keeps shapes under their key: the same shapes, prepared again, keep it; other shapes never share it."""
    table, layer, _ = demo
    assert geometry_key(prepare_layer(table.data)) == geometry_key(layer)
    assert geometry_key(prepare_layer(table.data.iloc[:-1])) != geometry_key(layer)


def test_the_apps_map_data_keeps_user_text_as_text(demo):
    _, layer, choropleth = demo
    raw = component_map_data(layer, choropleth, send_shapes=True, height=600).decode()
    assert "<img" not in raw and "</script>" not in raw
    data = json.loads(raw)
    assert data["tips"][3][0] == HOSTILE and data["names"][3] == HOSTILE  # put in the page as text only
    assert "Bijstand &lt;b&gt;ontvangers&lt;/b&gt;" in data["legend"]
    assert data["description"] == choropleth.title  # the map's name for screen readers, by default its title


def test_the_apps_map_data_checks_its_options(demo):
    table, layer, choropleth = demo
    assert _component_data(layer, choropleth, basemap="pdok_grijs")["basemap"]["tiles"].startswith(
        "https://service.pdok.nl/")
    assert _component_data(layer, choropleth)["basemap"] is None
    with pytest.raises(ValueError, match="'basemap' should be one of"):
        _component_data(layer, choropleth, basemap="google")
    with pytest.raises(ValueError, match="zoom level"):
        _component_data(layer, choropleth, view=(152.0, 4.39, 14))
    other = build_choropleth(table, "aantal_inwoners")
    other.codes = other.codes[::-1]
    with pytest.raises(ValueError, match="describe different districts"):
        _component_data(layer, other)


def test_the_apps_map_script_asks_leaflet_of_the_app_and_no_address_outside(demo):
    from maps.assets import LEAFLET_ADDRESS

    script = component_js()
    assert "function wvDrawDistricts" in script and "export default function" in script
    assert "leafletjs.com" not in script and len(script) < 40_000  # Leaflet itself is not sent with every map
    assert f'const WV_LEAFLET = "./{LEAFLET_ADDRESS}";' in script  # relative: also under a base URL
    assert not re.search(r"https?://(?!service\.pdok\.nl|tile\.openstreetmap\.org|www\.)", script.split(
        "function wvDrawDistricts")[1])  # nothing fetched from elsewhere by our own code
    assert "leaflet-container" in component_css() and "url(data:image/png" in component_css()


def test_the_legend_names_a_unit_once_and_keeps_percent_signs(demo):
    """As on the slides: "x 1.000 euro" once under the title, the classes bare; a "%" stays with each range."""
    table, _, _ = demo
    income = legend_html(build_choropleth(table, "gemiddeld_inkomen_per_inwoner"))
    labels = re.findall(r'<span class="wv-label">([^<]*)</span>', income)
    assert '<div class="wv-unit">x 1.000 euro</div>' in income
    assert labels[0].count("x 1.000 euro") == 0 and re.fullmatch(r"[\d.,]+ – [\d.,]+", labels[0])
    rate = legend_html(build_choropleth(table, "bijstand_per_1000_15_65"))  # the title says the unit already
    assert "wv-unit" not in rate and "per 1.000" not in re.findall(r'wv-label">([^<]*)<', rate)[0]
    share = legend_html(build_choropleth(table, "percentage_zelfstandigen"))
    assert "wv-unit" not in share and all(label.endswith("%") for label in re.findall(
        r'<span class="wv-swatch wv-class"[^>]*></span><span class="wv-label">([^<]*)</span>', share))
