"""What a file may make roikit do: checks on a zip package before any part of it is inflated.

A workbook is a zip of XML parts, and a hostile one can claim anything: parts that inflate to
gigabytes (a zip bomb), a sheet claiming billions of cells, or XML with a document type
declaration (``<!DOCTYPE``) whose entities expand a billion times or read a local file or a URL
(XXE). Real workbooks never carry a DTD, and their sizes are in the zip's directory, so
:func:`check_archive` refuses all of these from the directory and the first bytes of each XML
part, before the engine, formualizer or openpyxl reads anything.

A zip entry can also lie about its size, and readers differ in how far they trust it:
:func:`check_inflated_sizes` inflates every part once, in bounded memory, and refuses a part
that inflates beyond what its entry declares (the largest sheet's bytes are kept for the
reader, which would inflate them next: the check then costs little more than a CRC-32 of that
sheet); :func:`read_member` never inflates a part beyond its declared size.

The two size limits can be raised by anyone who trusts a large file, with environment
variables:

* ``ROIKIT_MAX_UNZIPPED`` - how many bytes a package's parts may inflate to in total
  (default ``1G``; suffixes K, M, G);
* ``ROIKIT_MAX_CELLS`` - how many cells a sheet may claim or hold (default 50,000,000).
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from pathlib import Path

from roikit.errors import UnsafeFileError
from roikit.xlsx.zipcopy import seek_data

#: environment variable -> default, for the limits a user can raise
MAX_UNZIPPED_VARIABLE = "ROIKIT_MAX_UNZIPPED"
MAX_CELLS_VARIABLE = "ROIKIT_MAX_CELLS"
DEFAULT_MAX_UNZIPPED = 1 << 30
DEFAULT_MAX_CELLS = 50_000_000

#: how much of an XML part is read to find its root element (its prolog must end there)
_PROLOG_BYTES = 1 << 16
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", re.IGNORECASE)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*"([^"]*)"')
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
#: the prolog items a part may start with: declaration, processing instructions, comments
_PROLOG_ITEM = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)


def parse_size(text: str) -> int:
    """``"1G"`` -> 1073741824; plain digits are bytes."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a size such as 500M or 2G")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def max_unzipped() -> int:
    """How many bytes a package may inflate to (``ROIKIT_MAX_UNZIPPED``, default 1G)."""
    text = os.environ.get(MAX_UNZIPPED_VARIABLE, "").strip()
    if not text:
        return DEFAULT_MAX_UNZIPPED
    try:
        return parse_size(text)
    except ValueError as err:
        raise UnsafeFileError(f"{MAX_UNZIPPED_VARIABLE}: {err}") from None


def max_cells() -> int:
    """How many cells a sheet may claim or hold (``ROIKIT_MAX_CELLS``, default 50 million)."""
    text = os.environ.get(MAX_CELLS_VARIABLE, "").strip().replace("_", "").replace(",", "")
    if not text:
        return DEFAULT_MAX_CELLS
    if not text.isdigit():
        raise UnsafeFileError(f"{MAX_CELLS_VARIABLE}: {text!r} is not a whole number of cells")
    return int(text)


def size_text(size: float) -> str:
    """1610612736 -> ``1.5 GB``."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def too_many_cells(name: str, where: str, cells: int) -> UnsafeFileError:
    """The error for a sheet holding or claiming more cells than allowed."""
    return UnsafeFileError(
        f"{name}: {where} has {cells:,} cells, more than the limit of {max_cells():,}; if you "
        f"trust the file, raise it with the environment variable {MAX_CELLS_VARIABLE}"
    )


def check_archive(
    archive: zipfile.ZipFile,
    path: str | Path,
    *,
    error: type[UnsafeFileError] = UnsafeFileError,
) -> None:
    """Refuse a zip package whose parts inflate beyond the limit, whose sheets claim too many
    cells, or whose XML declares a DTD (entity expansion, external entities). Only the zip's
    directory and the first bytes of each XML part are read."""
    name = Path(path).name
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    limit = max_unzipped()
    if total > limit:
        largest = max(infos, key=lambda info: info.file_size)
        raise error(
            f"{name}: its parts inflate to {size_text(total)} ({largest.filename}: "
            f"{size_text(largest.file_size)} from {size_text(largest.compress_size)}), more "
            f"than the limit of {size_text(limit)}; if you trust the file, raise the limit "
            f"with the environment variable {MAX_UNZIPPED_VARIABLE} (e.g. "
            f"{MAX_UNZIPPED_VARIABLE}=8G)"
        )
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(info) as stream:
                head = stream.read(_PROLOG_BYTES)
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:
            raise error(
                f"{name}: its part {info.filename} is damaged ({err}); the file was cut short "
                "or corrupted on its way, get it again"
            ) from None
        if _declares_dtd(head):
            raise error(
                f"{name}: {info.filename} declares a DTD (<!DOCTYPE ...>), which no "
                "spreadsheet writes; roikit refuses it rather than expand or fetch its "
                "entities (an XML entity-expansion or external-entity attack)"
            )
        if info.filename.startswith("xl/worksheets/"):
            cells = _claimed_cells(head)
            if cells > max_cells():
                raise too_many_cells(name, f"{info.filename} (its <dimension>)", cells)


def _declares_dtd(head: bytes) -> bool:
    """Whether an XML part's prolog holds a document type declaration (or cannot be read)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    at = 0
    while item := _PROLOG_ITEM.match(text, at):
        at = item.end()
    rest = text[at:].lstrip()
    if rest.startswith("<!"):
        return True  # <!DOCTYPE (or anything else that is not an element) before the root
    return not rest.startswith("<") and len(head) == _PROLOG_BYTES  # no root in sight


