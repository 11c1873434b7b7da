"""Reading an .xlsx package: its sheets, defined names, cells and formulas, without openpyxl.

The engine reads the parts itself so that saving can patch only the cells it changed and copy
every other part of the file byte for byte (see :mod:`roikit.xlsx.patch`). Small parts
(workbook, relationships) are parsed with defusedxml; sheets, which can hold millions of cells,
are scanned once with a regular expression over their ``<c>`` elements.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import re
import string
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from defusedxml import ElementTree

from roikit.catalog import SAVED_PREFIXES
from roikit.cells import CellError
from roikit.errors import (
    CELL_ERRORS,
    EncryptedWorkbookError,
    NotAWorkbookError,
    UnsafeWorkbookError,
)
from roikit.xlsx.limits import check_archive, check_inflated_sizes, read_member

if TYPE_CHECKING:
    from roikit.xlsx.tables import Table

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OFFICE_DOCUMENT = "/officeDocument"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#: a ``<c>`` start tag directly followed by its ``<f>`` element, in any namespace prefix
_PREFIXED_FORMULA_CELL = re.compile(
    rb"<((?:\w+:)?)c\b([^>]*)(?<!/)>\s*<(?:\w+:)?f\b([^>]*?)(?:/>|>([^<]*)</(?:\w+:)?f>)"
)
#: a formula cell as Excel, LibreOffice and openpyxl write it: ``r`` first, no prefix
_QUICK_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*+>(?=<f[ >/])')
#: an ``<f>`` element as Excel writes it (no prefix): a literal start, found fast
_FORMULA_ELEMENT = re.compile(rb"<f\b([^>]*?)(?:/>|>([^<]*)</f>)")
_ANY_FORMULA = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>([^<]*)</(?:\w+:)?f>)")
_R = re.compile(rb'\br="([^"]+)"')
_SI = re.compile(rb'\bsi="([^"]+)"')
_AREA = re.compile(rb'\bref="([^"]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>/]*>(.*?)</(?:\w+:)?v>", re.DOTALL)
#: ECMA-376 Part 1, 22.9.2.19 (ST_Xstring): a character XML cannot hold, written ``_xHHHH_``
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_INLINE_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", re.DOTALL)


@functools.cache
def column_number(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """1 -> ``A``, 27 -> ``AA``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def split_reference(reference: str) -> tuple[int, int]:
    """``B2`` (or ``$B$2``) -> (row 2, column 2)."""
    text = reference.strip().replace("$", "")
    digits = text.lstrip(string.ascii_letters)
    letters = text[: len(text) - len(digits)]
    if not 1 <= len(letters) <= 3 or not digits.isdigit() or not digits.isascii():
        raise ValueError(f"{reference!r} is not a cell reference like B2")
    return int(digits), column_number(letters.upper())


_CELL_PARTS = re.compile(r"([A-Z]{1,3})([0-9]+)")


def split_references(references: list[str]) -> list[tuple[int, int]]:
    """:func:`split_reference` for many cells at once (as the scan found them: ``B2``)."""
    parts = _CELL_PARTS.findall(" ".join(references))
    if len(parts) != len(references):
        return [split_reference(reference) for reference in references]
    return [(int(row), column_number(letters)) for letters, row in parts]


def cell_reference(row: int, column: int) -> str:
    return f"{column_letters(column)}{row}"


def area_cells(area: str) -> list[str]:
    """Every cell of ``B2:C3`` (or of one cell ``B2``), row by row."""
    first, _, last = area.partition(":")
    top, left = split_reference(first)
    bottom, right = split_reference(last or first)
    return [
        cell_reference(row, column)
        for row in range(top, bottom + 1)
        for column in range(left, right + 1)
    ]


@dataclass(frozen=True)
class Target:
    """What a defined name points at: a sheet and a cell or an area (``B2`` or ``B3:B9``)."""

    sheet: str
    area: str

    @functools.cached_property
    def cells(self) -> tuple[str, ...]:
        """Every cell of the area, row by row (found once: a batch reads a name's cells once
        per scenario)."""
        return tuple(area_cells(self.area))

    def __str__(self) -> str:
        sheet = f"'{self.sheet}'" if re.search(r"[^\w.]", self.sheet) else self.sheet
        return f"{sheet}!{self.area}"


