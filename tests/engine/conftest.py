"""Fixtures of the engine tests; the workbooks themselves are made in tests.helpers.workbooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.workbooks import email_month


@pytest.fixture
def email_book(tmp_path: Path) -> Path:
    return email_month(tmp_path / "email_month.xlsx")
