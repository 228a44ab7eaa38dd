"""Turn orders into regular time series, and outage windows into bucket coverage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from claimstats._time import utc_timestamp
from claimstats.errors import ConfigError, DataError
from claimstats.schema import ORDER_COLUMNS

__all__ = ["SERIES_COLUMNS", "bucket_orders", "window_coverage"]

#: value columns of :func:`bucket_orders`, after ``bucket`` and the ``by`` column
SERIES_COLUMNS = ("orders", "revenue", "failed", "cancelled", "refunded", "pending")


def _offset(freq: str) -> pd.Timedelta:
    try:
        step = pd.Timedelta(pd.tseries.frequencies.to_offset(freq))
    except (ValueError, TypeError) as exc:
        msg = f"freq={freq!r} is not a fixed bucket size; pass '1h', '30min' or '15min'"
        raise ConfigError(msg) from exc
    if step <= pd.Timedelta(0) or pd.Timedelta("1D") % step != pd.Timedelta(0):
        msg = f"freq={freq!r} must divide a day evenly, e.g. '1h', '30min' or '15min'"
        raise ConfigError(msg)
    return step


def bucket_orders(
    source: Any,
    freq: str = "1h",
    by: str | None = "channel",
    start: object = None,
    end: object = None,
    *,
    tz: str = "UTC",
    status_map: Mapping[str, str] | None = None,
    threads: int | None = None,
    memory_limit: str = "1GB",
) -> pd.DataFrame:
    """Count orders per time bucket on a complete, regular grid, whatever holds them.

    Parameters
    ----------
    source
        A canonical order frame (from :func:`claimstats.read_orders`), counted by
        pandas; a path, a glob or a list of CSV or Parquet files in the generic layout,
        read by an embedded DuckDB in bounded memory; or an ibis table with the
        generic columns on any backend (DuckDB, Spark, BigQuery, Snowflake, ...). The
        same expression runs on every engine; only the small result comes back.
    freq
        Bucket size that divides a day, e.g. ``'1h'`` or ``'15min'``.
    by
        Column to split by (``'channel'`` by default, or ``'merchant_id'``), or
        ``None`` for one series.
    start, end
        Extend or cut the grid (UTC or aware times); by default it spans the orders.
    tz, status_map
        For files and engine tables, as for :func:`claimstats.read_orders`: the zone of
        naive times in files, and extra status words.
    threads, memory_limit
        DuckDB's threads (default: all cores) and memory cap, for files.

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
        No order to count, a file without a generic column, or status words that are
        not known (named, with how to map them).

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
    >>> hourly = bucket_orders("sample_data/orders.csv", tz="Asia/Shanghai")
    >>> len(hourly), int(hourly["orders"].sum())
    (3360, 14751)
    """
    step = _offset(freq)
    if isinstance(source, pd.DataFrame):
        summed, first, last, groups = _pandas_sums(source, step, by)
    else:
        summed, first, last, groups = _engine_sums(
            source, freq, by, tz=tz, status_map=status_map, threads=threads,
            memory_limit=memory_limit,
        )  # fmt: skip
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


def _pandas_sums(orders: pd.DataFrame, step: pd.Timedelta, by: str | None) -> tuple:
    """Sums per bucket (and ``by``), the first and last order time, and the groups."""
    if "timestamp" not in orders.columns or orders["timestamp"].dtype != ORDER_COLUMNS["timestamp"]:
        msg = "orders need a UTC 'timestamp' column; load them with claimstats.read_orders()"
        raise DataError(msg, source="orders")
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


def _engine_sums(source: Any, freq: str, by: str | None, **options: Any) -> tuple:
    """As :func:`_pandas_sums`, from files or an engine table (see :mod:`claimstats.engines`)."""
    from claimstats.engine_sums import bucket_table, checked, run_buckets
    from claimstats.engines import order_table

    keys = [by] if by else []
    table = order_table(source, keep=keys, **options)
    frame = checked(run_buckets(bucket_table(table, freq, keys), keys, source), table)
    summed = frame.drop(columns=["first_second", "last_second"]).set_index(["bucket", *keys])
    if frame.empty:
        return summed, pd.NaT, pd.NaT, []
    first, last = (
        pd.Timestamp(int(seconds), unit="s", tz="UTC").as_unit("us")
        for seconds in (frame["first_second"].min(), frame["last_second"].max())
    )
    groups = sorted(frame[by].unique()) if by else []
    return summed, first, last, groups


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
    step = _offset(freq)
    covered = np.zeros(len(buckets))
    if len(buckets) == 0 or windows.empty:
        return covered
    origin = buckets[0]
    micro = pd.Timedelta(1, "us")
    step_us = step // micro
    left = np.asarray((buckets - origin) // micro, dtype=np.int64)
    right = left + step_us
    # Merge windows first so overlaps do not count twice.
    spans = windows.sort_values("start")
    starts = np.asarray((spans["start"] - origin) // micro, dtype=np.int64)
    ends = np.asarray((spans["end"] - origin) // micro, dtype=np.int64)
    merged: list[list[int]] = []
    for s, e in zip(starts, ends, strict=True):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    for s, e in merged:
        covered += np.clip(np.minimum(right, e) - np.maximum(left, s), 0, None)
    return covered / step_us
