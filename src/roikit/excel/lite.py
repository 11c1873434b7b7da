"""``addin/lite/main.py`` and ``requirements.txt``: roikit for xlwings Lite (macOS, web, Windows).

xlwings Lite runs the custom functions of the workbook's ``main.py`` in Pyodide and installs what
``requirements.txt`` lists. roikit is not on PyPI, so ``main.py`` carries roikit's pure-Python
core with it -- the source of ``roikit``, ``roikit.errors``, ``roikit.metrics``,
``roikit.catalog`` and ``roikit.cells``, verbatim, as raw string literals -- and imports it
through a small importer. Plain source rather than a zipped blob: a reader of the workbook can
see every line it runs, and a diff of ``main.py`` shows which line of the core changed. The
price is the same either way: any change to the core makes ``main.py`` stale, which
``make build`` fixes and ``tests/test_generated.py`` enforces. The core needs pydantic only;
numpy is imported when arrays arrive, which a cell never hands over.

Each function is written out (generated, never edited): ``@func``, one ``@arg`` per argument with
its help, the summary as docstring, and one line that calls :func:`roikit.cells.call`. Every
argument is read as a 2-D range (``ndim=2``), so that a range given where one value belongs
keeps its shape and the result spills one value per cell (:func:`roikit.cells.call`). Error
values in the cells arrive as their codes (``err_to_str``; otherwise Lite would read them as
blanks) and pass through.

How an error reaches the cell depends on Excel's Custom Functions runtime, which xlwings hands
to every result converter (``options["runtime"]``), and :data:`RESULT_CONVERTER` decides:

* runtime 1.4 and later: the code (``"#NUM!"``), which xlwings' Office.js writer
  (``errorstr_to_errortype``) turns into the error value itself -- only from 1.4 on, the
  runtime that brought "custom functions integration with data types" (Microsoft, "Custom
  Functions requirement sets"). The reason is printed to Lite's output pane: Excel shows no
  custom message with ``#DIV/0!`` or ``#NUM!`` ("You can only return a custom error message
  with the #VALUE! and #N/A errors", Microsoft, "Handle and return errors from your custom
  function").
* runtime 1.3 (perpetual Office 2021 and 2024 on Windows, where the same table lists 1.4 as
  "Not supported"): the code would stay text, which ``ISERROR`` does not see. So the converter
  raises instead: the add-in turns an exception into ``CustomFunctions.Error(invalidValue,
  message)`` (API set CustomFunctionsRuntime 1.2; xlwings' own client does the same in
  ``showError``, "Error message is only visible by hovering over the error flag"), so the cell
  holds ``#VALUE!``, which ``ISERROR`` and ``IFERROR`` see, and the reason
  (``#NUM! margin must be ...``) is on the cell's error flag. A spilled array cannot carry an
  exception per cell: there, a row's error stays its code as text on runtime 1.3.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import pkgutil
from pathlib import Path

from roikit import __version__
from roikit.catalog import CATALOG, ArgumentSpec, FunctionSpec
from roikit.excel import excel_name, lite_problems

#: the modules main.py carries; packages bring every module in them
CORE_MODULES = ("roikit", "roikit.errors", "roikit.cells")
CORE_PACKAGES = ("roikit.metrics", "roikit.catalog")
#: what the core needs only for arrays, which a cell never hands over: not in requirements.txt
ARRAYS_ONLY = ("numpy",)
#: the return annotation of every function: xlwings' result converter, which sees the runtime
RESULT_CONVERTER = "_InTheCell"


def core_sources() -> dict[str, tuple[bool, str]]:
    """Every core module's name -> (is it a package, its source), in import-name order."""
    names = [*CORE_MODULES, *CORE_PACKAGES]
    for package in CORE_PACKAGES:
        location = importlib.util.find_spec(package).submodule_search_locations  # type: ignore[union-attr]
        names += [f"{package}.{info.name}" for info in pkgutil.iter_modules(location)]
    sources = {}
    for name in sorted(names):
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        source = Path(spec.origin).read_text(encoding="utf-8")
        if "'''" in source or source.endswith("\\"):
            raise ValueError(f"{name} cannot be carried as a raw string literal (it holds ''')")
        sources[name] = (spec.submodule_search_locations is not None, source)
    return sources


def _text(text: str) -> str:
    """A double-quoted Python string literal (JSON's escapes are Python's)."""
    return json.dumps(text, ensure_ascii=False)


def _parameter(argument: ArgumentSpec) -> str:
    name = excel_name(argument)
    return f"{name}={argument.default!r}" if argument.optional else name


def _function(function: FunctionSpec) -> list[str]:
    problems = lite_problems(function)
    if problems:
        raise ValueError(f"{function.name} cannot be a Lite function: {'; '.join(problems)}")
    lines = ["@func"]
    for argument in function.arguments:
        lines.append(
            f"@arg({_text(excel_name(argument))}, ndim=2, err_to_str=True, "
            f"doc={_text(argument.help)})"
        )
    parameters = ", ".join(_parameter(argument) for argument in function.arguments)
    names = ", ".join(excel_name(argument) for argument in function.arguments)
    lines += [
        f"def {function.name.lower()}({parameters}) -> {RESULT_CONVERTER}:",
        f"    {_text(function.summary)}",
        f"    return _cell({_text(function.name)}, {names})",
        "",
        "",
    ]
    return lines


