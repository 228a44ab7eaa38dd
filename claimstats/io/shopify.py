"""Shopify export reader (placeholder: being written)."""

from __future__ import annotations

from claimstats.errors import FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source
from claimstats.io.tables import RawTable

__all__ = ["read_shopify", "sniff_shopify"]


def sniff_shopify(head: bytes, source: Source) -> Fit:
    """Whether the file is a Shopify export."""
    return Fit(False, "reader not written yet")


def read_shopify(source: Source, options: ReadOptions) -> RawTable:
    """Read a Shopify export."""
    raise FormatError("Shopify export: reader not written yet")
