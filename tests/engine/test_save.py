"""Saving: new cached values beside the formulas, every other part unchanged, source kept."""

from __future__ import annotations

import math
import zipfile
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import roikit
from roikit.cells import CellError
from roikit.engine import WorkbookError
from tests.helpers.workbooks import VBA_BYTES, hand_made, with_vba


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_save_changes_only_the_sheets_and_copies_every_other_part(email_book, tmp_path):
    source = with_vba(email_book, tmp_path / "email_month.xlsm")
    book = roikit.open(source)
    book.set("revenue", 100000)
    saved = book.save(tmp_path / "out.xlsm")
    before, after = members(source), members(saved)
    assert list(after) == list(before)  # same parts, same order
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}
    assert after["xl/vbaProject.bin"] == VBA_BYTES
    assert any(name.startswith("xl/charts/") for name in after)  # the chart is still there


def test_saved_values_are_read_by_pandas_and_formulas_kept(email_book, tmp_path):
    book = roikit.open(email_book)
    book.set("revenue", 100000)
    book.set("margin", 0.4)
    book.save(tmp_path / "out.xlsx")
    results = pd.read_excel(
        tmp_path / "out.xlsx", sheet_name="Results", header=None, engine="openpyxl"
    )
    assert results.iloc[0, 1] == pytest.approx((100000 * 0.4 - 63500) / 63500)
    assert results.iloc[6, 1] == "does not pay"
    inputs = openpyxl.load_workbook(tmp_path / "out.xlsx")["Inputs"]
    assert inputs["B1"].value == 100000
    formulas = openpyxl.load_workbook(tmp_path / "out.xlsx")["Results"]
    assert formulas["B1"].value == "=ROMI(revenue,margin,costs)"
    assert formulas["B2"].value == "=_xludf.ROI(revenue,costs)"


def test_saved_workbook_asks_excel_to_recalculate(email_book, tmp_path):
    roikit.open(email_book).save(tmp_path / "out.xlsx")
    assert b'fullCalcOnLoad="1"' in members(tmp_path / "out.xlsx")["xl/workbook.xml"]


def test_errors_are_saved_as_error_values(email_book, tmp_path):
    book = roikit.open(email_book)
    book.set("margin", 25)
    book.save(tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["Results"]
    assert sheet["B1"].value == "#NUM!"
    assert (
        b'<c r="B1" t="e"><f>ROMI(revenue,margin,costs)</f><v>#NUM!</v></c>'
        in members(tmp_path / "out.xlsx")["xl/worksheets/sheet2.xml"]
    )


def test_the_source_is_never_overwritten_unless_asked(email_book):
    original = email_book.read_bytes()
    book = roikit.open(email_book)
    book.set("revenue", 1)
    with pytest.raises(WorkbookError, match="refusing to overwrite the source"):
        book.save(email_book)
    assert email_book.read_bytes() == original
    book.save(in_place=True)
    assert roikit.open(email_book).get("revenue") == 1


def test_saving_twice_from_a_saved_book_keeps_values(email_book, tmp_path):
    book = roikit.open(email_book)
    book.save(tmp_path / "once.xlsx")
    again = roikit.open(tmp_path / "once.xlsx")
    again.save(tmp_path / "twice.xlsx")
    once, twice = members(tmp_path / "once.xlsx"), members(tmp_path / "twice.xlsx")
    assert once["xl/worksheets/sheet2.xml"] == twice["xl/worksheets/sheet2.xml"]


def test_one_book_saved_twice_with_new_inputs_gives_two_good_files(email_book, tmp_path):
    # saving used to move the source package's zip entries (their offsets): a second save
    # from the same book then read damaged parts
    book = roikit.open(email_book)
    book.set("revenue", 600000)
    book.save(tmp_path / "first.xlsx")
    book.set("revenue", 700000)
    book.save(tmp_path / "second.xlsx")
    first, second = roikit.open(tmp_path / "first.xlsx"), roikit.open(tmp_path / "second.xlsx")
    assert first.get("revenue") == 600000 and second.get("revenue") == 700000
    assert first.get("romi") != second.get("romi")


def _excel_style(tmp_path):
    # what openpyxl cannot write: shared and array formulas, shared and inline strings
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>100</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>0.5</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>rows</t></is></c></row>'
        '<row r="4"><c r="B4"><v>1</v></c><c r="C4"><f t="shared" ref="C4:C6" si="0">B4*revenue*margin</f><v>0</v></c></row>'
        '<row r="5"><c r="B5"><v>2</v></c><c r="C5"><f t="shared" si="0"/><v>0</v></c></row>'
        '<row r="6"><c r="B6"><v>3</v></c><c r="C6"><f t="shared" si="0"/><v>0</v></c></row>'
        '<row r="7"><c r="C7"><f t="array" ref="C7">SUM(B4:B6*C4:C6)</f><v>0</v></c></row>'
        '<row r="9"><c r="D9"><f>GROSS_PROFIT(revenue,margin)</f></c></row>'
    )
    names = {"revenue": "Data!$B$1", "margin": "Data!$B$2", "gp": "Data!$D$9", "spare": "Data!$D$8"}
    return hand_made(tmp_path / "excel_style.xlsx", rows, names)


