"""Email engagement: how many emails arrived, were opened and clicked, and how the list changes.

Rates over delivered emails follow the common definition of the large email platforms
(Mailchimp, Campaign Monitor, HubSpot): delivered = sent − bounces. Opens and clicks are
*unique* opens and clicks; total counts would let one reader count many times.
"""

from __future__ import annotations

from roikit.metrics.checks import at_most, nonzero, share
from roikit.metrics.decorator import metric
from roikit.metrics.kinds import Count, Money

_UNIQUE = "use unique counts, not totals"


@metric
def delivery_rate(delivered: Count, sent: Count) -> float:
    """Delivery rate: the share of sent emails that reached an inbox server.

    Formula: delivery_rate = delivered / sent
    """
    return share(delivered, sent, "delivered", "sent")


@metric
def bounce_rate(bounces: Count, sent: Count) -> float:
    """Bounce rate: the share of sent emails that bounced (hard and soft).

    Formula: bounce_rate = bounces / sent
    """
    return share(bounces, sent, "bounces", "sent")


@metric
def open_rate(opens: Count, delivered: Count) -> float:
    """Open rate: the share of delivered emails opened (unique opens).

    Formula: open_rate = opens / delivered
    """
    return share(opens, delivered, "opens", "delivered", _UNIQUE)


@metric
def ctr(clicks: Count, delivered: Count) -> float:
    """Click-through rate: the share of delivered emails clicked (unique clicks).

    Formula: ctr = clicks / delivered

    Over delivered, as Mailchimp and HubSpot report it; some tools divide by sent instead.
    """
    return share(clicks, delivered, "clicks", "delivered", _UNIQUE)


@metric
def ctor(clicks: Count, opens: Count) -> float:
    """Click-to-open rate: the share of opened emails that were clicked (unique counts).

    Formula: ctor = clicks / opens
    """
    return share(clicks, opens, "clicks", "opens", _UNIQUE)


@metric
def unsubscribe_rate(unsubscribes: Count, delivered: Count) -> float:
    """Unsubscribe rate: the share of delivered emails whose reader unsubscribed.

    Formula: unsubscribe_rate = unsubscribes / delivered
    """
    return share(unsubscribes, delivered, "unsubscribes", "delivered")


@metric
def list_growth_rate(new_subscribers: Count, lost_subscribers: Count, list_size: Count) -> float:
    """List growth rate: net subscribers gained in a period over the list size at its start.

    Formula: list_growth_rate = (new_subscribers − lost_subscribers) / list_size

    Lost subscribers are unsubscribes, complaints and addresses removed after bouncing. The rate
    is negative when the list shrank.
    """
    lost = at_most(
        lost_subscribers,
        list_size + new_subscribers,
        "lost_subscribers",
        "list_size + new_subscribers",
    )
    return (new_subscribers - lost) / nonzero(list_size, "list_size")


@metric
def revenue_per_email(revenue: Money, delivered: Count) -> float:
    """Revenue per email: the revenue a campaign brought per delivered email.

    Formula: revenue_per_email = revenue / delivered
    """
    return revenue / nonzero(delivered, "delivered")
