"""Kaart: the choropleth of the chosen indicator; click or search a district to read its profile."""

import streamlit as st

from geo.locate import find_districts
from indicators.core.words import t
from ui import state
from ui.i18n import error_text, lang
from ui.map_component import map_first
from ui.tables import profile_rows
from ui.view import build_map, choose_view, select_district, show_map


def show_references(view, language: str) -> None:
    """The gemeente, Nederland and comparable gemeenten beside the district, and its wijkprofiel as a PDF."""
    from maps.report import report_pdf, similar_lines
    from ui.caches import disclosure_settings, district_report_of
    from ui.tables import reference_rows

    try:
        with st.spinner():
            report = district_report_of(view.dataset, view.level, view.year, view.selected,
                                        view.disclosure or disclosure_settings(), language)
    except (ValueError, OSError) as error:
        st.error(t("load_error", language, error=error_text(error, language)))
        return
    st.markdown(f"**{t('profile_references', language)}**")
    st.dataframe(reference_rows(report, language), hide_index=True, width="stretch")
    with st.expander(t("report_similar", language)):
        for line in similar_lines(report):
            st.text(line)
    for note in report.notes:
        st.caption(note)
    st.download_button(t("report_download", language), data=lambda: report_pdf(report),
                       file_name=f"wijkprofiel_{view.selected}_{report.year}.pdf", mime="application/pdf",
                       key="report_download", help=t("report_download_help", language))


language = lang()


def main() -> None:
    """Draw the page: the map, the search under it, and the profile of the district chosen."""
    first = map_first()
    view = choose_view(settings_later=first)  # a new visitor's map first, the sidebar's choices right after
    if view is None or view.indicator is None:
        st.stop()
    table = view.loaded.table

    query = st.text_input(t("search", language), key=state.SEARCH)
    if query and query != st.session_state.get(state.SEARCH_DONE):
        found = find_districts(table.data, query)
        st.session_state[state.SEARCH_DONE] = query
        if found:
            view = select_district(view, found[0])
            st.session_state[state.ZOOMED_TO] = found[0]
        else:
            st.info(t("search_none", language, query=query))
    # The map stays zoomed to a district found by a search until another is chosen: a map drawn
    # differently on the next run would be a new map, and the click made on the old one would be lost.
    zoom = bool(view.selected) and st.session_state.get(state.ZOOMED_TO) == view.selected

    choropleth = build_map(view)
    # a link's centre and zoom (kaart=lat,lng,zoom) open the first map; the map keeps the address up to date
    clicked = show_map(view, choropleth, zoom_to_selected=zoom, map_view=st.session_state.pop(state.LINK_VIEW, None),
                       link=True, choose=True, report_painted=first)
    if clicked and clicked != view.selected:
        select_district(view, clicked)
        st.rerun()

    if not view.selected:
        st.caption(t("click_hint", language))
        st.stop()

    row = table.data.index[table.data["code"] == view.selected][0]
    st.subheader(t("profile_title", language, name=table.data.at[row, "naam"], code=view.selected))
    level_word = t(f"level_{view.level}", language).lower()
    st.dataframe(profile_rows(table, view.selected, level_word, language), hide_index=True, width="stretch")
    show_references(view, language)
    if st.button(t("clear_selection", language), key="clear_selection"):
        select_district(view, None)
        st.rerun()


main()
