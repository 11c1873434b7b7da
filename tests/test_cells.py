"""The spreadsheet edge: cell values in, a number or an Excel error out, never an exception."""

from __future__ import annotations

import numpy as np
import pytest

from roikit.catalog import CATALOG
from roikit.cells import CellError, as_cell_error, call


def test_cost_range_as_excel_passes_it_is_summed():
    assert call("ROMI", 558800.0, 0.25, ((13500.0,), (50000.0,))) == pytest.approx(1.2)


def test_blank_cells_in_a_cost_range_count_as_nothing():
    assert call("ROMI", 558800.0, 0.25, ((13500.0,), (None,), ("",), (50000.0,))) == pytest.approx(
        1.2
    )


def test_a_range_from_an_engine_arrives_as_an_array():
    assert call("ROMI", 558800.0, 0.25, np.array([[13500.0], [50000.0]])) == pytest.approx(1.2)


def test_single_cell_range_is_its_value():
    assert call("CTR", ((294.0,),), ((9800.0,),)) == pytest.approx(0.03)


def test_a_range_where_one_value_belongs_spills_one_result_per_cell_in_its_shape():
    assert call("CTR", ((1.0, 2.0),), 100.0) == [[0.01, 0.02]]
    assert call("CTR", ((1.0,), (2.0,)), ((10.0,), (20.0,))) == [[0.1], [0.1]]
    assert call("CTR", [1.0, 2.0], 100.0) == [[0.01], [0.02]]  # a flat list is a column


@pytest.mark.parametrize(
    "function", [f for f in CATALOG if not any(a.is_range for a in f.arguments)]
)
def test_a_spilled_result_is_the_scalar_call_of_each_row_with_per_row_errors(function):
    """Every function of single values: each argument a column of the example value, a bad
    value and a blank; every row equals the call with that row's values."""
    base = list(function.examples[0].args)
    base += [a.default for a in function.arguments[len(base) :]]
    for index in range(len(base)):
        columns = [[[value]] * 3 for value in base]
        columns[index] = [[base[index]], ["abc"], [None]]
        spilled = call(function, *columns)
        rows = [call(function, *[column[row][0] for column in columns]) for row in range(3)]
        assert spilled == [[row] for row in rows]
        assert isinstance(rows[1], CellError)


def test_cost_lines_keep_summing_for_every_row_of_a_spill():
    result = call("ROMI", ((558800.0,), (100000.0,)), 0.25, ((13500.0,), (50000.0,)))
    assert result == [
        [call("ROMI", 558800.0, 0.25, 63500.0)],
        [call("ROMI", 100000.0, 0.25, 63500.0)],
    ]


def test_ranges_of_different_shapes_are_value_error():
    result = call("CTR", ((1.0,), (2.0,)), ((10.0,), (20.0,), (30.0,)))
    assert result == CellError(
        "#VALUE!", "ranges of different shapes (clicks 2x1, delivered 3x1): give them one shape"
    )


def test_an_error_cell_in_a_spill_is_that_rows_error():
    assert call("CTR", ((1.0,), ("#N/A",)), 10.0) == [[0.1], [CellError("#N/A")]]


def test_margin_typed_as_25_is_num_error_with_the_hint():
    result = call("ROMI", 558800, 25, 63500)
    assert result == CellError(
        "#NUM!", "margin must be between 0 and 1 (write 25% or 0.25), got 25"
    )


def test_zero_costs_is_div0():
    assert call("ROMI", 1000, 0.25, ((0.0,), (None,))).code == "#DIV/0!"


def test_a_cost_range_of_blanks_is_value_error():
    assert call("ROMI", 1000, 0.25, ((None,), ("",))).code == "#VALUE!"


def test_text_is_value_error():
    result = call("ROMI", "558,800", 0.25, 63500)
    assert result.code == "#VALUE!"
    assert "number stored as text" in result.message


def test_blank_required_argument_is_value_error():
    assert call("ROMI", None, 0.25, 63500).code == "#VALUE!"


def test_blank_optional_argument_takes_its_default():
    assert call("CLV", 50, 4, 3, None) == call("CLV", 50, 4, 3) == 600.0


def test_error_value_in_an_argument_passes_through():
    assert call("ROMI", CellError("#N/A"), 0.25, 63500) == CellError("#N/A")
    assert call("ROMI", 558800, 0.25, ((13500,), ("#REF!",))) == CellError("#REF!")


def test_wrong_number_of_arguments_names_the_signature():
    result = call("ROMI", 1, 2)
    assert result.code == "#VALUE!"
    assert "ROMI(revenue, margin, costs)" in result.message


def test_boolean_result_stays_boolean():
    assert call("AB_SIGNIFICANT", 200, 10000, 250, 10000) is True


def test_unexpected_failure_is_a_value_error_not_an_exception():
    from roikit.catalog import spec

    def broken(*args):
        raise RuntimeError("boom")

    result = call(spec("ROMI").model_copy(update={"func": broken}), 1, 0.1, 1)
    assert result.code == "#VALUE!"
    assert "RuntimeError: boom" in result.message


@pytest.mark.parametrize("text", ["#DIV/0!", "#n/a", " #VALUE! "])
def test_error_codes_written_as_text_are_errors(text):
    assert as_cell_error(text) is not None


def test_ordinary_text_is_not_an_error():
    assert as_cell_error("#hashtag") is None
