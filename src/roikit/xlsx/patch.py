"""Saving a recalculated workbook: patch the changed cells, copy every other part unchanged.

openpyxl's load-and-save drops charts and images and cannot keep a formula beside its cached
value, so the engine edits the sheet XML itself: it goes to each formula cell where the reader's
scan found it (other cells are looked up in one pass) and rewrites the value (``<v>``, ``<is>``)
and type (``t``) of the cells whose value moved, keeping their formula, style and every other
byte of the sheet, in one output buffer. Formula cells are taken some thousands at a time: a
block of plain formula cells that all get numbers (a filled-down column) is rewritten in a few
passes of C code (one regular expression splits it, one join puts it back), any other block a
cell at a time; both write the same bytes. ``workbook.xml`` gets
``fullCalcOnLoad`` so that Excel recalculates on opening anyway. Every other member of the zip
(styles, charts, drawings, images, VBA projects, sheets without a change, ``calcChain.xml``) is
copied unchanged, as it was compressed (:mod:`roikit.xlsx.zipcopy`): ``calcChain.xml`` lists
formula cells, and saving never adds or removes a formula, so it stays valid.
"""

from __future__ import annotations

import contextlib
import copy
import math
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import escape

from roikit.cells import CellError
from roikit.xlsx.atomic import atomic_writer
from roikit.xlsx.package import Package, split_reference
from roikit.xlsx.zipcopy import copy_compressed

_TYPE_ATTRIBUTE = re.compile(rb'\s+t\s*=\s*"[^"]*"')
_OLD_VALUE = re.compile(
    rb"<(?:\w+:)?v\s*/>|<((?:\w+:)?)v\b[^>]*>.*?</\1v>|<((?:\w+:)?)is>.*?</\2is>", re.DOTALL
)
_FORMULA_END = re.compile(rb"<(?:\w+:)?f\b[^>]*?/>|</(?:\w+:)?f>", re.DOTALL)
_REFERENCE_ATTRIBUTE = re.compile(rb'\br\s*=\s*"([^"]*)"')
_TYPE_VALUE = re.compile(rb'\bt\s*=\s*"([^"]*)"')
_PLAIN_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>[^<]*</f>)")
#: a ``<c>`` start tag: prefix, attributes, and "/" when the cell is empty (``<c .../>``)
_CELL_START = re.compile(rb"<((?:\w+:)?)c\b([^>]*?)(/?)>")
_ROW = re.compile(rb"<((?:\w+:)?)row\b([^>]*?)(?:/>|>(.*?)</\1row>)", re.DOTALL)
_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(/>|>)")
_CALC_PR = re.compile(rb"<((?:\w+:)?)calcPr\b([^>]*?)(/?)>")
_AFTER_CALC_PR = re.compile(
    rb"<(?:\w+:)?(?:oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|"
    rb"webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b|</(?:\w+:)?workbook>"
)


def _found(match: re.Match[bytes] | None) -> re.Match[bytes]:
    """A match the sheet's XML must have (a cell's tag, its r attribute): a sheet without it is
    damaged."""
    if match is None:
        raise ValueError("the sheet's XML is damaged: a cell or row without its reference")
    return match


def number_text(value: float) -> str:
    """A number as a cell's ``<v>``: the shortest text that reads back as the same float."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


#: characters XML 1.0 cannot hold, and a literal ``_xHHHH_`` (ECMA-376 Part 1, 22.9.2.19)
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def escape_text(text: str) -> bytes:
    """A cell's text as XML character data, escaped as Excel writes it."""
    text = _UNWRITABLE.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    return escape(text).encode()


