"""The one small interface both engines offer: load, set an input, calculate, read values.

Values crossing it are plain Python: ``float``, ``str``, ``bool``, ``None`` for a blank, and
:class:`~roikit.cells.CellError` for an error value. Two error codes exist only here, for what a
cell cannot show: :data:`CIRCULAR` (the cell is part of a circular reference) and
:data:`NOT_IMPLEMENTED` (the engine cannot calculate something in the formula); the Book turns
them into exceptions naming the cells.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from roikit.engine.adapters import Notes
from roikit.errors import WorkbookError
from roikit.xlsx import Package

CIRCULAR = "#CIRCULAR!"
NOT_IMPLEMENTED = "#NOT-IMPLEMENTED!"

#: engine name -> "module:class"
ENGINES = {
    "fast": "roikit.engine.fast:FastBackend",
    "formulas": "roikit.engine.formulas:FormulasBackend",
    "ironcalc": "roikit.engine.ironcalc:IronCalcBackend",
}


class Backend(Protocol):
    """A loaded workbook in one calculation engine."""

    #: the engine's name as the user picks it ("fast", "formulas")
    name: str
    #: why catalog functions gave errors in the latest calculation
    notes: Notes

    def __init__(self, package: Package) -> None: ...

    def set_value(self, sheet: str, reference: str, value: Any) -> None:
        """Put a plain value (number, text, bool, None) into a cell."""

    def calculate(self, targets: dict[str, list[str]] | None = None) -> None:
        """Recalculate; ``targets`` (sheet -> cells) limits the work to what is read next."""

    def values(self, sheet: str, references: list[str]) -> dict[str, Any]:
        """The current values of these cells of one sheet, as plain Python."""

    @staticmethod
    def knows(function: str) -> bool:
        """Whether the engine can calculate the function (upper-case name, no prefix)."""


def backend_class(engine: str) -> type[Backend]:
    """The backend class for an engine name; a clear error for an unknown one."""
    try:
        module, _, name = ENGINES[engine.lower()].partition(":")
    except KeyError:
        raise WorkbookError(
            f"unknown engine {engine!r}; choose one of: fast, formulas, ironcalc"
        ) from None
    found: type[Backend] = getattr(importlib.import_module(module), name)
    return found
