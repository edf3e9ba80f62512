"""The interval estimates behind the survey analysis, against textbook numbers and scipy; no Flask."""

from __future__ import annotations

import math
import random

import pytest
from scipy import stats as scipy_stats

from conference.stats import mean_ci, mean_ci_counts, t_quantile, top2_share, top_two, wilson, z_quantile


def test_quantiles_are_the_textbook_values():
    assert t_quantile(0.95, 4) == pytest.approx(2.776445, abs=1e-6)
    assert t_quantile(0.95, 29) == pytest.approx(2.045230, abs=1e-6)
    assert t_quantile(0.99, 10) == pytest.approx(3.169273, abs=1e-6)
    assert z_quantile(0.95) == pytest.approx(1.959964, abs=1e-6)


def test_mean_ci_is_the_t_interval():
    mean, lo, hi = mean_ci([1, 2, 3, 4, 5])
    # s = 1.5811, s/√n = 0.7071, t(0.975; 4) = 2.7764: 3 ± 1.9632
    assert (mean, lo, hi) == pytest.approx((3.0, 1.036757, 4.963243), abs=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_mean_ci_agrees_with_scipy(seed):
    rng = random.Random(seed)
    values = [rng.randint(1, 5) for _ in range(rng.randint(2, 300))]
    mean, lo, hi = mean_ci(values, level=0.9)
    expected = scipy_stats.t.interval(0.9, len(values) - 1, loc=sum(values) / len(values),
                                      scale=scipy_stats.sem(values))
    assert mean == pytest.approx(sum(values) / len(values))
    if len(set(values)) > 1:
        assert (lo, hi) == pytest.approx(expected)


def test_mean_ci_from_counts_equals_the_one_from_values():
    counts = {1: 3, 2: 0, 3: 7, 4: 12, 5: 9}
    values = [v for v, c in counts.items() for _ in range(c)]
    assert mean_ci_counts(counts) == pytest.approx(mean_ci(values))


def test_mean_ci_needs_two_values_for_an_interval():
    assert mean_ci([]) == (None, None, None)
    assert mean_ci([4]) == (4.0, None, None)
    assert mean_ci([4, 4, 4]) == (4.0, 4.0, 4.0)  # no spread: the interval shrinks to the mean


@pytest.mark.parametrize(("successes", "n", "expected"), [
    (81, 263, (0.307985, 0.255289, 0.366210)),   # Newcombe (1998), Statistics in Medicine 17, example (a)
    (8, 10, (0.8, 0.490162, 0.943318)),
    (0, 10, (0.0, 0.0, 0.277533)),                # never below 0
    (10, 10, (1.0, 0.722467, 1.0)),               # never above 1
])
def test_wilson_interval_matches_published_values(successes, n, expected):
    assert wilson(successes, n) == pytest.approx(expected, abs=1e-6)


def test_wilson_at_another_level_uses_its_own_z():
    p, lo, hi = wilson(30, 100, level=0.99)
    z = 2.575829
    centre = (0.3 + z * z / 200) / (1 + z * z / 100)
    half = z * math.sqrt(0.3 * 0.7 / 100 + z * z / 40000) / (1 + z * z / 100)
    assert (p, lo, hi) == pytest.approx((0.3, centre - half, centre + half), abs=1e-6)


def test_wilson_rejects_nonsense_and_has_nothing_to_say_without_answers():
    assert wilson(0, 0) == (None, None, None)
    with pytest.raises(ValueError):
        wilson(11, 10)
    with pytest.raises(ValueError):
        wilson(1, 10, level=1.5)


@pytest.mark.parametrize(("low", "high", "higher", "best"), [
    (1, 5, True, (5, 4)), (1, 5, False, (1, 2)), (0, 10, True, (10, 9)), (0, 10, False, (0, 1)),
])
def test_the_two_best_points_follow_the_direction(low, high, higher, best):
    assert top_two(low, high, higher) == best


def test_top2_share_counts_the_best_two_points_with_a_wilson_interval():
    counts = {1: 2, 2: 3, 3: 5, 4: 6, 5: 4}  # 20 answers, 10 on 4 or 5, 5 on 1 or 2
    assert top2_share(counts, 1, 5) == pytest.approx(wilson(10, 20))
    assert top2_share(counts, 1, 5, higher_is_better=False) == pytest.approx(wilson(5, 20))
    assert top2_share({0: 1, 9: 2, 10: 1}, 0, 10)[0] == pytest.approx(0.75)
    assert top2_share({}, 1, 5) == (None, None, None)
