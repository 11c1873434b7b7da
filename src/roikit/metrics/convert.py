"""Reading one argument of the scalar face: a cell value (a number, a blank, text, a range) as
a float that keeps its kind's rule, or :class:`~roikit.errors.MetricError` saying why not."""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Iterator
from typing import Any

from roikit.errors import NUM, VALUE, MetricError
from roikit.metrics.arrays import is_array, is_float, is_logical, loaded
from roikit.metrics.kinds import MONEY, NUMBER, RATE, Kind

#: the day Excel's 1900 date system counts from (serial 1 is 1900-01-01, with Lotus' leap day)
EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    if is_logical(value):
        return "TRUE" if value else "FALSE"
    return type(value).__name__


def is_blank(value: Any) -> bool:
    return value is None or (is_float(value) and math.isnan(value))


def _to_float(value: Any, name: str) -> float:
    """One value as a float, or MetricError(#VALUE!) saying why it is not a number."""
    if is_logical(value):
        raise MetricError(
            name, f"must be a number, not the logical value {_describe(value)}", VALUE
        )
    if isinstance(value, str):
        hint = " (a number stored as text?)" if _looks_numeric(value) else ""
        raise MetricError(name, f"must be a number, got {_describe(value)}{hint}", VALUE)
    if is_array(value) and value.ndim == 0:
        return _to_float(value.item(), name)
    if not isinstance(value, numbers.Number) or (
        isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real)
    ):
        raise MetricError(name, f"must be a number, got {_describe(value)}", VALUE)
    try:
        return float(value)  # type: ignore[arg-type]
    except (OverflowError, ValueError, TypeError):
        raise MetricError(name, "must be a finite number", NUM) from None


def _looks_numeric(text: str) -> bool:
    cleaned = text.strip().replace(",", "").replace(" ", "").rstrip("%").lstrip("$€£")
    try:
        float(cleaned)
    except ValueError:
        return False
    return True


def check_range(x: float, name: str, kind: Kind) -> float:
    if not math.isfinite(x):
        raise MetricError(name, f"must be a finite number, got {x}", NUM)
    if 0 <= x <= kind.maximum:
        return x
    rule = f"{kind.rule()}, got {x:g}"
    if kind is RATE and 1 < x <= 100:
        rule = f"must be between 0 and 1 (write {x:g}% or {x / 100:g}), got {x:g}"
    raise MetricError(name, rule, NUM)


def is_pandas(value: Any) -> bool:
    """True for a pandas object, told without importing pandas."""
    return type(value).__module__.split(".")[0] == "pandas"


def range_values(value: Any) -> Iterator[Any]:
    """The cells of a range, row by row: a single value, nested lists / tuples (as Excel passes a
    range), a numpy array or a pandas Series / DataFrame."""
    if is_pandas(value) and getattr(value, "ndim", 0) >= 1:
        value = value.to_numpy(dtype=object)
    if is_array(value):
        yield from value.ravel().tolist()
    elif isinstance(value, list | tuple):
        for item in value:
            yield from range_values(item)
    else:
        yield value


def scalar_cost_lines(value: Any, name: str) -> float:
    total = 0.0
    lines = list(range_values(value))
    if all(is_blank(line) for line in lines):
        raise MetricError(name, "is blank: enter at least one cost line", VALUE)
    for position, line in enumerate(lines, start=1):
        if is_blank(line):
            continue
        label = name if len(lines) == 1 else f"{name} line {position}"
        total += check_range(_to_float(line, label), label, MONEY)
    if not math.isfinite(total):
        raise MetricError(name, "add up to more than a number can hold", NUM)
    return total


def excel_serial(value: Any, name: str) -> float | None:
    """A date as an Excel date serial number; None for a blank."""
    if is_blank(value) or (isinstance(value, str) and not value.strip()):
        return None
    np = loaded()
    if np is not None and isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        value = value.astype("datetime64[us]").item()
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp (NaT is caught as blank above)
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime):
        return (value.replace(tzinfo=None) - EXCEL_EPOCH) / _dt.timedelta(days=1)
    if isinstance(value, _dt.date):
        return float((value - EXCEL_EPOCH.date()).days)
    if isinstance(value, str):
        raise MetricError(
            name, f"must hold dates, got {_describe(value)} (a date stored as text?)", VALUE
        )
    return check_range(_to_float(value, name), name, NUMBER)


def scalar_argument(value: Any, name: str, kind: Kind) -> float:
    """Check one argument of the scalar face and return it as a float."""
    if kind.summed_range:
        return scalar_cost_lines(value, name)
    if is_blank(value):
        raise MetricError(name, "is blank: enter a number", VALUE)
    if (isinstance(value, list | tuple) or is_array(value)) and getattr(value, "ndim", 1) != 0:
        raise MetricError(name, "must be one value, not a range", VALUE)
    return check_range(_to_float(value, name), name, kind)


def is_vector(value: Any, kind: Kind) -> bool:
    """Whether ``value`` takes the vectorized face: an array, a pandas object, or a list that is
    a column of rows (a list or tuple of cost lines is one range, summed). Needs no numpy: an
    array can only be there once numpy is imported."""
    if kind.dates:
        return False
    if is_array(value):
        return bool(value.ndim > 0)
    if is_pandas(value):
        return True
    return isinstance(value, list | tuple) and not kind.summed_range