def test_excel_style_parts_are_read(tmp_path):
    book = roikit.open(_excel_style(tmp_path))
    assert book.get("Data!A1") == "revenue"
    assert book.get("Data!A2") == "margin"  # rich text runs joined
    assert book.get("Data!A3") == "rows"
    assert book.get("Data!C6") == pytest.approx(150)  # a shared formula's third cell
    assert book.get("Data!C7") == pytest.approx(50 + 200 + 450)
    assert book.outputs() == {"gp": "Data!D9"}


def test_cells_missing_from_the_sheet_are_added_in_order(tmp_path):
    book = roikit.open(_excel_style(tmp_path))
    book.set("spare", 7)  # D8: no <row r="8"> in the file
    book.set("Data!D3", "note")  # a new cell at the end of row 3
    book.set("Data!A9", 1)  # a new cell before D9 in row 9
    book.save(tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["Data"]
    assert (sheet["D8"].value, sheet["D3"].value, sheet["A9"].value) == (7, "note", 1)
    assert sheet["C6"].value == pytest.approx(150)
    assert sheet["D9"].value == pytest.approx(50)


def test_dates_set_as_serials_in_a_1904_workbook(tmp_path):
    import datetime as dt

    path = hand_made(
        tmp_path / "mac.xlsx", '<row r="1"><c r="A1"><v>0</v></c></row>', {}, date1904=True
    )
    book = roikit.open(path)
    book.set("Data!A1", dt.date(1904, 1, 31))
    assert book.get("Data!A1") == 30


def test_sheet_scoped_names_count_where_no_workbook_name_has_them(tmp_path):
    rows = '<row r="1"><c r="A1"><v>3</v></c><c r="B1"><f>A1*2</f></c></row>'
    path = hand_made(tmp_path / "local.xlsx", rows, {"doubled": "Data!$B$1"})
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</definedNames>",
        b'<definedName name="base" localSheetId="0">Data!$A$1</definedName>'
        b'<definedName name="doubled" localSheetId="0">Data!$A$1</definedName></definedNames>',
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    book = roikit.open(path)
    assert book.inputs() == {"base": "Data!A1"}
    assert book.outputs() == {"doubled": "Data!B1"}
    book.set("base", 4)
    assert book.get("doubled") == 8


def test_formula_cells_are_found_whatever_the_attribute_order(tmp_path):
    rows = (
        '<row r="1"><c r="A1"><v>3</v></c><c s="0" r="B1"><f>A1*2</f><v>6</v></c>'
        '<c r="C1" s="0"><f>B1+1</f><v>7</v></c></row>'
    )
    book = roikit.open(hand_made(tmp_path / "order.xlsx", rows, {"base": "Data!$A$1"}))
    assert set(book.package.sheet("Data").formula_cells) == {"B1", "C1"}
    book.set("base", 4)
    book.save(tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["Data"]
    assert (sheet["B1"].value, sheet["C1"].value) == (8, 9)


def test_a_sheet_written_with_a_namespace_prefix_is_read_and_patched(tmp_path):
    rows = '<x:row r="1"><x:c r="A1"><x:v>3</x:v></x:c><x:c r="B1"><x:f>A1*2</x:f><x:v>6</x:v></x:c></x:row>'
    path = hand_made(tmp_path / "prefixed.xlsx", rows, {"base": "Data!$A$1"})
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace('<worksheet xmlns="', '<x:worksheet xmlns:x="').replace(
        "</worksheet>", "</x:worksheet>"
    )
    for tag in ("dimension", "sheetData"):
        sheet = sheet.replace(f"<{tag}", f"<x:{tag}").replace(f"</{tag}>", f"</x:{tag}>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    book = roikit.open(path)
    assert list(book.package.sheet("Data").formula_cells) == ["B1"]
    book.set("base", 5)
    saved = book.save(tmp_path / "out.xlsx")
    assert (
        b'<x:c r="B1"><x:f>A1*2</x:f><x:v>10</x:v></x:c>'
        in members(saved)["xl/worksheets/sheet1.xml"]
    )


def test_texts_excel_escapes_are_read_and_written_as_excel_writes_them(tmp_path):
    """ECMA-376 Part 1, 22.9.2.19: a character XML cannot hold is written ``_xHHHH_`` (CHAR(1)
    is ``_x0001_``; a literal ``_x0001_`` is ``_x005F_x0001_``), and Excel keeps a formula's
    text with its spaces in ``<v xml:space="preserve">``."""
    from roikit.xlsx import Package

    rows = (
        '<row r="1"><c r="A1" t="str"><f>CHAR(1)</f><v>_x0001_</v></c>'
        '<c r="B1" t="str"><f>" "&amp;"x"</f><v xml:space="preserve"> x</v></c>'
        '<c r="C1" t="inlineStr"><is><t>_x005F_x0001_</t></is></c>'
        '<c r="D1" t="str"><f>C1&amp;CHAR(2)&amp;" "</f><v>stale</v></c></row>'
    )
    path = hand_made(tmp_path / "escapes.xlsx", rows, {})
    package = Package(path)
    assert package.cached_value("Data", "A1") == "\x01"
    assert package.cached_value("Data", "B1") == " x"
    assert package.cached_value("Data", "C1") == "_x0001_"
    package.close()
    with roikit.open(path) as book:
        book.calculate()
        saved = book.save(tmp_path / "saved.xlsx")
    xml = zipfile.ZipFile(saved).read("xl/worksheets/sheet1.xml")
    assert xml.count(b"<v") == xml.count(b"</v>") == 3  # the old values replaced, not kept
    saved_package = Package(saved)
    assert saved_package.cached_value("Data", "A1") == "\x01"
    assert saved_package.cached_value("Data", "B1") == " x"
    assert saved_package.cached_value("Data", "D1") == "_x0001_\x02 "
    assert b'<v xml:space="preserve">_x005F_x0001__x0002_ </v>' in xml


# -- blocks of number results patched at once (roikit.xlsx.patch._patch_numbers) -----------------

#: formula cells as writers leave them: no value, an old value, an empty one, text, an error
_FORMULA_CELLS = [
    '<c r="{ref}"><f>A{row}*2</f></c>',
    '<c r="{ref}" s="3"><f>A{row}*2</f><v>{old}</v></c>',
    '<c r="{ref}"><f>A{row}*2</f><v/></c>',
    '<c r="{ref}"><f>A{row}*2</f><v></v></c>',
    '<c r="{ref}" t="str"><f>A{row}&amp;"x"</f><v>{old}x</v></c>',
    '<c r="{ref}" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    '<c r="{ref}"><f t="shared" si="0"/><v>{old}</v></c>',
    '<c s="2" r="{ref}"><f>A{row}</f></c>',
]
_NEW_VALUES = st.one_of(
    st.sampled_from([0.0, -0.0, 2.0, 1.5, 1e15, 1e15 - 1, 1e16, 0.1 + 0.2, 0.3]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["text", "", True, CellError("#N/A"), None, math.inf, math.nan]),
)
#: mostly cells a block takes at once (the first four shapes, changed), some it gives way to
_SHAPES = st.one_of(st.integers(0, 3), st.integers(0, 3), st.integers(0, len(_FORMULA_CELLS) - 1))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            _SHAPES,
            st.sampled_from(["1.5", "2", "0.30000000000000004", "0.3", "abc"]),
            _NEW_VALUES,
            st.sampled_from([True, True, True, False]),  # the formula cell is among the changes
        ),
        min_size=1,
        max_size=40,
    ),
    block=st.integers(2, 9),
)
def test_blocks_patched_at_once_give_the_bytes_of_cells_patched_one_by_one(rows, block):
    from roikit.xlsx import patch

    cells, changes = [], {}
    for row, (shape, old, value, changed) in enumerate(rows, start=1):
        reference = f"B{row}"
        cells.append(
            f'<row r="{row}"><c r="A{row}"><v>{row}</v></c>'
            + _FORMULA_CELLS[shape].format(ref=reference, row=row, old=old)
            + "</row>"
        )
        if changed:
            changes[reference] = value
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(cells)}</sheetData></worksheet>"
    ).encode()
    starts = {f"B{row}": xml.index(f'r="B{row}"'.encode()) for row in range(1, len(rows) + 1)}
    starts = {ref: xml.rindex(b"<c", 0, at) for ref, at in starts.items()}
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(patch, "_BLOCK", block)
        at_once = patch.patch_sheet(xml, changes, starts)
        patched.setattr(patch, "BULK", False)
        one_by_one = patch.patch_sheet(xml, changes, starts)
    assert at_once == one_by_one
    ElementTree.fromstring(at_once)  # and it is XML still


