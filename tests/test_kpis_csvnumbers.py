"""roikit.kpis.csvnumbers: number columns read again by pandas' C parser give exactly what
parse_numbers gives, and leave every column they cannot read exactly to it: a sample that
misleads, text or blanks past the first cells, currency the first cells did not show."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import roikit
from roikit.kpis import table
from roikit.kpis.csvnumbers import read_numbers
from roikit.kpis.numbers import DECIMAL_SAMPLE

ROWS = DECIMAL_SAMPLE + 2000
HEADER = ["Campaign", "Emails Sent", "Successful Deliveries", "Unique Clicks", "Revenue", "Cost"]


def _rows() -> list[list[str]]:
    rng = np.random.default_rng(17)
    rows = []
    for i in range(ROWS):
        sent = int(rng.integers(1000, 50_000))
        delivered = sent - int(rng.integers(0, 500))
        rows.append(
            [
                f"Campaign {i}",
                f'"{sent:,}"',
                f'"{delivered:,}"',
                str(delivered // 20),
                f'"${rng.uniform(0, 50_000):,.2f}"',
                f'"${rng.uniform(10, 5_000):,.2f}"',
            ]
        )
    return rows


def _write(path, rows, header=HEADER, separator=","):
    lines = [separator.join(header), *(separator.join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _changed(**cells):
    """The rows with some cells changed: ``{"r6500c1": '"1,5"'}`` (row 6500, column 1)."""
    rows = _rows()
    for where, text in cells.items():
        row, column = where[1:].split("c")
        rows[int(row)][int(column)] = text
    return rows


def _results(path, monkeypatch):
    """The result with the C parser's second read, which columns it gave, and the result of
    parse_numbers alone."""
    used: list[str] = []

    def spy(*args):
        found = read_numbers(*args)
        used.extend(found)
        return found

    monkeypatch.setattr(table, "read_numbers", spy)
    fast = roikit.kpis(path, margin=0.25)
    monkeypatch.setattr(table, "read_numbers", lambda *args: {})
    slow = roikit.kpis(path, margin=0.25)
    return fast, sorted(used), slow


def _assert_same(fast, slow):
    pd.testing.assert_frame_equal(fast.table, slow.table, check_exact=True)
    for column in fast.table.select_dtypes("float").columns:
        assert np.array_equal(np.signbit(fast.table[column]), np.signbit(slow.table[column]))
    assert [str(p) for p in fast.row_problems] == [str(p) for p in slow.row_problems]
    assert fast.notes == slow.notes
    assert fast.report() == slow.report()


NUMBERS = ["Cost", "Emails Sent", "Revenue", "Successful Deliveries"]


def test_a_plain_export_is_read_by_the_c_parser(tmp_path, monkeypatch):
    fast, used, slow = _results(_write(tmp_path / "export.csv", _rows()), monkeypatch)
    assert used == NUMBERS
    _assert_same(fast, slow)


@pytest.mark.parametrize(
    ("cells", "read_in_c"),
    [
        # the first rows look like "1,234" thousands, a later one is a decimal comma: every
        # cell of the column reads with a decimal comma, in C as by parse_numbers
        ({"r6500c1": '"1,5"'}, NUMBERS),
        # a later decimal point: the column's "1,234" are thousands, as the sample said
        ({"r6000c2": '"1,234.5"'}, NUMBERS),
        # text, dashes and n/a past the first cells: parse_numbers names them
        ({"r6500c2": "n/a", "r6600c4": "--", "r6700c5": "abc"}, ["Emails Sent"]),
        # blanks: NaN either way
        ({"r10c4": "", "r6500c1": "", "r6501c5": ""}, NUMBERS),
        # what the sample did not show: brackets, percentages, a minus sign, spaces, zeros
        (
            {"r6100c5": '"($1,234.50)"', "r6200c4": "12 %", "r6300c1": "−5", "r6400c2": "-0"},
            ["Emails Sent", "Successful Deliveries"],
        ),
        # an infinity is no amount (parse_numbers names it): the C parser's column is not taken
        (
            {"r6401c5": "$-0", "r6402c4": " 5 ", "r6403c5": "inf", "r6404c4": "1e5"},
            ["Emails Sent", "Revenue", "Successful Deliveries"],
        ),
        ({"r6405c4": "nan"}, ["Cost", "Emails Sent", "Successful Deliveries"]),
        # a thousands separator out of its groups of three, past the first cells or among
        # them: pandas would read "$12,34" as 1234, parse_numbers reads no number
        ({"r6500c4": '"$12,34"'}, ["Cost", "Emails Sent", "Successful Deliveries"]),
        ({"r10c5": '"$1,2345.00"'}, ["Emails Sent", "Revenue", "Successful Deliveries"]),
        ({"r6600c2": '"1,23,456"'}, ["Cost", "Emails Sent", "Revenue"]),
        # a quote right after a currency sign: "$" becomes a space, which starts no quoted
        # field where "$" started none
        ({"r50c0": '"$""quoted, name"" here"'}, NUMBERS),
    ],
)
def test_the_c_parser_gives_what_parse_numbers_gives(tmp_path, monkeypatch, cells, read_in_c):
    path = _write(tmp_path / "export.csv", _changed(**cells))
    fast, used, slow = _results(path, monkeypatch)
    assert used == read_in_c
    _assert_same(fast, slow)


def test_blank_and_total_rows_are_left_out_of_the_c_parsers_numbers(tmp_path, monkeypatch):
    rows = _rows()
    rows.insert(3000, [""] * 6)
    rows.insert(4000, ["Total", '"1,000"', "900", "1", "$5.00", "$1.00"])
    rows.insert(6000, ["", "", "5", "", "", ""])
    fast, used, slow = _results(_write(tmp_path / "export.csv", rows), monkeypatch)
    assert used == NUMBERS
    _assert_same(fast, slow)
    assert any("left out total row(s) 4002 ('Total')" in note for note in fast.notes)


def _polish(cost: str = "PLN {}") -> list[list[str]]:
    rng = np.random.default_rng(5)
    rows = []
    for i in range(ROWS):
        sent = int(rng.integers(1000, 50_000))
        money = f"{rng.uniform(10, 5_000):,.2f}".replace(",", " ").replace(".", ",")
        rows.append([f"Kampania {i}", str(sent), str(sent - 10), cost.format(money)])
    return rows


POLISH = ["Kampania", "Wysłane", "Dostarczone", "Koszt"]


def test_a_currency_code_is_taken_out_only_of_columns_that_show_it(tmp_path, monkeypatch):
    rows = _polish()
    for row in rows:
        row[1] = f"{int(row[1]):,}".replace(",", " ")
    rows[6500][1] = "5PLN"  # parse_numbers finds no code PLN in "5PLN": no number
    path = _write(tmp_path / "eksport.csv", rows, POLISH, ";")
    fast, used, slow = _results(path, monkeypatch)
    assert used == ["Koszt"]  # "Wysłane" holds PLN where parse_numbers takes none out
    _assert_same(fast, slow)
    assert "'Wysłane', row 6502: is not a number (e.g. '5PLN')" in fast.report()


def test_a_second_currency_code_past_the_first_cells(tmp_path, monkeypatch):
    rows = _polish()
    rows[6000][3] = "5 USD"
    fast, used, slow = _results(_write(tmp_path / "e.csv", rows, POLISH, ";"), monkeypatch)
    assert used == []
    _assert_same(fast, slow)


def test_russian_amounts_are_read_by_the_c_parser(tmp_path, monkeypatch):
    rows = _polish("{} руб.")
    rows[6000][3] = "12 500 р."  # a word the first cells did not show: parse_numbers reads it
    path = tmp_path / "рассылки.csv"
    lines = [";".join(["Рассылка", "Отправлено", "Доставлено", "Расходы"])]
    lines += [";".join(row).replace(" ", "\u00a0").replace("\u00a0руб", " руб") for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1251"))
    fast, used, slow = _results(path, monkeypatch)
    assert used == []  # the column with "р." is parse_numbers'; the counts were numbers already
    _assert_same(fast, slow)
    rows[6000][3] = "12 500 руб."
    lines = [lines[0]]
    lines += [";".join(row).replace(" ", "\u00a0").replace("\u00a0руб", " руб") for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1251"))
    fast, used, slow = _results(path, monkeypatch)
    assert used == ["Расходы"]
    _assert_same(fast, slow)


def _russian(rows, spaces="\u00a0", late=None):
    """Russian Excel's lines: thousands in ``spaces``, " руб." after amounts; then the cells
    ``late`` names (``{"r6500c3": "1 234,56 руб."}``) as they are written."""
    rows = [
        [cell.replace(" ", spaces).replace(f"{spaces}руб", " руб") for cell in row] for row in rows
    ]
    for where, text in (late or {}).items():
        row, column = where[1:].split("c")
        rows[int(row)][int(column)] = text
    lines = [";".join(["Рассылка", "Отправлено", "Доставлено", "Расходы"])]
    return "\n".join(lines + [";".join(row) for row in rows]) + "\n"


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8"])
def test_a_quote_after_a_word_taken_out_leaves_the_file_to_parse_numbers(
    tmp_path, monkeypatch, encoding
):
    rows = _polish("{} руб.")
    path = tmp_path / "рассылки.csv"
    # taking "руб." out would start a quoted field
    late = {"r40c0": '"Акция 1 000 руб.""Весна"""'}
    path.write_bytes(_russian(rows, late=late).encode(encoding))
    fast, used, slow = _results(path, monkeypatch)
    assert used == []
    _assert_same(fast, slow)


