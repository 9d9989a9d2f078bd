"""The events method on generated data: known effects recovered, no effect found where there is none, a citywide
shock not counted, the controls and the disclosure rule applied, bad input refused with a clear message."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pytest

from geo.demo_events import DEMO_EVENTS, SHOCKS, generate_demo_events, true_effect
from indicators.analysis.events import (
    ESTIMATED,
    WITHHELD,
    Effect,
    EventsError,
    EventStudy,
    describe_effect,
    neighbours_of,
    read_events,
    read_series,
)
from indicators.core.errors import InputError
from tests.conftest import DEMO_DATA


@pytest.fixture(scope="session")
def wijken():
    from geo.boundaries import read_boundaries

    path = DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"
    if not path.exists():
        pytest.skip("demo data not generated (python cli.py demo --out data/demo)")
    return read_boundaries(path, layer="wijken").table.data


@pytest.fixture(scope="session")
def neighbours(wijken):
    return neighbours_of(wijken)


@pytest.fixture(scope="session")
def demo_study(neighbours):
    """The shipped demo files, measured as the page and the CLI measure them (with boundaries)."""
    events, series = DEMO_DATA / "evenementen_demo.csv", DEMO_DATA / "omzet_demo.csv"
    if not series.exists():
        pytest.skip("demo events not generated (python cli.py demo --out data/demo)")
    return EventStudy(read_events(events), read_series(series), neighbours=neighbours)


@pytest.fixture(scope="session")
def demo_report(demo_study):
    return demo_study.effects()


def _effect(report, naam, sector):
    return next(e for e in report.effects if e.naam == naam and e.sector == sector)


def test_the_shipped_demo_files_are_what_the_generator_makes(wijken, tmp_path):
    for path in generate_demo_events(tmp_path, wijken):
        shipped = DEMO_DATA / path.name
        assert shipped.read_bytes() == path.read_bytes(), f"{path.name} is stale: run python cli.py demo"


def test_every_known_effect_lies_inside_its_interval(demo_report):
    estimated = [e for e in demo_report.effects if e.status == ESTIMATED]
    assert len(estimated) >= 20
    for effect in estimated:
        truth = np.mean([true_effect(effect.naam, sector) for sector in effect.sectors])
        assert effect.ci_low_pct <= truth <= effect.ci_high_pct, (effect.naam, effect.sector, truth, effect)
        assert effect.ci_low_pct < effect.effect_pct < effect.ci_high_pct
        assert effect.ci_low < effect.effect < effect.ci_high  # amounts follow the percentages


def test_large_effects_are_found_and_described_in_plain_dutch(demo_report):
    jazz = _effect(demo_report, "Jazz in het Park", "horeca")
    assert jazz.measurable and jazz.verdict == "higher"
    sentence = describe_effect(jazz, "nl", {"WK999901": "Centrum"})
    assert sentence.startswith("Tijdens Jazz in het Park lag de omzet in de horeca in Centrum ")
    assert sentence.endswith("hoger dan verwacht.")
    assert f"{round(jazz.effect_pct)}% ({round(jazz.ci_low_pct)}–{round(jazz.ci_high_pct)}%)" in sentence
    assert describe_effect(jazz, "en", {"WK999901": "Centrum"}).endswith("higher than expected.")


@pytest.mark.parametrize("naam", [e.naam for e in DEMO_EVENTS if not any(e.effects.values())])
def test_an_event_without_effect_has_an_interval_that_includes_zero(demo_report, naam):
    effects = [e for e in demo_report.effects if e.naam == naam and e.status == ESTIMATED]
    assert effects
    for effect in effects:
        assert effect.ci_low_pct <= 0 <= effect.ci_high_pct
        assert effect.verdict == "none" and not effect.measurable
        sentence = describe_effect(effect)
        assert "geen meetbaar effect" in sentence and " 0%" not in sentence
        assert "no measurable effect" in describe_effect(effect, "en")


def test_a_citywide_shock_during_an_event_is_not_counted(demo_report):
    heat = next(shock for shock in SHOCKS if shock.label == "Hittegolf")
    event = next(e for e in DEMO_EVENTS if e.naam == "Havenfestival")
    assert heat.start <= event.start and event.eind <= heat.end  # the event lies inside the heat wave
    effect = _effect(demo_report, "Havenfestival", "horeca")
    truth = event.effects["horeca"]
    with_shock = 100 * ((1 + truth / 100) * heat.factors["horeca"] - 1)  # what a plain before/after would see
    assert effect.ci_low_pct <= truth <= effect.ci_high_pct
    assert not effect.ci_low_pct <= with_shock <= effect.ci_high_pct
    shops = _effect(demo_report, "Havenfestival", "detailhandel")  # -30% citywide, 0 from the event
    assert shops.ci_low_pct <= 0 <= shops.ci_high_pct


def _toy_series(effect=0.0, shock=1.0, days=140, event_at=120, length=3, seed=0):
    """Six areas, one sector, iid noise; a citywide factor and an effect on the first area's event days."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2024-01-01", periods=days, freq="D")
    rows = []
    for number in range(6):
        level = 1000 * (number + 1) * np.where(dates.day_of_week >= 5, 1.4, 1.0)
        factor = np.ones(days)
        factor[event_at:event_at + length] *= shock
        if number == 0:
            factor[event_at:event_at + length] *= 1 + effect / 100
        value = level * factor * np.exp(rng.normal(0, 0.04, days))
        rows.append(pd.DataFrame({"datum": dates, "gebied": f"WK9999{number + 1:02d}", "sector": "horeca",
                                  "waarde": value, "bedrijven": 10.0}))
    events = pd.DataFrame({"naam": ["Toets"], "start": [dates[event_at]], "eind": [dates[event_at + length - 1]],
                           "gebied": ["WK999901"]})
    return events, pd.concat(rows, ignore_index=True)


