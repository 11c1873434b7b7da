"""How every metric reads its arguments, and how it says what it cannot compute.

A metric is a plain function whose arguments carry a *kind* in their annotation
(``revenue: Money``) and whose body is arithmetic that works the same on Python floats and on
numpy arrays. The :func:`metric` decorator gives it its two faces:

* **scalar** -- every argument is one value: each is checked against its kind, the body runs on
  floats, and anything undefined raises :class:`~roikit.errors.MetricError` naming the argument,
  the rule and the spreadsheet error (``#DIV/0!``, ``#NUM!``, ``#VALUE!``);
* **vectorized** -- any argument is an array, a pandas Series or a list: arguments broadcast like
  numpy ufuncs, a row that breaks a rule becomes NaN instead of raising, and a Series comes back
  as a Series with the same index.

Inside a body, :func:`nonzero`, :func:`at_most` and :func:`share` are the checks a formula needs;
they raise in the scalar face and mark rows NaN in the vectorized one.
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import math
import numbers
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from roikit.errors import DIV0, NUM, VALUE, MetricError
from roikit.metrics.arrays import is_array, is_float, is_logical, loaded, numpy

if TYPE_CHECKING:
    import numpy as np

# ---------------------------------------------------------------------------------------------
# Kinds of argument


@dataclass(frozen=True)
class Kind:
    """What an argument holds, and the rule its values must keep."""

    name: str
    description: str
    #: every roikit argument is 0 or more; some also have an upper bound (a rate's is 1)
    maximum: float = math.inf
    #: a range of cost lines: one number, or a list / range whose values are summed
    summed_range: bool = False
    #: a range of dates, read as Excel date serials
    dates: bool = False

    def rule(self) -> str:
        if self.maximum == 1.0:
            return "must be between 0 and 1"
        return "must be 0 or more"


COUNT = Kind("count", "a count of people, emails or events, 0 or more")
MONEY = Kind("money", "an amount of money, 0 or more")
NUMBER = Kind("number", "a number, 0 or more (days, years, purchases per year)")
RATE = Kind("rate", "a fraction between 0 and 1: 25 % is 0.25", maximum=1.0)
COST_LINES = Kind(
    "range",
    "one amount, or a range / list of cost lines that are summed; a blank line among them counts "
    "as nothing, a range of blanks is missing",
    summed_range=True,
)
DATES = Kind(
    "date",
    "a range of dates (Excel date serial numbers or Python dates); blanks are skipped",
    dates=True,
)

Count = Annotated[Any, COUNT]
Money = Annotated[Any, MONEY]
Number = Annotated[Any, NUMBER]
Rate = Annotated[Any, RATE]
CostLines = Annotated[Any, COST_LINES]
Dates = Annotated[Any, DATES]

#: the day Excel's 1900 date system counts from (serial 1 is 1900-01-01, with Lotus' leap day)
EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


def argument_kinds(func: Callable[..., Any]) -> dict[str, Kind]:
    """The kind of every argument of a metric, read from its annotations."""
    hints = typing.get_type_hints(func, include_extras=True)
    kinds = {}
    for name in inspect.signature(func).parameters:
        metadata = getattr(hints.get(name), "__metadata__", ())
        found = [item for item in metadata if isinstance(item, Kind)]
        if not found:
            raise TypeError(f"{func.__name__}: argument {name!r} has no roikit kind annotation")
        kinds[name] = found[0]
    return kinds


# ---------------------------------------------------------------------------------------------
# Reading one value (the scalar face)


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    if is_logical(value):
        return "TRUE" if value else "FALSE"
    return type(value).__name__


def _is_blank(value: Any) -> bool:
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


def _check_range(x: float, name: str, kind: Kind) -> float:
    if not math.isfinite(x):
        raise MetricError(name, f"must be a finite number, got {x}", NUM)
    if 0 <= x <= kind.maximum:
        return x
    rule = f"{kind.rule()}, got {x:g}"
    if kind is RATE and 1 < x <= 100:
        rule = f"must be between 0 and 1 (write {x:g}% or {x / 100:g}), got {x:g}"
    raise MetricError(name, rule, NUM)


def range_values(value: Any) -> Iterator[Any]:
    """The cells of a range, row by row: a single value, nested lists / tuples (as Excel passes a
    range), a numpy array or a pandas Series / DataFrame."""
    if _is_pandas(value) and getattr(value, "ndim", 0) >= 1:
        value = value.to_numpy(dtype=object)
    if is_array(value):
        yield from value.ravel().tolist()
    elif isinstance(value, list | tuple):
        for item in value:
            yield from range_values(item)
    else:
        yield value


def _scalar_cost_lines(value: Any, name: str) -> float:
    total = 0.0
    lines = list(range_values(value))
    if all(_is_blank(line) for line in lines):
        raise MetricError(name, "is blank: enter at least one cost line", VALUE)
    for position, line in enumerate(lines, start=1):
        if _is_blank(line):
            continue
        label = name if len(lines) == 1 else f"{name} line {position}"
        total += _check_range(_to_float(line, label), label, MONEY)
    if not math.isfinite(total):
        raise MetricError(name, "add up to more than a number can hold", NUM)
    return total


def excel_serial(value: Any, name: str) -> float | None:
    """A date as an Excel date serial number; None for a blank."""
    if _is_blank(value) or (isinstance(value, str) and not value.strip()):
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
    return _check_range(_to_float(value, name), name, NUMBER)


def scalar_argument(value: Any, name: str, kind: Kind) -> float:
    """Check one argument of the scalar face and return it as a float."""
    if kind.summed_range:
        return _scalar_cost_lines(value, name)
    if _is_blank(value):
        raise MetricError(name, "is blank: enter a number", VALUE)
    if (isinstance(value, list | tuple) or is_array(value)) and getattr(value, "ndim", 1) != 0:
        raise MetricError(name, "must be one value, not a range", VALUE)
    return _check_range(_to_float(value, name), name, kind)


# ---------------------------------------------------------------------------------------------
# Reading arrays (the vectorized face)


def _is_pandas(value: Any) -> bool:
    return type(value).__module__.split(".")[0] == "pandas"


def _is_vector(value: Any, kind: Kind) -> bool:
    if kind.dates:
        return False
    if is_array(value):
        return value.ndim > 0
    if _is_pandas(value):
        return True
    # a list or tuple of cost lines is one range, summed; elsewhere a list is a column of rows
    return isinstance(value, list | tuple) and not kind.summed_range


def _float_array(value: Any) -> np.ndarray:
    """An array of floats; text, logical values and other non-numbers become NaN."""
    np = numpy()
    if _is_pandas(value):
        value = value.to_numpy()
    array = np.asarray(value)
    if array.dtype.kind in "fiu":
        return array.astype(float, copy=False)
    flat = [_element_float(item) for item in array.ravel().tolist()]
    return np.array(flat, dtype=float).reshape(array.shape)


def _element_float(item: Any) -> float:
    """One element of an object array as a float: a number (an int beyond float range is an
    infinity, which the argument rules then refuse), NaN for anything else."""
    if not isinstance(item, numbers.Real) or is_logical(item):
        return math.nan
    try:
        return float(item)
    except OverflowError:
        return math.inf if item > 0 else -math.inf


def _blanks_to_default(value: Any, default: Any) -> Any:
    """A column of an optional argument with its blank (None) rows given the default, as the
    scalar face gives a blank optional argument its default."""
    np = numpy()
    array = value.to_numpy() if _is_pandas(value) else np.asarray(value)
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
    np = numpy()
    return bool(array.view(np.uint64).max() <= np.float64(high).view(np.uint64))


def _all_finite(array: np.ndarray) -> bool:
    """True when no value is NaN or infinite, in one pass.

    The dot product of the values with themselves is NaN or infinite when any value is; a huge
    finite value may overflow it too, which only sends the array to the exact check.
    """
    flat = array.ravel()
    np = numpy()
    return bool(np.isfinite(np.dot(flat, flat)))


def vector_argument(value: Any, kind: Kind) -> np.ndarray:
    """An argument of the vectorized face: floats, NaN in every row that breaks its kind's rule."""
    np = numpy()
    if kind.summed_range and isinstance(value, list | tuple):  # one range of lines, for every row
        try:
            return np.asarray(_scalar_cost_lines(value, "costs"))
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


