"""Synthetic demo municipality "Demostad" (GM9999): boundaries and figures shaped like CBS's.

The app needs data that works without a download and without borrowing a real municipality's
figures. This module draws a fictional municipality in RD New (EPSG:28992) with the structure of
the CBS wijk- en buurtkaart and the Kerncijfers wijken en buurten (KWB):

- buurten are Voronoi cells clipped to an irregular outline, so they tile the gemeente without
  gaps or overlaps; wijken are unions of adjacent buurten; the gemeente is the union of all;
- one water buurt (``BU99999997`` in water wijk ``WK999999``, as CBS codes its water areas) whose
  figures are -99999999, and one industrial buurt with a handful of inhabitants;
- two years, 2023 and 2024; in 2024 one buurt is split in two (two new codes, the old one gone);
- figures drawn from smooth spatial fields plus noise, so hot-spot analysis finds clusters;
- CBS publication rules: hierarchy sums hold before rounding, then counts of persons are rounded
  to fives and benefit recipients to tens at every level, small counts become -99997 (secret).

Every file says it is synthetic (column ``bron``, README). None of the numbers are real.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import MultiPolygon, Polygon

from indicators.core.crs import RD_NEW
from indicators.core.values import MISSING_SENTINEL, SECRET_SENTINEL

GEMEENTECODE = "GM9999"
GEMEENTENAAM = "Demostad"
YEARS = (2023, 2024)
CRS = RD_NEW
BRON = "Synthetische demodata (Wijkverkenner) - geen echte cijfers"
SECRET = SECRET_SENTINEL
NOT_APPLICABLE = MISSING_SENTINEL  # water areas, as in PDOK/CBS files

CENTRE = (155_000.0, 460_000.0)  # RD New metres, on land in the middle of the country
RADIUS = 3_600.0
N_BUURTEN = 60  # land and water, 2023
N_WIJKEN = 12  # land wijken; the water wijk comes on top
GRID = 0.01  # coordinates on a 1 cm grid, so shared edges are identical
TARGET_INHABITANTS = 74_000

WATER_WIJK, WATER_BUURT = "99", "97"
WATER_NAME = "Grote Plas"
INDUSTRIAL_NAME = "Bedrijventerrein De Kade"

# Publication rules (see ``publish_layer``).
MIN_INHABITANTS = 50  # fewer: every figure about persons is secret
MIN_COUNT = 10  # benefit and youth-care counts below this are secret
MIN_INCOME_RECIPIENTS = 300  # fewer: income figures are secret
MIN_EMPLOYED = 150  # fewer in the employed labour force: share of self-employed is secret
MIN_OWN_COUNT = 5  # the municipality's own rule for its youth unemployment table

# Counts that add up from buurt to wijk to gemeente (before rounding).
ADDITIVE = [
    "aantal_inwoners", "mannen", "vrouwen",
    "personen_0_tot_15_jaar", "personen_15_tot_25_jaar", "personen_25_tot_45_jaar",
    "personen_45_tot_65_jaar", "personen_65_jaar_en_ouder",
    "aantal_huishoudens",
    "personen_per_soort_uitkering_bijstand", "personen_per_soort_uitkering_ww",
    "personen_per_soort_uitkering_ao",
    "werkzame_beroepsbevolking", "zelfstandigen",
    "aantal_inkomensontvangers", "inkomen_totaal_x1000_euro", "huishoudens_laag_inkomen",
    "bedrijfsvestigingen_totaal",
    "jongeren_tot_18_jaar", "jongeren_met_jeugdzorg_in_natura",
    "jongeren_15_tot_27_jaar", "jonge_beroepsbevolking", "werkloze_jongeren",
]
AREAS = ["oppervlakte_totaal_in_ha", "oppervlakte_land_in_ha", "oppervlakte_water_in_ha"]
AGES = ["0_tot_15_jaar", "15_tot_25_jaar", "25_tot_45_jaar", "45_tot_65_jaar", "65_jaar_en_ouder"]

PERSON_COUNTS = [
    "aantal_inwoners", "mannen", "vrouwen", *[f"personen_{age}" for age in AGES], "aantal_huishoudens",
]
BENEFITS = [
    "personen_per_soort_uitkering_bijstand", "personen_per_soort_uitkering_ww",
    "personen_per_soort_uitkering_ao",
]
INCOME = [
    "aantal_inkomensontvangers", "gemiddeld_inkomen_per_inkomensontvanger",
    "gemiddeld_inkomen_per_inwoner", "huishoudens_met_een_laag_inkomen",
]
FIGURES = [
    *PERSON_COUNTS[:-1], *[f"percentage_personen_{age}" for age in AGES],
    "aantal_huishoudens", "gemiddelde_huishoudsgrootte", "bevolkingsdichtheid_inwoners_per_km2", *AREAS,
    *BENEFITS, "percentage_zelfstandigen", *INCOME,
    "bedrijfsvestigingen_totaal", "jongeren_met_jeugdzorg_in_natura", "percentage_jongeren_met_jeugdzorg",
]
INTEGER_FIGURES = {
    *PERSON_COUNTS, *BENEFITS, *AREAS, "bevolkingsdichtheid_inwoners_per_km2", "aantal_inkomensontvangers",
    "bedrijfsvestigingen_totaal", "jongeren_met_jeugdzorg_in_natura",
}
LABELS = {
    "gemeenten": ["gemeentecode", "gemeentenaam"],
    "wijken": ["wijkcode", "wijknaam", "gemeentecode", "gemeentenaam"],
    "buurten": ["buurtcode", "buurtnaam", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam"],
}
OWN_DATA_HEADER = ["Code", "Naam", "Werkloze jongeren (15-27)", "Jeugdwerkloosheid (%)"]

WIJK_NAMES = [
    "Centrum", "Havenkwartier", "Molenwijk", "Vogelwijk", "Bomenbuurt", "Polderzicht",
    "Kerkeveld", "Beekdal", "Heidepark", "Stationskwartier", "Zuiderhout", "Weidebroek",
    "Dijkzicht", "Slotwijk", "Veenhoven",
]
_NAME_HEADS = [
    "Linden", "Eiken", "Berken", "Wilgen", "Essen", "Beuken", "Kastanje", "Iepen", "Elzen",
    "Meidoorn", "Hazel", "Rozen", "Tulpen", "Molen", "Kerk", "Sluis", "Brug", "Haven", "Dijk",
    "Slot", "Veen", "Zand", "Klaver", "Lelie", "Vinken", "Reiger", "Zwanen",
]
_NAME_TAILS = [
    "hof", "rode", "veld", "park", "hoek", "kamp", "dreef", "oord", "weide", "burg", "laan", "wijk",
]
_SPECIAL_NAMES = ["'t Hoogje", "Ruïnepark", "Oude Kern", "De Gaarden"]

README = """\
# Demostad: SYNTHETIC demo data — not real figures

