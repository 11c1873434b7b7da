"""A copy of a workbook the engines can load, when Excel saved cells they would choke on.

- Excel writes an empty formula, ``<f ca="1"/>``, into every other cell of a volatile array
  formula's area (an ``OFFSET``/``INDIRECT`` that returns several cells): the cell's value
  comes from the array formula in the area's first cell. formualizer reads such a cell as a
  formula it cannot parse (which then blocks the array's spill, ``#SPILL!``) and formulas
  cannot read it at all. In the copy those cells are blank, so the array fills them as in Excel.
- A formula's cached ``#SPILL!`` or ``#CALC!`` (dynamic arrays' errors) makes formualizer's
  reader refuse the whole file. In the copy those cached values are dropped: the formulas are
  calculated again anyway.

- A call of a roikit function from roikit's classic add-in is saved by Excel as a call
  through an external link: ``[1]!ROMI(B2,B3,B4)``, link 1 being ``roikit.xlam``
  (:mod:`roikit.xlsx.links`). The engines would look for the function in another workbook;
  in the copy the call is plain ``ROMI(B2,B3,B4)``, which they calculate with roikit's own
  function. Another add-in's functions stay as they are.

A workbook with none of these is used as it is: no copy. Saving writes the original file's
formulas back unchanged: only values are patched.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from roikit.xlsx import Calls, Package, has_calls, plain_calls, roikit_add_in_calls

#: a cell whose only formula is an empty one that shares no other cell's text (no si=)
_BARE_FORMULA_CELL = re.compile(
    rb"<c\b([^>]*)>\s*<f\b(?![^>]*\bsi=)[^>]*/>\s*(?:<v>[^<]*</v>|<v/>)?\s*</c>"
)
_KIND = re.compile(rb'\s+t="[^"]*"')
#: a formula's cached error value that only dynamic arrays give
_NEW_ERROR = re.compile(
    rb'(<c\b[^>]*?)\s+t="e"([^>]*>\s*<f\b(?:[^>]*/>|.*?</f>))\s*<v>#(?:SPILL!|CALC!)</v>', re.DOTALL
)


def sheets_to_clean(package: Package, calls: Calls | None = None) -> list[str]:
    """The sheet parts holding cells with an empty formula of their own, a new error, or a
    call of one of ``calls`` (roikit's functions through an add-in's link)."""
    return [
        package.sheets[sheet].path
        for sheet in package.sheet_order
        if _needs_cleaning(package.sheet_bytes(sheet), calls or {})
    ]


def _needs_cleaning(xml: bytes, calls: Calls) -> bool:
    # quick tests first: a 100k-row sheet is tens of megabytes, and one byte is found fastest
    if b"#" in xml and (b"#SPILL!" in xml or b"#CALC!" in xml) and _NEW_ERROR.search(xml):
        return True
    if has_calls(xml, calls):
        return True
    return (b'ca="1"/>' in xml or b'ca="true"/>' in xml) and bool(_BARE_FORMULA_CELL.search(xml))


def clean(xml: bytes, calls: Calls | None = None) -> bytes:
    """The sheet with every empty-formula cell blank (its style kept), no cached new error,
    and ``calls`` (roikit's functions through an add-in's link) as plain calls."""
    xml = _BARE_FORMULA_CELL.sub(lambda cell: b"<c" + _KIND.sub(b"", cell.group(1)) + b"/>", xml)
    xml = _NEW_ERROR.sub(rb"\1\2", xml)
    return plain_calls(xml, calls or {})[0]


class LoadableCopy:
    """The path an engine should load for ``package``: the file itself, or a cleaned copy with
    the same file name in a temporary folder (removed by :meth:`close` or at exit)."""

    def __init__(self, package: Package) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self.path = package.path
        calls = roikit_add_in_calls(package)
        parts = set(sheets_to_clean(package, calls))
        if not parts:
            return
        self._folder = tempfile.TemporaryDirectory(prefix="roikit-load-")
        self.path = Path(self._folder.name) / package.path.name
        with zipfile.ZipFile(package.path) as source, zipfile.ZipFile(self.path, "w") as copy:
            for item in source.infolist():
                if item.filename in parts:
                    copy.writestr(item, clean(source.read(item.filename), calls))
                else:
                    with source.open(item) as data, copy.open(item, "w") as out:
                        shutil.copyfileobj(data, out)

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
