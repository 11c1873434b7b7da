"""A second opinion: the same workbook recalculated by another engine, and the cells where the
two disagree (``roikit recalc --verify``).

Two values agree when numbers are equal to 1e-9 relative (1e-12 absolute near zero), texts and
booleans are equal, a blank and an empty text are the same, and errors have the same code. The
fidelity score (``make fidelity``) compares each engine with Excel by the same rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from roikit.cells import CellError

if TYPE_CHECKING:
    from roikit.engine.book import Book

#: numbers closer than this, relative to the larger, are the same number
RELATIVE = 1e-9
#: ... and closer than this near zero
ABSOLUTE = 1e-12


def same_value(first: Any, second: Any) -> bool:
    """Whether two cell values agree (see the module docstring)."""
    if first in (None, "") and second in (None, ""):
        return True
    if isinstance(first, CellError) or isinstance(second, CellError):
        return (
            isinstance(first, CellError)
            and isinstance(second, CellError)
            and first.code == second.code
        )
    if isinstance(first, bool) or isinstance(second, bool):
        return type(first) is type(second) and first == second
    if isinstance(first, int | float) and isinstance(second, int | float):
        if not (math.isfinite(first) and math.isfinite(second)):
            return False
        return abs(first - second) <= max(ABSOLUTE, RELATIVE * max(abs(first), abs(second)))
    return bool(first == second)


@dataclass(frozen=True)
class Disagreement:
    """A formula cell two engines calculate differently."""

    cell: str
    formula: str
    value: Any
    other: Any


def disagreements(book: Book, engine: str) -> list[Disagreement]:
    """Every formula cell of ``book`` (calculated) whose value ``engine`` calculates otherwise,
    with the same inputs set."""
    from roikit.engine.book import Book

    with Book(book.path, engine=engine) as other:
        for sheet, cells in book.changes().items():
            for reference, value in cells.items():
                if reference not in book.formula_cells(sheet):
                    other.set(f"'{sheet}'!{reference}", value)
        other.calculate()
        found = []
        for sheet, values in book.results().items():
            theirs = other.results().get(sheet, {})
            for reference, value in values.items():
                if not same_value(value, theirs.get(reference)):
                    formula = book.package.formula(sheet, reference)
                    found.append(
                        Disagreement(
                            f"{sheet}!{reference}",
                            f"={formula}" if formula else "",
                            value,
                            theirs.get(reference),
                        )
                    )
        return found
