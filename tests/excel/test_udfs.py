"""The classic add-in's UDF module, run through xlwings' own decorators and value conversion.

Values reach a UDF the way ``xlwings.udfs.call_udf`` hands them over on Windows: an omitted
optional argument is VBA's "missing" marker and becomes the Python default, everything else
passes through ``xlwings.conversion.read`` with the argument's options. Excel hands numbers over
as floats, a range as a tuple of row tuples (what ``Range.raw_value`` returns), a blank as None
and an error value as its COM error number.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math

import pytest

from roikit.catalog import CATALOG, spec
from roikit.excel import CATEGORY, UDF_MODULE, excel_name, udf

#: what VBA passes for an omitted Optional argument (xlwings.udfs.call_udf tests for it)
MISSING = -2147352572
#: the COM error numbers of #N/A and #DIV/0! in a cell (xlwings._xlwindows.cell_errors)
XL_NA, XL_DIV0 = -2146826246, -2146826281


@pytest.fixture(scope="module")
def udfs(xlwings_udfs, excel_engine):
    return importlib.import_module(UDF_MODULE)


def excel_call(udfs, name, *cells):
    """Call UDF ``name`` as xlwings' call_udf does and return what goes back to VBA."""
    from xlwings import conversion

    function = getattr(udfs, name)
    info = function.__xlfunc__["args"]
    values = list(cells) + [MISSING] * (len(info) - len(cells))  # VBA passes Array(every arg)
    for i, value in enumerate(values):
        if isinstance(value, int) and value == MISSING:
            values[i] = info[i].get("optional")
        else:
            values[i] = conversion.read(None, value, info[i]["options"])
    return conversion.write(function(*values), None, function.__xlfunc__["ret"]["options"])


def as_excel_passes_it(value):
    """A Python example argument as Excel hands it over: floats, a column range as row tuples."""
    if isinstance(value, list | tuple):
        return tuple((None if cell is None else float(cell),) for cell in value)
    return float(value)


def test_every_catalog_function_is_a_udf_in_the_roikit_category(udfs):
    names = sorted(name for name in vars(udfs) if hasattr(getattr(udfs, name), "__xlfunc__"))
    assert names == sorted(function.name for function in CATALOG)
    for function in CATALOG:
        info = getattr(udfs, function.name).__xlfunc__
        assert info["name"] == function.name
        assert info["category"] == CATEGORY
        assert info["ret"]["doc"] == function.summary
        assert not info["sub"]


def test_every_argument_carries_its_help_and_reads_error_values_as_codes(udfs):
    for function in CATALOG:
        arguments = getattr(udfs, function.name).__xlfunc__["args"]
        assert [a["name"] for a in arguments] == [excel_name(a) for a in function.arguments]
        for info, argument in zip(arguments, function.arguments, strict=True):
            assert info["doc"] == argument.help
            assert len(info["doc"]) <= 255
            assert info["options"]["err_to_str"] is True


def test_every_argument_reads_as_a_2d_range_so_that_a_range_keeps_its_shape(udfs):
    for function in CATALOG:
        for info in getattr(udfs, function.name).__xlfunc__["args"]:
            assert info["options"]["ndim"] == 2, (function.name, info["name"])


def test_no_argument_is_named_like_a_function_in_excel(udfs):
    functions = {function.name.lower() for function in CATALOG}
    for function in CATALOG:
        for info in getattr(udfs, function.name).__xlfunc__["args"]:
            assert info["name"].lower() not in functions, (function.name, info["name"])
    assert [a["name"] for a in udfs.LTV_CAC.__xlfunc__["args"]] == [
        "lifetime_value",
        "acquisition_cost",
    ]


def test_optional_arguments_are_exactly_the_catalog_ones_with_its_defaults(udfs):
    for function in CATALOG:
        for info, argument in zip(
            getattr(udfs, function.name).__xlfunc__["args"], function.arguments, strict=True
        ):
            if argument.optional:
                assert info["optional"] == argument.default
            else:
                assert "optional" not in info


@pytest.mark.parametrize(
    ("function", "example"),
    [(f, e) for f in CATALOG for e in f.examples],
    ids=lambda item: getattr(item, "name", ""),
)
def test_every_example_through_xlwings_equals_the_python_api(udfs, function, example):
    cells = [as_excel_passes_it(value) for value in example.args]
    [[result]] = excel_call(udfs, function.name, *cells)
    if example.is_error:  # classic xlwings shows the code and the reason as text
        assert result.startswith(example.result + " ")
        return
    expected = function.func(*example.args)
    assert result == pytest.approx(expected, rel=1e-12)
    assert type(result) is type(expected)


