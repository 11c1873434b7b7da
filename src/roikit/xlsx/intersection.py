"""Implicit intersection written out, for an engine that gives every formula dynamic arrays'
meaning.

A formula Excel saved without ``t="array"`` is a legacy formula. Where it uses an area of
several cells as one value (``=Price*2``, Price naming ``B2:B10``; ``=B2:B10`` itself) Excel
takes the area's cell in the formula's own row (of a column) or column (of a row), and shows
``#VALUE!`` where there is none: implicit intersection, which Excel 365 shows as ``=@Price*2``.
formualizer reads every formula as a dynamic array one: the whole area, spilled, ``#SPILL!``
beside other cells. In the engines' copy (``roikit.engine.loadable``) an area at the top of a
formula (outside every parenthesis: a function's argument takes an area or a value by the
function's own rules, left to the engine) gets the ``@`` Excel 365 shows, which formualizer
reads as Excel does. A formula with a space or comma at its top (the intersection and union of
areas) is left as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from roikit.xlsx.package import REFERENCE, Package, blank_strings

_QUOTED = re.compile(r"'(?:[^']|'')+'")


def names_of_areas(package: Package) -> frozenset[str]:
    """The workbook's defined names that stand for several cells, as they are spelled."""
    return frozenset(name for name, target in package.names.items() if ":" in target.area)


def has_implicit_intersections(xml: bytes, names: frozenset[str]) -> bool:
    """Whether a sheet's XML has a legacy formula using an area of several cells (or one of
    ``names``) at its top."""
    return any(_top_level(found.group(2), names) is not None for found in _candidates(xml, names))


def explicit_intersections(xml: bytes, names: frozenset[str]) -> bytes:
    """The sheet's XML with an ``@`` before every area of several cells (or one of ``names``)
    at the top of a legacy formula."""
    pieces, at = [], 0
    for found in _candidates(xml, names):
        text = _top_level(found.group(2), names)
        if text is None:
            continue
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        pieces += [xml[at : found.start(2)], escaped.encode()]
        at = found.end(2)
    return b"".join([*pieces, xml[at:]]) if pieces else xml


def _candidates(xml: bytes, names: frozenset[str]) -> Iterator[re.Match[bytes]]:
    """The legacy formula elements that may use an area at their top: a colon before their
    first parenthesis or after their last, or one of ``names`` before the first (a quick test
    in one pass of a regular expression: most formulas begin with a function)."""
    if b"<f" not in xml:
        return iter(())
    # (Excel writes a name in a formula as it was defined: a name's own spelling is looked for)
    used = [name.encode() for name in sorted(names) if name.encode() in xml]
    heads = [rb"[^<(]*:[^<]*", rb"[^<]*\)[^<()]*:[^<()]*"]
    if used:
        spelled = b"|".join(re.escape(name) for name in used)
        heads.append(rb"[^<(]*?(?<![\w.])(?:" + spelled + rb")(?![\w.(])[^<]*")
    pattern = rb"<f((?:\s(?![^>]*\bt=\"array\")[^>]*+)?+)>(" + b"|".join(heads) + rb")</f>"
    return re.finditer(pattern, xml)


def _top_level(raw: bytes, names: frozenset[str] = frozenset()) -> str | None:
    """A formula's text with ``@`` before each area at its top, or None when it has none (or
    a space, comma or brace there: an intersection or union of areas, an array constant)."""
    text = html.unescape(raw.decode("utf-8", "replace"))
    blanked = blank_strings(text, "\x01")
    # (a sheet's name in quotes may hold spaces and commas of its own)
    blanked = _QUOTED.sub(lambda name: re.sub(r"[ ,{]", "\x02", name.group()), blanked)
    depth = 0
    visible = []  # the formula's top, everything inside a parenthesis blanked
    for character in blanked:
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif depth == 0:
            if character in " ,{":
                return None
            visible.append(character)
            continue
        visible.append("\0")
    lowered = {name.lower() for name in names}
    starts = [
        found.start()
        for found in REFERENCE.finditer("".join(visible))
        if (found.group("name") or "").lower() in lowered
        or (found.group(4) is not None and found.group(8) is not None and not _one_cell(found))
        or found.group(12) is not None  # whole columns
        or found.group(16) is not None  # whole rows
    ]
    if not starts:
        return None
    for start in reversed(starts):
        text = text[:start] + "@" + text[start:]
    return text


def _one_cell(area: re.Match[str]) -> bool:
    """Whether an area is one cell written as an area (``D1:D1``): that cell, as Excel reads it."""
    return area.group(4).upper() == area.group(8).upper() and area.group(6) == area.group(10)
