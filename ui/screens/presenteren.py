"""Presenteren: save views, put them in decks, present a deck full screen, hand out the slides.

Saved views and decks live in the SQLite store (``ui.store``); a view is the map page's settings
(the same values the address carries), so showing one is putting them back in the widgets. A view
saved on Vergelijken also holds its comparison: two maps side by side, on screen and on the slide.
"""

import html
import tempfile
from pathlib import Path

import streamlit as st

from indicators.core.words import t
from maps.choropleth import combined_footer
from maps.slides import render_slides
from ui import state
from ui.accessibility import slide_keys
from ui.address import PAGES, apply_settings, view_link, view_settings
from ui.caches import prepared
from ui.i18n import error_text, lang, plain
from ui.saved import open_store, save_form, settings_on_screen, show_store_error
from ui.store import StoreError, ViewStore
from ui.target_views import (  # charts and maps of the Doelgroepen page (issue #17)
    has_chart_slides,
    is_target_view,
    open_target_view,
    present_target,
    slides_file,
    target_files,
    target_slide,
)
from ui.view import (
    build_map,
    choose_view,
    html_for,
    missing_data,
    pair_html_for,
    pair_slide_for,
    show_map,
    side_by_side,
    slide_for,
    titled_map,
    two_maps_of,
    view_from,
)

language = lang()

# Large type for slides; the sidebar, header and toolbar go away while presenting.
# The slide fits the screen at every size a presenter uses (1280x720 to 1920x1080) without
# scrolling: the map (``show_map(fill=True)``) takes the height the title, footer and controls
# leave (18.5rem, in maps/webmap_component.js), and the note stands beside it.
_SLIDE_CSS = """
<style>
.wv-slide-title {font-size: clamp(1.6rem, 4.2vh, 2.6rem); font-weight: 700; line-height: 1.15; margin: 0;}
.wv-slide-subtitle {font-size: clamp(1.05rem, 2.4vh, 1.4rem); line-height: 1.35; color: #333; margin: 0;
                    padding-bottom: .5rem;}
.wv-slide-note {font-size: clamp(1.05rem, 2.6vh, 1.45rem); line-height: 1.4; max-height: calc(100vh - 18.5rem);
                overflow-y: auto;}
.wv-slide-note div + div {margin-top: .7em;}
.wv-slide-chart {display: block; width: 100%; height: max(240px, calc(100vh - 14rem)); object-fit: contain !important;
                 object-position: left top; margin-bottom: 1rem;}
.wv-sr-only {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;}
.wv-slide-counter {font-size: 1.2rem; font-weight: 700; text-align: center; padding-top: .35rem;}
[data-testid="stMainBlockContainer"], .block-container {padding-bottom: .5rem !important;}
[data-testid="stVerticalBlock"] {gap: .35rem !important;}
</style>
"""
_HIDE_CONTROLS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stSidebarNav"] {display: none !important;}
.block-container {padding-top: 1rem !important; max-width: 100% !important;}
</style>
"""
def present(store: ViewStore, deck_id: int) -> None:
    """One view of the deck at a time, full width, large type, controls hidden."""
    try:
        deck = store.get_deck(deck_id)
        views = [store.get_view(view_id) for view_id in deck.view_ids]
    except StoreError as error:
        show_store_error(error)
        st.session_state.pop(state.PRESENTING, None)
        return
    if not views:
        st.session_state.pop(state.PRESENTING, None)
        st.warning(t("deck_empty", language))
        return
    number = min(max(st.session_state.get(state.SLIDE, 0), 0), len(views) - 1)
    st.session_state[state.SLIDE] = number
    saved = views[number]
    st.markdown(_SLIDE_CSS + _HIDE_CONTROLS, unsafe_allow_html=True)
    if is_target_view(saved.settings):  # a chart or map of the Doelgroepen page (issue #17)
        present_target(saved, number)
    else:
        _present_view(saved, deck.id, number)
    _controls(number, len(views), saved.title)


def _present_view(saved, deck_id: int, number: int) -> None:
    """A map view's slide: its title, its map or two maps side by side, the note beside them, the source."""
    reason = missing_data(saved.settings, language)
    if reason:  # not another place's figures under this title
        st.markdown(f'<h1 class="wv-slide-title">{html.escape(saved.title)}</h1>', unsafe_allow_html=True)
        st.warning(reason)
        return
    if st.session_state.get(state.SHOWN_SLIDE) != (deck_id, number, saved.updated):
        apply_settings(saved.settings)
        st.session_state.pop(state.COMPARE_REQUESTED, None)  # the comparison is shown here, not on Vergelijken
        st.session_state[state.SHOWN_SLIDE] = (deck_id, number, saved.updated)
    view = choose_view()
    if view is None or view.indicator is None:
        return
    maps = _maps_of(view, saved)
    # a slide shows what was saved, not where the previous slide was moved to
    map_view = opening_view(view, saved.settings)
    title = f'<h1 class="wv-slide-title">{html.escape(saved.title)}</h1>'
    if len(maps) == 1:
        title += f'<div class="wv-slide-subtitle">{html.escape(maps[0][1].title)}</div>'
    st.markdown(title, unsafe_allow_html=True)
    area, aside = st.columns([3, 1]) if saved.note else (st.container(), None)
    with area:
        if len(maps) == 1:
            show_map(view, maps[0][1], height=560, key=f"slide_map_{number}", map_view=map_view, keep_view=False,
                     fill=True)
        else:
            for column, (year, choropleth), side in zip(st.columns(2), maps, ("left", "right")):
                with column:
                    st.markdown(f'<div class="wv-slide-subtitle">{html.escape(choropleth.title)}</div>',
                                unsafe_allow_html=True)
                    show_map(view, choropleth, height=520, key=f"slide_map_{number}_{side}", year=year,
                             map_view=map_view, keep_view=False, fill=True)
    if aside is not None:
        aside.markdown(f'<div class="wv-slide-note">{html.escape(saved.note)}</div>', unsafe_allow_html=True)
    st.caption(combined_footer(c for _, c in maps))


