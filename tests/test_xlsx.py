"""The Excel loss schedule: sheets, numbers with formats, inert text, identical bytes,
the policy checks and the SLA view in the HTML report's words, and the workbook's labels."""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile

import openpyxl
import pytest

import claimstats as cs
from claimstats.catalogue import TEXTS
from claimstats.datasets import demo_report, make_sample, write_sample
from claimstats.errors import ConfigError
from claimstats.incidents import incidents
from claimstats.models import (
    ExpenseItem,
    FileProvenance,
    NextStep,
    Note,
    PolicyCheck,
    SensitivityRow,
)
from claimstats.policy import assess_claim
from claimstats.report import ImpactReport
from claimstats.report.context import verdict
from claimstats.report.i18n import LANGS, MESSAGES, Locale
from claimstats.report.messages import REPORT_MESSAGES
from claimstats.report.method_section import method_section
from claimstats.report.policy_messages import POLICY_MESSAGES
from claimstats.report.policy_section import policy_section, sla_section
from claimstats.report.publish import published
from claimstats.report.xlsx import render_loss_schedule, write_loss_schedule
from claimstats.report.xlsx_messages import XLSX_MESSAGES

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1-2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "#N/A",
    "bell\x07and\x00null",
]


@pytest.fixture(scope="module")
def report() -> ImpactReport:
    return demo_report(lang="en")


@pytest.fixture(scope="module")
def shown(report) -> ImpactReport:
    """The report as the workbook shows it: numbers rounded for what they are."""
    return published(report)


@pytest.fixture(scope="module")
def book(report):
    return openpyxl.load_workbook(io.BytesIO(render_loss_schedule(report)))


def _rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]


def _hostile(report: ImpactReport) -> ImpactReport:
    """The report with formula-like text wherever input data reaches the workbook."""
    incidents = [
        r.model_copy(update={"description": text, "incident_ids": text, "service": text})
        for r, text in zip(report.incidents * 3, HOSTILE, strict=False)
    ]
    expenses = [ExpenseItem(amount=10.0, description=text, evidence=text) for text in HOSTILE]
    evidence = [
        FileProvenance(
            source=text,
            name=text,
            kind="orders",
            format="generic-csv",
            rows_read=1,
            rows_kept=1,
            rows_rejected=0,
        )
        for text in HOSTILE
    ]
    loss = report.loss.model_copy(update={"expenses": expenses, "method": HOSTILE[0]})
    # a check, a step and a note of codes the report has no words for show their own text
    checks = [PolicyCheck(code="new_check", met=False, text=text, values={text: text})
              for text in HOSTILE]  # fmt: skip
    steps = [NextStep(code="new_step", due=None, text=text) for text in HOSTILE]
    notes = [Note(code="new_note", text=text) for text in HOSTILE]
    policy = report.policy.model_copy(
        update={"checks": report.policy.checks + checks, "notes": notes,
                "next_steps": report.policy.next_steps + steps}
    )  # fmt: skip
    return report.model_copy(
        update={
            "incidents": incidents,
            "loss": loss,
            "evidence": evidence,
            "service": HOSTILE[1],
            "channel": HOSTILE[2],
            "control": HOSTILE[3],
            "policy": policy,
        }
    )


def test_sheets_are_named_in_the_report_language(report, book):
    assert book.sheetnames == [
        "Loss schedule",
        "Outage windows",
        "Loss summary",
        "Policy checks",
        "SLA",
        "Assumptions",
        "Sensitivity",
        "Evidence inventory",
    ]
    zh = openpyxl.load_workbook(
        io.BytesIO(render_loss_schedule(report.model_copy(update={"lang": "zh"})))
    )
    assert zh.sheetnames == [
        "损失明细",
        "中断窗口",
        "损失汇总",
        "索赔条件核对",
        "服务水平",
        "假设与参数",
        "敏感性分析",
        "证据清单",
    ]
    assert zh["损失汇总"]["E1"].value == "收入 (CNY)"
    assert zh["中断窗口"]["I2"].value == "完全中断"


