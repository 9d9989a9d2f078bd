"""Column stems and the search for code and name columns in every CBS spelling."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.core.columns import (
    find_code_column,
    find_name_column,
    names_a_label,
    names_a_non_count,
    split_header,
    stem,
)


@pytest.mark.parametrize(
    "name", ["aantal_inwoners", "aantalInwoners", "AantalInwoners_5", "AantalInwoners_102", "Aantal inwoners"]
)
def test_every_spelling_has_one_stem(name):
    assert stem(name) == "aantalinwoners"


def test_stem_drops_accents():
    assert stem("Wmo-cliënten") == "wmoclienten"


def test_code_column_by_name_prefers_the_most_detailed_level():
    frame = pd.DataFrame({"gemeentecode": ["GM1916"] * 2, "wijkcode": ["WK191601", "WK191602"], "x": [1, 2]})
    assert find_code_column(frame) == "wijkcode"
    assert find_code_column(frame, "gemeente") == "gemeentecode"


def test_code_column_by_content_with_padded_codes():
    frame = pd.DataFrame({"gebied": ["WK191601  ", "WK191602  "], "inwoners": ["1", "2"]})
    assert find_code_column(frame) == "gebied"


def test_odata_region_dimension_is_a_code_column():
    frame = pd.DataFrame({"WijkenEnBuurten": ["GM1916    ", "WK191601  "], "AantalInwoners": [1, 2]})
    assert find_code_column(frame) == "WijkenEnBuurten"


def test_bare_numeric_codes_under_a_code_name():
    frame = pd.DataFrame({"wijkcode": ["191601", "191602"], "inwoners": ["1", "2"]})
    assert find_code_column(frame) == "wijkcode"


def test_no_code_column():
    frame = pd.DataFrame({"naam": ["Leidschendam", "Voorburg"], "inwoners": [1, 2]})
    assert find_code_column(frame) is None


def test_name_column_skips_the_code_column():
    frame = pd.DataFrame({"wijkcode": ["WK191601"], "wijknaam": ["Leidschendam"], "gemeentenaam": ["L-V"]})
    assert find_name_column(frame) == "wijknaam"
    assert find_name_column(frame, "gemeente") == "gemeentenaam"
    assert find_name_column(pd.DataFrame({"naam": [1]})) is None


@pytest.mark.parametrize("name", ["jaar", "sa_jaar", "Perioden", "year"])
def test_year_columns_are_labels_not_figures(name):
    from indicators.core.columns import names_a_year
    from indicators.core.table import build_table

    assert names_a_year(name)
    table = build_table(pd.DataFrame({"code": ["WK01"], name: [2023], "inwoners": [10]}), labels=["code"])
    assert table.figures == ["inwoners"]


@pytest.mark.parametrize("name", ["k_0Tot15Jaar_8", "personen_65_jaar_en_ouder", "jaarstatcode", "aantal_inwoners"])
def test_age_groups_are_not_years(name):
    from indicators.core.columns import names_a_year

    assert not names_a_year(name)


@pytest.mark.parametrize("name", ["percentageGehuwd", "percentage_gehuwd", "p_gehuwd", "P_00_14_JR", "g_ink_pi",
                                  "GEM_HH_GR", "bevolkingsdichtheidInwonersPerKm2", "BEV_DICHTH", "OPP_TOT",
                                  "gemiddelde_woz_waarde_woning", "Jeugdwerkloosheid (%)",
                                  "Inkomen/Gemiddeld inkomen (x 1 000 euro)", "stedelijkheidAdressenPerKm2"])
def test_shares_means_densities_and_areas_are_named_as_no_counts(name):
    assert names_a_non_count(name)


@pytest.mark.parametrize("name", ["aantal_inwoners", "a_inw", "AANT_INW", "a_soz_bb", "mannen",
                                  "personen_65_jaar_en_ouder", "Bevolking/Aantal inwoners (aantal)", "Cliënten",
                                  "aantal_woningen_bouwjaar_45_tot_65"])
def test_counts_and_unknown_names_are_not_excused(name):
    assert not names_a_non_count(name)


@pytest.mark.parametrize("name", ["Unnamed: 0", "column_1", "gwb_code_10", "fid", "recs", "ind_wbi", "POSTCODE",
                                  "Regioaanduiding/Indelingswijziging wijken en buurten (code)",
                                  "indelingswijziging_wijken_en_buurten"])
def test_index_and_code_columns_are_labels(name):
    assert names_a_label(name)


def test_a_statline_header_splits_into_title_and_unit():
    assert split_header("Bevolking/Aantal inwoners (aantal)") == ("Aantal inwoners", "aantal")
    assert split_header("aantal_inwoners") == ("aantal_inwoners", "")
