"""Vergelijken: two districts side by side, two maps, ranking, scatter, change and clusters."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.choropleth import build_cluster_map, source_line
from indicators.charts import ranking_chart, save_chart, scatter_chart
from indicators.clusters import cluster_notices, describe_clusters, find_clusters
from indicators.describe import describe_column, themes_of
from indicators.formatting import format_cell, format_number
from indicators.profile import district_profile
from ui.i18n import plain, t
from ui.saved import open_store, save_form, settings_on_screen
from ui.state import COMPARE_KEYS, compare_params, lang, write_url
from ui.view import build_map, choose_view, select_district, show_map, side_by_side

VIEWS = ("districts", "maps", "ranking", "scatter", "change", "clusters")
NOTABLE = 0.25  # a difference of a quarter of the average or more is marked as notable

language = lang()
# Choices asked for by a link or an opened view (``ui.state.COMPARE_KEYS``), used once each.
requested = st.session_state.get("compare_requested") or {}
used = {}  # the choices this run shows: they go into the address and a saved view
view = choose_view(url_extra=st.session_state.get("compare_url"))
if view is None or view.indicator is None:
    st.stop()
table = view.loaded.table
names = dict(zip(table.data["code"], table.data["naam"].astype(str)))
codes = table.data["code"].tolist()
_URL_NAMES = {key: name for name, key in COMPARE_KEYS.items()}


def _warn_invalid(key: str, raw: str) -> None:
    st.warning(t("url_invalid", language, name=_URL_NAMES[key], value=plain(raw)))


if "view" in requested:
    raw = requested.pop("view")
    if raw in VIEWS:
        st.session_state["compare_view"] = st.session_state["compare_view_kept"] = raw
    else:
        _warn_invalid("view", raw)
st.session_state.setdefault("compare_view", st.session_state.get("compare_view_kept", "districts"))
choice = st.segmented_control(t("compare_what", language), VIEWS, key="compare_view",
                              format_func=lambda key: t(f"compare_{key}", language)) or "districts"
st.session_state["compare_view_kept"] = choice


def _label(code: str) -> str:
    return f"{names[code]} ({code})"


def _kept(key: str, default, options):
    """A choice kept under its own key: Streamlit forgets widget values while another page runs.

    A value asked for by a link or an opened view comes first, if it is one of the options.
    """
    if key in requested:
        raw = requested.pop(key)
        match = next((option for option in options if str(option) == raw), None)
        if match is not None:
            _keep(**{key: match})
        else:
            _warn_invalid(key, raw)
    kept = st.session_state.get("compare_choice", {}).get(key)
    return kept if kept in options else default


def _keep(**values) -> None:
    st.session_state["compare_choice"] = {**st.session_state.get("compare_choice", {}), **values}
    used.update(values)


def two_districts() -> None:
    """Every indicator of two districts with the average and the difference; large gaps marked."""
    st.caption(t("compare_intro", language))
    first_default = _kept("first", view.selected if view.selected in codes else codes[0], codes)
    second_default = _kept("second", codes[min(1, len(codes) - 1)], codes)
    left, right = st.columns(2)
    first = left.selectbox(t("compare_first", language), codes, index=codes.index(first_default),
                           key="compare_first", format_func=_label)
    second = right.selectbox(t("compare_second", language), codes, index=codes.index(second_default),
                             key="compare_second", format_func=_label)
    _keep(first=first, second=second)
    a, b = district_profile(table, first), district_profile(table, second)
    rows = []
    for one, two in zip(a.itertuples(), b.itertuples()):
        info = describe_column(table, one.column, language)
        both = pd.notna(one.value) and pd.notna(two.value)
        average = one.average if pd.notna(one.average) else 0
        gap = both and average and abs(one.value - two.value) >= NOTABLE * abs(average)
        rows.append({
            t("profile_indicator", language): info.heading,
            f"A: {names[first]}": format_cell(one.value, one.status, info.decimals, language),
            f"B: {names[second]}": format_cell(two.value, two.status, info.decimals, language),
            t("profile_average", language, level=t(f"level_{view.level}", language).lower()):
                format_number(one.average, info.decimals, language),
            t("compare_difference", language): (format_number(one.value - two.value, info.decimals, language)
                                                 if both else ""),
            t("compare_notable", language): "●" if gap else "",
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def two_maps() -> None:
    """Two years of one indicator (one shared class scheme) or two indicators side by side."""
    other_years = [year for year in view.dataset.years if year != view.year]
    modes = (["years"] if other_years else []) + ["indicators"]
    mode = st.radio(t("compare_maps_mode", language), modes, horizontal=True, key="compare_maps_mode",
                    index=modes.index(_kept("maps_mode", modes[0], modes)),
                    format_func=lambda key: t(f"compare_maps_{key}", language))
    _keep(maps_mode=mode)
    if mode == "years":
        other = st.selectbox(t("compare_other_year", language), other_years, key="compare_other_year",
                             index=other_years.index(_kept("other_year", other_years[0], other_years)))
        _keep(other_year=other)
        try:
            maps = side_by_side(view, "years", other)
        except ValueError:
            st.warning(t("compare_not_in_year", language, year=other))
            return
        st.caption(t("compare_shared_scheme", language))
    else:
        other = _other_indicator("second_indicator", t("compare_second_indicator", language))
        if other is None:
            return
        maps = side_by_side(view, "indicators", other)
    # the left map reports where it was moved to, for a saved view; the right one follows it
    for column, (year, choropleth), side in zip(st.columns(2), maps, ("first", "second")):
        with column:
            _map_click(show_map(view, choropleth, height=480, key=f"compare_map_{side}_{year}", year=year,
                                track_view=side == "first"))
    st.caption(t("compare_in_sync", language))
    store = open_store()
    if store is not None:
        heading = describe_column(table, view.indicator, language).title
        if mode == "years":
            title = t("compare_maps_title_years", language, indicator=heading, left=maps[0][0], right=maps[1][0])
        else:
            title = t("compare_maps_title_indicators", language, indicator=heading, year=view.year,
                      other=describe_column(table, other, language).title)
        save_form(store, title, lambda: settings_on_screen({"view": "maps", **used}), key="save_compare_view")


def _other_indicator(key: str, label: str) -> str | None:
    """A second indicator next to the view's own (kept across pages); None when there is none."""
    options = [c for columns in themes_of(table.figures).values() for c in columns if c != view.indicator]
    if not options:
        st.info(t("no_figures", language))
        return None
    chosen = st.selectbox(label, options, key=f"compare_{key}", index=options.index(_kept(key, options[0], options)),
                          format_func=lambda column: describe_column(table, column, language).title)
    _keep(**{key: chosen})
    return chosen


