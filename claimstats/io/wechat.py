"""WeChat Pay bill reader (placeholder: being written)."""

from __future__ import annotations

from claimstats.errors import FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source
from claimstats.io.tables import RawTable

__all__ = ["read_wechat", "sniff_wechat"]


def sniff_wechat(head: bytes, source: Source) -> Fit:
    """Whether the file is a WeChat Pay bill."""
    return Fit(False, "reader not written yet")


def read_wechat(source: Source, options: ReadOptions) -> RawTable:
    """Read a WeChat Pay bill."""
    raise FormatError("WeChat Pay bill: reader not written yet")