def parse_target(text: str, sheets: list[str]) -> Target | None:
    """``'My sheet'!$B$2`` -> Target; None for anything else (constants, formulas, #REF!)."""
    match = re.fullmatch(
        r"\s*(?:'((?:[^']|'')+)'|([^'!\s]+))!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)\s*",
        text,
    )
    if not match:
        return None
    sheet = match.group(1).replace("''", "'") if match.group(1) else match.group(2)
    if sheet not in sheets:
        return None
    return Target(sheet, match.group(3).replace("$", "").upper())


@dataclass
class SheetPart:
    """One sheet: where its XML is, and its formula cells (found on first use)."""

    name: str
    path: str
    #: every cell whose value comes from a formula, in document order -> where its ``<c>``
    #: starts in the sheet XML (-1 for the other cells of an array formula's area)
    formula_cells: dict[str, int] = field(default_factory=dict)
    #: cached values read so far (see Package.cached_value)
    values: dict[str, Any] = field(default_factory=dict)
    #: each legacy array formula (entered with Ctrl+Shift+Enter, not a dynamic array that
    #: spills) whose area is more than its own cell: its cell -> its area (``E1`` -> ``E1:F3``)
    array_areas: dict[str, str] = field(default_factory=dict)
    scanned: bool = False
    #: shared formula group (``si``) -> its text and the cell it is written in (on first need)
    shared: dict[bytes, tuple[bytes, str]] | None = None


class AddIn(NamedTuple):
    """An add-in a workbook calls functions of (see :attr:`Package.add_ins`)."""

    file: str
    #: upper-case names
    functions: frozenset[str]


