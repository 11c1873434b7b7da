"""Column-at-once evaluation (roikit.engine.columns) gives every cell exactly what the per-cell
path gives: the same number to the last bit, the same error, the same saved workbook, over
rows mixing numbers, zeros, blanks, text, logicals and error values."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.workbook.defined_name import DefinedName

import roikit
from roikit.cells import CellError
from roikit.engine import columns
from roikit.xlsx import Package

CELL = st.one_of(
    st.floats(min_value=-1e6, max_value=1e7, allow_nan=False),
    st.integers(min_value=0, max_value=100_000),
    st.sampled_from([0, 0.0, 0.25, 1, 100, 1e300]),
    st.none(),
    st.sampled_from(["", "abc", "12", "25%", True, False, "#DIV/0!", "#N/A", "#VALUE!"]),
)
ROWS = 40
#: column -> formula written for row {r}
FORMULAS = {
    "G": "=ROMI(A{r},B{r},C{r})",
    "H": "=CTR(D{r},E{r})",
    "I": "=ROMI(A{r},$B$2,C{r})",
    "J": "=_xludf.CAC(C{r},D{r})",
    "K": "=CLV(A{r},D{r},E{r},B{r})",
    "L": "=ROMI(A{r},margin,C{r})",
    "M": "=CTR(D{r},E$2)",
    "N": "=ROMI(A{r},$B2,C{r})",
    "O": "=ROMI(A{r},0.25,C{r})",
    "P": "=CTR(D{r},1E+3)",
    "Q": "=ROMI(A{r},25%,C{r})",
}


def build(path: Path, rows: list[list[object]], summed: bool = True) -> Path:
    """The rows and every formula of :data:`FORMULAS` beside them; with ``summed``, a sum of
    column G below them (a cell reading a run: formualizer then calculates every cell)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["revenue", "margin", "cost", "clicks", "delivered", "other"])
    for number, values in enumerate(rows, start=2):
        sheet.append([*values, None] + [text.format(r=number) for text in FORMULAS.values()])
    last = len(rows) + 1
    sheet[f"G{last + 1}"] = f"=SUM(G2:G{last})" if summed else "=SUM(A2:A3)"
    workbook.defined_names["margin"] = DefinedName("margin", attr_text="Data!$B$2")
    workbook.save(path)
    return path


def evaluate(path: Path, out: Path) -> tuple[dict, list[str], bytes]:
    with roikit.open(path) as book:
        book.calculate()
        values = book.changes()["Data"]
        notes = book.notes()
        book.save(out)
    with zipfile.ZipFile(out) as saved:
        sheet = saved.read("xl/worksheets/sheet1.xml")
    return values, notes, sheet


