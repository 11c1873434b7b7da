"""Excel tables' structured references (roikit.xlsx.tables), written as plain cells for the
engines: by the rules of Microsoft's "Using structured references with Excel tables"
(support.microsoft.com), and checked end to end against formualizer, which reads no table.

On the corpus workbooks saved by Excel that use tables (IronCalc's, Apache POI's, pycel's and
XlsxWriter's test files), formualizer alone gave Excel's value in 3 of their 340
structured-reference cells, and 303 with these rewrites; the rest are SUBTOTAL over hidden
rows, which formualizer counts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table as SheetTable

import roikit
from roikit.engine import fast
from roikit.xlsx import Package, Table
from roikit.xlsx.tables import plain_references

#: Microsoft's example table: DeptSales on A1:E8, a header row, six sales, a totals row
DEPT_SALES = Table(
    "DeptSales",
    "Sales",
    1,
    1,
    8,
    5,
    ("Sales Person", "Region", "Sales Amount", "% Commission", "Commission Amount"),
    header_rows=1,
    totals_rows=1,
)
TABLES = {"deptsales": DEPT_SALES}


@pytest.mark.parametrize(
    ("formula", "plain"),
    [
        # the examples of Microsoft's page, in a cell of row 4 of the table's sheet
        ("SUM(DeptSales[Sales Amount])", "SUM($C$2:$C$7)"),
        ("DeptSales[[#Totals],[Sales Amount]]", "$C$8"),
        ("DeptSales[[#Headers],[% Commission]]", "$D$1"),
        ("DeptSales[[#This Row],[Commission Amount]]", "$E4"),
        ("DeptSales[@[Commission Amount]]", "$E4"),
        ("DeptSales[@Region]", "$B4"),
        ("DeptSales[[Sales Person]:[Region]]", "$A$2:$B$7"),
        ("DeptSales[[#Headers],[#Data],[% Commission]]", "$D$1:$D$7"),
        ("DeptSales[[#Data],[#Totals],[Region]]", "$B$2:$B$8"),
        ("DeptSales[#All]", "$A$1:$E$8"),
        ("DeptSales[#Data]", "$A$2:$E$7"),
        ("DeptSales[]", "$A$2:$E$7"),
        ("DeptSales[#Headers]", "$A$1:$E$1"),
        ("DeptSales[[#This Row],[Sales Amount]:[% Commission]]", "$C4:$D4"),
        # letter case, spaces after commas, and text in quotes left alone
        ("deptsales[[#this row], [sales amount]]", "$C4"),
        ('IF(A1="DeptSales[Region]",DeptSales[@Region],"")', 'IF(A1="DeptSales[Region]",$B4,"")'),
        # what cannot be resolved stays for the engine to refuse
        ("DeptSales[Nope]", "DeptSales[Nope]"),
        ("Other[Region]", "Other[Region]"),
        ("[1]!ROMI(A1,A2,A3)", "[1]!ROMI(A1,A2,A3)"),
    ],
)
def test_structured_references_are_the_cells_excel_reads(formula: str, plain: str) -> None:
    assert plain_references(formula, 4, "Sales", TABLES) == plain


def test_rows_a_table_does_not_have_are_excels_errors_and_other_sheets_are_named() -> None:
    bare = Table("Bare", "Sales", 1, 1, 5, 2, ("A", "B"), header_rows=0, totals_rows=0)
    tables = {"bare": bare}
    assert plain_references("SUM(Bare[#Totals])", 2, "Sales", tables) == "SUM(#REF!)"
    assert plain_references("Bare[#Headers]", 2, "Sales", tables) == "#REF!"
    assert plain_references("Bare[@A]", 9, "Sales", tables) == "#VALUE!"  # below the table
    assert plain_references("Bare[@A]", 5, "Sales", tables) == "$A5"  # no header: row 1 data
    assert plain_references("Bare[B]", 1, "It's here", tables) == "'Sales'!$B$1:$B$5"
    named = Table("T", "It's", 1, 1, 3, 1, ("x",))
    assert plain_references("T[x]", 1, "Other", {"t": named}) == "'It''s'!$A$2:$A$3"


def test_escaped_characters_trailing_spaces_and_the_totals_rows_own_references() -> None:
    """Microsoft's escape rule (' before [ ] # '), a column whose name ends in a space (as in
    the corpus's files), and ``[Sales]`` without a table's name, as Excel writes a totals row's
    formula: the table holding the cell."""
    table = Table("T", "S", 1, 2, 4, 4, ("#OfItems", "Gender ", "[Q1]"), totals_rows=1)
    tables = {"t": table}
    assert plain_references("T['#OfItems]", 2, "S", tables) == "$B$2:$B$3"
    assert plain_references("T[[#This Row],[Gender ]]", 3, "S", tables) == "$C3"
    assert plain_references("T[['[Q1']]]", 2, "S", tables) == "$D$2:$D$3"
    assert plain_references("SUBTOTAL(109,[Gender ])", 4, "S", tables, column=3) == (
        "SUBTOTAL(109,$C$2:$C$3)"
    )
    # outside any table, a bracket without a name is not a table's
    assert plain_references("SUBTOTAL(109,[Gender ])", 9, "S", tables, column=3) == (
        "SUBTOTAL(109,[Gender ])"
    )


def campaign_table(
    path: Path, rows: int, name: str = "Campaigns", revenue: str = "Revenue"
) -> Path:
    """A campaign list as an Excel table, ROMI per row with this-row references (as Excel saves
    ``=ROMI([@Revenue],[@Margin],[@Costs])``) and a plain twin; totals by column."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["Campaign", revenue, "Margin", "Costs", "ROMI", "Plain"])
    for row in range(2, rows + 2):
        this = {col: f"{name}[[#This Row],[{col}]]" for col in (revenue, "Margin", "Costs")}
        sheet.append(
            [
                f"c{row}",
                1000 * row,
                0.25,
                100,
                f"=ROMI({this[revenue]},{this['Margin']},{this['Costs']})",
                f"=({this[revenue]}*{this['Margin']}-{this['Costs']})/{this['Costs']}",
            ]
        )
    sheet.add_table(SheetTable(displayName=name, ref=f"A1:F{rows + 1}"))
    summary = workbook.create_sheet("Summary")
    summary["A1"] = f"=SUM({name}[ROMI])"
    summary["A2"] = f"=SUM({name}[Plain])"
    summary["A3"] = f"=ROMI(SUM({name}[{revenue}]),0.25,SUM({name}[Costs]))"
    for label, cell in {"total_romi": "$A$1", "total_plain": "$A$2", "romi": "$A$3"}.items():
        workbook.defined_names[label] = DefinedName(label, attr_text=f"Summary!{cell}")
    workbook.save(path)
    return path


