"""The app's data caches: districts read, joined and protected once per dataset, year and settings.

Everything here arranges engine calls for Streamlit; the work itself happens in ``geo`` and
``indicators``. Loaded districts and prepared geometry are cached with ``st.cache_resource``:
they are large, treated as read-only, and ``st.cache_data`` would copy them on every rerun,
which costs more than the indicator switch itself at buurt scale.

A layer's display geometry is prepared in a background thread as soon as its districts are
read: simplifying 15,000 buurten takes over a second of GEOS work (which releases the GIL), and
meanwhile the page protects the figures, classifies them and draws the sidebar on the other core.
"""

from __future__ import annotations

import gc
import os
from concurrent.futures import Future, ThreadPoolExecutor

import streamlit as st

from geo.boundaries import Boundaries, read_boundaries
from geo.cache import has_prepared, layer_key, load_prepared, store_prepared
from geo.datasets import Dataset, Loaded, load_districts, protect_year, year_levels
from geo.simplify import PreparedLayer, draft_layer, prepare_layer
from indicators.analysis.clusters import Clusters, find_clusters
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.privacy.disclosure import DisclosureSettings
from ui import state
from ui.uploads import UPLOAD, is_uploaded

# Layers are prepared here, one per core at most; each session's page waits only for its own.
_PREPARING = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="wijkverkenner-layer")
# From this many districts a layer still being prepared is first shown as a draft (``shown_layer``);
# smaller ones take well under a second to prepare and are waited for.
DRAFT_FROM = 2_000


def disclosure_settings() -> DisclosureSettings:
    """The session's disclosure settings: the registry's thresholds, or the one the user chose."""
    return threshold_settings(st.session_state.get(state.MIN_COUNT))


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
    read = None
    path = dataset.boundaries.get(year)
    if is_uploaded(path) and level == dataset.levels[0] and not dataset.include_water:
        read = read_upload(path)  # read when it was uploaded (or now, once)
        read_upload.clear(path)
        if dataset.layers.get(level) not in (None, read.report.layer):
            read = None
    return load_districts(dataset, level, year, check_level=False, read=read)


@st.cache_resource(show_spinner=False, max_entries=2)
def read_upload(path) -> Boundaries:
    """Read an uploaded boundary file once, for its report and for the first load of its layer.

    The upload needs the file's level and year to describe the dataset, and loading that dataset
    read the file again: at buurt scale one to two seconds more before the upload was done. The
    read is kept in Streamlit's cache, by the upload's own path, until its layer is loaded
    (``_districts``), and no longer: two at most.
    """
    return read_boundaries(path)


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


def shown_layer(dataset: Dataset, level: str, year: int) -> PreparedLayer:
    """The geometry to draw now: the prepared layer, or a draft while a large one is still being prepared.

    A buurt layer opened before its preparation ends (an upload opened at once) would wait up to
    two seconds of coverage simplification; its first map comes as a draft in a tenth of that
    (``geo.simplify.draft_layer``) and the page draws the prepared layer once it is there
    (``is_prepared``). A layer stored on disk is read back in a moment and waited for. Exports
    and slides' images always use the prepared layer (``prepared``).
    """
    future = _preparing(dataset, level, year)
    if future.done() or len(_districts(dataset, level, year)[0].data) < DRAFT_FROM:
        return prepared(dataset, level, year)
    stored = _stored_key(dataset, level, year)
    if stored and has_prepared(stored):  # read back from disk in a moment (after a restart)
        return prepared(dataset, level, year)
    return _draft(dataset, level, year)


def is_prepared(dataset: Dataset, level: str, year: int) -> bool:
    """Whether the layer's display geometry is ready (or failed: ``prepared`` then says why)."""
    return _preparing(dataset, level, year).done()


@st.cache_resource(show_spinner=False, max_entries=4)
def _draft(dataset: Dataset, level: str, year: int) -> PreparedLayer:
    return draft_layer(_districts(dataset, level, year)[0].data)


@st.cache_resource(show_spinner=False, max_entries=32)
def _preparing(dataset: Dataset, level: str, year: int) -> Future:
    """The layer's display geometry, made in a background thread from the districts as read.

    Geometry and codes are the same before and after disclosure control, so the work can start
    before the figures are protected.
    """
    return _PREPARING.submit(_prepare, dataset, level, year, _districts(dataset, level, year)[0].data)


def prepare_soon(dataset: Dataset) -> None:
    """Read every layer of a dataset that has just entered the app and prepare its geometry, in the background.

    Called when a dataset arrives (an upload, a download, the demo at server start), so its
    first view, whichever level or year the user opens, finds the districts read and the
    geometry prepared. Newest year first, the dataset's first level first: what a page opens on.
    """
    for year in sorted(dataset.boundaries, reverse=True):
        for level in dataset.levels:
            _PREPARING.submit(_read_and_prepare, dataset, level, year)


