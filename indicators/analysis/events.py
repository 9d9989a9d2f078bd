"""The effect of an event on turnover (or transactions, or visitors) per sector and area.

Question: what did the event do to the shops, horeca and hotels of its area? Answer: the area's
values on the event days against what they would have been without the event.

Method
------
For an event held in area ``A`` on days ``D`` and one sector (or an allowed aggregate of sectors,
see Disclosure below):

1. **Controls.** By default the other areas with a series for the sector, leaving out ``A``, ``A``'s
   neighbours (areas sharing a border, when boundaries are given: an event draws visitors into the
   streets next to it, and a control that gained too would hide part of the effect), and areas that
   hold an event of their own on one of the days ``D``. ``controls`` names them instead. The
   controls enter as one aggregate: ``C(t)``, the sum of their values on day ``t``.
2. **Gap.** ``g(t) = log A(t) - log C(t)``: the area relative to the controls. Anything that moves
   every area by the same factor on a day (a holiday, a heat wave, a rainy Saturday, the season,
   a general trend) cancels in ``g``; that is why the citywide change is not counted as the effect.
3. **Baseline.** For each event day ``d``: the mean gap ``m(d)`` on the same weekday in the
   ``baseline_weeks`` weeks before (``d - 7k``, ``k = 1..N``, default 8), leaving out days on which
   another event is held in ``A`` or a control area, days that are themselves event days, and days
   on which ``A``'s cell may not be used (disclosure). At least ``MIN_BASELINE_DAYS`` must remain.
   Matching weekdays lets the area have its own weekly rhythm (a horeca street busy on Saturdays).
4. **Expected and effect.** Expected ``E(d) = C(d) * exp(m(d))``: what the controls did that day,
   scaled to the area's usual share of them. On the log scale the effect is
   ``tau = sum_d w(d) * (g(d) - m(d))``, the event days' gap above their baseline, weighted by
   ``w(d) = E(d) / sum E`` (a busy day counts more). This is a difference-in-differences: (event
   days minus baseline) in the area minus the same in the controls. In percent it is
   ``exp(tau) - 1``; as an amount (in the unit of ``waarde``, summed over the event days with data)
   ``sum A(d) * (1 - exp(-tau))``: the actual turnover minus the turnover it would have been
   without the event's factor. Percent, amount and their intervals are one transformation of
   ``tau`` and its interval, so they never contradict each other.
5. **Interval (95%)**: a moving-block bootstrap of the gap's day-to-day noise. The noise is the
   gap on all days of the ``N`` weeks before the event (other events' days left out) minus its
   weekday mean (rescaled by ``sqrt(n/(n-1))`` for the mean taken out). Each of ``DRAWS`` draws
   takes one block of as many consecutive noise days as the event has days (the event's own
   noise) and, per baseline week, another such block (the baseline's noise), and forms the error
   ``tau`` would have had; the interval is ``tau`` minus the 97.5% and 2.5% quantiles of those
   errors (a basic bootstrap interval), turned into percent and amounts as above. The draws are
   seeded: the same input gives the same interval.
6. **Verdict.** The effect is *measurable* when the interval does not include 0. Otherwise the
   report says "geen meetbaar effect" / "no measurable effect", with the interval, and never 0.

Why a block bootstrap and not OLS with robust errors: the event is one area on a few days, so its
estimate rests on a handful of observations of a single treated unit. With heteroskedasticity-
(HC), autocorrelation- (HAC) or day-cluster-robust errors, those observations have leverage close
to 1 and residuals close to 0 (for a one-day event exactly 0: it has its own parameter), so the
estimated variance misses exactly the noise that matters and the interval is far too narrow
(Conley & Taber 2011). The noise of the treated area's gap has to be learnt from the days when
there was no event; resampling those days in blocks keeps day-to-day correlation (a wet week) and
the noise's own shape (skew, heavy tails) without assuming normal errors, and the interval stays
honest for a one-day event and for a week-long one alike. Checked by simulation: with independent
daily noise 95-96% of the intervals contain the true effect (one-day and three-day events); on the
demo generator (``geo.demo_events``), whose wijken also drift slowly apart, about 92% across seeds.

Assumptions
-----------
- Without the event the area would have kept its usual relation to the controls: the same
  weekday gap as in the ``N`` weeks before (parallel trends on the log scale, over weeks).
- Citywide shocks are proportional: they change every area's value by the same factor.
- The controls are not affected by the event (hence neighbours are left out when boundaries are
  given); spill-over to other areas is measured separately (``EventStudy.district_effects``).
- The gap's noise on the event days is like that on the days before (no other change at the same
  moment in the area only, such as road works or a shop opening).
- Values are positive: days with a zero or missing value are left out (counted in the notes).

Disclosure
----------
Turnover is business-sensitive (``indicators.privacy.business``): an area x sector x day backed
by fewer than 3 businesses or dominated by one is never shown on its own. An effect reveals the
area's values on the event days, so a sector whose cell fails the rule on an event day is not
reported alone: it is combined with the area's other failing sectors (and, when still failing,
with its smallest passing sector, which is then not reported alone either) and the effect is
computed on that aggregate. Baseline days that fail the rule are left out of the baseline. What was
withheld is listed in ``EventsReport.withheld``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core.codes import level_of, normalise_codes
from indicators.core.errors import InputError
from indicators.core.formatting import format_number, percent_number
from indicators.core.words import STRINGS, check_lang, join_words, t
from indicators.io import limits
from indicators.io.files import check_text, decode, open_input, sniff_csv
from indicators.privacy.business import (
    BUSINESSES,
    LARGEST,
    BusinessRule,
    check_cells,
    merge_plan,
)
from indicators.privacy.withheld import PRIMARY, Withheld

DEFAULT_BASELINE_WEEKS = 8
WEEKS_RANGE = (2, 26)
MIN_BASELINE_DAYS = 3  # per event day: fewer same weekdays before it and its expected value is a guess
MIN_NOISE_DAYS = 14  # days of noise the bootstrap resamples, at least
NOISE_WEEKS = 13  # weeks before the event whose daily noise the bootstrap resamples (at least the baseline's)
PERIODS = ("day", "week", "month", "quarter")
"""How often a series has a value. A day is compared with the same weekday in the weeks before; a week,
month or quarter with the periods just before it (``BASELINE_PERIODS``): seasonal movement that every
area shares is in the controls, so the gap between the area and its controls needs no season of its own."""
PERIOD_DAYS = {"day": (0.5, 1.5), "week": (6, 8), "month": (27, 32), "quarter": (88, 93)}  # median step, days
BASELINE_PERIODS = {"month": 12, "quarter": 8}  # weeks take the baseline weeks asked for; days that many weeks
PLACEBO_SHIFTS = 12  # earlier dates an event is moved to for the placebo in time (weeks for days, else periods)
LONG_EVENT_DAYS = 14  # from this many days (or 2 weeks, months, quarters) a synthetic control checks the estimate
MIN_NOISE_PERIODS = 8  # periods of noise the bootstrap resamples, at least (weeks, months, quarters)
DRAWS = 2000
SEED = 18
LEVEL = 0.95
SUFFIXES = (".csv", ".txt", ".xlsx", ".parquet")
OUTPUT_FORMATS = (".json", ".csv")

# Statuses of an effect.
ESTIMATED = "estimated"
WITHHELD = "withheld"
NOT_ESTIMABLE = "not_estimable"

_EVENT_COLUMNS = {"naam": ("naam", "name", "evenement", "event"),
                  "start": ("start", "begin", "van", "from", "begindatum", "startdatum", "datum_van", "vanaf",
                            "start_date"),
                  "eind": ("eind", "einde", "end", "tot", "to", "tot_en_met", "t/m", "einddatum", "datum_tot",
                           "end_date"),
                  "gebied": ("gebied", "area", "code", "wijk", "buurt", "wijkcode", "buurtcode")}
_SERIES_COLUMNS = {"datum": ("datum", "date", "dag", "day"), "gebied": ("gebied", "area", "code", "wijk", "buurt"),
                   "sector": ("sector", "branche"), "waarde": ("waarde", "value", "omzet", "turnover"),
                   BUSINESSES: (BUSINESSES, "businesses", "aantal_bedrijven"),
                   LARGEST: (LARGEST, "largest", "grootste_bedrijf")}


KINDS = ("turnover", "transactions", "visitors", "rate", "other")
"""What a series measures. The business rule (``indicators.privacy.business``) applies to the first two:
values that come from businesses; counted visitors, a rate or anything else have no businesses behind them."""
BUSINESS_KINDS = ("turnover", "transactions")


class EventsError(InputError):
    """An events table or series that cannot be used; the message says what was wrong and what to do."""

    topic = "events"


# ----------------------------------------------------------------------------------------------- reading


def read_events(source, name: str | None = None) -> pd.DataFrame:
    """Read an events table (CSV, XLSX or Parquet): ``naam``, ``start``, ``eind``, ``gebied``.

    ``gebied`` is a wijk or buurt code in any spelling the product knows (``WK999901``, ``999901``,
    ``2024WK999901``), or several separated by commas (an event in two wijken: one row per area, each
    measured on its own, the others not among its controls); ``eind`` may be empty for a one-day event.
    Returns the rows with ``start`` and ``eind`` as dates and ``gebied`` normalised, in file order.
    """
    frame, label = _read_frame(source, name)
    frame = _rename(frame, _EVENT_COLUMNS, ("naam", "start", "gebied"), label, "events")
    if "eind" not in frame:
        frame["eind"] = frame["start"]
    frame["naam"] = frame["naam"].astype("string").str.strip()
    empty = frame["naam"].isna() | (frame["naam"] == "")
    if empty.any():
        raise EventsError(f"{label}: row {_row(empty)} has no 'naam': give every event a name", "no_name",
                          row=_row(empty))
    frame["start"] = _dates(frame["start"], label, "start")
    frame["eind"] = _dates(frame["eind"].where(frame["eind"].notna(), frame["start"]), label, "eind")
    backwards = frame["eind"] < frame["start"]
    if backwards.any():
        name = frame.loc[backwards, "naam"].iloc[0]
        raise EventsError(f"{label}: event '{name}' ends before it starts: check 'start' and 'eind'", "backwards",
                          name=name)
    frame = frame.assign(gebied=frame["gebied"].astype("string").str.split(r"\s*[,;]\s*")).explode("gebied")
    frame = frame[frame["gebied"].fillna("").str.strip() != ""] if len(frame) else frame
    rows = frame.index.to_numpy()  # the file's rows, kept through the split, for messages
    frame = frame.reset_index(drop=True)
    try:
        frame["gebied"] = _codes(frame["gebied"], label)
    except EventsError as error:
        row = int(rows[error.details["row"] - 2]) + 2
        raise EventsError(f"{label}: row {row} has {error.details['value']!r} in 'gebied', not a wijk or buurt code: "
                          "use codes such as WK191601 or BU19160101", "code", row=row,
                          value=error.details["value"]) from None
    doubled = frame.duplicated(["naam", "start", "gebied"])
    if doubled.any():
        name = frame.loc[doubled, "naam"].iloc[0]
        raise EventsError(f"{label}: event '{name}' is listed twice: remove one row", "duplicate_event", name=name)
    return frame[["naam", "start", "eind", "gebied"]].reset_index(drop=True)


def read_series(source, name: str | None = None) -> pd.DataFrame:
    """Read a daily series (CSV, XLSX or Parquet): ``datum``, ``gebied``, ``sector``, ``waarde``.

    Optional: ``bedrijven`` (businesses behind the value) and ``grootste`` (the largest single
    business's value), for the disclosure rule. Values must be numbers of at least 0; a
    combination of day, area and sector may occur once.
    """
    frame, label = _read_frame(source, name)
    frame = _rename(frame, _SERIES_COLUMNS, ("datum", "gebied", "sector", "waarde"), label, "series")
    frame["datum"] = _dates(frame["datum"], label, "datum")
    frame["gebied"] = _codes(frame["gebied"], label)
    frame["sector"] = frame["sector"].astype("string").str.strip()
    if (frame["sector"].isna() | (frame["sector"] == "")).any():
        row = _row(frame["sector"].isna() | (frame["sector"] == ""))
        raise EventsError(f"{label}: row {row} has no 'sector'", "no_sector", row=row)
    frame["sector"] = frame["sector"].astype(str)
    for column in ("waarde", BUSINESSES, LARGEST):
        if column in frame:
            frame[column] = _numbers(frame[column], label, column)
    negative = frame["waarde"] < 0
    if negative.any():
        raise EventsError(f"{label}: row {_row(negative)} has a negative 'waarde': values must be 0 or more",
                          "negative", row=_row(negative))
    doubled = frame.duplicated(["datum", "gebied", "sector"])
    if doubled.any():
        row = frame[doubled].iloc[0]
        raise EventsError(f"{label}: {row['gebied']}, {row['sector']} on {row['datum']:%Y-%m-%d} occurs twice: "
                          "give one value per day, area and sector", "duplicate", area=row["gebied"],
                          sector=row["sector"], date=f"{row['datum']:%Y-%m-%d}")
    if period_of(frame["datum"], frame[["gebied", "sector"]]) is None:
        step = frame.sort_values("datum").groupby(["gebied", "sector"])["datum"].diff().dt.days.median()
        raise EventsError(f"{label}: the series has one value per {step:g} days, no day, week, month or quarter: "
                          "give one value per day, week, month or quarter, area and sector", "not_daily",
                          days=f"{step:g}")
    if BUSINESSES not in frame:
        frame[BUSINESSES] = np.nan
    columns = ["datum", "gebied", "sector", "waarde", BUSINESSES] + ([LARGEST] if LARGEST in frame else [])
    return frame[columns].sort_values(["sector", "gebied", "datum"]).reset_index(drop=True)


def period_of(dates: pd.Series, keys: pd.DataFrame | None = None) -> str | None:
    """Day, week, month or quarter: the median step between a series' dates (per area and sector).

    None where the step is none of them (every third day, irregular).
    """
    frame = pd.DataFrame({"datum": pd.to_datetime(dates)})
    if keys is not None:
        frame = pd.concat([frame, keys.reset_index(drop=True).set_axis(frame.index)], axis=1)
    groups = list(keys.columns) if keys is not None else []
    ordered = frame.sort_values("datum")
    steps = (ordered.groupby(groups)["datum"].diff() if groups else ordered["datum"].diff()).dt.days.dropna()
    if steps.empty:
        return "day"
    step = float(steps.median())
    return next((name for name, (low, high) in PERIOD_DAYS.items() if low <= step <= high), None)


def _read_frame(source, name: str | None) -> tuple[pd.DataFrame, str]:
    """Cells of a CSV, XLSX or Parquet file, as read, through the one door in (``indicators.io.files``)."""
    source = open_input(source, formats=SUFFIXES, limit=limits.MAX_TABLE_BYTES, name=name, error=EventsError,
                        smaller="keep only the areas and days you need")
    label, suffix = source.label, source.suffix
    data = source.read()
    if not data.strip():
        raise EventsError(f"'{label}' is empty: give a table with a header row and rows", "empty")
    try:
        if suffix == ".xlsx":
            frame = pd.read_excel(io.BytesIO(data), engine="openpyxl", dtype=object)
        elif suffix == ".parquet":
            frame = pd.read_parquet(io.BytesIO(data))
        else:
            check_text(data, label, EventsError)
            dialect = sniff_csv(data)
            frame = pd.read_csv(io.StringIO(decode(data)[0]), sep=dialect.separator, dtype=str, keep_default_na=False,
                                na_values=[""])
    except EventsError:
        raise
    except Exception as error:  # a broken workbook or parquet file can raise anything
        raise EventsError(f"{label} cannot be read as {suffix[1:].upper()}: {' '.join(str(error).split())}",
                          "unreadable") from error
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    if frame.empty:
        raise EventsError(f"{label} has a header but no rows", "empty")
    return frame, label


def _rename(frame: pd.DataFrame, names: dict, required: tuple, label: str, what: str) -> pd.DataFrame:
    found = {}
    for target, aliases in names.items():
        column = next((c for c in frame.columns if re.sub(r"[\s\-]+", "_", c) in aliases), None)
        if column is not None:
            found[column] = target
    missing = [column for column in required if column not in found.values()]
    if missing:
        raise EventsError(f"{label}: the {what} table has no column {', '.join(map(repr, missing))} (found "
                          f"{', '.join(map(repr, frame.columns[:10]))}): name the columns "
                          f"{', '.join(n for n in names if n in required)}", "columns", missing=", ".join(missing),
                          found=", ".join(map(str, frame.columns[:10])),
                          aliases="; ".join(f"{n}: {', '.join(names[n][1:4])}" for n in missing))
    return frame.rename(columns=found)[list(found.values())].copy()


def _row(mask: pd.Series) -> int:
    """The spreadsheet row number of the first True (row 1 is the header)."""
    return int(np.flatnonzero(mask.to_numpy())[0]) + 2


def _dates(values: pd.Series, label: str, column: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.to_datetime(values)
    else:
        text = values.astype("string").str.strip().str.replace(r"[T ]00:00(:00)?$", "", regex=True)
        iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        dutch = pd.to_datetime(text, format="%d-%m-%Y", errors="coerce")
        parsed = iso.fillna(dutch)
    bad = parsed.isna()
    if bad.any():
        raise EventsError(f"{label}: row {_row(bad)} has {values[bad].iloc[0]!r} in '{column}', not a date: write "
                          "dates as 2024-07-05 or 5-7-2024", "date", column=column, row=_row(bad),
                          value=str(values[bad].iloc[0]))
    return parsed.dt.normalize().astype("datetime64[ns]")


def _codes(values: pd.Series, label: str) -> pd.Series:
    codes = normalise_codes(values)
    bad = codes.isna() | ~codes.map(lambda code: level_of(code) in ("wijk", "buurt"))
    if bad.any():
        raise EventsError(f"{label}: row {_row(bad)} has {values[bad].iloc[0]!r} in 'gebied', not a wijk or buurt "
                          "code: use codes such as WK191601 or BU19160101", "code", row=_row(bad),
                          value=str(values[bad].iloc[0]))
    return codes.astype(str)


def _numbers(values: pd.Series, label: str, column: str) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)
    text = values.astype("string").str.strip().str.replace("\u00a0", "").str.replace(" ", "")
    comma = text.str.contains(",", regex=False).fillna(False).any()
    if comma:
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna() & text.notna() & (text != "")
    if bad.any():
        raise EventsError(f"{label}: row {_row(bad)} has {values[bad].iloc[0]!r} in '{column}', not a number",
                          "number", column=column, row=_row(bad), value=str(values[bad].iloc[0]))
    return numbers.astype(float)


# ----------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Effect:
    """The effect of one event on one sector (or an allowed aggregate of sectors) in one area.

    Amounts are in the unit of the series' ``waarde``, summed over the event days used (``days``);
    ``*_pct`` are percentages against the expected values. None where the status is not ``estimated``.
    """

    naam: str
    start: date
    eind: date
    gebied: str
    sectors: tuple[str, ...]
    status: str = ESTIMATED
    effect: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    effect_pct: float | None = None
    ci_low_pct: float | None = None
    ci_high_pct: float | None = None
    days: int = 0
    baseline_days: int = 0
    controls: tuple[str, ...] = ()
    reason: str = ""  # why withheld or not estimable: a key of indicators/core/words.py
    placebo_rank: int | None = None  # 1 + how many control areas, measured as if they held the event, moved as much
    placebo_areas: int = 0  # how many control areas could be measured so
    placebo_time_rank: int | None = None  # 1 + how many earlier dates, measured as if they held it, moved as much
    placebo_times: int = 0  # how many earlier dates could be measured so
    event_days: int = 0  # the event's days (or periods) with a value; ``days`` of them had a baseline
    synthetic_pct: float | None = None  # the second method (synthetic control), for a long event: a check

    @property
    def sector(self) -> str:
        """The sector, or the sectors of an aggregate joined by ' + '."""
        return " + ".join(self.sectors)

    @property
    def measurable(self) -> bool:
        """True when the 95% interval excludes 0."""
        return self.status == ESTIMATED and (self.ci_low_pct > 0 or self.ci_high_pct < 0)

    @property
    def verdict(self) -> str:
        """'higher', 'lower', 'none' (no measurable effect), 'withheld' or 'not_estimable'."""
        if self.status != ESTIMATED:
            return self.status
        if not self.measurable:
            return "none"
        return "higher" if self.effect_pct > 0 else "lower"

    def to_dict(self, lang: str = "nl", names: dict | None = None, measure: str | None = None) -> dict:
        """The effect as the command line writes it (JSON and CSV), with a sentence in plain words."""
        return {
            "naam": self.naam,
            "sector": self.sector,
            "gebied": self.gebied,
            "start": self.start.isoformat(),
            "eind": self.eind.isoformat(),
            "effect": _round(self.effect, 0),
            "ci_low": _round(self.ci_low, 0),
            "ci_high": _round(self.ci_high, 0),
            "effect_pct": _round(self.effect_pct, 1),
            "ci_low_pct": _round(self.ci_low_pct, 1),
            "ci_high_pct": _round(self.ci_high_pct, 1),
            "days": self.days,
            "baseline_days": self.baseline_days,
            "controls": list(self.controls),
            "event_days": self.event_days,
            "synthetic_control_pct": _round(self.synthetic_pct, 1),
            "placebo_rank": self.placebo_rank,
            "placebo_areas": self.placebo_areas,
            "placebo_time_rank": self.placebo_time_rank,
            "placebo_times": self.placebo_times,
            "uitkomst": self.verdict,
            "beschrijving": describe_effect(self, lang, names, measure),
        }


@dataclass
class EventsReport:
    """Every event's effects, what was withheld, and notes on the input."""

    effects: list[Effect]
    withheld: list[Withheld]
    notes: list[str] = field(default_factory=list)  # English, for the command line
    baseline_weeks: int = DEFAULT_BASELINE_WEEKS
    rule: BusinessRule = BusinessRule()
    kind: str = "turnover"
    period: str = "day"

    def measure(self, lang: str = "nl") -> str:
        """What the series measures, as a sentence names it: "de omzet", "het aantal bezoekers"."""
        return t(f"measure_{self.kind}", lang)

    def to_dict(self, lang: str = "nl", names: dict | None = None, measure: str | None = None) -> dict:
        """The JSON the command line writes: effects under ``events``."""
        business = self.kind in BUSINESS_KINDS
        return {
            "events": [effect.to_dict(lang, names, measure or self.measure(lang)) for effect in self.effects],
            "withheld": [item.to_dict() for item in self.withheld],
            "method": {
                "baseline_weeks": self.baseline_weeks,
                "interval": f"{LEVEL:.0%} moving-block bootstrap ({DRAWS} draws, seed {SEED})",
                "kind": self.kind,
                "period": self.period,
                "business_rule": business,
                "min_businesses": self.rule.min_businesses if business else None,
                "dominance": self.rule.dominance if business and self.rule.dominance_checked else None,
            },
            "notes": list(self.notes),
        }


def _round(value, decimals: int):
    if value is None:
        return None
    return int(round(float(value))) if decimals == 0 else round(float(value), decimals)


# ----------------------------------------------------------------------------------------------- study


@dataclass(frozen=True)
class _Estimate:
    tau: float
    low: float
    high: float
    actual: float
    days: int
    baseline_days: int


class EventStudy:
    """Events and a series, ready to measure: every effect, one area's timeline, the effect per district.

    Parameters
    ----------
    events, series : pandas.DataFrame
        As ``read_events`` and ``read_series`` return them.
    baseline_weeks : int
        Weeks before the event whose same weekdays form the baseline (default 8).
    controls : list of str, optional
        Control areas for every event (any code spelling); default: see the module docstring.
    neighbours : dict, optional
        Area code -> codes of the areas sharing a border (``neighbours_of``); left out of the controls.
    rule : BusinessRule
        The disclosure rule; dominance is checked only where the series has ``grootste``.
    seed : int
        Seed of the bootstrap draws.
    """

    def __init__(self, events: pd.DataFrame, series: pd.DataFrame, *, baseline_weeks: int = DEFAULT_BASELINE_WEEKS,
                 controls=None, neighbours: dict | None = None, rule: BusinessRule = BusinessRule(),
                 seed: int = SEED, kind: str = "turnover", period: str | None = None):
        if isinstance(baseline_weeks, bool) or not isinstance(baseline_weeks, (int, np.integer)) \
                or not WEEKS_RANGE[0] <= baseline_weeks <= WEEKS_RANGE[1]:
            raise EventsError(f"the baseline should be {WEEKS_RANGE[0]} to {WEEKS_RANGE[1]} weeks, got "
                              f"{baseline_weeks!r}", "bad_weeks")
        if kind not in KINDS:
            raise EventsError(f"the kind of series should be one of {', '.join(KINDS)}, got {kind!r}", "bad_kind",
                              value=str(kind))
        self.kind = kind
        self.events = events.reset_index(drop=True)
        self.series = series
        self.weeks = int(baseline_weeks)
        self.rule = replace(rule, dominance_checked=rule.dominance_checked and LARGEST in series)
        self.neighbours = {code: set(others) for code, others in (neighbours or {}).items()}
        self.seed = seed
        self.sectors = sorted(series["sector"].unique())
        self.controls = self._given_controls(controls)
        self.period = period or period_of(series["datum"], series[["gebied", "sector"]]) or "day"
        if self.period not in PERIODS:
            raise EventsError(f"the period should be one of {', '.join(PERIODS)}, got {self.period!r}", "bad_period",
                              value=str(self.period))
        self.lag = 7 if self.period == "day" else 1  # a day against the same weekday; a week against the weeks before
        self.baseline = BASELINE_PERIODS.get(self.period, self.weeks)  # how many earlier values form the baseline
        self.grid = pd.DatetimeIndex(sorted(series["datum"].unique())) if self.period != "day" else None
        self.days = [self._periods_of(row.start, row.eind) for row in self.events.itertuples()]
        self._panels: dict[tuple[str, ...], dict[str, pd.DataFrame]] = {}
        self.notes = self._input_notes()

    # -- inputs

    def _periods_of(self, start, end) -> pd.DatetimeIndex:
        """The dates of the series an event from ``start`` to ``end`` falls in: its days, weeks, months or quarters.

        Each date of a weekly, monthly or quarterly series starts its period; a period the event touches counts.
        """
        if self.period == "day":
            return pd.date_range(start, end, freq="D")
        grid = self.grid
        ends = list(grid[1:]) + [grid[-1] + (grid[-1] - grid[-2] if len(grid) > 1 else pd.Timedelta(days=7))]
        return pd.DatetimeIndex([g for g, e in zip(grid, ends) if g <= end and e > start])

    def _given_controls(self, controls) -> tuple[str, ...] | None:
        if controls is None:
            return None
        raw = pd.Series([c for c in controls if str(c).strip()], dtype=object)
        codes = normalise_codes(raw)
        if raw.empty or codes.isna().any():
            bad = raw[codes.isna()].tolist() if not raw.empty else []
            raise EventsError(f"control areas should be wijk or buurt codes separated by commas, got {bad or 'none'}",
                              "bad_controls")
        unknown = sorted(set(codes) - set(self.series["gebied"]))
        if unknown:
            raise EventsError(f"control area {', '.join(unknown)} has no series: choose areas that occur in the "
                              "series' 'gebied' column", "controls_unknown", codes=", ".join(unknown))
        return tuple(dict.fromkeys(codes))

    def _input_notes(self) -> list[str]:
        notes = []
        areas = set(self.series["gebied"])
        lost = sorted(set(self.events["gebied"]) - areas)
        if lost and len(lost) == self.events["gebied"].nunique():
            raise EventsError(f"none of the events' areas ({', '.join(lost[:5])}) occurs in the series: the events "
                              "and the series should use the same wijk or buurt codes", "no_match")
        if lost:
            notes.append(f"no series for the area of {len(lost)} event area(s): {', '.join(lost)}")
        zero = int((self.series["waarde"] <= 0).sum())
        if zero:
            notes.append(f"{zero} day(s) with a value of 0 are left out (the method compares on a log scale)")
        if self.period == "week" and (self.grid.day_of_week != 0).any():
            weekday = pd.Series(self.grid.day_name()).mode().iloc[0]
            notes.append(f"the weekly dates fall on a {weekday}: each is taken as the first day of its week (an event "
                         "is counted in the week that starts on or before it); date weeks by their Monday if they "
                         "end on that day")
        if self.kind not in BUSINESS_KINDS:
            notes.append(f"a series of {self.kind}: the business disclosure rule does not apply (no businesses "
                         "behind the values); every value may be shown")
            return notes
        if self.series[BUSINESSES].isna().all():
            notes.append("the series has no 'bedrijven' column: every cell fails the disclosure rule (fails closed)")
        if not self.rule.dominance_checked:
            notes.append("dominance by one business was not checked: the series has no 'grootste' column")
        return notes

    def panel(self, sectors: tuple[str, ...]) -> dict[str, pd.DataFrame]:
        """Day x area tables of the sectors added up: ``waarde``, ``bedrijven``, ``grootste`` and ``ok`` (rule)."""
        sectors = tuple(sorted(sectors))
        if sectors not in self._panels:
            rows = self.series[self.series["sector"].isin(sectors)]
            values = rows.pivot_table(index="datum", columns="gebied", values="waarde", aggfunc="sum")
            unknown = rows.assign(_unknown=rows[BUSINESSES].isna().astype(float)).pivot_table(
                index="datum", columns="gebied", values="_unknown", aggfunc="max").reindex_like(values)
            businesses = rows.pivot_table(index="datum", columns="gebied", values=BUSINESSES, aggfunc="sum",
                                          dropna=False).reindex_like(values)
            businesses = businesses.mask(unknown > 0)  # an aggregate with an unknown part is unknown (fails closed)
            largest = None
            if LARGEST in rows:
                largest = rows.pivot_table(index="datum", columns="gebied", values=LARGEST, aggfunc="max",
                                           dropna=False).reindex_like(values)
            full = pd.date_range(values.index.min(), values.index.max(), freq="D") if self.period == "day" \
                else self.grid
            values, businesses = values.reindex(full), businesses.reindex(full)
            if self.kind in BUSINESS_KINDS:
                reasons = check_cells(values.to_numpy(), businesses.to_numpy(),
                                      None if largest is None else largest.reindex(full).to_numpy(), self.rule)
            else:  # visitors, a rate: no businesses behind the values, so no business rule
                reasons = np.full(values.shape, "", dtype=object)
            self._panels[sectors] = {
                "waarde": values,
                "bedrijven": businesses,
                "grootste": None if largest is None else largest.reindex(full),
                "reason": pd.DataFrame(reasons, index=values.index, columns=values.columns),
            }
        return self._panels[sectors]

    # -- choices per event

    def sectors_of(self, index: int) -> list[str]:
        """Sectors with a series for the event's area."""
        area = self.events.at[index, "gebied"]
        return sorted(self.series.loc[self.series["gebied"] == area, "sector"].unique())

    def controls_for(self, index: int, sectors: tuple[str, ...], area: str | None = None) -> tuple[str, ...]:
        """The control areas of an event: given ones, else the default (module docstring), without ``area``."""
        event_area = self.events.at[index, "gebied"]
        area = area or event_area
        if self.controls is not None:
            return tuple(c for c in self.controls if c not in (area, event_area))
        present = [c for c in self.panel(sectors)["waarde"].columns]
        away = {event_area, area} | self.neighbours.get(event_area, set())
        days = set(self.days[index])
        busy = {self.events.at[other, "gebied"] for other in range(len(self.events))
                if other != index and days & set(self.days[other])}
        return tuple(c for c in present if c not in away and c not in busy)

    def _excluded_days(self, index: int, areas) -> set:
        """Days of other events held in ``areas``: left out of baselines and noise."""
        areas = set(areas)
        days = set()
        for other in range(len(self.events)):
            if other != index and self.events.at[other, "gebied"] in areas:
                days.update(self.days[other])
        return days

    # -- the estimates

    def effects(self) -> EventsReport:
        """Every event's effect per sector (or allowed aggregate), and what was withheld."""
        effects, withheld = [], []
        for index in range(len(self.events)):
            found, held = self.event_effects(index)
            effects += found
            withheld += held
        return EventsReport(effects, withheld, list(self.notes), self.weeks, self.rule, self.kind, self.period)

    def event_effects(self, index: int) -> tuple[list[Effect], list[Withheld]]:
        """One event's effects per sector, after the disclosure plan (``merge_plan``)."""
        event = self.events.loc[index]
        sectors = self.sectors_of(index)
        if not sectors:
            return [self._empty(index, (sector,), NOT_ESTIMABLE, "events_reason_no_series")
                    for sector in self.sectors], []
        passing, causes, size = {}, {}, {}
        for sector in sectors:
            reasons = self._event_reasons(index, (sector,), event["gebied"])
            failing = reasons[reasons != ""]
            passing[sector] = failing.empty
            causes[sector] = (str(failing.iloc[0]), len(failing)) if not failing.empty else ("", 0)
            size[sector] = float(self.panel((sector,))["waarde"].get(event["gebied"], pd.Series(dtype=float))
                                 .reindex(self.days[index]).sum())
        groups, held = merge_plan(passing, size, lambda group: (self._event_reasons(index, group, event["gebied"])
                                                                 == "").all())
        withheld = [Withheld({"naam": event["naam"], "gebied": event["gebied"], "sector": sector,
                              "dagen": causes[sector][1] if reason == PRIMARY else 0}, reason,
                             causes[sector][0] if reason == PRIMARY else "") for sector, reason in held]
        effects = [self.effect_on(index, group) for group in groups]
        effects += [self._empty(index, (sector,), WITHHELD, f"business_{reason}") for sector, reason in held]
        order = {sector: number for number, sector in enumerate(sectors)}
        effects.sort(key=lambda effect: min(order.get(s, 99) for s in effect.sectors))
        return effects, withheld

    def _event_reasons(self, index: int, sectors: tuple[str, ...], area: str) -> pd.Series:
        """The rule's verdict on ``area``'s cells on the event's days with data ('' where allowed)."""
        panel = self.panel(sectors)
        if area not in panel["waarde"]:
            return pd.Series(dtype=object)
        days = panel["waarde"].index.intersection(self.days[index])
        present = panel["waarde"].loc[days, area].notna()
        return panel["reason"].loc[days, area][present.to_numpy()]

    def _empty(self, index: int, sectors, status: str, reason: str, controls=()) -> Effect:
        event = self.events.loc[index]
        return Effect(event["naam"], event["start"].date(), event["eind"].date(), event["gebied"], tuple(sectors),
                      status=status, reason=reason, controls=tuple(controls))

    def effect_on(self, index: int, sectors: tuple[str, ...], area: str | None = None,
                  check: bool = False) -> Effect:
        """The effect of event ``index`` on ``sectors`` added up in ``area`` (default: the event's own area).

        ``check`` applies the disclosure rule to ``area``'s event days first (the district map does;
        ``event_effects`` has applied it through the merge plan already).
        """
        event = self.events.loc[index]
        area = area or event["gebied"]
        sectors = tuple(sorted(sectors))
        effect = self._empty(index, sectors, ESTIMATED, "")
        effect = replace(effect, gebied=area)
        panel = self.panel(sectors)
        if area not in panel["waarde"]:
            return replace(effect, status=NOT_ESTIMABLE, reason="events_reason_no_series")
        if check and (self._event_reasons(index, sectors, area) != "").any():
            return replace(effect, status=WITHHELD, reason="business_primary")
        controls = self.controls_for(index, sectors, area)
        controls = tuple(c for c in controls if c in panel["waarde"])
        if not controls:
            return replace(effect, status=NOT_ESTIMABLE, reason="events_reason_no_controls")
        values = panel["waarde"]
        treated = values[area]
        control = values[list(controls)].sum(axis=1, min_count=len(controls))
        excluded = self._excluded_days(index, (area, *controls))
        excluded |= set(panel["reason"].index[(panel["reason"][area] != "").to_numpy()])
        try:
            found = estimate_did(treated, control, self.days[index], excluded, self.baseline,
                                 np.random.default_rng(self.seed), lag=self.lag)
        except _NotEstimable as why:
            return replace(effect, status=NOT_ESTIMABLE, reason=str(why), controls=controls)
        ratio = np.exp([found.tau, found.low, found.high])
        rank, areas = self._placebo_rank(index, values, area, controls, found.tau, panel) if not check else (None, 0)
        in_time, times = self._placebo_in_time(index, treated, control, excluded, found.tau) if not check \
            else (None, 0)
        long = len(self.days[index]) >= (LONG_EVENT_DAYS if self.period == "day" else 2)
        second = synthetic_control(treated, values[list(controls)], self.days[index], excluded) \
            if long and not check else None
        return replace(
            effect, controls=controls, days=found.days, baseline_days=found.baseline_days, synthetic_pct=second,
            placebo_time_rank=in_time, placebo_times=times,
            event_days=int(treated.reindex(self.days[index]).gt(0).sum()),
            placebo_rank=rank, placebo_areas=areas,
            effect=found.actual * (1 - 1 / ratio[0]),
            ci_low=found.actual * (1 - 1 / ratio[1]), ci_high=found.actual * (1 - 1 / ratio[2]),
            effect_pct=100 * (ratio[0] - 1), ci_low_pct=100 * (ratio[1] - 1), ci_high_pct=100 * (ratio[2] - 1),
        )

    def _placebo_rank(self, index: int, values: pd.DataFrame, area: str, controls: tuple[str, ...], tau: float,
                      panel: dict) -> tuple[int | None, int]:
        """Placebo in space: each control measured as if it held the event, against the other controls.

        Returns (1 + how many moved at least as much as ``area`` did, how many could be measured); an
        effect that ranks first among ten areas is unlikely to be chance (a permutation p of 1/10).
        """
        moved, measured = 0, 0
        for placebo in controls:
            others = [c for c in controls if c != placebo]
            if not others:
                continue
            excluded = self._excluded_days(index, (placebo, *others))
            excluded |= set(panel["reason"].index[(panel["reason"][placebo] != "").to_numpy()])
            try:
                found = estimate_did(values[placebo], values[others].sum(axis=1, min_count=len(others)),
                                     self.days[index], excluded, self.baseline, np.random.default_rng(self.seed),
                                     draws=0, lag=self.lag)
            except _NotEstimable:
                continue
            measured += 1
            moved += abs(found.tau) >= abs(tau)
        return (1 + moved, measured) if measured else (None, 0)

    def _placebo_in_time(self, index: int, treated: pd.Series, control: pd.Series, excluded: set, tau: float
                         ) -> tuple[int | None, int]:
        """Placebo in time: (1 + how many earlier dates moved at least as much, how many could be measured).

        The same event moved to earlier dates (whole weeks for days, whole periods otherwise) and measured
        as if it had been held then. A real effect stands out against the area's own ups and downs at
        other times; dates that touch another event, or this one, are not used.
        """
        index_dates = treated.index
        days = [day for day in self.days[index] if day in index_dates]
        if not days:
            return None, 0
        positions = index_dates.get_indexer(days)
        blocked = set(excluded) | set(self.days[index])
        moved, measured = 0, 0
        for shift in range(1, PLACEBO_SHIFTS + 1):
            earlier = positions - self.lag * shift
            if earlier.min() < 0:
                break
            dates = index_dates[earlier]
            if any(day in blocked for day in dates):
                continue
            try:
                found = estimate_did(treated, control, dates, blocked, self.baseline,
                                     np.random.default_rng(self.seed), draws=0, lag=self.lag)
            except _NotEstimable:
                continue
            measured += 1
            moved += abs(found.tau) >= abs(tau)
        return (1 + moved, measured) if measured else (None, 0)

    def district_effects(self, index: int, sectors: tuple[str, ...]) -> dict[str, Effect]:
        """The event's effect on every area with a series for ``sectors``: spill-over to the neighbours.

        Each area is measured against the event's own controls (without that area), so a neighbour's
        gain shows as its own effect; an area whose event-day cells fail the disclosure rule is withheld.
        """
        areas = self.panel(sectors)["waarde"].columns
        return {area: self.effect_on(index, sectors, area, check=True) for area in areas}

    def timeline(self, index: int, sectors: tuple[str, ...], after_days: int = 14) -> pd.DataFrame:
        """The area's days around the event: its value, its own baseline and the controls' expectation.

        Columns ``datum``, ``gebied`` (NaN where the cell may not be shown), ``basis`` (mean of the
        same weekday in the baseline weeks before the event), ``verwacht`` (the controls scaled by the
        area's usual weekday share: the value expected without the event; NaN where the controls'
        aggregate fails the disclosure rule), ``evenement`` (bool) and ``afgeschermd`` (bool: a value that
        exists but may not be shown).
        """
        event = self.events.loc[index]
        sectors = tuple(sorted(sectors))
        panel = self.panel(sectors)
        area = event["gebied"]
        days = self.days[index]
        if self.period == "day":
            start = days[0] - pd.Timedelta(days=7 * self.weeks)
            window = pd.date_range(start, days[-1] + pd.Timedelta(days=after_days), freq="D")
            season = window.day_of_week
        else:  # the baseline periods before, the event's, and a few after
            grid = self.grid
            first = grid.get_indexer([days[0]])[0] if len(days) else 0
            last = grid.get_indexer([days[-1]])[0] if len(days) else 0
            window = grid[max(first - self.baseline, 0):last + 1 + max(after_days // 7 if self.period == "week"
                                                                        else 3, 1)]
            season = np.zeros(len(window), dtype=int)
        values = panel["waarde"].reindex(window)
        if area not in values:
            return pd.DataFrame(columns=["datum", "gebied", "basis", "verwacht", "evenement", "afgeschermd"])
        controls = [c for c in self.controls_for(index, sectors) if c in values]
        treated = values[area]
        control = values[controls].sum(axis=1, min_count=max(len(controls), 1))
        allowed = (panel["reason"].reindex(window)[area] == "").to_numpy()
        largest = panel["grootste"]
        controls_shown = check_cells(  # the controls' line is their aggregate: shown only where it passes the rule
            control.to_numpy(), panel["bedrijven"].reindex(window)[controls].sum(axis=1, min_count=len(controls)),
            None if largest is None else largest.reindex(window)[controls].max(axis=1), self.rule) == "" \
            if self.kind in BUSINESS_KINDS else np.ones(len(window), dtype=bool)
        excluded = self._excluded_days(index, (area, *controls)) | set(window[~allowed])
        before = (window < days[0]) & ~window.isin(list(excluded)) & (treated > 0).to_numpy() & \
            (control > 0).to_numpy()
        weekday = np.asarray(season)
        gap = np.log(treated.where(treated > 0)) - np.log(control.where(control > 0))
        gap_mean = pd.Series(gap[before].to_numpy(), index=weekday[before]).groupby(level=0).mean()
        level_mean = pd.Series(treated[before].to_numpy(), index=weekday[before]).groupby(level=0).mean()
        return pd.DataFrame({
            "datum": window,
            "gebied": treated.where(allowed).to_numpy(),
            "basis": level_mean.reindex(weekday).to_numpy(),
            "verwacht": (control * np.exp(gap_mean.reindex(weekday).to_numpy())).where(controls_shown).to_numpy(),
            "evenement": window.isin(days),
            "afgeschermd": treated.notna().to_numpy() & ~allowed,
        })


def synthetic_control(treated: pd.Series, controls: pd.DataFrame, event_days, excluded, before: int = 182
                      ) -> float | None:
    """The effect in percent by a second method: a synthetic control (pysyncon, Abadie's method).

    Each series is divided by its mean before the event (areas differ in size; a synthetic control
    is a weighted average of controls, so it matches shapes, not levels). The weights (non-negative,
    summing to 1) make the controls' average follow the area over the ``before`` periods before the
    event (other events' periods and cells that may not be used left out); the effect is the area's
    mean over the event periods against the synthetic one's. A check beside the difference-in-differences,
    for long events, where the two may part: None where there are too few periods before.
    """
    import warnings

    from pysyncon import Synth

    index = treated.index
    first = index.get_indexer([day for day in event_days if day in index])
    if not len(first):
        return None
    pre = index[max(first.min() - before, 0):first.min()]
    pre = pre[~pre.isin(list(set(excluded)))]
    frame = pd.concat([treated.rename("__area__"), controls], axis=1)
    usable = frame.loc[pre].dropna(axis=1, how="any")
    if "__area__" not in usable or usable.shape[1] < 3 or len(usable) < 8:
        return None
    scale = usable.mean()
    shaped = frame[usable.columns] / scale
    z0, z1 = shaped.loc[pre].drop(columns="__area__"), shaped.loc[pre, "__area__"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = Synth()
        model.fit(X0=z0, X1=z1, Z0=z0, Z1=z1, custom_V=np.ones(len(z0)))
    during = index.intersection(event_days)
    area = shaped.loc[during, "__area__"]
    synthetic = shaped.loc[during, z0.columns].to_numpy() @ np.asarray(model.W)
    keep = area.notna().to_numpy() & np.isfinite(synthetic)
    if not keep.any():
        return None
    return float(100 * (area.to_numpy()[keep].mean() / synthetic[keep].mean() - 1))


class _NotEstimable(Exception):
    """Raised inside ``estimate_did`` with a words key saying why."""


def estimate_did(treated: pd.Series, control: pd.Series, event_days, excluded, weeks: int,
                 rng: np.random.Generator, draws: int = DRAWS, lag: int = 7) -> _Estimate:
    """Difference-in-differences of one area against its control aggregate (module docstring, steps 2-5).

    Parameters
    ----------
    treated, control : pandas.Series
        Values on a complete index of the series' periods (NaN where there is no value): every day, or
        every week, month or quarter.
    event_days : DatetimeIndex
        The event's days (or periods).
    excluded : set of Timestamp
        Periods to leave out of baselines and noise (other events, cells that may not be used).
    weeks : int
        How many earlier values form each baseline: the same weekday in that many weeks before (days), or
        that many periods before (weeks, months, quarters).
    rng : numpy.random.Generator
        Source of the bootstrap draws (none with ``draws=0``: the estimate alone, for a placebo).
    lag : int
        Positions between a value and its baseline values: 7 for days (the same weekday), 1 otherwise.
    """
    index = treated.index
    usable = (treated > 0) & (control > 0)
    gap = pd.Series(np.nan, index=index)
    gap[usable] = np.log(treated[usable]) - np.log(control[usable])
    event_set = set(event_days)
    blocked = set(excluded) | event_set
    ok = (gap.notna() & ~index.isin(list(blocked))).to_numpy()
    position = {day: number for number, day in enumerate(index)}
    values = gap.to_numpy()

    used, baselines = [], []
    for day in event_days:
        if day not in position or np.isnan(values[position[day]]):
            continue
        before = [position[day] - lag * k for k in range(1, weeks + 1)]
        before = [b for b in before if b >= 0 and ok[b]]
        if len(before) >= MIN_BASELINE_DAYS:
            used.append(day)
            baselines.append(before)
    if not used:
        if not any(day in position and not np.isnan(values[position[day]]) for day in event_days):
            raise _NotEstimable("events_reason_no_data")
        raise _NotEstimable("events_reason_few_baseline")
    means = np.array([values[b].mean() for b in baselines])
    expected = control[used].to_numpy() * np.exp(means)
    actual = treated[used].to_numpy()
    weights = expected / expected.sum()
    tau = float(np.sum(weights * (gap[used].to_numpy() - means)))

    first = min(position[day] for day in event_days if day in position)
    pool = np.arange(max(first - lag * max(weeks, NOISE_WEEKS), 0), first)
    pool = pool[ok[pool]]
    noise = pd.Series(values[pool])
    by_season = noise.groupby(pool % lag)  # days: by weekday (consecutive positions); other periods: one group
    counts = by_season.transform("size").to_numpy()
    keep = counts >= 2
    residuals = ((noise - by_season.transform("mean")).to_numpy() * np.sqrt(counts / np.maximum(counts - 1, 1)))[keep]
    length = len(used)
    if len(residuals) < max(MIN_NOISE_DAYS if lag == 7 else MIN_NOISE_PERIODS, 2 * length):
        raise _NotEstimable("events_reason_few_baseline")
    if draws == 0:  # the estimate alone (a placebo), no interval
        return _Estimate(tau, np.nan, np.nan, float(actual.sum()), length, int(sum(len(b) for b in baselines)))
    errors = _bootstrap_errors(residuals, np.array([len(b) for b in baselines]), weights, rng, draws)
    q_low, q_high = np.quantile(errors, [(1 - LEVEL) / 2, 1 - (1 - LEVEL) / 2])
    return _Estimate(tau, tau - q_high, tau - q_low, float(actual.sum()), length,
                     int(sum(len(b) for b in baselines)))


def _bootstrap_errors(residuals: np.ndarray, per_day: np.ndarray, weights: np.ndarray, rng: np.random.Generator,
                      draws: int) -> np.ndarray:
    """Errors of ``tau`` from blocks of consecutive noise days: one block for the event, one per baseline week."""
    length, weeks = len(per_day), int(per_day.max())
    starts = rng.integers(0, len(residuals) - length + 1, size=(draws, 1 + weeks))
    blocks = residuals[starts[:, :, None] + np.arange(length)[None, None, :]]  # draws x (1 + weeks) x days
    present = np.arange(weeks)[:, None] < per_day[None, :]  # weeks x days: which baseline weeks each day has
    baseline = (blocks[:, 1:, :] * present).sum(axis=1) / per_day
    return ((blocks[:, 0, :] - baseline) * weights).sum(axis=1)


# ----------------------------------------------------------------------------------------------- neighbours


def neighbours_of(frame) -> dict[str, set[str]]:
    """Areas sharing a border (queen contiguity: an edge or a corner), from a frame with ``code`` and geometry."""
    import warnings

    from libpysal.weights import Queen

    frame = frame.reset_index(drop=True)
    codes = frame["code"].astype(str).tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands: areas without neighbours simply have none
        weights = Queen.from_dataframe(frame, use_index=False, silence_warnings=True)
    return {codes[i]: {codes[j] for j in weights.neighbors[i]} for i in range(len(codes))}


# ----------------------------------------------------------------------------------------------- words


def sector_words(sectors, lang: str = "nl") -> str:
    """'de horeca', 'de detailhandel en de horeca samen', 'de sector bakkers': sectors as a sentence names them."""
    def one(sector: str) -> str:
        return _known_sector(sector, lang) or t("sector_other", lang, name=sector)

    sectors = list(sectors)
    if len(sectors) == 1:
        return one(sectors[0])
    return t("sector_together", lang, sectors=join_words([one(s) for s in sectors], lang))


def sectors_label(sectors, lang: str = "nl") -> str:
    """Sectors as a table or a choice names them: "Horeca + logies", "Cultuur & recreatie" (as the data spell them)."""
    text = " + ".join(sector_label(sector, lang) for sector in sectors)
    return text[:1].upper() + text[1:]


def sector_label(sector: str, lang: str = "nl") -> str:
    """A sector as a chart's label names it: as the data spells it in Dutch, in words in English ("retail")."""
    if check_lang(lang) == "nl":
        return sector
    return " + ".join(_known_sector(part, lang) or part.strip() for part in sector.split("+"))


def _known_sector(sector: str, lang: str) -> str | None:
    """The words for a sector the app knows (detailhandel, horeca, logies), else None."""
    key = f"sector_{sector.strip().lower()}"
    return t(key, lang) if key in STRINGS else None


def describe_effect(effect: Effect, lang: str = "nl", names: dict | None = None, measure: str | None = None) -> str:
    """One sentence in plain words: "Tijdens Jazz in het Park lag de omzet in de horeca in Centrum 18% (9–27%) ..."."""
    check_lang(lang)
    names = names or {}
    values = {"naam": effect.naam, "gebied": names.get(effect.gebied, effect.gebied),
              "sector": sector_words(effect.sectors, lang), "measure": measure or t("measure_turnover", lang)}
    values["Measure"] = values["measure"][:1].upper() + values["measure"][1:]
    verdict = effect.verdict
    # never a silent truncation: a long event whose later days have no baseline outside it says so first
    first = t("events_part_of_days", lang, days=effect.days, total=effect.event_days) + " " \
        if verdict in ("higher", "lower", "none") and 0 < effect.days < effect.event_days else ""
    last = ""
    if verdict in ("higher", "lower", "none") and effect.synthetic_pct is not None \
            and not effect.ci_low_pct <= effect.synthetic_pct <= effect.ci_high_pct:
        last = " " + t("events_methods_disagree", lang, pct=percent_number(effect.synthetic_pct, lang, sign=True))
    if verdict in ("higher", "lower"):
        low, high = sorted((abs(effect.ci_low_pct), abs(effect.ci_high_pct)))
        return first + t(f"events_{verdict}", lang, pct=percent_number(effect.effect_pct, lang),
                         low=percent_number(low, lang), high=percent_number(high, lang), **values) + last
    if verdict == "none":
        return first + t("events_none", lang, low=percent_number(effect.ci_low_pct, lang, sign=True),
                         high=percent_number(effect.ci_high_pct, lang, sign=True), **values) + last
    if verdict == WITHHELD:
        return t("events_withheld_sentence", lang, reason=t(effect.reason, lang), **values)
    return t("events_not_estimable", lang, reason=t(effect.reason or "events_reason_no_data", lang), **values)


# ----------------------------------------------------------------------------------------------- writing

CSV_COLUMNS = ("naam", "sector", "gebied", "start", "eind", "effect", "ci_low", "ci_high", "effect_pct", "ci_low_pct",
               "ci_high_pct", "days", "baseline_days", "event_days", "controls", "placebo_rank", "placebo_areas",
               "placebo_time_rank", "placebo_times", "synthetic_control_pct", "uitkomst", "beschrijving")
_FIGURES = ("effect", "ci_low", "ci_high", "effect_pct", "ci_low_pct", "ci_high_pct", "synthetic_control_pct")


def write_events_report(report: EventsReport, path, lang: str = "nl", names: dict | None = None) -> Path:
    """Write the report as JSON (effects under ``events``) or CSV (one row per effect), all-or-nothing.

    CSV follows the product's export convention (``indicators.io.export``): ``;``, decimal comma, UTF-8
    with BOM, ``.`` where a figure is withheld, text that a spreadsheet would run as a formula
    neutralised.
    """
    import json

    from indicators.io.export import SECRET_SYMBOL, neutralise
    from indicators.io.files import atomic_output, check_output, write_text

    path = check_output(path, OUTPUT_FORMATS, "events")
    if path.suffix.lower() == ".json":
        text = json.dumps(report.to_dict(lang, names), ensure_ascii=False, indent=2) + "\n"
        return write_text(path, text, OUTPUT_FORMATS)
    rows = []
    for effect in report.effects:
        row = effect.to_dict(lang, names, report.measure(lang))
        row["controls"] = ",".join(row["controls"])
        for column in _FIGURES:
            value = row[column]
            if effect.status == WITHHELD:
                row[column] = SECRET_SYMBOL
            elif value is not None:
                row[column] = format_number(value, 0 if column in ("effect", "ci_low", "ci_high") else 1,
                                            "nl").replace(".", "")
        rows.append({column: neutralise(row[column]) if isinstance(row[column], str) and column not in _FIGURES
                     else row[column] for column in CSV_COLUMNS})
    frame = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    with atomic_output(path) as temporary:
        frame.to_csv(temporary, sep=";", index=False, encoding="utf-8-sig")
    return path
