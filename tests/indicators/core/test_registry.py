"""The indicator registry: the file validates, and every real spelling of a column finds its indicator."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pyogrio
import pytest

from indicators.core.columns import stem
from indicators.core.registry import THEMES, Disclosure, find_indicator, load_registry, theme_of
from indicators.io.odata import find_key
from tests.conftest import DEMO_DATA

DEMO_GPKG = DEMO_DATA / "wijkenbuurten_2024_demo.gpkg"
DEMO_CSV = DEMO_DATA / "jeugdwerkloosheid_2024_demo.csv"

# Every figure column of the demo data and the indicator it is. A renamed or new demo column
# makes test_demo_columns_are_all_known fail: update this table and the registry together.
DEMO_COLUMNS = {
    "aantal_inwoners": "inwoners",
    "mannen": "mannen",
    "vrouwen": "vrouwen",
    "personen_0_tot_15_jaar": "personen_0_15",
    "personen_15_tot_25_jaar": "personen_15_25",
    "personen_25_tot_45_jaar": "personen_25_45",
    "personen_45_tot_65_jaar": "personen_45_65",
    "personen_65_jaar_en_ouder": "personen_65_plus",
    "percentage_personen_0_tot_15_jaar": "pct_0_15",
    "percentage_personen_15_tot_25_jaar": "pct_15_25",
    "percentage_personen_25_tot_45_jaar": "pct_25_45",
    "percentage_personen_45_tot_65_jaar": "pct_45_65",
    "percentage_personen_65_jaar_en_ouder": "pct_65_plus",
    "aantal_huishoudens": "huishoudens",
    "gemiddelde_huishoudsgrootte": "huishoudensgrootte",
    "bevolkingsdichtheid_inwoners_per_km2": "bevolkingsdichtheid",
    "oppervlakte_totaal_in_ha": "oppervlakte_totaal",
    "oppervlakte_land_in_ha": "oppervlakte_land",
    "oppervlakte_water_in_ha": "oppervlakte_water",
    "personen_per_soort_uitkering_bijstand": "bijstand",
    "personen_per_soort_uitkering_ww": "ww",
    "personen_per_soort_uitkering_ao": "ao",
    "percentage_zelfstandigen": "pct_zelfstandigen",
    "aantal_inkomensontvangers": "inkomensontvangers",
    "gemiddeld_inkomen_per_inkomensontvanger": "inkomen_per_ontvanger",
    "gemiddeld_inkomen_per_inwoner": "inkomen_per_inwoner",
    "huishoudens_met_een_laag_inkomen": "pct_hh_laag_inkomen",
    "bedrijfsvestigingen_totaal": "bedrijfsvestigingen",
    "jongeren_met_jeugdzorg_in_natura": "jeugdzorg",
    "percentage_jongeren_met_jeugdzorg": "pct_jeugdzorg",
    "Werkloze jongeren (15-27)": "werkloze_jongeren",
    "Jeugdwerkloosheid (%)": "jeugdwerkloosheid",
}
DEMO_LABELS = {
    "buurtcode", "buurtnaam", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam", "water", "jaarstatcode", "bron",
    "Code", "Naam",
}

# Indicators whose stem is a key of the real KWB 2024 DataProperties (85984NED).
IN_KWB_2024 = {
    "inwoners": "AantalInwoners_5", "mannen": "Mannen_6", "vrouwen": "Vrouwen_7",
    "personen_0_15": "k_0Tot15Jaar_8", "personen_15_25": "k_15Tot25Jaar_9", "personen_25_45": "k_25Tot45Jaar_10",
    "personen_45_65": "k_45Tot65Jaar_11", "personen_65_plus": "k_65JaarOfOuder_12",
    "huishoudens": "HuishoudensTotaal_29", "huishoudensgrootte": "GemiddeldeHuishoudensgrootte_33",
    "bevolkingsdichtheid": "Bevolkingsdichtheid_34", "woningvoorraad": "Woningvoorraad_35",
    "woz_waarde": "GemiddeldeWOZWaardeVanWoningen_39", "nettoarbeidsparticipatie": "Nettoarbeidsparticipatie_78",
    "pct_zelfstandigen": "PercentageZelfstandigen_80", "inkomensontvangers": "AantalInkomensontvangers_81",
    "inkomen_per_ontvanger": "GemiddeldInkomenPerInkomensontvanger_82",
    "inkomen_per_inwoner": "GemiddeldInkomenPerInwoner_83", "pct_hh_laag_inkomen": "HuishoudensMetEenLaagInkomen_89",
    "pct_hh_sociaal_minimum": "HuishOnderOfRondSociaalMinimum_90", "bijstand": "PersonenPerSoortUitkeringBijstand_94",
    "ao": "PersonenPerSoortUitkeringAO_95", "ww": "PersonenPerSoortUitkeringWW_96",
    "aow": "PersonenPerSoortUitkeringAOW_97", "jeugdzorg": "JongerenMetJeugdzorgInNatura_98",
    "pct_jeugdzorg": "PercentageJongerenMetJeugdzorg_99", "bedrijfsvestigingen": "BedrijfsvestigingenTotaal_102",
    "oppervlakte_totaal": "OppervlakteTotaal_122", "oppervlakte_land": "OppervlakteLand_123",
    "oppervlakte_water": "OppervlakteWater_124",
    "omgevingsadressendichtheid": "Omgevingsadressendichtheid_128",  # issue #19: similar gemeenten
}

PDOK_WFS = {  # gemeenten_2022_pdok_wfs_wgs84.geojson (and 2023)
    "aantalInwoners": "inwoners", "mannen": "mannen", "vrouwen": "vrouwen", "aantalHuishoudens": "huishoudens",
    "percentagePersonen0Tot15Jaar": "pct_0_15", "percentagePersonen15Tot25Jaar": "pct_15_25",
    "percentagePersonen25Tot45Jaar": "pct_25_45", "percentagePersonen45Tot65Jaar": "pct_45_65",
    "percentagePersonen65JaarEnOuder": "pct_65_plus", "gemiddeldeHuishoudsgrootte": "huishoudensgrootte",
    "bevolkingsdichtheidInwonersPerKm2": "bevolkingsdichtheid", "oppervlakteTotaalInHa": "oppervlakte_totaal",
    "oppervlakteLandInHa": "oppervlakte_land", "oppervlakteWaterInHa": "oppervlakte_water",
}
CBS_GPKG = {  # buurten_2021_ermelo_GM0233.gpkg
    "aantal_inwoners": "inwoners", "mannen": "mannen", "vrouwen": "vrouwen", "aantal_huishoudens": "huishoudens",
    "percentage_personen_0_tot_15_jaar": "pct_0_15", "percentage_personen_15_tot_25_jaar": "pct_15_25",
    "percentage_personen_25_tot_45_jaar": "pct_25_45", "percentage_personen_45_tot_65_jaar": "pct_45_65",
    "percentage_personen_65_jaar_en_ouder": "pct_65_plus", "gemiddelde_huishoudsgrootte": "huishoudensgrootte",
    "bevolkingsdichtheid_inwoners_per_km2": "bevolkingsdichtheid", "oppervlakte_totaal_in_ha": "oppervlakte_totaal",
    "oppervlakte_land_in_ha": "oppervlakte_land", "oppervlakte_water_in_ha": "oppervlakte_water",
}
WIJKEN_2024 = {  # wijken_2024_nl.geojson (third-party renames)
    "aantal_inwoners": "inwoners", "mannen": "mannen", "vrouwen": "vrouwen", "huishoudens": "huishoudens",
    "0_15": "pct_0_15", "15_25": "pct_15_25", "25_45": "pct_25_45", "45_65": "pct_45_65", "65plus": "pct_65_plus",
    "gem_huishouden_grootte": "huishoudensgrootte", "bevolkingsdichtheid": "bevolkingsdichtheid",
}
WIJKEN_2025 = {  # wijken_2025_GM1916_subset.geojson (third-party renames)
    "aantal_inwoners": "inwoners", "huishoudens": "huishoudens", "pct_zelfstandigen": "pct_zelfstandigen",
    "gem_inkomen": "inkomen_per_ontvanger", "hh_laag_inkomen": "pct_hh_laag_inkomen",
    "hh_sociaal_minimum": "pct_hh_sociaal_minimum", "netto_arbeidspart": "nettoarbeidsparticipatie",
    "gem_woz_waarde": "woz_waarde", "oppervlakte_land": "oppervlakte_land", "oppervlakte_water": "oppervlakte_water",
    "uitkering_bijstand": "bijstand",
}
REAL_SPELLINGS = [
    ("gemeenten_2022_pdok_wfs_wgs84.geojson", PDOK_WFS),
    ("gemeenten_2023_pdok_wfs_wgs84.geojson", PDOK_WFS),
    ("buurten_2021_ermelo_GM0233.gpkg", CBS_GPKG),
    ("wijken_2024_nl.geojson", WIJKEN_2024),
    ("wijken_2025_GM1916_subset.geojson", WIJKEN_2025),
]


def _spellings(table):
    return sorted(table.items())


def _real_columns(path) -> set[str]:
    if path.suffix == ".gpkg":
        return set(pyogrio.read_info(path)["fields"])
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {key for feature in features for key in feature["properties"]}


# --- the shipped registry -----------------------------------------------------------------------


def test_registry_loads_and_validates():
    registry = load_registry()
    assert len(registry) >= 35
    for indicator in registry.values():
        assert indicator.theme in THEMES and indicator.theme != "overig"
        assert indicator.kind in ("count", "share", "mean", "rate")
        assert indicator.label_in("nl") and indicator.label_in("en")
        assert indicator.description["nl"] and indicator.description["en"]
        assert indicator.matches(indicator.id)
        assert indicator.source == "derived" or indicator.matches(indicator.stem)
        assert all(indicator.matches(alias) for alias in indicator.aliases)


def test_themes_in_order_with_both_languages():
    assert list(THEMES) == ["bevolking", "werk_en_inkomen", "uitkeringen", "jeugd", "economie", "wonen", "overig"]
    assert THEMES["overig"] == {"nl": "Overig", "en": "Other"}
    assert THEMES["werk_en_inkomen"]["nl"] == "Werk en inkomen"
    assert all(set(names) == {"nl", "en"} for names in THEMES.values())


def test_no_two_indicators_share_a_stem_or_alias():
    registry = load_registry()
    owners = Counter()
    for indicator in registry.values():
        for key in {stem(name) for name in indicator.names} | {stem(name + "_") for name in indicator.names}:
            owners[key] += 1
    assert [key for key, count in owners.items() if count > 1] == []


def test_load_registry_returns_a_copy():
    load_registry().clear()
    assert "inwoners" in load_registry()


def test_indicator_api():
    inkomen = find_indicator("gemiddeld_inkomen_per_inwoner")
    assert inkomen.id == "inkomen_per_inwoner" and inkomen.label_in("en") == "Average income per inhabitant"
    assert (inkomen.unit_in("nl"), inkomen.unit_in("en")) == ("x 1.000 euro", "x 1,000 euro")
    assert (inkomen.kind, inkomen.decimals, inkomen.higher_is_better) == ("mean", 1, True)
    assert find_indicator("PercentageZelfstandigen_80").unit_in("nl") == "%"
    assert find_indicator("Mannen").higher_is_better is None
    assert hash(inkomen) == hash(find_indicator("GemiddeldInkomenPerInwoner_83"))
    assert inkomen.matches("GemiddeldInkomenPerInwoner_83") and not inkomen.matches("AantalInwoners")
    with pytest.raises(ValueError, match="'lang' should be one of 'nl', 'en', got 'de' instead"):
        inkomen.label_in("de")


def test_disclosure_rules():
    registry = load_registry()
    assert registry["inwoners"].disclosure == Disclosure(min_count=10, rounding=5)
    for benefit in ("bijstand", "ww", "ao"):
        assert registry[benefit].disclosure == Disclosure(min_count=10, rounding=10)
    for indicator in registry.values():
        if indicator.kind in ("share", "mean", "rate"):
            assert indicator.disclosure is None, indicator.id


def test_derived_rates():
    registry = load_registry()
    bijstand = registry["bijstand_per_1000_15_65"]
    assert (bijstand.source, bijstand.kind, bijstand.numerator, bijstand.per) == ("derived", "rate", "bijstand", 1000)
    assert bijstand.denominators == (("personen_15_25", "personen_25_45", "personen_45_65"), ("inwoners",))
    assert bijstand.higher_is_better is False and bijstand.stem == ""
    vestigingen = registry["bedrijfsvestigingen_per_1000"]
    assert (vestigingen.numerator, vestigingen.denominators, vestigingen.per) == (
        "bedrijfsvestigingen", (("inwoners",),), 1000)
    assert find_indicator("bijstand_per_1000_15_65") is bijstand


# --- spellings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["AantalInwoners_5", "AantalInwoners", "aantal_inwoners", "aantalInwoners",
                                    "Aantal inwoners", "AantalInwoners_102"])
def test_every_spelling_of_inhabitants(column):
    assert find_indicator(column).id == "inwoners"
    assert theme_of(column) == "bevolking"


def test_demo_columns_are_all_known():
    layer = set(pyogrio.read_info(DEMO_GPKG, layer="buurten")["fields"])
    with open(DEMO_CSV, encoding="utf-8-sig", newline="") as file:
        header = set(next(csv.reader(file, delimiter=";")))
    assert (layer | header) - DEMO_LABELS == set(DEMO_COLUMNS)


@pytest.mark.parametrize("column, indicator_id", _spellings(DEMO_COLUMNS))
def test_demo_column_finds_its_indicator(column, indicator_id):
    assert find_indicator(column).id == indicator_id


@pytest.mark.parametrize("column", sorted(DEMO_LABELS))
def test_label_columns_are_not_indicators(column):
    assert find_indicator(column) is None


@pytest.mark.parametrize("column, indicator_id", _spellings(PDOK_WFS) + _spellings(CBS_GPKG)
                         + _spellings(WIJKEN_2024) + _spellings(WIJKEN_2025))
def test_real_spellings(column, indicator_id):
    assert find_indicator(column).id == indicator_id


@pytest.mark.slow
@pytest.mark.parametrize("name, table", REAL_SPELLINGS, ids=[name for name, _ in REAL_SPELLINGS])
def test_real_spellings_occur_in_their_files(real_file, name, table):
    assert set(table) <= _real_columns(real_file(name))


@pytest.mark.parametrize("column", ["personenautos", "sa_bijstand", "p_laag_inkomen", "15_65", "0", "",
                                    "Nederland_17", "Appartement_54", "percentageOngehuwd", "jrstatcode"])
def test_unknown_columns(column):
    assert find_indicator(column) is None
    assert theme_of(column) == "overig"


def test_themes_of_known_columns():
    assert theme_of("PersonenPerSoortUitkeringBijstand_94") == "uitkeringen"
    assert theme_of("pct_zelfstandigen") == "werk_en_inkomen"
    assert theme_of("Jeugdwerkloosheid (%)") == "jeugd"
    assert theme_of("bedrijfsvestigingen_totaal") == "economie"
    assert theme_of("oppervlakteLandInHa") == "wonen"


# --- the real KWB 2024 DataProperties ------------------------------------------------------------


@pytest.fixture(scope="module")
def properties(real_file):
    return json.loads(real_file("kwb2024_85984NED_DataProperties.json").read_text(encoding="utf-8"))


def test_stems_resolve_in_kwb_2024(properties):
    registry = load_registry()
    for indicator_id, key in IN_KWB_2024.items():
        assert find_key(properties, registry[indicator_id].stem) == key, indicator_id
        assert find_indicator(key) is registry[indicator_id]
    others = [i.id for i in registry.values() if i.source == "cbs_kwb" and i.id not in IN_KWB_2024]
    assert all(find_key(properties, registry[i].stem) is None for i in others)  # only in the map files
    assert sorted(others) == ["pct_0_15", "pct_15_25", "pct_25_45", "pct_45_65", "pct_65_plus"]


def test_kwb_2024_keys_map_to_distinct_indicators(properties):
    keys = [p["Key"] for p in properties if p.get("Key") and p.get("Type") != "TopicGroup"]
    found = Counter(find_indicator(key).id for key in keys if find_indicator(key) is not None)
    assert set(found) == set(IN_KWB_2024)
    assert max(found.values()) == 1
    for repeated in ("Nederland_17", "Nederland_20", "Appartement_54", "Appartement_62"):
        assert find_indicator(repeated) is None


# --- broken registry files ------------------------------------------------------------------------

VALID = """
[themes]
bevolking = { nl = "Bevolking", en = "Population" }
overig = { nl = "Overig", en = "Other" }

