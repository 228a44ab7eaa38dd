"""The Excel loss schedule: sheets, numbers with formats, inert text, identical bytes."""

from __future__ import annotations

import io
import re
import sys
import zipfile

import openpyxl
import pytest

import claimstats as cs
from claimstats.errors import ConfigError
from claimstats.models import ExpenseItem, FileProvenance, ImpactReport
from claimstats.report.xlsx import XLSX_MESSAGES, render_loss_schedule, write_loss_schedule

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
    return cs.demo_report(lang="en")


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
    loss = report.loss.model_copy(update={"expenses": expenses, "method_reason": HOSTILE[0]})
    return report.model_copy(
        update={
            "incidents": incidents,
            "loss": loss,
            "evidence": evidence,
            "service": HOSTILE[1],
            "channel": HOSTILE[2],
            "control": HOSTILE[3],
        }
    )


def test_sheets_are_named_in_the_report_language(report, book):
    assert book.sheetnames == [
        "Loss schedule",
        "Outage windows",
        "Loss summary",
        "Assumptions",
        "Evidence inventory",
    ]
    zh = openpyxl.load_workbook(
        io.BytesIO(render_loss_schedule(report.model_copy(update={"lang": "zh"})))
    )
    assert zh.sheetnames == ["损失明细", "中断窗口", "损失汇总", "假设与参数", "证据清单"]
    assert zh["损失汇总"]["E1"].value == "收入 (CNY)"
    assert zh["中断窗口"]["I2"].value == "完全中断"


def test_every_new_label_has_both_languages():
    assert all(set(texts) == {"zh", "en"} for texts in XLSX_MESSAGES.values())


def test_schedule_has_one_row_per_bucket_with_numbers(report, book):
    rows = _rows(book["Loss schedule"])
    header, body = rows[0], rows[1:]
    assert len(body) == len(report.loss.buckets) == 208
    assert header[9] == "Expected revenue (CNY)"
    assert header[-1] == "Control channel website"
    first = report.loss.buckets[0]
    assert body[0][:3] == ("2026-08-01 08:00+08:00", "2026-08-01 00:00 UTC", first.expected)
    assert sum(row[2] for row in body) == pytest.approx(
        sum(b.expected for b in report.loss.buckets)
    )
    in_outage = [row for row in body if row[7] > 0]
    # the first outage runs 09:40 on 4 Aug to 12:55 on 5 Aug local: 29 hourly buckets
    assert in_outage[0][0] == "2026-08-04 09:00+08:00"
    assert in_outage[0][7] == pytest.approx(20 / 60)
    sheet = book["Loss schedule"]
    assert sheet["C2"].number_format == "#,##0.0"
    assert sheet["H2"].number_format == "0.0%"
    assert sheet["J2"].number_format == "#,##0.00"
    assert sheet.freeze_panes == "A2"


def test_schedule_leaves_out_the_control_column_without_a_control(report):
    plain = report.model_copy(update={"control": None})
    sheet = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(plain)))["Loss schedule"]
    assert sheet.max_column == 11


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


def test_summary_holds_the_loss_with_its_intervals(report, book):
    e = report.loss
    rows = {row[0]: row[1:] for row in _rows(book["Loss summary"])}
    assert rows["Item"][:4] == (
        "Orders",
        "95% interval, low",
        "95% interval, high",
        "Revenue (CNY)",
    )
    # openpyxl writes 16 significant digits: a double to within a part in 10^15
    assert rows["Net loss (claimed)"] == pytest.approx(
        (
            e.net_lost_orders,
            e.net_lost_orders_low,
            e.net_lost_orders_high,
            e.net_lost_revenue,
            e.net_lost_revenue_low,
            e.net_lost_revenue_high,
        ),
        rel=1e-15,
    )
    assert rows["Catch-up after recovery (deducted)"][3] == pytest.approx(e.recovered_revenue)
    assert rows["Lost profit (contribution margin 40%)"][3] == pytest.approx(
        0.4 * e.net_lost_revenue
    )
    claim = (e.claim_amount, e.claim_amount_low, e.claim_amount_high)
    assert rows["Claim amount"][3:] == pytest.approx(claim)
    assert round(e.net_lost_revenue, 2) == 44741.87  # the demo's number, shown to the cent
    assert book["Loss summary"]["E6"].number_format == "#,##0.00"


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
    assert rows["Method"] == "seasonal baseline (before and after) (seasonal)"
    assert rows["Random seed"] == 0
    assert rows["Recovery window (h)"] == 24
    assert rows["Confidence level"] == 0.95
    assert rows["Contribution margin"] == 0.4
    assert rows["Baseline start"] == "2026-06-23 09:00+08:00"
    assert rows["Note 1"].startswith("The outage lasts longer than the day")


def test_evidence_lists_files_with_digest_size_and_rows(tmp_path):
    cs.sample.write_sample(tmp_path, seed=0)
    report = cs.demo_report(lang="en", folder=tmp_path)
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
