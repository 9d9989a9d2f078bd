"""Benchmark: the wijkprofielen of every wijk of a gemeente (SPEC: 13 wijken in under 30 s).

Two gemeenten: Leidschendam-Voorburg (GM1916), its 13 real wijken (``../shared/data/real``:
``wijken_2025_GM1916_subset.geojson`` with the real KWB 2024 rows of every gemeente, which also give
the comparable gemeenten), and the demo's Demostad (12 wijken, 2 years, synthetic Nederland). Each is
run as ``python cli.py report ... --all --out DIR`` runs it: load every year through the pipeline
(read, join, derive, protect) with the national rows; gather each wijk's figures, references,
trends and sentences; draw each wijk's PDF (A4 pages, matplotlib); merge them into one PDF. The
stages are timed apart, then the whole command end to end. Run from the project root:

    python -m bench.report_benchmark
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

PROJECT = Path(__file__).resolve().parents[1]
REAL = PROJECT.parent / "shared" / "data" / "real"


def _cases() -> list[tuple[str, list[str]]]:
    cases = []
    wijken, values = REAL / "wijken_2025_GM1916_subset.geojson", REAL / "kwb2024_85984NED_gm_wk_values.json"
    if wijken.exists() and values.exists():
        cases.append(("GM1916 (real, 1 year)", ["--boundaries", str(wijken), "--table", str(values)]))
    else:
        print(f"skipped GM1916: real data not found in {REAL}", file=sys.stderr)
    cases.append(("Demostad (demo, 2 years)", ["--dataset", "demo"]))
    return cases


def _stages(args: list[str]) -> dict[str, float]:
    """Time the stages of cli.py report --all, by the functions the command calls."""
    import cli
    from geo.profiles import district_report, load_profile_source
    from maps.report import merge_pdfs, report_pdfs

    parsed = cli._parser().parse_args(["report", *args, "--all", "--out", "unused"])
    times = {}
    start = time.perf_counter()
    source = load_profile_source(cli._report_dataset(parsed), parsed.level or "wijk")
    times["load all years + national rows"] = time.perf_counter() - start
    start = time.perf_counter()
    reports = [district_report(source, code) for code in source.codes()]
    times["figures, references, sentences"] = time.perf_counter() - start
    start = time.perf_counter()
    documents = report_pdfs(reports)
    times[f"draw the PDFs ({os.cpu_count()} processes)"] = time.perf_counter() - start
    start = time.perf_counter()
    merge_pdfs(documents)
    times["merge into one PDF"] = time.perf_counter() - start
    times["districts"] = len(reports)
    times["pages"] = sum(document.count(b"/Type /Page\n") or document.count(b"/Type /Page") for document in documents)
    return times


def main(argv=None) -> int:
    """Print the timings of every case."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    os.chdir(PROJECT)
    sys.path.insert(0, str(PROJECT))
    import cli

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Wijkprofiel benchmark, {time.strftime('%Y-%m-%d %H:%M')} ({os.cpu_count()} CPUs, load average {load} "
          f"before the run; Python {platform.python_version()}, matplotlib {matplotlib.__version__})")
    for name, args in _cases():
        stages = _stages(args)
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            status = cli.main(["report", *args, "--all", "--out", str(Path(folder) / "out")])
            total = time.perf_counter() - start
            written = len(list((Path(folder) / "out").glob("*.pdf")))
        print(f"\n{name}: {stages['districts']} wijken")
        for stage, seconds in stages.items():
            if stage not in ("districts", "pages"):
                print(f"  {stage:<44} {seconds:6.2f} s")
        verdict = "ok" if status == 0 and total < 30 else "OVER"
        print(f"  {'cli.py report --all, end to end':<44} {total:6.2f} s  ({written} PDFs; SPEC: 13 wijken "
              f"< 30 s: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
