"""Campaign exports -> KPI table: ``roikit.kpis(frame_or_file, columns=..., margin=...)``.

:mod:`roikit.kpis.read` reads an export (encodings, separators, localised numbers, title and
total rows); :mod:`roikit.kpis.table` finds the columns that feed each catalog KPI and computes
them with the vectorized metrics, reporting what it could not compute and why.

``roikit.kpis`` is this package and also the call that does the job: the package can be called
like its :func:`~roikit.kpis.table.kpis` function, so ``roikit.kpis("export.csv")`` works
whichever of the two Python finds first.

Its names are imported when first used: a command that only decodes a CSV
(:mod:`roikit.kpis.text`) does not import pandas for it.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roikit.kpis.numbers import column_numbers
    from roikit.kpis.table import KpiResult, RowProblem, kpis
    from roikit.kpis.text import CURRENCY_WORDS, decode, sniff_separator

#: each name -> the module that defines it
_WHERE = {
    "CURRENCY_WORDS": "roikit.kpis.text",
    "KpiResult": "roikit.kpis.table",
    "RowProblem": "roikit.kpis.table",
    "column_numbers": "roikit.kpis.numbers",
    "decode": "roikit.kpis.text",
    "kpis": "roikit.kpis.table",
    "sniff_separator": "roikit.kpis.text",
}

__all__ = [
    "CURRENCY_WORDS",
    "KpiResult",
    "RowProblem",
    "column_numbers",
    "decode",
    "kpis",
    "sniff_separator",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value  # found once
    return value


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> KpiResult:
        from roikit.kpis.table import kpis

        return kpis(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
