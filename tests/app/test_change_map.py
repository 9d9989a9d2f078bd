"""The change map between two years on the Kaart page."""

from streamlit.testing.v1 import AppTest

from tests.app.conftest import share_component_scan
from tests.conftest import PROJECT


def _app(**params):
    at = share_component_scan(AppTest.from_file(str(PROJECT / "ui" / "main.py"), default_timeout=60))
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_change_since_a_year_lists_boundary_changes_instead_of_drawing_them():
    at = _app(niveau="buurt", indicator="aantal_inwoners", sinds="2023")
    assert not at.exception
    (notice,) = [i.value for i in at.info]
    assert "Alleen in 2023: BU99990601. Alleen in 2024: BU99990606, BU99990607." in notice
    assert "2023" in str(at.query_params["sinds"])


def test_percent_change_is_a_choice_kept_in_the_url():
    at = _app(niveau="wijk", indicator="aantal_inwoners", sinds="2023")
    at.radio(key="change_unit").set_value("percent").run()
    assert not at.exception
    assert "percent" in str(at.query_params["verandering"])


def test_an_unknown_comparison_year_falls_back_with_a_notice():
    at = _app(sinds="1999")
    assert not at.exception
    assert any("'1999' voor 'sinds'" in w.value for w in at.warning)
    assert not at.session_state["since"]  # no change map


def test_the_change_of_a_percentage_is_in_percentage_points():
    """12 % to 15 % is 3 percentage points: the title said "verandering 2023–2024 (%)", a relative change."""
    from tests.app.conftest import maps_sent

    at = _app(niveau="wijk", indicator="percentage_zelfstandigen", sinds="2023")
    assert not at.exception
    (shown,) = maps_sent(at)
    assert "verandering 2023–2024 (procentpunt)" in shown["legend"]
    at.radio(key="change_unit").set_value("percent").run()  # the relative change of the share is in %
    assert "verandering 2023–2024 (%)" in maps_sent(at)[0]["legend"]
