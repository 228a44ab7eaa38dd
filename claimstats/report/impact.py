"""The impact report as data: a claim analysis worded in a language, with the claim
statement in every language. The render functions of the report take it; the public
:class:`~claimstats.report.document.ImpactReport` adds them as methods."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field, computed_field

from claimstats.estimate.sensitivity import sensitivity_spread
from claimstats.models import (
    EvidenceItem,
    FileProvenance,
    IncidentRecord,
    IncidentSummary,
    LossEstimate,
    OrderRow,
    PolicyAssessment,
    Record,
    SensitivityRow,
    SensitivitySpread,
    SlaMonth,
    SlaSchedule,
)
from claimstats.models.base import DerivedRecord

__all__ = ["ClaimStatement", "ImpactReportData"]


class ClaimStatement(Record):
    """The three answers a claim form asks for, in one language."""

    lang: Literal["zh", "en"]
    reason: str = Field(description="索赔理由 / reason for the claim")
    basis: str = Field(description="损失金额计算依据 / basis of the loss calculation")
    evidence: str = Field(description="提供的证据类型 / types of evidence provided")


class ImpactReportData(DerivedRecord):
    """Everything the impact report shows, serialisable to JSON: the data of
    :class:`~claimstats.report.document.ImpactReport`, which the render functions take.

    :attr:`sensitivity_spread` is drawn from :attr:`sensitivity`: written out with the
    report, left out when it is read back.
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
    sensitivity: list[SensitivityRow] = Field(
        default_factory=list,
        description="the amount claimed under alternative choices of the estimate, each "
        "changed alone (method, baseline weeks, recovery window, bucket, margin ±10 points): "
        "one row per choice and value, the claim's own marked base",
    )

    @computed_field(
        description="the range the amounts claimed of the sensitivity table span (the rows "
        "that ran, the claim's own among them) and the choice whose values move it most, "
        "with that choice's own range; drawn from the sensitivity rows as written, so its "
        "numbers are numbers of those rows; null when no row ran or there are none"
    )
    @property
    def sensitivity_spread(self) -> SensitivitySpread | None:
        """The range of the amounts claimed in :attr:`sensitivity` and the choice that
        moves them most (:func:`claimstats.estimate.sensitivity.sensitivity_spread`); None
        when no row ran. Every output shows the one of its published rows.

        Examples
        --------
        >>> from claimstats.datasets import demo_report
        >>> report = demo_report()
        >>> spread = report.sensitivity_spread
        >>> spread.choice, spread.low <= report.loss.claim_amount <= spread.high
        ('method', True)
        >>> report.model_copy(update={"sensitivity": []}).sensitivity_spread is None
        True
        """
        return sensitivity_spread(self.sensitivity)
