"""The catalog: one spec per spreadsheet function, the source every face is generated from.

>>> from roikit.catalog import spec
>>> spec("romi").signature
'ROMI(revenue, margin, costs)'
"""

from __future__ import annotations

import re

from roikit.catalog.docstrings import complete_docstrings
from roikit.catalog.functions import CATALOG, HELP
from roikit.catalog.models import ArgumentSpec, Example, FunctionSpec

__all__ = [
    "CATALOG",
    "HELP",
    "SAVED_PREFIXES",
    "ArgumentSpec",
    "Example",
    "FunctionSpec",
    "guarded",
    "native_formula",
    "spec",
]

complete_docstrings(CATALOG)

_BY_NAME = {s.name: s for s in CATALOG} | {s.python_name.upper(): s for s in CATALOG}

#: prefixes a file may carry before a user-defined function's name: Excel's for a VBA or
#: add-in function, an XLL's, and ``_xldudf_`` for an Office.js custom function (xlwings Lite)
SAVED_PREFIXES = ("_XLUDF.", "_XLL.", "_XLDUDF_")


def spec(name: str) -> FunctionSpec:
    """The spec of a function by its Excel or Python name, in any case (``ROMI``, ``romi``)."""
    key = name.strip().upper()
    for prefix in SAVED_PREFIXES:
        key = key.removeprefix(prefix)
    try:
        return _BY_NAME[key]
    except KeyError:
        known = ", ".join(s.name for s in CATALOG)
        raise KeyError(f"no roikit function {name!r}; known: {known}") from None


_ATOM = re.compile(r"^(\$?[A-Za-z_][\w.]*!?)?\$?[A-Za-z]*\$?\d*(:\$?[A-Za-z]*\$?\d*)?$|^[\d.]+%?$")


def native_formula(function: FunctionSpec, arguments: dict[str, str]) -> str:
    """The function's native Excel expression with each argument's text put in its place.

    Arguments that are not a single reference, name or number are wrapped in parentheses, so
    that ``margin`` given as ``B2/100`` stays one operand. Optional arguments left out take the
    catalog default. The expression is wrapped in the checks roikit makes of every argument
    (:func:`guarded`), so a cell shows the error roikit would show, never a number roikit refuses.
    """
    if function.native is None:
        raise ValueError(f"{function.name} has no native Excel formula")
    texts: dict[str, str] = {}
    for argument in function.arguments:
        text = arguments.get(argument.name)
        if text is None or text == "":
            if argument.default is None:
                raise ValueError(f"{function.name}: argument {argument.name} is required")
            text = repr(argument.default).removesuffix(".0")
        texts[argument.name] = text if _ATOM.match(text) else f"({text})"
    in_expression = {
        name: f"IF(ISBLANK({text}),{_default(function, name)},{text})"
        if _checked(text) and _default(function, name) is not None
        else text
        for name, text in texts.items()
    }
    return guarded(function, texts, function.native.format(**in_expression))


def _default(function: FunctionSpec, name: str) -> str | None:
    """An optional argument's default as formula text (a blank cell takes it), else None."""
    default = next(a.default for a in function.arguments if a.name == name)
    return None if default is None else repr(default).removesuffix(".0")


_NUMBER = re.compile(r"^[\d.]+%?$")


def _checked(text: str) -> bool:
    """Whether an argument's text is a reference or a name, which the checks look at.

    A number written into the formula is taken as written; so is an expression (another
    function's result, ``B2/100``), which repeating in every check would make formulas grow
    with each level of nesting; its errors pass through the arithmetic anyway.
    """
    return not _NUMBER.match(text) and not text.startswith("(")


def guarded(function: FunctionSpec, texts: dict[str, str], expression: str) -> str:
    """``expression`` inside the checks of roikit's spreadsheet edge, in roikit's order.

    First an error value in any argument passes through (the first one, as in
    :func:`roikit.cells.call`); then each argument in turn: a blank (unless the argument is
    optional: then it takes its default), text or a logical value is #VALUE!, a negative or a
    rate above 1 is #NUM!; a cost range with no number is #VALUE!, a negative date #NUM!.
    The checks between arguments (opens cannot exceed delivered) are part of the function's own
    native expression. Only references and names are checked (see :func:`_checked`).
    """
    checked = expression
    for argument in reversed(function.arguments):
        text = texts[argument.name]
        if not _checked(text):
            continue
        if argument.kind == "date":
            checked = f"IF(MIN({text})<0,#NUM!,{checked})"
            continue
        if argument.kind == "cost_lines":
            checked = f"IF(COUNT({text})=0,#VALUE!,IF(MIN({text})<0,#NUM!,{checked}))"
            continue
        out_of_range = f"OR({text}<0,{text}>1)" if argument.kind == "rate" else f"{text}<0"
        number = f"ISNUMBER({text})"
        if argument.optional:
            number = f"OR({number},ISBLANK({text}))"
        checked = f"IF({number},IF({out_of_range},#NUM!,{checked}),#VALUE!)"
    for argument in reversed(function.arguments):
        text = texts[argument.name]
        if not _checked(text):
            continue
        value = f"SUM({text})" if argument.is_range else text
        checked = f"IF(ISERROR({value}),{value},{checked})"
    return checked
