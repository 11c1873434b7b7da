"""The function reference, docs/functions.md, rendered from the catalog."""

from __future__ import annotations

from roikit.catalog import CATALOG, FunctionSpec
from roikit.metrics.kinds import COST_LINES, COUNT, DATES, MONEY, NUMBER, RATE

KINDS = (COUNT, MONEY, NUMBER, RATE, COST_LINES, DATES)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _value(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def example_call(function: FunctionSpec, args: tuple[object, ...]) -> str:
    """An example as a cell formula, ranges shown as Excel array constants ``{13500,50000}``."""

    def show(arg: object) -> str:
        if isinstance(arg, list | tuple):
            return "{" + ",".join("" if a is None else _value(a) for a in arg) + "}"
        return _value(arg)

    return f"={function.name}({', '.join(show(a) for a in args)})"


def _function_section(function: FunctionSpec) -> list[str]:
    lines = [
        f"### {function.name}",
        "",
        function.summary,
        "",
        f"- Excel: `{function.signature}`",
        f"- Python: `roikit.{function.python_name}({', '.join(a.name for a in function.arguments)})`",
        f"- Formula: {function.formula}",
        f"- Result: {function.returns}{f' ({function.unit})' if function.unit else ''}",
    ]
    if function.native:
        lines.append(f"- Without the add-in: `={function.native_text}`")
    lines += [
        f"- Reference: {function.reference}",
        "",
        "| argument | kind | default | help |",
        "| --- | --- | --- | --- |",
    ]
    for argument in function.arguments:
        default = "" if argument.default is None else _value(argument.default)
        lines.append(f"| {argument.name} | {argument.kind} | {default} | {_cell(argument.help)} |")
    lines += ["", "| example | result | source |", "| --- | --- | --- |"]
    for example in function.examples:
        call = _cell(example_call(function, example.args))
        result = example.result if example.is_error else _value(example.result)
        lines.append(f"| `{call}` | {result} | {_cell(example.source)} |")
    return [*lines, ""]


def functions_markdown() -> str:
    """The whole function reference as Markdown."""
    lines = [
        "# roikit function reference",
        "",
        "Generated from the catalog by `make build` (`roikit build --only docs`); do not edit.",
        "",
        "Rates, margins and ratio results are fractions: 0.25 is 25 %, a ROMI of 1.2 is 120 %.",
        "A value a function cannot compute is a `MetricError` in Python and an error in a cell:",
        "`#DIV/0!` for a zero denominator, `#NUM!` for a value out of range (a margin of 25",
        "instead of 25 % or 0.25), `#VALUE!` for text, a blank or a range where one value belongs.",
        "",
        'Each function also shows its formula in plain Excel ("Without the add-in"). The',
        "native-formula templates (`roikit templates build --native`) wrap it in the same checks",
        "of every argument, so they show these errors where roikit does.",
        "",
        "## Kinds of argument",
        "",
        "| kind | what it holds |",
        "| --- | --- |",
        *(f"| {kind.name} | {kind.description} |" for kind in KINDS),
        "",
    ]
    categories = dict.fromkeys(function.category for function in CATALOG)
    for category in categories:
        lines += [f"## {category}", ""]
        for function in CATALOG:
            if function.category == category:
                lines += _function_section(function)
    return "\n".join(lines).rstrip() + "\n"
