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
