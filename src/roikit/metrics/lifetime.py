"""Lifetime value and retention: what a customer is worth over time, and how many stay.

The simple formulas first; then the probabilistic models of a customer base, which see that
customers go quiet: the BG/NBD model of purchases and drop-out (Fader, Hardie & Lee, '"Counting
your customers" the easy way', Marketing Science 24(2), 2005) and the Gamma-Gamma model of
spend per purchase (Fader & Hardie, 'The Gamma-Gamma model of monetary value', 2013). Their
parameters come from a fit (``roikit clv fit``); a customer is three numbers, measured as in
Fader and Hardie's CDNOW analyses: ``frequency``, the repeat purchases (purchases on the same
day count as one, the first purchase is not counted); ``recency``, the time from the first to
the last purchase; ``age``, the time from the first purchase to the end of the calibration
period; times continuous, in days or weeks, the unit the parameters were fitted in.
"""

from __future__ import annotations

import math
from typing import Any

from roikit.errors import NUM, MetricError
from roikit.metrics.arrays import is_array, numpy
from roikit.metrics.checks import at_most, nonzero, share
from roikit.metrics.decorator import metric
from roikit.metrics.kinds import Count, Money, Number, Rate
from roikit.metrics.reasons import note
from roikit.metrics.special import complement_power, hyp2f1, log, positive, whole


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


def _refuse(broken: Any, value: Any, name: str, rule: str) -> Any:
    """``value``, unless ``broken``: then #NUM! naming ``name`` and ``rule`` (NaN in an array row)."""
    if is_array(broken):
        note(broken, f"{name} {rule}")
        return numpy().where(broken, math.nan, value)
    if broken:
        raise MetricError(name, rule, NUM)
    return value


def _customer(
    frequency: Any, recency: Any, age: Any, r: Any, alpha: Any, a: Any, b: Any
) -> tuple[Any, ...]:
    """The checked arguments of one BG/NBD customer (or of columns of them)."""
    frequency = whole(frequency, "frequency")
    recency = at_most(recency, age, "recency", "age", "the last purchase is within the period")
    recency = _refuse(
        (frequency == 0) & (recency > 0),
        recency,
        "recency",
        "must be 0 when frequency is 0 (it is the time of the last repeat purchase)",
    )
    return (
        frequency,
        recency,
        age,
        positive(r, "r"),
        positive(alpha, "alpha"),
        positive(a, "a"),
        positive(b, "b"),
    )


def _dead_odds(frequency: Any, recency: Any, age: Any, r: Any, alpha: Any, a: Any, b: Any) -> Any:
    """The odds that a customer has dropped out: δ(x > 0) a / (b + x − 1) ((α + T) / (α + tₓ))^(r + x),
    through logarithms, so that a long history gives odds of ∞ (P(alive) = 0), never an overflow."""
    if not any(is_array(v) for v in (frequency, recency, age, r, alpha, a, b)):
        if frequency == 0:
            return 0.0
        log_odds = (
            log(a)
            - log(b + frequency - 1)
            + (r + frequency) * (log(alpha + age) - log(alpha + recency))
        )
        try:
            return math.exp(log_odds)
        except OverflowError:
            return math.inf
    np = numpy()
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        log_odds = (
            np.log(a)
            - np.log(b + frequency - 1)
            + (r + frequency) * (np.log(alpha + age) - np.log(alpha + recency))
        )
        # a customer with no repeat purchase: odds 0, NaN where an argument broke its rule (told
        # one by one: a sum of them overflows for huge parameters, and 0 x inf is NaN)
        broken = np.zeros(np.shape(frequency), dtype=bool)
        for value in (frequency, recency, age, r, alpha, a, b):
            broken = broken | np.isnan(value)
        no_repeat = np.where(broken, math.nan, 0.0)
        return np.where(frequency > 0, np.exp(log_odds), no_repeat)


#: how far ahead the BG/NBD expectation reaches: t up to this many times alpha + age, where its
#: series needs some 3,500 terms (about 35 / (1 − z) for z = t / (alpha + age + t))
REACH = 100


def _within_reach(t: Any, alpha: Any, age: Any) -> Any:
    """``t``, checked to be at most REACH × (alpha + age) (#NUM!; NaN in an array row)."""
    return _refuse(
        t > REACH * (alpha + age),
        t,
        "t",
        f"is more than {REACH} × (alpha + age) ahead, beyond what the model's series reaches",
    )


