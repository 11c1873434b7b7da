"""``roikit clv fit transactions.csv``: BG/NBD and Gamma-Gamma parameters from transactions.

Prints the parameters with their standard errors (``--format json``: an object with keys r,
alpha, a, b, and p, q, v when amounts are given); ``--customers`` writes the per-customer
summary (frequency, recency, age, avg_value) the cell functions take; ``--workbook`` puts the
parameters into a workbook's named inputs (bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, gg_p, gg_q,
gg_v), saved to ``-o`` or, with ``--in-place``, over the workbook.
"""

from __future__ import annotations

import argparse
import io
import json
import math
from pathlib import Path
from typing import Any

from roikit.cli.common import csv_text, refuse_over_inputs
from roikit.errors import CommandError

_CONVENTIONS = (
    "Conventions of Fader and Hardie's CDNOW analyses: purchases by a customer on the same day "
    "are one transaction (amounts summed); frequency counts the repeat transactions (the first "
    "is not one); time is continuous, in days or weeks (days / 7), from each customer's first "
    "transaction to the last one (recency) and to the end of the calibration period (age); "
    "transactions after the calibration end are left out; the Gamma-Gamma average value is "
    "over repeat transactions only."
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    clv = commands.add_parser(
        "clv",
        help="customer lifetime value models: roikit clv fit transactions.csv",
        description="Probabilistic customer lifetime value (BG/NBD and Gamma-Gamma).",
    )
    actions = clv.add_subparsers(dest="clv_command", metavar="ACTION", required=True)
    fit = actions.add_parser(
        "fit",
        help="fit BG/NBD (and Gamma-Gamma) to transactions by maximum likelihood",
        description="Fit the BG/NBD model of purchases and drop-out (Fader, Hardie & Lee 2005) "
        "and, when the transactions have amounts, the Gamma-Gamma model of their value (Fader & "
        "Hardie 2013) by maximum likelihood; print the parameters with their standard errors. "
        + _CONVENTIONS
        + " Needs scipy: pip install 'roikit[clv]'.",
    )
    fit.add_argument(
        "transactions",
        help="a .csv (or .tsv / .txt) or .xlsx of transactions: customer id, date, amount; by "
        "default the first three columns, in that order",
    )
    fit.add_argument("--customer", help="the customer id column (default: the first)")
    fit.add_argument("--date", help="the date column (default: the second)")
    fit.add_argument("--amount", help="the amount column (default: the third, if any)")
    fit.add_argument(
        "--no-amount", action="store_true", help="fit BG/NBD only, even if there is an amount"
    )
    order = fit.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        help="dates such as 03/04/2025 put the day first (by default the dates say it: a day "
        "past the 12th, or dots as in 03.04.2025; where none does, roikit asks)",
    )
    order.add_argument(
        "--monthfirst", dest="dayfirst", action="store_const", const=False, help="the month first"
    )
    fit.add_argument(
        "--unit",
        choices=("weeks", "days"),
        default="weeks",
        help="the unit of time of the parameters and the summaries (default: weeks)",
    )
    fit.add_argument(
        "--calibration-end",
        metavar="DATE",
        help="the end of the calibration period (ISO date); later transactions are left out "
        "(default: the last transaction's day)",
    )
    fit.add_argument("--format", choices=("text", "json"), default="text")
    fit.add_argument(
        "--customers",
        metavar="CSV",
        help="write the per-customer summary here (frequency, recency, age, avg_value)",
    )
    fit.add_argument(
        "--workbook",
        metavar="XLSX",
        help="put the parameters into this workbook's inputs named bgnbd_r, bgnbd_alpha, "
        "bgnbd_a, bgnbd_b (gg_p, gg_q, gg_v), recalculated; save with -o or --in-place",
    )
    fit.add_argument("-o", "--output", metavar="XLSX", help="where to save the workbook")
    fit.add_argument("--in-place", action="store_true", help="save over --workbook")
    fit.set_defaults(handler=run_fit)


