"""Parity: both engines agree with each other and with roikit.cells on a generated corpus.

The corpus is one workbook: every catalog function on each of its catalog examples and on bad
inputs (a zero, a blank, text, a negative, 25 given as a rate, a blank cost line), saved under
its plain name and with Excel's ``_xludf.`` prefix; and ordinary Excel (arithmetic, SUM, IF,
IFERROR, AVERAGE, ROUND, cross-sheet references, defined names). Values must agree to a relative
1e-9 and errors must be the same error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

import roikit
from roikit.catalog import CATALOG, FunctionSpec
from roikit.cells import CellError, call
from roikit.xlsx.package import column_letters
from tests.helpers.values import same
from tests.helpers.workbooks import define

_FIRST_ARGUMENT_COLUMN = 3


def _bad_inputs(function: FunctionSpec) -> list[tuple[str, tuple[Any, ...]]]:
    base = function.examples[0].args
    cases = []
    for at, argument in enumerate(function.arguments[: len(base)]):

        def replaced(value: Any, at: int = at) -> tuple[Any, ...]:
            return (*base[:at], value, *base[at + 1 :])

        cases += [
            (f"{argument.name} is 0", replaced(0)),
            (f"{argument.name} is blank", replaced(None)),
            (f"{argument.name} is text", replaced("lots")),
            (f"{argument.name} is negative", replaced(-1)),
        ]
        if argument.kind == "rate":
            cases.append((f"{argument.name} is 25 (meant 25%)", replaced(25)))
        if argument.is_range and isinstance(base[at], list):
            cases.append((f"{argument.name} has a blank line", replaced([*base[at], None])))
    return cases


def corpus() -> list[tuple[str, FunctionSpec, str, tuple[Any, ...]]]:
    """(case id, function, name as written in the cell, arguments)."""
    cases = []
    for function in CATALOG:
        for number, example in enumerate(function.examples):
            cases.append(
                (f"{function.name} example {number}", function, function.name, example.args)
            )
        cases.append(
            (
                f"{function.name} as _xludf",
                function,
                f"_xludf.{function.name}",
                function.examples[0].args,
            )
        )
        for label, args in _bad_inputs(function):
            cases.append((f"{function.name}: {label}", function, function.name, args))
    return cases


CASES = corpus()

#: ordinary Excel, on the "Plain" sheet (A column), with the value it must have
PLAIN = [
    ("=1+2*3-4/8", 6.5),
    ("=2^10", 1024),
    ("=SUM(Data!B1:B3)", 60),
    ("=AVERAGE(Data!B1:B3)", 20),
    ("=ROUND(2.345,2)", 2.35),
    ("=ROUND(-2.5,0)", -3),
    ('=IF(Data!B1>5,"big","small")', "big"),
    ("=IFERROR(1/0,42)", 42),
    ("=1/0", CellError("#DIV/0!")),
    ("=base*2", 20),
    ("=SUM(block)", 60),
    ("=ROMI(base*10000,0.25,block)*1", (100000 * 0.25 - 60) / 60),
    ('=CONCATENATE("n=",Data!B2)', "n=20"),
    ("=Data!B3-Data!B2", 10),
]


def build(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Corpus"
    for row, (_, _, written, args) in enumerate(CASES, start=1):
        column = _FIRST_ARGUMENT_COLUMN
        references = []
        for value in args:
            values = value if isinstance(value, list) else [value]
            first = column
            for item in values:
                if item is not None:
                    sheet.cell(row, column, item)
                column += 1
            last = column - 1
            reference = f"{column_letters(first)}{row}"
            if isinstance(value, list):
                reference += f":{column_letters(last)}{row}"
            references.append(reference)
        sheet.cell(row, 1, f"={written}({','.join(references)})")
    data = workbook.create_sheet("Data")
    for row, value in enumerate((10, 20, 30), start=1):
        data.cell(row, 2, value)
    plain = workbook.create_sheet("Plain")
    for row, (formula, _) in enumerate(PLAIN, start=1):
        plain.cell(row, 1, formula)
    define(workbook, "base", "Data!$B$1")
    define(workbook, "block", "Data!$B$1:$B$3")
    workbook.save(path)
    return path


def python_arguments(args: tuple[Any, ...]) -> list[Any]:
    """What each engine hands over for these cells: a value, or a one-row range."""
    return [[list(value)] if isinstance(value, list) else value for value in args]


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, dict[str, Any]]:
    path = build(tmp_path_factory.mktemp("parity") / "corpus.xlsx")
    found = {}
    for engine in ("fast", "formulas"):
        book = roikit.open(path, engine=engine)
        book.calculate()
        found[engine] = {
            "Corpus": [book.get(f"Corpus!A{row}") for row in range(1, len(CASES) + 1)],
            "Plain": [book.get(f"Plain!A{row}") for row in range(1, len(PLAIN) + 1)],
        }
    return found


@pytest.mark.parametrize(("row", "case"), list(enumerate(CASES)), ids=[c[0] for c in CASES])
def test_catalog_function_same_in_both_engines_and_cells(results, row, case):
    _, function, _, args = case
    expected = call(function, *python_arguments(args))
    fast, reference = results["fast"]["Corpus"][row], results["formulas"]["Corpus"][row]
    assert same(fast, expected), (fast, expected)
    assert same(reference, expected), (reference, expected)


@pytest.mark.parametrize(("row", "case"), list(enumerate(PLAIN)), ids=[c[0] for c in PLAIN])
def test_plain_excel_same_in_both_engines(results, row, case):
    _, expected = case
    assert same(results["fast"]["Plain"][row], expected)
    assert same(results["formulas"]["Plain"][row], expected)


EXAMPLES = [
    (row, CellError(example.result) if example.is_error else example.result)
    for row, (label, function, _, _) in enumerate(CASES)
    for number, example in enumerate(function.examples)
    if label == f"{function.name} example {number}"
]


@pytest.mark.parametrize(("row", "result"), EXAMPLES, ids=[CASES[row][0] for row, _ in EXAMPLES])
def test_catalog_examples_give_their_results_in_both_engines(results, row, result):
    assert same(results["fast"]["Corpus"][row], result)
    assert same(results["formulas"]["Corpus"][row], result)


def test_the_corpus_covers_errors_of_every_kind(results):
    codes = {v.code for v in results["fast"]["Corpus"] if isinstance(v, CellError)}
    assert {"#DIV/0!", "#NUM!", "#VALUE!"} <= codes
