"""The Book API: names, inputs, calculation, errors, on both engines."""

from __future__ import annotations

import pytest

import roikit
from roikit.cells import CellError
from roikit.engine import (
    CircularReferenceError,
    InputTypeError,
    UnknownInputError,
    UnsupportedFeatureError,
    WorkbookError,
)

ENGINES = ["fast", "formulas"]


@pytest.mark.parametrize("engine", ENGINES)
def test_worked_email_month_romi_is_1_2(email_book, engine):
    book = roikit.open(email_book, engine=engine)
    assert book.get("romi") == pytest.approx(1.2, rel=1e-12)
    assert book.get("roi") == pytest.approx(7.8)  # saved with the _xludf. prefix
    assert book.get("ctr") == pytest.approx(0.03)
    assert book.get("ctor") == pytest.approx(0.12)
    assert book.get("verdict") == "pays"
    assert book.get("Results!B6") == pytest.approx(1.2)  # the native twin agrees
    assert book.get("Results!B8") == -1  # IFERROR sees ROMI's #DIV/0! as an error


@pytest.mark.parametrize("engine", ENGINES)
def test_setting_an_input_changes_the_outputs(email_book, engine):
    book = roikit.open(email_book, engine=engine)
    book.set("revenue", 100000)
    book.set("Inputs!B2", 0.4)
    book.set("Inputs!B3", 20000)
    book.set("Inputs!B4", None)
    book.calculate()
    assert book.get("romi") == pytest.approx(1.0)


def test_inputs_and_outputs_come_from_defined_names(email_book):
    book = roikit.open(email_book)
    assert book.inputs() == {
        "campaign": "Inputs!B9",
        "clicks": "Inputs!B8",
        "costs": "Inputs!B3:B5",
        "delivered": "Inputs!B6",
        "margin": "Inputs!B2",
        "opens": "Inputs!B7",
        "revenue": "Inputs!B1",
    }
    assert book.outputs() == {
        "ctor": "Results!B4",
        "ctr": "Results!B3",
        "roi": "Results!B2",
        "romi": "Results!B1",
        "total_costs": "Results!B5",
        "verdict": "Results!B7",
    }


def test_names_are_found_in_any_case(email_book):
    book = roikit.open(email_book)
    book.set("REVENUE", 558800)
    assert book.get("Romi") == pytest.approx(1.2)


def test_unknown_input_lists_the_known_ones(email_book):
    book = roikit.open(email_book)
    with pytest.raises(UnknownInputError, match="no name 'revnue'; its inputs: campaign, clicks"):
        book.set("revnue", 1)


def test_text_for_a_numeric_input_is_refused(email_book):
    book = roikit.open(email_book)
    with pytest.raises(InputTypeError, match=r"revenue \(Inputs!B1\) takes a number"):
        book.set("revenue", "lots")


def test_text_for_a_text_input_is_taken(email_book):
    book = roikit.open(email_book)
    book.set("campaign", "June")
    assert book.get("campaign") == "June"


def test_an_output_cannot_be_set(email_book):
    book = roikit.open(email_book)
    with pytest.raises(WorkbookError, match="holds a formula"):
        book.set("romi", 2)


@pytest.mark.parametrize("engine", ENGINES)
def test_errors_come_back_as_the_engines_error_values(email_book, engine):
    book = roikit.open(email_book, engine=engine)
    book.set("margin", 25)  # 25 meant as 25 %
    book.set("delivered", 0)
    book.set("clicks", 0)
    assert book.get("romi") == CellError("#NUM!")
    assert book.get("ctr") == CellError("#DIV/0!")
    assert book.get("verdict") == CellError("#NUM!")  # passes through IF like Excel


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_function_is_an_error_never_a_result(tmp_path, engine):
    import openpyxl

    from tests.helpers.workbooks import define

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = 5
    workbook.active["B1"] = "=NOSUCHKPI(A1)"
    define(workbook, "return_on_ad_spend", "Sheet!$B$1")
    workbook.save(tmp_path / "roas.xlsx")
    book = roikit.open(tmp_path / "roas.xlsx", engine=engine)
    with pytest.raises(UnsupportedFeatureError, match=r"Sheet!B1 is #NAME\?.*NOSUCHKPI"):
        book.get("return_on_ad_spend")


