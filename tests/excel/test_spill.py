"""Ranges where one value belongs spill one result per row, equal to the call of each row.

:func:`roikit.cells.call` answers ``=CTR(C2:C4, B2:B4)`` with one result per cell; here the
hosts that run it here: the classic add-in's UDFs through xlwings' own conversion, and both
headless engines on a workbook whose formulas are array formulas over three rows, as Excel
saves a spilled formula. (Lite: tests/excel/test_lite_pyodide.py; the VBA's per-cell error
values: tests/excel/test_vba_libreoffice.py.)
"""

from __future__ import annotations

import importlib

import pytest

from roikit.catalog import CATALOG
from roikit.cells import CellError, call

#: every function whose arguments are all single values: the ones that spill
SPILLING = [f for f in CATALOG if not any(argument.is_range for argument in f.arguments)]


def rows_of(function):
    """Three rows of arguments: the first example, a text value, and zeros (often undefined)."""
    base = list(function.examples[0].args)
    base += [argument.default for argument in function.arguments[len(base) :]]
    return [base, ["abc", *base[1:]], [0.0] * len(base)]


def expected_rows(function):
    return [call(function, *row) for row in rows_of(function)]


def same(found, wanted) -> bool:
    if isinstance(wanted, CellError):
        return isinstance(found, CellError) and found.code == wanted.code
    if isinstance(wanted, bool):
        return found is wanted or found == wanted
    return found == pytest.approx(wanted, rel=1e-12)


def test_the_functions_that_spill_are_those_of_single_values():
    names = {function.name for function in SPILLING}
    assert {"CTR", "OPEN_RATE", "CONVERSION_RATE", "LTV_CAC"} <= names
    assert not {"ROMI", "CAC", "SALES_CYCLE"} & names  # a range of cost lines or dates


@pytest.mark.parametrize("function", SPILLING, ids=lambda f: f.name)
def test_classic_udf_spills_the_rows_with_errors_as_text(function, xlwings_udfs, excel_engine):
    from xlwings import conversion

    udfs = importlib.import_module("roikit.excel.udfs")
    udf = getattr(udfs, function.name)
    columns = list(zip(*rows_of(function), strict=True))
    infos = udf.__xlfunc__["args"]
    values = [
        conversion.read(None, tuple((cell,) for cell in column), info["options"])
        for column, info in zip(columns, infos, strict=True)
    ]
    written = conversion.write(udf(*values), None, udf.__xlfunc__["ret"]["options"])
    for [found], wanted in zip(written, expected_rows(function), strict=True):
        if isinstance(wanted, CellError):
            assert found == str(wanted)
        else:
            assert same(found, wanted)


@pytest.fixture(scope="module")
def spill_book(tmp_path_factory):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.formula import ArrayFormula

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Spill"
    places = {}
    for block, function in enumerate(SPILLING):
        top = 1 + 4 * block
        columns = list(zip(*rows_of(function), strict=True))
        ranges = []
        for index, column in enumerate(columns, start=2):
            letter = get_column_letter(index)
            for offset, value in enumerate(column):
                sheet[f"{letter}{top + offset}"] = value
            ranges.append(f"{letter}{top}:{letter}{top + 2}")
        target = f"A{top}:A{top + 2}"
        sheet[f"A{top}"] = ArrayFormula(target, f"={function.name}({','.join(ranges)})")
        places[function.name] = [f"Spill!A{top + offset}" for offset in range(3)]
    path = tmp_path_factory.mktemp("spill") / "spill.xlsx"
    book.save(path)
    return path, places


@pytest.mark.parametrize("engine", ["fast", "formulas"])
def test_both_engines_spill_each_row_as_its_own_call(spill_book, engine):
    import roikit

    path, places = spill_book
    book = roikit.open(path, engine=engine)
    for function in SPILLING:
        found = [book.get(place) for place in places[function.name]]
        wanted = expected_rows(function)
        assert all(same(f, w) for f, w in zip(found, wanted, strict=True)), (
            function.name,
            found,
            wanted,
        )