def _blocks_patched_at_once(monkeypatch) -> list[bytes | None]:
    """What each call of ``_patch_numbers`` gives back from now on (None: the long way)."""
    from roikit.xlsx import patch

    blocks: list[bytes | None] = []
    original = patch._patch_numbers

    def recording(*arguments):
        blocks.append(original(*arguments))
        return blocks[-1]

    monkeypatch.setattr(patch, "_patch_numbers", recording)
    return blocks


def test_a_column_of_numbers_is_patched_at_once(monkeypatch):
    """Odd rows hold the value as Excel writes it (15 digits): kept; even rows an old one."""
    from roikit.xlsx import patch

    rows = range(1, 101)
    old = {r: f"{1 / r:.15g}" if r % 2 else "7" for r in rows}
    xml = (
        "<worksheet><sheetData>"
        + "".join(f'<row r="{r}"><c r="A{r}"><f>1/{r}</f><v>{old[r]}</v></c></row>' for r in rows)
        + "</sheetData></worksheet>"
    ).encode()
    starts = {f"A{r}": xml.index(f'<c r="A{r}"'.encode()) for r in rows}
    calls = _blocks_patched_at_once(monkeypatch)
    patched = patch.patch_sheet(xml, {f"A{r}": 1 / r for r in rows}, starts)
    assert calls and all(call is not None for call in calls)
    assert b'<c r="A3"><f>1/3</f><v>0.333333333333333</v></c>' in patched
    assert b'<c r="A4"><f>1/4</f><v>0.25</v></c>' in patched
    assert f'<c r="A6"><f>1/6</f><v>{1 / 6!r}</v></c>'.encode() in patched
    assert b'<c r="A1"><f>1/1</f><v>1</v></c>' in patched


