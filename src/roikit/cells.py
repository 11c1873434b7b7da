"""The spreadsheet edge: what a cell holds becomes an argument, and a MetricError becomes a cell error.

Every host -- the classic xlwings add-in, xlwings Lite, and both headless engines -- turns its
own cell values into plain Python first (numbers, text, ``True``/``False``, ``None`` for a blank,
nested lists or arrays for a range, :class:`CellError` for an error value) and then calls
:func:`call`. The rules of this layer are Excel's, stated once:

* a blank cell, or a formula's ``""``, is a missing value; in a cost range it counts as nothing;
* a range given where the function takes one value is ``#VALUE!``, unless it is a single cell;
* an error value in any argument passes through unchanged, as Excel's own functions do;
* a value the metric refuses becomes the error the metric names, with its message;
* nothing else escapes: an unexpected failure is ``#VALUE!`` with a one-line message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from roikit.catalog import ArgumentSpec, FunctionSpec, spec
from roikit.errors import EXCEL_ERRORS, VALUE, MetricError
from roikit.metrics.convert import range_values


@dataclass(frozen=True)
class CellError:
    """An Excel error value (``code``, e.g. ``#DIV/0!``) with the message that explains it."""

    code: str
    message: str = ""

    def __str__(self) -> str:
        return f"{self.code} {self.message}".strip()


def as_cell_error(value: Any) -> CellError | None:
    """The error a cell value stands for: a CellError, or text that is exactly an error code."""
    if isinstance(value, CellError):
        return value
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return CellError(value.strip().upper())
    return None


def _blank_to_none(cell: Any) -> Any:
    if isinstance(cell, str) and cell == "":
        return None
    if isinstance(cell, np.generic):
        return cell.item()
    return cell


def read_argument(value: Any, argument: ArgumentSpec) -> Any:
    """What a cell or range holds, as the argument a metric takes (raises on an error value)."""
    cells = [_blank_to_none(cell) for cell in range_values(value)]
    for cell in cells:
        error = as_cell_error(cell)
        if error is not None:
            raise _PassThrough(error)
    if argument.is_range:
        return cells
    if len(cells) != 1:
        raise MetricError(argument.name, f"must be one cell, not a range of {len(cells)}", VALUE)
    return cells[0]


class _PassThrough(Exception):
    """An argument held an error value; the result is that same error."""

    def __init__(self, error: CellError) -> None:
        self.error = error


def call(function: FunctionSpec | str, *values: Any) -> float | bool | CellError:
    """Evaluate a catalog function on cell values the way a spreadsheet cell would.

    >>> call("ROMI", 558800, 0.25, ((13500,), (50000,)))
    1.2
    >>> call("ROMI", 558800, 25, 63500)
    CellError(code='#NUM!', message='margin must be between 0 and 1 (write 25% or 0.25), got 25')
    """
    if isinstance(function, str):
        function = spec(function)
    try:
        return _evaluate(function, values)
    except _PassThrough as passed:
        return passed.error
    except MetricError as err:
        return CellError(err.excel_error, str(err))
    except Exception as err:  # a cell shows an error, never a traceback
        return CellError(VALUE, f"{function.name} failed: {type(err).__name__}: {err}")


def _evaluate(function: FunctionSpec, values: tuple[Any, ...]) -> float | bool:
    arguments = function.arguments
    required = sum(1 for a in arguments if not a.optional)
    if not required <= len(values) <= len(arguments):
        expected = f"{required} to {len(arguments)}" if required < len(arguments) else required
        raise MetricError(
            function.name, f"takes {expected} arguments, got {len(values)}: {function.signature}"
        )
    args = [
        value  # a plain number is itself (dates always come as a range)
        if type(value) is float and argument.kind != "date"
        else read_argument(value, argument)
        for value, argument in zip(values, arguments, strict=False)
    ]
    result: float | bool = function.func(*args)
    return result
