"""Template workbooks users fill in, and their native-formula twins.

>>> from roikit.templates import TEMPLATES
>>> sorted(TEMPLATES)[:2]
['b2b_funnel', 'email_ab_test']

Each template is data (:mod:`roikit.templates.library`); :func:`build` turns one into xlsx
bytes in one of three editions: ``"addin"`` (roikit calls), ``"native"`` (every call expanded
into plain Excel; ``native=True`` says the same) or ``"lambda"`` (roikit calls, the functions
carried in the workbook as named LAMBDAs).
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Any

from roikit.templates.library import TEMPLATES
from roikit.templates.model import EDITIONS, FOLDERS, Edition, Template

__all__ = [
    "EDITIONS",
    "FOLDERS",
    "TEMPLATES",
    "Template",
    "add_lambdas",
    "build",
    "lambda_definitions",
    "roikit_lambdas",
    "template",
    "write",
]

#: the named-LAMBDA functions (roikit.templates.lambdas), imported on first use
_LAMBDAS = {
    "add_lambdas": "add_lambdas",
    "lambda_definitions": "definitions",
    "roikit_lambdas": "roikit_lambdas",
}


def __getattr__(name: str) -> Any:
    if name not in _LAMBDAS:
        raise AttributeError(f"module 'roikit.templates' has no attribute {name!r}")
    value = getattr(importlib.import_module("roikit.templates.lambdas"), _LAMBDAS[name])
    globals()[name] = value
    return value


def template(name: str) -> Template:
    """A template by its name (``email_campaign_romi``) or file name (``...romi.xlsx``)."""
    key = name.removesuffix(".xlsx")
    try:
        return TEMPLATES[key]
    except KeyError:
        raise KeyError(f"no template {name!r}; known: {', '.join(TEMPLATES)}") from None


def build(name: str, native: bool = False, *, edition: str | None = None) -> bytes:
    """The named template as xlsx bytes, its results cached (needs the engine extra)."""
    return _built(template(name).name, _edition(native, edition))


@cache
def _built(name: str, edition: Edition) -> bytes:
    """A build is the same bytes every time (and takes a recalculation): made once."""
    from roikit.templates.builder import build as build_workbook

    return build_workbook(TEMPLATES[name], edition)


def write(name: str, path: str | Path, native: bool = False, *, edition: str | None = None) -> Path:
    """Write the named template to ``path`` (temporary file + rename)."""
    from roikit.templates.builder import write as write_workbook

    return write_workbook(template(name), path, _edition(native, edition))


def _edition(native: bool, edition: str | None) -> Edition:
    if edition is not None and native and edition != "native":
        raise ValueError(f"native=True contradicts edition={edition!r}")
    chosen = edition or ("native" if native else "addin")
    if chosen not in EDITIONS:
        raise ValueError(f"unknown edition {chosen!r}; choose one of: {', '.join(EDITIONS)}")
    return chosen