# ---------------------------------------------------------------------------------------------
# The checks a formula needs


def nonzero(denominator: Any, name: str) -> Any:
    """``denominator``, checked to be nonzero: write a formula as ``x / nonzero(d, "d")``.

    A scalar 0 is #DIV/0! naming ``name``; in an array, a 0 becomes NaN, so that its row stays
    undefined even where later math would squash an infinity (``erfc(inf)`` is 0). Dividing with
    the ``/`` operator in the formula itself lets numpy reuse the numerator's temporary memory,
    which keeps a vectorized metric close to plain numpy's speed.
    """
    if is_array(denominator):
        np = numpy()
        if denominator.size and not denominator.min() > 0:  # a 0, a negative or a NaN: look closer
            return np.where(denominator == 0, math.nan, denominator)
        return denominator
    if denominator == 0:
        raise MetricError(name, "is 0, so the ratio is undefined", DIV0)
    return denominator


def at_most(part: Any, whole: Any, part_name: str, whole_name: str, hint: str = "") -> Any:
    """``part``, checked to be no more than ``whole`` (#NUM! otherwise; NaN in a vectorized row)."""
    if is_array(part) or is_array(whole):
        np = numpy()
        over = np.greater(part, whole)
        return np.where(over, math.nan, part) if over.any() else part
    if part > whole:
        rule = f"({part:g}) cannot be more than {whole_name} ({whole:g})"
        raise MetricError(part_name, rule + (f"; {hint}" if hint else ""), NUM)
    return part