@pytest.mark.parametrize("effect", [0.0, 20.0])
def test_a_citywide_shock_on_the_event_days_cancels_against_the_controls(effect):
    events, series = _toy_series(effect=effect, shock=1.5)
    found = EventStudy(events, series).effects().effects[0]
    assert found.ci_low_pct <= effect <= found.ci_high_pct
    assert not found.ci_low_pct <= 100 * ((1 + effect / 100) * 1.5 - 1) <= found.ci_high_pct


def test_days_of_other_events_are_left_out_of_the_baseline():
    events, series = _toy_series(effect=0.0)
    boosted = series["gebied"].eq("WK999901") & series["datum"].eq(events.at[0, "start"] - pd.Timedelta(days=7))
    series.loc[boosted, "waarde"] *= 3  # an earlier event on the same weekday, one week before
    earlier = pd.DataFrame({"naam": ["Eerder"], "start": [events.at[0, "start"] - pd.Timedelta(days=7)],
                            "eind": [events.at[0, "start"] - pd.Timedelta(days=7)], "gebied": ["WK999901"]})
    both = pd.concat([events, earlier], ignore_index=True)
    first = EventStudy(both, series).effects().effects[0]
    assert first.ci_low_pct <= 0 <= first.ci_high_pct
    assert first.baseline_days == 3 * 8 - 1  # 8 weeks for each of 3 days, less the earlier event's day


def test_neighbours_are_left_out_of_the_default_controls_and_get_their_spillover(demo_study, neighbours):
    index = next(i for i, row in demo_study.events.iterrows() if row["naam"] == "Jazz in het Park")
    controls = demo_study.controls_for(index, ("horeca",))
    assert controls and not set(controls) & (neighbours["WK999901"] | {"WK999901"})
    by_district = demo_study.district_effects(index, ("horeca",))
    for code in neighbours["WK999901"]:
        effect = by_district[code]
        if effect.status == ESTIMATED:
            assert effect.ci_low_pct <= true_effect("Jazz in het Park", "horeca", code, neighbours) <= \
                effect.ci_high_pct
    assert by_district["WK999901"].effect_pct == pytest.approx(_effect(demo_study.effects(), "Jazz in het Park",
                                                                       "horeca").effect_pct)


def test_given_controls_are_used_and_unknown_ones_refused():
    events, series = _toy_series()
    study = EventStudy(events, series, controls=["999903", "wk999904"])
    assert study.effects().effects[0].controls == ("WK999903", "WK999904")
    with pytest.raises(InputError, match="WK999977 has no series"):
        EventStudy(events, series, controls=["WK999977"])


