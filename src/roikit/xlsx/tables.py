"""Excel tables (Insert > Table) and the structured references their formulas use.

A marketer's campaign list is often an Excel table, its formulas written with the table's
column names: ``=ROMI([@Revenue],[@Margin],[@Costs])`` typed in a cell is saved as
``ROMI(Campaigns[[#This Row],[Revenue]],Campaigns[[#This Row],[Margin]],...)``, a total as
``SUM(Campaigns[ROMI])``. formualizer (0.13) does not read the file's tables at all, and has
no this-row reference even for a table it is given, so those cells were ``#NAME?``.

:func:`plain_references` writes each structured reference as the cells it stands for, by
Excel's rules, for the engines' loadable copy (``roikit.engine.loadable``):

* ``Campaigns[Revenue]``, ``Campaigns[[#Data],[Revenue]]``: the column's data rows,
  ``$B$2:$B$101``; ``Campaigns[]``, ``Campaigns[#Data]``: every column's;
* ``Campaigns[[#This Row],[Revenue]]`` (``Campaigns[@Revenue]``): the column's cell in the
  formula's own row, ``$B7``, the row relative so that a shared formula (filled down) moves it
  row by row as Excel does;
* ``[#All]``, ``[#Headers]``, ``[#Totals]`` and their combinations (``[[#Headers],[#Data]]``),
  and a span of columns, ``Campaigns[[Revenue]:[Costs]]``;
* on another sheet than the formula's: ``'Campaign list'!$B$2:$B$101``.

Rows the table does not have are Excel's errors: ``[#Totals]`` of a table without a totals
row is ``#REF!``, this row outside the table's data rows ``#VALUE!``. A reference that names no
table or a column the table does not have stays as it is: the engine says it cannot
calculate it, as before. The saved workbook
keeps its structured references: saving patches values only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from roikit.xlsx.package import Package, column_letters, column_number, split_reference

#: a formula cell as Excel writes it (``r`` first, no prefix): its column, row and formula
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*+>(<f\b[^>]*>)([^<]*)(</f>)')
#: what may stand before a table's name in a formula (not a letter of a longer name, not a
#: sheet's or another workbook's ``!``, not a quote)
_BEFORE_NAME = set("=+-*/^&<>(,;: {%")
_SPECIALS = {"#all", "#data", "#headers", "#totals", "#this row"}


@dataclass(frozen=True)
class Table:
    """An Excel table: its name, sheet, area (the header and totals rows included) and the
    names of its columns, left to right."""

    name: str
    sheet: str
    top: int
    left: int
    bottom: int
    right: int
    columns: tuple[str, ...]
    header_rows: int = 1
    totals_rows: int = 0

    @property
    def first_data_row(self) -> int:
        return self.top + self.header_rows

    @property
    def last_data_row(self) -> int:
        return self.bottom - self.totals_rows


def read_tables(package: Package) -> dict[str, Table]:
    """The package's tables by name (lower case: Excel's names are case-insensitive)."""
    found: dict[str, Table] = {}
    for sheet in package.sheet_order:
        for element in package.table_elements(sheet):
            name = element.get("displayName") or element.get("name") or ""
            area = element.get("ref") or ""
            first, _, last = area.partition(":")
            try:
                (top, left), (bottom, right) = (
                    split_reference(first),
                    split_reference(last or first),
                )
                header_rows = int(element.get("headerRowCount", "1"))
                totals_rows = int(element.get("totalsRowCount", "0"))
            except ValueError:
                continue  # a damaged table: its references stay for the engine to refuse
            columns = tuple(
                child.get("name", "")
                for child in element.iter()
                if child.tag.rpartition("}")[2] == "tableColumn"
            )
            if not name or len(columns) != right - left + 1:
                continue
            found[name.lower()] = Table(
                name, sheet, top, left, bottom, right, columns, header_rows, totals_rows
            )
    return found


def has_structured_references(xml: bytes, tables: dict[str, Table], sheet: str = "") -> bool:
    """Whether a sheet's XML may hold a structured reference to one of ``tables`` (a quick
    test: a table's name followed by ``[``, as Excel writes it, or in other letter case; on
    ``sheet``'s own tables, any ``[``: a totals row's ``SUM([Sales])`` names no table)."""
    if not tables or b"[" not in xml:
        return False
    if any(table.sheet == sheet for table in tables.values()):
        return True
    if any(table.name.encode() + b"[" in xml for table in tables.values()):
        return True
    lowered = xml.lower()  # (bytes.lower() changes ASCII letters only)
    return any(table.name.lower().encode() + b"[" in lowered for table in tables.values())


def plain_structured_references(xml: bytes, sheet: str, tables: dict[str, Table]) -> bytes:
    """The sheet's XML with every structured reference of its formulas (cells as Excel writes
    them) written as plain cells, by :func:`plain_references`. A formula's text is read once
    (a table's column filled down is one text in every row): each row then only puts its own
    number between the pieces of the text, in one join (200k formulas of a table: about a
    second where reading each formula took five)."""
    if not has_structured_references(xml, tables, sheet):
        return xml
    templates: dict[tuple[bytes, str], _Template | None] = {}
    on_sheet = [table for table in tables.values() if table.sheet == sheet]
    numbers: dict[bytes, int] = {}  # a column's letters -> its number

    def cell(found: re.Match[bytes]) -> bytes:
        raw = found.group(4)
        if b"[" not in raw:
            return found.group(0)
        row = int(found.group(2))
        enclosing = None
        if on_sheet:
            letters = found.group(1)
            column = numbers.get(letters) or numbers.setdefault(
                letters, column_number(letters.decode())
            )
            enclosing = _enclosing(on_sheet, row, column)
        key = (raw, enclosing.name if enclosing is not None else "")
        if key not in templates:
            pieces = _template(html.unescape(raw.decode()), sheet, tables, enclosing)
            templates[key] = _Template.of(pieces) if len(pieces) > 1 else None
        template = templates[key]
        if template is None:
            return found.group(0)
        head = found.group(0)[: found.start(4) - found.start(0)]
        return head + template.text(row) + found.group(5)

    return _FORMULA_CELL.sub(cell, xml)


def _escaped(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


@dataclass(frozen=True)
class _Template:
    """A formula's structured references resolved, as XML text: ``parts`` joined by the row's
    number, for a row inside the data rows of every table read in its own row (``first`` to
    ``last``); ``pieces`` for any other row."""

    parts: tuple[bytes, ...]
    first: int
    last: int
    pieces: tuple[str | _ThisRow, ...]

    @classmethod
    def of(cls, pieces: list[str | _ThisRow]) -> _Template:
        parts, text = [], ""
        first, last = 0, 1 << 30
        for piece in pieces:
            if isinstance(piece, str):
                text += piece
                continue
            first, last = max(first, piece.first), min(last, piece.last)
            parts.append(_escaped(text + f"{piece.prefix}${piece.left}"))
            text = ""
            if piece.right != piece.left:
                parts.append(_escaped(f":${piece.right}"))
        parts.append(_escaped(text))
        return cls(tuple(parts), first, last, tuple(pieces))

    def text(self, row: int) -> bytes:
        if len(self.parts) == 1:
            return self.parts[0]
        if self.first <= row <= self.last:
            return str(row).encode().join(self.parts)
        return _escaped(_render(list(self.pieces), row))


def plain_references(
    formula: str, row: int, sheet: str, tables: dict[str, Table], column: int | None = None
) -> str:
    """``formula`` (in ``row`` of ``sheet``; in ``column`` too for a reference without a
    table's name, ``[Sales]``, which Excel writes in a table's totals row) with each structured
    reference to one of ``tables`` written as the cells it stands for; text in quotes and
    anything this cannot resolve stay as they are."""
    on_sheet = [table for table in tables.values() if table.sheet == sheet]
    enclosing = _enclosing(on_sheet, row, column) if column is not None else None
    return _render(_template(formula, sheet, tables, enclosing), row)


@dataclass(frozen=True)
class _ThisRow:
    """A table's columns in the formula's own row: ``$B7``, or #VALUE! outside its data rows."""

    prefix: str  # the sheet, when it is not the formula's
    left: str
    right: str
    first: int
    last: int

    def cells(self, row: int) -> str:
        if not self.first <= row <= self.last:
            return "#VALUE!"
        return f"{self.prefix}${self.left}{row}" + (
            f":${self.right}{row}" if self.right != self.left else ""
        )


def _render(pieces: list[str | _ThisRow], row: int) -> str:
    return "".join(piece if isinstance(piece, str) else piece.cells(row) for piece in pieces)


def _template(
    formula: str, sheet: str, tables: dict[str, Table], enclosing: Table | None
) -> list[str | _ThisRow]:
    """The formula in pieces: its own text, and each structured reference resolved (text, or
    this row's cells to fill in)."""
    pieces: list[str | _ThisRow] = []
    at = 0
    for start, end, name in _references(formula, tables, enclosing is not None):
        inside = formula[start + len(name) + 1 : end - 1]
        table = tables[name.lower()] if name else enclosing
        assert table is not None
        area = _area(table, inside, sheet)
        if area is None:
            continue
        pieces += [formula[at:start], area]
        at = end
    pieces.append(formula[at:])
    return pieces


def _enclosing(on_sheet: list[Table], row: int, column: int) -> Table | None:
    """The table holding the cell (its row and column), if any."""
    for table in on_sheet:
        if table.top <= row <= table.bottom and table.left <= column <= table.right:
            return table
    return None


#: a text in quotes, or what may open a structured reference: a name (or none) and ``[``
_SCAN = re.compile(r'"(?:[^"]|"")*"|([\w.\\]*)\[')


def _references(
    formula: str, tables: dict[str, Table], unnamed: bool = False
) -> Iterator[tuple[int, int, str]]:
    """(start, end, table name as written) of each ``Name[...]`` outside quoted text; with
    ``unnamed``, of each ``[...]`` without a name too (name "", but not a link's ``[1]!``)."""
    at = 0
    while (found := _SCAN.search(formula, at)) is not None:
        name = found.group(1)
        if name is None:  # a text in quotes
            at = found.end()
            continue
        start, bracket = found.start(), found.end() - 1
        end = _closing(formula, bracket)
        if end is None:
            return
        known = name.lower() in tables or (unnamed and not name and formula[end : end + 1] != "!")
        if known and (start == 0 or formula[start - 1] in _BEFORE_NAME):
            yield start, end, name
        at = end


def _closing(formula: str, at: int) -> int | None:
    """Where the bracket opening at ``at`` closes (just after it); ``'`` escapes a bracket,
    a ``#`` or a quote in a column's name."""
    depth = 0
    position = at
    while position < len(formula):
        char = formula[position]
        if char == "'":
            position += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return None


#: one part of a reference's brackets: a special item or a column (lower case ``#this row``,
#: ``Revenue``), or a span of columns (first, last)
Item = str | tuple[str, str]


def _items(inside: str) -> list[Item] | None:
    """The parts of a reference's brackets: ``[#This Row],[Revenue]`` -> ``#This Row``,
    ``Revenue``; ``[Revenue]:[Costs]`` -> (``Revenue``, ``Costs``); ``@Revenue`` and
    ``@[Revenue]`` are this row and the column. None when they do not parse."""
    text = inside.strip()
    if text.startswith("@"):
        rest = text[1:].strip()
        these: list[Item] | None = _items(rest) if rest.startswith("[") else [rest] if rest else []
        return None if these is None else ["#this row", *these]
    if not text.startswith("["):  # Table[Revenue]: a column's name as it is (spaces too)
        return [inside] if inside else []
    parts: list[Item] = []
    position = 0
    while position < len(text):
        end = _closing(text, position)
        if end is None:
            return None
        first = text[position + 1 : end - 1]
        position = _skip(text, end, " ")
        if text[position : position + 1] == ":":  # a span of columns: [Revenue]:[Costs]
            position = _skip(text, position + 1, " ")
            if text[position : position + 1] != "[":
                return None
            end = _closing(text, position)
            if end is None:
                return None
            parts.append((first, text[position + 1 : end - 1]))
            position = end
        else:
            parts.append(first)
        position = _skip(text, position, " ,")
    return parts


def _skip(text: str, position: int, characters: str) -> int:
    while position < len(text) and text[position] in characters:
        position += 1
    return position


def _column(table: Table, written: str) -> int | None:
    name = re.sub(r"'(.)", r"\1", written).lower()  # (a name may end in a space)
    for number, column in enumerate(table.columns):
        if column.lower() == name:
            return table.left + number
    return None


def _area(table: Table, inside: str, sheet: str) -> str | _ThisRow | None:
    """The cells ``Table[inside]`` stands for, as a reference (this row's, to fill in); None
    where this cannot say."""
    parts = _items(inside)
    if parts is None:
        return None
    specials = {p.lower() for p in parts if isinstance(p, str) and p.lower() in _SPECIALS}
    columns = [p for p in parts if not (isinstance(p, str) and p.lower() in _SPECIALS)]
    if len(columns) > 1:
        return None
    left, right = table.left, table.right
    if columns:
        first, last = columns[0] if isinstance(columns[0], tuple) else (columns[0], columns[0])
        found_first, found_last = _column(table, first), _column(table, last)
        if found_first is None or found_last is None:
            return None
        left, right = min(found_first, found_last), max(found_first, found_last)
    prefix = "" if table.sheet == sheet else "'" + table.sheet.replace("'", "''") + "'!"
    if "#this row" in specials:
        if specials != {"#this row"}:
            return None
        first_row, last_row = table.first_data_row, table.last_data_row
        return _ThisRow(prefix, column_letters(left), column_letters(right), first_row, last_row)
    rows = _rows(table, specials)
    if rows is None or isinstance(rows, str):
        return rows  # nothing to say, or the error Excel gives
    top, bottom = rows
    area = f"${column_letters(left)}${top}"
    if (right, bottom) != (left, top):
        area += f":${column_letters(right)}${bottom}"
    return prefix + area


def _rows(table: Table, specials: set[str]) -> tuple[int, int] | str | None:
    """(top, bottom) of a reference's special items; ``#REF!`` (Excel's error) for rows the
    table does not have."""
    if not specials or specials == {"#data"}:
        return table.first_data_row, table.last_data_row
    if "#all" in specials:
        return table.top, table.bottom
    wanted = []
    if "#headers" in specials:
        if not table.header_rows:
            return "#REF!"
        wanted.append(table.top)
    if "#data" in specials:
        wanted += [table.first_data_row, table.last_data_row]
    if "#totals" in specials:
        if not table.totals_rows:
            return "#REF!"
        wanted.append(table.bottom)
    if specials == {"#headers", "#totals"}:
        return None  # not one area
    return min(wanted), max(wanted)
