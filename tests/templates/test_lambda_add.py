"""``roikit lambda add``: named LAMBDAs in a user's workbook, every other part kept byte for byte;
both engines read the result; names that would collide are refused."""

from __future__ import annotations

import re
import zipfile

import pytest

import roikit
from roikit.catalog import CATALOG
from roikit.cli import main
from roikit.engine import UnsupportedFeatureError
from roikit.errors import NameConflictError
from roikit.templates import TEMPLATES, build
from roikit.templates.lambdas import add_lambdas, definitions
from roikit.templates.names import excel_functions, name_problem

openpyxl = pytest.importorskip("openpyxl")


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture
def user_book(tmp_path):
    path = tmp_path / "mine.xlsx"
    path.write_bytes(build("email_campaign_romi"))
    return path


def test_lambda_add_changes_only_the_workbook_part(user_book, tmp_path):
    out = tmp_path / "out.xlsx"
    assert main(["lambda", "add", str(user_book), "-o", str(out)]) == 0
    before, after = _parts(user_book), _parts(out)
    assert list(before) == list(after)
    assert [name for name in before if before[name] != after[name]] == ["xl/workbook.xml"]
    workbook = after["xl/workbook.xml"].decode()
    for function in CATALOG:  # a function with no native formula has no LAMBDA either
        present = f'<definedName name="{function.name}" comment="' in workbook
        assert present == (function.native is not None)


def test_lambda_add_never_overwrites_the_source_unless_asked(user_book):
    original = user_book.read_bytes()
    assert main(["lambda", "add", str(user_book), "-o", str(user_book)]) == 2
    assert main(["lambda", "add", str(user_book)]) == 2
    assert user_book.read_bytes() == original
    assert main(["lambda", "add", str(user_book), "--in-place"]) == 0
    assert user_book.read_bytes() != original


@pytest.mark.parametrize("engine", ["fast", "formulas"])
def test_both_engines_recalculate_a_lambda_book_to_the_add_in_values(user_book, tmp_path, engine):
    out, _ = add_lambdas(user_book, tmp_path / "out.xlsx")
    expected = roikit.recalc(user_book, inputs={"revenue": 600000}, engine=engine)
    assert roikit.recalc(out, inputs={"revenue": 600000}, engine=engine) == expected


def _with_workbook_xml(source, target, change):
    with zipfile.ZipFile(source) as inside, zipfile.ZipFile(target, "w") as out:
        for info in inside.infolist():
            data = inside.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = change(data)
            out.writestr(info, data)
    return target


@pytest.mark.parametrize("engine", ["fast", "formulas"])
def test_a_roikit_name_whose_lambda_was_edited_is_refused_per_cell(user_book, tmp_path, engine):
    out, _ = add_lambdas(user_book, tmp_path / "out.xlsx")
    edited = _with_workbook_xml(
        out,
        tmp_path / "edited.xlsx",
        lambda xml: re.sub(
            rb'(<definedName name="ROMI"[^>]*>)[^<]*',
            rb"\1_xlfn.LAMBDA(_xlpm.a,_xlpm.b,_xlpm.c,42)",
            xml,
        ),
    )
    with pytest.raises(
        UnsupportedFeatureError, match=r"Month!B\d+.*ROMI, a LAMBDA of this workbook"
    ):
        roikit.open(edited, engine=engine).calculate()


def test_a_cell_calling_a_lambda_the_fast_engine_cannot_evaluate_says_so(
    user_book, tmp_path, monkeypatch
):
    def add_mine(xml: bytes) -> bytes:
        return xml.replace(
            b"</definedNames>",
            b'<definedName name="DOUBLED">_xlfn.LAMBDA(_xlpm.x,_xlpm.x*2)</definedName></definedNames>',
        )

    source = _with_workbook_xml(user_book, tmp_path / "mine2.xlsx", add_mine)
    with zipfile.ZipFile(source) as inside, zipfile.ZipFile(tmp_path / "calls.xlsx", "w") as out:
        for info in inside.infolist():
            data = inside.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"<f>GROSS_PROFIT(revenue,margin)</f>", b"<f>DOUBLED(revenue)</f>"
                )
            out.writestr(info, data)
    # a small workbook: the fast engine's IronCalc cross-check evaluates the user's LAMBDA
    assert roikit.open(tmp_path / "calls.xlsx").get("gross_profit_result") == 558800 * 2
    # formualizer alone (a workbook above the cross-check's size) cannot, and says so
    monkeypatch.setattr("roikit.engine.fast.IRONCALC_LIMIT", 0)
    book = roikit.open(tmp_path / "calls.xlsx")
    with pytest.raises(
        UnsupportedFeatureError, match="DOUBLED is a LAMBDA defined in this workbook"
    ):
        book.get("gross_profit_result")
    assert (
        roikit.open(tmp_path / "calls.xlsx", engine="formulas").get("gross_profit_result")
        == 558800 * 2
    )


def test_a_cell_named_like_a_roikit_function_is_refused(user_book, tmp_path):
    clash = _with_workbook_xml(
        user_book,
        tmp_path / "clash.xlsx",
        lambda xml: xml.replace(b"romi_result", b"romi"),
    )
    with pytest.raises(NameConflictError, match="romi"):
        add_lambdas(clash, tmp_path / "out.xlsx")


@pytest.mark.parametrize("edition", ["addin", "native", "lambda"])
@pytest.mark.parametrize("name", list(TEMPLATES))
def test_no_template_name_equals_a_function_or_a_cell(name, edition):
    import io

    workbook = openpyxl.load_workbook(io.BytesIO(build(name, edition=edition)))
    catalog = {function.name for function in CATALOG}
    problems = {
        n: name_problem(n)
        for n in workbook.defined_names
        if n.upper() not in catalog and name_problem(n)
    }
    assert problems == {}


def test_the_excel_function_list_holds_old_and_new_functions():
    assert {"SUM", "NORM.S.DIST", "POWER", "CONFIDENCE", "LAMBDA", "XLOOKUP"} <= excel_functions()
    assert not {function.name for function in CATALOG} & excel_functions()


def test_every_lambda_fits_excel_and_keeps_its_help_short():
    for name, (formula, comment) in definitions().items():
        assert len(formula) < 8192 and len(comment) <= 255, name
        parameters = re.findall(r"_xl(?:pm|op)\.(\w+)", formula)
        assert all(name_problem(p) is None for p in parameters), (name, parameters)


def test_every_function_newer_than_excel_2007_in_a_lambda_carries_its_prefix():
    """Excel shows #NAME? for a newer function stored without ``_xlfn.`` (IronCalc does not
    mind, so only this check catches it); openpyxl's FORMULAE is Excel 2007's own list."""
    from openpyxl.utils.formulas import FORMULAE

    from roikit.templates.expand import functions_used

    for name, (formula, _) in definitions().items():
        bare = {f for f in functions_used(formula) if not f.startswith("_XL")}
        assert bare <= FORMULAE, (name, bare - FORMULAE)
        prefixed = {
            f.removeprefix("_XLFN.") for f in functions_used(formula) if f.startswith("_XLFN.")
        }
        assert prefixed <= {"LAMBDA", "LET", "ISOMITTED", "NORM.S.DIST", "NORM.S.INV"}, name
