"""Atlassian Statuspage ``incidents.json``: a status page's own record of its incidents.

The public API of every Statuspage page (``https://<page>/api/v2/incidents.json``)
returns ``{"page": {...}, "incidents": [...]}``; ``scheduled-maintenances.json`` holds
``"scheduled_maintenances"`` in the same shape, and ``summary.json`` both lists. Each
incident becomes one outage row:

* ``start`` is ``started_at`` (``created_at`` when absent). A maintenance starts at its
  first ``in_progress`` update (``verifying`` failing that): its ``created_at`` is when it
  was announced, often days earlier. A maintenance that never reached ``in_progress``
  (still scheduled, or postponed) is left out and counted in ``RawTable.excluded``.
* ``end`` is ``resolved_at``, or the last ``resolved``/``completed`` update; it stays
  empty (open) while the incident's status is investigating, identified, monitoring,
  in_progress or verifying.
* ``severity`` is the worse of the page's ``impact`` and the worst component status the
  updates reported (``affected_components[].new_status``): critical/major and
  ``major_outage`` are *outage*, minor and ``partial_outage`` *partial*,
  ``degraded_performance`` *degraded*. Impact ``none`` (the page said something was
  wrong but marked no impact, often an informational notice) is *degraded*, the mildest
  interruption, so that it stays in the evidence but never reads as a full outage.
  Maintenances are *maintenance* whatever their components reported. The incident's own
  ``components[].status`` is the component's status *now*, not during the incident, so
  it is not used.
* ``service`` is the affected component names joined by ``", "`` (the page name when the
  incident names none); with ``component=`` it is the chosen component's name.
* ``description`` is the incident name and its shortlink; ``source`` the page URL.

Row numbers are positions in the list from 1 (incidents, then maintenances).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from claimstats.errors import DataError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source, decode_file, sniff_text
from claimstats.io.tables import RawTable, finish_table
from claimstats.schema import SEVERITIES

__all__ = [
    "COMPONENT_SEVERITY",
    "IMPACT_SEVERITY",
    "PageIncident",
    "incident_table",
    "read_statuspage",
    "sniff_statuspage",
    "worst_severity",
]

#: Statuspage incident ``impact`` -> severity
IMPACT_SEVERITY: Final[dict[str, str]] = {
    "critical": "outage",
    "major": "outage",
    "minor": "partial",
    "none": "degraded",
    "maintenance": "maintenance",
}

#: Statuspage component status (as reported in an incident update) -> severity
COMPONENT_SEVERITY: Final[dict[str, str]] = {
    "major_outage": "outage",
    "partial_outage": "partial",
    "degraded_performance": "degraded",
    "under_maintenance": "maintenance",
}

#: statuses of a maintenance (of an incident or of its updates)
MAINTENANCE_STATUSES: Final = frozenset({"scheduled", "in_progress", "verifying", "completed"})
#: statuses of an incident not yet over
OPEN_STATUSES: Final = frozenset(
    {"investigating", "identified", "monitoring", "in_progress", "verifying"}
)
#: update statuses a maintenance begins with, the first found
BEGAN_STATUSES: Final = ("in_progress", "verifying")
#: update statuses that end an incident or a maintenance
ENDED_STATUSES: Final = ("resolved", "completed")

_LISTS = ("incidents", "scheduled_maintenances")
_DONE_STATUSES = frozenset({*ENDED_STATUSES, "postmortem"})
_NEVER_BEGAN = "maintenances that never began (no 'in progress' update)"

_OBJECT_START = re.compile(r"\A\s*\{")
_LIST_KEY = re.compile(r'"(incidents|scheduled_maintenances)"\s*:\s*\[')
_PAGE_MARKS = re.compile(r'"page"\s*:\s*\{|"incident_updates"\s*:|"shortlink"\s*:')


@dataclass(frozen=True)
class PageIncident:
    """One incident of a status page before validation: times as text, as found.

    Attributes
    ----------
    line
        Where it is in the file: list position from 1 (JSON) or the line of the feed entry.
    incident_id
        The page's id of the incident (empty when it has none).
    start, end
        Times as text with their offsets, or None (``end``: still open).
    severity
        One of :data:`claimstats.schema.SEVERITIES`, or the page's own word when unknown
        (validation then reports it).
    description
        Incident name and link.
    components
        ``(id, name)`` of each affected component (id empty when the source has none).
    page
        The page's name: the service when no component is named.
    source
        Where the evidence comes from: the page URL, or the file name.
    """

    line: int
    incident_id: str
    start: str | None
    end: str | None
    severity: str
    description: str
    components: tuple[tuple[str, str], ...]
    page: str
    source: str

    def _spelling(self, component: str) -> str | None:
        wanted = component.strip()
        for cid, name in self.components:
            if wanted == cid or wanted.casefold() == name.casefold():
                return name
        return None

    def affects(self, component: str) -> bool:
        """True when ``component`` is the id or (case-insensitively) the name of one of
        the incident's components.

        Examples
        --------
        >>> PageIncident(1, "x", None, None, "outage", "", (("c1", "API"),), "P", "s").affects("api")
        True
        """
        return self._spelling(component) is not None

    def component_name(self, component: str) -> str:
        """The incident's own spelling of ``component`` (an id or a name)."""
        spelled = self._spelling(component)
        return component if spelled is None else spelled


