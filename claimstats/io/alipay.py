"""Alipay bills: the transaction record exports of 支付宝, usually GBK-encoded.

Two layouts are read:

* the web export "支付宝交易记录明细查询": a title, ``账号:[…]`` and ``起始日期:[…]``
  lines, the rule line ``-----交易记录明细列表-----``, then::

      交易号 ,商家订单号 ,交易创建时间 ,付款时间 ,最近修改时间 ,交易来源地 ,类型 ,交易对方 ,
      商品名称 ,金额（元） ,收/支 ,交易状态 ,服务费（元） ,成功退款（元） ,备注 ,资金状态 ,

  every field padded with spaces, ids ending in a tab, a comma at the end of each line;
  after the rows a footer (a rule line of dashes, ``共N笔记录``, ``已收入:…``,
  ``待收入:…``, ``已支出:…``, ``待支出:…``, ``导出时间:[…]  用户:…``) that is not data;
* the app export of 2023 on (``支付宝支付科技有限公司  电子客户回单``, formerly
  ``支付宝（中国）网络技术有限公司``): about 24 lines of 导出信息 and 特别提示, then
  ``交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,
  交易订单号,商家订单号,备注,``.

Only incoming payments (收/支 = 收入) are sales; outgoing payments (支出) and rows that
are neither (不计收支, or 收/支 left blank: top-ups, withdrawals, transfers) are left
out and counted in the raw table's ``excluded``. Times are China Standard Time without
an offset, so ``tz`` is needed. Each row keeps the line it has in the file.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

import pandas as pd

from claimstats.errors import DataError, FormatError
from claimstats.io.bills import COUNT, Bill, BillTable, bill_cells, check_header, require_tz
from claimstats.io.csvfile import unify_line_ends
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Fit
from claimstats.io.sources import Source, decode_file, sniff_text
from claimstats.io.tables import RawTable, finish_table

__all__ = ["ALIPAY_STATUSES", "read_alipay", "sniff_alipay"]

#: 交易状态 -> canonical status, before the refund and payment-time rules below; other
#: values pass on as written (the generic status words, then ``status_map=``)
ALIPAY_STATUSES: Final[dict[str, str]] = {
    "交易成功": "completed",
    "支付成功": "completed",
    "交易关闭": "cancelled",
    "等待付款": "pending",
    "等待买家付款": "pending",
    "退款成功": "refunded",
}

#: text only an Alipay bill's head holds: the web export's title and rule line
_TITLES = ("支付宝交易记录明细查询", "交易记录明细列表")
#: the app export's rule line names 支付宝 and 电子客户回单; its head, 导出信息 and 支付宝账户
_RECEIPT, _APP_HEAD = ("支付宝", "电子客户回单"), ("导出信息", "支付宝账户")
_HEADER = re.compile(
    r"^\ufeff?(?:交易号\s*,\s*商家订单号\s*,\s*交易创建时间|交易时间\s*,\s*交易分类\s*,\s*交易对方)",
    re.MULTILINE,
)
_FOOTER_RULE = re.compile(r"^[ ,\t]*-{10,}[ ,\t]*$", re.MULTILINE)
_PREAMBLE_LINES = 100

#: 收/支 values of rows that are not sales -> the reason recorded in ``excluded``
_NOT_SALES: Final[dict[str, str]] = {
    "支出": "outgoing payments (支出)",
    "不计收支": "neither income nor expense (不计收支)",
    "": "no income or expense given (收/支 blank)",
}
_BILL = Bill("Alipay bill", _NOT_SALES, "收入 (incoming), 支出 (outgoing), 不计收支 or blank")


@dataclasses.dataclass(frozen=True)
class _Columns:
    """The columns one layout names, matched with half-width parentheses."""

    fmt: str
    order_id: str
    time: str
    amount: str
    created: str | None = None
    refund: str | None = None
    direction: str = "收/支"
    status: str = "交易状态"
    peer: str = "交易对方"

    @property
    def required(self) -> tuple[str, ...]:
        names = (self.order_id, self.time, self.created, self.amount, self.direction)
        return tuple(n for n in (*names, self.status, self.refund) if n is not None)


_WEB = _Columns("alipay-csv", "交易号", "付款时间", "金额(元)", "交易创建时间", "成功退款(元)")
_APP = _Columns("alipay-app-csv", "交易订单号", "交易时间", "金额")


@dataclasses.dataclass(frozen=True)
class _Layout(BillTable):
    """Where the table is, how many records the bill states, and which layout it has."""

    columns: _Columns = _WEB


def sniff_alipay(head: bytes, source: Source) -> Fit:
    """Whether the first bytes of a file are an Alipay bill.

    Examples
    --------
    >>> sniff_alipay("支付宝交易记录明细查询".encode("gbk"), Source("a.csv", "a.csv")).ok
    True
    >>> sniff_alipay(b"id,amount", Source("a.csv", "a.csv")).why
    'no 支付宝交易记录明细查询 title or Alipay bill header in the first 64 KiB'
    """
    text = sniff_text(head)
    if _HEADER.search(text) or any(title in text for title in _TITLES):
        return Fit(True)
    if all(word in text for word in _RECEIPT) or all(word in text for word in _APP_HEAD):
        return Fit(True)
    return Fit(False, "no 支付宝交易记录明细查询 title or Alipay bill header in the first 64 KiB")


def _stated(
    line: str, number: int, found: tuple[int | None, int | None]
) -> tuple[int | None, int | None]:
    """The record count ``共N笔记录`` and its line, if this line has the first one."""
    count = COUNT.search(line)
    return (int(count.group(1)), number) if count and found[0] is None else found


def _layout(text: str, source: Source) -> _Layout:
    """Find the table header, the footer's rule line, and the 共N笔记录 count."""
    pos, number, marked, last, stated = 0, 0, None, 0, (None, None)
    while number < _PREAMBLE_LINES and pos < len(text):
        number += 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        stated = _stated(line, number, stated)
        if any(word in line for word in (*_TITLES, _RECEIPT[1], _APP_HEAD[1])):
            marked = number
        if line.strip(" ,\t") and marked is not None:
            last = number
        header = _HEADER.match(line)
        if header:
            columns = _WEB if "交易号" in header.group(0) else _APP
            return _table_end(text, columns, pos, number, stated)
        pos = end + 1
    if marked is None:
        msg = (
            f"{source.label}: is not an Alipay bill: no 支付宝交易记录明细查询 title and no "
            f"table header (交易号,商家订单号,... or 交易时间,交易分类,...) in the first "
            f"{_PREAMBLE_LINES} lines; export the bill again from Alipay, or pass "
            "format='csv' for a plain table"
        )
        raise FormatError(msg)
    said = f", though it says 共{stated[0]}笔记录" if stated[0] else ""
    msg = (
        f"the Alipay bill ends after its header block (line {last}) without a "
        f"transaction table{said}; the file seems cut off: export the bill again"
    )
    raise DataError(msg, source=source.label)


