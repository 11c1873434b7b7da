"""Parity on the committed templates: every formula cell agrees across both engines, and saving
rewrites only sheet XML and workbook.xml."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import roikit
from roikit.cells import CellError
from tests.helpers.values import same

TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("workbook_templates/**/*.xlsx"))


def every_formula_value(path: Path, engine: str) -> dict[str, object]:
    book = roikit.open(path, engine=engine)
    book.calculate()
    return {
        f"{sheet}!{cell}": book.get(f"{sheet}!{cell}")
        for sheet in book.package.sheet_order
        for cell in book.package.sheet(sheet).formula_cells
    }


@pytest.mark.skipif(not TEMPLATES, reason="no workbook_templates/ in this checkout")
@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_formula_cell_agrees_across_engines(path):
    fast, reference = every_formula_value(path, "fast"), every_formula_value(path, "formulas")
    assert fast.keys() == reference.keys() and fast
    differ = {
        cell: (fast[cell], reference[cell])
        for cell in fast
        if not same(fast[cell], reference[cell])
    }
    assert differ == {}
    assert not any(isinstance(value, CellError) for value in fast.values())


@pytest.mark.skipif(not TEMPLATES, reason="no workbook_templates/ in this checkout")
@pytest.mark.parametrize("path", TEMPLATES[:1] + TEMPLATES[-1:], ids=lambda p: p.name)
def test_saving_a_template_rewrites_only_sheets_and_workbook_xml(path, tmp_path):
    book = roikit.open(path)
    name = next(iter(book.inputs()))
    book.set(name, book.get(name))  # the same value again: the sheet may stay unchanged
    saved = book.save(tmp_path / path.name)
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(saved) as after:
        assert before.namelist() == after.namelist()
        changed = {n for n in before.namelist() if before.read(n) != after.read(n)}
    assert changed - {"xl/workbook.xml"} <= {n for n in changed if n.startswith("xl/worksheets/")}
    assert "xl/workbook.xml" in changed  # fullCalcOnLoad
