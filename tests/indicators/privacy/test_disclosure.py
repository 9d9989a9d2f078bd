from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.analysis.derive import add_registry_derived
from indicators.core.table import Table, build_table
from indicators.core.values import MISSING, OK, SECRET
from indicators.privacy.disclosure import (
    DisclosureSettings,
    Rule,
    protect,
    round_count,
    round_counts,
    rule_for,
    secret_label,
    suppressed_cells,
)

BIJSTAND = "personen_per_soort_uitkering_bijstand"  # registry: min 10, rounding 10
INWONERS = "aantal_inwoners"  # registry: min 10, rounding 5


def buurten(**columns) -> Table:
    """One level of buurten (no parents shown, so no secondary suppression)."""
    size = len(next(iter(columns.values())))
    frame = pd.DataFrame({"code": [f"BU0001{i // 10 + 1:02d}{i % 10 + 1:02d}" for i in range(size)], **columns})
    table = build_table(frame, labels=["code"])
    table.code_column = "code"
    return table


def published(table: Table, column: str) -> list:
    return [None if pd.isna(v) else v for v in table.data[column].tolist()]


# --- rounding and thresholds around their edges ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [(0, 5, 0), (2, 5, 0), (3, 5, 5), (12, 5, 10), (13, 5, 15), (14, 10, 10), (15, 10, 20), (25, 10, 30), (7, 1, 7)],
)
def test_round_count_to_nearest_multiple_halves_up(value, base, expected):
    assert round_count(value, base) == expected


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (INWONERS, [None, None, None, 10, 10, 15, 20]),  # 0, 1, N-1, N, N+1, 13, 19 with base 5
        (BIJSTAND, [None, None, None, 10, 10, 10, 20]),  # the same with base 10
    ],
)
def test_threshold_edges(column, expected):
    tables, report = protect({"buurt": buurten(**{column: [0, 1, 9, 10, 11, 13, 19]})})
    assert published(tables["buurt"], column) == expected
    status = tables["buurt"].status[column].tolist()
    assert status == [SECRET] * 3 + [OK] * 4
    assert report.primary == 3 and report.secondary == 0


def test_suppression_is_on_the_true_count_and_never_publishes_below_the_threshold():
    # min 12 with base 5: 12 would be published as 10, below the threshold -> secret; 13 -> 15
    tables, _ = protect({"buurt": buurten(**{INWONERS: [11, 12, 13, 17, 18]})}, DisclosureSettings(min_count=12))
    assert published(tables["buurt"], INWONERS) == [None, None, 15, 15, 20]


def test_already_secret_and_missing_cells_stay_so():
    table = buurten(**{INWONERS: [-99997, None, 120]})
    tables, report = protect({"buurt": table})
    assert tables["buurt"].status[INWONERS].tolist() == [SECRET, MISSING, OK]
    assert report.already_secret == 1 and report.primary == 0


def test_protect_does_not_change_its_input():
    table = buurten(**{INWONERS: [3, 120]})
    protect({"buurt": table})
    assert table.data[INWONERS].tolist() == [3, 120]
    assert table.status[INWONERS].tolist() == [OK, OK]


def test_columns_without_a_rule_are_left_alone():
    table = buurten(**{"oppervlakte_totaal_in_ha": [3, 7], "gemiddelde_huishoudsgrootte": [1.5, 2]})
    tables, report = protect({"buurt": table})
    assert published(tables["buurt"], "oppervlakte_totaal_in_ha") == [3, 7]
    assert published(tables["buurt"], "gemiddelde_huishoudsgrootte") == [1.5, 2]
    assert report.rules == {}


def test_a_part_of_a_sum_is_not_left_as_the_only_secret_cell():
    # mannen 4 is secret; inwoners - vrouwen would give it back, so one more cell must go
    table = buurten(**{INWONERS: [104, 250], "mannen": [4, 120], "vrouwen": [100, 130]})
    tables, report = protect({"buurt": table})
    assert published(tables["buurt"], "mannen") == [None, 120]
    assert published(tables["buurt"], "vrouwen") == [None, 130]
    assert published(tables["buurt"], INWONERS) == [105, 250]
    assert report.by_column["vrouwen"] == (0, 1)


