"""Orders per bucket where they lie: big files through DuckDB, tables on any ibis engine.

The same counts as :func:`claimstats.bucket_orders` gives for a frame, for orders that
are too many to load (CSV or Parquet files, globs) or that live on an engine (Spark,
BigQuery, Snowflake, ...): the aggregation runs on the engine and only the small
result comes back (:mod:`claimstats.engines.sums`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from claimstats.engines.sums import bucket_table, checked, run_buckets
from claimstats.engines.tables import EngineSettings, order_table
from claimstats.series import on_grid

__all__ = ["bucket_orders"]


def bucket_orders(
    source: Any,
    freq: str = "1h",
    by: str | None = "channel",
    start: object = None,
    end: object = None,
    *,
    engine: EngineSettings | None = None,
) -> pd.DataFrame:
    """Count orders per time bucket on a complete, regular grid, on the engine holding them.

    Parameters
    ----------
    source
        A path, a glob or a list of CSV or Parquet files in the generic layout, read by
        an embedded DuckDB in bounded memory; an ibis table with the generic columns on
        any backend; or a canonical order frame, run by DuckDB.
    freq, by, start, end
        As for :func:`claimstats.bucket_orders`.
    engine
        How files are read (:class:`~claimstats.engines.EngineSettings`: the zone of
        naive times, extra status words, DuckDB's threads and memory cap).

    Returns
    -------
    pandas.DataFrame
        The frame :func:`claimstats.bucket_orders` gives.

    Raises
    ------
    DataError
        No order to count, a file without a generic column, or status words that are
        not known (named, with how to map them).

    Examples
    --------
    >>> hourly = bucket_orders("sample_data/orders.csv", engine=EngineSettings(tz="Asia/Shanghai"))
    >>> len(hourly), int(hourly["orders"].sum())
    (3360, 14751)
    """
    keys = [by] if by else []
    table = order_table(source, engine, keep=keys)
    frame = checked(run_buckets(bucket_table(table, freq, keys), keys, source), table)
    summed = frame.drop(columns=["first_second", "last_second"]).set_index(["bucket", *keys])
    if frame.empty:
        span = (pd.NaT, pd.NaT)
    else:
        span = tuple(
            pd.Timestamp(int(seconds), unit="s", tz="UTC").as_unit("us")
            for seconds in (frame["first_second"].min(), frame["last_second"].max())
        )
    groups = sorted(frame[by].unique()) if by and not frame.empty else []
    return on_grid(summed, span, groups, freq, by, start=start, end=end)
