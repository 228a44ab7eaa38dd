"""Customer-level rows in the report: only when asked, masked unless asked otherwise."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from plotly.offline import get_plotlyjs

import claimstats as cs
from claimstats.datasets import make_sample
from claimstats.pipeline import window_orders
from claimstats.report.html import render_html

ARGS = {
    "tz": "Asia/Shanghai",
    "channel": "whatsapp",
    "control": "website",
    "as_of": "2026-08-10T10:00+08:00",
    "estimator": {"method": "seasonal"},
}
#: a mainland mobile number as the sample writes it
MOBILE = re.compile(r"(?<![\d.])1[3-9]\d{9}(?!\d)")


def _report(orders, outages, **presentation) -> cs.ImpactReport:
    """The report of the claim analysed with ``ARGS``, presented as ``presentation`` says."""
    return cs.build_report(cs.analyze_claim(orders, outages, **ARGS), presentation)


def _page(report) -> str:
    """The page without plotly.js, whose numbers are not customers'."""
    return render_html(report).replace(get_plotlyjs(), "")


@pytest.fixture(scope="module")
def claim():
    return make_sample(seed=0)


@pytest.fixture(scope="module")
def with_orders(claim):
    return _report(claim.orders, claim.outages, lang="en", include_orders=True)


def test_window_orders_are_the_rows_behind_the_actual_figures(claim, with_orders):
    rows = with_orders.orders
    counts = Counter((row.window, row.channel, row.status) for row in rows)
    assert len(rows) == 378
    # WhatsApp took no order during the outages (actual 0); 208 completed ones in the
    # recovery window kept: its expected orders plus the surplus the catch-up counts from
    e = with_orders.loss
    assert not any(row.window == "outage" and row.channel == "whatsapp" for row in rows)
    assert e.actual_orders == 0
    assert counts["recovery", "whatsapp", "completed"] == 208
    table = e.bucket_table()
    expected = (table["expected"] * table["recovery_fraction"]).sum()
    assert e.recovery_surplus + expected == pytest.approx(208)
    # the website kept selling during the outages: 89 completed orders (+3 cancelled, 2 refunded)
    assert counts["outage", "website", "completed"] == 89
    assert counts["outage", "website", "cancelled"] == 3
    assert counts["outage", "website", "refunded"] == 2
    times = [(row.timestamp, row.order_id) for row in rows]
    assert times == sorted(times)
    windows = with_orders.loss.windows + with_orders.loss.recovery_windows
    for row in rows:
        assert any(w.start <= row.timestamp < w.end for w in windows)


def test_customers_are_masked_unless_asked(claim, with_orders):
    first = with_orders.orders[0]
    assert (first.order_id, first.customer) == ("WEB-20260804-0006", "+86 176****3711")
    assert not any(MOBILE.search(row.customer or "") for row in with_orders.orders)
    raw = window_orders(claim.orders, with_orders.loss)  # as the orders hold them
    assert raw[0].customer == "+86 17683233711"
    assert [row.order_id for row in raw] == [row.order_id for row in with_orders.orders]


def test_no_customer_level_row_by_default(claim):
    report = _report(claim.orders, claim.outages)
    assert report.orders == []
    assert report.masked is True
    page = _page(report)
    assert 'id="orders"' not in page
    assert not MOBILE.search(page)
    assert "WEB-20260804-0006" not in page


def test_page_lists_the_orders_with_masked_customers(with_orders):
    page = _page(with_orders)
    section = page[page.index('<section id="orders">') :]
    assert "378 in all, 94 during the outages and 284 in the recovery windows" in section
    assert "Customer identifiers are masked." in section
    assert "+86 176****3711" in section
    assert "WEB-20260804-0006" in section
    assert section.count("<tr>") == 1 + 378
    assert not MOBILE.search(page)


def test_unmasked_report_says_so_and_shows_the_numbers(claim):
    report = _report(claim.orders, claim.outages, lang="zh", include_orders=True, mask=False)
    assert report.masked is False
    page = _page(report)
    assert "+86 17683233711" in page
    assert "未遮盖顾客信息(按要求生成),请勿对外分享" in page  # in the header
    assert "顾客标识未遮盖(按要求生成):请勿对外分享。" in page  # above the list


def test_hostile_customer_name_in_the_list_is_text(claim):
    orders = claim.orders.copy()
    first = orders.index[orders["order_id"] == "WEB-20260804-0006"][0]
    orders.loc[first, "customer"] = "<script>alert(1)</script>"
    report = _report(orders, claim.outages, include_orders=True, mask=False, lang="en")
    page = _page(report)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_json_keeps_the_rows_and_reads_back_equal(with_orders):
    back = cs.ImpactReport.model_validate_json(with_orders.to_json())
    assert back.orders == with_orders.orders
