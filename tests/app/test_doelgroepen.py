"""The Doelgroepen page on the demo: the re-integration question answered at first open, in Dutch and English."""

from __future__ import annotations

import numpy as np
import pytest

from tests.app.conftest import assert_ok, new_app, open_page, texts
from tests.conftest import DEMO_DATA
from tests.own_data import own_persons, own_table, own_zzp_files, with_descriptor

pytestmark = pytest.mark.skipif(not (DEMO_DATA / "doelgroepen_model_demo.json").exists(),
                                reason="demo target groups not generated")


@pytest.fixture(scope="module")
def target_page():
    at = open_page(new_app().run(), "doelgroepen")
    assert_ok(at)
    return at


def test_the_page_opens_with_the_reintegration_question_answered(target_page):
    assert texts(target_page.header)[0] == "Voor wie werkt re-integratie?"
    sentences = texts(target_page.markdown)
    assert any(s.startswith("Van de 1.770 mensen in een re-integratietraject had 30%") for s in sentences)
    assert any(s.startswith("- Jongeren tot 27 jaar stromen vaker uit naar werk\\: 59%") for s in sentences)
    assert any(s.startswith("- Mensen met loonkostensubsidie stromen vaker uit") for s in sentences)
    # rates by trajectory and by age, the composition, the zzp'ers, the durations, the model, what works for whom
    assert len(target_page.get("vega_lite_chart")) == 7
    assert any("keer zo grote kans op werk binnen 12 maanden" in s for s in sentences)
    assert "Synthetische demodata" in " ".join(texts(target_page.caption))
    assert not target_page.error


def test_the_stacked_bars_are_told_in_words(target_page):
    """A screen reader cannot see a stacked bar: per group, where its share is largest and smallest."""
    told = [s for s in texts(target_page.markdown) if "grootste aandeel in " in s]
    assert len(told) >= 2
    assert all(s.startswith("- ") and ", kleinste in " in s and "%" in s for s in told)


def test_crossing_the_groups_and_a_higher_threshold_withhold_small_cells(target_page):
    at = target_page
    at.checkbox(key="tg_cross").check().run()
    assert_ok(at)
    assert len(at.get("vega_lite_chart")) == 6  # one chart of trajectory x age (and the other sections)
    at.session_state["min_count"] = 70
    at.run()
    assert_ok(at)
    assert any("niet getoond: minder dan 70 personen" in str(chart.proto.spec)
               for chart in at.get("vega_lite_chart"))


def test_the_page_speaks_english_too():
    at = open_page(new_app(taal="en").run(), "doelgroepen")
    assert_ok(at)
    assert texts(at.header)[0] == "For whom does re-integration work?"
    assert any(s.startswith("- Young people under 27 move into work more often") for s in texts(at.markdown))


def test_an_own_table_with_its_descriptor_is_named_by_its_labels_and_not_marked_synthetic(tmp_path):
    """An analyst's own aggregate (not the demo's columns) uploaded with its .datapackage.json."""
    persons = own_persons(["BU07770101", "BU07770102", "BU07770201"], 3000, "opleiding_niveau",
                          ["laag", "midden", "hoog"], "aan_het_werk", seed=31, rates={"hoog": 0.7, "laag": 0.4,
                                                                                       "midden": 0.4})
    _, table = own_table(tmp_path, persons, "opleiding_niveau", "aan_het_werk=sum:aan_het_werk",
                         {"aan_het_werk": "Werkenden", "opleiding_niveau": "Opleiding"})
    at = open_page(new_app().run(), "doelgroepen")
    marks = sum("Synthetische demodata" in c for c in texts(at.caption))
    at.file_uploader(key="tg_table_upload").set_value(with_descriptor(table)).run()
    assert_ok(at)
    assert not at.error
    assert texts(at.header)[0] == "Percentages per groep in uw tabel"
    assert "Uw tabel wordt in elke sectie getoond; verwijder de upload om de demotabellen te zien." in texts(at.caption)
    assert not [box for box in at.selectbox if box.key == "tg_table"]  # no demo table named as if it were shown
    assert marks >= 2 and not any("Synthetische demodata" in c for c in texts(at.caption))  # no section is the demo
    sentences = " ".join(texts(at.markdown))
    assert "Opleiding hoog — aandeel werkenden hoger\\: 70%" in sentences  # labels, not opleiding_niveau/aan_het_werk
    assert "opleiding_niveau" not in sentences and "aan_het_werk" not in sentences
    numerator = at.selectbox(key="tg_numerator")
    assert numerator.format_func(numerator.value) == "Werkenden"


