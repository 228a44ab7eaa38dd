"""Pydantic models that carry results between stages and into the report.

Numbers are plain floats (money in major units of ``currency``), durations are
``datetime.timedelta`` and times are timezone-aware UTC ``datetime``, so every model
serialises to JSON and back without loss.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal, overload

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from claimstats.units import Money, Orders, Percent, Share, Time

__all__ = [
    "ClaimPolicy",
    "ClaimStatement",
    "Deadline",
    "Effect",
    "EffectPoint",
    "EvidenceItem",
    "EvidenceKind",
    "ExpenseItem",
    "FileProvenance",
    "ImpactReport",
    "IncidentRecord",
    "IncidentSummary",
    "InputCheck",
    "LossBucket",
    "LossEstimate",
    "NextStep",
    "Note",
    "OrderRow",
    "PaymentAnalysis",
    "PaymentRecord",
    "PolicyAssessment",
    "PolicyCheck",
    "RejectedRow",
    "SlaMonth",
    "SlaSchedule",
    "SlaTier",
    "Window",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RejectedRow(_Model):
    """A row a loader did not keep, and why."""

    line: int = Field(
        description="line number as in the file (header is line 1), or row number from 1"
    )
    column: str = Field(description="the column at fault, as named in the file")
    reason: str
    value: str = Field(default="", description="the offending value, as text")


class Window(_Model):
    """One interval of time in UTC: an outage window or a recovery window."""

    start: datetime
    end: datetime
    coverage: Share = Field(
        default=1.0, description="share of expected orders lost in it: 1 for a full outage"
    )
    service: str | None = Field(default=None, description="the service it concerns, if one")


class FileProvenance(_Model):
    """Where a canonical frame came from: enough to show the evidence is unchanged."""

    source: str = Field(description="path as given by the user, or 'DataFrame'")
    name: str = Field(description="file name without folders")
    kind: Literal["outages", "orders"]
    format: str = Field(description="the layout it was read as, e.g. 'generic-csv'")
    sha256: str | None = Field(default=None, description="hex digest of the file's bytes")
    size_bytes: int | None = None
    rows_read: int
    rows_kept: int
    rows_rejected: int
    rejected: list[RejectedRow] = Field(default_factory=list)
    excluded: dict[str, int] = Field(
        default_factory=dict, description="rows left out on purpose (not errors), by reason"
    )
    time_start: datetime | None = None
    time_end: datetime | None = None
    tz: str | None = Field(default=None, description="zone declared for naive times")
    encoding: str | None = Field(default=None, description="text encoding the file was read in")
    unknown_periods: list[Window] = Field(
        default_factory=list,
        description="periods the source cannot tell up or down (a monitor that stopped probing)",
    )


class InputCheck(_Model):
    """What ``claimstats validate`` found in one input file: can it be used, and what is in it."""

    source: str = Field(description="path as given by the user")
    kind: Literal["outages", "orders"] | None = Field(
        description="the kind of data the file was read as; None when it could not be read"
    )
    usable: bool = Field(description="the file loads and keeps at least one row")
    error: str | None = Field(default=None, description="why the file cannot be used")
    provenance: FileProvenance | None = None
    counts: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        description="rows kept by column value: currency, channel, status (orders); "
        "service, severity (outages)",
    )
    open_outages: int = Field(default=0, description="outages without an end")


#: what a piece of evidence is
EvidenceKind = Literal["screenshot", "recording", "chat", "contract", "ticket", "network", "other"]


class EvidenceItem(_Model):
    """One piece of evidence the claimant lists, with the fingerprint of its file.

    No modification time is kept: it differs between copies of the same bytes, and the
    SHA-256 already shows the file is unchanged.
    """

    name: str = Field(min_length=1, description="what it is; the file name when none given")
    description: str = Field(default="", description="what it shows")
    kind: EvidenceKind = "other"
    path: str | None = Field(
        default=None,
        description="as written in the list (relative to its folder), or a link; None for "
        "evidence that is not a file (a paper contract)",
    )
    sha256: str | None = Field(default=None, description="hex digest of the file's bytes")
    size_bytes: int | None = Field(default=None, ge=0)


class IncidentSummary(_Model):
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


class Note(_Model):
    """A remark on an estimate: a code the report translates, its values, and English text."""

    code: str
    text: str
    values: dict[str, float | str] = Field(default_factory=dict)


class ExpenseItem(_Model):
    """A cost the claimant documents: an extra expense (claimed) or an indirect loss (recorded
    but not claimed)."""

    amount: Money = Field(ge=0, description="in the claim's currency")
    description: str
    evidence: str = Field(default="", description="where it is documented: file, receipt, link")
    claimed: bool = Field(
        default=True, description="False for indirect losses: listed, never added to the claim"
    )


class LossBucket(_Model):
    """One time bucket of the affected channel, as shown in the loss chart."""

    bucket: datetime
    expected: Orders = Field(description="counterfactual orders in the whole bucket")
    actual: Orders = Field(description="orders that happened in the whole bucket")
    window_actual: Orders = Field(
        description="orders of the bucket that fall inside an outage or recovery window"
    )
    low: Orders = Field(description="lower bound of normal variation around expected")
    high: Orders = Field(description="upper bound of normal variation around expected")
    outage_fraction: Share = Field(description="share of the bucket inside an outage window")
    recovery_fraction: Share = Field(description="share of the bucket inside a recovery window")
    expected_revenue: Money
    actual_revenue: Money
    control: Orders | None = Field(default=None, description="orders of the control channel")


class LossEstimate(_Model):
    """The direct loss from the interruptions, with its interval and its evidence.

    ``lost_*`` is the gross shortfall inside the outage windows; ``recovered_*`` the
    catch-up surplus in the recovery windows after service returned; ``net_lost_*`` the
    difference, which is what is claimed. ``*_low``/``*_high`` bound each at ``confidence``.
    """

    channel: str | None
    control: str | None
    method: str
    method_reason: str
    currency: str
    freq: str
    confidence: Share
    seed: int
    windows: list[Window]
    recovery: timedelta
    recovery_windows: list[Window]
    baseline_start: datetime
    baseline_end: datetime
    baseline_weeks: int
    placebo_windows: int = Field(description="normal-history windows used for calibration")
    average_order_value: Money
    expected_orders: Orders
    actual_orders: Orders
    lost_orders: Orders
    lost_orders_low: Orders
    lost_orders_high: Orders
    recovered_orders: Orders
    recovered_orders_low: Orders = Field(description="catch-up orders, lower bound (0 or more)")
    recovered_orders_high: Orders
    net_lost_orders: Orders
    net_lost_orders_low: Orders
    net_lost_orders_high: Orders
    expected_revenue: Money
    actual_revenue: Money
    lost_revenue: Money
    lost_revenue_low: Money
    lost_revenue_high: Money
    recovered_revenue: Money
    recovered_revenue_low: Money
    recovered_revenue_high: Money
    net_lost_revenue: Money
    net_lost_revenue_low: Money
    net_lost_revenue_high: Money
    margin: Share | None
    lost_profit: Money | None
    lost_profit_low: Money | None
    lost_profit_high: Money | None
    p_value: Share = Field(description="share of normal windows with a shortfall at least as large")
    expenses: list[ExpenseItem] = Field(
        default_factory=list,
        description="documented extra expenses (claimed) and indirect losses (not claimed)",
    )
    claimed_expenses: Money = Field(default=0.0, description="sum of the claimed expenses")
    claim_amount: Money = Field(
        default=0.0,
        description="what is claimed: lost profit (or net lost revenue without a margin) "
        "plus the claimed expenses",
    )
    claim_amount_low: Money = 0.0
    claim_amount_high: Money = 0.0
    control_expected_orders: Orders | None = Field(
        default=None, description="control channel: expected orders in the outage windows"
    )
    control_actual_orders: Orders | None = Field(
        default=None, description="control channel: actual orders in the outage windows"
    )
    placebo_shortfalls: list[Orders] = Field(
        default_factory=list,
        repr=False,
        description="gross shortfall in orders each placebo window shows, at the outage "
        "windows' expected volume: the normal variation the observed shortfall is ranked in",
    )
    notes: list[Note] = Field(default_factory=list)
    buckets: list[LossBucket] = Field(default_factory=list, repr=False)

    @property
    def significant(self) -> bool:
        """True when the shortfall is unlikely to be normal variation at ``confidence``."""
        return self.p_value < 1 - self.confidence

    def bucket_table(self) -> pd.DataFrame:
        """The per-bucket table as a DataFrame with a UTC ``bucket`` column."""
        frame = pd.DataFrame([b.model_dump() for b in self.buckets])
        if not frame.empty:
            frame["bucket"] = pd.to_datetime(frame["bucket"], utc=True).dt.as_unit("us")
        return frame


class EffectPoint(_Model):
    """One point of a counterfactual series: what happened and what was predicted."""

    at: datetime | int = Field(description="the point's time (UTC if zoned), or its integer label")
    actual: float
    predicted: float
    predicted_low: float
    predicted_high: float
    post: bool = Field(description="True in the post (effect) period")


class Effect(_Model):
    """The effect of an event on a series, as :func:`claimstats.counterfactual` finds it.

    Like CausalImpact's summary: sums over the post period (``actual``, ``predicted``,
    ``effect`` = actual - predicted) with intervals at ``confidence``, the same as
    averages per point, the relative effect (``effect / predicted``), and a two-sided
    p-value: the chance of an effect at least this far from zero, either way, on normal data.
    """

    method: str
    method_reason: str
    confidence: Share
    seed: int
    pre_start: datetime | int
    pre_end: datetime | int
    post_start: datetime | int
    post_end: datetime | int
    pre_points: int
    post_points: int
    placebo_windows: int = Field(description="windows of normal data used for calibration")
    actual: float
    predicted: float
    predicted_low: float
    predicted_high: float
    effect: float
    effect_low: float
    effect_high: float
    average_actual: float
    average_predicted: float
    average_predicted_low: float
    average_predicted_high: float
    average_effect: float
    average_effect_low: float
    average_effect_high: float
    relative_effect: Share | None = Field(description="None when predicted is 0")
    relative_effect_low: Share | None = Field(
        description="None when the prediction interval reaches 0"
    )
    relative_effect_high: Share | None = None
    p_value: Share
    notes: list[Note] = Field(default_factory=list)
    points: list[EffectPoint] = Field(default_factory=list, repr=False)

    @property
    def significant(self) -> bool:
        """True when an effect this large is unlikely on normal data at ``confidence``."""
        return self.p_value < 1 - self.confidence


class PaymentRecord(_Model):
    """One payment attempt named in a payment analysis (for a refund claim, say)."""

    order_id: str
    timestamp: datetime
    amount: Money
    customer: str | None = None


class PaymentAnalysis(_Model):
    """What a wallet failure did to payment attempts: failures, retries, money not received.

    The direct loss is ``unrecovered_amount``: the failed amount in the windows never paid
    by a later success of the same customer and amount within ``retry_window`` (chance
    matches added back), times ``excess_failures / failures_in_window``.
    """

    currency: str
    windows: list[Window]
    retry_window: timedelta
    confidence: Share
    attempts_in_window: int
    failures_in_window: int
    failure_rate_in_window: Share
    attempts_outside: int
    failures_outside: int
    failure_rate_outside: Share
    expected_failures_in_window: Orders
    excess_failures: Orders
    excess_failures_low: Orders
    excess_failures_high: Orders
    p_value: Share = Field(description="chance of this many failures at the normal rate")
    failed_amount_in_window: Money
    recovered_attempts: int
    recovered_amount: Money
    unrecovered_attempts: int
    unpaid_amount: Money = Field(
        default=0.0, description="failed in the windows and never paid: the listed transactions"
    )
    repeated_attempts: int = Field(
        default=0, description="failures tried again at once that failed again; counted once"
    )
    repeated_amount: Money = 0.0
    chance_matched_amount: Money = Field(
        default=0.0,
        description="recovered money expected to be regulars' chance purchases; added back",
    )
    unrecovered: list[PaymentRecord] = Field(
        default_factory=list, description="the unpaid failed attempts: evidence"
    )
    unrecovered_amount: Money = Field(description="the direct loss: failed, never paid later")
    unrecovered_amount_low: Money
    unrecovered_amount_high: Money
    deducted_but_failed: list[PaymentRecord] = Field(
        default_factory=list, description="money taken although the payment failed: refund due"
    )
    deducted_but_failed_amount: Money = 0.0
    notes: list[Note] = Field(default_factory=list)


# --- Claim policy and SLA view (claimstats.policy, claimstats.sla) -------------------------


def _positive_duration(value: object, argument: str) -> timedelta:
    from claimstats._time import duration
    from claimstats.errors import ConfigError

    delta = duration(value, argument)
    if delta <= pd.Timedelta(0):
        msg = f"{argument}={value!r} must be longer than zero; pass e.g. '24h' or '7D'"
        raise ConfigError(msg)
    return delta.to_pytimedelta()


def _whole_number(value: object, argument: str, smallest: int) -> int:
    from claimstats.errors import ConfigError

    if isinstance(value, bool) or not isinstance(value, int) or value < smallest:
        msg = f"{argument}={value!r} must be a whole number of {smallest} or more"
        raise ConfigError(msg)
    return value


class ClaimPolicy(_Model):
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
        return _whole_number(value, str(info.field_name), 1)

    @field_validator("claimant_type", mode="before")
    @classmethod
    def _claimant(cls, value: object) -> str:
        from claimstats.errors import ConfigError

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
        from claimstats.policy import country_code

        return country_code(value)

    @field_validator("reply_business_days", mode="before")
    @classmethod
    def _reply_days(cls, value: object) -> tuple[int, int]:
        from claimstats.errors import ConfigError

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


class PolicyCheck(_Model):
    """One test of a claim against the policy: a code the report translates, and its result."""

    code: str = Field(description="stable snake_case name, e.g. 'continuous_interruption'")
    met: bool
    text: str = Field(description="the result in English")
    values: dict[str, int | float | str] = Field(default_factory=dict)


class Deadline(_Model):
    """A date the claimant must keep in mind, in the claimant's local calendar."""

    code: str
    date: date
    moment: datetime | None = Field(
        default=None, description="the exact time (UTC) when the deadline is a moment"
    )
    days_remaining: int = Field(description="calendar days from as_of's local date; negative: gone")
    passed: bool = Field(description="as_of is after the deadline")
    text: str


