"""Reference values for a district's figures: the gemeente, Nederland and comparable gemeenten.

A district's figure means little alone. The wijkprofiel sets each one beside three references:

- **the gemeente**: the CBS gemeente row (the gemeente layer of the wijk- en buurtkaart, or the
  GM row of a KWB table), never an average of the districts shown: CBS rounds every count and
  keeps back small cells, so the districts need not add up to the gemeente. Derived rates in that
  row are recomputed from its own counts by the registry's definitions (``indicators.analysis.derive``).
- **Nederland**: the KWB row ``NL00``.
- **comparable gemeenten** ("vergelijkbare gemeenten"): the ``n`` gemeenten closest to the
  district's own gemeente on size, address density, age structure and income, by a standardised
  distance over the national KWB gemeente rows of the year (``similar_municipalities``).

Every function works on ``Table`` s that went through disclosure control already; a reference
that is secret or missing is ``None`` with its status, never a number. Columns are matched by the
registry (``aantal_inwoners`` in a GeoPackage is ``AantalInwoners`` in OData), and exactly by
name for the municipality's own columns, which have no national counterpart.

The distance
------------
Each measure is put on one scale over all gemeenten of the year (z-score: minus the mean,
divided by the standard deviation); inhabitants and address density first on a log scale, because
a gemeente of 20,000 is as far from one of 40,000 as 200,000 from 400,000. Age structure is five
shares (0-15, 15-25, 25-45, 45-65, 65+) that count together as one measure (each a fifth). The
distance is the root of the summed squared differences. A measure the national rows do not hold
(a table without incomes) is left out and named in ``Similarity.missing``; a gemeente without a
value for a measure that is used cannot be compared and is left out. Address density falls back
on population density, and income per inhabitant on income per income recipient, where the
preferred figure is absent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.core.columns import find_column, stem
from indicators.core.registry import find_indicator, load_registry
from indicators.core.table import Table
from indicators.core.values import MISSING, OK, PROVISIONAL, to_floats

NATIONAL_CODE = "NL00"
"""The region key of Nederland in the Kerncijfers wijken en buurten."""
DEFAULT_SIMILAR = 10
"""How many comparable gemeenten are averaged."""

# Measure -> (registry ids to try in order, transform). "age" is the five shares below.
MEASURES = ("size", "density", "age", "income")
_SCALARS = {
    "size": (("inwoners",), "log"),
    "density": (("omgevingsadressendichtheid", "bevolkingsdichtheid"), "log"),
    "income": (("inkomen_per_inwoner", "inkomen_per_ontvanger"), "plain"),
}
AGE_GROUPS = (("personen_0_15", "pct_0_15"), ("personen_15_25", "pct_15_25"), ("personen_25_45", "pct_25_45"),
              ("personen_45_65", "pct_45_65"), ("personen_65_plus", "pct_65_plus"))
_MIN_COVERAGE = 0.5  # a measure is used when at least half of the gemeenten have it


@dataclass(frozen=True)
class Reference:
    """One reference value: a number, or its status when there is none (secret, missing)."""

    value: float | None
    status: str = MISSING
    count: int = 1  # gemeenten averaged (comparable gemeenten); 1 for a single row

    @property
    def known(self) -> bool:
        """True when there is a number to show."""
        return self.value is not None


NO_REFERENCE = Reference(None, MISSING, 0)


@dataclass(frozen=True)
class Member:
    """One comparable gemeente: its code, name, distance and the values it was compared on.

    ``values`` holds measure -> value as shown (inhabitants, addresses per km², share aged 65 or
    over in %, income in 1,000 euro); ``closest`` the measures on which it is nearest, first first.
    """

    code: str
    name: str
    distance: float
    values: dict[str, float] = field(hash=False)
    closest: tuple[str, ...] = ()


@dataclass(frozen=True)
class Similarity:
    """The gemeenten most like one gemeente, and on what they were compared."""

    gemeente: str
    name: str
    members: tuple[Member, ...]
    measures: tuple[str, ...]  # used, in MEASURES order
    missing: tuple[str, ...]  # not in the national rows
    columns: dict[str, str] = field(hash=False, default_factory=dict)  # measure -> registry id used
    values: dict[str, float] = field(hash=False, default_factory=dict)  # the gemeente's own, as in Member
    year: int | None = None

    @property
    def codes(self) -> list[str]:
        """The members' codes, closest first."""
        return [member.code for member in self.members]


