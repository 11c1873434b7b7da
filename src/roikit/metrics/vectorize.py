"""The vectorized face: arguments that are arrays, lists or pandas Series broadcast like numpy
ufuncs, a row that breaks a rule becomes NaN instead of raising, and a Series comes back as a
Series with the same index."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from roikit.errors import VALUE, MetricError
from roikit.metrics.convert import is_pandas, is_vector, scalar_cost_lines
from roikit.metrics.kinds import Kind


def _float_array(value: Any) -> np.ndarray:
    """An array of floats; text, logical values and other non-numbers become NaN."""
    if is_pandas(value):
        value = value.to_numpy()
    array = np.asarray(value)
    if array.dtype.kind in "fiu":
        return array.astype(float, copy=False)
    flat = [_element_float(item) for item in array.ravel().tolist()]
    return np.array(flat, dtype=float).reshape(array.shape)


def _element_float(item: Any) -> float:
    """One element of an object array as a float: a number (an int beyond float range is an
    infinity, which the argument rules then refuse), NaN for anything else."""
    if not isinstance(item, numbers.Real) or isinstance(item, bool | np.bool_):
        return math.nan
    try:
        return float(item)
    except OverflowError:
        return math.inf if item > 0 else -math.inf  # type: ignore[operator] # an int: it overflowed


def _blanks_to_default(value: Any, default: Any) -> Any:
    """A column of an optional argument with its blank (None) rows given the default, as the
    scalar face gives a blank optional argument its default."""
    array = value.to_numpy() if is_pandas(value) else np.asarray(value)
    if array.dtype != object:
        return value
    filled = [default if item is None else item for item in array.ravel().tolist()]
    return np.array(filled, dtype=object).reshape(array.shape)


def _all_within(array: np.ndarray, high: float) -> bool:
    """True when every value lies in [0, high] (NaN and infinities fail), in one pass.

    The bit patterns of non-negative IEEE-754 doubles, read as unsigned integers, sort exactly
    as the numbers do, and every negative number, NaN or infinity above ``high`` reads larger:
    so one integer maximum checks the lower bound, the upper bound and NaN at once. (-0.0 reads
    large too; it only sends the array to the exact check, where it counts as 0.)
    """
    if array.size == 0:
        return True
    return bool(array.view(np.uint64).max() <= np.float64(high).view(np.uint64))


def _all_finite(array: np.ndarray) -> bool:
    """True when no value is NaN or infinite, in one pass.

    The dot product of the values with themselves is NaN or infinite when any value is; a huge
    finite value may overflow it too, which only sends the array to the exact check.
    """
    flat = array.ravel()
    return bool(np.isfinite(np.dot(flat, flat)))


def vector_argument(value: Any, kind: Kind) -> np.ndarray:
    """An argument of the vectorized face: floats, NaN in every row that breaks its kind's rule."""
    if kind.summed_range and isinstance(value, list | tuple):  # one range of lines, for every row
        try:
            return np.asarray(scalar_cost_lines(value, "costs"))
        except MetricError:
            return np.asarray(math.nan)
    array = _float_array(value)
    if kind.summed_range and array.ndim == 2:  # rows x cost lines; a row of blanks is missing
        blank = np.isnan(array)
        lines = np.where(blank, 0.0, array)
        bad = ~np.all((lines >= 0) & (lines < math.inf), axis=1) | blank.all(axis=1)
        return np.where(bad, math.nan, lines.sum(axis=1))
    high = kind.maximum if kind.maximum < math.inf else np.finfo(float).max
    if _all_within(array, high):
        return array
    with np.errstate(invalid="ignore"):  # NaN compares False: the row stays NaN
        return np.where((array >= 0) & (array <= high), array, math.nan)


def _result_index(values: list[Any]) -> Any:
    indexes = [value.index for value in values if is_pandas(value) and hasattr(value, "index")]
    for other in indexes[1:]:
        if not other.equals(indexes[0]):
            raise MetricError(
                "arguments", "are Series with different indexes: align them first", VALUE
            )
    return indexes[0] if indexes else None


def vectorized(
    func: Callable[..., Any],
    kinds: dict[str, Kind],
    bound: dict[str, Any],
    returns_bool: bool,
    defaults: dict[str, Any],
) -> Any:
    index = _result_index(list(bound.values()))
    arrays = {}
    for name, value in bound.items():
        kind = kinds[name]
        if kind.dates:
            arrays[name] = value
            continue
        if name in defaults and not kind.summed_range and is_vector(value, kind):
            value = _blanks_to_default(value, defaults[name])
        arrays[name] = vector_argument(value, kind)
    try:
        shape = np.broadcast_shapes(*(a.shape for n, a in arrays.items() if not kinds[n].dates))
    except ValueError:
        lengths = sorted({len(a) for a in arrays.values() if getattr(a, "ndim", 0)})
        raise MetricError("arguments", f"have different lengths {lengths}", VALUE) from None
    with np.errstate(all="ignore"):  # an undefined row ends as NaN, not as a warning
        result = np.asarray(func(**arrays))
        if result.dtype.kind == "f" and result.size and not _all_finite(result):
            result = np.where(np.isfinite(result), result, math.nan)
    if result.shape != shape:
        result = np.broadcast_to(result, shape).copy()
    if index is None:
        return result
    import pandas as pd

    if returns_bool:  # 1.0 / 0.0 / NaN become True / False / <NA>
        values = [None if math.isnan(v) else bool(v) for v in result.tolist()]
        return pd.Series(values, index=index, name=func.__name__, dtype="boolean")
    # the array was made by this call: no need for the copy pandas 3 makes by default
    return pd.Series(result, index=index, name=func.__name__, copy=False)
