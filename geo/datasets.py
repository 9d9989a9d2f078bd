"""Datasets the app offers: a set of boundary files per year and level, with optional own tables.

The bundled demo municipality is one; uploads and downloads become others. Loading goes through
the same readers and join as the command line, so the app and ``cli.py`` always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo.boundaries import Boundaries, ReadReport, read_boundaries
from geo.join import JoinReport, join_indicators
from indicators.derive import add_registry_derived
from indicators.disclosure import DisclosureSettings, protect
from indicators.table import Table

DEMO_DIR = Path(__file__).resolve().parents[1] / "data" / "demo"
DOWNLOAD_DIR = Path(__file__).resolve().parents[1] / "data" / "downloads"  # fetched from CBS and PDOK
LAYERS = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}


@dataclass(frozen=True)
class Dataset:
    """Where the files of one dataset are: boundaries per year (layers per level) and tables per year."""

    key: str
    title: str
    boundaries: dict[int, Path]
    tables: dict[int, tuple[Path, ...]] = field(default_factory=dict)  # joined in this order
    levels: tuple[str, ...] = ("wijk", "buurt")
    layers: dict[str, str] = field(default_factory=dict)  # level -> layer, for files holding several
    synthetic: bool = False
    person_counts: tuple[str, ...] = ()  # own-data columns the user marked as counts of persons

    @property
    def years(self) -> list[int]:
        """Years with boundaries, newest last."""
        return sorted(self.boundaries)


def demo_dataset(folder: Path = DEMO_DIR) -> Dataset:
    """The bundled synthetic municipality, found by its file names in ``data/demo``."""
    boundaries = _by_year(folder.glob("wijkenbuurten_*_demo.gpkg"))
    if not boundaries:
        raise FileNotFoundError(f"no demo data in {folder}: run python cli.py demo --out {folder}")
    tables = {year: (path,) for year, path in _by_year(folder.glob("jeugdwerkloosheid_*_demo.csv")).items()}
    return Dataset(key="demo", title="Demostad", boundaries=boundaries, tables=tables, layers=LAYERS, synthetic=True)


def _by_year(paths) -> dict[int, Path]:
    return {year_in_name(path.name): path for path in paths if year_in_name(path.name)}


def year_in_name(name: str) -> int:
    """The year a file name carries (``wijken_2025_GM1916.geojson`` -> 2025), 0 when it has none."""
    match = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", name)
    return int(match.group(1)) if match else 0


def load_protected_year(dataset: Dataset, year: int, settings: DisclosureSettings = DisclosureSettings()) -> dict:
    """Every level of a year after one disclosure control over all of them.

    Returns level -> (districts, read report, join report), plus the ``DisclosureReport`` under
    the key ``"report"``. Suppression must see every level a user can look at (gemeente, wijken, buurten of the same
    year): protecting one level alone would leave totals that reveal its suppressed cells. One
    call per year also reads each level once, whichever level is shown first.
    """
    loaded = {level: load_districts(dataset, level, year, check_level=False) for level in year_levels(dataset)}
    return protect_year(dataset, loaded, settings)


def year_levels(dataset: Dataset) -> list[str]:
    """The levels read for one year: the dataset's own, and the gemeente layer where the files have one."""
    return [level for level in dict.fromkeys((*dataset.levels, "gemeente"))
            if level in dataset.levels or level in dataset.layers]


def protect_year(dataset: Dataset, loaded: dict, settings: DisclosureSettings = DisclosureSettings()) -> dict:
    """``load_protected_year`` for levels read already: level -> ``load_districts``'s result, every level of a year.

    The app reads each level once and keeps it, so a new threshold only protects again.
    """
    if dataset.person_counts:
        settings = replace(settings, counts=tuple(dict.fromkeys((*(settings.counts or ()), *dataset.person_counts))))
    protected, report = protect({level: parts[0] for level, parts in loaded.items()}, settings)
    result = {level: (protected[level], *loaded[level][1:]) for level in loaded}
    result["report"] = report
    return result


def load_protected(dataset: Dataset, level: str, year: int, settings: DisclosureSettings = DisclosureSettings()):
    """One level of ``load_protected_year``: the districts, read report, join report and ``DisclosureReport``."""
    if level not in dataset.levels:
        raise ValueError(f"dataset '{dataset.title}' has no level {level!r}: choose one of {dataset.levels}")
    year_data = load_protected_year(dataset, year, settings)
    return (*year_data[level], year_data["report"])


def load_districts(dataset: Dataset, level: str, year: int,
                   check_level: bool = True) -> tuple[Table, ReadReport, JoinReport | None]:
    """Read one level and year of a dataset, join its tables for that year and add the registry's rates.

    Returns the districts, the read report and the last join's report.
    """
    if year not in dataset.boundaries:
        raise ValueError(f"dataset '{dataset.title}' has no year {year}: choose one of {dataset.years}")
    if check_level and level not in dataset.levels:
        raise ValueError(f"dataset '{dataset.title}' has no level {level!r}: choose one of {dataset.levels}")
    boundaries = read_boundaries(dataset.boundaries[year], layer=dataset.layers.get(level))
    from indicators.tables import read_table

    report = None
    for path in dataset.tables.get(year, ()):
        joined, report = join_indicators(boundaries, read_table(path))
        boundaries = Boundaries(table=joined, report=boundaries.report)
    return add_registry_derived(boundaries.table), boundaries.report, report
