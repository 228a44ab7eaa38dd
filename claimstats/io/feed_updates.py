"""The updates in a Statuspage feed entry and the placing of their times.

Each entry of a ``history.atom`` or item of a ``history.rss`` feed holds HTML listing
the incident's updates, newest first::

    <p><small>Dec <var data-var='date'>31</var>, <var data-var='time'>23:50</var> UTC
    </small><br><strong>Investigating</strong> - We are investigating.</p>

The updates carry no year, and their zone is the page's (``UTC``, ``EST``, ``CST``...).
The year is the one that puts the update nearest the entry's date, so an update on
Dec 31 of an entry published on Jan 1 belongs to the year before, and an update on
Jan 1 of an entry dated Dec 31 to the year after; an item without a date of its own
takes the feed's. A zone abbreviation is converted with its UTC offset. One that names
several zones (``CST``: US Central or China; ``IST``; ``PST``: Pacific or Philippines) is
the one whose offset the entry's date carries (RSS dates are in the page's zone), else
the one that puts the entry's last update within an hour of the entry's own date
(Statuspage dates an entry by its last update), else ``tz`` when that zone prints the
abbreviation: the page's evidence comes before the claimant's zone. A time that cannot
be placed stays as text with the reason, so validation reports it with the entry's line.

:mod:`claimstats.io.feeds` parses the feeds' XML and turns the placed updates into incidents.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Final
from zoneinfo import ZoneInfo

__all__ = ["ZONE_OFFSETS", "Update", "parse_updates", "plain_text", "update_times"]

#: zone abbreviations a status page prints -> their UTC offsets in minutes (several
#: when the abbreviation names several zones)
ZONE_OFFSETS: Final[dict[str, tuple[int, ...]]] = {
    **dict.fromkeys(("UTC", "GMT", "UT", "Z", "WET"), (0,)),
    **dict.fromkeys(("BST", "CET", "WEST", "WAT", "MET"), (60,)),
    **dict.fromkeys(("CEST", "EET", "SAST", "CAT"), (120,)),
    **dict.fromkeys(("EEST", "MSK", "EAT", "TRT"), (180,)),
    "GST": (240,),
    "PKT": (300,),
    "IST": (330, 60, 120),  # India, Irish summer, Israel
    **dict.fromkeys(("ICT", "WIB"), (420,)),
    **dict.fromkeys(("HKT", "SGT", "AWST", "WITA", "PHT"), (480,)),
    "CST": (-360, 480),  # US Central, China
    "PST": (-480, 480),  # US Pacific, Philippines
    **dict.fromkeys(("JST", "KST", "WIT"), (540,)),
    "ACST": (570,),
    "ACDT": (630,),
    "AEST": (600,),
    "AEDT": (660,),
    "NZST": (720,),
    "NZDT": (780,),
    "HST": (-600,),
    "AKST": (-540,),
    "AKDT": (-480,),
    **dict.fromkeys(("PDT", "MST"), (-420,)),
    "MDT": (-360,),
    **dict.fromkeys(("CDT", "EST"), (-300,)),
    **dict.fromkeys(("EDT", "AST"), (-240,)),
    **dict.fromkeys(("ADT", "BRT", "ART"), (-180,)),
    "NST": (-210,),
    "NDT": (-150,),
}

_MONTHS: Final = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_UPDATE = re.compile(
    r"<small\b[^>]{0,200}>(?P<when>.{0,400}?)</small>\s*(?:<br\s*/?>\s*)*"
    r"<strong\b[^>]{0,200}>(?P<status>.{0,200}?)</strong>(?P<body>.*?)(?=<small\b|\Z)",
    re.S | re.I,
)
_WHEN = re.compile(
    r"^(?P<month>[A-Za-z]{3})[A-Za-z]*\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?"
    r"\s*[,\-]?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*(?P<half>[AaPp][Mm]))?"
    r"(?:\s+(?P<zone>[A-Za-z][A-Za-z0-9+\-:]{0,11}|[+\-]\d{2}(?::?\d{2})?))?\s*$"
)
_NUMERIC_ZONE = re.compile(r"^(?:UTC|GMT)?([+\-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Update:
    """One update of a feed entry, its time as printed (no year, in the page's zone).

    Attributes
    ----------
    status
        The update's word in lower case, e.g. ``"resolved"``, ``"in progress"``.
    when
        The time as printed, e.g. ``"Dec 31, 23:50 UTC"``.
    month, day, hour, minute
        The parts of the time (0 when ``when`` cannot be read).
    year
        The year when printed, else None.
    zone
        The zone as printed (``"UTC"``, ``"EST"``, ``"+08:00"``), or ``""``.
    body
        The update's text, tags removed.
    """

    status: str
    when: str
    month: int
    day: int
    hour: int
    minute: int
    year: int | None
    zone: str
    body: str

    @property
    def readable(self) -> bool:
        """True when the printed time has a month, day, hour and minute."""
        return self.month > 0


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, spaces collapsed.

    Examples
    --------
    >>> plain_text("<strong>Resolved</strong> -  fixed&amp;done")
    'Resolved - fixed&done'
    """
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()


def _update(when: str, status: str, body: str) -> Update:
    when_text = _SPACES.sub(" ", plain_text(when).replace(" ,", ","))
    status, body = plain_text(status).lower(), plain_text(body)
    parts = _WHEN.match(when_text)
    month = _MONTHS.get(parts.group("month").lower(), 0) if parts else 0
    if parts is None or month == 0:
        return Update(status, when_text, 0, 0, 0, 0, None, "", body)
    hour = int(parts.group("hour"))
    half = (parts.group("half") or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    return Update(
        status=status,
        when=when_text,
        month=month,
        day=int(parts.group("day")),
        hour=hour,
        minute=int(parts.group("minute")),
        year=int(parts.group("year")) if parts.group("year") else None,
        zone=parts.group("zone") or "",
        body=body.lstrip("- ").strip(),
    )


def parse_updates(content: str) -> list[Update]:
    """The updates in the HTML of a feed entry, in the order listed (newest first).

    Examples
    --------
    >>> html_text = ("<p><small>Jan <var data-var='date'> 1</var>, <var data-var='time'>00:40"
    ...              "</var> UTC</small><br><strong>Resolved</strong> - Fixed.</p>")
    >>> u = parse_updates(html_text)[0]
    >>> u.status, u.when, (u.month, u.day, u.hour, u.minute), u.body
    ('resolved', 'Jan 1, 00:40 UTC', (1, 1, 0, 40), 'Fixed.')
    """
    return [
        _update(m.group("when"), m.group("status"), m.group("body"))
        for m in _UPDATE.finditer(content)
    ]


def _fixed(zone: str) -> tuple[tzinfo, ...]:
    """The zones an abbreviation or a numeric offset may stand for."""
    numeric = _NUMERIC_ZONE.match(zone)
    if numeric:
        sign = -1 if numeric.group(1) == "-" else 1
        hours, minutes = int(numeric.group(2)), int(numeric.group(3) or 0)
        if hours > 14 or minutes > 59:
            return ()
        return (timezone(sign * timedelta(hours=hours, minutes=minutes)),)
    offsets = ZONE_OFFSETS.get(zone.upper(), ())
    return tuple(timezone(timedelta(minutes=o)) for o in offsets)


def _place(update: Update, zone: tzinfo, reference: datetime | None) -> datetime | None:
    """The update in UTC: its printed year, else the year nearest ``reference``."""
    if update.year is not None:
        years = [update.year]
    elif reference is not None:
        years = [reference.year - 1, reference.year, reference.year + 1]
    else:
        return None
    best: datetime | None = None
    for year in years:
        try:
            local = datetime(year, update.month, update.day, update.hour, update.minute)  # noqa: DTZ001
            moment = local.replace(tzinfo=zone).astimezone(UTC)
        except (ValueError, OverflowError):  # Feb 29 in other years; years 0 and 10000
            continue
        if best is None or (
            reference is not None and abs(moment - reference) < abs(best - reference)
        ):
            best = moment
    return best


def _in_tz(update: Update, tz: str | None, reference: datetime | None) -> bool:
    """True when ``tz`` prints ``update.zone`` at that time of year."""
    if tz is None or not update.zone or not update.readable:
        return False
    year = update.year or (reference.year if reference is not None else 2002)
    try:
        local = datetime(year, update.month, update.day, update.hour, update.minute)  # noqa: DTZ001
    except ValueError:
        return False
    return local.replace(tzinfo=ZoneInfo(tz)).tzname() == update.zone


def _nearest(
    printed: Sequence[Update], candidates: Sequence[tzinfo], reference: datetime
) -> tzinfo | None:
    """The candidate that puts the last update within an hour of the entry's date (the
    date Statuspage gives an entry is its last update's), when no other comes close."""

    def distance(candidate: tzinfo) -> timedelta:
        placed = [_place(u, candidate, reference) for u in printed]
        moments = [p for p in placed if p is not None]
        return abs(max(moments) - reference) if moments else timedelta.max

    ranked = sorted(candidates, key=distance)
    best, runner_up = distance(ranked[0]), distance(ranked[1])
    if best <= timedelta(hours=1) and runner_up - best >= timedelta(minutes=30):
        return ranked[0]
    return None


def _choose_zone(
    updates: Sequence[Update],
    zone: str,
    reference: datetime | None,
    tz: str | None,
    own_date: bool,
) -> tuple[tzinfo | None, str]:
    """The zone of the entry's updates printed with ``zone``, or None and why not.

    An abbreviation of one zone is that zone. One of several zones is the one whose
    offset the entry's date carries, else the one that puts the last update next to
    the entry's own date, else ``tz`` when ``tz`` prints it.
    """
    printed = [u for u in updates if u.zone == zone]
    in_tz = tz is not None and all(_in_tz(u, tz, reference) for u in printed)
    if not zone:
        if tz is not None:
            return ZoneInfo(tz), ""
        return None, "no zone printed; pass tz= the status page's zone"
    candidates = _fixed(zone)
    if len(candidates) == 1:
        return candidates[0], ""
    if len(candidates) > 1 and reference is not None:
        same = [c for c in candidates if c.utcoffset(None) == reference.utcoffset()]
        if len(same) == 1:
            return same[0], ""
        near = _nearest(printed, candidates, reference) if own_date else None
        if near is not None:
            return near, ""
    if in_tz:
        return ZoneInfo(tz), ""  # type: ignore[arg-type]
    if not candidates:
        hint = "pass tz= the status page's zone" if tz is None else f"{tz} does not use it"
        return None, f"unknown zone {zone!r}; {hint}"
    return None, f"zone {zone!r} names several zones; pass tz= the status page's zone"


def update_times(
    updates: Sequence[Update],
    reference: datetime | None,
    tz: str | None = None,
    *,
    own_date: bool = True,
) -> list[datetime | str | None]:
    """Each update's time in UTC, or the printed time with the reason it cannot be placed.

    Parameters
    ----------
    updates
        The updates of one entry.
    reference
        The entry's date (aware): the year nearest to it is chosen.
    tz
        IANA zone for times printed without a zone, and for abbreviations of several
        zones that the entry's date does not settle.
    own_date
        False when ``reference`` is the feed's date rather than the entry's own.

    Examples
    --------
    >>> ups = parse_updates("<small>Dec 31, 23:50 UTC</small><strong>Investigating</strong>"
    ...                     "<small>Jan 1, 00:40 UTC</small><strong>Resolved</strong>")
    >>> published = datetime(2026, 1, 1, 0, 45, tzinfo=UTC)
    >>> [t.isoformat() for t in update_times(ups, published)]
    ['2025-12-31T23:50:00+00:00', '2026-01-01T00:40:00+00:00']
    >>> update_times(ups[:1], None)
    ['Dec 31, 23:50 UTC (year unknown: the entry has no date)']
    """
    zones = {
        u.zone: _choose_zone(updates, u.zone, reference, tz, own_date)
        for u in updates
        if u.readable
    }
    times: list[datetime | str | None] = []
    for update in updates:
        zone, why = (
            zones[update.zone] if update.readable else (None, "not a date Statuspage prints")
        )
        placed = None if zone is None else _place(update, zone, reference)
        if zone is not None and placed is None:
            no_year = update.year is None and reference is None
            why = "year unknown: the entry has no date" if no_year else "no such day"
        times.append(f"{update.when} ({why})" if placed is None else placed)
    return times
