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
3. **The model**: ``statsmodels`` logit of the outcome on the predictors as categories, each
   against a reference category (the largest after merging, so contrasts are most precise;
   ``references`` chooses another). Odds ratios are ``exp(coefficient)`` with 95% Wald
   intervals and p-values; the intercept (the reference group's odds) is not published.
4. **Counts in the result** (persons and outcomes per category) are rounded to 5, as published
   counts of persons are; the result is written all-or-nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.core.errors import InputError
from indicators.core.registry import DEFAULT_MIN_COUNT
from indicators.io.files import write_text
from indicators.io.microdata import microdata_relation, open_microdata
from indicators.privacy.disclosure import DEFAULT_ROUNDING, round_count
from indicators.privacy.withheld import FEW, Withheld

CONFIDENCE = 0.95
OTHER = "overig"
UNKNOWN = "onbekend"
OUTPUT_FORMATS = (".json",)
STATUS_OK, STATUS_REFERENCE = "ok", "reference"


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

    def to_dict(self) -> dict:
        """As written to the result file."""
        return {"name": self.name, "reference": self.reference,
                "categories": [category.to_dict() for category in self.categories]}


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

    def to_dict(self) -> dict:
        """The JSON ``python cli.py model`` writes."""
        out = {"method": "logit", "confidence": CONFIDENCE, "outcome": self.outcome, "n": _rounded(self.n),
               "outcomes": _rounded(self.outcomes), "min_count": self.min_count, "source": self.source,
               "predictors": [p.to_dict() for p in self.predictors],
               "withheld": [item.what["predictor"] for item in self.withheld], "notes": list(self.notes)}
        if self.synthetic:
            out["synthetic"] = True
        return out


def fit_model(source, outcome: str, predictors, min_count: int | None = None, references: dict | None = None,
              ) -> ModelResult:
    """Fit a checked logistic regression of ``outcome`` on categorical ``predictors``.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        Parquet or CSV microdata (one row per person), or the rows themselves.
    outcome : str
        A 0/1 (true/false) column.
    predictors : sequence of str
        Category columns.
    min_count : int, optional
        Smallest number of persons, outcomes and non-outcomes per category (default 10).
    references : dict, optional
        Predictor -> reference category; default the largest category.

    Raises
    ------
    ModelError
        Missing columns, an outcome that is not 0/1, too few outcomes overall, a model that does not converge.
    """
    threshold = DEFAULT_MIN_COUNT if min_count is None else int(min_count)
    if threshold < 1:
        raise ModelError(f"--min-count should be at least 1, got {threshold}", "bad_min_count")
    predictors = [p.strip() for p in predictors if p and p.strip()]
    if not predictors:
        raise ModelError("give at least one predictor column, e.g. --predictors leeftijdsklasse,traject",
                         "no_predictors")
    if len(set(predictors)) != len(predictors) or outcome in predictors:
        raise ModelError("each column may appear once, and the outcome cannot also be a predictor", "duplicate")
    frame, label = _read(source, [outcome, *predictors])
    y = _outcome(frame[outcome], outcome, label)
    n, total = len(y), int(y.sum())
    if min(total, n - total) < threshold:
        raise ModelError(f"{label}: {total} of {n} persons have outcome {outcome!r}; a model needs at least "
                         f"{threshold} with and {threshold} without it", "too_few_outcomes")
    notes, withheld, kept = [], [], {}
    for name in predictors:
        values = frame[name].astype("string").fillna(UNKNOWN).str.strip().replace("", UNKNOWN)
        mapping, merged_notes = check_categories(values, y, threshold)
        notes += [f"{name}: {note}" for note in merged_notes]
        if mapping is None or len(set(mapping.values())) < 2:
            withheld.append(Withheld({"predictor": name}, FEW))
            notes.append(f"{name}: withheld (fewer than two categories with at least {threshold} persons, "
                         f"{threshold} with and {threshold} without {outcome})")
            continue
        members = {}
        for member, group in mapping.items():
            members.setdefault(group, []).append(member)
        kept[name] = (values.map(mapping), members)
    if not kept:
        raise ModelError(f"{label}: no predictor has two categories of at least {threshold} persons with and "
                         f"without {outcome}; merge categories or choose other predictors", "nothing_to_fit")
    result = _fit(kept, y, outcome, references or {})
    return ModelResult(outcome=outcome, n=n, outcomes=total, min_count=threshold, predictors=result,
                       withheld=withheld, notes=notes, source=label)


def check_categories(values: pd.Series, y: np.ndarray, threshold: int) -> tuple[dict | None, list[str]]:
    """Map each category to the category it is published as, merging those that fail the check.

    Returns (mapping, notes); mapping is None when no category passes.
    """
    names = sorted(values.unique().tolist(), key=_natural)
    counts = pd.DataFrame({"v": values.to_numpy(), "y": y}).groupby("v")["y"].agg(["size", "sum"])

    def passes(members) -> bool:
        size, outcomes = counts.loc[members, "size"].sum(), counts.loc[members, "sum"].sum()
        return min(size, outcomes, size - outcomes) >= threshold

    groups = {name: [name] for name in names}
    notes = []
    failing = [name for name in names if not passes([name])]
    if len(failing) >= 2 and len(failing) < len(names):
        members = [m for name in failing for m in groups.pop(name)]
        groups[OTHER if OTHER not in groups else f"{OTHER} ({', '.join(failing)})"] = members
        notes.append(f"{', '.join(failing)} merged into {OTHER!r} (too few persons or outcomes)")
    ordered = _is_ordered(names)
    while True:
        small = [g for g in groups if not passes(groups[g])]
        if not small or len(groups) < 2:
            break
        name = small[0]
        members = groups.pop(name)
        target = _neighbour(name, groups, names, ordered, counts)
        merged = groups.pop(target)
        new = f"{target} + {name}" if target != OTHER else OTHER
        groups[new] = merged + members
        notes.append(f"{name} merged into {target!r} (too few persons or outcomes)")
    if not groups or not all(passes(m) for m in groups.values()):
        return None, notes
    mapping = {member: group for group, members in groups.items() for member in members}
    return mapping, notes


def _neighbour(name: str, groups: dict, names: list, ordered: bool, counts) -> str:
    """Where a failing category goes: the nearest ordered neighbour, else the smallest other category."""
    if ordered:
        position = {member: min(names.index(m) for m in members) for member, members in groups.items()}
        here = names.index(name)
        return min(groups, key=lambda g: (abs(position[g] - here), position[g]))
    return min(groups, key=lambda g: (counts.loc[groups[g], "size"].sum(), g))


def _is_ordered(names: list[str]) -> bool:
    """Categories that are classes of a number (``18-26``, ``< 1 jaar``, ``67+``): they have neighbours."""
    return all(re.search(r"\d", str(name)) for name in names if name not in (UNKNOWN, OTHER))


def _natural(value: str):
    parts = re.split(r"(\d+)", str(value))
    return (str(value) in (UNKNOWN, OTHER), [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p])


def _fit(kept: dict[str, tuple[pd.Series, dict]], y: np.ndarray, outcome: str, references: dict) -> list[Predictor]:
    """The statsmodels logit on treatment-coded categories; odds ratios with Wald intervals."""
    import warnings

    import statsmodels.api as sm

    columns, layout = [], []
    for name, (values, members) in kept.items():
        sizes = values.value_counts()
        reference = references.get(name)
        if reference is None or reference not in sizes.index:
            reference = max(sorted(sizes.index, key=_natural), key=lambda c: sizes[c])
        others = [c for c in sorted(sizes.index, key=_natural) if c != reference]
        for category in others:
            columns.append(pd.Series((values == category).to_numpy(dtype=float), name=f"{name}={category}"))
        layout.append((name, reference, others, values, members))
    design = sm.add_constant(pd.concat(columns, axis=1), has_constant="add")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fitted = sm.Logit(y.astype(float), design).fit(disp=0, maxiter=200)
        except Exception as error:  # perfect separation, a singular design
            raise ModelError(f"the model could not be fitted ({' '.join(str(error).split())}); use fewer or coarser "
                             "predictors", "not_fitted") from None
    if not fitted.mle_retvals.get("converged", True):
        raise ModelError("the model did not converge; use fewer or coarser predictors", "not_fitted")
    intervals = fitted.conf_int(alpha=1 - CONFIDENCE)
    out = []
    for name, reference, others, values, members in layout:
        categories = [_category(reference, values, y, STATUS_REFERENCE, members)]
        for category in others:
            term = f"{name}={category}"
            item = _category(category, values, y, STATUS_OK, members)
            item.odds_ratio = float(np.exp(fitted.params[term]))
            item.ci_low, item.ci_high = (float(np.exp(v)) for v in intervals.loc[term])
            item.p_value = float(fitted.pvalues[term])
            categories.append(item)
        out.append(Predictor(name=name, reference=reference, categories=categories))
    return out


def _category(name: str, values: pd.Series, y: np.ndarray, status: str, members: dict) -> Category:
    inside = (values == name).to_numpy()
    merged = sorted(members.get(name, []), key=_natural) if len(members.get(name, [])) > 1 else []
    item = Category(name=name, n=int(inside.sum()), outcomes=int(y[inside].sum()), status=status, merged=merged)
    if status == STATUS_REFERENCE:
        item.odds_ratio = 1.0
    return item


def _read(source, columns: list[str]) -> tuple[pd.DataFrame, str]:
    """Only the named columns of the microdata, by DuckDB (Parquet, or CSV with its separator sniffed)."""
    if isinstance(source, pd.DataFrame):
        missing = [c for c in columns if c not in source.columns]
        if missing:
            raise ModelError(f"column {missing[0]!r} is not in the microdata; available columns: "
                             f"{', '.join(map(str, source.columns))}", "missing_column", column=missing[0])
        if source.empty:
            raise ModelError("the microdata have no rows", "empty")
        return source[columns].reset_index(drop=True), "the microdata"
    source = open_microdata(source, ModelError)
    path = source.path
    import duckdb

    connection = duckdb.connect()
    try:
        relation = microdata_relation(connection, source, ModelError, text=True)
        missing = [c for c in columns if c not in relation.columns]
        if missing:
            raise ModelError(f"column {missing[0]!r} is not in {path.name}; available columns: "
                             f"{', '.join(relation.columns)}", "missing_column", column=missing[0])
        frame = relation.select(*(duckdb.ColumnExpression(c) for c in columns)).df()
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        raise ModelError(f"{path.name} could not be read ({message}); save it again as Parquet or CSV (UTF-8)",
                         "unreadable") from None
    finally:
        connection.close()
    if frame.empty:
        raise ModelError(f"{path.name} has a header but no rows; export the microdata again with its rows", "empty")
    return frame, path.name


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
    return write_text(path, json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", OUTPUT_FORMATS)


def read_model(path) -> dict:
    """A result file written by ``write_model``, checked for the keys the page reads."""
    try:
        text = Path(path).read_bytes()
    except OSError as error:
        raise ModelError(f"{Path(path).name} cannot be read ({error})", "bad_result") from None
    return parse_model(text, Path(path).name)


def parse_model(text: bytes | str, name: str = "the result") -> dict:
    """A model result from its JSON text; ModelError when it is not one ``python cli.py model`` wrote."""
    try:
        document = json.loads(text.decode("utf-8-sig") if isinstance(text, bytes) else text)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ModelError(f"{name} is not JSON ({error})", "bad_result") from None
    predictors = document.get("predictors") if isinstance(document, dict) else None
    valid = isinstance(predictors, list) and document.get("method") == "logit" and all(
        isinstance(p, dict) and isinstance(p.get("name"), str) and isinstance(p.get("reference"), str)
        and isinstance(p.get("categories"), list) and all(
            isinstance(c, dict) and isinstance(c.get("category"), str) and c.get("status") in (
                STATUS_OK, STATUS_REFERENCE) and all(isinstance(c.get(k), (int, float)) for k in (
                    ("odds_ratio", "ci_low", "ci_high") if c.get("status") == STATUS_OK else ()))
            for c in p["categories"]) for p in predictors)
    if not valid:
        raise ModelError(f"{name} is not a model result written by python cli.py model", "bad_result")
    return document


def model_sentences(model: dict, lang: str = "nl", labels: dict | None = None) -> list[str]:
    """Plain-words reading of a model result: one sentence per category, clear differences first.

    "Jongeren tot 27 jaar hebben een 5,1 keer zo grote kans op werk binnen 12 maanden als mensen
    van 45 jaar tot de AOW-leeftijd (95%-interval 3,8 tot 6,8)." ``labels`` (column -> label, from
    the table's descriptor) name the outcome and the predictors; else the page's words or the name made readable.
    """
    from indicators.analysis.rates import group_words
    from indicators.core.columns import readable
    from indicators.core.formatting import format_number, mid_sentence
    from indicators.core.words import STRINGS, check_lang, t

    check_lang(lang)
    outcome = model.get("outcome", "")
    labels = labels or {}
    if labels.get(outcome):
        outcome_words = mid_sentence(labels[outcome])
    else:
        outcome_words = t(f"tg_measure_{outcome}", lang) if f"tg_measure_{outcome}" in STRINGS \
            else readable(outcome).lower()
    clear, unclear = [], []
    for predictor in model.get("predictors", []):
        name, reference = predictor["name"], predictor["reference"]
        for category in predictor.get("categories", []):
            if category.get("status") != STATUS_OK or category.get("odds_ratio") is None:
                continue
            low, high, ratio = category["ci_low"], category["ci_high"], category["odds_ratio"]
            values = {"group": group_words({name: category["category"]}, lang, labels=labels),
                      "reference": group_words({name: reference}, lang, capital=False, labels=labels),
                      "outcome": outcome_words,
                      "ratio": format_number(ratio, 1 if ratio >= 1 else 2, lang),
                      "low": format_number(low, 1 if low >= 1 else 2, lang),
                      "high": format_number(high, 1 if high >= 1 else 2, lang)}
            if low > 1:
                clear.append((-abs(np.log(ratio)), t("tg_model_higher", lang, **values)))
            elif high < 1:
                clear.append((-abs(np.log(ratio)), t("tg_model_lower", lang, **values)))
            else:
                values["group"] = group_words({name: category["category"]}, lang, capital=False, labels=labels)
                unclear.append(t("tg_model_unclear", lang, **values))
    return [text for _, text in sorted(clear, key=lambda pair: pair[0])] + unclear
