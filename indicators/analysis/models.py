"""Why, with a model: logistic regression on microdata, with output checking before anything leaves.

Where this runs: inside the secure environment, like ``aggregate`` (CBS Remote Access, the
municipality's own analysis environment). It reads person rows and writes only odds ratios,
their intervals and p-values per category, after the checks below; the rows never leave.

Method, and why
---------------
1. **DuckDB reads only the columns named** from Parquet or CSV (the outcome and the predictors),
   so memory is bounded by those columns, not the file. The outcome is a 0/1 (or true/false)
   flag; predictors are categories (text; an empty cell is the category ``onbekend``).
2. **Output checking per category** (the usual rule for model output from microdata): every
   category of every predictor must hold at least N persons, N with the outcome and N without
   (N = ``min_count``, default 10), so no estimate rests on a handful of people and no
   category's odds ratio gives away that (nearly) all or none of its members have the outcome.
   A category that fails is merged, never silently dropped: failing categories of a predictor
   together become ``overig``; where that is still too small (or only one failed) it joins its
   neighbour (for ordered categories such as age classes, the next class; otherwise the
   smallest category that passes). A predictor left with one category, or none that passes, is
   withheld: left out of the model. Every merge and withholding is a note in the result.
   Categories of an unordered predictor are never merged into another real category (one odds
   ratio for the best and the worst trajectory together would mislead): failing ones are pooled
   as ``overig`` where that passes, else their persons are left out of the model, and the first
   note says so. A column with more than ``MAX_CATEGORIES`` values is no category column: it is
   refused at once, naming ``--numeric`` or ``--classes``.
3. **The model**: ``statsmodels`` logit of the outcome on the predictors as categories, each
   against a reference category (the largest after merging, never ``overig`` or ``onbekend``
   where another exists, so contrasts are most precise and mean something; ``references``
   chooses another). A numeric predictor enters as a number (one odds ratio per unit; persons
   without a value are left out, with a note), or in the classes the user names (``classes``:
   ``18, 27, 45, 67`` gives ``< 18``, ``18-26``, ..., ``67+``). Odds ratios are
   ``exp(coefficient)`` with 95% Wald intervals and p-values; the intercept (the reference
   group's odds) is not published.
4. **For whom** (``interactions``): for two category predictors ``a:b`` the model adds their
   products, so the effect of ``a`` may differ per group of ``b``. Every cell of ``a`` x ``b``
   must pass the output check, else the interaction is withheld with a note. Published are the
   effect of each category of ``a`` against ``a``'s reference *within* each group of ``b``
   (``exp(b_a + b_ab)``, its interval from the covariance of the two coefficients), which is
   what "which trajectory works for young people" asks; the raw product terms are not.
5. **Counts in the result** (persons and outcomes per category) are rounded to 5, as published
   counts of persons are; the result is written all-or-nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core.errors import InputError
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.io.files import read_json, write_json
from indicators.io.microdata import read_columns
from indicators.privacy.disclosure import DEFAULT_ROUNDING, round_count
from indicators.privacy.withheld import FEW, Withheld

CONFIDENCE = 0.95
MAX_CATEGORIES = 40  # more values than this: a number or an identifier, not a category
MAX_STANDARD_ERROR = 10.0  # on the log-odds scale: an interval from e^-20 to e^20 says the data cannot estimate it
OTHER = "overig"
UNKNOWN = "onbekend"
OUTPUT_FORMATS = (".json",)
STATUS_OK, STATUS_REFERENCE = "ok", "reference"
NUMERIC = "numeric"  # a Predictor's kind: one odds ratio per unit


class ModelError(InputError):
    """Microdata or a choice that gives no publishable model; the message says what to do."""

    topic = "model"


@dataclass
class Category:
    """One category of a predictor: its odds ratio against the reference, or the reference itself."""

    name: str
    n: int
    outcomes: int
    status: str = STATUS_OK
    odds_ratio: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    merged: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """As written to the result file (counts rounded to 5)."""
        return {"category": self.name, "status": self.status, "odds_ratio": self.odds_ratio,
                "ci_low": self.ci_low, "ci_high": self.ci_high, "p_value": self.p_value,
                "n": _rounded(self.n), "outcomes": _rounded(self.outcomes), "merged": list(self.merged)}


@dataclass
class Predictor:
    """A predictor in the model: its reference and its categories (reference first)."""

    name: str
    reference: str
    categories: list[Category]
    kind: str = "category"  # or NUMERIC: one "category", the odds ratio per unit

    def to_dict(self) -> dict:
        """As written to the result file."""
        out = {"name": self.name, "reference": self.reference,
               "categories": [category.to_dict() for category in self.categories]}
        if self.kind == NUMERIC:
            out["kind"] = NUMERIC
        return out


@dataclass
class Interaction:
    """The effect of ``first``'s categories against its reference within each group of ``second``."""

    first: str
    second: str
    reference: str  # first's reference
    within: dict[str, list[Category]]  # group of second -> first's categories (reference first)

    def to_dict(self) -> dict:
        """As written to the result file."""
        return {"first": self.first, "second": self.second, "reference": self.reference,
                "within": [{"group": group, "categories": [c.to_dict() for c in categories]}
                           for group, categories in self.within.items()]}


