"""The spreadsheet edge: cell values in, a number or an Excel error out, never an exception."""

from __future__ import annotations

import numpy as np
import pytest

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


def test_multi_cell_range_for_one_value_is_value_error():
    result = call("CTR", ((1.0, 2.0),), 100.0)
    assert result.code == "#VALUE!"
    assert "clicks must be one cell, not a range of 2" in result.message


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
