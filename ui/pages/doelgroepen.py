"""Doelgroepen: who is in a target group, where they live, and for whom re-integration works.

Opens with the re-integration question answered on the demo: outflow to work per trajectory type
and age class with Wilson intervals, the groups that differ in words, then the composition of a
target group per wijk (stacked bars and a map), zzp'ers per wijk, and the checked model.
"""

import streamlit as st

from geo.datasets import demo_dataset
from indicators.aggregate import TOTAL
from indicators.codes import LEVELS
from indicators.formatting import format_number
from indicators.models import model_sentences
from indicators.rates import differing_sentences, group_columns, group_words, percent
from indicators.registry import DEFAULT_MIN_COUNT
from indicators.target_groups import composition, count_columns, district_figure, group_values, has_columns
from indicators.words import t
from maps.choropleth import build_choropleth, source_line
from maps.target_groups import FIGURE, composition_chart, figure_table, forest_chart, rates_chart, zzp_chart
from ui import target_groups_data as data
from ui.i18n import lang, plain
from ui.view import View, show_map

language = lang()


def threshold() -> int:
    """The session's threshold (the sidebar of the map pages), never below what the user chose there."""
    chosen = st.session_state.get("min_count")
    return int(chosen) if chosen else DEFAULT_MIN_COUNT


def capital(text: str) -> str:
    """A title starts with a capital letter."""
    return text[:1].upper() + text[1:]


def choose_table(files, key: str, default: str, upload: bool = False):
    """A demo table (or an upload) and its name; None with a message when an upload cannot be used."""
    names = [path.name for path in files]
    if st.session_state.get(key) not in names:
        st.session_state[key] = default if default in names else names[0]
    name = st.selectbox(t("tg_table", language), names, key=key)
    path = files[names.index(name)]
    if upload:
        uploaded = st.file_uploader(t("tg_upload", language), type=["csv", "xlsx"], key=f"{key}_upload")
        if uploaded is not None:
            try:
                table = data.uploaded_table(uploaded.getvalue(), uploaded.name)
            except ValueError as error:
                st.error(t("tg_upload_error", language, error=plain(error)))
                return None, False
            if not group_columns(table.data):
                st.error(t("tg_upload_no_groups", language))
                return None, False
            return table, False
    return data.table(path, data.changed_at(path)), True


def question(files, minimum: int) -> None:
    """Rates per group with intervals: the re-integration question on the demo, any long table otherwise."""
    st.header(t("tg_question_title", language))
    source, synthetic = choose_table(files, "tg_table", data.QUESTION_TABLE, upload=True)
    if source is None:
        return
    groups = group_columns(source.data)
    counts = count_columns(source)
    if len(counts) < 2:
        st.error(t("tg_rates_error", language, error=t("tg_upload_no_groups", language)))
        return
    first, second, third, fourth = st.columns([2, 2, 3, 2])
    numerator_default = "werk" if "werk" in counts else next(c for c in counts if c != "aantal")
    if st.session_state.get("tg_numerator") not in counts:
        st.session_state["tg_numerator"] = numerator_default
    if st.session_state.get("tg_denominator") not in counts:
        st.session_state["tg_denominator"] = "aantal" if "aantal" in counts else counts[0]
    numerator = first.selectbox(t("tg_numerator", language), counts, key="tg_numerator",
                                format_func=lambda c: data.measure_words(c, language))
    denominator = second.selectbox(t("tg_denominator", language), counts, key="tg_denominator",
                                   format_func=lambda c: data.measure_words(c, language))
    if not set(st.session_state.get("tg_by") or []) <= set(groups) or not st.session_state.get("tg_by"):
        st.session_state["tg_by"] = list(groups)
    by = third.multiselect(t("tg_by", language), groups, key="tg_by",
                           format_func=lambda c: data.column_words(c, language))
    levels = [lvl for lvl in LEVELS if "niveau" in source.data and (source.data["niveau"] == lvl).any()]
    level = fourth.selectbox(t("tg_level", language), levels, key="tg_level",
                             format_func=lambda lvl: t(f"level_{lvl}", language)) if levels else None
    cross = st.checkbox(t("tg_cross", language), key="tg_cross", disabled=len(by) < 2)
    try:
        sets = data.rate_sets(source, numerator, denominator, by, cross, level, minimum)
    except ValueError as error:
        st.error(t("tg_rates_error", language, error=plain(error)))
        return
    overall = sets[0][1].overall
    if numerator == "werk" and overall.rate is not None:
        st.markdown(t("tg_question_answer", language, n=format_number(overall.denominator, 0, language),
                      overall=percent(overall.rate, language)))
    for number, (columns, rates) in enumerate(sets):
        column_text = " × ".join(data.column_words(c, language) for c in columns)
        sentences = differing_sentences(rates, language)
        for sentence in sentences:
            st.markdown("- " + plain(sentence))
        if not sentences:
            st.caption(t("tg_no_difference", language, column=plain(column_text)))
        title = t("tg_rates_title", language, measure=capital(data.measure_words(numerator, language)),
                  column=column_text)
        chart = rates_chart(rates, title=title, source=source.cited, lang=language, synthetic=synthetic)
        st.altair_chart(chart, width="stretch")
        data.downloads(chart, f"percentages_{numerator}_{'_'.join(columns)}", f"rates_{number}")
    st.caption(t("tg_rates_method", language, min=minimum))