def test_workbook_labels_join_the_report_messages_in_both_languages():
    assert all(MESSAGES[key] == texts for key, texts in XLSX_MESSAGES.items())
    others = REPORT_MESSAGES | TEXTS | POLICY_MESSAGES
    assert not set(XLSX_MESSAGES) & set(others)
    # prefixes the report makes keys from (note_<code>, step_<code>, ...) are not for labels
    built = ("note_", "status_", "step_", "due_", "check_", "claimant_", "kind_", "sev_")
    built += ("method_", "limit_", "def_", "fig_", "evidence_")
    assert not [key for key in XLSX_MESSAGES if key.startswith(built)]
    for key, texts in XLSX_MESSAGES.items():
        assert set(texts) == set(LANGS), key
        fields = [set(re.findall(r"{(\w+)", texts[lang])) for lang in LANGS]
        assert fields[0] == fields[1], key
        # no second copy of a text the report already has, in either language
        assert not [k for k, v in others.items() if v["en"] == texts["en"]], key
        assert not [k for k, v in others.items() if v["zh"] == texts["zh"]], key


def test_schedule_has_one_row_per_bucket_with_numbers(report, shown, book):
    rows = _rows(book["Loss schedule"])
    header, body = rows[0], rows[1:]
    assert len(body) == len(report.loss.buckets) == 208
    assert header[6:12] == (
        "Share inside an outage",
        "Share inside a kept recovery window",
        "Shortfall orders (in the outage)",
        "Catch-up orders counted",
        "Net lost orders in the bucket",
        "Net lost orders, running total",
    )
    assert header[12] == "Expected revenue (CNY)"
    assert header[14:18] == (
        "Revenue shortfall (CNY)",
        "Catch-up revenue counted (CNY)",
        "Net lost revenue in the bucket (CNY)",
        "Net lost revenue, running total (CNY)",
    )
    assert header[-1] == "Control channel website"
    first = shown.loss.buckets[0]
    assert body[0][:3] == ("2026-08-01 08:00+08:00", "2026-08-01 00:00 UTC", first.expected)
    assert first.expected == 6.2  # orders to 0.1, as the report publishes them
    assert [row[2] for row in body] == [b.expected for b in shown.loss.buckets]
    assert [row[8:10] for row in body] == [(b.lost, b.recovered) for b in shown.loss.buckets]
    in_outage = [row for row in body if row[6] > 0]
    # the first outage runs 09:40 on 4 Aug to 12:55 on 5 Aug local: 29 hourly buckets
    assert in_outage[0][0] == "2026-08-04 09:00+08:00"
    assert in_outage[0][6] == 0.3333  # 20 of 60 minutes, a share to 4 significant digits
    # its shortfall: the third of its 7.1 expected orders due in those 20 minutes, none
    # taken then (WhatsApp was down; its 7 orders came before 09:40)
    assert in_outage[0][5] == 7
    assert in_outage[0][8] == 2.4 == in_outage[0][10]
    # nothing is lost before the outage, nothing recovered outside a kept recovery window
    assert all(row[8] == row[11] == 0 for row in body[: body.index(in_outage[0])])
    assert all(row[9] == 0 for row in body if row[7] == 0)
    sheet = book["Loss schedule"]
    assert sheet["C2"].number_format == "#,##0.0"
    assert sheet["G2"].number_format == "0.0%"
    assert sheet["H2"].number_format == "0.0%"
    assert sheet["I2"].number_format == "#,##0.0"
    assert sheet["M2"].number_format == "#,##0.00"
    assert sheet["R2"].number_format == "#,##0.00"
    assert sheet.freeze_panes == "A2"


