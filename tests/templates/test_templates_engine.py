"""Every template recalculates headlessly in both engines, to the values worked out by hand.

These tests use the headless engine's API (``roikit.open``, ``Book.set/calculate/get/save``,
``roikit.recalc``) and skip until ``roikit.engine`` exists.
"""

from __future__ import annotations

import math

import pytest

pytest.importorskip("roikit.engine")
openpyxl = pytest.importorskip("openpyxl")

import roikit  # noqa: E402
from roikit.templates import TEMPLATES, template, write  # noqa: E402
from roikit.templates.model import Column, Output  # noqa: E402
from tests.helpers.templates import addin_only  # noqa: E402

ENGINES = ["fast", "formulas"]
ERRORS = {"#DIV/0!", "#NUM!", "#VALUE!", "#NAME?", "#REF!", "#N/A", "#NULL!"}


def _same(actual, expected) -> bool:
    if isinstance(expected, bool):
        return bool(actual) is expected and not isinstance(actual, str)
    try:
        return math.isclose(float(actual), expected, rel_tol=1e-9)
    except (TypeError, ValueError):
        return False


@pytest.fixture
def workbook(tmp_path):
    def make(name: str, native: bool = False):
        return write(name, tmp_path / f"{name}{'_native' if native else ''}.xlsx", native)

    return make


@pytest.mark.parametrize("native", [False, True], ids=["roikit", "native"])
@pytest.mark.parametrize("name", list(TEMPLATES))
@pytest.mark.parametrize("engine", ENGINES)
def test_headline_outputs_equal_hand_worked_values(workbook, hand_worked, engine, name, native):
    book = roikit.open(workbook(name, native), engine=engine)
    book.calculate()
    skipped = addin_only(name) if native else set()  # #N/A in the twin: needs the add-in
    wrong = {
        output: (book.get(output), expected)
        for output, expected in hand_worked[name].items()
        if output not in skipped and not _same(book.get(output), expected)
    }
    assert wrong == {}
    assert all(str(book.get(output)) == "#N/A" for output in skipped & set(hand_worked[name]))


def _formula_values(path) -> dict[str, object]:
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    return {
        f"{ws.title}!{cell.coordinate}": values[ws.title][cell.coordinate].value
        for ws in formulas.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }


@pytest.mark.parametrize("name", list(TEMPLATES))
@pytest.mark.parametrize("engine", ENGINES)
def test_saved_recalculation_has_no_error_cell(workbook, tmp_path, engine, name):
    book = roikit.open(workbook(name), engine=engine)
    book.calculate()
    saved = tmp_path / "saved.xlsx"
    book.save(saved)
    values = _formula_values(saved)
    assert values, "the saved workbook lost its formulas"
    assert {where: v for where, v in values.items() if v is None or v in ERRORS} == {}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_new_revenue_moves_romi(workbook, engine):
    book = roikit.open(workbook("email_campaign_romi"), engine=engine)
    book.set("revenue", 600000)
    book.calculate()
    assert _same(book.get("romi_result"), (600000 * 0.25 - 63500) / 63500)


def test_recalc_by_names_never_depends_on_cell_addresses(workbook):
    result = roikit.recalc(
        workbook("email_campaign_romi"),
        inputs={"revenue": 600000},
        outputs=["romi_result", "roi_result"],
    )
    assert _same(result["romi_result"], (600000 * 0.25 - 63500) / 63500)
    assert _same(result["roi_result"], (600000 - 63500) / 63500)


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_the_engine_sees_every_template_input_and_headline_output(workbook, name):
    book = roikit.open(workbook(name))
    spec = template(name)
    inputs = {i.name for i in spec.inputs() if not isinstance(i, Column)}
    outputs = {o.name for o in spec.outputs() if isinstance(o, Output)}
    assert inputs <= set(book.inputs())
    assert outputs <= set(book.outputs())


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", list(TEMPLATES))
@pytest.mark.parametrize("engine", ENGINES)
def test_libreoffice_native_twin_equals_the_roikit_version_cell_by_cell(
    workbook, tmp_path, libreoffice_results, engine, name
):
    book = roikit.open(workbook(name), engine=engine)
    book.calculate()
    saved = tmp_path / "saved.xlsx"
    book.save(saved)
    ours = _formula_values(saved)
    theirs = _formula_values(libreoffice_results[name])
    assert ours.keys() == theirs.keys()
    differ = {
        where: (value, theirs[where])
        for where, value in ours.items()
        if theirs[where] != "#N/A"  # needs the add-in: the twin says so
        and not (value == theirs[where] or _same(value, theirs[where]))
    }
    assert differ == {}


def _moved_inputs(name: str) -> dict[str, float]:
    """Every single-cell number input of the template, moved off its default (rates down 10 %,
    everything else up 10 %), so that no relation between inputs breaks."""
    moved = {}
    for item in template(name).inputs():
        cells = (
            zip(item.names, item.values or (), strict=True)
            if isinstance(item, Column) and item.names
            else [(item.name, getattr(item, "value", None))]
        )
        for cell, value in cells:
            if isinstance(value, int | float) and not isinstance(value, bool):
                moved[cell] = value * (0.9 if item.kind == "percent" else 1.1)
    return moved


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_the_native_twin_agrees_with_the_roikit_version_on_other_inputs(workbook, name):
    moved = _moved_inputs(name)
    assert moved, "every template has number inputs to move"
    outputs = [
        o.name
        for o in template(name).outputs()
        if isinstance(o, Output) and o.name not in addin_only(name)
    ]
    ours = roikit.recalc(workbook(name), inputs=moved, outputs=outputs)
    twin = roikit.recalc(workbook(name, native=True), inputs=moved, outputs=outputs)
    differ = {
        output: (ours[output], twin[output])
        for output in outputs
        if not (ours[output] == twin[output] or _same(ours[output], twin[output]))
    }
    assert differ == {}
