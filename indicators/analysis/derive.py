"""Derived measures: rates, shares, location quotients, deviation from the average, change between years.

Every function takes a ``Table`` and returns a new one with the derived column(s) added; the input
is never changed. Input columns may be named in any CBS spelling or by their registry id
(``indicators.core.table.find_figure``), so ``rate(t, "bijstand", ["inwoners"])`` works on a
CBS GeoPackage, a PDOK file and an OData table alike.

Status of a derived cell
------------------------
A derived value is only as good as its worst input, in this order:

=============  ============================================================================
secret         any input cell is secret: a rate of a secret count would reveal it
missing        otherwise, any input cell is missing, or the result is undefined
               (a denominator, total or earlier value of 0)
provisional    otherwise, any input cell is provisional: a figure computed from a provisional
               figure is itself provisional (as CBS marks its own derived figures)
ok             every input is ok
=============  ============================================================================

Secret and missing cells hold <NA>, as in every ``Table``. Values keep full precision; the
decimals to show are in the new column's ``ColumnInfo`` (rounding before a change or a
location quotient is computed would add rounding error to it).

Totals and references
---------------------
A municipal figure is taken from the gemeente row when the dataset has one (the gemeente layer
of the CBS wijk- en buurtkaart, or the GM row of a KWB table). Summing the districts instead is a
fallback with two caveats: CBS rounds every published count, so the sum of the parts need not
equal the published total; and a sum over districts with a secret or missing cell is *not* the
municipal total, so ``municipal_reference`` refuses it (gives None) rather than sum around the
gap or, worse, over a sentinel. The national reference is the NL01 row of a KWB table.

Examples
--------
>>> with_rate = rate(buurten, "bijstand", ["personen_15_25", "personen_25_45", "personen_45_65"])
>>> with_lq = location_quotient(buurten, "bijstand", "inwoners",
...                             reference_part=2050, reference_total=75140)
>>> changed, report = change(buurten_2023, buurten_2024, "inwoners")
>>> report.only_before
('BU99990601',)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.core.codes import normalise_codes
from indicators.core.registry import Indicator, load_registry
from indicators.core.table import ColumnInfo, Table, find_figure
from indicators.core.values import MISSING, OK, PROVISIONAL, SECRET, STATUS_DTYPE, to_floats
from indicators.core.words import t

# Worst status wins: secret before missing before provisional before ok.
_SEVERITY = {OK: 0, PROVISIONAL: 1, MISSING: 2, SECRET: 3}
# Severity -> category code of the status (``Categorical.from_codes`` needs no string lookups).
_CODE_OF_SEVERITY = np.array([STATUS_DTYPE.categories.get_loc(s) for s in (OK, PROVISIONAL, MISSING, SECRET)])
_PERCENT_UNITS = ("%", "procent", "percent")
_CANONICAL_CODE = r"GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4}"  # what indicators.core.codes.normalise_code returns


@dataclass(frozen=True)
class BoundaryChanges:
    """Which region codes occur in only one of two years, so no change can be drawn for them.

    A split, merger or recoding of a buurt shows up as its old code in ``only_before`` and the
    new codes in ``only_after``; the codes are normalised (``BU99990601``) and sorted.
    """

    only_before: tuple[str, ...] = ()
    only_after: tuple[str, ...] = ()
    matched: int = 0

    @property
    def any(self) -> bool:
        """True when at least one code is in only one of the years."""
        return bool(self.only_before or self.only_after)


# --- measures -----------------------------------------------------------------------------------


def rate(
    table: Table,
    numerator: str,
    denominator_columns,
    per: int = 1000,
    name: str | None = None,
    decimals: int = 1,
) -> Table:
    """Add ``numerator / sum(denominator_columns) * per``: e.g. bijstand per 1,000 inhabitants aged 15-64.

    Counts differ with the size of a district; a rate makes districts comparable.

    Parameters
    ----------
    table : Table
        The districts.
    numerator : str
        Column (any spelling, or registry id) of the count to divide.
    denominator_columns : str or list of str
        Columns added up to form the denominator (the age groups 15-25, 25-45 and 45-65 give
        the population aged 15-64). Every part must be valid: a secret part makes the cell
        secret, a missing part makes it missing, and a denominator of 0 makes it missing.
    per : int
        1000 for "per 1,000", 100 for a percentage.
    name : str, optional
        Name of the new column; by default ``{numerator}_per_{per}_{denominators}``.
    decimals : int
        Decimals to show, stored in the column's ``ColumnInfo``; the values keep full precision.

    Returns
    -------
    Table
        A new table with the rate column, its status and its ``ColumnInfo``.
    """
    denominators = [denominator_columns] if isinstance(denominator_columns, str) else list(denominator_columns)
    if not denominators:
        raise ValueError("'denominator_columns' should name at least one column, got an empty list")
    _check_positive(per, "per")
    num = find_figure(table, numerator)
    dens = [find_figure(table, column) for column in denominators]
    name = name or f"{numerator}_per_{per}_{'_'.join(denominators)}"
    values, status = _rate(table, num, dens, per)
    den_titles = " + ".join(_title(table, column) for column in dens)
    per_text = f"{per:,}".replace(",", ".")  # Dutch thousands separator: "per 1.000"
    info = ColumnInfo(
        title=t("derive_rate", numerator=_title(table, num), per=per_text, denominators=den_titles),
        unit=t("derive_rate_unit", per=per_text),
        decimals=decimals,
        description=f"{num} / ({' + '.join(dens)}) * {per}",
    )
    return _with_columns(table, {name: (values, status, info)})


def share(table: Table, part: str, total: str, name: str | None = None, decimals: int = 1) -> Table:
    """Add ``part / total * 100``, the percentage of ``total`` that ``part`` is.

    Parameters
    ----------
    table : Table
        The districts.
    part, total : str
        Columns (any spelling, or registry id), e.g. households with children and all households.
    name : str, optional
        Name of the new column; by default ``{part}_pct_{total}``.
    decimals : int
        Decimals to show.

    Returns
    -------
    Table
        A new table with the share in percent; a total of 0 gives a missing cell.
    """
    part_col, total_col = find_figure(table, part), find_figure(table, total)
    name = name or f"{part}_pct_{total}"
    result = rate(table, part_col, [total_col], per=100, name=name, decimals=decimals)
    result.columns[name] = ColumnInfo(
        title=t("derive_share", part=_title(table, part_col), total=_title(table, total_col)),
        unit="%",
        decimals=decimals,
        description=f"{part_col} / {total_col} * 100",
    )
    return result


def location_quotient(
    table: Table,
    part: str,
    total: str | None,
    *,
    reference_part: float | None,
    reference_total: float | None,
    name: str | None = None,
    decimals: int = 2,
) -> Table:
    """Add the location quotient ``(part / total) / (reference_part / reference_total)``.

    1 means the district has the same share as the reference area; 2 means twice as large a
    share (twice as many bijstand recipients per inhabitant as the municipality as a whole).

    Parameters
    ----------
    table : Table
        The districts.
    part, total : str
        Columns of the count and of the whole it is part of (``"bijstand"``, ``"inwoners"``).
        ``total=None`` when ``part`` is already a share or mean (``"pct_zelfstandigen"``):
        the quotient is then ``part / reference_part`` and ``reference_total`` must be None.
    reference_part, reference_total : float or None
        The same figures for the reference area: the municipality (see
        ``municipal_reference``) or the Netherlands (the NL01 row of a KWB table, see
        ``reference_values``). None (a secret or unknown reference) or a reference share of
        0 makes every cell missing, with a note on the table saying why.
    name : str, optional
        Name of the new column; by default ``{part}_lq``.
    decimals : int
        Decimals to show.

    Returns
    -------
    Table
        A new table with the quotient; status as in the module docstring.
    """
    if total is None and reference_total is not None:
        raise ValueError(
            f"'reference_total' should be None when 'total' is None (part is already a share), got {reference_total!r}"
        )
    part_col = find_figure(table, part)
    columns = [part_col] if total is None else [part_col, find_figure(table, total)]
    name = name or f"{part}_lq"
    values = _numbers(table, part_col)
    if total is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            values = values / _numbers(table, columns[1])
    status = np.maximum.reduce([_severity(table, column) for column in columns])
    reference = _reference_share(reference_part, reference_total, of_share=total is None)
    notes = []
    if reference is None:
        notes.append(
            f"{name}: no location quotient, the reference share is unknown or 0 "
            f"(reference_part={reference_part!r}, reference_total={reference_total!r})"
        )
        values = np.full(len(table.data), np.nan)
    else:
        values = values / reference
    shown_total = "" if total is None else f" / {_title(table, columns[1])}"
    info = ColumnInfo(
        title=t("derive_lq", part=_title(table, part_col), total=shown_total),
        unit="",
        decimals=decimals,
        description=(
            f"({' / '.join(columns)}) / ({reference_part!r}"
            + ("" if total is None else f" / {reference_total!r}")
            + ")"
        ),
    )
    return _with_columns(table, {name: (values, status, info)}, notes)


def difference_from_average(
    table: Table, column: str, name: str | None = None, average: float | None = None
) -> Table:
    """Add each district's value minus the average, for a diverging map around "as usual".

    Parameters
    ----------
    table : Table
        The districts.
    column : str
        The figure (any spelling, or registry id).
    name : str, optional
        Name of the new column; by default ``{column}_diff_avg``.
    average : float, optional
        The average to subtract, e.g. the municipal figure from the gemeente row. By default
        the plain mean of the districts' valid (ok and provisional) values, "the average
        district", as in the district profile; secret and missing cells are left out of it
        and stay secret and missing.

    Returns
    -------
    Table
        A new table with the difference in the unit of ``column``. When the mean includes a
        provisional value, every difference is provisional.
    """
    col = find_figure(table, column)
    values = _numbers(table, col)
    status = _severity(table, col)
    valid = status <= _SEVERITY[PROVISIONAL]
    if average is None:
        if not valid.any():
            average = np.nan
        else:
            average = float(values[valid].mean())
            if (status[valid] == _SEVERITY[PROVISIONAL]).any():
                status = np.maximum(status, _SEVERITY[PROVISIONAL])
    info_in = table.columns.get(col)
    info = ColumnInfo(
        title=t("derive_diff", title=_title(table, col)),
        unit=_difference_unit(info_in.unit if info_in else ""),
        decimals=info_in.decimals if info_in else None,
        description=f"{col} - {average!r}",
    )
    return _with_columns(table, {name or f"{column}_diff_avg": (values - average, status, info)})


def change(before: Table, after: Table, column: str, name: str | None = None) -> tuple[Table, BoundaryChanges]:
    """Add the change of ``column`` from ``before`` to ``after``, absolute and in percent, to ``after``.

    Rows are aligned on the normalised region code (``'BU99990101  '`` and ``'BU99990101'``
    are one district). A code that exists in only one year (a split, merger or new code) gets
    no change (status missing): its area differs, so a difference would not be a change.

    Parameters
    ----------
    before, after : Table
        The same level in two years; each code at most once.
    column : str
        The figure (any spelling, or registry id), looked up in each table on its own, so
        ``aantal_inwoners`` in one year and ``AantalInwoners`` in the other match.
    name : str, optional
        Name of the absolute change column, by default ``{column}_change``; the percent change
        gets ``{name}_pct``.

    Returns
    -------
    (Table, BoundaryChanges)
        ``after`` with the two new columns, and the codes present in only one year. The percent
        change is relative to the absolute earlier value and missing where it was 0.
    """
    col_before, col_after = find_figure(before, column), find_figure(after, column)
    codes_before, codes_after = _codes(before, "before"), _codes(after, "after")
    position = pd.Series(np.arange(len(codes_before)), index=pd.Index(codes_before))
    found = position.reindex(pd.Index(codes_after))
    matched = found.notna().to_numpy()
    rows = found.fillna(0).to_numpy(dtype=int)

    old = np.where(matched, _numbers(before, col_before)[rows], np.nan)
    old_status = np.where(matched, _severity(before, col_before)[rows], _SEVERITY[MISSING])
    new, new_status = _numbers(after, col_after), _severity(after, col_after)
    status = np.maximum(old_status, new_status)
    absolute = new - old
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = absolute / np.abs(old) * 100

    name = name or f"{column}_change"
    info_in = after.columns.get(col_after)
    title, unit = _title(after, col_after), info_in.unit if info_in else ""
    infos = {
        name: ColumnInfo(title=t("derive_change", title=title), unit=_difference_unit(unit),
                         decimals=info_in.decimals if info_in else None, description=f"{col_after} after - before"),
        f"{name}_pct": ColumnInfo(title=t("derive_change_pct", title=title), unit="%", decimals=1,
                                  description=f"({col_after} after - before) / |before| * 100"),
    }
    only_before = sorted(set(codes_before) - set(codes_after))
    only_after = sorted(set(codes_after) - set(codes_before))
    report = BoundaryChanges(tuple(only_before), tuple(only_after), int(matched.sum()))
    notes = [f"{name}: {len(only_before)} code(s) only before, {len(only_after)} only after"] if report.any else []
    table = _with_columns(
        after,
        {name: (absolute, status, infos[name]), f"{name}_pct": (percent, status, infos[f"{name}_pct"])},
        notes,
    )
    return table, report


# --- references -------------------------------------------------------------------------------


def reference_values(table: Table, code: str, columns) -> dict[str, float | None]:
    """The figures of one region row (``GM9999``, ``NL01``) as a reference; None where secret or missing.

    Parameters
    ----------
    table : Table
        A table holding the reference row: the gemeente layer, or a KWB table with the NL01
        (Nederland) and GM rows.
    code : str
        The region code, in any spelling (``'NL01      '`` as the API pads it is fine).
    columns : list of str
        Figures to read (any spelling, or registry id); the result is keyed by these names.
    """
    wanted = str(code).strip().upper()
    codes = _codes(table, "reference", unique=False)
    rows = np.flatnonzero(np.asarray(codes, dtype=object) == (_code_key(code) or wanted))
    if len(rows) != 1:
        what = "no row" if len(rows) == 0 else f"{len(rows)} rows"
        raise ValueError(f"{what} with code {code!r} in {table.source or 'the reference table'}: pass another code")
    return {column: _valid_value(table, find_figure(table, column), rows[0]) for column in columns}


def municipal_reference(districts: Table, columns, gemeente: Table | None = None) -> dict[str, float | None]:
    """The municipal totals of ``columns``, for a location quotient against the municipality.

    Parameters
    ----------
    districts : Table
        The wijken or buurten of one municipality.
    columns : list of str
        Figures to read (any spelling, or registry id); the result is keyed by these names.
    gemeente : Table, optional
        The gemeente layer (or any table with the GM row). Its published figure is the
        municipal total, and is used whenever given: the row whose code is the districts'
        ``gemeentecode``, or its only row.

    Returns
    -------
    dict
        Column -> total, or None. Without ``gemeente`` the total is the sum of the districts'
        values, and None when any district's cell is secret or missing: such a sum is not the
        municipal total (and a secret cell is never summed). Even a complete sum can differ
        from the published total, because CBS rounds every count.
    """
    if gemeente is not None:
        return reference_values(gemeente, _gemeente_code(districts, gemeente), columns)
    totals: dict[str, float | None] = {}
    for column in columns:
        col = find_figure(districts, column)
        status = _severity(districts, col)
        complete = len(status) > 0 and bool((status <= _SEVERITY[PROVISIONAL]).all())
        totals[column] = float(_numbers(districts, col).sum()) if complete else None
    return totals


# --- the registry -------------------------------------------------------------------------------


def add_registry_derived(table: Table, registry: dict[str, Indicator] | None = None) -> Table:
    """Add every derived registry indicator whose inputs the table has, in a column named by its id.

    The denominator is the first alternative (in the registry's order of preference) whose
    columns are all in the table; it is chosen for the whole table, never per district, so
    every district's rate has the same meaning. A note on the table and the column's
    description say which denominator was used. Indicators already present as a column, or
    whose numerator or every denominator alternative is absent, are left out.

    Parameters
    ----------
    table : Table
        Any table; its columns are recognised through the registry (``find_indicator``).
    registry : dict, optional
        Indicator id -> ``Indicator``; by default ``load_registry()``.

    Returns
    -------
    Table
        A new table with the derived columns, titled and described in Dutch from the registry.
    """
    registry = load_registry() if registry is None else registry
    present = _columns_by_indicator(table, registry)
    new, notes = {}, []
    for indicator in registry.values():
        if indicator.source != "derived" or indicator.id in present or indicator.id in table.data.columns:
            continue
        numerator = present.get(indicator.numerator)
        choice = next((alt for alt in indicator.denominators if all(i in present for i in alt)), None)
        if numerator is None or choice is None:
            continue
        _check_positive(indicator.per, "per")
        values, status = _rate(table, numerator, [present[i] for i in choice], indicator.per)
        used = " + ".join(choice)
        new[indicator.id] = (values, status, ColumnInfo(
            title=indicator.label_in("nl"),
            unit=indicator.unit_in("nl"),
            decimals=indicator.decimals,
            description=t("derive_computed", description=indicator.description["nl"],
                          formula=f"{indicator.numerator} / ({used}) * {indicator.per}"),
        ))
        if choice != indicator.denominators[0]:
            notes.append(f"{indicator.id}: computed per {used}, the preferred denominator is not in the table")
    # one copy of the table for all rates: a copy per rate costs more than the rates themselves
    return _with_columns(table, new, notes) if new else table


# --- private ------------------------------------------------------------------------------------


def _columns_by_indicator(table: Table, registry: dict[str, Indicator]) -> dict[str, str]:
    """Indicator id -> the table's first figure column that is a spelling of it."""
    present: dict[str, str] = {}
    for column in table.figures:
        for indicator in registry.values():
            if indicator.matches(column):
                present.setdefault(indicator.id, column)
                break
    return present


def _rate(table: Table, numerator: str, denominators: list[str], per: float) -> tuple[np.ndarray, np.ndarray]:
    """Values and severity of ``numerator / sum(denominators) * per``, for columns of ``table``."""
    top, top_status = _numbers(table, numerator), _severity(table, numerator)
    bottom = sum(_numbers(table, column) for column in denominators)
    status = np.maximum.reduce([top_status] + [_severity(table, column) for column in denominators])
    with np.errstate(divide="ignore", invalid="ignore"):
        values = top / bottom * per
    return values, status


def _numbers(table: Table, column: str) -> np.ndarray:
    """Float values of a figure column, NaN where secret or missing."""
    return to_floats(table.data[column])


def _severity(table: Table, column: str) -> np.ndarray:
    """Status of each cell as a severity (0 ok .. 3 secret); cells without a status count as missing."""
    status = table.status[column]
    if isinstance(status.dtype, pd.CategoricalDtype):
        order = np.array([_SEVERITY.get(c, _SEVERITY[MISSING]) for c in status.cat.categories] + [_SEVERITY[MISSING]],
                         dtype=np.int8)
        return order[status.cat.codes.to_numpy()]  # code -1 (no status) takes the last entry: missing
    return np.array([_SEVERITY.get(s, _SEVERITY[MISSING]) for s in status.astype(object)], dtype=np.int8)


def _with_columns(table: Table, new: dict, notes=()) -> Table:
    """A copy of ``table`` with new figure columns ``name -> (values, severity, ColumnInfo)``."""
    data, status, columns = table.data.copy(), table.status.copy(), dict(table.columns)
    for name, (values, severity, info) in new.items():
        if name in table.data.columns:
            raise ValueError(f"the table already has a column {name!r}: pass another 'name'")
        values = np.asarray(values, dtype=float)
        severity = np.asarray(severity).copy()
        undefined = ~np.isfinite(values) & (severity < _SEVERITY[MISSING])
        severity[undefined] = _SEVERITY[MISSING]  # 0 denominators, no reference: not a number
        values = np.where(severity >= _SEVERITY[MISSING], np.nan, values)
        data[name] = pd.Series(values, index=data.index, dtype="Float64")  # NaN becomes <NA>
        status[name] = pd.Series(pd.Categorical.from_codes(_CODE_OF_SEVERITY[severity], dtype=STATUS_DTYPE),
                                 index=data.index)
        columns[name] = info
    return Table(data=data, status=status, columns=columns, source=table.source, credit=table.credit,
                 code_column=table.code_column,
                 name_column=table.name_column, notes=[*table.notes, *notes])


def _title(table: Table, column: str) -> str:
    info = table.columns.get(column)
    return info.title if info is not None and info.title else column


def _difference_unit(unit: str) -> str:
    return "procentpunt" if unit.strip().lower() in _PERCENT_UNITS else unit


def _check_positive(number, name: str) -> None:
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not number > 0:
        raise ValueError(f"{name!r} should be a positive number such as 1000, got {number!r} instead")


def _reference_share(part, total, of_share: bool) -> float | None:
    """The reference ratio (``part`` alone when it is a share already), or None when unknown, not finite or 0."""
    if part is None or (total is None and not of_share):
        return None
    try:
        share_ = float(part) if of_share else float(part) / float(total)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return share_ if np.isfinite(share_) and share_ != 0 else None


def _code_key(value) -> str | None:
    codes = normalise_codes(pd.Series([value], dtype=object))
    return codes.iloc[0]


def _codes(table: Table, which: str, unique: bool = True) -> list[str]:
    """The table's region codes, normalised where they are CBS codes (NL01 is kept as written)."""
    column = table.code_column or "code"
    if column not in table.data.columns:
        raise ValueError(f"the {which} table has no code column: read it with a code column (e.g. 'code')")
    raw = table.data[column]
    text = raw.astype(object).where(raw.notna(), "").astype(str)
    if text.str.fullmatch(_CANONICAL_CODE).all():  # read by our own readers: normalised already
        codes = text.tolist()
    else:
        normal = normalise_codes(raw)
        codes = [n if n is not None else str(r).strip().upper() for n, r in zip(normal, raw.to_numpy(dtype=object))]
    if unique:
        seen, repeated = set(), []
        for code in codes:
            if code in seen:
                repeated.append(code)
            seen.add(code)
        if repeated:
            raise ValueError(
                f"the {which} table has codes more than once ({', '.join(sorted(set(repeated))[:5])}): "
                "pass one level of one year"
            )
    return codes


def _gemeente_code(districts: Table, gemeente: Table) -> str:
    """The code of the districts' municipality: their ``gemeentecode``, else the gemeente table's only row."""
    if "gemeentecode" in districts.data.columns:
        found = {c for c in normalise_codes(districts.data["gemeentecode"], "gemeente") if c is not None}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            raise ValueError(f"the districts lie in {len(found)} municipalities ({', '.join(sorted(found))}): "
                             "pass the districts of one municipality")
    codes = _codes(gemeente, "gemeente", unique=False)
    if len(codes) != 1:
        raise ValueError(f"the gemeente table has {len(codes)} rows and the districts no 'gemeentecode': "
                         "use reference_values(gemeente, code, columns)")
    return codes[0]


def _valid_value(table: Table, column: str, row: int) -> float | None:
    if _severity(table, column)[row] >= _SEVERITY[MISSING]:
        return None
    return float(_numbers(table, column)[row])
