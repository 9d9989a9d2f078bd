"""Colours a map needs to be read by everyone (WCAG 1.4.3, 1.4.11, 1.4.1)."""

from __future__ import annotations

import pytest

from maps.palettes import MISSING_COLOR, OUTLINE_COLOR, PALETTES, SECRET_COLOR, palette_colors
from maps.webmap import _CSS, district_script


def luminance(color: str) -> float:
    channels = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("palette", PALETTES)
def test_district_outlines_stand_out_from_the_background_and_the_lightest_class(palette):
    lightest = max(palette_colors(palette, 5, False), key=luminance)  # the middle of a diverging palette
    assert contrast(OUTLINE_COLOR, "#ffffff") >= 3  # the map's background without a basemap
    assert contrast(OUTLINE_COLOR, lightest) >= 3, (palette, lightest)


def test_legend_text_reads_at_4_5_to_1():
    for color in ("#222", "#666", "#555"):  # titles and labels, counts, source line in the legend
        assert f"color:{color}" in _CSS.replace(" ", "")
        assert contrast(color.replace("#222", "#222222").replace("#666", "#666666").replace("#555", "#555555"),
                        "#ffffff") >= 4.5


def test_secret_and_missing_differ_by_more_than_colour():
    script = district_script()
    assert "createPattern" in script and 'st.dashArray = "3 3"' in script  # hatched and dashed, not only grey
    assert ".wv-secret" in _CSS and "repeating-linear-gradient" in _CSS  # the legend's swatch is hatched too
    assert SECRET_COLOR != MISSING_COLOR


def test_an_offline_map_carries_its_text_and_table_alternative():
    """The HTML a presenter mails round: the sentence and a row per district under the map, user text escaped."""
    import re

    from geo.datasets import demo_dataset, load_districts
    from geo.simplify import prepare_layer
    from maps.choropleth import build_choropleth
    from maps.webmap import web_map_html

    table, _, _ = load_districts(demo_dataset(), "wijk", 2024)
    table.data.loc[2, "naam"] = "<img src=x onerror=alert(1)>"
    choropleth = build_choropleth(table, "aantal_inwoners")
    page = web_map_html(prepare_layer(table.data), choropleth)
    footer = re.search(r'<footer class="wv-page-alt">(.*?)</footer>', page, re.S).group(1)
    assert "Hoogste waarden in " in footer and "; laagste in " in footer
    assert "<summary>Tabel bij de kaart</summary>" in footer
    assert footer.count("<tr>") == len(table.data) + 1  # the header and a row per district
    assert "&lt;img src=x onerror=alert(1)&gt;" in footer and "<img" not in footer
    assert page.index('class="folium-map"') < page.index('class="wv-page-alt"')  # after the map