def test_schedule_net_lost_so_far_ends_at_the_summary_net_loss(report, shown, book):
    header, *body = _rows(book["Loss schedule"])
    summary = {row[0]: row[1:] for row in _rows(book["Loss summary"])}
    net_orders, net_revenue = summary["Net loss"][0], summary["Net loss"][3]
    so_far = [row[header.index("Net lost orders, running total")] for row in body]
    assert so_far[-1] == net_orders == shown.loss.net_lost_orders == 160.7
    money = [row[header.index("Net lost revenue, running total (CNY)")] for row in body]
    assert money[-1] == net_revenue == shown.loss.net_lost_revenue == 39741.3
    # each bucket's net loss adds up to the column, and the shortfall and catch-up columns
    # add up to the summary's gross shortfall and catch-up (each cell to 0.1 order)
    net = [row[header.index("Net lost orders in the bucket")] for row in body]
    assert sum(net) == pytest.approx(so_far[-1], abs=0.05 * sum(1 for v in net if v))
    lost = sum(row[header.index("Shortfall orders (in the outage)")] for row in body)
    recovered = sum(row[header.index("Catch-up orders counted")] for row in body)
    assert lost == pytest.approx(summary["Gross shortfall (during the outages)"][0], abs=1)
    assert recovered == pytest.approx(summary["Catch-up after recovery (deducted)"][0], abs=1)
    assert lost - recovered == pytest.approx(net_orders, abs=1)


def test_schedule_leaves_out_the_control_column_without_a_control(report):
    plain = report.model_copy(update={"control": None})
    sheet = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(plain)))["Loss schedule"]
    assert sheet.max_column == 18


def test_windows_give_local_and_utc_times_and_hours(report, book):
    rows = _rows(book["Outage windows"])
    assert len(rows) == 1 + len(report.incidents) == 4
    assert rows[1][:8] == (
        1,
        "WhatsApp Web",
        "2026-08-04 09:40+08:00",
        "2026-08-05 12:55+08:00",
        "2026-08-04 01:40 UTC",
        "2026-08-05 04:55 UTC",
        27.25,
        "27 h 15 min",
    )
    assert rows[1][8:10] == ("Outage", "No")


def test_summary_holds_the_loss_with_its_intervals(report, shown, book):
    e = shown.loss
    rows = {row[0]: row[1:] for row in _rows(book["Loss summary"])}
    assert rows["Item"][:4] == (
        "Orders",
        "95% interval, low",
        "95% interval, high",
        "Revenue (CNY)",
    )
    # the numbers the report publishes, exactly: orders to 0.1, money to the cent
    assert rows["Net loss"] == (160.7, 92.1, 252.4, 39741.3, 19680.52, 64760.1)
    assert rows["Net loss"] == (
        e.net_lost_orders,
        e.net_lost_orders_low,
        e.net_lost_orders_high,
        e.net_lost_revenue,
        e.net_lost_revenue_low,
        e.net_lost_revenue_high,
    )
    assert rows["Catch-up after recovery (deducted)"][3] == pytest.approx(e.recovered_revenue)
    assert rows["Lost profit (contribution margin 40%)"][3] == round(0.4 * e.net_lost_revenue, 2)
    claim = (e.claim_amount, e.claim_amount_low, e.claim_amount_high)
    assert rows["Amount claimed (lost profit)"][3:] == pytest.approx(claim)
    assert round(e.net_lost_revenue, 2) == 39741.3  # the demo's number, shown to the cent
    assert book["Loss summary"]["E6"].number_format == "#,##0.00"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_ends_with_the_verdict_of_the_report(report, lang):
    translated = report.model_copy(update={"lang": lang})
    sheet = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(translated))).worksheets[2]
    found = verdict(published(translated), Locale(lang, report.tz))
    assert [row[0] for row in _rows(sheet)[-3:]] == [
        {"en": "Verdict", "zh": "结论"}[lang],
        *found["lines"],
    ]
    assert found["lines"][1].startswith(
        {"en": "At 95% confidence the loss is established", "zh": "按 95% 置信度,损失已确立"}[lang]
    )


def test_summary_lists_expenses_claimed_and_indirect(report):
    items = [
        ExpenseItem(amount=300.0, description="courier re-delivery", evidence="receipt.pdf"),
        ExpenseItem(amount=1200.0, description="lost regulars", claimed=False),
    ]
    loss = report.loss.model_copy(update={"expenses": items, "claimed_expenses": 300.0})
    book = openpyxl.load_workbook(
        io.BytesIO(render_loss_schedule(report.model_copy(update={"loss": loss})))
    )
    rows = [row[:4] for row in _rows(book["Loss summary"])]
    assert ("courier re-delivery", "receipt.pdf", 300.0, "Claimed") in rows
    assert ("lost regulars", None, 1200.0, "Not claimed (indirect loss, listed only)") in rows
    assert ("Claimed expenses", None, 300.0, None) in rows
    assert ("Indirect losses (not claimed)", None, 1200.0, None) in rows