def _expected_purchases(
    t: Any, frequency: Any, recency: Any, age: Any, r: Any, alpha: Any, a: Any, b: Any
) -> Any:
    """E[Y(t) | x, tₓ, T], Fader, Hardie & Lee (2005) eq. 10, with ₂F₁ through Euler's
    transformation (A&S 15.3.3): (1 − z)^(r+x) ₂F₁(r + x, b + x; a + b + x − 1; z) =
    (1 − z)^(a−1) ₂F₁(a + b − 1 − r, a − 1; a + b + x − 1; z), whose series neither overflows
    for large x nor slows down with it.

    For t short against alpha + age that tail is near 1, and 1 − tail would lose as many digits
    as z is small (with z of 5e-6, the 11th; then numpy's and Python's exp, an ulp apart, gave
    the array and the cell answers differing there): it is taken as [1 − (1 − z)^(a−1)] −
    (1 − z)^(a−1) (₂F₁ − 1), each part to its last digits."""
    t = _within_reach(t, alpha, age)
    alive_part = (a + b + frequency - 1) / nonzero(a - 1, "a − 1 (the formula divides by it)")
    z = t / (alpha + age + t)
    series_rest = hyp2f1(a + b - 1 - r, a - 1, a + b + frequency - 1, z, minus_one=True)
    power, power_rest = complement_power(z, a - 1)
    untaken = power_rest - power * series_rest
    return alive_part * untaken / (1 + _dead_odds(frequency, recency, age, r, alpha, a, b))


@metric
def bgnbd_purchases(
    t: Number,
    frequency: Count,
    recency: Number,
    age: Number,
    r: Number,
    alpha: Number,
    a: Number,
    b: Number,
) -> float:
    """Purchases a customer is expected to make in the next t periods (BG/NBD model).

    Formula: E[Y(t) | x, tₓ, T] = (a + b + x − 1) / (a − 1) × [1 − ((α + T) / (α + T + t))^(r + x)
    × ₂F₁(r + x, b + x; a + b + x − 1; t / (α + T + t))] / (1 + δ(x > 0) a / (b + x − 1)
    × ((α + T) / (α + tₓ))^(r + x)), x = frequency, tₓ = recency, T = age

    Fader, Hardie & Lee (2005), eq. 10; ₂F₁ is the Gauss hypergeometric function. t, recency
    and age are in the unit the parameters were fitted in (days or weeks); t reaches up to 100
    × (alpha + age) ahead (#NUM! beyond).
    """
    frequency, recency, age, r, alpha, a, b = _customer(frequency, recency, age, r, alpha, a, b)
    return _expected_purchases(t, frequency, recency, age, r, alpha, a, b)


@metric
def bgnbd_p_alive(
    frequency: Count, recency: Number, age: Number, r: Number, alpha: Number, a: Number, b: Number
) -> float:
    """Probability that a customer is still active (has not dropped out) (BG/NBD model).

    Formula: P(alive | x, tₓ, T) = 1 / (1 + δ(x > 0) a / (b + x − 1) × ((α + T) / (α + tₓ))^(r + x)),
    x = frequency, tₓ = recency, T = age

    Fader, Hardie & Lee (2005), eq. 13. A customer with no repeat purchase is taken to be alive:
    in the BG/NBD model customers can only drop out right after a purchase.
    """
    frequency, recency, age, r, alpha, a, b = _customer(frequency, recency, age, r, alpha, a, b)
    return 1 / (1 + _dead_odds(frequency, recency, age, r, alpha, a, b))


@metric
def gg_avg_value(frequency: Count, avg_value: Money, p: Number, q: Number, v: Number) -> float:
    """Expected value of a customer's future purchases (Gamma-Gamma model of spend).

    Formula: E(M | p, q, v, m̄ₓ, x) = p (v + x m̄ₓ) / (p x + q − 1), x = frequency, m̄ₓ = avg_value

    Fader & Hardie, 'The Gamma-Gamma model of monetary value' (2013), eq. 5: a weighted mean of
    the population's mean p v / (q − 1) and the customer's own average m̄ₓ, which weighs more the
    more repeat purchases it rests on. avg_value is the average of the repeat purchases only
    (the first purchase left out); with no repeat purchase it is not used.
    """
    frequency = whole(frequency, "frequency")
    p, q, v = positive(p, "p"), positive(q, "q"), positive(v, "v")
    denominator = p * frequency + q - 1
    denominator = _refuse(
        denominator < 0, denominator, "q", "is too small: the mean spend is infinite (q < 1)"
    )
    return p * (v + frequency * avg_value) / nonzero(denominator, "p × frequency + q − 1")


