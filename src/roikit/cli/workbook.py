"""``roikit recalc``, ``roikit inspect`` and ``roikit batch``: workbooks from the command line.

A thin face over :mod:`roikit.engine`: every check and message lives there.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from roikit.cli.common import (
    csv_text,
    decimal_mark,
    parse_value,
    range_parts,
    refuse_over_inputs,
)
from roikit.cli.output import json_text, neutralize
from roikit.errors import CommandError, RoikitError
from roikit.metrics.convert import day_first

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
        help="an input value; 25%% is 0.25, 2025-12-03 and 03.12.2025 are dates, 1,2,3 or 1;2;3 "
        "fills a range; repeat for more",
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
        help="recalculate a workbook once per row of a scenarios CSV, or many workbooks",
        description="Each row of SCENARIOS is one set of inputs (columns named after defined "
        "names; a first column of text that names no input labels the scenarios; a range "
        "input takes its values in one cell, 13500,50000 or 13 500; 50 000); each row of "
        "the result is those inputs and the outputs. With --books (or "
        "--manifest) every workbook is recalculated (with each scenario, if SCENARIOS is "
        "given) and each row is one output of one workbook. Work runs on --workers local "
        "processes or on a Dask cluster (--scheduler tcp://HOST:8786); each worker loads a "
        "workbook once. A failed scenario or workbook is reported and the rest go on (status 1).",
    )
    batch.add_argument(
        "paths",
        nargs="*",
        metavar="BOOK SCENARIOS",
        help="the workbook and the scenarios (.csv or .xlsx); with --books or --manifest, only "
        "SCENARIOS",
    )
    batch.add_argument("--books", nargs="+", default=[], metavar="BOOK", help="many workbooks")
    batch.add_argument(
        "--manifest", help="a text file naming one workbook per line (relative to the file)"
    )
    batch.add_argument(
        "--save-dir", help="with --books: save each recalculated workbook in this folder"
    )
    batch.add_argument(
        "-o",
        "--output",
        default="-",
        help="results .csv, .xlsx (numbers as numbers, for Excel in any language) or .parquet "
        "('-' = CSV on stdout)",
    )
    batch.add_argument(
        "--workers", type=int, default=1, help="local worker processes (default 1: this one)"
    )
    batch.add_argument(
        "--scheduler", metavar="ADDRESS", help="a Dask scheduler, e.g. tcp://10.0.0.5:8786"
    )
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
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(neutralize(str(value)))


def shown_text(value: Any) -> str:
    """A value as Excel's formula bar shows it: a number to 15 significant digits (1.2, not
    1.2000000000000002; as ``roikit calc`` prints it), anything else as :func:`cell_text`.
    For people reading a table; CSV and JSON keep every digit."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:.15g}"
    if isinstance(value, list):
        return "; ".join(", ".join(shown_text(item) for item in row) for row in value)
    return cell_text(value)


def _json_value(value: Any) -> Any:
    from roikit.cells import CellError

    if isinstance(value, CellError):
        return {"error": value.code}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


#: how JSON shows a number no cell can hold (NaN, infinity): the error Excel shows for it
_NON_FINITE = {"error": "#NUM!"}


def parse_assignment(text: str) -> tuple[str, Any]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise CommandError(f"--set takes NAME=VALUE, got {text!r}")
    parts = range_parts(value)
    if parts is not None:  # a range input: cost lines
        return name.strip(), [parse_value(part) for part in parts]
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
        # an output the engine cannot calculate (an unknown function, a circular reference)
        # shows the error its cell holds, with why; the others are printed all the same
        values, failures = book.get_many(outputs)
        results = book.dates_shown(values)  # a date shown as the date (ISO), not its serial
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
        shown = {name: _json_value(value) for name, value in results.items()}
        print(json_text(shown, non_finite=_NON_FINITE))
    elif arguments.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["name", "value"])
        writer.writerows((name, cell_text(value)) for name, value in results.items())
    else:
        width = max((len(name) for name in results), default=0)
        for name, value in results.items():
            print(f"{name:<{width}}  {shown_text(value)}")
    said = dict.fromkeys(str(problem) for problem in failures.values())
    if uncalculated or any(isinstance(value, CellError) for value in results.values()):
        for note in notes:  # why the error outputs are errors, and what was not calculated
            if note not in said:
                print(f"roikit: note: {note}", file=sys.stderr)
    for problem in said:
        print(f"roikit: error: {problem}", file=sys.stderr)
    if saving:
        print(f"wrote {arguments.output or arguments.book}", file=sys.stderr)
    return 1 if failures else 0


