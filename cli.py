"""Wijkverkenner on the command line: the app's engine for batch work and checks.

Run ``python cli.py --help``. Every command exits 0 on success; on bad input it prints one
line on stderr saying what was wrong and what to do, exits 2 and leaves no output file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from dataclasses import replace
from pathlib import Path

from geo.boundaries import read_boundaries
from geo.datasets import load_file
from geo.join import join_indicators
from geo.simplify import prepare_layer
from indicators.analysis.classify import DEFAULT_K, DEFAULT_SCHEME, SCHEMES
from indicators.analysis.clusters import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from indicators.analysis.durations import OUTPUT_FORMATS as DURATIONS_FORMATS
from indicators.analysis.events import DEFAULT_BASELINE_WEEKS
from indicators.analysis.events import KINDS as EVENT_KINDS
from indicators.analysis.events import OUTPUT_FORMATS as EVENTS_FORMATS
from indicators.analysis.events import PERIODS as EVENT_PERIODS
from indicators.analysis.models import OUTPUT_FORMATS as MODEL_FORMATS
from indicators.core.codes import LEVELS
from indicators.core.describe import constant_columns
from indicators.core.registry import THEMES
from indicators.core.table import find_figure, select_level
from indicators.core.values import count_statuses
from indicators.io.export import EXPORT_FORMATS, export_notes, export_table
from indicators.io.files import check_folder, check_output, write_text
from indicators.io.readers import read_table
from indicators.microdata.aggregate import OUTPUT_FORMATS as AGGREGATE_FORMATS
from indicators.privacy.disclosure import DisclosureSettings
from maps.choropleth import build_choropleth, source_line, subtitle_for
from maps.palettes import PALETTES
from maps.slides import STATIC_FORMATS
from maps.webmap import BASEMAPS, web_map_html

RENDER_FORMATS = (".html", *STATIC_FORMATS)

PROG = "wijkverkenner"


class CliError(Exception):
    """Bad input found by the CLI itself."""


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, or a bad argument: argparse has printed its line
        return stop.code if isinstance(stop.code, int) else 2
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the user reads one line of ours, never a library's warning
            return args.run(args)
    except (ValueError, OSError, CliError) as error:
        return _fail(error)
    except Exception as error:  # a broken file can raise anything deep in GDAL or pandas
        if os.environ.get("WIJKVERKENNER_DEBUG"):
            raise
        return _fail(error)


def _fail(error: Exception) -> int:
    message = " ".join(str(error).split()) or type(error).__name__
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        """One line and exit status 2, as for every other bad input."""
        self.exit(2, f"{PROG}: error: {message} (see python cli.py {self.prog.split()[-1]} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Wijkverkenner: district maps and figures for Dutch municipalities.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    inspect = commands.add_parser("inspect", help="report on a boundary file (and a table joined to it) as JSON")
    _add_inputs(inspect)
    inspect.set_defaults(run=run_inspect)

    export = commands.add_parser("export", help="write the joined table as CSV, XLSX or GeoPackage")
    _add_inputs(export)
    export.add_argument("--out", required=True, type=_output(EXPORT_FORMATS), help="OUT.csv, OUT.xlsx or OUT.gpkg")
    _add_protection(export)
    export.set_defaults(run=run_export)

    render = commands.add_parser("render", help="draw a choropleth as HTML (offline), PNG, PDF or SVG")
    _add_inputs(render)
    render.add_argument("--indicator", required=True, help="figure column to map (any CBS spelling)")
    render.add_argument("--level", choices=LEVELS, help="draw only districts of this level")
    render.add_argument("--scheme", choices=list(SCHEMES),
                        help=f"classification (default {DEFAULT_SCHEME}; manual with --breaks)")
    render.add_argument("--k", type=int, default=DEFAULT_K, help="number of classes (2-9)")
    render.add_argument("--breaks", type=_breaks, help="class bounds, e.g. 10,20,30 (the manual scheme)")
    render.add_argument("--palette", choices=PALETTES, help="ColorBrewer palette (default YlOrRd)")
    render.add_argument("--title", help="title above the map, as given; the indicator goes under it unless the "
                        "title names it (default: the indicator's title)")
    render.add_argument("--basemap", default="none", choices=list(BASEMAPS), help="background tiles (HTML only)")
    render.add_argument("--lang", default="nl", choices=["nl", "en"], help="language of legend and tooltips")
    render.add_argument("--out", required=True, type=_output(RENDER_FORMATS),
                        help="OUT.html, OUT.png, OUT.pdf or OUT.svg")
    render.add_argument("--change-from", type=_year, metavar="YEAR",
                        help="map the change of the indicator since YEAR, with the figures of YEAR from --from-table "
                             "or --from-boundaries (year in their names)")
    render.add_argument("--from-table", help="with --change-from: the table of YEAR (joined to --from-boundaries, or "
                        "to the same --boundaries)")
    render.add_argument("--from-boundaries", help="with --change-from: the boundary file of YEAR (with its figures)")
    render.add_argument("--change", default="absolute", choices=["absolute", "percent"],
                        help="with --change-from: the difference in the figure's unit (points for a %%), or in %%")
    _add_protection(render)
    render.set_defaults(run=run_render)

    clusters = commands.add_parser("clusters", help="Moran's I and local hot/cold spots (LISA) of one figure as JSON")
    _add_inputs(clusters)
    clusters.add_argument("--indicator", required=True, help="figure column (any CBS spelling)")
    clusters.add_argument("--level", choices=LEVELS, help="use only districts of this level")
    clusters.add_argument("--permutations", type=int, default=DEFAULT_PERMUTATIONS, help="permutations (default 999)")
    clusters.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the permutations")
    _add_protection(clusters)
    clusters.set_defaults(run=run_clusters)

    fetch = commands.add_parser("fetch", help="download boundaries (PDOK) and KWB figures (CBS) of a gemeente")
    fetch.add_argument("--gemeente", required=True, help="CBS gemeente code, e.g. GM1916")
    fetch.add_argument("--year", required=True, type=_year, help="year of the districts and figures (2019-2024)")
    fetch.add_argument("--level", default="wijk", choices=["wijk", "buurt"], help="districts to download")
    fetch.add_argument("--out", required=True, type=_folder,
                       help="folder for GEMEENTE_YEAR_LEVEL.gpkg (made when missing)")
    fetch.add_argument("--pdok-url", help="scheme and host replacing https://service.pdok.nl (mirror, proxy, test)")
    fetch.add_argument("--cbs-url", help="scheme and host replacing https://opendata.cbs.nl (mirror, proxy, test)")
    fetch.add_argument("--cache", help="folder of cached answers (default data/cache/)")
    fetch.set_defaults(run=run_fetch)

    aggregate = commands.add_parser(
        "aggregate", help="aggregate microdata (Parquet/CSV, one row per person) to protected district x group tables"
    )
    aggregate.add_argument("--microdata", required=True,
                           help="Parquet, CSV, SPSS (.sav) or Stata (.dta) file, one row per person")
    aggregate.add_argument("--region-column", required=True, help="column with buurt (or wijk, gemeente) codes")
    aggregate.add_argument("--group", action="append", default=[], help="group column, crossed (repeatable)")
    aggregate.add_argument("--measure", action="append", default=[], type=_measure,
                           help="NAME=sum:COL (persons with a 0/1 flag), NAME=share:COL (their %%), "
                                "NAME=mean:COL (mean amount), NAME=total:COL (sum of an amount); repeatable")
    aggregate.add_argument("--level", default="all",
                           help="regions written, protected together: all (default: gemeente, wijk and buurt) or a "
                                "list such as gemeente,wijk; separate runs are not protected together")
    _add_min_count(aggregate)
    aggregate.add_argument("--dominance", type=float, default=50.0,
                           help="an amount's cell is sensitive where one person has more than this %% of its sum (50)")
    aggregate.add_argument("--p-percent", type=float, default=10.0,
                           help="p of the p%% rule: sensitive where the second largest contributor could estimate "
                                "the largest to within p%% (10)")
    aggregate.add_argument("--where", metavar="EXPR",
                           help="only the persons that meet it: columns compared with values, and/or/not, e.g. "
                                "\"leeftijd >= 18 and uitkering in ('bijstand', 'ww')\"")
    aggregate.add_argument("--label", action="append", default=[], type=_label, metavar="NAME=TEXT",
                           help="a column's label in Dutch, for every page, slide and report (repeatable): "
                                "--label zzp=\"Zelfstandigen zonder personeel\"")
    aggregate.add_argument("--label-en", action="append", default=[], type=_label, metavar="NAME=TEXT",
                           help="a column's label in English (repeatable; default: the Dutch one)")
    aggregate.add_argument("--unit", action="append", default=[], type=_label, metavar="NAME=UNIT",
                           help="the unit of an amount's mean or total, e.g. --unit inkomen=euro (repeatable)")
    aggregate.add_argument("--period", metavar="COL",
                           help="a person-period file's period column (jaar): one protected table per period, "
                                "OUT_2023.csv, OUT_2024.csv, ... (each protected on its own)")
    aggregate.add_argument("--theme", action="append", default=[], type=_theme, metavar="NAME=THEME",
                           help="the theme the map pages list a figure under (repeatable): --theme "
                                "zzp=werk_en_inkomen; one of " + ", ".join(THEMES) + " (default: the registry's, "
                                "else overig)")
    aggregate.add_argument("--out", required=True, type=_output(AGGREGATE_FORMATS),
                           help="OUT.csv, OUT.xlsx or OUT.parquet")
    aggregate.set_defaults(run=run_aggregate)
    audit = commands.add_parser("audit", help="re-check published tables of the same persons with an exact LP "
                                "attack; exit 1 when a withheld count or sensitive amount can be narrowed")
    audit.add_argument("tables", nargs="+", metavar="TABLE", help="long tables (CSV, XLSX, Parquet) as aggregate "
                       "writes them, of the same persons")
    audit.add_argument("--base", type=int, default=5, help="rounding base of the published counts (default 5; the "
                       "audit aggregate wrote beside a table gives each column's own)")
    audit.add_argument("--microdata", help="the persons' file the tables were made from: with --amount, amounts are "
                       "checked too (their protection depends on the largest contributions)")
    audit.add_argument("--region-column", help="its column of region codes, as given to aggregate")
    audit.add_argument("--amount", action="append", default=[], type=_measure, metavar="NAME=KIND:COL",
                       help="an amount of the tables, as aggregate's --measure: NAME=mean:COL or NAME=total:COL")
    _add_min_count(audit)
    audit.add_argument("--dominance", type=float, default=50.0, help="the dominance rule's %% (50), as for aggregate")
    audit.add_argument("--p-percent", type=float, default=10.0, help="p of the p%% rule (10), as for aggregate")
    audit.set_defaults(run=run_audit)
    report = commands.add_parser("report", help="write the wijkprofiel (PDF or HTML) of a district, or of every one")
    _add_report_arguments(report)
    report.set_defaults(run=run_report)

    demo = commands.add_parser("demo", help="regenerate the synthetic demo data")
    demo.add_argument("--out", required=True, type=_folder,
                      help="folder to write the demo files into (made when missing)")
    demo.set_defaults(run=run_demo)

    # Events and the local economy (issue #18)
    events = commands.add_parser("events", help="effect of events on turnover per sector and area (JSON or CSV)")
    events.add_argument("--events", required=True, help="CSV, XLSX or Parquet: naam, start, eind, gebied")
    events.add_argument("--series", required=True,
                        help="CSV, XLSX or Parquet: datum, gebied, sector, waarde [, bedrijven, grootste]")
    events.add_argument("--baseline-weeks", type=int, default=DEFAULT_BASELINE_WEEKS,
                        help=f"weeks before the event whose same weekdays form the baseline (default "
                             f"{DEFAULT_BASELINE_WEEKS})")
    events.add_argument("--controls", type=_codes_list, help="control areas for every event, e.g. WK999905,WK999906 "
                        "(default: the other areas of the sector, without the event area's neighbours)")
    events.add_argument("--boundaries", help="boundaries of the areas (GeoPackage, GeoJSON, ...): neighbours of the "
                        "event area are left out of the controls")
    events.add_argument("--layer", help="layer of --boundaries (default: the only or first polygon layer)")
    events.add_argument("--period", choices=EVENT_PERIODS, help="how often the series has a value (default: from "
                        "its dates): a day is compared with the same weekday in the weeks before, a week, month or "
                        "quarter with the periods before it")
    events.add_argument("--kind", default="turnover", choices=EVENT_KINDS,
                        help="what the series measures: turnover and transactions come from businesses (the business "
                             "rule applies; default turnover); visitors, a rate or other have none behind them")
    events.add_argument("--lang", default="nl", choices=["nl", "en"], help="language of the plain-words field")
    events.add_argument("--out", required=True, type=_output(EVENTS_FORMATS), help="RESULT.json or RESULT.csv")
    events.set_defaults(run=run_events)
    _add_target_group_commands(commands)  # issue #17: rates and model
    return parser


def _add_inputs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--boundaries", required=True, help="GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf or TopoJSON"
    )
    command.add_argument("--layer", help="GeoPackage layer (default: the only or first polygon layer)")
    command.add_argument("--table", help="CSV, StatLine CSV, XLSX, Parquet or CBS OData JSON with figures per district")
    command.add_argument("--code-column", help="column holding region codes: the table's, or the boundary file's "
                         "without --table (default: detected)")
    command.add_argument("--include-water", action="store_true", help="keep water areas (water = JA)")
    command.add_argument("--all-districts", action="store_true",
                         help="keep the districts of gemeenten the table does not cover (default: only those it does)")


def _add_min_count(command: argparse.ArgumentParser) -> None:
    command.add_argument("--min-count", type=_min_count, help="smallest count of persons shown (default 10; lower "
                         "prints a warning)")


def _min_count(text: str) -> int:
    """A threshold of at least 1: 0 was taken as 'no choice' and quietly gave the default 10."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"should be a whole number of at least 1, got {text!r}")
    return value


