"""Statuspage incidents.json reader (placeholder: being written)."""

from __future__ import annotations

from claimstats.errors import FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source
from claimstats.io.tables import RawTable

__all__ = ["read_statuspage", "sniff_statuspage"]


def sniff_statuspage(head: bytes, source: Source) -> Fit:
    """Whether the file is a Statuspage incidents.json."""
    return Fit(False, "reader not written yet")


def read_statuspage(source: Source, options: ReadOptions) -> RawTable:
    """Read a Statuspage incidents.json."""
    raise FormatError("Statuspage incidents.json: reader not written yet")
