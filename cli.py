"""Wijkverkenner on the command line: the app's engine for batch work and checks.

Run ``python cli.py --help``. Every command exits 0 on success; on bad input it prints one
line on stderr saying what was wrong and what to do, exits 2 and leaves no output file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from geo.boundaries import read_boundaries
from geo.join import join_indicators
from indicators.export import export_table
from indicators.values import count_statuses

PROG = "wijkverkenner"


class CliError(Exception):
    """Bad input found by the CLI itself."""


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
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
    export.add_argument("--out", required=True, help="OUT.csv, OUT.xlsx or OUT.gpkg")
    export.set_defaults(run=run_export)

    demo = commands.add_parser("demo", help="regenerate the synthetic demo data")
    demo.add_argument("--out", required=True, help="folder to write the demo files into")
    demo.set_defaults(run=run_demo)
    return parser


def _add_inputs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--boundaries", required=True, help="GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf or TopoJSON"
    )
    command.add_argument("--layer", help="GeoPackage layer (default: the only or first polygon layer)")
    command.add_argument("--table", help="CSV, StatLine CSV, XLSX or CBS OData JSON with figures per district")
    command.add_argument("--code-column", help="column of the table holding region codes (default: detected)")
    command.add_argument("--include-water", action="store_true", help="keep water areas (water = JA)")


def _load(args):
    """Read the boundaries and, when given, join the table; return (boundaries, joined table, report)."""
    boundaries = read_boundaries(args.boundaries, layer=args.layer, include_water=args.include_water)
    if not args.table:
        if args.code_column:
            raise CliError("--code-column needs --table: give the table whose code column you name")
        return boundaries, boundaries.table, None
    from indicators.tables import read_table

    table = read_table(args.table, code_column=args.code_column)
    joined, report = join_indicators(boundaries, table)
    return boundaries, joined, (table, report)


def run_inspect(args) -> int:
    """Print one JSON object describing the file, its figures and the join."""
    boundaries, joined, extra = _load(args)
    result = boundaries.report.to_dict()
    result["columns"] = {c: count_statuses(boundaries.table.status[c]) for c in boundaries.table.figures}
    if extra is not None:
        table, report = extra
        result["table"] = {
            "source": table.source,
            "rows": len(table.data),
            "code_column": table.code_column,
            "name_column": table.name_column,
            "columns": {c: count_statuses(table.status[c]) for c in table.figures},
            "notes": table.notes,
        }
        result["join"] = report.to_dict()
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
    return 0


def run_export(args) -> int:
    """Write the joined districts to --out."""
    boundaries, joined, extra = _load(args)
    notes = [f"Bron: {joined.source}"]
    out = export_table(joined, args.out, notes=notes)
    matched = f", {extra[1].matched} districts matched the table" if extra else ""
    print(f"wrote {out} ({len(joined.data)} districts{matched})", file=sys.stderr)
    return 0


def run_demo(args) -> int:
    """Regenerate the demo municipality into --out."""
    from geo.demo import generate_demo

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out '{out}' is a file: give a folder")
    out.mkdir(parents=True, exist_ok=True)
    for path in generate_demo(out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
