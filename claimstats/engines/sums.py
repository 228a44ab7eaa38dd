"""Orders per bucket on any engine: the one aggregation expression, run and checked.

:func:`bucket_table` turns an order table of :func:`claimstats.engines.order_table` into
counts per bucket (and per ``by`` column): an ibis expression that compiles for DuckDB,
Spark, BigQuery, Snowflake and the others. :func:`run_buckets` runs it and brings the
small result back to pandas; :func:`checked` stops the run, as
:func:`claimstats.read_orders` would, when an order's time, status or amount is in doubt.

The bucket is computed as whole seconds since the epoch, floored, then cut to the
bucket size: an integer compiles the same on every engine and does not depend on an
engine's session time zone (a timestamp result would; Spark gives naive local times).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import pandas as pd

from claimstats._time import bucket_size
from claimstats.engines.tables import engine_errors, require_ibis
from claimstats.errors import DataError
from claimstats.schema import ORDER_STATUSES
from claimstats.series import SERIES_COLUMNS

__all__ = ["bucket_table", "checked", "run_buckets", "unknown_statuses", "window_sums"]


def bucket_table(
    table: Any,
    freq: str = "1h",
    by: Sequence[str] = (),
    windows: Mapping[str, Sequence[tuple[pd.Timestamp, pd.Timestamp]]] | None = None,
    only: Mapping[str, str] | None = None,
) -> Any:
    """The per-bucket aggregation of an order table: one expression for every backend.

    Parameters
    ----------
    table
        An ibis table from :func:`order_table`.
    freq
        Bucket size that divides a day, e.g. ``'1h'`` or ``'15min'``.
    by
        Columns to split by.
    windows
        Named sets of ``[start, end)`` intervals (UTC, whole seconds), e.g. the outage
        windows and the recovery windows: each adds ``<name>_orders`` and
        ``<name>_revenue``, the completed orders whose time falls inside, exactly (not
        by bucket). An order counts in the first set it falls in.
    only
        Count only the rows with these values, e.g. ``{"channel": "whatsapp"}``; the
        first and last times, and the checks of statuses and amounts, still cover all.

    Returns
    -------
    ibis.Table
        ``bucket`` (whole seconds since the epoch, UTC; missing for orders whose time
        is missing), the ``by`` columns, ``orders`` and ``revenue`` of completed orders,
        the counts of failed, cancelled, refunded and pending attempts, ``unknown``
        (rows whose status is not known), ``unpriced`` (completed orders without an
        amount), ``first_second`` and ``last_second`` (the times of the bucket's first
        and last order, seconds since the epoch) and the window sums.

    Examples
    --------
    >>> from claimstats.engines.tables import order_table
    >>> from claimstats.engines import EngineSettings
    >>> table = order_table("sample_data/orders.csv", EngineSettings(tz="Asia/Shanghai"))
    >>> hourly = run_buckets(bucket_table(table, "1h", ["channel"]), ["channel"])
    >>> len(hourly), int(hourly["orders"].sum()), str(hourly["bucket"].iloc[0])
    (2433, 14751, '2026-05-31 16:00:00+00:00')
    """

    ibis = require_ibis()
    seconds = int(bucket_size(freq).total_seconds())
    epoch = _epoch_seconds(table)
    rows = table.mutate(bucket=(epoch // seconds) * seconds, second=epoch)
    status = rows["status"]
    counted = ibis.and_(*(rows[name] == value for name, value in (only or {}).items()))
    completed = (status == "completed") & counted
    sums = {
        "orders": rows.count(where=completed),
        "revenue": rows["amount"].sum(where=completed).fill_null(0.0),
        **{name: rows.count(where=(status == name) & counted) for name in SERIES_COLUMNS[2:]},
        "unknown": rows.count(where=status.isnull()),  # noqa: PD003 (ibis)
        "unpriced": rows.count(where=(status == "completed") & rows["amount"].isnull()),  # noqa: PD003
        "first_second": rows["second"].min(),
        "last_second": rows["second"].max(),
    }
    sums |= _window_aggregates(rows, completed, windows)
    return rows.group_by(["bucket", *by]).aggregate(**sums).order_by(["bucket", *by])


def window_sums(
    table: Any,
    by: Sequence[str],
    windows: Mapping[str, Sequence[tuple[pd.Timestamp, pd.Timestamp]]],
    only: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The completed orders and revenue inside each named set of windows, per ``by`` group.

    What :func:`bucket_table`'s ``windows`` add to each bucket, totalled per group in one
    pass and without the buckets: the small result a claim over many merchants needs
    (a column per set of windows and per merchant, not per merchant and hour).

    Examples
    --------
    >>> from claimstats.engines.tables import order_table
    >>> from claimstats.engines import EngineSettings
    >>> table = order_table("sample_data/orders.csv", EngineSettings(tz="Asia/Shanghai"))
    >>> start, end = pd.Timestamp("2026-08-04 01:40Z"), pd.Timestamp("2026-08-05 04:55Z")
    >>> sums = window_sums(table, ["channel"], {"outage": [(start, end)]})
    >>> sums[["channel", "outage_orders"]].to_numpy().tolist()
    [['website', 69], ['whatsapp', 0]]
    """
    rows = table.mutate(second=_epoch_seconds(table))
    import ibis

    counted = ibis.and_(*(rows[name] == value for name, value in (only or {}).items()))
    completed = (rows["status"] == "completed") & counted
    sums = _window_aggregates(rows, completed, windows)
    expression = rows.group_by(list(by)).aggregate(**sums).order_by(list(by))
    with engine_errors(None):
        return expression.to_pyarrow().to_pandas()


