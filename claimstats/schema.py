"""The canonical frames: the contract between the stages of claimstats.

Every loader returns exactly these columns, in this order, with these dtypes; every
later stage may rely on them. Times are timezone-aware UTC at microsecond resolution.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

__all__ = [
    "ORDER_COLUMNS",
    "ORDER_EXTRAS",
    "ORDER_STATUSES",
    "OUTAGE_COLUMNS",
    "SEVERITIES",
    "TIME_DTYPE",
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
#: the status exactly as written in the file, the amount refunded (0 when none), and for
#: payment attempts whether the customer's money was taken (missing where not known)
ORDER_EXTRAS: Final[dict[str, object]] = {
    "status_text": "str",
    "refunded_amount": "float64",
    "funds_deducted": "boolean",
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
