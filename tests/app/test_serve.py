"""The start command prepares the first map before the server answers (issue #21)."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO_DATA, PROJECT


def test_streamlit_runs_app_py_as_an_app_with_a_start_hook():
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(PROJECT / "app.py")
    assert found.is_asgi_app  # so `streamlit run app.py` starts it with its lifespan, and serves ui/main.py


@pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")
def test_warm_up_leaves_the_first_visits_map_read_protected_and_prepared():
    from geo.datasets import demo_dataset
    from indicators.disclosure import DisclosureSettings
    from ui import caches

    caches.warm_up()
    dataset = demo_dataset()
    level, year = dataset.levels[0], dataset.years[-1]
    assert caches._preparing(dataset, level, year).done()  # the geometry is there: no wait for it
    loaded = caches.load_with(dataset, level, year, DisclosureSettings())
    assert len(loaded.table.data) > 0 and loaded.disclosure is not None