@dataclass
class ModelResult:
    """A checked logistic model: what may leave the secure environment."""

    outcome: str
    n: int
    outcomes: int
    min_count: int
    predictors: list[Predictor]
    withheld: list[Withheld] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""
    synthetic: bool = False
    interactions: list[Interaction] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON ``python cli.py model`` writes."""
        out = {"method": "logit", "confidence": CONFIDENCE, "outcome": self.outcome, "n": _rounded(self.n),
               "outcomes": _rounded(self.outcomes), "min_count": self.min_count, "source": self.source,
               "predictors": [p.to_dict() for p in self.predictors],
               "withheld": [item.what["predictor"] for item in self.withheld], "notes": list(self.notes)}
        if self.interactions:
            out["interactions"] = [item.to_dict() for item in self.interactions]
        if self.synthetic:
            out["synthetic"] = True
        return out


def fit_model(source, outcome: str, predictors, min_count: int | None = None, references: dict | None = None,
              numeric=(), classes: dict | None = None, interactions=(), merges: dict | None = None) -> ModelResult:
    """Fit a checked logistic regression of ``outcome`` on ``predictors``.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        Parquet or CSV microdata (one row per person), or the rows themselves.
    outcome : str
        A 0/1 (true/false) column.
    predictors : sequence of str
        Category columns (and the numeric ones named in ``numeric`` or ``classes``).
    min_count : int, optional
        Smallest number of persons, outcomes and non-outcomes per category (default 10).
    references : dict, optional
        Predictor -> reference category; default the largest category (not ``overig``).
    numeric : sequence of str, or dict
        Predictors that enter as numbers; a dict gives each its step (``{"inkomen": 1000}``: one odds
        ratio per 1,000 more, where one per euro would read as 1,000).
        Predictors that enter as numbers (one odds ratio per unit).
    classes : dict, optional
        Predictor -> class edges (``[18, 27, 45, 67]``): a number cut into ordered classes.
    interactions : sequence of (str, str)
        Pairs of category predictors whose effects may differ per group: ``("traject", "leeftijdsklasse")``
        gives each trajectory's effect within each age class.
    merges : dict, optional
        Predictor -> lists of categories the user says belong together (``{"traject": [["stage",
        "werkstage"]]}``), merged before the check and published as ``stage + werkstage``.

    Raises
    ------
    ModelError
        Missing columns, an outcome that is not 0/1, too few outcomes overall, a column with too many
        values for a category, a reference that is not a category, a model that does not converge.
    """
    threshold = DEFAULT_MIN_COUNT if min_count is None else int(min_count)
    if threshold < 1:
        raise ModelError(f"--min-count should be at least 1, got {threshold}", "bad_min_count")
    predictors = [p.strip() for p in predictors if p and p.strip()]
    steps = dict(numeric) if isinstance(numeric, dict) else {name: 1.0 for name in numeric}
    numeric, classes, references = list(steps), dict(classes or {}), dict(references or {})
    merges = {name: [list(group) for group in groups] for name, groups in (merges or {}).items()}
    interactions = [tuple(pair) for pair in interactions]
    _check_choices(outcome, predictors, numeric, classes, references, interactions)
    for name in merges:
        if name not in predictors or name in numeric:
            raise ModelError(f"--merge {name}=...: {name!r} is not a category predictor; add it to --predictors",
                             "not_a_predictor", column=name)
    frame, label = read_columns(source, [outcome, *predictors], ModelError, "the microdata")
    y = _outcome(frame[outcome], outcome, label)
    notes, withheld = [], []
    numbers = {name: _numbers(frame[name], name, label) / float(steps[name]) for name in numeric}
    keep = np.ones(len(frame), dtype=bool)
    for name, values in numbers.items():
        if np.isnan(values).any():
            notes.append(f"{name}: {int(np.isnan(values).sum()):,} persons without a value left out of the model")
            keep &= ~np.isnan(values)
    values = {}
    for name in predictors:
        if name in numbers:
            continue
        text = frame[name].astype("string").fillna(UNKNOWN).str.strip().replace("", UNKNOWN)
        if name in classes:
            text = _in_classes(_numbers(frame[name], name, label), classes[name])
        elif text.nunique() > MAX_CATEGORIES and pd.to_numeric(text.str.replace(",", ".", regex=False),
                                                                errors="coerce").isna().mean() > 0.5:
            raise ModelError(f"column {name!r} in {label} has {text.nunique():,} different values of text (an "
                             "identifier, a postcode?): it is no category to compare; leave it out of --predictors",
                             "too_many_values", column=name, count=text.nunique())
        elif text.nunique() > MAX_CATEGORIES:
            raise ModelError(f"column {name!r} in {label} has {text.nunique():,} different values, more than a "
                             f"category can have ({MAX_CATEGORIES}); give it as --numeric {name} (one odds ratio per "
                             f"unit) or --classes {name}=EDGES (e.g. 18,27,45,67)", "too_many_values", column=name,
                             count=text.nunique())
        for together in merges.get(name, ()):  # categories the user says belong together, before the check
            missing = [c for c in together if not (text == c).any()]
            if missing:
                raise ModelError(f"--merge {name}={'+'.join(together)}: no category {missing[0]!r} in {name!r}; "
                                 f"choose from {', '.join(sorted(text.unique(), key=natural_order)[:12])}",
                                 "bad_merge", column=name, category=missing[0])
            text = text.where(~text.isin(together), " + ".join(together))
            notes.append(f"{name}: {', '.join(together)} merged as asked (--merge)")
        values[name] = text
    kept, left_out = _checked_categories(values, y, keep, threshold, notes, withheld, outcome)
    if left_out:
        notes.insert(0, left_out)  # what was left out comes first: the reader must know before the odds ratios
    y, numbers = y[keep], {name: v[keep] for name, v in numbers.items()}
    kept = {name: (series[keep].reset_index(drop=True), members) for name, (series, members) in kept.items()}
    n, total = len(y), int(y.sum())
    if min(total, n - total) < threshold:
        raise ModelError(f"{label}: {total} of {n} persons have outcome {outcome!r}; a model needs at least "
                         f"{threshold} with and {threshold} without it", "too_few_outcomes")
    if not kept and not numbers:
        raise ModelError(f"{label}: no predictor has two categories of at least {threshold} persons with and "
                         f"without {outcome}; merge categories or choose other predictors", "nothing_to_fit")
    for name, reference in references.items():
        if name in kept and reference not in kept[name][1]:
            raise ModelError(f"--reference {name}={reference}: no such category (after the output check); choose one "
                             f"of {', '.join(sorted(kept[name][1], key=natural_order))}", "bad_reference", column=name,
                             reference=reference)
    pairs = []
    for first, second in interactions:
        if first not in kept or second not in kept:
            notes.append(f"{first}:{second}: withheld ({first if first not in kept else second} is not in the model)")
            continue
        small = _small_cells(kept[first][0], kept[second][0], y, threshold)
        if small:
            notes.append(f"{first}:{second}: withheld (fewer than {threshold} persons, {threshold} with and "
                         f"{threshold} without {outcome} in {', '.join(small[:3])}{' ...' if len(small) > 3 else ''})")
            withheld.append(Withheld({"predictor": f"{first}:{second}"}, FEW))
            continue
        pairs.append((first, second))
    result, within = _fit(kept, numbers, pairs, y, references)
    for predictor in result:
        if predictor.kind == NUMERIC:
            predictor.categories[0].name = f"per {steps[predictor.name]:g}"
    for item in within:  # a reader of the file must know what the main effects of an interaction's predictors are
        second_reference = next(p.reference for p in result if p.name == item.second)
        notes.append(f"{item.first} and {item.second}: their odds ratios under 'predictors' hold within the "
                     f"reference groups ({item.first} within {item.second}={second_reference}, {item.second} within "
                     f"{item.first}={item.reference}); per group see 'interactions'")
    return ModelResult(outcome=outcome, n=n, outcomes=total, min_count=threshold, predictors=result,
                       withheld=withheld, notes=notes, source=label, interactions=within)


def _check_choices(outcome, predictors, numeric, classes, references, interactions) -> None:
    """Refuse choices that name no model, before any row is read."""
    if not predictors:
        raise ModelError("give at least one predictor column, e.g. --predictors leeftijdsklasse,traject",
                         "no_predictors")
    if len(set(predictors)) != len(predictors) or outcome in predictors:
        raise ModelError("each column may appear once, and the outcome cannot also be a predictor", "duplicate")
    for name in [*numeric, *classes, *references, *(c for pair in interactions for c in pair)]:
        if name not in predictors:
            raise ModelError(f"{name!r} is not one of the predictors; add it to --predictors", "not_a_predictor",
                             column=name)
    both = set(numeric) & set(classes)
    if both:
        raise ModelError(f"{sorted(both)[0]!r} is given as --numeric and as --classes; choose one", "duplicate")
    for first, second in interactions:
        if first == second or first in numeric or second in numeric:
            raise ModelError(f"--interaction {first}:{second}: give two different category predictors",
                             "bad_interaction")
    for name, edges in classes.items():
        if len(edges) < 1 or list(edges) != sorted(set(edges)):
            raise ModelError(f"--classes {name}: give increasing class edges, e.g. 18,27,45,67", "bad_classes",
                             column=name)


def _checked_categories(values: dict, y: np.ndarray, keep: np.ndarray, threshold: int, notes: list, withheld: list,
                        outcome: str) -> tuple[dict, str]:
    """Each category predictor's published categories; ``keep`` loses the persons of categories left out.

    Leaving persons out changes the other predictors' counts, so the check runs again until nothing changes.
    """
    left = {}
    while True:
        kept, changed = {}, False
        for name, series in values.items():
            mapping, merged_notes = check_categories(series[keep], y[keep], threshold)
            if mapping is None or len({g for g in mapping.values() if g is not None}) < 2:
                continue
            out = [m for m, group in mapping.items() if group is None]
            if out:
                left.setdefault(name, set()).update(out)
                keep &= ~series.isin(out).to_numpy()
                changed = True
                break
            members = {}
            for member, group in mapping.items():
                members.setdefault(group, []).append(member)
            kept[name] = (series.map(mapping), members, merged_notes)
        if not changed:
            break
    for name in values:
        if name not in kept:
            withheld.append(Withheld({"predictor": name}, FEW))
            notes.append(f"{name}: withheld (fewer than two categories with at least {threshold} persons, "
                         f"{threshold} with and {threshold} without {outcome})")
        else:
            notes += [f"{name}: {note}" for note in kept[name][2]]
    words = "; ".join(f"{', '.join(sorted(out, key=natural_order))} of {name}" for name, out in left.items())
    sentence = (f"{int((~keep).sum()):,} persons in categories too small to publish and unlike any other ({words}) "
                "are left out of the model") if left else ""
    return {name: (series, members) for name, (series, members, _) in kept.items()}, sentence


def _numbers(column: pd.Series, name: str, label: str) -> np.ndarray:
    """A numeric predictor as floats (NaN where empty); text that is no number is an error naming an example."""
    text = column.astype("string").str.strip().replace("", pd.NA)
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    bad = numbers.isna() & text.notna()
    if bad.any():
        raise ModelError(f"column {name!r} in {label} should hold numbers, but {int(bad.sum()):,} rows hold "
                         f"something else, e.g. {str(text[bad].iloc[0])!r}", "not_numeric", column=name)
    return numbers.to_numpy(dtype=float, na_value=np.nan)


def _in_classes(values: np.ndarray, edges) -> pd.Series:
    """Numbers cut at ``edges`` into ordered classes: ``< 18``, ``18-26``, ..., ``67+`` (whole numbers)."""
    edges = list(edges)
    labels = [f"< {edges[0]:g}"] + [f"{low:g}-{high - 1:g}" if float(high - 1).is_integer() and
                                    float(low).is_integer() else f"{low:g}-{high:g}"
                                    for low, high in zip(edges, edges[1:])] + [f"{edges[-1]:g}+"]
    position = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    out = pd.Series(np.asarray(labels, dtype=object)[np.clip(position, 0, len(labels) - 1)], dtype="string")
    return out.where(~np.isnan(values), UNKNOWN)


def _small_cells(first: pd.Series, second: pd.Series, y: np.ndarray, threshold: int) -> list[str]:
    """The cells of ``first`` x ``second`` with fewer than ``threshold`` persons, outcomes or non-outcomes."""
    cells = pd.DataFrame({"a": first.to_numpy(), "b": second.to_numpy(), "y": y}).groupby(["a", "b"])["y"].agg(
        ["size", "sum"])
    every = pd.MultiIndex.from_product([sorted(first.unique(), key=natural_order),
                                        sorted(second.unique(), key=natural_order)])
    cells = cells.reindex(every, fill_value=0)
    small = cells[(cells["size"] < threshold) | (cells["sum"] < threshold) | (cells["size"] - cells["sum"] < threshold)]
    return [f"{a} x {b}" for a, b in small.index]


def check_categories(values: pd.Series, y: np.ndarray, threshold: int) -> tuple[dict | None, list[str]]:
    """Map each category to the category it is published as, merging those that fail the check.

    Ordered categories (classes of a number) join their nearest neighbour. Unordered ones are pooled
    as ``overig`` where two or more fail and the pool passes; otherwise they map to None: their
    persons are left out, never merged into a category they are unlike. Returns (mapping, notes);
    mapping is None when no category passes.
    """
    values = pd.Series(values).reset_index(drop=True)
    names = sorted(values.unique().tolist(), key=natural_order)
    counts = pd.DataFrame({"v": values.to_numpy(), "y": y}).groupby("v")["y"].agg(["size", "sum"])

    def passes(members) -> bool:
        size, outcomes = counts.loc[members, "size"].sum(), counts.loc[members, "sum"].sum()
        return min(size, outcomes, size - outcomes) >= threshold

    groups = {name: [name] for name in names}
    notes, out = [], []
    failing = [name for name in names if not passes([name])]
    ordered = _is_ordered(names)
    if failing and len(failing) < len(names) and not ordered:
        if len(failing) >= 2 and passes(failing):
            for name in failing:
                groups.pop(name)
            groups[OTHER if OTHER not in groups else f"{OTHER} ({', '.join(failing)})"] = failing
            notes.append(f"{', '.join(failing)} merged into {OTHER!r} (too few persons or outcomes)")
        else:
            out = failing
            for name in failing:
                groups.pop(name)
    while ordered:
        small = [g for g in groups if not passes(groups[g])]
        if not small or len(groups) < 2:
            break
        name = small[0]
        members = groups.pop(name)
        target = _neighbour(name, groups, names)
        merged = groups.pop(target)
        groups[f"{target} + {name}"] = merged + members
        notes.append(f"{name} merged into {target!r} (too few persons or outcomes)")
    if not groups or not all(passes(m) for m in groups.values()):
        return None, notes
    mapping = {member: group for group, members in groups.items() for member in members}
    mapping.update({name: None for name in out})
    return mapping, notes


def _neighbour(name: str, groups: dict, names: list) -> str:
    """Where a failing ordered category goes: the nearest class (the lower one on a tie)."""
    position = {member: min(names.index(m) for m in members) for member, members in groups.items()}
    here = names.index(name)
    return min(groups, key=lambda g: (abs(position[g] - here), position[g]))


def _is_ordered(names: list[str]) -> bool:
    """Categories that are classes of a number (``18-26``, ``< 1 jaar``, ``67+``): they have neighbours."""
    return all(re.search(r"\d", str(name)) for name in names if name not in (UNKNOWN, OTHER))


def natural_order(value: str):
    """A sort key for categories: classes of a number in their order (``18-26`` before ``27-44``), onbekend last."""
    parts = re.split(r"(\d+)", str(value))
    return (str(value) in (UNKNOWN, OTHER), [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p])


def _fit(kept: dict[str, tuple[pd.Series, dict]], numbers: dict[str, np.ndarray], pairs: list[tuple[str, str]],
         y: np.ndarray, references: dict) -> tuple[list[Predictor], list[Interaction]]:
    """The statsmodels logit on treatment-coded categories, numbers and products; odds ratios with Wald intervals."""
    import warnings

    import statsmodels.api as sm

    columns, layout = [], {}
    for name, (values, members) in kept.items():
        sizes = values.value_counts()
        reference = references.get(name)
        if reference is None or reference not in sizes.index:
            plain = [c for c in sizes.index if c not in (OTHER, UNKNOWN)] or list(sizes.index)
            reference = max(sorted(plain, key=natural_order), key=lambda c: sizes[c])
        others = [c for c in sorted(sizes.index, key=natural_order) if c != reference]
        for category in others:
            columns.append(pd.Series((values == category).to_numpy(dtype=float), name=f"{name}={category}"))
        layout[name] = (reference, others, values, members)
    for name, values in numbers.items():
        columns.append(pd.Series(values, name=name))
    for first, second in pairs:
        (_, first_others, first_values, _), (_, second_others, second_values, _) = layout[first], layout[second]
        for a in first_others:
            for b in second_others:
                columns.append(pd.Series(((first_values == a) & (second_values == b)).to_numpy(dtype=float),
                                         name=f"{first}={a}:{second}={b}"))
    design = sm.add_constant(pd.concat(columns, axis=1), has_constant="add")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fitted = sm.Logit(y.astype(float), design).fit(disp=0, maxiter=200)
        except np.linalg.LinAlgError:  # a category that is exactly another predictor's
            raise ModelError("the model cannot tell some categories apart from the other predictors (a category that "
                             "is the same persons as another predictor's); leave one of those predictors out or merge "
                             "its categories", "separated", terms="") from None
        except Exception as error:  # perfect separation
            raise ModelError(f"the model could not be fitted ({' '.join(str(error).split())}); use fewer or coarser "
                             "predictors", "not_fitted") from None
    if not fitted.mle_retvals.get("converged", True):
        raise ModelError("the model did not converge; use fewer or coarser predictors", "not_fitted")
    errors = fitted.bse.drop("const", errors="ignore")
    loose = errors[~np.isfinite(errors) | (errors > MAX_STANDARD_ERROR)]
    if len(loose):  # a category that coincides with another predictor's, or that always or never has the outcome
        terms = ", ".join(str(term) for term in loose.index[:3])
        raise ModelError(f"the model cannot tell {terms} apart from the other predictors (a category that is the "
                         "same persons as another predictor's, or one in which everyone or no one has the outcome); "
                         "leave one of those predictors out or merge its categories", "separated", terms=terms)
    out = []
    for name, (reference, others, values, members) in layout.items():
        categories = [_category(reference, values, y, STATUS_REFERENCE, members)]
        for category in others:
            item = _category(category, values, y, STATUS_OK, members)
            _estimate(item, fitted, [f"{name}={category}"])
            categories.append(item)
        out.append(Predictor(name=name, reference=reference, categories=categories))
    for name, values in numbers.items():
        item = Category(name="per 1", n=len(values), outcomes=int(y.sum()))
        _estimate(item, fitted, [name])
        out.append(Predictor(name=name, reference="", categories=[item], kind=NUMERIC))
    within = []
    for first, second in pairs:
        reference, others, values, members = layout[first]
        second_reference, second_others, second_values, _ = layout[second]
        groups = {}
        for group in [second_reference, *second_others]:
            inside = (second_values == group).to_numpy()
            categories = [_category(reference, values[inside], y[inside], STATUS_REFERENCE, members)]
            for category in others:
                item = _category(category, values[inside], y[inside], STATUS_OK, members)
                terms = [f"{first}={category}"] + ([f"{first}={category}:{second}={group}"]
                                                   if group != second_reference else [])
                _estimate(item, fitted, terms)
                categories.append(item)
            groups[group] = categories
        within.append(Interaction(first=first, second=second, reference=reference, within=groups))
    return out, within


def _estimate(item: Category, fitted, terms: list[str]) -> None:
    """The odds ratio of the sum of ``terms``' coefficients, with its Wald interval and p-value."""
    from scipy.stats import norm

    weights = fitted.params.index.isin(terms).astype(float)
    estimate = float(weights @ fitted.params.to_numpy())
    error = float(np.sqrt(weights @ fitted.cov_params().to_numpy() @ weights))
    z = norm.ppf(0.5 + CONFIDENCE / 2)
    item.odds_ratio = float(np.exp(estimate))
    item.ci_low, item.ci_high = float(np.exp(estimate - z * error)), float(np.exp(estimate + z * error))
    item.p_value = float(2 * norm.sf(abs(estimate / error)))


