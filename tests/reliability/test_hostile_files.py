"""The corpus of bad and hostile workbooks, through the real command line.

Each case is a file built at test time (tests/reliability/corpus.py) and what every command
must answer for it: exit status 2 with a one-line message saying what is wrong (no traceback),
or, for files that are odd but fine, the right result. Every run also checks that the file
was not changed (sha256 before and after). The files built to exhaust memory run in a child
process with an address-space and a time limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import roikit
from tests.helpers import corpus
from tests.helpers.processes import (
    COMMANDS,
    TIME_LIMIT,
    run_in_process,
    run_limited,
    sha256,
)

NOT_A_ZIP = r"is not an \.xlsx workbook \(not a zip package"
REFUSED_DTD = r"declares a DTD"
ALL = tuple(COMMANDS)


@dataclass(frozen=True)
class Case:
    """A file, and for each command: (exit status, pattern of its message or output)."""

    build: Callable[[Path], Path]
    expected: dict[str, tuple[int, str]]
    #: run in a child process under a memory and time limit
    limited: bool = False
    commands: tuple[str, ...] = field(default=ALL)


def refused(pattern: str, commands: tuple[str, ...] = ALL) -> dict[str, tuple[int, str]]:
    return {command: (2, pattern) for command in commands}


CASES = {
    "not a zip": Case(corpus.not_a_zip, refused(NOT_A_ZIP)),
    "empty file": Case(corpus.empty_file, refused(NOT_A_ZIP)),
    "truncated zip": Case(corpus.truncated_zip, refused(NOT_A_ZIP)),
    "damaged part": Case(
        corpus.corrupt_member, refused(r"part xl/worksheets/sheet1\.xml is damaged")
    ),
    "sheet that fails its checksum": Case(
        corpus.wrong_checksum,
        {
            **refused(r"part xl/worksheets/sheet1\.xml is damaged \(Bad CRC-32"),
            "kpis": (2, r"not a readable \.xlsx workbook \(Bad CRC-32"),
        },
    ),
    ".xls renamed": Case(corpus.xls_renamed, refused(r"legacy \.xls workbook; save it as \.xlsx")),
    "encrypted": Case(corpus.encrypted, refused(r"password-protected \(encrypted\)")),
    ".ods renamed": Case(corpus.ods_renamed, refused(r"OpenDocument spreadsheet \(\.ods\)")),
    ".csv renamed": Case(corpus.csv_renamed, refused(NOT_A_ZIP)),
    "zip, not a workbook": Case(corpus.zip_not_workbook, refused("zip file but not an Excel")),
    "no workbook part": Case(
        corpus.no_workbook_part, refused(r"no (part |item named ')xl/workbook\.xml")
    ),
    "zip bomb": Case(
        corpus.zip_bomb,
        refused(r"inflate to 3\.0 GB .*ROIKIT_MAX_UNZIPPED"),
        limited=True,
    ),
    "zip bomb lying about its size": Case(
        corpus.lying_zip_bomb,
        refused(r"sheet1\.xml inflates to more than the 2\.0 KB its zip entry declares"),
        limited=True,
    ),
    "malformed workbook.xml": Case(
        corpus.malformed_workbook_xml,
        {
            **refused(r"part xl/workbook\.xml is not XML \(mismatched tag"),
            "kpis": (2, r"not a readable \.xlsx workbook"),
        },
    ),
    # (formualizer and IronCalc refuse it whole; the formulas engine, asked for a few cells,
    # gave them blank with status 0 until it was made to read the whole workbook then)
    "malformed styles.xml": Case(
        corpus.malformed_styles,
        {
            "recalc": (2, r"formualizer cannot read it: .*Xml error"),
            "recalc-formulas": (2, r"the formulas engine cannot load it \(ParseError"),
        },
        commands=("recalc", "recalc-formulas"),
    ),
    "huge dimension": Case(
        corpus.huge_dimension,
        refused(r"<dimension>\) has 17,179,869,184 cells.*ROIKIT_MAX_CELLS"),
        limited=True,
    ),
    "value in the far corner": Case(
        corpus.far_corner_cell,
        {
            "recalc": (0, r"romi\s+1\.2"),
            "recalc-formulas": (2, "the formulas engine cannot load it"),
            "inspect": (0, r"corner\s+Data!XFD1048576\s+7"),
            "kpis": (2, r"used range\) has 17,179,869,184 cells.*ROIKIT_MAX_CELLS"),
        },
        limited=True,
    ),
    "billion laughs in workbook.xml": Case(
        corpus.billion_laughs_workbook, refused(REFUSED_DTD), limited=True
    ),
    "billion laughs in a sheet": Case(corpus.billion_laughs_sheet, refused(REFUSED_DTD)),
    "external reference": Case(
        corpus.external_reference,
        {
            "recalc": (
                1,
                r"^romi\s+#REF!\n\nroikit: error: Data!B1 refers to another workbook \(=\[1\]",
            ),
            "recalc-formulas": (
                1,
                r"^romi\s+#REF!\n\nroikit: error: Data!B1 refers to another workbook",
            ),
            "inspect": (0, r"romi\s+Data!B1\s+=\[1\]Sheet1!A1\*2"),
        },
        commands=("recalc", "recalc-formulas", "inspect"),
    ),
    "circular reference": Case(
        corpus.circular,
        {
            "recalc": (1, r"^loop\s+#VALUE!\n\nroikit: error: .*circular reference: Data!B1"),
            "recalc-formulas": (
                1,
                r"^loop\s+#VALUE!\n\nroikit: error: .*circular reference: Data!B1",
            ),
            "inspect": (0, r"loop\s+Data!B1\s+=C1\+A1"),
        },
        commands=("recalc", "recalc-formulas", "inspect"),
    ),
    "8,000-character formula": Case(
        corpus.long_formula,
        {
            "recalc": (
                1,
                r"^total\s+#VALUE!\n\n.*Data!B1 uses something the fast engine .*8,000 ch",
            ),
            "recalc-formulas": (0, rf"total\s+{corpus.LONG_TERMS}\n"),
            "inspect": (0, r"total\s+Data!B1\s+=A1\+A1"),
        },
        commands=("recalc", "recalc-formulas", "inspect"),
    ),
    "unknown function": Case(
        corpus.unknown_function,
        {
            "recalc": (
                1,
                r"^result\s+#NAME\?\n\n.*Data!B1 is #NAME\?: the fast engine does not know FRO",
            ),
            "recalc-formulas": (
                1,
                r"#NAME\?\n\n.*Data!B1 is #NAME\?: the formulas engine does not know",
            ),
            "inspect": (0, r"FROBNICATE\s+NO\s+NO"),
        },
        commands=("recalc", "recalc-formulas", "inspect"),
    ),
    "unknown function in a cell an output depends on": Case(
        corpus.unknown_function_upstream,
        {
            "recalc": (
                1,
                r"Data!C1 is #NAME\?: =B1 depends on a cell calling a function the fast engine "
                r"does not know: the workbook calls CROUND, TROUND \(misspelt, a VBA macro's",
            ),
            "recalc-formulas": (1, r"Data!C1 is #NAME\?: =B1 depends on .*CROUND, TROUND"),
        },
        commands=("recalc", "recalc-formulas"),
    ),
    "garbled formula": Case(
        corpus.garbled_formula,
        {
            "recalc": (1, r"^result\s+#VALUE!\n\n.*Data!B1 uses something the fast engine does n"),
            "recalc-formulas": (2, r"Data!B1: the formulas engine cannot read =SUM\(A1,,"),
        },
        commands=("recalc", "recalc-formulas"),
    ),
}

RUNS = [
    pytest.param(name, command, id=f"{name}-{command}")
    for name, case in CASES.items()
    for command in case.commands
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every corpus file, built once for the module."""
    built = {}
    for number, (name, case) in enumerate(CASES.items()):
        folder = tmp_path_factory.mktemp(f"case{number}")
        built[name] = case.build(folder)
    return built


