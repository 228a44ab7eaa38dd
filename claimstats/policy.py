"""Where a claim stands against the claim policy: tests met, deadlines and next steps.

:func:`assess_claim` takes merged incidents and a :class:`~claimstats.models.ClaimPolicy`
and tells, as of the report time, whether the duration tests are met, when the claim
must be filed, when a first reply is due (in business days of the claimant's country,
public holidays and China's adjusted working days (调休) included, from the
``holidays`` package), when to follow up, and what comes after a rejection.

The filing deadline is counted from the **start of the first interruption**, the same as
:func:`claimstats.build_report`'s ``filing_deadline``: "report within 7 days of the
problem" is read strictly, so the claimant never relies on a later date a provider may
not accept. Every result carries a stable ``code`` (listed in :data:`POLICY_CODES`) for
the report to translate, and an English ``text``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays
import pandas as pd

from claimstats._time import country_code, format_duration, utc_timestamp, zone
from claimstats.catalogue import english
from claimstats.errors import ConfigError
from claimstats.incidents import check_incident_frame, summarize_incidents
from claimstats.models import (
    ClaimPolicy,
    Deadline,
    IncidentSummary,
    NextStep,
    Note,
    PolicyAssessment,
    PolicyCheck,
)

__all__ = [
    "POLICY_CODES",
    "add_business_days",
    "assess_claim",
]

#: every code :func:`assess_claim` may emit, by kind, for the report's translations
POLICY_CODES: dict[str, tuple[str, ...]] = {
    "checks": ("continuous_interruption", "repeated_interruptions", "filed_in_time",
               "business_evidence"),
    "deadlines": ("filing_deadline", "first_reply_due", "follow_up_due"),
    "next_steps": ("file_claim", "file_claim_late", "await_first_reply", "follow_up_no_reply",
                   "appeal_with_more_evidence", "escalate_consumer_protection",
                   "escalate_arbitration", "escalate_small_claims_court"),
    "notes": ("no_interruptions", "incident_ongoing", "service_extension_likely"),
}  # fmt: skip


def add_business_days(start: date, days: int, country: str) -> date:
    """The date ``days`` business days after ``start`` in ``country``.

    Weekends and public holidays are skipped; in China the adjusted working days (调休,
    a Saturday or Sunday worked in exchange for a longer holiday) count as business days.
    The calendar is the ``holidays`` package's: years it has no official schedule for
    yet fall back to its regular rules.

    Parameters
    ----------
    start
        The day counting starts from (not counted itself).
    days
        Business days to add, 0 or more; 0 gives ``start`` itself if it is a business day,
        else the next one.
    country
        ISO 3166 alpha-2 code, e.g. ``'CN'``.

    Examples
    --------
    Filing on the eve of Golden Week 2026: 1-7 October are holidays, Saturday 10
    October is worked.

    >>> add_business_days(date(2026, 9, 30), 1, "CN"), add_business_days(date(2026, 9, 30), 3, "CN")
    (datetime.date(2026, 10, 8), datetime.date(2026, 10, 10))
    """
    if days < 0:
        msg = f"days={days} must be 0 or more"
        raise ConfigError(msg)
    calendar = holidays.country_holidays(
        country_code(country), years=range(start.year, start.year + 2)
    )
    return calendar.get_nth_working_day(start, days)


def _local_date(moment: pd.Timestamp, tz: str) -> date:
    return moment.tz_convert(zone(tz)).date()


def _filed_on(value: object, tz: str) -> date | None:
    """The filing day as a local date: a ``date``, ``'YYYY-MM-DD'`` or an aware time."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    try:
        return _local_date(utc_timestamp(value, "filed_on"), tz)
    except ConfigError as exc:
        msg = (
            f"filed_on={value!r} is not a day; pass the local date the claim was filed, "
            "e.g. '2026-08-10', or an aware time"
        )
        raise ConfigError(msg) from exc


