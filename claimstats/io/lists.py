"""Small lists the claimant writes by hand: expenses, evidence items, SLA credit tiers.

Each is a CSV (or TSV, TXT) or JSON (or JSON Lines) file read into a raw table with the
line of each row, so that a bad row can be named as the user sees it in the file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from claimstats.errors import DataError, FormatError
from claimstats.io.csvfile import read_csv
from claimstats.io.jsonfile import read_json
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, open_source
from claimstats.io.tables import RawTable

__all__ = ["list_columns", "read_list"]

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


def list_columns(
    found: Sequence[object],
    label: str,
    what: str,
    columns: Sequence[str],
    required: Sequence[str | tuple[str, ...]],
    hint: str,
) -> dict[str, str]:
    """Each column of a list, by its name in ``columns``: the name as the file writes it
    (matched ignoring case and surrounding spaces).

    Parameters
    ----------
    found
        The columns of the file, as written.
    label, what
        The file, and what the list is (``"an expense list"``), for the error message.
    columns
        Every column the list may have; any other is an error.
    required
        The columns it must have; a tuple of names asks for one of them at least.
    hint
        What to do, ending the error message.

    Raises
    ------
    DataError
        A required column is missing, or a column is not one of ``columns``; the
        message names the columns found.

    Examples
    --------
    >>> list_columns(["Amount ", "description"], "x.csv", "an expense list",
    ...              ("amount", "description", "claimed"), ("amount",), "name them")
    {'amount': 'Amount ', 'description': 'description'}
    >>> list_columns(["kind"], "x.csv", "an evidence list", ("name", "kind", "path"),
    ...              [("name", "path")], "give a name or a path")
    Traceback (most recent call last):
    claimstats.errors.DataError: x.csv: has no 'name' or 'path' column (columns found: 'kind'); give a name or a path
    """
    named = {str(name).strip().lower(): str(name) for name in found}
    groups = [group if isinstance(group, tuple) else (group,) for group in required]
    missing = [" or ".join(map(repr, g)) for g in groups if not set(g) & named.keys()]
    unknown = [named[name] for name in named if name not in columns]
    if missing or unknown:
        listed = ", ".join(repr(str(name)) for name in found) or "none"
        problem = (
            f"has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}"
            if missing
            else f"has columns {what} does not use: {', '.join(map(repr, unknown))}"
        )
        msg = f"{problem} (columns found: {listed}); {hint}"
        raise DataError(msg, source=label)
    return {name: named[name] for name in columns if name in named}
