"""``roikit kpis campaigns.csv -o out.csv``: a campaign export's KPI table, from the shell.

The report (columns used, KPIs not computed and why, problem rows) goes to stderr; the table
goes to ``-o`` (.csv or .xlsx, written atomically, never over the input) or, as CSV, to stdout.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import Any

from roikit.cli.common import parse_value, refuse_over_inputs
from roikit.cli.output import neutralize
from roikit.errors import CommandError

OUTPUT_SUFFIXES = (".csv", ".xlsx")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "kpis",
        help="KPI table of a campaign export: roikit kpis campaigns.csv -o kpis.csv",
        description="Read a campaign export (CSV in UTF-8, UTF-16, cp1250, cp1251, cp1252 or "
        "Shift-JIS, any common separator, or .xlsx) of an email or ad platform, with headers in "
        "English, Russian, Polish and other languages (Mailchimp, HubSpot, UniSender, "
        "GetResponse, ExpertSender, Yandex Direct, VK Ads, Google Ads, Meta, LinkedIn, ...), "
        "and write one row of KPIs per campaign. The report goes to stderr.",
    )
    parser.add_argument("input", help="the export: .csv, .tsv, .txt or .xlsx")
    parser.add_argument(
        "-o", "--output", help="the KPI table: .csv or .xlsx (default: CSV on stdout)"
    )
    parser.add_argument("--margin", help="gross margin for ROMI, e.g. 25%% or 0.25")
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="read FIELD from column HEADER, e.g. --column 'opens=Unique Opens' (repeatable; "
        "costs may be given several times to sum cost lines)",
    )
    parser.add_argument(
        "--decimal",
        action="append",
        default=[],
        metavar="[COLUMN=]MARK",
        help="the decimal mark (',' or '.') of every column, or of COLUMN, where the cells leave "
        "it open (1,234 alone); the report says which reading it took otherwise",
    )
    parser.set_defaults(handler=run)


def _columns(pairs: list[str]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for pair in pairs:
        name, sep, header = pair.partition("=")
        if not sep or not name.strip() or not header:
            raise CommandError(f"--column {pair!r}: write FIELD=HEADER, e.g. 'opens=Unique Opens'")
        name = name.strip()
        if name in columns:
            previous = columns[name]
            columns[name] = [*(previous if isinstance(previous, list) else [previous]), header]
        else:
            columns[name] = header
    return columns


def _decimal(pairs: list[str]) -> str | dict[str, str] | None:
    marks: dict[str, str] = {}
    for pair in pairs:
        column, sep, mark = pair.rpartition("=")
        if mark not in (",", "."):
            raise CommandError(f"--decimal {pair!r}: write ',' or '.', or COLUMN=, / COLUMN=.")
        if not sep:
            return mark
        marks[column] = mark
    return marks or None


def _margin(text: str | None) -> float | None:
    if text is None:
        return None
    value = parse_value(text)
    if not isinstance(value, float):
        raise CommandError(f"--margin {text!r}: write a percentage or fraction, e.g. 25% or 0.25")
    return value


def csv_text(table: Any) -> str:
    """The table as CSV (UTF-8, comma), row numbers first, formula-like text neutralized."""
    frame = table.reset_index()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow(["" if v is None or v != v else neutralize(v) for v in row])
    return buffer.getvalue()


def write_xlsx(table: Any, path: Path, formats: dict[str, str]) -> None:
    """The table as a one-sheet workbook; text is always text (never a formula)."""
    from openpyxl import Workbook

    from roikit.cli.output import workbook_cell
    from roikit.xlsx import atomic_writer

    book = Workbook(write_only=True)
    sheet = book.create_sheet("KPIs")
    frame = table.reset_index()
    sheet.append([workbook_cell(sheet, str(c)) for c in frame.columns])
    columns = list(frame.columns)
    for row in frame.itertuples(index=False, name=None):
        cells: list[Any] = []
        for column, value in zip(columns, row, strict=True):
            cell = workbook_cell(sheet, value)  # "=1+1" stays the text it was, never a formula
            if cell is not None and cell.data_type == "n" and column in formats:
                cell.number_format = formats[column]
            cells.append(cell)
        sheet.append(cells)
    with atomic_writer(path, "wb") as stream:
        book.save(stream)


def run(arguments: argparse.Namespace) -> int:
    from roikit.catalog import spec
    from roikit.kpis import kpis
    from roikit.xlsx import write_atomic

    source = Path(arguments.input)
    if not source.is_file():
        raise CommandError(f"no such file: {source}")
    output = Path(arguments.output) if arguments.output else None
    if output is not None:
        if output.suffix.lower() not in OUTPUT_SUFFIXES:
            raise CommandError(f"-o {output}: write .csv or .xlsx")
        refuse_over_inputs("-o", output, [source])
    result = kpis(
        source,
        columns=_columns(arguments.column),
        margin=_margin(arguments.margin),
        decimal=_decimal(arguments.decimal),
    )
    print(result.report(), file=sys.stderr)
    if output is None:
        sys.stdout.write(csv_text(result.table))
        return 0
    if output.suffix.lower() == ".xlsx":
        formats = {}
        for kpi in result.inputs:
            returns = spec(kpi).returns
            formats[kpi] = "0.00%" if returns == "fraction" else "#,##0.00"
        write_xlsx(result.table, output, formats)
    else:
        write_atomic(output, csv_text(result.table))
    print(f"wrote {output}", file=sys.stderr)
    return 0