def value_xml(value: Any, *, formula: bool, prefix: bytes = b"") -> tuple[bytes | None, bytes]:
    """The ``t`` attribute and the value element(s) of a cell holding ``value``."""
    v_open, v_close = b"<" + prefix + b"v>", b"</" + prefix + b"v>"
    if type(value) is float and math.isfinite(value):
        return None, v_open + number_text(value).encode() + v_close
    if isinstance(value, CellError):
        return b"e", v_open + value.code.encode() + v_close
    if isinstance(value, bool):
        return b"b", v_open + (b"1" if value else b"0") + v_close
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return b"e", v_open + b"#NUM!" + v_close
        return None, v_open + number_text(value).encode() + v_close
    if value is None:
        return (b"str", v_open + v_close) if formula else (None, b"")
    text = escape_text(str(value))
    if formula:
        if text[:1].isspace() or text[-1:].isspace():
            v_open = b"<" + prefix + b'v xml:space="preserve">'
        return b"str", v_open + text + v_close
    t = prefix + b"t"
    return b"inlineStr", (
        b"<" + prefix + b"is><" + t + b' xml:space="preserve">' + text + b"</" + t + b"></"
    ) + prefix + b"is>"


def _cell_xml(
    prefix: bytes, attributes: bytes, content: bytes, value: Any, reference: str
) -> bytes:
    formula = _FORMULA_END.search(content)
    kind, value_bytes = value_xml(value, formula=formula is not None, prefix=prefix)
    attributes = _TYPE_ATTRIBUTE.sub(b"", attributes).rstrip()
    if not _REFERENCE_ATTRIBUTE.search(attributes):
        attributes = b' r="' + reference.encode() + b'"' + attributes
    if kind is not None:
        attributes += b' t="' + kind + b'"'
    content = _OLD_VALUE.sub(b"", content)
    at = 0
    formula = _FORMULA_END.search(content)
    if formula is not None:
        at = formula.end()
    content = content[:at] + value_bytes + content[at:]
    if not content:
        return b"<" + prefix + b"c" + attributes + b"/>"
    return b"<" + prefix + b"c" + attributes + b">" + content + b"</" + prefix + b"c>"


#: a formula cell as Excel and openpyxl write it, matched whole in one step: its attributes,
#: its ``<f>`` element, and its value's text when the value is a plain ``<v>`` (or empty, or missing)
_QUICK_FORMULA_CELL = re.compile(
    rb"<c\b([^>]*+)(?<!/)>(<f\b[^>]*?(?:/>|>[^<]*</f>))(?:<v>([^<]*)</v>|<v ?/>)?</c>"
)
#: how much patched XML is gathered before it is handed on (to the zip stream): large enough
#: that the background writer (:func:`_in_background`) waits for Python's lock seldom
_CHUNK = 4 << 20
#: a sheet larger than this may grow past 2 GB when patched: written as zip64 from the start
_ZIP64_SOON = 1 << 30
#: fewer cells than this outside the scan (inputs) are each looked for directly
_FEW = 16
#: formula cells patched a block at a time (_patch_numbers), a block's XML at most this long
_BLOCK = 8192
_MOST_AT_ONCE = 8 << 20
#: whether blocks of number results are patched at once (False: a cell at a time, the same
#: bytes: tests/engine/test_save.py)
BULK = True
#: any ``t`` attribute among the start tags of a block (or something like one: the long way)
_ANY_TYPE = re.compile(rb"t\s*=")
#: a formula cell as :data:`_QUICK_FORMULA_CELL`, split into its start tag, its reference, its
#: formula and its cached value's text (dropped: ``<v/>``)
_NUMBER_CELL = re.compile(
    rb'(<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*+(?<!/)>)(<f\b[^>]*?(?:/>|>[^<]*</f>))'
    rb"(?:<v>([^<]*)</v>|<v ?/>)?</c>"
)


def patch_sheet(xml: bytes, changes: dict[str, Any], starts: dict[str, int] | None = None) -> bytes:
    """The sheet XML with each cell in ``changes`` (reference -> value) holding its new value.

    ``starts`` (formula cell -> where its ``<c>`` starts, from the reader's scan; -1 when
    unknown) saves looking for formula cells; other cells are found in one pass. A cell that
    already holds its value, written the same way, is left byte for byte; a cell missing from
    the XML (never typed into) is added to its row, and the row to the sheet, in order.
    """
    out = bytearray()
    write_patched(xml, changes, starts, out.extend)
    return bytes(out)


