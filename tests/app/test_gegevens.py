"""App logic of the Gegevens page: the demo's reports, uploads of boundaries and tables, bad files, downloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.conftest import GM1916_WIJKEN, assert_ok, maps_sent, new_app, open_page, texts
from tests.own_data import own_persons, own_table, with_descriptor

GM1916_CODES = [f"WK1916{n:02d}" for n in range(1, 14)]
ERROR_TAIL = "Controleer het bestand en probeer het opnieuw; de gegevens die al geladen zijn blijven beschikbaar."
OWN_TABLE = "Code;Score\r\nwk191601 ;1,5\r\nWK191602;2,5\r\nWK199999;3\r\n".encode("utf-8-sig")


def _demo_buurten() -> list[str]:
    """The demo's buurt codes, on which own persons are drawn."""
    import geopandas as gpd

    from tests.conftest import DEMO_DATA

    return gpd.read_file(next(DEMO_DATA.glob("wijkenbuurten_*_demo.gpkg")), layer="buurten")["buurtcode"].tolist()


def upload(at, boundaries=None, table=None):
    """Put files in the page's two uploaders (``(name, bytes, mime)`` or None) and press the form's button."""
    at.file_uploader(key="upload_boundaries").set_value(boundaries)
    at.file_uploader(key="upload_table").set_value(table)
    at.button[0].click().run()
    return at


def upload_own_work_by_sex(tmp_path, n: int = 20000, seed: int = 9, rates=None):
    """aggregate's table of own persons (share at work by sex) on the demo's buurten, uploaded with its descriptor.

    Returns the session, on the Gegevens page, and the upload's dataset key.
    """
    persons = own_persons(_demo_buurten(), n, "geslacht", ["man", "vrouw"], "aan_het_werk", seed=seed, rates=rates)
    _, table = own_table(tmp_path, persons, "geslacht", "werk_pct=share:aan_het_werk",
                         {"werk_pct": "Aandeel werkenden"})
    at = open_page(new_app(niveau="wijk").run(), "gegevens")
    upload(at, table=with_descriptor(table))
    return at, at.session_state["dataset"]


def dataset_titles(at) -> list[str]:
    return at.selectbox(key="dataset").options


@pytest.fixture(scope="module")
def gm1916(real_file):
    return (GM1916_WIJKEN, real_file(GM1916_WIJKEN).read_bytes(), "application/geo+json")


@pytest.fixture(scope="module")
def uploaded(gm1916):
    """One session that uploaded the GM1916 wijken (boundaries only) on the Gegevens page."""
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=gm1916)
    assert_ok(at)
    return at


# --- the demo ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_page():
    at = open_page(new_app().run(), "gegevens")
    assert_ok(at)
    return at


def test_demo_wijken_are_listed_marked_synthetic(demo_page):
    table = demo_page.dataframe[0].value
    assert len(table) == 12
    assert table["code"].tolist() == [f"WK9999{n:02d}" for n in range(1, 13)]
    assert list(table.columns[:3]) == ["code", "naam", "Aantal inwoners"]
    assert "Synthetische demodata" in " ".join(texts(demo_page.caption))
    assert texts(demo_page.subheader) == ["Getoonde gegevens: Demostad"]


def test_demo_read_and_join_reports_are_shown(demo_page):
    captions = texts(demo_page.caption)
    assert ("12 gebieden gelezen uit wijkenbuurten_2024_demo.gpkg (EPSG:28992); 0 ongeldige vlakken hersteld, "
            "1 watergebied weggelaten.") in captions  # one: not "1 watergebieden"
    assert "Koppeling met jeugdwerkloosheid_2024_demo.csv: 12 van 72 rijen gekoppeld op code." in captions
    assert "Rijen van een ander niveau overgeslagen: 60 buurten." in captions  # the level in words, as the app says it


def test_buurt_level_and_year_switch_show_the_split_buurt():
    at = open_page(new_app().run(), "gegevens")
    at.radio(key="level").set_value("buurt").run()
    assert_ok(at)
    buurten_2024 = set(at.dataframe[0].value["code"])
    at.selectbox(key="year").set_value(2023).run()
    assert_ok(at)
    buurten_2023 = set(at.dataframe[0].value["code"])
    assert (len(buurten_2024), len(buurten_2023)) == (60, 59)
    assert buurten_2024 - buurten_2023 == {"BU99990606", "BU99990607"}
    assert buurten_2023 - buurten_2024 == {"BU99990601"}


