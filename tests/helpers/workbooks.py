"""Workbooks for the engine tests, built with openpyxl (or by hand, for what openpyxl cannot
write: shared and array formulas, inline strings, 1904 dates, a VBA part)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

#: a stand-in VBA project: any bytes, which saving must copy unchanged
VBA_BYTES = b"\xd0\xcf\x11\xe0 not a real VBA project, copied byte for byte \x00\x01\x02"


def define(workbook: openpyxl.Workbook, name: str, target: str) -> None:
    workbook.defined_names[name] = DefinedName(name, attr_text=target)


def email_month(path: Path) -> Path:
    """The worked email month: revenue 558,800, margin 25 %, costs 13,500 + 50,000."""
    workbook = openpyxl.Workbook()
    inputs = workbook.active
    inputs.title = "Inputs"
    rows = [
        ("revenue", 558800),
        ("margin", 0.25),
        ("platform costs", 13500),
        ("labour costs", 50000),
        ("other costs", None),
        ("delivered", 9800),
        ("opens", 2450),
        ("clicks", 294),
        ("campaign", "May newsletter"),
    ]
    for row, (label, value) in enumerate(rows, start=1):
        inputs.cell(row, 1, label)
        inputs.cell(row, 2, value)
    inputs["B2"].number_format = "0%"
    validation = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
    inputs.add_data_validation(validation)
    validation.add("B2")
    results = workbook.create_sheet("Results")
    formulas = [
        ("ROMI", "=ROMI(revenue,margin,costs)"),
        ("ROI", "=_xludf.ROI(revenue,costs)"),
        ("CTR", "=CTR(clicks,delivered)"),
        ("CTOR", "=CTOR(Inputs!B8,Inputs!B7)"),
        ("total costs", "=SUM(costs)"),
        ("ROMI native", "=(revenue*margin-SUM(costs))/SUM(costs)"),
        ("verdict", '=IF(B1>1,"pays","does not pay")'),
        ("safe ROMI", "=IFERROR(ROMI(revenue,margin,0),-1)"),
        ("rounded", "=ROUND(B1*100,1)"),
        ("average cost", "=AVERAGE(Inputs!B3:B4)"),
    ]
    for row, (label, formula) in enumerate(formulas, start=1):
        results.cell(row, 1, label)
        results.cell(row, 2, formula)
    chart = BarChart()
    chart.add_data(Reference(inputs, min_col=2, min_row=3, max_row=4))
    results.add_chart(chart, "D2")
    for name, target in [
        ("revenue", "Inputs!$B$1"),
        ("margin", "Inputs!$B$2"),
        ("costs", "Inputs!$B$3:$B$5"),
        ("delivered", "Inputs!$B$6"),
        ("opens", "Inputs!$B$7"),
        ("clicks", "Inputs!$B$8"),
        ("campaign", "Inputs!$B$9"),
        ("romi", "Results!$B$1"),
        ("roi", "Results!$B$2"),
        ("ctr", "Results!$B$3"),
        ("ctor", "Results!$B$4"),
        ("total_costs", "Results!$B$5"),
        ("verdict", "Results!$B$7"),
    ]:
        define(workbook, name, target)
    workbook.save(path)
    return path


def with_vba(source: Path, target: Path) -> Path:
    """``source`` as an .xlsm carrying a (stand-in) ``xl/vbaProject.bin``."""
    with zipfile.ZipFile(source) as inside, zipfile.ZipFile(target, "w") as out:
        for info in inside.infolist():
            out.writestr(info, inside.read(info), compress_type=zipfile.ZIP_DEFLATED)
        out.writestr("xl/vbaProject.bin", VBA_BYTES)
    return target


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def hand_made(path: Path, cells_xml: str, names: dict[str, str], *, date1904: bool = False) -> Path:
    """A one-sheet ("Data") workbook written the way Excel writes it, from raw ``<row>`` XML."""
    workbook_pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}">'
        f"{workbook_pr}"
        f'<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets>'
        "<definedNames>"
        + "".join(f'<definedName name="{n}">{t}</definedName>' for n, t in names.items())
        + '</definedNames><calcPr calcId="191029"/></workbook>'
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_R}"><dimension ref="A1:D9"/>'
        f"<sheetData>{cells_xml}</sheetData></worksheet>"
    )
    strings = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{_MAIN}" count="2" uniqueCount="2"><si><t>revenue</t></si>'
        "<si><r><t>mar</t></r><r><t>gin</t></r></si></sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", _CONTENT_TYPES)
        out.writestr("_rels/.rels", _ROOT_RELS)
        out.writestr("xl/workbook.xml", workbook)
        out.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        out.writestr("xl/worksheets/sheet1.xml", sheet)
        out.writestr("xl/sharedStrings.xml", strings)
    return path
