"""A copy of a workbook the engines can load, when Excel saved cells they would choke on.

Excel writes an empty formula, ``<f ca="1"/>``, into every other cell of a volatile array
formula's area (an ``OFFSET``/``INDIRECT`` that returns several cells): the cell's value comes
from the array formula in the area's first cell. formualizer reads such a cell as a formula it
cannot parse (which then blocks the array's spill, ``#SPILL!``) and formulas cannot read it at
all. In the copy those cells are blank, so the array formula fills them as Excel does. A
workbook without them is used as it is: no copy.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from roikit.engine.xlsx import Package

#: a cell whose only formula is an empty one that shares no other cell's text (no si=)
_BARE_FORMULA_CELL = re.compile(
    rb"<c\b([^>]*)>\s*<f\b(?![^>]*\bsi=)[^>]*/>\s*(?:<v>[^<]*</v>|<v/>)?\s*</c>"
)
_KIND = re.compile(rb'\s+t="[^"]*"')


def bare_formula_sheets(package: Package) -> list[str]:
    """The sheet parts holding cells with an empty formula of their own."""
    return [
        package.sheets[sheet].path
        for sheet in package.sheet_order
        if _BARE_FORMULA_CELL.search(package.part_bytes(package.sheets[sheet].path))
    ]


def blank_bare_formulas(xml: bytes) -> bytes:
    """The sheet with every empty-formula cell blank (its style kept)."""
    return _BARE_FORMULA_CELL.sub(lambda cell: b"<c" + _KIND.sub(b"", cell.group(1)) + b"/>", xml)


class LoadableCopy:
    """The path an engine should load for ``package``: the file itself, or a cleaned copy with
    the same file name in a temporary folder (removed by :meth:`close` or at exit)."""

    def __init__(self, package: Package) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self.path = package.path
        parts = set(bare_formula_sheets(package))
        if not parts:
            return
        self._folder = tempfile.TemporaryDirectory(prefix="roikit-load-")
        self.path = Path(self._folder.name) / package.path.name
        with zipfile.ZipFile(package.path) as source, zipfile.ZipFile(self.path, "w") as copy:
            for item in source.infolist():
                if item.filename in parts:
                    copy.writestr(item, blank_bare_formulas(package.part_bytes(item.filename)))
                else:
                    with source.open(item) as data, copy.open(item, "w") as out:
                        shutil.copyfileobj(data, out)

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
