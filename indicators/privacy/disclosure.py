"""Disclosure control: the one place that decides which counts of persons may be shown, and how.

Everything the product shows or exports goes through ``protect`` first: the map, the profile,
the CLI and the CSV/XLSX/GeoPackage exports. It applies three rules, as CBS does for the
Kerncijfers wijken en buurten.

1. **Rounding.** Every protected count is rounded to the nearest multiple of its rounding base
   (5 for persons, 10 for benefit recipients; halves round up: 15 -> 20 with base 10). The
   base comes from the registry (``Indicator.disclosure``) or, for own data, is 5.
2. **Primary suppression.** A cell whose *true* count is below the minimum count (10 by default)
   becomes ``secret`` with value <NA>, as CBS suppresses on the unrounded count. A cell is also
   suppressed when its *rounded* value would fall below the minimum (only possible when the
   minimum is not a multiple of the rounding base, e.g. 12 with base 5 gives 10), so that no
   published figure is ever below the threshold. Cells that arrive secret (CBS's own ``.``)
   stay secret and are protected like primary ones. Zero is a count below the minimum too.
3. **Secondary suppression** over the hierarchy gemeente > wijk > buurt, per count column, and
   over the registry's sums across columns (``[[sum]]``: inwoners = mannen + vrouwen = the five
   age groups), both below.

Rates and shares follow their inputs: a derived rate (registry ``source = "derived"``, or a
ratio named in ``DisclosureSettings.ratios``) is secret where its numerator or any part of its
denominator is secret after rules 1-3, or where the denominator is below the minimum count; the
published rate is recomputed from the *published* (rounded) numerator and denominator, because a
rate at full precision times a published denominator would give the unrounded numerator back.

Which columns are counts of persons (fails closed)
--------------------------------------------------
The registry names the counts of persons (and their thresholds and rounding) in every real
spelling; the user names own columns in ``DisclosureSettings.counts``. Every other column of whole
numbers >= 0 is protected as a count of persons too, unless its name or unit says it is something
else (a percentage, mean, density, amount, area, class or code: ``indicators.core.columns.
names_a_non_count``) or the user says so (``DisclosureSettings.not_counts``; a registry count stays a
count). A column nobody named is a count until told otherwise: a small number published by
mistake cannot be taken back, a share left unrounded by mistake costs nothing.

Secondary suppression: method and why it closes differencing
-------------------------------------------------------------
The published levels form a tree per column: each shown parent (a gemeente row, a wijk row)
equals the sum of its shown children (wijken, buurten; with no wijk level shown, a gemeente's
buurten). An attacker knows every published cell to within half a rounding base (CBS rounds to
the nearest multiple, so a published 50 stands for 45 to 55 with base 10), knows those identities,
and knows that counts are >= 0. For a suppressed cell ``x`` the attacker's best bounds are the
minimum and maximum of ``x`` by linear programming over those constraints
(``tests/indicators/privacy/test_disclosure_attack.py`` does exactly that). We require that interval to be
at least one rounding base wide: a withheld cell is never known better than a published one.

On a tree this interval is computed exactly, without a solver (``_measure``). Each cell may move
within its box: a published cell within its rounding interval, an unknown one from zero up. A
cell moves up by t when its children together move up by t (each within its own box and its own
children's room) and, above it, its siblings move down or its parent moves up (which the parent's
own parent and siblings must allow): independent parts of the tree, so the room of alternatives
adds up and the smallest room of what must move together counts. The interval is ``[x - down,
x + up]``. While a secret cell's interval is narrower than its base, ``protect`` suppresses more
(taken top-down, gemeente first): the smallest shown child where its children hold it, else the
smallest shown sibling whose value covers the shortfall (else the largest), else the parent.
Suppressing only widens boxes, so every fix stays fixed and the loop ends. A parent with a single
child publishes that child, so both are secret or neither. Cells that arrive secret have an
unknown value and give no room downwards (taken as 0); missing cells are unknown to the attacker
but need no protection.

The rounding does most of the work: a small cell beside a published total and published siblings
is known only to within the rounding of all of them, which is wider than one base, so far fewer
cells are withheld than a rule that took published figures as exact (on the demo 15 secondary
cells instead of 68, all in the sums below; none on the bijstand map). The attacker is *not*
assumed to know that a primary cell is below the threshold: the "geheim (< 10)" label says so for
the cell as displayed, but the requirement holds without that knowledge, and the LP test checks
it that way.

Sums across columns: the columns of a registry sum are counts of the same district that add up,
so a part is the total minus the other parts. Chains of sums and trees can pin a cell that each
relation alone leaves wide, so these columns are protected as if the attacker knew the published
cells exactly: in their trees published cells give no room, and wherever a district's only
unknown cell in such a sum is secret, ``protect`` suppresses the smallest published part too, then
closes the hierarchy of that column again, and repeats until nothing changes (a missing total, one
not published, gives nothing away). A figure that stands in two columns (a boundary file with its
own KWB figures, joined to the KWB table) is a term of the sum in either, so the sum is closed for
every choice of columns. Against the published,
rounded figures, which is what a user sees, the LP attack test finds every interval at least a
rounding base wide, on the demo data, the hand-made tables and hundreds of random ones.

Shares that CBS or the municipality publishes beside a count (registry ``follows``: the share of
persons aged 0-14 beside their number, the youth care percentage beside its count) are withheld
wherever their count is, because share times base gives the count back. Where the count is not in
the table, the share is published as delivered and a note says it was not checked.

Every level that is shown or exported anywhere must go through the *same* ``protect`` call:
protecting buurten and wijken in two calls would leave the differences between them open.
A level left out of the call is treated as not published.

Examples
--------
>>> tables, report = protect({"wijk": wijken, "buurt": buurten}, DisclosureSettings(min_count=15))
>>> report.note("nl")
'Onthullingscontrole: minimaal 15 per cel, afgerond op 5/10; 14 cellen primair en 6 secundair onderdrukt.'
>>> secret_label(rule_for("aantal_inwoners", DisclosureSettings()), "en")
'secret (< 10)'
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.core.codes import GRID, LEVELS, normalise_codes, parent_code
from indicators.core.columns import names_a_non_count, stem
from indicators.core.formatting import format_number
from indicators.core.registry import DEFAULT_MIN_COUNT, find_indicator, load_registry, load_sums
from indicators.core.table import Table
from indicators.core.values import MISSING, SECRET, STATUS_DTYPE, to_floats
from indicators.core.words import t

DEFAULT_ROUNDING = 5
"""Rounding base of a count of persons named in ``DisclosureSettings.counts`` (own data)."""
THRESHOLD_RANGE = (1, 1000)
"""The thresholds (minimum count per cell) a user may choose in the app or a link."""

@dataclass(frozen=True)
class DisclosureSettings:
    """What the user chose: a threshold and which columns of own data are counts of persons.

    Frozen and hashable, so it can key ``st.cache_data``.

    Attributes
    ----------
    min_count : int or None
        Minimum count per cell for every count of persons; None takes each column's registry
        value (10). Counts that are not of persons (registry ``min_count = 0``, business
        locations) keep their own. A value below ``DEFAULT_MIN_COUNT`` is allowed but lowered:
        ``warning`` then gives the text the app and the CLI must show.
    counts : tuple of str or None
        Columns of own data that are counts of persons (any spelling: compared as the registry
        does, by ``stem``); rounded to ``DEFAULT_ROUNDING``.
    not_counts : tuple of str or None
        Columns the user says are no counts of persons. Only the assumption gives way to it: a
        column of whole numbers that nothing else names is protected as a count (fails closed);
        the registry's counts stay counts.
    ratios : tuple of (column, numerator, denominators, per)
        Rates or shares of own data: ``column = numerator / sum(denominators) * per``; they are
        suppressed with their inputs and recomputed from the published inputs.
    """

    min_count: int | None = None
    counts: tuple[str, ...] | None = None
    ratios: tuple[tuple[str, str, tuple[str, ...], float], ...] = ()
    not_counts: tuple[str, ...] | None = None

    def __post_init__(self):
        """Check the threshold and turn lists into tuples, so the settings stay hashable."""
        if self.min_count is not None and (
            isinstance(self.min_count, bool) or not isinstance(self.min_count, (int, np.integer)) or self.min_count < 0
        ):
            raise ValueError(f"'min_count' should be a whole number >= 0 or None, got {self.min_count!r} instead")
        for name in ("counts", "not_counts"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif value is not None:
                object.__setattr__(self, name, tuple(value))
        ratios = []
        for entry in self.ratios:
            try:
                column, numerator, denominators, per = entry
            except (TypeError, ValueError):
                raise ValueError(
                    f"'ratios' entries should be (column, numerator, denominators, per), got {entry!r} instead"
                ) from None
            denominators = (denominators,) if isinstance(denominators, str) else tuple(denominators)
            ratios.append((column, numerator, denominators, float(per)))
        object.__setattr__(self, "ratios", tuple(ratios))

    @property
    def lowered(self) -> bool:
        """True when the user set a threshold below the default of 10."""
        return self.min_count is not None and self.min_count < DEFAULT_MIN_COUNT

    def warning(self, lang: str = "nl") -> str | None:
        """The text to show next to every lowered output, None when the threshold is not lowered."""
        if not self.lowered:
            return None
        return t("disclosure_lowered", lang, n=self.min_count, d=DEFAULT_MIN_COUNT)


@dataclass(frozen=True)
class Rule:
    """How one column is protected.

    Attributes
    ----------
    min_count : int
        Cells below it are secret (counts), or a rate is secret when an input is (rates).
    rounding : int or None
        Counts are published as multiples of it; None for rates and shares (recomputed instead).
    kind : str
        ``count``, or the registry kind of a derived figure (``rate``, ``share``).
    numerator : str or None
        Rates: the registry id or column of the numerator.
    denominators : tuple of tuple of str
        Rates: alternatives in order of preference, each summed (as in the registry).
    per : float or None
        Rates: the multiplier (1000 for "per 1,000"). None for a published share that follows
        its count (registry ``follows``): withheld where ``numerator`` is, never recomputed.
    """

    min_count: int
    rounding: int | None
    kind: str
    numerator: str | None = None
    denominators: tuple[tuple[str, ...], ...] = ()
    per: float | None = None
    assumed: bool = False  # a count by assumption: whole numbers that nothing names as something else


@dataclass(frozen=True)
class DisclosureReport:
    """What ``protect`` applied, for legends, tooltips, source lines and the CLI.

    Attributes
    ----------
    settings : DisclosureSettings
        As passed.
    rules : dict
        Column -> ``Rule`` for every protected column found at any level.
    primary, secondary, already_secret : int
        Cells suppressed because they are below the threshold, cells suppressed to stop
        differencing, and cells that arrived secret; counted over all levels and count columns.
    by_column : dict
        Column -> ``(primary, secondary)``.
    notes : tuple of str
        Anything the reader should know (rates without their inputs in the table).
    withheld : dict
        ``(level, column)`` -> ``(secret cells, cells)`` after protection, for every protected
        column: how much of a map is grey.
    """

    settings: DisclosureSettings
    rules: dict[str, Rule] = field(default_factory=dict)
    primary: int = 0
    secondary: int = 0
    already_secret: int = 0
    by_column: dict[str, tuple[int, int]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    withheld: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    @property
    def thresholds(self) -> dict[str, int]:
        """Column -> minimum count, for "geheim (< N)" in legends and tooltips."""
        return {column: rule.min_count for column, rule in self.rules.items()}

    def warning(self, lang: str = "nl") -> str | None:
        """The lowered-threshold warning, None when the threshold is not lowered."""
        return self.settings.warning(lang)

    def label(self, column: str, lang: str = "nl") -> str:
        """The legend and tooltip text for a secret cell of ``column``: "geheim (< 10)"."""
        return secret_label(self.rules.get(column), lang)

    @property
    def protected(self) -> list[str]:
        """The columns protected as counts of persons, in table order."""
        return [column for column, rule in self.rules.items() if rule.kind == "count" and rule.min_count > 0]

    @property
    def assumed(self) -> list[str]:
        """The columns protected as counts because nothing said otherwise (whole numbers, an unknown name)."""
        return [column for column, rule in self.rules.items() if rule.assumed]

    def protected_note(self, lang: str = "nl", name=None) -> str:
        """Which columns were protected as counts of persons, and which of them by assumption.

        ``name`` gives a column's label for a reader (a page, an export); without it, the column
        names (the command line, where ``--not-counts`` takes them).
        """
        if not self.protected:
            return t("disclosure_protected_none", lang)
        name = name or str
        text = t("disclosure_protected", lang, columns=", ".join(name(c) for c in self.protected))
        if self.assumed:
            text += " " + t("disclosure_assumed", lang, columns=", ".join(name(c) for c in self.assumed))
        return text

    def share_withheld(self, column: str, level: str) -> tuple[int, int]:
        """(secret cells, cells) of ``column`` at ``level``; (0, 0) for a column that is not protected."""
        return self.withheld.get((level, column), (0, 0))

    def note(self, lang: str = "nl", column: str | None = None, level: str | None = None) -> str:
        """One line for source lines and table notes, with the lowered warning where it applies.

        With ``column`` and ``level``, the line is about that map only: its own rule and the share of
        its districts withheld; without, about the whole table.
        """
        if column is not None and level is not None:
            return self._column_note(lang, column, level)
        counts = [rule for rule in self.rules.values() if rule.kind == "count"]
        minimum = min((rule.min_count for rule in counts if rule.min_count > 0), default=DEFAULT_MIN_COUNT)
        bases = "/".join(str(base) for base in sorted({rule.rounding for rule in counts})) or str(DEFAULT_ROUNDING)
        text = t("disclosure_note", lang, n=minimum, r=bases, p=self.primary, s=self.secondary)
        warning = self.warning(lang)
        return f"{text} {warning}." if warning else text

    def plain_note(self, lang: str = "nl", column: str | None = None) -> str:
        """The rule behind a map in plain words, for slides and charts a steering group reads.

        "Aantallen onder 10 zijn geheim; aantallen afgerond op 5", with the lowered-limit warning
        where it applies; how many cells were kept secret stays in ``note`` (the appendix and the
        web map). Empty for a figure that is no count of persons and no rate of one.
        """
        rule = _rule_of_map(self, column) if column is not None else None
        if rule is None and column is None:
            counts = [r for r in self.rules.values() if r.kind == "count" and r.min_count > 0]
            rule = min(counts, key=lambda r: r.min_count) if counts else None
        text = ""
        if rule is not None and rule.min_count > 0:
            text = t("plain_rule", lang, n=rule.min_count, r=rule.rounding or DEFAULT_ROUNDING)
        elif rule is not None and rule.rounding:
            text = t("plain_rounded", lang, r=rule.rounding)
        warning = self.warning(lang)
        if warning:
            text = f"{text}. {warning}" if text else warning
        return text

    def _column_note(self, lang: str, column: str, level: str) -> str:
        """The note under one map: the rule of the column shown and how many of its districts are withheld."""
        rule = _rule_of_map(self, column)
        withheld, cells = self.share_withheld(column, level)
        if rule is None or rule.min_count <= 0 and not withheld:
            text = t("disclosure_note_none", lang)
        else:
            share = format_number(100 * withheld / cells if cells else 0, 0, lang)
            text = t("disclosure_note_column", lang, n=rule.min_count, r=rule.rounding or DEFAULT_ROUNDING,
                     withheld=format_number(withheld, 0, lang), cells=format_number(cells, 0, lang), share=share)
        warning = self.warning(lang)
        return f"{text} {warning}." if warning else text


def _rule_of_map(report: DisclosureReport, column: str) -> Rule | None:
    """The count rule behind a column: its own, or its numerator's for a rate or share."""
    rule = report.rules.get(column)
    if rule is not None and rule.kind != "count" and rule.numerator:
        counts = [c for c, r in report.rules.items() if r.kind == "count"]
        found = _find(counts, rule.numerator, report.settings)
        return report.rules[found] if found else rule
    return rule