def _category(name: str, values: pd.Series, y: np.ndarray, status: str, members: dict) -> Category:
    inside = (values == name).to_numpy()
    merged = sorted(members.get(name, []), key=natural_order) if len(members.get(name, [])) > 1 else []
    item = Category(name=name, n=int(inside.sum()), outcomes=int(y[inside].sum()), status=status, merged=merged)
    if status == STATUS_REFERENCE:
        item.odds_ratio = 1.0
    return item


def _outcome(column: pd.Series, name: str, label: str) -> np.ndarray:
    """The outcome as 0/1; anything else (also an empty cell) is an error naming an example."""
    text = column.astype("string").str.strip().str.lower()
    mapped = text.map({"1": 1, "0": 0, "true": 1, "false": 0, "1.0": 1, "0.0": 0})
    bad = mapped.isna()
    if bad.any():
        example = column[bad].iloc[0]
        shown = "an empty cell" if pd.isna(example) else repr(str(example))
        raise ModelError(f"column {name!r} in {label} should be a 0/1 or true/false outcome, but {int(bad.sum()):,} "
                         f"rows hold something else, e.g. {shown}; recode it to 0/1", "bad_outcome", column=name)
    return mapped.to_numpy(dtype=int)


def _rounded(count: int) -> int:
    return int(round_count(count, DEFAULT_ROUNDING))