def test_a_sector_with_too_few_businesses_is_withheld_and_measured_in_an_aggregate(demo_report):
    food = [e for e in demo_report.effects if e.naam == "Foodtruckfestival"]
    withheld = {e.sector: e for e in food if e.status == WITHHELD}
    assert set(withheld) == {"logies", "horeca"}
    assert all(e.effect is None and e.effect_pct is None for e in withheld.values())
    assert "niet apart getoond" in describe_effect(withheld["logies"])
    merged = next(e for e in food if e.sectors == ("horeca", "logies"))
    assert merged.status == ESTIMATED and merged.ci_low_pct <= 22.0 <= merged.ci_high_pct
    reasons = {(w.what["naam"], w.what["sector"]): (w.reason, w.cause) for w in demo_report.withheld}
    assert reasons[("Foodtruckfestival", "logies")] == ("primary", "few")
    assert reasons[("Foodtruckfestival", "horeca")] == ("secondary", "")


def test_a_dominated_area_is_withheld_on_the_map_and_in_the_timeline(demo_study):
    index = next(i for i, row in demo_study.events.iterrows() if row["naam"] == "Kunstroute")
    by_district = demo_study.district_effects(index, ("detailhandel",))
    assert by_district["WK999909"].status == WITHHELD  # Heidepark's shops: one supermarket makes 60%
    assert by_district["WK999909"].effect_pct is None


def test_without_a_number_of_businesses_nothing_is_shown():
    events, series = _toy_series(effect=20.0)
    series = series.drop(columns="bedrijven")
    series["bedrijven"] = np.nan
    study = EventStudy(events, series)
    report = study.effects()
    assert [e.status for e in report.effects] == [WITHHELD]
    assert any("fails closed" in note for note in report.notes)
    timeline = study.timeline(0, ("horeca",))
    assert timeline["gebied"].isna().all() and timeline["verwacht"].isna().all() and timeline["afgeschermd"].all()


def test_the_timeline_shows_the_area_its_baseline_and_the_controls(demo_study):
    index = next(i for i, row in demo_study.events.iterrows() if row["naam"] == "Havenfestival")
    timeline = demo_study.timeline(index, ("horeca",))
    assert list(timeline.columns) == ["datum", "gebied", "basis", "verwacht", "evenement", "afgeschermd"]
    assert timeline["evenement"].sum() == 2
    assert len(timeline) == 8 * 7 + 2 + 14
    on_days = timeline[timeline["evenement"]]
    assert (on_days["gebied"] > on_days["verwacht"]).all()  # the festival lifted horeca above the expectation


def test_files_in_every_format_and_spelling_read_the_same(tmp_path):
    events, series = _toy_series()
    written = events.assign(gebied=["999901"], start=events["start"].dt.strftime("%d-%m-%Y"))
    (tmp_path / "e.csv").write_text(written.to_csv(sep=";", index=False), encoding="utf-8-sig")
    events.to_excel(tmp_path / "e.xlsx", index=False)
    series.to_parquet(tmp_path / "s.parquet")
    dutch = series.assign(waarde=series["waarde"].map(lambda v: f"{v:.2f}".replace(".", ",")))
    (tmp_path / "s.csv").write_text(dutch.to_csv(sep=";", index=False), encoding="cp1252")
    read = [read_events(tmp_path / name) for name in ("e.csv", "e.xlsx")]
    assert read[0].equals(read[1])
    assert read[0].at[0, "gebied"] == "WK999901"
    parquet, csv = read_series(tmp_path / "s.parquet"), read_series(tmp_path / "s.csv")
    assert np.allclose(parquet["waarde"], csv["waarde"], atol=0.006)


@pytest.mark.parametrize("text, match", [
    ("naam;begin\nA;2024-01-01\n", "has no column 'gebied'"),
    ("naam;start;eind;gebied\nA;2024-13-45;;WK999901\n", "row 2 has '2024-13-45' in 'start', not a date"),
    ("naam;start;eind;gebied\nA;2024-01-05;2024-01-01;WK999901\n", "ends before it starts"),
    ("naam;start;eind;gebied\nA;2024-01-05;;Centrum\n", "not a wijk or buurt code"),
    ("naam;start;eind;gebied\n;2024-01-05;;WK999901\n", "has no 'naam'"),
    ("naam;start;eind;gebied\nA;2024-01-05;;WK999901\nA;2024-01-05;;WK999901\n", "listed twice"),
])
def test_bad_events_are_refused_with_a_clear_message(text, match):
    with pytest.raises(InputError, match=match):
        read_events(text.encode(), "evenementen.csv")


