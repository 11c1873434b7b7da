"""Copying a member of one zip into another as it is compressed, without inflating it and
deflating it again.

Saving a recalculated workbook rewrites the sheets whose cells changed; every other member
(the sheets of data with no formula, styles, images, pivot caches) is copied unchanged. Copied
through :mod:`zipfile` it is inflated and deflated again, and the deflating is most of a save
when a workbook holds a large sheet of data beside a small sheet of formulas (a 100k-row data
sheet: 0.4 s). Python's :mod:`zipfile` has no way to hand over compressed bytes (CPython
issue 113924, open), so :func:`copy_compressed` writes the member's local header and its
compressed bytes itself, the way :meth:`zipfile.ZipFile.mkdir` writes an entry, and registers
the entry so that the archive's central directory lists it as usual. Where that cannot be done
safely (an encrypted member, a zip64 one, a ``zipfile`` without the attributes it relies on,
a local header that does not match the directory), it says so and the caller copies the member
the ordinary way. The copied bytes are not inflated here: opening the workbook inflated every
deflated part once (a damaged one is refused then: :mod:`roikit.xlsx.limits`), and the copy
carries the member's CRC-32 along for any reader to check.
"""

from __future__ import annotations

import copy
import struct
import zipfile
from pathlib import Path
from typing import BinaryIO

#: the local file header: signature, then, 26 bytes in, the lengths of the name and the extra field
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
#: general-purpose flags (APPNOTE 4.4.4): encrypted; sizes in a data descriptor after the data;
#: the name in UTF-8
_ENCRYPTED, _DATA_DESCRIPTOR, _UTF8_NAME = 0x01, 0x08, 0x800
_ZIP64_EXTRA = 0x0001
#: what ``copy_compressed`` uses of a ZipFile open for writing (as ``ZipFile.mkdir`` does)
_WRITER_ATTRIBUTES = ("_lock", "_seekable", "fp", "start_dir", "filelist", "NameToInfo")
_PIECE = 1 << 20


def copy_compressed(source: Path, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> bool:
    """Write the member ``info`` of the zip file ``source`` into ``out``, its compressed bytes
    as they are; False, with nothing written, where it cannot (see the module docstring)."""
    if not _copyable(info) or not all(hasattr(out, name) for name in _WRITER_ATTRIBUTES):
        return False
    if getattr(out, "_writing", False):  # another member is being written
        return False
    with source.open("rb") as stream:
        if not seek_data(stream, info):
            return False  # the directory points elsewhere: the file is not what was read
        entry = copy.copy(info)
        entry.flag_bits &= ~_DATA_DESCRIPTOR  # the sizes and checksum go in the header
        # zipfile's own attributes, as ZipFile.mkdir uses them
        with out._lock:  # type: ignore[attr-defined]
            if out._seekable:  # type: ignore[attr-defined]
                out.fp.seek(out.start_dir)  # type: ignore[union-attr]
            entry.header_offset = out.fp.tell()  # type: ignore[union-attr]
            out.fp.write(entry.FileHeader(False))  # type: ignore[union-attr]
            left = info.compress_size
            while left:
                piece = stream.read(min(left, _PIECE))
                if not piece:
                    raise zipfile.BadZipFile(f"{source}: {info.filename} ends early")
                out.fp.write(piece)  # type: ignore[union-attr]
                left -= len(piece)
            out.filelist.append(entry)
            out.NameToInfo[entry.filename] = entry
            out.start_dir = out.fp.tell()  # type: ignore[union-attr]
            out._didModify = True  # type: ignore[attr-defined]
    return True


def seek_data(stream: BinaryIO, info: zipfile.ZipInfo) -> bool:
    """Move ``stream`` (the zip file) to the member's compressed bytes, past its local header;
    False where no local header of that name starts where the directory says (a damaged or
    altered file: zipfile refuses to read such a member too)."""
    stream.seek(info.header_offset)
    header = stream.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        return False
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    encoding = "utf-8" if info.flag_bits & _UTF8_NAME else "cp437"
    name = stream.read(name_length).decode(encoding, errors="replace")
    if signature != _LOCAL_SIGNATURE or name != info.orig_filename:
        return False
    stream.seek(extra_length, 1)
    return True


def _copyable(info: zipfile.ZipInfo) -> bool:
    """Whether a member can be copied as it is: not encrypted, stored or deflated (what
    zipfile reads), and small enough to need no zip64 fields, which its header would then
    hold twice."""
    return (
        not info.flag_bits & _ENCRYPTED
        and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        and max(info.file_size, info.compress_size) < zipfile.ZIP64_LIMIT
        and _ZIP64_EXTRA not in _extra_ids(info.extra)
    )


def _extra_ids(extra: bytes) -> set[int]:
    """The ids of an extra field's records (APPNOTE 4.5)."""
    ids = set()
    at = 0
    while at + 4 <= len(extra):
        record, size = struct.unpack_from("<HH", extra, at)
        ids.add(record)
        at += 4 + size
    return ids
