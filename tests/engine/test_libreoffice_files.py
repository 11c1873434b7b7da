"""Files written by another spreadsheet program: a native twin saved by LibreOffice (shared
strings, styles, cached values) recalculates to LibreOffice's own values, and saving keeps
every part but the changed sheets and workbook.xml."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

import roikit
from roikit.cells import CellError
from tests.helpers.values import same

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def libreoffice_saved(tmp_path_factory):
    from roikit.templates import build
    from roikit.templates.libreoffice import recalculate, soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: run `make libreoffice`")
    folder = tmp_path_factory.mktemp("lo")
    source = folder / "email_campaign_romi.xlsx"
    source.write_bytes(build("email_campaign_romi", native=True))
    return recalculate([source], folder / "out")[source]


@pytest.mark.parametrize("engine", ["fast", "formulas"])
def test_libreoffice_saved_file_recalculates_to_its_cached_values(libreoffice_saved, engine):
    book = roikit.open(libreoffice_saved, engine=engine)
    book.calculate()
    differ = {}
    for sheet in book.package.sheet_order:
        for cell in book.package.sheet(sheet).formula_cells:
            ours, theirs = book.get(f"{sheet}!{cell}"), book.package.cached_value(sheet, cell)
            if isinstance(theirs, str) and isinstance(ours, CellError):
                theirs = CellError(theirs)
            if not same(ours, theirs):
                differ[f"{sheet}!{cell}"] = (ours, theirs)
    assert differ == {}
    assert book.get("romi_result") == pytest.approx(1.2)


def test_libreoffice_saved_file_saves_only_what_changed(libreoffice_saved, tmp_path):
    book = roikit.open(libreoffice_saved)
    book.set("revenue", 600000)
    saved = book.save(tmp_path / "out.xlsx")
    with zipfile.ZipFile(libreoffice_saved) as before, zipfile.ZipFile(saved) as after:
        assert before.namelist() == after.namelist()
        changed = {n for n in before.namelist() if before.read(n) != after.read(n)}
    sheet_part = book.package.sheets["Month"].path
    assert changed == {"xl/workbook.xml", sheet_part}  # only the sheet whose values moved
    values = openpyxl.load_workbook(saved, data_only=True)
    romi = book.resolve("romi_result")
    assert values[romi.sheet][romi.area].value == pytest.approx((600000 * 0.25 - 63500) / 63500)


def test_a_column_of_roikit_calls_saved_by_libreoffice_is_a_run(tmp_path, monkeypatch):
    """LibreOffice writes a formula it does not know as ``<f aca="false">romi(A2,B2,C2)</f>``
    with a cached #NAME?: still a run, computed at once, and saved as the per-cell path saves
    it."""
    from roikit.engine import columns
    from roikit.templates.libreoffice import recalculate, soffice
    from roikit.xlsx import Package

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: run `make libreoffice`")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in range(1, 41):
        sheet.append([1000.0 * row, 0.25, 100.0, 20.0 * row, 1000.0, None])
        sheet[f"G{row}"] = f"=ROMI(A{row},B{row},C{row})"
        sheet[f"H{row}"] = f"=CTR(D{row},E{row})"
    source = tmp_path / "runs.xlsx"
    workbook.save(source)
    saved = recalculate([source], tmp_path / "lo")[source]
    with zipfile.ZipFile(saved) as archive:
        assert b'<f aca="false">romi(A2,B2,C2)</f>' in archive.read("xl/worksheets/sheet1.xml")
    runs = columns.plan(Package(saved))
    assert sorted((run.function.name, len(run.rows)) for run in runs) == [("CTR", 40), ("ROMI", 40)]
    outputs = {}
    for enabled in (True, False):
        monkeypatch.setattr(columns, "ENABLED", enabled)
        with roikit.open(saved) as book:
            book.calculate()
            assert book.get("Data!G3") == pytest.approx((3000 * 0.25 - 100) / 100)
            book.save(tmp_path / f"out-{enabled}.xlsx")
        with zipfile.ZipFile(tmp_path / f"out-{enabled}.xlsx") as archive:
            outputs[enabled] = {name: archive.read(name) for name in archive.namelist()}
    assert outputs[True] == outputs[False]


def test_legacy_array_areas_are_filled_as_libreoffice_fills_them(tmp_path):
    """The values roikit's engines are held to for array formulas over areas larger than their
    results (test_fidelity_fixes.LEGACY_ARRAY_VALUES, Excel's rule) are LibreOffice's too."""
    from roikit.templates.libreoffice import recalculate, soffice
    from roikit.xlsx import Package
    from tests.engine.test_fidelity_fixes import LEGACY_ARRAY_VALUES, _legacy_arrays, _shown

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: run `make libreoffice`")
    source = _legacy_arrays(tmp_path / "legacy.xlsx")
    package = Package(recalculate([source], tmp_path / "lo")[source])
    theirs = {cell: _shown(package.cached_value("Sheet", cell)) for cell in LEGACY_ARRAY_VALUES}
    assert theirs == LEGACY_ARRAY_VALUES
