"""Campaign exports -> KPI table: ``roikit.kpis(frame_or_file, columns=..., margin=...)``.

:mod:`roikit.kpis.read` reads an export (encodings, separators, localised numbers, title and
total rows); :mod:`roikit.kpis.table` finds the columns that feed each catalog KPI and computes
them with the vectorized metrics, reporting what it could not compute and why.

``roikit.kpis`` is this package and also the call that does the job: the package can be called
like its :func:`~roikit.kpis.table.kpis` function, so ``roikit.kpis("export.csv")`` works
whichever of the two Python finds first.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from roikit.kpis.numbers import CURRENCY_WORDS, column_numbers
from roikit.kpis.read import decode, sniff_separator
from roikit.kpis.table import KpiResult, RowProblem, kpis

__all__ = [
    "CURRENCY_WORDS",
    "KpiResult",
    "RowProblem",
    "column_numbers",
    "decode",
    "kpis",
    "sniff_separator",
]


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> KpiResult:
        return kpis(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
