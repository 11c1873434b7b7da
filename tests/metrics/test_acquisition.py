"""Acquisition: CAC, CPL, CPC, CPA, CAC payback, LTV:CAC."""

from __future__ import annotations

import numpy as np
import pytest

from roikit import MetricError, cac, cac_payback, cpa, cpc, cpl, ltv_cac


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


def test_cpc_google_ads_row_is_its_avg_cost():
    # Google Ads report row: cost 550.20, 1,310 clicks, "Avg. cost" 0.42
    assert cpc(550.20, 1310) == pytest.approx(0.42, rel=1e-12)


def test_cpc_sums_cost_lines_and_no_clicks_is_div0():
    assert cpc([400, 100], 1000) == 0.5
    with pytest.raises(MetricError) as info:
        cpc(550.20, 0)
    assert (info.value.argument, info.value.excel_error) == ("clicks", "#DIV/0!")


def test_cpa_google_ads_row_is_its_cost_per_conversion():
    # the same row: 96 conversions, "Cost / conv." 5.73
    assert round(cpa(550.20, 96), 2) == 5.73


def test_cpa_blank_or_negative_conversions_are_refused():
    with pytest.raises(MetricError) as blank:
        cpa(550.20, None)
    assert blank.value.excel_error == "#VALUE!"
    with pytest.raises(MetricError) as negative:
        cpa(550.20, -3)
    assert negative.value.excel_error == "#NUM!"


def test_cpc_and_cpa_are_vectorized_with_nan_where_a_row_is_undefined():
    costs = np.array([100.0, 50.0])  # an array is one cost per row (a list is cost lines)
    assert np.isnan(cpc(costs, [200, 0])).tolist() == [False, True]
    assert cpc(costs, [200, 0])[0] == 0.5
    assert cpa(costs, [4, 5]).tolist() == [25.0, 10.0]
