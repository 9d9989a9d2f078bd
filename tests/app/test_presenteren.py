"""App logic of the Presenteren page: save views, build a deck, present it, export its slides."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pypdf
import pytest

from tests.app.conftest import assert_ok, maps_sent, new_app, open_page, texts
from ui.i18n import plain
from ui.store import ViewStore

FOOTER = "Bron: Demostad, synthetische demodata · Gemaakt op {today} · Synthetische demodata: geen echte cijfers"


def _without_disclosure(footer: str) -> str:
    """The footer without the disclosure note, whose counts depend on the data."""
    return re.sub(r" · Onthullingscontrole: [^·]*· ", " · ", footer)


def save_view(at, title: str, note: str = ""):
    """Fill in the save form at the top of the page and submit it."""
    at.text_input[0].set_value(title)
    at.text_area[0].set_value(note)
    at.button[0].click()  # the form's submit button comes first on the page
    return at.run()


def test_the_current_view_is_shown_with_title_and_footer():
    at = open_page(new_app().run(), "presenteren")
    assert_ok(at)
    assert texts(at.subheader)[0] == "Aantal inwoners (2024)"
    footer = next(c for c in texts(at.caption) if c.startswith("Bron:"))
    assert _without_disclosure(footer) == FOOTER.format(year=2024, today=date.today().isoformat())
    assert "Nog geen opgeslagen weergaven." in texts(at.info)


def test_the_view_chosen_on_the_map_page_is_the_one_saved(views_database):
    at = new_app().run()
    at.selectbox(key="theme").set_value("uitkeringen").run()
    at.selectbox(key="year").set_value(2023).run()
    at.radio(key="level").set_value("buurt").run()
    open_page(at, "presenteren")
    assert texts(at.subheader)[0] == "Personen met bijstand (2023)"
    save_view(at, "Bijstand <b>per buurt</b>", "Zie de oostkant.")
    assert_ok(at)
    # shown as typed: the message is Markdown, so the title is escaped (no bold, no link, no image)
    assert f"Weergave '{plain('Bijstand <b>per buurt</b>')}' opgeslagen." in texts(at.success)
    (saved,) = ViewStore(views_database).list_views()
    assert saved.title == "Bijstand <b>per buurt</b>" and saved.note == "Zie de oostkant."
    assert (saved.settings["level"], saved.settings["year"], saved.settings["indicator"]) == (
        "buurt", 2023, "personen_per_soort_uitkering_bijstand")
    assert [e.label for e in at.expander] == [plain("Bijstand <b>per buurt</b>")]
    link = at.expander[0].code[0].value
    assert "niveau=buurt" in link and "jaar=2023" in link
    assert link.split("?")[0].endswith("/")  # the map page is the root: /kaart would be "page not found"


def test_opening_a_saved_view_restores_it_on_the_map_page(views_database):
    store = ViewStore(views_database)
    saved = store.save_view("WW in wijken 2023", {"dataset": "demo", "level": "wijk", "year": 2023,
                                                  "indicator": "personen_per_soort_uitkering_ww", "k": 4})
    at = open_page(new_app().run(), "presenteren")
    at.button(key=f"open_{saved.id}").click().run()
    assert_ok(at)
    assert (at.session_state["year"], at.session_state["indicator"], at.session_state["k"]) == (
        2023, "personen_per_soort_uitkering_ww", 4)


def deck_of_two(path):
    store = ViewStore(path)
    first = store.save_view("Inwoners 2024", {"dataset": "demo", "level": "wijk", "year": 2024,
                                              "indicator": "aantal_inwoners"}, note="Eerste dia")
    second = store.save_view("Bijstand buurten", {"dataset": "demo", "level": "buurt", "year": 2024,
                                                  "indicator": "personen_per_soort_uitkering_bijstand"})
    return store, store.create_deck("Stuurgroep", [first.id, second.id]), first, second


def slide_title(at) -> str:
    return next(m.value for m in at.markdown if "class=\"wv-slide-title\"" in m.value)


def test_a_deck_is_reordered_presented_forward_and_back_and_stopped(views_database):
    store, deck, first, second = deck_of_two(views_database)
    at = open_page(new_app().run(), "presenteren")
    # each button's name says what it does (an arrow alone was all a screen reader had)
    assert [at.button(key=f"{what}_{deck.id}_0").label for what in ("up", "down", "remove")] == [
        "↑ Omhoog", "↓ Omlaag", "✕ Weghalen"]
    at.button(key=f"down_{deck.id}_0").click().run()
    assert store.get_deck(deck.id).view_ids == (second.id, first.id)
    before = {key: at.session_state[key] for key in ("level", "indicator", "k")}
    at.button(key="deck_start").click().run()
    assert_ok(at)
    assert ">Bijstand buurten<" in slide_title(at)
    assert at.session_state["level"] == "buurt"
    assert at.button(key="wv-previous").disabled
    at.button(key="wv-next").click().run()
    assert ">Inwoners 2024<" in slide_title(at)
    assert any("Eerste dia" in m.value for m in at.markdown)
    assert at.session_state["level"] == "wijk" and at.button(key="wv-next").disabled
    at.button(key="wv-previous").click().run()
    assert ">Bijstand buurten<" in slide_title(at)
    at.button(key="wv-stop").click().run()
    assert_ok(at)
    assert "presenting" not in at.session_state
    assert [e.label for e in at.expander] == ["Bijstand buurten", "Inwoners 2024"]
    # the map is back as it was before the presentation, not left at the last slide
    assert {key: at.session_state[key] for key in before} == before


def test_user_text_on_a_slide_is_escaped(views_database):
    store = ViewStore(views_database)
    view = store.save_view("<img src=x onerror=alert(1)>", {"dataset": "demo"}, note="<script>x</script>")
    store.create_deck("D", [view.id])
    at = open_page(new_app().run(), "presenteren")
    at.button(key="deck_start").click().run()
    html = " ".join(m.value for m in at.markdown)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


@pytest.mark.slow
def test_the_deck_exports_as_a_pdf_with_one_page_per_view(views_database, download_bytes):
    _, _, _, _ = deck_of_two(views_database)
    at = open_page(new_app().run(), "presenteren")
    at.button(key="deck_slides").click().run()
    assert_ok(at)
    pdf = pypdf.PdfReader(io.BytesIO(download_bytes(at.get("download_button")[-2])))
    assert len(pdf.pages) == 3  # two slides and the appendix
    first, second, appendix = (" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Inwoners 2024" in first and "Eerste dia" in first and "SYNTHETISCHE DEMODATA" in first
    assert "Bijstand buurten" in second and "Personen met bijstand" in second  # the title, then the indicator
    # the source in words on the slide; how many areas are secret in the appendix
    assert "Bron: Demostad, synthetische demodata · Aantallen onder 10 zijn geheim; aantallen afgerond op 10" in second
    assert "Onthullingscontrole" not in first + second and ".gpkg" not in first + second
    assert appendix.startswith("Bijlage: bronnen en geheimhouding") and "Dia 2: Bijstand buurten" in appendix
    assert re.search(r"\d+ van 60 gebieden geheim", appendix)
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert round(width / height, 3) == round(16 / 9, 3)


def test_a_damaged_views_file_gives_a_dutch_message_and_the_map_stays(views_database):
    views_database.write_bytes(b"dit is geen database" * 50)
    at = open_page(new_app().run(), "presenteren")
    assert_ok(at)
    assert any("beschadigd" in e for e in texts(at.error))
    assert views_database.read_bytes() == b"dit is geen database" * 50


def test_a_view_keeps_the_centre_and_zoom_the_map_was_panned_to(views_database):
    at = open_page(new_app().run(), "presenteren")
    at.session_state["map_view"] = (52.07, 4.4, 15.25)  # what the map component reports after a pan
    save_view(at, "Ingezoomd")
    (saved,) = ViewStore(views_database).list_views()
    assert (saved.settings["center"], saved.settings["zoom"]) == ([52.07, 4.4], 15.25)


@pytest.mark.slow
def test_a_view_keeps_the_area_in_view_and_its_slide_shows_it(views_database, download_bytes):
    at = open_page(new_app().run(), "presenteren")
    at.session_state["map_view"] = (52.07, 4.4, 15.25)
    at.session_state["map_extent"] = (5.378, 52.131, 5.389, 52.140)  # one demo buurt, as the map reports it
    save_view(at, "Ingezoomd")
    (zoomed,) = ViewStore(views_database).list_views()
    assert zoomed.settings["extent"] == [5.378, 52.131, 5.389, 52.140]
    # the same view under the same title, without the area: only the area can make the slides differ
    without_area = {k: v for k, v in zoomed.settings.items() if k != "extent"}
    whole = ViewStore(views_database).save_view("Ingezoomd", without_area)
    at = open_page(new_app().run(), "presenteren")
    pngs = []
    for saved in (zoomed, whole):
        at.button(key=f"export_{saved.id}").click().run()
        assert_ok(at)
        (button,) = [b for b in at.get("download_button")
                     if f"download_{saved.id}_" in b.proto.id and b.proto.label == "Download als PNG"]
        pngs.append(download_bytes(button))
    assert pngs[0] != pngs[1]


def test_a_deck_without_a_title_is_refused_with_a_dutch_message(views_database):
    at = open_page(new_app().run(), "presenteren")
    next(w for w in at.text_input if w.label == "Titel van een nieuwe presentatie").set_value("   ")
    next(b for b in at.button if b.label == "Presentatie maken").click()
    at.run()
    assert_ok(at)
    assert "Geef de presentatie een titel van 1 tot 200 tekens." in texts(at.error)
    assert ViewStore(views_database).list_decks() == []


@pytest.mark.slow
def test_a_view_downloads_as_png_svg_pdf_and_offline_html(views_database, download_bytes):
    from PIL import Image

    saved = ViewStore(views_database).save_view("Bijstand <i>buurten</i>", {
        "dataset": "demo", "level": "buurt", "year": 2024, "indicator": "personen_per_soort_uitkering_bijstand",
        "center": [52.0, 4.4], "zoom": 14})
    at = open_page(new_app().run(), "presenteren")
    at.button(key=f"export_{saved.id}").click().run()
    assert_ok(at)
    buttons = {b.proto.label: b for b in at.get("download_button") if f"download_{saved.id}_" in b.proto.id}
    assert sorted(buttons) == ["Download als HTML", "Download als PDF", "Download als PNG", "Download als SVG"]
    assert "Bijstand &lt;i&gt;buurten&lt;/i&gt;" in download_bytes(buttons["Download als SVG"]).decode("utf-8")
    png = Image.open(io.BytesIO(download_bytes(buttons["Download als PNG"])))
    assert png.size == (2000, 1125)
    pdf = pypdf.PdfReader(io.BytesIO(download_bytes(buttons["Download als PDF"])))
    assert len(pdf.pages) == 2 and "Bijstand <i>buurten</i>" in pdf.pages[0].extract_text()  # and the appendix
    page = download_bytes(buttons["Download als HTML"]).decode("utf-8")
    assert "<title>Bijstand &lt;i&gt;buurten&lt;/i&gt;: Personen met bijstand (2024)</title>" in page
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?://""", page)  # opens without internet
    assert re.search(r""""view": ?\[52\.0, ?4\.4, ?14\.0\]""", page)  # opens at the saved centre and zoom


