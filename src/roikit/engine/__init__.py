"""Headless recalculation of workbooks: open, set inputs, calculate, read outputs, save.

Three engines sit behind one small interface (:mod:`roikit.engine.backend`): ``fast``
(formualizer, cross-checked cell by cell with IronCalc on workbooks of up to 20k formula cells;
the default), ``formulas`` (slower; it evaluates only what is read) and ``ironcalc`` (IronCalc
alone). The first two have every catalog function registered from the catalog
(:mod:`roikit.engine.adapters`); IronCalc knows them only as a workbook's named LAMBDAs. A cell
an engine cannot calculate costs only itself (:meth:`Book.notes`); ``make fidelity`` scores
every engine against Excel's own values (:mod:`roikit.engine.known`,
:mod:`roikit.engine.verify`). Saving patches the
changed cells into the sheet XML and copies every other part of the file unchanged
(:mod:`roikit.xlsx.patch`). The engine knows no command line; ``roikit recalc`` is a thin face
over :func:`recalc` and :class:`Book`.
"""

from roikit.engine.book import Book, open_book, recalc
from roikit.engine.inspection import Inspection, inspect_workbook
from roikit.engine.known import misses
from roikit.engine.verify import disagreements
from roikit.errors import (
    CircularReferenceError,
    EncryptedWorkbookError,
    InputTypeError,
    NotAWorkbookError,
    UnknownInputError,
    UnsafeWorkbookError,
    UnsupportedFeatureError,
    WorkbookError,
)

__all__ = [
    "Book",
    "CircularReferenceError",
    "EncryptedWorkbookError",
    "InputTypeError",
    "Inspection",
    "NotAWorkbookError",
    "UnknownInputError",
    "UnsafeWorkbookError",
    "UnsupportedFeatureError",
    "WorkbookError",
    "disagreements",
    "inspect_workbook",
    "misses",
    "open_book",
    "recalc",
]
