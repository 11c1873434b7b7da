"""How every metric reads its arguments, and how it says what it cannot compute.

A metric is a plain function whose arguments carry a *kind* in their annotation
(``revenue: Money``) and whose body is arithmetic that works the same on Python floats and on
numpy arrays. The :func:`metric` decorator gives it its two faces:

* **scalar** -- every argument is one value: each is checked against its kind, the body runs on
  floats, and anything undefined raises :class:`~roikit.errors.MetricError` naming the argument,
  the rule and the spreadsheet error (``#DIV/0!``, ``#NUM!``, ``#VALUE!``);
* **vectorized** -- any argument is an array, a pandas Series or a list: arguments broadcast like
  numpy ufuncs, a row that breaks a rule becomes NaN instead of raising, and a Series comes back
  as a Series with the same index. A one-value argument that breaks its rule (a margin of 25)
  breaks it for every row: it raises the scalar face's MetricError. A Series result with NaN
  rows says why in ``result.attrs["roikit_reasons"]`` (see :func:`reasons`).

Inside a body, :func:`nonzero`, :func:`at_most` and :func:`share` are the checks a formula needs;
they raise in the scalar face and mark rows NaN in the vectorized one.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import functools
import inspect
import math
import numbers
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np

from roikit.errors import DIV0, NUM, VALUE, MetricError

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
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    return type(value).__name__


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))


def _to_float(value: Any, name: str) -> float:
    """One value as a float, or MetricError(#VALUE!) saying why it is not a number."""
    if isinstance(value, bool | np.bool_):
        raise MetricError(
            name, f"must be a number, not the logical value {_describe(value)}", VALUE
        )
    if isinstance(value, str):
        hint = " (a number stored as text?)" if _looks_numeric(value) else ""
        raise MetricError(name, f"must be a number, got {_describe(value)}{hint}", VALUE)
    if isinstance(value, np.ndarray) and value.ndim == 0:
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
    if isinstance(value, np.ndarray):
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
    if isinstance(value, np.datetime64):
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
    if isinstance(value, list | tuple | np.ndarray) and not getattr(value, "ndim", 1) == 0:
        raise MetricError(name, "must be one value, not a range", VALUE)
    return _check_range(_to_float(value, name), name, kind)


# ---------------------------------------------------------------------------------------------
# Why vectorized rows are NaN

#: while a vectorized call runs: the rows each check found undefined, and why, in check order
_FOUND: contextvars.ContextVar[list[tuple[Any, str]] | None] = contextvars.ContextVar(
    "roikit_reasons", default=None
)
#: where a Series result keeps its reasons
REASONS = "roikit_reasons"


def _note(rows: Any, reason: str) -> None:
    """Record that ``rows`` (a boolean mask) are undefined for ``reason`` ("costs is 0, ...")."""
    found = _FOUND.get()
    if found is not None:
        found.append((rows, reason))


def reasons(result: Any) -> dict[str, Any]:
    """Why the NaN rows of a vectorized result are NaN: reason -> the index labels of its rows,
    each row under the first rule it broke (the error the scalar face would raise for it).

    >>> import pandas as pd, roikit
    >>> roikit.metrics.base.reasons(roikit.ctr(pd.Series([5, 1]), pd.Series([100, 0])))
    {'delivered is 0, so the ratio is undefined': [1]}
    """
    return {reason: list(rows) for reason, rows in result.attrs.get(REASONS, {}).items()}


def _explained(result: np.ndarray, found: list[tuple[Any, str]], index: Any) -> dict[str, Any]:
    """reason -> index labels of the NaN rows of ``result``, the first reason for each row."""
    left = np.isnan(result) if result.dtype.kind == "f" else np.zeros(result.shape, bool)
    explained = {}
    for rows, reason in found:
        if not left.any():
            break
        rows = np.broadcast_to(rows, result.shape) & left
        if rows.any():
            explained[reason] = index[rows]
            left &= ~rows
    if left.any():
        explained["result is undefined for these values"] = index[left]
    return explained


# ---------------------------------------------------------------------------------------------
# Reading arrays (the vectorized face)


def _is_pandas(value: Any) -> bool:
    return type(value).__module__.split(".")[0] == "pandas"


def _is_vector(value: Any, kind: Kind) -> bool:
    if kind.dates:
        return False
    if isinstance(value, np.ndarray):
        return value.ndim > 0
    if _is_pandas(value):
        return True
    # a list or tuple of cost lines is one range, summed; elsewhere a list is a column of rows
    return isinstance(value, list | tuple) and not kind.summed_range


def _float_array(value: Any) -> np.ndarray:
    """An array of floats; text, logical values and other non-numbers become NaN."""
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
    if not isinstance(item, numbers.Real) or isinstance(item, bool | np.bool_):
        return math.nan
    try:
        return float(item)
    except OverflowError:
        return math.inf if item > 0 else -math.inf


def _blanks_to_default(value: Any, default: Any) -> Any:
    """A column of an optional argument with its blank (None) rows given the default, as the
    scalar face gives a blank optional argument its default."""
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
    return bool(array.view(np.uint64).max() <= np.float64(high).view(np.uint64))


def _all_finite(array: np.ndarray) -> bool:
    """True when no value is NaN or infinite, in one pass.

    The sum of the values is NaN or infinite when any value is; values adding up past the
    largest float overflow it too, which only sends the array to the exact check. (A sum, not
    a dot product: numpy adds in its own loop, where a dot product waits for BLAS threads.)
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.isfinite(np.add.reduce(array, axis=None)))


def vector_argument(value: Any, kind: Kind, name: str = "argument") -> np.ndarray:
    """An argument of the vectorized face: floats, NaN in every row that breaks its kind's rule
    (and, during a vectorized call, a note of those rows and the rule)."""
    if kind.summed_range and isinstance(value, list | tuple):  # one range of lines, for every row
        return np.asarray(_scalar_cost_lines(value, name))
    array = _float_array(value)
    if kind.summed_range and array.ndim == 2:  # rows x cost lines; a row of blanks is missing
        blank = np.isnan(array)
        lines = np.where(blank, 0.0, array)
        bad = ~np.all((lines >= 0) & (lines < math.inf), axis=1)
        _note(blank.all(axis=1), f"{name} is blank")
        _note(bad, f"{name} must be 0 or more")
        return np.where(bad | blank.all(axis=1), math.nan, lines.sum(axis=1))
    high = kind.maximum if kind.maximum < math.inf else np.finfo(float).max
    if _all_within(array, high):
        return array
    if _FOUND.get() is not None:
        _note_broken(value, array, kind, name)
    with np.errstate(invalid="ignore"):  # NaN compares False: the row stays NaN
        return np.where((array >= 0) & (array <= high), array, math.nan)


def _note_broken(value: Any, array: np.ndarray, kind: Kind, name: str) -> None:
    """The rows of an argument that break its rule, by the words of the scalar face."""
    missing = np.isnan(array)
    if missing.any():
        raw = np.asarray(value.to_numpy() if _is_pandas(value) else value, dtype=object)
        blank = np.array([_is_blank(v) for v in raw.ravel().tolist()]).reshape(raw.shape)
        _note(missing & blank, f"{name} is blank")
        _note(missing & ~blank, f"{name} must be a number")
    with np.errstate(invalid="ignore"):
        _note(np.isinf(array), f"{name} must be a finite number")
        if kind is RATE:
            percent = (array > 1) & (array <= 100)
            _note(percent, f"{name} must be between 0 and 1 (write 25% or 0.25)")
        _note((array < 0) | (array > kind.maximum), f"{name} {kind.rule()}")


# ---------------------------------------------------------------------------------------------
# The checks a formula needs


def nonzero(denominator: Any, name: str) -> Any:
    """``denominator``, checked to be nonzero: write a formula as ``x / nonzero(d, "d")``.

    A scalar 0 is #DIV/0! naming ``name``; in an array, a 0 becomes NaN, so that its row stays
    undefined even where later math would squash an infinity (``erfc(inf)`` is 0). Dividing with
    the ``/`` operator in the formula itself lets numpy reuse the numerator's temporary memory,
    which keeps a vectorized metric close to plain numpy's speed.
    """
    if isinstance(denominator, np.ndarray):
        if denominator.size and not denominator.min() > 0:  # a 0, a negative or a NaN: look closer
            zero = denominator == 0
            _note(zero, f"{name} is 0, so the ratio is undefined")
            return np.where(zero, math.nan, denominator)
        return denominator
    if denominator == 0:
        raise MetricError(name, "is 0, so the ratio is undefined", DIV0)
    return denominator


def at_most(part: Any, whole: Any, part_name: str, whole_name: str, hint: str = "") -> Any:
    """``part``, checked to be no more than ``whole`` (#NUM! otherwise; NaN in a vectorized row)."""
    if isinstance(part, np.ndarray) or isinstance(whole, np.ndarray):
        over = np.greater(part, whole)
        if not over.any():
            return part
        _note(over, f"{part_name} cannot be more than {whole_name}" + (f"; {hint}" if hint else ""))
        return np.where(over, math.nan, part)
    if part > whole:
        rule = f"({part:g}) cannot be more than {whole_name} ({whole:g})"
        raise MetricError(part_name, rule + (f"; {hint}" if hint else ""), NUM)
    return part


def share(part: Any, whole: Any, part_name: str, whole_name: str, hint: str = "") -> Any:
    """part / whole for a part that cannot exceed its whole (opens of delivered, lost of start).

    The same as ``at_most(part, whole, ...) / nonzero(whole, whole_name)``; over arrays it checks
    the quotient once (every share lies in [0, 1]) instead of comparing the two arrays first.
    """
    if not isinstance(part, np.ndarray) and not isinstance(whole, np.ndarray):
        return at_most(part, whole, part_name, whole_name, hint) / nonzero(whole, whole_name)
    quotient = part / whole
    if quotient.size and quotient.max() <= 1:  # NaN, x/0 and part > whole all fail this
        return quotient
    over = np.greater(part, whole)
    _note(over, f"{part_name} cannot be more than {whole_name}" + (f"; {hint}" if hint else ""))
    _note(np.equal(whole, 0), f"{whole_name} is 0, so the ratio is undefined")
    return np.where(quotient <= 1, quotient, math.nan)


def strictly_between_0_and_1(value: Any, name: str) -> Any:
    """A probability that must lie strictly inside (0, 1), such as a significance level."""
    if isinstance(value, np.ndarray):
        inside = (value > 0) & (value < 1)
        _note(~inside, f"{name} must be above 0 and below 1")
        return np.where(inside, value, math.nan)
    if not 0 < value < 1:
        raise MetricError(name, f"must be above 0 and below 1, got {value:g}", NUM)
    return value


def elementwise(func: Callable[[float], float], value: Any, name: str) -> Any:
    """Apply a float -> float function from ``math`` to a float or, row by row, to an array.

    Where ``func`` refuses a value (``math.ceil`` of infinity, a quantile of 0), a scalar is
    #NUM! naming ``name`` and an array row is NaN.
    """
    if isinstance(value, np.ndarray):

        def row(x: float) -> float:
            try:
                return float(func(x))
            except (ValueError, OverflowError, ArithmeticError):
                return math.nan

        result = np.vectorize(row, otypes=[float])(value) if value.size else value.astype(float)
        _note(
            np.isnan(result) & ~np.isnan(value),
            f"{name} is out of the range this formula can compute",
        )
        return result
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
    index = _result_index(list(bound.values()))
    arrays = {}
    found: list[tuple[Any, str]] = []
    token = _FOUND.set(found if index is not None else None)
    try:
        for name, value in bound.items():
            kind = kinds[name]
            if kind.dates:
                arrays[name] = value
                continue
            if not _is_vector(value, kind):  # one value for every row: its rule, once
                arrays[name] = np.asarray(scalar_argument(value, name, kind))
                continue
            if name in defaults and not kind.summed_range:
                value = _blanks_to_default(value, defaults[name])
            arrays[name] = vector_argument(value, kind, name)
        try:
            shape = np.broadcast_shapes(*(a.shape for n, a in arrays.items() if not kinds[n].dates))
        except ValueError:
            lengths = sorted({len(a) for a in arrays.values() if getattr(a, "ndim", 0)})
            raise MetricError("arguments", f"have different lengths {lengths}", VALUE) from None
        with np.errstate(all="ignore"):  # an undefined row ends as NaN, not as a warning
            result = np.asarray(func(**arrays))
            if result.dtype.kind == "f" and result.size and not _all_finite(result):
                _note(np.isinf(result), "result is too large to compute")
                result = np.where(np.isfinite(result), result, math.nan)
    finally:
        _FOUND.reset(token)
    if result.shape != shape:
        result = np.broadcast_to(result, shape).copy()
    if index is None:
        return result
    import pandas as pd

    explained = _explained(result, found, index) if result.ndim == 1 else {}
    if returns_bool:  # 1.0 / 0.0 / NaN become True / False / <NA>
        values = [None if math.isnan(v) else bool(v) for v in result.tolist()]
        series = pd.Series(values, index=index, name=func.__name__, dtype="boolean")
    else:  # the array was made by this call: no need for the copy pandas 3 makes by default
        series = pd.Series(result, index=index, name=func.__name__, copy=False)
    if explained:
        series.attrs[REASONS] = explained
    return series


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
