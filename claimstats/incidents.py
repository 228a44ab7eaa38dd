"""Interval algebra for outages: merged incidents, duration tests, timeline.

Overlapping and touching outage intervals of one service are merged into one
incident; an incident still open is closed at ``as_of`` and flagged ``ongoing``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from claimstats._time import duration, format_duration, format_offset, utc_timestamp, zone
from claimstats.errors import ConfigError, DataError
from claimstats.models import IncidentSummary
from claimstats.schema import SEVERITIES, TIME_DTYPE, canonical_frame

__all__ = [
    "INCIDENT_COLUMNS",
    "check_incident_frame",
    "incidents",
    "summarize_incidents",
    "timeline",
]

#: columns of the merged-incident frame returned by :func:`incidents`
INCIDENT_COLUMNS = (
    "service",
    "start",
    "end",
    "duration",
    "severity",
    "ongoing",
    "parts",
    "incident_ids",
    "description",
)


def _check_outages(outages: pd.DataFrame) -> pd.DataFrame:
    """The outages with UTC times (:func:`~claimstats.schema.canonical_frame`), or an error."""
    if not isinstance(outages, pd.DataFrame):
        msg = (
            f"incidents merges a frame of outages, not a {type(outages).__name__}; load "
            "them with claimstats.read_outages()"
        )
        raise ConfigError(msg)
    missing = [c for c in ("service", "start", "end", "severity") if c not in outages.columns]
    if missing:
        msg = (
            f"the outage frame lacks columns {missing}; "
            "load outages with claimstats.read_outages() to get the canonical columns"
        )
        raise DataError(msg, source="outages")
    outages = canonical_frame(outages, ("start", "end"), "outages")
    backwards = (outages["end"] < outages["start"]).to_numpy(dtype=bool, na_value=False)
    if backwards.any():
        ids = outages.get("incident_id", outages.get("incident_ids", pd.Series(dtype=str)))
        named = [str(i) for i in ids[backwards].head(5)] if len(ids) else []
        msg = (
            f"{int(backwards.sum())} outages end before they start ({', '.join(named) or 'rows'}"
            f"); correct their times, or load the outages with claimstats.read_outages(), "
            "which checks them"
        )
        raise DataError(msg, source="outages")
    return outages


def check_incident_frame(inc: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Merged incidents with UTC times, or an error: ``columns`` missing, or ``start`` and
    ``end`` not aware times (see :func:`claimstats.schema.canonical_frame`).

    Examples
    --------
    >>> import pandas as pd
    >>> check_incident_frame(pd.DataFrame({"start": []}), ("start", "end"))
    Traceback (most recent call last):
    claimstats.errors.DataError: incidents: the incident frame lacks columns ['end']; pass the output of claimstats.incidents(outages, as_of=...)
    """
    if not isinstance(inc, pd.DataFrame):
        msg = (
            f"the incidents must be the DataFrame claimstats.incidents(outages) returns, "
            f"not a {type(inc).__name__}"
        )
        raise ConfigError(msg)
    missing = [c for c in columns if c not in inc.columns]
    if missing:
        msg = (
            f"the incident frame lacks columns {missing}; pass the output of "
            "claimstats.incidents(outages, as_of=...)"
        )
        raise DataError(msg, source="incidents")
    return canonical_frame(inc, ("start", "end"), "incidents")


