"""Alipay bill reader (placeholder: being written)."""

from __future__ import annotations

from claimstats.errors import FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source
from claimstats.io.tables import RawTable

__all__ = ["read_alipay", "sniff_alipay"]


def sniff_alipay(head: bytes, source: Source) -> Fit:
    """Whether the file is a Alipay bill."""
    return Fit(False, "reader not written yet")


def read_alipay(source: Source, options: ReadOptions) -> RawTable:
    """Read a Alipay bill."""
    raise FormatError("Alipay bill: reader not written yet")
