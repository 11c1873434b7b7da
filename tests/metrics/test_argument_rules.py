"""Rules every argument keeps, checked for every catalog function from its kinds.

A blank or text where a number belongs is #VALUE!, a negative count or amount is #NUM!, a rate
typed as a percentage number (25 for 25 %) is #NUM! with the hint to write 25% or 0.25.
"""

from __future__ import annotations

import pytest

from roikit import MetricError
from roikit.catalog import CATALOG

CASES = [
    (function, index)
    for function in CATALOG
    for index, argument in enumerate(function.arguments)
    if argument.kind != "date"
]
IDS = [f"{f.name}-{f.arguments[i].name}" for f, i in CASES]


def with_argument(function, index, value):
    args = list(function.examples[0].args)
    args += [a.default for a in function.arguments[len(args) :]]
    args[index] = value
    return args


def raises(function, args):
    with pytest.raises(MetricError) as info:
        function.func(*args)
    return info.value


@pytest.mark.parametrize(("function", "index"), CASES, ids=IDS)
def test_text_argument_is_value_error(function, index):
    error = raises(function, with_argument(function, index, "abc"))
    assert error.excel_error == "#VALUE!"
    assert error.argument.startswith(function.arguments[index].name)


@pytest.mark.parametrize(("function", "index"), CASES, ids=IDS)
def test_logical_argument_is_value_error(function, index):
    assert raises(function, with_argument(function, index, True)).excel_error == "#VALUE!"


@pytest.mark.parametrize(("function", "index"), CASES, ids=IDS)
def test_negative_argument_is_num_error(function, index):
    error = raises(function, with_argument(function, index, -5.0))
    assert error.excel_error == "#NUM!"
    assert "0" in error.rule


@pytest.mark.parametrize(("function", "index"), CASES, ids=IDS)
def test_infinite_argument_is_num_error(function, index):
    assert raises(function, with_argument(function, index, float("inf"))).excel_error == "#NUM!"


@pytest.mark.parametrize(
    ("function", "index"),
    [
        (f, i)
        for f, i in CASES
        if f.arguments[i].kind != "cost_lines" and not f.arguments[i].optional
    ],
    ids=[
        IDS[n]
        for n, (f, i) in enumerate(CASES)
        if f.arguments[i].kind != "cost_lines" and not f.arguments[i].optional
    ],
)
def test_blank_required_argument_is_value_error(function, index):
    for blank in (None, float("nan")):
        error = raises(function, with_argument(function, index, blank))
        assert error.excel_error == "#VALUE!"
        assert "blank" in error.rule


RATES = [(f, i) for f, i in CASES if f.arguments[i].kind == "rate"]


@pytest.mark.parametrize(
    ("function", "index"), RATES, ids=[f"{f.name}-{f.arguments[i].name}" for f, i in RATES]
)
def test_rate_typed_as_a_percentage_number_says_how_to_write_it(function, index):
    error = raises(function, with_argument(function, index, 25))
    assert error.excel_error == "#NUM!"
    assert "(write 25% or 0.25)" in str(error)


def test_numbers_stored_as_text_get_a_hint():
    with pytest.raises(MetricError, match=r"got text '558,800' \(a number stored as text\?\)"):
        from roikit import romi

        romi("558,800", 0.25, 63500)


def test_numpy_and_decimal_scalars_are_numbers():
    from decimal import Decimal
    from fractions import Fraction

    import numpy as np

    from roikit import romi

    assert romi(np.float32(558800), np.float64(0.25), [np.int64(13500), 50000]) == pytest.approx(
        1.2
    )
    assert romi(Decimal("558800"), Fraction(1, 4), Decimal("63500")) == pytest.approx(1.2)


def test_complex_numbers_are_value_errors():
    from roikit import ctr

    with pytest.raises(MetricError, match="must be a number"):
        ctr(1j, 10)


def test_wrong_number_of_arguments_is_a_metric_error():
    from roikit import ctr

    with pytest.raises(MetricError, match="do not fit ctr"):
        ctr(1)


def test_huge_integer_is_num_error():
    from roikit import ctr

    with pytest.raises(MetricError) as info:
        ctr(10**400, 10**401)
    assert info.value.excel_error == "#NUM!"
