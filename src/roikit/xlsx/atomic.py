"""Write a file so that readers see the old file or the new one, never a half-written one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one rename.

    If the block raises, or the process dies, ``path`` is untouched and the temporary file is
    removed (or, after a kill, left as a ``.roikit-*.tmp`` file that nothing reads). The new file
    keeps the permissions of the one it replaces, or gets the usual ones for a new file (the
    umask's), not the owner-only mode of a temporary file.
    """
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent or ".", prefix=f".{target.name}.roikit-", suffix=".tmp"
        )
    except OSError as err:  # no such folder, no permission: about the file asked for, not ours
        raise type(err)(err.errno, err.strerror, str(target)) from None
    try:
        os.chmod(temporary, _permissions_for(target))
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(handle, mode, encoding=encoding) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _permissions_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_writer`."""
    with atomic_writer(path, "wb" if isinstance(data, bytes) else "w") as stream:
        stream.write(data)
