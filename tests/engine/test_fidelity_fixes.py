"""Engine bugs found by the fidelity corpus (``make fidelity``), each pinned by a small workbook
built here in the shape Excel saves it (the corpus files themselves are not in the repository).

Expected values are Excel's: worked by hand from Microsoft's function pages (cited per test).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

import roikit
from roikit.cells import CellError
from roikit.engine import fast

ENGINES = ["fast", "formulas"]


def _rewrite_sheet(path: Path, change) -> Path:
    """``path`` with its first sheet's XML passed through ``change`` (bytes -> bytes)."""
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = change(parts[sheet])
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def _volatile_array(path: Path) -> Path:
    """A volatile array formula over C1:C2, as Excel saves it: the area's second cell holds an
    empty formula ``<f ca="1"/>`` and the cached value (as pycel's lookup.xlsx, sheet Offset,
    holds OFFSET's)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["A2"] = 7, 12
    sheet["C1"] = ArrayFormula("C1:C2", "=A1:A2+0*RAND()")
    sheet["D1"] = "=A1+A2"
    workbook.save(path)
    return _rewrite_sheet(
        path,
        lambda xml: re.sub(
            rb'(<c r="A2"[^>]*>.*?</c>)', rb'\1<c r="C2"><f ca="1"/><v>12</v></c>', xml, count=1
        ),
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_empty_formula_of_a_volatile_array_area_is_filled_by_the_array(tmp_path, engine):
    path = _volatile_array(tmp_path / "offset.xlsx")
    assert b'<f ca="1"/>' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    book = roikit.open(path, engine=engine)
    book.calculate()
    assert book.uncalculated() == {}
    assert book.get("Sheet!C1:C2") == [[7], [12]]
    assert book.get("Sheet!D1") == 19


@pytest.mark.parametrize("engine", ENGINES)
def test_a_failing_function_is_value_error_not_a_circular_reference(tmp_path, engine):
    # Excel: ISODD of text that is not a number is #VALUE! (support.microsoft.com, ISODD)
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = '=ISODD("XYZZY")'
    workbook.active["A2"] = "=IFERROR(A1,-1)"
    workbook.save(tmp_path / "isodd.xlsx")
    book = roikit.open(tmp_path / "isodd.xlsx", engine=engine)
    book.calculate()
    assert book.uncalculated() == {}
    assert book.get("Sheet!A1") == CellError("#VALUE!")
    assert book.get("Sheet!A2") == -1


@pytest.mark.parametrize("engine", ENGINES)
def test_constant_argument_of_a_roikit_function(tmp_path, engine):
    # ROMI = (revenue x margin - costs) / costs = (1000 x 25% - 400) / 400 = -0.375
    workbook = openpyxl.Workbook()
    workbook.active["B4"], workbook.active["C4"] = 1000, 400
    workbook.active["D4"] = "=ROMI(B4, 25%, C4)"
    workbook.save(tmp_path / "romi.xlsx")
    assert roikit.open(tmp_path / "romi.xlsx", engine=engine).get("Sheet!D4") == -0.375


@pytest.mark.parametrize("engine", ENGINES)
def test_array_formula_results_fill_their_area(tmp_path, engine):
    workbook = openpyxl.Workbook()
    workbook.active["A1"], workbook.active["A2"] = 1, 2
    workbook.active["B1"] = ArrayFormula("B1:B2", "=A1:A2*3")
    workbook.save(tmp_path / "array.xlsx")
    book = roikit.open(tmp_path / "array.xlsx", engine=engine)
    saved = roikit.open(book.save(tmp_path / "saved.xlsx"), engine=engine)
    assert [saved.package.cached_value("Sheet", cell) for cell in ("B1", "B2")] == [3, 6]


@pytest.mark.parametrize("engine", ENGINES)
def test_numbers_stored_as_text_in_a_range_are_not_added_or_counted(tmp_path, engine):
    # Excel's SUM and COUNT: "If an argument is an array or reference, only numbers in that
    # array or reference are counted. Empty cells, logical values, or text ... are ignored."
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["A2"] = "5", 3
    sheet["B1"] = "=SUM(A1:A2)"
    sheet["B2"] = "=COUNT(A1:A2)"
    sheet["B3"] = '=SUMIFS(A1:A2,A1:A2,">0")'
    sheet["B4"] = '=SUM("5",A2)'  # typed as an argument, the text is a number
    workbook.save(tmp_path / "text.xlsx")
    book = roikit.open(tmp_path / "text.xlsx", engine=engine)
    assert [book.get(f"Sheet!B{row}") for row in range(1, 5)] == [3, 1, 3, 8]


def test_spill_error_is_kept_as_such():
    # formualizer's spill error is Excel's #SPILL!, not #VALUE!
    assert fast.read({"type": "Error", "kind": "Spill"}) == CellError("#SPILL!")
    assert fast.write(CellError("#SPILL!")) == {"type": "Error", "kind": "Spill"}


def test_workbook_with_a_cached_spill_error_opens(tmp_path):
    # formualizer's reader refuses a file holding a cached #SPILL! (as Excel saves a blocked
    # dynamic array); roikit hands it a copy without that cached value
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "=1+1"
    workbook.save(tmp_path / "spill.xlsx")
    path = _rewrite_sheet(
        tmp_path / "spill.xlsx",
        lambda xml: re.sub(
            rb'<c r="A1"[^>]*>.*?</c>', b'<c r="A1" t="e"><f>1+1</f><v>#SPILL!</v></c>', xml
        ),
    )
    assert roikit.open(path).get("Sheet!A1") == 2
