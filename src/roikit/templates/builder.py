"""The one builder: a :class:`~roikit.templates.model.Template` becomes an xlsx workbook.

Three editions of every template, each a file of its own: ``"addin"`` (formula cells call
roikit functions, ``=ROMI(revenue, margin, costs)``: the add-in or ``roikit recalc`` computes
them), ``"native"`` (every call expanded into the catalog's native Excel formula: any
spreadsheet, no add-in) and ``"lambda"`` (the add-in's formulas, with roikit's functions carried
inside the workbook as named LAMBDAs: Excel 365, no add-in). Every edition ships with its
results: the build recalculates it with roikit's engine and stores each formula's value, so a
viewer, a preview or a spreadsheet that cannot compute a function shows the worked numbers.
Output is deterministic: fixed document dates, fixed zip timestamps, the template's order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from roikit.catalog import spec
from roikit.templates.expand import (
    catalog_calls,
    expand_native,
    with_future_prefixes,
    without_native,
)
from roikit.templates.lambdas import lambda_bytes
from roikit.templates.model import (
    EDITIONS,
    FOLDERS,
    Chart,
    Column,
    CostLines,
    Edition,
    Flag,
    Input,
    Section,
    Sheet,
    Table,
    Template,
)
from roikit.templates.names import name_problem
from roikit.xlsx import write_atomic

#: the date every template says it was created and modified (a build must not change bytes)
FIXED_DATE = dt.datetime(2026, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

NUMBER_FORMATS = {
    "money": "#,##0.00",
    "count": "#,##0",
    "percent": "0.0%",
    "number": "#,##0.##",
    "probability": "0.0000",
    "ratio": '0.00"×"',
    "months": '0.0" months"',
    "days": '0.0" days"',
    "yes/no": '"Yes";"Yes";"No"',  # 1 or 0: a number, which every spreadsheet keeps
    "date": "yyyy-mm-dd",
    "month": "mmm yyyy",
    "text": "@",
}

#: data validation per input kind: (type, operator, formula1, formula2, what a valid value is)
VALIDATION = {
    "money": ("decimal", "greaterThanOrEqual", "0", None, "an amount, 0 or more"),
    "number": ("decimal", "greaterThanOrEqual", "0", None, "a number, 0 or more"),
    "count": ("whole", "greaterThanOrEqual", "0", None, "a whole number, 0 or more"),
    "percent": ("decimal", "between", "0", "1", "a percentage from 0% to 100%"),
    "date": ("date", "between", "1", "2958465", "a date"),
    "month": ("date", "between", "1", "2958465", "a date (the month's first day)"),
    "text": ("textLength", "lessThanOrEqual", "100", None, "text of at most 100 characters"),
}

INPUT_STYLE = "Input"  # Excel's built-in input style: one look for every cell a user fills
OUTPUT_STYLE = "Output"  # Excel's built-in output style, for headline results
_TITLE = Font(bold=True, size=14)
_HEADING = Font(bold=True, size=11)
_GOOD = PatternFill(start_color="C6EFCE", end_color="C6EFCE", fill_type="solid")
_BAD = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
_OPPOSITE = {"greaterThanOrEqual": "lessThan", "lessThanOrEqual": "greaterThan"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
HOW_TO_SHEET = "How to use"


@dataclass(frozen=True)
class _Result:
    """A result as the "How to use" sheet lists it."""

    name: str
    label: str
    formula: str
    meaning: str
    where: str


@dataclass
class _Placed:
    """Where each named thing and each table ended up, filled while sheets are written."""

    cells: dict[str, str] = field(default_factory=dict)  # defined name -> 'Sheet'!$B$5
    where: dict[str, str] = field(default_factory=dict)  # defined name -> Sheet!B5 (for people)
    #: table title -> (sheet, header row, last data row, totals row or None, column indexes)
    tables: dict[str, tuple[Worksheet, int, int, int | None, dict[str, int]]] = field(
        default_factory=dict
    )
    results: list[_Result] = field(default_factory=list)


def cell_formula(formula: str, edition: Edition) -> str | ArrayFormula:
    """A template formula as written into a cell: expanded in the native edition, with file
    prefixes. In the LAMBDA edition a cell calling a roikit function is written as Excel 365
    writes a call of a named LAMBDA: a dynamic-array formula of one cell (see _dynamic_arrays).

    In the native and LAMBDA editions, a formula calling a function that has no native formula
    (a sum of a series, see the catalog's ``no_native``) becomes ``=NA()``: #N/A, which every
    formula reading it passes on, never a number computed some other way. The How-to sheet
    says why."""
    if edition != "addin" and without_native(formula):
        return "=NA()"
    text = expand_native(formula) if edition == "native" else formula
    stored = "=" + with_future_prefixes(text.removeprefix("="))
    if edition == "lambda" and catalog_calls(formula):
        return ArrayFormula("A1", stored)  # its ref is set once the cell is known
    return stored


def build(template: Template, edition: Edition = "addin") -> bytes:
    """The template as xlsx bytes with its results cached, the same bytes on every run."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; choose one of: {', '.join(EDITIONS)}")
    for name in _all_names(template):
        if (problem := name_problem(name)) is not None:
            raise ValueError(f"{template.name}: the name {name!r} {problem}")
    workbook = Workbook()
    workbook.remove(workbook.active)
    placed = _Placed()
    for sheet in template.sheets:
        _write_sheet(workbook, sheet, placed, edition)
    for name, ref in placed.cells.items():
        workbook.defined_names[name] = DefinedName(name, attr_text=ref)
    _write_how_to(workbook, template, placed, edition)
    workbook.active = 0
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = "roikit"
    properties.title = template.title
    properties.created = properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    data = buffer.getvalue()
    if edition == "lambda":
        data = lambda_bytes(_dynamic_arrays(data))
    return _fixed_zip_dates(_with_results(data))