def write_model(result: ModelResult, path) -> Path:
    """Write the checked result as JSON, all-or-nothing."""
    return write_json(result.to_dict(), path, OUTPUT_FORMATS)


def read_model(path) -> dict:
    """A result file written by ``write_model``, checked for the keys the page reads."""
    return parse_model(read_json(Path(path), Path(path).name, ModelError), Path(path).name)


def parse_model(text, name: str = "the result") -> dict:
    """A model result from its JSON (text, or as read); ModelError when it is not one ``python cli.py model`` wrote."""
    document = text if isinstance(text, (dict, list)) else read_json(text, name, ModelError)
    predictors = document.get("predictors") if isinstance(document, dict) else None

    def categories_valid(categories) -> bool:
        return isinstance(categories, list) and all(
            isinstance(c, dict) and isinstance(c.get("category"), str) and c.get("status") in (
                STATUS_OK, STATUS_REFERENCE) and all(isinstance(c.get(k), (int, float)) for k in (
                    ("odds_ratio", "ci_low", "ci_high") if c.get("status") == STATUS_OK else ()))
            for c in categories)

    interactions = document.get("interactions", []) if isinstance(document, dict) else None
    valid = isinstance(predictors, list) and document.get("method") == "logit" and all(
        isinstance(p, dict) and isinstance(p.get("name"), str) and isinstance(p.get("reference"), str)
        and categories_valid(p.get("categories")) for p in predictors) and isinstance(interactions, list) and all(
        isinstance(i, dict) and all(isinstance(i.get(k), str) for k in ("first", "second", "reference"))
        and isinstance(i.get("within"), list) and all(
            isinstance(w, dict) and isinstance(w.get("group"), str) and categories_valid(w.get("categories"))
            for w in i["within"]) for i in interactions)
    if not valid:
        raise ModelError(f"{name} is not a model result written by python cli.py model", "bad_result")
    return document