def rule_for(column: str, settings: DisclosureSettings = DisclosureSettings(), values=None,
             unit: str = "", kind: str = "") -> Rule | None:
    """The rule that protects ``column``, None when it needs none (areas, means, shares).

    Parameters
    ----------
    column : str
        A column name in any spelling the registry knows, an own-data column named in
        ``settings.counts`` or ``settings.ratios``, or a derived column named by its registry id.
    settings : DisclosureSettings
        The threshold overrides the registry's for counts of persons (registry ``min_count > 0``).
    values : array-like, optional
        The column's true values. A column nothing names (not the registry, not the settings, not
        its name or ``unit``: see ``indicators.core.columns.names_a_non_count``) whose values are whole
        numbers >= 0 is protected as a count of persons: disclosure control fails closed.
    unit : str
        The unit its file gives it, if any.
    kind : str
        What the table's own descriptor says the column is (``indicators.io.descriptor``): a
        ``share``, ``mean`` or ``total`` of an amount is no count of persons, whole numbers or not
        (it was protected where it was made, by ``aggregate``'s rules for shares and amounts).
    """
    for name, numerator, denominators, per in settings.ratios:
        if _same(column, name):
            rule = rule_for(numerator, settings)
            minimum = rule.min_count if rule is not None else _threshold(DEFAULT_MIN_COUNT, settings)
            return Rule(minimum, None, "rate", numerator=numerator, denominators=(denominators,), per=per)
    if settings.counts and any(_same(column, name) for name in settings.counts):
        return Rule(_threshold(DEFAULT_MIN_COUNT, settings), DEFAULT_ROUNDING, "count")
    indicator = find_indicator(column)
    if indicator is None:
        if settings.not_counts and any(_same(column, name) for name in settings.not_counts):
            return None
        if kind in NOT_COUNT_KINDS:
            return None
        if kind in COUNT_KINDS:  # the table's descriptor says so: a count of persons, not by assumption
            return Rule(_threshold(DEFAULT_MIN_COUNT, settings), DEFAULT_ROUNDING, "count")
        if values is not None and _whole_and_unnamed(column, values, unit):
            return Rule(_threshold(DEFAULT_MIN_COUNT, settings), DEFAULT_ROUNDING, "count", assumed=True)
        return None
    if indicator.disclosure is not None:
        minimum = indicator.disclosure.min_count
        return Rule(_threshold(minimum, settings) if minimum > 0 else 0, indicator.disclosure.rounding, "count")
    if indicator.follows:
        count = rule_for(indicator.follows, settings)
        if count is None:
            return None
        return Rule(count.min_count, None, indicator.kind, numerator=indicator.follows)
    if indicator.source == "derived" and indicator.numerator:
        numerator = load_registry()[indicator.numerator]
        if numerator.disclosure is None:
            return None
        minimum = numerator.disclosure.min_count
        return Rule(
            _threshold(minimum, settings) if minimum > 0 else 0,
            None,
            indicator.kind,
            numerator=indicator.numerator,
            denominators=indicator.denominators,
            per=float(indicator.per),
        )
    return None


