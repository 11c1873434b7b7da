"""For pandas Series of any values, every catalog function answers as its array face does, or
raises MetricError (a one-value argument aside, the rows differ in length, ...); never anything
else; and each NaN row of the Series result carries a reason (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roikit import MetricError
from roikit.catalog import CATALOG
from roikit.metrics.reasons import reasons

VECTOR_FUNCTIONS = [f for f in CATALOG if not any(a.kind == "date" for a in f.arguments)]

values = st.one_of(
    st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 25.0, -1.0, math.nan, math.inf]),
    st.integers(min_value=0, max_value=50).map(float),
    st.floats(min_value=0, max_value=1e6),
)


def check_series_face(function, columns: list[list[float]]) -> None:
    index = pd.RangeIndex(len(columns[0])) * 10  # labels that are not positions
    series = [pd.Series(column, index=index, dtype=float) for column in columns]
    try:
        result = function.func(*series)
    except MetricError:
        return
    array = np.asarray(function.func(*(np.asarray(c, dtype=float) for c in columns)), dtype=float)
    got = np.asarray(result.astype(float), dtype=float)
    np.testing.assert_array_equal(got, array)
    explained = [row for rows in reasons(result).values() for row in rows]
    assert sorted(explained) == sorted(index[np.isnan(got)])


@pytest.mark.parametrize("function", VECTOR_FUNCTIONS, ids=lambda f: f.name)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_series_answer_as_arrays_and_every_nan_row_has_a_reason(function, data):
    rows = data.draw(st.integers(min_value=1, max_value=5))
    columns = [
        data.draw(st.lists(values, min_size=rows, max_size=rows)) for _ in function.arguments
    ]
    check_series_face(function, columns)


def test_the_bgnbd_clv_example_hypothesis_found():
    from roikit import bgnbd_clv

    function = next(f for f in VECTOR_FUNCTIONS if f.func is bgnbd_clv)
    zero = [0.0, 0.0, 0.0]
    check_series_face(function, [[0.0, 1.0, 0.0], [0.0, 0.5, 0.0]] + [zero] * 9)
