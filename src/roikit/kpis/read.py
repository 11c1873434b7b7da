"""Reading the files that email and ad platforms export: their encodings, separators and numbers.

Real exports are untidy: UTF-8 with or without a byte-order mark, UTF-16 with tabs (LinkedIn
Campaign Manager), the Windows code pages of Russian, Polish, Western and Japanese Excel
(cp1251, cp1250, cp1252, Shift-JIS); commas, semicolons or tabs between fields; a title and a
date range above the header and total rows (``Total``, ``Итого``, ``Razem``, ``合計``, ...)
anywhere among the data. :func:`read_export` turns such a file into a DataFrame of the cells as
written, with the real header and only the data rows; ``roikit.kpis.numbers`` reads the
numbers in them. The text itself (encoding, separator) is :mod:`roikit.kpis.text`'s.

Rows are numbered as a spreadsheet would show them (the header row of a file with no title is
row 1, its first data row is row 2), so that a problem "in row 5" can be found in the file.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from roikit.errors import ExportError
from roikit.kpis.csvnumbers import CsvSource
from roikit.kpis.numbers import joined_text
from roikit.kpis.text import (
    HEADER_SEARCH_ROWS,
    SINGLE_BYTE_ENCODINGS,
    decode,
    head_lines,
    looks_binary,
    sniff_separator,
)

#: the first cell of a total or summary row, in the languages of the exports: "Total",
#: "Total: Account" (Google Ads), "Итого", "Всего", "Razem", "Suma", "Gesamt", "合計: アカウント"
_TOTAL_WORDS = (
    r"(grand\s+)?(totals?|total rows|summe|gesamt|insgesamt|итого|всего|razem|suma|łącznie"
    r"|total général|合計|総計)"
)
_TOTAL = re.compile(rf"^\s*{_TOTAL_WORDS}\s*(:|$)", re.IGNORECASE)
#: the same, line by line in first cells joined by line ends, each line after a line end: a
#: pattern starting with a fixed character is searched for from one of those to the next, where
#: ``^`` would be tried at every character
_TOTAL_LINES = re.compile(rf"\n[^\S\n]*{_TOTAL_WORDS}[^\S\n]*(:|$)", re.IGNORECASE | re.MULTILINE)


# ---------------------------------------------------------------------------------------------
# Rows: header and data


def _rows_from_xlsx(path: Path, known: Callable[[str], bool]) -> tuple[list[list[Any]], str]:
    """The rows of the sheet whose header ``known`` recognises best (the first sheet when no
    sheet's is), and the sheet's name (:func:`roikit.xlsx.sheet_rows`)."""
    from roikit.xlsx import sheet_rows

    def best(sheets: list[Any]) -> Any:
        chosen, best_score = sheets[0], 0
        for sheet in sheets:
            head = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)
            score = max(
                (sum(1 for c in row if isinstance(c, str) and known(c)) for row in head), default=0
            )
            if score > best_score:
                chosen, best_score = sheet, score
        return chosen

    return sheet_rows(path, best, advice="export the report as CSV", error=ExportError)


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


def _may_be_totals(joined: str) -> np.ndarray:
    """Which of one-line cells joined by line ends could be a total, by their first byte as
    UTF-8 (one pass in numpy): a total
    starts with a space or with the first letter of one of :data:`_TOTAL_WORDS`, in any case.
    An ASCII character can match those letters only as ``g``, ``t``, ``s``, ``i`` or ``r`` in
    either case (the other letters are not ASCII); every other first character is kept."""
    data = np.frombuffer(f"\n{joined}\n".encode("utf-8", "surrogatepass"), dtype=np.uint8)
    starts = np.flatnonzero(data == 10)[:-1] + 1
    return _TOTAL_FIRST_BYTES[data[starts]]


#: the first bytes (as UTF-8) of a cell that may be a total: ASCII spaces (``\s``), the ASCII
#: letters a total word may start with in either case, and every byte that starts a non-ASCII
#: character
_TOTAL_FIRST_BYTES = np.zeros(256, dtype=bool)
_TOTAL_FIRST_BYTES[list(b" \t\n\v\f\r\x1c\x1d\x1e\x1fgGtTsSiIrR")] = True
_TOTAL_FIRST_BYTES[0x80:] = True


def _total_rows(cells: list[Any] | pd.Series) -> np.ndarray:
    """Which rows are totals, by their first cell; the cells that may be totals are searched
    joined into one text, one regular-expression pass in C rather than one Python call per
    row. A column of pandas' strings with no blank is joined without a Python string per
    cell (:func:`~roikit.kpis.numbers.joined_text`)."""
    if isinstance(cells, pd.Series) and isinstance(cells.dtype, pd.StringDtype):
        column = cells
        joined = joined_text(column) if not column.hasnans else None
    else:
        column, joined = None, None
    if joined is None:
        listed = cells.tolist() if isinstance(cells, pd.Series) else cells
        texts = ["" if not isinstance(cell, str) else cell for cell in listed]
        joined = "\n".join(texts)
    total = np.zeros(len(cells), dtype=bool)
    if joined.count("\n") != len(cells) - 1:  # a cell over several lines: cell by cell
        if column is not None:
            texts = column.fillna("").tolist()
        total[:] = [_TOTAL.match(text) is not None for text in texts]
        return total
    maybe = np.flatnonzero(_may_be_totals(joined))
    if column is not None:
        candidates = column.iloc[maybe].tolist()
    else:
        candidates = [texts[position] for position in maybe]
    joined = "\n" + "\n".join(candidates)  # see _TOTAL_LINES
    line, counted = 0, 0
    for found in _TOTAL_LINES.finditer(joined):
        line += joined.count("\n", counted, found.start())
        counted = found.start()
        total[maybe[line]] = True
    return total


def _below_header(data: pd.DataFrame, names: list[Any], skipped: int) -> pd.DataFrame:
    """``data``, the rows below the header ``names``, indexed by spreadsheet row number,
    without blank rows and total rows; what was left out is said in ``attrs["notes"]``.

    Only a row whose first cell is blank can be blank, or have its first cell further right:
    the other columns are looked at in those rows alone."""
    frame = data
    frame.columns = _unique(names)
    frame.index = pd.RangeIndex(skipped + 2, skipped + 2 + len(data), name="row")
    first = frame.iloc[:, 0]
    later = (first.isna() | (first == "")).to_numpy(dtype=bool)
    cells: list[Any] | pd.Series = first  # the first cell of each row that is not blank
    if later.any():
        cells = first.tolist()
        rest = frame[later]
        blank = rest.isna() | (rest == "")
        filled = rest.astype(object).where(~blank).bfill(axis=1).iloc[:, 0].tolist()
        positions = np.flatnonzero(later)
        for position, cell in zip(positions, filled, strict=True):
            cells[position] = cell
        empty = blank.all(axis=1).to_numpy(dtype=bool)
        if empty.any():
            keep = np.ones(len(frame), dtype=bool)
            keep[positions[empty]] = False
            frame = frame[keep]
            cells = [cell for cell, kept in zip(cells, keep, strict=True) if kept]
    notes = []
    if skipped:
        notes.append(f"skipped {skipped} row(s) above the header (row {skipped + 1})")
    footer = _footer_rows(frame)
    if footer:
        lines = [
            f"{row} ({text.strip()[:60]!r})"
            for row, text in zip(frame.index[-footer:], frame.iloc[-footer:, 0], strict=True)
        ]
        notes.append(f"left out the line(s) below the table, {', '.join(lines)}")
        frame = frame.iloc[:-footer]
        cells = cells.iloc[:-footer] if isinstance(cells, pd.Series) else cells[:-footer]
    total = _total_rows(cells)
    if total.any():
        if isinstance(cells, pd.Series):
            labels = cells[total].tolist()
        else:
            labels = [cell for cell, is_total in zip(cells, total, strict=True) if is_total]
        rows = [
            f"{row} ({str(label).strip()!r})"
            for row, label in zip(frame.index[total], labels, strict=True)
        ]
        notes.append(f"left out total row(s) {', '.join(rows)}")
        frame = frame[~total]
    frame.attrs["notes"] = notes
    return frame


#: a note below a table is at most this many lines
_NOTE_LINES = 20


def _footer_rows(frame: pd.DataFrame) -> int:
    """How many rows at the end are a note below the table rather than campaigns: rows with
    text in their first cell and nothing else, below a blank line (Microsoft Advertising's
    "©2026 Microsoft Corporation. All rights reserved."). A campaign row with no numbers
    right below the others stays a row."""
    if frame.shape[1] < 2:
        return 0
    rows = frame.index
    last = len(frame) - 1
    for count, position in enumerate(range(last, max(last - _NOTE_LINES, 0), -1), start=1):
        first, rest = frame.iat[position, 0], frame.iloc[position, 1:]
        if not isinstance(first, str) or not (rest.isna() | (rest == "")).all():
            return 0
        if rows[position] - rows[position - 1] > 1:  # a blank line above: the note starts here
            return count
    return 0


def _all_text(column: pd.Series) -> bool:
    """Whether pandas' C parser read every cell of a column as text (it reads a column in
    chunks, each of its own type: an object column may mix text and numbers)."""
    if isinstance(column.dtype, pd.StringDtype):
        return True
    return column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) == "string"


def _csv_frame(
    text: str,
    utf8: bytes,
    separator: str,
    known: Callable[[str], bool],
    keep_text: Callable[[str], bool],
) -> tuple[pd.DataFrame, CsvSource | None]:
    """The rows below the header; plain whole numbers are read by pandas' C parser, every
    other cell is kept as written (a decimal mark is the caller's to decide, per column), and
    so are the columns ``keep_text`` names (campaign IDs keep their leading zeros). ``utf8``
    is ``text`` as UTF-8, which the C parser reads without the copy a text stream costs.

    With the frame comes how the C parser read it, to read number columns again
    (:mod:`roikit.kpis.csvnumbers`); None when Python's csv module had to read it."""
    head = list(csv.reader(head_lines(text, HEADER_SEARCH_ROWS), delimiter=separator))
    at = find_header(head, known)
    names = _unique(head[at])
    options: dict[str, Any] = {
        "sep": separator,
        "header": None,
        "names": names,
        "index_col": False,
        "skiprows": at + 1,
        "keep_default_na": False,
        "na_values": [""],
        "skip_blank_lines": False,
    }
    source = None
    try:  # pandas' C parser: fast, and exact while no quoted field spans lines above the header
        with warnings.catch_warnings():  # a row wider than the header is cut to the header
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            # "\x01" is never a decimal mark: "1.5" and "10.400" stay as written
            data = pd.read_csv(io.BytesIO(utf8), **options, decimal="\x01")
            # a column to keep as text that read as numbers (campaign IDs, "007") is read
            # again as text: telling pandas dtype=str for it from the start doubles the time
            # of the whole read, for every file
            again = [name for name in names if keep_text(name) and not _all_text(data[name])]
            if again:
                text_columns = pd.read_csv(
                    io.BytesIO(utf8),
                    **options,
                    usecols=again,
                    dtype=dict.fromkeys(again, str),
                    decimal="\x01",
                )
                for name in again:
                    data[name] = text_columns[name]
        source = CsvSource(utf8, options, len(data), at + 2)
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))[at + 1 :]
        width = len(names)
        data = pd.DataFrame([(row + [""] * width)[:width] for row in rows], dtype=object)
        data = data.reindex(columns=range(width))
    return _below_header(data, names, at), source


