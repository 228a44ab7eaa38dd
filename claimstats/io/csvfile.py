"""Delimited text files (``.csv``, ``.txt``, ``.tsv``) in the generic column layout.

The delimiter (comma, semicolon or tab) is sniffed from the header line. Every value is
read as text, so nothing is guessed before validation. Line numbers are physical lines
of the file, counted as a text editor shows them: blank lines before the header, blank
lines between rows, and line breaks inside quoted values are all counted.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from claimstats.errors import DataError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, read_text
from claimstats.io.tables import RawTable, finish_table

__all__ = ["read_csv", "sniff_delimiter"]

_DELIMITERS = (",", ";", "\t")
_QUOTED = re.compile(r'"[^"]*"')


def sniff_delimiter(header: str) -> str:
    """The delimiter used most often in a header line (outside quotes); comma by default.

    Examples
    --------
    >>> sniff_delimiter("id;time;amount")
    ';'
    >>> sniff_delimiter('"a;b",c')
    ','
    """
    bare = _QUOTED.sub("", header)
    counts = {d: bare.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_position(text: str) -> tuple[int, str]:
    """Number of blank lines before the header, and the header line itself."""
    pos = 0
    skipped = 0
    while True:
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.strip() or end < 0:
            return skipped, line
        skipped += 1
        pos = end + 1


def _ragged_error(text: str, delimiter: str, skipped: int, source: Source) -> FormatError:
    """Name the physical lines whose rows have more fields than the header (error path)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    width = None
    bad: list[int] = []
    previous = 0
    for row in reader:
        first_line, previous = previous + 1, reader.line_num
        if first_line <= skipped or not any(field.strip() for field in row):
            continue
        if width is None:
            width = len(row)
        elif len(row) > width:
            bad.append(first_line)
    shown = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    where = ", ".join(str(n) for n in bad[:5]) + (
        f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    )
    what = f"line {where} has" if len(bad) == 1 else f"lines {where} have"
    if not bad:
        what = "some lines have"
    msg = (
        f"{source.label}: {what} more fields than the header (line {skipped + 1}, split by "
        f"{shown}); check those lines for an extra {shown} or an unclosed quote"
    )
    return FormatError(msg)


def read_csv(source: Source, options: ReadOptions) -> RawTable:
    """Read a delimited text file into a raw table of strings.

    Parameters
    ----------
    source
        An opened file (see :func:`claimstats.io.sources.open_source`).
    options
        What is read; unused here, part of every reader's signature.

    Raises
    ------
    FormatError
        The file is binary, not UTF-8, or its rows do not split into the header's columns.
    DataError
        The file is empty or has a header but no rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "o.csv"
    >>> _ = p.write_text("id;amount\\n\\nA1;5\\n", encoding="utf-8")
    >>> table = read_csv(open_source(p), ReadOptions("orders"))
    >>> table.lines.tolist(), table.frame["amount"].tolist()
    ([3], ['5'])
    """
    text = read_text(source)
    if not text.strip():
        msg = "the file is empty; export the data again and check it has a header and rows"
        raise DataError(msg, source=source.label)
    skipped, header = _header_position(text)
    delimiter = sniff_delimiter(header)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            skiprows=skipped,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise _ragged_error(text, delimiter, skipped, source) from exc
    first = skipped + 2 + sum(str(name).count("\n") for name in frame.columns)
    offsets = np.arange(len(frame), dtype=np.int64)
    if '"' in text and len(frame):
        breaks = np.zeros(len(frame), dtype=np.int64)
        for name in frame.columns:
            breaks += frame[name].str.count("\n").to_numpy(dtype=np.int64, na_value=0)
        offsets += np.cumsum(breaks) - breaks
    return finish_table(frame, first + offsets, "generic-csv", source)
