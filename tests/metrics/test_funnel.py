"""Funnel and pipeline: conversion rate, pipeline velocity, sales cycle."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from roikit import MetricError, conversion_rate, pipeline_velocity, sales_cycle


def test_conversion_rate_mql_to_sql():
    assert conversion_rate(45, 300) == pytest.approx(0.15)


def test_conversion_rate_more_conversions_than_total_is_num():
    with pytest.raises(MetricError, match=r"conversions \(301\) cannot be more than total \(300\)"):
        conversion_rate(301, 300)


def test_conversion_rate_empty_stage_is_div0():
    with pytest.raises(MetricError, match="total is 0"):
        conversion_rate(0, 0)


def test_pipeline_velocity_per_day():
    assert pipeline_velocity(50, 10_000, 0.25, 90) == pytest.approx(1388.888888888889)


def test_pipeline_velocity_zero_cycle_is_div0():
    with pytest.raises(MetricError, match="sales_cycle_days is 0"):
        pipeline_velocity(50, 10_000, 0.25, 0)


def test_sales_cycle_excel_serials_skip_open_deals():
    assert sales_cycle([45292, 45300, 45310], [45352, 45330, None]) == 45


def test_sales_cycle_python_numpy_and_pandas_dates_agree():
    import pandas as pd

    starts = [dt.date(2024, 1, 1), dt.datetime(2024, 1, 11, 12, 0)]
    ends = [np.datetime64("2024-01-31"), pd.Timestamp("2024-02-10 12:00")]
    assert sales_cycle(starts, ends) == 30
    assert sales_cycle(pd.Series(starts), pd.Series(ends)) == 30


def test_sales_cycle_mixes_serials_and_dates_on_the_excel_epoch():
    # Excel serial 45292 is 2024-01-01.
    assert sales_cycle([45292], [dt.date(2024, 1, 31)]) == 30


def test_sales_cycle_close_before_first_contact_is_num():
    with pytest.raises(
        MetricError, match=r"close_dates \(row 2\) is before its first contact date"
    ):
        sales_cycle([45292, 45300], [45300, 45290])


def test_sales_cycle_no_closed_deal_is_div0():
    with pytest.raises(MetricError) as info:
        sales_cycle([45292, None], [None, 45300])
    assert info.value.excel_error == "#DIV/0!"


def test_sales_cycle_ranges_of_different_lengths_is_value_error():
    with pytest.raises(MetricError, match=r"as many dates as close_dates \(2 vs 1\)"):
        sales_cycle([45292, 45300], [45310])


def test_sales_cycle_date_as_text_is_value_error_with_hint():
    with pytest.raises(MetricError, match="a date stored as text"):
        sales_cycle(["2024-01-01"], [45300])


def test_sales_cycle_of_serials_near_the_largest_float_is_their_mean_not_an_overflow():
    """Found by hypothesis: two day counts near the largest float overflowed math.fsum. Excel
    subtracts any numbers given as dates (a serial past 9999-12-31 only shows as ####), and
    so does the native twin: the mean, as for any other serials."""
    huge = 8.988465674311579e307
    assert sales_cycle([0.0, 0.0, 0.0], [0.0, huge, huge]) == pytest.approx(2 * huge / 3)
