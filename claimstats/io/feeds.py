"""Statuspage history feeds: ``history.atom`` and ``history.rss``.

Every Statuspage page publishes its recent incidents as feeds. Each entry (Atom) or item
(RSS) is one incident: a title, a link ``https://<page>/incidents/<code>``, a date
(Atom ``<published>``, RSS ``<pubDate>``), and HTML listing the updates, newest first.
This module parses the XML and makes each entry an outage row; the updates in the HTML
are read, and their times placed (the year, zone abbreviations), by
:mod:`claimstats.io.feed_updates`. An item without a date of its own places its updates
with the feed's.

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

XML is parsed with ``defusedxml`` (expat underneath), which refuses a document with a
``<!DOCTYPE`` and so with any ``<!ENTITY`` (entity expansion can exhaust memory;
Statuspage feeds have none).
"""

from __future__ import annotations

import html
import pyexpat
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import SimpleNamespace
from typing import Final

from defusedxml.common import DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from claimstats.errors import ConfigError, FormatError
from claimstats.io.feed_updates import Update, parse_updates, plain_text, update_times
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source, check_encoding, decode_file, sniff_text
from claimstats.io.statuspage import (
    BEGAN_STATUSES,
    COMPONENT_SEVERITY,
    ENDED_STATUSES,
    MAINTENANCE_STATUSES,
    OPEN_STATUSES,
    PageIncident,
    incident_table,
    worst_severity,
)
from claimstats.io.tables import RawTable

__all__ = ["read_atom", "read_rss", "sniff_atom", "sniff_rss"]

ATOM_NS: Final = "http://www.w3.org/2005/Atom"

#: Statuspage's status words as its feeds print them (``in progress``)
_MAINTENANCE, _OPEN, _BEGAN, _DONE = (
    [word.replace("_", " ") for word in words]
    for words in (MAINTENANCE_STATUSES, OPEN_STATUSES, BEGAN_STATUSES, ENDED_STATUSES)
)
#: component statuses the text may state (maintenance aside) -> severity
_PHRASES: Final = {
    word.replace("_", " "): severity
    for word, severity in COMPONENT_SEVERITY.items()
    if severity != "maintenance"
}
_NEVER_BEGAN = "maintenances that never began (no 'In progress' update)"

_DECLARED = re.compile(
    rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]{0,200}?encoding=[\"']([A-Za-z0-9._\-]{1,40})[\"']"
)
_PROLOG = re.compile(
    r"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.S | re.I
)
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_PAGE_MARKS = re.compile(r"data-var=|Incident History|/incidents/|:Incident/", re.IGNORECASE)
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

    def first(self, *names: str) -> _Node | None:
        """The first child named ``names[0]``, else the first named ``names[1]``..."""
        return next((c for name in names for c in self.children if c.name == name), None)

    def child_text(self, *names: str) -> str:
        node = self.first(*names)
        return node.text if node is not None else ""


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
    roots: list[_Node] = []
    stack: list[_Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        ns, _, local = tag.lstrip("{").rpartition("}")  # "{ns}local" or "local"
        node = _Node(local, ns, attrs, expat.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    target = SimpleNamespace(start=start, end=end, data=chars)
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    expat = parser.parser  # kept: close() drops the attribute
    try:
        parser.feed(text)
        parser.close()
        return roots[0]
    except DTDForbidden:  # raised at the DOCTYPE, before any <!ENTITY in it
        line, declared = expat.CurrentLineNumber, "DOCTYPE"
    except ParseError as exc:
        line, column = exc.position
        at = expat.ErrorByteIndex  # expat finds an <!ENTITY outside a DOCTYPE malformed
        if text.encode()[at : at + 8] != b"<!ENTITY":
            msg = (
                f"{source.label}: is not well-formed XML (line {line}, column "
                f"{column + 1}: {pyexpat.ErrorString(exc.code)}); the download may have "
                "been cut off: save the feed again from the status page"
            )
            raise FormatError(msg) from exc
        declared = "ENTITY"
    msg = (
        f"{source.label}: line {line} declares a {declared}; "
        "claimstats does not read XML with document type or entity declarations "
        "(entities can be made to expand until memory runs out). Statuspage feeds have "
        "none: save history.atom or history.rss again from the status page"
    )
    raise FormatError(msg)


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
    return worst_severity(severity for phrase, severity in _PHRASES.items() if phrase in text)


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
        began = [t for wanted in _BEGAN for u, t in timeline if u.status == wanted]
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
    title = plain_text(entry.title)
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
    title = plain_text(title)
    named = _FEED_TITLE.match(title)
    return named.group("name").strip() if named and named.group("name").strip() else title


#: a feed's entries, and its date, title and link
_Feed = tuple[list[_Entry], str, str, str]


def _read_feed(
    source: Source, options: ReadOptions, fmt: str, feed: Callable[[_Node], _Feed | None]
) -> RawTable:
    """The table of a feed; ``feed`` reads its root, None when the root is not the feed's."""
    text, encoding = _feed_text(source, fmt, options.encoding)
    root = _parse_xml(text, source)
    parts = feed(root)
    if parts is None:
        wanted, other = (
            ("an Atom feed", "statuspage-rss")
            if fmt == "statuspage-atom"
            else ("an RSS 2.0 feed", "statuspage-atom")
        )
        msg = (
            f"{source.label}: is not {wanted} (its root element is <{root.name}>); "
            f"pass format={other!r} for the other Statuspage feed, or save history.atom / "
            "history.rss again from the status page"
        )
        raise FormatError(msg)
    entries, date, title, url = parts
    fallback, page = _date(date), _page_name(title)
    incidents = [_incident(e, fallback, options.tz, page, url or source.name) for e in entries]
    return incident_table(
        incidents, fmt, source, options.component, _NEVER_BEGAN, encoding=encoding
    )


def _atom_link(node: _Node) -> str:
    for link in node.all("link"):
        if link.attrs.get("rel", "alternate") == "alternate" and link.attrs.get("href"):
            return link.attrs["href"].strip()
    return ""


def _atom_feed(root: _Node) -> _Feed | None:
    if root.name != "feed" or root.ns != ATOM_NS:
        return None
    entries = [
        _Entry(
            line=node.line,
            ident=node.child_text("id"),
            link=_atom_link(node),
            title=node.child_text("title"),
            content=node.child_text("content", "summary"),  # Atom text or HTML, unescaped
            date=node.child_text("published") or node.child_text("updated"),
        )
        for node in root.all("entry")
    ]
    return entries, root.child_text("updated"), root.child_text("title"), _atom_link(root)


def _rss_feed(root: _Node) -> _Feed | None:
    channel = root.first("channel")
    if root.name != "rss" or root.ns or channel is None:
        return None
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
    date = channel.child_text("pubDate") or channel.child_text("lastBuildDate")
    return entries, date, channel.child_text("title"), channel.child_text("link")


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
    return _read_feed(source, options, "statuspage-atom", _atom_feed)


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
    return _read_feed(source, options, "statuspage-rss", _rss_feed)


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
