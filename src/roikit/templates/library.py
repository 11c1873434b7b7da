"""The five templates, as data. Formulas use catalog names; names are workbook defined names.

Default data tells a story a marketer recognises: the worked email month (ROMI 120 %), a
subscription business with healthy unit economics, half a year of a B2B funnel, an A/B test
whose higher click-to-open rate brings fewer sales, and a year of email KPIs.
"""

from __future__ import annotations

import datetime as dt

from roikit.templates.model import (
    Chart,
    Column,
    CostLines,
    Flag,
    Input,
    InputKind,
    Output,
    OutputFormat,
    Section,
    Sheet,
    Table,
    Template,
)

_MARGIN_NOTE = "Gross margin as a percentage of revenue: type 25% (or 0.25), not 25."


def _rate(key: str, header: str, function: str, part: str, whole: str, note: str) -> Column:
    """A per-row rate column whose totals row applies the same function to the totals."""
    return Column(
        key, header, "percent", note, formula=f"{function}({{{part}}}, {{{whole}}})", total="row"
    )


# ------------------------------------------------------------------------- 1. email month

_CAMPAIGNS = (
    # name, sent, delivered, bounces, opens, clicks, unsubscribes, orders, revenue, cost
    ("Welcome series", 40000, 39200, 800, 17640, 3136, 118, 470, 98700, 8000),
    ("Spring sale", 110000, 107800, 2200, 32340, 4312, 431, 1100, 245300, 27500),
    ("Newsletter", 60000, 58800, 1200, 14700, 1470, 294, 250, 52800, 12000),
    ("Win-back", 49200, 48200, 1000, 9640, 964, 241, 360, 162000, 16000),
)


def _campaign_column(
    index: int, key: str, header: str, kind: InputKind | OutputFormat, note: str
) -> Column:
    return Column(
        key,
        header,
        kind,
        note,
        values=tuple(row[index] for row in _CAMPAIGNS),
        total=None if kind == "text" else "sum",
        name=f"campaign_{key}",
        total_name=None if kind == "text" else f"total_{key}",
    )


