"""Workbooks that are valid but odd recalculate correctly in both engines, and save cleanly.

One workbook carries every oddity at once, written the way Excel writes it: a hidden and a very
hidden sheet that formulas read, merged cells, a shared formula, an array formula, inline
strings, and date functions; it comes in the 1900 date system and in the 1904 one (Excel for
Mac's old default). The fast engine calculates both; the formulas engine knows only the 1900
system and says so for a 1904 workbook that reads dates, rather than answer four years off.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

import roikit
from roikit.engine import UnsupportedFeatureError
from tests.helpers.corpus import Sheet, cells, formula, number, romi_workbook

START = dt.date(2026, 5, 1)
EPOCHS = {False: dt.date(1899, 12, 30), True: dt.date(1904, 1, 1)}


def serial(day: dt.date, date1904: bool) -> float:
    """A date's serial number: days since the date system's day 0."""
    return float((day - EPOCHS[date1904]).days)


def data_rows(date1904: bool) -> str:
    return cells(
        (
            1,
            number("A1", 558800.0)
            + formula("B1", "ROMI(A1,A2,A3:A4)")
            + '<c r="C1"><f t="shared" ref="C1:C4" si="0">A1*2</f><v>0</v></c>'
            + '<c r="D1"><f t="array" ref="D1">SUM(A3:A4*2)</f><v>0</v></c>'
            + '<c r="E1" t="inlineStr"><is><t>May newsletter</t></is></c>'
            + '<c r="F1" t="str"><f>E1&amp;"!"</f><v>x</v></c>'
            + number("G1", 10.0)
            + formula("I1", "G1*2")
            + formula("J1", "Hidden!A1+Secret!A1")
            + formula("K1", "YEAR(A6)")
            + formula("L1", "MONTH(A6)")
            + formula("M1", "A6+30"),
        ),
        (2, number("A2", 0.25) + '<c r="C2"><f t="shared" si="0"/><v>0</v></c>'),
        (3, number("A3", 13500.0) + '<c r="C3"><f t="shared" si="0"/><v>0</v></c>'),
        (4, number("A4", 50000.0) + '<c r="C4"><f t="shared" si="0"/><v>0</v></c>'),
        (6, number("A6", serial(START, date1904))),
    )


NAMES = {
    "revenue": "Data!$A$1",
    "margin": "Data!$A$2",
    "start": "Data!$A$6",
    "romi": "Data!$B$1",
    "doubled_margin": "Data!$C$2",
    "doubled_cost": "Data!$C$4",
    "array_sum": "Data!$D$1",
    "label": "Data!$F$1",
    "merged_double": "Data!$I$1",
    "hidden_sum": "Data!$J$1",
    "year": "Data!$K$1",
    "month": "Data!$L$1",
    "thirty_days_on": "Data!$M$1",
    "secret": "Secret!$A$1",
}


def expected(date1904: bool) -> dict[str, float | str]:
    return {
        "romi": 1.2,
        "doubled_margin": 0.5,
        "doubled_cost": 100000.0,
        "array_sum": 127000.0,
        "label": "May newsletter!",
        "merged_double": 20.0,
        "hidden_sum": 9.0,
        "year": 2026.0,
        "month": 5.0,
        "thirty_days_on": serial(START, date1904) + 30,
        "secret": 6.0,
    }


def odd_workbook(path: Path, date1904: bool) -> Path:
    sheets = [
        Sheet(
            "Data",
            data_rows(date1904),
            extra='<mergeCells count="1"><mergeCell ref="G1:H1"/></mergeCells>',
            dimension="A1:M6",
        ),
        Sheet("Hidden", cells((1, number("A1", 3.0))), state="hidden"),
        Sheet("Secret", cells((1, formula("A1", "Hidden!A1*2"))), state="veryHidden"),
    ]
    return romi_workbook(path, sheets=sheets, names=NAMES, date1904=date1904)


@pytest.fixture(scope="module")
def odd_books(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    folder = tmp_path_factory.mktemp("odd")
    return {
        date1904: odd_workbook(folder / f"odd{1904 if date1904 else 1900}.xlsx", date1904)
        for date1904 in (False, True)
    }


ENGINES_AND_SYSTEMS = [
    pytest.param("fast", False, id="fast-1900"),
    pytest.param("fast", True, id="fast-1904"),
    pytest.param("formulas", False, id="formulas-1900"),
]


@pytest.mark.parametrize(("engine", "date1904"), ENGINES_AND_SYSTEMS)
def test_odd_but_valid_workbook_recalculates_correctly(
    odd_books: dict[bool, Path], engine: str, date1904: bool
) -> None:
    with roikit.open(odd_books[date1904], engine=engine) as book:
        book.calculate()
        for name, wanted in expected(date1904).items():
            value = book.get(name)
            if isinstance(wanted, float):
                assert value == pytest.approx(wanted), (name, value)
            else:
                assert value == wanted, (name, value)


@pytest.mark.parametrize(("engine", "date1904"), ENGINES_AND_SYSTEMS)
def test_a_date_input_lands_as_a_serial_of_the_workbooks_date_system(
    odd_books: dict[bool, Path], engine: str, date1904: bool
) -> None:
    with roikit.open(odd_books[date1904], engine=engine) as book:
        book.set("start", dt.date(2027, 2, 14))
        assert book.get("year") == 2027
        assert book.get("month") == 2
        assert book.get("start") == serial(dt.date(2027, 2, 14), date1904)


def test_the_formulas_engine_refuses_a_1904_workbook_that_reads_dates(
    odd_books: dict[bool, Path],
) -> None:
    with pytest.raises(UnsupportedFeatureError, match=r"counts dates from 1904 .*MONTH, YEAR"):
        roikit.open(odd_books[True], engine="formulas")


def test_saving_an_odd_workbook_keeps_sheet_states_merges_and_date_system(
    odd_books: dict[bool, Path], tmp_path: Path
) -> None:
    odd_book = odd_books[True]
    with roikit.open(odd_book) as book:
        book.set("revenue", 1000000)
        saved = book.save(tmp_path / "out.xlsx")
    workbook = openpyxl.load_workbook(saved)
    assert [sheet.sheet_state for sheet in workbook.worksheets] == [
        "visible",
        "hidden",
        "veryHidden",
    ]
    assert workbook.epoch == openpyxl.utils.datetime.MAC_EPOCH
    assert [str(merged) for merged in workbook["Data"].merged_cells.ranges] == ["G1:H1"]
    assert workbook["Data"]["C2"].value == "=A2*2"  # the shared formula, expanded by openpyxl
    values = openpyxl.load_workbook(saved, data_only=True)["Data"]
    assert values["B1"].value == pytest.approx((1000000 * 0.25 - 63500) / 63500)
    assert values["C1"].value == 2000000
    assert values["E1"].value == "May newsletter"
    with zipfile.ZipFile(odd_book) as before, zipfile.ZipFile(saved) as after:
        hidden = "xl/worksheets/sheet2.xml"  # no formula: copied byte for byte
        assert before.read(hidden) == after.read(hidden)