def _window_aggregates(rows: Any, completed: Any, windows: Mapping | None) -> dict[str, Any]:
    """``<name>_orders`` and ``<name>_revenue`` of the completed orders inside each set of
    windows; an order counts in the first set it falls in."""
    sums: dict[str, Any] = {}
    earlier = None
    for name, intervals in (windows or {}).items():
        inside = _inside(rows["second"], intervals)
        if earlier is not None:
            inside, earlier = inside & ~earlier, earlier | inside
        else:
            earlier = inside
        sums[f"{name}_orders"] = rows.count(where=completed & inside)
        sums[f"{name}_revenue"] = rows["amount"].sum(where=completed & inside).fill_null(0.0)
    return sums


def _epoch_seconds(table: Any) -> Any:
    """Whole seconds since the epoch of each order's time, as an integer.

    Portable: ``epoch_seconds`` floored. On DuckDB that goes through a cast to a local
    timestamp (the zone library, about a second per 10 million rows); its own
    ``epoch_us`` gives the same integer several times faster.
    """
    stamp = table["timestamp"]
    from ibis.common.exceptions import IbisError

    try:
        backend = table._find_backend(use_default=False).name
    except IbisError:  # an unbound table (compiled to SQL only): the portable form
        backend = None
    if backend == "duckdb":
        return _duckdb_epoch_us()(stamp) // 1_000_000
    return stamp.epoch_seconds().cast("float64").floor().cast("int64")


@cache
def _duckdb_epoch_us() -> Any:
    """DuckDB's built-in ``epoch_us`` (microseconds since the epoch) as an ibis function."""
    ibis = require_ibis()
    from ibis.expr import datatypes

    def epoch_us(stamp: Any) -> Any:
        """Microseconds since the epoch (run by DuckDB)."""

    signature = ((datatypes.Timestamp(timezone="UTC"),), datatypes.int64)
    return ibis.udf.scalar.builtin(epoch_us, name="epoch_us", signature=signature)


def _inside(second: Any, intervals: Sequence[tuple[pd.Timestamp, pd.Timestamp]]) -> Any:
    """True where a time (whole seconds since the epoch) lies in any ``[start, end)``."""
    import ibis

    conditions = [
        (second >= int(start.timestamp())) & (second < int(end.timestamp()))
        for start, end in intervals
    ]
    return ibis.or_(*conditions) if conditions else ibis.literal(False)


def run_buckets(expression: Any, by: Sequence[str] = (), source: object = None) -> pd.DataFrame:
    """Execute :func:`bucket_table`'s expression and return a pandas frame (UTC buckets).

    Raises
    ------
    DataError
        When the engine cannot read the files (a malformed CSV, a broken Parquet file),
        with the engine's own words.

    Examples
    --------
    See :func:`bucket_table`: only the buckets that hold an order come back;
    :func:`claimstats.engines.bucket_orders` completes the grid.
    """
    import pyarrow as pa

    with engine_errors(source):
        result = expression.to_pyarrow()
    # Types are set on the Arrow side, then each column is handed to pandas and freed:
    # a result of millions of rows (every merchant's hours) is never held three times.
    types = {}
    for name in result.column_names:
        if (
            name == "orders"
            or name.endswith("_orders")
            or name in (*SERIES_COLUMNS[2:], "unknown", "unpriced")
        ):
            types[name] = pa.int64()
        elif name == "revenue" or name.endswith("_revenue"):
            types[name] = pa.float64()
    schema = pa.schema(
        [
            result.schema.field(n).with_type(types.get(n, result.schema.field(n).type))
            for n in result.column_names
        ]
    )
    frame = result.cast(schema).to_pandas(self_destruct=True, split_blocks=True)
    del result
    frame["bucket"] = pd.to_datetime(frame["bucket"], unit="s", utc=True).dt.as_unit("us")
    return frame


