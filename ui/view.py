"""The sidebar choices every map page shares, and the map itself.

The choices live in ``st.session_state`` under the widget keys and in the URL (``ui.address``),
so a copied address reproduces the view; the map is drawn by the engine (``maps.webmap``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from geo.datasets import Dataset, Loaded
from indicators.analysis.classify import K_RANGE, SCHEMES, shared_classes
from indicators.core.describe import describe_column, themes_of
from indicators.core.table import find_figure
from indicators.core.values import MISSING
from indicators.core.words import t
from indicators.privacy.disclosure import DisclosureSettings
from maps.alternatives import describe_map, map_table, table_html
from maps.change import change_map
from maps.choropleth import Choropleth, build_choropleth, source_line, subtitle_for
from maps.palettes import PALETTES
from maps.webmap import pair_html, web_map_html
from ui import state
from ui.address import (
    BASEMAP_KEYS,
    GROUPS,
    checked_settings,
    defaults,
    groups_text,
    parse_groups,
    show_notices,
    write_url,
)
from ui.caches import disclosure_settings, is_prepared, load, load_with, prepared, shown_layer, threshold_settings
from ui.i18n import error_text, lang, plain
from ui.map_component import draw_map
from ui.uploads import UPLOAD, add_dataset, datasets

if TYPE_CHECKING:
    from maps.slides import Slide


@dataclass(frozen=True)
class View:
    """What the sidebar chose, with the loaded data; a changed view is a new one (``dataclasses.replace``)."""

    dataset: Dataset
    level: str
    year: int
    loaded: Loaded
    indicator: str | None
    scheme: str
    k: int
    palette: str
    basemap: str
    selected: str | None
    since: int | None = None  # change map: from this year to ``year``
    change_unit: str = "absolute"  # or "percent"
    disclosure: DisclosureSettings | None = None  # a saved view's own; None: the session's

    def load_year(self, year: int) -> Loaded:
        """Another year of the view's dataset and level, protected with the same settings as the view."""
        if year == self.year:
            return self.loaded
        return load_with(self.dataset, self.level, year, self.disclosure or disclosure_settings())


def choose_view(url_extra: dict | None = None, *, settings_later: bool = False) -> View | None:
    """Draw the sidebar choices and return the view; None (with a message) when nothing can be shown.

    ``url_extra`` are the page's own address parameters, kept beside the view's. The choices are
    settled in ``st.session_state`` first and drawn at the end; with ``settings_later`` (a new
    visitor's first map, see ``ui.map_component.map_first``) they are not drawn in this run: the
    map reports when it is painted, and the next run draws them.
    """
    st.session_state[state.URL_EXTRA] = dict(url_extra or {})
    language = lang()
    for text in st.session_state.pop(state.HELD, []):  # said by the run before, which this one replaces
        st.warning(text)
    all_datasets = datasets()
    if not all_datasets:
        st.error(t("load_error", language, error=t("error_no_datasets", language)))
        return None
    base = defaults(all_datasets)
    for key, value in base.items():
        st.session_state.setdefault(key, value)
    _keep_valid(state.DATASET, list(all_datasets), base[state.DATASET])
    dataset = all_datasets[st.session_state[state.DATASET]]
    _keep_valid(state.LEVEL, list(dataset.levels), dataset.levels[0])
    _keep_valid(state.YEAR, dataset.years, dataset.years[-1])
    try:
        with st.spinner():
            loaded = load(dataset, st.session_state[state.LEVEL], st.session_state[state.YEAR])
            valid = checked_groups(dataset, loaded)
            if valid is not None:  # a link's or saved view's group value the table lacks: Totaal, with a notice
                st.session_state.setdefault(state.NOTICES, []).append((GROUPS, groups_text(dataset.slices)))
                dataset = replace(dataset, slices=valid)
                add_dataset(dataset)
                loaded = load(dataset, st.session_state[state.LEVEL], st.session_state[state.YEAR])
    except (ValueError, OSError) as error:
        _draw_source_choices(all_datasets, dataset, language)  # another dataset, level or year may load
        st.error(t("load_error", language, error=error_text(error, language)))
        return None

    table = loaded.table
    if not table.figures:  # the Gegevens page still shows the districts; a map page says why there is no map
        settings_later = False
        st.info(t("no_figures", language))
    by_theme = _settle_indicator(table, language, settings_later) if table.figures else {}
    # 0 stands for "no change map": a None option would show as an empty placeholder.
    since_options = [0] + [y for y in dataset.years if y and y != st.session_state[state.YEAR]]
    _keep_valid(state.SINCE, since_options, 0)
    if not settings_later:
        _draw_source_choices(all_datasets, dataset, language)
        _draw_map_choices(table, by_theme, since_options, language)

    warning = loaded.disclosure.warning(language)
    if warning:
        st.warning(warning)
    selected = st.session_state.get(state.SELECTED)
    if selected and selected not in set(table.data["code"]):
        _warn(t("selected_missing", language, code=selected), settings_later)
        st.session_state[state.SELECTED] = selected = None
    if dataset.synthetic:
        st.caption(":orange[" + t("synthetic", language) + "]")
    show_notices(say=lambda text: _warn(text, settings_later))
    indicator = st.session_state[state.INDICATOR] if table.figures else None
    view = View(dataset, st.session_state[state.LEVEL], st.session_state[state.YEAR], loaded, indicator,
                st.session_state[state.SCHEME], st.session_state[state.K], st.session_state[state.PALETTE],
                st.session_state[state.BASEMAP], selected, st.session_state.get(state.SINCE) or None,
                st.session_state.get(state.CHANGE_UNIT, "absolute"))
    write_url({**st.session_state.to_dict(), "selected": selected, "indicator": view.indicator})
    return view


