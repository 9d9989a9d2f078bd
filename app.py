"""Wijkverkenner: the Streamlit entry. Page setup, language and navigation only; pages live in ui/pages."""

import streamlit as st

from ui.i18n import t
from ui.state import LANGS, PAGES, datasets, lang, read_url_once

# No page or page_icon icons: Streamlit turns them into a favicon fetched from a CDN, which
# municipal networks block and which breaks the "nothing leaves localhost" rule.
st.set_page_config(page_title="Wijkverkenner", layout="wide")
read_url_once(datasets())
if st.session_state.get("lang") not in LANGS:
    st.session_state["lang"] = "nl"

with st.sidebar:
    english = st.toggle(t("english", lang()), value=lang() == "en", key="english")
    if (lang() == "en") != english:
        st.session_state["lang"] = "en" if english else "nl"
        st.rerun()

pages = [st.Page(script, title=t(title, lang()), url_path=path, default=number == 0)
         for number, (path, (script, title)) in enumerate(PAGES.items())]
st.navigation(pages).run()
