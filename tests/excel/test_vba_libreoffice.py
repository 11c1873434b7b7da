"""roikit.bas run in LibreOffice Basic's VBA mode (``Option VBASupport 1``).

There is no Excel here; LibreOffice Basic in VBA mode is the nearest VBA interpreter on Linux.
It runs the generated module under ``Option Explicit``, so that a misspelt name or an unknown
``xlErr...`` constant fails: the helpers exactly as they stand (``RoikitCell``, which turns
roikit's coded text into an error value in every cell of a result, ``RoikitBook`` and
``RoikitFailure``), and every wrapper with ``XLPy`` -- the xlwings add-in's entry to Python --
replaced by a class that records the call and returns a given result. LibreOffice Basic does not
compile ``#If``, so each wrapper runs its ``#Else`` branch: the same ``XLPy.CallUDF`` call,
without the workbook and caller arguments that only Excel has.

The module sits in LibreOffice's own Basic library, as in an add-in: one test calls it from the
cells of a second workbook, which holds no code, and reads what the cells show.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from roikit.catalog import CATALOG
from roikit.excel import UDF_MODULE
from roikit.excel.vba import XL_ERRORS

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)"),
]

#: Excel's number of each error value (Microsoft, "XlCVError enumeration"); CStr(CVErr(n)) is
#: "Error n"
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
    '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="{name}" '
    'script:language="StarBasic">{code}</script:module>'
)
_LIBRARY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n'
    '<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
    'library:readonly="false" library:passwordprotected="false">{elements}</library:library>'
)
#: the xlwings add-in's XLPy, as a class: records each call, returns NextResult
_FAKE_XLPY = """Option VBASupport 1
Option ClassModule
Option Explicit

Public Calls As String
Public NextResult As Variant

Public Function CallUDF(ByVal module As String, ByVal fname As String, ByVal args As Variant, _
        Optional wb As Variant, Optional caller As Variant) As Variant
    Calls = Calls & module & "." & fname & "/" & (UBound(args) - LBound(args) + 1) & " "
    CallUDF = NextResult
End Function
"""


def helpers(project_root: Path) -> str:
    """The helper part of the committed roikit.bas, verbatim."""
    bas = (project_root / "addin" / "roikit.bas").read_text(encoding="ascii").replace("\r\n", "\n")
    return bas[bas.index("Private Const ROIKIT_ERROR_TEXT") : bas.index("' Function Wizard help")]


def run_basic(tmp_path: Path, code: str, **modules: str) -> list[str]:
    """Run ``Sub Main`` of ``code`` (with further ``modules``) in a fresh LibreOffice profile;
    return the lines it wrote to OUT."""
    profile = tmp_path / "profile"
    out = tmp_path / "out.txt"
    soffice = [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile.as_uri()}"]
    subprocess.run([*soffice, "--headless", "--terminate_after_init"], timeout=120, check=True)
    library = profile / "user" / "basic" / "Standard"
    modules = {"Module1": code.replace("OUT", str(out)), **modules}
    for name, source in modules.items():
        library.joinpath(f"{name}.xba").write_text(
            _MODULE.format(name=name, code=escape(source, {'"': "&quot;"})), encoding="utf-8"
        )
    elements = "".join(f'<library:element library:name="{name}"/>' for name in modules)
    library.joinpath("script.xlb").write_text(_LIBRARY.format(elements=elements), encoding="utf-8")
    # a Basic error opens a dialog even headless: a new session lets the test end the whole group
    process = subprocess.Popen(
        [*soffice, "--headless", "macro:///Standard.Module1.Main"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
        f'    cell(0, 0) = "{code} the reason"\n    result = RoikitCell(cell)\n'
        f'    Print #f, "{code}|" & CStr(result(0, 0))'
        for code in XL_ERRORS
    )
    code = f"""Option VBASupport 1
Option Explicit
{helpers(project_root)}
Sub Main
    Dim f As Integer, cell(0 To 0, 0 To 0) As Variant, result As Variant
    Dim rows(0 To 2, 0 To 0) As Variant
    f = FreeFile
    Open "OUT" For Output As #f
{checks}
    cell(0, 0) = 1.2
    result = RoikitCell(cell)
    Print #f, "number|" & CStr(IsError(result(0, 0))) & "|" & CStr(result(0, 0))
    cell(0, 0) = True
    result = RoikitCell(cell)
    Print #f, "logical|" & CStr(IsError(result(0, 0))) & "|" & CStr(result(0, 0))
    Print #f, "scalar|" & CStr(RoikitCell("#DIV/0!"))
    rows(0, 0) = 0.03
    rows(1, 0) = "#DIV/0! delivered is 0, so the ratio is undefined"
    rows(2, 0) = "#N/A"
    result = RoikitCell(rows)
    Print #f, "spill|" & CStr(result(0, 0)) & "|" & CStr(result(1, 0)) & "|" & CStr(result(2, 0))
    Close #f
