"""``roikit templates``: list the template workbooks, build them all, or copy one to fill in."""

from __future__ import annotations

import argparse
import sys
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
        help="write every template into DIR (the default folder is regenerated; in another "
        "folder a different file of a template's name is kept unless --force)",
    )
    build.add_argument(
        "dir",
        nargs="?",
        help="where to write (default: workbook_templates, or its native/ or lambda/ folder)",
    )
    _edition_options(build)
    build.add_argument(
        "--force", action="store_true", help="in DIR, replace files of the templates' names"
    )
    build.set_defaults(handler=run_build)

    copy = actions.add_parser("copy", help="write a fresh copy of one template to fill in")
    copy.add_argument("name", help="the template, e.g. email_campaign_romi")
    copy.add_argument("dest", help="a file (.xlsx) or an existing folder")
    _edition_options(copy)
    copy.add_argument("--force", action="store_true", help="replace DEST if it exists")
    copy.set_defaults(handler=run_copy)


def _edition_options(parser: argparse.ArgumentParser) -> None:
    editions = parser.add_mutually_exclusive_group()
    editions.add_argument(
        "--native",
        dest="edition",
        action="store_const",
        const="native",
        help="the native edition: every roikit call expanded into plain Excel (any spreadsheet)",
    )
    editions.add_argument(
        "--lambda",
        dest="edition",
        action="store_const",
        const="lambda",
        help="the LAMBDA edition: roikit's functions inside the workbook (Excel 365, no add-in)",
    )
    parser.set_defaults(edition="addin")


def run_list(arguments: argparse.Namespace) -> int:
    from roikit.templates import TEMPLATES

    width = max(len(name) for name in TEMPLATES)
    for name, template in TEMPLATES.items():
        print(f"{name:<{width}}  {template.title}")
    return 0


def run_build(arguments: argparse.Namespace) -> int:
    from roikit.templates import FOLDERS, TEMPLATES, build
    from roikit.xlsx import write_atomic

    folder = Path(arguments.dir) if arguments.dir else DEFAULT_DIR / FOLDERS[arguments.edition]
    # roikit's own folder holds only what it generates; another may hold a user's filled-in
    # copy under a template's name: kept unless --force
    keep = arguments.dir is not None and not arguments.force
    folder.mkdir(parents=True, exist_ok=True)
    kept = []
    for name in TEMPLATES:
        path = folder / f"{name}.xlsx"
        data = build(name, edition=arguments.edition)
        if path.exists() and path.read_bytes() == data:
            print(f"unchanged {path}")
            continue
        if path.exists() and keep:
            print(f"kept {path}: it is not this template as built (filled in?)", file=sys.stderr)
            kept.append(path)
            continue
        write_atomic(path, data)
        print(f"wrote {path}")
    if kept:
        print("roikit: add --force to replace the files kept", file=sys.stderr)
    return 1 if kept else 0


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
    write(name, dest, edition=arguments.edition)
    print(f"wrote {dest}")
    return 0
