"""Every word a user sees, in Dutch and English: the one translation table of the product.

The app's pages, the maps, slides, charts, notes and sentences the engine writes all take their
words from ``STRINGS`` through ``t``; nothing else in the product spells a sentence for people.
Messages for the command line (``ValueError`` texts) are English and stay with the code that
raises them; the app shows its own Dutch text for them, chosen by ``InputError.kind``
(``ui.i18n.error_text``). The words stand in groups by part of the product; ``STRINGS`` is all of them.
"""

from __future__ import annotations

LANGS = ("nl", "en")

APP = {
    # frame and navigation
    "app_title": {"nl": "Wijkverkenner", "en": "District explorer"},
    "page_map": {"nl": "Kaart", "en": "Map"},
    "page_compare": {"nl": "Vergelijken", "en": "Compare"},
    "page_data": {"nl": "Gegevens", "en": "Data"},
    "page_present": {"nl": "Presenteren", "en": "Present"},
    "english": {"nl": "English", "en": "English"},
    "synthetic": {
        "nl": "Synthetische demodata: geen echte cijfers.",
        "en": "Synthetic demo data: not real figures.",
    },
    "uploads_gone": {
        "nl": "Uw geüploade bestanden zijn na een dag zonder gebruik verwijderd; upload ze opnieuw op Gegevens.",
        "en": "Your uploaded files were removed after a day without use; upload them again on Data.",
    },
    "url_invalid": {
        "nl": "De waarde '{value}' voor '{name}' in het adres bestaat hier niet; de standaardwaarde is gebruikt.",
        "en": "The value '{value}' for '{name}' in the address does not exist here; the default is used.",
    },
    # choices
    "dataset": {"nl": "Gegevensbron", "en": "Dataset"},
    "level": {"nl": "Niveau", "en": "Level"},
    "year": {"nl": "Jaar", "en": "Year"},
    "year_unknown": {"nl": "onbekend", "en": "unknown"},
    "level_gemeente": {"nl": "Gemeenten", "en": "Municipalities"},
    "level_wijk": {"nl": "Wijken", "en": "Districts"},
    "level_buurt": {"nl": "Buurten", "en": "Neighbourhoods"},
    "level_vierkant": {"nl": "Vierkanten", "en": "Grid cells"},
    "theme": {"nl": "Thema", "en": "Theme"},
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "scheme": {"nl": "Klassenindeling", "en": "Classification"},
    "k": {"nl": "Aantal klassen", "en": "Number of classes"},
    "palette": {"nl": "Kleuren", "en": "Colours"},
    "basemap": {"nl": "Achtergrondkaart", "en": "Basemap"},
    "basemap_none": {"nl": "Geen", "en": "None"},
    "basemap_pdok_grijs": {"nl": "PDOK BRT-achtergrondkaart (grijs)", "en": "PDOK BRT basemap (grey)"},
    "basemap_osm": {"nl": "OpenStreetMap", "en": "OpenStreetMap"},
    "basemap_note": {
        "nl": "Een achtergrondkaart komt van internet; zonder verbinding blijft de kaart zonder achtergrond.",
        "en": "A basemap comes from the internet; without a connection the map shows no background.",
    },
    "min_count": {"nl": "Minimale celwaarde", "en": "Minimum cell count"},
    "min_count_help": {
        "nl": "Aantallen personen onder deze waarde worden niet getoond, ook niet via een totaal (standaard 10, "
        "zoals het CBS). Verhogen mag altijd; verlagen geeft een waarschuwing op de kaart en in exports.",
        "en": "Counts of persons below this value are not shown, not even through a total (default 10, as CBS "
        "does). Raising is always allowed; lowering puts a warning on the map and in exports.",
    },
    "no_figures": {
        "nl": "Deze gegevens bevatten geen cijfers om op de kaart te zetten. Voeg op de pagina Gegevens een tabel toe.",
        "en": "This data holds no figures to map. Add a table on the Data page.",
    },
    "since": {"nl": "Verandering sinds", "en": "Change since"},
    "since_none": {"nl": "geen (toon het jaar zelf)", "en": "none (show the year itself)"},
    "change_unit": {"nl": "Verandering in", "en": "Change in"},
    "change_absolute": {"nl": "aantal of eenheid", "en": "number or unit"},
    "change_percent": {"nl": "procent", "en": "percent"},
    "change_points": {"nl": "procentpunt", "en": "percentage points"},  # the change of a percentage
    "change_title": {"nl": "{title}: verandering {before}–{after} ({unit})",
                     "en": "{title}: change {before}–{after} ({unit})"},
    "change_error": {"nl": "De verandering kan niet worden berekend: {error}.",
                     "en": "The change cannot be computed: {error}."},
    "boundary_changes": {
        "nl": "Grenswijzigingen tussen {before} en {after}: deze gebieden bestaan maar in één van beide jaren en "
        "krijgen geen verandering. Alleen in {before}: {gone}. Alleen in {after}: {new}.",
        "en": "Boundary changes between {before} and {after}: these areas exist in only one of the two years and "
        "get no change. Only in {before}: {gone}. Only in {after}: {new}.",
    },
    # map page
    "search": {"nl": "Zoek een gebied (naam of code)", "en": "Find an area (name or code)"},
    "search_none": {"nl": "Geen gebied gevonden voor '{query}'.", "en": "No area found for '{query}'."},
    "search_pick": {"nl": "Gevonden gebieden", "en": "Areas found"},
    "click_hint": {
        "nl": "Klik op een gebied op de kaart om het profiel te zien.",
        "en": "Click an area on the map to see its profile.",
    },
    "profile_title": {"nl": "Profiel van {name} ({code})", "en": "Profile of {name} ({code})"},
    "profile_indicator": {"nl": "Indicator", "en": "Indicator"},
    "profile_value": {"nl": "Waarde", "en": "Value"},
    "profile_average": {"nl": "Gemiddelde {level}", "en": "Average of the {level}"},
    "profile_rank": {"nl": "Rang", "en": "Rank"},
    "profile_rank_of": {"nl": "{rank} van {count}", "en": "{rank} of {count}"},
    "clear_selection": {"nl": "Selectie opheffen", "en": "Clear selection"},
    "selected_missing": {
        "nl": "Gebied '{code}' bestaat niet op dit niveau of in dit jaar; de selectie is opgeheven.",
        "en": "Area '{code}' does not exist at this level or in this year; the selection was cleared.",
    },
    "indicator_missing": {
        "nl": "Indicator '{name}' bestaat niet in deze gegevens; de eerste indicator is gekozen.",
        "en": "Indicator '{name}' does not exist in this data; the first indicator was chosen.",
    },
    # compare page
    "compare_intro": {
        "nl": "Zet twee gebieden naast elkaar: elke indicator met het gemiddelde en het verschil.",
        "en": "Put two areas side by side: every indicator with the average and the difference.",
    },
    "compare_what": {"nl": "Vergelijk", "en": "Compare"},
    "compare_districts": {"nl": "Twee gebieden", "en": "Two areas"},
    "compare_maps": {"nl": "Twee kaarten", "en": "Two maps"},
    "compare_ranking": {"nl": "Ranglijst", "en": "Ranking"},
    "compare_scatter": {"nl": "Spreidingsdiagram", "en": "Scatter"},
    "compare_change": {"nl": "Verandering", "en": "Change"},
    "compare_clusters": {"nl": "Clusters", "en": "Clusters"},
    "compare_notable": {"nl": "Opvallend verschil", "en": "Notable gap"},
    "compare_maps_mode": {"nl": "Naast elkaar", "en": "Side by side"},
    "compare_maps_years": {"nl": "twee jaren", "en": "two years"},
    "compare_maps_indicators": {"nl": "twee indicatoren", "en": "two indicators"},
    "compare_other_year": {"nl": "Ander jaar", "en": "Other year"},
    "compare_maps_title_years": {"nl": "{indicator}: {left} en {right}", "en": "{indicator}: {left} and {right}"},
    "compare_maps_title_indicators": {"nl": "{indicator} en {other} ({year})",
                                      "en": "{indicator} and {other} ({year})"},
    "compare_second_indicator": {"nl": "Tweede indicator", "en": "Second indicator"},
    "compare_scatter_in_words": {"nl": "{y} (verticaal) tegen {x} (horizontaal): {correlation}.",
                                 "en": "{y} (vertical) against {x} (horizontal): {correlation}."},
    "compare_y_from_sidebar": {"nl": "Verticale as: {indicator} (de indicator uit de zijbalk).",
                               "en": "Vertical axis: {indicator} (the indicator chosen in the sidebar)."},
    "compare_ranking_from_sidebar": {"nl": "Gerangschikt op {indicator} (de indicator uit de zijbalk).",
                                     "en": "Ranked by {indicator} (the indicator chosen in the sidebar)."},
    "compare_left_from_sidebar": {"nl": "Links: {indicator} (de indicator uit de zijbalk); rechts de tweede "
                                        "indicator.",
                                  "en": "Left: {indicator} (the indicator chosen in the sidebar); right the second "
                                        "indicator."},
    "compare_shared_scheme": {
        "nl": "Beide kaarten gebruiken dezelfde klassen, zodat een kleur in beide jaren hetzelfde getal betekent.",
        "en": "Both maps use the same classes, so a colour means the same number in both years.",
    },
    "compare_not_in_year": {"nl": "Deze indicator bestaat niet in {year}.",
                            "en": "This indicator does not exist in {year}."},
    "compare_in_sync": {
        "nl": "De twee kaarten zoomen en schuiven samen.",
        "en": "The two maps zoom and pan together.",
    },
    "compare_one_year": {"nl": "Deze gegevens hebben maar één jaar.", "en": "This data has only one year."},
    "compare_x": {"nl": "Tegen (horizontale as)", "en": "Against (horizontal axis)"},
    "clusters_title": {"nl": "Clusters: {title}", "en": "Clusters: {title}"},
    "clusters_error": {"nl": "Clusters kunnen niet worden berekend: {error}.",
                       "en": "Clusters cannot be computed: {error}."},
    "clusters_method": {
        "nl": "Local Moran (LISA), buren met een gemeenschappelijke grens of hoek (queen), p < 0,05 na {permutations} "
        "permutaties (vast startgetal {seed}).",
        "en": "Local Moran (LISA), neighbours sharing a border or corner (queen), p < 0.05 after {permutations} "
        "permutations (fixed seed {seed}).",
    },
    "compare_first": {"nl": "Eerste gebied", "en": "First area"},
    "compare_second": {"nl": "Tweede gebied", "en": "Second area"},
    "compare_difference": {"nl": "Verschil", "en": "Difference"},
    # present page
    "present_intro": {
        "nl": "Sla de kaart hieronder op als weergave, zet weergaven in een presentatie en presenteer ze op "
              "volle breedte, of download ze als dia's.",
        "en": "Save the map below as a view, put views in a deck and present them full width, or download "
              "them as slides.",
    },
    "save_view": {"nl": "Deze kaart opslaan als weergave", "en": "Save this map as a view"},
    "view_title": {"nl": "Titel", "en": "Title"},
    "view_note": {"nl": "Notitie (verschijnt op de dia)", "en": "Note (shown on the slide)"},
    "save_view_button": {"nl": "Opslaan", "en": "Save"},
    "view_saved": {"nl": "Weergave '{title}' opgeslagen.", "en": "View '{title}' saved."},
    "saved_views": {"nl": "Opgeslagen weergaven", "en": "Saved views"},
    "no_views": {"nl": "Nog geen opgeslagen weergaven.", "en": "No saved views yet."},
    "view_open": {"nl": "Openen", "en": "Open"},
    "view_update": {"nl": "Bijwerken", "en": "Update"},
    "view_update_help": {"nl": "Vervang de instellingen door die van de kaart hierboven.",
                         "en": "Replace the settings with those of the map above."},
    "view_data_missing": {
        "nl": "De gegevens van deze weergave zijn in deze sessie niet geladen: een upload blijft alleen in de "
              "sessie waarin hij geladen is. Laad de bestanden opnieuw op de pagina Gegevens en bewaar de "
              "weergave opnieuw.",
        "en": "The data of this view is not loaded in this session: an upload stays only in the session it was "
              "loaded in. Load the files again on the Data page and save the view again.",
    },
    "view_update_target_help": {
        "nl": "Bijwerken kan hier niet: deze weergave komt van de pagina Doelgroepen, niet van de kaart hierboven. "
              "Open haar, pas de keuzes daar aan en bewaar haar opnieuw.",
        "en": "Update is not possible here: this view comes from the Target groups page, not from the map above. "
              "Open it, change the choices there and keep it again."},
    "view_duplicate": {"nl": "Dupliceren", "en": "Duplicate"},
    "view_delete": {"nl": "Verwijderen", "en": "Delete"},
    "view_rename": {"nl": "Titel en notitie opslaan", "en": "Save title and note"},
    "view_export": {"nl": "Dia maken", "en": "Make slide"},
    "decks": {"nl": "Presentaties", "en": "Decks"},
    "deck": {"nl": "Presentatie", "en": "Deck"},
    "deck_title": {"nl": "Titel van een nieuwe presentatie", "en": "Title of a new deck"},
    "deck_title_bad": {"nl": "Geef de presentatie een titel van 1 tot 200 tekens.",
                       "en": "Give the deck a title of 1 to 200 characters."},
    "deck_create": {"nl": "Presentatie maken", "en": "Create deck"},
    "deck_import": {"nl": "Presentatie importeren (JSON)", "en": "Import a deck (JSON)"},
    "deck_imported": {"nl": "Presentatie '{title}' geïmporteerd met {n} weergaven.",
                      "en": "Deck '{title}' imported with {n} views."},
    "no_decks": {"nl": "Nog geen presentaties.", "en": "No decks yet."},
    "deck_empty": {"nl": "Deze presentatie heeft geen weergaven: voeg er eerst een toe.",
                   "en": "This deck has no views: add one first."},
    "deck_up": {"nl": "Omhoog", "en": "Up"},
    "deck_down": {"nl": "Omlaag", "en": "Down"},
    "deck_remove": {"nl": "Uit de presentatie halen", "en": "Remove from the deck"},
    "deck_remove_short": {"nl": "Weghalen", "en": "Remove"},
    "deck_add_view": {"nl": "Weergave", "en": "View"},
    "deck_add": {"nl": "Toevoegen", "en": "Add"},
    "deck_start": {"nl": "Presentatie starten", "en": "Start presentation"},
    "deck_export_slides": {"nl": "Dia's maken (PDF, PNG)", "en": "Make slides (PDF, PNG)"},
    "deck_export_json": {"nl": "Exporteren (JSON)", "en": "Export (JSON)"},
    "deck_delete": {"nl": "Presentatie verwijderen", "en": "Delete deck"},
    "slide_previous": {"nl": "◀ Vorige", "en": "◀ Previous"},
    "slide_next": {"nl": "Volgende ▶", "en": "Next ▶"},
    "slide_stop": {"nl": "Stoppen", "en": "Stop"},
    "store_corrupt": {
        "nl": "Het bestand met opgeslagen weergaven is beschadigd of van een nieuwere versie; er is niets "
              "gewijzigd. Zet een reservekopie terug of kies een ander bestand (WIJKVERKENNER_VIEWS). ({path})",
        "en": "The saved-views file is damaged or from a newer version; nothing was changed. Restore a backup "
              "or choose another file (WIJKVERKENNER_VIEWS). ({path})",
    },
    "store_locked": {
        "nl": "De opgeslagen weergaven zijn even bezet door een andere sessie; er is niets verloren. "
              "Probeer het over een paar seconden opnieuw.",
        "en": "The saved views are busy in another session; nothing was lost. Try again in a few seconds.",
    },
    "store_not_found": {"nl": "Deze weergave of presentatie bestaat niet meer; vernieuw de pagina.",
                        "en": "This view or deck no longer exists; reload the page."},
    "store_bad_deck": {
        "nl": "Dit bestand is geen presentatie van Wijkverkenner; er is niets geïmporteerd. Exporteer de "
              "presentatie opnieuw en importeer dat bestand.",
        "en": "This file is not a Wijkverkenner deck; nothing was imported. Export the deck again and import that "
              "file.",
    },
    "store_bad_view": {"nl": "Deze weergave kan zo niet worden opgeslagen: geef een titel (tot 200 tekens) "
                             "en een notitie tot 5000 tekens.",
                       "en": "This view cannot be saved like this: give a title (up to 200 characters) and a "
                             "note of up to 5000 characters."},
    "store_unreadable": {"nl": "De opgeslagen weergaven konden niet worden gelezen; er is niets gewijzigd.",
                         "en": "The saved views could not be read; nothing was changed."},
    # data page
    "data_intro": {
        "nl": "Laad een grenzenbestand en/of een tabel met cijfers per gebied. Gekoppelde gegevens worden een "
        "nieuwe gegevensbron op de kaart.",
        "en": "Load a boundary file and/or a table of figures per area. Joined data becomes a new dataset "
        "on the map.",
    },
    "upload_boundaries": {
        "nl": "Grenzenbestand (GeoJSON, GeoPackage, gezipte Shapefile, FlatGeobuf, TopoJSON)",
        "en": "Boundary file (GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf, TopoJSON)",
    },
    "groups_shown": {"nl": "De tabel heeft groepen; de kaart toont per groep de gekozen waarde:",
                     "en": "The table has groups; the map shows the chosen value of each:"},
    "upload_table": {
        "nl": "Tabel met cijfers (CSV, StatLine-CSV, XLSX, Parquet, CBS OData JSON), met de .datapackage.json "
              "ernaast voor de namen van de kolommen",
        "en": "Table of figures (CSV, StatLine CSV, XLSX, Parquet, CBS OData JSON), with the .datapackage.json "
              "beside it for the names of its columns",
    },
    "upload_table_target": {
        "nl": "Koppel de tabel aan", "en": "Join the table to",
    },
    "upload_button": {"nl": "Laden en koppelen", "en": "Load and join"},
    "upload_nothing": {
        "nl": "Kies eerst een grenzenbestand, een tabel of allebei.",
        "en": "Choose a boundary file, a table or both first.",
    },
    "upload_error_boundaries": {
        "nl": "Het grenzenbestand '{name}' kon niet worden gebruikt: {error}. Controleer het bestand en probeer "
        "het opnieuw; de gegevens die al geladen zijn blijven beschikbaar.",
        "en": "The boundary file '{name}' could not be used: {error}. Check the file and try again; the data "
        "already loaded stays available.",
    },
    "upload_error_table": {
        "nl": "De tabel '{name}' kon niet worden gebruikt: {error}. Controleer het bestand en probeer het opnieuw; "
        "de gegevens die al geladen zijn blijven beschikbaar.",
        "en": "The table '{name}' could not be used: {error}. Check the file and try again; the data already "
        "loaded stays available.",
    },
    "upload_done": {
        "nl": "'{title}' is geladen en staat nu als gegevensbron op de kaart.",
        "en": "'{title}' is loaded and is now a dataset on the map.",
    },
    # boundary file problems, by BoundaryError.kind
    "boundary_empty": {"nl": "het bestand is leeg (0 bytes). Exporteer het opnieuw en laad het nog eens.",
                       "en": "the file is empty (0 bytes). Export it again and load it once more."},
    "boundary_not_found": {"nl": "het bestand is niet gevonden.", "en": "the file was not found."},
    "boundary_unsupported": {
        "nl": "dit bestandstype wordt niet ondersteund. Gebruik GeoJSON, GeoPackage, een gezipte Shapefile, "
        "FlatGeobuf of TopoJSON.",
        "en": "this file type is not supported. Use GeoJSON, GeoPackage, a zipped Shapefile, FlatGeobuf or TopoJSON.",
    },
    "boundary_bad_zip": {"nl": "dit is geen geldig zip-bestand. Zip de .shp, .shx, .dbf en .prj opnieuw.",
                         "en": "this is not a valid zip file. Zip the .shp, .shx, .dbf and .prj again."},
    "boundary_no_shp": {"nl": "het zip-bestand bevat geen .shp. Zip de .shp samen met .shx, .dbf en .prj.",
                        "en": "the zip file holds no .shp. Zip the .shp together with .shx, .dbf and .prj."},
    "boundary_no_layer": {"nl": "deze laag bestaat niet; kies een van: {layers}.",
                          "en": "this layer does not exist; choose one of: {layers}."},
    "boundary_unreadable": {
        "nl": "het bestand kon niet als {format} worden gelezen; het is waarschijnlijk beschadigd of onvolledig. "
        "Exporteer het opnieuw.",
        "en": "the file could not be read as {format}; it is probably damaged or incomplete. Export it again.",
    },
    "boundary_no_polygons": {
        "nl": "het bestand bevat geen vlakken (gevonden: {found}). Gebruik een bestand met de grenzen van gebieden.",
        "en": "the file holds no polygons (found: {found}). Use a file with the boundaries of areas.",
    },
    "boundary_only_water": {"nl": "het bestand bevat alleen watergebieden.",
                            "en": "the file holds only water areas."},
    "boundary_unknown_crs": {
        "nl": "het coördinatenstelsel is onbekend en de getallen zijn geen RD New of graden. Exporteer in "
        "EPSG:28992 of EPSG:4326.",
        "en": "the coordinate system is unknown and the numbers are neither RD New nor degrees. Export in "
        "EPSG:28992 or EPSG:4326.",
    },
    "boundary_no_code_column": {
        "nl": "er is geen kolom met CBS-gebiedscodes (zoals WK191601) gevonden. Kolommen: {columns}. Voeg een "
        "codekolom toe.",
        "en": "no column with CBS area codes (like WK191601) was found. Columns: {columns}. Add a code column.",
    },
    # table problems, by TableError.kind (and JoinError)
    "table_unsupported": {"nl": "dit bestandstype wordt niet ondersteund. Gebruik CSV, XLSX of CBS OData JSON.",
                          "en": "this file type is not supported. Use CSV, XLSX or CBS OData JSON."},
    "table_empty": {"nl": "de tabel is leeg. Exporteer haar opnieuw met kopregel en rijen.",
                    "en": "the table is empty. Export it again with its header and rows."},
    "table_not_found": {"nl": "het bestand is niet gevonden.", "en": "the file was not found."},
    "table_one_column": {
        "nl": "de tabel heeft maar één kolom. Sla haar op met een scheidingsteken (; , tab of |) tussen de code "
        "en de cijfers.",
        "en": "the table has only one column. Save it with a separator (; , tab or |) between the code and the "
        "figures.",
    },
    "table_no_code_column": {"nl": "kolom '{column}' bestaat niet; kolommen: {columns}.",
                             "en": "column '{column}' does not exist; columns: {columns}."},
    "table_code_column_numeric": {"nl": "kolom '{column}' bevat cijfers, geen gebiedscodes. Kies een tekstkolom.",
                                  "en": "column '{column}' holds figures, not area codes. Choose a text column."},
    "table_bad_xlsx": {"nl": "dit is geen geldig Excel-bestand (.xlsx). Sla het in Excel opnieuw op als .xlsx.",
                       "en": "this is not a valid Excel file (.xlsx). Save it again from Excel as .xlsx."},
    "table_no_sheet": {"nl": "dit werkblad bestaat niet; werkbladen: {sheets}.",
                       "en": "this sheet does not exist; sheets: {sheets}."},
    "table_bad_json": {"nl": "dit is geen geldige JSON. Download het bestand opnieuw.",
                       "en": "this is not valid JSON. Download the file again."},
    "table_not_odata": {
        "nl": "dit is geen CBS OData-tabel met cijfers (TypedDataSet). Open het TypedDataSet-bestand.",
        "en": "this is not a CBS OData table of figures (TypedDataSet). Open the TypedDataSet file.",
    },
    "table_unreadable": {"nl": "het bestand kon niet worden gelezen. Exporteer het opnieuw.",
                         "en": "the file could not be read. Export it again."},
    "table_no_match": {
        "nl": "geen rij van de tabel hoort bij een gebied op de kaart. Controleer of tabel en kaart van dezelfde "
              "gemeente en hetzelfde niveau zijn.",
        "en": "no row of the table belongs to an area on the map. Check that table and map are of the same "
              "municipality and level.",
    },
    "table_no_key": {
        "nl": "de tabel heeft geen kolom met gebiedscodes (zoals WK191601) of gebiedsnamen. Voeg er een toe.",
        "en": "the table has no column with area codes (like WK191601) or area names. Add one.",
    },
    # downloading CBS figures and PDOK boundaries
    "fetch_heading": {"nl": "Ophalen bij CBS en PDOK", "en": "Fetch from CBS and PDOK"},
    "fetch_intro": {
        "nl": "Haal de wijk- of buurtgrenzen (PDOK) en de Kerncijfers wijken en buurten (CBS) van een gemeente op. "
        "Dit werkt alleen met internet; eerder opgehaalde gegevens komen uit de cache.",
        "en": "Fetch the wijk or buurt boundaries (PDOK) and the key figures (CBS) of a municipality. This needs the "
        "internet; data fetched before comes from the cache.",
    },
    "fetch_gemeente": {"nl": "Gemeentecode (bijvoorbeeld GM1916)", "en": "Municipality code (e.g. GM1916)"},
    "fetch_button": {"nl": "Ophalen", "en": "Fetch"},
    "fetch_done": {
        "nl": "{districts} gebieden van {gemeente} ({year}) opgehaald; ze staan nu als gegevensbron op de kaart.",
        "en": "{districts} areas of {gemeente} ({year}) fetched; they are now a dataset on the map.",
    },
    "fetch_error": {"nl": "Ophalen is niet gelukt: {reason}. De gegevens die al geladen zijn blijven beschikbaar.",
                    "en": "Fetching did not succeed: {reason}. The data already loaded stays available."},
    "download_input": {"nl": "controleer de gemeentecode (GM + 4 cijfers), het jaar (2019-2024) en het niveau",
                       "en": "check the municipality code (GM + 4 digits), the year (2019-2024) and the level"},
    "download_offline": {"nl": "er is geen verbinding met {host}; controleer de internetverbinding",
                         "en": "there is no connection to {host}; check the internet connection"},
    "download_timeout": {"nl": "{host} antwoordde niet op tijd; probeer het later opnieuw",
                         "en": "{host} did not answer in time; try again later"},
    "download_http": {"nl": "{host} meldde een fout; probeer het later opnieuw",
                      "en": "{host} reported an error; try again later"},
    "download_invalid": {"nl": "{host} stuurde een antwoord dat niet klopt; probeer het later opnieuw",
                         "en": "{host} sent an answer that is not right; try again later"},
    "download_partial": {"nl": "{host} stuurde maar een deel van de gegevens; probeer het opnieuw",
                         "en": "{host} sent only part of the data; try again"},
    "download_empty": {"nl": "er zijn geen gegevens voor deze gemeente en dit jaar; controleer code en jaar",
                       "en": "there is no data for this municipality and year; check code and year"},
    "person_counts": {"nl": "Kolommen met aantallen personen (worden beschermd)",
                      "en": "Columns holding counts of persons (protected)"},
    "person_counts_help": {
        "nl": "Aantallen personen onder de drempel worden geheim en de rest wordt afgerond, net als bij CBS-cijfers. "
        "Kolommen met hele getallen zijn al aangevinkt.",
        "en": "Counts of persons below the threshold become secret and the others are rounded, as with CBS figures. "
        "Columns of whole numbers are ticked already.",
    },
    "download": {"nl": "Download als {fmt}", "en": "Download as {fmt}"},
    "current_dataset": {"nl": "Getoonde gegevens", "en": "Data shown"},
    "read_summary": {"nl": "{features} gelezen uit {source} ({crs}); {repaired} hersteld, {water} weggelaten.",
                     "en": "{features} read from {source} ({crs}); {repaired} repaired, {water} left out."},
    # counted things in the read report: _1 for one, _n for any other number
    "read_areas_1": {"nl": "{n} gebied", "en": "{n} area"},
    "read_areas_n": {"nl": "{n} gebieden", "en": "{n} areas"},
    "read_repaired_1": {"nl": "{n} ongeldig vlak", "en": "{n} invalid polygon"},
    "read_repaired_n": {"nl": "{n} ongeldige vlakken", "en": "{n} invalid polygons"},
    "read_water_1": {"nl": "{n} watergebied", "en": "{n} water area"},
    "read_water_n": {"nl": "{n} watergebieden", "en": "{n} water areas"},
    "crs_detected": {
        "nl": "Het bestand gaf geen (juist) coördinatenstelsel op; aan de getallen is RD New (EPSG:28992) herkend.",
        "en": "The file declared no (correct) coordinate system; RD New (EPSG:28992) was recognised from the numbers.",
    },
    "join_summary": {
        "nl": "Koppeling met {table}: {matched} van {rows} rijen gekoppeld op {on}.",
        "en": "Join with {table}: {matched} of {rows} rows matched on {on}.",
    },
    "join_unmatched_table": {
        "nl": "Rijen zonder gebied op de kaart (code onbekend): {items}.",
        "en": "Rows without an area on the map (code unknown): {items}.",
    },
    "join_unmatched_boundaries": {
        "nl": "Gebieden zonder rij in de tabel (krijgen 'geen gegevens'): {items}.",
        "en": "Areas without a row in the table (shown as 'no data'): {items}.",
    },
    "join_duplicates": {"nl": "Dubbele codes in de tabel (eerste rij gebruikt): {items}.",
                        "en": "Duplicate codes in the table (first row used): {items}."},
    "join_unreadable": {"nl": "Waarden die geen gebiedscode zijn: {items}.",
                        "en": "Values that are not area codes: {items}."},
    "join_other_levels": {"nl": "Rijen van een ander niveau overgeslagen: {items}.",
                          "en": "Rows of another level skipped: {items}."},
    "join_level_mismatch": {
        "nl": "De tabel bevat {found}-codes maar de kaart toont {level}: kies het juiste niveau of de juiste tabel.",
        "en": "The table holds {found} codes but the map shows {level}: choose the right level or table.",
    },
    "join_ambiguous": {"nl": "Namen die meer dan eens voorkomen (niet gekoppeld): {items}.",
                       "en": "Names that occur more than once (not joined): {items}."},
    "on_code": {"nl": "code", "en": "code"},
    "on_naam": {"nl": "naam (geen codekolom gevonden)", "en": "name (no code column found)"},
    "load_error": {
        "nl": "Deze gegevens konden niet worden geladen: {error}.",
        "en": "This data could not be loaded: {error}.",
    },
    # bad input (issue #9): more BoundaryError and TableError kinds; limits in indicators/io/limits.py
    "boundary_too_large": {
        "nl": "het bestand is {size}, meer dan de grens van {limit}. Gebruik een bestand met minder of eenvoudiger "
        "gebieden (bijvoorbeeld één gemeente of de gegeneraliseerde CBS-kaart).",
        "en": "the file is {size}, more than the limit of {limit}. Use a file with fewer or simpler areas (for "
        "example one municipality or the generalised CBS map).",
    },
    "boundary_not_a_file": {
        "nl": "dit is geen bestand op deze computer. Geef een gedownload bestand op; internetadressen worden niet "
        "gelezen.",
        "en": "this is not a file on this computer. Give a downloaded file; internet addresses are not read.",
    },
    "boundary_wrong_content": {
        "nl": "de inhoud is {found}, geen {expected}. Geef het bestand de juiste extensie of exporteer het opnieuw.",
        "en": "the content is {found}, not {expected}. Give the file the right extension or export it again.",
    },
    "boundary_xml": {
        "nl": "het bestand bevat XML (zoals een GDAL VRT, GML of KML); dat wordt niet gelezen. Exporteer de grenzen "
        "als GeoJSON, GeoPackage, gezipte Shapefile, FlatGeobuf of TopoJSON.",
        "en": "the file holds XML (such as a GDAL VRT, GML or KML), which is not read. Export the boundaries as "
        "GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf or TopoJSON.",
    },
    "boundary_linked_crs": {
        "nl": "het coördinatenstelsel verwijst naar een internetadres, en er wordt niets van internet gelezen. Geef "
        "het stelsel bij naam (zoals EPSG:28992) of laat het weg.",
        "en": "the coordinate system points to an internet address, and nothing is read from the internet. Give "
        "it by name (such as EPSG:28992) or leave it out.",
    },
    "boundary_no_valid_polygons": {
        "nl": "het bestand bevat alleen lege, platte of kapotte vlakken (zonder oppervlak of met coördinaten die "
        "geen getal zijn). Exporteer de grenzen opnieuw.",
        "en": "the file holds only empty, flat or broken polygons (without area or with coordinates that are not "
        "numbers). Export the boundaries again.",
    },
    "boundary_too_many_features": {
        "nl": "het bestand bevat {count} gebieden, meer dan de grens van {limit}. Gebruik één niveau (gemeenten, "
        "wijken of buurten) of minder gemeenten.",
        "en": "the file holds {count} areas, more than the limit of {limit}. Use one level (municipalities, "
        "districts or neighbourhoods) or fewer municipalities.",
    },
    "boundary_too_many_vertices": {
        "nl": "de grenzen hebben {count} punten, meer dan de grens van {limit}. Vereenvoudig ze (bijvoorbeeld tot "
        "1 m) en exporteer opnieuw.",
        "en": "the boundaries have {count} vertices, more than the limit of {limit}. Simplify them (for example to "
        "1 m) and export again.",
    },
    "boundary_unsafe_zip": {
        "nl": "het zip-bestand bevat een onveilig pad of een snelkoppeling ({member}). Zip de bestanden van de "
        "Shapefile zelf opnieuw.",
        "en": "the zip file holds an unsafe path or a link ({member}). Zip the Shapefile's own files again.",
    },
    "boundary_nested_zip": {
        "nl": "het zip-bestand bevat weer een zip-bestand; dat wordt niet geopend. Pak het eerst uit en laad de zip "
        "met de .shp, .shx, .dbf en .prj.",
        "en": "the zip file holds another zip file, which is not opened. Unzip it first and load the zip with the "
        ".shp, .shx, .dbf and .prj.",
    },
    "boundary_incomplete_shapefile": {
        "nl": "de Shapefile in het zip-bestand mist {missing}. Zip alle delen (.shp, .shx, .dbf, .prj) samen.",
        "en": "the Shapefile in the zip file lacks {missing}. Zip all parts (.shp, .shx, .dbf, .prj) together.",
    },
    "boundary_zip_too_many_members": {
        "nl": "het zip-bestand bevat {count} bestanden, meer dan de grens van {limit}. Zip alleen de delen van de "
        "Shapefile.",
        "en": "the zip file holds {count} files, more than the limit of {limit}. Zip only the Shapefile's parts.",
    },
    "boundary_zip_too_large": {
        "nl": "het zip-bestand pakt uit tot {size} of meer, meer dan de grens van {limit}. Gebruik een kleinere "
        "Shapefile.",
        "en": "the zip file unpacks to {size} or more, more than the limit of {limit}. Use a smaller Shapefile.",
    },
    "table_too_large": {
        "nl": "het bestand is {size}, meer dan de grens van {limit}. Houd alleen de gebieden en kolommen die u nodig "
        "heeft.",
        "en": "the file is {size}, more than the limit of {limit}. Keep only the areas and columns you need.",
    },
    "table_too_many_cells": {
        "nl": "de tabel heeft meer dan {limit} cellen, de grens. Houd alleen de gebieden en kolommen die u nodig "
        "heeft.",
        "en": "the table has more than {limit} cells, the limit. Keep only the areas and columns you need.",
    },
    "table_binary": {
        "nl": "het bestand bevat geen tekst maar binaire gegevens. Sla de tabel op als CSV (UTF-8) of XLSX.",
        "en": "the file holds binary data, not text. Save the table as CSV (UTF-8) or XLSX.",
    },
    "join_cropped": {
        "nl": "De tabel gaat over {gemeenten}: de kaart toont alleen die gemeente(n); {left_out} gebieden van andere "
        "gemeenten zijn weggelaten.",
        "en": "The table is about {gemeenten}: the map shows only that municipality (or those); {left_out} areas of "
        "other municipalities were left out.",
    },
    "all_districts": {"nl": "Alle gebieden van het kaartbestand tonen", "en": "Show every area of the boundary file"},
    "report_constant": {
        "nl": "{columns}: in alle {districts} dezelfde waarde, dus een cijfer van de hele gemeente; getoond in de "
              "kolom van de gemeente, niet als cijfer van de wijk.",
        "en": "{columns}: the same value in all {districts}, so a figure of the whole municipality; shown in the "
              "municipality's column, not as the district's own.",
    },
    "constant_columns": {
        "nl": "Deze kolommen hebben in elk gebied dezelfde waarde (meestal een cijfer van de hele gemeente): "
        "{columns}. Een kaart ervan zegt niets over de gebieden.",
        "en": "These columns have the same value in every area (usually a figure of the whole municipality): "
        "{columns}. A map of them says nothing about the areas.",
    },
    "boundary_not_geojson": {
        "nl": "dit JSON-bestand is geen GeoJSON of TopoJSON met gebieden. Laad een tabel met cijfers als tabel, "
        "en grenzen als GeoJSON, GeoPackage, gezipte Shapefile, FlatGeobuf of TopoJSON.",
        "en": "this JSON file is neither GeoJSON nor TopoJSON with areas. Load a table of figures as the table, "
        "and boundaries as GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf or TopoJSON.",
    },
    "table_wrong_content": {
        "nl": "dit is geen CSV-tekst maar {found}. Geef het de extensie .xlsx of sla het in Excel op als CSV.",
        "en": "this is not CSV text but {found}. Give it the extension .xlsx or save it from Excel as CSV.",
    },
}