def test_secret_cells_read_geheim_not_a_sentinel():
    at = open_page(new_app(niveau="buurt").run(), "gegevens")
    assert_ok(at)
    table = at.dataframe[0].value.set_index("code")
    assert table.at["BU99990305", "Personen met bijstand"] == "geheim"
    assert (table.loc["BU99990304"] == "geheim").sum() > 10  # the industrial buurt: persons secret
    assert not table.astype(str).apply(lambda column: column.str.contains("9999")).any().any()


def test_downloads_offer_csv_xlsx_and_geopackage_bytes(demo_page, download_bytes):
    # the page ran before the recording storage was in place; run it again to record the files
    demo_page.run()
    assert_ok(demo_page)
    buttons = {button.key: button for button in demo_page.download_button}
    assert [buttons[key].label for key in ("download.csv", "download.xlsx", "download.gpkg")] == [
        "Download als CSV", "Download als XLSX", "Download als GPKG"]
    csv = download_bytes(buttons["download.csv"])
    assert csv.startswith("\ufeffcode;naam;".encode())
    lines = csv.decode("utf-8-sig").splitlines()
    assert sum(line.startswith("WK9999") for line in lines) == 12
    assert download_bytes(buttons["download.xlsx"])[:4] == b"PK\x03\x04"
    assert download_bytes(buttons["download.gpkg"]).startswith(b"SQLite format 3\x00")


# --- uploads -------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_uploaded_boundaries_become_the_selected_dataset(uploaded):
    assert "'wijken_2025_GM1916_subset' is geladen en staat nu als gegevensbron op de kaart." in texts(
        uploaded.success)
    assert dataset_titles(uploaded) == ["Demostad", "wijken_2025_GM1916_subset"]
    assert uploaded.session_state["dataset"].startswith("upload-")
    assert uploaded.query_params["dataset"] == uploaded.session_state["dataset"]
    assert texts(uploaded.subheader) == ["Getoonde gegevens: wijken_2025_GM1916_subset"]
    table = uploaded.dataframe[0].value
    assert table["code"].tolist() == GM1916_CODES
    assert table.set_index("code").at["WK191602", "naam"] == "Prinsenhof"
    assert table["naam"].str.len().gt(0).all()
    assert ("13 gebieden gelezen uit wijken_2025_GM1916_subset.geojson (EPSG:4326); 0 ongeldige vlakken hersteld, "
            "0 watergebieden weggelaten.") in texts(uploaded.caption)
    assert "Synthetische demodata" not in " ".join(texts(uploaded.caption))


def test_an_uploaded_boundary_file_is_read_once(gm1916, monkeypatch):
    """The upload reads the file for its level and year and the first map uses that read: a buurt file
    of the whole country takes one to two seconds per read, which the user waited for twice."""
    from geo import boundaries

    read, real = [], boundaries._read_any
    monkeypatch.setattr(boundaries, "_read_any", lambda path, *args: read.append(Path(path).name) or real(path, *args))
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=gm1916)
    open_page(at, "kaart")
    assert_ok(at)
    assert len(maps_sent(at)[0]["codes"]) == 13  # the upload on the map
    assert read.count(Path(GM1916_WIJKEN).name) == 1


def test_the_kaart_page_then_maps_the_upload(gm1916):
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=gm1916)
    key = at.session_state["dataset"]
    open_page(at, "kaart")
    assert_ok(at)
    assert at.session_state["dataset"] == key
    assert at.selectbox(key="dataset").value == key
    assert at.session_state["level"] == "wijk"
    assert "Synthetische demodata" not in " ".join(texts(at.caption))
    at.text_input(key="search").input("Prinsenhof").run()
    assert_ok(at)
    assert texts(at.subheader) == ["Profiel van Prinsenhof (WK191602)"]
    values = at.dataframe[0].value.set_index("Indicator")
    assert values.at["Aantal inwoners", "Waarde"] == "5.780"
    assert values.at["Aantal inwoners", "Rang"].endswith(" van 13")


