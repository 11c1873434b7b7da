"""The CDNOW sample: 2,357 customers of the online music store CDNOW who first bought in the
first quarter of 1997, and every purchase they made to the end of June 1998 (Fader, Hardie &
Lee 2005). Read from the copy the lifetimes package ships (lifetimes 0.11.3, MIT licence; the
data is Fader and Hardie's, published at brucehardie.com), a test-only dependency: columns
master id, customer id, date (yyyymmdd), CDs bought, dollar value."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("scipy")

#: the calibration period of the published analyses: 39 weeks, 1997-01-01 to 1997-09-30
CALIBRATION_END = "1997-09-30"
#: and the 39 weeks of holdout after it
HOLDOUT_END = "1998-06-30"


def cdnow_path() -> Path:
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or spec.origin is None:
        pytest.skip("lifetimes (a dev dependency: make venv) ships the CDNOW sample")
    return Path(spec.origin).parent / "datasets" / "CDNOW_sample.txt"


@pytest.fixture(scope="session")
def cdnow() -> pd.DataFrame:
    """The CDNOW sample as transactions: customer_id, date (yyyymmdd number), amount."""
    raw = pd.read_csv(
        cdnow_path(),
        sep=r"\s+",
        header=None,
        names=["master_id", "customer_id", "date", "cds", "amount"],
    )
    return raw[["customer_id", "date", "amount"]]


@pytest.fixture(scope="session")
def cdnow_fit(cdnow):
    import roikit

    return roikit.clv_fit(cdnow, unit="weeks", calibration_end=CALIBRATION_END)