def worst_severity(severities: Iterable[str], default: str = "outage") -> str:
    """The worst of some severities (``outage`` > ``partial`` > ``degraded`` >
    ``maintenance``); ``default`` when there are none.

    Examples
    --------
    >>> worst_severity(["degraded", "partial"])
    'partial'
    >>> worst_severity([], default="degraded")
    'degraded'
    """
    known = [s for s in severities if s in SEVERITIES]
    return min(known, key=SEVERITIES.index) if known else default


def sniff_statuspage(head: bytes, source: Source) -> Fit:
    """Whether the file is a Statuspage ``incidents.json`` (or scheduled maintenances).

    Looks at the text only, since 64 KiB of a large file is not complete JSON: a JSON
    object with an ``"incidents"`` (or ``"scheduled_maintenances"``) list and a
    Statuspage mark (``"page": {``, ``"incident_updates"`` or ``"shortlink"``).

    Examples
    --------
    >>> s = Source(label="i.json", name="i.json")
    >>> sniff_statuspage(b'{"page": {"id": "x"}, "incidents": [', s).ok
    True
    >>> sniff_statuspage(b'[{"start": "2026-08-04"}]', s).why
    'not a JSON object'
    """
    text = sniff_text(head)
    if not _OBJECT_START.match(text):
        return Fit(False, "not a JSON object")
    if not _LIST_KEY.search(text):
        return Fit(False, 'no "incidents" list in the first 64 KiB')
    if not _PAGE_MARKS.search(text):
        return Fit(False, 'an "incidents" list without Statuspage fields (page, shortlink)')
    return Fit(True)


def _text(value: object) -> str | None:
    """A JSON scalar as stripped text; None for null, blanks, lists and objects."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        text = str(value).strip()
        return text or None
    return None


def _objects(value: object) -> list[dict[str, object]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _word(value: object) -> str:
    return (_text(value) or "").lower().replace(" ", "_").replace("-", "_")


def _updates(incident: Mapping[str, object]) -> list[tuple[str, str | None, list[dict]]]:
    """``(status, time, affected components)`` of each update, as listed."""
    return [
        (
            _word(update.get("status")),
            _text(update.get("display_at")) or _text(update.get("created_at")),
            _objects(update.get("affected_components")),
        )
        for update in _objects(incident.get("incident_updates"))
    ]


def _components(incident: Mapping[str, object], updates: list) -> tuple[tuple[str, str], ...]:
    """The incident's components, then any others its updates name, without repeats."""
    found: list[tuple[str, str]] = []
    pairs = [(c.get("id"), c.get("name")) for c in _objects(incident.get("components"))]
    pairs += [(c.get("code"), c.get("name")) for _, _, affected in updates for c in affected]
    for cid, name in pairs:
        cid_text, name_text = _text(cid) or "", _text(name) or _text(cid)
        if not name_text or any(
            (cid_text and cid_text == known_id) or name_text.casefold() == known.casefold()
            for known_id, known in found
        ):
            continue
        found.append((cid_text, name_text))
    return tuple(found)


def _is_maintenance(incident: Mapping[str, object]) -> bool:
    return (
        _word(incident.get("impact")) == "maintenance"
        or _text(incident.get("scheduled_for")) is not None
        or _word(incident.get("status")) in MAINTENANCE_STATUSES
    )


def _instant(text: str) -> pd.Timestamp | None:
    stamp = pd.to_datetime(text, format="ISO8601", errors="coerce")
    return None if pd.isna(stamp) or stamp.tzinfo is None else stamp


def _pick(times: list[str], latest: bool) -> str | None:
    """The earliest (or latest) of some times as text; with a time that cannot be
    read, the one listed last (first), as the API lists updates newest first."""
    if not times:
        return None
    stamps = [_instant(t) for t in times]
    if any(s is None for s in stamps):
        return times[0] if latest else times[-1]
    order = sorted(range(len(times)), key=lambda i: stamps[i])  # type: ignore[arg-type,return-value]
    return times[order[-1] if latest else order[0]]


