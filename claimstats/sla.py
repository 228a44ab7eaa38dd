"""The SLA view: monthly uptime per service and the service credit it earns.

Cloud and SaaS providers promise a monthly uptime and pay a *service credit*, a share
of the monthly fee, when a month falls short. :func:`monthly_uptime` measures every
calendar month of the claimant's zone that an interruption touches: the month's length
(28 to 31 days, one hour shorter or longer in a month where the clocks change), the
downtime inside it (an interruption across a month's end is split between the months),
the uptime, and the tier of an :class:`~claimstats.models.SlaSchedule` it meets.

Which interruptions are downtime is set by ``weights`` (:data:`DOWNTIME_WEIGHTS` by
default): a full ``outage`` and a ``partial`` outage count in full, since the claimant's
own use was interrupted; ``degraded`` service (slow but working) and announced
``maintenance`` do not, as SLAs usually exclude them. Pass e.g. ``{"partial": 0.5}`` to
count partial outages by half. A merged incident has its worst severity.

Uptime and tiers are computed exactly (integer microseconds and decimal thresholds), so
a month at exactly 99.9 % does not earn the "below 99.9 %" credit.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from fractions import Fraction
from itertools import pairwise

import pandas as pd

from claimstats._time import utc_timestamp, zone
from claimstats.errors import ConfigError, DataError, RowProblem
from claimstats.incidents import check_incident_frame
from claimstats.io.lists import read_list
from claimstats.models import SlaMonth, SlaSchedule, SlaTier
from claimstats.schema import SEVERITIES

__all__ = [
    "DOWNTIME_WEIGHTS",
    "SLA_COLUMNS",
    "check_tiers",
    "monthly_uptime",
    "read_sla_schedule",
    "sla_schedule_from_rows",
    "tier_for",
]

#: how much of an incident of each severity counts as downtime, by default
DOWNTIME_WEIGHTS: Mapping[str, float] = {
    "outage": 1.0,
    "partial": 1.0,
    "degraded": 0.0,
    "maintenance": 0.0,
}

#: the columns of an SLA schedule file, both required
SLA_COLUMNS = ("below_uptime_percent", "credit_percent")

_MICROSECONDS_PER_MINUTE = 60_000_000
_MICROSECOND = pd.Timedelta(1, "us")


def _exact(value: float) -> Fraction:
    """A float as the decimal it was written as (99.9 -> 999/10), exactly."""
    return Fraction(repr(float(value)))


def _tier_problems(pairs: Sequence[tuple[float, float]]) -> list[tuple[list[int], str, str]]:
    """(row positions, column, reason) for every problem in (threshold, credit) pairs."""
    problems: list[tuple[list[int], str, str]] = []
    bad_threshold = [i for i, (t, _) in enumerate(pairs) if not (math.isfinite(t) and 0 < t <= 100)]
    bad_credit = [i for i, (_, c) in enumerate(pairs) if not (math.isfinite(c) and 0 <= c <= 100)]
    if bad_threshold:
        problems.append(
            (bad_threshold, SLA_COLUMNS[0], "must be more than 0 and at most 100, e.g. 99.9")
        )
    if bad_credit:
        problems.append((bad_credit, SLA_COLUMNS[1], "must be from 0 to 100, e.g. 10"))
    seen: dict[float, list[int]] = {}
    for i, (threshold, _) in enumerate(pairs):
        seen.setdefault(threshold, []).append(i)
    for rows in seen.values():
        if len(rows) > 1:
            problems.append((rows, SLA_COLUMNS[0], "the same threshold twice; keep one tier"))
    ordered = sorted(range(len(pairs)), key=lambda i: -pairs[i][0])
    for higher, lower in pairwise(ordered):
        if pairs[lower][1] < pairs[higher][1]:
            problems.append(
                (
                    sorted([higher, lower]),
                    SLA_COLUMNS[1],
                    "a lower uptime must not earn a smaller credit; check the tiers' order",
                )
            )
    return problems


def check_tiers(tiers: Sequence[SlaTier]) -> list[SlaTier]:
    """The tiers of a schedule, checked and sorted from the highest threshold down.

    Raises
    ------
    ConfigError
        No tier; a threshold outside (0, 100] or repeated; a credit outside [0, 100];
        or a lower threshold with a smaller credit.

    Examples
    --------
    >>> [t.below_uptime_percent for t in check_tiers(
    ...     [SlaTier(below_uptime_percent=99, credit_percent=25),
    ...      SlaTier(below_uptime_percent=99.9, credit_percent=10)])]
    [99.9, 99.0]
    """
    if not tiers:
        msg = "an SLA schedule needs at least one tier, e.g. below 99.9 % uptime: 10 % credit"
        raise ConfigError(msg)
    pairs = [(t.below_uptime_percent, t.credit_percent) for t in tiers]
    problems = _tier_problems(pairs)
    if problems:
        rows, column, reason = problems[0]
        named = ", ".join(str(i + 1) for i in rows)
        msg = f"SLA tier {named}: {column} {reason}"
        raise ConfigError(msg)
    return sorted(tiers, key=lambda t: -t.below_uptime_percent)


def tier_for(schedule: SlaSchedule, uptime_percent: float | Fraction) -> SlaTier | None:
    """The tier a monthly uptime earns: the lowest threshold it is below, or None.

    Examples
    --------
    >>> tier_for(SlaSchedule(), 98.0).credit_percent, tier_for(SlaSchedule(), 99.9)
    (25.0, None)
    """
    uptime = uptime_percent if isinstance(uptime_percent, Fraction) else _exact(uptime_percent)
    met = [t for t in schedule.tiers if uptime < _exact(t.below_uptime_percent)]
    return met[-1] if met else None


def _blank(value: object) -> bool:
    """True for a missing cell: None, NaN or only whitespace."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and math.isnan(value))