def write_patched(
    xml: bytes,
    changes: dict[str, Any],
    starts: dict[str, int] | None,
    write: Callable[[bytes | bytearray | memoryview], object],
) -> None:
    """:func:`patch_sheet`, handed to ``write`` in pieces of about a megabyte as one pass over
    the sheet goes (nothing the size of the sheet is built), unless cells missing from the
    XML must be added."""
    starts = starts or {}
    if starts.keys() <= changes.keys() and min(starts.values(), default=0) >= 0:
        located = dict(starts)  # every formula cell (the usual save)
    elif len(changes) > len(starts) // 2:  # most formula cells: found in document order
        located = {ref: start for ref, start in starts.items() if start >= 0 and ref in changes}
    else:
        located = {ref: starts[ref] for ref in changes if starts.get(ref, -1) >= 0}
    if len(located) < len(changes):
        unplaced = {ref for ref in changes if ref not in located}
        located |= _find_cells(xml, unplaced)
    if len(located) < len(changes):  # cells never typed into: added after the patch
        missing = {ref: value for ref, value in changes.items() if ref not in located}
        patched = bytearray()
        _patch(xml, changes, located, patched.extend)
        write(_add_cells(bytes(patched), missing))
        return
    _patch(xml, changes, located, write)


def _patch(
    xml: bytes,
    changes: dict[str, Any],
    located: dict[str, int],
    write: Callable[[bytes | bytearray | memoryview], object],
) -> None:
    references, starts = list(located), list(located.values())
    if starts != sorted(starts):
        order = sorted(range(len(starts)), key=starts.__getitem__)
        references = [references[at] for at in order]
        starts = [starts[at] for at in order]
    plain = xml.find(b":sheetData") == -1  # no namespace prefix: the quick paths
    view = memoryview(xml)
    out = bytearray()
    at = 0
    for first in range(0, len(references), _BLOCK):
        block = slice(first, first + _BLOCK)
        if first + _BLOCK < len(references):
            end = starts[first + _BLOCK]
        else:  # the last cell's </c> (should it be another's, the check below sees it)
            end = xml.find(b"</c>", starts[-1]) + 4
        patched = (
            _patch_numbers(xml, starts[first], end, references[block], changes)
            if plain and BULK
            else None
        )
        if patched is None:
            at = _patch_cells(
                xml, view, (references[block], starts[block]), changes, at, plain, out, write
            )
        else:
            out += view[at : starts[first]]
            out += patched
            at = end
        if len(out) >= _CHUNK:
            write(out)
            out = bytearray()
    out += view[at:]
    write(out)


def _patch_numbers(
    xml: bytes, start: int, end: int, references: list[str], changes: dict[str, Any]
) -> bytes | None:
    """``xml[start:end]`` with its formula cells, ``references`` in order, holding their new
    values, in a few passes of C code over the lot (a cell at a time costs 2-3 µs in Python);
    None unless every one is a plain formula cell as Excel writes it (no ``t`` attribute, a
    plain ``<v>`` or none) getting a finite number: the cases :func:`_patch_cells` handles at
    length give way to it, and the two write the same bytes."""
    if end - start > _MOST_AT_ONCE or len(references) < 2:
        return None
    values = list(map(changes.__getitem__, references))
    if set(map(type, values)) != {float} or not math.isfinite(sum(values)):
        return None  # (a sum too large for a float only sends the block to the long way)
    pieces = _NUMBER_CELL.split(xml[start:end])
    # [before, <c ..>, reference, <f..>..</f>, old value text or None] per cell, then the rest
    if len(pieces) != 5 * len(references) + 1:
        return None
    if b",".join(pieces[2::5]) != ",".join(references).encode():
        return None  # another formula cell among them, or one of them written otherwise
    if _ANY_TYPE.search(b"".join(pieces[1::5])):
        return None  # a cell that said text, a logical or an error: its t changes
    olds = pieces[4::5]
    if _held(olds) == values:  # every cell holds its number already (a workbook Excel saved)
        return xml[start:end]
    texts = [
        b"%d" % value if value.is_integer() and abs(value) < 1e15 else b"%r" % value
        for value in values
    ]
    for at in [at for at, old in enumerate(olds) if old and old != texts[at]]:
        if math.isclose(_float(olds[at]), values[at], rel_tol=1e-14):
            texts[at] = olds[at]  # Excel's 15 digits for the same number: kept
    pieces[2::5] = [b""] * len(references)
    pieces[4::5] = [b"<v>%s</v></c>" % text for text in texts]
    return b"".join(pieces)