def model_sentences(model: dict, lang: str = "nl", labels: dict | None = None, within: bool = True) -> list[str]:
    """Plain-words reading of a model result: one sentence per category, clear differences first.

    "Jongeren tot 27 jaar hebben een 5,1 keer zo grote kans op werk binnen 12 maanden als mensen
    van 45 jaar tot de AOW-leeftijd (95%-interval 3,8 tot 6,8)." ``labels`` (column -> label, from
    the table's descriptor) name the outcome and the predictors; else the page's words or the name made readable.
    A numeric predictor reads per unit; an interaction as what works best within each group
    (``within_sentences``), after the main effects (those of its two predictors hold only within
    the other's reference group, so they are read per group, not as general sentences); ``within=False``
    leaves those out (a page that reads them in a section of their own).
    """
    from indicators.analysis.rates import group_words
    from indicators.core.formatting import format_number
    from indicators.core.words import check_lang, t

    check_lang(lang)
    labels = labels or {}
    outcome_words = _outcome_words(model.get("outcome", ""), lang, labels)
    clear, unclear = [], []
    conditional = interaction_predictors(model)
    for predictor in model.get("predictors", []):
        name, reference = predictor["name"], predictor["reference"]
        if name in conditional:  # its odds ratios hold within the other's reference group: read per group below
            continue
        for category in predictor.get("categories", []):
            if category.get("status") != STATUS_OK or category.get("odds_ratio") is None:
                continue
            values = {**_ratio_words(category, lang), "outcome": outcome_words}
            ratio, low, high = category["odds_ratio"], category["ci_low"], category["ci_high"]
            if predictor.get("kind") == NUMERIC:
                values["column"] = _column_words(name, lang, labels)
                step = str(category["category"]).removeprefix("per ")
                values["step"] = format_number(float(step), 0, lang) if step.replace(".", "").isdigit() else step
                key = "tg_model_numeric" if low > 1 or high < 1 else "tg_model_numeric_unclear"
                (clear if key == "tg_model_numeric" else unclear).append((-abs(np.log(ratio)), t(key, lang, **values)))
                continue
            values.update(group=group_words({name: category["category"]}, lang, labels=labels),
                          reference=group_words({name: reference}, lang, capital=False, labels=labels))
            if low > 1:
                clear.append((-abs(np.log(ratio)), t("tg_model_higher", lang, **values)))
            elif high < 1:
                clear.append((-abs(np.log(ratio)), t("tg_model_lower", lang, **values)))
            else:
                values["group"] = group_words({name: category["category"]}, lang, capital=False, labels=labels)
                unclear.append((0, t("tg_model_unclear", lang, **values)))
    main = [text for _, text in sorted(clear, key=lambda pair: pair[0])] + [text for _, text in unclear]
    return main + (within_sentences(model, lang, labels) if within else [])


