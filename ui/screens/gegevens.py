"""Gegevens: load own boundaries and tables, read the join report, browse and download the joined data."""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.boundaries import BoundaryError
from geo.datasets import DOWNLOAD_DIR, Dataset, dataset_from_files
from indicators.core.columns import readable
from indicators.core.describe import constant_columns, describe_column, theme_label, theme_of
from indicators.core.errors import InputError
from indicators.core.formatting import format_cell, format_number
from indicators.core.registry import THEMES, find_indicator
from indicators.core.words import t
from indicators.io import limits
from indicators.io.descriptor import SUFFIX as DESCRIPTOR_SUFFIX
from indicators.io.download import DownloadError, download_gemeente
from indicators.io.export import export_notes, export_table
from indicators.io.kwb import KWB_TABLES
from indicators.io.readers import TableError
from indicators.microdata.longtable import TOTAL
from ui import state
from ui.caches import disclosure_settings, load_with, prepare_soon, read_upload
from ui.i18n import error_text, lang, plain
from ui.uploads import UPLOAD, add_dataset, datasets, upload_folder
from ui.view import choose_view

language = lang()
DOWNLOADS = ((".csv", "text/csv"), (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
             (".gpkg", "application/geopackage+sqlite3"))


def _items(rows, limit: int = 12) -> str:
    shown = []
    for row in rows[:limit]:
        if isinstance(row, dict):
            name, code = row.get("naam"), row.get("code")
            shown.append(f"{name} ({code})" if name and code else str(name or code))
        else:
            shown.append(str(row))
    more = len(rows) - limit
    return ", ".join(shown) + (f" … (+{more})" if more > 0 else "")


def show_reports(read, join) -> None:
    """The read and join reports in plain words."""
    st.caption(t("read_summary", language, features=_counted("read_areas", read.features), source=read.source,
                 crs=read.crs_used, repaired=_counted("read_repaired", read.invalid_repaired),
                 water=_counted("read_water", read.water_removed)))
    if read.crs_detected_by_range and read.crs_used == "EPSG:28992":
        st.caption(t("crs_detected", language))
    if join is None:
        return
    st.caption(t("join_summary", language, table=join.table, matched=join.matched, rows=join.table_rows,
                 on=t(f"on_{join.joined_on}", language)))
    if join.level_mismatch:
        found = ", ".join(join.other_levels)
        st.warning(t("join_level_mismatch", language, found=found, level=t(f"level_{join.level}", language).lower()))
    for key, rows in (("join_unmatched_table", join.unmatched_table),
                      ("join_unmatched_boundaries", join.unmatched_boundaries),
                      ("join_duplicates", join.duplicates),
                      ("join_unreadable", join.unreadable_codes),
                      ("join_ambiguous", join.ambiguous_names)):
        if rows:
            st.info(t(key, language, items=_items(rows)))
    if join.cropped_to:
        st.info(t("join_cropped", language, gemeenten=", ".join(join.cropped_to),
                  left_out=format_number(join.left_out, 0, language)))
    if join.other_levels and not join.level_mismatch:
        levels = (f"{format_number(n, 0, language)} {t(f'level_{level}', language).lower()}"
                  for level, n in join.other_levels.items())
        st.caption(t("join_other_levels", language, items=", ".join(levels)))


def _counted(key: str, n: int) -> str:
    """'1 watergebied', '3 watergebieden': the word as the number needs it."""
    return t(f"{key}_{'1' if n == 1 else 'n'}", language, n=format_number(n, 0, language))


def _save(upload, beside=()) -> Path:
    """Keep an upload in this session's own folder under a new name (cached results key on the path).

    ``beside``: files that belong next to it (a table's ``.datapackage.json``, read from there).
    """
    folder = upload_folder() / uuid.uuid4().hex[:12]
    folder.mkdir()
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    for other in beside:
        (folder / Path(other.name).name).write_bytes(other.getvalue())
    return path


def _table_and_descriptors(files) -> tuple:
    """The table among the files uploaded together, and the descriptors beside it (``NAME.datapackage.json``)."""
    files = [f for f in (files or []) if f is not None] if isinstance(files, list) else [files] if files else []
    descriptors = [f for f in files if f.name.lower().endswith(DESCRIPTOR_SUFFIX)]
    tables = [f for f in files if f not in descriptors]
    return (tables[0] if tables else None), descriptors


def _dutch(error: Exception, name: str, what: str) -> str:
    """The upload's problem in the page's language (``error_text``); an error without words: the file was unreadable."""
    if not isinstance(error, InputError):  # GDAL or pandas deep inside a reader: the file could not be read
        error = TableError(str(error), "unreadable") if what == "table" else BoundaryError(str(error), "unreadable",
                                                                                           format=name)
    return t(f"upload_error_{what}", language, name=name, error=error_text(error, language))


def own_columns(table) -> list[str]:
    """Figure columns the indicator registry does not know (a municipality's own data)."""
    return [c for c in table.figures if find_indicator(c) is None]


def show_dataset(dataset: Dataset, level: str, year: int, new_map: bool = True) -> None:
    """Offer a dataset that has just entered the app and put it on the map.

    A new map (boundaries uploaded or fetched) opens on its first figure with values: the indicator
    of the map before may be a column this one has without a single value (a CBS GeoPackage holds
    dozens of empty ones), and the map would open grey. A table joined onto the map on screen keeps
    the indicator the user was looking at.
    """
    add_dataset(dataset)
    prepare_soon(dataset)
    st.session_state.update({state.DATASET: dataset.key, state.LEVEL: level, state.YEAR: year, state.SELECTED: None})
    if new_map:
        for key in (state.INDICATOR, state.THEME):
            st.session_state.pop(key, None)


def handle_upload(boundary_file, table_file, target: Dataset | None, level: str, year: int, beside=()) -> None:
    """Read, join and register the uploads; any problem becomes a message and changes nothing.

    ``beside``: the table's descriptor, uploaded with it and kept next to it (its labels then travel).
    """
    if boundary_file is None and table_file is None:
        st.warning(t("upload_nothing", language))
        return
    # Streamlit refuses uploads over server.maxUploadSize in the browser; this says why in Dutch, whatever the config.
    for upload, what, key in ((boundary_file, "boundaries", "boundary_too_large"),
                              (table_file, "table", "table_too_large")):
        if upload is not None and upload.size > limits.MAX_UPLOAD_BYTES:
            limit = limits.megabytes(limits.MAX_UPLOAD_BYTES)
            reason = t(key, language, size=limits.megabytes(upload.size), limit=limit)
            st.error(t(f"upload_error_{what}", language, name=upload.name, error=reason.rstrip(".")))
            return
    table_path = _save(table_file, beside) if table_file is not None else None
    if boundary_file is not None:
        boundary_path = _save(boundary_file)
        try:  # the figures' year: the table's name may say it (kwb2024_... on wijken_2025_...), else the boundaries'
            dataset = dataset_from_files(boundary_path, [table_path] if table_path else [],
                                         reads=[read_upload(boundary_path)], key=f"{UPLOAD}{boundary_path.parent.name}",
                                         title=Path(boundary_file.name).stem).dataset
        except (ValueError, OSError) as error:
            st.error(_dutch(error, boundary_file.name, "boundaries"))
            return
        level, year = dataset.levels[0], dataset.years[0]
    else:
        tables = dict(target.tables)
        tables[year] = tuple(tables.get(year, ())) + (table_path,)
        dataset = replace(target, key=f"{UPLOAD}{table_path.parent.name}", title=f"{target.title} + {table_file.name}",
                          tables=tables, levels=(level,))
    try:
        # try it before offering it anywhere; own columns of whole numbers are protected as counts of
        # persons until the user says otherwise (disclosure control fails closed). Read through the
        # app's cache: the map that opens next finds the districts read and their geometry on its way.
        loaded = load_with(dataset, level, year, disclosure_settings())
    except (ValueError, OSError) as error:
        name = table_file.name if table_file is not None else boundary_file.name
        st.error(_dutch(error, name, "table" if table_file is not None else "boundaries"))
        return
    if table_file is not None and loaded.join is not None and loaded.join.matched == 0:  # an empty column helps nobody
        st.error(t("upload_error_table", language, name=plain(table_file.name),
                   error=t("table_no_match", language).rstrip(".")))
        return
    show_dataset(dataset, level, year, new_map=boundary_file is not None)
    st.success(t("upload_done", language, title=dataset.title))



def handle_fetch(gemeente: str, year: int, level: str) -> None:
    """Fetch a gemeente from CBS and PDOK into the app's download folder and offer it as a dataset."""
    try:
        # The services' addresses can be replaced (tests, a proxy) like cli.py's --pdok-url and --cbs-url.
        result = download_gemeente(gemeente, year, level, DOWNLOAD_DIR,
                                   pdok_url=os.environ.get("WIJKVERKENNER_PDOK_URL"),
                                   cbs_url=os.environ.get("WIJKVERKENNER_CBS_URL"), national=True)
    except DownloadError as error:
        st.error(t("fetch_error", language, reason=error_text(error, language)))
        return
    code = result.path.stem.split("_")[0]
    # with its gemeente layer: the districts are protected with their total, and the wijkprofiel shows it (#19)
    dataset = dataset_from_files(result.path, level=level, key=f"fetch-{result.path.stem}",
                                 title=result.path.stem).dataset
    show_dataset(dataset, level, year)
    st.success(t("fetch_done", language, districts=result.districts, gemeente=code, year=year))





def choose_person_counts(dataset: Dataset, table, report) -> None:
    """Own columns the registry does not know: the user says which are counts of persons to protect.

    Every column of whole numbers is ticked (protected) until the user unticks it.
    """
    unknown = own_columns(table)
    if not unknown or not dataset.key.startswith(UPLOAD):
        return
    protected = [c for c in unknown if c in report.protected]
    chosen = st.multiselect(t("person_counts", language), unknown, default=protected,
                            key=state.person_counts(dataset.key), help=t("person_counts_help", language),
                            format_func=lambda column: describe_column(table, column, language).title)
    if set(chosen) != set(protected):
        add_dataset(replace(dataset, person_counts=tuple(chosen),
                            not_counts=tuple(c for c in unknown if c not in chosen)))
        st.rerun()




def choose_themes(dataset: Dataset, table) -> None:
    """Own columns the registry does not know: the user says under which theme the map pages list them.

    The descriptor's theme (``aggregate --theme``) is the start; without one, ``overig``.
    """
    unknown = own_columns(table)
    if not unknown or not dataset.key.startswith(UPLOAD):
        return
    themes = list(THEMES)
    with st.expander(t("themes_choose", language)):
        boxes = st.columns(min(len(unknown), 3))
        chosen = {}
        for number, column in enumerate(unknown):
            current = theme_of(column, table)
            chosen[column] = boxes[number % len(boxes)].selectbox(
                describe_column(table, column, language).title, themes, index=themes.index(current),
                key=state.theme_of(dataset.key, column), format_func=lambda theme: theme_label(theme, language))
    changed = {column: theme for column, theme in chosen.items() if theme != theme_of(column, table)}
    if changed:
        add_dataset(replace(dataset, themes=tuple({**dict(dataset.themes), **changed}.items())))
        st.rerun()


def choose_all_districts(dataset: Dataset, join) -> None:
    """A table about part of the map shows only its gemeenten; the user may keep every district."""
    if not dataset.key.startswith(UPLOAD) or not (dataset.all_districts or (join and join.cropped_to)):
        return
    keep = st.checkbox(t("all_districts", language), value=dataset.all_districts, key=state.all_districts(dataset.key))
    if keep != dataset.all_districts:
        add_dataset(replace(dataset, all_districts=keep))
        st.rerun()




def choose_groups(dataset: Dataset, join) -> None:
    """A long table shows one group value per group column on the map (Totaal first); the user picks which.

    The values and labels come with the join's report (read once, with the districts), not from the file again.
    """
    if not dataset.key.startswith(UPLOAD) or not (join and join.groups):
        return
    st.caption(t("groups_shown", language))
    boxes = st.columns(min(len(join.groups), 4))
    chosen = {}
    for number, column in enumerate(join.groups):
        values = join.group_values[column]
        titles = join.group_titles.get(column) or {}
        label = titles.get(language) or titles.get("nl") or readable(column)
        current = join.groups[column] if join.groups[column] in values else TOTAL
        chosen[column] = boxes[number % len(boxes)].selectbox(
            label, values, index=values.index(current), key=state.group_value(dataset.key, column),
            format_func=lambda v: t("group_everyone", language) if v == TOTAL else v)
    if chosen != dict(join.groups):
        add_dataset(replace(dataset, slices=tuple((g, v) for g, v in chosen.items() if v != TOTAL)))
        st.rerun()


@st.cache_data(show_spinner=False, max_entries=16)
def exported(dataset: Dataset, level: str, year: int, suffix: str, settings) -> bytes:
    """The protected table as file bytes, keyed by everything that shapes it (the disclosure settings too).

    Uploads live in per-session folders, so sessions never share them.
    """
    loaded = load_with(dataset, level, year, settings)
    with tempfile.TemporaryDirectory() as folder:
        path = export_table(loaded.table, Path(folder) / f"wijkverkenner{suffix}",
                            notes=export_notes(loaded.table, loaded.disclosure))
        return path.read_bytes()


def upload_section() -> None:
    """Boundaries and a table to upload, joined at once; the report of the join follows under it."""
    st.caption(t("data_intro", language))
    with st.form("upload", clear_on_submit=False):
        # No type= filter: Streamlit would refuse other files in English; the engine says why in Dutch.
        boundary_file = st.file_uploader(t("upload_boundaries", language), key=state.UPLOAD_BOUNDARIES)
        table_files = st.file_uploader(t("upload_table", language), key=state.UPLOAD_TABLE,
                                       accept_multiple_files=True)
        submitted = st.form_submit_button(t("upload_button", language))
    if submitted:
        table_file, beside = _table_and_descriptors(table_files)
        current = datasets().get(st.session_state.get(state.DATASET, "demo")) or next(iter(datasets().values()))
        handle_upload(boundary_file, table_file, current, st.session_state.get(state.LEVEL, current.levels[0]),
                      st.session_state.get(state.YEAR, current.years[-1]), beside)


def fetch_section() -> None:
    """A gemeente's wijken or buurten with their KWB figures, fetched from PDOK and CBS."""
    with st.expander(t("fetch_heading", language)):
        st.caption(t("fetch_intro", language))
        with st.form("fetch"):
            gemeente = st.text_input(t("fetch_gemeente", language), key=state.FETCH_GEMEENTE)
            columns = st.columns(2)
            fetch_year = columns[0].selectbox(t("year", language), list(KWB_TABLES)[::-1], key=state.FETCH_YEAR)
            fetch_level = columns[1].radio(t("level", language), ["wijk", "buurt"], key=state.FETCH_LEVEL,
                                           horizontal=True, format_func=lambda level: t(f"level_{level}", language))
            if st.form_submit_button(t("fetch_button", language)):
                handle_fetch(gemeente, fetch_year, fetch_level)


def about(view) -> None:
    """What the dataset on screen is: its reports, the columns the user marks, what is protected."""
    st.subheader(t("current_dataset", language) + f": {view.dataset.title}")
    show_reports(view.loaded.read, view.loaded.join)
    choose_person_counts(view.dataset, view.loaded.table, view.loaded.disclosure)
    choose_all_districts(view.dataset, view.loaded.join)
    choose_groups(view.dataset, view.loaded.join)
    choose_themes(view.dataset, view.loaded.table)
    constant = constant_columns(view.loaded.table)
    if constant:
        st.info(t("constant_columns", language, columns=plain(", ".join(
            describe_column(view.loaded.table, c, language).title for c in constant))))
    table = view.loaded.table
    st.caption(plain(view.loaded.disclosure.protected_note(
        language, name=lambda column: describe_column(table, column, language).title)))

    table = view.loaded.table
    shown = pd.DataFrame({"code": table.data["code"], "naam": table.data["naam"]})
    for column in table.figures:
        info = describe_column(table, column, language)
        shown[info.heading] = [format_cell(v, s, info.decimals, language)
                               for v, s in zip(table.data[column], table.status[column])]
    st.dataframe(shown, hide_index=True, width="stretch")


def downloads(view) -> None:
    """The protected table as CSV, XLSX and GeoPackage."""
    stem = f"{view.dataset.title}_{view.level}_{view.year}".replace(" ", "_")
    for column, (suffix, mime) in zip(st.columns(3), DOWNLOADS):
        column.download_button(t("download", language, fmt=suffix[1:].upper()),
                               data=exported(view.dataset, view.level, view.year, suffix, disclosure_settings()),
                               file_name=stem + suffix, mime=mime, key=f"download{suffix}")


def main() -> None:
    """Draw the page: upload, fetch, then the dataset on screen with its table and downloads."""
    upload_section()
    fetch_section()
    view = choose_view()
    if view is None:
        st.stop()
    about(view)
    downloads(view)


main()
