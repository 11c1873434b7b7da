"""A/B tests of emails: is variant B's conversion rate really different from A's?

Two proportions, compared with the two-sided pooled z-test (NIST/SEMATECH e-Handbook of
Statistical Methods, 7.3.3). "Conversions" are whatever the test counts: opens, clicks, orders.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

from roikit.metrics.arrays import is_array, numpy
from roikit.metrics.checks import at_most, elementwise, nonzero, share, strictly_between_0_and_1
from roikit.metrics.decorator import metric
from roikit.metrics.kinds import Count, Number, Rate

_STANDARD_NORMAL = NormalDist()


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
    alpha = strictly_between_0_and_1(alpha, "alpha")
    power = strictly_between_0_and_1(power, "power")
    rate_1 = baseline_rate
    rate_2 = at_most(
        rate_1 * (1 + min_detectable_lift),
        1.0,
        "baseline_rate × (1 + min_detectable_lift)",
        "1",
        "the variant's rate would pass 100 %",
    )
    mean_rate = (rate_1 + rate_2) / 2
    z_alpha = -elementwise(
        _STANDARD_NORMAL.inv_cdf, alpha / 2, "alpha"
    )  # = z(1 − α/2), exact for tiny α
    z_power = elementwise(_STANDARD_NORMAL.inv_cdf, power, "power")
    spread = (
        z_alpha * (2 * mean_rate * (1 - mean_rate)) ** 0.5
        + z_power * (rate_1 * (1 - rate_1) + rate_2 * (1 - rate_2)) ** 0.5
    )
    n = spread**2 / nonzero((rate_2 - rate_1) ** 2, "baseline_rate × min_detectable_lift")
    return elementwise(math.ceil, n, "result")
