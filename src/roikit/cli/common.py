"""What every command shares: value parsing (the error that means "bad input, exit 2" is
:class:`roikit.errors.CommandError`)."""

from __future__ import annotations

import datetime as dt


def parse_value(text: str) -> float | str | dt.date | None:
    """A command-line value: a number (``25%`` is 0.25), an ISO date, blank, or text."""
    cleaned = text.strip()
    if cleaned == "":
        return None
    number = cleaned.replace("_", "")
    try:
        if number.endswith("%"):
            return float(number[:-1]) / 100
        return float(number)
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        return cleaned
