"""Which names a workbook may give: never a function's name, never a cell's address.

A defined name equal to a function (``romi`` beside the function ROMI, ``power`` beside Excel's
POWER) breaks formulas: LibreOffice shows ``Err:509``, formualizer refuses the file, a LAMBDA
parameter so named is ``#NAME?`` in IronCalc, and in xlwings Lite it breaks functions until
Excel restarts. Names are compared without case, as every spreadsheet does.

The rule roikit's templates follow, stated once (and in the README): **a result named after the
function that computes it ends in** ``_result`` (``romi_result``, ``cac_result``); every other
name says what it holds (``revenue``, ``yearly_retention_rate``). A LAMBDA parameter whose
argument is named like a function (``cac``, ``power``) gets the suffix :data:`RENAMED`.

>>> name_problem("romi"), name_problem("romi_result")
('equals the roikit function ROMI', None)
>>> name_problem("power")
'equals the Excel function POWER'
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from roikit.catalog import CATALOG

#: the suffix a LAMBDA parameter gets when its argument's name equals a function (``cac_value``)
RENAMED = "_value"

#: A1 references up to Excel's last column, XFD, and R1C1 references (R, C, R1C1, RC2, ...)
_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$", re.IGNORECASE)
_R1C1 = re.compile(r"^(R\d*C?\d*|C\d*)$", re.IGNORECASE)
_LAST_COLUMN = 16384


@cache
def excel_functions() -> frozenset[str]:
    """Every Excel worksheet function name, upper case (``templates/excel_functions.txt``)."""
    text = resources.files("roikit.templates").joinpath("excel_functions.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def looks_like_a_cell(name: str) -> bool:
    """Whether ``name`` reads as a cell reference (``B5``, ``ctr2``, ``R1C1``, ``rc``)."""
    a1 = _A1.match(name)
    if a1 and _column_number(a1.group(1)) <= _LAST_COLUMN and int(a1.group(2)) > 0:
        return True
    return bool(_R1C1.match(name))


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a workbook name or LAMBDA parameter, or None when it can."""
    upper = name.upper()
    if upper in {function.name for function in CATALOG}:
        return f"equals the roikit function {upper}"
    if upper in excel_functions():
        return f"equals the Excel function {upper}"
    if looks_like_a_cell(name):
        return "reads as a cell reference"
    return None


def safe_parameter(name: str) -> str:
    """An argument's name as a LAMBDA parameter: itself, or with :data:`RENAMED` when it would
    collide (``cac`` -> ``cac_value``; ``power`` -> ``power_value``)."""
    return name if name_problem(name) is None else name + RENAMED