@pytest.mark.parametrize("text, match", [
    ("datum;gebied;sector;waarde\n2024-01-01;WK999901;horeca;-5\n", "negative 'waarde'"),
    ("datum;gebied;sector;waarde\n2024-01-01;WK999901;horeca;veel\n", "'veel' in 'waarde', not a number"),
    ("datum;gebied;sector;waarde\n2024-01-01;WK999901;horeca;5\n2024-01-01;WK999901;horeca;6\n", "occurs twice"),
    ("datum;gebied;waarde\n2024-01-01;WK999901;5\n", "no column 'sector'"),
    ("datum;gebied;sector;waarde\n" + "".join(f"2024-01-{d:02d};WK999901;horeca;5\n" for d in (1, 4, 7, 10)),
     "one value per 3 days, no day, week, month or quarter"),
])
def test_bad_series_are_refused_with_a_clear_message(text, match):
    with pytest.raises(InputError, match=match):
        read_series(text.encode(), "omzet.csv")


def test_wrong_files_and_settings_are_refused(tmp_path):
    with pytest.raises(InputError, match="unsupported file type '.json'"):
        read_events(b"{}", "evenementen.json")
    with pytest.raises(InputError, match="not CSV text"):
        read_series(io.BytesIO(b"PK\x03\x04rest").getvalue(), "omzet.csv")
    with pytest.raises(InputError, match="does not exist"):
        read_series(tmp_path / "absent.csv")
    events, series = _toy_series()
    with pytest.raises(InputError, match="2 to 26 weeks"):
        EventStudy(events, series, baseline_weeks=1)
    with pytest.raises(InputError, match="occurs in the series"):
        EventStudy(events.assign(gebied="WK999977"), series)


def test_a_daily_series_with_closed_days_is_read():
    days = [d for d in pd.date_range("2024-01-01", "2024-01-28") if d.day_of_week != 6]  # closed on Sundays
    text = "datum;gebied;sector;waarde\n" + "".join(f"{d:%Y-%m-%d};WK999901;winkels;5\n" for d in days)
    assert len(read_series(text.encode(), "omzet.csv")) == len(days)


def test_dutch_headers_for_the_end_date_are_read():
    for header in ("Tot en met", "t/m", "Einddatum"):
        text = f"Evenement;Begindatum;{header};Wijkcode\nJazz;12-7-2024;14-7-2024;WK191601\n"
        events = read_events(text.encode(), "evenementen.csv")
        assert (events.loc[0, "eind"] - events.loc[0, "start"]).days == 2, header


def test_a_visitor_series_without_businesses_gives_an_effect_with_its_kind_and_is_withheld_without():
    """Footfall counts have no businesses behind them: --kind visitors; as turnover they fail closed, as now."""
    from tests.own_data import own_events

    events, series, truth = own_events([f"WK0363{n:02d}" for n in range(1, 9)])
    visitors = series.drop(columns="businesses").rename(columns={"turnover": "bezoekers"})
    visitors = visitors.rename(columns={"bezoekers": "waarde"})
    as_turnover = EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(visitors), "s.csv")).effects()
    assert {e.status for e in as_turnover.effects} == {"withheld"}
    study = EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(visitors), "s.csv"), kind="visitors")
    report = study.effects()
    cafes = next(e for e in report.effects if e.naam == "Zomerpodium" and e.sectors == ("cafés",))
    assert cafes.status == "estimated" and cafes.ci_low_pct < truth["Zomerpodium"][1] < cafes.ci_high_pct
    assert report.to_dict()["method"]["business_rule"] is False
    assert report.to_dict()["events"][0]["beschrijving"].startswith("Tijdens Zomerpodium lag het aantal bezoekers")
    assert any("business disclosure rule does not apply" in note for note in report.notes)
    with pytest.raises(EventsError, match="kind of series should be one of"):
        EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(visitors), "s.csv"), kind="voetgangers")


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(sep=";", index=False).encode()


def test_large_known_effects_rank_first_among_the_placebo_areas(demo_report):
    for naam, sector in (("Havenfestival", "horeca"), ("Zomerkermis", "horeca"), ("Braderie Molenwijk",
                                                                                  "detailhandel")):
        effect = _effect(demo_report, naam, sector)
        assert effect.placebo_rank == 1 and effect.placebo_areas >= 4, effect
    document = demo_report.to_dict()
    assert all("placebo_rank" in e and "placebo_areas" in e for e in document["events"])
    assert all(e["placebo_rank"] is None for e in document["events"] if e["uitkomst"] == "withheld")


