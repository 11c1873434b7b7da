"""The fast engine: formualizer (Rust), with every catalog function registered as a Python UDF,
cross-checked cell by cell with IronCalc on workbooks of up to :data:`IRONCALC_LIMIT` formula
cells.

On the fidelity corpus (``make fidelity``: workbooks saved by Excel, with Excel's values)
IronCalc matches Excel more often than formualizer (named LAMBDAs, tables' structured
references, dynamic arrays, XLOOKUP modes, COUNTIF criteria); formualizer knows roikit's
functions, which IronCalc cannot call (it has no hook for Python functions), and loads a
100k-row sheet in under a second where IronCalc takes tens of seconds. So formualizer
calculates every workbook, and in a workbook small enough IronCalc calculates it too; each
formula cell then takes IronCalc's value, except:

* a cell that calls one of roikit's functions, or one of Excel's that roikit computes itself
  (:mod:`roikit.engine.overrides`: TEXT), and every cell that depends on one;
* a cell IronCalc cannot calculate (an unknown function, something not implemented, a
  circular reference);
* a cell where IronCalc gives an error other than #N/A or #DIV/0! and formualizer a value.

Those keep formualizer's. The cells whose IronCalc value is taken are then set to it in
formualizer, which calculates again, so that roikit's functions see the values IronCalc gave
their arguments (``=ROMI(SUMIFS(...), ...)`` takes IronCalc's SUMIFS). A large workbook, or one
whose whole-column references IronCalc would walk too slowly, is formualizer's alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import operator
import re
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import formualizer

from roikit.cells import CellError
from roikit.engine import columns
from roikit.engine.adapters import Notes, adapter, catalog_names, registrations
from roikit.engine.backend import CIRCULAR, NOT_IMPLEMENTED
from roikit.engine.loadable import LoadableCopy
from roikit.engine.overrides import NAMES as OVERRIDDEN
from roikit.engine.overrides import overrides
from roikit.engine.verify import same_value
from roikit.errors import (
    CALC,
    DIV0,
    NA,
    NAME,
    NULL,
    NUM,
    REF,
    SPILL,
    VALUE,
    NotAWorkbookError,
)
from roikit.xlsx import (
    Package,
    area_cells,
    column_number,
    functions_in,
    max_unzipped,
    split_reference,
    split_references,
)

if TYPE_CHECKING:
    from roikit.engine.ironcalc import IronCalcBackend

#: formualizer's error kinds and the codes a cell shows for them
_CODES = {
    "div": DIV0,
    "num": NUM,
    "value": VALUE,
    "name": NAME,
    "ref": REF,
    "null": NULL,
    "na": NA,
    "spill": SPILL,
    "calc": CALC,
    "circ": CIRCULAR,
    "nimpl": NOT_IMPLEMENTED,
    # no Excel error: formualizer could not evaluate the formula at all (nested deeper than
    # it parses, e.g. 300 terms A1+A1+...; or garbled), which Excel would not show as #VALUE!
    "error": NOT_IMPLEMENTED,
}
_KINDS = {code: kind.capitalize() for kind, code in _CODES.items()} | {
    NA: "Na",
    NOT_IMPLEMENTED: "Nimpl",
}

#: the largest workbook, in formula cells, that IronCalc calculates what formualizer cannot
#: (IronCalc loads big sheets slowly: tens of seconds for 100k rows)
IRONCALC_LIMIT = 20_000

#: the most cells IronCalc may be expected to visit in whole-column and whole-row references
#: (about 0.3 µs a cell: 300 VLOOKUPs over two whole columns take it 80 s)
IRONCALC_VISITS = 8_000_000
#: the functions IronCalc walks all 1,048,576 rows of a whole column in (measured, 0.3-1 s a
#: call, with their families); SUM, SUMIFS and the like, XLOOKUP, INDEX, and functions of one
#: value (implicit intersection: ``=COT(A:A)`` reads one cell) stop early
_WALKS_WHOLE_LINES = frozenset(
    {
        *("VLOOKUP", "HLOOKUP", "LOOKUP", "MATCH", "FILTER", "UNIQUE", "SORT", "SORTBY"),
        *("TRANSPOSE", "SUMPRODUCT", "SUMX2MY2", "SUMX2PY2", "SUMXMY2", "CONCAT", "AND"),
        *("MAX", "MIN", "MAXA", "MINA", "COUNT", "COUNTA", "COUNTBLANK", "AVERAGE", "AVERAGEA"),
        *("MEDIAN", "MODE", "LARGE", "SMALL", "RANK", "PERCENTILE", "QUARTILE", "PERCENTRANK"),
    }
)
_WHOLE_COLUMNS = re.compile(r"(?<![\w.$:])\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})(?![\w(!])")
_WHOLE_ROWS = re.compile(r"(?<![\w.$:])\$?(\d{1,7}):\$?(\d{1,7})(?![\w(!])")

#: IronCalc's errors taken over a value of formualizer's: on the fidelity corpus IronCalc's
#: #N/A (a lookup that finds nothing) and #DIV/0! were Excel's every time formualizer gave a
#: value instead (66 cells), where its #VALUE!, #REF! and #NUM! more often stand for something
#: it does not implement
_TRUSTED_ERRORS = frozenset({NA, DIV0})

#: a bounding box of more than this many cells per wanted cell is read cell by cell instead
_SPARSE = 4


def read(value: Any, serial: Any = None) -> Any:
    """A formualizer value as plain Python (see roikit.engine.adapters)."""
    if isinstance(value, float | bool | str) or value is None:
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dict) and value.get("type") == "Error":
        kind = str(value.get("kind", "")).lower()
        return CellError(_CODES.get(kind, VALUE), str(value.get("message") or ""))
    if isinstance(value, list):
        return [read(item, serial) for item in value]
    if isinstance(value, dt.date) and serial is not None:
        return serial(value)
    return value


def write(value: Any) -> Any:
    """roikit's answer as a formualizer value: errors become the engine's own error values."""
    if isinstance(value, CellError):
        return {"type": "Error", "kind": _KINDS.get(value.code, "Value")}
    return value


def _same(value: Any) -> Any:
    return value


def _cannot(value: Any) -> bool:
    """Whether a value says the engine could not calculate the cell."""
    return isinstance(value, CellError) and value.code in (NAME, NOT_IMPLEMENTED, CIRCULAR)


def _in_formualizer(function: Callable[..., Any]) -> Callable[..., Any]:
    """A function of plain Python cell values taking and giving formualizer's."""

    def evaluate(*values: Any) -> Any:
        result = function(*[read(value) for value in values])
        if isinstance(result, list):
            return [[write(item) for item in row] for row in result]
        return write(result)

    return evaluate


