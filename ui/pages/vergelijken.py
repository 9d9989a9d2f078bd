"""Vergelijken: two districts side by side, every indicator with the average and the difference."""

import pandas as pd
import streamlit as st

from indicators.describe import describe_column
from indicators.formatting import format_cell, format_number
from indicators.profile import district_profile
from ui.i18n import t
from ui.state import lang
from ui.view import choose_view

language = lang()
view = choose_view()
if view is None or view.indicator is None:
    st.stop()
table = view.loaded.table
st.caption(t("compare_intro", language))

codes = table.data["code"].tolist()
names = dict(zip(table.data["code"], table.data["naam"].astype(str)))
# Streamlit forgets widget values while another page runs; the choice is kept under its own key.
chosen = st.session_state.get("compare_choice", {})
first_default = next((c for c in (chosen.get("first"), view.selected) if c in codes), codes[0])
second_default = chosen.get("second") if chosen.get("second") in codes else codes[min(1, len(codes) - 1)]
left, right = st.columns(2)
first = left.selectbox(t("compare_first", language), codes, index=codes.index(first_default), key="compare_first",
                       format_func=lambda code: f"{names[code]} ({code})")
second = right.selectbox(t("compare_second", language), codes, index=codes.index(second_default),
                         key="compare_second", format_func=lambda code: f"{names[code]} ({code})")
st.session_state["compare_choice"] = {"first": first, "second": second}

a, b = district_profile(table, first), district_profile(table, second)
rows = []
for one, two in zip(a.itertuples(), b.itertuples()):
    info = describe_column(table, one.column, language)
    both = pd.notna(one.value) and pd.notna(two.value)
    rows.append({
        t("profile_indicator", language): info.heading,
        f"A: {names[first]}": format_cell(one.value, one.status, info.decimals, language),
        f"B: {names[second]}": format_cell(two.value, two.status, info.decimals, language),
        t("profile_average", language, level=t(f"level_{view.level}", language).lower()):
            format_number(one.average, info.decimals, language),
        t("compare_difference", language): (format_number(one.value - two.value, info.decimals, language)
                                             if both else ""),
    })
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
