"""`roikit addin build` and the availability column of `roikit functions`."""

from __future__ import annotations

from roikit.catalog import CATALOG
from roikit.cli import main


def test_addin_build_writes_the_four_addin_files_into_an_empty_root(tmp_path, capsys):
    assert main(["addin", "build", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    written = sorted(line.removeprefix("wrote ") for line in out.splitlines())
    assert written == [
        "addin/lite/main.py",
        "addin/lite/requirements.txt",
        "addin/roikit.bas",
        "addin/xlwings.conf",
    ]
    assert not (tmp_path / "docs").exists()  # only the add-in's files


def test_addin_build_check_passes_on_the_committed_files(project_root, capsys):
    assert main(["addin", "build", "--check", "--root", str(project_root)]) == 0
    assert capsys.readouterr().out == "every add-in file is fresh\n"


def test_addin_build_check_names_a_stale_file_and_exits_2(tmp_path, capsys):
    main(["addin", "build", "--root", str(tmp_path)])
    (tmp_path / "addin" / "roikit.bas").write_text("edited by hand")
    capsys.readouterr()
    assert main(["addin", "build", "--check", "--root", str(tmp_path)]) == 2
    assert "addin/roikit.bas" in capsys.readouterr().err


def test_functions_shows_where_each_function_is_available(capsys):
    assert main(["functions"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("available in: py = Python, xl = Excel add-in (Windows)")
    for function in CATALOG:
        line = next(
            line for line in out.splitlines() if line.strip().startswith(function.signature)
        )
        assert "py xl lite" in line