def test_assumptions_name_method_seed_and_recovery(report, book):
    rows = dict(row[:2] for row in _rows(book["Assumptions"]))
    assert rows["Method"] == "seasonal baseline (before and after)"  # in words only
    assert rows["Bucket length"] == "1 h"
    assert rows["Random seed"] == 0
    assert rows["Recovery window (h)"] == 24  # the longest tried: the catch-up is measured
    assert rows["Recovery window"] == (
        "measured from the orders (how long they stayed above expectation)"
    )
    # only the window whose surplus counts: none after interruption 3, whose hour above
    # expectation is within normal-day noise
    assert rows["Recovery windows kept"].endswith(
        "(measured from the orders, at most 24 h each: 24 h after interruption 1)"
    )
    assert rows["Orders above expectation in them"] == 51.1
    assert rows["Share counted as catch-up"] == pytest.approx(46.1 / 51.1, abs=2e-3)
    assert rows["Confidence level"] == 0.95
    assert rows["Contribution margin"] == 0.4
    assert rows["Baseline start"] == "2026-06-23 09:00+08:00"
    assert rows["Note 1"].startswith("The outage lasts longer than the day")


def test_evidence_lists_files_with_digest_size_and_rows(tmp_path):
    write_sample(tmp_path, seed=0)
    report = demo_report(lang="en", folder=tmp_path)
    rows = _rows(
        openpyxl.load_workbook(io.BytesIO(render_loss_schedule(report)))["Evidence inventory"]
    )
    assert rows[0][:5] == ("File", "Source path", "Kind", "Format", "SHA-256")
    by_name = {row[0]: row for row in rows[1:]}
    orders = next(f for f in report.evidence if f.kind == "orders")
    row = by_name["orders.csv"]
    assert re.fullmatch(r"[0-9a-f]{64}", row[4])
    assert row[4] == orders.sha256
    assert row[5] == orders.size_bytes == (tmp_path / "orders.csv").stat().st_size
    assert row[6:9] == (orders.rows_read, orders.rows_kept, orders.rows_rejected)
    assert row[3] == "CSV table"  # the format in words, not its name in the code


def test_without_a_margin_or_a_channel_the_summary_says_what_is_claimed(report, shown):
    """No margin: the amount claimed is the lost revenue before costs, and the verdict
    advises giving one; no channel: all channels together but the control."""
    e = report.loss
    ends = ("", "_low", "_high")
    update = {f"lost_profit{end}": None for end in ends} | {"margin": None}
    update |= {f"claim_amount{end}": getattr(e, f"net_lost_revenue{end}") for end in ends}
    plain = report.model_copy(update={"loss": e.model_copy(update=update), "channel": None})
    book = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(plain)))
    rows = _rows(book["Loss summary"])
    summary = {row[0]: row[1:] for row in rows}
    net = shown.loss.net_lost_revenue
    assert summary["Amount claimed (lost revenue before costs)"][3] == net
    assert not [label for label in summary if str(label).startswith("Lost profit")]
    assert rows[-1][0] == MESSAGES["verdict_no_margin"]["en"]
    assumptions = dict(row[:2] for row in _rows(book["Assumptions"]))
    assert assumptions["Affected channel"] == (
        "All channels together but the control channel website"
    )
    assert assumptions["Contribution margin"] == "—"


# --- policy checks and SLA view ------------------------------------------------------------


@pytest.fixture(scope="module")
def zh_book(report):
    zh = report.model_copy(update={"lang": "zh"})
    return openpyxl.load_workbook(io.BytesIO(render_loss_schedule(zh)))


