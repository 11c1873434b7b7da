"""The CLV fit's speed: ``roikit.clv_fit`` on the CDNOW sample and on 100,000 synthetic customers.

* CDNOW: the 2,357 customers of Fader, Hardie & Lee (2005) from the transactions (the copy the
  lifetimes package ships), to the published parameters; lifetimes' own BetaGeoFitter on the
  same summary is timed beside it.
* Synthetic: 100,000 customers drawn from the BG/NBD process itself (purchase rates from
  Gamma(r, alpha), drop-out probabilities from Beta(a, b), the CDNOW parameters), first buying
  over 12 weeks and watched for 39: the fit must find the parameters it was drawn from. Then
  the cell functions over those customers, as a column each.

Each figure is the best of a few runs.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

import roikit

TRUTH = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
CUSTOMERS = 100_000
WEEKS = 39


def best_of(run: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def cdnow() -> pd.DataFrame | None:
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "datasets" / "CDNOW_sample.txt"
    names = ["master_id", "customer_id", "date", "cds", "amount"]
    return pd.read_csv(path, sep=r"\s+", header=None, names=names)[
        ["customer_id", "date", "amount"]
    ]


def synthetic(rng: np.random.Generator) -> pd.DataFrame:
    """Transactions of CUSTOMERS customers drawn from the BG/NBD process, one row each."""
    rate = rng.gamma(TRUTH["r"], 1 / TRUTH["alpha"], CUSTOMERS)  # purchases a week
    drop = rng.beta(TRUTH["a"], TRUTH["b"], CUSTOMERS)
    first = rng.uniform(0, 12, CUSTOMERS)  # weeks after the start
    rows = [(np.arange(CUSTOMERS), first)]
    now, alive = first.copy(), np.ones(CUSTOMERS, dtype=bool)  # the first purchase: no drop
    end = 12 + WEEKS
    while alive.any():
        now = now + rng.exponential(1 / np.maximum(rate, 1e-12))
        alive &= now < end
        rows.append((np.flatnonzero(alive), now[alive]))
        alive &= rng.uniform(size=CUSTOMERS) >= drop  # may drop out after each repeat purchase
    ids = np.concatenate([r[0] for r in rows])
    weeks = np.concatenate([r[1] for r in rows])
    days = pd.Timestamp("2025-01-01") + pd.to_timedelta(np.floor(weeks * 7), unit="D")
    return pd.DataFrame({"customer_id": ids, "date": days, "amount": 10.0 + ids % 7})


def main() -> int:
    data = cdnow()
    if data is not None:
        seconds, fit = best_of(lambda: roikit.clv_fit(data, calibration_end="1997-09-30"), 3)
        shown = ", ".join(f"{k} {v:.4g}" for k, v in fit.params.items())
        print(f"CDNOW, {len(fit.customers):,} customers: clv_fit {seconds:.2f} s ({shown})")
        from lifetimes import BetaGeoFitter

        c = fit.customers
        reference, _ = best_of(
            lambda: BetaGeoFitter().fit(c["frequency"], c["recency"], c["age"]), 3
        )
        print(f"  lifetimes BetaGeoFitter on the same summary (BG/NBD only): {reference:.2f} s")
    else:
        print("CDNOW: skipped (lifetimes, a dev dependency, ships the sample)")

    transactions = synthetic(np.random.default_rng(15))
    end = pd.Timestamp("2025-01-01") + pd.Timedelta(weeks=12 + WEEKS)
    seconds, fit = best_of(lambda: roikit.clv_fit(transactions, calibration_end=end), 2)
    print(
        f"synthetic, {len(fit.customers):,} customers, {len(transactions):,} transactions: "
        f"clv_fit {seconds:.2f} s"
    )
    for name, truth in TRUTH.items():
        value, error = fit.params[name], fit.standard_errors[name]
        print(f"  {name:<6} {value:8.4f} ± {error:.4f} (drawn from {truth})")
    c = fit.customers
    params = [fit.params[name] for name in TRUTH]
    cells = {
        "BGNBD_P_ALIVE": lambda: roikit.bgnbd_p_alive(
            c["frequency"], c["recency"], c["age"], *params
        ),
        "BGNBD_PURCHASES(39)": lambda: roikit.bgnbd_purchases(
            39.0, c["frequency"], c["recency"], c["age"], *params
        ),
        "BGNBD_CLV(12 months)": lambda: roikit.bgnbd_clv(
            12, 4.345, c["frequency"], c["recency"], c["age"], *params, 30.0, 0.01
        ),
    }
    for name, run in cells.items():
        seconds, _ = best_of(run, 2)
        print(f"  {name} over the {len(c):,} customers: {seconds:.2f} s")
    recovered = all(
        abs(fit.params[name] - truth) < 4 * fit.standard_errors[name]
        for name, truth in TRUTH.items()
    )
    print("parameters recovered within 4 standard errors" if recovered else "NOT RECOVERED")
    return 0 if recovered else 1


if __name__ == "__main__":
    raise SystemExit(main())
