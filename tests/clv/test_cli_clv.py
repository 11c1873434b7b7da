"""``roikit clv fit``: the parameters on stdout (text or JSON), the customers' summary and the
parameters written into a workbook's named inputs."""

from __future__ import annotations

import json

import pytest

from roikit.cli import main
from tests.clv.conftest import CALIBRATION_END, pd


@pytest.fixture(scope="module")
def transactions(tmp_path_factory, cdnow):
    path = tmp_path_factory.mktemp("clv") / "transactions.csv"
    cdnow.to_csv(path, index=False)
    return path


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_has_the_parameters_as_keys(capsys, transactions):
    status, out, err = run(
        capsys, "clv", "fit", transactions, "--calibration-end", CALIBRATION_END, "--format", "json"
    )
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert list(result)[:7] == ["r", "alpha", "a", "b", "p", "q", "v"]
    assert round(result["r"], 3) == 0.243 and round(result["p"], 2) == 6.25
    assert set(result["standard_errors"]) == {"r", "alpha", "a", "b", "p", "q", "v"}
    assert (result["unit"], result["customers"], result["repeat_customers"]) == ("weeks", 2357, 946)


def test_without_amounts_only_bgnbd_and_days_scale_alpha(capsys, transactions):
    argv = ["clv", "fit", transactions, "--calibration-end", CALIBRATION_END, "--format", "json"]
    status, out, _ = run(capsys, *argv, "--no-amount", "--unit", "days")
    result = json.loads(out)
    assert status == 0 and "p" not in result
    assert result["alpha"] == pytest.approx(4.4136 * 7, rel=1e-3)  # alpha is a time scale
    assert result["r"] == pytest.approx(0.2426, rel=1e-3)


def test_text_shows_standard_errors_and_what_was_left_out(capsys, transactions):
    status, out, _ = run(capsys, "clv", "fit", transactions, "--calibration-end", CALIBRATION_END)
    assert status == 0
    assert "standard error" in out
    assert "1959 row(s) after the calibration end 1997-09-30 left out" in out


def test_customers_summary_and_workbook_inputs(capsys, transactions, tmp_path):
    from roikit import open as open_book
    from roikit.templates import write

    template = write("customer_value", tmp_path / "customer_value.xlsx")
    before = template.read_bytes()
    fitted = tmp_path / "fitted.xlsx"
    summary = tmp_path / "customers.csv"
    argv = ["clv", "fit", transactions, "--calibration-end", CALIBRATION_END]
    status, _, err = run(
        capsys, *argv, "--customers", summary, "--workbook", template, "-o", fitted
    )
    assert (status, err) == (0, "")
    assert template.read_bytes() == before  # never over the source without --in-place
    assert summary.read_text().splitlines()[:2] == [
        "customer_id,frequency,recency,age,avg_value",
        "1,2.0,30.428571428571427,38.857142857142854,22.345",
    ]
    book = open_book(fitted)
    assert round(book.get("bgnbd_r"), 4) == 0.2426
    assert round(book.get("gg_v"), 2) == 15.44


def test_nothing_given_to_a_fit_is_written_over(capsys, transactions, tmp_path):
    """-o with the transactions' name had saved the workbook over them; --customers with the
    workbook's would write the summary over it."""
    from roikit.templates import write

    template = write("customer_value", tmp_path / "customer_value.xlsx")
    before = transactions.read_bytes(), template.read_bytes()
    argv = ["clv", "fit", transactions, "--workbook", template]
    for extra, option in (
        (["-o", transactions], "-o"),
        (["--customers", transactions, "--in-place"], "--customers"),
        (["--customers", template, "--in-place"], "--customers"),
    ):
        status, _, err = run(capsys, *argv, *extra)
        assert status == 2 and f"{option} {extra[1]}: that is an input" in err
    assert (transactions.read_bytes(), template.read_bytes()) == before


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--workbook", "x.xlsx"], "--workbook needs -o"),
        (["-o", "x.xlsx"], "give it with --workbook"),
    ],
)
def test_bad_options_are_one_line_and_status_2(capsys, transactions, extra, message):
    status, out, err = run(capsys, "clv", "fit", transactions, *extra)
    assert status == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_a_missing_file_is_status_2(capsys, tmp_path):
    status, _, err = run(capsys, "clv", "fit", tmp_path / "none.csv")
    assert status == 2 and "no such file" in err


def test_cdnow_saved_by_russian_excel_gives_the_same_fit(capsys, transactions, cdnow, tmp_path):
    """cp1251, semicolons, day-first dates with dots, amounts as "1 234,56 руб.": every date
    and amount read as the ISO file's (a month-first reading of 03.12.1997 moved 40 % of the
    dates silently)."""
    dates = pd.to_datetime(cdnow["date"].astype(str), format="%Y%m%d")
    amounts = cdnow["amount"].map(lambda value: f"{value:,.2f}".replace(",", "\u00a0"))
    russian = pd.DataFrame(
        {
            "Клиент": cdnow["customer_id"],
            "Дата": dates.dt.strftime("%d.%m.%Y"),
            "Сумма": amounts.str.replace(".", ",", regex=False) + " руб.",
        }
    )
    path = tmp_path / "заказы.csv"
    path.write_bytes(russian.to_csv(index=False, sep=";").encode("cp1251"))
    argv = ["--calibration-end", CALIBRATION_END, "--format", "json"]
    status, out, err = run(capsys, "clv", "fit", path, *argv)
    assert (status, err) == (0, "")
    status, iso, _ = run(capsys, "clv", "fit", transactions, *argv)
    assert json.loads(out) == json.loads(iso)


@pytest.mark.parametrize(
    ("dates", "first"),
    [
        (["03.12.1997", "25.12.1997"], True),  # dots: the day first, as wherever they are used
        (["12/25/1997", "03/04/1997"], False),  # a month past the 12th shows it
        (["25/12/1997", "03/04/1997"], True),
        (["1997-03-04", "1997-12-25"], None),  # ISO: no question
    ],
)
def test_the_dates_say_which_comes_first(dates, first):
    from roikit.fit.summary import day_first

    assert day_first(pd.Series(dates)) is first


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (["03/04/1997", "05/06/1997"], r"could put the day or the month first.*--dayfirst"),
        (["25.12.1997", "12.25.1997"], r"day first in some rows \(25\.12\.1997\) and the month"),
    ],
)
def test_dates_that_do_not_say_are_not_guessed(capsys, tmp_path, dates, message):
    import re

    path = tmp_path / "ambiguous.csv"
    path.write_text("customer,date\n" + "".join(f"A,{date}\n" for date in dates))
    status, out, err = run(capsys, "clv", "fit", path)
    assert status == 2 and out == "" and re.search(message, err)
    status, out, err = run(capsys, "clv", "fit", path, "--dayfirst")
    assert "could put the day or the month first" not in err


def test_a_workbook_of_transactions_gives_the_csvs_fit(capsys, transactions, cdnow, tmp_path):
    """Dates as Excel dates, amounts as numbers, on a workbook's first sheet."""
    frame = cdnow.assign(date=pd.to_datetime(cdnow["date"].astype(str), format="%Y%m%d"))
    path = tmp_path / "orders.xlsx"
    frame.to_excel(path, index=False)
    argv = ["--calibration-end", CALIBRATION_END, "--format", "json"]
    status, out, err = run(capsys, "clv", "fit", path, *argv)
    assert (status, err) == (0, "")
    status, from_csv, _ = run(capsys, "clv", "fit", transactions, *argv)
    assert json.loads(out) == json.loads(from_csv)