def test_a_deck_moves_to_another_laptop_as_json(views_database, tmp_path, monkeypatch):
    store, deck, _, _ = deck_of_two(views_database)
    exported = store.export_deck(deck.id).encode("utf-8")
    other = tmp_path / "laptop" / "views.sqlite"
    monkeypatch.setenv("WIJKVERKENNER_VIEWS", str(other))
    at = open_page(new_app().run(), "presenteren")
    at.file_uploader(key="deck_upload").set_value(("stuurgroep.json", exported, "application/json")).run()
    assert_ok(at)
    assert "Presentatie 'Stuurgroep' geïmporteerd met 2 weergaven." in texts(at.success)
    (imported,) = ViewStore(other).list_decks()
    titles = [ViewStore(other).get_view(view_id).title for view_id in imported.view_ids]
    assert titles == ["Inwoners 2024", "Bijstand buurten"]


def test_a_bad_deck_file_is_refused_and_nothing_is_lost(views_database):
    store, _, _, _ = deck_of_two(views_database)
    at = open_page(new_app().run(), "presenteren")
    at.file_uploader(key="deck_upload").set_value(("kapot.json", b'{"format": "iets anders"}', "application/json"))
    at.run()
    assert_ok(at)
    assert any(e.startswith("Dit bestand is geen presentatie van Wijkverkenner; er is niets geïmporteerd.")
               for e in texts(at.error))
    assert len(store.list_views()) == 2 and len(store.list_decks()) == 1