def _first_time(updates: list, statuses: Sequence[str]) -> str | None:
    """The time of the earliest update with the first of ``statuses`` found."""
    for wanted in statuses:
        first = _pick([time for status, time, _ in updates if status == wanted and time], False)
        if first:
            return first
    return None


def _end(incident: Mapping[str, object], updates: list) -> str | None:
    status = _word(incident.get("status"))
    if status in OPEN_STATUSES:
        return None
    resolved = _text(incident.get("resolved_at"))
    if resolved or status not in _DONE_STATUSES:
        return resolved
    return _pick([t for s, t, _ in updates if s in ENDED_STATUSES and t], True)


def _severity(incident: Mapping[str, object], updates: list) -> str:
    if _is_maintenance(incident):
        return "maintenance"
    impact = _word(incident.get("impact"))
    reported = [
        COMPONENT_SEVERITY.get(_word(c.get("new_status")), "") for _, _, affected in updates
        for c in affected
    ]  # fmt: skip
    reported = [s for s in reported if s and s != "maintenance"]
    if impact and impact not in IMPACT_SEVERITY:
        return impact  # an unknown word: validation names it
    levels = [IMPACT_SEVERITY[impact]] if impact else []
    return worst_severity(levels + reported, default="outage")


def _description(incident: Mapping[str, object]) -> str:
    name = _text(incident.get("name")) or ""
    link = _text(incident.get("shortlink"))
    return f"{name} ({link})" if link and name else name or link or ""


def _page(data: Mapping[str, object], source: Source) -> tuple[str, str]:
    """The page's name (service when no component is named) and URL (the source)."""
    page = data.get("page")
    page = page if isinstance(page, dict) else {}
    url = _text(page.get("url"))
    name = _text(page.get("name")) or url or ""
    return name, url or source.name


def _load(text: str, source: Source) -> dict[str, object]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = (
            f"{source.label}: is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}); the download may have been cut off: save incidents.json again "
            "from https://<your status page>/api/v2/incidents.json"
        )
        raise FormatError(msg) from exc
    except (ValueError, RecursionError) as exc:  # huge numbers, absurd nesting
        msg = (
            f"{source.label}: cannot be read as JSON ({type(exc).__name__}); save "
            "incidents.json again from the status page"
        )
        raise FormatError(msg) from exc
    lists = [key for key in _LISTS if isinstance(data, dict) and isinstance(data.get(key), list)]
    if not lists:
        found = ", ".join(repr(k) for k in list(data)[:10]) if isinstance(data, dict) else ""
        what = f"an object without an 'incidents' list (keys found: {found or 'none'})"
        if not isinstance(data, dict):
            what = f"a JSON {type(data).__name__}, not a Statuspage object"
        msg = (
            f"{source.label}: holds {what}; save https://<your status page>/api/v2/"
            "incidents.json, or pass format='json' for your own list of outages"
        )
        raise FormatError(msg)
    return data


def _records(data: Mapping[str, object], source: Source) -> list[Mapping[str, object]]:
    records: list[Mapping[str, object]] = []
    for key in _LISTS:
        for item in data.get(key) or []:
            if not isinstance(item, dict):
                msg = (
                    f"{source.label}: record {len(records) + 1} of {key!r} is a JSON "
                    f"{type(item).__name__}, not an incident object; save incidents.json "
                    "again from the status page"
                )
                raise FormatError(msg)
            records.append(item)
    return records


def read_statuspage(source: Source, options: ReadOptions) -> RawTable:
    """Read a Statuspage ``incidents.json`` (or ``scheduled-maintenances.json``).

    Parameters
    ----------
    source
        An opened file.
    options
        ``options.component`` (a component name or id) keeps only the incidents that
        affected it; the others are counted in ``RawTable.excluded``.

    Returns
    -------
    RawTable
        Canonical outage columns as text, one row per incident, lines = list positions.

    Raises
    ------
    FormatError
        The file is not JSON, or not a Statuspage object with an ``incidents`` list.
    DataError
        The page holds no incidents, or none that affected ``options.component``.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> page = {"page": {"name": "Shop", "url": "https://status.shop.example"},
    ...         "incidents": [{"id": "k1", "name": "Checkout down", "impact": "major",
    ...                        "status": "resolved", "created_at": "2026-08-04T09:40:00+08:00",
    ...                        "resolved_at": "2026-08-04T11:00:00+08:00", "components": []}]}
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "incidents.json"
    >>> _ = p.write_text(json.dumps(page), encoding="utf-8")
    >>> table = read_statuspage(open_source(p), ReadOptions("outages"))
    >>> table.frame.loc[0, ["service", "start", "severity"]].tolist()
    ['Shop', '2026-08-04T09:40:00+08:00', 'outage']
    """
    text, encoding = decode_file(source, "statuspage", options.encoding)
    data = _load(text, source)
    page, url = _page(data, source)
    incidents: list[PageIncident | None] = []
    for line, record in enumerate(_records(data, source), 1):
        updates = _updates(record)
        if _is_maintenance(record):
            start = _first_time(updates, BEGAN_STATUSES)
            if start is None:
                incidents.append(None)  # a maintenance that never began
                continue
        else:
            start = _text(record.get("started_at")) or _text(record.get("created_at"))
        incidents.append(
            PageIncident(
                line=line,
                incident_id=_text(record.get("id")) or "",
                start=start,
                end=_end(record, updates),
                severity=_severity(record, updates),
                description=_description(record),
                components=_components(record, updates),
                page=page,
                source=url,
            )
        )
    return incident_table(incidents, "statuspage-json", source, options.component, _NEVER_BEGAN,
                          encoding=encoding)  # fmt: skip