NOT_COUNT_KINDS = ("share", "mean", "total")
COUNT_KINDS = frozenset({"count", "flag_count"})  # what a descriptor calls counts of persons
"""Kinds of column (from a table's descriptor) that are never counts of persons."""


def _whole_and_unnamed(column: str, values, unit: str) -> bool:
    """True for a column of whole numbers >= 0 whose name and unit say nothing else: a count, until told otherwise."""
    if names_a_non_count(column, unit):
        return False
    numbers = np.asarray(values, dtype=float)
    numbers = numbers[~np.isnan(numbers)]
    return bool(len(numbers)) and bool((numbers >= 0).all()) and bool((numbers % 1 == 0).all())


def secret_label(rule: Rule | None, lang: str = "nl") -> str:
    """Legend and tooltip text for a suppressed cell: "geheim (< 10)" / "secret (< 10)".

    Without a rule (a cell CBS delivered secret in an unprotected column) just "geheim".
    """
    word = t("secret", lang)
    if rule is None or rule.min_count <= 0:
        return word
    return f"{word} (< {rule.min_count})"


def protect(
    levels: dict[str, Table], settings: DisclosureSettings = DisclosureSettings()
) -> tuple[dict[str, Table], DisclosureReport]:
    """Apply disclosure control to the tables of every level that is shown or exported.

    Parameters
    ----------
    levels : dict
        ``'gemeente'``, ``'wijk'``, ``'buurt'`` (any subset) -> ``Table``. Rows are matched across
        levels by their normalised region code (``Table.code_column``, else ``code``); columns by
        name. Pass every level the user can see in one call (see the module docstring).
    settings : DisclosureSettings
        Threshold and own-data columns.

    Returns
    -------
    tables : dict
        New tables (the inputs are not changed), same keys: protected counts rounded, suppressed
        cells <NA> with status ``secret``, rates recomputed from the published counts, and a
        note in ``Table.notes`` saying what was applied.
    report : DisclosureReport
        Thresholds per column (for "geheim (< N)"), counts of suppressed cells, the warning.
    """
    _check_levels(levels)
    order = [level for level in (*LEVELS, GRID) if level in levels]
    data = {level: levels[level].data.copy() for level in order}
    status = {level: levels[level].status.copy() for level in order}
    codes = {level: _codes(levels[level], level) for level in order}

    columns = list(dict.fromkeys(c for level in order for c in levels[level].figures))
    rules = {c: rule for c in columns if (rule := rule_for(c, settings, *_values_unit_kind(levels, order, c)))
             is not None}
    counts = [c for c, rule in rules.items() if rule.kind == "count"]
    rates = [c for c, rule in rules.items() if rule.kind != "count"]

    by_column = _protect_counts({c: rules[c] for c in counts}, order, data, status, codes, settings)
    primary = sum(p for p, _, _ in by_column.values())
    secondary = sum(s for _, s, _ in by_column.values())
    already = sum(a for _, _, a in by_column.values())
    by_column = {column: (p, s) for column, (p, s, _) in by_column.items()}
    notes = []
    for column in rates:
        for level in order:
            if column in status[level]:
                note = _protect_rate(column, rules[column], data[level], status[level], settings)
                if note:
                    notes.append(f"{level}: {note}")

    withheld = {(level, column): (int((status[level][column] == SECRET).sum()), len(status[level]))
                for level in order for column in rules if column in status[level]}
    report = DisclosureReport(
        settings=settings,
        rules=rules,
        primary=primary,
        secondary=secondary,
        already_secret=already,
        by_column=by_column,
        notes=tuple(dict.fromkeys(notes)),
        withheld=withheld,
    )
    tables = {}
    for level in order:
        table = levels[level]
        tables[level] = Table(
            credit=table.credit,
            data=data[level],
            status=status[level],
            columns=dict(table.columns),
            source=table.source,
            code_column=table.code_column,
            name_column=table.name_column,
            notes=[*table.notes, report.note("nl"), *(n for n in report.notes if n.startswith(level))],
        )
    return tables, report


