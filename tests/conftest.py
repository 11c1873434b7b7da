from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "roikit", deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)
# ROIKIT_HYPOTHESIS=thorough for a long hunt before a release; CI runs the default.
settings.register_profile("thorough", parent=settings.get_profile("roikit"), max_examples=3000)
settings.load_profile(os.environ.get("ROIKIT_HYPOTHESIS", "roikit"))

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project_root() -> Path:
    return ROOT