def _answering(
    name: str, evaluate: Callable[..., Any], answers: dict[str, dict[tuple[Any, ...], Any]]
) -> Callable[..., Any]:
    """``evaluate`` (a catalog function as formualizer calls it), answering from
    ``answers[name]`` (arguments -> value, the runs' rows, kept only while formualizer
    calculates after them) when it holds the arguments: the value the call would give, as the
    runs give the per-cell path's values (roikit.engine.columns)."""

    def call(*values: Any) -> Any:
        known = answers.get(name)
        if known is not None:
            try:
                found = known.get(values)
            except TypeError:  # a range (a list) or an error (a dict): not a run's row
                found = None
            # numbers only: TRUE and FALSE are equal to 1.0 and 0.0 as keys, and mean otherwise
            if found is not None and (
                (1.0 not in values and 0.0 not in values)
                or all(type(value) is float for value in values)
            ):
                return found
        return evaluate(*values)

    return call


def _whole_line_visits(package: Package) -> int:
    """How many cells IronCalc would walk for the workbook's whole-column (``A:C``) and
    whole-row (``1:3``) references (a shared formula's cells counted as its first cell's)."""
    visits = 0
    for sheet in package.sheet_order:
        written = 0
        lines = 0
        for _, formula in package.formula_texts(sheet):
            written += 1
            if ":" not in formula:
                continue
            formula = re.sub(r'"[^"]*"', lambda match: " " * len(match.group()), formula)
            for match in _WHOLE_COLUMNS.finditer(formula):
                if _walked(formula, match.start(), match.end()):
                    first, last = match.groups()
                    lines += (abs(column_number(last) - column_number(first)) + 1) * 1_048_576
            for match in _WHOLE_ROWS.finditer(formula):
                if _walked(formula, match.start(), match.end()):
                    first, last = match.groups()
                    lines += (abs(int(last) - int(first)) + 1) * 16_384
        if lines:
            visits += lines * len(package.sheet(sheet).formula_cells) // written
    return visits


