"""From a monitor's records in time order to outages and periods nobody was watching.

The records are already validated (:mod:`claimstats.io.probes` reads and checks them);
here each record is one of four kinds: a successful probe or *up* event, a failed probe
or *down* event, an *unknown* state (monitoring paused, maintenance), and a *resume*
marker (monitoring started again, no verdict). Per service, in time order (ties keep
file order):

- **Runs** are maximal sequences of down records, broken by any up or unknown record
  and, in a heartbeat log, by a gap in probing. Resume markers neither break nor extend
  a run.
- **Up/down events**: every run is an outage from its first down record to the next
  record; the next record is an up event (the end) or an unknown state (the outage
  ends there, and the description says the end is uncertain); none leaves it open.
- **Heartbeat logs**: a run of at least ``min_failed`` failed probes is an outage from
  the first failed probe; a shorter run is a blip and not an outage. It ends at the
  next successful probe. A pause in probing longer than ``max_gap`` (default: three
  times the service's median probe interval) is an unknown period from the last probe
  before it to the first after it; a run interrupted by it ends at its last failed
  probe, where the unknown period begins (the description says so), and failing after
  the gap starts a new run. Maintenance or pause records end a run the same way.
- **Unknown periods**: each gap, and each stretch of unknown-state records from the
  first of them to the next record of another kind (or to ``cutoff`` when the log
  stops there), merged per service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from claimstats.models import Window
from claimstats.schema import OUTAGE_COLUMNS

__all__ = ["DOWN", "RESUME", "UNKNOWN", "UP", "MonitorRecords", "monitor_outages"]

#: kinds of record
DOWN: Final = 0
UP: Final = 1
UNKNOWN: Final = 2
RESUME: Final = 3

#: how a run of down records ends
_OPEN, _UP, _PAUSED, _GAP = 0, 1, 2, 3

_US = pd.Timedelta(1, "us")


@dataclass(frozen=True)
class MonitorRecords:
    """Valid monitor records, in file order (arrays of the same length).

    Attributes
    ----------
    time
        UTC times as integer microseconds since 1970.
    kind
        :data:`DOWN`, :data:`UP`, :data:`UNKNOWN` or :data:`RESUME`.
    service
        Service (monitor) name of each record.
    line
        Line number of each record in the file.
    message
        Message of each record (None where blank).
    """

    time: np.ndarray
    kind: np.ndarray
    service: np.ndarray
    line: np.ndarray
    message: np.ndarray


def _stamp(micros: int) -> pd.Timestamp:
    return pd.Timestamp(np.datetime64(int(micros), "us")).tz_localize("UTC")


def _times(micros: np.ndarray, missing: np.ndarray | None = None) -> pd.Series:
    """Integer microseconds as UTC times (NaT where ``missing``), at any date."""
    stamps = np.asarray(micros, dtype=np.int64).view("datetime64[us]").copy()
    if missing is not None:
        stamps[missing] = np.datetime64("NaT")
    return pd.Series(stamps).dt.tz_localize("UTC")


def _when(micros: int) -> str:
    stamp = _stamp(micros)
    exact = stamp.second or stamp.microsecond
    return stamp.strftime("%Y-%m-%d %H:%M:%S UTC" if exact else "%Y-%m-%d %H:%M UTC")


def _span(micros: int) -> str:
    minutes, seconds = divmod(int(micros) // 1_000_000, 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    parts.append(f"{seconds} s" if seconds or not any(parts) else "")
    return " ".join(p for p in parts if p)


def _same_service(svc: np.ndarray) -> np.ndarray:
    """True for each record of the same service as the one before it (sorted input)."""
    same = np.zeros(len(svc), dtype=bool)
    same[1:] = svc[1:] == svc[:-1]
    return same


def _thresholds(
    layout: str, max_gap: pd.Timedelta | None, svc: np.ndarray, diff: np.ndarray, same: np.ndarray
) -> np.ndarray:
    """Longest normal pause between records, per service code (microseconds)."""
    services = int(svc.max()) + 1 if len(svc) else 0
    if layout != "heartbeat":
        return np.full(services, np.inf)
    if max_gap is not None:
        return np.full(services, max_gap / _US)
    positive = same & (diff > 0)
    medians = pd.Series(diff[positive]).groupby(svc[positive]).median()
    limit = np.full(services, np.inf)
    limit[medians.index.to_numpy()] = 3 * medians.to_numpy()
    return limit


def _unknown_stretches(
    time: np.ndarray, kind: np.ndarray, svc: np.ndarray, cutoff: int
) -> tuple[np.ndarray, ...]:
    """Start, end and service of each stretch of unknown-state records (sorted input)."""
    n = len(time)
    unknown = kind == UNKNOWN
    first = unknown & ~(_same_service(svc) & np.roll(unknown, 1))
    known_at = np.where(unknown, n, np.arange(n))
    next_known = np.minimum.accumulate(known_at[::-1])[::-1]
    starts = np.flatnonzero(first)
    nxt = next_known[starts]
    inside = nxt < n
    inside[inside] = svc[nxt[inside]] == svc[starts[inside]]
    ends = np.where(inside, time[np.minimum(nxt, n - 1)], cutoff)
    return time[starts], ends, svc[starts]


def _merge(starts: np.ndarray, ends: np.ndarray, svc: np.ndarray, names: pd.Index) -> list[Window]:
    """Merge overlapping or touching windows per service; one list in time order."""
    keep = ends > starts
    frame = pd.DataFrame({"svc": svc[keep], "start": starts[keep], "end": ends[keep]})
    frame = frame.sort_values(["svc", "start"], kind="stable")
    running = frame.groupby("svc")["end"].cummax()
    previous = running.groupby(frame["svc"]).shift(1)
    group = (previous.isna() | (frame["start"] > previous)).cumsum()
    merged = frame.groupby(group).agg(
        start=("start", "min"), end=("end", "max"), svc=("svc", "first")
    )
    merged = merged.drop_duplicates().sort_values(["start", "end", "svc"], kind="stable")
    return [
        Window(start=_stamp(s).to_pydatetime(), end=_stamp(e).to_pydatetime(), service=names[c])
        for s, e, c in zip(
            merged["start"].tolist(), merged["end"].tolist(), merged["svc"].tolist(), strict=True
        )
    ]


def _describe(
    layout: str,
    count: int,
    first: int,
    last: int,
    line: int,
    message: object,
    how: int,
    next_time: int,
    next_line: int,
) -> str:
    """How an outage was derived from the records, in one sentence."""
    if layout == "heartbeat":
        noun = "failed probe" if count == 1 else "failed probes"
        text = f"{count} {noun} from {_when(first)} to {_when(last)} (first on line {line})"
    else:
        more = f", {count} down records" if count > 1 else ""
        text = f"monitor reported down at {_when(first)} (line {line}{more})"
    if how == _UP:
        text += f"; up again at {_when(next_time)} (line {next_line})"
    elif how == _PAUSED:
        text += (
            f"; monitoring paused or in maintenance from {_when(next_time)} (line "
            f"{next_line}): the end is uncertain"
        )
    elif how == _GAP:
        text += (
            f"; then no probe for {_span(next_time - last)} until {_when(next_time)}: the "
            "outage ends at the last failed probe, its true end is unknown"
        )
    else:
        text += "; still down at the end of the log (open)"
    if message is not None:
        words = " ".join(str(message).split())
        text += f"; first message: {words[:117] + '...' if len(words) > 120 else words}"
    return text


def monitor_outages(
    records: MonitorRecords,
    layout: str,
    *,
    min_failed: int,
    max_gap: pd.Timedelta | None,
    cutoff: pd.Timestamp,
    source_name: str,
) -> tuple[pd.DataFrame, list[Window]]:
    """Outages and unknown periods of a monitor's records (see the module's rules).

    Parameters
    ----------
    records
        Valid records, in any order.
    layout
        ``"events"`` (one record per change) or ``"heartbeat"`` (one per probe).
    min_failed
        Heartbeat logs: failed probes in a row that make an outage.
    max_gap
        Heartbeat logs: longest normal pause between probes; None for three times the
        service's median interval. Ignored for events.
    cutoff
        End of an unknown period that the log never closes (the ``as_of`` time).
    source_name
        The ``source`` of every outage.

    Returns
    -------
    tuple
        The canonical outage frame, in time order, and the unknown periods (merged
        per service, in time order).

    Examples
    --------
    >>> t = pd.to_datetime(["2026-08-04 01:40", "2026-08-04 01:41", "2026-08-04 01:42",
    ...                     "2026-08-04 01:43"]).as_unit("us").asi8
    >>> rec = MonitorRecords(t, np.array([UP, DOWN, DOWN, UP]), np.array(["web"] * 4),
    ...                      np.array([2, 3, 4, 5]), np.array([None, "HTTP 503", None, None]))
    >>> out, unknown = monitor_outages(rec, "heartbeat", min_failed=2, max_gap=None,
    ...                                cutoff=pd.Timestamp("2026-09-01", tz="UTC"),
    ...                                source_name="probes.csv")
    >>> out.loc[0, ["incident_id", "start", "end"]].tolist()
    ['H3', Timestamp('2026-08-04 01:41:00+0000', tz='UTC'), Timestamp('2026-08-04 01:43:00+0000', tz='UTC')]
    >>> out.loc[0, "description"]
    '2 failed probes from 2026-08-04 01:41 UTC to 2026-08-04 01:42 UTC (first on line 3); up again at 2026-08-04 01:43 UTC (line 5); first message: HTTP 503'
    >>> unknown
    []
    """
    codes, names = pd.factorize(pd.Series(records.service, dtype="str"), sort=False)
    order = np.lexsort((records.time, codes))
    time, kind, svc = records.time[order], records.kind[order], codes[order]
    line, message = records.line[order], records.message[order]
    cutoff_us = int(cutoff.as_unit("us").asm8.view(np.int64))

    unknown_start, unknown_end, unknown_svc = _unknown_stretches(time, kind, svc, cutoff_us)

    # runs over the records that carry a verdict or an unknown state (not resume markers)
    keep = kind != RESUME
    time, kind, svc, line, message = time[keep], kind[keep], svc[keep], line[keep], message[keep]
    n, same = len(time), _same_service(svc)
    diff = np.zeros(n, dtype=np.int64)
    diff[1:] = time[1:] - time[:-1]
    limit = _thresholds(layout, max_gap, svc, diff, same)
    gap = same & (diff > limit[svc])
    down = kind == DOWN
    continues = np.zeros(n, dtype=bool)
    continues[1:] = down[:-1]
    run_start = down & ~(same & continues & ~gap)
    run = np.cumsum(run_start) - 1
    firsts = np.flatnonzero(run_start)
    counts = np.bincount(run[down], minlength=len(firsts)) if len(firsts) else np.zeros(0, int)
    lasts = firsts + counts - 1
    said = np.flatnonzero(down & pd.notna(message))
    runs_said, first_said = np.unique(run[said], return_index=True)
    first_message = np.full(len(firsts), None, dtype=object)
    first_message[runs_said] = message[said[first_said]]
    wanted = counts >= (min_failed if layout == "heartbeat" else 1)
    firsts, lasts, counts = firsts[wanted], lasts[wanted], counts[wanted]
    first_message = first_message[wanted]

    after = np.minimum(lasts + 1, max(n - 1, 0))
    has_next = (lasts + 1 < n) & same[after]
    by_gap = has_next & gap[after]
    how = np.select(
        [~has_next, by_gap, kind[after] == UP], [_OPEN, _GAP, _UP], default=_PAUSED
    ).astype(int)
    end = np.where(how == _GAP, time[lasts], time[after]).astype(np.int64)
    starts_t = time[firsts]
    prefix = "H" if layout == "heartbeat" else "E"
    descriptions = [
        _describe(layout, *values)
        for values in zip(
            counts.tolist(),
            starts_t.tolist(),
            time[lasts].tolist(),
            line[firsts].tolist(),
            first_message.tolist(),
            how.tolist(),
            time[after].tolist(),
            line[after].tolist(),
            strict=True,
        )
    ]
    frame = pd.DataFrame(
        {
            "incident_id": [f"{prefix}{number}" for number in line[firsts].tolist()],
            "service": names.take(svc[firsts]) if len(firsts) else [],
            "start": _times(starts_t),
            "end": _times(end, how == _OPEN),
            "severity": "outage",
            "description": descriptions,
            "source": source_name,
        }
    ).astype(OUTAGE_COLUMNS)
    frame = frame.sort_values(["start", "service"], kind="stable").reset_index(drop=True)

    gap_rows = np.flatnonzero(gap)
    windows = _merge(
        np.concatenate([unknown_start, time[gap_rows - 1]]),
        np.concatenate([unknown_end, time[gap_rows]]),
        np.concatenate([unknown_svc, svc[gap_rows]]),
        names,
    )
    return frame, windows