@pytest.mark.parametrize(("name", "command"), RUNS)
def test_corpus_file_gets_its_expected_answer_and_is_left_unchanged(
    name: str, command: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    case, path = CASES[name], files[name]
    before = sha256(path)
    argv = [*COMMANDS[command], str(path)]
    run = run_limited(argv) if case.limited else run_in_process(argv, capsys)
    assert run.seconds < TIME_LIMIT  # a hang detector, not a speed target (see benchmarks/)
    status, pattern = case.expected[command]
    if status == 2:
        run.assert_refused(pattern)
    else:  # 1: the outputs printed, those that could not be calculated as errors, with why
        assert run.status == status, (run.status, run.err)
        shown = run.out if status == 0 else f"{run.out}\n{run.err}"
        assert re.search(pattern, shown, re.MULTILINE), (pattern, shown)
    assert sha256(path) == before


def test_the_zip_bomb_file_itself_is_small(tmp_path: Path) -> None:
    bomb = corpus.zip_bomb(tmp_path)
    assert bomb.stat().st_size < 16 << 20
    import zipfile

    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size >= corpus.BOMB_BYTES


def test_the_largest_sheet_is_inflated_once_by_the_size_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roikit.xlsx import package

    read: list[str] = []
    real = package.read_member
    monkeypatch.setattr(
        package, "read_member", lambda archive, member: read.append(member) or real(archive, member)
    )
    book = roikit.open(corpus.romi_workbook(tmp_path / "good.xlsx"))
    book.calculate()
    assert book.get("romi") == pytest.approx(1.2)
    assert "xl/worksheets/sheet1.xml" not in read and "xl/workbook.xml" in read


# ------------------------------------------------------------------- limits the user can raise


def test_raising_the_cell_limit_opens_a_sheet_with_a_huge_dimension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus.huge_dimension(tmp_path)
    monkeypatch.setenv("ROIKIT_MAX_CELLS", "20000000000")
    run = run_in_process(["recalc", str(path)], capsys)
    assert run.status == 0 and re.search(r"romi\s+1\.2", run.out)


def test_the_unzipped_size_limit_is_the_users_to_lower_or_raise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus.romi_workbook(tmp_path / "good.xlsx")
    monkeypatch.setenv("ROIKIT_MAX_UNZIPPED", "1K")
    run_in_process(["recalc", str(path)], capsys).assert_refused(
        r"inflate to .* more than the limit of 1\.0 KB.*ROIKIT_MAX_UNZIPPED"
    )
    monkeypatch.setenv("ROIKIT_MAX_UNZIPPED", "2M")
    assert run_in_process(["recalc", str(path)], capsys).status == 0
    monkeypatch.setenv("ROIKIT_MAX_UNZIPPED", "lots")
    run_in_process(["recalc", str(path)], capsys).assert_refused(
        r"ROIKIT_MAX_UNZIPPED: 'lots' is not a size such as 500M or 2G"
    )


def test_a_raised_limit_below_the_bomb_still_refuses_it(tmp_path: Path) -> None:
    import os

    bomb = corpus.zip_bomb(tmp_path)
    run = run_limited(["inspect", str(bomb)], env={**os.environ, "ROIKIT_MAX_UNZIPPED": "2G"})
    run.assert_refused(r"more than the limit of 2\.0 GB")


# --------------------------------------------------------------------- external entities (XXE)


@pytest.mark.parametrize("command", ALL)
def test_an_external_entity_naming_a_local_file_is_refused_unread(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("THE-SECRET-MARKER")
    path = corpus.xxe_file(secret)(tmp_path)
    run = run_in_process([*COMMANDS[command], str(path)], capsys)
    run.assert_refused(REFUSED_DTD)
    assert "THE-SECRET-MARKER" not in run.out + run.err


@pytest.mark.parametrize("build", [corpus.xxe_url, corpus.xxe_parameter_entity])
@pytest.mark.parametrize("command", ALL)
def test_an_external_entity_naming_a_url_is_refused_unfetched(
    build: Callable[[str], Callable[[Path], Path]],
    command: str,
    tmp_path: Path,
    listener: tuple[str, list[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, requests = listener
    path = build(f"{url}/entity.dtd")(tmp_path)
    run = run_in_process([*COMMANDS[command], str(path)], capsys)
    run.assert_refused(REFUSED_DTD)
    assert requests == []
    assert "FETCHED-FROM-THE-NETWORK" not in run.out + run.err