def _values_unit_kind(levels: dict[str, Table], order: list[str], column: str) -> tuple[np.ndarray, str, str]:
    """A column's true values over every level, the unit its file gives it, and what its descriptor says it is."""
    present = [levels[level] for level in order if column in levels[level].status]
    values = np.concatenate([to_floats(table.data[column]) for table in present])
    info = next((table.columns.get(column) for table in present if table.columns.get(column)), None)
    return values, (info.unit if info else ""), (info.kind if info else "")


def suppressed_cells(levels: dict[str, Table], columns=None) -> list[tuple[str, str, str]]:
    """Every secret cell as ``(level, code, column)``, for tests and reports.

    Parameters
    ----------
    levels : dict
        Level -> ``Table``, as ``protect`` returns them.
    columns : iterable of str, optional
        Only these columns; by default every figure column.
    """
    cells = []
    for level in (*LEVELS, GRID):
        if level not in levels:
            continue
        table = levels[level]
        codes = _codes(table, level)
        for column in table.figures if columns is None else [c for c in columns if c in table.status]:
            secret = (table.status[column] == SECRET).to_numpy(dtype=bool)
            cells.extend((level, codes[i], column) for i in np.flatnonzero(secret))
    return cells


def below_threshold(count, minimum: int):
    """Where a count of persons is too small to show: from 1 to below ``minimum``.

    The one threshold rule of the tables from microdata (``aggregate``'s counts, an amount's
    contributors, the rates, the audit of a published table). A count of 0 describes nobody and is
    shown. Works on numbers and on arrays alike.
    """
    count = np.asarray(count, dtype=float)
    return (count > 0) & (count < minimum)