ANY = ["cp1251", "utf-8"]


@pytest.mark.parametrize(
    ("spaces", "late", "encodings"),
    [
        # no-break spaces between thousands, a space before "руб.": read in C in both encodings
        ("\u00a0", {}, ANY),
        # a late cell with a space inside the number where the first cells had spaces only
        # before "руб.": no number to the C parser, so the column is parse_numbers'
        ("\u00a0", {"r6500c3": "1 234,56 руб."}, []),
        # the first cells showed no-break spaces only between digits, a later cell at its end:
        # cut out of UTF-8 (two bytes), it is a thousands mark there in cp1251 (one byte),
        # where the C parser reads no number
        ("\u00a0", {"r6500c3": "1234,56\u00a0"}, ["utf-8"]),
        # ordinary spaces between thousands and before "руб.": taken out of the whole file
        (" ", {}, ANY),
        # a late "1.234,56" where the first cells showed no-break spaces between thousands:
        # cut out of UTF-8, "." is the thousands mark the C parser skips; in cp1251 the
        # no-break space is, and "." stops it
        ("\u00a0", {"r6500c3": "1.234,56 руб."}, ["utf-8"]),
        ("\u00a0", {"r6500c3": "1\u00a0234.567,5 руб."}, ["utf-8"]),
        # the first cells show both marks: the no-break space becomes "." in the file
        ("\u00a0", {"r10c3": "1.234,56 руб.", "r6500c3": "1\u00a0234.567,5 руб."}, ANY),
    ],
)
@pytest.mark.parametrize("encoding", ANY)
def test_spaces_in_russian_amounts(tmp_path, monkeypatch, encoding, spaces, late, encodings):
    path = tmp_path / "рассылки.csv"
    path.write_bytes(_russian(_polish("{} руб."), spaces, late).encode(encoding))
    fast, used, slow = _results(path, monkeypatch)
    assert used == (["Расходы"] if encoding in encodings else [])
    _assert_same(fast, slow)


