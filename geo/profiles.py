"""The wijkprofiel's figures: every year of a dataset protected, with the gemeente, Nederland and comparable gemeenten.

``load_profile_source`` reads a dataset's level for every year through the one pipeline
(``geo.datasets``: read -> join -> derive -> protect), and beside it the references:

- the gemeente row, from the dataset's own gemeente layer, protected in the *same* call as the
  districts (a total protected apart from its parts would let a suppressed part be recovered as
  the total minus the others). Where the files have no gemeente layer but a national KWB table
  holds the gemeente's row, that row is added to the call (``add_gemeente=True``, the command
  line); the app passes False, because its own pages protect without it;
- the national rows (NL00 and every gemeente) of each year: from ``nederland_{year}_*.csv|json``
  beside the boundary file (written by ``cli.py demo`` and ``cli.py fetch``), or from a joined
  table that holds them (a KWB extract). They pass the same disclosure control, on their own;
- where boundaries changed between years: codes of one year only, and codes whose area was
  redrawn (more than ``REDRAWN`` of it), so trends are cut there (``indicators.analysis.trends``).

``district_report`` then gathers, for one district, what the report and the Kaart page show: per
theme the figures with their references, rank, trend and arrow, and the sentence on what stands
out. Nothing here draws; ``maps.report`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.boundaries import ReadReport
from geo.datasets import Dataset, load_districts, protect_year, year_levels
from indicators.analysis.benchmarks import (
    DEFAULT_SIMILAR,
    NATIONAL_CODE,
    NO_REFERENCE,
    Reference,
    Similarity,
    has_national_rows,
    matching_column,
    national_part,
    region_names,
    row_reference,
    similar_average,
    similar_municipalities,
)
from indicators.analysis.derive import add_registry_derived
from indicators.analysis.highlights import Fact, theme_sentence
from indicators.analysis.trends import Point, Trend, direction, trend
from indicators.core.codes import normalise_codes, parent_code
from indicators.core.crs import RD_NEW
from indicators.core.describe import constant_columns, describe_column, theme_label, themes_of
from indicators.core.formatting import rank_shown
from indicators.core.registry import find_indicator
from indicators.core.table import ColumnInfo, Table
from indicators.core.values import MISSING, OK, PROVISIONAL, STATUS_DTYPE, to_floats
from indicators.core.words import t
from indicators.io.readers import read_table
from indicators.privacy.disclosure import DisclosureReport, DisclosureSettings, protect

REDRAWN = 0.02  # a code whose area changed by more than 2 % is a new area
_NATIONAL_NAME = re.compile(r"^nederland_(\d{4})_.*\.(csv|json)$", re.IGNORECASE)


@dataclass
class ProfileSource:
    """Everything the reports of one dataset and level need, loaded once for all its districts."""

    dataset: Dataset
    level: str
    years: list[int]
    districts: dict[int, Table]  # protected, this level
    gemeente: dict[int, Table | None]  # protected in the same call as the districts
    national: dict[int, Table | None]  # NL00 and every gemeente, protected
    disclosure: dict[int, DisclosureReport]
    read: ReadReport
    gemeente_code: str | None
    similarity: Similarity | None = None
    changed: dict[str, set[int]] = field(default_factory=dict)  # code -> years it was redrawn
    before: dict[str, tuple[str, ...]] = field(default_factory=dict)  # new code -> codes it came from
    sources: tuple[str, ...] = ()
    made_on: str = field(default_factory=lambda: date.today().isoformat())
    similar_count: int = DEFAULT_SIMILAR

    @property
    def year(self) -> int:
        """The newest year: the report's figures."""
        return self.years[-1]

    @property
    def synthetic(self) -> bool:
        """True for the demo's invented data: every page says so."""
        return bool(self.dataset.synthetic or self.read.synthetic)

    def codes(self) -> list[str]:
        """The districts of the newest year, in file order."""
        return self.districts[self.year].data["code"].astype(str).tolist()


@dataclass(frozen=True)
class FigureRow:
    """One key figure of a district, with its references, rank and trends."""

    column: str
    label: str
    unit: str  # as written after a number; empty for a plain count
    decimals: int
    kind: str
    higher_is_better: bool | None
    value: Reference
    gemeente: Reference
    nederland: Reference
    similar: Reference
    rank: int | None
    count: int
    trend: Trend
    trend_gemeente: Trend | None
    trend_nederland: Trend | None
    arrow: str | None  # up, down, flat, or None without two comparable years