@pytest.mark.slow
def test_settings_that_do_not_fit_fall_back_as_in_a_link(views_database, download_bytes):
    """A view from an older version or another laptop: invalid settings get the defaults, the slide still comes."""
    store = ViewStore(views_database)
    odd = store.save_view("Oud", {"dataset": "demo", "level": "vierkant", "year": 1999, "scheme": "manual", "k": 99,
                                  "palette": "Rainbow", "indicator": "bestaat_niet", "since": 2024})
    store.create_deck("D", [odd.id])
    at = open_page(new_app().run(), "presenteren")
    at.button(key="deck_slides").click().run()
    assert_ok(at)
    pdf = pypdf.PdfReader(io.BytesIO(download_bytes(at.get("download_button")[-2])))
    text = " ".join(pdf.pages[0].extract_text().split())
    assert len(pdf.pages) == 2 and "Oud Aantal inwoners (2024)" in text  # title, then what the map shows


@pytest.mark.slow
def test_a_view_that_showed_the_whole_area_opens_fitted_to_the_screen(views_database, download_bytes):
    """Saved without zooming in: the offline page and the slide fit the area to their own size."""
    settings = {"dataset": "demo", "level": "wijk", "year": 2024, "center": [52.13, 5.44], "zoom": 11.25}
    whole = ViewStore(views_database).save_view("Heel", {**settings, "extent": [5.30, 52.05, 5.58, 52.22]})
    part = ViewStore(views_database).save_view("Deel", {**settings, "extent": [5.38, 52.12, 5.40, 52.14]})
    at = open_page(new_app().run(), "presenteren")
    pages = {}
    for saved in (whole, part):
        at.button(key=f"export_{saved.id}").click().run()
        (button,) = [b for b in at.get("download_button")
                     if f"download_{saved.id}_" in b.proto.id and b.proto.label == "Download als HTML"]
        pages[saved.title] = download_bytes(button).decode("utf-8")
    assert re.search(r'"view": ?null', pages["Heel"])
    assert re.search(r'"view": ?\[52\.13, ?5\.44, ?11\.25\]', pages["Deel"])