class NextStep(_Model):
    """What the claimant should do next, and by when (None: no date applies)."""

    code: str
    due: date | None
    done: bool = False
    text: str
    values: dict[str, int | float | str] = Field(default_factory=dict)


class PolicyAssessment(_Model):
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

    @property
    def qualifies(self) -> bool:
        """True when a duration test is met: one long interruption, or frequent ones."""
        return any(
            c.met
            for c in self.checks
            if c.code in ("continuous_interruption", "repeated_interruptions")
        )

    def check(self, code: str) -> PolicyCheck | None:
        """The check named ``code``, or None when it does not apply."""
        return next((c for c in self.checks if c.code == code), None)


class SlaTier(_Model):
    """One row of an SLA credit schedule: uptime below this earns this credit."""

    below_uptime_percent: Percent = Field(description="monthly uptime below this (0-100]")
    credit_percent: Percent = Field(description="service credit, percent of the monthly fee")


class SlaSchedule(_Model):
    """Service credits by monthly uptime.

    The default is a typical cloud provider's schedule: monthly uptime below 99.9 %
    earns a 10 % credit, below 99.0 % 25 %, below 95.0 % 100 %. Set your provider's
    own tiers with ``SlaSchedule(tiers=[...])``, :meth:`from_rows` or
    :func:`claimstats.sla.read_sla_schedule`. Tiers are kept from the highest uptime
    threshold to the lowest; a month earns the credit of the lowest threshold it is below.

    Examples
    --------
    >>> schedule = SlaSchedule()
    >>> schedule.credit_for(99.95), schedule.credit_for(99.5), schedule.credit_for(90.0)
    (0.0, 10.0, 100.0)
    >>> SlaSchedule.from_rows([{"below_uptime_percent": "99.5%", "credit_percent": 5}]).tiers
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
        from claimstats.sla import check_tiers

        return check_tiers(tiers)

    def tier_for(self, uptime_percent: float) -> SlaTier | None:
        """The tier a monthly uptime earns, or None when it is above every threshold."""
        from claimstats.sla import tier_for

        return tier_for(self, uptime_percent)

    def credit_for(self, uptime_percent: float) -> float:
        """The credit (percent) a monthly uptime earns; 0 when no tier applies."""
        tier = self.tier_for(uptime_percent)
        return 0.0 if tier is None else tier.credit_percent

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]], source: str = "rows") -> SlaSchedule:
        """A schedule from rows with ``below_uptime_percent`` and ``credit_percent``.

        Bad rows raise :class:`claimstats.errors.DataError` naming row and column; see
        :func:`claimstats.sla.sla_schedule_from_rows`.
        """
        from claimstats.sla import sla_schedule_from_rows

        return sla_schedule_from_rows(rows, source=source)


class SlaMonth(_Model):
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


class IncidentRecord(_Model):
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


class ClaimStatement(_Model):
    """The three answers a claim form asks for, in one language."""

    lang: Literal["zh", "en"]
    reason: str = Field(description="索赔理由 / reason for the claim")
    basis: str = Field(description="损失金额计算依据 / basis of the loss calculation")
    evidence: str = Field(description="提供的证据类型 / types of evidence provided")

    def as_text(self) -> str:
        """The statement as plain text, ready to paste into a claim form."""
        from claimstats.report.i18n import Locale

        labels = Locale(self.lang, "UTC")
        return "\n\n".join(
            f"{labels.text(key)}\n{body}"
            for key, body in (
                ("reason", self.reason),
                ("basis", self.basis),
                ("evidence_types", self.evidence),
            )
        )


class OrderRow(_Model):
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


class ImpactReport(_Model):
    """Everything the impact report shows, serialisable to JSON.

    Build it with :func:`claimstats.build_report`; render it with :meth:`to_html`.
    """

    version: str
    lang: Literal["zh", "en"]
    tz: str
    as_of: datetime
    claimant: str | None
    service: str
    channel: str | None
    control: str | None
    currency: str
    filing_window: timedelta
    filing_deadline: datetime | None
    incidents: list[IncidentRecord]
    summary: IncidentSummary
    loss: LossEstimate
    evidence: list[FileProvenance]
    statements: dict[str, ClaimStatement]
    evidence_items: list[EvidenceItem] = Field(
        default_factory=list, description="evidence the claimant lists: screenshots, chats..."
    )
    policy: PolicyAssessment = Field(description="checks, deadlines and next steps")
    sla_schedule: SlaSchedule = Field(description="the credit schedule the SLA view uses")
    sla: list[SlaMonth] = Field(description="uptime and credit of each affected month")
    masked: bool = Field(
        default=True,
        description="customer identifiers, phone numbers and e-mails in the report are masked",
    )
    orders: list[OrderRow] = Field(
        default_factory=list,
        description="orders of the affected and control channels in the outage and recovery "
        "windows; only when asked for (include_orders)",
    )

    def statement(self, lang: str | None = None) -> str:
        """The claim statement as plain text in ``lang`` (the report's language by default)."""
        from claimstats.errors import ConfigError

        chosen = lang or self.lang
        if chosen not in self.statements:
            msg = f"lang={chosen!r} is not available; pass one of {sorted(self.statements)}"
            raise ConfigError(msg)
        return self.statements[chosen].as_text()

    @overload
    def to_json(self, path: None = None, indent: int | None = 2) -> str: ...
    @overload
    def to_json(self, path: str | os.PathLike[str], indent: int | None = 2) -> Path: ...
    def to_json(self, path=None, indent=2):
        """The report as JSON text (UTF-8, Chinese kept readable), numbers rounded for what
        they are; with ``path``, written there atomically and the path returned.

        Input files are named relative to the folder of ``path`` when beneath it, else
        (and without ``path``) by their names.
        """
        from claimstats.report.publish import render_json, write_json

        return render_json(self, indent=indent) if path is None else write_json(self, path, indent)

    def render_html(self) -> str:
        """The report as one self-contained HTML page (a string)."""
        from claimstats.report.html import render_html

        return render_html(self)

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write the HTML report to ``path`` atomically and return the path."""
        from claimstats.report.html import write_html

        return write_html(self, path)