def _known_components(incidents: Sequence[PageIncident]) -> list[str]:
    names: dict[str, str] = {}
    for incident in incidents:
        for _, name in incident.components:
            names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def incident_table(
    read: Sequence[PageIncident | None],
    fmt: str,
    source: Source,
    component: str | None,
    never_began: str,
    *,
    encoding: str | None = None,
) -> RawTable:
    """The raw table of a status page's incidents, kept to one component if asked.

    Parameters
    ----------
    read
        The incidents read, in file order; None for an entry left out on purpose (a
        maintenance that never began).
    fmt
        Provenance label, e.g. ``"statuspage-json"``.
    source
        The file, for messages.
    component
        Keep only incidents affecting this component (id, or name in any case); None
        keeps all. The service of the rows kept is then the component's name.
    never_began
        Why the None entries were left out, for the table's ``excluded``; the component
        filter adds its own reason.
    encoding
        The text encoding the file was read with.

    Raises
    ------
    DataError
        No incidents; or none affecting ``component`` (the message names those that exist).

    Examples
    --------
    >>> from claimstats.io.sources import Source
    >>> rows = [PageIncident(1, "a", "2026-08-04T01:40Z", None, "outage", "Down",
    ...                      (("c1", "API"), ("c2", "Web")), "Shop", "s"),
    ...         PageIncident(2, "b", "2026-08-05T01:40Z", None, "partial", "Slow",
    ...                      (("c2", "Web"),), "Shop", "s")]
    >>> table = incident_table(rows, "test", Source(label="x", name="x"), "api", "")
    >>> table.frame["service"].tolist(), table.excluded
    (['API'], {"incidents not affecting component 'api'": 1})
    """
    what = "entries" if fmt.endswith(("atom", "rss")) else "incidents"
    incidents = [incident for incident in read if incident is not None]
    left_out = len(read) - len(incidents)
    excluded = {never_began: left_out} if left_out else {}
    if not incidents:
        reason = f" ({left_out} {never_began})" if left_out else ""
        msg = (
            f"holds no incidents{reason}; nothing was reported in this export. If you "
            "expected some, save it again from the status page (it lists the most "
            "recent incidents only) or check that it is the right page"
        )
        raise DataError(msg, source=source.label)
    kept = incidents
    if component is not None:
        kept = [incident for incident in incidents if incident.affects(component)]
        if not kept:
            names = _known_components(incidents)
            known = (
                f"they name {', '.join(repr(n) for n in names)}; pass one of these as "
                "component=, or leave component out to read every incident"
                if names
                else "none of them names its components; leave component out, or read "
                "the page's incidents.json, which lists the components of each incident"
            )
            msg = f"none of the {len(incidents)} {what} affects component {component!r}: {known}"
            raise DataError(msg, source=source.label)
        left_out = len(incidents) - len(kept)
        if left_out:
            excluded[f"{what} not affecting component {component!r}"] = left_out
    frame = pd.DataFrame(
        {
            "incident_id": [i.incident_id for i in kept],
            "service": [
                i.component_name(component)
                if component is not None
                else ", ".join(name for _, name in i.components) or i.page
                for i in kept
            ],
            "start": [i.start for i in kept],
            "end": [i.end for i in kept],
            "severity": [i.severity for i in kept],
            "description": [i.description for i in kept],
            "source": [i.source for i in kept],
        },
        dtype="str",
    )
    lines = np.array([i.line for i in kept], dtype=np.int64)
    table = finish_table(frame, lines, fmt, source)
    return dataclasses.replace(table, encoding=encoding, excluded=excluded)
