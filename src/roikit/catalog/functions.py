"""Every roikit spreadsheet function: its help, worked examples, sources and native formula.

Adding a function is one metric in ``roikit.metrics`` plus one ``make_spec`` entry here. An
argument's help is written once below (``HELP``), keyed by its name, and shared by every function
that takes an argument of that name.
"""

from __future__ import annotations

from roikit import metrics as m
from roikit.catalog.models import FunctionSpec, make_spec

_COST_LINES = "one amount or a range of cost lines (platform, labour, content, ...), summed; blank lines count as nothing"
_PART_OF = "cannot be more than"

HELP: dict[str, str] = {
    # money
    "revenue": "Revenue the marketing brought in, in money (0 or more).",
    "margin": "Gross margin as a fraction of revenue: 25% or 0.25. A value like 25 is refused: write 25% or 0.25.",
    "costs": f"Marketing costs: {_COST_LINES}.",
    # acquisition
    "new_customers": "New customers won in the same period as the costs (0 or more).",
    "leads": "Leads generated in the same period as the costs (0 or more).",
    "orders": "Orders placed in the same period as the revenue (0 or more).",
    "users": "Users (or subscribers, customers) in the same period as the revenue (0 or more).",
    "impressions": "Times the ads were shown (impressions) in the same period as the costs (0 or more).",
    "cac": "Customer acquisition cost: money spent to win one customer (see CAC).",
    "monthly_revenue_per_customer": "Average revenue one customer brings per month.",
    "clv": "Customer lifetime value: gross profit a customer brings over their life (see CLV).",
    # lifetime
    "avg_purchase_value": "Average value of one purchase, in money.",
    "purchase_frequency": "Purchases per customer per period (e.g. per year), 0 or more.",
    "lifespan": "How many periods a customer stays (e.g. years), in the same period as purchase_frequency.",
    "margin_per_period": "Gross profit one customer brings per period, in money.",
    "retention_rate": "Share of customers kept from one period to the next: 80% or 0.8.",
    "discount_rate": "Discount rate per period (cost of capital): 10% or 0.1. Optional, 10% when left out.",
    "revenue_per_customer": "Average revenue one customer brings per period (the period of churn_rate).",
    "churn_rate": "Share of customers lost per period: 5% or 0.05; the same period as the revenue.",
    "customers_start": "Customers (or subscribers) at the start of the period.",
    "customers_lost": f"Customers lost during the period; {_PART_OF} customers_start.",
    "customers_end": "Customers (or subscribers) at the end of the period.",
    "repeat_customers": f"Customers who bought more than once; {_PART_OF} customers.",
    "customers": "All customers who bought in the period.",
    # funnel
    "conversions": f"How many reached the next stage (leads, MQLs, SQLs, deals won, ...); {_PART_OF} total.",
    "total": "How many entered the stage (visitors, leads, MQLs, opportunities, ...).",
    "opportunities": "Open opportunities (qualified deals) in the pipeline.",
    "avg_deal_size": "Average value of a won deal, in money.",
    "win_rate": "Share of opportunities won: 25% or 0.25.",
    "sales_cycle_days": "Average days from first contact to close (see SALES_CYCLE).",
    "first_contact_dates": "Range of first-contact dates, one per deal; pairs with a blank are skipped.",
    "close_dates": "Range of close dates, in the same order as first_contact_dates; a blank means still open.",
    # email
    "sent": "Emails sent (all recipients of the send).",
    "delivered": "Emails delivered: sent minus bounces.",
    "bounces": f"Emails that bounced, hard and soft; {_PART_OF} sent.",
    "opens": f"Unique opens (each recipient counted once); {_PART_OF} delivered.",
    "clicks": "Unique clicks (each recipient counted once); cannot be more than delivered, nor than opens for CTOR.",
    "complaints": f"Recipients who marked the email as spam; {_PART_OF} delivered.",
    "unsubscribes": f"Recipients who unsubscribed from this send; {_PART_OF} delivered.",
    "new_subscribers": "Subscribers who joined during the period.",
    "lost_subscribers": "Subscribers lost during the period: unsubscribes, complaints, removed bounces.",
    "list_size": "Subscribers on the list at the start of the period.",
    # experiments
    "conversions_a": f"Conversions (opens, clicks or orders) of variant A; {_PART_OF} total_a.",
    "total_a": "Recipients (or visitors) who got variant A.",
    "conversions_b": f"Conversions (opens, clicks or orders) of variant B; {_PART_OF} total_b.",
    "total_b": "Recipients (or visitors) who got variant B.",
    "confidence": "Confidence level, above 0 and below 1: 95% or 0.95. Optional, 95% when left out.",
    "baseline_rate": "Current conversion rate of the control: 5% or 0.05.",
    "min_detectable_lift": "Smallest relative lift worth detecting: 10% or 0.1 (5% to 5.5%).",
    "alpha": "Significance level, above 0 and below 1: 5% or 0.05. Optional, 5% when left out.",
    "power": "Chance of detecting a real lift, above 0 and below 1: 80% or 0.8. Optional, 80% when left out.",
    "per_variant": "Recipients (or visitors) in each variant, sent or planned.",
    "variants": "How many variants the test has, the control included: 4 for subject lines A, B, C and D (a whole number, 2 or more).",
    # customer base models (BG/NBD, Gamma-Gamma): times in the unit of the fit, days or weeks
    "t": "How far ahead to count purchases, in the unit the model was fitted in (days or weeks): 39 for 39 weeks.",
    "frequency": "The customer's repeat purchases: purchase days minus one (purchases on the same day count once, the first is not counted).",
    "recency": "Time from the customer's first to their last purchase (0 with no repeat purchase), in the unit of the fit.",
    "age": "Time from the customer's first purchase to the end of the period observed, in the unit of the fit.",
    "r": "BG/NBD parameter r (shape of the purchase rates), from the fit: roikit clv fit.",
    "a": "BG/NBD parameter a (drop-out probability, first shape), from the fit: roikit clv fit.",
    "b": "BG/NBD parameter b (drop-out probability, second shape), from the fit: roikit clv fit.",
    "avg_value": "Average value of the customer's repeat purchases (the first purchase left out); not used when frequency is 0.",
    "p": "Gamma-Gamma parameter p (shape of a purchase's value), from the fit: roikit clv fit.",
    "q": "Gamma-Gamma parameter q (shape of the customers' mean values), from the fit: roikit clv fit.",
    "v": "Gamma-Gamma parameter v (scale of the customers' mean values), from the fit: roikit clv fit.",
    "periods": "How many periods ahead to value (12 for a year of months), a whole number up to 1,200.",
    "period_length": "One period in the unit of the fit: 4.345 for a month when the fit is in weeks, 30 when in days.",
    "value_per_purchase": "What one purchase brings, in money: the margin on GG_AVG_VALUE(...) for instance.",
}

