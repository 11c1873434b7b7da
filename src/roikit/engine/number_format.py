"""Excel's TEXT(value, format_text): a number-format code rendered as Excel renders it (en-US).

Sources: ECMA-376 Part 1, §18.8.30 (numFmt) and §18.8.31 (numFmts); Microsoft's support pages
"Number format codes" (https://support.microsoft.com/office/5026bbd6-04bc-48cd-bf33-80f18b4eae68)
and "TEXT function" (https://support.microsoft.com/office/20d5ac4d-7b94-49fd-bb38-93d29371225c);
and, for every rule below, the strings Excel itself cached in Apache POI's Excel-generated format
test workbooks, IronCalc's and pycel's TEXT workbooks.

Rules implemented:

* A code has up to four sections ``positive;negative;zero;text``. With one number section a
  negative value is shown with ``-`` in front of the whole result (unless it rounds to zero); the
  negative section shows the absolute value. A section with a condition (``[>100]``, ``[<=-1]``)
  is chosen by the condition and shows the sign; a value no section takes is shown as General.
  The last section holds text when it has ``@`` (``0;@``); ``@`` anywhere else is #VALUE!.
* Text goes to the text section (``@`` is the text), or comes back unchanged. Text that reads as
  a number, date or time (``"1234"``, ``"2007-02-03 19:08"``, ``"23:59"``) is that number; TRUE
  and FALSE are text. A blank is 0; an error value is returned.
* Literals: ``"..."``, ``\\x``, ``_x`` (one space), ``[$€-407]`` (its symbol); ``*x`` (fill),
  colours and ``[$-409]`` give nothing. Any other character stands for itself.
* Digits ``0`` (digit or 0), ``#`` (digit or nothing), ``?`` (digit or space). The first ``.``
  is the decimal point, later ones are literal dots. ``,`` between digit placeholders of the
  integer part asks for thousands separators; after the last integer digit (before ``.`` or at
  the end) it divides by 1000; elsewhere after a digit it is dropped, and elsewhere it is a comma.
  ``%`` multiplies by 100 each. Extra integer digits go to the leftmost placeholder.
* ``E+ E- e+ e-``: scientific; the exponent is a multiple of the number of integer placeholders
  (``##0.0E+0`` is engineering notation); ``%`` and scaling commas do not scale it.
* ``/`` between digit placeholders: a fraction ``int num/den`` (``# ?/?``, ``?/8``), with the
  denominator found within as many digits as it has placeholders (``Fraction.limit_denominator``).
* Dates and times on the 1900 serial system (serial 60 is 1900-02-29, serial 0 is 1900-01-00) or
  the 1904 one: ``y yy yyy+ m mm mmm mmmm mmmmm d dd ddd dddd h hh m mm s ss`` (``m`` after an hour
  or second, or before a second, is minutes), ``AM/PM A/P``, elapsed ``[h] [m] [s]``, fractions
  of a second ``.0 .00 .000``. A date past 9999-12-31, or negative in the 1900 system, is #VALUE!.
* General: at most 11 characters, scientific (6 significant digits) past 1E+11 or below 1E-9,
  or when fixed notation would show fewer significant digits.
* Rounding is half away from zero on the value's 15 significant digits, as Excel shows it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from roikit.cells import CellError

__all__ = ["text"]

VALUE_ERROR = CellError("#VALUE!")
Token = tuple[str, str]  # (kind, text)

MONTHS = [  # not strftime's: that follows the process's locale, and TEXT here is en-US
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
]
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
LAST_SERIAL = {False: 2958465, True: 2957003}  # 9999-12-31
CONDITION = re.compile(r"(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)")
OPERATORS = {
    "<": Decimal.__lt__,
    ">": Decimal.__gt__,
    "=": Decimal.__eq__,
    "<>": Decimal.__ne__,
    "<=": Decimal.__le__,
    ">=": Decimal.__ge__,
}


class _Invalid(Exception):
    """A format code Excel refuses (TEXT gives #VALUE!)."""


@dataclass
class _Section:
    tokens: list[Token] = field(default_factory=list)
    kind: str = "number"  # number, date, text, general
    condition: tuple[str, Decimal] | None = None


# --------------------------------------------------------------------------------- parsing


def _split_sections(code: str) -> list[str]:
    """The code's sections, split at ``;`` outside quotes, escapes and brackets."""
    sections, start, i = [], 0, 0
    while i < len(code):
        c = code[i]
        if c == '"':
            end = code.find('"', i + 1)
            i = len(code) if end < 0 else end + 1
            continue
        if c in "\\_*":
            i += 2
            continue
        if c == "[":
            end = code.find("]", i)
            i = len(code) if end < 0 else end + 1
            continue
        if c == ";":
            sections.append(code[start:i])
            start = i + 1
        i += 1
    sections.append(code[start:])
    return sections


def _tokenize(section: str) -> _Section:
    """One section's tokens: literals, digit placeholders, date parts, and its condition."""
    out = _Section()
    tokens = out.tokens
    low = section.lower()
    i, n = 0, len(section)
    while i < n:
        c, lc = section[i], low[i]
        if c == '"':
            end = section.find('"', i + 1)
            end = n if end < 0 else end
            tokens.append(("lit", section[i + 1 : end]))
            i = end + 1
        elif c == "\\":
            tokens.append(("lit", section[i + 1 : i + 2]))
            i += 2
        elif c == "_":
            tokens.append(("lit", " "))
            i += 2
        elif c == "*":
            i += 2
        elif c == "[":
            end = section.find("]", i)
            end = n if end < 0 else end
            body = section[i + 1 : end]
            i = end + 1
            if re.fullmatch(r"h+|m+|s+", body.lower()):
                tokens.append(("elapsed", body.lower()))
            elif body.startswith("$"):
                tokens.append(("lit", body[1:].split("-")[0]))
            elif m := CONDITION.fullmatch(body.strip()):
                out.condition = (m.group(1), Decimal(m.group(2)))
        elif low.startswith("general", i):
            tokens.append(("general", ""))
            i += 7
        elif low.startswith("am/pm", i):
            tokens.append(("ampm", ""))
            i += 5
        elif low.startswith("a/p", i):
            tokens.append(("ap", c))
            i += 3
        elif c in "0#?":
            tokens.append(("digit", c))
            i += 1
        elif lc == "e" and section[i + 1 : i + 2] in ("+", "-"):
            tokens.append(("exp", section[i : i + 2]))
            i += 2
        elif lc in "ymdhs":
            run = len(low[i:]) - len(low[i:].lstrip(lc))
            tokens.append(("date", lc * run))
            i += run
        elif c == "/" and section[i + 1 : i + 2] in tuple("123456789"):
            digits = re.match(r"\d+", section[i + 1 :])
            assert digits is not None
            tokens.append(("slash", digits.group()))
            i += 1 + len(digits.group())
        else:
            kinds = {".": "dot", ",": "comma", "%": "pct", "@": "at", "/": "slash"}
            tokens.append((kinds.get(c, "lit"), c if c not in "/" else ""))
            i += 1
    _classify(out)
    return out


def _classify(section: _Section) -> None:
    """Decide what kind of section this is; raise _Invalid for mixtures Excel refuses."""
    kinds = {kind for kind, _ in section.tokens}
    if kinds & {"date", "elapsed", "ampm", "ap"}:
        section.kind = "date"
        tokens: list[Token] = []
        for kind, value in section.tokens:
            if kind == "digit" and value == "0" and tokens and tokens[-1][0] in ("dot", "sub"):
                tokens[-1] = ("sub", (tokens[-1][1] if tokens[-1][0] == "sub" else "") + "0")
            elif kind in ("digit", "exp", "at"):
                raise _Invalid
            else:
                tokens.append((kind, value))
        section.tokens = [("lit", ".") if kind == "dot" else (kind, v) for kind, v in tokens]
    elif "at" in kinds:
        if "digit" in kinds:
            raise _Invalid
        section.kind = "text"
    elif "general" in kinds and "digit" not in kinds:
        section.kind = "general"


@lru_cache(maxsize=512)
def _parse(code: str) -> tuple[list[_Section], _Section | None]:
    """The number sections and the text section of a code."""
    sections = [_tokenize(part) for part in _split_sections(code)]
    if len(sections) > 4:
        raise _Invalid
    text_section = None
    if len(sections) == 4 or sections[-1].kind == "text":
        text_section = sections.pop()
    if any(s.kind == "text" for s in sections):
        raise _Invalid
    return sections, text_section


# --------------------------------------------------------------------------------- numbers


def _decimal(x: float) -> Decimal:
    """``x`` to Excel's 15 significant digits."""
    return Decimal(f"{x:.15g}") if x else Decimal(0)


def _round(d: Decimal, places: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 1000
        return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _digits_of(d: Decimal, places: int) -> tuple[str, str]:
    """Integer digits ('' for 0) and exactly ``places`` fraction digits of d >= 0."""
    text = f"{_round(d, places):f}"
    whole, _, frac = text.partition(".")
    return whole.lstrip("0"), frac.ljust(places, "0")


PAD = {"0": "0", "?": " ", "#": ""}


def _place_integer(digits: str, holders: list[str], thousands: bool) -> list[str]:
    """Texts for the integer placeholders (left to right): digits right-aligned, the leftmost
    placeholder takes the extra digits, missing digits padded as each placeholder says."""
    n = len(holders)
    units = []
    for p in range(max(len(digits), n)):
        char = digits[-1 - p] if p < len(digits) else PAD[holders[n - 1 - p]]
        if thousands and p and p % 3 == 0 and char:
            char += " " if char == " " else ","
        units.append(char)
    units.reverse()
    extra = len(units) - n
    return ["".join(units[: extra + 1]), *units[extra + 1 :]] if n else []


def _place_fraction(digits: str, holders: list[str]) -> list[str]:
    significant = len(digits.rstrip("0"))
    return [digits[j] if j < significant else PAD[h] for j, h in enumerate(holders)]


def _commas(tokens: list[Token]) -> tuple[list[Token], bool, int]:
    """Commas resolved: thousands flag, scaling count; dropped ones removed, others literal."""
    out: list[Token] = []
    thousands, scale, seen_dot = False, 0, False
    for i, (kind, value) in enumerate(tokens):
        if kind == "dot":
            seen_dot = True
        if kind != "comma":
            out.append((kind, value))
            continue
        j = i
        while j > 0 and tokens[j - 1][0] == "comma":
            j -= 1
        if j == 0 or tokens[j - 1][0] != "digit":
            out.append(("lit", ","))
            continue
        k = i
        while k + 1 < len(tokens) and tokens[k + 1][0] == "comma":
            k += 1
        following = tokens[k + 1][0] if k + 1 < len(tokens) else None
        rest = [kd for kd, _ in tokens[k + 1 :]]
        if following == "digit":
            thousands = thousands or not seen_dot
        elif following == "dot" or "digit" not in rest:
            scale += 1
    return out, thousands, scale


def _fill(tokens: list[Token], whole: str, frac: str, thousands: bool, zeros: bool = False) -> str:
    """The tokens with the digits in: integer digits right-aligned in the placeholders before the
    first ``.`` (all shown as 0 when ``zeros``), fraction digits left-aligned after it."""
    dot = next((i for i, (kind, _) in enumerate(tokens) if kind == "dot"), len(tokens))
    int_at = [i for i, (kind, _) in enumerate(tokens[:dot]) if kind == "digit"]
    frac_at = [i for i, (kind, _) in enumerate(tokens) if kind == "digit" and i > dot]
    holders = ["0" if zeros else tokens[i][1] for i in int_at]
    texts = dict(zip(int_at, _place_integer(whole, holders, thousands), strict=True))
    texts.update(zip(frac_at, _place_fraction(frac, [tokens[i][1] for i in frac_at]), strict=True))
    if not int_at and dot < len(tokens):
        texts[dot] = _place_integer(whole, ["#"], thousands)[0] + "."
    return _join(tokens, texts, set())


def _fraction_places(tokens: list[Token]) -> int:
    dot = next((i for i, (kind, _) in enumerate(tokens) if kind == "dot"), len(tokens))
    return sum(kind == "digit" for kind, _ in tokens[dot:])


def _render_plain(tokens: list[Token], x: Decimal) -> tuple[str, bool]:
    """A section without exponent or fraction; also whether the shown number is zero."""
    tokens, thousands, scale = _commas(tokens)
    pct = sum(kind == "pct" for kind, _ in tokens)
    x = x * Decimal(100) ** pct / Decimal(1000) ** scale
    whole, frac = _digits_of(x, _fraction_places(tokens))
    return _fill(tokens, whole, frac, thousands), not (whole or frac.strip("0"))


def _render_scientific(tokens: list[Token], x: Decimal) -> str:
    """Mantissa, ``E``/``e``, then the exponent's sign just before its first digit."""
    at = next(i for i, (kind, _) in enumerate(tokens) if kind == "exp")
    mantissa, thousands, _ = _commas(tokens[:at])
    places = _fraction_places(mantissa)
    width = max(sum(kind == "digit" for kind, _ in mantissa) - places, 1)
    power = 0
    if x:
        power = (x.adjusted() // width) * width
        if _round(x.scaleb(-power), places) >= Decimal(10) ** width:
            power += width
        x = x.scaleb(-power)
    whole, frac = _digits_of(x, places)
    out = _fill(mantissa, whole, frac, thousands, zeros=not x) + tokens[at][1][0]
    sign = "-" if power < 0 else "+" if tokens[at][1][1] == "+" else ""
    rest = [t for t in tokens[at + 1 :] if t[0] != "comma"]
    exp_at = [i for i, (kind, _) in enumerate(rest) if kind == "digit"]
    digits = _place_integer(str(abs(power)), [rest[i][1] for i in exp_at], False)
    if digits and not "".join(digits).strip():
        digits[-1] = "0"
    texts = dict(zip(exp_at, digits, strict=True))
    if exp_at:
        texts[exp_at[0]] = sign + texts[exp_at[0]]
    return out + ("" if exp_at else sign) + _join(rest, texts, set())


def _render_fraction(tokens: list[Token], x: Decimal) -> tuple[str, bool]:
    """``int num/den`` with the literals in between; also whether it shows zero."""
    tokens = [t for t in tokens if t[0] != "comma"]
    slash = next(i for i, (kind, _) in enumerate(tokens) if kind == "slash")
    digits_before = [i for i in range(slash) if tokens[i][0] == "digit"]
    num_end = digits_before[-1]
    num_start = num_end
    while num_start > 0 and tokens[num_start - 1][0] == "digit":
        num_start -= 1
    int_at = [i for i in digits_before if i < num_start]
    den_at = [i for i in range(slash + 1, len(tokens)) if tokens[i][0] == "digit"]
    fixed = tokens[slash][1]
    whole = int(x) if int_at else 0
    part = Fraction(x) - whole
    if fixed:
        den = int(fixed)
        num = int(_round(Decimal(part.numerator * den) / part.denominator, 0))
    else:
        best = part.limit_denominator(10 ** max(len(den_at), 1) - 1)
        num, den = best.numerator, best.denominator
    if int_at and num == den:
        whole, num = whole + 1, 0
    num_holders = [tokens[i][1] for i in range(num_start, num_end + 1)]
    den_holders = [tokens[i][1] for i in den_at]
    texts: dict[int, str] = {}
    hidden: set[int] = set()
    int_holders = [tokens[i][1] for i in int_at]
    last_int = int_at[-1] if int_at else -1
    separator = range(last_int + 1, num_start) if int_at else range(0)
    zero_fraction = num == 0 and ("0" in num_holders or not int_at)
    if num == 0 and not zero_fraction:
        # no fraction to show: the integer alone, the fraction's place blank or gone
        shown = str(whole) if whole else ""
        texts.update(zip(int_at, _place_integer(shown or "0", int_holders, False), strict=True))
        blank = "?" in int_holders + num_holders + den_holders
        end = den_at[-1] if den_at else slash
        span = tokens[last_int + 1 : end + 1]
        width = sum(1 if k == "digit" else len(v) + (k == "slash") for k, v in span)
        texts[last_int + 1] = " " * width if blank else ""
        hidden.update(range(last_int + 2, end + 1))
        return _join(tokens, texts, hidden), whole == 0
    if num == 0:
        den = 1
    if whole:
        texts.update(zip(int_at, _place_integer(str(whole), int_holders, False), strict=True))
    elif int_at:
        last = int_holders[-1]
        if num == 0 and last != "#":
            int_holders = [*int_holders[:-1], "0"]
        texts.update(zip(int_at, [PAD[h] for h in int_holders], strict=True))
        for i in separator:
            if num and "0" not in int_holders and "?" in int_holders + num_holders:
                texts[i] = " " * len(tokens[i][1])
            elif last == "#":
                hidden.add(i)
    numerator = _place_integer(str(num), num_holders, False)
    texts.update(zip(range(num_start, num_end + 1), numerator, strict=True))
    den_text = str(den)
    pad = "".join(PAD[h] for h in den_holders[len(den_text) :])
    if "0" in den_holders:
        den_text = den_text.rjust(len(den_holders), "0")
    else:
        den_text += pad
    if den_at:
        texts[den_at[0]] = den_text
        hidden.update(den_at[1:])
    else:
        texts[slash] = "/" + den_text
    return _join(tokens, texts, hidden), whole == 0 and num == 0


def _join(tokens: list[Token], texts: dict[int, str], hidden: set[int]) -> str:
    out = []
    for i, (kind, value) in enumerate(tokens):
        if i in hidden:
            continue
        if i in texts:
            out.append(texts[i])
        elif kind in ("lit", "dot", "pct", "slash"):
            out.append({"dot": ".", "pct": "%", "slash": "/"}.get(kind, value))
    return "".join(out)


def _general(x: float) -> str:
    """Excel's General: 11 characters at most, scientific for very large or small numbers."""
    if x == 0:
        return "0"
    sign, d = ("-" if x < 0 else ""), _decimal(abs(x))
    power = d.adjusted()
    mantissa = f"{_round(d.scaleb(-power), 5):f}".rstrip("0").rstrip(".")
    if mantissa == "10":
        mantissa, power = "1", power + 1
    scientific = f"{mantissa}E{'-' if power < 0 else '+'}{abs(power):02d}"
    if power >= 11 or power < -9:
        return sign + scientific
    fixed = f"{_round(d, max(9 - max(power, 0), 0)):f}"
    fixed = fixed.rstrip("0").rstrip(".") if "." in fixed else fixed
    if power < -4 and len(fixed.lstrip("0.")) < len(mantissa.replace(".", "")):
        return sign + scientific
    return sign + fixed


# ----------------------------------------------------------------------------------- dates


def _calendar(days: int, date1904: bool) -> tuple[int, int, int, int]:
    """(year, month, day, weekday with Sunday 0) of a serial day number."""
    if date1904:
        days += 1462
    weekday = (days + 6) % 7
    if days == 0:
        return 1900, 1, 0, weekday
    if days == 60:
        return 1900, 2, 29, weekday
    date = dt.date(1899, 12, 31 if days < 60 else 30) + dt.timedelta(days=days)
    return date.year, date.month, date.day, weekday


def serial_date(serial: float, date1904: bool = False) -> dt.date | dt.datetime | None:
    """The calendar date a serial number stands for, with its time of day to the second when it
    has one (as Excel shows ``yyyy-mm-dd hh:mm:ss``); None where it stands for none: a negative
    number, one past 9999-12-31, and in the 1900 system 0 and 60, which Excel shows as
    1900-01-00 and 1900-02-29 (a day the calendar has not)."""
    if not math.isfinite(serial) or serial < 0:
        return None
    days, second = divmod(round(serial * 86_400), 86_400)
    try:
        year, month, day, _ = _calendar(days, date1904)
        date = dt.date(year, month, day)
    except (OverflowError, ValueError):  # 1900-01-00, 1900-02-29, past 9999
        return None
    if not second:
        return date
    return dt.datetime.combine(date, dt.time(second // 3600, second // 60 % 60, second % 60))


def _minute_roles(tokens: list[Token]) -> list[bool]:
    """For each token: whether an 'm'/'mm' there means minutes (after hours or seconds, or
    before seconds)."""
    parts = [i for i, (kind, _) in enumerate(tokens) if kind in ("date", "elapsed")]
    roles = [False] * len(tokens)
    for n, i in enumerate(parts):
        if tokens[i][1] not in ("m", "mm"):
            continue
        before = tokens[parts[n - 1]][1][0] if n else ""
        after = tokens[parts[n + 1]][1][0] if n + 1 < len(parts) else ""
        roles[i] = before in ("h", "s") or after == "s"
    return roles


def _render_date(tokens: list[Token], x: Decimal, date1904: bool) -> str | CellError:
    places = max((len(v) for kind, v in tokens if kind == "sub"), default=0)
    elapsed = {value[0] for kind, value in tokens if kind == "elapsed"}
    clock = any(kind == "date" for kind, _ in tokens)
    if clock and x > LAST_SERIAL[date1904] + 1:
        return VALUE_ERROR
    ticks = _round(x * 86400, places)
    seconds = int(ticks.to_integral_value(rounding=ROUND_FLOOR))
    days, in_day = divmod(seconds, 86400)
    if clock and days > LAST_SERIAL[date1904]:
        return VALUE_ERROR
    year, month, day, weekday = _calendar(days, date1904) if clock else (0, 0, 0, 0)
    hour, minute, second = in_day // 3600, in_day // 60 % 60, in_day % 60
    twelve = any(kind in ("ampm", "ap") for kind, _ in tokens)
    totals = {"h": seconds // 3600, "m": seconds // 60, "s": seconds}
    minutes = _minute_roles(tokens)
    out = []
    for i, (kind, value) in enumerate(tokens):
        unit, size = value[:1], len(value)
        if kind == "elapsed":
            out.append(str(totals[unit]).zfill(size))
        elif kind == "date" and unit in elapsed and (unit != "m" or minutes[i]):
            out.append(str(totals[unit]).zfill(min(size, 2)))
        elif kind == "date" and unit == "y":
            out.append(f"{year % 100:02d}" if size <= 2 else f"{year:04d}")
        elif kind == "date" and unit == "m" and not minutes[i]:
            name = MONTHS[month - 1]
            texts = {1: str(month), 2: f"{month:02d}", 3: name[:3], 5: name[0]}
            out.append(texts.get(size, name))
        elif kind == "date" and unit == "d":
            texts = {1: str(day), 2: f"{day:02d}", 3: DAYS[weekday][:3]}
            out.append(texts.get(size, DAYS[weekday]))
        elif kind == "date":
            number = {"h": hour, "m": minute, "s": second}[unit]
            if unit == "h" and twelve:
                number = hour % 12 or 12
            out.append(f"{number:0{min(size, 2)}d}")
        elif kind == "ampm":
            out.append("AM" if hour < 12 else "PM")
        elif kind == "ap":
            letter = "A" if hour < 12 else "P"
            out.append(letter.lower() if value.islower() else letter)
        elif kind == "sub":
            fraction = ticks - seconds
            out.append("." + f"{fraction:.{places}f}"[2:][: len(value)])
        elif kind in ("lit", "pct", "slash", "comma"):
            out.append({"pct": "%", "slash": "/", "comma": ","}.get(kind, value))
    return "".join(out)


# ------------------------------------------------------------------------------ the entry


def _render(section: _Section, x: float, date1904: bool, signed: bool) -> str | CellError:
    """One section applied to ``x``; ``signed``: a negative x shows its minus sign."""
    negative = signed and x < 0
    if section.kind == "general":
        out = [_general(abs(x)) if kind == "general" else value for kind, value in section.tokens]
        return ("-" if negative else "") + "".join(out)
    d = _decimal(abs(x))
    kinds = {kind for kind, _ in section.tokens}
    zero = False
    if section.kind == "date":
        if negative and not date1904:
            parts = [kind for kind, _ in section.tokens if kind not in ("lit",)]
            if parts != ["elapsed"]:
                return VALUE_ERROR
        result = _render_date(section.tokens, d, date1904)
        if isinstance(result, CellError):
            return result
    elif "exp" in kinds:
        result = _render_scientific(section.tokens, d)
    elif "slash" in kinds and _is_fraction(section.tokens):
        result, zero = _render_fraction(section.tokens, d)
    else:
        result, zero = _render_plain(section.tokens, d)
        zero = zero and "digit" in kinds
    return ("-" if negative and not zero else "") + result


def _is_fraction(tokens: list[Token]) -> bool:
    slash = next(i for i, (kind, _) in enumerate(tokens) if kind == "slash")
    before = any(kind == "digit" for kind, _ in tokens[:slash])
    return before and (bool(tokens[slash][1]) or any(k == "digit" for k, _ in tokens[slash:]))


def _format_number(sections: list[_Section], x: float, date1904: bool) -> str | CellError:
    if not sections:
        return _general(x)
    d = _decimal(x)
    if any(s.condition for s in sections):
        for s in sections:
            if s.condition is None or OPERATORS[s.condition[0]](d, s.condition[1]):
                return _render(s, x, date1904, signed=True)
        return _general(x)
    if x < 0 and len(sections) >= 2:
        return _render(sections[1], -x, date1904, signed=False)
    if x == 0 and len(sections) >= 3:
        return _render(sections[2], x, date1904, signed=False)
    return _render(sections[0], x, date1904, signed=True)


def _format_text(section: _Section | None, value: str) -> str:
    if section is None:
        return value
    return "".join(value if kind == "at" else v for kind, v in section.tokens)


def text(value: object, format_code: object, *, date1904: bool = False) -> str | CellError:
    """Excel's TEXT(value, format_code): the string Excel shows, or the error it gives.

    ``value`` is a number, text, bool, None (a blank cell: 0) or a CellError (returned);
    ``date1904`` says which date system the workbook uses.
    """
    for argument in (value, format_code):
        if isinstance(argument, CellError):
            return argument
    code = _as_text(format_code)
    try:
        sections, text_section = _parse(code)
    except _Invalid:
        return VALUE_ERROR
    if value is None:
        value = 0.0
    if isinstance(value, bool | str):
        number = None if isinstance(value, bool) else _to_number(value)
        if number is None:
            return _format_text(text_section, _as_text(value))
        value = number
    if not isinstance(value, int | float) or not math.isfinite(value):
        return VALUE_ERROR
    return _format_number(sections, float(value) + 0.0, date1904)


def shows_date(format_code: str) -> bool:
    """Whether a cell with this format shows its number as a calendar date (a day, month or
    year: ``dd.mm.yyyy``, ``mmm-yy``), not as a number, a time of day or a duration."""
    try:
        sections, _ = _parse(format_code)
    except _Invalid:
        return False
    if not sections or sections[0].kind != "date":
        return False
    tokens = sections[0].tokens
    minutes = _minute_roles(tokens)
    return any(
        kind == "date" and (value[0] in "yd" or (value[0] == "m" and not minutes[at]))
        for at, (kind, value) in enumerate(tokens)
    )


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _general(float(value))
    return str(value)


NUMBER = re.compile(
    r"\s*([+-]?)\s*\$?\s*((?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?(?:[eE][+-]?\d+)?)\s*(%?)\s*"
)
DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{2,4})")
TIME = re.compile(r"(\d+):(\d+)(?::(\d+))?(\.\d*)?(?:\s*([AaPp])[Mm]?)?")


def _to_number(value: str) -> float | None:
    """Text Excel reads as a number: ``1,234.5``, ``-1``, ``12%``, ``$5``, a date, a time."""
    m = NUMBER.fullmatch(value)
    if m and any(ch.isdigit() for ch in m.group(2)):
        number = float(m.group(2).replace(",", "")) / (100 if m.group(3) else 1)
        return -number if m.group(1) == "-" else number
    date_part, _, time_part = value.strip().partition(" ")
    days = 0.0
    if dm := DATE.fullmatch(date_part):
        y, mo, d = (
            (dm.group(1), dm.group(2), dm.group(3))
            if dm.group(1)
            else (dm.group(6), dm.group(4), dm.group(5))
        )
        year = int(y) + (2000 if len(y) == 2 and int(y) < 30 else 1900 if len(y) == 2 else 0)
        try:
            days = (dt.date(year, int(mo), int(d)) - dt.date(1899, 12, 30)).days
        except ValueError:
            return None
    else:
        time_part = value
    if dm and not time_part.strip():
        return days
    tm = TIME.fullmatch(time_part.strip())
    if not tm:
        return None
    a, b, c, frac, half = tm.groups()
    first, second = int(a), int(b)
    if c is None and frac and frac != ".":  # m:s.f
        if first > 59 or second > 9999:
            return None
        seconds = first * 60 + second + float(frac)
    elif c is None:  # h:m
        if second > 9999 or (second > 59 and first > 23) or frac not in (None, "."):
            return None
        seconds = first * 3600 + second * 60
    else:
        if second > 59 or int(c) > 9999:
            return None
        seconds = first * 3600 + second * 60 + int(c) + float(frac or 0)
    if half:
        seconds = seconds % 43200 + (43200 if half.lower() == "p" else 0)
    return days + seconds / 86400