#: how many workbooks a note of batch names
_LISTED = 5

#: how many disagreeing cells --verify lists
_VERIFY_LISTED = 20


def _verify(book: Any, engine: str) -> None:
    """Print to stderr every formula cell the other engine calculates differently."""
    from roikit.engine import disagreements

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
    from roikit.engine import misses

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
    from roikit.cli.results import ResultWriter
    from roikit.engine import batch

    books = _books(arguments)
    if books and len(arguments.paths) > 1:
        raise CommandError("with --books or --manifest, give only the SCENARIOS file")
    if not books and len(arguments.paths) != 2:
        raise CommandError("give BOOK and SCENARIOS (or --books BOOK... [SCENARIOS])")
    if arguments.workers < 1:
        raise CommandError("--workers takes a number of processes, 1 or more")
    _never_over_the_inputs(arguments, books)
    scenarios_path = arguments.paths[-1] if arguments.paths else None
    rows = _read_scenarios(scenarios_path) if scenarios_path else []
    if scenarios_path and not rows:
        raise CommandError(f"{scenarios_path} has no scenario rows")
    columns = [column for column in rows[0] if column] if rows else []
    names = _names_of(books or arguments.paths[:1]) if columns else None
    cells = {  # each row's values of each column: several for a range input (cost lines)
        column: _cells(scenarios_path, column, rows, _is_range(column, names)) for column in columns
    }
    marks = {column: decimal_mark([c for row in cells[column] for c in row]) for column in columns}
    orders = {column: _date_order(scenarios_path, column, cells[column]) for column in columns}
    scenarios = [
        {
            column: _scenario_value(cells[column][at], marks[column], orders[column])
            for column in columns
        }
        for at in range(len(rows))
    ]
    label = _label_column(columns, scenarios, names)
    if label is not None:
        print(
            f"roikit: {scenarios_path}: column {label!r} names no input of the workbook: "
            "taken as each scenario's label",
            file=sys.stderr,
        )
    to_set = [{k: v for k, v in scenario.items() if k != label} for scenario in scenarios]
    echoed = [
        [_echo(row[column], marks[column], orders[column]) for column in columns] for row in rows
    ]
    where = {"workers": arguments.workers, "scheduler": arguments.scheduler}
    failed = partial = 0  # scenarios (or workbooks' scenarios) failed wholly, in some outputs
    if not books:
        outcomes = batch.run_scenarios(arguments.paths[0], to_set, engine=arguments.engine, **where)
        progress = _Progress(len(scenarios))
        with ResultWriter(arguments.output) as writer:
            for outcome in outcomes:
                if not writer.started:
                    writer.header(columns + list(outcome.values))
                given = _given(scenarios[outcome.index], echoed[outcome.index], columns)
                if outcome.error:
                    failed += 1
                    line = outcome.index + 2
                    print(f"roikit: {scenarios_path} line {line}: {outcome.error}", file=sys.stderr)
                    values, typed = [""] * len(outcome.values), [None] * len(outcome.values)
                else:
                    values = [cell_text(value) for value in outcome.values.values()]
                    typed = [_typed(value) for value in outcome.values.values()]
                    if outcome.problems:  # some outputs only: the others are in the row
                        partial += 1
                        for why in outcome.problems.values():
                            line = outcome.index + 2
                            print(f"roikit: {scenarios_path} line {line}: {why}", file=sys.stderr)
                writer.row(echoed[outcome.index] + values, given + typed)
                progress.step()
            progress.close()
        count = f"{len(scenarios)} scenarios"
    else:
        progress = _Progress(len(books))
        silent: list[str] = []  # the workbooks recalculated with no outputs to show
        with ResultWriter(arguments.output) as writer:
            writer.header(["book", *columns, "output", "value", "error"])
            for result in batch.run_books(
                books, to_set, engine=arguments.engine, save_dir=arguments.save_dir, **where
            ):
                name = Path(result.path).name
                if not result.error and not any(o.values or o.error for o in result.outcomes):
                    silent.append(name)
                if result.error:
                    failed += 1
                    print(f"roikit: {result.path}: {result.error}", file=sys.stderr)
                    writer.row([name, *[""] * len(columns), "", "", result.error])
                for outcome in result.outcomes:
                    inputs = echoed[outcome.index] if columns else []
                    given = _given(scenarios[outcome.index], inputs, columns) if columns else []
                    if outcome.error:
                        failed += 1
                        print(f"roikit: {result.path}: {outcome.error}", file=sys.stderr)
                        writer.row([name, *inputs, "", "", outcome.error])
                        continue
                    if outcome.problems:  # some outputs only: the others are in the rows
                        partial += 1
                        for why in outcome.problems.values():
                            print(f"roikit: {result.path}: {why}", file=sys.stderr)
                    for output, value in outcome.values.items():
                        why = outcome.problems.get(output, "")
                        writer.row(
                            [name, *inputs, output, cell_text(value), why],
                            [name, *given, output, _typed(value), why],
                        )
                progress.step()
            progress.close()
        count = f"{len(books)} workbooks"
        if silent:
            shown = ", ".join(silent[:_LISTED]) + (", ..." if len(silent) > _LISTED else "")
            print(
                f"roikit: {len(silent)} of the workbooks have no outputs (defined names pointing "
                f"at formula cells), so no rows: {shown}",
                file=sys.stderr,
            )
    if arguments.output != "-":
        print(f"wrote {arguments.output} ({count})", file=sys.stderr)
    if failed:
        print(f"roikit: {failed} failed; the rest are in the results", file=sys.stderr)
    if partial:
        print(
            f"roikit: {partial} with outputs that could not be calculated (shown as the error "
            "their cell holds); the other outputs are in the results",
            file=sys.stderr,
        )
    return 1 if failed or partial else 0


