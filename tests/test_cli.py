"""The command line: results on stdout, one-line errors and exit status 2 on bad input."""

from __future__ import annotations

import pytest

from roikit.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_calc_romi_with_cost_lines(capsys):
    assert run(capsys, "calc", "ROMI", "558800", "0.25", "13500", "50000") == (0, "1.2\n", "")


def test_calc_reads_percentages(capsys):
    status, out, _ = run(capsys, "calc", "romi", "558800", "25%", "63500")
    assert (status, out) == (0, "1.2\n")


def test_calc_bad_margin_is_one_line_and_status_2(capsys):
    status, out, err = run(capsys, "calc", "ROMI", "558800", "25", "63500")
    assert status == 2
    assert out == ""
    assert (
        err == "roikit: error: #NUM! margin must be between 0 and 1 (write 25% or 0.25), got 25\n"
    )


def test_calc_unknown_function_is_status_2(capsys):
    status, _, err = run(capsys, "calc", "NOSUCHKPI", "1")
    assert status == 2
    assert "no roikit function 'NOSUCHKPI'" in err


def test_calc_sales_cycle_takes_comma_separated_dates(capsys):
    status, out, _ = run(
        capsys, "calc", "SALES_CYCLE", "2024-01-01,2024-01-11,2024-02-01", "2024-01-31,2024-02-10,"
    )
    assert (status, out) == (0, "30\n")


def test_calc_boolean_prints_like_excel(capsys):
    assert run(capsys, "calc", "AB_SIGNIFICANT", "200", "10000", "250", "10000")[1] == "TRUE\n"


def test_functions_lists_every_category(capsys):
    status, out, _ = run(capsys, "functions")
    assert status == 0
    for category in ("Money", "Acquisition", "Email", "A/B tests"):
        assert category in out
    assert "ROMI(revenue, margin, costs)" in out


def test_functions_markdown_to_stdout(capsys):
    status, out, _ = run(capsys, "functions", "--markdown")
    assert status == 0
    assert out.startswith("# roikit function reference")


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
