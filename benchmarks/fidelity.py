"""How often each engine gives what Microsoft Excel gave, on real Excel-saved workbooks.

``make fidelity`` runs this. The corpus (``fidelity/MANIFEST.csv``) lists workbooks saved by
Microsoft Excel with every formula's cached value, taken from public test suites (repository,
path, commit, licence and SHA-256 of each). For every workbook:

1. a copy is made with every formula's cached value stripped (and the other cells of an array
   formula's area blanked), so that no engine can pass by reading Excel's answer back;
2. each engine recalculates the copy: roikit's engines as ``roikit recalc`` does it (open,
   calculate, save; a workbook refused counts every cell as a miss), and the anchors alone
   (formualizer, IronCalc, LibreOffice headless, formulas);
3. every formula cell is compared with Excel's cached value, except those depending on TODAY,
   NOW or RAND (:func:`volatile_cells`: their cached value is the moment Excel saved the file).

A cell matches when: numbers agree to 1e-9 relative (or 1e-12 absolute near zero); texts are
equal (a blank and an empty text are the same: Excel caches a formula giving "" as empty text);
booleans are equal; errors have the same code (#N/A = #N/A) -- the rule of
:func:`roikit.engine.verify.same_value`. Anything else -- a number for an error, a refused
workbook, an engine crash or time-out -- is a miss.

The corpus files are not in the repository: they are read from ``$ROIKIT_FIDELITY_CORPUS`` (a
folder of the files by their MANIFEST names) or taken from local mirrors of the source
repositories (``$ROIKIT_FIDELITY_MIRRORS``, default ``/work/.mirror``, as ``owner+name/repo``
git directories), and checked against their SHA-256.

Output: each engine's match % in one table, roikit's misses by function, and
``build/fidelity/results.json`` (every engine's value for every cell), from which
``src/roikit/engine/known.py``'s data is made (``--known``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from roikit.engine import known as known_data

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "fidelity" / "MANIFEST.csv"
BUILD = ROOT / "build" / "fidelity"
ENGINES = [
    "roikit-fast",
    "roikit-formulas",
    "roikit-ironcalc",
    "formualizer",
    "ironcalc",
    "libreoffice",
    "formulas",
]
#: seconds one engine may take over one workbook
TIMEOUT = 60

#: a cell an engine gave no value for
MISSING = object()
#: the data ``roikit inspect`` reads: what each engine got wrong in the corpus (--known)
KNOWN = ROOT / "src" / "roikit" / "engine" / "known.json"
ARRAY_AREA = known_data.ARRAY_FORMULAS
STRUCTURED = known_data.STRUCTURED_REFERENCES
_STRUCTURED = re.compile(r"[A-Za-z_][\w.]*\[(?:[^\]\d]|\[)")
_CELL = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.DOTALL)
_R = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_T = re.compile(rb'\s+t="[^"]*"')
_V = re.compile(rb"<v>.*?</v>|<v/>", re.DOTALL)


# --------------------------------------------------------------------------------- corpus


def corpus(manifest: Path = MANIFEST) -> list[dict[str, str]]:
    with manifest.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def materialise(rows: list[dict[str, str]], folder: Path) -> list[Path]:
    """Every corpus workbook in ``folder``: from $ROIKIT_FIDELITY_CORPUS or the mirrors."""
    folder.mkdir(parents=True, exist_ok=True)
    given = os.environ.get("ROIKIT_FIDELITY_CORPUS")
    mirrors = Path(os.environ.get("ROIKIT_FIDELITY_MIRRORS", "/work/.mirror"))
    paths, missing = [], []
    for row in rows:
        target = folder / row["file"]
        if not (target.exists() and _sha(target.read_bytes()) == row["sha256"]):
            data = None
            if given and (Path(given) / row["file"]).exists():
                data = (Path(given) / row["file"]).read_bytes()
            else:
                git = mirrors / row["repo"].replace("/", "+") / "repo"
                if git.exists():
                    done = subprocess.run(
                        ["git", "-C", str(git), "show", f"{row['commit']}:{row['path']}"],
                        capture_output=True,
                    )
                    data = done.stdout if done.returncode == 0 else None
            if data is None or _sha(data) != row["sha256"]:
                missing.append(row["file"])
                continue
            target.write_bytes(data)
        paths.append(target)
    if missing:
        print(f"corpus: {len(missing)} workbooks not found ({', '.join(missing[:5])}, ...)")
    return paths


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def strip(source: Path, target: Path) -> dict[str, Any]:
    """Copy ``source`` to ``target`` without formulas' cached values; Excel's values by cell."""
    import zipfile

    from roikit.xlsx import Package

    expected: dict[str, Any] = {}
    blanks: dict[str, set[str]] = {}
    package = Package(source)
    try:
        for sheet in package.sheet_order:
            cells = package.sheet(sheet).formula_cells
            blanks[package.sheets[sheet].path] = set(cells)
            for reference in cells:
                expected[f"{sheet}!{reference}"] = encode(package.cached_value(sheet, reference))
    finally:
        package.close()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in blanks:
                data = _strip_sheet(data, blanks[item.filename])
            zout.writestr(item, data)
    return expected


def _strip_sheet(xml: bytes, formula_cells: set[str]) -> bytes:
    def blank(match: re.Match[bytes]) -> bytes:
        attributes, body = match.group(1), match.group(3)
        r = _R.search(attributes)
        if body is None or r is None or r.group(1).decode() not in formula_cells:
            return match.group(0)
        return b"<c" + _T.sub(b"", attributes) + b">" + _V.sub(b"", body) + b"</c>"

    return _CELL.sub(blank, xml)


#: functions whose value is the moment or a random draw: Excel's cached value is the day it
#: saved the file, which no engine can give today
VOLATILE = {"TODAY", "NOW", "RAND", "RANDBETWEEN", "RANDARRAY"}
_ARRAY_AREA = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>\s*<(?:\w+:)?f\b[^>]*'
    rb'\bt="array"[^>]*\bref="([A-Z0-9:$]+)"'
)


def volatile_cells(path: Path) -> set[str]:
    """``Sheet!A1`` of every formula cell whose value depends on a volatile function (TODAY,
    NOW, RAND...), directly or through other cells (formualizer's dependency graph), with the
    areas of array formulas among them."""
    import formualizer

    from roikit.xlsx import Package, functions_in
    from roikit.xlsx.package import area_cells

    package = Package(path)
    try:
        seeds = [  # every cell of a shared formula, not only the one that holds its text
            (sheet, reference)
            for sheet in package.sheet_order
            if any(functions_in(formula) & VOLATILE for _, formula in package.formula_texts(sheet))
            for reference in package.sheet(sheet).formula_cells
            if functions_in(package.formula(sheet, reference) or "") & VOLATILE
        ]
        if not seeds:
            return set()
        areas: dict[tuple[str, str], list[str]] = {}
        for sheet in package.sheet_order:
            for match in _ARRAY_AREA.finditer(package.sheet_bytes(sheet)):
                cells = area_cells(match.group(2).decode().replace("$", ""))
                for cell in cells:
                    areas[sheet, cell] = cells
    finally:
        package.close()
    workbook = formualizer.Workbook.load_path(str(path))
    workbook.evaluate_all()
    found = set(seeds)
    queue = list(seeds)
    while queue:
        sheet, reference = queue.pop()
        quoted = sheet.replace("'", "''")
        report = workbook.dependents(f"'{quoted}'!{reference}", max_results=100_000)
        more = [
            (name.strip("'").replace("''", "'"), cell.replace("$", ""))
            for name, _, cell in (str(d.cell).rpartition("!") for d in report.dependents)
        ]
        more += [(sheet, cell) for cell in areas.get((sheet, reference), [])]
        for key in more:
            if key not in found:
                found.add(key)
                queue.append(key)
    return {f"{sheet}!{reference}" for sheet, reference in found}


# --------------------------------------------------------------------------------- values


def encode(value: Any) -> Any:
    """A cell value as JSON: numbers, texts, booleans, None, {"error": code}."""
    from roikit.cells import CellError

    if isinstance(value, CellError):
        return {"error": value.code}
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict) and "error" in value:
        return value
    return str(value)


def matches(excel: Any, got: Any) -> bool:
    """Whether an engine's value is Excel's (roikit.engine.verify.same_value's rule)."""
    from roikit.cells import CellError
    from roikit.engine.verify import same_value

    def decode(value: Any) -> Any:
        return CellError(value["error"]) if isinstance(value, dict) else value

    return got is not MISSING and same_value(decode(excel), decode(got))


# --------------------------------------------------------------------------------- engines


def run_roikit(path: Path, engine: str, out: Path) -> dict[str, Any]:
    import roikit
    from roikit.xlsx import Package

    with roikit.open(path, engine=engine) as book:
        saved = book.save(out / f"{engine}-{path.name}")
        notes = book.notes()
    return _read_file(saved, Package) | ({"__notes__": notes} if notes else {})


def _read_file(path: Path, package_class: Any) -> dict[str, Any]:
    values = {}
    package = package_class(path)
    try:
        for sheet in package.sheet_order:
            for reference in package.sheet(sheet).formula_cells:
                values[f"{sheet}!{reference}"] = encode(package.cached_value(sheet, reference))
    finally:
        package.close()
    return values


def run_formualizer(path: Path, cells: dict[str, list[str]]) -> dict[str, Any]:
    import formualizer

    from roikit.engine.fast import read
    from roikit.xlsx import split_reference

    workbook = formualizer.Workbook.load_path(str(path))
    workbook.set_temporal_egress("serial")
    workbook.evaluate_all()
    values = {}
    for sheet, references in cells.items():
        for reference in references:
            row, column = split_reference(reference)
            values[f"{sheet}!{reference}"] = encode(read(workbook.get_value(sheet, row, column)))
    return values


def run_ironcalc(path: Path, cells: dict[str, list[str]]) -> dict[str, Any]:
    import ironcalc

    from roikit.cells import CellError
    from roikit.xlsx import split_reference

    model = ironcalc.load_from_xlsx(str(path), "en", "UTC")
    model.evaluate()
    index = {sheet["name"]: i for i, sheet in enumerate(model.get_worksheets_properties())}
    values = {}
    for sheet, references in cells.items():
        for reference in references:
            row, column = split_reference(reference)
            value = model.get_cell_value(index[sheet], row, column)
            kind = str(model.get_cell_type(index[sheet], row, column))
            if kind.endswith("ErrorValue"):
                value = CellError(str(value))
            elif kind.endswith("Number") and isinstance(value, int | float):
                value = float(value)
            values[f"{sheet}!{reference}"] = encode(value)
    return values


def run_formulas(path: Path, cells: dict[str, list[str]]) -> dict[str, Any]:
    import contextlib
    import io

    import formulas

    from roikit.engine.formulas import read
    from roikit.xlsx.package import area_cells

    with contextlib.redirect_stderr(io.StringIO()):
        model = formulas.ExcelModel().loads(str(path)).finish()
        solution = model.calculate()
    book = path.name.upper()
    found: dict[str, Any] = {}
    for key, value in solution.items():
        text = str(key)
        if "]" not in text or "!" not in text:
            continue
        name, _, area = text.rpartition("!")
        name = name.strip("'")
        if name[1:].partition("]")[0].upper() != book:
            continue
        sheet = name.partition("]")[2].upper()
        value = read(value)
        references = area_cells(area) if ":" in area else [area]
        for i, reference in enumerate(references):
            item = value
            if isinstance(value, list):
                width = len(value[0])
                row, column = divmod(i, width)
                item = value[row][column] if row < len(value) else None
            found[f"{sheet}!{reference}"] = item
    return {
        f"{sheet}!{reference}": encode(found.get(f"{sheet.upper()}!{reference}"))
        for sheet, references in cells.items()
        for reference in references
    }


def worker(engine: str) -> None:
    """Read (stripped workbook, output folder) lines; write one JSON line of values each."""
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # what an engine prints goes to stderr, not into the answers
    for line in sys.stdin:
        path_text, out_text, cells_text = line.rstrip("\n").split("\t")
        path, out, cells = Path(path_text), Path(out_text), json.loads(cells_text)
        try:
            if engine.startswith("roikit-"):
                values = run_roikit(path, engine.removeprefix("roikit-"), out)
            else:
                values = globals()[f"run_{engine}"](path, cells)
        except Exception as err:
            values = {"__failed__": f"{type(err).__name__}: {err}"[:300]}
        answers.write(json.dumps(values) + "\n")
        answers.flush()


def run_engine(engine: str, jobs: list[tuple[Path, dict[str, list[str]]]], out: Path) -> list:
    """Every workbook through one engine in a worker process, restarted after a crash or a
    workbook that takes longer than TIMEOUT."""
    results: list[dict[str, Any]] = []
    process = None
    for path, cells in jobs:
        if process is None:
            process = subprocess.Popen(
                [sys.executable, __file__, "--worker", engine],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(f"{path}\t{out}\t{json.dumps(cells)}\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], TIMEOUT)
        line = process.stdout.readline() if ready else ""
        if line:
            results.append(json.loads(line))
            continue
        results.append({"__failed__": "timed out" if not ready else "crashed"})
        process.kill()
        process.wait()
        process = None
    if process is not None:
        process.stdin.close()
        process.wait()
    return results


def run_libreoffice(jobs: list[tuple[Path, dict[str, list[str]]]], out: Path) -> list:
    from roikit.templates.libreoffice import recalculate, soffice
    from roikit.xlsx import Package

    if soffice() is None:
        return [{"__failed__": "LibreOffice not installed"} for _ in jobs]
    folder = out / "libreoffice"
    try:
        copies = recalculate([path for path, _ in jobs], folder, timeout=1800)
    except RuntimeError:
        copies = {path: folder / path.with_suffix(".xlsx").name for path, _ in jobs}
    results = []
    for path, _ in jobs:
        copy = copies[path]
        try:
            results.append(_read_file(copy, Package))
        except Exception as err:
            results.append({"__failed__": f"{type(err).__name__}: {err}"[:300]})
    return results


# --------------------------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument(
        "--manifest", type=Path, default=MANIFEST, help="the corpus (default fidelity/MANIFEST.csv)"
    )
    parser.add_argument("--only", default="", help="workbooks whose name contains this")
    parser.add_argument("--misses", type=int, default=25, help="functions listed per engine")
    parser.add_argument("--show", default="", help="print every miss of this engine")
    parser.add_argument("--known", action="store_true", help=f"write {KNOWN.name}")
    parser.add_argument("--jobs", type=int, default=2, help="engines run at once")
    arguments = parser.parse_args()
    if arguments.worker:
        worker(arguments.worker)
        return
    engines = [engine for engine in arguments.engines.split(",") if engine]
    rows = [row for row in corpus(arguments.manifest) if arguments.only in row["file"]]
    started = time.perf_counter()
    sources = materialise(rows, BUILD / "corpus")
    stripped_folder = BUILD / "stripped"
    out = BUILD / "out"
    for folder in (stripped_folder, out):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    jobs, expected = [], {}
    left_out = 0
    for source in sources:
        stripped = stripped_folder / source.name
        wanted = strip(source, stripped)
        volatile = volatile_cells(stripped) & wanted.keys()
        left_out += len(volatile)
        wanted = {key: value for key, value in wanted.items() if key not in volatile}
        expected[source.name] = wanted
        cells: dict[str, list[str]] = {}
        for key in wanted:
            sheet, _, reference = key.rpartition("!")
            cells.setdefault(sheet, []).append(reference)
        jobs.append((stripped, cells))

    def run(engine: str) -> dict[str, Any]:
        began = time.perf_counter()
        got = (
            run_libreoffice(jobs, out) if engine == "libreoffice" else run_engine(engine, jobs, out)
        )
        print(f"  {engine}: {time.perf_counter() - began:.0f} s", file=sys.stderr)
        found = {path.name: values for (path, _), values in zip(jobs, got, strict=True)}
        # each engine's values as soon as it is done (a long run stopped early keeps them)
        (BUILD / f"values-{engine}.json").write_text(json.dumps(found), encoding="utf-8")
        return found

    with ThreadPoolExecutor(arguments.jobs) as pool:  # each engine runs in its own process
        results = dict(zip(engines, pool.map(run, engines), strict=True))
    report(rows, expected, results, arguments, left_out)
    BUILD.mkdir(parents=True, exist_ok=True)
    (BUILD / "results.json").write_text(
        json.dumps({"expected": expected, "engines": results}), encoding="utf-8"
    )
    print(f"({time.perf_counter() - started:.0f} s; every value in {BUILD / 'results.json'})")


def report(rows, expected, results, arguments, left_out=0) -> None:
    total = sum(len(cells) for cells in expected.values())
    print(
        f"Fidelity corpus: {len(expected)} workbooks saved by Microsoft Excel, "
        f"{total:,} formula cells with Excel's cached values"
    )
    print(
        f"({left_out:,} more left out: they depend on TODAY, NOW or RAND, whose cached value is "
        "the moment Excel saved the file)\n"
    )
    print("| engine | cells matching Excel | workbooks refused or failed |")
    print("| --- | --- | --- |")
    for engine, books in results.items():
        good = failed = 0
        for name, cells in expected.items():
            got = books.get(name, {})
            failed += "__failed__" in got
            good += sum(matches(value, got.get(key, MISSING)) for key, value in cells.items())
        share = 100 * good / total if total else 0.0
        print(f"| {engine} | {share:.1f} % ({good:,}) | {failed} |")
    labels = _labels(expected)
    for engine in [e for e in results if e.startswith("roikit-")]:
        print(f"\n{engine}: misses by function (a cell counts once for each function it calls)")
        counter: Counter[str] = Counter()
        for name, cells in expected.items():
            got = results[engine].get(name, {})
            if "__failed__" in got:
                counter[f"(workbook refused: {got['__failed__'][:60]})"] += len(cells)
                continue
            for key, value in cells.items():
                if not matches(value, got.get(key, MISSING)):
                    counter.update(labels[name][key])
        for label, count in counter.most_common(arguments.misses):
            print(f"  {count:6,}  {label}")
    if arguments.show:
        for name, cells in expected.items():
            got = results[arguments.show].get(name, {})
            if "__failed__" in got:
                print(f"{name}: FAILED {got['__failed__']}")
                continue
            for key, value in cells.items():
                if not matches(value, got.get(key, MISSING)):
                    print(f"{name} {key}: excel={value!r} got={got.get(key, MISSING)!r}")
    if arguments.known:
        text = json.dumps(known(expected, results, labels), indent=1, sort_keys=True)
        KNOWN.write_text(re.sub(r"\[\s+(\d+),\s+(\d+)\s+\]", r"[\1, \2]", text) + "\n")
        print(f"wrote {KNOWN.relative_to(ROOT)}")


def _labels(expected) -> dict[str, dict[str, set[str]]]:
    """Workbook -> cell -> what its formula uses: functions, and features in parentheses."""
    from roikit.xlsx import Package, functions_in

    labels: dict[str, dict[str, set[str]]] = {}
    for name, cells in expected.items():
        package = Package(BUILD / "corpus" / name)
        try:
            labels[name] = {}
            for key in cells:
                sheet, _, reference = key.rpartition("!")
                formula = package.formula(sheet, reference)
                found = functions_in(formula) if formula else {ARRAY_AREA}
                if formula and _STRUCTURED.search(formula):
                    found.add(STRUCTURED)
                labels[name][key] = found or {"(no function)"}
        finally:
            package.close()
    return labels


def known(expected, results, labels) -> dict[str, dict[str, list[int]]]:
    """Engine -> function or feature -> [cells missed, cells] in the corpus, for each of
    roikit's engines and what it missed at least once (``roikit inspect`` shows it)."""
    table: dict[str, dict[str, list[int]]] = {}
    for engine in [e for e in results if e.startswith("roikit-")]:
        counts: dict[str, list[int]] = {}
        for name, cells in expected.items():
            got = results[engine].get(name, {})
            if "__failed__" in got:  # a crash or a time-out says nothing of one function
                continue
            for key, value in cells.items():
                missed = not matches(value, got.get(key, MISSING))
                for label in labels[name][key]:
                    count = counts.setdefault(label, [0, 0])
                    count[0] += missed
                    count[1] += 1
        table[engine.removeprefix("roikit-")] = {
            label: count for label, count in counts.items() if count[0]
        }
    return table


if __name__ == "__main__":
    main()
