"""Classification of figures into map classes: every scheme through mapclassify, one interface.

The project's own choices live in ``SCHEMES`` (which mapclassify classifiers are offered and
their names in Dutch and English); the computation is mapclassify's. Secret and missing values
never take part: they get no class and their own legend entries.

Classes are drawn on the values as people read them: given the decimals shown, values are
rounded first, bounds are values that occur (quantiles, natural breaks) or round numbers at the
decimals shown (equal intervals, standard deviations), and a class no value falls in is merged
into the next one; ``Classes.merged`` says how many were, so the legend can say so. Manual
breaks are the user's and stay as given.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.core.formatting import shown_values
from indicators.core.words import LANGS, t

# Scheme -> its name per language (words in ``indicators.core.words``), in the order the app offers them.
SCHEMES = {scheme: {lang: t(f"scheme_{scheme}", lang) for lang in LANGS}
           for scheme in ("quantiles", "equal_interval", "natural_breaks", "std_mean", "manual")}
DEFAULT_SCHEME = "quantiles"
DEFAULT_K = 5
K_RANGE = (2, 9)
# Fisher-Jenks is O(k n^2) in pure Python; above this many values it runs on evenly spaced
# order statistics (deterministic, about 15 ms) and the breaks are applied to all values.
JENKS_SAMPLE = 150


@dataclass
class Classes:
    """Class of every district and the class bounds.

    ``bins`` are the upper bounds of the classes (inclusive), ``lower`` the smallest value;
    ``classes`` holds the class number (0 = lowest) per district, <NA> where the value is not
    valid (secret or missing); ``counts`` the number of districts per class.
    """

    scheme: str
    bins: list[float]
    lower: float
    classes: pd.Series
    counts: list[int]
    merged: int = 0  # classes asked for that no value fell in, merged into the next one

    @property
    def k(self) -> int:
        """Number of classes."""
        return len(self.bins)

    def intervals(self) -> list[tuple[float, float]]:
        """(lower, upper) of every class."""
        lows = [self.lower, *self.bins[:-1]]
        return list(zip(lows, self.bins))


def _check(scheme: str, k: int, breaks) -> str:
    key = str(scheme).lower().replace(" ", "_").replace("-", "_")
    if key not in SCHEMES:
        raise ValueError(f"'scheme' should be one of {', '.join(SCHEMES)}, got {scheme!r} instead")
    if key == "manual" and not breaks:
        raise ValueError("the 'manual' scheme needs breaks, e.g. --breaks 10,20,30")
    if key not in ("manual", "std_mean") and not (K_RANGE[0] <= int(k) <= K_RANGE[1]):
        raise ValueError(f"'k' should be between {K_RANGE[0]} and {K_RANGE[1]}, got {k} instead")
    return key


def classify(values: pd.Series, scheme: str = DEFAULT_SCHEME, k: int = DEFAULT_K, breaks=None,
             decimals: int | None = None) -> Classes:
    """Classify the valid values of one column.

    Parameters
    ----------
    values : pandas.Series
        Figures per district; <NA> (secret or missing) get no class.
    scheme : {'quantiles', 'equal_interval', 'natural_breaks', 'std_mean', 'manual'}
    k : int
        Number of classes (2-9); fewer when there are fewer distinct values or a class would be empty.
    breaks : sequence of float, optional
        Upper bounds for the 'manual' scheme; the largest value closes the last class.
    decimals : int, optional
        Decimals the values are shown with: they are classified as shown (rounded).
    """
    return shared_classes([values], scheme, k, breaks, decimals)[0]


def shared_classes(columns: list[pd.Series], scheme: str = DEFAULT_SCHEME, k: int = DEFAULT_K,
                   breaks=None, decimals: int | None = None) -> list[Classes]:
    """Classify several columns with one scheme computed from all their values together.

    Two maps of the same measure (two years, two municipalities) are only comparable when a
    colour means the same number on both. Empty classes are merged over all columns together,
    so a class may be empty in one of them (and the colours stay comparable).
    """
    key = _check(scheme, k, breaks)
    if decimals is not None:
        columns = [shown_values(c, decimals) for c in columns]
    pooled = np.concatenate([_valid(c) for c in columns]) if columns else np.array([])
    if pooled.size == 0:
        return [_empty(key, c) for c in columns]
    bins = _bins(pooled, key, int(k), breaks)
    asked = len(bins) if key == "std_mean" else int(k)
    if key != "manual":
        bins = _without_empty(pooled, _readable(pooled, bins, key, decimals))
    lower = float(pooled.min())
    results = [apply_bins(c, bins, lower, key) for c in columns]
    for result in results:
        result.merged = max(asked - len(bins), 0) if key != "manual" else 0
    return results


def _readable(y: np.ndarray, bins: list[float], scheme: str, decimals: int | None) -> list[float]:
    """Bounds people can read: a value that occurs, or a number at the decimals shown.

    A quantile or natural break lies between two values; the value at or below it bounds the
    same class and is what the legend should say. Other schemes' bounds are rounded to the
    decimals shown. The top bound (the maximum) stays.
    """
    top = bins[-1]
    if scheme in ("quantiles", "natural_breaks"):
        distinct = np.unique(y)
        below = np.searchsorted(distinct, np.asarray(bins[:-1], dtype=float), side="right") - 1
        inner = [float(distinct[i]) for i in below if i >= 0]
    elif decimals is not None:
        inner = [round(b, int(decimals)) for b in bins[:-1]]
    else:
        inner = list(bins[:-1])
    return sorted({b for b in inner if b < top}) + [top]


def _without_empty(y: np.ndarray, bins: list[float]) -> list[float]:
    """Drop the upper bound of every class no value falls in: it merges into the next class.

    The top class always holds the maximum, so the last bound stays.
    """
    index = np.minimum(np.searchsorted(np.asarray(bins), y, side="left"), len(bins) - 1)
    counts = np.bincount(index, minlength=len(bins))
    return [b for b, count in zip(bins, counts) if count > 0]


def apply_bins(values: pd.Series, bins, lower: float, scheme: str = "manual") -> Classes:
    """Put every valid value in the first class whose upper bound it does not exceed."""
    bins = [float(b) for b in bins]
    numbers = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    valid = ~np.isnan(numbers)
    index = np.searchsorted(np.asarray(bins), numbers[valid], side="left")
    index = np.minimum(index, len(bins) - 1)  # values above the last bound join the top class
    class_of = np.zeros(len(numbers), dtype=np.int64)
    class_of[valid] = index
    classes = pd.Series(pd.arrays.IntegerArray(class_of, ~valid), index=values.index)
    counts = np.bincount(index, minlength=len(bins)).tolist()
    return Classes(scheme=scheme, bins=bins, lower=min(lower, float(numbers[valid].min())) if valid.any() else lower,
                   classes=classes, counts=counts)


def _valid(values: pd.Series) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return numbers[numbers.notna()].to_numpy()


def _empty(scheme: str, values: pd.Series) -> Classes:
    return Classes(scheme=scheme, bins=[], lower=float("nan"),
                   classes=pd.Series(pd.NA, index=values.index, dtype="Int64"), counts=[])


def _bins(y: np.ndarray, scheme: str, k: int, breaks) -> list[float]:
    """Upper class bounds from mapclassify, distinct and ending at the maximum."""
    import mapclassify  # imported here: it pulls in scipy and matplotlib, which `inspect` never needs
    top = float(y.max())
    if scheme == "manual":
        cuts = sorted({float(b) for b in breaks if float(b) < top})
        return cuts + [top]
    distinct = np.unique(y)
    if distinct.size <= k and scheme != "std_mean":
        return [float(v) for v in distinct]  # one class per value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # mapclassify says when it lowers k
        if scheme == "quantiles":
            # mapclassify's quantile bins, as Quantiles computes them, without the per-class
            # lists and goodness-of-fit summary it adds (two thirds of its time; never shown)
            bins = mapclassify.classifiers.quantile(y, k=k)
        elif scheme == "equal_interval":
            bins = mapclassify.EqualInterval(y, k=k).bins
        elif scheme == "natural_breaks":
            sample = y if y.size <= JENKS_SAMPLE else np.quantile(y, np.linspace(0, 1, JENKS_SAMPLE))
            bins = mapclassify.FisherJenks(sample, k=k).bins
        else:
            bins = mapclassify.StdMean(y).bins
    # StdMean proposes bounds outside the data; quantiles repeat bounds on ties: keep real, distinct ones.
    return sorted({float(b) for b in bins if y.min() <= b < top}) + [top]


def centred_classes(values: pd.Series, k: int = DEFAULT_K) -> Classes:
    """Classes symmetric around zero, for change and deviation maps on a diverging palette.

    With an odd ``k`` the middle class holds zero and gets the palette's neutral colour, so
    "no change" always looks neutral and equal steps up and down look equally strong.
    """
    valid = _valid(values)
    if valid.size == 0:
        return _empty("centred", values)
    reach = float(np.abs(valid).max()) or 1.0
    bounds = np.linspace(-reach, reach, int(k) + 1)
    return apply_bins(values, bounds[1:].tolist(), float(bounds[0]), "centred")