def _add_protection(command: argparse.ArgumentParser) -> None:
    _add_min_count(command)
    command.add_argument("--not-counts", type=_columns, default=(), metavar="COL,...",
                         help="columns of whole numbers that are no counts of persons (by default every column of "
                              "whole numbers the registry does not know is protected as one)")


def _output(formats):
    """An ``--out`` file checked by the one door out before any work: a known extension, a folder to write in."""
    def output(text: str) -> Path:
        try:
            return check_output(text, formats)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error))
    return output


def _folder(text: str) -> Path:
    """An ``--out`` folder: made when missing, but not a file, and where files may be written."""
    try:
        return check_folder(text, may_create=True)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error))


def _columns(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _loaded(args, level: str | None = None):
    """The file and table of ``args`` through the app's pipeline (``geo.datasets.load_file``): protected.

    ``level`` keeps only the districts of that level, after all levels were protected together.
    """
    settings = DisclosureSettings(min_count=getattr(args, "min_count", None) or None,
                                  not_counts=getattr(args, "not_counts", ()) or None)
    loaded = load_file(args.boundaries, layer=args.layer, tables=[args.table] if args.table else [],
                       code_column=args.code_column, include_water=args.include_water,
                       all_districts=args.all_districts, level=level, settings=settings)
    if loaded.join is not None and loaded.join.matched == 0:  # a map or export of an empty column helps nobody
        raise CliError(f"no district of '{args.boundaries}' matched a row of '{args.table}': check that both are of "
                       "the same level and gemeente, or name the table's code column with --code-column")
    if loaded.join is not None and loaded.join.duplicates:
        print(f"{PROG}: the table has these codes more than once, its first row of each is used: "
              f"{', '.join(loaded.join.duplicates[:10])}", file=sys.stderr)
    warning = loaded.disclosure.warning("nl")
    if warning:
        print(f"{PROG}: {warning}", file=sys.stderr)
    table = select_level(loaded.table, level) if level else loaded.table
    return loaded._replace(table=table)


def _load(args):
    """Read the boundaries and, when given, the table joined to them, for ``inspect``: as read, unprotected."""
    boundaries = read_boundaries(args.boundaries, layer=args.layer, include_water=args.include_water,
                                 code_column=None if args.table else args.code_column)
    if not args.table:
        return boundaries, None
    table = read_table(args.table, code_column=args.code_column)
    return boundaries, (table, join_indicators(boundaries, table, crop=not args.all_districts)[1])


def run_inspect(args) -> int:
    """Print one JSON object describing the file, its figures and the join."""
    boundaries, extra = _load(args)
    result = boundaries.report.to_dict()
    result["columns"] = {c: count_statuses(boundaries.table.status[c]) for c in boundaries.table.figures}
    result["constant_columns"] = constant_columns(boundaries.table)
    if extra is not None:
        table, report = extra
        result["table"] = {
            "source": table.source,
            "rows": len(table.data),
            "code_column": table.code_column,
            "name_column": table.name_column,
            "columns": {c: count_statuses(table.status[c]) for c in table.figures},
            "constant_columns": constant_columns(table),
            "notes": table.notes,
        }
        result["join"] = report.to_dict()
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
    return 0


def run_export(args) -> int:
    """Write the joined districts to --out."""
    loaded = _loaded(args)
    out = export_table(loaded.table, args.out, notes=export_notes(loaded.table, loaded.disclosure))
    matched = f", {loaded.join.matched} districts matched the table" if loaded.join else ""
    print(f"wrote {out} ({len(loaded.table.data)} districts{matched})", file=sys.stderr)
    print(f"{PROG}: {loaded.disclosure.protected_note('en')}", file=sys.stderr)
    return 0


def _breaks(text: str) -> list[float]:
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"breaks should be numbers separated by commas, got {text!r}")


