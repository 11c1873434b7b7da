"""Every catalog function as an Excel named LAMBDA, and adding them to a workbook.

Excel 365 (Windows, Mac, web) carries a function inside the workbook as a defined name whose
formula is a LAMBDA: ``ROMI = LAMBDA(revenue, margin, costs, ...)``. The body is the catalog's
guarded native expression (:func:`roikit.catalog.native_formula`), so a cell shows the error
roikit shows: ``#VALUE!`` for a blank or text, ``#NUM!`` out of range, ``#DIV/0!``.

Stored as Excel stores it (compared with a workbook saved by Excel for Mac, IronCalc's
``xlsx/tests/calc_tests/LOGICAL/LAMBDA.xlsx``): ``_xlfn.LAMBDA(_xlpm.revenue, ...)``, every use
of a parameter ``_xlpm.NAME``, a function newer than Excel 2007 with its ``_xlfn.`` prefix, the
help text in the name's ``comment`` attribute. An optional argument is declared
``_xlop.NAME`` (its uses stay ``_xlpm.NAME``), which is how Excel saves ``[NAME]``; both an
omitted argument and a blank cell take the catalog default, bound once with ``LET``.

Adding them to a workbook (``roikit lambda add``, and the templates' LAMBDA edition) changes
only ``xl/workbook.xml``: each catalog function becomes a workbook-scoped defined name, and
``calcPr`` asks Excel to recalculate on opening (cells that showed ``#NAME?`` get their values).
Every other part is copied unchanged, byte for byte; the result goes to a temporary file that is
renamed, never over the source unless asked. A name the workbook already has is kept, except a
LAMBDA of the same name (an older roikit's, replaced); a name that is not a LAMBDA and equals a
roikit function (``romi`` on a cell) is refused: it would shadow the function.

>>> from roikit.catalog import spec
>>> definition(spec("roas"))[:60]
'_xlfn.LAMBDA(_xlpm.revenue,_xlpm.costs,IF(ISERROR(_xlpm.reve'
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection
from os import PathLike
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from roikit.catalog import CATALOG, native_formula
from roikit.catalog.models import EXCEL_HELP_LIMIT, FunctionSpec
from roikit.errors import NameConflictError, WorkbookError
from roikit.templates.names import RENAMED, safe_parameter
from roikit.xlsx import Package, atomic_writer, full_calc_on_load, plain_calls, roikit_add_in_calls

__all__ = ["add_lambdas", "comment", "definition", "definitions", "parameters", "with_lambdas"]

#: functions newer than Excel 2007 used in the bodies: stored with ``_xlfn.``
FUTURE_FUNCTIONS = ("NORM.S.DIST", "NORM.S.INV")
#: what a LET variable holding an optional argument or its default is called after its parameter
_OR_DEFAULT = "_or_default"


def parameters(function: FunctionSpec, taken: Collection[str] = ()) -> list[str]:
    """The LAMBDA's parameter names, in order: the argument names, except those that equal a
    function, read as a cell, or equal one of the workbook's own names (``taken``): those get
    the suffix ``_value`` (``cac`` -> ``cac_value``). A parameter named like a function or a
    workbook name is ``#NAME?`` in IronCalc, and confusing everywhere."""
    avoid = {name.upper() for name in taken}
    out = []
    for argument in function.arguments:
        name = safe_parameter(argument.name)
        while name.upper() in avoid:
            name += RENAMED
        out.append(name)
    return out


def definition(function: FunctionSpec, taken: Collection[str] = ()) -> str:
    """The named LAMBDA's formula as stored in ``xl/workbook.xml`` (no leading ``=``), its
    parameters clear of the workbook's names ``taken``."""
    names = parameters(function, taken)
    texts, bindings = {}, []
    for argument, name in zip(function.arguments, names, strict=True):
        parameter = f"_xlpm.{name}"
        if argument.optional:
            default = repr(argument.default).removesuffix(".0")
            bound = f"_xlpm.{name}{_OR_DEFAULT}"
            bindings.append(
                f"{bound},IF(_xlfn.ISOMITTED({parameter}),{default},"
                f"IF(ISBLANK({parameter}),{default},{parameter}))"
            )
            texts[argument.name] = bound
        else:
            texts[argument.name] = parameter
    body = native_formula(function, texts)
    for argument in function.arguments:
        if argument.optional:  # the bound value is never blank: the blank checks fall away
            bound, default = texts[argument.name], repr(argument.default).removesuffix(".0")
            body = body.replace(f"IF(ISBLANK({bound}),{default},{bound})", bound)
            body = body.replace(f"OR(ISNUMBER({bound}),ISBLANK({bound}))", f"ISNUMBER({bound})")
    for name in FUTURE_FUNCTIONS:
        body = body.replace(f"{name}(", f"_xlfn.{name}(")
    if bindings:
        body = f"_xlfn.LET({','.join(bindings)},{body})"
    declared = [
        f"_xlop.{name}" if argument.optional else f"_xlpm.{name}"
        for argument, name in zip(function.arguments, names, strict=True)
    ]
    return f"_xlfn.LAMBDA({','.join(declared)},{body})"


