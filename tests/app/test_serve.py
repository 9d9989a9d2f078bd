"""The start command prepares the first map before the server answers (issue #21)."""

from __future__ import annotations

import gc

import pytest

from tests.conftest import DEMO_DATA, PROJECT


@pytest.fixture(autouse=True)
def _unfreeze():
    """``warm_up`` freezes the heap as for a server; the rest of the test run is not one."""
    yield
    gc.unfreeze()


def test_streamlit_runs_app_py_as_an_app_with_a_start_hook():
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(PROJECT / "app.py")
    assert found.is_asgi_app  # so `streamlit run app.py` starts it with its lifespan, and serves ui/main.py


@pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")
def test_warm_up_leaves_the_first_visits_map_read_protected_and_prepared():
    from geo.datasets import demo_dataset
    from indicators.privacy.disclosure import DisclosureSettings
    from ui import caches

    caches.warm_up()
    dataset = demo_dataset()
    level, year = dataset.levels[0], dataset.years[-1]
    assert caches._preparing(dataset, level, year).done()  # the geometry is there: no wait for it
    loaded = caches.load_with(dataset, level, year, DisclosureSettings())
    assert len(loaded.table.data) > 0 and loaded.disclosure is not None
    assert gc.get_freeze_count() > 0  # what the start made is left out of the collector's walks from now on


@pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")
def test_the_first_visit_after_a_start_does_not_wait_for_streamlits_console_check(monkeypatch):
    """Streamlit asks once per process whether it runs in a console (0.2-0.35 s): at the start, not in a visit.

    Fails when a Streamlit version moves that check: the first visitor would pay for it again.
    """
    from streamlit import delta_generator, env_util
    from streamlit.testing.v1 import AppTest

    from ui import caches

    asked = []
    monkeypatch.setattr(env_util, "is_repl", lambda: asked.append(1) or False)
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)  # a new server process
    caches.warm_up()
    assert asked == [1]  # asked at the start
    app = AppTest.from_file(str(PROJECT / "ui" / "main.py"), default_timeout=60)
    app.run()
    assert not app.exception and app.get("bidi_component")  # the first visit's page, with its map
    assert asked == [1]  # and not again in the visit


@pytest.mark.skipif(not any(DEMO_DATA.glob("*.gpkg")), reason="demo data not generated")
def test_a_dataset_that_enters_the_app_has_every_layer_read_and_prepared_in_the_background(monkeypatch):
    """An upload, a download, the demo at start: each level and year is read and prepared before a page asks."""
    import threading
    from dataclasses import replace

    from geo.datasets import demo_dataset
    from ui import caches

    readers = []

    def load_districts(*args, **kwargs):
        readers.append(threading.current_thread().name)
        return real(*args, **kwargs)

    real = caches.load_districts
    monkeypatch.setattr(caches, "load_districts", load_districts)
    dataset = replace(demo_dataset(), key="entered-now")  # a new key: nothing of it is cached yet
    caches.prepare_soon(dataset)
    layers = [(level, year) for year in dataset.years for level in dataset.levels]
    for _ in range(200):
        if len(readers) == len(layers):
            break
        threading.Event().wait(0.05)
    for level, year in layers:
        layer = caches.prepared(dataset, level, year)
        assert layer.codes and len(layer.shapes) == len(layer.codes)
    assert len(readers) == len(layers)  # each layer read once, and not by the page that shows it
    assert all(name.startswith("wijkverkenner-layer") for name in readers)
