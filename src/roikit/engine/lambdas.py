"""Named LAMBDAs in a workbook: roikit's own are evaluated as the catalog function, others named.

A workbook given roikit's functions as named LAMBDAs (``roikit lambda add``, the templates'
LAMBDA edition) calls ``ROMI(...)`` from its cells. Both engines already compute those calls
with the catalog function itself, registered under the same name, which is exactly what the
LAMBDA computes when it is roikit's own. Two cases must not pass in silence:

- a catalog name whose LAMBDA is not roikit's (edited by hand, written by another tool): the
  engines would still compute roikit's function, a number the workbook's own formula may not
  give, so every cell calling it is refused, by name;
- any other LAMBDA (``MYFN``): formualizer cannot evaluate a named LAMBDA called from a cell
  (#NAME?), the formulas engine can; the message says which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from roikit.errors import UnsupportedFeatureError
from roikit.xlsx import Package, functions_in


@dataclass(frozen=True)
class Lambdas:
    """The workbook's named LAMBDAs: roikit's own, and the others (name -> formula)."""

    own: set[str] = field(default_factory=set)
    others: dict[str, str] = field(default_factory=dict)


def read(package: Package) -> Lambdas:
    """The named LAMBDAs of a workbook (none for most workbooks: a quick look first)."""
    workbook_xml = package.part_bytes(package.workbook_path)
    if b"LAMBDA" not in workbook_xml.upper():
        return Lambdas()
    from roikit.templates import roikit_lambdas

    own, others = roikit_lambdas(workbook_xml)
    return Lambdas(own, others)


def refuse_altered(lambdas: Lambdas, package: Package, listing: Callable[[list[str]], str]) -> None:
    """Raise naming every cell that calls a catalog function whose LAMBDA here is not roikit's."""
    from roikit.engine.adapters import catalog_names

    altered = set(lambdas.others) & catalog_names()
    if not altered:
        return
    cells, called = [], set()
    for sheet in package.sheet_order:
        for reference, formula in package.formula_texts(sheet):
            if found := functions_in(formula) & altered:
                cells.append(f"{sheet}!{reference}")
                called |= found
    if cells:
        names = ", ".join(sorted(called))
        raise UnsupportedFeatureError(
            f"{listing(cells)} {'calls' if len(cells) == 1 else 'call'} {names}, a LAMBDA of "
            f"this workbook that is not roikit's own (its formula differs), so roikit will not "
            "compute it as its catalog function; restore roikit's with `roikit lambda add`, or "
            "give yours another name"
        )


def explain(lambdas: Lambdas, unknown: list[str], engine: str) -> str | None:
    """Why a cell calling one of ``unknown`` is #NAME?, when it calls a named LAMBDA."""
    defined = [name for name in unknown if name in lambdas.others]
    if not defined:
        return None
    hint = (
        "; the formulas engine can: engine='formulas' (--engine formulas)"
        if engine == "fast"
        else ""
    )
    return (
        f"{', '.join(defined)} {'is a LAMBDA' if len(defined) == 1 else 'are LAMBDAs'} defined "
        f"in this workbook, which the {engine} engine cannot evaluate (roikit computes only its "
        f"own LAMBDAs, as its functions){hint}"
    )
