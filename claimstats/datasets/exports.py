"""The sample claim's evidence as users really hold it: a monitor log, a status page, a bill.

:func:`claimstats.datasets.sample.write_sample` writes the canonical CSV files; this module
writes the same facts in real layouts next to them, so the loaders of those layouts
are shown (and tested) on data whose truth is known:

* ``monitor_heartbeat.csv``: the florist's uptime monitor, probing WhatsApp Web every
  five minutes (naive local times, status 1/0, a message, a response time), with one
  single failed probe that is not an outage and a pause while the monitoring laptop
  slept, which reads as an unknown period;
* ``status_incidents.json``: the wallet provider's Atlassian Statuspage
  ``incidents.json`` reporting the payment failure;
* ``wechat_bill.csv``: the cafe's WeChat Pay bill for the week of the failure.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

__all__ = [
    "BILL_DAYS",
    "BLIP",
    "MONITOR_PAUSE",
    "SUPPLIER_PAYMENTS",
    "monitor_heartbeat",
    "status_incidents",
    "wechat_bill",
]

#: the single failed probe that is not an outage (local time)
BLIP = "2026-08-02 11:15"
#: the monitoring laptop slept: no probes from the first to the second time (local)
MONITOR_PAUSE = ("2026-08-03 01:55", "2026-08-03 03:30")
_PROBE_EVERY = pd.Timedelta(minutes=5)
_MONITOR_SPAN = ("2026-08-01 00:00", "2026-08-09 23:55")
_DOWN_MESSAGES = (
    "timeout of 48000ms exceeded",
    "connect ETIMEDOUT 157.240.7.53:443",
    "Request failed with status code 502",
)


def monitor_heartbeat(outages: pd.DataFrame, tz: str, seed: int = 0) -> str:
    """The monitor's probe log as CSV text: one probe every 5 minutes, naive local times.

    A probe fails when its time falls inside an outage (start inclusive, end exclusive),
    so reading the log with ``min_failed=2`` gives back exactly ``outages``.

    Examples
    --------
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample()
    >>> monitor_heartbeat(claim.outages, claim.tz).splitlines()[:2]
    ['time,status,msg,ping', '2026-08-01 00:00:00,1,200 - OK,217']
    """
    rng = np.random.default_rng(seed + 7)
    local = pd.date_range(*_MONITOR_SPAN, freq=_PROBE_EVERY, tz=tz)
    pause = [pd.Timestamp(t, tz=tz) for t in MONITOR_PAUSE]
    local = local[(local < pause[0]) | (local >= pause[1])]
    utc = local.tz_convert("UTC")
    down = np.zeros(len(local), dtype=bool)
    for start, end in zip(outages["start"], outages["end"], strict=True):
        down |= (utc >= start) & (utc < end)
    down |= local == pd.Timestamp(BLIP, tz=tz)
    ping = np.round(rng.gamma(9.0, 25.0, len(local))).astype(int)
    which = rng.integers(0, len(_DOWN_MESSAGES), len(local))
    message = np.where(down, np.array(_DOWN_MESSAGES)[which], "200 - OK")
    frame = pd.DataFrame(
        {
            "time": local.strftime("%Y-%m-%d %H:%M:%S"),
            "status": np.where(down, 0, 1),
            "msg": message,
            "ping": np.where(down, "", ping.astype(str)),
        }
    )
    return frame.to_csv(index=False, lineterminator="\n")


def _iso(stamp: pd.Timestamp) -> str:
    return stamp.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%S.000Z")


def status_incidents(wallet_outages: pd.DataFrame) -> str:
    """The wallet provider's Statuspage ``incidents.json`` (API v2 layout) as text.

    The page reports each payment failure as a major incident of its "Payments"
    component, announced a few minutes after it began, with the updates a provider
    posts (investigating, identified, monitoring, resolved).

    Examples
    --------
    >>> from claimstats.datasets import make_sample
    >>> data = json.loads(status_incidents(make_sample().wallet_outages))
    >>> [i["impact"] for i in data["incidents"]], data["incidents"][0]["started_at"]
    (['major'], '2026-08-07T10:10:00.000Z')
    """
    page = {
        "id": "cafepay0demo",
        "name": "Example Wallet",
        "url": "https://status.example-wallet.test",
        "time_zone": "Asia/Shanghai",
        "updated_at": "2026-08-08T02:00:00.000Z",
    }
    component = {"id": "pmt0demo0001", "name": "Payments", "status": "operational"}
    incidents = []
    for number, row in enumerate(wallet_outages.itertuples(index=False), 1):
        start, end = row.start, row.end
        said = start + pd.Timedelta(minutes=12)
        found = start + (end - start) * 0.45
        watching = end - pd.Timedelta(minutes=5)
        closed = end + pd.Timedelta(minutes=20)
        code = f"demo{number:04d}"
        updates = [
            ("resolved", closed, "This incident has been resolved."),
            ("monitoring", watching, "A fix has been implemented and we are monitoring."),
            ("identified", found, "The issue has been identified and a fix is being applied."),
            ("investigating", said, "We are investigating failed payments."),
        ]
        incidents.append(
            {
                "id": code,
                "name": "Payments failing for some merchants",
                "status": "resolved",
                "created_at": _iso(said),
                "updated_at": _iso(closed),
                "monitoring_at": _iso(watching),
                "resolved_at": _iso(end),
                "impact": "major",
                "shortlink": f"https://stspg.test/{code}",
                "started_at": _iso(start),
                "page_id": page["id"],
                "incident_updates": [
                    {
                        "id": f"{code}u{i}",
                        "status": status,
                        "body": body,
                        "incident_id": code,
                        **dict.fromkeys(("created_at", "updated_at", "display_at"), _iso(at)),
                        "affected_components": [
                            {
                                "code": component["id"],
                                "name": component["name"],
                                "old_status": "operational",
                                "new_status": "operational"
                                if status == "resolved"
                                else "major_outage",
                            }
                        ],
                    }
                    for i, (status, at, body) in enumerate(updates)
                ],
                "components": [component],
            }
        )
    return json.dumps({"page": page, "incidents": incidents}, indent=2, ensure_ascii=False) + "\n"


#: the days the sample WeChat Pay bill covers (local dates, inclusive)
BILL_DAYS = ("2026-08-06", "2026-08-08")
#: the cafe's own payments in the bill: outgoing rows, not sales (local time, amount, payee)
SUPPLIER_PAYMENTS = (
    ("2026-08-06 07:12:40", 860.00, "广州咖啡豆供应", "商户消费", "咖啡豆 5kg"),
    ("2026-08-07 06:55:03", 312.50, "鲜奶配送", "商户消费", "鲜奶 30L"),
    ("2026-08-08 22:31:17", 1500.00, "房东", "转账", "转账备注:八月租金"),
)
#: a withdrawal to the bank: a neutral row, neither income nor spending (the fields of
#: :func:`_wechat_row`)
_WITHDRAWAL = ("2026-08-08 23:05:00", "零钱提现", "招商银行(6688)", "/", "/", 3000.00, "零钱",
               "提现已到账", "100005010120260808000000000001", "/", "服务费¥3.00")  # fmt: skip
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_BILL_HEADER = (
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"
)


def _payer_names(customers: pd.Series) -> np.ndarray:
    """A masked nickname per customer, as bills show them (``王**``), stable per customer."""
    codes, _ = pd.factorize(customers, sort=True)
    return np.array([f"{_SURNAMES[c % len(_SURNAMES)]}**" for c in codes], dtype=object)


def _bill_row(fields: list[str]) -> str:
    """One CSV line of a bill: ids end in a tab, as WeChat writes them."""
    return ",".join(f'"{f}"' if "," in f or '"' in f else f for f in fields)


def _wechat_row(
    stamp: str,
    kind: str,
    peer: str,
    goods: str,
    direction: str,
    amount: float,
    method: str,
    status: str,
    serial: str,
    order: str = "/",
    note: str = "/",
) -> list[str]:
    """A row of the bill as WeChat writes it: the amount as ``¥25.00``, the serial and the
    merchant's order number each ending in a tab (so spreadsheets keep their digits)."""
    return [stamp, kind, peer, goods, direction, f"¥{amount:.2f}", method, status,
            f"{serial}\t", f"{order}\t", note]  # fmt: skip


