"""How a claim stands: the duration tests, the claim policy and its checks and deadlines,
the SLA view, the incidents and orders the report lists, and the whole analysis."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from fractions import Fraction
from itertools import pairwise
from typing import Literal

import pandas as pd
from pydantic import Field, ValidationInfo, computed_field, field_validator

from claimstats._time import country_code, duration
from claimstats.errors import ConfigError
from claimstats.models.base import DerivedRecord, Note, Record, whole_number
from claimstats.models.files import EvidenceItem, FileProvenance
from claimstats.models.loss import LossEstimate, SensitivityRow
from claimstats.units import Money, Percent, Time

__all__ = [
    "DURATION_TESTS",
    "SLA_COLUMNS",
    "ClaimAnalysis",
    "ClaimPolicy",
    "Deadline",
    "IncidentRecord",
    "IncidentSummary",
    "NextStep",
    "OrderRow",
    "PolicyAssessment",
    "PolicyCheck",
    "SlaMonth",
    "SlaSchedule",
    "SlaTier",
    "exact_percent",
    "tier_problems",
]


class IncidentSummary(Record):
    """The duration tests a claim is judged by."""

    service: str | None = Field(description="service name, or None when several are mixed")
    interruptions: int = Field(description="number of merged interruptions")
    first_start: datetime | None
    last_end: datetime | None
    longest: timedelta = Field(description="longest continuous interruption")
    total_downtime: timedelta
    threshold: timedelta = Field(description="the continuous-duration test, 24 h by default")
    passed_threshold: bool = Field(description="one continuous interruption exceeds threshold")
    window: timedelta = Field(description="the recurrence window, 7 days by default")
    max_interruptions_in_window: int = Field(
        description="most interruptions starting within any one window"
    )
    recurrence_min: int = Field(description="interruptions in one window that count as frequent")
    recurrent: bool = Field(description="max_interruptions_in_window >= recurrence_min")
    ongoing: bool = Field(description="an interruption was still open and was closed at as_of")


class IncidentRecord(Record):
    """One merged incident as it appears in the report's timeline."""

    number: int
    service: str
    start: datetime
    end: datetime
    duration: timedelta
    severity: str
    ongoing: bool
    incident_ids: str
    description: str


def _positive_duration(value: object, argument: str) -> timedelta:
    delta = duration(value, argument)
    if delta <= pd.Timedelta(0):
        msg = f"{argument}={value!r} must be longer than zero; pass e.g. '24h' or '7D'"
        raise ConfigError(msg)
    return delta.to_pytimedelta()


class ClaimPolicy(Record):
    """The rules a claim is judged by, with the defaults providers and guides use.

    Every field can be set; bad values raise :class:`claimstats.errors.ConfigError`
    saying what to pass. Durations take a ``timedelta`` or text such as ``'24h'``.

    Examples
    --------
    >>> policy = ClaimPolicy(claimant_type="personal", threshold="12h")
    >>> policy.threshold, policy.filing_window.days, policy.reply_business_days
    (datetime.timedelta(seconds=43200), 7, (1, 3))
    """

    threshold: timedelta = Field(
        default=timedelta(hours=24),
        description="a continuous interruption longer than this makes a claim credible",
    )
    filing_window: timedelta = Field(
        default=timedelta(days=7),
        description="report within this time of the problem (counted from the first interruption)",
    )
    recurrence_window: timedelta = Field(
        default=timedelta(days=7), description="window in which repeated interruptions are counted"
    )
    recurrence_min: int = Field(
        default=3, description="interruptions within one window that count as frequent"
    )
    claimant_type: Literal["business", "personal"] = Field(
        default="business",
        description="business claimants need stricter proof; personal users are often "
        "offered service extensions rather than money",
    )
    country: str = Field(
        default="CN",
        description="ISO 3166 code whose public holidays (and, in CN, adjusted working days) "
        "are not business days",
    )
    reply_business_days: tuple[int, int] = Field(
        default=(1, 3), description="the first reply usually comes within this many business days"
    )
    follow_up_days: int = Field(
        default=7, description="contact the provider again after this many days without reply"
    )

    @field_validator("threshold", "filing_window", "recurrence_window", mode="before")
    @classmethod
    def _durations(cls, value: object, info: ValidationInfo) -> timedelta:
        return _positive_duration(value, str(info.field_name))

    @field_validator("recurrence_min", "follow_up_days", mode="before")
    @classmethod
    def _counts(cls, value: object, info: ValidationInfo) -> int:
        return whole_number(value, str(info.field_name), 1)

    @field_validator("claimant_type", mode="before")
    @classmethod
    def _claimant(cls, value: object) -> str:
        if value not in ("business", "personal"):
            msg = (
                f"claimant_type={value!r} is not known; pass 'business' (a merchant or "
                "company) or 'personal' (a private user)"
            )
            raise ConfigError(msg)
        return str(value)

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: object) -> str:
        return country_code(value)

    @field_validator("reply_business_days", mode="before")
    @classmethod
    def _reply_days(cls, value: object) -> tuple[int, int]:
        pair = tuple(value) if isinstance(value, list | tuple) else ()
        if not (
            len(pair) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
            and 1 <= pair[0] <= pair[1]
        ):
            msg = (
                f"reply_business_days={value!r} must be two whole numbers, the earliest and "
                "the latest business day of the first reply, e.g. (1, 3)"
            )
            raise ConfigError(msg)
        return (pair[0], pair[1])


