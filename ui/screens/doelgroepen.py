"""Doelgroepen: who is in a target group, where they live, and for whom re-integration works.

Opens with the re-integration question answered on the demo: outflow to work per trajectory type
and age class with Wilson intervals, the groups that differ in words, then the composition of a
target group per wijk (stacked bars and a map), zzp'ers per wijk, and the checked model. Each
chart and map can be saved as a view (Presenteren puts it in decks and slides). The charts and
maps are built from the choices by ``ui.target_groups_data``, which saved views use as well.
"""

import streamlit as st

from indicators.core.codes import LEVELS
from indicators.core.formatting import format_number, format_percent
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.core.words import t
from indicators.microdata.longtable import read_long_table
from indicators.privacy.disclosure import DisclosureSettings
from ui import state
from ui import target_groups_data as data
from ui.areas import names_of
from ui.downloads import chart_downloads
from ui.i18n import error_text, lang, plain
from ui.saved import open_store, save_form
from ui.uploads import datasets
from ui.view import show_map

language = lang()


def threshold() -> int:
    """The session's threshold (the sidebar of the map pages), never below what the user chose there."""
    chosen = st.session_state.get(state.MIN_COUNT)
    return int(chosen) if chosen else DEFAULT_MIN_COUNT


def choose_table(files, key: str, default: str):
    """A demo table chosen by its file name (the page's own table replaces it while uploaded)."""
    names = [path.name for path in files]
    if st.session_state.get(key) not in names:
        st.session_state[key] = default if default in names else names[0]
    name = st.selectbox(t("tg_table", language), names, key=key)
    path = files[names.index(name)]
    return data.table(path, data.changed_at(path))


def own_table():
    """The user's own long table (with its descriptor) while uploaded; None, with a message where it cannot be used.

    One table for the whole page: every section shows it instead of the demo's.
    """
    uploaded = st.file_uploader(t("tg_upload", language), type=["csv", "xlsx", "parquet", "json"],
                                key=state.upload_of(state.TG_TABLE), accept_multiple_files=True)
    if not uploaded:
        return None, False
    try:
        table = data.uploaded_table({file.name: file.getvalue() for file in uploaded})
    except ValueError as error:
        st.error(t("tg_upload_error", language, error=error_text(error)))
        return None, True
    if not read_long_table(table).groups():
        st.error(t("tg_upload_no_groups", language))
        return None, True
    return table, True


def show_item(item: data.Item, key: str) -> None:
    """A chart with its PNG/SVG downloads, or a map on the web map with its source line."""
    if item.chart is not None:
        st.altair_chart(item.chart, width="stretch")
        chart_downloads(item.chart, item.file_name, key)
    else:
        show_map(item.view, item.choropleth, height=420, key=key)
        st.caption(item.footer)


def bullets(lines) -> None:
    """Sentences as a list, made safe for Markdown."""
    for line in lines:
        st.markdown("- " + plain(line))


