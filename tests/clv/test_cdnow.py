"""The fit and the cell functions on the CDNOW sample, against the published analyses (Fader,
Hardie & Lee 2005; Fader & Hardie 2013) and against lifetimes on the same data."""

from __future__ import annotations

import math

import numpy as np
import pytest

import roikit
from tests.clv.conftest import CALIBRATION_END, HOLDOUT_END, pd


def _three_significant_digits(value: float) -> float:
    return float(f"{value:.3g}")


def test_summary_follows_the_published_cdnow_conventions(cdnow_fit):
    customers = cdnow_fit.customers
    assert len(customers) == 2357
    assert cdnow_fit.repeat_customers == 946  # Fader & Hardie (2013): 946 repeat customers
    # lifetimes' cdnow_customers_summary: ID 1 has frequency 2, recency 30.43, T 38.86 (weeks)
    first = customers.loc[1]
    assert first["frequency"] == 2
    assert round(first["recency"], 2) == 30.43
    assert round(first["age"], 2) == 38.86


def test_bgnbd_fit_reproduces_the_published_parameters(cdnow_fit):
    # Fader, Hardie & Lee (2005), CDNOW, 39 weeks: r = 0.243, α = 4.414, a = 0.793, b = 2.426
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert _three_significant_digits(cdnow_fit.params[name]) == _three_significant_digits(
            value
        ), name
    assert cdnow_fit.log_likelihood["bgnbd"] == pytest.approx(-9582.4, abs=0.05)  # ibid.


def test_gamma_gamma_fit_reproduces_the_published_parameters(cdnow_fit):
    # Fader & Hardie, 'The Gamma-Gamma model of monetary value' (2013): p = 6.25, q = 3.74, v = 15.44
    assert round(cdnow_fit.params["p"], 2) == 6.25
    assert round(cdnow_fit.params["q"], 2) == 3.74
    assert round(cdnow_fit.params["v"], 2) == 15.44


def test_standard_errors_are_positive_and_smaller_than_the_estimates(cdnow_fit):
    for name, value in cdnow_fit.params.items():
        error = cdnow_fit.standard_errors[name]
        assert 0 < error < value, name


def _holdout_purchases(cdnow, customers):
    """Transaction days of each customer in the 39 weeks after the calibration period."""
    days = pd.to_datetime(cdnow["date"].astype(str), format="%Y%m%d")
    later = cdnow[(days > CALIBRATION_END) & (days <= HOLDOUT_END)].assign(day=days)
    counts = later.groupby("customer_id")["day"].nunique()
    return counts.reindex(customers.index, fill_value=0)


def test_holdout_purchases_are_predicted_customer_by_customer(cdnow, cdnow_fit):
    """The conditional expectations of FHL (2005), fig. 4: actual and predicted purchases in
    the holdout, by number of repeat purchases in calibration (0, 1, ..., 6, 7+)."""
    customers = cdnow_fit.customers
    params = [cdnow_fit.params[name] for name in ("r", "alpha", "a", "b")]
    predicted = roikit.bgnbd_purchases(
        39.0, customers["frequency"], customers["recency"], customers["age"], *params
    )
    actual = _holdout_purchases(cdnow, customers)
    # the whole sample: 2,457 repeat purchase days in calibration, 1,882 in the holdout (FHL 2005)
    assert actual.sum() == 1882
    # the model expects 1,653: 12 % short, as FHL's fig. 2 falls short over the holdout
    assert round(predicted.sum()) == 1653
    groups = customers["frequency"].clip(upper=7)
    by_group = pd.DataFrame({"actual": actual, "predicted": predicted}).groupby(groups).mean()
    # FHL fig. 4: customers with no repeat purchase, 0.237 actual and 0.225 expected
    assert by_group.loc[0].round(3).tolist() == [0.237, 0.225]
    assert by_group["predicted"].to_numpy() == pytest.approx(by_group["actual"].to_numpy(), abs=0.4)
    assert np.all(np.diff(by_group["predicted"].to_numpy()) > 0)  # more past, more future


@pytest.fixture(scope="module")
def lifetimes():
    return pytest.importorskip("lifetimes")


def test_fit_equals_lifetimes_on_the_same_summary(cdnow_fit, lifetimes):
    customers = cdnow_fit.customers
    reference = lifetimes.BetaGeoFitter().fit(
        customers["frequency"], customers["recency"], customers["age"]
    )
    for name in ("r", "alpha", "a", "b"):
        assert cdnow_fit.params[name] == pytest.approx(reference.params_[name], rel=1e-3), name
    repeat = customers[customers["frequency"] > 0]
    gamma_gamma = lifetimes.GammaGammaFitter().fit(repeat["frequency"], repeat["avg_value"])
    for name in ("p", "q", "v"):
        assert cdnow_fit.params[name] == pytest.approx(gamma_gamma.params_[name], rel=1e-3), name


def test_cell_functions_equal_lifetimes_for_every_cdnow_customer(cdnow_fit, lifetimes):
    customers = cdnow_fit.customers
    x, tx, age = customers["frequency"], customers["recency"], customers["age"]
    bgnbd = lifetimes.BetaGeoFitter()
    bgnbd.params_ = pd.Series({n: cdnow_fit.params[n] for n in ("r", "alpha", "a", "b")})
    bgnbd.predict = bgnbd.conditional_expected_number_of_purchases_up_to_time
    gamma_gamma = lifetimes.GammaGammaFitter()
    gamma_gamma.params_ = pd.Series({n: cdnow_fit.params[n] for n in ("p", "q", "v")})
    params = [cdnow_fit.params[n] for n in ("r", "alpha", "a", "b")]
    gg = [cdnow_fit.params[n] for n in ("p", "q", "v")]

    for t in (1.0, 39.0, 104.0):
        ours = roikit.bgnbd_purchases(t, x, tx, age, *params)
        theirs = bgnbd.conditional_expected_number_of_purchases_up_to_time(t, x, tx, age)
        np.testing.assert_allclose(ours, theirs, rtol=1e-9)
    np.testing.assert_allclose(
        roikit.bgnbd_p_alive(x, tx, age, *params),
        bgnbd.conditional_probability_alive(x, tx, age),
        rtol=1e-12,
    )
    value = roikit.gg_avg_value(x, customers["avg_value"], *gg)
    np.testing.assert_allclose(
        value,
        gamma_gamma.conditional_expected_average_profit(x, customers["avg_value"]),
        rtol=1e-12,
    )
    first = customers.index[:200]
    theirs = gamma_gamma.customer_lifetime_value(
        bgnbd,
        x[first],
        tx[first],
        age[first],
        customers["avg_value"][first],
        time=12,
        discount_rate=0.01,
        freq="W",
    )
    ours = roikit.bgnbd_clv(12, 4.345, x[first], tx[first], age[first], *params, value[first], 0.01)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)
    assert not math.isnan(ours.sum())