#: BG/NBD's alpha is a scale in time units, not the significance level of the A/B tests
_BGNBD_HELP = HELP | {
    "alpha": "BG/NBD parameter alpha (scale of the purchase rates, in the unit of the fit), from the fit: roikit clv fit.",
}

_EMAIL_MONTH = (
    "The worked email month (roikit README): revenue 558,800, margin 25 %, costs 13,500 + 50,000"
)
_MAILCHIMP = "Mailchimp, 'About open and click rates': rates over successful deliveries"
_DEFINITION = "Worked by hand from the definition in the reference"
_GOOGLE_ADS = "A Google Ads campaign report row (Avg. cost 0.42, Cost / conv. 5.73)"
_AD_COSTS = f"Advertising costs: {_COST_LINES}."


def _share(part: str, whole: str) -> str:
    """part / whole where the part cannot exceed its whole: #NUM! if it does, as share() says."""
    return f"IF({{{part}}}>{{{whole}}},#NUM!,{{{part}}}/{{{whole}}})"


def _shares_checked(expression: str) -> str:
    """An A/B expression behind the checks of both variants' shares, A's first, as the metric."""
    return (
        "IF({conversions_a}>{total_a},#NUM!,IF({total_a}=0,#DIV/0!,"
        f"IF({{conversions_b}}>{{total_b}},#NUM!,IF({{total_b}}=0,#DIV/0!,{expression}))))"
    )


_AB_PVALUE_NATIVE = (
    "2*NORM.S.DIST(-ABS(({conversions_b}/{total_b}-{conversions_a}/{total_a})"
    "/SQRT(({conversions_a}+{conversions_b})/({total_a}+{total_b})"
    "*(1-({conversions_a}+{conversions_b})/({total_a}+{total_b}))"
    "*(1/{total_a}+1/{total_b}))),TRUE)"
)
_P2 = "{baseline_rate}*(1+{min_detectable_lift})"
_PBAR = f"({{baseline_rate}}+{_P2})/2"
_AB_SAMPLE_SIZE_NATIVE = (
    f"ROUNDUP((-NORM.S.INV({{alpha}}/2)*SQRT(2*{_PBAR}*(1-{_PBAR}))"
    f"+NORM.S.INV({{power}})*SQRT({{baseline_rate}}*(1-{{baseline_rate}})+{_P2}*(1-{_P2})))^2"
    f"/({_P2}-{{baseline_rate}})^2,0)"
)

_Z = "(-NORM.S.INV((1-{confidence})/2))"


def _wilson(x: str, n: str, sign: str) -> str:
    """The lower (sign "-") or upper ("+") end of a rate's Wilson score interval, as ab_ci_low."""
    x, n = "{" + x + "}", "{" + n + "}"
    return f"(({x}+{_Z}^2/2)/({n}+{_Z}^2){sign}{_Z}/({n}+{_Z}^2)*SQRT({x}*({n}-{x})/{n}+{_Z}^2/4))"


