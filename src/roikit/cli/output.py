"""Text and JSON that other programs read safely: one rule for every table roikit writes.

* A text cell a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return: "CSV injection") is written with a leading apostrophe, so
  that it is shown as the text it was; a carriage return inside text becomes a line feed,
  which CSV writers quote. Numbers are numbers and are never touched: only values that are
  text are neutralized.
* JSON never holds ``NaN`` or ``Infinity`` (which Python writes and strict parsers refuse).

Every command that writes CSV or prints a table (``roikit recalc``, ``roikit batch``,
``roikit kpis``) goes through :func:`neutralize`; every JSON output through :func:`json_text`;
every cell of a workbook they write (``-o .xlsx``) through :func:`workbook_cell`, where text is
typed as text and needs no apostrophe.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
from typing import Any

#: the first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, made plain text with a leading apostrophe;
    a carriage return inside text becomes a line feed (CSV writers with ``\n`` line ends leave
    a field with a bare ``\r`` unquoted, and a spreadsheet starts a new row there, where
    ``\r=1`` would become a formula); numbers and blanks unchanged."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    return "'" + text if value.startswith(FORMULA_STARTS) else text


def json_safe(data: Any, non_finite: Any = None) -> Any:
    """``data`` with every NaN or infinity (also inside lists and dicts) replaced by
    ``non_finite``."""
    if isinstance(data, float) and not math.isfinite(data):
        return non_finite
    if isinstance(data, dict):
        return {key: json_safe(value, non_finite) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(value, non_finite) for value in data]
    return data


def json_text(data: Any, non_finite: Any = None) -> str:
    """``data`` as strict JSON: NaN and infinities become ``non_finite`` (null by default)."""
    return json.dumps(json_safe(data, non_finite), allow_nan=False)


def workbook_cell(sheet: Any, value: Any) -> Any:
    """A cell of an openpyxl write-only ``sheet`` for ``value``: None for a blank (or NaN);
    text typed as text, never run as a formula (``=1+1`` stays the text it was); a CellError
    as that error; a date shown as one; a number as itself (an infinity, which no cell holds,
    as its text)."""
    from openpyxl.cell import WriteOnlyCell

    from roikit.cells import CellError

    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, CellError):
        cell = WriteOnlyCell(sheet, value=value.code)
        cell.data_type = "e"
        return cell
    if isinstance(value, numbers.Real) and math.isfinite(value):  # numpy's numbers too
        return WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"
    return cell
