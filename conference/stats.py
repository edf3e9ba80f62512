"""Descriptive statistics on plain numbers: no Flask, no database."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


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
