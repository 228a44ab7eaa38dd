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
  the whole analysis of a claim.
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
from claimstats.models.files import (
    EvidenceItem,
    EvidenceKind,
    FileProvenance,
    InputCheck,
    RejectedRow,
)
from claimstats.models.loss import (
    METHODS,
    Effect,
    EffectPoint,
    EstimatorSettings,
    ExpenseItem,
    LossBucket,
    LossEstimate,
    PaymentAnalysis,
    PaymentRecord,
)

__all__ = [
    "DURATION_TESTS",
    "METHODS",
    "SLA_COLUMNS",
    "ClaimAnalysis",
    "ClaimPolicy",
    "Deadline",
    "Effect",
    "EffectPoint",
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
    "NextStep",
    "Note",
    "OrderRow",
    "PaymentAnalysis",
    "PaymentRecord",
    "PolicyAssessment",
    "PolicyCheck",
    "Record",
    "RejectedRow",
    "SlaMonth",
    "SlaSchedule",
    "SlaTier",
    "Window",
    "exact_percent",
    "tier_problems",
]
