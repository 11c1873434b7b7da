"""Acquisition: what it costs to win a lead or a customer, and how fast that cost comes back."""

from __future__ import annotations

from roikit.metrics.checks import nonzero
from roikit.metrics.decorator import metric
from roikit.metrics.kinds import CostLines, Count, Money, Rate


@metric
def cac(costs: CostLines, new_customers: Count) -> float:
    """Customer acquisition cost: sales and marketing costs per new customer won.

    Formula: cac = Σcosts / new_customers
    """
    return costs / nonzero(new_customers, "new_customers")


@metric
def cpl(costs: CostLines, leads: Count) -> float:
    """Cost per lead: marketing costs per lead generated.

    Formula: cpl = Σcosts / leads
    """
    return costs / nonzero(leads, "leads")


@metric
def cpc(costs: CostLines, clicks: Count) -> float:
    """Cost per click: advertising costs per click on the ads.

    Formula: cpc = Σcosts / clicks
    """
    return costs / nonzero(clicks, "clicks")


@metric
def cpa(costs: CostLines, conversions: Count) -> float:
    """Cost per acquisition (cost per conversion): costs per conversion the campaign brought.

    Formula: cpa = Σcosts / conversions
    """
    return costs / nonzero(conversions, "conversions")


@metric
def cac_payback(cac: Money, monthly_revenue_per_customer: Money, margin: Rate) -> float:
    """CAC payback period: the months a customer's gross profit takes to repay their CAC.

    Formula: cac_payback = cac / (monthly_revenue_per_customer × margin)
    """
    monthly_profit = monthly_revenue_per_customer * margin
    return cac / nonzero(monthly_profit, "monthly_revenue_per_customer × margin")


@metric
def ltv_cac(clv: Money, cac: Money) -> float:
    """LTV:CAC ratio: customer lifetime value per unit of acquisition cost (3 or more is healthy).

    Formula: ltv_cac = clv / cac
    """
    return clv / nonzero(cac, "cac")
