"""The checked logistic model: known odds ratios come back, small categories are merged or withheld."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from indicators.analysis.models import OTHER, ModelError, check_categories, fit_model, model_sentences, read_model
from tests.conftest import DEMO_DATA

TRUE_ODDS = {("leeftijd", "18-26"): 3.0, ("leeftijd", "45-66"): 0.5, ("traject", "subsidie"): 2.0,
             ("traject", "stage"): 1.0}


@pytest.fixture(scope="module")
def persons(tmp_path_factory):
    """20,000 generated persons whose outcome follows known odds ratios, as a Parquet file."""
    rng = np.random.default_rng(17)
    n = 20_000
    age = rng.choice(["18-26", "27-44", "45-66"], n, p=(0.3, 0.4, 0.3))
    route = rng.choice(["begeleiding", "subsidie", "stage"], n, p=(0.5, 0.25, 0.25))
    logit = np.log(0.4) + sum(np.log(odds) * ((age if column == "leeftijd" else route) == value)
                              for (column, value), odds in TRUE_ODDS.items())
    outcome = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    frame = pd.DataFrame({"leeftijd": age, "traject": route, "werk": outcome})
    path = tmp_path_factory.mktemp("model") / "personen.parquet"
    frame.to_parquet(path, index=False)
    return path


def test_the_model_recovers_known_odds_ratios_within_their_intervals(persons):
    result = fit_model(persons, "werk", ["leeftijd", "traject"])
    found = {(p.name, c.name): c for p in result.predictors for c in p.categories}
    assert found[("leeftijd", "27-44")].status == "reference" and found[("traject", "begeleiding")].odds_ratio == 1
    for key, odds in TRUE_ODDS.items():
        category = found[key]
        assert category.ci_low < odds < category.ci_high, (key, category)
    assert found[("leeftijd", "18-26")].p_value < 0.001
    assert result.withheld == [] and result.notes == []
    document = result.to_dict()
    assert document["n"] % 5 == 0 and all(c["n"] % 5 == 0 for p in document["predictors"] for c in p["categories"])


def test_small_categories_are_merged_into_overig_or_a_neighbour():
    rng = np.random.default_rng(3)
    values = pd.Series(["a"] * 400 + ["b"] * 400 + ["x"] * 8 + ["y"] * 30)
    y = (rng.random(len(values)) < 0.4).astype(int)
    y[800:808] = 1  # x: 8 persons, all with the outcome
    mapping, notes = check_categories(values, y, 10)
    assert mapping["x"] == mapping["y"] == OTHER and mapping["a"] == "a"
    assert "merged into 'overig'" in notes[0]
    ages = pd.Series(["18-26"] * 9 + ["27-44"] * 400 + ["45-66"] * 400)
    mapping, notes = check_categories(ages, (rng.random(len(ages)) < 0.4).astype(int), 10)
    assert mapping["18-26"] == mapping["27-44"] == "27-44 + 18-26"  # its ordered neighbour, not the smallest


def test_a_predictor_without_two_publishable_categories_is_withheld_with_a_note():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"groep": ["a"] * 500 + ["b"] * 500, "zeldzaam": ["ja"] * 5 + ["nee"] * 995,
                          "werk": (rng.random(1000) < 0.3).astype(int)})
    result = fit_model(frame, "werk", ["groep", "zeldzaam"])
    assert [p.name for p in result.predictors] == ["groep"]
    assert [w.what["predictor"] for w in result.withheld] == ["zeldzaam"]
    assert result.withheld[0].reason == "few" and result.to_dict()["withheld"] == ["zeldzaam"]
    assert any("zeldzaam: withheld" in note for note in result.notes)
    assert "zeldzaam" not in str(result.to_dict()["predictors"])


def test_bad_microdata_say_what_to_do(tmp_path):
    path = tmp_path / "personen.csv"
    path.write_text("leeftijd;werk\n18-26;ja\n27-44;0\n", encoding="utf-8")
    with pytest.raises(ModelError, match="should be a 0/1 or true/false outcome"):
        fit_model(path, "werk", ["leeftijd"])
    with pytest.raises(ModelError, match="column 'traject' is not in personen.csv"):
        fit_model(path, "werk", ["traject"])
    path.write_text("leeftijd;werk\n" + "18-26;1\n" * 5 + "27-44;0\n" * 50, encoding="utf-8")
    with pytest.raises(ModelError, match="a model needs at least 10 with"):
        fit_model(path, "werk", ["leeftijd"])


def test_the_shipped_demo_result_is_synthetic_and_reads_in_plain_dutch():
    model = read_model(DEMO_DATA / "doelgroepen_model_demo.json")
    assert model["synthetic"] is True and "Synthetische" in model["source"]
    sentences = model_sentences(model)
    assert sentences[0].startswith("Jongeren tot 27 jaar hebben een ") and "keer zo grote kans op werk" in sentences[0]


# --- for whom: interactions, numbers, references (issue #31) -------------------------------------------------

ROUTES, AGES = ("begeleiding", "subsidie", "stage"), ("18-26", "27-44", "45-66")
# log odds: subsidie works for the young (x3.0), less for the middle group (x1.5), not for the oldest (x1.0)
WITHIN = {("subsidie", "18-26"): 3.0, ("subsidie", "27-44"): 1.5, ("subsidie", "45-66"): 1.0,
          ("stage", "18-26"): 1.2, ("stage", "27-44"): 1.2, ("stage", "45-66"): 0.6}
PER_1000_EURO = 0.97  # odds ratio per 1,000 euro more income


@pytest.fixture(scope="module")
def for_whom():
    """40,000 persons whose trajectory effect differs by age class, and whose income counts linearly."""
    rng = np.random.default_rng(31)
    n = 40_000
    age = rng.choice(AGES, n, p=(0.3, 0.4, 0.3))
    route = rng.choice(ROUTES, n, p=(0.5, 0.25, 0.25))
    income = np.round(rng.normal(25, 6, n), 1)  # thousands of euro
    logit = np.log(0.5) + np.log(PER_1000_EURO) * (income - 25) + np.where(age == "45-66", np.log(0.6), 0.0)
    for (r, a), odds in WITHIN.items():
        logit = logit + np.log(odds) * ((route == r) & (age == a))
    outcome = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame({"traject": route, "leeftijdsklasse": age, "inkomen": income, "werk": outcome})


@pytest.mark.slow
def test_an_interaction_model_equals_statsmodels_fitted_directly(for_whom):
    import statsmodels.formula.api as smf

    result = fit_model(for_whom, "werk", ["traject", "leeftijdsklasse", "inkomen"], numeric=["inkomen"],
                       interactions=[("traject", "leeftijdsklasse")],
                       references={"traject": "begeleiding", "leeftijdsklasse": "27-44"})
    direct = smf.logit("werk ~ C(traject, Treatment('begeleiding')) * C(leeftijdsklasse, Treatment('27-44')) "
                       "+ inkomen", data=for_whom).fit(disp=0)
    income = next(p for p in result.predictors if p.name == "inkomen").categories[0]
    low, high = np.exp(direct.conf_int().loc["inkomen"])
    assert (income.odds_ratio, income.ci_low, income.ci_high, income.p_value) == pytest.approx(
        (np.exp(direct.params["inkomen"]), low, high, direct.pvalues["inkomen"]), rel=1e-6)
    (interaction,) = result.interactions
    for age in AGES:
        for category in interaction.within[age][1:]:
            route = f"C(traject, Treatment('begeleiding'))[T.{category.name}]"
            term = route if age == "27-44" else f"{route}:C(leeftijdsklasse, Treatment('27-44'))[T.{age}]"
            test = direct.t_test(f"{route} + {term} = 0" if term != route else f"{route} = 0")
            low, high = np.exp(test.conf_int()[0])
            assert (category.odds_ratio, category.ci_low, category.ci_high, category.p_value) == pytest.approx(
                (np.exp(float(test.effect[0])), low, high, float(test.pvalue)), rel=1e-6), (age, category.name)


@pytest.mark.slow
def test_the_trajectory_effect_per_age_class_recovers_the_truth(for_whom):
    result = fit_model(for_whom, "werk", ["traject", "leeftijdsklasse", "inkomen"], numeric=["inkomen"],
                       interactions=[("traject", "leeftijdsklasse")])
    (interaction,) = result.interactions
    assert interaction.reference == "begeleiding"  # the largest
    for (route, age), odds in WITHIN.items():
        category = next(c for c in interaction.within[age] if c.name == route)
        assert category.ci_low < odds < category.ci_high, (route, age, category)
    income = next(p for p in result.predictors if p.name == "inkomen")
    assert income.kind == "numeric" and income.categories[0].ci_low < PER_1000_EURO < income.categories[0].ci_high
    document = result.to_dict()
    assert document["interactions"][0]["within"][0]["group"] == "27-44"  # the reference group first
    assert all(c["n"] % 5 == 0 for w in document["interactions"][0]["within"] for c in w["categories"])


def test_an_interaction_with_a_small_cell_is_withheld_and_the_rest_is_fitted(for_whom):
    frame = for_whom.copy()
    rare = (frame["traject"] == "stage") & (frame["leeftijdsklasse"] == "45-66")
    frame = frame[~rare | (np.cumsum(rare) <= 8)]  # 8 persons left in stage x 45-66
    result = fit_model(frame, "werk", ["traject", "leeftijdsklasse"], interactions=[("traject", "leeftijdsklasse")])
    assert result.interactions == [] and [w.what["predictor"] for w in result.withheld] == ["traject:leeftijdsklasse"]
    assert any("traject:leeftijdsklasse: withheld" in note and "stage x 45-66" in note for note in result.notes)
    assert {p.name for p in result.predictors} == {"traject", "leeftijdsklasse"}


def test_a_column_of_many_values_is_refused_at_once_naming_what_to_do(tmp_path):
    rng = np.random.default_rng(2)
    n = 200_000
    frame = pd.DataFrame({"inkomen": np.round(rng.lognormal(10, 0.5, n)), "werk": rng.integers(0, 2, n)})
    frame.to_parquet(tmp_path / "p.parquet")
    with pytest.raises(ModelError, match=r"'inkomen' in p.parquet has [\d,]+ different values, more than a category "
                                         r"can have \(40\); give it as --numeric inkomen"):
        fit_model(tmp_path / "p.parquet", "werk", ["inkomen"])


def test_a_chosen_reference_is_used_and_an_unknown_one_refused(persons):
    result = fit_model(persons, "werk", ["leeftijd", "traject"], references={"traject": "stage"})
    traject = next(p for p in result.predictors if p.name == "traject")
    assert traject.reference == "stage" and traject.categories[0].name == "stage"
    with pytest.raises(ModelError, match="--reference traject=fietsen: no such category"):
        fit_model(persons, "werk", ["leeftijd", "traject"], references={"traject": "fietsen"})


def test_numbers_in_classes_the_user_names(for_whom):
    frame = for_whom.assign(leeftijd=np.random.default_rng(1).integers(16, 70, len(for_whom)))
    result = fit_model(frame, "werk", ["leeftijd"], classes={"leeftijd": [18, 27, 45, 67]})
    names = [c.name for c in result.predictors[0].categories]
    assert sorted(names) == sorted(["< 18", "18-26", "27-44", "45-66", "67+"])


def test_small_unlike_categories_are_left_out_never_merged_into_another_and_the_first_note_says_so():
    rng = np.random.default_rng(8)
    route = np.array(["begeleiding"] * 600 + ["loonkostensubsidie"] * 400 + ["geen"] * 12)
    outcome = (rng.random(len(route)) < 0.4).astype(int)
    outcome[-12:] = [1] * 3 + [0] * 9  # geen: 3 with work, too few
    result = fit_model(pd.DataFrame({"traject": route, "werk": outcome}), "werk", ["traject"])
    (traject,) = result.predictors
    assert [c.name for c in traject.categories] == ["begeleiding", "loonkostensubsidie"]
    assert all(c.merged == [] for c in traject.categories)
    assert result.notes[0].startswith("12 persons in categories too small to publish and unlike any other (geen of "
                                      "traject) are left out of the model")
    assert result.n == 1000


def test_overig_is_never_the_reference_while_a_real_category_can_be():
    rng = np.random.default_rng(9)
    route = np.array(["a"] * 200 + ["b"] * 150 + [f"z{i}" for i in range(30) for _ in range(9)])  # overig: 270
    outcome = (rng.random(len(route)) < 0.4).astype(int)
    result = fit_model(pd.DataFrame({"traject": route, "werk": outcome}), "werk", ["traject"])
    (traject,) = result.predictors
    assert OTHER in [c.name for c in traject.categories] and traject.reference == "a"


@pytest.mark.slow
def test_what_works_for_whom_reads_in_plain_dutch_per_group(for_whom, tmp_path):
    from indicators.analysis.models import write_model

    result = fit_model(for_whom, "werk", ["traject", "leeftijdsklasse", "inkomen"], numeric=["inkomen"],
                       interactions=[("traject", "leeftijdsklasse")])
    model = read_model(write_model(result, tmp_path / "model.json"))
    sentences = model_sentences(model, labels={"inkomen": "Inkomen (x 1.000 euro)"})
    assert sentences[0].startswith("Per 1 meer inkomen (x 1.000 euro) is de kans op werk binnen 12 maanden 0,97")
    within = sentences[1:]
    assert within[0].startswith("Voor jongeren tot 27 jaar werkt subsidie het best: 2,")
    assert within[2].startswith("Voor mensen van 45 jaar tot de AOW-leeftijd werkt geen traject duidelijk beter")
    assert not any(s.startswith("Traject ") for s in sentences)  # no main effect read as if it held for everyone


def test_a_result_with_a_broken_interaction_is_refused():
    from indicators.analysis.models import parse_model

    good = {"method": "logit", "predictors": [], "interactions": [
        {"first": "a", "second": "b", "reference": "x", "within": [{"group": "g", "categories": []}]}]}
    assert parse_model(json.dumps(good))["interactions"][0]["first"] == "a"
    broken = {**good, "interactions": [{"first": "a", "within": "nee"}]}
    with pytest.raises(ModelError, match="is not a model result"):
        parse_model(json.dumps(broken))


def test_a_category_that_is_another_predictors_category_is_refused_not_written_as_infinity(tmp_path):
    """Children have no labour position: 'jonger dan 18' and 'geen arbeidspositie' are the same persons."""
    from indicators.analysis.models import write_model

    rng = np.random.default_rng(12)
    n = 3000
    age = rng.choice(["0-17", "18-44", "45-66"], n)
    position = np.where(age == "0-17", "geen", rng.choice(["werknemer", "zzp"], n))
    frame = pd.DataFrame({"leeftijd": age, "positie": position, "regeling": (rng.random(n) < 0.2).astype(int)})
    with pytest.raises(ModelError, match="cannot tell .* apart from the other predictors"):
        fit_model(frame, "regeling", ["leeftijd", "positie"])  # exactly the same persons
    young = np.flatnonzero(age == "0-17")
    frame.loc[young[:12], "positie"] = "werknemer"  # nearly: 12 working children, none with the outcome
    frame.loc[young[:12], "regeling"] = 0
    with pytest.raises(ModelError, match="cannot tell .* apart from the other predictors|did not converge"):
        fit_model(frame, "regeling", ["leeftijd", "positie"])
    assert not list(tmp_path.iterdir())
    result = fit_model(frame, "regeling", ["leeftijd"])  # one of the two is fine
    assert json.loads(write_model(result, tmp_path / "m.json").read_text())["predictors"]


def test_categories_the_user_says_belong_together_are_merged_before_the_check():
    rng = np.random.default_rng(10)
    route = np.array(["begeleiding"] * 600 + ["loonkostensubsidie"] * 400 + ["stage"] * 9 + ["werkstage"] * 30)
    outcome = (rng.random(len(route)) < 0.4).astype(int)
    frame = pd.DataFrame({"traject": route, "werk": outcome})
    result = fit_model(frame, "werk", ["traject"], merges={"traject": [["stage", "werkstage"]]})
    (traject,) = result.predictors
    assert "stage + werkstage" in [c.name for c in traject.categories] and result.n == len(frame)
    assert "traject: stage, werkstage merged as asked (--merge)" in result.notes
    with pytest.raises(ModelError, match="--merge traject=stage\\+fietsen: no category 'fietsen'"):
        fit_model(frame, "werk", ["traject"], merges={"traject": [["stage", "fietsen"]]})


def test_a_number_can_take_a_step_so_its_odds_ratio_reads(for_whom):
    per_one = fit_model(for_whom, "werk", ["inkomen"], numeric=["inkomen"]).predictors[0].categories[0]
    per_ten = fit_model(for_whom, "werk", ["inkomen"], numeric={"inkomen": 10}).predictors[0].categories[0]
    assert per_ten.name == "per 10" and per_ten.odds_ratio == pytest.approx(per_one.odds_ratio ** 10, rel=1e-6)
    model = {"method": "logit", "outcome": "werk", "predictors": [
        {"name": "inkomen", "reference": "", "kind": "numeric", "categories": [per_ten.to_dict()]}]}
    assert model_sentences(model)[0].startswith("Per 10 meer inkomen is de kans op werk")
