"""What a metric's argument holds, and the rule its values keep: its *kind*.

A metric's arguments carry their kind in the annotation (``revenue: Money``); the catalog, the
conversions and the documentation read it from there.
"""

from __future__ import annotations

import inspect
import math
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any


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
    "cost_lines",
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