@dataclass(frozen=True)
class ThemeBlock:
    """The figures of one theme and the sentence on what stands out."""

    theme: str
    label: str
    rows: tuple[FigureRow, ...]
    sentence: str


@dataclass(frozen=True)
class DistrictReport:
    """What one wijkprofiel shows, in one language; ``maps.report`` draws it."""

    code: str
    name: str
    level: str
    year: int
    years: tuple[int, ...]
    lang: str
    gemeente_code: str | None
    gemeente_name: str
    themes: tuple[ThemeBlock, ...]
    similarity: Similarity | None
    frame: gpd.GeoDataFrame  # the level's districts of the newest year, for the locator map
    notes: tuple[str, ...]
    disclosure_note: str
    sources: tuple[str, ...]
    synthetic: bool
    made_on: str
    secret_labels: dict[str, str] = field(default_factory=dict)  # column -> "geheim (< 10)"

    def rows(self) -> list[FigureRow]:
        """Every figure, theme by theme."""
        return [row for block in self.themes for row in block.rows]


# --- loading ------------------------------------------------------------------------------------


def load_profile_source(dataset: Dataset, level: str, settings: DisclosureSettings = DisclosureSettings(), *,
                        load_year=None, add_gemeente: bool = True, similar: int = DEFAULT_SIMILAR) -> ProfileSource:
    """Read every year of ``dataset`` at ``level`` with its references (see the module docstring).

    Parameters
    ----------
    dataset : Dataset
        Files per year (``geo.datasets``).
    level : {'wijk', 'buurt'}
        The districts to report on.
    settings : DisclosureSettings
        The disclosure control of every figure shown.
    load_year : callable, optional
        ``(dataset, year, settings) -> dict`` as ``geo.datasets.load_protected_year`` returns it;
        the app passes its cached one. Used only where no gemeente row is added.
    add_gemeente : bool
        Add the gemeente's row from a national table to the protection of the districts where the
        files have no gemeente layer.
    similar : int
        How many comparable gemeenten to average.
    """
    if level not in dataset.levels:
        raise ValueError(f"dataset '{dataset.title}' has no level {level!r}: choose one of {dataset.levels}")
    national_raw = {year: _national_table(dataset, year) for year in dataset.years}
    districts, gemeente, reports, read = {}, {}, {}, None
    code = None
    for year in dataset.years:
        year_data = _protected_year(dataset, level, year, settings, national_raw[year], add_gemeente, load_year)
        districts[year] = year_data[level][0]
        read = year_data[level][1]
        gemeente[year] = year_data["gemeente"][0] if "gemeente" in year_data else None
        reports[year] = year_data["report"]
        code = _gemeente_code(districts[year]) or code
    national = {year: _protected_national(table, settings) for year, table in national_raw.items()}
    newest = dataset.years[-1]
    similarity = None
    if code and national[newest] is not None and code in national[newest].region_codes:
        try:
            similarity = similar_municipalities(national[newest], code, similar, year=newest)
        except ValueError:
            similarity = None  # the national rows lack the measures: the report says so
    changed, before = _boundary_changes(districts)
    # cited as the maps cite them (the makers and their tables), file names only where the maker is unknown
    sources = [districts[newest].cited] + [t.cited for t in national.values() if t is not None]
    return ProfileSource(dataset=dataset, level=level, years=list(dataset.years), districts=districts,
                         gemeente=gemeente, national=national, disclosure=reports, read=read, gemeente_code=code,
                         similarity=similarity, changed=changed, before=before, similar_count=similar,
                         sources=tuple(dict.fromkeys(s for s in sources if s)))


def national_file(dataset: Dataset, year: int) -> Path | None:
    """``nederland_{year}_*.csv`` or ``.json`` beside the year's boundary file, where demo and fetch put them."""
    folder = Path(dataset.boundaries[year]).parent
    found = sorted(path for path in folder.glob("nederland_*")
                   if (match := _NATIONAL_NAME.match(path.name)) and int(match.group(1)) == year)
    return found[0] if found else None


def _national_table(dataset: Dataset, year: int) -> Table | None:
    """The national rows of a year, unprotected: the national file, else a joined table that holds them."""
    path = national_file(dataset, year)
    if path is not None:
        return _read_national(str(path), path.stat().st_mtime_ns)
    for table_path in dataset.tables.get(year, ()):
        table = _read_national(str(table_path), Path(table_path).stat().st_mtime_ns)
        if table is not None:
            return table
    return None


