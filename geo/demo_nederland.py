"""Synthetic national rows for the demo: a Netherlands of invented gemeenten around Demostad.

The wijkprofiel compares a district with its gemeente, with Nederland (the KWB row ``NL00``) and
with the gemeenten most like its own (``indicators.analysis.benchmarks``). For the demo municipality those
references must be as synthetic as Demostad itself, so this module draws, per demo year, a table
shaped like the national gemeente rows of the Kerncijfers wijken en buurten:

- 342 invented gemeenten (codes ``GM9000`` to ``GM9341``, outside the real range, invented names)
  with sizes from 900 to 900,000 inhabitants, urban and rural, young and old, rich and poor; each
  keeps its character from one year to the next and grows a little;
- Demostad (``GM9999``) with exactly the figures of the gemeente layer of the demo GeoPackage;
- ``NL00`` Nederland: the sum of all of them, its rates computed from those sums.

Figures are published by the demo's own rules (``geo.demo.publish_layer``): counts rounded, small
cells -99997. Every row says it is synthetic (column ``bron``); so does ``README_nederland.md``.
The files are ``nederland_{year}_demo.csv`` beside the demo GeoPackages, where the wijkprofiel
finds them (``geo.profiles.national_file``).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from shapely.geometry import box

from geo.demo import (
    ADDITIVE,
    AREAS,
    BRON,
    FIGURES,
    GEMEENTECODE,
    YEARS,
    build_demo,
    derive_figures,
    publish_layer,
)

NATIONAL_CODE = "NL00"
N_GEMEENTEN = 342
FIRST_CODE = 9000
ADDRESS_DENSITY = "omgevingsadressendichtheid"
_HEADS = ["Aal", "Bever", "Dors", "Eller", "Gans", "Hazel", "Kraai", "Lier", "Mos", "Otter", "Rijp", "Slik",
          "Vlier", "Wester", "Zuider", "Ooster", "Noorder", "Helder", "Donker", "Groen", "Hoog", "Laag", "Ruig",
          "Stille", "Brede", "Smalle", "Korte", "Lange", "Oude", "Nieuw"]
_TAILS = ["broek", "dam", "horst", "kerk", "lo", "meer", "oord", "rade", "stein", "veen", "waard", "zijl",
          "hoven", "dijk", "gouw", "mond"]
README = """\
# Synthetic national rows for Demostad — not real figures

