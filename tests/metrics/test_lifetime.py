"""Lifetime and retention: CLV three ways, churn, retention, repeat purchases."""

from __future__ import annotations

import pytest

from roikit import (
    MetricError,
    churn_rate,
    clv,
    clv_churn,
    clv_retention,
    repeat_purchase_rate,
    retention_rate,
)


def test_clv_with_margin():
    assert clv(50, 4, 3, 0.3) == pytest.approx(180)


def test_clv_without_margin_is_lifetime_revenue():
    assert clv(50, 4, 3) == clv(50, 4, 3, None) == 600


def test_clv_retention_gupta_lehmann_margin_multiple():
    # Gupta & Lehmann (2003): r = 80 %, i = 12 % gives a margin multiple of 2.5.
    assert clv_retention(100, 0.8, 0.12) == pytest.approx(250)


def test_clv_retention_default_discount_is_ten_percent():
    assert clv_retention(100, 0.8) == pytest.approx(100 * 0.8 / 0.3)


def test_clv_retention_full_retention_no_discount_is_div0():
    with pytest.raises(MetricError) as info:
        clv_retention(100, 1, 0)
    assert info.value.excel_error == "#DIV/0!"


def test_clv_churn():
    assert clv_churn(100, 0.7, 0.05) == pytest.approx(1400)


def test_clv_churn_zero_churn_is_div0():
    with pytest.raises(MetricError, match="churn_rate is 0"):
        clv_churn(100, 0.7, 0)


def test_churn_rate():
    assert churn_rate(2000, 100) == pytest.approx(0.05)


def test_churn_rate_lost_more_than_start_is_num():
    with pytest.raises(MetricError) as info:
        churn_rate(100, 120)
    assert info.value.excel_error == "#NUM!"
    assert str(info.value) == "customers_lost (120) cannot be more than customers_start (100)"


def test_churn_rate_no_customers_is_div0():
    with pytest.raises(MetricError, match="customers_start is 0"):
        churn_rate(0, 0)


def test_retention_rate_takes_out_new_customers():
    assert retention_rate(200, 180, 30) == pytest.approx(0.75)


def test_retention_rate_new_more_than_end_is_num():
    with pytest.raises(MetricError, match="new_customers"):
        retention_rate(200, 20, 30)


def test_retention_rate_more_kept_than_started_is_num():
    with pytest.raises(MetricError, match="more were kept than there were at the start"):
        retention_rate(100, 150, 10)


def test_repeat_purchase_rate():
    assert repeat_purchase_rate(300, 1000) == pytest.approx(0.3)


def test_repeat_purchase_rate_more_repeaters_than_customers_is_num():
    with pytest.raises(MetricError) as info:
        repeat_purchase_rate(1001, 1000)
    assert info.value.excel_error == "#NUM!"


def test_bgnbd_p_alive_with_no_repeat_purchase_is_1_in_both_faces_whatever_the_parameters():
    # Fader, Hardie & Lee (2005), eq. 13: with no repeat purchase the odds term is 0, so P = 1;
    # huge parameters (a + b overflows a float) must not turn the array face's row into NaN
    import numpy as np

    from roikit import bgnbd_p_alive

    arguments = (0.0, 0.0, 0.0, 1.0, 1.0, 1e308, 1e308)
    assert bgnbd_p_alive(*arguments) == 1.0
    rows = bgnbd_p_alive(*(np.array([value, value]) for value in arguments))
    assert rows.tolist() == [1.0, 1.0]