def same(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return left.hex() == right.hex()  # to the last bit (and NaN never arrives here)
    if isinstance(left, CellError) and isinstance(right, CellError):
        # the same error; a run's cell also keeps why (formualizer's cells keep only the code,
        # the reason is in the notes, compared below)
        return left.code == right.code
    return left == right


@settings(
    max_examples=24, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(CELL, min_size=5, max_size=5), min_size=ROWS, max_size=ROWS),
    summed=st.booleans(),
)
def test_column_at_once_gives_each_cell_what_the_per_cell_path_gives(
    rows: list[list[object]], summed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both ways the runs meet formualizer: asked for the other cells only (nothing reads a
    run), or calculating every cell with the runs' cells answered (a sum reads one)."""
    book = build(tmp_path / "mixed.xlsx", rows, summed)
    monkeypatch.setattr(columns, "ENABLED", True)
    monkeypatch.setattr(columns, "MIN_RUN", 10**9)
    per_cell = evaluate(book, tmp_path / "per_cell.xlsx")
    monkeypatch.setattr(columns, "MIN_RUN", 2)
    planned = sorted(run.column for run in columns.plan(Package(book)))
    # I ($B$2), L (a name for B2) and M (E$2) read one cell in every row; N's $B2 moves; O and
    # P take a number typed in; Q's 25% is a formula of its own
    assert planned == [7, 8, 9, 10, 11, 12, 13, 15, 16]
    at_once = evaluate(book, tmp_path / "at_once.xlsx")
    values, other = per_cell[0], at_once[0]
    assert values.keys() == other.keys()
    different = {
        cell: (values[cell], other[cell]) for cell in values if not same(values[cell], other[cell])
    }
    assert not different
    assert set(per_cell[1]) == set(at_once[1])  # the same notes on why cells are errors
    assert per_cell[2] == at_once[2]  # the same saved sheet, byte for byte


def test_runs_are_same_row_calls_on_value_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.helpers.workbooks import hand_made

    monkeypatch.setattr(columns, "ENABLED", True)
    cells = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r * 10}</v></c><c r="B{r}"><v>{r}</v></c>'
        f'<c r="C{r}"><f>A{r}*2</f><v>0</v></c>'
        f'<c r="D{r}"><f>CTR(B{r},A{r})</f><v>0</v></c>'
        f'<c r="E{r}"><f>CTR(B{r},C{r})</f><v>0</v></c>'
        + (
            f'<c r="F{r}"><f t="shared" ref="F2:F41" si="0">CTR(B{r},A{r})</f><v>0</v></c>'
            if r == 2
            else f'<c r="F{r}"><f t="shared" si="0"/><v>0</v></c>'
        )
        + "</row>"
        for r in range(2, 42)
    )
    path = hand_made(tmp_path / "runs.xlsx", cells, {})
    runs = columns.plan(Package(path))
    # E reads a formula cell: it stays per cell; F, filled down as Excel saves it (a shared
    # formula), is a run
    assert [(run.function.name, run.column, run.arguments, len(run.rows)) for run in runs] == [
        ("CTR", 4, (2, 1), 40),
        ("CTR", 6, (2, 1), 40),
    ]
    with roikit.open(path) as book:
        assert book.get("Data!D41") == book.get("Data!F41") == 41 / 410
        assert book.get("Data!E41") == 41 / 820


def _campaigns(rows: int) -> str:
    """Rows 2.. of revenue, margin, cost; ROMI per row filled down as Excel saves it (a shared
    formula); their sum below."""
    cells = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{1000 * r}</v></c><c r="B{r}"><v>0.25</v></c>'
        f'<c r="C{r}"><v>100</v></c>'
        + (
            f'<c r="D{r}"><f t="shared" ref="D2:D{rows + 1}" si="0">ROMI(A{r},B{r},C{r})</f>'
            "<v>0</v></c>"
            if r == 2
            else f'<c r="D{r}"><f t="shared" si="0"/><v>0</v></c>'
        )
        + "</row>"
        for r in range(2, rows + 2)
    )
    total = rows + 2
    return cells + f'<row r="{total}"><c r="D{total}"><f>SUM(D2:D{rows + 1})</f></c></row>'


def test_a_run_follows_its_inputs_and_says_why_a_cell_is_an_error(tmp_path: Path) -> None:
    """Once an input is set, formualizer calculates every cell (a run's too, per cell): the
    run's cells and those depending on them follow."""
    from tests.helpers.workbooks import hand_made

    path = hand_made(tmp_path / "runs.xlsx", _campaigns(40), {})
    with roikit.open(path) as book:
        assert len(book._backend.runs) == 1  # type: ignore[attr-defined]
        assert book.get("Data!D3") == (3000 * 0.25 - 100) / 100
        total = book.get("Data!D42")
        book.set("Data!B3", 25)  # a margin typed as 25 for 25 %
        book.calculate()
        assert book.get("Data!D3").code == "#NUM!"  # type: ignore[union-attr]
        assert book.get("Data!D42").code == "#NUM!"  # type: ignore[union-attr] # the sum reads it
        assert any("margin must be between 0 and 1" in note for note in book.notes())
        book.set("Data!B3", 0.5)
        book.calculate()
        assert book.get("Data!D3") == (3000 * 0.5 - 100) / 100
        assert book.get("Data!D42") == pytest.approx(total + 3000 * 0.25 / 100)
        assert book.notes() == []


