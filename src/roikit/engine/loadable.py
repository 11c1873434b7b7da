"""A copy of a workbook the engines can load, when Excel saved cells they would choke on.

- Excel writes an empty formula, ``<f ca="1"/>``, into every other cell of a volatile array
  formula's area (an ``OFFSET``/``INDIRECT`` that returns several cells): the cell's value
  comes from the array formula in the area's first cell. formualizer reads such a cell as a
  formula it cannot parse (which then blocks the array's spill, ``#SPILL!``) and formulas
  cannot read it at all. In the copy those cells are blank, so the array fills them as in Excel.
- A formula's cached ``#SPILL!`` or ``#CALC!`` (dynamic arrays' errors) makes formualizer's
  reader refuse the whole file. In the copy those cached values are dropped: the formulas are
  calculated again anyway.

A workbook with neither is used as it is: no copy.

The fast engine also asks for some formula cells to hold values instead of their formulas: the
runs it has calculated a column at a time (:mod:`roikit.engine.columns`). Those cells are
written as value cells, their style kept, so the engine has nothing to calculate there and
every cell depending on them reads their values. Rewritten parts are stored uncompressed: the
copy is read once, at once.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roikit.xlsx import Package, value_xml

#: a cell whose only formula is an empty one that shares no other cell's text (no si=)
_BARE_FORMULA_CELL = re.compile(
    rb"<c\b([^>]*)>\s*<f\b(?![^>]*\bsi=)[^>]*/>\s*(?:<v>[^<]*</v>|<v/>)?\s*</c>"
)
#: how much of a rewritten sheet is gathered before it is written
_PIECE = 1 << 20
#: a rewritten sheet larger than this is written as zip64 from the start
_ZIP64_SOON = 1 << 30
_KIND = re.compile(rb'\s+t="[^"]*"')
#: a formula's cached error value that only dynamic arrays give
_NEW_ERROR = re.compile(
    rb'(<c\b[^>]*?)\s+t="e"([^>]*>\s*<f\b(?:[^>]*/>|.*?</f>))\s*<v>#(?:SPILL!|CALC!)</v>', re.DOTALL
)


def sheets_to_clean(package: Package) -> list[str]:
    """The sheet parts holding cells with an empty formula of their own, or a new error."""
    return [
        package.sheets[sheet].path
        for sheet in package.sheet_order
        if _needs_cleaning(package.sheet_bytes(sheet))
    ]


def _needs_cleaning(xml: bytes) -> bool:
    # quick tests first: a 100k-row sheet is tens of megabytes
    if (b"#SPILL!" in xml or b"#CALC!" in xml) and _NEW_ERROR.search(xml):
        return True
    return (b'ca="1"/>' in xml or b'ca="true"/>' in xml) and bool(_BARE_FORMULA_CELL.search(xml))


def clean(xml: bytes) -> bytes:
    """The sheet with every empty-formula cell blank (its style kept) and no cached new error."""
    xml = _BARE_FORMULA_CELL.sub(lambda cell: b"<c" + _KIND.sub(b"", cell.group(1)) + b"/>", xml)
    return _NEW_ERROR.sub(rb"\1\2", xml)


def with_values(xml: bytes, cells: dict[int, Any]) -> bytes:
    """The sheet with each cell starting at a key of ``cells`` (a formula cell, unprefixed, as
    the reader's scan found it) holding that value instead of its formula, style kept."""
    out = bytearray()
    write_with_values(xml, cells, out.extend)
    return bytes(out)


def write_with_values(
    xml: bytes, cells: dict[int, Any], write: Callable[[bytes | bytearray], object]
) -> None:
    """:func:`with_values`, handed to ``write`` in pieces of about a megabyte (nothing the size
    of the sheet is built: a million rows are hundreds of megabytes)."""
    view = memoryview(xml)
    out = bytearray()
    at = 0
    for start in sorted(cells):
        tag_end = xml.index(b">", start)
        value = cells[start]
        if type(value) is float and math.isfinite(value) and xml.find(b" t=", start, tag_end) < 0:
            out += view[at:tag_end]  # most cells: the start tag as it is, one <v>
            out += b"><v>%r</v></c>" % value
        else:
            kind, content = value_xml(value, formula=False)
            tag = _KIND.sub(b"", xml[start:tag_end])
            if kind is not None:
                tag += b' t="' + kind + b'"'
            out += view[at:start]
            out += tag + (b">" + content + b"</c>" if content else b"/>")
        at = xml.index(b"</c>", tag_end) + 4
        if len(out) >= _PIECE:
            write(out)
            out = bytearray()
    out += view[at:]
    write(out)


class LoadableCopy:
    """The path an engine should load for ``package``: the file itself, or a copy with the same
    file name in a temporary folder (removed by :meth:`close` or at exit), cleaned, and with
    ``values`` (sheet -> where a formula cell starts -> its value) in place of formulas."""

    def __init__(self, package: Package, values: dict[str, dict[int, Any]] | None = None) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self.path = package.path
        sheets = {
            package.sheets[sheet].path: sheet for sheet, cells in (values or {}).items() if cells
        }
        values = {part: (values or {})[sheet] for part, sheet in sheets.items()}
        to_clean = set(sheets_to_clean(package))
        parts = to_clean | values.keys()
        if not parts:
            return
        self._folder = tempfile.TemporaryDirectory(prefix="roikit-load-")
        self.path = Path(self._folder.name) / package.path.name
        with zipfile.ZipFile(package.path) as source, zipfile.ZipFile(self.path, "w") as copy:
            for item in source.infolist():
                if item.filename in values and item.filename not in to_clean:
                    xml = package.sheet_bytes(sheets[item.filename])  # as the reader has it
                    with copy.open(item.filename, "w", force_zip64=len(xml) > _ZIP64_SOON) as out:
                        write_with_values(xml, values[item.filename], out.write)
                elif item.filename in parts:
                    xml = source.read(item.filename)
                    if item.filename in values:  # first: the cells' places are the file's
                        xml = with_values(xml, values[item.filename])
                    if item.filename in to_clean:
                        xml = clean(xml)
                    copy.writestr(item.filename, xml, zipfile.ZIP_STORED)
                else:
                    with source.open(item) as data, copy.open(item, "w") as out:
                        shutil.copyfileobj(data, out)

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
