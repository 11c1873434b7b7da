"""Shared by the template tests: headline values worked out by hand, and LibreOffice once."""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from statistics import NormalDist

import pytest

from roikit.templates import TEMPLATES

openpyxl = pytest.importorskip("openpyxl")


def _column(template: str, key: str) -> tuple:
    for block in TEMPLATES[template].blocks():
        if hasattr(block, "columns"):
            for column in block.columns:
                if column.key == key and column.values is not None:
                    return column.values
    raise KeyError(key)


def _ab_interval_chance_and_power() -> dict[str, float]:
    """The A/B template's interval (Newcombe's hybrid score, from Wilson's intervals), chance
    that B beats A (the integral of the two Beta posteriors, by scipy) and power reached."""
    from scipy import integrate, stats

    z = -NormalDist().inv_cdf(0.05 / 2)

    def wilson(x, n):
        centre, half = (
            (x + z * z / 2) / (n + z * z),
            z / (n + z * z) * math.sqrt(x * (n - x) / n + z * z / 4),
        )
        return centre - half, centre + half

    (low_a, high_a), (low_b, high_b) = wilson(200, 10000), wilson(150, 10000)
    difference = 0.015 - 0.02
    a, b = stats.beta(201, 9801), stats.beta(151, 9851)
    chance, _ = integrate.quad(lambda x: b.pdf(x) * a.cdf(x), 0, 0.05, limit=200, epsabs=1e-13)
    p1, p2 = 0.02, 0.022
    pbar, spread = 0.021, math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    shift, null = (p2 - p1) * math.sqrt(10000), z * math.sqrt(2 * pbar * (1 - pbar))
    power = NormalDist().cdf((shift - null) / spread) + NormalDist().cdf((-shift - null) / spread)
    return {
        "difference_low": difference - math.hypot(0.015 - low_b, high_a - 0.02),
        "difference_high": difference + math.hypot(high_b - 0.015, 0.02 - low_a),
        "prob_b_beats_a": chance,
        "power_reached": power,
    }


def _customer_value() -> dict[str, float]:
    """The customer-value template's results by the published formulas, with scipy's ₂F₁:
    Fader, Hardie & Lee (2005) eqs. 10 and 13, Fader & Hardie (2013) eq. 5, each month's
    expected purchases valued at 30 % margin and discounted 1 % a month over 12 months."""
    from scipy.special import hyp2f1

    r, alpha, a, b, p, q, v = 0.243, 4.414, 0.793, 2.426, 6.25, 3.74, 15.44
    columns = {
        key: _column("customer_value", key)
        for key in ("segment", "frequency", "recency", "age", "avg_value")
    }

    def dropped_odds(x, tx, age):
        return a / (b + x - 1) * ((alpha + age) / (alpha + tx)) ** (r + x) if x > 0 else 0.0

    def expected(t, x, tx, age):
        z = t / (alpha + age + t)
        tail = ((alpha + age) / (alpha + age + t)) ** (r + x) * hyp2f1(
            r + x, b + x, a + b + x - 1, z
        )
        return (a + b + x - 1) / (a - 1) * (1 - tail) / (1 + dropped_odds(x, tx, age))

    values, active = {}, {}
    for segment, x, tx, age, m in zip(*columns.values(), strict=True):
        value = p * (v + x * m) / (p * x + q - 1)
        clv = sum(
            value
            * 0.3
            * (expected(k * 4.345, x, tx, age) - expected((k - 1) * 4.345, x, tx, age))
            / 1.01**k
            for k in range(1, 13)
        )
        key = segment.lower().replace("-", "_")
        values[key] = values.get(key, 0.0) + clv
        active[key] = active.get(key, 0.0) + 1 / (1 + dropped_odds(x, tx, age))
    return {
        "customers_value": sum(values.values()),
        "segments_value": sum(values.values()),
        **{f"value_{key}": value for key, value in values.items()},
        **{f"active_{key}": value for key, value in active.items()},
    }


