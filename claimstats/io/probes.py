"""Monitor records into outages: up/down event logs and heartbeat (probe) logs.

A monitor's export has a time and a state per row, and optionally the service
(monitor) and a message. Column names of common exports are matched through
:data:`PROBE_ALIASES`: Uptime Kuma's heartbeat table (``time, status, msg, ping``,
status 0 down, 1 up, 2 pending, 3 maintenance), UptimeRobot's log export (``Event,
Date-Time, Reason, Duration``: Up, Down, Paused, Started), Pingdom's raw results
(``time`` in Unix seconds, ``status`` up/down/unconfirmed_down/unknown, ``statusdesc``),
healthchecks.io status changes (``timestamp, up`` with 1/0). Times written as Unix
seconds (10 digits) or milliseconds (13 digits) are read as UTC.

States (:data:`STATE_WORDS`, matched lower case with spaces and hyphens as ``_``):

- **up**: up, ok, online, success, pass, healthy, true, yes, 1, HTTP 200-399, 正常...
- **down**: down, fail, error, offline, timeout, false, no, 0, HTTP 400-599 (a monitored
  page answering 4xx, e.g. 403, 404 or 429, does not serve customers either),
  Uptime Kuma's *pending* (2: a failed check awaiting its retries; claimstats applies
  its own confirmation rule, ``min_failed``), Pingdom's *unconfirmed_down*, 故障...
- **unknown**: paused, maintenance (Uptime Kuma 3), unknown, not checked yet, 暂停, 维护:
  nobody can tell up or down from then to the next record; reported as an unknown
  period, never as up or down.
- **resume**: started, resumed (UptimeRobot's *Started*): monitoring runs again; it ends
  an unknown period and is no verdict itself.

Other words, HTTP 1xx and numbers outside these ranges are row problems.

How :func:`guess_layout` tells the two layouts apart, first rule that applies:
1. the state column holds HTTP status codes -> heartbeat;
2. the table has a response-time column (``ping``, ``response_time``, ``latency``...)
   -> heartbeat;
3. more than half of the records repeat the previous state of their service (in file
   order) -> heartbeat, since a probe log repeats "up" between changes;
4. otherwise -> events.

How outages are built from the records: :mod:`claimstats.io.heartbeat`. A log without a
service column is one service, named by ``service=`` (default ``"unspecified"``, as in
outage lists); rows with a
blank service form that service too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from claimstats.errors import ConfigError, DataError
from claimstats.io.columns import normalise_header, resolve_columns
from claimstats.io.heartbeat import DOWN, RESUME, UNKNOWN, UP, MonitorRecords, monitor_outages
from claimstats.io.options import ReadOptions
from claimstats.io.problems import Problems
from claimstats.io.tables import RawTable, blank_mask
from claimstats.io.times import parse_times
from claimstats.io.values import as_text, normalise_word
from claimstats.models import Window

__all__ = [
    "PROBE_ALIASES",
    "STATE_WORDS",
    "ProbeOutages",
    "guess_layout",
    "probe_outages",
    "read_states",
]

#: canonical probe column -> other headers that mean the same (after normalising)
PROBE_ALIASES: dict[str, tuple[str, ...]] = {
    "time": (
        "timestamp",
        "datetime",
        "date_time",
        "checked_at",
        "check_time",
        "created_at",
        "event_time",
        "date",
        "时间",
        "检测时间",
    ),
    "state": ("status", "event", "result", "up", "outcome", "check_status", "状态", "事件"),
    "service": (
        "monitor",
        "monitor_name",
        "monitor_id",
        "component",
        "name",
        "check_name",
        "服务",
        "监控",
    ),
    "message": (
        "msg",
        "reason",
        "details",
        "description",
        "statusdesc",
        "error",
        "error_message",
        "信息",
        "原因",
    ),
}

#: headers of an HTTP status code column, used as the state when no state column exists
CODE_HEADERS: Final = ("status_code", "http_status", "http_code", "response_code", "code")

#: headers of a response-time column (a sign of a heartbeat log)
RESPONSE_TIME_HEADERS: Final = (
    "ping",
    "response_time",
    "responsetime",
    "response_time_ms",
    "latency",
    "latency_ms",
    "rtt",
    "响应时间",
)

_UP_WORDS = "up ok okay online success successful succeeded pass passed healthy operational available reachable true yes y t resolved recovered restored 正常 在线 成功 可用 恢复 已恢复"
_DOWN_WORDS = "down fail failed failure error err offline critical unhealthy unavailable unreachable timeout timed_out false no n f pending unconfirmed_down seems_down 故障 宕机 失败 离线 异常 超时 不可用 中断"
_UNKNOWN_WORDS = "paused pause maintenance under_maintenance in_maintenance unknown not_checked_yet not_checked disabled 暂停 维护 维护中 未知"
_RESUME_WORDS = "started start resumed resume monitor_started 启动 开始监控"

#: state words (normalised) -> ``"up"``, ``"down"``, ``"unknown"`` or ``"resume"``
STATE_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(_UP_WORDS.split(), "up"),
    **dict.fromkeys(_DOWN_WORDS.split(), "down"),
    **dict.fromkeys(_UNKNOWN_WORDS.split(), "unknown"),
    **dict.fromkeys(_RESUME_WORDS.split(), "resume"),
}

_KINDS: Final = {"up": UP, "down": DOWN, "unknown": UNKNOWN, "resume": RESUME}
#: Uptime Kuma's heartbeat status numbers (0 and 1 also read as false/true)
_NUMBERS: Final = {0: DOWN, 1: UP, 2: DOWN, 3: UNKNOWN}
_HTTP = re.compile(r"^(?:http_?)?([1-9]\d\d)(?:_\D.*)?$")
_EPOCH = r"\d{10}(?:\.\d+)?|\d{13}"

#: :func:`read_states` codes besides the record kinds
MISSING: Final = -2
UNRECOGNISED: Final = -1

_STATE_HELP = (
    "use up or down (also ok/fail, 1/0, true/false, or an HTTP status code: 200-399 up, "
    "400-599 down; paused or maintenance for time not monitored), or say which column "
    'holds the state with columns={"state": "<column>"}'
)


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


def _word_kind(word: str) -> tuple[int, bool]:
    """The kind of one normalised state word, and whether it is an HTTP status code."""
    if word in STATE_WORDS:
        return _KINDS[STATE_WORDS[word]], False
    if word.isdigit() and len(word) == 1:
        return _NUMBERS.get(int(word), UNRECOGNISED), False
    match = _HTTP.match(word)
    if match:
        code = int(match.group(1))
        kind = UP if 200 <= code < 400 else DOWN if 400 <= code < 600 else UNRECOGNISED
        return kind, kind != UNRECOGNISED
    return UNRECOGNISED, False


def _text(values: pd.Series) -> pd.Series:
    """Stripped text, missing where blank; whole floats (codes, ids read from JSON or
    Excel) without ``.0``, however large."""
    values = values.reset_index(drop=True)
    if pd.api.types.is_float_dtype(values.dtype):
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"):
            whole = np.isfinite(numbers) & (np.abs(numbers) < 2**53) & (numbers % 1 == 0)
        text = values.astype("str").astype(object)
        text[whole] = numbers[whole].astype(np.int64).astype(str)
        values = text
    return as_text(values)


def _states(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    text = _text(values)
    codes, uniques = pd.factorize(text)
    words = normalise_word(pd.Series(uniques, dtype="str")).tolist()
    found = [_word_kind(w) for w in words]
    kinds = np.array([k for k, _ in found] + [MISSING], dtype=np.int8)
    http = np.array([h for _, h in found] + [False], dtype=bool)
    return kinds.take(codes), http.take(codes)


def read_states(values: pd.Series) -> np.ndarray:
    """The kind of each state: ``UP``, ``DOWN``, ``UNKNOWN``, ``RESUME`` (see
    :mod:`claimstats.io.heartbeat`), ``UNRECOGNISED`` (-1) or ``MISSING`` (-2).

    Each distinct value is classified once, so a million rows cost a few lookups.

    Examples
    --------
    >>> read_states(pd.Series(["Up", "DOWN", "503", "200 OK", "3", "Paused", "maybe", ""])).tolist()
    [1, 0, 0, 1, 2, 2, -1, -2]
    """
    return _states(values)[0]


def _epoch_times(values: pd.Series) -> pd.Series:
    """Unix times (seconds 1e9-1e10, i.e. 2001-2286, or milliseconds 1e12-1e13) as UTC.

    A column of Unix times only becomes UTC datetimes; in a mixed column those values
    become ISO text and the others stay as they are, for :func:`parse_times` to read.
    """
    values = values.reset_index(drop=True)
    kind = values.dtype
    if pd.api.types.is_datetime64_any_dtype(kind) or pd.api.types.is_bool_dtype(kind):
        return values
    if pd.api.types.is_numeric_dtype(kind) and not pd.api.types.is_complex_dtype(kind):
        numbers = values.astype("float64").to_numpy()
    else:
        text = values.astype("str").str.strip()
        digits = text.str.fullmatch(_EPOCH).to_numpy(dtype=bool, na_value=False)
        if not digits.any():
            return values
        numbers = pd.to_numeric(text.where(digits), errors="coerce").to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        seconds = (numbers >= 1e9) & (numbers < 1e10)
        millis = (numbers >= 1e12) & (numbers < 1e13)
    epoch = seconds | millis
    if not epoch.any():
        return values
    micros = np.where(epoch, np.round(numbers * np.where(millis, 1e3, 1e6)), np.nan)
    stamps = pd.Series(pd.to_datetime(micros, unit="us", utc=True))
    if (epoch | blank_mask(values)).all():
        return stamps
    mixed = values.astype(object)
    mixed[epoch] = stamps[epoch].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ").to_numpy(dtype=object)
    return mixed


def _resolve(found: list[str], columns: Mapping[str, str] | None, label: str) -> dict[str, str]:
    """Which column holds time, state, service and message; an HTTP code column serves as
    the state when no state column is named."""
    try:
        return resolve_columns(found, PROBE_ALIASES, columns, ("time", "state"), label)
    except DataError as exc:
        first = exc
    try:
        partial = resolve_columns(found, PROBE_ALIASES, columns, ("time",), label)
        if "state" in partial:
            raise first
        fallback = {**PROBE_ALIASES, "state": CODE_HEADERS}
        return resolve_columns(found, fallback, columns, ("time", "state"), label)
    except DataError:
        raise first from None


def in_future(what: str, cutoff: pd.Timestamp) -> str:
    """The problem of a record (``what``: ``"record is"``) dated after ``cutoff`` (as_of)."""
    return (
        f"{what} in the future (after {cutoff:%Y-%m-%d %H:%M} UTC); check the date and the "
        "zone (tz=), or pass as_of= the time the evidence was collected"
    )


def _why_not(exc: Exception) -> str:
    text = exc.message if isinstance(exc, DataError) else str(exc)
    return text.removeprefix("has ").split("; say which", 1)[0]


def guess_layout(table: RawTable, columns: Mapping[str, str] | None) -> tuple[str | None, str]:
    """``("events" | "heartbeat", why)`` when the table is a monitor log, else ``(None, why not)``.

    The rules, in order, are in this module's description; ``why`` names the one that
    decided. A table is a monitor log when it has a time and a state column and at
    least half of its non-blank states are known words.

    Examples
    --------
    >>> t = RawTable(pd.DataFrame({"time": ["09:40", "09:41", "09:42"],
    ...                            "status": ["up", "up", "down"]}), np.array([2, 3, 4]), "csv")
    >>> guess_layout(t, None)
    ('events', 'events: 1 of 2 records (50%) repeat the previous state of their service')
    >>> guess_layout(RawTable(pd.DataFrame({"service": ["web"], "when": ["x"]}),
    ...                       np.array([2]), "csv"), None)
    (None, "no 'time' or 'state' column (columns found: 'service', 'when')")
    """
    frame = table.frame
    try:
        chosen = _resolve(list(frame.columns), columns, "")
    except (DataError, ConfigError) as exc:
        return None, _why_not(exc)
    state_column = chosen["state"]
    kinds, http = _states(frame[state_column])
    given = kinds != MISSING
    known = (kinds >= 0) & given
    if not given.any():
        return None, f"column {state_column!r} is empty"
    if 2 * int(known.sum()) < int(given.sum()):
        example = str(frame[state_column].iloc[int(np.argmax(given & ~known))])
        return None, f"column {state_column!r} does not hold up/down states (e.g. {example!r})"
    if http.any():
        return "heartbeat", f"heartbeat: column {state_column!r} holds HTTP status codes"
    timing = [c for c in frame.columns if normalise_header(c) in RESPONSE_TIME_HEADERS]
    if timing:
        return "heartbeat", f"heartbeat: column {timing[0]!r} holds response times"
    service = _text(frame[chosen["service"]]) if "service" in chosen else None
    service = pd.Series([""] * len(frame)) if service is None else service.fillna("")
    kept = pd.DataFrame({"service": service, "kind": kinds})[known]
    previous = kept.groupby("service", sort=False)["kind"].shift(1)
    pairs = int(previous.notna().sum())
    repeats = int((kept["kind"] == previous).sum())
    share = repeats / pairs if pairs else 0.0
    layout = "heartbeat" if share > 0.5 else "events"
    return layout, (
        f"{layout}: {repeats} of {pairs} records ({share:.0%}) repeat the previous state of "
        "their service"
    )


def probe_outages(
    table: RawTable,
    layout: str,
    options: ReadOptions,
    columns: Mapping[str, str] | None,
    problems: Problems,
    cutoff: pd.Timestamp,
    source_name: str,
) -> ProbeOutages:
    """Validate the records (problems go to ``problems``) and build outages from the good ones.

    Parameters
    ----------
    table
        The raw table of the log.
    layout
        ``"events"`` or ``"heartbeat"``.
    options
        ``tz`` for naive times; ``min_failed`` and ``max_gap`` for heartbeat logs.
    columns
        The user's mapping of ``time``, ``state``, ``service``, ``message`` to columns.
    problems
        Collects every bad row: missing or unparseable time, time after ``cutoff``,
        missing or unknown state.
    cutoff
        The ``as_of`` time: later records are errors; an unknown period still running
        at the end of the log ends here.
    source_name
        The ``source`` of every outage.

    Raises
    ------
    DataError
        No time or state column, or an ambiguous one.
    ConfigError
        ``layout`` is unknown, or the times are naive and ``options.tz`` is None.

    Examples
    --------
    >>> frame = pd.DataFrame({"time": ["2026-08-04T01:40Z", "2026-08-04T02:05Z"],
    ...                       "state": ["down", "up"]})
    >>> t = RawTable(frame, np.array([2, 3]), "generic-csv")
    >>> p = Problems(t.lines, t.frame, "log.csv")
    >>> built = probe_outages(t, "events", ReadOptions("outages"), None, p,
    ...                       pd.Timestamp("2026-09-01", tz="UTC"), "log.csv")
    >>> built.frame.loc[0, ["incident_id", "start", "end"]].tolist()
    ['E2', Timestamp('2026-08-04 01:40:00+0000', tz='UTC'), Timestamp('2026-08-04 02:05:00+0000', tz='UTC')]
    >>> built.used.tolist(), built.unknown
    ([True, True], [])
    """
    if layout not in ("events", "heartbeat"):
        msg = f"monitor records are 'events' or 'heartbeat', not {layout!r}"
        raise ConfigError(msg)
    frame, rows = table.frame, len(table.frame)
    chosen = _resolve(list(frame.columns), columns, problems.label)
    time_label, state_label = chosen["time"], chosen["state"]

    times = parse_times(_epoch_times(frame[time_label]), time_label, options.tz, problems)
    problems.add(time_label, "the time is missing; every monitor record needs one", times.missing)
    future = (times.utc > cutoff).to_numpy(dtype=bool, na_value=False)
    problems.add(time_label, in_future("record is", cutoff), future)
    kinds = read_states(frame[state_label])
    problems.add(state_label, f"the state is missing; {_STATE_HELP}", kinds == MISSING)
    problems.add(state_label, f"unknown state; {_STATE_HELP}", kinds == UNRECOGNISED)

    used = ~problems.bad()
    service = pd.Series([options.service] * rows, dtype="str")
    if "service" in chosen:
        service = _text(frame[chosen["service"]]).fillna(options.service)
    message = pd.Series([None] * rows, dtype=object)
    if "message" in chosen:
        text = _text(frame[chosen["message"]])
        message = text.astype(object).where(text.notna(), None)
    stamps = times.utc[used].dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    records = MonitorRecords(
        time=stamps.view(np.int64),
        kind=kinds[used],
        service=service.to_numpy(dtype=object)[used],
        line=np.asarray(table.lines)[used],
        message=message.to_numpy(dtype=object)[used],
    )
    built, unknown = monitor_outages(
        records,
        layout,
        min_failed=options.min_failed,
        max_gap=options.max_gap,
        cutoff=cutoff,
        source_name=source_name,
    )
    return ProbeOutages(built, used, unknown)
