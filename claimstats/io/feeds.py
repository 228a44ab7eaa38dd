"""Statuspage history feeds (placeholder: being written)."""

from __future__ import annotations

from claimstats.errors import FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source
from claimstats.io.tables import RawTable

__all__ = ["read_atom", "read_rss", "sniff_atom", "sniff_rss"]


def sniff_atom(head: bytes, source: Source) -> Fit:
    """Whether the file is a history.atom feed."""
    return Fit(False, "reader not written yet")


def sniff_rss(head: bytes, source: Source) -> Fit:
    """Whether the file is a history.rss feed."""
    return Fit(False, "reader not written yet")


def read_atom(source: Source, options: ReadOptions) -> RawTable:
    """Read a history.atom feed."""
    raise FormatError("atom: reader not written yet")


def read_rss(source: Source, options: ReadOptions) -> RawTable:
    """Read a history.rss feed."""
    raise FormatError("rss: reader not written yet")
