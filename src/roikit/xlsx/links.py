"""Calls of roikit's functions through roikit's classic add-in, as Excel saves them.

Excel saves a call of an add-in's function (an .xlam's VBA function) as a call through an
external link: ``=ROMI(B2,B3,B4)`` typed in a cell is ``[1]!ROMI(B2,B3,B4)`` in the sheet XML,
link 1 naming ``roikit.xlam`` (:attr:`roikit.xlsx.Package.add_ins`). :func:`plain_calls` turns
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
    """External link number -> roikit's functions it lends: the links to roikit's add-in (a
    file named ``roikit*.xlam``; roikit.xlam as shipped). Another add-in's ``ROI`` may be
    another formula: it stays that add-in's, never silently roikit's."""
    from roikit.catalog import CATALOG

    ours = {function.name.upper() for function in CATALOG}
    lent = {
        number: {name.encode() for name in add_in.functions & ours}
        for number, add_in in package.add_ins.items()
        if add_in.file.lower().startswith("roikit") and add_in.file.lower().endswith(".xlam")
    }
    return {number: names for number, names in lent.items() if names}


def has_calls(xml: bytes, calls: Calls) -> bool:
    """Whether a sheet's XML calls one of ``calls`` through its add-in's link."""
    if not calls or b"]!" not in xml:
        return False
    return any(
        _lent(call, calls)
        for element in _FORMULA_TEXT.finditer(xml)
        if b"]!" in element.group(2)
        for call in _LINKED_CALL.finditer(element.group(2))
    )


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


def add_in_calls_in(formula: str, package: Package) -> list[tuple[str, str]]:
    """The calls a formula makes through links to add-ins other than roikit's (whose calls
    roikit takes as its own): (function, the add-in's file) each, in order."""
    add_ins = package.add_ins
    ours = roikit_add_in_calls(package)
    found = []
    for call in _LINKED_CALL.finditer(formula.encode()):
        if call.group(1) is None or _lent(call, ours):
            continue
        add_in = add_ins.get(int(call.group(1)))
        if add_in is not None and call.group(2).decode().upper() in add_in.functions:
            found.append((call.group(2).decode(), add_in.file or "an add-in"))
    return found
