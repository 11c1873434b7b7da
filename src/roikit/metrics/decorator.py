"""The :func:`metric` decorator: one plain function, two faces.

A metric is a plain function whose arguments carry a *kind* in their annotation
(``revenue: Money``, :mod:`roikit.metrics.kinds`) and whose body is arithmetic that works the
same on Python floats and on numpy arrays. :func:`metric` gives it its two faces:

* **scalar** -- every argument is one value: each is checked against its kind
  (:mod:`roikit.metrics.convert`), the body runs on floats, and anything undefined raises
  :class:`~roikit.errors.MetricError` naming the argument, the rule and the spreadsheet error
  (``#DIV/0!``, ``#NUM!``, ``#VALUE!``);
* **vectorized** -- any argument is an array, a pandas Series or a list
  (:mod:`roikit.metrics.vectorize`): arguments broadcast like numpy ufuncs, a row that breaks a
  rule becomes NaN instead of raising, and a Series comes back as a Series with the same index.

Inside a body, the checks of :mod:`roikit.metrics.checks` (``nonzero``, ``at_most``, ``share``)
raise in the scalar face and mark rows NaN in the vectorized one.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from roikit.errors import NUM, VALUE, MetricError
from roikit.metrics.convert import check_range, is_vector, scalar_argument
from roikit.metrics.kinds import MONEY, argument_kinds

P = ParamSpec("P")
R = TypeVar("R")


def metric(func: Callable[P, R]) -> Callable[P, R]:
    """Give a metric function its scalar and vectorized faces (see the module docstring).

    The wrapper keeps the function's signature for type checkers and IDEs (``ParamSpec``); its
    return type is the scalar face's (a ``float``, or ``bool`` for a test), while arrays and
    Series arguments bring back an array or a Series.
    """
    kinds = argument_kinds(func)
    body: Callable[..., Any] = func  # called with checked keyword arguments
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
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
        # the common case (a cell, an engine, a script): every argument a plain float, checked
        # here directly; anything else takes the general path below, which says what is wrong
        if (
            plain_ok
            and not kwargs
            and required <= len(args) <= len(parameters)
            and all(type(value) is float and value == value for value in args)
        ):
            checked: dict[str, Any] = {
                name: check_range(value, name, kind)  # type: ignore[arg-type] # a float: checked above
                for (name, kind), value in zip(plain_kinds, args, strict=False)
            }
            for parameter in parameters[len(args) :]:
                checked[parameter.name] = parameter.default
            return finish(body(**checked))
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as err:
            raise MetricError("arguments", f"do not fit {func.__name__}: {err}", VALUE) from None
        for name, parameter in signature.parameters.items():
            if bound.arguments.get(name) is None and parameter.default is not parameter.empty:
                bound.arguments[name] = parameter.default  # a blank optional takes its default
        values = {name: bound.arguments.get(name) for name in signature.parameters}
        if any(is_vector(value, kinds[name]) for name, value in values.items()):
            from roikit.metrics.vectorize import vectorized  # numpy: imported for arrays only

            return vectorized(func, kinds, values, returns_bool, defaults)
        checked = {}
        for name, value in values.items():
            kind = kinds[name]
            checked[name] = value if kind.dates else scalar_argument(value, name, kind)
        return finish(body(**checked))

    return wrapper
