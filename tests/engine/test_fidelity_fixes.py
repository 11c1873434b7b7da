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
from tests.helpers.workbooks import hand_made

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


# ------------------------------------------------------------------ the fast engine's design


def test_text_renders_excels_format_codes_in_the_fast_engine(tmp_path):
    """TEXT is roikit's (engine.number_format) over formualizer's and IronCalc's; values from
    Microsoft's TEXT page (support.microsoft.com, "TEXT function") and its number format codes
    page; the cell depending on a TEXT cell takes the same engine's value."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["A2"], sheet["A3"] = 1234.567, 1.5, -0.25
    sheet["B1"] = '=TEXT(A1,"$#,##0.00")'
    sheet["B2"] = '=TEXT(A2,"[h]:mm")'
    sheet["B3"] = '=TEXT(A3,"0%;(0%)")'
    sheet["B4"] = '=TEXT(A1,"0.0E+00")'
    sheet["C1"] = "=LEN(B1)"
    workbook.save(tmp_path / "text.xlsx")
    book = roikit.open(tmp_path / "text.xlsx")
    assert [book.get(f"Sheet!B{row}") for row in range(1, 5)] == [
        "$1,234.57",
        "36:00",
        "(25%)",
        "1.2E+03",
    ]
    assert book.get("Sheet!C1") == 9


def test_text_counts_dates_from_1904_when_the_workbook_does(tmp_path):
    rows = (
        '<row r="1"><c r="A1"><v>0</v></c>'
        '<c r="B1" t="str"><f>TEXT(A1,"yyyy-mm-dd")</f><v></v></c></row>'
    )
    path = hand_made(tmp_path / "mac.xlsx", rows, {}, date1904=True)
    assert roikit.open(path).get("Data!B1") == "1904-01-01"


def test_roikit_functions_take_ironcalcs_value_of_their_arguments(tmp_path):
    """Excel's COUNTIF counts the cells equal to an error criterion (support.microsoft.com,
    COUNTIF: "criteria ... a number, expression, cell reference, or text string"; an error
    value in the criteria cell matches that error): formualizer gives #N/A, IronCalc 1. The
    CTR over it must use IronCalc's 1: 1 click / 4 delivered = 25 %."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["A2"], sheet["A3"] = "=NA()", 1, 2
    sheet["B1"] = "=NA()"
    sheet["C1"] = "=COUNTIF(A1:A3,B1)"
    sheet["D1"] = "=CTR(C1,4)"
    workbook.save(tmp_path / "countif.xlsx")
    book = roikit.open(tmp_path / "countif.xlsx")
    assert book.get("Sheet!C1") == 1
    assert book.get("Sheet!D1") == 0.25


def test_an_error_summed_by_sumif_is_the_answer(tmp_path):
    # Excel's SUMIF adds the sum range's cells whose criteria cell matches, and an error among
    # them is the result (IronCalc's SUMIF test workbook, SUMIF_AVERAGE_IF.xlsx, Sheet1!T2, as
    # Excel saved it): IronCalc gives #DIV/0!, formualizer 0; the fast engine takes #DIV/0!
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row, (criterion, value) in enumerate([(1, 1), (2, 2), (3, "=1/0")], start=2):
        sheet[f"Q{row}"], sheet[f"S{row}"] = criterion, value
    sheet["T2"] = '=SUMIF(Q2:Q4,">2",S2:S4)'
    workbook.save(tmp_path / "sumif.xlsx")
    assert roikit.open(tmp_path / "sumif.xlsx").get("Sheet!T2") == CellError("#DIV/0!")


@pytest.mark.parametrize(
    ("formula", "walked"),
    [
        ("VLOOKUP(A1,D:E,2,0)", True),
        ("SUM(1,MAX(A:A))", True),
        ('SUMPRODUCT((A:A="x")*B:B)', True),  # through the grouping parentheses
        ('COUNTIF($G:$G, _xlfn.CONCAT("<",H2))', False),  # COUNTIF stops at the last cell used
        ("SUMIFS(E:E,D:D,A1)", False),
        ("_xlfn.GAMMA.DIST(H:H,B60,C60,D60)", False),  # one value: implicit intersection
        ("A:A&B1", False),
    ],
)
def test_ironcalc_is_not_asked_where_whole_columns_would_take_it_long(formula, walked):
    from roikit.engine.fast import _WHOLE_COLUMNS, _walked

    match = _WHOLE_COLUMNS.search(formula)
    assert _walked(formula, match.start(), match.end()) is walked


def test_whole_column_lookups_skip_ironcalc(tmp_path):
    from roikit.engine.fast import IRONCALC_VISITS, _whole_line_visits
    from roikit.xlsx import Package

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, 11):
        sheet[f"B{row}"] = f"=VLOOKUP(A{row},$D:$E,2,0)"
        sheet[f"C{row}"] = f"=SUMIFS($E:$E,$D:$D,A{row})"
    workbook.save(tmp_path / "lookups.xlsx")
    package = Package(tmp_path / "lookups.xlsx")
    # ten VLOOKUPs over two whole columns; the SUMIFS stop at the last cell used
    assert _whole_line_visits(package) == 10 * 2 * 1_048_576 > IRONCALC_VISITS
    package.close()