def _map_click(code) -> None:
    if code and code != view.selected:
        select_district(view, code)
        st.rerun()


def change_map() -> None:
    """The change map of the Kaart page, here with its own choice of year."""
    other_years = [year for year in view.dataset.years if year != view.year]
    if not other_years:
        st.info(t("compare_one_year", language))
        return
    since = st.selectbox(t("since", language), other_years, key="compare_since",
                         index=other_years.index(_kept("since", other_years[0], other_years)))
    _keep(since=since)
    view.since = since
    _map_click(show_map(view, build_map(view), key="compare_change_map"))


def _chart_file(chart, name: str):
    """A function giving the chart file's bytes, drawn offline by vl-convert only when asked for."""

    def draw() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            return save_chart(chart, Path(folder) / name).read_bytes()

    return draw


def _chart_downloads(chart, name: str) -> None:
    """PNG and SVG of a chart."""
    columns = st.columns(2)
    for column, suffix, mime in zip(columns, (".png", ".svg"), ("image/png", "image/svg+xml")):
        column.download_button(t("download", language, fmt=suffix[1:].upper()), data=_chart_file(chart, name + suffix),
                               file_name=f"{name}{suffix}", mime=mime, key=f"download_{name}{suffix}")


def ranking() -> None:
    """All districts ranked on the indicator, the average marked, the selected district highlighted."""
    chart = ranking_chart(table, view.indicator, choropleth=build_map(view) if not view.since else None,
                          selected=view.selected, lang=language)
    st.altair_chart(chart, width="stretch")
    _chart_downloads(chart, f"ranglijst_{view.indicator}_{view.year}")


def scatter() -> None:
    """One indicator against another, with the correlation."""
    x = _other_indicator("x", t("compare_x", language))
    if x is None:
        return
    chart, _ = scatter_chart(table, x, view.indicator, selected=view.selected, lang=language)
    st.altair_chart(chart, width="stretch")
    _chart_downloads(chart, f"spreiding_{x}_{view.indicator}_{view.year}")


@st.cache_data(show_spinner=False, max_entries=32)
def _clusters(_table, dataset_key: str, level: str, year: int, column: str, boundary_file: str, min_count):
    """LISA clusters are deterministic (fixed seed) and cost a second nationally: compute once per view.

    The arguments after the table name it exactly (dataset, its boundary file, level, year, column,
    disclosure threshold), so the unhashed table can never return another table's result.
    """
    return find_clusters(_table, column)


def clusters() -> None:
    """Hot and cold spots (local Moran) on a map, with Moran's I and plain sentences."""
    try:
        result = _clusters(table, view.dataset.key, view.level, view.year, view.indicator,
                           str(view.dataset.boundaries.get(view.year)), st.session_state.get("min_count"))
    except ValueError as error:
        st.warning(t("clusters_error", language, error=error))
        return
    for sentence in describe_clusters(result, table, language):
        st.markdown(sentence)
    for notice in cluster_notices(result, table, language):
        st.caption(notice)
    title = t("clusters_title", language, title=describe_column(table, view.indicator, language).title)
    choropleth = build_cluster_map(table, result, title=title, synthetic=view.dataset.synthetic, lang=language,
                                   source=source_line(table.source, view.loaded.disclosure.note(language), language))
    _map_click(show_map(view, choropleth, key="compare_clusters_map"))
    st.caption(t("clusters_method", language, permutations=result.permutations, seed=result.seed))


VIEWS_DRAWN = {"districts": two_districts, "maps": two_maps, "ranking": ranking, "scatter": scatter,
               "change": change_map, "clusters": clusters}
VIEWS_DRAWN.get(choice, two_districts)()
requested.clear()  # what this comparison did not use is not applied to a later one
# the address carries the comparison on screen, so a copied link reproduces it
st.session_state["compare_url"] = st.session_state["url_extra"] = compare_params({"view": choice, **used})
write_url({**st.session_state.to_dict(), "selected": view.selected, "indicator": view.indicator})
