"""Workbooks built in Excel with roikit's classic add-in (roikit.xlam): Excel saves each call
of the add-in's functions through an external link, ``[1]!ROMI(A1,A2,A3:A4)``. roikit
calculates them as its own functions, and saves the formulas as Excel wrote them."""

from __future__ import annotations

import zipfile

import pytest

import roikit
from roikit.errors import UnsupportedFeatureError
from tests.helpers.corpus import ROMI_NAMES, add_in_calls, cells, formula, number

ROWS = cells(
    (
        1,
        number("A1", 558800.0)
        + formula("B1", "[1]!ROMI(A1,A2,A3:A4)", "1.2")
        + formula("C1", "[1]!ROMI(A1,A2,A3:A4)*100", "120"),
    ),
    (2, number("A2", 0.25)),
    (3, number("A3", 13500.0)),
    (4, number("A4", 50000.0)),
)
ADD_IN = "file:///C:/Users/anna/AppData/Roaming/Microsoft/AddIns/roikit.xlam"


@pytest.fixture
def book_path(tmp_path):
    return add_in_calls(tmp_path / "month.xlsx", ADD_IN, ["ROMI"], ROWS, ROMI_NAMES)


@pytest.mark.parametrize("engine", ["fast", "formulas"])
def test_calls_through_roikits_add_in_are_roikits_functions(book_path, engine):
    book = roikit.open(book_path, engine=engine)
    book.set("revenue", 600000)
    book.calculate()
    expected = (600000 * 0.25 - 63500) / 63500
    assert book.get("romi") == pytest.approx(expected)
    assert book.get("Data!C1") == pytest.approx(expected * 100)


def test_saved_formulas_keep_excels_link_and_get_new_values(book_path, tmp_path):
    book = roikit.open(book_path)
    book.set("revenue", 600000)
    saved = book.save(tmp_path / "out.xlsx")
    with zipfile.ZipFile(saved) as out, zipfile.ZipFile(book_path) as source:
        sheet = out.read("xl/worksheets/sheet1.xml")
        assert b"<f>[1]!ROMI(A1,A2,A3:A4)</f><v>1.36220472440944" in sheet
        for part in ("xl/externalLinks/externalLink1.xml", "xl/_rels/workbook.xml.rels"):
            assert out.read(part) == source.read(part)


def test_another_add_ins_function_is_named_with_its_add_in(tmp_path):
    rows = cells(
        (
            1,
            number("A1", 1.0)
            + formula("B1", '[1]!HsGetValue("HSACTIVE",A1)', "5")
            + formula("C1", "B1*2", "10"),
        )
    )
    path = add_in_calls(
        tmp_path / "smartview.xlsx",
        "/Oracle/SmartView/bin/HsTbar.xla",
        ["HsGetValue"],
        rows,
        {"value": "Data!$B$1", "double": "Data!$C$1"},
    )
    book = roikit.open(path)
    with pytest.raises(UnsupportedFeatureError, match=r"add-in HsTbar\.xla: only Excel with"):
        book.get("value")
    with pytest.raises(
        UnsupportedFeatureError, match=r"HSGETVALUE \(a function of the Excel add-in"
    ):
        book.get("double")  # a cell depending on it


def test_only_calls_of_roikits_functions_through_the_add_in_become_plain_calls(book_path):
    """``[1]!ROMI`` with no parenthesis is a name of the linked book, not a call; ``[2]!ROMI(``
    goes through another link; ``"[1]!ROMI("`` is text: all stay as Excel wrote them."""
    from roikit.engine.loadable import clean
    from roikit.xlsx import Package, roikit_add_in_calls

    package = Package(book_path)
    try:
        (add_in,) = package.add_ins.values()
        assert add_in.file == "roikit.xlam" and add_in.functions == {"ROMI"}
        calls = roikit_add_in_calls(package)
    finally:
        package.close()
    xml = (
        b'<c r="B1"><f>[1]!ROMI(A1,A2,A3)+[1]!romi(A1,A2,A3)</f></c>'
        b'<c r="B2"><f t="shared" ref="B2:B3" si="0">[1]!ROMI*2+[2]!ROMI(A1,A2,A3)</f></c>'
        b'<c r="B4"><f>"[1]!ROMI(" &amp; A1</f></c>'
    )
    assert clean(xml, calls) == (
        b'<c r="B1"><f>ROMI(A1,A2,A3)+romi(A1,A2,A3)</f></c>'
        b'<c r="B2"><f t="shared" ref="B2:B3" si="0">[1]!ROMI*2+[2]!ROMI(A1,A2,A3)</f></c>'
        b'<c r="B4"><f>"[1]!ROMI(" &amp; A1</f></c>'  # text stays text
    )