def _walked(formula: str, start: int, end: int) -> bool:
    """Whether IronCalc walks the whole line at ``formula[start:end]``: an argument of a
    function in :data:`_WALKS_WHOLE_LINES`, or an operand of arithmetic or a comparison inside a
    function (an array calculated cell by cell)."""
    function = _enclosing_function(formula, start)
    if function in _WALKS_WHOLE_LINES:
        return True
    before = formula[:start].rstrip()[-1:]
    after = formula[end:].lstrip()[:1]
    return bool(function) and bool(set(before + after) & set("+-*/^=<>&"))


def _enclosing_function(formula: str, position: int) -> str:
    """The name of the function whose argument list holds ``position`` ("" at the top), seen
    through grouping parentheses; without Excel's prefixes (``_xlfn.``)."""
    depth = 0
    for at in range(position - 1, -1, -1):
        character = formula[at]
        if character == ")":
            depth += 1
        elif character == "(":
            if depth:
                depth -= 1
                continue
            name = re.search(r"([A-Za-z_][\w.]*)\s*$", formula[:at])
            if name:
                return re.sub(r"^(?:_xl\w*\.)+", "", name.group(1), flags=re.IGNORECASE).upper()
    return ""


#: past this many other formula cells for each cell of a run, formualizer calculates the whole
#: workbook after the runs (see FastBackend._formualizer_calculates_all; the break-even measured
#: near 0.2: 100k ROMI runs beside 20k plain formulas took 0.73-0.80 s either way)
_OTHERS_PER_RUN_CELL = 0.2
#: the most cells read at once whose grouping by column :meth:`FastBackend._values` keeps (a
#: scenario of a batch reads the same few cells again; a large sheet's are read once or twice)
_GROUPINGS_KEPT_UP_TO = 20_000


#: a column's cells read at once: column, top and bottom rows, whether it is read cell by cell
#: (sparse), and each cell's row and reference
_Span = tuple[int, int, int, bool, list[tuple[int, str]]]


