"""Both engines show, for any mix of cell values, the error (or value) the scalar API names.

One workbook holds, for every catalog function, rows of arguments drawn (with a fixed seed)
from the values a cell can hold: zero, negatives, huge and tiny numbers, blanks, text, logical
values and error values, several bad ones at once. Each engine calculates it once. Every cell
must equal :func:`roikit.cells.call` on the same values; and where every argument is a number,
the error must be the one the scalar API's MetricError names (``excel_error``), so that a
workbook, a Python caller and an xlwings cell all see the same error for the same numbers.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import roikit
from roikit import MetricError
from roikit.catalog import CATALOG, FunctionSpec
from roikit.cells import CellError, call
from roikit.xlsx.package import column_letters

ROWS_PER_FUNCTION = 12
#: what a cell can hold; "=1/0" is a cell showing #DIV/0!
POOL: list[Any] = [
    0,
    1,
    -1,
    0.25,
    25,
    1000,
    558800,
    1e308,
    -1e308,
    5e-324,
    1e-300,
    None,
    "abc",
    "25%",
    True,
    False,
    "=1/0",
]
#: where the first argument goes; each argument gets two columns (a range uses both)
FIRST_COLUMN = 3


def draw_cases(seed: int = 6) -> list[tuple[FunctionSpec, list[Any]]]:
    """(function, argument cells) rows; a range argument is a pair of cells."""
    chooser = random.Random(seed)
    cases = []
    for function in CATALOG:
        base = list(function.examples[0].args)
        for _ in range(ROWS_PER_FUNCTION):
            args = []
            for at, argument in enumerate(function.arguments[: len(base)]):
                keep = chooser.random() < 0.4  # keep some good values beside the bad ones
                if argument.is_range:
                    good = base[at] if isinstance(base[at], list) else [base[at]]
                    pair = [*good, None][:2] if keep else chooser.choices(POOL, k=2)
                    args.append(pair)
                else:
                    args.append(base[at] if keep else chooser.choice(POOL))
            cases.append((function, args))
    return cases


CASES = draw_cases()


def build(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Cases"
    for row, (function, args) in enumerate(CASES, start=1):
        references = []
        for at, value in enumerate(args):
            column = FIRST_COLUMN + 2 * at
            for offset, item in enumerate(value if isinstance(value, list) else [value]):
                if item is not None:
                    sheet.cell(row, column + offset, item)
            reference = f"{column_letters(column)}{row}"
            if isinstance(value, list):
                reference += f":{column_letters(column + 1)}{row}"
            references.append(reference)
        sheet.cell(row, 1, f"={function.name}({','.join(references)})")
    workbook.save(path)
    return path


def cell_value(item: Any) -> Any:
    """What an engine hands a function for a cell holding ``item``."""
    return CellError("#DIV/0!") if item == "=1/0" else item


def cell_arguments(args: list[Any]) -> list[Any]:
    return [
        [[cell_value(item) for item in value]] if isinstance(value, list) else cell_value(value)
        for value in args
    ]


def all_numbers(args: list[Any]) -> bool:
    items = [item for value in args for item in (value if isinstance(value, list) else [value])]
    return all(isinstance(i, int | float) and not isinstance(i, bool) for i in items)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, CellError) or isinstance(b, CellError):
        return isinstance(a, CellError) and isinstance(b, CellError) and a.code == b.code
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-300)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    path = build(tmp_path_factory.mktemp("engine-errors") / "mix.xlsx")
    found = {}
    for engine in ("fast", "formulas"):
        with roikit.open(path, engine=engine) as book:
            book.calculate()
            found[engine] = [book.get(f"Cases!A{row}") for row in range(1, len(CASES) + 1)]
    return found


@pytest.mark.parametrize("engine", ["fast", "formulas"])
def test_every_engine_cell_is_what_the_spreadsheet_edge_says(
    results: dict[str, list[Any]], engine: str
) -> None:
    wrong = [
        (function.name, args, value, expected)
        for (function, args), value in zip(CASES, results[engine], strict=True)
        if not same(value, expected := call(function, *cell_arguments(args)))
    ]
    assert wrong == [], wrong[:5]


def test_on_numbers_the_engines_show_the_error_the_scalar_api_names(
    results: dict[str, list[Any]],
) -> None:
    checked = 0
    for row, (function, args) in enumerate(CASES):
        if not all_numbers(args):
            continue
        try:
            function.func(*args)
        except MetricError as err:
            checked += 1
            for engine in ("fast", "formulas"):
                value = results[engine][row]
                assert isinstance(value, CellError), (engine, function.name, args, value)
                assert value.code == err.excel_error, (engine, function.name, args, value, err)
    assert checked >= 20  # the draw holds enough all-number rows that fail


def test_the_draw_mixes_every_kind_of_cell() -> None:
    items = [i for _, args in CASES for v in args for i in (v if isinstance(v, list) else [v])]
    kinds = {type(item).__name__ for item in items}
    assert {"int", "float", "NoneType", "str", "bool"} <= kinds
    assert "=1/0" in items and 1e308 in items and 5e-324 in items