# --- national rows ------------------------------------------------------------------------------


def region_names(table: Table) -> list[str]:
    """Names of the rows: the table's name column, else ``gemeentenaam``, else the code; "Nederland" for NL00."""
    codes = table.region_codes
    column = table.name_column if table.name_column in table.data.columns else None
    column = column or find_column(table.data.columns, ("naam", "gemeentenaam", "statnaam"))
    names = table.data[column].astype(object).tolist() if column else [None] * len(codes)
    return ["Nederland" if code == NATIONAL_CODE else (str(name).strip() if isinstance(name, str) and name.strip()
                                                       else code) for code, name in zip(codes, names)]


def has_national_rows(table: Table) -> bool:
    """True when ``table`` holds the NL00 row or more than one gemeente row (a national KWB extract)."""
    codes = table.region_codes
    return NATIONAL_CODE in codes or sum(code.startswith("GM") for code in codes) > 1


def national_part(table: Table) -> Table:
    """Only the NL00 and gemeente rows of a KWB table (a national extract also holds wijken)."""
    codes = pd.Series(table.region_codes, index=table.data.index)
    keep = (codes.str.startswith("GM") | (codes == NATIONAL_CODE)).to_numpy()
    data = table.data[keep].copy()
    data["code"] = codes[keep].to_numpy()
    return Table(data=data.reset_index(drop=True), status=table.status[keep].reset_index(drop=True),
                 columns=dict(table.columns), source=table.source, code_column="code",
                 name_column=table.name_column, notes=list(table.notes), credit=table.credit)


# --- matching columns ---------------------------------------------------------------------------


def matching_column(table: Table, column: str) -> str | None:
    """The column of ``table`` holding the same figure as ``column`` (of another table), or None.

    The same name first; then the registry's indicator (any spelling); a column the registry does
    not know (own data) only by its exact stem.
    """
    if column in table.figures:
        return column
    indicator = find_indicator(column)
    if indicator is None:
        found = [c for c in table.figures if stem(c) == stem(column) and find_indicator(c) is None]
    else:
        found = [c for c in table.figures if indicator.matches(c)]
    return found[-1] if found else None


def column_of(table: Table, indicator_id: str) -> str | None:
    """The table's column of a registry indicator (the last of several spellings), or None."""
    indicator = load_registry().get(indicator_id)
    if indicator is None:
        return None
    found = [c for c in table.figures if indicator.matches(c)]
    return found[-1] if found else None


# --- reference values ---------------------------------------------------------------------------


def row_reference(table: Table | None, code: str, column: str) -> Reference:
    """The figure ``column`` (matched by ``matching_column``) of the row ``code`` in ``table``.

    Secret and missing cells give no value, only their status.
    """
    if table is None:
        return NO_REFERENCE
    found = matching_column(table, column)
    if found is None:
        return NO_REFERENCE
    codes = table.region_codes
    if code not in codes:
        return NO_REFERENCE
    row = codes.index(code)
    status = str(table.status[found].iat[row])
    if status not in (OK, PROVISIONAL):
        return Reference(None, status)
    value = _scalar(table.data[found].iat[row])
    return Reference(value, status) if value is not None else NO_REFERENCE


