"""Evenementen: what an event did to the turnover of shops, horeca and hotels in its wijk and around it.

On the demo's events and series, or on the user's own (uploaded here, read as ``cli.py events`` reads them).
"""

import streamlit as st

from indicators.analysis.events import (
    BUSINESS_KINDS,
    DEFAULT_BASELINE_WEEKS,
    ESTIMATED,
    KINDS,
    WEEKS_RANGE,
    describe_effect,
    sector_words,
    sectors_label,
)
from indicators.core.words import t
from indicators.privacy.business import DOMINANT
from indicators.privacy.withheld import PRIMARY
from maps.choropleth import source_line
from maps.events import effect_map, effect_rows, effects_table, event_label, ranking_events_chart, timeline_chart
from ui import events_data, state
from ui.areas import districts, names_of
from ui.downloads import chart_downloads
from ui.i18n import error_text, lang, plain
from ui.uploads import datasets
from ui.view import View, show_map


def main() -> None:
    """Draw the page."""
    language = lang()
    st.subheader(t("page_events", language))
    st.caption(t("events_intro", language))
    files, own, kind = chosen_files(language)
    weeks = st.sidebar.number_input(t("events_weeks", language), min_value=WEEKS_RANGE[0], max_value=WEEKS_RANGE[1],
                                    value=DEFAULT_BASELINE_WEEKS, step=1, key=state.EVENTS_WEEKS,
                                    help=t("events_weeks_help", language))
    changed = events_data.changed_at(*files)
    for read, path, words in ((events_data.events_of, files[0], "events_error"),
                              (events_data.series_of, files[1], "events_series_error")):
        try:  # each file on its own first, so the message names the one that is wrong
            read(path, events_data.changed_at(path))
        except ValueError as error:
            st.error(t(words, language, error=error_text(error)))
            st.stop()
    try:
        areas = events_data.areas_for(files[0], changed, datasets(), first=st.session_state.get(state.DATASET))
        key = (*files, int(weeks), changed, areas, kind)
        study = events_data.study(*key)
        report = events_data.report(*key)
    except ValueError as error:
        st.error(t("events_error", language, error=error_text(error)))
        st.stop()
    if not own:
        st.caption(":orange[" + t("synthetic", language) + "]")
    loaded = districts(areas) if areas is not None else None
    names = names_of(areas)
    if areas is None:
        st.info(t("events_no_boundaries", language))

    indices = list(range(len(study.events)))
    index = st.selectbox(t("events_choose", language), indices, key=state.EVENTS_EVENT,
                         format_func=lambda i: event_label(study.events.loc[i], names, language))
    event = study.events.loc[index]
    effects = [effect for effect in report.effects
               if effect.naam == event["naam"] and effect.start == event["start"].date()]

    st.markdown(f"**{t('events_effects_title', language)}**")
    for effect in effects:
        st.markdown("- " + plain(describe_effect(effect, language, names, report.measure(language))))
    st.dataframe(effect_rows(effects, names, language, period=study.period, money=kind in ("turnover",)),
                 hide_index=True, width="stretch")
    if any(effect.measurable and effect.placebo_rank is not None for effect in effects):
        st.caption(t("events_placebo_caption", language))

    groups = [effect.sectors for effect in effects if effect.status == ESTIMATED]
    if groups:
        # the choice holds text ("horeca+logies"), not tuples: a tuple kept from another series (the demo's) would
        # show the first option while the chart draws the kept one
        names_of_groups = {"+".join(group): group for group in groups}
        if st.session_state.get(state.EVENTS_SECTOR) not in names_of_groups:  # first where the event did something
            st.session_state[state.EVENTS_SECTOR] = "+".join(next((e.sectors for e in effects if e.measurable),
                                                                  groups[0]))
        sectors = names_of_groups[st.radio(t("events_sector", language), list(names_of_groups), horizontal=True,
                                           key=state.EVENTS_SECTOR,
                                           format_func=lambda name: sectors_label(names_of_groups[name], language))]
        timeline = study.timeline(index, sectors)
        chart = timeline_chart(timeline, naam=event["naam"], sectors=sectors,
                               gebied=names.get(event["gebied"], event["gebied"]), lang=language, period=study.period,
                               weeks=int(weeks) if study.period == "day" else study.baseline)
        st.altair_chart(chart, width="stretch")
        hidden = int(timeline["afgeschermd"].sum())
        if hidden > 0:
            st.caption(t("events_timeline_hidden", language, count=hidden,
                         gebied=plain(names.get(event["gebied"], event["gebied"]))))
        controls = next(effect.controls for effect in effects if effect.sectors == sectors)
        st.caption(t("events_controls", language, names=plain(", ".join(names.get(c, c) for c in controls))))
        chart_downloads(chart, f"verloop_{index}_{'_'.join(sectors)}")

        if loaded is not None and event["gebied"] in set(loaded.table.data["code"].astype(str)):
            title = t("events_map_title", language, naam=event["naam"], sector=sector_words(sectors, language))
            by_district = events_data.district_effects(*key, index, tuple(sectors))
            table = effects_table(loaded.table, by_district, title=title, lang=language)
            note = t("events_map_note", language, min=study.rule.min_businesses) if kind in BUSINESS_KINDS else ""
            choropleth = effect_map(table, by_district, lang=language, synthetic=not own,
                                    source=source_line(files[1].name, note, language))
            view = View(areas.dataset, areas.level, areas.year, loaded, None, "quantiles", 5, "RdBu", "none",
                        event["gebied"])
            show_map(view, choropleth, height=460, key=state.EVENTS_MAP)
            st.caption(t("events_map_caption", language))
        elif loaded is not None:  # without boundaries the page said so at the top
            st.info(t("events_map_other_areas", language))

    ranking = ranking_events_chart(report.effects, names=names, lang=language)
    st.altair_chart(ranking, width="stretch")
    chart_downloads(ranking, "evenementen_ranglijst")

    st.markdown(f"**{t('events_withheld_title', language)}**")
    if kind not in BUSINESS_KINDS:
        st.caption(t("events_kind_no_rule", language))
    else:
        st.caption(t("events_withheld_rule", language, min=study.rule.min_businesses,
                     share=round(100 * study.rule.dominance)))
    if kind in BUSINESS_KINDS and not study.rule.dominance_checked:
        st.caption(t("events_dominance_unchecked", language))
    if not report.withheld:
        st.caption(t("events_withheld_none", language))
    for item in report.withheld:
        if item.reason == PRIMARY:
            cause = t("business_dominant", language, share=round(100 * study.rule.dominance)) \
                if item.cause == DOMINANT else t(f"business_{item.cause}", language, min=study.rule.min_businesses)
        else:
            cause = t("business_secondary", language)
        sector, area = item.what["sector"], item.what["gebied"]
        st.markdown("- " + plain(t("events_withheld_item", language, naam=item.what["naam"], sector=sector_words(
            (sector,), language), gebied=names.get(area, area), reason=cause)))
    if study.period == "day":
        st.caption(t("events_method", language, weeks=int(weeks)))
    else:
        st.caption(t("events_method_periods", language, period=t(f"period_{study.period}", language),
                     periods=t(f"period_{study.period}s", language), n=study.baseline))


