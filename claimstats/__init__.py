"""claimstats: turn outage evidence and order records into a defensible impact statement.

The core follows the data flow: read (:mod:`claimstats.io`), merge incidents, estimate
the loss (:mod:`claimstats.estimate`), analyse the claim (:func:`analyze_claim`), word
the report (:mod:`claimstats.report`). Optional parts import the core and are imported
from their own packages: :mod:`claimstats.engines` (big files, engines, many merchants),
:mod:`claimstats.export` (PDF and chart images), :mod:`claimstats.datasets` (the sample
claim, realistic exports, a platform, the validation study).

>>> import claimstats as cs
>>> from claimstats.datasets import make_sample
>>> claim = make_sample(seed=0)
>>> analysis = cs.analyze_claim(claim.orders, claim.outages, tz="Asia/Shanghai",
...     channel="whatsapp", control="website", as_of="2026-08-10T10:00+08:00")
>>> analysis.summary.passed_threshold, cs.build_report(analysis).lang
(True, 'zh')
"""

from claimstats.complaint import analyze_complaint
from claimstats.errors import (
    ClaimstatsError,
    ConfigError,
    DataError,
    FormatError,
    TimeZoneWarning,
)
from claimstats.estimate import analyze_payments, counterfactual, estimate_loss
from claimstats.incidents import incidents, summarize_incidents, timeline
from claimstats.io import (
    provenance,
    read_evidence_list,
    read_expenses,
    read_orders,
    read_outages,
    read_refunds,
    read_sla_schedule,
)
from claimstats.models import (
    ClaimAnalysis,
    ClaimPolicy,
    Effect,
    EstimatorSettings,
    EvidenceItem,
    ExpenseItem,
    FileProvenance,
    IncidentSummary,
    LossEstimate,
    PaymentAnalysis,
    PolicyAssessment,
    SlaMonth,
    SlaSchedule,
    SlaTier,
)
from claimstats.pack import (
    PackCheck,
    PackError,
    read_claim_pack,
    verify_claim_pack,
    write_claim_pack,
)
from claimstats.pipeline import ClaimDocuments, analyze_claim
from claimstats.policy import assess_claim
from claimstats.privacy import mask_payments
from claimstats.report import (
    ImpactReport,
    Presentation,
    build_report,
    impact_report_schema,
    write_impact_report_schema,
)
from claimstats.series import bucket_orders
from claimstats.sla import monthly_uptime

__all__ = [
    "ClaimAnalysis",
    "ClaimDocuments",
    "ClaimPolicy",
    "ClaimstatsError",
    "ConfigError",
    "DataError",
    "Effect",
    "EstimatorSettings",
    "EvidenceItem",
    "ExpenseItem",
    "FileProvenance",
    "FormatError",
    "ImpactReport",
    "IncidentSummary",
    "LossEstimate",
    "PackCheck",
    "PackError",
    "PaymentAnalysis",
    "PolicyAssessment",
    "Presentation",
    "SlaMonth",
    "SlaSchedule",
    "SlaTier",
    "TimeZoneWarning",
    "analyze_claim",
    "analyze_complaint",
    "analyze_payments",
    "assess_claim",
    "bucket_orders",
    "build_report",
    "counterfactual",
    "estimate_loss",
    "impact_report_schema",
    "incidents",
    "mask_payments",
    "monthly_uptime",
    "provenance",
    "read_claim_pack",
    "read_evidence_list",
    "read_expenses",
    "read_orders",
    "read_outages",
    "read_refunds",
    "read_sla_schedule",
    "summarize_incidents",
    "timeline",
    "verify_claim_pack",
    "write_claim_pack",
    "write_impact_report_schema",
]
