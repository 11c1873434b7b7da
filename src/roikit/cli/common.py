"""What every command shares: value parsing (the error that means "bad input, exit 2" is
:class:`roikit.errors.CommandError`)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from roikit.errors import CommandError
from roikit.metrics.convert import numeric_date

#: spaces, no-break spaces, apostrophes and underscores between the thousands of a number
_THOUSANDS = re.compile(r"[\s_'’]")
#: one number written with a decimal comma: one or two digits after it (``0,25``, ``1 234,50``,
#: ``558 800,00 zł``), or a leading zero (``0,125``); any other comma separates the values of a
#: range
_DECIMAL_COMMA = re.compile(r"^[^\d,]*?[-+]?(\d[\d\s'’.]*,\d{1,2}|0,\d+)\s*%?[^\d,]*$")
#: a comma followed by a space, then a digit: it separates values, as no decimal mark does
_SEPARATING_COMMA = re.compile(r",\s+[-+]?\d")
_GROUPED = re.compile(r"^[-+]?[1-9]\d{0,2}([.,])\d{3}(\1\d{3})*$")


def refuse_over_inputs(option: str, output: str | Path | None, inputs: list[str | Path]) -> None:
    """A command's output must not be one of the files it was given (a workbook, an export,
    scenarios, transactions): nothing a user gave is written over (``--in-place`` is the way
    to change a workbook). Compared as files, so a link or another spelling is caught too."""
    if output is None or str(output) == "-" or not Path(output).exists():
        return
    for given in inputs:
        if Path(given).exists() and Path(output).samefile(given):
            raise CommandError(
                f"{option} {output}: that is an input ({given}); choose another file"
            )


def csv_text(data: bytes, name: str, wanted: str) -> tuple[str, str]:
    """A CSV file's text and field separator, however Excel or a script saved it: UTF-8 or a
    Windows code page, commas, semicolons or tabs, and Excel's ``sep=;`` first line (taken out
    of the text) honoured. A binary file ``name`` is refused as "not {wanted}"."""
    from roikit.kpis import decode, sniff_separator

    text, _ = decode(data, name, wanted=wanted)
    first, _, rest = text.partition("\n")
    if re.fullmatch(r"sep=.", first.rstrip("\r"), re.IGNORECASE):  # Excel's own hint line
        return rest, first[4]
    return text, sniff_separator(text)


def range_parts(text: str) -> list[str] | None:
    """The values of a range typed as ``13500,50000``, ``13 500, 50 000`` or, as Russian and
    Polish Excel separates a list, ``13 500; 50 000``; None for one value, which may itself
    have a decimal comma (``0,25``)."""
    parts = text.split(";")
    if len(parts) > 1 and all(any(c.isdigit() for c in part) or not part.strip() for part in parts):
        return parts  # numbers (or blanks) only: a text may hold a semicolon of its own
    if "," not in text or _DECIMAL_COMMA.match(text):
        return None
    if _GROUPED.match(text.strip()):  # 1,000: a thousand, or 1 and 0?
        parts = text.strip().split(",")
        raise CommandError(
            f"{text!r} could be the number {''.join(parts)} or the values {' and '.join(parts)}: "
            f"write the number without commas, or the values with a space after each comma "
            f"({', '.join(parts)})"
        )
    return text.split(",")


def _written_as_number(number: str, decimal: str) -> bool:
    """Whether ``number`` (no sign, spaces or %) is a number written with ``decimal`` as its
    decimal mark: digits, the other mark only between groups of three, ``decimal`` at most
    once (``1,234,567.5``, ``1234,5``; not the date ``03.12.2025``)."""
    thousands = re.escape("," if decimal == "." else ".")
    return bool(
        re.fullmatch(
            rf"(?:\d+|[1-9]\d{{0,2}}(?:{thousands}\d{{3}})+)(?:{re.escape(decimal)}\d+)?", number
        )
    )


def decimal_mark(cells: list[str]) -> str | None:
    """The decimal mark a column of typed numbers shows, ``","`` or ``"."``: the later of the
    two marks in a cell (``600,000.50``), a mark after a leading zero or followed by other
    than three digits (``0,125``, ``12,5``), the other mark than one a cell repeats between
    groups of three (``1.234.567``). None when no cell shows it, or cells show both. A cell
    that is no number so written (``03.12.2025``, ``v1.2``) shows nothing."""
    shown = set()
    for cell in cells:
        number = _THOUSANDS.sub("", cell).strip("+-%")
        marks = [character for character in number if character in ",."]
        if not marks:
            continue
        readings = [mark for mark in ",." if _written_as_number(number, mark)]
        if len(set(marks)) == 1 and len(marks) == 1:  # 1,234 or 12,5 or 0,125
            whole, fraction = number.split(marks[0])
            if readings and (whole.lstrip("0") == "" or len(fraction) != 3):
                shown.add(marks[0])
        elif len(readings) == 1:  # 1.234,5 or 1,234,567: only one reading is a number
            shown.add(readings[0])
    return shown.pop() if len(shown) == 1 else None


def _number(text: str, decimal: str | None = None) -> float | None:
    """A number as people type it (``558 800``, ``0,25``, ``1.234,5``, ``25 %``), or None;
    ``decimal`` is the mark its column shows (:func:`decimal_mark`): ``1,234`` is then 1234
    or 1.234, not a question. A comma with a space after it separates values
    (``13 500, 50 000`` is two): no number."""
    if _SEPARATING_COMMA.search(text):
        return None
    number = _THOUSANDS.sub("", text)
    percent = number.endswith("%")
    number = number.removesuffix("%")
    if decimal is not None and _written_as_number(number.lstrip("+-"), decimal):
        number = number.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    elif "," in number and "." in number:  # the last of the two marks is the decimal one
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


#: what an amount written with its currency shows in ASCII: a sign, or a code (``PLN 99,90``);
#: any other character outside ASCII may be a currency's too (``zł``, ``руб.``, ``₽``)
_CURRENCY_HINT = re.compile(r"[$€£¥]|\b[A-Z]{3}\b")
#: the currency signs and ISO 4217 codes a typed amount may carry: a value is read as an amount
#: only when nothing else stands beside its number ("VIP 500", "TOP 10" are text, not 500, 10)
_CURRENCY_SIGNS = frozenset("$€£¥₽₴₸₺₹")
_CURRENCY_CODES = frozenset(
    [
        "PLN",
        "RUB",
        "USD",
        "EUR",
        "GBP",
        "UAH",
        "BYN",
        "KZT",
        "CZK",
        "HUF",
        "RON",
        "BGN",
        "CHF",
        "SEK",
        "NOK",
        "DKK",
        "TRY",
        "JPY",
        "CNY",
        "INR",
        "CAD",
        "AUD",
        "GEL",
        "AMD",
        "AZN",
        "UZS",
        "MDL",
        "RSD",
    ]
)


@functools.lru_cache(maxsize=4096)
def _amount(text: str, decimal: str | None) -> float | None:
    """A number written with its currency (``558 800,00 zł``, ``12 500 руб.``, ``$4,820.50``,
    ``PLN 99,90``), read as ``roikit.kpis`` reads an export's amounts; None when it is none.
    Its marks are judged as a plain number's: ``1,234 zł`` could be either, and is refused."""
    if not _only_currency(re.sub(r"[\d\s.,'’_+\-%()]", " ", text)):
        return None
    import pandas as pd  # here only: pandas costs a command 0.3 s, and few values need it

    from roikit.kpis import column_numbers

    numbers, _ = column_numbers(pd.Series([text], dtype=object), hint=decimal or ".")
    value = float(numbers.iloc[0])
    if value != value:  # NaN: no amount (``3 szt.``, ``v1.2``)
        return None
    _number(re.sub(r"[^\d.,\s]", "", text).strip(), decimal)  # raises when either mark fits
    return value