def _close_open(frame: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    open_rows = frame["end"].isna()
    if as_of is None:
        if open_rows.any():
            first = frame.loc[open_rows, "start"].min()
            count = int(open_rows.sum())
            still = "1 outage is" if count == 1 else f"{count} outages are"
            msg = (
                f"{still} still open (the first began {first}); "
                "pass as_of='2026-08-10T10:00+08:00' (the time of the report) to close them"
            )
            raise ConfigError(msg)
        return frame.assign(ongoing=False)
    frame = frame.loc[frame["start"] < as_of]
    runs_on = frame["end"].isna() | (frame["end"] > as_of)
    return frame.assign(end=frame["end"].where(~runs_on, as_of), ongoing=runs_on)


def _merge_one_service(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.sort_values(["start", "end"], kind="stable")
    # A new incident begins where the start lies after every end seen so far.
    running_end = frame["end"].cummax().shift(1)
    group = (frame["start"] > running_end).cumsum()
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    grouped = frame.assign(_rank=frame["severity"].map(rank).fillna(len(SEVERITIES))).groupby(
        group.to_numpy(), sort=True
    )
    merged = pd.DataFrame(
        {
            "service": grouped["service"].first(),
            "start": grouped["start"].min(),
            "end": grouped["end"].max(),
            "severity": grouped["_rank"].min().map(lambda r: SEVERITIES[min(int(r), 3)]),
            "ongoing": grouped["ongoing"].any(),
            "parts": grouped.size(),
            "incident_ids": grouped["incident_id"].agg(", ".join),
            "description": grouped["description"].agg(
                lambda texts: " | ".join(dict.fromkeys(t for t in texts.dropna() if t))
            ),
        }
    )
    return merged


def incidents(
    outages: pd.DataFrame,
    as_of: object = None,
    service: str | None = None,
) -> pd.DataFrame:
    """Merge overlapping and touching outages into incidents, per service.

    Parameters
    ----------
    outages
        A canonical outage frame (from :func:`claimstats.read_outages`).
    as_of
        Time of the report (aware, e.g. ``'2026-08-10T10:00+08:00'``). Open outages are
        closed here and flagged ``ongoing``; outages starting later are left out. Needed
        only when an outage is still open.
    service
        Keep only this service (exact name). ``None`` keeps all.

    Returns
    -------
    pandas.DataFrame
        One row per incident, sorted by service and start, with columns
        ``service, start, end, duration, severity, ongoing, parts, incident_ids,
        description``; ``duration`` is a Timedelta, ``severity`` the worst merged.

    Examples
    --------
    >>> import pandas as pd
    >>> from claimstats.schema import empty_outages
    >>> t = lambda s: pd.Timestamp(s, tz="UTC")
    >>> raw = pd.concat([empty_outages(), pd.DataFrame({
    ...     "incident_id": ["a", "b"], "service": ["WhatsApp Web"] * 2,
    ...     "start": [t("2026-08-04 01:40"), t("2026-08-04 20:00")],
    ...     "end": [t("2026-08-04 20:00"), t("2026-08-05 04:55")],
    ...     "severity": ["outage"] * 2, "description": ["", ""], "source": ["x", "x"]})])
    >>> inc = incidents(raw)
    >>> len(inc), str(inc.loc[0, "duration"])
    (1, '1 days 03:15:00')
    """
    outages = _check_outages(outages)
    frame = outages
    if "incident_id" not in frame.columns and "incident_ids" in frame.columns:
        # Incidents passed back in: merging them again changes nothing.
        frame = frame.rename(columns={"incident_ids": "incident_id"})
    if service is not None:
        frame = frame.loc[frame["service"] == service]
        if frame.empty and not outages.empty:
            known = sorted(outages["service"].unique())
            msg = f"no outage of service {service!r}; the outages name {known}"
            raise ConfigError(msg)
    cutoff = None if as_of is None else utc_timestamp(as_of, "as_of")
    frame = _close_open(frame, cutoff)
    if frame.empty:
        empty = {c: pd.Series([], dtype=d) for c, d in _INCIDENT_DTYPES.items()}
        return pd.DataFrame(empty)
    merged = pd.concat(
        [_merge_one_service(part) for _, part in frame.groupby("service", sort=True)],
        ignore_index=True,
    )
    merged["duration"] = merged["end"] - merged["start"]
    return merged.loc[:, list(INCIDENT_COLUMNS)].astype(_INCIDENT_DTYPES)


_INCIDENT_DTYPES: dict[str, object] = {
    "service": "str",
    "start": TIME_DTYPE,
    "end": TIME_DTYPE,
    "duration": "timedelta64[us]",
    "severity": "str",
    "ongoing": "bool",
    "parts": "int64",
    "incident_ids": "str",
    "description": "str",
}


def summarize_incidents(
    inc: pd.DataFrame,
    threshold: object = "24h",
    window: object = "7D",
    recurrence_min: int = 3,
) -> IncidentSummary:
    """The duration tests a claim is judged by.

    Parameters
    ----------
    inc
        Merged incidents from :func:`incidents`.
    threshold
        A continuous interruption longer than this passes the duration test.
    window
        Recurrence window: interruptions starting within one such window are counted.
    recurrence_min
        How many interruptions in one window count as frequent.

    Returns
    -------
    IncidentSummary

    Examples
    --------
    >>> import pandas as pd
    >>> from claimstats.incidents import incidents
    >>> from claimstats.schema import empty_outages
    >>> s = summarize_incidents(incidents(empty_outages()))
    >>> s.interruptions, s.passed_threshold
    (0, False)
    """
    inc = check_incident_frame(inc, ("service", "start", "end", "duration", "ongoing"))
    threshold_delta = duration(threshold, "threshold")
    window_delta = duration(window, "window")
    if recurrence_min < 1:
        msg = f"recurrence_min={recurrence_min} must be 1 or more"
        raise ConfigError(msg)
    services = inc["service"].unique()
    starts = np.sort(inc["start"].dt.tz_localize(None).to_numpy())
    in_window = np.searchsorted(starts, starts + window_delta.to_timedelta64(), side="left")
    counts = in_window - np.arange(len(starts))
    longest = inc["duration"].max() if len(inc) else pd.Timedelta(0)
    most = int(counts.max()) if len(counts) else 0
    return IncidentSummary(
        service=str(services[0]) if len(services) == 1 else None,
        interruptions=len(inc),
        first_start=inc["start"].min() if len(inc) else None,
        last_end=inc["end"].max() if len(inc) else None,
        longest=longest,
        total_downtime=inc["duration"].sum() if len(inc) else pd.Timedelta(0),
        threshold=threshold_delta,
        passed_threshold=bool(longest > threshold_delta),
        window=window_delta,
        max_interruptions_in_window=most,
        recurrence_min=recurrence_min,
        recurrent=most >= recurrence_min,
        ongoing=bool(inc["ongoing"].any()),
    )


def timeline(inc: pd.DataFrame, tz: str) -> pd.DataFrame:
    """The incidents as a table to the minute, in local time with offset and in UTC.

    Parameters
    ----------
    inc
        Merged incidents from :func:`incidents`.
    tz
        The claimant's IANA time zone, e.g. ``'Asia/Shanghai'``.

    Returns
    -------
    pandas.DataFrame
        Columns ``number, service, start_local, end_local, start_utc, end_utc,
        duration, duration_text, severity, ongoing``; times are strings to the minute
        such as ``'2026-08-04 09:40 (UTC+08:00)'``.

    Examples
    --------
    >>> from claimstats.schema import empty_outages
    >>> list(timeline(incidents(empty_outages()), "Asia/Shanghai").columns)[:3]
    ['number', 'service', 'start_local']
    """
    local_zone = zone(tz)
    inc = check_incident_frame(inc, ("service", "start", "end", "duration"))

    def local(stamps: pd.Series) -> list[str]:
        return [
            f"{s.tz_convert(local_zone):%Y-%m-%d %H:%M} ({format_offset(s.tz_convert(local_zone))})"
            for s in stamps
        ]

    def utc(stamps: pd.Series) -> list[str]:
        return [f"{s:%Y-%m-%d %H:%M} UTC" for s in stamps]

    ordered = inc.sort_values("start", kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "number": np.arange(1, len(ordered) + 1),
            "service": ordered["service"],
            "start_local": pd.Series(local(ordered["start"]), dtype="str"),
            "end_local": pd.Series(local(ordered["end"]), dtype="str"),
            "start_utc": pd.Series(utc(ordered["start"]), dtype="str"),
            "end_utc": pd.Series(utc(ordered["end"]), dtype="str"),
            "duration": ordered["duration"],
            "duration_text": pd.Series(
                [format_duration(d) for d in ordered["duration"]], dtype="str"
            ),
            "severity": ordered["severity"],
            "ongoing": ordered["ongoing"],
        }
    )
