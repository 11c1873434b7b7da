"""roikit in Excel through xlwings: the classic add-in (Windows) and xlwings Lite.

Both are thin, generated faces of the catalog; every value goes through :func:`roikit.cells.call`:

* :mod:`roikit.excel.udfs` -- the UDF module classic xlwings imports (``UDF Modules`` in
  ``addin/xlwings.conf``): one function per catalog entry, made here by :func:`udf` and
  decorated by :func:`decorate`;
* :mod:`roikit.excel.vba` -- ``addin/roikit.bas``, xlwings' own VBA wrappers for that module plus
  the turn of a coded result into a real error value (``CVErr``);
* :mod:`roikit.excel.lite` -- ``addin/lite/main.py`` and ``requirements.txt`` for xlwings Lite.

Classic xlwings cannot return an error value from Python, so a classic UDF returns the error as
text that starts with its code (``"#NUM! margin must be between 0 and 1 ..."``): the generated
VBA wrapper turns it into the error value, and wrappers written by xlwings' own "Import
Functions" show the text.

Every argument is read as a 2-D range, so that a range given where one value belongs keeps its
shape: :func:`roikit.cells.call` then answers one result per cell, which Excel's dynamic arrays
spill. An argument named like a catalog function takes its Excel name from
:data:`EXCEL_ARGUMENT_NAMES` in both add-ins: the VBA editor gives every identifier of a
project one casing, so an argument ``cac`` would recase the function ``CAC`` to ``cac``.
"""

from __future__ import annotations

import inspect
import keyword
import re
from collections.abc import Callable
from typing import Any

from roikit.catalog import CATALOG, ArgumentSpec, FunctionSpec
from roikit.cells import CellError, call

#: the module classic xlwings imports the UDFs from (``UDF Modules`` in xlwings.conf)
UDF_MODULE = "roikit.excel.udfs"
#: the Function Wizard category of every roikit function
CATEGORY = "roikit"
#: the Excel name of each argument named like a catalog function (Python keeps its own name)
EXCEL_ARGUMENT_NAMES = {
    "cac": "acquisition_cost",
    "clv": "lifetime_value",
    "churn_rate": "churn",
    "retention_rate": "retention",
}

#: words VBA reserves, which cannot name a function or an argument of a VBA wrapper
VBA_RESERVED = frozenset(
    """and as boolean byref byte byval call case close const currency date declare dim do double
    each else elseif empty end enum eqv erase error event exit false for friend function get
    global gosub goto if imp implements in integer is let lib like long loop lset me mod new next
    not nothing null on open option optional or paramarray preserve print private property public
    raiseevent redim rem resume return rset select set single static step stop string sub then
    to true type typeof until variant wend while with xor""".split()  # noqa: SIM905 (a word list)
)
_VBA_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,254}$")
#: a name Excel would read as a cell reference (A1 or R1C1 style), which no function may take
_CELL_REFERENCE = re.compile(r"^([A-Z]{1,3}[0-9]+|R[0-9]*C[0-9]*)$", re.IGNORECASE)
#: names Lite's main.py defines itself, which no function may take
LITE_RESERVED = frozenset({"arg", "func"})
#: xlwings Lite's rule for a custom function's name (letters, digits, _ and ., 128 at most)
_LITE_NAME = re.compile(r"^[A-Za-z][\w.]{0,127}$")


def excel_name(argument: ArgumentSpec) -> str:
    """The name ``argument`` has in Excel (the add-ins' argument names and help)."""
    return EXCEL_ARGUMENT_NAMES.get(argument.name, argument.name)


def cell_value(result: Any) -> Any:
    """What a classic UDF returns: the number or logical value, or the error as coded text; for
    a spilled result, the same for each cell of its rows."""
    if isinstance(result, list):
        return [[cell_value(cell) for cell in row] for row in result]
    return str(result) if isinstance(result, CellError) else result


def udf(function: FunctionSpec) -> Callable[..., Any]:
    """One catalog function as a plain Python function with the catalog's signature.

    It is named like the Excel function, documented with its summary, takes the catalog's
    arguments (an optional one defaults to the catalog default) and passes whatever the cells
    hold to :func:`roikit.cells.call`.
    """

    def excel_function(*values: Any) -> Any:
        return cell_value(call(function, *values))

    parameters = [
        inspect.Parameter(
            excel_name(argument),
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=argument.default if argument.optional else inspect.Parameter.empty,
        )
        for argument in function.arguments
    ]
    excel_function.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    excel_function.__name__ = excel_function.__qualname__ = function.name
    excel_function.__doc__ = function.summary
    # xlwings reads type hints as converters; the default conversion is the right one here
    excel_function.__annotations__ = {}
    excel_function.__module__ = UDF_MODULE
    return excel_function


def decorate(
    excel_function: Callable[..., Any],
    function: FunctionSpec,
    func: Callable[..., Any],
    arg: Callable[..., Any],
) -> Callable[..., Any]:
    """Apply xlwings' ``func`` and ``arg`` decorators as the catalog describes the function.

    Every argument gets its help (the Function Wizard's argument description), reads Excel's
    error values as their codes (``err_to_str``) so that they pass through, and is read as a
    2-D range (``ndim=2``), so that a range keeps its shape (cost lines are summed, a range
    where one value belongs spills).
    """
    for argument in function.arguments:
        options: dict[str, Any] = {"doc": argument.help, "err_to_str": True, "ndim": 2}
        excel_function = arg(excel_name(argument), **options)(excel_function)
    decorated: Callable[..., Any] = func(category=CATEGORY)(excel_function)
    return decorated


def vba_problems(function: FunctionSpec) -> list[str]:
    """Why ``function`` cannot be a VBA wrapper in the classic add-in (empty when it can)."""
    problems = []
    arguments = [excel_name(argument) for argument in function.arguments]
    for name in [function.name, *arguments]:
        if not _VBA_NAME.match(name) or name.lower() in VBA_RESERVED:
            problems.append(f"{name!r} is not a valid VBA name")
    functions = {other.name.lower() for other in CATALOG}
    for name in arguments:
        if name.lower() in functions:
            problems.append(
                f"argument {name!r} is named like a function: give it an Excel name in "
                "roikit.excel.EXCEL_ARGUMENT_NAMES"
            )
    if _CELL_REFERENCE.match(function.name):
        problems.append(f"Excel reads {function.name} as a cell reference")
    return problems


def lite_problems(function: FunctionSpec) -> list[str]:
    """Why ``function`` cannot be an xlwings Lite custom function (empty when it can)."""
    problems = []
    if not _LITE_NAME.match(function.name):
        problems.append(f"{function.name!r} is not a valid custom function name")
    if _CELL_REFERENCE.match(function.name):
        problems.append(f"Excel reads {function.name} as a cell reference")
    if function.name.lower() in LITE_RESERVED:
        problems.append(f"{function.name.lower()!r} is a name main.py uses itself")
    for name in [function.name.lower()] + [excel_name(a) for a in function.arguments]:
        if keyword.iskeyword(name):
            problems.append(f"{name!r} is a Python keyword")
    return problems
