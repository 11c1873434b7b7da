"""The shape of a catalog entry: one spreadsheet function, its arguments and its examples.

A spec reads what the metric function already says -- its summary and formula (from the
docstring), its arguments' order, kinds and defaults (from the signature) -- and adds what only
the spreadsheet face needs: the Excel name, help text, worked examples with sources and the
function's native Excel expression.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from roikit.errors import EXCEL_ERRORS
from roikit.metrics.kinds import argument_kinds

Category = Literal[
    "Money", "Acquisition", "Lifetime and retention", "Funnel and pipeline", "Email", "A/B tests"
]
#: how a result reads: a fraction shows as %, money as an amount, and so on
ResultKind = Literal["fraction", "money", "number", "count", "boolean"]

#: Excel's limit on a function or argument description in the Function Wizard
EXCEL_HELP_LIMIT = 255


class ArgumentSpec(BaseModel):
    """One argument of a spreadsheet function."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: str
    help: str = Field(min_length=10, max_length=EXCEL_HELP_LIMIT)
    default: float | None = None

    @property
    def optional(self) -> bool:
        return self.default is not None

    @property
    def is_range(self) -> bool:
        """Whether a cell range is accepted (cost lines, dates) rather than one cell."""
        return self.kind in ("cost_lines", "date")


class Example(BaseModel):
    """A worked example: arguments in order, the expected result, and where it comes from.

    The result of an example of bad input is the Excel error a cell shows (``"#DIV/0!"``);
    the Python API raises MetricError with that ``excel_error``.
    """

    model_config = ConfigDict(frozen=True)

    args: tuple[Any, ...]
    result: bool | float | str
    source: str = Field(min_length=10)

    @model_validator(mode="after")
    def _result_is_a_value_or_an_error_code(self) -> Example:
        if isinstance(self.result, str) and self.result not in EXCEL_ERRORS:
            raise ValueError(
                f"an example's text result must be an Excel error, not {self.result!r}"
            )
        return self

    @property
    def is_error(self) -> bool:
        """Whether the example shows an error (bad input) rather than a value."""
        return isinstance(self.result, str)


class FunctionSpec(BaseModel):
    """One spreadsheet function of the catalog."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="the Excel name, e.g. ROMI")
    func: Callable[..., Any]
    category: Category
    summary: str = Field(max_length=EXCEL_HELP_LIMIT)
    formula: str
    arguments: tuple[ArgumentSpec, ...]
    returns: ResultKind
    unit: str = ""
    examples: tuple[Example, ...] = Field(min_length=1)
    native: str | None = Field(
        default=None,
        description="the same formula in plain Excel, with {argument} placeholders",
    )
    reference: str = Field(min_length=10)

    @property
    def python_name(self) -> str:
        return self.func.__name__

    @property
    def signature(self) -> str:
        parts = [f"[{a.name}]" if a.optional else a.name for a in self.arguments]
        return f"{self.name}({', '.join(parts)})"

    @property
    def native_text(self) -> str:
        """The native Excel expression as a user reads it: the argument names in place (``""``
        when there is none)."""
        return (self.native or "").replace("{", "").replace("}", "")

    def argument(self, name: str) -> ArgumentSpec:
        for argument in self.arguments:
            if argument.name == name:
                return argument
        raise KeyError(name)

    @model_validator(mode="after")
    def _consistent(self) -> FunctionSpec:
        names = [a.name for a in self.arguments]
        for example in self.examples:
            required = sum(1 for a in self.arguments if not a.optional)
            if not required <= len(example.args) <= len(names):
                raise ValueError(f"{self.name}: example {example.args} has the wrong arity")
        if self.native is not None:
            used = set(re.findall(r"\{(\w+)\}", self.native))
            if used - set(names):
                raise ValueError(f"{self.name}: native formula names unknown {used - set(names)}")
        return self


def docstring_parts(func: Callable[..., Any]) -> tuple[str, str]:
    """The summary (first line) and formula (the ``Formula:`` paragraph) of a metric's docstring."""
    doc = inspect.getdoc(func) or ""
    lines = doc.splitlines()
    summary = lines[0].strip() if lines else ""
    formula_lines: list[str] = []
    for line in lines:
        if line.startswith("Formula:"):
            formula_lines.append(line.removeprefix("Formula:").strip())
        elif formula_lines and line.strip():
            formula_lines.append(line.strip())
        elif formula_lines:
            break
    if not summary or not formula_lines:
        raise ValueError(f"{func.__name__}: docstring needs a summary line and a 'Formula:' line")
    return summary, " ".join(formula_lines)


def make_spec(
    func: Callable[..., Any],
    *,
    category: Category,
    returns: ResultKind,
    examples: list[tuple[tuple[Any, ...], bool | float | str, str]],
    reference: str,
    help: dict[str, str],
    native: str | None = None,
    unit: str = "",
    name: str | None = None,
) -> FunctionSpec:
    """A catalog entry for ``func``: everything the function says of itself, plus ``help``."""
    summary, formula = docstring_parts(func)
    kinds = argument_kinds(func)
    arguments = []
    for parameter in inspect.signature(func).parameters.values():
        default = None if parameter.default is parameter.empty else float(parameter.default)
        arguments.append(
            ArgumentSpec(
                name=parameter.name,
                kind=kinds[parameter.name].name,
                help=help[parameter.name],
                default=default,
            )
        )
    return FunctionSpec(
        name=name or func.__name__.upper(),
        func=func,
        category=category,
        summary=summary,
        formula=formula,
        arguments=tuple(arguments),
        returns=returns,
        unit=unit,
        examples=tuple(Example(args=a, result=r, source=s) for a, r, s in examples),
        native=native,
        reference=reference,
    )