def _percent(value: object) -> float | None:
    """A percentage from a number or text such as ``'99.9'`` or ``'99.9 %'``; None if not."""
    if isinstance(value, bool) or _blank(value):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip()
        try:
            return float(text)
        except ValueError:
            return None
    return None


def sla_schedule_from_rows(
    rows: Iterable[Mapping[str, object]],
    source: str = "rows",
    lines: Sequence[int] | None = None,
) -> SlaSchedule:
    """An SLA schedule from rows with ``below_uptime_percent`` and ``credit_percent``.

    Parameters
    ----------
    rows
        One mapping per tier; percentages as numbers or text (``99.9`` or ``'99.9%'``).
        Column names are matched ignoring case and surrounding spaces.
    source
        Named in error messages: the file, or ``"rows"``.
    lines
        The line of each row in its file, for messages; rows are counted from 1 by default.

    Raises
    ------
    DataError
        No rows, another column, or bad values; every problem is named with its line
        and column.

    Examples
    --------
    >>> s = sla_schedule_from_rows([{"below_uptime_percent": "99.5%", "credit_percent": 5},
    ...                             {"below_uptime_percent": 98, "credit_percent": "30"}])
    >>> [(t.below_uptime_percent, t.credit_percent) for t in s.tiers]
    [(99.5, 5.0), (98.0, 30.0)]
    """
    records = list(rows)
    numbers = list(lines) if lines is not None else list(range(1, len(records) + 1))
    if not records:
        msg = "holds no tiers; give at least one row, e.g. below_uptime_percent=99.9, credit_percent=10"
        raise DataError(msg, source=source)
    not_mapping = [numbers[i] for i, r in enumerate(records) if not isinstance(r, Mapping)]
    if not_mapping:
        problem = RowProblem("(row)", "not a record of columns", not_mapping)
        msg = "rows must be records with below_uptime_percent and credit_percent:"
        raise DataError(msg, source=source, problems=[problem])
    named = [{str(k).strip().lower(): v for k, v in r.items()} for r in records]
    unknown = sorted({k for r in named for k in r if k not in SLA_COLUMNS})
    if unknown:
        msg = (
            f"has columns an SLA schedule does not use ({', '.join(map(repr, unknown))}); "
            "name the columns below_uptime_percent and credit_percent"
        )
        raise DataError(msg, source=source)
    absent = [c for c in SLA_COLUMNS if not any(c in r for r in named)]
    if absent:
        msg = (
            f"has no column {' or '.join(map(repr, absent))}; name the columns "
            "below_uptime_percent and credit_percent"
        )
        raise DataError(msg, source=source)
    problems: list[RowProblem] = []
    columns: list[list[float]] = []
    for column in SLA_COLUMNS:
        raw = [r.get(column) for r in named]
        parsed = [_percent(v) for v in raw]
        blank = [i for i, v in enumerate(raw) if _blank(v)]
        wrong = [i for i, v in enumerate(raw) if parsed[i] is None and not _blank(v)]
        if blank:
            reason = "missing; write a percentage such as 99.9"
            problems.append(RowProblem(column, reason, [numbers[i] for i in blank]))
        if wrong:
            reason = "not a percentage; write e.g. 99.9 or 99.9%"
            found = [raw[i] for i in wrong]
            problems.append(RowProblem(column, reason, [numbers[i] for i in wrong], found))
        columns.append([math.nan if v is None else v for v in parsed])
    pairs = list(zip(*columns, strict=True))
    if not problems:
        problems = [
            RowProblem(column, reason, [numbers[i] for i in found])
            for found, column, reason in _tier_problems(pairs)
        ]
    if problems:
        problems.sort(key=lambda p: p.lines[0])
        msg = f"{len(problems)} problem(s) in the SLA schedule; fix them and run again:"
        raise DataError(msg, source=source, problems=problems)
    return SlaSchedule(tiers=[SlaTier(below_uptime_percent=t, credit_percent=c) for t, c in pairs])


