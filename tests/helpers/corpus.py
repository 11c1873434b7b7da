"""Bad, hostile and odd files, generated at test time (nothing binary is committed).

Every builder takes a folder and returns the path of the file it wrote. Workbooks are written
part by part, the way Excel lays them out, so that each case differs from a good workbook in
exactly the way its name says. The zip writer is hand-made (:func:`write_zip`) so that a zip
bomb can carry a deflate stream built from one compressed block repeated, and claim its true
(huge) size, while the file itself stays a few megabytes.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_WORKBOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"

#: a stand-in VBA project: any bytes, which saving must copy unchanged
VBA_BYTES = b"\xd0\xcf\x11\xe0 stand-in VBA project \x00\x01\x02" * 40


# ------------------------------------------------------------------------------------ zip


@dataclass(frozen=True)
class Repeated:
    """A member made of ``block`` repeated ``times`` times, deflated once and repeated."""

    head: bytes
    block: bytes
    times: int
    tail: bytes
    #: the size the zip's headers claim, when they lie (None: the true size)
    claimed: int | None = None

    def deflated(self) -> tuple[bytes, int, int]:
        """(raw deflate stream, uncompressed size, CRC-32)."""
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        head = compressor.compress(self.head) + compressor.flush(zlib.Z_FULL_FLUSH)
        # after a full flush the stream does not look back: the same bytes decode to the block
        # wherever they stand, so one compressed block repeated is the block repeated
        block = compressor.compress(self.block) + compressor.flush(zlib.Z_FULL_FLUSH)
        end = compressor.compress(self.tail) + compressor.flush()
        crc = zlib.crc32(self.head)
        for _ in range(self.times):
            crc = zlib.crc32(self.block, crc)
        crc = zlib.crc32(self.tail, crc)
        size = len(self.head) + len(self.block) * self.times + len(self.tail)
        if self.claimed is not None:  # a lie a reader that stops at the claimed size believes
            crc = zlib.crc32((self.head + self.block)[: self.claimed])
            size = self.claimed
        return head + block * self.times + end, size, crc


def write_zip(path: Path, members: dict[str, bytes | str | Repeated]) -> Path:
    """A zip file of deflated members (no zip64: every size must stay under 4 GiB)."""
    local, central = bytearray(), bytearray()
    for name, content in members.items():
        if isinstance(content, Repeated):
            data, size, crc = content.deflated()
        else:
            raw = content.encode() if isinstance(content, str) else content
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            data = compressor.compress(raw) + compressor.flush()
            size, crc = len(raw), zlib.crc32(raw)
        encoded = name.encode()
        offset = len(local)
        common = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(data), size)
        local += struct.pack("<I", 0x04034B50) + common
        local += struct.pack("<HH", len(encoded), 0) + encoded + data
        central += struct.pack("<IH", 0x02014B50, 20) + common
        central += struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0
    )
    path.write_bytes(bytes(local + central + end))
    return path


# ------------------------------------------------------------------------------- workbooks


@dataclass
class Sheet:
    """One sheet: its name, its ``<sheetData>`` rows as XML, and what else it carries."""

    name: str
    rows: str
    state: str = "visible"
    extra: str = ""  # elements after </sheetData> (mergeCells, ...)
    dimension: str = ""
    prolog: str = ""  # anything between the XML declaration and <worksheet> (a DTD)


def workbook_parts(
    sheets: list[Sheet],
    names: dict[str, str],
    *,
    date1904: bool = False,
    macros: bool = False,
    workbook_prolog: str = "",
    extra_parts: dict[str, bytes | str | Repeated] | None = None,
    workbook_rels: str = "",
) -> dict[str, bytes | str | Repeated]:
    """The parts of a workbook written the way Excel writes them (no shared strings)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
        for n in range(1, len(sheets) + 1)
    )
    main_type = _MACRO_WORKBOOK_TYPE if macros else _WORKBOOK_TYPE
    content_types = (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + (
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            if macros
            else ""
        )
        + f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>{overrides}</Types>'
    )
    root_rels = (
        f'{_XML}<Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if macros:
        rels += (
            '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
            'relationships/vbaProject" Target="vbaProject.bin"/>'
        )
    sheet_list = "".join(
        f'<sheet name="{sheet.name}" sheetId="{n}"'
        + (f' state="{sheet.state}"' if sheet.state != "visible" else "")
        + f' r:id="rId{n}"/>'
        for n, sheet in enumerate(sheets, start=1)
    )
    defined = "".join(f'<definedName name="{n}">{t}</definedName>' for n, t in names.items())
    workbook = (
        f"{_XML}{workbook_prolog}"
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        + ('<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>")
        + f"<sheets>{sheet_list}</sheets>"
        + (f"<definedNames>{defined}</definedNames>" if defined else "")
        + '<calcPr calcId="191029"/></workbook>'
    )
    parts: dict[str, bytes | str | Repeated] = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": root_rels,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PACKAGE_REL}">{rels}{workbook_rels}</Relationships>'
        ),
    }
    for n, sheet in enumerate(sheets, start=1):
        dimension = f'<dimension ref="{sheet.dimension}"/>' if sheet.dimension else ""
        parts[f"xl/worksheets/sheet{n}.xml"] = (
            f'{_XML}{sheet.prolog}<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{dimension}'
            f"<sheetData>{sheet.rows}</sheetData>{sheet.extra}</worksheet>"
        )
    if macros:
        parts["xl/vbaProject.bin"] = VBA_BYTES
    parts.update(extra_parts or {})
    return parts