def run_render(args) -> int:
    """Draw the indicator of the joined districts (or its change since a year) to --out."""
    out = args.out
    # breaks are the manual scheme: given with another scheme they were silently ignored
    if args.breaks and args.scheme not in (None, "manual"):
        raise CliError(f"--breaks go with --scheme manual, not {args.scheme}: leave out --scheme or --breaks")
    if (args.from_table or args.from_boundaries) and args.change_from is None:
        raise CliError("--from-table and --from-boundaries go with --change-from YEAR: give the year they are of")
    args.scheme = args.scheme or ("manual" if args.breaks else DEFAULT_SCHEME)
    if args.change_from is not None:
        joined, choropleth, year = _change_map(args)
    else:
        loaded = _loaded(args, args.level)
        joined, disclosure = loaded.table, loaded.disclosure
        column = find_figure(joined, args.indicator)
        choropleth = build_choropleth(
            joined, column, scheme=args.scheme, k=args.k, breaks=args.breaks, palette=args.palette,
            synthetic=loaded.read.synthetic, lang=args.lang,
            secret_label=disclosure.label(column, args.lang),
            source=source_line(joined.cited, disclosure.note(args.lang, column, args.level or loaded.read.level),
                               args.lang),
            rule=disclosure.plain_note(args.lang, column),  # the slide's source line says the rule in words
        )
        year = loaded.read.years[-1] if len(loaded.read.years) == 1 else None
    if args.title:  # as a saved view's title: as given, with what the map shows under it where it does not say so
        choropleth = replace(choropleth, headline=args.title, subtitle=subtitle_for(args.title, choropleth.title, year))
    if out.suffix.lower() == ".html":
        page = web_map_html(prepare_layer(joined.data), choropleth, basemap=args.basemap)
        write_text(out, page, (".html",))
    else:
        from maps.slides import render_static_map

        render_static_map(joined.data, choropleth, out)
    k = choropleth.classification.k
    print(f"wrote {out} ({len(joined.data)} districts, {k} {'class' if k == 1 else 'classes'})", file=sys.stderr)
    return 0