def test_an_upload_opens_on_a_figure_it_has_values_for(real_file):
    """The real Ermelo GeoPackage has dozens of empty CBS columns, aantal_inwoners among them: no grey map."""
    at = open_page(new_app().run(), "kaart")
    assert at.session_state["indicator"] == "aantal_inwoners"  # the demo's first figure
    name = "buurten_2021_ermelo_GM0233.gpkg"
    open_page(at, "gegevens")
    upload(at, boundaries=(name, real_file(name).read_bytes(), "application/geopackage+sqlite3"))
    open_page(at, "kaart")
    assert_ok(at)
    chosen = at.session_state["indicator"]
    loaded = at.session_state["dataset"]
    assert loaded.startswith("upload-") and chosen != "aantal_inwoners"
    assert "zonder gegevens" not in " ".join(texts(at.caption)), "the map shows values, not 16 empty buurten"
    # a figure the user chooses stays chosen, also an empty one (the map then says so)
    at.selectbox(key="indicator").set_value("aantal_inwoners").run()
    assert_ok(at)
    assert at.session_state["indicator"] == "aantal_inwoners" and at.session_state["dataset"] == loaded


def test_kwb_figures_of_2024_on_the_wijken_of_2025_are_shown_as_2024(gm1916, real_file):
    """The KWB follows the district map by a year: the year chooser and the titles say the figures' year."""
    name = "kwb2024_85984NED_gm_wk_values.json"
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=gm1916, table=(name, real_file(name).read_bytes(), "application/json"))
    assert_ok(at)
    assert at.session_state["year"] == 2024 and at.selectbox(key="year").options == ["2024"]
    open_page(at, "kaart")
    assert_ok(at)
    assert r"Aantal inwoners \(2024\)" in " ".join(texts(at.caption))  # the map's sentence, Markdown-escaped


def test_boundaries_with_a_table_show_the_join_report(gm1916):
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=gm1916, table=("eigen.csv", OWN_TABLE, "text/csv"))
    assert_ok(at)
    assert not at.error
    assert "Koppeling met eigen.csv: 2 van 3 rijen gekoppeld op code." in texts(at.caption)
    infos = texts(at.info)
    assert "Rijen zonder gebied op de kaart (code onbekend): WK199999." in infos
    (missing,) = [text for text in infos if text.startswith("Gebieden zonder rij in de tabel (krijgen 'geen ")]
    assert all(code in missing for code in GM1916_CODES[2:])
    assert "WK191601" not in missing and "WK191602" not in missing
    scores = at.dataframe[0].value.set_index("code")["Score"]
    assert scores["WK191601"] == "1,5"  # code written "wk191601 " in the table: trimmed and upper-cased
    assert scores["WK191602"] == "2,5"
    assert (scores[GM1916_CODES[2:]] == "geen gegevens").all()


def test_a_table_alone_is_joined_onto_the_current_dataset():
    at = open_page(new_app(indicator="personen_per_soort_uitkering_bijstand").run(), "gegevens")
    table = "Code;Score\nWK999901;1,5\nwk999902 ;2\nWK123456;3\n".encode()
    upload(at, table=("eigen.csv", table, "text/csv"))
    assert_ok(at)
    assert "'Demostad + eigen.csv' is geladen en staat nu als gegevensbron op de kaart." in texts(at.success)
    assert dataset_titles(at) == ["Demostad", "Demostad + eigen.csv"]
    assert (at.session_state["level"], at.session_state["year"]) == ("wijk", 2024)
    assert "Koppeling met eigen.csv: 2 van 3 rijen gekoppeld op code." in texts(at.caption)
    assert "Rijen zonder gebied op de kaart (code onbekend): WK123456." in texts(at.info)
    shown = at.dataframe[0].value.set_index("code")
    assert shown.loc[["WK999901", "WK999902", "WK999903"], "Score"].tolist() == ["1,5", "2,0", "geen gegevens"]
    assert "Jeugdwerkloosheid (%)" in shown.columns  # the demo's own table stays joined
    assert "Synthetische demodata" in " ".join(texts(at.caption))
    # the same map with one more table: the figure the user was looking at stays on it
    assert at.session_state["indicator"] == "personen_per_soort_uitkering_bijstand"


