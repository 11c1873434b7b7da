"""A/B tests of emails: is variant B's conversion rate really different from A's?

Two proportions, compared with the two-sided pooled z-test (NIST/SEMATECH e-Handbook of
Statistical Methods, 7.3.3). "Conversions" are whatever the test counts: opens, clicks, orders.
Around the test, what the best calculators show: the interval for the difference (Newcombe),
the power reached, the Bayesian chance that B beats A (exact), a plan for more than two
variants (Bonferroni) and a stop rule that allows peeking (mSPRT).
"""

from __future__ import annotations

import math
from typing import Any

from roikit.errors import NUM, MetricError
from roikit.metrics.arrays import is_array, numpy
from roikit.metrics.checks import at_most, elementwise, nonzero, share, strictly_between_0_and_1
from roikit.metrics.decorator import metric
from roikit.metrics.kinds import Count, Number, Rate
from roikit.metrics.special import (
    log,
    normal_cdf,
    normal_quantile,
    prob_beta_b_beats_a,
    rowwise,
    whole,
)


def _rates(conversions_a: Any, total_a: Any, conversions_b: Any, total_b: Any) -> tuple[Any, Any]:
    rate_a = share(conversions_a, total_a, "conversions_a", "total_a")
    rate_b = share(conversions_b, total_b, "conversions_b", "total_b")
    return rate_a, rate_b


@metric
def ab_lift(conversions_a: Count, total_a: Count, conversions_b: Count, total_b: Count) -> float:
    """Lift of B over A: how much higher B's conversion rate is, relative to A's.

    Formula: ab_lift = (conversions_b / total_b − conversions_a / total_a) / (conversions_a / total_a)
    """
    rate_a, rate_b = _rates(conversions_a, total_a, conversions_b, total_b)
    return (rate_b - rate_a) / nonzero(rate_a, "conversions_a")


@metric
def ab_pvalue(conversions_a: Count, total_a: Count, conversions_b: Count, total_b: Count) -> float:
    """Two-sided p-value of the pooled two-proportion z-test of B against A.

    Formula: ab_pvalue = 2 × (1 − Φ(|z|)), z = (p_b − p_a) / √(p × (1 − p) × (1/n_a + 1/n_b)),
    p = (conversions_a + conversions_b) / (total_a + total_b)

    The chance of a difference at least this large if A and B truly converted alike.
    """
    rate_a, rate_b = _rates(conversions_a, total_a, conversions_b, total_b)
    pooled = (conversions_a + conversions_b) / (total_a + total_b)
    standard_error = (pooled * (1 - pooled) * (1 / total_a + 1 / total_b)) ** 0.5
    z = (rate_b - rate_a) / nonzero(
        standard_error, "the pooled standard error (no variation at all)"
    )
    return elementwise(math.erfc, abs(z) / math.sqrt(2), "the z statistic")


@metric
def ab_significant(
    conversions_a: Count,
    total_a: Count,
    conversions_b: Count,
    total_b: Count,
    confidence: Rate = 0.95,
) -> bool:
    """Whether B differs from A at the given confidence level (two-sided pooled z-test).

    Formula: ab_significant = ab_pvalue(...) < 1 − confidence

    Over arrays the result is 1.0 / 0.0, NaN where a row is undefined; a Series comes back as
    pandas' nullable boolean.
    """
    p_value = ab_pvalue(conversions_a, total_a, conversions_b, total_b)  # raises where undefined
    significance = 1 - strictly_between_0_and_1(confidence, "confidence")
    if is_array(p_value) or is_array(significance):
        np = numpy()
        undefined = np.isnan(p_value) | np.isnan(significance)
        return np.where(undefined, math.nan, (p_value < significance).astype(float))
    return bool(p_value < significance)


def _planned_rates(baseline_rate: Any, min_detectable_lift: Any) -> tuple[Any, Any, Any]:
    """p₁, p₂ and p̄ of a plan: the control's rate, the variant's with the lift, their mean."""
    rate_2 = at_most(
        baseline_rate * (1 + min_detectable_lift),
        1.0,
        "baseline_rate × (1 + min_detectable_lift)",
        "1",
        "the variant's rate would pass 100 %",
    )
    return baseline_rate, rate_2, (baseline_rate + rate_2) / 2