def test_inputs_set_before_the_first_calculation_reach_the_run(tmp_path: Path) -> None:
    """(Then formualizer calculates every cell: asked for some cells only after an input is
    set, formualizer 0.13 panicked.)"""
    from tests.helpers.workbooks import hand_made

    path = hand_made(tmp_path / "runs.xlsx", _campaigns(40), {})
    result = roikit.recalc(path, {"Data!B3": 0.5}, ["Data!D3", "Data!D4"])
    assert result == {"Data!D3": (3000 * 0.5 - 100) / 100, "Data!D4": (4000 * 0.25 - 100) / 100}


def test_a_shared_formula_is_a_run_whole_or_not_at_all(tmp_path: Path) -> None:
    from tests.helpers.workbooks import hand_made

    cells = _campaigns(40).replace(
        '<c r="C7"><v>100</v></c>', '<c r="C7"><f>50*2</f><v>100</v></c>'
    )
    path = hand_made(tmp_path / "runs.xlsx", cells, {})
    assert columns.plan(Package(path)) == []  # row 7 reads a formula: the group stays per cell
    with roikit.open(path) as book:
        assert book.get("Data!D7") == (7000 * 0.25 - 100) / 100
    across = _campaigns(40).replace('ref="D2:D41"', 'ref="D2:E41"')
    path = hand_made(tmp_path / "across.xlsx", across, {})
    assert columns.plan(Package(path)) == []  # a shared formula over two columns


def test_a_run_on_a_sheet_the_engine_loads_cleaned(tmp_path: Path) -> None:
    """A cached #SPILL! makes formualizer's reader refuse a file: the loadable copy drops it,
    on the sheet whose run it also writes as values."""
    from tests.helpers.workbooks import hand_made

    cells = _campaigns(40).replace(
        '<c r="C2"><v>100</v></c>',
        '<c r="C2"><v>100</v></c><c r="F2" t="e"><f>_xlfn.SEQUENCE(2)</f><v>#SPILL!</v></c>',
    )
    path = hand_made(tmp_path / "spill.xlsx", cells, {})
    assert len(columns.plan(Package(path))) == 1
    with roikit.open(path) as book:
        assert book.get("Data!D41") == (41000 * 0.25 - 100) / 100
        assert book.get("Data!F3") == 2