def test_a_block_whose_cells_hold_their_numbers_already_is_left_as_it_is(monkeypatch):
    """A workbook Excel saved holds each result already, written Excel's way or another that
    reads as the same number (1.50, 1E-3, -0): such a block comes back as it was; one cell
    with another number sends its block the long way, which writes the same bytes as the
    cell-by-cell patch."""
    from roikit.xlsx import patch

    texts = ["1.50", "2", "-0", "1E-3", "0.30000000000000004", "0.333333333333333", "7"] * 6
    rows = range(1, len(texts) + 1)
    xml = (
        "<worksheet><sheetData>"
        + "".join(
            f'<row r="{r}"><c r="A{r}" s="1"><f>B{r}</f><v>{texts[r - 1]}</v></c></row>'
            for r in rows
        )
        + "</sheetData></worksheet>"
    ).encode()
    starts = {f"A{r}": xml.index(f'<c r="A{r}"'.encode()) for r in rows}
    held = {f"A{r}": float(texts[r - 1]) for r in rows}
    monkeypatch.setattr(patch, "_BLOCK", 8)
    blocks = _blocks_patched_at_once(monkeypatch)
    assert patch.patch_sheet(xml, held, starts) == xml
    assert blocks and all(block is not None for block in blocks)
    moved = held | {"A13": 1 / 3, "A15": 8.0}  # A13 within 1e-14 (kept), A15 another number
    at_once = patch.patch_sheet(xml, moved, starts)
    monkeypatch.setattr(patch, "BULK", False)
    assert at_once == patch.patch_sheet(xml, moved, starts)
    assert b'<c r="A15" s="1"><f>B15</f><v>8</v></c>' in at_once
    assert at_once.replace(b"<v>8</v>", b"<v>1.50</v>", 1) == xml  # nothing else moved


