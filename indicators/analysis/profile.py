"""A district's profile: every figure of one district against the average of all districts, with its rank."""

from __future__ import annotations

import pandas as pd

from indicators.core.describe import describe_column
from indicators.core.formatting import rank_shown
from indicators.core.table import Table
from indicators.core.values import MISSING, SECRET


def district_profile(table: Table, code: str) -> pd.DataFrame:
    """One row per figure column: value, status, average over the districts, rank and count.

    The average is the plain mean of the districts' valid values (secret and missing left out),
    so it reads as "the average district"; rank 1 is the highest value as shown (``rank_shown``: the
    tooltip's rank). A secret value keeps its status and gets no rank, so nothing about it can be
    read from the profile.
    """
    rows = table.data.index[table.data["code"] == code]
    if len(rows) == 0:
        raise ValueError(f"no district with code {code!r} in this table")
    row = rows[0]
    records = []
    for column in table.figures:
        values = pd.to_numeric(table.data[column], errors="coerce").astype(float)
        status = str(table.status.at[row, column])
        valid = values.notna()
        value = values.at[row] if status not in (SECRET, MISSING) else None
        decimals = describe_column(table, column).decimals
        rank = int(rank_shown(values, decimals).at[row]) if value is not None and valid.at[row] else None
        records.append({
            "column": column,
            "value": value,
            "status": status,
            "average": float(values[valid].mean()) if valid.any() else None,
            "rank": rank,
            "count": int(valid.sum()),
        })
    frame = pd.DataFrame.from_records(records)
    frame["rank"] = frame["rank"].astype("Int64")  # no rank stays <NA>, never NaN
    return frame