def _table_end(
    text: str, columns: _Columns, start: int, line: int, stated: tuple[int | None, int | None]
) -> _Layout:
    """The end of the rows: the footer's rule line of dashes, or the end of the file."""
    header_end = text.find("\n", start)
    rule = _FOOTER_RULE.search(text, header_end + 1) if header_end >= 0 else None
    if rule is None:
        return _Layout(start, line, len(text), *stated, columns)
    count = COUNT.search(text, rule.end())
    if count and stated[0] is None:
        stated = (int(count.group(1)), line + text.count("\n", start, count.start()))
    return _Layout(start, line, rule.start(), *stated, columns)


def _statuses(cell: dict[str, pd.Series], columns: _Columns) -> pd.Series:
    """Canonical statuses; a full refund, or a closed trade never paid, overrides 交易状态."""
    text = cell[columns.status]
    status = text.map(ALIPAY_STATUSES).fillna(text).astype("str")
    if columns.refund is None:
        return status
    amount = pd.to_numeric(cell[columns.amount], errors="coerce")
    refunded = pd.to_numeric(cell[columns.refund], errors="coerce").fillna(0.0)
    full = (refunded > 0) & (refunded >= amount)
    settled = text.isin(("交易成功", "支付成功", "交易关闭"))
    unpaid = text.eq("交易关闭") & cell[columns.time].eq("")
    return status.mask(unpaid, "failed").mask(settled & full, "refunded")


