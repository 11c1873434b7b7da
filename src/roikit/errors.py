"""Every exception roikit raises, in one tree, and the cell errors a metric's error maps to.

A Python caller gets :class:`MetricError` (a ``ValueError``) naming the argument and the rule it
broke; a spreadsheet cell gets ``MetricError.excel_error`` (``#DIV/0!``, ``#NUM!``, ``#VALUE!``)
with the same message where the host can show one. A file or a command that cannot be handled
raises one of the others; the command line prints any of them as one line (exit status 2).
A missing file is Python's own ``FileNotFoundError``.

::

    RoikitError
     +-- MetricError (ValueError)        a metric cannot be computed from these arguments
     +-- UnsafeFileError (ValueError)    a file refused before reading (zip bomb, DTD, ...)
     +-- ExportError (ValueError)        a file that cannot be read as a campaign export
     +-- WorkbookError (ValueError)      a workbook cannot be opened, changed or calculated
     |    +-- NotAWorkbookError
     |    +-- EncryptedWorkbookError
     |    +-- UnsafeWorkbookError (also UnsafeFileError)
     |    +-- UnknownInputError (also KeyError)
     |    +-- InputTypeError (also TypeError)
     |    +-- CircularReferenceError
     |    +-- UnsupportedFeatureError
     |    +-- NameConflictError             a name of the workbook's that equals a roikit function
     +-- CommandError                    bad input on the command line
"""

from __future__ import annotations

DIV0 = "#DIV/0!"
NUM = "#NUM!"
VALUE = "#VALUE!"
NAME = "#NAME?"
NA = "#N/A"
REF = "#REF!"
NULL = "#NULL!"

SPILL = "#SPILL!"
CALC = "#CALC!"

#: Every error value a metric can give, in Excel's spelling.
EXCEL_ERRORS = (NULL, DIV0, VALUE, REF, NAME, NUM, NA)
#: ... and those only a dynamic-array formula gives (an array with no room, an empty FILTER)
CELL_ERRORS = (*EXCEL_ERRORS, SPILL, CALC)


class RoikitError(Exception):
    """The base of every error roikit raises on purpose: catch it to catch them all."""


class MetricError(RoikitError, ValueError):
    """A metric cannot be computed from these arguments.

    ``argument`` names the argument at fault (or ``"result"``), ``rule`` says what it broke, and
    ``excel_error`` is the error value a spreadsheet cell shows for it.

    >>> err = MetricError("margin", "must be between 0 and 1 (write 25% or 0.25), got 25", "#NUM!")
    >>> str(err)
    'margin must be between 0 and 1 (write 25% or 0.25), got 25'
    >>> err.cell_text
    '#NUM! margin must be between 0 and 1 (write 25% or 0.25), got 25'
    """

    def __init__(self, argument: str, rule: str, excel_error: str = VALUE) -> None:
        if excel_error not in EXCEL_ERRORS:
            raise ValueError(f"unknown Excel error {excel_error!r}")
        self.argument = argument
        self.rule = rule
        self.excel_error = excel_error
        super().__init__(f"{argument} {rule}")

    @property
    def cell_text(self) -> str:
        """The short text a cell shows where the host cannot show a real error value."""
        return f"{self.excel_error} {self}"


class UnsafeFileError(RoikitError, ValueError):
    """A file refused before reading: too large when inflated, too many cells, a DTD, or a
    damaged part (see :mod:`roikit.xlsx.limits`)."""


class ExportError(RoikitError, ValueError):
    """A file that cannot be read as a campaign export (empty, no header, unreadable)."""


class WorkbookError(RoikitError, ValueError):
    """A workbook cannot be opened, changed or calculated as asked."""


class NotAWorkbookError(WorkbookError):
    """The file is not an .xlsx/.xlsm package (a CSV, a legacy .xls, an .ods, ...)."""


class EncryptedWorkbookError(WorkbookError):
    """The file is password-protected: an encrypted OLE container, not a zip package."""


class UnsafeWorkbookError(WorkbookError, UnsafeFileError):
    """Refused before reading: parts that inflate beyond the limit (a zip bomb), a sheet
    claiming too many cells, or XML declaring a DTD (entities, XXE)."""


class UnknownInputError(WorkbookError, KeyError):
    """A name is neither a defined name of the workbook nor a cell reference like Inputs!B2."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InputTypeError(WorkbookError, TypeError):
    """A value of the wrong type for an input (text for a number)."""


class CircularReferenceError(WorkbookError):
    """Formulas that depend on themselves."""


class UnsupportedFeatureError(WorkbookError):
    """A formula uses something this engine cannot calculate (an unknown function, ...)."""


class NameConflictError(WorkbookError):
    """The workbook has a name (not a LAMBDA) equal to a roikit function: adding roikit's
    LAMBDAs would shadow it, or it them."""


class CommandError(RoikitError):
    """Bad input from the command line: printed as one line, exit status 2."""
