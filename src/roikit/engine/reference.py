"""The reference engine: the ``formulas`` package, with every catalog function registered.

Slow on large sheets (it builds a dispatch graph of every cell), so the Book asks it only for
the cells it needs next, and keeps the loaded model for every following calculation.
"""

from __future__ import annotations

import contextlib
import io
import os
from typing import Any

import formulas
import numpy as np
import schedula
from formulas.ranges import Ranges
from formulas.tokens.operand import Error, XlError

from roikit.cells import CellError
from roikit.engine.adapters import adapter, registrations
from roikit.engine.backend import CIRCULAR
from roikit.engine.xlsx import Package
from roikit.errors import VALUE


def read(value: Any) -> Any:
    """A ``formulas`` value as plain Python (see roikit.engine.adapters)."""
    if isinstance(value, Ranges):
        value = value.value
    if isinstance(value, np.ndarray):
        return [[read(item) for item in row] for row in value.tolist()]
    if value is schedula.EMPTY:
        return None
    if isinstance(value, XlError):
        return CellError(str(value))
    if isinstance(value, np.generic):
        return value.item()
    return value


def write(value: Any) -> Any:
    """roikit's answer as a ``formulas`` value: errors become its own error values."""
    if isinstance(value, CellError):
        return Error.errors.get(value.code, Error.errors[VALUE])
    return value


def _register() -> None:
    functions = formulas.get_functions()  # the package's one (cached) function table
    for name, function in registrations():
        functions[name] = adapter(function, read, write)


_register()


class ReferenceBackend:
    """A workbook loaded into a ``formulas`` ExcelModel."""

    name = "formulas"

    def __init__(self, package: Package) -> None:
        with contextlib.redirect_stderr(io.StringIO()):  # formulas' own progress bar
            self.model = formulas.ExcelModel().loads(str(package.path)).finish()
        self._book = os.path.basename(package.path)
        self._inputs: dict[str, Any] = {}
        self._solution: dict[str, Any] = {}
        self._formula_cells = {
            name: set(package.sheet(name).formula_cells) for name in package.sheet_order
        }

    def _key(self, sheet: str, reference: str) -> str:
        return f"'[{self._book}]{sheet.upper()}'!{reference}"

    def set_value(self, sheet: str, reference: str, value: Any) -> None:
        self._inputs[self._key(sheet, reference)] = schedula.EMPTY if value is None else value

    def calculate(self, targets: dict[str, list[str]] | None = None) -> None:
        outputs = None
        if targets is not None:
            outputs = [self._key(sheet, ref) for sheet, refs in targets.items() for ref in refs]
            known = set(self.model.dsp.data_nodes)
            outputs = [key for key in outputs if key in known]
        self._solution = self.model.calculate(inputs=dict(self._inputs), outputs=outputs)

    def values(self, sheet: str, references: list[str]) -> dict[str, Any]:
        found = {}
        formula_cells = self._formula_cells.get(sheet, set())
        for reference in references:
            key = self._key(sheet, reference)
            if key in self._solution:
                value = read(self._solution[key])
                found[reference] = value[0][0] if isinstance(value, list) else value
            elif key in self._inputs:
                found[reference] = read(self._inputs[key])
            elif reference in formula_cells and key in self.model.dsp.data_nodes:
                # asked for, part of the model, and still not computed: a cycle
                found[reference] = CellError(CIRCULAR)
            else:
                found[reference] = None
        return found

    @staticmethod
    def knows(function: str) -> bool:
        return function.upper() in formulas.get_functions()
