"""Vergelijken: two districts side by side, two maps, ranking, scatter, change and clusters.

The page's choices are its widgets' own state (``compare_<choice>``, kept across pages by
``ui.address.keep_choices``); a link or an opened view asks for values once
(``compare_requested``), and the choices on screen go into the address and a saved view.
"""

from dataclasses import dataclass, field, replace

import streamlit as st

from indicators.core.describe import describe_column, themes_of
from indicators.core.words import t
from maps.alternatives import describe_map
from maps.charts import describe_correlation, ranking_chart, scatter_chart
from maps.choropleth import source_line
from maps.clusters import build_cluster_map, cluster_notices, describe_clusters
from ui import state
from ui.address import COMPARE_KEYS, compare_params, write_url
from ui.caches import clusters_of, disclosure_settings
from ui.downloads import chart_downloads
from ui.i18n import error_text, lang, plain
from ui.saved import open_store, save_form, settings_on_screen
from ui.tables import comparison_rows
from ui.view import View, build_map, choose_view, select_district, show_map, side_by_side, titled_map

VIEWS = ("districts", "maps", "ranking", "scatter", "change", "clusters")
_URL_NAMES = {key: name for name, key in COMPARE_KEYS.items()}


@dataclass
class Run:
    """One run of the page: the view, the choices a link asked for, and the choices shown."""

    view: View
    language: str
    requested: dict = field(default_factory=dict)
    used: dict = field(default_factory=dict)  # the choices this run shows: they go into the address and a saved view

    @property
    def table(self):
        """The view's districts, protected."""
        return self.view.loaded.table

    @property
    def codes(self) -> list[str]:
        """The districts' codes, in the table's order."""
        return self.table.data["code"].tolist()

    def choose(self, choice: str, options: list, default):
        """Prepare one choice's widget state: a value asked for by a link first, else the kept one, else ``default``."""
        key = state.compare_choice(choice)
        if choice in self.requested:
            raw = self.requested.pop(choice)
            match = next((option for option in options if str(option) == raw), None)
            if match is None:
                st.warning(t("url_invalid", self.language, name=_URL_NAMES[choice], value=plain(raw)))
            else:
                st.session_state[key] = match
        if st.session_state.get(key) not in options:
            st.session_state[key] = default
        return key

    def shown(self, choice: str, value):
        """Record a choice on screen; returns it."""
        self.used[choice] = value
        return value

    def sidebar_title(self) -> str:
        """The title of the indicator chosen in the sidebar, which the page's charts use as one of their axes."""
        return describe_column(self.table, self.view.indicator, self.language).title

    def label(self, code: str) -> str:
        """How a district reads in the choice lists: "Centrum (WK999901)"."""
        names = dict(zip(self.table.data["code"], self.table.data["naam"].astype(str)))
        return f"{names[code]} ({code})"

    def click(self, code) -> None:
        """Select a district clicked on one of the page's maps, as on the map page."""
        if code and code != self.view.selected:
            select_district(self.view, code)
            st.rerun()


def two_districts(run: Run) -> None:
    """Every indicator of two districts with the average and the difference; large gaps marked."""
    language, view, codes = run.language, run.view, run.codes
    st.caption(t("compare_intro", language))
    left, right = st.columns(2)
    first = left.selectbox(t("compare_first", language), codes, format_func=run.label,
                           key=run.choose("first", codes, view.selected if view.selected in codes else codes[0]))
    second = right.selectbox(t("compare_second", language), codes, format_func=run.label,
                             key=run.choose("second", codes, codes[min(1, len(codes) - 1)]))
    run.shown("first", first)
    run.shown("second", second)
    level_word = t(f"level_{view.level}", language).lower()
    st.dataframe(comparison_rows(run.table, first, second, level_word, language), hide_index=True,
                 width="stretch")

def two_maps(run: Run) -> None:
    """Two years of one indicator (one shared class scheme) or two indicators side by side."""
    language, view = run.language, run.view
    other_years = [year for year in view.dataset.years if year != view.year]
    modes = (["years"] if other_years else []) + ["indicators"]
    mode = run.shown("maps_mode", st.radio(
        t("compare_maps_mode", language), modes, horizontal=True, key=run.choose("maps_mode", modes, modes[0]),
        format_func=lambda key: t(f"compare_maps_{key}", language)))
    if mode == "years":
        other = run.shown("other_year", st.selectbox(
            t("compare_other_year", language), other_years,
            key=run.choose("other_year", other_years, other_years[0])))
        try:
            maps = side_by_side(view, "years", other)
        except ValueError:
            st.warning(t("compare_not_in_year", language, year=other))
            return
        st.caption(t("compare_shared_scheme", language))
    else:
        other = other_indicator(run, "second_indicator", t("compare_second_indicator", language))
        if other is None:
            return
        maps = side_by_side(view, "indicators", other)
        st.caption(t("compare_left_from_sidebar", language, indicator=plain(run.sidebar_title())))
    # the left map reports where it was moved to, for a saved view; the right one follows it
    for column, (year, choropleth), side in zip(st.columns(2), maps, ("first", "second")):
        with column:
            run.click(show_map(view, choropleth, height=480, key=f"compare_map_{side}_{year}", year=year,
                                track_view=side == "first", choose=True))
    st.caption(t("compare_in_sync", language))
    store = open_store()
    if store is not None:
        heading = describe_column(run.table, view.indicator, language).title
        if mode == "years":
            title = t("compare_maps_title_years", language, indicator=heading, left=maps[0][0], right=maps[1][0])
        else:
            title = t("compare_maps_title_indicators", language, indicator=heading, year=view.year,
                      other=describe_column(run.table, other, language).title)
        used = dict(run.used)
        save_form(store, title, lambda: settings_on_screen({"view": "maps", **used}), key="save_compare_view")

