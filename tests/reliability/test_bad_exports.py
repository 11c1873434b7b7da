"""Bad campaign exports through ``roikit kpis``: a one-line refusal, or the right KPIs.

Empty files, binary garbage and a single huge line are refused (exit status 2, one line, no
traceback) within bounded time and memory; text in an unexpected encoding is still read, its
numbers right, and never crashes. The input file is never changed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.corpus import echo_workbook, far_corner_cell
from tests.helpers.processes import run_in_process, run_limited, sha256

HEADER = "Campaign,Delivered,Unique Opens,Unique Clicks\n"


def write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def garbage(size: int) -> bytes:
    """Deterministic bytes that are not text (a linear congruential sequence)."""
    state, out = 12345, bytearray()
    for _ in range(size):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(state >> 16 & 0xFF)
    return bytes(out)


REFUSED = {
    "empty": (write("empty.csv", b""), r"empty\.csv is empty"),
    "only blank lines": (write("blank.csv", b"\n\n  \n"), r"blank\.csv is empty"),
    "binary garbage": (write("garbage.csv", garbage(20000)), r"is a binary file, not a CSV"),
    "a zip named .csv": (
        write("report.csv", b"PK\x03\x04" + garbage(4000)),
        r"is a binary file, not a CSV",
    ),
}


def export_workbook(folder: Path, name: str = "report.xlsx") -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for row in [["Campaign", "Delivered", "Unique Opens"], ["May", 9800, 4100]]:
        book.active.append(row)
    book.save(folder / name)
    return folder / name


def rewritten(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """``path`` with one part changed, or every part for ``part="*"`` (the others copied)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            out.writestr(name, change(data) if part in (name, "*") else data)
    return path


def strict_workbook(folder: Path) -> Path:
    """A workbook as Excel saves "Strict Open XML Spreadsheet": the ISO namespaces and
    relationship types in every part."""
    transitional = b"http://schemas.openxmlformats.org/"
    strict = {
        transitional + b"spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        transitional + b"officeDocument/2006/relationships": (
            b"http://purl.oclc.org/ooxml/officeDocument/relationships"
        ),
    }

    def to_strict(xml: bytes) -> bytes:
        for old, new in strict.items():
            xml = xml.replace(old, new)
        return xml

    return rewritten(export_workbook(folder, "strict.xlsx"), "*", to_strict)


REFUSED["a Strict Open XML workbook"] = (
    strict_workbook,
    r"strict\.xlsx is saved as Strict Open XML, which roikit cannot read; in Excel, File > Save",
)


def test_features_openpyxl_drops_are_no_warnings_to_a_reader(tmp_path: Path) -> None:
    extension = (
        b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b"<x14:conditionalFormattings/></ext></extLst></worksheet>"
    )
    path = rewritten(
        export_workbook(tmp_path),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</worksheet>", extension),
    )
    import warnings

    import roikit

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would be printed to the user: here it fails
        result = roikit.kpis(path)
    assert result.table["open_rate"].tolist() == [4100 / 9800]


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_a_bad_export_is_refused_in_one_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build, pattern = REFUSED[case]
    path = build(tmp_path)
    before = sha256(path)
    run_in_process(["kpis", str(path)], capsys).assert_refused(pattern)
    assert sha256(path) == before


def test_a_header_without_rows_is_an_empty_table_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "header.csv"
    path.write_text(HEADER)
    run = run_in_process(["kpis", str(path)], capsys)
    assert run.status == 0 and run.err.startswith("0 row(s)")
    assert run.out == "row,Campaign,open_rate,ctr,ctor\n"


