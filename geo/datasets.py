"""The one pipeline from files to figures people may see: read -> join -> derive -> protect.

A ``Dataset`` names the files of one area: boundaries per year (a layer per level where a file
holds several) and tables per year. The app (``ui.caches``) and the command line (``cli.py``) both
load through this module, so a map, a profile and an export of the same files always agree:
the same readers, the same join, the registry's derived rates, and one disclosure control over
every level of a year.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from geo.boundaries import Boundaries, ReadReport, boundaries_year, read_boundaries
from geo.join import JoinReport, join_indicators
from indicators.analysis.derive import add_registry_derived
from indicators.core.codes import LAYERS, LEVELS, year_in_name
from indicators.core.errors import InputError
from indicators.core.table import Table
from indicators.core.words import t
from indicators.io.readers import read_table
from indicators.privacy.disclosure import DisclosureReport, DisclosureSettings, protect

DEMO_DIR = Path(__file__).resolve().parents[1] / "data" / "demo"
DOWNLOAD_DIR = Path(__file__).resolve().parents[1] / "data" / "downloads"  # fetched from CBS and PDOK


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
    not_counts: tuple[str, ...] = ()  # own-data columns of whole numbers the user says are no counts of persons
    code_column: str | None = None  # the tables' code column where it is not found by itself
    include_water: bool = False  # keep water areas (water = JA)
    all_districts: bool = False  # keep the districts of gemeenten the tables do not cover
    slices: tuple[tuple[str, str], ...] = ()  # a long table's group values shown (group column, value); else Totaal
    themes: tuple[tuple[str, str], ...] = ()  # own columns' themes the user chose (column, theme key)

    @property
    def years(self) -> list[int]:
        """Years with boundaries, newest last."""
        return sorted(self.boundaries)


class Loaded(NamedTuple):
    """One level and year of a dataset, joined and protected, with the reports of each step."""

    table: Table
    read: ReadReport
    join: JoinReport | None
    disclosure: DisclosureReport


def demo_dataset(folder: Path = DEMO_DIR) -> Dataset:
    """The bundled synthetic municipality, found by its file names in ``data/demo``."""
    boundaries = _by_year(folder.glob("wijkenbuurten_*_demo.gpkg"))
    if not boundaries:
        raise FileNotFoundError(f"no demo data in {folder}: run python cli.py demo --out {folder}")
    tables = {year: (path,) for year, path in _by_year(folder.glob("jeugdwerkloosheid_*_demo.csv")).items()}
    return Dataset(key="demo", title="Demostad", boundaries=boundaries, tables=tables, layers=LAYERS, synthetic=True)


def figures_year(boundaries: int, tables=()) -> int:
    """The year of the figures on a boundary file: the one the tables' names agree on, else the boundaries'.

    The KWB follows the district map by a year, so kwb2024_... is often joined onto wijken_2025_...:
    titles, the year chooser and the wijkprofiel must say 2024 (the credit line names both files' years).
    """
    named = {year_in_name(Path(table).name) for table in tables} - {0}
    return named.pop() if len(named) == 1 else boundaries


def _by_year(paths) -> dict[int, Path]:
    return {year_in_name(path.name): path for path in paths if year_in_name(path.name)}


class DatasetError(InputError):
    """Files that do not make one dataset (years, levels); the message says what to give instead."""

    topic = "dataset"


class FromFiles(NamedTuple):
    """A dataset made of files, and the boundary files of its first level as read (by year)."""

    dataset: Dataset
    reads: dict[int, Boundaries]


def dataset_from_files(boundaries, tables=(), *, layer: str | None = None, level: str | None = None,
                       code_column: str | None = None, include_water: bool = False, all_districts: bool = False,
                       need_year: bool = False, reads=None, key: str | None = None,
                       title: str | None = None) -> FromFiles:
    """The one way files become a ``Dataset``: for the command line, an upload, a download and the wijkprofiel.

    Parameters
    ----------
    boundaries : path or sequence of paths
        Boundary files, one per year (the year in the name or a ``jaar`` column). With one file the
        figures' year is the one the tables' names agree on (``figures_year``: kwb2024 on wijken_2025).
    tables : sequence of paths
        Tables joined to the boundaries: all to the one file, or each to the file of its name's year.
    layer, level : str, optional
        The layer to read; or the level, read from its own layer of a CBS GeoPackage (``wijken``,
        ``buurten``). The file's other levels (its ``gemeenten`` layer) come along, so they are
        protected together.
    need_year : bool
        Refuse a file that says no year (a wijkprofiel is of a year).
    reads : sequence of Boundaries, optional
        The files as read already (``read_boundaries`` with ``layer`` and ``include_water``), so a large
        file is not read twice.
    key, title : str, optional
        The dataset's key and name on screen; by default from the files (the place they are about).

    Raises
    ------
    DatasetError
        Kinds ``no_year``, ``same_year``, ``table_year`` and ``no_level``.
    """
    paths = [Path(boundaries)] if isinstance(boundaries, (str, Path)) else [Path(path) for path in boundaries]
    tables = [Path(table) for table in tables]
    reads = list(reads) if reads is not None else [read_boundaries(path, layer=layer, include_water=include_water,
                                                                   code_column=None if tables else code_column)
                                                   for path in paths]
    first = reads[0].report
    level = level or first.level or LEVELS[1]
    if layer is None and first.level and level != first.level:
        if LAYERS.get(level) not in first.layers:
            raise DatasetError(f"no districts of level {level!r} in '{paths[0]}' (it holds "
                               f"{LAYERS.get(first.level, first.level)}): choose another level", "no_level",
                               level=level)
        reads = [read_boundaries(path, layer=LAYERS[level], include_water=include_water,
                                 code_column=None if tables else code_column) for path in paths]
        first = reads[0].report
    years: dict[int, Path] = {}
    read_of: dict[int, Boundaries] = {}
    for path, read in zip(paths, reads):
        year = boundaries_year(read.report, path.name)
        if len(paths) == 1:
            year = figures_year(year, tables)
        if need_year and not year:
            raise DatasetError(f"'{path}' says no year (not in its name, no jaar column): put the year in its "
                               "name, e.g. wijken_2024_....geojson", "no_year", name=path.name)
        if year in years:
            raise DatasetError(f"'{years[year]}' and '{path}' are both of {year or 'an unknown year'}: give one "
                               "file per year, with the year in its name", "same_year", year=year)
        years[year], read_of[year] = path, read
    by_year: dict[int, list[Path]] = {}
    for table in tables:
        year = year_in_name(table.name) if len(years) > 1 else next(iter(years))
        if year not in years:
            raise DatasetError(f"table '{table}' is of {year or 'no year in its name'}, and no boundary file is: put "
                               f"the year in its name ({', '.join(map(str, sorted(years)))})", "table_year",
                               name=table.name)
        by_year.setdefault(year, []).append(table)
    layers = {level: first.layer} if first.layer and len(first.layers) > 1 else {}
    layers.update({other: name for other, name in LAYERS.items() if other != level and name in first.layers})
    if layer is not None:
        layers[level] = layer
    dataset = Dataset(
        key=key or "file-" + hashlib.sha1("|".join(str(p.resolve()) for p in paths).encode()).hexdigest()[:12],
        title=title or _place_of(reads[-1], paths[-1]), boundaries=years,
        tables={year: tuple(found) for year, found in by_year.items()}, levels=(level,), layers=layers,
        synthetic=any(read.report.synthetic for read in reads), code_column=code_column if tables else None,
        include_water=include_water, all_districts=all_districts,
    )
    return FromFiles(dataset, read_of)


def change_dataset(boundaries, tables=(), *, since: int, from_boundaries=None, from_tables=(),
                   **options) -> Dataset:
    """The files of a change map: the map's own year (``boundaries`` and ``tables``) and the year ``since``.

    The figures of ``since`` come from ``from_tables`` joined to ``from_boundaries`` (a boundary file
    of that year, with its own figures), or to the map's own boundaries where none is given. The
    year is the one the user names; a file whose name says another year is refused.

    Raises
    ------
    DatasetError
        Kinds ``change_files`` (nothing of ``since`` given), ``change_order`` (``since`` is not before
        the map's year) and ``change_year`` (a file's name says another year), besides
        ``dataset_from_files``'s.
    """
    from_tables = [Path(table) for table in from_tables]
    if from_boundaries is None and not from_tables:
        raise DatasetError(f"give the figures of {since}: a table of that year (--from-table) or its boundary "
                           "file with its figures (--from-boundaries)", "change_files", year=since)
    for path in ([Path(from_boundaries)] if from_boundaries else []) + from_tables:
        named = year_in_name(path.name)
        if named and named != since:
            raise DatasetError(f"'{path.name}' is of {named}, not of {since}: give the files of {since}",
                               "change_year", name=path.name, year=since)
    now = dataset_from_files(boundaries, tables, need_year=True, **options).dataset
    year = now.years[-1]
    if since >= year:
        raise DatasetError(f"the change since {since} needs figures of a later year, and the map is of {year}: "
                           f"choose a year before {year}", "change_order", year=since, later=year)
    return replace(now, boundaries={since: Path(from_boundaries) if from_boundaries else now.boundaries[year],
                                    year: now.boundaries[year]},
                   tables={**({since: tuple(from_tables)} if from_tables else {}), **now.tables})


def load_file(path, *, layer: str | None = None, tables=(), code_column: str | None = None,
              include_water: bool = False, all_districts: bool = False, level: str | None = None,
              settings: DisclosureSettings = DisclosureSettings()) -> Loaded:
    """One boundary file (and tables joined to it), as the command line names them, loaded as the app loads.

    The level is the one the file (or ``layer``) holds; asked for a ``level``, a CBS GeoPackage
    with a layer per level (``gemeenten``, ``wijken``, ``buurten``) is read from that level's layer.
    Its other levels are protected in the same call: published together, they must be protected
    together. ``code_column`` names the tables' code column, or the boundaries' without a table.
    """
    boundaries = read_boundaries(path, layer=layer, include_water=include_water,
                                 code_column=None if tables else code_column)
    report = boundaries.report
    if layer is None and level in LAYERS and report.level != level and LAYERS[level] not in report.layers:
        level = None  # a file of one level: it is shown as it is (``select_level`` takes the rows asked for)
    dataset, reads = dataset_from_files(path, tables, layer=layer, level=level, code_column=code_column,
                                        include_water=include_water, all_districts=all_districts,
                                        reads=[boundaries])
    (year, boundaries), = reads.items()
    level = dataset.levels[0]
    table, read, join = _joined(dataset, boundaries, year)
    parts = _levels_in(table, level)
    loaded = {part: (rows, read, join) for part, rows in parts.items()}
    loaded.update({other: load_districts(dataset, other, year, check_level=False)
                   for other in dataset.layers if other != level and other not in loaded})
    year_data = protect_year(dataset, loaded, settings)
    if len(parts) > 1:  # a file of several levels: protected as levels, returned as the file had them
        rows = [year_data[part][0] for part in parts]
        combined = replace(rows[0], data=pd.concat([r.data for r in rows]).loc[table.data.index],
                           status=pd.concat([r.status for r in rows]).loc[table.data.index])
        return Loaded(combined, read, join, year_data["report"])
    return Loaded(*year_data[level], year_data["report"])


def _place_of(boundaries: Boundaries, path: Path) -> str:
    """The name of the place a file is about (its gemeentenaam where it has one), else the file's name."""
    names = boundaries.table.data.get("gemeentenaam")
    names = names.dropna() if names is not None else None
    return str(names.mode().iloc[0]) if names is not None and len(names) else path.stem


def _levels_in(table: Table, level: str) -> dict[str, Table]:
    """The rows of each level in a file of gemeenten, wijken and buurten together; else the table as ``level``."""
    levels = table.data["niveau"] if "niveau" in table.data else pd.Series(dtype=object)
    present = [found for found in LEVELS if (levels == found).any()]
    if len(present) < 2:
        return {level: table}
    return {found: replace(table, data=table.data[(levels == found).to_numpy()],
                           status=table.status[(levels == found).to_numpy()]) for found in present}


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
    if dataset.person_counts or dataset.not_counts:
        settings = replace(settings, counts=_merged(settings.counts, dataset.person_counts),
                           not_counts=_merged(settings.not_counts, dataset.not_counts))
    protected, report = protect({level: parts[0] for level, parts in loaded.items()}, settings)
    result = {level: (protected[level], *loaded[level][1:]) for level in loaded}
    result["report"] = report
    return result


def _merged(chosen: tuple[str, ...] | None, more: tuple[str, ...]) -> tuple[str, ...] | None:
    return tuple(dict.fromkeys((*(chosen or ()), *more))) or None


def load_protected(dataset: Dataset, level: str, year: int, settings: DisclosureSettings = DisclosureSettings()
                   ) -> Loaded:
    """One level of ``load_protected_year``: the districts, read report, join report and ``DisclosureReport``."""
    if level not in dataset.levels:
        raise ValueError(f"dataset '{dataset.title}' has no level {level!r}: choose one of {dataset.levels}")
    year_data = load_protected_year(dataset, year, settings)
    return Loaded(*year_data[level], year_data["report"])


def load_districts(dataset: Dataset, level: str, year: int, check_level: bool = True,
                   read: Boundaries | None = None) -> tuple[Table, ReadReport, JoinReport | None]:
    """Read one level and year of a dataset, join its tables for that year and add the registry's rates.

    Returns the districts, the read report and the last join's report. ``read``: the boundary
    file as read already (by ``read_boundaries`` with the dataset's layer and water setting), so a
    large file is not read twice.
    """
    if year not in dataset.boundaries:
        raise ValueError(f"dataset '{dataset.title}' has no year {year}: choose one of {dataset.years}")
    if check_level and level not in dataset.levels:
        raise ValueError(f"dataset '{dataset.title}' has no level {level!r}: choose one of {dataset.levels}")
    boundaries = read or read_boundaries(dataset.boundaries[year], layer=dataset.layers.get(level),
                                         include_water=dataset.include_water)
    return _joined(dataset, boundaries, year)


def _joined(dataset: Dataset, boundaries: Boundaries, year: int) -> tuple[Table, ReadReport, JoinReport | None]:
    """Join the dataset's tables of ``year`` to boundaries read already, then add the registry's rates."""
    report = None
    for path in dataset.tables.get(year, ()):
        joined, report = join_indicators(boundaries, read_table(path, code_column=dataset.code_column),
                                         crop=not dataset.all_districts, groups=dict(dataset.slices))
        boundaries = Boundaries(table=joined, report=boundaries.report)
    table = add_registry_derived(boundaries.table)
    if dataset.themes:  # where the user wants own columns listed on the map pages
        table = replace(table, columns={**table.columns, **{column: replace(table.columns[column], theme=theme)
                                                            for column, theme in dataset.themes
                                                            if column in table.columns}})
    if dataset.synthetic:  # every file of a synthetic dataset is made up: credit the made-up place, once
        table = replace(table, credit=t("credit_synthetic", "nl", name=dataset.title))
    return table, boundaries.report, report


# --- fetched gemeenten (issue #19: cli.py report --dataset GM1916) -------------------------------


def file_layers(path, level: str) -> dict[str, str]:
    """The layers of a fetched GeoPackage to read: the level's own, and ``gemeenten`` where the file has it.

    With its gemeente row a dataset protects the districts together with their total, and the
    wijkprofiel compares them with the CBS gemeente figure.
    """
    import pyogrio

    names = {str(name) for name, _ in pyogrio.list_layers(path)}
    layers = {level: LAYERS[level]}
    if LAYERS["gemeente"] in names:
        layers["gemeente"] = LAYERS["gemeente"]
    return layers


def fetched_dataset(name: str, level: str = "wijk", folder: Path = DOWNLOAD_DIR) -> Dataset:
    """A gemeente fetched with ``cli.py fetch`` into ``folder``: every year of ``{code}_{year}_{level}.gpkg``.

    Raises
    ------
    ValueError
        When ``name`` is not a gemeente code, or no year of it was fetched at that level; the
        message names what was fetched.
    """
    from indicators.core.codes import normalise_code

    code = normalise_code(str(name).strip(), "gemeente")
    fetched = sorted(Path(folder).glob("GM*_*_*.gpkg")) if Path(folder).is_dir() else []
    known = sorted({path.name.split("_")[0] for path in fetched})
    if code is None:
        raise ValueError(f"no dataset {name!r}: use demo or a fetched gemeente code "
                         f"({', '.join(known) or 'none fetched yet'}); fetch one with python cli.py fetch")
    parts = [(path, path.stem.split("_")) for path in fetched]  # GM1916_2024_wijk: code, year, level
    files = {int(bits[1]): path for path, bits in parts
             if len(bits) == 3 and bits[0] == code and bits[2] == level and bits[1].isdigit()}
    if not files:
        raise ValueError(f"no {LAYERS[level]} of {code} in {folder}: fetch them with python cli.py fetch "
                         f"--gemeente {code} --year YEAR --level {level} --out {folder}")
    layers = {level: LAYERS[level]}
    if all("gemeente" in file_layers(path, level) for path in files.values()):
        layers["gemeente"] = LAYERS["gemeente"]
    return Dataset(key=f"fetch-{code}_{level}", title=code, boundaries=files, levels=(level,), layers=layers)
