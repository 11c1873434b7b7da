"""Funnel and pipeline: how leads become customers, and how fast the pipeline turns into revenue."""

from __future__ import annotations

import math

from roikit.errors import DIV0, NUM, VALUE, MetricError
from roikit.metrics.checks import nonzero, share
from roikit.metrics.convert import excel_serial, range_values
from roikit.metrics.decorator import metric
from roikit.metrics.kinds import Count, Dates, Money, Number, Rate


@metric
def conversion_rate(conversions: Count, total: Count) -> float:
    """Conversion rate: the share of a stage that reached the next one.

    Formula: conversion_rate = conversions / total

    Any stage: visitor → lead, lead → MQL, MQL → SQL, SQL → opportunity, opportunity → won
    (the last is the win rate).
    """
    return share(conversions, total, "conversions", "total")


@metric
def pipeline_velocity(
    opportunities: Count, avg_deal_size: Money, win_rate: Rate, sales_cycle_days: Number
) -> float:
    """Pipeline velocity: the revenue the open pipeline turns into per day.

    Formula: pipeline_velocity = opportunities × avg_deal_size × win_rate / sales_cycle_days
    """
    return (opportunities * avg_deal_size * win_rate) / nonzero(
        sales_cycle_days, "sales_cycle_days"
    )


@metric
def sales_cycle(first_contact_dates: Dates, close_dates: Dates) -> float:
    """Sales cycle length: the mean number of days from first contact to close.

    Formula: sales_cycle = mean(close_date − first_contact_date) over the pairs

    Dates are paired by position; a pair with a blank on either side (a deal still open) is
    skipped. Dates may be Excel date serials or Python / numpy / pandas dates.
    """
    starts = list(range_values(first_contact_dates))
    ends = list(range_values(close_dates))
    if len(starts) != len(ends):
        rule = f"must have as many dates as close_dates ({len(starts)} vs {len(ends)})"
        raise MetricError("first_contact_dates", rule, VALUE)
    days = []
    for row, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
        first = excel_serial(start, f"first_contact_dates (row {row})")
        close = excel_serial(end, f"close_dates (row {row})")
        if first is None or close is None:
            continue
        if close < first:
            raise MetricError(f"close_dates (row {row})", "is before its first contact date", NUM)
        days.append(close - first)
    if not days:
        raise MetricError("close_dates", "has no closed deal (every pair has a blank)", DIV0)
    try:
        return math.fsum(days) / len(days)
    except OverflowError:  # day counts near the largest float: each over the count first
        return math.fsum(day / len(days) for day in days)