End Sub
"""
    lines = run_basic(tmp_path, code)
    expected = [f"{code}|Error {XL_ERROR_NUMBERS[name]}" for code, name in XL_ERRORS.items()]
    assert lines == [
        *expected,
        "number|False|1.2",
        "logical|False|True",
        "scalar|Error 2007",
        "spill|0.03|Error 2007|Error 2042",
    ]


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


def required(function) -> int:
    """How many arguments a call needs (the optional ones are left out)."""
    return sum(1 for argument in function.arguments if not argument.optional)


def wrappers_for_libreoffice(project_root: Path) -> str:
    """The module without its Attribute line and #Const, each #If block reduced to its #Else."""
    bas = (project_root / "addin" / "roikit.bas").read_text(encoding="ascii").replace("\r\n", "\n")
    body = bas.split("\n", 1)[1].replace("#Const App", "' #Const App")
    body = body[: body.index("' Function Wizard help")] + body[body.index("\nFunction ") :]
    return re.sub(
        r'[ ]*#If App = "Microsoft Excel" Then\n.*?#Else\n(.*?)[ ]*#End If\n',
        r"\1",
        body,
        flags=re.DOTALL,
    )


def test_every_wrapper_compiles_calls_python_with_every_argument_and_converts_errors(
    tmp_path, project_root
):
    calls = "\n".join(
        f"    result = {function.name}({', '.join(['1'] * required(function))})\n"
        f'    Print #f, "{function.name}|" & CStr(IsError(result(0, 0))) & "|" & CStr(result(0, 0))'
        for function in CATALOG
    )
    code = f"""Option VBASupport 1
Option Explicit
{wrappers_for_libreoffice(project_root)}
Private fake As Object

Function XLPy() As Object
    Set XLPy = fake
End Function

Sub Main
    Dim f As Integer, cell(0 To 0, 0 To 0) As Variant, result As Variant
    f = FreeFile
    Open "OUT" For Output As #f
    Set fake = New FakeXLPy
    cell(0, 0) = "#NUM! the reason"
    fake.NextResult = cell
{calls}
    cell(0, 0) = 1.2
    fake.NextResult = cell
    result = ROMI(558800, 0.25, 63500)
    Print #f, "ROMI number|" & CStr(result(0, 0))
    Print #f, fake.Calls
    Close #f
End Sub
"""
    *results, number, recorded = run_basic(tmp_path, code, FakeXLPy=_FAKE_XLPY)
    assert results == [f"{function.name}|True|Error 2036" for function in CATALOG]
    assert number == "ROMI number|1.2"
    assert recorded.split() == [
        f"{UDF_MODULE}.{function.name}/{len(function.arguments)}" for function in CATALOG
    ] + [f"{UDF_MODULE}.ROMI/3"]


#: the xlwings add-in's XLPy for cells: answers as roikit's Python side would, a spill for CTR
_FAKE_XLPY_FOR_CELLS = """Option VBASupport 1
Option ClassModule
Option Explicit

Public Function CallUDF(ByVal module As String, ByVal fname As String, ByVal args As Variant, _
        Optional wb As Variant, Optional caller As Variant) As Variant
    Dim one(0 To 0, 0 To 0) As Variant, rows(0 To 2, 0 To 0) As Variant
    Select Case fname
        Case "ROMI"
            one(0, 0) = 1.2
            CallUDF = one
        Case "CLV"
            one(0, 0) = "#NUM! margin must be between 0 and 1 (write 25% or 0.25), got 25"
            CallUDF = one
        Case "CTR"
            rows(0, 0) = 0.03
            rows(1, 0) = "#DIV/0! delivered is 0, so the ratio is undefined"
            rows(2, 0) = 0.05
            CallUDF = rows
    End Select
End Function
"""


def test_the_functions_work_in_the_cells_of_a_second_workbook_and_spill(tmp_path, project_root):
    """The module lives outside the workbook (LibreOffice's Basic library, as in an add-in); a
    workbook with no code calls it from its cells. LibreOffice shows a Basic error value in a
    cell as its text, "Error 2036" (#NUM!): that is the value the wrapper returned."""
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "second.xlsx"
    openpyxl.Workbook().save(book)
    roikit = f"""Option VBASupport 1
Option Explicit
{wrappers_for_libreoffice(project_root)}
Private fake As Object

Function XLPy() As Object
    If fake Is Nothing Then Set fake = New FakeXLPy
    Set XLPy = fake
End Function
"""
    code = f"""Option VBASupport 1
Option Explicit

Sub Main
    Dim f As Integer, doc As Object, sheet As Object, name As Variant
    Dim hidden(0) As New com.sun.star.beans.PropertyValue
    f = FreeFile
    Open "OUT" For Output As #f
    hidden(0).Name = "Hidden"
    hidden(0).Value = True
    Set doc = StarDesktop.loadComponentFromURL("{book.as_uri()}", "_blank", 0, hidden())
    Set sheet = doc.getSheets().getByIndex(0)
    sheet.getCellRangeByName("A1").setFormula("=ROMI(558800;0.25;63500)")
    sheet.getCellRangeByName("A2").setFormula("=CLV(50;4;3;25)")
    sheet.getCellRangeByName("B1:B3").setArrayFormula("=CTR(C1:C3;D1:D3)")
    doc.calculateAll()
    For Each name In Array("A1", "A2", "B1", "B2", "B3")
        Print #f, name & "|" & sheet.getCellRangeByName(name).getString()
    Next name
    doc.close(True)
    Close #f
End Sub
"""
    lines = run_basic(tmp_path, code, Roikit=roikit, FakeXLPy=_FAKE_XLPY_FOR_CELLS)
    assert lines == ["A1|1.2", "A2|Error 2036", "B1|0.03", "B2|Error 2007", "B3|0.05"]
