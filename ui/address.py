"""The address schema: which settings a link carries, how they are checked, and the pages they open.

A copied address reproduces the view on screen: every sidebar setting is a URL parameter
(``URL_KEYS``), the Vergelijken page adds its own (``COMPARE_KEYS``). Values from a link are
checked here by one set of rules (``_parse``), also for saved views: what does not fit falls back
to the default with a notice, so a link from someone else never breaks the app.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from geo.datasets import Dataset
from indicators.analysis.classify import DEFAULT_K, DEFAULT_SCHEME, K_RANGE, SCHEMES
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.core.words import LANGS, t
from indicators.privacy.disclosure import THRESHOLD_RANGE
from maps.palettes import DEFAULT_SEQUENTIAL, PALETTES
from maps.webmap import BASEMAPS
from ui import state
from ui.i18n import lang, plain
from ui.uploads import UPLOAD, add_dataset, datasets

# The pages, in menu order: address path -> (script, title in indicators.core.words). The first is the map.
PAGES = {
    "kaart": ("screens/kaart.py", "page_map"),
    "vergelijken": ("screens/vergelijken.py", "page_compare"),
    "gegevens": ("screens/gegevens.py", "page_data"),
    "presenteren": ("screens/presenteren.py", "page_present"),
    "evenementen": ("screens/evenementen.py", "page_events"),  # issue #18
    "doelgroepen": ("screens/doelgroepen.py", "page_target_groups"),  # issue #17
}
BASEMAP_KEYS = tuple(BASEMAPS)

# URL parameter -> session-state key of the widget that holds it.
URL_KEYS = {
    "dataset": state.DATASET,
    "niveau": state.LEVEL,
    "jaar": state.YEAR,
    "indicator": state.INDICATOR,
    "indeling": state.SCHEME,
    "k": state.K,
    "palet": state.PALETTE,
    "achtergrond": state.BASEMAP,
    "gebied": state.SELECTED,
    "sinds": state.SINCE,
    "verandering": state.CHANGE_UNIT,
    "drempel": state.MIN_COUNT,
    "taal": state.LANG,
}

GROUPS = "groep"  # an upload's long table: the group values the map shows, "geslacht=vrouw;leeftijd=15-24"
MAP_VIEW = "kaart"  # the map's centre and zoom, written by the map itself (maps/webmap.js): kaart=lat,lng,zoom


def parse_position(text: str) -> tuple[float, float, float] | None:
    """(lat, lng, zoom) from "52.07,4.39,14.5", None when it is not a place in the world and a zoom of 0-22."""
    try:
        lat, lng, zoom = (float(part) for part in str(text).split(","))
    except ValueError:
        return None
    return (lat, lng, zoom) if -90 <= lat <= 90 and -180 <= lng <= 180 and 0 <= zoom <= 22 else None


# What the Vergelijken page adds to the address: URL parameter -> key of the page's choices
# (``st.session_state[state.COMPARE]``). Values are checked by the page against its options.
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


def keep_choices() -> None:
    """Keep every choice a widget holds across pages (run first on every page).

    Streamlit forgets a widget's value when a page without that widget runs; re-assigning the
    value makes it the session's own, so the sidebar and the Vergelijken page find it again.
    """
    for key in (*URL_KEYS.values(), state.THEME, *(state.compare_choice(choice) for choice in COMPARE_KEYS.values())):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def defaults(all_datasets: dict[str, Dataset]) -> dict:
    """The view a first visit shows: the first dataset, wijken of its newest year."""
    first = next(iter(all_datasets.values()))
    return {
        state.MIN_COUNT: DEFAULT_MIN_COUNT,
        state.DATASET: first.key,
        state.LEVEL: first.levels[0],
        state.YEAR: first.years[-1],
        state.SCHEME: DEFAULT_SCHEME,
        state.K: DEFAULT_K,
        state.PALETTE: DEFAULT_SEQUENTIAL,
        state.BASEMAP: "none",
        state.LANG: "nl",
    }


def read_url_once(all_datasets: dict[str, Dataset]) -> None:
    """Copy the view in the address into the widgets' state on a session's first run.

    Invalid values fall back to the default and leave a notice in ``st.session_state.notices``,
    shown by the page; a link from someone else must never break the app.
    """
    if st.session_state.get(state.URL_READ):
        return
    st.session_state[state.URL_READ] = True
    params = {name: st.query_params[name] for name in URL_KEYS if name in st.query_params}
    st.session_state[state.NOTICES] = _apply(params, all_datasets)
    if GROUPS in st.query_params:
        show_groups(st.query_params[GROUPS])
    if MAP_VIEW in st.query_params:  # where the map looked: lat,lng,zoom
        position = parse_position(st.query_params[MAP_VIEW])
        if position is None:
            st.session_state[state.NOTICES].append((MAP_VIEW, st.query_params[MAP_VIEW]))
        else:
            st.session_state[state.LINK_VIEW] = position
    st.session_state[state.COMPARE_REQUESTED] = {key: st.query_params[name] for name, key in COMPARE_KEYS.items()
                                             if name in st.query_params}


def apply_settings(settings: dict) -> None:
    """Show a saved view: its settings go into the widgets' state, the rest back to the defaults.

    Values that no longer fit (a dataset that is gone, a year it does not have) fall back to the
    default and leave a notice, as a link does.
    """
    all_datasets = datasets()
    base = defaults(all_datasets)
    for key in (state.SINCE, state.SELECTED, state.INDICATOR, state.THEME):
        st.session_state.pop(key, None)
    for key, value in base.items():
        if key != state.LANG:
            st.session_state[key] = value
    params = {name: str(settings[key]) for name, key in URL_KEYS.items()
              if key != state.LANG and settings.get(key) not in (None, "")}
    st.session_state[state.NOTICES] = _apply(params, all_datasets)
    show_groups(settings.get(GROUPS) or "")
    compare = settings.get("compare") or {}
    st.session_state[state.COMPARE_REQUESTED] = {key: str(compare[key]) for key in COMPARE_KEYS.values()
                                             if isinstance(compare, dict) and key in compare}


def view_settings(compare: dict | None = None) -> dict:
    """Every setting of the map on screen (the address's values), as a saved view keeps them.

    ``compare`` holds the Vergelijken page's choices (``COMPARE_KEYS`` values) for a view of that page.
    """
    settings = {key: st.session_state[key] for key in URL_KEYS.values()
                if st.session_state.get(key) not in (None, "", 0) and key != state.LANG}
    if shown_groups():
        settings[GROUPS] = shown_groups()
    if compare:
        settings[state.COMPARE] = dict(compare)
    return settings


def view_link(settings: dict) -> str:
    """The address that reproduces ``settings``: the Vergelijken page for a comparison, else the map page."""
    base = str(st.context.url or "").split("?")[0].rstrip("/")
    base = base.rsplit("/", 1)[0] if base.rsplit("/", 1)[-1] in PAGES else base
    compare = settings.get("compare") if isinstance(settings.get("compare"), dict) else None
    page = "vergelijken" if compare else ""  # the map page is the default page: Streamlit serves it at the root
    page = "doelgroepen" if isinstance(settings.get("doelgroepen"), dict) else page  # a target-group view (#17)
    position = {}
    if isinstance(settings.get("center"), (list, tuple)) and settings.get("zoom") is not None and not compare:
        position = {MAP_VIEW: ",".join(str(v) for v in (*settings["center"], settings["zoom"]))}
    groups = {GROUPS: settings[GROUPS]} if settings.get(GROUPS) else {}
    return f"{base}/{page}?{urlencode({**url_params(settings), **groups, **compare_params(compare or {}), **position})}"


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
            value = _parse(key, str(settings[key]), all_datasets, base, dataset_key=values[state.DATASET])
            if value is not None:
                values[key] = value
    return values


def _parse(key: str, raw: str, all_datasets: dict[str, Dataset], base: dict, dataset_key: str | None = None):
    """Value of one URL parameter, or None when it is not allowed (indicator and district are checked later).

    Level, years and the like are checked against ``dataset_key``, by default the session's dataset.
    """
    dataset = all_datasets.get(dataset_key or st.session_state.get(state.DATASET, base["dataset"]))
    if key == state.DATASET:
        return raw if raw in all_datasets else None
    if key == state.LEVEL:
        return raw if dataset and raw in dataset.levels else None
    if key == state.SINCE:
        try:
            return int(raw) if dataset and int(raw) in dataset.years else None
        except ValueError:
            return None
    if key == state.MIN_COUNT:
        try:
            return int(raw) if THRESHOLD_RANGE[0] <= int(raw) <= THRESHOLD_RANGE[1] else None
        except ValueError:
            return None
    if key == state.CHANGE_UNIT:
        return raw if raw in ("absolute", "percent") else None
    if key in (state.YEAR, state.K):
        try:
            number = int(raw)
        except ValueError:
            return None
        if key == state.YEAR:
            return number if dataset and number in dataset.years else None
        return number if K_RANGE[0] <= number <= K_RANGE[1] else None
    if key == state.SCHEME:
        return raw if raw in SCHEMES and raw != "manual" else None
    if key == state.PALETTE:
        return raw if raw in PALETTES else None
    if key == state.BASEMAP:
        return raw if raw in BASEMAP_KEYS else None
    if key == state.LANG:
        return raw if raw in LANGS else None
    return raw  # indicator and selected district: checked against the loaded table by the page


def url_params(values: dict) -> dict[str, str]:
    """Address parameters of a view: every setting that differs from nothing (the threshold: from 10)."""
    return {name: str(values[key]) for name, key in URL_KEYS.items() if values.get(key) not in (None, "", 0)
            and not (key == state.MIN_COUNT and values[key] == DEFAULT_MIN_COUNT)}


def write_url(values: dict) -> None:
    """Put the current view in the address, so copying it reproduces the view.

    A page that adds its own parameters sets them in ``st.session_state[state.URL_EXTRA]`` first.
    """
    groups = {GROUPS: shown_groups()} if shown_groups() else {}
    wanted = {**url_params(values), **groups, **(st.session_state.get(state.URL_EXTRA) or {})}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def groups_text(slices) -> str:
    """A dataset's group values shown, as the address writes them: ``geslacht=vrouw;leeftijd=15-24``."""
    return ";".join(f"{group}={value}" for group, value in slices)


def parse_groups(text: str) -> tuple[tuple[str, str], ...] | None:
    """The (column, value) pairs of ``groups_text``; None when the text is not of that form."""
    pairs = []
    for part in (p for p in str(text).split(";") if p.strip()):
        group, sep, value = part.partition("=")
        if not sep or not group.strip() or not value.strip():
            return None
        pairs.append((group.strip(), value.strip()))
    return tuple(pairs)


def shown_groups() -> str:
    """The group values the session's dataset shows (an upload's long table), as text; "" for every Totaal."""
    dataset = datasets().get(st.session_state.get(state.DATASET))
    return groups_text(dataset.slices) if dataset is not None else ""


def show_groups(text: str) -> None:
    """Let the session's upload show the group values of a link or a saved view (Totaal where none is named).

    Only an upload's long table has group values to choose; a value it lacks gives a notice, as a
    bad address value does, and the map shows Totaal. Checked against the columns when the map loads
    (``ui.view.checked_groups``).
    """
    dataset = datasets().get(st.session_state.get(state.DATASET))
    slices = parse_groups(text)
    if slices is None:
        st.session_state.setdefault(state.NOTICES, []).append((GROUPS, text))
        return
    if dataset is not None and dataset.key.startswith(UPLOAD) and slices != dataset.slices:
        add_dataset(replace(dataset, slices=slices))
        for key in [key for key in st.session_state if str(key).startswith(state.group_value(dataset.key, ""))]:
            del st.session_state[key]  # the Gegevens page's group boxes start again from the values shown


def show_notices(say=st.warning) -> None:
    """Say which values from the address were not used (once), through ``say``."""
    for name, raw in st.session_state.pop(state.NOTICES, []):
        say(t("url_invalid", lang(), name=plain(name), value=plain(raw)))
    if st.session_state.pop(state.UPLOADS_GONE, False):
        say(t("uploads_gone", lang()))