def test_romi_worked_example_from_a_cost_range_with_a_blank_line(udfs):
    assert excel_call(udfs, "ROMI", 558800.0, 0.25, ((13500.0,), (None,), (50000.0,))) == [[1.2]]


def test_an_omitted_optional_argument_and_a_blank_one_take_the_default(udfs):
    assert excel_call(udfs, "CLV", 50.0, 4.0, 3.0) == [[600.0]]
    assert excel_call(udfs, "CLV", 50.0, 4.0, 3.0, None) == [[600.0]]
    assert excel_call(udfs, "CLV", 50.0, 4.0, 3.0, 0.5) == [[300.0]]


def test_margin_typed_as_25_is_num_text_with_the_reason(udfs):
    assert excel_call(udfs, "ROMI", 558800.0, 25.0, 63500.0) == [
        ["#NUM! margin must be between 0 and 1 (write 25% or 0.25), got 25"]
    ]


def test_zero_costs_is_div0_text(udfs):
    [[result]] = excel_call(udfs, "ROMI", 1000.0, 0.25, ((0.0,), (None,)))
    assert result.startswith("#DIV/0! costs")


def test_an_error_cell_in_a_range_passes_through_as_its_code(udfs):
    assert excel_call(udfs, "ROMI", 558800.0, 0.25, ((13500.0,), (XL_NA,))) == [["#N/A"]]


def test_an_error_cell_as_a_single_argument_passes_through(udfs):
    assert excel_call(udfs, "CTR", ((XL_DIV0,),), 9800.0) == [["#DIV/0!"]]


def test_ranges_where_one_cell_belongs_spill_with_each_rows_error_as_text(udfs):
    clicks = ((294.0,), (0.0,), (1.0,))
    delivered = ((9800.0,), (0.0,), (100.0,))
    assert excel_call(udfs, "CTR", clicks, delivered) == [
        [pytest.approx(0.03)],
        ["#DIV/0! delivered is 0, so the ratio is undefined"],
        [0.01],
    ]


def test_date_cells_arrive_as_datetimes_and_give_the_days(udfs):
    first = ((dt.datetime(2024, 1, 1),), (dt.datetime(2024, 1, 9),))
    close = ((dt.datetime(2024, 3, 1),), (dt.datetime(2024, 2, 8),))
    assert excel_call(udfs, "SALES_CYCLE", first, close) == [[45.0]]


def test_a_logical_result_stays_a_logical_value(udfs):
    assert excel_call(udfs, "AB_SIGNIFICANT", 200.0, 10000.0, 250.0, 10000.0) == [[True]]


def test_an_unexpected_failure_is_short_value_text_never_a_traceback():
    def broken(*args):
        raise RuntimeError("boom")

    result = udf(spec("ROMI").model_copy(update={"func": broken}))(1.0, 0.1, 1.0)
    assert result == "#VALUE! ROMI failed: RuntimeError: boom"
    assert "Traceback" not in result


def test_python_callers_of_the_udf_get_the_same_numbers():
    assert udf(spec("ROMI"))(558800, 0.25, [13500, 50000]) == 1.2
    assert math.isclose(udf(spec("CTR"))(294, 9800), 0.03)


def test_xlwings_is_pinned_for_development_only(project_root):
    """The tests and the generated roikit.bas need one xlwings; a user's add-in does not."""
    import tomllib

    import xlwings

    extras = tomllib.loads((project_root / "pyproject.toml").read_text(encoding="utf-8"))
    extras = extras["project"]["optional-dependencies"]
    assert f"xlwings=={xlwings.__version__}" in extras["dev"], "the tests rely on it"
    assert not any("==" in requirement for requirement in extras["excel"])


def test_excel_call_mirrors_what_xlwings_call_udf_does(xlwings_udfs):
    import inspect

    source = inspect.getsource(xlwings_udfs.call_udf)
    assert f"arg == {MISSING}" in source
    assert 'args[i] = arg_info.get("optional", None)' in source
    assert 'args[i] = conversion.read(None, arg, arg_info["options"])' in source
    assert 'xl_result = conversion.write(ret, None, ret_info["options"])' in source