def select_district(view: View, code: str | None) -> View:
    """Select a district (or none) and put it in the address at once, so a copied link has it; the view with it."""
    st.session_state[state.SELECTED] = code
    write_url({**st.session_state.to_dict(), "selected": code, "indicator": view.indicator})
    return replace(view, selected=code)


def _keep_valid(key: str, allowed: list, fallback) -> None:
    if st.session_state.get(key) not in allowed:
        st.session_state[key] = fallback




def _warn(text: str, again: bool) -> None:
    """A warning; with ``again`` also in the next run, which replaces this one's messages.

    The one place a map-first run keeps what it said: address values not used, an unknown
    indicator or district.
    """
    st.warning(text)
    if again:
        st.session_state.setdefault(state.HELD, []).append(text)


def _settle_indicator(table, language: str, warn_again: bool = False) -> dict[str, list[str]]:
    """Theme, then indicator, in session state: the themes of the registry, in its order, own columns under 'overig'."""
    by_theme = themes_of(table.figures, table)
    wanted = st.session_state.get(state.INDICATOR)
    if wanted and wanted not in table.figures:
        try:  # the same indicator under another spelling (aantal_inwoners, aantalInwoners): no news for the user
            wanted = st.session_state[state.INDICATOR] = find_figure(table, wanted)
            st.session_state.pop(state.THEME, None)  # its theme follows below
        except ValueError:
            _warn(t("indicator_missing", language, name=plain(wanted)), warn_again)
            wanted = None
    if wanted is None:  # the first figure with a value to show (a file may start with empty columns)
        ordered = [column for columns in by_theme.values() for column in columns]
        wanted = next((column for column in ordered if (table.status[column] != MISSING).any()), ordered[0])
    if st.session_state.get(state.THEME) not in by_theme:  # first visit or a link: the indicator decides
        st.session_state[state.THEME] = next(theme for theme, columns in by_theme.items() if wanted in columns)
    options = by_theme[st.session_state[state.THEME]]
    if st.session_state.get(state.INDICATOR) not in options:
        st.session_state[state.INDICATOR] = wanted if wanted in options else options[0]
    return by_theme


def _draw_source_choices(all_datasets: dict, dataset: Dataset, language: str) -> None:
    with st.sidebar:
        st.selectbox(t("dataset", language), list(all_datasets), key=state.DATASET,
                     format_func=lambda key: all_datasets[key].title)
        st.radio(t("level", language), list(dataset.levels), key=state.LEVEL, horizontal=True,
                 format_func=lambda level: t(f"level_{level}", language))
        st.selectbox(t("year", language), dataset.years, key=state.YEAR,
                     format_func=lambda year: str(year) if year else t("year_unknown", language))