def _z_two_sided(alpha: Any) -> Any:
    """z₁₋α/₂, computed as −Φ⁻¹(α/2), which stays exact for tiny α."""
    return -elementwise(normal_quantile, alpha / 2, "alpha")


def _per_variant(baseline_rate: Any, min_detectable_lift: Any, alpha: Any, power: Any) -> Any:
    """Fleiss, Levin & Paik's eq. 4.14, before rounding up (see :func:`ab_sample_size`)."""
    alpha = strictly_between_0_and_1(alpha, "alpha")
    power = strictly_between_0_and_1(power, "power")
    rate_1, rate_2, mean_rate = _planned_rates(baseline_rate, min_detectable_lift)
    z_power = elementwise(normal_quantile, power, "power")
    spread = (
        _z_two_sided(alpha) * (2 * mean_rate * (1 - mean_rate)) ** 0.5
        + z_power * (rate_1 * (1 - rate_1) + rate_2 * (1 - rate_2)) ** 0.5
    )
    return spread**2 / nonzero((rate_2 - rate_1) ** 2, "baseline_rate × min_detectable_lift")


@metric
def ab_sample_size(
    baseline_rate: Rate, min_detectable_lift: Number, alpha: Rate = 0.05, power: Rate = 0.8
) -> float:
    """Recipients needed in each variant to detect a relative lift (two-sided z-test), rounded up.

    Formula: n = ⌈(z₁₋α/₂ × √(2 p̄ (1 − p̄)) + z_power × √(p₁(1 − p₁) + p₂(1 − p₂)))² / (p₂ − p₁)²⌉,
    p₁ = baseline_rate, p₂ = p₁ × (1 + min_detectable_lift), p̄ = (p₁ + p₂) / 2

    Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions (3rd ed.), eq. 4.14,
    without continuity correction.
    """
    n = _per_variant(baseline_rate, min_detectable_lift, alpha, power)
    return elementwise(math.ceil, n, "result")


@metric
def ab_sample_size_multi(
    baseline_rate: Rate,
    min_detectable_lift: Number,
    variants: Count,
    alpha: Rate = 0.05,
    power: Rate = 0.8,
) -> float:
    """Recipients needed in each of several variants (a control and challengers), Bonferroni.

    Formula: n = ab_sample_size(baseline_rate, min_detectable_lift, alpha / (variants − 1), power)

    Each of the variants − 1 challengers is compared with the control; splitting alpha among the
    comparisons (Bonferroni; Dunn, 'Multiple comparisons among means', JASA 56, 1961) keeps the
    chance of any false winner at most alpha. With 2 variants it is AB_SAMPLE_SIZE.
    """
    variants = whole(variants, "variants", minimum=2)
    alpha = strictly_between_0_and_1(alpha, "alpha")
    n = _per_variant(baseline_rate, min_detectable_lift, alpha / (variants - 1), power)
    return elementwise(math.ceil, n, "result")


@metric
def ab_power(
    baseline_rate: Rate, min_detectable_lift: Number, per_variant: Count, alpha: Rate = 0.05
) -> float:
    """Power reached: the chance that the two-sided z-test finds a lift of the given size.

    Formula: power = Φ((|p₂ − p₁| √n − z₁₋α/₂ σ₀) / σ₁) + Φ((−|p₂ − p₁| √n − z₁₋α/₂ σ₀) / σ₁),
    σ₀ = √(2 p̄ (1 − p̄)), σ₁ = √(p₁(1 − p₁) + p₂(1 − p₂)), n = per_variant, p₁, p₂, p̄ as in
    AB_SAMPLE_SIZE

    The same test and normal approximation AB_SAMPLE_SIZE plans with (Fleiss, Levin & Paik
    eq. 4.14 solved for the power), both tails counted, so that the power at AB_SAMPLE_SIZE's
    answer is at least the power asked for, and a lift of 0 gives alpha back.
    """
    alpha = strictly_between_0_and_1(alpha, "alpha")
    rate_1, rate_2, mean_rate = _planned_rates(baseline_rate, min_detectable_lift)
    spread_null = (2 * mean_rate * (1 - mean_rate)) ** 0.5 * _z_two_sided(alpha)
    spread = nonzero(
        (rate_1 * (1 - rate_1) + rate_2 * (1 - rate_2)) ** 0.5,
        "the rates' standard deviation (rates of 0 % or 100 % do not vary)",
    )
    shift = abs(rate_2 - rate_1) * per_variant**0.5
    return normal_cdf((shift - spread_null) / spread) + normal_cdf((-shift - spread_null) / spread)


