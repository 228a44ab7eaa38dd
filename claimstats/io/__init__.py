"""Input loaders: outage evidence and order records into the canonical frames.

Every loader detects the format, reads the file (or DataFrame) without changing it,
matches its columns to the canonical names, parses times to UTC, validates every row
at once, and records the file's provenance (path, SHA-256, rows kept and rejected).
"""

from claimstats.io.orders import read_orders
from claimstats.io.outages import read_outages
from claimstats.io.provenance import provenance
from claimstats.io.registry import FORMATS

__all__ = ["FORMATS", "provenance", "read_orders", "read_outages"]
