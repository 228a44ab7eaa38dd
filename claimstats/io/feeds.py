"""Statuspage history feeds: ``history.atom`` and ``history.rss``.

Every Statuspage page publishes its recent incidents as feeds. Each entry (Atom) or item
(RSS) is one incident: a title, a link ``https://<page>/incidents/<code>``, a date
(Atom ``<published>``, RSS ``<pubDate>``), and HTML listing the updates, newest first::

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

An incident starts at its first update and ends at its last ``Resolved`` update (open
while a later update says Investigating, Identified or Monitoring). An entry whose
updates say Scheduled, In progress, Verifying or Completed is a maintenance: it starts
when it went in progress and ends when completed; one that never went in progress
(still scheduled, or postponed) is left out and counted in ``RawTable.excluded``.

Feeds do not carry the page's impact. The severity is the worst component status the
text states (``major outage``, ``partial outage``, ``degraded performance``), else
*outage*, as for any outage list without a severity; read ``incidents.json`` for the
page's own impact. The service is the components named in a ``This incident affected:``
line, else the page name (the feed title without ``Status - Incident History``).
``incident_id`` is the code in the incident link (the id ``incidents.json`` uses).

XML is parsed with the standard library's expat. A document with a ``<!DOCTYPE`` or
``<!ENTITY`` is refused before parsing (entity expansion can exhaust memory; Statuspage
feeds have none), as ``defusedxml`` would.
"""

from __future__ import annotations

import html
import pyexpat
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Final
from zoneinfo import ZoneInfo

from claimstats.errors import ConfigError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source, check_encoding, decode_file, sniff_text
from claimstats.io.statuspage import PageIncident, incident_table, worst_severity
from claimstats.io.tables import RawTable

__all__ = [
    "ZONE_OFFSETS",
    "Update",
    "parse_updates",
    "read_atom",
    "read_rss",
    "sniff_atom",
    "sniff_rss",
    "update_times",
]

ATOM_NS: Final = "http://www.w3.org/2005/Atom"

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
    "PDT": (-420,),
    "MST": (-420,),
    "MDT": (-360,),
    "CDT": (-300,),
    "EST": (-300,),
    "EDT": (-240,),
    "AST": (-240,),
    "ADT": (-180,),
    **dict.fromkeys(("BRT", "ART"), (-180,)),
    "NST": (-210,),
    "NDT": (-150,),
}

_MONTHS: Final = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MAINTENANCE = frozenset({"scheduled", "in progress", "verifying", "completed"})
_OPEN = frozenset({"investigating", "identified", "monitoring", "in progress", "verifying"})
_DONE = frozenset({"resolved", "completed"})
_PHRASES: Final = (
    ("major outage", "outage"),
    ("partial outage", "partial"),
    ("degraded performance", "degraded"),
)
_NEVER_BEGAN = "maintenances that never began (no 'In progress' update)"

_DECLARED = re.compile(
    rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]{0,200}?encoding=[\"']([A-Za-z0-9._\-]{1,40})[\"']"
)
_DTD = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)\b", re.IGNORECASE)
_PROLOG = re.compile(
    r"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.S | re.I
)
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_PAGE_MARKS = re.compile(r"data-var=|Incident History|/incidents/|:Incident/", re.IGNORECASE)
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
_AFFECTED = re.compile(
    r"This (?:incident|scheduled maintenance) affected:\s*(?P<names>[^<]{1,2000})", re.I
)
_INCIDENT_CODE = re.compile(r"/incidents/([A-Za-z0-9_\-]+)/?$")
_FEED_TITLE = re.compile(r"^(?P<name>.*?)(?:\s+Status)?\s*[-\u2013\u2014]\s*Incident History\s*$")


# --- XML ------------------------------------------------------------------------------


@dataclass
class _Node:
    """An XML element: local name, namespace, attributes, line, children and own text."""

    name: str
    ns: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()

    def all(self, name: str) -> list[_Node]:
        return [child for child in self.children if child.name == name]

    def first(self, name: str) -> _Node | None:
        return next((child for child in self.children if child.name == name), None)

    def child_text(self, name: str) -> str:
        node = self.first(name)
        return node.text if node is not None else ""


class _RefusedError(Exception):
    """A document type declaration met while parsing."""


def _refuse(*_: object) -> None:
    raise _RefusedError


def _feed_text(source: Source, fmt: str, encoding: str | None) -> tuple[str, str]:
    """The feed's text: in ``encoding`` if given, else the XML declaration's encoding
    when it names another than UTF-8, else as detected (UTF-8, BOMs, GB18030)."""
    if encoding is None and source.path is not None:
        with source.path.open("rb") as handle:
            declared = _DECLARED.match(handle.read(256))
        if declared is not None:
            try:
                name = check_encoding(declared.group(1).decode("ascii"))
            except ConfigError:
                name = None  # an unknown name: detect instead
            if name not in (None, "utf-8", "utf-16", "utf-32"):
                encoding = name
    return decode_file(source, fmt, encoding)


