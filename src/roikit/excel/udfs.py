"""The classic xlwings UDF module: every catalog function, as ``UDF Modules = roikit.excel.udfs``.

Generated from the catalog when imported: each function is :func:`roikit.excel.udf` decorated
with xlwings' ``func`` (category "roikit", the summary as description) and ``arg`` (each
argument's help; ranges read 2-D). Nothing here is written per function: a new catalog entry is
a new UDF. ``xlwings.udfs`` provides the decorators (``xw.func`` / ``xw.arg`` on Windows are the
same functions), so that the VBA module can be generated from this module on any system.
"""

from __future__ import annotations

from roikit.catalog import CATALOG
from roikit.excel import decorate, udf
from roikit.excel.classic import classic_udfs

_xlwings_udfs = classic_udfs()

for _function in CATALOG:
    globals()[_function.name] = decorate(
        udf(_function), _function, _xlwings_udfs.xlfunc, _xlwings_udfs.xlarg
    )
del _function

__all__ = [function.name for function in CATALOG]