def cells(*rows: tuple[int, str]) -> str:
    """``<row>`` XML from (row number, cells XML) pairs."""
    return "".join(f'<row r="{number}">{content}</row>' for number, content in rows)


def number(reference: str, value: float) -> str:
    return f'<c r="{reference}"><v>{value!r}</v></c>'


def formula(reference: str, text: str, cached: str = "0", attributes: str = "") -> str:
    return f'<c r="{reference}"><f{attributes}>{text}</f><v>{cached}</v></c>'


#: the worked email month on one sheet: revenue, margin, two cost lines, ROMI = 1.2
ROMI_ROWS = cells(
    (1, number("A1", 558800.0) + formula("B1", "ROMI(A1,A2,A3:A4)", "1.2")),
    (2, number("A2", 0.25)),
    (3, number("A3", 13500.0)),
    (4, number("A4", 50000.0)),
)
ROMI_NAMES = {
    "revenue": "Data!$A$1",
    "margin": "Data!$A$2",
    "costs": "Data!$A$3:$A$4",
    "romi": "Data!$B$1",
}


def romi_workbook(path: Path, **options) -> Path:
    """A small good workbook: the worked ROMI month (ROMI = 1.2)."""
    sheets = options.pop("sheets", [Sheet("Data", ROMI_ROWS)])
    names = options.pop("names", ROMI_NAMES)
    return write_zip(path, workbook_parts(sheets, names, **options))


# --------------------------------------------------------------------------- OLE2 (legacy)