def _table(rows: list[tuple], heading: str) -> list[tuple]:
    """The rows under ``heading`` (the first cell of a row) up to the next empty row."""
    everything = list(rows)
    start = next(i for i, row in enumerate(everything) if row[0] == heading) + 1
    blank = (i for i, row in enumerate(everything[start:], start) if not any(row))
    end = next(blank, None)
    return everything[start:end]


def test_policy_sheet_shows_each_check_with_its_figures(report, book):
    sheet = book["Policy checks"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Condition", "Result", "Detail", "Figure", "Value")
    checks = [row for row in _table(rows, "Condition") if row[0] is not None]
    assert [row[1] for row in checks] == ["Met"] * 4
    # the same words as the HTML policy section, not a copy of them
    html = policy_section(report, Locale("en", report.tz))["checks"]
    assert [row[:3] for row in checks] == [(c["label"], c["value"], c["detail"]) for c in html]
    assert checks[2][2] == "The window ends on 11 Aug 2026 (1 day left)"
    figures = {row[3]: row[4] for row in _table(rows, "Condition")}
    assert figures == {
        "Longest interruption (h)": 27.25,
        "Duration test (h)": 24,
        "Most interruptions in one window": 3,
        "Frequent from (interruptions)": 3,
        "Window (days)": 7,
        "Last day of the filing window (local date)": "2026-08-11",
        "Days left": 1,
        "Claim filed": "No",
        "Order records": "Yes",
        "Control channel": "Yes",
    }
    assert sheet["E2"].number_format == "0.00"
    assert sheet["E4"].number_format == "#,##0"
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"


def test_policy_sheet_gives_deadlines_with_local_times_and_days_left(report, book):
    sheet = book["Policy checks"]
    rows = list(sheet.iter_rows(values_only=True))
    heading = next(i for i, row in enumerate(rows) if row[0] == "Deadlines")
    assert rows[heading][:4] == (
        "Deadlines",
        "Date (local time)",
        "Days left as of 2026-08-10 10:00+08:00",
        "Passed",
    )
    assert sheet.cell(row=heading + 1, column=1).font.bold
    assert [row[:4] for row in _table(rows, "Deadlines")] == [
        ("File the claim by", "2026-08-11 09:40+08:00", 1, "No"),
        ("First reply due by (business days)", "2026-08-13", 3, "No"),
        ("Without a reply, contact again on", "2026-08-17", 7, "No"),
    ]
    steps = _table(rows, "Next steps")
    html = policy_section(report, Locale("en", report.tz))
    assert [row[0] for row in steps] == [step["text"] for step in html["steps"]]
    assert steps[0][:3] == ("File the claim by 11 Aug 2026", "2026-08-11", None)
    assert [row[1] for row in steps[3:]] == ["—"] * 4
    notes = _table(rows, "Notes")
    assert notes[0][0] == html["intro"]
    assert notes[0][0].endswith("as of 10 Aug 2026, 10:00 (UTC+8).")


def test_policy_sheet_in_chinese_uses_the_report_chinese_texts(zh_book):
    rows = list(zh_book["索赔条件核对"].iter_rows(values_only=True))
    assert rows[0] == ("条件", "结果", "说明", "数字", "数值")
    assert [row[1] for row in _table(rows, "条件") if row[0] is not None] == ["满足"] * 4
    assert rows[1][:3] == ("单次连续中断超过 24 小时", "满足", "最长一次连续中断 27 小时 15 分钟")
    assert _table(rows, "期限")[0][:4] == ("建议申请截止", "2026-08-11 09:40+08:00", 1, "否")
    assert _table(rows, "下一步")[0][0] == "在 2026年8月11日 前提交索赔"


def test_policy_sheet_of_a_late_claim_shows_the_passed_deadline(report):
    as_of = "2026-08-13T10:00+08:00"
    inc = incidents(make_sample(0).outages, as_of=as_of)
    late = assess_claim(
        inc, as_of=as_of, tz=report.tz, has_order_records=True, has_control_channel=False
    )
    moment = late.as_of
    book = openpyxl.load_workbook(
        io.BytesIO(
            render_loss_schedule(report.model_copy(update={"policy": late, "as_of": moment}))
        )
    )
    rows = list(book["Policy checks"].iter_rows(values_only=True))
    results = {row[0]: row[1] for row in _table(rows, "Condition") if row[0] is not None}
    assert results["Claim filed within 7 days of the first interruption"] == "Not met"
    assert (
        results[
            "Stricter proof for a business claim: order records and an unaffected control channel"
        ]
        == "Not met"
    )
    assert ("Days left", -2) in {row[3:5] for row in _table(rows, "Condition")}
    assert _table(rows, "Deadlines")[0][:4] == (
        "File the claim by",
        "2026-08-11 09:40+08:00",
        -2,
        "Yes",
    )
    first_step = _table(rows, "Next steps")[0][0]
    assert (
        first_step == "The filing window ended on 11 Aug 2026: file at once and explain the delay"
    )


def test_policy_sheet_of_a_filed_claim_marks_the_step_done(report):
    inc = incidents(make_sample(0).outages, as_of=report.as_of)
    filed = assess_claim(inc, as_of=report.as_of, tz=report.tz, filed_on="2026-08-05")
    book = openpyxl.load_workbook(
        io.BytesIO(render_loss_schedule(report.model_copy(update={"policy": filed})))
    )
    rows = list(book["Policy checks"].iter_rows(values_only=True))
    assert ("Claim filed", "Yes") in {row[3:5] for row in _table(rows, "Condition")}
    steps = _table(rows, "Next steps")
    assert steps[0][:3] == ("Claim filed on 5 Aug 2026", "2026-08-05", "done")
    assert [row[2] for row in steps[1:]] == [None] * 6


def test_policy_sheet_says_so_when_the_report_has_no_assessment(report):
    bare = report.model_copy(update={"policy": None})
    sheet = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(bare)))["Policy checks"]
    assert _rows(sheet) == [
        ("Condition", "Result", "Detail", "Figure", "Value"),
        ("This report holds no assessment against the claim policy.", None, None, None, None),
    ]


