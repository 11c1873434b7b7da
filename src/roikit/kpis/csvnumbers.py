"""Number columns of a CSV export read a second time, as numbers, by pandas' C parser.

:func:`roikit.kpis.numbers.parse_numbers` reads a column of cells as written (``$4,820.50``,
``1 234,56 руб.``) in Python: a million rows take a few tenths of a second per column. Once
the column's decimal mark is decided, pandas' C parser can read most such columns straight from
the file (``thousands=``, ``decimal=``) in a fraction of that, if what it cannot read is taken
out first: the currency codes, currency words and other characters that ``parse_numbers``
takes out of the column's first cells (``$``, ``руб.``, a no-break space) are taken out of the
whole file, and the columns are read again from it.

It must give exactly what ``parse_numbers`` gives, or nothing: a column comes back only when
every cell of it the first read saw was read as a number (no NaN where the file has text), the
C parser's rules imply the text path's rules for every number it reads (below), and the first
:data:`~roikit.kpis.numbers.DECIMAL_SAMPLE` cells read the same both ways. Any other column
(a cell the sample did not foresee, ``(123)``, ``12 %``, ``n/a``, a currency code the others
do not share) is left to ``parse_numbers``, which also names the cells that are no numbers.

Why its numbers are the text path's: ``parse_numbers`` takes out of each cell what the sample
showed (each character or word wherever it is in the column, as here), then every thousands
mark (the mark the column does not use for decimals), then reads what is left with Python's
``float``. The C parser drops a thousands mark only between the digits of the whole part and
reads the rest with a correctly rounded conversion (``round_trip``, Python's own, before
pandas 3.1; fast_float since): whenever it reads a number, what it read is what is left once
every thousands mark is gone, and both conversions are exact. A character the sample did not
show stays in the file for the C parser, which then reads no number and leaves the column to
``parse_numbers``.

Taking text out of a file may not move a field boundary: what is taken out has no separator,
quote or line end, and is never followed by a quote (which could start a quoted field); a row
count that differs from the first read's gives up too. A character of one byte is not cut out
but turned into a space (at a cell's ends, where the C parser skips spaces around a number) or
into the thousands mark (between digits): one pass over the file for all of them, and no quote
moves. A file in a one-byte code page (cp1251, ...) is read again as written, not as UTF-8:
its no-break spaces are then one byte too.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from roikit.kpis.numbers import (
    DECIMAL_SAMPLE,
    broken_exponents,
    broken_groups,
    joined_text,
    parse_numbers,
    signs_between_digits,
    strip_noise,
    text_cells,
)

#: pandas before 3.1 reads floats with its own, not always correctly rounded, converter unless
#: told ``round_trip`` (3.1 deprecates the choice: every converter is fast_float, exact)
_ROUND_TRIP: dict[str, Any] = (
    {}
    if tuple(int(part) for part in pd.__version__.split(".")[:2] if part.isdigit()) >= (3, 1)
    else {"float_precision": "round_trip"}
)


@dataclass(frozen=True)
class CsvSource:
    """How pandas' C parser read the rows of a CSV export: enough to read columns again."""

    #: the file as UTF-8
    data: bytes
    #: the arguments of ``pandas.read_csv`` that found the rows (separator, names, rows skipped)
    options: Mapping[str, Any]
    #: how many rows that read gave, blank and total rows included
    rows: int
    #: the spreadsheet row number of its first row (the frame's index is row numbers)
    first_row: int
    #: the file as written when its code page has one byte a character (cp1250, cp1251,
    #: cp1252), where separators, quotes and line ends are the bytes they are in UTF-8: a
    #: number's no-break space or "руб." is then one byte a character to take out, and the
    #: file is smaller
    single_byte: bytes | None = None
    #: that code page
    encoding: str = "utf-8"


@dataclass(frozen=True)
class _Plan:
    """What the first cells of one column say about reading it in C."""

    #: the currency words and characters parse_numbers takes out, in its order
    removed: tuple[str, ...]
    #: the currency codes it takes out first (found in the cells, where the words are known)
    codes: frozenset[str]
    #: the characters taken out that the first cells show at a cell's ends ("$4", "5 руб.")
    at_ends: frozenset[str] = frozenset()
    #: and those they show inside a cell, between other characters ("1 234")
    inside: frozenset[str] = frozenset()
    #: the marks (``.`` and ``,``) the first cells show
    marks: frozenset[str] = frozenset()


