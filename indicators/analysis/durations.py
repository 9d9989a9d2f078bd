"""How fast, and how durable: time on benefit and time to work per group, from spells.

Question: who leaves the benefit (or finds work) faster, and who stays out? Answer: from spells
(one row per benefit spell: person, start, end or still running, how it ended, groups), per group

- the Kaplan-Meier curve of the share still in, month by month, with a 95% interval;
- the median duration with its interval, and the share out after 6 and 12 months;
- **durable outflow**: of the spells that ended, the share with work and no benefit one month after
  the end (CBS's cohort dashboard counts an outflow as full only then), from a 0/1 column;
- **re-entry**: of the spells that ended at least 12 months before the data end, the share of
  persons with a new spell within 12 months;
- a **log-rank test** of whether the groups' curves differ, and a **Cox model** with a hazard ratio
  per group against the largest (how much faster its members leave, at any moment).

Method
------
Durations are in months (days / 30.4375). A spell without an end is censored at the data end
(``until``, default the last date in the file). With ``event`` (``reden=werk``) only spells that
ended that way count as events; spells that ended otherwise are censored at their end (the
cause-specific view: the curve is the share not yet in work, among those who could still find it
in the benefit). Kaplan-Meier, its Greenwood variance and the median's interval
(Brookmeyer-Crowley) are statsmodels' ``SurvfuncRight``; the pointwise interval of the curve is
on the log-log scale (it stays within 0-1); the log-rank test is ``survdiff``; the Cox model
``PHReg`` (Breslow ties). Shares of durable outflow and re-entry have Wilson intervals
(``indicators.analysis.rates.wilson``).

Disclosure
----------
A group with fewer than ``min_count`` spells or events shows nothing. A curve is shown only at
month ends where each step holds at least ``min_count`` events and at least ``min_count`` were at
risk (``indicators.privacy.curves``); the numbers at risk are rounded to 5. The share out after 6
or 12 months is shown only where the curve shows that month, the median (in whole months, its
interval widened to whole months) only where the curve shown reaches it. Durable outflow and
re-entry follow the rates rule (numerator, denominator and rest at least ``min_count``). Every
coarsening is a note.

Why not lifelines: it requires pandas below 3, which this product runs on; statsmodels has the same
estimators, and the tests check them against the product-limit formula and a partial likelihood
maximised with scipy, written from the definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.core.errors import InputError
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.io.files import read_json, write_json
from indicators.io.microdata import read_columns
from indicators.privacy.curves import publishable_months
from indicators.privacy.disclosure import DEFAULT_ROUNDING, below_threshold, group_disclosure, round_count

MONTH_DAYS = 30.4375
MAX_GROUPS = 40  # more groups than this: an identifier or a number, not a group to compare
CONFIDENCE = 0.95
REENTRY_MONTHS = 12
OUTPUT_FORMATS = (".json",)
OK, SECRET = "ok", "secret"


class DurationsError(InputError):
    """Spells that give no durations; the message says what was wrong and what to do."""

    topic = "durations"


@dataclass
class Share:
    """A share in percent with its 95% interval, or nothing where it may not be shown."""

    status: str
    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None

    def to_dict(self) -> dict:
        """As written to the result file."""
        return {"status": self.status, "value": self.value, "ci_low": self.ci_low, "ci_high": self.ci_high}


@dataclass
class GroupDurations:
    """One group's curve and figures (``by`` empty: everyone)."""

    by: dict[str, str]
    status: str
    spells: int = 0
    events: int = 0
    curve: list[dict] = field(default_factory=list)  # month, still_in (%), ci_low, ci_high, at_risk (rounded)
    median: Share = field(default_factory=lambda: Share(SECRET))  # in months
    out_6: Share = field(default_factory=lambda: Share(SECRET))
    out_12: Share = field(default_factory=lambda: Share(SECRET))
    durable: Share = field(default_factory=lambda: Share(SECRET))
    reentry: Share = field(default_factory=lambda: Share(SECRET))

    def to_dict(self) -> dict:
        """As ``cli.py durations`` writes it (counts rounded to 5)."""
        return {"by": dict(self.by), "status": self.status, "spells": _rounded(self.spells),
                "events": _rounded(self.events), "median_months": self.median.to_dict(),
                "out_after_6_months": self.out_6.to_dict(), "out_after_12_months": self.out_12.to_dict(),
                "durable_outflow": self.durable.to_dict(), "reentry_12_months": self.reentry.to_dict(),
                "curve": list(self.curve)}