def group_disclosure(count, total, minimum: int):
    """Where a count says something about (almost) every member of its group: fewer than ``minimum`` lack it.

    ``aantal 11, werk 11`` tells that every one of the eleven has work, and ``werk 10`` of 11 that
    all but one do: the flag is known for the whole group. The count (and its share) is withheld
    like a small one. Works on numbers and on arrays alike; ``count`` 0 is never such a case (it
    says nobody has the flag, which describes no one's situation in particular).
    """
    count, total = np.asarray(count, dtype=float), np.asarray(total, dtype=float)
    return (count > 0) & (total - count < minimum)


def round_count(value: float, base: int) -> float:
    """Round to the nearest multiple of ``base``, halves up, as CBS does (15 -> 20 with base 10)."""
    if base <= 1:
        return float(math.floor(value + 0.5))
    return float(math.floor(value / base + 0.5) * base)


def round_counts(values: np.ndarray, base: int) -> np.ndarray:
    """``round_count`` of every value at once (the same floats: floor and product are exact below 2**53)."""
    rounded = np.floor(values + 0.5) if base <= 1 else np.floor(values / base + 0.5) * base
    if np.isinf(rounded).any():
        raise OverflowError("cannot convert float infinity to integer")  # as math.floor does in round_count
    return rounded


# --- private ------------------------------------------------------------------------------------


def _check_levels(levels) -> None:
    if not isinstance(levels, dict) or not levels:
        raise ValueError("'levels' should be a dict such as {'wijk': wijken, 'buurt': buurten}, got nothing to protect")
    unknown = [level for level in levels if level not in (*LEVELS, GRID)]
    if unknown:
        raise ValueError(f"'levels' keys should be among {', '.join((*LEVELS, GRID))}, "
                         f"got {', '.join(map(repr, unknown))}")
    for level, table in levels.items():
        if not isinstance(table, Table):
            raise ValueError(f"levels[{level!r}] should be a Table, got {type(table).__name__} instead")


