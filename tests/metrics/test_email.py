"""Email: delivery, bounce, open, click, click-to-open, unsubscribe, list growth, revenue per email."""

from __future__ import annotations

import pytest

from roikit import (
    MetricError,
    bounce_rate,
    ctor,
    ctr,
    delivery_rate,
    list_growth_rate,
    open_rate,
    revenue_per_email,
    unsubscribe_rate,
)

# A send in Mailchimp's terms: 10,000 sent, 200 bounced, 9,800 delivered, 2,450 unique opens,
# 294 unique clicks, 49 unsubscribes.


def test_delivery_and_bounce_rates_add_up():
    assert delivery_rate(9_800, 10_000) + bounce_rate(200, 10_000) == pytest.approx(1)


def test_open_rate_is_over_delivered():
    assert open_rate(2_450, 9_800) == pytest.approx(0.25)


def test_ctr_is_over_delivered():
    assert ctr(294, 9_800) == pytest.approx(0.03)


def test_ctor_is_clicks_over_opens():
    assert ctor(294, 2_450) == pytest.approx(0.12)


def test_ctr_equals_open_rate_times_ctor():
    assert ctr(294, 9_800) == pytest.approx(open_rate(2_450, 9_800) * ctor(294, 2_450))


def test_unsubscribe_rate():
    assert unsubscribe_rate(49, 9_800) == pytest.approx(0.005)


def test_open_rate_total_opens_above_delivered_asks_for_unique_opens():
    with pytest.raises(MetricError) as info:
        open_rate(12_000, 9_800)
    assert info.value.excel_error == "#NUM!"
    assert "use unique counts, not totals" in str(info.value)


def test_ctor_more_clicks_than_opens_is_num():
    with pytest.raises(MetricError, match=r"clicks \(300\) cannot be more than opens \(200\)"):
        ctor(300, 200)


def test_ctor_no_opens_is_div0():
    with pytest.raises(MetricError, match="opens is 0"):
        ctor(0, 0)


@pytest.mark.parametrize("rate", [delivery_rate, bounce_rate])
def test_rates_over_sent_nothing_sent_is_div0(rate):
    with pytest.raises(MetricError, match="sent is 0"):
        rate(0, 0)


@pytest.mark.parametrize("rate", [open_rate, ctr, unsubscribe_rate, revenue_per_email])
def test_rates_over_delivered_nothing_delivered_is_div0(rate):
    with pytest.raises(MetricError, match="delivered is 0"):
        rate(0, 0)


def test_delivered_more_than_sent_is_num():
    with pytest.raises(MetricError, match="delivered"):
        delivery_rate(10_001, 10_000)


def test_list_growth_rate_can_be_negative():
    assert list_growth_rate(500, 200, 10_000) == pytest.approx(0.03)
    assert list_growth_rate(100, 400, 10_000) == pytest.approx(-0.03)


def test_list_growth_rate_cannot_lose_more_than_there_were():
    with pytest.raises(MetricError, match="lost_subscribers"):
        list_growth_rate(10, 200, 100)


def test_list_growth_rate_empty_list_is_div0():
    with pytest.raises(MetricError, match="list_size is 0"):
        list_growth_rate(10, 0, 0)


def test_revenue_per_email():
    assert revenue_per_email(558_800, 254_000) == pytest.approx(2.2)