class Package:
    """An .xlsx (or .xlsm) file opened for reading: sheets, defined names, date system."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        #: the latest sheet read (see _sheet_xml): first the largest, inflated by the check
        self._last_sheet: tuple[str, bytes] | None = check_workbook_file(
            self.path, keep_largest_sheet=True
        )
        self.zip = zipfile.ZipFile(self.path)
        self.names_in_zip = set(self.zip.namelist())
        self.workbook_path = self._office_document()
        workbook = self._xml(self.workbook_path)
        rels = self._relationships(self.workbook_path)
        self.sheets: dict[str, SheetPart] = {}
        self.sheet_order: list[str] = []
        self.date1904 = False
        self.names: dict[str, Target] = {}
        #: the parts of the external links, in the order formulas number them ([1] first)
        self._external: list[str] = []
        defined: list[tuple[str, str | None, str]] = []
        for element in workbook.iter():
            tag = _local(element.tag)
            if tag == "sheet":
                rel = element.get(f"{{{_REL_NS}}}id") or element.get("id")
                target = rels.get(rel or "")
                if target and target in self.names_in_zip:
                    name = element.get("name", "")
                    self.sheets[name] = SheetPart(name, target)
                    self.sheet_order.append(name)
            elif tag == "workbookPr":
                self.date1904 = element.get("date1904", "0").lower() in ("1", "true")
            elif tag == "definedName":
                defined.append(
                    (element.get("name", ""), element.get("localSheetId"), element.text or "")
                )
            elif tag == "externalReference":  # [1], [2], ... in formulas, in this order
                self._external.append(rels.get(element.get(f"{{{_REL_NS}}}id") or "", ""))
        #: the names (lower case) some sheet defines for itself: in that sheet's formulas they
        #: stand for what the sheet says, not what :attr:`names` holds
        self.sheet_scoped = {name.lower() for name, scope, _ in defined if scope is not None}
        # workbook names first; a sheet's own name counts where no workbook name has it
        # (a name for a constant or a formula, not cells, is neither an input nor an output)
        for name, _, text in sorted(defined, key=lambda d: d[1] is not None):
            found = parse_target(text, self.sheet_order)
            if found is not None and not name.startswith("_xlnm.") and name not in self.names:
                self.names[name] = found

    def close(self) -> None:
        self.zip.close()

    def _read(self, part: str) -> bytes:
        """A part's bytes; a missing or damaged part is a clear NotAWorkbookError."""
        if self._last_sheet is not None and self._last_sheet[0] == part:
            return self._last_sheet[1]
        try:
            return read_member(self.zip, part)
        except KeyError:
            raise NotAWorkbookError(f"{self.path}: the workbook has no part {part}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:
            raise NotAWorkbookError(
                f"{self.path}: its part {part} is damaged ({err}); the file was cut short or "
                "corrupted on its way, get it again"
            ) from None

    def _sheet_xml(self, part: str) -> bytes:
        """A sheet's bytes for looking up single cells: the last sheet read is kept, so that
        looking up many cells of one sheet (messages, text inputs in a batch) reads it once."""
        if self._last_sheet is None or self._last_sheet[0] != part:
            self._last_sheet = (part, self._read(part))
        return self._last_sheet[1]

    def _xml(self, part: str) -> Any:
        try:
            return ElementTree.fromstring(self._read(part))
        except ElementTree.ParseError as err:
            raise NotAWorkbookError(f"{self.path}: its part {part} is not XML ({err})") from None

    def _office_document(self) -> str:
        if "_rels/.rels" in self.names_in_zip:
            for target in self._relationships("", kind=_OFFICE_DOCUMENT).values():
                return target
        if "xl/workbook.xml" in self.names_in_zip:
            return "xl/workbook.xml"
        raise NotAWorkbookError(f"{self.path} is a zip file but not an Excel workbook (.xlsx)")

    def _relationships(self, part: str, kind: str = "") -> dict[str, str]:
        """Relationship id -> target part path, for the part at ``part`` ("" for the package)."""
        folder = PurePosixPath(part).parent if part else PurePosixPath("")
        rels_path = (folder / "_rels" / (PurePosixPath(part).name + ".rels")).as_posix()
        if not part:
            rels_path = "_rels/.rels"
        if rels_path not in self.names_in_zip:
            return {}
        targets = {}
        for element in self._xml(rels_path).iter():
            if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
                continue
            if kind and not element.get("Type", "").endswith(kind):
                continue
            target = element.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else _normalise((folder / target).as_posix())
            )
            targets[element.get("Id", "")] = path
        return targets

    def table_elements(self, sheet: str) -> list[Any]:
        """The XML (root element) of each of the sheet's tables (Insert > Table)."""
        roots = []
        for target in self._relationships(self.sheets[sheet].path, kind="/table").values():
            if target in self.names_in_zip:
                with contextlib.suppress(NotAWorkbookError):  # a damaged table: left out
                    roots.append(self._xml(target))
        return roots

    @cached_property
    def tables(self) -> dict[str, Table]:
        """The workbook's tables by name, lower case (:mod:`roikit.xlsx.tables`)."""
        from roikit.xlsx.tables import read_tables

        return read_tables(self)

    @cached_property
    def shared_strings(self) -> list[str]:
        rels = self._relationships(self.workbook_path, kind="/sharedStrings")
        part = next(iter(rels.values()), None)
        if part is None or part not in self.names_in_zip:
            return []
        strings = []
        for item in self._xml(part):
            if _local(item.tag) != "si":
                continue
            texts = []  # plain text, or rich-text runs; phonetic hints (rPh) are not the value
            for child in item:
                if _local(child.tag) == "t":
                    texts.append(child.text or "")
                elif _local(child.tag) == "r":
                    texts.extend(t.text or "" for t in child if _local(t.tag) == "t")
            strings.append(unescape_text("".join(texts)))
        return strings

    def sheet(self, name: str) -> SheetPart:
        """The sheet, its formula cells found on first use."""
        part = self.sheets[name]
        if not part.scanned:
            self._scan(part)
        return part

    def _scan(self, part: SheetPart) -> None:
        """Find every formula cell and where it starts, in one pass over the sheet XML.

        Only positions are kept (a formula's text is read again when a message needs it), so
        that a sheet of a million formulas costs tens of megabytes, not hundreds.
        """
        xml = self._sheet_xml(part.path)
        formula_cells = part.formula_cells
        quick = None
        if xml.find(b":sheetData") == -1:  # cells as most writers put them: <c r="B2" ...><f
            quick = {m.group(1).decode(): m.start() for m in _QUICK_FORMULA_CELL.finditer(xml)}
        if quick is not None and (
            len(quick) == xml.count(b"<f")  # every "<f" starts one of the cells found
            or len(quick) == xml.count(b"<f>") + xml.count(b"<f ")
        ):
            formula_cells.update(quick)
        else:  # attributes in another order, prefixes, or no r: the general way
            for start, attributes, _, _ in _formula_elements(xml):
                if found := _R.search(attributes):
                    formula_cells[found.group(1).decode()] = start
        if b"array" in xml:  # the other cells of an array formula's area hold its values
            for element in _ANY_FORMULA.finditer(xml):
                if b"array" in element.group(1) and (area := _AREA.search(element.group(1))):
                    cells = area_cells(area.group(1).decode())
                    for reference in cells:
                        formula_cells.setdefault(reference, -1)
                    # the cell's start tag, just before: a dynamic array's carries cell
                    # metadata (cm), and its area is where it spilled, not a legacy area
                    tag = xml[xml.rfind(b"<", 0, element.start()) : element.start()]
                    anchor = _R.search(tag)
                    if (
                        len(cells) > 1
                        and b"cm=" not in tag
                        and anchor is not None
                        and anchor.group(1).decode() == cells[0]
                    ):
                        part.array_areas[cells[0]] = area.group(1).decode()
        part.scanned = True

    def formula(self, sheet: str, reference: str) -> str | None:
        """The formula of a cell as saved, without ``=`` (a shared formula's first cell's text)."""
        written = self.formula_written(sheet, reference)
        return None if written is None else written[0]

    def formula_written(self, sheet: str, reference: str) -> tuple[str, str] | None:
        """The formula of a cell as saved, without ``=``, and the cell it was written for: the
        cell itself, or, for a cell sharing the formula of another (a formula filled down is
        saved once), that cell, from which its relative references count."""
        start = self.sheet(sheet).formula_cells.get(reference, -1)
        if start < 0:
            return None
        xml = self._sheet_xml(self.sheets[sheet].path)
        element = _ANY_FORMULA.search(xml, start)
        if element is None:
            return None
        text, origin = element.group(2), reference
        si = _SI.search(element.group(1)) if b"shared" in element.group(1) else None
        if not text and si is not None:
            text, origin = self._shared_formulas(sheet).get(si.group(1), (b"", reference))
        return _text(text or b""), origin

    def _shared_formulas(self, sheet: str) -> dict[bytes, tuple[bytes, str]]:
        """A sheet's shared formulas: group (``si``) -> its text and the cell it is written in,
        found in one pass on first need."""
        part = self.sheet(sheet)
        if part.shared is None:
            part.shared = {}
            xml = self._sheet_xml(part.path)
            for master in _ANY_FORMULA.finditer(xml):
                if master.group(2) and b"shared" in master.group(1):
                    group = _SI.search(master.group(1))
                    tag = _R.search(xml, xml.rfind(b"<", 0, master.start()), master.start())
                    if group is not None and tag is not None:
                        part.shared.setdefault(
                            group.group(1), (master.group(2), tag.group(1).decode())
                        )
        return part.shared

    def cached_value(self, sheet: str, reference: str) -> Any:
        """The value a cell had when the file was saved (None for a blank or missing cell)."""
        part = self.sheet(sheet)
        if reference not in part.values:
            pattern = re.compile(
                rb"<((?:\w+:)?)c\b[^>]*?\br=\""
                + reference.encode()
                + rb"\"[^>]*?(?:/>|>(.*?)</\1c>)",
                re.DOTALL,
            )
            match = pattern.search(self._sheet_xml(part.path))
            value = None
            if match is not None:
                kind = re.search(rb'\bt="([^"]*)"', match.group(0)[: match.group(0).index(b">")])
                value = self._decode(kind.group(1).decode() if kind else "n", match.group(2) or b"")
            part.values[reference] = value
        return part.values[reference]

    def _decode(self, kind: str, content: bytes) -> Any:
        if kind == "inlineStr":
            return unescape_text("".join(_text(t) for t in _INLINE_TEXT.findall(content)))
        value = _VALUE.search(content)
        if value is None:
            return None
        text = unescape_text(_text(value.group(1)))
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            return CellError(text) if text in CELL_ERRORS else CellError("#VALUE!", text)
        if kind in ("str", "d"):
            return text
        try:
            return float(text)
        except ValueError:
            return text

    def part_bytes(self, part: str) -> bytes:
        return self._read(part)

    def sheet_bytes(self, sheet: str) -> bytes:
        """A sheet's XML (the latest sheet read is kept: reading it again costs nothing)."""
        return self._sheet_xml(self.sheets[sheet].path)

    def formula_texts(self, sheet: str) -> Iterator[tuple[str, str]]:
        """(cell, formula without ``=``) for every formula cell that holds its own text (not the
        cells that share another's), in one pass over the sheet XML."""
        for _, attributes, _, raw in _formula_elements(self._read(self.sheets[sheet].path)):
            if raw and (found := _R.search(attributes)):
                yield found.group(1).decode(), _text(raw)

    def functions_used(self) -> set[str]:
        """Upper-case names of every function called in any formula (``_xlfn.`` removed)."""
        texts: set[bytes] = set()
        for name in self.sheet_order:
            texts.update(
                raw for *_, raw in _formula_elements(self._read(self.sheets[name].path)) if raw
            )
        found: set[str] = set()
        for raw in texts:
            found.update(functions_in(_text(raw)))
        return found

    @cached_property
    def add_ins(self) -> dict[int, AddIn]:
        """External link number -> the add-in it is: its file and the functions it lends (read
        once).

        Excel saves a call of an add-in's function (an .xlam's VBA function, such as roikit's
        classic add-in's ``ROMI``) as a call through an external link: ``[1]!ROMI(B2,B3,B4)``,
        link 1 naming the add-in's file and listing the function among its defined names,
        with no cells behind it (no ``refersTo``). A link to another workbook's cells lends
        no function and is left out."""
        found: dict[int, AddIn] = {}
        for number, part in enumerate(self._external, start=1):
            try:
                link = self._xml(part) if part in self.names_in_zip else None
            except NotAWorkbookError:  # a damaged link: no add-in, as Excel would lose it too
                link = None
            if link is None:
                continue
            names = {
                element.get("name", "").upper()
                for element in link.iter()
                if _local(element.tag) == "definedName" and element.get("refersTo") is None
            } - {""}
            if names:
                found[number] = AddIn(self._external_file(part), frozenset(names))
        return found

    def _external_file(self, part: str) -> str:
        """The file name an external link points at (its rels' external target), or ""."""
        folder = PurePosixPath(part).parent
        rels_path = (folder / "_rels" / (PurePosixPath(part).name + ".rels")).as_posix()
        try:
            rels = self._xml(rels_path) if rels_path in self.names_in_zip else None
        except NotAWorkbookError:
            rels = None
        for element in rels.iter() if rels is not None else ():
            if _local(element.tag) == "Relationship" and element.get("TargetMode") == "External":
                return PurePosixPath(element.get("Target", "").replace("\\", "/")).name
        return ""

    def number_format(self, sheet: str, reference: str) -> str:
        """The number format code of a cell (``0%``, ``dd.mm.yyyy``; ``General`` when it has
        none), as its style says (ECMA-376 Part 1, §18.8.30: ids below 164 are built in)."""
        style = self._style_of(sheet, reference)
        codes, styles = self._number_formats
        if not 0 <= style < len(styles):
            return "General"
        number = styles[style]
        return codes.get(number) or _BUILT_IN_FORMATS.get(number, "General")

    def _style_of(self, sheet: str, reference: str) -> int:
        """The cell's style index (its ``s``), 0 when it has none or is missing."""
        start = self.sheet(sheet).formula_cells.get(reference, -1)
        xml = self._sheet_xml(self.sheets[sheet].path)
        if start >= 0:
            tag = xml[start : xml.find(b">", start)]
        else:
            found = re.search(
                rb'<(?:\w+:)?c\b[^>]*?\br="' + re.escape(reference.encode()) + rb'"[^>]*>', xml
            )
            tag = found.group(0) if found is not None else b""
        style = re.search(rb'\bs="([0-9]+)"', tag)
        return int(style.group(1)) if style is not None else 0

    @cached_property
    def _number_formats(self) -> tuple[dict[int, str], list[int]]:
        """The workbook's own number formats (id -> code) and each cell style's format id."""
        rels = self._relationships(self.workbook_path, kind="/styles")
        part = next(iter(rels.values()), None)
        if part is None or part not in self.names_in_zip:
            return {}, []
        codes: dict[int, str] = {}
        styles: list[int] = []
        try:
            root = self._xml(part)
        except NotAWorkbookError:  # damaged styles: every cell General, as far as roikit shows
            return {}, []
        for element in root:
            if _local(element.tag) == "numFmts":
                for code in element:
                    with contextlib.suppress(ValueError):
                        codes[int(code.get("numFmtId", ""))] = code.get("formatCode", "")
            elif _local(element.tag) == "cellXfs":
                for style in element:
                    try:
                        styles.append(int(style.get("numFmtId", "0")))
                    except ValueError:
                        styles.append(0)
        return codes, styles

    def date_serial(self, value: dt.date) -> float:
        """A Python date (or datetime) as this workbook's date serial number."""
        epoch = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        return (value - epoch) / dt.timedelta(days=1)


