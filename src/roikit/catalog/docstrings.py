"""Each metric's docstring completed from its catalog entry, in numpydoc form, so that
``help(roikit.romi)`` and an IDE show the arguments, the worked examples and the reference
that the catalog holds (stated once there, shown here)."""

from __future__ import annotations

import inspect
import textwrap
from typing import Any

from roikit.catalog.models import FunctionSpec

#: what each result kind comes back as, for the Returns section
_RETURNS = {
    "fraction": ("float", "a fraction: 0.25 is 25 %"),
    "money": ("float", "an amount of money"),
    "number": ("float", "a number"),
    "count": ("float", "a count"),
    "boolean": ("bool", "True or False"),
}
_MARK = "Parameters\n----------"


def _indented(text: str) -> str:
    return textwrap.fill(text, width=92, initial_indent="    ", subsequent_indent="    ")


def _python_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, tuple):
        value = list(value)
    return repr(value)


def numpydoc(function: FunctionSpec) -> str:
    """The metric's own docstring followed by Parameters, Returns, Raises, Examples and
    References sections made from ``function``."""
    own = inspect.cleandoc(function.func.__doc__ or "")
    if _MARK in own:  # already completed (the catalog was imported again)
        own = own[: own.index(_MARK)].rstrip()
    lines = [own, "", *_MARK.splitlines()]
    for argument in function.arguments:
        default = _python_value(argument.default)
        optional = f", optional (default {default})" if argument.optional else ""
        lines += [f"{argument.name} : {argument.kind}{optional}", _indented(argument.help)]
    kind, meaning = _RETURNS[function.returns]
    unit = f" ({function.unit})" if function.unit else ""
    lines += [
        "",
        "Returns",
        "-------",
        kind,
        _indented(
            f"{meaning}{unit}; an array or a pandas Series (same index) when an argument is one, "
            "with NaN where a row cannot be computed."
        ),
    ]
    lines += [
        "",
        "Raises",
        "------",
        "MetricError",
        _indented(
            "A value that cannot be computed (a zero denominator, a blank, text, a value out of "
            "range): the message names the argument and the rule, and ``excel_error`` is what a "
            "cell shows (#DIV/0!, #NUM!, #VALUE!)."
        ),
        "",
        "Examples",
        "--------",
    ]
    for example in function.examples:
        arguments = ", ".join(_python_value(a) for a in example.args)
        call = f"roikit.{function.python_name}({arguments})"
        lines.append(f"{example.source}:")
        if example.is_error:
            lines += [
                f">>> {call}  # doctest: +IGNORE_EXCEPTION_DETAIL",
                "Traceback (most recent call last):",
                f"MetricError: a cell shows {example.result}",
            ]
        elif isinstance(example.result, bool):
            lines += [f">>> {call}", repr(example.result)]
        else:
            expected = float(example.result)
            decimals = _decimals(expected)
            lines += [f">>> round({call}, {decimals})", repr(round(expected, decimals))]
        lines.append("")
    lines += ["References", "----------", function.reference]
    return "\n".join(lines).rstrip() + "\n"


def _decimals(value: float) -> int:
    """How many decimals an example's expected value is given to (at least 1)."""
    text = repr(value)
    if "e" in text:
        return 12
    return max(1, len(text.partition(".")[2]))


def complete_docstrings(functions: tuple[FunctionSpec, ...] | list[FunctionSpec]) -> None:
    """Give every catalog function's Python face its numpydoc docstring."""
    for function in functions:
        function.func.__doc__ = numpydoc(function)
