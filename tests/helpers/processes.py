"""Running the real command line on a file: in-process, or in a child process with a time and
address-space limit (for the files built to exhaust memory)."""

from __future__ import annotations

import hashlib
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import roikit.cli

#: a child process may use this much address space: roikit's imports need about 400 MB, a
#: zip bomb inflated in memory needs gigabytes
MEMORY_LIMIT = 768 << 20
#: a child process that runs longer than this has hung (a normal run takes about a second)
TIME_LIMIT = 60
_CHILD = "import sys, roikit.cli; sys.exit(roikit.cli.main())"

#: the command-line arguments of each command run on a corpus file
COMMANDS = {
    "recalc": ["recalc"],
    "recalc-formulas": ["recalc", "--engine", "formulas"],
    "inspect": ["inspect"],
    "kpis": ["kpis"],
}


@dataclass
class Run:
    status: int
    out: str
    err: str
    seconds: float

    def assert_refused(self, pattern: str) -> None:
        """Exit status 2 and one line on stderr, no traceback, matching ``pattern``."""
        import re

        assert self.status == 2, (self.status, self.out, self.err)
        assert "Traceback" not in self.err, self.err
        lines = self.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("roikit: error: "), self.err
        assert re.search(pattern, lines[0]), (pattern, lines[0])


def run_in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Run:
    capsys.readouterr()
    started = time.perf_counter()
    status = roikit.cli.main(argv)
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err, time.perf_counter() - started)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """The command in a child process under :data:`MEMORY_LIMIT` and :data:`TIME_LIMIT`
    (``subprocess.TimeoutExpired`` fails the test)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, *argv],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
        env=env,
    )
    return Run(result.returncode, result.stdout, result.stderr, time.perf_counter() - started)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
