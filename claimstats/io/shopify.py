"""Shopify orders export: the CSV that Shopify admin writes from Orders > Export.

The file has one row per line item; the columns begin::

    Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,
    Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,
    Created at,Lineitem quantity,Lineitem name,Lineitem price,...,Billing Name,...,
    Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,...,Source,...

An order's own fields (Financial Status, Currency, Total, Refunded Amount, Cancelled at,
...) are filled on its first row only; the further rows of the same ``Name`` carry
their line item and leave those blank. The reader makes one order per ``Name``, on the
line of the row that holds its totals, and counts the other rows in
``RawTable.excluded`` as further line items (they are parts of orders, neither orders
nor errors). Times are written with their offset (``2026-08-04 09:40:12 +0800``).
"""

from __future__ import annotations

import dataclasses
from typing import Final

import numpy as np
import pandas as pd

from claimstats.errors import DataError
from claimstats.io.csvfile import read_csv
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source, sniff_text
from claimstats.io.tables import RawTable, finish_table
from claimstats.io.values import map_words

__all__ = ["LINE_ITEMS", "SHOPIFY_STATUSES", "order_rows", "read_shopify", "sniff_shopify"]

#: Financial Status -> canonical status. A partly refunded order was still a sale
#: (``refunded_amount`` says how much went back); an order paid in part, or only
#: authorised, awaits its money; a voided or expired authorisation is no sale.
#: Other values pass on as written (then ``status_map=``, or a row error).
SHOPIFY_STATUSES: Final[dict[str, str]] = {
    "paid": "completed",
    "partially_refunded": "completed",
    "refunded": "refunded",
    "pending": "pending",
    "authorized": "pending",
    "partially_paid": "pending",
    "voided": "cancelled",
    "expired": "cancelled",
}

#: the ``excluded`` reason of the line-item rows after an order's first row
LINE_ITEMS: Final = "further line items of an order (not separate orders)"

_NAME, _CREATED, _TOTAL, _FINANCIAL = "Name", "Created at", "Total", "Financial Status"
_REQUIRED: Final = (_NAME, _CREATED, _TOTAL, _FINANCIAL)
#: order fields taken from another row of the order when its totals row leaves them blank
_ORDER_FIELDS: Final = ("Created at", "Email", "Billing Name", "Currency", "Source", "Cancelled at")
_DEFAULT_CHANNEL = "shopify"
_HEAD_LINES = 3


def sniff_shopify(head: bytes, source: Source) -> Fit:
    """Whether the first bytes of a file are a Shopify orders export.

    The header starts ``Name,Email,Financial Status``, or (columns reordered, or saved
    again with another delimiter) holds both ``Financial Status`` and ``Lineitem name``.

    Examples
    --------
    >>> sniff_shopify(b"Name,Email,Financial Status,Paid at\\r\\n#1001,a@b.c,paid,", Source("x", "x"))
    Fit(ok=True, why='')
    >>> sniff_shopify(b"order_id,amount\\n", Source("x", "x")).why
    "no Shopify header ('Name,Email,Financial Status' or 'Lineitem name') at the top"
    """
    lines = [line.strip() for line in sniff_text(head).splitlines() if line.strip()]
    for line in lines[:_HEAD_LINES]:
        if line.startswith("Name,Email,Financial Status") or (
            "Financial Status" in line and "Lineitem name" in line
        ):
            return Fit(True)
    return Fit(
        False, "no Shopify header ('Name,Email,Financial Status' or 'Lineitem name') at the top"
    )


def _require_columns(frame: pd.DataFrame, label: str) -> None:
    missing = [name for name in _REQUIRED if name not in frame.columns]
    if not missing:
        return
    names = ", ".join(repr(name) for name in missing)
    noun = "column" if len(missing) == 1 else "columns"
    found = ", ".join(repr(c) for c in list(frame.columns)[:12])
    more = ", ..." if frame.shape[1] > 12 else ""
    msg = (
        f"this Shopify orders export has no {names} {noun} (columns found: {found}{more}); "
        "export the orders again in Shopify admin (Orders > Export, as CSV) with all "
        "columns, or read the file as a plain table with format='csv' and say which "
        'columns to use, e.g. columns={"amount": "Subtotal"}'
    )
    raise DataError(msg, source=label)