def _claimed_cells(head: bytes) -> int:
    """How many cells a sheet's ``<dimension ref="A1:D9">`` claims (0 without one)."""
    found = _DIMENSION.search(head)
    if found is None:
        return 0
    corners = [_CELL.fullmatch(part.strip()) for part in found.group(1).decode().split(":")]
    columns, rows = [], []
    for corner in corners:
        if corner is None:
            return 0
        number = 0
        for letter in corner.group(1).upper():
            number = number * 26 + ord(letter) - 64
        columns.append(number)
        rows.append(int(corner.group(2)))
    return (max(rows) - min(rows) + 1) * (max(columns) - min(columns) + 1)


def read_member(archive: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> bytes:
    """A part's bytes, inflated no further than the size its zip entry declares (Python's
    ``ZipFile.read`` inflates the whole stream in one call before cutting it to that size: an
    entry that lies makes it allocate gigabytes). A damaged part raises as zipfile does."""
    info = member if isinstance(member, zipfile.ZipInfo) else archive.getinfo(member)
    with archive.open(info) as stream:
        return stream.read(info.file_size)


def check_inflated_sizes(
    archive: zipfile.ZipFile,
    path: str | Path,
    *,
    error: type[UnsafeFileError] = UnsafeFileError,
    keep: str | None = None,
) -> bytes | None:
    """Refuse a package with a part that inflates beyond the size its entry declares, before a
    reader that trusts the entries (openpyxl) gets it. Each deflated part's raw stream is
    inflated in steps of at most 1 MB; nothing is kept but the part named ``keep``, whose bytes
    are returned (a large sheet is then inflated once, not a second time to be read)."""
    name = Path(path).name
    kept: bytes | None = None
    with open(archive.filename or path, "rb") as raw:
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED:
                continue
            if not seek_data(raw, info):
                raise error(f"{name}: the zip entry of {info.filename} is damaged")
            inflater, left, seen = zlib.decompressobj(-15), info.compress_size, 0
            pieces: list[bytes] | None = [] if info.filename == keep else None
            try:
                while left > 0 and not inflater.eof:
                    chunk = raw.read(min(left, 1 << 16))
                    if not chunk:
                        break
                    left -= len(chunk)
                    while chunk and not inflater.eof:
                        piece = inflater.decompress(chunk, 1 << 20)
                        seen += len(piece)
                        if pieces is not None:
                            pieces.append(piece)
                        chunk = inflater.unconsumed_tail
                        if seen > info.file_size:
                            raise error(
                                f"{name}: its part {info.filename} inflates to more than the "
                                f"{size_text(info.file_size)} its zip entry declares (a zip "
                                "bomb?); roikit refuses it"
                            )
            except zlib.error as err:
                raise error(
                    f"{name}: its part {info.filename} is damaged ({err}); the file was cut "
                    "short or corrupted on its way, get it again"
                ) from None
            if pieces is not None:
                data = b"".join(pieces)
                # as zipfile checks it when reading; otherwise the reader's own error stands
                if inflater.eof and len(data) == info.file_size and zlib.crc32(data) == info.CRC:
                    kept = data
    return kept
