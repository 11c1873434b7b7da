"""Column-at-once evaluation: a run of cells whose roikit formulas differ only by row
(``=ROMI(B2,C2,D2)`` ... ``=ROMI(B100001,C100001,D100001)``) computed by one vectorized call
of the metric instead of one Python call per cell.

:func:`plan` finds the runs in a workbook's formulas: one catalog function whose arguments are
all single cells of the same sheet holding values (not formulas), at the same place relative to
the formula's own row (``B2`` in row 2), in at least :data:`MIN_RUN` cells of one column.
Only functions whose body is arithmetic (+ − × ÷ and roikit's checks) qualify: numpy then
computes each row with the very operations Python does, so the value is the same to the last
bit (a body calling ``math`` or numpy functions could differ in the last digit).

:meth:`Run.evaluate` reads the argument columns, computes every row whose arguments are all
numbers in one call, and gives every other row -- a blank, text, an error value, a logical, or
a row the metric refuses (NaN in the vectorized face) -- to the per-cell adapter, which is what
the cell would have got anyway: same values, same errors, same notes. The engine then writes
the values in place of the run's formulas before it calculates the rest.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from roikit.catalog import SAVED_PREFIXES, FunctionSpec, spec
from roikit.xlsx import Package, split_reference

#: whether the fast engine evaluates runs at once. Off: writing a run's values over its
#: formulas in formualizer (``set_values_batch``) takes time that grows with the square of the
#: run (2,000 rows: 65 s against 1.4 s per cell, on a loaded 2-core machine), so the values are
#: right (tests/engine/test_columns.py) but the path is slower until the write is cheap
ENABLED = False
#: fewer cells than this in a run are left to the per-cell path (one call costs little)
MIN_RUN = 32
#: a formula cell as a sheet's XML holds it, calling one function on cells of its own row:
#: <c r="G2" ...><f>ROMI(B2,C2,D2)</f> (the backreference \2 is the formula's row)
_SAME_ROW_CALL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*><f>((?:_xludf\.)?[A-Za-z_][A-Za-z0-9_.]*)'
    rb"\(((?:[A-Z]{1,3}\2,)*[A-Z]{1,3}\2)\)</f>"
)
#: the only calls an arithmetic body makes: roikit's checks, which divide or compare
_CHECKS = {"nonzero", "share", "at_most"}
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div)


@dataclass
class Run:
    """Cells of one column of one sheet, each calling ``function`` on cells of its own row."""

    sheet: str
    function: FunctionSpec
    column: int
    #: the columns of the arguments, each read in the formula's own row
    arguments: tuple[int, ...]
    rows: list[int] = field(default_factory=list)

    def evaluate(
        self, column_values: Callable[[int, list[int]], list[Any]], per_cell: Callable[..., Any]
    ) -> list[Any]:
        """Every cell's value, in the order of ``rows``.

        ``column_values(column, rows)`` gives the engine's values of those cells of the sheet;
        ``per_cell(*values)`` is the adapter the engine calls for one cell.
        """
        raw = [column_values(column, self.rows) for column in self.arguments]
        plain = np.ones(len(self.rows), dtype=bool)
        arrays = []
        for values in raw:
            is_number = np.fromiter(
                (type(value) is float or type(value) is int for value in values),
                dtype=bool,
                count=len(values),
            )
            plain &= is_number
            arrays.append(
                np.fromiter(
                    (float(v) if n else np.nan for v, n in zip(values, is_number, strict=True)),
                    dtype=float,
                    count=len(values),
                )
            )
        results: list[Any] = [None] * len(self.rows)
        numbers = np.flatnonzero(plain)
        if numbers.size:
            computed = np.asarray(
                self.function.func(*(array[numbers] for array in arrays)), dtype=float
            )
            defined = ~np.isnan(computed)
            for at, value in zip(
                numbers[defined].tolist(), computed[defined].tolist(), strict=True
            ):
                results[at] = value
            plain[numbers[~defined]] = False
        for at in np.flatnonzero(~plain).tolist():  # the per-cell path: its value, error, note
            results[at] = per_cell(*(values[at] for values in raw))
        return results


def plan(package: Package, minimum: int | None = None) -> list[Run]:
    """The runs of every sheet of ``package`` with at least ``minimum`` cells (MIN_RUN).

    One pass of a regular expression over each sheet's XML finds the candidates; formulas
    written otherwise (shared formulas, spaces, ``$`` references, other rows) are left to the
    per-cell path, which gives the same values, only slower.
    """
    minimum = MIN_RUN if minimum is None else minimum
    runs: list[Run] = []
    for sheet in package.sheet_order:
        xml = package.part_bytes(package.sheets[sheet].path)
        found: dict[tuple[bytes, bytes, bytes], list[int]] = {}
        for match in _SAME_ROW_CALL.finditer(xml):
            letters, row, name, arguments = match.groups()
            shape = (letters, name, arguments.replace(row, b""))
            found.setdefault(shape, []).append(int(row))
        formula_cells = package.sheet(sheet).formula_cells
        for (letters, name, arguments), candidates in found.items():
            if len(candidates) < minimum:
                continue
            function = _function(name.decode())
            columns = arguments.decode().split(",")
            if function is None or not _arity_fits(function, len(columns)):
                continue
            # a row reading a calculated cell is left to the engine, which orders the two
            rows = sorted(
                row
                for row in candidates
                if not any(f"{column}{row}" in formula_cells for column in columns)
            )
            if len(rows) < minimum:
                continue
            runs.append(
                Run(
                    sheet,
                    function,
                    _column_number(letters.decode()),
                    tuple(_column_number(column) for column in columns),
                    rows,
                )
            )
    return runs


def _column_number(letters: str) -> int:
    return split_reference(f"{letters}1")[1]


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
