"""Reading one argument of the scalar face: a cell value (a number, a blank, text, a range) as
a float that keeps its kind's rule, or :class:`~roikit.errors.MetricError` saying why not."""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import re
from collections.abc import Iterable, Iterator
from typing import Any

from roikit.errors import NUM, VALUE, MetricError
from roikit.metrics.arrays import is_array, is_float, is_logical, loaded
from roikit.metrics.kinds import MONEY, NUMBER, RATE, Kind

#: the day Excel's 1900 date system counts from (serial 1 is 1900-01-01, with Lotus' leap day)
EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


#: a date written day and month first or month and day first, then the year (a time may follow)
NUMERIC_DATE = re.compile(r"\s*(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:[ T].*)?")


def day_first(
    texts: Iterable[str], advice: str = "write them as ISO dates (2025-12-03)"
) -> bool | None:
    """Whether dates written with numbers only (``03.12.2025``, ``12/03/2025``) put the day
    first: True or False as a date past the 12th shows it (``25.12.2025``, ``12/25/2025``);
    else True for dates with dots (the day first wherever dots are used: Russia, Poland,
    Germany); None when no text is such a date. Texts that show both orders, or slashes or
    dashes that show neither, are a ValueError ending with ``advice``: no date is guessed."""
    found = [match for text in texts if (match := NUMERIC_DATE.fullmatch(text))]
    if not found:
        return None
    day_shown = any(int(match.group(1)) > 12 for match in found)
    month_shown = any(int(match.group(3)) > 12 for match in found)
    if day_shown and month_shown:
        raise ValueError(
            f"the dates put the day first in some rows ({_example(found, 1)}) and the month "
            f"first in others ({_example(found, 3)}): write them in one order, or as ISO dates "
            "(2025-12-03)"
        )
    if day_shown or month_shown:
        return day_shown
    if all(match.group(2) == "." for match in found):
        return True
    raise ValueError(
        f"the dates ({found[0].group().strip()!r}) could put the day or the month first, and "
        f"no date past the 12th tells which: {advice}"
    )


def _example(found: list[re.Match[str]], group: int) -> str:
    return next(match.group().strip() for match in found if int(match.group(group)) > 12)


def numeric_date(text: str, dayfirst: bool | None = None) -> _dt.date | None:
    """A date written with numbers only and no time (``03.12.2025``, ``12/25/2025``,
    ``03.12.25``), its order ``dayfirst`` or else as :func:`day_first` tells from the text
    alone (a ValueError when it cannot); None for any other text or an impossible date. A
    two-digit year is read as Excel reads it: 00-29 are 2000-2029, 30-99 are 1930-1999."""
    match = NUMERIC_DATE.fullmatch(text)
    if match is None or match.group().strip() != text.strip() or " " in text.strip():
        return None
    first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if dayfirst is None:  # 01/01/2025 is the same date either way
        dayfirst = first == second or day_first([text])
    if len(match.group(4)) == 2:
        year += 2000 if year < 30 else 1900
    day, month = (first, second) if dayfirst else (second, first)
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


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
