"""addin/lite/main.py as generated, and what it relies on in xlwings' Office.js code.

tests/excel/test_lite_pyodide.py runs main.py for real, in Pyodide through xlwings' Lite
machinery. Here: the committed files are the fresh rendering, and the parts of xlwings that
decide what Lite does with roikit's values are read from xlwings' own source text (read, not
imported: ``xlwings.pro`` needs a license key to import): a blank becomes the default, the seven
error strings become error values, and only from Custom Functions runtime 1.4 on.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from roikit.excel.lite import render_main, render_requirements


def test_the_committed_main_py_is_the_fresh_rendering(project_root):
    assert (project_root / "addin" / "lite" / "main.py").read_text(encoding="utf-8") == (
        render_main()
    )


def test_requirements_are_the_core_ones_with_loose_ranges(project_root):
    text = (project_root / "addin" / "lite" / "requirements.txt").read_text(encoding="utf-8")
    assert text == render_requirements()
    names = [line.split(">=")[0] for line in text.splitlines()]
    assert names == ["pydantic"]  # numpy only for arrays, which a cell never hands over
    assert "==" not in text and "<" not in text


def _xlwings_source(relative: str) -> str:
    """The text of a module of the installed xlwings (read, not imported: xlwings.pro needs a
    license key to import)."""
    import importlib.util

    root = Path(importlib.util.find_spec("xlwings").origin).parent
    return (root / relative).read_text(encoding="utf-8")


def test_lite_writes_exactly_roikits_error_codes_as_error_values_from_runtime_1_4():
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
    # before 1.4 the string is returned unchanged: text, which is why main.py raises there
    assert "if float(runtime) < 1.4:\n        return error" in ast.get_source_segment(
        _xlwings_source("pro/_xlofficejs.py"), writer
    )


def test_lite_reads_a_blank_as_the_default_and_converts_with_the_arg_options():
    source = _xlwings_source("pro/udfs_officejs.py")
    assert 'args[i] = arg_info.get("optional", None)' in source
    call = r'conversion\.read\(\s*None, arg, arg_info\["options"\], engine_name="officejs"\s*\)'
    assert re.search(call, source)
