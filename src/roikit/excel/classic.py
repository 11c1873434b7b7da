"""xlwings' classic UDF machinery (``xlwings.udfs``), importable where Excel is not.

On Windows ``xw.func`` and ``xw.arg`` *are* ``xlwings.udfs.xlfunc`` and ``xlwings.udfs.xlarg``.
Elsewhere xlwings replaces them with no-ops and ``xlwings.udfs`` fails to import for want of
pywin32, although its decorators and its VBA generator (``generate_vba_wrapper``) never touch
pywin32. To build ``addin/roikit.bas`` on any system, and to test the add-in without Excel,
:func:`classic_udfs` imports ``xlwings.udfs`` with inert stand-ins for the three pywin32 modules
it names at import time, and removes the stand-ins again, so that no other code mistakes them
for pywin32.
"""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Iterator

#: the pywin32 modules ``xlwings.udfs`` imports (``win32com`` is the package of the third)
PYWIN32_MODULES = ("pythoncom", "pywintypes", "win32com", "win32com.client")


def _not_on_this_system(*args: object, **kwargs: object) -> None:
    raise OSError("pywin32 is a stand-in here: Excel's COM interface exists only on Windows")


@contextlib.contextmanager
def pywin32_stand_ins() -> Iterator[None]:
    """Inert ``pythoncom``, ``pywintypes`` and ``win32com.client`` while the block runs.

    Modules that really are installed stay untouched. A stand-in's COM entry points raise
    ``OSError`` if anything calls them.
    """
    added = [name for name in PYWIN32_MODULES if name not in sys.modules]
    stand_ins = {name: types.ModuleType(name) for name in added}
    if "pythoncom" in stand_ins:
        stand_ins["pythoncom"].CoInitialize = _not_on_this_system  # type: ignore[attr-defined]
    if "win32com.client" in stand_ins:
        stand_ins["win32com.client"].Dispatch = _not_on_this_system  # type: ignore[attr-defined]
        if "win32com" in stand_ins:
            stand_ins["win32com"].client = stand_ins["win32com.client"]  # type: ignore[attr-defined]
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name in added:
            sys.modules.pop(name, None)


def classic_udfs() -> types.ModuleType:
    """``xlwings.udfs``: with pywin32 where it is installed, with stand-ins elsewhere."""
    if "xlwings.udfs" in sys.modules:
        return sys.modules["xlwings.udfs"]
    try:
        import xlwings.udfs
    except ImportError:
        with pywin32_stand_ins():
            import xlwings.udfs
    return xlwings.udfs