def test_function_formualizer_lacks_is_calculated_by_ironcalc(tmp_path):
    # FVSCHEDULE = 1000 x (1 + 0.1) x (1 + 0.2) = 1320 (support.microsoft.com, FVSCHEDULE)
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = 0.1
    workbook.active["A2"] = 0.2
    workbook.active["B1"] = "=FVSCHEDULE(1000,A1:A2)"
    workbook.active["B2"] = "=ROMI(B1,0.5,500)"  # roikit's, on top: (1320 x 0.5 - 500) / 500
    workbook.save(tmp_path / "schedule.xlsx")
    for engine in ("fast", "formulas"):
        book = roikit.open(tmp_path / "schedule.xlsx", engine=engine)
        assert book.get("Sheet!B1") == pytest.approx(1320)
        assert book.get("Sheet!B2") == pytest.approx(0.32)


@pytest.mark.parametrize("engine", ENGINES)
def test_circular_reference_names_the_cells(tmp_path, engine):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "=B1+1"
    workbook.active["B1"] = "=A1*2"
    workbook.active["C1"] = 3
    workbook.active["D1"] = "=C1*2"
    workbook.save(tmp_path / "loop.xlsx")
    book = roikit.open(tmp_path / "loop.xlsx", engine=engine)
    book.calculate()  # the loop costs only its own cells
    with pytest.raises(CircularReferenceError, match=r"Sheet!A1, Sheet!B1"):
        book.get("Sheet!A1")
    assert book.get("Sheet!D1") == 6
    assert set(book.uncalculated()) == {"Sheet!A1", "Sheet!B1"}
    assert any("circular reference: Sheet!A1, Sheet!B1" in note for note in book.notes())
    saved = roikit.open(book.save(tmp_path / "saved.xlsx"), engine=engine)
    assert saved.package.cached_value("Sheet", "A1") == CellError("#VALUE!")
    assert saved.package.cached_value("Sheet", "D1") == 6


def test_unknown_engine_is_refused(email_book):
    with pytest.raises(ValueError, match="unknown engine 'excel'; choose one of: fast, formulas"):
        roikit.open(email_book, engine="excel")


@pytest.mark.parametrize("engine", ENGINES)
def test_recalc_returns_the_outputs_asked_for(email_book, engine):
    result = roikit.recalc(
        email_book, inputs={"revenue": 100000, "Inputs!B2": 0.4}, outputs=["romi"], engine=engine
    )
    assert result == {"romi": pytest.approx((100000 * 0.4 - 63500) / 63500)}


def test_recalc_without_outputs_returns_every_output(email_book):
    assert set(roikit.recalc(email_book)) == {
        "ctor",
        "ctr",
        "roi",
        "romi",
        "total_costs",
        "verdict",
    }


def test_a_range_reads_as_rows(email_book):
    assert roikit.open(email_book).get("costs") == [[13500.0], [50000.0], [None]]


def test_reference_engine_builds_only_what_the_outputs_need(email_book):
    book = roikit.open(email_book, engine="formulas")
    book.calculate(["ctr"])
    assert book.get("ctr") == pytest.approx(0.03)
    nodes = book._backend._model.dsp.data_nodes
    assert "'[email_month.xlsx]RESULTS'!B3" in nodes
    assert "'[email_month.xlsx]RESULTS'!B6" not in nodes  # the native ROMI: not needed
    book.set("clicks", 490)
    book.calculate(["ctr"])  # the same model, new inputs
    assert book.get("ctr") == pytest.approx(0.05)
    assert book.get("romi") == pytest.approx(1.2)  # needs more: the model is rebuilt whole


