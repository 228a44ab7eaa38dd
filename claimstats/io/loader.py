"""The steps every loader shares: open, pick the format, read, match columns; then keep or
reject the rows with problems and record the provenance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from claimstats.io.columns import resolve_columns
from claimstats.io.problems import Problems
from claimstats.io.provenance import attach_provenance
from claimstats.io.registry import choose_format
from claimstats.io.sources import Source, open_source
from claimstats.io.tables import RawTable
from claimstats.models import FileProvenance

__all__ = ["Loaded", "finish", "load"]


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


def load(
    source: object,
    format: str,
    kind: str,
    aliases: Mapping[str, tuple[str, ...]],
    columns: Mapping[str, str] | None,
    required: Sequence[str],
) -> Loaded:
    """Open ``source``, read it with the chosen format and match its columns."""
    opened = open_source(source)
    reader = choose_format(format, opened, kind)
    table = reader.reader(opened, kind)
    mapping = resolve_columns(list(table.frame.columns), aliases, columns, required, opened.label)
    return Loaded(opened, table, mapping, Problems(table.lines, table.frame, opened.label))


def finish(
    loaded: Loaded,
    kind: str,
    frame: pd.DataFrame,
    on_error: str,
    time_columns: Sequence[str],
    tz: str | None,
) -> pd.DataFrame:
    """Raise every problem, or drop the rows with problems; attach the provenance.

    ``frame`` is the canonical frame for every row read; the result keeps the rows
    without problems, in file order, with a fresh RangeIndex.
    """
    problems = loaded.problems
    if problems.issues and on_error == "raise":
        raise problems.error(kind.rstrip("s"))
    bad = problems.bad()
    kept = frame.loc[~bad].reset_index(drop=True)
    times = pd.concat([kept[c] for c in time_columns]).dropna()
    record = FileProvenance(
        source=loaded.source.label,
        name=loaded.source.name,
        kind=kind,  # type: ignore[arg-type]
        format=loaded.table.format,
        sha256=loaded.source.sha256,
        size_bytes=loaded.source.size_bytes,
        rows_read=loaded.rows,
        rows_kept=len(kept),
        rows_rejected=int(bad.sum()),
        rejected=problems.rejected(),
        time_start=times.min().to_pydatetime() if len(times) else None,
        time_end=times.max().to_pydatetime() if len(times) else None,
        tz=tz,
    )
    return attach_provenance(kept, record)
