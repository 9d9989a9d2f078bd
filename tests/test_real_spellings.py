"""The same real figures under every real CBS spelling give the same protected map and export.

The 13 wijken of Leidschendam-Voorburg (``../shared/data/real``, KWB 2024) are written again with the
column names of each form people have them in: the PDOK WFS (camelCase), the CBS shapefiles up to
2021 (``BU_CODE``, ``AANT_MAN``), the KWB spreadsheets 2013-2020 (``gwb_code_10``, ``a_man``) as a
table, OData keys with their position suffix, and StatLine CSV headers. Every variant goes through
the one pipeline (``geo.datasets.load_file``) with a threshold of 2,600, so real cells are withheld:
the protected figures must be the same everywhere, and no count below the threshold is shown.
"""

from __future__ import annotations

import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.datasets import load_file
from indicators.core.registry import find_indicator
from indicators.core.values import SECRET
from indicators.privacy.disclosure import DisclosureSettings

WIJKEN = "wijken_2024_nl.geojson"
SETTINGS = DisclosureSettings(min_count=2600)  # real wijken of Leidschendam-Voorburg have cells below it
# canonical name (in the real file) -> the name in each spelling; None: the column is left out there
SPELLINGS = {
    "wijkcode": {"pdok": "wijkcode", "shapefile": "WK_CODE", "kwb": "gwb_code_10", "odata": "WijkenEnBuurten",
                 "statline": "Regioaanduiding/Codering (code)"},
    "wijknaam": {"pdok": "wijknaam", "shapefile": "WK_NAAM", "kwb": "regio", "odata": None,
                 "statline": "Wijken en buurten"},
    "gemeentecode": {"pdok": "gemeentecode", "shapefile": "GM_CODE", "kwb": None, "odata": None, "statline": None},
    "gemeentenaam": {"pdok": "gemeentenaam", "shapefile": "GM_NAAM", "kwb": "gm_naam", "odata": None,
                     "statline": "Regioaanduiding/Gemeentenaam (naam)"},
    "aantal_inwoners": {"pdok": "aantalInwoners", "shapefile": "AANT_INW", "kwb": "a_inw",
                        "odata": "AantalInwoners_5", "statline": "Bevolking/Aantal inwoners (aantal)"},
    "mannen": {"pdok": "mannen", "shapefile": "AANT_MAN", "kwb": "a_man", "odata": "Mannen_6",
               "statline": "Bevolking/Geslacht/Mannen (aantal)"},
    "vrouwen": {"pdok": "vrouwen", "shapefile": "AANT_VROUW", "kwb": "a_vrouw", "odata": "Vrouwen_7",
                "statline": "Bevolking/Geslacht/Vrouwen (aantal)"},
    "0_15": {"pdok": "percentagePersonen0Tot15Jaar", "shapefile": "P_00_14_JR", "kwb": "p_00_14",
             "odata": "PercentagePersonen0Tot15Jaar_13",
             "statline": "Bevolking/Leeftijdsgroepen/Percentage personen 0 tot 15 jaar (%)"},
    "huishoudens": {"pdok": "aantalHuishoudens", "shapefile": "AANTAL_HH", "kwb": "a_hh",
                    "odata": "HuishoudensTotaal_29",
                    "statline": "Bevolking/Particuliere huishoudens/Huishoudens totaal (aantal)"},
    "gem_huishouden_grootte": {"pdok": "gemiddeldeHuishoudsgrootte", "shapefile": "GEM_HH_GR", "kwb": "g_hhgro",
                               "odata": "GemiddeldeHuishoudensgrootte_33",
                               "statline": "Bevolking/Particuliere huishoudens/Gemiddelde huishoudensgrootte (aantal)"},
    "bevolkingsdichtheid": {"pdok": "bevolkingsdichtheidInwonersPerKm2", "shapefile": "BEV_DICHTH",
                            "kwb": "bev_dich", "odata": "Bevolkingsdichtheid_34",
                            "statline": "Bevolking/Bevolkingsdichtheid (aantal inwoners per km²)"},
    "personenautos": {"pdok": "personenautos", "shapefile": "PERS_AUTO", "kwb": "a_pau", "odata": "Personenautos_1",
                      "statline": "Motorvoertuigen/Personenauto's (aantal)"},  # not in the registry: a count
}
# the spellings read as a boundary file; the others are a table joined to the bare boundaries
AS_BOUNDARIES = ("canonical", "pdok", "shapefile")


@pytest.fixture(scope="module")
def wijken(real_file):
    """The 13 real wijken of Leidschendam-Voorburg in 2024, with their real KWB figures."""
    frame = gpd.read_file(real_file(WIJKEN))
    return frame[frame["gemeentecode"] == "GM1916"][[*SPELLINGS, "geometry"]].reset_index(drop=True)


