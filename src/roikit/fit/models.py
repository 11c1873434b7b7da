"""Maximum-likelihood fits of the BG/NBD and Gamma-Gamma models, with standard errors.

* BG/NBD: the log-likelihood of Fader, Hardie & Lee (2005), eq. 6, in the four-term form of
  their Excel note: ln L = A₁ + A₂ + ln(e^A₃ + δ(x > 0) e^A₄), with
  A₁ = ln Γ(r + x) − ln Γ(r) + r ln α, A₂ = ln Γ(a + b) + ln Γ(b + x) − ln Γ(b) − ln Γ(a + b + x),
  A₃ = −(r + x) ln(α + T), A₄ = ln a − ln(b + x − 1) − (r + x) ln(α + tₓ).
* Gamma-Gamma, over the customers with a repeat purchase (Fader & Hardie 2013, eq. 3):
  ln L = ln Γ(p x + q) − ln Γ(p x) − ln Γ(q) + q ln v + (p x − 1) ln m̄ + p x ln x
  − (p x + q) ln(x m̄ + v).

Both are maximised over the logarithms of the parameters (which keeps them positive) by
scipy's L-BFGS-B with the analytic gradient. The standard errors are the square roots of the
diagonal of the inverse observed information: the Hessian of −ln L at the optimum, by central
differences of the analytic gradient.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln

BGNBD = ("r", "alpha", "a", "b")
GAMMA_GAMMA = ("p", "q", "v")


def bgnbd_log_likelihood(
    params: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray
) -> tuple[float, np.ndarray]:
    """The BG/NBD log-likelihood summed over customers, and its gradient in (r, α, a, b)."""
    r, alpha, a, b = params
    repeat = x > 0
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(repeat, np.log(a) - np.log(b + x - 1) - (r + x) * np.log(alpha + tx), -np.inf)
    log_sum = np.logaddexp(a3, a4)
    # w: the share of the likelihood from "dropped out after the last purchase" (A₄)
    w = np.exp(a4 - log_sum)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha)
    d_r -= (1 - w) * np.log(alpha + T) + w * np.log(alpha + tx)
    d_alpha = r / alpha - (r + x) * ((1 - w) / (alpha + T) + w / (alpha + tx))
    d_a = digamma(a + b) - digamma(a + b + x) + w / a
    with np.errstate(divide="ignore", invalid="ignore"):
        dropped = np.where(repeat, w / (b + x - 1), 0.0)
    d_b = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - dropped
    value = float(np.sum(a1 + a2 + log_sum))
    gradient = np.array([d_r.sum(), d_alpha.sum(), d_a.sum(), d_b.sum()])
    return value, gradient


def gamma_gamma_log_likelihood(
    params: np.ndarray, x: np.ndarray, m: np.ndarray
) -> tuple[float, np.ndarray]:
    """The Gamma-Gamma log-likelihood of average values m̄ over x repeat purchases, and its
    gradient in (p, q, v)."""
    p, q, v = params
    px = p * x
    value = np.sum(
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(v)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(x * m + v)
    )
    d_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - np.log(x * m + v))
    d_q = digamma(px + q) - digamma(q) + np.log(v) - np.log(x * m + v)
    d_v = q / v - (px + q) / (x * m + v)
    return float(value), np.array([d_p.sum(), d_q.sum(), d_v.sum()])


def maximize(
    log_likelihood: Callable[[np.ndarray], tuple[float, np.ndarray]], start: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """The parameters maximising ``log_likelihood``, their standard errors and the maximum."""

    def negative(log_params: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(log_params)
        value, gradient = log_likelihood(params)
        if not np.isfinite(value):
            return np.inf, np.zeros_like(params)
        return -value, -gradient * params  # the chain rule through params = exp(log_params)

    # the search steps where the likelihood overflows or is undefined (a parameter near 0 or
    # huge): those steps count as infinitely unlikely above, not as warnings to the user
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        result = minimize(
            negative,
            np.log(start),
            jac=True,
            method="L-BFGS-B",
            options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-9},
        )
        params = np.exp(result.x)
        value, gradient = log_likelihood(params)
        scale = max(1.0, abs(value))
        if not np.isfinite(value) or np.max(np.abs(gradient * params)) > 1e-3 * scale:
            raise ValueError(f"the fit did not converge ({result.message}); check the data")
        return params, _standard_errors(log_likelihood, params), value


def _standard_errors(
    log_likelihood: Callable[[np.ndarray], tuple[float, np.ndarray]], params: np.ndarray
) -> np.ndarray:
    """√diag((−H)⁻¹), H the Hessian of ln L at ``params`` by central differences of the
    gradient; NaN where the information matrix cannot be inverted."""
    size = params.size
    hessian = np.empty((size, size))
    for j in range(size):
        step = 1e-5 * params[j]
        up, down = params.copy(), params.copy()
        up[j] += step
        down[j] -= step
        hessian[:, j] = (log_likelihood(up)[1] - log_likelihood(down)[1]) / (2 * step)
    hessian = (hessian + hessian.T) / 2
    try:
        covariance = np.linalg.inv(-hessian)
    except np.linalg.LinAlgError:
        return np.full(size, np.nan)
    variances = np.diag(covariance)
    return np.sqrt(np.where(variances > 0, variances, np.nan))
