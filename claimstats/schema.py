"""The canonical frames: the contract between the stages of claimstats.

Every loader returns exactly these columns, in this order, with these dtypes; every
later stage may rely on them. Times are timezone-aware UTC at microsecond resolution.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from claimstats._time import time_text
from claimstats.errors import ConfigError, DataError, RowProblem

__all__ = [
    "ORDER_COLUMNS",
    "ORDER_EXTRAS",
    "ORDER_STATUSES",
    "OUTAGE_COLUMNS",
    "REFUND_COLUMNS",
    "SEVERITIES",
    "TIME_DTYPE",
    "canonical_frame",
    "empty_orders",
    "empty_outages",
]

#: dtype of every timestamp in a canonical frame
TIME_DTYPE: Final = pd.DatetimeTZDtype(unit="us", tz="UTC")

#: severities an outage may have, from the worst
SEVERITIES: Final = ("outage", "partial", "degraded", "maintenance")

#: statuses an order or payment attempt may have
ORDER_STATUSES: Final = ("completed", "failed", "cancelled", "refunded", "pending")

#: canonical outage columns and their dtypes (before merging into incidents)
OUTAGE_COLUMNS: Final[dict[str, object]] = {
    "incident_id": "str",
    "service": "str",
    "start": TIME_DTYPE,
    "end": TIME_DTYPE,
    "severity": "str",
    "description": "str",
    "source": "str",
}

#: canonical order / transaction columns and their dtypes
ORDER_COLUMNS: Final[dict[str, object]] = {
    "order_id": "str",
    "timestamp": TIME_DTYPE,
    "amount": "float64",
    "currency": "str",
    "channel": "str",
    "status": "str",
    "customer": "str",
}

#: optional order columns, after the canonical ones, present when the source has them:
#: the status exactly as written in the file, the amount refunded (0 when none) and when
#: (missing where not known), and for payment attempts whether the customer's money was
#: taken (missing where not known)
ORDER_EXTRAS: Final[dict[str, object]] = {
    "status_text": "str",
    "refunded_amount": "float64",
    "refunded_at": TIME_DTYPE,
    "funds_deducted": "boolean",
}

#: canonical columns of a refund list: which payment (``order_id``), how much went back
#: (0 when the list does not say) and when (missing when it does not say)
REFUND_COLUMNS: Final[dict[str, object]] = {
    "order_id": "str",
    "refunded_amount": "float64",
    "refunded_at": TIME_DTYPE,
}


def _empty(columns: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})


def empty_outages() -> pd.DataFrame:
    """An outage frame with no rows and the canonical columns.

    Examples
    --------
    >>> list(empty_outages().columns)
    ['incident_id', 'service', 'start', 'end', 'severity', 'description', 'source']
    """
    return _empty(OUTAGE_COLUMNS)


def empty_orders() -> pd.DataFrame:
    """An order frame with no rows and the canonical columns.

    Examples
    --------
    >>> str(empty_orders()["timestamp"].dtype)
    'datetime64[us, UTC]'
    """
    return _empty(ORDER_COLUMNS)


#: how to make each kind of canonical frame, for messages about a frame that is not one
_REMEDIES: Final = {
    "orders": "load them with claimstats.read_orders()",
    "transactions": "read them with claimstats.read_orders()",
    "refunds": "read them with claimstats.read_refunds()",
    "outages": "load them with claimstats.read_outages()",
    "incidents": "pass the output of claimstats.incidents(outages)",
}
_SHOWN = 3


def canonical_frame(frame: pd.DataFrame, times: Sequence[str], what: str) -> pd.DataFrame:
    """A canonical frame however pandas left it, in the canonical dtypes again.

    A frame that went through ordinary pandas steps holds the same instants and values,
    but not always in the same dtypes: ``pd.concat`` and ``+ pd.to_timedelta(...)`` may
    give ``datetime64[ns, UTC]``, ``.dt.as_unit`` any resolution, ``.dt.tz_convert``
    another zone, concatenating frames of several zones Python objects, Arrow-backed
    frames ``timestamp[..][pyarrow]``, and ``astype("category")`` categories. The
    ``times`` become :data:`TIME_DTYPE` (UTC, microseconds; sub-microsecond digits
    dropped) and columns of text categories plain ``str``. Every function that takes a
    canonical frame calls this first; what cannot be converted is refused, saying what is
    actually wrong.

    Parameters
    ----------
    frame
        A canonical frame: orders, outages or incidents. Never modified.
    times
        Its time columns, e.g. ``("timestamp",)`` or ``("start", "end")``.
    what
        What the frame is, for messages: ``"orders"``, ``"transactions"``,
        ``"outages"`` or ``"incidents"``.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself when nothing needs converting, else a shallow copy (same index,
        same ``attrs``) with the converted columns.

    Raises
    ------
    ConfigError
        ``frame`` is not a DataFrame.
    DataError
        A column is missing; or it holds text, numbers or naive times (without a zone),
        or mixes times with and without a zone; or some of its times lie beyond what
        microseconds can hold (each such row named, counted from 1).

    Examples
    --------
    >>> t = pd.to_datetime(["2026-08-04 09:40"]).tz_localize("Asia/Shanghai").as_unit("ns")
    >>> canonical_frame(pd.DataFrame({"timestamp": t}), ["timestamp"], "orders")["timestamp"]
    0   2026-08-04 01:40:00+00:00
    Name: timestamp, dtype: datetime64[us, UTC]
    >>> canonical_frame(pd.DataFrame({"timestamp": ["2026-08-04 09:40"]}), ["timestamp"], "orders")
    Traceback (most recent call last):
    ...
    claimstats.errors.DataError: orders: column 'timestamp' holds text, not times (e.g. '2026-08-04 09:40'); load them with claimstats.read_orders()
    """
    remedy = _REMEDIES.get(what, "load them with claimstats.read_orders() or read_outages()")
    if not isinstance(frame, pd.DataFrame):
        msg = f"the {what} must be a pandas DataFrame, not a {type(frame).__name__}; {remedy}"
        raise ConfigError(msg)
    missing = [c for c in times if c not in frame.columns]
    if missing:
        msg = (
            f"the {what} have no column {', '.join(map(repr, missing))} (they have "
            f"{[str(c) for c in frame.columns]}); {remedy}"
        )
        raise DataError(msg, source=what)
    converted = {}
    for column in times:
        values = frame[column]
        if values.dtype != TIME_DTYPE:
            converted[column] = _utc(values, str(column), what, remedy)
    for column, dtype in frame.dtypes.items():
        text = isinstance(dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(
            dtype.categories.dtype
        )
        if text and column not in converted:
            converted[column] = frame[column].astype("str")
    return frame.assign(**converted) if converted else frame


def _utc(values: pd.Series, column: str, what: str, remedy: str) -> pd.Series:
    """One time column as :data:`TIME_DTYPE`, or a :class:`DataError` saying why not."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        values = values.astype(dtype.categories.dtype)
        dtype = values.dtype
    if isinstance(dtype, pd.ArrowDtype) and pd.api.types.is_datetime64_any_dtype(dtype):
        kind = dtype.pyarrow_dtype
        values = values.astype(
            f"datetime64[{kind.unit}]"
            if kind.tz is None
            else pd.DatetimeTZDtype(kind.unit, kind.tz)
        )
        dtype = values.dtype
    filled = values.dropna()
    if isinstance(dtype, pd.DatetimeTZDtype):
        return _as_microseconds(values.dt.tz_convert("UTC"), column, what)
    if len(filled) == 0:
        return pd.Series(pd.NaT, index=values.index, dtype=TIME_DTYPE, name=values.name)
    sample = ", ".join(repr(_text(v)) for v in filled.iloc[:_SHOWN])
    if pd.api.types.is_datetime64_dtype(dtype):
        reason = (
            f"holds naive times, without a time zone (e.g. {sample}); say the zone they "
            f'were recorded in with .dt.tz_localize("Asia/Shanghai") (for example)'
        )
    elif pd.api.types.is_object_dtype(dtype) and pd.api.types.infer_dtype(filled) == "datetime":
        naive = np.fromiter((v.tzinfo is None for v in filled), dtype=bool, count=len(filled))
        if not naive.any():
            return _as_microseconds(pd.to_datetime(values, utc=True), column, what)
        shown = ", ".join(repr(_text(v)) for v in filled[naive].iloc[:_SHOWN])
        reason = (
            f"mixes times with a time zone and naive ones, without (e.g. {shown}); say the "
            'zone of the naive ones with .dt.tz_localize("Asia/Shanghai") (for example)'
        )
    elif pd.api.types.is_string_dtype(dtype) or pd.api.types.infer_dtype(filled) in (
        "string",
        "mixed",
    ):
        reason = f"holds text, not times (e.g. {sample})"
    elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        reason = (
            f"holds numbers, not times (e.g. {sample}); Unix seconds become times with "
            'pd.to_datetime(values, unit="s", utc=True)'
        )
    else:
        reason = f"holds {dtype} values, not times (e.g. {sample})"
    msg = f"column {column!r} {reason}; {remedy}"
    raise DataError(msg, source=what)


def _as_microseconds(values: pd.Series, column: str, what: str) -> pd.Series:
    """UTC times at microsecond resolution; times beyond it are named by row."""
    try:
        return values.astype(TIME_DTYPE)
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        pass
    per_us = {"s": 10**6, "ms": 10**3}[values.dt.unit]
    ticks = values.dt.tz_localize(None).to_numpy().view(np.int64)
    beyond = (np.abs(ticks) > np.iinfo(np.int64).max // per_us) & values.notna().to_numpy()
    rows = np.flatnonzero(beyond)
    problem = RowProblem(
        column,
        "a time beyond what microseconds hold (years -290308 to 294247), not the time of "
        "an order or an outage; correct it or leave it out",
        (rows + 1).tolist(),
        [_text(v) for v in values.iloc[rows[:_SHOWN]]],
    )
    count = len(rows)
    msg = f"{count} time{'s' if count != 1 else ''} out of range (rows counted from 1):"
    raise DataError(msg, source=what, problems=[problem])


def _text(value: object) -> str:
    """A time or value as text for a message (``repr`` of far-off times would fail)."""
    return time_text(value) if isinstance(value, pd.Timestamp) else str(value)
