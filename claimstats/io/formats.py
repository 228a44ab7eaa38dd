"""The formats claimstats reads, registered in :data:`claimstats.io.registry.FORMATS`.

Content-tested layouts come first, in the order auto-detection tries them; the generic
table formats after them are chosen by file extension.
"""

from __future__ import annotations

from claimstats.io.alipay import read_alipay, sniff_alipay
from claimstats.io.csvfile import read_csv
from claimstats.io.excel import read_excel
from claimstats.io.feeds import read_atom, read_rss, sniff_atom, sniff_rss
from claimstats.io.jsonfile import read_json
from claimstats.io.options import ReadOptions
from claimstats.io.registry import Format, by_extension, register_format
from claimstats.io.shopify import read_shopify, sniff_shopify
from claimstats.io.sources import Source
from claimstats.io.statuspage import read_statuspage, sniff_statuspage
from claimstats.io.tables import RawTable, read_dataframe, read_parquet
from claimstats.io.wechat import read_wechat, sniff_wechat

__all__ = ["read_table"]

_ORDERS = ("orders",)
_OUTAGES = ("outages",)


def read_table(source: Source, options: ReadOptions) -> RawTable:
    """Read any generic table (CSV, Excel, JSON, Parquet, DataFrame) by its extension.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from claimstats.io.sources import open_source
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "probes.csv"
    >>> _ = p.write_text("time,status\\n2026-08-04T01:40Z,up\\n", encoding="utf-8")
    >>> read_table(open_source(p), ReadOptions("outages")).format
    'generic-csv'
    """
    return by_extension(source, options.kind).reader(source, options)


for _fmt in (
    Format("wechat", read_wechat, kinds=_ORDERS, sniff=sniff_wechat, description="WeChat Pay bill (微信支付账单)"),
    Format("alipay", read_alipay, kinds=_ORDERS, sniff=sniff_alipay, description="Alipay bill (支付宝账单)"),
    Format("shopify", read_shopify, kinds=_ORDERS, sniff=sniff_shopify, description="Shopify orders export"),
    Format("statuspage", read_statuspage, kinds=_OUTAGES, sniff=sniff_statuspage, description="Atlassian Statuspage incidents.json"),
    Format("statuspage-atom", read_atom, kinds=_OUTAGES, sniff=sniff_atom, description="Statuspage history.atom feed"),
    Format("statuspage-rss", read_rss, kinds=_OUTAGES, sniff=sniff_rss, description="Statuspage history.rss feed"),
    Format("events", read_table, kinds=_OUTAGES, layout="events", description="monitor up/down events, one row per change"),
    Format("heartbeat", read_table, kinds=_OUTAGES, layout="heartbeat", description="monitor probe log, one row per check"),
    Format("csv", read_csv, (".csv", ".txt", ".tsv"), description="delimited text"),
    Format("excel", read_excel, (".xlsx", ".xlsm"), description="first sheet of a workbook"),
    Format("parquet", read_parquet, (".parquet", ".pq"), description="Apache Parquet"),
    Format("json", read_json, (".json", ".jsonl", ".ndjson"), description="records or lines"),
    Format("dataframe", read_dataframe, description="a pandas DataFrame"),
):  # fmt: skip
    register_format(_fmt)