def test_a_sum_is_closed_over_every_column_a_figure_stands_in():
    """Boundaries with their own KWB figures joined to the KWB table: the figures stand twice, and
    the boundary file's CBS kept its mannen secret where the table publishes them. Found on the real
    national wijken joined to KWB 2024 (WK003434: inwoners 15, Mannen 10, Vrouwen secret: 15 - 10 = 5)."""
    table = buurten(**{INWONERS: [15, 250], "mannen": [-99997, 120], "vrouwen": [-99997, 130],
                       "AantalInwoners": [15, 250], "Mannen": [10, 120], "Vrouwen": [5, 130]})
    tables, _ = protect({"buurt": table})
    shown = tables["buurt"]
    for total, men, women in [(INWONERS, "mannen", "vrouwen"), ("AantalInwoners", "Mannen", "Vrouwen"),
                              (INWONERS, "Mannen", "Vrouwen"), ("AantalInwoners", "Mannen", "vrouwen")]:
        cells = [published(shown, column)[0] for column in (total, men, women)]
        assert sum(cell is None for cell in cells) != 1, (total, men, women, cells)
    assert published(shown, "Mannen") == [None, 120]  # 10 itself is no secret, but it would give the 5 back
    assert published(shown, "Vrouwen") == [None, 130]


def test_parts_of_a_total_that_is_not_published_stay_shown():
    """Nothing can be derived from a sum whose total is missing: Ermelo's buurten of 2021 have no
    inwoners, and their mannen and vrouwen (thousands) were withheld as "geheim (< 10)"."""
    table = buurten(**{INWONERS: [None, None], "mannen": [5215, 1850], "vrouwen": [5575, 1955]})
    tables, report = protect({"buurt": table})
    assert published(tables["buurt"], "mannen") == [5215, 1850]
    assert published(tables["buurt"], "vrouwen") == [5575, 1955]
    assert report.secondary == 0


def test_a_secret_total_is_not_left_as_the_sum_of_published_parts():
    # the five age groups of a buurt add up to its inhabitants: a secret total needs a secret part
    ages = ["personen_0_tot_15_jaar", "personen_15_tot_25_jaar", "personen_25_tot_45_jaar",
            "personen_45_tot_65_jaar", "personen_65_jaar_en_ouder"]
    table = buurten(**{INWONERS: [-99997, 300], **{age: [n, 60] for age, n in zip(ages, [30, 12, 40, 25, 20])}})
    tables, _ = protect({"buurt": table})
    assert published(tables["buurt"], "personen_15_tot_25_jaar") == [None, 60]  # the smallest part
    assert sum(published(tables["buurt"], age)[0] is None for age in ages) == 1


def test_a_share_is_withheld_where_its_count_is():
    table = buurten(**{"jongeren_met_jeugdzorg_in_natura": [4, 40], "percentage_jongeren_met_jeugdzorg": [2.1, 9.5]})
    tables, _ = protect({"buurt": table})
    assert published(tables["buurt"], "percentage_jongeren_met_jeugdzorg") == [None, 9.5]
    assert tables["buurt"].status["percentage_jongeren_met_jeugdzorg"].tolist() == [SECRET, OK]


def test_a_share_without_its_count_in_the_table_is_noted():
    tables, report = protect({"buurt": buurten(percentage_jongeren_met_jeugdzorg=[2.1, 9.5])})
    assert published(tables["buurt"], "percentage_jongeren_met_jeugdzorg") == [2.1, 9.5]
    assert any("niet gecontroleerd" in note for note in report.notes)


def test_business_locations_are_rounded_but_not_suppressed():
    tables, _ = protect({"buurt": buurten(bedrijfsvestigingen_totaal=[1, 3, 12])}, DisclosureSettings(min_count=20))
    assert published(tables["buurt"], "bedrijfsvestigingen_totaal") == [0, 5, 10]


# --- rates and shares -----------------------------------------------------------------------------


def test_rate_with_a_small_denominator_is_secret():
    table = add_registry_derived(buurten(**{INWONERS: [7, 1000, 1002, 0], BIJSTAND: [0, 5, 23, 0]}))
    tables, _ = protect({"buurt": table})
    rate = "bijstand_per_1000_15_65"
    assert tables["buurt"].status[rate].tolist() == [SECRET, SECRET, OK, SECRET]
    # recomputed from the published counts (20 / 1000), so rate x inhabitants gives no unrounded count
    assert published(tables["buurt"], rate)[2] == pytest.approx(20.0)


