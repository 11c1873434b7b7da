"""What every command shares: the error that means "bad input, exit 2", and value parsing."""

from __future__ import annotations

import datetime as dt


class CommandError(Exception):
    """Bad input from the command line: printed as one line, exit status 2."""


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