def question(files, own, minimum: int, saveable: list) -> None:
    """Rates per group with intervals: the re-integration question on the demo, any long table otherwise."""
    synthetic = own is None
    st.header(t("tg_question_title" if synthetic else "tg_rates_own_title", language))
    if synthetic:
        st.caption(":orange[" + t("synthetic", language) + "]")
        source = choose_table(files, state.TG_TABLE, data.QUESTION_TABLE)
    else:
        source = own
    long = read_long_table(source)
    groups, counts = long.groups(), long.count_columns()
    if len(counts) < 2:  # a rate needs a count of persons with the outcome and one of all of them
        st.error(t("tg_rates_error", language, error=t("tg_rates_one_count", language).rstrip(".")))
        return
    first, second, third, fourth = st.columns([2, 2, 3, 2])
    numerator_default = "werk" if "werk" in counts else next(c for c in counts if c != "aantal")
    if st.session_state.get(state.TG_NUMERATOR) not in counts:
        st.session_state[state.TG_NUMERATOR] = numerator_default
    if st.session_state.get(state.TG_DENOMINATOR) not in counts:
        st.session_state[state.TG_DENOMINATOR] = "aantal" if "aantal" in counts else counts[0]
    numerator = first.selectbox(t("tg_numerator", language), counts, key=state.TG_NUMERATOR,
                                format_func=lambda c: data.measure_words(c, language, source))
    denominator = second.selectbox(t("tg_denominator", language), counts, key=state.TG_DENOMINATOR,
                                   format_func=lambda c: data.measure_words(c, language, source))
    if not set(st.session_state.get(state.TG_BY) or []) <= set(groups) or not st.session_state.get(state.TG_BY):
        st.session_state[state.TG_BY] = list(groups)
    by = third.multiselect(t("tg_by", language), groups, key=state.TG_BY,
                           format_func=lambda c: data.column_words(c, language, source))
    levels = [lvl for lvl in LEVELS if "niveau" in source.data and (source.data["niveau"] == lvl).any()]
    if levels and st.session_state.get(state.TG_LEVEL) not in levels:
        st.session_state[state.TG_LEVEL] = levels[0]
    level = fourth.selectbox(t("tg_level", language), levels, key=state.TG_LEVEL,
                             format_func=lambda lvl: t(f"level_{lvl}", language)) if levels else None
    cross = st.checkbox(t("tg_cross", language), key=state.TG_CROSS, disabled=len(by) < 2)
    spec = {"section": "rates", "table": st.session_state.get(state.TG_TABLE), "numerator": numerator,
            "denominator": denominator, "by": list(by), "cross": bool(cross), "level": level}
    try:
        items = data.rates_items(source, spec, minimum, language, synthetic=synthetic)
        overall = data.rate_sets(source, numerator, denominator, by[:1], False, level, minimum)[0][1].overall
    except ValueError as error:
        st.error(t("tg_rates_error", language, error=error_text(error)))
        return
    if numerator == "werk" and overall.rate is not None:
        st.markdown(t("tg_question_answer", language, n=format_number(overall.denominator, 0, language),
                      overall=format_percent(overall.rate, language)))
    for number, item in enumerate(items):
        bullets(item.lines)
        show_item(item, f"rates_{number}")
        if synthetic:  # a demo table: a saved view can draw it again; an upload is gone after the session
            saveable.append((item.title, {**spec, "part": number}))
    st.caption(t("tg_rates_method", language, min=minimum))


def composition_section(files, own, where, minimum: int, names: dict, saveable: list) -> None:
    """A target group per wijk: stacked shares of its groups, and a map of one group's share."""
    synthetic = own is None
    st.header(t("tg_composition_title", language))
    default_table, default_measure, default_group = data.COMPOSITION_DEFAULT
    if synthetic:
        st.caption(":orange[" + t("synthetic", language) + "]")
        first, second, third = st.columns(3)
        with first:
            source = choose_table(files, state.TG_COMP_TABLE, default_table)
    else:  # no table to choose: the two choices side by side, no empty third
        (second, third), source = st.columns(2), own
    long = read_long_table(source)
    groups, counts = long.groups(), long.count_columns()
    if "niveau" not in source.data or not (source.data["niveau"] == "wijk").any() or not groups or not counts:
        st.info(t("tg_composition_none", language))
        return
    if st.session_state.get(state.TG_COMP_MEASURE) not in counts:
        st.session_state[state.TG_COMP_MEASURE] = default_measure if default_measure in counts else counts[0]
    if st.session_state.get(state.TG_COMP_GROUP) not in groups:
        st.session_state[state.TG_COMP_GROUP] = default_group if default_group in groups else groups[0]
    measure = second.selectbox(t("tg_composition_measure", language), counts, key=state.TG_COMP_MEASURE,
                               format_func=lambda c: data.measure_words(c, language, source))
    group = third.selectbox(t("tg_composition_group", language), groups, key=state.TG_COMP_GROUP,
                            format_func=lambda c: data.column_words(c, language, source))
    values = long.values_of(group)
    if st.session_state.get(state.TG_COMP_MAP_GROUP) not in values:
        st.session_state[state.TG_COMP_MAP_GROUP] = values[0]
    spec = {"section": "composition", "table": st.session_state.get(state.TG_COMP_TABLE), "measure": measure,
            "group": group, "map_group": st.session_state[state.TG_COMP_MAP_GROUP]}
    try:
        items = data.composition_items(source, spec, minimum, language, names, synthetic=synthetic, where=where)
    except ValueError as error:
        st.error(t("tg_rates_error", language, error=error_text(error)))
        return
    chart = items[0]
    bullets(chart.lines)
    show_item(chart, "composition")
    st.radio(t("tg_composition_map_group", language), values, horizontal=True, key=state.TG_COMP_MAP_GROUP)
    if len(items) > 1:
        show_item(items[1], "tg_composition_map")
    if synthetic:  # a demo table: a saved view can draw it again; an upload is gone after the session
        saveable += [(item.title, {**spec, "part": number}) for number, item in enumerate(items)]


