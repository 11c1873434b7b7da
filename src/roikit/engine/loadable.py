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
- formualizer does not read a workbook's tables (Insert > Table), nor a this-row reference
  (``Campaigns[[#This Row],[Revenue]]``, typed ``[@Revenue]``) of a table it is given: every
  formula using one was ``#NAME?``. In the copy each structured reference is the cells it
  stands for (``$B7``, ``$E$2:$E$101``: :mod:`roikit.xlsx.tables`), for formualizer and the
  formulas engine; IronCalc reads tables itself.
- A legacy formula (saved without ``t="array"``) that uses an area of several cells as one
  value, ``=Price*2`` with Price naming ``B2:B10``, is Excel's implicit intersection: the
  area's cell in the formula's own row. formualizer reads it as a dynamic array (spilled,
  ``#SPILL!``), the formulas engine as the area's first cell: in their copy such an area at the
  top of a formula gets the ``@`` Excel 365 shows (:mod:`roikit.xlsx.intersection`).

A workbook with none of these is used as it is: no copy. Saving writes the original file's
formulas back unchanged: only values are patched.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from roikit.xlsx import (
    Calls,
    Package,
    Table,
    explicit_intersections,
    has_calls,
    has_implicit_intersections,
    has_structured_references,
    names_of_areas,
    plain_calls,
    plain_structured_references,
    roikit_add_in_calls,
)

#: a cell whose only formula is an empty one that shares no other cell's text (no si=)
_BARE_FORMULA_CELL = re.compile(
    rb"<c\b([^>]*)>\s*<f\b(?![^>]*\bsi=)[^>]*/>\s*(?:<v>[^<]*</v>|<v/>)?\s*</c>"
)
_KIND = re.compile(rb'\s+t="[^"]*"')
#: a formula's cached error value that only dynamic arrays give
_NEW_ERROR = re.compile(
    rb'(<c\b[^>]*?)\s+t="e"([^>]*>\s*<f\b(?:[^>]*/>|.*?</f>))\s*<v>#(?:SPILL!|CALC!)</v>', re.DOTALL
)


def sheets_to_clean(
    package: Package,
    calls: Calls | None = None,
    tables: dict[str, Table] | None = None,
    areas: frozenset[str] | None = None,
) -> dict[str, str]:
    """The sheet parts (-> their sheets) holding cells with an empty formula of their own, a
    new error, a call of one of ``calls`` (roikit's functions through an add-in's link), a
    structured reference to one of ``tables``, or, when ``areas`` (the names of areas) is
    given, a legacy formula using an area as one value."""
    return {
        package.sheets[sheet].path: sheet
        for sheet in package.sheet_order
        if _needs_cleaning(package.sheet_bytes(sheet), calls or {}, tables or {}, sheet, areas)
    }


def _needs_cleaning(
    xml: bytes,
    calls: Calls,
    tables: dict[str, Table],
    sheet: str,
    areas: frozenset[str] | None,
) -> bool:
    # quick tests first: a 100k-row sheet is tens of megabytes, and one byte is found fastest
    if b"#" in xml and (b"#SPILL!" in xml or b"#CALC!" in xml) and _NEW_ERROR.search(xml):
        return True
    if has_calls(xml, calls) or has_structured_references(xml, tables, sheet):
        return True
    if (b'ca="1"/>' in xml or b'ca="true"/>' in xml) and _BARE_FORMULA_CELL.search(xml):
        return True
    return areas is not None and has_implicit_intersections(xml, areas)


def clean(
    xml: bytes,
    calls: Calls | None = None,
    sheet: str = "",
    tables: dict[str, Table] | None = None,
    areas: frozenset[str] | None = None,
) -> bytes:
    """The sheet with every empty-formula cell blank (its style kept), no cached new error,
    ``calls`` (roikit's functions through an add-in's link) as plain calls, the structured
    references to ``tables`` in its formulas (``sheet``'s) as plain cells, and, when ``areas``
    (the names of areas) is given, implicit intersection written out (``@``)."""
    xml = _BARE_FORMULA_CELL.sub(lambda cell: b"<c" + _KIND.sub(b"", cell.group(1)) + b"/>", xml)
    xml = _NEW_ERROR.sub(rb"\1\2", xml)
    xml = plain_calls(xml, calls or {})[0]
    xml = plain_structured_references(xml, sheet, tables or {})
    return xml if areas is None else explicit_intersections(xml, areas)


class LoadableCopy:
    """The path an engine should load for ``package``: the file itself, or a cleaned copy with
    the same file name in a temporary folder (removed by :meth:`close` or at exit). With
    ``tables`` False the structured references stay (an engine that reads tables itself)."""

    def __init__(
        self, package: Package, *, tables: bool = True, intersections: bool = False
    ) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self.path = package.path
        calls = roikit_add_in_calls(package)
        known = package.tables if tables else {}
        areas = names_of_areas(package) if intersections else None
        parts = sheets_to_clean(package, calls, known, areas)
        if not parts:
            return
        self._folder = tempfile.TemporaryDirectory(prefix="roikit-load-")
        self.path = Path(self._folder.name) / package.path.name
        with zipfile.ZipFile(package.path) as source, zipfile.ZipFile(self.path, "w") as copy:
            for item in source.infolist():
                if item.filename in parts:
                    xml = source.read(item.filename)
                    sheet = parts[item.filename]
                    copy.writestr(item, clean(xml, calls, sheet, known, areas))
                else:
                    with source.open(item) as data, copy.open(item, "w") as out:
                        shutil.copyfileobj(data, out)

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
