"""The wallet complaint's report part: the self-contained page, its charts, the JSON and
the workbook of the lists."""

from __future__ import annotations

import io
import json
import re
from html import unescape
from html.parser import HTMLParser

import openpyxl
import pytest
from plotly.offline import get_plotlyjs

from claimstats.datasets import demo_complaint
from claimstats.models import WalletComplaint
from claimstats.report import ComplaintReport, build_complaint_report
from claimstats.report.complaint_charts import hours_chart, waterfall_chart
from claimstats.report.complaint_html import complaint_context
from claimstats.report.complaint_publish import amount_steps, published_complaint

HOSTILE = "<script>alert('pwned')</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def complaint():
    """The sample café's complaint (claimstats.analyze_complaint, made once per session)."""
    return demo_complaint()


@pytest.fixture(scope="module")
def report(complaint):
    return build_complaint_report(complaint, "zh")


@pytest.fixture(scope="module")
def page(report):
    return report.render_html()


class _References(HTMLParser):
    """Every attribute that could make the browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "srcset", "action", "data", "poster", "background"}:
                self.urls.append((tag, name, value or ""))


def _number(label: str) -> float:
    """A label such as ``−¥981.87`` or ``+CN¥2.50`` as a number."""
    sign = -1 if label.startswith(("−", "-")) else 1
    return sign * float(re.sub(r"[^\d.]", "", label))


def test_page_has_no_reference_outside_the_file(page):
    parser = _References()
    parser.feed(page)
    assert parser.urls == []
    assert not {"link", "iframe", "object", "embed", "img"} & set(parser.tags)
    outside_plotly = page.replace(get_plotlyjs(), "")  # plotly.js names its site in code
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", outside_plotly)
    styles = "".join(re.findall(r"<style>(.*?)</style>", page, flags=re.S))
    assert "url(" not in styles
    assert "@import" not in styles


def test_plotly_js_is_embedded_once_and_charts_have_fixed_ids(page):
    assert page.count(get_plotlyjs()[:200]) == 1
    for div_id in ("chart-hours", "chart-waterfall"):
        assert page.count(f'id="{div_id}"') == 1
        assert f'<h3 class="chart-title" id="{div_id}-title">' in page


def test_the_letter_comes_first_then_the_figures_behind_it(page):
    sections = re.findall(r'<section id="([a-z]+)">', page)
    assert sections == ["letter", "figures", "amounts", "notes", "evidence", "path"]
    letter = page[page.index('<section id="letter">') : page.index('<section id="figures">')]
    assert "致:微信支付商户客服(95017)" in letter
    assert 'lang="en"' in letter  # the English letter, folded under the Chinese one
    assert "p 值" not in letter
    assert "区间" not in letter


def test_figures_behind_the_letter_are_stated_in_plain_words(report):
    shown = published_complaint(report.complaint).payments
    context = complaint_context(report)
    figures = {row["label"]: row for row in context["figures"]}
    in_window = figures["故障时段内的支付尝试"]["value"]
    assert in_window == f"{shown.attempts_in_window} 次中失败 {shown.failures_in_window} 次(81.13%)"
    assert figures["超出正常失败率的失败次数"]["range"].startswith("95% 区间 ")
    assert context["chance"].startswith(
        "会不会是偶然 若失败率一切正常,出现这么多失败的概率为 < 0.000001"
    )
    english = complaint_context(build_complaint_report(report.complaint, "en"))
    assert "(the p-value): it is not chance variation." in english["chance"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_waterfall_bars_equal_their_labels_and_the_table(complaint, lang):
    shown = published_complaint(complaint).payments
    steps = amount_steps(shown)
    trace = waterfall_chart(complaint, lang).data[0]
    values = list(trace.x)
    assert values == [step.value for step in steps]
    assert [_number(label) for label in trace.text] == pytest.approx(values, abs=1e-9)
    table = complaint_context(build_complaint_report(complaint, lang))["amounts"]
    assert [row["value"] for row in table] == list(trace.text)
    # the steps add up: every subtotal is the running sum of the steps before it
    total = 0.0
    for step in steps:
        if step.measure == "absolute":
            assert total == pytest.approx(step.value, abs=0.005) or step.key == "failed"
            total = step.value
        else:
            total += step.value
    by_key = {step.key: step.value for step in steps}
    assert by_key["failed"] == shown.failed_amount_in_window
    assert by_key["unpaid"] == shown.unpaid_amount
    assert by_key["unrecovered"] == shown.unrecovered_amount
    assert "other" not in by_key  # failed = recovered + unpaid, to the cent


def test_hours_chart_draws_the_failed_share_the_normal_rate_and_the_window(complaint):
    fig = hours_chart(complaint, "en")
    bars, normal, _ = fig.data
    assert len(bars.x) == len(complaint.hours) == 72
    worst = max(complaint.hours, key=lambda h: h.failures)
    assert max(y for y in bars.y if y is not None) == pytest.approx(
        max(h.failures / h.attempts for h in complaint.hours if h.attempts)
    )
    assert worst.failures > 0
    assert set(normal.y) == {published_complaint(complaint).payments.failure_rate_outside}
    assert len(fig.layout.shapes) == len(complaint.payments.windows)
    assert hours_chart(complaint.model_copy(update={"hours": []}), "en") is None


def test_same_complaint_gives_the_same_bytes(complaint, tmp_path):
    first, second = (build_complaint_report(complaint, "zh") for _ in range(2))
    for name, write in (("c.html", "to_html"), ("c.json", "to_json"), ("c.xlsx", "to_xlsx")):
        a = getattr(first, write)(tmp_path / f"a-{name}").read_bytes()
        b = getattr(second, write)(tmp_path / f"b-{name}").read_bytes()
        assert a == b, name


def test_hostile_merchant_name_and_order_ids_are_escaped(complaint):
    merchant = complaint.context.merchant.model_copy(update={"name": HOSTILE})
    p = complaint.payments
    unpaid = [p.unpaid[0].model_copy(update={"order_id": HOSTILE}), *p.unpaid[1:]]
    hostile = complaint.model_copy(
        update={
            "context": complaint.context.model_copy(update={"merchant": merchant}),
            "payments": p.model_copy(update={"unpaid": unpaid}),
        }
    )
    page = build_complaint_report(hostile, "en").render_html()
    assert HOSTILE not in page
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page
    assert "onerror=alert(1)>" not in page
    # the letter as text keeps the name as the merchant wrote it
    assert HOSTILE in build_complaint_report(hostile, "en").letter()


def test_json_is_the_published_complaint_and_reads_back(report):
    text = report.to_json()
    data = json.loads(text)
    shown = published_complaint(report.complaint)
    assert WalletComplaint.model_validate_json(text) == shown
    payments = data["payments"]
    assert [r["order_id"] for r in payments["unpaid"]] == [
        r.order_id for r in shown.payments.unpaid
    ]
    assert set(payments["refund_due"][0]) >= {"order_id", "timestamp", "amount", "customer"}
    for name in ("recovered_amount", "unrecovered_amount", "unrecovered_amount_low"):
        assert payments[name] == round(payments[name], 2)
    assert payments["excess_failures"] == round(payments["excess_failures"], 1)
    assert "o***" in payments["unpaid"][0]["customer"]


def test_json_and_page_name_files_without_the_machines_folders(complaint, tmp_path):
    record = complaint.evidence[1].model_copy(
        update={"source": str(tmp_path / "data" / "transactions.csv"), "name": "transactions.csv"}
    )
    moved = complaint.model_copy(update={"evidence": [complaint.evidence[0], record]})
    report = build_complaint_report(moved, "en")
    data = json.loads(report.to_json(tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["evidence"][1]["source"] == "data/transactions.csv"
    assert str(tmp_path) not in report.to_html(tmp_path / "c.html").read_text(encoding="utf-8")


def test_workbook_lists_unpaid_refund_due_and_refunded(report, complaint):
    book = openpyxl.load_workbook(io.BytesIO(report.render_xlsx()))
    assert book.sheetnames == ["汇总", "未付款", "应退款", "已退款"]
    shown = published_complaint(complaint).payments
    unpaid = list(book["未付款"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in unpaid] == [r.order_id for r in shown.unpaid]
    assert [row[3] for row in unpaid] == [r.amount for r in shown.unpaid]
    assert [row[4] for row in unpaid] == [r.customer for r in shown.unpaid]
    assert unpaid[0][1].startswith("2026-08-07 18:")
    assert unpaid[0][1].endswith("+08:00")
    due = [row[0] for row in book["应退款"].iter_rows(min_row=2, values_only=True)]
    assert due == [r.order_id for r in shown.refund_due]
    assert book["应退款"]["D2"].number_format == "#,##0.00"
    assert list(book["已退款"].iter_rows(min_row=2, values_only=True)) == []
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["商户号"] == "1650012345"
    assert summary["因故障没有收到的货款 (CNY)"] == shown.unrecovered_amount


def test_english_workbook_and_page_are_in_english(complaint):
    report = build_complaint_report(complaint, "en")
    assert isinstance(report, ComplaintReport)
    book = openpyxl.load_workbook(io.BytesIO(report.render_xlsx()))
    assert book.sheetnames == ["Summary", "Unpaid", "Refund due", "Refunded"]
    page = unescape(report.render_html())
    assert "<h2>The letter</h2>" in page
    assert "To: WeChat Pay merchant support (95017)" in page


def test_refunded_payments_are_listed_in_the_report_and_the_workbook(complaint):
    p = complaint.payments
    done = p.refund_due[0].model_copy(update={"refunded_amount": p.refund_due[0].amount})
    payments = p.model_copy(
        update={"refund_due": p.refund_due[1:], "refunded": [done], "already_refunded_amount": 40.0}
    )
    report = build_complaint_report(complaint.model_copy(update={"payments": payments}), "en")
    context = complaint_context(report)
    assert context["refunded"].rows[0][0] == done.order_id
    refunds = {row["label"]: row["value"] for row in context["refunds"]}
    assert refunds["Refunded to the customers by the wallet"] == "1 payment, CN¥32.00"
    assert refunds["All the wallet gave back (partial refunds included)"] == "CN¥40.00"
    book = openpyxl.load_workbook(io.BytesIO(report.render_xlsx()))
    rows = list(book["Refunded"].iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == done.order_id
    assert rows[0][5] == done.amount
