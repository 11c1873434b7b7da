"""The special functions the statistical metrics need, in plain Python and numpy.

scipy has them all, but the metrics run inside xlwings Lite (Pyodide), where the core must
import with only pydantic and numpy; so they are written here, each from a stated source, and
checked against scipy in the tests (``tests/metrics/test_special.py``):

* the standard normal CDF and its inverse come from the standard library (``math.erfc``,
  ``statistics.NormalDist.inv_cdf``, Wichura's AS 241 algorithm);
* log-gamma is ``math.lgamma``;
* the Gauss hypergeometric function ₂F₁ is its power series (Abramowitz & Stegun 15.1.1),
  summed over whole arrays at once;
* P(p_B > p_A) for two Beta posteriors is Evan Miller's closed-form sum.

Every function takes floats or numpy arrays alike unless it says otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist
from typing import Any

from roikit.errors import NUM, MetricError
from roikit.metrics.arrays import is_array, numpy
from roikit.metrics.reasons import note, noting

_STANDARD_NORMAL = NormalDist()

#: the ₂F₁ series stops when a term adds less than this, relative to the sum
_SERIES_TOLERANCE = 1e-15
#: and is refused (NaN) when it would need more terms than this (see :func:`_terms_needed`)
_SERIES_TERMS = 50_000
#: arrays up to this size are summed element by element in plain Python, which beats numpy's
#: per-call overhead on a handful of values
_SMALL = 64


def normal_cdf(x: Any) -> Any:
    """Φ(x), the standard normal CDF: ½ erfc(−x / √2), exact in both tails."""
    if is_array(x):
        return 0.5 * numpy().vectorize(math.erfc, otypes=[float])(-x / math.sqrt(2))
    return 0.5 * math.erfc(-x / math.sqrt(2))


def log(x: float) -> float:
    """ln x as numpy gives it for a float: −∞ at 0 (a sum that rounded to 0), NaN below."""
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


def complement_power(z: Any, k: Any) -> tuple[Any, Any]:
    """(1 − z)^k and 1 − (1 − z)^k for 0 ≤ z < 1: exp(k ln(1 − z)) and −expm1(k ln(1 − z)),
    with ln(1 − z) from log1p.

    ``(1 - z) ** k`` rounds 1 − z first, and the power multiplies that rounding by k: for z of
    8e-7 and k of 875,397 it is wrong in the 11th digit, where this form is right to the 16th;
    and where (1 − z)^k is near 1, 1 minus it would lose as many digits as the two are close.

    Arrays take the same ``math`` functions element by element (about 0.3 µs an element):
    numpy's exp and log1p (its own vectorized implementations on some processors) may differ
    from the C library's by an ulp or two, which a difference near 0 afterwards magnifies:
    BGNBD_PURCHASES over a column differed from its cells in the 12th digit (t of 0.6 against
    alpha of 241,039).
    """
    if is_array(z) or is_array(k):
        np = numpy()
        z, k = np.broadcast_arrays(np.asarray(z, dtype=float), np.asarray(k, dtype=float))
        power, rest = np.frompyfunc(_complement_power, 2, 2)(z, k)
        return power.astype(float), rest.astype(float)
    return _complement_power(z, k)


def _complement_power(z: float, k: float) -> tuple[float, float]:
    exponent = k * _log_complement(z)
    try:
        return math.exp(exponent), -math.expm1(exponent)
    except OverflowError:  # as numpy: too large is infinite
        return math.inf, -math.inf


def _log_complement(z: float) -> float:
    """ln(1 − z) as numpy's log1p gives it: −∞ at z = 1, NaN above."""
    if z < 1:
        return math.log1p(-z)
    return -math.inf if z == 1 else math.nan


def normal_quantile(p: float) -> float:
    """Φ⁻¹(p) for 0 < p < 1 (``statistics.NormalDist.inv_cdf``, Wichura's AS 241)."""
    return _STANDARD_NORMAL.inv_cdf(p)


def log_beta(x: float, y: float) -> float:
    """ln B(x, y) = ln Γ(x) + ln Γ(y) − ln Γ(x + y), for x, y > 0."""
    return math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)


