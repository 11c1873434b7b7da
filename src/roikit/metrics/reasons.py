"""Why the NaN rows of a vectorized result are NaN.

While a vectorized call runs, the argument rules (:mod:`roikit.metrics.vectorize`) and the
checks of a formula's body (:mod:`roikit.metrics.checks`) note the rows they find undefined and
why, in the scalar face's words; a Series result keeps them in
``result.attrs["roikit_reasons"]``: reason -> the index labels of its rows, each row under the
first rule it broke (the error the scalar call would raise for it). :func:`reasons` (also
``roikit.reasons``) reads them.

>>> import pandas as pd, roikit
>>> roikit.reasons(roikit.ctr(pd.Series([5, 1]), pd.Series([100, 0])))
{'delivered is 0, so the ratio is undefined': [1]}
"""

from __future__ import annotations

import contextvars
from typing import Any

from roikit.metrics.arrays import numpy

#: where a Series result keeps its reasons
REASONS = "roikit_reasons"

#: the rows each rule found undefined, and why
Found = list[tuple[Any, str]]

#: while a vectorized call with an index runs: what its rules found
_FOUND: contextvars.ContextVar[Found | None] = contextvars.ContextVar(REASONS, default=None)


def noting() -> bool:
    """Whether a vectorized call is collecting reasons (finding the rows costs a pass)."""
    return _FOUND.get() is not None


def note(rows: Any, reason: str) -> None:
    """Record that ``rows`` (a boolean mask) are undefined for ``reason`` ("costs is 0, ...").

    The mask broadcasts to the result, or it is one of a formula's rows × something arrays (rows
    × periods): its leading axes are the result's, and a row is noted when any of its cells is.
    Such a formula keeps a row axis on every array, if only of length 1 (one value for all rows):
    a mask of periods alone would read as rows.
    """
    found = _FOUND.get()
    if found is not None:
        found.append((rows, reason))


def collect() -> tuple[Found, contextvars.Token[Found | None]]:
    """Start collecting the reasons of one vectorized call; ``finish`` with the token."""
    found: Found = []
    return found, _FOUND.set(found)


def finish(token: contextvars.Token[Found | None]) -> None:
    _FOUND.reset(token)


def explained(result: Any, found: Found, index: Any) -> dict[str, Any]:
    """reason -> index labels of the NaN rows of ``result``, the first reason for each row."""
    np = numpy()
    left = np.isnan(result) if result.dtype.kind == "f" else np.zeros(result.shape, bool)
    rows_of: dict[str, Any] = {}
    for rows, reason in found:
        if not left.any():
            break
        rows = np.asarray(rows)
        if rows.ndim > result.ndim:  # rows × periods, say: a row is noted if any of its cells is
            rows = rows.any(axis=tuple(range(result.ndim, rows.ndim)))
        rows = np.broadcast_to(rows, result.shape) & left
        if rows.any():
            rows_of[reason] = index[rows]
            left &= ~rows
    if left.any():
        rows_of["result is undefined for these values"] = index[left]
    return rows_of


def reasons(result: Any) -> dict[str, list[Any]]:
    """Why each NaN row of a vectorized Series result is NaN: reason -> its rows' labels."""
    return {reason: list(rows) for reason, rows in result.attrs.get(REASONS, {}).items()}
