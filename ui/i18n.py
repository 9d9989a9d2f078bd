"""Every string the app shows, in Dutch and English: the one translation table."""

from __future__ import annotations

STRINGS = {
    "app_title": {"nl": "Wijkverkenner", "en": "District explorer"},
    "page_data": {"nl": "Gegevens", "en": "Data"},
    "synthetic": {
        "nl": "Synthetische demodata: geen echte cijfers.",
        "en": "Synthetic demo data: not real figures.",
    },
    "dataset": {"nl": "Gegevensbron", "en": "Dataset"},
    "level": {"nl": "Niveau", "en": "Level"},
    "year": {"nl": "Jaar", "en": "Year"},
    "level_wijk": {"nl": "Wijken", "en": "Districts"},
    "level_buurt": {"nl": "Buurten", "en": "Neighbourhoods"},
    "level_gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "read_summary": {
        "nl": "{features} gebieden gelezen uit {source} ({crs}); {repaired} ongeldige vlakken hersteld, "
        "{water} watergebieden weggelaten.",
        "en": "{features} areas read from {source} ({crs}); {repaired} invalid polygons repaired, "
        "{water} water areas left out.",
    },
    "join_summary": {
        "nl": "Koppeling met {table}: {matched} van {rows} rijen gekoppeld op {on}.",
        "en": "Join with {table}: {matched} of {rows} rows matched on {on}.",
    },
    "join_unmatched_table": {
        "nl": "Rijen zonder gebied op de kaart: {items}.",
        "en": "Rows without an area on the map: {items}.",
    },
    "join_unmatched_boundaries": {
        "nl": "Gebieden zonder rij in de tabel: {items}.",
        "en": "Areas without a row in the table: {items}.",
    },
    "join_duplicates": {"nl": "Dubbele codes in de tabel (eerste rij gebruikt): {items}.",
                        "en": "Duplicate codes in the table (first row used): {items}."},
    "join_other_levels": {"nl": "Rijen van een ander niveau overgeslagen: {items}.",
                          "en": "Rows of another level skipped: {items}."},
    "on_code": {"nl": "code", "en": "code"},
    "on_naam": {"nl": "naam (geen codekolom gevonden)", "en": "name (no code column found)"},
    "table_heading": {"nl": "Tabel", "en": "Table"},
    "load_error": {
        "nl": "Deze gegevens konden niet worden geladen: {error}",
        "en": "This data could not be loaded: {error}",
    },
}


def t(key: str, lang: str = "nl", **values) -> str:
    """Return the string ``key`` in ``lang`` with ``values`` filled in."""
    return STRINGS[key][lang].format(**values)