# Words the engine writes on maps, slides, charts and in notes (one table with the app's words).
ENGINE = {
    # values
    "secret": {"nl": "geheim", "en": "secret"},
    "missing": {"nl": "geen gegevens", "en": "no data"},
    # classification schemes (indicators.analysis.classify)
    "scheme_quantiles": {"nl": "Kwantielen (even veel gebieden per klasse)", "en": "Quantiles (equal counts)"},
    "scheme_equal_interval": {"nl": "Gelijke intervallen", "en": "Equal intervals"},
    "scheme_natural_breaks": {"nl": "Natuurlijke grenzen (Fisher-Jenks)", "en": "Natural breaks (Fisher-Jenks)"},
    "scheme_std_mean": {"nl": "Standaarddeviatie rond het gemiddelde", "en": "Standard deviation around the mean"},
    "scheme_manual": {"nl": "Eigen klassengrenzen", "en": "Manual breaks"},
    # disclosure control (indicators.privacy.disclosure)
    "disclosure_lowered": {
        "nl": "Let op: drempel verlaagd tot {n} (standaard {d})",
        "en": "Warning: threshold lowered to {n} (default {d})",
    },
    "disclosure_note": {
        "nl": "Onthullingscontrole: minimaal {n} per cel, afgerond op {r}; "
        "{p} cellen primair en {s} secundair onderdrukt.",
        "en": "Disclosure control: at least {n} per cell, rounded to {r}; "
        "{p} cells suppressed primarily and {s} secondarily.",
    },
    "disclosure_note_column": {
        "nl": "Onthullingscontrole: aantallen onder {n} geheim, afgerond op {r}; {withheld} van {cells} gebieden "
        "geheim ({share}%).",
        "en": "Disclosure control: counts below {n} secret, rounded to {r}; {withheld} of {cells} areas secret "
        "({share}%).",
    },
    "disclosure_note_none": {
        "nl": "Onthullingscontrole: geen aantal personen, niet afgerond.",
        "en": "Disclosure control: not a count of persons, not rounded.",
    },
    "disclosure_protected": {
        "nl": "Beschermd als aantal personen: {columns}.",
        "en": "Protected as counts of persons: {columns}.",
    },
    "disclosure_assumed": {
        "nl": "Zonder aanwijzing van het tegendeel ook als aantal personen beschermd (hele getallen): {columns}.",
        "en": "Protected as counts of persons for want of anything saying otherwise (whole numbers): {columns}.",
    },
    "disclosure_protected_none": {
        "nl": "Geen kolom beschermd als aantal personen.",
        "en": "No column protected as a count of persons.",
    },
    "disclosure_unchecked": {
        "nl": "{column}: niet gecontroleerd, het aantal {count} staat niet in de tabel",
        "en": "{column}: not checked, the count {count} is not in the table",
    },
    "disclosure_no_inputs": {
        "nl": "{column}: geheim gemaakt, de invoer (teller en noemer) staat niet in de tabel",
        "en": "{column}: made secret, its inputs (numerator and denominator) are not in the table",
    },
    # derived figures (indicators.analysis.derive): titles of the columns they add
    "derive_rate": {"nl": "{numerator} per {per} {denominators}", "en": "{numerator} per {per} {denominators}"},
    "derive_rate_unit": {"nl": "per {per}", "en": "per {per}"},
    "derive_share": {"nl": "{part} als % van {total}", "en": "{part} as % of {total}"},
    "derive_lq": {"nl": "Locatiequotiënt {part}{total}", "en": "Location quotient {part}{total}"},
    "derive_diff": {"nl": "{title}: verschil met het gemiddelde", "en": "{title}: difference from the average"},
    "derive_change": {"nl": "{title}: verandering", "en": "{title}: change"},
    "derive_change_pct": {"nl": "{title}: verandering (%)", "en": "{title}: change (%)"},
    "derive_computed": {"nl": "{description} Berekend: {formula}.", "en": "{description} Computed: {formula}."},
    # maps (maps.choropleth, maps.slides)
    "map_source": {"nl": "Bron", "en": "Source"},
    "map_describe": {"nl": "Hoogste waarden in {highest}; laagste in {lowest}.",
                     "en": "Highest values in {highest}; lowest in {lowest}."},
    "map_describe_secret": {"nl": "{count} gebied(en) geheim.", "en": "{count} area(s) secret."},
    "map_describe_missing": {"nl": "{count} gebied(en) zonder gegevens.", "en": "{count} area(s) without data."},
    "table_area": {"nl": "Gebied", "en": "Area"},
    "table_code": {"nl": "Code", "en": "Code"},
    "table_value": {"nl": "Waarde", "en": "Value"},
    "table_class": {"nl": "Klasse", "en": "Class"},
    "table_rank": {"nl": "Rang", "en": "Rank"},
    "table_open": {"nl": "Tabel bij de kaart", "en": "Table of the map"},
    "table_show": {"nl": "Tabel bij de kaart tonen", "en": "Show the table of the map"},
    "table_choose": {"nl": "Gebied kiezen uit de tabel (hoogste waarde eerst)",
                     "en": "Choose an area from the table (highest value first)"},
    "table_choose_none": {"nl": "geen", "en": "none"},
    "table_choose_placeholder": {"nl": "Kies een gebied", "en": "Choose an area"},
    "table_sort": {"nl": "Sorteren op", "en": "Sort by"},
    "table_sort_rank": {"nl": "rang", "en": "rank"},
    "table_sort_name": {"nl": "naam", "en": "name"},
    "table_sort_code": {"nl": "code", "en": "code"},
    "slide_counter": {"nl": "Dia {number} van {total}", "en": "Slide {number} of {total}"},
    "map_no_leaflet": {"nl": "De kaart kan niet getekend worden: Leaflet kwam niet van {address}. Start de app "
                             "met 'python -m streamlit run app.py' (zie de README) en laad de pagina opnieuw.",
                       "en": "The map cannot be drawn: Leaflet did not come from {address}. Start the app "
                             "with 'python -m streamlit run app.py' (see the README) and reload the page."},
    "map_wheel_hint": {"nl": "Houd Ctrl ingedrukt en scroll om te zoomen, of klik eerst op de kaart.",
                       "en": "Hold Ctrl and scroll to zoom, or click the map first."},
    "credit_boundaries": {"nl": "Kadaster/CBS, Wijk- en Buurtkaart {year}",
                          "en": "Kadaster/CBS, Wijk- en Buurtkaart {year}"},
    "credit_boundaries_no_year": {"nl": "Kadaster/CBS, Wijk- en Buurtkaart", "en": "Kadaster/CBS, Wijk- en Buurtkaart"},
    "credit_cbs_table": {"nl": "CBS, {title}", "en": "CBS, {title}"},
    "credit_synthetic": {"nl": "{name}, synthetische demodata", "en": "{name}, synthetic demo data"},
    "credit_kwb": {"nl": "CBS, Kerncijfers wijken en buurten {year}",
                   "en": "CBS, Kerncijfers wijken en buurten {year}"},
    "map_rank": {"nl": "{rank}e van {total}", "en": "rank {rank} of {total}"},
    "map_synthetic": {"nl": "Synthetische demodata: geen echte cijfers", "en": "Synthetic demo data: not real figures"},
    "map_made": {"nl": "Gemaakt op {date}", "en": "Made on {date}"},
    "slide_mark": {"nl": "SYNTHETISCHE DEMODATA", "en": "SYNTHETIC DEMO DATA"},
    # charts (maps.charts)
    "chart_name": {"nl": "Naam", "en": "Name"},
    "chart_rank": {"nl": "Rang", "en": "Rank"},
    "chart_average": {"nl": "gemiddelde {value}", "en": "average {value}"},
    "chart_area_one": {"nl": "gebied", "en": "area"},
    "chart_area_many": {"nl": "gebieden", "en": "areas"},
    "chart_secret": {"nl": "{count} {area} geheim", "en": "{count} {area} secret"},
    "chart_missing": {"nl": "{count} zonder gegevens", "en": "{count} without data"},
    "chart_missing_only": {"nl": "{count} {area} zonder gegevens", "en": "{count} {area} without data"},
    "chart_provisional": {"nl": "voorlopig", "en": "provisional"},
    "chart_versus": {"nl": "{y} tegen {x}", "en": "{y} against {x}"},
    "chart_correlation": {"nl": "r = {pearson}, Spearman ρ = {spearman} (n = {n})",
                          "en": "r = {pearson}, Spearman ρ = {spearman} (n = {n})"},
    "chart_too_few": {"nl": "te weinig gebieden voor een correlatie (n = {n})",
                      "en": "too few areas for a correlation (n = {n})"},
    "chart_constant": {"nl": "geen correlatie: een van beide kenmerken is overal gelijk (n = {n})",
                       "en": "no correlation: one of the indicators is the same everywhere (n = {n})"},
    # clusters (maps.clusters)
    "cluster_HH": {"nl": "hoog-hoog (hot spot)", "en": "high-high (hot spot)"},
    "cluster_LL": {"nl": "laag-laag (cold spot)", "en": "low-low (cold spot)"},
    "cluster_HL": {"nl": "hoog tussen laag (uitschieter)", "en": "high among low (outlier)"},
    "cluster_LH": {"nl": "laag tussen hoog (uitschieter)", "en": "low among high (outlier)"},
    "cluster_ns": {"nl": "niet significant", "en": "not significant"},
    "cluster_no_neighbours": {"nl": "{label} (geen buren)", "en": "{label} (no neighbours)"},
    "cluster_area_one": {"nl": "gebied", "en": "area"},
    "cluster_area_many": {"nl": "gebieden", "en": "areas"},
    "cluster_among": {"nl": "waaronder", "en": "including"},
    "cluster_high": {"nl": "Hoge waarden liggen geclusterd in {places}.", "en": "High values cluster in {places}."},
    "cluster_low": {"nl": "Lage waarden liggen geclusterd in {places}.", "en": "Low values cluster in {places}."},
    "cluster_positive": {"nl": "Gebieden met vergelijkbare waarden liggen bij elkaar ({stats}).",
                         "en": "Areas with similar values lie close together ({stats})."},
    "cluster_negative": {"nl": "Hoge en lage waarden wisselen elkaar af ({stats}).",
                         "en": "High and low values alternate ({stats})."},
    "cluster_none": {"nl": "Er is geen duidelijke ruimtelijke clustering ({stats}).",
                     "en": "There is no clear spatial clustering ({stats})."},
    "cluster_hl": {"nl": "Hoge waarde tussen lage buren: {places}.",
                   "en": "High value among low neighbours: {places}."},
    "cluster_lh": {"nl": "Lage waarde tussen hoge buren: {places}.",
                   "en": "Low value among high neighbours: {places}."},
    "cluster_excluded_one": {
        "nl": "{count} zonder geldige waarde ({reasons}) is weggelaten uit de buurrelaties.",
        "en": "{count} without a valid value ({reasons}) was left out of the neighbour relations.",
    },
    "cluster_excluded_many": {
        "nl": "{count} zonder geldige waarde ({reasons}) zijn weggelaten uit de buurrelaties.",
        "en": "{count} without a valid value ({reasons}) were left out of the neighbour relations.",
    },
    "cluster_isolates_one": {
        "nl": "{count} zonder buren met een waarde ({places}) is nooit deel van een cluster.",
        "en": "{count} without neighbours with a value ({places}) is never part of a cluster.",
    },
    "cluster_isolates_many": {
        "nl": "{count} zonder buren met een waarde ({places}) zijn nooit deel van een cluster.",
        "en": "{count} without neighbours with a value ({places}) are never part of a cluster.",
    },
}




