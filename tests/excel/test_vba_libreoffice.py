"""roikit.bas's own VBA helpers, run in LibreOffice Basic's VBA mode (``Option VBASupport 1``).

There is no Excel here; LibreOffice Basic in VBA mode is the nearest VBA interpreter on Linux.
It runs the helpers exactly as they stand in the generated module (``RoikitCell``, which turns
roikit's coded text into an error value, and ``RoikitFailure``), under ``Option Explicit`` so
that a misspelt name or an unknown ``xlErr...`` constant fails. The wrappers themselves are
xlwings' own and use ``#If``, which LibreOffice Basic does not compile, so they are not run here.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from roikit.excel.vba import XL_ERRORS

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)"),
]

#: Excel's number of each error value (XlCVError), which CStr(CVErr(n)) spells "Error n"
XL_ERROR_NUMBERS = {
    "xlErrDiv0": 2007,
    "xlErrNA": 2042,
    "xlErrName": 2029,
    "xlErrNull": 2000,
    "xlErrNum": 2036,
    "xlErrRef": 2023,
    "xlErrValue": 2015,
}

_MODULE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
    '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
    'script:language="StarBasic">{code}</script:module>'
)


def helpers(project_root: Path) -> str:
    """The helper part of the committed roikit.bas, verbatim."""
    bas = (project_root / "addin" / "roikit.bas").read_text(encoding="ascii").replace("\r\n", "\n")
    return bas[bas.index("Private Const ROIKIT_ERROR_TEXT") : bas.index("' Function Wizard help")]


def run_basic(tmp_path: Path, code: str) -> list[str]:
    """Run ``Sub Main`` of ``code`` in a fresh LibreOffice profile; the lines it wrote to OUT."""
    profile = tmp_path / "profile"
    out = tmp_path / "out.txt"
    soffice = [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile.as_uri()}"]
    subprocess.run([*soffice, "--headless", "--terminate_after_init"], timeout=120, check=True)
    library = profile / "user" / "basic" / "Standard"
    source = code.replace("OUT", str(out))
    library.joinpath("Module1.xba").write_text(
        _MODULE.format(code=escape(source, {'"': "&quot;"})), encoding="utf-8"
    )
    # a Basic error opens a dialog even headless: a new session lets the test end the whole group
    process = subprocess.Popen(
        [*soffice, "--headless", "macro:///Standard.Module1.Main"], start_new_session=True
    )
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        pytest.fail("LibreOffice Basic did not finish: the module failed to compile or run")
    return out.read_text(encoding="utf-8").splitlines()


def test_roikit_cell_turns_each_coded_text_into_its_error_value(tmp_path, project_root):
    checks = "\n".join(
        f'    cell(0, 0) = "{code} the reason"\n    Print #f, "{code}|" & CStr(RoikitCell(cell))'
        for code in XL_ERRORS
    )
    code = f"""Option VBASupport 1
Option Explicit
{helpers(project_root)}
Sub Main
    Dim f As Integer, cell(0 To 0, 0 To 0) As Variant, result As Variant
    f = FreeFile
    Open "OUT" For Output As #f
{checks}
    cell(0, 0) = 1.2
    result = RoikitCell(cell)
    Print #f, "number|" & CStr(IsError(result)) & "|" & CStr(result(0, 0))
    cell(0, 0) = True
    result = RoikitCell(cell)
    Print #f, "logical|" & CStr(IsError(result)) & "|" & CStr(result(0, 0))
    Print #f, "scalar|" & CStr(RoikitCell("#DIV/0!"))
    Close #f
End Sub
"""
    lines = run_basic(tmp_path, code)
    expected = [f"{code}|Error {XL_ERROR_NUMBERS[name]}" for code, name in XL_ERRORS.items()]
    assert lines == [*expected, "number|False|1.2", "logical|False|True", "scalar|Error 2007"]


def test_roikit_failure_keeps_the_last_line_of_a_traceback(tmp_path, project_root):
    code = f"""Option VBASupport 1
Option Explicit
{helpers(project_root)}
Sub Main
    Dim f As Integer
    f = FreeFile
    Open "OUT" For Output As #f
    Print #f, RoikitFailure("Traceback (most recent call last):" & vbCrLf & "  File x.py" _
        & vbCrLf & "ModuleNotFoundError: No module named 'roikit'" & vbCrLf)
    Print #f, "[" & RoikitFailure("") & "]"
    Close #f
End Sub
"""
    assert run_basic(tmp_path, code) == ["ModuleNotFoundError: No module named 'roikit'", "[]"]