#: the longest horizon BGNBD_CLV sums over, in periods (a century of months)
_MAX_PERIODS = 1200


def _clv_float(
    periods: int,
    period_length: float,
    discount_rate: float,
    value_per_purchase: float,
    customer: tuple[float, ...],
) -> float:
    """:func:`bgnbd_clv` of one customer, period by period with ``math`` alone."""
    total, before = 0.0, 0.0
    for step in range(1, periods + 1):
        expected = _expected_purchases(step * period_length, *customer)
        total += value_per_purchase * (expected - before) / (1 + discount_rate) ** step
        before = expected
    return total


@metric
def bgnbd_clv(
    periods: Count,
    period_length: Number,
    frequency: Count,
    recency: Number,
    age: Number,
    r: Number,
    alpha: Number,
    a: Number,
    b: Number,
    value_per_purchase: Money,
    discount_rate: Rate = 0.1,
) -> float:
    """Customer lifetime value over a horizon, discounted: BG/NBD purchases times their value.

    Formula: bgnbd_clv = Σ_{k=1}^{periods} value_per_purchase × (E[Y(k L)] − E[Y((k − 1) L)])
    / (1 + discount_rate)^k, E[Y(t)] = BGNBD_PURCHASES(t, ...), L = period_length

    The purchases the BG/NBD model expects in each period ahead, valued and discounted to today
    (Fader, Hardie & Lee, 'RFM and CLV: using iso-value curves', J. Marketing Research 42(4),
    2005; the ``customer_lifetime_value`` of the lifetimes library). period_length is one period
    (a month, say) in the unit of the fit: 30 for months with a fit in days, 4.345 in weeks.
    value_per_purchase is the margin of one purchase, e.g. GG_AVG_VALUE(...) × margin. The
    horizon, periods × period_length, reaches up to 100 × (alpha + age), periods up to 1,200.
    """
    periods = whole(periods, "periods")
    periods = at_most(periods, _MAX_PERIODS, "periods", str(_MAX_PERIODS))
    period_length = positive(period_length, "period_length")
    frequency, recency, age, r, alpha, a, b = _customer(frequency, recency, age, r, alpha, a, b)
    # the whole horizon within reach, checked before any sum (a row past it is NaN throughout)
    periods = periods + 0 * _within_reach(periods * period_length, alpha, age)
    arguments = (periods, period_length, discount_rate, value_per_purchase)
    if not any(is_array(v) for v in (*arguments, frequency, recency, age, r, alpha, a, b)):
        return _clv_float(
            int(periods),
            period_length,
            discount_rate,
            value_per_purchase,
            (frequency, recency, age, r, alpha, a, b),
        )
    np = numpy()
    longest = int(np.nanmax(periods, initial=0)) if is_array(periods) else int(periods)
    total = 0.0
    if longest >= 1:
        # every period of every row at once: the arguments gain a last axis, the periods, and
        # keep a first one, the rows (of length 1 for one value), so that a check's mask of
        # rows × periods is read as such (roikit.metrics.reasons.note)
        def rows(value: Any) -> Any:
            return np.atleast_1d(np.asarray(value, dtype=float))[..., None]

        steps = np.arange(1, int(longest) + 1, dtype=float)
        within = steps <= rows(periods)  # a row's own periods: t of the others is 0, unchecked
        t = np.where(within, steps * rows(period_length), 0.0)
        expected = _expected_purchases(
            t, *(rows(v) for v in (frequency, recency, age, r, alpha, a, b))
        )
        gained = np.diff(expected, axis=-1, prepend=0.0)
        discount = (1 + rows(discount_rate)) ** steps
        value = rows(value_per_purchase) * gained / discount
        total = np.where(within, value, 0.0).sum(axis=-1)
    # a zero that carries every undefined row's NaN into the result (each argument times 0,
    # then added: a sum of the arguments first overflows, a + b of 1e308 each, to 0 × ∞ = NaN)
    checked = (periods, period_length, frequency, recency, age, r, alpha, a, b)
    return total + sum(0 * value for value in (*checked, value_per_purchase, discount_rate))
