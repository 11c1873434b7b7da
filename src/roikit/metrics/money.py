"""Money: what marketing earned for what it cost.

Margins are fractions (25 % is 0.25). ``costs`` is one amount or a range of cost lines
(platform, labour, content, ...), which are summed.
"""

from __future__ import annotations

from roikit.metrics.checks import nonzero
from roikit.metrics.decorator import metric
from roikit.metrics.kinds import CostLines, Money, Rate


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