def _hand_worked() -> dict[str, dict[str, float | bool]]:
    """Each template's headline outputs from its default inputs, by the textbook formulas."""
    # the worked email month: revenue 558,800, margin 25 %, costs 13,500 + 50,000
    email = {
        "gross_profit_result": 558800 * 0.25,
        "romi_result": (558800 * 0.25 - 63500) / 63500,
        "roi_result": (558800 - 63500) / 63500,
        "breakeven_revenue_result": 63500 / 0.25,
        "total_revenue": 558800,
        "total_cost": 63500,
        "total_delivered": 254000,
        "revenue_per_email_result": 558800 / 254000,
        "campaigns_romi": (558800 * 0.25 - 63500) / 63500,
    }
    assert math.isclose(email["romi_result"], 1.2) and math.isclose(
        email["revenue_per_email_result"], 2.2
    )
    # unit economics: costs 50,000 for 100 customers; 120 a month, 12 a year, 3 years, 60 %
    cac = 50000 / 100
    clv = 120 * 12 * 3 * 0.6
    unit = {
        "cac_result": cac,
        "clv_result": clv,
        "margin_per_year": 120 * 12 * 0.6,
        "clv_with_retention": 864 * 0.7 / (1 + 0.1 - 0.7),
        "clv_with_churn": 120 * 0.6 / 0.03,
        "ltv_cac_result": clv / cac,
        "cac_payback_result": cac / (120 * 0.6),
    }
    # B2B funnel: six months; six closed deals of eight
    closed = [
        (dt.date(2026, 3, 6) - dt.date(2026, 1, 5)).days,
        (dt.date(2026, 2, 26) - dt.date(2026, 1, 12)).days,
        (dt.date(2026, 4, 13) - dt.date(2026, 2, 2)).days,
        (dt.date(2026, 3, 18) - dt.date(2026, 2, 16)).days,
        (dt.date(2026, 5, 11) - dt.date(2026, 3, 2)).days,
        (dt.date(2026, 5, 7) - dt.date(2026, 3, 23)).days,
    ]
    cycle = sum(closed) / len(closed)
    won, opportunities, revenue, cost = 95, 370, 1149600, 235000
    funnel = {
        "total_leads": 8170,
        "total_won": won,
        "win_rate": won / opportunities,
        "cost_per_lead": cost / 8170,
        "cac_result": cost / won,
        "avg_deal_size": revenue / won,
        "sales_cycle_result": cycle,
        "pipeline_velocity_result": 40 * (revenue / won) * (won / opportunities) / cycle,
    }
    # A/B test: A 200 orders of 10,000 (CTOR 10 %), B 150 of 10,000 (CTOR 15 %)
    pooled = 350 / 20000
    z = (150 / 10000 - 200 / 10000) / math.sqrt(pooled * (1 - pooled) * (2 / 10000))
    p_value = math.erfc(abs(z) / math.sqrt(2))
    normal = NormalDist()
    p1, p2 = 0.02, 0.02 * 1.1
    pbar = (p1 + p2) / 2
    n = (
        -normal.inv_cdf(0.05 / 2) * math.sqrt(2 * pbar * (1 - pbar))
        + normal.inv_cdf(0.8) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    ) ** 2 / (p2 - p1) ** 2
    ab = {
        "ctor_a": 250 / 2500,
        "ctor_b": 300 / 2000,
        "sales_rate_a": 200 / 10000,
        "sales_rate_b": 150 / 10000,
        "ctor_lift": (0.15 - 0.10) / 0.10,
        "sales_lift": (0.015 - 0.02) / 0.02,
        "p_value": p_value,
        "significant": p_value < 1 - 0.95,
        "romi_a": (20000 * 0.4 - 1000) / 1000,
        "romi_b": (15000 * 0.4 - 1000) / 1000,
        "sample_size": math.ceil(n),
        **_ab_interval_chance_and_power(),
    }
    # KPI dashboard: a year of months, from the template's own default columns
    months = {
        key: _column("kpi_dashboard", key)
        for key in (
            "revenue",
            "costs",
            "new_subscribers",
            "lost_subscribers",
            "list_size",
            "opens",
            "delivered",
            "clicks",
            "orders",
        )
    }
    year_revenue = sum(months["revenue"])
    year_costs = sum(months["costs"])
    kpi = {
        "year_revenue": year_revenue,
        "year_romi": (year_revenue * 0.4 - year_costs) / year_costs,
        "year_list_growth": (sum(months["new_subscribers"]) - sum(months["lost_subscribers"]))
        / months["list_size"][0],
        "year_open_rate": sum(months["opens"]) / sum(months["delivered"]),
        "year_ctr": sum(months["clicks"]) / sum(months["delivered"]),
        "year_conversion": sum(months["orders"]) / sum(months["clicks"]),
    }
    return {
        "email_campaign_romi": email,
        "unit_economics": unit,
        "b2b_funnel": funnel,
        "email_ab_test": ab,
        "kpi_dashboard": kpi,
        "customer_value": _customer_value(),
    }


@pytest.fixture(scope="session")
def hand_worked() -> dict[str, dict[str, float | bool]]:
    return _hand_worked()


