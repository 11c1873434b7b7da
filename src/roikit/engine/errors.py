"""What can go wrong with a workbook, each with a message that says what to do.

All are ``ValueError`` subclasses (the command line prints them as one line, exit status 2);
a missing file is Python's own ``FileNotFoundError``.
"""

from __future__ import annotations

from roikit.limits import UnsafeFileError


class WorkbookError(ValueError):
    """A workbook cannot be opened, changed or calculated as asked."""


class NotAWorkbookError(WorkbookError):
    """The file is not an .xlsx/.xlsm package (a CSV, a legacy .xls, an .ods, ...)."""


class EncryptedWorkbookError(WorkbookError):
    """The file is password-protected: an encrypted OLE container, not a zip package."""


class UnsafeWorkbookError(WorkbookError, UnsafeFileError):
    """Refused before reading (see :mod:`roikit.limits`): parts that inflate beyond the limit
    (a zip bomb), a sheet claiming too many cells, or XML declaring a DTD (entities, XXE)."""


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