def read_sla_schedule(path: str | os.PathLike[str]) -> SlaSchedule:
    """Read an SLA credit schedule from a CSV or JSON file.

    Parameters
    ----------
    path
        A ``.csv`` file with the header ``below_uptime_percent,credit_percent`` and one
        tier a line, or a ``.json`` file holding a list of such records (or
        ``{"tiers": [...]}``).

    Raises
    ------
    DataError
        The file is missing or empty, has other columns, or bad values (named by line
        and column; for a JSON list, the record's number from 1).
    FormatError
        The file is neither CSV nor JSON.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sla.csv"
    >>> _ = path.write_text("below_uptime_percent,credit_percent\\n99.95,10\\n99,30\\n",
    ...                     encoding="utf-8")
    >>> read_sla_schedule(path).credit_for(99.5)
    10.0
    """
    source, table = read_list(path, "an SLA schedule", "tiers")
    rows = table.frame.to_dict("records")
    return sla_schedule_from_rows(rows, source=source.label, lines=table.lines.tolist())


def _weights(weights: Mapping[str, float] | None) -> dict[str, Fraction]:
    merged = {**DOWNTIME_WEIGHTS, **(weights or {})}
    unknown = sorted(set(merged) - set(SEVERITIES))
    if unknown:
        msg = f"weights name unknown severities {unknown}; use {list(SEVERITIES)}"
        raise ConfigError(msg)
    bad = {k: v for k, v in merged.items() if isinstance(v, bool) or not 0 <= v <= 1}
    if bad:
        msg = f"weights {bad} must be from 0 (not downtime) to 1 (full downtime)"
        raise ConfigError(msg)
    return {k: _exact(v) for k, v in merged.items()}


def _check_incidents(inc: pd.DataFrame) -> None:
    check_incident_frame(inc, ("service", "start", "end", "severity"))
    unknown = sorted(set(inc["severity"]) - set(SEVERITIES))
    if unknown:
        msg = f"severities {unknown} are not known; use {list(SEVERITIES)}"
        raise DataError(msg, source="incidents")


