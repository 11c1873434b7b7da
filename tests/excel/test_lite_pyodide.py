"""addin/lite/main.py run for real: in Pyodide, through xlwings' own Lite machinery.

``make pyodide`` puts node's Pyodide (npm package ``pyodide``, Python 3.14 in WebAssembly) and
the wasm32 wheels of xlwings 0.37.8 and pydantic into tests/pyodide -- no numpy, which no
registry here has for Pyodide and which the core needs only for arrays. tests/pyodide/run.mjs
loads main.py there as the Lite add-in does and answers each call with
``xlwings.server.custom_functions_call`` (see tests/pyodide/lite_host.py): xlwings' real
decorators, argument conversion and result conversion.

Every catalog example, every bad-argument case of tests/metrics/test_argument_rules.py (text, a
logical value, a negative number, a blank, a rate typed as a percentage), an error value in an
argument and ranges that spill go through it at Custom Functions runtime 1.4 and at 1.3, and
each must give what CPython's :func:`roikit.cells.call` gives for the same cells: the number, or
the error -- an error value with the reason printed on 1.4, an exception carrying the code and
the reason on 1.3 (see :mod:`roikit.excel.lite`). One node run for all of them; it takes about
35 s on this 2-core machine, 20 s of it starting Pyodide.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from roikit.catalog import CATALOG
from roikit.cells import CellError, call
from roikit.excel import excel_name

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "tests" / "pyodide"
MAIN_PY = ROOT / "addin" / "lite" / "main.py"
RUNTIMES = ("1.4", "1.3")
#: the error types of Excel's JavaScript API, as xlwings' errorstr_to_errortype names them
ERROR_TYPES = {
    "#DIV/0!": "Div0",
    "#N/A": "NotAvailable",
    "#NAME?": "Name",
    "#NULL!": "Null",
    "#NUM!": "Num",
    "#REF!": "Ref",
    "#VALUE!": "Value",
}
#: a cell that is left out (an omitted optional argument): Office.js passes null
OMITTED = object()


def _harness_missing() -> str | None:
    if shutil.which("node") is None:
        return "needs node"
    if not (HARNESS / "node_modules" / "pyodide").is_dir() or not list(
        (HARNESS / "wheels").glob("xlwings-*.whl")
    ):
        return "needs the Pyodide harness: `make pyodide`"
    return None


def _office_cell(value):
    """One cell as Office.js hands it to a custom function (an error as an error object)."""
    if isinstance(value, str) and value in ERROR_TYPES:
        return {"type": "Error", "basicValue": value, "errorType": ERROR_TYPES[value]}
    return value


def office_argument(value):
    """An argument as Office.js hands it over: every argument a 2-D array, a list a column."""
    if value is OMITTED:
        return None
    if isinstance(value, list):
        return [[_office_cell(cell) for cell in row] for row in value]
    return [[_office_cell(value)]]


def python_argument(value, default):
    """The same argument as xlwings hands it to main.py's function (``ndim=2``)."""
    if value is OMITTED:
        return default
    if isinstance(value, list):
        return [list(row) for row in value]
    return [[value]]


def column(values):
    return [[value] for value in values]


def cases():
    """(function, argument values) for every call the test makes."""
    found = []
    for function in CATALOG:
        for example in function.examples:
            args = [column(v) if isinstance(v, list | tuple) else v for v in example.args]
            found.append((function, args + [OMITTED] * (len(function.arguments) - len(args))))
        base = list(function.examples[0].args)
        base = [column(v) if isinstance(v, list | tuple) else v for v in base]
        base += [a.default for a in function.arguments[len(base) :]]
        for index, argument in enumerate(function.arguments):
            if argument.kind == "date":
                continue
            bad = ["abc", True, -5.0, 25.0 if argument.kind == "rate" else None]
            if argument.kind != "range" and not argument.optional:
                bad.append(None)
            for value in bad:
                found.append((function, [*base[:index], value, *base[index + 1 :]]))
        found.append((function, ["#N/A", *base[1:]]))
        if not any(argument.is_range for argument in function.arguments):
            # a spill: the first argument a column with a good, a bad and a blank row
            rows = column([base[0], "abc", None])
            found.append((function, [rows, *base[1:]]))
            found.append((function, [column([value] * 3) for value in base]))
    return found


def expected(function, values):
    defaults = [argument.default for argument in function.arguments]
    return call(function, *[python_argument(v, d) for v, d in zip(values, defaults, strict=True)])