def _never_over_the_inputs(arguments: argparse.Namespace, books: list[str]) -> None:
    """Refuse a results file that is one of the run's inputs (a workbook, the scenarios, the
    manifest), and a --save-dir that would save a workbook over itself: nothing a user gave
    is overwritten (``roikit recalc --in-place`` is the way to change a workbook)."""
    inputs = [path for path in [*arguments.paths, *books, arguments.manifest] if path]
    refuse_over_inputs("-o", arguments.output, inputs)
    if arguments.save_dir and Path(arguments.save_dir).is_dir() and not arguments.scheduler:
        folder = Path(arguments.save_dir)
        for book in books:
            saved = folder / Path(book).name
            if saved.exists() and Path(book).exists() and saved.samefile(book):
                raise CommandError(
                    f"--save-dir {arguments.save_dir}: {book} would be saved over itself; choose "
                    "another folder"
                )


def _names_of(books: list[str]) -> dict[str, int] | None:
    """Every defined name of the workbooks (lower case) -> how many cells it stands for, the
    most of any workbook; None when a workbook cannot be read (the run reports it as it is)."""
    from roikit.xlsx import Package

    names: dict[str, int] = {}
    for book in books:
        try:
            package = Package(book)
        except (RoikitError, OSError, ValueError):
            return None
        try:
            for name, target in package.names.items():
                names[name.lower()] = max(names.get(name.lower(), 0), len(target.cells))
        finally:
            package.close()
    return names


def _is_range(column: str, names: dict[str, int] | None) -> bool:
    """Whether a scenarios column gives a range input (``costs``, ``Month!B6:B9``)."""
    _, bang, area = column.rpartition("!")
    if bang:
        return ":" in area
    return (names or {}).get(column.strip().lower(), 1) > 1


def _cells(
    path: str | None, column: str, rows: list[dict[str, str]], is_range: bool
) -> list[list[str]]:
    """A column's value in each row, as its parts: one, or for a range input those typed as
    for ``--set`` (``13500,50000``, ``13 500, 50 000``; ``1 234,50`` is one)."""
    found = []
    for line, row in enumerate(rows, start=2):
        text = row[column] or ""
        try:
            parts = range_parts(text) if is_range else None
        except CommandError as err:
            raise CommandError(f"{path} line {line}, column {column!r}: {err}") from None
        found.append(parts or [text])
    return found


def _scenario_value(
    parts: list[str], decimal: str | None, dayfirst: bool | None
) -> float | str | dt.date | list[Any] | None:
    """A scenario's input: one value, or a list of them for a range input."""
    values = [parse_value(part, decimal, dayfirst) for part in parts]
    return values[0] if len(values) == 1 else values


def _given(scenario: dict[str, Any], echoed: list[str], columns: list[str]) -> list[Any]:
    """A scenario's inputs for a results workbook: each value as read (a number stays a
    number), several values as they were typed."""
    return [
        text if isinstance(scenario[column], list) else scenario[column]
        for column, text in zip(columns, echoed, strict=True)
    ]


