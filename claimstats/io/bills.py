"""Steps the wallet bills share (WeChat Pay, Alipay): which rows are sales, whether the
table is whole, and the zone of their local times.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from claimstats.errors import ConfigError, DataError
from claimstats.io.options import ReadOptions
from claimstats.io.problems import Issue
from claimstats.io.sources import Source

__all__ = ["INCOME", "check_count", "require_tz", "sales_rows"]

#: the 收/支 value of a payment received: the only rows that are sales
INCOME = "收入"


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
            'tz="Asia/Shanghai" (or --tz Asia/Shanghai on the command line)'
        )
        raise ConfigError(msg)
