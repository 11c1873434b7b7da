"""Every catalog function as a backend function: one generic, thin adapter per engine.

A backend gives its cell values in its own types (formualizer: floats, lists, error dicts;
formulas: numpy object arrays, ``XlError``, ``EMPTY``). Its ``read`` turns one into plain Python
(numbers, text, bools, ``None`` for a blank, nested lists for a range, :class:`CellError` for an
error) and its ``write`` turns roikit's answer back into the engine's own value (and a spilled result,
rows of answers already written, into the engine's own array). Everything in
between -- blanks, ranges, text, error pass-through, argument rules -- is :func:`roikit.cells.call`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from roikit.catalog import CATALOG, SAVED_PREFIXES, FunctionSpec
from roikit.cells import CellError, call, call_numbers


class Notes:
    """Why catalog functions gave errors in a calculation: each message once, the first few.

    An engine keeps only the error value in the cell (``#NUM!``); the reason ("margin must be
    between 0 and 1 (write 25% or 0.25), got 25") is kept here for the caller to show.
    """

    LIMIT = 20

    def __init__(self) -> None:
        self.messages: dict[str, None] = {}

    def add(self, function: FunctionSpec, error: CellError) -> None:
        if error.message and len(self.messages) < self.LIMIT:
            self.messages.setdefault(f"{function.name}: {error.message}")

    def clear(self) -> None:
        self.messages.clear()


def adapter(
    function: FunctionSpec,
    read: Callable[[Any], Any],
    write: Callable[[Any], Any],
    notes: Notes | None = None,
) -> Callable[..., Any]:
    """``function`` taking and returning one engine's cell values; errors' reasons to ``notes``."""

    def answer(result: Any) -> Any:
        if notes is not None and type(result) is CellError:
            notes.add(function, result)
        return write(result)

    def evaluate(*values: Any) -> Any:
        if all(type(value) is float for value in values):  # most cells: plain numbers
            return answer(call_numbers(function, values))
        result = call(function, *[read(value) for value in values])
        if type(result) is list:  # a range where one value belongs: one answer per cell, spilled
            return write([[answer(cell) for cell in row] for row in result])
        return answer(result)

    evaluate.__name__ = function.name
    evaluate.__doc__ = function.summary
    return evaluate


def registrations() -> Iterator[tuple[str, FunctionSpec]]:
    """Every name a workbook may call a catalog function by: ``ROMI``, ``_XLUDF.ROMI``, ..."""
    for function in CATALOG:
        yield function.name, function
        for prefix in SAVED_PREFIXES:
            yield prefix + function.name, function


def catalog_names() -> set[str]:
    return {function.name for function in CATALOG}
