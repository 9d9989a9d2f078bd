"""The checked logistic model: known odds ratios come back, small categories are merged or withheld."""

from __future__ import annotations

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