def _scalar(cell) -> float | None:
    """One cell as a float; None for <NA>, NaN or text."""
    try:
        value = float(cell)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def similar_average(national: Table | None, similarity: Similarity | None, column: str) -> Reference:
    """The comparable gemeenten's figure: a rate pooled from their counts, else the plain mean.

    A derived rate of the registry (bijstand per 1,000 inhabitants aged 15-64) is recomputed as
    the sum of the numerators over the sum of the denominators, so large and small gemeenten count
    by their size; counts, shares and means are the plain mean over the gemeenten (the
    "average comparable gemeente"). Gemeenten whose figure is secret or missing are left out of
    it, and ``count`` says how many remained.
    """
    if national is None or similarity is None or not similarity.members:
        return NO_REFERENCE
    codes = national.region_codes
    rows = [codes.index(code) for code in similarity.codes if code in codes]
    if not rows:
        return NO_REFERENCE
    indicator = find_indicator(column)
    if indicator is not None and indicator.source == "derived":
        return _pooled_rate(national, rows, indicator)
    found = matching_column(national, column)
    if found is None:
        return NO_REFERENCE
    values, valid = _valid(national, found, rows)
    if not valid.any():
        return Reference(None, MISSING, 0)
    return Reference(float(values[valid].mean()), OK, int(valid.sum()))


def _pooled_rate(national: Table, rows: list[int], indicator) -> Reference:
    numerator = column_of(national, indicator.numerator)
    choice = next((alt for alt in indicator.denominators if all(column_of(national, i) for i in alt)), None)
    if numerator is None or choice is None:
        return NO_REFERENCE
    top, valid = _valid(national, numerator, rows)
    bottom = np.zeros(len(rows))
    for part in choice:
        values, part_valid = _valid(national, column_of(national, part), rows)
        bottom += np.nan_to_num(values)
        valid &= part_valid
    if not valid.any() or bottom[valid].sum() <= 0:
        return Reference(None, MISSING, 0)
    return Reference(float(top[valid].sum() / bottom[valid].sum() * indicator.per), OK, int(valid.sum()))


