"""What the template tests share: which named results need the add-in."""

from __future__ import annotations

import re

from roikit.templates import TEMPLATES


def addin_only(name: str) -> set[str]:
    """The named results of a template that need a function without a native formula, directly
    or through another such result: #N/A in the native twin (see builder.cell_formula)."""
    from roikit.templates.expand import without_native
    from roikit.templates.model import Output

    items = []
    for item in TEMPLATES[name].outputs() + [
        c for block in TEMPLATES[name].blocks() if hasattr(block, "columns") for c in block.columns
    ]:
        if isinstance(item, Output):
            items.append(({item.name}, item.formula))
        elif item.formula:
            names = set(item.names or ()) | {n for n in (item.name, item.total_name) if n}
            items.append((names, item.formula + " " + (item.total or "")))
    found: set[str] = set()
    while True:
        more = {
            name
            for names, formula in items
            if without_native(formula) or set(re.findall(r"\w+", formula)) & found
            for name in names
        }
        if more <= found:
            return found
        found |= more
