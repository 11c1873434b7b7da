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

import numpy as np
import pandas as pd

from roikit.errors import ExportError

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
_TOTAL = re.compile(r"^\s*(grand\s+)?(totals?|summe|gesamt)\s*(:|$)", re.IGNORECASE)


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


def _looks_binary(text: str) -> bool:
    """Whether the start of a decoded file is mostly not text: more than 5 % control
    characters (other than tab and line ends) or undecodable bytes."""
    sample = text[:4000]
    odd = sum(1 for c in sample if (c < " " and c not in "\t\r\n") or c == "\ufffd")
    return odd > len(sample) * 0.05


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


def _rows_from_xlsx(path: Path, known: Callable[[str], bool]) -> tuple[list[list[Any]], str]:
    """The rows of the sheet whose header ``known`` recognises best (the first sheet when no
    sheet's is), and the sheet's name."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl comes with the engine extra
        raise ExportError("reading .xlsx needs openpyxl: pip install 'roikit[engine]'") from None
    from roikit.xlsx import check_workbook_file

    check_workbook_file(path)  # a legacy .xls, a renamed CSV, a zip bomb, a DTD: refused here
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # zipfile.BadZipFile, KeyError, InvalidFileException, ...
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ExportError(f"{path.name} is not a readable .xlsx workbook ({reason})") from None
    try:
        best, best_score = book.worksheets[0], 0
        for sheet in book.worksheets:
            head = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)
            score = max(
                (sum(1 for c in row if isinstance(c, str) and known(c)) for row in head), default=0
            )
            if score > best_score:
                best, best_score = sheet, score
        return _bounded_rows(best.iter_rows(values_only=True), path.name, best.title), best.title
    finally:
        book.close()


def _bounded_rows(rows: Iterable[tuple[Any, ...]], name: str, sheet: str) -> list[list[Any]]:
    """The rows (from row 1) as lists, refused once their grid (rows times the widest row)
    holds more cells than the limit: one value in a sheet's far corner (XFD1048576) would
    make a table of 17 billion cells."""
    from roikit.xlsx import max_cells, too_many_cells

    limit, width, found = max_cells(), 0, []
    for row in rows:
        width = max(width, len(row))
        found.append(list(row))
        if len(found) * width > limit:
            raise too_many_cells(name, f"sheet {sheet!r} (its used range)", len(found) * width)
    return found


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


def _below_header(raw: pd.DataFrame, skipped: int) -> pd.DataFrame:
    """The rows below ``raw``'s first row (the header), indexed by spreadsheet row number,
    without blank rows and total rows; what was left out is said in ``attrs["notes"]``."""
    frame = raw.iloc[1:].copy()
    frame.columns = _unique(raw.iloc[0].tolist())
    frame.index = pd.RangeIndex(skipped + 2, skipped + 1 + len(raw), name="row")
    blank = frame.isna() | (frame == "")
    frame = frame[~blank.all(axis=1)]
    blank = blank.loc[frame.index]
    first = frame.iloc[:, 0].astype(object)  # the first cell of each row that is not blank
    later = blank.iloc[:, 0].to_numpy()
    if later.any():
        rest = frame[later].astype(object).where(~blank[later])
        first[later] = rest.bfill(axis=1).iloc[:, 0]
    total = first.map(lambda cell: isinstance(cell, str) and _TOTAL.match(cell) is not None)
    notes = []
    if skipped:
        notes.append(f"skipped {skipped} row(s) above the header (row {skipped + 1})")
    if total.any():
        notes.append(f"left out total row(s) {', '.join(map(str, frame.index[total.to_numpy()]))}")
        frame = frame[~total.to_numpy()]
    frame.attrs["notes"] = notes
    return frame


def _csv_frame(text: str, separator: str, known: Callable[[str], bool]) -> pd.DataFrame:
    head = list(csv.reader(text.splitlines()[:HEADER_SEARCH_ROWS], delimiter=separator))
    at = find_header(head, known)
    try:  # pandas' C parser: fast, and exact while no quoted field spans lines above the header
        raw = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            header=None,
            skiprows=at,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError):  # a row wider than the header
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))[at:]
        width = len(rows[0])
        raw = pd.DataFrame([(row + [""] * width)[:width] for row in rows], dtype=object)
    return _below_header(raw, at)


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
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ExportError(f"{path.name}: old .xls workbooks are not read; save it as .xlsx or CSV")
    if suffix in (".xlsx", ".xlsm"):
        rows, sheet = _rows_from_xlsx(path, known)
        if not any(not _blank(cell) for row in rows for cell in row):
            raise ExportError(f"{path.name} is empty")
        at = find_header(rows, known)
        frame = _below_header(pd.DataFrame(rows[at:], dtype=object), at)
        frame.attrs["notes"].insert(0, f"read sheet {sheet!r}")
        frame.attrs["decimal_hint"] = "."
        return frame
    data = path.read_bytes()
    if not data.strip():
        raise ExportError(f"{path.name} is empty")
    text = decode(data)
    if not text.strip():
        raise ExportError(f"{path.name} is empty")
    if _looks_binary(text):
        raise ExportError(
            f"{path.name} is a binary file, not a CSV export; export the report as CSV or .xlsx"
        )
    try:
        separator = sniff_separator(text)
        frame = _csv_frame(text, separator, known)
    except csv.Error as err:  # a field longer than csv's limit (128 KB), ...
        raise ExportError(f"{path.name} cannot be read as CSV ({err}); is it an export?") from None
    frame.attrs["decimal_hint"] = "," if separator == ";" else "."
    return frame


# ---------------------------------------------------------------------------------------------
# Numbers


#: how the cells that mean "nothing" are spelled, matched as they are (no lower-casing needed)
_BLANK_SPELLINGS = frozenset(
    {spelling for blank in BLANKS for spelling in (blank, blank.upper(), blank.title())} | {" "}
)
#: characters of a plain number: anything else asks for the slower clean-up of currency and spaces
_PLAIN = frozenset("0123456789.,-+%eE")
#: cells per column that decide the decimal mark
DECIMAL_SAMPLE = 5000


def guess_decimal(columns: Iterable[pd.Series], hint: str = ".") -> str:
    """The decimal mark of a file, ``"."`` or ``","``: whichever its number cells show
    unambiguously (``1.234,5`` or ``12,5`` need a comma) in the first cells of each column;
    ``hint`` when none does (``1,234`` alone could be either)."""
    comma = point = 0
    for column in columns:
        if column.dtype.kind in "fiub":
            continue
        sample = [c for c in column.iloc[:DECIMAL_SAMPLE].tolist() if isinstance(c, str)]
        for cell in sample:
            cleaned = _NOISE.sub("", cell).rstrip("%")
            comma += bool(_COMMA_DECIMAL.match(cleaned))
            point += bool(_POINT_DECIMAL.match(cleaned))
    if comma != point:
        return "," if comma > point else "."
    return hint


def parse_numbers(column: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series]:
    """A column of export cells as floats, and the cells that were text but no number.

    Numbers stay numbers; text loses currency signs and codes, spaces and thousands separators;
    ``"23.5%"`` reads 0.235; blanks and ``--`` / ``n/a`` are NaN. The second Series holds the
    original text of every cell that could not be read (it is NaN in the first).
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
    noise = chars - _PLAIN
    cleaned = text
    if any(char.isalpha() for char in noise):  # currency codes: the full clean-up
        cleaned = cleaned.str.replace(_NOISE, "", regex=True)
    else:  # signs and spaces only: plain replacements are several times faster
        for char in noise:
            cleaned = cleaned.str.replace(char, "", regex=False)
    percent = cleaned.str.endswith("%") if "%" in chars else None
    if percent is not None:
        cleaned = cleaned.str.rstrip("%")
    thousands = "." if decimal == "," else ","
    if thousands in chars:
        cleaned = cleaned.str.replace(thousands, "", regex=False)
    if decimal == "," and "," in chars:
        cleaned = cleaned.str.replace(",", ".", regex=False)
    try:  # every cell a number now: numpy reads them fastest
        parsed = pd.Series(np.array(cleaned.to_numpy(dtype=object), dtype=float), cleaned.index)
    except ValueError:
        parsed = pd.to_numeric(cleaned, errors="coerce")
    if percent is not None:
        parsed = parsed.where(~percent, parsed / 100)
    numbers.loc[parsed.index] = parsed.astype(float)
    unreadable = text[parsed.isna().to_numpy()]
    unreadable = unreadable[~unreadable.str.strip().str.lower().isin(BLANKS)]
    return numbers, unreadable
