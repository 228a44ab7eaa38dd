"""Open an input: check that a path is a readable, non-empty file, fingerprint it, and
decode its text.

A :class:`Source` is what every reader receives. For a file it carries the SHA-256 of
the bytes (streamed in chunks, so large files are not held in memory twice) and the
size, which go into the provenance as evidence that the file is unchanged.

Text files are decoded by :func:`decode_file`. Unless the user names an encoding it is
detected: a byte order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else GB18030 (the
superset of GBK and GB2312 that Chinese banking and wallet apps export) when the bytes
read as Chinese text. Bytes that are neither (Latin-1 or cp1252 files from European
spreadsheets) are not guessed: the error names the line and suggests ``encoding=``.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from claimstats.errors import ConfigError, DataError, FormatError

__all__ = [
    "DATAFRAME_LABEL",
    "Source",
    "check_encoding",
    "decode_file",
    "fingerprint",
    "open_source",
    "require_path",
    "sniff_text",
]

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

#: byte order marks and the encoding each announces; UTF-32 first (it starts like UTF-16)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: one GB18030 character of two or four bytes (ASCII bytes stand alone between them)
_GB_CHAR = re.compile(rb"[\x81-\xfe](?:[\x30-\x39][\x81-\xfe][\x30-\x39]|[\x40-\x7e\x80-\xfe])")

#: how much of a file the Chinese-text test looks at
_PLAUSIBLE_SAMPLE = 1 << 20


def check_encoding(encoding: object) -> str | None:
    """Validate a text encoding name given by the user (``None`` passes through).

    Returns the codec's canonical name, as recorded in the provenance.

    Raises
    ------
    ConfigError
        Not a name of a Python text codec.

    Examples
    --------
    >>> check_encoding("GBK"), check_encoding("latin-1"), check_encoding(None)
    ('gbk', 'iso8859-1', None)
    """
    if encoding is None:
        return None
    if isinstance(encoding, str):
        try:
            codec = codecs.lookup(encoding)
        except LookupError:
            pass
        else:
            # bytes-to-bytes codecs such as base64 are not text encodings
            if getattr(codec, "_is_text_encoding", True):
                return codec.name
    msg = (
        f"unknown text encoding {encoding!r}; pass a Python codec name such as "
        '"utf-8", "gb18030" (also reads GBK), "utf-16" or "cp1252", or None to detect it'
    )
    raise ConfigError(msg)


def _line_at(data: bytes, offset: int, encoding: str) -> int:
    """The line (from 1) holding byte ``offset``: CRLF, LF and lone CR each end a line."""
    before = data[:offset].decode(encoding, errors="replace")
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def _looks_chinese(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 read as Chinese GB18030 text.

    In GBK text most characters are common hanzi and punctuation, whose two bytes both
    lie in 0xA1-0xFE (the GB2312 area). Latin-1 or cp1252 text also decodes as GB18030
    now and then, but an accented letter followed by an ASCII letter makes a pair with
    a low second byte (a rare hanzi), so such text has almost no pairs in that area.
    """
    pairs = _GB_CHAR.findall(data[:_PLAUSIBLE_SAMPLE])
    if not pairs:
        return False
    common = sum(1 for p in pairs if len(p) == 2 and 0xA1 <= p[0] <= 0xF7 and p[1] >= 0xA1)
    return common >= len(pairs) / 2


def _binary_check(data: bytes, label: str, *, nul: bool = True) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            msg = f"{label}: is not a text file; it looks like {what}"
            raise FormatError(msg)
    if nul and b"\x00" in data[:8192]:
        msg = (
            f"{label}: is not a text file (it contains NUL bytes); export the data as CSV "
            "(UTF-8), Excel .xlsx, JSON or Parquet. If it is UTF-16 text without a byte "
            'order mark, pass encoding="utf-16-le"'
        )
        raise FormatError(msg)


