"""Column-at-once evaluation: a run of cells whose roikit formulas differ only by row
(``=ROMI(B2,C2,D2)`` ... ``=ROMI(B100001,C100001,D100001)``) computed by one vectorized call
of the metric instead of one Python call per cell.

:func:`plan` finds the runs in a workbook's formulas: one catalog function whose arguments are
all single cells holding values (not formulas): of the same sheet, at the same place relative
to the formula's own row (``B2`` in row 2), or one cell for every row (``$H$1``, ``H$1``, or a
defined name such as ``margin``: :class:`Fixed`; a number typed into the call, ``0.25`` or
``1E+20``: :class:`Constant`), in at least :data:`MIN_RUN` cells of one column. A filled-down
column as Excel saves it (a shared formula, ``<f t="shared" ref="F2:F9" si="0">`` and
``<f t="shared" si="0"/>``) is a run too, taken whole or not at all. A percentage or a sign
typed into the call (``25%``, ``-1``: formulas of their own) sends the column per cell.
Only functions whose body is arithmetic (+ − × ÷ and roikit's checks) qualify: numpy then
computes each row with the very operations Python does, so the value is the same to the last
bit (a body calling ``math`` or numpy functions could differ in the last digit).

:meth:`Run.evaluate` reads the argument columns, computes every row whose arguments are all
numbers in one call, and gives every other row -- a blank, text, an error value, a logical, or
a row the metric refuses (NaN in the vectorized face) -- to the per-cell path, which is what
the cell would have got anyway: same values, same errors, same notes. The fast engine then
asks formualizer for the other formula cells only, or, where one of them :func:`may_read` a
run's cells, has it calculate every cell with each run cell answered from the run's values
(roikit.engine.fast).
"""

from __future__ import annotations

import ast
import functools
import html
import inspect
import math
import re
import string
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from roikit.catalog import SAVED_PREFIXES, FunctionSpec, spec
from roikit.xlsx import (
    REFERENCE,
    Calls,
    Package,
    Target,
    blank_strings,
    column_letters,
    column_number,
    parse_target,
    plain_references,
    roikit_add_in_calls,
    split_reference,
)

