"""Reading the files that email and ad platforms export: their encodings, separators and numbers.

Real exports are untidy: UTF-8 with or without a byte-order mark, UTF-16 with tabs (LinkedIn
Campaign Manager), Windows cp1252; commas, semicolons or tabs between fields; a title and a
date range above the header and total rows below the data (Google Ads); numbers written as
``1,234.56``, ``1.234,56``, ``€ 1.234``, ``23.5%`` or ``--``. :func:`read_export` turns such a
file into a DataFrame of the cells as written, with the real header and only the data rows;
:func:`parse_numbers` reads a column of such cells as floats once the caller knows the column
holds numbers, with the decimal mark :func:`guess_decimal` found for the whole file.

Rows are numbered as a spreadsheet would show them (the header row of a file with no title is
row 1, its first data row is row 2), so that a problem "in row 5" can be found in the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

#: header rows are searched for among the first rows of a file
HEADER_SEARCH_ROWS = 40
#: how many data rows decide the separator
SNIFF_ROWS = 60
SEPARATORS = (",", ";", "\t", "|")

#: a cell that holds no number: written by exports for "nothing" or "not applicable"
BLANKS = frozenset({"", "-", "--", "—", "–", "n/a", "na", "nan", "none", "null", "#n/a"})
#: currency signs, codes and spaces around numbers (``€ 1.234``, ``1,234.00 USD``, ``1 234``)
_NOISE = re.compile(r"[\s\u00a0\u202f'’$€£¥₹]|\b[A-Z]{3}\b|^[A-Z]{1,2}\$")
#: numbers only a decimal comma explains (``1.234,5``, ``12,5``, ``0,125``), or only a decimal point
_COMMA_DECIMAL = re.compile(r"^-?(\d{1,3}(\.\d{3})+,\d+|\d+,(\d{1,2}|\d{4,}))$|^-?0,\d+$")
_POINT_DECIMAL = re.compile(r"^-?(\d{1,3}(,\d{3})+\.\d+|\d+\.(\d{1,2}|\d{4,}))$|^-?0\.\d+$")
#: the first cell of a total or summary row at the bottom of a report
_TOTAL = re.compile(r"^\s*(grand\s+)?(totals?|summe|gesamt|total général)\b", re.IGNORECASE)


class ExportError(ValueError):
    """A file that cannot be read as a campaign export (empty, no header, unreadable)."""


# ---------------------------------------------------------------------------------------------
# Text: encoding and separator


def decode(data: bytes) -> str:
    """The text of an export: by its byte-order mark, as UTF-16 when it is full of NULs, as
    UTF-8 when it is valid UTF-8, else as Windows cp1252 (Excel's "CSV" on Western Windows)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    sample = data[:4000]
    if sample and sample.count(0) > len(sample) // 4:  # UTF-16 without a mark
        return data.decode(
            "utf-16-le" if sample[1::2].count(0) > sample[::2].count(0) else "utf-16-be"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_separator(text: str) -> str:
    """The field separator: the candidate that splits the most lines into the same number
    (two or more) of fields. Quoted fields (``"1,234.56"``) are read as one field."""
    lines = text.splitlines()[: HEADER_SEARCH_ROWS + SNIFF_ROWS]
    best, best_score = ",", (0, 0)
    for separator in SEPARATORS:
        widths = [len(row) for row in csv.reader(lines, delimiter=separator) if len(row) > 1]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = separator, score
    return best


# ---------------------------------------------------------------------------------------------
# Rows: header and data


def _rows_from_text(text: str, separator: str) -> list[list[Any]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def _rows_from_xlsx(path: Path) -> tuple[list[list[Any]], int]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl comes with the engine extra
        raise ExportError("reading .xlsx needs openpyxl: pip install 'roikit[engine]'") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # zipfile.BadZipFile, KeyError, InvalidFileException, ...
        raise ExportError(f"{path.name} is not a readable .xlsx workbook ({err})") from None
    try:
        sheet = book.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        first = sheet.min_row or 1
    finally:
        book.close()
    return rows, first


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def find_header(rows: list[list[Any]], known: Callable[[str], bool]) -> int:
    """The position of the header among the first rows: the row with the most cells ``known``
    recognises; failing that, the first of the widest rows."""
    head = rows[:HEADER_SEARCH_ROWS]
    scores = [sum(1 for cell in row if isinstance(cell, str) and known(cell)) for row in head]
    if scores and max(scores) > 0:
        return scores.index(max(scores))
    widths = [sum(1 for cell in row if not _blank(cell)) for row in head]
    return widths.index(max(widths))


def _unique(names: Iterable[Any]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for position, name in enumerate(names, start=1):
        text = str(name).strip() if not _blank(name) else f"column {position}"
        seen[text] = seen.get(text, 0) + 1
        result.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return result


def frame_from_rows(
    rows: list[list[Any]], known: Callable[[str], bool], first_row: int = 1
) -> pd.DataFrame:
    """The data rows below the header as a DataFrame of cells as written (object dtype),
    indexed by spreadsheet row number; blank rows and total rows are left out, and said so in
    ``frame.attrs["notes"]``."""
    if not any(not _blank(cell) for row in rows for cell in row):
        raise ExportError("the file is empty")
    at = find_header(rows, known)
    header = _unique(rows[at])
    width = len(header)
    notes = []
    if at:
        notes.append(f"skipped {at} row(s) above the header (row {first_row + at})")
    data, index, totals = [], [], []
    for offset, row in enumerate(rows[at + 1 :], start=at + 1):
        cells = (list(row) + [None] * width)[:width]
        if all(_blank(cell) for cell in cells):
            continue
        number = first_row + offset
        first = next(cell for cell in cells if not _blank(cell))
        if isinstance(first, str) and _TOTAL.match(first):
            totals.append(number)
            continue
        data.append([None if _blank(cell) else cell for cell in cells])
        index.append(number)
    if totals:
        notes.append(f"left out total row(s) {', '.join(map(str, totals))}")
    frame = pd.DataFrame(data, columns=header, index=pd.Index(index, name="row"), dtype=object)
    frame.attrs["notes"] = notes
    return frame


def read_export(path: str | Path, known: Callable[[str], bool] = lambda _: False) -> pd.DataFrame:
    """A campaign export (.csv, .tsv, .txt or .xlsx) as a DataFrame of its cells as written.

    ``known`` tells a header cell from a title (the caller's column synonyms); the row with the
    most known cells is the header. ``frame.attrs`` holds ``notes`` (rows skipped or left out)
    and ``decimal_hint`` (``","`` for a semicolon-separated file, whose locale writes decimal
    commas).
    """
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"no such file: {path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows, first = _rows_from_xlsx(path)
        frame = frame_from_rows(rows, known, first)
        frame.attrs["decimal_hint"] = "."
        return frame
    data = path.read_bytes()
    if not data.strip():
        raise ExportError(f"{path.name} is empty")
    text = decode(data)
    separator = sniff_separator(text)
    frame = frame_from_rows(_rows_from_text(text, separator), known)
    frame.attrs["decimal_hint"] = "," if separator == ";" else "."
    return frame


# ---------------------------------------------------------------------------------------------
# Numbers


def _text_cells(column: pd.Series) -> pd.Series:
    """The cells of ``column`` that are text, without currency signs, codes and spaces."""
    if column.dtype.kind in "fiub":
        return pd.Series([], dtype=object)
    text = column[column.map(lambda cell: isinstance(cell, str))]
    return text.str.replace(_NOISE, "", regex=True)


def guess_decimal(columns: Iterable[pd.Series], hint: str = ".") -> str:
    """The decimal mark of a file, ``"."`` or ``","``: whichever its number cells show
    unambiguously (``1.234,5`` or ``12,5`` need a comma); ``hint`` when none does (``1,234``
    alone could be either)."""
    comma = point = 0
    for column in columns:
        text = _text_cells(column).str.rstrip("%")
        comma += int(text.str.match(_COMMA_DECIMAL).sum())
        point += int(text.str.match(_POINT_DECIMAL).sum())
    if comma != point:
        return "," if comma > point else "."
    return hint


def parse_numbers(column: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series]:
    """A column of export cells as floats, and the cells that were text but no number.

    Numbers stay numbers; text loses currency signs and codes, spaces and thousands separators;
    ``"23.5%"`` reads 0.235; blanks and ``--`` / ``n/a`` are NaN. The second Series holds the
    original text of every cell that could not be read (it is NaN in the first).
    """
    if column.dtype.kind in "fiu":
        return column.astype(float), pd.Series([], dtype=object)
    numbers = pd.to_numeric(
        column.where(~column.map(lambda c: isinstance(c, str | bool))), errors="coerce"
    )
    text = _text_cells(column)
    if text.empty:
        return numbers.astype(float), pd.Series([], dtype=object)
    percent = text.str.endswith("%")
    cleaned = text.str.rstrip("%")
    thousands = "." if decimal == "," else ","
    cleaned = cleaned.str.replace(thousands, "", regex=False)
    if decimal == ",":
        cleaned = cleaned.str.replace(",", ".", regex=False)
    parsed = pd.to_numeric(cleaned, errors="coerce")
    parsed = parsed.where(~percent, parsed / 100)
    numbers.loc[parsed.index] = parsed
    blank = column.loc[text.index].str.strip().str.lower().isin(BLANKS)
    unreadable = column.loc[text.index][parsed.isna() & ~blank]
    return numbers.astype(float), unreadable
