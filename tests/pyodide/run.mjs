// Runs addin/lite/main.py in Pyodide, as xlwings Lite does, for the calls in a JSON file.
//
//   node run.mjs CALLS.json   ->  one JSON line on stdout: {"meta": ..., "results": [...]}
//
// CALLS.json: {"main_py": "<path>", "calls": [{"func_name", "args", "runtime"}, ...]}.
// Pyodide is the npm package (package.json); the packages main.py needs are the wasm32 wheels
// `make pyodide` downloads into wheels/. Nothing is fetched from the network: a package
// missing there fails the import, as it would in Lite without its requirements.txt line.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const here = dirname(fileURLToPath(import.meta.url));
const request = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const wheels = join(here, "wheels");

try {
  const pyodide = await loadPyodide({ stdout: () => {}, stderr: (line) => console.error(line) });
  await pyodide.loadPackage(
    readdirSync(wheels)
      .filter((name) => name.endsWith(".whl"))
      .map((name) => join(wheels, name)),
    { messageCallback: () => {} },
  );
  pyodide.runPython(readFileSync(join(here, "lite_host.py"), "utf-8"));
  const run = pyodide.globals.get("run");
  const answer = await run(readFileSync(request.main_py, "utf-8"), JSON.stringify(request.calls));
  process.stdout.write(answer + "\n");
} catch (error) {
  // a Python exception's message is its traceback; the rest of the JS stack says nothing more
  console.error(error.message ?? String(error));
  process.exitCode = 1;
}
