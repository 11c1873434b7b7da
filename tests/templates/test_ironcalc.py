"""IronCalc, an engine that never saw roikit, evaluates roikit's named LAMBDAs.

IronCalc (pip ``ironcalc``, Rust) reads LAMBDA names the way Excel stores them. The LAMBDA
edition of every template, and one workbook holding every catalog example, every all-zero case
and every bad-argument case (the cases LibreOffice checks for the native formulas), are
recalculated there; each formula cell must hold roikit's own result or error.
"""

from __future__ import annotations

import io
import math

import ironcalc
import pytest

from roikit.cells import CellError, call
from roikit.templates import TEMPLATES, build
from roikit.templates.lambdas import lambda_bytes

openpyxl = pytest.importorskip("openpyxl")


def _same(actual, expected) -> bool:
    if isinstance(expected, bool | str) or expected is None:
        return actual == expected
    return isinstance(actual, int | float) and math.isclose(
        actual, expected, rel_tol=1e-9, abs_tol=1e-12
    )


def _recalculated(data: bytes, tmp_path, stem: str):
    path = tmp_path / f"{stem}.xlsx"
    path.write_bytes(data)
    model = ironcalc.load_from_xlsx(str(path), "en", "UTC")
    model.evaluate()
    return model


def _value(model, sheet: str, coordinate: str):
    value = model.get_cell_value_by_ref(f"{sheet}!{coordinate}")
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_ironcalc_gives_roikits_value_in_every_formula_cell_of_the_lambda_edition(tmp_path, name):
    data = build(name, edition="lambda")
    model = _recalculated(data, tmp_path, name)
    formulas = openpyxl.load_workbook(io.BytesIO(data))
    cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True)  # roikit's results
    different = {}
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f" and not hasattr(cell.value, "text"):
                    continue
                expected = cached[ws.title][cell.coordinate].value
                actual = _value(model, ws.title, cell.coordinate)
                if not _same(actual, expected):
                    different[f"{ws.title}!{cell.coordinate}"] = (actual, expected)
    assert different == {}, "cell: (IronCalc, roikit)"


def _cases_workbook(cases: dict[str, tuple]) -> tuple[bytes, dict[str, int]]:
    """One sheet, a case per row: the arguments' cells (a range as many cells as its values,
    ``None`` a blank cell), then the call of the function's named LAMBDA. An example shorter
    than the signature leaves its optional arguments out of the call."""
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Cases"
    rows = {}
    for row, (stem, (function, args)) in enumerate(cases.items(), start=1):
        column, texts = 1, []
        for argument, value in zip(function.arguments, args, strict=False):
            values = list(value) if isinstance(value, list | tuple) else [value]
            first = column
            for each in values:
                ws.cell(row=row, column=column, value=each)
                column += 1
            last = get_column_letter(column - 1)
            single = first == column - 1 and not argument.is_range
            texts.append(
                f"{get_column_letter(first)}{row}"
                if single
                else f"{get_column_letter(first)}{row}:{last}{row}"
            )
        ws.cell(row=row, column=30, value=f"={function.name}({','.join(texts)})")
        rows[stem] = row
    buffer = io.BytesIO()
    workbook.save(buffer)
    return lambda_bytes(buffer.getvalue()), rows


@pytest.fixture(scope="module")
def ironcalc_cases(one_row_cases, tmp_path_factory):
    data, rows = _cases_workbook(one_row_cases)
    model = _recalculated(data, tmp_path_factory.mktemp("ironcalc"), "cases")
    return {stem: _value(model, "Cases", f"AD{row}") for stem, row in rows.items()}


def _roikit(function, args):
    result = call(function, *args)
    return result.code if isinstance(result, CellError) else result


def test_every_catalog_example_and_bad_argument_gives_roikits_result_in_ironcalc(
    one_row_cases, ironcalc_cases
):
    different = {
        f"{stem} {function.name}{args}": (ironcalc_cases[stem], _roikit(function, args))
        for stem, (function, args) in one_row_cases.items()
        if not _same(ironcalc_cases[stem], _roikit(function, args))
    }
    assert different == {}, "case: (IronCalc, roikit)"


def test_the_cases_cover_every_catalog_function_with_bad_arguments(one_row_cases):
    from roikit.catalog import CATALOG

    covered = {function.name for stem, (function, _) in one_row_cases.items() if "edge" in stem}
    assert covered == {function.name for function in CATALOG if function.native is not None}
