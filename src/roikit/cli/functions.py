"""``roikit functions`` (the catalog) and ``roikit calc`` (evaluate one function)."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import TYPE_CHECKING, Any, cast

from roikit.cli.common import parse_value, range_parts
from roikit.errors import CommandError
from roikit.metrics.convert import day_first

if TYPE_CHECKING:
    from roikit.catalog import FunctionSpec


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = commands.add_parser("functions", help="list every roikit function")
    listing.add_argument(
        "--markdown",
        action="store_true",
        help="print the function reference as Markdown (roikit build writes docs/functions.md)",
    )
    listing.set_defaults(handler=run_functions)

    calc = commands.add_parser(
        "calc",
        help="evaluate one function: roikit calc ROMI 558800 0.25 13500 50000",
        description="Evaluate one function. Extra values go to its range argument (cost lines); "
        "a range can also be given as comma-separated values (13500,50000). Values are read "
        "as people type them: 25% is 0.25; 558 800, 0,25 and 558 800,00 zł are numbers.",
    )
    calc.add_argument("name", help="function name, e.g. ROMI")
    calc.add_argument("values", nargs="*", help="argument values in order")
    calc.set_defaults(handler=run_calc)


def run_functions(arguments: argparse.Namespace) -> int:
    from roikit.catalog import CATALOG

    if arguments.markdown:
        from roikit.build import functions_markdown

        sys.stdout.write(functions_markdown())
        return 0
    width = max(len(function.signature) for function in CATALOG)
    engine = importlib.util.find_spec("roikit.engine") is not None
    print("available in: py = Python, xl = Excel add-in (Windows), lite = xlwings Lite, engine")
    category = None
    for function in CATALOG:
        if function.category != category:
            category = function.category
            print(f"\n{category}")
        hosts = " ".join(
            host if ok else "-".ljust(len(host))
            for host, ok in availability(function, engine=engine).items()
        )
        print(f"  {function.signature:<{width}}  {hosts}  {function.summary}")
    return 0


def availability(function: FunctionSpec, *, engine: bool) -> dict[str, bool]:
    """Where ``function`` can be used: Python always; the Excel add-in and xlwings Lite unless
    its names break their rules; the headless engine (which registers every catalog function)
    when ``roikit.engine`` is installed."""
    from roikit.excel import lite_problems, vba_problems

    return {
        "py": True,
        "xl": not vba_problems(function),
        "lite": not lite_problems(function),
        "engine": engine,
    }


def split_values(function_arguments: list[Any], values: list[str]) -> list[object]:
    """Distribute command-line values over a function's arguments (see ``roikit calc --help``):
    one value each, and to a function's one range argument the values left over. A value
    given to a range argument may itself be several (``13500,50000``); a value given to any
    other argument is one, commas and all (``558 800,00 zł``)."""
    ranges = [i for i, a in enumerate(function_arguments) if a.is_range]
    extra = len(values) - len(function_arguments)
    grouped: list[str | list[str]] = list(values)
    if extra > 0:
        if len(ranges) != 1:
            raise CommandError(f"too many values: expected at most {len(function_arguments)}")
        at = ranges[0]
        grouped[at : at + extra + 1] = [values[at : at + extra + 1]]
    texts: list[str | list[str]] = []
    for argument, given in zip(function_arguments, grouped, strict=False):
        if not argument.is_range:
            texts.append(cast(str, given))
            continue
        parts = [
            part
            for text in ([given] if isinstance(given, str) else given)
            for part in (range_parts(text) or [text])
        ]
        texts.append(parts[0] if isinstance(given, str) and len(parts) == 1 else parts)
    # dates typed in one command follow one order: 1/5/2024 beside 1/15/2024 is January 5th
    every = [text for item in texts for text in ([item] if isinstance(item, str) else item)]
    try:
        dayfirst = day_first(every)
    except ValueError:
        dayfirst = None  # each date then says for itself whether it can be read
    return [
        parse_value(item, dayfirst=dayfirst)
        if isinstance(item, str)
        else [parse_value(text, dayfirst=dayfirst) for text in item]
        for item in texts
    ]


def run_calc(arguments: argparse.Namespace) -> int:
    from roikit.catalog import spec
    from roikit.cells import CellError, call
    from roikit.cli.workbook import shown_text

    function = spec(arguments.name)
    result = call(function, *split_values(list(function.arguments), arguments.values))
    if isinstance(result, CellError):
        raise CommandError(str(result))
    print(shown_text(result))  # as a spreadsheet shows it: 0.42, not 0.42000000000000004
    return 0
