"""``roikit build``: regenerate every file generated from the catalog (or check them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from roikit.cli.common import CommandError


def register(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser("build", help="regenerate every file generated from the catalog")
    build.add_argument("--root", default=".", help="the project root (default: here)")
    build.add_argument("--check", action="store_true", help="only say which files are stale")
    build.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    from roikit.build import build, stale

    root = Path(arguments.root)
    if arguments.check:
        old = stale(root)
        if old:
            raise CommandError(f"stale generated files (run make build): {', '.join(old)}")
        print("every generated file is fresh")
        return 0
    for path in build(root):
        print(f"wrote {path}")
    return 0
