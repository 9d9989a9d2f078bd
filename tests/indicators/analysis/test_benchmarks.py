"""Reference values and comparable gemeenten, on small tables and on the real national KWB rows of 2024."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.analysis.benchmarks import (
    NATIONAL_CODE,
    national_part,
    row_reference,
    similar_average,
    similar_municipalities,
)
from indicators.analysis.derive import add_registry_derived
from indicators.core.table import build_table
from indicators.core.values import SECRET
from indicators.io.readers import read_table


def national(rows: list[dict]) -> object:
    frame = pd.DataFrame(rows)
    table = build_table(frame, labels={"code", "naam"})
    table.code_column, table.name_column = "code", "naam"
    return add_registry_derived(table)


def gemeente(code, name, inwoners, density, old, income, bijstand=100, young=None):
    young = young if young is not None else inwoners * 0.6
    return {"code": code, "naam": name, "aantal_inwoners": inwoners, "omgevingsadressendichtheid": density,
            "personen_0_tot_15_jaar": inwoners * 0.15, "personen_15_tot_25_jaar": young * 0.2,
            "personen_25_tot_45_jaar": young * 0.4, "personen_45_tot_65_jaar": young * 0.4,
            "personen_65_jaar_en_ouder": inwoners * old, "gemiddeld_inkomen_per_inwoner": income,
            "personen_per_soort_uitkering_bijstand": bijstand}


@pytest.fixture(scope="module")
def small():
    return national([
        {"code": "NL00", "naam": "Nederland", "aantal_inwoners": 1_000_000},
        gemeente("GM0001", "Doel", 50_000, 2000, 0.20, 30.0),
        gemeente("GM0002", "Tweeling", 50_000, 2000, 0.20, 30.0, bijstand=300),
        gemeente("GM0003", "Groter", 100_000, 2000, 0.20, 30.0),
        gemeente("GM0004", "Veel groter", 400_000, 2000, 0.20, 30.0),
        gemeente("GM0005", "Dorp", 5_000, 300, 0.30, 27.0),
        gemeente("GM0006", "Rijk", 50_000, 2000, 0.20, 45.0),
    ])


def test_the_closest_gemeenten_come_first_and_the_gemeente_itself_is_left_out(small):
    similar = similar_municipalities(small, "GM0001", n=3)
    assert similar.codes[:2] == ["GM0002", "GM0003"] and "GM0005" not in similar.codes  # the village is furthest
    assert similar.measures == ("size", "density", "age", "income") and similar.missing == ()
    assert similar.members[0].distance == pytest.approx(0.0)
    assert similar.members[1].values["size"] == 100_000
    assert similar.members[1].closest[0] != "size"  # it differs in size only, so size is not what it shares
    assert NATIONAL_CODE not in similar.codes


def test_size_counts_on_a_log_scale(small):
    # on a log scale 100,000 is half as far from 50,000 as from 400,000 (a factor 2 against a factor 4)
    distance = {m.code: m.distance for m in similar_municipalities(small, "GM0003", n=5).members}
    assert distance["GM0001"] == pytest.approx(distance["GM0004"] / 2)


def test_the_average_of_comparable_gemeenten_pools_rates_and_averages_counts(small):
    similar = similar_municipalities(small, "GM0001", n=2)  # GM0002 and GM0003
    assert similar_average(small, similar, "aantal_inwoners").value == pytest.approx(75_000)
    rate = similar_average(small, similar, "bijstand_per_1000_15_65")
    assert rate.value == pytest.approx((300 + 100) / (30_000 + 60_000) * 1000)  # pooled, not a mean of rates
    assert rate.count == 2


def test_a_secret_reference_is_a_status_not_a_number(small):
    table = national([gemeente("GM0001", "Doel", 50_000, 2000, 0.2, 30.0, bijstand=-99997)])
    reference = row_reference(table, "GM0001", "personen_per_soort_uitkering_bijstand")
    assert reference.value is None and reference.status == SECRET
    assert row_reference(table, "GM0001", "PersonenPerSoortUitkeringBijstand").status == SECRET  # any spelling
    assert row_reference(table, "GM0009", "aantal_inwoners").value is None


@pytest.mark.parametrize("kwargs, match", [
    ({"gemeente": "GM0999"}, "'GM0999' is not among the national rows"),
    ({"gemeente": "GM0001", "n": 0}, "'n' should be a positive whole number"),
])
def test_bad_requests_are_refused(small, kwargs, match):
    with pytest.raises(ValueError, match=match):
        similar_municipalities(small, **kwargs)


def test_comparable_gemeenten_on_the_real_national_rows_of_2024(real_file):
    """The real KWB 2024 gemeente rows (342) hold inhabitants and density, not age or income."""
    rows = national_part(read_table(real_file("kwb2024_85984NED_gm_wk_values.json")))
    assert len(rows.data) == 342
    similar = similar_municipalities(rows, "GM1916", year=2024)
    assert len(similar.members) == 10 and "GM1916" not in similar.codes
    assert similar.measures == ("size", "density") and similar.missing == ("age", "income")
    assert similar.columns["density"] == "bevolkingsdichtheid"  # no address density in the file: the fallback
    assert similar.values == {"size": 78229.0, "density": 2399.0}
    distances = [m.distance for m in similar.members]
    assert distances == sorted(distances)
    for member in similar.members:  # like Leidschendam-Voorburg: a town of 50,000-120,000, 1,500-4,000 per km²
        assert 50_000 < member.values["size"] < 120_000 and 1_500 < member.values["density"] < 4_000
    assert similar.codes[0] == "GM0537"  # Katwijk: 66,966 inhabitants, 2,700 per km²