def chosen_files(language: str):
    """The user's own events and series while both are uploaded, else the demo's; and whether they are own.

    Stops the page with a word on what to do when only one of the two is uploaded, or there is nothing to show.
    """
    with st.expander(t("events_upload_title", language), expanded=bool(st.session_state.get(state.EVENTS_UPLOAD))):
        st.caption(t("events_upload_help", language))
        uploaded_events = st.file_uploader(t("events_upload_events", language), type=["csv", "xlsx", "parquet"],
                                           key=state.EVENTS_UPLOAD)
        uploaded_series = st.file_uploader(t("events_upload_series", language), type=["csv", "xlsx", "parquet"],
                                           key=state.EVENTS_UPLOAD_SERIES)
        kind = st.selectbox(t("events_kind", language), KINDS, key=state.EVENTS_KIND,
                            format_func=lambda k: t(f"events_kind_{k}", language))
        if kind not in BUSINESS_KINDS:
            st.caption(t("events_kind_no_rule", language))
    if uploaded_events is not None and uploaded_series is not None:
        return events_data.save_upload(uploaded_events, uploaded_series), True, kind
    if uploaded_events is not None or uploaded_series is not None:
        st.info(t("events_upload_both", language))
        st.stop()
    files = events_data.demo_files()
    if files is None:
        st.info(t("events_no_data", language))
        st.stop()
    return files, False, "turnover"


main()
