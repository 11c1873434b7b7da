"""A workbook opened for headless recalculation: set inputs, calculate, read outputs, save.

>>> import roikit                                                     # doctest: +SKIP
>>> book = roikit.open("workbook_templates/email_campaign_romi.xlsx")  # doctest: +SKIP
>>> book.set("revenue", 558800); book.get("romi_result")              # doctest: +SKIP
1.2
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import numbers
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from roikit.cells import CellError
from roikit.engine import lambdas
from roikit.engine.backend import CIRCULAR, ENGINES, NOT_IMPLEMENTED, backend_class
from roikit.errors import (
    NAME,
    REF,
    VALUE,
    CircularReferenceError,
    InputTypeError,
    UnknownInputError,
    UnsupportedFeatureError,
    WorkbookError,
)
from roikit.xlsx import (
    Package,
    Target,
    add_in_calls_in,
    blank_strings,
    functions_in,
    parse_target,
)

#: how many cells an error message lists before it says "and N more"
_LISTED = 8
#: a reference into another workbook, as files store it: [1]Sheet1!A1, '[1]My sheet'!A1
#: (not a table's column, Sales[2024], nor a structured reference, [@Cost], nor [0]!Name,
#: a name of this same workbook)
_EXTERNAL = re.compile(r"(?<![\w\]])\[[1-9]\d*\]")
#: the most names and references a Book keeps resolved (a caller may ask for every cell of a
#: large sheet by reference, once each)
_RESOLVED_KEPT = 10_000
#: how much of a formula an error message shows
_SHOWN_FORMULA = 80

Value = float | str | bool | CellError | None


class Book:
    """A workbook loaded into one engine (``"fast"``, the default, or ``"formulas"``).

    Inputs and outputs are the workbook's defined names: a name pointing at a formula cell is
    an output, any other name an input. Any cell can also be named by reference,
    ``"Inputs!B2"``.
    """

    def __init__(self, path: str | os.PathLike[str], engine: str = "fast") -> None:
        self.path = Path(path)
        self.package = Package(self.path)  # a bad file is said before an engine is loaded
        self._lambdas = lambdas.read(self.package)
        backend = backend_class(engine)
        self.engine = backend.name
        self._backend = backend(self.package)
        #: sheet -> its formula cells (a dict: cell -> where it starts in the sheet XML)
        self._formula_cells = {
            sheet: self.package.sheet(sheet).formula_cells for sheet in self.package.sheet_order
        }
        self._set: dict[str, dict[str, Any]] = {}
        #: what each name or reference asked for stands for (a batch asks for the same ones at
        #: every scenario: looking them up again was a tenth of a scenario)
        self._resolved: dict[str, Target] = {}
        self._results: dict[str, dict[str, Value]] = {}
        #: "Sheet!A1" -> why the engine could not calculate it (see calculate)
        self._problems: dict[str, WorkbookError] = {}
        self._complete = False
        #: output -> whether its cell is formatted as a date (see shown_date)
        self._dated: dict[str, bool] = {}

    def __repr__(self) -> str:
        return f"<roikit.Book {self.path.name!r} engine={self.engine!r}>"

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.package.close()

    # ----------------------------------------------------------------------------- names

    def _is_formula(self, target: Target) -> bool:
        cells = self._formula_cells.get(target.sheet, {})
        return all(cell in cells for cell in target.cells)

    def inputs(self) -> dict[str, str]:
        """Defined names that point at value cells (what :meth:`set` takes) -> their cells."""
        return {
            name: str(target)
            for name, target in sorted(self.package.names.items(), key=_name_order)
            if not self._is_formula(target)
        }

    def outputs(self) -> dict[str, str]:
        """Defined names that point at formula cells (what :meth:`get` reads) -> their cells."""
        return {
            name: str(target)
            for name, target in sorted(self.package.names.items(), key=_name_order)
            if self._is_formula(target)
        }

    def resolve(self, name_or_ref: str) -> Target:
        """The cells a defined name (any case) or a reference like ``Inputs!B2`` stands for."""
        target = self._resolved.get(name_or_ref)
        if target is None:
            target = self._resolve(name_or_ref)
            if len(self._resolved) < _RESOLVED_KEPT:
                self._resolved[name_or_ref] = target
        return target

    def _resolve(self, name_or_ref: str) -> Target:
        wanted = name_or_ref.strip()
        for name, target in self.package.names.items():
            if name.lower() == wanted.lower():
                return target
        by_lower = {sheet.lower(): sheet for sheet in self.package.sheet_order}
        sheet_text, bang, area = wanted.rpartition("!")
        if bang:
            sheet = by_lower.get(sheet_text.strip("'").replace("''", "'").lower())
            if sheet is not None:
                quoted = sheet.replace("'", "''")
                found = parse_target(f"'{quoted}'!{area}", [sheet])
                if found is not None:
                    return found
        known = ", ".join(self.inputs()) or "none"
        raise UnknownInputError(
            f"{self.path.name} has no name {name_or_ref!r}; its inputs: {known} "
            "(or give a cell such as Inputs!B2)"
        )

    # ----------------------------------------------------------------------------- inputs

    def set(self, name_or_ref: str, value: Any) -> None:
        """Put ``value`` into an input (a defined name or a reference like ``Inputs!B2``).

        A range input (cost lines) takes a list of up to as many values as it has cells; the
        cells left over become blank. One value for a range is a list of one: ``costs=63500``
        is one cost line of 63,500.
        """
        target = self.resolve(name_or_ref)
        if any(cell in self._formula_cells.get(target.sheet, ()) for cell in target.cells):
            raise WorkbookError(
                f"{name_or_ref} ({target}) holds a formula (it is an output); set its inputs"
            )
        cells = target.cells
        values = (
            list(_flatten(value))
            if isinstance(value, list | tuple) or hasattr(value, "tolist")
            else [value]
        )
        if len(values) > len(cells):
            raise WorkbookError(
                f"{name_or_ref} ({target}) has {len(cells)} cells, got {len(values)} values"
            )
        values += [None] * (len(cells) - len(values))
        for reference, item in zip(cells, values, strict=True):
            cell_value = self._cell_value(name_or_ref, Target(target.sheet, reference), item)
            self._backend.set_value(target.sheet, reference, cell_value)
            self._set.setdefault(target.sheet, {})[reference] = cell_value
        self._results.clear()
        self._complete = False

    def _cell_value(self, name: str, target: Target, value: Any) -> Any:
        if hasattr(value, "item") and not isinstance(value, list | tuple | dict):
            value = value.item()  # numpy scalars
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, dt.date):
            return self.package.date_serial(value)
        if isinstance(value, numbers.Real):
            return float(value)
        if isinstance(value, str):
            if isinstance(self.package.cached_value(target.sheet, target.cells[0]), float):
                raise InputTypeError(
                    f"{name} ({target}) takes a number, got the text {value!r} "
                    "(write 25% as 0.25 or '25%' on the command line)"
                )
            return value
        raise InputTypeError(
            f"{name} ({target}) takes a number, text, date or blank, got {type(value).__name__}"
        )

    # ----------------------------------------------------------------------------- calculate

    def calculate(self, outputs: Iterable[str] | None = None) -> None:
        """Recalculate every formula (or only what ``outputs``, names or references, need).

        A cell the engine cannot calculate (part of a circular reference, something the engine
        does not implement, a link to another workbook) costs only itself: it is kept as an
        error, named in :meth:`notes`, and :meth:`get` raises :class:`CircularReferenceError`
        or :class:`UnsupportedFeatureError` for it; every other cell is calculated and saved.
        """
        targets: dict[str, list[str]] | None = None
        if outputs is not None:
            targets = {}
            for output in outputs:
                target = self.resolve(output)
                targets.setdefault(target.sheet, []).extend(target.cells)
        formula_targets = targets or {
            sheet: list(cells) for sheet, cells in self._formula_cells.items()
        }
        with _collector_paused():
            self._backend.calculate(targets)
            results = {
                sheet: self._backend.values(sheet, list(references))
                for sheet, references in formula_targets.items()
            }
        self._problems = self._find_problems(results)
        lambdas.refuse_altered(self._lambdas, self.package, _listing)
        self._results = results
        self._complete = targets is None

    def _find_problems(self, results: dict[str, dict[str, Value]]) -> dict[str, WorkbookError]:
        """Cell -> why the engine could not calculate it; such cells become ``#VALUE!``."""
        circular: list[Target] = []
        unsupported: list[Target] = []
        refs = False
        for sheet, values in results.items():
            for reference, value in values.items():
                if isinstance(value, CellError):
                    if value.code in (CIRCULAR, NOT_IMPLEMENTED):
                        (circular if value.code == CIRCULAR else unsupported).append(
                            Target(sheet, reference)
                        )
                        values[reference] = CellError(VALUE, value.message)
                    refs = refs or value.code == REF
        problems: dict[str, WorkbookError] = {}
        if refs and (linked := self._linked_cells()):
            error = UnsupportedFeatureError(
                f"{_listing([str(cell) for cell in linked])} "
                f"{'refers' if len(linked) == 1 else 'refer'} to another workbook "
                f"({self._formula(linked[0])}): roikit calculates one workbook at a time; paste "
                "the linked values in, or break the link in Excel (Data > Edit Links)"
            )
            problems |= dict.fromkeys(map(str, linked), error)
        if circular:
            names = [str(cell) for cell in circular]
            loop = CircularReferenceError(
                f"{self.path.name} has a circular reference: {_listing(names)} "
                f"{'depends on itself' if len(names) == 1 else 'depend on each other'}; "
                "break the loop (roikit does not iterate); saved as #VALUE!"
            )
            problems |= dict.fromkeys(names, loop)
        hint = self._switch_hint() if unsupported else ""
        for cell in unsupported:
            problems[str(cell)] = UnsupportedFeatureError(
                f"{cell} uses something the {self.engine} engine does not implement "
                f"({self._formula(cell)}){hint}; saved as #VALUE!"
            )
        return problems

    def _linked_cells(self) -> list[Target]:
        """Formula cells that reference another workbook (``[1]Sheet1!A1``)."""
        return [
            Target(sheet, reference)
            for sheet in self.package.sheet_order
            for reference, formula in self.package.formula_texts(sheet)
            if _EXTERNAL.search(blank_strings(formula))
        ]

    def _formula(self, target: Target) -> str:
        formula = self.package.formula(target.sheet, target.cells[0])
        if formula and len(formula) > _SHOWN_FORMULA:
            formula = f"{formula[: _SHOWN_FORMULA - 3]}... ({len(formula):,} characters)"
        return f"={formula}" if formula else "no formula"

    def _switch_hint(self, functions: Iterable[str] = ()) -> str:
        for other in ENGINES:
            if other == self.engine:
                continue
            if all(backend_class(other).knows(function) for function in functions):
                return f"; the {other} engine can: engine={other!r} (--engine {other})"
        return ""

    def formula_cells(self, sheet: str) -> Collection[str]:
        """The sheet's cells whose value comes from a formula (an array formula's whole area)."""
        return self._formula_cells.get(sheet, {}).keys()

    def results(self) -> dict[str, dict[str, Value]]:
        """Sheet -> formula cell -> its value in the latest calculation."""
        return self._results

    def uncalculated(self) -> dict[str, str]:
        """Cells the engine could not calculate in the latest calculation ("Sheet!A1") -> why;
        they are saved as ``#VALUE!``."""
        return {cell: str(error) for cell, error in self._problems.items()}

    def notes(self) -> list[str]:
        """Why cells are errors after the latest calculation, each reason once: the cells the
        engine could not calculate (the first few), and why roikit functions gave errors
        ("ROMI: margin must be between 0 and 1 (write 25% or 0.25), got 25")."""
        problems = list(dict.fromkeys(str(error) for error in self._problems.values()))
        if len(problems) > _LISTED:
            problems[_LISTED:] = [
                f"and {len(problems) - _LISTED} more cells the engine could not calculate"
            ]
        return problems + list(self._backend.notes.messages)

    # ----------------------------------------------------------------------------- read

    def get(self, name_or_ref: str) -> Value | list[list[Value]]:
        """The value of a name or reference after calculation (a range gives rows of values).

        Errors come back as :class:`~roikit.cells.CellError` (``#DIV/0!``, ``#NUM!``, ...),
        except ``#NAME?``, which raises :class:`UnsupportedFeatureError`: it means a function
        or name the engine does not know, never a result. A cell the engine could not
        calculate (a circular reference, a link to another workbook, something not
        implemented) raises too.
        """
        value, problem = self._read(name_or_ref)
        if problem is not None:
            raise problem
        return value

    def shown_date(self, name_or_ref: str, value: Any) -> dt.date | dt.datetime | None:
        """The date ``value`` (an output's serial number) shows as in its cell, when the cell is
        formatted as a date (``dd.mm.yyyy``: Excel shows 03.01.2027, not 46390); None
        otherwise."""
        from roikit.engine.number_format import serial_date, shows_date

        if type(value) is not float:
            return None
        dated = self._dated.get(name_or_ref)
        if dated is None:  # (a batch asks at every scenario)
            target = self.resolve(name_or_ref)
            code = self.package.number_format(target.sheet, target.cells[0])
            dated = self._dated[name_or_ref] = shows_date(code)
        return serial_date(value, self.package.date1904) if dated else None

    def dates_shown(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` (output -> value, as :meth:`get_many` gives them) with each output whose
        cell is formatted as a date holding its date (:meth:`shown_date`)."""
        return {name: self.shown_date(name, value) or value for name, value in values.items()}

    def get_many(
        self, names: Iterable[str]
    ) -> tuple[dict[str, Value | list[list[Value]]], dict[str, WorkbookError]]:
        """Each name's value, as :meth:`get` gives it, and why those that cannot be had fail.

        A name :meth:`get` would raise for (an unknown function, a circular reference) does not
        stop the others: its value is the error its cell shows in the saved workbook
        (``#NAME?``; ``#VALUE!`` for a cell the engine could not calculate), and the second
        dict holds the exception :meth:`get` raises for it. A name the workbook does not have
        raises :class:`UnknownInputError` as in :meth:`get`.
        """
        values: dict[str, Value | list[list[Value]]] = {}
        problems: dict[str, WorkbookError] = {}
        for name in names:
            values[name], problem = self._read(name)
            if problem is not None:
                problems[name] = problem
        return values, problems

    def _read(self, name_or_ref: str) -> tuple[Value | list[list[Value]], WorkbookError | None]:
        """A name's value, or the error its cell shows and why the engine could not do better."""
        target = self.resolve(name_or_ref)
        formula_cells = self._formula_cells.get(target.sheet, {})
        computed = self._results.get(target.sheet, {})
        if any(cell in formula_cells and cell not in computed for cell in target.cells):
            self.calculate()
            computed = self._results.get(target.sheet, {})
        missing = [cell for cell in target.cells if cell not in computed]
        values = dict(computed) | self._backend.values(target.sheet, missing)
        for cell in target.cells:
            value = values[cell]
            if (problem := self._problems.get(str(Target(target.sheet, cell)))) is not None:
                # saved as #VALUE! (a link to another workbook: the #REF! its cell holds)
                code = value.code if isinstance(value, CellError) else VALUE
                return CellError(code, str(problem)), problem
            if isinstance(value, CellError) and value.code == NAME:
                unknown = self._name_error(Target(target.sheet, cell))
                return CellError(NAME, str(unknown)), unknown
        if len(target.cells) == 1:
            single: Value = values[target.cells[0]]
            return single, None
        rows: dict[str, list[Value]] = {}
        for cell in target.cells:
            rows.setdefault(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), []).append(values[cell])
        return list(rows.values()), None

    def _name_error(self, target: Target) -> UnsupportedFeatureError:
        formula = self.package.formula(target.sheet, target.cells[0]) or ""
        if linked := add_in_calls_in(formula, self.package):
            calls = ", ".join(f"{name} of the Excel add-in {file}" for name, file in linked)
            return UnsupportedFeatureError(
                f"{target} is #NAME?: {self._formula(target)} calls {calls}: only Excel with "
                "that add-in loaded calculates it"
            )
        unknown = sorted(
            function for function in functions_in(formula) if not self._backend.knows(function)
        )
        if unknown and (why := lambdas.explain(self._lambdas, unknown, self.engine)):
            return UnsupportedFeatureError(
                f"{target} is #NAME?: {why} (in {self._formula(target)})"
            )
        if unknown:
            return UnsupportedFeatureError(
                f"{target} is #NAME?: the {self.engine} engine does not know "
                f"{', '.join(unknown)} (in {self._formula(target)})"
                + (self._switch_hint(unknown) or " (misspelt, or a function roikit does not have)")
            )
        # not in the cell itself: the functions of the workbook the engine does not know (the
        # cell depends on one of them, or on a name the workbook does not define)
        elsewhere = sorted(
            function
            for function in self.package.functions_used()
            if not self._backend.knows(function)
        )
        if elsewhere and (why := lambdas.explain(self._lambdas, elsewhere, self.engine)):
            return UnsupportedFeatureError(
                f"{target} is #NAME?: {self._formula(target)} depends on a cell that cannot be "
                f"calculated: {why}"
            )
        if elsewhere:
            return UnsupportedFeatureError(
                f"{target} is #NAME?: {self._formula(target)} depends on a cell calling a "
                f"function the {self.engine} engine does not know: the workbook calls "
                f"{', '.join(elsewhere)}"
                + (
                    self._switch_hint(elsewhere)
                    or self._add_in_hint(elsewhere)
                    or " (misspelt, a VBA macro's or an add-in's, or a function roikit does "
                    "not have)"
                )
            )
        return UnsupportedFeatureError(
            f"{target} is #NAME?: {self._formula(target)} uses an unknown name or function, "
            "here or in a cell it depends on"
        )

    def _add_in_hint(self, unknown: list[str]) -> str:
        """Where every unknown function is an Excel add-in's (``[1]!HsGetValue(``): which add-in,
        and that only Excel with it loaded calculates it; "" otherwise."""
        add_ins = self.package.add_ins.values()
        files = sorted(
            {add_in.file or "an add-in" for add_in in add_ins if add_in.functions & set(unknown)}
        )
        lent = {name for add_in in add_ins for name in add_in.functions}
        if not files or not set(unknown) <= lent:
            return ""
        return (
            f" (a function of the Excel add-in {', '.join(files)}: only Excel with that add-in "
            "loaded calculates it)"
        )

    # ----------------------------------------------------------------------------- save

    def save(self, path: str | os.PathLike[str] | None = None, *, in_place: bool = False) -> Path:
        """Write the workbook with its new inputs and every formula's new cached value.

        Only changed cells are rewritten; every other part of the file is copied unchanged. The
        source file is never overwritten unless ``in_place=True`` (then ``path`` may be left out).
        """
        if path is None and not in_place:
            raise WorkbookError("save needs a path (or in_place=True to overwrite the source)")
        target = Path(path) if path is not None else self.path
        if target.resolve() == self.path.resolve() and not in_place:
            raise WorkbookError(
                f"refusing to overwrite the source workbook {self.path}; save to another "
                "path, or pass in_place=True (--in-place)"
            )
        if not self._complete:
            self.calculate()
        from roikit.xlsx import save

        save(self.package, self.changes(), target)
        return target

    def changes(self) -> dict[str, dict[str, Any]]:
        """Sheet -> cell -> value: every input set and every formula's value (the patcher
        leaves a cell alone when it already holds its value)."""
        changes: dict[str, dict[str, Any]] = {}
        for sheet in self.package.sheet_order:
            changed = self._results.get(sheet, {}) | self._set.get(sheet, {})
            if changed:
                changes[sheet] = changed
        return changes


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a calculation, and left as it was after.

    A large sheet's calculation makes millions of lists that live until it ends (formualizer
    hands a block of cells over as a list a row), and each of the collector's full passes
    walks every one of them, to find no garbage: at a million rows they took 1.0-1.5 s of a
    5.8 s calculation (measured with ``gc.callbacks``). Whatever garbage a calculation leaves
    is collected as usual once it is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _flatten(value: Any) -> Iterable[Any]:
    if hasattr(value, "tolist"):
        value = value.tolist()
    for item in value:
        if isinstance(item, list | tuple):
            yield from _flatten(item)
        else:
            yield item


def _name_order(item: tuple[str, Target]) -> str:
    return item[0].lower()


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:_LISTED])
    return shown + (f" and {len(items) - _LISTED} more" if len(items) > _LISTED else "")


def open_book(path: str | os.PathLike[str], engine: str = "fast") -> Book:
    """Open a workbook for recalculation (``roikit.open``)."""
    return Book(path, engine=engine)


def recalc(
    path: str | os.PathLike[str],
    inputs: Mapping[str, Any] | None = None,
    outputs: Iterable[str] | None = None,
    *,
    engine: str = "fast",
    save_to: str | os.PathLike[str] | None = None,
) -> dict[str, Value | list[list[Value]]]:
    """Open, set ``inputs``, recalculate and return ``outputs`` (all defined outputs if None).

    With ``save_to`` the recalculated workbook is saved there as well.
    """
    with Book(path, engine=engine) as book:
        for name, value in (inputs or {}).items():
            book.set(name, value)
        wanted = list(outputs) if outputs is not None else list(book.outputs())
        book.calculate(None if save_to is not None else wanted)
        result = {name: book.get(name) for name in wanted}
        if save_to is not None:
            book.save(save_to)
        return result