def read_export(
    path: str | Path,
    known: Callable[[str], bool] = lambda _: False,
    keep_text: Callable[[str], bool] = lambda _: True,
) -> pd.DataFrame:
    """A campaign export (.csv, .tsv, .txt or .xlsx) as a DataFrame of its cells as written.

    ``known`` tells a header cell from a title (the caller's column vocabulary); the row with
    the most known cells is the header. Columns ``keep_text`` names keep every cell as text;
    in the others of a CSV file, plain whole numbers are read as numbers. ``frame.attrs`` holds
    ``notes`` (rows skipped or left out) and ``decimal_hint`` (``","`` for a
    semicolon-separated file, whose locale writes decimal commas).
    """
    return open_export(path, known, keep_text)[0]


def open_export(
    path: str | Path,
    known: Callable[[str], bool] = lambda _: False,
    keep_text: Callable[[str], bool] = lambda _: True,
) -> tuple[pd.DataFrame, CsvSource | None]:
    """:func:`read_export`'s frame, and for a CSV file that pandas' C parser read, how it read
    it (for :func:`roikit.kpis.csvnumbers.read_numbers` to read number columns again)."""
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
        width = max(len(row) for row in rows[at:])  # a header with no rows below: no table
        grid = [list(row) + [None] * (width - len(row)) for row in rows[at:]]
        frame = _below_header(
            pd.DataFrame(grid[1:], columns=range(width), dtype=object), grid[0], at
        )
        frame.attrs["notes"].insert(0, f"read sheet {sheet!r}")
        frame.attrs["decimal_hint"] = "."
        return frame, None
    data = path.read_bytes()
    if not data or data.isspace():  # (strip() would copy the whole file to say the same)
        raise ExportError(f"{path.name} is empty")
    text, encoding = decode(data, path.name)
    if not text or text.isspace():
        raise ExportError(f"{path.name} is empty")
    if looks_binary(text):
        raise ExportError(
            f"{path.name} is a binary file, not a CSV export; export the report as CSV or .xlsx"
        )
    # UTF-8 without a byte-order mark is the file itself (decode read it strictly)
    plain = encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8)
    utf8 = data if plain else text.encode("utf-8")
    try:
        separator = sniff_separator(text)
        frame, source = _csv_frame(text, utf8, separator, known, keep_text)
        if source is not None and codecs.lookup(encoding).name in SINGLE_BYTE_ENCODINGS:
            source = dataclasses.replace(source, single_byte=data, encoding=encoding)
    except csv.Error as err:  # a field longer than csv's limit (128 KB), ...
        raise ExportError(f"{path.name} cannot be read as CSV ({err}); is it an export?") from None
    if encoding != "utf-8":
        frame.attrs["notes"].insert(0, f"read as {encoding.replace('_', '-')} text")
    frame.attrs["decimal_hint"] = "," if separator == ";" else "."
    return frame, source