class PolicyCheck(Record):
    """One test of a claim against the policy: a code the report translates, and its result."""

    code: str = Field(description="stable snake_case name, e.g. 'continuous_interruption'")
    met: bool
    text: str = Field(description="the result in English")
    values: dict[str, int | float | str] = Field(default_factory=dict)


class Deadline(Record):
    """A date the claimant must keep in mind, in the claimant's local calendar."""

    code: str
    date: date
    moment: datetime | None = Field(
        default=None, description="the exact time (UTC) when the deadline is a moment"
    )
    days_remaining: int = Field(description="calendar days from as_of's local date; negative: gone")
    passed: bool = Field(description="as_of is after the deadline")
    text: str


class NextStep(Record):
    """What the claimant should do next, and by when (None: no date applies)."""

    code: str
    due: date | None
    done: bool = False
    text: str
    values: dict[str, int | float | str] = Field(default_factory=dict)


#: the checks of which one is enough for a claim to qualify
DURATION_TESTS = ("continuous_interruption", "repeated_interruptions")


class PolicyAssessment(DerivedRecord):
    """How a claim stands against a :class:`ClaimPolicy` at ``as_of``.

    Build it with :func:`claimstats.policy.assess_claim`.
    """

    policy: ClaimPolicy
    as_of: datetime
    tz: str
    filed_on: date | None = Field(description="the day the claim was filed, if it was")
    summary: IncidentSummary
    checks: list[PolicyCheck]
    deadlines: list[Deadline]
    next_steps: list[NextStep]
    notes: list[Note] = Field(default_factory=list)

    @computed_field(description="codes of the duration tests met; either one suffices")
    @property
    def qualifying_tests(self) -> list[str]:
        """The duration tests met: ``continuous_interruption`` (one interruption longer
        than the threshold) and ``repeated_interruptions``; either one suffices."""
        return [c.code for c in self.checks if c.met and c.code in DURATION_TESTS]

    @computed_field(description="whether the claim qualifies: a duration test is met")
    @property
    def qualifies(self) -> bool:
        """True when a duration test is met: one long interruption, or frequent ones."""
        return bool(self.qualifying_tests)

    def check(self, code: str) -> PolicyCheck | None:
        """The check named ``code``, or None when it does not apply."""
        return next((c for c in self.checks if c.code == code), None)


#: the columns of an SLA schedule, both required
SLA_COLUMNS = ("below_uptime_percent", "credit_percent")


def exact_percent(value: float | Fraction) -> Fraction:
    """A percentage as the decimal it was written as (99.9 -> 999/10), exactly."""
    return value if isinstance(value, Fraction) else Fraction(repr(float(value)))


def tier_problems(pairs: Sequence[tuple[float, float]]) -> list[tuple[list[int], str, str]]:
    """(row positions, column, reason) of every problem in (threshold, credit) pairs.

    Examples
    --------
    >>> tier_problems([(99.9, 10), (99.0, 5)])
    [([0, 1], 'credit_percent', "a lower uptime must not earn a smaller credit; check the tiers' order")]
    """
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


class SlaTier(Record):
    """One row of an SLA credit schedule: uptime below this earns this credit."""

    below_uptime_percent: Percent = Field(description="monthly uptime below this (0-100]")
    credit_percent: Percent = Field(description="service credit, percent of the monthly fee")


