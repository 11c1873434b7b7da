"""Atomic writes: the old file or the new one, with the permissions a file there should have."""

from __future__ import annotations

import os
import stat

import pytest

from roikit.xlsx.atomic import atomic_writer, write_atomic


def test_write_atomic_replaces_the_content(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write(b"half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_missing_folder_is_reported_with_the_file_asked_for_not_the_temporary(tmp_path):
    target = tmp_path / "no such folder" / "out.xlsx"
    with pytest.raises(FileNotFoundError) as raised:
        write_atomic(target, b"data")
    assert raised.value.filename == str(target) and ".tmp" not in str(raised.value)
    assert not target.parent.exists()


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "shared.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o664)
    write_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_a_new_file_gets_the_umask_permissions_not_owner_only(tmp_path):
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.xlsx", b"data")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.xlsx").stat().st_mode) == 0o644