@pytest.mark.parametrize("ironcalc", [True, False], ids=["small", "formualizer alone"])
def test_roikit_functions_on_a_tables_this_row_references_calculate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ironcalc: bool
) -> None:
    """Were #NAME? in every cell: formualizer reads no table; with IronCalc's help (a small
    workbook) only the cells without roikit's functions came right."""
    if not ironcalc:  # a large workbook: formualizer alone
        monkeypatch.setattr(fast, "IRONCALC_LIMIT", 0)
    book_path = campaign_table(tmp_path / "campaigns.xlsx", 40)
    with roikit.open(book_path) as book:
        assert book.get("Data!E9") == (9000 * 0.25 - 100) / 100
        assert book.get("Data!F9") == book.get("Data!E9")
        assert book.get("total_romi") == pytest.approx(book.get("total_plain"))
        assert book.get("romi") == pytest.approx((sum(range(2, 42)) * 1000 * 0.25 - 4000) / 4000)
        book.set("Data!B9", 100_000)
        assert book.get("Data!E9") == (100_000 * 0.25 - 100) / 100
        book.save(tmp_path / "saved.xlsx")
    saved = Package(tmp_path / "saved.xlsx")  # the table's formulas are saved as they were
    assert saved.formula("Data", "E9") == (
        "ROMI(Campaigns[[#This Row],[Revenue]],Campaigns[[#This Row],[Margin]],"
        "Campaigns[[#This Row],[Costs]])"
    )
    assert saved.cached_value("Data", "E9") == (100_000 * 0.25 - 100) / 100


