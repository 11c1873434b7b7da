"""Implicit intersection of legacy formulas (roikit.xlsx.intersection), as Excel calculates it:
a formula saved without ``t="array"`` that uses an area of several cells as one value takes
the area's cell in its own row (of a column) or column (of a row), and #VALUE! where there is
none; Excel 365 shows such a formula as ``=@Price*2`` (Microsoft, "Implicit intersection
operator: @", support.microsoft.com/office/ce3be07b-0101-4450-a24e-c1c999be2b34).

formualizer gives every formula dynamic arrays' meaning (the area spilled: ``#SPILL!``), and
IronCalc, which reads the legacy meaning, cross-checks only workbooks of up to 20,000 formula
cells: these tests turn IronCalc off, as for a larger workbook. On the fidelity corpus (Excel's
cached values) that path went from 13,426 to 13,475 matching cells of 15,629, none lost.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import roikit
from roikit.cells import CellError
from roikit.engine import fast
from roikit.xlsx import REFERENCE, explicit_intersections, has_implicit_intersections
from tests.helpers.workbooks import hand_made


@pytest.fixture()
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """B2:B10 holding 20..100 (Price); legacy formulas reading them as one value."""
    monkeypatch.setattr(fast, "IRONCALC_LIMIT", -1)
    rows = "".join(
        f'<row r="{r}"><c r="B{r}"><v>{r * 10}</v></c><c r="C{r}"><f>Price*2</f><v>0</v></c></row>'
        for r in range(2, 11)
    )
    rows += (
        '<row r="12"><c r="C12"><f>Price*2</f><v>0</v></c><c r="D12"><f>SUM(B2:B10)</f></c>'
        '<c r="E12"><f>D1:D1</f></c></row>'
        '<row r="13"><c r="B13"><f>B5:B9</f></c><c r="C13"><f>$B$2:$B$10</f></c></row>'
        '<row r="15"><c r="D15"><f t="array" ref="D15">SUM(B2:B10*2)</f></c></row>'
    )
    return hand_made(tmp_path / "legacy.xlsx", rows, {"Price": "Data!$B$2:$B$10"})


def test_a_legacy_formula_takes_the_cell_of_an_area_in_its_own_row(legacy: Path) -> None:
    with roikit.open(legacy) as book:
        assert [book.get(f"Data!C{r}") for r in (2, 5, 10)] == [40.0, 100.0, 200.0]
        outside = book.get("Data!C12")  # row 12 is not one of B2:B10's rows
        assert isinstance(outside, CellError) and outside.code == "#VALUE!"
        assert book.get("Data!D12") == 540.0  # a function's area stays an area
        assert book.get("Data!E12") == 0.0  # one cell written as an area: that (blank) cell
        not_in_rows = book.get("Data!B13")
        assert isinstance(not_in_rows, CellError) and not_in_rows.code == "#VALUE!"
        assert book.get("Data!D15") == 1080.0  # an array formula reads the whole area


def test_the_formulas_engine_takes_the_cell_of_an_area_in_its_own_row_too(legacy: Path) -> None:
    with roikit.open(legacy, engine="formulas") as book:
        assert [book.get(f"Data!C{r}") for r in (2, 5, 10)] == [40.0, 100.0, 200.0]
        outside = book.get("Data!C12")
        assert isinstance(outside, CellError) and outside.code == "#VALUE!"
        assert book.get("Data!D12") == 540.0


def test_the_saved_workbook_keeps_the_formulas_as_they_were(legacy: Path, tmp_path: Path) -> None:
    with roikit.open(legacy) as book:
        book.save(tmp_path / "saved.xlsx")
    with zipfile.ZipFile(tmp_path / "saved.xlsx") as saved:
        sheet = saved.read("xl/worksheets/sheet1.xml")
    assert b"<f>Price*2</f>" in sheet and b"@" not in sheet
    assert b"<v>100</v>" in sheet  # C5's value, Excel's


@pytest.mark.parametrize(
    ("formula", "written"),
    [
        ("Price*2", "@Price*2"),
        ("B2:B10", "@B2:B10"),
        ("-Data!B2:B10%", "-@Data!B2:B10%"),
        ("&apos;Q1 plan&apos;!A:A", "@'Q1 plan'!A:A"),
        ("SUM(A1:A3)+B2:B10", "SUM(A1:A3)+@B2:B10"),
        ("B2:B10&amp;&quot;x:y&quot;", '@B2:B10&amp;"x:y"'),
        ("3:3*2", "@3:3*2"),
    ],
)
def test_an_area_at_the_top_of_a_legacy_formula_gets_excels_at(formula: str, written: str) -> None:
    xml = f'<c r="C5"><f>{formula}</f><v>1</v></c>'.encode()
    assert has_implicit_intersections(xml, frozenset({"Price"}))
    assert explicit_intersections(xml, frozenset({"Price"})) == (
        f'<c r="C5"><f>{written}</f><v>1</v></c>'.encode()
    )


@pytest.mark.parametrize(
    "formula",
    [
        "SUM(B2:B10)",  # a function's argument: the function's rules
        "IF(Price&gt;2,1,0)",
        "B5*2",  # one cell
        "D1:D1",  # one cell written as an area
        "B2:B5 C3:C4",  # the intersection of two areas
        "&quot;B2:B5&quot;",  # text
        "Other*2",  # a name of one cell, or none
        "ROMI(A2,B2,C2)",
    ],
)
def test_what_is_not_an_area_used_as_one_value_is_left_alone(formula: str) -> None:
    xml = f'<c r="C5"><f>{formula}</f></c><c r="D5"><f t="array" ref="D5">B2:B10</f></c>'
    assert not has_implicit_intersections(xml.encode(), frozenset({"Price"}))
    assert explicit_intersections(xml.encode(), frozenset({"Price"})) == xml.encode()


#: roikit.xlsx.REFERENCE as it was first written, with ``\w`` and ``\x80-\uffff`` in its classes
#: (compiling those took 12-20 ms in every process; the pattern now spells their complements)
_REFERENCE_AS_WRITTEN = re.compile(
    r"(?<![\w.$!:'\]@\\\x80-\uffff])"
    r"(?:(?:'((?:[^']|'')+)'|([\w.\\\x80-\uffff]+))!)?"
    r"(?:(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?::(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7}))?"
    r"|(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})"
    r"|(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7})"
    r"|(?P<name>[A-Za-z_\\\x80-\uffff][\w.\\\x80-\uffff]*))"
    r"(?![\w.(!:\[\x80-\uffff])"
)


#: characters and pieces of formulas, in and past ASCII
_PIECES = [
    *"AbZ10$!:'.()[]@\\_ ,;=+-*/&\"{Лé中\u00a0€\uffff\x7f\t",
    *["Sheet1!", "B2", "$C$3:D9", "F:F", "2:5", "Цена"],
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_the_reference_pattern_reads_a_formula_as_it_was_first_written(pieces: list[str]) -> None:
    text = "".join(pieces)
    ours = [(m.span(), m.groups()) for m in REFERENCE.finditer(text)]
    assert ours == [(m.span(), m.groups()) for m in _REFERENCE_AS_WRITTEN.finditer(text)]
