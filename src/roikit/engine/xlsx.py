"""Reading an .xlsx package: its sheets, defined names, cells and formulas, without openpyxl.

The engine reads the parts itself so that saving can patch only the cells it changed and copy
every other part of the file byte for byte (see :mod:`roikit.engine.patch`). Small parts
(workbook, relationships) are parsed with defusedxml; sheets, which can hold millions of cells,
are scanned once with a regular expression over their ``<c>`` elements.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import string
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from defusedxml import ElementTree

from roikit.cells import CellError
from roikit.engine.errors import EncryptedWorkbookError, NotAWorkbookError, UnsafeWorkbookError
from roikit.errors import EXCEL_ERRORS
from roikit.limits import check_archive, check_inflated_sizes, read_member

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OFFICE_DOCUMENT = "/officeDocument"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#: a ``<c>`` start tag directly followed by its ``<f>`` element, in any namespace prefix
_PREFIXED_FORMULA_CELL = re.compile(
    rb"<((?:\w+:)?)c\b([^>]*)(?<!/)>\s*<(?:\w+:)?f\b([^>]*?)(?:/>|>([^<]*)</(?:\w+:)?f>)"
)
#: an ``<f>`` element as Excel writes it (no prefix): a literal start, found fast
_FORMULA_ELEMENT = re.compile(rb"<f\b([^>]*?)(?:/>|>([^<]*)</f>)")
_R = re.compile(rb'\br="([^"]+)"')
_SI = re.compile(rb'\bsi="([^"]+)"')
_AREA = re.compile(rb'\bref="([^"]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
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

    @property
    def cells(self) -> list[str]:
        return area_cells(self.area)

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
    #: formula cell -> its formula (a shared formula's cells show the first cell's text)
    formulas: dict[str, str] = field(default_factory=dict)
    #: formula cell -> where, in the sheet XML, its ``<c>`` starts, its start tag ends and its
    #: ``<f>`` element ends (for the patcher; the last two are None for a prefixed ``<x:c>``)
    offsets: dict[str, tuple[int, int | None, int | None]] = field(default_factory=dict)
    #: every cell whose value comes from a formula, array formula areas included
    formula_cells: list[str] = field(default_factory=list)
    #: cached values read so far (see Package.cached_value)
    values: dict[str, Any] = field(default_factory=dict)
    scanned: bool = False


class Package:
    """An .xlsx (or .xlsm) file opened for reading: sheets, defined names, date system."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        check_workbook_file(self.path)
        self.zip = zipfile.ZipFile(self.path)
        self.names_in_zip = set(self.zip.namelist())
        self.workbook_path = self._office_document()
        workbook = self._xml(self.workbook_path)
        rels = self._relationships(self.workbook_path)
        self.sheets: dict[str, SheetPart] = {}
        self.sheet_order: list[str] = []
        self.date1904 = False
        self.names: dict[str, Target] = {}
        self.skipped_names: dict[str, str] = {}
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
        for name, local_sheet, text in defined:
            if name.startswith("_xlnm.") or local_sheet is not None:
                continue
            target = parse_target(text, self.sheet_order)
            if target is None:
                self.skipped_names[name] = text
            else:
                self.names[name] = target

    def close(self) -> None:
        self.zip.close()

    def _read(self, part: str) -> bytes:
        """A part's bytes; a missing or damaged part is a clear NotAWorkbookError."""
        try:
            return read_member(self.zip, part)
        except KeyError:
            raise NotAWorkbookError(f"{self.path}: the workbook has no part {part}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:
            raise NotAWorkbookError(
                f"{self.path}: its part {part} is damaged ({err}); the file was cut short or "
                "corrupted on its way, get it again"
            ) from None

    def _xml(self, part: str):
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
            strings.append("".join(texts))
        return strings

    def sheet(self, name: str) -> SheetPart:
        """The sheet, its formula cells found on first use."""
        part = self.sheets[name]
        if not part.scanned:
            self._scan(part)
        return part

    def _scan(self, part: SheetPart) -> None:
        """Find every formula cell, its formula, and where it sits in the sheet XML."""
        shared: dict[bytes, str] = {}
        array_cells: list[str] = []
        formulas, offsets, formula_cells = part.formulas, part.offsets, part.formula_cells
        for start, tag_end, f_end, attributes, f_attributes, raw in _formula_elements(
            self._read(part.path)
        ):
            found = _R.search(attributes)
            if found is None:
                continue  # cells without r are legal but never written by Excel; skipped
            reference = found.group(1).decode()
            text = raw.decode() if raw else ""
            if "&" in text:
                text = html.unescape(text)
            if f_attributes:
                if b"shared" in f_attributes and (si := _SI.search(f_attributes)):
                    if text:
                        shared[si.group(1)] = text
                    text = shared.get(si.group(1), text)
                elif b"array" in f_attributes and (area := _AREA.search(f_attributes)):
                    array_cells += [c for c in area_cells(area.group(1).decode()) if c != reference]
            formulas[reference] = text
            offsets[reference] = (start, tag_end, f_end)
            formula_cells.append(reference)
        for reference in array_cells:
            if reference not in formulas:
                formulas[reference] = ""
                formula_cells.append(reference)
        part.scanned = True

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
            match = pattern.search(self._read(part.path))
            value = None
            if match is not None:
                kind = re.search(rb'\bt="([^"]*)"', match.group(0)[: match.group(0).index(b">")])
                value = self._decode(kind.group(1).decode() if kind else "n", match.group(2) or b"")
            part.values[reference] = value
        return part.values[reference]

    def _decode(self, kind: str, content: bytes) -> Any:
        if kind == "inlineStr":
            return "".join(_text(t) for t in _INLINE_TEXT.findall(content))
        value = _VALUE.search(content)
        if value is None:
            return None
        text = _text(value.group(1))
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            return CellError(text) if text in EXCEL_ERRORS else CellError("#VALUE!", text)
        if kind in ("str", "d"):
            return text
        try:
            return float(text)
        except ValueError:
            return text

    def part_bytes(self, part: str) -> bytes:
        return self._read(part)

    def functions_used(self) -> set[str]:
        """Upper-case names of every function called in any formula (``_xlfn.`` removed)."""
        found: set[str] = set()
        for name in self.sheet_order:
            for formula in set(self.sheet(name).formulas.values()):
                found.update(functions_in(formula))
        return found

    def date_serial(self, value: dt.date) -> float:
        """A Python date (or datetime) as this workbook's date serial number."""
        epoch = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        return (value - epoch) / dt.timedelta(days=1)


_FUNCTION = re.compile(r"((?:_xlfn\.|_xludf\.|_xlws\.)?[A-Za-z_][A-Za-z0-9_.]*)\s*\(")
_STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')


def _formula_elements(xml: bytes):
    """(cell start, start-tag end, ``<f>`` end, cell attributes, ``<f>`` attributes, formula)
    for every formula cell; the two ends are None in a sheet written with a namespace prefix."""
    if xml.find(b":sheetData") != -1:
        for match in _PREFIXED_FORMULA_CELL.finditer(xml):
            yield match.start(), None, None, match.group(2), match.group(3), match.group(4)
        return
    for match in _FORMULA_ELEMENT.finditer(xml):
        start = xml.rfind(b"<c", 0, match.start())
        tag_end = xml.find(b">", start) + 1
        if start == -1 or xml[tag_end : match.start()].strip():
            continue  # an <f> outside a cell: not a formula cell
        attributes = xml[start + 2 : tag_end - 1]
        yield start, tag_end, match.end(), attributes, match.group(1), match.group(2)


def functions_in(formula: str) -> set[str]:
    """Upper-case function names a formula calls, without ``_xlfn.``-style prefixes."""
    found = set()
    for name in _FUNCTION.findall(_STRING_LITERAL.sub('""', formula)):
        upper = name.upper()
        for prefix in ("_XLFN.", "_XLUDF.", "_XLWS."):
            upper = upper.removeprefix(prefix)
        found.add(upper)
    return found


def check_workbook_file(path: Path) -> None:
    """Raise a clear error unless ``path`` is an existing .xlsx/.xlsm zip package."""
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
        raise NotAWorkbookError(
            f"{path} is not an .xlsx workbook (not a zip package; a CSV or text file?)"
        )
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
            raise NotAWorkbookError(
                f"{path} is an OpenDocument spreadsheet (.ods); save it as .xlsx first"
            )
        if "[Content_Types].xml" not in names:
            raise NotAWorkbookError(f"{path} is a zip file but not an Excel workbook (.xlsx)")
        check_archive(archive, path, error=UnsafeWorkbookError)
        check_inflated_sizes(archive, path, error=UnsafeWorkbookError)


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


def _text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8"))
