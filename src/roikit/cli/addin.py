"""``roikit addin build``: regenerate the Excel add-in files under ``addin/`` (or check them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from roikit.cli.common import CommandError

ADDIN_DIRECTORY = "addin/"


def register(commands: argparse._SubParsersAction) -> None:
    addin = commands.add_parser(
        "addin",
        help="the Excel add-in files: VBA module, add-in workbook, xlwings.conf, Lite main.py",
    )
    actions = addin.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser(
        "build",
        help="regenerate addin/roikit.bas, roikit.xlam, xlwings.conf and addin/lite/",
    )
    build.add_argument("--root", default=".", help="the project root (default: here)")
    build.add_argument("--check", action="store_true", help="only say which files are stale")
    build.set_defaults(handler=run_build)


def run_build(arguments: argparse.Namespace) -> int:
    from roikit.build import build, stale

    root = Path(arguments.root)
    if arguments.check:
        old = stale(root, under=ADDIN_DIRECTORY)
        if old:
            raise CommandError(f"stale add-in files (run roikit addin build): {', '.join(old)}")
        print("every add-in file is fresh")
        return 0
    try:
        changed = build(root, under=ADDIN_DIRECTORY)
    except ModuleNotFoundError as err:
        if (err.name or "").split(".")[0] != "xlwings":
            raise
        raise CommandError(
            "building the add-in needs xlwings: pip install 'roikit[excel]'"
        ) from None
    for path in changed:
        print(f"wrote {path}")
    return 0
