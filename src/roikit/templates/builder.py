"""The one builder: a :class:`~roikit.templates.model.Template` becomes an xlsx workbook.

With ``native=False`` formula cells call roikit functions (``=ROMI(revenue, margin, costs)``);
with ``native=True`` every call is expanded into the catalog's native Excel formula, so the
twin works in any spreadsheet without the add-in. Output is deterministic: fixed document
dates, fixed zip timestamps, and everything written in the template's order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from roikit.catalog import spec
from roikit.templates.expand import catalog_calls, expand_native, with_future_prefixes
from roikit.templates.model import (
    Chart,
    Column,
    CostLines,
    Flag,
    Input,
    Section,
    Sheet,
    Table,
    Template,
)
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
    "yes/no": "General",
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


def cell_formula(formula: str, native: bool) -> str:
    """A template formula as written into a cell: expanded when native, with file prefixes."""
    text = expand_native(formula) if native else formula
    return "=" + with_future_prefixes(text.removeprefix("="))


def build(template: Template, native: bool = False) -> bytes:
    """The template as xlsx bytes, the same bytes on every run."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    placed = _Placed()
    for sheet in template.sheets:
        _write_sheet(workbook, sheet, placed, native)
    for name, ref in placed.cells.items():
        workbook.defined_names[name] = DefinedName(name, attr_text=ref)
    _write_how_to(workbook, template, placed, native)
    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = "roikit"
    properties.title = template.title
    properties.created = properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip_dates(buffer.getvalue())


def write(template: Template, path: str | Path, native: bool = False) -> Path:
    """Build the template into ``path`` (temporary file + rename); returns the path."""
    target = Path(path)
    write_atomic(target, build(template, native))
    return target


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


def _write_sheet(workbook: Workbook, sheet: Sheet, placed: _Placed, native: bool) -> None:
    ws = workbook.create_sheet(sheet.title)
    ws.column_dimensions["A"].width = 44
    ws.cell(row=1, column=1, value=sheet.title).font = _TITLE
    row = 3
    for block in sheet.blocks:
        if isinstance(block, Section):
            row = _write_section(ws, block, row, placed, native)
        else:
            row = _write_table(ws, block, row, placed, native)
        row += 1
    for flag in sheet.flags:
        _write_flag(ws, flag, placed)
    _write_charts(ws, sheet.charts, placed)


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


def _write_section(ws: Worksheet, section: Section, row: int, placed: _Placed, native: bool) -> int:
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
            cell = ws.cell(row=row, column=2, value=cell_formula(item.formula, native))
            cell.style = OUTPUT_STYLE
            cell.number_format = NUMBER_FORMATS[item.format]
            _name(ws, placed, item.name, 2, row)
            placed.results.append(
                _Result(item.name, item.label, item.formula, item.meaning, placed.where[item.name])
            )
            row += 1
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width or 0, 16)
    return row


def _write_table(ws: Worksheet, table: Table, row: int, placed: _Placed, native: bool) -> int:
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
                cell = ws.cell(row=r, column=index, value=cell_formula(formula, native))
                cell.number_format = NUMBER_FORMATS[column.kind]
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
            cell = ws.cell(row=totals, column=index, value=cell_formula(formula, native))
            cell.style = OUTPUT_STYLE
            cell.number_format = NUMBER_FORMATS[column.kind]
            if column.total_name:
                _name(ws, placed, column.total_name, index, totals)
    placed.tables[table.title] = (ws, header, last, totals, columns)
    return (totals or last) + 1


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
        sheet, header, last, totals, columns = placed.tables[chart.table]
        drawing = LineChart() if chart.kind == "line" else BarChart()
        drawing.title = chart.title
        drawing.y_axis.title = chart.y_title
        drawing.x_axis.delete = False
        drawing.y_axis.delete = False
        drawing.width, drawing.height = 18, 8
        if chart.number_format:
            drawing.y_axis.number_format = chart.number_format
            drawing.y_axis.numFmt.sourceLinked = False
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


# --------------------------------------------------------------------------------- how to use


def _write_how_to(workbook: Workbook, template: Template, placed: _Placed, native: bool) -> None:
    ws = workbook.create_sheet(HOW_TO_SHEET)
    for letter, width in zip("ABCDE", (30, 34, 22, 60, 50), strict=True):
        ws.column_dimensions[letter].width = width
    ws.cell(row=1, column=1, value=template.title).font = _TITLE
    intro = template.purpose + (
        " This is the native twin: every formula is plain Excel, so it works without the roikit "
        "add-in."
        if native
        else " Formula cells call roikit functions: open it with the roikit add-in (xlwings) or "
        "recalculate it with `roikit recalc`."
    )
    ws.cell(row=2, column=1, value=intro).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:E2")
    ws.row_dimensions[2].height = 60
    row = 4
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
        shown = "=" + (expand_native(result.formula) if native else result.formula)
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
        native_text = "=" + function.native_text
        row = _how_to_row(ws, row, ("", "as plain Excel", "", "", native_text))


def _how_to_row(ws: Worksheet, row: int, values: tuple[str, ...], heading: bool = False) -> int:
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a formula shown as text, not computed
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            cell.font = _HEADING
    return row + 1
