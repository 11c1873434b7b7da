"""One worksheet's values as rows, read safely: the one reader of a workbook's cells as data
(a campaign export, a scenarios table, a list of transactions).

The file is checked first (:func:`roikit.xlsx.check_workbook_file`: a renamed CSV, a zip bomb,
a DTD), then read by openpyxl as values (the cached results of formulas), its notes on
features it drops silenced. A workbook openpyxl cannot read, one saved as Strict Open XML or
with no worksheet, and a used range past the cell limit (one value in a sheet's far corner,
XFD1048576, makes 17 billion cells) are refused with one line saying what to do.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from roikit.errors import NotAWorkbookError, RoikitError
from roikit.xlsx.limits import max_cells, too_many_cells
from roikit.xlsx.package import check_workbook_file


def sheet_rows(
    path: Path,
    choose: Callable[[list[Any]], Any] | None = None,
    *,
    advice: str = "save it as CSV",
    error: type[RoikitError] = NotAWorkbookError,
) -> tuple[list[list[Any]], str]:
    """The rows (from row 1) of the worksheet ``choose`` picks among the workbook's worksheets
    (the first, without it), and its name. ``advice`` ends the message of a workbook that
    cannot be read; ``error`` is what is raised then."""
    import openpyxl

    check_workbook_file(path)
    with warnings.catch_warnings():  # features openpyxl drops (conditional formats, ...) are
        warnings.simplefilter("ignore", UserWarning)  # nothing to a reader of values
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as err:  # zipfile.BadZipFile, KeyError, InvalidFileException, ...
            reason = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise error(f"{path.name} is not a readable .xlsx workbook ({reason})") from None
        try:
            if not book.worksheets:
                raise error(_no_worksheet(path, advice))
            sheet = choose(book.worksheets) if choose else book.worksheets[0]
            return _bounded_rows(sheet.iter_rows(values_only=True), path.name, sheet.title), (
                sheet.title
            )
        finally:
            book.close()


def _no_worksheet(path: Path, advice: str) -> str:
    """Why a workbook shows no worksheet: saved as Strict Open XML (which openpyxl does not
    read), or it has none."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        workbook = archive.read("xl/workbook.xml")[:4096] if "xl/workbook.xml" in names else b""
    if b"purl.oclc.org/ooxml" in workbook:
        return (
            f"{path.name} is saved as Strict Open XML, which roikit cannot read; in Excel, "
            f"File > Save As > Excel Workbook (.xlsx), or {advice}"
        )
    return f"{path.name} has no worksheet (only chart sheets?); {advice}"


def _bounded_rows(rows: Iterable[tuple[Any, ...]], name: str, sheet: str) -> list[list[Any]]:
    """The rows as lists, refused once their grid (rows times the widest row) holds more
    cells than the limit."""
    limit, width, found = max_cells(), 0, []
    for row in rows:
        width = max(width, len(row))
        found.append(list(row))
        if len(found) * width > limit:
            raise too_many_cells(name, f"sheet {sheet!r} (its used range)", len(found) * width)
    return found
