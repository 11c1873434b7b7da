"""Lifetime value and retention: what a customer is worth over time, and how many stay."""

from __future__ import annotations

from roikit.metrics.checks import at_most, nonzero, share
from roikit.metrics.decorator import metric
from roikit.metrics.kinds import Count, Money, Number, Rate


@metric
def clv(
    avg_purchase_value: Money, purchase_frequency: Number, lifespan: Number, margin: Rate = 1.0
) -> float:
    """Customer lifetime value, simple form: the gross profit a customer brings over their life.

    Formula: clv = avg_purchase_value × purchase_frequency × lifespan × margin

    ``purchase_frequency`` is purchases per period and ``lifespan`` the number of such periods;
    with the default margin of 1 the result is lifetime revenue.
    """
    return avg_purchase_value * purchase_frequency * lifespan * margin


@metric
def clv_retention(
    margin_per_period: Money, retention_rate: Rate, discount_rate: Rate = 0.1
) -> float:
    """Customer lifetime value from retention (Gupta & Lehmann's margin multiple).

    Formula: clv_retention = m × r / (1 + d − r)

    The present value of a margin ``m`` earned each period from a customer who stays with
    probability ``r`` each period, discounted at ``d`` per period, over an infinite horizon.
    """
    denominator = 1 + discount_rate - retention_rate
    return (margin_per_period * retention_rate) / nonzero(
        denominator, "1 + discount_rate − retention_rate"
    )


@metric
def clv_churn(revenue_per_customer: Money, margin: Rate, churn_rate: Rate) -> float:
    """Customer lifetime value from churn: periodic gross profit times the expected lifetime.

    Formula: clv_churn = revenue_per_customer × margin / churn_rate

    ``revenue_per_customer`` and ``churn_rate`` must cover the same period (both monthly, say).
    """
    return (revenue_per_customer * margin) / nonzero(churn_rate, "churn_rate")


@metric
def churn_rate(customers_start: Count, customers_lost: Count) -> float:
    """Churn rate: the share of the customers at the start of a period lost during it.

    Formula: churn_rate = customers_lost / customers_start
    """
    return share(customers_lost, customers_start, "customers_lost", "customers_start")


@metric
def retention_rate(
    customers_start: Count, customers_end: Count, new_customers: Count = 0.0
) -> float:
    """Retention rate: the share of the customers (or subscribers) at the start still there at the end.

    Formula: retention_rate = (customers_end − new_customers) / customers_start

    New customers won during the period are taken out so that only those kept count; the same
    formula gives subscriber or list retention.
    """
    new = at_most(new_customers, customers_end, "new_customers", "customers_end")
    return share(
        customers_end - new,
        customers_start,
        "customers_end − new_customers",
        "customers_start",
        "more were kept than there were at the start",
    )


@metric
def repeat_purchase_rate(repeat_customers: Count, customers: Count) -> float:
    """Repeat purchase rate: the share of customers who bought more than once.

    Formula: repeat_purchase_rate = repeat_customers / customers
    """
    return share(repeat_customers, customers, "repeat_customers", "customers")