def _patch_cells(
    xml: bytes,
    view: memoryview,
    cells: tuple[list[str], list[int]],
    changes: dict[str, Any],
    at: int,
    plain: bool,
    out: bytearray,
    write: Callable[[bytes | bytearray | memoryview], object],
) -> int:
    """The cells (references, and where each starts) patched one by one into ``out`` from
    ``at`` on (where the previous cell ended), handed to ``write`` a megabyte at a time;
    where the last one ends."""
    quick = _QUICK_FORMULA_CELL.match if plain else None
    isfinite = math.isfinite
    for reference, start in zip(*cells, strict=True):
        if len(out) >= _CHUNK:
            write(bytes(out))
            del out[:]
        value = changes[reference]
        cell = quick(xml, start) if quick is not None else None
        if cell is not None:  # as Excel writes it: <c ...><f>..</f><v>..</v></c>
            attributes = cell.group(1)
            old_kind = _TYPE_VALUE.search(attributes) if b"t" in attributes else None
            if type(value) is float and isfinite(value):  # the common case, inline
                text = b"%d" % value if value.is_integer() and abs(value) < 1e15 else b"%r" % value
                if old_kind is None:
                    old = cell.group(3)
                    if old and (old == text or math.isclose(_float(old), value, rel_tol=1e-14)):
                        continue
                    # the cell's start and formula stay: one slice
                    formula_end = cell.end(2)
                    out += view[at:formula_end]
                    out += b"<v>%s</v></c>" % text
                    at = cell.end()
                    continue
                if old_kind.group(1) == b"n":
                    old = cell.group(3)
                    if old and (old == text or math.isclose(_float(old), value, rel_tol=1e-14)):
                        continue
                kind, value_bytes = None, b"<v>" + text + b"</v>"
            else:
                kind, value_bytes = value_xml(value, formula=True)
                old_value = xml[cell.end(2) : cell.end() - 4]
                if _same_kind(old_kind, kind) and _same_value(old_value, value_bytes, value):
                    continue
            if old_kind is not None:
                attributes = _TYPE_ATTRIBUTE.sub(b"", attributes)
            if kind is not None:
                attributes += b' t="' + kind + b'"'
            out += view[at:start]
            out += b"<c" + attributes + b">" + cell.group(2) + value_bytes + b"</c>"
            at = cell.end()
        else:
            end, replacement = _patch_cell(xml, start, reference, value, plain=plain)
            if replacement is None:
                continue
            out += view[at:start]
            out += replacement
            at = end
    return at


def _held(olds: list[bytes | None]) -> list[float] | None:
    """The numbers a block's cells hold (their ``<v>`` texts), or None unless every one holds
    a number. A cell holding exactly its new number keeps its text as it is (so does one within
    1e-14 of it: :func:`_patch_numbers`), so a block whose cells all hold theirs is unchanged."""
    if None in olds:
        return None
    try:
        return list(map(float, cast(list[bytes], olds)))
    except ValueError:  # an empty <v></v>, or not a number
        return None


def _float(text: bytes) -> float:
    """A cached number's text as a float (NaN for anything else, which equals nothing)."""
    try:
        return float(text)
    except ValueError:
        return math.nan


