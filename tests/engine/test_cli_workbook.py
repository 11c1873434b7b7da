"""``roikit recalc``, ``inspect`` and ``batch``: results on stdout, one-line errors, status 2."""

from __future__ import annotations

import json

import pytest

import roikit
from roikit.cells import CellError
from roikit.cli import main


def run(capsys, *argv):
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_recalc_prints_the_outputs_as_a_table(capsys, email_book):
    status, out, _ = run(capsys, "recalc", email_book)
    assert status == 0
    assert "romi         1.2\n" in out
    assert "verdict      pays\n" in out


def test_the_table_shows_numbers_as_excel_does_and_csv_keeps_every_digit(capsys, email_book):
    """ROMI at revenue 600,000 is 1.3622047244094488: Excel's formula bar shows 15 digits."""
    status, out, _ = run(capsys, "recalc", email_book, "--set", "revenue=600000")
    assert status == 0 and "romi         1.36220472440945\n" in out
    _, out, _ = run(capsys, "recalc", email_book, "--set", "revenue=600000", "--format", "csv")
    assert "romi,1.3622047244094488\n" in out


def test_recalc_sets_inputs_and_prints_json(capsys, email_book):
    status, out, _ = run(
        capsys,
        "recalc",
        email_book,
        "--set",
        "revenue=100000",
        "--set",
        "margin=40%",
        "--format",
        "json",
    )
    assert status == 0
    assert json.loads(out)["romi"] == pytest.approx((40000 - 63500) / 63500)


def test_recalc_errors_print_as_codes_in_csv_with_the_reason_on_stderr(capsys, email_book):
    status, out, err = run(capsys, "recalc", email_book, "--set", "margin=25", "--format", "csv")
    assert status == 0
    assert "romi,#NUM!\n" in out
    assert "roikit: note: ROMI: margin must be between 0 and 1 (write 25% or 0.25), got 25\n" in err


def test_recalc_writes_out_and_leaves_the_book(capsys, email_book, tmp_path):
    original = email_book.read_bytes()
    status, _, err = run(
        capsys, "recalc", email_book, "--set", "revenue=1", "-o", tmp_path / "o.xlsx"
    )
    assert (status, err) == (0, f"wrote {tmp_path / 'o.xlsx'}\n")
    assert email_book.read_bytes() == original
    assert run(capsys, "recalc", email_book, "--set", "revenue=1", "--in-place")[0] == 0
    assert email_book.read_bytes() != original


@pytest.mark.parametrize(
    ("make", "argv", "message"),
    [
        (None, ["--set", "revnue=1"], "has no name 'revnue'; its inputs: campaign, clicks, costs"),
        (
            None,
            ["--set", "revenue=lots"],
            "revenue (Inputs!B1) takes a number, got the text 'lots'",
        ),
        (None, ["--set", "revenue"], "--set takes NAME=VALUE, got 'revenue'"),
        (lambda p: p.write_text("a,b\n1,2\n"), [], "is not an .xlsx workbook (not a zip package"),
        (
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
            [],
            "legacy .xls",
        ),
        (
            lambda p: p.write_bytes(
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le")
            ),
            [],
            "is password-protected (encrypted)",
        ),
    ],
)
def test_bad_input_is_one_line_and_status_2(capsys, email_book, make, argv, message):
    if make is not None:
        make(email_book)
    status, out, err = run(capsys, "recalc", email_book, *argv)
    assert (status, out) == (2, "")
    assert err.startswith("roikit: error: ") and err.count("\n") == 1
    assert message in err


def test_missing_book_is_status_2(capsys, tmp_path):
    status, _, err = run(capsys, "recalc", tmp_path / "nope.xlsx")
    assert (status, err) == (2, f"roikit: error: no such workbook: {tmp_path / 'nope.xlsx'}\n")


def test_ods_is_refused_with_advice(capsys, tmp_path):
    import zipfile

    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    status, _, err = run(capsys, "recalc", path)
    assert status == 2
    assert "OpenDocument spreadsheet (.ods); save it as .xlsx first" in err


def test_inspect_lists_inputs_outputs_and_engine_support(capsys, email_book):
    status, out, _ = run(capsys, "inspect", email_book)
    assert status == 0
    rows = [line.split() for line in out.splitlines()]
    assert ["revenue", "Inputs!B1", "558800"] in rows
    assert ["costs", "Inputs!B3:B5", "13500,", "50000,"] in rows
    assert ["romi", "Results!B1", "=ROMI(revenue,margin,costs)"] in rows
    assert ["ROMI", "yes", "yes", "NO"] in rows  # IronCalc only as a named LAMBDA


def test_batch_runs_one_row_per_scenario(capsys, email_book, tmp_path):
    scenarios = tmp_path / "scenarios.csv"
    scenarios.write_text("revenue,margin\n558800,25%\n100000,0.4\n")
    status, _, _ = run(capsys, "batch", email_book, scenarios, "-o", tmp_path / "results.csv")
    assert status == 0
    lines = (tmp_path / "results.csv").read_text().splitlines()
    assert lines[0] == "revenue,margin,ctor,ctr,roi,romi,total_costs,verdict"
    assert lines[1].startswith("558800,25%,0.12,0.03,7.8,1.2,63500,pays")
    assert lines[2].split(",")[5] == repr((40000 - 63500) / 63500)


def test_batch_unknown_column_is_status_2(capsys, email_book, tmp_path):
    scenarios = tmp_path / "scenarios.csv"
    scenarios.write_text("revnue\n1\n")
    status, _, err = run(capsys, "batch", email_book, scenarios)
    assert status == 2
    assert "no name 'revnue'" in err


def test_recalc_fills_a_range_input_from_commas(capsys, email_book):
    status, out, _ = run(
        capsys, "recalc", email_book, "--set", "costs=30000,33500", "--format", "csv"
    )
    assert status == 0
    assert "total_costs,63500\n" in out


