"""The tables the pages show beside a map, as plain data frames (no Streamlit, so tests read them directly).

Every number is written by ``indicators.core.formatting`` in the page's language; headers come from the
translation table.
"""

from __future__ import annotations

import pandas as pd

from indicators.analysis.profile import district_profile
from indicators.core.describe import describe_column
from indicators.core.formatting import format_cell, format_number
from indicators.core.table import Table
from indicators.core.words import t

NOTABLE = 0.25  # a difference of a quarter of the average or more is marked as notable


def profile_rows(table: Table, code: str, level_word: str, language: str) -> pd.DataFrame:
    """One district's figures: value, the average of the level's districts, and its rank."""
    rows = []
    for record in district_profile(table, code).itertuples():
        info = describe_column(table, record.column, language)
        rows.append({
            t("profile_indicator", language): info.heading,
            t("profile_value", language): format_cell(record.value, record.status, info.decimals, language),
            t("profile_average", language, level=level_word): format_number(record.average, info.decimals, language),
            t("profile_rank", language): (t("profile_rank_of", language, rank=record.rank, count=record.count)
                                          if pd.notna(record.rank) else ""),
        })
    return pd.DataFrame(rows)


def comparison_rows(table: Table, first: str, second: str, level_word: str, language: str) -> pd.DataFrame:
    """Every indicator of two districts with the average and their difference; large gaps marked."""
    names = dict(zip(table.data["code"], table.data["naam"].astype(str)))
    a, b = district_profile(table, first), district_profile(table, second)
    rows = []
    for one, two in zip(a.itertuples(), b.itertuples()):
        info = describe_column(table, one.column, language)
        both = pd.notna(one.value) and pd.notna(two.value)
        average = one.average if pd.notna(one.average) else 0
        gap = both and average and abs(one.value - two.value) >= NOTABLE * abs(average)
        rows.append({
            t("profile_indicator", language): info.heading,
            f"A: {names[first]}": format_cell(one.value, one.status, info.decimals, language),
            f"B: {names[second]}": format_cell(two.value, two.status, info.decimals, language),
            t("profile_average", language, level=level_word): format_number(one.average, info.decimals, language),
            t("compare_difference", language): (format_number(one.value - two.value, info.decimals, language)
                                                 if both else ""),
            t("compare_notable", language): "●" if gap else "",
        })
    return pd.DataFrame(rows)


def reference_rows(report, language: str) -> pd.DataFrame:
    """The district's figures beside the gemeente, Nederland and the comparable gemeenten (issue #19).

    ``report`` is a ``geo.profiles.DistrictReport``; cells as the wijkprofiel writes them
    (``maps.report.cell_text``): a secret value reads "geheim (< 10)", a missing reference "–".
    """
    from maps.report import arrow_of, cell_text, heading

    rows = []
    for row in report.rows():
        rows.append({
            t("profile_indicator", language): heading(row),
            t(f"level_one_{report.level}", language): cell_text(row.value, row.decimals, language,
                                                                report.secret_labels.get(row.column)),
            t("report_col_gemeente", language): cell_text(row.gemeente, row.decimals, language),
            t("report_col_nederland", language): cell_text(row.nederland, row.decimals, language),
            t("report_col_similar", language): cell_text(row.similar, row.decimals, language),
            t("report_col_trend", language): arrow_of(row)[0],
        })
    return pd.DataFrame(rows)