def _valid(table: Table, column: str, rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    values = np.array([_scalar(table.data[column].iat[row]) for row in rows], dtype=float)
    status = np.array([str(table.status[column].iat[row]) for row in rows])
    return values, np.isin(status, (OK, PROVISIONAL)) & np.isfinite(values)


# --- comparable gemeenten -----------------------------------------------------------------------


def similar_municipalities(national: Table, gemeente: str, n: int = DEFAULT_SIMILAR,
                           year: int | None = None) -> Similarity:
    """The ``n`` gemeenten closest to ``gemeente`` on size, address density, age structure and income.

    Parameters
    ----------
    national : Table
        The national KWB rows of one year: every gemeente (and optionally NL00), any spelling of
        the columns (OData stems, CBS GeoPackage names).
    gemeente : str
        The gemeente to compare (``GM1916``); it must be among the rows.
    n : int
        How many to return (default 10).
    year : int, optional
        The year of the rows, kept on the result for its caption.

    Returns
    -------
    Similarity
        Members closest first, with the measures used and those the rows lack (see the module
        docstring for the distance).

    Raises
    ------
    ValueError
        When ``n`` is not a positive whole number, the gemeente is not among the rows, or the rows
        hold none of the four measures.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"'n' should be a positive whole number such as {DEFAULT_SIMILAR}, got {n!r} instead")
    codes = np.array(national.region_codes, dtype=object)
    names = region_names(national)
    is_gemeente = np.array([str(c).startswith("GM") for c in codes])
    if gemeente not in set(codes[is_gemeente]):
        raise ValueError(f"gemeente {gemeente!r} is not among the national rows of {national.source or 'the table'}: "
                         "pass the KWB gemeente rows of the same year")
    features, weights, shown, used, missing, columns = _features(national, is_gemeente)
    if not used:
        raise ValueError(f"{national.source or 'the national rows'} hold none of inhabitants, address density, "
                         "age structure and income: pass the KWB gemeente rows")
    target = int(np.flatnonzero((codes == gemeente) & is_gemeente)[0])
    matrix = np.column_stack(features)
    usable = is_gemeente & np.isfinite(matrix).all(axis=1)
    if not usable[target]:
        lacking = [m for m, f in zip(_measure_of_features(used, len(features)), features) if not np.isfinite(f[target])]
        raise ValueError(f"gemeente {gemeente!r} has no value for {', '.join(dict.fromkeys(lacking))} in the "
                         "national rows: it cannot be compared")
    scaled = (matrix - matrix[usable].mean(axis=0)) / _spread(matrix[usable])
    difference = (scaled - scaled[target]) ** 2 * np.asarray(weights)
    distance = np.sqrt(difference.sum(axis=1))
    candidates = np.flatnonzero(usable)
    candidates = candidates[candidates != target]
    order = candidates[np.lexsort((codes[candidates].astype(str), distance[candidates]))][:n]
    measure_of = _measure_of_features(used, len(features))
    members = []
    for row in order:
        by_measure: dict[str, float] = {}
        for measure, part in zip(measure_of, difference[row]):
            by_measure[measure] = by_measure.get(measure, 0.0) + float(part)
        closest = tuple(sorted(by_measure, key=lambda m: (by_measure[m], MEASURES.index(m))))
        members.append(Member(code=str(codes[row]), name=names[row], distance=float(distance[row]),
                              values={m: float(shown[m][row]) for m in used}, closest=closest[:2]))
    return Similarity(gemeente=gemeente, name=names[target], members=tuple(members), measures=tuple(used),
                      missing=tuple(missing), columns=columns,
                      values={m: float(shown[m][target]) for m in used}, year=year)


def _features(table: Table, is_gemeente: np.ndarray):
    """Columns of the distance (transformed), their weights, the values as shown, measures used and missing."""
    features, weights, shown, used, missing, columns = [], [], {}, [], [], {}
    for measure in MEASURES:
        if measure == "age":
            shares = _age_shares(table)
            if shares is None or not _covered(shares[-1], is_gemeente):
                missing.append(measure)
                continue
            features.extend(shares)
            weights.extend([1 / len(shares)] * len(shares))
            shown[measure] = shares[-1]  # the share aged 65 or over, as the reason shows it
            columns[measure] = AGE_GROUPS[-1][0]
            used.append(measure)
            continue
        ids, transform = _SCALARS[measure]
        for indicator_id in ids:
            column = column_of(table, indicator_id)
            if column is None:
                continue
            values = _numbers(table, column)
            if _covered(values, is_gemeente):
                break
        else:
            missing.append(measure)
            continue
        shown[measure] = values
        features.append(np.log(np.where(values > 0, values, np.nan)) if transform == "log" else values)
        weights.append(1.0)
        columns[measure] = indicator_id
        used.append(measure)
    return features, weights, shown, used, missing, columns


def _measure_of_features(used: list[str], count: int) -> list[str]:
    """The measure of each feature column: one per measure, five for age."""
    out = []
    for measure in used:
        out.extend([measure] * (len(AGE_GROUPS) if measure == "age" else 1))
    return out[:count]


def _age_shares(table: Table) -> list[np.ndarray] | None:
    """Percentages of the five age groups: from the counts and inhabitants, else the published shares."""
    inhabitants = column_of(table, "inwoners")
    shares = []
    for count_id, share_id in AGE_GROUPS:
        count = column_of(table, count_id)
        if count is not None and inhabitants is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                total = _numbers(table, inhabitants)
                shares.append(np.where(total > 0, _numbers(table, count) / total * 100, np.nan))
            continue
        share = column_of(table, share_id)
        if share is None:
            return None
        shares.append(_numbers(table, share))
    return shares


def _numbers(table: Table, column: str) -> np.ndarray:
    values = to_floats(table.data[column])
    status = table.status[column].astype(str).to_numpy()
    return np.where(np.isin(status, (OK, PROVISIONAL)), values, np.nan)


def _covered(values: np.ndarray, is_gemeente: np.ndarray) -> bool:
    return bool(is_gemeente.any()) and np.isfinite(values[is_gemeente]).mean() >= _MIN_COVERAGE


def _spread(matrix: np.ndarray) -> np.ndarray:
    spread = matrix.std(axis=0)
    return np.where(spread > 0, spread, 1.0)
