import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.boundaries import read_boundaries
from geo.datasets import demo_dataset, load_districts
from indicators.analysis.derive import (
    BoundaryChanges,
    add_registry_derived,
    change,
    difference_from_average,
    location_quotient,
    municipal_reference,
    rate,
    reference_values,
    share,
)
from indicators.core.registry import find_indicator, load_registry
from indicators.core.table import build_table

# Registry indicators the synthetic demo municipality does not carry, and why. A new registry
# entry must either be in the demo (as a column, or derived from its columns) or be listed here.
NOT_IN_DEMO = {
    "nettoarbeidsparticipatie": "the demo has the share of self-employed, not net labour participation",
    "pct_hh_sociaal_minimum": "the demo has low-income households only, not households at the social minimum",
    "aow": "the demo has bijstand, WW and AO recipients, not state pension recipients",
    "woningvoorraad": "the demo has no housing figures",
    "woz_waarde": "the demo has no housing figures",
    "omgevingsadressendichtheid": "only in the demo's national rows (nederland_*_demo.csv), for comparable gemeenten",
}


def status_of(table, column):
    return table.status[column].astype(str).tolist()


def values_of(table, column):
    return [None if pd.isna(v) else float(v) for v in table.data[column]]


@pytest.fixture
def wijken():
    """Five wijken with one of each status; strings so StatLine symbols are read ('.' secret, '*' provisional)."""
    frame = pd.DataFrame({
        "code": ["WK000101", "WK000102", "WK000103", "WK000104", "WK000105"],
        "naam": ["Noord", "Oost", "Zuid", "West", "Midden"],
        "personen_per_soort_uitkering_bijstand": ["20", "30", ".", "10", "50*"],
        "aantal_inwoners": ["1000", "2000", "1500", "", "2500"],
        "personen_15_tot_25_jaar": ["100", "300", "200", "0", "500"],
        "personen_25_tot_45_jaar": ["200", "400", "300", "0", "500"],
        "personen_45_tot_65_jaar": ["200", "300", "300", "0", "1000"],
        "percentage_zelfstandigen": ["10", "20", ".", "", "30*"],
    })
    return build_table(frame, labels=["code", "naam"])


# --- rate -----------------------------------------------------------------------------------------


def test_rate_divides_by_the_sum_of_the_denominators(wijken):
    out = rate(wijken, "bijstand", ["personen_15_25", "personen_25_45", "personen_45_65"], name="r")
    # 20 / (100 + 200 + 200) * 1000 = 40; 30 / 1000 * 1000 = 30; 50 / 2000 * 1000 = 25
    assert values_of(out, "r") == [40.0, 30.0, None, None, 25.0]
    assert status_of(out, "r") == ["ok", "ok", "secret", "missing", "provisional"]  # West: 0 / 0
    assert out.columns["r"].decimals == 1 and out.columns["r"].unit == "per 1.000"


def test_rate_with_the_other_denominator_alternative(wijken):
    out = rate(wijken, "personen_per_soort_uitkering_bijstand", "aantal_inwoners", per=1000)
    name = "personen_per_soort_uitkering_bijstand_per_1000_aantal_inwoners"
    assert values_of(out, name) == [20.0, 15.0, None, None, 20.0]
    assert status_of(out, name) == ["ok", "ok", "secret", "missing", "provisional"]  # West: inwoners missing


def test_zero_denominator_is_missing_not_infinite():
    frame = pd.DataFrame({"code": ["WK000101", "WK000102"], "a": [5, 0], "b": [0, 0]})
    out = rate(build_table(frame, labels=["code"]), "a", ["b"], name="r")
    assert status_of(out, "r") == ["missing", "missing"]
    assert out.data["r"].isna().all()


def test_rate_refuses_a_name_already_taken_and_an_empty_denominator(wijken):
    with pytest.raises(ValueError, match="already has a column 'aantal_inwoners'"):
        rate(wijken, "bijstand", ["inwoners"], name="aantal_inwoners")
    with pytest.raises(ValueError, match="'denominator_columns' should name at least one column"):
        rate(wijken, "bijstand", [])
    with pytest.raises(ValueError, match="'per' should be a positive number"):
        rate(wijken, "bijstand", ["inwoners"], per=0)
    with pytest.raises(ValueError, match="no figure column 'nope'"):
        rate(wijken, "nope", ["inwoners"])