def _patch_cell(
    xml: bytes, start: int, reference: str, value: Any, *, plain: bool
) -> tuple[int, bytes | None]:
    """Where the cell at ``start`` ends and what replaces it (None: it holds ``value``)."""
    tag_end = xml.find(b">", start) + 1
    formula = _PLAIN_FORMULA.match(xml, tag_end) if plain and xml[tag_end - 2] != 47 else None
    if formula is not None:
        f_end = formula.end()
        close = xml.index(b"</c>", f_end)
        old_value = xml[f_end:close]
        if old_value.count(b"<") <= 2:  # nothing but <v>..</v> after the formula
            kind, value_bytes = value_xml(value, formula=True)
            attributes = xml[start + 2 : tag_end - 1]
            old_kind = _TYPE_VALUE.search(attributes) if b"t" in attributes else None
            if _same_kind(old_kind, kind) and _same_value(old_value, value_bytes, value):
                return close + 4, None
            if old_kind is not None:
                attributes = _TYPE_ATTRIBUTE.sub(b"", attributes)
            if kind is not None:
                attributes += b' t="' + kind + b'"'
            return close + 4, b"<c" + attributes + b">" + xml[tag_end:f_end] + value_bytes + b"</c>"
    tag = _found(_CELL_START.match(xml, start))
    prefix, attributes = tag.group(1), tag.group(2)
    if tag.group(3):  # <c .../>
        content, end = b"", tag.end()
    else:
        close = xml.index(b"</" + prefix + b"c>", tag.end())
        content, end = xml[tag.end() : close], close + len(prefix) + 4
    if _holds(attributes, content, value, prefix):
        return end, None
    return end, _cell_xml(prefix, attributes, content, value, reference)


def _same_kind(old: re.Match[bytes] | None, new: bytes | None) -> bool:
    """Whether a cell's ``t`` attribute (a match, or None) already says ``new``."""
    old_kind = old.group(1) if old is not None else None
    return old_kind == new or (old_kind == b"n" and new is None)


def _find_cells(xml: bytes, wanted: set[str]) -> dict[str, int]:
    """Where each wanted cell's ``<c>`` starts: a few (inputs) each looked for directly, the
    rest in one pass over every cell."""
    found = {}
    if len(wanted) < _FEW:
        for reference in wanted:
            tag = re.search(
                rb'<(?:\w+:)?c\b[^>]*?\br\s*=\s*"' + re.escape(reference.encode()) + b'"',
                xml,
            )
            if tag is not None and _first_reference(xml, tag.start()) == reference:
                found[reference] = tag.start()
        wanted = wanted - found.keys()
    if not wanted:
        return found
    more = {}
    for tag in _CELL_START.finditer(xml):
        attribute = _REFERENCE_ATTRIBUTE.search(tag.group(2))
        if attribute is not None and attribute.group(1).decode() in wanted:
            more[attribute.group(1).decode()] = tag.start()
            if len(more) == len(wanted):
                break
    return found | more


def _first_reference(xml: bytes, start: int) -> str | None:
    tag = _CELL_START.match(xml, start)
    reference = _REFERENCE_ATTRIBUTE.search(tag.group(2)) if tag is not None else None
    return reference.group(1).decode() if reference is not None else None


def _holds(attributes: bytes, content: bytes, value: Any, prefix: bytes) -> bool:
    """Whether the cell already has this value, written the same way."""
    formula = _FORMULA_END.search(content) is not None
    kind, value_bytes = value_xml(value, formula=formula, prefix=prefix)
    if not _same_kind(_TYPE_VALUE.search(attributes), kind):
        return False
    old_value = _OLD_VALUE.search(content)
    return _same_value(old_value.group(0) if old_value else b"", value_bytes, value)