def _controls(number: int, total: int, title: str) -> None:
    """Previous, the slide's number, next and stop under every slide; the arrow keys do the same."""
    previous, counter, following, stop = st.columns([1, 1, 1, 1])
    previous.button(t("slide_previous", language), key="wv-previous", disabled=number == 0,
                    on_click=_step, args=(-1,), use_container_width=True)
    # a screen reader reads the new slide's number and title when the slide changes
    counter.markdown(f'<div class="wv-slide-counter" role="status" aria-live="polite" aria-atomic="true">'
                     f'{html.escape(t("slide_counter", language, number=number + 1, total=total))}'
                     f'<span class="wv-sr-only"> {html.escape(title)}</span></div>', unsafe_allow_html=True)
    following.button(t("slide_next", language), key="wv-next", disabled=number == total - 1,
                     on_click=_step, args=(1,), use_container_width=True)
    stop.button(t("slide_stop", language), key="wv-stop", on_click=_stop, use_container_width=True)
    slide_keys()


def _maps_of(view, saved) -> list:
    """(year, choropleth) of each map a saved view shows: one, or two side by side for a comparison."""
    pair = two_maps_of(view, saved.settings.get("compare"))
    if pair is not None:
        try:
            return side_by_side(view, *pair)
        except ValueError:  # the other year lacks the indicator now: the view's own map
            pass
    return [(view.year, build_map(view))]


def opening_view(view, settings: dict):
    """Where a saved view's web map opens: its saved centre and zoom, or None.

    None (the whole area, fitted to the screen it is shown on) when the saved map showed all of
    the area anyway.
    """
    map_view, extent = saved_map_view(settings), saved_extent(settings)
    if map_view is None or extent is None:
        return map_view
    (south, west), (north, east) = prepared(view.dataset, view.level, view.year).bounds
    west_, south_, east_, north_ = extent
    return None if west_ <= west and south_ <= south and east_ >= east and north_ >= north else map_view


def saved_map_view(settings: dict):
    """(lat, lng, zoom) of a saved view, None when it shows the whole area."""
    center, zoom = settings.get("center"), settings.get("zoom")
    try:
        lat, lng = (float(v) for v in center)
        zoom = float(zoom)
    except (TypeError, ValueError):
        return None
    return (lat, lng, zoom) if -90 <= lat <= 90 and -180 <= lng <= 180 and 0 <= zoom <= 22 else None


def saved_extent(settings: dict):
    """(west, south, east, north) a saved view's map showed, None when not saved or not valid.

    Leaflet reports longitudes past 180 when the map wraps around; such a view shows the whole area.
    """
    try:
        west, south, east, north = (float(v) for v in settings.get("extent"))
    except (TypeError, ValueError):
        return None
    valid = -180 <= west < east <= 180 and -90 <= south < north <= 90
    return (west, south, east, north) if valid else None