def interaction_predictors(model: dict) -> set[str]:
    """The predictors of a result's interactions.

    Their odds ratios under ``predictors`` hold only within the other's reference group, so neither the
    sentences nor the main forest read them as general.
    """
    return {name for item in model.get("interactions", []) for name in (item["first"], item["second"])}


def within_sentences(model: dict, lang: str = "nl", labels: dict | None = None) -> list[str]:
    """For each group of an interaction, which category works best there, in plain words.

    "Voor jongeren tot 27 jaar werkt subsidie het best: 3,1 keer zo grote kans op werk als
    begeleiding (95%-interval 2,6 tot 3,7)."
    """
    from indicators.analysis.rates import group_words
    from indicators.core.words import t

    labels = labels or {}
    outcome_words = _outcome_words(model.get("outcome", ""), lang, labels)
    out = []
    for interaction in model.get("interactions", []):
        first, second, reference = interaction["first"], interaction["second"], interaction["reference"]
        for item in sorted(interaction["within"], key=lambda item: natural_order(item["group"])):
            group = group_words({second: item["group"]}, lang, capital=False, labels=labels)
            shown = [c for c in item["categories"] if c.get("status") == STATUS_OK and c.get("odds_ratio")]
            if not shown:
                continue
            best = max(shown, key=lambda c: c["odds_ratio"])
            values = {**_ratio_words(best, lang), "group": group, "outcome": outcome_words,
                      "category": best["category"], "reference": reference,  # the trajectory itself, not its people
                      "column": _column_words(first, lang, labels)}
            worse = [c for c in shown if c["ci_high"] < 1]
            if best["ci_low"] > 1:
                out.append(t("tg_model_within_best", lang, **values))
            elif len(worse) == len(shown):
                out.append(t("tg_model_within_reference", lang, **values))
            elif worse:
                worst = min(worse, key=lambda c: c["odds_ratio"])
                out.append(t("tg_model_within_worse", lang, **{**values, **_ratio_words(worst, lang),
                                                                "category": worst["category"]}))
            else:
                out.append(t("tg_model_within_none", lang, **values))
    return out