**Everything in this folder is synthetic.** *Dit zijn synthetische demodata: geen echte cijfers
van CBS of van een gemeente.* The municipality "Demostad" (code `GM9999`) does not exist; every
boundary and every number was drawn at random by `geo/demo.py` (`python cli.py demo --out DIR`,
fixed seed, deterministic). Every layer carries the column `bron` =
"Synthetische demodata (Wijkverkenner) - geen echte cijfers".

The data has the *structure* of real CBS data, so the app can be shown and tested offline.

Files:
- `wijkenbuurten_2023_demo.gpkg`, `wijkenbuurten_2024_demo.gpkg`: layers `gemeenten`, `wijken`,
  `buurten` like CBS's wijkenbuurten GeoPackage: EPSG:28992 (RD New), MultiPolygons, snake_case
  columns (`buurtcode`, `aantal_inwoners`, `percentage_zelfstandigen`, ...), `water` JA/NEE,
  `jaarstatcode` (`2024BU99990101`), integer counts with CBS sentinels.
- `jeugdwerkloosheid_2023_demo.csv`, `jeugdwerkloosheid_2024_demo.csv`: the municipality's "own
  data" (youth unemployment) as exported from Dutch Excel: `;`-separated, decimal comma, UTF-8
  with BOM, CRLF line ends, `.` for secret cells; wijken and buurten (no water).

Structure:
- 1 gemeente, 12 land wijken plus water wijk `WK999999`, 60 buurten in 2023 (61 in 2024); the
  buurten tile the gemeente without gaps or overlaps.
- Water buurt `BU99999997` (`water` = JA): every figure is -99999999, as in PDOK/CBS files.
- Industrial buurt "Bedrijventerrein De Kade": a handful of inhabitants, so its figures about
  persons are secret (-99997); its area and business locations are published.
- Boundary change: in 2024 buurt {gone} is split in two:
  {new}. The 2023 code no longer exists; all other boundaries are the same in both years.
- Figures come from smooth spatial fields plus noise: there are hot and cold spots.

Publication rules (CBS-like, applied at every level):
- Unrounded buurt figures add up exactly to the wijk and gemeente figures; rounding comes after,
  so a published total need not equal the sum of its published parts.
- Counts of persons, households and business locations: multiples of 5. Benefit recipients
  (bijstand, WW, AO): multiples of 10.
- Secret (-99997): all figures about persons where fewer than {min_inhabitants} inhabitants;
  bijstand, WW, AO and youth-care counts below {min_count} (and the youth-care percentage with
  them); income figures (recipients, averages, low-income households) where fewer than
  {min_income} income recipients; the share of self-employed where the employed labour force is
  below {min_employed}. Real CBS applies its own thresholds; these are simpler, documented ones.
- Percentages are whole numbers; incomes are in 1,000 euro with 1 decimal; average household size
  has 1 decimal; areas in whole hectares; density in inhabitants per km² of land.
