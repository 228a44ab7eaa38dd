"""claimstats: turn outage evidence and order records into a defensible impact statement.

>>> import claimstats as cs
>>> report = cs.demo_report()
>>> report.summary.passed_threshold
True
"""

from claimstats import sample, validation
from claimstats.errors import ClaimstatsError, ConfigError, DataError, FormatError
from claimstats.estimate import (
    analyze_payments,
    counterfactual,
    estimate_loss,
    estimate_loss_batch,
)
from claimstats.incidents import incidents, summarize_incidents, timeline
from claimstats.io import provenance, read_orders, read_outages
from claimstats.models import (
    ClaimPolicy,
    ClaimStatement,
    Effect,
    FileProvenance,
    ImpactReport,
    IncidentSummary,
    LossEstimate,
    PaymentAnalysis,
    PolicyAssessment,
    SlaMonth,
    SlaSchedule,
)
from claimstats.policy import assess_claim
from claimstats.privacy import mask_payments
from claimstats.report import (
    build_report,
    demo_report,
    impact_report_schema,
    write_impact_report_schema,
)
from claimstats.series import bucket_orders
from claimstats.sla import monthly_uptime, read_sla_schedule

__all__ = [
    "ClaimPolicy",
    "ClaimStatement",
    "ClaimstatsError",
    "ConfigError",
    "DataError",
    "Effect",
    "FileProvenance",
    "FormatError",
    "ImpactReport",
    "IncidentSummary",
    "LossEstimate",
    "PaymentAnalysis",
    "PolicyAssessment",
    "SlaMonth",
    "SlaSchedule",
    "analyze_payments",
    "assess_claim",
    "bucket_orders",
    "build_report",
    "counterfactual",
    "demo_report",
    "estimate_loss",
    "estimate_loss_batch",
    "impact_report_schema",
    "incidents",
    "mask_payments",
    "monthly_uptime",
    "provenance",
    "read_orders",
    "read_outages",
    "read_sla_schedule",
    "sample",
    "summarize_incidents",
    "timeline",
    "validation",
    "write_impact_report_schema",
]