@dataclass
class Durations:
    """Every group's durations, the log-rank test and the Cox model: what may leave the secure environment."""

    event: str
    by: list[str]
    min_count: int
    until: str
    overall: GroupDurations
    groups: list[GroupDurations]
    logrank: dict | None = None
    cox: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""
    synthetic: bool = False

    def to_dict(self) -> dict:
        """The JSON ``python cli.py durations`` writes."""
        out = {"method": "kaplan-meier", "unit": "months", "confidence": CONFIDENCE, "event": self.event,
               "by": list(self.by), "min_count": self.min_count, "until": self.until, "source": self.source,
               "overall": self.overall.to_dict(), "groups": [g.to_dict() for g in self.groups],
               "logrank": self.logrank, "cox": list(self.cox), "notes": list(self.notes)}
        if self.synthetic:
            out["synthetic"] = True
        return out


def spell_durations(source, start: str, end: str, by=(), event: tuple[str, str] | None = None,
                    durable: str | None = None, person: str | None = None, until=None,
                    min_count: int | None = None) -> Durations:
    """Durations per group from benefit spells.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        Spells, one row each (Parquet, CSV, SPSS or Stata), or the rows themselves.
    start, end : str
        Date columns; an empty ``end`` is a spell still running (censored at ``until``).
    by : sequence of str
        Group columns, crossed (an empty cell is the group ``onbekend``).
    event : (column, value), optional
        Only spells that ended with ``column == value`` are events (``("reden", "werk")``: time to
        work); by default every end is one (time on benefit).
    durable : str, optional
        A 0/1 column: work and no benefit one month after the end (for ended spells).
    person : str, optional
        The person's id: a later spell of the same person within 12 months of an end is re-entry.
    until : date, optional
        The data end; default the last start or end in the file.
    min_count : int, optional
        Smallest number shown (default 10).
    """
    threshold = DEFAULT_MIN_COUNT if min_count is None else int(min_count)
    if threshold < 1:
        raise DurationsError(f"--min-count should be at least 1, got {threshold}", "bad_min_count")
    by = list(by)
    columns = [start, end, *by, *(c for c in (event[0] if event else None, durable, person) if c)]
    frame, label = read_columns(source, list(dict.fromkeys(columns)), DurationsError, "the spells")
    begin, finish = _dates(frame[start], start, label), _dates(frame[end], end, label, empty_ok=True)
    last = pd.Timestamp(until) if until is not None else max(begin.max(), finish.max())
    if (finish < begin).any():
        row = int(np.flatnonzero((finish < begin).to_numpy())[0]) + 2
        raise DurationsError(f"{label}: row {row} ends before it starts; check {start!r} and {end!r}", "backwards",
                             row=row)
    ended = finish.notna().to_numpy() & (finish <= last).to_numpy()
    stop = finish.where(ended, last)
    months = ((stop - begin).dt.days.to_numpy(dtype=float)) / MONTH_DAYS
    if event is not None:
        hit = frame[event[0]].astype("string").str.strip().str.lower() == str(event[1]).strip().lower()
        is_event = ended & hit.fillna(False).to_numpy(dtype=bool)
    else:
        is_event = ended
    groups = frame[by].astype("string").fillna("onbekend") if by else pd.DataFrame(index=frame.index)
    if by and len(groups.drop_duplicates()) > MAX_GROUPS:
        raise DurationsError(f"--by {', '.join(by)} makes {len(groups.drop_duplicates()):,} groups, more than "
                             f"{MAX_GROUPS}: an identifier or a number is no group; choose columns of a few classes",
                             "too_many_groups", count=len(groups.drop_duplicates()))
    if durable is not None:
        flag = frame[durable].astype("string").str.strip().str.lower()
        bad = ~flag.isin(["0", "1", "true", "false", "0.0", "1.0"]) & flag.notna()
        if bad.any():
            raise DurationsError(f"--durable {durable}: should be 0/1 (work and no benefit a month after the end), but "
                                 f"holds {str(frame[durable][bad].iloc[0])!r}; recode it to 0/1", "bad_durable",
                                 column=durable)
        frame[durable] = flag.map({"1": 1, "true": 1, "1.0": 1, "0": 0, "false": 0, "0.0": 0})
    notes = []
    overall = _group({}, months, is_event, ended, frame, finish, last, durable, person, begin, threshold, notes)
    out = []
    if by:
        for key, rows in groups.groupby(by if len(by) > 1 else by[0], sort=True).groups.items():
            key = key if isinstance(key, tuple) else (key,)
            inside = frame.index.isin(rows)
            out.append(_group(dict(zip(by, map(str, key))), months[inside], is_event[inside], ended[inside],
                              frame[inside], finish[inside], last, durable, person, begin[inside], threshold, notes,
                              everyone=(frame, begin, finish)))
    shown = [g for g in out if g.status == OK]
    logrank, cox = None, []
    if len(shown) >= 2:
        keep = groups.apply(tuple, axis=1).isin([tuple(g.by[c] for c in by) for g in shown]).to_numpy()
        logrank = _logrank(months[keep], is_event[keep], groups[keep].apply(tuple, axis=1).to_numpy())
        cox = _cox(months[keep], is_event[keep], groups[keep].agg(" / ".join, axis=1).to_numpy())
    return Durations(event=f"{event[0]}={event[1]}" if event else "end", by=by, min_count=threshold,
                     until=f"{last:%Y-%m-%d}", overall=overall, groups=out, logrank=logrank, cox=cox, notes=notes,
                     source=label)


