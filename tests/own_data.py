"""An analyst's own data for the tests: persons drawn on given buurt codes, aggregated and written with labels.

Not the demo's columns or codes where it matters: the chain from ``aggregate`` to a page must work
on what a municipality brings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def own_persons(codes, n: int, group: str, values, flag: str, seed: int, rates=None) -> pd.DataFrame:
    """``n`` persons over ``codes``, one group column of ``values`` and a 0/1 ``flag`` with a rate per value."""
    rng = np.random.default_rng(seed)
    persons = pd.DataFrame({"buurt": rng.choice(list(codes), n), group: rng.choice(list(values), n)})
    rate = persons[group].map(rates or {}).fillna(0.5).to_numpy(dtype=float)
    persons[flag] = (rng.random(n) < rate).astype(int)
    return persons


def own_table(folder: Path, persons: pd.DataFrame, group: str, measure: str, labels: dict, name: str = "eigen.csv"):
    """``persons`` aggregated by ``group`` with one measure, written with its labels; (result, table path)."""
    from indicators.microdata.aggregate import aggregate_microdata, write_aggregated

    persons.to_parquet(folder / "p.parquet")
    result = aggregate_microdata(folder / "p.parquet", "buurt", groups=[group], measures=[measure])
    return result, write_aggregated(result, folder / name, labels=labels)


def with_descriptor(table: Path) -> list[tuple[str, bytes, str]]:
    """The table and its descriptor as an upload of two files (name, bytes, type)."""
    from indicators.io.descriptor import descriptor_path

    return [(table.name, table.read_bytes(), "text/csv"),
            (descriptor_path(table).name, descriptor_path(table).read_bytes(), "application/json")]
