"""The new A/B functions against references nobody here wrote: statsmodels and scipy on a grid
of cases (test-only dependencies, in the dev extra), and the published worked examples."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import roikit
from roikit import MetricError

proportion = pytest.importorskip("statsmodels.stats.proportion")
stats = pytest.importorskip("scipy.stats")
integrate = pytest.importorskip("scipy.integrate")

#: (conversions_a, total_a, conversions_b, total_b): small and large tests, rates near 0 and 1
COUNTS = [
    (48, 80, 56, 70),
    (3, 10, 9, 10),
    (0, 10, 0, 20),
    (10, 10, 0, 20),
    (5, 56, 0, 29),
    (200, 10_000, 250, 10_000),
    (1, 3, 2, 3),
    (120, 5_000, 95, 4_800),
    (999, 1_000, 1_000, 1_000),
]


@pytest.mark.parametrize(
    ("counts", "confidence"), list(itertools.product(COUNTS, [0.8, 0.95, 0.99]))
)
def test_interval_is_statsmodels_newcombe(counts, confidence):
    conversions_a, total_a, conversions_b, total_b = counts
    low, high = proportion.confint_proportions_2indep(
        conversions_b, total_b, conversions_a, total_a, method="newcomb", alpha=1 - confidence
    )
    assert roikit.ab_ci_low(*counts, confidence) == pytest.approx(low, abs=1e-12)
    assert roikit.ab_ci_high(*counts, confidence) == pytest.approx(high, abs=1e-12)


def test_interval_reproduces_newcombe_1998_table_ii_method_10():
    # Newcombe, Statistics in Medicine 17 (1998), 873-890, table II: 56/70 - 48/80, 9/10 - 3/10
    assert round(roikit.ab_ci_low(48, 80, 56, 70), 4) == 0.0524
    assert round(roikit.ab_ci_high(48, 80, 56, 70), 4) == 0.3339
    assert round(roikit.ab_ci_low(3, 10, 9, 10), 4) == 0.1705
    assert round(roikit.ab_ci_high(3, 10, 9, 10), 4) == 0.8090


def test_interval_holds_the_difference():
    counts = (200, 10_000, 250, 10_000)
    assert roikit.ab_ci_low(*counts) < 0.005 < roikit.ab_ci_high(*counts)


GRID = list(itertools.product([0.01, 0.05, 0.3], [0.05, 0.2, 1.0], [100, 2_000, 50_000]))


@pytest.mark.parametrize(("baseline", "lift", "n"), GRID)
def test_power_is_statsmodels_power_proportions_2indep(baseline, lift, n):
    variant = baseline * (1 + lift)
    expected = proportion.power_proportions_2indep(variant - baseline, baseline, n, alpha=0.05)
    assert roikit.ab_power(baseline, lift, n) == pytest.approx(expected.power, rel=1e-9)


@pytest.mark.parametrize(("baseline", "lift"), [(0.05, 0.2), (0.02, 0.1), (0.3, 0.05)])
@pytest.mark.parametrize("power", [0.5, 0.8, 0.9])
def test_power_at_the_planned_sample_size_gives_the_power_back(baseline, lift, power):
    n = roikit.ab_sample_size(baseline, lift, 0.05, power)
    assert roikit.ab_power(baseline, lift, n) >= power
    assert roikit.ab_power(baseline, lift, n - 1) < power + 1e-3  # rounding up, no more


@pytest.mark.parametrize(("baseline", "lift"), [(0.05, 0.2), (0.02, 0.1), (0.3, 0.05)])
@pytest.mark.parametrize("variants", [2, 3, 5])
def test_multi_variant_size_is_statsmodels_at_the_bonferroni_alpha(baseline, lift, variants):
    variant = baseline * (1 + lift)
    expected = proportion.samplesize_proportions_2indep_onetail(
        variant - baseline, baseline, 0.8, alpha=0.05 / (variants - 1)
    )
    assert roikit.ab_sample_size_multi(baseline, lift, variants) == math.ceil(expected)


def _beats_by_integration(conversions_a, total_a, conversions_b, total_b):
    """P(p_B > p_A) = ∫ f_B(x) F_A(x) dx, by scipy's adaptive quadrature."""
    a = stats.beta(1 + conversions_a, 1 + total_a - conversions_a)
    b = stats.beta(1 + conversions_b, 1 + total_b - conversions_b)
    low, high = b.ppf(1e-12), b.ppf(1 - 1e-12)
    value, _ = integrate.quad(lambda x: b.pdf(x) * a.cdf(x), low, high, limit=200, epsabs=1e-12)
    return value


