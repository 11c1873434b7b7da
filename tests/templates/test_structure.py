"""What every template promises: names, validation, styles, functions, charts, determinism."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from roikit.catalog import CATALOG
from roikit.templates import TEMPLATES, build, template
from roikit.templates.builder import HOW_TO_SHEET, INPUT_STYLE, NUMBER_FORMATS
from roikit.templates.compare import fingerprint, same_workbook
from roikit.templates.expand import functions_used
from roikit.templates.model import Column, CostLines, Input, Output

openpyxl = pytest.importorskip("openpyxl")
from openpyxl.formula import Tokenizer  # noqa: E402
from openpyxl.worksheet.formula import ArrayFormula  # noqa: E402

#: the ordinary spreadsheet functions templates and native formulas may use
#: (ISERROR, ISNUMBER, OR, COUNT and MIN are the checks of the native twins)
ORDINARY = {"SUM", "SUMPRODUCT", "INDEX", "IF", "ABS", "SQRT", "ROUNDUP"}
ORDINARY |= {"ISERROR", "ISNUMBER", "ISBLANK", "OR", "COUNT", "MIN"}
ORDINARY |= {"NA", "INT", "AND"}
FUTURE = {"_XLFN.NORM.S.DIST", "_XLFN.NORM.S.INV"}
CATALOG_NAMES = {function.name for function in CATALOG}
BOTH = [(name, native) for name in TEMPLATES for native in (False, True)]


def _load(name: str, native: bool):
    return openpyxl.load_workbook(io.BytesIO(build(name, native)))


def _names(item) -> tuple[str, ...]:
    if isinstance(item, Column):
        return tuple(n for n in (item.name, *(item.names or ()), item.total_name) if n)
    return (item.name,)


def _formulas(workbook):
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield f"{ws.title}!{cell.coordinate}", cell.value


@pytest.mark.parametrize(("name", "native"), BOTH)
def test_every_input_and_headline_output_has_a_workbook_scoped_name(name, native):
    workbook = _load(name, native)
    spec = template(name)
    expected = {n for item in spec.inputs() + spec.outputs() for n in _names(item)}
    assert expected <= set(workbook.defined_names)
    assert all(d.localSheetId is None for d in workbook.defined_names.values())
    assert all(len(ws.defined_names) == 0 for ws in workbook.worksheets)


@pytest.mark.parametrize(("name", "native"), BOTH)
def test_formulas_use_only_catalog_and_ordinary_functions(name, native):
    allowed = ORDINARY | FUTURE | (set() if native else CATALOG_NAMES)
    used = {
        where: functions_used(formula) - allowed
        for where, formula in _formulas(_load(name, native))
    }
    assert {where: extra for where, extra in used.items() if extra} == {}


def test_the_native_twins_call_no_roikit_function():
    for name in TEMPLATES:
        for _, formula in _formulas(_load(name, native=True)):
            assert not functions_used(formula) & CATALOG_NAMES, formula


def test_the_roikit_templates_call_roikit_functions():
    for name in TEMPLATES:
        called = set().union(*(functions_used(f) for _, f in _formulas(_load(name, False))))
        assert called & CATALOG_NAMES, name


_CELL_REFERENCE = re.compile(r"^(\$?[A-Z]{1,3}\$?\d+)(:\$?[A-Z]{1,3}\$?\d+)?$")


@pytest.mark.parametrize(("name", "native"), BOTH)
def test_every_name_a_formula_reads_is_defined(name, native):
    workbook = _load(name, native)
    names = [
        (where, token.value)
        for where, formula in _formulas(workbook)
        for token in Tokenizer(formula).items
        if token.type == "OPERAND" and token.subtype == "RANGE"
        if not _CELL_REFERENCE.match(token.value)
    ]
    assert names, "the templates read their inputs by name"
    assert [(where, n) for where, n in names if n not in workbook.defined_names] == []


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_input_cell_has_validation_with_an_input_message_and_the_input_style(name):
    workbook = _load(name, False)
    for item in template(name).inputs():
        for defined in _names(item):
            if isinstance(item, Column) and defined == item.total_name:
                continue
            ((sheet, ref),) = workbook.defined_names[defined].destinations
            ws = workbook[sheet]
            cells = ws[ref.replace("$", "")]
            cells = [c for row in cells for c in row] if isinstance(cells, tuple) else [cells]
            for cell in cells:
                rules = [
                    v for v in ws.data_validations.dataValidation if cell.coordinate in v.sqref
                ]
                assert len(rules) == 1, f"{name}: {defined} {cell.coordinate} has no validation"
                assert rules[0].showInputMessage and rules[0].prompt
                assert cell.style == INPUT_STYLE


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_outputs_read_as_percent_or_money(name):
    workbook = _load(name, False)
    for item in template(name).outputs():
        if isinstance(item, Output):
            ((sheet, ref),) = workbook.defined_names[item.name].destinations
            cell = workbook[sheet][ref.replace("$", "")]
            assert cell.number_format == NUMBER_FORMATS[item.format], item.name


def test_percentages_are_validated_between_0_and_1():
    workbook = _load("email_campaign_romi", False)
    ((sheet, ref),) = workbook.defined_names["margin"].destinations
    ws = workbook[sheet]
    (rule,) = [v for v in ws.data_validations.dataValidation if ref.replace("$", "") in v.sqref]
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == (
        "decimal",
        "between",
        "0",
        "1",
    )


def test_cost_lines_are_one_name_over_a_range():
    workbook = _load("email_campaign_romi", False)
    ((_, ref),) = workbook.defined_names["costs"].destinations
    assert ref == "$B$6:$B$9"
    cost_lines = [i for i in template("unit_economics").inputs() if isinstance(i, CostLines)]
    assert [c.name for c in cost_lines] == ["acquisition_costs"]


@pytest.mark.parametrize(("name", "native"), BOTH)
def test_how_to_use_lists_every_named_input_and_output(name, native):
    ws = _load(name, native)[HOW_TO_SHEET]
    listed = {row[0] for row in ws.iter_rows(values_only=True)}
    spec = template(name)
    named = {n for item in spec.inputs() for n in _names(item) if not isinstance(item, Column)}
    named |= {item.name for item in spec.outputs() if isinstance(item, Output)}
    assert named <= listed
    texts = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    used = {
        f
        for item in spec.outputs()
        if isinstance(item, Output)
        for f in functions_used(item.formula)
    }
    assert used & CATALOG_NAMES <= set(texts)


def test_how_to_shows_formulas_as_text_not_as_formulas():
    ws = _load("email_campaign_romi", False)[HOW_TO_SHEET]
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert "=ROMI(revenue, margin, costs)" in [c.value for row in ws.iter_rows() for c in row]


def test_how_to_shows_native_formulas_as_a_user_types_them():
    ws = _load("email_ab_test", native=True)[HOW_TO_SHEET]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(text.startswith("=") and "2*NORM.S.DIST(" in text for text in texts)
    assert not [text for text in texts if "_xlfn." in text]


def test_email_campaign_defaults_are_the_worked_month():
    inputs = {i.name: i for i in template("email_campaign_romi").inputs()}
    assert inputs["revenue"].value == 558800 and inputs["margin"].value == 0.25
    assert sum(value for _, value in inputs["costs"].lines) == 63500


def test_email_ab_test_defaults_show_the_ctor_trap():
    columns = {c.key: c.values for c in template("email_ab_test").blocks()[0].columns}
    (clicks_a, clicks_b), (opens_a, opens_b) = columns["clicks"], columns["opens"]
    (orders_a, orders_b) = columns["orders"]
    assert clicks_b / opens_b > clicks_a / opens_a  # B wins on click-to-open rate ...
    assert orders_b < orders_a  # ... and loses on sales


def test_unit_economics_flags_rules_of_thumb_with_conditional_formatting():
    workbook = _load("unit_economics", False)
    ws = workbook.worksheets[0]
    rules = {
        str(cf.sqref): [(r.operator, tuple(r.formula)) for r in cf.rules]
        for cf in ws.conditional_formatting
    }
    ltv_cac = workbook.defined_names["ltv_cac_result"].destinations
    payback = workbook.defined_names["cac_payback_result"].destinations
    assert rules[next(iter(ltv_cac))[1].replace("$", "")] == [
        ("greaterThanOrEqual", ("3",)),
        ("lessThan", ("3",)),
    ]
    assert rules[next(iter(payback))[1].replace("$", "")][0] == ("lessThanOrEqual", ("12",))


def test_b2b_funnel_has_a_funnel_chart_over_the_stage_totals():
    ((kind, direction, title, series),) = fingerprint(build("b2b_funnel"))["sheets"][0]["charts"]
    assert (kind, direction) == ("BarChart", "bar") and "Funnel" in title
    assert series == [("'Funnel'!$B$11:$F$11", "'Funnel'!$B$4:$F$4")]


def test_kpi_dashboard_has_trend_charts_by_month():
    charts = fingerprint(build("kpi_dashboard"))["sheets"][0]["charts"]
    assert len(charts) >= 4
    assert {kind for kind, *_ in charts} >= {"LineChart"}


@pytest.mark.parametrize(("name", "native"), BOTH)
def test_only_features_both_engines_support(name, native):
    workbook = _load(name, native)
    for ws in workbook.worksheets:
        assert not ws.tables, "no Excel tables (structured references)"
        for row in ws.iter_rows():
            for cell in row:
                assert not isinstance(cell.value, ArrayFormula), "no array formulas"
    for _, formula in _formulas(workbook):
        assert not functions_used(formula) & {"OFFSET", "INDIRECT"}
        without_error_values = re.sub(r"#(VALUE!|NUM!|DIV/0!)", "", formula)
        assert "[" not in formula and "#" not in without_error_values, formula


@pytest.mark.parametrize(("name", "native"), BOTH)
def test_build_is_deterministic(name, native):
    first, second = build(name, native), build(name, native)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "2026-01-01T00:00:00Z" in core


def test_a_changed_formula_makes_a_workbook_stale():
    fresh = build("email_campaign_romi")
    workbook = openpyxl.load_workbook(io.BytesIO(fresh))
    ((sheet, ref),) = workbook.defined_names["romi_result"].destinations
    workbook[sheet][ref.replace("$", "")] = "=ROI(revenue, costs)"
    changed = io.BytesIO()
    workbook.save(changed)
    assert not same_workbook(changed.getvalue(), fresh)


def test_a_repacked_workbook_with_other_bytes_is_still_fresh():
    fresh = build("unit_economics")
    repacked = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(fresh)) as source,
        zipfile.ZipFile(repacked, "w", zipfile.ZIP_STORED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    assert repacked.getvalue() != fresh
    assert same_workbook(repacked.getvalue(), fresh)


def test_a_workbook_resaved_without_its_results_is_stale():
    fresh = build("unit_economics")
    resaved = io.BytesIO()
    openpyxl.load_workbook(io.BytesIO(fresh)).save(resaved)  # openpyxl drops cached values
    assert not same_workbook(resaved.getvalue(), fresh)


def test_templates_are_registered_as_generated_files():
    from roikit.build import GENERATED

    paths = {item.path for item in GENERATED}
    for name in TEMPLATES:
        assert f"workbook_templates/{name}.xlsx" in paths
        assert f"workbook_templates/native/{name}.xlsx" in paths


def test_every_input_kind_is_covered_by_a_validation_rule():
    from roikit.templates.builder import VALIDATION

    kinds = {
        item.kind
        for name in TEMPLATES
        for item in template(name).inputs()
        if isinstance(item, Input | CostLines | Column)
    }
    assert kinds <= set(VALIDATION)


def test_unknown_template_names_the_known_ones():
    with pytest.raises(KeyError, match="email_campaign_romi"):
        template("nope")
