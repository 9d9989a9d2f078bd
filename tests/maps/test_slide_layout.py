"""A slide a designer would sign off: nothing overlaps or is cut, at three screen sizes, with long texts.

Each case is drawn at 1280 x 720, 1440 x 900 and 1920 x 1080 pixels and saved in ``tests/output/``
to be looked at; then the box of every text on the slide (title, subtitle, legend, note, source,
scale bar, mark) is compared with every other one and with the slide's edges, and the texts are
checked to be there in full.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import date

import pytest
from PIL import Image

from geo.datasets import demo_dataset, load_protected
from indicators.analysis.classify import shared_classes
from indicators.core.formatting import format_date
from maps.choropleth import LegendEntry, build_choropleth, slide_footer, source_line, subtitle_for
from maps.slides import Slide, _draw_slide, _screen, render_slide, render_slides
from tests.conftest import PROJECT

OUTPUT = PROJECT / "tests" / "output"
SCREENS = [(1280, 720), (1440, 900), (1920, 1080)]
RATE = "bijstand_per_1000_15_65"
LONG_TITLE = ("Bijstand en re-integratie in Demostad: waar wonen de mensen die het langst een uitkering hebben, en "
              "waar helpt de begeleiding naar werk het best? Een eerste blik op de cijfers per buurt voor de "
              "stuurgroep")[:200]
LONG_NOTE = " ".join(
    f"Punt {n}: de buurten aan de oostkant hebben meer bijstand dan gemiddeld, ook na correctie voor leeftijd."
    for n in range(1, 40))[:1000]
UNIT = "per 1.000 inwoners van 15 tot 65 jaar"


def _map(loaded, column=RATE, classification=None, **changes):
    """A choropleth of the demo as the app builds it for a slide: credit, plain rule, synthetic."""
    table = loaded.table
    choropleth = build_choropleth(
        table, column, classification=classification, synthetic=True, title=f"Bijstand {UNIT} ({_year(table)})",
        secret_label=loaded.disclosure.label(column), rule=loaded.disclosure.plain_note("nl", column),
        source=source_line(table.cited, loaded.disclosure.note("nl", column, "buurt")))
    return dataclasses.replace(choropleth, **changes)


def _year(table) -> int:
    return 2023 if "2023" in table.source else 2024


@pytest.fixture(scope="module")
def demo():
    return {year: load_protected(demo_dataset(), "buurt", year) for year in (2023, 2024)}


@pytest.fixture(scope="module")
def cases(demo):
    """Single map, two maps, and long texts (title, note, class labels), as slides."""
    later = demo[2024]
    frame = later.table.data
    single = _map(later, headline="Bijstand per buurt, 2024",
                  subtitle=subtitle_for("Bijstand per buurt, 2024", f"Bijstand {UNIT}", 2024))
    columns = [demo[year].table.data[RATE] for year in (2023, 2024)]
    classes = shared_classes(columns, "quantiles", 5, decimals=1)
    left, right = (_map(demo[year], classification=cls) for year, cls in zip((2023, 2024), classes))
    long_labels = [dataclasses.replace(entry, label=f"{entry.bounds} {UNIT}", bounds="") if entry.kind == "class"
                   else entry for entry in single.legend]
    long = dataclasses.replace(single, headline=LONG_TITLE, legend=long_labels)
    selected = frame["code"].iloc[7]
    return {
        "enkel": Slide(frame, single, selected=selected, note="Let op de oostkant: daar is de bijstand het hoogst."),
        "twee": Slide(demo[2023].table.data, left, beside=(frame, right), title="Bijstand 2023 en 2024",
                      note="Twee jaren op één klassenindeling.", selected=selected),
        "lang": Slide(frame, long, selected=selected, note=LONG_NOTE),
        "twee_lang": Slide(demo[2023].table.data, left, beside=(frame, right), title=LONG_TITLE, note=LONG_NOTE),
    }


def texts_of(figure) -> list:
    """Every non-empty text on the slide: the figure's own and those drawn on the maps."""
    found = list(figure.texts) + [text for axes in figure.axes for text in axes.texts]
    return [text for text in found if text.get_visible() and text.get_text().strip()]


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_laid_out(figure, expected: list[str]) -> None:
    """No two texts overlap, each lies inside the slide, and each expected text is there in full."""
    renderer = figure.canvas.get_renderer()
    boxes = [(text.get_text(), text.get_window_extent(renderer)) for text in texts_of(figure)]
    edge = figure.bbox
    for text, box in boxes:
        assert edge.x0 <= box.x0 and box.x1 <= edge.x1 and edge.y0 <= box.y0 and box.y1 <= edge.y1, \
            f"outside the slide: {text[:60]!r}"
    for (first, a), (second, b) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"{first[:50]!r} overlaps {second[:50]!r}"
    shown = " | ".join(flat(text) for text, _ in boxes)
    for text in expected:
        assert flat(text) in shown, f"not on the slide in full: {text[:80]!r}"