@pytest.fixture(scope="module")
def pyodide_answers(tmp_path_factory):
    missing = _harness_missing()
    if missing:
        if os.environ.get("ROIKIT_REQUIRE_PYODIDE") == "1":
            pytest.fail(missing + " (ROIKIT_REQUIRE_PYODIDE=1)")
        pytest.skip(missing)
    calls = [
        {
            "func_name": function.name.lower(),
            "args": [office_argument(value) for value in values],
            "runtime": runtime,
        }
        for function, values in cases()
        for runtime in RUNTIMES
    ]
    request = tmp_path_factory.mktemp("pyodide") / "calls.json"
    request.write_text(json.dumps({"main_py": str(MAIN_PY), "calls": calls}), encoding="utf-8")
    run = subprocess.run(
        ["node", str(HARNESS / "run.mjs"), str(request)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    return json.loads(run.stdout.splitlines()[-1])


def _in_the_cell(value, runtime):
    """What xlwings Lite writes for one cell of roikit's answer."""
    if isinstance(value, CellError):
        return (
            {"type": "Error", "errorType": ERROR_TYPES[value.code]}
            if runtime == "1.4"
            else (value.code)
        )
    return value


def _same(found, wanted) -> bool:
    if isinstance(wanted, float) and isinstance(found, int | float) and not isinstance(found, bool):
        return math.isclose(found, wanted, rel_tol=1e-12, abs_tol=1e-300)
    return found == wanted


def test_main_py_runs_in_pyodide_without_numpy_or_pandas(pyodide_answers):
    assert pyodide_answers["python"].startswith("3.14")
    assert pyodide_answers["heavy_modules"] == []


def test_lite_registers_every_catalog_function_with_its_help(pyodide_answers):
    registered = {entry["name"]: entry for entry in pyodide_answers["meta"]["functions"]}
    assert sorted(registered) == sorted(function.name for function in CATALOG)
    for function in CATALOG:
        entry = registered[function.name]
        assert entry["description"] == function.summary
        assert [p["name"] for p in entry["parameters"]] == [
            excel_name(a) for a in function.arguments
        ]
        assert [p["description"] for p in entry["parameters"]] == [
            a.help for a in function.arguments
        ]
        assert [p.get("optional", False) for p in entry["parameters"]] == [
            a.optional for a in function.arguments
        ]


def test_every_call_gives_cpythons_value_or_error(pyodide_answers):
    answers = iter(pyodide_answers["results"])
    mismatches = []
    spilled = 0
    for function, values in cases():
        wanted = expected(function, values)
        for runtime in RUNTIMES:
            answer = next(answers)
            if isinstance(wanted, CellError) and runtime == "1.3":
                ok = answer.get("error") == str(wanted)
            elif isinstance(wanted, list):
                cells = [[_in_the_cell(cell, runtime) for cell in row] for row in wanted]
                found = answer.get("result")
                spilled += found is not None and len(found) == 3
                ok = found is not None and all(
                    _same(f, w)
                    for found_row, wanted_row in zip(found, cells, strict=True)
                    for f, w in zip(found_row, wanted_row, strict=True)
                )
            else:
                found = answer.get("result")
                ok = found is not None and _same(found[0][0], _in_the_cell(wanted, runtime))
                if isinstance(wanted, CellError) and wanted.message:
                    ok = ok and f"{function.name}: {wanted}" in answer["printed"]
            if not ok:
                mismatches.append((function.name, values, runtime, wanted, answer))
    assert not mismatches, mismatches[:5]
    assert spilled == 2 * 2 * sum(1 for f in CATALOG if not any(a.is_range for a in f.arguments))


def test_errors_are_error_values_on_1_4_and_raised_with_the_reason_on_1_3(pyodide_answers):
    """The worked case of the README: a margin typed as 25."""
    answers = iter(pyodide_answers["results"])
    for function, values in cases():
        on_14, on_13 = next(answers), next(answers)
        if function.name == "ROMI" and values[1] == 25.0 and not isinstance(values[0], list):
            reason = "#NUM! margin must be between 0 and 1 (write 25% or 0.25), got 25"
            assert on_14["result"] == [[{"type": "Error", "errorType": "Num"}]]
            assert f"ROMI: {reason}" in on_14["printed"]
            assert on_13 == {"error": reason, "printed": f"ROMI: {reason}\n"}
            return
    pytest.fail("no ROMI call with a margin of 25")