def _same(column: str, name: str) -> bool:
    return column == name or (bool(stem(name)) and stem(column) == stem(name))


def _threshold(registry_min: int, settings: DisclosureSettings) -> int:
    return registry_min if settings.min_count is None else int(settings.min_count)


def _codes(table: Table, level: str) -> list[str | None]:
    column = table.code_column or ("code" if "code" in table.data.columns else None)
    if column is None:
        return [None] * len(table.data)
    if level == GRID:  # grid cells have their own ids, outside the region-code hierarchy
        return [None if pd.isna(code) else str(code).strip() for code in table.data[column]]
    return normalise_codes(table.data[column], level).tolist()


def _set_column(frame: pd.DataFrame, column: str, values: np.ndarray) -> None:
    """Write ``values`` (NaN for <NA>) back in the column's own kind of dtype."""
    dtype = frame[column].dtype
    missing = np.isnan(values)
    integral = missing | (values == np.round(values))
    if (pd.api.types.is_integer_dtype(dtype) or str(dtype) == "Int64") and integral.all():
        if (np.abs(values[~missing]) < 2**53).all():  # exact as int64: no list of Python numbers needed
            frame[column] = pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)
        else:
            frame[column] = pd.array(np.where(missing, None, values).tolist(), dtype="Int64")
    else:
        frame[column] = pd.Series(values, index=frame.index, dtype="Float64")


def _protect_counts(rules, order, data, status, codes, settings) -> dict[str, tuple[int, int, int]]:
    """Round and suppress every count column, then close the hierarchy and the registry's sums.

    Returns column -> (primary, secondary, already secret) cell counts.
    """
    sums = _sums_present(list(rules), settings)
    in_sums = {column for group in sums for column in group}
    columns = {column: _primary(column, rule, order, data, status, codes, by_rounding=column not in in_sums)
               for column, rule in rules.items()}
    added = {column: [] for column in columns}
    while True:
        for column, found in columns.items():
            added[column] += _suppress_secondary(found.nodes, found.base)
        closed = _close_sums(columns, sums)
        if not closed:
            break
        for column, key in closed:
            added[column].append(key)
    for column, found in columns.items():
        _write_secret(column, added[column], found.rows, order, data, status)
    return {column: (found.primary, len(added[column]), found.already) for column, found in columns.items()}


@dataclass
class _Column:
    """One count column over every level: its cells as a forest, for secondary suppression."""

    nodes: dict
    rows: dict  # (depth, code) -> (level, row position)
    base: int
    primary: int
    already: int


def _primary(column, rule, order, data, status, codes, by_rounding: bool = True) -> _Column:
    """Round and suppress the primary cells of one count column; its cells linked across levels.

    ``by_rounding``: the attacker's view of a published cell is its rounding interval; False takes
    published cells as exact (columns in a registry sum, whose closure assumes exact figures).
    """
    base = max(int(rule.rounding or 1), 1)
    nodes: dict[tuple[int, str], _Node] = {}
    rows = {}
    primary = already = 0
    for depth, level in enumerate(order):
        if column not in status[level]:
            continue
        values = to_floats(data[level][column])
        cell_status = np.array(status[level][column].astype(object), dtype=object)
        published = values.copy()
        new_status = cell_status.copy()
        # secret cells stay secret; cells with a number and a status are rounded, or suppressed
        # below the minimum; the rest (missing, no status, a status without a number) is missing
        secret = cell_status == SECRET
        counted = np.flatnonzero(~secret & (cell_status != MISSING) & ~np.isnan(values)
                                 & np.array([isinstance(state, str) for state in cell_status], dtype=bool))
        rounded = round_counts(values[counted], base)
        below = (values[counted] < rule.min_count) | (rounded < rule.min_count)
        new_status[counted[below]], published[counted[below]] = SECRET, np.nan
        published[counted[~below]] = rounded[~below]
        other = ~secret
        other[counted] = False
        new_status[other], published[other] = MISSING, np.nan
        already += int(secret.sum())
        primary += int(below.sum())
        kinds = {SECRET: "secret", MISSING: "missing"}
        trues = np.where(np.isnan(values), 0.0, values).tolist()
        for i, (code, state) in enumerate(zip(codes[level], new_status.tolist())):
            if code is not None:
                nodes[(depth, code)] = _Node(value=trues[i], state=kinds.get(state, "shown"),
                                             published=float(published[i]) if state not in kinds else 0.0,
                                             slack=base if by_rounding else 0)
                rows[(depth, code)] = (level, i)
        _set_column(data[level], column, published)
        status[level][column] = pd.Categorical(new_status, dtype=STATUS_DTYPE)
    _link(nodes, [level for level in order if column in status[level]], order)
    return _Column(nodes=nodes, rows=rows, base=base, primary=primary, already=already)


def _write_secret(column, keys, rows, order, data, status) -> None:
    """Make the cells ``keys`` of ``column`` secret in the tables."""
    for level in order:
        hit = [rows[key][1] for key in keys if rows[key][0] == level]
        if hit:
            values = to_floats(data[level][column])
            values[hit] = np.nan
            _set_column(data[level], column, values)
            cell_status = np.array(status[level][column].astype(object), dtype=object)
            cell_status[hit] = SECRET
            status[level][column] = pd.Categorical(cell_status, dtype=STATUS_DTYPE)


