"""Outputs other programs open safely: no formula injection in CSV or tables, strict JSON.

Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) is written with a leading apostrophe by every command (one rule, roikit.cli.output);
numbers, negative ones included, are left as numbers. JSON parses with a strict parser
(NaN and infinities refused).
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

from roikit.cli.output import FORMULA_STARTS, json_text, neutralize
from tests.helpers.corpus import echo_workbook
from tests.helpers.processes import run_in_process

DANGEROUS = [f'{start}HYPERLINK("http://evil.example","x")' for start in FORMULA_STARTS]
DANGEROUS += ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3", "\r=1"]


def shown(text: str) -> str:
    """What a command shows for text typed as a value (--set and scenario values are trimmed)."""
    return neutralize(text.strip())


def strict_json(text: str):
    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def echo_book(tmp_path: Path) -> Path:
    return echo_workbook(tmp_path / "echo.xlsx")


@pytest.mark.parametrize("text", DANGEROUS)
def test_neutralize_makes_formula_text_plain_and_leaves_numbers(text: str) -> None:
    assert neutralize(text) == "'" + text.replace("\r", "\n")
    assert neutralize(-5.0) == -5.0
    assert neutralize("May newsletter") == "May newsletter"


@pytest.mark.parametrize("text", DANGEROUS)
def test_recalc_csv_and_table_neutralize_a_text_result(
    text: str, echo_book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = text.replace(",", ";")  # on --set, a comma separates the values of a range
    argv = ["recalc", str(echo_book), "--set", f"label={text}"]
    run = run_in_process([*argv, "--format", "csv"], capsys)
    assert run.status == 0, run.err
    rows = dict(list(csv.reader(io.StringIO(run.out, newline="")))[1:])
    assert rows["echo"] == shown(text)
    assert not rows["echo"].startswith(FORMULA_STARTS)
    assert rows["neg"] == "-5"  # a number stays a number
    table = run_in_process([*argv, "--format", "table"], capsys).out
    assert f"echo  {shown(text)}\n" in table


def test_recalc_json_is_strict_even_for_values_no_cell_can_hold(
    echo_book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from roikit.engine.book import Book

    run = run_in_process(["recalc", str(echo_book), "--format", "json"], capsys)
    assert strict_json(run.out) == {"echo": "hello", "neg": -5}
    odd = iter([math.nan, math.inf])
    monkeypatch.setattr(Book, "_read", lambda self, name: (next(odd), None))
    run = run_in_process(["recalc", str(echo_book), "--format", "json"], capsys)
    assert strict_json(run.out) == {"echo": {"error": "#NUM!"}, "neg": {"error": "#NUM!"}}


def test_json_text_replaces_nan_and_infinities_everywhere() -> None:
    data = {"a": math.nan, "b": [math.inf, -math.inf, 1.5], "c": {"d": math.nan}}
    assert strict_json(json_text(data)) == {"a": None, "b": [None, None, 1.5], "c": {"d": None}}


def test_batch_neutralizes_echoed_inputs_and_text_results_not_numbers(
    echo_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenarios = tmp_path / "scenarios.csv"
    with scenarios.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["label", "amount"])
        writer.writerows([[text, "-7"] for text in DANGEROUS] + [["plain", "2026-05-01"]])
    out = tmp_path / "results.csv"
    run = run_in_process(["batch", str(echo_book), str(scenarios), "-o", str(out)], capsys)
    assert run.status == 0, run.err
    rows = list(csv.DictReader(out.open(newline="")))
    for text, row in zip(DANGEROUS, rows, strict=False):
        assert row["label"] == neutralize(text)  # the input as read
        assert row["echo"] == shown(text)
        assert not row["echo"].startswith(FORMULA_STARTS)
        assert row["amount"] == "-7"  # a number as written, not neutralized
        assert row["neg"] == "7"
    assert rows[-1]["label"] == "plain" and rows[-1]["amount"] == "2026-05-01"


def test_kpis_csv_neutralizes_campaign_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    with export.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Campaign", "Delivered", "Unique Opens", "Unique Clicks"])
        writer.writerows([[text, 1000, 250, 30] for text in DANGEROUS])
    run = run_in_process(["kpis", str(export)], capsys)
    assert run.status == 0, run.err
    names = [row["Campaign"] for row in csv.DictReader(io.StringIO(run.out, newline=""))]
    assert names == [neutralize(text) for text in DANGEROUS]
    assert all(name.startswith("'") for name in names)


def test_a_carriage_return_inside_text_never_starts_a_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(
        b'Campaign,Delivered,Unique Opens,Unique Clicks\r\n"May\r=HYPERLINK(1)",1000,250,30\r\n'
    )
    run = run_in_process(["kpis", str(export)], capsys)
    assert "\r" not in run.out  # a reader splitting rows at a bare CR finds none
    rows = list(csv.reader(io.StringIO(run.out, newline="")))
    assert len(rows) == 2 and rows[1][1] == "May\n=HYPERLINK(1)"
