"""App logic of the Evenementen page on the demo data: it works at first open, in Dutch and English."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.app.conftest import assert_ok, maps_sent, new_app, open_page, texts
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.skipif(not (DEMO_DATA / "omzet_demo.csv").exists(), reason="demo events not generated")


@pytest.fixture(scope="module")
def events_page():
    at = open_page(new_app().run(), "evenementen")
    assert_ok(at)
    return at


@pytest.mark.slow
def test_the_page_opens_on_the_first_event_with_sentences_in_plain_dutch(events_page):
    choice = events_page.selectbox(key="events_event")
    assert len(choice.options) == 8
    assert choice.value == 0 and choice.options[0].startswith("Jazz in het Park (Centrum, 07-07-2023")
    sentences = texts(events_page.markdown)
    assert any("Tijdens Jazz in het Park lag de omzet in de horeca in Centrum" in s and "hoger dan verwacht" in s
               for s in sentences)
    assert "Synthetische demodata" in " ".join(texts(events_page.caption))
    assert events_page.dataframe[0].value.shape[0] == 3  # detailhandel, horeca, logies


@pytest.mark.slow
def test_the_page_shows_the_timeline_the_ranking_and_what_was_withheld(events_page):
    assert len(events_page.get("vega_lite_chart")) == 2  # the timeline and the ranking
    captions = " ".join(texts(events_page.caption))
    assert "Controlegebieden:" in captions and "Centrum" not in captions.split("Controlegebieden:")[1][:80]
    assert "minder dan 3 bedrijven" in captions
    withheld = [s for s in texts(events_page.markdown) if s.startswith("- Foodtruckfestival")]
    assert len(withheld) == 2


@pytest.mark.slow
def test_an_event_with_a_withheld_sector_offers_only_what_may_be_shown():
    at = open_page(new_app().run(), "evenementen")
    index = next(i for i, label in enumerate(at.selectbox(key="events_event").options)
                 if label.startswith("Foodtruckfestival"))
    at.selectbox(key="events_event").set_value(index).run()
    assert_ok(at)
    options = at.radio(key="events_sector").options
    assert "Horeca + logies" in options and "Horeca" not in options
    rows = at.dataframe[0].value
    withheld = rows[rows["Uitkomst"] == "niet getoond"]
    assert len(withheld) == 2 and (withheld["Effect (%)"] == "").all()


@pytest.mark.slow
def test_the_page_speaks_english_too():
    at = open_page(new_app(taal="en").run(), "evenementen")
    assert_ok(at)
    assert any(s.startswith("- During Jazz in het Park") for s in texts(at.markdown))
    at.number_input(key="events_weeks").set_value(6).run()
    assert_ok(at)
    assert any("6 weeks before" in c for c in texts(at.caption))


# --- the user's own events and series -----------------------------------------------------------------------


def _own_files(events, series) -> tuple[tuple, tuple]:
    """Events as XLSX and the series as a Dutch CSV (semicolons, decimal commas): two uploads."""
    import io

    workbook = io.BytesIO()
    events.to_excel(workbook, index=False)
    text = series.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")
    return (("mijn_evenementen.xlsx", workbook.getvalue(), "application/octet-stream"),
            ("pin_omzet.csv", text, "text/csv"))


def _upload_events(at, events_file, series_file):
    at.file_uploader(key="events_upload").set_value(events_file).run()
    at.file_uploader(key="events_upload_series").set_value(series_file).run()
    return at


@pytest.mark.slow
def test_own_events_on_uploaded_boundaries_show_their_effect_names_and_map_without_the_demo_mark(real_file):
    from tests.app.conftest import GM1916_WIJKEN
    from tests.app.test_gegevens import GM1916_CODES, upload
    from tests.own_data import own_events

    boundaries = real_file(GM1916_WIJKEN)
    events, series, truth = own_events(GM1916_CODES)
    at = open_page(new_app().run(), "gegevens")
    upload(at, boundaries=(boundaries.name, boundaries.read_bytes(), "application/geo+json"))
    at = open_page(at, "evenementen")
    events_file, series_file = _own_files(events, series)
    at.file_uploader(key="events_upload").set_value(events_file).run()
    assert_ok(at)
    assert texts(at.info) == ["Upload zowel de evenementen als de reeks; tot dan wordt niets getoond, ook de demo "
                              "niet."]
    assert not [box for box in at.selectbox if box.key == "events_event"]  # no demo event shown meanwhile
    at.file_uploader(key="events_upload_series").set_value(series_file).run()
    assert_ok(at)
    assert at.selectbox(key="events_event").options == [
        "Zomerpodium (De Zijde / Duivenvoorde / Park Veursehout, 12-07-2024 – 14-07-2024)",
        "Boekenbeurs (Damsigt en omgeving, 03-08-2024)"]
    sentences = " ".join(texts(at.markdown))
    assert "lag de omzet in de sector cafés in De Zijde / Duivenvoorde / Park Veursehout" in sentences
    rows = at.dataframe[0].value.set_index("Sector")
    assert rows.loc["Cafés", "Uitkomst"] == "hoger"
    assert rows.loc["Winkels", "Uitkomst"] == "geen meetbaar effect"
    captions = " ".join(texts(at.caption))
    assert "Synthetische demodata" not in captions
    assert "Controlegebieden:" in captions and "Leidschendam" in captions
    assert truth["Zomerpodium"] == ("WK191601", 25.0)
    assert rows.loc["Cafés", "Effect (%)"] == "+31%"
    assert "31% \\(23–38%\\) hoger" in sentences  # the true +25% lies within the interval
    assert len(maps_sent(at)) == 1  # the effect per wijk, on the uploaded GM1916 wijken


@pytest.mark.slow
def test_own_events_on_areas_no_boundaries_hold_are_measured_and_say_why_there_is_no_map():
    from tests.own_data import own_events

    events, series, _ = own_events([f"WK0363{n:02d}" for n in range(1, 9)])
    at = _upload_events(open_page(new_app().run(), "evenementen"), *_own_files(events, series))
    assert_ok(at)
    assert any("Geen grenzen in deze sessie bevatten de gebieden" in text for text in texts(at.info))
    assert "WK036301" in at.selectbox(key="events_event").options[0]  # no names: the code
    assert maps_sent(at) == []


@pytest.mark.slow
def test_a_weekly_series_is_measured_per_week_and_an_irregular_one_refused_in_words():
    from tests.indicators.analysis.test_events import _weekly
    from tests.own_data import own_events

    events, series, _ = own_events([f"WK0363{n:02d}" for n in range(1, 9)])
    at = _upload_events(open_page(new_app().run(), "evenementen"), *_own_files(events, _weekly(series)))
    assert_ok(at)
    assert any("lag de omzet in de sector cafés" in s for s in texts(at.markdown))
    assert any("een reeks per week heeft als basis de 8 weken ervoor" in c for c in texts(at.caption))
    dates = pd.to_datetime(series["date"], format="%d-%m-%Y")
    irregular = series[dates.dt.day_of_year % 3 == 0]
    at.file_uploader(key="events_upload_series").set_value(_own_files(events, irregular)[1]).run()
    assert_ok(at)
    assert texts(at.error) == ["De reeks kan niet worden gelezen: de reeks heeft één waarde per 3 dagen: geen dag, "
                               "week, maand of kwartaal. Geef één waarde per dag, week, maand of kwartaal, gebied en "
                               "sector."]
    at.file_uploader(key="events_upload_series").set_value(None).run()
    at.file_uploader(key="events_upload").set_value(None).run()
    assert_ok(at)
    assert "Synthetische demodata" in " ".join(texts(at.caption))  # both removed: the demo again


@pytest.mark.slow
def test_a_series_without_a_sector_column_names_the_file_what_was_found_and_what_else_is_accepted():
    from tests.own_data import own_events

    events, series, _ = own_events([f"WK0363{n:02d}" for n in range(1, 9)])
    events = events.rename(columns={"to": "tot en met"})
    at = _upload_events(open_page(new_app().run(), "evenementen"), *_own_files(events, series.drop(columns="branche")))
    assert_ok(at)
    (error,) = texts(at.error)
    assert error.startswith("De reeks kan niet worden gelezen: de kolom sector ontbreekt (gevonden: date, area, ")
    assert "ook goed: sector\\: branche" in error  # (the colon made safe for Markdown)


@pytest.mark.slow
def test_own_visitor_counts_are_measured_with_their_kind_and_no_business_rule():
    from tests.own_data import own_events

    events, series, _ = own_events([f"WK0363{n:02d}" for n in range(1, 9)])
    visitors = series.drop(columns="businesses").rename(columns={"turnover": "waarde"})
    at = open_page(new_app().run(), "evenementen")
    at.selectbox(key="events_kind").set_value("visitors").run()
    assert any("geldt de geheimhouding per bedrijf niet" in c for c in texts(at.caption))
    at = _upload_events(at, *_own_files(events, visitors))
    assert_ok(at)
    sentences = " ".join(texts(at.markdown))
    assert "lag het aantal bezoekers in de sector cafés" in sentences
    assert "Omzet is bedrijfsgevoelig" not in " ".join(texts(at.caption))