def comment(function: FunctionSpec, taken: Collection[str] = ()) -> str:
    """The help a user sees in the Name Manager and as the name's tooltip (at most 255
    characters, Excel's limit): the signature as typed, then the summary."""
    typed = [
        f"[{name}]" if argument.optional else name
        for argument, name in zip(function.arguments, parameters(function, taken), strict=True)
    ]
    text = f"{function.name}({', '.join(typed)}): {function.summary}"
    return text if len(text) <= EXCEL_HELP_LIMIT else text[: EXCEL_HELP_LIMIT - 1] + "…"


def definitions(taken: Collection[str] = ()) -> dict[str, tuple[str, str]]:
    """Every catalog function's name -> (stored LAMBDA formula, comment), for a workbook whose
    own defined names are ``taken``; a function with no native formula (a sum of a series, see
    the catalog's ``no_native``) has no LAMBDA either."""
    return {
        function.name: (definition(function, taken), comment(function, taken))
        for function in CATALOG
        if function.native is not None
    }


#: a defined name element: its attributes and text (or none, self-closed)
_DEFINED_NAME = re.compile(
    rb"<((?:\w+:)?)definedName\b([^>]*?)(?:/>|>(.*?)</\1definedName>)", re.DOTALL
)
_NAME_ATTRIBUTE = re.compile(rb'\bname\s*=\s*"([^"]*)"')
_DEFINED_NAMES = re.compile(rb"<((?:\w+:)?)definedNames\b[^>]*?(/>|>)")
_WORKBOOK = re.compile(rb"<((?:\w+:)?)workbook\b")
#: the elements that come after definedNames in a workbook (ECMA-376 Part 1, CT_Workbook)
_AFTER_NAMES = re.compile(
    rb"<(?:\w+:)?(?:calcPr|oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|"
    rb"webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b|</(?:\w+:)?workbook>"
)