def test_rate_follows_secondary_suppression_of_its_denominator():
    ages = {"personen_0_tot_15_jaar": [4, 300], "personen_15_tot_25_jaar": [200, 150],
            "personen_25_tot_45_jaar": [300, 250], "personen_45_tot_65_jaar": [35, 400],
            "personen_65_jaar_en_ouder": [120, 200]}
    inwoners = [sum(group[i] for group in ages.values()) for i in range(2)]
    buurt = buurten(**{INWONERS: inwoners, BIJSTAND: [60, 80], **ages})
    tables, report = protect({"buurt": add_registry_derived(buurt)})
    # inwoners minus the other age groups would give the 4 children back: the smallest other group
    # (45-64, part of the rate's denominator) is withheld too, and the rate with it
    assert report.primary == 1 and report.secondary == 1
    assert tables["buurt"].status["personen_45_tot_65_jaar"].tolist() == [SECRET, OK]
    assert tables["buurt"].status["bijstand_per_1000_15_65"].tolist() == [SECRET, OK]


def test_rounding_protects_a_small_buurt_beside_its_wijk_total():
    """The wijk total minus the other buurt gives the small buurt only to within the rounding: no more withheld."""
    wijk = buurten(**{INWONERS: [2000], BIJSTAND: [53]})
    wijk.data["code"] = ["WK000101"]
    buurt = buurten(**{INWONERS: [1000, 1000], BIJSTAND: [3, 50]})
    tables, report = protect({"wijk": add_registry_derived(wijk), "buurt": add_registry_derived(buurt)})
    assert (report.primary, report.secondary) == (1, 0)
    assert tables["buurt"].status["bijstand_per_1000_15_65"].tolist() == [SECRET, OK]
    assert tables["wijk"].status["bijstand_per_1000_15_65"].tolist() == [OK]


def test_own_ratio_is_suppressed_with_its_inputs():
    table = buurten(Werkzoekend=[4, 40], Jongeren=[100, 200], Aandeel=[4.0, 20.0])
    ratio = ("Aandeel", "Werkzoekend", "Jongeren", 100)
    settings = DisclosureSettings(counts=("Werkzoekend", "Jongeren"), ratios=[ratio])
    tables, _ = protect({"buurt": table}, settings)
    assert tables["buurt"].status["Aandeel"].tolist() == [SECRET, OK]
    assert published(tables["buurt"], "Aandeel")[1] == pytest.approx(20.0)


def test_rate_without_its_inputs_is_made_secret_with_a_note():
    table = buurten(bijstand_per_1000_15_65=[20.0, 30.0])
    tables, report = protect({"buurt": table})
    assert tables["buurt"].status["bijstand_per_1000_15_65"].tolist() == [SECRET, SECRET]
    assert "niet in de tabel" in report.notes[0]


# --- own data and settings ------------------------------------------------------------------------


def test_own_counts_are_protected_when_named():
    table = buurten(**{"Werkloze jongeren (15-27)": [3, 12], "Cliënten": [4, 12], "Score": [4, 12]})
    tables, report = protect({"buurt": table}, DisclosureSettings(counts=["clienten", "Cliënten"]))
    assert published(tables["buurt"], "Cliënten") == [None, 10]
    assert published(tables["buurt"], "Werkloze jongeren (15-27)") == [None, 10]  # in the registry (own)
    assert published(tables["buurt"], "Score") == [4, 12]
    assert report.thresholds["Cliënten"] == 10


def test_raising_the_threshold_suppresses_more():
    table = buurten(**{INWONERS: [5, 12, 18, 25, 40]})
    _, default = protect({"buurt": table})
    tables, raised = protect({"buurt": table}, DisclosureSettings(min_count=20))
    assert (default.primary, raised.primary) == (1, 3)
    assert raised.warning() is None
    assert secret_label(rule_for(INWONERS, DisclosureSettings(min_count=20))) == "geheim (< 20)"


def test_lowering_the_threshold_gives_a_visible_warning():
    settings = DisclosureSettings(min_count=5)
    assert settings.lowered
    assert settings.warning("nl") == "Let op: drempel verlaagd tot 5 (standaard 10)"
    assert settings.warning("en") == "Warning: threshold lowered to 5 (default 10)"
    tables, report = protect({"buurt": buurten(**{INWONERS: [4, 7]})}, settings)
    assert published(tables["buurt"], INWONERS) == [None, 5]
    assert "drempel verlaagd tot 5" in report.note("nl")
    assert "drempel verlaagd tot 5" in tables["buurt"].notes[-1]
    assert not DisclosureSettings().lowered and DisclosureSettings().warning() is None


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
def test_bad_threshold_is_refused(bad):
    with pytest.raises(ValueError, match="'min_count' should be a whole number >= 0"):
        DisclosureSettings(min_count=bad)