def _change_map(args):
    """The change since --change-from: both years through the one pipeline, protected, drawn by ``maps.change``."""
    from geo.datasets import change_dataset, load_protected
    from maps.change import change_map

    dataset = change_dataset(args.boundaries, [args.table] if args.table else [], since=args.change_from,
                             from_boundaries=args.from_boundaries,
                             from_tables=[args.from_table] if args.from_table else [], layer=args.layer,
                             level=args.level, code_column=args.code_column, include_water=args.include_water,
                             all_districts=args.all_districts)
    later = [year for year in dataset.years if year != args.change_from]
    settings = DisclosureSettings(min_count=args.min_count or None, not_counts=args.not_counts or None)
    level = dataset.levels[0]
    before, after = (load_protected(dataset, level, year, settings) for year in (args.change_from, later[0]))
    warning = after.disclosure.warning("nl")
    if warning:
        print(f"{PROG}: {warning}", file=sys.stderr)
    column = find_figure(after.table, args.indicator)
    choropleth, changed = change_map(
        before.table, after.table, column, since=args.change_from, year=later[0], unit=args.change, k=args.k,
        palette=args.palette, synthetic=dataset.synthetic, lang=args.lang,
        secret_label=after.disclosure.label(column, args.lang), rule=after.disclosure.plain_note(args.lang, column),
        source=source_line(after.table.cited, after.disclosure.note(args.lang, column, level), args.lang))
    for codes, year in ((changed.only_after, later[0]), (changed.only_before, args.change_from)):
        if codes:  # another area: a difference would not be a change
            shown = ", ".join(codes[:10]) + (f" and {len(codes) - 10:,} more" if len(codes) > 10 else "")
            print(f"{PROG}: no change for {len(codes):,} district{'s' if len(codes) > 1 else ''} only in {year}: "
                  f"{shown}", file=sys.stderr)
    return after.table, choropleth, later[0]


