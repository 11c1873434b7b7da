"""Reading the functions of a formula and expanding roikit calls into native Excel."""

from __future__ import annotations

import pytest

from roikit.catalog import native_formula, spec
from roikit.templates.expand import (
    catalog_calls,
    expand_native,
    functions_used,
    with_future_prefixes,
)


def native(name: str, *texts: str) -> str:
    """The catalog's native formula of ``name`` for these argument texts, as expand_native uses it."""
    function = spec(name)
    return native_formula(
        function, dict(zip((a.name for a in function.arguments), texts, strict=False))
    )


def test_a_whole_call_expands_without_extra_parentheses():
    assert expand_native("=ROMI(revenue, margin, costs)") == "=" + native(
        "ROMI", "revenue", "margin", "costs"
    )


def test_a_call_inside_an_expression_stays_one_operand():
    assert expand_native("=1+CTR(B2, C2)*2") == f"=1+({native('CTR', 'B2', 'C2')})*2"


def test_nested_calls_expand_inside_out():
    inner = native("CLV", "a", "b", "c", "d"), native("CAC", "x", "n")
    assert expand_native("=LTV_CAC(CLV(a, b, c, d), CAC(x, n))") == "=" + native(
        "LTV_CAC", inner[0], inner[1]
    )


def test_an_expression_argument_is_wrapped():
    assert expand_native("=GROSS_PROFIT(a*b, m)") == "=" + native("GROSS_PROFIT", "a*b", "m")
    assert "ISNUMBER((a*b))" not in expand_native("=GROSS_PROFIT(a*b, m)")


def test_omitted_optional_arguments_take_the_catalog_default():
    assert expand_native("=CLV(a, b, c)").endswith(",a*b*c*1),#VALUE!)),#VALUE!)),#VALUE!))))")
    assert "m*r/(1+0.1-r)" in expand_native("=CLV_RETENTION(m, r)")


def test_commas_and_parentheses_inside_strings_are_not_arguments():
    assert expand_native('=IF(CTR(a, b)>0, "x, (y", "z")') == (
        f'=IF(({native("CTR", "a", "b")})>0,"x, (y","z")'
    )
    assert functions_used('=IF(a, "SUM(b)", c)') == {"IF"}


def test_quoted_sheet_names_are_not_functions():
    assert functions_used("='My (sheet)'!A1+SUM(B1:B2)") == {"SUM"}


def test_names_that_end_like_a_function_are_not_calls():
    assert functions_used("=my_ROMI+SUM(a)") == {"SUM"}
    assert catalog_calls("=SUM(ROMI(a, b, c), CTR(d, e))") == {"ROMI", "CTR"}


def test_too_many_arguments_is_refused():
    with pytest.raises(ValueError, match="at most 2"):
        expand_native("=CTR(a, b, c)")


def test_unbalanced_formulas_are_refused():
    with pytest.raises(ValueError, match="unbalanced"):
        functions_used("=SUM(a")


def test_newer_functions_get_their_file_prefix():
    assert (
        with_future_prefixes("2*NORM.S.DIST(-ABS(x),TRUE)") == "2*_xlfn.NORM.S.DIST(-ABS(x),TRUE)"
    )
