"""Property tests over every catalog function (hypothesis).

* The scalar API, for any mix of numbers, blanks, NaN, infinities, huge and tiny values, text and
  logical values, returns a finite number (a bool for AB_SIGNIFICANT) or raises MetricError with
  an Excel error code; nothing else escapes.
* The vectorized API equals the scalar API row by row (NaN where the scalar one raises), for
  float columns and for mixed (object) columns holding blanks, text, logical values and
  integers beyond float range; a blank row of an optional argument takes its default.
* The spreadsheet edge (roikit.cells.call) never raises, whatever a cell holds: each cell of
  its answer (one, or one per cell of a range where one value belongs) is a value or an error.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roikit import MetricError
from roikit.catalog import CATALOG
from roikit.cells import CellError, call
from roikit.errors import EXCEL_ERRORS

FUNCTIONS = [f for f in CATALOG]
VECTOR_FUNCTIONS = [f for f in CATALOG if not any(a.kind == "date" for a in f.arguments)]

plausible = st.one_of(
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1e6),
    st.integers(min_value=0, max_value=10_000).map(float),
    st.sampled_from([0.0, 1.0, 0.25, 25.0, 100.0]),
)
anything = st.one_of(
    plausible,
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 5e-324, 1e-300, -0.0, float("inf"), float("nan")]),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.sampled_from(["", "25%", "1,234", "#DIV/0!", "abc"]),
)
edge_values = st.sampled_from([math.nan, math.inf, -1.0, -0.0, 1e308, 5e-324])
cost_range = st.lists(st.one_of(plausible, st.none(), anything), max_size=4)


def argument_values(function, values):
    kinds = [a.kind for a in function.arguments]
    return st.tuples(
        *(
            st.one_of(values, cost_range) if kind in ("cost_lines", "date") else values
            for kind in kinds
        )
    )


def scalar_or_nan(function, args):
    try:
        result = function.func(*args)
    except MetricError:
        return math.nan
    return float(result)


def assert_rows_match_the_scalar_face(function, columns, rows: int) -> None:
    """The vectorized result of ``columns``, row by row, equals the scalar face (NaN where it
    refuses the row)."""
    vector = np.asarray(function.func(*columns), dtype=float)
    assert vector.shape == (rows,)
    for row in range(rows):
        expected = scalar_or_nan(function, [column[row] for column in columns])
        if math.isnan(expected):
            assert math.isnan(vector[row]), (row, [c[row] for c in columns])
        else:
            assert vector[row] == pytest.approx(expected, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.name)
@given(data=st.data())
def test_scalar_api_returns_a_finite_number_or_a_metric_error(function, data):
    args = data.draw(argument_values(function, anything))
    try:
        result = function.func(*args)
    except MetricError as err:
        assert err.excel_error in EXCEL_ERRORS
        assert err.argument and err.rule
        return
    if function.returns == "boolean":
        assert isinstance(result, bool)
    else:
        assert isinstance(result, float)
        assert math.isfinite(result)


@pytest.mark.parametrize("function", VECTOR_FUNCTIONS, ids=lambda f: f.name)
@given(data=st.data())
def test_vectorized_equals_scalar_row_by_row(function, data):
    rows = data.draw(st.integers(min_value=1, max_value=6))
    columns = [
        np.array(
            data.draw(st.lists(st.one_of(plausible, edge_values), min_size=rows, max_size=rows))
        )
        for _ in function.arguments
    ]
    assert_rows_match_the_scalar_face(function, columns, rows)


@pytest.mark.parametrize("function", VECTOR_FUNCTIONS, ids=lambda f: f.name)
@given(data=st.data())
def test_vectorized_equals_scalar_row_by_row_for_any_mix_of_values(function, data):
    """Columns holding blanks, text, logical values, NaN, infinities and huge integers (an
    object array, as pandas gives for a mixed column): each row as the scalar face says."""
    rows = data.draw(st.integers(min_value=1, max_value=5))
    columns = [
        np.array(data.draw(st.lists(anything, min_size=rows, max_size=rows)), dtype=object)
        for _ in function.arguments
    ]
    assert_rows_match_the_scalar_face(function, columns, rows)


cell = st.one_of(anything, st.builds(CellError, st.sampled_from(EXCEL_ERRORS)))
cells = st.one_of(
    cell,
    st.lists(cell, max_size=3).map(tuple),
    st.lists(st.lists(cell, min_size=1, max_size=2).map(tuple), max_size=3).map(tuple),
)


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.name)
@given(values=st.lists(cells, max_size=6))
def test_a_cell_shows_a_value_or_an_excel_error_never_an_exception(function, values):
    result = call(function, *values)
    spilled = result if isinstance(result, list) else [[result]]  # a range where one value goes
    for cell_result in (cell for row in spilled for cell in row):
        if isinstance(cell_result, CellError):
            assert cell_result.code in EXCEL_ERRORS
        else:
            assert isinstance(cell_result, bool | float)


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.name)
@settings(max_examples=max(50, settings.default.max_examples // 3))
@given(data=st.data())
def test_plain_numbers_path_answers_as_the_general_one(function, data):
    """roikit.cells.call_numbers (the engines' path for a cell of plain numbers) gives what
    call gives: the same value, or the same error with the same message."""
    from roikit.cells import call_numbers

    count = data.draw(st.integers(min_value=0, max_value=len(function.arguments) + 1))
    values = tuple(
        data.draw(st.one_of(plausible, st.floats(allow_nan=True, allow_infinity=True)))
        for _ in range(count)
    )
    fast, general = call_numbers(function, values), call(function, *values)
    if isinstance(general, float) and math.isnan(general):
        assert isinstance(fast, float) and math.isnan(fast)
    else:
        assert fast == general


def test_the_bgnbd_clv_example_hypothesis_found_with_huge_shapes():
    """No period ahead is worth 0 whatever the fit, also in a column: the zero that carries an
    undefined row's NaN summed the arguments first, and a + b of 1e308 each overflowed to NaN."""
    function = next(f for f in VECTOR_FUNCTIONS if f.name == "BGNBD_CLV")
    #          periods, length, frequency, recency, age, r, alpha, a, b, value, discount
    first = [0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1e308, 1e308, 0.0, 0.0]
    second = [0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]
    columns = [np.array(pair) for pair in zip(first, second, strict=True)]
    assert_rows_match_the_scalar_face(function, columns, 2)