@pytest.mark.slow
def test_without_an_effect_the_placebo_rank_is_no_better_than_chance():
    """An event with no effect: across many drawn series its rank is spread, first only about 1 in n+1 times."""
    from tests.own_data import own_events

    firsts, runs = 0, 30
    for seed in range(runs):
        events, series, _ = own_events([f"WK0363{n:02d}" for n in range(1, 11)], seed=seed, effect=0.0)
        study = EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(series), "s.csv"), kind="visitors")
        effect = next(e for e in study.effects().effects if e.naam == "Zomerpodium" and e.sectors == ("cafés",))
        firsts += effect.placebo_rank == 1
    assert firsts <= 8  # 1 in 10 expected: 3 of 30; 8 or more would happen by chance less than 1% of the time



def _weekly(series: pd.DataFrame) -> pd.DataFrame:
    """A daily own series summed to weeks (each dated by its Monday), as PIN data per week arrive."""
    days = pd.to_datetime(series["date"], format="%d-%m-%Y")
    week = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    return series.assign(date=week).groupby(["date", "area", "branche"], as_index=False).agg(
        turnover=("turnover", "sum"), businesses=("businesses", "max"))


def test_a_weekly_series_recovers_the_events_share_of_its_week():
    """+25% on Friday to Sunday of a café week is about +15% of the week (those days' share of its turnover)."""
    from tests.own_data import own_events

    events, series, _ = own_events([f"WK0363{n:02d}" for n in range(1, 11)], seed=3)
    study = EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(_weekly(series)), "s.csv"))
    assert study.period == "week" and study.days[0].tolist() == [pd.Timestamp("2024-07-08")]
    cafes = next(e for e in study.effects().effects if e.naam == "Zomerpodium" and e.sectors == ("cafés",))
    share = (1.3 + 1.6 + 1.1) / (0.6 + 0.6 + 0.7 + 0.9 + 1.3 + 1.6 + 1.1)  # the weekday pattern of own_events
    assert cafes.ci_low_pct < 25 * share < cafes.ci_high_pct and cafes.measurable
    assert study.effects().to_dict()["method"]["period"] == "week"
    timeline = study.timeline(0, ("cafés",))
    assert timeline["evenement"].sum() == 1 and len(timeline) > 8


def test_a_monthly_series_recovers_a_month_long_effect():
    rng = np.random.default_rng(8)
    months = pd.date_range("2021-01-01", "2024-12-01", freq="MS")
    season = 1 + 0.2 * np.cos(2 * np.pi * (months.month - 7) / 12)
    rows = []
    for number, area in enumerate([f"WK0363{n:02d}" for n in range(1, 9)]):
        level = 10_000 * (1 + number / 5) * season * np.exp(rng.normal(0, 0.03, len(months)))
        if area == "WK036301":
            level = level * np.where(months == "2024-06-01", 1.2, 1.0)
        rows += [(f"{m:%Y-%m-%d}", area, "horeca", round(v, 2), 30) for m, v in zip(months, level)]
    series = pd.DataFrame(rows, columns=["datum", "gebied", "sector", "waarde", "bedrijven"])
    events = pd.DataFrame({"naam": ["Zomermaand"], "start": ["2024-06-01"], "eind": ["2024-06-30"],
                           "gebied": ["WK036301"]})
    study = EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(series), "s.csv"))
    (effect,) = study.effects().effects
    assert study.period == "month" and study.baseline == 12
    assert effect.ci_low_pct < 20 < effect.ci_high_pct and effect.measurable, effect


def test_a_long_event_says_first_that_only_its_first_days_were_measured():
    """A 122-day event: after 8 weeks every baseline week lies inside the event, so only 42 days are measured."""
    from tests.own_data import own_events

    events, series, _ = own_events([f"WK0363{n:02d}" for n in range(1, 11)], seed=3)
    events.loc[0, ["from", "to"]] = ["1-6-2024", "30-9-2024"]
    study = EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(series), "s.csv"))
    effect = study.effects().effects[0]
    assert (effect.days, effect.event_days) == (42, 122)
    assert describe_effect(effect).startswith("Gemeten over de eerste 42 van de 122 dagen of perioden")
    assert study.effects().to_dict()["events"][0]["event_days"] == 122


