"""A target group per district: shares of its groups from published counts only, secret where the base is."""

import numpy as np
import pandas as pd
import pytest

from indicators.analysis.rates import RatesError
from indicators.analysis.target_groups import composition, composition_sentences, district_figure

LONG = pd.DataFrame({
    "code": ["WK01"] * 3 + ["WK02"] * 3 + ["WK03"] * 3,
    "niveau": ["wijk"] * 9,
    "leeftijdsklasse": ["Totaal", "jong", "oud"] * 3,
    "aantal": pd.array([400, 150, 250, 300, 100, 200, 40, 30, 10], dtype="Int64"),
    "bijstand": pd.array([60, 40, 20, 30, 20, 10, 15, None, None], dtype="Int64"),
    "bijstand_status": ["ok"] * 7 + ["geheim"] * 2,
})


def test_shares_are_of_the_districts_published_total_and_a_secret_part_stays_secret():
    parts = composition(LONG, "bijstand", "leeftijdsklasse").set_index(["code", "groep"])
    assert parts.loc[("WK01", "jong"), "aandeel"] == pytest.approx(100 * 40 / 60)
    assert parts.loc[("WK02", "oud"), "aandeel"] == pytest.approx(100 * 10 / 30)
    assert parts.loc[("WK03", "jong"), "status"] == "secret" and np.isnan(parts.loc[("WK03", "jong"), "aandeel"])
    assert parts.loc[("WK03", "oud"), "status"] == "secret"


def test_a_count_below_the_threshold_is_secret_whatever_its_status():
    parts = composition(LONG, "bijstand", "leeftijdsklasse", min_count=25).set_index(["code", "groep"])
    assert parts.loc[("WK01", "oud"), "status"] == "secret"  # 20 < 25
    assert parts.loc[("WK02", "jong"), "status"] == "secret" and parts.loc[("WK01", "jong"), "status"] == "ok"


def test_the_sentences_name_only_shown_shares():
    parts = composition(LONG, "bijstand", "leeftijdsklasse")
    sentences = composition_sentences(parts, "leeftijdsklasse", {"WK01": "Centrum", "WK02": "Noord"})
    assert sentences and all("WK03" not in sentence for sentence in sentences)


def test_one_figure_per_district_is_secret_where_its_base_is_small():
    figure = district_figure(LONG, "bijstand", where={"leeftijdsklasse": "jong"}, min_count=50)
    assert figure.set_index("code")["status"].to_dict() == {"WK01": "ok", "WK02": "ok", "WK03": "secret"}
    with pytest.raises(RatesError, match="'leeftijd' is not a group column"):
        composition(LONG, "bijstand", "leeftijd")


def test_a_mean_of_nobody_is_missing_not_secret():
    """Children have no income: 'ontbreekt' in the table is no withheld figure, and the chart does not count it."""
    frame = pd.DataFrame({"code": ["WK000101", "WK000102", "WK000101", "WK000102"], "niveau": "wijk",
                          "groep": ["kind", "kind", "Totaal", "Totaal"], "aantal": [120, 130, 500, 480],
                          "inkomen": [None, None, 31_000.0, 29_500.0],
                          "inkomen_status": ["ontbreekt", "ontbreekt", "ok", "ok"]})
    children = district_figure(frame, "inkomen", where={"groep": "kind"})
    assert children["status"].tolist() == ["missing", "missing"] and children["waarde"].isna().all()
    assert district_figure(frame, "inkomen")["status"].tolist() == ["ok", "ok"]
