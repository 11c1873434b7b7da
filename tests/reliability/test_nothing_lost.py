"""Nothing lost: a save killed at any point, two saves racing, and every part a save keeps.

A child process opens a large workbook, recalculates it and saves it over an existing output;
it is killed (SIGKILL, no clean-up) between the zip members it writes, just before the rename,
and at moments timed from the start of the save. Whatever the moment, the output is the old
complete file or the new complete file, and a temporary file left behind is never the output.
"""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from roikit.xlsx.package import Package
from tests.helpers.corpus import VBA_BYTES, Sheet, romi_workbook, workbook_parts, write_zip
from tests.helpers.processes import run_in_process, sha256

ROWS = 50_000
#: the child: open, set the factor, calculate, then save; KILL says where it dies instead
_SAVER = """
import os, signal, sys, zipfile
import roikit

source, target, factor, kill = sys.argv[1:5]

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

if kill.startswith("member:"):
    import roikit.xlsx.patch as patch

    left = [int(kill.partition(":")[2])]
    open_member = zipfile.ZipFile.open
    copy_member = patch.copy_compressed

    def next_member():
        if left[0] == 0:
            die()
        left[0] -= 1

    def counting(self, name, mode="r", *args, **kwargs):  # a member written by open
        if mode == "w":
            next_member()
        return open_member(self, name, mode, *args, **kwargs)

    def copying(*args):  # or copied as it is compressed (what cannot be goes through open)
        next_member()
        return copy_member(*args)

    zipfile.ZipFile.open = counting
    patch.copy_compressed = copying
elif kill == "rename":
    os.replace = die

book = roikit.open(source)
book.set("factor", float(factor))
book.calculate()
print("saving", flush=True)
book.save(target)
print("saved", flush=True)
"""


def big_workbook(path: Path) -> Path:
    """``ROWS`` rows of ``B = A * factor``; ``last`` is the last row's result."""
    rows = "".join(
        f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="B{i}"><f>A{i}*$D$1</f><v>0</v></c>'
        + ('<c r="D1"><v>2</v></c>' if i == 1 else "")
        + "</row>"
        for i in range(1, ROWS + 1)
    )
    names = {"factor": "Data!$D$1", "last": f"Data!$B${ROWS}"}
    return write_zip(path, workbook_parts([Sheet("Data", rows)], names))


def saver(source: Path, target: Path, factor: float, kill: str = "") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _SAVER, str(source), str(target), str(factor), kill or "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def last_result(path: Path) -> float:
    """The cached value of the last formula in a saved workbook (the file must be complete)."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    package = Package(path)
    try:
        return package.cached_value("Data", f"B{ROWS}")
    finally:
        package.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """The source, an output saved before (factor 2), and that output's bytes."""
    folder = tmp_path_factory.mktemp("big")
    source = big_workbook(folder / "big.xlsx")
    output = folder / "out.xlsx"
    process = saver(source, output, 2)
    assert process.wait(timeout=120) == 0, process.stderr.read()
    assert last_result(output) == 2 * ROWS
    return source, output, output.read_bytes()


def assert_old_or_new(output: Path, old: bytes, new_factor: float) -> str:
    """Whether ``output`` is the old file or a complete new one (anything else fails)."""
    if output.read_bytes() == old:
        return "old"
    assert last_result(output) == new_factor * ROWS
    return "new"


def stray_files(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


#: before the first member, the third, the last (the sheet), and after the last, at the rename
KILL_POINTS = ["member:0", "member:2", "member:4", "rename"]


@pytest.mark.parametrize("kill", KILL_POINTS)
def test_a_save_killed_between_members_or_before_the_rename_leaves_the_old_output(
    kill: str, big: tuple[Path, Path, bytes]
) -> None:
    source, output, old = big
    process = saver(source, output, 3, kill)
    assert process.wait(timeout=120) == -9  # killed, not finished
    assert output.read_bytes() == old
    strays = stray_files(output.parent, {source.name, output.name})
    assert all(name.startswith(".out.xlsx.roikit-") and name.endswith(".tmp") for name in strays)
    for name in strays:
        (output.parent / name).unlink()


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.2])
def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_output(
    delay: float, big: tuple[Path, Path, bytes]
) -> None:
    source, output, old = big
    process = saver(source, output, 3)
    assert process.stdout.readline().strip() == "saving"
    time.sleep(delay)
    process.kill()
    process.wait(timeout=60)
    if assert_old_or_new(output, old, 3) == "new":
        output.write_bytes(old)  # for the next case
    strays = stray_files(output.parent, {"big.xlsx", "out.xlsx"})
    assert all(name.startswith(".out.xlsx.roikit-") for name in strays)
    for name in strays:
        (output.parent / name).unlink()


def test_a_left_over_temporary_file_is_never_read_as_the_output(
    big: tuple[Path, Path, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    source, output, _ = big
    process = saver(source, output, 3, "member:4")
    process.wait(timeout=120)
    (stray,) = stray_files(output.parent, {source.name, output.name})
    assert stray.startswith(".") and stray.endswith(".tmp")  # hidden, and not a workbook name
    run = run_in_process(["recalc", str(output)], capsys)
    assert run.status == 0 and run.out.split() == ["last", str(2 * ROWS)]
    (output.parent / stray).unlink()


def test_two_runs_saving_the_same_output_leave_one_complete_file(
    big: tuple[Path, Path, bytes],
) -> None:
    source, output, _ = big
    racers = [saver(source, output, factor) for factor in (5, 7)]
    for racer in racers:
        assert racer.wait(timeout=120) == 0, racer.stderr.read()
    assert last_result(output) in (5 * ROWS, 7 * ROWS)
    assert stray_files(output.parent, {source.name, output.name}) == []


# ------------------------------------------------------------------------- parts kept as they are

#: parts a real .xlsm carries that saving must not touch (any bytes will do)
EXTRA_PARTS = {
    "docProps/core.xml": '<?xml version="1.0"?><cp:coreProperties xmlns:cp="urn:x"/>',
    "customXml/item1.xml": "<b:Sources xmlns:b='urn:y'/>",
    "xl/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "xl/styles.xml": '<?xml version="1.0"?><styleSheet xmlns="urn:z"><fonts count="0"/></styleSheet>',
}


def test_a_saved_xlsm_keeps_its_macros_and_every_part_it_did_not_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = romi_workbook(tmp_path / "macros.xlsm", macros=True, extra_parts=EXTRA_PARTS)
    before_hash = sha256(source)
    out = tmp_path / "out.xlsm"
    run = run_in_process(
        ["recalc", str(source), "--set", "revenue=1000000", "-o", str(out)], capsys
    )
    assert run.status == 0, run.err
    assert sha256(source) == before_hash
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(out) as after:
        assert after.namelist() == before.namelist()
        changed = {
            info.filename
            for info in before.infolist()
            if before.read(info) != after.read(info.filename)
        }
        assert changed == {"xl/workbook.xml", "xl/worksheets/sheet1.xml"}
        assert after.read("xl/vbaProject.bin") == VBA_BYTES
        for info in after.infolist():
            assert info.compress_type == before.getinfo(info.filename).compress_type
    assert Package(out).cached_value("Data", "B1") == pytest.approx(
        (1000000 * 0.25 - 63500) / 63500
    )
