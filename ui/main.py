"""Wijkverkenner's script, run for every visitor (``app.py`` serves it): page setup, language, navigation.

The pages live in ui/screens; their paths are relative to this file's folder.
"""

import streamlit as st

from indicators.core.words import LANGS, t
from ui import accessibility, state
from ui.address import PAGES, keep_choices, read_url_once
from ui.i18n import lang
from ui.map_component import map_first
from ui.uploads import datasets


def choose_language() -> None:
    """The switch between Dutch and English, at the top of the sidebar under the page links."""
    with st.sidebar:
        english = st.toggle(t("english", lang()), value=lang() == "en", key="english")
    if (lang() == "en") != english:
        st.session_state[state.LANG] = "en" if english else "nl"
        st.rerun()


# No page or page_icon icons: Streamlit turns them into a favicon fetched from a CDN, which
# municipal networks block and which breaks the "nothing leaves localhost" rule.
st.set_page_config(page_title="Wijkverkenner", layout="wide")
read_url_once(datasets())
keep_choices()
if st.session_state.get(state.LANG) not in LANGS:
    st.session_state[state.LANG] = "nl"

accessibility.apply(lang())
pages = [st.Page(script, title=t(title, lang()), url_path=path, default=number == 0)
         for number, (path, (script, title)) in enumerate(PAGES.items())]
page = st.navigation(pages)
kaart = pages[0]  # PAGES lists the Kaart page first; only its map reports "painted" (kaart.py, map_first)
if not (page is kaart and map_first()):  # a new visitor's Kaart map first; the switch comes with its choices
    choose_language()
page.run()
