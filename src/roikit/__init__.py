"""roikit: marketing ROI, ROMI, CAC, CLV, funnel, email and A/B-test metrics as spreadsheet functions.

>>> import roikit
>>> roikit.romi(558800, 0.25, [13500, 50000])
1.2
"""

from roikit.errors import MetricError
from roikit.metrics import *  # noqa: F403
from roikit.metrics import __all__ as _metric_names

__version__ = "0.1.0"
__all__ = ["MetricError", *_metric_names]
