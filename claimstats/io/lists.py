"""Small lists the claimant writes by hand: expenses, evidence items, SLA credit tiers.

Each is a CSV (or TSV, TXT) or JSON (or JSON Lines) file read into a raw table with the
line of each row, so that a bad row can be named as the user sees it in the file.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from claimstats.errors import FormatError
from claimstats.io.csvfile import read_csv
from claimstats.io.jsonfile import read_json
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, open_source
from claimstats.io.tables import RawTable

__all__ = ["read_list"]

_READERS: dict[str, Callable[..., RawTable]] = {
    **dict.fromkeys((".csv", ".tsv", ".txt"), read_csv),
    **dict.fromkeys((".json", ".jsonl", ".ndjson"), read_json),
}


def read_list(path: str | os.PathLike[str], what: str, kind: str) -> tuple[Source, RawTable]:
    """Open a hand-written list and read its rows, or say which formats it may have.

    Parameters
    ----------
    path
        The list's file.
    what
        What the list is, for the error message, e.g. ``"an expense list"``.
    kind
        The kind of data for the reader's options, e.g. ``"expenses"``.

    Returns
    -------
    tuple of Source and RawTable
        The opened source (its label and folder) and the rows with their lines.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiers.csv"
    >>> _ = path.write_text("below_uptime_percent,credit_percent\\n99.9,10\\n", encoding="utf-8")
    >>> source, table = read_list(path, "an SLA schedule", "tiers")
    >>> source.name, table.frame.shape, table.lines.tolist()
    ('tiers.csv', (1, 2), [2])
    """
    source = open_source(path)
    reader = _READERS.get(source.suffix)
    if reader is None:
        msg = (
            f"{source.label}: {what} is read from .csv or .json, not "
            f"{source.suffix or 'a file without an extension'}; save it as CSV or JSON"
        )
        raise FormatError(msg)
    return source, reader(source, ReadOptions(kind))