@lru_cache(maxsize=16)
def _read_national(path: str, stamp: int) -> Table | None:
    """Read a national table once per file version; None when the file holds no national rows."""
    table = read_table(path)
    if table.code_column is None or not has_national_rows(table):
        return None
    return add_registry_derived(national_part(table))


def _protected_national(table: Table | None, settings: DisclosureSettings) -> Table | None:
    if table is None:
        return None
    protected, _ = protect({"gemeente": table}, settings)
    return protected["gemeente"]


def _protected_year(dataset, level, year, settings, national, add_gemeente, load_year) -> dict:
    """The protected levels of a year, with the gemeente row of ``national`` added where the files lack one."""
    levels = year_levels(dataset)
    if "gemeente" in levels or not add_gemeente or national is None:
        if load_year is not None:
            return load_year(dataset, year, settings)
        loaded = {lvl: load_districts(dataset, lvl, year, check_level=False) for lvl in levels}
        return protect_year(dataset, loaded, settings)
    loaded = {lvl: load_districts(dataset, lvl, year, check_level=False) for lvl in levels}
    row = _gemeente_row(loaded[level][0], national)
    if row is not None:
        loaded["gemeente"] = (row, loaded[level][1], None)
    return protect_year(dataset, loaded, settings)


def _gemeente_code(districts: Table) -> str | None:
    """The districts' gemeente: their ``gemeentecode``, else the one their codes name."""
    codes = set()
    if "gemeentecode" in districts.data.columns:
        codes = {c for c in normalise_codes(districts.data["gemeentecode"], "gemeente") if c}
    if not codes:
        codes = {parent_code(c, "gemeente") for c in districts.data["code"].astype(str)} - {None}
    return codes.pop() if len(codes) == 1 else None


def _gemeente_row(districts: Table, national: Table) -> Table | None:
    """The gemeente's national row, its columns named as the districts' (so protection matches them)."""
    code = _gemeente_code(districts)
    codes = national.region_codes
    if code is None or code not in codes:
        return None
    row = codes.index(code)
    data, status, columns = {"code": [code], "naam": [region_names(national)[row]]}, {}, {}
    for column in districts.figures:
        indicator = find_indicator(column)
        if indicator is not None and indicator.source == "derived":
            continue  # recomputed from the row's own counts below
        found = matching_column(national, column)
        if found is None:
            continue
        data[column] = [to_floats(national.data[found].iloc[[row]])[0]]
        status[column] = [str(national.status[found].iloc[row])]
        columns[column] = districts.columns.get(column) or ColumnInfo(title=column)
    outline = shapely.union_all(districts.data.geometry.values) if hasattr(districts.data, "geometry") else None
    frame = gpd.GeoDataFrame(pd.DataFrame(data), geometry=[outline],
                             crs=getattr(districts.data, "crs", None))
    for column in status:
        frame[column] = pd.array(frame[column], dtype="Float64")
    status_frame = pd.DataFrame({c: pd.Categorical(v, dtype=STATUS_DTYPE) for c, v in status.items()})
    table = Table(data=frame, status=status_frame, columns=columns, source=national.source, code_column="code",
                  name_column="naam")
    return add_registry_derived(table)


def _boundary_changes(districts: dict[int, Table]) -> tuple[dict[str, set[int]], dict[str, tuple[str, ...]]]:
    """Codes redrawn between consecutive years, and the earlier codes a new code overlaps."""
    changed: dict[str, set[int]] = {}
    before: dict[str, tuple[str, ...]] = {}
    years = sorted(districts)
    for earlier, later in zip(years, years[1:]):
        old, new = _areas(districts[earlier]), _areas(districts[later])
        if old is None or new is None:
            continue
        old_index = {code: i for i, code in enumerate(old.index)}
        for code, geometry in new.items():
            if code in old_index:
                previous = old.iloc[old_index[code]]
                if geometry is not None and previous is not None and geometry.area > 0:
                    moved = shapely.symmetric_difference(geometry, previous).area / geometry.area
                    if moved > REDRAWN:
                        changed.setdefault(code, set()).add(later)
                continue
            if geometry is None or geometry.is_empty:
                continue
            hits = old.sindex.query(geometry, predicate="intersects") if len(old) else []
            overlaps = [old.index[i] for i in hits
                        if shapely.intersection(geometry, old.iloc[i]).area > REDRAWN * geometry.area]
            if overlaps:
                before[code] = tuple(sorted(overlaps))
    return changed, before


