"""The ``formulas`` engine: the ``formulas`` package, with every catalog function registered.

Slow on large sheets (it builds a dispatch graph of every cell), so the Book asks it only for
the cells it needs next, and keeps the loaded model for every following calculation.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
from collections.abc import Iterator
from typing import Any

import formulas
import numpy as np
import schedula
from formulas.errors import FoundError
from formulas.ranges import Ranges
from formulas.tokens.operand import Error, XlError

from roikit.cells import CellError
from roikit.engine.adapters import Notes, adapter, catalog_names, registrations
from roikit.engine.backend import CIRCULAR, NOT_IMPLEMENTED
from roikit.engine.loadable import LoadableCopy
from roikit.errors import VALUE, UnsupportedFeatureError
from roikit.xlsx import Package, split_reference


def read(value: Any) -> Any:
    """A ``formulas`` value as plain Python (see roikit.engine.adapters)."""
    if isinstance(value, Ranges):
        value = value.value
    if isinstance(value, np.ndarray):
        if value.ndim == 0:  # a constant argument, =ROMI(B4, 25%, C4)
            return read(value.item())
        return [[read(item) for item in row] for row in np.atleast_2d(value).tolist()]
    if value is schedula.EMPTY:
        return None
    if isinstance(value, XlError):
        return CellError(str(value))
    if isinstance(value, np.generic):
        return value.item()
    return value


def write(value: Any) -> Any:
    """roikit's answer as a ``formulas`` value: errors become its own error values, a spilled
    result (rows of written answers) an array."""
    if isinstance(value, list):
        return np.array(value, dtype=object)
    if isinstance(value, CellError):
        return Error.errors.get(value.code, Error.errors[VALUE])
    return value


#: the reasons for errors in the latest calculation (formulas has one global function table)
NOTES = Notes()

#: functions that read a date serial as a calendar date (the rest, like A6+30, read the same
#: in both date systems)
DATE_FUNCTIONS = frozenset(
    {"DATE", "DATEVALUE", "DATEDIF", "DAY", "DAYS360", "EDATE", "EOMONTH", "ISOWEEKNUM"}
    | {"MONTH", "NETWORKDAYS", "NETWORKDAYS.INTL", "NOW", "TEXT", "TODAY", "WEEKDAY"}
    | {"WEEKNUM", "WORKDAY", "WORKDAY.INTL", "YEAR", "YEARFRAC"}
)


def _reason(error: Exception) -> str:
    """formulas' message, formatted (its errors carry a %-template and its arguments)."""
    try:
        text = str(error.args[0]) % error.args[1:] if len(error.args) > 1 else str(error)
    except TypeError:
        text = str(error)
    return text.splitlines()[0].rstrip(": ") if text.strip() else type(error).__name__


@contextlib.contextmanager
def _catalog_registered() -> Iterator[None]:
    """The catalog in formulas' function table while a model is built, and only then.

    formulas has one global table of Excel's functions; a model compiled while the catalog is
    in it keeps its functions, so nothing else ever sees roikit's names as Excel built-ins.
    """
    functions = formulas.get_functions()  # the package's one (cached) table
    adapters = {name: adapter(function, read, write, NOTES) for name, function in registrations()}
    replaced = {name: _guarded(function) for name, function in (functions | adapters).items()}
    for name, positions in _TEXT_IGNORED_IN_RANGES.items():
        replaced[name] = _ignoring_range_text(replaced[name], positions)
    before = {name: functions[name] for name in replaced if name in functions}
    functions.update(replaced)
    try:
        yield
    finally:
        for name in replaced:
            if name in before:
                functions[name] = before[name]
            else:
                del functions[name]


#: what a Python error inside one of formulas' functions is in the cell: Excel's #VALUE! for a
#: function given what it cannot take (ISODD("XYZZY")), instead of a failed model
_FUNCTION_FAILURES = (ArithmeticError, AttributeError, IndexError, KeyError, TypeError, ValueError)


#: functions that, like Excel, skip text in a range (a number stored as text, "5", is not
#: added or counted; typed as an argument, SUM("5"), it is) -> the arguments that are summed
#: or counted (None: all); formulas reads such text as its number
_TEXT_IGNORED_IN_RANGES: dict[str, tuple[int, ...] | None] = {
    "SUM": None,
    "COUNT": None,
    "AVERAGE": None,
    "MIN": None,
    "MAX": None,
    "PRODUCT": None,
    "SUMIFS": (0,),
    "AVERAGEIFS": (0,),
    "SUMIF": (2,),
    "AVERAGEIF": (2,),
}