def run_clusters(args) -> int:
    """Print one JSON object: Moran's I, its p-value and the LISA class of every district."""
    from indicators.analysis.clusters import find_clusters

    joined = _loaded(args, args.level).table
    column = find_figure(joined, args.indicator)
    result = find_clusters(joined, column, permutations=args.permutations, seed=args.seed)
    sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"year should be a number such as 2024, got {text!r}")


def run_fetch(args) -> int:
    """Download the gemeente's districts with their KWB figures into --out."""
    from indicators.io.download import download_gemeente

    result = download_gemeente(
        args.gemeente, args.year, args.level, args.out,
        pdok_url=args.pdok_url, cbs_url=args.cbs_url, cache_dir=args.cache, national=True,
    )
    cached = f", {result.from_cache} answers from the cache" if result.from_cache else ""
    print(f"wrote {result.path} ({result.districts} {result.level}en, {result.with_figures} with figures "
          f"from CBS {result.table}{cached})", file=sys.stderr)
    if result.national_rows:
        print(f"wrote {result.national} ({result.national_rows} national rows: NL00 and the gemeenten, for the "
              "wijkprofiel)", file=sys.stderr)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def _measure(text: str):
    from indicators.microdata.aggregate import Measure

    try:
        return Measure.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error))


def _label(text: str) -> tuple[str, str]:
    name, sep, label = text.partition("=")
    if not sep or not name.strip() or not label.strip():
        raise argparse.ArgumentTypeError(f"{text!r} should look like NAME=TEXT, e.g. zzp=\"Zelfstandigen zonder "
                                         "personeel\"")
    return name.strip(), label.strip()


def _theme(text: str) -> tuple[str, str]:
    name, theme = _label(text)
    if theme not in THEMES:
        raise argparse.ArgumentTypeError(f"{text!r}: no theme {theme!r}; choose one of {', '.join(THEMES)}")
    return name, theme


def run_aggregate(args) -> int:
    """Aggregate microdata to a protected long table (code, niveau, groups, aantal, measures) in --out."""
    from indicators.io.descriptor import descriptor_path
    from indicators.microdata.aggregate import (
        aggregate_microdata,
        aggregate_periods,
        period_paths,
        write_aggregated,
        write_periods,
    )
    from indicators.microdata.audit import audit_paths

    options = {"groups": args.group, "measures": args.measure, "level": args.level, "min_count": args.min_count,
               "dominance": args.dominance, "p": args.p_percent, "where": args.where}
    described = {"labels": dict(args.label), "labels_en": dict(args.label_en), "themes": dict(args.theme),
                 "units": dict(args.unit)}
    if args.period:
        period_paths(args.out, [])  # a year in --out is refused before the file is read
        tables = aggregate_periods(args.microdata, args.region_column, args.period, **options)
        written = write_periods(tables, args.out, args.period, **described)
    else:
        tables = [("", aggregate_microdata(args.microdata, args.region_column, **options))]
        written = [write_aggregated(tables[0][1], args.out, **described)]
    for out, (period, result) in zip(written, tables):
        for line in result.report.lines():
            print(f"{PROG}: {period + ': ' if period else ''}{line}", file=sys.stderr)
        cells, summary = audit_paths(out)
        print(f"wrote {out} ({len(result.frame):,} rows), what its columns are in {descriptor_path(out).name}, "
              f"and, for the output checker (not for release), {cells.name} and {summary.name}", file=sys.stderr)
    return 0