def _same_value(old: bytes, new: bytes, value: Any) -> bool:
    """Whether a cell's old value element already says ``new`` -- for a number, to the 15
    significant digits that Excel and LibreOffice write (their 0.177777777777778 is our
    0.17777777777777778), so that a file they saved keeps its bytes where nothing moved."""
    if old == new:
        return True
    if type(value) is not float or not old.endswith(b"</v>"):
        return False
    try:
        cached = float(old[old.index(b">") + 1 : -4])
    except ValueError:
        return False
    return math.isclose(cached, value, rel_tol=1e-14)


def _add_cells(xml: bytes, cells: dict[str, Any]) -> bytes:
    by_row: dict[int, list[tuple[int, str]]] = {}
    for reference in cells:
        row, column = split_reference(reference)
        by_row.setdefault(row, []).append((column, reference))
    data = _SHEET_DATA.search(xml)
    if data is None:
        raise ValueError("the sheet has no <sheetData>")
    prefix = data.group(1)

    def new_cell(reference: str) -> bytes:
        return _cell_xml(
            prefix, b' r="' + reference.encode() + b'"', b"", cells[reference], reference
        )

    def fill_row(match: re.Match[bytes]) -> bytes:
        number = int(_found(_REFERENCE_ATTRIBUTE.search(match.group(2))).group(1))
        wanted = sorted(by_row.pop(number, []))
        if not wanted:
            return match.group(0)
        content = match.group(3) or b""
        pieces: list[bytes] = []
        at = 0
        for cell in _CELL_START.finditer(content):
            reference = _found(_REFERENCE_ATTRIBUTE.search(cell.group(2))).group(1).decode()
            column = split_reference(reference)[1]
            while wanted and wanted[0][0] < column:
                pieces.append(content[at : cell.start()] + new_cell(wanted.pop(0)[1]))
                at = cell.start()
        pieces.append(content[at:] + b"".join(new_cell(ref) for _, ref in wanted))
        row_open = b"<" + prefix + b"row" + match.group(2) + b">"
        return row_open + b"".join(pieces) + b"</" + prefix + b"row>"

    xml = _ROW.sub(fill_row, xml)
    if not by_row:
        return xml
    new_rows = {
        number: b"<"
        + prefix
        + b'row r="'
        + str(number).encode()
        + b'">'
        + b"".join(new_cell(ref) for _, ref in sorted(columns))
        + b"</"
        + prefix
        + b"row>"
        for number, columns in by_row.items()
    }
    data = _found(_SHEET_DATA.search(xml))
    if data.group(2) == b"/>":
        body = b"".join(new_rows[n] for n in sorted(new_rows))
        opening = data.group(0)[:-2] + b">"
        return (
            xml[: data.start()]
            + opening
            + body
            + b"</"
            + prefix
            + b"sheetData>"
            + xml[data.end() :]
        )
    out: list[bytes] = []
    at = data.end()
    pending = sorted(new_rows)
    for element in _ROW.finditer(xml, data.end()):
        number = int(_found(_REFERENCE_ATTRIBUTE.search(element.group(2))).group(1))
        while pending and pending[0] < number:
            out.append(xml[at : element.start()] + new_rows[pending.pop(0)])
            at = element.start()
    end = xml.index(b"</" + prefix + b"sheetData>", at)
    out.append(xml[at:end] + b"".join(new_rows[n] for n in pending))
    return xml[: data.end()] + b"".join(out) + xml[end:]


#: a sheet larger than this is compressed on a second thread while the next piece is patched
_BACKGROUND_FROM = 2 * _CHUNK


