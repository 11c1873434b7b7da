"""Numbers as exports and people write them, read a column at a time.

``1 234,56 zł``, ``12 500 руб.``, ``₽ 3 400``, ``PLN 99,90``, ``$4,820.50``, ``1'234.50``,
``(123)`` (an accounting negative), ``12,5 %``, ``--``: :func:`parse_numbers` reads a column
of such cells as floats once its decimal mark is known, and :func:`decimal_mark` decides that
mark for one column from its own cells: ``1.234,5``, ``12,5`` or ``0,125`` need a decimal
comma, ``1,234.5`` or ``12.5`` a decimal point, while ``1,234`` or ``1.234`` alone could be
either. A column with only such cells takes the mark the rest of the file shows, else the one
its separator suggests, and :class:`DecimalReading` says so, so that the report can name it.

Hand-written rather than babel or price-parser: both parse one string at a time in Python
(seconds per column of a million rows) and decide the decimal mark per cell (price-parser) or
per locale (babel), where an export needs it per column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: a cell that holds no number: written by exports for "nothing" or "not applicable"
BLANKS = frozenset({"", "-", "--", "—", "–", "n/a", "na", "nan", "none", "null", "#n/a", "н/д"})
#: currency signs, codes and words around a number, and spaces or apostrophes between its
#: thousands (``€ 1.234``, ``1,234.00 USD``, ``12 500 руб.``, ``1 234,56 zł``, ``1'234``)
_NOISE = re.compile(r"[\s'’$€£¥￥₹₽₴]|\b[A-Z]{3}\b|^[A-Z]{1,2}\$|(?i:руб\.?|р\.|грн\.?|zł|kč|円)")
_EVIDENCE = {
    ",": re.compile(r"\d,(?:\d{1,2}|\d{4,})$|^-?0,\d|\.\d{3},|\.\d{3}\.|\d{4,},\d"),
    ".": re.compile(r"\d\.(?:\d{1,2}|\d{4,})$|^-?0\.\d|,\d{3}\.|,\d{3},|\d{4,}\.\d"),
}
_AMBIGUOUS = re.compile(r"^-?[1-9]\d{0,2}[.,]\d{3}$")
#: characters of a plain number: anything else asks for the slower clean-up
_PLAIN = frozenset("0123456789.,-+eE")
#: cells per column that decide the decimal mark before the whole column is looked at
DECIMAL_SAMPLE = 5000

_BLANK_SPELLINGS = frozenset(
    {spelling for blank in BLANKS for spelling in (blank, blank.upper(), blank.title())} | {" "}
)


@dataclass(frozen=True)
class DecimalReading:
    """The decimal mark a column was read with, and why."""

    mark: str
    #: "cells" (its own cells show it), "file" (other columns show it) or "separator"
    reason: str
    #: a cell that could be read either way, when the column had such cells
    example: str | None = None

    def note(self, column: str) -> str | None:
        """What the report says of this reading, when it was not shown by the column itself."""
        if self.reason == "cells" or self.example is None:
            return None
        other = "." if self.mark == "," else ","
        value = self.example.replace(other, "").replace(",", ".")
        why = {
            "file": "the other columns of the file write decimals so",
            "separator": "no column shows its decimal mark; the file's separator suggests it",
        }[self.reason]
        return (
            f"'{column}': read {self.example!r} as {float(value):g} (decimal {self.mark!r}): {why};"
            f" pass decimal={{{column!r}: {other!r}}} (--decimal '{column}={other}') if not"
        )


def _text(column: pd.Series) -> pd.Series:
    if column.dtype.kind in "fiub":
        return pd.Series([], dtype=object)
    return column[column.map(lambda cell: isinstance(cell, str))]


def _strip(text: pd.Series) -> pd.Series:
    """Cells without currency, spaces, percent signs, brackets or a unicode minus."""
    chars = set("".join(text.iloc[:DECIMAL_SAMPLE].tolist()))
    cleaned = text
    if chars - _PLAIN:
        cleaned = cleaned.str.replace(_NOISE, "", regex=True)
        cleaned = cleaned.str.replace("−", "-", regex=False).str.strip("%()+")
    return cleaned


def evidence(column: pd.Series, sample: int | None = DECIMAL_SAMPLE) -> tuple[int, int, str | None]:
    """Cells showing a decimal comma, cells showing a decimal point, and one ambiguous cell."""
    text = _text(column)
    if sample is not None:
        text = text.iloc[:sample]
    if text.empty:
        return 0, 0, None
    cleaned = _strip(text)
    comma = int(cleaned.str.contains(_EVIDENCE[","]).sum())
    point = int(cleaned.str.contains(_EVIDENCE["."]).sum())
    ambiguous = cleaned[cleaned.str.match(_AMBIGUOUS)]
    return comma, point, (None if ambiguous.empty else str(ambiguous.iloc[0]))


def decimal_marks(
    columns: dict[str, pd.Series], hint: str = ".", given: dict[str, str] | None = None
) -> dict[str, DecimalReading]:
    """The decimal mark of each column: its own cells' unambiguous numbers, else those of the
    whole file, else ``hint`` (the mark the file's separator suggests)."""
    found = {name: evidence(column) for name, column in columns.items()}
    for name, (comma, point, example) in found.items():
        if comma == point == 0 and example is not None:  # look past the sample
            found[name] = (*evidence(columns[name], sample=None)[:2], example)
    comma_total = sum(c for c, _, _ in found.values())
    point_total = sum(p for _, p, _ in found.values())
    readings = {}
    for name, (comma, point, example) in found.items():
        if given and name in given:
            readings[name] = DecimalReading(given[name], "cells")
        elif comma != point:
            readings[name] = DecimalReading("," if comma > point else ".", "cells")
        elif comma_total != point_total:
            readings[name] = DecimalReading(
                "," if comma_total > point_total else ".", "file", example
            )
        else:
            readings[name] = DecimalReading(hint, "separator", example)
    return readings


def parse_numbers(
    column: pd.Series, decimal: str = ".", percent_ok: bool = True
) -> tuple[pd.Series, pd.Series]:
    """A column of export cells as floats, and the cells that were text but no number.

    Numbers stay numbers; text loses currency signs, codes and words, spaces and thousands
    separators; ``(123)`` is −123; ``"12,5 %"`` is 0.125 (unless ``percent_ok`` is False, for
    a count or an amount, where a percentage is no value); blanks, ``--`` and ``n/a`` are NaN.
    The second Series holds the original text of every cell that could not be read.
    """
    nothing = pd.Series([], dtype=object)
    if column.dtype.kind in "fiu":
        return column.astype(float), nothing
    kind = pd.api.types.infer_dtype(column, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal", "empty"):
        return pd.to_numeric(column, errors="coerce").astype(float), nothing
    if kind == "string":
        numbers = pd.Series(np.nan, index=column.index)
        text = column[~column.isna()]
    else:  # numbers and text mixed, as a workbook may hold them
        is_text = column.map(lambda cell: isinstance(cell, str)).to_numpy(dtype=bool)
        numbers = pd.to_numeric(column.where(~is_text), errors="coerce").astype(float)
        text = column[is_text]
    text = text[~text.isin(_BLANK_SPELLINGS)]
    if text.empty:
        return numbers, nothing
    chars = set("".join(text.tolist()))
    cleaned = text
    if chars - _PLAIN - {"%", " ", "\u00a0"}:  # currency: the full clean-up
        cleaned = cleaned.str.replace(_NOISE, "", regex=True)
    else:  # spaces only: plain replacements are several times faster
        for char in chars & {" ", "\u00a0"}:
            cleaned = cleaned.str.replace(char, "", regex=False)
    if "−" in chars:
        cleaned = cleaned.str.replace("−", "-", regex=False)
    negative = None
    if "(" in chars:
        negative = cleaned.str.startswith("(") & cleaned.str.endswith(")")
        cleaned = cleaned.where(~negative, cleaned.str.slice(1, -1))
    percent = None
    if "%" in chars:
        percent = cleaned.str.endswith("%") | cleaned.str.startswith("%")
        cleaned = cleaned.str.strip("%")
    thousands = "." if decimal == "," else ","
    if thousands in chars:
        cleaned = cleaned.str.replace(thousands, "", regex=False)
    if decimal == "," and "," in chars:
        cleaned = cleaned.str.replace(",", ".", regex=False)
    try:  # every cell a number now: numpy reads them fastest
        parsed = pd.Series(np.array(cleaned.to_numpy(dtype=object), dtype=float), cleaned.index)
    except ValueError:
        parsed = pd.to_numeric(cleaned, errors="coerce")
    if negative is not None:
        parsed = parsed.where(~negative, -parsed)
    if percent is not None:
        parsed = parsed.where(~percent, parsed / 100 if percent_ok else np.nan)
    numbers.loc[parsed.index] = parsed.astype(float)
    unreadable = text[parsed.isna().to_numpy()]
    unreadable = unreadable[~unreadable.str.strip().str.lower().isin(BLANKS)]
    return numbers, unreadable
