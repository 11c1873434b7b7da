"""The core (metrics, catalog, cells) imports with only pydantic, as in Pyodide; numpy for arrays."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCKED = ["pandas", "openpyxl", "formulas", "formualizer", "xlwings", "defusedxml", "scipy"]


def test_core_imports_and_computes_with_heavy_packages_blocked():
    script = textwrap.dedent(
        f"""
        import sys
        for name in {BLOCKED!r}:
            sys.modules[name] = None  # any import of it now fails
        import roikit, roikit.catalog, roikit.cells, roikit.build.docs
        assert roikit.romi(558800, 0.25, [13500, 50000]) == 1.2
        assert roikit.cells.call("ROMI", 1000, 0.25, 0).code == "#DIV/0!"
        assert roikit.ctr([1, 2], [10, 20]).tolist() == [0.1, 0.1]
        roikit.build.docs.functions_markdown()
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_core_imports_and_computes_scalars_without_numpy():
    """xlwings Lite's Pyodide has no numpy unless installed: one value at a time needs none."""
    script = textwrap.dedent(
        f"""
        import sys
        for name in {[*BLOCKED, "numpy"]!r}:
            sys.modules[name] = None  # any import of it now fails
        import roikit, roikit.catalog, roikit.cells
        assert roikit.romi(558800, 0.25, [13500, 50000]) == 1.2
        assert roikit.cells.call("ROMI", 1000, 0.25, 0).code == "#DIV/0!"
        assert roikit.cells.call("CTR", "abc", 10).code == "#VALUE!"
        assert roikit.cells.call("AB_SIGNIFICANT", 200, 10000, 250, 10000) is True
        assert roikit.cells.call("SALES_CYCLE", [[1], [9]], [[46], [39]]) == 37.5
        for function in roikit.catalog.CATALOG:
            for example in function.examples:
                function.func(*example.args) if not example.is_error else None
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