def _group(by, months, is_event, ended, frame, finish, last, durable, person, begin, threshold, notes,
           everyone=None) -> GroupDurations:
    """One group's curve, median, shares, durable outflow and re-entry, with the disclosure rules applied."""
    spells, events = len(months), int(is_event.sum())
    name = ", ".join(f"{k}={v}" for k, v in by.items()) or "everyone"
    if below_threshold(spells, threshold) or below_threshold(events, threshold):
        notes.append(f"{name}: not shown (fewer than {threshold} spells or events)")
        return GroupDurations(by=by, status=SECRET, spells=spells, events=events)
    curve, kept, fitted = _curve(months, is_event, threshold)
    result = GroupDurations(by=by, status=OK, spells=spells, events=events, curve=curve)
    if kept and kept[-1] < int(np.ceil(months.max())):
        notes.append(f"{name}: curve shown up to month {kept[-1]} (after that fewer than {threshold} events per "
                     f"step or at risk)")
    result.median = _median(fitted, kept)
    result.out_6, result.out_12 = (_out_after(curve, month) for month in (6, 12))
    if durable is not None:
        flag = pd.to_numeric(frame[durable], errors="coerce").to_numpy(dtype=float)
        result.durable = _share(float(np.nansum(flag[ended] == 1)), float(np.isfinite(flag[ended]).sum()), threshold)
    if person is not None:
        result.reentry = _reentry(frame, finish, begin, last, person, threshold, everyone)
    return result


def _curve(months, is_event, threshold) -> tuple[list[dict], list[int], object]:
    """The Kaplan-Meier curve at the month ends the disclosure rule allows, with log-log 95% intervals."""
    import statsmodels.api as sm
    from scipy.stats import norm

    fitted = sm.SurvfuncRight(months, is_event.astype(int))
    horizon = int(np.ceil(months.max()))
    month_ends = np.arange(1, horizon + 1)
    events = np.array([int(((months > m - 1) & (months <= m) & is_event).sum()) for m in month_ends])
    at_risk = np.array([int((months > m - 1).sum()) for m in month_ends])
    kept = publishable_months(events, at_risk, threshold)
    z = norm.ppf(0.5 + CONFIDENCE / 2)
    curve = [{"month": 0, "still_in": 100.0, "ci_low": 100.0, "ci_high": 100.0, "at_risk": _rounded(len(months))}]
    for month in kept:
        survival, error = _at(fitted, month)
        low, high = _loglog(survival, error, z)
        curve.append({"month": month, "still_in": 100 * survival, "ci_low": 100 * low, "ci_high": 100 * high,
                      "at_risk": _rounded(int((months > month).sum()))})
    return curve, kept, fitted


def _at(fitted, time: float) -> tuple[float, float]:
    """The curve and its Greenwood standard error at ``time`` (the last step at or before it)."""
    steps = np.searchsorted(fitted.surv_times, time, side="right") - 1
    if steps < 0:
        return 1.0, 0.0
    return float(fitted.surv_prob[steps]), float(np.nan_to_num(fitted.surv_prob_se[steps]))


def _loglog(survival: float, error: float, z: float) -> tuple[float, float]:
    """The pointwise interval of a survival probability on the log-log scale (within 0-1)."""
    if survival <= 0 or survival >= 1 or error == 0:
        return survival, survival
    scale = error / (survival * abs(np.log(survival)))
    centre = np.log(-np.log(survival))
    return float(np.exp(-np.exp(centre + z * scale))), float(np.exp(-np.exp(centre - z * scale)))