_RATE_A = "{conversions_a}/{total_a}"
_RATE_B = "{conversions_b}/{total_b}"
_CONFIDENCE_CHECKED = "IF(OR({confidence}<=0,{confidence}>=1),#NUM!,"
_AB_CI_LOW_NATIVE = (
    f"{_RATE_B}-{_RATE_A}-SQRT(({_RATE_B}-{_wilson('conversions_b', 'total_b', '-')})^2"
    f"+({_wilson('conversions_a', 'total_a', '+')}-{_RATE_A})^2)"
)
_AB_CI_HIGH_NATIVE = (
    f"{_RATE_B}-{_RATE_A}+SQRT(({_wilson('conversions_b', 'total_b', '+')}-{_RATE_B})^2"
    f"+({_RATE_A}-{_wilson('conversions_a', 'total_a', '-')})^2)"
)
_SIGMA_NULL = f"SQRT(2*{_PBAR}*(1-{_PBAR}))"
_SIGMA_ALT = f"SQRT({{baseline_rate}}*(1-{{baseline_rate}})+{_P2}*(1-{_P2}))"
_SHIFT = f"ABS({_P2}-{{baseline_rate}})*SQRT({{per_variant}})"
_AB_POWER_NATIVE = (
    "IF(OR({alpha}<=0,{alpha}>=1),#NUM!,"
    f"IF({_P2}>1,#NUM!,IF({_SIGMA_ALT}=0,#DIV/0!,"
    f"NORM.S.DIST(({_SHIFT}+NORM.S.INV({{alpha}}/2)*{_SIGMA_NULL})/{_SIGMA_ALT},TRUE)"
    f"+NORM.S.DIST((-{_SHIFT}+NORM.S.INV({{alpha}}/2)*{_SIGMA_NULL})/{_SIGMA_ALT},TRUE))))"
)
_POOLED = "({conversions_a}+{conversions_b})/({total_a}+{total_b})"
_MSPRT_V = f"({_POOLED}*(1-{_POOLED})*(1/{{total_a}}+1/{{total_b}}))"
_MSPRT_TAU2 = "({baseline_rate}*{min_detectable_lift})^2"
_AB_SEQUENTIAL_NATIVE = (
    "IF(OR({alpha}<=0,{alpha}>=1),#NUM!,"
    f"IF({_MSPRT_V}=0,#DIV/0!,IF({_MSPRT_TAU2}=0,#DIV/0!,"
    f"0.5*LN({_MSPRT_V}/({_MSPRT_V}+{_MSPRT_TAU2}))+({_RATE_B}-{_RATE_A})^2*{_MSPRT_TAU2}"
    f"/(2*{_MSPRT_V}*({_MSPRT_V}+{_MSPRT_TAU2}))>=-LN({{alpha}}))))"
)
_BGNBD_CHECKS = (
    "IF(INT({frequency})<>{frequency},#NUM!,IF({recency}>{age},#NUM!,"
    "IF(AND({frequency}=0,{recency}>0),#NUM!,"
    "IF(OR({r}<=0,{alpha}<=0,{a}<=0,{b}<=0),#NUM!,"
)
_BGNBD_DEAD_ODDS = (
    "IF({frequency}>0,{a}/({b}+{frequency}-1)*(({alpha}+{age})/({alpha}+{recency}))"
    "^({r}+{frequency}),0)"
)
#: why the functions that sum a series have no native formula: plain Excel can sum a number of
#: terms that depends on the arguments only through ROW(INDIRECT("1:n")) (or SEQUENCE, Excel 365),
#: which the headless engines do not compute (formualizer silently takes one term) and formulas
#: cannot read
_NO_NATIVE_SUM = (
    "none: {what}, a sum with a number of terms set by the arguments, which plain formulas "
    "write only with ROW(INDIRECT()) or SEQUENCE; the headless engines cannot compute those"
)
_FHL = "Fader, Hardie & Lee, 'Counting your customers the easy way', Marketing Science 24(2), 2005"
_FHL_EXCEL = (
    "Fader, Hardie & Lee, 'Implementing the BG/NBD model for customer base analysis in Excel' "
    "(2005), CDNOW: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 (weeks)"
)
_CDNOW_CUSTOMER = (0.243, 4.414, 0.793, 2.426)