def test_derived_measures_never_mutate_their_input(wijken):
    data, status, columns = wijken.data.copy(), wijken.status.copy(), dict(wijken.columns)
    out = rate(wijken, "bijstand", ["inwoners"], name="r")
    share(out, "bijstand", "inwoners", name="s")
    difference_from_average(wijken, "percentage_zelfstandigen")
    add_registry_derived(wijken)
    pd.testing.assert_frame_equal(wijken.data, data)
    pd.testing.assert_frame_equal(wijken.status, status)
    assert wijken.columns == columns and "r" not in wijken.data


# --- share and location quotient --------------------------------------------------------------------


def test_share_in_percent(wijken):
    out = share(wijken, "bijstand", "inwoners", name="s")
    assert values_of(out, "s") == [2.0, 1.5, None, None, 2.0]
    assert status_of(out, "s") == ["ok", "ok", "secret", "missing", "provisional"]
    assert out.columns["s"].unit == "%"


def test_location_quotient_against_the_municipality(wijken):
    # municipal share 200 / 10,000 = 2 %; Noord 2 % -> 1.0, Oost 1.5 % -> 0.75, Midden 2 % -> 1.0
    out = location_quotient(wijken, "bijstand", "inwoners", reference_part=200, reference_total=10_000, name="lq")
    assert values_of(out, "lq") == pytest.approx([1.0, 0.75, None, None, 1.0], nan_ok=True)
    assert status_of(out, "lq") == ["ok", "ok", "secret", "missing", "provisional"]


def test_location_quotient_against_the_nation(wijken):
    # national share 2.5 %: Noord 2 % / 2.5 % = 0.8, Oost 1.5 % / 2.5 % = 0.6
    out = location_quotient(wijken, "bijstand", "inwoners", reference_part=450_000, reference_total=18_000_000)
    assert values_of(out, "bijstand_lq")[:2] == pytest.approx([0.8, 0.6])


def test_location_quotient_of_a_share_column(wijken):
    # pct_zelfstandigen is already a share: Noord 10 % against 12.5 % -> 0.8
    out = location_quotient(wijken, "pct_zelfstandigen", None, reference_part=12.5, reference_total=None)
    assert values_of(out, "pct_zelfstandigen_lq") == pytest.approx([0.8, 1.6, None, None, 2.4], nan_ok=True)
    assert status_of(out, "pct_zelfstandigen_lq") == ["ok", "ok", "secret", "missing", "provisional"]
    with pytest.raises(ValueError, match="'reference_total' should be None when 'total' is None"):
        location_quotient(wijken, "pct_zelfstandigen", None, reference_part=12.5, reference_total=100)


@pytest.mark.parametrize("part, total", [(None, 10_000), (200, None), (0, 10_000), (200, 0)])
def test_location_quotient_without_a_usable_reference_is_missing_with_a_note(wijken, part, total):
    out = location_quotient(wijken, "bijstand", "inwoners", reference_part=part, reference_total=total, name="lq")
    assert status_of(out, "lq") == ["missing", "missing", "secret", "missing", "missing"]
    assert any("lq: no location quotient" in note for note in out.notes)


def test_municipal_reference_never_sums_secret_or_missing_cells(wijken):
    refs = municipal_reference(wijken, ["bijstand", "personen_15_25"])
    assert refs == {"bijstand": None, "personen_15_25": 1100.0}  # bijstand has a secret cell


# --- difference from the average -------------------------------------------------------------------


def test_difference_from_the_mean_of_valid_districts():
    frame = pd.DataFrame({"code": ["WK000101", "WK000102", "WK000103", "WK000104"], "x": [10, 20, -99997, 30]})
    out = difference_from_average(build_table(frame, labels=["code"]), "x")
    assert values_of(out, "x_diff_avg") == [-10.0, 0.0, None, 10.0]  # mean of 10, 20, 30; the secret cell left out
    assert status_of(out, "x_diff_avg") == ["ok", "ok", "secret", "ok"]


def test_difference_from_average_with_provisional_values_and_a_given_average(wijken):
    out = difference_from_average(wijken, "pct_zelfstandigen", name="d")
    # mean of 10, 20 and 30* = 20; the mean includes a provisional figure, so every difference is provisional
    assert values_of(out, "d") == [-10.0, 0.0, None, None, 10.0]
    assert status_of(out, "d") == ["provisional", "provisional", "secret", "missing", "provisional"]
    out = difference_from_average(wijken, "pct_zelfstandigen", name="d", average=12.0)
    assert values_of(out, "d") == [-2.0, 8.0, None, None, 18.0]
    assert status_of(out, "d") == ["ok", "ok", "secret", "missing", "provisional"]


# --- change between years --------------------------------------------------------------------------