def test_settings_are_hashable_for_caching():
    assert hash(DisclosureSettings(min_count=15, counts=["a"], ratios=[("r", "a", ["b"], 100)]))


def test_bad_levels_are_refused():
    with pytest.raises(ValueError, match="'levels' keys should be among gemeente, wijk, buurt"):
        protect({"buurten": buurten(**{INWONERS: [1]})})
    with pytest.raises(ValueError, match="nothing to protect"):
        protect({})


# --- rules, labels, report ------------------------------------------------------------------------


def test_rule_for_registry_columns():
    assert rule_for(INWONERS) == Rule(10, 5, "count")
    assert rule_for("PersonenPerSoortUitkeringBijstand_94") == Rule(10, 10, "count")
    assert rule_for("oppervlakte_totaal_in_ha") is None
    assert rule_for("percentage_personen_0_tot_15_jaar") == Rule(10, None, "share", numerator="personen_0_15")
    assert rule_for("bedrijfsvestigingen_totaal", DisclosureSettings(min_count=20)).min_count == 0
    rate = rule_for("bijstand_per_1000_15_65")
    assert (rate.kind, rate.min_count, rate.numerator, rate.per) == ("rate", 10, "bijstand", 1000.0)


def test_secret_label():
    assert secret_label(Rule(10, 5, "count"), "nl") == "geheim (< 10)"
    assert secret_label(Rule(10, 5, "count"), "en") == "secret (< 10)"
    assert secret_label(None, "en") == "secret"
    with pytest.raises(ValueError, match="'lang' should be one of"):
        secret_label(None, "de")


def test_report_and_notes_say_what_was_applied():
    tables, report = protect({"buurt": buurten(**{INWONERS: [3, 120], BIJSTAND: [30, 4]})})
    assert report.note("nl") == (
        "Onthullingscontrole: minimaal 10 per cel, afgerond op 5/10; 2 cellen primair en 0 secundair onderdrukt."
    )
    assert report.note("en").startswith("Disclosure control: at least 10 per cell")
    assert tables["buurt"].notes[-1] == report.note("nl")
    assert report.label(INWONERS, "nl") == "geheim (< 10)"
    assert suppressed_cells(tables) == [("buurt", "BU00010101", INWONERS), ("buurt", "BU00010102", BIJSTAND)]


def test_single_child_is_suppressed_with_its_parent():
    wijk = buurten(**{INWONERS: [4]})
    wijk.data["code"] = ["WK000101"]
    tables, report = protect({"wijk": wijk, "buurt": buurten(**{INWONERS: [4]})})
    assert report.primary == 2 and report.secondary == 0
    big_wijk = buurten(**{INWONERS: [400]})
    big_wijk.data["code"] = ["WK000101"]
    # a single small buurt in a wijk whose total is shown: the wijk must go too (it equals the buurt)
    tables, report = protect({"wijk": big_wijk, "buurt": buurten(**{INWONERS: [4]})})
    assert tables["wijk"].status[INWONERS].tolist() == [SECRET]


@pytest.mark.parametrize("base", [1, 5, 10])
def test_a_column_is_rounded_as_each_cell_alone(base):
    values = np.array([0, 0.5, 1.5, 2.5, 4, 4.999, 5, 7.5, 12.5, 15, 25, 99, 1e15 + 0.5, 2.0**53 + 2])
    assert round_counts(values, base).tolist() == [round_count(v, base) for v in values]


# --- fails closed: unknown whole numbers are counts ----------------------------------------------


def test_an_unknown_column_of_whole_numbers_is_protected_as_a_count():
    table = buurten(Clienten=[3, 48, 120], Tevredenheid=[7.5, 6.1, 8.0], percentageGehuwd=[23, 4, 51],
                    bevolkingsdichtheid=[4, 8000, 12000])
    tables, report = protect({"buurt": table})
    assert tables["buurt"].status["Clienten"].tolist() == [SECRET, OK, OK]
    assert published(tables["buurt"], "Clienten")[1:] == [50, 120]  # rounded to fives
    assert report.assumed == ["Clienten"]
    # a share and a density by name, a mark with decimals: published as they are, small ones too
    assert published(tables["buurt"], "percentageGehuwd") == [23, 4, 51]
    assert published(tables["buurt"], "bevolkingsdichtheid") == [4, 8000, 12000]
    assert published(tables["buurt"], "Tevredenheid") == [7.5, 6.1, 8.0]


