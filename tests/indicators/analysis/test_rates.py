"""Rates per group from long tables: Wilson intervals as statsmodels computes them, margins, secret groups."""

from __future__ import annotations

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from indicators.analysis.rates import RatesError, differing_sentences, group_rates
from indicators.io.readers import read_table
from indicators.microdata.longtable import LongTableError
from tests.conftest import DEMO_DATA

REINTEGRATION = DEMO_DATA / "doelgroepen_reintegratie_leeftijd_demo.csv"


def long_table(rows, groups=("traject",)) -> pd.DataFrame:
    """A long table as aggregate writes it: code, niveau, groups, aantal, werk (+ statuses)."""
    frame = pd.DataFrame(rows, columns=["code", "niveau", *groups, "aantal", "werk"])
    frame["aantal"], frame["werk"] = frame["aantal"].astype("Int64"), frame["werk"].astype("Int64")
    frame["werk_status"] = frame["werk"].isna().map({True: "geheim", False: "ok"})
    return frame


TABLE = long_table([
    ("GM0001", "gemeente", "Totaal", 1000, 300),
    ("GM0001", "gemeente", "a", 500, 200),
    ("GM0001", "gemeente", "b", 450, 90),
    ("GM0001", "gemeente", "c", 30, 25),  # only 5 without the outcome
    ("GM0001", "gemeente", "d", 20, None),  # secret in the table
    ("WK000101", "wijk", "Totaal", 600, 180),
    ("WK000101", "wijk", "a", 300, 120),
])


def test_rates_are_statsmodels_wilson_intervals_of_the_numbers_as_given():
    result = group_rates(TABLE, "werk", "aantal", by=["traject"])
    low, high = proportion_confint(300, 1000, alpha=0.05, method="wilson")
    assert result.overall.rate == pytest.approx(30.0)
    assert (result.overall.ci_low, result.overall.ci_high) == pytest.approx((100 * low, 100 * high))
    a = result.rates[0]
    low, high = proportion_confint(200, 500, alpha=0.05, method="wilson")
    assert (a.by, a.numerator, a.denominator) == ({"traject": "a"}, 200, 500)
    assert (a.rate, a.ci_low, a.ci_high) == pytest.approx((40.0, 100 * low, 100 * high))
    assert a.differs is True  # 30% lies below a's interval
    document = result.to_dict()
    assert document["method"] == "wilson" and document["confidence"] == 0.95
    assert set(document["overall"]) == {"numerator", "denominator", "rate", "ci_low", "ci_high"}
    assert set(document["rates"][0]) == {"by", "numerator", "denominator", "rate", "ci_low", "ci_high", "differs",
                                         "status"}


def test_a_group_that_nobody_in_has_the_outcome_shows_0_percent_and_a_small_one_stays_secret():
    """aggregate publishes zzp'ers aged 0-14 as 0 (a cell of nobody); rates shows 0% with its interval, not secret."""
    table = long_table([("GM0001", "gemeente", "Totaal", 1000, 300), ("GM0001", "gemeente", "0-14", 400, 0),
                        ("GM0001", "gemeente", "15-66", 590, 300), ("GM0001", "gemeente", "67+", 10, 0)])
    result = {r.by["traject"]: r for r in group_rates(table, "werk", "aantal", by=["traject"]).rates}
    low, high = proportion_confint(0, 400, alpha=0.05, method="wilson")
    assert result["0-14"].status == "ok" and result["0-14"].rate == 0
    assert (result["0-14"].ci_low, result["0-14"].ci_high) == pytest.approx((100 * low, 100 * high))
    assert result["67+"].status == "ok"  # 10 persons, none with it: at the threshold
    small = long_table([("GM0001", "gemeente", "Totaal", 1000, 300), ("GM0001", "gemeente", "a", 9, 0),
                        ("GM0001", "gemeente", "b", 991, 300), ("GM0001", "gemeente", "c", 400, 3)])
    by_name = {r.by["traject"]: r for r in group_rates(small, "werk", "aantal", by=["traject"]).rates}
    assert by_name["a"].status == "secret"  # 9 persons: below the threshold, whatever the numerator
    assert by_name["c"].status == "secret"  # 3 with it: a small count


def test_per_district_the_average_is_the_gemeente_s_own_row_not_the_districts_shown():
    """A withheld wijk would drop out of the sum of the wijken shown and move the average all verdicts lean on."""
    table = long_table([("GM0001", "gemeente", "Totaal", 1000, 300),
                        ("WK000101", "wijk", "Totaal", 600, 120), ("WK000102", "wijk", "Totaal", 400, None)])
    result = group_rates(table, "werk", "aantal", by=["code"], level="wijk")
    assert (result.overall.numerator, result.overall.denominator) == (300, 1000)  # not 120 of 600
    shown = next(r for r in result.rates if r.by["code"] == "WK000101")
    assert shown.differs is True  # 20% (17-23%) against the gemeente's 30%
    hidden = long_table([("GM0001", "gemeente", "Totaal", 1000, None),
                         ("WK000101", "wijk", "Totaal", 600, 120), ("WK000102", "wijk", "Totaal", 400, 180)])
    assert group_rates(hidden, "werk", "aantal", by=["code"], level="wijk").overall.numerator == 300  # wijken summed