def test_change_absolute_and_percent_with_a_boundary_change():
    before = build_table(pd.DataFrame({
        "code": ["WK000101  ", "wk000102", "WK000103", "WK000104", "WK000107"],
        "inwoners": ["100", "200", "0", "50", "."],
    }), labels=["code"])
    after = build_table(pd.DataFrame({  # WK000104 split into WK000105 and WK000106
        "code": ["WK000101", "WK000102", "WK000103", "WK000105", "WK000106", "WK000107"],
        "aantal_inwoners": ["110", "150*", "10", "30", "40", "80"],
    }), labels=["code"])
    out, report = change(before, after, "inwoners")
    assert values_of(out, "inwoners_change") == [10.0, -50.0, 10.0, None, None, None]
    assert values_of(out, "inwoners_change_pct") == [10.0, -25.0, None, None, None, None]
    assert status_of(out, "inwoners_change") == ["ok", "provisional", "ok", "missing", "missing", "secret"]
    assert status_of(out, "inwoners_change_pct") == ["ok", "provisional", "missing", "missing", "missing", "secret"]
    assert report == BoundaryChanges(only_before=("WK000104",), only_after=("WK000105", "WK000106"), matched=4)
    assert report.any
    assert len(out.data) == len(after.data) and out.data["code"].tolist() == after.data["code"].tolist()


def test_change_refuses_repeated_codes():
    table = build_table(pd.DataFrame({"code": ["WK000101", "WK000101"], "x": [1, 2]}), labels=["code"])
    with pytest.raises(ValueError, match="before table has codes more than once"):
        change(table, table, "x")


# --- secret, missing and provisional through every measure ------------------------------------------

MEASURES = {
    "rate": lambda t: rate(t, "a", ["b"], name="out"),
    "share": lambda t: share(t, "a", "b", name="out"),
    "location_quotient": lambda t: location_quotient(t, "a", "b", reference_part=1, reference_total=10, name="out"),
    "difference_from_average": lambda t: difference_from_average(t, "a", name="out", average=1.0),
    "change": lambda t: change(t, t, "a", name="out")[0],
}


@pytest.mark.parametrize("measure", sorted(MEASURES))
def test_the_worst_input_status_wins(measure):
    frame = pd.DataFrame({
        "code": ["WK000101", "WK000102", "WK000103", "WK000104", "WK000105"],
        "a": ["5", ".", "", "5*", "."],
        "b": ["10", "10", "10", "10", ""],
    })
    out = MEASURES[measure](build_table(frame, labels=["code"]))
    # ok; a secret -> secret; a missing -> missing; a provisional -> provisional; secret beats missing
    assert status_of(out, "out") == ["ok", "secret", "missing", "provisional", "secret"]
    assert out.data["out"].iloc[1:3].isna().all() and out.data["out"].iloc[4:].isna().all()
    assert str(out.data["out"].dtype) == "Float64"


# --- the demo municipality ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    dataset = demo_dataset()
    buurten = {year: load_districts(dataset, "buurt", year)[0] for year in (2023, 2024)}
    wijken = load_districts(dataset, "wijk", 2024)[0]
    gemeente = read_boundaries(dataset.boundaries[2024], layer="gemeenten").table
    return {"buurten": buurten, "wijken": wijken, "gemeente": gemeente}


def test_demo_change_2023_2024_reports_the_split_buurt(demo):
    before, after = demo["buurten"][2023], demo["buurten"][2024]
    out, report = change(before, after, "inwoners")
    assert report.only_before == ("BU99990601",)
    assert report.only_after == ("BU99990606", "BU99990607")
    assert report.matched == len(after.data) - 2
    assert isinstance(out.data, gpd.GeoDataFrame)
    by_code = out.data.set_index("code")
    status = out.status.set_index(out.data["code"])
    for code in ("BU99990606", "BU99990607"):
        assert status.at[code, "inwoners_change"] == "missing" and pd.isna(by_code.at[code, "inwoners_change"])
    old = before.data.set_index("code")["aantal_inwoners"]
    new = after.data.set_index("code")["aantal_inwoners"]
    checked = 0
    for code in sorted(set(old.index) & set(new.index)):
        if pd.isna(old[code]) or pd.isna(new[code]):
            assert status.at[code, "inwoners_change"] == "secret"  # the industrial buurt
            continue
        assert by_code.at[code, "inwoners_change"] == new[code] - old[code]
        assert by_code.at[code, "inwoners_change_pct"] == pytest.approx((new[code] - old[code]) / old[code] * 100)
        checked += 1
    assert checked >= 50


