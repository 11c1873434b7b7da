"""What a workbook holds, read without calculating it: its named inputs and outputs, the
functions its formulas call, and which engine can calculate each (``roikit inspect``)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from roikit.engine.backend import ENGINES, backend_class
from roikit.engine.known import ARRAY_FORMULAS, STRUCTURED_REFERENCES
from roikit.xlsx import Package


@dataclass(frozen=True)
class Inspection:
    """A workbook's names and functions; ``support`` maps each function to the engines that
    can calculate it."""

    sheets: int
    #: (name, cell or range, the cached values as shown)
    inputs: list[tuple[str, str, list[object]]]
    #: (name, cell or range, "=formula")
    outputs: list[tuple[str, str, str]]
    support: dict[str, dict[str, bool]]
    #: the features the fidelity corpus scores that the workbook uses (roikit.engine.known)
    features: list[str]


def inspect_workbook(path: str | os.PathLike[str]) -> Inspection:
    """Read the defined names and formulas of a workbook, without loading an engine.

    A name whose every cell holds a formula is an output; any other name is an input.
    """
    package = Package(os.fspath(path))
    try:
        inputs, outputs = [], []
        for name, target in sorted(package.names.items(), key=lambda item: item[0].lower()):
            sheet = package.sheet(target.sheet)
            if all(cell in sheet.formula_cells for cell in target.cells):
                formula = package.formula(target.sheet, target.cells[0])
                outputs.append((name, str(target), f"={formula}" if formula else ""))
            else:
                values = [package.cached_value(target.sheet, cell) for cell in target.cells]
                inputs.append((name, str(target), values))
        functions = sorted(package.functions_used())
        sheets = len(package.sheet_order)
        features = _features(package)
    finally:
        package.close()
    support = {
        function: {engine: backend_class(engine).knows(function) for engine in ENGINES}
        for function in functions
    }
    return Inspection(sheets, inputs, outputs, support, features)


#: a table's name followed by a column or a special item: Sales[Amount], Sales[[#All],[Cost]]
_STRUCTURED = re.compile(r"[A-Za-z_][\w.]*\[(?:[^\]\d]|\[)")


def _features(package: Package) -> list[str]:
    """Array formulas and tables' structured references, where the workbook has them."""
    found = []
    if any(-1 in package.sheet(sheet).formula_cells.values() for sheet in package.sheet_order):
        found.append(ARRAY_FORMULAS)
    texts = (text for sheet in package.sheet_order for _, text in package.formula_texts(sheet))
    if any(_STRUCTURED.search(text) for text in texts):
        found.append(STRUCTURED_REFERENCES)
    return found
