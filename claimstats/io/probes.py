"""Monitor records into outages (placeholder: being written).

Interface used by :func:`claimstats.io.outages.read_outages`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimstats.errors import FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.problems import Problems
from claimstats.io.registry import Fit
from claimstats.io.tables import RawTable
from claimstats.models import Window

__all__ = ["PROBE_ALIASES", "ProbeOutages", "guess_layout", "probe_outages"]

#: canonical probe column -> other headers that mean the same (after normalising)
PROBE_ALIASES: dict[str, tuple[str, ...]] = {
    "time": ("timestamp", "datetime", "checked_at", "date", "时间"),
    "state": ("status", "event", "result", "up", "状态"),
    "service": ("monitor", "component", "name", "服务"),
    "message": ("msg", "reason", "details", "description", "信息"),
}


@dataclass(frozen=True)
class ProbeOutages:
    """Outages built from a monitor's records.

    Attributes
    ----------
    frame
        Canonical outage frame (:data:`claimstats.schema.OUTAGE_COLUMNS`), one row per
        outage, in time order.
    used
        For each raw row, True when it went into the intervals (False for bad rows).
    unknown
        Periods the log cannot tell up or down (probing stopped for too long).
    """

    frame: pd.DataFrame
    used: np.ndarray
    unknown: list[Window]


def guess_layout(
    table: RawTable, columns: Mapping[str, str] | None
) -> tuple[str | None, str]:
    """``("events" | "heartbeat", why)`` when the table is a monitor log, else ``(None, why not)``."""
    return None, "reader not written yet"


def probe_outages(
    table: RawTable,
    layout: str,
    options: ReadOptions,
    columns: Mapping[str, str] | None,
    problems: Problems,
    cutoff: pd.Timestamp,
    source_name: str,
) -> ProbeOutages:
    """Validate the records (problems go to ``problems``) and build outages from the good ones."""
    raise FormatError("probe logs: reader not written yet")
