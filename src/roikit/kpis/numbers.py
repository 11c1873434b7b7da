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
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from roikit.kpis.text import CURRENCY_WORDS

#: a cell that holds no number: written by exports for "nothing" or "not applicable"
BLANKS = frozenset({"", "-", "--", "—", "–", "n/a", "na", "nan", "none", "null", "#n/a", "н/д"})
# Every pattern below works on the cells of a column joined by line ends, one pass in C.

#: currency codes around a number (``PLN 99,90``, ``1,234.00 USD``, ``US$ 5``)
_CODES = re.compile(r"\b[A-Z]{1,2}\$|\b[A-Z]{3}\b")
#: cells only a decimal comma explains (``1.234,5``, ``12,5``, ``0,125``), or only a point
_EVIDENCE_LINES = {
    ",": re.compile(r"\d,(?:\d{1,2}|\d{4,})$|^-?0,\d|\.\d{3},|\.\d{3}\.|\d{4,},\d", re.M),
    ".": re.compile(r"\d\.(?:\d{1,2}|\d{4,})$|^-?0\.\d|,\d{3}\.|,\d{3},|\d{4,}\.\d", re.M),
}
#: a mark followed by other than three digits at the end of a cell
_MARK_THEN_DIGITS = {
    mark: re.compile(rf"{re.escape(mark)}(?:\d{{1,2}}|\d{{4,}})$", re.M) for mark in ",."
}
#: every digit as 9: the shape of a number
_DIGITS_AS_NINES = bytes.maketrans(b"0123456789", b"9999999999")
#: a cell either mark could explain: ``1,234`` or ``1.234``
_AMBIGUOUS_LINES = re.compile(r"^-?[1-9]\d{0,2}[.,]\d{3}$", re.MULTILINE)
#: characters of a plain number: anything else asks for the slower clean-up
_PLAIN = frozenset("0123456789.,-+eE")
_PLAIN_BYTES = "".join(sorted(_PLAIN)).encode() + b"\n"
#: characters that are no number's but that parse_numbers reads (percent, negatives) or keeps:
#: ``/`` and ``:`` stay, so that a date, a time or a fraction (``12/05/2026``, ``12:30``,
#: ``1/2``) is no number rather than the digits run together (12052026, 1230, 12); a bound or
#: an estimate (``< 10%``, Google Ads' small shares; ``> 90%``, ``~3``) is no number either
_NOT_NOISE = frozenset("%()−\n/:<>~≈≤≥")
#: cells per column that decide the decimal mark before the whole column is looked at
DECIMAL_SAMPLE = 5000


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


def text_cells(column: pd.Series) -> pd.Series:
    """The cells of a column that are text (all of a CSV column; some of a workbook's)."""
    if column.dtype.kind in "fiub":
        return pd.Series([], dtype=object)
    if pd.api.types.is_string_dtype(column) and column.dtype != object:
        return column.dropna()
    return column[column.map(lambda cell: isinstance(cell, str)).to_numpy(dtype=bool)]


def joined_text(column: pd.Series) -> str:
    """The text cells of a column joined by line ends, as ``"\\n".join`` of
    :func:`text_cells` gives them.

    pandas' own strings are Arrow arrays when pyarrow is installed (pandas 3's default):
    their bytes are joined as they lie in Arrow's buffers, without the Python string per cell
    that ``tolist`` makes (a fifth of the time for a million cells)."""
    dtype = column.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return "\n".join(text_cells(column).tolist())
    import pyarrow as pa

    found = pa.array(column.array)  # Arrow's own array, not a copy
    chunks = found.chunks if isinstance(found, pa.ChunkedArray) else [found]
    parts = [_joined_chunk(chunk.drop_null() if chunk.null_count else chunk) for chunk in chunks]
    return b"\n".join(part for part in parts if part is not None).decode("utf-8")


