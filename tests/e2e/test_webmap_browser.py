"""A rendered map in a real Chromium with the network cut: every district drawn, legend, safe tooltips."""

import pytest

from geo.datasets import demo_dataset, load_districts
from geo.simplify import prepare_layer
from maps.choropleth import build_choropleth
from maps.webmap import web_map_html
from tests.e2e.waits import wait_until

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def rendered(static_server):
    folder, url = static_server
    table, _, _ = load_districts(demo_dataset(), "buurt", 2024)
    table.data.loc[3, "naam"] = HOSTILE
    choropleth = build_choropleth(table, "personen_per_soort_uitkering_bijstand", synthetic=True)
    (folder / "kaart.html").write_text(web_map_html(prepare_layer(table.data), choropleth), encoding="utf-8")
    return f"{url}/kaart.html", table, choropleth


def _container_point(page, lat, lng):
    return page.evaluate(
        """([lat, lng]) => {
            const map = document.querySelector('[data-painted]').wvMap;
            const p = map.latLngToContainerPoint([lat, lng]);
            const box = map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [lat, lng],
    )


def test_map_draws_every_district_offline_with_legend_and_safe_tooltip(page, rendered, screenshot):
    url, table, choropleth = rendered
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_selector('[data-painted="1"]', timeout=30_000)
    drawn = page.evaluate(
        """() => {
            const map = document.querySelector('[data-painted]').wvMap;
            const layers = Object.values(map.wijkverkenner.layers);
            return {count: map.wijkverkenner.count,
                    onMap: layers.filter(l => map.hasLayer(l)).length,
                    inView: layers.filter(l => l._parts && l._parts.length > 0).length};
        }"""
    )
    assert drawn == {"count": len(table.data), "onMap": len(table.data), "inView": len(table.data)}

    legend = page.locator(".wv-legend")
    assert legend.is_visible()
    assert "geheim" in legend.inner_text()
    assert "Synthetische demodata" in legend.inner_text()
    assert legend.locator(".wv-row").count() == len(choropleth.legend)

    point = table.data.geometry.iloc[3].representative_point()
    x, y = _container_point(page, point.y, point.x)
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.locator("strong").inner_text() == HOSTILE
    assert tooltip.locator("img").count() == 0
    screenshot(page, "-tooltip")

    page.mouse.click(x, y)
    assert page.locator(".leaflet-container").get_attribute("data-selected") == table.data["code"].iloc[3]
    assert dialogs == []  # no script from the name ran
    assert page.blocked == []  # nothing outside localhost was asked for


def test_static_png_colours_equal_the_web_map_colours(page, rendered, tmp_path):
    import numpy as np
    from PIL import Image

    from maps.slides import _draw_slide, render_static_map

    url, table, choropleth = rendered
    page.goto(url)
    page.wait_for_selector('[data-painted="1"]', timeout=30_000)
    web = page.evaluate(
        """() => {
            const map = document.querySelector('[data-painted]').wvMap;
            const out = {};
            for (const [code, layer] of Object.entries(map.wijkverkenner.layers)) {
                const fill = layer.options.fillColor;
                out[code] = typeof fill === "string" ? fill : "hatch";
            }
            return out;
        }"""
    )
    png = render_static_map(table.data, choropleth, tmp_path / "kaart.png")
    image = np.asarray(Image.open(png).convert("RGB")).astype(int)
    slide = _draw_slide(table.data, choropleth)
    points = table.data.geometry.representative_point()
    left, top, right, bottom = slide.mark_box()
    checked = {}
    for (column, row), code, number in zip(slide.pixels(points.x.to_numpy(), points.y.to_numpy()),
                                           choropleth.codes, choropleth.classes):
        if number in checked or number < 0 or (left - 5 <= column <= right + 5 and top - 5 <= row <= bottom + 5):
            continue
        expected = np.array([int(web[code][i:i + 2], 16) for i in (1, 3, 5)])
        assert np.abs(image[int(row), int(column)] - expected).max() <= 3, code
        checked[number] = code
    assert set(checked) == set(range(choropleth.classification.k))  # one district of every class
    secret = [code for code, number in zip(choropleth.codes, choropleth.classes) if number == -1]
    assert secret and all(web[code] == "hatch" for code in secret)


def test_two_maps_in_one_offline_file_draw_and_move_together(page, static_server, screenshot):
    """A saved comparison's HTML file: two maps in one page, no request elsewhere, zooming one zooms both."""
    from maps.webmap import pair_html

    folder, url = static_server
    pages = []
    for year in (2023, 2024):
        table, _, _ = load_districts(demo_dataset(), "buurt", year)
        choropleth = build_choropleth(table, "personen_per_soort_uitkering_bijstand", synthetic=True)
        pages.append(web_map_html(prepare_layer(table.data), choropleth, keep_view=True, area="pair"))
    (folder / "twee.html").write_text(pair_html(f"Bijstand {HOSTILE}", pages), encoding="utf-8")
    page.goto(f"{url}/twee.html")
    assert page.title() == f"Bijstand {HOSTILE}"  # the title as text, not markup
    frames = [f for f in page.frames if f != page.main_frame]
    assert len(frames) == 2
    for frame in frames:
        frame.wait_for_selector('[data-painted="1"]', timeout=30_000)
    view = ("() => { const m = document.querySelector('[data-painted]').wvMap; "
            "return [m.getZoom(), m.getCenter().lat, m.getCenter().lng]; }")
    left, right = sorted(frames, key=lambda f: f.frame_element().bounding_box()["x"])
    start = left.evaluate(view)[0]
    left.locator(".leaflet-control-zoom-in").click()
    wait_until(page, lambda: left.evaluate(view)[0] == start + 1, "the left map zooming in")
    wait_until(page, lambda: right.evaluate(view) == pytest.approx(left.evaluate(view)), "the right map following")
    screenshot(page)
    assert page.blocked == []