def test_totaal_rows_are_margins_and_small_or_secret_groups_carry_no_numbers():
    result = group_rates(TABLE, "werk", "aantal", by=["traject"])
    assert [r.by["traject"] for r in result.rates] == ["a", "b", "c", "d"]  # no Totaal group, no wijk rows
    by_name = {r.by["traject"]: r.to_dict() for r in result.rates}
    for name in ("c", "d"):  # c: 5 without the outcome; d: secret numerator
        assert by_name[name]["status"] == "secret"
        assert all(by_name[name][key] is None for key in ("numerator", "denominator", "rate", "ci_low", "ci_high",
                                                          "differs"))
    assert group_rates(TABLE, "werk", "aantal", by=["traject"], min_count=600).rates[0].status == "secret"


def test_rates_per_district_are_measured_against_the_gemeente():
    result = group_rates(TABLE, "werk", "aantal", by=["code"], level="wijk")
    assert [r.by for r in result.rates] == [{"code": "WK000101"}]
    assert (result.overall.numerator, result.overall.denominator) == (300, 1000)  # the gemeente's row
    without = TABLE[TABLE["niveau"] == "wijk"]  # no gemeente rows: the districts shown, summed
    result = group_rates(without, "werk", "aantal", by=["code"], level="wijk")
    assert (result.overall.numerator, result.overall.denominator) == (180, 600)


def test_the_demo_answers_the_reintegration_question_in_plain_dutch():
    result = group_rates(read_table(REINTEGRATION), "werk", "aantal", by=["leeftijdsklasse"])
    sentences = differing_sentences(result)
    assert sentences[0].startswith("Jongeren tot 27 jaar stromen vaker uit naar werk: 59% (")
    assert sentences[0].endswith("tegen 30% gemiddeld")
    assert any(s.startswith("Mensen van 45 jaar tot de AOW-leeftijd stromen minder vaak uit") for s in sentences)
    assert differing_sentences(result, "en")[0].startswith("Young people under 27 move into work more often: 59%")


@pytest.mark.parametrize("arguments, kind", [
    (("werk", "aantal", ["nope"]), "missing_column"),
    (("aantal", "werk", ["traject"]), "numerator_too_large"),
    (("werk", "werk", ["traject"]), "same_column"),
])
def test_bad_choices_say_what_to_do(arguments, kind):
    numerator, denominator, by = arguments
    with pytest.raises(RatesError) as error:
        group_rates(TABLE, numerator, denominator, by=by)
    assert error.value.kind == kind
    with pytest.raises(LongTableError, match="no rows of level 'buurt'"):
        group_rates(TABLE, "werk", "aantal", level="buurt")


def test_a_column_without_words_of_its_own_is_named_by_its_label_or_readably():
    """No snake_case in a sentence: "traject_type 2" reads "soort traject 2" with a label, "traject type 2" without."""
    from indicators.analysis.rates import group_words

    assert group_words({"traject_type": "2"}, "nl", labels={"traject_type": "Soort traject"}) == "Soort traject 2"
    assert group_words({"traject_type": "2"}, "nl") == "Traject type 2"
    assert group_words({"traject_type": "2"}, "nl", capital=False) == "traject type 2"  # mid-sentence


def _wilson_by_hand(k: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson's score interval from its formula (Wilson 1927), not from statsmodels."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    return centre - half, centre + half


def _newcombe_by_hand(k1, n1, k2, n2) -> tuple[float, float]:
    """Newcombe's (1998) method 10, the hybrid score interval of p1 - p2, from the two Wilson intervals."""
    p1, p2 = k1 / n1, k2 / n2
    (l1, u1), (l2, u2) = _wilson_by_hand(k1, n1), _wilson_by_hand(k2, n2)
    d = p1 - p2
    return d - ((p1 - l1) ** 2 + (u2 - p2) ** 2) ** 0.5, d + ((u1 - p1) ** 2 + (p2 - l2) ** 2) ** 0.5


def test_two_groups_differ_by_percentage_points_with_newcombes_interval():
    result = group_rates(TABLE, "werk", "aantal", by=["traject"])
    rows = {(tuple(d.first.values()), tuple((d.second or {}).values())): d for d in result.differences()}
    a_b = rows[(("a",), ("b",))]  # 40% of 500 against 20% of 450
    assert a_b.difference == pytest.approx(20.0)
    low, high = _newcombe_by_hand(200, 500, 90, 450)
    assert (a_b.ci_low, a_b.ci_high) == pytest.approx((100 * low, 100 * high), rel=1e-9)
    assert a_b.differs
    a_rest = rows[(("a",), ())]  # a against the other 500 of the Totaal row's 1000 (100 of them with work)
    low, high = _newcombe_by_hand(200, 500, 100, 500)
    assert (a_rest.difference, a_rest.ci_low, a_rest.ci_high) == pytest.approx((20.0, 100 * low, 100 * high))
    # c (only 5 without the outcome) and d (secret) take part in nothing
    assert not any("c" in d.first.values() or "d" in d.first.values() or (d.second and {"c", "d"} &
                   set(d.second.values())) for d in result.differences())
    assert {"method": "newcomb", "unit": "percentage points"}.items() <= result.to_dict()["differences"].items()


def test_a_small_difference_in_small_groups_is_no_difference():
    table = long_table([("GM0001", "gemeente", "Totaal", 60, 30), ("GM0001", "gemeente", "a", 30, 17),
                        ("GM0001", "gemeente", "b", 30, 13)])
    (a_rest, b_rest, a_b) = group_rates(table, "werk", "aantal", by=["traject"]).differences()
    assert a_b.difference == pytest.approx(100 * (17 - 13) / 30)
    assert a_b.ci_low < 0 < a_b.ci_high and not a_b.differs