#: whether the fast engine evaluates runs at once (the per-cell path gives the same values:
#: tests/engine/test_columns.py)
ENABLED = True
#: fewer cells than this in a run are left to the per-cell path (one call costs little)
MIN_RUN = 32
#: an argument the same in every row: an absolute reference to a cell of this sheet or another
#: (``$B$1``, ``B$1``, ``Inputs!$B$1``, ``'Ввод данных'!$B$1``) or a defined name (``margin``,
#: ``маржа`` in UTF-8)
_FIXED = (
    rb"(?:(?:'(?:[^'<]|'')+'|[A-Za-z_\x80-\xff][A-Za-z0-9_.\x80-\xff]*)!)?\$?[A-Z]{1,3}\$[0-9]{1,7}"
    rb"|[A-Za-z_\\\x80-\xff][A-Za-z0-9_.\x80-\xff]*"
)
#: a table's column in the formula's own row, as Excel saves ``[@Revenue]`` typed in a table:
#: ``Campaigns[[#This Row],[Revenue]]`` (roikit.xlsx.tables)
_THIS_ROW = rb"[A-Za-z_\\\x80-\xff][A-Za-z0-9_.\x80-\xff]*\[\[#This Row\],\[(?:[^\[\]']|'.)+\]\]"
#: a number typed into a formula, as Excel saves it (``0.25``, ``13500``, ``1E+20``)
_NUMBER = rb"[0-9]+(?:\.[0-9]+)?(?:E[+-]?[0-9]+)?"
_NUMBER_TEXT = re.compile(_NUMBER.decode())
#: a call of one function on cells of the formula's row, fixed arguments and numbers (a call
#: through roikit's classic add-in, ``[1]!ROMI(``, as Excel saves it, too: roikit.xlsx.links)
_ARGUMENT = rb"(?:[A-Z]{1,3}\2|" + _THIS_ROW + rb"|" + _FIXED + rb"|" + _NUMBER + rb")"
_CALL = (
    rb"((?:_xludf\.|\[[0-9]+\]!)?[A-Za-z_][A-Za-z0-9_.]*)\(((?:"
    + _ARGUMENT
    + rb",)*"
    + _ARGUMENT
    + rb")\)"
)
#: a plain formula's start tag: ``<f>``, or LibreOffice's ``<f aca="false">`` (and ``ca``, a
#: volatile cell's mark); never an array or shared formula's (``t=``)
_PLAIN_F = rb'<f(?: (?:aca|ca)="[^"]*")*>'
#: a formula cell as a sheet's XML holds it, calling one function on cells of its own row:
#: <c r="G2" ...><f>ROMI(B2,C2,D2)</f> (the backreference \2 is the formula's row)
_SAME_ROW_CALL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*+>' + _PLAIN_F + _CALL + rb"</f>"
)
#: the first cell of a shared formula making the same call: its area and its group
_SHARED_CALL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*+><f t="shared" ref="([A-Z]{1,3}[0-9]{1,7}:'
    rb'[A-Z]{1,3}[0-9]{1,7})" si="([0-9]+)">' + _CALL + rb"</f>"
)
#: the other cells of a shared formula: <c r="G3" ...><f t="shared" si="0"/>
_SHARED_FOLLOWER = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*+><f t="shared" si="([0-9]+)"/>'
)
#: the only calls an arithmetic body makes: roikit's checks, which divide or compare
_CHECKS = {"nonzero", "share", "at_most"}
#: a cell reference without ``$``, and its column's letters
_CELL = re.compile(rb"[A-Z]{1,3}[0-9]{1,7}")
_LETTERS = string.ascii_uppercase.encode()
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div)


@dataclass(frozen=True)
class Fixed:
    """An argument the same in every row of a run: one cell holding a value (``$B$1``, or the
    cell of a defined name such as ``margin``)."""

    sheet: str
    reference: str


@dataclass(frozen=True)
class Constant:
    """An argument typed into the formula as a number (``=ROMI(A2,0.25,C2)``): the same in
    every row, as the engine parses it (a decimal number, correctly rounded)."""

    value: float


#: where a run's argument comes from: a column read in the formula's own row, one cell, a number
Argument = int | Fixed | Constant


@dataclass
class Run:
    """Cells of one column of one sheet, each calling ``function`` on cells of its own row."""

    sheet: str
    function: FunctionSpec
    column: int
    #: the arguments: a column, read in the formula's own row; one cell read for every row; a
    #: number typed into the formula
    arguments: tuple[Argument, ...]
    #: the rows, ascending
    rows: list[int] = field(default_factory=list)

    @functools.cached_property
    def cells(self) -> list[str]:
        """The run's cells (``G2``, ``G3``, ...), in the order of :attr:`rows`."""
        letters = column_letters(self.column)
        return [f"{letters}{row}" for row in self.rows]

    def evaluate(
        self, column_values: Callable[[Argument], list[Any]], per_cell: Callable[..., Any]
    ) -> list[Any]:
        """Every cell's value, in the order of :attr:`rows`.

        ``column_values(argument)`` gives an argument's value in each of :attr:`rows` (a
        :class:`Fixed` or :class:`Constant` argument's one value in every row), and
        ``per_cell(*values)`` is what the engine calls for one cell, both on plain Python values
        (numbers, text, logicals, None for a blank, CellError)."""
        import numpy as np  # here: a workbook without runs never needs it (70 ms to import)

        raw = [column_values(column) for column in self.arguments]
        plain = np.ones(len(self.rows), dtype=bool)
        numbers = []
        for values in raw:
            if set(map(type, values)) <= {float}:  # a column of numbers only: read at once
                numbers.append(np.array(values, dtype=float))
                continue
            plain &= np.fromiter(
                (type(value) is float for value in values), dtype=bool, count=len(values)
            )
            numbers.append(
                np.fromiter(
                    (value if type(value) is float else math.nan for value in values),
                    dtype=float,
                    count=len(values),
                )
            )
        results: list[Any] = [None] * len(self.rows)
        at_once = np.flatnonzero(plain)
        if at_once.size:
            computed = np.asarray(
                self.function.func(*(values[at_once] for values in numbers)), dtype=float
            )
            defined = ~np.isnan(computed)
            if at_once.size == len(results) and defined.all():  # most runs: every row at once
                every: list[Any] = computed.tolist()
                return every
            for at, value in zip(
                at_once[defined].tolist(), computed[defined].tolist(), strict=True
            ):
                results[at] = value
            plain[at_once[~defined]] = False
        for at in np.flatnonzero(~plain).tolist():  # the per-cell path: its value, error, note
            results[at] = per_cell(*(values[at] for values in raw))
        return results


