"""The wijkprofiel's content on the demo buurten: references from the same protection, a trend across the split."""

from __future__ import annotations

import pytest

from geo.datasets import demo_dataset, load_protected_year
from geo.profiles import district_report, load_profile_source
from indicators.analysis.benchmarks import row_reference
from maps.report import render_report
from tests.conftest import DEMO_DATA


@pytest.fixture(scope="module")
def source():
    if not (DEMO_DATA / "nederland_2024_demo.csv").exists():
        pytest.skip("demo data not generated (python cli.py demo --out data/demo)")
    return load_profile_source(demo_dataset(), "buurt")


@pytest.mark.slow
def test_the_gemeente_reference_is_the_protected_gemeente_row(source):
    protected = load_protected_year(demo_dataset(), 2024)["gemeente"][0]
    report = district_report(source, "BU99990101")
    for row in report.rows():
        assert row.gemeente == row_reference(protected, "GM9999", row.column)
    assert source.similarity is not None and len(source.similarity.members) == 10


@pytest.mark.slow
def test_a_split_buurt_has_no_trend_across_the_change(source):
    assert source.before["BU99990606"] == ("BU99990601",)
    report = district_report(source, "BU99990606")
    assert any("Grenswijziging" in note and "BU99990601" in note and "2024" in note for note in report.notes)
    for row in report.rows():
        assert [[p.year for p in segment] for segment in row.trend.segments] in ([[2024]], [])
        assert row.arrow is None
        assert row.trend_gemeente is None or len(row.trend_gemeente.segments) == 1  # GM9999 in both years
    assert any("grenswijziging in 2024" in block.sentence for block in report.themes)


def test_an_earlier_year_reports_that_year(source):
    report = district_report(source, "BU99990601", year=2023)
    assert report.year == 2023 and report.years == (2023,)
    with pytest.raises(ValueError, match="no buurt 'BU99990601'"):
        district_report(source, "BU99990601")  # gone in 2024


def test_the_html_report_is_one_escaped_page(source, tmp_path):
    report = district_report(source, "BU99990606", "en")
    page = render_report(report, tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html><html lang="en">') and "SYNTHETIC DEMO DATA" in page
    assert "District profile Sluisburg Noord" in page and "data:image/png;base64," in page
    assert "http://" not in page and "https://" not in page  # opens without a network


@pytest.mark.slow
def test_the_pdf_of_a_split_buurt_says_so_and_draws_no_trend_arrow(source):
    import io

    import pypdf

    from maps.report import report_pdf

    pdf = pypdf.PdfReader(io.BytesIO(report_pdf(district_report(source, "BU99990606"))))
    first, table = (" ".join(page.extract_text().split()) for page in pdf.pages[:2])
    assert ("Grenswijziging: Sluisburg Noord bestaat in deze vorm sinds 2024 (daarvoor deel van BU99990601)"
            in first)
    assert "door een grenswijziging in 2024 niet te vergelijken met eerdere jaren" in first
    # the arrows appear once each, in the explanation under the table: no figure has a trend across the split
    assert (table.count("↑"), table.count("↓"), table.count("→")) == (1, 1, 1)
