"""The vectorized face: arrays and Series in, the same shape back, NaN where a row is undefined."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import roikit
from roikit import MetricError


def test_series_keeps_its_index_and_is_named_after_the_metric():
    revenue = pd.Series([558_800.0, 100_000.0], index=["may", "june"])
    result = roikit.romi(revenue, 0.25, [13_500, 50_000])
    assert list(result.index) == ["may", "june"]
    assert result.name == "romi"
    assert result["may"] == pytest.approx(1.2)


def test_arrays_broadcast_like_numpy():
    clicks = np.array([[10.0], [20.0]])
    delivered = np.array([100.0, 200.0, 400.0])
    result = roikit.ctr(clicks, delivered)
    assert result.shape == (2, 3)
    assert result[1, 2] == pytest.approx(0.05)


def test_lists_are_columns_for_one_value_arguments():
    assert roikit.ctr([1, 2], [10, 20]).tolist() == [0.1, 0.1]


def test_a_list_of_cost_lines_is_summed_for_every_row():
    result = roikit.romi(np.array([558_800.0, 254_000.0]), 0.25, [13_500, 50_000])
    np.testing.assert_allclose(result, [1.2, 0.0], atol=1e-12)


def test_a_frame_of_cost_lines_is_summed_per_row():
    costs = pd.DataFrame({"platform": [13_500.0, 1000.0], "people": [50_000.0, None]})
    revenue = pd.Series([558_800.0, 8000.0])
    np.testing.assert_allclose(roikit.romi(revenue, 0.25, costs), [1.2, 1.0])


def test_a_row_that_breaks_a_rule_is_nan_and_the_others_are_computed():
    margin = np.array([0.25, 25.0, 0.25, 0.25])
    costs = np.array([63_500.0, 63_500.0, 0.0, -1.0])
    result = roikit.romi(558_800.0, margin, costs)
    assert result[0] == pytest.approx(1.2)
    assert np.isnan(result[1:]).all()


def test_text_blanks_and_logicals_in_an_object_series_are_nan_rows():
    opens = pd.Series([2450, "n/a", None, True, 100], dtype=object)
    result = roikit.open_rate(opens, 9800)
    assert result[0] == pytest.approx(0.25)
    assert result[1:4].isna().all()
    assert result[4] == pytest.approx(100 / 9800)


def test_part_above_whole_is_a_nan_row():
    result = roikit.ctor(np.array([10.0, 30.0]), np.array([20.0, 20.0]))
    assert result[0] == 0.5
    assert math.isnan(result[1])


def test_series_with_different_indexes_are_refused():
    with pytest.raises(MetricError, match="different indexes: align them first"):
        roikit.ctr(pd.Series([1.0], index=["a"]), pd.Series([10.0], index=["b"]))


def test_arrays_of_different_lengths_are_refused():
    with pytest.raises(MetricError, match="different lengths"):
        roikit.ctr(np.array([1.0, 2.0]), np.array([10.0, 20.0, 30.0]))


def test_significance_of_a_series_is_nullable_boolean():
    result = roikit.ab_significant(
        pd.Series([200, 100, 0]), 10_000, pd.Series([250, 100, 0]), 10_000
    )
    assert str(result.dtype) == "boolean"
    assert result.tolist()[:2] == [True, False]
    assert result.isna().tolist() == [False, False, True]


def test_significance_of_an_array_is_one_zero_or_nan():
    result = roikit.ab_significant(np.array([200.0, 0.0]), 10_000, np.array([250.0, 0.0]), 10_000)
    assert result[0] == 1.0
    assert math.isnan(result[1])


def test_empty_arrays_give_empty_results():
    assert roikit.ctr(np.array([]), np.array([])).shape == (0,)


def test_sample_size_over_arrays_rounds_each_row_up():
    np.testing.assert_array_equal(roikit.ab_sample_size(np.array([0.05, 0.05]), 0.2), [8158, 8158])


def test_integer_arrays_are_read_as_floats():
    assert roikit.ctr(np.array([294]), np.array([9800])).dtype == float
