"""The wijkprofiel's pages as a reader sees them: every text on the page, none over another, none cut."""

from __future__ import annotations

import itertools

import pytest

from geo.datasets import demo_dataset
from geo.profiles import district_report, load_profile_source
from indicators.privacy.disclosure import DisclosureSettings
from maps.report import MARGIN, draw_pages
from tests.conftest import PROJECT
from tests.maps.test_slide_layout import texts_of

OUTPUT = PROJECT / "tests" / "output"


@pytest.fixture(scope="module")
def source():
    dataset = demo_dataset()
    return load_profile_source(dataset, "wijk", DisclosureSettings(), similar=5)


def overlaps_and_cuts(figure) -> list[str]:
    """Texts that leave the page's margins or lie over another (the texts of one table row sit side by side)."""
    renderer = figure.canvas.get_renderer()
    boxes = [(text.get_text(), text.get_window_extent(renderer)) for text in texts_of(figure)]
    page, margin = figure.bbox, (MARGIN - 0.05) * figure.dpi  # a glyph's side bearing may reach a little further
    found = [f"outside the margins: {text[:60]!r}" for text, box in boxes
             if not (page.x0 + margin <= box.x0 and box.x1 <= page.x1 - margin
                     and page.y0 <= box.y0 and box.y1 <= page.y1)]
    found += [f"{first[:50]!r} overlaps {second[:50]!r}" for (first, a), (second, b) in itertools.combinations(boxes, 2)
              if a.overlaps(b)]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_text_of_a_report_overlaps_another_or_leaves_the_margins(source, lang):
    """Two wijken in Dutch, one in English (all 24 reports pass too, in 90 s; each is a second to draw)."""
    for code in source.codes()[:2 if lang == "nl" else 1]:
        pages = draw_pages(district_report(source, code, lang))
        for number, page in enumerate(pages, start=1):
            page.canvas.draw()
            problems = overlaps_and_cuts(page)
            if problems:
                OUTPUT.mkdir(exist_ok=True)
                page.savefig(OUTPUT / f"wijkprofiel_{code}_{lang}_{number}.png", dpi=110, facecolor="white")
            assert not problems, f"{code} ({lang}), page {number}: {problems[:3]}"


@pytest.mark.slow
def test_no_text_of_the_real_leidschendam_voorburg_reports_overlaps_or_leaves_the_margins(real_file):
    """The 13 real wijken of GM1916 with the real KWB 2024 rows: real names and real sentences."""
    from geo.datasets import Dataset, figures_year
    from indicators.core.codes import year_in_name

    wijken = real_file("wijken_2025_GM1916_subset.geojson")
    values = real_file("kwb2024_85984NED_gm_wk_values.json")
    year = figures_year(year_in_name(wijken.name), [values])  # KWB 2024 on the wijken of 2025: 2024, as the CLI
    dataset = Dataset(key="gm1916", title="Leidschendam-Voorburg", boundaries={year: wijken},
                      tables={year: (values,)}, levels=("wijk",))
    source = load_profile_source(dataset, "wijk", DisclosureSettings(), similar=5)
    assert len(source.codes()) == 13
    for code in source.codes():
        pages = draw_pages(district_report(source, code, "nl"))
        for number, page in enumerate(pages, start=1):
            page.canvas.draw()
            problems = overlaps_and_cuts(page)
            assert not problems, f"{code}, page {number}: {problems[:3]}"
        # the gemeente's own row among the comparable gemeenten keeps its name and code (two lines, not "…")
        first_page = " ".join(" ".join(text.get_text().split()) for text in texts_of(pages[0]))
        assert "Leidschendam-Voorburg (GM1916)" in first_page