def _areas(table: Table) -> gpd.GeoSeries | None:
    data = table.data
    if not hasattr(data, "geometry") or data.crs is None:
        return None
    geometry = data.geometry.to_crs(RD_NEW) if not data.crs.equals(RD_NEW) else data.geometry
    return gpd.GeoSeries(geometry.to_numpy(), index=data["code"].astype(str).to_numpy(), crs=RD_NEW)


# --- one district -------------------------------------------------------------------------------


def district_report(source: ProfileSource, code: str, lang: str = "nl", year: int | None = None) -> DistrictReport:
    """Gather what the wijkprofiel of district ``code`` shows, in ``lang``.

    ``year`` (default the newest) is the year of the figures; trends run up to it.

    Raises
    ------
    ValueError
        When ``code`` is not a district of that year, naming a few that are.
    """
    if year is not None and year != source.year:
        source = _up_to(source, year)
    year = source.year
    table = source.districts[year]
    codes = source.codes()
    if code not in codes:
        shown = ", ".join(codes[:5]) + (" ..." if len(codes) > 5 else "")
        raise ValueError(f"no {source.level} {code!r} in {source.dataset.title} {year}: choose one of {shown}")
    row = codes.index(code)
    name = str(table.data["naam"].iloc[row]) if "naam" in table.data.columns else code
    gemeente_table = source.gemeente.get(year)
    national = source.national.get(year)
    gemeente_name = _gemeente_name(source, gemeente_table, national)
    districts_word = t(f"level_{source.level}", lang).lower()
    gemeente_tables = {y: source.gemeente.get(y) for y in source.years}
    national_tables = {y: source.national.get(y) for y in source.years}
    tables = {y: source.districts[y] for y in source.years}
    blocks = []
    constant = set(constant_columns(table))  # the gemeente's figure on every row: never shown as the district's
    for theme, columns in themes_of(_unique_figures(table), table).items():
        rows, facts = [], []
        for column in columns:
            figure = _figure(source, table, row, column, code, tables, gemeente_tables, national_tables, lang)
            if column in constant:
                figure = _as_gemeente(figure, table, column)
            rows.append(figure)
            facts.append(_fact(figure, source))
        sentence = theme_sentence(facts, name, districts_word, lang)
        blocks.append(ThemeBlock(theme, theme_label(theme, lang), tuple(rows), sentence))
    notes = _notes(source, code, name, gemeente_table, national, lang)
    if constant:
        labels = [describe_column(table, column, lang).title for column in _unique_figures(table) if column in constant]
        notes.append(t("report_constant", lang, columns=", ".join(labels), districts=districts_word))
    frame = table.data[["code", "naam", table.data.geometry.name]].copy() if hasattr(table.data, "geometry") \
        else gpd.GeoDataFrame(table.data[["code"]])
    return DistrictReport(
        code=code, name=name, level=source.level, year=year, years=tuple(source.years), lang=lang,
        gemeente_code=source.gemeente_code, gemeente_name=gemeente_name, themes=tuple(blocks),
        similarity=source.similarity, frame=frame, notes=tuple(notes),
        disclosure_note=source.disclosure[year].note(lang), sources=source.sources, synthetic=source.synthetic,
        made_on=source.made_on,
        secret_labels={row.column: source.disclosure[year].label(row.column, lang) for b in blocks for row in b.rows},
    )


def _up_to(source: ProfileSource, year: int) -> ProfileSource:
    """The source as it was in ``year``: its years up to then, and the comparable gemeenten of that year."""
    if year not in source.years:
        raise ValueError(f"dataset '{source.dataset.title}' has no year {year}: choose one of {source.years}")
    national = source.national.get(year)
    similarity = None
    if source.gemeente_code and national is not None and source.gemeente_code in national.region_codes:
        try:
            similarity = similar_municipalities(national, source.gemeente_code, source.similar_count, year=year)
        except ValueError:
            similarity = None
    return replace(source, years=[y for y in source.years if y <= year], similarity=similarity)


def _unique_figures(table: Table) -> list[str]:
    """The figure columns, one per registry indicator (the last spelling: a joined table's, joined last)."""
    chosen: dict[str, str] = {}
    for column in table.figures:
        indicator = find_indicator(column)
        key = indicator.id if indicator is not None else f"own:{column}"
        chosen[key] = column
    keep = set(chosen.values())
    return [column for column in table.figures if column in keep]


