"""Text and JSON that other programs read safely: one rule for every table roikit writes.

* A text cell a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return: "CSV injection") is written with a leading apostrophe, so
  that it is shown as the text it was. Numbers are numbers and are never touched: only values
  that are text are neutralized.
* JSON never holds ``NaN`` or ``Infinity`` (which Python writes and strict parsers refuse).

Every command that writes CSV or prints a table (``roikit recalc``, ``roikit batch``,
``roikit kpis``) goes through :func:`neutralize`; every JSON output through :func:`json_text`.
"""

from __future__ import annotations

import json
import math
from typing import Any

#: the first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, made plain text with a leading apostrophe;
    anything else (numbers, blanks, other text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
