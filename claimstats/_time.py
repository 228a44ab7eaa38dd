"""Small shared helpers for times, zones, durations and calendars (internal)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
import numpy as np
import pandas as pd

from claimstats.errors import ConfigError


def utc_timestamp(value: object, argument: str) -> pd.Timestamp:
    """``value`` as a UTC timestamp in microseconds; naive values are refused.

    ``argument`` names the parameter in the error message.
    """
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        msg = f"{argument}={value!r} is not a time; pass an ISO time with offset, e.g. '2026-08-10T10:00+08:00'"
        raise ConfigError(msg) from exc
    if stamp is pd.NaT:
        msg = f"{argument} is empty; pass an ISO time with offset, e.g. '2026-08-10T10:00+08:00'"
        raise ConfigError(msg)
    if stamp.tzinfo is None:
        msg = (
            f"{argument}={value!r} has no time zone; add the offset "
            "(e.g. '2026-08-10T10:00+08:00') or 'Z' for UTC"
        )
        raise ConfigError(msg)
    return stamp.tz_convert("UTC").as_unit("us")


def time_text(value: pd.Timestamp) -> str:
    """A time as text for a message, even one pandas cannot print (year 62180).

    Examples
    --------
    >>> time_text(pd.Timestamp("2026-08-04 09:40", tz="UTC"))
    '2026-08-04 09:40:00+00:00'
    >>> far = pd.Timestamp(np.datetime64("62180-01-01T00:00", "ms")).tz_localize(ZoneInfo("UTC"))
    >>> time_text(far)
    '62180-01-01T00:00:00.000 UTC'
    """
    try:
        return str(value)
    except (NotImplementedError, ValueError, OverflowError):  # beyond Python's datetime
        return np.datetime_as_string(value.asm8) + ("" if value.tzinfo is None else " UTC")


def duration(value: object, argument: str) -> pd.Timedelta:
    """``value`` ('24h', '7D', a timedelta) as a positive Timedelta."""
    try:
        delta = pd.Timedelta(value)
    except (ValueError, TypeError) as exc:
        msg = f"{argument}={value!r} is not a duration; pass e.g. '24h', '90min' or '7D'"
        raise ConfigError(msg) from exc
    if delta is pd.NaT or delta < pd.Timedelta(0):
        msg = f"{argument}={value!r} must be a duration of zero or more, e.g. '24h'"
        raise ConfigError(msg)
    return delta


def bucket_size(freq: str) -> pd.Timedelta:
    """The fixed bucket size ``freq`` names ('1h', '15min'), which must divide a day.

    Examples
    --------
    >>> bucket_size("15min")
    Timedelta('0 days 00:15:00')
    >>> bucket_size("7min")
    Traceback (most recent call last):
    ...
    claimstats.errors.ConfigError: freq='7min' must divide a day evenly, e.g. '1h', '30min' or '15min'
    """
    try:
        step = pd.Timedelta(pd.tseries.frequencies.to_offset(freq))
    except (ValueError, TypeError) as exc:
        msg = f"freq={freq!r} is not a fixed bucket size; pass '1h', '30min' or '15min'"
        raise ConfigError(msg) from exc
    if step <= pd.Timedelta(0) or pd.Timedelta("1D") % step != pd.Timedelta(0):
        msg = f"freq={freq!r} must divide a day evenly, e.g. '1h', '30min' or '15min'"
        raise ConfigError(msg)
    return step


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or a ConfigError saying how to name one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        msg = f"unknown time zone {name!r}; pass an IANA name such as 'Asia/Shanghai' or 'Europe/Berlin'"
        raise ConfigError(msg) from exc


def format_duration(delta: timedelta) -> str:
    """A duration to the minute, e.g. ``'27 h 15 min'``, ``'40 min'``, ``'4 d 2 h 0 min'``.

    Up to three days it is told in hours, as claim forms and providers do.
    """
    minutes = round(pd.Timedelta(delta).total_seconds() / 60)
    hours, mins = divmod(minutes, 60)
    if hours >= 72:
        days, hours = divmod(hours, 24)
        return f"{days} d {hours} h {mins} min"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"


def format_offset(moment: datetime | timedelta) -> str:
    """The UTC offset of an aware datetime, or an offset itself, as ``'UTC+08:00'``.

    Examples
    --------
    >>> format_offset(timedelta(minutes=-150)), format_offset(datetime(2026, 8, 4, tzinfo=ZoneInfo("UTC")))
    ('UTC-02:30', 'UTC+00:00')
    """
    offset = moment if isinstance(moment, timedelta) else moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    total = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{total // 60:02d}:{total % 60:02d}"


def inside_intervals(times: pd.Series, starts: pd.Series, ends: pd.Series) -> np.ndarray:
    """True for each time in any interval ``[start, end)``.

    The intervals are sorted by start with their ends rising too (disjoint, or all of
    one length, possibly cut at a common last time).

    Examples
    --------
    >>> t = pd.Series(pd.to_datetime(["2026-08-04 01:00", "2026-08-04 03:00"]))
    >>> inside_intervals(t, pd.Series(pd.to_datetime(["2026-08-04 00:00"])),
    ...                  pd.Series(pd.to_datetime(["2026-08-04 02:00"]))).tolist()
    [True, False]
    >>> none = pd.Series([], dtype="datetime64[us]")
    >>> inside_intervals(t, none, none).tolist()
    [False, False]
    """
    stamps = times.to_numpy(dtype="datetime64[us]")
    start = starts.to_numpy(dtype="datetime64[us]")
    end = ends.to_numpy(dtype="datetime64[us]")
    if len(start) == 0:
        return np.zeros(len(stamps), dtype=bool)
    index = np.searchsorted(start, stamps, side="right") - 1
    return (index >= 0) & (stamps < end[np.maximum(index, 0)])


@cache
def has_holiday_calendar(code: str) -> bool:
    """Whether the ``holidays`` package has a public-holiday calendar for ``code`` (ISO 3166
    alpha-2 or alpha-3); it loads that country's alone, not every country's.

    Examples
    --------
    >>> has_holiday_calendar("CN"), has_holiday_calendar("GBR"), has_holiday_calendar("XX")
    (True, True, False)
    """
    try:
        holidays.country_holidays(code, years=[])
    except NotImplementedError:
        return False
    return True


def country_code(value: object) -> str:
    """``value`` as a country code with a public-holiday calendar, or a ConfigError.

    Examples
    --------
    >>> country_code(" cn ")
    'CN'
    """
    code = value.strip().upper() if isinstance(value, str) else value
    if not isinstance(code, str) or not code.isalpha() or not has_holiday_calendar(code):
        msg = (
            f"country={value!r} has no public-holiday calendar; pass an ISO 3166 alpha-2 "
            "code such as 'CN', 'HK', 'GB' or 'US'"
        )
        raise ConfigError(msg)
    return code