def _figure(source, table, row, column, code, tables, gemeente_tables, national_tables, lang) -> FigureRow:
    info = describe_column(table, column, lang)
    indicator = find_indicator(column)
    value = row_reference(table, code, column)
    status = str(table.status[column].iloc[row])
    if value.value is None:
        value = Reference(None, status)
    values = to_floats(table.data[column])
    valid = np.isin(table.status[column].astype(str).to_numpy(), (OK, PROVISIONAL)) & np.isfinite(values)
    shown = rank_shown(np.where(valid, values, np.nan), info.decimals)
    rank = int(shown.iloc[row]) if value.known and valid[row] else None
    gemeente_code = source.gemeente_code
    gemeente = row_reference(gemeente_tables[source.year], gemeente_code, column) if gemeente_code else NO_REFERENCE
    nederland = row_reference(national_tables[source.year], NATIONAL_CODE, column)
    similar = similar_average(national_tables[source.year], source.similarity, column)
    series = trend(tables, code, column, source.changed.get(code, ()))
    series_gemeente = trend(gemeente_tables, gemeente_code, column) if gemeente_code and any(
        g is not None for g in gemeente_tables.values()) else None
    series_nederland = trend(national_tables, NATIONAL_CODE, column) if any(
        n is not None for n in national_tables.values()) else None
    return FigureRow(
        column=column, label=info.title, unit=info.number_unit, decimals=info.decimals,
        kind=indicator.kind if indicator is not None else ("share" if info.number_unit == "%" else "mean"),
        higher_is_better=info.higher_is_better, value=value, gemeente=gemeente, nederland=nederland,
        similar=similar, rank=rank, count=int(valid.sum()), trend=series, trend_gemeente=series_gemeente,
        trend_nederland=series_nederland, arrow=direction(series, info.decimals),
    )


def _as_gemeente(figure: FigureRow, table: Table, column: str) -> FigureRow:
    """A figure with one value in every district, shown as the gemeente's and never as the district's own.

    Usually a gemeente-wide figure repeated on each row (as some district files carry ``sa_``
    columns): it goes in the gemeente column where no gemeente figure is known.
    """
    gemeente = figure.gemeente
    if gemeente.value is None:
        values = to_floats(table.data[column])
        gemeente = Reference(float(values[np.isfinite(values)][0]), OK)
    empty = Trend(figure.trend.code, column, tuple(Point(p.year, None) for p in figure.trend.points), ())
    return replace(figure, value=Reference(None, MISSING), gemeente=gemeente, rank=None, count=0, trend=empty,
                   arrow=None)


def _fact(figure: FigureRow, source: ProfileSource) -> Fact:
    pair = figure.trend.comparable()
    broken = figure.trend.breaks[-1] if figure.trend.breaks else None
    return Fact(label=figure.label, value=figure.value.value, decimals=figure.decimals, kind=figure.kind,
                unit=figure.unit, reference=figure.gemeente.value, rank=figure.rank, count=figure.count,
                change=(pair[1].value - pair[0].value) if pair else None, since=pair[0].year if pair else None,
                broken=broken)


def _gemeente_name(source: ProfileSource, gemeente: Table | None, national: Table | None) -> str:
    code = source.gemeente_code
    for table in (gemeente, national):
        if table is not None and code in table.region_codes:
            name = region_names(table)[table.region_codes.index(code)]
            if name != code:
                return name
    table = source.districts[source.year]
    if "gemeentenaam" in table.data.columns and table.data["gemeentenaam"].notna().any():
        return str(table.data["gemeentenaam"].dropna().iloc[0])
    return code or ""


def _notes(source: ProfileSource, code: str, name: str, gemeente: Table | None, national: Table | None,
           lang: str) -> list[str]:
    notes = []
    breaks = sorted(set(source.changed.get(code, ())) | _first_year(source, code))
    for year in breaks:
        earlier = source.before.get(code, ())
        before = t("report_break_before", lang, codes=", ".join(earlier)) if earlier else ""
        notes.append(t("report_break", lang, name=name, year=year, before=before))
    if gemeente is None or source.gemeente_code not in gemeente.region_codes:
        notes.append(t("report_no_gemeente", lang))
    if national is None or NATIONAL_CODE not in national.region_codes:
        notes.append(t("report_no_nederland", lang, year=source.year))
    if len(source.years) == 1:
        notes.append(t("report_trends_one_year", lang, year=source.year))
    return notes


def _first_year(source: ProfileSource, code: str) -> set[int]:
    """The year a code first appears, when that is not the dataset's first year (a new area)."""
    for year in source.years:
        if code in set(source.districts[year].data["code"].astype(str)):
            return set() if year == source.years[0] else {year}
    return set()

