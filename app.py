"""Wijkverkenner: the Streamlit entry. Page setup and navigation only; pages live in ui/pages."""

import streamlit as st

from ui.i18n import t

# No page or page_icon icons: Streamlit turns them into a favicon fetched from a CDN, which
# municipal networks block and which breaks the "nothing leaves localhost" rule.
st.set_page_config(page_title="Wijkverkenner", layout="wide")
st.session_state.setdefault("lang", "nl")

pages = [
    st.Page("ui/pages/gegevens.py", title=t("page_data", st.session_state.lang), url_path="gegevens", default=True),
]
st.navigation(pages).run()