def test_circular_reference_is_named_and_the_rest_saved(capsys, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "=B1+1"
    workbook.active["B1"] = "=A1*2"
    workbook.active["C1"] = "=2+2"
    workbook.save(tmp_path / "loop.xlsx")
    status, _, err = run(capsys, "recalc", tmp_path / "loop.xlsx", "-o", tmp_path / "out.xlsx")
    assert status == 0
    assert "circular reference: Sheet!A1, Sheet!B1 depend on each other" in err
    saved = roikit.open(tmp_path / "out.xlsx")
    assert saved.package.cached_value("Sheet", "C1") == 4
    assert saved.package.cached_value("Sheet", "A1") == CellError("#VALUE!")


def test_an_output_that_cannot_be_calculated_still_says_the_workbook_was_written(capsys, tmp_path):
    from tests.helpers import corpus

    book = corpus.unknown_function_upstream(tmp_path)
    status, out, err = run(capsys, "recalc", book, "-o", tmp_path / "out.xlsx")
    lines = err.splitlines()
    assert status == 1
    assert out == "result  #NAME?\n"
    assert lines[0].startswith("roikit: error: Data!C1 is #NAME?") and "TROUND" in lines[0]
    assert lines[-1] == f"wrote {tmp_path / 'out.xlsx'}"
    assert roikit.open(tmp_path / "out.xlsx").package.cached_value("Data", "A1") == 1


def test_an_output_that_cannot_be_calculated_leaves_the_others_printed(capsys, tmp_path):
    """A workbook saved with a VBA add-in's functions: the outputs that do not depend on them
    are printed all the same, the others as the #NAME? their cells hold, with why."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet["A1"], sheet["B1"], sheet["C1"], sheet["D1"] = 2, "=TROUND(A1)", "=B1", "=A1*21"
    for name, cell in {"broken": "$C$1", "double": "$D$1", "circle": "$E$1"}.items():
        workbook.defined_names[name] = openpyxl.workbook.defined_name.DefinedName(
            name, attr_text=f"Data!{cell}"
        )
    sheet["E1"], sheet["F1"] = "=F1+1", "=E1"
    workbook.save(tmp_path / "macros.xlsx")
    for form in ("table", "json", "csv"):
        status, out, err = run(capsys, "recalc", tmp_path / "macros.xlsx", "--format", form)
        assert status == 1
        if form == "table":
            assert out.splitlines() == ["broken  #NAME?", "circle  #VALUE!", "double  42"]
        elif form == "json":
            assert json.loads(out) == {
                "broken": {"error": "#NAME?"},
                "circle": {"error": "#VALUE!"},
                "double": 42,
            }
        else:
            assert out.splitlines()[1:] == ["broken,#NAME?", "circle,#VALUE!", "double,42"]
        errors = [line for line in err.splitlines() if line.startswith("roikit: error: ")]
        assert len(errors) == 2, err
        assert "Data!C1 is #NAME?" in errors[0] and "TROUND" in errors[0]
        assert "circular reference" in errors[1]
        assert "roikit: note: " not in err  # each reason once


def _dated_book(path):
    """A date input, outputs formatted as dates (a custom code; built-in format 14, as Excel
    saves its short date), a number of days, a time of day and a percentage."""
    import datetime as dt

    import openpyxl
    from openpyxl.workbook.defined_name import DefinedName

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet["A1"] = dt.date(2026, 12, 4)
    sheet["B1"], sheet["B1"].number_format = "=A1+30", "dd.mm.yyyy"
    sheet["C1"], sheet["C1"].number_format = "=A1+31", "mm-dd-yy"  # built-in 14
    sheet["D1"] = "=B1-A1"
    sheet["E1"], sheet["E1"].number_format = "=0.5+0", "h:mm"
    sheet["F1"], sheet["F1"].number_format = "=ROMI(558800,0.25,63500)", "0%"
    for name, cell in {"due": "B1", "paid": "C1", "days": "D1", "noon": "E1", "romi": "F1"}.items():
        workbook.defined_names[name] = DefinedName(name, attr_text=f"Data!${cell[0]}${cell[1]}")
    workbook.save(path)
    return path


def test_an_output_formatted_as_a_date_prints_as_the_date_not_its_serial(capsys, tmp_path):
    """Excel shows 03.01.2027 in a cell formatted as a date, not the serial 46390: the date is
    printed (ISO, which reads back as a date in any language); a number of days, a time of day
    and a percentage stay numbers."""
    book = _dated_book(tmp_path / "dates.xlsx")
    status, out, _ = run(capsys, "recalc", book)
    assert status == 0
    assert "due   2027-01-03\n" in out and "paid  2027-01-04\n" in out
    assert "days  30\n" in out and "noon  0.5\n" in out and "romi  1.2\n" in out
    _, out, _ = run(capsys, "recalc", book, "--format", "json")
    assert json.loads(out) == {
        "days": 30.0,
        "due": "2027-01-03",
        "noon": 0.5,
        "paid": "2027-01-04",
        "romi": 1.2,
    }
    _, out, _ = run(capsys, "recalc", book, "--set", "Data!A1=2027-02-01", "--format", "csv")
    assert "due,2027-03-03\n" in out
    scenarios = tmp_path / "scenarios.csv"
    scenarios.write_text("Data!A1\n2026-12-04\n01.02.2027\n")
    status, out, _ = run(capsys, "batch", book, scenarios)
    assert status == 0
    assert out.splitlines()[1:] == [
        "2026-12-04,30,2027-01-03,0.5,2027-01-04,1.2",
        "01.02.2027,30,2027-03-03,0.5,2027-03-04,1.2",
    ]
