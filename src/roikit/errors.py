"""The one exception roikit raises for a value it cannot compute, and the cell errors it maps to.

A Python caller gets :class:`MetricError` (a ``ValueError``) naming the argument and the rule it
broke; a spreadsheet cell gets ``MetricError.excel_error`` (``#DIV/0!``, ``#NUM!``, ``#VALUE!``)
with the same message where the host can show one.
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


class MetricError(ValueError):
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