def test_a_table_that_matches_no_area_is_refused_and_the_map_stays(demo_page):
    """It said the table was loaded onto the map, with an empty column; the command line refuses it too."""
    upload(demo_page, table=("ander.csv", "Code;Score\nGM0001;1\nWK123456;2\n".encode(), "text/csv"))
    assert_ok(demo_page)
    assert texts(demo_page.error) == [
        "De tabel 'ander\\.csv' kon niet worden gebruikt: geen rij van de tabel hoort bij een gebied op de kaart. "
        "Controleer of tabel en kaart van dezelfde gemeente en hetzelfde niveau zijn. Controleer het bestand en "
        "probeer het opnieuw; de gegevens die al geladen zijn blijven beschikbaar."]
    assert dataset_titles(demo_page) == ["Demostad"] and not demo_page.success


def test_pressing_the_button_without_files_asks_for_one(demo_page):
    upload(demo_page)
    assert_ok(demo_page)
    assert "Kies eerst een grenzenbestand, een tabel of allebei." in texts(demo_page.warning)
    assert dataset_titles(demo_page) == ["Demostad"]


# --- bad uploads ---------------------------------------------------------------------------------------------

POINTS = json.dumps({"type": "FeatureCollection", "features": [{
    "type": "Feature", "properties": {"wijkcode": "WK191601"},
    "geometry": {"type": "Point", "coordinates": [4.39, 52.08]}}]}).encode()