def _draw_map_choices(table, by_theme: dict[str, list[str]], since_options: list[int], language: str) -> None:
    with st.sidebar:
        if by_theme:
            st.selectbox(t("theme", language), list(by_theme), key=state.THEME,
                         format_func=lambda key: describe_theme(key, language))
            st.selectbox(t("indicator", language), by_theme[st.session_state[state.THEME]], key=state.INDICATOR,
                         format_func=lambda column: describe_column(table, column, language).title)
        if len(since_options) > 1:
            st.selectbox(t("since", language), since_options, key=state.SINCE,
                         format_func=lambda year: str(year) if year else t("since_none", language))
            if st.session_state.get(state.SINCE):
                st.radio(t("change_unit", language), ["absolute", "percent"], key=state.CHANGE_UNIT, horizontal=True,
                         format_func=lambda unit: t(f"change_{unit}", language))
        st.selectbox(t("scheme", language), [s for s in SCHEMES if s != "manual"], key=state.SCHEME,
                     format_func=lambda scheme: SCHEMES[scheme][language])
        # a row of choices, not a slider: one click, and no slider code for the browser to load first
        st.radio(t("k", language), list(range(K_RANGE[0], K_RANGE[1] + 1)), key=state.K, horizontal=True,
                 disabled=st.session_state[state.SCHEME] == "std_mean")
        st.selectbox(t("palette", language), PALETTES, key=state.PALETTE)
        st.selectbox(t("basemap", language), BASEMAP_KEYS, key=state.BASEMAP,
                     format_func=lambda key: t(f"basemap_{key}", language), help=t("basemap_note", language))
        st.number_input(t("min_count", language), min_value=1, max_value=1000, step=1, key=state.MIN_COUNT,
                        help=t("min_count_help", language))


def describe_theme(key: str, language: str) -> str:
    """Name of a theme in the language of the page."""
    from indicators.core.describe import theme_label

    return theme_label(key, language)


def missing_data(settings: dict, language: str) -> str | None:
    """Why a saved view cannot be shown in this session (its data is not loaded here), or None.

    A view of an upload keeps the upload's key, and an upload lives in the session that loaded it.
    Falling back to the default data, as a link does, would put another place's figures under the
    view's own title on a slide.
    """
    key = settings.get("dataset")
    return None if key in (None, "") or key in datasets() else t("view_data_missing", language)


def checked_groups(dataset: Dataset, loaded: Loaded) -> tuple | None:
    """The group values of ``dataset.slices`` its long table has; None when every one of them is there."""
    join = loaded.join
    if not dataset.slices or join is None:
        return None
    valid = tuple((group, value) for group, value in dataset.slices if value in join.group_values.get(group, []))
    return None if valid == dataset.slices else valid


def view_from(settings: dict) -> View:
    """The view a saved view describes, built without widgets (for the slides of a whole deck).

    Settings are checked by the address's rules (``ui.address.checked_settings``): what no longer
    fits (a year the data lacks, an indicator the year lacks) falls back to the default. Whether
    the view's data is loaded here at all is the caller's question (``missing_data``).
    """
    all_datasets = datasets()
    values = checked_settings(settings, all_datasets)
    dataset = all_datasets[values[state.DATASET]]
    if dataset.key.startswith(UPLOAD):  # the group values the view was saved with (Totaal where none)
        dataset = replace(dataset, slices=parse_groups(settings.get(GROUPS) or "") or ())
    level = values[state.LEVEL] if values[state.LEVEL] in dataset.levels else dataset.levels[0]
    year = values[state.YEAR] if values[state.YEAR] in dataset.years else dataset.years[-1]
    disclosure = threshold_settings(values[state.MIN_COUNT])
    loaded = load_with(dataset, level, year, disclosure)
    valid = checked_groups(dataset, loaded)
    if valid is not None:
        dataset = replace(dataset, slices=valid)
        loaded = load_with(dataset, level, year, disclosure)
    figures = loaded.table.figures
    indicator = values.get("indicator") if values.get("indicator") in figures else (figures or [None])[0]
    selected = values.get("selected") if values.get("selected") in set(loaded.table.data["code"]) else None
    since = values.get("since") if values.get("since") not in (None, 0, year) else None
    return View(dataset, level, year, loaded, indicator, values[state.SCHEME], values[state.K], values[state.PALETTE],
                values[state.BASEMAP], selected, since, values.get(state.CHANGE_UNIT, "absolute"), disclosure)


