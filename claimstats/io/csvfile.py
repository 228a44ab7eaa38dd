"""Delimited text files (``.csv``, ``.txt``, ``.tsv``) in the generic column layout.

The text is decoded as :func:`claimstats.io.sources.decode_file` does (UTF-8, UTF-16,
GB18030, or the encoding the user names). The delimiter (comma, semicolon, tab or pipe)
is sniffed from the header line and confirmed by the lines after it; a ``sep=;`` first
line, as Excel writes it, names it outright. Every value is read as text, so nothing is
guessed before validation. A delimiter at the end of every line is allowed.

Line numbers are physical lines of the file, counted as a text editor shows them: a
``sep=`` line, blank lines before the header, blank lines between rows, and line breaks
inside quoted values are all counted; Windows (CRLF) and old Mac (CR) line ends count
as one line end each. A line break inside a quoted value is kept as written (CRLF in a
CRLF file), except that old Mac CRs become LF.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import warnings
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from claimstats.errors import DataError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source, decode_file
from claimstats.io.tables import RawTable, finish_table

__all__ = ["read_csv", "read_delimited", "sniff_delimiter", "unify_line_ends"]

_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_EXCEL_SEP = re.compile(r"sep=(.) *")
#: how many lines after the header confirm the delimiter, and in how much text
_SAMPLE_ROWS = 20
_SAMPLE_CHARS = 1 << 16


def unify_line_ends(text: str) -> str:
    r"""Text with Windows (CRLF) and old Mac (CR) line ends written as LF.

    Examples
    --------
    >>> unify_line_ends("a\r\nb\rc\n")
    'a\nb\nc\n'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fits(row: str, delimiter: str, width: int) -> bool:
    count = row.count(delimiter)
    return count == width or (count == width + 1 and row.rstrip(" \r").endswith(delimiter))


def sniff_delimiter(header: str, rows: Sequence[str] = ()) -> str:
    r"""The delimiter of a header line, confirmed by the lines that follow it.

    Quoted text is left out. Each of comma, semicolon, tab and pipe that the header
    holds scores by the share of ``rows`` that hold it as often (one more at the end of
    a line is a trailing delimiter); ties go to the one found more often in the header,
    then to the one less often followed by a space (``a, b`` is prose), then to the
    first in that order. A header without any of them is a single column: the result is
    a delimiter that no row holds (except at its end), so rows are not split.

    Examples
    --------
    >>> sniff_delimiter("id;time;amount")
    ';'
    >>> sniff_delimiter('"a;b",c')
    ','
    >>> sniff_delimiter("Kunde;Betrag (EUR, brutto)", ["Jürgen;12,50"])
    ';'
    >>> sniff_delimiter("note", ["late, sorry", "ok"])
    ';'
    """
    header = _QUOTED.sub("", header)
    sample = [_QUOTED.sub("", row) for row in rows if row.strip()]
    found = [d for d in _DELIMITERS if d in header]
    if not found:
        fitting = [d for d in _DELIMITERS if all(_fits(row, d, 0) for row in sample)]
        trailing = [d for d in fitting if any(d in row for row in sample)]
        return (trailing or fitting or [","])[0]

    def score(delimiter: str) -> tuple[float, int, float]:
        width = header.count(delimiter)
        agree = sum(_fits(row, delimiter, width) for row in sample) / len(sample) if sample else 1
        spaced = header.count(delimiter + " ") / width
        return agree, width, -spaced

    return max(found, key=score)


def _lines_from(text: str, start: int) -> Iterator[str]:
    """The physical lines of ``text`` from position ``start``, each with its ``\\n``."""
    pos = start
    while pos < len(text):
        end = text.find("\n", pos)
        if end < 0:
            yield text[pos:]
            return
        yield text[pos : end + 1]
        pos = end + 1


def _skip_lines(text: str, start: int, count: int) -> int:
    """The position after ``count`` more line ends from ``start`` (the end if fewer)."""
    pos = start
    for _ in range(count):
        end = text.find("\n", pos)
        if end < 0:
            return len(text)
        pos = end + 1
    return pos


def _sample_rows(text: str, start: int) -> list[str]:
    """Up to ``_SAMPLE_ROWS`` non-blank lines after the header, quoted text removed."""
    chunk = text[start : start + _SAMPLE_CHARS]
    lines = _QUOTED.sub("", chunk).split("\n")
    if start + _SAMPLE_CHARS < len(text):
        lines = lines[:-1]  # the last line may be cut
    return [line for line in lines if line.strip()][:_SAMPLE_ROWS]


@dataclasses.dataclass(frozen=True)
class _Header:
    """Where the header is, what it holds, and where the rows begin."""

    line: int
    names: list[str]
    delimiter: str
    body: int
    body_line: int


def _find_header(text: str, delimiter: str | None, first_line: int, source: Source) -> _Header:
    pos, line = 0, first_line
    first_end = text.find("\n")
    excel = _EXCEL_SEP.fullmatch(text[: first_end if first_end >= 0 else len(text)].rstrip("\r"))
    if excel:
        delimiter = delimiter or excel.group(1)
        pos, line = _skip_lines(text, 0, 1), line + 1
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            break
        pos, line = end + 1, line + 1
    if pos >= len(text):
        msg = "the file is empty; export the data again and check it has a header and rows"
        raise DataError(msg, source=source.label)
    header_end = text.find("\n", pos)
    header_text = text[pos : len(text) if header_end < 0 else header_end]
    if delimiter is None:
        delimiter = sniff_delimiter(header_text, _sample_rows(text, pos + len(header_text) + 1))
    reader = csv.reader(_lines_from(text, pos), delimiter=delimiter)
    try:
        fields = next(reader)
    except csv.Error as exc:
        msg = f"{source.label}: the header on line {line} cannot be read ({exc}); check its quotes"
        raise FormatError(msg) from exc
    body = _skip_lines(text, pos, reader.line_num)
    if reader.line_num > _SAMPLE_ROWS or (reader.line_num > 1 and body >= len(text)):
        msg = (
            f'{source.label}: the header on line {line} opens a quote (") that is not closed '
            "on the lines after it; close the quote or remove it"
        )
        raise FormatError(msg)
    names = [name if name.strip() else f"Unnamed: {i}" for i, name in enumerate(fields)]
    return _Header(line, names, delimiter, body, line + reader.line_num)