def _step(offset: int) -> None:
    st.session_state[state.SLIDE] = st.session_state.get(state.SLIDE, 0) + offset


def _stop() -> None:
    """Back to preparing, with the map as it was before the presentation (runs before the widgets exist)."""
    st.session_state.pop(state.PRESENTING, None)
    st.session_state.pop(state.SHOWN_SLIDE, None)
    before = st.session_state.pop(state.BEFORE_PRESENTING, None)
    if before is not None:
        apply_settings(before)


def prepare(store: ViewStore) -> None:
    """The current map, the saved views and the decks, each with its actions."""
    view = choose_view()
    if view is None or view.indicator is None:
        return
    choropleth = build_map(view)
    st.caption(t("present_intro", language))
    st.subheader(choropleth.title)
    show_map(view, choropleth, height=480, key="present_map", track_view=True)
    st.caption(choropleth.footer)
    save_form(store, choropleth.title, settings_on_screen)
    views = _list_views(store)
    _decks(store, views)


def _list_views(store: ViewStore) -> list:
    st.header(t("saved_views", language))
    try:
        views = store.list_views()
    except StoreError as error:
        show_store_error(error)
        return []
    if not views:
        st.info(t("no_views", language))
    for saved in views:
        with st.expander(plain(saved.title)):
            _view_actions(store, saved)
    return views


def _view_actions(store: ViewStore, saved) -> None:
    if saved.note:
        st.text(saved.note)
    st.code(view_link(saved.settings), language=None)
    # a Doelgroepen chart or map is not the map above: replacing its settings by the map's would lose it
    target = is_target_view(saved.settings)
    if target:  # said as text: a disabled button takes no keyboard focus, so its tooltip is out of reach
        st.caption(t("view_update_target_help", language))
    open_, update, duplicate, delete, export = st.columns(5)
    open_.button(t("view_open", language), key=f"open_{saved.id}", on_click=_open, args=(saved.settings,))
    try:
        if update.button(t("view_update", language), key=f"update_{saved.id}", disabled=target,
                         help=None if target else t("view_update_help", language)):
            store.update_view(saved.id, settings=settings_on_screen(saved.settings.get("compare")))
            st.rerun()
        if duplicate.button(t("view_duplicate", language), key=f"duplicate_{saved.id}"):
            store.duplicate_view(saved.id)
            st.rerun()
        if delete.button(t("view_delete", language), key=f"delete_{saved.id}"):
            store.delete_view(saved.id)
            st.rerun()
        with st.form(f"edit_{saved.id}"):
            title = st.text_input(t("view_title", language), value=saved.title, max_chars=200)
            note = st.text_area(t("view_note", language), value=saved.note, max_chars=5000)
            if st.form_submit_button(t("view_rename", language)):
                store.update_view(saved.id, title=title, note=note)
                st.rerun()
    except StoreError as error:
        show_store_error(error)
    if export.button(t("view_export", language), key=f"export_{saved.id}"):
        try:
            st.session_state[state.view_files(saved.id)] = _view_files(saved)
        except ValueError as error:  # its data is not loaded here (missing_data), or the engine refused it
            st.error(_shown_error(error))
    files = st.session_state.get(state.view_files(saved.id))
    if files:
        for column, (name, data, mime) in zip(st.columns(len(files)), files):
            column.download_button(t("download", language, fmt=name.rsplit(".", 1)[1].upper()), data=data,
                                   file_name=name, mime=mime, key=f"download_{saved.id}_{name}")


def _open(settings: dict) -> None:
    """Runs before the widgets exist, so the saved settings can go into them."""
    if is_target_view(settings):  # issue #17
        open_target_view(settings)
        return
    apply_settings(settings)
    st.session_state[state.OPEN_MAP] = "vergelijken" if settings.get("compare") else "kaart"


def _view_files(saved) -> list[tuple[str, bytes, str]]:
    """A saved view as a PNG, SVG and PDF slide and an offline HTML page, each showing the saved area."""
    from maps.slides import render_slide

    if is_target_view(saved.settings):  # issue #17
        return target_files(saved, _file_stem(saved.title))
    view, maps, slide = _slide_of(saved)
    stem = _file_stem(saved.title)
    files = []
    with tempfile.TemporaryDirectory() as folder:
        for suffix, mime in ((".png", "image/png"), (".svg", "image/svg+xml")):
            path = render_slide(slide, Path(folder) / f"dia{suffix}")
            files.append((f"{stem}{suffix}", path.read_bytes(), mime))
    files.append((f"{stem}.pdf", _slides_file([slide], ".pdf"), "application/pdf"))
    map_view = opening_view(view, saved.settings)
    if slide.beside is None:
        page = html_for(view, slide.choropleth, map_view, saved.note)
    else:
        page = pair_html_for(view, maps, saved.title, map_view, saved.note)
    files.append((f"{stem}.html", page.encode("utf-8"), "text/html"))
    return files


