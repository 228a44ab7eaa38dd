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

from collections.abc import Mapping
from datetime import date, datetime
from fractions import Fraction

import pandas as pd

from claimstats._time import utc_timestamp, zone
from claimstats.errors import ConfigError, DataError
from claimstats.incidents import check_incident_frame
from claimstats.models import SlaMonth, SlaSchedule, exact_percent
from claimstats.schema import SEVERITIES

__all__ = ["DOWNTIME_WEIGHTS", "monthly_uptime"]

#: how much of an incident of each severity counts as downtime, by default
DOWNTIME_WEIGHTS: Mapping[str, float] = {
    "outage": 1.0,
    "partial": 1.0,
    "degraded": 0.0,
    "maintenance": 0.0,
}


_MICROSECONDS_PER_MINUTE = 60_000_000
_MICROSECOND = pd.Timedelta(1, "us")


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
    return {k: exact_percent(v) for k, v in merged.items()}


def _check_incidents(inc: pd.DataFrame) -> pd.DataFrame:
    inc = check_incident_frame(inc, ("service", "start", "end", "severity"))
    unknown = sorted(set(inc["severity"]) - set(SEVERITIES))
    if unknown:
        msg = f"severities {unknown} are not known; use {list(SEVERITIES)}"
        raise DataError(msg, source="incidents")
    return inc


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
    >>> from claimstats.datasets import make_sample
    >>> inc = incidents(make_sample(0).outages, as_of="2026-08-10T10:00+08:00")
    >>> [m] = monthly_uptime(inc, "Asia/Shanghai", as_of="2026-08-10T10:00+08:00")
    >>> str(m.month), m.minutes, m.downtime_minutes, round(m.uptime_percent, 4), m.credit_percent
    ('2026-08-01', 44640.0, 1770.0, 96.0349, 25.0)
    """
    zone(tz)
    schedule = SlaSchedule() if schedule is None else schedule
    share = _weights(weights)
    inc = _check_incidents(inc)
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
        tier = schedule.tier_for(uptime)
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