def _wilson(conversions: Any, total: Any, z: Any) -> tuple[Any, Any]:
    """Wilson's score interval for one rate (Wilson 1927; Newcombe 1998, method 3)."""
    centre = (conversions + z**2 / 2) / (total + z**2)
    half = z / (total + z**2) * (conversions * (total - conversions) / total + z**2 / 4) ** 0.5
    return centre - half, centre + half


def _newcombe(
    conversions_a: Any, total_a: Any, conversions_b: Any, total_b: Any, confidence: Any
) -> tuple[Any, Any, Any]:
    """The difference rate_b − rate_a and Newcombe's hybrid score distances below and above."""
    rate_a, rate_b = _rates(conversions_a, total_a, conversions_b, total_b)
    z = _z_two_sided(1 - strictly_between_0_and_1(confidence, "confidence"))
    low_a, high_a = _wilson(conversions_a, total_a, z)
    low_b, high_b = _wilson(conversions_b, total_b, z)
    below = ((rate_b - low_b) ** 2 + (high_a - rate_a) ** 2) ** 0.5
    above = ((high_b - rate_b) ** 2 + (rate_a - low_a) ** 2) ** 0.5
    return rate_b - rate_a, below, above


@metric
def ab_ci_low(
    conversions_a: Count,
    total_a: Count,
    conversions_b: Count,
    total_b: Count,
    confidence: Rate = 0.95,
) -> float:
    """Lower end of the confidence interval for the difference rate_b - rate_a (Newcombe).

    Formula: ab_ci_low = (p_b − p_a) − √((p_b − l_b)² + (u_a − p_a)²), where (l, u) is each
    rate's Wilson score interval: (x + z²/2) / (n + z²) ∓ z / (n + z²) × √(x (n − x) / n + z²/4),
    z = z₁₋₍₁₋confidence₎/₂

    Newcombe's hybrid score interval (Newcombe, 'Interval estimation for the difference between
    independent proportions', Statistics in Medicine 17, 1998, method 10): it keeps its coverage
    for small counts and rates near 0 %, where the plain Wald interval does not.
    """
    difference, below, _ = _newcombe(conversions_a, total_a, conversions_b, total_b, confidence)
    return difference - below


@metric
def ab_ci_high(
    conversions_a: Count,
    total_a: Count,
    conversions_b: Count,
    total_b: Count,
    confidence: Rate = 0.95,
) -> float:
    """Upper end of the confidence interval for the difference rate_b - rate_a (Newcombe).

    Formula: ab_ci_high = (p_b − p_a) + √((u_b − p_b)² + (p_a − l_a)²), with the Wilson score
    intervals (l, u) of AB_CI_LOW

    Newcombe's hybrid score interval (Statistics in Medicine 17, 1998, method 10).
    """
    difference, _, above = _newcombe(conversions_a, total_a, conversions_b, total_b, confidence)
    return difference + above


#: the sum's terms are exact to about 10⁻⁹ up to a billion recipients a variant (ln Γ grows as n ln n)
_MOST_RECIPIENTS = 1e9
_EXACT = "beyond that the sum's logarithms lose their precision"
#: one term per conversion of B, one row each in the native formula: Excel's rows less one
_MOST_TERMS = 1_048_575


