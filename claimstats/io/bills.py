"""Steps the wallet bills share (WeChat Pay, Alipay): which rows are sales, whether the
table is whole, and the zone of their local times.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.io.csvfile import read_delimited
from claimstats.io.options import ReadOptions
from claimstats.io.problems import Issue
from claimstats.io.sources import Source

__all__ = [
    "COUNT",
    "INCOME",
    "Bill",
    "BillTable",
    "bill_cells",
    "check_count",
    "check_header",
    "half_width",
    "require_tz",
    "sales_rows",
]

#: the record count a bill states: ``共N笔记录``
COUNT = re.compile(r"共\s*(\d+)\s*笔记录")

#: the 收/支 value of a payment received: the only rows that are sales
INCOME = "收入"


@dataclass(frozen=True)
class Bill:
    """A kind of bill: its name in messages, the 收/支 values of rows that are not sales
    (-> the reason they are left out), and the values it may hold, in words."""

    name: str
    not_sales: Mapping[str, str]
    known: str


@dataclass(frozen=True)
class BillTable:
    """Where a bill's table is: its header's position and line, where its rows end, and
    the record count the bill states (``共N笔记录``) with its line."""

    start: int
    line: int
    end: int
    stated: int | None
    stated_line: int | None


def half_width(name: str) -> str:
    """A column name stripped, with full-width parentheses as ASCII ones."""
    return name.strip().replace("（", "(").replace("）", ")")


def check_header(
    text: str, table: BillTable, required: Sequence[str], bill: Bill, source: Source
) -> None:
    """The table header names every column read, and rows follow it.

    Raises
    ------
    FormatError
        A column is missing: the file was edited.
    DataError
        No row follows the header.
    """
    stop = text.find("\n", table.start)
    found = [name.strip() for name in next(csv.reader([text[table.start : stop]]))]
    missing = [name for name in required if name not in {half_width(n) for n in found}]
    if missing:
        msg = (
            f"{source.label}: line {table.line}: the {bill.name}'s table header lacks "
            f"{', '.join(missing)} (found: {', '.join(n for n in found if n)}); the file "
            "seems edited: export the bill again, or read it with format='csv' and columns="
        )
        raise FormatError(msg)
    if stop < 0 or not text[stop + 1 : table.end].strip(" ,\t\n"):
        said = f", though it says 共{table.stated}笔记录" if table.stated else ""
        msg = (
            f"the {bill.name} has a table header (line {table.line}) but no rows{said}; "
            "export the bill again for a period with transactions"
        )
        raise DataError(msg, source=source.label)


def bill_cells(
    text: str, table: BillTable, fmt: str, names: Sequence[str], bill: Bill, source: Source
) -> tuple[dict[str, pd.Series], np.ndarray, dict[str, int], tuple[Issue, ...]]:
    """The stripped cells of the columns ``names`` of the incoming payments, their lines,
    the rows left out by reason, and the problems of those read (:func:`sales_rows`)."""
    read = read_delimited(
        text[table.start : table.end], source, fmt, delimiter=",", first_line=table.line
    )
    raw = read.frame.rename(columns=half_width)
    check_count(table.stated, table.stated_line, len(raw), source)
    cell = {name: raw[name].str.strip() for name in names if name in raw}
    incoming, excluded, issues = sales_rows(
        cell["收/支"], bill.not_sales, "收/支", bill.known, bill=bill.name, source=source
    )
    cell = {name: values[incoming].reset_index(drop=True) for name, values in cell.items()}
    return cell, read.lines[incoming], excluded, issues


def sales_rows(
    direction: pd.Series,
    not_sales: Mapping[str, str],
    column: str,
    known: str,
    *,
    bill: str,
    source: Source,
) -> tuple[np.ndarray, dict[str, int], tuple[Issue, ...]]:
    """Which rows are read, the rows left out by reason, and the problems of those read.

    Incoming payments are read; rows whose 收/支 is in ``not_sales`` are left out and
    counted by the reason given there. Rows whose 收/支 is none of these are read too,
    as row problems (they cannot be told apart from sales), so that ``on_error`` decides.

    Parameters
    ----------
    direction
        The 收/支 column, stripped text.
    not_sales
        收/支 value -> why such rows are not sales, e.g. ``{"支出": "outgoing payments (支出)"}``.
    column
        The column's name in the bill, for the problems.
    known
        The values the bill may hold, in words, for the message.
    bill, source
        The bill's name (``"WeChat Pay bill"``) and file, for the error.

    Raises
    ------
    DataError
        No row is an incoming payment: the bill has no sales to read.

    Examples
    --------
    >>> from claimstats.io.sources import DATAFRAME_LABEL
    >>> keep, left_out, issues = sales_rows(pd.Series(["收入", "支出", "?"]),
    ...     {"支出": "outgoing payments (支出)"}, "收/支", "收入 or 支出",
    ...     bill="bill", source=Source(DATAFRAME_LABEL, DATAFRAME_LABEL))
    >>> keep.tolist(), left_out, [i.rows.tolist() for i in issues]
    ([True, False, True], {'outgoing payments (支出)': 1}, [[1]])
    """
    left_out = direction.isin(list(not_sales)).to_numpy()
    counts = direction[left_out].value_counts()
    excluded = {reason: int(counts[v]) for v, reason in not_sales.items() if v in counts}
    if left_out.all():
        left = ", ".join(f"{n} {reason}" for reason, n in excluded.items())
        msg = (
            f"the {bill} has no incoming payments (收入), so no sales to read ({left}); "
            "export the bill of the account that receives the payments"
        )
        raise DataError(msg, source=source.label)
    read = direction[~left_out].reset_index(drop=True)
    issues = tuple(
        Issue(
            column,
            f"收/支 is {value!r}, not {known}; correct it, or export the bill again",
            np.flatnonzero(read.eq(value).to_numpy()),
        )
        for value in pd.unique(read[read.ne(INCOME)])
    )
    return ~left_out, excluded, issues


def check_count(stated: int | None, stated_line: int | None, rows: int, source: Source) -> None:
    """A bill that states more records (共N笔记录) than its table holds was cut or edited.

    Raises
    ------
    DataError
        The table has fewer rows than the bill says.
    """
    if stated is not None and rows < stated:
        msg = (
            f"the bill says 共{stated}笔记录 (line {stated_line}) but its table "
            f"has {rows} rows; the file seems cut off or edited: export the bill again (if "
            "you removed rows on purpose, delete the 共N笔记录 line)"
        )
        raise DataError(msg, source=source.label)


def require_tz(
    times: pd.Series, lines: np.ndarray, options: ReadOptions, source: Source, what: str
) -> None:
    """Bills write China Standard Time without an offset: without ``tz`` say so plainly.

    Raises
    ------
    ConfigError
        ``options.tz`` is None.
    """
    if options.tz is None:
        msg = (
            f"{source.label}: {what} times (e.g. {times.iloc[0]!r} on line {int(lines[0])}) "
            "have no UTC offset; the bill is written in China Standard Time, so pass "
            'tz="Asia/Shanghai"'
        )
        raise ConfigError(msg)