@contextlib.contextmanager
def _in_background(
    write: Callable[[bytes | bytearray | memoryview], object], wanted: bool
) -> Iterator[Callable[[bytes | bytearray | memoryview], object]]:
    """``write`` done on a second thread, a few pieces behind the caller, when ``wanted``.

    Compressing a piece and its checksum (zlib) and writing it to disk run in C without
    Python's lock, so they overlap with the patching of the next piece in Python: a 100k-row
    sheet's save, median of 7 in one process, went from 0.78 s to 0.59 s on two cores (with
    pieces of 1 MB, 0.76 s: each piece's handing back of the lock waits on the patching). A
    piece must not change once handed over (:func:`write_patched` never reuses one). An error
    of the writer (a full disk) is raised here, once the patching stops.
    """
    if not wanted:
        yield write
        return
    pieces: queue.Queue[bytes | bytearray | memoryview | None] = queue.Queue(maxsize=4)
    failure: list[BaseException] = []

    def drain() -> None:
        while (piece := pieces.get()) is not None:
            if not failure:  # after a failure, only empty the queue so that the caller goes on
                try:
                    write(piece)
                except BaseException as error:  # raised on the caller's thread
                    failure.append(error)

    writer = threading.Thread(target=drain, name="roikit-save", daemon=True)
    writer.start()
    try:
        yield pieces.put
    finally:
        pieces.put(None)
        writer.join()
    if failure:
        raise failure[0]


def full_calc_on_load(workbook_xml: bytes) -> bytes:
    """``workbook.xml`` asking Excel to recalculate every formula when it opens the file."""
    found = _CALC_PR.search(workbook_xml)
    if found is not None:
        attributes = re.sub(rb'\s+fullCalcOnLoad\s*=\s*"[^"]*"', b"", found.group(2)).rstrip()
        replacement = (
            b"<"
            + found.group(1)
            + b"calcPr"
            + attributes
            + b' fullCalcOnLoad="1"'
            + found.group(3)
            + b">"
        )
        return workbook_xml[: found.start()] + replacement + workbook_xml[found.end() :]
    root = re.search(rb"<((?:\w+:)?)workbook\b", workbook_xml)
    prefix = root.group(1) if root else b""
    at = _AFTER_CALC_PR.search(workbook_xml)
    position = at.start() if at else len(workbook_xml)
    element = b"<" + prefix + b'calcPr fullCalcOnLoad="1"/>'
    return workbook_xml[:position] + element + workbook_xml[position:]


def save(package: Package, changes: dict[str, dict[str, Any]], target: str | Path) -> None:
    """Write ``package`` to ``target`` with ``changes`` (sheet -> reference -> value) applied.

    Changed sheets are patched, ``workbook.xml`` gets ``fullCalcOnLoad``, and every other
    member is copied unchanged, in the same order, as it was compressed
    (:func:`~roikit.xlsx.zipcopy.copy_compressed`; inflated and compressed the same way
    again where it cannot be). The file is written to a temporary file and renamed into place.
    """
    patched_parts = {
        package.sheets[sheet].path: (sheet, cells, package.sheet(sheet).formula_cells)
        for sheet, cells in changes.items()
        if cells
    }
    with atomic_writer(target, "wb") as stream, zipfile.ZipFile(stream, "w") as out:
        for source in package.zip.infolist():
            # a copy: writing sets an entry's offset and sizes, and the package reads by them
            info = copy.copy(source)
            if info.filename in patched_parts:
                sheet, cells, starts = patched_parts[info.filename]
                data = package.sheet_bytes(sheet)  # the copy the reader keeps, if it is this one
                # patched as it streams into the zip, compressed fast: the sheet is never held
                # twice (a 1M-row sheet is half a gigabyte)
                cast(Any, info)._compresslevel = 1  # as writestr(..., compresslevel=1) sets it
                info.file_size = len(data)  # what writestr decides zip64 on
                with (
                    out.open(info, "w", force_zip64=len(data) > _ZIP64_SOON) as member,
                    _in_background(member.write, len(data) > _BACKGROUND_FROM) as write,
                ):
                    write_patched(data, cells, starts, write)
                continue
            if info.filename == package.workbook_path:
                data = full_calc_on_load(package.part_bytes(info.filename))
            elif copy_compressed(package.path, source, out):
                continue  # as it was compressed: nothing inflated or deflated again
            else:
                data = package.part_bytes(info.filename)
            out.writestr(info, data, compress_type=info.compress_type)
