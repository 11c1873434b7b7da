"""``roikit addin build``: regenerate the Excel add-in files under ``addin/`` (or check them);
the same as ``roikit build --only addin``."""

from __future__ import annotations

import argparse

from roikit.cli import build


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    addin = commands.add_parser(
        "addin",
        help="the Excel add-in files: VBA module, add-in workbook, xlwings.conf, Lite main.py",
    )
    actions = addin.add_subparsers(dest="action", metavar="ACTION", required=True)
    action = actions.add_parser(
        "build",
        help="regenerate addin/roikit.bas, roikit.xlam, xlwings.conf and addin/lite/ from the "
        "catalog (roikit build --only addin)",
    )
    build.add_arguments(action)
    action.set_defaults(handler=build.run, only=["addin"])
