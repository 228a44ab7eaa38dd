"""A synthetic platform: many merchants hit by one outage, for batch runs and benchmarks.

:func:`make_platform` draws the orders of ``merchants`` shops over ``weeks`` weeks, each
with its own size, a daily and weekly rhythm, a WhatsApp and a website channel, and one
WhatsApp outage that takes no orders for its hours. Every number comes from one seed,
so a run is repeatable; it is fast enough for ten million orders.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["PLATFORM_OUTAGE", "make_platform"]

#: the outage of :func:`make_platform`: Monday of the last week, 10:00 to 14:00 UTC
PLATFORM_OUTAGE = (pd.Timedelta("10h"), pd.Timedelta("14h"))

_DAY = np.array(
    [0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 1.0, 1.3, 1.5, 1.6, 1.7,
     1.8, 1.6, 1.4, 1.3, 1.4, 1.6, 1.9, 2.0, 1.7, 1.2, 0.7, 0.4]
)  # fmt: skip
_WEEK = np.array([1.0, 0.95, 0.95, 1.0, 1.15, 1.3, 1.1])


def make_platform(
    merchants: int = 100,
    weeks: int = 13,
    orders_per_week: float = 77.0,
    start: str = "2026-05-04",
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Orders of many merchants and the outage they share.

    Parameters
    ----------
    merchants
        How many shops (``merchant_id`` ``M00001`` ...).
    weeks
        Weeks of orders, starting on Monday ``start`` (UTC); the outage falls on the
        Monday of the last week.
    orders_per_week
        Average orders of a shop in a week; shop sizes vary around it (log-normal).
    start
        First day.
    seed
        Seed of every draw.

    Returns
    -------
    tuple
        The orders in the generic layout (``order_id``, ``timestamp`` in UTC,
        ``amount``, ``currency``, ``channel``, ``status``, ``merchant_id``), sorted by
        time, and the outage as a frame of ``start``/``end``.

    Examples
    --------
    >>> orders, outage = make_platform(merchants=3, weeks=4, seed=1)
    >>> len(orders), sorted(orders["merchant_id"].unique()), str(outage["start"].iloc[0])
    (1052, ['M00001', 'M00002', 'M00003'], '2026-05-25 10:00:00+00:00')
    """
    rng = np.random.default_rng(seed)
    hours = weeks * 7 * 24
    first = pd.Timestamp(start, tz="UTC")
    begin, end = (first + pd.Timedelta(days=7 * (weeks - 1)) + at for at in PLATFORM_OUTAGE)
    hour = np.arange(hours)
    rhythm = _DAY[hour % 24] * _WEEK[(hour // 24) % 7]
    rhythm = rhythm / rhythm.mean() / 168.0
    size = orders_per_week * rng.lognormal(-0.125, 0.5, merchants)
    whatsapp = rng.uniform(0.5, 0.8, merchants)
    down = slice(*(int((at - first) / pd.Timedelta("1h")) for at in (begin, end)))
    parts = []
    for channel, share in (("whatsapp", whatsapp), ("website", 1 - whatsapp)):
        rate = (size * share)[:, None] * rhythm[None, :]
        counts = rng.poisson(rate)
        if channel == "whatsapp":
            counts[:, down] = 0
        merchant, slot = np.nonzero(counts)
        repeat = counts[merchant, slot]
        parts.append((np.repeat(merchant, repeat), np.repeat(slot, repeat), channel))
    merchant = np.concatenate([p[0] for p in parts])
    slot = np.concatenate([p[1] for p in parts])
    channel = np.concatenate([np.full(len(p[0]), p[2]) for p in parts])
    seconds = slot * 3600 + rng.integers(0, 3600, len(slot))
    order = np.argsort(seconds, kind="stable")
    merchant, seconds, channel = merchant[order], seconds[order], channel[order]
    count = len(seconds)
    status = rng.choice(
        np.array(["completed", "failed", "refunded", "cancelled"]),
        count,
        p=[0.93, 0.03, 0.02, 0.02],
    )
    orders = pd.DataFrame(
        {
            "order_id": pd.Series(np.arange(1, count + 1)).map("P{:09d}".format).astype(str),
            "timestamp": (first + pd.to_timedelta(seconds, unit="s")).as_unit("us"),
            "amount": np.round(rng.gamma(4.0, 30.0, count), 2),
            "currency": "CNY",
            "channel": pd.Series(channel).astype(str),
            "status": pd.Series(status).astype(str),
            "merchant_id": pd.Series(merchant + 1).map("M{:05d}".format).astype(str),
        }
    )
    outage = pd.DataFrame({"start": [begin], "end": [end]})
    return orders, outage
