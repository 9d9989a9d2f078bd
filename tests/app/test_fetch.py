"""Fetching a gemeente from CBS and PDOK on the Gegevens page, against local services in the real wire format."""


import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import share_component_scan
from tests.conftest import PROJECT
from tests.indicators.io.test_download import FakeServices


@pytest.fixture
def page(monkeypatch, tmp_path):
    import geo.datasets

    monkeypatch.setattr(geo.datasets, "DOWNLOAD_DIR", tmp_path / "downloads")
    at = share_component_scan(AppTest.from_file(str(PROJECT / "ui" / "main.py"), default_timeout=60)).run()
    at.switch_page("screens/gegevens.py").run()
    return at


def _fetch(at, gemeente="GM1916", year=2024):
    at.text_input(key="fetch_gemeente").set_value(gemeente)
    at.selectbox(key="fetch_year").set_value(year)
    form_button = [b for b in at.get("form_submit_button") if b.label == "Ophalen"][0]
    form_button.click().run()
    return at


@pytest.mark.slow
def test_fetching_a_gemeente_makes_a_dataset_of_its_wijken(page, wire_data, monkeypatch):
    services = FakeServices(*wire_data)
    try:
        monkeypatch.setenv("WIJKVERKENNER_PDOK_URL", services.url)
        monkeypatch.setenv("WIJKVERKENNER_CBS_URL", services.url)
        at = _fetch(page)
    finally:
        services.stop()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "13 gebieden van GM1916 (2024) opgehaald; ze staan nu als gegevensbron op de kaart."]
    assert at.session_state["dataset"] == "fetch-GM1916_2024_wijk"
    shown = at.dataframe[0].value
    assert len(shown) == 13 and shown["code"].str.startswith("WK1916").all()
    assert "Aantal inwoners" in shown.columns


def test_offline_gives_a_dutch_message_and_keeps_the_demo(page, monkeypatch):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setenv("WIJKVERKENNER_PDOK_URL", closed)
    monkeypatch.setenv("WIJKVERKENNER_CBS_URL", closed)
    at = _fetch(page, gemeente="GM0599", year=2023)
    assert not at.exception
    (error,) = [e.value for e in at.error]
    shown = error.replace("\\", "")  # Markdown escapes of the host's name (ui.i18n.plain) are not shown
    assert shown.startswith("Ophalen is niet gelukt: er is geen verbinding met 127.0.0.1")
    assert at.session_state["dataset"] == "demo"


def test_a_bad_gemeente_code_is_explained(page):
    at = _fetch(page, gemeente="Leidschendam")
    (error,) = [e.value for e in at.error]
    assert "controleer de gemeentecode (GM + 4 cijfers)" in error
