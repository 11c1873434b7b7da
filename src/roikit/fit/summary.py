"""Transactions -> one row per customer: frequency, recency, age and average repeat value.

The conventions of Fader and Hardie's own CDNOW analyses (Fader, Hardie & Lee 2005; Fader &
Hardie, 'The Gamma-Gamma model of monetary value', 2013), which the BG/NBD and Gamma-Gamma
cell functions expect:

* purchases on the same day are one transaction (their amounts add up);
* ``frequency`` counts the repeat transactions: transaction days minus one;
* time is continuous, in days or weeks (days / 7), measured from the customer's first
  transaction: ``recency`` to the last one (0 without a repeat), ``age`` to the end of the
  calibration period; transactions after that end are left out (they are the holdout);
* ``avg_value`` is the mean amount of the repeat transactions only, the first left out (0
  without a repeat).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from roikit.metrics import convert

#: days per unit of time
UNITS = {"days": 1.0, "weeks": 7.0}


def summarize(
    transactions: pd.DataFrame,
    *,
    customer: str,
    date: str,
    amount: str | None = None,
    unit: str = "weeks",
    calibration_end: Any = None,
    dayfirst: bool | None = None,
) -> tuple[pd.DataFrame, pd.Timestamp, list[str]]:
    """Per-customer frequency, recency, age (and avg_value with ``amount``), the calibration
    end used (the last transaction's day when not given), and notes on rows left out.
    ``dayfirst``: whether dates written ``03/04/2025`` put the day first (None: as the dates
    themselves show it, see :func:`day_first`)."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    for column in (customer, date, amount):
        if column is not None and column not in transactions.columns:
            known = ", ".join(map(str, transactions.columns))
            raise ValueError(f"no column {column!r} in the transactions; columns: {known}")
    notes = []
    days = _days(transactions[date], dayfirst)
    frame = pd.DataFrame({"customer": transactions[customer], "day": days})
    if amount is not None:
        frame["amount"] = _amounts(transactions[amount])
    unreadable = frame.isna().any(axis=1)
    if unreadable.any():
        notes.append(
            f"{int(unreadable.sum())} row(s) without a customer, a readable date"
            + (" or a number amount" if amount is not None else "")
            + " left out"
        )
        frame = frame[~unreadable]
    if frame.empty:
        raise ValueError("no transaction to fit: every row lacks a customer, a date or an amount")
    end = frame["day"].max() if calibration_end is None else pd.Timestamp(calibration_end)
    later = frame["day"] > end
    if later.any():
        notes.append(f"{int(later.sum())} row(s) after the calibration end {end.date()} left out")
        frame = frame[~later]
    if frame.empty:
        raise ValueError(f"no transaction on or before the calibration end {end.date()}")
    # one transaction a day per customer, its amounts summed
    daily = frame.groupby(["customer", "day"], sort=True).sum().reset_index()
    grouped = daily.groupby("customer", sort=True)
    first = grouped["day"].min()
    last = grouped["day"].max()
    days_per_unit = UNITS[unit]
    summary = pd.DataFrame(
        {
            "frequency": grouped.size().astype(float) - 1,
            "recency": (last - first).dt.days.astype(float) / days_per_unit,
            "age": (end - first).dt.days.astype(float) / days_per_unit,
        }
    )
    if amount is not None:
        repeats = daily[daily["day"] > daily["customer"].map(first)]
        summary["avg_value"] = repeats.groupby("customer")["amount"].mean()
        summary["avg_value"] = summary["avg_value"].fillna(0.0)
    summary.index.name = customer
    return summary, end, notes


def _amounts(values: pd.Series) -> pd.Series:
    """Amounts as numbers: as they are, or read as exports write them (``1 234,56 руб.``);
    NaN where a cell is no number."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return pd.to_numeric(values, errors="coerce")
    from roikit.kpis import column_numbers

    numbers, _ = column_numbers(values)
    return numbers


def day_first(values: pd.Series) -> bool | None:
    """Whether a column's dates written with numbers only (``03.12.2025``, ``12/03/2025``) put
    the day first (:func:`roikit.metrics.convert.day_first`, the command line's rule too); None
    when the column has no such dates, a ValueError when it shows both orders or neither."""
    cells = [cell for cell in pd.unique(values.dropna()) if isinstance(cell, str)]
    return convert.day_first(
        cells,
        advice="say it (dayfirst=True or False; --dayfirst or --monthfirst), or write them as "
        "ISO dates (2025-12-03)",
    )


def _days(values: pd.Series, dayfirst: bool | None = None) -> pd.Series:
    """Dates as days (midnight): ISO text, datetimes, 8-digit numbers such as 19970101, or
    dates written with the day or the month first (``dayfirst``, else :func:`day_first`)."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        digits = pd.to_numeric(values, errors="coerce").astype("Int64").astype(str)
        return pd.to_datetime(digits, format="%Y%m%d", errors="coerce")
    if dayfirst is None:
        dayfirst = day_first(values)
    parsed = pd.to_datetime(values, errors="coerce", format="mixed", dayfirst=bool(dayfirst))
    return parsed.dt.tz_localize(None).dt.normalize() if parsed.dt.tz else parsed.dt.normalize()