EMAIL_CAMPAIGN_ROMI = Template(
    name="email_campaign_romi",
    title="Email marketing: a month's ROMI",
    purpose=(
        "A month of email marketing. On 'Month' type the revenue your emails brought, your gross "
        "margin and every cost line; read gross profit, ROMI, ROI and the break-even revenue. On "
        "'Campaigns' type each send's numbers from your email platform's report; read each "
        "campaign's rates, revenue per email and ROMI, and the month's totals."
    ),
    sheets=(
        Sheet(
            "Month",
            (
                Section(
                    "Your month",
                    (
                        Input(
                            "revenue",
                            "Revenue from email",
                            558800,
                            "money",
                            "Revenue your emails brought this month (orders attributed to email).",
                        ),
                        Input("margin", "Gross margin", 0.25, "percent", _MARGIN_NOTE),
                        CostLines(
                            "costs",
                            "Cost",
                            (
                                ("email platform", 13500),
                                ("marketer's work", 50000),
                                ("content", 0),
                                ("other", 0),
                            ),
                            "One cost line per cell, 0 or more; the lines are summed. Leave a "
                            "line blank or 0 if it does not apply.",
                        ),
                    ),
                ),
                Section(
                    "Results",
                    (
                        Output(
                            "gross_profit",
                            "Gross profit",
                            "GROSS_PROFIT(revenue, margin)",
                            "money",
                            "What the email revenue leaves after the cost of goods.",
                        ),
                        Output(
                            "romi",
                            "ROMI",
                            "ROMI(revenue, margin, costs)",
                            "percent",
                            "Return on marketing investment: gross profit less costs, per unit "
                            "of cost. Above 0 % the email marketing paid for itself.",
                        ),
                        Output(
                            "roi",
                            "ROI (on revenue)",
                            "ROI(revenue, costs)",
                            "percent",
                            "Revenue less costs, per unit of cost: flatters, as it ignores margin.",
                        ),
                        Output(
                            "breakeven_revenue",
                            "Break-even revenue",
                            "BREAKEVEN_REVENUE(costs, margin)",
                            "money",
                            "Revenue needed for the gross profit to cover the costs (ROMI = 0).",
                        ),
                    ),
                ),
            ),
        ),
        Sheet(
            "Campaigns",
            (
                Table(
                    "Campaigns",
                    (
                        _campaign_column(0, "name", "Campaign", "text", "The campaign's name."),
                        _campaign_column(1, "sent", "Sent", "count", "Emails sent."),
                        _campaign_column(
                            2,
                            "delivered",
                            "Delivered",
                            "count",
                            "Emails delivered (sent − bounces).",
                        ),
                        _campaign_column(
                            3, "bounces", "Bounces", "count", "Hard and soft bounces."
                        ),
                        _campaign_column(4, "opens", "Opens", "count", "Unique opens."),
                        _campaign_column(5, "clicks", "Clicks", "count", "Unique clicks."),
                        _campaign_column(
                            6,
                            "unsubscribes",
                            "Unsubscribes",
                            "count",
                            "Unsubscribes from this send.",
                        ),
                        _campaign_column(7, "orders", "Orders", "count", "Orders from this send."),
                        _campaign_column(
                            8, "revenue", "Revenue", "money", "Revenue from this send."
                        ),
                        _campaign_column(
                            9,
                            "cost",
                            "Cost",
                            "money",
                            "What this send cost (platform, work, content).",
                        ),
                        _rate(
                            "delivery_rate",
                            "Delivery rate",
                            "DELIVERY_RATE",
                            "delivered",
                            "sent",
                            "Share of sent emails that were delivered.",
                        ),
                        _rate(
                            "open_rate",
                            "Open rate",
                            "OPEN_RATE",
                            "opens",
                            "delivered",
                            "Unique opens per delivered email.",
                        ),
                        _rate(
                            "ctr",
                            "CTR",
                            "CTR",
                            "clicks",
                            "delivered",
                            "Clicks per delivered email.",
                        ),
                        _rate("ctor", "CTOR", "CTOR", "clicks", "opens", "Clicks per open."),
                        _rate(
                            "conversion",
                            "Conversion",
                            "CONVERSION_RATE",
                            "orders",
                            "clicks",
                            "Orders per click.",
                        ),
                        Column(
                            "revenue_per_email",
                            "Revenue per email",
                            "money",
                            "Revenue per delivered email.",
                            formula="REVENUE_PER_EMAIL({revenue}, {delivered})",
                            total="row",
                            total_name="revenue_per_email",
                        ),
                        Column(
                            "romi",
                            "ROMI",
                            "percent",
                            "The campaign's ROMI at the month's margin (sheet Month).",
                            formula="ROMI({revenue}, margin, {cost})",
                            total="row",
                            total_name="campaigns_romi",
                        ),
                    ),
                    totals=True,
                ),
            ),
        ),
    ),
)

# ------------------------------------------------------------------------- 2. unit economics

