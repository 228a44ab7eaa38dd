"""WeChat Pay bills: the personal bill export "微信支付账单明细" (CSV, 用作个人对账).

The file is UTF-8 with a byte order mark and CRLF line ends. A header block of about
sixteen lines (微信昵称, 起始时间 and 终止时间, 导出类型, 导出时间, ``共N笔记录``, the
counts of 收入, 支出 and 中性交易, and notes) ends in the rule line
``----------------------微信支付账单明细列表--------------------``; the table follows::

    交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注
    2026-08-04 09:40:00,二维码收款,张三,/,收入,¥25.00,/,已收钱,10000500012026080400001\\t,/\\t,/

Only incoming payments (收/支 = 收入) are sales; outgoing payments (支出) and neutral
transfers (``/``: top-ups, withdrawals, 零钱通) are left out and counted in the raw
table's ``excluded``. Times are China Standard Time written without an offset, so
``tz`` is needed. Each row keeps the line it has in the file.
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

__all__ = ["WECHAT_STATUSES", "read_wechat", "sniff_wechat"]

#: 当前状态 of an incoming payment -> canonical status; other values pass on as written
#: (the generic status words, then ``status_map=``, then an unknown-status row error)
WECHAT_STATUSES: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("支付成功", "已收钱", "朋友已收钱", "对方已收钱", "已存入零钱", "已到账", "已转账"),
        "completed",
    ),
    **dict.fromkeys(("已全额退款", "对方已退还", "已退款"), "refunded"),
    "支付失败": "failed",
    **dict.fromkeys(("交易关闭", "已关闭"), "cancelled"),
}

#: a partial refund: ``已退款(￥5.00)``, ``已退款￥5.00``, ``已部分退款（¥5.00）``
_PARTIAL_REFUND = re.compile(r"^已(?:部分)?退款\s*[(（]?\s*[¥￥]\s*(\d[\d,]*(?:\.\d+)?)\s*[)）]?$")
_RULE = "微信支付账单明细列表"
_TITLE = "微信支付账单明细"
_HEADER = re.compile(r"^\ufeff?交易时间\s*,\s*交易类型\s*,\s*交易对方\s*,", re.MULTILINE)
_CURRENCY_SIGN = r"^[¥￥]\s*"
#: how far into the file the table header is looked for
_PREAMBLE_LINES = 60

#: the columns read, by their name in the bill; the first five must be there
_TIME, _DIRECTION, _AMOUNT, _STATUS, _ID, _PEER = (
    "交易时间",
    "收/支",
    "金额(元)",
    "当前状态",
    "交易单号",
    "交易对方",
)
_REQUIRED = (_TIME, _DIRECTION, _AMOUNT, _STATUS, _ID)

#: 收/支 values of rows that are not sales -> the reason recorded in ``excluded``
_NOT_SALES: Final[dict[str, str]] = {
    "支出": "outgoing payments (支出)",
    "/": "neutral transfers (/)",
}
_BILL = Bill("WeChat Pay bill", _NOT_SALES, "收入 (incoming), 支出 (outgoing) or / (neutral)")


def sniff_wechat(head: bytes, source: Source) -> Fit:
    """Whether the first bytes of a file are a WeChat Pay bill.

    Examples
    --------
    >>> rule = "----------------------微信支付账单明细列表--------------------"
    >>> sniff_wechat(rule.encode("utf-8-sig"), Source("a.csv", "a.csv")).ok
    True
    >>> sniff_wechat(b"id,amount", Source("a.csv", "a.csv")).why
    'no 微信支付账单明细列表 line or WeChat bill header in the first 64 KiB'
    """
    text = sniff_text(head)
    if _RULE in text or _HEADER.search(text) or text.lstrip("\ufeff").startswith(_TITLE):
        return Fit(True)
    return Fit(False, f"no {_RULE} line or WeChat bill header in the first 64 KiB")


def _layout(text: str, source: Source) -> BillTable:
    """Find the table header after the header block (line numbers from 1)."""
    pos, rule, last, stated, stated_line = 0, None, 0, None, None
    for number in range(1, _PREAMBLE_LINES + 1):
        end = text.find("\n", pos)
        line = text[pos : len(text) if end < 0 else end]
        last = number if line.strip(" ,\t") else last
        count = COUNT.search(line)
        if count and stated is None:
            stated, stated_line = int(count.group(1)), number
        if _RULE in line:
            rule = number
        elif _HEADER.match(line) or (rule is not None and line.strip(" ,\t")):
            return BillTable(pos, number, len(text), stated, stated_line)
        if end < 0:
            break
        pos = end + 1
    if rule is None and _TITLE not in text[: pos + len(line)]:
        msg = (
            f"{source.label}: is not a WeChat Pay bill: no {_RULE} line and no table header "
            f"(交易时间,交易类型,...) in the first {_PREAMBLE_LINES} lines; export the bill "
            "again (WeChat > Me > Services > Wallet > Bills > Download bill, for personal "
            "reconciliation), or pass format='csv' for a plain table"
        )
        raise FormatError(msg)
    said = f", though it says 共{stated}笔记录" if stated else ""
    msg = (
        f"the WeChat Pay bill ends after its header block (line {rule or last}) without a "
        f"transaction table{said}; the file seems cut off: export the bill again"
    )
    raise DataError(msg, source=source.label)


def _statuses(text: pd.Series, amounts: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Canonical statuses (others as written) and the amount refunded of each payment."""
    status = text.map(WECHAT_STATUSES).fillna(text).astype("str")
    partial = text.str.extract(_PARTIAL_REFUND, expand=False).str.replace(",", "")
    refunded = pd.to_numeric(partial, errors="coerce")
    amount = pd.to_numeric(amounts, errors="coerce")
    has_partial = refunded.notna()
    full = has_partial & (refunded >= amount)
    status = status.mask(has_partial, "completed").mask(full, "refunded")
    refunds = partial.where(has_partial, "0")
    refunds = refunds.mask(status.eq("refunded") & ~has_partial, amounts)
    return status, refunds.astype("str")