class MissingData(ValueError):
    """A saved view whose data is not loaded in this session (``missing_data``); the message is the page's words."""


def _shown_error(error: ValueError) -> str:
    """A view that cannot be drawn, in the page's words: its missing data, or what the engine said (``error_text``)."""
    if isinstance(error, MissingData):
        return plain(str(error))
    return t("load_error", language, error=error_text(error, language))


def _slide_of(saved):
    """The view a saved view describes, its maps as (year, choropleth), and its slide; MissingData without its data."""
    if is_target_view(saved.settings):  # issue #17
        return None, [], target_slide(saved)
    reason = missing_data(saved.settings, language)
    if reason:
        raise MissingData(f"{saved.title}: {reason}")
    view = view_from(saved.settings)
    extent = saved_extent(saved.settings)
    maps = _maps_of(view, saved)
    if len(maps) == 2:
        return view, maps, pair_slide_for(view, maps, saved.title, saved.note, extent)
    choropleth = titled_map(view, saved.title)
    return view, [(view.year, choropleth)], slide_for(view, choropleth, saved.note, extent)


def _slides_file(slides: list, suffix: str) -> bytes:
    if has_chart_slides(slides):  # issue #17
        return slides_file(slides, suffix)
    with tempfile.TemporaryDirectory() as folder:
        return render_slides(slides, Path(folder) / f"dias{suffix}").read_bytes()


def _file_stem(title: str) -> str:
    """A file name from a title: letters, digits and dashes only."""
    stem = "".join(c if c.isalnum() else "-" for c in title).strip("-")
    return "-".join(part for part in stem.split("-") if part)[:60] or "weergave"


def _decks(store: ViewStore, views: list) -> None:
    st.header(t("decks", language))
    try:
        decks = store.list_decks()
    except StoreError as error:
        show_store_error(error)
        return
    with st.form("new_deck", clear_on_submit=True):
        title = st.text_input(t("deck_title", language), max_chars=200)
        if st.form_submit_button(t("deck_create", language)):
            try:
                deck = store.create_deck(title)
                st.session_state[state.DECK] = deck.id
                st.rerun()
            except StoreError as error:
                if error.kind == "bad_deck":  # the only thing that can be wrong here is the title
                    st.error(t("deck_title_bad", language))
                else:
                    show_store_error(error)
    upload = st.file_uploader(t("deck_import", language), type=["json"], key="deck_upload")
    if upload is not None and st.session_state.get(state.DECK_IMPORTED) != upload.file_id:
        decks = _import_deck(store, upload) or decks
    if not decks:
        st.info(t("no_decks", language))
        return
    by_id = {deck.id: deck for deck in decks}
    if st.session_state.get(state.DECK) not in by_id:
        st.session_state[state.DECK] = decks[0].id
    deck = by_id[st.selectbox(t("deck", language), list(by_id), key=state.DECK,
                              format_func=lambda deck_id: by_id[deck_id].title)]
    titles = {saved.id: saved.title for saved in views}
    try:
        _deck_entries(store, deck, titles)
    except StoreError as error:
        show_store_error(error)
    _deck_actions(store, deck)


def _import_deck(store: ViewStore, upload) -> list | None:
    """Import an uploaded deck; the decks after it, or None when nothing was imported (yet).

    A deck that is already here (same title, same views) is not copied without asking: the
    presenter chooses between importing it again and showing the one there is.
    """
    try:
        existing = store.same_deck(upload.getvalue())
        if existing is not None and st.session_state.get(state.DECK_IMPORT_AGAIN) != upload.file_id:
            st.warning(t("deck_again", language, title=plain(existing.title), n=len(existing.view_ids)))
            again, keep = st.columns(2)
            again.button(t("deck_again_yes", language), key="deck_again_yes", on_click=_import_again,
                         args=(upload.file_id,))
            keep.button(t("deck_again_no", language), key="deck_again_no", on_click=_keep_deck,
                        args=(upload.file_id, existing.id))
            return None
        st.session_state[state.DECK_IMPORTED] = upload.file_id
        deck = store.import_deck(upload.getvalue())
        st.session_state[state.DECK] = deck.id
        st.success(t("deck_imported", language, title=plain(deck.title), n=len(deck.view_ids)))
        return store.list_decks()
    except StoreError as error:
        st.session_state[state.DECK_IMPORTED] = upload.file_id  # said once, not on every rerun
        show_store_error(error)
        return None