def _plan(column: pd.Series) -> _Plan | None:
    """What must be taken out of a column's cells before the C parser reads them, judged on
    its first cells; None for a column the C parser should not try (negatives in brackets,
    percentages, cells over several lines, all blank)."""
    cells = text_cells(column.iloc[:DECIMAL_SAMPLE]).tolist()
    if not cells:
        return None
    joined = "\n".join(cells)
    if any(char in joined for char in "%()") or joined.count("\n") != len(cells) - 1:
        return None
    _, codes, removed = strip_noise(joined)
    for text in [*codes, *(text for text in removed if len(text) > 1)]:
        joined = joined.replace(text, "")  # as parse_numbers does, codes and words first
    chars = "".join(text for text in removed if len(text) == 1)
    inner = "\n".join(line.strip(chars) for line in joined.split("\n"))
    at_ends = {char for char in chars if inner.count(char) < joined.count(char)}
    inside = frozenset(chars) & set(inner)
    marks = frozenset(mark for mark in ".," if mark in joined)
    return _Plan(tuple(removed), frozenset(codes), frozenset(at_ends), inside, marks)


def read_numbers(
    source: CsvSource, frame: pd.DataFrame, marks: Mapping[str, str]
) -> dict[str, pd.Series]:
    """The columns of ``frame`` named in ``marks`` (column -> decimal mark) as floats, read
    from ``source`` by pandas' C parser, where they are exactly what
    :func:`~roikit.kpis.numbers.parse_numbers` would read; the other columns are left out."""
    plans = {}
    for name, mark in marks.items():
        column = frame[name]
        if column.dtype.kind in "fiub" or mark not in ",.":
            continue
        plan = _plan(column)
        if plan is not None and not _broken_numbers(column, plan, mark):
            plans[name] = plan
    found: dict[str, pd.Series] = {}
    for mark in ",.":
        group = {name: plan for name, plan in plans.items() if marks[name] == mark}
        if group:
            found.update(_read_group(source, frame, group, mark))
    return found


def _broken_numbers(column: pd.Series, plan: _Plan, mark: str) -> bool:
    """Whether a cell anywhere in the column has a thousands separator that breaks the rule
    that makes it one (``12.34`` with a decimal comma), a sign or word between its digits
    (``67$ 9773``), or an exponent after a grouped number (``1 322e0``): the C parser skips
    the ``thousands`` mark wherever it is in a number's whole part and would read 1234, where
    parse_numbers reads no number. The cells are looked at as parse_numbers looks at them,
    without the currency codes and words the plan takes out."""
    written = joined = joined_text(column)
    words = [*plan.codes, *(text for text in plan.removed if len(text) > 1)]
    for text in words:
        joined = joined.replace(text, "")
    if len(broken_groups(joined, mark)):
        return True
    signs = [text for text in plan.removed if len(text) == 1]  # "67$ 9773" is no 679773
    if len(broken_exponents(joined, mark, signs)):  # "1 322e0" is no 1322
        return True
    return len(signs_between_digits(written, signs, words)) > 0


