"""Wijkverkenner: the Streamlit entry. Page setup and navigation only; pages live in ui/pages."""

import streamlit as st

from ui.i18n import t

st.set_page_config(page_title="Wijkverkenner", page_icon=":material/map:", layout="wide")
st.session_state.setdefault("lang", "nl")

pages = [
    st.Page("ui/pages/gegevens.py", title=t("page_data", st.session_state.lang), icon=":material/table:",
            url_path="gegevens", default=True),
]
st.navigation(pages).run()
