"""Numbers on the command line as Russian and Polish users type them: ``558 800``, ``0,25``,
``25 %`` in ``roikit calc`` and ``--set``; a comma that could mean either is refused."""

from __future__ import annotations

import json

import pytest

from roikit.cli import main
from roikit.cli.common import decimal_mark, parse_value, range_parts


def run(capsys, *argv):
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("558 800", 558800.0),
        ("558\u00a0800", 558800.0),
        ("0,25", 0.25),
        ("25 %", 0.25),
        ("12,5 %", 0.125),
        ("1 234,50", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1'234", 1234.0),
        ("0,125", 0.125),
        ("-3", -3.0),
    ],
)
def test_numbers_are_read_as_typed(text, value):
    assert parse_value(text) == pytest.approx(value)


def test_a_comma_that_could_be_thousands_or_decimals_is_refused():
    with pytest.raises(Exception, match=r"'1,234' could be 1234 or 1\.234"):
        parse_value("1,234")


@pytest.mark.parametrize(
    ("cells", "mark"),
    [
        (["558,800", "600,000.50"], "."),  # the later of two marks
        (["1,234", "0,25"], ","),  # two digits after it
        (["1.234", "0.125"], "."),  # a leading zero
        (["1,234", "1.234.567"], ","),  # a repeated mark groups thousands
        (["558 800", "12,5 %"], ","),
        (["1,234", "5,678"], None),  # three digits after it, every time: no telling
        (["0,25", "12.5"], None),  # cells that disagree
        (["", "n/a", "558800"], None),
        (["03.12.2025", "25.12.2025"], None),  # dates, not numbers grouped in thousands
        (["v1.2.3", "1,234"], None),
    ],
)
def test_a_column_shows_its_decimal_mark_or_says_nothing(cells, mark):
    assert decimal_mark(cells) == mark


def test_a_comma_is_read_by_its_columns_mark():
    assert parse_value("558,800", ".") == 558800.0
    assert parse_value("1,234", ",") == pytest.approx(1.234)
    assert parse_value("1.234.567,5", ",") == 1234567.5
    assert parse_value("25 %", ",") == 0.25
    assert parse_value("Welcome series", ",") == "Welcome series"
    assert parse_value("03.12.2025", ",") == "03.12.2025"  # a date stays text, not 3122025


def test_a_decimal_comma_is_one_value_and_other_commas_separate_cost_lines():
    assert range_parts("0,25") is None
    assert range_parts("1 234,50") is None
    assert range_parts("13500,50000") == ["13500", "50000"]


def test_calc_takes_spaces_decimal_commas_and_spaced_percent(capsys):
    assert run(capsys, "calc", "ROMI", "558 800", "25 %", "13 500", "50 000") == (0, "1.2\n", "")
    assert run(capsys, "calc", "ROMI", "558 800", "0,25", "63 500")[:2] == (0, "1.2\n")


def test_calc_refuses_an_ambiguous_comma_in_one_line(capsys):
    status, out, err = run(capsys, "calc", "CTR", "1,234", "9800")
    assert (status, out) == (2, "")
    assert err.startswith("roikit: error: '1,234' could be 1234 or 1.234")


def test_set_takes_a_decimal_comma_and_spaces(capsys, email_book):
    status, out, _ = run(
        capsys,
        "recalc",
        email_book,
        "--set",
        "revenue=558 800",
        "--set",
        "margin=0,25",
        "--set",
        "costs=13500,50000",
        "--format",
        "json",
    )
    assert status == 0
    assert json.loads(out)["romi"] == pytest.approx(1.2)
