"""The special functions written for Pyodide, against scipy's."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import roikit
from roikit import MetricError
from roikit.metrics.special import hyp2f1, log_beta, normal_cdf, normal_quantile

special = pytest.importorskip("scipy.special")
stats = pytest.importorskip("scipy.stats")

PARAMETERS = [0.25, 0.79, 2.4, 7.0, 41.0]
Z = [0.0, 0.1, 0.47, 0.9, 0.99]


@pytest.mark.parametrize(
    ("a", "b", "c", "z"), list(itertools.product(PARAMETERS, [-0.2, 1.4], PARAMETERS, Z))
)
def test_hyp2f1_is_scipys(a, b, c, z):
    assert hyp2f1(a, b, c, z) == pytest.approx(special.hyp2f1(a, b, c, z), rel=1e-11)


def test_hyp2f1_over_arrays_large_and_small_equals_the_float_series():
    rng = np.random.default_rng(2)
    size = 500
    a, b, c = rng.uniform(0.1, 5, (3, size))
    z = rng.uniform(0, 0.95, size)
    large = hyp2f1(a, b, c, z)
    small = hyp2f1(a[:10], b[:10], c[:10], z[:10])
    assert large == pytest.approx(special.hyp2f1(a, b, c, z), rel=1e-11)
    assert small == pytest.approx(large[:10], rel=1e-14)


def test_hyp2f1_out_of_reach_is_num_or_nan():
    with pytest.raises(MetricError):
        hyp2f1(1.0, 1.0, 2.0, 1.0)
    assert np.isnan(hyp2f1(np.array([1.0e6]), 1.0e6, 3.0, 0.5)).all()


@pytest.mark.parametrize("x", [-38.0, -8.0, -1.5, 0.0, 0.3, 5.0, 9.0])
def test_normal_cdf_is_scipys_in_both_tails(x):
    assert normal_cdf(x) == pytest.approx(stats.norm.cdf(x), rel=1e-14)


@pytest.mark.parametrize("p", [1e-300, 1e-10, 0.025, 0.5, 0.8, 1 - 1e-10])
def test_normal_quantile_is_scipys(p):
    assert normal_quantile(p) == pytest.approx(stats.norm.ppf(p), rel=1e-12)


@pytest.mark.parametrize(("x", "y"), [(1, 1), (0.5, 2.5), (200, 9_800), (1e6, 3)])
def test_log_beta_is_scipys(x, y):
    assert log_beta(x, y) == pytest.approx(special.betaln(x, y), rel=1e-12, abs=1e-8)


def test_complement_power_is_right_where_one_minus_z_rounds():
    """(1 − z)^k for z of 8.4e-7 and k of 875,397.5: `(1 - z) ** k` is wrong in the 11th digit
    (0.4778742153683754); the exact value, from Python's decimal at 60 digits, is
    0.47787421534886515141..."""
    from roikit.metrics.special import complement_power

    z = 0.5625 / (1 + 666854.0 + 0.5625)
    power, rest = complement_power(z, 875397.5)
    assert power == pytest.approx(0.4778742153488651514, rel=1e-15)
    assert rest == pytest.approx(1 - 0.4778742153488651514, rel=1e-15)
    powers, rests = complement_power(np.array([z]), np.array([875397.5]))
    assert (powers[0], rests[0]) == (power, rest)  # the same math, element by element
    assert complement_power(0.999999, -1e6) == (math.inf, -math.inf)  # too large is infinite
    assert complement_power(1e-300, 3.0)[1] == 3e-300  # 1 − (1 − z)^k where 1 − z rounds to 1


def test_bgnbd_purchases_for_a_customer_of_huge_age_and_a_tiny_horizon():
    """Found by hypothesis: the two faces disagreed in the 5th digit, because the power's error
    above is multiplied by a million in 1 − tail. Reference: the series of eq. 10, summed in
    Python's decimal at 60 digits: 8.4351099643191775e-07."""
    args = (0.5625, 0.0, 0.0, 666854.0, 1.0, 1.0, 875398.5, 1.0)
    assert roikit.bgnbd_purchases(*args) == pytest.approx(8.4351099643191775e-07, rel=1e-9)
    vector = roikit.bgnbd_purchases(*(np.array([value]) for value in args))
    assert vector[0] == roikit.bgnbd_purchases(*args)


def _expected_purchases_decimal(t, x, tx, age, r, alpha, a, b):
    """Fader, Hardie & Lee (2005) eq. 10 as printed (no Euler transformation), its ₂F₁ series
    summed in Python's decimal at 60 digits: a reference independent of roikit's arithmetic."""
    from decimal import Decimal, localcontext

    with localcontext() as context:
        context.prec = 60
        t, x, tx, age, r, alpha, a, b = (Decimal(v) for v in (t, x, tx, age, r, alpha, a, b))
        z = t / (alpha + age + t)
        big_a, big_b, big_c = r + x, b + x, a + b + x - 1
        term = total = Decimal(1)
        n = 0
        while abs(term) > Decimal("1e-50") * abs(total):
            term = term * (big_a + n) * (big_b + n) / ((big_c + n) * (n + 1)) * z
            total += term
            n += 1
        power = ((alpha + age) / (alpha + age + t)).ln() * (r + x)
        untaken = 1 - power.exp() * total
        dead = (
            0 if x == 0 else a / (b + x - 1) * (((alpha + age) / (alpha + tx)).ln() * (r + x)).exp()
        )
        return float((a + b + x - 1) / (a - 1) * untaken / (1 + dead))


@pytest.mark.parametrize(
    "args",
    [  # t, frequency, recency, age, r, alpha, a, b: found by hypothesis, where 1 − tail cancels
        (0.625, 0.0, 0.0, 0.25, 1.0, 120518.5, 140.0, 1.0),
        (0.6073156257019284, 0.0, 0.0, 0.25, 1.0, 241038.767578125, 2243.0, 5696.0),
        (39, 2, 30.43, 38.86, 0.243, 4.414, 0.793, 2.426),  # the CDNOW example, no cancelling
    ],
)
def test_bgnbd_purchases_over_a_short_horizon_keeps_its_digits_in_both_faces(args):
    """With t short against alpha + age, 1 − tail cancels: the two faces differed in the 11th
    digit (numpy's exp and log1p an ulp from Python's), both wrong there. Now 1 − tail is taken
    in two parts that keep their digits, and arrays use the same math functions as a cell."""
    expected = _expected_purchases_decimal(*args)
    scalar = roikit.bgnbd_purchases(*args)
    assert scalar == pytest.approx(expected, rel=1e-13)
    vector = roikit.bgnbd_purchases(*(np.array([value] * 3) for value in args))
    assert list(vector) == [scalar] * 3
