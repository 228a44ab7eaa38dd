"""The steps every loader shares: open, pick the format, read, match columns; then keep or
reject the rows with problems and record the provenance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import claimstats.io.formats  # noqa: F401  (registers the formats)
from claimstats.io.columns import resolve_columns
from claimstats.io.options import ReadOptions
from claimstats.io.problems import Problems
from claimstats.io.provenance import attach_provenance
from claimstats.io.registry import Choice, choose_format
from claimstats.io.sources import Source, open_source
from claimstats.io.tables import RawTable
from claimstats.models import FileProvenance, Window

__all__ = ["Loaded", "Opened", "finish", "match", "open_table"]


@dataclass(frozen=True)
class Opened:
    """An input read as a raw table, with the format chosen for it."""

    source: Source
    choice: Choice
    table: RawTable
    options: ReadOptions

    def problems(self) -> Problems:
        """A problem list for this table's rows, holding what the reader found."""
        return Problems(
            self.table.lines, self.table.frame, self.source.label, list(self.table.issues)
        )


@dataclass(frozen=True)
class Loaded:
    """A raw table with its source, its column mapping and an empty problem list."""

    source: Source
    table: RawTable
    columns: dict[str, str]
    problems: Problems

    @property
    def rows(self) -> int:
        """Number of data rows read."""
        return len(self.table.frame)

    def column(self, name: str) -> pd.Series | None:
        """The raw values of a canonical column, or None when the file has none."""
        if name not in self.columns:
            return None
        return self.table.frame[self.columns[name]]

    def label(self, name: str) -> str:
        """The file's name for a canonical column (the canonical name if absent)."""
        return self.columns.get(name, name)


def open_table(source: object, format: str, options: ReadOptions) -> Opened:
    """Open ``source`` and read it as a raw table in the chosen (or detected) format."""
    opened = open_source(source)
    choice = choose_format(format, opened, options.kind)
    return Opened(opened, choice, choice.format.reader(opened, options), options)


def match(
    opened: Opened,
    aliases: Mapping[str, tuple[str, ...]],
    columns: Mapping[str, str] | None,
    required: Sequence[str],
) -> Loaded:
    """Match the raw table's columns to the canonical names."""
    found = list(opened.table.frame.columns)
    mapping = resolve_columns(found, aliases, columns, required, opened.source.label)
    return Loaded(opened.source, opened.table, mapping, opened.problems())


def finish(
    loaded: Loaded,
    kind: str,
    frame: pd.DataFrame,
    on_error: str,
    time_columns: Sequence[str],
    tz: str | None,
    *,
    used: np.ndarray | None = None,
    unknown: Sequence[Window] = (),
) -> pd.DataFrame:
    """Raise every problem, or drop the rows with problems; attach the provenance.

    ``frame`` is the canonical frame for every row read; the result keeps the rows
    without problems, in file order, with a fresh RangeIndex. When the canonical rows
    are built from the raw rows rather than one for one (outages from a probe log),
    pass the finished ``frame`` and ``used``, True for each raw row that went into it.
    """
    problems = loaded.problems
    if problems.issues and on_error == "raise":
        raise problems.error(kind.rstrip("s") if used is None else "record")
    bad = problems.bad()
    if used is None:
        kept = frame.loc[~bad].reset_index(drop=True)
        rows_kept = len(kept)
    else:
        kept = frame.reset_index(drop=True)
        rows_kept = int(np.count_nonzero(used))
    times = pd.concat([kept[c] for c in time_columns]).dropna()
    excluded = loaded.table.excluded
    record = FileProvenance(
        source=loaded.source.label,
        name=loaded.source.name,
        kind=kind,  # type: ignore[arg-type]
        format=loaded.table.format,
        sha256=loaded.source.sha256,
        size_bytes=loaded.source.size_bytes,
        rows_read=loaded.rows + sum(excluded.values()),
        rows_kept=rows_kept,
        rows_rejected=int(bad.sum()),
        rejected=problems.rejected(),
        excluded=dict(excluded),
        time_start=times.min().to_pydatetime() if len(times) else None,
        time_end=times.max().to_pydatetime() if len(times) else None,
        tz=tz,
        utc_offsets=dict(sorted(problems.offsets.items())),
        encoding=loaded.table.encoding,
        unknown_periods=list(unknown),
    )
    return attach_provenance(kept, record)