def write(template: Template, path: str | Path, edition: Edition = "addin") -> Path:
    """Build the template into ``path`` (temporary file + rename); returns the path."""
    target = Path(path)
    write_atomic(target, build(template, edition))
    return target


def _all_names(template: Template) -> list[str]:
    names = []
    for block in template.blocks():
        if isinstance(block, Section):
            names += [item.name for item in block.items]
        else:
            for column in block.columns:
                names += [n for n in (column.name, *(column.names or ()), column.total_name) if n]
    return names


#: an empty cell openpyxl marks as a number, ``<c r="C21" s="12" t="n" />``: Excel writes it
#: without the type, and IronCalc reads the typed empty cell as #VALUE!
_EMPTY_NUMBER_CELL = re.compile(rb'(<c [^>]*?) t="n"(\s*/>)')


def _with_results(data: bytes) -> bytes:
    """The workbook recalculated by roikit's engine, every formula's value stored beside it.

    ``fullCalcOnLoad`` is then taken out again: a spreadsheet that cannot compute a function
    (LibreOffice with an add-in edition) keeps the stored numbers instead of showing #NAME?,
    and Excel recalculates anyway, since the file says it was calculated by an older Excel
    (``calcId``).
    """
    from roikit.engine import Book

    with tempfile.TemporaryDirectory(prefix="roikit-template-") as folder:
        source, target = Path(folder, "built.xlsx"), Path(folder, "calculated.xlsx")
        source.write_bytes(data)
        with Book(source) as book:
            book.save(target)
        calculated = target.read_bytes()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(calculated)) as inside,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written,
    ):
        for info in inside.infolist():
            part = inside.read(info.filename)
            if info.filename == "xl/workbook.xml":
                part = part.replace(b' fullCalcOnLoad="1"', b"")
            elif info.filename.startswith("xl/worksheets/sheet"):
                part = _EMPTY_NUMBER_CELL.sub(rb"\1\2", part)
            written.writestr(info, part)
    return out.getvalue()


_METADATA = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    b'<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" '
    b'copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" '
    b'clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>'
    b'<futureMetadata name="XLDAPR" count="1"><bk><extLst>'
    b'<ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
    b'<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk>'
    b'</futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
    b"</metadata>"
)
_ARRAY_CELL = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*)><f t="array" ref="\1"')


