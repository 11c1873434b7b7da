"""The text of a file a user gives: its encoding and its field separator, without pandas.

Exports and scenario files alike come as UTF-8 with or without a byte-order mark, UTF-16
(LinkedIn Campaign Manager), or a Windows code page of Russian, Polish, Western or Japanese
Excel; with commas, semicolons, tabs or bars between fields. Kept apart from
:mod:`roikit.kpis.read` so that a command reading a small CSV (``roikit batch``'s scenarios)
does not import pandas for it (a third of a second).
"""

from __future__ import annotations

import codecs
import csv
import re

from roikit.errors import ExportError
from roikit.kpis.columns import is_field_header

#: currency words and signs, longest first (``12 500 руб.``, ``1 234,56 zł``, ``₽ 3 400``); with
#: spaces, no-break spaces and apostrophes between thousands they are all taken out of a cell
CURRENCY_WORDS = tuple(
    variant
    for word in ("руб.", "руб", "р.", "грн.", "грн", "zł", "kč", "円")
    for variant in dict.fromkeys((word, word.upper(), word.capitalize()))
)

#: header rows are searched for among the first rows of a file
HEADER_SEARCH_ROWS = 40
#: how many data rows decide the separator
SNIFF_ROWS = 60
SEPARATORS = (",", ";", "\t", "|")

#: the encodings an export without a byte-order mark may be in, for charset-normalizer to choose
#: from: Excel's "CSV" on Polish / Czech, Russian, Western and Japanese Windows, and UTF-16
LEGACY_ENCODINGS = ("cp1250", "cp1251", "cp1252", "cp932", "utf_16_le", "utf_16_be")
#: bytes of a file that decide its encoding
ENCODING_SAMPLE = 256 * 1024
#: those of :data:`LEGACY_ENCODINGS` with one byte a character, ASCII's where ASCII has one
SINGLE_BYTE_ENCODINGS = frozenset({"cp1250", "cp1251", "cp1252"})


def decode(
    data: bytes,
    name: str = "the file",
    *,
    wanted: str = "a CSV export; export the report as CSV or .xlsx",
) -> tuple[str, str]:
    """The text of an export and its encoding: UTF-8 (with or without a byte-order mark) when
    it is valid UTF-8 with no NUL, else whatever charset-normalizer finds among UTF-16 and the
    Windows code pages of :data:`LEGACY_ENCODINGS`; an :class:`ExportError` when it finds none
    (a binary file is "not {wanted}")."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8"
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\0" not in data[:4000]:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    found = from_bytes(_sample(data), cp_isolation=["utf_16", *LEGACY_ENCODINGS])
    best = found.best()
    if best is not None:
        # Among readings as clean as the best (cp1250 and cp1252 often are, on a short file:
        # "Wysłane" or "Wys³ane"), the one whose headers roikit knows, then the one with
        # fewer signs inside words ("marża", not "mar¿a"), then the one showing an amount's
        # currency ("558 800,00 zł", not "z³"), else charset-normalizer's choice
        first = best
        best = max(
            (match for match in found if match.chaos <= first.chaos),
            key=lambda match: (
                _known_headers(str(match)),
                -len(_SIGN_IN_WORD.findall(str(match))),
                _AMOUNT_WITH_CURRENCY.search(str(match)) is not None,
                match is first,
            ),
        )
    if best is None:
        head = data[:4000]
        if sum(1 for byte in head if byte < 9 or 13 < byte < 32) > len(head) * 0.05:
            raise ExportError(f"{name} is a binary file, not {wanted}")
        raise ExportError(
            f"{name}: cannot tell its text encoding (not UTF-8, UTF-16, cp1250, cp1251, cp1252 "
            "or Shift-JIS); save it again as CSV UTF-8"
        )
    return data.decode(best.encoding, errors="replace"), best.encoding


#: an amount written with the currency of a country whose Windows code page is ambiguous in a
#: short file: ``558 800,00 zł`` is cp1250's reading of bytes that cp1252 reads as ``z³``,
#: as clean a text to charset-normalizer when the file has no other letter outside ASCII
_AMOUNT_WITH_CURRENCY = re.compile(
    r"\d[\s\u00a0]?(?:{})(?!\w)".format("|".join(map(re.escape, CURRENCY_WORDS))),
    re.IGNORECASE,
)


#: a sign between two letters: cp1252's reading of a Polish letter in cp1250 ("Wys³ane",
#: "mar¿a", "£ódŸ"); no word is written so ("m³" and "¿Qué?" have a letter on one side only)
_SIGN_IN_WORD = re.compile(r"(?<=[^\W\d_])[¹³¿¥£¯](?=[^\W\d_])")


def _known_headers(text: str) -> int:
    """How many cells of a text's first lines read as headers of export fields roikit knows."""
    cells = re.split(r'[,;\t|"\r\n]+', "\n".join(head_lines(text, HEADER_SEARCH_ROWS)))
    return sum(1 for cell in cells if cell.strip() and is_field_header(cell.strip()))


def _sample(data: bytes) -> bytes:
    """The first :data:`ENCODING_SAMPLE` bytes of a file, ending with a whole line (in UTF-16
    too: a line end there is a 0x0A byte and a NUL), for charset-normalizer to judge."""
    if len(data) <= ENCODING_SAMPLE:
        return data
    end = data.rfind(b"\n", 0, ENCODING_SAMPLE) + 1
    if end and data[end : end + 1] == b"\0":
        end += 1
    return data[:end] if end else data[:ENCODING_SAMPLE]


def looks_binary(text: str) -> bool:
    """Whether the start of a decoded file is mostly not text: more than 5 % control
    characters (other than tab and line ends) or undecodable bytes."""
    sample = text[:4000]
    odd = sum(1 for c in sample if (c < " " and c not in "\t\r\n") or c == "\ufffd")
    return odd > len(sample) * 0.05


def head_lines(text: str, lines: int) -> list[str]:
    """The first ``lines`` lines of a text, without splitting all of it."""
    end = 0
    for _ in range(lines):
        end = text.find("\n", end) + 1
        if not end:
            return text.splitlines()[:lines]
    return text[:end].splitlines()


def sniff_separator(text: str) -> str:
    """The field separator: the candidate that splits the most lines into the same number
    (two or more) of fields. Quoted fields (``"1,234.56"``) are read as one field."""
    lines = head_lines(text, HEADER_SEARCH_ROWS + SNIFF_ROWS)
    best, best_score = ",", (0, 0)
    for separator in SEPARATORS:
        widths = [len(row) for row in csv.reader(lines, delimiter=separator) if len(row) > 1]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = separator, score
    return best
