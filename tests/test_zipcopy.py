"""Zip members copied as they are compressed (roikit.xlsx.zipcopy), checked with Python's own
zip reader and Info-ZIP's ``unzip -t``, and what a save of a workbook copies so."""

from __future__ import annotations

import copy
import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

import roikit
from roikit.xlsx.zipcopy import copy_compressed
from tests.helpers.corpus import Sheet, workbook_parts

MEMBERS = {
    "xl/worksheets/sheet2.xml": b"<row><c><v>12345</v></c></row>" * 5000,  # deflated
    "xl/media/image1.png": bytes(range(256)) * 40,  # stored
    "docProps/Заметки.xml": "<заметка>текст</заметка>".encode(),  # a UTF-8 name
    "empty.txt": b"",
}


def source_zip(path: Path, *, seekable: bool = True) -> Path:
    """The MEMBERS, the PNG stored; written through a stream that cannot seek, zipfile puts
    each member's sizes and checksum in a data descriptor after its data."""
    buffer = io.BytesIO()
    target: io.RawIOBase | io.BytesIO = buffer if seekable else _Unseekable(buffer)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        for name, data in MEMBERS.items():
            kind = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    path.write_bytes(buffer.getvalue())
    return path


class _Unseekable(io.RawIOBase):
    def __init__(self, buffer: io.BytesIO) -> None:
        self.buffer = buffer

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
        return self.buffer.write(data)

    def flush(self) -> None:
        pass


def compressed_bytes(path: Path, name: str) -> bytes:
    """A member's data as stored in the file (compressed), found through its local header."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    data = path.read_bytes()
    names, extras = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + names + extras
    return data[start : start + info.compress_size]


def copied(source: Path, target: Path) -> list[bool]:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        return [copy_compressed(source, info, out) for info in archive.infolist()]


def assert_sound(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == MEMBERS
    if shutil.which("unzip"):  # Info-ZIP reads local headers and checks every CRC itself
        tested = subprocess.run(["unzip", "-tq", str(path)], capture_output=True, text=True)
        assert tested.returncode == 0, tested.stdout + tested.stderr


@pytest.mark.parametrize("seekable", [True, False], ids=["plain", "data descriptors"])
def test_members_are_copied_with_the_same_compressed_bytes(tmp_path, seekable):
    source = source_zip(tmp_path / "source.zip", seekable=seekable)
    target = tmp_path / "copy.zip"
    assert copied(source, target) == [True] * len(MEMBERS)
    assert_sound(target)
    for name in MEMBERS:
        assert compressed_bytes(target, name) == compressed_bytes(source, name)
    with zipfile.ZipFile(target) as archive:  # sizes and checksum in each local header now
        assert not any(info.flag_bits & 0x08 for info in archive.infolist())


def test_a_copy_between_members_written_the_usual_way_keeps_the_archive_sound(tmp_path):
    source = source_zip(tmp_path / "source.zip")
    target = tmp_path / "mixed.zip"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for at, info in enumerate(archive.infolist()):
            if at % 2:
                assert copy_compressed(source, info, out)
            else:
                out.writestr(info, archive.read(info), compress_type=info.compress_type)
    assert_sound(target)


def test_what_cannot_be_copied_as_it_is_says_so_and_writes_nothing(tmp_path):
    source = tmp_path / "odd.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("zip64.xml", "w", force_zip64=True) as member:  # zip64 local fields
            member.write(b"<x/>" * 100)
        archive.writestr("bzip2.xml", b"<z/>" * 100, compress_type=zipfile.ZIP_BZIP2)
        archive.writestr("small.xml", b"<y/>")
    target = tmp_path / "out.zip"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        zip64, bzip2, small = archive.infolist()
        encrypted, elsewhere = copy.copy(small), copy.copy(small)
        encrypted.flag_bits |= 0x01
        elsewhere.header_offset = zip64.header_offset  # a directory that disagrees with the file
        for info in (bzip2, encrypted, elsewhere):
            assert not copy_compressed(source, info, out)
        assert out.filelist == [] and out.fp is not None and out.fp.tell() == 0
        # a member whose local header had zip64 fields gets a plain header of its own
        assert copy_compressed(source, zip64, out) and copy_compressed(source, small, out)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert archive.read("zip64.xml") == b"<x/>" * 100 and archive.read("small.xml") == b"<y/>"
    if shutil.which("unzip"):
        assert subprocess.run(["unzip", "-tq", str(target)], capture_output=True).returncode == 0


def test_a_saved_workbook_keeps_its_data_sheet_compressed_as_it_was(tmp_path):
    """The sheet of data beside the formulas is not inflated and deflated again."""
    data_rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r * 1000}</v></c><c r="B{r}"><v>{r * 10}</v></c></row>'
        for r in range(1, 2001)
    )
    kpi = '<row r="1"><c r="A1"><f>ROMI(SUM(Data!A1:A2000),0.25,SUM(Data!B1:B2000))</f></c></row>'
    parts = workbook_parts([Sheet("KPI", kpi), Sheet("Data", data_rows)], {})
    source = tmp_path / "book.xlsx"
    # compressed harder than a save would compress it again: a copy keeps these bytes
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            assert isinstance(content, str | bytes)
            archive.writestr(name, content)
    target = tmp_path / "saved.xlsx"
    with roikit.open(source) as book:
        book.calculate()
        book.save(target)
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target) as after:
        assert after.namelist() == before.namelist() and after.testzip() is None
        data_sheet = next(n for n in before.namelist() if n.endswith("sheet2.xml"))
        assert after.read(data_sheet) == before.read(data_sheet)
    assert compressed_bytes(target, data_sheet) == compressed_bytes(source, data_sheet)
    with roikit.open(target) as saved:
        # revenue 1,000 x (1 + ... + 2,000), costs 10 x the same: (0.25 x 100 - 1) / 1
        assert saved.get("KPI!A1") == pytest.approx(24.0)