def _parse_xml(text: str, source: Source) -> _Node:
    """The element tree of a feed, with the line of each element; DTDs refused."""
    found = _DTD.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        msg = (
            f"{source.label}: line {line} declares a {found.group(0)[2:].strip().upper()}; "
            "claimstats does not read XML with document type or entity declarations "
            "(entities can be made to expand until memory runs out). Statuspage feeds have "
            "none: save history.atom or history.rss again from the status page"
        )
        raise FormatError(msg)
    parser = pyexpat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    roots: list[_Node] = []
    stack: list[_Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        node = _Node(local, ns, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    try:
        parser.Parse(text, True)
    except pyexpat.ExpatError as exc:
        msg = (
            f"{source.label}: is not well-formed XML (line {exc.lineno}, column "
            f"{exc.offset + 1}: {pyexpat.ErrorString(exc.code)}); the download may have "
            "been cut off: save the feed again from the status page"
        )
        raise FormatError(msg) from exc
    except _RefusedError as exc:  # pragma: no cover - the text check above finds them first
        msg = f"{source.label}: declares a DOCTYPE or ENTITY; save the feed again"
        raise FormatError(msg) from exc
    return roots[0]


# --- updates and their times ----------------------------------------------------------


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


def _plain(fragment: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()


def _update(when: str, status: str, body: str) -> Update:
    when_text = _SPACES.sub(" ", _plain(when).replace(" ,", ","))
    parts = _WHEN.match(when_text)
    month = _MONTHS.get(parts.group("month").lower(), 0) if parts else 0
    if parts is None or month == 0:
        return Update(_plain(status).lower(), when_text, 0, 0, 0, 0, None, "", _plain(body))
    hour = int(parts.group("hour"))
    half = (parts.group("half") or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    return Update(
        status=_plain(status).lower(),
        when=when_text,
        month=month,
        day=int(parts.group("day")),
        hour=hour,
        minute=int(parts.group("minute")),
        year=int(parts.group("year")) if parts.group("year") else None,
        zone=parts.group("zone") or "",
        body=_plain(body).lstrip("- ").strip(),
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
    return tuple(UTC if o == 0 else timezone(timedelta(minutes=o)) for o in offsets)


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
        if not update.readable:
            times.append(f"{update.when} (not a date Statuspage prints)")
            continue
        zone, why = zones[update.zone]
        if zone is None:
            times.append(f"{update.when} ({why})")
            continue
        placed = _place(update, zone, reference)
        if placed is None:
            if update.year is None and reference is None:
                why = "year unknown: the entry has no date"
            else:
                why = "no such day"
            times.append(f"{update.when} ({why})")
        else:
            times.append(placed)
    return times


# --- entries into incidents -----------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    line: int
    ident: str
    link: str
    title: str
    content: str
    date: str


def _date(text: str) -> datetime | None:
    """An Atom (ISO 8601) or RSS (RFC 822) date, aware; None when absent or unreadable."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _text_time(moment: datetime | str | None) -> str | None:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).isoformat()
    return moment


def _chronological(
    updates: list[Update], times: list[datetime | str | None]
) -> list[tuple[Update, datetime | str | None]]:
    """Updates oldest first: by time when every time is known, else the reverse of the
    listed order (Statuspage lists the newest first)."""
    pairs = list(zip(updates, times, strict=True))
    if pairs and all(isinstance(t, datetime) for t in times):
        order = sorted(range(len(pairs)), key=lambda i: (times[i], -i))  # type: ignore[return-value]
        return [pairs[i] for i in order]
    return pairs[::-1]


def _components(content: str) -> tuple[tuple[str, str], ...]:
    found = _AFFECTED.search(content)
    if found is None:
        return ()
    names = html.unescape(found.group("names")).strip().rstrip(".").strip()
    parts = names.split(",") if "," in names else names.split(" and ")
    cleaned = [re.sub(r"^and\s+", "", p.strip()).strip() for p in parts]
    return tuple(("", name) for name in cleaned if name)


def _severity(title: str, updates: Sequence[Update], maintenance: bool) -> str:
    if maintenance:
        return "maintenance"
    text = " ".join([title, *(u.body for u in updates)]).lower()
    return worst_severity(severity for phrase, severity in _PHRASES if phrase in text)


def _incident_id(entry: _Entry) -> str:
    for candidate in (entry.link, entry.ident):
        code = _INCIDENT_CODE.search(candidate)
        if code:
            return code.group(1)
    return entry.ident or entry.link


def _incident(
    entry: _Entry, fallback: datetime | None, tz: str | None, page: str, url: str
) -> PageIncident | None:
    """The incident of one entry; None for a maintenance that never began."""
    updates = parse_updates(entry.content)
    own = _date(entry.date)
    times = update_times(updates, own or fallback, tz, own_date=own is not None)
    timeline = _chronological(updates, times)
    maintenance = any(u.status in _MAINTENANCE for u in updates)
    start: datetime | str | None = None
    if maintenance:
        began = [t for u, t in timeline if u.status == "in progress"] or [
            t for u, t in timeline if u.status == "verifying"
        ]
        if not began:
            return None
        start = began[0]
    elif timeline:
        start = timeline[0][1]
    end: datetime | str | None = None
    for update, moment in timeline:
        if update.status in _DONE:
            end = moment
        elif update.status in _OPEN:
            end = None
    title = _plain(entry.title)
    return PageIncident(
        line=entry.line,
        incident_id=_incident_id(entry),
        start=_text_time(start),
        end=_text_time(end),
        severity=_severity(title, updates, maintenance),
        description=f"{title} ({entry.link})" if entry.link and title else title or entry.link,
        components=_components(entry.content),
        page=page,
        source=url,
    )


def _page_name(title: str) -> str:
    """``"GitHub Status - Incident History"`` -> ``"GitHub"``."""
    title = _plain(title)
    named = _FEED_TITLE.match(title)
    return named.group("name").strip() if named and named.group("name").strip() else title


def _table(
    entries: list[_Entry],
    fallback: str,
    title: str,
    url: str,
    fmt: str,
    source: Source,
    options: ReadOptions,
    encoding: str,
) -> RawTable:
    page = _page_name(title)
    fallback_date = _date(fallback)
    incidents: list[PageIncident] = []
    never_began = 0
    for entry in entries:
        incident = _incident(entry, fallback_date, options.tz, page, url or source.name)
        if incident is None:
            never_began += 1
        else:
            incidents.append(incident)
    excluded = {_NEVER_BEGAN: never_began} if never_began else {}
    return incident_table(incidents, fmt, source, options.component, excluded, encoding=encoding)


def _atom_link(node: _Node) -> str:
    for link in node.all("link"):
        if link.attrs.get("rel", "alternate") == "alternate" and link.attrs.get("href"):
            return link.attrs["href"].strip()
    return ""


def _atom_text(node: _Node | None) -> str:
    """An Atom text construct: plain text, or HTML (the XML parser has unescaped it)."""
    return "" if node is None else node.text


def _wrong_root(source: Source, root: _Node, wanted: str, other: str) -> FormatError:
    msg = (
        f"{source.label}: is not {wanted} (its root element is <{root.name}>); "
        f"pass format={other!r} for the other Statuspage feed, or save history.atom / "
        "history.rss again from the status page"
    )
    return FormatError(msg)


def read_atom(source: Source, options: ReadOptions) -> RawTable:
    """Read a Statuspage ``history.atom`` feed: one outage row per entry.

    Parameters
    ----------
    source
        An opened file.
    options
        ``options.tz`` reads zone abbreviations that name several zones, and times
        printed without a zone; ``options.component`` keeps only the entries that name
        that component in a ``This incident affected:`` line.

    Returns
    -------
    RawTable
        Canonical outage columns as text (times in UTC with ``+00:00``); lines are the
        lines of the ``<entry>`` tags.

    Raises
    ------
    FormatError
        The file declares a DOCTYPE or ENTITY, is not well-formed XML, or is not an Atom feed.
    DataError
        The feed has no entries, or none naming ``options.component``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> feed = '''<feed xmlns="http://www.w3.org/2005/Atom"><title>Shop Status - Incident
    ... History</title><entry><id>tag:status.shop.example,2005:Incident/1</id>
    ... <published>2026-08-04T02:00:00Z</published><title>Checkout down</title>
    ... <link rel="alternate" href="https://status.shop.example/incidents/k1"/>
    ... <content type="html">&lt;small&gt;Aug 4, 02:00 UTC&lt;/small&gt;&lt;strong&gt;Resolved
    ... &lt;/strong&gt;&lt;small&gt;Aug 4, 01:40 UTC&lt;/small&gt;&lt;strong&gt;Investigating
    ... &lt;/strong&gt;</content></entry></feed>'''
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "history.atom"
    >>> _ = p.write_text(feed, encoding="utf-8")
    >>> table = read_atom(open_source(p), ReadOptions("outages"))
    >>> table.frame.loc[0, ["incident_id", "start", "end"]].tolist()
    ['k1', '2026-08-04T01:40:00+00:00', '2026-08-04T02:00:00+00:00']
    >>> table.lines.tolist()  # the line of <entry>
    [2]
    """
    text, encoding = _feed_text(source, "statuspage-atom", options.encoding)
    root = _parse_xml(text, source)
    if root.name != "feed" or root.ns != ATOM_NS:
        raise _wrong_root(source, root, "an Atom feed", "statuspage-rss")
    entries = [
        _Entry(
            line=node.line,
            ident=node.child_text("id"),
            link=_atom_link(node),
            title=_atom_text(node.first("title")),
            content=_atom_text(node.first("content") or node.first("summary")),
            date=node.child_text("published") or node.child_text("updated"),
        )
        for node in root.all("entry")
    ]
    return _table(
        entries,
        root.child_text("updated"),
        _atom_text(root.first("title")),
        _atom_link(root),
        "statuspage-atom",
        source,
        options,
        encoding,
    )


def read_rss(source: Source, options: ReadOptions) -> RawTable:
    """Read a Statuspage ``history.rss`` feed: one outage row per item.

    Parameters and results as :func:`read_atom`; an item without a ``<pubDate>`` takes
    the channel's date (``<pubDate>``, else ``<lastBuildDate>``) to place its updates.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> feed = '''<rss version="2.0"><channel><title>Shop Status - Incident History</title>
    ... <link>https://status.shop.example</link><item><title>Checkout down</title>
    ... <description>&lt;small&gt;Jan 1, 08:40 CST&lt;/small&gt;&lt;strong&gt;Investigating
    ... &lt;/strong&gt;</description><pubDate>Thu, 01 Jan 2026 08:41:00 +0800</pubDate>
    ... <link>https://status.shop.example/incidents/k2</link></item></channel></rss>'''
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "history.rss"
    >>> _ = p.write_text(feed, encoding="utf-8")
    >>> row = read_rss(open_source(p), ReadOptions("outages")).frame.iloc[0]
    >>> row["service"], row["start"], row["end"]
    ('Shop', '2026-01-01T00:40:00+00:00', nan)
    """
    text, encoding = _feed_text(source, "statuspage-rss", options.encoding)
    root = _parse_xml(text, source)
    channel = root.first("channel")
    if root.name != "rss" or root.ns or channel is None:
        raise _wrong_root(source, root, "an RSS 2.0 feed", "statuspage-atom")
    entries = [
        _Entry(
            line=node.line,
            ident=node.child_text("guid"),
            link=node.child_text("link"),
            title=node.child_text("title"),
            content=node.child_text("description") or node.child_text("encoded"),
            date=node.child_text("pubDate"),
        )
        for node in channel.all("item")
    ]
    return _table(
        entries,
        channel.child_text("pubDate") or channel.child_text("lastBuildDate"),
        channel.child_text("title"),
        channel.child_text("link"),
        "statuspage-rss",
        source,
        options,
        encoding,
    )


# --- content tests --------------------------------------------------------------------


def _sniff(head: bytes, root_name: str, what: str) -> Fit:
    text = sniff_text(head)
    prolog = _PROLOG.match(text)
    rest = text[prolog.end() if prolog else 0 :]
    root = _ROOT.match(rest)
    if root is None:
        return Fit(False, "not XML (no element at the start)")
    if root.group(1) != root_name:
        return Fit(False, f"root element is <{root.group(1)}>, not <{root_name}>")
    if root_name == "feed" and ATOM_NS not in rest[:4096]:
        return Fit(False, "a <feed> without the Atom namespace")
    if not _PAGE_MARKS.search(text):
        return Fit(False, f"{what} without Statuspage incidents (no dated updates or links)")
    return Fit(True)


def sniff_atom(head: bytes, source: Source) -> Fit:
    """Whether the file is a Statuspage ``history.atom`` feed.

    Examples
    --------
    >>> s = Source(label="h.atom", name="h.atom")
    >>> sniff_atom(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
    ...            b'<title>Shop Status - Incident History</title>', s).ok
    True
    >>> sniff_atom(b'<rss version="2.0">', s).why
    'root element is <rss>, not <feed>'
    """
    return _sniff(head, "feed", "an Atom feed")


def sniff_rss(head: bytes, source: Source) -> Fit:
    """Whether the file is a Statuspage ``history.rss`` feed.

    Examples
    --------
    >>> s = Source(label="h.rss", name="h.rss")
    >>> sniff_rss(b'<rss version="2.0"><channel><title>Shop Status - Incident History', s).ok
    True
    >>> sniff_rss(b'id,start', s).why
    'not XML (no element at the start)'
    """
    return _sniff(head, "rss", "an RSS feed")