#: the built-in number formats (ECMA-376 Part 1, §18.8.30) a cell may name by id alone; 27-36
#: and 50-58 are dates in East Asian languages, here as the ISO date they stand for
_BUILT_IN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
} | dict.fromkeys([*range(27, 37), *range(50, 59)], "yyyy-mm-dd")

_FUNCTION = re.compile(r"((?:_xlfn\.|_xludf\.|_xlws\.)?[A-Za-z_][A-Za-z0-9_.]*)\s*\(")
_STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')


def _ascii_and_beyond(ascii_characters: str) -> str:
    """A character class of ``ascii_characters`` and of every character past ASCII, written as
    the class of what it leaves out (``[^\\x00-\\x2d\\x2f...]``): a class spanning
    ``\\x80-\\uffff`` takes Python's ``re`` about 5 ms to compile, its complement 0.1 ms
    (every process importing roikit compiled four such classes, 12-20 ms)."""
    runs: list[list[int]] = []  # the codes left out, as runs of consecutive ones
    for code in range(128):
        if chr(code) in ascii_characters:
            continue
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    spans = (f"\\x{a:02x}" + (f"-\\x{b:02x}" if b > a else "") for a, b in runs)
    return "[^" + "".join(spans) + "]"


_WORD = string.ascii_letters + string.digits + "_"
_BEFORE = _ascii_and_beyond(_WORD + ".$!:'\\]@")  # what cannot stand just before a reference
_AFTER = _ascii_and_beyond(_WORD + ".(!:[")  # nor just after it
_IN_NAME = _ascii_and_beyond(_WORD + ".\\")  # a sheet's or a defined name's characters
_NAME_START = _ascii_and_beyond(string.ascii_letters + "_\\")
#: a reference in a formula whose text strings are blanked (:func:`blank_strings`): an optional
#: sheet (groups 1, 2: quoted, plain), then a cell or an area (``B2``, ``$B$2:C9``: groups 3-10,
#: each part's ``$`` and its letters or digits), whole columns (``F:F``: 11-14), whole rows
#: (``2:5``: 15-18), or a name (group ``name``; a function's name is followed by ``(``). A
#: character past ASCII counts as a letter (``Лист1!B2``, ``Цена``).
REFERENCE = re.compile(
    rf"(?<!{_BEFORE})"
    rf"(?:(?:'((?:[^']|'')+)'|({_IN_NAME}+))!)?"
    r"(?:(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?::(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7}))?"
    r"|(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})"
    r"|(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7})"
    rf"|(?P<name>{_NAME_START}{_IN_NAME}*))"
    rf"(?!{_AFTER})"
)


