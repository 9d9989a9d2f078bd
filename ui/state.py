"""The app's state: which datasets a session has, cached engine results, and the view in the URL.

Everything here arranges engine calls for Streamlit; the work itself happens in ``geo`` and
``indicators``. Loaded districts and prepared geometry are cached with ``st.cache_resource``:
they are large, treated as read-only, and ``st.cache_data`` would copy them on every rerun,
which costs more than the indicator switch itself at buurt scale.

A layer's display geometry is prepared in a background thread as soon as its districts are
read: simplifying 15,000 buurten takes over a second of GEOS work (which releases the GIL), and
meanwhile the page protects the figures, classifies them and draws the sidebar on the other core.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from geo.cache import layer_key, load_prepared, store_prepared
from geo.datasets import Dataset, demo_dataset, load_districts, protect_year, year_levels
from geo.simplify import PreparedLayer, prepare_layer
from indicators.classify import DEFAULT_K, DEFAULT_SCHEME, K_RANGE, SCHEMES
from indicators.disclosure import DisclosureSettings
from indicators.palettes import DEFAULT_SEQUENTIAL, PALETTES
from ui.i18n import plain, t

LANGS = ("nl", "en")
# The pages, in menu order: address path -> (script, title in ui.i18n). The first is the map.
PAGES = {
    "kaart": ("ui/pages/kaart.py", "page_map"),
    "vergelijken": ("ui/pages/vergelijken.py", "page_compare"),
    "gegevens": ("ui/pages/gegevens.py", "page_data"),
    "presenteren": ("ui/pages/presenteren.py", "page_present"),
}
UPLOAD_MAX_AGE = 24 * 3600  # seconds a session's upload folder is kept after the session last used it
_UPLOAD_PREFIX = "wijkverkenner-upload-"
DEFAULT_MIN_COUNT = 10  # CBS's threshold for counts of persons; the registry may set others
BASEMAP_KEYS = ("none", "pdok_grijs", "osm")
# Layers are prepared here, one per core at most; each session's page waits only for its own.
_PREPARING = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="wijkverkenner-layer")

# URL parameter -> session-state key of the widget that holds it.
URL_KEYS = {
    "dataset": "dataset",
    "niveau": "level",
    "jaar": "year",
    "indicator": "indicator",
    "indeling": "scheme",
    "k": "k",
    "palet": "palette",
    "achtergrond": "basemap",
    "gebied": "selected",
    "sinds": "since",
    "verandering": "change_unit",
    "drempel": "min_count",
    "taal": "lang",
}

# What the Vergelijken page adds to the address: URL parameter -> key of the page's kept choices
# (``st.session_state["compare_choice"]``). Values are checked by the page against its options.
COMPARE_KEYS = {
    "vergelijk": "view",
    "naast": "maps_mode",
    "ander_jaar": "other_year",
    "tweede": "second_indicator",
    "gebied_a": "first",
    "gebied_b": "second",
    "x": "x",
    "vanaf": "since",
}


def lang() -> str:
    """The session's language ('nl' or 'en')."""
    return st.session_state.get("lang", "nl")


def datasets() -> dict[str, Dataset]:
    """Datasets of this session: the demo first, then this session's own uploads."""
    found = {}
    try:
        demo = demo_dataset()
        found[demo.key] = demo
    except FileNotFoundError:
        pass
    if "upload_folder" in st.session_state:  # in use: keep it from being removed as stale
        try:
            os.utime(st.session_state["upload_folder"])
        except OSError:  # removed after a day unused: the session's uploads are gone with it
            st.session_state.pop("upload_folder")
            if st.session_state.pop("uploads", None):
                st.session_state["uploads_gone"] = True
    found.update(st.session_state.get("uploads", {}))
    return found


def add_dataset(dataset: Dataset) -> None:
    """Make an uploaded dataset available on every page of this session (and only this session)."""
    uploads = dict(st.session_state.get("uploads", {}))
    uploads[dataset.key] = dataset
    st.session_state["uploads"] = uploads


def upload_folder() -> Path:
    """A folder of this session's own for uploaded files; other sessions never see it."""
    if "upload_folder" not in st.session_state:
        remove_stale_uploads()
        st.session_state["upload_folder"] = tempfile.mkdtemp(prefix=_UPLOAD_PREFIX)
    return Path(st.session_state["upload_folder"])



def remove_stale_uploads(max_age: float = UPLOAD_MAX_AGE) -> int:
    """Remove upload folders no session has used for ``max_age`` seconds; return how many.

    Streamlit says nothing when a session ends, so the folders of closed sessions would stay on
    the server's disk for good. Every rerun of a session touches its folder (``datasets``).
    """
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{_UPLOAD_PREFIX}*"):
        try:
            if folder.is_dir() and time.time() - folder.stat().st_mtime > max_age:
                shutil.rmtree(folder)
                removed += 1
        except OSError:  # another session removed it first, or it is not ours to remove
            continue
    return removed


@dataclass(frozen=True)
class Loaded:
    """One level and year of a dataset, joined and protected, with the reports of each step."""

    table: object
    read: object
    join: object
    disclosure: object  # indicators.disclosure.DisclosureReport


