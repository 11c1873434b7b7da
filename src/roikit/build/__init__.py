"""Every file generated from the catalog, built by one command (``make build``, ``roikit build``).

Each generated file is registered here once, with the function that renders it; a test checks
that the committed copy equals a fresh rendering. Binary files (the templates) register a
``check`` that compares what matters (cells, formulas, names) rather than bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from roikit.build.docs import functions_markdown as functions_markdown
from roikit.xlsx import write_atomic


@dataclass(frozen=True)
class Generated:
    """A file under the project root and the function that renders its content."""

    path: str
    render: Callable[[], str | bytes]
    #: what ``roikit build --only`` calls it: docs, templates or addin
    group: str
    #: for binary files: whether committed bytes and fresh ones hold the same content, so that
    #: the freshness test ignores harmless byte differences (another openpyxl, say)
    check: Callable[[bytes, bytes], bool] | None = None

    def is_fresh(self, current: bytes | None, fresh: bytes) -> bool:
        if current is None:
            return False
        return current == fresh or (self.check is not None and self.check(current, fresh))


# Each renderer imports what it needs when called: building may need openpyxl, xlwings or pandas,
# which importing this module must not.


def _campaign_exports_markdown() -> str:
    from roikit.kpis.table import columns_markdown

    return columns_markdown()


def _template(name: str, native: bool) -> bytes:
    from roikit.templates import build

    return build(name, native)


def _same_workbook(current: bytes, fresh: bytes) -> bool:
    from roikit.templates.compare import same_workbook

    return same_workbook(current, fresh)


def _vba_module() -> str:
    from roikit.excel.vba import render_bas

    return render_bas()


def _xlwings_conf() -> str:
    from roikit.excel.vba import render_conf

    return render_conf()


def _addin_workbook() -> bytes:
    from roikit.excel.xlam import render_xlam

    return render_xlam()


def _lite_main() -> str:
    from roikit.excel.lite import render_main

    return render_main()


def _lite_requirements() -> str:
    from roikit.excel.lite import render_requirements

    return render_requirements()


def _templates() -> list[Generated]:
    """The template workbooks, and their native twins under ``native/``."""
    from roikit.templates.library import TEMPLATES

    return [
        Generated(
            f"workbook_templates/{folder}{name}.xlsx",
            functools.partial(_template, name, native),
            "templates",
            _same_workbook,
        )
        for folder, native in (("", False), ("native/", True))
        for name in TEMPLATES
    ]


GENERATED: list[Generated] = [
    Generated("docs/functions.md", functions_markdown, "docs"),
    Generated("docs/campaign-exports.md", _campaign_exports_markdown, "docs"),
    *_templates(),
    Generated("addin/roikit.bas", _vba_module, "addin"),
    Generated("addin/roikit.xlam", _addin_workbook, "addin"),
    Generated("addin/xlwings.conf", _xlwings_conf, "addin"),
    Generated("addin/lite/main.py", _lite_main, "addin"),
    Generated("addin/lite/requirements.txt", _lite_requirements, "addin"),
]

#: the groups ``--only`` takes, in build order
GROUPS = tuple(dict.fromkeys(item.group for item in GENERATED))


def _selected(only: str | list[str] | tuple[str, ...] | None) -> list[Generated]:
    """The generated files of the groups asked for (every file when ``only`` is empty)."""
    if not only:
        return GENERATED
    groups = [only] if isinstance(only, str) else list(only)
    unknown = [group for group in groups if group not in GROUPS]
    if unknown:
        raise ValueError(f"unknown group {unknown[0]!r}; choose from: {', '.join(GROUPS)}")
    return [item for item in GENERATED if item.group in groups]


def stale(root: Path, only: str | list[str] | tuple[str, ...] | None = None) -> list[str]:
    """The generated files under ``root`` whose content differs from a fresh rendering
    (only those of the groups in ``only``, when given)."""
    out = []
    for item in _selected(only):
        path = root / item.path
        fresh = item.render()
        current = path.read_bytes() if path.exists() else None
        if not item.is_fresh(current, fresh.encode() if isinstance(fresh, str) else fresh):
            out.append(item.path)
    return out


def build(root: Path, only: str | list[str] | tuple[str, ...] | None = None) -> list[str]:
    """Render every generated file under ``root`` (only those of the groups in ``only``, when
    given); returns the paths that changed."""
    changed = []
    for item in _selected(only):
        path = root / item.path
        fresh = item.render()
        data = fresh.encode() if isinstance(fresh, str) else fresh
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
            changed.append(item.path)
    return changed
