"""``roikit demo`` (``make demo``): the email-campaign template recalculated headlessly, its results printed.

The main job a user hands roikit: a workbook with roikit functions in its cells, filled in,
recalculated without Excel. The demo opens ``workbook_templates/email_campaign_romi.xlsx``
(built fresh from code when run outside a checkout), whose defaults are the worked month --
revenue 558,800, margin 25 %, costs 13,500 + 50,000 -- recalculates it, then asks what a
revenue of 600,000 would have earned. The template file itself is never changed.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import roikit

TEMPLATE = Path("workbook_templates/email_campaign_romi.xlsx")
RESULTS = (
    ("gross_profit", "gross profit", "{:>12,.0f}"),
    ("romi", "ROMI", "{:>12.0%}"),
    ("roi", "ROI", "{:>12.0%}"),
    ("breakeven_revenue", "break-even revenue", "{:>12,.0f}"),
)


def _print_results(book: roikit.Book) -> None:
    for name, label, number in RESULTS:
        print(f"  {label:<19}{number.format(book.get(name))}")


def run(template: Path) -> None:
    from roikit.engine import open_book

    book = open_book(template)
    lines = book.get("costs")
    costs = [row[0] for row in lines if row[0]] if isinstance(lines, list) else [lines]
    print(f"{template} (recalculated headlessly, engine 'fast')")
    print(
        f"An email-marketing month: revenue {book.get('revenue'):,.0f}, "
        f"margin {book.get('margin'):.0%}, costs {' + '.join(f'{c:,.0f}' for c in costs)}"
    )
    book.calculate()
    _print_results(book)
    book.set("revenue", 600_000)
    book.calculate()
    print(f"With revenue 600,000 instead: ROMI {book.get('romi'):.0%}")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser(
        "demo", help="recalculate the email-campaign template (the worked month) and print it"
    )
    demo.set_defaults(handler=lambda _arguments: main())


def main() -> None:
    if TEMPLATE.exists():
        run(TEMPLATE)
        return
    from roikit.templates import write

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / TEMPLATE.name
        write("email_campaign_romi", path)
        run(path)