UNIT_ECONOMICS = Template(
    name="unit_economics",
    title="Unit economics: CAC, CLV, LTV:CAC and payback",
    purpose=(
        "What it costs to win a customer and what a customer is worth. Type your acquisition cost "
        "lines and new customers, and what a customer buys; read CAC, customer lifetime value "
        "three ways, LTV:CAC and the CAC payback. Green and red show the common rules of thumb: "
        "LTV:CAC of 3 or more, payback within 12 months."
    ),
    sheets=(
        Sheet(
            "Unit economics",
            (
                Section(
                    "Acquisition",
                    (
                        CostLines(
                            "acquisition_costs",
                            "Acquisition cost",
                            (
                                ("advertising", 30000),
                                ("sales salaries", 12000),
                                ("marketing salaries", 6000),
                                ("tools", 2000),
                            ),
                            "Sales and marketing cost lines of the period, 0 or more; summed.",
                        ),
                        Input(
                            "new_customers",
                            "New customers",
                            100,
                            "count",
                            "Customers won in the same period as the costs.",
                        ),
                    ),
                ),
                Section(
                    "What a customer brings",
                    (
                        Input(
                            "avg_purchase_value",
                            "Average purchase value",
                            120,
                            "money",
                            "Average value of one purchase.",
                        ),
                        Input(
                            "purchase_frequency",
                            "Purchases per year",
                            12,
                            "number",
                            "Purchases one customer makes in a year.",
                        ),
                        Input(
                            "lifespan",
                            "Customer lifespan (years)",
                            3,
                            "number",
                            "How many years a customer stays.",
                        ),
                        Input("margin", "Gross margin", 0.6, "percent", _MARGIN_NOTE),
                        Input(
                            "monthly_revenue_per_customer",
                            "Monthly revenue per customer",
                            120,
                            "money",
                            "Average revenue one customer brings per month.",
                        ),
                        Input(
                            "retention_rate",
                            "Yearly retention rate",
                            0.7,
                            "percent",
                            "Share of customers kept from one year to the next.",
                        ),
                        Input(
                            "discount_rate",
                            "Yearly discount rate",
                            0.1,
                            "percent",
                            "Your cost of capital per year: 10% if you have no better figure.",
                        ),
                        Input(
                            "monthly_churn_rate",
                            "Monthly churn rate",
                            0.03,
                            "percent",
                            "Share of customers lost per month.",
                        ),
                    ),
                ),
                Section(
                    "Results",
                    (
                        Output(
                            "cac",
                            "CAC",
                            "CAC(acquisition_costs, new_customers)",
                            "money",
                            "Customer acquisition cost: what winning one customer costs.",
                        ),
                        Output(
                            "clv",
                            "CLV (value × frequency × lifespan × margin)",
                            "CLV(avg_purchase_value, purchase_frequency, lifespan, margin)",
                            "money",
                            "Gross profit a customer brings over their life, the simple way.",
                        ),
                        Output(
                            "margin_per_year",
                            "Gross profit per customer per year",
                            "GROSS_PROFIT(avg_purchase_value*purchase_frequency, margin)",
                            "money",
                            "What one customer leaves in gross profit each year.",
                        ),
                        Output(
                            "clv_with_retention",
                            "CLV (retention, discounted)",
                            "CLV_RETENTION(margin_per_year, retention_rate, discount_rate)",
                            "money",
                            "Lifetime value from yearly retention, future profit discounted.",
                        ),
                        Output(
                            "clv_with_churn",
                            "CLV (monthly churn)",
                            "CLV_CHURN(monthly_revenue_per_customer, margin, monthly_churn_rate)",
                            "money",
                            "Lifetime value of a subscription: monthly gross profit / churn.",
                        ),
                        Output(
                            "ltv_cac",
                            "LTV:CAC",
                            "LTV_CAC(clv, cac)",
                            "ratio",
                            "How many times a customer's value covers what winning them cost.",
                        ),
                        Output(
                            "cac_payback",
                            "CAC payback",
                            "CAC_PAYBACK(cac, monthly_revenue_per_customer, margin)",
                            "months",
                            "Months of a customer's gross profit needed to earn back the CAC.",
                        ),
                    ),
                ),
            ),
            flags=(
                Flag("ltv_cac", "greaterThanOrEqual", 3, "3 or more"),
                Flag("cac_payback", "lessThanOrEqual", 12, "12 months or less"),
            ),
        ),
    ),
)

# ------------------------------------------------------------------------- 3. B2B funnel