def wechat_bill(transactions: pd.DataFrame, tz: str) -> str:
    """The cafe's WeChat Pay bill (微信支付账单明细) for :data:`BILL_DAYS`, as CSV text.

    The bill lists the payments received (收入: every completed transaction of those
    days; failed attempts never reach a payee's bill), newest first, with the cafe's
    own outgoing payments (支出) and a withdrawal (中性交易) among them, under the header
    block WeChat writes. Amounts read ``¥25.00``; ids end in a tab. The text is written
    with a byte order mark and CRLF line ends, as the app exports it.

    Examples
    --------
    >>> from claimstats.datasets import make_sample
    >>> claim = make_sample()
    >>> lines = wechat_bill(claim.wallet_transactions, claim.tz).splitlines()
    >>> lines[0], lines[16]
    ('\\ufeff微信支付账单明细,,,,,,,,,,', '交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注')
    """
    first, last = (pd.Timestamp(d, tz=tz) for d in BILL_DAYS)
    local = transactions["timestamp"].dt.tz_convert(tz)
    paid = transactions[
        (transactions["status"] == "completed")
        & (local >= first)
        & (local < last + pd.Timedelta(days=1))
    ]
    payers = _payer_names(paid["customer"])
    sales = zip(local[paid.index], paid["order_id"], paid["amount"], payers, strict=True)
    rows = []
    for number, (when, order, amount, payer) in enumerate(sales):
        serial = f"4200002{when:%Y%m%d}{number:013d}"
        sale = ("商户消费", payer, "咖啡/饮品", "收入", amount, "/", "支付成功", serial, order)
        rows.append(_wechat_row(f"{when:%Y-%m-%d %H:%M:%S}", *sale))
    for number, (stamp, amount, payee, kind, goods) in enumerate(SUPPLIER_PAYMENTS):
        serial = f"1000050001{stamp[:10].replace('-', '')}{number:012d}"
        sent = (kind, payee, goods, "支出", amount, "零钱", "支付成功", serial)
        rows.append(_wechat_row(stamp, *sent))
    rows.append(_wechat_row(*_WITHDRAWAL))
    rows.sort(key=lambda fields: fields[0], reverse=True)
    income = paid["amount"].sum()
    spent = sum(p[1] for p in SUPPLIER_PAYMENTS)
    pad = "," * 10
    head = [
        "微信支付账单明细",
        "微信昵称：[街角咖啡]",
        f"起始时间：[{BILL_DAYS[0]} 00:00:00] 终止时间：[{BILL_DAYS[1]} 23:59:59]",
        "导出类型：[全部]",
        "导出时间：[2026-08-10 10:00:00]",
        "",
        f"共{len(rows)}笔记录",
        f"收入：{len(paid)}笔 {income:.2f}元",
        f"支出：{len(SUPPLIER_PAYMENTS)}笔 {spent:.2f}元",
        f"中性交易：1笔 {_WITHDRAWAL[5]:.2f}元",
        "注：",
        "1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易",
        "2. 本明细仅展示当前账单中的交易，不包括已删除的记录",
        "3. 本明细仅供个人对账使用",
        "",
        "----------------------微信支付账单明细列表--------------------",
    ]
    lines = [line + pad for line in head]
    lines.append(_BILL_HEADER)
    lines.extend(_bill_row(fields) for fields in rows)
    return "\ufeff" + "\r\n".join(lines) + "\r\n"
