"""What makes two template workbooks the same: cells, formulas, names, validation, formats, charts.

Used by the freshness test (``make build`` leaves no diff): a committed workbook is fresh when
its fingerprint equals a fresh build's, whatever bytes the zip container happens to hold.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook


def fingerprint(data: bytes) -> dict[str, Any]:
    """Everything a user or a script sees in the workbook, as plain comparable data."""
    workbook = load_workbook(io.BytesIO(data))
    return {
        "names": [
            (name, defined.attr_text, defined.localSheetId)
            for name, defined in sorted(workbook.defined_names.items())
        ],
        "sheets": [_sheet(ws) for ws in workbook.worksheets],
    }


def same_workbook(current: bytes, fresh: bytes) -> bool:
    """Whether two xlsx files hold the same template (see :func:`fingerprint`)."""
    return current == fresh or fingerprint(current) == fingerprint(fresh)


def _sheet(ws: Any) -> dict[str, Any]:
    return {
        "title": ws.title,
        "cells": [
            (cell.coordinate, cell.value, cell.number_format, cell.style)
            for row in ws.iter_rows()
            for cell in row
            if cell.value is not None or cell.style != "Normal"
        ],
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "validation": [
            (
                str(v.sqref),
                v.type,
                v.operator,
                v.formula1,
                v.formula2,
                v.promptTitle,
                v.prompt,
                v.error,
            )
            for v in ws.data_validations.dataValidation
        ],
        "conditional": [
            (str(rules.sqref), [(r.type, r.operator, tuple(r.formula)) for r in rules.rules])
            for rules in ws.conditional_formatting
        ],
        "charts": [_chart(chart) for chart in ws._charts],
    }


def _chart(chart: Any) -> tuple[Any, ...]:
    series = []
    for s in chart.series:
        values = s.val.numRef.f if s.val and s.val.numRef else None
        categories = None
        if s.cat is not None:
            ref = s.cat.numRef or s.cat.strRef
            categories = ref.f if ref is not None else None
        series.append((values, categories))
    return (type(chart).__name__, getattr(chart, "type", None), _text(chart.title), series)


def _text(title: Any) -> str:
    if title is None or title.tx is None or title.tx.rich is None:
        return ""
    return "".join(run.t for paragraph in title.tx.rich.p for run in (paragraph.r or []))
