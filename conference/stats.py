"""Descriptive statistics and interval estimates on plain numbers: no Flask, no database."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Summary:
    """``n`` values: their mean, the sample standard deviation (None below two values), min and max."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


def summarise(values: Sequence[float]) -> Summary:
    if not values:
        return Summary(0, None, None, None, None)
    return Summary(len(values), statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else None,
                   min(values), max(values))


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """The mean of ``(value, weight)`` pairs; None when the weights add up to nothing."""
    pairs = list(pairs)
    total = sum(weight for _, weight in pairs)
    if total <= 0:
        return None
    return sum(value * weight for value, weight in pairs) / total


# --- Interval estimates (survey analysis) -------------------------------------------------------------------
# scipy is imported lazily: it takes a noticeable moment to load, and most requests never need a quantile.

def _alpha(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"confidence level must lie between 0 and 1, not {level!r}")
    return 1 - level


@lru_cache(maxsize=256)
def t_quantile(level: float, df: int) -> float:
    """The two-sided critical value of Student's t for ``level`` (0.95 → t₀.₉₇₅) with ``df`` degrees of freedom."""
    from scipy.stats import t

    return float(t.ppf(1 - _alpha(level) / 2, df))


@lru_cache(maxsize=16)
def z_quantile(level: float) -> float:
    """The two-sided critical value of the standard normal distribution (0.95 → 1.959964…)."""
    from scipy.stats import norm

    return float(norm.ppf(1 - _alpha(level) / 2))


Interval = tuple[float | None, float | None, float | None]


def mean_ci(values: Sequence[float], level: float = 0.95) -> Interval:
    """``(mean, lo, hi)``: the mean with its t-based confidence interval, mean ± t·s/√n.

    The interval needs a spread, so below two values it is ``(mean, None, None)`` (and all None
    without values). With no spread at all (every value equal) the interval shrinks to the mean."""
    return mean_ci_counts(Counter(values), level)


def mean_ci_counts(counts: Mapping[float, int], level: float = 0.95) -> Interval:
    """:func:`mean_ci` from a frequency table ``{value: how often}``, as a GROUP BY query returns it:
    the same numbers without the list of single values."""
    n = sum(c for c in counts.values() if c > 0)
    if n == 0:
        return None, None, None
    mean = sum(v * c for v, c in counts.items() if c > 0) / n
    if n < 2:
        return mean, None, None
    variance = sum(c * (v - mean) ** 2 for v, c in counts.items() if c > 0) / (n - 1)
    half = t_quantile(level, n - 1) * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def wilson(successes: int, n: int, level: float = 0.95) -> Interval:
    """``(p, lo, hi)``: the share ``successes / n`` with its Wilson score interval, which, unlike
    p ± z·√(p(1−p)/n), stays inside [0, 1] and keeps its coverage for small n and shares near 0 or 1.
    All None when ``n`` is 0."""
    if n <= 0:
        return None, None, None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie between 0 and n ({n}), not {successes!r}")
    z = z_quantile(level)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # Clamp rounding noise: at p = 0 or 1 the bound is exactly 0 or 1.
    return p, max(0.0, centre - half), min(1.0, centre + half)


def top_two(low: int, high: int, higher_is_better: bool = True) -> tuple[int, int]:
    """The two best points of the integer scale ``low``…``high``: (high, high − 1) when higher is
    better (Likert 1–5: 5 and 4; 0–10: 10 and 9), (low, low + 1) when lower is better (school grades:
    1 and 2)."""
    if high - low < 1:
        raise ValueError(f"a scale needs at least two points, not {low}…{high}")
    return (high, high - 1) if higher_is_better else (low, low + 1)


def top2_share(counts: Mapping[int, int], low: int, high: int, higher_is_better: bool = True,
               level: float = 0.95) -> Interval:
    """``(share, lo, hi)``: the share of answers on the scale's two best points (see :func:`top_two`)
    among all answers in ``counts`` ``{value: how often}``, with its Wilson interval."""
    best = top_two(low, high, higher_is_better)
    n = sum(c for c in counts.values() if c > 0)
    return wilson(sum(counts.get(point, 0) for point in best), n, level)