def read_alipay(source: Source, options: ReadOptions) -> RawTable:
    """Read the incoming payments of an Alipay bill as orders.

    Parameters
    ----------
    source
        An opened bill (web export ``alipay_record_….csv`` or the app export).
    options
        ``options.tz`` must be given (the bill's times have no offset);
        ``options.encoding`` overrides the detected encoding (GBK is read as GB18030).

    Returns
    -------
    RawTable
        Canonical order columns as text: ``order_id`` (交易号 / 交易订单号),
        ``timestamp`` (付款时间, or 交易创建时间 when there is none; 交易时间 in the app
        export), ``amount``, ``currency`` (CNY), ``channel`` (``alipay``), ``status``,
        ``customer`` (交易对方), ``status_text`` (交易状态 as written) and, in the web
        export, ``refunded_amount`` (成功退款). ``excluded`` counts the rows left out.

    Raises
    ------
    FormatError
        The file is not an Alipay bill, or its table header lacks a column.
    DataError
        The bill is cut off or has no incoming payments. A row whose 收/支 is not
        known is read with a row problem (see ``RawTable.issues``).
    ConfigError
        ``options.tz`` is None.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "alipay.csv"
    >>> rows = [
    ...     "------------------------支付宝支付科技有限公司  电子客户回单------------------------",
    ...     "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,",
    ...     "2026-08-04 09:40:00,收款,张**,/,收钱码收款,收入,25.00,,交易成功,2026080400001\\t,\\t,,",
    ...     "2026-08-04 09:50:00,退款,淘宝,/,退款-文具,不计收支,8.00,余额,退款成功,2026080400002\\t,\\t,,",
    ... ]
    >>> _ = p.write_bytes("\\n".join(rows).encode("gbk"))
    >>> table = read_alipay(open_source(p), ReadOptions("orders", tz="Asia/Shanghai"))
    >>> table.frame[["order_id", "amount", "status"]].to_dict("records"), table.lines.tolist()
    ([{'order_id': '2026080400001', 'amount': '25.00', 'status': 'completed'}], [3])
    >>> table.excluded, table.encoding
    ({'neither income nor expense (不计收支)': 1}, 'gb18030')
    """
    text, encoding = decode_file(source, "alipay", options.encoding)
    text = unify_line_ends(text)
    layout = _layout(text, source)
    columns = layout.columns
    check_header(text, layout, columns.required, _BILL, source)
    cell, lines, excluded, issues = bill_cells(
        text, layout, columns.fmt, (*columns.required, columns.peer), _BILL, source
    )
    times = cell[columns.time]
    if columns.created is not None:
        times = times.mask(times.eq(""), cell[columns.created])
    require_tz(times, lines, options, source, "Alipay bill")
    cell[columns.amount] = cell[columns.amount].str.replace(r"^[¥￥]|,", "", regex=True)
    peer = cell.get(columns.peer, pd.Series([""] * len(lines), dtype="str"))
    frame = pd.DataFrame(
        {
            "order_id": cell[columns.order_id],
            "timestamp": times,
            "amount": cell[columns.amount],
            "currency": "CNY",
            "channel": "alipay",
            "status": _statuses(cell, columns),
            "customer": peer.replace("/", ""),
            "status_text": cell[columns.status],
        }
    )
    if columns.refund is not None:
        frame["refunded_amount"] = cell[columns.refund]
    table = finish_table(frame, lines, columns.fmt, source)
    return dataclasses.replace(table, encoding=encoding, excluded=excluded, issues=issues)