def test_a_fixed_argument_is_one_value_cell_for_every_row(tmp_path: Path) -> None:
    """``=ROMI(A2,margin,C2)`` filled down, as roikit's own templates write it: one margin for
    every campaign. Not a run where the fixed cell is a formula's, a range, or a name a sheet
    defines for itself (Excel reads that sheet's own)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet["H1"], sheet["H2"], sheet["H3"] = 0.3, "=H1/2", 0.1
    for r in range(2, 42):
        sheet[f"A{r}"], sheet[f"C{r}"] = 1000 * r, 100
        for column, name in zip("DEFG", ("margin", "half", "both", "local"), strict=True):
            sheet[f"{column}{r}"] = f"=ROMI(A{r},{name},C{r})"
    for name, area in [("margin", "$H$1"), ("half", "$H$2"), ("both", "$H$1:$H$3")]:
        workbook.defined_names[name] = DefinedName(name, attr_text=f"Data!{area}")
    workbook.defined_names["local"] = DefinedName("local", attr_text="Data!$H$1")
    sheet.defined_names["local"] = DefinedName("local", attr_text="Data!$H$3")
    inputs = workbook.create_sheet("Ввод & 'данные'")  # another sheet's cell, quoted
    inputs["B1"] = 0.4
    for r in range(2, 42):
        sheet[f"I{r}"] = f"=ROMI(A{r},'Ввод & ''данные'''!$B$1,C{r})"
    path = tmp_path / "fixed.xlsx"
    workbook.save(path)
    runs = columns.plan(Package(path))
    assert [(run.column, run.arguments[1]) for run in runs] == [
        (4, columns.Fixed("Data", "H1")),
        (9, columns.Fixed("Ввод & 'данные'", "B1")),
    ]
    with roikit.open(path) as book:
        assert book.get("Data!I9") == (9000 * 0.4 - 100) / 100
        assert book.get("Data!D9") == (9000 * 0.3 - 100) / 100
        assert book.get("Data!E9") == (9000 * 0.15 - 100) / 100
        assert book.get("Data!G9") == (9000 * 0.1 - 100) / 100


def test_a_number_typed_into_the_call_is_the_same_in_every_row(tmp_path: Path) -> None:
    """``=ROMI(A2,0.25,C2)`` filled down, the margin typed in: a run, each row's value what the
    per-cell path gives. A percentage or a sign typed in is a formula of its own: per cell."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for r in range(2, 42):
        sheet[f"A{r}"], sheet[f"C{r}"] = 1000 * r, 100
        sheet[f"D{r}"] = f"=ROMI(A{r},0.25,C{r})"
        sheet[f"E{r}"] = f"=CAC(A{r},1E+2)"  # a number in exponent form, as Excel saves 100
        sheet[f"F{r}"] = f"=ROMI(A{r},25%,C{r})"
        sheet[f"G{r}"] = f"=CAC(C{r},-1)"
        sheet[f"H{r}"] = f"=ROMI(A{r},25,C{r})"  # a margin typed as 25: #NUM! in every row
    path = tmp_path / "typed.xlsx"
    workbook.save(path)
    runs = columns.plan(Package(path))
    assert [(run.column, run.arguments) for run in runs] == [
        (4, (1, columns.Constant(0.25), 3)),
        (5, (1, columns.Constant(100.0))),
        (8, (1, columns.Constant(25.0), 3)),
    ]
    with roikit.open(path) as book:
        assert book.get("Data!D9") == (9000 * 0.25 - 100) / 100
        assert book.get("Data!E9") == 9000 / 100
        assert book.get("Data!F9") == book.get("Data!D9")
        assert book.get("Data!H9").code == "#NUM!"
        assert any("got 25" in note for note in book.notes())


def _reads(tmp_path: Path, formula: str, names: dict[str, str] | None = None) -> bool:
    """Whether ``formula`` in F50 (shared with F51 when it is a shared formula) may read the
    ROMI run of D2:D41 (roikit.engine.columns.may_read)."""
    from tests.helpers.workbooks import hand_made

    cells = _campaigns(40).replace("<f>SUM(D2:D41)</f>", "<f>1</f>")
    cells += f'<row r="50"><c r="F50"><f>{formula}</f></c></row>'
    path = hand_made(tmp_path / "reads.xlsx", cells, names or {})
    package = Package(path)
    runs = columns.plan(package)
    assert [run.column for run in runs] == [4]
    return columns.may_read(package, runs, [("Data", 50, 6)])


@pytest.mark.parametrize(
    "formula",
    [
        "SUM(D2:D41)",
        "AVERAGE($D$10:$E$12)",
        "D41*2",
        "SUM(D:D)",
        "SUM(3:3)",
        "Data!D5",
        "&apos;Data&apos;!D5",
        "SUM(romi)",  # a name for the run's cells
        "SUM(unknown_name)",  # a name the workbook does not define: cannot be told
        "SUM(Campaigns[ROMI])",  # a table's column (not plain cells here)
        "SUM(INDIRECT(&quot;A1&quot;))",
        "OFFSET(A1,3,3)",
    ],
)
def test_a_formula_reading_a_run_cell_or_that_cannot_be_told_may_read_it(
    tmp_path: Path, formula: str
) -> None:
    assert _reads(tmp_path, formula, {"romi": "Data!$D$2:$D$41"})


