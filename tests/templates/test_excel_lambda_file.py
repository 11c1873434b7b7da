"""roikit's named LAMBDAs stored the way Excel stores its own: compared with a workbook saved by
Excel for Mac (tests/fixtures/workbooks/README.md)."""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path

import ironcalc
import openpyxl

from roikit.templates import add_lambdas, build

EXCEL = Path(__file__).resolve().parents[1] / "fixtures" / "workbooks" / "excel_mac_lambda.xlsx"
#: a named LAMBDA as Excel stores it: the name, its comment, the _xlfn. and _xlpm. prefixes
_STORED_NAME = re.compile(
    r'<definedName name="(\w+)"(?: comment="[^"]*")?>_xlfn\.LAMBDA\(_xlpm\.\w+,'
)
#: a cell calling a named LAMBDA as Excel stores it: a one-cell dynamic-array formula
_CALLING_CELL = re.compile(r'<c r="([A-Z]+\d+)"[^>]* cm="1"><f t="array" ref="\1">(\w+)\(')


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode()


def test_excel_and_roikit_store_named_lambdas_alike():
    excel = _part(EXCEL.read_bytes(), "xl/workbook.xml")
    ours = _part(build("unit_economics", edition="lambda"), "xl/workbook.xml")
    assert set(_STORED_NAME.findall(excel)) == {"CountWords", "Temperature"}
    assert 'comment="Fahrenheit"' in excel
    assert {"CAC", "CLV", "LTV_CAC", "ROMI"} <= set(_STORED_NAME.findall(ours))


def test_excel_and_roikit_write_cells_calling_them_alike():
    excel = EXCEL.read_bytes()
    ours = build("unit_economics", edition="lambda")
    excel_calls = {f for _, f in _CALLING_CELL.findall(_part(excel, "xl/worksheets/sheet1.xml"))}
    our_calls = {f for _, f in _CALLING_CELL.findall(_part(ours, "xl/worksheets/sheet1.xml"))}
    assert {"Temperature", "CountWords"} <= excel_calls
    assert {"CAC", "CLV", "LTV_CAC"} <= our_calls

    def metadata(data: bytes) -> str:
        text = _part(data, "xl/metadata.xml")
        return text[text.index("<metadataTypes") :]

    assert metadata(ours) == metadata(excel)


def test_lambda_add_keeps_excels_own_lambdas_working(tmp_path):
    out, _ = add_lambdas(EXCEL, tmp_path / "with_roikit.xlsx")
    with zipfile.ZipFile(EXCEL) as before, zipfile.ZipFile(out) as after:
        changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    assert changed == ["xl/workbook.xml"]
    workbook = _part(out.read_bytes(), "xl/workbook.xml")
    assert set(_STORED_NAME.findall(workbook)) >= {"CountWords", "Temperature", "ROMI"}
    cached = openpyxl.load_workbook(EXCEL, data_only=True).active
    model = ironcalc.load_from_xlsx(str(out), "en", "UTC")
    model.evaluate()
    for cell in ("B5", "B6", "B7", "B8", "F2"):
        assert math.isclose(model.get_cell_value_by_ref(f"Sheet1!{cell}"), cached[cell].value)