@pytest.mark.slow
def test_a_slide_has_the_title_as_given_and_the_indicator_once_under_it(views_database, download_bytes):
    saved = ViewStore(views_database).save_view("Bijstand per buurt, 2024", {
        "dataset": "demo", "level": "buurt", "year": 2024, "indicator": "bijstand_per_1000_15_65"},
        note="Let op de oostkant.")
    at = open_page(new_app().run(), "presenteren")
    at.button(key=f"export_{saved.id}").click().run()
    assert_ok(at)
    buttons = {b.proto.label: b for b in at.get("download_button") if f"download_{saved.id}_" in b.proto.id}
    slide = pypdf.PdfReader(io.BytesIO(download_bytes(buttons["Download als PDF"]))).pages[0].extract_text()
    lines = [line.strip() for line in slide.splitlines() if line.strip()]
    title = lines.index("Bijstand per buurt, 2024")
    assert lines[title + 1] == "Bijstand per 1.000 inwoners van 15 tot 65 jaar"
    assert re.sub(r"Gemaakt op [^·]*", "", slide).count("2024") == 1  # the year once (the date aside)
    assert "Per 1.000 inwoners van 15 tot 65 jaar" in " ".join(slide.split())  # the legend names the unit ...
    assert "jaar (10)" not in slide and "…" not in slide  # ... and its entries are whole
    page = download_bytes(buttons["Download als HTML"]).decode("utf-8")
    assert "<title>Bijstand per buurt, 2024: Bijstand per 1.000 inwoners van 15 tot 65 jaar</title>" in page
    assert "Notitie:</span> Let op de oostkant." in page  # the offline page shows the note
    assert re.search(r"\d+ van 60 gebieden geheim", page)  # and, in its legend, how many are secret


def test_a_deck_imported_twice_asks_before_copying(views_database):
    store, deck, _, _ = deck_of_two(views_database)
    exported = store.export_deck(deck.id).encode("utf-8")
    at = open_page(new_app().run(), "presenteren")
    at.file_uploader(key="deck_upload").set_value(("stuurgroep.json", exported, "application/json")).run()
    assert_ok(at)
    question = "Presentatie 'Stuurgroep' staat er al, met dezelfde 2 weergaven."
    assert any(w.startswith(question) for w in texts(at.warning))
    assert len(store.list_decks()) == 1 and len(store.list_views()) == 2  # nothing copied while asking
    at.button(key="deck_again_no").click().run()
    assert_ok(at)
    assert len(store.list_decks()) == 1 and at.session_state["deck"] == deck.id
    assert not any("staat er al" in w for w in texts(at.warning))
    # asked again for another upload of the same file; this time import it anyway
    at.file_uploader(key="deck_upload").set_value(("stuurgroep (1).json", exported, "application/json")).run()
    at.button(key="deck_again_yes").click().run()
    assert_ok(at)
    assert "Presentatie 'Stuurgroep' geïmporteerd met 2 weergaven." in texts(at.success)
    assert len(store.list_decks()) == 2 and len(store.list_views()) == 4


