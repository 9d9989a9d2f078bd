"""Durations from spells: Kaplan-Meier, Cox and log-rank against their definitions, the truth, and the curve rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize

from indicators.analysis.durations import MONTH_DAYS, DurationsError, spell_durations
from indicators.privacy.curves import step_events

UNTIL = pd.Timestamp("2024-12-31")
PER_MONTH = {"jong": 1 / 8, "midden": 1 / 14, "oud": 1 / 24}  # leaving rates: hazard ratios 1.75 and 0.583


def spells(n: int, seed: int, rates=PER_MONTH) -> pd.DataFrame:
    """``n`` benefit spells with exponential durations per age group, started 2020-2022, cut at the data end."""
    rng = np.random.default_rng(seed)
    group = rng.choice(list(rates), n)
    months = rng.exponential(1 / np.array([rates[g] for g in group]))
    start = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1000, n), unit="D")
    end = start + pd.to_timedelta(np.round(months * MONTH_DAYS), unit="D")
    running = end > UNTIL
    return pd.DataFrame({"persoon": np.arange(n), "start": start.strftime("%Y-%m-%d"),
                         "einde": np.where(running, "", end.strftime("%Y-%m-%d")), "leeftijd": group,
                         "reden": rng.choice(["werk", "verhuisd"], n, p=(0.7, 0.3))})


def months_and_events(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    start = pd.to_datetime(frame["start"])
    end = pd.to_datetime(frame["einde"].replace("", None))
    ended = end.notna().to_numpy()
    return ((end.fillna(UNTIL) - start).dt.days.to_numpy() / MONTH_DAYS), ended


def product_limit(months: np.ndarray, ended: np.ndarray, at: float) -> float:
    """Kaplan and Meier's product-limit estimate, written from the definition."""
    survival = 1.0
    for time in np.unique(months[ended & (months <= at)]):
        survival *= 1 - ((months == time) & ended).sum() / (months >= time).sum()
    return survival


def test_the_curve_is_the_product_limit_estimate_at_every_month_shown():
    frame = spells(600, seed=1)
    result = spell_durations(frame, "start", "einde", until=UNTIL, min_count=1)
    months, ended = months_and_events(frame)
    for point in result.overall.curve[1:]:
        assert point["still_in"] / 100 == pytest.approx(product_limit(months, ended, point["month"]), abs=1e-9)
    assert result.overall.curve[0] == {"month": 0, "still_in": 100.0, "ci_low": 100.0, "ci_high": 100.0,
                                       "at_risk": 600}


@pytest.mark.slow
def test_hazard_ratios_are_the_cox_partial_likelihood_maximum_with_breslow_ties():
    frame = spells(800, seed=2)
    result = spell_durations(frame, "start", "einde", by=["leeftijd"], until=UNTIL)
    months, ended = months_and_events(frame)
    reference = result.cox[0]["group"]
    others = [row["group"] for row in result.cox[1:]]
    x = np.column_stack([(frame["leeftijd"] == g).to_numpy(dtype=float) for g in others])

    def minus_log_partial_likelihood(beta):
        risk = x @ beta
        total = 0.0
        for time in np.unique(months[ended]):
            dying = (months == time) & ended
            total += risk[dying].sum() - dying.sum() * np.log(np.exp(risk[months >= time]).sum())
        return -total

    beta = minimize(minus_log_partial_likelihood, np.zeros(len(others)), method="BFGS", tol=1e-12).x
    assert reference in PER_MONTH
    for row, coefficient in zip(result.cox[1:], beta):
        assert row["hazard_ratio"] == pytest.approx(np.exp(coefficient), rel=1e-5)


@pytest.mark.slow
def test_the_truth_lies_in_the_intervals():
    result = spell_durations(spells(6000, seed=3), "start", "einde", by=["leeftijd"], until=UNTIL)
    reference, *others = result.cox
    assert reference["status"] == "reference" and len(others) == 2
    for row in others:  # the hazard ratio against the largest group is the ratio of the leaving rates
        truth = PER_MONTH[row["group"]] / PER_MONTH[reference["group"]]
        assert row["ci_low"] < truth < row["ci_high"], row
    for group in result.groups:
        median = np.log(2) / PER_MONTH[group.by["leeftijd"]]  # of an exponential duration
        assert group.median.ci_low <= median <= group.median.ci_high, (group.by, group.median, median)
        twelve = 100 * (1 - np.exp(-12 * PER_MONTH[group.by["leeftijd"]]))
        assert group.out_12.ci_low < twelve < group.out_12.ci_high
    assert result.logrank["p_value"] < 1e-10 and result.logrank["df"] == 2


