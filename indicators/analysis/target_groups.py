"""A target group per district, from the long tables ``aggregate`` writes: composition and figures.

Composition answers "who are the bijstand recipients of this wijk": the count of the target group
(``bijstand``) in each group (age class) as a share of the group's total in the district (the
``Totaal`` row). Only published cells are used: a secret or too small count stays secret (never a
number), and a district whose total is secret has no shares. What is not shown of a district's
total is the sum of its secret parts; it is known from the published total and parts anyway,
so it may be drawn as one grey "geheim" part, never split up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.analysis.rates import RatesError, group_words
from indicators.core.formatting import format_percent
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.core.values import MISSING, OK, SECRET, WRITTEN
from indicators.core.words import t
from indicators.microdata.longtable import TOTAL, read_long_table, status_column

COLUMNS = ["code", "groep", "aantal", "totaal", "aandeel", "status"]


def composition(source, measure: str, group: str, level: str = "wijk", min_count: int | None = None) -> pd.DataFrame:
    """Per district and group: the count of ``measure``, the district's total and the group's share (%).

    Parameters
    ----------
    source : Table, DataFrame, str or Path
        A long table.
    measure : str
        A count column: the target group (``bijstand``, ``aantal``, ``zzp``).
    group : str
        The group column to split it by; every other group column is taken at ``Totaal``.
    level : str
        Districts of this ``niveau``.
    min_count : int, optional
        Smallest count shown (default 10).

    Returns
    -------
    pandas.DataFrame
        ``code``, ``groep``, ``aantal``, ``totaal``, ``aandeel`` and ``status`` (ok or secret); NaN where secret.
    """
    threshold = DEFAULT_MIN_COUNT if min_count is None else int(min_count)
    table = read_long_table(source)
    frame, label = table.frame, table.label
    groups = table.groups()
    if group not in groups:
        raise RatesError(f"{group!r} is not a group column of {label}; choose one of {', '.join(groups) or 'none'}",
                         "missing_column", column=group)
    if measure not in frame.columns:
        raise RatesError(f"column {measure!r} is not in {label}", "missing_column", column=measure)
    table, _ = table.at_level(level)
    frame = table.frame
    values, secret = table.counts(measure)
    secret = secret | (values < threshold)
    others = [g for g in groups if g != group]
    rows = (frame[others].astype("string") == TOTAL).all(axis=1).to_numpy() if others else np.ones(len(frame), bool)
    cells = pd.DataFrame({"code": frame["code"].astype(str), "groep": frame[group].astype(str),
                          "aantal": np.where(secret, np.nan, values), "secret": secret})[rows]
    totals = cells[cells["groep"] == TOTAL].set_index("code")
    parts = cells[cells["groep"] != TOTAL].copy()
    parts["totaal"] = parts["code"].map(totals["aantal"])
    total_secret = parts["code"].map(totals["secret"]).fillna(True).astype(bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        parts["aandeel"] = 100.0 * parts["aantal"] / parts["totaal"]
    hidden = parts["secret"].to_numpy() | total_secret.to_numpy()
    parts.loc[hidden, "aandeel"] = np.nan
    parts["status"] = np.where(parts["secret"], SECRET, np.where(total_secret, SECRET, OK))
    return parts[COLUMNS].reset_index(drop=True)


def composition_sentences(parts: pd.DataFrame, group: str, names: dict, lang: str = "nl",
                          labels: dict | None = None) -> list[str]:
    """Per group, where its share is highest and lowest: the text a screen reader gets for the stacked bars.

    Only shown shares count, so a sentence never points at a secret district. ``labels``: the
    table's own label of the group column (``group_words``).
    """
    sentences = []
    for value, rows in parts.dropna(subset=["aandeel"]).groupby("groep", sort=False):
        if rows["code"].nunique() < 2:
            continue
        high, low = rows.loc[rows["aandeel"].idxmax()], rows.loc[rows["aandeel"].idxmin()]
        sentences.append(t("tg_composition_sentence", lang, group=group_words({group: value}, lang, labels=labels),
                           high=names.get(high["code"], high["code"]), high_pct=format_percent(high["aandeel"], lang),
                           low=names.get(low["code"], low["code"]), low_pct=format_percent(low["aandeel"], lang)))
    return sentences


def district_figure(source, column: str, level: str = "wijk", where: dict | None = None,
                    min_count: int | None = None) -> pd.DataFrame:
    """One figure per district (``code``, ``waarde``, ``status``: ok, secret, or missing where nobody has one).

    ``where`` picks a group (``{"arbeidspositie": "zzp"}``); a figure whose base ``aantal`` is
    secret or below the threshold is secret with it, whatever its own status.
    """
    threshold = DEFAULT_MIN_COUNT if min_count is None else int(min_count)
    table = read_long_table(source)
    if column not in table.frame.columns:
        raise RatesError(f"column {column!r} is not in {table.label}", "missing_column", column=column)
    where = dict(where or {})
    table, _ = table.at_level(level)
    frame = table.frame
    keep = np.ones(len(frame), dtype=bool)
    for group in table.groups():
        wanted = where.get(group, TOTAL)
        keep &= (frame[group].astype("string") == wanted).fillna(False).to_numpy()
    values, secret = table.counts(column)
    nobody = np.zeros(len(frame), dtype=bool)  # "ontbreekt": a mean of nobody (no one in the group has an amount)
    if status_column(column) in frame.columns:
        nobody = (frame[status_column(column)].astype("string").str.strip().str.lower() == WRITTEN[MISSING]
                  ).fillna(False).to_numpy(dtype=bool)
    if "aantal" in frame.columns and column != "aantal":
        base, base_secret = table.counts("aantal")
        secret = secret | base_secret | (base < threshold)
    out = pd.DataFrame({"code": frame["code"].astype(str), "waarde": np.where(secret, np.nan, values),
                        "status": np.where(nobody, MISSING, np.where(secret, SECRET, OK))})[keep]
    return out.drop_duplicates("code").reset_index(drop=True)