def _only_currency(rest: str) -> bool:
    """Whether what stands beside a typed number is one currency: a sign (``$``, ``₽``), an ISO
    code (``PLN``, ``US$``) or one of the words ``roikit.kpis`` takes out (``zł``, ``руб.``)."""
    words = rest.split()
    if len(words) != 1:
        return False
    word = words[0]
    if (
        word in _CURRENCY_SIGNS
        or word.upper() in _CURRENCY_CODES
        or (word.endswith("$") and word[:-1].isupper() and len(word) <= 3)
    ):
        return True
    from roikit.kpis import CURRENCY_WORDS

    return word.lower() in {known.lower().rstrip(".") for known in CURRENCY_WORDS}


def parse_value(
    text: str, decimal: str | None = None, dayfirst: bool | None = None
) -> float | str | dt.date | None:
    """A command-line value: a number (``25%`` is 0.25; ``558 800``, ``0,25`` and ``25 %`` are
    read as written), a date (ISO; ``03.12.2025``; ``12/25/2025`` where a day past the 12th
    shows the order), blank, or text. ``decimal`` and ``dayfirst``: the decimal mark and the
    date order of the value's column, where a file gives them (:func:`decimal_mark`,
    :func:`roikit.metrics.convert.day_first`)."""
    cleaned = text.strip()
    if cleaned == "":
        return None
    digits = any(c.isdigit() for c in cleaned)
    number = _number(cleaned, decimal) if digits else None
    if number is None and digits and (not cleaned.isascii() or _CURRENCY_HINT.search(cleaned)):
        number = _amount(cleaned, decimal)
    if number is not None:
        return number
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        pass
    try:  # 03.12.2025 as Russian and Polish users write it; 12/25/2025; never a guess
        day = numeric_date(cleaned, dayfirst)
    except ValueError as err:
        raise CommandError(f"{text!r}: {err}") from None
    return cleaned if day is None else day