[units]
aantal = { nl = "aantal", en = "number" }
per_1000 = { nl = "per 1.000 inwoners", en = "per 1,000 inhabitants" }

[[indicator]]
id = "inwoners"
label = { nl = "Aantal inwoners", en = "Inhabitants" }
description = { nl = "Inwoners.", en = "Inhabitants." }
theme = "bevolking"
kind = "count"
unit = "aantal"
decimals = 0
source = "cbs_kwb"
stem = "AantalInwoners"
aliases = ["aantal_inwoners"]
disclosure = { rounding = 5 }

[[indicator]]
id = "mannen"
label = { nl = "Mannen", en = "Men" }
description = { nl = "Mannen.", en = "Men." }
theme = "bevolking"
kind = "count"
unit = "aantal"
decimals = 0
source = "cbs_kwb"
stem = "Mannen"
disclosure = "none"

[[indicator]]
id = "mannen_per_1000"
label = { nl = "Mannen per 1.000", en = "Men per 1,000" }
description = { nl = "Mannen per 1.000 inwoners.", en = "Men per 1,000 inhabitants." }
theme = "bevolking"
kind = "rate"
unit = "per_1000"
decimals = 1
source = "derived"
numerator = "mannen"
denominators = [["inwoners"]]
per = 1000
disclosure = "none"
"""


def _write(tmp_path, text):
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_through_a_path(tmp_path):
    registry = load_registry(path=_write(tmp_path, VALID))
    assert list(registry) == ["inwoners", "mannen", "mannen_per_1000"]
    assert registry["inwoners"].disclosure == Disclosure(min_count=10, rounding=5)
    assert registry["mannen"].disclosure is None and registry["mannen"].aliases == ()
    assert registry["mannen_per_1000"].unit_in("en") == "per 1,000 inhabitants"


@pytest.mark.parametrize("old, new, message", [
    ('theme = "bevolking"\nkind = "rate"', 'theme = "wonen"\nkind = "rate"',
     r"indicator 'mannen_per_1000' \(entry 3\): theme 'wonen' is unknown; use one of bevolking, overig"),
    ('kind = "count"\nunit = "aantal"\ndecimals = 0\nsource = "cbs_kwb"\nstem = "Mannen"',
     'kind = "total"\nunit = "aantal"\ndecimals = 0\nsource = "cbs_kwb"\nstem = "Mannen"',
     r"indicator 'mannen' \(entry 2\): kind 'total' is unknown; use one of count, share, mean, rate"),
    ('id = "mannen_per_1000"', 'id = "mannen"', r"indicator 'mannen' \(entry 3\): duplicate id"),
    ('stem = "Mannen"', 'stem = "Mannen"\naliases = ["AantalInwoners_5"]',
     r"indicator 'mannen': the name 'AantalInwoners_5' without its ending 'aantalinwoners' matches indicator "
     r"'inwoners'"),
    ('stem = "Mannen"', 'stem = "Mannen"\naliases = ["aantalInwoners"]',
     r"indicator 'mannen': the name 'aantalInwoners' matches indicator 'inwoners' too"),
    ('numerator = "mannen"', 'numerator = "vrouwen"',
     r"indicator 'mannen_per_1000': refers to unknown indicator id 'vrouwen'"),
    ('denominators = [["inwoners"]]', 'denominators = ["inwoners"]',
     r"indicator 'mannen_per_1000' \(entry 3\): 'denominators' should be a list of alternatives"),
    ('per = 1000', '', r"a derived indicator needs 'numerator', 'denominators' and 'per'"),
    ('stem = "Mannen"', 'stem = "Mannen"\nper = 1000', r"per only belong to derived indicators"),
    ('disclosure = { rounding = 5 }', 'disclosure = { min_count = 10 }',
     r"indicator 'inwoners' \(entry 1\): 'disclosure' should be \"none\" or"),
    ('disclosure = { rounding = 5 }', 'disclosure = { rounding = 0 }',
     r"disclosure rounding should be a whole number >= 1"),
    ('stem = "Mannen"', 'stem = "Mannen"\nhigher_is_beter = true', r"unknown key\(s\) higher_is_beter"),
    ('stem = "Mannen"\n', '', r"indicator 'mannen' \(entry 2\): 'stem' .* is required"),
    ('unit = "per_1000"', 'unit = "promille"', r"unit 'promille' is unknown; use one of aantal, per_1000"),
    ('label = { nl = "Mannen", en = "Men" }', 'label = { nl = "Mannen" }',
     r"label should have a text for each language"),
    ('overig = { nl = "Overig", en = "Other" }', '', r"\[themes\] must contain the catch-all theme 'overig'"),
    ('[[indicator]]\nid = "mannen"\n', '[[indicator]]\nid = "mannen\n', r"is not valid TOML"),
])
def test_broken_registry(tmp_path, old, new, message):
    assert old in VALID
    with pytest.raises(ValueError, match=message):
        load_registry(path=_write(tmp_path, VALID.replace(old, new, 1)))


def test_missing_registry_file(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        load_registry(path=tmp_path / "nothing.toml")


def test_a_short_name_may_not_shadow_a_suffixed_alias(tmp_path):
    text = VALID.replace('aliases = ["aantal_inwoners"]', 'aliases = ["aantal_inwoners", "0_15"]')
    text = text.replace('stem = "Mannen"', 'stem = "Mannen"\naliases = ["0"]')
    with pytest.raises(ValueError, match=r"the name '0_15' without its ending '0' matches indicator 'mannen'"):
        load_registry(path=_write(tmp_path, text))