@pytest.mark.parametrize(
    ("late", "read_in_c"),
    [
        ({}, ["Dostarczone", "Wysłane"]),
        # the space is the C parser's thousands mark: after digits too, as parse_numbers reads
        ({"r6500c1": "12 500 "}, ["Dostarczone", "Wysłane"]),
        # and before them (skipped as a space); "." then is no number to it
        ({"r6500c1": " 12 500", "r6600c2": "1.234"}, ["Wysłane"]),
    ],
)
def test_spaces_between_thousands_are_the_c_parsers_thousands_mark(
    tmp_path, monkeypatch, late, read_in_c
):
    rows = _polish("{}zł")  # spaces only between digits
    for row in rows:
        row[1], row[2] = (f"{int(cell):,}".replace(",", " ") for cell in row[1:3])
    for where, text in late.items():
        row, column = where[1:].split("c")
        rows[int(row)][int(column)] = text
    path = _write(tmp_path / "eksport.csv", rows, POLISH, ";")
    fast, used, slow = _results(path, monkeypatch)
    assert used == sorted(["Koszt", *read_in_c])
    _assert_same(fast, slow)


def _russian_export(tmp_path, encoding, changed):
    """A Russian export of ROWS campaigns (no-break spaces, "руб."), some lines replaced."""
    rows = ["Кампания;Отправлено;Доставлено;Доход;Расходы, руб."]
    rows += [f"К{i};12\u00a0345;12\u00a0000;1\u00a0234,56 руб.;1\u00a0000,5" for i in range(ROWS)]
    for line, text in changed.items():
        rows[line] = text
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8"])
@pytest.mark.parametrize("at", [10, DECIMAL_SAMPLE + 500])
def test_a_decimal_comma_column_with_12_34_is_left_to_parse_numbers(
    tmp_path, monkeypatch, encoding, at
):
    path = _russian_export(
        tmp_path,
        encoding,
        {
            at + 1: f"К{at};12\u00a0345;12\u00a0000;12.34;1\u00a0000,5",
            at + 2: f"К{at + 1};12\u00a0345;1.2.3;1\u00a0234,56;10\u00a000,5",
        },
    )
    fast, used, slow = _results(path, monkeypatch)
    assert used == ["Отправлено"]
    _assert_same(fast, slow)
    reasons = {p.kpi: p.rows for p in fast.row_problems if "groups thousands" in p.reason}
    assert reasons["'Доход'"] == [at + 2] and reasons["'Расходы, руб.'"] == [at + 3]
    # among the first cells, "1.2.3" shows a decimal point to the column: no number either way
    assert {p.kpi: p.rows for p in fast.row_problems}["'Доставлено'"] == [at + 3]


@pytest.mark.parametrize(
    "text",
    [
        *("12/05/2026", "12:30", "inf", "12$34", "1\u00a0234 руб. 56", "0.837", "1\u00a0\u00a0234"),
        *("1\u00a0322e0", "1\u00a0234 руб. руб. 56"),
    ],
)
@pytest.mark.parametrize("at", [10, DECIMAL_SAMPLE + 500])
def test_a_date_time_infinity_or_broken_amount_is_no_number_on_either_path(
    tmp_path, monkeypatch, text, at
):
    path = _russian_export(
        tmp_path, "cp1251", {at + 1: f"К{at};12\u00a0345;12\u00a0000;{text};1\u00a0000,5"}
    )
    fast, _, slow = _results(path, monkeypatch)
    _assert_same(fast, slow)
    assert {p.kpi: p.rows for p in fast.row_problems}["'Доход'"] == [at + 2]
    assert fast.table["romi"].isna().sum() == 1