def test_a_copied_formula_column_follows_each_row_after_inputs_change(tmp_path):
    # formulas copied down a column: every row is its own, also after inputs change
    import openpyxl

    from roikit.cells import call

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, 41):
        sheet.append([row * 1000, 0.25, row * 10, f"=ROMI(A{row},B{row},C{row})"])
    sheet["D41"] = "=SUM(D1:D40)"
    workbook.save(tmp_path / "column.xlsx")
    book = roikit.open(tmp_path / "column.xlsx")
    book.set("Sheet!A7", 0)
    book.set("Sheet!C9", 0)
    book.set("Sheet!B11", 25)
    book.calculate()

    def shown(value):  # an error compares by its code; the engine keeps no message
        return value.code if isinstance(value, CellError) else value

    expected = [
        shown(call("ROMI", *(book.get(f"Sheet!{column}{row}") for column in "ABC")))
        for row in range(1, 41)
    ]
    assert [shown(book.get(f"Sheet!D{row}")) for row in range(1, 41)] == expected
    assert (expected[6], expected[8], expected[10]) == (-1.0, "#DIV/0!", "#NUM!")
    assert book.get("Sheet!D41") == CellError("#DIV/0!")


def test_a_range_input_takes_a_list_and_blanks_the_rest(email_book):
    book = roikit.open(email_book)
    book.set("costs", [30000, 33500])
    assert book.get("costs") == [[30000.0], [33500.0], [None]]
    assert book.get("romi") == pytest.approx(1.2)
    book.set("costs", [[63500]])
    assert book.get("total_costs") == 63500


def test_one_number_for_a_range_input_is_one_line_and_blanks_the_rest(email_book):
    book = roikit.open(email_book)
    book.set("costs", 63500)
    assert book.get("costs") == [[63500.0], [None], [None]]
    assert book.get("romi") == pytest.approx(1.2)


def test_a_range_input_refuses_too_many_values(email_book):
    book = roikit.open(email_book)
    with pytest.raises(WorkbookError, match="has 3 cells, got 4 values"):
        book.set("costs", [1, 2, 3, 4])


@pytest.mark.parametrize("engine", ENGINES)
def test_notes_say_why_a_roikit_function_gave_an_error(email_book, engine):
    book = roikit.open(email_book, engine=engine)
    book.set("margin", 25)
    book.calculate()
    assert "ROMI: margin must be between 0 and 1 (write 25% or 0.25), got 25" in book.notes()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("prefix", ["", "_xludf.", "_xldudf_", "_xll."])
def test_a_function_saved_with_any_host_prefix_is_calculated(tmp_path, engine, prefix):
    # Excel saves a VBA or add-in function as _xludf.NAME, an Office.js custom function (as
    # xlwings Lite makes them) as _xldudf_NAME, an XLL's as _xll.NAME
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["A2"], sheet["A3"], sheet["A4"] = 558800, 0.25, 13500, 50000
    sheet["B1"] = f"={prefix}ROMI(A1,A2,A3:A4)"
    path = tmp_path / "saved.xlsx"
    workbook.save(path)
    book = roikit.open(path, engine=engine)
    book.calculate()
    assert book.get("Sheet!B1") == pytest.approx(1.2)


def test_a_workbook_the_formulas_engine_cannot_load_leaves_its_function_table_as_it_was(
    tmp_path,
):
    """formulas' parser adds every function name it reads to its one table of Excel's
    functions; explaining why a workbook calling ROMI cannot be loaded must not leave ROMI
    there (it would pass for an Excel built-in from then on)."""
    formulas = pytest.importorskip("formulas")
    from roikit.engine import UnsupportedFeatureError
    from tests.helpers import corpus

    path = corpus.malformed_styles(tmp_path)
    before = set(formulas.get_functions())
    with roikit.open(path, engine="formulas") as book, pytest.raises(UnsupportedFeatureError):
        book.calculate(["romi"])
    assert set(formulas.get_functions()) == before


@pytest.mark.parametrize("enabled", [True, False])
def test_a_calculation_pauses_the_garbage_collector_and_leaves_it_as_it_was(
    email_book, monkeypatch, enabled
):
    """Its full passes walk every list a large calculation makes (1.0-1.5 s of a million-row
    sheet's 5.8 s); paused, it must come back as the caller had it, even after an error."""
    import gc

    book = roikit.open(email_book)
    seen: list[bool] = []
    calculate = book._backend.calculate

    def watched(targets):
        seen.append(gc.isenabled())
        return calculate(targets)

    monkeypatch.setattr(book._backend, "calculate", watched)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        book.calculate()
        assert seen == [False]
        assert gc.isenabled() is enabled
        monkeypatch.setattr(book._backend, "calculate", lambda targets: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            book.calculate()
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
