"""``roikit templates``: list the template workbooks, build them all, or copy one to fill in."""

from __future__ import annotations

import argparse
from pathlib import Path

from roikit.errors import CommandError

DEFAULT_DIR = Path("workbook_templates")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    templates = commands.add_parser("templates", help="template workbooks to fill in")
    actions = templates.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list the templates")
    listing.set_defaults(handler=run_list)

    build = actions.add_parser(
        "build",
        help="write every template into DIR (regenerates them: replaces files of the same name)",
    )
    build.add_argument(
        "dir",
        nargs="?",
        help="where to write (default: workbook_templates, or workbook_templates/native)",
    )
    build.add_argument(
        "--native",
        action="store_true",
        help="expand every roikit call into plain Excel: the twin needs no add-in",
    )
    build.set_defaults(handler=run_build)

    copy = actions.add_parser("copy", help="write a fresh copy of one template to fill in")
    copy.add_argument("name", help="the template, e.g. email_campaign_romi")
    copy.add_argument("dest", help="a file (.xlsx) or an existing folder")
    copy.add_argument("--native", action="store_true", help="the native twin (no add-in needed)")
    copy.add_argument("--force", action="store_true", help="replace DEST if it exists")
    copy.set_defaults(handler=run_copy)


def run_list(arguments: argparse.Namespace) -> int:
    from roikit.templates import TEMPLATES

    width = max(len(name) for name in TEMPLATES)
    for name, template in TEMPLATES.items():
        print(f"{name:<{width}}  {template.title}")
    return 0


def run_build(arguments: argparse.Namespace) -> int:
    from roikit.templates import TEMPLATES, build
    from roikit.xlsx import write_atomic

    folder = (
        Path(arguments.dir)
        if arguments.dir
        else DEFAULT_DIR / ("native" if arguments.native else "")
    )
    folder.mkdir(parents=True, exist_ok=True)
    for name in TEMPLATES:
        path = folder / f"{name}.xlsx"
        data = build(name, arguments.native)
        if path.exists() and path.read_bytes() == data:
            print(f"unchanged {path}")
            continue
        write_atomic(path, data)
        print(f"wrote {path}")
    return 0


def run_copy(arguments: argparse.Namespace) -> int:
    from roikit.templates import TEMPLATES, write

    name = arguments.name.removesuffix(".xlsx")
    if name not in TEMPLATES:
        raise CommandError(f"no template {arguments.name!r}; known: {', '.join(TEMPLATES)}")
    dest = Path(arguments.dest)
    if dest.is_dir():
        dest = dest / f"{name}.xlsx"
    elif dest.suffix.lower() != ".xlsx":
        raise CommandError(f"{dest}: give a .xlsx file name or an existing folder")
    if not dest.parent.is_dir():
        raise CommandError(f"{dest.parent}: no such folder")
    if dest.exists() and not arguments.force:
        raise CommandError(f"{dest} exists: choose another name, or add --force to replace it")
    write(name, dest, arguments.native)
    print(f"wrote {dest}")
    return 0
