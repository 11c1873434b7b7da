"""What each engine is known to get wrong: its misses on the fidelity corpus, stored as data.

``known.json`` beside this module is written by ``benchmarks/fidelity.py --known`` from one
``make fidelity`` run: engine -> function (or feature, in parentheses) -> [cells where the
engine's value was not Excel's, cells of the corpus that use it]. Only what an engine missed at
least once is listed. ``roikit inspect`` shows it for the functions a workbook uses, before any
recalculation.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

ARRAY_FORMULAS = "(array formula area)"
STRUCTURED_REFERENCES = "(structured reference)"


@cache
def _table() -> dict[str, dict[str, list[int]]]:
    text = resources.files("roikit.engine").joinpath("known.json").read_text("utf-8")
    table: dict[str, dict[str, list[int]]] = json.loads(text)
    return table


def misses(engine: str, label: str) -> tuple[int, int] | None:
    """(cells missed, cells) in the corpus for a function or feature, or None: no miss seen."""
    found = _table().get(engine, {}).get(label)
    return (found[0], found[1]) if found else None
