"""Every file generated from the catalog, built by one command (``make build``, ``roikit build``).

Each generated file is registered here once, with the function that renders it; a test checks
that the committed copy equals a fresh rendering. Binary files (the templates) register a
``check`` that compares what matters (cells, formulas, names) rather than bytes.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roikit.atomic import write_atomic


@dataclass(frozen=True)
class Generated:
    """A file under the project root and the function that renders its content."""

    path: str
    render: Callable[[], str | bytes]
    #: for binary files: whether committed bytes and fresh ones hold the same content, so that
    #: the freshness test ignores harmless byte differences (another openpyxl, say)
    check: Callable[[bytes, bytes], bool] | None = None

    def is_fresh(self, current: bytes | None, fresh: bytes) -> bool:
        if current is None:
            return False
        return current == fresh or (self.check is not None and self.check(current, fresh))


def _lazy(target: str) -> Callable[..., Any]:
    """``"module:function"``, imported on the first call: the renderers need openpyxl, xlwings
    or pandas, which only building (not importing this module) may ask for."""

    def call(*args: Any, **kwargs: Any) -> Any:
        module, _, name = target.partition(":")
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


def _templates() -> list[Generated]:
    """The template workbooks, and their native and LAMBDA editions (``native/``, ``lambda/``)."""
    from roikit.templates.library import TEMPLATES

    build = _lazy("roikit.templates:build")
    same_workbook = _lazy("roikit.templates.compare:same_workbook")
    return [
        Generated(
            f"workbook_templates/{folder}{name}.xlsx",
            functools.partial(build, name, edition=edition),
            same_workbook,
        )
        for folder, edition in (("", "addin"), ("native/", "native"), ("lambda/", "lambda"))
        for name in TEMPLATES
    ]


GENERATED: list[Generated] = [
    Generated("docs/functions.md", _lazy("roikit.docs:functions_markdown")),
    Generated("docs/campaign-exports.md", _lazy("roikit.campaigns:columns_markdown")),
    *_templates(),
    Generated("addin/roikit.bas", _lazy("roikit.excel.vba:render_bas")),
    Generated("addin/xlwings.conf", _lazy("roikit.excel.vba:render_conf")),
    Generated("addin/lite/main.py", _lazy("roikit.excel.lite:render_main")),
    Generated("addin/lite/requirements.txt", _lazy("roikit.excel.lite:render_requirements")),
]


def stale(root: Path, under: str = "") -> list[str]:
    """The generated files under ``root`` whose content differs from a fresh rendering
    (only those whose path starts with ``under``, when given)."""
    out = []
    for item in GENERATED:
        if not item.path.startswith(under):
            continue
        path = root / item.path
        fresh = item.render()
        current = path.read_bytes() if path.exists() else None
        if not item.is_fresh(current, fresh.encode() if isinstance(fresh, str) else fresh):
            out.append(item.path)
    return out


def build(root: Path, under: str = "") -> list[str]:
    """Render every generated file under ``root`` (only those whose path starts with ``under``,
    when given); returns the paths that changed."""
    changed = []
    for item in GENERATED:
        if not item.path.startswith(under):
            continue
        path = root / item.path
        fresh = item.render()
        data = fresh.encode() if isinstance(fresh, str) else fresh
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
            changed.append(item.path)
    return changed