def _read_and_prepare(dataset: Dataset, level: str, year: int) -> None:
    try:
        _preparing(dataset, level, year)  # reads here, then prepares in another worker
    except Exception:  # nothing was cached: a page that opens this layer says what is wrong
        pass


def _prepare(dataset: Dataset, level: str, year: int, frame) -> PreparedLayer:
    """Prepare a layer; for the app's own files (demo, downloads) keep it on disk too.

    So those draw at once after a restart; uploads live in a session's temporary folder and are not kept.
    """
    key = _stored_key(dataset, level, year)
    if key is None:
        return prepare_layer(frame)
    layer = load_prepared(key)
    if layer is None or layer.codes != frame["code"].astype(str).tolist():
        layer = prepare_layer(frame)
        store_prepared(key, layer)
    return layer


def _stored_key(dataset: Dataset, level: str, year: int) -> str | None:
    """The layer's key on disk; None for an upload, which lives in a session's temporary folder."""
    if dataset.key.startswith(UPLOAD):
        return None
    return layer_key(dataset.boundaries[year], dataset.layers.get(level))


@st.cache_data(show_spinner=False, max_entries=32)
def clusters_of(dataset: Dataset, level: str, year: int, column: str, settings: DisclosureSettings) -> Clusters:
    """LISA clusters of a figure after the same disclosure control as its map.

    Deterministic (fixed seed) and about a second nationally, so computed once per dataset (with
    the columns its user marked as counts), level, year, figure and protection settings: every
    argument that changes the result is part of the key.
    """
    return find_clusters(load_with(dataset, level, year, settings).table, column)


# --- the wijkprofiel (issue #19) ----------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=8)
def profile_source(dataset: Dataset, level: str, settings: DisclosureSettings):
    """Every year of a level with its references, protected by the same cached calls as the maps.

    ``add_gemeente=False``: the pages protect the districts with the dataset's own levels, so the
    profile may show a gemeente figure only where that gemeente row was part of the same protection.
    """
    from geo.profiles import load_profile_source

    return load_profile_source(dataset, level, settings, load_year=_protected_year, add_gemeente=False)


@st.cache_resource(show_spinner=False, max_entries=32)
def district_report_of(dataset: Dataset, level: str, year: int, code: str, settings: DisclosureSettings, lang: str):
    """One district's wijkprofiel content (``geo.profiles.district_report``), kept while the district is shown."""
    from geo.profiles import district_report

    return district_report(profile_source(dataset, level, settings), code, lang, year=year)


def _check_console_now() -> None:
    """Let Streamlit make its once-per-process console check here, not in the first visitor's run.

    Before the first element a process draws, Streamlit asks whether it runs in a Python
    console (``env_util.is_repl``: ``inspect.stack()``, which resolves the file of every loaded
    module, 0.2-0.35 s here). Asked in the server's first script run, that was the largest part
    of the first map's server time after a start (issue #21). The function is Streamlit's own,
    not public: if a later version renames it, the check simply happens in the first run again
    (tests/app/test_serve.py says so).
    """
    from streamlit import delta_generator

    check = getattr(delta_generator, "_maybe_print_use_warning", None)
    if check is not None:
        check()


def warm_up() -> None:
    """Read, protect and prepare the map a first visit shows, import what its page needs, and freeze the heap.

    Called in a thread when the server starts (``app.py``), so the first visitor finds the
    demo's map ready instead of waiting for imports, reading and simplifying.
    """
    from geo import locate  # noqa: F401  (the Kaart page's own modules: not imported in the first visit)
    from geo.datasets import demo_dataset
    from maps import alternatives  # noqa: F401  (app.py imports the ui modules)

    _check_console_now()
    try:
        dataset = demo_dataset()
    except FileNotFoundError:  # no demo data: nothing to prepare
        pass
    else:
        _prepare_first_map(dataset)
    # What the server holds now (modules, the demo) lives as long as it does: the garbage collector
    # need not walk it again in every full collection. Those walks cost a tenth of a second or more
    # of a buurt layer's first view (its tens of thousands of rings are lists). Garbage is collected
    # first, so none is kept; reference counting still frees what is let go later.
    gc.collect()
    gc.freeze()


def _prepare_first_map(dataset: Dataset) -> None:
    from maps import choropleth, webmap

    level, year = dataset.levels[0], dataset.years[-1]
    loaded = load_with(dataset, level, year, DisclosureSettings())
    layer = prepared(dataset, level, year)
    prepare_soon(dataset)  # the other levels and years, while the server already answers
    try:  # the map's data and its shapes' JSON made once, before the first visitor asks for them
        webmap.component_map_data(layer, choropleth.build_choropleth(loaded.table, "aantal_inwoners"),
                                  send_shapes=True, height=600)
    except (KeyError, ValueError):  # a demo without that figure: the first visit makes them
        pass
