"""What came in: the provenance of each input file, its rejected rows, and the evidence
the claimant lists."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from claimstats.models.base import Record, Window

__all__ = ["EvidenceItem", "EvidenceKind", "FileProvenance", "InputCheck", "RejectedRow"]


class RejectedRow(Record):
    """A row a loader did not keep, and why."""

    line: int = Field(
        description="line number as in the file (header is line 1), or row number from 1"
    )
    column: str = Field(description="the column at fault, as named in the file")
    reason: str
    value: str = Field(default="", description="the offending value, as text")


class FileProvenance(Record):
    """Where a canonical frame came from: enough to show the evidence is unchanged."""

    source: str = Field(description="path as given by the user, or 'DataFrame'")
    name: str = Field(description="file name without folders")
    kind: Literal["outages", "orders"]
    format: str = Field(description="the layout it was read as, e.g. 'generic-csv'")
    sha256: str | None = Field(default=None, description="hex digest of the file's bytes")
    size_bytes: int | None = None
    rows_read: int
    rows_kept: int
    rows_rejected: int
    rejected: list[RejectedRow] = Field(default_factory=list)
    excluded: dict[str, int] = Field(
        default_factory=dict, description="rows left out on purpose (not errors), by reason"
    )
    time_start: datetime | None = None
    time_end: datetime | None = None
    tz: str | None = Field(default=None, description="zone declared for naive times")
    utc_offsets: dict[str, int] = Field(
        default_factory=dict,
        description="UTC offsets written in the file's times ('+08:00'), with how many times each",
    )
    encoding: str | None = Field(default=None, description="text encoding the file was read in")
    unknown_periods: list[Window] = Field(
        default_factory=list,
        description="periods the source cannot tell up or down (a monitor that stopped probing)",
    )


class InputCheck(Record):
    """What ``claimstats validate`` found in one input file: can it be used, and what is in it."""

    source: str = Field(description="path as given by the user")
    kind: Literal["outages", "orders"] | None = Field(
        description="the kind of data the file was read as; None when it could not be read"
    )
    usable: bool = Field(description="the file loads and keeps at least one row")
    error: str | None = Field(default=None, description="why the file cannot be used")
    provenance: FileProvenance | None = None
    counts: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        description="rows kept by column value: currency, channel, status (orders); "
        "service, severity (outages)",
    )
    open_outages: int = Field(default=0, description="outages without an end")
    warnings: list[str] = Field(
        default_factory=list,
        description="what an assessor would question though the file is usable: times that "
        "look read in the wrong zone (tz), a large share of rows rejected",
    )


#: what a piece of evidence is
EvidenceKind = Literal["screenshot", "recording", "chat", "contract", "ticket", "network", "other"]


class EvidenceItem(Record):
    """One piece of evidence the claimant lists, with the fingerprint of its file.

    No modification time is kept: it differs between copies of the same bytes, and the
    SHA-256 already shows the file is unchanged.
    """

    name: str = Field(min_length=1, description="what it is; the file name when none given")
    description: str = Field(default="", description="what it shows")
    kind: EvidenceKind = "other"
    path: str | None = Field(
        default=None,
        description="as written in the list (relative to its folder), or a link; None for "
        "evidence that is not a file (a paper contract)",
    )
    sha256: str | None = Field(default=None, description="hex digest of the file's bytes")
    size_bytes: int | None = Field(default=None, ge=0)
