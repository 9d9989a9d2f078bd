"""Saving the map on screen as a view, from any page that shows one (Presenteren, Vergelijken).

The views live in the SQLite store (``ui.store``); this module only arranges the form and the
messages the store's errors get.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from indicators.core.words import STRINGS, t
from ui import state
from ui.address import view_settings
from ui.i18n import lang, plain
from ui.store import StoreError, ViewStore


def open_store() -> ViewStore | None:
    """The views database, or None with a message when it cannot be opened (nothing is changed)."""
    try:
        return ViewStore()
    except StoreError as error:
        show_store_error(error)
        return None


def show_store_error(error: StoreError) -> None:
    """A Dutch message for what went wrong with the views database; nothing in it is changed."""
    key = f"store_{error.kind}"
    st.error(t(key if key in STRINGS else "store_unreadable", lang(), **error.details))


def settings_on_screen(compare: dict | None = None) -> dict:
    """The view's settings plus the centre, zoom and area the map was moved to, if it reported them."""
    settings = view_settings(compare)
    if st.session_state.get(state.MAP_VIEW):
        lat, lng, zoom = st.session_state[state.MAP_VIEW]
        settings.update(center=[lat, lng], zoom=zoom)
    if st.session_state.get(state.MAP_EXTENT):
        settings["extent"] = list(st.session_state[state.MAP_EXTENT])
    return settings


def save_form(store: ViewStore, title: str, settings: Callable[[], dict], key: str = "save_view") -> None:
    """Title, note and Opslaan; ``settings`` is asked at the moment of saving (the map may have moved)."""
    language = lang()
    with st.form(key, clear_on_submit=True):
        st.markdown(f"**{t('save_view', language)}**")
        new_title = st.text_input(t("view_title", language), value=title, max_chars=200)
        note = st.text_area(t("view_note", language), max_chars=5000)
        if st.form_submit_button(t("save_view_button", language)):
            try:
                saved = store.save_view(new_title, settings(), note)
                st.success(t("view_saved", language, title=plain(saved.title)))
            except StoreError as error:
                show_store_error(error)
