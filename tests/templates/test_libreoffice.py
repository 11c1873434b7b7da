"""LibreOffice, a spreadsheet that never saw roikit, recalculates every native twin and example."""

from __future__ import annotations

import math

import pytest

from roikit.catalog import CATALOG
from roikit.cells import CellError, call
from roikit.templates import TEMPLATES

openpyxl = pytest.importorskip("openpyxl")

pytestmark = pytest.mark.libreoffice

_ERRORS = {"#DIV/0!", "#NUM!", "#VALUE!", "#NAME?", "#REF!", "#N/A", "#NULL!", "Err:502"}


def _named_values(path) -> dict[str, object]:
    workbook = openpyxl.load_workbook(path, data_only=True)
    values = {}
    for name, defined in workbook.defined_names.items():
        for sheet, ref in defined.destinations:
            cells = workbook[sheet][ref.replace("$", "")]
            values[name] = cells.value if not isinstance(cells, tuple) else None
    return values


def _same(actual, expected) -> bool:
    if isinstance(expected, bool | str):
        return actual == expected
    return isinstance(actual, int | float) and math.isclose(actual, expected, rel_tol=1e-9)


def test_libreoffice_recalculates_stale_cached_values_on_load(libreoffice_results):
    sheet = openpyxl.load_workbook(libreoffice_results["stale_cache"], data_only=True).active
    assert sheet["B1"].value == 42


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_native_twin_headline_outputs_equal_hand_worked_values(
    libreoffice_results, hand_worked, name
):
    values = _named_values(libreoffice_results[name])
    wrong = {
        output: (values.get(output), expected)
        for output, expected in hand_worked[name].items()
        if not _same(values.get(output), expected)
    }
    assert wrong == {}


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_native_twin_shows_no_error_cell_in_libreoffice(libreoffice_results, name):
    workbook = openpyxl.load_workbook(libreoffice_results[name], data_only=True)
    errors = [
        f"{ws.title}!{cell.coordinate}={cell.value}"
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value in _ERRORS
    ]
    assert errors == []


EXAMPLES = [
    (function.name, number, example.result)
    for function in CATALOG
    for number, example in enumerate(function.examples, start=1)
]


def _one_row_result(path):
    """The value LibreOffice computed in a one-row workbook: the last cell of row 1."""
    return [cell.value for cell in openpyxl.load_workbook(path, data_only=True).active[1]][-1]


def _roikit(function, args):
    """What roikit shows in a cell for these arguments: a value, or an error's code."""
    result = call(function, *args)
    return result.code if isinstance(result, CellError) else result


@pytest.mark.parametrize(("function", "number", "expected"), EXAMPLES)
def test_catalog_example_in_a_native_workbook_gives_the_expected_value(
    libreoffice_results, function, number, expected
):
    result = _one_row_result(libreoffice_results[f"example_{function.lower()}_{number}"])
    assert _same(result, expected), f"LibreOffice gave {result!r}, expected {expected!r}"


@pytest.mark.parametrize("function", CATALOG, ids=lambda f: f.name)
def test_all_zero_arguments_give_the_same_result_or_error_as_roikit(
    libreoffice_results, one_row_cases, function
):
    stem = f"zeros_{function.name.lower()}"
    expected = _roikit(function, one_row_cases[stem][1])
    result = _one_row_result(libreoffice_results[stem])
    assert _same(result, expected), f"LibreOffice gave {result!r}, roikit {expected!r}"


@pytest.mark.parametrize("function", CATALOG, ids=lambda f: f.name)
def test_bad_arguments_give_the_same_error_as_roikit_never_a_number(
    libreoffice_results, one_row_cases, function
):
    prefix = f"edge_{function.name.lower()}__"
    different = {}
    for stem, (_, args) in one_row_cases.items():
        if not stem.startswith(prefix):
            continue
        expected = _roikit(function, args)
        result = _one_row_result(libreoffice_results[stem])
        if not _same(result, expected):
            different[str(args)] = (result, expected)
    assert different == {}, "arguments: (LibreOffice, roikit)"


def test_every_catalog_function_has_a_native_formula_to_check():
    assert [function.name for function in CATALOG if function.native is None] == []


def _headline_names(name: str) -> list[str]:
    """Every named result cell of a template: outputs, table totals, per-row names."""
    from roikit.templates.model import Output

    names = []
    for item in TEMPLATES[name].outputs():
        if isinstance(item, Output):
            names.append(item.name)
        else:
            names += [n for n in (item.total_name, *(item.names or ())) if n]
    return names


@pytest.mark.parametrize("edition", ["addin", "native"])
@pytest.mark.parametrize("name", list(TEMPLATES))
def test_libreoffice_with_its_own_settings_shows_roikits_numbers_in_every_headline_cell(
    libreoffice_as_opened, name, edition
):
    import roikit

    shown = _named_values(libreoffice_as_opened[f"{edition}_{name}"])
    with roikit.open(libreoffice_as_opened[f"source_{edition}_{name}"]) as book:
        expected = {output: book.get(output) for output in _headline_names(name)}
    wrong = {
        output: (shown.get(output), value)
        for output, value in expected.items()
        if not (isinstance(shown.get(output), int | float) and _same(shown.get(output), value))
    }
    assert wrong == {}, "name: (LibreOffice shows, roikit)"