def expected_texts(slide: Slide) -> list[str]:
    """What must be on the slide in full: titles, every legend entry with its count, the source line."""
    maps = [slide.choropleth] + ([slide.beside[1]] if slide.beside else [])
    texts = [slide.title or slide.choropleth.headline, slide_footer(maps)]
    if slide.choropleth.subtitle and not slide.beside:
        texts.append(slide.choropleth.subtitle)
    for choropleth in maps:
        for entry in choropleth.legend:
            texts.append(f"{entry.bounds or entry.label} ({entry.count})")
    return texts


@pytest.mark.slow
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("case", ["enkel", "twee", "lang", "twee_lang"])
def test_nothing_overlaps_or_is_cut_at_three_screen_sizes(cases, case, screen):
    slide = cases[case]
    size, dpi = _screen(screen)
    drawn = _draw_slide(slide.frame, slide.choropleth, selected=slide.selected, note=slide.note,
                        beside=slide.beside, title=slide.title, dpi=dpi, size=size)
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"dia_{case}_{screen[0]}x{screen[1]}.png"
    drawn.figure.savefig(path, dpi=dpi, facecolor="white")
    assert Image.open(path).size == screen
    expected = expected_texts(slide)
    if case == "lang":
        expected.append(LONG_NOTE)  # a note of 1,000 characters fits beside one map, in full
    assert_laid_out(drawn.figure, expected)
    assert not drawn.note_cut or case == "twee_lang"


def test_the_layout_check_catches_overlap_and_cut_text(cases):
    """The check above fails on a slide where two texts collide or one runs off the edge."""
    slide = cases["enkel"]
    drawn = _draw_slide(slide.frame, slide.choropleth)
    title = drawn.figure.texts[0]
    drawn.figure.text(*title.get_position(), "Erbovenop", transform=title.get_transform())
    with pytest.raises(AssertionError, match="overlaps"):
        assert_laid_out(drawn.figure, [])
    drawn = _draw_slide(slide.frame, slide.choropleth)
    drawn.figure.texts[0].set_x(12.5)  # the title pushed off the right edge
    with pytest.raises(AssertionError, match="outside the slide"):
        assert_laid_out(drawn.figure, [])


def test_title_names_the_indicator_once_and_the_year_once(cases):
    single = cases["enkel"].choropleth
    drawn = _draw_slide(cases["enkel"].frame, single)
    title, subtitle = (flat(text.get_text()) for text in drawn.figure.texts[:2])
    assert title == "Bijstand per buurt, 2024"
    assert subtitle == f"Bijstand {UNIT}"  # the year is in the title already
    assert subtitle_for("Bijstandsontvangers", "Personen met bijstand", 2024) == "Personen met bijstand (2024)"
    assert subtitle_for("Personen met bijstand in 2024", "Personen met bijstand", 2024) == ""
    assert subtitle_for("Personen met bijstand", "Personen met bijstand", 2024) == "2024"


def test_the_legend_names_the_unit_once_and_every_class_in_full_with_its_count(cases):
    single = cases["enkel"].choropleth
    drawn = _draw_slide(cases["enkel"].frame, single)
    shown = [flat(text.get_text()) for text in texts_of(drawn.figure)]
    assert "Per 1.000 inwoners van 15 tot 65 jaar" in shown
    classes = [entry for entry in single.legend if entry.kind == "class"]
    assert all(f"{entry.bounds} ({entry.count})" in shown for entry in classes)
    assert not any("…" in text for text in shown)
    assert 0 not in [entry.count for entry in classes]


