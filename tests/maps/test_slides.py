"""The static map: slide files, colours that match the choropleth, outline, literal text, failures.

The layout checks (``test_nothing_overlaps_...``) draw the slides at three screen sizes, save them
in ``tests/output/`` to be looked at, and compare the boxes of every text on the slide.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import xml.etree.ElementTree as ET

import geopandas as gpd
import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image
from shapely.geometry import box

from geo.datasets import demo_dataset, load_districts
from indicators.core.table import build_table
from maps.choropleth import MISSING_CLASS, SECRET_CLASS, build_choropleth, slide_footer
from maps.palettes import MISSING_COLOR, OUTLINE_COLOR, SECRET_COLOR
from maps.slides import Slide, _draw_slide, render_slides, render_static_map

COLUMN = "personen_per_soort_uitkering_bijstand"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def demo():
    table, _, _ = load_districts(demo_dataset(), "buurt", 2024)
    return table.data, build_choropleth(table, COLUMN, synthetic=True)


@pytest.fixture(scope="module")
def demo_png(demo, tmp_path_factory):
    frame, choropleth = demo
    return render_static_map(frame, choropleth, tmp_path_factory.mktemp("png") / "kaart.png")


def squares(crs="EPSG:28992", origin=(85000, 450000), size=1000.0, **choices):
    """Four squares in a row: class 0, class 1, secret, missing."""
    x0, y0 = origin
    frame = gpd.GeoDataFrame(
        {"code": ["BU01", "BU02", "BU03", "BU04"], "naam": ["Een", "Twee", "Drie", "Vier"],
         "waarde": [5, 25, ".", None]},
        geometry=[box(x0 + i * size, y0, x0 + (i + 1) * size, y0 + size) for i in range(4)], crs=crs,
    )
    table = build_table(frame, labels=("code", "naam"))
    return table.data, build_choropleth(table, "waarde", scheme="manual", breaks=[10, 30], **choices)


def rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])


def read_png(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def pixel(image: np.ndarray, position) -> np.ndarray:
    column, row = position
    return image[int(row), int(column)]


def svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def inside(position, area) -> bool:
    left, top, right, bottom = area
    return left - 5 <= position[0] <= right + 5 and top - 5 <= position[1] <= bottom + 5


# --- files -----------------------------------------------------------------------------------------


def test_png_is_a_16_by_9_slide(demo_png):
    width, height = Image.open(demo_png).size
    assert (width, height) == (2000, 1125)
    assert width / height == pytest.approx(16 / 9)
    assert not list(demo_png.parent.glob(".*")), "no temporary file is left beside the target"


def test_pdf_has_one_page_with_title_legend_and_marks(demo, tmp_path):
    frame, choropleth = demo
    path = render_static_map(frame, choropleth, tmp_path / "kaart.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert b"CreationDate" not in path.read_bytes()
    if shutil.which("pdftotext") is not None:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert text.count("\f") == 1, "one page"
    else:
        pypdf = pytest.importorskip("pypdf")
        pages = pypdf.PdfReader(path).pages
        assert len(pages) == 1, "one page"
        text = " ".join(pages[0].extract_text().split())
    assert choropleth.title in text
    for entry in choropleth.legend:
        assert f"{entry.label} ({entry.count})" in text
    assert "geheim (" in text
    assert "SYNTHETISCHE DEMODATA" in text  # on the map
    assert "Synthetische demodata: geen echte cijfers" in text  # in the footer
    assert "Bron: " in text


def test_svg_is_xml_with_the_title_as_text(demo, tmp_path):
    frame, choropleth = demo
    path = render_static_map(frame, choropleth, tmp_path / "kaart.svg")
    texts = svg_texts(path)
    assert choropleth.title in texts
    assert slide_footer([choropleth]) in " ".join(texts).replace("\n", " ")
    assert "<dc:date>" not in path.read_text(encoding="utf-8")


@pytest.mark.slow
def test_output_is_deterministic(tmp_path):
    frame, choropleth = squares()
    for suffix in (".png", ".pdf", ".svg"):
        first = render_static_map(frame, choropleth, tmp_path / f"a{suffix}").read_bytes()
        second = render_static_map(frame, choropleth, tmp_path / f"b{suffix}").read_bytes()
        assert first == second, suffix


# --- colours -------------------------------------------------------------------------------------


def test_district_colours_match_their_classes(demo, demo_png):
    frame, choropleth = demo
    slide = _draw_slide(frame, choropleth)
    points = frame.geometry.representative_point()
    positions = slide.pixels(points.x.to_numpy(), points.y.to_numpy())
    mark = slide.mark_box()
    image = read_png(demo_png)
    checked = set()
    for i, number in enumerate(choropleth.classes):
        if number in checked or inside(positions[i], mark):
            continue
        color = pixel(image, positions[i])
        if number == SECRET_CLASS:  # grey ground or hatch line: grey between the two
            assert np.ptp(color) <= 3, color
            assert rgb(OUTLINE_COLOR)[0] - 3 <= color[0] <= rgb(SECRET_COLOR)[0] + 3, color
        else:
            assert np.abs(color - rgb(choropleth.colors[i])).max() <= 3, (choropleth.codes[i], color)
        checked.add(number)
    assert checked >= {0, 1, 2, 3, 4, SECRET_CLASS}


def test_squares_in_rd_and_in_wgs84_land_on_their_colours(tmp_path):
    rd_frame, choropleth = squares()
    for frame in (rd_frame, rd_frame.to_crs("EPSG:4326")):
        path = render_static_map(frame, choropleth, tmp_path / "vierkanten.png", dpi=100)
        slide = _draw_slide(frame, choropleth, dpi=100)
        centres = frame.geometry.representative_point()
        positions = slide.pixels(centres.x.to_numpy(), centres.y.to_numpy())
        image = read_png(path)
        assert image.shape[:2] == (750, 1333)
        for i, number in enumerate(choropleth.classes):
            if number == SECRET_CLASS:
                continue
            expected = MISSING_COLOR if number == MISSING_CLASS else choropleth.colors[i]
            assert np.abs(pixel(image, positions[i]) - rgb(expected)).max() <= 3, (i, pixel(image, positions[i]))
        # the squares fill the map width: the first and last centres lie far apart
        assert positions[-1][0] - positions[0][0] > 600


def test_outside_the_netherlands_uses_web_mercator(tmp_path):
    frame, choropleth = squares(crs="EPSG:4326", origin=(-74.0, 40.7), size=0.01)  # New York
    slide = _draw_slide(frame, choropleth)
    assert slide.transformer.target_crs.to_epsg() == 3857
    rd_frame, rd_choropleth = squares()
    assert _draw_slide(rd_frame, rd_choropleth).transformer.target_crs.to_epsg() == 28992


def test_selected_district_gets_a_black_outline(tmp_path):
    frame, choropleth = squares()
    edge = frame.geometry.iloc[1].exterior.interpolate(0.125, normalized=True)  # middle of the bottom side
    slide = _draw_slide(frame, choropleth, selected="BU02")
    position = slide.pixels([edge.x], [edge.y])[0]
    selected = read_png(render_static_map(frame, choropleth, tmp_path / "gekozen.png", selected="BU02"))
    plain = read_png(render_static_map(frame, choropleth, tmp_path / "gewoon.png"))
    assert pixel(selected, position).max() <= 40, pixel(selected, position)
    assert pixel(plain, position).max() > 90, pixel(plain, position)  # fill or grey outline (99), not black


def test_synthetic_mark_is_drawn_on_the_map_in_the_language_of_the_map(tmp_path):
    frame, choropleth = squares(synthetic=True, lang="en")
    slide = _draw_slide(frame, choropleth)
    assert slide.mark.get_text() == "SYNTHETIC DEMO DATA"
    left, top, right, bottom = slide.mark_box()
    map_box = slide.map_axes.get_window_extent()
    height = slide.figure.bbox.height
    assert map_box.x0 <= left < right <= map_box.x1
    assert height - map_box.y1 <= top < bottom <= height - map_box.y0
    assert _draw_slide(*squares()).mark is None


# --- text ----------------------------------------------------------------------------------------


def test_dollars_and_markup_are_drawn_literally(tmp_path):
    frame, choropleth = squares(title="Inkomen in $ en $x$ per inwoner", source="Bron: $eigen$ <b>data</b>")
    choropleth.names[1] = "<img src=x onerror=alert(1)>"
    path = render_static_map(frame, choropleth, tmp_path / "tekst.svg", selected="BU02")
    texts = svg_texts(path)
    assert "Inkomen in $ en $x$ per inwoner" in texts
    assert "<img src=x onerror=alert(1)>" in " ".join(texts)  # the selected district's name, in the legend
    assert any(t.startswith("Bron: $eigen$ <b>data</b>") for t in texts)
    assert "<img" not in path.read_text(encoding="utf-8")  # escaped as XML text, not markup
    render_static_map(frame, choropleth, tmp_path / "tekst.png")  # mathtext would fail on a lone '$'
    render_static_map(frame, choropleth, tmp_path / "tekst.pdf")


def test_a_long_title_is_wrapped_within_the_slide_and_only_a_very_long_one_shortened():
    two_hundred = ("Gemiddeld inkomen per inwoner in de wijken en buurten van de gemeente, " * 3)[:200].strip()
    frame, choropleth = squares(title=two_hundred)
    title_text = _draw_slide(frame, choropleth).figure.texts[0]
    assert " ".join(title_text.get_text().split()) == two_hundred  # all of it, on up to three lines
    frame, choropleth = squares(title="Gemiddeld inkomen per inwoner " * 12)
    slide = _draw_slide(frame, choropleth)
    renderer = slide.figure.canvas.get_renderer()
    for text in slide.figure.texts:
        extent = text.get_window_extent(renderer)
        assert 0 <= extent.x0 and extent.x1 <= slide.figure.bbox.width, text.get_text()[:30]
    title_text = next(t for t in slide.figure.texts if t.get_text().startswith("Gemiddeld"))
    assert title_text.get_text().count("\n") == 2 and title_text.get_text().endswith("…")


# --- failures ------------------------------------------------------------------------------------


def test_unknown_extension_is_refused(tmp_path):
    frame, choropleth = squares()
    with pytest.raises(ValueError, match=r"'kaart\.jpg'.*\.png, \.pdf or \.svg"):
        render_static_map(frame, choropleth, tmp_path / "kaart.jpg")
    assert not list(tmp_path.iterdir())


def test_districts_that_differ_from_the_choropleth_are_refused(tmp_path):
    frame, choropleth = squares()
    with pytest.raises(ValueError, match=r"different districts \(row 0: 'BU04' in the frame, 'BU01'"):
        render_static_map(frame.iloc[::-1], choropleth, tmp_path / "kaart.png")
    with pytest.raises(ValueError, match=r"different districts \(3 districts in the frame, 4 in the choropleth"):
        render_static_map(frame.iloc[:3], choropleth, tmp_path / "kaart.png")
    with pytest.raises(ValueError, match="'code' column"):
        render_static_map(frame.drop(columns="code"), choropleth, tmp_path / "kaart.png")
    with pytest.raises(ValueError, match="folder .* does not exist"):
        render_static_map(frame, choropleth, tmp_path / "nergens" / "kaart.png")
    assert not list(tmp_path.iterdir())


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    frame, choropleth = squares()
    target = tmp_path / "kaart.png"

    def broken_savefig(self, fname, **kwargs):
        with open(fname, "wb") as handle:
            handle.write(b"\x89PNG half a file")
        raise OSError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        render_static_map(frame, choropleth, target)
    assert not list(tmp_path.iterdir())


def test_a_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    frame, choropleth = squares()
    target = render_static_map(frame, choropleth, tmp_path / "kaart.png")
    before = target.read_bytes()
    monkeypatch.setattr(Figure, "savefig", lambda self, fname, **kwargs: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        render_static_map(frame, dataclasses.replace(choropleth, title="Nieuw"), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kaart.png"]


# --- decks: several slides in one file ----------------------------------------------------------


def test_a_deck_pdf_has_one_page_per_slide_with_its_title_and_note(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    first, first_map = squares(title="Eerste dia")
    second, second_map = squares(title="Tweede dia")
    path = render_slides([Slide(first, first_map, note="Een notitie\nover twee regels"),
                          Slide(second, second_map)], tmp_path / "deck.pdf")
    pages = pypdf.PdfReader(path).pages
    assert len(pages) == 3  # and the appendix
    assert "Eerste dia" in pages[0].extract_text() and "Een notitie" in pages[0].extract_text()
    assert "Tweede dia" in pages[1].extract_text() and "notitie" not in pages[1].extract_text()
    assert pages[2].extract_text().startswith("Bijlage: bronnen en geheimhouding")


def test_a_deck_zip_has_one_png_slide_per_view(tmp_path):
    import zipfile

    frame, choropleth = squares()
    path = render_slides([Slide(frame, choropleth), Slide(frame, choropleth)], tmp_path / "deck.zip")
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["dia_01.png", "dia_02.png", "bijlage.png"]
        image = Image.open(archive.open("dia_01.png"))
        assert image.size == (2000, 1125)


@pytest.mark.parametrize(("slides", "name"), [([], "deck.pdf"), (None, "deck.pptx")])
def test_a_deck_that_cannot_be_written_leaves_no_file(tmp_path, slides, name):
    if slides is None:
        slides = [Slide(*squares())]
    with pytest.raises(ValueError):
        render_slides(slides, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def _lonlat_box(frame, rows) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees around the given rows of an RD frame."""
    return tuple(frame.iloc[rows].to_crs("EPSG:4326").total_bounds)


