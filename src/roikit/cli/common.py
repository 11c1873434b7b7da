"""What every command shares: value parsing (the error that means "bad input, exit 2" is
:class:`roikit.errors.CommandError`)."""

from __future__ import annotations

import datetime as dt
import re

from roikit.errors import CommandError

#: spaces, no-break spaces, apostrophes and underscores between the thousands of a number
_THOUSANDS = re.compile(r"[\s_'’]")
#: one number written with a decimal comma: one or two digits after it (``0,25``, ``1 234,50``),
#: or a leading zero (``0,125``); any other comma separates the values of a range
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?(\d[\d\s'’.]*,\d{1,2}|0,\d+)\s*%?\s*$")
_GROUPED = re.compile(r"^[-+]?[1-9]\d{0,2}([.,])\d{3}(\1\d{3})*$")


def range_parts(text: str) -> list[str] | None:
    """The values of a range typed as ``13500,50000``; None for one value, which may itself
    have a decimal comma (``0,25``)."""
    if "," not in text or _DECIMAL_COMMA.match(text):
        return None
    return text.split(",")


def _number(text: str) -> float | None:
    """A number as people type it (``558 800``, ``0,25``, ``1.234,5``, ``25 %``), or None."""
    number = _THOUSANDS.sub("", text)
    percent = number.endswith("%")
    number = number.removesuffix("%")
    if "," in number and "." in number:  # the last of the two marks is the decimal one
        decimal = "," if number.rfind(",") > number.rfind(".") else "."
        number = number.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif number.count(",") == 1 and not _GROUPED.match(number):
        number = number.replace(",", ".")
    elif number.count(",") > 1 and _GROUPED.match(number):  # 1,234,567
        number = number.replace(",", "")
    elif "," in number:  # 1,234: a thousand or one and a bit
        raise CommandError(
            f"{text!r} could be {number.replace(',', '')} or {number.replace(',', '.')}: "
            "write it without the comma, or with a decimal point"
        )
    elif number.count(".") > 1 and _GROUPED.match(number):  # 1.234.567
        number = number.replace(".", "")
    try:
        value = float(number)
    except ValueError:
        return None
    return value / 100 if percent else value


def parse_value(text: str) -> float | str | dt.date | None:
    """A command-line value: a number (``25%`` is 0.25; ``558 800``, ``0,25`` and ``25 %`` are
    read as written), an ISO date, blank, or text."""
    cleaned = text.strip()
    if cleaned == "":
        return None
    number = _number(cleaned) if any(c.isdigit() for c in cleaned) else None
    if number is not None:
        return number
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        return cleaned
