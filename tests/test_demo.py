"""``make demo``: the email-campaign template, recalculated headlessly, shows the worked month."""

from __future__ import annotations

import hashlib
import re

import pytest

pytest.importorskip("formualizer")

from roikit.cli import demo


def _romi_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "ROMI" in line]


def test_demo_recalculates_the_committed_template_without_changing_it(capsys, monkeypatch):
    root = demo.Path(__file__).parents[1]
    monkeypatch.chdir(root)
    before = hashlib.sha256(demo.TEMPLATE.read_bytes()).hexdigest()
    demo.main()
    out = capsys.readouterr().out
    assert "recalculated headlessly" in out
    assert re.search(r"ROMI\s+120%", out)
    assert "With revenue 600,000 instead: ROMI 136%" in out
    assert hashlib.sha256(demo.TEMPLATE.read_bytes()).hexdigest() == before


def test_demo_outside_a_checkout_builds_the_template_first(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    demo.main()
    assert re.search(r"ROMI\s+120%", capsys.readouterr().out)
    assert list(tmp_path.iterdir()) == []
