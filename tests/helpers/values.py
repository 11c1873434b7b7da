"""Comparing cell values as the parity tests do: the same error code, the same logical value,
numbers equal to a relative 1e-9."""

from __future__ import annotations

import math
from typing import Any

from roikit.cells import CellError


def same(a: Any, b: Any) -> bool:
    if isinstance(a, CellError) or isinstance(b, CellError):
        return isinstance(a, CellError) and isinstance(b, CellError) and a.code == b.code
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-15)
    return a == b