def hyp2f1(a: Any, b: Any, c: Any, z: Any, *, minus_one: bool = False) -> Any:
    """The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, c > 0, by its series.

    Formula: ₂F₁(a, b; c; z) = Σₙ (a)ₙ (b)ₙ / (c)ₙ × zⁿ / n!   (Abramowitz & Stegun 15.1.1)

    Each term is the previous one times (a + n)(b + n) / ((c + n)(n + 1)) × z. The sum stops
    once the terms shrink and the last one is below 10⁻¹⁵ of the sum. An element that would
    need more than 50,000 terms (z too close to 1, or a and b far above c) is NaN from the start
    (floats raise #NUM!), as is one outside the domain. Arrays broadcast. With ``minus_one``,
    ₂F₁ − 1: the series without its first term (1), summed to 10⁻¹⁵ of itself, so that a
    caller subtracting 1 loses no digits where ₂F₁ is near 1.
    """
    first = 0.0 if minus_one else 1.0
    if not any(is_array(v) for v in (a, b, c, z)):
        value = _hyp2f1_float(float(a), float(b), float(c), float(z), first)
        if math.isnan(value):
            raise MetricError("the hypergeometric series", "does not converge here", NUM)
        return value
    np = numpy()
    a, b, c, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, c, z)))
    if a.size <= _SMALL:
        out = np.vectorize(_hyp2f1_float, otypes=[float])(a, b, c, z, first)
    else:
        out = _hyp2f1_arrays(a, b, c, z, first)
    if noting():  # elements of numbers given: out of the domain, or out of terms
        with np.errstate(invalid="ignore"):
            note(
                np.isnan(out) & np.isfinite(a + b + c + z),
                "the hypergeometric series does not converge here",
            )
    return out