@pytest.mark.parametrize("counts", [c for c in COUNTS if c != (999, 1_000, 1_000, 1_000)])
def test_prob_b_beats_a_is_the_integral_of_the_posteriors(counts):
    assert roikit.ab_prob_b_beats_a(*counts) == pytest.approx(
        _beats_by_integration(*counts), abs=1e-8
    )


def test_prob_b_beats_a_takes_the_shortest_sum_and_agrees_with_the_longest():
    # 40,000 conversions of B, 100 non-conversions of A: the sum over A's 101 terms is taken
    counts = (9_900, 10_000, 40_000, 50_000)
    assert roikit.ab_prob_b_beats_a(*counts) == pytest.approx(
        _beats_by_integration(*counts), abs=1e-8
    )


def test_prob_b_beats_a_swapped_is_the_complement():
    assert roikit.ab_prob_b_beats_a(30, 1000, 45, 1000) + roikit.ab_prob_b_beats_a(
        45, 1000, 30, 1000
    ) == pytest.approx(1, abs=1e-12)


def test_prob_b_beats_a_refuses_fractional_counts():
    with pytest.raises(MetricError) as raised:
        roikit.ab_prob_b_beats_a(10, 100, 10.5, 100)
    assert raised.value.excel_error == "#NUM!"


def _mixture_ratio_by_integration(difference, variance, tau):
    """Λ = ∫ N(d; θ, V) N(θ; 0, τ²) dθ / N(d; 0, V), the definition of the normal-mixture
    likelihood ratio (Johari et al. 2017), integrated by scipy."""
    normal = stats.norm

    def integrand(theta):
        return normal.pdf(difference, theta, math.sqrt(variance)) * normal.pdf(theta, 0, tau)

    numerator, _ = integrate.quad(integrand, -10 * tau, 10 * tau, points=[difference], limit=400)
    return numerator / normal.pdf(difference, 0, math.sqrt(variance))


@pytest.mark.parametrize(
    "counts", [(200, 10_000, 250, 10_000), (400, 20_000, 500, 20_000), (50, 1_000, 40, 1_000)]
)
@pytest.mark.parametrize("tau", [0.002, 0.005, 0.02])
def test_sequential_stop_is_the_mixture_ratio_against_1_over_alpha(counts, tau):
    conversions_a, total_a, conversions_b, total_b = counts
    pooled = (conversions_a + conversions_b) / (total_a + total_b)
    variance = pooled * (1 - pooled) * (1 / total_a + 1 / total_b)
    ratio = _mixture_ratio_by_integration(
        conversions_b / total_b - conversions_a / total_a, variance, tau
    )
    for alpha in (0.01, 0.05, 0.2):
        if abs(ratio * alpha - 1) > 1e-6:  # clear of the boundary
            assert roikit.ab_sequential_stop(*counts, 0.02, tau / 0.02, alpha) is bool(
                ratio >= 1 / alpha
            )


def test_sequential_stop_keeps_false_winners_below_alpha_when_peeking_every_day():
    """A/A tests watched after each of 60 daily batches: the mSPRT says stop in fewer than 5 %
    of them (a z-test checked daily would in about a quarter)."""
    rng = np.random.default_rng(15)
    runs, days, daily, rate = 2_000, 60, 500, 0.05
    conversions = rng.binomial(daily, rate, size=(2, runs, days)).cumsum(axis=2)
    totals = daily * np.arange(1, days + 1)
    stopped = np.zeros(runs, dtype=bool)
    peeking_z = np.zeros(runs, dtype=bool)
    for day in range(days):
        a, b = conversions[0, :, day].astype(float), conversions[1, :, day].astype(float)
        n = float(totals[day])
        stopped |= roikit.ab_sequential_stop(a, n, b, n, rate, 0.2) == 1
        peeking_z |= roikit.ab_significant(a, n, b, n) == 1
    assert stopped.mean() < 0.05
    assert peeking_z.mean() > 0.15


def test_sequential_stop_where_the_variance_terms_multiply_below_the_smallest_float():
    """Found by hypothesis: V ≈ 1e-308 times V + τ² ≈ 1e-208 is 0 in floats, and the scalar
    face raised ZeroDivisionError where the vectorized one said TRUE. Λ is vast: stop."""
    args = (0.0, 1e308, 1.0, 1.0, 1.0, 1.0182718487756799e-104, 0.5)
    assert roikit.ab_sequential_stop(*args) is True
    assert roikit.ab_sequential_stop(*(np.array([value]) for value in args)).tolist() == [1.0]