def run_audit(args) -> int:
    """Attack the tables; print every withheld count or sensitive amount a reader gets too close to. Exit 1 if any."""
    from indicators.microdata.recheck import recheck

    if args.base < 1:
        raise CliError(f"--base should be a whole number of at least 1, got {args.base}")
    found = recheck(args.tables, base=args.base, microdata=args.microdata, region_column=args.region_column,
                    amounts=args.amount, min_count=args.min_count, dominance=args.dominance, p=args.p_percent)
    for finding in found.narrow:
        print(finding.line())
    tables = f"{len(args.tables)} table{'s' if len(args.tables) > 1 else ''}"
    if found.narrow:
        amounts = (f"; {len(found.amounts)} of {found.amounts_tried:,} sensitive amounts come closer than their "
                   "protection level") if args.amount else ""
        shown = (f"{len(found.published):,} counts published below the threshold or not rounded; "
                 if found.published else "")
        print(f"{PROG}: {shown}{len(found.counts)} of {found.counts_tried:,} withheld counts can be narrowed below "
              f"their rounding base{amounts}", file=sys.stderr)
        return 1
    if args.amount:
        print(f"{PROG}: no withheld count can be narrowed below its rounding base and no sensitive amount comes "
              f"closer than its protection level ({found.counts_tried:,} withheld counts and "
              f"{found.amounts_tried:,} sensitive amounts checked in {tables})", file=sys.stderr)
    else:
        print(f"{PROG}: no withheld count can be narrowed below its rounding base ({found.counts_tried:,} checked "
              f"in {tables})", file=sys.stderr)
    return 0


def run_demo(args) -> int:
    """Regenerate the demo municipality into --out."""
    from geo.demo import generate_demo

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    for path in generate_demo(out):
        print(path)
    from geo.demo_microdata import generate_target_groups

    for path in generate_target_groups(out):  # tables aggregated from synthetic microdata, after the boundaries
        print(path)
    from geo.demo_events import generate_demo_events

    for path in generate_demo_events(out):
        print(path)
    from geo.demo_nederland import generate_national

    for path in generate_national(out):  # the wijkprofiel's synthetic Nederland (issue #19)
        print(path)
    from geo.demo_microdata import generate_reintegration_demo

    for path in generate_reintegration_demo(out):  # re-integration by group, and its checked model (issue #17)
        print(path)
    return 0


def _codes_list(text: str) -> list[str]:
    codes = [part.strip() for part in text.split(",") if part.strip()]
    if not codes:
        raise argparse.ArgumentTypeError(f"controls should be area codes separated by commas, got {text!r}")
    return codes


