"""Write the bad-input corpus of this folder and its ``manifest.json``.

Run from the repository root: ``python tests/data/bad/make_bad.py`` (or give another
folder as the first argument). Every file is malformed in one way, written below by
hand; the manifest says, for each, how ``tests/test_bad_inputs.py`` loads it, which
:class:`claimstats.errors.ClaimstatsError` it must end in, and the fragments its
message must hold (the file name, the line or row and the column where the library can
name them, and what to do). Nothing depends on the clock or on a random seed that could
change: junk bytes come from SHA-256, workbooks get fixed zip dates and properties, and
the outage cases pass ``as_of``.

The one file that must load is ``csv_orders_mixed_currencies.csv``: eight weeks of
orders, every seventh in USD; ``estimate_loss`` on it must refuse to add the two
currencies together.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent

#: the time the outage evidence was collected, for every outage case
AS_OF = "2026-08-10T00:00:00+00:00"
SHANGHAI = "Asia/Shanghai"
BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
#: a huge cell: 256 KiB, twice Python's csv field limit and over a thousand times what a
#: message may show (kept small enough to commit; the loaders do not depend on the size)
HUGE = 256 * 1024

# --- what to do: fragments of the library's advice, shared by several cases ------------

EXPORT_AGAIN = "export the data again"
TIME_HELP = "write it as YYYY-MM-DD HH:MM[:SS]"
DST_GAP = "does not exist in"
DST_TWICE = "happens twice in"
OFFSET_HELP = "with its UTC offset"
DST_FIX = "correct it, or write it with its UTC offset"
END_FIX = "check both times"
REFUND_HINT = 'status "refunded"'
CURRENCY_FIX = "use a code such as CNY"
AMOUNT_FIX = "write it like 1234.50"
DUPLICATE_FIX = "remove the copies"


@dataclass
class Case:
    """One bad file and what loading it must do.

    ``expect`` is the exception class name, or ``"loads"`` for the file that must load
    (then ``estimate`` says how ``estimate_loss`` must refuse it). ``fragments`` must be
    in the message (the file name is added), ``absent`` must not. ``xfail`` maps a test
    (``"load"``, ``"validate"``, ``"short"``, ``"estimate"``) to the evidence of a
    library bug that makes it fail today; the fragments of such a case are the least a
    fix must say (file, line, column), not a guess at its wording.
    """

    file: str
    format: str
    kind: str
    loader: str
    data: bytes
    expect: str
    fragments: list[str]
    kwargs: dict[str, object] = field(default_factory=dict)
    xfail: dict[str, str] = field(default_factory=dict)
    estimate: dict[str, object] | None = None
    absent: list[str] = field(default_factory=list)

    def entry(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.file,
            "format": self.format,
            "kind": self.kind,
            "loader": self.loader,
            "kwargs": self.kwargs,
            "expect": self.expect,
            "fragments": [self.file, *self.fragments],
        }
        if self.absent:
            out["absent"] = self.absent
        if self.xfail:
            out["xfail"] = self.xfail
        if self.estimate is not None:
            out["estimate"] = self.estimate
        return out


# --- building blocks --------------------------------------------------------------------


def text(*lines: str, end: str = "\n", encoding: str = "utf-8") -> bytes:
    """Lines joined with ``end`` (one after the last), encoded."""
    return "".join(line + end for line in lines).encode(encoding)


def junk(size: int, tag: str, *, high: bool = False) -> bytes:
    """``size`` bytes of noise from SHA-256; ``high`` keeps to bytes 0x80-0xFF (no NUL,
    no ASCII, so nothing marks it as binary at first sight)."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{tag}:{counter}".encode()).digest()
        counter += 1
    data = bytes(out[:size])
    if high:
        data = bytes(0x80 | b for b in data)
    if data.startswith((b"PK", b"PAR1", b"\xd0\xcf")):
        data = b"\x01" + data[1:]
    return data


ORDER_HEADER = "order_id,timestamp,amount,currency,channel,status"
OUTAGE_HEADER = "incident_id,service,start,end,severity"


def order(
    n: int, when: str, amount: str = "25.00", currency: str = "CNY", status: str = "completed"
) -> str:
    return f"A{n},{when},{amount},{currency},whatsapp,{status}"


def outage(n: int, start: str, end: str, severity: str = "outage") -> str:
    return f"O{n},WhatsApp Web,{start},{end},{severity}"


# --- Excel ------------------------------------------------------------------------------

FIXED = datetime(2026, 8, 10, 18, 30)  # noqa: DTZ001 - a naive document date, as Excel keeps it


MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*<")

#: a cell text that :func:`workbook` swaps for a huge one after saving (openpyxl, like
#: Excel, writes at most 32,767 characters to a cell; other writers are not so careful)
HUGE_MARK = "HUGE-CELL-MARK"


