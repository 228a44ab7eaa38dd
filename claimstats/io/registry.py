"""The format registry: a format name -> the reader that turns an input into a raw table.

A :class:`Format` pairs a reader with how ``format="auto"`` recognises it: a content
test (``sniff``, run on the first 64 KiB, so a layout can claim a ``.csv`` that is really
a wallet bill) or file extensions. Its ``layout`` says how the rows are read afterwards:
``"table"`` rows are orders or outages in (aliased) canonical columns; ``"events"`` and
``"heartbeat"`` rows are monitor records that :mod:`claimstats.io.probes` turns into
outages.

Auto-detection runs every content test for the kind of data asked for, then falls back
to the extension. Each test that does not fit says why; the loaders show that list when
nothing fits, so a user sees what was tried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from claimstats.errors import ConfigError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.sources import Source
from claimstats.io.tables import RawTable

__all__ = [
    "FORMATS",
    "LAYOUTS",
    "Choice",
    "Fit",
    "Format",
    "choose_format",
    "register_format",
    "tried_text",
]

#: ``reader(source, options) -> RawTable``
Reader = Callable[[Source, ReadOptions], RawTable]

#: how the rows of a raw table are interpreted
LAYOUTS = ("table", "events", "heartbeat")

_SNIFF_BYTES = 1 << 16


@dataclass(frozen=True)
class Fit:
    """The answer of a content test: does the file fit the layout, and if not, why not.

    Examples
    --------
    >>> Fit(False, "no incidents list").why
    'no incidents list'
    """

    ok: bool
    why: str = ""


#: ``sniff(first_bytes, source) -> Fit``
Sniffer = Callable[[bytes, Source], Fit]


@dataclass(frozen=True)
class Format:
    """One input layout that claimstats can read.

    Attributes
    ----------
    name
        What users pass as ``format=``, e.g. ``"csv"`` or ``"wechat"``.
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
    layout
        One of :data:`LAYOUTS`: how the rows are interpreted.
    """

    name: str
    reader: Reader
    extensions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ("outages", "orders")
    sniff: Sniffer | None = None
    description: str = ""
    layout: str = "table"


@dataclass(frozen=True)
class Choice:
    """The format chosen for a source, and what auto-detection tried before it.

    Attributes
    ----------
    format
        The chosen format.
    auto
        True when ``format="auto"`` chose it.
    tried
        ``(format name, why it did not fit)`` for each content test that failed.
    """

    format: Format
    auto: bool = False
    tried: tuple[tuple[str, str], ...] = field(default=())


#: every registered format, by name; ``format="auto"`` chooses among them
FORMATS: dict[str, Format] = {}


def register_format(fmt: Format, *, replace: bool = False) -> Format:
    """Add a format to :data:`FORMATS`, so ``format=fmt.name`` and auto-detection find it.

    Raises
    ------
    ConfigError
        A format of that name exists and ``replace`` is False, or the layout is unknown.

    Examples
    --------
    >>> from claimstats.io.csvfile import read_csv
    >>> fmt = register_format(Format("my-csv", read_csv, (".mycsv",)))
    >>> choose_format("auto", Source(label="a.mycsv", name="a.mycsv")).format.name
    'my-csv'
    >>> del FORMATS["my-csv"]
    """
    if fmt.name in FORMATS and not replace:
        msg = f"a format named {fmt.name!r} is registered already; pass replace=True"
        raise ConfigError(msg)
    if fmt.layout not in LAYOUTS:
        msg = f"format {fmt.name!r} has layout {fmt.layout!r}; use one of {', '.join(LAYOUTS)}"
        raise ConfigError(msg)
    FORMATS[fmt.name] = fmt
    return fmt


def _valid_names(kind: str | None = None) -> str:
    names = [n for n, f in FORMATS.items() if kind is None or kind in f.kinds]
    return ", ".join(repr(name) for name in ["auto", *names])


def tried_text(tried: tuple[tuple[str, str], ...]) -> str:
    """The list of formats tried, for a message: ``wechat (why); alipay (why)``.

    Examples
    --------
    >>> tried_text((("wechat", "no 微信支付 header"), ("alipay", "no 支付宝 title")))
    'wechat (no 微信支付 header); alipay (no 支付宝 title)'
    """
    return "; ".join(f"{name} ({why})" for name, why in tried)


def by_extension(source: Source, kind: str | None = None) -> Format:
    """The generic table format (csv, excel, json, parquet) for a file's extension.

    Raises
    ------
    FormatError
        The extension is none of theirs.

    Examples
    --------
    >>> by_extension(Source(label="orders.CSV", name="orders.CSV")).name
    'csv'
    """
    if source.frame is not None:
        return FORMATS["dataframe"]
    suffix = PurePath(source.name).suffix.lower()
    candidates = [f for f in FORMATS.values() if kind is None or kind in f.kinds]
    for fmt in candidates:
        if fmt.sniff is None and suffix in fmt.extensions:
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
        f"rename the file to one of {', '.join(known)}, or pass format= one of "
        f"{_valid_names(kind)}"
    )
    raise FormatError(msg)


def choose_format(name: str, source: Source, kind: str | None = None) -> Choice:
    """The format to read ``source`` with: the one named, or the one ``"auto"`` detects.

    Raises
    ------
    ConfigError
        ``name`` is not a registered format, or holds another kind of data.
    FormatError
        ``"auto"``: no content test fits and the extension is not a table format's.

    Examples
    --------
    >>> choose_format("auto", Source(label="orders.CSV", name="orders.CSV")).format.name
    'csv'
    """
    if not isinstance(name, str) or (name != "auto" and name not in FORMATS):
        msg = f"unknown format {name!r}; use one of {_valid_names(kind)}"
        raise ConfigError(msg)
    if name != "auto":
        fmt = FORMATS[name]
        if kind is not None and kind not in fmt.kinds:
            msg = (
                f"format {name!r} holds {' and '.join(fmt.kinds)}, not {kind}; "
                f"use one of {_valid_names(kind)}"
            )
            raise ConfigError(msg)
        return Choice(fmt)
    if source.frame is not None:
        return Choice(FORMATS["dataframe"], auto=True)
    tried: list[tuple[str, str]] = []
    sniffers = [
        f for f in FORMATS.values() if f.sniff is not None and (kind is None or kind in f.kinds)
    ]
    if sniffers and source.path is not None:
        with source.path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
        for fmt in sniffers:
            fit = fmt.sniff(head, source)  # type: ignore[misc]
            if fit.ok:
                return Choice(fmt, auto=True, tried=tuple(tried))
            tried.append((fmt.name, fit.why))
    try:
        fmt = by_extension(source, kind)
    except FormatError as exc:
        if not tried:
            raise
        msg = f"{exc}. Formats tried by content: {tried_text(tuple(tried))}"
        raise FormatError(msg) from exc
    return Choice(fmt, auto=True, tried=tuple(tried))
