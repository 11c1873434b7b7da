"""``roikit recalc``, ``roikit inspect`` and ``roikit batch``: workbooks from the command line.

A thin face over :mod:`roikit.engine`: every check and message lives there.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from roikit.cli.common import parse_value
from roikit.cli.output import json_text, neutralize
from roikit.errors import CommandError

_ENGINES = ("fast", "formulas", "ironcalc")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    recalc = commands.add_parser(
        "recalc",
        help="recalculate a workbook and print its outputs",
        description="Set inputs (defined names or cells like Inputs!B2), recalculate every "
        "formula and print the outputs (defined names pointing at formula cells). The "
        "workbook itself is changed only with --in-place.",
    )
    recalc.add_argument("book", help="the .xlsx or .xlsm workbook")
    recalc.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an input value; 25%% is 0.25, ISO dates are dates, 1,2,3 fills a range; "
        "repeat for more",
    )
    recalc.add_argument("-o", "--output", help="save the recalculated workbook here")
    recalc.add_argument(
        "--in-place", action="store_true", help="save the recalculated workbook over BOOK"
    )
    recalc.add_argument("--format", choices=("table", "json", "csv"), default="table")
    _engine_option(recalc)
    recalc.add_argument(
        "--verify",
        nargs="?",
        const="",
        choices=("", *_ENGINES),
        metavar="ENGINE",
        help="recalculate with a second engine too (formulas, or fast when --engine is not "
        "fast) and list every cell where the two disagree",
    )
    recalc.set_defaults(handler=run_recalc)

    inspect = commands.add_parser(
        "inspect",
        help="list a workbook's inputs, outputs and functions",
        description="Inputs, outputs, the functions the formulas use, and whether each engine "
        "calculates them.",
    )
    inspect.add_argument("book", help="the .xlsx or .xlsm workbook")
    inspect.set_defaults(handler=run_inspect)

    batch = commands.add_parser(
        "batch",
        help="recalculate a workbook once per row of a scenarios CSV",
        description="Each row of SCENARIOS is one set of inputs (columns named after defined "
        "names); each row of the result is those inputs and the outputs. The workbook is "
        "loaded once.",
    )
    batch.add_argument("book", help="the .xlsx or .xlsm workbook")
    batch.add_argument("scenarios", help="CSV file, one scenario per row")
    batch.add_argument("-o", "--output", default="-", help="results CSV ('-' = stdout)")
    _engine_option(batch)
    batch.set_defaults(handler=run_batch)


def _engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=_ENGINES,
        default="fast",
        help="fast (formualizer cross-checked with IronCalc, default), formulas (slower, the "
        "formulas package) or ironcalc (IronCalc alone: roikit's functions only as the "
        "workbook's named LAMBDAs)",
    )


def cell_text(value: Any) -> str:
    """A value as a cell shows it: errors by code, TRUE/FALSE, numbers in full; text that a
    spreadsheet would run as a formula gets a leading apostrophe (roikit.cli.output)."""
    from roikit.cells import CellError

    if isinstance(value, CellError):
        return value.code
    if value is True or value is False:
        return "TRUE" if value else "FALSE"
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list):
        return "; ".join(", ".join(cell_text(item) for item in row) for row in value)
    return str(neutralize(str(value)))


def _json_value(value: Any) -> Any:
    from roikit.cells import CellError

    if isinstance(value, CellError):
        return {"error": value.code}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


#: how JSON shows a number no cell can hold (NaN, infinity): the error Excel shows for it
_NON_FINITE = {"error": "#NUM!"}


def parse_assignment(text: str) -> tuple[str, Any]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise CommandError(f"--set takes NAME=VALUE, got {text!r}")
    if "," in value:  # a range input: cost lines
        return name.strip(), [parse_value(part) for part in value.split(",")]
    return name.strip(), parse_value(value)


def run_recalc(arguments: argparse.Namespace) -> int:
    from roikit.cells import CellError
    from roikit.engine import open_book

    assignments = [parse_assignment(text) for text in arguments.assignments]
    if arguments.in_place and arguments.output:
        raise CommandError("give either -o OUT or --in-place, not both")
    with open_book(arguments.book, engine=arguments.engine) as book:
        for name, value in assignments:
            book.set(name, value)
        outputs = list(book.outputs())
        saving = arguments.output or arguments.in_place
        verifying = arguments.verify is not None
        book.calculate(None if saving or verifying else outputs)
        if saving:  # every cell the engine can calculate is saved, whatever the outputs are
            book.save(arguments.output, in_place=arguments.in_place)
        results = {name: book.get(name) for name in outputs}
        notes = book.notes()
        uncalculated = book.uncalculated()
        if verifying:
            _verify(book, arguments.verify or ("formulas" if book.engine == "fast" else "fast"))
    if not results:
        print(
            f"roikit: {Path(arguments.book).name} has no outputs (defined names pointing at "
            "formula cells)",
            file=sys.stderr,
        )
    if arguments.format == "json":
        values = {name: _json_value(value) for name, value in results.items()}
        print(json_text(values, non_finite=_NON_FINITE))
    elif arguments.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["name", "value"])
        writer.writerows((name, cell_text(value)) for name, value in results.items())
    else:
        width = max((len(name) for name in results), default=0)
        for name, value in results.items():
            print(f"{name:<{width}}  {cell_text(value)}")
    if uncalculated or any(isinstance(value, CellError) for value in results.values()):
        for note in notes:  # why the error outputs are errors, and what was not calculated
            print(f"roikit: note: {note}", file=sys.stderr)
    if saving:
        print(f"wrote {arguments.output or arguments.book}", file=sys.stderr)
    return 0


#: how many disagreeing cells --verify lists
_VERIFY_LISTED = 20


def _verify(book: Any, engine: str) -> None:
    """Print to stderr every formula cell the other engine calculates differently."""
    from roikit.engine.verify import disagreements

    found = disagreements(book, engine)
    cells = sum(len(values) for values in book.results().values())
    print(
        f"roikit: verify: {len(found):,} of {cells:,} formula cells differ between the "
        f"{book.engine} and {engine} engines",
        file=sys.stderr,
    )
    for item in found[:_VERIFY_LISTED]:
        print(
            f"  {item.cell}: {book.engine} {cell_text(item.value) or '(blank)'}, {engine} "
            f"{cell_text(item.other) or '(blank)'}  {item.formula[:60]}",
            file=sys.stderr,
        )
    if len(found) > _VERIFY_LISTED:
        print(f"  and {len(found) - _VERIFY_LISTED:,} more", file=sys.stderr)


def run_inspect(arguments: argparse.Namespace) -> int:
    from roikit.engine import inspect_workbook

    found = inspect_workbook(arguments.book)
    print(f"{Path(arguments.book).name}: {found.sheets} sheets")
    inputs = [
        (name, cell, ", ".join(cell_text(v) for v in values)) for name, cell, values in found.inputs
    ]
    _section("inputs", inputs, ("name", "cell", "value"))
    _section("outputs", found.outputs, ("name", "cell", "formula"))
    support = [
        (function, *(_support(e, function, engines[e]) for e in _ENGINES))
        for function, engines in found.support.items()
    ]
    _section("functions", support, ("function", *_ENGINES))
    _section(
        "features",
        [(feature, *(_support(e, feature, True) for e in _ENGINES)) for feature in found.features],
        ("feature", *_ENGINES),
    )
    print(
        "\n(NO: the engine does not calculate it; m/n wrong: it missed Excel's value in m of "
        "the n cells using it in roikit's fidelity corpus, `make fidelity`)"
    )
    return 0


def _support(engine: str, label: str, knows: bool) -> str:
    from roikit.engine.known import misses

    if not knows:
        return "NO"
    found = misses(engine, label)
    return f"{found[0]}/{found[1]} wrong" if found else "yes"


def _section(title: str, rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> None:
    print(f"\n{title} ({len(rows)})")
    if not rows:
        return
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  " + "  ".join(f"{cell!s:<{w}}" for cell, w in zip(row, widths, strict=True)).rstrip()
        )


def run_batch(arguments: argparse.Namespace) -> int:
    from roikit.engine import open_book

    scenarios = _read_scenarios(arguments.scenarios)
    if not scenarios:
        raise CommandError(f"{arguments.scenarios} has no scenario rows")
    columns = [column for column in scenarios[0] if column]
    with open_book(arguments.book, engine=arguments.engine) as book:
        for column in columns:
            book.resolve(column)  # an unknown name fails before any work
        outputs = list(book.outputs())
        rows = []
        progress = _Progress(len(scenarios))
        for number, scenario in enumerate(scenarios, start=2):
            try:
                for column in columns:
                    book.set(column, parse_value(scenario[column] or ""))
                book.calculate(outputs)
                results = [cell_text(book.get(name)) for name in outputs]
            except ValueError as err:
                raise CommandError(f"{arguments.scenarios} line {number}: {err}") from err
            rows.append([_echo(scenario[column]) for column in columns] + results)
            progress.step()
        progress.close()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns + outputs)
    writer.writerows(rows)
    if arguments.output == "-":
        sys.stdout.write(text.getvalue())
    else:
        from roikit.xlsx import write_atomic

        write_atomic(arguments.output, text.getvalue())
        print(f"wrote {arguments.output} ({len(rows)} scenarios)", file=sys.stderr)
    return 0


def _read_scenarios(path: str) -> list[dict[str, str]]:
    """The rows of a scenarios CSV, in whatever encoding Excel or a script saved it."""
    from roikit.kpis import decode

    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"no such scenarios file: {path}") from None
    try:
        return list(csv.DictReader(io.StringIO(decode(data), newline="")))
    except csv.Error as err:  # a field longer than csv's limit, ...
        raise CommandError(f"{path} cannot be read as CSV ({err})") from None


def _echo(text: str | None) -> str:
    """A scenario's input as read, neutralized when it is text (a number stays as written)."""
    text = text or ""
    return neutralize(text) if isinstance(parse_value(text), str) else text


class _Progress:
    """A one-line progress bar on stderr, shown only on a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.shown = sys.stderr.isatty() and total > 1

    def step(self) -> None:
        self.done += 1
        if self.shown:
            filled = 30 * self.done // self.total
            bar = "#" * filled + "." * (30 - filled)
            print(f"\r[{bar}] {self.done}/{self.total}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.shown:
            print(file=sys.stderr)
