"""Refunds a wallet made, listed apart from the payment attempts: a CSV or JSON file.

One refund per row (CSV) or record (JSON: a list, or ``{"refunds": [...]}``), with

``order_id``
    the payment attempt refunded, as in the transactions (``transaction_id``, 订单号 ...);
``refunded_amount``
    how much went back (``12.50``, ``¥12.50``; 退款金额), optional;
``refunded_at``
    when it went back (退款时间), optional; a time without an offset is local time in
    ``tz``.

At least one of ``refunded_amount`` and ``refunded_at`` is needed: a refund with a time
and no amount is taken as a refund of the whole payment. Every problem in the file is
collected and reported at once, naming the line and the column, as the order loader
does. :func:`claimstats.estimate.payments.apply_refunds` (or ``refunds=`` of
:func:`claimstats.analyze_payments`) takes the frame.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final

import numpy as np
import pandas as pd

from claimstats.errors import DataError
from claimstats.io.columns import ORDER_ALIASES, resolve_columns
from claimstats.io.lists import read_list
from claimstats.io.problems import Problems
from claimstats.io.tables import blank_mask
from claimstats.io.times import check_tz, parse_times
from claimstats.io.values import as_text, parse_amounts
from claimstats.schema import REFUND_COLUMNS

__all__ = ["REFUND_ALIASES", "read_refunds"]

#: canonical refund column -> other headers that mean the same (after normalising)
REFUND_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    name: ORDER_ALIASES[name] for name in REFUND_COLUMNS
}


def read_refunds(
    path: str | os.PathLike[str],
    tz: str | None = None,
    columns: Mapping[str, str] | None = None,
    *,
    decimal: str = ".",
) -> pd.DataFrame:
    """Read a list of the refunds a wallet made, by the order id of the payment refunded.

    Parameters
    ----------
    path
        A ``.csv`` (or ``.tsv``/``.txt``) file with a header row, or a ``.json`` file
        holding a list of records or ``{"refunds": [...]}`` (or JSON Lines).
    tz
        IANA zone of times written without an offset, e.g. ``"Asia/Shanghai"``.
    columns
        Canonical name -> the file's column, e.g. ``{"order_id": "商户订单号"}``.
    decimal
        The decimal mark of amounts written as text: ``"."`` or ``","``.

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes of :data:`claimstats.schema.REFUND_COLUMNS` in file order:
        ``refunded_amount`` is 0 and ``refunded_at`` missing where the file does not say.

    Raises
    ------
    DataError
        The file is missing or empty, lacks ``order_id`` or both of ``refunded_amount``
        and ``refunded_at``, or has bad rows (each named by line and column).
    FormatError
        The file is neither CSV nor JSON.
    ConfigError
        An argument is invalid, or times lack a zone and ``tz`` is not given.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "refunds.csv"
    >>> _ = path.write_text("订单号,退款金额,退款时间\\n"
    ...                     "WXP-20260807-0349,38.00,2026-08-08 10:12\\n", encoding="utf-8")
    >>> refunds = read_refunds(path, tz="Asia/Shanghai")
    >>> refunds["order_id"].tolist(), refunds["refunded_amount"].tolist()
    (['WXP-20260807-0349'], [38.0])
    >>> str(refunds.loc[0, "refunded_at"])
    '2026-08-08 02:12:00+00:00'
    """
    tz = check_tz(tz)
    source, table = read_list(path, "a refund list", "refunds")
    found = [str(name) for name in table.frame.columns]
    frame = table.frame.set_axis(found, axis=1)
    names = resolve_columns(found, REFUND_ALIASES, columns, ("order_id",), source.label)
    if "refunded_amount" not in names and "refunded_at" not in names:
        msg = (
            f"has no refunded_amount or refunded_at column (columns found: "
            f"{', '.join(map(repr, found))}); a refund list names the payment (order_id) "
            "and how much went back (refunded_amount), when (refunded_at), or both"
        )
        raise DataError(msg, source=source.label)
    problems = Problems(table.lines, frame, source.label, list(table.issues))
    ids = as_text(frame[names["order_id"]])
    problems.add(names["order_id"], "the order id is missing", blank_mask(frame[names["order_id"]]))
    amounts = np.zeros(len(frame))
    if "refunded_amount" in names:
        label = names["refunded_amount"]
        parsed = parse_amounts(frame[label], decimal=decimal)
        problems.add(label, "not an amount; write it like 12.50", parsed.not_number)
        problems.add(label, "not a finite number", parsed.not_finite)
        problems.add(label, "a refund cannot be negative", parsed.negative)
        amounts = np.where(parsed.missing, 0.0, np.asarray(parsed.numbers, dtype=float))
    times = pd.Series(pd.NaT, index=pd.RangeIndex(len(frame)), dtype=REFUND_COLUMNS["refunded_at"])
    if "refunded_at" in names:
        label = names["refunded_at"]
        times = parse_times(frame[label], label, tz, problems).utc
    refunds = pd.DataFrame(
        {"order_id": ids, "refunded_amount": amounts, "refunded_at": times}
    ).astype(REFUND_COLUMNS)
    if problems.issues:  # every row counts: a refund left out would be asked for again
        raise problems.error(what="refund", rejectable=False)
    return refunds