def _dynamic_arrays(data: bytes) -> bytes:
    """Cells holding a one-cell array formula marked as Excel 365 marks a dynamic-array
    formula: ``cm="1"`` pointing at the XLDAPR cell metadata in ``xl/metadata.xml``. This is
    how Excel saves a cell that calls a named LAMBDA (compared with a workbook Excel for Mac
    saved, IronCalc's ``xlsx/tests/calc_tests/LOGICAL/LAMBDA.xlsx``); without it Excel would
    show the call as ``=@ROMI(...)``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                part = _ARRAY_CELL.sub(rb'<c r="\1"\2 cm="1"><f t="array" ref="\1"', part)
            elif info.filename == "[Content_Types].xml":
                part = part.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/metadata.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                part = part.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdMetadata" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sheetMetadata" Target="metadata.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(info, part)
        target.writestr("xl/metadata.xml", _METADATA)
    return out.getvalue()


def _fixed_zip_dates(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------------- sheets


def _write_sheet(workbook: Workbook, sheet: Sheet, placed: _Placed, edition: Edition) -> None:
    ws = workbook.create_sheet(sheet.title)
    ws.column_dimensions["A"].width = 44
    ws.cell(row=1, column=1, value=sheet.title).font = _TITLE
    row = 3
    for block in sheet.blocks:
        if isinstance(block, Section):
            row = _write_section(ws, block, row, placed, edition)
        else:
            row = _write_table(ws, block, row, placed, edition)
        row += 1
    for flag in sheet.flags:
        _write_flag(ws, flag, placed)
    _write_charts(ws, sheet.charts, placed)
    _print_set_up(ws, chart_columns=10 if sheet.charts else 0)


def _print_set_up(ws: Worksheet, chart_columns: int = 0) -> None:
    """Landscape, one page wide, over the filled cells and the charts beside them."""
    last_column = ws.max_column + (chart_columns + 1 if chart_columns else 0)
    last_row = max(ws.max_row, 3 + 17 * len(ws._charts))
    ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _absolute(ws: Worksheet, column: int, first: int, last: int | None = None) -> str:
    letter = get_column_letter(column)
    ref = f"{quote_sheetname(ws.title)}!${letter}${first}"
    return ref if last is None or last == first else f"{ref}:${letter}${last}"


def _name(
    ws: Worksheet, placed: _Placed, name: str, column: int, first: int, last: int | None = None
) -> None:
    if name in placed.cells:
        raise ValueError(f"defined name {name!r} is used twice")
    placed.cells[name] = _absolute(ws, column, first, last)
    letter = get_column_letter(column)
    where = f"{letter}{first}" if last in (None, first) else f"{letter}{first}:{letter}{last}"
    placed.where[name] = f"{ws.title}!{where}"


def _input_cell(ws: Worksheet, row: int, column: int, value: Any, kind: str) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    cell.style = INPUT_STYLE
    cell.number_format = NUMBER_FORMATS[kind]


def _validate(ws: Worksheet, ref: str, kind: str, label: str, note: str) -> None:
    kind_type, operator, first, second, valid = VALIDATION[kind]
    validation = DataValidation(
        type=kind_type,
        operator=operator,
        formula1=first,
        formula2=second,
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        promptTitle=label[:32],
        prompt=note[:255],
        errorTitle="Not a valid input",
        error=f"{label}: enter {valid}."[:225],  # Excel's limit for an error message
    )
    validation.add(ref)
    ws.add_data_validation(validation)


def _write_section(
    ws: Worksheet, section: Section, row: int, placed: _Placed, edition: Edition
) -> int:
    ws.cell(row=row, column=1, value=section.title).font = _HEADING
    row += 1
    for item in section.items:
        ws.cell(row=row, column=1, value=item.label)
        if isinstance(item, Input):
            _input_cell(ws, row, 2, item.value, item.kind)
            _validate(ws, f"B{row}", item.kind, item.label, item.note)
            _name(ws, placed, item.name, 2, row)
            row += 1
        elif isinstance(item, CostLines):
            first = row
            for label, value in item.lines:
                ws.cell(row=row, column=1, value=f"{item.label}: {label}")
                _input_cell(ws, row, 2, value, item.kind)
                row += 1
            _validate(ws, f"B{first}:B{row - 1}", item.kind, item.label, item.note)
            _name(ws, placed, item.name, 2, first, row - 1)
        else:
            cell = _formula_cell(ws, row, 2, cell_formula(item.formula, edition))
            cell.style = OUTPUT_STYLE
            cell.number_format = NUMBER_FORMATS[item.format]
            _name(ws, placed, item.name, 2, row)
            placed.results.append(
                _Result(item.name, item.label, item.formula, item.meaning, placed.where[item.name])
            )
            row += 1
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width or 0, 16)
    return row


def _write_table(ws: Worksheet, table: Table, row: int, placed: _Placed, edition: Edition) -> int:
    ws.cell(row=row, column=1, value=table.title).font = _HEADING
    header, first = row + 1, row + 2
    last = first + table.rows - 1
    columns = {c.key: i + 1 for i, c in enumerate(table.columns)}
    for column in table.columns:
        index = columns[column.key]
        letter = get_column_letter(index)
        head = ws.cell(row=header, column=index, value=column.header)
        head.font = _HEADING
        head.alignment = Alignment(wrap_text=True)
        if index > 1:
            ws.column_dimensions[letter].width = 14
        if column.is_input:
            for offset, value in enumerate(column.values or ()):
                _input_cell(ws, first + offset, index, value, column.kind)
            _validate(
                ws, f"{letter}{first}:{letter}{last}", column.kind, column.header, column.note
            )
            if column.name:
                _name(ws, placed, column.name, index, first, last)
            for offset, name in enumerate(column.names or ()):
                _name(ws, placed, name, index, first + offset)
        else:
            for r in range(first, last + 1):
                formula = _in_row(column.formula, columns, r)
                cell = _formula_cell(ws, r, index, cell_formula(formula, edition))
                cell.number_format = NUMBER_FORMATS[column.kind]
            if column.name:  # a name over the results, for formulas elsewhere to read
                _name(ws, placed, column.name, index, first, last)
            for offset, name in enumerate(column.names or ()):
                _name(ws, placed, name, index, first + offset)
            placed.results.append(
                _Result(
                    ", ".join(column.names or ()),
                    f"{table.title}: {column.header}",
                    _in_row(column.formula, columns, first),
                    f"{column.note} (the formula of row {first}; every row alike)",
                    f"{ws.title}!{letter}{first}:{letter}{last}",
                )
            )
    totals = last + 1 if table.totals else None
    if totals:
        ws.cell(row=totals, column=1, value="Total").font = _HEADING
        for column in table.columns:
            index = columns[column.key]
            letter = get_column_letter(index)
            if column.total is None:
                continue
            if column.total == "sum":
                formula = f"SUM({letter}{first}:{letter}{last})"
            elif column.total == "row":
                formula = _in_row(column.formula or "", columns, totals)
            else:
                formula = _in_row(column.total, columns, totals)
            cell = _formula_cell(ws, totals, index, cell_formula(formula, edition))
            cell.style = OUTPUT_STYLE
            cell.number_format = NUMBER_FORMATS[column.kind]
            if column.total_name:
                _name(ws, placed, column.total_name, index, totals)
    placed.tables[table.title] = (ws, header, last, totals, columns)
    return (totals or last) + 1


def _formula_cell(ws: Worksheet, row: int, column: int, formula: str | ArrayFormula) -> Any:
    cell = ws.cell(row=row, column=column)
    if isinstance(formula, ArrayFormula):
        formula = ArrayFormula(cell.coordinate, formula.text)
    cell.value = formula
    return cell


def _in_row(formula: str | None, columns: dict[str, int], row: int) -> str:
    def cell(match: re.Match[str]) -> str:
        return f"{get_column_letter(columns[match.group(1)])}{row}"

    return _PLACEHOLDER.sub(cell, formula or "")


def _write_flag(ws: Worksheet, flag: Flag, placed: _Placed) -> None:
    ref = placed.where[flag.output].split("!")[1]
    good = CellIsRule(operator=flag.operator, formula=[repr(flag.threshold)], fill=_GOOD)
    bad = CellIsRule(operator=_OPPOSITE[flag.operator], formula=[repr(flag.threshold)], fill=_BAD)
    ws.conditional_formatting.add(ref, good)
    ws.conditional_formatting.add(ref, bad)
    row = ws[ref].row
    ws.cell(row=row, column=3, value=f"rule of thumb: {flag.rule}").font = Font(italic=True)
    ws.column_dimensions["C"].width = 30


def _write_charts(ws: Worksheet, charts: tuple[Chart, ...], placed: _Placed) -> None:
    anchor_column = get_column_letter(ws.max_column + 2)
    for number, chart in enumerate(charts):
        drawing = LineChart() if chart.kind == "line" else BarChart()
        drawing.title = chart.title
        drawing.y_axis.title = chart.y_title
        drawing.x_axis.delete = False
        drawing.y_axis.delete = False
        drawing.width, drawing.height = 18, 8
        if chart.number_format:
            drawing.y_axis.number_format = chart.number_format
            drawing.y_axis.numFmt.sourceLinked = False
        if chart.table is None:
            _named_cells_chart(ws, drawing, chart, placed)
            ws.add_chart(drawing, f"{anchor_column}{3 + number * 17}")
            continue
        sheet, header, last, totals, columns = placed.tables[chart.table]
        indexes = [columns[key] for key in chart.series]
        if chart.totals:
            drawing.type = "bar"
            drawing.x_axis.scaling.orientation = "maxMin"  # the first stage on top, like a funnel
            drawing.legend = None
            drawing.dataLabels = DataLabelList(showVal=True)
            values = Reference(sheet, min_col=min(indexes), max_col=max(indexes), min_row=totals)
            drawing.add_data(values, from_rows=True, titles_from_data=False)
            labels = Reference(sheet, min_col=min(indexes), max_col=max(indexes), min_row=header)
            drawing.set_categories(labels)
        else:
            for index in indexes:
                series = Reference(sheet, min_col=index, min_row=header, max_row=last)
                drawing.add_data(series, titles_from_data=True)
            for series in drawing.series:
                series.smooth = False  # straight lines between months: no invented curves
            if chart.categories:
                labels = Reference(
                    sheet, min_col=columns[chart.categories], min_row=header + 1, max_row=last
                )
                drawing.set_categories(labels)
        ws.add_chart(drawing, f"{anchor_column}{3 + number * 17}")


def _named_cells_chart(ws: Worksheet, drawing: BarChart, chart: Chart, placed: _Placed) -> None:
    """One bar per named result cell, titled by its label (column A of its row)."""
    for name in chart.series:
        cell = ws[placed.where[name].split("!")[1]]
        values = Reference(ws, min_col=cell.column, min_row=cell.row)
        title = Reference(ws, min_col=1, min_row=cell.row)
        drawing.add_data(values, titles_from_data=False)
        drawing.series[-1].tx = SeriesLabel(strRef=StrRef(f"{title}"))
    drawing.x_axis.delete = True  # one category: the bars' legend names them


# --------------------------------------------------------------------------------- how to use


#: what each edition is and what to do when a cell shows #NAME?, on the "How to use" sheet
EDITION_NOTES: dict[Edition, str] = {
    "addin": (
        "This is the add-in edition: formula cells call roikit functions, =ROMI(revenue, margin, "
        "costs). They compute with the roikit add-in (xlwings on Windows; xlwings Lite on Mac, "
        "the web and Windows) or without Excel through `roikit recalc`; the numbers you see were "
        "stored when the file was built. Cells showing #NAME? mean this spreadsheet has no roikit "
        "add-in: install it, or open a twin that needs none: {lambda} (Excel 365, roikit's "
        "functions inside the workbook) or {native} (plain formulas, any spreadsheet)."
    ),
    "native": (
        "This is the native edition: every formula is plain Excel, so it computes in any "
        "spreadsheet (Excel, LibreOffice, Google Sheets, Numbers) without the roikit add-in, and "
        "keeps roikit's checks (a blank or text input is #VALUE!, a margin of 25 is #NUM!). Its "
        "twins, with readable formulas such as =ROMI(revenue, margin, costs): {addin} (roikit "
        "add-in) and {lambda} (Excel 365, no add-in)."
    ),
    "lambda": (
        "This is the LAMBDA edition: formula cells call roikit functions, =ROMI(revenue, margin, "
        "costs), and the functions live inside this workbook as named LAMBDAs (Formulas > Name "
        "Manager), so Excel 365 on Windows, Mac or the web computes them with no add-in. Cells "
        "showing #NAME? mean this spreadsheet has no LAMBDA (Excel 2019 or older, LibreOffice): "
        "open the twin {native} (plain formulas, any spreadsheet), or {addin} with the roikit "
        "add-in. Add the same functions to any workbook with `roikit lambda add`."
    ),
}


def twin_path(template: Template, edition: Edition) -> str:
    """Where an edition of the template is shipped, as the "How to use" sheet names it."""
    folder = FOLDERS[edition]
    return "workbook_templates/" + (f"{folder}/" if folder else "") + template.filename


def _write_how_to(
    workbook: Workbook, template: Template, placed: _Placed, edition: Edition
) -> None:
    ws = workbook.create_sheet(HOW_TO_SHEET)
    for letter, width in zip("ABCDE", (30, 34, 22, 60, 50), strict=True):
        ws.column_dimensions[letter].width = width
    ws.cell(row=1, column=1, value=template.title).font = _TITLE
    twins = {other: twin_path(template, other) for other in EDITIONS}
    for row, text in ((2, template.purpose), (3, EDITION_NOTES[edition].format(**twins))):
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(f"A{row}:E{row}")
        ws.row_dimensions[row].height = 75
    row = 5
    ws.cell(row=row, column=1, value="What to fill").font = _HEADING
    row = _how_to_row(ws, row + 1, ("Name", "Input", "Cell", "What it is"), heading=True)
    for item in template.inputs():
        if isinstance(item, Column):
            label, names = item.header, [n for n in (item.name, *(item.names or ())) if n]
        else:
            label, names = item.label, [item.name]
        for name in names:
            row = _how_to_row(ws, row, (name, label, placed.where[name], item.note))
    row += 1
    ws.cell(row=row, column=1, value="What you get").font = _HEADING
    row = _how_to_row(
        ws, row + 1, ("Name", "Result", "Cell", "What it means", "Formula"), heading=True
    )
    for result in placed.results:
        missing = without_native(result.formula) if edition != "addin" else []
        shown = (
            f"#N/A: needs the roikit add-in ({', '.join(missing)} has no plain-Excel formula)"
            if missing
            else "=" + (expand_native(result.formula) if edition == "native" else result.formula)
        )
        row = _how_to_row(ws, row, (result.name, result.label, result.where, result.meaning, shown))
    row += 1
    ws.cell(row=row, column=1, value="The roikit functions behind the results").font = _HEADING
    row = _how_to_row(
        ws, row + 1, ("Function", "Signature", "Category", "What it computes", "Formula"), True
    )
    used = sorted({call for result in placed.results for call in catalog_calls(result.formula)})
    for function in (spec(name) for name in used):
        row = _how_to_row(
            ws,
            row,
            (
                function.name,
                function.signature,
                function.category,
                function.summary,
                function.formula,
            ),
        )
        native_text = "=" + function.native_text if function.native else function.no_native
        row = _how_to_row(ws, row, ("", "as plain Excel", "", "", native_text))
    _print_set_up(ws)


def _how_to_row(ws: Worksheet, row: int, values: tuple[str, ...], heading: bool = False) -> int:
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a formula shown as text, not computed
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            cell.font = _HEADING
    return row + 1