def _unescape(text: bytes) -> str:
    return (
        text.decode("utf-8")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def workbook_names(workbook_xml: bytes) -> list[tuple[str, bool, str]]:
    """Every defined name of a ``workbook.xml``: (name, whether sheet-scoped, formula text)."""
    out = []
    for element in _DEFINED_NAME.finditer(workbook_xml):
        name = _NAME_ATTRIBUTE.search(element.group(2))
        if name:
            text = _unescape(element.group(3) or b"").lstrip("=")
            out.append((_unescape(name.group(1)), b"localSheetId" in element.group(2), text))
    return out


def is_lambda(text: str) -> bool:
    """Whether a defined name's formula is a LAMBDA (as stored, or as typed)."""
    return re.match(r"\s*(_xlfn\.)?LAMBDA\s*\(", text, re.IGNORECASE) is not None


def roikit_lambdas(workbook_xml: bytes) -> tuple[set[str], dict[str, str]]:
    """The workbook's LAMBDA names that are roikit's own, exactly as roikit writes them for
    this workbook, and the others (upper-case name -> formula): a catalog name whose formula
    differs (edited, or another tool's) is among the others."""
    names = workbook_names(workbook_xml)
    catalog = {function.name for function in CATALOG}
    taken = [name for name, _, _ in names if name.upper() not in catalog]
    expected = definitions(taken)
    own, others = set(), {}
    for name, local, text in names:
        if not is_lambda(text):
            continue
        key = name.upper()
        mine = key in expected and _compact(text) == _compact(expected[key][0])
        if mine and not local:
            own.add(key)
        else:
            others[key] = text
    return own, others


def _compact(formula: str) -> str:
    """A formula without whitespace outside strings, upper case: how Excel may re-save ours."""
    parts = re.split(r'("(?:[^"]|"")*")', formula)
    return "".join(p if p.startswith('"') else re.sub(r"\s+", "", p).upper() for p in parts)


def with_lambdas(workbook_xml: bytes, source: str = "the workbook") -> tuple[bytes, list[str]]:
    """``workbook.xml`` with every catalog function as a named LAMBDA, and the names of the
    LAMBDAs it replaced by a different formula (an older roikit's, or an edited one). Raises
    :class:`NameConflictError` for a name in the way."""
    by_upper = {name.upper(): name for name in definitions()}
    ours: list[tuple[str, str]] = []  # (roikit's name, the LAMBDA the workbook has under it)
    conflicts: list[str] = []
    taken: list[str] = []
    for name, local, text in workbook_names(workbook_xml):
        key = name.upper()
        if key not in by_upper:
            taken.append(name)
        elif is_lambda(text) and not local:
            ours.append((by_upper[key], text))
        else:
            conflicts.append(f"{name} ({text or 'no formula'})")
    if conflicts:
        raise NameConflictError(
            f"{source} has names that equal roikit functions: {', '.join(conflicts)}; rename "
            "them first (Formulas > Name Manager), e.g. romi -> romi_result"
        )
    wanted = definitions(taken)
    replaced = [name for name, text in ours if _compact(text) != _compact(wanted[name][0])]
    root = _WORKBOOK.search(workbook_xml)
    prefix = root.group(1) if root else b""
    tag = prefix + b"definedName"
    new = b"".join(
        b"<"
        + tag
        + b" name="
        + quoteattr(name).encode()
        + b" comment="
        + quoteattr(help_text).encode()
        + b">"
        + escape(formula).encode()
        + b"</"
        + tag
        + b">"
        for name, (formula, help_text) in sorted(wanted.items())
    )
    out = workbook_xml
    for element in reversed(list(_DEFINED_NAME.finditer(workbook_xml))):
        found = _NAME_ATTRIBUTE.search(element.group(2))
        if found and _unescape(found.group(1)).upper() in by_upper:  # replaced below
            out = out[: element.start()] + out[element.end() :]
    out = _insert_names(out, prefix, new)
    return full_calc_on_load(out), replaced


def _insert_names(xml: bytes, prefix: bytes, new: bytes) -> bytes:
    """``new`` definedName elements at the end of the workbook's definedNames (made if none)."""
    found = _DEFINED_NAMES.search(xml)
    if found is not None and found.group(2) == b">":
        close = xml.index(b"</" + prefix + b"definedNames>", found.end())
        return xml[:close] + new + xml[close:]
    block = b"<" + prefix + b"definedNames>" + new + b"</" + prefix + b"definedNames>"
    if found is not None:  # <definedNames/>
        return xml[: found.start()] + block + xml[found.end() :]
    at = _AFTER_NAMES.search(xml)
    position = at.start() if at else len(xml)
    return xml[:position] + block + xml[position:]


def add_lambdas(
    source: str | PathLike[str],
    target: str | PathLike[str] | None = None,
    *,
    in_place: bool = False,
) -> tuple[Path, list[str]]:
    """Write ``source`` with roikit's named LAMBDAs to ``target``; returns it and the LAMBDAs
    replaced. ``target`` may be the source only with ``in_place=True``. A call Excel saved
    through roikit's classic add-in (``[1]!ROMI(``) becomes a plain call, so that the
    LAMBDA of its name answers it where the add-in is not installed."""
    source_path = Path(source)
    target_path = Path(target) if target is not None else source_path
    if target is None and not in_place:
        raise WorkbookError("give an output path (-o OUT.xlsx), or in_place=True (--in-place)")
    if target_path.resolve() == source_path.resolve() and not in_place:
        raise WorkbookError(
            f"refusing to overwrite {source_path}; write to another path, or pass "
            "in_place=True (--in-place)"
        )
    package = Package(source_path)  # refuses what is not a safe workbook
    try:
        workbook_xml, replaced = with_lambdas(
            package.part_bytes(package.workbook_path), source_path.name
        )
        # calls Excel saved through roikit's classic add-in ([1]!ROMI) go to the LAMBDAs; a
        # function with no LAMBDA stays the add-in's
        with_lambda = {name.upper().encode() for name in definitions()}
        calls = {
            number: names & with_lambda
            for number, names in roikit_add_in_calls(package).items()
            if names & with_lambda
        }
        sheets = {package.sheets[name].path for name in package.sheet_order}
        with atomic_writer(target_path, "wb") as stream, zipfile.ZipFile(stream, "w") as out:
            for info in package.zip.infolist():
                data = package.part_bytes(info.filename)
                if info.filename == package.workbook_path:
                    data = workbook_xml
                elif calls and info.filename in sheets:
                    data, _ = plain_calls(data, calls)
                out.writestr(info, data, compress_type=info.compress_type)
    finally:
        package.close()
    return target_path, replaced


def lambda_bytes(xlsx: bytes) -> bytes:
    """An xlsx (bytes) with roikit's named LAMBDAs added: the builder's LAMBDA edition."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data, _ = with_lambdas(data)
            target.writestr(info, data)
    return out.getvalue()
