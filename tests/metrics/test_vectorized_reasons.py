"""Vectorized calls never go silent: a one-value argument that breaks its rule raises as the
scalar call does, and a Series result says why each NaN row is NaN."""

from __future__ import annotations

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