def blank_strings(formula: str, fill: str = " ") -> str:
    """A formula with each text string (``"a:b"``, quotes included) written over with ``fill``,
    so that nothing in it reads as a reference or a function; every position kept."""
    return _STRING_LITERAL.sub(lambda string: fill * len(string.group()), formula)


def _formula_elements(xml: bytes) -> Iterator[tuple[int, bytes, bytes, bytes | None]]:
    """(where the cell starts, its attributes, the ``<f>`` attributes, the formula's raw text)
    for every formula cell of a sheet's XML."""
    if xml.find(b":sheetData") != -1:  # written with a namespace prefix: the general pattern
        for match in _PREFIXED_FORMULA_CELL.finditer(xml):
            yield match.start(), match.group(2), match.group(3), match.group(4)
        return
    for match in _FORMULA_ELEMENT.finditer(xml):
        at = match.start()
        start = xml.rfind(b"<c", 0, at)
        tag_end = xml.find(b">", start) + 1
        if start == -1 or (tag_end != at and xml[tag_end:at].strip()):
            continue  # an <f> outside a cell: not a formula cell
        yield start, xml[start + 2 : tag_end - 1], match.group(1), match.group(2)


def functions_in(formula: str) -> set[str]:
    """Upper-case function names a formula calls, without ``_xlfn.``-style prefixes."""
    found = set()
    for name in _FUNCTION.findall(blank_strings(formula)):
        upper = name.upper()
        for prefix in ("_XLFN.", "_XLWS.", *SAVED_PREFIXES):
            upper = upper.removeprefix(prefix)
        found.add(upper)
    return found