def _ignoring_range_text(function: Any, positions: tuple[int, ...] | None) -> Any:
    """``function`` with the text in its range arguments (at ``positions``) read as blanks."""
    if isinstance(function, dict):
        return function | {"function": _ignoring_range_text(function["function"], positions)}

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        return function(
            *(
                _without_text(arg) if positions is None or index in positions else arg
                for index, arg in enumerate(args)
            ),
            **kwargs,
        )

    return call


def _without_text(value: Any) -> Any:
    array = value.value if isinstance(value, Ranges) else value
    if not isinstance(array, np.ndarray) or array.dtype != object:
        return value
    # (errors and formulas' blank are str subclasses too: they stay)
    text = np.vectorize(_is_text, otypes=[bool])(array)
    if not text.any():
        return value
    array = array.copy()
    array[text] = schedula.EMPTY
    return array


def _is_text(item: Any) -> bool:
    return isinstance(item, str) and not isinstance(item, schedula.utils.gen.Token)


def _guarded(function: Any) -> Any:
    """One of formulas' functions (a callable, or a dict holding one under "function") whose
    failure is a ``#VALUE!`` in its cell, like Excel's, and not an exception that stops the
    whole model (which formulas reports as the cell never being computed)."""
    if isinstance(function, dict):
        return function | {"function": _guarded(function["function"])}
    if not callable(function):
        return function

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except FoundError as found:
            return found.err
        except _FUNCTION_FAILURES:
            return Error.errors[VALUE]

    return call


class _ExactModel(formulas.ExcelModel):  # type: ignore[misc] # formulas has no types
    """formulas' ExcelModel, reading numbers as the file holds them: formulas rounds every
    number cell to 15 decimal places, which turns 1e-300 into 0 (a #DIV/0! where Excel and
    the fast engine divide) and cuts digits from small rates."""

    def compile_cell(
        self, cell: Any, context: Any, references: Any, formula_references: Any
    ) -> Any:
        if cell.data_type == "n" and isinstance(cell.value, float):
            place = formula_references.get(cell.coordinate, cell.coordinate)
            return self._compile_cell(place, cell.value, context, True, references)
        return super().compile_cell(cell, context, references, formula_references)


