"""What a reader is told besides the file: the kind of data and the layout's settings.

Every reader receives one :class:`ReadOptions`. Most readers use only ``kind``; the
others carry the settings of particular layouts (the decimal mark of amounts, the
component of a status page, the probe rules of a heartbeat log), so one reader
signature serves every format.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["READING_SETTINGS", "ReadOptions"]

#: how a claim's files may be read: the keyword arguments of :func:`claimstats.read_orders`
#: and :func:`claimstats.read_outages` besides the file, ``tz``, ``as_of`` and ``service``
#: (which the claim gives), by file
READING_SETTINGS = {
    "orders": ("format", "columns", "currency", "status_map", "on_error", "decimal", "encoding"),
    "outages": (
        "format", "columns", "on_error", "component", "min_failed", "max_gap", "encoding",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class ReadOptions:
    """Settings passed to every reader.

    Attributes
    ----------
    kind
        ``"outages"`` or ``"orders"``.
    tz
        IANA zone of times written without an offset (already checked), or None.
    encoding
        Text encoding of the file, or None to detect it (UTF-8 with or without a byte
        order mark, UTF-16 with one, GBK/GB18030).
    decimal
        The decimal mark of amounts written as text: ``"."`` or ``","``.
    component
        Status pages: keep only incidents that affect this component (name or id).
    min_failed
        Heartbeat logs: consecutive failed probes that make an outage.
    max_gap
        Heartbeat logs: a longer pause between probes is an *unknown* period; None
        means three times the usual probe interval.
    service
        The name of the service for outage records that do not name one.

    Examples
    --------
    >>> ReadOptions("orders").decimal
    '.'
    """

    kind: str
    tz: str | None = None
    encoding: str | None = None
    decimal: str = "."
    component: str | None = None
    min_failed: int = 2
    max_gap: pd.Timedelta | None = None
    service: str = "unspecified"
