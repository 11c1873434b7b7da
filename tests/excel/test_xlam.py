"""addin/roikit.xlam: xlwings' own custom add-in workbook, configured for roikit's UDF module."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from roikit.excel import UDF_MODULE
from roikit.excel.xlam import CONFIG_SHEET, render_xlam, xlwings_addin_template

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def test_every_part_but_the_configuration_is_xlwings_own_byte_for_byte(project_root):
    ours = zipfile.ZipFile(io.BytesIO((project_root / "addin" / "roikit.xlam").read_bytes()))
    shipped = zipfile.ZipFile(xlwings_addin_template())
    assert ours.namelist() == shipped.namelist()
    changed = [n for n in ours.namelist() if ours.read(n) != shipped.read(n)]
    assert changed == ["xl/workbook.xml", "xl/worksheets/sheet1.xml"]
    assert ours.read("xl/vbaProject.bin") == shipped.read("xl/vbaProject.bin")


def test_the_configuration_sheet_is_on_and_names_roikits_udf_module():
    book = zipfile.ZipFile(io.BytesIO(render_xlam()))
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    assert [sheet.get("name") for sheet in workbook.iter(f"{MAIN}sheet")] == [CONFIG_SHEET]
    sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    cells = {cell.get("r"): cell for cell in sheet.iter(f"{MAIN}c")}
    labels = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
    strings = [item.findtext(f"{MAIN}t") for item in labels.iter(f"{MAIN}si")]
    assert strings[int(cells["A6"].findtext(f"{MAIN}v"))] == "UDF Modules"
    assert cells["B6"].findtext(f"{MAIN}is/{MAIN}t") == UDF_MODULE


def test_building_twice_gives_the_same_bytes():
    assert render_xlam() == render_xlam()