def _blank_to_na(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    return text.where(text != "")


def _order_keys(frame: pd.DataFrame, lines: np.ndarray) -> pd.Series:
    """The Name of each row's order; a row without a Name is an order of its own."""
    own = pd.Series(lines, index=frame.index).map("\0line {}".format)
    return _blank_to_na(frame[_NAME]).fillna(own)


def order_rows(frame: pd.DataFrame, lines: np.ndarray) -> np.ndarray:
    """True for the row of each order that holds its totals (Total or Financial Status).

    Rows are grouped by ``Name`` (a row without one is an order of its own). An order
    with no such row is read from its first row, whose blank Total is then reported.

    Examples
    --------
    >>> rows = pd.DataFrame({"Name": ["#1", "#1", "#2", "", "#3"],
    ...                      "Total": ["5.00", "", "7.00", "", ""],
    ...                      "Financial Status": ["paid", "", "paid", "", ""]})
    >>> order_rows(rows, np.arange(2, 7)).tolist()
    [True, False, True, True, True]
    """
    key = _order_keys(frame, lines)
    holds = _blank_to_na(frame[_TOTAL]).notna() | _blank_to_na(frame[_FINANCIAL]).notna()
    group_holds = holds.groupby(key, sort=False).transform("any")
    first = ~key.duplicated()
    return (holds | (first & ~group_holds)).to_numpy(dtype=bool)


def _order_field(frame: pd.DataFrame, name: str, key: pd.Series) -> pd.Series:
    """A column, blank values filled from another row of the same order."""
    if name not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype="str")
    values = _blank_to_na(frame[name])
    return values.fillna(values.groupby(key, sort=False).transform("first"))


def _statuses(financial: pd.Series, cancelled: pd.Series) -> pd.Series:
    """Canonical status where the Financial Status is known, else the value as written;
    an order with a Cancelled at time is cancelled, whatever its payment did.
    """
    mapped = map_words(financial, SHOPIFY_STATUSES)
    status = mapped.fillna(financial.reset_index(drop=True))
    status = status.where(cancelled.reset_index(drop=True).isna(), "cancelled")
    return status


def read_shopify(source: Source, options: ReadOptions) -> RawTable:
    """Read a Shopify orders export: one order per ``Name``, in canonical order columns.

    Parameters
    ----------
    source
        An opened Shopify ``orders_export.csv``.
    options
        ``options.encoding`` is the text encoding, or None to detect it.

    Returns
    -------
    RawTable
        Columns ``order_id`` (Name, e.g. ``#1001``), ``timestamp`` (Created at),
        ``amount`` (Total), ``currency``, ``channel`` (Source: ``web``, ``pos``, ...;
        ``shopify`` when blank), ``status`` (see :data:`SHOPIFY_STATUSES`),
        ``customer`` (Email, else Billing Name), ``status_text`` (Financial Status as
        written) and ``refunded_amount`` (Refunded Amount), all text; one row per order
        on the line of its totals row; the other line-item rows counted in ``excluded``.

    Raises
    ------
    DataError
        Name, Created at, Total or Financial Status is missing, or there are no rows.
    FormatError
        The file is not readable as CSV (see :func:`claimstats.io.csvfile.read_csv`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "orders_export.csv"
    >>> _ = p.write_text(
    ...     "Name,Email,Financial Status,Currency,Total,Created at,Lineitem name\\n"
    ...     "#1001,a@example.com,paid,USD,30.00,2026-08-04 09:40:12 +0800,Rose\\n"
    ...     "#1001,a@example.com,,,,2026-08-04 09:40:12 +0800,Vase\\n", encoding="utf-8")
    >>> table = read_shopify(open_source(p), ReadOptions("orders"))
    >>> table.frame[["order_id", "amount", "status"]].values.tolist(), table.lines.tolist()
    ([['#1001', '30.00', 'completed']], [2])
    >>> table.excluded
    {'further line items of an order (not separate orders)': 1}
    """
    raw = read_csv(source, options)
    frame = raw.frame
    _require_columns(frame, source.label)
    lines = np.asarray(raw.lines)
    is_order = order_rows(frame, lines)
    key = _order_keys(frame, lines)
    fields = {field: _order_field(frame, field, key) for field in _ORDER_FIELDS}
    orders = pd.DataFrame(
        {
            "order_id": _blank_to_na(frame[_NAME]),
            "timestamp": fields["Created at"],
            "amount": _blank_to_na(frame[_TOTAL]),
            "currency": fields["Currency"],
            "channel": fields["Source"].fillna(_DEFAULT_CHANNEL),
            "status_text": _blank_to_na(frame[_FINANCIAL]),
            "customer": fields["Email"].fillna(fields["Billing Name"]),
            "cancelled": fields["Cancelled at"],
            "refunded_amount": (
                _blank_to_na(frame["Refunded Amount"])
                if "Refunded Amount" in frame.columns
                else pd.Series(np.nan, index=frame.index, dtype="str")
            ),
        }
    ).loc[is_order]
    status = _statuses(orders["status_text"], orders["cancelled"])
    orders = orders.drop(columns="cancelled").reset_index(drop=True).assign(status=status)
    columns = ["order_id", "timestamp", "amount", "currency", "channel", "status", "customer"]
    orders = orders[[*columns, "status_text", "refunded_amount"]]
    table = finish_table(orders, lines[is_order], "shopify-csv", source)
    excluded = dict(raw.excluded)
    items = int(np.count_nonzero(~is_order))
    if items:
        excluded[LINE_ITEMS] = items
    return dataclasses.replace(table, encoding=raw.encoding, excluded=excluded)
