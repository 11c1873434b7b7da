"""The committed templates as a user opens them: results already there, and the way out of
#NAME? written on their "How to use" sheet."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import roikit
from roikit.cells import CellError
from roikit.templates import TEMPLATES
from roikit.templates.builder import EDITIONS, HOW_TO_SHEET, twin_path
from roikit.templates.model import Output
from tests.helpers.templates import addin_only

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = [(name, edition) for name in TEMPLATES for edition in EDITIONS]


def _path(name: str, edition: str) -> Path:
    return ROOT / twin_path(TEMPLATES[name], edition)


def _headline_names(name: str) -> list[str]:
    names = []
    for item in TEMPLATES[name].outputs():
        if isinstance(item, Output):
            names.append(item.name)
        else:
            names += [n for n in (item.total_name, *(item.names or ())) if n]
    return names


def _same(cached, computed) -> bool:
    from roikit.cells import CellError

    if isinstance(computed, CellError):  # an error is cached as its code
        return cached == computed.code
    if isinstance(computed, float) and isinstance(cached, int | float):
        return math.isclose(cached, computed, rel_tol=1e-12)
    return cached == computed


@pytest.mark.parametrize(("name", "edition"), SHIPPED)
def test_every_headline_cell_ships_with_roikits_value_cached(name, edition):
    path = _path(name, edition)
    cached = openpyxl.load_workbook(path, data_only=True)
    with roikit.open(path) as book:
        different = {}
        for output in _headline_names(name):
            ((sheet, ref),) = cached.defined_names[output].destinations
            value = cached[sheet][ref.replace("$", "")].value
            if value is None or not _same(value, book.get(output)):
                different[output] = (value, book.get(output))
    assert different == {}, "name: (cached in the file, roikit)"


@pytest.mark.parametrize(("name", "edition"), SHIPPED)
def test_the_how_to_sheet_names_the_edition_and_its_twins(name, edition):
    ws = openpyxl.load_workbook(_path(name, edition))[HOW_TO_SHEET]
    text = ws["A3"].value
    assert (
        f"This is the {'add-in' if edition == 'addin' else edition.replace('lambda', 'LAMBDA')} edition"
        in text
    )
    for other in EDITIONS:
        if other != edition:
            assert twin_path(TEMPLATES[name], other) in text
    if edition != "native":
        assert "#NAME?" in text


@pytest.mark.parametrize("engine", ["fast", "formulas"])
@pytest.mark.parametrize("name", list(TEMPLATES))
def test_both_engines_recalculate_the_lambda_edition_to_the_add_in_values(name, engine):
    moved = {"margin": 0.3} if name != "b2b_funnel" else {"open_opportunities": 55}
    lambda_edition = roikit.recalc(_path(name, "lambda"), inputs=moved, engine=engine)
    addin_edition = roikit.recalc(_path(name, "addin"), inputs=moved, engine=engine)
    needs_the_addin = addin_only(name)  # #N/A: a function without a plain-Excel formula

    # IronCalc computes the LAMBDA edition's small workbooks too (the fast engine's cross-check):
    # the same numbers to the last bit or two
    def flat(values: dict[str, object]) -> dict[str, object]:
        return {
            f"{name}[{index}]": cell
            for name, value in values.items()
            if name not in needs_the_addin
            for index, cell in enumerate(
                [c for row in value for c in row] if isinstance(value, list) else [value]
            )
        }

    assert flat(lambda_edition) == pytest.approx(flat(addin_edition), rel=1e-12)
    for name_ in needs_the_addin & set(lambda_edition):
        value = lambda_edition[name_]
        cells = [c for row in value for c in row] if isinstance(value, list) else [value]
        assert all(isinstance(c, CellError) and c.code == "#N/A" for c in cells), name_


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_template_has_a_chart_and_prints_landscape_one_page_wide(name):
    workbook = openpyxl.load_workbook(_path(name, "addin"))
    assert sum(len(ws._charts) for ws in workbook.worksheets) >= 1
    for ws in workbook.worksheets:
        assert ws.print_area, ws.title
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_the_ab_test_has_one_confidence_input_and_a_numeric_verdict():
    names = {item.name for item in TEMPLATES["email_ab_test"].inputs()}
    assert "confidence_level" in names and not {"test_alpha", "alpha"} & names
    with roikit.open(_path("email_ab_test", "addin")) as book:
        assert book.get("significant") == 1.0  # B brings significantly fewer orders (p = 0.007)
        book.set("confidence_level", 0.99)
        assert book.get("sample_size") > 80682  # more sure needs more recipients