def share(part: Any, whole: Any, part_name: str, whole_name: str, hint: str = "") -> Any:
    """part / whole for a part that cannot exceed its whole (opens of delivered, lost of start).

    The same as ``at_most(part, whole, ...) / nonzero(whole, whole_name)``; over arrays it checks
    the quotient once (every share lies in [0, 1]) instead of comparing the two arrays first.
    """
    if not is_array(part) and not is_array(whole):
        return at_most(part, whole, part_name, whole_name, hint) / nonzero(whole, whole_name)
    np = numpy()
    quotient = part / whole
    if quotient.size and quotient.max() <= 1:  # NaN, x/0 and part > whole all fail this
        return quotient
    return np.where(quotient <= 1, quotient, math.nan)


def strictly_between_0_and_1(value: Any, name: str) -> Any:
    """A probability that must lie strictly inside (0, 1), such as a significance level."""
    if is_array(value):
        np = numpy()
        return np.where((value > 0) & (value < 1), value, math.nan)
    if not 0 < value < 1:
        raise MetricError(name, f"must be above 0 and below 1, got {value:g}", NUM)
    return value


def elementwise(func: Callable[[float], float], value: Any, name: str) -> Any:
    """Apply a float -> float function from ``math`` to a float or, row by row, to an array.

    Where ``func`` refuses a value (``math.ceil`` of infinity, a quantile of 0), a scalar is
    #NUM! naming ``name`` and an array row is NaN.
    """
    if is_array(value):
        np = numpy()

        def row(x: float) -> float:
            try:
                return float(func(x))
            except (ValueError, OverflowError, ArithmeticError):
                return math.nan

        return np.vectorize(row, otypes=[float])(value) if value.size else value.astype(float)
    try:
        return func(value)
    except (ValueError, OverflowError, ArithmeticError):
        raise MetricError(name, "is out of the range this formula can compute", NUM) from None


# ---------------------------------------------------------------------------------------------
# The decorator


def _result_index(values: list[Any]) -> Any:
    indexes = [value.index for value in values if _is_pandas(value) and hasattr(value, "index")]
    for other in indexes[1:]:
        if not other.equals(indexes[0]):
            raise MetricError(
                "arguments", "are Series with different indexes: align them first", VALUE
            )
    return indexes[0] if indexes else None


def _vectorized(
    func: Callable[..., Any],
    kinds: dict[str, Kind],
    bound: dict[str, Any],
    returns_bool: bool,
    defaults: dict[str, Any],
) -> Any:
    np = numpy()
    index = _result_index(list(bound.values()))
    arrays = {}
    for name, value in bound.items():
        kind = kinds[name]
        if kind.dates:
            arrays[name] = value
            continue
        if name in defaults and not kind.summed_range and _is_vector(value, kind):
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


def metric(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a metric function its scalar and vectorized faces (see the module docstring)."""
    kinds = argument_kinds(func)
    signature = inspect.signature(func)
    returns_bool = signature.return_annotation in (bool, "bool")
    defaults = {
        name: parameter.default
        for name, parameter in signature.parameters.items()
        if parameter.default is not parameter.empty
    }

    parameters = list(signature.parameters.values())
    required = sum(1 for parameter in parameters if parameter.default is parameter.empty)
    # what a plain number is checked as: a single cost line as an amount of money
    plain_kinds = [
        (parameter.name, MONEY if kinds[parameter.name].summed_range else kinds[parameter.name])
        for parameter in parameters
    ]
    plain_ok = not any(kind.dates for kind in kinds.values())

    def finish(result: Any) -> Any:
        if returns_bool:
            return bool(result)
        result = float(result)
        if math.isnan(result):
            raise MetricError("result", "is undefined for these values", NUM)
        if math.isinf(result):
            raise MetricError("result", "is too large to compute", NUM)
        return result

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # the common case (a cell, an engine, a script): every argument a plain float, checked
        # here directly; anything else takes the general path below, which says what is wrong
        if (
            plain_ok
            and not kwargs
            and required <= len(args) <= len(parameters)
            and all(type(value) is float and value == value for value in args)
        ):
            checked = {
                name: _check_range(value, name, kind)
                for (name, kind), value in zip(plain_kinds, args, strict=False)
            }
            for parameter in parameters[len(args) :]:
                checked[parameter.name] = parameter.default
            return finish(func(**checked))
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as err:
            raise MetricError("arguments", f"do not fit {func.__name__}: {err}", VALUE) from None
        for name, parameter in signature.parameters.items():
            if bound.arguments.get(name) is None and parameter.default is not parameter.empty:
                bound.arguments[name] = parameter.default  # a blank optional takes its default
        values = {name: bound.arguments.get(name) for name in signature.parameters}
        if any(_is_vector(value, kinds[name]) for name, value in values.items()):
            return _vectorized(func, kinds, values, returns_bool, defaults)
        checked = {}
        for name, value in values.items():
            kind = kinds[name]
            checked[name] = value if kind.dates else scalar_argument(value, name, kind)
        return finish(func(**checked))

    wrapper.kinds = kinds  # type: ignore[attr-defined]
    wrapper.is_metric = True  # type: ignore[attr-defined]
    return wrapper
