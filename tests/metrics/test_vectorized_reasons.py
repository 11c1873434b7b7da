"""Vectorized calls never go silent: a one-value argument that breaks its rule raises as the
scalar call does, and a Series result says why each NaN row is NaN."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import roikit
from roikit.metrics.reasons import REASONS, reasons


def test_a_margin_of_25_for_every_row_raises_the_scalar_error():
    revenue, costs = pd.Series([558800.0, 1000.0]), pd.Series([63500.0, 100.0])
    with pytest.raises(roikit.MetricError) as scalar:
        roikit.romi(558800, 25, 63500)
    with pytest.raises(roikit.MetricError) as vectorized:
        roikit.romi(revenue, 25, costs)
    assert str(vectorized.value) == str(scalar.value)
    assert vectorized.value.excel_error == "#NUM!"


@pytest.mark.parametrize("value", [-1, "lots", None])
def test_any_broken_one_value_argument_raises(value):
    with pytest.raises(roikit.MetricError) as scalar:
        roikit.ctr(5, value)
    with pytest.raises(roikit.MetricError) as vectorized:
        roikit.ctr(pd.Series([5, 6]), value)
    assert str(vectorized.value) == str(scalar.value)


def test_a_series_result_carries_the_reason_of_every_nan_row():
    clicks = pd.Series([5, 1, 3, None, 200, 7], index=list("abcdef"))
    delivered = pd.Series([100, 0, -1, 10, 100, 0], index=list("abcdef"))
    result = roikit.ctr(clicks, delivered)
    assert result.isna().tolist() == [False, True, True, True, True, True]
    assert reasons(result) == {
        "clicks is blank": ["d"],
        "delivered must be 0 or more": ["c"],
        "clicks cannot be more than delivered; use unique counts, not totals": ["b", "e", "f"],
    }
    assert list(result.attrs[REASONS]) == list(reasons(result))


def test_each_reason_is_the_error_the_scalar_call_raises_for_that_row():
    revenue = pd.Series([1000.0, 1000.0, -5.0, 1000.0])
    margin = pd.Series([0.25, 25.0, 0.25, 0.25])
    costs = pd.Series([100.0, 100.0, 100.0, 0.0])
    result = roikit.romi(revenue, margin, costs)
    for reason, rows in reasons(result).items():
        for row in rows:
            with pytest.raises(roikit.MetricError) as err:
                roikit.romi(revenue[row], margin[row], costs[row])
            assert str(err.value).startswith(reason.split(" (")[0].split(",")[0]), reason
    assert set(reasons(result)) == {
        "margin must be between 0 and 1 (write 25% or 0.25)",
        "revenue must be 0 or more",
        "costs is 0, so the ratio is undefined",
    }


def test_a_defined_result_has_no_reasons_and_arrays_stay_arrays():
    assert reasons(roikit.ctr(pd.Series([5]), pd.Series([100]))) == {}
    assert isinstance(roikit.ctr(np.array([5, 1]), np.array([100, 0])), np.ndarray)


BGNBD_CLV_ZEROS = {  # the example hypothesis found: periods × period_length arrays inside
    "periods": [0, 1, 0],
    "period_length": [0, 0.5, 0],
    **{
        name: [0, 0, 0]
        for name in ("frequency", "recency", "age", "r", "alpha", "a", "b", "value_per_purchase")
    },
    "discount_rate": [0, 0, 0],
}


def test_bgnbd_clv_series_with_rows_x_periods_checks_gives_reasons_not_a_crash():
    """A check inside BGNBD_CLV's rows × periods arrays notes a 2-D mask (rows × 1 for a − 1 = 0);
    it counts for its rows, it does not break the explanation."""
    columns = {name: pd.Series(values, dtype=float) for name, values in BGNBD_CLV_ZEROS.items()}
    result = roikit.bgnbd_clv(**columns)
    array = roikit.bgnbd_clv(**{name: c.to_numpy() for name, c in columns.items()})
    np.testing.assert_array_equal(result.to_numpy(), array)
    assert result.isna().all()
    assert sorted(row for rows in reasons(result).values() for row in rows) == [0, 1, 2]


def test_a_rows_x_periods_mask_counts_for_its_rows():
    from roikit.metrics.reasons import explained

    result, index = np.array([1.0, math.nan, math.nan]), pd.Index(list("abc"))
    per_period = np.array([[False, False], [False, True], [False, False]])
    per_row = np.array([[False], [True], [True]])
    assert {k: list(v) for k, v in explained(result, [(per_period, "p")], index).items()} == {
        "p": ["b"],
        "result is undefined for these values": ["c"],
    }
    assert {k: list(v) for k, v in explained(result, [(per_row, "r")], index).items()} == {
        "r": ["b", "c"]
    }


def test_bgnbd_clv_reasons_are_the_scalar_errors_of_their_rows():
    """Each rule BG/NBD checks in its body says why its rows are NaN, as the scalar call raises
    it; one value for every row (period_length, alpha, age here) keeps the rows × periods checks
    reading rows."""
    periods = pd.Series([3.0, 2.5, 400.0, 3.0, 3.0, 3.0], index=list("abcdef"))
    frequency = pd.Series([2.0, 2.0, 2.0, 0.0, 2.0, 2.0], index=list("abcdef"))
    recency = pd.Series([10.0, 10.0, 10.0, 5.0, 10.0, 10.0], index=list("abcdef"))
    r = pd.Series([0.24, 0.24, 0.24, 0.24, 0.0, 0.24], index=list("abcdef"))
    a = pd.Series([0.79, 0.79, 0.79, 0.79, 0.79, 1.0], index=list("abcdef"))
    arguments = dict(period_length=30.0, age=30.0, alpha=4.4, b=2.4, value_per_purchase=20.0)
    result = roikit.bgnbd_clv(periods, frequency=frequency, recency=recency, r=r, a=a, **arguments)
    assert result.isna().tolist() == [False, True, True, True, True, True]
    found = reasons(result)
    assert sorted(row for rows in found.values() for row in rows) == list("bcdef")
    for reason, rows in found.items():
        for row in rows:
            with pytest.raises(roikit.MetricError) as err:
                roikit.bgnbd_clv(
                    periods[row],
                    frequency=frequency[row],
                    recency=recency[row],
                    r=r[row],
                    a=a[row],
                    **arguments,
                )
            assert str(err.value).startswith(reason), (row, reason, str(err.value))