def other_indicator(run: Run, choice: str, label: str) -> str | None:
    """A second indicator next to the view's own (kept across pages); None when there is none."""
    options = [c for columns in themes_of(run.table.figures, run.table).values() for c in columns
               if c != run.view.indicator]
    if not options:
        st.info(t("no_figures", run.language))
        return None
    return run.shown(choice, st.selectbox(
        label, options, key=run.choose(choice, options, options[0]),
        format_func=lambda column: describe_column(run.table, column, run.language).title))

def change_map(run: Run) -> None:
    """The change map of the Kaart page, here with its own choice of year."""
    view = run.view
    other_years = [year for year in view.dataset.years if year != view.year]
    if not other_years:
        st.info(t("compare_one_year", run.language))
        return
    since = run.shown("since", st.selectbox(t("since", run.language), other_years,
                                             key=run.choose("since", other_years, other_years[0])))
    changed = replace(view, since=since)
    run.click(show_map(changed, build_map(changed), key="compare_change_map", choose=True))

def ranking(run: Run) -> None:
    """All districts ranked on the indicator, the average marked, the selected district highlighted."""
    view = run.view
    st.caption(t("compare_ranking_from_sidebar", run.language, indicator=plain(run.sidebar_title())))
    chart = ranking_chart(run.table, view.indicator, choropleth=titled_map(view, "") if not view.since else None,
                          selected=view.selected, lang=run.language)
    st.altair_chart(chart, width="stretch")
    st.caption(plain(describe_map(build_map(view))))  # the chart in words
    chart_downloads(chart, f"ranglijst_{view.indicator}_{view.year}")

def scatter(run: Run) -> None:
    """One indicator against another, with the correlation."""
    x = other_indicator(run, "x", t("compare_x", run.language))
    if x is None:
        return
    st.caption(t("compare_y_from_sidebar", run.language, indicator=plain(run.sidebar_title())))
    chart, correlation = scatter_chart(run.table, x, run.view.indicator, selected=run.view.selected,
                                       lang=run.language)
    st.altair_chart(chart, width="stretch")
    st.caption(plain(t("compare_scatter_in_words", run.language,
                       y=describe_column(run.table, run.view.indicator, run.language).title,
                       x=describe_column(run.table, x, run.language).title,
                       correlation=describe_correlation(correlation, run.language))))
    chart_downloads(chart, f"spreiding_{x}_{run.view.indicator}_{run.view.year}")

def clusters(run: Run) -> None:
    """Hot and cold spots (local Moran) on a map, with Moran's I and plain sentences."""
    language, view, table = run.language, run.view, run.table
    try:
        result = clusters_of(view.dataset, view.level, view.year, view.indicator,
                             view.disclosure or disclosure_settings())
    except ValueError as error:
        st.warning(t("clusters_error", language, error=error_text(error, language)))
        return
    for sentence in describe_clusters(result, table, language):
        st.markdown(sentence)
    for notice in cluster_notices(result, table, language):
        st.caption(notice)
    title = t("clusters_title", language, title=describe_column(table, view.indicator, language).title)
    note = view.loaded.disclosure.note(language, view.indicator, view.level)
    choropleth = build_cluster_map(table, result, title=title, synthetic=view.dataset.synthetic, lang=language,
                                   source=source_line(table.cited, note, language))
    run.click(show_map(view, choropleth, key="compare_clusters_map", choose=True))
    st.caption(t("clusters_method", language, permutations=result.permutations, seed=result.seed))


def _shown_before() -> dict:
    """The choices the page showed last, for the address while the sidebar is drawn."""
    view = st.session_state.get(state.compare_choice("view")) or "districts"
    mode = st.session_state.get(state.compare_choice("maps_mode"))
    keys = {"districts": ("first", "second"), "scatter": ("x",), "change": ("since",),
            "maps": ("maps_mode", "other_year" if mode == "years" else "second_indicator")}.get(view, ())
    return {"view": view, **{key: st.session_state[state.compare_choice(key)] for key in keys
                             if state.compare_choice(key) in st.session_state}}


def main() -> None:
    """Draw the page."""
    language = lang()
    view = choose_view(url_extra=compare_params(_shown_before()))
    if view is None or view.indicator is None:
        st.stop()
    run = Run(view, language, requested=st.session_state.get(state.COMPARE_REQUESTED) or {})
    choice = run.shown("view", st.segmented_control(
        t("compare_what", language), VIEWS, key=run.choose("view", list(VIEWS), "districts"),
        format_func=lambda key: t(f"compare_{key}", language)) or "districts")
    drawn = {"districts": two_districts, "maps": two_maps, "ranking": ranking, "scatter": scatter,
             "change": change_map, "clusters": clusters}
    drawn[choice](run)
    st.session_state.pop(state.COMPARE_REQUESTED, None)  # what this comparison did not use is not applied later
    # the address carries the comparison on screen, so a copied link reproduces it
    st.session_state[state.URL_EXTRA] = compare_params(run.used)
    write_url({**st.session_state.to_dict(), state.SELECTED: run.view.selected, state.INDICATOR: view.indicator})


main()
