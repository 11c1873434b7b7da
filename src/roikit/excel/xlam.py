"""``addin/roikit.xlam``: roikit as an Excel add-in of its own, the way xlwings documents it.

xlwings' "Custom Add-ins" (``xlwings quickstart NAME --addin``) are add-in workbooks that carry
xlwings' VBA themselves: functions in them work in every open workbook, with no reference to
set and no xlwings add-in, from ``.xlsx`` files too. The add-in workbook is the one xlwings
ships for that command (``xlwings/quickstart_addin.xlam``, VBA project ``myaddin``), written
here with its configuration sheet switched on (``myaddin.conf``, the name its VBA reads) and
``UDF Modules`` set to :data:`roikit.excel.UDF_MODULE`. The user imports ``roikit.bas`` into it
once (addin/README.md): roikit cannot write the VBA project itself. Its VBA loads the DLL of the
xlwings it was built with (``xlwings64-<version>.dll``, which that xlwings' Python package
installs), so this add-in needs that exact xlwings in the Python it runs.
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

from roikit.excel import UDF_MODULE

#: the configuration sheet as xlwings ships it (a leading "_" keeps it switched off)
SHIPPED_SHEET = "_myaddin.conf"
CONFIG_SHEET = "myaddin.conf"
#: the setting's cell in that sheet: A6 holds the label "UDF Modules"
UDF_MODULES_CELL = "B6"


def xlwings_addin_template() -> Path:
    """The custom add-in workbook of the installed xlwings."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("No module named 'xlwings'", name="xlwings")
    return Path(spec.origin).with_name("quickstart_addin.xlam")


def _configured(name: str, data: bytes) -> bytes:
    text = data.decode("utf-8")
    if name == "xl/workbook.xml":
        if f'name="{SHIPPED_SHEET}"' not in text:
            raise ValueError(f"xlwings' add-in has no sheet {SHIPPED_SHEET}: update roikit")
        text = text.replace(f'name="{SHIPPED_SHEET}"', f'name="{CONFIG_SHEET}"')
    elif name == "xl/worksheets/sheet1.xml":
        row = '<row r="6" spans="1:1" ht="15.75"><c r="A6" s="1" t="s"><v>1</v></c></row>'
        if row not in text:
            raise ValueError("xlwings' add-in has no 'UDF Modules' row 6: update roikit")
        value = f'<c r="{UDF_MODULES_CELL}" s="1" t="inlineStr"><is><t>{UDF_MODULE}</t></is></c>'
        text = text.replace(
            row,
            row.replace('spans="1:1"', 'spans="1:2"').replace("</c></row>", f"</c>{value}</row>"),
        )
    return text.encode("utf-8")


def render_xlam() -> bytes:
    """The whole ``addin/roikit.xlam``: xlwings' custom add-in, configured for roikit."""
    source = zipfile.ZipFile(xlwings_addin_template())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in ("xl/workbook.xml", "xl/worksheets/sheet1.xml"):
                data = _configured(info.filename, data)
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = zipfile.ZIP_DEFLATED
            copy.external_attr = info.external_attr
            target.writestr(copy, data)
    return out.getvalue()