def _label_column(
    columns: list[str], scenarios: list[dict[str, Any]], names: dict[str, int] | None
) -> str | None:
    """The first column of a scenarios file when it labels the scenarios (``scenario``,
    ``Сценарий``: base, optimistic...) rather than giving an input: it holds text and no
    number in every row, and no workbook has a name or a sheet reference of its header
    (``names``: :func:`_names_of`). Any other column a workbook lacks stays an error (a
    misspelt input is never silently left out)."""
    if len(columns) < 2 or names is None:
        return None
    first = columns[0]
    values = [scenario[first] for scenario in scenarios]
    if not all(isinstance(value, str | None) for value in values) or not any(values):
        return None
    if "!" in first:  # a cell such as Inputs!B2
        return None
    if first.strip().lower() in names:
        return None
    return first


def _books(arguments: argparse.Namespace) -> list[str]:
    """The workbooks of --books and --manifest (one path a line; # starts a comment)."""
    books = list(arguments.books)
    if arguments.manifest:
        manifest = Path(arguments.manifest)
        try:
            lines = manifest.read_text(encoding="utf-8-sig").splitlines()
        except OSError as err:
            raise CommandError(f"cannot read the manifest {manifest}: {err.strerror}") from None
        for line in lines:
            entry = line.split("#", 1)[0].strip()
            if entry:
                books.append(str(manifest.parent / entry))
    locks = [book for book in books if Path(book).name.startswith("~$")]
    for lock in locks:  # what *.xlsx also matches while someone has a workbook open in Excel
        print(
            f"roikit: skipped {lock}: Excel's lock file for {Path(lock).name[2:]}, which is "
            "open in Excel; not a workbook",
            file=sys.stderr,
        )
    books = [book for book in books if book not in locks]
    if (arguments.books or arguments.manifest) and not books:
        raise CommandError("--books/--manifest named no workbooks")
    if arguments.save_dir and not books:
        raise CommandError("--save-dir is for --books or --manifest")
    return books


def _read_scenarios(path: str) -> list[dict[str, str]]:
    """The rows of a scenarios CSV, in whatever encoding and with whatever separator Excel or
    a script saved it (Russian or Polish Excel: semicolons), or of a workbook's first sheet."""
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        return _scenarios_sheet(Path(path))
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"no such scenarios file: {path}") from None
    try:
        text, separator = csv_text(
            data, Path(path).name, "a CSV of scenarios; save it as CSV or .xlsx"
        )
        return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as err:  # a field longer than csv's limit, ...
        raise CommandError(f"{path} cannot be read as CSV ({err})") from None


def _scenarios_sheet(path: Path) -> list[dict[str, str]]:
    """The rows of a workbook's first sheet as a scenarios CSV would give them: the first row
    the names, each cell as the text that reads back as its value (a number in full, a date as
    ISO, TRUE or FALSE), so that typed and saved scenarios are read by one path."""
    from roikit.xlsx import sheet_rows

    if not path.is_file():
        raise CommandError(f"no such scenarios file: {path}")
    rows, _ = sheet_rows(path, advice="save the scenarios as CSV")
    while rows and all(cell is None for cell in rows[-1]):
        rows.pop()
    if not rows:
        return []
    names = ["" if cell is None else str(cell).strip() for cell in rows[0]]

    def text(cell: Any) -> str:
        if isinstance(cell, dt.datetime):
            return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
        if isinstance(cell, dt.date):
            return cell.isoformat()
        return "" if cell is None else cell_text(float(cell) if type(cell) is int else cell)

    return [
        {name: text(cell) for name, cell in zip(names, row, strict=False) if name}
        for row in rows[1:]
        if any(cell is not None for cell in row)
    ]


def _typed(value: Any) -> Any:
    """An output's value for a results workbook: as it is, an array as its text."""
    return cell_text(value) if isinstance(value, list) else value


def _echo(text: str | None, decimal: str | None = None, dayfirst: bool | None = None) -> str:
    """A scenario's input as read, neutralized when it is text (a number stays as written)."""
    text = text or ""
    return neutralize(text) if isinstance(parse_value(text, decimal, dayfirst), str) else text


def _date_order(path: str | None, column: str, cells: list[list[str]]) -> bool | None:
    """Whether a scenarios column's dates put the day first, as its dates show
    (:func:`roikit.metrics.convert.day_first`); a column that shows both orders, or neither
    with slashes, is an error naming it."""
    try:
        return day_first([part for parts in cells for part in parts])
    except ValueError as err:
        raise CommandError(f"{path}, column {column!r}: {err}") from None


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