def two_maps_of(view: View, compare: dict) -> tuple[str, object] | None:
    """(mode, other) of a saved comparison of two maps that fits ``view``'s data, else None.

    ``compare`` holds the Vergelijken page's choices: view ``maps`` with ``maps_mode`` ``years``
    (and ``other_year``) or ``indicators`` (and ``second_indicator``).
    """
    if not isinstance(compare, dict) or compare.get("view") != "maps":
        return None
    if compare.get("maps_mode") == "years":
        other = next((y for y in view.dataset.years if str(y) == str(compare.get("other_year"))), None)
        return ("years", other) if other is not None and other != view.year else None
    if compare.get("maps_mode") == "indicators":
        other = compare.get("second_indicator")
        return ("indicators", other) if other in view.loaded.table.figures and other != view.indicator else None
    return None


def side_by_side(view: View, mode: str, other) -> list[tuple[int, Choropleth]]:
    """The two maps of a comparison, left to right, as (year, choropleth).

    Two years of the view's indicator on one class scheme, so a colour means the same number in
    both (the earlier year left); or the view's indicator beside ``other``. ValueError when the
    other year lacks the indicator.
    """
    view = replace(view, since=None)  # two maps of figures, never the sidebar's change map
    if mode == "indicators":
        return [(view.year, build_map(view)), (view.year, build_map(view, column=other))]
    before = view.load_year(other).table
    column_before = find_figure(before, view.indicator)
    classes = shared_classes([pd.to_numeric(before.data[column_before], errors="coerce"),
                              pd.to_numeric(view.loaded.table.data[view.indicator], errors="coerce")],
                             view.scheme, view.k)
    maps = [(year, build_map(view, year=year, classification=cls)) for year, cls in zip((other, view.year), classes)]
    return sorted(maps, key=lambda pair: pair[0])


def titled_map(view: View, title: str) -> Choropleth:
    """The view's choropleth under a saved view's title, for slides and the offline page.

    The title stays as the presenter wrote it (``headline``); what the map shows goes under it
    (``subtitle``) where the title does not already say it, the year once. The map's own title,
    legend and colours stay those of the web map.
    """
    choropleth = _for_handout(view, view.year, build_map(view))
    if not title or title == choropleth.title:
        return choropleth
    if view.since:  # a change map: its title names both years
        subtitle = subtitle_for(title, choropleth.title)
    else:
        subtitle = subtitle_for(title, describe_column(view.loaded.table, view.indicator, lang()).title, view.year)
    return replace(choropleth, headline=title, subtitle=subtitle)


def _for_handout(view: View, year: int, choropleth: Choropleth) -> Choropleth:
    """The choropleth with the disclosure rule in plain words, for a slide's source line."""
    rule = view.load_year(year).disclosure.plain_note(lang(), choropleth.column or view.indicator)
    return replace(choropleth, rule=rule)


def slide_for(view: View, choropleth: Choropleth, note: str = "", extent=None) -> "Slide":
    """A slide of ``view`` drawn with ``choropleth`` (from ``titled_map``), for the static exports.

    ``extent`` (west, south, east, north) is the area the presenter had in view, if saved.
    """
    from maps.slides import Slide  # matplotlib: loaded when a slide is first made, not at start

    return Slide(_frame_of(view, view.year, choropleth), choropleth, selected=view.selected, note=note or None,
                 extent=extent)


def pair_slide_for(view: View, maps: list[tuple[int, Choropleth]], title: str, note: str = "", extent=None) -> "Slide":
    """A slide of two maps side by side (from ``side_by_side``) under a saved view's title."""
    from maps.slides import Slide

    (left_year, left), (right_year, right) = [(year, _for_handout(view, year, c)) for year, c in maps]
    return Slide(_frame_of(view, left_year, left), left, selected=view.selected, note=note or None, extent=extent,
                 beside=(_frame_of(view, right_year, right), right), title=title)


