"""roikit: marketing ROI, ROMI, CAC, CLV, funnel, email and A/B-test metrics as spreadsheet functions.

>>> import roikit
>>> roikit.romi(558800, 0.25, [13500, 50000])
1.2
"""

from typing import TYPE_CHECKING, Any

import roikit.catalog  # noqa: F401 (completes each metric's docstring: help(roikit.romi))
from roikit.errors import MetricError, RoikitError
from roikit.metrics import *  # noqa: F403
from roikit.metrics import __all__ as _metric_names

if TYPE_CHECKING:  # what the lazy names below are, for type checkers
    from roikit.engine import Book as Book
    from roikit.engine import open_book as open  # noqa: F401
    from roikit.engine import recalc as recalc
    from roikit.kpis import kpis as kpis

__version__ = "0.1.0"
__all__ = ["MetricError", "RoikitError", *_metric_names]

#: names whose modules need the optional packages (pandas, the engines): imported on first use,
#: so that ``import roikit`` stays as light as the core (xlwings Lite runs it in Pyodide)
_LAZY = {
    "open": ("roikit.engine", "open_book"),
    "recalc": ("roikit.engine", "recalc"),
    "Book": ("roikit.engine", "Book"),
    "kpis": ("roikit.kpis", "kpis"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'roikit' has no attribute {name!r}")
    import importlib

    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value