BAD_UPLOADS = {
    # id: (boundary file, table file, what the message must say)
    "empty-geojson": (("leeg.geojson", b"", "application/geo+json"), None,
                      "Het grenzenbestand 'leeg.geojson' kon niet worden gebruikt: het bestand is leeg (0 bytes)."),
    "pdf-renamed-json": (("rapport.json", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/json"), None,
                         "Het grenzenbestand 'rapport.json' kon niet worden gebruikt: het bestand kon niet als "
                         "GeoJSON worden gelezen"),
    "points": (("punten.geojson", POINTS, "application/geo+json"), None,
               "Het grenzenbestand 'punten.geojson' kon niet worden gebruikt: het bestand bevat geen vlakken "
               "(gevonden: Point). Gebruik een bestand met de grenzen van gebieden."),
    "broken-zip": (("grenzen.zip", b"PK\x03\x04 not really a zip", "application/zip"), None,
                   "Het grenzenbestand 'grenzen.zip' kon niet worden gebruikt: dit is geen geldig zip-bestand. "
                   "Zip de .shp, .shx, .dbf en .prj opnieuw."),
    "one-column-csv": (None, ("codes.csv", b"Code\nWK191601\nWK191602\n", "text/csv"),
                       "De tabel 'codes.csv' kon niet worden gebruikt: de tabel heeft maar één kolom. Sla haar op "
                       "met een scheidingsteken (; , tab of |) tussen de code en de cijfers."),
}


def _assert_rejected_and_nothing_lost(at, message: str, datasets_before: list[str], selected_before: str):
    assert_ok(at)
    errors = texts(at.error)
    assert len(errors) == 1
    assert errors[0].startswith(message)
    assert errors[0].endswith(ERROR_TAIL)
    assert not at.success
    assert dataset_titles(at) == datasets_before
    assert at.session_state["dataset"] == selected_before
    assert at.dataframe[0].value["code"].tolist() == GM1916_CODES


@pytest.mark.slow
@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_a_bad_upload_gives_a_dutch_error_and_keeps_what_was_loaded(uploaded, case):
    boundaries, table, message = BAD_UPLOADS[case]
    before, selected = dataset_titles(uploaded), uploaded.session_state["dataset"]
    upload(uploaded, boundaries=boundaries, table=table)
    _assert_rejected_and_nothing_lost(uploaded, message, before, selected)


def test_a_pdf_as_boundary_file_gives_a_dutch_error(gm1916):
    at = upload(open_page(new_app().run(), "gegevens"), boundaries=gm1916)  # own session: this run may break it
    before, selected = dataset_titles(at), at.session_state["dataset"]
    upload(at, boundaries=("rapport.pdf", b"%PDF-1.4\n", "application/pdf"))
    _assert_rejected_and_nothing_lost(at, "Het grenzenbestand 'rapport.pdf' kon niet worden gebruikt: dit "
                                      "bestandstype wordt niet ondersteund.", before, selected)


@pytest.mark.parametrize("case", ["empty-geojson", "one-column-csv"])
def test_an_upload_error_has_no_double_full_stop(uploaded, case):
    boundaries, table, _ = BAD_UPLOADS[case]
    upload(uploaded, boundaries=boundaries, table=table)
    (error,) = texts(uploaded.error)
    assert ".." not in error


def test_after_bad_uploads_both_datasets_can_still_be_chosen(uploaded):
    upload(uploaded, boundaries=("leeg.geojson", b"", "application/geo+json"))
    uploaded.selectbox(key="dataset").set_value("demo").run()
    assert_ok(uploaded)
    assert len(uploaded.dataframe[0].value) == 12
    assert texts(uploaded.subheader) == ["Getoonde gegevens: Demostad"]
    upload_key = [key for key in uploaded.session_state["uploads"]][0]
    uploaded.selectbox(key="dataset").set_value(upload_key).run()
    assert_ok(uploaded)
    assert uploaded.dataframe[0].value["code"].tolist() == GM1916_CODES


def test_own_counts_of_persons_are_protected_once_marked(gm1916):
    at = open_page(new_app().run(), "gegevens")
    rows = "Code;Cliënten;Tevredenheid\n" + "".join(
        f"WK1916{n:02d};{count};{score}\n" for n, count, score in
        [(1, 3, "7,5"), (2, 48, "6,1"), (3, 120, "8,0"), (4, 9, "7,0"), (5, 77, "6,6"), (6, 31, "7,7"),
         (7, 12, "7,1"), (8, 55, "6,9"), (9, 64, "7,3"), (10, 23, "8,2"), (11, 40, "6,4"), (12, 18, "7,9"),
         (13, 26, "7,2")])
    upload(at, boundaries=gm1916, table=("eigen.csv", rows.encode("utf-8"), "text/csv"))
    assert_ok(at)
    picker = at.multiselect(key=f"person_counts_{at.session_state['dataset']}")
    assert "Cliënten" in picker.value and "Tevredenheid" not in picker.value  # whole numbers ticked, marks not
    shown = at.dataframe[0].value.set_index("code")
    assert shown.loc["WK191601", "Cliënten"] == "geheim"  # 3 is below 10
    assert shown.loc["WK191604", "Cliënten"] == "geheim"  # 9 is below 10
    published = [int(v.replace(".", "")) for v in shown["Cliënten"] if v != "geheim"]
    assert all(v >= 10 and v % 5 == 0 for v in published)  # rounded to fives like CBS counts of persons
    assert shown.loc["WK191601", "Tevredenheid"] == "7,5"  # not a count: shown as it is
    picker.set_value([c for c in picker.value if c != "Cliënten"]).run()  # the user: no count of persons
    assert_ok(at)
    assert at.dataframe[0].value.set_index("code").loc["WK191601", "Cliënten"] == "3"


def test_upload_folders_of_closed_sessions_are_removed_and_a_live_one_is_kept(gm1916, tmp_path, monkeypatch):
    """Streamlit says nothing when a session ends: folders no session touched for a day go on the next upload."""
    import os
    import time

    import ui.uploads

    monkeypatch.setattr(ui.uploads.tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / "wijkverkenner-upload-closed"
    stale.mkdir()
    (stale / "wijken.geojson").write_text("{}")
    day_ago = time.time() - ui.uploads.UPLOAD_MAX_AGE - 60
    os.utime(stale, (day_ago, day_ago))
    other = tmp_path / "iets-anders"  # not ours: never touched
    other.mkdir()
    os.utime(other, (day_ago, day_ago))

    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=gm1916)
    assert_ok(at)
    live = Path(at.session_state["upload_folder"])
    assert not stale.exists() and other.exists() and live.parent == tmp_path
    # the live session's folder is touched on every rerun, so it never looks stale while in use
    os.utime(live, (day_ago, day_ago))
    at.run()
    assert time.time() - live.stat().st_mtime < 60
    assert ui.uploads.remove_stale_uploads() == 0 and live.exists()


def test_percentages_and_densities_of_an_upload_are_not_taken_for_counts(real_file):
    """Protection that changes published shares is as wrong as none: PDOK's percentages stay as they are."""
    name = "gemeenten_2023_pdok_wfs_wgs84.geojson"
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=(name, real_file(name).read_bytes(), "application/geo+json"))
    assert_ok(at)
    picker = at.multiselect(key=f"person_counts_{at.session_state['dataset']}")
    assert "Percentage gehuwd" in picker.options and "Stedelijkheid adressen per km2" in picker.options  # readable
    assert picker.value == []  # nothing of these is a count of persons
    shown = at.dataframe[0].value.set_index("code")
    assert shown.loc["GM0014", "Percentage gehuwd"] not in ("geheim", "")  # its name made readable
    assert not any("Beschermd als aantal personen: percentage" in caption for caption in texts(at.caption))