def test_a_russian_table_and_the_formulas_engine(tmp_path: Path) -> None:
    book_path = campaign_table(tmp_path / "кампании.xlsx", 5, "Кампании", "Выручка")
    assert Package(book_path).tables["кампании"].columns[1] == "Выручка"
    for engine in ("fast", "formulas"):
        with roikit.open(book_path, engine=engine) as book:
            assert book.get("Data!E3") == (3000 * 0.25 - 100) / 100, engine
            assert book.get("total_romi") == pytest.approx(book.get("total_plain")), engine


def test_a_filled_down_column_moves_its_this_row_references_row_by_row(tmp_path: Path) -> None:
    """A table's column filled down as Excel saves it: one shared formula, its first cell's
    text only; the rewritten row must move as the formula does."""
    import re
    import zipfile

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["a", "b", "c"])
    for r in range(2, 7):
        sheet.append([r * 10, r, "=CTR(T[[#This Row],[b]],T[[#This Row],[a]])"])
    sheet.add_table(SheetTable(displayName="T", ref="A1:C6"))
    workbook.save(tmp_path / "plain.xlsx")
    with (
        zipfile.ZipFile(tmp_path / "plain.xlsx") as source,
        zipfile.ZipFile(tmp_path / "shared.xlsx", "w") as out,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<c r="C2"><f>', b'<c r="C2"><f t="shared" ref="C2:C6" si="0">'
                )
                data = re.sub(rb'(<c r="C[3-6]">)<f>[^<]*</f>', rb'\1<f t="shared" si="0"/>', data)
                assert data.count(b'si="0"') == 5
            out.writestr(item, data)
    with roikit.open(tmp_path / "shared.xlsx") as book:
        assert [book.get(f"Data!C{r}") for r in range(2, 7)] == [0.1] * 5


def test_a_totals_row_naming_no_table_is_rewritten_in_the_sheet_xml() -> None:
    """As XlsxWriter and Excel write a totals row: ``SUM([Column3])``, no table's name in the
    whole sheet."""
    from roikit.xlsx import has_structured_references, plain_structured_references

    table = Table("Table1", "Sheet1", 3, 3, 14, 6, ("Column1", "Column2", "Column3", "Column4"))
    table = Table(**{**table.__dict__, "totals_rows": 1})
    tables = {"table1": table}
    xml = b'<row r="14"><c r="E14"><f>SUM([Column3])</f><v>0</v></c></row>'
    assert has_structured_references(xml, tables, "Sheet1")
    assert not has_structured_references(xml, tables, "Other")
    assert plain_structured_references(xml, "Sheet1", tables) == (
        b'<row r="14"><c r="E14"><f>SUM($E$4:$E$13)</f><v>0</v></c></row>'
    )
    text = b'<c r="A20"><f>IF(B1&lt;2,"[x]&amp;",Table1[Column1])</f></c>'  # XML-escaped
    assert plain_structured_references(text, "Sheet1", tables) == (
        b'<c r="A20"><f>IF(B1&lt;2,"[x]&amp;",$C$4:$C$13)</f></c>'
    )


def test_a_tables_this_row_column_is_a_run_and_many_others_make_formualizer_calculate_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``=ROMI([@Revenue],[@Margin],[@Costs])`` down a table is a run reading columns B, C, D
    of its own row. With as many other formulas (the plain twin) formualizer calculates every
    cell after the runs (the runs' cells answered from their values): asked for those cells one
    by one, it is slower."""
    from roikit.engine import columns

    monkeypatch.setattr(columns, "MIN_RUN", 2)
    book_path = campaign_table(tmp_path / "campaigns.xlsx", 40)
    [run] = columns.plan(Package(book_path))
    assert (run.function.name, run.column, run.arguments) == ("ROMI", 5, (2, 3, 4))
    assert run.rows == list(range(2, 42))
    with roikit.open(book_path) as book:
        backend = book._backend
        assert backend.runs and backend._formualizer_calculates_all()  # 40 plain + 3 totals
        assert book.get("Data!E9") == (9000 * 0.25 - 100) / 100
        assert book.get("total_romi") == pytest.approx(book.get("total_plain"))