def disclosure_settings() -> DisclosureSettings:
    """The session's disclosure settings: the registry's thresholds, or the one the user chose."""
    return threshold_settings(st.session_state.get("min_count"))


def threshold_settings(chosen) -> DisclosureSettings:
    """Disclosure settings for a chosen threshold; the default 10 keeps each registry threshold."""
    return DisclosureSettings(min_count=int(chosen)) if chosen and int(chosen) != DEFAULT_MIN_COUNT else \
        DisclosureSettings()


def load(dataset: Dataset, level: str, year: int) -> Loaded:
    """The districts as every page shows them: after disclosure control, with this session's settings."""
    return load_with(dataset, level, year, disclosure_settings())


def load_with(dataset: Dataset, level: str, year: int, settings: DisclosureSettings) -> Loaded:
    """One level of a protected year; a year is read, joined and protected once for all its levels.

    The level asked for is read first and its display geometry starts at once (``_preparing``),
    while the other levels are read and the year is protected.
    """
    if level not in dataset.levels:
        raise ValueError(f"dataset '{dataset.title}' has no level {level!r}: choose one of {dataset.levels}")
    _preparing(dataset, level, year)
    year_data = _protected_year(dataset, year, settings)
    return Loaded(*year_data[level], year_data["report"])


@st.cache_resource(show_spinner=False, max_entries=48)
def _districts(dataset: Dataset, level: str, year: int) -> tuple:
    """One level of a year as read and joined, before disclosure control (``load_districts``); read-only."""
    return load_districts(dataset, level, year, check_level=False)


@st.cache_resource(show_spinner=False, max_entries=16)
def _protected_year(dataset: Dataset, year: int, settings: DisclosureSettings) -> dict:
    """Cached per dataset, year and settings (all hashable); treated as read-only.

    The levels are read once (``_districts``): another threshold only protects them again.
    """
    return protect_year(dataset, {level: _districts(dataset, level, year) for level in year_levels(dataset)}, settings)


def prepared(dataset: Dataset, level: str, year: int) -> PreparedLayer:
    """Display geometry once per layer: switching indicator never redoes geometry work."""
    try:
        return _preparing(dataset, level, year).result()
    except Exception:
        _preparing.clear()  # a failed preparation is not kept: the next run tries again
        raise


@st.cache_resource(show_spinner=False, max_entries=32)
def _preparing(dataset: Dataset, level: str, year: int) -> Future:
    """The layer's display geometry, made in a background thread from the districts as read.

    Geometry and codes are the same before and after disclosure control, so the work can start
    before the figures are protected.
    """
    return _PREPARING.submit(_prepare, dataset, level, year, _districts(dataset, level, year)[0].data)


def _prepare(dataset: Dataset, level: str, year: int, frame) -> PreparedLayer:
    """Prepare a layer; for the app's own files (demo, downloads) keep it on disk too.

    So those draw at once after a restart; uploads live in a session's temporary folder and are not kept.
    """
    if dataset.key.startswith("upload-"):
        return prepare_layer(frame)
    key = layer_key(dataset.boundaries[year], dataset.layers.get(level))
    layer = load_prepared(key)
    if layer is None or layer.codes != frame["code"].astype(str).tolist():
        layer = prepare_layer(frame)
        store_prepared(key, layer)
    return layer


def defaults(all_datasets: dict[str, Dataset]) -> dict:
    """The view a first visit shows: the first dataset, wijken of its newest year."""
    first = next(iter(all_datasets.values()))
    return {
        "min_count": DEFAULT_MIN_COUNT,
        "dataset": first.key,
        "level": first.levels[0],
        "year": first.years[-1],
        "scheme": DEFAULT_SCHEME,
        "k": DEFAULT_K,
        "palette": DEFAULT_SEQUENTIAL,
        "basemap": "none",
        "lang": "nl",
    }


def read_url_once(all_datasets: dict[str, Dataset]) -> None:
    """Copy the view in the address into the widgets' state on a session's first run.

    Invalid values fall back to the default and leave a notice in ``st.session_state.notices``,
    shown by the page; a link from someone else must never break the app.
    """
    if st.session_state.get("url_read"):
        return
    st.session_state["url_read"] = True
    params = {name: st.query_params[name] for name in URL_KEYS if name in st.query_params}
    st.session_state["notices"] = _apply(params, all_datasets)
    st.session_state["compare_requested"] = {key: st.query_params[name] for name, key in COMPARE_KEYS.items()
                                             if name in st.query_params}


def apply_settings(settings: dict) -> None:
    """Show a saved view: its settings go into the widgets' state, the rest back to the defaults.

    Values that no longer fit (a dataset that is gone, a year it does not have) fall back to the
    default and leave a notice, as a link does.
    """
    all_datasets = datasets()
    base = defaults(all_datasets)
    for key in ("since", "selected", "indicator", "theme"):
        st.session_state.pop(key, None)
    for key, value in base.items():
        if key != "lang":
            st.session_state[key] = value
    params = {name: str(settings[key]) for name, key in URL_KEYS.items()
              if key != "lang" and settings.get(key) not in (None, "")}
    st.session_state["notices"] = _apply(params, all_datasets)
    compare = settings.get("compare") or {}
    st.session_state["compare_requested"] = {key: str(compare[key]) for key in COMPARE_KEYS.values()
                                             if isinstance(compare, dict) and key in compare}