def ole2(streams: list[str]) -> bytes:
    """A minimal compound file (the container of .xls and of encrypted .xlsx) holding empty
    streams with these names: a header, one FAT sector, one directory sector."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIII", header, 44, 1, 1, 0, 4096, 0xFFFFFFFE)  # FAT, dir, mini cutoff
    struct.pack_into("<IIII", header, 64, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)  # the first (only) FAT sector is sector 0
    for at in range(80, 512, 4):
        struct.pack_into("<I", header, at, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)  # sector 0 = FAT, 1 = directory
    directory = bytearray()
    for index, name in enumerate(["Root Entry", *streams]):
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), 5 if index == 0 else 2, 1)
        sibling = index + 1 if 0 < index < len(streams) else 0xFFFFFFFF
        child = 1 if index == 0 and streams else 0xFFFFFFFF
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, sibling, child)
        struct.pack_into("<II", entry, 116, 0xFFFFFFFE, 0)
        directory += entry
    directory += b"\0" * (512 - len(directory) % 512 if len(directory) % 512 else 0)
    return bytes(header + fat + directory)


# ------------------------------------------------------------------------------ the cases

Builder = Callable[[Path], Path]


def not_a_zip(folder: Path) -> Path:
    path = folder / "notes.xlsx"
    path.write_text("These are my notes, not a workbook.\n")
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def truncated_zip(folder: Path) -> Path:
    good = romi_workbook(folder / "good.xlsx").read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(good[: len(good) * 2 // 3])
    return path


def corrupt_member(folder: Path) -> Path:
    """A zip whose sheet's deflate data is garbage (CRC and inflate fail)."""
    data = bytearray(romi_workbook(folder / "good.xlsx").read_bytes())
    at = data.find(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml")
    data[at + 2 : at + 40] = b"\xff\x00" * 19
    path = folder / "corrupt.xlsx"
    path.write_bytes(bytes(data))
    return path


def wrong_checksum(folder: Path) -> Path:
    """A zip whose sheet inflates cleanly to its declared size but not to its CRC-32: a digit
    changed far past the sheet's first 64 KB (which the prolog check reads), the checksum left
    as it was."""
    filler = cells(*((row, number(f"D{row}", 7.0)) for row in range(10, 5010)))
    sheet = Sheet("Data", ROMI_ROWS + filler)
    path = romi_workbook(folder / "good.xlsx", sheets=[sheet])
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    damaged = folder / "checksum.xlsx"
    with zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet1.xml":
                crc = zipfile.crc32(data)
                at = data.rindex(b"<v>7")
                out.writestr(info.filename, data[:at] + b"<v>8" + data[at + 4 :])
                out.getinfo(info.filename).CRC = crc  # the directory keeps the old checksum
                continue
            out.writestr(info.filename, data)
    return damaged


def xls_renamed(folder: Path) -> Path:
    path = folder / "legacy.xlsx"
    path.write_bytes(ole2(["Workbook", "\x05SummaryInformation"]))
    return path


def encrypted(folder: Path) -> Path:
    path = folder / "protected.xlsx"
    path.write_bytes(ole2(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    return path


def ods_renamed(folder: Path) -> Path:
    path = folder / "calc.xlsx"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        out.writestr("content.xml", "<office:document-content/>")
        out.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return path


def csv_renamed(folder: Path) -> Path:
    path = folder / "export.xlsx"
    path.write_text("campaign,sent,opens\nMay,1000,250\n")
    return path


def zip_not_workbook(folder: Path) -> Path:
    return write_zip(folder / "photos.xlsx", {"photo.txt": "not a workbook"})


def no_workbook_part(folder: Path) -> Path:
    parts = workbook_parts([Sheet("Data", ROMI_ROWS)], ROMI_NAMES)
    del parts["xl/workbook.xml"]
    return write_zip(folder / "headless.xlsx", parts)


#: how much the zip bomb inflates to: far beyond any default limit, still under 4 GiB (no zip64)
BOMB_BYTES = 3 << 30


def zip_bomb(folder: Path) -> Path:
    """A sheet that inflates to 3 GiB of rows; the file is about 8 MB."""
    block = b'<row><c t="n"><v>0</v></c></row>' * (1 << 15)  # 1 MiB
    head = f'{_XML}<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    bomb = Repeated(head, block, BOMB_BYTES // len(block), b"</sheetData></worksheet>")
    parts = workbook_parts([Sheet("Data", ROMI_ROWS)], ROMI_NAMES)
    parts["xl/worksheets/sheet1.xml"] = bomb
    return write_zip(folder / "bomb.xlsx", parts)


def lying_zip_bomb(folder: Path) -> Path:
    """The zip bomb with headers claiming its sheet is 2 KB, with the CRC of those 2 KB: a
    reader that trusts the headers sees a small, sound part."""
    block = b'<row><c t="n"><v>0</v></c></row>' * (1 << 15)
    head = f'{_XML}<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    parts = workbook_parts([Sheet("Data", ROMI_ROWS)], ROMI_NAMES)
    parts["xl/worksheets/sheet1.xml"] = Repeated(
        head, block, BOMB_BYTES // len(block), b"</sheetData></worksheet>", claimed=2048
    )
    return write_zip(folder / "liar.xlsx", parts)


def malformed_workbook_xml(folder: Path) -> Path:
    parts = workbook_parts([Sheet("Data", ROMI_ROWS)], ROMI_NAMES)
    parts["xl/workbook.xml"] = str(parts["xl/workbook.xml"]).replace("</sheets>", "</sheet>")
    return write_zip(folder / "malformed.xlsx", parts)


def malformed_styles(folder: Path) -> Path:
    """A workbook whose styles part (the cells' number formats) is cut short: not XML."""
    parts = workbook_parts(
        [Sheet("Data", ROMI_ROWS)],
        ROMI_NAMES,
        extra_parts={
            "xl/styles.xml": f'{_XML}<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numF'
        },
        workbook_rels=f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>',
    )
    return write_zip(folder / "styles.xlsx", parts)


def huge_dimension(folder: Path) -> Path:
    """A tiny sheet claiming every cell of a sheet: A1:XFD1048576 (17 billion cells)."""
    sheet = Sheet("Data", ROMI_ROWS, dimension="A1:XFD1048576")
    return romi_workbook(folder / "dimension.xlsx", sheets=[sheet])


def far_corner_cell(folder: Path) -> Path:
    """One value in the last cell of the sheet, referenced by a formula: must still work."""
    rows = ROMI_ROWS + cells((1048576, number("XFD1048576", 7.0)))
    sheet = Sheet("Data", rows)
    names = {**ROMI_NAMES, "corner": "Data!$XFD$1048576"}
    return romi_workbook(folder / "corner.xlsx", sheets=[sheet], names=names)


_LAUGHS = (
    '<!DOCTYPE workbook [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "' + f"&lol{n - 1 if n > 1 else ''};" * 10 + '">' for n in range(1, 10)
    )
    + "]>"
).replace("&lol0;", "&lol;")


def billion_laughs_workbook(folder: Path) -> Path:
    """workbook.xml with the billion-laughs entity expansion (used in a defined name)."""
    names = {**ROMI_NAMES, "laughs": "&lol9;"}
    return romi_workbook(folder / "laughs.xlsx", names=names, workbook_prolog=_LAUGHS)


def billion_laughs_sheet(folder: Path) -> Path:
    rows = ROMI_ROWS + cells((5, '<c r="A5" t="inlineStr"><is><t>&lol9;</t></is></c>'))
    sheet = Sheet("Data", rows, prolog=_LAUGHS.replace("workbook", "worksheet"))
    return romi_workbook(folder / "laughs_sheet.xlsx", sheets=[sheet])


def xxe_file(secret: Path) -> Builder:
    """workbook.xml naming a defined name's text after a local file (an external entity)."""

    def build(folder: Path) -> Path:
        prolog = f'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        names = {**ROMI_NAMES, "leak": "&xxe;"}
        return romi_workbook(folder / "xxe_file.xlsx", names=names, workbook_prolog=prolog)

    return build


def xxe_url(url: str) -> Builder:
    """A sheet and sharedStrings pulling an external entity from a URL."""

    def build(folder: Path) -> Path:
        prolog = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{url}">]>'
        rows = ROMI_ROWS + cells((5, '<c r="A5" t="inlineStr"><is><t>&xxe;</t></is></c>'))
        sheet = Sheet("Data", rows, prolog=prolog)
        return romi_workbook(folder / "xxe_url.xlsx", sheets=[sheet])

    return build


def xxe_parameter_entity(url: str) -> Builder:
    """A relationships part with an external parameter entity (fetched by a DTD parser)."""

    def build(folder: Path) -> Path:
        parts = workbook_parts([Sheet("Data", ROMI_ROWS)], ROMI_NAMES)
        rels = str(parts["xl/_rels/workbook.xml.rels"])
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(
            "<Relationships",
            f'<!DOCTYPE r [<!ENTITY % dtd SYSTEM "{url}"> %dtd;]><Relationships',
            1,
        )
        return write_zip(folder / "xxe_dtd.xlsx", parts)

    return build


# ------------------------------------------------------------------------ formula trouble


def external_reference(folder: Path) -> Path:
    """B1 multiplies a cell of another workbook ([1] is xl/externalLinks/externalLink1.xml)."""
    rows = ROMI_ROWS.replace(
        formula("B1", "ROMI(A1,A2,A3:A4)", "1.2"), formula("B1", "[1]Sheet1!A1*2", "10")
    )
    link = (
        f'{_XML}<externalLink xmlns="{MAIN}" xmlns:r="{REL}"><externalBook r:id="rId1">'
        '<sheetNames><sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0">'
        '<row r="1"><cell r="A1"><v>5</v></cell></row></sheetData></sheetDataSet>'
        "</externalBook></externalLink>"
    )
    parts = _linked_parts(rows, ROMI_NAMES, link, "file:///C:/budgets/other.xlsx")
    return write_zip(folder / "external.xlsx", parts)


def _linked_parts(
    rows: str, names: dict[str, str], link: str, target: str
) -> dict[str, bytes | str | Repeated]:
    """A one-sheet workbook's parts with external link 1 (``link``, pointing at ``target``)."""
    link_rels = (
        f'{_XML}<Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{REL}/externalLinkPath" Target="{target}" TargetMode="External"/></Relationships>'
    )
    return workbook_parts(
        [Sheet("Data", rows)],
        names,
        workbook_rels=f'<Relationship Id="rIdX" Type="{REL}/externalLink" '
        'Target="externalLinks/externalLink1.xml"/>',
        extra_parts={
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels,
        },
    )


def add_in_calls(path: Path, add_in: str, functions: list[str], rows: str, names: dict) -> Path:
    """A workbook calling functions of an Excel add-in as Excel saves such calls: through
    external link 1 (``[1]!ROMI(A1,A2,A3:A4)``), whose external book is the add-in's file and
    lists the functions as defined names with no cells behind them (as in Apache POI's
    Excel-saved HsGetVal.xlsx, a Smart View add-in's HsGetValue)."""
    defined = "".join(f'<definedName name="{name}"/>' for name in functions)
    link = (
        f'{_XML}<externalLink xmlns="{MAIN}"><externalBook xmlns:r="{REL}" r:id="rId1">'
        f'<sheetNames><sheetName val="Sheet1"/></sheetNames><definedNames>{defined}</definedNames>'
        '<sheetDataSet><sheetData sheetId="0"/></sheetDataSet></externalBook></externalLink>'
    )
    parts = _linked_parts(rows, names, link, add_in)
    workbook = str(parts["xl/workbook.xml"])
    parts["xl/workbook.xml"] = workbook.replace(
        "</sheets>",
        '</sheets><externalReferences><externalReference r:id="rIdX"/></externalReferences>',
    )
    return write_zip(path, parts)


def circular(folder: Path) -> Path:
    rows = cells((1, number("A1", 1.0) + formula("B1", "C1+A1") + formula("C1", "B1*2")))
    names = {"start": "Data!$A$1", "loop": "Data!$B$1"}
    return romi_workbook(folder / "circular.xlsx", sheets=[Sheet("Data", rows)], names=names)


#: 8,000 characters of formula (Excel's limit is 8,192)
LONG_TERMS = 2667


def long_formula(folder: Path) -> Path:
    text = "+".join(["A1"] * LONG_TERMS)  # 8,000 characters
    rows = cells((1, number("A1", 1.0) + formula("B1", text)))
    names = {"one": "Data!$A$1", "total": "Data!$B$1"}
    return romi_workbook(folder / "long.xlsx", sheets=[Sheet("Data", rows)], names=names)


def unknown_function(folder: Path) -> Path:
    rows = cells((1, number("A1", 1.0) + formula("B1", "FROBNICATE(A1)*2")))
    names = {"one": "Data!$A$1", "result": "Data!$B$1"}
    return romi_workbook(folder / "unknown.xlsx", sheets=[Sheet("Data", rows)], names=names)


def unknown_function_upstream(folder: Path) -> Path:
    """An output (=B1) that depends on a cell calling macros' functions the workbook does not
    carry (as a workbook saved with a VBA add-in does: Excel cached their values)."""
    rows = cells(
        (1, number("A1", 1.0) + formula("B1", "TROUND(A1*CROUND(A1))") + formula("C1", "B1"))
    )
    names = {"one": "Data!$A$1", "result": "Data!$C$1"}
    return romi_workbook(folder / "upstream.xlsx", sheets=[Sheet("Data", rows)], names=names)


def garbled_formula(folder: Path) -> Path:
    rows = cells((1, number("A1", 1.0) + formula("B1", "SUM(A1,,")))
    names = {"one": "Data!$A$1", "result": "Data!$B$1"}
    return romi_workbook(folder / "garbled.xlsx", sheets=[Sheet("Data", rows)], names=names)


def echo_workbook(path: Path) -> Path:
    """label (text input) -> echo (=label); amount (5) -> negative (=-amount)."""
    rows = cells(
        (
            1,
            '<c r="A1" t="inlineStr"><is><t>hello</t></is></c>'
            + '<c r="B1" t="str"><f>A1</f><v>hello</v></c>',
        ),
        (2, number("A2", 5.0) + formula("B2", "-A2", "-5")),
    )
    names = {"label": "Data!$A$1", "echo": "Data!$B$1", "amount": "Data!$A$2", "neg": "Data!$B$2"}
    return romi_workbook(path, sheets=[Sheet("Data", rows)], names=names)
