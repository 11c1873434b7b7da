"""A/B tests: lift, pooled z-test p-value, significance, sample size."""

from __future__ import annotations

import math

import pytest

from roikit import MetricError, ab_lift, ab_pvalue, ab_sample_size, ab_significant


def test_ab_lift_relative():
    assert ab_lift(200, 10_000, 250, 10_000) == pytest.approx(0.25)


def test_ab_lift_worse_variant_is_negative():
    assert ab_lift(250, 10_000, 200, 10_000) == pytest.approx(-0.2)


def test_ab_lift_control_never_converted_is_div0():
    with pytest.raises(MetricError, match="conversions_a is 0"):
        ab_lift(0, 10_000, 5, 10_000)


def test_ab_pvalue_by_hand():
    # Pooled p = 0.0225, se = sqrt(p(1-p)(2/10000)) = 0.0020973, z = 0.005 / se = 2.38400.
    z = 0.005 / math.sqrt(0.0225 * 0.9775 * 2 / 10_000)
    assert ab_pvalue(200, 10_000, 250, 10_000) == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert ab_pvalue(200, 10_000, 250, 10_000) == pytest.approx(0.017126, abs=1e-6)


def test_ab_pvalue_is_symmetric():
    assert ab_pvalue(200, 10_000, 250, 10_000) == pytest.approx(ab_pvalue(250, 10_000, 200, 10_000))


def test_ab_pvalue_equal_rates_is_one():
    assert ab_pvalue(100, 1000, 100, 1000) == pytest.approx(1.0)


def test_ab_pvalue_no_variation_is_div0():
    with pytest.raises(MetricError) as info:
        ab_pvalue(0, 1000, 0, 1000)
    assert info.value.excel_error == "#DIV/0!"


def test_ab_pvalue_conversions_above_total_is_num():
    with pytest.raises(MetricError, match="conversions_b"):
        ab_pvalue(10, 100, 101, 100)


def test_ab_significant_depends_on_confidence():
    assert ab_significant(200, 10_000, 250, 10_000) is True
    assert ab_significant(200, 10_000, 250, 10_000, 0.99) is False


@pytest.mark.parametrize("confidence", [0, 1])
def test_ab_significant_confidence_must_be_inside_0_and_1(confidence):
    with pytest.raises(MetricError, match="confidence must be above 0 and below 1"):
        ab_significant(200, 10_000, 250, 10_000, confidence)


def test_ab_sample_size_fleiss():
    # 5 % -> 6 %, alpha 0.05 two-sided, power 0.8: 8,157.7 rounded up.
    assert ab_sample_size(0.05, 0.2) == 8158


def test_ab_sample_size_more_power_needs_more_recipients():
    assert ab_sample_size(0.05, 0.2, 0.05, 0.9) > ab_sample_size(0.05, 0.2)


def test_ab_sample_size_zero_lift_is_div0():
    with pytest.raises(MetricError) as info:
        ab_sample_size(0.05, 0)
    assert info.value.excel_error == "#DIV/0!"


def test_ab_sample_size_variant_rate_above_100_percent_is_num():
    with pytest.raises(MetricError, match="would pass 100 %"):
        ab_sample_size(0.6, 1)


@pytest.mark.parametrize(("alpha", "power"), [(0, 0.8), (0.05, 1), (1, 0.8)])
def test_ab_sample_size_alpha_and_power_must_be_inside_0_and_1(alpha, power):
    with pytest.raises(MetricError, match="must be above 0 and below 1"):
        ab_sample_size(0.05, 0.2, alpha, power)