class FastBackend:
    """A workbook loaded into formualizer."""

    name = "fast"

    def __init__(self, package: Package) -> None:
        self._serial = package.date_serial
        self._package = package
        #: what set_value put in, for IronCalc when it is asked to help
        self._set: dict[tuple[str, str], Any] = {}
        self._preferred: dict[tuple[str, str], Any] | None = None
        #: IronCalc's copy of the workbook: None until the first calculation asks for it,
        #: False where it cannot help (see _ironcalc)
        self._other: IronCalcBackend | Literal[False] | None = None
        #: the formula cells that call one of roikit's functions or depend on one
        self._roikit_cells: set[tuple[str, str]] | None = None
        #: the same, by sheet (see _roikit_references)
        self._roikit_by_sheet: dict[str, frozenset[str]] | None = None
        #: the cells formualizer could not calculate and IronCalc could
        self._pins: list[tuple[str, str]] = []
        #: the cells of legacy array formulas' areas filled by Excel's rule (_fill_array_areas),
        #: where IronCalc gives #VALUE! beyond the result's own size
        self._array_filled: set[tuple[str, str]] = set()
        # roikit's functions run in Python, under the GIL: formualizer's parallel evaluation
        # (its default) only makes its threads wait for each other, twice as slow as one thread
        settings = formualizer.EvaluationConfig()
        settings.enable_parallel = False
        if package.date1904:  # formualizer does not read date1904: YEAR would be 4 years early
            settings.date_system = "1904"
        copy = LoadableCopy(package, intersections=True)  # formualizer spills: see loadable
        try:
            # formualizer's own package limits (128 MiB a part) refuse a sheet of 250k rows;
            # roikit has checked the package against its own limits (roikit.xlsx.limits)
            limit = max_unzipped()
            self.workbook = formualizer.Workbook.load_path(
                str(copy.path),
                config=formualizer.WorkbookConfig(eval_config=settings),
                load_limits={"max_part_bytes": limit, "max_expanded_bytes": limit},
            )
        except (OSError, RuntimeError, ValueError) as err:
            raise NotAWorkbookError(f"{package.path}: formualizer cannot read it: {err}") from err
        finally:
            copy.close()
        self.workbook.set_temporal_egress("serial")
        self.notes = Notes()
        #: function name -> a run's arguments in one row -> its value, while formualizer
        #: calculates a workbook whose other formulas read the runs' cells (see calculate)
        self._answers: dict[str, dict[tuple[Any, ...], Any]] = {}
        for name, function in registrations():
            # no arity limits: a wrong number of arguments is for roikit.cells to explain
            evaluate = adapter(function, read, write, self.notes)
            self.workbook.register_function(
                name, _answering(function.name, evaluate, self._answers)
            )
        for name, builtin in overrides(date1904=package.date1904).items():
            self.workbook.register_function(
                name, _in_formualizer(builtin), allow_override_builtin=True
            )
        #: runs of same-shape roikit formulas, computed a column at a time (engine.columns) at
        #: each calculation until an input is set after one; from then on formualizer
        #: recalculates what the inputs change
        self.runs = columns.plan(package) if columns.ENABLED else []
        #: (sheet, cells) -> the cells by column, for :meth:`_values`
        self._columns_of: dict[tuple[str, tuple[str, ...]], list[_Span]] = {}
        #: sheet -> each run cell -> its value in the latest calculation
        self._run_values: dict[str, dict[str, Any]] = {}
        #: sheet -> its formula cells outside the runs (each calculation asks for the same)
        self._outside_runs: dict[str, list[str]] | None = None
        #: the formula cells formualizer calculates while there are runs: (sheet, row, column)
        self._not_runs: list[tuple[str, int, int]] | None = None
        #: whether formualizer calculates every cell after the runs (found once)
        self._calculates_all: bool | None = None
        #: whether the workbook has been calculated: inputs set after that drop the runs
        self._calculated = False

    def _formualizer_calculates_all(self) -> bool:
        """Whether, once the runs are computed, formualizer should calculate the whole workbook
        (each run cell answered from the runs' values: :func:`_answering`) rather than only the
        other formula cells. Asked for some cells, formualizer calculates them one by one, about
        20 µs a cell, and a run cell one of them reads with a call of roikit's each (a SUM over
        a 100k-row ROMI column took 8.5 s); calculating everything costs about 2.5 µs a plain
        formula and 4 µs a run cell answered."""
        if self._calculates_all is None:
            in_runs = sum(len(run.rows) for run in self.runs)
            others = self._other_formula_cells()
            self._calculates_all = len(others) > _OTHERS_PER_RUN_CELL * in_runs or (
                columns.may_read(self._package, self.runs, others)
            )
        return self._calculates_all

    def _calculate_runs(self, answers: bool = False) -> None:
        """Every run's values, from its argument columns as formualizer holds them: one
        vectorized call a run, the per-cell path for the rows that need it. With ``answers``,
        each row's arguments and value are kept for :func:`_answering`."""
        blocks: dict[tuple[str, int, int, int], list[Any]] = {}
        self._read_argument_columns(blocks)
        for run in self.runs:
            column = functools.partial(self._column, run, blocks=blocks)
            results = run.evaluate(column, adapter(run.function, _same, _same, self.notes))
            self._run_values.setdefault(run.sheet, {}).update(zip(run.cells, results, strict=True))
            if answers:  # the rows of numbers only (as _answering answers)
                arguments = [column(argument) for argument in run.arguments]
                answered = self._answers.setdefault(run.function.name, {})
                if all(set(map(type, values)) <= {float} for values in [*arguments, results]):
                    answered.update(zip(zip(*arguments, strict=True), results, strict=True))
                    continue
                for row, value in zip(zip(*arguments, strict=True), results, strict=True):
                    if all(type(item) is float for item in row):
                        answered[row] = write(value)

    def _read_argument_columns(self, blocks: dict[tuple[str, int, int, int], list[Any]]) -> None:
        """The argument columns of runs over the same rows, read from formualizer in one call
        when they stand side by side (``A2:E100001``: about a third cheaper than column by
        column), into ``blocks`` as :meth:`_column` keeps them."""
        wanted: dict[tuple[str, int, int], set[int]] = {}
        for run in self.runs:
            wanted.setdefault((run.sheet, run.rows[0], run.rows[-1]), set()).update(
                column for column in run.arguments if isinstance(column, int)
            )
        for (sheet, top, bottom), numbers in wanted.items():
            left, right = min(numbers), max(numbers)
            if len(numbers) < 2 or right - left + 1 > 2 * len(numbers):
                continue  # one column, or far apart: column by column
            block = self.workbook.sheet(sheet).get_values(
                formualizer.RangeAddress(sheet, top, left, bottom, right)
            )
            for column in numbers:  # (itemgetter: a third of the time of transposing by zip)
                values = list(map(operator.itemgetter(column - left), block))
                blocks[sheet, column, top, bottom] = self._plain(values)

    def _plain(self, values: list[Any]) -> list[Any]:
        """Cell values from formualizer as roikit reads them (most columns: numbers only)."""
        if set(map(type, values)) <= {float}:
            return values
        serial = self._serial
        return [value if type(value) is float else read(value, serial) for value in values]

    def _column(
        self,
        run: columns.Run,
        column: columns.Argument,
        blocks: dict[tuple[str, int, int, int], list[Any]],
    ) -> list[Any]:
        """An argument column of ``run`` in its rows, as plain Python values (read from
        formualizer once for every run of the same rows: ``blocks``); a fixed argument's or a
        typed number's one value in every row."""
        if isinstance(column, columns.Constant):
            return [column.value] * len(run.rows)
        if isinstance(column, columns.Fixed):
            row, number = split_reference(column.reference)
            [[value]] = self.workbook.sheet(column.sheet).get_values(
                formualizer.RangeAddress(column.sheet, row, number, row, number)
            )
            return self._plain([value]) * len(run.rows)
        top, bottom = run.rows[0], run.rows[-1]
        key = (run.sheet, column, top, bottom)
        if key not in blocks:
            block = self.workbook.sheet(run.sheet).get_values(
                formualizer.RangeAddress(run.sheet, top, column, bottom, column)
            )
            blocks[key] = self._plain([value for (value,) in block])
        values = blocks[key]
        if len(values) == len(run.rows):  # every row from top to bottom
            return values
        return [values[row - top] for row in run.rows]

    def _outside(self) -> dict[str, list[str]]:
        """Sheet -> its formula cells that are not in a run, found once."""
        if self._outside_runs is None:
            in_runs: dict[str, set[str]] = {}
            for run in self.runs:
                in_runs.setdefault(run.sheet, set()).update(run.cells)
            self._outside_runs = {}
            for sheet, cells in self._formula_cells.items():
                runs = in_runs.get(sheet, set())
                # (filtered in C: a million-row sheet's 2M cells took 0.4 s in a comprehension)
                self._outside_runs[sheet] = list(itertools.filterfalse(runs.__contains__, cells))
        return self._outside_runs

    def _other_formula_cells(self) -> list[tuple[str, int, int]]:
        """The formula cells that are not in a run (an array formula's first cell only)."""
        if self._not_runs is None:
            self._not_runs = []
            for sheet, cells in self._outside().items():
                starts = self._package.sheet(sheet).formula_cells
                others = [ref for ref in cells if starts[ref] >= 0]
                self._not_runs += [(sheet, *place) for place in split_references(others)]
        return self._not_runs

    def set_value(self, sheet: str, reference: str, value: Any) -> None:
        row, column = split_reference(reference)
        self.workbook.set_value(sheet, row, column, value)
        self._set[sheet, reference] = value
        if self._calculated:  # from now on formualizer calculates what an input changes
            self.runs = []
            self._run_values = {}
        if self._other:
            try:
                self._other.set_value(sheet, reference, value)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException:  # a Rust panic: IronCalc helps no more
                self._other = False

    def calculate(self, targets: dict[str, list[str]] | None = None) -> None:
        self.notes.clear()
        if not self.runs:
            self.workbook.evaluate_all()
        elif self._set or (self._other_formula_cells() and self._formualizer_calculates_all()):
            # the runs at once, then formualizer every cell, the runs' answered (after an input
            # is set always: asked for some cells only then, formualizer 0.13 could panic)
            try:
                self._calculate_runs(answers=True)
                self.workbook.evaluate_all()
            finally:
                self._answers.clear()
        else:  # the runs at once; formualizer the other cells, which read no run
            self._calculate_runs()
            if others := self._other_formula_cells():
                self.workbook.evaluate_cells(others)
        self._calculated = True
        self._preferred = None
        # a cell whose IronCalc value is taken takes it in formualizer too, so that roikit's
        # functions depending on it calculate with it (again at each calculation: the value
        # changes with the inputs)
        pinned = self._ironcalc_values(pins=True)
        if pinned:
            for (sheet, reference), value in pinned.items():
                row, column = split_reference(reference)
                self.workbook.set_value(sheet, row, column, write(value))
            # (should formualizer give up re-planning, the pinned cells hold IronCalc's values)
            with contextlib.suppress(formualizer.ExcelEvaluationError):
                self.workbook.evaluate_all()

    def values(self, sheet: str, references: list[str]) -> dict[str, Any]:
        runs = self._run_values.get(sheet)
        if runs:  # the runs' values are roikit's own: no need to read them back
            if references == self._formula_cells.get(sheet):  # every formula cell, as a rule
                others = self._outside()[sheet]
            else:
                others = [ref for ref in references if ref not in runs]
            found = self._values(sheet, others)
            if len(others) + len(runs) == len(references):  # every run cell is asked for
                found.update(runs)
            else:
                found.update((ref, runs[ref]) for ref in references if ref in runs)
        else:
            found = self._values(sheet, references)
        preferred = self._ironcalc_values()
        if preferred:
            for reference in references:
                if (sheet, reference) in preferred:
                    found[reference] = preferred[sheet, reference]
        return found

    def _ironcalc_values(self, pins: bool = False) -> dict[tuple[str, str], Any]:
        """(sheet, cell) -> IronCalc's value, for every formula cell where it is taken (see
        the module docstring); once per calculation. With ``pins``: only the cells formualizer
        could not calculate (whatever depends on them)."""
        if pins:
            preferred = self._ironcalc_values()
            return {
                (sheet, reference): preferred[sheet, reference]
                for sheet, reference in self._pins
                if (sheet, reference) in preferred
            }
        if self._preferred is not None:
            return self._preferred
        self._preferred = {}
        other = self._ironcalc()
        if other is None:
            return self._preferred
        try:
            other.calculate()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a Rust panic: formualizer's values stand, now and after
            self._other = False
            return self._preferred
        cells = self._formula_cells
        roikit_cells = self._roikit_cells or set()
        self._pins = []
        for sheet, references in cells.items():
            found = self._values(sheet, references)
            # a cell of roikit's keeps its value unless formualizer could not calculate it: only
            # the others are read from IronCalc (most of a batch's scenario, where most cells
            # are roikit's, went on reading them)
            mine = self._roikit_references(sheet)
            wanted = [ref for ref in references if ref not in mine or _cannot(found[ref])]
            theirs = other.values(sheet, wanted)
            for reference in wanted:
                ours = found[reference]
                value = theirs[reference]
                if _cannot(value) or (
                    isinstance(value, CellError) and (sheet, reference) in self._array_filled
                ):
                    continue
                if not _cannot(ours) and (
                    (sheet, reference) in roikit_cells
                    or (
                        isinstance(value, CellError)
                        and value.code not in _TRUSTED_ERRORS
                        and not isinstance(ours, CellError)
                    )
                ):
                    continue
                self._preferred[sheet, reference] = value
                if _cannot(ours) or (roikit_cells and not same_value(ours, value)):
                    self._pins.append((sheet, reference))
        return self._preferred

    def _roikit_references(self, sheet: str) -> frozenset[str]:
        """The cells of ``sheet`` that call one of roikit's functions or depend on one."""
        if self._roikit_by_sheet is None:
            by_sheet: dict[str, set[str]] = {}
            for name, reference in self._roikit_cells or ():
                by_sheet.setdefault(name, set()).add(reference)
            self._roikit_by_sheet = {name: frozenset(refs) for name, refs in by_sheet.items()}
        return self._roikit_by_sheet.get(sheet, frozenset())

    def _ironcalc(self) -> IronCalcBackend | None:
        """IronCalc's copy of the workbook, loaded once (with the inputs set so far), or None
        where it cannot help: too large, too slow, every formula cell roikit's to calculate,
        or it cannot read the file."""
        if self._other is None:
            self._other = False
            package = self._package
            count = sum(map(len, self._formula_cells.values()))
            if count > IRONCALC_LIMIT or _whole_line_visits(package) > IRONCALC_VISITS:
                return None
            try:  # found once, before any cell is pinned
                self._roikit_cells = self._dependents(self._catalog_calls(self._formula_cells))
            except formualizer.DependencyStateUnavailableError:
                return None  # which cells depend on roikit's is unknown: none is taken
            if len(self._roikit_cells) >= count and all(
                (sheet, reference) in self._roikit_cells
                for sheet, references in self._formula_cells.items()
                for reference in references
            ):
                return None
            try:
                from roikit.engine.ironcalc import IronCalcBackend

                other = IronCalcBackend(package)
                for (sheet, reference), value in self._set.items():
                    other.set_value(sheet, reference, value)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException:  # cannot load it, or a Rust panic: formualizer's values stand
                return None
            self._other = other
        return self._other or None

    @cached_property
    def _formula_cells(self) -> dict[str, list[str]]:
        package = self._package
        return {  # (a chart sheet has none)
            sheet: list(cells)
            for sheet in package.sheet_order
            if (cells := package.sheet(sheet).formula_cells)
        }

    def _catalog_calls(self, cells: dict[str, list[str]]) -> list[tuple[str, str]]:
        """The formula cells that call one of roikit's functions (the catalog's, or one of
        Excel's that roikit computes itself: roikit.engine.overrides)."""
        catalog = catalog_names() | OVERRIDDEN
        package = self._package
        if not package.functions_used() & catalog:
            return []
        return [
            (sheet, reference)
            for sheet, references in cells.items()
            for reference in references
            if functions_in(package.formula(sheet, reference) or "") & catalog
        ]

    def _dependents(self, cells: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """``cells`` and every cell that depends on one of them, directly or not."""
        found = set(cells)
        queue = list(cells)
        while queue:
            sheet, reference = queue.pop()
            quoted = sheet.replace("'", "''")
            report = self.workbook.dependents(f"'{quoted}'!{reference}", max_results=100_000)
            for dependent in report.dependents:
                name, _, cell = str(dependent.cell).rpartition("!")
                key = (name.strip("'").replace("''", "'"), cell.replace("$", ""))
                if key not in found:
                    found.add(key)
                    queue.append(key)
        return found

    def _values(self, sheet: str, references: list[str]) -> dict[str, Any]:
        """Read column by column: one call per column span, cell by cell where it is sparse."""
        key = (sheet, tuple(references))
        spans = self._columns_of.get(key)
        if spans is None:  # the same cells are read at every calculation: found once
            by_column: dict[int, list[tuple[int, str]]] = {}
            places = split_references(references)
            for reference, (row, column) in zip(references, places, strict=True):
                by_column.setdefault(column, []).append((row, reference))
            spans = []
            for column, cells in by_column.items():
                top = min(row for row, _ in cells)
                bottom = max(row for row, _ in cells)
                sparse = bottom - top + 1 > _SPARSE * len(cells) + 64
                spans.append((column, top, bottom, sparse, cells))
            if len(references) <= _GROUPINGS_KEPT_UP_TO:
                self._columns_of[key] = spans
        found: dict[str, Any] = {}
        serial = self._serial
        for column, top, bottom, sparse, cells in spans:
            if sparse:
                for row, reference in cells:
                    found[reference] = read(self.workbook.get_value(sheet, row, column), serial)
                continue
            block = self.workbook.sheet(sheet).get_values(
                formualizer.RangeAddress(sheet, top, column, bottom, column)
            )
            for row, reference in cells:
                value = block[row - top][0]
                found[reference] = value if type(value) is float else read(value, serial)
        areas = self._package.sheet(sheet).array_areas
        if areas:
            self._fill_array_areas(sheet, areas, found)
        return {reference: found[reference] for reference in references}

    def _fill_array_areas(self, sheet: str, areas: dict[str, str], found: dict[str, Any]) -> None:
        """The cells of ``found`` in a legacy array formula's area (cell -> area), as Excel
        fills them: formualizer spills the result at its own size and leaves the rest of the
        area blank, where Excel repeats a result of one row down the area, one of one column
        across it, and a single value over all of it, and shows #N/A beyond a larger result's
        rows or columns. Where formualizer could not calculate the formula and IronCalc's
        value stands in its first cell, only an error of IronCalc's fills the area (a number
        says nothing of the result's size); where formualizer shows #SPILL! for a result
        larger than the area (which Excel cuts to the area), the area is left as it is."""
        for anchor, area in areas.items():
            members = [reference for reference in area_cells(area)[1:] if reference in found]
            if not members:
                continue
            top, left = split_reference(anchor)
            result = read(self.workbook.get_value(sheet, top, left))
            if (sheet, anchor) in self._pins:  # IronCalc's value: an error fills the area
                rows, columns = (1, 1) if isinstance(result, CellError) else (0, 0)
            elif isinstance(result, CellError) and (result.code == SPILL or _cannot(result)):
                rows, columns = 0, 0
            else:
                rows, columns = self._result_size(sheet, anchor)
            if not rows:
                continue  # no result of formualizer's own: its size is unknown
            for reference in members:
                row, column = split_reference(reference)
                down, across = row - top, column - left
                if down < rows and across < columns:
                    continue  # where formualizer spilled the result
                self._array_filled.add((sheet, reference))
                if (down >= rows and rows > 1) or (across >= columns and columns > 1):
                    found[reference] = CellError(NA, "beyond the array formula's result")
                    continue
                down, across = min(down, rows - 1), min(across, columns - 1)
                found[reference] = read(
                    self.workbook.get_value(sheet, top + down, left + across), self._serial
                )

    def _result_size(self, sheet: str, anchor: str) -> tuple[int, int]:
        """Rows and columns of the array the formula in ``anchor`` gave (1, 1 for one value)."""
        quoted = sheet.replace("'", "''")
        try:
            report = self.workbook.inspect_cell(f"'{quoted}'!{anchor}").to_dict()
        except formualizer.InspectionError:
            return 1, 1
        spill = report.get("cell", {}).get("spill") or {}
        extent = str(spill.get("extent") or "").rpartition("!")[2].replace("$", "")
        if ":" not in extent:
            return 1, 1
        first, last = (split_reference(corner) for corner in extent.split(":"))
        return last[0] - first[0] + 1, last[1] - first[1] + 1

    @staticmethod
    def knows(function: str) -> bool:
        name = function.upper()
        if name not in _KNOWN:
            probe = formualizer.Workbook()
            probe.sheet("Probe").set_formula(1, 1, f"={name}()")
            result = read(probe.evaluate_cell("Probe", 1, 1))
            _KNOWN[name] = not (isinstance(result, CellError) and result.code == NAME)
        return _KNOWN[name]


#: function name -> whether formualizer (with the catalog registered) calculates it
_KNOWN: dict[str, bool] = dict.fromkeys(catalog_names(), True)
