"""The catalog: one spec per spreadsheet function, the source every face is generated from.

>>> from roikit.catalog import spec
>>> spec("romi").signature
'ROMI(revenue, margin, costs)'
"""

from __future__ import annotations

import re

from roikit.catalog.functions import CATALOG, HELP
from roikit.catalog.models import ArgumentSpec, Example, FunctionSpec

__all__ = [
    "CATALOG",
    "HELP",
    "ArgumentSpec",
    "Example",
    "FunctionSpec",
    "native_formula",
    "spec",
]

_BY_NAME = {s.name: s for s in CATALOG} | {s.python_name.upper(): s for s in CATALOG}

#: prefixes Excel may save before a user-defined function's name
_SAVED_PREFIXES = ("_XLUDF.", "_XLL.")


def spec(name: str) -> FunctionSpec:
    """The spec of a function by its Excel or Python name, in any case (``ROMI``, ``romi``)."""
    key = name.strip().upper()
    for prefix in _SAVED_PREFIXES:
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
    catalog default.
    """
    if function.native is None:
        raise ValueError(f"{function.name} has no native Excel formula")
    texts = {}
    for argument in function.arguments:
        text = arguments.get(argument.name)
        if text is None or text == "":
            if argument.default is None:
                raise ValueError(f"{function.name}: argument {argument.name} is required")
            text = repr(argument.default).removesuffix(".0")
        texts[argument.name] = text if _ATOM.match(text) else f"({text})"
    return function.native.format(**texts)