def checked(frame: pd.DataFrame, table: Any) -> pd.DataFrame:
    """The buckets of :func:`run_buckets` once no order is in doubt; else a DataError.

    Orders whose time is missing or not valid, whose status is not known, or completed
    orders without an amount would make the counts silently wrong: like
    :func:`claimstats.read_orders`, they stop the run, and the message names examples.

    Examples
    --------
    >>> from claimstats.engines.tables import order_table
    >>> from claimstats.engines import EngineSettings
    >>> table = order_table("sample_data/orders.csv", EngineSettings(tz="Asia/Shanghai"))
    >>> frame = run_buckets(bucket_table(table), source="sample_data/orders.csv")
    >>> sorted(set(frame.columns) - set(checked(frame, table).columns))
    ['unknown', 'unpriced']
    """
    timeless = frame["bucket"].isna()
    if timeless.any():
        with engine_errors(None):
            rows = int(table.filter(table["timestamp"].isnull()).count().to_pyarrow().as_py())  # noqa: PD003
        shown = _examples(table, table["timestamp"].isnull(), "timestamp_text")  # noqa: PD003
        msg = (
            f"column 'timestamp': {rows} orders have a time that is missing, cannot be read, "
            f"or (written without an offset) does not exist or happens twice in the zone "
            f"given (daylight saving): {shown}; correct them or write them with their UTC "
            "offset, e.g. 2026-03-29T02:30:00+01:00"
        )
        raise DataError(msg, source="orders")
    if frame["unknown"].any():
        raise unknown_statuses(table, int(frame["unknown"].sum()))
    if frame["unpriced"].any():
        missing = table["amount"].isnull() & (table["status"] == "completed")  # noqa: PD003
        shown = _examples(table, missing, "order_id")
        msg = (
            f"column 'amount': {int(frame['unpriced'].sum())} completed orders have no amount "
            f"that is a number (orders {shown}); write amounts as plain numbers such as "
            "128.50, without currency signs or thousands separators"
        )
        raise DataError(msg, source="orders")
    return frame.drop(columns=["unknown", "unpriced"])


def _examples(table: Any, where: Any, column: str, shown: int = 5) -> str:
    """Up to ``shown`` distinct values of ``column`` on the rows ``where`` picks, quoted."""
    values = (
        table.filter(where)
        .select(column)
        .distinct()
        .order_by(column)
        .limit(shown)
        .to_pyarrow()
        .column(0)
        .to_pylist()
    )
    return ", ".join(repr(v) for v in values)


def unknown_statuses(table: Any, count: int, shown: int = 5) -> DataError:
    """The error for rows whose status word is not known, naming the first few words.

    Examples
    --------
    >>> import ibis, pandas as pd
    >>> from claimstats.engines.tables import order_table
    >>> rows = pd.DataFrame({"order_id": ["1", "2"], "amount": [1.0, 2.0], "currency": ["CNY"] * 2,
    ...     "channel": ["web"] * 2, "status": ["paid", "on hold"],
    ...     "timestamp": pd.to_datetime(["2026-08-04 01:10"] * 2, utc=True)})
    >>> import pyarrow as pa
    >>> print(unknown_statuses(order_table(ibis.memtable(pa.Table.from_pandas(rows))), 1))
    orders: column 'status': 1 orders have a status that is not known: 'on hold'; say what each means with status_map={"on hold": "completed"} (or failed, cancelled, refunded, pending)
    """
    listed = _examples(table, table["status"].isnull(), "status_text", shown)  # noqa: PD003
    example = listed.split(", ")[0].strip("'") if listed else "word"
    others = ", ".join(s for s in ORDER_STATUSES if s != "completed")
    msg = (
        f"column 'status': {count} orders have a status that is not known: {listed}; say "
        "what each means "
        f'with status_map={{"{example}": "completed"}} (or {others})'
    )
    return DataError(msg, source="orders")