CATALOG: tuple[FunctionSpec, ...] = (
    # ----------------------------------------------------------------------------- Money
    make_spec(
        m.romi,
        category="Money",
        returns="fraction",
        help=HELP,
        examples=[
            ((558800, 0.25, [13500, 50000]), 1.2, _EMAIL_MONTH),
            (
                (100000, 0.4, 20000),
                1.0,
                _DEFINITION + ": 100,000 × 40 % − 20,000 = 20,000 on 20,000",
            ),
            (
                (558800, 0.25, 0),
                "#DIV/0!",
                _DEFINITION + ": with no marketing costs the return per unit of cost is undefined",
            ),
            (
                (558800, 25, [13500, 50000]),
                "#NUM!",
                _EMAIL_MONTH + ", its margin typed as 25 instead of 25 % (0.25)",
            ),
        ],
        native="({revenue}*{margin}-SUM({costs}))/SUM({costs})",
        reference="Farris et al., Marketing Metrics (2nd ed., 2010), ch. 9: return on marketing investment",
    ),
    make_spec(
        m.roi,
        category="Money",
        returns="fraction",
        help=HELP,
        examples=[((558800, [13500, 50000]), 7.8, _EMAIL_MONTH + " (revenue, not profit)")],
        native="({revenue}-SUM({costs}))/SUM({costs})",
        reference="Investopedia, 'Return on Investment (ROI)': (gain − cost) / cost",
    ),
    make_spec(
        m.roas,
        category="Money",
        returns="fraction",
        help={**HELP, "costs": _AD_COSTS},
        examples=[
            (
                (9120, 550.20),
                9120 / 550.20,
                _GOOGLE_ADS + ": conversion value 9,120 on a cost of 550.20",
            ),
            ((20, 10), 2.0, _DEFINITION + ": 20 in sales on 10 spent is a ROAS of 200 %"),
        ],
        native="{revenue}/SUM({costs})",
        reference="Google Ads Help, 'Return on ad spend (ROAS)': conversion value / cost",
    ),
    make_spec(
        m.gross_profit,
        category="Money",
        returns="money",
        help=HELP,
        examples=[((558800, 0.25), 139700.0, _EMAIL_MONTH)],
        native="{revenue}*{margin}",
        reference="Farris et al., Marketing Metrics (2nd ed., 2010), ch. 3: margins",
    ),
    make_spec(
        m.breakeven_revenue,
        category="Money",
        returns="money",
        help=HELP,
        examples=[((([13500, 50000]), 0.25), 254000.0, _EMAIL_MONTH + ": 63,500 / 25 %")],
        native="SUM({costs})/{margin}",
        reference="Farris et al., Marketing Metrics (2nd ed., 2010), ch. 3: break-even analysis",
    ),
    make_spec(
        m.acos,
        # Excel's ACOS is the arccosine, which a workbook function cannot replace: typing
        # =ACOS offers ACOS_AD beside it
        name="ACOS_AD",
        category="Money",
        returns="fraction",
        help={
            **HELP,
            "costs": _AD_COSTS,
            "revenue": "Revenue (sales) the ads brought in, in money.",
        },
        examples=[
            ((4, 20), 0.2, "Amazon Ads, 'What is ACOS': 4 spent on ads for 20 in attributed sales"),
            (
                (550.20, 9120),
                550.20 / 9120,
                _GOOGLE_ADS + ": a cost of 550.20 for a conversion value of 9,120",
            ),
            ((100, 0), "#DIV/0!", _DEFINITION + ": with no sales the cost of sales is undefined"),
        ],
        native="SUM({costs})/{revenue}",
        reference="Amazon Ads, 'What is ACOS': ad spend / attributed sales (Yandex Direct's ДРР)",
    ),
    make_spec(
        m.aov,
        category="Money",
        returns="money",
        help=HELP,
        examples=[((24000, 300), 80.0, _DEFINITION + ": 24,000 of revenue from 300 orders")],
        native="{revenue}/{orders}",
        reference="Shopify, 'Average order value (AOV)': total revenue / number of orders",
    ),
    make_spec(
        m.arpu,
        category="Money",
        returns="money",
        help=HELP,
        examples=[((50000, 1000), 50.0, _DEFINITION + ": 50,000 of revenue from 1,000 users")],
        native="{revenue}/{users}",
        reference="Investopedia, 'Average Revenue Per Unit (ARPU)': total revenue / users",
    ),
    make_spec(
        m.revenue_share,
        category="Money",
        returns="fraction",
        help={
            **HELP,
            "part": f"Revenue of one channel or campaign (e.g. email), in money; {_PART_OF} total.",
            "total": "Revenue of every channel together, in money.",
        },
        examples=[
            (
                (558800, 2235200),
                0.25,
                _EMAIL_MONTH + ": its 558,800 of email revenue out of 2,235,200 in all channels",
            ),
            ((600, 500), "#NUM!", _DEFINITION + ": a part cannot be more than its total"),
        ],
        native=_share("part", "total"),
        reference="Farris et al., Marketing Metrics (2nd ed., 2010), ch. 2: shares, part / total",
    ),
    # ----------------------------------------------------------------------------- Acquisition
    make_spec(
        m.cac,
        category="Acquisition",
        returns="money",
        help=HELP,
        examples=[
            (([30000, 20000], 100), 500.0, _DEFINITION + ": 50,000 spent, 100 customers won")
        ],
        native="SUM({costs})/{new_customers}",
        reference="HubSpot, 'Customer Acquisition Cost': sales and marketing cost / new customers",
    ),
    make_spec(
        m.cpl,
        category="Acquisition",
        returns="money",
        help=HELP,
        examples=[((5000, 250), 20.0, _DEFINITION + ": 5,000 spent on 250 leads")],
        native="SUM({costs})/{leads}",
        reference="HubSpot, 'Cost per lead': marketing spend / leads generated",
    ),
    make_spec(
        m.cpc,
        category="Acquisition",
        returns="money",
        help={
            **HELP,
            "costs": _AD_COSTS,
            "clicks": "Clicks on the ads in the same period (0 or more).",
        },
        examples=[((550.20, 1310), 0.42, _GOOGLE_ADS + ": a cost of 550.20 for 1,310 clicks")],
        native="SUM({costs})/{clicks}",
        reference="Google Ads Help, 'Average cost-per-click (Avg. CPC)': cost / clicks",
    ),
    make_spec(
        m.cpa,
        category="Acquisition",
        returns="money",
        help={
            **HELP,
            "costs": _AD_COSTS,
            "conversions": "Conversions (orders, sign-ups, leads) the costs brought in the same period (0 or more).",
        },
        examples=[
            ((550.20, 96), 550.20 / 96, _GOOGLE_ADS + ": a cost of 550.20 for 96 conversions")
        ],
        native="SUM({costs})/{conversions}",
        reference="Google Ads Help, 'Cost per conversion': cost / conversions",
    ),
    make_spec(
        m.cac_payback,
        category="Acquisition",
        returns="number",
        unit="months",
        help=HELP,
        examples=[((1200, 200, 0.5), 12.0, _DEFINITION + ": 1,200 / (200 × 50 %)")],
        native="{cac}/({monthly_revenue_per_customer}*{margin})",
        reference="Skok, 'SaaS Metrics 2.0' (For Entrepreneurs): months to recover CAC",
    ),
    make_spec(
        m.ltv_cac,
        category="Acquisition",
        returns="number",
        unit="×",
        help=HELP,
        examples=[((1500, 500), 3.0, _DEFINITION + ": the 3:1 rule of thumb")],
        native="{clv}/{cac}",
        reference="Skok, 'SaaS Metrics 2.0' (For Entrepreneurs): LTV > 3 × CAC",
    ),
    make_spec(
        m.cpm,
        category="Acquisition",
        returns="money",
        help={**HELP, "costs": _AD_COSTS},
        examples=[
            (
                (550.20, 12480),
                550.20 / 12480 * 1000,
                _GOOGLE_ADS + ": a cost of 550.20 for 12,480 impressions",
            )
        ],
        native="SUM({costs})/{impressions}*1000",
        reference="Google Ads Help, 'Cost-per-thousand impressions (CPM)': cost / impressions × 1,000",
    ),
    # ----------------------------------------------------------------------------- Lifetime
    make_spec(
        m.clv,
        category="Lifetime and retention",
        returns="money",
        help=HELP
        | {
            "margin": "Gross margin as a fraction: 25% or 0.25. Optional: 1 (lifetime revenue) when left out."
        },
        examples=[
            ((50, 4, 3, 0.3), 180.0, _DEFINITION + ": 50 × 4 a year × 3 years × 30 %"),
            ((50, 4, 3), 600.0, _DEFINITION + ": lifetime revenue when no margin is given"),
        ],
        native="{avg_purchase_value}*{purchase_frequency}*{lifespan}*{margin}",
        reference="Farris et al., Marketing Metrics (2nd ed., 2010), ch. 5: customer lifetime value",
    ),
    make_spec(
        m.clv_retention,
        category="Lifetime and retention",
        returns="money",
        help=HELP,
        examples=[
            (
                (100, 0.8, 0.12),
                250.0,
                "Gupta & Lehmann, 'Customers as assets' (2003), margin multiple table: "
                "r = 80 %, i = 12 % gives 2.5",
            )
        ],
        native="{margin_per_period}*{retention_rate}/(1+{discount_rate}-{retention_rate})",
        reference="Gupta & Lehmann, 'Customers as assets', J. Interactive Marketing 17(1), 2003",
    ),
    make_spec(
        m.clv_churn,
        category="Lifetime and retention",
        returns="money",
        help=HELP,
        examples=[((100, 0.7, 0.05), 1400.0, _DEFINITION + ": 100 × 70 % / 5 % a month")],
        native="{revenue_per_customer}*{margin}/{churn_rate}",
        reference="Skok, 'SaaS Metrics 2.0' (For Entrepreneurs): LTV = ARPA × margin / churn",
    ),
    make_spec(
        m.churn_rate,
        category="Lifetime and retention",
        returns="fraction",
        help=HELP,
        examples=[((2000, 100), 0.05, _DEFINITION + ": 100 of 2,000 lost")],
        native=_share("customers_lost", "customers_start"),
        reference="Farris et al., Marketing Metrics (2nd ed., 2010), ch. 5: retention and churn",
    ),
    make_spec(
        m.retention_rate,
        category="Lifetime and retention",
        returns="fraction",
        help=HELP
        | {
            "new_customers": "Customers (or subscribers) gained during the period. Optional, 0 when left out."
        },
        examples=[((200, 180, 30), 0.75, _DEFINITION + ": (180 − 30) / 200")],
        native=(
            "IF({new_customers}>{customers_end},#NUM!,"
            "IF({customers_end}-{new_customers}>{customers_start},#NUM!,"
            "({customers_end}-{new_customers})/{customers_start}))"
        ),
        reference="HubSpot, 'Customer retention rate': ((E − N) / S) × 100",
    ),
    make_spec(
        m.repeat_purchase_rate,
        category="Lifetime and retention",
        returns="fraction",
        help=HELP,
        examples=[((300, 1000), 0.3, _DEFINITION + ": 300 of 1,000 customers bought again")],
        native=_share("repeat_customers", "customers"),
        reference="Shopify, 'Repeat customer rate': repeat customers / total customers",
    ),
    # customer base models: BG/NBD purchases and drop-out, Gamma-Gamma value (issue 15)
    make_spec(
        m.bgnbd_purchases,
        category="Lifetime and retention",
        returns="number",
        help=_BGNBD_HELP,
        examples=[
            (
                (39, 2, 30.43, 38.86, *_CDNOW_CUSTOMER),
                1.226028174767144,
                _FHL_EXCEL + ": a customer with x = 2, tₓ = 30.43, T = 38.86 expects 1.226 "
                "purchases in the next 39 weeks",
            ),
            (
                (39, 0, 0, 38.86, *_CDNOW_CUSTOMER),
                0.19509805201126335,
                "lifetimes 0.11.3, BetaGeoFitter.conditional_expected_number_of_purchases_up_to_time "
                "with the CDNOW parameters: 0.1951 for a customer with no repeat purchase",
            ),
            (
                (39, 0, 3, 38.86, *_CDNOW_CUSTOMER),
                "#NUM!",
                _DEFINITION + ": recency without a repeat purchase",
            ),
        ],
        no_native=_NO_NATIVE_SUM.format(
            what="the BG/NBD expectation needs the hypergeometric function 2F1, an infinite series"
        ),
        reference=_FHL + ", eq. 10",
    ),
    make_spec(
        m.bgnbd_p_alive,
        category="Lifetime and retention",
        returns="fraction",
        help=_BGNBD_HELP,
        examples=[
            (
                (2, 30.43, 38.86, *_CDNOW_CUSTOMER),
                0.726578570080673,
                "lifetimes 0.11.3, BetaGeoFitter.conditional_probability_alive with the CDNOW "
                "parameters of " + _FHL_EXCEL.split("(2005), ")[0] + ": 0.7266",
            ),
            (
                (0, 0, 38.86, *_CDNOW_CUSTOMER),
                1.0,
                _FHL + ", eq. 13: no repeat purchase, no chance to drop out",
            ),
            ((2.5, 30.43, 38.86, *_CDNOW_CUSTOMER), "#NUM!", _DEFINITION + ": 2.5 purchase days"),
        ],
        native=_BGNBD_CHECKS + f"1/(1+{_BGNBD_DEAD_ODDS})))))",
        reference=_FHL + ", eq. 13",
    ),
    make_spec(
        m.gg_avg_value,
        category="Lifetime and retention",
        returns="money",
        help=HELP,
        examples=[
            (
                (2, 30, 6.25, 3.74, 15.44),
                30.93832020997375,
                "lifetimes 0.11.3, GammaGammaFitter.conditional_expected_average_profit with "
                "Fader & Hardie's CDNOW parameters p = 6.25, q = 3.74, v = 15.44",
            ),
            (
                (0, 0, 6.25, 3.74, 15.44),
                35.21897810218978,
                "Fader & Hardie, 'The Gamma-Gamma model of monetary value' (2013): the "
                "population mean p v / (q − 1) = 6.25 × 15.44 / 2.74 for a customer with no repeat",
            ),
            ((0, 0, 6.25, 1, 15.44), "#DIV/0!", _DEFINITION + ": q = 1, no repeat purchase"),
        ],
        native=(
            "IF(INT({frequency})<>{frequency},#NUM!,IF(OR({p}<=0,{q}<=0,{v}<=0),#NUM!,"
            "IF({p}*{frequency}+{q}-1<0,#NUM!,IF({p}*{frequency}+{q}-1=0,#DIV/0!,"
            "{p}*({v}+{frequency}*{avg_value})/({p}*{frequency}+{q}-1)))))"
        ),
        reference="Fader & Hardie, 'The Gamma-Gamma model of monetary value' (2013), eq. 5",
    ),
    make_spec(
        m.bgnbd_clv,
        category="Lifetime and retention",
        returns="money",
        help=_BGNBD_HELP,
        examples=[
            (
                (12, 4.345, 2, 30.43, 38.86, *_CDNOW_CUSTOMER, 30.93832020997375, 0.01),
                45.521418146245516,
                "lifetimes 0.11.3, GammaGammaFitter.customer_lifetime_value(time=12, freq='W', "
                "discount_rate=0.01) with the CDNOW parameters: 45.52 over 12 months",
            ),
            (
                (0, 4.345, 2, 30.43, 38.86, *_CDNOW_CUSTOMER, 30),
                0.0,
                _DEFINITION + ": no period ahead, no value",
            ),
        ],
        no_native=_NO_NATIVE_SUM.format(
            what="a sum over the periods of BGNBD_PURCHASES, itself the series 2F1"
        ),
        reference="Fader, Hardie & Lee, 'RFM and CLV: using iso-value curves', J. Marketing Research 42(4), 2005",
    ),
    # ----------------------------------------------------------------------------- Funnel
    make_spec(
        m.conversion_rate,
        category="Funnel and pipeline",
        returns="fraction",
        help=HELP,
        examples=[((45, 300), 0.15, _DEFINITION + ": 45 SQLs from 300 MQLs")],
        native=_share("conversions", "total"),
        reference="Farris et al., Marketing Metrics (2nd ed., 2010), ch. 7: conversion rates",
    ),
    make_spec(
        m.pipeline_velocity,
        category="Funnel and pipeline",
        returns="money",
        unit="per day",
        help=HELP,
        examples=[
            ((50, 10000, 0.25, 90), 1388.888888888889, _DEFINITION + ": 50 × 10,000 × 25 % / 90")
        ],
        native="{opportunities}*{avg_deal_size}*{win_rate}/{sales_cycle_days}",
        reference="HubSpot, 'Sales velocity': opportunities × deal value × win rate / cycle length",
    ),
    make_spec(
        m.sales_cycle,
        category="Funnel and pipeline",
        returns="number",
        unit="days",
        help=HELP,
        examples=[
            (
                ([45292, 45300, 45310], [45352, 45330, None]),
                45.0,
                _DEFINITION + ": 60 and 30 days; the open third deal is skipped",
            )
        ],
        native=(
            'IF(SUMPRODUCT(({first_contact_dates}<>"")*({close_dates}<>"")'
            "*({close_dates}<{first_contact_dates}))>0,#NUM!,"
            'SUMPRODUCT(({first_contact_dates}<>"")*({close_dates}<>""),{close_dates}-{first_contact_dates})'
            '/SUMPRODUCT(({first_contact_dates}<>"")*({close_dates}<>"")))'
        ),
        reference="HubSpot, 'Sales cycle length': total days to close / number of deals won",
    ),
    # ----------------------------------------------------------------------------- Email
    make_spec(
        m.delivery_rate,
        category="Email",
        returns="fraction",
        help=HELP,
        examples=[((9800, 10000), 0.98, _MAILCHIMP + ": 10,000 sent, 200 bounced")],
        native=_share("delivered", "sent"),
        reference="Mailchimp, 'About open and click rates' and 'About bounces'",
    ),
    make_spec(
        m.bounce_rate,
        category="Email",
        returns="fraction",
        help=HELP,
        examples=[((200, 10000), 0.02, _MAILCHIMP + ": 200 of 10,000 bounced")],
        native=_share("bounces", "sent"),
        reference="Mailchimp, 'About bounces': bounces / emails sent",
    ),
    make_spec(
        m.open_rate,
        category="Email",
        returns="fraction",
        help=HELP,
        examples=[
            ((2450, 9800), 0.25, _MAILCHIMP + ": 2,450 unique opens of 9,800 delivered"),
            (
                (10500, 9800),
                "#NUM!",
                _MAILCHIMP + ": 10,500 total opens (some readers opened twice) of 9,800 delivered",
            ),
        ],
        native=_share("opens", "delivered"),
        reference="Mailchimp, 'About open and click rates': unique opens / successful deliveries",
    ),
    make_spec(
        m.ctr,
        category="Email",
        returns="fraction",
        help=HELP,
        examples=[((294, 9800), 0.03, _MAILCHIMP + ": 294 unique clicks of 9,800 delivered")],
        native=_share("clicks", "delivered"),
        reference="Mailchimp, 'About open and click rates': unique clicks / successful deliveries",
    ),
    make_spec(
        m.ctor,
        category="Email",
        returns="fraction",
        help=HELP,
        examples=[
            ((294, 2450), 0.12, "Campaign Monitor, 'Click-to-open rate': 294 clicks / 2,450 opens")
        ],
        native=_share("clicks", "opens"),
        reference="Campaign Monitor, 'What is click-to-open rate': unique clicks / unique opens",
    ),
    make_spec(
        m.unsubscribe_rate,
        category="Email",
        returns="fraction",
        help=HELP,
        examples=[((49, 9800), 0.005, _MAILCHIMP + ": 49 unsubscribes of 9,800 delivered")],
        native=_share("unsubscribes", "delivered"),
        reference="Mailchimp, 'Email marketing benchmarks': unsubscribes / successful deliveries",
    ),
    make_spec(
        m.list_growth_rate,
        category="Email",
        returns="fraction",
        help=HELP,
        examples=[((500, 200, 10000), 0.03, "HubSpot, 'List growth rate': (500 − 200) / 10,000")],
        native=(
            "IF({lost_subscribers}>{list_size}+{new_subscribers},#NUM!,"
            "({new_subscribers}-{lost_subscribers})/{list_size})"
        ),
        reference="HubSpot, 'Email list growth rate': (new − unsubscribes − bounces) / list size",
    ),
    make_spec(
        m.revenue_per_email,
        category="Email",
        returns="money",
        help=HELP,
        examples=[((558800, 254000), 2.2, _DEFINITION + ": 558,800 from 254,000 delivered emails")],
        native="{revenue}/{delivered}",
        reference="Campaign Monitor, 'Revenue per email': revenue / emails delivered",
    ),
    make_spec(
        m.complaint_rate,
        category="Email",
        returns="fraction",
        help=HELP,
        examples=[
            (
                (86, 81737),
                86 / 81737,
                "UniSender API reference, getCampaignCommonStats example: 86 spam complaints "
                "of 81,737 delivered",
            )
        ],
        native=_share("complaints", "delivered"),
        reference="Google, 'Email sender guidelines': spam reports over messages delivered, below 0.3 %",
    ),
    # ----------------------------------------------------------------------------- A/B tests
    make_spec(
        m.ab_lift,
        category="A/B tests",
        returns="fraction",
        help=HELP,
        examples=[((200, 10000, 250, 10000), 0.25, _DEFINITION + ": 2.5 % against 2 %")],
        native=_shares_checked(
            "({conversions_b}/{total_b}-{conversions_a}/{total_a})/({conversions_a}/{total_a})"
        ),
        reference="Optimizely, 'Lift': (variant rate − baseline rate) / baseline rate",
    ),
    make_spec(
        m.ab_pvalue,
        category="A/B tests",
        returns="number",
        help=HELP,
        examples=[
            (
                (200, 10000, 250, 10000),
                0.01712582887219502,
                "NIST/SEMATECH e-Handbook 7.3.3, pooled z-test: z = 2.384 for 2 % vs 2.5 % of 10,000",
            )
        ],
        native=_shares_checked(_AB_PVALUE_NATIVE),
        reference="NIST/SEMATECH e-Handbook of Statistical Methods, 7.3.3: comparing two proportions",
    ),
    make_spec(
        m.ab_significant,
        category="A/B tests",
        returns="boolean",
        help=HELP,
        examples=[
            ((200, 10000, 250, 10000), True, "NIST/SEMATECH e-Handbook 7.3.3: p = 0.017 < 0.05"),
            (
                (200, 10000, 250, 10000, 0.99),
                False,
                "NIST/SEMATECH e-Handbook 7.3.3: p = 0.017 > 0.01",
            ),
        ],
        native=_shares_checked(
            f"IF(OR({{confidence}}<=0,{{confidence}}>=1),#NUM!,{_AB_PVALUE_NATIVE}<1-{{confidence}})"
        ),
        reference="NIST/SEMATECH e-Handbook of Statistical Methods, 7.3.3: comparing two proportions",
    ),
    make_spec(
        m.ab_sample_size,
        category="A/B tests",
        returns="count",
        help=HELP,
        examples=[
            (
                (0.05, 0.2),
                8158.0,
                "Fleiss, Levin & Paik eq. 4.14: 5 % → 6 %, α = 0.05, power 80 % needs 8,158 a variant",
            )
        ],
        native=(
            "IF(OR({alpha}<=0,{alpha}>=1),#NUM!,IF(OR({power}<=0,{power}>=1),#NUM!,"
            f"IF({_P2}>1,#NUM!,{_AB_SAMPLE_SIZE_NATIVE})))"
        ),
        reference="Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions (3rd ed.), 4.2",
    ),
    # interval, power, Bayesian chance, several variants, peeking (issue 15)
    make_spec(
        m.ab_ci_low,
        category="A/B tests",
        returns="fraction",
        help=HELP,
        examples=[
            (
                (48, 80, 56, 70),
                0.0524314724023649,
                "Newcombe, Statistics in Medicine 17 (1998), table II, method 10: 56/70 − 48/80 "
                "from 0.0524 to 0.3339",
            ),
            (
                (3, 10, 9, 10),
                0.17052272393450302,
                "Newcombe (1998), table II, method 10: 9/10 − 3/10 from 0.1705 to 0.8090",
            ),
            ((3, 10, 9, 10, 1), "#NUM!", _DEFINITION + ": a confidence of 100 %"),
        ],
        native=_shares_checked(_CONFIDENCE_CHECKED + _AB_CI_LOW_NATIVE + ")"),
        reference="Newcombe, 'Interval estimation for the difference between independent proportions', Statistics in Medicine 17, 1998",
    ),
    make_spec(
        m.ab_ci_high,
        category="A/B tests",
        returns="fraction",
        help=HELP,
        examples=[
            (
                (48, 80, 56, 70),
                0.3338726540369059,
                "Newcombe, Statistics in Medicine 17 (1998), table II, method 10: 56/70 − 48/80 "
                "from 0.0524 to 0.3339",
            ),
            (
                (3, 10, 9, 10),
                0.809017973535488,
                "Newcombe (1998), table II, method 10: 9/10 − 3/10 from 0.1705 to 0.8090",
            ),
        ],
        native=_shares_checked(_CONFIDENCE_CHECKED + _AB_CI_HIGH_NATIVE + ")"),
        reference="Newcombe, 'Interval estimation for the difference between independent proportions', Statistics in Medicine 17, 1998",
    ),
    make_spec(
        m.ab_power,
        category="A/B tests",
        returns="fraction",
        help=HELP,
        examples=[
            (
                (0.05, 0.2, 8158),
                0.8000138678522828,
                "statsmodels 0.14, power_proportions_2indep(0.01, 0.05, 8158): AB_SAMPLE_SIZE's "
                "8,158 a variant reaches its 80 %",
            ),
            ((0.05, 0, 8158), 0.05000000000000004, _DEFINITION + ": no lift, the test's alpha"),
            ((0.5, 1.5, 100), "#NUM!", _DEFINITION + ": 50 % lifted by 150 % passes 100 %"),
        ],
        native=_AB_POWER_NATIVE,
        reference="Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions (3rd ed.), 4.2",
    ),
    make_spec(
        m.ab_prob_b_beats_a,
        category="A/B tests",
        returns="fraction",
        help=HELP,
        examples=[
            (
                (0, 1, 1, 1),
                0.8333333333333334,
                _DEFINITION + ": Beta(2, 1) above Beta(1, 2) is ∫ 2x (1 − (1 − x)²) dx = 5/6",
            ),
            (
                (200, 10000, 250, 10000),
                0.9914227751059045,
                "Evan Miller, 'Formulas for Bayesian A/B testing' (2014); scipy's numerical "
                "integral of the two Beta posteriors agrees (tests/metrics)",
            ),
            ((10, 100, 10.5, 100), "#NUM!", _DEFINITION + ": half a conversion"),
        ],
        no_native=_NO_NATIVE_SUM.format(what="Evan Miller's sum has one term per conversion"),
        reference="Evan Miller, 'Formulas for Bayesian A/B testing' (2014), evanmiller.org",
    ),
    make_spec(
        m.ab_sample_size_multi,
        category="A/B tests",
        returns="count",
        help=HELP,
        examples=[
            (
                (0.05, 0.2, 4),
                10882.0,
                "Fleiss, Levin & Paik eq. 4.14 at α = 0.05 / 3 (Bonferroni): 4 subject lines, "
                "5 % → 6 %; statsmodels' samplesize_proportions_2indep_onetail gives 10,881.3",
            ),
            ((0.05, 0.2, 2), 8158.0, "Two variants: AB_SAMPLE_SIZE's 8,158"),
            ((0.05, 0.2, 1), "#NUM!", _DEFINITION + ": a test needs 2 variants"),
        ],
        native=(
            "IF(OR({variants}<2,INT({variants})<>{variants}),#NUM!,"
            "IF(OR({alpha}<=0,{alpha}>=1),#NUM!,IF(OR({power}<=0,{power}>=1),#NUM!,"
            f"IF({_P2}>1,#NUM!,"
            + _AB_SAMPLE_SIZE_NATIVE.replace("{alpha}", "({alpha}/({variants}-1))")
            + "))))"
        ),
        reference="Dunn, 'Multiple comparisons among means', JASA 56 (1961): the Bonferroni correction",
    ),
    make_spec(
        m.ab_sequential_stop,
        category="A/B tests",
        returns="boolean",
        help=HELP,
        examples=[
            (
                (200, 10000, 250, 10000, 0.02, 0.25),
                False,
                "Johari et al. (KDD 2017), normal-mixture mSPRT: Λ = 4.3 < 1 / 0.05 = 20, keep "
                "going (the fixed-size z-test's p = 0.017 would have stopped)",
            ),
            (
                (400, 20000, 500, 20000, 0.02, 0.25),
                True,
                "Johari et al. (KDD 2017), normal-mixture mSPRT: twice the data, Λ = 52.8 ≥ 20, stop",
            ),
        ],
        native=_shares_checked(_AB_SEQUENTIAL_NATIVE),
        reference="Johari, Koomen, Pekelis & Walsh, 'Peeking at A/B tests: why it matters, and what to do about it', KDD 2017",
    ),
)
