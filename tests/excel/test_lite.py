"""addin/lite/main.py under plain Python: every catalog function, its help, Lite's error strings.

xlwings Lite's own decorators live in ``xlwings.pro`` and import only with an xlwings license
key (PolyForm Noncommercial or a commercial PRO key); these tests do not accept a license on the
project's behalf. So ``main.py`` runs under a stand-in ``xlwings`` module whose ``func`` and
``arg`` record what they are given and refuse what Lite refuses: an ``arg`` naming no parameter,
a function name Lite cannot register. Everything else is real: the file runs in a fresh
interpreter with pandas, openpyxl, formulas, formualizer, xlwings' Windows parts and scipy
blocked, and with the installed roikit off limits, so it must import every roikit module from
the core it carries itself. Where the tests rely on what Lite does with values (a blank becomes
the default, the seven error strings become error values), they read it from xlwings' own
source text.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from roikit.catalog import CATALOG
from roikit.excel.lite import render_main, render_requirements

MAIN_PY = Path(__file__).resolve().parents[2] / "addin" / "lite" / "main.py"
BLOCKED = ["pandas", "openpyxl", "formulas", "formualizer", "defusedxml", "scipy", "pythoncom"]

_RUNNER = textwrap.dedent(
    """
    import inspect, json, re, sys, types

    for name in {blocked!r}:
        sys.modules[name] = None  # any import of it now fails

    class NoInstalledRoikit:  # main.py must carry every roikit module it imports

        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] == "roikit":
                raise ImportError(f"{{name}} is not carried by main.py")

    sys.meta_path.insert(0, NoInstalledRoikit())

    xlwings = types.ModuleType("xlwings")

    def func(f=None, **options):
        def inner(f):
            if not re.fullmatch(r"[^\\W\\d_][\\w.]{{0,127}}", f.__name__):
                raise ValueError(f"Lite cannot register {{f.__name__}}")
            f.__xlfunc__ = getattr(f, "__xlfunc__", {{"args": {{}}}})
            return f
        return inner(f) if f is not None else inner

    def arg(name, convert=None, **options):
        def inner(f):
            if name not in inspect.signature(f).parameters:
                raise ValueError(f"Invalid argument name {{name!r}}")
            func(f).__xlfunc__["args"][name] = options
            return f
        return inner

    xlwings.func, xlwings.arg = func, arg
    sys.modules["xlwings"] = xlwings

    import runpy
    main = runpy.run_path({path!r}, run_name="main")

    exposed = {{}}
    for name, value in main.items():
        if hasattr(value, "__xlfunc__"):
            signature = inspect.signature(value)
            exposed[name.upper()] = {{
                "doc": value.__doc__,
                "arguments": [
                    {{
                        "name": p.name,
                        "hint": str(p.annotation.__name__ if isinstance(p.annotation, type) else p.annotation),
                        "default": None if p.default is p.empty else p.default,
                        "options": value.__xlfunc__["args"].get(p.name),
                    }}
                    for p in signature.parameters.values()
                ],
                "returns": signature.return_annotation.__name__,
            }}
    calls = [[name, main[name.lower()](*args)] for name, args in {calls!r}]
    carried = sorted(n for n, m in sys.modules.items() if n.split(".")[0] == "roikit")
    loaders = {{type(sys.modules[n].__spec__.loader).__name__ for n in carried}}
    print(json.dumps({{"exposed": exposed, "calls": calls, "carried": carried, "loaders": sorted(loaders)}}))
    """
)


def run_main(calls):
    script = _RUNNER.format(blocked=BLOCKED, path=str(MAIN_PY), calls=calls)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    *printed, last = result.stdout.splitlines()
    return json.loads(last), printed


def lite_cells(value):
    """An example argument as Lite hands it over: a range as a list of rows."""
    return [[cell] for cell in value] if isinstance(value, list | tuple) else value


@pytest.fixture(scope="module")
def lite():
    calls = [
        [function.name, [lite_cells(value) for value in example.args]]
        for function in CATALOG
        for example in function.examples
    ]
    calls += [
        ["ROMI", [1000, 0.25, [[0]]]],
        ["ROMI", [558800, 25, 63500]],
        ["CTR", ["294", 9800]],
        ["ROMI", ["#N/A", 0.25, 63500]],
        ["CLV", [50, 4, 3]],
    ]
    return run_main(calls)


def test_the_committed_main_py_is_the_fresh_rendering(project_root):
    assert (project_root / "addin" / "lite" / "main.py").read_text(encoding="utf-8") == (
        render_main()
    )


def test_every_catalog_function_is_exposed_with_its_summary(lite):
    exposed = lite[0]["exposed"]
    assert sorted(exposed) == sorted(function.name for function in CATALOG)
    for function in CATALOG:
        assert exposed[function.name]["doc"] == function.summary


def test_every_argument_has_its_help_hint_and_default(lite):
    exposed = lite[0]["exposed"]
    for function in CATALOG:
        arguments = exposed[function.name]["arguments"]
        assert [a["name"] for a in arguments] == [a.name for a in function.arguments]
        for found, argument in zip(arguments, function.arguments, strict=True):
            assert found["options"]["doc"] == argument.help
            assert found["options"]["err_to_str"] is True  # else Lite reads #N/A as a blank
            assert found["default"] == argument.default
            if argument.is_range:
                assert found["hint"] == "list[list[float]]"
                assert found["options"]["ndim"] == 2
            else:
                assert found["hint"] == "float"
        assert exposed[function.name]["returns"] == (
            "bool" if function.returns == "boolean" else "float"
        )


def test_every_example_gives_the_python_result(lite):
    results = iter(lite[0]["calls"])
    for function in CATALOG:
        for example in function.examples:
            name, result = next(results)
            assert name == function.name
            if example.is_error:  # Lite shows the bare code as an error value
                assert result == example.result
            else:
                assert result == pytest.approx(function.func(*example.args), rel=1e-12)


def test_errors_come_back_as_the_error_strings_lite_shows_as_error_values(lite):
    errors = lite[0]["calls"][-5:-1]
    assert [result for _, result in errors] == ["#DIV/0!", "#NUM!", "#VALUE!", "#N/A"]


def test_the_reason_of_an_error_is_printed_for_the_output_pane(lite):
    printed = lite[1]
    assert "ROMI: #NUM! margin must be between 0 and 1 (write 25% or 0.25), got 25" in printed
    assert any(line.startswith("CTR: #VALUE! clicks must be a number") for line in printed)


def test_an_omitted_optional_argument_takes_the_catalog_default(lite):
    assert lite[0]["calls"][-1] == ["CLV", 600.0]


def test_main_py_runs_on_the_core_it_carries_with_heavy_packages_blocked(lite):
    assert lite[0]["loaders"] == ["_CarriedRoikit"]
    assert {"roikit", "roikit.cells", "roikit.catalog", "roikit.errors"} <= set(lite[0]["carried"])


def test_requirements_are_the_core_ones_with_loose_ranges(project_root):
    text = (project_root / "addin" / "lite" / "requirements.txt").read_text(encoding="utf-8")
    assert text == render_requirements()
    names = [line.split(">=")[0] for line in text.splitlines()]
    assert names == ["numpy", "pydantic"]
    assert "==" not in text and "<" not in text


def _xlwings_source(relative: str) -> str:
    """The text of a module of the installed xlwings (read, not imported: xlwings.pro needs a
    license key to import)."""
    import importlib.util

    root = Path(importlib.util.find_spec("xlwings").origin).parent
    return (root / relative).read_text(encoding="utf-8")


def test_lite_writes_exactly_roikits_error_codes_as_error_values():
    import ast

    from roikit.errors import EXCEL_ERRORS

    tree = ast.parse(_xlwings_source("pro/_xlofficejs.py"))
    writer = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "errorstr_to_errortype"
    )
    mapping = next(
        node.value
        for node in ast.walk(writer)
        if isinstance(node, ast.Assign) and node.targets[0].id == "error_to_type"
    )
    assert set(ast.literal_eval(mapping)) == set(EXCEL_ERRORS)


def test_lite_reads_a_blank_as_the_default_and_converts_with_the_arg_options():
    source = _xlwings_source("pro/udfs_officejs.py")
    assert 'args[i] = arg_info.get("optional", None)' in source
    call = r'conversion\.read\(\s*None, arg, arg_info\["options"\], engine_name="officejs"\s*\)'
    assert re.search(call, source)