def _hyp2f1_arrays(a: Any, b: Any, c: Any, z: Any, first: float = 1.0) -> Any:
    """:func:`hyp2f1` of broadcast arrays of floats, all the elements' series at once, the sum
    starting from ``first`` (1, or 0 for ₂F₁ − 1)."""
    np = numpy()
    out = np.full(a.shape, math.nan)
    a, b, c, z = (v.ravel() for v in (a, b, c, z))
    # the elements still summing, and their terms and sums; those done leave the working set
    with np.errstate(all="ignore"):
        reachable = np.isfinite(a + b + c + z) & (c > 0) & (z >= 0) & (z < 1)
        reachable &= _terms_needed(a, b, c, z) <= _SERIES_TERMS
    index = np.flatnonzero(reachable)
    a, b, c, z = a[index], b[index], c[index], z[index]
    term = np.ones(index.size)
    total = np.full(index.size, first)
    n = 0
    while index.size and n < _SERIES_TERMS:
        term = term * (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        total = total + term
        n += 1
        shrinking = (a + n) * (b + n) * z < (c + n) * (n + 1)
        done = shrinking & (np.abs(term) <= _SERIES_TOLERANCE * np.abs(total))
        if done.any():
            out.flat[index[done]] = total[done]
            going = ~done
            index, a, b, c, z = index[going], a[going], b[going], c[going], z[going]
            term, total = term[going], total[going]
    return out  # NaN where the series was out of terms before converging


def _hyp2f1_float(a: float, b: float, c: float, z: float, first: float = 1.0) -> float:
    """:func:`hyp2f1` of floats, the same series and stopping rule, NaN where it fails."""
    if not (math.isfinite(a + b + c + z) and c > 0 and 0 <= z < 1):
        return math.nan
    if not _terms_needed_float(a, b, c, z) <= _SERIES_TERMS:
        return math.nan
    term, total = 1.0, first
    for n in range(_SERIES_TERMS):
        term = term * (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        total = total + term
        shrinking = (a + n + 1) * (b + n + 1) * z < (c + n + 1) * (n + 2)
        if shrinking and abs(term) <= _SERIES_TOLERANCE * abs(total):
            return total
    return math.nan


def _terms_needed(a: Any, b: Any, c: Any, z: Any) -> Any:
    """About how many terms the ₂F₁ series needs: until the ratio of successive terms falls
    below 1 (the largest n where (a + n)(b + n) z = (c + n)(n + 1), a quadratic in n), then
    some 40 / (1 − z) more for the geometric tail to fall below 10⁻¹⁵."""
    np = numpy()
    p, q, s = z - 1, z * (a + b) - c - 1, z * a * b - c
    discriminant = q * q - 4 * p * s
    peak = (-q - np.sqrt(np.maximum(discriminant, 0))) / (2 * p)
    peak = np.where(discriminant > 0, np.maximum(peak, 0), 0)
    return peak + 40 / (1 - z)


def _terms_needed_float(a: float, b: float, c: float, z: float) -> float:
    """:func:`_terms_needed` of floats (0 ≤ z < 1), with ``math`` alone."""
    p, q, s = z - 1, z * (a + b) - c - 1, z * a * b - c
    discriminant = q * q - 4 * p * s
    peak = max((-q - math.sqrt(discriminant)) / (2 * p), 0.0) if discriminant > 0 else 0.0
    return peak + 40 / (1 - z)


def prob_beta_b_beats_a(alpha_a: float, beta_a: float, alpha_b: float, beta_b: float) -> float:
    """P(p_B > p_A) for independent p_A ~ Beta(α_A, β_A), p_B ~ Beta(α_B, β_B), α_B whole.

    Formula: Σ_{i=0}^{α_B−1} B(α_A + i, β_A + β_B) / ((β_B + i) B(1 + i, β_B) B(α_A, β_A))

    Evan Miller, 'Formulas for Bayesian A/B testing' (2014), from Cook's 'Exact calculation of
    beta inequalities' (2005). The sum has α_B terms; the same probability is also a sum over
    β_A (P(1 − p_A > 1 − p_B)), 1 − a sum over α_A, or 1 − a sum over β_B, so the shortest of
    the four is taken whenever those parameters are whole too.
    """
    candidates = [(alpha_b, False, (alpha_a, beta_a, alpha_b, beta_b))]
    if float(beta_a).is_integer():  # P(q_A > q_B) with q = 1 − p ~ Beta(β, α)
        candidates.append((beta_a, False, (beta_b, alpha_b, beta_a, alpha_a)))
    if float(alpha_a).is_integer():  # 1 − P(p_A > p_B)
        candidates.append((alpha_a, True, (alpha_b, beta_b, alpha_a, beta_a)))
    if float(beta_b).is_integer():  # 1 − P(q_B > q_A)
        candidates.append((beta_b, True, (beta_a, alpha_a, beta_b, alpha_b)))
    _, complement, (a_a, b_a, a_b, b_b) = min(candidates, key=lambda item: item[0])
    constant = log_beta(a_a, b_a)
    terms = [
        math.exp(log_beta(a_a + i, b_a + b_b) - math.log(b_b + i) - log_beta(1 + i, b_b) - constant)
        for i in range(int(a_b))
    ]
    probability = math.fsum(terms)
    probability = min(max(probability, 0.0), 1.0)  # rounding can pass 1 by an ulp or two
    return 1.0 - probability if complement else probability


def rowwise(func: Callable[..., float], *args: Any) -> Any:
    """``func`` of float arguments, or row by row over broadcast arrays (a refused row is NaN).

    For formulas that loop (a sum with as many terms as a count), which numpy cannot apply to a
    whole column at once. A row whose arguments are NaN (broken rules upstream) stays NaN.
    """
    if not any(is_array(arg) for arg in args):
        return func(*args)
    np = numpy()
    arrays = np.broadcast_arrays(*(np.asarray(arg, dtype=float) for arg in args))
    out = np.full(arrays[0].shape, math.nan)
    for index in np.ndindex(out.shape):
        values = [float(array[index]) for array in arrays]
        if not all(math.isfinite(value) for value in values):
            continue
        try:
            out[index] = func(*values)
        except (MetricError, ValueError, OverflowError, ArithmeticError):
            continue
    return out


# ---------------------------------------------------------------------------------------------
# The argument rules these models add to the kinds' own (0 or more, a rate at most 1)


def whole(value: Any, name: str, minimum: float = 0.0) -> Any:
    """``value``, checked to be a whole number of at least ``minimum`` (#NUM! otherwise; NaN in
    an array row): a sum cannot have 2.5 terms, nor a test 1 variant."""
    if is_array(value):
        np = numpy()
        fine = (value == np.floor(value)) & (value >= minimum)
        if noting():
            note(~fine & ~np.isnan(value), f"{name} must be a whole number, {minimum:g} or more")
        return np.where(fine, value, math.nan)
    if value != math.floor(value) or value < minimum:
        raise MetricError(name, f"must be a whole number, {minimum:g} or more, got {value:g}", NUM)
    return value


def positive(value: Any, name: str) -> Any:
    """``value``, checked to be above 0 (#NUM! otherwise; NaN in an array row): a model's shape
    and scale parameters are, whatever the fit."""
    if is_array(value):
        np = numpy()
        if noting():
            note(
                ~(value > 0) & ~np.isnan(value),
                f"{name} must be above 0 (a fitted model parameter)",
            )
        return np.where(value > 0, value, math.nan)
    if not value > 0:
        raise MetricError(name, f"must be above 0 (a fitted model parameter), got {value:g}", NUM)
    return value
