"""``make demo``: the worked email month, computed through the Python API and printed."""

from __future__ import annotations

import roikit

MONTH = {"revenue": 558_800.0, "margin": 0.25, "costs": [13_500.0, 50_000.0]}


def main() -> None:
    revenue, margin, costs = MONTH["revenue"], MONTH["margin"], MONTH["costs"]
    print("An email-marketing month: revenue 558,800, margin 25 %, costs 13,500 + 50,000")
    print(f"  gross profit       {roikit.gross_profit(revenue, margin):>12,.0f}")
    print(f"  ROMI               {roikit.romi(revenue, margin, costs):>12.0%}")
    print(f"  ROI                {roikit.roi(revenue, costs):>12.0%}")
    print(f"  break-even revenue {roikit.breakeven_revenue(costs, margin):>12,.0f}")


if __name__ == "__main__":
    main()