def _where(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return f"line {shown} has" if len(lines) == 1 else f"lines {shown}{more} have"


def _read_slowly(
    body: str, header: _Header, source: Source, failure: Exception
) -> tuple[pd.DataFrame, np.ndarray]:
    """Read rows the fast parser refused, with the csv module: tolerate trailing empty
    fields, and name the lines with extra values or an unclosed quote."""
    width = len(header.names)
    reader = csv.reader(_lines_from(body, 0), delimiter=header.delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    extra: list[int] = []
    consumed = 0
    try:
        for row in reader:
            line, consumed = header.body_line + consumed, reader.line_num
            if len(row) > width and any(field.strip() for field in row[width:]):
                extra.append(line)
            rows.append((row + [""] * width)[:width])
            lines.append(line)
    except csv.Error as exc:  # e.g. a NUL character
        msg = f"{source.label}: line {header.body_line + consumed} cannot be read ({exc})"
        raise FormatError(msg) from exc
    shown = _DELIMITER_NAMES.get(header.delimiter, repr(header.delimiter))
    if extra:
        msg = (
            f"{source.label}: {_where(extra)} more fields than the header (line "
            f"{header.line}, split by {shown}); check those lines for an extra {shown} or "
            "an unclosed quote"
        )
        raise FormatError(msg) from failure
    if "EOF inside string" in str(failure) and lines:
        msg = (
            f'{source.label}: line {lines[-1]} opens a quote (") that is never closed, so '
            "the rest of the file would be one value; close the quote or remove it"
        )
        raise FormatError(msg) from failure
    frame = pd.DataFrame(rows, columns=range(width), dtype="str")
    return frame, np.asarray(lines, dtype=np.int64)


def read_delimited(
    text: str,
    source: Source,
    fmt: str = "generic-csv",
    *,
    delimiter: str | None = None,
    first_line: int = 1,
) -> RawTable:
    r"""Read a block of delimited text (a header, then rows) into a raw table of strings.

    Parameters
    ----------
    text
        The block, with LF or CRLF line ends (see :func:`unify_line_ends`).
    source
        The file the block comes from, for messages.
    fmt
        The layout label recorded in the table.
    delimiter
        The delimiter, or None to sniff it (or take it from a ``sep=`` first line).
    first_line
        The line of the file on which ``text`` begins, so that a layout with lines
        before its table (a wallet bill's header block) numbers rows as in the file.

    Raises
    ------
    FormatError
        Rows do not split into the header's columns, or a quote is never closed.
    DataError
        The block is empty, or has a header but no rows.

    Examples
    --------
    >>> from claimstats.io.sources import Source
    >>> table = read_delimited("id|amount\nA1|5|\n", Source("x.txt", "x.txt"), first_line=17)
    >>> table.lines.tolist(), table.frame.to_dict("list")
    ([18], {'id': ['A1'], 'amount': ['5']})
    """
    header = _find_header(text, delimiter, first_line, source)
    body = text[header.body :]
    width = len(header.names)
    try:
        with warnings.catch_warnings():
            # a first row longer than the header is a warning (and lost data) otherwise
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(body),
                sep=header.delimiter,
                header=None,
                names=list(range(width)),
                index_col=False,
                dtype=str,
                na_filter=False,
                keep_default_na=False,
                skip_blank_lines=False,
                engine="c",
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        frame, lines = _read_slowly(body, header, source, exc)
    else:
        lines = header.body_line + np.arange(len(frame), dtype=np.int64)
        if '"' in body and len(frame):
            breaks = np.zeros(len(frame), dtype=np.int64)
            for name in frame.columns:
                breaks += frame[name].str.count("\n").to_numpy(dtype=np.int64, na_value=0)
            lines += np.cumsum(breaks) - breaks
    frame.columns = header.names
    return finish_table(frame, lines, fmt, source)


def read_csv(source: Source, options: ReadOptions) -> RawTable:
    """Read a delimited text file into a raw table of strings.

    Parameters
    ----------
    source
        An opened file (see :func:`claimstats.io.sources.open_source`).
    options
        ``options.encoding`` is the text encoding, or None to detect it.

    Raises
    ------
    FormatError
        The file is binary, not text in the encoding given or detected, or its rows do
        not split into the header's columns.
    DataError
        The file is empty or has a header but no rows.
    ConfigError
        ``options.encoding`` is not a text encoding.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "o.csv"
    >>> _ = p.write_bytes("sep=;\\r\\nid;amount\\r\\n\\r\\nA1;5\\r\\n".encode("utf-8"))
    >>> table = read_csv(open_source(p), ReadOptions("orders"))
    >>> table.lines.tolist(), table.frame["amount"].tolist(), table.encoding
    ([4], ['5'], 'utf-8')
    """
    text, encoding = decode_file(source, "csv", options.encoding)
    if not text.strip():
        msg = "the file is empty; export the data again and check it has a header and rows"
        raise DataError(msg, source=source.label)
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # CR ends (CRLF stays)
        text = unify_line_ends(text)
    table = read_delimited(text, source)
    return dataclasses.replace(table, encoding=encoding)