_HEADER = '''\
"""roikit's spreadsheet functions for xlwings Lite: =ROMI(B2, B3, B4:B5) and {count} more.

Generated by `roikit addin build` (make build) from roikit {version}'s catalog; do not edit.
Paste this file into the xlwings Lite editor as main.py and add the lines of
requirements.txt to its requirements.txt tab (see README.md beside this file).

An error is an error value in the cell, which ISERROR and IFERROR see: the error itself
(#DIV/0!, #NUM!, #VALUE!) where Excel's custom functions runtime is 1.4 or later, with the
reason printed to the output pane; #VALUE! with the reason on the cell's error flag on runtime
1.3 (perpetual Office 2021 and 2024 on Windows). A range given where one value belongs spills
one result per cell: =CTR(C2:C100, B2:B100). roikit's core is carried at the end of this file,
so that nothing but pydantic needs installing.
"""

from xlwings import arg, func
from xlwings.conversion import Converter


def _cell(name, *values):
    """Evaluate roikit function `name` on the cells' values, the way every roikit host does;
    print the reason of each error for the output pane."""
    result = _call(name, *values)
    if isinstance(result, list):
        errors = [
            (f"{{name}}, row {{i + 1}}" if len(row) == 1 else f"{{name}}, row {{i + 1}} column {{j + 1}}", cell)
            for i, row in enumerate(result)
            for j, cell in enumerate(row)
            if isinstance(cell, _CellError) and cell.message
        ]
    else:
        errors = [(name, result)] if isinstance(result, _CellError) and result.message else []
    for where, error in errors[:10]:
        print(f"{{where}}: {{error}}")
    return result


class RoikitCellError(Exception):
    """A roikit error, raised where Excel's runtime cannot take an error value from Python."""


class {converter}(Converter):
    """What a roikit function returns, as xlwings Lite writes it into the cell.

    xlwings passes Excel's Custom Functions runtime in `options`. From 1.4 on, an error's
    code ("#NUM!") becomes the error value; before, it would stay text, so the error is raised
    and Excel shows #VALUE! with the reason on the cell's error flag. In a spilled array every
    error is its code.
    """

    @staticmethod
    def write_value(result, options):
        if isinstance(result, list):
            return [[cell.code if isinstance(cell, _CellError) else cell for cell in row] for row in result]
        if not isinstance(result, _CellError):
            return result
        if float(options.get("runtime", "1.4")) < 1.4:
            raise RoikitCellError(str(result))
        return result.code

'''

_IMPORTER = '''\
# ------------------------------------------------------------------------------------------------
# roikit's core (pydantic; numpy only for arrays), carried verbatim from roikit {version}


class _CarriedRoikit:
    """Imports roikit from the sources below, ahead of any other copy."""

    def find_spec(self, name, path=None, target=None):
        import importlib.util

        if name not in _ROIKIT_SOURCES:
            return None
        is_package, _ = _ROIKIT_SOURCES[name]
        return importlib.util.spec_from_loader(name, self, is_package=is_package)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        _, source = _ROIKIT_SOURCES[module.__name__]
        exec(compile(source, f"<roikit {{module.__name__}}>", "exec"), module.__dict__)


def _import_carried_roikit():
    import sys

    for name in [name for name in sys.modules if name == "roikit" or name.startswith("roikit.")]:
        del sys.modules[name]  # a copy from an earlier run of this file
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_CarriedRoikit"]
    sys.meta_path.insert(0, _CarriedRoikit())
    from roikit.cells import CellError, call

    return CellError, call


'''


def render_main() -> str:
    """The whole ``addin/lite/main.py``."""
    lines = [
        _HEADER.format(count=len(CATALOG) - 1, version=__version__, converter=RESULT_CONVERTER)
    ]
    for function in CATALOG:
        lines += _function(function)
    lines.append(_IMPORTER.format(version=__version__))
    lines.append("_ROIKIT_SOURCES = {")
    for name, (is_package, source) in core_sources().items():
        lines.append(f"    {name!r}: ({is_package!r}, r'''{source}'''),")
    lines += ["}", "", "_CellError, _call = _import_carried_roikit()", ""]
    return "\n".join(lines)


def render_requirements() -> str:
    """``addin/lite/requirements.txt``: roikit's own requirements, as loose as pyproject's, less
    numpy, which the core imports only for arrays (Lite hands a range over as lists)."""
    requirements = [
        requirement
        for requirement in importlib.metadata.requires("roikit") or []
        if "extra ==" not in requirement and not requirement.startswith(ARRAYS_ONLY)
    ]
    return "\n".join(sorted(requirements)) + "\n"