def read_wechat(source: Source, options: ReadOptions) -> RawTable:
    """Read the incoming payments of a WeChat Pay bill as orders.

    Parameters
    ----------
    source
        An opened bill (``微信支付账单(…).csv``).
    options
        ``options.tz`` must be given (the bill's times have no offset);
        ``options.encoding`` overrides the detected encoding.

    Returns
    -------
    RawTable
        Canonical order columns as text: ``order_id`` (交易单号), ``timestamp``
        (交易时间), ``amount`` (金额(元) without ¥), ``currency`` (CNY), ``channel``
        (``wechat_pay``), ``status``, ``customer`` (交易对方), ``status_text`` (当前状态
        as written) and ``refunded_amount``. ``excluded`` counts the outgoing payments
        and neutral transfers left out.

    Raises
    ------
    FormatError
        The file is not a WeChat Pay bill, or its table header lacks a column.
    DataError
        The bill is cut off or has no incoming payments. A row whose 收/支 is not
        known is read with a row problem (see ``RawTable.issues``).
    ConfigError
        ``options.tz`` is None.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bill.csv"
    >>> rows = [
    ...     "----------------------微信支付账单明细列表--------------------",
    ...     "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注",
    ...     "2026-08-04 09:40:00,二维码收款,张三,/,收入,¥25.00,/,已收钱,1001\\t,/,/",
    ...     "2026-08-04 09:45:00,商户消费,超市,/,支出,¥8.00,零钱,支付成功,1002\\t,/,/",
    ... ]
    >>> _ = p.write_text("\\r\\n".join(rows), encoding="utf-8-sig")
    >>> table = read_wechat(open_source(p), ReadOptions("orders", tz="Asia/Shanghai"))
    >>> table.frame[["order_id", "amount", "status"]].to_dict("records"), table.lines.tolist()
    ([{'order_id': '1001', 'amount': '25.00', 'status': 'completed'}], [3])
    >>> table.excluded, table.encoding
    ({'outgoing payments (支出)': 1}, 'utf-8-sig')
    """
    text, encoding = decode_file(source, "wechat", options.encoding)
    text = unify_line_ends(text)
    layout = _layout(text, source)
    check_header(text, layout, _REQUIRED, _BILL, source)
    cell, lines, excluded, issues = bill_cells(
        text, layout, "wechat-csv", (*_REQUIRED, _PEER), _BILL, source
    )
    require_tz(cell[_TIME], lines, options, source, "WeChat Pay bill (column 交易时间)")
    amounts = cell[_AMOUNT].str.replace(_CURRENCY_SIGN, "", regex=True).str.replace(",", "")
    status, refunded = _statuses(cell[_STATUS], amounts)
    peer = cell.get(_PEER, pd.Series([""] * len(lines), dtype="str"))
    frame = pd.DataFrame(
        {
            "order_id": cell[_ID].replace("/", ""),
            "timestamp": cell[_TIME],
            "amount": amounts,
            "currency": "CNY",
            "channel": "wechat_pay",
            "status": status,
            "customer": peer.replace("/", ""),
            "status_text": cell[_STATUS],
            "refunded_amount": refunded,
        }
    )
    table = finish_table(frame, lines, "wechat-csv", source)
    return dataclasses.replace(table, encoding=encoding, excluded=excluded, issues=issues)
