"""The fast engine: formualizer (Rust), with every catalog function registered as a Python UDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import formualizer

from roikit.cells import CellError
from roikit.engine.adapters import Notes, adapter, catalog_names, registrations
from roikit.engine.backend import CIRCULAR, NOT_IMPLEMENTED
from roikit.engine.errors import NotAWorkbookError
from roikit.engine.loadable import LoadableCopy
from roikit.engine.xlsx import Package, split_reference, split_references
from roikit.errors import CALC, DIV0, NA, NAME, NULL, NUM, REF, SPILL, VALUE

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

#: a bounding box of more than this many cells per wanted cell is read cell by cell instead
_SPARSE = 4


def read(value: Any, serial=None) -> Any:
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


class FastBackend:
    """A workbook loaded into formualizer."""

    name = "fast"

    def __init__(self, package: Package) -> None:
        self._serial = package.date_serial
        # roikit's functions run in Python, under the GIL: formualizer's parallel evaluation
        # (its default) only makes its threads wait for each other, twice as slow as one thread
        settings = formualizer.EvaluationConfig()
        settings.enable_parallel = False
        if package.date1904:  # formualizer does not read date1904: YEAR would be 4 years early
            settings.date_system = "1904"
        copy = LoadableCopy(package)
        try:
            self.workbook = formualizer.Workbook.load_path(
                str(copy.path), config=formualizer.WorkbookConfig(eval_config=settings)
            )
        except (OSError, RuntimeError, ValueError) as err:
            raise NotAWorkbookError(f"{package.path}: formualizer cannot read it: {err}") from err
        finally:
            copy.close()
        self.workbook.set_temporal_egress("serial")
        self.notes = Notes()
        for name, function in registrations():
            # no arity limits: a wrong number of arguments is for roikit.cells to explain
            self.workbook.register_function(name, adapter(function, read, write, self.notes))

    def set_value(self, sheet: str, reference: str, value: Any) -> None:
        row, column = split_reference(reference)
        self.workbook.set_value(sheet, row, column, value)

    def calculate(self, targets: dict[str, list[str]] | None = None) -> None:
        self.notes.clear()
        self.workbook.evaluate_all()

    def values(self, sheet: str, references: list[str]) -> dict[str, Any]:
        """Read column by column: one call per column span, cell by cell where it is sparse."""
        by_column: dict[int, list[tuple[int, str]]] = {}
        for reference, (row, column) in zip(references, split_references(references), strict=True):
            by_column.setdefault(column, []).append((row, reference))
        found: dict[str, Any] = {}
        serial = self._serial
        for column, cells in by_column.items():
            top = min(row for row, _ in cells)
            bottom = max(row for row, _ in cells)
            if bottom - top + 1 > _SPARSE * len(cells) + 64:
                for row, reference in cells:
                    found[reference] = read(self.workbook.get_value(sheet, row, column), serial)
                continue
            block = self.workbook.sheet(sheet).get_values(
                formualizer.RangeAddress(sheet, top, column, bottom, column)
            )
            for row, reference in cells:
                found[reference] = read(block[row - top][0], serial)
        return {reference: found[reference] for reference in references}

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