def test_two_tables_uploaded_together_are_refused_in_words(tmp_path):
    at = open_page(new_app().run(), "doelgroepen")
    at.file_uploader(key="tg_table_upload").set_value(
        [("a.csv", b"code;x\nGM0001;1\n", "text/csv"), ("b.csv", b"code;x\nGM0001;1\n", "text/csv")]).run()
    assert_ok(at)
    assert any("upload één tabel" in e for e in texts(at.error))


def test_a_table_of_one_count_says_what_a_percentage_needs(tmp_path):
    """A table with only a share (its counts not published) cannot give rates: the page says why, not 'no groups'."""
    persons = own_persons(["BU07770101", "BU07770102", "BU07770201"], 3000, "geslacht", ["man", "vrouw"],
                          "aan_het_werk", seed=32)
    _, table = own_table(tmp_path, persons, "geslacht", "werk_pct=share:aan_het_werk", {"werk_pct": "Aandeel"})
    at = open_page(new_app().run(), "doelgroepen")
    at.file_uploader(key="tg_table_upload").set_value(with_descriptor(table)).run()
    assert_ok(at)
    assert any("de tabel heeft maar één aantal" in e for e in texts(at.error))
    assert not any("groepskolommen" in e for e in texts(at.error))


# --- every section on an analyst's own table, drawn on uploaded boundaries --------------------------------------


@pytest.fixture(scope="module")
def own_zzp(tmp_path_factory):
    return own_zzp_files(tmp_path_factory.mktemp("own_zzp"))


@pytest.mark.slow
def test_every_section_shows_an_own_table_on_the_uploaded_wijken_by_its_labels_without_the_demo(own_zzp, real_file):
    from tests.app.conftest import GM1916_WIJKEN, maps_sent
    from tests.app.test_gegevens import upload

    persons, table, model = own_zzp
    boundaries = real_file(GM1916_WIJKEN)
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=(boundaries.name, boundaries.read_bytes(), "application/geo+json"))
    at = open_page(at, "doelgroepen")
    at.file_uploader(key="tg_table_upload").set_value(with_descriptor(table)).run()
    assert_ok(at)
    assert texts(at.header) == ["Percentages per groep in uw tabel", "Samenstelling per wijk",
                                "Eén groep per wijk: aandeel en gemiddeld bedrag", "Hoe snel en hoe duurzaam",
                                "Waarom: welke kenmerken tellen mee?"]
    assert not any("Synthetische demodata" in c or "_demo" in c for c in texts(at.caption))  # no mark, no demo table
    assert not at.error and texts(at.info)[-1] == (
        "Naast uw eigen tabel wordt de modeluitkomst van de demo niet getoond. Open hierboven de uitkomst van uw "
        "eigen microdata (python cli.py model ... --out model.json).")
    assert any("worden de duren van de demo niet getoond" in i for i in texts(at.info))
    # rates and composition: the table's labels, the uploaded wijken's names, one map of a group's share
    numerator = at.selectbox(key="tg_numerator")
    assert numerator.format_func(numerator.value) == "Bijstand"
    group = at.selectbox(key="tg_comp_group")
    assert group.format_func(group.value) == "Positie op de arbeidsmarkt"
    sentences = " ".join(texts(at.markdown))
    assert "Zzp'ers\\: grootste aandeel in " in sentences
    assert any(name in sentences for name in ("Stompwijk", "Essesteijn", "Voorburg", "Leidschendam"))
    assert "arbeidspositie" not in sentences and "WK1916" not in sentences
    # the zzp section on an own table: share per wijk and mean income beside everyone's, at gemeente level
    at.selectbox(key="tg_group_value").set_value("zzp").run()
    assert_ok(at)
    assert at.selectbox(key="tg_group_amount").value == "inkomen"
    zzp_mean = persons.loc[persons["arbeidspositie"] == "zzp", "inkomen"].mean()
    expected = f"Gemiddeld persoonlijk inkomen\\: {round(zzp_mean):,}".replace(",", "\\.")
    assert expected in " ".join(texts(at.markdown)), texts(at.markdown)
    assert "voor zzp'ers tegen" in " ".join(texts(at.markdown))
    assert len(maps_sent(at)) == 2 and len(at.get("vega_lite_chart")) == 3
    # the model: an own result, read with the table's labels
    at.file_uploader(key="tg_model_upload").set_value(("model.json", model.read_bytes(), "application/json")).run()
    assert_ok(at)
    reading = [s for s in texts(at.markdown) if "kans op" in s]
    assert reading and all("kans op bijstand" in s and "arbeidspositie" not in s for s in reading), reading


