"""Money: ROMI, ROI, ROAS, gross profit, break-even revenue."""

from __future__ import annotations

import pytest

from roikit import MetricError, breakeven_revenue, gross_profit, roas, roi, romi


def test_romi_worked_email_month_is_120_percent():
    # roikit's worked month: revenue 558,800, margin 25 %, costs 13,500 + 50,000.
    assert romi(558_800, 0.25, [13_500, 50_000]) == pytest.approx(1.2)


def test_romi_zero_costs_is_div0():
    with pytest.raises(MetricError) as info:
        romi(1000, 0.25, 0)
    assert (info.value.argument, info.value.excel_error) == ("costs", "#DIV/0!")


def test_romi_all_blank_cost_lines_is_a_missing_value():
    with pytest.raises(MetricError, match="costs is blank: enter at least one cost line") as info:
        romi(1000, 0.25, [None, None])
    assert info.value.excel_error == "#VALUE!"


def test_romi_blank_cost_line_counts_as_nothing():
    assert romi(558_800, 0.25, [13_500, None, float("nan"), 50_000]) == pytest.approx(1.2)


def test_romi_text_cost_line_names_the_line():
    with pytest.raises(MetricError, match="costs line 2 must be a number, got text 'Platform'"):
        romi(558_800, 0.25, [13_500, "Platform"])


def test_romi_nested_range_like_excel_passes_it():
    assert romi(558_800, 0.25, ((13_500,), (50_000,))) == pytest.approx(1.2)


def test_romi_loss_is_negative():
    assert romi(100_000, 0.25, 50_000) == pytest.approx(-0.5)


def test_romi_margin_typed_as_25_is_refused_with_the_hint():
    with pytest.raises(MetricError) as info:
        romi(558_800, 25, 63_500)
    assert str(info.value) == "margin must be between 0 and 1 (write 25% or 0.25), got 25"
    assert info.value.excel_error == "#NUM!"


def test_roi_counts_revenue_not_profit():
    assert roi(558_800, [13_500, 50_000]) == pytest.approx(7.8)


def test_roi_zero_costs_is_div0():
    with pytest.raises(MetricError, match="costs is 0"):
        roi(1, 0)


def test_gross_profit_of_the_worked_month():
    assert gross_profit(558_800, 0.25) == pytest.approx(139_700)


def test_breakeven_revenue_makes_romi_zero():
    revenue = breakeven_revenue([13_500, 50_000], 0.25)
    assert revenue == pytest.approx(254_000)
    assert romi(revenue, 0.25, [13_500, 50_000]) == pytest.approx(0, abs=1e-12)


def test_breakeven_revenue_zero_margin_is_div0():
    with pytest.raises(MetricError) as info:
        breakeven_revenue(1000, 0)
    assert (info.value.argument, info.value.excel_error) == ("margin", "#DIV/0!")


def test_roas_google_ads_row_and_the_definition():
    # Google Ads report row: conversion value 9,120 on a cost of 550.20
    assert roas(9120, 550.20) == pytest.approx(16.5758, rel=1e-5)
    assert roas(20, 10) == 2.0  # 20 in sales on 10 spent: 200 %


def test_roas_is_revenue_over_cost_lines_not_profit():
    assert roas(558_800, [13_500, 50_000]) == pytest.approx(8.8, rel=1e-12)
    assert roas(558_800, [13_500, 50_000]) == pytest.approx(roi(558_800, [13_500, 50_000]) + 1)


def test_roas_zero_costs_is_div0_and_text_revenue_is_value():
    with pytest.raises(MetricError) as zero:
        roas(1000, 0)
    assert (zero.value.argument, zero.value.excel_error) == ("costs", "#DIV/0!")
    with pytest.raises(MetricError, match="number stored as text") as text:
        roas("1,000", 100)
    assert text.value.excel_error == "#VALUE!"
