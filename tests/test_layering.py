"""The arrows of ARCHITECTURE.md, checked on every import in src/roikit (top-level or inside a
function): metrics <- catalog <- cells <- faces, xlsx below the faces, and no face importing
another face's internals (a face uses another through its package, ``roikit.engine``, never
``roikit.engine.book``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"

#: what each part of the core may import (besides itself)
CORE = {
    "roikit.errors": set(),
    "roikit.metrics": {"roikit.errors"},
    "roikit.catalog": {"roikit.errors", "roikit.metrics"},
    "roikit.cells": {"roikit.errors", "roikit.metrics", "roikit.catalog"},
}
#: the shared workbook layer: the core, nothing above it
LOWER = {"roikit.xlsx"}
FACES = {
    "roikit.build",
    "roikit.cli",
    "roikit.engine",
    "roikit.excel",
    "roikit.kpis",
    "roikit.templates",
}
#: the generator of every generated file (``roikit build``): it calls each face's renderer
GENERATOR = "roikit.build"
#: the root package: the public names (the faces it lends lazily are named as strings)
ROOT = "roikit"


def part(module: str) -> str:
    """The part a module belongs to: ``roikit.engine.book`` -> ``roikit.engine``."""
    pieces = module.split(".")
    return ".".join(pieces[:2]) if len(pieces) > 1 else module


def module_name(path: Path, root: Path = SOURCE) -> str:
    relative = path.relative_to(root).with_suffix("")
    pieces = list(relative.parts)
    if pieces[-1] == "__init__":
        pieces.pop()
    return ".".join(pieces)


def imports(source: str, module: str, is_package: bool) -> list[str]:
    """Every roikit module imported by ``source`` (absolute or relative, at any depth, except
    under ``if TYPE_CHECKING:``)."""
    found = []
    tree = ast.parse(source)
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in type_only:  # names for type checkers, not a dependency at run time
            continue
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append(base)
    return [name for name in found if name == ROOT or name.startswith(ROOT + ".")]


def violation(importer: str, imported: str) -> str | None:
    """Why ``importer`` may not import ``imported``; None when the arrow is allowed."""
    own, other = part(importer), part(imported)
    if own == other or (imported == ROOT and own != ROOT):
        return None
    if own == ROOT:
        allowed = {"roikit.errors", "roikit.metrics", "roikit.catalog"}
        return None if other in allowed else f"the root package imports {imported}"
    if own in CORE:
        if other in CORE[own]:
            return None
        return f"{own} is core: it may import only {sorted(CORE[own]) or 'nothing of roikit'}"
    if other in CORE:
        return None
    if own in LOWER:
        return f"{own} sits below the faces and may import only the core, not {imported}"
    if other in LOWER or other in FACES:
        if imported == other or own == GENERATOR:
            return None
        return f"{importer} reaches into {imported}: use the public names of {other}"
    return f"{importer} imports {imported}, which is no known part"


def violations(root: Path = SOURCE) -> list[str]:
    out = []
    for path in sorted((root / "roikit").rglob("*.py")):
        module = module_name(path, root)
        for imported in imports(path.read_text(), module, path.name == "__init__.py"):
            why = violation(module, imported)
            if why:
                out.append(f"{path.relative_to(root)}: {why}")
    return out


def test_every_import_follows_the_arrows():
    assert violations() == []


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("roikit.metrics.money", "roikit.engine"),  # the core knows no engine
        ("roikit.metrics.money", "roikit.catalog"),  # metrics <- catalog, never the other way
        ("roikit.catalog.functions", "roikit.cells"),
        ("roikit.xlsx.package", "roikit.engine"),  # the workbook layer knows no face
        ("roikit.cli.workbook", "roikit.engine.book"),  # a face's internals
        ("roikit.kpis.table", "roikit.xlsx.package"),  # the workbook layer's internals
    ],
)
def test_a_wrong_import_is_caught(importer, imported):
    assert violation(importer, imported)


def test_a_deliberately_wrong_module_fails_the_check(tmp_path):
    package = tmp_path / "roikit" / "metrics"
    package.mkdir(parents=True)
    (tmp_path / "roikit" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "money.py").write_text("def romi():\n    from roikit.engine.book import Book\n")
    assert violations(tmp_path) == [
        "roikit/metrics/money.py: roikit.metrics is core: it may import only ['roikit.errors']"
    ]


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("roikit.cli.workbook", "roikit.engine"),
        ("roikit.engine.book", "roikit.xlsx"),
        ("roikit.engine.fast", "roikit.cells"),
        ("roikit.kpis.table", "roikit.metrics.kinds"),
        ("roikit.cells", "roikit.catalog"),
        ("roikit.build", "roikit.excel.lite"),  # the generator calls each face's renderer
    ],
)
def test_the_arrows_of_the_architecture_are_allowed(importer, imported):
    assert violation(importer, imported) is None