def _frame_of(view: View, year: int, choropleth: Choropleth):
    """The districts of ``year`` in the order of ``choropleth``."""
    data = view.load_year(year).table.data
    return data.set_index("code", drop=False).loc[choropleth.codes].reset_index(drop=True)


def html_for(view: View, choropleth: Choropleth, map_view=None, note: str = "") -> str:
    """The view as one offline HTML page: Leaflet inline, no request to any other server; the note above the map."""
    return web_map_html(prepared(view.dataset, view.level, view.year), choropleth, basemap=view.basemap,
                        selected=view.selected, view=map_view, note=note)


def pair_html_for(view: View, maps: list[tuple[int, Choropleth]], title: str, map_view=None, note: str = "") -> str:
    """Two maps side by side (from ``side_by_side``) in one offline HTML file; they move together."""
    pages = [web_map_html(prepared(view.dataset, view.level, year), choropleth, basemap=view.basemap,
                          selected=view.selected, view=map_view, keep_view=True, area="pair")
             for year, choropleth in maps]
    return pair_html(title, pages, note, lang())


def build_map(view: View, *, column: str | None = None, year: int | None = None, classification=None) -> Choropleth:
    """Every choropleth the pages draw, always with the disclosure label and source line.

    By default the view's figure (or its change since a year); else another ``column`` or
    ``year`` of the same dataset. ``classification`` shares one class scheme between maps that measure the same thing.
    """
    year = view.year if year is None else year
    loaded = view.load_year(year)
    column = column or view.indicator
    if year == view.year and column == view.indicator and view.since:
        return _build_change_map(view)
    if year != view.year:
        column = find_figure(loaded.table, column)
    title = describe_column(loaded.table, column, lang()).title
    return build_choropleth(
        loaded.table, column, scheme=view.scheme, k=view.k, palette=view.palette, classification=classification,
        title=f"{title} ({year})" if year else title, synthetic=view.dataset.synthetic, lang=lang(),
        secret_label=loaded.disclosure.label(column, lang()), source=_source(loaded, column, view.level),
    )


def _source(loaded: Loaded, column: str, level: str) -> str:
    """Source line of every map: the files, and the disclosure control applied to them."""
    return source_line(loaded.table.cited, loaded.disclosure.note(lang(), column, level), lang())


def _build_change_map(view: View) -> Choropleth:
    """Change between two years (``maps.change``); districts of one year only are listed, not drawn."""
    language = lang()
    earlier, later = sorted((view.since, view.year))
    try:
        choropleth, boundaries = change_map(
            view.load_year(earlier).table, view.loaded.table, view.indicator, since=view.since, year=view.year,
            unit=view.change_unit, k=view.k, palette=view.palette, synthetic=view.dataset.synthetic, lang=language,
            source=_source(view.loaded, view.indicator, view.level))
    except ValueError as error:
        st.error(t("change_error", language, error=error_text(error, language)))
        st.stop()
    if boundaries.only_before or boundaries.only_after:
        st.info(t("boundary_changes", language, before=earlier, after=later,
                  gone=", ".join(boundaries.only_before) or "-", new=", ".join(boundaries.only_after) or "-"))
    return choropleth