def view_settings(compare: dict | None = None) -> dict:
    """Every setting of the map on screen (the address's values), as a saved view keeps them.

    ``compare`` holds the Vergelijken page's choices (``COMPARE_KEYS`` values) for a view of that page.
    """
    settings = {key: st.session_state[key] for key in URL_KEYS.values()
                if st.session_state.get(key) not in (None, "", 0) and key != "lang"}
    if compare:
        settings["compare"] = dict(compare)
    return settings


def view_link(settings: dict) -> str:
    """The address that reproduces ``settings``: the Vergelijken page for a comparison, else the map page."""
    base = str(st.context.url or "").split("?")[0].rstrip("/")
    base = base.rsplit("/", 1)[0] if base.rsplit("/", 1)[-1] in PAGES else base
    compare = settings.get("compare") if isinstance(settings.get("compare"), dict) else None
    page = "vergelijken" if compare else ""  # the map page is the default page: Streamlit serves it at the root
    return f"{base}/{page}?{urlencode({**url_params(settings), **compare_params(compare or {})})}"


def compare_params(compare: dict) -> dict[str, str]:
    """Address parameters of the Vergelijken page's choices."""
    return {name: str(compare[key]) for name, key in COMPARE_KEYS.items() if compare.get(key) not in (None, "")}


def _apply(params: dict[str, str], all_datasets: dict[str, Dataset]) -> list[tuple[str, str]]:
    """Put valid address values in the widgets' state, in address order; the invalid ones are returned."""
    notices = []
    base = defaults(all_datasets)
    for name, key in URL_KEYS.items():
        if name not in params:
            continue
        raw = params[name]
        value = _parse(key, raw, all_datasets, base)
        if value is None:
            notices.append((name, raw))
        else:
            st.session_state[key] = value
    return notices


def checked_settings(settings: dict, all_datasets: dict[str, Dataset]) -> dict:
    """A saved view's settings checked by the address's rules; what does not fit here gets the default.

    Indicator and district are checked by the caller against the loaded table, as for a link.
    """
    base = defaults(all_datasets)
    values = dict(base)
    for key in URL_KEYS.values():  # dataset first: the others are checked against it
        if settings.get(key) not in (None, ""):
            value = _parse(key, str(settings[key]), all_datasets, base, dataset_key=values["dataset"])
            if value is not None:
                values[key] = value
    return values


def _parse(key: str, raw: str, all_datasets: dict[str, Dataset], base: dict, dataset_key: str | None = None):
    """Value of one URL parameter, or None when it is not allowed (indicator and district are checked later).

    Level, years and the like are checked against ``dataset_key``, by default the session's dataset.
    """
    dataset = all_datasets.get(dataset_key or st.session_state.get("dataset", base["dataset"]))
    if key == "dataset":
        return raw if raw in all_datasets else None
    if key == "level":
        return raw if dataset and raw in dataset.levels else None
    if key == "since":
        try:
            return int(raw) if dataset and int(raw) in dataset.years else None
        except ValueError:
            return None
    if key == "min_count":
        try:
            return int(raw) if 1 <= int(raw) <= 1000 else None
        except ValueError:
            return None
    if key == "change_unit":
        return raw if raw in ("absolute", "percent") else None
    if key in ("year", "k"):
        try:
            number = int(raw)
        except ValueError:
            return None
        if key == "year":
            return number if dataset and number in dataset.years else None
        return number if K_RANGE[0] <= number <= K_RANGE[1] else None
    if key == "scheme":
        return raw if raw in SCHEMES and raw != "manual" else None
    if key == "palette":
        return raw if raw in PALETTES else None
    if key == "basemap":
        return raw if raw in BASEMAP_KEYS else None
    if key == "lang":
        return raw if raw in LANGS else None
    return raw  # indicator and selected district: checked against the loaded table by the page


def url_params(values: dict) -> dict[str, str]:
    """Address parameters of a view: every setting that differs from nothing (the threshold: from 10)."""
    return {name: str(values[key]) for name, key in URL_KEYS.items() if values.get(key) not in (None, "", 0)
            and not (key == "min_count" and values[key] == DEFAULT_MIN_COUNT)}


def write_url(values: dict) -> None:
    """Put the current view in the address, so copying it reproduces the view.

    A page that adds its own parameters sets them in ``st.session_state["url_extra"]`` first.
    """
    wanted = {**url_params(values), **(st.session_state.get("url_extra") or {})}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def show_notices() -> None:
    """Say which values from the address were not used (once)."""
    for name, raw in st.session_state.pop("notices", []):
        st.warning(t("url_invalid", lang(), name=plain(name), value=plain(raw)))
    if st.session_state.pop("uploads_gone", False):
        st.warning(t("uploads_gone", lang()))