_MONTHS_B2B = ("Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026")
_FUNNEL = {
    "leads": (1200, 1350, 1100, 1500, 1420, 1600),
    "mqls": (360, 400, 330, 450, 430, 470),
    "sqls": (108, 124, 99, 140, 129, 150),
    "opportunities": (54, 60, 48, 70, 66, 72),
    "won": (13, 16, 11, 18, 17, 20),
}
_DEALS = (
    ("Acme", dt.date(2026, 1, 5), dt.date(2026, 3, 6)),
    ("Globex", dt.date(2026, 1, 12), dt.date(2026, 2, 26)),
    ("Initech", dt.date(2026, 2, 2), dt.date(2026, 4, 13)),
    ("Umbrella", dt.date(2026, 2, 16), dt.date(2026, 3, 18)),
    ("Hooli", dt.date(2026, 3, 2), dt.date(2026, 5, 11)),
    ("Stark", dt.date(2026, 3, 23), dt.date(2026, 5, 7)),
    ("Wayne", dt.date(2026, 4, 6), None),
    ("Tyrell", dt.date(2026, 5, 4), None),
)


def _stage(key: str, header: str, note: str) -> Column:
    return Column(
        key,
        header,
        "count",
        note,
        values=_FUNNEL[key],
        total="sum",
        name=f"monthly_{key}",
        total_name=f"total_{key}",
    )


def _cost_per(key: str, header: str, stage: str) -> Column:
    return Column(
        key,
        header,
        "money",
        f"The month's cost divided by its {stage}.",
        formula=f"CPL({{cost}}, {{{stage}}})",
        total="row",
    )


B2B_FUNNEL = Template(
    name="b2b_funnel",
    title="B2B funnel: conversions, costs, win rate and pipeline velocity",
    purpose=(
        "A B2B sales funnel month by month. Type how many leads, MQLs, SQLs, opportunities and "
        "won deals each month brought, the revenue won and what the month cost; list deals with "
        "their first-contact and close dates (leave close blank while open). Read each stage's "
        "conversion, cost per lead and per stage, win rate, average deal size, sales cycle and "
        "pipeline velocity."
    ),
    sheets=(
        Sheet(
            "Funnel",
            (
                Table(
                    "Funnel by month",
                    (
                        Column(
                            "month",
                            "Month",
                            "text",
                            "The month (or source) of the row.",
                            values=_MONTHS_B2B,
                            name="funnel_months",
                        ),
                        _stage("leads", "Leads", "Leads generated."),
                        _stage("mqls", "MQLs", "Marketing-qualified leads."),
                        _stage("sqls", "SQLs", "Sales-qualified leads."),
                        _stage("opportunities", "Opportunities", "Opportunities opened."),
                        _stage("won", "Won", "Deals won."),
                        Column(
                            "won_revenue",
                            "Won revenue",
                            "money",
                            "Revenue of the deals won.",
                            values=(162500, 190400, 128700, 221400, 200600, 246000),
                            total="sum",
                            name="monthly_won_revenue",
                            total_name="total_won_revenue",
                        ),
                        Column(
                            "cost",
                            "Cost",
                            "money",
                            "Marketing and sales cost of the month.",
                            values=(36000, 38000, 34000, 42000, 40000, 45000),
                            total="sum",
                            name="monthly_cost",
                            total_name="total_cost",
                        ),
                        _rate(
                            "lead_to_mql",
                            "Lead → MQL",
                            "CONVERSION_RATE",
                            "mqls",
                            "leads",
                            "MQLs per lead.",
                        ),
                        _rate(
                            "mql_to_sql",
                            "MQL → SQL",
                            "CONVERSION_RATE",
                            "sqls",
                            "mqls",
                            "SQLs per MQL.",
                        ),
                        _rate(
                            "sql_to_opportunity",
                            "SQL → opportunity",
                            "CONVERSION_RATE",
                            "opportunities",
                            "sqls",
                            "Opportunities per SQL.",
                        ),
                        Column(
                            "win_rate",
                            "Win rate",
                            "percent",
                            "Won deals per opportunity.",
                            formula="CONVERSION_RATE({won}, {opportunities})",
                            total="row",
                            total_name="win_rate",
                        ),
                        Column(
                            "cost_per_lead",
                            "Cost per lead",
                            "money",
                            "The month's cost per lead.",
                            formula="CPL({cost}, {leads})",
                            total="row",
                            total_name="cost_per_lead",
                        ),
                        _cost_per("cost_per_mql", "Cost per MQL", "mqls"),
                        _cost_per("cost_per_sql", "Cost per SQL", "sqls"),
                        _cost_per("cost_per_opportunity", "Cost per opportunity", "opportunities"),
                        Column(
                            "cac",
                            "Cost per won deal (CAC)",
                            "money",
                            "The month's cost per deal won.",
                            formula="CAC({cost}, {won})",
                            total="row",
                            total_name="cac",
                        ),
                    ),
                    totals=True,
                ),
                Table(
                    "Deals",
                    (
                        Column(
                            "deal",
                            "Deal",
                            "text",
                            "The deal's name.",
                            values=tuple(d[0] for d in _DEALS),
                            name="deal_names",
                        ),
                        Column(
                            "first_contact",
                            "First contact",
                            "date",
                            "Date of the first contact with the buyer.",
                            values=tuple(d[1] for d in _DEALS),
                            name="first_contact_dates",
                        ),
                        Column(
                            "close",
                            "Closed",
                            "date",
                            "Date the deal was won; leave blank while it is open.",
                            values=tuple(d[2] for d in _DEALS),
                            name="close_dates",
                        ),
                    ),
                ),
                Section(
                    "Pipeline",
                    (
                        Input(
                            "open_opportunities",
                            "Open opportunities now",
                            40,
                            "count",
                            "Qualified deals open in the pipeline today.",
                        ),
                        Output(
                            "avg_deal_size",
                            "Average deal size",
                            "total_won_revenue/total_won",
                            "money",
                            "Revenue per deal won (won revenue / deals won).",
                        ),
                        Output(
                            "sales_cycle",
                            "Sales cycle",
                            "SALES_CYCLE(first_contact_dates, close_dates)",
                            "days",
                            "Average days from first contact to close, over closed deals.",
                        ),
                        Output(
                            "pipeline_velocity",
                            "Pipeline velocity",
                            "PIPELINE_VELOCITY(open_opportunities, avg_deal_size, win_rate, "
                            "sales_cycle)",
                            "money",
                            "Revenue the pipeline turns into per day.",
                        ),
                    ),
                ),
            ),
            charts=(
                Chart(
                    "bar",
                    "Funnel: leads to won deals",
                    "Funnel by month",
                    ("leads", "mqls", "sqls", "opportunities", "won"),
                    totals=True,
                ),
            ),
        ),
    ),
)