def _decode_as(data: bytes, encoding: str, label: str, *, given: bool = True) -> str:
    """Decode strictly with a codec the user named (or a byte order mark did); errors name
    the line and the byte."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        # utf-8-sig counts from after its byte order mark; name the offset in the file.
        start = exc.start + (
            3 if encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf") else 0
        )
        line = _line_at(data, start, encoding)
        where = (
            f"line {line} is not valid {encoding} text (byte 0x{data[start]:02x} at offset {start})"
        )
        if given:
            msg = (
                f"{label}: {where}, but encoding={encoding!r} was given; check the file's "
                "encoding (or pass encoding=None to detect it), or save the file as UTF-8"
            )
        else:
            msg = (
                f"{label}: the file starts with a byte order mark saying {encoding}, but {where}: "
                "part of it is in another encoding (GBK, for Chinese text?); export it again, "
                "or save the file as UTF-8 as a whole"
            )
        raise FormatError(msg) from exc


def _detect(data: bytes, label: str) -> tuple[str, str]:
    """Decode without an encoding from the user: BOM, UTF-8, then Chinese GB18030."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, encoding, label, given=False), encoding
    _binary_check(data, label)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first = exc
    if _looks_chinese(data):
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as exc:
            if exc.end >= len(data.rstrip(b"\r\n")):  # cut inside its last character
                line = _line_at(data, exc.start, "gb18030")
                msg = (
                    f"{label}: the file is Chinese GBK/GB18030 text cut off inside its last "
                    f"character (line {line}, byte 0x{data[exc.start]:02x} at offset "
                    f"{exc.start}); export it again, the download or copy did not finish"
                )
                raise FormatError(msg) from exc
    line = _line_at(data, first.start, "utf-8")
    msg = (
        f"{label}: line {line} is not valid UTF-8 text (byte 0x{data[first.start]:02x} at "
        f"offset {first.start}), nor Chinese GBK/GB18030 text; it is probably Latin-1 or "
        'cp1252: pass encoding="cp1252" (or "gb18030" if it holds Chinese text, or the '
        "encoding it was saved in), or save the file as UTF-8 (in Excel: Save As > CSV UTF-8)"
    )
    raise FormatError(msg) from first


def decode_file(source: Source, fmt: str = "csv", encoding: str | None = None) -> tuple[str, str]:
    r"""The text of a file, and the encoding it was decoded with.

    Parameters
    ----------
    source
        An opened file.
    fmt
        The format being read, for the message when ``source`` is a DataFrame.
    encoding
        A Python codec name, decoded strictly (a UTF-8 byte order mark is dropped); or
        None to detect: a byte order mark (``"utf-8-sig"``, ``"utf-16"``, ``"utf-32"``),
        else ``"utf-8"``, else ``"gb18030"`` when the bytes read as Chinese text.

    Raises
    ------
    FormatError
        The file is binary (a workbook, a Parquet file), or its bytes are not text in
        the encoding given or detected; the message names the line.
    ConfigError
        ``encoding`` is not a text codec, or ``source`` is a DataFrame.
    DataError
        The file cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_bytes("时间,金额\n".encode("gbk"))
    >>> decode_file(open_source(p))
    ('时间,金额\n', 'gb18030')
    >>> _ = p.write_bytes("Café,5\n".encode("cp1252"))
    >>> decode_file(open_source(p), encoding="cp1252")
    ('Café,5\n', 'cp1252')
    """
    name = check_encoding(encoding)
    path = require_path(source, fmt)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"cannot be read ({exc.strerror or exc}); check that you may read the file"
        raise DataError(msg, source=source.label) from exc
    if name is None:
        return _detect(data, source.label)
    _binary_check(data, source.label, nul=False)
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    return _decode_as(data, name, source.label), name


def sniff_text(head: bytes) -> str:
    r"""The first bytes of a file as text, for a content test: never raises.

    UTF-8 (a byte order mark is dropped), UTF-16 with a byte order mark, else GB18030;
    bytes that do not decode are left out. A character cut at the end is ignored.

    Examples
    --------
    >>> sniff_text("微信支付账单明细".encode("utf-8")[:-1])
    '微信支付账单明'
    >>> sniff_text("支付宝交易记录明细查询".encode("gbk"))
    '支付宝交易记录明细查询'
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return head.decode("gb18030", errors="ignore")
