"""The format registry: a format name -> the reader that turns an input into a raw table.

Later layouts (WeChat Pay or Alipay bills, Statuspage ``incidents.json``, heartbeat
logs) register a :class:`Format` here. A format with a ``sniff`` test is tried first,
on the first 64 KiB of a file, so a layout can claim a ``.csv`` that is really a wallet
bill; otherwise ``format="auto"`` goes by the file extension.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from claimstats.errors import ConfigError, FormatError
from claimstats.io.csvfile import read_csv
from claimstats.io.excel import read_excel
from claimstats.io.jsonfile import read_json
from claimstats.io.sources import Source
from claimstats.io.tables import RawTable, read_dataframe, read_parquet

__all__ = ["FORMATS", "Format", "choose_format", "register_format"]

#: ``reader(source, kind) -> RawTable``; ``kind`` is ``"outages"`` or ``"orders"``
Reader = Callable[[Source, str], RawTable]
#: ``sniff(first_bytes, source) -> bool``: True when the file is in this layout
Sniffer = Callable[[bytes, Source], bool]

_SNIFF_BYTES = 1 << 16


@dataclass(frozen=True)
class Format:
    """One input layout that claimstats can read.

    Attributes
    ----------
    name
        What users pass as ``format=``, e.g. ``"csv"``.
    reader
        Turns an opened source into a :class:`~claimstats.io.tables.RawTable`.
    extensions
        Lower-case file extensions (with the dot) that ``format="auto"`` maps here.
    kinds
        The kinds of data the layout holds: ``"outages"``, ``"orders"`` or both.
    sniff
        Optional content test, tried before extensions by ``format="auto"``.
    description
        One line shown in the list of formats.
    """

    name: str
    reader: Reader
    extensions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ("outages", "orders")
    sniff: Sniffer | None = None
    description: str = ""


#: every registered format, by name; ``format="auto"`` chooses among them
FORMATS: dict[str, Format] = {}


def register_format(fmt: Format, *, replace: bool = False) -> Format:
    """Add a format to :data:`FORMATS`, so ``format=fmt.name`` and auto-detection find it.

    Raises
    ------
    ConfigError
        A format of that name exists and ``replace`` is False.

    Examples
    --------
    >>> from claimstats.io.csvfile import read_csv
    >>> fmt = register_format(Format("my-csv", read_csv, (".mycsv",)))
    >>> choose_format("auto", Source(label="a.mycsv", name="a.mycsv")).name
    'my-csv'
    >>> del FORMATS["my-csv"]
    """
    if fmt.name in FORMATS and not replace:
        msg = f"a format named {fmt.name!r} is registered already; pass replace=True"
        raise ConfigError(msg)
    FORMATS[fmt.name] = fmt
    return fmt


for _fmt in (
    Format("csv", read_csv, (".csv", ".txt", ".tsv"), description="delimited text, UTF-8"),
    Format("excel", read_excel, (".xlsx", ".xlsm"), description="first sheet of a workbook"),
    Format("parquet", read_parquet, (".parquet", ".pq"), description="Apache Parquet"),
    Format("json", read_json, (".json", ".jsonl", ".ndjson"), description="records or lines"),
    Format("dataframe", read_dataframe, description="a pandas DataFrame"),
):
    register_format(_fmt)


def _valid_names() -> str:
    return ", ".join(repr(name) for name in ["auto", *FORMATS])


def choose_format(name: str, source: Source, kind: str | None = None) -> Format:
    """The format to read ``source`` with: the one named, or the one ``"auto"`` detects.

    Raises
    ------
    ConfigError
        ``name`` is not a registered format.
    FormatError
        ``"auto"`` cannot tell the format from the file's extension or content.

    Examples
    --------
    >>> choose_format("auto", Source(label="orders.CSV", name="orders.CSV")).name
    'csv'
    """
    if not isinstance(name, str) or (name != "auto" and name not in FORMATS):
        msg = f"unknown format {name!r}; use one of {_valid_names()}"
        raise ConfigError(msg)
    if name != "auto":
        return FORMATS[name]
    if source.frame is not None:
        return FORMATS["dataframe"]
    suffix = PurePath(source.name).suffix.lower()
    candidates = [f for f in FORMATS.values() if kind is None or kind in f.kinds]
    sniffers = [f for f in candidates if f.sniff is not None]
    if sniffers and source.path is not None:
        with source.path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
        for fmt in sniffers:
            if fmt.sniff is not None and fmt.sniff(head, source):
                return fmt
    for fmt in candidates:
        if suffix in fmt.extensions:
            return fmt
    if suffix == ".xls":
        msg = (
            f"{source.label}: old Excel .xls workbooks cannot be read; open it in Excel and "
            "save it as .xlsx (or as CSV UTF-8)"
        )
        raise FormatError(msg)
    known = sorted({ext for f in candidates for ext in f.extensions})
    msg = (
        f"{source.label}: cannot tell the format from the extension {suffix or '(none)'!r}; "
        f"rename the file to one of {', '.join(known)}, or pass format= one of {_valid_names()}"
    )
    raise FormatError(msg)