def test_a_damaged_link_part_leaves_the_workbook_readable(tmp_path):
    """A link part that is no XML lends no function (the calls through it are then #NAME?),
    and every other cell is calculated as before."""
    source = add_in_calls(tmp_path / "month.xlsx", ADD_IN, ["ROMI"], ROWS, ROMI_NAMES)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(source) as good, zipfile.ZipFile(damaged, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            bad.writestr(item, b"<externalLink" if "externalLinks/" in item.filename else data)
    book = roikit.open(damaged)
    assert book.get("revenue") == 558800
    with pytest.raises(UnsupportedFeatureError, match=r"#NAME\?: =\[1\]!ROMI"):
        book.get("romi")


def test_lambda_add_hands_the_add_ins_calls_to_the_lambdas(tmp_path):
    """For a colleague without the add-in: roikit's calls through the link become plain calls,
    which the workbook's named LAMBDAs answer; a function with no LAMBDA (BGNBD_CLV) stays
    the add-in's; every other part of the sheet is as Excel wrote it."""
    from roikit.templates import add_lambdas

    rows = ROWS.replace("</row>", formula("D1", "[1]!BGNBD_CLV(A1,A2)", "7") + "</row>", 1)
    names = {**ROMI_NAMES, "romi_result": ROMI_NAMES["romi"]}
    del names["romi"]  # a name equal to a function's would be refused
    source = add_in_calls(tmp_path / "m.xlsx", ADD_IN, ["ROMI", "BGNBD_CLV"], rows, names)
    out, _ = add_lambdas(source, tmp_path / "shared.xlsx")
    with zipfile.ZipFile(out) as saved, zipfile.ZipFile(source) as original:
        sheet = saved.read("xl/worksheets/sheet1.xml")
        expected = original.read("xl/worksheets/sheet1.xml").replace(b"[1]!ROMI(", b"ROMI(")
        assert sheet == expected
        assert b"<f>[1]!BGNBD_CLV(A1,A2)</f>" in sheet
        assert b'<definedName name="ROMI"' in saved.read("xl/workbook.xml")
    book = roikit.open(out)
    book.calculate(["romi_result"])
    assert book.get("romi_result") == pytest.approx(1.2)


def test_a_filled_down_column_of_add_in_calls_is_computed_at_once_as_cell_by_cell(
    tmp_path, monkeypatch
):
    """``[1]!ROMI(A2,B2,C2)`` down a column is a run (engine.columns), like ``ROMI(A2,B2,C2)``:
    the same saved workbook as one call per cell. Through another add-in's link, no run: its
    ROMI may be another formula."""
    from roikit.engine import columns

    rows = cells(
        *(
            (
                row,
                number(f"A{row}", 1000.0 * row)
                + number(f"B{row}", 0.25)
                + number(f"C{row}", 100.0 + row % 7)
                + formula(f"D{row}", f"[1]!ROMI(A{row},B{row},C{row})"),
            )
            for row in range(1, 101)
        )
    )
    names = {"first": "Data!$D$1"}
    path = add_in_calls(tmp_path / "column.xlsx", ADD_IN, ["ROMI"], rows, names)
    from roikit.xlsx import Package

    package = Package(path)
    try:
        (run,) = columns.plan(package)
        assert (run.function.name, len(run.rows)) == ("ROMI", 100)
    finally:
        package.close()
    saved = {}
    for enabled in (True, False):
        monkeypatch.setattr(columns, "ENABLED", enabled)
        book = roikit.open(path)
        book.calculate()
        saved[enabled] = book.save(tmp_path / f"out-{enabled}.xlsx").read_bytes()
    assert saved[True] == saved[False]
    saved_book = roikit.open(tmp_path / "out-True.xlsx")
    assert saved_book.package.cached_value("Data", "D1") == pytest.approx((250 - 101) / 101)
    other = add_in_calls(tmp_path / "other.xlsx", "/x/other.xlam", ["ROMI"], rows, names)
    package = Package(other)
    try:
        assert columns.plan(package) == []
    finally:
        package.close()


def test_another_add_ins_function_of_a_roikit_name_is_not_taken_for_roikits(tmp_path):
    """A vendor's add-in lending its own ROMI: never silently roikit's formula."""
    path = add_in_calls(
        tmp_path / "vendor.xlsx", "C:\\Vendor\\kpi.xlam", ["ROMI"], ROWS, ROMI_NAMES
    )
    with pytest.raises(UnsupportedFeatureError, match=r"add-in kpi\.xlam: only Excel"):
        roikit.open(path).get("romi")
