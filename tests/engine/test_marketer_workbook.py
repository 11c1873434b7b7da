"""A marketer's workbook: roikit's functions mixed with SUMIFS, COUNTIF, XLOOKUP, TEXT and an
Excel table, every value worked out by hand below (the fidelity corpus's own workbook).

Campaigns (a table named Campaigns):

    channel  spend  revenue  clicks  delivered
    Email     1000     6000     300      10000
    Search    4000    10000     800      20000
    Email      500     2000     100       5000
    Social    2500     3000     250      25000

- Email revenue = 6000 + 2000 = 8000; Email spend = 1000 + 500 = 1500
- ROMI = (revenue x margin - costs) / costs = (8000 x 25% - 1500) / 1500 = 1/3
- TEXT(1/3, "0.0%") = "33.3%"
- COUNTIF(channel, "Email") = 2; COUNTIF(clicks, ">250") = 2 (300 and 800)
- XLOOKUP("Search", channel, spend) = 4000
- CTR = clicks / delivered = 1450 / 60000
- SUM(Campaigns[revenue]) = 21000; ROMI(21000, 25%, 8000) = (5250 - 8000) / 8000 = -0.34375
"""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

import roikit

ROWS = [
    ("channel", "spend", "revenue", "clicks", "delivered"),
    ("Email", 1000, 6000, 300, 10000),
    ("Search", 4000, 10000, 800, 20000),
    ("Email", 500, 2000, 100, 5000),
    ("Social", 2500, 3000, 250, 25000),
]

#: cell -> (formula, the value worked out by hand)
FORMULAS = {
    "H1": ('=SUMIFS(C2:C5,A2:A5,"Email")', 8000),
    "H2": ('=SUMIFS(B2:B5,A2:A5,"Email")', 1500),
    "H3": ("=ROMI(H1,25%,H2)", 1 / 3),
    "H4": ('=TEXT(H3,"0.0%")', "33.3%"),
    "H5": ('=COUNTIF(A2:A5,"Email")', 2),
    "H6": ('=COUNTIF(D2:D5,">250")', 2),
    "H7": ('=_xlfn.XLOOKUP("Search",A2:A5,B2:B5)', 4000),
    "H8": ("=CTR(SUM(D2:D5),SUM(E2:E5))", 1450 / 60000),
    "H9": ("=SUM(Campaigns[revenue])", 21000),
    "H10": ("=ROMI(H9,25%,SUM(B2:B5))", -0.34375),
}


@pytest.fixture(scope="module")
def marketer_book(tmp_path_factory: pytest.TempPathFactory):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Campaigns"
    for row in ROWS:
        sheet.append(row)
    sheet.add_table(Table(displayName="Campaigns", ref="A1:E5"))
    for cell, (formula, _) in FORMULAS.items():
        sheet[cell] = formula
    path = tmp_path_factory.mktemp("marketer") / "campaigns.xlsx"
    workbook.save(path)
    return path


@pytest.mark.parametrize("cell", FORMULAS)
def test_fast_engine_gives_the_hand_worked_value(marketer_book, cell):
    book = roikit.open(marketer_book)
    book.calculate()
    expected = FORMULAS[cell][1]
    got = book.get(f"Campaigns!{cell}")
    assert got == (pytest.approx(expected) if isinstance(expected, float) else expected)


def test_recalc_verify_lists_the_cells_the_engines_disagree_on(marketer_book, capsys):
    from roikit.cli import main

    assert main(["recalc", str(marketer_book), "--verify", "ironcalc"]) == 0
    err = capsys.readouterr().err
    assert "formula cells differ between the fast and ironcalc engines" in err
    # IronCalc cannot call roikit's functions: ROMI's cells are where they differ
    assert "Campaigns!H3: fast 0.333" in err
    assert "Campaigns!H1:" not in err


def test_inspect_names_the_features_and_what_each_engine_missed(marketer_book, capsys):
    from roikit.cli import main

    assert main(["inspect", str(marketer_book)]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    features = [row[:2] for row in rows if row[:1] == ["(structured"]]
    assert features == [["(structured", "reference)"]]
    assert ["ROMI", "yes", "yes", "NO"] in rows
