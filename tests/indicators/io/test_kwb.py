import json
import re

import pytest

from indicators.analysis.derive import add_registry_derived
from indicators.core.columns import stem
from indicators.core.registry import find_indicator, load_registry
from indicators.io.kwb import KWB_TABLES, kwb_table, kwb_year, resolve_columns
from indicators.io.odata import read_odata

# Registry indicators with a CBS stem that the KWB OData table does not have: they are only in the
# wijk- en buurtkaart (PDOK / GeoPackage), which publishes age shares the OData table leaves out.
NOT_IN_KWB_2024 = {"pct_0_15", "pct_15_25", "pct_25_45", "pct_45_65", "pct_65_plus"}


@pytest.fixture(scope="module")
def properties(real_file):
    return json.loads(real_file("kwb2024_85984NED_DataProperties.json").read_text(encoding="utf-8"))


def test_kwb_table_ids_per_year():
    assert KWB_TABLES == {2019: "84583NED", 2020: "84799NED", 2021: "85039NED", 2022: "85318NED",
                          2023: "85618NED", 2024: "85984NED"}
    assert kwb_table(2024) == "85984NED" and kwb_table("2019") == "84583NED"
    assert kwb_year("85618ned") == 2023


@pytest.mark.parametrize("year", [2018, 2025, "volgend jaar"])
def test_unknown_year_names_the_available_years(year):
    with pytest.raises(ValueError, match=r"no KWB table known for year .*choose one of 2019, 2020, .*2024"):
        kwb_table(year)


def test_unknown_table_id():
    with pytest.raises(ValueError, match="'12345NED' is not a known KWB table"):
        kwb_year("12345NED")


def test_every_registry_stem_in_kwb_2024_resolves(properties):
    registry = load_registry()
    keys = resolve_columns(properties)
    cbs = {i for i, ind in registry.items() if ind.source == "cbs_kwb"}
    assert NOT_IN_KWB_2024 <= cbs
    assert set(keys) == cbs - NOT_IN_KWB_2024  # a new CBS indicator must resolve or be listed above
    for indicator_id, key in keys.items():
        assert stem(key) == stem(registry[indicator_id].stem), indicator_id
        assert re.fullmatch(r".+_\d+", key), key  # the real key, with its position suffix
        assert find_indicator(key) is registry[indicator_id]
    assert keys["bijstand"] == "PersonenPerSoortUitkeringBijstand_94"
    assert keys["pct_zelfstandigen"] == "PercentageZelfstandigen_80"
    assert keys["inkomen_per_inwoner"] == "GemiddeldInkomenPerInwoner_83"
    assert keys["bedrijfsvestigingen"] == "BedrijfsvestigingenTotaal_102"


def test_resolve_selected_indicators_skips_derived_and_own(properties):
    registry = load_registry()
    keys = resolve_columns(properties, ["inwoners", registry["bijstand"], "bijstand_per_1000_15_65",
                                        "jeugdwerkloosheid", "pct_0_15"])
    assert keys == {"inwoners": "AantalInwoners_5", "bijstand": "PersonenPerSoortUitkeringBijstand_94"}
    with pytest.raises(ValueError, match="unknown indicator id 'geen_indicator'"):
        resolve_columns(properties, ["geen_indicator"])


def test_one_definition_serves_a_year_whose_suffixes_moved(properties):
    """Another year's table: the same stems at other positions (as between 2019 and 2024)."""
    moved = [dict(p, Key=re.sub(r"_(\d+)$", lambda m: f"_{int(m.group(1)) + 7}", p["Key"]))
             if p.get("Key") and p.get("Type") != "TopicGroup" else p for p in properties]
    keys_2024, keys_other = resolve_columns(properties), resolve_columns(moved)
    assert set(keys_other) == set(keys_2024)
    assert keys_other["bijstand"] == "PersonenPerSoortUitkeringBijstand_101"
    assert all(stem(keys_other[i]) == stem(keys_2024[i]) for i in keys_2024)


def test_registry_derived_from_an_odata_table(properties):
    keys = resolve_columns(properties, ["inwoners", "personen_15_25", "personen_25_45", "personen_45_65",
                                        "bijstand", "bedrijfsvestigingen"])
    figures = {"inwoners": [1000, 2000], "personen_15_25": [100, 300], "personen_25_45": [200, 400],
               "personen_45_65": [200, 300], "bijstand": [20, None], "bedrijfsvestigingen": [50, 100]}
    rows = [{"ID": i, "WijkenEnBuurten": code, **{keys[k]: v[i] for k, v in figures.items()}}
            for i, code in enumerate(["WK999901  ", "WK999902  "])]
    table = add_registry_derived(read_odata(rows, properties, source="85984NED"))
    assert table.data["bijstand_per_1000_15_65"].tolist()[0] == pytest.approx(40.0)
    assert table.status["bijstand_per_1000_15_65"].astype(str).tolist() == ["ok", "missing"]
    assert table.data["bedrijfsvestigingen_per_1000"].tolist() == pytest.approx([50.0, 50.0])
