"""``roikit batch`` in parallel: local processes and a Dask cluster (2 workers on loopback) give
the same results, in the same order, as one process; a failed scenario or workbook is reported
and the rest go on."""

from __future__ import annotations

import csv
import io
import logging
import math
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from roikit.cli import main
from roikit.engine import batch
from tests.helpers.workbooks import email_month

SCENARIOS = "revenue,margin\n" + "".join(f"{100000 + 50000 * i},0.{20 + i}\n" for i in range(12))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch")
    email_month(root / "email_month.xlsx")
    (root / "scenarios.csv").write_text(SCENARIOS)
    return root


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A Dask cluster of 2 worker processes, one thread each, on loopback only."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_chunks_cover_every_scenario_once_shrinking_toward_the_end() -> None:
    parts = batch.chunks(1000, 2)
    assert [i for part in parts for i in part] == list(range(1000))
    sizes = [len(part) for part in parts]
    assert sizes[:4] == [250, 188, 141, 106]  # half of what is left, over 2 workers
    assert sizes == sorted(sizes, reverse=True) and sizes[-2:] == [8, 6]
    assert batch.chunks(0, 2) == []
    assert [len(part) for part in batch.chunks(5, 4)] == [5]
    assert max(len(part) for part in batch.chunks(100_000, 2)) == batch.MAX_CHUNK


def test_two_processes_give_what_one_gives_in_order(folder: Path) -> None:
    scenarios = [{"revenue": 100000.0 + 1000 * i, "margin": 0.25} for i in range(30)]
    one = list(batch.run_scenarios(folder / "email_month.xlsx", scenarios))
    two = list(batch.run_scenarios(folder / "email_month.xlsx", scenarios, workers=2))
    assert [o.index for o in two] == list(range(30))
    assert [o.values for o in two] == [o.values for o in one]
    assert one[0].values["romi"] == pytest.approx((100000 * 0.25 - 63500) / 63500)


