"""Headless recalculation: load + calculate + save of campaign sheets, against the alternatives.

One row per campaign (revenue, margin, cost, customers, delivered, opens, clicks) with ROMI,
CTR, CTOR and CAC per row and totals below, at 1k, 10k and 100k rows. Timed, with peak memory,
each in a fresh process:

* roikit fast engine (formualizer with the catalog as Python UDFs);
* roikit formulas engine (the ``formulas`` package), skipped past 10k rows, where it needs
  minutes and gigabytes; then the same with only the needed outputs, and a warm model
  recalculated again (what ``roikit batch`` does);
* LibreOffice headless (``roikit.templates.libreoffice.recalculate``: ``soffice --convert-to
  xlsx`` with a fresh profile forcing a full recalculation) on the same sheets written with
  native Excel formulas (``catalog.native_formula``), when ``soffice`` is on PATH (``make
  libreoffice``).

Targets (issue 3): 10k rows in at most half of LibreOffice's time; 100k rows within 10 s and 1 GB.

    python benchmarks/bench_engine.py            # all sizes
    python benchmarks/bench_engine.py 1000 10000 # some sizes
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REFERENCE_LIMIT = 10_000
SIZES = (1_000, 10_000, 100_000)
INPUTS = ("campaign", "revenue", "margin", "cost", "new_customers", "delivered", "opens", "clicks")
#: output column -> (function, its arguments as input columns)
OUTPUTS = {
    "romi": ("ROMI", {"revenue": "B", "margin": "C", "costs": "D"}),
    "ctr": ("CTR", {"clicks": "H", "delivered": "F"}),
    "ctor": ("CTOR", {"clicks": "H", "opens": "G"}),
    "cac": ("CAC", {"costs": "D", "new_customers": "E"}),
}


def build(path: Path, rows: int, *, native: bool) -> Path:
    """A campaign sheet with ``rows`` campaigns, in roikit functions or native formulas."""
    import openpyxl
    from openpyxl.workbook.defined_name import DefinedName

    from roikit.catalog import native_formula, spec

    randomness = random.Random(rows)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Campaigns")
    sheet.append([*INPUTS, *OUTPUTS])
    for row in range(2, rows + 2):
        delivered = randomness.randint(1_000, 50_000)
        opens = randomness.randint(0, delivered // 2)
        values = [
            f"campaign {row - 1}",
            randomness.randint(0, 200_000),
            randomness.choice((0.2, 0.25, 0.3, 0.4)),
            randomness.randint(100, 20_000),
            randomness.randint(0, 300),
            delivered,
            opens,
            randomness.randint(0, opens),
        ]
        formulas = []
        for function, arguments in OUTPUTS.values():
            cells = {name: f"{column}{row}" for name, column in arguments.items()}
            if native:
                formulas.append("=" + native_formula(spec(function), cells))
            else:
                formulas.append(f"={function}({','.join(cells.values())})")
        sheet.append(values + formulas)
    last, total = rows + 1, rows + 2
    sheet.append(
        [
            "total",
            f"=SUM(B2:B{last})",
            f"=SUMPRODUCT(B2:B{last},C2:C{last})/B{total}",
            f"=SUM(D2:D{last})",
            f"=SUM(E2:E{last})",
            f"=SUM(F2:F{last})",
            f"=SUM(G2:G{last})",
            f"=SUM(H2:H{last})",
        ]
        + [
            "=" + native_formula(spec(function), {n: f"{c}{total}" for n, c in arguments.items()})
            if native
            else f"={function}({','.join(f'{c}{total}' for c in arguments.values())})"
            for function, arguments in OUTPUTS.values()
        ]
    )
    for name, column in zip(("total_romi", "total_ctr"), ("I", "J"), strict=True):
        workbook.defined_names[name] = DefinedName(name, attr_text=f"Campaigns!${column}${total}")
    workbook.save(path)
    return path


def _measure(job: dict) -> dict:
    """Run one job in this (fresh) process; return seconds and peak memory."""
    start = time.perf_counter()
    if job["kind"] == "libreoffice":
        from roikit.templates.libreoffice import recalculate

        out = recalculate([Path(job["book"])], Path(job["outdir"]))[Path(job["book"])]
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        check = _check(str(out)) if job.get("check", True) else None
        return {"seconds": seconds, "peak_mb": peak / 1024, "check": check}
    import roikit

    book = roikit.open(job["book"], engine=job["engine"])
    if job.get("outputs_only"):
        book.calculate(["total_romi", "total_ctr"])
    else:
        book.calculate()
    loaded = time.perf_counter()
    warm = None
    if job.get("warm"):
        book.set("Campaigns!B2", 1000)
        book.calculate(["total_romi", "total_ctr"])
        warm = time.perf_counter() - loaded
    if not job.get("outputs_only"):
        book.save(job["out"])
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    check = _check(job["out"]) if not job.get("outputs_only") else book.get("total_romi")
    return {"seconds": seconds, "peak_mb": peak / 1024, "warm": warm, "check": check}


def _check(path: str) -> float | None:
    """The saved total ROMI (cached value), to see that the numbers were really computed."""
    import openpyxl

    sheet = openpyxl.load_workbook(path, data_only=True, read_only=True)["Campaigns"]
    value = None
    for row in sheet.iter_rows(min_col=9, max_col=9, values_only=True):
        value = row[0]
    return value


def run(job: dict) -> dict:
    """``job`` in a fresh Python process, so peak memory is its own."""
    completed = subprocess.run(
        [sys.executable, __file__, "--job", json.dumps(job)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(sizes: tuple[int, ...]) -> None:
    from roikit.templates.libreoffice import soffice as find_soffice

    soffice = find_soffice()
    print("Headless recalculation: load + calculate + save (seconds, peak MB), fresh process each")
    if soffice is None:
        print("LibreOffice (soffice) not found: run `make libreoffice` for its column")
    header = f"{'rows':>7}  {'fast':>14}  {'formulas':>15}  {'LibreOffice':>15}  fast vs LO"
    notes = []
    with tempfile.TemporaryDirectory(prefix="roikit-bench-") as folder:
        root = Path(folder)
        if soffice:
            empty = build(root / "empty.xlsx", 0, native=True)
            start = run(
                {
                    "kind": "libreoffice",
                    "book": str(empty),
                    "outdir": str(root / "lo0"),
                    "check": False,
                }
            )
            notes.append(
                f"LibreOffice's own start (a 0-row sheet): {start['seconds']:.2f} s, included below"
            )
        print(header)
        for rows in sizes:
            book = build(root / f"campaigns_{rows}.xlsx", rows, native=False)
            twin = build(root / f"native_{rows}.xlsx", rows, native=True)
            fast = run(
                {"kind": "roikit", "engine": "fast", "book": str(book), "out": str(root / "f.xlsx")}
            )
            reference = None
            if rows <= REFERENCE_LIMIT:
                reference = run(
                    {
                        "kind": "roikit",
                        "engine": "formulas",
                        "book": str(book),
                        "out": str(root / "r.xlsx"),
                    }
                )
                needed = run(
                    {
                        "kind": "roikit",
                        "engine": "formulas",
                        "book": str(book),
                        "out": "",
                        "outputs_only": True,
                        "warm": True,
                    }
                )
                notes.append(
                    f"{rows:>7} rows, formulas engine: everything {reference['seconds']:.2f} s; "
                    f"only the 2 totals {needed['seconds']:.2f} s (x{reference['seconds'] / needed['seconds']:.1f}); "
                    f"then warm, one input changed: {needed['warm']:.2f} s"
                )
            libre = None
            if soffice:
                libre = run({"kind": "libreoffice", "book": str(twin), "outdir": str(root / "lo")})
            cells = [f"{rows:>7}", _cell(fast, 14)]
            cells.append(_cell(reference, 15) if reference else f"{'skipped':>15}")
            cells.append(_cell(libre, 15) if libre else f"{'-':>15}")
            ratio = ""
            if libre:
                times = libre["seconds"] / fast["seconds"]
                ratio = f"x{times:.2f} faster" if times >= 1 else f"x{1 / times:.2f} slower"
            print("  ".join(cells) + f"  {ratio}", flush=True)
            checks = {"fast": fast["check"]} | (
                {"formulas": reference["check"]} if reference else {}
            )
            if libre:
                checks["LibreOffice"] = libre["check"]
            notes.append(
                f"{rows:>7} rows, saved total ROMI: "
                + ", ".join(f"{k} {v!r}" for k, v in checks.items())
            )
    print(f"formulas skipped past {REFERENCE_LIMIT:,} rows: at 10k it already needs the time above")
    for note in notes:
        print(note)


def _cell(result: dict, width: int) -> str:
    return f"{result['seconds']:6.2f}s {result['peak_mb']:5.0f}MB".rjust(width)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--job":
        print(json.dumps(_measure(json.loads(sys.argv[2]))))
    else:
        main(tuple(int(size) for size in sys.argv[1:]) or SIZES)
