"""The Gegevens page in a real browser: it loads offline, shows the demo and reacts to the sidebar."""

import re

import pytest

from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")


def test_gegevens_page_shows_demo_and_switches_level(page, app_url, screenshot):
    page.goto(app_url, wait_until="domcontentloaded")
    page.get_by_text("Synthetische demodata").first.wait_for(timeout=60_000)
    summary = page.get_by_text(re.compile(r"gebieden gelezen uit")).first
    summary.wait_for()
    wijken = int(re.match(r"(\d+)", summary.inner_text()).group(1))
    screenshot(page, "-wijken")
    page.get_by_text("Buurten", exact=True).click()
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=stCaptionContainer]')]"
        ".some(e => /^(\\d+) gebieden/.test(e.innerText) && parseInt(e.innerText) !== n)",
        arg=wijken, timeout=30_000,
    )
    buurten = int(re.match(r"(\d+)", page.get_by_text(re.compile(r"gebieden gelezen uit")).first.inner_text()).group(1))
    assert buurten > wijken
    page.locator("[data-testid=stDataFrame]").wait_for()
    screenshot(page, "-buurten")
    assert page.blocked == []  # nothing outside localhost was even asked for
