"""Calls of roikit's functions through roikit's classic add-in, as Excel saves them.

Excel saves a call of an add-in's function (an .xlam's VBA function) as a call through an
external link: ``=ROMI(B2,B3,B4)`` typed in a cell is ``[1]!ROMI(B2,B3,B4)`` in the sheet XML,
link 1 naming ``roikit.xlam`` (:meth:`roikit.xlsx.Package.add_ins`). :func:`plain_calls` turns
such calls of roikit's own functions into plain calls: the engines then calculate them with
roikit's functions (``roikit.engine``'s loadable copy), and named LAMBDAs of the same names
take them over in a workbook that must work without the add-in (``roikit lambda add``).
"""

from __future__ import annotations

import re

from roikit.xlsx.package import Package

#: a formula element's text (as Excel writes it: no prefix)
_FORMULA_TEXT = re.compile(rb"(<f\b[^>]*>)([^<]*)(</f>)")
#: a call through an external link, ``[1]!ROMI(``: the link's number and the function (or a
#: string literal, ``"[1]!ROMI("``, which stays text: no group)
_LINKED_CALL = re.compile(rb'&quot;.*?&quot;|"[^"]*"|\[(\d+)\]!([A-Za-z_][A-Za-z0-9_.]*)\(')

#: external link number -> the names (upper case, bytes) of roikit's functions it lends
Calls = dict[int, set[bytes]]


def roikit_add_in_calls(package: Package) -> Calls:
    """External link number -> roikit's functions it lends (as the add-in roikit.xlam does)."""
    from roikit.catalog import CATALOG

    ours = {function.name.upper() for function in CATALOG}
    lent = {
        number: {name.encode() for name in add_in.functions & ours}
        for number, add_in in package.add_ins().items()
    }
    return {number: names for number, names in lent.items() if names}


def has_calls(xml: bytes, calls: Calls) -> bool:
    """Whether a sheet's XML calls one of ``calls`` through its add-in's link."""
    return bool(calls) and b"]!" in xml and any(_lent(m, calls) for m in _LINKED_CALL.finditer(xml))


def plain_calls(xml: bytes, calls: Calls) -> tuple[bytes, int]:
    """The sheet's XML with each call of ``calls`` through its add-in's link a plain call
    (``[1]!ROMI(`` -> ``ROMI(``), and how many there were. A name of the linked file
    (``[1]!ROMI`` with no parenthesis), a call through another link and text in quotes stay
    as they are."""
    if not has_calls(xml, calls):
        return xml, 0
    count = 0

    def call(found: re.Match[bytes]) -> bytes:
        nonlocal count
        if not _lent(found, calls):
            return found.group(0)
        count += 1
        return found.group(2) + b"("

    def element(found: re.Match[bytes]) -> bytes:
        return found.group(1) + _LINKED_CALL.sub(call, found.group(2)) + found.group(3)

    return _FORMULA_TEXT.sub(element, xml), count


def _lent(call: re.Match[bytes], calls: Calls) -> bool:
    return call.group(1) is not None and call.group(2).upper() in calls.get(int(call.group(1)), ())