def test_sla_sheet_has_one_row_per_month_with_percent_numbers(report, book):
    sheet = book["SLA"]
    rows = _rows(sheet)
    assert rows[0] == (
        "Month",
        "Interruptions",
        "Downtime (h)",
        "Uptime",
        "Credit",
        "Credit tier",
        "Detail",
    )
    month = report.sla[0]
    assert round(month.uptime_percent, 3) == 96.035  # the demo's month, as the HTML shows it
    assert rows[1][:3] == ("Aug 2026", 3, 29.5)
    assert round(rows[1][3], 5) == 0.96035  # a share, shown as 96.035% by its format
    assert rows[1][4:6] == (0.25, "below 99.0% monthly uptime, 25% of the monthly fee")
    assert rows[1][3] == 0.960349  # 96.0349 %: the uptime to 4 decimals, as the JSON has it
    assert rows[1][6] == "(month not over at the report time: uptime can only fall)"
    assert [sheet[f"{c}2"].number_format for c in "BCDE"] == ["#,##0", "0.00", "0.000%", "0%"]
    html = sla_section(report, Locale("en", report.tz))
    assert rows[1][0] == html["rows"][0]["month"]
    assert rows[-1][0] == html["intro"]


def test_sla_sheet_lists_the_schedule_as_thresholds_and_credits(report, book):
    sheet = book["SLA"]
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[:2] for row in _table(rows, "Monthly uptime below")] == [
        (0.999, 0.1),
        (0.99, 0.25),
        (0.95, 1),
    ]
    first = next(i for i, row in enumerate(rows, 1) if row[0] == "Monthly uptime below") + 1
    assert sheet.cell(row=first - 1, column=1).font.bold
    assert sheet.cell(row=first, column=1).number_format == "0.0%"
    assert sheet.cell(row=first + 1, column=1).number_format == "0%"
    assert len(report.sla_schedule.tiers) == 3


def test_sla_sheet_in_chinese(zh_book):
    rows = _rows(zh_book["服务水平"])
    assert rows[0][:5] == ("月份", "中断次数", "不可用时长(小时)", "可用率", "补偿比例")
    assert rows[1][0] == "2026年8月"
    assert rows[1][5] == "月可用率低于 99.0% 补偿月费的 25%"


