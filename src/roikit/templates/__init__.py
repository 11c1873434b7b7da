"""Template workbooks users fill in, and their native-formula twins.

>>> from roikit.templates import TEMPLATES
>>> sorted(TEMPLATES)[:2]
['b2b_funnel', 'email_ab_test']

Each template is data (:mod:`roikit.templates.library`); :func:`build` turns one into xlsx
bytes with roikit calls, or with ``native=True`` every call expanded into plain Excel.
"""

from __future__ import annotations

from pathlib import Path

from roikit.templates.library import TEMPLATES
from roikit.templates.model import Template

__all__ = ["TEMPLATES", "Template", "build", "template", "write"]


def template(name: str) -> Template:
    """A template by its name (``email_campaign_romi``) or file name (``...romi.xlsx``)."""
    key = name.removesuffix(".xlsx")
    try:
        return TEMPLATES[key]
    except KeyError:
        raise KeyError(f"no template {name!r}; known: {', '.join(TEMPLATES)}") from None


def build(name: str, native: bool = False) -> bytes:
    """The named template as xlsx bytes (needs openpyxl)."""
    from roikit.templates.builder import build as build_workbook

    return build_workbook(template(name), native)


def write(name: str, path: str | Path, native: bool = False) -> Path:
    """Write the named template to ``path`` (temporary file + rename)."""
    from roikit.templates.builder import write as write_workbook

    return write_workbook(template(name), path, native)