def test_a_failed_scenario_is_reported_and_the_rest_go_on(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenarios = tmp_path / "scenarios.csv"
    scenarios.write_text("revenue,margin\n558800,25%\nlots,25%\n100000,0.4\n")
    status, out, err = run(capsys, "batch", folder / "email_month.xlsx", scenarios)
    assert status == 1
    assert f"{scenarios} line 3: revenue" in err and "takes a number" in err
    table = rows(out)
    assert [row["revenue"] for row in table] == ["558800", "lots", "100000"]
    assert table[0]["romi"] == "1.2" and table[1]["romi"] == "" and table[2]["romi"] != ""


def test_scenarios_as_russian_excel_saves_them_and_a_comma_its_column_explains(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    russian = tmp_path / "сценарии.csv"  # cp1251, semicolons, no-break spaces, decimal commas
    russian.write_bytes("revenue;margin\n558\u00a0800;25 %\n600\u00a0000,50;0,3\n".encode("cp1251"))
    status, out, err = run(capsys, "batch", folder / "email_month.xlsx", russian)
    assert (status, err) == (0, "")
    assert rows(out)[0]["romi"] == "1.2"
    american = tmp_path / "scenarios.csv"  # "558,800" is 558800: "600,000.50" shows the mark
    american.write_text('revenue,margin\n"558,800",0.25\n"600,000.50",0.3\n')
    status, again, _ = run(capsys, "batch", folder / "email_month.xlsx", american)
    assert status == 0
    assert [row["romi"] for row in rows(again)] == [row["romi"] for row in rows(out)]
    hinted = tmp_path / "hinted.csv"  # Excel's "sep=" line first, and a byte-order mark
    hinted.write_bytes("sep=;\r\nrevenue;margin\r\n558 800;0,25\r\n".encode("utf-8-sig"))
    status, out, err = run(capsys, "batch", folder / "email_month.xlsx", hinted)
    assert (status, err) == (0, "")
    assert rows(out)[0]["romi"] == "1.2"


def test_a_first_column_of_labels_is_carried_to_the_results_not_set(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a Polish user writes a scenarios file in Excel: names of the scenarios first, amounts
    with their currency, cp1250. A column of numbers the workbook lacks stays an error."""
    polish = tmp_path / "scenariusze.csv"
    polish.write_bytes(
        "scenariusz;revenue;margin\r\nbazowy;558 800,00 zł;25%\r\nlepszy;600 000,50 zł;30%\r\n".encode(
            "cp1250"
        )
    )
    status, out, err = run(capsys, "batch", folder / "email_month.xlsx", polish)
    assert status == 0
    assert "column 'scenariusz' names no input of the workbook" in err
    table = rows(out)
    assert [row["scenariusz"] for row in table] == ["bazowy", "lepszy"]
    assert table[0]["revenue"] == "558 800,00 zł" and table[0]["romi"] == "1.2"
    misspelt = tmp_path / "misspelt.csv"
    misspelt.write_text("revnue,margin\n558800,0.25\n")
    status, _, err = run(capsys, "batch", folder / "email_month.xlsx", misspelt)
    assert status == 2 and "has no name 'revnue'" in err
    second = tmp_path / "second.csv"  # labels only first: elsewhere a missing name is an error
    second.write_text("revenue,scenario\n558800,base\n")
    status, _, err = run(capsys, "batch", folder / "email_month.xlsx", second)
    assert status == 2 and "has no name 'scenario'" in err


def test_a_range_input_takes_its_values_as_set_takes_them(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cost lines in one cell of a scenarios file: in Russian Excel's file, '13 500; 50 000' or
    '13500,45000' in a column whose commas are decimal marks elsewhere; never one number (the
    second had read 13500.45, the first 13500.5). A value with such commas for a one-cell
    input is an error, not a number."""
    russian = tmp_path / "сценарии.csv"
    russian.write_bytes(
        "сценарий;revenue;margin;costs\r\n"
        'базовый;558 800,00;0,25;"13 500; 50 000"\r\n'
        "запятые;558 800;25%;13500,50000\r\n"
        "с пробелами;558 800;25%;13 500, 50 000\r\n"
        "одна строка;558 800;25%;63 500,00\r\n".encode("cp1251")
    )
    status, out, err = run(capsys, "batch", folder / "email_month.xlsx", russian)
    assert status == 0, err
    table = rows(out)
    assert [row["romi"] for row in table] == ["1.2"] * 4
    assert table[0]["costs"] == "13 500; 50 000"
    results = tmp_path / "results.xlsx"  # the typed cell shows the values as they were typed
    status, _, _ = run(capsys, "batch", folder / "email_month.xlsx", russian, "-o", results)
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(results).active
    assert [cell.value for cell in sheet["D"]][1:3] == ["13 500; 50 000", "13500,50000"]
    one_cell = tmp_path / "one_cell.csv"
    one_cell.write_text('revenue,margin\n"558 800, 50",0.25\n')
    status, _, err = run(capsys, "batch", folder / "email_month.xlsx", one_cell)
    assert status == 1 and "takes a number, got the text '558 800, 50'" in err


def test_results_as_a_workbook_hold_numbers_as_numbers(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    scenarios = tmp_path / "scenarios.csv"  # as Russian Excel saves it; a row that fails
    scenarios.write_bytes("revenue;margin\n558\u00a0800;25 %\nlots;0,25\n".encode("cp1251"))
    results = tmp_path / "results.xlsx"
    status, _, err = run(capsys, "batch", folder / "email_month.xlsx", scenarios, "-o", results)
    assert status == 1 and "line 3: revenue" in err
    sheet = openpyxl.load_workbook(results).active
    header, first, failed = ([cell.value for cell in row] for row in sheet.iter_rows())
    row = dict(zip(header, first, strict=True))
    assert (row["revenue"], row["margin"], row["romi"]) == (558800, 0.25, 1.2)
    assert failed[:2] == ["lots", 0.25] and set(failed[2:]) == {None}


def test_a_results_workbook_keeps_errors_text_and_dates_as_they_are(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    from roikit.cells import CellError
    from roikit.cli.results import ResultWriter

    target = tmp_path / "results.xlsx"
    typed = [CellError("#DIV/0!"), "=1+1", 1.5, True, None, dt.date(2026, 12, 3), math.inf]
    with ResultWriter(str(target)) as writer:
        writer.header(["error", "text", "number", "logical", "blank", "date", "overflow"])
        writer.row(["#DIV/0!", "'=1+1", "1.5", "TRUE", "", "2026-12-03", "inf"], typed)
    cells = next(openpyxl.load_workbook(target).active.iter_rows(min_row=2))
    assert [cell.data_type for cell in cells[:4]] == ["e", "s", "n", "b"]
    assert [cell.value for cell in cells] == [
        "#DIV/0!",
        "=1+1",
        1.5,
        True,
        None,
        dt.datetime(2026, 12, 3),
        "inf",
    ]


def test_a_dask_cluster_gives_what_one_process_gives(
    folder: Path, scheduler: str, capsys: pytest.CaptureFixture[str]
) -> None:
    book, scenarios = folder / "email_month.xlsx", folder / "scenarios.csv"
    status, alone, _ = run(capsys, "batch", book, scenarios)
    assert status == 0
    status, on_dask, _ = run(capsys, "batch", book, scenarios, "--scheduler", scheduler)
    assert status == 0
    assert on_dask == alone
    assert len(rows(on_dask)) == 12


def test_many_books_on_dask_each_saved_and_a_bad_one_reported(
    folder: Path, scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "books"
    books.mkdir()
    for name in ("client_a.xlsx", "client_b.xlsx"):
        shutil.copy(folder / "email_month.xlsx", books / name)
    (books / "broken.xlsx").write_bytes(b"not a zip")
    manifest = tmp_path / "books.txt"
    manifest.write_text("# this month's clients\nbooks/client_a.xlsx\nbooks/broken.xlsx\n")
    # a save folder that does not exist yet is made (on the worker: a cluster's disk is its own)
    saved, results = tmp_path / "saved" / "march", tmp_path / "results.parquet"
    status, _, err = run(
        capsys,
        "batch",
        "--manifest",
        manifest,
        "--books",
        books / "client_b.xlsx",
        "--save-dir",
        saved,
        "--scheduler",
        scheduler,
        "-o",
        results,
    )
    assert status == 1
    assert "broken.xlsx" in err and "1 failed" in err
    import pyarrow.parquet as pq

    table = pq.read_table(results).to_pylist()
    romi = {row["book"]: row["value"] for row in table if row["output"] == "romi"}
    assert romi == {"client_b.xlsx": "1.2", "client_a.xlsx": "1.2"}
    assert next(row["error"] for row in table if row["book"] == "broken.xlsx")
    assert sorted(path.name for path in saved.iterdir()) == ["client_a.xlsx", "client_b.xlsx"]


def test_books_with_scenarios_on_local_processes(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.xlsx"
    shutil.copy(folder / "email_month.xlsx", copy)
    status, out, _ = run(
        capsys,
        "batch",
        "--books",
        folder / "email_month.xlsx",
        copy,
        "--workers",
        "2",
        folder / "scenarios.csv",
    )
    assert status == 0
    table = [row for row in rows(out) if row["output"] == "romi"]
    assert len(table) == 24
    assert table[0]["book"] == "email_month.xlsx" and table[-1]["book"] == "copy.xlsx"
    assert table[0]["revenue"] == "100000" and table[0]["margin"] == "0.20"


def test_books_without_outputs_are_named_not_left_out_in_silence(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook with formulas but no defined name on one has nothing to show in the results:
    said, so that a user does not look for its rows (as with most real workbooks)."""
    openpyxl = pytest.importorskip("openpyxl")
    plain = openpyxl.Workbook()
    plain.active.append([2, "=A1*2"])
    plain.save(tmp_path / "plain.xlsx")
    status, out, err = run(
        capsys, "batch", "--books", folder / "email_month.xlsx", tmp_path / "plain.xlsx"
    )
    assert status == 0
    assert {row["book"] for row in rows(out)} == {"email_month.xlsx"}
    assert "1 of the workbooks have no outputs" in err and "plain.xlsx" in err


def test_an_unreachable_scheduler_is_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(batch, "CONNECT_TIMEOUT", "1s")
    status, _, err = run(
        capsys,
        "batch",
        folder / "email_month.xlsx",
        folder / "scenarios.csv",
        "--scheduler",
        "tcp://127.0.0.1:9",
    )
    assert status == 2
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in err


def test_a_workbook_cell_takes_numpys_numbers_as_numbers(tmp_path: Path) -> None:
    import numpy as np
    import openpyxl

    from roikit.cli.results import ResultWriter

    target = tmp_path / "results.xlsx"
    with ResultWriter(str(target)) as writer:
        writer.header(["count", "share"])
        writer.row(["3", "0.5"], [np.int64(3), np.float64(0.5)])
    cells = next(openpyxl.load_workbook(target).active.iter_rows(min_row=2))
    assert [(cell.value, cell.data_type) for cell in cells] == [(3, "n"), (0.5, "n")]


def test_excels_lock_files_among_the_books_are_skipped_and_said(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``clients/*.xlsx`` also matches ``~$client.xlsx`` while Excel has client.xlsx open: a
    file of a user name and padding, no workbook to fail on."""
    book = tmp_path / "client.xlsx"
    book.write_bytes((folder / "email_month.xlsx").read_bytes())
    lock = tmp_path / "~$client.xlsx"
    lock.write_bytes(b"\x05Anna Kowalska" + b" " * 140)
    status, out, err = run(capsys, "batch", "--books", lock, book)
    assert status == 0
    assert f"skipped {lock}: Excel's lock file for client.xlsx" in err
    assert {row["book"] for row in rows(out)} == {"client.xlsx"}
    status, _, err = run(capsys, "recalc", lock)
    assert status == 2 and "is Excel's lock file for client.xlsx (open in Excel)" in err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_failed_run_leaves_the_previous_results_as_they_were(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """A results file is replaced only by a complete one: a run stopped by a misspelt input
    had replaced last week's results with an empty file."""
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    results = tmp_path / f"results{suffix}"
    results.write_bytes(b"last week's results")
    misspelt = tmp_path / "misspelt.csv"
    misspelt.write_text("revnue\n1\n")
    status, _, err = run(capsys, "batch", folder / "email_month.xlsx", misspelt, "-o", results)
    assert status == 2 and "has no name 'revnue'" in err
    assert results.read_bytes() == b"last week's results"
    assert [path.name for path in tmp_path.iterdir() if ".roikit-" in path.name] == []


def test_nothing_given_to_a_run_is_written_over(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "month.xlsx"
    book.write_bytes((folder / "email_month.xlsx").read_bytes())
    scenarios = tmp_path / "scenarios.csv"
    scenarios.write_text("revenue\n600000\n")
    before = book.read_bytes(), scenarios.read_bytes()
    for output in (book, scenarios):
        status, _, err = run(capsys, "batch", book, scenarios, "-o", output)
        assert status == 2 and f"-o {output}: that is an input" in err
    status, _, err = run(capsys, "batch", "--books", book, "--save-dir", tmp_path)
    assert status == 2 and "would be saved over itself" in err
    assert (book.read_bytes(), scenarios.read_bytes()) == before


def test_scenarios_saved_as_a_workbook_give_what_the_csv_gives(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scenarios kept in Excel: the first sheet of an .xlsx (numbers as numbers, a typed amount
    as text, labels first) is read as its CSV would be. It had been refused as binary."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["scenario", "revenue", "margin"])
    sheet.append(["base", 558800, 0.25])
    sheet.append(["better", "600 000,50 zł", 0.3])
    sheet.append([None, None, None])  # an empty row Excel keeps: no scenario
    scenarios = tmp_path / "scenarios.xlsx"
    workbook.save(scenarios)
    status, from_sheet, _ = run(capsys, "batch", folder / "email_month.xlsx", scenarios)
    assert status == 0
    csv_file = tmp_path / "scenarios.csv"
    csv_file.write_text('scenario,revenue,margin\nbase,558800,0.25\nbetter,"600 000,50 zł",0.3\n')
    status, from_csv, _ = run(capsys, "batch", folder / "email_month.xlsx", csv_file)
    assert status == 0 and from_sheet == from_csv
    assert rows(from_sheet)[0]["romi"] == "1.2" and len(rows(from_sheet)) == 2


def test_an_output_that_cannot_be_calculated_leaves_the_others_in_the_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook saved with a VBA add-in's function in one output (as many real ones are): the
    scenario and the workbook keep their other outputs; the broken one shows #NAME?, with why."""
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.workbook.defined_name import DefinedName

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet["A1"], sheet["B1"], sheet["C1"] = 2, "=TROUND(A1)", "=A1*21"
    for name, cell in {"amount": "$A$1", "broken": "$B$1", "result": "$C$1"}.items():
        workbook.defined_names[name] = DefinedName(name, attr_text=f"Data!{cell}")
    workbook.save(tmp_path / "macros.xlsx")
    (tmp_path / "scenarios.csv").write_text("amount\n1\n3\n")
    for workers in ("1", "2"):
        given = [tmp_path / "macros.xlsx", tmp_path / "scenarios.csv", "--workers", workers]
        status, out, err = run(capsys, "batch", *given)
        assert status == 1
        assert [(row["broken"], row["result"]) for row in rows(out)] == [
            ("#NAME?", "21"),
            ("#NAME?", "63"),
        ]
        assert err.count("Data!B1 is #NAME?: the fast engine does not know TROUND") == 2
        assert "line 2: " in err and "line 3: " in err
        assert "2 with outputs that could not be calculated" in err and " failed" not in err
        status, out, err = run(
            capsys, "batch", "--books", tmp_path / "macros.xlsx", "--workers", workers
        )
        assert status == 1
        table = {row["output"]: (row["value"], row["error"]) for row in rows(out)}
        assert table["result"] == ("42", "") and table["broken"][0] == "#NAME?"
        assert "does not know TROUND" in table["broken"][1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is Linux's start method")
def test_local_workers_are_forked_on_linux_whatever_pythons_default() -> None:
    """Python 3.14 starts them from a fork server by default: each would import roikit again,
    and 2 workers would take longer than 1 on a thousand scenarios."""
    assert batch.process_context().get_start_method() == "fork"


def test_a_command_on_a_small_workbook_imports_neither_pandas_nor_numpy(folder: Path) -> None:
    """What a command imports, it waits for: pandas about 0.3 s (longer than a thousand
    scenarios of a small workbook take), numpy about 0.07 s. A CSV of scenarios is decoded without
    pandas, and a workbook without runs of roikit formulas is calculated without numpy; with
    two workers the engine is imported once, before they are forked."""
    script = textwrap.dedent(
        f"""
        import sys
        from roikit.cli import main
        book, scenarios = {str(folder / "email_month.xlsx")!r}, {str(folder / "scenarios.csv")!r}
        assert main(["batch", book, scenarios, "--workers", "2", "-o", "-"]) == 0
        assert "roikit.engine.fast" in sys.modules  # imported here for the workers
        assert main(["batch", book, scenarios, "-o", "-"]) == 0
        assert main(["recalc", book]) == 0
        print("imported:", *sorted({{"pandas", "numpy"}} & set(sys.modules)))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "imported:"


def test_a_workbook_goes_to_each_dask_worker_once_not_with_every_task(
    folder: Path, scheduler: str
) -> None:
    """A task carries a reference to the workbook sent to the workers, not its bytes (a 3.6 MB
    workbook in 20 tasks was 72 MB on the network)."""
    distributed = pytest.importorskip("distributed")
    source = batch.Source.of(folder / "email_month.xlsx", with_data=True)
    with batch.executor(scheduler=scheduler) as pool:
        assert pool is not None
        shared = batch._sent_once(pool, source)
        assert isinstance(shared, distributed.Future)
        assert pool.submit(lambda given: given.digest, shared).result() == source.digest
    assert batch._sent_once(None, source) is source
