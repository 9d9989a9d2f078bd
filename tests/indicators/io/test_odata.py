"""OData rows and DataProperties: keys resolved by stem, titles and units, labels and codes."""

from __future__ import annotations

import json

import pytest

from indicators.io.odata import column_names, find_key, read_odata


@pytest.fixture(scope="module")
def properties(real_file):
    return json.loads(real_file("kwb2024_85984NED_DataProperties.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "stem_name, key, title, unit",
    [
        ("PersonenPerSoortUitkeringBijstand", "PersonenPerSoortUitkeringBijstand_94",
         "Personen per soort uitkering; Bijstand", "aantal"),
        ("PercentageZelfstandigen", "PercentageZelfstandigen_80", "Percentage zelfstandigen", "%"),
        ("GemiddeldInkomenPerInwoner", "GemiddeldInkomenPerInwoner_83", "Gemiddeld inkomen per inwoner",
         "x 1 000 euro"),
        ("BedrijfsvestigingenTotaal", "BedrijfsvestigingenTotaal_102", "Bedrijfsvestigingen totaal", "aantal"),
    ],
)
def test_real_keys_resolve_by_stem(properties, stem_name, key, title, unit):
    assert find_key(properties, stem_name) == key
    rows = [{"ID": 0, "WijkenEnBuurten": "WK191601  ", key: 12}]
    table = read_odata(rows, properties, source="85984NED")
    info = table.columns[stem_name]
    assert (info.title, info.unit, info.source_key) == (title, unit, key)


def test_find_key_ignores_case_and_underscores(properties):
    assert find_key(properties, "aantal_inwoners") == "AantalInwoners_5"
    assert find_key(properties, "AantalInwoners_99") == "AantalInwoners_5"  # a suffix from another year
    assert find_key(properties, "Bestaat niet") is None


def test_find_key_on_a_repeated_stem_names_the_choices(properties):
    choices = "HerkomstlandNederland, GeborenInNederlandNederland"
    with pytest.raises(ValueError, match=f"'Nederland' occurs 2 times.*{choices}"):
        find_key(properties, "Nederland")
    assert find_key(properties, "HerkomstlandNederland") == "Nederland_17"
    assert find_key(properties, "Nederland_20") == "Nederland_20"


def test_repeated_stems_get_group_qualified_names(properties):
    names = column_names(properties)
    assert names["Nederland_17"] == "HerkomstlandNederland"
    assert names["Nederland_20"] == "GeborenInNederlandNederland"
    assert names["EuropaExclusiefNederland_23"] == "GeborenBuitenNederlandEuropaExclusiefNederland"
    # both under "Naar woningtype": the next group up tells electricity from gas
    assert names["Appartement_54"] == "GemiddeldeElektriciteitsleveringAppartement"
    assert names["Appartement_62"] == "GemiddeldAardgasverbruikAppartement"
    assert names["AantalInwoners_5"] == "AantalInwoners"
    assert len(set(names.values())) == len(names)


def test_qualified_names_do_not_depend_on_suffixes(properties):
    moved = [dict(p, Key=p["Key"].replace("_17", "_170").replace("_20", "_200")) for p in properties]
    assert column_names(moved)["Nederland_170"] == "HerkomstlandNederland"


def test_string_topics_are_labels_and_code_is_raw(properties):
    rows = [
        {"ID": 0, "WijkenEnBuurten": "GM1916    ", "Gemeentenaam_1": "Leidschendam-Voorburg   ",
         "SoortRegio_2": "Gemeente  ", "Codering_3": "GM1916    ", "IndelingswijzigingGemeenteWijkBuurt_4": "1",
         "AantalInwoners_5": 78229, "GemiddeldeHuishoudensgrootte_33": 2.0, "MeestVoorkomendePostcode_125": "2264"},
        {"ID": 1, "WijkenEnBuurten": "WK191601  ", "Gemeentenaam_1": "Leidschendam-Voorburg   ",
         "SoortRegio_2": "Wijk      ", "Codering_3": "WK191601  ", "IndelingswijzigingGemeenteWijkBuurt_4": "1",
         "AantalInwoners_5": -99997, "GemiddeldeHuishoudensgrootte_33": None, "MeestVoorkomendePostcode_125": "2265"},
    ]
    table = read_odata(rows, properties)
    assert table.code_column == "WijkenEnBuurten"
    assert table.data["WijkenEnBuurten"].tolist() == ["GM1916    ", "WK191601  "]
    assert table.figures == ["AantalInwoners", "GemiddeldeHuishoudensgrootte"]
    assert table.data["SoortRegio"].tolist() == ["Gemeente", "Wijk"]
    assert table.data["IndelingswijzigingGemeenteWijkBuurt"].tolist() == ["1", "1"]
    assert table.data["AantalInwoners"].dtype == "Int64"
    assert list(table.status["AantalInwoners"].astype(str)) == ["ok", "secret"]
    # a Double stays a float even when every value happens to be whole
    assert table.data["GemiddeldeHuishoudensgrootte"].dtype == "Float64"
    assert table.columns["GemiddeldeHuishoudensgrootte"].decimals == 1
    # Gemeentenaam names the gemeente of each wijk, so it is no region name here
    assert table.name_column is None


def test_cbsodata_rows_with_titles_in_the_dimension(properties):
    rows = [{"WijkenEnBuurten": "Leidschendam-Voorburg", "Codering_3": "GM1916    ", "AantalInwoners_5": 78229}]
    table = read_odata(rows, properties)
    assert table.code_column == "Codering"
    assert table.name_column == "WijkenEnBuurten"


def test_untyped_rows_with_statline_symbols(properties):
    rows = [{"WijkenEnBuurten": "BU19160101", "AantalInwoners_5": "1234", "GemiddeldInkomenPerInwoner_83": "."},
            {"WijkenEnBuurten": "BU19160102", "AantalInwoners_5": "", "GemiddeldInkomenPerInwoner_83": "31.5"}]
    table = read_odata(rows, properties)
    assert table.data["AantalInwoners"].tolist()[0] == 1234
    assert list(table.status["AantalInwoners"].astype(str)) == ["ok", "missing"]
    assert list(table.status["GemiddeldInkomenPerInwoner"].astype(str)) == ["secret", "ok"]


def test_without_properties_names_are_stems_with_a_note():
    rows = [{"ID": 0, "WijkenEnBuurten": "WK191601  ", "Gemeentenaam_1": "Leidschendam-Voorburg", "Mannen_6": 10},
            {"ID": 1, "WijkenEnBuurten": "WK191602  ", "Gemeentenaam_1": "Leidschendam-Voorburg", "Mannen_6": None}]
    table = read_odata(rows, None)
    assert table.figures == ["Mannen"]
    assert table.data["Mannen"].dtype == "Int64"
    assert table.columns["Mannen"].title == "Mannen"
    assert table.columns["Mannen"].source_key == "Mannen_6"
    assert table.code_column == "WijkenEnBuurten"
    assert table.notes and "DataProperties" in table.notes[0]


def test_unknown_keys_are_noted(properties):
    table = read_odata([{"WijkenEnBuurten": "GM1916", "NieuwCijfer_999": 1}], properties)
    assert "NieuwCijfer" in table.figures
    assert any("NieuwCijfer_999" in note for note in table.notes)


def test_no_rows_is_an_error():
    with pytest.raises(ValueError, match="no rows"):
        read_odata([], None, source="85984NED")
