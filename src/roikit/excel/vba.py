"""``addin/roikit.bas`` and ``addin/xlwings.conf``: what a Windows workbook needs for roikit.

The VBA module is xlwings' own: :func:`render_bas` runs xlwings' ``generate_vba_wrapper`` over
:mod:`roikit.excel.udfs`, exactly as "Import Functions" does, and then makes three changes to
each wrapper: the result of ``XLPy.CallUDF`` passes through ``RoikitCell``, which turns roikit's
coded error text (``"#NUM! margin must be ..."``) into the error value (``CVErr(xlErrNum)``), in
every cell of a spilled result too; the workbook handed to xlwings is the calling cell's
(``RoikitBook``) instead of ``ThisWorkbook``, so that the module works from an add-in or
PERSONAL.XLSB for every open workbook; and a failure of Python itself (``Err.Description``, a
traceback) is cut to its last line. The module also carries ``RoikitDescribeFunctions``, which
registers the Function Wizard help as "Import Functions" would (``Application.MacroOptions``,
naming the macros in the workbook that holds this module). Written with CRLF line ends and
ASCII only, as the VBA editor imports a ``.bas`` file.
"""

from __future__ import annotations

import importlib
import io
import re
import types
from collections.abc import Iterable

from roikit.catalog import CATALOG
from roikit.errors import DIV0, NA, NAME, NULL, NUM, REF, VALUE
from roikit.excel import UDF_MODULE, vba_problems

#: the VBA constant of each error value a cell can hold
XL_ERRORS = {
    DIV0: "xlErrDiv0",
    NA: "xlErrNA",
    NAME: "xlErrName",
    NULL: "xlErrNull",
    NUM: "xlErrNum",
    REF: "xlErrRef",
    VALUE: "xlErrValue",
}
#: the name the module takes in the VBA project
VBA_MODULE_NAME = "roikit"

_CALL = re.compile(r"^(?P<indent>\s*)(?P<name>\w+) = (?P<call>XLPy\.CallUDF\(.*\))$")
_FAILED = re.compile(r"^(?P<indent>\s*)(?P<name>\w+) = Err\.Description$")


def vba_string(text: str) -> str:
    """A VBA string expression for ``text``; characters beyond ASCII become ``ChrW(...)``."""
    parts: list[str] = []
    literal = ""
    for char in text:
        if char.isascii():
            literal += '""' if char == '"' else char
        else:
            parts.append(f'"{literal}"')
            parts.append(f"ChrW({ord(char)})")
            literal = ""
    parts.append(f'"{literal}"')
    return " & ".join(part for part in parts if part != '""') or '""'


def _helpers() -> list[str]:
    cases = [f'        Case "{code}": RoikitValue = CVErr({XL_ERRORS[code]})' for code in XL_ERRORS]
    return [
        "' True: a cell shows roikit's reason as text (\"#NUM! margin must be between 0 and 1 ...\")",
        "' False: the cell holds the error value itself (#NUM!), which ISERROR and IFERROR see.",
        "Private Const ROIKIT_ERROR_TEXT As Boolean = False",
        "",
        "' roikit returns an error as text that starts with its code; this makes it the error value,",
        "' in each cell of a result that spills (a range given where one value belongs).",
        "Private Function RoikitCell(ByVal result As Variant) As Variant",
        "    Dim i As Long, j As Long",
        "    If IsArray(result) Then",
        "        For i = LBound(result, 1) To UBound(result, 1)",
        "            For j = LBound(result, 2) To UBound(result, 2)",
        "                result(i, j) = RoikitValue(result(i, j))",
        "            Next j",
        "        Next i",
        "        RoikitCell = result",
        "    Else",
        "        RoikitCell = RoikitValue(result)",
        "    End If",
        "End Function",
        "",
        "Private Function RoikitValue(ByVal value As Variant) As Variant",
        "    RoikitValue = value",
        "    If VarType(value) <> vbString Or ROIKIT_ERROR_TEXT Then Exit Function",
        '    Select Case Left$(value, InStr(value & " ", " ") - 1)',
        *cases,
        "    End Select",
        "End Function",
        "",
        "' The workbook of the calling cell, wherever this module sits (a workbook, an add-in or",
        "' PERSONAL.XLSB); xlwings hands it to Python as the caller's book.",
        "Private Function RoikitBook() As Object",
        '    If TypeName(Application.Caller) = "Range" Then',
        "        Set RoikitBook = Application.Caller.Worksheet.Parent",
        "    Else",
        "        Set RoikitBook = ActiveWorkbook",
        "    End If",
        "End Function",
        "",
        "' Python failed (not installed, wrong interpreter): the last line of its message says why.",
        "Private Function RoikitFailure(ByVal description As String) As String",
        "    Dim lines() As String, i As Long",
        '    lines = Split(Replace(description, vbCr, ""), vbLf)',
        "    For i = UBound(lines) To LBound(lines) Step -1",
        '        If Trim$(lines(i)) <> "" Then',
        "            RoikitFailure = Trim$(lines(i))",
        "            Exit Function",
        "        End If",
        "    Next i",
        "    RoikitFailure = description",
        "End Function",
        "",
    ]