def test_sla_sheet_says_so_when_no_month_had_downtime(report):
    quiet = report.model_copy(update={"sla": []})
    rows = _rows(openpyxl.load_workbook(io.BytesIO(render_loss_schedule(quiet)))["SLA"])
    assert rows[1] == ("No month has counted downtime: no service credit is due.",) + (None,) * 6
    assert rows[2][:2] == ("Monthly uptime below", "Credit")
    assert len(rows) == 1 + 1 + 1 + 3 + 1  # header, the sentence, the schedule, its intro


def test_no_input_text_becomes_a_formula_or_an_error(report, tmp_path):
    path = write_loss_schedule(_hostile(report), tmp_path / "hostile.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
        styles = archive.read("xl/styles.xml").decode()
    assert sheets
    assert not any(re.search(r"<f[ >]", xml) for xml in sheets)
    assert not any('t="e"' in xml for xml in sheets)
    assert 'quotePrefix="1"' in styles
    book = openpyxl.load_workbook(path)
    windows = book["Outage windows"]
    shown = [windows.cell(row=r, column=12) for r in range(2, 2 + len(HOSTILE))]
    assert [c.value for c in shown] == [*HOSTILE[:-1], "bell\ufffdand\ufffdnull"]
    assert all(c.data_type == "s" for c in shown)
    assert [c.quotePrefix for c in shown] == [True] * 5 + [False, False]
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type in {"f", "e"} for c in cells)
    policy = [c for row in book["Policy checks"].iter_rows() for c in row if c.value in HOSTILE]
    # as the check's detail, figure name and value, the step's text and the note's text
    assert len(policy) == 5 * (len(HOSTILE) - 1)
    assert all(c.data_type == "s" for c in policy)
    assert all(c.quotePrefix == c.value.startswith(("=", "+", "-", "@", "\t")) for c in policy)


def test_same_report_gives_the_same_bytes_dated_as_of(report, tmp_path):
    first = write_loss_schedule(report, tmp_path / "a.xlsx").read_bytes()
    second = write_loss_schedule(report, tmp_path / "b.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
        stamps = {info.date_time for info in archive.infolist()}
    assert core.count("2026-08-10T02:00:00Z") == 2  # created and modified: as_of in UTC
    assert stamps == {(2026, 8, 10, 2, 0, 0)}
    later = report.model_copy(update={"as_of": report.as_of.replace(hour=3)})
    assert render_loss_schedule(later) != first


def test_write_is_atomic_and_needs_an_existing_folder(report, tmp_path):
    path = write_loss_schedule(report, tmp_path / "loss.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["loss.xlsx"]
    assert path.read_bytes().startswith(b"PK")
    with pytest.raises(ConfigError, match="does not exist"):
        write_loss_schedule(report, tmp_path / "missing" / "loss.xlsx")


def test_missing_openpyxl_says_what_to_install(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ConfigError, match=re.escape("pip install 'claimstats[excel]'")):
        render_loss_schedule(report)


def test_orders_sheet_only_when_the_report_holds_orders():
    claim = make_sample(seed=0)
    report = cs.build_report(
        cs.analyze_claim(
            claim.orders,
            claim.outages,
            tz="Asia/Shanghai",
            channel="whatsapp",
            control="website",
            as_of="2026-08-10T10:00+08:00",
            estimator={"method": "seasonal"},
        ),
        {"lang": "en", "include_orders": True},
    )
    book = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(report)))
    assert book.sheetnames[-1] == "Orders in the windows"
    sheet = book["Orders in the windows"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Placed (local time)", "UTC", "Window", "Channel", "Order id", "Status",
        "Amount (CNY)", "Customer",
    )  # fmt: skip
    assert len(rows) == 1 + 378  # orders in the outages and the kept recovery window
    assert rows[1] == (
        "2026-08-04 10:02:21+08:00", "2026-08-04 02:02 UTC", "outage", "website",
        "WEB-20260804-0006", "completed", 329.0, "+86 176****3711",
    )  # fmt: skip
    assert sheet["G2"].number_format == "#,##0.00"
    plain = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(demo_report(lang="en"))))
    assert "Orders in the windows" not in plain.sheetnames