def test_the_user_may_say_a_column_is_no_count_but_not_of_a_registry_count():
    table = buurten(Clienten=[3, 48], **{INWONERS: [4, 400]})
    tables, report = protect({"buurt": table}, DisclosureSettings(not_counts=("clienten", INWONERS)))
    assert published(tables["buurt"], "Clienten") == [3, 48] and report.assumed == []
    assert tables["buurt"].status[INWONERS].tolist() == [SECRET, OK]  # the registry knows it counts persons


def test_the_note_under_a_map_is_about_that_map():
    table = buurten(**{BIJSTAND: [3, 50, 60, 70], INWONERS: [1000, 1000, 4, 1000]})
    _, report = protect({"buurt": table})
    assert report.note("nl", BIJSTAND, "buurt") == ("Onthullingscontrole: aantallen onder 10 geheim, afgerond op 10; "
                                                   "1 van 4 gebieden geheim (25%).")
    assert report.note("en", INWONERS, "buurt").endswith("rounded to 5; 1 of 4 areas secret (25%).")
    assert "geen aantal personen" in report.note("nl", "gemiddeld_inkomen_per_inwoner", "buurt")
    assert report.protected_note("nl") == f"Beschermd als aantal personen: {BIJSTAND}, {INWONERS}."


def test_a_slide_says_the_rule_in_plain_words_without_counting_secret_cells():
    table = buurten(**{BIJSTAND: [3, 50, 60, 70], INWONERS: [1000, 1000, 4, 1000]})
    _, report = protect({"buurt": table})
    assert report.plain_note("nl", BIJSTAND) == "Aantallen onder 10 zijn geheim; aantallen afgerond op 10"
    assert report.plain_note("en", INWONERS) == "Counts below 10 are secret; counts rounded to 5"
    assert report.plain_note("nl", "gemiddeld_inkomen_per_inwoner") == ""
    _, lowered = protect({"buurt": table}, DisclosureSettings(min_count=5))
    assert lowered.plain_note("nl", INWONERS) == ("Aantallen onder 5 zijn geheim; aantallen afgerond op 5. "
                                                  "Let op: drempel verlaagd tot 5 (standaard 10)")


def test_a_share_mean_or_total_its_descriptor_names_is_never_taken_for_a_count():
    """Whole euros of a total are no persons: the descriptor says so, and nothing is rounded as a count."""
    whole = np.array([12347.0, 20.0, 503.0])
    assert rule_for("werkenden_x", values=whole).assumed  # nothing says otherwise: a count (fails closed)
    for kind in ("total", "mean", "share"):
        assert rule_for("werkenden_x", values=whole, kind=kind) is None
    assert rule_for("werkenden_x", values=whole, kind="flag_count").kind == "count"
    assert not rule_for("werkenden_x", values=whole, kind="count").assumed  # the descriptor said so: no guess
    assert not rule_for("werkenden_x", values=np.array([1.5]), kind="count").assumed  # a count even if not whole
    assert rule_for("aantal_inwoners", values=whole, kind="total") is not None  # the registry's count stays one


def test_the_descriptor_beside_a_file_tells_the_kind(tmp_path):
    from indicators.io.readers import read_table
    from tests.own_data import own_persons

    persons = own_persons(["BU00010101", "BU00010102"], 400, "geslacht", ["man", "vrouw"], "werk", seed=2)
    persons["inkomen"] = np.round(np.random.default_rng(2).lognormal(10, 0.4, 400))
    persons.to_parquet(tmp_path / "p.parquet")
    from indicators.microdata.aggregate import aggregate_microdata, write_aggregated

    result = aggregate_microdata(tmp_path / "p.parquet", "buurt", groups=["geslacht"],
                                 measures=["som=total:inkomen", "werk=sum:werk"])
    table = read_table(write_aggregated(result, tmp_path / "t.csv"))
    assert table.columns["som"].kind == "total" and table.columns["werk"].kind == "flag_count"
