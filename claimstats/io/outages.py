"""Read outage evidence (one row per reported interruption) into the canonical frame."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Final

import pandas as pd

from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.io.columns import OUTAGE_ALIASES, resolve_columns
from claimstats.io.loader import Loaded, Opened, finish, match, open_table
from claimstats.io.options import ReadOptions
from claimstats.io.probes import guess_layout, in_future, probe_outages
from claimstats.io.problems import check_on_error
from claimstats.io.registry import tried_text
from claimstats.io.statuspage import COMPONENT_SEVERITY, IMPACT_SEVERITY
from claimstats.io.times import check_tz, parse_as_of, parse_times
from claimstats.io.values import map_words, text_or
from claimstats.schema import OUTAGE_COLUMNS, SEVERITIES, TIME_DTYPE

__all__ = ["SEVERITY_SYNONYMS", "read_outages"]

#: words accepted for each severity (matched lower case, spaces and hyphens as ``_``),
#: Statuspage's impact and component status words as its readers map them
SEVERITY_SYNONYMS: Final[dict[str, str]] = {
    **IMPACT_SEVERITY,
    **COMPONENT_SEVERITY,
    **{s: s for s in SEVERITIES},
    **dict.fromkeys(("down", "full", "full_outage", "unavailable"), "outage"),
    **dict.fromkeys(("slow", "performance"), "degraded"),
    **dict.fromkeys(("planned", "scheduled"), "maintenance"),
    **{"中断": "outage", "宕机": "outage", "部分中断": "partial", "降级": "degraded"},
    **{"维护": "maintenance"},
}


def _layout(opened: Opened, columns: Mapping[str, str] | None) -> str:
    """The layout of the rows: the format's own, or for a generic table (CSV, Excel,
    JSON, Parquet, DataFrame), the one its columns fit: intervals, up/down events or a
    heartbeat log."""
    fmt = opened.choice.format
    if fmt.layout != "table" or fmt.sniff is not None:
        return fmt.layout
    found = list(opened.table.frame.columns)
    try:
        resolve_columns(found, OUTAGE_ALIASES, columns, ("start",), opened.source.label)
    except (DataError, ConfigError) as exc:
        interval_why = str(exc).removeprefix(f"{opened.source.label}: ")
        probe_layout, probe_why = guess_layout(opened.table, columns)
        if probe_layout is not None:
            return probe_layout
        tried = (
            *opened.choice.tried,
            ("intervals", interval_why),
            ("events/heartbeat", probe_why),
        )
        msg = (
            f"{opened.source.label}: not a kind of outage list claimstats knows. Tried: "
            f"{tried_text(tried)}. Map your columns with columns= (start/end for intervals, "
            "time/state for monitor records), or pass format= one of the names in "
            "claimstats.io.FORMATS"
        )
        raise FormatError(msg) from exc
    return "table"


def _intervals(loaded: Loaded, tz: str | None, cutoff: pd.Timestamp, service: str) -> pd.DataFrame:
    """The canonical frame of a list of intervals, one outage per row; problems recorded."""
    problems, rows = loaded.problems, loaded.rows
    lines = pd.Series(loaded.table.lines).astype("str")

    start_label = loaded.label("start")
    start = parse_times(loaded.table.frame[start_label], start_label, tz, problems)
    problems.add(start_label, "the start time is missing; every outage needs one", start.missing)
    end_raw = loaded.column("end")
    end_label = loaded.label("end")
    if end_raw is None:
        end = pd.Series(pd.NaT, index=range(rows), dtype=TIME_DTYPE)
    else:
        end = parse_times(end_raw, end_label, tz, problems).utc

    problems.add(
        end_label,
        "the outage ends before it starts; check both times (and the zone, tz=)",
        (end < start.utc).to_numpy(),
    )
    problems.add(start_label, in_future("outage starts", cutoff), (start.utc > cutoff).to_numpy())

    severity_raw = loaded.column("severity")
    severity = pd.Series(["outage"] * rows, dtype="str")
    if severity_raw is not None:
        text = text_or(severity_raw, "outage", rows)
        severity = map_words(text, SEVERITY_SYNONYMS)
        problems.add(
            loaded.label("severity"),
            "unknown severity; use outage, partial, degraded or maintenance "
            "(down/major/critical count as outage, minor as partial, none as degraded)",
            severity.isna().to_numpy(),
        )

    return pd.DataFrame(
        {
            "incident_id": text_or(loaded.column("incident_id"), "O" + lines, rows),
            "service": text_or(loaded.column("service"), service, rows),
            "start": start.utc,
            "end": end,
            "severity": severity,
            "description": text_or(loaded.column("description"), "", rows),
            "source": text_or(loaded.column("source"), loaded.source.name, rows),
        }
    ).astype(OUTAGE_COLUMNS)


def read_outages(
    source: str | os.PathLike[str] | pd.DataFrame,
    format: str = "auto",
    tz: str | None = None,
    columns: Mapping[str, str] | None = None,
    as_of: str | datetime | pd.Timestamp | None = None,
    on_error: str = "raise",
    *,
    component: str | None = None,
    min_failed: int = 2,
    max_gap: str | pd.Timedelta | None = None,
    encoding: str | None = None,
    service: str | None = None,
) -> pd.DataFrame:
    """Read outage evidence into the canonical outage frame.

    The evidence may be a list of intervals (start, end), a monitor's up/down events or
    heartbeat log, an Atlassian Statuspage ``incidents.json``, or a Statuspage
    ``history.atom``/``history.rss`` feed; ``format="auto"`` tells them apart.

    Parameters
    ----------
    source
        A file (CSV, Excel, Parquet, JSON, XML feed) or a DataFrame (never modified).
    format
        ``"auto"`` or a name in :data:`claimstats.io.FORMATS` (``"events"``,
        ``"heartbeat"``, ``"statuspage"``, ``"statuspage-atom"``, ``"csv"``...).
    tz
        IANA zone of times written without an offset, e.g. ``"Asia/Shanghai"``.
    columns
        Canonical name -> the file's column, e.g. ``{"start": "Down since"}``; for
        monitor records the names are ``time``, ``state``, ``service`` and ``message``.
    as_of
        Reference time; an outage starting after it is an error. Default: now (UTC).
    on_error
        ``"raise"`` to stop on any bad row, ``"reject"`` to keep the good rows.
    component
        Status pages: keep only incidents affecting this component (name or id).
    min_failed
        Heartbeat logs: consecutive failed probes that make an outage (default 2);
        not used for up/down event logs, where every change counts.
    max_gap
        Heartbeat logs: a longer pause between probes is reported as an unknown period
        (``unknown_periods`` in the provenance); default three probe intervals. Not
        used for event logs.
    encoding
        Text encoding; default: detect UTF-8 (with or without BOM), UTF-16, GBK/GB18030.
    service
        The service's name for records that do not name one (a monitor log of one
        service, a list without a ``service`` column); default ``"unspecified"``.

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes of :data:`claimstats.schema.OUTAGE_COLUMNS`, in file order;
        ``end`` is NaT for an outage still open. ``attrs["provenance"]`` describes the file.

    Raises
    ------
    DataError
        The file is missing or empty, lacks a ``start`` column, or has bad rows (every
        one is listed with its line number).
    FormatError
        The file cannot be read in the chosen format, or auto-detection finds none
        that fits (the message lists what was tried and why each did not fit).
    ConfigError
        An argument is invalid, or times lack a zone and ``tz`` is not given.

    Examples
    --------
    >>> df = pd.DataFrame({"start": ["2026-08-04 09:40"], "end": ["2026-08-05 12:00"]})
    >>> out = read_outages(df, tz="Asia/Shanghai", as_of="2026-09-01T00:00Z")
    >>> out.loc[0, ["incident_id", "start", "severity"]].tolist()
    ['O1', Timestamp('2026-08-04 01:40:00+0000', tz='UTC'), 'outage']
    """
    on_error = check_on_error(on_error)
    tz = check_tz(tz)
    cutoff = parse_as_of(as_of, tz)
    options = ReadOptions(
        "outages",
        tz=tz,
        encoding=encoding,
        component=_check_name(component, "component", "a status-page component name or id"),
        min_failed=_check_min_failed(min_failed),
        max_gap=_check_max_gap(max_gap),
        service=_check_name(service, "service", "the name of the service, such as 'WhatsApp Web'")
        or "unspecified",
    )
    opened = open_table(source, format, options)
    layout = _layout(opened, columns)
    if layout == "table":
        loaded = match(opened, OUTAGE_ALIASES, columns, ("start",))
        frame = _intervals(loaded, tz, cutoff, options.service)
        return finish(loaded, "outages", frame, on_error, ("start", "end"), tz)
    container = opened.table.format.removeprefix("generic-")
    table = replace(opened.table, format=f"{layout}-{container}")
    loaded = Loaded(opened.source, table, {}, opened.problems())
    built = probe_outages(
        opened.table, layout, options, columns, loaded.problems, cutoff, opened.source.name
    )
    return finish(
        loaded,
        "outages",
        built.frame,
        on_error,
        ("start", "end"),
        tz,
        used=built.used,
        unknown=built.unknown,
    )


def _check_name(value: object, argument: str, what: str) -> str | None:
    """``value`` stripped, None when None; else ``argument`` must be ``what``."""
    if value is None or (isinstance(value, str) and value.strip()):
        return None if value is None else value.strip()
    msg = f"{argument} must be {what}, not {value!r}"
    raise ConfigError(msg)


def _check_min_failed(min_failed: object) -> int:
    if isinstance(min_failed, int) and not isinstance(min_failed, bool) and min_failed >= 1:
        return min_failed
    msg = f"min_failed must be a whole number of probes, 1 or more, not {min_failed!r}"
    raise ConfigError(msg)


def _check_max_gap(max_gap: object) -> pd.Timedelta | None:
    if max_gap is None:
        return None
    try:
        gap = pd.Timedelta(max_gap)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        msg = f"max_gap must be a duration such as '15min' or '1h', not {max_gap!r}"
        raise ConfigError(msg) from exc
    if pd.isna(gap) or gap <= pd.Timedelta(0):
        msg = f"max_gap must be a positive duration such as '15min', not {max_gap!r}"
        raise ConfigError(msg)
    return gap
