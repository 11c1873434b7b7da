"""The one place that opens, checks and writes workbook packages (.xlsx / .xlsm).

* :mod:`roikit.xlsx.limits` -- what a file may claim before it is read (inflated size, cells,
  no DTD): a hostile file is refused before any parser sees it;
* :mod:`roikit.xlsx.package` -- reading a package: sheets, defined names, formulas, cached values;
* :mod:`roikit.xlsx.tables` -- Excel tables, and their structured references written as plain
  cells for the engines (``Campaigns[[#This Row],[Revenue]]`` -> ``$B7``);
* :mod:`roikit.xlsx.intersection` -- implicit intersection of legacy formulas written out
  (``=Price*2`` -> ``=@Price*2``) for an engine that spills;
* :mod:`roikit.xlsx.links` -- calls of roikit's functions through its classic add-in
  (``[1]!ROMI(``) made plain calls;
* :mod:`roikit.xlsx.patch` -- saving: the changed cells' values patched into the sheet XML, every
  other part copied byte for byte;
* :mod:`roikit.xlsx.sheets` -- one worksheet's values as rows, read safely (exports, scenarios,
  transactions);
* :mod:`roikit.xlsx.atomic` -- every file roikit writes goes to a temporary file that is renamed.

The engine, the templates, the campaign-export face and the command line use these through
the names below.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roikit.xlsx.atomic import atomic_writer, write_atomic
    from roikit.xlsx.intersection import (
        explicit_intersections,
        has_implicit_intersections,
        names_of_areas,
    )
    from roikit.xlsx.limits import max_cells, max_unzipped, too_many_cells
    from roikit.xlsx.links import (
        Calls,
        add_in_calls_in,
        has_calls,
        plain_calls,
        roikit_add_in_calls,
    )
    from roikit.xlsx.package import (
        REFERENCE,
        Package,
        Target,
        area_cells,
        blank_strings,
        check_workbook_file,
        column_letters,
        column_number,
        functions_in,
        parse_target,
        split_reference,
        split_references,
    )
    from roikit.xlsx.patch import full_calc_on_load, save
    from roikit.xlsx.sheets import sheet_rows
    from roikit.xlsx.tables import (
        Table,
        has_structured_references,
        plain_references,
        plain_structured_references,
    )

#: public name -> its module; imported on first use, so that writing a file atomically (a CSV
#: report) does not load the XML readers a workbook needs
_PUBLIC = {
    "Calls": "links",
    "add_in_calls_in": "links",
    "has_calls": "links",
    "plain_calls": "links",
    "roikit_add_in_calls": "links",
    "atomic_writer": "atomic",
    "write_atomic": "atomic",
    "max_cells": "limits",
    "max_unzipped": "limits",
    "REFERENCE": "package",
    "area_cells": "package",
    "blank_strings": "package",
    "column_letters": "package",
    "column_number": "package",
    "too_many_cells": "limits",
    "Package": "package",
    "Target": "package",
    "check_workbook_file": "package",
    "functions_in": "package",
    "parse_target": "package",
    "split_reference": "package",
    "split_references": "package",
    "save": "patch",
    "sheet_rows": "sheets",
    "full_calc_on_load": "patch",
    "Table": "tables",
    "explicit_intersections": "intersection",
    "has_implicit_intersections": "intersection",
    "names_of_areas": "intersection",
    "has_structured_references": "tables",
    "plain_structured_references": "tables",
    "plain_references": "tables",
}
__all__ = [
    "REFERENCE",
    "Calls",
    "Package",
    "Table",
    "Target",
    "add_in_calls_in",
    "area_cells",
    "atomic_writer",
    "blank_strings",
    "check_workbook_file",
    "column_letters",
    "column_number",
    "explicit_intersections",
    "full_calc_on_load",
    "functions_in",
    "has_calls",
    "has_implicit_intersections",
    "has_structured_references",
    "max_cells",
    "max_unzipped",
    "names_of_areas",
    "parse_target",
    "plain_calls",
    "plain_references",
    "plain_structured_references",
    "roikit_add_in_calls",
    "save",
    "sheet_rows",
    "split_reference",
    "split_references",
    "too_many_cells",
    "write_atomic",
]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'roikit.xlsx' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"roikit.xlsx.{_PUBLIC[name]}"), name)
    globals()[name] = value
    return value
