"""The spreadsheet edge: what a cell holds becomes an argument, and a MetricError becomes a cell error.

Every host -- the classic xlwings add-in, xlwings Lite, and both headless engines -- turns its
own cell values into plain Python first (numbers, text, ``True``/``False``, ``None`` for a blank,
nested lists or arrays for a range, :class:`CellError` for an error value) and then calls
:func:`call`. The rules of this layer are Excel's, stated once:

* a blank cell, or a formula's ``""``, is a missing value; in a cost range it counts as nothing;
* a range given where the function takes one value makes the result a range of the same shape,
  one result per cell, each computed as its own call (Excel 365 spills it: ``=CTR(C2:C100,
  B2:B100)``); ranges given so must have one shape, a single cell goes with every row; a
  cost-lines or dates argument is one range for every cell, as in a single call;
* an error value in any argument passes through unchanged, as Excel's own functions do;
* a value the metric refuses becomes the error the metric names, with its message;
* nothing else escapes: an unexpected failure is ``#VALUE!`` with a one-line message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from roikit.catalog import ArgumentSpec, FunctionSpec, spec
from roikit.errors import EXCEL_ERRORS, VALUE, MetricError
from roikit.metrics.arrays import loaded
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
    np = loaded()
    if np is not None and isinstance(cell, np.generic):
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


Answer = float | bool | CellError


def call(function: FunctionSpec | str, *values: Any) -> Answer | list[list[Answer]]:
    """Evaluate a catalog function on cell values the way a spreadsheet cell would.

    >>> call("ROMI", 558800, 0.25, ((13500,), (50000,)))
    1.2
    >>> call("ROMI", 558800, 25, 63500)
    CellError(code='#NUM!', message='margin must be between 0 and 1 (write 25% or 0.25), got 25')
    >>> call("CTR", [[294], [0]], [[9800], [0]])  # a range where one value belongs: it spills
    [[0.03], [CellError(code='#DIV/0!', message='delivered is 0, so the ratio is undefined')]]
    """
    if isinstance(function, str):
        function = spec(function)
    shape = _spill_shape(function, values)
    if shape is None:
        return _call_one(function, values)
    if isinstance(shape, CellError):
        return shape
    rows, columns = shape
    return [
        [_call_one(function, _at(function, values, row, column)) for column in range(columns)]
        for row in range(rows)
    ]


def _rows(value: Any) -> list[list[Any]] | None:
    """A range as its rows (a flat list is a column); None for one value or a single cell."""
    np = loaded()
    if np is not None and isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, list | tuple):
        return None
    rows = [list(row) if isinstance(row, list | tuple) else [row] for row in value]
    if sum(len(row) for row in rows) <= 1:
        return None
    return rows


def _spill_shape(
    function: FunctionSpec, values: tuple[Any, ...]
) -> tuple[int, int] | CellError | None:
    """The (rows, columns) the result spills to, None for one result, or why it cannot."""
    shapes = {}
    for value, argument in zip(values, function.arguments, strict=False):
        if argument.is_range:
            continue
        rows = _rows(value)
        if rows is None:
            continue
        if len({len(row) for row in rows}) != 1:
            return CellError(VALUE, f"{argument.name} is not a rectangular range")
        shapes[argument.name] = (len(rows), len(rows[0]))
    if len(set(shapes.values())) > 1:
        found = ", ".join(f"{name} {r}x{c}" for name, (r, c) in shapes.items())
        return CellError(VALUE, f"ranges of different shapes ({found}): give them one shape")
    return next(iter(shapes.values()), None)


def _at(function: FunctionSpec, values: tuple[Any, ...], row: int, column: int) -> tuple[Any, ...]:
    """The arguments of one cell of a spilled result."""
    picked = []
    for value, argument in zip(values, function.arguments, strict=False):
        rows = None if argument.is_range else _rows(value)
        picked.append(value if rows is None else rows[row][column])
    return tuple(picked)


def call_numbers(function: FunctionSpec, values: tuple[float, ...]) -> Answer:
    """:func:`call` for one cell whose arguments are all plain numbers (``float``), as an engine
    calls a function once per formula cell: the same answer, without the look for ranges,
    text, blanks and dates that other values need (a third of the time of a call)."""
    if not _plain_numbers_fit(function, len(values)):
        return _call_one(function, values)
    return _guarded(function, function.func, values)


def _plain_numbers_fit(function: FunctionSpec, count: int) -> bool:
    """Whether ``count`` plain numbers go to ``function`` as they are: no date among them,
    and as many as it takes."""
    key = (function.name, count)
    fits = _FITS.get(key)
    if fits is None:
        arguments = function.arguments
        required = sum(1 for argument in arguments if not argument.optional)
        fits = _FITS[key] = required <= count <= len(arguments) and all(
            argument.kind != "date" for argument in arguments[:count]
        )
    return fits


#: (function, how many plain numbers) -> whether they go to it as they are
_FITS: dict[tuple[str, int], bool] = {}


def _call_one(function: FunctionSpec, values: tuple[Any, ...]) -> Answer:
    return _guarded(function, lambda *values: _evaluate(function, values), values)


def _guarded(
    function: FunctionSpec, compute: Callable[..., Any], values: tuple[Any, ...]
) -> Answer:
    """``compute(*values)``, or the error a cell shows for what it raised: never a traceback."""
    try:
        return compute(*values)  # type: ignore[no-any-return]
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
