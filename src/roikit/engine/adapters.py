"""Every catalog function as a backend function: one generic, thin adapter per engine.

A backend gives its cell values in its own types (formualizer: floats, lists, error dicts;
formulas: numpy object arrays, ``XlError``, ``EMPTY``). Its ``read`` turns one into plain Python
(numbers, text, bools, ``None`` for a blank, nested lists for a range, :class:`CellError` for an
error) and its ``write`` turns roikit's answer back into the engine's own value. Everything in
between -- blanks, ranges, text, error pass-through, argument rules -- is :func:`roikit.cells.call`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from roikit.catalog import CATALOG, FunctionSpec
from roikit.cells import call

#: the prefix Excel may save before a user-defined function's name
UDF_PREFIX = "_XLUDF."


def adapter(
    function: FunctionSpec, read: Callable[[Any], Any], write: Callable[[Any], Any]
) -> Callable[..., Any]:
    """``function`` taking and returning one engine's cell values."""

    def evaluate(*values: Any) -> Any:
        return write(call(function, *[read(value) for value in values]))

    evaluate.__name__ = function.name
    evaluate.__doc__ = function.summary
    return evaluate


def registrations() -> Iterator[tuple[str, FunctionSpec]]:
    """Every name a workbook may call a catalog function by: ``ROMI`` and ``_XLUDF.ROMI``."""
    for function in CATALOG:
        yield function.name, function
        yield UDF_PREFIX + function.name, function


def catalog_names() -> set[str]:
    return {function.name for function in CATALOG}