def test_a_presenters_extent_zooms_the_slide_to_the_districts_in_view():
    frame, choropleth = squares()
    whole = _draw_slide(frame, choropleth)
    zoomed = _draw_slide(frame, choropleth, extent=_lonlat_box(frame, [1]))
    second = frame.geometry.iloc[1]
    x_low, x_high = zoomed.map_axes.get_xlim()
    # the second square fills the width it has; the fourth one is out of view
    assert x_low <= second.bounds[0] and second.bounds[2] <= x_high
    assert x_high < frame.geometry.iloc[3].bounds[0]

    def width(slide):
        return np.subtract(*slide.pixels([second.bounds[2], second.bounds[0]], [second.centroid.y] * 2)[:, 0])

    assert width(zoomed) > 2 * width(whole)  # a row of four squares, now one that fills the height


def test_an_extent_wider_than_the_area_or_beside_it_shows_the_whole_area():
    frame, choropleth = squares()
    whole = _draw_slide(frame, choropleth).map_axes.get_xlim()
    west, south, east, north = _lonlat_box(frame, [0, 1, 2, 3])
    wide = (west - 1, south - 0.5, east + 1, north + 0.5)  # a browser window much wider than the area
    assert _draw_slide(frame, choropleth, extent=wide).map_axes.get_xlim() == pytest.approx(whole)
    beside = (east + 1, south, east + 2, north)  # panned away from every district
    assert _draw_slide(frame, choropleth, extent=beside).map_axes.get_xlim() == pytest.approx(whole)


@pytest.mark.parametrize("extent", [(5, 52, 4, 53), (4, 52, 5), ("a", 1, 2, 3), (4, 52, 5, 95)])
def test_a_bad_extent_is_refused_before_anything_is_written(tmp_path, extent):
    frame, choropleth = squares()
    with pytest.raises(ValueError, match="extent"):
        render_static_map(frame, choropleth, tmp_path / "kaart.png", extent=extent)
    with pytest.raises(ValueError, match="extent"):
        render_slides([Slide(frame, choropleth, extent=extent)], tmp_path / "dias.pdf")
    assert list(tmp_path.iterdir()) == []
