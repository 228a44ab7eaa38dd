"""Open an input: check that a path is a readable, non-empty file, and fingerprint it.

A :class:`Source` is what every reader receives. For a file it carries the SHA-256 of
the bytes (streamed in chunks, so large files are not held in memory twice) and the
size, which go into the provenance as evidence that the file is unchanged.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from claimstats.errors import ConfigError, DataError, FormatError

__all__ = ["DATAFRAME_LABEL", "Source", "fingerprint", "open_source", "read_text", "require_path"]

#: the label a DataFrame input gets in messages and provenance
DATAFRAME_LABEL = "DataFrame"

_CHUNK = 1 << 20
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Source:
    """One input, opened and checked.

    Attributes
    ----------
    label
        The path exactly as the user gave it, or ``"DataFrame"``; used in messages.
    name
        The file name without folders, or ``"DataFrame"``.
    path
        The resolved path, or None for a DataFrame.
    frame
        The DataFrame given by the user (never modified), or None for a file.
    sha256, size_bytes
        Fingerprint of the file's bytes; None for a DataFrame.
    """

    label: str
    name: str
    path: Path | None = None
    frame: pd.DataFrame | None = None
    sha256: str | None = None
    size_bytes: int | None = None

    @property
    def suffix(self) -> str:
        """The lower-case file extension with its dot (``".csv"``), or ``""``."""
        return self.path.suffix.lower() if self.path is not None else ""


def fingerprint(path: Path) -> tuple[str, int, bool]:
    """SHA-256 hex digest, size in bytes, and whether the file holds only whitespace.

    The file is read in 1 MiB chunks; a UTF-8 byte order mark counts as whitespace.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> fingerprint(p)[0][:12], fingerprint(p)[1:]
    ('ba7816bf8f01', (3, False))
    """
    digest = hashlib.sha256()
    size = 0
    blank = True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            if blank:
                body = chunk[len(_BOM) :] if size == 0 and chunk.startswith(_BOM) else chunk
                blank = not body.strip()
            size += len(chunk)
    return digest.hexdigest(), size, blank


def open_source(source: object) -> Source:
    """Check an input and describe it as a :class:`Source`.

    Parameters
    ----------
    source
        A path (``str`` or ``os.PathLike``) or a pandas DataFrame.

    Raises
    ------
    DataError
        The path does not exist, is a folder, cannot be read, or is empty.
    ConfigError
        ``source`` is neither a path nor a DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> open_source(pd.DataFrame({"a": [1]})).label
    'DataFrame'
    """
    if isinstance(source, pd.DataFrame):
        return Source(label=DATAFRAME_LABEL, name=DATAFRAME_LABEL, frame=source)
    if not isinstance(source, str | os.PathLike):
        msg = (
            f"source must be a file path or a pandas DataFrame, not {type(source).__name__}; "
            "pass the path of the export, e.g. read_orders('orders.csv')"
        )
        raise ConfigError(msg)
    label = os.fspath(source)
    if isinstance(label, bytes):
        label = os.fsdecode(label)
    path = Path(label).expanduser()
    if not path.exists():
        msg = f"file not found; check the path (relative paths start from {Path.cwd()})"
        raise DataError(msg, source=label)
    if path.is_dir():
        msg = "is a folder, not a file; pass the path of one export file inside it"
        raise DataError(msg, source=label)
    try:
        sha256, size, blank = fingerprint(path)
    except OSError as exc:
        msg = f"cannot be read ({exc.strerror or exc}); check that you may read the file"
        raise DataError(msg, source=label) from exc
    if size == 0 or blank:
        msg = "the file is empty; export the data again and check it has a header and rows"
        raise DataError(msg, source=label)
    return Source(label=label, name=path.name, path=path, sha256=sha256, size_bytes=size)


def require_path(source: Source, fmt: str) -> Path:
    """The file path of a source; a DataFrame given for a file format is a ConfigError.

    Examples
    --------
    >>> import pandas as pd
    >>> require_path(open_source(pd.DataFrame()), "csv")
    Traceback (most recent call last):
    ...
    claimstats.errors.ConfigError: format 'csv' reads a file, but a DataFrame was given; pass format='auto' or format='dataframe'
    """
    if source.path is None:
        msg = (
            f"format {fmt!r} reads a file, but a DataFrame was given; pass format='auto' "
            "or format='dataframe'"
        )
        raise ConfigError(msg)
    return source.path


_MAGIC = {
    b"PK\x03\x04": "an Excel workbook or another zip archive; for .xlsx pass format='excel'",
    b"PAR1": "a Parquet file; pass format='parquet'",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook; open it in Excel and save it as .xlsx",
}


def read_text(source: Source, fmt: str = "csv") -> str:
    r"""The text of a file: UTF-8 (with or without a byte order mark) or UTF-16 with one.

    Raises
    ------
    FormatError
        The file is binary (a workbook, a Parquet file) or not UTF-8 text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_bytes(b"\xef\xbb\xbfid\n1\n")
    >>> read_text(open_source(p))
    'id\n1\n'
    """
    path = require_path(source, fmt)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"cannot be read ({exc.strerror or exc}); check that you may read the file"
        raise DataError(msg, source=source.label) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
        for magic, what in _MAGIC.items():
            if data.startswith(magic):
                msg = f"{source.label}: is not a text file; it looks like {what}"
                raise FormatError(msg)
        if b"\x00" in data[:8192]:
            msg = (
                f"{source.label}: is not a text file (it contains NUL bytes); export the "
                "data as CSV (UTF-8), Excel .xlsx, JSON or Parquet"
            )
            raise FormatError(msg)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        name = "UTF-16" if encoding == "utf-16" else "UTF-8"
        msg = (
            f"{source.label}: line {line} is not valid {name} text"
            f" (byte {data[exc.start : exc.start + 1]!r} at offset {exc.start}); save "
            "the file as UTF-8 (in Excel: Save As > CSV UTF-8). Exports from Chinese "
            "banking and wallet apps are often GBK-encoded."
        )
        raise FormatError(msg) from exc