def _ratio_words(category: dict, lang: str) -> dict:
    """An odds ratio and its interval as the sentences write them (1 decimal from 1 up, 2 below)."""
    from indicators.core.formatting import format_number

    fields = (("ratio", "odds_ratio"), ("low", "ci_low"), ("high", "ci_high"))
    for extra in range(3):  # more decimals where the interval would read as one number (0,97 tot 0,97)
        words = {key: format_number(category[field], (1 if category[field] >= 1 else 2) + extra, lang)
                 for key, field in fields}
        if words["low"] != words["high"]:
            break
    return words


def _outcome_words(outcome: str, lang: str, labels: dict) -> str:
    """The outcome inside a sentence: the table's label, the page's words, or its name made readable."""
    from indicators.core.columns import readable
    from indicators.core.formatting import mid_sentence
    from indicators.core.words import STRINGS, t

    if labels.get(outcome):
        return mid_sentence(labels[outcome])
    return t(f"tg_measure_{outcome}", lang) if f"tg_measure_{outcome}" in STRINGS else readable(outcome).lower()


def _column_words(column: str, lang: str, labels: dict) -> str:
    """A predictor's name inside a sentence: its label, the page's words, or the name made readable."""
    from indicators.core.columns import readable
    from indicators.core.formatting import mid_sentence
    from indicators.core.words import STRINGS, t

    if labels.get(column):
        return mid_sentence(labels[column])
    return t(f"tg_column_{column}", lang) if f"tg_column_{column}" in STRINGS else readable(column).lower()
