"""xlwings Lite's Python side of a custom-function call, inside Pyodide (run by run.mjs).

xlwings Lite is the WebAssembly mode of xlwings Server ("is_official_lite_addin"), whose Python
entry point is ``xlwings_server/wasm/wasm_runtime.py`` (github.com/xlwings/xlwings-server). This
does what it does, with xlwings' own code: the editor's main.py becomes module ``main`` by
``exec`` (``create_module_from_string``), its functions are registered with
``xlwings.server.custom_functions_meta`` (which checks every name and argument), and each call
from Excel is answered by ``xlwings.server.custom_functions_call`` -- the decorators, argument
conversion (``err_to_str``, blanks, optional defaults) and result conversion
(``errorstr_to_errortype``) that Lite runs. A call is the JSON body of xlwings' Office.js client
(``static/js/core/custom-functions-code.js``): the Python function's name, every argument as a
2-D array, and the Custom Functions runtime Excel reports ("1.3" or "1.4"). An exception
becomes ``{"error": str(exception)}``, as in wasm_runtime.py; the client's ``showError`` then
throws ``CustomFunctions.Error(invalidValue, message)``: #VALUE! with the message on hover.

Two settings of that environment are made here: ``XLWINGS_ON_SERVER=true``, which makes
``from xlwings import func, arg`` the Office.js decorators (xlwings/__init__.py), and the license
key: the decorators live in ``xlwings.pro``, which reads one on import. Lite needs none from its
users; this harness, which only runs roikit's tests, uses the PolyForm Noncommercial key, as
xlwings' own Pyodide prototype of Lite did.
"""

import contextlib
import importlib.util
import io
import json
import os
import sys

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"

import xlwings
import xlwings.server


def create_module_from_string(module_string, module_name):
    """As wasm_runtime.py turns the editor's text into a module."""
    spec = importlib.util.spec_from_loader(module_name, loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(module_string, module.__dict__)
    sys.modules[module_name] = module
    return module


async def run(main_py, calls_json):
    main = create_module_from_string(main_py, "main")
    meta = xlwings.server.custom_functions_meta(main)
    results = []
    for call in json.loads(calls_json):
        data = {
            "client": "Office.js",
            "func_name": call["func_name"],
            "args": call["args"],
            "caller_address": "Office.js[Book1.xlsx]Sheet1!A1",
            "culture_info_name": "en-US",
            "date_format": "m/d/yyyy",
            "version": xlwings.__version__,
            "runtime": call["runtime"],
        }
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            try:
                answer = {"result": await xlwings.server.custom_functions_call(data, main)}
            except Exception as error:
                answer = {"error": str(error)}
        answer["printed"] = printed.getvalue()
        results.append(answer)
    modules = sorted(name for name in sys.modules if name.split(".")[0] in {"numpy", "pandas"})
    return json.dumps(
        {"meta": meta, "results": results, "python": sys.version, "heavy_modules": modules}
    )
