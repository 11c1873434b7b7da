"""``roikit lambda add``: roikit's functions inside any workbook, as named LAMBDAs (Excel 365)."""

from __future__ import annotations

import argparse
from pathlib import Path

from roikit.errors import CommandError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "lambda", help="roikit's functions as named LAMBDAs inside a workbook (no add-in)"
    )
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="add every roikit function to BOOK as a named LAMBDA; only xl/workbook.xml changes",
    )
    add.add_argument("book", help="the workbook (.xlsx or .xlsm)")
    add.add_argument("-o", "--output", help="where to write the result (never BOOK itself)")
    add.add_argument(
        "--in-place", action="store_true", help="change BOOK itself (the only way to do so)"
    )
    add.set_defaults(handler=run_add)


def run_add(arguments: argparse.Namespace) -> int:
    from roikit.errors import WorkbookError
    from roikit.templates import add_lambdas, lambda_definitions

    if (arguments.output is None) == (not arguments.in_place):
        raise CommandError("give -o OUT.xlsx, or --in-place to change BOOK itself (not both)")
    source = Path(arguments.book)
    if not source.is_file():
        raise CommandError(f"{source}: no such file")
    try:
        target, replaced = add_lambdas(source, arguments.output, in_place=arguments.in_place)
    except WorkbookError as err:
        raise CommandError(str(err)) from err
    note = (
        f" ({len(replaced)} replaced a different LAMBDA: {', '.join(replaced)})" if replaced else ""
    )
    print(f"wrote {target}: {len(lambda_definitions())} roikit functions as named LAMBDAs{note}")
    return 0