def _read_group(
    source: CsvSource, frame: pd.DataFrame, plans: dict[str, _Plan], mark: str
) -> dict[str, pd.Series]:
    """The columns of one decimal mark, read in one pass over the file."""
    # a currency code is taken out of a column only where parse_numbers found it in that
    # column: one code for the group, and no column that did not show it holds it at all
    codes = set().union(*(plan.codes for plan in plans.values()))
    if len(codes) > 1:
        plans = {name: plan for name, plan in plans.items() if not plan.codes}
        codes = set()
    for code in codes:
        plans = {
            name: plan
            for name, plan in plans.items()
            if code in plan.codes or not _contains(frame[name], code)
        }
    removed = [*codes, *dict.fromkeys(word for plan in plans.values() for word in plan.removed)]
    thousands = "." if mark == "," else ","
    at_ends = set().union(*(plan.at_ends for plan in plans.values()))
    inside = set().union(*(plan.inside for plan in plans.values()))
    spacers = inside - at_ends
    if len(spacers) == 1 and not any(thousands in plan.marks for plan in plans.values()):
        # the one character between digits is the thousands mark the cells use ("1 234,56"
        # in cp1251): the C parser skips it where it is, with no pass over the file
        [spacer] = spacers
        encoding = source.encoding if source.single_byte is not None else "utf-8"
        if spacer not in (source.options["sep"], '"', "\r", "\n") and _one_byte(spacer, encoding):
            thousands, spacers = spacer, set()
            removed = [text for text in removed if text != spacer]
    data = _without(source, removed, at_ends - inside, spacers, thousands)
    if data is None or not plans:
        return {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            read = pd.read_csv(
                io.BytesIO(data),
                **source.options,
                # text in a one-byte code page is no UTF-8: only the numbers of this read count
                encoding_errors="replace",
                usecols=list(plans),
                thousands=thousands,
                decimal=mark,
                **_ROUND_TRIP,
            )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return {}
    if len(read) != source.rows:
        return {}
    positions = frame.index.to_numpy() - source.first_row
    found = {}
    for name in plans:
        numbers = _exact(read[name], frame[name], positions, mark)
        if numbers is not None:
            found[name] = numbers
    return found


def _one_byte(char: str, encoding: str) -> bool:
    """Whether ``char`` is written as one byte in ``encoding``."""
    try:
        return len(char.encode(encoding)) == 1
    except UnicodeEncodeError:
        return False


def _contains(column: pd.Series, text: str) -> bool:
    return bool(column.astype(str).str.contains(text, regex=False).any())


def _without(
    source: CsvSource, removed: list[str], pads: set[str], spacers: set[str], thousands: str
) -> bytes | None:
    """The file without the texts ``removed``, in their order, for the C parser to read with
    ``thousands``; None when taking one out could move a field boundary (it holds a separator,
    quote or line end, or a quote follows it).

    A character of one byte (in the file's code page) need not be cut out, which copies the
    file once for each: one ``bytes.translate`` pass turns each into another byte. Those the
    first cells show only at a cell's ends (``pads``: "$4,820.50") become spaces, which the C
    parser skips around a number; those they show only between digits (``spacers``: the
    no-break space of "1 234,56") become ``thousands``, which it skips there. Either way, a
    number the C parser reads is what is left once they and every thousands mark are gone, as
    parse_numbers reads it, and a cell where the first cells misled (a space inside a number)
    is no number to the C parser, which leaves the column to parse_numbers. A byte turned
    into a space or a thousands mark, rather than cut out, moves no quote to a field's start.
    A space at a cell's ends stays as it is."""
    separator = str(source.options["sep"])
    data, encoding = source.data, "utf-8"
    if source.single_byte is not None:
        data, encoding = source.single_byte, source.encoding
    table = bytearray(range(256))
    for text in removed:
        if any(char in text for char in (separator, '"', "\r", "\n")):
            return None
        try:
            written = text.encode(encoding)
        except UnicodeEncodeError:  # not in the code page: not in the file either
            continue
        if len(written) == 1 and text in pads:
            table[written[0]] = ord(" ")
        elif len(written) == 1 and text in spacers and thousands != separator:
            table[written[0]] = ord(thousands)
        else:
            if written + b'"' in data:
                return None
            data = data.replace(written, b"")
    if table != bytearray(range(256)):
        data = data.translate(table)
    minus = "−".encode()  # parse_numbers reads it as "-"; no code page above has it
    if encoding == "utf-8" and minus[:1] in data and minus in data:
        data = data.replace(minus, b"-")
    return data


def _exact(read: pd.Series, cells: pd.Series, positions: np.ndarray, mark: str) -> pd.Series | None:
    """The C parser's numbers for the rows of ``cells``, when they are what parse_numbers
    reads: a number wherever the first read has text, and the same numbers on the first cells."""
    if read.dtype.kind not in "iuf":
        return None
    values = read.to_numpy(dtype=float)[positions]
    if not np.array_equal(np.isnan(values), cells.isna().to_numpy(dtype=bool)):
        return None
    if np.isinf(values).any():  # "inf", "1e400": parse_numbers reads no number there
        return None
    if read.dtype.kind in "iu" and (values == 0).any():  # "-0" is -0.0, as float() reads it
        zero = values == 0
        negative = cells[zero].astype(str).str.contains("-|−").to_numpy(dtype=bool)
        values[np.flatnonzero(zero)[negative]] = -0.0
    numbers = pd.Series(values, index=cells.index)
    sample = cells.iloc[:DECIMAL_SAMPLE]
    expected, unreadable = parse_numbers(sample, mark)
    if not unreadable.empty or not _same(expected.to_numpy(), values[: len(sample)]):
        return None
    return numbers


def _same(expected: np.ndarray, found: np.ndarray) -> bool:
    """Equal floats, NaN where NaN, and the same sign of zero."""
    return bool(
        np.array_equal(expected, found, equal_nan=True)
        and np.array_equal(np.signbit(expected), np.signbit(found))
    )