def district_map(dataset, loaded, values, title: str, source: str, note: str, key: str, palette: str = "YlGnBu",
                 ) -> None:
    """One figure per wijk on the web map (secret wijken grey and hatched), as the other pages draw it."""
    minimum = threshold()
    table = figure_table(loaded.table, values, title=title)
    choropleth = build_choropleth(table, FIGURE, k=4, palette=palette, title=title, lang=language, synthetic=True,
                                  secret_label=f"{t('secret', language)} (< {minimum})",
                                  source=source_line(source, note, language))
    view = View(dataset, "wijk", data.YEAR, loaded, None, "quantiles", 4, palette, "none", None)
    show_map(view, choropleth, height=420, key=key)
    st.caption(choropleth.footer)


def composition_section(files, dataset, loaded, names, minimum: int) -> None:
    """A target group per wijk: stacked shares of its groups, and a map of one group's share."""
    st.header(t("tg_composition_title", language))
    default_table, default_measure, default_group = data.COMPOSITION_DEFAULT
    first, second, third = st.columns(3)
    with first:
        source, synthetic = choose_table(files, "tg_comp_table", default_table)
    groups = group_columns(source.data)
    counts = count_columns(source)
    if "niveau" not in source.data or not (source.data["niveau"] == "wijk").any() or not groups:
        st.info(t("tg_composition_none", language))
        return
    if st.session_state.get("tg_comp_measure") not in counts:
        st.session_state["tg_comp_measure"] = default_measure if default_measure in counts else counts[0]
    if st.session_state.get("tg_comp_group") not in groups:
        st.session_state["tg_comp_group"] = default_group if default_group in groups else groups[0]
    measure = second.selectbox(t("tg_composition_measure", language), counts, key="tg_comp_measure",
                               format_func=lambda c: data.measure_words(c, language))
    group = third.selectbox(t("tg_composition_group", language), groups, key="tg_comp_group",
                            format_func=lambda c: data.column_words(c, language))
    try:
        parts = composition(source, measure, group, level="wijk", min_count=minimum)
    except ValueError as error:
        st.error(t("tg_rates_error", language, error=plain(error)))
        return
    measure_text = data.measure_words(measure, language)
    title = t("tg_composition_chart", language, measure=capital(measure_text),
              column=data.column_words(group, language))
    chart = composition_chart(parts, names, title=title, source=source.cited, lang=language, synthetic=synthetic)
    st.altair_chart(chart, width="stretch")
    data.downloads(chart, f"samenstelling_{measure}_{group}", "composition")
    values = group_values(source, group)
    chosen = st.radio(t("tg_composition_map_group", language), values, horizontal=True, key="tg_comp_map_group")
    shares = parts[parts["groep"] == chosen].rename(columns={"aandeel": "waarde"})
    map_title = t("tg_composition_map_title", language, group=group_words({group: chosen}, language),
                  measure=measure_text)
    district_map(dataset, loaded, shares, map_title, source.cited, t("tg_composition_note", language, min=minimum),
                 "tg_composition_map")