def _median(fitted, kept: list[int]) -> Share:
    """The median duration in months with its interval, where the curve shown reaches half."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        median = fitted.quantile(0.5)
        low, high = fitted.quantile_ci(0.5)
    if median is None or not np.isfinite(median) or not kept or median > kept[-1] or high is None \
            or not np.isfinite(high):
        return Share(SECRET)
    # whole months: the exact median is one person's duration, finer than any point of the curve shown
    return Share(OK, float(np.round(median)), float(np.floor(low)), float(np.ceil(high)))


def _out_after(curve: list[dict], month: int) -> Share:
    """The share out after ``month`` months (100 minus the share still in), where the curve shows that month."""
    point = next((p for p in curve if p["month"] == month), None)
    if point is None:
        return Share(SECRET)
    return Share(OK, 100 - point["still_in"], 100 - point["ci_high"], 100 - point["ci_low"])


def _share(numerator: float, denominator: float, threshold: int) -> Share:
    """A share with its Wilson interval under the rates rule: numerator, denominator and rest at least the threshold."""
    from indicators.analysis.rates import wilson

    if denominator < threshold or below_threshold(numerator, threshold) or group_disclosure(numerator, denominator,
                                                                                            threshold):
        return Share(SECRET)
    value, low, high = wilson(numerator, denominator)
    return Share(OK, value, low, high)


def _reentry(frame, finish, begin, last, person, threshold, everyone) -> Share:
    """Of the spells ended 12 months or more before the data end, the share whose person starts another within 12."""
    all_frame, all_begin, _ = everyone or (frame, begin, finish)
    horizon = pd.DateOffset(months=REENTRY_MONTHS)
    followed = finish.notna() & (finish + horizon <= last)
    starts = pd.DataFrame({"person": all_frame[person].astype("string"), "start": all_begin})
    ends = pd.DataFrame({"person": frame[person].astype("string"), "end": finish})[followed.to_numpy()]
    if ends.empty:
        return Share(SECRET)
    pairs = ends.reset_index().merge(starts, on="person")
    again = pairs[(pairs["start"] > pairs["end"]) & (pairs["start"] <= pairs["end"] + horizon)]
    return _share(float(again["index"].nunique()), float(len(ends)), threshold)


def _logrank(months, is_event, groups) -> dict:
    """Whether the groups' curves differ: statsmodels' log-rank test."""
    from statsmodels.duration.survfunc import survdiff

    codes = pd.factorize(groups)[0]
    chisq, p = survdiff(months, is_event.astype(int), codes)
    return {"chisq": float(chisq), "df": int(codes.max()), "p_value": float(p)}


def _cox(months, is_event, groups) -> list[dict]:
    """Hazard ratios of each group against the largest (Cox, Breslow ties): how much faster its members leave."""
    import statsmodels.api as sm

    sizes = pd.Series(groups).value_counts()
    reference = max(sorted(sizes.index), key=lambda g: sizes[g])
    others = [g for g in sorted(sizes.index) if g != reference]
    design = np.column_stack([(groups == g).astype(float) for g in others])
    fitted = sm.PHReg(months, design, status=is_event.astype(int), ties="breslow").fit(disp=0)
    intervals = np.exp(fitted.conf_int(alpha=1 - CONFIDENCE))
    rows = [{"group": reference, "status": "reference", "hazard_ratio": 1.0}]
    for number, group in enumerate(others):
        rows.append({"group": group, "status": OK, "hazard_ratio": float(np.exp(fitted.params[number])),
                     "ci_low": float(intervals[number][0]), "ci_high": float(intervals[number][1]),
                     "p_value": float(fitted.pvalues[number])})
    return rows


def _dates(values: pd.Series, column: str, label: str, empty_ok: bool = False) -> pd.Series:
    """Dates written 2024-07-05 or 5-7-2024; an empty cell only where ``empty_ok`` (a spell still running)."""
    text = values.astype("string").str.strip().replace("", pd.NA).str.replace(r"[T ]00:00(:00)?$", "", regex=True)
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").fillna(
        pd.to_datetime(text, format="%d-%m-%Y", errors="coerce"))
    bad = parsed.isna() & (text.notna() | (not empty_ok))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        shown = "an empty cell" if pd.isna(values.iloc[row - 2]) or not str(values.iloc[row - 2]).strip() \
            else repr(str(values.iloc[row - 2]))
        raise DurationsError(f"{label}: row {row} has {shown} in {column!r}, not a date; write dates as 2024-07-05 "
                             "or 5-7-2024", "date", row=row, column=column)
    return parsed.astype("datetime64[ns]")


def _rounded(count: int) -> int:
    return int(round_count(count, DEFAULT_ROUNDING))


def write_durations(result: Durations, path):
    """Write the checked result as JSON, all-or-nothing."""
    return write_json(result.to_dict(), path, OUTPUT_FORMATS)


def read_durations(path) -> dict:
    """A result file written by ``write_durations``, checked for the keys the page reads."""
    from pathlib import Path

    return parse_durations(read_json(Path(path), Path(path).name, DurationsError), Path(path).name)


def parse_durations(text, name: str = "the result") -> dict:
    """A durations result from its JSON (text, or as read); DurationsError where ``cli.py durations`` wrote none."""
    document = text if isinstance(text, (dict, list)) else read_json(text, name, DurationsError)

    def group_valid(group) -> bool:
        return isinstance(group, dict) and isinstance(group.get("by"), dict) and group.get("status") in (OK, SECRET) \
            and isinstance(group.get("curve"), list) and all(
                isinstance(p, dict) and all(isinstance(p.get(k), (int, float)) for k in ("month", "still_in"))
                for p in group["curve"]) and all(isinstance(group.get(k), dict) for k in (
                    "median_months", "out_after_6_months", "out_after_12_months", "durable_outflow",
                    "reentry_12_months"))

    valid = isinstance(document, dict) and document.get("method") == "kaplan-meier" and group_valid(
        document.get("overall")) and isinstance(document.get("groups"), list) and all(
        group_valid(g) for g in document["groups"]) and isinstance(document.get("cox", []), list)
    if not valid:
        raise DurationsError(f"{name} is not a durations result written by python cli.py durations", "bad_result")
    return document


def durations_sentences(document: dict, lang: str = "nl", labels: dict | None = None) -> list[str]:
    """The durations in plain words, one sentence per group, then the clear Cox differences.

    Per group how fast half are out, the share out after a year, how durably, and who comes back:
    "Jongeren tot 27 jaar: de helft is na 16 maanden uit de uitkering (95%-interval 14 tot 18
    maanden). Na 12 maanden 44% (40–48%)." Then how much faster one group leaves than another
    (Cox), where the interval excludes 1.
    """
    from indicators.analysis.rates import group_words
    from indicators.core.formatting import format_number, format_percent, percent_number
    from indicators.core.words import check_lang, t

    check_lang(lang)
    labels = labels or {}
    event = str(document.get("event") or "end")
    out_words = t("tg_dur_out_end", lang) if event == "end" else t("tg_dur_out_event", lang,
                                                                   value=event.partition("=")[2])
    groups = [g for g in document.get("groups", []) if g.get("status") == OK] or [document["overall"]]
    lines = []
    for group in groups:
        who = group_words(group["by"], lang, labels=labels) if group["by"] else t("group_everyone", lang)
        median, twelve = group["median_months"], group["out_after_12_months"]
        if median.get("status") == OK:
            text = t("tg_dur_median", lang, group=who, months=format_number(median["value"], 0, lang),
                     low=format_number(median["ci_low"], 0, lang), high=format_number(median["ci_high"], 0, lang),
                     out=out_words)
        else:
            shown = [p["month"] for p in group["curve"]]
            text = t("tg_dur_no_median", lang, group=who, months=format_number(max(shown), 0, lang), out=out_words)
        if twelve.get("status") == OK:
            text += " " + t("tg_dur_twelve", lang, share=format_percent(twelve["value"], lang),
                            low=percent_number(twelve["ci_low"], lang), high=percent_number(twelve["ci_high"], lang))
        for key, words in (("durable_outflow", "tg_dur_durable"), ("reentry_12_months", "tg_dur_reentry")):
            share = group[key]
            if share.get("status") == OK:
                text += " " + t(words, lang, share=format_percent(share["value"], lang),
                                low=percent_number(share["ci_low"], lang), high=percent_number(share["ci_high"], lang))
        lines.append(text)
    cox = document.get("cox") or []
    reference = next((row["group"] for row in cox if row.get("status") == "reference"), None)
    column = (document.get("by") or [None])[0]
    for row in cox:
        if row.get("status") != OK or not (row["ci_low"] > 1 or row["ci_high"] < 1) or column is None:
            continue
        first = {column: row["group"]} if len(document["by"]) == 1 else {}
        second = {column: reference} if len(document["by"]) == 1 else {}
        if not first:
            continue
        lines.append(t("tg_dur_faster" if row["hazard_ratio"] > 1 else "tg_dur_slower", lang,
                       group=group_words(first, lang, labels=labels),
                       reference=group_words(second, lang, capital=False, labels=labels),
                       ratio=format_number(row["hazard_ratio"], 1 if row["hazard_ratio"] >= 1 else 2, lang),
                       low=format_number(row["ci_low"], 1 if row["ci_low"] >= 1 else 2, lang),
                       high=format_number(row["ci_high"], 1 if row["ci_high"] >= 1 else 2, lang), out=out_words))
    return lines