@pytest.mark.parametrize(
    "formula",
    [
        "SUM(A2:C41)",
        "SUM(D42:D49)",
        "D1&amp;&quot;D5&quot;",  # text that looks like a cell is text
        "SUM(E:E)",
        "SUM(42:49)",
        "LOG10(100)+ATAN2(1,1)",  # functions named like cells
        "IF(TRUE,A2,FALSE)",
        "SUM(margins)",  # a name for other cells
        "Other!D5",  # another sheet's D5
    ],
)
def test_a_formula_reading_no_run_cell_does_not(tmp_path: Path, formula: str) -> None:
    assert not _reads(tmp_path, formula, {"margins": "Data!$B$2:$B$41"})


def test_a_shared_formulas_cells_read_where_their_own_row_says(tmp_path: Path) -> None:
    """A formula filled down is saved once, in its first cell: F51's ``D1`` is F50's moved one
    row down (D2, a run cell), where F50's own D1 is a header."""
    from tests.helpers.workbooks import hand_made

    cells = _campaigns(40).replace("<f>SUM(D2:D41)</f>", "<f>1</f>")
    cells += (
        '<row r="50"><c r="F50"><f t="shared" ref="F50:F51" si="7">D1</f></c></row>'
        '<row r="51"><c r="F51"><f t="shared" si="7"/></c></row>'
    )
    path = hand_made(tmp_path / "shared.xlsx", cells, {})
    package = Package(path)
    runs = columns.plan(package)
    assert not columns.may_read(package, runs, [("Data", 50, 6)])  # D1
    assert columns.may_read(package, runs, [("Data", 51, 6)])  # D2


