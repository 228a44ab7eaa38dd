"""Pydantic models that carry results between stages and into the report.

Numbers are plain floats (money in major units of ``currency``), durations are
``datetime.timedelta`` and times are timezone-aware UTC ``datetime``, so every model
serialises to JSON and back without loss.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ClaimStatement",
    "Effect",
    "EffectPoint",
    "ExpenseItem",
    "FileProvenance",
    "ImpactReport",
    "IncidentRecord",
    "IncidentSummary",
    "InputCheck",
    "LossBucket",
    "LossEstimate",
    "Note",
    "PaymentAnalysis",
    "PaymentRecord",
    "RejectedRow",
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
    coverage: float = Field(
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

    amount: float = Field(ge=0, description="in the claim's currency")
    description: str
    evidence: str = Field(default="", description="where it is documented: file, receipt, link")
    claimed: bool = Field(
        default=True, description="False for indirect losses: listed, never added to the claim"
    )


class LossBucket(_Model):
    """One time bucket of the affected channel, as shown in the loss chart."""

    bucket: datetime
    expected: float = Field(description="counterfactual orders in the whole bucket")
    actual: float = Field(description="orders that happened in the whole bucket")
    window_actual: float = Field(
        description="orders of the bucket that fall inside an outage or recovery window"
    )
    low: float = Field(description="lower bound of normal variation around expected")
    high: float = Field(description="upper bound of normal variation around expected")
    outage_fraction: float = Field(description="share of the bucket inside an outage window")
    recovery_fraction: float = Field(description="share of the bucket inside a recovery window")
    expected_revenue: float
    actual_revenue: float
    control: float | None = Field(default=None, description="orders of the control channel")


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
    confidence: float
    seed: int
    windows: list[Window]
    recovery: timedelta
    recovery_windows: list[Window]
    baseline_start: datetime
    baseline_end: datetime
    baseline_weeks: int
    placebo_windows: int = Field(description="normal-history windows used for calibration")
    average_order_value: float
    expected_orders: float
    actual_orders: float
    lost_orders: float
    lost_orders_low: float
    lost_orders_high: float
    recovered_orders: float
    recovered_orders_low: float = Field(description="catch-up orders, lower bound (0 or more)")
    recovered_orders_high: float
    net_lost_orders: float
    net_lost_orders_low: float
    net_lost_orders_high: float
    expected_revenue: float
    actual_revenue: float
    lost_revenue: float
    lost_revenue_low: float
    lost_revenue_high: float
    recovered_revenue: float
    recovered_revenue_low: float
    recovered_revenue_high: float
    net_lost_revenue: float
    net_lost_revenue_low: float
    net_lost_revenue_high: float
    margin: float | None
    lost_profit: float | None
    lost_profit_low: float | None
    lost_profit_high: float | None
    p_value: float = Field(description="share of normal windows with a shortfall at least as large")
    expenses: list[ExpenseItem] = Field(
        default_factory=list,
        description="documented extra expenses (claimed) and indirect losses (not claimed)",
    )
    claimed_expenses: float = Field(default=0.0, description="sum of the claimed expenses")
    claim_amount: float = Field(
        default=0.0,
        description="what is claimed: lost profit (or net lost revenue without a margin) "
        "plus the claimed expenses",
    )
    claim_amount_low: float = 0.0
    claim_amount_high: float = 0.0
    control_expected_orders: float | None = Field(
        default=None, description="control channel: expected orders in the outage windows"
    )
    control_actual_orders: float | None = Field(
        default=None, description="control channel: actual orders in the outage windows"
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
    confidence: float
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
    relative_effect: float | None = Field(description="None when predicted is 0")
    relative_effect_low: float | None = Field(
        description="None when the prediction interval reaches 0"
    )
    relative_effect_high: float | None = None
    p_value: float
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
    amount: float
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
    confidence: float
    attempts_in_window: int
    failures_in_window: int
    failure_rate_in_window: float
    attempts_outside: int
    failures_outside: int
    failure_rate_outside: float
    expected_failures_in_window: float
    excess_failures: float
    excess_failures_low: float
    excess_failures_high: float
    p_value: float = Field(description="chance of this many failures at the normal rate")
    failed_amount_in_window: float
    recovered_attempts: int
    recovered_amount: float
    unrecovered_attempts: int
    unpaid_amount: float = Field(
        default=0.0, description="failed in the windows and never paid: the listed transactions"
    )
    repeated_attempts: int = Field(
        default=0, description="failures tried again at once that failed again; counted once"
    )
    repeated_amount: float = 0.0
    chance_matched_amount: float = Field(
        default=0.0,
        description="recovered money expected to be regulars' chance purchases; added back",
    )
    unrecovered: list[PaymentRecord] = Field(
        default_factory=list, description="the unpaid failed attempts: evidence"
    )
    unrecovered_amount: float = Field(description="the direct loss: failed, never paid later")
    unrecovered_amount_low: float
    unrecovered_amount_high: float
    deducted_but_failed: list[PaymentRecord] = Field(
        default_factory=list, description="money taken although the payment failed: refund due"
    )
    deducted_but_failed_amount: float = 0.0
    notes: list[Note] = Field(default_factory=list)


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

    def statement(self, lang: str | None = None) -> str:
        """The claim statement as plain text in ``lang`` (the report's language by default)."""
        from claimstats.errors import ConfigError

        chosen = lang or self.lang
        if chosen not in self.statements:
            msg = f"lang={chosen!r} is not available; pass one of {sorted(self.statements)}"
            raise ConfigError(msg)
        return self.statements[chosen].as_text()

    def to_json(self, indent: int | None = 2) -> str:
        """The whole report as JSON text (UTF-8, Chinese kept readable)."""
        return self.model_dump_json(indent=indent)

    def render_html(self) -> str:
        """The report as one self-contained HTML page (a string)."""
        from claimstats.report.html import render_html

        return render_html(self)

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write the HTML report to ``path`` atomically and return the path."""
        from claimstats.report.html import write_html

        return write_html(self, path)
