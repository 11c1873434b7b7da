"""The IronCalc engine: IronCalc (Rust, pip ``ironcalc``), the open engine closest to Excel on
the fidelity corpus (``make fidelity``).

IronCalc has no hook for Python functions, so it calculates roikit's functions only where the
workbook carries them as named LAMBDAs (the LAMBDA edition); a call of a catalog function it
cannot see is ``#NAME?``, and the Book says which engine knows it. It loads large sheets slowly
(a 100k-row sheet takes tens of seconds), which is why it is not the default engine.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import ironcalc

from roikit.cells import CellError
from roikit.engine.adapters import Notes
from roikit.engine.backend import CIRCULAR, NOT_IMPLEMENTED
from roikit.engine.loadable import LoadableCopy
from roikit.errors import CELL_ERRORS, NAME, VALUE, NotAWorkbookError, UnsupportedFeatureError
from roikit.xlsx import Package, split_reference

#: IronCalc's own error texts and what a cell shows for them
_CODES = {"#CIRC!": CIRCULAR, "#N/IMPL!": NOT_IMPLEMENTED, "#ERROR!": NOT_IMPLEMENTED}


def read(kind: Any, value: Any) -> Any:
    """An IronCalc cell (its type and value) as plain Python (see roikit.engine.adapters)."""
    kind = str(kind).rpartition(".")[2]
    if kind == "ErrorValue":
        code = _CODES.get(str(value), str(value))
        return CellError(code if code in (*CELL_ERRORS, CIRCULAR, NOT_IMPLEMENTED) else VALUE)
    if value is None or (value == "" and kind != "Text"):
        return None
    if kind == "Number" and not isinstance(value, bool):
        return float(value)
    return value


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """IronCalc's loader prints a line to standard output for each cell it finds odd: the
    command line's output must stay the outputs."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class IronCalcBackend:
    """A workbook loaded into IronCalc."""

    name = "ironcalc"

    def __init__(self, package: Package) -> None:
        if package.date1904:
            raise UnsupportedFeatureError(
                f"{package.path.name} counts dates from 1904 (Excel for Mac's old date system), "
                "which the ironcalc engine does not read: use the fast engine (--engine fast)"
            )
        copy = LoadableCopy(package, tables=False)  # IronCalc reads tables itself
        try:
            with _quiet():
                self.model = ironcalc.load_from_xlsx(str(copy.path), "en", "UTC")
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as err:  # IronCalc's WorkbookError, or a Rust panic on odd input
            raise NotAWorkbookError(f"{package.path}: IronCalc cannot read it: {err}") from err
        finally:
            copy.close()
        self._index = {
            sheet["name"]: index
            for index, sheet in enumerate(self.model.get_worksheets_properties())
        }
        #: cell -> (row, column), found once: the same cells are read at every calculation
        self._places: dict[str, tuple[int, int]] = {}
        self.notes = Notes()

    def set_value(self, sheet: str, reference: str, value: Any) -> None:
        row, column = split_reference(reference)
        index = self._index[sheet]
        if value is None:
            self.model.clear_cell_contents(index, row, column)
        elif isinstance(value, bool):
            self.model.update_cell_with_bool(index, row, column, value)
        elif isinstance(value, str):
            self.model.update_cell_with_text(index, row, column, value)
        else:
            self.model.update_cell_with_number(index, row, column, float(value))

    def calculate(self, targets: dict[str, list[str]] | None = None) -> None:
        self.model.evaluate()

    def values(self, sheet: str, references: list[str]) -> dict[str, Any]:
        if not references:  # a chart sheet has no cells, and no index in IronCalc's model
            return {}
        index = self._index[sheet]
        places = self._places
        model = self.model
        found = {}
        for reference in references:
            place = places.get(reference)
            if place is None:
                place = places[reference] = split_reference(reference)
            row, column = place
            found[reference] = read(
                model.get_cell_type(index, row, column), model.get_cell_value(index, row, column)
            )
        return found

    @staticmethod
    def knows(function: str) -> bool:
        name = function.upper()
        if name not in _KNOWN:
            probe = ironcalc.create("probe", "en", "UTC")
            probe.set_user_input(0, 1, 1, f"={name}()")
            probe.evaluate()
            _KNOWN[name] = probe.get_cell_value(0, 1, 1) != NAME
        return _KNOWN[name]


#: function name -> whether IronCalc calculates it
_KNOWN: dict[str, bool] = {}
