"""Microdata benchmark: ``aggregate`` (DuckDB + disclosure control) against a plain pandas groupby.

A seeded file of person rows over about 15,000 buurten (in 350 gemeenten of about 9 wijken; buurt
sizes drawn from a lognormal, as real buurten vary from a handful of people to thousands), with two
group columns (geslacht, leeftijdsklasse), a flag that 5% of the persons have (bijstand) and an
income (lognormal, median about 30,000), is written to Parquet in a temporary folder. Each
contender then runs in a fresh Python process, one after the other:

- ``aggregate``: ``indicators.microdata.aggregate.aggregate_microdata`` crossing both groups at every level
  (gemeente, wijk, buurt) with all margins, the persons, the flag's count and the mean income,
  each protected (rounding, primary and secondary suppression; the income as a magnitude table),
  written to Parquet with its audit;
- ``pandas``: ``pd.read_parquet`` and one ``groupby(buurt, geslacht, leeftijdsklasse)`` with the
  same figures (persons, the flag's sum, the mean income); no margins, no other levels, no
  protection.

Time is the work inside the process (imports excluded, the same for both); peak memory is the
process's peak resident set (``VmHWM``), imports included. Run from the project root::

    python -m bench.aggregate_benchmark [--rows 7500000] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SEED = 16
ROWS, QUICK_ROWS = 5_000_000, 200_000
BUURTEN, QUICK_BUURTEN = 15_000, 1_500
WIJKEN_PER_GEMEENTE = 9
GEMEENTEN, QUICK_GEMEENTEN = 350, 35
AGES = ("0-17", "18-26", "27-44", "45-64", "65+")
AGE_WEIGHTS = (0.20, 0.11, 0.25, 0.26, 0.18)
FLAG_SHARE = 0.05
MEASURES = ("bijstand=sum:bijstand", "inkomen=mean:inkomen")


def make_microdata(path: Path, rows: int, buurten: int, gemeenten: int, seed: int = SEED) -> Path:
    """Write ``rows`` seeded person rows over ``buurten`` buurt codes to Parquet; return the path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    wijk = np.sort(rng.integers(0, gemeenten * WIJKEN_PER_GEMEENTE, buurten))  # gemeente * 9 + wijk
    number = np.arange(buurten) - np.searchsorted(wijk, wijk)  # the buurt's number within its wijk
    codes = np.array([f"BU{1000 + w // WIJKEN_PER_GEMEENTE:04d}{w % WIJKEN_PER_GEMEENTE + 1:02d}{n + 1:02d}"
                      for w, n in zip(wijk, number)])
    size = rng.lognormal(0.0, 1.0, len(codes))
    weights = size / size.sum()
    table = pa.table({
        "buurtcode": pa.DictionaryArray.from_arrays(rng.choice(len(codes), rows, p=weights).astype(np.int32),
                                                    pa.array(codes)).cast(pa.string()),
        "geslacht": pa.array(np.where(rng.random(rows) < 0.5, "man", "vrouw")),
        "leeftijdsklasse": pa.array(np.array(AGES)[rng.choice(len(AGES), rows, p=AGE_WEIGHTS)]),
        "bijstand": pa.array((rng.random(rows) < FLAG_SHARE).astype(np.int8)),
        "inkomen": pa.array(np.round(rng.lognormal(10.3, 0.6, rows))),
    })
    pq.write_table(table, path)
    return path


def run_aggregate(path: Path, out: Path) -> dict:
    """The product's way: DuckDB aggregation, margins, protection, Parquet written."""
    from indicators.microdata.aggregate import aggregate_microdata, write_aggregated

    start = time.perf_counter()
    result = aggregate_microdata(path, "buurtcode", groups=["geslacht", "leeftijdsklasse"], measures=MEASURES,
                                 level="all")
    write_aggregated(result, out)
    seconds = time.perf_counter() - start
    loss = {name: {"withheld": lost.total, "share": lost.share} for name, lost in result.report.loss.items()}
    return {"seconds": seconds, "cells": len(result.frame), "loss": loss}


def run_pandas(path: Path, out: Path) -> dict:
    """The baseline: read everything into pandas, one groupby, nothing else."""
    import pandas as pd

    start = time.perf_counter()
    frame = pd.read_parquet(path)
    cells = frame.groupby(["buurtcode", "geslacht", "leeftijdsklasse"]).agg(
        aantal=("bijstand", "size"), bijstand=("bijstand", "sum"), inkomen=("inkomen", "mean"))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cells": len(cells)}


def peak_rss_mb() -> float:
    """Peak resident set of this process in MB (VmHWM), from /proc; ru_maxrss where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(contender: str, path: Path, out: Path) -> dict:
    """Run one contender in a fresh process and return its numbers."""
    command = [sys.executable, "-m", "bench.aggregate_benchmark", "--child", contender, str(path), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{contender} failed: {done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def benchmark(rows: int, buurten: int, gemeenten: int) -> dict:
    """Generate the file, measure both contenders in fresh processes, return everything for the table."""
    with tempfile.TemporaryDirectory(prefix="aggregate-bench-") as folder:
        folder = Path(folder)
        start = time.perf_counter()
        path = make_microdata(folder / "personen.parquet", rows, buurten, gemeenten)
        generated = time.perf_counter() - start
        results = {name: measure(name, path, folder / f"{name}.parquet") for name in ("aggregate", "pandas")}
        size = path.stat().st_size
    return {"rows": rows, "buurten": buurten, "file_mb": size / 1e6, "generated_s": generated, **results}


def format_table(result: dict) -> str:
    """The side-by-side table with ratios, as quoted in the README."""
    ours, theirs = result["aggregate"], result["pandas"]
    lines = [
        f"{result['rows']:,} person rows over {result['buurten']:,} buurten, 2 group columns "
        f"(Parquet {result['file_mb']:.0f} MB); {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPU",
        f"{'':34}{'aggregate':>12}{'pandas':>12}{'ratio':>9}",
        f"{'time (s)':34}{ours['seconds']:>12.2f}{theirs['seconds']:>12.2f}{ours['seconds'] / theirs['seconds']:>9.2f}",
        f"{'peak memory (MB, VmHWM)':34}{ours['peak_mb']:>12.0f}{theirs['peak_mb']:>12.0f}"
        f"{ours['peak_mb'] / theirs['peak_mb']:>9.2f}",
        f"{'cells out':34}{ours['cells']:>12,}{theirs['cells']:>12,}",
        "aggregate: gemeente, wijk and buurt with every margin, protected; withheld: "
        + "; ".join(f"{name} {loss['withheld']:,} ({loss['share']:.1f}%)" for name, loss in ours["loss"].items())
        + ". pandas: buurt x groups only, unprotected.",
    ]
    return "\n".join(lines)


def _child(contender: str, path: str, out: str) -> None:
    run = {"aggregate": run_aggregate, "pandas": run_pandas}[contender]
    result = run(Path(path), Path(out))
    result["peak_mb"] = peak_rss_mb()
    print(json.dumps(result))


def main(argv=None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help=f"person rows (default {ROWS:,}; --quick {QUICK_ROWS:,})")
    parser.add_argument("--quick", action="store_true", help="a small run, for the test")
    parser.add_argument("--child", nargs=3, metavar=("CONTENDER", "FILE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    rows = args.rows or (QUICK_ROWS if args.quick else ROWS)
    buurten, gemeenten = (QUICK_BUURTEN, QUICK_GEMEENTEN) if args.quick else (BUURTEN, GEMEENTEN)
    print(format_table(benchmark(rows, buurten, gemeenten)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
