"""Pydantic models that carry results between stages and into the report.

Numbers are plain floats (money in major units of ``currency``), each saying its unit
(:mod:`claimstats.units`); durations are ``datetime.timedelta`` and times are
timezone-aware UTC ``datetime``, so every model serialises to JSON and back without
loss. The models are data: they import nothing of the stages that make or show them.

- :mod:`~claimstats.models.base`: the frozen base, windows of time, notes;
- :mod:`~claimstats.models.files`: provenance of inputs and the evidence listed;
- :mod:`~claimstats.models.loss`: the loss, effect and payment results, and the
  estimator's settings;
- :mod:`~claimstats.models.claim`: the duration tests, the claim policy, the SLA view and
  the whole analysis of a claim;
- :mod:`~claimstats.models.complaint`: a wallet complaint: the merchant, the steps taken,
  the escalation path and the payment analysis.
"""

from claimstats.models.base import Note, Record, Window
from claimstats.models.claim import (
    DURATION_TESTS,
    SLA_COLUMNS,
    ClaimAnalysis,
    ClaimPolicy,
    Deadline,
    IncidentRecord,
    IncidentSummary,
    NextStep,
    OrderRow,
    PolicyAssessment,
    PolicyCheck,
    SlaMonth,
    SlaSchedule,
    SlaTier,
    exact_percent,
    tier_problems,
)
from claimstats.models.complaint import (
    ESCALATION_STEPS,
    AttemptHour,
    ComplaintContext,
    ComplaintSteps,
    EscalationBody,
    Merchant,
    PaymentSettings,
    WalletComplaint,
)
from claimstats.models.files import (
    EvidenceItem,
    EvidenceKind,
    FileProvenance,
    InputCheck,
    RejectedRow,
)
from claimstats.models.loss import (
    METHODS,
    SENSITIVITY_CHOICES,
    Effect,
    EffectPoint,
    EstimatorSettings,
    ExpenseItem,
    LossBucket,
    LossEstimate,
    PaymentAnalysis,
    PaymentRecord,
    SensitivityRow,
    SensitivitySpread,
)

__all__ = [
    "DURATION_TESTS",
    "ESCALATION_STEPS",
    "METHODS",
    "SENSITIVITY_CHOICES",
    "SLA_COLUMNS",
    "AttemptHour",
    "ClaimAnalysis",
    "ClaimPolicy",
    "ComplaintContext",
    "ComplaintSteps",
    "Deadline",
    "Effect",
    "EffectPoint",
    "EscalationBody",
    "EstimatorSettings",
    "EvidenceItem",
    "EvidenceKind",
    "ExpenseItem",
    "FileProvenance",
    "IncidentRecord",
    "IncidentSummary",
    "InputCheck",
    "LossBucket",
    "LossEstimate",
    "Merchant",
    "NextStep",
    "Note",
    "OrderRow",
    "PaymentAnalysis",
    "PaymentRecord",
    "PaymentSettings",
    "PolicyAssessment",
    "PolicyCheck",
    "Record",
    "RejectedRow",
    "SensitivityRow",
    "SensitivitySpread",
    "SlaMonth",
    "SlaSchedule",
    "SlaTier",
    "WalletComplaint",
    "Window",
    "exact_percent",
    "tier_problems",
]
