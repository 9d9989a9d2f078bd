"""Fixtures for the app tests: a fresh headless app, the demo's figures, and the bytes behind download buttons.

Every test drives the app's script ``ui/main.py`` through ``streamlit.testing.v1.AppTest``. The map itself is a custom
component (``ui/map_component.py``) that renders nothing there: tests read what it was sent (``maps_sent``) and
select districts through the search box or ``at.session_state["selected"]``, as a click would.
"""

from __future__ import annotations

import json

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tests.conftest import DEMO_DATA, PROJECT

APP = PROJECT / "ui" / "main.py"
PAGES = {
    "kaart": "screens/kaart.py",
    "vergelijken": "screens/vergelijken.py",
    "gegevens": "screens/gegevens.py",
    "presenteren": "screens/presenteren.py",
    "evenementen": "screens/evenementen.py",
    "doelgroepen": "screens/doelgroepen.py",
}
# Widget keys that make up a view (ui/address.py URL_KEYS plus the theme).
VIEW_KEYS = ("dataset", "level", "year", "theme", "indicator", "scheme", "k", "palette", "basemap", "selected",
             "lang")
GM1916_WIJKEN = "wijken_2025_GM1916_subset.geojson"


_COMPONENT_SCAN = []


def share_component_scan(at: AppTest) -> AppTest:
    """Let every AppTest of this process share one scan for Streamlit's v2 components.

    AppTest scans the metadata of every installed package for them once per instance (about a
    second, most of a short test); the app's own components are defined in its code, not in a
    package's manifest, so one scan serves all. Where a Streamlit
    version no longer has the attribute, each instance scans for itself, as before.
    """
    if not hasattr(at, "_bidi_component_manager"):
        return at
    if not _COMPONENT_SCAN:
        from streamlit.components.v2.component_manager import BidiComponentManager

        manager = BidiComponentManager()
        manager.discover_and_register_components(start_file_watching=False)
        _COMPONENT_SCAN.append(manager)
    at._bidi_component_manager = _COMPONENT_SCAN[0]
    return at


def maps_sent(at: AppTest) -> list[dict]:
    """The data of every map on the page, as the map component received it (JSON; shapes only when first sent)."""
    return [json.loads(element.proto.bytes) for element in at.main if getattr(element, "type", None) == "bidi_component"
            and element.proto.component_name == "wijkverkenner_map"]


def new_app(**url) -> AppTest:
    """A fresh session of the app (not yet run), opened with ``url`` as the address's query parameters."""
    if not any(DEMO_DATA.glob("*.gpkg")):
        pytest.skip("demo data not generated (python cli.py demo --out data/demo)")
    at = AppTest.from_file(str(APP), default_timeout=60)
    share_component_scan(at)
    at.query_params.update({name: str(value) for name, value in url.items()})
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    """Go to one of the app's pages, as a click in the navigation does, and run it."""
    return at.switch_page(PAGES[page]).run()


def texts(elements) -> list[str]:
    """The text of every element of one kind (``at.warning``, ``at.caption``, ...)."""
    return [element.value for element in elements]


def view_state(at: AppTest) -> dict:
    """The view a session shows, from its widget state (absent keys as None)."""
    return {key: at.session_state[key] if key in at.session_state else None for key in VIEW_KEYS}


def assert_ok(at: AppTest) -> None:
    """The floor of every test: the run raised nothing and showed no Streamlit exception box."""
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def app() -> AppTest:
    """A first visit without parameters: the Kaart page with the default view."""
    at = new_app().run()
    assert_ok(at)
    return at


@pytest.fixture(scope="session")
def demo_buurten_2024():
    """The demo's buurt table of 2024 as the engine loads it (to compare the page against)."""
    from geo.datasets import demo_dataset, load_districts

    if not any(DEMO_DATA.glob("*.gpkg")):
        pytest.skip("demo data not generated")
    table, _, _ = load_districts(demo_dataset(), "buurt", 2024)
    return table


class _RecordingStorage(MemoryMediaFileStorage):
    """AppTest's in-memory media storage, keeping every file so a test can read a download's bytes."""

    files: dict[str, bytes] = {}

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        _RecordingStorage.files[file_id] = self.get_file(file_id).content
        return file_id


@pytest.fixture(scope="session")
def download_bytes():
    """Return a function giving the data behind a ``download_button`` element (what the browser would save).

    AppTest keeps download data in a media storage it creates and drops on every run; this fixture
    swaps in one that remembers the files, keyed by the id in the button's URL.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", _RecordingStorage)

        def read(button) -> bytes:
            file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
            return _RecordingStorage.files[file_id]

        yield read