@pytest.mark.parametrize(("value", "expected"), [(2.5, b""), ("b", b' t="str"')])
def test_a_type_attribute_written_with_spaces_is_replaced_not_doubled(value, expected):
    """XML allows ``t = "str"``: the cell gets its new type once (it was written twice, which
    no XML reader accepts, or kept as text over a number)."""
    from roikit.xlsx import patch

    xml = b'<worksheet><sheetData><row r="1"><c r="A1" t = "str"><f>X</f><v>a</v></c></row></sheetData></worksheet>'
    patched = patch.patch_sheet(xml, {"A1": value}, {"A1": xml.index(b"<c ")})
    ElementTree.fromstring(patched)
    assert patched.count(b"t=") + patched.count(b"t =") == expected.count(b"t=")
    assert b'<c r="A1"' + expected + b"><f>X</f>" in patched


def test_a_large_sheet_compressed_on_a_second_thread_saves_the_same_bytes(tmp_path, monkeypatch):
    """The background writer (a second thread compressing while the next piece is patched)
    changes when bytes are written, never which: on and off, the same file."""
    from roikit.xlsx import patch

    rows = 3000
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, rows + 1):
        sheet.append([row * 1000, 0.25, 500, f"=ROMI(A{row},B{row},C{row})", f"=A{row}/C{row}"])
    source = tmp_path / "large.xlsx"
    workbook.save(source)
    monkeypatch.setattr(patch, "_CHUNK", 4096)  # many pieces, so the queue fills and drains
    saved = {}
    for background, threshold in (("on", 0), ("off", 1 << 60)):
        monkeypatch.setattr(patch, "_BACKGROUND_FROM", threshold)
        book = roikit.open(source)
        book.calculate()
        saved[background] = members(book.save(tmp_path / f"{background}.xlsx"))
    assert saved["on"] == saved["off"]
    assert b"<v>1.5</v>" in saved["on"]["xl/worksheets/sheet1.xml"]  # ROMI(1000, 0.25, 500)


def test_a_failed_write_on_the_second_thread_is_raised_where_the_save_was_asked():
    from roikit.xlsx import patch

    written = []

    def write(piece):
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(bytes(piece))

    with (
        pytest.raises(OSError, match="No space left"),
        patch._in_background(write, True) as background,
    ):
        for number in range(20):  # more than the queue holds: the patching is not stuck
            background(b"piece %d" % number)
    assert written == [b"piece 0", b"piece 1"]