@metric
def ab_prob_b_beats_a(
    conversions_a: Count, total_a: Count, conversions_b: Count, total_b: Count
) -> float:
    """Bayesian chance that B's true conversion rate is higher than A's (uniform priors), exact.

    Formula: P(p_B > p_A) = Σ_{i=0}^{α_B−1} B(α_A + i, β_A + β_B) / ((β_B + i) B(1 + i, β_B)
    B(α_A, β_A)), α = 1 + conversions, β = 1 + total − conversions, B the beta function

    Each rate's posterior after a uniform Beta(1, 1) prior is Beta(α, β); the sum is exact, not
    sampled (Evan Miller, 'Formulas for Bayesian A/B testing', 2014), and runs over the
    smallest of the four counts (conversions and non-conversions of each variant) + 1 terms.
    Counts must be whole, up to 1,000,000,000 recipients and 1,048,575 conversions of B.
    """
    rate_a, rate_b = _rates(conversions_a, total_a, conversions_b, total_b)
    counts = [
        whole(conversions_a, "conversions_a"),
        at_most(whole(total_a, "total_a"), _MOST_RECIPIENTS, "total_a", "1,000,000,000", _EXACT),
        at_most(
            whole(conversions_b, "conversions_b"),
            _MOST_TERMS,
            "conversions_b",
            "1,048,575",
            "the sum (and the native formula) has a term per conversion of B, one per row",
        ),
        at_most(whole(total_b, "total_b"), _MOST_RECIPIENTS, "total_b", "1,000,000,000", _EXACT),
    ]
    return rowwise(_prob_b_beats_a, *counts, rate_a + rate_b)


def _prob_b_beats_a(
    conversions_a: float,
    total_a: float,
    conversions_b: float,
    total_b: float,
    rates_defined: float,
) -> float:
    """The sum for one row; ``rates_defined`` is NaN in a row whose rates are undefined, which
    :func:`rowwise` then leaves NaN."""
    return prob_beta_b_beats_a(
        1 + conversions_a,
        1 + total_a - conversions_a,
        1 + conversions_b,
        1 + total_b - conversions_b,
    )


@metric
def ab_sequential_stop(
    conversions_a: Count,
    total_a: Count,
    conversions_b: Count,
    total_b: Count,
    baseline_rate: Rate,
    min_detectable_lift: Number,
    alpha: Rate = 0.05,
) -> bool:
    """Whether a running test may stop now and call a difference (mSPRT, peeking allowed).

    Formula: stop when Λ ≥ 1 / alpha, Λ = √(V / (V + τ²)) × exp(d² τ² / (2 V (V + τ²))),
    d = p_b − p_a, V = p̄ (1 − p̄) (1/n_a + 1/n_b) with the pooled rate p̄ as in AB_PVALUE,
    τ = baseline_rate × min_detectable_lift

    The mixture sequential probability ratio test with a normal mixture over the difference
    (Johari, Koomen, Pekelis & Walsh, 'Peeking at A/B tests', KDD 2017, the always-valid test of
    Optimizely's Stats Engine): look at the counts as often as you like and stop the first time
    it says TRUE; the chance of a false winner over the whole run stays below alpha. τ, the
    spread of the differences the test is tuned to, is the lift from the test's plan.
    """
    rate_a, rate_b = _rates(conversions_a, total_a, conversions_b, total_b)
    alpha = strictly_between_0_and_1(alpha, "alpha")
    pooled = (conversions_a + conversions_b) / (total_a + total_b)
    variance = nonzero(
        pooled * (1 - pooled) * (1 / total_a + 1 / total_b),
        "the pooled variance (no variation at all)",
    )
    tau_squared = nonzero(
        (baseline_rate * min_detectable_lift)
        * (baseline_rate * min_detectable_lift),  # ∞, not an OverflowError
        "baseline_rate × min_detectable_lift",
    )
    difference = rate_b - rate_a
    # divided by one factor at a time: their product can underflow to 0 (V of 1e-308, τ² of
    # 1e-208) where the quotient is merely large
    spread = difference**2 * tau_squared / (2 * variance) / (variance + tau_squared)
    if not any(is_array(v) for v in (variance, spread, alpha)):
        log_ratio = 0.5 * log(variance / (variance + tau_squared)) + spread
        if math.isnan(log_ratio):
            raise MetricError("result", "is undefined for these values", NUM)
        return bool(log_ratio >= -log(alpha))
    np = numpy()
    log_ratio = 0.5 * np.log(variance / (variance + tau_squared)) + spread
    decision = log_ratio >= -np.log(alpha)
    return np.where(np.isnan(log_ratio + alpha), math.nan, decision.astype(float))