def show_map(view: View, choropleth: Choropleth, *, height: int = 620, zoom_to_selected: bool = False,
             key: str = "map", year: int | None = None, map_view=None, track_view: bool = False,
             keep_view: bool = True, link: bool = False, fill: bool = False, choose: bool = False,
             report_painted: bool = False) -> str | None:
    """Draw the map (of ``year``, default the view's) with its text and table alternative; return a newly chosen code.

    ``map_view`` (lat, lng, zoom) opens the map there; ``track_view`` keeps the centre and zoom the
    user pans to in ``st.session_state[state.MAP_VIEW]``, and the area in view in ``state.MAP_EXTENT`` (each
    pan reruns the page, so only where a view is saved). ``keep_view`` opens a redrawn map where the
    user had moved it (a click or another indicator must not reset the zoom). ``link`` writes where
    the user looks into the address, so a copied link opens there (the map page's map). ``fill``
    lets the map take the screen's height less a slide's title and buttons, in large type (presentation mode).

    Under the map: a sentence on what it shows and a table of its districts (WCAG 1.1.1); with
    ``choose``, a list to choose a district from, as a click on the map does, by keyboard too.
    ``report_painted``: the page left its choices for after this map (``choose_view(settings_later=...)``);
    what is under the map comes with them, in the run its report starts (a new visitor's map
    waited for the list's and the toggle's code, issue #21; the map says what it shows meanwhile).
    """
    year = view.year if year is None else year
    description = describe_map(choropleth)
    layer = shown_layer(view.dataset, view.level, year)
    answer = draw_map(layer, choropleth, key=key, height=height, track_view=track_view, selected=view.selected,
                      basemap=view.basemap, zoom_to_selected=zoom_to_selected, view=map_view, keep_view=keep_view,
                      area=view.dataset.key, link=link, page_scroll=not fill, fill=fill, lang=lang(),
                      description=description, report_painted=report_painted)
    if answer.view:
        where = answer.view
        st.session_state[state.MAP_VIEW] = (round(where["lat"], 6), round(where["lng"], 6), where["zoom"])
        st.session_state[state.MAP_EXTENT] = tuple(round(float(v), 6) for v in where["extent"])
    if layer.draft:
        _redraw_when_prepared(view.dataset, view.level, year)
    chosen = None
    if fill:  # a slide: the sentence for screen readers only, the screen is the slide's
        st.markdown(f'<p class="wv-sr-only">{html.escape(description)}</p>', unsafe_allow_html=True)
    elif not report_painted:  # a map-first run leaves the sentence and the table for the next run
        st.caption(plain(description))
        chosen = _map_table(view, choropleth, key, choose)
    if answer.clicked in choropleth.codes:
        return answer.clicked
    return chosen


def _redraw_when_prepared(dataset: Dataset, level: str, year: int) -> None:
    """Rerun the page once a layer drawn as a draft is prepared, so its map gets the prepared geometry.

    The preparation runs in a background thread, which cannot start a run itself; so the page asks
    four times a second (a fragment: only this check runs). The map keeps where the user moved it.
    """
    @st.fragment(run_every=0.25)
    def check() -> None:
        if is_prepared(dataset, level, year):
            st.rerun()

    check()


def _map_table(view: View, choropleth: Choropleth, key: str, choose: bool) -> str | None:
    """The map's table alternative; with ``choose``, a list under the map that selects a district as a click does.

    The table is plain HTML (a screen reader reads its rows and headers; a canvas grid it cannot),
    sorted by a choice of its own: rank, name or code.
    """
    language = lang()
    frame = map_table(choropleth)
    codes = frame[t("table_code", language)].tolist() if not frame.empty else []
    chosen = None
    if choose and codes:
        columns = (frame[t(name, language)].tolist() for name in ("table_rank", "table_area", "table_value"))
        labels = {code: f"{rank or '–'}: {area} ({code}), {value}" for code, rank, area, value in zip(codes, *columns)}
        options = [None, *codes]
        # a new list whenever the selection changes, so it always shows the district selected (by map or list)
        picked = st.selectbox(t("table_choose", language), options, index=options.index(view.selected)
                              if view.selected in options else 0, key=f"{key}_choose_{view.selected}",
                              format_func=lambda code: labels[code] if code else t("table_choose_none", language),
                              placeholder=t("table_choose_placeholder", language))  # not "Choose an option"
        chosen = picked if picked and picked != view.selected else None
    if st.toggle(t("table_show", language), key=f"{key}_table"):
        order = st.radio(t("table_sort", language), ("rank", "name", "code"), horizontal=True, key=f"{key}_sort",
                         format_func=lambda option: t(f"table_sort_{option}", language))
        if order != "rank" and not frame.empty:
            column = t("table_area" if order == "name" else "table_code", language)
            frame = frame.sort_values(column, key=lambda values: values.str.casefold(), kind="stable")
        st.markdown(table_html(frame, choropleth.title),
                    unsafe_allow_html=True)
    return chosen