def _import_again(file_id: str) -> None:
    st.session_state[state.DECK_IMPORT_AGAIN] = file_id


def _keep_deck(file_id: str, deck_id: int) -> None:
    """Show the deck that was already there (runs before the deck's choice exists)."""
    st.session_state[state.DECK_IMPORTED] = file_id
    st.session_state[state.DECK] = deck_id


def _deck_entries(store: ViewStore, deck, titles: dict) -> None:
    for position, view_id in enumerate(deck.view_ids):
        # the buttons say what they do in words: an arrow alone is all a screen reader would have to go on
        label, up, down, remove = st.columns([4, 2, 2, 2], vertical_alignment="center")
        label.text(f"{position + 1}. {titles.get(view_id, '?')}")
        if up.button(f"↑ {t('deck_up', language)}", key=f"up_{deck.id}_{position}", disabled=position == 0,
                     use_container_width=True):
            store.move_in_deck(deck.id, position, -1)
            st.rerun()
        if down.button(f"↓ {t('deck_down', language)}", key=f"down_{deck.id}_{position}",
                       disabled=position == len(deck.view_ids) - 1, use_container_width=True):
            store.move_in_deck(deck.id, position, 1)
            st.rerun()
        if remove.button(f"✕ {t('deck_remove_short', language)}", key=f"remove_{deck.id}_{position}",
                         help=t("deck_remove", language), use_container_width=True):
            store.set_deck_views(deck.id, [v for i, v in enumerate(deck.view_ids) if i != position])
            st.rerun()
    if titles:
        choice, add = st.columns([6, 3], vertical_alignment="bottom")
        chosen = choice.selectbox(t("deck_add_view", language), list(titles), format_func=titles.get,
                                  key=f"add_choice_{deck.id}")
        if add.button(t("deck_add", language), key=f"add_{deck.id}"):
            store.set_deck_views(deck.id, [*deck.view_ids, chosen])
            st.rerun()


def _deck_actions(store: ViewStore, deck) -> None:
    start, export, share, delete = st.columns(4)
    if start.button(t("deck_start", language), key="deck_start", type="primary", disabled=not deck.view_ids):
        st.session_state[state.BEFORE_PRESENTING] = view_settings()  # put back by Stoppen
        st.session_state[state.PRESENTING] = deck.id
        st.session_state[state.SLIDE] = 0
        st.session_state.pop(state.SHOWN_SLIDE, None)
        st.rerun()
    try:
        share.download_button(t("deck_export_json", language), data=store.export_deck(deck.id).encode("utf-8"),
                              file_name=f"{_file_stem(deck.title)}.json", mime="application/json",
                              key="deck_json")
        if delete.button(t("deck_delete", language), key="deck_delete"):
            store.delete_deck(deck.id)
            st.session_state.pop(state.DECK, None)
            st.rerun()
    except StoreError as error:
        show_store_error(error)
    if export.button(t("deck_export_slides", language), key="deck_slides", disabled=not deck.view_ids):
        try:
            slides = [_slide_of(store.get_view(view_id))[2] for view_id in deck.view_ids]
        except ValueError as error:  # a view whose data is not loaded here (missing_data), or the engine refused it
            st.error(_shown_error(error))
            return
        stem = _file_stem(deck.title)
        st.session_state[state.DECK_FILES] = (deck.id, [
            (f"{stem}.pdf", _slides_file(slides, ".pdf"), "application/pdf"),
            (f"{stem}.zip", _slides_file(slides, ".zip"), "application/zip"),
        ])
    files = st.session_state.get(state.DECK_FILES)
    if files and files[0] == deck.id:
        for column, (name, data, mime) in zip(st.columns(2), files[1]):
            column.download_button(t("download", language, fmt=name.rsplit(".", 1)[1].upper()), data=data,
                                   file_name=name, mime=mime, key=f"deck_download_{name}")


page_to_open = st.session_state.pop(state.OPEN_MAP, None)
if page_to_open:
    st.switch_page(PAGES[page_to_open][0])
store = open_store()
if store is not None:
    if st.session_state.get(state.PRESENTING) is not None:
        present(store, st.session_state[state.PRESENTING])
    else:
        prepare(store)
