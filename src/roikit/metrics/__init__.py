"""Every roikit metric, one module per domain; each function's docstring states its formula."""

from roikit.metrics.acquisition import cac, cac_payback, cpa, cpc, cpl, ltv_cac
from roikit.metrics.email import (
    bounce_rate,
    ctor,
    ctr,
    delivery_rate,
    list_growth_rate,
    open_rate,
    revenue_per_email,
    unsubscribe_rate,
)
from roikit.metrics.experiments import ab_lift, ab_pvalue, ab_sample_size, ab_significant
from roikit.metrics.funnel import conversion_rate, pipeline_velocity, sales_cycle
from roikit.metrics.lifetime import (
    churn_rate,
    clv,
    clv_churn,
    clv_retention,
    repeat_purchase_rate,
    retention_rate,
)
from roikit.metrics.money import breakeven_revenue, gross_profit, roas, roi, romi

__all__ = [
    "ab_lift",
    "ab_pvalue",
    "ab_sample_size",
    "ab_significant",
    "bounce_rate",
    "breakeven_revenue",
    "cac",
    "cac_payback",
    "churn_rate",
    "clv",
    "clv_churn",
    "clv_retention",
    "conversion_rate",
    "cpa",
    "cpc",
    "cpl",
    "ctor",
    "ctr",
    "delivery_rate",
    "gross_profit",
    "list_growth_rate",
    "ltv_cac",
    "open_rate",
    "pipeline_velocity",
    "repeat_purchase_rate",
    "retention_rate",
    "revenue_per_email",
    "roas",
    "roi",
    "romi",
    "sales_cycle",
    "unsubscribe_rate",
]