def zzp_section(dataset, loaded, names, minimum: int) -> None:
    """Zzp'ers per wijk: their share of the adults (map and bars) and their mean income beside everyone's."""
    paths = [data.DEMO_DIR / name for name in data.ZZP_TABLES]
    if not paths[0].exists():
        return
    work = data.table(paths[0], data.changed_at(paths[0]))
    if not has_columns(work, "zzp_pct"):
        return
    st.header(t("tg_zzp_section", language))
    share = district_figure(work, "zzp_pct", level="wijk", min_count=minimum)
    income = None
    if paths[1].exists():
        incomes = data.table(paths[1], data.changed_at(paths[1]))
        if has_columns(incomes, "inkomen", "arbeidspositie") and "zzp" in group_values(incomes, "arbeidspositie"):
            income = district_figure(incomes, "inkomen", where={"arbeidspositie": "zzp"}, min_count=minimum)
            everyone = district_figure(incomes, "inkomen", min_count=minimum).set_index("code")["waarde"]
            income["alle"] = income["code"].map(everyone)
            whole = district_figure(incomes, "inkomen", level="gemeente", where={"arbeidspositie": "zzp"},
                                    min_count=minimum)
            whole_all = district_figure(incomes, "inkomen", level="gemeente", min_count=minimum)
            overall = district_figure(work, "zzp_pct", level="gemeente", min_count=minimum)
            shown = share.dropna(subset=["waarde"])
            if len(shown) and whole["waarde"].notna().all() and overall["waarde"].notna().all():
                top = shown.loc[shown["waarde"].idxmax()]
                st.markdown(t("tg_zzp_reading", language, top=plain(names.get(top["code"], top["code"])),
                              share=f"{format_number(top['waarde'], 1, language)}%",
                              overall=f"{format_number(overall['waarde'].iloc[0], 1, language)}%",
                              zzp=format_number(whole["waarde"].iloc[0], 0, language),
                              all=format_number(whole_all["waarde"].iloc[0], 0, language)))
    district_map(dataset, loaded, share, t("tg_zzp_map_title", language), work.cited,
                 t("tg_zzp_note", language, min=minimum), "tg_zzp_map", palette="Purples")
    chart = zzp_chart(share, income, names, source=work.cited, lang=language, synthetic=True)
    st.altair_chart(chart, width="stretch")
    data.downloads(chart, "zzp_per_wijk", "zzp")


def model_section() -> None:
    """The checked model as a forest plot, with its reading in plain words and its checks."""
    st.header(t("tg_model_section", language))
    st.caption(t("tg_model_intro", language))
    model = data.model_result()
    uploaded = st.file_uploader(t("tg_model_upload", language), type=["json"], key="tg_model_upload")
    if uploaded is not None:
        try:
            model = data.read_uploaded_model(uploaded.getvalue())
        except ValueError as error:
            st.error(t("tg_model_error", language, error=plain(error)))
    if model is None:
        st.info(t("tg_model_none", language))
        return
    labels = {p["name"]: data.column_words(p["name"], language) for p in model["predictors"]}
    labels[model.get("outcome", "")] = data.measure_words(model.get("outcome", ""), language)
    source = model.get("source") or t("page_target_groups", language)
    chart = forest_chart(model, source=source, lang=language, labels=labels)
    st.altair_chart(chart, width="stretch")
    data.downloads(chart, f"model_{model.get('outcome', 'uitkomst')}", "model")
    st.markdown(f"**{t('tg_model_reading', language)}**")
    for sentence in model_sentences(model, language):
        st.markdown("- " + plain(sentence))
    st.caption(t("tg_model_odds_note", language))
    st.caption(t("tg_model_checks", language, min=model.get("min_count", DEFAULT_MIN_COUNT)))
    for note in model.get("notes", []):
        st.caption(t("tg_model_note", language, note=plain(note)))


def main() -> None:
    """Draw the page."""
    minimum = threshold()
    st.subheader(t("page_target_groups", language))
    st.caption(t("tg_intro", language, min=minimum))
    files = data.demo_tables()
    if not files:
        st.info(t("tg_model_none", language))
        st.stop()
    st.caption(":orange[" + t("synthetic", language) + "]")
    dataset = demo_dataset()
    loaded = data.districts(dataset)
    names = dict(zip(loaded.table.data["code"].astype(str), loaded.table.data["naam"].astype(str)))
    names.setdefault(TOTAL, TOTAL)
    question(files, minimum)
    composition_section(files, dataset, loaded, names, minimum)
    zzp_section(dataset, loaded, names, minimum)
    model_section()


main()
