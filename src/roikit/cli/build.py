"""``roikit build``: regenerate every file generated from the catalog (or check them).

The one build command: ``--only docs,templates,addin`` narrows it to some groups;
``roikit addin build`` is the same for the add-in files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from roikit.errors import CommandError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = commands.add_parser(
        "build", help="regenerate every file generated from the catalog (docs, templates, addin)"
    )
    add_arguments(build)
    build.set_defaults(handler=run, only=None)
    build.add_argument(
        "--only",
        type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
        help="only these groups, comma-separated: docs, templates, addin",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", help="the project root (default: here)")
    parser.add_argument("--check", action="store_true", help="only say which files are stale")


def run(arguments: argparse.Namespace) -> int:
    from roikit.build import GROUPS, build, stale

    unknown = [group for group in arguments.only or () if group not in GROUPS]
    if unknown:
        raise CommandError(f"--only {unknown[0]!r}: choose from {', '.join(GROUPS)}")
    root = Path(arguments.root)
    if arguments.check:
        kind = "add-in" if arguments.only == ["addin"] else "generated"
        old = stale(root, arguments.only)
        if old:
            raise CommandError(f"stale {kind} files (run make build): {', '.join(old)}")
        print(f"every {kind} file is fresh")
        return 0
    try:
        changed = build(root, arguments.only)
    except ModuleNotFoundError as err:
        if (err.name or "").split(".")[0] != "xlwings":
            raise
        raise CommandError(
            "building the add-in needs xlwings: pip install 'roikit[excel]'"
        ) from None
    for path in changed:
        print(f"wrote {path}")
    return 0