def test_a_long_event_is_checked_by_a_synthetic_control_that_finds_the_same_effect():
    """30 days of +10% in one area: the synthetic control (pysyncon) agrees with the difference-in-differences."""
    rng = np.random.default_rng(24)  # its realised effect is 9.8% (the noise of June against the weeks before)
    days = pd.date_range("2024-01-01", "2024-09-30", freq="D")
    weekday = np.array([1.0, 0.9, 0.9, 1.0, 1.2, 1.5, 0.7])[days.day_of_week]
    city = np.exp(rng.normal(0, 0.05, len(days)))
    rows = []
    for number, area in enumerate([f"WK0363{n:02d}" for n in range(1, 11)]):
        value = 1000 * (1 + number / 4) * weekday * city * np.exp(rng.normal(0, 0.04, len(days)))
        if area == "WK036301":
            value = value * np.where((days >= "2024-06-01") & (days <= "2024-06-30"), 1.10, 1.0)
        rows += [(f"{d:%Y-%m-%d}", area, "horeca", round(v, 2), 20) for d, v in zip(days, value)]
    series = pd.DataFrame(rows, columns=["datum", "gebied", "sector", "waarde", "bedrijven"])
    events = pd.DataFrame({"naam": ["Zomerexpositie"], "start": ["2024-06-01"], "eind": ["2024-06-30"],
                           "gebied": ["WK036301"]})
    (effect,) = EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(series), "s.csv")).effects().effects
    assert effect.ci_low_pct < 10 < effect.ci_high_pct
    assert effect.synthetic_pct == pytest.approx(10, abs=3)
    assert "tweede methode" not in describe_effect(effect)  # they agree: no warning


def test_methods_that_disagree_are_said_in_the_sentence():
    from dataclasses import replace as changed

    effect = Effect("Kermis", date(2024, 6, 1), date(2024, 6, 30), "WK036301", ("horeca",), effect=100.0,
                    ci_low=50.0, ci_high=150.0, effect_pct=8.0, ci_low_pct=4.0, ci_high_pct=12.0, days=30,
                    event_days=30, synthetic_pct=1.5)
    assert describe_effect(effect).endswith("Een tweede methode (synthetische controle) komt uit op +2%, buiten "
                                            "dit interval: lees het effect met voorzichtigheid.")
    assert "tweede methode" not in describe_effect(changed(effect, synthetic_pct=9.0))


def test_a_large_effect_stands_out_against_its_own_area_at_earlier_dates(demo_report):
    """Placebo in time: the event moved to earlier weeks of its own area; a large effect ranks first."""
    effect = _effect(demo_report, "Havenfestival", "horeca")
    assert effect.placebo_time_rank == 1 and effect.placebo_times >= 6, effect
    document = demo_report.to_dict()
    assert all("placebo_time_rank" in e and "placebo_times" in e for e in document["events"])


@pytest.mark.slow
def test_without_an_effect_the_placebo_rank_in_time_is_no_better_than_chance():
    from tests.own_data import own_events

    firsts, runs = 0, 30
    for seed in range(runs):
        events, series, _ = own_events([f"WK0363{n:02d}" for n in range(1, 11)], seed=100 + seed, effect=0.0)
        study = EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(series), "s.csv"), kind="visitors")
        effect = next(e for e in study.effects().effects if e.naam == "Zomerpodium" and e.sectors == ("cafés",))
        assert effect.placebo_times >= 6
        firsts += effect.placebo_time_rank == 1
    assert firsts <= 8  # about 1 in placebo_times + 1 expected


def test_an_event_in_two_areas_is_measured_in_each_without_the_other_among_its_controls():
    from tests.own_data import own_events

    events, series, truth = own_events([f"WK0363{n:02d}" for n in range(1, 11)], seed=3)
    events.loc[0, "area"] = "WK036301, WK036302"
    study = EventStudy(read_events(_csv(events), "e.csv"), read_series(_csv(series), "s.csv"))
    assert study.events["gebied"].tolist() == ["WK036301", "WK036302", events.loc[1, "area"]]
    effects = [e for e in study.effects().effects if e.naam == "Zomerpodium" and e.sectors == ("cafés",)]
    first, second = sorted(effects, key=lambda e: e.gebied)
    assert first.measurable and first.ci_low_pct < 25 < first.ci_high_pct  # the effect was built into 01 only
    assert not second.measurable and "WK036301" not in second.controls and "WK036302" not in first.controls
    with pytest.raises(EventsError, match="row 3 has 'nergens' in 'gebied'"):
        read_events(_csv(events.assign(area=["WK036301, WK036302", "nergens"])), "e.csv")
