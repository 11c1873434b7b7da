"""Recalculate workbooks in headless LibreOffice Calc: the independent check of native twins.

LibreOffice starts slowly, so :func:`recalculate` converts many workbooks per ``soffice`` run
(at most :data:`BATCH`: LibreOffice 7.4 was seen to stop silently, exit 0, after about 245 files
of one command line). It runs with a throw-away user profile whose settings force a full recalculation of every
xlsx on load (``OOXMLRecalcMode`` 0 = always): without it, LibreOffice may keep the cached values
a file carries instead of computing them itself.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

_ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


#: workbooks per soffice run
BATCH = 100


def soffice() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(
    paths: Sequence[Path], outdir: Path, timeout: float = 600, *, always: bool = True
) -> dict[Path, Path]:
    """Recalculate every workbook in LibreOffice; returns each input's recalculated copy.

    The copies are xlsx files in ``outdir`` with the inputs' names (which must be unique), their
    formula cells holding the values LibreOffice computed. With ``always=False`` LibreOffice
    runs with its own default settings instead, as a user's would: it keeps the numbers a file
    carries and computes only what it must (a cached text, logical value or error).
    """
    executable = soffice()
    if executable is None:
        raise FileNotFoundError("LibreOffice (soffice) is not on PATH: run `make libreoffice`")
    names = [Path(p).name for p in paths]
    if len(set(names)) != len(names):
        raise ValueError("workbooks to recalculate need distinct file names")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="roikit-lo-profile-") as profile:
        settings = Path(profile, "user", "registrymodifications.xcu")
        settings.parent.mkdir(parents=True)
        if always:
            settings.write_text(_ALWAYS_RECALCULATE, encoding="utf-8")
        command = [
            executable,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(outdir),
        ]
        for start in range(0, len(paths), BATCH):
            batch = [str(p) for p in paths[start : start + BATCH]]
            done = subprocess.run(
                [*command, *batch], capture_output=True, text=True, timeout=timeout
            )
    out = {Path(p): outdir / Path(p).with_suffix(".xlsx").name for p in paths}
    missing = [str(p) for p, copy in out.items() if not copy.exists()]
    if missing:
        raise RuntimeError(
            f"LibreOffice did not convert {', '.join(missing)} (exit {done.returncode}): "
            f"{done.stderr.strip() or done.stdout.strip()}"
        )
    return out