def run_events(args) -> int:
    """Write the effect of every event per sector to --out (JSON: a list under "events"; or CSV)."""
    from indicators.analysis.events import EventStudy, neighbours_of, read_events, read_series, write_events_report

    out = args.out
    events, series = read_events(args.events), read_series(args.series)
    neighbours, names = None, {}
    if args.boundaries:
        boundaries = read_boundaries(args.boundaries, layer=args.layer).table.data
        neighbours = neighbours_of(boundaries)
        if "naam" in boundaries:
            names = dict(zip(boundaries["code"].astype(str), boundaries["naam"].astype(str)))
    study = EventStudy(events, series, baseline_weeks=args.baseline_weeks, controls=args.controls,
                       neighbours=neighbours, kind=args.kind, period=args.period)
    report = study.effects()
    write_events_report(report, out, lang=args.lang, names=names)
    measurable = sum(effect.measurable for effect in report.effects)
    print(f"wrote {out} ({len(events)} events, {len(report.effects)} effects, {measurable} measurable, "
          f"{len(report.withheld)} withheld)", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


# --- report: the wijkprofiel (issue #19) ------------------------------------------------------------


def _add_report_arguments(report: argparse.ArgumentParser) -> None:
    source = report.add_mutually_exclusive_group(required=True)
    source.add_argument("--dataset", help="demo, or a gemeente fetched into data/downloads (e.g. GM1916)")
    source.add_argument("--boundaries", nargs="+", help="boundary files, one per year (the year is in the name)")
    report.add_argument("--table", nargs="+", default=[], help="tables joined to the boundaries of their year; a KWB "
                        "table with gemeente rows (or NL00) gives the gemeente, Nederland and comparable gemeenten")
    report.add_argument("--layer", help="GeoPackage layer of the districts (default: the only or first polygon layer)")
    report.add_argument("--code-column", help="column of the tables holding region codes (default: detected)")
    report.add_argument("--include-water", action="store_true", help="keep water areas (water = JA)")
    report.add_argument("--level", choices=["wijk", "buurt"], help="districts to report on (default: the first)")
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--district", help="code of the district, e.g. WK191601")
    which.add_argument("--all", action="store_true", help="every district: a PDF each and one combined PDF")
    report.add_argument("--out", required=True, help="OUT.pdf or OUT.html with --district; a folder with --all")
    report.add_argument("--similar", type=int, default=10, help="comparable gemeenten to average (default 10)")
    report.add_argument("--lang", default="nl", choices=["nl", "en"], help="language of the report")
    _add_min_count(report)


def run_report(args) -> int:
    """Write the wijkprofiel of --district to --out, or of every district (--all) into the folder --out."""
    from geo.profiles import district_report, load_profile_source
    from maps.report import render_report, write_reports

    out = _report_out(args)
    if args.table and not args.boundaries:
        raise CliError("--table goes with --boundaries: a --dataset brings its own tables")
    if args.code_column and not args.table:
        raise CliError("--code-column needs --table: give the table whose code column you name")
    if not 1 <= args.similar <= 50:
        raise CliError(f"--similar should be a number from 1 to 50, got {args.similar}")
    dataset = _report_dataset(args)
    level = args.level or dataset.levels[0]
    settings = DisclosureSettings(min_count=args.min_count) if args.min_count else DisclosureSettings()
    source = load_profile_source(dataset, level, settings, similar=args.similar)
    warning = source.disclosure[source.year].warning(args.lang)
    if warning:
        print(f"{PROG}: {warning}", file=sys.stderr)
    if args.district:
        report = district_report(source, _district_code(args.district, level), args.lang)
        render_report(report, out)
        print(f"wrote {out} (wijkprofiel of {report.name}, {report.code}, {report.year})", file=sys.stderr)
        return 0
    reports = [district_report(source, code, args.lang) for code in source.codes()]
    combined = f"wijkprofielen_{source.gemeente_code or dataset.title}_{level}_{source.year}.pdf"
    write_reports(reports, out, combined)
    print(f"wrote {len(reports)} wijkprofielen and {out / combined} ({source.year})", file=sys.stderr)
    return 0


def _report_out(args) -> Path:
    """--out checked by the one door out: a folder for --all, a PDF or HTML file for --district."""
    from maps.report import REPORT_FORMATS, check_report_folder

    if args.all:
        return check_report_folder(args.out)
    return check_output(args.out, REPORT_FORMATS, "a wijkprofiel")


def _report_dataset(args):
    """The dataset --dataset names, or the one --boundaries (a file per year) and --table make."""
    from geo.datasets import DOWNLOAD_DIR, dataset_from_files, demo_dataset, fetched_dataset

    if args.dataset:
        if args.dataset.strip().lower() == "demo":
            return demo_dataset()
        return fetched_dataset(args.dataset, args.level or "wijk", DOWNLOAD_DIR)
    return dataset_from_files(args.boundaries, args.table, layer=args.layer, level=args.level,
                              code_column=args.code_column, include_water=args.include_water, need_year=True,
                              key="report", title=Path(args.boundaries[-1]).stem).dataset


def _district_code(text: str, level: str) -> str:
    from indicators.core.codes import normalise_code

    return normalise_code(text, level) or str(text).strip().upper()


# --- target groups: rates per group and a checked model (issue #17) -----------------------------------


def _add_target_group_commands(commands) -> None:
    rates = commands.add_parser("rates", help="rates per group with Wilson 95%% intervals from a long table (JSON)")
    rates.add_argument("--table", required=True, help="long table (CSV, XLSX, Parquet) as aggregate writes it")
    rates.add_argument("--numerator", required=True, help="count column with the outcome, e.g. werk")
    rates.add_argument("--denominator", required=True, help="count column of persons, e.g. aantal")
    rates.add_argument("--by", action="append", default=[], help="group column, crossed (repeatable; default every "
                       "group column); code gives rates per district")
    rates.add_argument("--level", choices=LEVELS, help="rows of this level (default the coarsest in 'niveau')")
    _add_min_count(rates)
    rates.set_defaults(run=run_rates)

    model = commands.add_parser("model", help="logistic regression on microdata with output checking (JSON); "
                                "runs inside the secure environment")
    model.add_argument("--microdata", required=True, help="Parquet, CSV, SPSS or Stata file, one row per person")
    model.add_argument("--outcome", required=True, help="0/1 column, e.g. werk_binnen_12_maanden")
    model.add_argument("--predictors", required=True, type=_columns, help="category columns, e.g. "
                       "leeftijdsklasse,traject")
    model.add_argument("--min-count", type=int, help="smallest number of persons, outcomes and non-outcomes per "
                       "category (default 10)")
    model.add_argument("--reference", action="append", default=[], type=_label, metavar="COL=CATEGORY",
                       help="the category the others are compared with (repeatable; default the largest)")
    model.add_argument("--numeric", action="append", default=[], type=_step, metavar="COL[=STEP]",
                       help="a predictor that enters as a number: one odds ratio per unit, or per STEP "
                            "(--numeric inkomen=1000; repeatable)")
    model.add_argument("--classes", action="append", default=[], type=_classes, metavar="COL=EDGES",
                       help="a number cut into classes: --classes leeftijd=18,27,45,67 (repeatable)")
    model.add_argument("--merge", action="append", default=[], type=_label, metavar="COL=A+B",
                       help="categories that belong together, e.g. traject=stage+werkstage (repeatable)")
    model.add_argument("--interaction", action="append", default=[], type=_pair, metavar="A:B",
                       help="the effect of A per group of B, e.g. traject:leeftijdsklasse (repeatable)")
    model.add_argument("--out", required=True, type=_output(MODEL_FORMATS), help="RESULT.json")
    model.set_defaults(run=run_model)

    durations = commands.add_parser("durations", help="time on benefit or to work per group from spells: "
                                    "Kaplan-Meier, median, durable outflow, re-entry, log-rank, Cox (JSON); runs "
                                    "inside the secure environment")
    durations.add_argument("--spells", required=True, help="Parquet, CSV, SPSS or Stata file, one row per spell")
    durations.add_argument("--start", required=True, help="date column of the spell's start")
    durations.add_argument("--end", required=True, help="date column of its end (empty: still running)")
    durations.add_argument("--by", action="append", default=[], help="group column, crossed (repeatable)")
    durations.add_argument("--event", type=_label, metavar="COL=VALUE",
                           help="only ends of this kind count, e.g. reden=werk (time to work); default every end")
    durations.add_argument("--durable", metavar="COL", help="0/1: work and no benefit one month after the end")
    durations.add_argument("--person", metavar="COL", help="person id: a new spell within 12 months is re-entry")
    durations.add_argument("--until", help="the data end, 2024-12-31 (default the last date in the file)")
    durations.add_argument("--min-count", type=int, help="smallest number shown (default 10)")
    durations.add_argument("--out", required=True, type=_output(DURATIONS_FORMATS), help="RESULT.json")
    durations.set_defaults(run=run_durations)


def _classes(text: str) -> tuple[str, list[float]]:
    name, edges = _label(text)
    try:
        return name, [float(edge) for edge in edges.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give the class edges as numbers, e.g. leeftijd=18,27,45,67")


def _step(text: str) -> tuple[str, float]:
    name, sep, step = text.partition("=")
    try:
        value = float(step) if sep else 1.0
    except ValueError:
        value = 0.0
    if not name.strip() or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} should be COL or COL=STEP with a step above 0, e.g. inkomen=1000")
    return name.strip(), value


def _merges(pairs) -> dict[str, list[list[str]]]:
    """--merge traject=stage+werkstage (repeatable) as {"traject": [["stage", "werkstage"]]}."""
    out: dict[str, list[list[str]]] = {}
    for name, text in pairs:
        out.setdefault(name, []).append([part.strip() for part in text.split("+") if part.strip()])
    return out


def _pair(text: str) -> tuple[str, str]:
    first, sep, second = text.partition(":")
    if not sep or not first.strip() or not second.strip():
        raise argparse.ArgumentTypeError(f"{text!r} should look like A:B, e.g. traject:leeftijdsklasse")
    return first.strip(), second.strip()


def run_rates(args) -> int:
    """Print the rates of --numerator per --denominator for every group as one JSON object."""
    from indicators.analysis.rates import group_rates

    warning = DisclosureSettings(min_count=args.min_count).warning("nl")
    if warning:
        print(f"{PROG}: {warning}", file=sys.stderr)
    result = group_rates(args.table, args.numerator, args.denominator, by=args.by, level=args.level,
                         min_count=args.min_count)
    sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0


def run_model(args) -> int:
    """Fit the checked logistic model and write its odds ratios to --out (JSON)."""
    from indicators.analysis.models import fit_model, write_model

    out = args.out
    warning = DisclosureSettings(min_count=args.min_count).warning("nl")
    if warning:
        print(f"{PROG}: {warning}", file=sys.stderr)
    result = fit_model(args.microdata, args.outcome, args.predictors, min_count=args.min_count,
                       references=dict(args.reference), numeric=dict(args.numeric), classes=dict(args.classes),
                       interactions=args.interaction, merges=_merges(args.merge))
    write_model(result, out)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    terms = sum(len(p.categories) - (p.kind != "numeric") for p in result.predictors)
    persons = result.to_dict()["n"]  # rounded, as in the file
    print(f"wrote {out} ({persons:,} persons, {len(result.predictors)} predictors, {terms} odds ratios, "
          f"{len(result.withheld)} withheld)", file=sys.stderr)
    return 0


def run_durations(args) -> int:
    """Write the durations per group of the spells to --out (JSON)."""
    from indicators.analysis.durations import spell_durations, write_durations

    warning = DisclosureSettings(min_count=args.min_count).warning("nl")
    if warning:
        print(f"{PROG}: {warning}", file=sys.stderr)
    result = spell_durations(args.spells, args.start, args.end, by=args.by, event=args.event, durable=args.durable,
                             person=args.person, until=args.until, min_count=args.min_count)
    write_durations(result, args.out)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    shown = sum(group.status == "ok" for group in result.groups)
    print(f"wrote {args.out} ({result.to_dict()['overall']['spells']:,} spells, {shown} of {len(result.groups)} "
          f"groups shown)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
