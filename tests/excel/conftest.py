"""Classic xlwings on Linux, as close to Windows as it gets without Excel.

* ``xlwings.udfs`` -- xlwings' real decorators and VBA generator -- imports once the three
  pywin32 modules it names are stood in for (:mod:`roikit.excel.classic`).
* ``xlwings.conversion.read`` needs the "excel" engine, whose module (``xlwings._xlwindows``)
  cannot import here (it loads ``ctypes.windll``). The engine's cell cleaning -- blanks, error
  codes, dates -- is xlwings' own code all the same: the few definitions it consists of are
  lifted from ``_xlwindows.py`` unchanged, by name, and run in a namespace where pywin32's date
  type is ``datetime``.
"""

from __future__ import annotations

import ast
import datetime as dt
import types
from pathlib import Path

import numpy as np
import pytest

from roikit.excel.classic import classic_udfs

#: the definitions of xlwings/_xlwindows.py that read and write cell values
_LIFTED = {"cell_errors", "time_types", "_com_time_to_datetime", "_clean_value_data_element"}
_ENGINE_MEMBERS = {"name", "type", "prepare_xl_data_element", "clean_value_data"}


def _windows_engine_impl() -> object:
    import xlwings

    source = Path(xlwings.__file__).with_name("_xlwindows.py").read_text(encoding="utf-8")
    body = []
    for node in ast.parse(source).body:
        if (isinstance(node, ast.FunctionDef) and node.name in _LIFTED) or (
            isinstance(node, ast.Assign)
            and {getattr(target, "id", None) for target in node.targets} & _LIFTED
        ):
            body.append(node)
        elif isinstance(node, ast.ClassDef) and node.name == "Engine":
            node.body = [
                member
                for member in node.body
                if isinstance(member, ast.FunctionDef) and member.name in _ENGINE_MEMBERS
            ]
            body.append(node)
    namespace = {
        "dt": dt,
        "np": np,
        "pd": None,
        "pywintypes": types.SimpleNamespace(TimeType=dt.datetime),
    }
    exec(
        compile(ast.Module(body=body, type_ignores=[]), "xlwings/_xlwindows.py", "exec"), namespace
    )
    missing = (_LIFTED | {"Engine"}) - namespace.keys()
    assert not missing, f"xlwings/_xlwindows.py no longer defines {missing}"
    return namespace["Engine"]()


@pytest.fixture(scope="session")
def xlwings_udfs() -> types.ModuleType:
    """xlwings' classic UDF module (decorators, ``call_udf``, ``generate_vba_wrapper``)."""
    return classic_udfs()


@pytest.fixture(scope="session")
def excel_engine() -> None:
    """Register the "excel" engine so that ``xlwings.conversion`` reads values as on Windows."""
    import xlwings

    if "excel" not in [engine.name for engine in xlwings.engines]:
        xlwings.engines.add(xlwings.Engine(impl=_windows_engine_impl()))