def require_libreoffice() -> None:
    """Skip without soffice, unless ROIKIT_REQUIRE_LIBREOFFICE=1 (CI), which makes it a failure."""
    from roikit.templates.libreoffice import soffice

    if soffice() is None:
        message = "LibreOffice (soffice) is not installed: run `make libreoffice`"
        if os.environ.get("ROIKIT_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(message + " (ROIKIT_REQUIRE_LIBREOFFICE=1)")
        pytest.skip(message)


def _zero_arguments(function) -> tuple:
    """The function's first example with every value 0: zero denominators everywhere."""
    return tuple(
        [0] * len(value) if isinstance(value, list | tuple) else 0
        for value in function.examples[0].args
    )


def _one_row_workbook(function, args):
    """A native workbook: each argument in row 1 (a range as many cells as it has values,
    ``None`` a blank cell), the function's native formula last in the same row."""
    from openpyxl.utils import get_column_letter

    from roikit.catalog import native_formula
    from roikit.templates.expand import with_future_prefixes

    workbook = openpyxl.Workbook()
    ws = workbook.active
    column, texts = 1, {}
    for argument, value in zip(function.arguments, args, strict=False):
        values = list(value) if isinstance(value, list | tuple) else [value]
        first = column
        for each in values:
            ws.cell(row=1, column=column, value=each)
            column += 1
        last = column - 1
        texts[argument.name] = (
            f"{get_column_letter(first)}1"
            if first == last and not argument.is_range
            else f"{get_column_letter(first)}1:{get_column_letter(last)}1"
        )
    formula = with_future_prefixes(native_formula(function, texts))
    ws.cell(row=1, column=column + 1, value=f"={formula}")
    return workbook


def _edge_arguments(function) -> list[tuple]:
    """The function's first example with one argument at a time made bad: blank, text,
    negative, or 1000 times bigger (a part above its whole, a margin of 25); a range all blank."""
    base = function.examples[0].args
    cases = []
    for position, value in enumerate(base):
        if isinstance(value, list | tuple):
            variants = [
                [None] * len(value),
                [-1, *value[1:]],
                [v * 1000 + 1 if v is not None else None for v in value],
            ]
        else:
            variants = [None, "abc", -1, value * 1000 + 1]
        for variant in variants:
            cases.append((*base[:position], variant, *base[position + 1 :]))
    return cases


@pytest.fixture(scope="session")
def one_row_cases() -> dict[str, tuple]:
    """Every catalog example (``example_{function}_{number}``), every function on all-zero
    arguments (``zeros_{function}``) and on bad arguments (``edge_{function}__{number}``): the
    function and its arguments."""
    from roikit.catalog import CATALOG

    out = {}
    for function in (f for f in CATALOG if f.native is not None):
        for number, example in enumerate(function.examples, start=1):
            out[f"example_{function.name.lower()}_{number}"] = (function, example.args)
        out[f"zeros_{function.name.lower()}"] = (function, _zero_arguments(function))
        for number, args in enumerate(_edge_arguments(function)):
            out[f"edge_{function.name.lower()}__{number}"] = (function, args)
    return out


@pytest.fixture(scope="session")
def libreoffice_results(tmp_path_factory, one_row_cases) -> dict[str, Path]:
    """Every native twin and one-row workbook, recalculated in ONE LibreOffice run."""
    require_libreoffice()
    from roikit.templates import build
    from roikit.templates.libreoffice import recalculate

    folder = tmp_path_factory.mktemp("libreoffice")
    sources = {}
    for name in TEMPLATES:
        sources[name] = folder / f"{name}.xlsx"
        sources[name].write_bytes(build(name, native=True))
    for stem, (function, args) in one_row_cases.items():
        sources[stem] = folder / f"{stem}.xlsx"
        _one_row_workbook(function, args).save(sources[stem])
    stale = folder / "stale_cache.xlsx"
    _write_with_stale_cache(stale)
    sources["stale_cache"] = stale
    recalculated = recalculate(list(sources.values()), folder / "out")
    return {key: recalculated[path] for key, path in sources.items()}


@pytest.fixture(scope="session")
def libreoffice_as_opened(tmp_path_factory) -> dict[str, Path]:
    """What a LibreOffice user sees, with LibreOffice's own settings: every add-in edition
    recalculated by roikit with a moved input (``addin_NAME``) and every native edition as
    shipped (``native_NAME``), converted in ONE run that does not force a recalculation."""
    require_libreoffice()
    import roikit
    from roikit.templates import build
    from roikit.templates.libreoffice import recalculate

    folder = tmp_path_factory.mktemp("libreoffice-as-opened")
    sources = {}
    for name in TEMPLATES:
        shipped = folder / f"shipped_{name}.xlsx"
        shipped.write_bytes(build(name))
        sources[f"addin_{name}"] = folder / f"addin_{name}.xlsx"
        with roikit.open(shipped) as book:
            if "margin" in book.inputs():
                book.set("margin", 0.3)
            book.save(sources[f"addin_{name}"])
        sources[f"native_{name}"] = folder / f"native_{name}.xlsx"
        sources[f"native_{name}"].write_bytes(build(name, edition="native"))
    converted = recalculate(list(sources.values()), folder / "out", always=False)
    return {key: converted[path] for key, path in sources.items()} | {
        f"source_{key}": path for key, path in sources.items()
    }


def _write_with_stale_cache(path: Path) -> None:
    """A workbook whose formula =A1*2 carries a wrong cached value (999), as old files may."""
    import io
    import zipfile

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = 21
    workbook.active["B1"] = "=A1*2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w") as out,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>A1*2</f><v />", b"<f>A1*2</f><v>999</v>")
                assert b"<v>999</v>" in data, "the stale cached value was not planted"
            out.writestr(info, data)