@pytest.mark.slow
def test_an_own_table_whose_wijken_no_boundaries_hold_is_shown_by_code_without_a_map(own_zzp):
    from tests.app.conftest import maps_sent

    _, table, _ = own_zzp
    at = open_page(new_app().run(), "doelgroepen")
    at.file_uploader(key="tg_table_upload").set_value(with_descriptor(table)).run()
    assert_ok(at)
    assert any("Geen grenzen in deze sessie bevatten de wijken van uw tabel" in i for i in texts(at.info))
    assert maps_sent(at) == [] and len(at.get("vega_lite_chart")) == 3
    assert "WK1916" in " ".join(texts(at.markdown))  # the wijken by code


# --- how fast, how durably, and what works for whom (issue #31) -----------------------------------------------


@pytest.mark.slow
def test_the_demo_shows_how_fast_and_what_works_for_whom_in_words_charts_and_a_table():
    at = open_page(new_app().run(), "doelgroepen")
    assert_ok(at)
    headers = texts(at.header)
    assert "Hoe snel en hoe duurzaam" in headers
    assert headers[-2:] == ["Wat werkt voor wie", "Bewaren voor een presentatie"]
    sentences = texts(at.markdown)
    assert any(s.startswith("- Jongeren tot 27 jaar\\: de helft is na ") and "uit de uitkering" in s for s in sentences)
    assert any(s.startswith("- Jongeren tot 27 jaar zijn ") and "keer zo snel uit de uitkering" in s for s in sentences)
    assert any(s.startswith("- Voor jongeren tot 27 jaar werkt werkstage het best") for s in sentences)
    assert any(s.startswith("- Voor mensen van 45 jaar tot de AOW\\-leeftijd werkt loonkostensubsidie het best")
               for s in sentences)
    figures = at.dataframe[-1].value
    assert list(figures.columns) == ["Groep", "Helft uit na (maanden)", "Uit na 12 maanden", "Duurzaam uitgestroomd",
                                     "Binnen een jaar terug"] and len(figures) == 3
    saveable = at.selectbox(key="tg_save_which").options
    assert "Aandeel nog in de uitkering, per leeftijd" in saveable
    assert "Wat werkt voor wie: traject per leeftijd" in saveable
    at.radio(key="tg_durations_kind").set_value("werk").run()
    assert_ok(at)
    assert any("uitgestroomd naar werk" in s for s in texts(at.markdown))


@pytest.mark.slow
def test_own_durations_and_an_own_interaction_model_replace_the_demo(own_zzp, tmp_path):
    """An analyst's own spells (durations) and model (with an interaction), beside the own table."""
    from indicators.analysis.durations import spell_durations, write_durations
    from indicators.analysis.models import fit_model, write_model

    persons, table, _ = own_zzp
    rng = np.random.default_rng(5)
    spells = persons.assign(start="2022-01-01", einde=[
        "" if rng.random() < 0.3 else f"2022-{1 + int(m) // 28:02d}-{1 + int(m) % 28:02d}"
        for m in rng.integers(0, 300, len(persons))])
    spells = spells[spells["einde"] != "2022-01-01"]
    durations = write_durations(spell_durations(spells, "start", "einde", by=["arbeidspositie"], until="2022-12-31"),
                                tmp_path / "duur.json")
    model = write_model(fit_model(persons.assign(jong=np.where(np.arange(len(persons)) % 3 == 0, "ja", "nee")),
                                  "bijstand", ["arbeidspositie", "jong"], interactions=[("arbeidspositie", "jong")]),
                        tmp_path / "model.json")
    at = open_page(new_app().run(), "doelgroepen")
    at.file_uploader(key="tg_table_upload").set_value(with_descriptor(table)).run()
    assert any("worden de duren van de demo niet getoond" in i for i in texts(at.info))
    at.file_uploader(key="tg_durations_upload").set_value(("duur.json", durations.read_bytes(),
                                                           "application/json")).run()
    at.file_uploader(key="tg_model_upload").set_value(("model.json", model.read_bytes(), "application/json")).run()
    assert_ok(at)
    assert not any("Synthetische demodata" in c for c in texts(at.caption))
    sentences = " ".join(texts(at.markdown))
    assert "Zzp'ers\\: de helft is na " in sentences or "Zzp'ers\\: minder dan de helft" in sentences
    assert "Wat werkt voor wie" in texts(at.header) and "Voor " in sentences
    assert "Bewaren voor een presentatie" not in texts(at.header)  # own results are gone after the session: no views