def zzp_section(minimum: int, names: dict, saveable: list) -> None:
    """Zzp'ers per wijk: their share of the adults (map and bars) and their mean income beside everyone's."""
    items = data.zzp_items(minimum, language, names)
    if not items:
        return
    st.header(t("tg_zzp_section", language))
    st.caption(":orange[" + t("synthetic", language) + "]")
    for line in items[0].lines:
        st.markdown(plain(line))
    for number, (item, key) in enumerate(zip(items, ("tg_zzp_map", "zzp"))):
        show_item(item, key)
        saveable.append((item.title, {"section": "zzp", "part": number}))


def group_section(own, where, minimum: int, names: dict) -> None:
    """The zzp section for an own table: one group per wijk, its share and its mean amount beside everyone's."""
    long = read_long_table(own)
    groups, counts = long.groups(), long.count_columns()
    if "niveau" not in own.data or not (own.data["niveau"] == "wijk").any() or not counts:
        return
    st.header(t("tg_group_section", language))
    st.caption(t("tg_group_intro", language))
    first, second, third, fourth = st.columns(4)
    group = first.selectbox(t("tg_group_column", language), groups, key=state.TG_GROUP_COLUMN,
                            format_func=lambda c: data.column_words(c, language, own))
    values = long.values_of(group)
    if st.session_state.get(state.TG_GROUP_VALUE) not in values:
        st.session_state[state.TG_GROUP_VALUE] = values[0]
    value = second.selectbox(t("tg_group_value", language), values, key=state.TG_GROUP_VALUE)
    if st.session_state.get(state.TG_GROUP_MEASURE) not in counts:
        st.session_state[state.TG_GROUP_MEASURE] = "aantal" if "aantal" in counts else counts[0]
    measure = third.selectbox(t("tg_composition_measure", language), counts, key=state.TG_GROUP_MEASURE,
                              format_func=lambda c: data.measure_words(c, language, own))
    amounts = [None, *data.amount_columns(own)]
    if state.TG_GROUP_AMOUNT not in st.session_state or st.session_state[state.TG_GROUP_AMOUNT] not in amounts:
        st.session_state[state.TG_GROUP_AMOUNT] = amounts[1] if len(amounts) > 1 else None
    amount = fourth.selectbox(t("tg_group_amount", language), amounts, key=state.TG_GROUP_AMOUNT,
                              format_func=lambda c: t("tg_group_no_amount", language) if c is None
                              else data.measure_words(c, language, own))
    spec = {"group": group, "value": value, "measure": measure, "amount": amount}
    try:
        items = data.group_items(own, spec, minimum, language, names, where=where)
    except ValueError as error:
        st.error(t("tg_rates_error", language, error=error_text(error)))
        return
    bullets(items[-1].lines)
    for number, item in enumerate(items):
        show_item(item, f"tg_group_{number}")


def model_section(saveable: list, table=None) -> dict | None:
    """The checked model as a forest plot, with its reading in plain words and its checks.

    Beside an own ``table`` only an own model result is shown (named with the table's labels), never the demo's.
    """
    st.header(t("tg_model_section", language))
    st.caption(t("tg_model_intro" if table is None else "tg_model_intro_own", language))
    model, own = (data.model_result() if table is None else None), False
    uploaded = st.file_uploader(t("tg_model_upload", language), type=["json"], key=state.TG_MODEL_UPLOAD)
    if uploaded is not None:
        try:
            model, own = data.read_uploaded_model(uploaded.getvalue()), True
        except ValueError as error:
            st.error(t("tg_model_error", language, error=error_text(error)))
    if model is None:
        st.info(t("tg_model_none" if table is None else "tg_model_own", language))
        return None
    item = data.model_item(model, language, table)
    show_item(item, "model")
    st.markdown(f"**{t('tg_model_reading', language)}**")
    bullets(item.lines)
    st.caption(t("tg_model_odds_note", language))
    st.caption(t("tg_model_checks", language, min=model.get("min_count", DEFAULT_MIN_COUNT)))
    for note in model.get("notes", []):
        st.caption(t("tg_model_note", language, note=plain(note)))
    if not own:
        saveable.append((item.title, {"section": "model", "part": 0}))
    return model if own else None