class FormulasBackend:
    """A workbook loaded into a ``formulas`` ExcelModel, built on first calculation.

    Asked for some cells only, the model holds just the formulas those cells need (formulas'
    ``from_ranges``): on a large sheet that is what makes this engine usable. The model is kept
    for every later calculation with other inputs (``roikit batch``) and rebuilt only when a
    calculation needs cells it lacks.
    """

    name = "formulas"
    notes = NOTES

    def __init__(self, package: Package) -> None:
        if package.date1904 and (used := sorted(package.functions_used() & DATE_FUNCTIONS)):
            raise UnsupportedFeatureError(
                f"{package.path.name} counts dates from 1904 (Excel for Mac's old date system) "
                f"and reads dates with {', '.join(used)}; the formulas engine knows only the "
                "1900 system and would be four years off: use the fast engine (--engine fast)"
            )
        self._package = package
        # kept while the model may be built again
        self._copy = LoadableCopy(package, intersections=True)
        self._book = os.path.basename(self._copy.path)
        self._folder = os.path.dirname(os.path.abspath(self._copy.path))
        self._inputs: dict[str, Any] = {}
        self._solution: dict[str, Any] = {}
        self._model: Any = None
        self._complete = False
        self._formula_cells = {
            name: package.sheet(name).formula_cells for name in package.sheet_order
        }
        #: formulas keys sheets in upper case
        self._sheet_names = {name.upper(): name for name in package.sheet_order}
        self._arrays: list[tuple[str, tuple[int, int], tuple[int, int], str]] | None = None

    def _key(self, sheet: str, reference: str) -> str:
        return f"'[{self._book}]{sheet.upper()}'!{reference}"

    def _range(self, sheet: str, reference: str) -> str:
        quoted = f"{self._folder}/[{self._book}]{sheet}".replace("'", "''")
        return f"'{quoted}'!{reference}"

    def set_value(self, sheet: str, reference: str, value: Any) -> None:
        self._inputs[self._key(sheet, reference)] = schedula.EMPTY if value is None else value

    def _build(self, targets: dict[str, list[str]] | None) -> None:
        try:
            # (formulas' own progress bar goes nowhere)
            with _catalog_registered(), contextlib.redirect_stderr(io.StringIO()):
                model = _ExactModel()
                if targets is None:
                    model.loads(str(self._copy.path))
                else:
                    model.from_ranges(
                        *(
                            self._range(sheet, ref)
                            for sheet, refs in targets.items()
                            for ref in refs
                        )
                    )
                self._model = model.finish()
        except Exception as err:  # formulas raises its own errors, and bare ones, on odd input
            raise self._load_error(err) from err
        self._complete = targets is None

    def _load_error(self, err: Exception) -> UnsupportedFeatureError:
        """The cell whose formula ``formulas`` cannot parse, or what it said."""
        parser = formulas.Parser()
        # formulas' parser adds every function name it meets to its one table of Excel's
        # functions (a defaultdict): the names it added are taken out again, or ROMI would
        # pass for an Excel built-in from then on
        functions = formulas.get_functions()
        known = set(functions)
        try:
            for sheet in self._package.sheet_order:
                for reference, text in self._package.formula_texts(sheet):
                    try:
                        parser.ast(f"={text}")
                    except formulas.errors.FormulaError as bad:
                        shown = text if len(text) <= 80 else text[:77] + "..."
                        return UnsupportedFeatureError(
                            f"{sheet}!{reference}: the formulas engine cannot read ={shown} "
                            f"({_reason(bad)})"
                        )
        finally:
            for name in set(functions) - known:
                del functions[name]
        reason = " ".join(str(err).split()) or type(err).__name__
        return UnsupportedFeatureError(
            f"{self._book}: the formulas engine cannot load it ({type(err).__name__}: {reason}); "
            "try the fast engine (--engine fast)"
        )

    def calculate(self, targets: dict[str, list[str]] | None = None) -> None:
        wanted = None
        if targets is not None:
            wanted = [self._key(sheet, ref) for sheet, refs in targets.items() for ref in refs]
        nodes = self._model.dsp.data_nodes if self._model is not None else {}
        if self._model is None or (
            not self._complete and (wanted is None or any(key not in nodes for key in wanted))
        ):
            self._build(targets)
            nodes = self._model.dsp.data_nodes
            if wanted is not None and any(key not in nodes for key in wanted):
                # the cells alone did not reach the workbook (formulas gave up reading it, in
                # silence: a damaged part): all of it, which says why it cannot, or gives them
                self._build(None)
                nodes = self._model.dsp.data_nodes
        inputs = {key: value for key, value in self._inputs.items() if key in nodes}
        outputs = [key for key in wanted if key in nodes] if wanted is not None else None
        NOTES.clear()
        self._solution = self._model.calculate(inputs=inputs, outputs=outputs)
        self._arrays = None

    def values(self, sheet: str, references: list[str]) -> dict[str, Any]:
        found = {}
        formula_cells = self._formula_cells.get(sheet, {})
        nodes = self._model.dsp.data_nodes if self._model is not None else {}
        for reference in references:
            key = self._key(sheet, reference)
            held = key if key in self._solution else self._in_array(sheet, reference)
            if held is not None:
                value = read(self._solution[held])
                if isinstance(value, list):  # one cell of an array formula's range, or a 1x1
                    top, left = split_reference(held.rsplit("!", 1)[1].split(":")[0])
                    row, column = split_reference(reference)
                    value = value[row - top][column - left]
                found[reference] = value
            elif key in self._inputs:
                found[reference] = read(self._inputs[key])
            elif reference not in formula_cells:
                found[reference] = self._package.cached_value(sheet, reference)
            elif key in nodes:
                # asked for, part of the model, and still not computed: a cycle, or a failure
                # formulas could not turn into a cell error
                found[reference] = CellError(CIRCULAR if self._on_cycle(key) else NOT_IMPLEMENTED)
            else:
                found[reference] = None
        return found

    def _in_array(self, sheet: str, reference: str) -> str | None:
        """The key under which ``formulas`` holds the range of an array formula (a spilled
        result) that covers the cell, if one does."""
        if self._arrays is None:  # found once per calculation: ranges whose corner is a formula
            self._arrays = []
            for key in self._solution:
                place, _, cells = key.rpartition("!")
                first, colon, last = cells.partition(":")
                name = place.split("]", 1)[-1].rstrip("'")
                corners = self._formula_cells.get(self._sheet_names.get(name, name), {})
                if colon and first in corners:
                    self._arrays.append((place, split_reference(first), split_reference(last), key))
        place = self._key(sheet, "").rstrip("!")
        row, column = split_reference(reference)
        for where, (top, left), (bottom, right), key in self._arrays:
            if where == place and top <= row <= bottom and left <= column <= right:
                return key
        return None

    def _on_cycle(self, key: str) -> bool:
        """Whether the model's node ``key`` depends on itself."""
        predecessors = self._model.dsp.dmap.pred
        seen, stack = set(), list(predecessors[key])
        while stack:
            node = stack.pop()
            if node == key:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(predecessors[node])
        return False

    @staticmethod
    def knows(function: str) -> bool:
        name = function.upper()
        return name in catalog_names() or name in formulas.get_functions()
