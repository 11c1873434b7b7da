"""numpy only for arrays: the scalar path of every metric runs without it, as in xlwings Lite.

A value can only be a numpy object once something has imported numpy. So the scalar path asks
whether numpy is loaded (:func:`is_array`, :func:`is_logical`, :func:`is_float`) and imports
nothing, and the vectorized path imports it (:func:`numpy`) when an array, a list of rows or a
pandas Series arrives. Pyodide, where xlwings Lite runs, has no numpy unless it is installed.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def numpy() -> types.ModuleType:
    """numpy, imported now if nothing has yet (the vectorized path needs it)."""
    import numpy

    return numpy


def loaded() -> types.ModuleType | None:
    """numpy if something has imported it, else None (then no value can be a numpy object)."""
    return sys.modules.get("numpy")


def is_array(value: Any) -> bool:
    """True for a numpy array (of any dimension)."""
    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, np.ndarray)


def is_logical(value: Any) -> bool:
    """True for a Python or numpy logical value."""
    if isinstance(value, bool):
        return True
    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, np.bool_)


def is_float(value: Any) -> bool:
    """True for a Python or numpy floating-point number."""
    if isinstance(value, float):
        return True
    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, np.floating)
