"""What a template is, as data: its inputs, outputs, tables, charts and flags.

A template says *what* a workbook holds -- the numbers a user types in, the results computed
from them with catalog function names (``ROMI(revenue, margin, costs)``), where they sit and how
they read -- and nothing about openpyxl. :mod:`roikit.templates.builder` turns one into a
workbook, with roikit calls or with every call expanded into its native Excel formula.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

#: how an input is checked (data validation) and how a value reads (number format)
InputKind = Literal["money", "count", "percent", "number", "date", "month", "text"]
#: how a result reads
OutputFormat = Literal[
    "money", "count", "percent", "number", "probability", "ratio", "months", "days", "yes/no"
]

Value = float | int | str | dt.date | None

#: the three editions of every template, each a set of files of its own
Edition = Literal["addin", "native", "lambda"]
EDITIONS: tuple[Edition, ...] = ("addin", "native", "lambda")
#: where each edition's files live under workbook_templates/ ("" for the add-in edition)
FOLDERS: dict[Edition, str] = {"addin": "", "native": "native", "lambda": "lambda"}


@dataclass(frozen=True)
class Input:
    """One input cell with a workbook defined name."""

    name: str
    label: str
    value: Value
    kind: InputKind
    note: str


@dataclass(frozen=True)
class CostLines:
    """Several cost lines, one input cell each, under one defined name over their range."""

    name: str
    label: str
    lines: tuple[tuple[str, float], ...]
    note: str
    kind: InputKind = "money"


@dataclass(frozen=True)
class Output:
    """One result cell: a formula written with catalog names and defined names."""

    name: str
    label: str
    formula: str
    format: OutputFormat
    meaning: str


@dataclass(frozen=True)
class Flag:
    """A rule of thumb shown by conditional formatting on an output: good or not."""

    output: str
    operator: Literal["greaterThanOrEqual", "lessThanOrEqual"]
    threshold: float
    rule: str


@dataclass(frozen=True)
class Section:
    """A block of rows, each a label and one cell (an input or an output)."""

    title: str
    items: tuple[Input | CostLines | Output, ...]


@dataclass(frozen=True)
class Column:
    """A table column: typed-in values (``values``) or a formula per row (``formula``).

    In ``formula`` and ``total``, ``{key}`` stands for the same row's cell of column ``key``.
    ``name`` is a defined name over the column's rows; ``names`` gives each row's cell a name.
    ``total`` is ``"sum"``, ``"row"`` (the row formula on the totals row), another formula for
    the totals row, or ``None`` (left blank); ``total_name`` names the total's cell.
    """

    key: str
    header: str
    kind: InputKind | OutputFormat
    note: str
    values: tuple[Value, ...] | None = None
    formula: str | None = None
    total: str | None = None
    name: str | None = None
    names: tuple[str, ...] | None = None
    total_name: str | None = None

    @property
    def is_input(self) -> bool:
        return self.formula is None


@dataclass(frozen=True)
class Table:
    """Rows of records (campaigns, months, deals) with input and formula columns."""

    title: str
    columns: tuple[Column, ...]
    totals: bool = False

    @property
    def rows(self) -> int:
        return max(len(c.values or ()) for c in self.columns)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class Chart:
    """A chart over a table: ``series`` columns by row, or over the totals row (``totals``);
    with no ``table``, ``series`` are named result cells, one bar each, labelled as the sheet
    labels them."""

    kind: Literal["bar", "line"]
    title: str
    table: str | None
    series: tuple[str, ...]
    categories: str | None = None
    totals: bool = False
    y_title: str = ""
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    """A worksheet: blocks placed one under another, then charts to their right."""

    title: str
    blocks: tuple[Section | Table, ...]
    charts: tuple[Chart, ...] = ()
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Template:
    """A workbook users fill in: its file name, what it is for, and its sheets."""

    name: str
    title: str
    purpose: str
    sheets: tuple[Sheet, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.xlsx"

    def inputs(self) -> list[Input | CostLines | Column]:
        """Every input with a defined name: cells, cost lines and named table columns."""
        out: list[Input | CostLines | Column] = []
        for block in self.blocks():
            if isinstance(block, Section):
                out += [i for i in block.items if not isinstance(i, Output)]
            else:
                out += [c for c in block.columns if c.is_input and (c.name or c.names)]
        return out

    def outputs(self) -> list[Output | Column]:
        """Every headline output: named result cells and named table totals."""
        out: list[Output | Column] = []
        for block in self.blocks():
            if isinstance(block, Section):
                out += [i for i in block.items if isinstance(i, Output)]
            else:
                out += [c for c in block.columns if c.total_name or (c.names and not c.is_input)]
        return out

    def blocks(self) -> list[Section | Table]:
        return [block for sheet in self.sheets for block in sheet.blocks]