# Engine errors in the page's language (ui.i18n.error_text): "<topic>_<kind>" for an InputError's class,
# or the nearest class above it; "input_<kind>" for every reader and writer (the doors of indicators.io.files).
# Each is the part of a sentence after "...: ", and says what to do.
ERRORS = {
    "input_not_found": {"nl": "het bestand is niet gevonden. Controleer de naam en de map.",
                        "en": "the file was not found. Check its name and folder."},
    "input_not_a_file": {"nl": "dit is geen bestand op deze computer. Download het eerst.",
                         "en": "this is not a file on this computer. Download it first."},
    "input_unsupported": {"nl": "dit bestandstype wordt niet gelezen. Kies een ander bestand.",
                          "en": "this file type is not read. Choose another file."},
    "input_empty": {"nl": "het bestand is leeg. Exporteer het opnieuw met kopregel en rijen.",
                    "en": "the file is empty. Export it again with its header and rows."},
    "input_too_large": {
        "nl": "het bestand is {size}, meer dan de grens van {limit}. Houd alleen de gebieden en kolommen over die "
              "u nodig hebt.",
        "en": "the file is {size}, more than the limit of {limit}. Keep only the areas and columns you need.",
    },
    "input_wrong_content": {"nl": "dit is een {found}, geen tekst (CSV). Sla het op als CSV of XLSX.",
                            "en": "this is {found}, not text (CSV). Save it as CSV or XLSX."},
    "input_pdf": {"nl": "dit is een PDF-document, geen tabel. Exporteer de tabel zelf als CSV of XLSX.",
                  "en": "this is a PDF document, not a table. Export the table itself as CSV or XLSX."},
    "input_binary": {"nl": "dit bestand bevat geen tekst. Sla het op als CSV (UTF-8) of XLSX.",
                     "en": "this file holds no text. Save it as CSV (UTF-8) or XLSX."},
    "input_unreadable": {"nl": "het bestand kon niet worden gelezen. Exporteer het opnieuw.",
                         "en": "the file could not be read. Export it again."},
    "input_no_folder": {"nl": "de map {folder} bestaat niet. Maak haar aan of kies een andere.",
                        "en": "the folder {folder} does not exist. Create it or choose another."},
    "input_not_a_folder": {"nl": "{folder} is een bestand, geen map. Kies een map.",
                           "en": "{folder} is a file, not a folder. Choose a folder."},
    "input_read_only": {"nl": "in de map {folder} mag niet worden geschreven. Kies een andere map.",
                        "en": "the folder {folder} cannot be written to. Choose another folder."},
    "input_format": {"nl": "dit bestandstype kan niet worden gemaakt; kies {formats}.",
                     "en": "this file type cannot be made; choose {formats}."},
    "error_unexpected": {
        "nl": "dit kon niet worden gedaan. Probeer een andere keuze; de gegevens die al geladen zijn blijven "
              "beschikbaar.",
        "en": "this could not be done. Try another choice; the data already loaded stays available.",
    },
    # events and series (indicators.analysis.events)
    "events_no_name": {"nl": "rij {row} heeft geen naam. Geef elk evenement een naam in de kolom 'naam'.",
                       "en": "row {row} has no name. Give every event a name in the column 'naam'."},
    "events_backwards": {"nl": "evenement '{name}' eindigt voordat het begint. Controleer 'start' en 'eind'.",
                         "en": "event '{name}' ends before it starts. Check 'start' and 'eind'."},
    "events_duplicate_event": {"nl": "evenement '{name}' staat er twee keer in. Haal één van beide rijen weg.",
                               "en": "event '{name}' is listed twice. Remove one of the rows."},
    "events_no_sector": {"nl": "rij {row} heeft geen sector. Vul de kolom 'sector' in.",
                         "en": "row {row} has no sector. Fill in the column 'sector'."},
    "events_negative": {"nl": "rij {row} heeft een negatieve waarde; waarden zijn 0 of meer.",
                        "en": "row {row} has a negative value; values are 0 or more."},
    "events_duplicate": {
        "nl": "{area}, {sector} op {date} staat er twee keer in. Geef één waarde per dag, gebied en sector.",
        "en": "{area}, {sector} on {date} occurs twice. Give one value per day, area and sector.",
    },
    "events_columns": {
        "nl": "de kolom {missing} ontbreekt (gevonden: {found}; ook goed: {aliases}). Evenementen hebben naam, "
              "start, eind en gebied; een reeks heeft datum, gebied, sector en waarde.",
        "en": "the column {missing} is missing (found: {found}; also accepted: {aliases}). Events have naam, start, "
              "eind and gebied; a series has datum, gebied, sector and waarde.",
    },
    "events_series_error": {"nl": "De reeks kan niet worden gelezen: {error}.",
                            "en": "The series cannot be read: {error}."},
    "events_date": {"nl": "rij {row} heeft '{value}' in '{column}', geen datum. Schrijf datums als 2024-07-05 of "
                          "5-7-2024.",
                    "en": "row {row} has '{value}' in '{column}', not a date. Write dates as 2024-07-05 or "
                          "5-7-2024."},
    "events_code": {"nl": "rij {row} heeft '{value}' als gebied, geen wijk- of buurtcode. Gebruik codes als "
                          "WK191601 of BU19160101.",
                    "en": "row {row} has '{value}' as its area, not a wijk or buurt code. Use codes such as "
                          "WK191601 or BU19160101."},
    "events_not_daily": {
        "nl": "de reeks heeft één waarde per {days} dagen: geen dag, week, maand of kwartaal. Geef één waarde per "
              "dag, week, maand of kwartaal, gebied en sector.",
        "en": "the series has one value per {days} days: no day, week, month or quarter. Give one value per day, "
              "week, month or quarter, area and sector.",
    },
    "events_number": {"nl": "rij {row} heeft '{value}' in '{column}', geen getal.",
                      "en": "row {row} has '{value}' in '{column}', not a number."},
    "events_bad_weeks": {"nl": "kies 2 tot 26 weken om mee te vergelijken.",
                         "en": "choose 2 to 26 weeks to compare with."},
    "events_bad_controls": {"nl": "controlegebieden zijn wijk- of buurtcodes, gescheiden door komma's.",
                        "en": "control areas are wijk or buurt codes separated by commas."},
    "events_controls_unknown": {"nl": "controlegebied {codes} heeft geen reeks. Kies gebieden uit de reeks.",
                                "en": "control area {codes} has no series. Choose areas that are in the series."},
    "events_no_match": {
        "nl": "geen van de gebieden van de evenementen staat in de reeks. Gebruik in beide dezelfde wijk- of "
              "buurtcodes.",
        "en": "none of the events' areas is in the series. Use the same wijk or buurt codes in both.",
    },
    # long tables, rates and models (indicators.microdata.longtable, indicators.analysis.rates and .models)
    "subset_bad_where": {"nl": "de voorwaarde (--where) is niet te lezen. Schrijf kolom, vergelijking en waarde, "
                                "zoals leeftijd >= 18, met and/or.",
                         "en": "the condition (--where) cannot be read. Write column, comparison and value, such as "
                               "leeftijd >= 18, with and/or."},
    "subset_where_column": {"nl": "de voorwaarde noemt kolom '{column}', die het bestand niet heeft.",
                            "en": "the condition names column '{column}', which the file does not have."},
    "microdata_empty_subset": {"nl": "de voorwaarde laat geen enkele persoon over. Maak haar ruimer.",
                               "en": "the condition leaves no person at all. Loosen it."},
    "microdata_bad_label": {"nl": "--label {column}: de tabel heeft geen kolom '{column}'. "
                                  "Kies een kolom van de tabel.",
                            "en": "--label {column}: the table has no column '{column}'. Choose one of its columns."},
    "microdata_bad_theme_column": {"nl": "--theme {column}: de tabel heeft geen cijfer '{column}'. Kies een cijfer "
                                         "van de tabel.",
                                   "en": "--theme {column}: the table has no figure '{column}'. Choose one of its "
                                         "figures."},
    "microdata_bad_theme": {"nl": "er is geen thema '{theme}'. Kies een van {themes}.",
                            "en": "there is no theme '{theme}'. Choose one of {themes}."},
    "longtable_bad_level": {"nl": "de tabel heeft geen rijen van niveau {level}. Kies een ander niveau.",
                            "en": "the table has no rows of level {level}. Choose another level."},
    "longtable_no_levels": {"nl": "de tabel heeft geen kolom 'niveau' met gemeente, wijk of buurt.",
                            "en": "the table has no column 'niveau' with gemeente, wijk or buurt."},
    "longtable_not_numeric": {"nl": "kolom '{column}' bevat tekst, geen aantallen. Kies een kolom met aantallen.",
                              "en": "column '{column}' holds text, not counts. Choose a column of counts."},
    "rates_missing_column": {"nl": "kolom '{column}' staat niet in de tabel.",
                             "en": "column '{column}' is not in the table."},
    "rates_same_column": {
        "nl": "teller en noemer zijn dezelfde kolom. Kies als teller het aantal met de uitkomst en als noemer het "
              "aantal personen.",
        "en": "numerator and denominator are the same column. Choose the count with the outcome as numerator and "
              "the count of persons as denominator.",
    },
    "rates_numerator_too_large": {
        "nl": "de teller is in sommige rijen groter dan de noemer, dus geen deel ervan. Kies als teller de kolom die "
              "de personen met de uitkomst telt.",
        "en": "the numerator is larger than the denominator in some rows, so it is not a part of it. Choose the "
              "column that counts the persons with the outcome as numerator.",
    },
    "rates_negative": {"nl": "de tabel bevat een negatief aantal; aantallen personen zijn 0 of meer.",
                       "en": "the table holds a negative count; counts of persons are 0 or more."},
    "rates_duplicate": {"nl": "een groepskolom is twee keer gekozen. Kies elke kolom één keer.",
                        "en": "a group column is chosen twice. Choose each column once."},
    "rates_bad_min_count": {"nl": "de drempel moet minstens 1 zijn.", "en": "the threshold should be at least 1."},
    "model_bad_result": {"nl": "dit is geen modeluitkomst van python cli.py model. Maak het model opnieuw.",
                         "en": "this is not a model result of python cli.py model. Fit the model again."},
    # clusters (indicators.analysis.clusters)
    "clusters_too_few": {
        "nl": "maar {count} gebieden hebben een waarde; clusters hebben er minstens {minimum} nodig. Kies een ander "
              "cijfer of een lager niveau.",
        "en": "only {count} areas have a value; clusters need at least {minimum}. Choose another figure or a lower "
              "level.",
    },
    "clusters_constant": {"nl": "alle gebieden hebben dezelfde waarde, dus er valt niets te clusteren.",
                          "en": "every area has the same value, so there is nothing to cluster."},
    "clusters_no_neighbours": {"nl": "geen twee gebieden met een waarde grenzen aan elkaar.",
                               "en": "no two areas with a value share a border."},
    "clusters_duplicate_codes": {"nl": "sommige gebiedscodes komen twee keer voor. Kies één niveau en één jaar.",
                                 "en": "some area codes occur twice. Choose one level and one year."},
    "clusters_mixed_levels": {"nl": "de gebieden zijn van verschillende niveaus. Kies één niveau.",
                              "en": "the areas are of different levels. Choose one level."},
    "figure_not_found": {"nl": "dit cijfer staat niet in deze gegevens. Kies een ander cijfer of jaar.",
                         "en": "this figure is not in this data. Choose another figure or year."},
    "download_level": {"nl": "kies wijk of buurt.", "en": "choose wijk or buurt."},
    # the output checker's audit of a protected table (indicators.microdata.audit)
    "audit_column": {"nl": "kolom", "en": "column"},
    "audit_reason": {"nl": "reden", "en": "reason"},
    "audit_rule": {"nl": "regel", "en": "rule"},
    "audit_table": {"nl": "hele tabel", "en": "whole table"},
    "audit_cells": {"nl": "cellen", "en": "cells"},
    "audit_withheld": {"nl": "geheim", "en": "withheld"},
    "audit_rounding": {"nl": "afronding", "en": "rounding"},
    "audit_share": {"nl": "percentage geheim", "en": "percentage withheld"},
    "audit_persons": {"nl": "personen", "en": "persons"},
    "audit_reason_primary": {"nl": "minder dan de drempel", "en": "below the threshold"},
    "audit_reason_secondary": {"nl": "secundair (anders terug te rekenen)", "en": "secondary (else recoverable)"},
    "audit_reason_base": {"nl": "met zijn basis", "en": "with its base"},
    "audit_reason_few": {"nl": "te weinig bedragen", "en": "too few amounts"},
    "audit_reason_dominance": {"nl": "dominantie", "en": "dominance"},
    "audit_reason_p_percent": {"nl": "p%-regel", "en": "p% rule"},
    "audit_protection": {"nl": "bescherming (bedrag, beide kanten)", "en": "protection (amount, either side)"},
    "audit_protects": {"nl": "beschermt de cel", "en": "protects the cell"},
    "descriptor_code": {"nl": "Gebiedscode", "en": "Area code"},
    "descriptor_level": {"nl": "Niveau (gemeente, wijk of buurt)", "en": "Level (gemeente, wijk or buurt)"},
    "descriptor_persons": {"nl": "Aantal personen", "en": "Number of persons"},
    "descriptor_share": {"nl": "{label}, aandeel van de personen", "en": "{label}, share of the persons"},
    "descriptor_mean": {"nl": "{label}, gemiddeld", "en": "{label}, mean"},
    "descriptor_total": {"nl": "{label}, totaal", "en": "{label}, total"},
    "descriptor_status": {"nl": "Status van '{label}' (ok, geheim, ontbreekt)",
                          "en": "Status of '{label}' (ok, geheim = withheld, ontbreekt = none)"},
    "descriptor_share_rule": {"nl": "berekend uit de gepubliceerde (afgeronde) aantallen; geheim waar een ervan "
                                    "geheim is (minimaal {min} personen)",
                              "en": "computed from the published (rounded) counts; withheld where either is "
                                    "(at least {min} persons)"},
    "descriptor_title": {"nl": "{title}: personen per gebied en groep, beschermd",
                         "en": "{title}: persons per area and group, protected"},
    "descriptor_bad_descriptor": {"nl": "de beschrijving naast de tabel (.datapackage.json) is onleesbaar. "
                                        "Verwijder die of schrijf de tabel opnieuw.",
                                  "en": "the description beside the table (.datapackage.json) cannot be read. "
                                        "Remove it or write the table again."},
    "audit_reason_group": {"nl": "groepsonthulling (vrijwel iedereen)", "en": "group disclosure (almost everyone)"},
    "audit_rule_count": {"nl": "minimaal {min} personen, afgerond op {base}",
                         "en": "at least {min} persons, rounded to {base}"},
    "audit_rule_derived": {"nl": "als zijn basis; minimaal {min} bedragen, dominantie > {dominance}%, p% = {p}",
                           "en": "as its base; at least {min} amounts, dominance > {dominance}%, p% = {p}"},
    "error_no_datasets": {
        "nl": "er zijn geen gegevens. Maak de demodata (python cli.py demo --out data/demo) of haal een gemeente op",
        "en": "there is no data. Make the demo data (python cli.py demo --out data/demo) or fetch a municipality",
    },
}