def write_variant(frame: gpd.GeoDataFrame, spelling: str, folder) -> dict:
    """The files of one spelling: load_file's arguments."""
    if spelling == "canonical":
        path = folder / "wijken.geojson"
        frame.to_file(path, driver="GeoJSON")
        return {"path": path}
    names = {column: by[spelling] for column, by in SPELLINGS.items() if by[spelling]}
    renamed = frame[[*names, "geometry"]].rename(columns=names)
    if spelling == "pdok":
        path = folder / "wijken_wfs.geojson"
        renamed.to_file(path, driver="GeoJSON")
        return {"path": path}
    if spelling == "shapefile":
        shp = folder / "wijk_2024.shp"
        renamed.to_crs("EPSG:28992").to_file(shp, driver="ESRI Shapefile")
        path = folder / "wijk_2024.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for part in folder.glob("wijk_2024.*"):
                if part.suffix != ".zip":
                    archive.write(part, part.name)
        return {"path": path}
    boundaries = folder / "wijken_grenzen.geojson"
    frame[["wijkcode", "wijknaam", "geometry"]].to_file(boundaries, driver="GeoJSON")
    table = pd.DataFrame(renamed.drop(columns="geometry"))
    if spelling == "kwb":
        path = folder / "kwb-2024.xlsx"
        table.assign(recs="Wijk").to_excel(path, index=False)
    else:
        path = folder / f"wijken_{spelling}.csv"
        table.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    return {"path": boundaries, "tables": [path]}


def canonical_figures(table) -> dict[str, dict[str, tuple]]:
    """Registry indicator id (or own column) -> {code: (value, status)}, whatever the columns are called."""
    own = {name: canonical for canonical, by in SPELLINGS.items() for name in by.values() if name}
    figures = {}
    for column in table.figures:
        indicator = find_indicator(column)
        if indicator is None and own.get(column, column) != "personenautos":
            continue
        values = pd.to_numeric(table.data[column], errors="coerce").astype(float)
        cells = zip(table.data["code"], values, table.status[column])
        figures[indicator.id if indicator else "personenautos"] = {
            code: (None if np.isnan(value) else round(float(value), 6), str(state)) for code, value, state in cells}
    return figures


@pytest.fixture(scope="module")
def protected(wijken, tmp_path_factory):
    results = {}
    for spelling in ("canonical", "pdok", "shapefile", "kwb", "odata", "statline"):
        folder = tmp_path_factory.mktemp(spelling)
        files = write_variant(wijken, spelling, folder)
        results[spelling] = load_file(files.pop("path"), settings=SETTINGS, **files)
    return results


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["pdok", "shapefile", "kwb", "odata", "statline"])
def test_every_spelling_gives_the_same_protected_figures(protected, spelling):
    expected = canonical_figures(protected["canonical"].table)
    found = canonical_figures(protected[spelling].table)
    assert {"inwoners", "mannen", "vrouwen", "pct_0_15", "huishoudens", "huishoudensgrootte", "bevolkingsdichtheid",
            "personenautos"} <= set(expected)
    for indicator in expected:
        assert found.get(indicator) == expected[indicator], f"{spelling}: {indicator} differs"


@pytest.mark.parametrize("spelling", ["canonical", "pdok", "shapefile", "kwb", "odata", "statline"])
def test_small_counts_are_never_shown_and_shares_never_rounded(protected, wijken, spelling):
    loaded = protected[spelling]
    figures = canonical_figures(loaded.table)
    for indicator in ("inwoners", "mannen", "vrouwen", "huishoudens", "personenautos"):
        shown = [value for value, state in figures[indicator].values() if value is not None]
        assert shown and all(value >= 2600 and value % 5 == 0 for value in shown), indicator
        assert any(state == SECRET for _, state in figures[indicator].values()), indicator  # Stompwijk and others
    # shares, means and densities are no counts: published as delivered, never rounded or withheld
    truth = {"pct_0_15": "0_15", "huishoudensgrootte": "gem_huishouden_grootte",
             "bevolkingsdichtheid": "bevolkingsdichtheid"}
    for indicator, column in truth.items():
        expected = dict(zip(wijken["wijkcode"], wijken[column].astype(float)))
        assert {code: value for code, (value, _) in figures[indicator].items()} == pytest.approx(expected)
    assert "personenautos" in [find_indicator(c).id if find_indicator(c) else "personenautos"
                               for c in loaded.disclosure.assumed]


def test_names_are_names_under_every_spelling(protected):
    names = dict(zip(protected["canonical"].table.data["code"], protected["canonical"].table.data["naam"]))
    for spelling in ("pdok", "shapefile"):
        table = protected[spelling].table
        assert dict(zip(table.data["code"], table.data["naam"])) == names, spelling
