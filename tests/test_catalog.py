"""The catalog: complete, consistent with the metric functions, and every example right."""

from __future__ import annotations

import inspect
import math

import pytest

import roikit
from roikit import metrics
from roikit.catalog import CATALOG, native_formula, spec
from roikit.catalog.models import EXCEL_HELP_LIMIT

EXAMPLES = [(f, e) for f in CATALOG for e in f.examples]


@pytest.mark.parametrize(
    ("function", "example"), EXAMPLES, ids=[f"{f.name}-{i}" for i, (f, _) in enumerate(EXAMPLES)]
)
def test_catalog_example_gives_its_result(function, example):
    if example.is_error:
        with pytest.raises(roikit.MetricError) as raised:
            function.func(*example.args)
        assert raised.value.excel_error == example.result
        return
    result = function.func(*example.args)
    if isinstance(example.result, bool):
        assert result is example.result
    else:
        assert math.isclose(result, example.result, rel_tol=1e-12)


def test_worked_email_month_romi_is_120_percent():
    # The project's worked number: revenue 558,800, margin 25 %, costs 13,500 + 50,000.
    assert roikit.romi(558_800, 0.25, [13_500, 50_000]) == pytest.approx(1.2, rel=1e-15)


def test_every_metric_has_one_catalog_entry():
    in_catalog = sorted(f.python_name for f in CATALOG)
    assert in_catalog == sorted(metrics.__all__)
    assert len({f.name for f in CATALOG}) == len(CATALOG)


@pytest.mark.parametrize("function", CATALOG, ids=lambda f: f.name)
def test_spec_matches_its_function(function):
    parameters = inspect.signature(function.func).parameters
    assert [a.name for a in function.arguments] == list(parameters)
    assert getattr(roikit, function.python_name) is function.func
    assert len(function.summary) <= EXCEL_HELP_LIMIT
    assert all(len(a.help) <= EXCEL_HELP_LIMIT for a in function.arguments)
    assert function.formula


@pytest.mark.parametrize("name", ["ROMI", "romi", " Romi ", "_xludf.ROMI", "_XLUDF.romi"])
def test_spec_finds_excel_and_python_names(name):
    assert spec(name).name == "ROMI"


def test_spec_unknown_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="known: ROMI, ROI"):
        spec("ROASTED")


def test_native_formula_parenthesizes_expressions_and_fills_defaults():
    clv = spec("CLV")
    text = native_formula(
        clv, {"avg_purchase_value": "B1", "purchase_frequency": "B2+1", "lifespan": "lifespan"}
    )
    assert text.endswith(",B1*(B2+1)*lifespan*1),#VALUE!)),#VALUE!)))")
    assert "ISNUMBER(B1)" in text and "ISNUMBER(lifespan)" in text
    assert "ISNUMBER((B2+1))" not in text, "an expression is not repeated in the checks"


def test_native_formula_keeps_ranges_and_sheet_references():
    text = native_formula(
        spec("ROMI"), {"revenue": "Inputs!$B$2", "margin": "0.25", "costs": "B4:B7"}
    )
    assert text == (
        "IF(ISERROR(Inputs!$B$2),Inputs!$B$2,IF(ISERROR(SUM(B4:B7)),SUM(B4:B7),"
        "IF(ISNUMBER(Inputs!$B$2),IF(Inputs!$B$2<0,#NUM!,"
        "IF(COUNT(B4:B7)=0,#VALUE!,IF(MIN(B4:B7)<0,#NUM!,"
        "(Inputs!$B$2*0.25-SUM(B4:B7))/SUM(B4:B7)))),#VALUE!)))"
    )


@pytest.mark.parametrize("function", CATALOG, ids=lambda f: f.name)
def test_help_shows_arguments_examples_and_reference_that_run(function):
    import doctest

    import roikit

    doc = function.func.__doc__
    for section in ("Parameters", "Returns", "Examples", "References"):
        assert f"\n{section}\n" in doc
    for argument in function.arguments:
        assert f"{argument.name} : {argument.kind}" in doc
    runner = doctest.DocTestRunner(optionflags=doctest.IGNORE_EXCEPTION_DETAIL)
    test = doctest.DocTestParser().get_doctest(doc, {"roikit": roikit}, function.name, None, 0)
    assert len(test.examples) == len(function.examples)
    assert runner.run(test, out=lambda _text: None).failed == 0
