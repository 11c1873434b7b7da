"""The checks a formula needs inside its body: each raises :class:`~roikit.errors.MetricError`
in the scalar face and marks the row NaN in the vectorized one."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from roikit.errors import DIV0, NUM, MetricError
from roikit.metrics.arrays import is_array, numpy


def nonzero(denominator: Any, name: str) -> Any:
    """``denominator``, checked to be nonzero: write a formula as ``x / nonzero(d, "d")``.

    A scalar 0 is #DIV/0! naming ``name``; in an array, a 0 becomes NaN, so that its row stays
    undefined even where later math would squash an infinity (``erfc(inf)`` is 0). Dividing with
    the ``/`` operator in the formula itself lets numpy reuse the numerator's temporary memory,
    which keeps a vectorized metric close to plain numpy's speed.
    """
    if is_array(denominator):
        np = numpy()
        if denominator.size and not denominator.min() > 0:  # a 0, a negative or a NaN: look closer
            return np.where(denominator == 0, math.nan, denominator)
        return denominator
    if denominator == 0:
        raise MetricError(name, "is 0, so the ratio is undefined", DIV0)
    return denominator


def at_most(part: Any, whole: Any, part_name: str, whole_name: str, hint: str = "") -> Any:
    """``part``, checked to be no more than ``whole`` (#NUM! otherwise; NaN in a vectorized row)."""
    if is_array(part) or is_array(whole):
        np = numpy()
        over = np.greater(part, whole)
        return np.where(over, math.nan, part) if over.any() else part
    if part > whole:
        rule = f"({part:g}) cannot be more than {whole_name} ({whole:g})"
        raise MetricError(part_name, rule + (f"; {hint}" if hint else ""), NUM)
    return part


def share(part: Any, whole: Any, part_name: str, whole_name: str, hint: str = "") -> Any:
    """part / whole for a part that cannot exceed its whole (opens of delivered, lost of start).

    The same as ``at_most(part, whole, ...) / nonzero(whole, whole_name)``; over arrays it checks
    the quotient once (every share lies in [0, 1]) instead of comparing the two arrays first.
    """
    if not is_array(part) and not is_array(whole):
        return at_most(part, whole, part_name, whole_name, hint) / nonzero(whole, whole_name)
    np = numpy()
    quotient = part / whole
    if quotient.size and quotient.max() <= 1:  # NaN, x/0 and part > whole all fail this
        return quotient
    return np.where(quotient <= 1, quotient, math.nan)


def strictly_between_0_and_1(value: Any, name: str) -> Any:
    """A probability that must lie strictly inside (0, 1), such as a significance level."""
    if is_array(value):
        np = numpy()
        return np.where((value > 0) & (value < 1), value, math.nan)
    if not 0 < value < 1:
        raise MetricError(name, f"must be above 0 and below 1, got {value:g}", NUM)
    return value


def elementwise(func: Callable[[float], float], value: Any, name: str) -> Any:
    """Apply a float -> float function from ``math`` to a float or, row by row, to an array.

    Where ``func`` refuses a value (``math.ceil`` of infinity, a quantile of 0), a scalar is
    #NUM! naming ``name`` and an array row is NaN.
    """
    if is_array(value):
        np = numpy()

        def row(x: float) -> float:
            try:
                return float(func(x))
            except (ValueError, OverflowError, ArithmeticError):
                return math.nan

        return np.vectorize(row, otypes=[float])(value) if value.size else value.astype(float)
    try:
        return func(value)
    except (ValueError, OverflowError, ArithmeticError):
        raise MetricError(name, "is out of the range this formula can compute", NUM) from None