def check_workbook_file(
    path: Path, *, keep_largest_sheet: bool = False
) -> tuple[str, bytes] | None:
    """Raise a clear error unless ``path`` is an existing .xlsx/.xlsm zip package.

    With ``keep_largest_sheet``, the largest worksheet part, inflated by the check, comes back
    with its name: the reader's first use of it then costs nothing (inflating a 100k-row sheet
    costs about as much as checking it)."""
    if not path.exists():
        raise FileNotFoundError(f"no such workbook: {path}")
    if path.is_dir():
        raise NotAWorkbookError(f"{path} is a folder, not a workbook")
    with path.open("rb") as stream:
        head = stream.read(1 << 16)
    if head.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in head or b"EncryptedPackage" in head:
            raise EncryptedWorkbookError(
                f"{path} is password-protected (encrypted); open it in Excel, remove the "
                "password (File > Info > Protect Workbook) and save it again"
            )
        raise NotAWorkbookError(
            f"{path} is a legacy .xls workbook; save it as .xlsx (Excel Workbook) first"
        )
    if not zipfile.is_zipfile(path):
        if path.name.startswith("~$") and len(head) < 1024:
            raise NotAWorkbookError(
                f"{path} is Excel's lock file for {path.name[2:]} (open in Excel), not a "
                f"workbook: give {path.name[2:]}"
            )
        raise NotAWorkbookError(
            f"{path} is not an .xlsx workbook (not a zip package; a CSV or text file?)"
        )
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "mimetype" in names and b"opendocument" in archive.open("mimetype").read(100):
            raise NotAWorkbookError(
                f"{path} is an OpenDocument spreadsheet (.ods); save it as .xlsx first"
            )
        if "[Content_Types].xml" not in names:
            raise NotAWorkbookError(f"{path} is a zip file but not an Excel workbook (.xlsx)")
        check_archive(archive, path, error=UnsafeWorkbookError)
        sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]
        largest = max(sheets, key=lambda info: info.file_size, default=None)
        keep = largest.filename if keep_largest_sheet and largest is not None else None
        kept = check_inflated_sizes(archive, path, error=UnsafeWorkbookError, keep=keep)
    return (keep, kept) if keep is not None and kept is not None else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def unescape_text(text: str) -> str:
    """A cell's text with its ``_xHHHH_`` escapes decoded (``_x0001_`` -> U+0001; ``_x005F_``
    escapes the underscore of a literal ``_x0001_``)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)


def _text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8"))
