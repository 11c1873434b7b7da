"""LibreOffice, a spreadsheet that never saw roikit, recalculates every native twin and example."""

from __future__ import annotations

import math

import pytest

from roikit.catalog import CATALOG
from roikit.cells import CellError, call
from roikit.templates import TEMPLATES
from tests.helpers.templates import addin_only

openpyxl = pytest.importorskip("openpyxl")

pytestmark = pytest.mark.libreoffice

#: the functions with a native formula: the ones LibreOffice can check
NATIVE = [function for function in CATALOG if function.native is not None]
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
    skipped = addin_only(name)  # #N/A in the twin: needs the add-in
    wrong = {
        output: (values.get(output), expected)
        for output, expected in hand_worked[name].items()
        if output not in skipped and not _same(values.get(output), expected)
    }
    assert wrong == {}
    assert all(values.get(output) == "#N/A" for output in skipped & set(hand_worked[name]))


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_native_twin_shows_no_error_cell_in_libreoffice(libreoffice_results, name):
    workbook = openpyxl.load_workbook(libreoffice_results[name], data_only=True)
    errors = [
        f"{ws.title}!{cell.coordinate}={cell.value}"
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value in _ERRORS - {"#N/A"}
    ]
    assert errors == []  # #N/A marks what needs the add-in (tested with the hand-worked values)


EXAMPLES = [
    (function.name, number, example.result)
    for function in NATIVE
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


@pytest.mark.parametrize("function", NATIVE, ids=lambda f: f.name)
def test_all_zero_arguments_give_the_same_result_or_error_as_roikit(
    libreoffice_results, one_row_cases, function
):
    stem = f"zeros_{function.name.lower()}"
    expected = _roikit(function, one_row_cases[stem][1])
    result = _one_row_result(libreoffice_results[stem])
    assert _same(result, expected), f"LibreOffice gave {result!r}, roikit {expected!r}"


@pytest.mark.parametrize("function", NATIVE, ids=lambda f: f.name)
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


def test_only_the_sums_of_a_series_have_no_native_formula_and_they_say_why():
    """A sum whose number of terms the arguments set needs ROW(INDIRECT()) or SEQUENCE in plain
    Excel, which the headless engines cannot compute; every other function has a native
    formula, checked above."""
    without = {function.name: function.no_native for function in CATALOG if function.native is None}
    assert sorted(without) == ["AB_PROB_B_BEATS_A", "BGNBD_CLV", "BGNBD_PURCHASES"]
    assert all("INDIRECT" in why for why in without.values())


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
        and not _needs_the_addin(value)
    }
    assert wrong == {}, "name: (LibreOffice shows, roikit)"


def _needs_the_addin(value: object) -> bool:
    """#N/A where a twin calls a function with no plain-Excel formula (roikit shows it too)."""
    from roikit.cells import CellError

    return isinstance(value, CellError) and value.code == "#N/A"