def _sums_present(columns: list[str], settings) -> list[tuple[str, ...]]:
    """The registry's sums whose total and parts are all among ``columns``: (total, *parts) each.

    A figure can stand in more than one column (a boundary file with its own KWB figures, joined
    to the KWB table: ``mannen`` and ``Mannen``). An attacker may take each term of a sum from
    either, so the sum is closed for every choice of columns, not only the first.
    """
    present = []
    for entry in load_sums():
        found = [_find_all(columns, name) for name in (entry.total, *entry.parts)]
        if all(found):
            present.extend(itertools.product(*found))
    return present


def _close_sums(columns: dict[str, _Column], sums: list[tuple[str, ...]]) -> list[tuple[str, tuple]]:
    """Suppress a second cell wherever a sum's only unknown cell in a district is secret.

    Total minus the published parts (or the sum of the parts) would give that cell back. The part
    suppressed is the smallest published one. Returns the (column, key) pairs suppressed.
    """
    closed = []
    for group in sums:
        nodes = [columns[column].nodes for column in group]
        for key in sorted(set.intersection(*(set(n) for n in nodes))):
            unknown = [n[key].state for n in nodes if n[key].unknown]
            if unknown != ["secret"]:  # a missing cell (a total not published) has nothing to give away
                continue
            # one unknown: a part (so another part is published) or the total (all parts are)
            _, pick = min((n[key].value, i) for i, n in enumerate(nodes) if i > 0 and not n[key].unknown)
            nodes[pick][key].state = "secret"
            closed.append((group[pick], key))
    return closed


@dataclass
class _Node:
    value: float  # the true value; 0 where unknown (arrived secret, missing)
    state: str  # 'shown', 'secret' (must be protected) or 'missing' (unknown, needs no protection)
    published: float = 0.0  # the rounded value shown, for 'shown' cells
    slack: float = 0  # the width of the rounding interval an attacker allows a shown cell (0: taken as exact)
    parent: tuple | None = None
    children: list = field(default_factory=list)

    @property
    def unknown(self) -> bool:
        return self.state != "shown"

    @property
    def own_up(self) -> float:
        """How far the true value could lie above this cell's as the attacker sees it: the rounding, or no limit."""
        return max(0.0, self.published + self.slack / 2 - self.value) if self.state == "shown" else math.inf

    @property
    def own_down(self) -> float:
        """How far below: to the rounding's lower edge for a shown cell, to zero for an unknown one."""
        if self.state == "shown":
            return max(0.0, self.value - max(0.0, self.published - self.slack / 2))
        return self.value


def _link(nodes: dict, present: list[str], order: list[str]) -> None:
    """Parent and children of every node: the nearest shown level above, as in the CBS codes."""
    depths = [order.index(level) for level in present if level in LEVELS]  # grid cells have no parents
    for (depth, code), node in nodes.items():
        above = [d for d in depths if d < depth] if order[depth] in LEVELS else []
        if not above:
            continue
        parent = (above[-1], parent_code(code, order[above[-1]]))
        if parent in nodes:
            node.parent = parent
            nodes[parent].children.append((depth, code))
    for node in nodes.values():
        node.children.sort()


def _suppress_secondary(nodes: dict, base: int) -> list[tuple]:
    """Suppress cells until every secret cell's interval is at least ``base`` wide (see the module docstring)."""
    added = []
    for tree in _trees(nodes):
        while True:
            room = _measure(nodes, tree)
            short = next((k for k in tree if nodes[k].state == "secret"
                          and (room[k].width < base or _only_child_of_shown(nodes, k))), None)
            if short is None:
                break
            key = _fix(nodes, short, max(base - room[short].width, 0.0), room)
            nodes[key].state = "secret"
            added.append(key)
    return added


def _only_child_of_shown(nodes: dict, key: tuple) -> bool:
    """A shown parent with one child publishes that child: both are secret or neither."""
    parent = nodes[key].parent
    return parent is not None and nodes[parent].state == "shown" and len(nodes[parent].children) == 1


def _trees(nodes: dict) -> list[list[tuple]]:
    """The nodes of each tree (one per root), top-down: parents before children, then by code."""
    roots = sorted(k for k, node in nodes.items() if node.parent is None)
    trees = []
    for root in roots:
        members, stack = [], [root]
        while stack:
            key = stack.pop()
            members.append(key)
            stack.extend(nodes[key].children)
        if len(members) > 1 or nodes[root].state == "secret":
            trees.append(sorted(members))
    return trees


@dataclass
class _Room:
    """How far a cell's true value can move, up and down, with everything published staying true."""

    below_up: float  # its children together (no limit without children)
    below_down: float
    above_up: float  # its parent and siblings (no limit without a parent)
    above_down: float
    up: float = 0.0
    down: float = 0.0

    @property
    def width(self) -> float:
        """The width of the attacker's interval for the cell."""
        return self.up + self.down