def test_values_taken_from_ironcalc_follow_the_inputs(tmp_path):
    # as above; then the criterion changes with an input: COUNTIF(A1:A3, 5) = 2, CTR = 2/4
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["A2"], sheet["A3"] = "=NA()", 5, 5
    sheet["E1"] = 1
    sheet["B1"] = "=IF(E1=1,NA(),5)"
    sheet["C1"] = "=COUNTIF(A1:A3,B1)"
    sheet["D1"] = "=CTR(C1,4)"
    workbook.save(tmp_path / "countif.xlsx")
    book = roikit.open(tmp_path / "countif.xlsx")
    assert book.get("Sheet!D1") == 0.25
    book.set("Sheet!E1", 0)
    assert book.get("Sheet!C1") == 2
    assert book.get("Sheet!D1") == 0.5
    book.set("Sheet!E1", 1)
    assert book.get("Sheet!D1") == 0.25


def test_a_workbook_with_a_chart_sheet_is_calculated(tmp_path):
    # a chart sheet has no cells: IronCalc's copy has no such sheet (Apache POI's 57181.xlsm,
    # IronCalc's example.xlsx and others were refused with a KeyError)
    from openpyxl.chart import BarChart, Reference

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["A2"], sheet["A3"] = 1000, 400, "=ROMI(A1,25%,A2)"
    sheet["A4"] = "=A3*2"
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=2))
    workbook.create_chartsheet("Chart1").add_chart(chart)
    workbook.save(tmp_path / "chart.xlsx")
    for engine in ("fast", "ironcalc", "formulas"):
        book = roikit.open(tmp_path / "chart.xlsx", engine=engine)
        book.calculate()
        book.save(tmp_path / f"{engine}.xlsx")
    assert roikit.open(tmp_path / "chart.xlsx").get("Sheet!A4") == -0.75


def _legacy_arrays(path: Path) -> Path:
    """Array formulas entered with Ctrl+Shift+Enter over areas larger than their results."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, 6):
        sheet.cell(row, 1, row)
        sheet.cell(row, 2, row * 10)
        sheet.cell(row, 3, row * 100)
    sheet["E1"] = ArrayFormula("E1:F3", "=A1:A3*2")  # one column: repeated across
    sheet["E5"] = ArrayFormula("E5:G6", "=A1:C1*2")  # one row: repeated down
    sheet["I1"] = ArrayFormula("I1:J2", "=SUM(A1:A3)")  # one value: everywhere
    sheet["L1"] = ArrayFormula("L1:N3", "=A1:B2*1")  # 2 x 2 in 3 x 3: #N/A beyond
    sheet["P1"] = ArrayFormula("P1:Q2", "=1/0")  # an error: everywhere
    workbook.save(path)
    return path


#: Excel's values (Microsoft, "Guidelines and examples of array formulas": a result smaller
#: than the selected range is repeated when it is one row or one column, and #N/A fills cells
#: beyond a larger one); LibreOffice gives the same (test_libreoffice_files)
LEGACY_ARRAY_VALUES = {
    **{"E1": 2, "F1": 2, "E2": 4, "F2": 4, "E3": 6, "F3": 6},
    **{"E5": 2, "F5": 20, "G5": 200, "E6": 2, "F6": 20, "G6": 200},
    **{"I1": 6, "J1": 6, "I2": 6, "J2": 6},
    **{"L1": 1, "M1": 10, "N1": "#N/A", "L2": 2, "M2": 20, "N2": "#N/A"},
    **{"L3": "#N/A", "M3": "#N/A", "N3": "#N/A"},
    **{"P1": "#DIV/0!", "Q1": "#DIV/0!", "P2": "#DIV/0!", "Q2": "#DIV/0!"},
}


def _shown(value):
    return value.code if isinstance(value, CellError) else value


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("ironcalc", [True, False], ids=["with-ironcalc", "formualizer-alone"])
def test_legacy_array_formula_fills_its_area_as_excel_does(tmp_path, engine, ironcalc, monkeypatch):
    if not ironcalc:  # a workbook too large for IronCalc's cross-check: formualizer alone
        monkeypatch.setattr(fast, "IRONCALC_LIMIT", 0)
    book = roikit.open(_legacy_arrays(tmp_path / "legacy.xlsx"), engine=engine)
    book.calculate()
    shown = {cell: _shown(book.get(f"Sheet!{cell}")) for cell in LEGACY_ARRAY_VALUES}
    assert shown == LEGACY_ARRAY_VALUES


def test_dynamic_array_area_is_not_filled_as_a_legacy_one(tmp_path):
    # a dynamic array (cell metadata cm="1") spills its result at its own size: the cells of a
    # saved area beyond it are blank (the spill shrank), not #N/A or a repeated value
    path = _rewrite_sheet(
        _legacy_arrays(tmp_path / "dynamic.xlsx"),
        lambda xml: xml.replace(b'<c r="E1">', b'<c r="E1" cm="1">').replace(
            b'<c r="L1">', b'<c r="L1" cm="1">'
        ),
    )
    assert b'<c r="E1" cm="1">' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    book = roikit.open(path)
    book.calculate()
    assert [book.get(f"Sheet!{cell}") for cell in ("E1", "E3", "F1", "M2", "N1", "L3")] == [
        2,
        6,
        None,
        20,
        None,
        None,
    ]
