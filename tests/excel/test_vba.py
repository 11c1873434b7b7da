"""addin/roikit.bas: xlwings' own VBA wrappers for every catalog function, plus error values."""

from __future__ import annotations

import importlib
import io
import re
import types

import pytest

from roikit.catalog import CATALOG
from roikit.errors import EXCEL_ERRORS
from roikit.excel import UDF_MODULE, excel_name, vba_problems
from roikit.excel.vba import XL_ERRORS, render_bas, render_conf, vba_string

_SIGNATURE = re.compile(r"^Function (\w+)\((.*)\)$", re.MULTILINE)


@pytest.fixture(scope="module")
def bas(xlwings_udfs) -> str:
    return render_bas()


@pytest.fixture(scope="module")
def xlwings_wrappers(xlwings_udfs) -> str:
    """What xlwings' Import Functions writes for roikit's module, untouched."""
    out = io.StringIO()
    xlwings_udfs.generate_vba_wrapper(
        UDF_MODULE,
        importlib.import_module(UDF_MODULE),
        out,
        types.SimpleNamespace(Name="roikit.xlsm"),
    )
    return out.getvalue()


def test_the_committed_module_is_the_fresh_rendering(bas, project_root):
    assert (project_root / "addin" / "roikit.bas").read_bytes() == bas.encode("ascii")


def test_one_function_per_catalog_entry_with_its_arguments_and_optional_markers(bas):
    text = bas.replace("\r\n", "\n")
    found = {name: arguments for name, arguments in _SIGNATURE.findall(text)}
    assert sorted(found) == sorted(function.name for function in CATALOG)
    for function in CATALOG:
        expected = [
            f"Optional {excel_name(argument)}" if argument.optional else excel_name(argument)
            for argument in function.arguments
        ]
        assert found[function.name].split(", ") == expected


def test_wrappers_are_xlwings_own_except_error_values_and_the_callers_workbook(
    bas, xlwings_wrappers
):
    ours = bas.replace("\r\n", "\n")
    ours = ours[ours.index("Function AB_LIFT(") :]
    assert "ThisWorkbook" not in ours
    undone = re.sub(r"RoikitCell\((XLPy\.CallUDF\(.*\))\)$", r"\1", ours, flags=re.MULTILINE)
    undone = undone.replace("RoikitFailure(Err.Description)", "Err.Description")
    undone = undone.replace(
        ", RoikitBook(), Application.Caller)", ", ThisWorkbook, Application.Caller)"
    )
    assert undone.rstrip() == xlwings_wrappers.rstrip()


def test_every_call_result_becomes_an_error_value_where_it_is_one(bas):
    text = bas.replace("\r\n", "\n")
    assert text.count("= RoikitCell(XLPy.CallUDF(") == 2 * len(CATALOG)
    assert text.count("= RoikitFailure(Err.Description)") == len(CATALOG)
    assert "= XLPy.CallUDF(" not in text.replace("RoikitCell(XLPy.CallUDF(", "")


def test_every_excel_error_code_has_its_cverr(bas):
    assert set(XL_ERRORS) == set(EXCEL_ERRORS)
    for code, constant in XL_ERRORS.items():
        assert f'Case "{code}": RoikitValue = CVErr({constant})' in bas


def test_the_function_wizard_help_is_registered_for_every_function(bas):
    text = bas.replace("\r\n", "\n")
    for function in CATALOG:
        assert f'RoikitDescribe "{function.name}", "{function.summary}", "roikit", Array(' in text
        for argument in function.arguments:
            assert f'"{argument.help}"' in text


def test_the_module_is_ascii_with_crlf_lines_and_named_roikit(bas):
    assert bas.isascii()
    assert bas.startswith('Attribute VB_Name = "roikit"\r\n')
    assert "\n" not in bas.replace("\r\n", "")
    assert max(len(line) for line in bas.split("\r\n")) < 1024  # VBA's line limit


def test_every_catalog_function_and_argument_is_a_valid_vba_name():
    assert {function.name: vba_problems(function) for function in CATALOG} == {
        function.name: [] for function in CATALOG
    }