def _month_bounds(year: int, month: int, tz: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First instants (UTC) of a local month and of the next one.

    A midnight that a clock change skips or repeats is taken at its first instant, which
    is where the month begins.
    """
    local = zone(tz)
    next_year, next_month = divmod(year * 12 + month, 12)
    first = datetime(year, month, 1, tzinfo=local)
    following = datetime(next_year, next_month + 1, 1, tzinfo=local)
    return (
        pd.Timestamp(first).tz_convert("UTC").as_unit("us"),
        pd.Timestamp(following).tz_convert("UTC").as_unit("us"),
    )


def _months(start: pd.Timestamp, end: pd.Timestamp, tz: str) -> list[tuple[int, int]]:
    """(year, month) of every local month the interval ``[start, end)`` touches."""
    first = start.tz_convert(zone(tz))
    last = (end - _MICROSECOND).tz_convert(zone(tz))
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [
        (year, month0 + 1)
        for year, month0 in (
            divmod(first.year * 12 + first.month - 1 + k, 12) for k in range(count)
        )
    ]


def monthly_uptime(
    inc: pd.DataFrame,
    tz: str,
    schedule: SlaSchedule | None = None,
    as_of: object = None,
    *,
    weights: Mapping[str, float] | None = None,
) -> list[SlaMonth]:
    """Uptime per service and calendar month, and the SLA credit each month earns.

    Parameters
    ----------
    inc
        Merged incidents from :func:`claimstats.incidents`.
    tz
        The claimant's IANA zone: months are calendar months of this zone.
    schedule
        The credit tiers; the typical cloud schedule of :class:`SlaSchedule` when None.
    as_of
        Time of the report (aware). Downtime after it is not counted, and a month not
        over yet is marked ``complete=False``: its uptime can only fall.
    weights
        Share of each severity's time that counts as downtime, over
        :data:`DOWNTIME_WEIGHTS` (outage and partial 1, degraded and maintenance 0).

    Returns
    -------
    list of SlaMonth
        One per service and month touched by counted downtime, by service then month.

    Examples
    --------
    >>> from claimstats.incidents import incidents
    >>> from claimstats.sample import make_sample
    >>> inc = incidents(make_sample(0).outages, as_of="2026-08-10T10:00+08:00")
    >>> [m] = monthly_uptime(inc, "Asia/Shanghai", as_of="2026-08-10T10:00+08:00")
    >>> str(m.month), m.minutes, m.downtime_minutes, round(m.uptime_percent, 4), m.credit_percent
    ('2026-08-01', 44640.0, 1770.0, 96.0349, 25.0)
    """
    zone(tz)
    schedule = SlaSchedule() if schedule is None else schedule
    share = _weights(weights)
    _check_incidents(inc)
    cutoff = None if as_of is None else utc_timestamp(as_of, "as_of")
    frame = inc.assign(_weight=inc["severity"].map(share))
    if cutoff is not None:
        frame = frame.loc[frame["start"] < cutoff]
        frame = frame.assign(end=frame["end"].where(frame["end"] <= cutoff, cutoff))
    frame = frame.loc[(frame["_weight"] > 0) & (frame["end"] > frame["start"])]
    found: dict[tuple[str, int, int], tuple[Fraction, int]] = {}
    for service, start, end, weight in zip(
        frame["service"], frame["start"], frame["end"], frame["_weight"], strict=True
    ):
        for year, month in _months(start, end, tz):
            month_start, month_end = _month_bounds(year, month, tz)
            overlap = min(end, month_end) - max(start, month_start)
            key = (str(service), year, month)
            downtime, count = found.get(key, (Fraction(0), 0))
            found[key] = (downtime + overlap // _MICROSECOND * weight, count + 1)
    months = []
    for (service, year, month), (downtime_us, count) in sorted(found.items()):
        start, end = _month_bounds(year, month, tz)
        month_us = (end - start) // _MICROSECOND
        uptime = 100 * (month_us - downtime_us) / month_us
        tier = tier_for(schedule, uptime)
        months.append(
            SlaMonth(
                service=service,
                month=date(year, month, 1),
                start=start,
                end=end,
                minutes=month_us / _MICROSECONDS_PER_MINUTE,
                interruptions=count,
                downtime=pd.Timedelta(round(downtime_us), "us").to_pytimedelta(),
                downtime_minutes=float(downtime_us / _MICROSECONDS_PER_MINUTE),
                uptime_percent=float(uptime),
                tier=tier,
                credit_percent=0.0 if tier is None else tier.credit_percent,
                complete=None if cutoff is None else bool(end <= cutoff),
            )
        )
    return months
