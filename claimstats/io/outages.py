"""Read outage evidence (one row per reported interruption) into the canonical frame."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import Final

import pandas as pd

from claimstats.io.columns import OUTAGE_ALIASES
from claimstats.io.loader import finish, load
from claimstats.io.problems import check_on_error
from claimstats.io.times import check_tz, parse_as_of, parse_times
from claimstats.io.values import map_words, text_or
from claimstats.schema import OUTAGE_COLUMNS, SEVERITIES, TIME_DTYPE

__all__ = ["SEVERITY_SYNONYMS", "read_outages"]

#: words accepted for each severity (matched lower case, spaces and hyphens as ``_``)
SEVERITY_SYNONYMS: Final[dict[str, str]] = {
    **{s: s for s in SEVERITIES},
    **dict.fromkeys(
        ("down", "major", "major_outage", "critical", "full", "full_outage", "unavailable"),
        "outage",
    ),
    **dict.fromkeys(("minor", "partial_outage"), "partial"),
    **dict.fromkeys(("degraded_performance", "slow", "performance"), "degraded"),
    **dict.fromkeys(("under_maintenance", "planned", "scheduled"), "maintenance"),
    **{"中断": "outage", "宕机": "outage", "部分中断": "partial", "降级": "degraded"},
    **{"维护": "maintenance"},
}


def read_outages(
    source: str | os.PathLike[str] | pd.DataFrame,
    format: str = "auto",
    tz: str | None = None,
    columns: Mapping[str, str] | None = None,
    as_of: str | datetime | pd.Timestamp | None = None,
    on_error: str = "raise",
) -> pd.DataFrame:
    """Read a list of outages into the canonical outage frame.

    Parameters
    ----------
    source
        A CSV, Excel, Parquet or JSON file, or a DataFrame (never modified).
    format
        ``"auto"`` (by type and extension) or a name in :data:`claimstats.io.FORMATS`.
    tz
        IANA zone of times written without an offset, e.g. ``"Asia/Shanghai"``.
    columns
        Canonical name -> the file's column, e.g. ``{"start": "Down since"}``.
    as_of
        Reference time; an outage starting after it is an error. Default: now (UTC).
    on_error
        ``"raise"`` to stop on any bad row, ``"reject"`` to keep the good rows.

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
        The file cannot be read in the chosen format.
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
    loaded = load(source, format, "outages", OUTAGE_ALIASES, columns, ("start",))
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
        "the outage ends before it starts; check both times (and tz)",
        (end < start.utc).to_numpy(),
    )
    problems.add(
        start_label,
        f"outage starts in the future (after {cutoff:%Y-%m-%d %H:%M} UTC); check the date "
        "and tz, or pass as_of= the time the evidence was collected",
        (start.utc > cutoff).to_numpy(),
    )

    severity_raw = loaded.column("severity")
    severity = pd.Series(["outage"] * rows, dtype="str")
    if severity_raw is not None:
        text = text_or(severity_raw, "outage", rows)
        severity = map_words(text, SEVERITY_SYNONYMS)
        problems.add(
            loaded.label("severity"),
            "unknown severity; use outage, partial, degraded or maintenance "
            "(down/major/critical count as outage, minor as partial)",
            severity.isna().to_numpy(),
        )

    frame = pd.DataFrame(
        {
            "incident_id": text_or(loaded.column("incident_id"), "O" + lines, rows),
            "service": text_or(loaded.column("service"), "unspecified", rows),
            "start": start.utc,
            "end": end,
            "severity": severity,
            "description": text_or(loaded.column("description"), "", rows),
            "source": text_or(loaded.column("source"), loaded.source.name, rows),
        }
    ).astype(OUTAGE_COLUMNS)
    return finish(loaded, "outages", frame, on_error, ("start", "end"), tz)
