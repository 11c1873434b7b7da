"""Numbers on the command line as Russian and Polish users type them: ``558 800``, ``0,25``,
``25 %`` in ``roikit calc`` and ``--set``; a comma that could mean either is refused."""

from __future__ import annotations

import datetime as dt
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
    assert parse_value("03.12.2025", ",") == dt.date(2025, 12, 3)  # a date, not 3122025


def test_a_decimal_comma_is_one_value_and_other_commas_separate_cost_lines():
    assert range_parts("0,25") is None
    assert range_parts("1 234,50") is None
    assert range_parts("13500,50000") == ["13500", "50000"]
    # Russian and Polish Excel separate a list with semicolons; a decimal comma stays one
    assert range_parts("13 500,50; 50 000") == ["13 500,50", " 50 000"]
    assert range_parts("13 500;") == ["13 500", ""]
    assert range_parts("Spring; sale") is None  # a text's own semicolon


def test_a_comma_with_a_space_after_it_is_no_decimal_mark():
    """'13 500, 50 000' is two cost lines: read as one number it would be 13500.5."""
    for mark in (None, ",", "."):
        assert parse_value("13 500, 50 000", mark) == "13 500, 50 000"
    assert parse_value("13 500,50", ",") == 13500.5


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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("558 800,00 zł", 558800.0),
        ("558\u00a0800,00 руб.", 558800.0),
        ("13 500 ₽", 13500.0),
        ("$558,800.00", 558800.0),
        ("PLN 1 234,50", 1234.5),
        ("1.234,50 €", 1234.5),
    ],
)
def test_amounts_typed_with_their_currency_are_numbers(text, value):
    """As a report shows them, copied into a command: read as roikit.kpis reads an export."""
    assert parse_value(text) == pytest.approx(value)


def test_an_amount_with_a_currency_keeps_the_rules_of_a_plain_number():
    with pytest.raises(Exception, match=r"'1,234' could be 1234 or 1\.234"):
        parse_value("1,234 zł")
    assert parse_value("1,234 zł", ",") == pytest.approx(1.234)  # its column shows the mark
    for text in ("3 szt.", "12 kliknięć", "v1.2", "ABC", "VIP 500", "TOP 10", "100 m³"):
        assert parse_value(text) == text  # no amount: text (a campaign's name stays one)


def test_calc_takes_amounts_with_their_currency_and_a_decimal_comma(capsys):
    """The revenue's comma is its decimal mark, not a list separator: only a range argument
    (the cost lines) takes several values in one."""
    expected = (0, "1.2\n", "")
    assert run(capsys, "calc", "ROMI", "558 800,00 zł", "25 %", "13 500", "50 000") == expected
    assert (
        run(capsys, "calc", "ROMI", "558 800,00 руб.", "0,25", "13 500,00 ₽", "50000") == expected
    )
    assert run(capsys, "calc", "ROMI", "$558,800.00", "0.25", "63500") == expected
    assert run(capsys, "calc", "ROMI", "558800", "0.25", "13 500 zł,50 000 zł") == expected


def test_a_comma_grouping_thousands_in_a_range_is_refused(capsys):
    status, out, err = run(capsys, "calc", "ROMI", "558800", "0.25", "13500", "50000", "1,000")
    assert (status, out) == (2, "")
    assert "'1,000' could be the number 1000 or the values 1 and 000" in err
    assert range_parts("1, 000") == ["1", " 000"]  # a space after the comma: two values


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("03.12.2025", None, dt.date(2025, 12, 3)),  # dots: the day first
        ("03.12.25", None, dt.date(2025, 12, 3)),  # a two-digit year as Excel reads it
        ("31.12.99", None, dt.date(1999, 12, 31)),
        ("12/25/2025", None, dt.date(2025, 12, 25)),  # a day past the 12th shows the order
        ("25/12/2025", None, dt.date(2025, 12, 25)),
        ("1/1/2025", None, dt.date(2025, 1, 1)),  # the same date either way
        ("03/12/2025", False, dt.date(2025, 3, 12)),  # the order its column shows
        ("31.02.2025", None, "31.02.2025"),  # no such date: text, for the function to refuse
        ("03.12.2025 14:30", None, "03.12.2025 14:30"),
        ("v1.2.3", None, "v1.2.3"),
    ],
)
def test_dates_are_read_as_russian_polish_and_american_users_type_them(text, dayfirst, expected):
    assert parse_value(text, dayfirst=dayfirst) == expected


def test_a_date_that_could_be_either_order_is_refused_not_guessed(capsys):
    with pytest.raises(Exception, match=r"'03/12/2025'.*no date past the 12th tells which"):
        parse_value("03/12/2025")
    # one command, one order: 1/5/2024 beside 1/15/2024 is January 5th
    assert run(capsys, "calc", "SALES_CYCLE", "1/5/2024,1/15/2024", "2/5/2024,2/15/2024")[:2] == (
        0,
        "31\n",
    )
    status, _, err = run(capsys, "calc", "SALES_CYCLE", "2/1/2024", "3/1/2024")
    assert status == 2 and "could put the day or the month first" in err


def test_calc_and_set_take_dates_with_dots(capsys, tmp_path):
    assert run(capsys, "calc", "SALES_CYCLE", "01.01.2024,11.01.2024", "31.01.2024,10.02.2024")[
        :2
    ] == (0, "30\n")
    from roikit.templates import write

    book = write("b2b_funnel", tmp_path / "funnel.xlsx")
    status, out, _ = run(
        capsys,
        "recalc",
        book,
        "--set",
        "first_contact_dates=01.03.2026,08.03.2026",
        "--set",
        "close_dates=31.03.2026,07.04.2026",
        "--format",
        "json",
    )
    assert status == 0 and json.loads(out)["sales_cycle_result"] == 30.0