class SlaSchedule(Record):
    """Service credits by monthly uptime.

    The default is a typical cloud provider's schedule: monthly uptime below 99.9 %
    earns a 10 % credit, below 99.0 % 25 %, below 95.0 % 100 %. Set your provider's
    own tiers with ``SlaSchedule(tiers=[...])`` or from a file or rows with
    :func:`claimstats.io.read_sla_schedule`. Tiers are kept from the highest uptime
    threshold to the lowest; a month earns the credit of the lowest threshold it is below.

    Examples
    --------
    >>> schedule = SlaSchedule()
    >>> schedule.credit_for(99.95), schedule.credit_for(99.5), schedule.credit_for(90.0)
    (0.0, 10.0, 100.0)
    >>> SlaSchedule(tiers=[SlaTier(below_uptime_percent=99.5, credit_percent=5)]).tiers
    [SlaTier(below_uptime_percent=99.5, credit_percent=5.0)]
    """

    tiers: list[SlaTier] = Field(
        default_factory=lambda: [
            SlaTier(below_uptime_percent=99.9, credit_percent=10.0),
            SlaTier(below_uptime_percent=99.0, credit_percent=25.0),
            SlaTier(below_uptime_percent=95.0, credit_percent=100.0),
        ]
    )

    @field_validator("tiers", mode="after")
    @classmethod
    def _ordered(cls, tiers: list[SlaTier]) -> list[SlaTier]:
        """The tiers checked and sorted from the highest threshold down."""
        if not tiers:
            msg = "an SLA schedule needs at least one tier, e.g. below 99.9 % uptime: 10 % credit"
            raise ConfigError(msg)
        problems = tier_problems([(t.below_uptime_percent, t.credit_percent) for t in tiers])
        if problems:
            rows, column, reason = problems[0]
            named = ", ".join(str(i + 1) for i in rows)
            msg = f"SLA tier {named}: {column} {reason}"
            raise ConfigError(msg)
        return sorted(tiers, key=lambda t: -t.below_uptime_percent)

    def tier_for(self, uptime_percent: float | Fraction) -> SlaTier | None:
        """The tier a monthly uptime earns: the lowest threshold it is below, or None.

        Thresholds are compared exactly, as the decimals they were written as: a month at
        exactly 99.9 % does not earn the "below 99.9 %" credit.
        """
        uptime = exact_percent(uptime_percent)
        met = [t for t in self.tiers if uptime < exact_percent(t.below_uptime_percent)]
        return met[-1] if met else None

    def credit_for(self, uptime_percent: float) -> float:
        """The credit (percent) a monthly uptime earns; 0 when no tier applies."""
        tier = self.tier_for(uptime_percent)
        return 0.0 if tier is None else tier.credit_percent


class SlaMonth(Record):
    """Uptime of one service in one calendar month of the claimant's zone, and its credit."""

    service: str
    month: date = Field(description="first day of the month, local calendar")
    start: datetime = Field(description="the month's first instant, UTC")
    end: datetime = Field(description="the next month's first instant, UTC")
    minutes: Time = Field(description="length of the month in minutes (DST-aware)")
    interruptions: int = Field(description="counted interruptions touching the month")
    downtime: timedelta = Field(description="weighted downtime inside the month")
    downtime_minutes: Time
    uptime_percent: Percent
    tier: SlaTier | None = Field(description="the credit tier met, None when none")
    credit_percent: Percent = Field(description="credit earned, 0 when no tier is met")
    complete: bool | None = Field(
        description="the month was over at as_of; False: more downtime may come (uptime is "
        "at most this); None when no as_of was given"
    )


class OrderRow(Record):
    """One order or payment attempt inside an outage or recovery window: a customer-level row.

    The report holds such rows only when asked (``include_orders``); ``customer`` is
    masked unless the report is unmasked.
    """

    order_id: str
    timestamp: datetime = Field(description="when the order was placed (UTC)")
    window: Literal["outage", "recovery"]
    channel: str
    status: str
    amount: Money
    currency: str
    customer: str | None


class ClaimAnalysis(Record):
    """Everything a claim's report shows, before it is worded in a language.

    Made by :func:`claimstats.analyze_claim` from the orders, the outages and the
    settings; :func:`claimstats.build_report` words it as an impact report. Texts are as
    the inputs hold them (masking is the report's: it shows customers and phone numbers
    masked unless asked not to), and numbers at full precision.
    """

    tz: str = Field(description="the claimant's IANA time zone")
    as_of: datetime = Field(description="time of the analysis (UTC): open outages close here")
    service: str = Field(description="the interrupted service")
    channel: str | None = Field(description="the affected order channel")
    control: str | None = Field(description="the unaffected channel compared with")
    currency: str
    filing_window: timedelta
    filing_deadline: datetime | None
    incidents: list[IncidentRecord] = Field(description="the merged interruptions, by start")
    summary: IncidentSummary
    loss: LossEstimate
    evidence: list[FileProvenance] = Field(description="the outage and order inputs")
    evidence_items: list[EvidenceItem] = Field(description="other evidence the claimant lists")
    policy: PolicyAssessment = Field(description="checks, deadlines and next steps")
    sla_schedule: SlaSchedule = Field(description="the credit schedule the SLA view uses")
    sla: list[SlaMonth] = Field(description="uptime and credit of each affected month")
    orders: list[OrderRow] = Field(
        description="orders of the affected and control channels in the outage and recovery "
        "windows, customers as the orders hold them (unmasked: the report masks what it "
        "shows, unless told not to)"
    )
    sensitivity: list[SensitivityRow] = Field(
        default_factory=list,
        description="the amount claimed under alternative choices of the estimate, each "
        "changed alone (method, baseline weeks, recovery window, bucket, margin ±10 points); "
        "empty when not asked for",
    )
