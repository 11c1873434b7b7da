"""Read the functions a formula calls, and expand roikit calls into native Excel formulas.

A formula is scanned once, respecting string literals ("...") and quoted sheet names ('...'):
a name followed by ``(`` is a function call. :func:`expand_native` replaces every call of a
catalog function -- nested ones first -- by the function's native expression from the catalog,
so that the workbook needs no add-in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from roikit.catalog import CATALOG, native_formula, spec

_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(?=\()")
_CATALOG_NAMES = {s.name for s in CATALOG}

#: functions newer than Excel 2007, stored in the file with the ``_xlfn.`` prefix (Excel shows
#: #NAME? without it); the prefix is written on save and never part of a template's formulas
FUTURE_FUNCTIONS = frozenset({"NORM.S.DIST", "NORM.S.INV"})


def _quoted_end(text: str, start: int) -> int:
    """The index just past the quoted run starting at ``start`` (a doubled quote escapes)."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == quote:
            if i + 1 < len(text) and text[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    raise ValueError(f"unclosed {quote} in formula {text!r}")


def _arguments(text: str, open_paren: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose ``(`` is at ``open_paren``, and the end index."""
    depth, i, start, args = 0, open_paren, open_paren + 1, []
    while i < len(text):
        char = text[i]
        if char in "\"'":
            i = _quoted_end(text, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                args.append(text[start:i].strip())
                return ([] if args == [""] else args), i + 1
        elif char == "," and depth == 1:
            args.append(text[start:i].strip())
            start = i + 1
        i += 1
    raise ValueError(f"unbalanced parentheses in formula {text!r}")


def _scan(text: str) -> Iterator[tuple[int, str, list[str], int]]:
    """Yield (start, name, arguments, end) for each top-level function call in ``text``."""
    i = 0
    while i < len(text):
        if text[i] in "\"'":
            i = _quoted_end(text, i)
            continue
        match = _CALL.match(text, i)
        if match and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_.")):
            args, end = _arguments(text, match.end())
            yield i, match.group(), args, end
            i = end
            continue
        i += 1


def functions_used(formula: str) -> set[str]:
    """Every function name a formula calls, nested calls included, in upper case."""
    found: set[str] = set()
    for _, name, args, _ in _scan(formula):
        found.add(name.upper())
        for arg in args:
            found |= functions_used(arg)
    return found


def catalog_calls(formula: str) -> set[str]:
    """The catalog functions a formula calls."""
    return {name for name in functions_used(formula) if name in _CATALOG_NAMES}


def expand_native(formula: str) -> str:
    """The formula with every catalog call replaced by its native Excel expression.

    >>> expand_native("=ROMI(revenue, margin, costs)")
    '=(revenue*margin-SUM(costs))/SUM(costs)'
    """
    expanded = _unwrapped(_expand(formula.removeprefix("=")))
    return ("=" if formula.startswith("=") else "") + expanded


def _unwrapped(text: str) -> str:
    """``text`` without one pair of parentheses around all of it, if it has one."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    for i, char in enumerate(text):
        if char in "\"'":
            return text  # a quoted run: leave it be
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and i < len(text) - 1:
            return text  # the first parenthesis closes before the end
    return text[1:-1]


def _expand(text: str) -> str:
    out, last = [], 0
    for start, name, args, end in _scan(text):
        out.append(text[last:start])
        inner = [_unwrapped(_expand(arg)) for arg in args]
        if name.upper() in _CATALOG_NAMES:
            function = spec(name)
            names = [a.name for a in function.arguments]
            if len(inner) > len(names):
                raise ValueError(f"{function.name} takes at most {len(names)} arguments: {text!r}")
            out.append(f"({native_formula(function, dict(zip(names, inner, strict=False)))})")
        else:
            out.append(f"{name}({','.join(inner)})")
        last = end
    out.append(text[last:])
    return "".join(out)


def with_future_prefixes(formula: str) -> str:
    """The formula as stored in a file: Excel 2010+ functions carry their ``_xlfn.`` prefix."""
    out, last = [], 0
    body = formula
    for start, name, args, end in _scan(body):
        out.append(body[last:start])
        inner = ",".join(with_future_prefixes(arg) for arg in args)
        prefix = "_xlfn." if name.upper() in FUTURE_FUNCTIONS else ""
        out.append(f"{prefix}{name}({inner})")
        last = end
    out.append(body[last:])
    return "".join(out)