def plan(package: Package, minimum: int | None = None) -> list[Run]:
    """The runs of every sheet of ``package`` with at least ``minimum`` cells (MIN_RUN).

    A column's shape is read from a few of its formula cells (the first two, the middle one,
    the last); one pass of a regular expression made for that shape then finds its rows.
    Formulas written otherwise (spaces, ``$B2``, other rows, ranges, a shape none of the
    samples shows, a shared formula spanning columns) are left to the per-cell path, which
    gives the same values, only slower.
    """
    minimum = MIN_RUN if minimum is None else minimum
    runs: list[Run] = []
    add_in_calls: Calls | None = None  # read on first need
    for sheet in package.sheet_order:
        xml = package.sheet_bytes(sheet)
        if b"<f" not in xml:
            continue
        formula_cells = package.sheet(sheet).formula_cells
        by_column: dict[str, list[str]] = {}
        digits = string.digits
        for reference in formula_cells:
            by_column.setdefault(reference.rstrip(digits), []).append(reference)
        found: dict[tuple[bytes, bytes, bytes], list[int]] = {}
        for references in by_column.values():
            if len(references) < minimum:
                continue
            samples = {references[0], references[len(references) // 2], references[-1]}
            for reference in samples | {references[min(1, len(references) - 1)]}:
                start = formula_cells[reference]
                call = _SAME_ROW_CALL.match(xml, start) if start >= 0 else None
                if call is not None:
                    letters, row, name, arguments = call.groups()
                    shape = (letters, name, _by_row(arguments, row))
                    if shape[2] and shape not in found:
                        found[shape] = _rows(xml, shape)
        #: shared formula group -> its shape, and its rows (None once it cannot be a run)
        groups: dict[bytes, tuple[tuple[bytes, bytes, bytes], list[int] | None]] = {}
        if b'"shared"' in xml:
            for match in _SHARED_CALL.finditer(xml):
                letters, row, area, group, name, arguments = match.groups()
                first, last = area.split(b":")
                same_column = first.rstrip(b"0123456789") == last.rstrip(b"0123456789") == letters
                shape = (letters, name, _by_row(arguments, row))
                groups[group] = shape, [int(row)] if same_column and shape[2] else None
            for match in _SHARED_FOLLOWER.finditer(xml):
                letters, row, group = match.groups()
                if group in groups:
                    shape, rows = groups[group]
                    if rows is not None and letters == shape[0]:
                        rows.append(int(row))
                    else:
                        groups[group] = shape, None
        if not found and not groups:
            continue
        calculated = {  # the rows of the formula cells of every column a candidate reads
            column: {int(reference[len(column) :]) for reference in by_column.get(column, ())}
            for shape in [*found, *(group[0] for group in groups.values())]
            for column in _columns_read(shape[2], sheet, package)
        }
        for shape, rows in groups.values():
            if rows is None or _reading_formulas(rows, shape[2], calculated, sheet, package):
                continue  # a group is one formula: taken whole or not at all
            found.setdefault(shape, []).extend(rows)
        for (letters, name, arguments), candidates in found.items():
            if len(candidates) < minimum:
                continue
            if name.startswith(b"["):  # [1]!ROMI: a run only through roikit's own add-in
                if add_in_calls is None:
                    add_in_calls = roikit_add_in_calls(package)
                number, _, name = name[1:].partition(b"]!")
                if name.upper() not in add_in_calls.get(int(number), ()):
                    continue
            function = _function(name.decode())
            tokens = [token.decode() for token in _split(arguments)]
            if function is None or not _arity_fits(function, len(tokens)):
                continue
            places = [_place(token, sheet, package) for token in tokens]
            if None in places:
                continue  # a name standing for no single value cell: the engine's to read
            # a row reading a calculated cell is left to the engine, which orders the two, and
            # so is a row outside the data rows of a table it reads (Excel's #VALUE!)
            reading = _reading_formulas(candidates, arguments, calculated, sheet, package)
            rows = sorted(_within_tables(set(candidates) - reading, tokens, sheet, package))
            if len(rows) < minimum:
                continue
            runs.append(
                Run(
                    sheet,
                    function,
                    column_number(letters.decode()),
                    tuple(cast(Argument, place) for place in places),
                    rows,
                )
            )
    return runs


def _rows(xml: bytes, shape: tuple[bytes, bytes, bytes]) -> list[int]:
    """The rows of the sheet's cells holding the call ``shape`` (its column, function and
    argument columns) on cells of their own row, written as a plain formula."""
    letters, name, arguments = shape
    call = b",".join(
        re.escape(token[1:]) if token.startswith(b"=") else re.escape(token) + rb"\1"
        for token in _split(arguments)
    )
    pattern = rb'<c r="' + letters + rb'([0-9]{1,7})"[^>]*+>' + _PLAIN_F + re.escape(name) + rb"\("
    return list(map(int, re.findall(pattern + call + rb"\)</f>", xml)))


def _reading_formulas(
    rows: list[int],
    arguments: bytes,
    calculated: dict[str, set[int]],
    sheet: str,
    package: Package,
) -> set[int]:
    """The rows among ``rows`` where one of ``arguments`` (column letters, "A,B") is a formula."""
    reading: set[int] = set()
    for column in _columns_read(arguments, sheet, package):
        reading |= calculated.get(column, set()).intersection(rows)
    return reading


def _split(arguments: bytes) -> list[bytes]:
    """A call's arguments, split at the commas outside brackets (a table's
    ``Campaigns[[#This Row],[Revenue]]`` is one)."""
    if b"[" not in arguments:
        return arguments.split(b",")
    tokens, depth, start, escaped = [], 0, 0, False
    for at, byte in enumerate(arguments):
        if escaped:  # a column's name: '[ is a bracket of the name
            escaped = False
        elif byte == 0x27 and depth:  # '
            escaped = True
        elif byte == 0x5B:  # [
            depth += 1
        elif byte == 0x5D:  # ]
            depth -= 1
        elif byte == 0x2C and depth == 0:  # ,
            tokens.append(arguments[start:at])
            start = at + 1
    return [*tokens, arguments[start:]]


def _by_row(arguments: bytes, row: bytes) -> bytes:
    """A call's arguments as every row of a run writes them: a cell of the formula's own row
    as its column (``B``), a fixed argument or a number after ``=`` (``=$B$1``, ``=margin``,
    ``=0.25``); empty when an argument is a cell of another row (the call is no run)."""
    tokens = []
    for token in _split(arguments):
        if _CELL.fullmatch(token):
            if token.lstrip(_LETTERS) != row:
                return b""
            tokens.append(token[: len(token) - len(row)])
        else:
            tokens.append(b"=" + token)
    return b",".join(tokens)


def _columns_read(arguments: bytes, sheet: str, package: Package) -> list[str]:
    """The columns (letters) a run's arguments read in its rows (a table's column in its own
    row too), without the fixed ones."""
    letters = []
    for token in (token.decode() for token in _split(arguments)):
        if not token.startswith("="):
            letters.append(token)
        elif (place := _this_row(token[1:], sheet, package)) is not None:
            letters.append(column_letters(place[0]))
    return letters


def _this_row(text: str, sheet: str, package: Package) -> tuple[int, int, int] | None:
    """A table's column in the formula's own row (``Campaigns[[#This Row],[Revenue]]``): its
    column number and the table's first and last data rows; None for anything else, and for a
    table on another sheet."""
    if "[#This Row]" not in text:
        return None
    text = html.unescape(text)  # as roikit.xlsx reads a formula's text
    table = package.tables.get(text[: text.index("[")].lower())
    if table is None or table.sheet != sheet:
        return None
    plain = plain_references(text, table.first_data_row, sheet, package.tables)
    found = re.fullmatch(r"\$([A-Z]{1,3})([0-9]+)", plain)
    if found is None:
        return None
    return column_number(found.group(1)), table.first_data_row, table.last_data_row


def _within_tables(rows: set[int], tokens: list[str], sheet: str, package: Package) -> set[int]:
    """``rows`` inside the data rows of every table an argument reads in its own row."""
    for token in tokens:
        if token.startswith("=") and (place := _this_row(token[1:], sheet, package)):
            _, first, last = place
            rows = {row for row in rows if first <= row <= last}
    return rows


def _place(token: str, sheet: str, package: Package) -> Argument | None:
    """Where a run's argument is read: a column of its rows, one cell holding a value (an
    absolute reference, or a defined name for one cell), or a number typed in; None for
    anything else (a range, a formula's cell, a name some sheet defines for itself, a name
    standing for a constant or a function's name)."""
    if not token.startswith("="):
        return column_number(token)
    text = token[1:]
    if _NUMBER_TEXT.fullmatch(text):
        return Constant(float(text))
    if "[" in text:  # a table's column in the formula's own row: a column like B2's
        place = _this_row(text, sheet, package)
        return None if place is None else place[0]
    if "$" in text:  # a cell of this sheet, or of another as the XML holds it (&amp;)
        text = html.unescape(text)  # as roikit.xlsx reads a formula's text
        if "!" not in text:
            text = "'" + sheet.replace("'", "''") + "'!" + text
        found_cell = parse_target(text, package.sheet_order)
        if found_cell is None:
            return None
        target = found_cell
    else:
        lowered = text.lower()
        if lowered in package.sheet_scoped:
            return None
        found = [t for name, t in package.names.items() if name.lower() == lowered]
        if len(found) != 1:
            return None
        target = found[0]
    cells = target.cells
    if len(cells) != 1 or target.sheet not in package.sheets:
        return None
    if cells[0] in package.sheet(target.sheet).formula_cells:
        return None  # a calculated value: the engine orders the two
    return Fixed(target.sheet, cells[0])


def _function(name: str) -> FunctionSpec | None:
    """The catalog function a formula calls by ``name``, when it vectorizes exactly."""
    upper = name.upper()
    for prefix in SAVED_PREFIXES:
        upper = upper.removeprefix(prefix)
    try:
        function = spec(upper)
    except KeyError:
        return None
    return function if _vectorizes_exactly(function.name) else None


def _arity_fits(function: FunctionSpec, count: int) -> bool:
    required = sum(1 for argument in function.arguments if not argument.optional)
    return required <= count <= len(function.arguments)


@functools.cache
def _vectorizes_exactly(name: str) -> bool:
    """Whether the catalog function's body is arithmetic only (+ − × ÷, and roikit's checks), on
    arguments that are not dates, with a number for a result."""
    function = spec(name)
    if function.returns == "boolean" or any(a.kind == "date" for a in function.arguments):
        return False
    body = inspect.unwrap(function.func)
    tree = ast.parse(textwrap.dedent(inspect.getsource(body))).body[0]
    assert isinstance(tree, ast.FunctionDef)
    statements = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Call):
                if not (isinstance(node.func, ast.Name) and node.func.id in _CHECKS):
                    return False
            elif isinstance(node, ast.BinOp):
                if not isinstance(node.op, _ARITHMETIC):
                    return False
            elif not isinstance(
                node,
                ast.Return
                | ast.Name
                | ast.Constant
                | ast.Load
                | ast.UnaryOp
                | ast.USub
                | ast.operator,
            ):
                return False
    return True


_LAST_ROW, _LAST_COLUMN = 1_048_576, 16_384


def may_read(package: Package, runs: list[Run], cells: list[tuple[str, int, int]]) -> bool:
    """Whether one of ``cells`` (formula cells outside the runs: sheet, row, column) may read a
    cell of a run: a reference, an area, whole columns or rows overlapping one, or anything the
    text does not tell the cells of (a name that is not one cell or area, a table's column,
    another workbook, INDIRECT or OFFSET). A wrong yes costs time, never a value."""
    names = {name.lower(): target for name, target in package.names.items()}
    boxes: dict[str, list[tuple[int, int, int]]] = {}
    for run in runs:
        boxes.setdefault(run.sheet, []).append((run.column, run.rows[0], run.rows[-1]))
    for sheet, row, column in cells:
        written = package.formula_written(sheet, f"{column_letters(column)}{row}")
        if written is None:
            continue
        text, origin = written
        if "[" in text or re.search(r"\b(?:INDIRECT|OFFSET)\s*\(", text, re.IGNORECASE):
            return True
        origin_row, origin_column = split_reference(origin)
        shift = (row - origin_row, column - origin_column)
        for area in REFERENCE.finditer(blank_strings(text)):
            place = _area(area, sheet, shift, package, names)
            if place is True:
                return True
            if place is None:
                continue
            where, top, left, bottom, right = place
            if any(
                left <= run_column <= right and top <= last and first <= bottom
                for run_column, first, last in boxes.get(where, ())
            ):
                return True
    return False


def _area(
    found: re.Match[str],
    sheet: str,
    shift: tuple[int, int],
    package: Package,
    names: dict[str, Target],
) -> tuple[str, int, int, int, int] | Literal[True] | None:
    """The sheet and the rows and columns (top, left, bottom, right) of a reference found by
    :data:`roikit.xlsx.REFERENCE`, its relative parts moved by ``shift`` (rows, columns), a name's from
    ``names`` (lower case -> its cells); None for a logical value, True when it cannot be told."""
    groups = found.groups()
    quoted, plain = groups[0], groups[1]
    where = quoted.replace("''", "'") if quoted else plain or sheet
    down, across = shift

    def row(fixed: str, number: str) -> int:
        return int(number) + (0 if fixed else down)

    def column(fixed: str, letters: str) -> int:
        return column_number(letters.upper()) + (0 if fixed else across)

    if groups[3]:  # a cell or an area
        top, left = row(groups[4], groups[5]), column(groups[2], groups[3])
        if groups[7]:
            bottom, right = row(groups[8], groups[9]), column(groups[6], groups[7])
        else:
            bottom, right = top, left
    elif groups[11]:  # whole columns
        top, bottom = 1, _LAST_ROW
        left, right = column(groups[10], groups[11]), column(groups[12], groups[13])
    elif groups[15]:  # whole rows
        left, right = 1, _LAST_COLUMN
        top, bottom = row(groups[14], groups[15]), row(groups[16], groups[17])
    else:  # a name: a workbook's name for cells (a sheet's own may differ from sheet to sheet)
        name = groups[18].lower()
        if name in ("true", "false") and not (quoted or plain):
            return None
        target = names.get(name) if not (quoted or plain or name in package.sheet_scoped) else None
        if target is None:
            return True
        corners = target.area.split(":")
        (top, left), (bottom, right) = (split_reference(corners[0]), split_reference(corners[-1]))
        where = target.sheet
    return where, min(top, bottom), min(left, right), max(top, bottom), max(left, right)