def for_whom_section(own_model: dict | None, table, saveable: list) -> None:
    """What works for whom: the effect per group from a model with an interaction (an own one, or the demo's)."""
    model = own_model if own_model and own_model.get("interactions") else (
        data.for_whom_result() if table is None and own_model is None else None)
    if not model or not model.get("interactions"):
        return
    st.header(t("tg_for_whom_section", language))
    st.caption(t("tg_for_whom_intro", language))
    if model.get("synthetic"):
        st.caption(":orange[" + t("synthetic", language) + "]")
    item = data.for_whom_item(model, language, table)
    bullets(item.lines)
    show_item(item, "for_whom")
    if model is not own_model:  # the demo's: a saved view can draw it again
        saveable.append((item.title, {"section": "for_whom", "part": 0}))


def durations_section(table, saveable: list) -> None:
    """How fast and how durably: the curves per group of an own durations result, or the demo's."""
    st.header(t("tg_durations_section", language))
    st.caption(t("tg_durations_intro", language))
    uploaded = st.file_uploader(t("tg_durations_upload", language), type=["json"], key=state.TG_DURATIONS_UPLOAD)
    document, kind = None, None
    if uploaded is not None:
        try:
            document = data.read_uploaded_durations(uploaded.getvalue())
        except ValueError as error:
            st.error(t("tg_durations_error", language, error=error_text(error)))
            return
    elif table is None:
        kinds = [k for k in ("end", "werk") if data.durations_result(k) is not None]
        if kinds:
            kind = st.radio(t("tg_durations_kind", language), kinds, horizontal=True, key=state.TG_DURATIONS_KIND,
                            format_func=lambda k: t(f"tg_durations_kind_{k}", language))
            document = data.durations_result(kind)
    if document is None:
        st.info(t("tg_durations_own" if table is not None else "tg_model_none", language))
        return
    if document.get("synthetic"):
        st.caption(":orange[" + t("synthetic", language) + "]")
    item = data.durations_item(document, language, table)
    bullets(item.lines)
    show_item(item, "durations")
    st.dataframe(data.durations_rows(document, language, table), hide_index=True, width="stretch")
    if kind is not None:
        saveable.append((item.title, {"section": "durations", "kind": kind, "part": 0}))


def save_section(saveable: list, minimum: int) -> None:
    """Save one of the page's charts or maps as a view, for decks and slides on Presenteren."""
    if not saveable:
        return
    store = open_store()
    if store is None:
        return
    st.header(t("tg_save_title", language))
    titles = [title for title, _ in saveable]
    number = st.selectbox(t("tg_save_which", language), range(len(titles)), format_func=lambda i: titles[i],
                          key=state.TG_SAVE_WHICH)
    number = number if number is not None and number < len(saveable) else 0
    spec = saveable[number][1]
    save_form(store, titles[number], lambda: {data.TARGET_KEY: dict(spec), "min_count": minimum}, key=state.TG_SAVE)


def main() -> None:
    """Draw the page."""
    minimum = threshold()
    st.subheader(t("page_target_groups", language))
    st.caption(t("tg_intro", language, min=minimum))
    warning = DisclosureSettings(min_count=minimum).warning(language)
    if warning:
        st.warning(warning)
    files = data.demo_tables()
    own, uploading = own_table()
    if uploading and own is None:  # a message was shown; nothing is drawn as if the demo were the upload
        st.stop()
    if not files and own is None:
        st.info(t("tg_model_none", language))
        st.stop()
    saveable: list = []
    if own is None:
        names = data.district_names()
        question(files, None, minimum, saveable)
        composition_section(files, None, None, minimum, names, saveable)
        zzp_section(minimum, names, saveable)
    else:
        st.caption(t("tg_table_upload_shown", language))
        where = data.own_areas(own, datasets(), st.session_state.get(state.DATASET))
        names = names_of(where)
        if where is None:
            st.info(t("tg_own_no_boundaries", language))
        question(files, own, minimum, saveable)
        composition_section(files, own, where, minimum, names, saveable)
        group_section(own, where, minimum, names)
    durations_section(own, saveable)
    own_model = model_section(saveable, own)
    for_whom_section(own_model, own, saveable)
    save_section(saveable, minimum)


main()
