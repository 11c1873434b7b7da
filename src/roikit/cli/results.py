"""Where ``roikit batch`` streams its rows: CSV on stdout, a CSV file, a Parquet file or a
workbook.

Files are written beside their target and renamed into place when complete (nothing half
written is left under the name asked for). In CSV and Parquet every column is text, as the CSV
shows it (a cell's value as :func:`roikit.cli.workbook.cell_text` writes it), so the two
formats agree. A workbook (``.xlsx``) holds the values themselves, numbers as numbers and
errors as errors: it opens the same in any Excel, where a CSV's decimal points and commas mean
what the reader's language says (Russian or Polish Excel reads ``0.25`` as text).
"""

from __future__ import annotations

import csv
import sys
from contextlib import ExitStack
from typing import Any

from roikit.errors import CommandError

#: rows gathered before a Parquet row group is written
_GROUP = 10_000


class ResultWriter:
    """A results table written row by row: ``header`` once, then ``row`` for each row."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.parquet = target.lower().endswith(".parquet")
        self.xlsx = target.lower().endswith(".xlsx")
        self.columns: list[str] = []
        self.started = False
        self._stack = ExitStack()
        self._pending: list[list[str]] = []
        self._parquet_writer: Any = None
        if self.parquet:
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise CommandError(
                    "-o .parquet needs pyarrow: pip install 'roikit[batch]'"
                ) from None

    def __enter__(self) -> ResultWriter:
        from roikit.xlsx import atomic_writer

        if self.xlsx:
            from openpyxl import Workbook

            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet("Results")
        elif self.parquet:
            self._stream = self._stack.enter_context(atomic_writer(self.target, "wb"))
        elif self.target == "-":
            self._csv = csv.writer(sys.stdout, lineterminator="\n")
        else:
            stream = self._stack.enter_context(atomic_writer(self.target, "w"))
            self._csv = csv.writer(stream, lineterminator="\n")
        return self

    def header(self, columns: list[str]) -> None:
        self.columns, self.started = columns, True
        if self.xlsx:
            self._sheet.append([self._cell(column) for column in columns])
        elif not self.parquet:
            self._csv.writerow(columns)

    def row(self, values: list[str], typed: list[Any] | None = None) -> None:
        """One row: each value as text; ``typed``, the same values as they are (numbers,
        CellError, dates), for a workbook."""
        if self.xlsx:
            self._sheet.append([self._cell(value) for value in (typed or values)])
            return
        if not self.parquet:
            self._csv.writerow(values)
            return
        self._pending.append(values)
        if len(self._pending) >= _GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(column, pa.string()) for column in self.columns])
        if self._parquet_writer is None:
            self._parquet_writer = pq.ParquetWriter(self._stream, schema)
        table = pa.Table.from_pylist(
            [dict(zip(self.columns, values, strict=True)) for values in self._pending], schema
        )
        self._parquet_writer.write_table(table)
        self._pending.clear()

    def _cell(self, value: Any) -> Any:
        from roikit.cli.output import workbook_cell

        return workbook_cell(self._sheet, value)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: Any
    ) -> None:
        """Complete the file, or, when the run failed, leave whatever ``target`` held before
        (the atomic writer sees the failure and drops its temporary file)."""
        if kind is None:
            try:
                self._complete()
            except BaseException as failure:
                self._stack.__exit__(type(failure), failure, failure.__traceback__)
                raise
        self._stack.__exit__(kind, error, trace)

    def _complete(self) -> None:
        if self.xlsx:
            from roikit.xlsx import atomic_writer

            with atomic_writer(self.target, "wb") as stream:
                self._book.save(stream)
        if self.parquet:
            self._flush()
            self._parquet_writer.close()
