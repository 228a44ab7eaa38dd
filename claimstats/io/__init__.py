"""Input loaders: every file or frame the claimant brings, into the canonical frames and models.

Every loader detects the format, reads the file (or DataFrame) without changing it,
matches its columns to the canonical names, parses times to UTC, validates every row
at once, and records the file's provenance (path, SHA-256, rows kept and rejected).
Orders, outages and refund lists become canonical frames; expenses, evidence lists and
SLA credit schedules become the models the analysis takes.
"""

from claimstats.io.escalation import read_escalation_bodies
from claimstats.io.evidence import evidence_items, read_evidence_list
from claimstats.io.expenses import read_expenses
from claimstats.io.orders import read_orders
from claimstats.io.outages import read_outages
from claimstats.io.provenance import provenance
from claimstats.io.refunds import read_refunds
from claimstats.io.registry import FORMATS
from claimstats.io.sla import read_sla_schedule, sla_schedule_from_rows

__all__ = [
    "FORMATS",
    "evidence_items",
    "provenance",
    "read_escalation_bodies",
    "read_evidence_list",
    "read_expenses",
    "read_orders",
    "read_outages",
    "read_refunds",
    "read_sla_schedule",
    "sla_schedule_from_rows",
]