def test_a_workbook_with_a_header_and_no_rows_is_an_empty_table_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Campaign", "Delivered", "Unique Opens", "Unique Clicks"])
    book.save(tmp_path / "header.xlsx")
    run = run_in_process(["kpis", str(tmp_path / "header.xlsx")], capsys)
    assert run.status == 0 and run.err.startswith("0 row(s)"), run.err
    assert run.out == "row,Campaign,open_rate,ctr,ctor\n"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(HEADER + "May," + "9" * 20_000_000 + ",250,30\n", id="one 20 MB field"),
        pytest.param("Campaign," + "x," * 4_000_000 + "\n", id="4 million fields"),
        pytest.param("A" * 30_000_000, id="30 MB without a line end"),
    ],
)
def test_a_huge_single_line_is_refused_within_time_and_memory(line: str, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(line)
    run = run_limited(["kpis", str(path)])
    run.assert_refused(r"huge\.csv")


ENCODED = {
    "cp1252 (Excel on Western Windows)": ("Été soldes", "cp1252"),
    "UTF-16 without a byte-order mark": ("Été soldes", "utf-16-le"),
    "UTF-8 with a byte-order mark": ("Été soldes", "utf-8-sig"),
    "Shift-JIS (read as cp1252: the name garbled, the numbers right)": ("春のセール", "shift_jis"),
}


@pytest.mark.parametrize("case", ENCODED, ids=str)
def test_text_in_an_unexpected_encoding_is_read_with_its_numbers_right(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, encoding = ENCODED[case]
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + f"{name},1000,250,30\n").encode(encoding))
    run = run_in_process(["kpis", str(path)], capsys)
    assert run.status == 0, run.err
    (row,) = csv.DictReader(io.StringIO(run.out, newline=""))
    assert float(row["open_rate"]) == 0.25 and float(row["ctor"]) == 0.12
    if encoding != "shift_jis":
        assert row["Campaign"] == name


# ------------------------------------------------------------------ scenarios for roikit batch

SCENARIOS = {
    "UTF-16 (read)": (
        "label,amount\nx,1\n".encode("utf-16"),
        0,
        r"^label,amount,echo,neg\nx,1,x,-1\n$",
    ),
    "cp1252 (read)": ("label,amount\nÉté,1\n".encode("cp1252"), 0, r"Été,1,Été,-1"),
    "binary garbage": (
        garbage(5000),
        2,
        r"scenarios\.csv is a binary file, not a CSV of scenarios; save it as CSV or \.xlsx$",
    ),
    "one 1 MB field": (b"label,amount\n" + b"9" * (1 << 20) + b",1\n", 2, r"cannot be read as CSV"),
}


@pytest.mark.parametrize("case", SCENARIOS, ids=str)
def test_a_scenarios_file_is_read_in_any_encoding_or_refused_in_one_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:

    data, status, pattern = SCENARIOS[case]
    scenarios = tmp_path / "scenarios.csv"
    scenarios.write_bytes(data)
    book = echo_workbook(tmp_path / "echo.xlsx")
    run = run_in_process(["batch", str(book), str(scenarios)], capsys)
    if status == 2:
        run.assert_refused(pattern)
    else:
        assert run.status == 0, run.err
        assert re.search(pattern, run.out), run.out


@pytest.mark.parametrize(
    ("build", "pattern"),
    [
        (strict_workbook, r"strict\.xlsx is saved as Strict Open XML, which roikit cannot read"),
        (
            far_corner_cell,
            r"corner\.xlsx: sheet 'Data' \(its used range\) has 17,179,869,184 cells",
        ),
    ],
    ids=["Strict Open XML", "a value in the far corner"],
)
def test_a_workbook_of_scenarios_or_transactions_is_read_as_an_export_is(
    build: Callable[[Path], Path], pattern: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One reader of a sheet's rows (roikit.xlsx.sheet_rows) for kpis, batch and clv fit: a
    Strict file had been an IndexError in batch, and a far-corner value 17 billion cells."""
    path = build(tmp_path)
    book = echo_workbook(tmp_path / "echo.xlsx")
    run_in_process(["batch", str(book), str(path)], capsys).assert_refused(pattern)
    run_in_process(["clv", "fit", str(path)], capsys).assert_refused(pattern)