- Own data (CSV): exact counts (not rounded), youth unemployment in % with 1 decimal, both `.`
  where fewer than {min_own} unemployed young people (the municipality's own rule).
"""


def generate_demo(out_dir: Path, seed: int = 1916) -> list[Path]:
    """Write the demo GeoPackages, own-data CSV files and README into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Folder to write to; created when absent, existing demo files are replaced.
    seed : int
        Seed of the random draws; the same seed gives the same files.

    Returns
    -------
    list of Path
        The files written, in a fixed order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    demo = build_demo(seed)
    for year, layers in demo.items():
        path = out_dir / f"wijkenbuurten_{year}_demo.gpkg"
        _write_geopackage(path, {layer: publish_layer(frame, layer) for layer, frame in layers.items()})
        written.append(path)
        path = out_dir / f"jeugdwerkloosheid_{year}_demo.csv"
        path.write_bytes(_own_data_csv(layers["wijken"], layers["buurten"]))
        written.append(path)
    path = out_dir / "README.md"
    path.write_text(_describe_demo(demo), encoding="utf-8", newline="\n")
    written.append(path)
    return written


def build_demo(seed: int = 1916) -> dict[int, dict[str, gpd.GeoDataFrame]]:
    """Draw the demo municipality and its figures, before rounding and suppression.

    Returns
    -------
    dict
        ``{year: {"gemeenten": ..., "wijken": ..., "buurten": ...}}``; each frame has the label
        columns, ``water``, ``jaarstatcode``, the additive counts of ``ADDITIVE`` (exact
        integers that sum from buurt to wijk to gemeente), the areas in ha and the derived
        figures computed from those sums, unrounded.
    """
    rng = np.random.default_rng(seed)
    outline = _draw_outline(rng)
    cells = _draw_cells(outline, rng)
    fields = _draw_fields(rng)
    buurten = _divide_into_wijken(cells, rng)
    split_code = _choose_split(buurten, fields)
    demo = {}
    scale = None
    for year in YEARS:
        year_buurten = _split_buurt(buurten, split_code) if year > YEARS[0] else buurten
        figures = _draw_figures(year_buurten, fields, seed, year)
        if scale is None:  # calibrated on the first year; later years grow from it
            scale = TARGET_INHABITANTS / figures["expected"].sum()
        year_buurten = _draw_counts(year_buurten, figures, scale, seed, year)
        demo[year] = _aggregate(year_buurten, year)
    return demo


def publish_layer(frame: gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
    """Round and suppress figures as CBS does and keep the CBS GeoPackage columns.

    Parameters
    ----------
    frame : GeoDataFrame
        One layer of ``build_demo``, unrounded.
    layer : {'gemeenten', 'wijken', 'buurten'}

    Returns
    -------
    GeoDataFrame
        Label columns, ``water``, ``jaarstatcode``, the figures of ``FIGURES`` with the
        sentinels -99997 (secret) and -99999999 (water) and ``bron``; MultiPolygons in RD New.
    """
    if layer not in LABELS:
        raise ValueError(f"'layer' should be one of {', '.join(LABELS)}, got {layer!r} instead")
    out = frame[[*LABELS[layer], "water", "jaarstatcode"]].copy()
    rounded = _round_figures(frame)
    secret = _find_secret_cells(frame)
    for name in FIGURES:
        values = rounded[name].where(~secret[name], SECRET).where(frame["water"] == "NEE", NOT_APPLICABLE)
        out[name] = values.astype("int64" if name in INTEGER_FIGURES else "float64")
    out["bron"] = BRON
    geometry = [geom if isinstance(geom, MultiPolygon) else MultiPolygon([geom]) for geom in frame.geometry]
    return gpd.GeoDataFrame(out, geometry=geometry, crs=CRS).reset_index(drop=True)


def _describe_demo(demo: dict) -> str:
    """The README, naming the buurt that was split, its new codes and the suppression thresholds."""
    before, after = (demo[year]["buurten"].set_index("buurtcode")["buurtnaam"] for year in YEARS)
    gone = [f"{code} ({before[code]})" for code in before.index.difference(after.index)]
    new = [f"{code} ({after[code]})" for code in after.index.difference(before.index)]
    return README.format(
        gone=", ".join(gone), new=" and ".join(new), min_inhabitants=MIN_INHABITANTS, min_count=MIN_COUNT,
        min_income=MIN_INCOME_RECIPIENTS, min_employed=MIN_EMPLOYED, min_own=MIN_OWN_COUNT,
    )


def _write_geopackage(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    """Write layers to a fresh GeoPackage with a fixed timestamp, so regenerating changes no byte."""
    path.unlink(missing_ok=True)
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2024-01-01T00:00:00.000Z"})
    try:
        for layer, frame in layers.items():
            frame.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


# --- geometry -------------------------------------------------------------------------------


def _draw_outline(rng: np.random.Generator) -> Polygon:
    """An irregular, star-shaped outline: a circle with a few random harmonics."""
    angles = np.linspace(0, 2 * np.pi, 240, endpoint=False)
    radius = np.ones_like(angles)
    for k in range(2, 7):
        radius += rng.uniform(0.04, 0.22 / k**0.5) * np.cos(k * angles + rng.uniform(0, 2 * np.pi))
    radius *= RADIUS * (1 + 0.01 * rng.standard_normal(angles.size))
    x = CENTRE[0] + radius * np.sin(angles)
    y = CENTRE[1] + radius * np.cos(angles)
    return shapely.set_precision(Polygon(np.column_stack([x, y])), GRID)


def _draw_cells(outline: Polygon, rng: np.random.Generator) -> list:
    """Voronoi cells of well-spread seed points, with wavy edges, clipped to the outline."""
    seeds = _draw_seeds(outline, rng)
    for _ in range(2):  # Lloyd relaxation: rounder, more even cells
        cells = _voronoi(seeds, outline)
        seeds = shapely.get_coordinates(shapely.centroid(shapely.intersection(cells, outline)))
    cells = _voronoi(seeds, outline)
    cells = shapely.transform(shapely.segmentize(cells, 60.0), _wave(rng))
    cells = shapely.set_precision(cells, GRID)
    return list(shapely.intersection(cells, outline, grid_size=GRID))


def _draw_seeds(outline: Polygon, rng: np.random.Generator) -> np.ndarray:
    """Random points 320 m apart in the centre to 740 m at the edge: smaller buurten in town."""
    minx, miny, maxx, maxy = outline.bounds
    seeds: list[tuple[float, float]] = []
    while len(seeds) < N_BUURTEN:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not outline.contains(shapely.Point(x, y)):
            continue
        spacing = 320 + 420 * np.hypot(x - CENTRE[0], y - CENTRE[1]) / RADIUS
        if all(np.hypot(x - sx, y - sy) >= spacing for sx, sy in seeds):
            seeds.append((x, y))
    return np.array(seeds)


def _voronoi(seeds: np.ndarray, outline: Polygon) -> np.ndarray:
    diagram = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=outline.buffer(1000), ordered=True)
    return shapely.get_parts(diagram)


def _wave(rng: np.random.Generator):
    """A smooth displacement of the plane (at most ~45 m): bends straight edges, keeps the tiling."""
    phases = rng.uniform(0, 2 * np.pi, 4)

    def move(xy: np.ndarray) -> np.ndarray:
        x, y = xy[:, 0], xy[:, 1]
        dx = 30 * np.sin(x / 170 + phases[0]) * np.cos(y / 230 + phases[1])
        dy = 30 * np.sin(y / 190 + phases[2]) * np.cos(x / 250 + phases[3])
        return np.column_stack([x + dx, y + dy])

    return move


def _neighbours(geometries) -> dict[int, set[int]]:
    """Pairs of areas that share an edge (not just a corner)."""
    geometries = list(geometries)
    tree = shapely.STRtree(geometries)
    pairs: dict[int, set[int]] = {i: set() for i in range(len(geometries))}
    left, right = tree.query(geometries, predicate="intersects")
    for i, j in zip(left, right):
        if i < j and shapely.intersection(geometries[i].boundary, geometries[j].boundary).length > 1:
            pairs[i].add(j)
            pairs[j].add(i)
    return pairs


def _divide_into_wijken(cells: list, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Choose the water and industrial buurt, group the other cells into wijken, give codes and names.

    Wijken grow from well-spread start cells along shared edges, so each wijk is a connected
    group of buurten.
    """
    frame = gpd.GeoDataFrame(geometry=cells, crs=CRS)
    centres = shapely.get_coordinates(frame.geometry.representative_point())
    on_edge = _touches_outline(frame)
    water = int(np.argmin(np.where(on_edge, centres[:, 0], np.inf)))
    industrial = int(np.argmax(np.where(on_edge, centres[:, 0], -np.inf)))
    neighbours = _neighbours(frame.geometry)
    land = [i for i in range(len(frame)) if i != water]
    starts = _spread_out(centres, land)
    wijk_of = _grow(starts, neighbours, centres, land)
    order = _order_wijken(starts, centres)
    frame["wijk"] = [WATER_WIJK if i == water else f"{order[wijk_of[i]]:02d}" for i in range(len(frame))]
    frame["kind"] = "woon"
    frame.loc[water, "kind"] = "water"
    frame.loc[industrial, "kind"] = "industrie"
    # number buurten within their wijk from north-west to south-east
    frame["_sort"] = -centres[:, 1] + 0.5 * centres[:, 0]
    frame = frame.sort_values(["wijk", "_sort"]).drop(columns="_sort")
    frame["nummer"] = frame.groupby("wijk").cumcount() + 1
    frame.loc[frame["kind"] == "water", "nummer"] = int(WATER_BUURT)
    frame["buurtcode"] = "BU9999" + frame["wijk"] + frame["nummer"].map("{:02d}".format)
    frame["wijkcode"] = "WK9999" + frame["wijk"]
    names = _draw_names(rng, len(frame))
    frame["buurtnaam"] = [
        WATER_NAME if kind == "water" else INDUSTRIAL_NAME if kind == "industrie" else names.pop(0)
        for kind in frame["kind"]
    ]
    frame["wijknaam"] = [WATER_NAME if w == WATER_WIJK else WIJK_NAMES[int(w) - 1] for w in frame["wijk"]]
    frame["water"] = np.where(frame["kind"] == "water", "JA", "NEE")
    return frame.drop(columns=["wijk", "nummer"]).reset_index(drop=True)


def _touches_outline(frame: gpd.GeoDataFrame) -> np.ndarray:
    outline = shapely.union_all(frame.geometry.values, grid_size=GRID).boundary
    return np.array([geom.boundary.intersection(outline).length > 100 for geom in frame.geometry])


def _spread_out(centres: np.ndarray, land: list[int]) -> list[int]:
    """Farthest-point sampling: the cell nearest the centre first, then the farthest from all chosen."""
    chosen = [min(land, key=lambda i: np.hypot(*(centres[i] - CENTRE)))]
    while len(chosen) < N_WIJKEN:
        distance = {i: min(np.hypot(*(centres[i] - centres[j])) for j in chosen) for i in land}
        chosen.append(max(land, key=lambda i: (distance[i], -i)))
    return chosen


def _grow(starts: list[int], neighbours: dict, centres: np.ndarray, land: list[int]) -> dict[int, int]:
    """Grow wijken from their start cells along shared edges, the smallest wijk first.

    Each step adds one free neighbour (the one nearest the wijk's start) to the wijk with the
    fewest buurten, so wijken stay connected and of similar size.
    """
    wijk_of = {start: start for start in starts}
    members = {start: [start] for start in starts}
    while len(wijk_of) < len(land):
        for start in sorted(starts, key=lambda s: (len(members[s]), s)):
            free = {o for c in members[start] for o in neighbours[c] if o in land and o not in wijk_of}
            if free:
                cell = min(free, key=lambda o: (np.hypot(*(centres[o] - centres[start])), o))
                wijk_of[cell] = start
                members[start].append(cell)
                break
        else:
            raise RuntimeError("the land buurten are not connected; try another seed")
    return wijk_of


def _order_wijken(starts: list[int], centres: np.ndarray) -> dict[int, int]:
    """Wijk 01 is the centre, the others clockwise from the north."""
    angle = {s: np.arctan2(*(centres[s] - CENTRE)) % (2 * np.pi) for s in starts[1:]}
    return {starts[0]: 1, **{s: n for n, s in enumerate(sorted(angle, key=angle.get), start=2)}}


def _draw_names(rng: np.random.Generator, count: int) -> list[str]:
    pool = [head + tail for head in _NAME_HEADS for tail in _NAME_TAILS if head + tail not in WIJK_NAMES]
    names = list(rng.choice(pool, size=count, replace=False))
    for position, name in zip((3, 17, 29, 41), _SPECIAL_NAMES):
        names[position] = name
    return [str(name) for name in names]


def _choose_split(buurten: gpd.GeoDataFrame, fields: dict) -> str:
    """The residential buurt nearest the new-build area: it is split in two in the next year."""
    centres = shapely.get_coordinates(buurten.geometry.representative_point())
    distance = np.hypot(*(centres - fields["young"][:2]).T)
    distance[buurten["kind"].to_numpy() != "woon"] = np.inf
    return buurten["buurtcode"].iloc[int(np.argmin(distance))]


def _split_buurt(buurten: gpd.GeoDataFrame, code: str) -> gpd.GeoDataFrame:
    """Replace buurt ``code`` by two halves with the next free codes of its wijk."""
    row = buurten.loc[buurten["buurtcode"] == code].iloc[0]
    in_wijk = buurten.loc[(buurten["wijkcode"] == row["wijkcode"]) & (buurten["water"] == "NEE"), "buurtcode"]
    next_number = int(in_wijk.str[-2:].astype(int).max()) + 1
    parts = []
    for offset, (half, suffix) in enumerate(_cut_in_two(row.geometry)):
        part = row.copy()
        part["buurtcode"] = f"{code[:-2]}{next_number + offset:02d}"
        part["buurtnaam"] = f"{row['buurtnaam']} {suffix}"
        part["geometry"] = half
        parts.append(part)
    rest = buurten.loc[buurten["buurtcode"] != code]
    out = pd.concat([rest, gpd.GeoDataFrame(parts, crs=CRS)], ignore_index=True)
    return out.sort_values("buurtcode", ignore_index=True)


def _cut_in_two(polygon: Polygon) -> list[tuple[Polygon, str]]:
    """Cut a polygon across its longer side along a chord between two of its own vertices.

    Cutting between existing vertices adds no vertex to the boundary, so the neighbours' edges
    still match exactly and the buurten keep tiling the gemeente.
    """
    ring = np.asarray(polygon.exterior.coords)[:-1]
    centre = np.asarray(polygon.centroid.coords)[0]
    minx, miny, maxx, maxy = polygon.bounds
    across = 0 if maxx - minx > maxy - miny else 1  # 0: a west | east cut, 1: north / south
    along = 1 - across
    ends = []
    for side in (ring[:, along] > centre[along], ring[:, along] <= centre[along]):
        distance = np.where(side, np.abs(ring[:, across] - centre[across]), np.inf)
        ends.append(int(np.argmin(distance)))
    i, j = sorted(ends)
    halves = [Polygon(ring[i : j + 1]), Polygon(np.vstack([ring[j:], ring[: i + 1]]))]
    if not all(half.is_valid for half in halves):
        raise RuntimeError("the buurt to split is too irregular to cut in two; try another seed")
    halves.sort(key=lambda half: -half.centroid.coords[0][across] if across else half.centroid.coords[0][0])
    names = ["Noord", "Zuid"] if across else ["West", "Oost"]
    return list(zip(halves, names))


# --- figures --------------------------------------------------------------------------------


def _draw_fields(rng: np.random.Generator) -> dict[str, tuple[float, float, float]]:
    """Centres and widths (x, y, sigma in m) of the smooth fields that shape the figures.

    ``deprived`` (two post-war areas) drives benefits, low income and youth care; ``wealthy``
    drives income and self-employment; ``young`` is a new-build area of families; ``old`` an
    area of elderly people; ``centre`` the dense town centre; ``rural`` a thinly populated polder
    at the edge (small buurten, so some of their figures are secret).
    """
    angle = rng.uniform(0, 2 * np.pi)
    turns = angle + np.array(
        [0.0, rng.uniform(2.0, 2.6), np.pi + rng.uniform(-0.5, 0.5), rng.uniform(3.8, 4.4), 5.3, 1.1]
    )

    def bump(turn: float, distance: float, sigma: float) -> tuple[float, float, float]:
        x, y = np.sin(turn), np.cos(turn)
        return (CENTRE[0] + distance * RADIUS * x, CENTRE[1] + distance * RADIUS * y, sigma * RADIUS)

    return {
        "centre": (*CENTRE, 0.3 * RADIUS),
        "deprived": bump(turns[0], 0.45, 0.26),
        "deprived_2": bump(turns[1], 0.55, 0.22),
        "wealthy": bump(turns[2], 0.5, 0.28),
        "young": bump(turns[3], 0.62, 0.2),
        "old": bump(turns[4], 0.35, 0.2),
        "rural": bump(turns[5], 0.9, 0.2),
    }


def _field(points: np.ndarray, bump: tuple[float, float, float]) -> np.ndarray:
    x, y, sigma = bump
    return np.exp(-((points[:, 0] - x) ** 2 + (points[:, 1] - y) ** 2) / (2 * sigma**2))


def _buurt_rng(seed: int, code: str, year: int = 0) -> np.random.Generator:
    """A generator per buurt (and year): a buurt keeps its character when others change."""
    return np.random.default_rng([seed, int(code[2:]), year])


def _draw_figures(buurten: gpd.GeoDataFrame, fields: dict, seed: int, year: int) -> pd.DataFrame:
    """Expected population and rates per buurt from the fields, with persistent per-buurt noise."""
    points = shapely.get_coordinates(buurten.geometry.representative_point())
    f = {name: _field(points, bump) for name, bump in fields.items()}
    deprived = np.clip(f["deprived"] + f["deprived_2"], 0, 1)
    draws = [_buurt_rng(seed, code) for code in buurten["buurtcode"]]
    noise = np.array([rng.standard_normal(6) for rng in draws])
    water_share = np.array([rng.uniform(0.005, 0.08) for rng in draws])
    later = year - YEARS[0]
    area = shapely.area(buurten.geometry.to_numpy()) / 10_000
    water_share[buurten["water"].to_numpy() == "JA"] = 1.0
    density = 1500 + 4500 * f["centre"] + 2200 * f["young"] + 1800 * deprived  # inhabitants per km2
    density *= (1 - 0.9 * f["rural"]) * np.exp(0.15 * noise[:, 0]) * (1 + later * (0.006 + 0.25 * f["young"]))
    expected = density * area * (1 - water_share) / 100
    kind = buurten["kind"].to_numpy()
    expected[kind == "water"] = 0
    deprived = np.clip(deprived + 0.06 * noise[:, 1], 0, 1)
    wealthy = np.clip(f["wealthy"] + 0.06 * noise[:, 2] - 0.3 * deprived, 0, 1)
    return pd.DataFrame({
        "expected": expected,
        "area": area,
        "water_share": water_share,
        "deprived": deprived,
        "wealthy": wealthy,
        "young": np.clip(f["young"] + 0.05 * noise[:, 3], 0, 1),
        "old": np.clip(f["old"] + 0.05 * noise[:, 4], 0, 1),
        "centre": f["centre"],
        "business": np.exp(0.2 * noise[:, 5]),
        "kind": kind,
    })


def _draw_counts(
    buurten: gpd.GeoDataFrame, figures: pd.DataFrame, scale: float, seed: int, year: int
) -> gpd.GeoDataFrame:
    """Draw exact counts of persons, households, benefits, income and businesses per buurt."""
    later = year - YEARS[0]
    rows = []
    for code, fig in zip(buurten["buurtcode"], figures.itertuples()):
        rng = _buurt_rng(seed, code, year)
        expected = 15.0 if fig.kind == "industrie" else fig.expected * scale
        rows.append(_draw_buurt(rng, expected, fig, later))
    counts = pd.DataFrame(rows, index=buurten.index)
    out = buurten.copy()
    out["oppervlakte_totaal_in_ha"] = figures["area"].to_numpy()
    out["oppervlakte_water_in_ha"] = (figures["area"] * figures["water_share"]).to_numpy()
    out["oppervlakte_land_in_ha"] = out["oppervlakte_totaal_in_ha"] - out["oppervlakte_water_in_ha"]
    for name in ADDITIVE:
        out[name] = counts[name].astype("int64")
    return out


def _draw_buurt(rng: np.random.Generator, expected: float, fig, later: int) -> dict[str, int]:
    d, w, young, old, centre = fig.deprived, fig.wealthy, fig.young, fig.old, fig.centre
    inhabitants = int(rng.poisson(expected))
    men = int(rng.binomial(inhabitants, 0.493 + 0.01 * rng.standard_normal()))
    shares = np.array([0.14 + 0.09 * young, 0.11 + 0.07 * centre, 0.24 + 0.06 * centre, 0.27, 0.2 + 0.16 * old])
    ages = rng.multinomial(inhabitants, shares / shares.sum())
    household_size = 2.2 + 0.55 * young - 0.45 * centre - 0.25 * old + 0.04 * rng.standard_normal()
    working_age = int(ages[1] + ages[2] + ages[3])
    employed = int(rng.binomial(working_age, 0.72 - 0.2 * d))
    recipients = int(rng.binomial(inhabitants - ages[0], 0.9))
    income = 29 + 24 * w - 7 * d + 1.2 * rng.standard_normal()  # 1,000 euro per recipient
    households = int(round(inhabitants / household_size))
    under_18 = int(ages[0] + rng.binomial(ages[1], 0.3))
    young_people = int(ages[1] + rng.binomial(ages[2], 0.1))
    young_labour = int(rng.binomial(young_people, 0.7))
    businesses = rng.poisson(fig.business * (0.06 * inhabitants * (1 + 2.5 * centre) + 4) * (1.03**later))
    if fig.kind == "industrie":
        businesses = rng.poisson(190 * 1.03**later)
    return {
        "aantal_inwoners": inhabitants,
        "mannen": men,
        "vrouwen": inhabitants - men,
        **{f"personen_{age}": int(n) for age, n in zip(AGES, ages)},
        "aantal_huishoudens": households,
        "personen_per_soort_uitkering_bijstand": rng.binomial(working_age, (0.018 + 0.08 * d) * 0.97**later),
        "personen_per_soort_uitkering_ww": rng.binomial(working_age, (0.016 + 0.02 * d) * 1.06**later),
        "personen_per_soort_uitkering_ao": rng.binomial(working_age, (0.045 + 0.05 * d) * 1.01**later),
        "werkzame_beroepsbevolking": employed,
        "zelfstandigen": rng.binomial(employed, 0.09 + 0.13 * w + 0.05 * centre),
        "aantal_inkomensontvangers": recipients,
        "inkomen_totaal_x1000_euro": int(round(recipients * income * 1.05**later)),
        "huishoudens_laag_inkomen": rng.binomial(households, 0.035 + 0.17 * d),
        "bedrijfsvestigingen_totaal": int(businesses),
        "jongeren_tot_18_jaar": under_18,
        "jongeren_met_jeugdzorg_in_natura": rng.binomial(under_18, (0.075 + 0.1 * d) * 1.02**later),
        "jongeren_15_tot_27_jaar": young_people,
        "jonge_beroepsbevolking": young_labour,
        "werkloze_jongeren": rng.binomial(young_labour, 0.06 + 0.16 * d),
    }


def _aggregate(buurten: gpd.GeoDataFrame, year: int) -> dict[str, gpd.GeoDataFrame]:
    """Sum buurten to wijken and the gemeente, then derive rates and means at every level."""
    buurten = buurten.assign(gemeentecode=GEMEENTECODE, gemeentenaam=GEMEENTENAAM)
    sums = [*ADDITIVE, *AREAS]
    keys = ["wijkcode", "wijknaam", "gemeentecode", "gemeentenaam", "water"]
    wijken = pd.DataFrame(buurten).groupby(keys, as_index=False)[sums].sum()
    shapes = [_union(buurten.geometry[buurten["wijkcode"] == code]) for code in wijken["wijkcode"]]
    gemeente = pd.DataFrame([{"gemeentecode": GEMEENTECODE, "gemeentenaam": GEMEENTENAAM, "water": "NEE",
                              **wijken[sums].sum().to_dict()}])
    layers = {
        "gemeenten": gpd.GeoDataFrame(gemeente, geometry=[_union(buurten.geometry)], crs=CRS),
        "wijken": gpd.GeoDataFrame(wijken, geometry=shapes, crs=CRS),
        "buurten": buurten.drop(columns="kind"),
    }
    codes = {"gemeenten": "gemeentecode", "wijken": "wijkcode", "buurten": "buurtcode"}
    out = {}
    for layer, frame in layers.items():
        frame = frame.sort_values(codes[layer], ignore_index=True)
        frame["jaarstatcode"] = f"{year}" + frame[codes[layer]]
        for name in ADDITIVE:
            frame[name] = frame[name].astype("int64")
        out[layer] = derive_figures(frame)
    return out


def _union(geometries) -> Polygon | MultiPolygon:
    return shapely.union_all(np.asarray(geometries, dtype=object), grid_size=GRID)


def derive_figures(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rates and means from the exact sums of one level (NaN where the denominator is 0)."""
    frame = frame.copy()

    def ratio(numerator, denominator, factor=1.0):
        denominator = frame[denominator].astype(float)
        return (factor * frame[numerator] / denominator.where(denominator > 0)).astype(float)

    for age in AGES:
        frame[f"percentage_personen_{age}"] = ratio(f"personen_{age}", "aantal_inwoners", 100)
    frame["gemiddelde_huishoudsgrootte"] = ratio("aantal_inwoners", "aantal_huishoudens")
    frame["bevolkingsdichtheid_inwoners_per_km2"] = ratio("aantal_inwoners", "oppervlakte_land_in_ha", 100)
    frame["percentage_zelfstandigen"] = ratio("zelfstandigen", "werkzame_beroepsbevolking", 100)
    frame["gemiddeld_inkomen_per_inkomensontvanger"] = ratio("inkomen_totaal_x1000_euro", "aantal_inkomensontvangers")
    frame["gemiddeld_inkomen_per_inwoner"] = ratio("inkomen_totaal_x1000_euro", "aantal_inwoners")
    frame["huishoudens_met_een_laag_inkomen"] = ratio("huishoudens_laag_inkomen", "aantal_huishoudens", 100)
    frame["percentage_jongeren_met_jeugdzorg"] = ratio("jongeren_met_jeugdzorg_in_natura", "jongeren_tot_18_jaar", 100)
    frame["jeugdwerkloosheid"] = ratio("werkloze_jongeren", "jonge_beroepsbevolking", 100)
    return frame


# --- publication ----------------------------------------------------------------------------


def _round_to(values: pd.Series, step: int) -> pd.Series:
    """Round half up to a multiple of ``step`` (CBS rounds counts to fives and tens)."""
    return step * np.floor(values / step + 0.5)


def _round_figures(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for name in FIGURES:
        values = frame[name].astype(float)
        if name in BENEFITS:
            out[name] = _round_to(values, 10)
        elif name in PERSON_COUNTS or name in ("aantal_inkomensontvangers", "bedrijfsvestigingen_totaal",
                                               "jongeren_met_jeugdzorg_in_natura"):
            out[name] = _round_to(values, 5)
        elif name.startswith(("percentage_", "huishoudens_met")) or name in INTEGER_FIGURES:
            out[name] = np.floor(values + 0.5)
        else:  # incomes and household size
            out[name] = np.floor(values * 10 + 0.5) / 10
    return out.fillna(SECRET)


def _find_secret_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """True where a figure is withheld; the rules are in the module README."""
    few_people = frame["aantal_inwoners"] < MIN_INHABITANTS
    about_persons = [name for name in FIGURES if name not in (*AREAS, "bedrijfsvestigingen_totaal")]
    secret = pd.DataFrame(False, index=frame.index, columns=FIGURES)
    secret[about_persons] = np.repeat(few_people.to_numpy()[:, None], len(about_persons), axis=1)
    for name in [*BENEFITS, "jongeren_met_jeugdzorg_in_natura"]:
        secret[name] |= frame[name] < MIN_COUNT
    secret["percentage_jongeren_met_jeugdzorg"] |= secret["jongeren_met_jeugdzorg_in_natura"]
    for name in INCOME:
        secret[name] |= frame["aantal_inkomensontvangers"] < MIN_INCOME_RECIPIENTS
    secret["percentage_zelfstandigen"] |= frame["werkzame_beroepsbevolking"] < MIN_EMPLOYED
    return secret


def _own_data_csv(wijken: pd.DataFrame, buurten: pd.DataFrame) -> bytes:
    """The municipality's youth unemployment table as Dutch Excel writes CSV (BOM, ';', ',', CRLF)."""
    lines = [";".join(OWN_DATA_HEADER)]
    for _, wijk in wijken.loc[wijken["water"] == "NEE"].iterrows():
        lines.append(_own_data_line(wijk, "wijkcode", "wijknaam"))
        in_wijk = buurten.loc[(buurten["wijkcode"] == wijk["wijkcode"]) & (buurten["water"] == "NEE")]
        lines.extend(_own_data_line(buurt, "buurtcode", "buurtnaam") for _, buurt in in_wijk.iterrows())
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _own_data_line(row: pd.Series, code: str, name: str) -> str:
    count = int(row["werkloze_jongeren"])
    if count < MIN_OWN_COUNT:
        figures = [".", "."]
    else:
        figures = [str(count), f"{row['jeugdwerkloosheid']:.1f}".replace(".", ",")]
    return ";".join([row[code], row[name], *figures])
