"""`roikit addin build` and the availability column of `roikit functions`."""

from __future__ import annotations

import subprocess
import sys

from roikit.catalog import CATALOG
from roikit.cli import main


def test_addin_build_writes_the_five_addin_files_into_an_empty_root(tmp_path, capsys):
    assert main(["addin", "build", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    written = sorted(line.removeprefix("wrote ") for line in out.splitlines())
    assert written == [
        "addin/lite/main.py",
        "addin/lite/requirements.txt",
        "addin/roikit.bas",
        "addin/roikit.xlam",
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


def test_functions_lists_availability_without_xlwings_installed():
    script = (
        "import sys; sys.modules['xlwings'] = None\n"
        "from roikit.cli import main\n"
        "sys.exit(main(['functions']))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "ROMI(revenue, margin, costs)" in result.stdout


def test_addin_build_without_xlwings_says_what_to_install(tmp_path):
    script = (
        "import sys; sys.modules['xlwings'] = None\n"
        "from roikit.cli import main\n"
        f"sys.exit(main(['addin', 'build', '--root', {str(tmp_path)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr == (
        "roikit: error: building the add-in needs xlwings: pip install 'roikit[excel]'\n"
    )
