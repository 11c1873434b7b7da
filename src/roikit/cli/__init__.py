"""The ``roikit`` command line: a thin face over the Python API, one module per command group.

Exit status 0 on success and 2 on bad input, with a one-line message; ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from roikit import __version__
from roikit.errors import CommandError, MetricError


def command_modules() -> list[str]:
    """Every module of this package with ``register(subparsers)``, adding its commands.

    A new command group is one new module here; nothing else lists them.
    """
    names = []
    for info in pkgutil.iter_modules(__path__, prefix=f"{__name__}."):
        if hasattr(importlib.import_module(info.name), "register"):
            names.append(info.name)
    return names


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="roikit",
        description="Marketing metrics (ROMI, CAC, CLV, funnel, email, A/B tests) as spreadsheet functions.",
    )
    top.add_argument("--version", action="version", version=f"roikit {__version__}")
    top.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in command_modules():
        importlib.import_module(name).register(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return arguments.handler(arguments) or 0
    except BrokenPipeError:  # the reader (head, less) went away: nothing more to say
        sys.stderr.close()
        return 0
    except (CommandError, MetricError, OSError, ValueError, KeyError) as err:
        if arguments.debug:
            raise
        message = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"roikit: error: {one_line(message)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("roikit: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a bug, or a library failing on odd input: one line, status 1
        if arguments.debug:
            raise
        print(
            f"roikit: unexpected error: {type(err).__name__}: {one_line(err)} (run again with "
            "--debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 1


def one_line(message: object) -> str:
    """A message on one line (library messages can span several)."""
    return " ".join(line.strip() for line in str(message).splitlines() if line.strip())


if __name__ == "__main__":
    sys.exit(main())