@pytest.mark.slow
def test_a_table_of_two_gemeenten_on_all_gemeenten_maps_those_and_the_rest_can_be_kept(real_file):
    name = "gemeenten_2023_pdok_wfs_wgs84.geojson"
    table = "gemeente;Score\nGM1916;7,5\nGM0363;6,5\n".encode("utf-8")
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=(name, real_file(name).read_bytes(), "application/geo+json"),
           table=("scores_2023.csv", table, "text/csv"))
    assert_ok(at)
    assert any(text.startswith("De tabel gaat over GM0363, GM1916: de kaart toont alleen die gemeente(n); 341 "
                               "gebieden van andere gemeenten zijn weggelaten.") for text in texts(at.info))
    assert sorted(at.dataframe[0].value["code"]) == ["GM0363", "GM1916"]
    at.checkbox(key=f"all_districts_{at.session_state['dataset']}").check().run()
    assert_ok(at)
    assert len(at.dataframe[0].value) == 343


def test_a_gemeente_figure_repeated_on_every_wijk_is_pointed_out(real_file):
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=(GM1916_WIJKEN, real_file(GM1916_WIJKEN).read_bytes(), "application/geo+json"))
    assert_ok(at)
    shown = [text.replace("\\", "") for text in texts(at.info)]  # as read, without Markdown's escapes
    assert any(text.startswith("Deze kolommen hebben in elk gebied dezelfde waarde") and "Sa bijstand" in text
               for text in shown)  # by a readable name, not sa_bijstand


def test_an_own_long_table_with_its_descriptor_maps_under_its_label(tmp_path):
    """aggregate's table of own persons on the demo's buurten, uploaded with its .datapackage.json onto the wijken.

    The long table joins as one slice (the wijken, every group at Totaal), and the Kaart page names
    the figure by the analyst's label, not its column name.
    """
    codes = _demo_buurten()
    persons = own_persons(codes, 20000, "geslacht", ["man", "vrouw"], "aan_het_werk", seed=8)
    _, table = own_table(tmp_path, persons, "geslacht", "werk_pct=share:aan_het_werk",
                         {"werk_pct": "Aandeel werkenden"})
    at = open_page(new_app(niveau="wijk").run(), "gegevens")
    upload(at, table=with_descriptor(table))
    assert_ok(at)
    assert not at.error
    assert "Dubbele codes" not in " ".join(texts(at.markdown) + texts(at.caption) + texts(at.warning))
    protected = next(c for c in texts(at.caption) if c.startswith("Beschermd als aantal personen"))
    assert "Aantal inwoners" in protected and "aantal_inwoners" not in protected  # labels, not column names
    open_page(at, "kaart")
    at.selectbox(key="theme").set_value("overig").run()
    at.selectbox(key="indicator").set_value("werk_pct").run()
    assert_ok(at)
    assert at.selectbox(key="indicator").value == "werk_pct"
    assert "Aandeel werkenden" in at.selectbox(key="indicator").options
    sent = json.dumps(maps_sent(at), ensure_ascii=False)
    assert "Aandeel werkenden" in sent and "werk_pct" not in sent.replace('"werk_pct"', "")


