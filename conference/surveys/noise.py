"""When is a change between two editions larger than the noise? Pure functions on plain numbers: no
Flask, no database.

- A **mean** moved when the two 95 % confidence intervals do not overlap. That is conservative (two
  intervals may overlap a little while the difference is still significant), which suits a page that
  should not cry wolf.
- A **share** (top-2 share, or the share of one choice) moved when a two-sided two-proportion z-test
  with the pooled proportion gives |z| > 1.96 (α = 0.05). The counts are recovered as share × n.
"""

from __future__ import annotations

import math

Z95 = 1.959963984540054


def intervals_apart(a: list[float] | tuple | None, b: list[float] | tuple | None) -> bool:
    """Whether the intervals ``a`` = [lo, hi] and ``b`` do not overlap (False if either is missing)."""
    if not a or not b or None in a or None in b:
        return False
    return a[1] < b[0] or b[1] < a[0]


def two_proportion_z(p1: float | None, n1: int | None, p2: float | None, n2: int | None) -> float | None:
    """The z statistic of the change from share ``p1`` of ``n1`` to ``p2`` of ``n2`` (pooled); None when
    either side is missing or the pooled share is 0 or 1 (no variance: nothing can be said)."""
    if p1 is None or p2 is None or not n1 or not n2:
        return None
    x1, x2 = round(p1 * n1), round(p2 * n2)
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return None
    return (x2 / n2 - x1 / n1) / math.sqrt(variance)


def share_moved(p1: float | None, n1: int | None, p2: float | None, n2: int | None) -> bool:
    """Whether the change of a share is significant at the 5 % level (see the module docstring)."""
    z = two_proportion_z(p1, n1, p2, n2)
    return z is not None and abs(z) > Z95


def wilson_interval(share: float | None, n: int | None) -> list[float] | None:
    """The 95 % Wilson score interval of ``share`` among ``n`` (rounded to 4 places), None without data."""
    if share is None or not n:
        return None
    z2 = Z95 * Z95
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return [round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)]
