"""Gegevens: the loaded districts, how they were read and joined, and their figures."""

import pandas as pd
import streamlit as st

from geo.codes import LEVELS
from geo.datasets import demo_dataset, load_districts
from indicators.formatting import format_cell, guess_decimals
from ui.i18n import t

lang = st.session_state.get("lang", "nl")


@st.cache_data(show_spinner=False)
def _load(level: str, year: int):
    table, read, join = load_districts(demo_dataset(), level, year)
    return table, read, join


def _items(rows, limit=10) -> str:
    shown = [f"{r['naam'] or ''} ({r['code']})".strip() if isinstance(r, dict) else str(r) for r in rows[:limit]]
    more = len(rows) - limit
    return ", ".join(shown) + (f" … (+{more})" if more > 0 else "")


dataset = demo_dataset()
st.title(t("app_title", lang))
if dataset.synthetic:
    st.warning(t("synthetic", lang), icon=":material/science:")

with st.sidebar:
    level = st.radio(t("level", lang), [lvl for lvl in LEVELS if lvl in dataset.levels],
                     format_func=lambda lvl: t(f"level_{lvl}", lang), key="level", horizontal=True)
    year = st.selectbox(t("year", lang), dataset.years, index=len(dataset.years) - 1, key="year")

try:
    table, read, join = _load(level, year)
except (ValueError, OSError) as error:
    st.error(t("load_error", lang, error=error))
    st.stop()

st.caption(t("read_summary", lang, features=read.features, source=read.source, crs=read.crs_used,
             repaired=read.invalid_repaired, water=read.water_removed))
if join is not None:
    st.caption(t("join_summary", lang, table=join.table, matched=join.matched,
                 rows=join.table_rows, on=t(f"on_{join.joined_on}", lang)))
    for key, rows in (("join_unmatched_table", join.unmatched_table),
                      ("join_unmatched_boundaries", join.unmatched_boundaries),
                      ("join_duplicates", join.duplicates)):
        if rows:
            st.info(t(key, lang, items=_items(rows)))
    if join.other_levels:
        st.caption(t("join_other_levels", lang, items=", ".join(f"{n} {lvl}" for lvl, n in join.other_levels.items())))

st.subheader(t("table_heading", lang))
shown = pd.DataFrame({"code": table.data["code"], "naam": table.data["naam"]})
for column in table.figures:
    info = table.columns[column]
    decimals = info.decimals if info.decimals is not None else guess_decimals(table.data[column].dropna())
    shown[info.title] = [format_cell(v, s, decimals, lang)
                         for v, s in zip(table.data[column], table.status[column])]
st.dataframe(shown, hide_index=True, width="stretch")
