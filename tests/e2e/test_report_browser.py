"""The wijkprofiel from the Kaart page in a real Chromium: select a wijk, click, get the PDF."""

import pypdf
import pytest

from tests.conftest import DEMO_DATA
from tests.e2e.test_app_browser import map_frame, no_traceback

pytestmark = pytest.mark.skipif(not (DEMO_DATA / "nederland_2024_demo.csv").exists(),
                                reason="demo data not generated")


def test_the_wijkprofiel_downloads_from_the_profile(page, app_url, screenshot):
    page.goto(f"{app_url}/?niveau=wijk&gebied=WK999911")
    map_frame(page)
    page.get_by_text("Profiel van Zuiderhout (WK999911)").wait_for(timeout=60_000)
    button = page.get_by_role("button", name="Wijkprofiel downloaden")
    button.wait_for(timeout=60_000)
    page.get_by_text("Vergeleken met de gemeente, Nederland en vergelijkbare gemeenten").wait_for()
    screenshot(page, "-references")
    with page.expect_download(timeout=120_000) as download:
        button.click()
    assert download.value.suggested_filename == "wijkprofiel_WK999911_2024.pdf"
    pdf = pypdf.PdfReader(download.value.path())
    assert len(pdf.pages) == 3
    first, table = pdf.pages[0].extract_text(), pdf.pages[1].extract_text()
    assert "Wijkprofiel Zuiderhout" in first and "SYNTHETISCHE DEMODATA" in first
    assert "Kerncijfers 2024" in table and "75.140" in table and "geheim (< 10)" in table
    no_traceback(page)
    assert page.blocked == []