def test_the_source_line_is_in_words_with_the_rule_and_the_date_and_no_counts_of_secret_cells(cases):
    drawn = _draw_slide(cases["enkel"].frame, cases["enkel"].choropleth)
    footer = next(flat(t.get_text()) for t in drawn.figure.texts if t.get_text().startswith("Bron:"))
    assert footer.startswith("Bron: Demostad, synthetische demodata · Aantallen onder 10 zijn geheim; "
                             "aantallen afgerond op 10 · ")
    assert f"Gemaakt op {format_date(date.today().isoformat())}" in footer
    everything = " ".join(t.get_text() for t in texts_of(drawn.figure))
    assert "gebieden geheim" not in everything and "Onthullingscontrole" not in everything
    assert ".gpkg" not in everything and ".csv" not in everything


def test_every_map_has_a_metric_scale_bar(cases):
    for case in ("enkel", "twee"):
        slide = cases[case]
        drawn = _draw_slide(slide.frame, slide.choropleth, beside=slide.beside)
        labels = [text.get_text() for axes in drawn.figure.axes for text in axes.texts
                  if re.fullmatch(r"\d+(,\d)? k?m", text.get_text())]
        assert len(labels) == len(drawn.figure.axes), case
        assert all(label in ("500 m", "1 km", "2 km") for label in labels)  # Demostad is a few km across


@pytest.mark.slow
def test_a_deck_puts_the_secret_counts_and_a_shortened_note_in_its_appendix(cases, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    very_long = dataclasses.replace(cases["twee_lang"], note=LONG_NOTE * 3)
    path = render_slides([cases["enkel"], very_long], tmp_path / "deck.pdf")
    pages = [flat(page.extract_text()) for page in pypdf.PdfReader(path).pages]
    assert len(pages) >= 3  # the slides, then the appendix on as many pages as it needs
    assert "gebieden geheim" not in pages[0] + pages[1]
    assert "(volledige notitie in de bijlage)" in pages[1]
    appendix = " ".join(pages[2:])
    assert appendix.startswith("Bijlage: bronnen en geheimhouding")
    assert "Dia 1: Bijstand per buurt, 2024" in appendix and "13 van 60 gebieden geheim" in appendix
    assert flat(LONG_NOTE * 3)[-200:] in appendix  # the note in full, its end too


def test_merged_empty_classes_are_said_in_the_legend(demo):
    loaded = demo[2024]
    # counts rounded to 10: many districts share a value, and seven quantiles cannot all hold one
    choropleth = build_choropleth(loaded.table, "personen_per_soort_uitkering_bijstand", scheme="quantiles", k=7)
    assert choropleth.legend_note.startswith("Lege klassen samengevoegd:")
    assert 0 not in [entry.count for entry in choropleth.legend]
    drawn = _draw_slide(loaded.table.data, choropleth)
    assert choropleth.legend_note in [flat(text.get_text()) for text in drawn.figure.texts]


def test_a_slide_for_a_screen_has_its_pixel_size(cases, tmp_path):
    path = render_slide(cases["enkel"], tmp_path / "dia.png", pixels=(1440, 900))
    assert Image.open(path).size == (1440, 900)
    with pytest.raises(ValueError, match="'pixels'"):
        render_slide(cases["enkel"], tmp_path / "dia.png", pixels=(900, 1440))


def test_a_legend_entry_never_shortened_even_when_long(cases):
    slide = cases["enkel"]
    name = "Buurt met een heel lange naam die over meer dan één regel moet lopen in de legenda"
    entries = [*slide.choropleth.legend, LegendEntry(name, "#ffffff", 3, kind="class")]
    drawn = _draw_slide(slide.frame, dataclasses.replace(slide.choropleth, legend=entries), note=LONG_NOTE)
    assert_laid_out(drawn.figure, [f"{name} (3)"])