def _measure(nodes: dict, tree: list[tuple]) -> dict:
    """The room of every node of one tree: subtrees bottom-up, then parents and siblings top-down.

    A node moves up by t when its children together move up by t and, above it, its siblings move
    down or its parent up (which its own parent and siblings must allow): independent parts of
    the tree, so their rooms add where they are alternatives and the smallest counts where all
    must move. Published cells move within their rounding, unknown cells freely (down to zero).
    """
    sub_up, sub_down, room = {}, {}, {}
    for key in reversed(tree):
        node = nodes[key]
        below_up = sum(sub_up[c] for c in node.children) if node.children else math.inf
        below_down = sum(sub_down[c] for c in node.children) if node.children else math.inf
        sub_up[key] = min(node.own_up, below_up)
        sub_down[key] = min(node.own_down, below_down)
        room[key] = _Room(below_up, below_down, math.inf, math.inf)
    for key in tree:
        node = nodes[key]
        if node.parent is not None:
            parent, above = nodes[node.parent], room[node.parent]
            siblings = [s for s in parent.children if s != key]
            room[key].above_up = sum(sub_down[s] for s in siblings) + min(parent.own_up, above.above_up)
            room[key].above_down = sum(sub_up[s] for s in siblings) + min(parent.own_down, above.above_down)
        own = room[key]
        own.up = min(node.own_up, own.below_up, own.above_up)
        own.down = min(node.own_down, own.below_down, own.above_down)
    return room


def _fix(nodes: dict, key: tuple, shortfall: float, room: dict, seen: frozenset = frozenset()) -> tuple:
    """The next cell to suppress so that the secret cell ``key`` gains room.

    Where its children hold it (they cannot move together), the smallest shown child; else the
    smallest shown sibling that covers the shortfall, else the parent.
    """
    node, own = nodes[key], room[key]
    seen = seen | {key}
    held_below = node.children and min(own.below_up, own.below_down) < min(own.above_up, own.above_down)
    shown_children = [c for c in node.children if nodes[c].state == "shown"]
    if held_below and shown_children:
        return _smallest(nodes, shown_children, shortfall)
    if node.parent is not None:
        parent = nodes[node.parent]
        shown = [s for s in parent.children if s != key and nodes[s].state == "shown"]
        if shown:
            return _smallest(nodes, shown, shortfall)
        if parent.state == "shown":
            return node.parent
        if node.parent not in seen:  # the parent is unknown and short itself: make it grow at its own level
            return _fix(nodes, node.parent, shortfall, room, seen)
    if shown_children:
        return _smallest(nodes, shown_children, shortfall)
    stuck = [c for c in node.children if c not in seen]
    if stuck:
        return _fix(nodes, stuck[0], shortfall, room, seen)
    return _smallest(nodes, [k for k, n in nodes.items() if n.state == "shown"], shortfall)


def _smallest(nodes: dict, keys: list[tuple], need: float) -> tuple:
    """The smallest cell whose value covers ``need``; else the largest (more will follow)."""
    ranked = sorted(keys, key=lambda k: (nodes[k].value, k))
    return next((k for k in ranked if nodes[k].value >= need), ranked[-1])


def _protect_rate(column, rule, frame, status, settings) -> str | None:
    """Suppress and recompute one rate of one level from the published counts; a note if impossible."""
    present = list(status.columns)
    numerator = _find(present, rule.numerator, settings)
    if rule.per is None:  # a published share that follows its count: withheld where the count is
        if numerator is None:
            return t("disclosure_unchecked", "nl", column=column, count=rule.numerator)
        old = np.array(status[column].astype(object), dtype=object)
        secret = np.array(status[numerator] == SECRET, dtype=bool)
        status[column] = pd.Categorical(np.where(secret, SECRET, old), dtype=STATUS_DTYPE)
        _set_column(frame, column, np.where(secret, np.nan, to_floats(frame[column])))
        return None
    denominators = None
    for alternative in rule.denominators:
        found = [_find(present, part, settings) for part in alternative]
        if all(found):
            denominators = found
            break
    if numerator is None or denominators is None:
        old = np.array(status[column].astype(object), dtype=object)
        status[column] = pd.Categorical(np.where(old == MISSING, MISSING, SECRET), dtype=STATUS_DTYPE)
        _set_column(frame, column, np.full(len(frame), np.nan))
        return t("disclosure_no_inputs", "nl", column=column)
    top = to_floats(frame[numerator])
    bottom = sum(to_floats(frame[c]) for c in denominators)
    secret = np.array(status[numerator] == SECRET, dtype=bool)
    for c in denominators:
        secret = secret | np.array(status[c] == SECRET, dtype=bool)
    secret |= ~np.isnan(bottom) & (bottom < max(rule.min_count, 1))
    old = np.array(status[column].astype(object), dtype=object)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = top / bottom * rule.per
    new = np.where(secret, SECRET, np.where(~np.isfinite(values) & (old != SECRET), MISSING, old))
    values = np.where(np.isin(new, [SECRET, MISSING]), np.nan, values)
    _set_column(frame, column, values)
    status[column] = pd.Categorical(new, dtype=STATUS_DTYPE)
    return None


def _find_all(present: list[str], name: str) -> list[str]:
    """Every column among ``present`` that is ``name`` (a registry id or a column name), best match first.

    Best: the name itself, then the registry's spellings of it, then columns with the same stem.
    """
    registry = load_registry()
    exact = [name] if name in present else []
    spelled = [c for c in present if name in registry and registry[name].matches(c)]
    stemmed = [c for c in present if _same(c, name)]
    return list(dict.fromkeys(exact + spelled + stemmed))


def _find(present: list[str], name: str, settings: DisclosureSettings) -> str | None:
    """The column among ``present`` that is ``name`` (a registry id or a column name): its best match."""
    return next(iter(_find_all(present, name)), None)