def _sensitivity_sheet(report: ImpactReport):
    book = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(report)))
    return book[Locale(report.lang, report.tz).text("sheet_sensitivity")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sensitivity_sheet_has_one_row_per_row_with_the_json_amounts(lang):
    report = demo_report(lang=lang)
    data = json.loads(report.to_json())
    loc = Locale(lang, report.tz)
    section = method_section(published(report), loc)["sensitivity"]
    sheet = _sensitivity_sheet(report)
    table = list(sheet.iter_rows(min_row=2, max_row=1 + len(data["sensitivity"])))
    assert [c.value for c in sheet[1]][:4] == [
        loc.text("sens_col_choice"), loc.text("sens_col_value"), loc.text("sens_col_base"),
        f"{loc.text('sens_col_amount')} ({report.currency})",
    ]  # fmt: skip
    assert len(data["sensitivity"]) == 14
    for cells, row, shown in zip(table, data["sensitivity"], section["rows"], strict=True):
        choice, value, base, amount, low, high, established, reason = cells[:8]
        # the HTML section's words, in the report's language
        assert (choice.value, value.value) == (shown["choice"], shown["value"])
        assert base.value == loc.text("answer_yes" if row["base"] else "answer_no")
        assert established.value == shown["established"]
        assert reason.value is None
        # the JSON's numbers, as numbers formatted as money
        assert (amount.value, low.value, high.value) == (
            row["claim_amount"],
            row["claim_amount_low"],
            row["claim_amount_high"],
        )
        assert {c.data_type for c in (amount, low, high)} == {"n"}
        assert {c.number_format for c in (amount, low, high)} == {"#,##0.00"}
    assert [c.value for c in sheet[len(table) + 2]] == [None] * 8  # a blank row
    heading, spread_row, mover_row = (sheet[len(table) + n] for n in (3, 4, 5))
    assert all(c.font.b for c in heading if c.value is not None)
    spread = data["sensitivity_spread"]
    assert [c.value for c in spread_row][2:4] == [spread["low"], spread["high"]]
    assert mover_row[1].value == loc.text(f"sens_choice_{spread['choice']}")
    assert [c.value for c in mover_row][2:4] == [spread["choice_low"], spread["choice_high"]]
    assert all(c.number_format == "#,##0.00" for c in (*spread_row[2:4], *mover_row[2:4]))
    # last, the HTML page's sentence on the range
    assert _rows(sheet)[-1] == (section["spread"], *[None] * 7)
    words = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    other = "zh" if lang == "en" else "en"
    assert not [w for w in words if w == Locale(other, report.tz).text("sens_col_choice")]


def test_sensitivity_sheet_says_why_a_choice_did_not_run():
    report = demo_report(lang="zh")
    rows = [
        SensitivityRow(choice="method", value="control", reason="no_control")
        if row.value == "control"
        else row
        for row in report.sensitivity
    ]
    sheet = _sensitivity_sheet(report.model_copy(update={"sensitivity": rows}))
    control = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "对照渠道校正(标尺法)")
    assert control == (
        "预测方法", "对照渠道校正(标尺法)", "否", None, None, None, "—",
        "无法运行:未指定对照渠道",
    )  # fmt: skip
    # without the control row the range ends at the claim's other choices
    spread_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "索赔金额的范围")
    amounts = [row.claim_amount for row in published(report).sensitivity]
    assert spread_row[2] == min(amounts)
    assert spread_row[3] < max(amounts)


def test_no_sensitivity_sheet_without_a_sensitivity_table():
    claim = make_sample(seed=0)
    analysis = cs.analyze_claim(
        claim.orders, claim.outages, tz=claim.tz, channel="whatsapp", margin=0.4,
        as_of="2026-08-10T10:00+08:00", estimator={"sensitivity": False},
    )  # fmt: skip
    report = cs.build_report(analysis, {"lang": "en"})
    book = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(report)))
    assert "Sensitivity" not in book.sheetnames
    assert len(book.sheetnames) == 7
    assert json.loads(report.to_json())["sensitivity_spread"] is None