*Dit zijn synthetische demodata: geen echte cijfers van CBS of van een gemeente.*
`nederland_{{year}}_demo.csv` ({years}) hold, per year, rows shaped like the national gemeente rows
of the CBS Kerncijfers wijken en buurten: {n} invented gemeenten (codes GM{first:04d}-GM{last:04d},
invented names), Demostad (GM9999, the figures of the `gemeenten` layer of the demo GeoPackage) and
NL00 "Nederland" (the sum of all of them). They were drawn by `geo/demo_nederland.py` (`python cli.py
demo --out DIR`, fixed seed) so the wijkprofiel can compare Demostad's districts with "Nederland" and
with comparable gemeenten. Every row carries `bron` = "{bron}".
Columns: `code`, `naam`, the figure columns of the demo GeoPackage and `{address}` (addresses per km²);
`;`-separated, decimal point, -99997 for secret cells (the demo's publication rules).
"""


def generate_national(out_dir: Path, seed: int = 1916) -> list[Path]:
    """Write ``nederland_{year}_demo.csv`` for every demo year and ``README_nederland.md`` into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        The demo folder; ``wijkenbuurten_{year}_demo.gpkg`` must be there already (Demostad's row
        is read from its ``gemeenten`` layer, so the two always agree).
    seed : int
        Seed of the draws; the same seed gives the same files.

    Returns
    -------
    list of Path
        The files written.
    """
    out_dir = Path(out_dir)
    demo = build_demo(seed)
    written = []
    for year in YEARS:
        rows = national_rows(year, seed, demo[year]["gemeenten"],
                             pyogrio.read_dataframe(out_dir / f"wijkenbuurten_{year}_demo.gpkg", layer="gemeenten"))
        path = out_dir / f"nederland_{year}_demo.csv"
        path.write_text(rows.to_csv(sep=";", index=False, lineterminator="\n"), encoding="utf-8", newline="")
        written.append(path)
    path = out_dir / "README_nederland.md"
    path.write_text(README.format(years=", ".join(map(str, YEARS)), n=N_GEMEENTEN, first=FIRST_CODE,
                                  last=FIRST_CODE + N_GEMEENTEN - 1, bron=BRON, address=ADDRESS_DENSITY),
                    encoding="utf-8", newline="\n")
    written.append(path)
    return written


def national_rows(year: int, seed: int, demostad: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """The published national table of one year: NL00, Demostad as published, the invented gemeenten.

    ``demostad`` is Demostad's unrounded gemeente row (``build_demo``), added to the national sums;
    ``published`` its row as the demo GeoPackage publishes it.
    """
    drawn = _draw_gemeenten(year, seed)
    own = pd.DataFrame(demostad)[[*ADDITIVE, *AREAS]].reset_index(drop=True)
    everything = pd.concat([drawn[[*ADDITIVE, *AREAS]], own], ignore_index=True)
    total = pd.DataFrame([everything.sum()])
    total["gemeentecode"], total["gemeentenaam"] = NATIONAL_CODE, "Nederland"
    frame = pd.concat([total, drawn], ignore_index=True)
    frame = derive_figures(frame.assign(water="NEE", jaarstatcode=f"{year}" + frame["gemeentecode"]))
    layer = gpd.GeoDataFrame(frame, geometry=[box(0, 0, 1, 1)] * len(frame), crs="EPSG:28992")
    out = pd.DataFrame(publish_layer(layer, "gemeenten").drop(columns="geometry"))
    # address density: addresses within 1 km of an address, so above the density of the whole land area
    noise = np.array([_rng(seed, code, 0).normal() for code in frame["gemeentecode"]])
    out[ADDRESS_DENSITY] = np.round(250 + 1.15 * frame["bevolkingsdichtheid_inwoners_per_km2"].to_numpy()
                                    * np.exp(0.12 * noise)).astype("int64")
    own_row = pd.DataFrame(published).drop(columns="geometry", errors="ignore").reset_index(drop=True)
    own_noise = _rng(seed, GEMEENTECODE, 0).normal()
    own_row[ADDRESS_DENSITY] = int(round(250 + 1.15 * float(own_row["bevolkingsdichtheid_inwoners_per_km2"].iloc[0])
                                         * np.exp(0.12 * own_noise)))
    rows = pd.concat([out.iloc[:1], own_row, out.iloc[1:]], ignore_index=True)
    rows = rows.rename(columns={"gemeentecode": "code", "gemeentenaam": "naam"})
    rows["bron"] = BRON
    return rows[["code", "naam", *FIGURES, ADDRESS_DENSITY, "bron"]]


def _rng(seed: int, code: str, year: int) -> np.random.Generator:
    return np.random.default_rng([seed, 7, int(code[2:]) if code[2:].isdigit() else 0, year])


def _names() -> list[str]:
    pairs = [head + tail for head in _HEADS for tail in _TAILS]
    order = np.random.default_rng(2024).permutation(len(pairs))
    names = [pairs[i] for i in order[:N_GEMEENTEN]]
    return [name[0].upper() + name[1:] for name in names]


def _draw_gemeenten(year: int, seed: int) -> pd.DataFrame:
    """Exact counts and areas of the invented gemeenten; each keeps its character between years."""
    rows = []
    for number, name in enumerate(_names()):
        code = f"GM{FIRST_CODE + number:04d}"
        own = _rng(seed, code, 0)  # the gemeente's character: the same every year
        size = float(np.clip(np.exp(own.normal(np.log(30_000), 0.85)), 900, 900_000))
        urban = float(np.clip((np.log(size) - np.log(15_000)) / 3 + own.normal(0, 0.25), 0, 1))
        old, rich, deprived = own.uniform(0, 1), own.uniform(0, 1), float(np.clip(urban * own.uniform(0.2, 1), 0, 1))
        growth = own.normal(0.006, 0.005) + 0.004 * urban
        later = year - YEARS[0]
        inhabitants = size * (1 + growth) ** later
        draw = _rng(seed, code, year)  # this year's own noise
        shares = np.array([0.16 - 0.02 * old, 0.11 + 0.05 * urban, 0.22 + 0.08 * urban - 0.03 * old,
                           0.28 - 0.02 * urban, 0.18 + 0.09 * old - 0.04 * urban])
        shares = shares * np.exp(draw.normal(0, 0.01, 5))
        ages = np.round(inhabitants * shares / shares.sum()).astype(int)
        inhabitants = int(ages.sum())
        working = int(ages[1] + ages[2] + ages[3])
        men = int(round(inhabitants * (0.495 + draw.normal(0, 0.004))))
        household_size = 2.45 - 0.35 * urban - 0.2 * old + draw.normal(0, 0.02)
        households = int(round(inhabitants / household_size))
        employed = int(round(working * (0.74 - 0.08 * deprived)))
        recipients = int(round((inhabitants - ages[0]) * 0.9))
        income = (33 + 14 * rich - 5 * deprived) * 1.05 ** later
        land = inhabitants / (150 + 4200 * urban ** 1.6 * own.uniform(0.6, 1.3)) * 100  # ha
        water = land * own.uniform(0.01, 0.25)
        under_18, young = int(ages[0] + 0.3 * ages[1]), int(ages[1] + 0.1 * ages[2])
        rows.append({
            "gemeentecode": code, "gemeentenaam": name,
            "aantal_inwoners": inhabitants, "mannen": men, "vrouwen": inhabitants - men,
            "personen_0_tot_15_jaar": ages[0], "personen_15_tot_25_jaar": ages[1],
            "personen_25_tot_45_jaar": ages[2], "personen_45_tot_65_jaar": ages[3],
            "personen_65_jaar_en_ouder": ages[4], "aantal_huishoudens": households,
            "personen_per_soort_uitkering_bijstand": int(working * (0.012 + 0.06 * deprived) * 0.97 ** later),
            "personen_per_soort_uitkering_ww": int(working * (0.014 + 0.01 * deprived) * 1.06 ** later),
            "personen_per_soort_uitkering_ao": int(working * (0.05 + 0.03 * deprived)),
            "werkzame_beroepsbevolking": employed,
            "zelfstandigen": int(employed * (0.11 + 0.08 * rich + 0.03 * urban)),
            "aantal_inkomensontvangers": recipients,
            "inkomen_totaal_x1000_euro": int(round(recipients * income)),
            "huishoudens_laag_inkomen": int(households * (0.04 + 0.1 * deprived)),
            "bedrijfsvestigingen_totaal": int(inhabitants * (0.09 + 0.05 * rich) * 1.03 ** later),
            "jongeren_tot_18_jaar": under_18,
            "jongeren_met_jeugdzorg_in_natura": int(under_18 * (0.08 + 0.06 * deprived)),
            "jongeren_15_tot_27_jaar": young, "jonge_beroepsbevolking": int(young * 0.7),
            "werkloze_jongeren": int(young * 0.7 * (0.06 + 0.1 * deprived)),
            "oppervlakte_totaal_in_ha": land + water, "oppervlakte_land_in_ha": land,
            "oppervlakte_water_in_ha": water,
        })
    frame = pd.DataFrame(rows)
    for name in ADDITIVE:
        frame[name] = frame[name].astype("int64")
    return frame