# District reports, trends and benchmarks: the wijkprofiel (issue #19; indicators.analysis.highlights, maps.report,
# the reference values on the Kaart page).
REPORT = {
    # what stands out per theme (indicators.analysis.highlights)
    "highlight_none": {"nl": "Geen cijfers om iets over te zeggen: geheim of onbekend",
                       "en": "No figures to say anything about: secret or unknown"},
    "highlight_value": {"nl": "{label}: {value} in {name}", "en": "{label}: {value} in {name}"},
    "highlight_same": {"nl": "{label} is in {name} even hoog als in de gemeente ({value})",
                       "en": "{label} in {name} is as high as in the municipality ({value})"},
    "highlight_higher": {"nl": "{label} is in {name} {amount} hoger dan in de gemeente ({value} tegen {reference})",
                         "en": "{label} in {name} is {amount} higher than in the municipality ({value} against "
                               "{reference})"},
    "highlight_lower": {"nl": "{label} is in {name} {amount} lager dan in de gemeente ({value} tegen {reference})",
                        "en": "{label} in {name} is {amount} lower than in the municipality ({value} against "
                              "{reference})"},
    "highlight_percent": {"nl": "{percent}%", "en": "{percent}%"},
    "highlight_points": {"nl": "{points} procentpunt", "en": "{points} percentage points"},
    "highlight_rank": {"nl": ", plaats {rank} van de {count} {districts}",
                       "en": ", rank {rank} of the {count} {districts}"},
    "highlight_rank_highest": {"nl": ", het hoogst van de {count} {districts}",
                               "en": ", the highest of the {count} {districts}"},
    "highlight_rank_lowest": {"nl": ", het laagst van de {count} {districts}",
                              "en": ", the lowest of the {count} {districts}"},
    "highlight_up": {"nl": ", en gestegen met {change} sinds {year}", "en": ", and up by {change} since {year}"},
    "highlight_down": {"nl": ", en gedaald met {change} sinds {year}", "en": ", and down by {change} since {year}"},
    "highlight_flat": {"nl": ", en gelijk gebleven sinds {year}", "en": ", and unchanged since {year}"},
    "highlight_break": {"nl": "; door een grenswijziging in {year} niet te vergelijken met eerdere jaren",
                        "en": "; a boundary change in {year} leaves nothing to compare with earlier years"},
    # the report (maps.report)
    "report_title": {"nl": "Wijkprofiel {name}", "en": "District profile {name}"},
    "report_subtitle": {"nl": "{level} {code} in {gemeente} · cijfers {year}",
                        "en": "{level} {code} in {gemeente} · figures {year}"},
    "level_one_wijk": {"nl": "Wijk", "en": "District"},
    "level_one_buurt": {"nl": "Buurt", "en": "Neighbourhood"},
    "report_locator": {"nl": "Ligging in de gemeente", "en": "Location in the municipality"},
    "report_summary": {"nl": "Wat valt op", "en": "What stands out"},
    "report_key_figures": {"nl": "Kerncijfers {year}", "en": "Key figures {year}"},
    "report_col_indicator": {"nl": "Indicator", "en": "Indicator"},
    "report_col_gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "report_col_nederland": {"nl": "Nederland", "en": "Netherlands"},
    "report_col_similar": {"nl": "Vergelijkbaar", "en": "Comparable"},
    "report_col_trend": {"nl": "Trend", "en": "Trend"},
    "report_none": {"nl": "–", "en": "–"},
    "report_more_rows": {"nl": "… en {count} cijfers meer: zie de tabel op de pagina Gegevens.",
                         "en": "… and {count} more figures: see the table on the Data page."},
    "report_trends": {"nl": "Ontwikkeling {first}–{last}", "en": "Development {first}–{last}"},
    "report_trends_one_year": {"nl": "Ontwikkeling: er is maar één jaar ({year}), dus nog geen lijn.",
                               "en": "Development: there is only one year ({year}), so no line yet."},
    "report_similar": {"nl": "Vergelijkbare gemeenten", "en": "Comparable municipalities"},
    "report_similar_intro": {
        "nl": "De {n} gemeenten die in {year} het meest op {gemeente} lijken in {measures} (gestandaardiseerde "
              "afstand over alle gemeenten). De kolom 'Vergelijkbaar' is hun gemiddelde; tarieven zijn berekend "
              "uit hun opgetelde aantallen.",
        "en": "The {n} municipalities most like {gemeente} in {year} in {measures} (standardised distance over "
              "all municipalities). The column 'Comparable' is their average; rates are computed from their "
              "summed counts.",
    },
    "report_similar_missing": {"nl": "Niet vergeleken op {measures}: die cijfers staan niet in de landelijke tabel.",
                               "en": "Not compared on {measures}: the national table does not hold them."},
    "report_similar_own": {"nl": "{gemeente} zelf: {values}", "en": "{gemeente} itself: {values}"},
    "report_similar_row": {"nl": "{values}; lijkt vooral in {closest}", "en": "{values}; closest in {closest}"},
    "report_similar_closest": {"nl": "lijkt vooral in", "en": "closest in"},
    "report_similar_none": {
        "nl": "Geen vergelijkbare gemeenten: er zijn geen landelijke gemeentecijfers van dit jaar.",
        "en": "No comparable municipalities: there are no national municipal figures for this year."},
    "measure_size": {"nl": "inwonertal", "en": "population"},
    "measure_density": {"nl": "adressendichtheid", "en": "address density"},
    "measure_density_population": {"nl": "bevolkingsdichtheid", "en": "population density"},
    "measure_age": {"nl": "leeftijdsopbouw", "en": "age structure"},
    "measure_income": {"nl": "inkomen", "en": "income"},
    "measure_short_size": {"nl": "inwoners", "en": "inhabitants"},
    "measure_short_density": {"nl": "adressen/km²", "en": "addresses/km²"},
    "measure_short_density_population": {"nl": "inwoners/km²", "en": "inhab./km²"},
    "measure_short_age": {"nl": "% 65+", "en": "% 65+"},
    "measure_short_income": {"nl": "inkomen", "en": "income"},
    "measure_value_size": {"nl": "{value} inwoners", "en": "{value} inhabitants"},
    "measure_value_density": {"nl": "{value} adressen per km²", "en": "{value} addresses per km²"},
    "measure_value_density_population": {"nl": "{value} inwoners per km²", "en": "{value} inhabitants per km²"},
    "measure_value_age": {"nl": "{value}% 65+", "en": "{value}% aged 65+"},
    "measure_value_income": {"nl": "inkomen {value} x 1.000 euro", "en": "income {value} x 1,000 euro"},
    "and": {"nl": "en", "en": "and"},
    "or": {"nl": "of", "en": "or"},
    "report_break": {
        "nl": "Grenswijziging: {name} bestaat in deze vorm sinds {year}{before}; de jaren ervoor staan niet als "
              "één lijn in de grafieken.",
        "en": "Boundary change: {name} has existed in this form since {year}{before}; earlier years are not "
              "drawn as one line with it.",
    },
    "report_break_before": {"nl": " (daarvoor deel van {codes})", "en": " (before that part of {codes})"},
    "report_no_gemeente": {"nl": "Geen gemeentecijfers: de bestanden hebben geen rij voor de gemeente zelf.",
                           "en": "No municipal figures: the files have no row for the municipality itself."},
    "report_no_nederland": {"nl": "Geen cijfers van Nederland: er is geen landelijke rij (NL00) voor {year}.",
                            "en": "No figures for the Netherlands: there is no national row (NL00) for {year}."},
    "report_arrows": {
        "nl": "Trend: ontwikkeling van {name} sinds het jaar ervoor (↑ hoger, ↓ lager, → gelijk); blauw is "
              "gunstig, oranje ongunstig, grijs zonder oordeel. Gemeente en Nederland: de cijfers van het CBS voor de "
              "hele gemeente en heel Nederland, geen gemiddelde van de {districts}.",
        "en": "Trend: change of {name} since the year before (↑ higher, ↓ lower, → unchanged); blue is "
              "favourable, orange unfavourable, grey without judgement. Municipality and Netherlands: CBS's figures "
              "for the whole municipality and the whole country, not an average of the {districts}.",
    },
    "report_sources": {"nl": "Bronnen", "en": "Sources"},
    "report_page": {"nl": "pagina {page} van {pages}", "en": "page {page} of {pages}"},
    "report_legend_district": {"nl": "{name}", "en": "{name}"},
    "report_chart_gap": {"nl": "(onderbroken: grenswijziging)", "en": "(broken: boundary change)"},
    # the Kaart page
    "profile_references": {"nl": "Vergeleken met de gemeente, Nederland en vergelijkbare gemeenten",
                           "en": "Compared with the municipality, the Netherlands and comparable municipalities"},
    "report_download": {"nl": "Wijkprofiel downloaden", "en": "Download district profile"},
    "report_download_help": {
        "nl": "Een PDF van 2 tot 4 A4-pagina's: ligging, kerncijfers per thema met gemeente, Nederland en "
              "vergelijkbare gemeenten, wat opvalt en de ontwikkeling over alle jaren.",
        "en": "A PDF of 2 to 4 A4 pages: location, key figures per theme with the municipality, the Netherlands "
              "and comparable municipalities, what stands out and the development over all years.",
    },
}



