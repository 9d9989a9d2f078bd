"""Presenteren: the current map at full width with large type; saved views and decks come later."""

import streamlit as st

from ui.i18n import t
from ui.state import lang
from ui.view import build_map, choose_view, show_map

language = lang()
view = choose_view()
if view is None or view.indicator is None:
    st.stop()
st.caption(t("present_intro", language))
choropleth = build_map(view)
st.title(choropleth.title)
show_map(view, choropleth, height=760, key="present_map")
st.caption(choropleth.footer)