def test_demo_location_quotient_against_the_gemeente_layer(demo):
    buurten, gemeente = demo["buurten"][2024], demo["gemeente"]
    refs = municipal_reference(buurten, ["bijstand", "inwoners"], gemeente)
    assert refs == reference_values(gemeente, "GM9999", ["bijstand", "inwoners"])
    assert refs["bijstand"] > 0 and refs["inwoners"] > 0
    out = location_quotient(buurten, "bijstand", "inwoners", reference_part=refs["bijstand"],
                            reference_total=refs["inwoners"])
    row = out.data.index[out.data["code"] == "BU99990101"][0]
    bijstand = out.data.at[row, "personen_per_soort_uitkering_bijstand"]
    inwoners = out.data.at[row, "aantal_inwoners"]
    expected = (bijstand / inwoners) / (refs["bijstand"] / refs["inwoners"])
    assert out.data.at[row, "bijstand_lq"] == pytest.approx(expected)
    secret = out.status["personen_per_soort_uitkering_bijstand"] == "secret"
    assert (out.status.loc[secret, "bijstand_lq"] == "secret").all() and secret.any()
    # summing the buurten is refused: some have secret cells
    assert municipal_reference(buurten, ["bijstand"]) == {"bijstand": None}


def test_reference_values_names_a_missing_code(demo):
    with pytest.raises(ValueError, match="no row with code 'NL01'"):
        reference_values(demo["gemeente"], "NL01", ["inwoners"])


def test_demo_registry_derived_rates(demo):
    out = add_registry_derived(demo["buurten"][2024])
    data = out.data.set_index("code")
    assert {"bijstand_per_1000_15_65", "bedrijfsvestigingen_per_1000"} <= set(out.figures)
    code = "BU99990101"
    ages = sum(data.at[code, c] for c in ("personen_15_tot_25_jaar", "personen_25_tot_45_jaar",
                                           "personen_45_tot_65_jaar"))
    bijstand = data.at[code, "personen_per_soort_uitkering_bijstand"]
    assert data.at[code, "bijstand_per_1000_15_65"] == pytest.approx(bijstand / ages * 1000)
    bedrijven, inwoners = data.at[code, "bedrijfsvestigingen_totaal"], data.at[code, "aantal_inwoners"]
    assert data.at[code, "bedrijfsvestigingen_per_1000"] == pytest.approx(bedrijven / inwoners * 1000)
    secret = out.status["personen_per_soort_uitkering_bijstand"] == "secret"
    assert (out.status.loc[secret, "bijstand_per_1000_15_65"] == "secret").all()
    info = out.columns["bijstand_per_1000_15_65"]
    assert info.title == load_registry()["bijstand_per_1000_15_65"].label_in("nl") and info.decimals == 1
    assert find_indicator("bijstand_per_1000_15_65").id == "bijstand_per_1000_15_65"
    assert add_registry_derived(out).figures == out.figures  # already there: nothing added twice


def test_registry_derived_falls_back_to_the_next_denominator(demo):
    ages = ["personen_15_tot_25_jaar", "personen_25_tot_45_jaar", "personen_45_tot_65_jaar"]
    wijken = demo["wijken"]
    derived = ["bijstand_per_1000_15_65", "bedrijfsvestigingen_per_1000"]  # load_districts adds them already
    frame = wijken.data.drop(columns=["geometry", *ages, *derived], errors="ignore")
    table = build_table(frame, labels=["code", "naam"])
    out = add_registry_derived(table)
    expected = out.data["personen_per_soort_uitkering_bijstand"].astype(float) / out.data["aantal_inwoners"] * 1000
    np.testing.assert_allclose(out.data["bijstand_per_1000_15_65"].astype(float), expected.astype(float))
    assert any("bijstand_per_1000_15_65: computed per inwoners" in note for note in out.notes)


def test_every_registry_indicator_has_demo_coverage(demo):
    registry = load_registry()
    assert set(NOT_IN_DEMO) <= set(registry), "NOT_IN_DEMO names an indicator the registry no longer has"
    covered = set()
    for table in (demo["buurten"][2024], demo["wijken"]):
        derived = add_registry_derived(table)
        for column in derived.figures:
            indicator = find_indicator(column)
            if indicator is None or derived.status[column].isin(["ok", "provisional"]).sum() == 0:
                continue
            covered.add(indicator.id)
    for indicator_id, indicator in registry.items():
        if indicator_id in NOT_IN_DEMO:
            assert indicator_id not in covered, f"{indicator_id} is in the demo now: drop it from NOT_IN_DEMO"
        else:
            assert indicator_id in covered, f"registry indicator {indicator_id!r} has no demo column and is not derived"
    assert {i for i in covered if registry[i].source == "derived"} == {
        i for i, ind in registry.items() if ind.source == "derived"
    }