def check_lang(lang: str) -> str:
    """The language, or a ValueError naming the ones the product speaks."""
    if lang not in LANGS:
        raise ValueError(f"'lang' should be one of {', '.join(map(repr, LANGS))}, got {lang!r} instead")
    return lang


def t(key: str, lang: str = "nl", **values) -> str:
    """Return the string ``key`` in ``lang`` with ``values`` filled in."""
    return STRINGS[key][check_lang(lang)].format(**values)


def join_words(items, lang: str = "nl", last: str = "and") -> str:
    """Items as a sentence lists them: "a, b en c" (``last="or"``: "a, b of c"); one item alone, none ""."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t(last, lang)} {items[-1]}"


# Events and the local economy (issue #18): indicators/analysis/events.py, indicators/privacy/business.py,
# maps/events.py and the Evenementen page.
EVENTS = {
    "page_events": {"nl": "Evenementen", "en": "Events"},
    "measure_turnover": {"nl": "de omzet", "en": "turnover"},
    "measure_transactions": {"nl": "het aantal transacties", "en": "the number of transactions"},
    "measure_visitors": {"nl": "het aantal bezoekers", "en": "the number of visitors"},
    "measure_rate": {"nl": "het cijfer", "en": "the rate"},
    "measure_other": {"nl": "de waarde", "en": "the value"},
    "events_kind": {"nl": "Soort reeks", "en": "Kind of series"},
    "events_col_placebo": {"nl": "Placebotoets (plaats)", "en": "Placebo test (rank)"},
    "events_col_synthetic": {"nl": "Synthetische controle (%)", "en": "Synthetic control (%)"},
    "events_col_placebo_time": {"nl": "Placebotoets in de tijd (plaats)", "en": "Placebo test in time (rank)"},
    "events_placebo_place": {"nl": "{rank} van {total}", "en": "{rank} of {total}"},
    "events_placebo_caption": {
        "nl": "Placebotoets: elk controlegebied is gemeten alsof het evenement daar was, tegen de andere "
              "controlegebieden; in de tijd: het evenement verschoven naar eerdere weken (of perioden) in het eigen "
              "gebied. Plaats 1 van 10 betekent dat niets zo sterk bewoog als het gebied tijdens het evenement: "
              "toeval is dan onwaarschijnlijk (kans 1 op 10).",
        "en": "Placebo test: each control area was measured as if the event were held there, against the other "
              "control areas; in time: the event moved to earlier weeks (or periods) in its own area. Rank 1 of 10 "
              "means nothing moved as much as the area during the event: chance is then unlikely (1 in 10).",
    },
    "events_kind_turnover": {"nl": "Omzet (geheimhouding per bedrijf)", "en": "Turnover (business confidentiality)"},
    "events_kind_transactions": {"nl": "Transacties, zoals PIN (geheimhouding per bedrijf)",
                                 "en": "Transactions, such as card payments (business confidentiality)"},
    "events_kind_visitors": {"nl": "Bezoekers of passanten (tellingen)", "en": "Visitors or footfall (counts)"},
    "events_kind_rate": {"nl": "Een cijfer of percentage", "en": "A rate or percentage"},
    "events_kind_other": {"nl": "Iets anders", "en": "Something else"},
    "events_kind_no_rule": {
        "nl": "Bij deze soort reeks geldt de geheimhouding per bedrijf niet: elke waarde kan worden getoond. Kies "
              "omzet of transacties als de waarden van bedrijven komen.",
        "en": "For this kind of series the business confidentiality rule does not apply: every value can be shown. "
              "Choose turnover or transactions where the values come from businesses.",
    },
    "sector_detailhandel": {"nl": "de detailhandel", "en": "retail"},
    "sector_horeca": {"nl": "de horeca", "en": "food and drink"},
    "sector_logies": {"nl": "de logiesverstrekking", "en": "accommodation"},
    "sector_other": {"nl": "de sector {name}", "en": "the {name} sector"},
    "sector_together": {"nl": "{sectors} samen", "en": "{sectors} together"},
    "events_part_of_days": {
        "nl": "Gemeten over de eerste {days} van de {total} dagen of perioden: voor de latere ligt de basis binnen "
              "het evenement zelf.",
        "en": "Measured over the first {days} of the {total} days or periods: the later ones have their baseline "
              "inside the event itself.",
    },
    "events_methods_disagree": {
        "nl": "Een tweede methode (synthetische controle) komt uit op {pct}%, buiten dit interval: lees het effect "
              "met voorzichtigheid.",
        "en": "A second method (synthetic control) gives {pct}%, outside this interval: read the effect with care.",
    },
    "events_higher": {
        "nl": "Tijdens {naam} lag {measure} in {sector} in {gebied} {pct}% ({low}–{high}%) hoger dan verwacht.",
        "en": "During {naam}, {measure} in {sector} in {gebied} was {pct}% ({low}–{high}%) higher than expected.",
    },
    "events_lower": {
        "nl": "Tijdens {naam} lag {measure} in {sector} in {gebied} {pct}% ({low}–{high}%) lager dan verwacht.",
        "en": "During {naam}, {measure} in {sector} in {gebied} was {pct}% ({low}–{high}%) lower than expected.",
    },
    "events_none": {
        "nl": "Tijdens {naam} was er geen meetbaar effect op {measure} in {sector} in {gebied} (het effect ligt "
              "tussen {low}% en {high}%).",
        "en": "During {naam} there was no measurable effect on {measure} in {sector} in {gebied} (the effect lies "
              "between {low}% and {high}%).",
    },
    "events_withheld_sentence": {
        "nl": "{Measure} in {sector} in {gebied} tijdens {naam} wordt niet apart getoond: {reason}.",
        "en": "{Measure} in {sector} in {gebied} during {naam} is not shown separately: {reason}.",
    },
    "events_not_estimable": {
        "nl": "Voor {sector} in {gebied} tijdens {naam} is geen effect te berekenen: {reason}.",
        "en": "No effect can be computed for {sector} in {gebied} during {naam}: {reason}.",
    },
    "events_no_effect": {"nl": "geen meetbaar effect", "en": "no measurable effect"},
    "events_reason_no_series": {"nl": "er is geen reeks voor dit gebied", "en": "there is no series for this area"},
    "events_reason_no_controls": {"nl": "er zijn geen controlegebieden over", "en": "no control areas are left"},
    "events_reason_no_data": {"nl": "er zijn geen waarden op de dagen van het evenement",
                              "en": "there are no values on the event's days"},
    "events_reason_few_baseline": {
        "nl": "te weinig vergelijkbare dagen in de weken ervoor",
        "en": "too few comparable days in the weeks before",
    },
    "business_primary": {
        "nl": "er staan te weinig bedrijven achter of één bedrijf overheerst",
        "en": "too few businesses stand behind it, or one business dominates it",
    },
    "business_secondary": {
        "nl": "anders is een afgeschermde sector terug te rekenen; hij is samengevoegd met een andere sector",
        "en": "otherwise a withheld sector could be worked out; it is combined with another sector",
    },
    "business_few": {"nl": "minder dan {min} bedrijven", "en": "fewer than {min} businesses"},
    "business_dominant": {"nl": "één bedrijf maakt meer dan {share}% van de waarde uit",
                          "en": "one business makes more than {share}% of the value"},
    "business_unknown": {"nl": "aantal bedrijven onbekend", "en": "number of businesses unknown"},
    "events_intro": {
        "nl": "Wat deed een evenement met de omzet van winkels, horeca en hotels in zijn wijk? De omzet tijdens het "
              "evenement wordt vergeleken met wat te verwachten was: dezelfde weekdagen in de weken ervoor, "
              "gecorrigeerd voor wat er in de andere wijken gebeurde (verschil-in-verschillen).",
        "en": "What did an event do to the turnover of shops, food and drink and hotels in its district? Turnover "
              "during the event is compared with what was to be expected: the same weekdays in the weeks before, "
              "corrected for what happened in the other districts (difference-in-differences).",
    },
    "events_choose": {"nl": "Evenement", "en": "Event"},
    "events_sector": {"nl": "Sector", "en": "Sector"},
    "events_weeks": {"nl": "Weken basisperiode", "en": "Baseline weeks"},
    "events_weeks_help": {
        "nl": "Het aantal weken vóór het evenement waarvan dezelfde weekdagen de basis vormen (standaard 8).",
        "en": "The number of weeks before the event whose same weekdays form the baseline (default 8).",
    },
    "events_option": {"nl": "{naam} ({gebied}, {period})", "en": "{naam} ({gebied}, {period})"},
    "events_effects_title": {"nl": "Effect per sector", "en": "Effect per sector"},
    "events_timeline_title": {"nl": "Verloop rond {naam}: {sector} in {gebied}",
                              "en": "Around {naam}: {sector} in {gebied}"},
    "events_line_area": {"nl": "{gebied} (werkelijk)", "en": "{gebied} (actual)"},
    "events_line_baseline": {"nl": "Basis: zelfde weekdag, {weeks} weken ervoor",
                             "en": "Baseline: same weekday, {weeks} weeks before"},
    "events_line_expected": {"nl": "Verwacht volgens de controlegebieden", "en": "Expected from the control areas"},
    "events_days_marked": {"nl": "Dagen van het evenement", "en": "Days of the event"},
    "events_periods_marked": {"nl": "Periode van het evenement", "en": "Period of the event"},
    "events_line_baseline_periods": {"nl": "Basis: de {n} {periods} ervoor", "en": "Baseline: the {n} {periods} "
                                                                                  "before"},
    "events_axis_value_period": {"nl": "Waarde per {period}", "en": "Value per {period}"},
    "events_axis_date": {"nl": "Datum", "en": "Date"},
    "events_axis_value": {"nl": "Omzet per dag", "en": "Turnover per day"},
    "events_timeline_hidden": {
        "nl": "{count} dagen van {gebied} zijn niet getekend: daar staan te weinig bedrijven achter de waarde.",
        "en": "{count} days of {gebied} are not drawn: too few businesses stand behind the value.",
    },
    "events_controls": {"nl": "Controlegebieden: {names}.", "en": "Control areas: {names}."},
    "events_map_title": {"nl": "Effect van {naam} op {sector} per wijk (%)",
                         "en": "Effect of {naam} on {sector} per district (%)"},
    "events_map_caption": {
        "nl": "Elke wijk is vergeleken met dezelfde controlegebieden als het evenement zelf; een effect in de "
              "buurwijken wijst op uitstraling. Wijken zonder meetbaar effect staan zo in de tooltip.",
        "en": "Each district is compared with the same control areas as the event itself; an effect in the "
              "neighbouring districts points to spill-over. Districts without a measurable effect say so in "
              "the tooltip.",
    },
    "events_map_other_areas": {
        "nl": "De kaart toont wijken; dit evenement ligt in een gebied van een ander niveau.",
        "en": "The map shows districts; this event lies in an area of another level.",
    },
    "events_map_note": {"nl": "niet getoond waar minder dan {min} bedrijven of één bedrijf overheerst",
                        "en": "not shown where fewer than {min} businesses or one business dominates"},
    "events_ranking_title": {"nl": "Alle evenementen naar effect", "en": "All events by effect"},
    "events_axis_effect": {"nl": "Effect (%), met 95%-interval", "en": "Effect (%), with 95% interval"},
    "events_measurable": {"nl": "meetbaar effect", "en": "measurable effect"},
    "events_col_event": {"nl": "Evenement", "en": "Event"},
    "events_col_sector": {"nl": "Sector", "en": "Sector"},
    "events_col_area": {"nl": "Gebied", "en": "Area"},
    "events_col_effect": {"nl": "Effect (%)", "en": "Effect (%)"},
    "events_col_interval": {"nl": "95%-interval", "en": "95% interval"},
    "events_col_amount": {"nl": "Effect (bedrag)", "en": "Effect (amount)"},
    "events_col_days": {"nl": "Dagen", "en": "Days"},
    "events_col_weeks": {"nl": "Weken", "en": "Weeks"},
    "events_col_months": {"nl": "Maanden", "en": "Months"},
    "events_col_quarters": {"nl": "Kwartalen", "en": "Quarters"},
    "events_col_amount_units": {"nl": "Effect (in de eenheid van de reeks)", "en": "Effect (in the series' unit)"},
    "events_col_verdict": {"nl": "Uitkomst", "en": "Verdict"},
    "events_verdict_higher": {"nl": "hoger", "en": "higher"},
    "events_verdict_lower": {"nl": "lager", "en": "lower"},
    "events_verdict_none": {"nl": "geen meetbaar effect", "en": "no measurable effect"},
    "events_verdict_withheld": {"nl": "niet getoond", "en": "not shown"},
    "events_verdict_not_estimable": {"nl": "niet te berekenen", "en": "cannot be computed"},
    "events_withheld_title": {"nl": "Wat niet getoond wordt", "en": "What is not shown"},
    "events_withheld_rule": {
        "nl": "Omzet is bedrijfsgevoelig: een wijk × sector × dag met minder dan {min} bedrijven, of waarin één "
              "bedrijf meer dan {share}% van de omzet maakt, wordt nooit apart getoond. Effecten worden dan op een "
              "samenvoeging van sectoren berekend.",
        "en": "Turnover is business-sensitive: a district × sector × day with fewer than {min} businesses, or in "
              "which one business makes more than {share}% of the turnover, is never shown separately. Effects are "
              "then computed on a combination of sectors.",
    },
    "events_withheld_item": {"nl": "{naam}: {sector} in {gebied}: {reason}.",
                             "en": "{naam}: {sector} in {gebied}: {reason}."},
    "events_withheld_none": {"nl": "Niets afgeschermd.", "en": "Nothing withheld."},
    "events_dominance_unchecked": {
        "nl": "Overheersing door één bedrijf is niet gecontroleerd: de reeks heeft geen kolom 'grootste'.",
        "en": "Dominance by one business was not checked: the series has no column 'grootste'.",
    },
    "events_method_periods": {
        "nl": "Methode: verschil-in-verschillen op logschaal tegen de som van de controlegebieden; een reeks per "
              "{period} heeft als basis de {n} {periods} ervoor (perioden van andere evenementen weggelaten): de "
              "seizoensbeweging die alle gebieden delen zit in de controlegebieden. Interval: 95%, block-bootstrap "
              "van de ruis vóór het evenement.",
        "en": "Method: difference-in-differences on a log scale against the sum of the control areas; a series per "
              "{period} has the {n} {periods} before as baseline (other events' periods left out): the seasonal "
              "movement all areas share is in the controls. Interval: 95%, block bootstrap of the noise before the "
              "event.",
    },
    "period_week": {"nl": "week", "en": "week"},
    "period_weeks": {"nl": "weken", "en": "weeks"},
    "period_month": {"nl": "maand", "en": "month"},
    "period_months": {"nl": "maanden", "en": "months"},
    "period_quarter": {"nl": "kwartaal", "en": "quarter"},
    "period_quarters": {"nl": "kwartalen", "en": "quarters"},
    "events_method": {
        "nl": "Methode: verschil-in-verschillen op logschaal tegen de som van de controlegebieden, met als basis "
              "dezelfde weekdagen in de {weeks} weken ervoor (dagen van andere evenementen weggelaten). Interval: "
              "95%, block-bootstrap van de dagelijkse ruis vóór het evenement. Een verandering in de hele stad op "
              "dezelfde dagen (feestdag, weer) telt niet als effect.",
        "en": "Method: difference-in-differences on a log scale against the sum of the control areas, with the "
              "same weekdays in the {weeks} weeks before as baseline (other events' days left out). Interval: 95%, "
              "block bootstrap of the daily noise before the event. A citywide change on the same days (holiday, "
              "weather) does not count as effect.",
    },
    "events_no_data": {
        "nl": "Er zijn geen evenementen om te tonen: maak de demodata opnieuw (python cli.py demo --out data/demo).",
        "en": "There are no events to show: generate the demo data again (python cli.py demo --out data/demo).",
    },
    "events_error": {"nl": "De evenementen kunnen niet worden gelezen: {error}.",
                     "en": "The events cannot be read: {error}."},
    "themes_choose": {"nl": "Thema's van uw eigen kolommen (waar de kaart ze toont)",
                      "en": "Themes of your own columns (where the map lists them)"},
    "events_upload_title": {"nl": "Eigen evenementen en reeksen", "en": "Your own events and series"},
    "events_upload_help": {
        "nl": "Upload een tabel met evenementen (naam, start, eind, gebied) en een reeks per dag (datum, gebied, "
              "sector, waarde, en bedrijven voor de geheimhouding), als CSV, XLSX of Parquet, zoals cli.py events "
              "ze leest. Gebieden zijn wijk- of buurtcodes; de kaart gebruikt de grenzen van deze sessie (de demo "
              "of wat u op Gegevens uploadde) waarin de meeste gebieden staan.",
        "en": "Upload a table of events (naam, start, eind, gebied) and a daily series (datum, gebied, sector, "
              "waarde, and bedrijven for confidentiality), as CSV, XLSX or Parquet, as cli.py events reads them. "
              "Areas are wijk or buurt codes; the map uses this session's boundaries (the demo or what you "
              "uploaded on Gegevens) that hold most of the areas.",
    },
    "events_upload_events": {"nl": "Evenementen", "en": "Events"},
    "events_upload_series": {"nl": "Reeks (waarden per dag, week, maand of kwartaal)",
                             "en": "Series (values per day, week, month or quarter)"},
    "events_upload_both": {
        "nl": "Upload zowel de evenementen als de reeks; tot dan wordt niets getoond, ook de demo niet.",
        "en": "Upload both the events and the series; until then nothing is shown, not the demo either.",
    },
    "events_no_boundaries": {
        "nl": "Geen grenzen in deze sessie bevatten de gebieden van de evenementen: de effecten zijn gemeten zonder "
              "kaart, en buurgebieden zijn niet uit de controlegebieden gelaten. Upload de grenzen op de pagina "
              "Gegevens voor de kaart en de namen van de gebieden.",
        "en": "No boundaries in this session hold the events' areas: the effects were measured without a map, and "
              "neighbouring areas were not left out of the controls. Upload the boundaries on the Gegevens page "
              "for the map and the areas' names.",
    },
}



# Target groups (issue #17): indicators/analysis/rates.py, indicators/analysis/models.py, maps/target_groups.py and the
# Doelgroepen page.
TARGET_GROUPS = {
    "page_target_groups": {"nl": "Doelgroepen", "en": "Target groups"},
    # groups in words (indicators.analysis.rates.group_words): group_<column>_<value>
    "group_generic": {"nl": "{column} {value}", "en": "{column} {value}"},
    "group_everyone": {"nl": "Iedereen", "en": "Everyone"},
    "group_leeftijdsklasse_0-17": {"nl": "Kinderen tot 18 jaar", "en": "Children under 18"},
    "group_leeftijdsklasse_18-26": {"nl": "Jongeren tot 27 jaar", "en": "Young people under 27"},
    "group_leeftijdsklasse_27-44": {"nl": "Mensen van 27 tot 45 jaar", "en": "People aged 27 to 44"},
    "group_leeftijdsklasse_45-66": {"nl": "Mensen van 45 jaar tot de AOW-leeftijd",
                                    "en": "People aged 45 to pension age"},
    "group_leeftijdsklasse_67+": {"nl": "Mensen van 67 jaar en ouder", "en": "People aged 67 and over"},
    "group_geslacht_man": {"nl": "Mannen", "en": "Men"},
    "group_geslacht_vrouw": {"nl": "Vrouwen", "en": "Women"},
    "group_traject_begeleiding": {"nl": "Mensen met begeleiding", "en": "People with coaching"},
    "group_traject_scholing": {"nl": "Mensen met scholing", "en": "People with training"},
    "group_traject_werkstage": {"nl": "Mensen met een werkstage", "en": "People with a work placement"},
    "group_traject_loonkostensubsidie": {"nl": "Mensen met loonkostensubsidie", "en": "People with a wage subsidy"},
    "group_huishoudtype_alleenstaand": {"nl": "Alleenstaanden", "en": "Single people"},
    "group_huishoudtype_paar zonder kinderen": {"nl": "Paren zonder kinderen", "en": "Couples without children"},
    "group_huishoudtype_paar met kinderen": {"nl": "Paren met kinderen", "en": "Couples with children"},
    "group_huishoudtype_eenoudergezin": {"nl": "Eenoudergezinnen", "en": "Single-parent families"},
    "group_uitkeringsduur_< 1 jaar": {"nl": "Mensen korter dan een jaar in de bijstand",
                                      "en": "People on social assistance for less than a year"},
    "group_uitkeringsduur_1-3 jaar": {"nl": "Mensen een tot drie jaar in de bijstand",
                                      "en": "People on social assistance for one to three years"},
    "group_uitkeringsduur_3+ jaar": {"nl": "Mensen drie jaar of langer in de bijstand",
                                     "en": "People on social assistance for three years or more"},
    "group_uitkeringsduur_geen bijstand": {"nl": "Mensen zonder bijstand", "en": "People without social assistance"},
    "group_arbeidspositie_zzp": {"nl": "Zzp'ers", "en": "Self-employed"},
    "group_arbeidspositie_werknemer": {"nl": "Werknemers", "en": "Employees"},
    "group_arbeidspositie_bijstand": {"nl": "Mensen in de bijstand", "en": "People on social assistance"},
    "group_arbeidspositie_geen betaald werk": {"nl": "Mensen zonder betaald werk", "en": "People without paid work"},
    # sentences for groups that differ (indicators.analysis.rates.differing_sentences)
    "rates_sentence": {"nl": "{group} {verb}: {rate} ({interval}) tegen {overall} gemiddeld",
                       "en": "{group} {verb}: {rate} ({interval}) against {overall} on average"},
    "rates_verb_werk_higher": {"nl": "stromen vaker uit naar werk", "en": "move into work more often"},
    "rates_verb_werk_lower": {"nl": "stromen minder vaak uit naar werk", "en": "move into work less often"},
    "rates_verb_bijstand_higher": {"nl": "zijn vaker in de bijstand", "en": "receive social assistance more often"},
    "rates_verb_bijstand_lower": {"nl": "zijn minder vaak in de bijstand",
                                  "en": "receive social assistance less often"},
    "rates_verb_zzp_higher": {"nl": "zijn vaker zzp'er", "en": "are self-employed more often"},
    "rates_verb_zzp_lower": {"nl": "zijn minder vaak zzp'er", "en": "are self-employed less often"},
    "rates_verb_jeugdzorg_higher": {"nl": "krijgen vaker jeugdzorg", "en": "receive youth care more often"},
    "rates_verb_jeugdzorg_lower": {"nl": "krijgen minder vaak jeugdzorg", "en": "receive youth care less often"},
    "rates_verb_generic_higher": {"nl": "— aandeel {measure} hoger", "en": "— share of {measure} higher"},
    "rates_verb_generic_lower": {"nl": "— aandeel {measure} lager", "en": "— share of {measure} lower"},
    # measures in words (the page's choices and titles)
    "tg_measure_werk": {"nl": "werk binnen 12 maanden", "en": "work within 12 months"},
    "tg_measure_werk_binnen_12_maanden": {"nl": "werk binnen 12 maanden", "en": "work within 12 months"},
    "tg_measure_aantal": {"nl": "personen", "en": "persons"},
    "tg_measure_bijstand": {"nl": "bijstand", "en": "social assistance"},
    "tg_measure_zzp": {"nl": "zzp'ers", "en": "self-employed"},
    "tg_measure_jeugdzorg": {"nl": "jeugdzorg", "en": "youth care"},
    "tg_column_leeftijdsklasse": {"nl": "leeftijd", "en": "age"},
    "tg_column_traject": {"nl": "traject", "en": "trajectory"},
    "tg_column_geslacht": {"nl": "geslacht", "en": "sex"},
    "tg_column_huishoudtype": {"nl": "huishouden", "en": "household"},
    "tg_column_uitkeringsduur": {"nl": "uitkeringsduur", "en": "time on benefits"},
    "tg_column_arbeidspositie": {"nl": "arbeidspositie", "en": "labour position"},
    "tg_column_code": {"nl": "gebied", "en": "area"},
    # charts (maps.target_groups)
    "tg_differs": {"nl": "wijkt af van het gemiddelde", "en": "differs from the average"},
    "tg_not_differs": {"nl": "niet duidelijk anders", "en": "not clearly different"},
    "tg_rates_subtitle": {"nl": "Punt: percentage; lijn: 95%-interval (Wilson); stippellijn: gemiddeld {overall}",
                          "en": "Dot: percentage; line: 95% interval (Wilson); dashed line: average {overall}"},
    "tg_overall_secret": {"nl": "Het gemiddelde is geheim.", "en": "The average is secret."},
    "tg_overall_label": {"nl": "gemiddeld {rate}", "en": "average {rate}"},
    "tg_groups_secret": {"nl": "{count} groep(en) niet getoond: minder dan {min} personen of geheim in de tabel",
                         "en": "{count} group(s) not shown: fewer than {min} persons or withheld in the table"},
    "tg_axis_rate": {"nl": "Percentage (%)", "en": "Percentage (%)"},
    "tg_col_group": {"nl": "Groep", "en": "Group"},
    "tg_col_median": {"nl": "Helft uit na (maanden)", "en": "Half out after (months)"},
    "tg_col_out_12": {"nl": "Uit na 12 maanden", "en": "Out after 12 months"},
    "tg_col_durable": {"nl": "Duurzaam uitgestroomd", "en": "Left durably"},
    "tg_col_reentry": {"nl": "Binnen een jaar terug", "en": "Back within a year"},
    "tg_col_persons": {"nl": "Personen", "en": "Persons"},
    "tg_col_area": {"nl": "Gebied", "en": "Area"},
    "tg_axis_share": {"nl": "Aandeel (%)", "en": "Share (%)"},
    "tg_composition_left_out": {"nl": "{count} gebied(en) niet getoond: hun totaal is geheim",
                                "en": "{count} area(s) not shown: their total is secret"},
    "tg_axis_zzp": {"nl": "Zzp'ers (% van 18-66 jaar)", "en": "Self-employed (% of aged 18-66)"},
    "tg_axis_income": {"nl": "Gemiddeld inkomen (€)", "en": "Mean income (€)"},
    "tg_income_zzp": {"nl": "zzp'ers", "en": "self-employed"},
    "tg_income_all": {"nl": "alle 18-66-jarigen", "en": "everyone aged 18-66"},
    "tg_zzp_title": {"nl": "Zzp'ers per wijk: aandeel en gemiddeld inkomen",
                     "en": "Self-employed per district: share and mean income"},
    "tg_zzp_secret": {"nl": "{count} waarde(n) geheim en niet getoond", "en": "{count} value(s) secret and not shown"},
    "tg_reference": {"nl": "referentie", "en": "reference"},
    "tg_estimate": {"nl": "odds ratio met 95%-interval", "en": "odds ratio with 95% interval"},
    "tg_axis_odds": {"nl": "Odds ratio (logschaal; 1 = gelijk aan de referentie)",
                     "en": "Odds ratio (log scale; 1 = same as the reference)"},
    "tg_forest_title": {"nl": "Wat hangt samen met {outcome}?", "en": "What goes with {outcome}?"},
    "tg_forest_subtitle": {"nl": "Logistische regressie, {n} personen; elke factor bij gelijke andere factoren",
                           "en": "Logistic regression, {n} persons; each factor with the others held equal"},
    # the page
    "tg_intro": {
        "nl": "Wie zijn de mensen achter de cijfers, en voor wie werkt beleid? Deze pagina leest lange tabellen met "
              "groepen (zoals 'python cli.py aggregate' ze maakt) en laat percentages per groep met hun "
              "onzekerheid zien. Cellen met minder dan {min} personen worden nooit getoond.",
        "en": "Who are the people behind the figures, and for whom does policy work? This page reads long tables "
              "with groups (as 'python cli.py aggregate' writes them) and shows percentages per group with their "
              "uncertainty. Cells with fewer than {min} persons are never shown.",
    },
    "tg_question_title": {"nl": "Voor wie werkt re-integratie?", "en": "For whom does re-integration work?"},
    "tg_question_answer": {
        "nl": "Van de {n} mensen in een re-integratietraject had {overall} binnen 12 maanden werk. Zo verschillen "
              "de groepen:",
        "en": "Of the {n} people in a re-integration trajectory, {overall} had work within 12 months. This is how "
              "the groups differ:",
    },
    "tg_no_difference": {"nl": "Geen groep wijkt duidelijk af van het gemiddelde ({column}).",
                         "en": "No group clearly differs from the average ({column})."},
    "tg_nothing_compared": {"nl": "Geen groep van {column} kan worden getoond (te klein of geheim in de tabel), "
                                  "dus er is niets vergeleken.",
                            "en": "No group of {column} can be shown (too small or withheld in the table), so "
                                  "nothing was compared."},
    "tg_table": {"nl": "Tabel", "en": "Table"},
    "tg_upload": {"nl": "Of upload een lange tabel (CSV, XLSX of Parquet, zoals aggregate hem schrijft), met de "
                        ".datapackage.json ernaast voor de namen van de kolommen",
                  "en": "Or upload a long table (CSV, XLSX or Parquet, as aggregate writes it), with the "
                        ".datapackage.json beside it for the names of its columns"},
    "tg_upload_one_table": {"nl": "upload één tabel, en eventueel de .datapackage.json die erbij hoort.",
                            "en": "upload one table, and its .datapackage.json if it has one."},
    "tg_table_upload_shown": {"nl": "Uw tabel wordt in elke sectie getoond; verwijder de upload om de demotabellen "
                                    "te zien.",
                              "en": "Your table is shown in every section; remove the upload to see the demo "
                                    "tables."},
    "tg_rates_one_count": {"nl": "de tabel heeft maar één aantal; een percentage per groep vraagt een aantal met "
                                 "de uitkomst en een aantal van allen. Maak de tabel met --measure NAAM=sum:KOLOM",
                           "en": "the table has only one count; a percentage per group needs a count with the "
                                 "outcome and a count of everyone. Make the table with --measure NAME=sum:COLUMN"},
    "tg_rates_own_title": {"nl": "Percentages per groep in uw tabel", "en": "Percentages per group in your table"},
    "tg_upload_error": {"nl": "Deze tabel kan niet worden gebruikt: {error}.",
                        "en": "This table cannot be used: {error}."},
    "tg_upload_no_groups": {
        "nl": "Deze tabel heeft geen groepskolommen met de waarde 'Totaal'; maak hem met python cli.py aggregate.",
        "en": "This table has no group columns with the value 'Totaal'; make it with python cli.py aggregate.",
    },
    "tg_numerator": {"nl": "Teller (personen met de uitkomst)", "en": "Numerator (persons with the outcome)"},
    "tg_denominator": {"nl": "Noemer (alle personen)", "en": "Denominator (all persons)"},
    "tg_by": {"nl": "Groepen", "en": "Groups"},
    "tg_cross": {"nl": "Groepen kruisen", "en": "Cross the groups"},
    "tg_level": {"nl": "Niveau", "en": "Level"},
    "tg_rates_title": {"nl": "{measure} naar {column}", "en": "{measure} by {column}"},
    "tg_rates_error": {"nl": "Geen percentages te berekenen: {error}.",
                       "en": "No percentages can be computed: {error}."},
    "tg_rates_method": {
        "nl": "Percentages van de gepubliceerde (afgeronde) aantallen; 95%-interval volgens Wilson (statsmodels). "
              "Een groep 'wijkt af' als het gemiddelde buiten haar interval ligt. Een groep met minder dan {min} "
              "personen, {min} met of {min} zonder de uitkomst, of met een geheime cel, wordt niet getoond.",
        "en": "Percentages of the published (rounded) counts; 95% interval by Wilson (statsmodels). A group "
              "'differs' when the average lies outside its interval. A group with fewer than {min} persons, {min} "
              "with or {min} without the outcome, or with a secret cell, is not shown.",
    },
    "tg_composition_title": {"nl": "Samenstelling per wijk", "en": "Composition per district"},
    "tg_composition_measure": {"nl": "Doelgroep", "en": "Target group"},
    "tg_composition_group": {"nl": "Verdeeld naar", "en": "Split by"},
    "tg_composition_chart": {"nl": "{measure} naar {column}, per wijk", "en": "{measure} by {column}, per district"},
    "tg_composition_map_group": {"nl": "Kaart van de groep", "en": "Map of the group"},
    "tg_composition_map_title": {"nl": "{group}: aandeel in {measure} (%)", "en": "{group}: share of {measure} (%)"},
    "tg_composition_note": {"nl": "aandeel van de doelgroep in de wijk; geheim waar minder dan {min} personen",
                            "en": "share of the target group in the district; secret where fewer than {min} persons"},
    "tg_composition_sentence": {
        "nl": "{group}: grootste aandeel in {high} ({high_pct}), kleinste in {low} ({low_pct}).",
        "en": "{group}: largest share in {high} ({high_pct}), smallest in {low} ({low_pct}).",
    },
    "tg_composition_none": {"nl": "Deze tabel heeft geen wijkcijfers voor een samenstelling.",
                            "en": "This table has no district figures for a composition."},
    "tg_group_section": {"nl": "Eén groep per wijk: aandeel en gemiddeld bedrag",
                         "en": "One group per district: share and mean amount"},
    "tg_group_intro": {
        "nl": "Kies een groepskolom en een waarde van uw tabel (zoals de zzp'ers), het aantal waarvan het "
              "aandeel wordt berekend en, als de tabel er een heeft, een gemiddeld bedrag om met iedereen te "
              "vergelijken.",
        "en": "Choose a group column and a value of your table (such as the self-employed), the "
              "count whose share is computed and, where the table has one, a mean amount to compare with "
              "everyone.",
    },
    "tg_group_column": {"nl": "Groepskolom", "en": "Group column"},
    "tg_group_value": {"nl": "Groep", "en": "Group"},
    "tg_group_amount": {"nl": "Gemiddeld bedrag", "en": "Mean amount"},
    "tg_group_no_amount": {"nl": "(geen)", "en": "(none)"},
    "tg_group_title": {"nl": "{who} per wijk: aandeel en gemiddeld bedrag",
                       "en": "{who} per district: share and mean amount"},
    "tg_group_axis_share": {"nl": "{who} (% van {measure})", "en": "{who} (% of {measure})"},
    "tg_group_everyone": {"nl": "iedereen", "en": "everyone"},
    "tg_group_reading_share": {"nl": "Het hoogste aandeel {who} woont in {top} ({share}).",
                               "en": "The highest share of {who} lives in {top} ({share})."},
    "tg_group_reading_amount": {"nl": "{amount}: {value} voor {who} tegen {all} voor iedereen in de gemeente.",
                                "en": "{amount}: {value} for {who} against {all} for everyone in the municipality."},
    "tg_own_no_boundaries": {
        "nl": "Geen grenzen in deze sessie bevatten de wijken van uw tabel, dus er is geen kaart; de wijken staan "
              "er met hun code. Upload de grenzen op de pagina Gegevens voor de kaart en de namen.",
        "en": "No boundaries in this session hold your table's districts, so there is no map; districts are "
              "shown by their code. Upload the boundaries on the Gegevens page for the map and the names.",
    },
    "tg_zzp_section": {"nl": "Zzp'ers: waar ze wonen en wat ze verdienen",
                       "en": "Self-employed: where they live and what they earn"},
    "tg_zzp_map_title": {"nl": "Zzp'ers (% van 18-66 jaar)", "en": "Self-employed (% of aged 18-66)"},
    "tg_zzp_note": {"nl": "geheim waar minder dan {min} personen", "en": "secret where fewer than {min} persons"},
    "tg_zzp_reading": {
        "nl": "De meeste zzp'ers wonen in {top} ({share}); gemiddeld is {overall}. Zzp'ers verdienen gemiddeld "
              "€ {zzp} tegen € {all} voor alle 18-66-jarigen.",
        "en": "Most self-employed live in {top} ({share}); the average is {overall}. The self-employed earn € {zzp} "
              "on average against € {all} for everyone aged 18-66.",
    },
    "tg_durations_section": {"nl": "Hoe snel en hoe duurzaam", "en": "How fast, and how durably"},
    "tg_durations_intro": {
        "nl": "Hoe lang mensen in de uitkering blijven, per groep: het aandeel dat er na elke maand nog in zit "
              "(Kaplan-Meier, met 95%-interval), hoe snel de helft eruit is, wie duurzaam uitstroomt (een maand later "
              "werk en geen uitkering) en wie binnen een jaar terugkomt. Gemaakt binnen de beveiligde omgeving "
              "(python cli.py durations); de lijn stopt waar te weinig mensen overblijven.",
        "en": "How long people stay on benefit, per group: the share still in after each month (Kaplan-Meier, with "
              "a 95% interval), how fast half have left, who leaves durably (work and no benefit a month later) and "
              "who is back within a year. Made inside the secure environment (python cli.py durations); the line "
              "stops where too few remain.",
    },
    "tg_durations_kind": {"nl": "Wat telt als uitstroom", "en": "What counts as leaving"},
    "tg_durations_kind_end": {"nl": "Uit de uitkering (elke reden)", "en": "Off benefit (any reason)"},
    "tg_durations_kind_werk": {"nl": "Naar werk", "en": "Into work"},
    "tg_durations_upload": {"nl": "Of open een eigen uitkomst (JSON van python cli.py durations)",
                            "en": "Or open your own result (JSON from python cli.py durations)"},
    "tg_durations_error": {"nl": "Deze uitkomst kan niet worden gelezen: {error}.",
                           "en": "This result cannot be read: {error}."},
    "tg_durations_own": {
        "nl": "Naast uw eigen tabel worden de duren van de demo niet getoond. Open hierboven de uitkomst van uw "
              "eigen uitkeringsperioden (python cli.py durations ... --out duur.json).",
        "en": "Beside your own table the demo's durations are not shown. Open the result of your own benefit spells "
              "above (python cli.py durations ... --out duur.json).",
    },
    "tg_durations_title": {"nl": "Aandeel nog in de uitkering, per {column}",
                           "en": "Share still on benefit, by {column}"},
    "tg_durations_title_event": {"nl": "Aandeel nog niet uitgestroomd naar {value}, per {column}",
                                 "en": "Share not yet out into {value}, by {column}"},
    "tg_durations_axis_months": {"nl": "Maanden sinds de start", "en": "Months since the start"},
    "tg_durations_axis_share": {"nl": "Nog in de uitkering (%)", "en": "Still on benefit (%)"},
    "tg_durations_axis_share_event": {"nl": "Nog niet uitgestroomd naar {value} (%)",
                                      "en": "Not yet out into {value} (%)"},
    "tg_durations_subtitle": {"nl": "Kaplan-Meier met 95%-interval; alleen maanden met genoeg uitstroom getoond",
                              "en": "Kaplan-Meier with 95% interval; only months with enough leavers shown"},
    "tg_dur_out_end": {"nl": "uit de uitkering", "en": "off benefit"},
    "tg_dur_out_event": {"nl": "uitgestroomd naar {value}", "en": "out into {value}"},
    "tg_dur_median": {"nl": "{group}: de helft is na {months} maanden {out} (95%-interval {low} tot {high} maanden).",
                      "en": "{group}: half are {out} after {months} months (95% interval {low} to {high} months)."},
    "tg_dur_no_median": {"nl": "{group}: minder dan de helft is binnen {months} maanden {out}.",
                         "en": "{group}: fewer than half are {out} within {months} months."},
    "tg_dur_twelve": {"nl": "Na 12 maanden {share} ({low}–{high}%).", "en": "After 12 months {share} ({low}–{high}%)."},
    "tg_dur_durable": {"nl": "Duurzaam uitgestroomd (een maand later werk en geen uitkering): {share} "
                             "({low}–{high}%).",
                       "en": "Left durably (work and no benefit a month later): {share} ({low}–{high}%)."},
    "tg_dur_reentry": {"nl": "Binnen een jaar terug in de uitkering: {share} ({low}–{high}%).",
                       "en": "Back on benefit within a year: {share} ({low}–{high}%)."},
    "tg_dur_faster": {"nl": "{group} zijn {ratio} keer zo snel {out} als {reference} (95%-interval {low} tot "
                            "{high}).",
                      "en": "{group} are {out} {ratio} times as fast as {reference} (95% interval {low} to {high})."},
    "tg_dur_slower": {"nl": "{group} zijn langzamer {out} dan {reference}: {ratio} keer zo snel (95%-interval {low} "
                            "tot {high}).",
                      "en": "{group} are {out} more slowly than {reference}: {ratio} times as fast (95% interval "
                            "{low} to {high})."},
    "tg_for_whom_section": {"nl": "Wat werkt voor wie", "en": "What works for whom"},
    "tg_for_whom_intro": {
        "nl": "Het effect van een traject verschilt per groep: per groep de kans op de uitkomst bij elk traject, "
              "tegen het referentietraject (odds ratio met 95%-interval), uit een model met een interactie "
              "(python cli.py model --interaction traject:leeftijdsklasse).",
        "en": "A trajectory's effect differs per group: per group the odds of the outcome with each trajectory, "
              "against the reference trajectory (odds ratio with 95% interval), from a model with an interaction "
              "(python cli.py model --interaction traject:leeftijdsklasse).",
    },
    "tg_for_whom_title": {"nl": "Wat werkt voor wie: {first} per {second}", "en": "What works for whom: {first} by "
                                                                                   "{second}"},
    "tg_model_section": {"nl": "Waarom: welke kenmerken tellen mee?", "en": "Why: which characteristics matter?"},
    "tg_model_intro_own": {
        "nl": "Een logistisch model weegt alle kenmerken tegelijk: het effect van elk kenmerk bij gelijke andere "
              "kenmerken. Het is binnen de beveiligde omgeving gemaakt (python cli.py model); alleen de "
              "gecontroleerde uitkomst staat hier.",
        "en": "A logistic model weighs all characteristics at once: the effect of each with the others equal. It "
              "was made inside the secure environment (python cli.py model); only the checked result is shown here.",
    },
    "tg_model_intro": {
        "nl": "Een logistisch model weegt alle kenmerken tegelijk: het effect van leeftijd bij gelijk traject, "
              "huishouden en uitkeringsduur. Het is binnen de beveiligde omgeving gemaakt (python cli.py model); "
              "alleen de gecontroleerde uitkomst staat hier.",
        "en": "A logistic model weighs all characteristics at once: the effect of age with trajectory, household "
              "and time on benefits held equal. It was made inside the secure environment (python cli.py model); "
              "only the checked result is shown here.",
    },
    "tg_model_upload": {"nl": "Of open een eigen modeluitkomst (JSON van python cli.py model)",
                        "en": "Or open your own model result (JSON from python cli.py model)"},
    "tg_model_error": {"nl": "Deze modeluitkomst kan niet worden gelezen: {error}.",
                       "en": "This model result cannot be read: {error}."},
    "tg_model_none": {"nl": "Er is geen modeluitkomst: maak de demodata opnieuw (python cli.py demo --out data/demo).",
                      "en": "There is no model result: generate the demo data again (python cli.py demo --out "
                            "data/demo)."},
    "tg_model_own": {
        "nl": "Naast uw eigen tabel wordt de modeluitkomst van de demo niet getoond. Open hierboven de uitkomst van "
              "uw eigen microdata (python cli.py model ... --out model.json).",
        "en": "Beside your own table the demo's model result is not shown. Open the result of your own microdata "
              "above (python cli.py model ... --out model.json).",
    },
    "tg_model_higher": {
        "nl": "{group} hebben een {ratio} keer zo grote kans op {outcome} als {reference} (95%-interval {low} tot "
              "{high}).",
        "en": "{group} have {ratio} times the odds of {outcome} of {reference} (95% interval {low} to {high}).",
    },
    "tg_model_lower": {
        "nl": "{group} hebben een kleinere kans op {outcome} dan {reference}: {ratio} keer zo groot (95%-interval "
              "{low} tot {high}).",
        "en": "{group} have lower odds of {outcome} than {reference}: {ratio} times as high (95% interval {low} to "
              "{high}).",
    },
    "tg_model_unclear": {
        "nl": "Voor {group} is geen duidelijk verschil met {reference} te zien (odds ratio {ratio}, 95%-interval "
              "{low} tot {high}).",
        "en": "{group} show no clear difference from {reference} (odds ratio {ratio}, 95% interval {low} to {high}).",
    },
    "tg_model_numeric": {
        "nl": "Per {step} meer {column} is de kans op {outcome} {ratio} keer zo groot (95%-interval {low} tot "
              "{high}).",
        "en": "Per {step} more {column} the odds of {outcome} are {ratio} times as high (95% interval {low} to "
              "{high}).",
    },
    "tg_model_numeric_unclear": {
        "nl": "Met {column} verandert de kans op {outcome} niet duidelijk (odds ratio per {step} meer {ratio}, "
              "95%-interval {low} tot {high}).",
        "en": "The odds of {outcome} show no clear change with {column} (odds ratio per {step} more {ratio}, 95% "
              "interval {low} to {high}).",
    },
    "tg_model_within_best": {
        "nl": "Voor {group} werkt {category} het best: {ratio} keer zo grote kans op {outcome} als {reference} "
              "(95%-interval {low} tot {high}).",
        "en": "For {group}, {category} works best: {ratio} times the odds of {outcome} of {reference} (95% interval "
              "{low} to {high}).",
    },
    "tg_model_within_reference": {
        "nl": "Voor {group} werkt {reference} het best: elke andere {column} heeft een kleinere kans op {outcome}.",
        "en": "For {group}, {reference} works best: every other {column} has lower odds of {outcome}.",
    },
    "tg_model_within_worse": {
        "nl": "Voor {group} werkt geen {column} duidelijk beter dan {reference}; {category} heeft er een kleinere "
              "kans op {outcome}: {ratio} keer zo groot (95%-interval {low} tot {high}).",
        "en": "For {group}, no {column} works clearly better than {reference}; {category} has lower odds of "
              "{outcome} there: {ratio} times as high (95% interval {low} to {high}).",
    },
    "tg_model_within_none": {
        "nl": "Voor {group} is geen duidelijk verschil tussen {column} te zien (de grootste odds ratio, voor "
              "{category}, is {ratio}, 95%-interval {low} tot {high}).",
        "en": "For {group}, no clear difference by {column} is seen (the largest odds ratio, for {category}, is "
              "{ratio}, 95% interval {low} to {high}).",
    },
    "tg_model_reading": {"nl": "Zo lees je het model", "en": "How to read the model"},
    "tg_model_odds_note": {
        "nl": "Een odds ratio boven 1 betekent een grotere kans dan de referentiegroep, onder 1 een kleinere; als het "
              "interval 1 bevat, is er geen duidelijk verschil. Het model laat samenhang zien, geen oorzaak.",
        "en": "An odds ratio above 1 means higher odds than the reference group, below 1 lower odds; when the "
              "interval contains 1 there is no clear difference. The model shows association, not cause.",
    },
    "tg_model_checks": {
        "nl": "Uitvoercontrole: elke categorie heeft minstens {min} personen, {min} met en {min} zonder de uitkomst.",
        "en": "Output checking: every category has at least {min} persons, {min} with and {min} without the "
              "outcome.",
    },
    "tg_model_note": {"nl": "Samengevoegd of weggelaten: {note}", "en": "Merged or withheld: {note}"},
    "tg_save_title": {"nl": "Bewaren voor een presentatie", "en": "Keep for a presentation"},
    "tg_save_which": {"nl": "Grafiek of kaart", "en": "Chart or map"},
    "tg_view_gone": {"nl": "De weergave '{title}' kan niet meer worden getoond: {error}.",
                     "en": "The view '{title}' can no longer be shown: {error}."},
    "tg_download_note": {"nl": "Download de grafiek met titel, bron en datum:",
                         "en": "Download the chart with title, source and date:"},
}



# Slides and exports fit for a steering group (issue #15): maps/slides.py, maps/charts.py, maps/webmap.py,
# indicators/privacy/disclosure.py (plain_note), indicators/core/formatting.py (format_date), ui/screens/presenteren.py.
SLIDES = {
    "plain_rule": {"nl": "Aantallen onder {n} zijn geheim; aantallen afgerond op {r}",
                   "en": "Counts below {n} are secret; counts rounded to {r}"},
    "plain_rounded": {"nl": "Aantallen afgerond op {r}", "en": "Counts rounded to {r}"},
    "legend_merged": {"nl": "Lege klassen samengevoegd: {shown} van {asked} klassen",
                      "en": "Empty classes merged: {shown} of {asked} classes"},
    "slide_scale_m": {"nl": "{n} m", "en": "{n} m"},
    "slide_scale_km": {"nl": "{n} km", "en": "{n} km"},
    "slide_note_more": {"nl": "(volledige notitie in de bijlage)", "en": "(full note in the appendix)"},
    "appendix_title": {"nl": "Bijlage: bronnen en geheimhouding", "en": "Appendix: sources and disclosure control"},
    "appendix_slide": {"nl": "Dia {n}: {title}", "en": "Slide {n}: {title}"},
    "appendix_note": {"nl": "Notitie: {note}", "en": "Note: {note}"},
    "appendix_intro": {
        "nl": "Per dia de volledige bronvermelding, met hoeveel gebieden geheim zijn gehouden.",
        "en": "The full source line of every slide, with how many areas were kept secret.",
    },
    "date_format": {"nl": "{day} {month} {year}", "en": "{day} {month} {year}"},
    "month_1": {"nl": "januari", "en": "January"},
    "month_2": {"nl": "februari", "en": "February"},
    "month_3": {"nl": "maart", "en": "March"},
    "month_4": {"nl": "april", "en": "April"},
    "month_5": {"nl": "mei", "en": "May"},
    "month_6": {"nl": "juni", "en": "June"},
    "month_7": {"nl": "juli", "en": "July"},
    "month_8": {"nl": "augustus", "en": "August"},
    "month_9": {"nl": "september", "en": "September"},
    "month_10": {"nl": "oktober", "en": "October"},
    "month_11": {"nl": "november", "en": "November"},
    "month_12": {"nl": "december", "en": "December"},
    "page_note_label": {"nl": "Notitie", "en": "Note"},
    "deck_again": {
        "nl": "Presentatie '{title}' staat er al, met dezelfde {n} weergaven. Nog een keer importeren maakt er "
              "een kopie van.",
        "en": "Deck '{title}' is already here, with the same {n} views. Importing it again makes a copy.",
    },
    "deck_again_yes": {"nl": "Toch nog een keer importeren", "en": "Import it again anyway"},
    "deck_again_no": {"nl": "Niet importeren, de bestaande tonen", "en": "Do not import, show the existing one"},
}


def _merged(*groups: dict) -> dict:
    """The groups of words as one table; a key in two groups would silently replace the other's words."""
    table: dict = {}
    for words in groups:
        twice = sorted(set(words) & set(table))
        if twice:
            raise ValueError(f"words defined twice in indicators/core/words.py: {', '.join(twice)}")
        table.update(words)
    return table


STRINGS = _merged(APP, ENGINE, ERRORS, REPORT, EVENTS, TARGET_GROUPS, SLIDES)
