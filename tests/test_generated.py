"""Every file generated from the catalog is committed fresh: `make build` leaves no diff."""

from __future__ import annotations

from roikit.build import GENERATED, stale


def test_no_generated_file_is_stale(project_root):
    assert stale(project_root) == [], "run `make build` and commit the result"


def test_the_function_reference_is_generated():
    assert "docs/functions.md" in [item.path for item in GENERATED]