def _check_incidents(inc: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    inc = check_incident_frame(inc, ("service", "start", "end", "duration", "ongoing"))
    if len(inc) and inc["end"].max() > as_of:
        msg = (
            f"the incidents run until {inc['end'].max()}, after as_of={as_of}; build them "
            "with claimstats.incidents(outages, as_of=as_of) so open outages close at the "
            "report time, or pass a later as_of"
        )
        raise ConfigError(msg)
    return inc


def _span(delta: timedelta) -> str:
    """A policy duration in words: ``'7 days'``, ``'24 h'``, else to the minute."""
    seconds = int(delta.total_seconds())
    if seconds % 86400 == 0 and seconds >= 2 * 86400:
        return f"{seconds // 86400} days"
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    return format_duration(delta)


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _duration_checks(summary: IncidentSummary) -> list[PolicyCheck]:
    longest, threshold = summary.longest, summary.threshold
    recurrence = {
        "max_interruptions_in_window": summary.max_interruptions_in_window,
        "recurrence_min": summary.recurrence_min,
        "window_days": summary.window.total_seconds() / 86400,
    }
    met = "met" if summary.passed_threshold else "not_met"
    return [
        PolicyCheck(
            code="continuous_interruption",
            met=summary.passed_threshold,
            text=english(
                f"check_continuous_interruption_{met}",
                longest=format_duration(longest),
                threshold=_span(threshold),
            ),
            values={"longest_hours": _hours(longest), "threshold_hours": _hours(threshold)},
        ),
        PolicyCheck(
            code="repeated_interruptions",
            met=summary.recurrent,
            text=english("check_repeated_interruptions_sentence", **recurrence),
            values=recurrence,
        ),
    ]


def _business_check(has_order_records: bool, has_control_channel: bool) -> PolicyCheck:
    sentence = {
        (True, True): "met",
        (False, True): "no_orders",
        (True, False): "no_control",
        (False, False): "neither",
    }[(has_order_records, has_control_channel)]
    return PolicyCheck(
        code="business_evidence",
        met=has_order_records and has_control_channel,
        text=english(f"check_business_evidence_{sentence}"),
        values={
            "order_records": "yes" if has_order_records else "no",
            "control_channel": "yes" if has_control_channel else "no",
        },
    )


def _deadline(
    code: str,
    day: date,
    today: date,
    text: str,
    moment: datetime | None = None,
    passed: bool | None = None,
) -> Deadline:
    """A deadline on ``day``; when it is a ``moment``, ``passed`` is decided to the second."""
    passed = today > day if passed is None else passed
    remaining = (day - today).days
    return Deadline(
        code=code, date=day, moment=moment, days_remaining=remaining, passed=passed, text=text
    )


#: what follows a rejection; no date applies
_ESCALATION = (
    "appeal_with_more_evidence",
    "escalate_consumer_protection",
    "escalate_arbitration",
    "escalate_small_claims_court",
)


def _notes(policy: ClaimPolicy, summary: IncidentSummary, moment: pd.Timestamp) -> list[Note]:
    notes = []
    if summary.first_start is None:
        notes.append(Note(code="no_interruptions"))
    if policy.claimant_type == "personal":
        notes.append(Note(code="service_extension_likely"))
    if summary.ongoing:
        notes.append(Note(code="incident_ongoing", values={"as_of": moment.isoformat()}))
    return notes


def _filing(
    policy: ClaimPolicy,
    first_start: pd.Timestamp,
    moment: pd.Timestamp,
    filed: date | None,
    tz: str,
) -> tuple[PolicyCheck, list[Deadline], list[NextStep]]:
    """The filing check, the deadlines, and the steps from filing to court."""
    today = _local_date(moment, tz)
    first_day = _local_date(first_start, tz)
    if filed is not None and not first_day <= filed <= today:
        msg = (
            f"filed_on={filed.isoformat()} must lie between the first interruption "
            f"({first_day.isoformat()}) and as_of ({today.isoformat()}); pass the local date "
            "the claim was filed, or None if it is not filed yet"
        )
        raise ConfigError(msg)
    end = first_start + pd.Timedelta(policy.filing_window)
    last_day = _local_date(end, tz)
    in_time = filed <= last_day if filed is not None else moment <= end
    window = {"deadline": last_day.isoformat()}
    sentence = (
        f"check_filed_in_time_{'filed' if filed else 'now'}_{'met' if in_time else 'not_met'}"
    )
    check = PolicyCheck(
        code="filed_in_time",
        met=in_time,
        text=english(sentence, **window, window=_span(policy.filing_window)),
        values={
            **window,
            "days_remaining": (last_day - today).days,
            "filed": "yes" if filed else "no",
        },
    )
    start_day = filed if filed is not None else today
    low, high = policy.reply_business_days
    reply_from = add_business_days(start_day, low, policy.country)
    reply_by = add_business_days(start_day, high, policy.country)
    follow_up = start_day + timedelta(days=policy.follow_up_days)
    deadlines = [
        _deadline(
            "filing_deadline",
            last_day,
            today,
            english("file_by_sentence", date=last_day.isoformat()),
            moment=end.to_pydatetime(),
            passed=moment > end,
        ),
        _deadline(
            "first_reply_due",
            reply_by,
            today,
            english(
                "due_first_reply_due_sentence",
                date=reply_by.isoformat(),
                high=high,
                start=start_day.isoformat(),
                country=policy.country,
            ),
        ),
        _deadline(
            "follow_up_due",
            follow_up,
            today,
            english("due_follow_up_due_sentence", date=follow_up.isoformat()),
        ),
    ]
    if filed is not None:
        file_step = ("file_claim", filed, "step_file_claim_done_sentence")
    elif in_time:
        file_step = ("file_claim", last_day, "file_by_sentence")
    else:
        file_step = ("file_claim_late", today, "step_file_claim_late_sentence")
    steps = [
        NextStep(
            code=file_step[0],
            due=file_step[1],
            done=filed is not None,
            text=english(file_step[2], date=(filed or last_day).isoformat()),
            values=window,
        ),
        NextStep(
            code="await_first_reply",
            due=reply_by,
            text=english(
                "step_await_first_reply_sentence",
                earliest=reply_from.isoformat(),
                latest=reply_by.isoformat(),
                low=low,
                high=high,
            ),
            values={
                "earliest": reply_from.isoformat(),
                "latest": reply_by.isoformat(),
                "business_days_low": low,
                "business_days_high": high,
                "country": policy.country,
            },
        ),
        NextStep(
            code="follow_up_no_reply",
            due=follow_up,
            text=english("follow_up_sentence", date=follow_up.isoformat()),
            values={"days": policy.follow_up_days},
        ),
        *(
            NextStep(code=code, due=None, text=english(f"step_{code}") + ".")
            for code in _ESCALATION
        ),
    ]
    return check, deadlines, steps


def assess_claim(
    inc: pd.DataFrame,
    policy: ClaimPolicy | None = None,
    *,
    as_of: object,
    tz: str,
    filed_on: object = None,
    has_order_records: bool = False,
    has_control_channel: bool = False,
) -> PolicyAssessment:
    """Judge a claim against the claim policy at ``as_of``: tests, deadlines, next steps.

    Parameters
    ----------
    inc
        Merged incidents of one service from :func:`claimstats.incidents`, built with
        the same ``as_of`` (no incident may end after it).
    policy
        The rules; :class:`~claimstats.models.ClaimPolicy` defaults when None.
    as_of
        Time of the report (aware, e.g. ``'2026-08-10T10:00+08:00'``).
    tz
        The claimant's IANA zone: deadlines are dates of its local calendar.
    filed_on
        The local date the claim was filed (``date``, ``'2026-08-10'`` or an aware time);
        None when it is not filed yet: the replies are then counted from ``as_of``'s date,
        as if it were filed today.
    has_order_records, has_control_channel
        Whether the claim has order records and an unaffected control channel; business
        claimants need both.

    Returns
    -------
    PolicyAssessment
        ``checks`` (codes ``continuous_interruption``, ``repeated_interruptions``,
        ``filed_in_time``, and ``business_evidence`` for a business), ``deadlines``
        (``filing_deadline``, ``first_reply_due``, ``follow_up_due``), ``next_steps`` and
        informational ``notes``; every code is in :data:`POLICY_CODES`. Before filing,
        ``filed_in_time`` tells whether filing at ``as_of`` is still in time.

    Raises
    ------
    ConfigError
        ``as_of`` lacks a zone or lies before an incident's end, ``tz`` is unknown, or
        ``filed_on`` is before the first interruption or after ``as_of``.

    Examples
    --------
    >>> from claimstats.incidents import incidents
    >>> from claimstats.datasets import make_sample
    >>> inc = incidents(make_sample(0).outages, as_of="2026-08-10T10:00+08:00")
    >>> a = assess_claim(inc, as_of="2026-08-10T10:00+08:00", tz="Asia/Shanghai",
    ...                  has_order_records=True, has_control_channel=True)
    >>> a.qualifies, [(d.code, str(d.date), d.days_remaining) for d in a.deadlines][0]
    (True, ('filing_deadline', '2026-08-11', 1))
    >>> [(s.code, str(s.due)) for s in a.next_steps][:3]
    [('file_claim', '2026-08-11'), ('await_first_reply', '2026-08-13'), ('follow_up_no_reply', '2026-08-17')]
    """
    policy = ClaimPolicy() if policy is None else policy
    zone(tz)
    moment = utc_timestamp(as_of, "as_of")
    inc = _check_incidents(inc, moment)
    filed = _filed_on(filed_on, tz)
    summary = summarize_incidents(
        inc,
        threshold=policy.threshold,
        window=policy.recurrence_window,
        recurrence_min=policy.recurrence_min,
    )
    checks = _duration_checks(summary)
    deadlines: list[Deadline] = []
    steps: list[NextStep] = []
    if summary.first_start is not None:
        filing, deadlines, steps = _filing(
            policy, pd.Timestamp(summary.first_start), moment, filed, tz
        )
        checks.append(filing)
    if policy.claimant_type == "business":
        checks.append(_business_check(has_order_records, has_control_channel))
    return PolicyAssessment(
        policy=policy,
        as_of=moment,
        tz=tz,
        filed_on=filed,
        summary=summary,
        checks=checks,
        deadlines=deadlines,
        next_steps=steps,
        notes=_notes(policy, summary, moment),
    )