def test_a_group_of_an_own_long_table_is_chosen_and_the_map_says_whose_figure_it_is(tmp_path):
    at, key = upload_own_work_by_sex(tmp_path, rates={"vrouw": 0.6, "man": 0.4})
    assert_ok(at)
    box = at.selectbox(key=f"group_value_{key}_geslacht")
    assert box.options == ["Iedereen", "man", "vrouw"] and box.value == "Totaal"
    box.set_value("vrouw").run()
    assert_ok(at)
    open_page(at, "kaart")
    at.selectbox(key="theme").set_value("overig").run()
    at.selectbox(key="indicator").set_value("werk_pct").run()
    assert_ok(at)
    assert "Aandeel werkenden (geslacht: vrouw)" in at.selectbox(key="indicator").options
    sent = json.dumps(maps_sent(at), ensure_ascii=False)
    assert "Aandeel werkenden (geslacht: vrouw)" in sent


def test_a_long_table_of_five_group_columns_offers_all_five(tmp_path):
    """Five groups in four page columns: each gets its choice (the fifth once made the page rerun without end)."""
    import numpy as np
    import pandas as pd

    from indicators.microdata.aggregate import aggregate_microdata, write_aggregated

    rng = np.random.default_rng(5)
    groups = ["g1", "g2", "g3", "g4", "g5"]
    persons = pd.DataFrame({"buurt": rng.choice(_demo_buurten(), 5000),
                            **{g: rng.choice(["a", "b"], 5000) for g in groups}})
    persons.to_parquet(tmp_path / "p.parquet")
    result = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=groups, level="gemeente,wijk")
    table = write_aggregated(result, tmp_path / "vijf.csv")
    at = open_page(new_app(niveau="wijk").run(), "gegevens")
    upload(at, table=with_descriptor(table))
    assert_ok(at)
    key = at.session_state["dataset"]
    assert [at.selectbox(key=f"group_value_{key}_{g}").value for g in groups] == ["Totaal"] * 5
    at.selectbox(key=f"group_value_{key}_g5").set_value("b").run()
    assert_ok(at)
    assert at.selectbox(key=f"group_value_{key}_g5").value == "b"


@pytest.mark.slow
def test_an_own_column_goes_under_the_theme_its_descriptor_or_the_user_gives(tmp_path):
    """aggregate --theme puts a figure under a theme; on Gegevens the user may move it to another."""
    from indicators.microdata.aggregate import aggregate_microdata, write_aggregated

    persons = own_persons(_demo_buurten(), 8000, "geslacht", ["man", "vrouw"], "aan_het_werk", seed=13)
    persons.to_parquet(tmp_path / "p.parquet")
    result = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=["geslacht"],
                                 measures=["werk_pct=share:aan_het_werk", "werkend=sum:aan_het_werk"])
    table = write_aggregated(result, tmp_path / "werk.csv", labels={"werk_pct": "Aandeel werkenden",
                                                                    "werkend": "Werkenden"},
                             themes={"werk_pct": "werk_en_inkomen"})
    at = open_page(new_app(niveau="wijk").run(), "gegevens")
    upload(at, table=with_descriptor(table))
    assert_ok(at)
    key = at.session_state["dataset"]
    assert at.selectbox(key=f"theme_of_{key}_werk_pct").value == "werk_en_inkomen"  # from the descriptor
    assert at.selectbox(key=f"theme_of_{key}_werkend").value == "overig"
    at.selectbox(key=f"theme_of_{key}_werkend").set_value("bevolking").run()
    assert_ok(at)
    open_page(at, "kaart")
    at.selectbox(key="theme").set_value("werk_en_inkomen").run()
    assert "Aandeel werkenden" in at.selectbox(key="indicator").options
    at.selectbox(key="theme").set_value("bevolking").run()
    assert "Werkenden" in at.selectbox(key="indicator").options
    at.selectbox(key="theme").set_value("overig").run()
    assert not {"Werkenden", "Aandeel werkenden"} & set(at.selectbox(key="indicator").options)
