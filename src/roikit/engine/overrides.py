"""Excel's own functions that roikit computes itself, over the engine's.

The fidelity corpus (``make fidelity``: workbooks saved by Excel, with Excel's values) shows
functions that neither formualizer nor IronCalc computes as Excel does. For each, roikit has an
implementation of its own with Excel's rules, registered in formualizer over its built-in
(``allow_override_builtin``); the fast engine then keeps formualizer's value for every cell that
calls one, and for what depends on it, as it does for roikit's catalog functions.

* ``TEXT`` -- Excel's number format codes (:func:`roikit.engine.number_format.text`): sections
  and conditions, digits, thousands, scaling, fractions, exponents, dates, elapsed times, the
  1904 date system.

A range given where one value belongs is lifted as Excel lifts it: one answer per cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from roikit.engine.number_format import text

#: the names of the functions roikit computes over the engine's
NAMES = frozenset({"TEXT"})


def overrides(*, date1904: bool = False) -> dict[str, Callable[..., Any]]:
    """Name -> roikit's implementation, taking and giving plain Python cell values (numbers,
    text, bools, None for a blank, CellError, nested lists for a range)."""

    def text_function(value: Any, format_code: Any) -> Any:
        return text(value, format_code, date1904=date1904)

    return {"TEXT": lifted(text_function)}


def lifted(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` of single values, applied cell by cell where arguments are ranges (rows of
    values): the answer has the shape of the largest range, a 1-by-1 range or a single value
    is used for every cell, and a cell outside a smaller range is ``#N/A``, as Excel lifts a
    function over arrays."""
    from roikit.cells import CellError

    def apply(*values: Any) -> Any:
        ranges = [value for value in values if isinstance(value, list)]
        if not ranges:
            return function(*values)
        height = max(len(value) for value in ranges)
        width = max(len(value[0]) if value else 0 for value in ranges)

        def at(value: Any, row: int, column: int) -> Any:
            if not isinstance(value, list):
                return value
            rows, columns = len(value), len(value[0]) if value else 0
            if rows == 1 and columns == 1:
                return value[0][0]
            if rows == 1:
                row = 0
            if columns == 1:
                column = 0
            if row >= rows or column >= columns:
                return CellError("#N/A")
            return value[row][column]

        return [
            [function(*(at(value, row, column) for value in values)) for column in range(width)]
            for row in range(height)
        ]

    return apply
