"""Money: what marketing earned for what it cost.

Margins are fractions (25 % is 0.25). ``costs`` is one amount or a range of cost lines
(platform, labour, content, ...), which are summed.
"""

from __future__ import annotations

from roikit.metrics.checks import nonzero, share
from roikit.metrics.decorator import metric
from roikit.metrics.kinds import CostLines, Count, Money, Rate


@metric
def romi(revenue: Money, margin: Rate, costs: CostLines) -> float:
    """Return on marketing investment: the gross profit marketing earned per unit it cost.

    Formula: romi = (revenue × margin − Σcosts) / Σcosts

    The worked email month: revenue 558,800 at a 25 % margin against costs of 13,500 and 50,000
    gives (139,700 − 63,500) / 63,500 = 1.2, a ROMI of 120 %.
    """
    return (revenue * margin - costs) / nonzero(costs, "costs")


@metric
def roi(revenue: Money, costs: CostLines) -> float:
    """Return on investment: what revenue returned over the costs, per unit of cost.

    Formula: roi = (revenue − Σcosts) / Σcosts
    """
    return (revenue - costs) / nonzero(costs, "costs")


@metric
def roas(revenue: Money, costs: CostLines) -> float:
    """Return on ad spend: the revenue each unit of advertising cost brought in.

    Formula: roas = revenue / Σcosts

    Revenue over costs, not profit: a ROAS of 4 (400 %) earns 4 in sales per 1 spent; whether
    that pays depends on the margin (ROMI takes it into account).
    """
    return revenue / nonzero(costs, "costs")


@metric
def gross_profit(revenue: Money, margin: Rate) -> float:
    """Gross profit: the part of revenue left after the cost of the goods sold.

    Formula: gross_profit = revenue × margin
    """
    return revenue * margin


@metric
def breakeven_revenue(costs: CostLines, margin: Rate) -> float:
    """Break-even revenue: the revenue at which marketing pays for itself (ROMI = 0).

    Formula: breakeven_revenue = Σcosts / margin
    """
    return costs / nonzero(margin, "margin")


@metric
def acos(costs: CostLines, revenue: Money) -> float:
    """Advertising cost of sales (ACOS): the share of the revenue spent on the ads.

    Formula: acos = Σcosts / revenue

    Yandex Direct reports it as ДРР (доля рекламных расходов). The inverse of ROAS: 4 spent for 20 in sales is an ACOS of 20 % (a ROAS of 500 %). It can
    exceed 100 % when the ads cost more than they sold.
    """
    return costs / nonzero(revenue, "revenue")


@metric
def aov(revenue: Money, orders: Count) -> float:
    """Average order value: the revenue each order brought on average.

    Formula: aov = revenue / orders
    """
    return revenue / nonzero(orders, "orders")


@metric
def arpu(revenue: Money, users: Count) -> float:
    """Average revenue per user: the revenue of a period over the users (or subscribers) in it.

    Formula: arpu = revenue / users
    """
    return revenue / nonzero(users, "users")


@metric
def revenue_share(part: Money, total: Money) -> float:
    """Revenue share: the part of the total revenue that one channel or campaign brought.

    Formula: revenue_share = part / total

    E.g. the revenue email brought over the revenue of every channel; the part cannot be more
    than the total.
    """
    return share(part, total, "part", "total")