@pytest.mark.slow
def test_no_step_of_a_curve_shown_hides_fewer_than_the_threshold_of_events():
    """The attack: from the raw spells, count the events inside each published step, and who was at risk."""
    for seed in range(12):
        frame = spells(int(np.random.default_rng(seed).integers(40, 400)), seed=seed)
        result = spell_durations(frame, "start", "einde", by=["leeftijd"], until=UNTIL)
        months, ended = months_and_events(frame)
        for group in [result.overall, *result.groups]:
            if group.status != "ok":
                continue
            inside = np.ones(len(frame), dtype=bool) if not group.by else \
                (frame["leeftijd"] == group.by["leeftijd"]).to_numpy()
            shown = [p["month"] for p in group.curve[1:]]
            assert all(count >= 10 for count in step_events(months[inside], ended[inside], shown)), (seed, group.by)
            edges = [0, *shown[:-1]]
            assert all((months[inside] > edge).sum() >= 10 for edge in edges)
            assert all(p["at_risk"] % 5 == 0 for p in group.curve)


def test_time_to_work_counts_only_ends_into_work():
    frame = spells(2000, seed=4)
    everything = spell_durations(frame, "start", "einde", until=UNTIL)
    work = spell_durations(frame, "start", "einde", event=("reden", "werk"), until=UNTIL)
    ended = frame["einde"] != ""
    assert everything.overall.events == ended.sum()
    assert work.overall.events == (ended & (frame["reden"] == "werk")).sum()
    assert work.overall.median.value > everything.overall.median.value  # fewer events: a slower curve


def test_durable_outflow_and_reentry_are_shares_of_the_right_spells():
    rows = []
    for person in range(40):  # 40 persons end a spell in 2022; the first 15 start again within 12 months
        rows.append((person, "2021-01-01", "2022-03-01", int(person >= 10)))
        if person < 15:
            rows.append((person, "2022-09-01", "", 0))
    frame = pd.DataFrame(rows, columns=["persoon", "start", "einde", "duurzaam"])
    result = spell_durations(frame, "start", "einde", durable="duurzaam", person="persoon", until=UNTIL)
    assert result.overall.durable.value == pytest.approx(100 * 30 / 40)  # of the 40 ended spells
    assert result.overall.reentry.value == pytest.approx(100 * 15 / 40)
    low, high = result.overall.reentry.ci_low, result.overall.reentry.ci_high
    assert low < 37.5 < high


def test_a_small_group_shows_nothing():
    frame = spells(300, seed=5)
    frame.loc[frame.index[:6], "leeftijd"] = "zeldzaam"
    result = spell_durations(frame, "start", "einde", by=["leeftijd"], until=UNTIL)
    rare = next(g for g in result.groups if g.by == {"leeftijd": "zeldzaam"})
    assert rare.status == "secret" and rare.curve == [] and rare.median.value is None
    assert rare.to_dict()["spells"] in (5, 10) and "leeftijd=zeldzaam: not shown" in " ".join(result.notes)


@pytest.mark.parametrize("change, message", [
    (lambda f: f.assign(einde=f["start"].where(f.index != 3, "2019-01-01")), "row 5 ends before it starts"),
    (lambda f: f.assign(start=f["start"].where(f.index != 0, "morgen")), "row 2 has 'morgen' in 'start'"),
    (lambda f: f.drop(columns="leeftijd"), "column 'leeftijd' is not in the spells"),
])
def test_bad_spells_say_what_to_do(change, message):
    with pytest.raises(DurationsError, match=message):
        spell_durations(change(spells(50, seed=6)), "start", "einde", by=["leeftijd"], until=UNTIL)