@pytest.mark.parametrize("name", ["romi", "ctr", "CAC"])
def test_an_argument_named_like_any_function_is_refused(name):
    """The VBA editor gives one casing to every identifier of a project: an argument ``ctr``
    would recase the function CTR."""
    from roikit.catalog import spec

    romi = spec("ROMI")
    clash = romi.model_copy(
        update={"arguments": (romi.arguments[0].model_copy(update={"name": name}),)}
    )
    assert vba_problems(clash) == [
        f"argument {name!r} is named like a function: give it an Excel name in "
        "roikit.excel.EXCEL_ARGUMENT_NAMES"
    ]


def test_vba_reserved_words_are_refused_as_argument_names():
    from roikit.catalog import spec

    romi = spec("ROMI")
    clash = romi.model_copy(
        update={"arguments": (romi.arguments[0].model_copy(update={"name": "date"}),)}
    )
    assert vba_problems(clash) == ["'date' is not a valid VBA name"]


def test_vba_strings_double_quotes_and_spell_out_other_characters():
    assert vba_string('say "hi"') == '"say ""hi"""'
    assert vba_string("100 × 40 %") == '"100 " & ChrW(215) & " 40 %"'
    assert vba_string("") == '""'


def test_xlwings_conf_names_the_udf_module_that_imports():
    assert render_conf() == f'"UDF MODULES","{UDF_MODULE}"\r\n'
    assert importlib.import_module(UDF_MODULE).ROMI.__name__ == "ROMI"


def vba_blocks(text: str) -> list[str]:
    """Check that the module's blocks nest (Function/Sub, #If, If, Select, For); return problems."""
    openers = [
        (re.compile(r"^(Public |Private )?Function \w+\("), "Function"),
        (re.compile(r"^(Public |Private )?Sub \w+\("), "Sub"),
        (re.compile(r"^#If .* Then$"), "#If"),
        (re.compile(r"^If .* Then$"), "If"),
        (re.compile(r"^Select Case "), "Select"),
        (re.compile(r"^For "), "For"),
    ]
    closers = {
        "End Function": "Function",
        "End Sub": "Sub",
        "#End If": "#If",
        "End If": "If",
        "End Select": "Select",
    }
    stack: list[str] = []
    problems = []
    for number, raw in enumerate(text.split("\r\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("'"):
            continue
        opened = next((block for pattern, block in openers if pattern.match(line)), None)
        if opened:
            stack.append(opened)
        elif line in closers or line.startswith("Next"):
            expected = closers.get(line, "For")
            if not stack or stack.pop() != expected:
                problems.append(f"line {number}: {line} closes nothing open")
        elif line == "#Else" and (not stack or stack[-1] != "#If"):
            problems.append(f"line {number}: #Else outside #If")
    return problems + [f"unclosed {block}" for block in stack]


def test_the_module_blocks_nest_and_every_helper_it_calls_is_defined(bas):
    assert vba_blocks(bas) == []
    for helper in ("RoikitCell", "RoikitValue", "RoikitBook", "RoikitFailure", "RoikitDescribe"):
        assert re.search(rf"^(Private |Public )?(Function|Sub) {helper}\(", bas, re.MULTILINE)


def test_the_block_check_finds_an_unclosed_function():
    assert vba_blocks("Function F(x)\r\n    F = x\r\n") == ["unclosed Function"]


@pytest.mark.parametrize("name", ["CTR1", "AB12", "R1C1", "RC"])
def test_a_name_excel_reads_as_a_cell_reference_is_refused(name):
    from roikit.catalog import spec
    from roikit.excel import lite_problems

    renamed = spec("CTR").model_copy(update={"name": name})
    assert f"Excel reads {name} as a cell reference" in vba_problems(renamed)
    assert f"Excel reads {name} as a cell reference" in lite_problems(renamed)


def test_no_function_is_named_like_an_excel_builtin_which_would_win_over_the_udf():
    formulas = pytest.importorskip("formulas")  # knows the names of Excel's built-in functions

    builtins = set(formulas.get_functions())
    assert len(builtins) > 400
    assert {function.name for function in CATALOG} & builtins == set()
