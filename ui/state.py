"""Every key the app keeps in ``st.session_state``, named once, with what it holds.

Streamlit keeps a widget's value under the widget's key, so the widgets whose values other code
reads are here too. Keys that start with a page's prefix (``compare_``, ``tg_``, ``events_``,
``deck``, ``fetch_``) belong to that page; the others are shared between pages. A key made per item
(a dataset, a choice) is made by a function here. Nothing else of the app is kept between runs: no
module of ``ui/`` holds a session's data in a global.
"""

from __future__ import annotations

# The view: the sidebar's widgets. The address (``ui.address.URL_KEYS``) and a saved view carry them.
DATASET = "dataset"
LEVEL = "level"
YEAR = "year"
THEME = "theme"
INDICATOR = "indicator"
SCHEME = "scheme"
K = "k"
PALETTE = "palette"
BASEMAP = "basemap"
SELECTED = "selected"  # the district chosen on the map or in the list under it
SINCE = "since"  # the change map: since this year (0: no change map)
CHANGE_UNIT = "change_unit"  # the change map: "absolute" or "percent"
MIN_COUNT = "min_count"  # the disclosure threshold chosen
LANG = "lang"  # "nl" or "en"

# Where the map looks: reported by the map itself (``ui.map_component``)
MAP_VIEW = "map_view"  # (lat, lng, zoom) the user panned to, for a saved view
MAP_EXTENT = "map_extent"  # (west, south, east, north) in view, for a slide
LINK_VIEW = "link_view"  # (lat, lng, zoom) from a link: the map opens there once
ZOOMED_TO = "zoomed_to"  # the district the map last zoomed to (Kaart's search)
SHAPES_SENT = "_wv_shapes_sent"  # the geometry keys this session's page has been sent
MAP_PAINTED = "_wv_map_painted"  # this session's page has painted a map

# The address and the messages of a run
URL_READ = "url_read"  # the address has been read into the widgets (a session's first run)
URL_EXTRA = "url_extra"  # a page's own address parameters, written beside the view's
NOTICES = "notices"  # values from a link that did not fit: (name, value), shown once
HELD = "_wv_held_messages"  # warnings of a run whose next run follows at once

# This session's uploads (``ui.uploads``)
UPLOADS = "uploads"  # key -> Dataset
UPLOAD_FOLDER = "upload_folder"  # the session's own folder for uploaded files
UPLOADS_GONE = "uploads_gone"  # the folder was removed after a day unused: say so once
UPLOAD_BOUNDARIES = "upload_boundaries"
UPLOAD_TABLE = "upload_table"
FETCH_GEMEENTE = "fetch_gemeente"
FETCH_YEAR = "fetch_year"
FETCH_LEVEL = "fetch_level"

# Kaart
SEARCH = "search"  # the search box under the map
SEARCH_DONE = "search_done"  # the search last acted on

# Vergelijken: the page's choices are widgets ``compare_<choice>`` (``compare_choice``)
COMPARE = "compare"  # the comparison a link or an opened view asks for
COMPARE_REQUESTED = "compare_requested"  # choices asked for once, applied by the page

# Presenteren
PRESENTING = "presenting"  # the deck being presented, or None
SLIDE = "slide"  # the slide's number in the deck
SHOWN_SLIDE = "shown_slide"  # the slide drawn last (a step redraws only then)
BEFORE_PRESENTING = "before_presenting"  # the view to put back when presenting stops
DECK = "deck"  # the deck chosen in the list
DECK_FILES = "deck_files"  # a deck's export, made when asked
DECK_IMPORTED = "deck_imported"  # the deck file imported last (not imported twice by a rerun)
DECK_IMPORT_AGAIN = "deck_import_again"  # a deck that is here already: asked before copying
OPEN_MAP = "open_map"  # a saved view opened: the map page shows it next

# Doelgroepen
TG_TABLE = "tg_table"
TG_NUMERATOR = "tg_numerator"
TG_DENOMINATOR = "tg_denominator"
TG_BY = "tg_by"
TG_LEVEL = "tg_level"
TG_CROSS = "tg_cross"
TG_COMP_TABLE = "tg_comp_table"
TG_COMP_MEASURE = "tg_comp_measure"
TG_COMP_GROUP = "tg_comp_group"
TG_COMP_MAP_GROUP = "tg_comp_map_group"
TG_MODEL_UPLOAD = "tg_model_upload"
TG_DURATIONS_UPLOAD = "tg_durations_upload"  # an own result of cli.py durations
TG_DURATIONS_KIND = "tg_durations_kind"  # the demo's: off benefit, or into work
TG_GROUP_COLUMN = "tg_group_column"  # one group of an own table per wijk: its column, value, count and amount
TG_GROUP_VALUE = "tg_group_value"
TG_GROUP_MEASURE = "tg_group_measure"
TG_GROUP_AMOUNT = "tg_group_amount"
TG_SAVE = "tg_save"
TG_SAVE_WHICH = "tg_save_which"

# Evenementen
EVENTS_EVENT = "events_event"
EVENTS_SECTOR = "events_sector"
EVENTS_WEEKS = "events_weeks"
EVENTS_MAP = "events_map"
EVENTS_UPLOAD = "events_upload"  # the user's own events table
EVENTS_UPLOAD_SERIES = "events_upload_series"  # and the series it is measured on
EVENTS_KIND = "events_kind"  # what the own series measures (turnover, visitors, ...)


def compare_choice(choice: str) -> str:
    """The widget (and key) holding one of Vergelijken's choices: ``compare_first``, ``compare_view``, ..."""
    return f"compare_{choice}"


def person_counts(dataset_key: str) -> str:
    """The columns of an upload the user marked as counts of persons."""
    return f"person_counts_{dataset_key}"


def all_districts(dataset_key: str) -> str:
    """Whether an upload keeps the districts of gemeenten its table does not cover."""
    return f"all_districts_{dataset_key}"


def view_files(view_id: int) -> str:
    """A saved view's export (its PNG, PDF, SVG and HTML), made when asked."""
    return f"files_{view_id}"


def group_value(dataset_key: str, column: str) -> str:
    """The value of a long table's group column an upload shows on the map (Totaal by default)."""
    return f"group_value_{dataset_key}_{column}"


def theme_of(dataset_key: str, column: str) -> str:
    """The theme the user chose for an own column of an upload (Gegevens)."""
    return f"theme_of_{dataset_key}_{column}"


def upload_of(key: str) -> str:
    """The uploader beside a table choice (Doelgroepen): its files replace the chosen table while there."""
    return f"{key}_upload"