def _joined_chunk(chunk: Any) -> bytes | None:
    """The strings of an Arrow string array with no nulls joined by line ends, as UTF-8;
    None when it has no string."""
    if not len(chunk):
        return None
    import pyarrow as pa

    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    _, offsets_buffer, data_buffer = chunk.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=width)[
        chunk.offset : chunk.offset + len(chunk) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
    # where each line end goes: after each string but the last, shifted by the ends before it
    ends = offsets[1:-1] - offsets[0] + np.arange(len(offsets) - 2)
    joined = np.empty(len(data) + len(ends), dtype=np.uint8)
    text = np.ones(len(joined), dtype=bool)
    text[ends] = False
    joined[text] = data
    joined[ends] = ord("\n")
    return joined.tobytes()


def evidence(column: pd.Series) -> tuple[int, int, str | None]:
    """Among the first cells of a column: those showing a decimal comma, those showing a
    decimal point, and one that could be read either way."""
    cells = text_cells(column.iloc[:DECIMAL_SAMPLE]).tolist()
    if not cells:
        return 0, 0, None
    joined = "\n".join(c.strip("%()+") for c in _clean("\n".join(cells), None).split("\n"))
    comma = sum(1 for _ in _EVIDENCE_LINES[","].finditer(joined))
    point = sum(1 for _ in _EVIDENCE_LINES["."].finditer(joined))
    ambiguous = _AMBIGUOUS_LINES.search(joined)
    return comma, point, (None if ambiguous is None else ambiguous.group())


def _evidence_everywhere(column: pd.Series, separator: str) -> tuple[int, int]:
    """Past the first cells, whether any cell shows the column's decimal mark: ``separator``
    followed by other than three digits shows it is a decimal mark, the other mark anywhere
    shows ``separator`` groups thousands. One pass over the cells joined into one text."""
    joined = _clean(joined_text(column), None)
    decimal = _shows_decimal(joined, separator)
    other = ("." if separator == "," else ",") in joined
    as_comma = decimal if separator == "," else other
    as_point = other if separator == "," else decimal
    return int(as_comma), int(as_point)


def _shows_decimal(joined: str, mark: str) -> bool:
    """Whether a cell of cleaned cells joined by line ends shows ``mark`` is a decimal mark:
    followed by other than three digits at its end (``12,5``), or after a leading zero
    (``0,125``).

    The cells' shapes (every digit a 9, one pass in C over their UTF-8 bytes) answer most
    files by plain searches: a regular expression is tried at each of a million marks. Cleaned
    cells have ASCII digits only (parse_numbers takes other digits out with the noise)."""
    shape = joined.encode("utf-8", "surrogatepass").translate(_DIGITS_AS_NINES)
    written = mark.encode()
    one_or_two = (written + b"9", written + b"99")
    if shape.endswith(one_or_two) or any(end + b"\n" in shape for end in one_or_two):
        return True
    if written + b"9999" in shape and _MARK_THEN_DIGITS[mark].search(joined) is not None:
        return True
    starts = (f"0{mark}", f"-0{mark}")
    return joined.startswith(starts) or any(f"\n{start}" in joined for start in starts)


def decimal_marks(
    columns: dict[str, pd.Series], hint: str = ".", given: dict[str, str] | None = None
) -> dict[str, DecimalReading]:
    """The decimal mark of each column: its own cells' unambiguous numbers, else those of the
    whole file, else ``hint`` (the mark the file's separator suggests)."""
    found = {name: evidence(column) for name, column in columns.items()}
    for name, (comma, point, example) in found.items():
        if comma == point == 0 and example is not None and len(columns[name]) > DECIMAL_SAMPLE:
            separator = "," if "," in example else "."  # look past the first cells
            found[name] = (*_evidence_everywhere(columns[name], separator), example)
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


def _noise(joined: str) -> set[str]:
    """The characters of cells joined by line ends that no plain number has.

    ``set(joined)`` goes through a text one character at a time; deleting the characters of
    plain numbers first (one pass in C over its UTF-8 bytes, which never splits a character)
    leaves it little or nothing to go through."""
    rest = joined.encode("utf-8", "surrogatepass").translate(None, _PLAIN_BYTES)
    return set(rest.decode("utf-8", "surrogatepass")) - _NOT_NOISE


def strip_noise(joined: str) -> tuple[str, list[str], list[str]]:
    """Cells joined by line ends without currency and spaces; the currency codes taken out
    (those found in the cells: ``PLN``, ``US$``), and then the currency words and characters
    taken out, each in the order it was: every character that is neither a letter nor part of
    a number goes (a letter left means no number, and stays).

    Working on the joined text makes every replacement one pass in C rather than one Python
    call per cell (an export may have a million rows)."""
    joined, codes, removed, noise = _strip_words(joined)
    return _strip_chars(joined, removed, noise), codes, removed


def _strip_words(joined: str) -> tuple[str, list[str], list[str], set[str]]:
    """:func:`strip_noise`'s first half: cells joined by line ends without the currency codes
    and words found in them; the codes, the words, and the characters still to take out."""
    codes: list[str] = []
    removed: list[str] = []
    noise = _noise(joined)
    if any(char.isalpha() for char in noise):  # currency codes and words
        if any("A" <= char <= "Z" for char in noise):  # PLN, RUB, US$
            for word in dict.fromkeys(_CODES.findall(joined)):
                joined = joined.replace(word, "")
                codes.append(word)
        for word in CURRENCY_WORDS:
            if word in joined:
                joined = joined.replace(word, "")
                removed.append(word)
        noise = _noise(joined)
    return joined, codes, removed, noise


def _strip_chars(joined: str, removed: list[str], noise: set[str]) -> str:
    """:func:`strip_noise`'s second half: the characters of ``noise`` that are no letters
    taken out (signs, spaces), each added to ``removed``."""
    for char in sorted(noise):  # signs, spaces
        if not char.isalpha():
            joined = joined.replace(char, "")
            removed.append(char)
    return joined


def _clean(joined: str, decimal: str | None) -> str:
    """Cells joined by line ends, without currency, spaces and thousands separators and with a
    decimal point (with ``decimal`` None, only without currency and spaces)."""
    return _with_decimal_point(strip_noise(joined)[0], decimal)


def _with_decimal_point(joined: str, decimal: str | None) -> str:
    """Cells without currency and spaces, without thousands marks and with a decimal point."""
    joined = joined.replace("−", "-")
    if decimal is not None:
        joined = joined.replace("." if decimal == "," else ",", "")
        if decimal == ",":
            joined = joined.replace(",", ".")
    return joined


#: characters that group thousands besides the column's thousands mark (the mark it does not
#: use for decimals): spaces, no-break and narrow spaces, apostrophes (``1'234.5``)
GROUP_SPACES = " \t\u00a0\u2007\u2009\u202f'’"
#: those of them that UTF-8 writes in more than one byte: made spaces before the shape is taken
_WIDE_SPACES = tuple(char for char in GROUP_SPACES if ord(char) > 127)


def _shape_table(decimal: str) -> bytes:
    """A ``bytes.translate`` table giving the shape of cells as UTF-8: a digit is ``9``, a
    space of :data:`GROUP_SPACES` ``S``, the thousands mark ``T``, the decimal mark ``D``, a
    line end stays and any other byte is ``x``."""
    table = bytearray(b"x" * 256)
    table[ord("0") : ord("9") + 1] = b"9" * 10
    for char in GROUP_SPACES:
        if ord(char) < 128:
            table[ord(char)] = ord("S")
    table[ord("." if decimal == "," else ",")] = ord("T")
    table[ord(decimal)] = ord("D")
    table[ord("\n")] = ord("\n")
    return bytes(table)


_SHAPE_TABLES = {mark: _shape_table(mark) for mark in ",."}


def _narrow_spaces(joined: str) -> str:
    """The text with every space of :data:`GROUP_SPACES` that UTF-8 writes in more than one
    byte made a plain space, so that a shape has one byte a character where it matters."""
    for char in _WIDE_SPACES:
        if char in joined:
            joined = joined.replace(char, " ")
    return joined


def broken_groups(joined: str, decimal: str) -> np.ndarray:
    """The lines (cells) of cells joined by line ends, currency codes and words taken out,
    where a thousands separator breaks the rule that makes it one: between groups of three
    digits after a first group of one to three that does not start with 0 (``1.234``,
    ``12 345 678``, ``1'234.5``), not in the decimals.

    ``12.34``, ``1.2.3``, ``1.2345``, ``0,5.1``, ``0.837`` with a decimal comma (``12,34`` with
    a decimal point), ``12 34`` or ``12  345`` would be read as another number once the
    separators are gone (1234): such a cell is no number. The thousands mark counts wherever it
    is (``.5``, ``5.``, ``$,5``); a space only inside a number (``$ 5``, ``5 руб.`` are no
    groups).

    One pass in C over the cells' shape (every digit ``9``, one byte a character), then numpy
    looks around each separator only: a column of a million cells takes some tens of
    milliseconds."""
    joined = _narrow_spaces(joined)
    data = joined.encode("utf-8", "surrogatepass")
    pad = b"x" * 5  # so that every separator has 5 bytes on either side
    shaped = pad + data.translate(_SHAPE_TABLES[decimal]) + pad
    shape = np.frombuffer(shaped, np.uint8)
    core = shape[5:-5]

    def near(kind: np.ndarray, step: int) -> np.ndarray:  # kind[i + step] for every i of core
        return kind[5 + step : len(shape) - 5 + step]

    # every thousands mark counts, and a space inside a number (most columns have no space:
    # then the marks alone are looked for, six passes over the shape fewer)
    counts = core == ord("T")
    if b"S" in shaped:
        is_digit, is_space = shape == ord("9"), shape == ord("S")
        before, after = near(is_digit, -1), near(is_digit, 1)
        doubled = (before & near(is_space, 1) & near(is_digit, 2)) | (
            near(is_space, -1) & near(is_digit, -2) & after
        )
        counts |= near(is_space, 0) & ((before & after) | doubled)
    at = np.flatnonzero(counts) + 5
    if not len(at):
        return np.array([], dtype=np.intp)
    # the shape around each separator that counts, from 5 bytes before to 4 after
    window: dict[int, np.ndarray] = {step: shape[at + step] for step in range(-5, 5)}
    digit: dict[int, np.ndarray] = {step: around == ord("9") for step, around in window.items()}
    good = digit[-1] & digit[1] & digit[2] & digit[3] & ~digit[4]  # three digits after
    good &= ~(digit[-2] & digit[-3] & digit[-4])  # at most three before
    text = np.frombuffer(pad + data + pad, np.uint8)
    zero = {step: text[at + step] == ord("0") for step in (-3, -2, -1)}
    separator = {  # a mark, or a space after a digit: no number starts after it
        step: (window[step] == ord("T")) | ((window[step] == ord("S")) & digit[step - 1])
        for step in (-4, -3, -2)
    }
    good &= ~(  # a first group starting with 0 ("0.837", "03,408") groups nothing
        (~digit[-2] & zero[-1] & ~separator[-2])
        | (digit[-2] & ~digit[-3] & zero[-2] & ~separator[-3])
        | (digit[-2] & digit[-3] & ~digit[-4] & zero[-3] & ~separator[-4])
    )
    decimal_mark = ord("D")
    good &= ~(  # and those not decimals
        (window[-2] == decimal_mark)
        | ((window[-3] == decimal_mark) & digit[-2])
        | ((window[-4] == decimal_mark) & digit[-3] & digit[-2])
    )
    broken: np.ndarray = at[~good] - 5
    if not len(broken):
        return broken
    ends = np.flatnonzero(core == ord("\n"))
    return np.unique(np.searchsorted(ends, broken))


def signs_between_digits(
    joined: str, noise: Iterable[str], words: Iterable[str] = ()
) -> np.ndarray:
    """The lines (cells) of cells joined by line ends that taking out noise would turn into
    another number:

    * a character taken out as noise (a currency sign, a stray mark: any of ``noise`` that is
      no letter and no space grouping thousands), or a currency code or word of ``words``,
      between two digits, spaces and marks aside: ``67$ 9773``, ``86€45``, ``1 zł171`` and
      ``6руб.руб..891`` would be read as the digits run together (679773, 8645, 1171, 6891);
    * a figure that is no digit 0-9 anywhere (``12½``, ``5²``, ``٣``): taken out, it would
      leave another number (12 for 12½).

    Where a code or word stands before a digit somewhere, each is made one mark character (in
    the order they are taken out), so that two words in a row count as one; one
    ``bytes.translate`` pass then keeps only digits
    (``9``), signs and marks (``x``) and line ends, and numpy finds each run of ``x`` with a
    digit on both sides. A character of several bytes in UTF-8 marks each of its bytes, which
    at worst marks another such character in a cell that is no number anyway."""
    noise = set(noise)
    figures = "".join(sorted(char for char in noise if char.isnumeric()))
    lines = _lines_holding(joined, figures) if figures else np.array([], dtype=np.intp)
    words = [word for word in words if word in joined]
    if any(re.search(re.escape(word) + _SPACES_THEN_DIGIT, joined) for word in words):
        for word in words:  # a word before a number somewhere: is one between numbers?
            joined = joined.replace(word, _WORD_MARK)
    signs = [char for char in noise if not char.isalpha() and char not in GROUP_SPACES]
    if _WORD_MARK in joined:
        signs.append(_WORD_MARK)
    if not signs:
        return lines
    joined = _narrow_spaces(joined)
    table = bytearray(range(256))
    table[ord("0") : ord("9") + 1] = b"9" * 10
    kept = {*range(ord("0"), ord("9") + 1), ord("\n")}
    for char in signs:
        for byte in char.encode("utf-8", "surrogatepass"):
            table[byte] = ord("x")
            kept.add(byte)
    dropped = bytes(byte for byte in range(256) if byte not in kept)
    reduced = b"\n" + joined.encode("utf-8", "surrogatepass").translate(bytes(table), dropped)
    if b"9x" not in reduced:  # signs only before the numbers ("$4,820.50"): none between
        return lines
    shape = np.frombuffer(reduced + b"\n", dtype=np.uint8)
    sign = shape == ord("x")
    starts = np.flatnonzero(sign[1:] & ~sign[:-1]) + 1  # each run of signs: first, last
    lasts = np.flatnonzero(sign[:-1] & ~sign[1:])
    inside = (shape[starts - 1] == ord("9")) & (shape[lasts + 1] == ord("9"))
    if not inside.any():
        return lines
    ends = np.flatnonzero(shape[1:] == ord("\n"))  # the line ends after the leading one
    return np.union1d(lines, np.searchsorted(ends, starts[inside] - 1))


def broken_exponents(joined: str, decimal: str, noise: Iterable[str]) -> np.ndarray:
    """The lines (cells) of cells joined by line ends, currency codes and words taken out,
    where an exponent is written otherwise than right after a plain number (``1.5e-05``, or
    ``1,50E+06`` with a decimal comma): ``269 e51``, ``1 322e0`` or ``95.966e4`` with a
    decimal comma would be read as other numbers once spaces and thousands marks are gone.
    Only lines with an ``e`` are looked at, each on its own (few exports write exponents)."""
    if "e" not in joined and "E" not in joined:
        return np.array([], dtype=np.intp)
    mark = re.escape(decimal)
    plain = re.compile(rf"[-+−]?(?:[0-9]+(?:{mark}[0-9]*)?|{mark}[0-9]+)[eE][-+]?[0-9]+")
    edges = "".join(char for char in noise if not char.isalpha()) + GROUP_SPACES + "%()"
    return np.array(
        [
            at
            for at, line in enumerate(joined.split("\n"))
            if ("e" in line or "E" in line) and not plain.fullmatch(line.strip(edges))
        ],
        dtype=np.intp,
    )


#: what a currency code or word becomes while signs_between_digits looks between digits
_WORD_MARK = "\x00"
#: spaces or marks within a line, then a digit
_SPACES_THEN_DIGIT = f"[{re.escape(GROUP_SPACES)}.,]*[0-9]"


def _lines_holding(joined: str, chars: str) -> np.ndarray:
    """The lines of ``joined`` holding one of ``chars``, which are rare: one search in C, and
    numpy finds the line ends (in UTF-8, where a line end is one byte)."""
    data = joined.encode("utf-8", "surrogatepass")
    pattern = b"|".join(re.escape(char.encode("utf-8", "surrogatepass")) for char in chars)
    found = [match.start() for match in re.finditer(pattern, data)]
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    return np.unique(np.searchsorted(ends, found))


def grouping_reason(example: str, decimal: str) -> str:
    """Why a cell :func:`broken_groups` found is no number, for the report."""
    thousands = "." if decimal == "," else ","
    model = "1 234 567" + (",5" if decimal == "," else ".5")
    model = model.replace(" ", thousands)
    return (
        f"is not a number (e.g. {example!r}): the column's decimal mark is {decimal!r}, and"
        f" {thousands!r} or a space groups thousands only in threes ({model})"
    )


def broken_cells(cells: pd.Series, decimal: str) -> np.ndarray:
    """Which of text cells :func:`broken_groups` finds (as a mask); a cell over several lines,
    or one that is no text (a date, a logical), is not one of them."""
    texts = [text if isinstance(text, str) and "\n" not in text else "" for text in cells.tolist()]
    found = np.zeros(len(texts), dtype=bool)
    if texts:
        found[broken_groups(_strip_words("\n".join(texts))[0], decimal)] = True
    return found


def _neither_number_nor_blank(cell: Any) -> bool:
    """A workbook cell that is no text, no number and not blank: a date, a time, a logical."""
    if cell is None or isinstance(cell, str):
        return False
    if isinstance(cell, bool | np.bool_):
        return True
    if isinstance(cell, Real | Decimal):
        return False
    return not pd.isna(cell)


def column_numbers(column: pd.Series, hint: str = ".") -> tuple[pd.Series, pd.Series]:
    """A column of amounts as an export writes them (``1 234,56 руб.``, ``$4,820.50``), read
    as ``roikit.kpis`` reads one: its decimal mark from its own cells (else ``hint``), then
    :func:`parse_numbers` (a percentage is no amount). The numbers, and the text cells that
    are no number."""
    mark = decimal_marks({"amount": column}, hint)["amount"].mark
    return parse_numbers(column, mark, percent_ok=False)


def parse_numbers(
    column: pd.Series, decimal: str = ".", percent_ok: bool = True
) -> tuple[pd.Series, pd.Series]:
    """A column of export cells as floats, and the cells that were text but no number.

    Numbers stay numbers; text loses currency signs, codes and words, spaces and thousands
    separators; ``(123)`` is −123; ``"12,5 %"`` is 0.125 (unless ``percent_ok`` is False, for
    a count or an amount, where a percentage is no value); blanks, ``--`` and ``n/a`` are NaN.
    The second Series holds the original text of every cell that could not be read (a cell
    over several lines is one: no number is written so).
    """
    nothing = pd.Series([], dtype=object)
    if column.dtype.kind in "fiu":
        return column.astype(float), nothing
    kind = pd.api.types.infer_dtype(column, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal", "empty"):
        return pd.to_numeric(column, errors="coerce").astype(float), nothing
    if kind == "string":
        numbers = np.full(len(column), np.nan)
        is_text = column.notna().to_numpy(dtype=bool)
    else:  # numbers and text mixed, as a workbook may hold them
        # a date, a time or a logical value in a number column is no number (TRUE is no 1
        # click): NaN, and named with the cells that are no number
        other = column.map(_neither_number_nor_blank).to_numpy(dtype=bool)
        if other.any():
            read, no_numbers = parse_numbers(column.where(~other), decimal, percent_ok)
            return read, pd.concat([no_numbers, column[other]]).sort_index()
        is_text = column.map(lambda cell: isinstance(cell, str)).to_numpy(dtype=bool)
        numbers = np.array(pd.to_numeric(column.where(~is_text), errors="coerce"), dtype=float)
    cells = column.to_numpy(dtype=object)[is_text].tolist()
    if not cells:
        return pd.Series(numbers, index=column.index), nothing
    joined = "\n".join(cells)
    several_lines = None
    if joined.count("\n") != len(cells) - 1:  # a cell over several lines: no number
        lines = column.astype(str).str.contains("\n", regex=False).to_numpy(dtype=bool)
        several_lines = is_text & lines
        # a new mask, not ``&=``: to_numpy may hand out pandas' own read-only buffer
        is_text = is_text & ~lines
        cells = column.to_numpy(dtype=object)[is_text].tolist()
        joined = "\n".join(cells)
    chars = set(joined)
    written = joined
    joined, codes, words, noise = _strip_words(joined)
    broken = broken_groups(joined, decimal)  # "12.34" with a decimal comma: no 1234
    signs = signs_between_digits(written, noise, [*codes, *words])  # "67$ 9773": no 679773
    exponents = broken_exponents(joined, decimal, noise)  # "1 322e0": no 1322
    if len(signs) or len(exponents):
        broken = np.union1d(np.union1d(broken, signs), exponents)
    cleaned = _with_decimal_point(_strip_chars(joined, words, noise), decimal).split("\n")
    negative = percent = None
    if "(" in chars:  # (12) is -12; a sign inside, (-12), is no number
        negative = np.array([c.startswith("(") and c.endswith(")") for c in cleaned], dtype=bool)
        if chars.isdisjoint("+-−"):
            cleaned = [c[1:-1] if n else c for c, n in zip(cleaned, negative, strict=True)]
        else:
            cleaned = [
                (c[1:-1] if c[1:2] not in "+-" else "") if n else c
                for c, n in zip(cleaned, negative, strict=True)
            ]
    if "%" in chars:  # one percent sign, before or after: 12%% is no number
        percent = np.array([c.startswith("%") or c.endswith("%") for c in cleaned], dtype=bool)
        if written.count("%") == np.count_nonzero(percent):  # no cell with two: as they come
            cleaned = [c.strip("%") for c in cleaned]
        else:
            cleaned = [c.strip("%") if c.count("%") == 1 else c for c in cleaned]
    try:  # every cell a number now: numpy reads them fastest
        parsed = np.array(cleaned, dtype=object).astype(float)
    except ValueError:
        parsed = pd.to_numeric(pd.Series(cleaned, dtype=object), errors="coerce").to_numpy(float)
    if np.isinf(parsed).any():  # "inf", "Infinity", "1e400": no amount or count
        parsed = np.where(np.isinf(parsed), np.nan, parsed)
    if negative is not None:
        parsed = np.where(negative, -parsed, parsed)
    if percent is not None:
        parsed = np.where(percent, parsed / 100 if percent_ok else np.nan, parsed)
    if len(broken):
        parsed = parsed.copy()  # it may be pandas' own read-only buffer
        parsed[broken] = np.nan
    numbers[is_text] = parsed
    result = pd.Series(numbers, index=column.index)
    failed = np.isnan(parsed)
    if not failed.any() and several_lines is None:
        return result, nothing
    unreadable = np.zeros(len(column), dtype=bool)
    if failed.any():
        text = column[is_text][failed]
        blank = text.str.strip().str.lower().isin(BLANKS).to_numpy(dtype=bool)
        unreadable[np.flatnonzero(is_text)[failed][~blank]] = True
    if several_lines is not None:  # reported as any other text that is no number
        unreadable |= several_lines
    return result, column[unreadable] if unreadable.any() else nothing