# ------------------------------------------------------------------------- 4. email A/B test

_VARIANTS: dict[str, tuple[float | str, float | str]] = {
    # variant A: fewer clicks per open, more orders; B: the higher CTOR, yet fewer sales
    "variant": ("A", "B"),
    "sent": (10200, 10200),
    "delivered": (10000, 10000),
    "opens": (2500, 2000),
    "clicks": (250, 300),
    "orders": (200, 150),
    "revenue": (20000, 15000),
    "cost": (1000, 1000),
}


def _variant_input(key: str, header: str, kind: InputKind, note: str) -> Column:
    return Column(key, header, kind, note, values=_VARIANTS[key], names=(f"{key}_a", f"{key}_b"))


def _variant_rate(
    key: str, header: str, formula: str, note: str, kind: OutputFormat = "percent"
) -> Column:
    return Column(key, header, kind, note, formula=formula, names=(f"{key}_a", f"{key}_b"))


_AB_ORDERS = "orders_a, delivered_a, orders_b, delivered_b"

EMAIL_AB_TEST = Template(
    name="email_ab_test",
    title="Email A/B test: rates, lift, significance and sample size",
    purpose=(
        "Two variants of an email. Type each variant's numbers; read their rates, the lift of B "
        "over A, whether the difference is significant at your confidence, and each variant's "
        "ROMI. The default data is the classic trap: B has the higher click-to-open rate, yet "
        "brings fewer orders -- judge a test by sales, not by clicks. The planner says how many "
        "recipients each variant needs."
    ),
    sheets=(
        Sheet(
            "A-B test",
            (
                Table(
                    "Variants",
                    (
                        _variant_input("variant", "Variant", "text", "The variant's label."),
                        _variant_input("sent", "Sent", "count", "Emails sent."),
                        _variant_input("delivered", "Delivered", "count", "Emails delivered."),
                        _variant_input("opens", "Opens", "count", "Unique opens."),
                        _variant_input("clicks", "Clicks", "count", "Unique clicks."),
                        _variant_input("orders", "Orders", "count", "Orders from the variant."),
                        _variant_input("revenue", "Revenue", "money", "Revenue from the variant."),
                        _variant_input("cost", "Cost", "money", "What the variant's send cost."),
                        _variant_rate(
                            "open_rate",
                            "Open rate",
                            "OPEN_RATE({opens}, {delivered})",
                            "Unique opens per delivered email.",
                        ),
                        _variant_rate(
                            "ctr",
                            "CTR",
                            "CTR({clicks}, {delivered})",
                            "Clicks per delivered email.",
                        ),
                        _variant_rate(
                            "ctor", "CTOR", "CTOR({clicks}, {opens})", "Clicks per open."
                        ),
                        _variant_rate(
                            "sales_rate",
                            "Orders per email",
                            "CONVERSION_RATE({orders}, {delivered})",
                            "Orders per delivered email: the rate that pays.",
                        ),
                        _variant_rate(
                            "romi",
                            "ROMI",
                            "ROMI({revenue}, margin, {cost})",
                            "Return on the variant's cost at your margin.",
                        ),
                    ),
                ),
                Section(
                    "Settings",
                    (
                        Input("margin", "Gross margin", 0.4, "percent", _MARGIN_NOTE),
                        Input(
                            "confidence_level",
                            "Confidence",
                            0.95,
                            "percent",
                            "How sure you want to be before calling a winner: 95% is usual.",
                        ),
                    ),
                ),
                Section(
                    "Result",
                    (
                        Output(
                            "ctor_lift",
                            "CTOR lift of B over A",
                            "AB_LIFT(clicks_a, opens_a, clicks_b, opens_b)",
                            "percent",
                            "How much higher B's click-to-open rate is than A's.",
                        ),
                        Output(
                            "sales_lift",
                            "Sales lift of B over A",
                            f"AB_LIFT({_AB_ORDERS})",
                            "percent",
                            "How much higher B's orders per email are than A's (negative: lower).",
                        ),
                        Output(
                            "p_value",
                            "p-value (orders)",
                            f"AB_PVALUE({_AB_ORDERS})",
                            "probability",
                            "Chance of a difference this large if the variants were equal.",
                        ),
                        Output(
                            "significant",
                            "Significant?",
                            f"AB_SIGNIFICANT({_AB_ORDERS}, confidence_level)",
                            "yes/no",
                            "TRUE when the difference in orders is significant at your confidence.",
                        ),
                    ),
                ),
                Section(
                    "Sample-size planner",
                    (
                        Input(
                            "baseline_rate",
                            "Current conversion rate",
                            0.02,
                            "percent",
                            "Today's orders per delivered email (the control's rate).",
                        ),
                        Input(
                            "min_detectable_lift",
                            "Smallest lift worth finding",
                            0.1,
                            "percent",
                            "Relative lift: 10% means from 2% to 2.2%.",
                        ),
                        Input(
                            "test_alpha",
                            "Significance level (alpha)",
                            0.05,
                            "percent",
                            "Chance of a false winner you accept: 5% is usual.",
                        ),
                        Input(
                            "test_power",
                            "Power",
                            0.8,
                            "percent",
                            "Chance of finding a real lift of that size: 80% is usual.",
                        ),
                        Output(
                            "sample_size",
                            "Recipients per variant",
                            "AB_SAMPLE_SIZE(baseline_rate, min_detectable_lift, test_alpha, "
                            "test_power)",
                            "count",
                            "Delivered emails each variant needs.",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# ------------------------------------------------------------------------- 5. KPI dashboard

_NEW = (900, 850, 1000, 1100, 950, 800, 700, 750, 1050, 1200, 1400, 1300)
_LOST = (300, 280, 320, 350, 310, 290, 260, 270, 330, 360, 420, 390)
_UNSUBSCRIBES = (180, 170, 190, 210, 185, 175, 155, 160, 200, 215, 250, 235)
_OPEN = (0.24, 0.25, 0.23, 0.26, 0.25, 0.22, 0.21, 0.22, 0.25, 0.27, 0.28, 0.26)
_CTR = (0.031, 0.03, 0.029, 0.033, 0.032, 0.028, 0.026, 0.027, 0.031, 0.034, 0.036, 0.033)
_COSTS = (14000, 14000, 15000, 15500, 15000, 14500, 13500, 13500, 15500, 16500, 18000, 17500)


def _list_sizes(start: int) -> tuple[int, ...]:
    sizes = [start]
    for new, lost in zip(_NEW[:-1], _LOST[:-1], strict=True):
        sizes.append(sizes[-1] + new - lost)
    return tuple(sizes)


_LIST = _list_sizes(20000)
_DELIVERED = tuple(round(size * 3.9) for size in _LIST)  # about four sends a month
_OPENS = tuple(round(d * r) for d, r in zip(_DELIVERED, _OPEN, strict=True))
_CLICKS = tuple(round(d * r) for d, r in zip(_DELIVERED, _CTR, strict=True))
_ORDERS = tuple(round(c * 0.08) for c in _CLICKS)
_CUSTOMERS = tuple(round(o * 0.85) for o in _ORDERS)
_REPEAT = tuple(round(c * 0.3) for c in _CUSTOMERS)
_REVENUE = tuple(o * 250 for o in _ORDERS)  # an average order of 250

_MONTH_INPUTS: tuple[
    tuple[str, str, InputKind, str, tuple[float | int | str | dt.date | None, ...]], ...
] = (
    (
        "month",
        "Month",
        "month",
        "The month (its first day).",
        tuple(dt.date(2026, m, 1) for m in range(1, 13)),
    ),
    ("list_size", "List size", "count", "Subscribers at the start of the month.", _LIST),
    ("new_subscribers", "New subscribers", "count", "Subscribers who joined.", _NEW),
    (
        "lost_subscribers",
        "Lost subscribers",
        "count",
        "Unsubscribed, complained or removed.",
        _LOST,
    ),
    (
        "unsubscribes",
        "Unsubscribes",
        "count",
        "Unsubscribes from the month's sends.",
        _UNSUBSCRIBES,
    ),
    ("delivered", "Delivered", "count", "Emails delivered in the month.", _DELIVERED),
    ("opens", "Opens", "count", "Unique opens.", _OPENS),
    ("clicks", "Clicks", "count", "Unique clicks.", _CLICKS),
    ("orders", "Orders", "count", "Orders from email.", _ORDERS),
    ("customers", "Customers", "count", "Customers who bought from email.", _CUSTOMERS),
    (
        "repeat_customers",
        "Repeat customers",
        "count",
        "Of them, customers who bought before.",
        _REPEAT,
    ),
    ("revenue", "Revenue", "money", "Revenue from email.", _REVENUE),
    ("costs", "Costs", "money", "Email marketing cost of the month.", _COSTS),
)

_MONTH_RESULTS = (
    (
        "growth",
        "List growth",
        "LIST_GROWTH_RATE({new_subscribers}, {lost_subscribers}, {list_size})",
        "Net subscribers gained per subscriber at the start.",
    ),
    (
        "retention",
        "List retention",
        "RETENTION_RATE({list_size}, {list_size}+{new_subscribers}-{lost_subscribers}, {new_subscribers})",
        "Share of the month's starting subscribers still on the list at its end.",
    ),
    (
        "unsubscribe_rate",
        "Unsubscribe rate",
        "UNSUBSCRIBE_RATE({unsubscribes}, {delivered})",
        "Unsubscribes per delivered email.",
    ),
    (
        "open_rate",
        "Open rate",
        "OPEN_RATE({opens}, {delivered})",
        "Unique opens per delivered email.",
    ),
    ("ctr", "CTR", "CTR({clicks}, {delivered})", "Clicks per delivered email."),
    ("conversion", "Conversion", "CONVERSION_RATE({orders}, {clicks})", "Orders per click."),
    (
        "repeat_rate",
        "Repeat purchases",
        "REPEAT_PURCHASE_RATE({repeat_customers}, {customers})",
        "Share of customers who bought again.",
    ),
    ("romi", "ROMI", "ROMI({revenue}, margin, {costs})", "The month's ROMI at your margin."),
)

KPI_DASHBOARD = Template(
    name="kpi_dashboard",
    title="Email and B2B KPI dashboard: twelve months",
    purpose=(
        "Twelve months of email KPIs at a glance. Type each month's numbers from your email "
        "platform and shop; read list growth and retention, unsubscribe, open, click and "
        "conversion rates, repeat purchases and ROMI per month, the year's totals, and the trend "
        "charts to the right."
    ),
    sheets=(
        Sheet(
            "Dashboard",
            (
                Section(
                    "Settings", (Input("margin", "Gross margin", 0.4, "percent", _MARGIN_NOTE),)
                ),
                Table(
                    "Months",
                    tuple(
                        Column(key, header, kind, note, values=values, name=f"monthly_{key}")
                        for key, header, kind, note, values in _MONTH_INPUTS
                    )
                    + tuple(
                        Column(key, header, "percent", note, formula=formula)
                        for key, header, formula, note in _MONTH_RESULTS
                    ),
                ),
                Section(
                    "The year",
                    (
                        Output(
                            "year_revenue",
                            "Revenue",
                            "SUM(monthly_revenue)",
                            "money",
                            "The year's revenue from email.",
                        ),
                        Output(
                            "year_romi",
                            "ROMI",
                            "ROMI(year_revenue, margin, monthly_costs)",
                            "percent",
                            "The year's ROMI: every month's costs are the cost lines.",
                        ),
                        Output(
                            "year_list_growth",
                            "List growth",
                            "LIST_GROWTH_RATE(SUM(monthly_new_subscribers), "
                            "SUM(monthly_lost_subscribers), INDEX(monthly_list_size, 1))",
                            "percent",
                            "Net subscribers gained in the year per subscriber in January.",
                        ),
                        Output(
                            "year_open_rate",
                            "Open rate",
                            "OPEN_RATE(SUM(monthly_opens), SUM(monthly_delivered))",
                            "percent",
                            "The year's unique opens per delivered email.",
                        ),
                        Output(
                            "year_ctr",
                            "CTR",
                            "CTR(SUM(monthly_clicks), SUM(monthly_delivered))",
                            "percent",
                            "The year's clicks per delivered email.",
                        ),
                        Output(
                            "year_conversion",
                            "Conversion",
                            "CONVERSION_RATE(SUM(monthly_orders), SUM(monthly_clicks))",
                            "percent",
                            "The year's orders per click.",
                        ),
                    ),
                ),
            ),
            charts=(
                Chart(
                    "line",
                    "Open rate, CTR and conversion",
                    "Months",
                    ("open_rate", "ctr", "conversion"),
                    categories="month",
                    number_format="0%",
                ),
                Chart("line", "List size", "Months", ("list_size",), categories="month"),
                Chart(
                    "bar", "Revenue and costs", "Months", ("revenue", "costs"), categories="month"
                ),
                Chart("line", "ROMI", "Months", ("romi",), categories="month", number_format="0%"),
                Chart(
                    "line",
                    "List growth and unsubscribe rate",
                    "Months",
                    ("growth", "unsubscribe_rate"),
                    categories="month",
                    number_format="0.0%",
                ),
            ),
        ),
    ),
)

TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (EMAIL_CAMPAIGN_ROMI, UNIT_ECONOMICS, B2B_FUNNEL, EMAIL_AB_TEST, KPI_DASHBOARD)
}
