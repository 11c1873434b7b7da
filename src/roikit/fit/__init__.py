"""Fit the customer-base models behind BGNBD_PURCHASES, BGNBD_P_ALIVE and GG_AVG_VALUE.

>>> fit = roikit.clv_fit(transactions, customer="id", date="date", amount="amount")
>>> fit.params            # {'r': 0.243, 'alpha': 4.41, 'a': 0.793, 'b': 2.43, 'p': ..., ...}
>>> fit.customers         # one row per customer: frequency, recency, age, avg_value

Transactions (a customer id, a date, an amount) become one row per customer as Fader and
Hardie's CDNOW analyses do (:mod:`roikit.fit.summary`: same-day purchases are one, times in days
or weeks to the end of the calibration period, average value over repeat purchases only), and
the BG/NBD and Gamma-Gamma models are fitted to them by maximum likelihood
(:mod:`roikit.fit.models`). Needs scipy and pandas: ``pip install 'roikit[clv]'``. The cell
functions themselves need neither.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from roikit.fit.models import (
    BGNBD,
    GAMMA_GAMMA,
    bgnbd_log_likelihood,
    gamma_gamma_log_likelihood,
    maximize,
)
from roikit.fit.summary import UNITS, summarize

__all__ = ["BGNBD", "GAMMA_GAMMA", "UNITS", "ClvFit", "clv_fit", "summarize"]

#: the defined names a workbook's inputs take the fitted parameters from
WORKBOOK_NAMES = {
    "r": "bgnbd_r",
    "alpha": "bgnbd_alpha",
    "a": "bgnbd_a",
    "b": "bgnbd_b",
    "p": "gg_p",
    "q": "gg_q",
    "v": "gg_v",
}


@dataclass(frozen=True)
class ClvFit:
    """The fitted parameters, their standard errors and the customers they were fitted to."""

    params: dict[str, float]
    standard_errors: dict[str, float]
    log_likelihood: dict[str, float]
    customers: pd.DataFrame
    unit: str
    calibration_end: dt.date
    notes: list[str] = field(default_factory=list)

    @property
    def repeat_customers(self) -> int:
        return int((self.customers["frequency"] > 0).sum())

    def to_dict(self) -> dict[str, Any]:
        """The parameters first (r, alpha, a, b; p, q, v with amounts), then the context."""
        return {
            **self.params,
            "standard_errors": self.standard_errors,
            "log_likelihood": self.log_likelihood,
            "unit": self.unit,
            "calibration_end": self.calibration_end.isoformat(),
            "customers": len(self.customers),
            "repeat_customers": self.repeat_customers,
            "notes": self.notes,
        }


def clv_fit(
    transactions: pd.DataFrame,
    *,
    customer: str | None = None,
    date: str | None = None,
    amount: str | None = None,
    unit: str = "weeks",
    calibration_end: Any = None,
    dayfirst: bool | None = None,
) -> ClvFit:
    """Fit BG/NBD (and Gamma-Gamma, given ``amount``) to a table of transactions.

    ``customer``, ``date`` and ``amount`` name the columns; left out, the first two columns are
    the customer and the date, and a third column, if any, the amount. ``unit`` is "weeks" or
    "days"; ``calibration_end`` (a date) leaves later transactions out, and defaults to the
    last transaction's day. Dates written with numbers only put the day first when they use
    dots (``03.12.2025``) or a date past the 12th shows it; ``dayfirst`` says it for
    ``03/12/2025`` where none does (:func:`roikit.fit.summary.day_first`). Amounts written as
    exports write them (``1 234,56 руб.``, ``$4,820.50``) are read as numbers.
    """
    columns = list(transactions.columns)
    if customer is None and date is None and amount is None:
        if len(columns) < 2:
            raise ValueError("transactions need at least a customer and a date column")
        customer, date = columns[0], columns[1]
        amount = columns[2] if len(columns) > 2 else None
    if customer is None or date is None:
        raise ValueError("name both the customer and the date columns, or none of the three")
    customers, end, notes = summarize(
        transactions,
        customer=customer,
        date=date,
        amount=amount,
        unit=unit,
        calibration_end=calibration_end,
        dayfirst=dayfirst,
    )
    x = customers["frequency"].to_numpy(float)
    tx = customers["recency"].to_numpy(float)
    age = customers["age"].to_numpy(float)
    params, errors, fitted = maximize(
        lambda p: bgnbd_log_likelihood(p, x, tx, age), np.ones(len(BGNBD))
    )
    values = dict(zip(BGNBD, params.tolist(), strict=True))
    standard_errors = dict(zip(BGNBD, errors.tolist(), strict=True))
    log_likelihood = {"bgnbd": fitted}
    if amount is not None:
        repeat = customers[(customers["frequency"] > 0) & (customers["avg_value"] > 0)]
        dropped = int((customers["frequency"] > 0).sum()) - len(repeat)
        if dropped:
            notes.append(
                f"{dropped} repeat customer(s) with an average value of 0 or less left out"
            )
        if len(repeat) < len(GAMMA_GAMMA):
            raise ValueError(
                "too few customers with a repeat purchase to fit the Gamma-Gamma model"
            )
        xr = repeat["frequency"].to_numpy(float)
        mr = repeat["avg_value"].to_numpy(float)
        gg, gg_errors, gg_fitted = maximize(
            lambda p: gamma_gamma_log_likelihood(p, xr, mr), np.ones(len(GAMMA_GAMMA))
        )
        values |= dict(zip(GAMMA_GAMMA, gg.tolist(), strict=True))
        standard_errors |= dict(zip(GAMMA_GAMMA, gg_errors.tolist(), strict=True))
        log_likelihood["gamma_gamma"] = gg_fitted
    return ClvFit(
        params=values,
        standard_errors=standard_errors,
        log_likelihood=log_likelihood,
        customers=customers,
        unit=unit,
        calibration_end=end.date(),
        notes=notes,
    )