def test_a_view_whose_data_is_not_loaded_here_shows_no_other_data_under_its_title(views_database):
    """A deck of views of an upload, presented in another session: the upload is not there. The slide said
    "Aantal inwoners (2024)" of the demo under the view's title; it says what is wrong and what to do."""
    store = ViewStore(views_database)
    gone = store.save_view("WOZ Leidschendam-Voorburg", {"dataset": "upload-2035c3ccbb46", "level": "wijk",
                                                          "indicator": "gem_woz_waarde"}, note="WOZ per wijk.")
    shown = store.save_view("Inwoners", {"dataset": "demo", "level": "wijk"})
    store.create_deck("Stuurgroep", [gone.id, shown.id])
    at = open_page(new_app().run(), "presenteren")
    at.button(key="deck_start").click().run()
    assert_ok(at)
    assert ">WOZ Leidschendam-Voorburg<" in slide_title(at)
    assert any("niet geladen" in w.value and "Gegevens" in w.value for w in at.warning)
    assert not maps_sent(at) and "Aantal inwoners" not in " ".join(m.value for m in at.markdown)
    at.button(key="wv-next").click().run()  # the next slide is shown as ever
    assert ">Inwoners<" in slide_title(at) and len(maps_sent(at)) == 1
    at.button(key="wv-stop").click().run()
    at.button(key="deck_slides").click().run()  # the deck's slides: refused, saying which view
    assert_ok(at)
    shown = [e.value.replace("\\", "") for e in at.error]  # the title is the user's text: escaped for Markdown
    assert any(text.startswith("WOZ Leidschendam-Voorburg: De gegevens van deze weergave") for text in shown)
    at.button(key=f"export_{gone.id}").click().run()
    assert_ok(at)
    assert not [b for b in at.get("download_button") if f"download_{gone.id}_" in b.proto.id]


@pytest.mark.slow
def test_a_view_of_an_own_long_table_keeps_its_group_on_the_slide_in_the_link_and_when_opened(
        views_database, download_bytes, tmp_path):
    """aggregate's table of own persons, one group value chosen on Gegevens: the saved view keeps that value."""
    from tests.app.test_gegevens import upload_own_work_by_sex

    at, key = upload_own_work_by_sex(tmp_path, rates={"vrouw": 0.6, "man": 0.4})
    at.selectbox(key=f"group_value_{key}_geslacht").set_value("vrouw").run()
    open_page(at, "kaart")
    at.selectbox(key="theme").set_value("overig").run()
    at.selectbox(key="indicator").set_value("werk_pct").run()
    open_page(at, "presenteren")
    assert texts(at.subheader)[0].startswith("Aandeel werkenden (geslacht: vrouw)")
    save_view(at, "Vrouwen aan het werk")
    assert_ok(at)
    (saved,) = ViewStore(views_database).list_views()
    assert saved.settings["groep"] == "geslacht=vrouw"
    assert "groep=geslacht%3Dvrouw" in at.expander[0].code[0].value
    # everyone again on Gegevens: the saved view's slide still shows the women
    open_page(at, "gegevens")
    at.selectbox(key=f"group_value_{key}_geslacht").set_value("Totaal").run()
    open_page(at, "presenteren")
    assert texts(at.subheader)[0].startswith("Aandeel werkenden (")
    assert "vrouw" not in texts(at.subheader)[0]
    at.button(key=f"export_{saved.id}").click().run()
    assert_ok(at)
    buttons = {b.proto.label: b for b in at.get("download_button") if f"download_{saved.id}_" in b.proto.id}
    svg = download_bytes(buttons["Download als SVG"]).decode("utf-8")
    assert "Aandeel werkenden (geslacht: vrouw)" in svg and "werk_pct" not in svg
    # opened again, the map shows the women, and Gegevens' box says so
    at.button(key=f"open_{saved.id}").click().run()
    open_page(at, "gegevens")
    assert at.selectbox(key=f"group_value_{key}_geslacht").value == "vrouw"
    open_page(at, "kaart")
    assert "Aandeel werkenden (geslacht: vrouw)" in json.dumps(maps_sent(at), ensure_ascii=False)


@pytest.mark.slow
def test_a_link_or_view_naming_a_group_value_the_table_lacks_shows_everyone_with_a_notice(views_database, tmp_path):
    from tests.app.test_gegevens import upload_own_work_by_sex

    at, key = upload_own_work_by_sex(tmp_path, n=5000, seed=10)
    store = ViewStore(views_database)
    odd = store.save_view("Onbekende groep", {"dataset": key, "level": "wijk", "indicator": "werk_pct",
                                              "groep": "geslacht=anders"})
    at = open_page(at, "presenteren")
    at.button(key=f"open_{odd.id}").click().run()
    assert_ok(at)
    assert any("groep" in w and "geslacht=anders" in w for w in texts(at.warning)), texts(at.warning)
    open_page(at, "kaart")
    sent = json.dumps(maps_sent(at), ensure_ascii=False)
    assert "Aandeel werkenden" in sent and "anders" not in sent