def run_fit(arguments: argparse.Namespace) -> int:
    if arguments.workbook and not (arguments.output or arguments.in_place):
        raise CommandError("--workbook needs -o OUTPUT.xlsx, or --in-place to save over it")
    if (arguments.output or arguments.in_place) and not arguments.workbook:
        raise CommandError("-o / --in-place save a workbook: give it with --workbook")
    given = [arguments.transactions, *([arguments.workbook] if arguments.workbook else [])]
    refuse_over_inputs("-o", arguments.output, [arguments.transactions])
    refuse_over_inputs("--customers", arguments.customers, given)
    try:
        import pandas as pd

        from roikit.fit import WORKBOOK_NAMES, clv_fit
    except ImportError as err:
        raise CommandError(
            f"roikit clv needs scipy and pandas ({err}): pip install 'roikit[clv]'"
        ) from None
    source = Path(arguments.transactions)
    transactions = _read(pd, source)
    columns = list(transactions.columns)
    if len(columns) < 2:
        raise CommandError(f"{source} needs at least a customer and a date column")
    amount = arguments.amount or (columns[2] if len(columns) > 2 else None)
    result = clv_fit(
        transactions,
        customer=arguments.customer or columns[0],
        date=arguments.date or columns[1],
        amount=None if arguments.no_amount else amount,
        unit=arguments.unit,
        calibration_end=arguments.calibration_end,
        dayfirst=arguments.dayfirst,
    )
    if arguments.customers:
        _write_csv(result.customers, Path(arguments.customers))
    if arguments.workbook:
        _write_workbook(result.params, WORKBOOK_NAMES, arguments)
    if arguments.format == "json":
        print(json.dumps(_finite(result.to_dict()), indent=2))
    else:
        print(_text(result))
    return 0


def _read(pd: Any, source: Path) -> Any:
    """The transactions, however Excel or a shop saved them: a workbook's first sheet, or a
    CSV in any code page and with any separator (dates and amounts are the fit's to read, as
    written)."""
    if not source.is_file():
        raise CommandError(f"no such file: {source}")
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        from roikit.xlsx import sheet_rows

        rows, _ = sheet_rows(source, advice="save the transactions as CSV")
        rows = [row for row in rows if any(cell is not None for cell in row)]
        if not rows:
            raise CommandError(f"{source} has no transactions on its first sheet")
        header = [
            f"column {at}" if name is None else str(name) for at, name in enumerate(rows[0], 1)
        ]
        return pd.DataFrame(rows[1:], columns=header)
    text, separator = csv_text(
        source.read_bytes(), source.name, "a CSV of transactions; save it as CSV or .xlsx"
    )
    try:
        return pd.read_csv(io.StringIO(text), sep=separator, keep_default_na=False, na_values=[""])
    except (ValueError, UnicodeDecodeError) as err:
        raise CommandError(f"cannot read {source} as a CSV of transactions: {err}") from None


def _text(result: Any) -> str:
    lines = [
        f"BG/NBD (purchases and drop-out): {len(result.customers):,} customers, time in "
        f"{result.unit} to {result.calibration_end.isoformat()}",
    ]
    standard_errors = result.standard_errors
    for name in ("r", "alpha", "a", "b"):
        lines.append(_row(name, result.params[name], standard_errors[name]))
    if "p" in result.params:
        lines.append(
            f"Gamma-Gamma (value of a repeat purchase): {result.repeat_customers:,} customers "
            "with a repeat purchase"
        )
        for name in ("p", "q", "v"):
            lines.append(_row(name, result.params[name], standard_errors[name]))
    lines.append(
        "log-likelihood: "
        + ", ".join(f"{model} {value:,.2f}" for model, value in result.log_likelihood.items())
    )
    lines += [f"note: {note}" for note in result.notes]
    return "\n".join(lines)


def _row(name: str, value: float, error: float) -> str:
    shown = "n/a" if math.isnan(error) else f"{error:.4g}"
    return f"  {name:<6} {value:>10.4f}   (standard error {shown})"


def _finite(value: Any) -> Any:
    """JSON has no NaN: an undefined standard error is null."""
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _write_csv(frame: Any, target: Path) -> None:
    """The summary as CSV, through a temporary file renamed into place."""
    from roikit.xlsx import atomic_writer

    with atomic_writer(target, "w") as stream:
        frame.to_csv(stream)


def _write_workbook(params: dict[str, float], names: dict[str, str], arguments: Any) -> None:
    from roikit.engine import open_book

    book = open_book(arguments.workbook)
    try:
        known = set(book.inputs())
        used = {names[key]: value for key, value in params.items() if names[key] in known}
        if not used:
            wanted = ", ".join(names[key] for key in params)
            raise CommandError(f"{arguments.workbook} has no input named {wanted}")
        for name, value in used.items():
            book.set(name, value)
        book.save(arguments.output, in_place=arguments.in_place)
    finally:
        book.close()
