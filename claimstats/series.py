"""Turn orders into regular time series, and outage windows into bucket coverage."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from claimstats._time import bucket_size, utc_timestamp, zone
from claimstats.errors import ConfigError, DataError
from claimstats.models import AttemptHour, Window
from claimstats.schema import canonical_frame

__all__ = [
    "SERIES_COLUMNS",
    "attempts_by_hour",
    "bucket_orders",
    "interval_coverage",
    "on_grid",
    "window_coverage",
]

#: value columns of :func:`bucket_orders`, after ``bucket`` and the ``by`` column
SERIES_COLUMNS = ("orders", "revenue", "failed", "cancelled", "refunded", "pending")


def bucket_orders(
    orders: pd.DataFrame,
    freq: str = "1h",
    by: str | None = "channel",
    start: object = None,
    end: object = None,
) -> pd.DataFrame:
    """Count orders per time bucket on a complete, regular grid.

    Parameters
    ----------
    orders
        A canonical order frame (from :func:`claimstats.read_orders`; its times in any
        resolution or zone, see :func:`claimstats.schema.canonical_frame`). Files too large to
        load, and tables on an engine (DuckDB, Spark, BigQuery, ...), are counted where
        they lie by :func:`claimstats.engines.bucket_orders`, into the same frame.
    freq
        Bucket size that divides a day, e.g. ``'1h'`` or ``'15min'``.
    by
        Column to split by (``'channel'`` by default, or ``'merchant_id'``), or
        ``None`` for one series.
    start, end
        Extend or cut the grid (UTC or aware times); by default it spans the orders.

    Returns
    -------
    pandas.DataFrame
        ``bucket`` (UTC start of the bucket), the ``by`` column, then ``orders`` and
        ``revenue`` of completed orders and the counts of ``failed``, ``cancelled``,
        ``refunded`` and ``pending`` attempts. Every bucket of the grid is present for
        every group; empty buckets hold zeros.

    Raises
    ------
    DataError
        No order to count, or orders whose ``timestamp`` is missing or holds no aware
        times (text, numbers, naive times: the message says which).
    ConfigError
        ``orders`` is not a frame (a path or an engine table: see above), or ``by`` is
        not one of its columns.

    Examples
    --------
    >>> import pandas as pd
    >>> from claimstats.schema import empty_orders
    >>> orders = pd.concat([empty_orders(), pd.DataFrame({
    ...     "order_id": ["1", "2"], "amount": [10.0, 20.0], "currency": ["CNY"] * 2,
    ...     "channel": ["web"] * 2, "status": ["completed"] * 2,
    ...     "timestamp": pd.to_datetime(["2026-08-04 01:10", "2026-08-04 03:20"], utc=True)})])
    >>> bucket_orders(orders)["orders"].tolist()
    [1, 0, 1]
    """
    if not isinstance(orders, pd.DataFrame):
        msg = (
            f"bucket_orders counts a frame of orders, not a {type(orders).__name__}; count "
            "files or an engine table where they lie with claimstats.engines.bucket_orders "
            "(pip install 'claimstats[engines]')"
        )
        raise ConfigError(msg)
    step = bucket_size(freq)
    orders = canonical_frame(orders, ("timestamp",), "orders")
    summed, first, last, groups = _sums(orders, step, by)
    return on_grid(summed, (first, last), groups, freq, by, start=start, end=end)


def on_grid(
    summed: pd.DataFrame,
    span: tuple[pd.Timestamp, pd.Timestamp],
    groups: Sequence[str],
    freq: str,
    by: str | None,
    *,
    start: object = None,
    end: object = None,
) -> pd.DataFrame:
    """Sums per bucket (and group) on the complete grid of ``freq`` buckets.

    Parameters
    ----------
    summed
        Sums indexed by ``bucket`` (and ``by``), columns :data:`SERIES_COLUMNS`.
    span
        The first and last order time (UTC): the grid runs from the bucket of the first
        to the bucket of the last.
    groups
        Every value of ``by``, each given the whole grid.
    freq, by
        Bucket size and the column of the groups (None for one series).
    start, end
        Extend or cut the grid (UTC or aware times).

    Raises
    ------
    DataError
        When there is no order to put on a grid.
    """
    step = bucket_size(freq)
    first, last = span
    first = first if start is None else utc_timestamp(start, "start")
    last = last if end is None else utc_timestamp(end, "end") - pd.Timedelta(1, "us")
    if pd.isna(first) or pd.isna(last):
        msg = "there are no orders to put into buckets; check the file and its filters"
        raise DataError(msg, source="orders")
    grid = pd.date_range(first.floor(step), last.floor(step), freq=step, unit="us")
    index = (
        pd.MultiIndex.from_product([grid, groups], names=["bucket", by])
        if by
        else pd.Index(grid, name="bucket")
    )
    full = summed.reindex(index, fill_value=0).reset_index()
    return full.astype({"revenue": "float64"})


def _sums(orders: pd.DataFrame, step: pd.Timedelta, by: str | None) -> tuple:
    """Sums per bucket (and ``by``), the first and last order time, and the groups."""
    if by is not None and by not in orders.columns:
        msg = f"cannot split by {by!r}: the orders have columns {list(orders.columns)}"
        raise ConfigError(msg)
    keys = [by] if by else []
    status = orders["status"]
    completed = status == "completed"
    values = pd.DataFrame(
        {
            "bucket": orders["timestamp"].dt.floor(step),
            **({by: orders[by]} if by else {}),
            "orders": completed.astype("int64"),
            "revenue": orders["amount"].where(completed, 0.0),
            **{name: (status == name).astype("int64") for name in SERIES_COLUMNS[2:]},
        }
    )
    summed = values.groupby(["bucket", *keys], sort=True).sum()
    groups = sorted(orders[by].unique()) if by else []
    return summed, orders["timestamp"].min(), orders["timestamp"].max(), groups


def attempts_by_hour(
    transactions: pd.DataFrame,
    windows: Sequence[Window],
    tz: str,
    channel: str | None = None,
) -> list[AttemptHour]:
    """Payment attempts and failures in each local hour, from the day before the first
    window to the day after the last (every hour present, empty ones as zeros).

    Parameters
    ----------
    transactions
        Payment attempts (:func:`claimstats.read_orders`): ``status`` completed or failed.
    windows
        The failure windows (:attr:`claimstats.models.PaymentAnalysis.windows`).
    tz
        The merchant's zone: the hours and days are local ones.
    channel
        The wallet's channel when the attempts hold several; default all.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from claimstats.datasets import make_sample
    >>> from claimstats.models import Window
    >>> outage = Window(start=datetime(2026, 8, 7, 10, 10, tzinfo=timezone.utc),
    ...                 end=datetime(2026, 8, 7, 12, 25, tzinfo=timezone.utc))
    >>> hours = attempts_by_hour(make_sample(0).wallet_transactions, [outage], "Asia/Shanghai")
    >>> len(hours), hours[0].hour.isoformat(), max(h.failures for h in hours)
    (72, '2026-08-05T16:00:00+00:00', 21)
    """
    if not windows:
        return []
    local = zone(tz)
    first = pd.Timestamp(min(w.start for w in windows)).tz_convert(local).normalize()
    last = pd.Timestamp(max(w.end for w in windows) - pd.Timedelta(1, "us"))
    start = first - pd.Timedelta(days=1)
    end = last.tz_convert(local).normalize() + pd.Timedelta(days=2)
    # from a local midnight, hours an hour apart in absolute time: local hours, DST kept
    span = [
        pd.Timestamp(day.tz_localize(None)).tz_localize(
            local, ambiguous=True, nonexistent="shift_forward"
        )
        for day in (start, end)
    ]
    grid = pd.date_range(*span, freq="1h", inclusive="left").tz_convert("UTC")
    frame = canonical_frame(transactions, ("timestamp",), "transactions")
    mine = frame["channel"] == channel if channel is not None else frame["channel"].notna()
    kept = frame.loc[(mine & frame["status"].isin(["completed", "failed"])).to_numpy()]
    kept = kept.loc[((kept["timestamp"] >= grid[0]) & (kept["timestamp"] < span[1])).to_numpy()]
    slot = grid.searchsorted(kept["timestamp"], side="right") - 1
    attempts = np.bincount(slot, minlength=len(grid))
    failed = (kept["status"] == "failed").to_numpy(dtype=float)
    failures = np.bincount(slot, weights=failed, minlength=len(grid))
    return [
        AttemptHour(hour=hour.to_pydatetime(), attempts=int(a), failures=int(f))
        for hour, a, f in zip(grid, attempts, failures, strict=True)
    ]


def window_coverage(buckets: pd.DatetimeIndex, freq: str, windows: pd.DataFrame) -> np.ndarray:
    """Share of each bucket covered by the union of ``windows`` (``start``/``end`` columns).

    Parameters
    ----------
    buckets
        Bucket starts (UTC), evenly spaced by ``freq``.
    freq
        The bucket size.
    windows
        Intervals with ``start`` and ``end`` (UTC); overlaps are not counted twice.

    Returns
    -------
    numpy.ndarray
        One float in [0, 1] per bucket.

    Examples
    --------
    >>> import pandas as pd
    >>> grid = pd.date_range("2026-08-04", periods=3, freq="1h", tz="UTC")
    >>> w = pd.DataFrame({"start": [pd.Timestamp("2026-08-04 00:30", tz="UTC")],
    ...                   "end": [pd.Timestamp("2026-08-04 01:30", tz="UTC")]})
    >>> window_coverage(grid, "1h", w).tolist()
    [0.5, 0.5, 0.0]
    """
    bucket_size(freq)  # a bad size is refused even without a window
    if len(buckets) == 0 or windows.empty:
        return np.zeros(len(buckets))
    # Merge windows first so overlaps do not count twice.
    spans = windows.sort_values("start")
    merged: list[list[pd.Timestamp]] = []
    for start, end in zip(spans["start"], spans["end"], strict=True):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    union = pd.DataFrame(merged, columns=["start", "end"])
    return interval_coverage(buckets, freq, union).sum(axis=0)


def interval_coverage(buckets: pd.DatetimeIndex, freq: str, windows: pd.DataFrame) -> np.ndarray:
    """Share of each bucket covered by each of ``windows`` on its own: ``(windows, buckets)``.

    Examples
    --------
    >>> import pandas as pd
    >>> grid = pd.date_range("2026-08-04", periods=3, freq="1h", tz="UTC")
    >>> w = pd.DataFrame({"start": pd.to_datetime(["2026-08-04 00:30", "2026-08-04 00:45"], utc=True),
    ...                   "end": pd.to_datetime(["2026-08-04 01:30", "2026-08-04 00:45"], utc=True)})
    >>> interval_coverage(grid, "1h", w).tolist()
    [[0.5, 0.5, 0.0], [0.0, 0.0, 0.0]]
    """
    step = bucket_size(freq)
    if len(buckets) == 0 or windows.empty:
        return np.zeros((len(windows), len(buckets)))
    origin = buckets[0]
    micro = pd.Timedelta(1, "us")
    step_us = step // micro
    left = np.asarray((buckets - origin) // micro, dtype=np.int64)[None, :]
    starts = np.asarray((windows["start"] - origin) // micro, dtype=np.int64)[:, None]
    ends = np.asarray((windows["end"] - origin) // micro, dtype=np.int64)[:, None]
    covered = np.minimum(left + step_us, ends) - np.maximum(left, starts)
    return np.clip(covered, 0, None) / step_us
