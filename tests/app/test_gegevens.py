"""App logic of the Gegevens page, run headless with Streamlit's AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DEMO_DATA, PROJECT

pytestmark = pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")


@pytest.fixture
def app():
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    return at.run()


def test_default_view_shows_the_demo_wijken_marked_synthetic(app):
    assert not app.exception
    assert any("Synthetische demodata" in w.value for w in app.warning)
    table = app.dataframe[0].value
    assert 8 <= len(table) <= 16
    assert table["code"].str.startswith("WK9999").all()
    assert "gebieden gelezen uit wijkenbuurten_2024_demo.gpkg" in app.caption[0].value


def test_buurt_level_and_year_switch_show_the_2024_split(app):
    app.radio(key="level").set_value("buurt").run()
    assert not app.exception
    buurten_2024 = set(app.dataframe[0].value["code"])
    app.selectbox(key="year").set_value(2023).run()
    assert not app.exception
    buurten_2023 = set(app.dataframe[0].value["code"])
    assert len(buurten_2024 - buurten_2023) == 2  # one buurt split in two
    assert len(buurten_2023 - buurten_2024) == 1


def test_secret_cells_read_geheim_not_a_number(app):
    app.radio(key="level").set_value("buurt").run()
    table = app.dataframe[0].value
    assert (table == "geheim").any().any()
    assert not table.astype(str).apply(lambda c: c.str.contains("99997")).any().any()


def test_join_report_of_the_own_table_is_shown(app):
    captions = " ".join(c.value for c in app.caption)
    assert "Koppeling met jeugdwerkloosheid_2024_demo.csv" in captions
    assert "gekoppeld op code" in captions