def _describe(module: types.ModuleType) -> list[str]:
    """``RoikitDescribeFunctions``: the help xlwings' Import Functions registers, from the same
    ``__xlfunc__`` metadata (description, category, argument descriptions, 255 characters each)."""
    lines = [
        "' Function Wizard help for every roikit function, as xlwings' Import Functions registers it.",
        "' Run it once (Alt+F8) after importing this module, then save the workbook.",
        "Public Sub RoikitDescribeFunctions()",
    ]
    for name in sorted(vars(module)):
        info = getattr(getattr(module, name), "__xlfunc__", None)
        if info is None:
            continue
        helps = [vba_string(argument["doc"][:255]) for argument in info["args"]]
        lines.append(
            f"    RoikitDescribe {vba_string(info['name'])}, {vba_string(info['ret']['doc'][:255])}, "
            f"{vba_string(info['category'])}, Array( _"
        )
        lines += [f"        {text}, _" for text in helps[:-1]]
        lines.append(f"        {helps[-1]})")
    lines += [
        "End Sub",
        "",
        "Private Sub RoikitDescribe(ByVal fname As String, ByVal summary As String, _",
        "        ByVal category As String, ByVal helps As Variant)",
        '    Application.MacroOptions Macro:="\'" & ThisWorkbook.Name & "\'!" & fname, _',
        "        Description:=summary, Category:=category, ArgumentDescriptions:=helps",
        "End Sub",
        "",
    ]
    return lines


def _with_error_values(wrappers: str, names: Iterable[str]) -> list[str]:
    """xlwings' wrappers with ``RoikitCell`` around each call and ``RoikitFailure`` on failure."""
    out = []
    calls: dict[str, int] = {}
    failures: dict[str, int] = {}
    for line in wrappers.splitlines():
        if match := _CALL.match(line):
            call = match["call"].replace(", ThisWorkbook, ", ", RoikitBook(), ")
            if "ThisWorkbook" in call:
                raise RuntimeError(f"xlwings' VBA wrapper for {match['name']} passes ThisWorkbook")
            line = f"{match['indent']}{match['name']} = RoikitCell({call})"
            calls[match["name"]] = calls.get(match["name"], 0) + 1
        elif match := _FAILED.match(line):
            line = f"{match['indent']}{match['name']} = RoikitFailure(Err.Description)"
            failures[match["name"]] = failures.get(match["name"], 0) + 1
        out.append(line)
    for name in names:
        if calls.get(name) != 2 or failures.get(name) != 1:
            raise RuntimeError(
                f"xlwings' VBA wrapper for {name} no longer has the shape roikit.excel.vba "
                "expects (two XLPy.CallUDF lines, one Err.Description line): update it"
            )
    return out


def render_bas() -> str:
    """The whole VBA module ``addin/roikit.bas`` (CRLF line ends)."""
    from roikit.excel.classic import classic_udfs

    xlwings_udfs = classic_udfs()
    import xlwings

    for function in CATALOG:
        problems = vba_problems(function)
        if problems:
            raise ValueError(f"{function.name} cannot be a VBA function: {'; '.join(problems)}")
    module = importlib.import_module(UDF_MODULE)
    wrappers = io.StringIO()
    # as for a workbook (.xlsm): xlwings writes ThisWorkbook, which _with_error_values replaces
    xlwings_udfs.generate_vba_wrapper(
        UDF_MODULE, module, wrappers, types.SimpleNamespace(Name="roikit.xlsm")
    )
    lines = [
        f'Attribute VB_Name = "{VBA_MODULE_NAME}"',
        "' roikit's spreadsheet functions for the classic xlwings add-in (Excel on Windows).",
        f"' Generated by `roikit addin build` (make build) from the catalog with xlwings "
        f"{xlwings.__version__}'s own",
        "' generate_vba_wrapper; do not edit. Install: addin/README.md.",
        '#Const App = "Microsoft Excel" \'Adjust when using outside of Excel',
        "",
        *_helpers(),
        *_describe(module),
        *_with_error_values(wrappers.getvalue(), [function.name for function in CATALOG]),
    ]
    text = "\r\n".join(lines).rstrip() + "\r\n"
    if not text.isascii():
        raise ValueError(
            "the VBA module must be ASCII: the VBA editor reads it in the ANSI code page"
        )
    return text


def render_conf() -> str:
    """``addin/xlwings.conf``: the xlwings setting that names roikit's UDF module."""
    return f'"UDF MODULES","{UDF_MODULE}"\r\n'