def test_a_sum_over_a_run_has_formualizer_calculate_all_with_the_runs_answered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell reading a run's cells (their sum) would make formualizer, asked for that cell,
    calculate the run cell by cell (8.5 s for a 100k-row ROMI column): it calculates every
    cell instead, each run cell answered from the run's values, the same values as per cell.
    A call with a logical where a run's row has the number 1 is not answered (TRUE is equal
    to 1.0 as a key of a dict): it gets what it always gets."""
    from tests.helpers.workbooks import hand_made

    cells = _campaigns(40).replace('<c r="A2"><v>2000</v></c>', '<c r="A2"><v>1</v></c>')
    cells += (
        '<row r="50"><c r="F50"><f>ROMI(TRUE,0.25,100)</f></c>'
        '<c r="G50"><f>ROMI(1,0.25,100)</f></c></row>'
    )
    path = hand_made(tmp_path / "sum.xlsx", cells, {})
    wanted = ["Data!D2", "Data!D41", "Data!D42", "Data!F50", "Data!G50"]
    with roikit.open(path) as book:
        backend = book._backend  # type: ignore[attr-defined]
        assert backend.runs and backend._formualizer_calculates_all()
        at_once = [book.get(cell) for cell in wanted]
    monkeypatch.setattr(columns, "ENABLED", False)
    with roikit.open(path) as book:
        per_cell = [book.get(cell) for cell in wanted]
    assert at_once[:3] == per_cell[:3]
    assert at_once[2] == pytest.approx(
        sum((1000 * r * 0.25 - 100) / 100 for r in range(3, 42)) - 0.9975
    )
    assert isinstance(at_once[3], CellError) and at_once[3].code == per_cell[3].code  # type: ignore[union-attr]
    assert at_once[4] == per_cell[4] == (0.25 - 100) / 100


def test_inputs_set_before_the_first_calculation_keep_the_runs_after_it_not(
    tmp_path: Path,
) -> None:
    """Inputs set before the first calculation (``recalc --set``, a batch's first scenario)
    keep the runs, and formualizer calculates every cell with the runs answered; once
    calculated, an input set leaves the rest to formualizer, which recalculates only what it
    changes."""
    from tests.helpers.workbooks import hand_made

    path = hand_made(tmp_path / "runs.xlsx", _campaigns(40), {})
    with roikit.open(path) as book:
        backend = book._backend  # type: ignore[attr-defined]
        book.set("Data!B3", 0.5)
        assert len(backend.runs) == 1
        book.calculate()
        assert book.get("Data!D3") == (3000 * 0.5 - 100) / 100
        total = sum((1000 * r * 0.25 - 100) / 100 for r in range(2, 42)) + 3000 * 0.25 / 100
        assert book.get("Data!D42") == pytest.approx(total)
        book.set("Data!B4", 0.5)
        assert backend.runs == []
        book.calculate()
        assert book.get("Data!D4") == (4000 * 0.5 - 100) / 100
        assert book.get("Data!D42") == pytest.approx(total + 4000 * 0.25 / 100)


_COLUMNS = st.sampled_from("ABCDEFGH")
_ROWS = st.integers(min_value=1, max_value=60)


@st.composite
def _reference(draw: st.DrawFn) -> str:
    """A reference as Excel writes one: a cell, an area, whole columns or rows, each part
    relative or absolute, with or without a sheet."""
    fixed = st.sampled_from(["", "$"])
    kind = draw(st.sampled_from(["cell", "area", "columns", "rows"]))
    if kind in ("cell", "area"):
        area = f"{draw(fixed)}{draw(_COLUMNS)}{draw(fixed)}{draw(_ROWS)}"
        if kind == "area":
            area += f":{draw(fixed)}{draw(_COLUMNS)}{draw(fixed)}{draw(_ROWS)}"
    elif kind == "columns":
        area = f"{draw(fixed)}{draw(_COLUMNS)}:{draw(fixed)}{draw(_COLUMNS)}"
    else:
        area = f"{draw(fixed)}{draw(_ROWS)}:{draw(fixed)}{draw(_ROWS)}"
    return draw(st.sampled_from(["", "Data!", "'Data'!", "Other!"])) + area


_DECOY = st.sampled_from(['"D5"', '"D2:D9"', "1.5E+3", "LOG10(2)", "ATAN2(1,1)", "TRUE", "7"])


def _reads_by_openpyxl(formula: str) -> bool:
    """Whether ``formula`` (in Data!F50) reads D2:D41, by openpyxl's tokenizer and its own
    reading of an area: a reference nobody here wrote."""
    from openpyxl.formula.tokenizer import Tokenizer
    from openpyxl.utils.cell import range_boundaries

    for token in Tokenizer("=" + formula).items:
        if token.type != "OPERAND" or token.subtype != "RANGE":
            continue
        sheet, _, area = token.value.rpartition("!")
        if sheet.strip("'") not in ("", "Data"):
            continue
        left, top, right, bottom = range_boundaries(area.replace("$", ""))
        # (an area's corners may come in any order: Excel reads D1:A2 as A1:D2)
        across = sorted((left or 1, right or 16_384))
        down = sorted((top or 1, bottom or 1_048_576))
        if across[0] <= 4 <= across[1] and down[0] <= 41 and down[1] >= 2:
            return True
    return False


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(st.one_of(_reference(), _DECOY), min_size=1, max_size=4),
    wrapped=st.booleans(),
)
def test_may_read_agrees_with_openpyxls_tokenizer_on_plain_references(
    parts: list[str], wrapped: bool, tmp_path: Path
) -> None:
    """For formulas of plain references (no names, tables or INDIRECT), whether a formula
    reads the run's cells is exactly what openpyxl's tokenizer finds."""
    from xml.sax.saxutils import escape

    from tests.helpers.workbooks import hand_made

    formula = "+".join(f"SUM({part})" if wrapped else part for part in parts)
    cells = _campaigns(40).replace("<f>SUM(D2:D41)</f>", "<f>1</f>")
    cells += f'<row r="50"><c r="F50"><f>{escape(formula, {chr(34): "&quot;"})}</f></c></row>'
    package = Package(hand_made(tmp_path / "reads.xlsx", cells, {}))
    try:
        runs = columns.plan(package)
        assert [run.column for run in runs] == [4]
        assert columns.may_read(package, runs, [("Data", 50, 6)]) is _reads_by_openpyxl(formula)
    finally:
        package.close()
