"""Is the claimant's time zone plausible for the times read? Two signs that it is not.

A wrong ``tz`` does not stop a claim: times without an offset are read in it, and the
outages and orders then miss each other by hours, moving the loss. Two signs are cheap:

- **Offsets written in a file disagree with** ``tz``: an outage list written at
  ``+08:00`` while ``tz`` is Europe/London (``+00:00`` is left alone: many systems
  write every time in UTC, whatever their zone).
- **The orders' quiet hours fall in the day**: read in ``tz``, the six hours with the
  fewest orders hold under a tenth of them and lie between 08:00 and 19:00, where a
  shop is usually quiet at night.

Each sign is one line naming both zones; the analysis goes on
(:class:`~claimstats.errors.TimeZoneWarning` in Python, a warning line on the command line).
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from claimstats._time import format_offset, zone
from claimstats.io.provenance import ATTRS_KEY, provenance

__all__ = ["zone_doubts"]

#: zones named as examples of an offset, in this order of preference
_EXAMPLES = (
    "UTC",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Dubai",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Nairobi",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Pacific/Auckland",
)
#: fewest orders in six hours, as a share, below which a shop has quiet hours at all
_QUIET_SHARE = 0.10
#: orders needed before their hours say anything
_MIN_ORDERS = 200
#: a quiet six hours starting at these local hours is the night (22:00-04:00 to 04:00-10:00)
_NIGHT_STARTS = frozenset((*range(19, 24), *range(0, 5)))


def zone_doubts(frame: pd.DataFrame, tz: str) -> list[str]:
    """Signs that the times of a loaded frame were read in the wrong zone, one line each.

    Parameters
    ----------
    frame
        A frame from :func:`claimstats.read_orders` or :func:`claimstats.read_outages`
        (the offsets written in its file come from its provenance), or any canonical
        frame (only the orders' hours are then looked at).
    tz
        The zone the claim is analysed in, as passed to ``tz=``.

    Returns
    -------
    list of str
        Empty when nothing looks wrong.

    Examples
    --------
    >>> import pandas as pd
    >>> from claimstats import read_outages
    >>> rows = pd.DataFrame({"start": ["2026-08-04 09:40+08:00"], "end": ["2026-08-04 12:00+08:00"]})
    >>> outages = read_outages(rows, as_of="2026-09-01T00:00Z")
    >>> print(zone_doubts(outages, "Europe/London")[0])  # doctest: +NORMALIZE_WHITESPACE
    DataFrame: its times are written at UTC+08:00 (2 times), but tz='Europe/London' is at
    UTC+01:00 then; if the claimant's zone is UTC+08:00, pass tz= that zone (e.g.
    Asia/Shanghai); if they are the provider's times, nothing needs changing
    >>> zone_doubts(outages, "Asia/Shanghai")
    []
    """
    tz = zone(tz).key
    record = provenance(frame) if ATTRS_KEY in frame.attrs else None
    label = record.source if record is not None else "orders"
    doubts = []
    if record is not None and record.utc_offsets:
        doubts += _offset_doubts(label, record.utc_offsets, frame, tz, record.kind)
    if "timestamp" in frame.columns and not doubts:
        written = bool(record is not None and record.utc_offsets)
        doubts += _hour_doubts(label, frame["timestamp"], tz, written)
    return doubts


def _offset_doubts(
    label: str, written: dict[str, int], frame: pd.DataFrame, tz: str, kind: str
) -> list[str]:
    times = pd.concat([frame[c] for c in ("timestamp", "start", "end") if c in frame.columns])
    times = times.dropna()
    if times.empty:
        return []
    in_force = _offsets_in_force(tz, times.min(), times.max())
    foreign = {o: n for o, n in written.items() if o not in in_force and _minutes(o) != 0}
    if not foreign or sum(foreign.values()) * 2 < sum(written.values()):
        return []
    offset, count = max(foreign.items(), key=lambda item: item[1])
    example = _example(_minutes(offset), times.min())
    also = f" (e.g. {example})" if example else ""
    return [
        f"{label}: its times are written at UTC{offset} ({count:,} "
        f"{'time' if count == 1 else 'times'}), but tz={tz!r} is at "
        f"{' / '.join(f'UTC{o}' for o in sorted(in_force))} then; if the claimant's zone is "
        f"UTC{offset}, pass tz= that zone{also}"
        + (
            "; if they are the provider's times, nothing needs changing"
            if kind == "outages"
            else ""
        )
    ]


def _hour_doubts(label: str, stamps: pd.Series, tz: str, written: bool) -> list[str]:
    stamps = stamps.dropna()
    if len(stamps) < _MIN_ORDERS:
        return []
    local = pd.DatetimeIndex(stamps).tz_convert(tz)
    counts = np.bincount(local.hour, minlength=24)
    sixes = np.array([counts[(start + np.arange(6)) % 24].sum() for start in range(24)])
    start = int(sixes.argmin())
    share = sixes[start] / counts.sum()
    if share >= _QUIET_SHARE or start in _NIGHT_STARTS:
        return []
    # Hours to add to the times shown for the quiet six hours to start between 00:00 and
    # 01:00, where most shops have them; a shop an hour off that gives a zone an hour off.
    ahead = round((0.5 - start) % 24) % 24
    ahead = ahead - 24 if ahead > 12 else ahead
    offset_now = int(local[0].utcoffset().total_seconds() // 60)
    head = (
        f"{label}: read in tz={tz!r}, the fewest orders ({share:.0%}) fall from "
        f"{start:02d}:00 to {(start + 6) % 24:02d}:00, when a shop is usually open; "
    )
    if written:
        target = offset_now + ahead * 60
        example = _example(target, local[0])
        also = f" (e.g. {example})" if example else ""
        return [
            head
            + f"if the claimant's zone is about {format_offset(timedelta(minutes=target))}, pass tz= that zone{also}"
        ]
    source = offset_now - ahead * 60
    example = _example(source, local[0])
    also = f", e.g. {example}" if example else ""
    return [
        head
        + f"the order times may be written in another zone (about {format_offset(timedelta(minutes=source))}{also}): "
        "check the export's time zone, and write the times with their offset"
    ]


def _offsets_in_force(tz: str, first: pd.Timestamp, last: pd.Timestamp) -> set[str]:
    """Every UTC offset ``tz`` has between two times, as ``+08:00``."""
    days = pd.date_range(first.floor("D"), last.ceil("D"), freq="D").union([first, last])
    if len(days) > 800:  # a span of years: a day of each month holds every change
        days = pd.date_range(first.floor("D"), last.ceil("D"), freq="MS").union([first, last])
    local = days.tz_convert(tz)
    return {format_offset(t)[3:] for t in local}


def _minutes(offset: str) -> int:
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = offset[1:].split(":")
    return sign * (int(hours) * 60 + int(minutes))


def _example(minutes: int, at: pd.Timestamp) -> str | None:
    """A well-known zone at this offset at that time, if one of :data:`_EXAMPLES` is."""
    moment = pd.Timestamp(at)
    for name in _EXAMPLES:
        offset = moment.tz_convert(name).utcoffset()
        if offset is not None and int(offset.total_seconds() // 60) == minutes:
            return name
    return None