def workbook(rows: list[list[object]]) -> bytes:
    """A one-sheet .xlsx of ``rows`` (row 1 first), with fixed zip dates and properties;
    a cell holding :data:`HUGE_MARK` holds HUGE bytes of text in the file."""
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = FIXED
    book.properties.modified = FIXED
    book.properties.creator = "claimstats tests"
    sheet = book.active
    sheet.title = "orders"
    for row in rows:
        sheet.append(row)
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for info in source.infolist():
            stamp = zipfile.ZipInfo(info.filename, date_time=(2026, 8, 10, 18, 30, 0))
            part = source.read(info).replace(HUGE_MARK.encode(), b"Note " + b"x" * HUGE)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                part = MODIFIED.sub(rb"\g<1>2026-08-10T18:30:00Z<", part)
            zipped.writestr(stamp, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def local(stamp: str) -> datetime:
    """A naive local time, as an Excel date cell holds it."""
    return datetime.fromisoformat(stamp)


# --- Parquet ----------------------------------------------------------------------------


def parquet(columns: dict[str, list[object]], names: list[str] | None = None) -> bytes:
    """A Parquet file of the columns (``names`` renames them, repeats allowed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(columns)
    if names is not None:
        table = table.rename_columns(names)
    out = io.BytesIO()
    pq.write_table(table, out, compression="zstd", store_schema=False)
    return out.getvalue()


# --- wallet bills, Shopify, status pages ------------------------------------------------

WECHAT_HEAD = [
    "微信支付账单明细,,,,,,,,,,",
    "微信昵称：[测试水果店],,,,,,,,,,",
    "起始时间：[2026-08-01 00:00:00] 终止时间：[2026-08-07 23:59:59],,,,,,,,,,",
    "导出时间：[2026-08-10 10:00:00],,,,,,,,,,",
    "共{count}笔记录,,,,,,,,,,",
    ",,,,,,,,,,",
    "----------------------微信支付账单明细列表--------------------,,,,,,,,,,",
]
WECHAT_HEADER = (
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"
)


def wechat_row(
    when: str,
    amount: str = "¥25.00",
    status: str = "已收钱",
    direction: str = "收入",
    ident: str = "1000049901260804000001",
) -> str:
    return f"{when},二维码收款,张**,/,{direction},{amount},/,{status},{ident}\t,/\t,/"


def wechat(
    rows: list[str],
    *,
    count: int | None = None,
    header: str = WECHAT_HEADER,
    head: list[str] | None = None,
) -> bytes:
    """A WeChat Pay bill: UTF-8 with a byte order mark, CRLF line ends."""
    lines = [h.format(count=len(rows) if count is None else count) for h in head or WECHAT_HEAD]
    return text(*lines, header, *rows, end="\r\n", encoding="utf-8-sig")


ALIPAY_HEAD = [
    "支付宝交易记录明细查询",
    "账号:[shop@example.com]",
    "起始日期:[2026-08-01 00:00:00]    终止日期:[2026-08-08 00:00:00]",
    "---------------------------------交易记录明细列表------------------------------------",
]
ALIPAY_HEADER = (
    "交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,"
    "金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,"
)


def alipay_row(
    n: int, paid: str, amount: str = "25.00", direction: str = "收入", status: str = "交易成功"
) -> str:
    return (
        f"20260804220014000010000000{n:02d}\t,T{n:04d}\t,{paid},{paid},{paid},其他,即时到账交易,"
        f"李**,水果,{amount},{direction},{status},0.00,0.00,,已收入,"
    )


def alipay(
    rows: list[str], *, count: int | None = None, header: str = ALIPAY_HEADER, footer: bool = True
) -> bytes:
    """An Alipay web export: GBK, a title block, the table, a footer."""
    tail = ["-" * 84, f"共{len(rows) if count is None else count}笔记录", "已收入:1笔,25.00元"]
    return text(*ALIPAY_HEAD, header, *rows, *(tail if footer else []), encoding="gbk")


SHOPIFY_HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Total,"
    "Created at,Lineitem name,Refunded Amount,Source"
)


def shopify_row(
    name: str,
    total: str = "30.00",
    status: str = "paid",
    currency: str = "USD",
    created: str = "2026-08-04 09:40:12 +0800",
) -> str:
    return f"{name},a@example.com,{status},{created},fulfilled,{currency},{total},{total},{created},Rose,0.00,web"


def page(*incidents: object, extra: dict[str, object] | None = None) -> bytes:
    """A Statuspage incidents.json."""
    data = {
        "page": {"id": "p1", "name": "Shop Cloud", "url": "https://status.shop.example"},
        "incidents": list(incidents),
        **(extra or {}),
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def incident(ident: str, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": ident,
        "name": "Checkout down",
        "status": "resolved",
        "impact": "major",
        "created_at": "2026-08-04T01:40:00Z",
        "resolved_at": "2026-08-04T02:00:00Z",
        "shortlink": f"https://stspg.io/{ident}",
        "incident_updates": [],
        "components": [{"id": "c1", "name": "Checkout"}],
    }
    return base | fields


def atom(*entries: str, title: str = "Shop Cloud Status - Incident History") -> bytes:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">\n'
        "  <id>tag:status.shop.example,2005:/history</id>\n"
        '  <link rel="alternate" type="text/html" href="https://status.shop.example"/>\n'
        f"  <title>{title}</title>\n"
        "  <updated>2026-08-04T02:00:00Z</updated>\n"
    )
    return (head + "".join(entries) + "</feed>\n").encode("utf-8")


def update_html(*updates: tuple[str, str]) -> str:
    """Escaped HTML of updates ``(when, status)``, newest first, as the feeds hold it."""
    parts = [
        f"&lt;p&gt;&lt;small&gt;{when}&lt;/small&gt;&lt;br&gt;&lt;strong&gt;{status}"
        f"&lt;/strong&gt; - Checkout fails.&lt;/p&gt;"
        for when, status in updates
    ]
    return "".join(parts)


def atom_entry(code: str, published: str, *updates: tuple[str, str]) -> str:
    return (
        "  <entry>\n"
        f"    <id>tag:status.shop.example,2005:Incident/{code}</id>\n"
        f"    <published>{published}</published>\n"
        f'    <link rel="alternate" type="text/html" href="https://status.shop.example/incidents/{code}"/>\n'
        "    <title>Checkout down</title>\n"
        f'    <content type="html">{update_html(*updates)}</content>\n'
        "  </entry>\n"
    )


def rss(*items: str) -> bytes:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0">\n  <channel>\n'
        "    <title>Shop Cloud Status - Incident History</title>\n"
        "    <link>https://status.shop.example</link>\n"
        "    <pubDate>Tue, 04 Aug 2026 10:00:00 +0800</pubDate>\n"
    )
    return (head + "".join(items) + "  </channel>\n</rss>\n").encode("utf-8")


def rss_item(code: str, published: str, *updates: tuple[str, str]) -> str:
    return (
        "    <item>\n"
        "      <title>Checkout down</title>\n"
        f"      <description>{update_html(*updates)}</description>\n"
        f"      <pubDate>{published}</pubDate>\n"
        f"      <link>https://status.shop.example/incidents/{code}</link>\n"
        "    </item>\n"
    )


# --- the mixed-currency history ---------------------------------------------------------


def mixed_currency_orders() -> bytes:
    """Eight weeks of orders (2026-06-15 to 2026-08-09, Shanghai time), a few each hour
    by a fixed daily pattern, none during the outage of 2026-08-05 10:00-16:00; every
    seventh order is in USD, the rest in CNY."""
    pattern = [0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 3, 4, 4, 3, 3, 3, 3, 4, 4, 5, 4, 3, 2, 1]
    rows = [ORDER_HEADER]
    start = datetime(2026, 6, 15)  # noqa: DTZ001 - local times, read with tz=
    outage = (datetime(2026, 8, 5, 10), datetime(2026, 8, 5, 16))  # noqa: DTZ001 - no orders then
    n = 0
    for hour in range(56 * 24):
        moment = start + timedelta(hours=hour)
        if outage[0] <= moment < outage[1]:
            continue
        for k in range(
            pattern[moment.hour] + (1 if moment.weekday() >= 5 and pattern[moment.hour] else 0)
        ):
            n += 1
            stamp = (moment + timedelta(minutes=7 + 13 * k)).strftime("%Y-%m-%d %H:%M")
            currency = "USD" if n % 7 == 0 else "CNY"
            amount = f"{18 + (n * 37) % 90}.{(n * 13) % 100:02d}"
            rows.append(f"M{n:05d},{stamp},{amount},{currency},shop,completed")
    return text(*rows)


# --- the cases --------------------------------------------------------------------------


def csv_cases() -> list[Case]:
    tz = {"tz": SHANGHAI}
    good = order(1, "2026-08-04 09:40", "25.00")
    cases = [
        Case(
            "csv_orders_empty.csv",
            "csv",
            "empty (0 bytes)",
            "orders",
            b"",
            "DataError",
            ["the file is empty", EXPORT_AGAIN],
            tz,
        ),
        Case(
            "csv_orders_whitespace.csv",
            "csv",
            "empty (blank lines only)",
            "orders",
            b"\r\n  \r\n\t\r\n",
            "DataError",
            ["the file is empty", EXPORT_AGAIN],
            tz,
        ),
        Case(
            "csv_orders_header_only.csv",
            "csv",
            "header only",
            "orders",
            text(ORDER_HEADER),
            "DataError",
            ["no data rows", "'amount'", EXPORT_AGAIN],
            tz,
        ),
        Case(
            "csv_orders_truncated.csv",
            "csv",
            "truncated (inside a quoted value)",
            "orders",
            text(
                f"{ORDER_HEADER},customer",
                f'{good},"Wang, Li"',
                f'{order(2, "2026-08-04 10:15")},"Zhang, S',
            ),
            "FormatError",
            ["line 3", "never closed", "close the quote"],
            tz,
        ),
        Case(
            "csv_orders_binary_junk.csv",
            "csv",
            "binary junk",
            "orders",
            junk(4096, "csv"),
            "FormatError",
            ["not a text file", "export the data as CSV"],
            tz,
        ),
        Case(
            "csv_orders_gbk_declared_utf8.csv",
            "csv",
            "wrong encoding (GBK bytes, encoding='utf-8' given)",
            "orders",
            text(
                "订单号,下单时间,金额,币种",
                "A1,2026-08-04 09:40,25.00,CNY",
                "A2,2026-08-04 10:00,30.00,人民币",
                encoding="gbk",
            ),
            "FormatError",
            ["line 1", "not valid utf-8", "save the file as UTF-8"],
            {**tz, "encoding": "utf-8"},
        ),
        Case(
            "csv_orders_utf16le_no_bom.csv",
            "csv",
            "wrong encoding (UTF-16 without BOM)",
            "orders",
            text(ORDER_HEADER, good, encoding="utf-16-le"),
            "FormatError",
            ["NUL bytes", 'encoding="utf-16-le"'],
            tz,
        ),
        Case(
            "csv_orders_cp1252.csv",
            "csv",
            "wrong encoding (cp1252, detected as neither UTF-8 nor GBK)",
            "orders",
            text(
                "order_id,timestamp,amount,currency,customer",
                "A1,2026-08-04 09:40,25.00,EUR,Jürgen Müller",
                encoding="cp1252",
            ),
            "FormatError",
            ["line 2", "not valid UTF-8", 'encoding="cp1252"'],
            tz,
        ),
        Case(
            "csv_orders_duplicate_columns.csv",
            "csv",
            "duplicated columns",
            "orders",
            text(
                "order_id,timestamp,amount,amount,currency", "A1,2026-08-04 09:40,25.00,26.00,CNY"
            ),
            "DataError",
            ["could both be the 'amount' column", 'columns={"amount"'],
            tz,
        ),
        Case(
            "csv_orders_missing_amount.csv",
            "csv",
            "missing required column",
            "orders",
            text("order_id,timestamp,currency", "A1,2026-08-04 09:40,CNY"),
            "DataError",
            ["has no 'amount' column", "columns found", 'columns={"amount": "<your column>"}'],
            tz,
        ),
        Case(
            "csv_orders_huge_status.csv",
            "csv",
            "huge field (a 256 KiB status cell)",
            "orders",
            text(ORDER_HEADER) + b"A1,2026-08-04 09:40,25.00,CNY,whatsapp," + b"x" * HUGE + b"\n",
            "DataError",
            ["line 2", "column 'status'", "unknown status", "status_map="],
            tz,
        ),
        Case(
            "csv_orders_unparseable_time.csv",
            "csv",
            "unparseable times",
            "orders",
            text(
                ORDER_HEADER,
                order(1, "yesterday"),
                order(2, "04/08/2026 9:40pm"),
                order(3, "2026-13-45"),
            ),
            "DataError",
            ["lines 2, 3, 4", "column 'timestamp'", "not a date and time", TIME_HELP],
            tz,
        ),
        Case(
            "csv_orders_impossible_date.csv",
            "csv",
            "impossible times (2026-02-30)",
            "orders",
            text(ORDER_HEADER, order(1, "2026-02-30 10:00"), order(2, "2026-02-29T08:00:00+08:00")),
            "DataError",
            ["lines 2, 3", "column 'timestamp'", "not a date and time", TIME_HELP],
            tz,
        ),
        Case(
            "csv_orders_impossible_clock.csv",
            "csv",
            "impossible times (25:61)",
            "orders",
            text(ORDER_HEADER, order(1, "2026-08-04 25:61"), order(2, "2026-08-04T24:30:00+08:00")),
            "DataError",
            ["lines 2, 3", "column 'timestamp'", "not a date and time", TIME_HELP],
            tz,
        ),
        Case(
            "csv_orders_year_one.csv",
            "csv",
            "impossible times (year 1, before UTC exists in pandas)",
            "orders",
            text(ORDER_HEADER, order(1, "0001-01-01 00:00")),
            "DataError",
            ["before 1970", "line 2", "column 'timestamp'"],
            tz,
        ),
        Case(
            "csv_orders_dst_gap_berlin.csv",
            "csv",
            "nonexistent local time (Europe/Berlin 2026-03-29 02:30)",
            "orders",
            text(
                ORDER_HEADER,
                order(1, "2026-03-29 02:30", currency="EUR"),
                order(2, "2026-03-29 02:59:59", currency="EUR"),
            ),
            "DataError",
            [DST_FIX, "lines 2, 3", "column 'timestamp'", f"{DST_GAP} Europe/Berlin", "+01:00"],
            {"tz": BERLIN},
        ),
        Case(
            "csv_orders_dst_ambiguous_ny.csv",
            "csv",
            "ambiguous local time (America/New_York 2026-11-01 01:30)",
            "orders",
            text(ORDER_HEADER, order(1, "2026-11-01 01:30", currency="USD")),
            "DataError",
            ["line 2", "column 'timestamp'", f"{DST_TWICE} America/New_York", OFFSET_HELP],
            {"tz": NEW_YORK},
        ),
        Case(
            "csv_orders_negative_amount.csv",
            "csv",
            "negative amounts",
            "orders",
            text(
                ORDER_HEADER,
                order(1, "2026-08-04 09:40", "-25.00"),
                order(2, "2026-08-04 09:50", "(30.00)"),
            ),
            "DataError",
            ["lines 2, 3", "column 'amount'", "negative amount", 'status "refunded"'],
            tz,
        ),
        Case(
            "csv_orders_text_amount.csv",
            "csv",
            "non-numeric amounts",
            "orders",
            text(
                ORDER_HEADER,
                order(1, "2026-08-04 09:40", "twenty"),
                order(2, "2026-08-04 09:50", "12.5.0"),
                order(3, "2026-08-04 09:55", "inf"),
            ),
            "DataError",
            [
                "lines 2, 3",
                "line 4",
                "column 'amount'",
                "not an amount",
                "write it like 1234.50",
                "not a finite number",
            ],
            tz,
        ),
        Case(
            "csv_orders_absurd_amount.csv",
            "csv",
            "absurd amounts (1e15)",
            "orders",
            text(
                ORDER_HEADER,
                order(1, "2026-08-04 09:40", "1e15"),
                order(2, "2026-08-04 09:50", "999999999999999.00"),
            ),
            "DataError",
            ["no order's", "lines 2, 3", "column 'amount'"],
            tz,
        ),
        Case(
            "csv_orders_unknown_status.csv",
            "csv",
            "unknown statuses",
            "orders",
            text(
                ORDER_HEADER,
                order(1, "2026-08-04 09:40", status="shipped-maybe"),
                order(2, "2026-08-04 09:50", status="on hold"),
            ),
            "DataError",
            [
                "line 2",
                "line 3",
                "column 'status'",
                "unknown status 'shipped-maybe'",
                "status_map=",
            ],
            tz,
        ),
        Case(
            "csv_orders_unknown_currency.csv",
            "csv",
            "unknown currencies",
            "orders",
            text(
                ORDER_HEADER,
                order(1, "2026-08-04 09:40", currency="XYZ"),
                order(2, "2026-08-04 09:50", currency="EURO"),
            ),
            "DataError",
            [
                "lines 2, 3",
                "column 'currency'",
                "not an ISO 4217 currency code",
                "use a code such as CNY",
            ],
            tz,
        ),
        Case(
            "csv_orders_duplicate_ids.csv",
            "csv",
            "duplicate order ids",
            "orders",
            text(ORDER_HEADER, order(1, "2026-08-04 09:40"), order(1, "2026-08-04 09:50", "30.00")),
            "DataError",
            ["lines 2, 3", "column 'order_id'", "same order id", "remove the copies"],
            tz,
        ),
        Case(
            "csv_orders_no_currency.csv",
            "csv",
            "missing required column (no currency, none given)",
            "orders",
            text("order_id,timestamp,amount", "A1,2026-08-04 09:40,25.00"),
            "ConfigError",
            ["has no currency column", 'pass currency="CNY"'],
            tz,
        ),
        Case(
            "csv_orders_naive_no_tz.csv",
            "csv",
            "times without a zone, no tz given",
            "orders",
            text(ORDER_HEADER, good),
            "ConfigError",
            ["line 2", "column 'timestamp'", "without a timezone", 'pass tz="Asia/Shanghai"'],
        ),
        Case(
            "csv_orders_extra_fields.csv",
            "csv",
            "truncated (rows run together: more fields than the header)",
            "orders",
            text(
                ORDER_HEADER,
                good,
                "A2,2026-08-04 10:00,30.00,CNY,whatsapp,completed,A3,2026-08-04 10:05,5.00",
            ),
            "FormatError",
            ["line 3", "more fields than the header", "split by comma", "check those lines"],
            tz,
        ),
        Case(
            "csv_orders_mixed_currencies.csv",
            "csv",
            "mixed currencies",
            "orders",
            mixed_currency_orders(),
            "loads",
            [],
            tz,
            estimate={
                "outage": {"start": "2026-08-05 10:00", "end": "2026-08-05 16:00"},
                "expect": "DataError",
                "fragments": ["2 currencies", "'CNY', 'USD'", "estimate one currency at a time"],
            },
        ),
        Case(
            "csv_given_as_dataframe.csv",
            "dataframe",
            "a file for the DataFrame format",
            "orders",
            text(ORDER_HEADER, good),
            "ConfigError",
            ["format='dataframe' needs a pandas DataFrame", "pass format='auto'"],
            {**tz, "format": "dataframe"},
        ),
    ]
    as_of = {"tz": SHANGHAI, "as_of": AS_OF}
    cases += [
        Case(
            "csv_outages_end_before_start.csv",
            "csv",
            "end before start",
            "outages",
            text(
                OUTAGE_HEADER,
                outage(1, "2026-08-04 11:00", "2026-08-04 09:40"),
                outage(2, "2026-08-05 10:00", "2026-08-04 10:00"),
            ),
            "DataError",
            ["lines 2, 3", "column 'end'", "ends before it starts", "check both times"],
            as_of,
        ),
        Case(
            "csv_outages_future.csv",
            "csv",
            "outages in the future (after as_of)",
            "outages",
            text(
                OUTAGE_HEADER,
                outage(1, "2026-08-11 09:40", "2026-08-11 12:00"),
                outage(2, "2027-01-01 00:00", ""),
            ),
            "DataError",
            [
                "lines 2, 3",
                "column 'start'",
                "in the future (after 2026-08-10 00:00 UTC)",
                "pass as_of=",
            ],
            as_of,
        ),
        Case(
            "csv_outages_unknown_severity.csv",
            "csv",
            "unknown severities",
            "outages",
            text(
                OUTAGE_HEADER,
                outage(1, "2026-08-04 09:40", "2026-08-04 11:00", "catastrophic"),
                outage(2, "2026-08-05 09:40", "2026-08-05 11:00", "sev1"),
            ),
            "DataError",
            [
                "lines 2, 3",
                "column 'severity'",
                "unknown severity",
                "use outage, partial, degraded or maintenance",
            ],
            as_of,
        ),
        Case(
            "csv_outages_dst_gap_ny.csv",
            "csv",
            "nonexistent local time (America/New_York 2026-03-08 02:30)",
            "outages",
            text(OUTAGE_HEADER, outage(1, "2026-03-08 02:30", "2026-03-08 04:00")),
            "DataError",
            [DST_FIX, "line 2", "column 'start'", f"{DST_GAP} America/New_York"],
            {"tz": NEW_YORK, "as_of": AS_OF},
        ),
        Case(
            "csv_outages_dst_ambiguous_berlin.csv",
            "csv",
            "ambiguous local time (Europe/Berlin 2026-10-25 02:30)",
            "outages",
            text(OUTAGE_HEADER, outage(1, "2026-10-25 01:00", "2026-10-25 02:30")),
            "DataError",
            ["line 2", "column 'end'", f"{DST_TWICE} Europe/Berlin", OFFSET_HELP],
            {"tz": BERLIN, "as_of": "2026-11-01T00:00:00+00:00"},
        ),
        Case(
            "csv_outages_year_9999_ny.csv",
            "csv",
            "impossible times (9999-12-31 23:00 in New York is year 10000 UTC)",
            "outages",
            text(OUTAGE_HEADER, outage(1, "9999-12-31 23:00", "")),
            "DataError",
            ["after 2099", "line 2", "column 'start'"],
            {"tz": NEW_YORK, "as_of": AS_OF},
        ),
        Case(
            "csv_outages_missing_start.csv",
            "csv",
            "missing required column",
            "outages",
            text("service,finish,severity", "WhatsApp Web,2026-08-04 11:00,outage"),
            "FormatError",
            ["not a kind of outage list", "no 'start' column", "Map your columns with columns="],
            as_of,
        ),
        Case(
            "csv_outages_header_only.csv",
            "csv",
            "header only",
            "outages",
            text(OUTAGE_HEADER, end="\r\n"),
            "DataError",
            ["no data rows", "'start'", EXPORT_AGAIN],
            as_of,
        ),
        Case(
            "csv_outages_duplicate_start.csv",
            "csv",
            "duplicated columns",
            "outages",
            text(
                "service,start,Start,end",
                "WhatsApp Web,2026-08-04 09:40,2026-08-04 09:45,2026-08-04 11:00",
            ),
            "FormatError",
            ["could both be the 'start' column", "Map your columns with columns="],
            as_of,
        ),
        Case(
            "csv_outages_impossible_end.csv",
            "csv",
            "impossible times (2026-02-30 and 25:61)",
            "outages",
            text(
                OUTAGE_HEADER,
                outage(1, "2026-02-28 09:40", "2026-02-30 11:00"),
                outage(2, "2026-03-01 09:40", "2026-03-01 25:61"),
            ),
            "DataError",
            ["lines 2, 3", "column 'end'", "not a date and time", TIME_HELP],
            as_of,
        ),
    ]
    return cases


def excel_cases() -> list[Case]:
    tz = {"tz": SHANGHAI}
    header = ["订单号", "下单时间", "订单金额", "币种", "状态"]
    good = workbook(
        [
            header,
            ["A1", local("2026-08-04 09:40"), 25, "CNY", "已完成"],
            ["A2", local("2026-08-04 10:15"), 30.5, "CNY", "已完成"],
        ]
    )
    return [
        Case(
            "xlsx_orders_empty.xlsx",
            "excel",
            "empty (0 bytes)",
            "orders",
            b"",
            "DataError",
            ["the file is empty", EXPORT_AGAIN],
            tz,
        ),
        Case(
            "xlsx_orders_truncated.xlsx",
            "excel",
            "truncated (zip cut in half)",
            "orders",
            good[: len(good) // 2],
            "FormatError",
            ["cannot be read as an Excel .xlsx workbook", "save it as .xlsx"],
            tz,
        ),
        Case(
            "xlsx_orders_binary_junk.xlsx",
            "excel",
            "binary junk",
            "orders",
            junk(3000, "xlsx"),
            "FormatError",
            ["cannot be read as an Excel .xlsx workbook", "export it as CSV"],
            tz,
        ),
        Case(
            "xlsx_orders_csv_body.xlsx",
            "excel",
            "another format's body (CSV text named .xlsx)",
            "orders",
            text(ORDER_HEADER, order(1, "2026-08-04 09:40")),
            "FormatError",
            ["cannot be read as an Excel .xlsx workbook", "save it as .xlsx"],
            tz,
        ),
        Case(
            "xlsx_orders_empty_sheet.xlsx",
            "excel",
            "empty (a workbook without cells)",
            "orders",
            workbook([]),
            "DataError",
            ["every sheet is empty", "put the table, with a header row, in the first sheet"],
            tz,
        ),
        Case(
            "xlsx_orders_header_only.xlsx",
            "excel",
            "header only",
            "orders",
            workbook([["销售明细"], [], header]),
            "DataError",
            ["no data rows", "'订单金额'", EXPORT_AGAIN],
            tz,
        ),
        Case(
            "xlsx_orders_duplicate_columns.xlsx",
            "excel",
            "duplicated columns",
            "orders",
            workbook(
                [
                    ["订单号", "下单时间", "金额", "订单金额", "币种"],
                    ["A1", local("2026-08-04 09:40"), 25, 26, "CNY"],
                ]
            ),
            "DataError",
            ["could both be the 'amount' column", 'columns={"amount"'],
            tz,
        ),
        Case(
            "xlsx_orders_missing_time.xlsx",
            "excel",
            "missing required column",
            "orders",
            workbook([["订单号", "订单金额", "币种"], ["A1", 25, "CNY"]]),
            "DataError",
            ["has no 'timestamp' column", '"timestamp": "<your column>"'],
            tz,
        ),
        Case(
            "xlsx_orders_negative_amount.xlsx",
            "excel",
            "negative amounts",
            "orders",
            workbook(
                [
                    header,
                    ["A1", local("2026-08-04 09:40"), -25, "CNY", "已完成"],
                    ["A2", local("2026-08-04 10:15"), "-¥30.00", "CNY", "已完成"],
                ]
            ),
            "DataError",
            [REFUND_HINT, "lines 2, 3", "column '订单金额'", "negative amount"],
            tz,
        ),
        Case(
            "xlsx_orders_huge_note.xlsx",
            "excel",
            "huge field (a 256 KiB note cell; the row's currency is wrong)",
            "orders",
            workbook(
                [
                    [*header, "备注"],
                    ["A1", local("2026-08-04 09:40"), 25, "RMB元", "已完成", HUGE_MARK],
                ]
            ),
            "DataError",
            [CURRENCY_FIX, "line 2", "column '币种'", "not an ISO 4217 currency code"],
            tz,
        ),
        Case(
            "xlsx_orders_year_one.xlsx",
            "excel",
            "impossible times (a date cell of year 1)",
            "orders",
            workbook([header, ["A1", local("0001-01-01 00:00"), 25, "CNY", "已完成"]]),
            "DataError",
            ["before 1970", "line 2", "column '下单时间'"],
            tz,
        ),
        Case(
            "xlsx_orders_1900_date.xlsx",
            "excel",
            "impossible times (Excel's day 1, 1900-01-01)",
            "orders",
            workbook([header, ["A1", local("1900-01-01 00:00"), 25, "CNY", "已完成"]]),
            "DataError",
            ["before 1970", "line 2", "column '下单时间'"],
            tz,
        ),
        Case(
            "xlsx_orders_unknown_currency.xlsx",
            "excel",
            "unknown currencies",
            "orders",
            workbook(
                [
                    header,
                    ["A1", local("2026-08-04 09:40"), 25, "元", "已完成"],
                    ["A2", local("2026-08-04 10:15"), 30, "BTC", "已完成"],
                ]
            ),
            "DataError",
            [CURRENCY_FIX, "lines 2, 3", "column '币种'", "not an ISO 4217 currency code"],
            tz,
        ),
        Case(
            "xlsx_orders_dst_gap_ny.xlsx",
            "excel",
            "nonexistent local time (America/New_York 2026-03-08 02:30)",
            "orders",
            workbook([header, ["A1", local("2026-03-08 02:30"), 25, "USD", "completed"]]),
            "DataError",
            [DST_FIX, "line 2", "column '下单时间'", f"{DST_GAP} America/New_York"],
            {"tz": NEW_YORK},
        ),
        Case(
            "xlsx_outages_end_before_start.xlsx",
            "excel",
            "end before start",
            "outages",
            workbook(
                [
                    ["服务", "开始时间", "结束时间"],
                    ["WhatsApp Web", local("2026-08-04 11:00"), local("2026-08-04 09:40")],
                ]
            ),
            "DataError",
            [END_FIX, "line 2", "column '结束时间'", "ends before it starts"],
            {"tz": SHANGHAI, "as_of": AS_OF},
        ),
        Case(
            "xlsx_outages_impossible_time.xlsx",
            "excel",
            "impossible times (text 2026-02-30, 25:61)",
            "outages",
            workbook(
                [
                    ["服务", "开始时间", "结束时间"],
                    ["WhatsApp Web", "2026-02-30 09:40", "2026-03-01 10:00"],
                    ["WhatsApp Web", "2026-03-02 25:61", "2026-03-02 23:00"],
                ]
            ),
            "DataError",
            [TIME_HELP, "lines 2, 3", "column '开始时间'", "not a date and time"],
            {"tz": SHANGHAI, "as_of": AS_OF},
        ),
    ]


def json_cases() -> list[Case]:
    tz = {"tz": SHANGHAI}
    records = [
        {
            "order_id": "A1",
            "timestamp": "2026-08-04T09:40:00+08:00",
            "amount": 25.0,
            "currency": "CNY",
        }
    ]
    full = json.dumps({"orders": records * 1}, indent=1).encode()
    return [
        Case(
            "json_orders_whitespace.json",
            "json",
            "empty (whitespace only)",
            "orders",
            b" \n\n ",
            "DataError",
            ["the file is empty", EXPORT_AGAIN],
            tz,
        ),
        Case(
            "json_orders_truncated.json",
            "json",
            "truncated",
            "orders",
            full[: len(full) - 20],
            "FormatError",
            ["is not valid JSON (line 7", "check the file near that place"],
            tz,
        ),
        Case(
            "json_orders_empty_list.json",
            "json",
            "header only (no records)",
            "orders",
            b'{"orders": []}\n',
            "DataError",
            ["holds no orders records", "including the rows"],
            tz,
        ),
        Case(
            "json_orders_scalar.json",
            "json",
            "another format's body (a JSON number)",
            "orders",
            b"42\n",
            "FormatError",
            ["holds a single JSON int", "write a list of records"],
            tz,
        ),
        Case(
            "json_orders_not_objects.json",
            "json",
            "records that are not objects",
            "orders",
            b'[["A1", "2026-08-04T09:40Z", 25]]\n',
            "FormatError",
            ["record 1 is a JSON list", '{"column": value, ...}'],
            tz,
        ),
        Case(
            "json_orders_high_junk.json",
            "json",
            "binary junk (high bytes, no NUL)",
            "orders",
            junk(2000, "json", high=True),
            "FormatError",
            ["line 1", "not valid UTF-8", "save the file as UTF-8"],
            tz,
        ),
        Case(
            "json_orders_deep_nesting.json",
            "json",
            "absurd nesting (5000 brackets)",
            "orders",
            b"[" * 5000 + b"]" * 5000,
            "FormatError",
            ["cannot be read as JSON", "export it again"],
            tz,
        ),
        Case(
            "json_orders_huge_integer.json",
            "json",
            "absurd amounts (a 5000-digit number)",
            "orders",
            (
                '[{"order_id": "A1", "timestamp": "2026-08-04T09:40:00+08:00", "currency": "CNY", "amount": '
                + "9" * 5000
                + "}]\n"
            ).encode(),
            "FormatError",
            ["cannot be read as JSON", "export it again"],
            tz,
        ),
        Case(
            "json_orders_duplicate_keys.json",
            "json",
            "duplicated columns (a key twice in a record)",
            "orders",
            b'[{"order_id": "A1", "timestamp": "2026-08-04T09:40:00+08:00", "currency": "CNY", "amount": 25.0, "amount": 2500.0}]\n',
            "FormatError",
            ["the key 'amount' twice", "remove the repeated key"],
            tz,
        ),
        Case(
            "json_orders_unknown_status.json",
            "json",
            "unknown statuses",
            "orders",
            json.dumps([r | {"status": "lost in space"} for r in records]).encode(),
            "DataError",
            ["line 1", "column 'status'", "unknown status 'lost in space'", "status_map="],
            tz,
        ),
        Case(
            "json_orders_null_amount.json",
            "json",
            "non-numeric amounts (null, true, a list)",
            "orders",
            json.dumps(
                [
                    records[0] | {"order_id": "A1", "amount": None},
                    records[0] | {"order_id": "A2", "amount": True},
                    records[0] | {"order_id": "A3", "amount": [1, 2]},
                ]
            ).encode(),
            "DataError",
            [AMOUNT_FIX, "line 1", "column 'amount'", "the amount is missing", "not an amount"],
            tz,
        ),
        Case(
            "jsonl_orders_bad_line.jsonl",
            "json",
            "truncated (a JSON Lines record cut)",
            "orders",
            text(*(json.dumps(r | {"order_id": f"A{i}"}) for i, r in enumerate(records * 3, 1)))[
                :-30
            ]
            + b"\n"
            + text(json.dumps(records[0] | {"order_id": "A9"})),
            "FormatError",
            ["line 3 is not valid JSON", "one complete record per line"],
            tz,
        ),
        Case(
            "json_outages_wrong_object.json",
            "json",
            "another format's body (an object without a list)",
            "outages",
            b'{"status": "ok", "count": 2, "next": null}\n',
            "FormatError",
            ["without a list of outages", "'status'", '{"outages": [...]}'],
            {"tz": SHANGHAI, "as_of": AS_OF},
        ),
        Case(
            "json_outages_future.json",
            "json",
            "outages in the future (after as_of)",
            "outages",
            json.dumps(
                {
                    "outages": [
                        {"start": "2026-08-12T09:40:00+08:00", "end": "2026-08-12T11:00:00+08:00"},
                        {"start": "2030-01-01T00:00:00Z"},
                    ]
                }
            ).encode(),
            "DataError",
            ["lines 1, 2", "column 'start'", "in the future", "pass as_of="],
            {"as_of": AS_OF},
        ),
        Case(
            "json_outages_year_one_offset.json",
            "json",
            "impossible times (0001-01-01T00:00:00+08:00)",
            "outages",
            json.dumps(
                [{"start": "0001-01-01T00:00:00+08:00", "end": "2026-08-04T11:00:00+08:00"}]
            ).encode(),
            "DataError",
            ["before 1970", "line 1", "column 'start'"],
            {"as_of": AS_OF},
        ),
        Case(
            "json_outages_utf16le_no_bom.json",
            "json",
            "wrong encoding (UTF-16 without BOM)",
            "outages",
            json.dumps([{"start": "2026-08-04T09:40:00+08:00"}]).encode("utf-16-le"),
            "FormatError",
            ["NUL bytes", 'encoding="utf-16-le"'],
            {"as_of": AS_OF},
        ),
        Case(
            "json_outages_end_before_start.json",
            "json",
            "end before start",
            "outages",
            json.dumps(
                [
                    {
                        "id": "X1",
                        "started_at": "2026-08-04T12:00:00Z",
                        "resolved_at": "2026-08-04T11:00:00Z",
                    }
                ]
            ).encode(),
            "DataError",
            [END_FIX, "line 1", "column 'resolved_at'", "ends before it starts"],
            {"as_of": AS_OF},
        ),
    ]


def parquet_cases() -> list[Case]:
    tz = {"tz": SHANGHAI}
    good = parquet(
        {
            "order_id": ["A1", "A2"],
            "timestamp": ["2026-08-04 09:40", "2026-08-04 10:00"],
            "amount": [25.0, 30.0],
            "currency": ["CNY", "CNY"],
        }
    )
    return [
        Case(
            "parquet_orders_empty.parquet",
            "parquet",
            "empty (0 bytes)",
            "orders",
            b"",
            "DataError",
            ["the file is empty", EXPORT_AGAIN],
            tz,
        ),
        Case(
            "parquet_orders_truncated.parquet",
            "parquet",
            "truncated",
            "orders",
            good[: len(good) * 2 // 3],
            "FormatError",
            ["cannot be read as Parquet", "check that it is a Parquet file"],
            tz,
        ),
        Case(
            "parquet_orders_csv_body.parquet",
            "parquet",
            "another format's body (CSV text named .parquet)",
            "orders",
            text(ORDER_HEADER, order(1, "2026-08-04 09:40")),
            "FormatError",
            ["cannot be read as Parquet", "pass the right format="],
            tz,
        ),
        Case(
            "parquet_orders_header_only.parquet",
            "parquet",
            "header only (no rows)",
            "orders",
            parquet(
                {
                    "order_id": pa_empty("string"),
                    "timestamp": pa_empty("string"),
                    "amount": pa_empty("float64"),
                }
            ),
            "DataError",
            ["no data rows", "'amount'", EXPORT_AGAIN],
            tz,
        ),
        Case(
            "parquet_orders_missing_amount.parquet",
            "parquet",
            "missing required column",
            "orders",
            parquet({"order_id": ["A1"], "timestamp": ["2026-08-04 09:40"], "currency": ["CNY"]}),
            "DataError",
            ["has no 'amount' column", '"amount": "<your column>"'],
            tz,
        ),
        Case(
            "parquet_orders_duplicate_columns.parquet",
            "parquet",
            "duplicated columns",
            "orders",
            parquet(
                {"a": ["A1"], "b": ["2026-08-04 09:40"], "c": [25.0], "d": [26.0], "e": ["CNY"]},
                ["order_id", "timestamp", "amount", "amount", "currency"],
            ),
            "DataError",
            ["could both be the 'amount' column"],
            tz,
        ),
        Case(
            "parquet_orders_nan_amount.parquet",
            "parquet",
            "non-numeric amounts (NaN, infinity, -0.01)",
            "orders",
            parquet(
                {
                    "order_id": ["A1", "A2", "A3"],
                    "timestamp": ["2026-08-04 09:40"] * 3,
                    "amount": [float("nan"), float("inf"), -0.01],
                    "currency": ["CNY"] * 3,
                }
            ),
            "DataError",
            [
                REFUND_HINT,
                "line 1",
                "line 2",
                "line 3",
                "column 'amount'",
                "not a finite number",
                "negative amount",
            ],
            tz,
        ),
        Case(
            "parquet_orders_year_one.parquet",
            "parquet",
            "impossible times (a timestamp of year 1)",
            "orders",
            parquet(
                {
                    "order_id": ["A1"],
                    "timestamp": pa_timestamps([-62135596800]),
                    "amount": [25.0],
                    "currency": ["CNY"],
                }
            ),
            "DataError",
            ["before 1970", "line 1", "column 'timestamp'"],
            tz,
        ),
        Case(
            "parquet_outages_end_before_start.parquet",
            "parquet",
            "end before start",
            "outages",
            parquet({"start": ["2026-08-04T11:00:00+08:00"], "end": ["2026-08-04T09:40:00+08:00"]}),
            "DataError",
            [END_FIX, "line 1", "column 'end'", "ends before it starts"],
            {"as_of": AS_OF},
        ),
    ]


def pa_timestamps(seconds: list[int]) -> object:
    """Naive Parquet timestamps (seconds since 1970)."""
    import pyarrow as pa

    return pa.array(seconds, type=pa.timestamp("s"))


def pa_empty(kind: str) -> object:
    import pyarrow as pa

    return pa.array([], type=getattr(pa, kind)())


def statuspage_cases() -> list[Case]:
    as_of = {"as_of": AS_OF}
    whole = page(
        incident("k1"),
        incident("k2", created_at="2026-08-05T01:40:00Z", resolved_at="2026-08-05T03:00:00Z"),
    )
    return [
        Case(
            "statuspage_truncated.json",
            "statuspage",
            "truncated",
            "outages",
            whole[: len(whole) // 2],
            "FormatError",
            [
                "is not valid JSON (line",
                "the download may have been cut off",
                "save incidents.json again",
            ],
            as_of,
        ),
        Case(
            "statuspage_no_incidents.json",
            "statuspage",
            "header only (an empty incidents list)",
            "outages",
            page(),
            "DataError",
            ["holds no incidents", "save it again from the status page"],
            as_of,
        ),
        Case(
            "statuspage_unknown_impact.json",
            "statuspage",
            "unknown severities (impact)",
            "outages",
            page(incident("k1", impact="apocalyptic")),
            "DataError",
            ["line 1", "column 'severity'", "unknown severity", "use outage, partial"],
            as_of,
        ),
        Case(
            "statuspage_resolved_before_start.json",
            "statuspage",
            "end before start",
            "outages",
            page(
                incident(
                    "k1", created_at="2026-08-04T05:00:00Z", resolved_at="2026-08-04T04:00:00+08:00"
                )
            ),
            "DataError",
            [END_FIX, "line 1", "column 'end'", "ends before it starts"],
            as_of,
        ),
        Case(
            "statuspage_future.json",
            "statuspage",
            "outages in the future (after as_of)",
            "outages",
            page(
                incident(
                    "k1", created_at="2026-08-20T01:40:00Z", resolved_at="2026-08-20T02:00:00Z"
                )
            ),
            "DataError",
            [
                "line 1",
                "column 'start'",
                "in the future (after 2026-08-10 00:00 UTC)",
                "pass as_of=",
            ],
            as_of,
        ),
        Case(
            "statuspage_bad_times.json",
            "statuspage",
            "unparseable times",
            "outages",
            page(incident("k1", created_at="last Tuesday", resolved_at="2026-02-30T02:00:00Z")),
            "DataError",
            [TIME_HELP, "line 1", "column 'start'", "column 'end'", "not a date and time"],
            as_of,
        ),
        Case(
            "statuspage_record_not_object.json",
            "statuspage",
            "records that are not objects",
            "outages",
            page("Checkout down 2026-08-04"),
            "FormatError",
            ["record 1 of 'incidents' is a JSON str", "save incidents.json again"],
            as_of,
        ),
        Case(
            "statuspage_deep_nesting.json",
            "statuspage",
            "absurd nesting (5000 brackets)",
            "outages",
            b'{"page": {"id": "p1"}, "incidents": [' + b"[" * 5000 + b"]" * 5000 + b"]}",
            "FormatError",
            ["cannot be read as JSON", "save incidents.json again"],
            as_of,
        ),
        Case(
            "statuspage_generic_body.json",
            "statuspage",
            "a format's header with another format's body (outage rows inside)",
            "outages",
            page(
                {
                    "start": "2026-08-04T09:40:00+08:00",
                    "end": "2026-08-04T11:00:00+08:00",
                    "service": "Checkout",
                }
            ),
            "DataError",
            ["every outage needs one", "line 1", "column 'start'", "the start time is missing"],
            as_of,
        ),
        Case(
            "statuspage_wrong_component.json",
            "statuspage",
            "unknown component asked for",
            "outages",
            page(incident("k1")),
            "DataError",
            [
                "pass one of these as component=",
                "none of the 1 incidents affects component 'Payments'",
                "'Checkout'",
            ],
            {**as_of, "component": "Payments"},
        ),
        Case(
            "statuspage_naive_times.json",
            "statuspage",
            "times without a zone, no tz given",
            "outages",
            page(incident("k1", created_at="2026-08-04 09:40", resolved_at="2026-08-04 11:00")),
            "ConfigError",
            ["line 1", "column 'start'", "without a timezone", "pass tz="],
            as_of,
        ),
    ]


def feed_cases() -> list[Case]:
    as_of = {"as_of": AS_OF}
    entry = atom_entry(
        "k1",
        "2026-08-04T02:00:00Z",
        ("Aug 4, 02:00 UTC", "Resolved"),
        ("Aug 4, 01:40 UTC", "Investigating"),
    )
    whole_atom = atom(entry)
    item = rss_item(
        "k1",
        "Tue, 04 Aug 2026 10:00:00 +0800",
        ("Aug 4, 10:00 CST", "Resolved"),
        ("Aug 4, 09:40 CST", "Investigating"),
    )
    whole_rss = rss(item)
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
    )
    return [
        Case(
            "atom_empty.atom",
            "statuspage-atom",
            "empty (0 bytes)",
            "outages",
            b"",
            "DataError",
            ["the file is empty", EXPORT_AGAIN],
            {**as_of, "format": "statuspage-atom"},
        ),
        Case(
            "atom_truncated.atom",
            "statuspage-atom",
            "truncated",
            "outages",
            whole_atom[: len(whole_atom) - 200],
            "FormatError",
            ["is not well-formed XML (line", "save the feed again"],
            as_of,
        ),
        Case(
            "atom_entities.atom",
            "statuspage-atom",
            "entity expansion (billion laughs)",
            "outages",
            laughs.encode() + whole_atom.split(b"?>\n", 1)[1].replace(b"Checkout down", b"&lol2;"),
            "FormatError",
            ["line 2 declares a DOCTYPE", "save history.atom or history.rss again"],
            as_of,
        ),
        Case(
            "atom_rss_body.atom",
            "statuspage-atom",
            "a format's header with another format's body (RSS named .atom)",
            "outages",
            whole_rss,
            "FormatError",
            ["is not an Atom feed (its root element is <rss>)", "pass format='statuspage-rss'"],
            {**as_of, "format": "statuspage-atom"},
        ),
        Case(
            "atom_no_entries.atom",
            "statuspage-atom",
            "header only (no entries)",
            "outages",
            atom(),
            "DataError",
            ["holds no incidents", "save it again from the status page"],
            as_of,
        ),
        Case(
            "atom_future.atom",
            "statuspage-atom",
            "outages in the future (after as_of)",
            "outages",
            atom(
                atom_entry(
                    "k9",
                    "2026-09-04T02:00:00Z",
                    ("Sep 4, 02:00 UTC", "Resolved"),
                    ("Sep 4, 01:40 UTC", "Investigating"),
                )
            ),
            "DataError",
            ["line 7", "column 'start'", "in the future", "pass as_of="],
            as_of,
        ),
        Case(
            "rss_empty.rss",
            "statuspage-rss",
            "empty (blank lines only)",
            "outages",
            b"\n\n",
            "DataError",
            ["the file is empty", EXPORT_AGAIN],
            {**as_of, "format": "statuspage-rss"},
        ),
        Case(
            "rss_truncated.rss",
            "statuspage-rss",
            "truncated",
            "outages",
            whole_rss[: len(whole_rss) // 2],
            "FormatError",
            ["is not well-formed XML (line", "save the feed again"],
            as_of,
        ),
        Case(
            "rss_atom_body.rss",
            "statuspage-rss",
            "a format's header with another format's body (Atom named .rss)",
            "outages",
            whole_atom,
            "FormatError",
            [
                "is not an RSS 2.0 feed (its root element is <feed>)",
                "pass format='statuspage-atom'",
            ],
            {**as_of, "format": "statuspage-rss"},
        ),
        Case(
            "rss_no_items.rss",
            "statuspage-rss",
            "header only (no items)",
            "outages",
            rss(),
            "DataError",
            ["holds no incidents", "save it again from the status page"],
            as_of,
        ),
        Case(
            "rss_entities.rss",
            "statuspage-rss",
            "entity expansion (billion laughs)",
            "outages",
            laughs.encode() + whole_rss.split(b"?>\n", 1)[1].replace(b"Checkout down", b"&lol2;"),
            "FormatError",
            ["line 2 declares a DOCTYPE", "save history.atom or history.rss again"],
            as_of,
        ),
        Case(
            "rss_cp1252_declared_utf8.rss",
            "statuspage-rss",
            "wrong encoding (cp1252 bytes in a feed declared UTF-8)",
            "outages",
            whole_rss.replace(b"Checkout down", "Kasse gestört".encode("cp1252")),
            "FormatError",
            ["line 8", "not valid UTF-8", "save the file as UTF-8"],
            as_of,
        ),
    ]


def probe_cases() -> list[Case]:
    as_of = {"tz": SHANGHAI, "as_of": AS_OF}
    heartbeat = {**as_of, "format": "heartbeat"}
    events = {**as_of, "format": "events"}
    return [
        Case(
            "heartbeat_unknown_state.csv",
            "heartbeat",
            "unknown statuses (probe states)",
            "outages",
            text(
                "time,status,ping",
                "2026-08-04 09:40,sideways,120",
                "2026-08-04 09:41,purple,130",
                "2026-08-04 09:42,42,140",
            ),
            "DataError",
            ["lines 2, 3, 4", "column 'status'", "unknown state", "use up or down"],
            heartbeat,
        ),
        Case(
            "heartbeat_future.csv",
            "heartbeat",
            "records in the future (after as_of)",
            "outages",
            text(
                "time,status,ping",
                "2026-08-11 09:40,down,0",
                "2026-08-11 09:41,down,0",
                "2026-08-11 09:42,up,120",
            ),
            "DataError",
            ["lines 2, 3, 4", "column 'time'", "record is in the future", "pass as_of="],
            heartbeat,
        ),
        Case(
            "heartbeat_dst_ambiguous_ny.csv",
            "heartbeat",
            "ambiguous local time (America/New_York 2026-11-01 01:30)",
            "outages",
            text(
                "checked_at,result",
                "2026-11-01 01:30,down",
                "2026-11-01 01:31,down",
                "2026-11-01 01:32,ok",
            ),
            "DataError",
            [OFFSET_HELP, "lines 2, 3, 4", "column 'checked_at'", f"{DST_TWICE} America/New_York"],
            {"tz": NEW_YORK, "as_of": "2026-11-10T00:00:00Z", "format": "heartbeat"},
        ),
        Case(
            "heartbeat_before_1970.csv",
            "heartbeat",
            "impossible times (before 1970)",
            "outages",
            text("time,status", "1900-01-01T00:00:00Z,down", "1900-01-01T00:01:00Z,up"),
            "DataError",
            ["lines 2, 3", "column 'time'", "before 1970 or after 2099"],
            heartbeat,
        ),
        Case(
            "heartbeat_year_9999_ny.csv",
            "heartbeat",
            "impossible times (9999-12-31 23:00 in New York)",
            "outages",
            text("time,status", "9999-12-31 22:00,down", "9999-12-31 23:00,down"),
            "DataError",
            ["after 2099", "lines 2, 3", "column 'time'"],
            {"tz": NEW_YORK, "as_of": AS_OF, "format": "heartbeat"},
        ),
        Case(
            "heartbeat_header_only.csv",
            "heartbeat",
            "header only",
            "outages",
            text("time,status,ping"),
            "DataError",
            ["no data rows", "'status'", EXPORT_AGAIN],
            heartbeat,
        ),
        Case(
            "heartbeat_no_state.csv",
            "heartbeat",
            "missing required column",
            "outages",
            text("time,ping", "2026-08-04 09:40,120", "2026-08-04 09:41,130"),
            "DataError",
            ["has no 'state' column", 'columns={"state": "<your column>"}'],
            heartbeat,
        ),
        Case(
            "heartbeat_cp1252.csv",
            "heartbeat",
            "wrong encoding (cp1252)",
            "outages",
            text(
                "time,status,message", "2026-08-04 09:40,down,Zeitüberschreitung", encoding="cp1252"
            ),
            "FormatError",
            ["line 2", "not valid UTF-8", 'encoding="cp1252"'],
            heartbeat,
        ),
        Case(
            "events_missing_times.csv",
            "events",
            "unparseable times (blank and words)",
            "outages",
            text("time,state", ",down", "noon,up"),
            "DataError",
            [
                TIME_HELP,
                "line 2",
                "line 3",
                "column 'time'",
                "the time is missing",
                "not a date and time",
            ],
            events,
        ),
        Case(
            "events_dst_gap_berlin.csv",
            "events",
            "nonexistent local time (Europe/Berlin 2026-03-29 02:30)",
            "outages",
            text("time,state", "2026-03-29 02:30,down", "2026-03-29 02:45,up"),
            "DataError",
            [DST_FIX, "lines 2, 3", "column 'time'", f"{DST_GAP} Europe/Berlin"],
            {"tz": BERLIN, "as_of": AS_OF, "format": "events"},
        ),
        Case(
            "events_impossible_time.csv",
            "events",
            "impossible times (2026-02-30, 25:61)",
            "outages",
            text("time,state", "2026-02-30 09:40,down", "2026-03-01 25:61,up"),
            "DataError",
            [TIME_HELP, "lines 2, 3", "column 'time'", "not a date and time"],
            events,
        ),
        Case(
            "events_truncated.json",
            "events",
            "truncated",
            "outages",
            b'[{"time": "2026-08-04T09:40:00Z", "state": "down"}, {"time": "2026-08-04T10:',
            "FormatError",
            ["is not valid JSON (line 1", "check the file near that place"],
            events,
        ),
    ]


def wechat_cases() -> list[Case]:
    tz = {"tz": SHANGHAI}
    row = wechat_row("2026-08-04 09:40:00")
    gbk_inside = wechat([row]).replace("二维码收款".encode(), "二维码收款".encode("gbk"))
    try:
        gbk_inside[3:].decode("utf-8")
    except UnicodeDecodeError as exc:  # where the GBK bytes begin, counted in the file
        bad_at = 3 + exc.start
    return [
        Case(
            "wechat_truncated.csv",
            "wechat",
            "truncated (header block only)",
            "orders",
            wechat([], count=3)[: -len((WECHAT_HEADER + "\r\n").encode())],
            "DataError",
            ["ends after its header block (line 7)", "共3笔记录", "export the bill again"],
            tz,
        ),
        Case(
            "wechat_header_only.csv",
            "wechat",
            "header only",
            "orders",
            wechat([], count=0),
            "DataError",
            ["has a table header (line 8) but no rows", "export the bill again"],
            tz,
        ),
        Case(
            "wechat_missing_column.csv",
            "wechat",
            "missing required column (当前状态)",
            "orders",
            wechat([row.replace(",已收钱,", ",")], header=WECHAT_HEADER.replace(",当前状态", "")),
            "FormatError",
            ["line 8", "lacks 当前状态", "export the bill again"],
            tz,
        ),
        Case(
            "wechat_unknown_status.csv",
            "wechat",
            "unknown statuses",
            "orders",
            wechat([wechat_row("2026-08-04 09:40:00", status="已冻结")]),
            "DataError",
            ["line 9", "column 'status'", "unknown status '已冻结'", "status_map="],
            tz,
        ),
        Case(
            "wechat_count_mismatch.csv",
            "wechat",
            "truncated (fewer rows than 共N笔记录)",
            "orders",
            wechat(
                [row, wechat_row("2026-08-04 10:00:00", ident="1000049901260804000002")], count=5
            ),
            "DataError",
            ["共5笔记录 (line 5)", "has 2 rows", "export the bill again"],
            tz,
        ),
        Case(
            "wechat_no_tz.csv",
            "wechat",
            "times without a zone, no tz given",
            "orders",
            wechat([row]),
            "ConfigError",
            ["line 9", "交易时间", 'tz="Asia/Shanghai"'],
        ),
        Case(
            "wechat_gbk_in_utf8.csv",
            "wechat",
            "wrong encoding (GBK bytes after a UTF-8 BOM)",
            "orders",
            gbk_inside,
            "FormatError",
            [
                "line 9",
                f"(byte 0x{gbk_inside[bad_at]:02x} at offset {bad_at})",
                "save the file as UTF-8",
            ],
            tz,
            absent=["was given"],
        ),
        Case(
            "wechat_negative_amount.csv",
            "wechat",
            "negative amounts",
            "orders",
            wechat([wechat_row("2026-08-04 09:40:00", amount="¥-25.00")]),
            "DataError",
            [REFUND_HINT, "line 9", "column 'amount'", "negative amount"],
            tz,
        ),
        Case(
            "wechat_no_income.csv",
            "wechat",
            "no sales (only outgoing payments)",
            "orders",
            wechat([wechat_row("2026-08-04 09:40:00", direction="支出", status="支付成功")]),
            "DataError",
            [
                "has no incoming payments",
                "export the bill of the account that receives the payments",
            ],
            tz,
        ),
        Case(
            "wechat_duplicate_ids.csv",
            "wechat",
            "duplicate order ids",
            "orders",
            wechat([row, wechat_row("2026-08-04 10:00:00")]),
            "DataError",
            [DUPLICATE_FIX, "lines 9, 10", "column 'order_id'", "same order id"],
            tz,
        ),
        Case(
            "wechat_dst_gap_berlin.csv",
            "wechat",
            "nonexistent local time (bill read with tz=Europe/Berlin, 2026-03-29 02:30)",
            "orders",
            wechat([wechat_row("2026-03-29 02:30:00")]),
            "DataError",
            [DST_FIX, "line 9", "column 'timestamp'", f"{DST_GAP} Europe/Berlin"],
            {"tz": BERLIN},
        ),
        Case(
            "wechat_alipay_body.csv",
            "wechat",
            "a format's header with another format's body (Alipay table)",
            "orders",
            text(
                *[h.format(count=1) for h in WECHAT_HEAD],
                ALIPAY_HEADER,
                alipay_row(1, "2026-08-04 09:40:00"),
                end="\r\n",
                encoding="utf-8-sig",
            ),
            "FormatError",
            ["line 8", "lacks 交易时间", "export the bill again"],
            {**tz, "format": "wechat"},
        ),
    ]


def alipay_cases() -> list[Case]:
    tz = {"tz": SHANGHAI}
    row = alipay_row(1, "2026-08-04 09:40:00")
    whole = alipay([row])
    cut = whole.index(row.encode("gbk")) + 40
    while not (0x81 <= whole[cut] <= 0xFE):
        cut += 1
    return [
        Case(
            "alipay_truncated.csv",
            "alipay",
            "truncated (title block only)",
            "orders",
            text(*ALIPAY_HEAD, encoding="gbk"),
            "DataError",
            ["ends after its header block (line 4)", "export the bill again"],
            tz,
        ),
        Case(
            "alipay_cut_in_a_character.csv",
            "alipay",
            "truncated (in the middle of a GBK character)",
            "orders",
            whole[: cut + 1],
            "FormatError",
            ["line 6"],
            tz,
            absent=["probably Latin-1"],
        ),
        Case(
            "alipay_missing_column.csv",
            "alipay",
            "missing required column (金额)",
            "orders",
            alipay([row.replace(",25.00,", ",")], header=ALIPAY_HEADER.replace("金额（元）,", "")),
            "FormatError",
            ["line 5", "lacks 金额(元)", "export the bill again"],
            tz,
        ),
        Case(
            "alipay_unknown_direction.csv",
            "alipay",
            "unknown statuses (收/支)",
            "orders",
            alipay([alipay_row(1, "2026-08-04 09:40:00", direction="其他")]),
            "DataError",
            ["correct it, or export the bill again", "line 6", "column '收/支'", "收/支 is '其他'"],
            tz,
        ),
        Case(
            "alipay_count_mismatch.csv",
            "alipay",
            "truncated (fewer rows than 共N笔记录)",
            "orders",
            alipay([row], count=4),
            "DataError",
            ["共4笔记录 (line 8)", "has 1 rows", "export the bill again"],
            tz,
        ),
        Case(
            "alipay_impossible_time.csv",
            "alipay",
            "impossible times (2026-02-30 25:61)",
            "orders",
            alipay([alipay_row(1, "2026-02-30 09:40:00"), alipay_row(2, "2026-03-01 25:61:00")]),
            "DataError",
            [TIME_HELP, "lines 6, 7", "column 'timestamp'", "not a date and time"],
            tz,
        ),
        Case(
            "alipay_text_amount.csv",
            "alipay",
            "non-numeric amounts",
            "orders",
            alipay([alipay_row(1, "2026-08-04 09:40:00", amount="二十五")]),
            "DataError",
            [AMOUNT_FIX, "line 6", "column 'amount'", "not an amount"],
            tz,
        ),
        Case(
            "alipay_shopify_body.csv",
            "alipay",
            "a format's header with another format's body (Shopify table)",
            "orders",
            text(*ALIPAY_HEAD, SHOPIFY_HEADER, shopify_row("#1001"), encoding="gbk"),
            "DataError",
            ["ends after its header block (line 6)", "export the bill again"],
            {**tz, "format": "alipay"},
        ),
        Case(
            "alipay_no_tz.csv",
            "alipay",
            "times without a zone, no tz given",
            "orders",
            whole,
            "ConfigError",
            ["line 6", "no UTC offset", 'tz="Asia/Shanghai"'],
        ),
    ]


def shopify_cases() -> list[Case]:
    return [
        Case(
            "shopify_missing_total.csv",
            "shopify",
            "missing required column (Total)",
            "orders",
            text(
                SHOPIFY_HEADER.replace(",Total,", ","),
                shopify_row("#1001").replace(",30.00,30.00,", ",30.00,"),
            ),
            "DataError",
            ["has no 'Total' column", "export the orders again in Shopify admin"],
        ),
        Case(
            "shopify_header_only.csv",
            "shopify",
            "header only",
            "orders",
            text(SHOPIFY_HEADER),
            "DataError",
            ["no data rows", "'Financial Status'", EXPORT_AGAIN],
        ),
        Case(
            "shopify_unknown_status.csv",
            "shopify",
            "unknown statuses",
            "orders",
            text(SHOPIFY_HEADER, shopify_row("#1001", status="on_hold")),
            "DataError",
            ["line 2", "column 'status'", "unknown status 'on_hold'", "status_map="],
        ),
        Case(
            "shopify_unknown_currency.csv",
            "shopify",
            "unknown currencies",
            "orders",
            text(
                SHOPIFY_HEADER,
                shopify_row("#1001", currency="US$"),
                shopify_row("#1002", currency="DOGE"),
            ),
            "DataError",
            [CURRENCY_FIX, "lines 2, 3", "column 'currency'", "not an ISO 4217 currency code"],
        ),
        Case(
            "shopify_duplicate_names.csv",
            "shopify",
            "duplicate order ids",
            "orders",
            text(SHOPIFY_HEADER, shopify_row("#1001"), shopify_row("#1001", total="45.00")),
            "DataError",
            [DUPLICATE_FIX, "lines 2, 3", "column 'order_id'", "same order id"],
        ),
        Case(
            "shopify_absurd_total.csv",
            "shopify",
            "absurd amounts (1e15)",
            "orders",
            text(SHOPIFY_HEADER, shopify_row("#1001", total="1000000000000000.00")),
            "DataError",
            ["no order's", "line 2", "column 'amount'"],
        ),
        Case(
            "shopify_naive_times.csv",
            "shopify",
            "times without a zone, no tz given",
            "orders",
            text(SHOPIFY_HEADER, shopify_row("#1001", created="2026-08-04 09:40:12")),
            "ConfigError",
            ["line 2", "column 'timestamp'", "without a timezone", "pass tz="],
        ),
        Case(
            "shopify_truncated.csv",
            "shopify",
            "truncated (inside a quoted value)",
            "orders",
            text(SHOPIFY_HEADER, shopify_row("#1001"))
            + shopify_row("#1002").split(",Rose,")[0].encode()
            + b',"Rose, red',
            "FormatError",
            ["line 3", "never closed", "close the quote"],
        ),
        Case(
            "shopify_mixed_offsets_bad.csv",
            "shopify",
            "unparseable times",
            "orders",
            text(SHOPIFY_HEADER, shopify_row("#1001", created="04/08/2026 09:40 CST")),
            "DataError",
            [TIME_HELP, "line 2", "column 'timestamp'", "not a date and time"],
        ),
    ]


def cases() -> list[Case]:
    return [
        *csv_cases(),
        *excel_cases(),
        *json_cases(),
        *parquet_cases(),
        *statuspage_cases(),
        *feed_cases(),
        *probe_cases(),
        *wechat_cases(),
        *alipay_cases(),
        *shopify_cases(),
    ]


def build() -> tuple[dict[str, bytes], dict[str, object]]:
    """Every file's bytes by name, and the manifest."""
    found = cases()
    names = [case.file for case in found]
    if len(set(names)) != len(names):
        msg = "two cases share a file name"
        raise ValueError(msg)
    files = {case.file: case.data for case in found}
    manifest = {
        "about": "Bad inputs: each must end in the ClaimstatsError named (see make_bad.py).",
        "as_of": AS_OF,
        "files": [case.entry() for case in found],
    }
    return files, manifest


def manifest_text(manifest: dict[str, object]) -> str:
    """The manifest as JSON with one file's entry per line."""
    head = {k: v for k, v in manifest.items() if k != "files"}
    lines = [json.dumps(entry, ensure_ascii=False) for entry in manifest["files"]]  # type: ignore[union-attr]
    body = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return body + ',\n "files": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"


def main(folder: Path = HERE) -> None:
    files, manifest = build()
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    text_out = manifest_text(manifest)
    (folder / "manifest.json").write_text(text_out, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
