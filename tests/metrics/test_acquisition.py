"""Acquisition: CAC, CPL, CAC payback, LTV:CAC."""

from __future__ import annotations

import pytest

from roikit import MetricError, cac, cac_payback, cpl, ltv_cac


def test_cac_sums_cost_lines():
    assert cac([30_000, 20_000], 100) == 500


def test_cac_no_new_customers_is_div0():
    with pytest.raises(MetricError) as info:
        cac(50_000, 0)
    assert (info.value.argument, info.value.excel_error) == ("new_customers", "#DIV/0!")


def test_cpl_worked_example():
    assert cpl(5000, 250) == 20


def test_cpl_no_leads_is_div0():
    with pytest.raises(MetricError, match="leads is 0"):
        cpl(5000, 0)


def test_cac_payback_months():
    assert cac_payback(1200, 200, 0.5) == 12


def test_cac_payback_zero_margin_is_div0():
    with pytest.raises(MetricError) as info:
        cac_payback(1200, 200, 0)
    assert info.value.excel_error == "#DIV/0!"


def test_ltv_cac_three_to_one():
    assert ltv_cac(1500, 500) == 3


def test_ltv_cac_free_customers_is_div0():
    with pytest.raises(MetricError, match="cac is 0"):
        ltv_cac(1500, 0)
