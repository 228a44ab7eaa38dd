"""The Excel loss schedule: the report's numbers as a workbook an adjuster can check.

Five sheets: the per-bucket schedule, the interruptions, the loss summary (with the
expenses), the assumptions and the evidence. Numbers are numbers with number formats;
times are text with their UTC offset (Excel has no time zones). Every string is written
as a string, never as a formula or an error value, and marked with Excel's quote prefix
when it starts like a formula, so a hostile outage description stays inert even when
someone edits the cell. The same report gives the same bytes: the document's times and
the zip entries' times are the report's ``as_of``.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from claimstats._files import write_atomic
from claimstats.errors import ConfigError
from claimstats.models import ImpactReport
from claimstats.report.i18n import MESSAGES, METHOD_TEXTS, Locale

__all__ = ["XLSX_MESSAGES", "render_loss_schedule", "write_loss_schedule"]

#: labels of the workbook that the report has no text for yet (to move into messages.py)
XLSX_MESSAGES: dict[str, dict[str, str]] = {
    "sheet_schedule": {"zh": "损失明细", "en": "Loss schedule"},
    "sheet_windows": {"zh": "中断窗口", "en": "Outage windows"},
    "sheet_summary": {"zh": "损失汇总", "en": "Loss summary"},
    "sheet_assumptions": {"zh": "假设与参数", "en": "Assumptions"},
    "bucket_local": {"zh": "时段开始(当地时间)", "en": "Bucket start (local time)"},
    "bucket_utc": {"zh": "时段开始(UTC)", "en": "Bucket start (UTC)"},
    "band_low": {"zh": "正常波动下限", "en": "Normal variation, low"},
    "band_high": {"zh": "正常波动上限", "en": "Normal variation, high"},
    "window_actual": {"zh": "窗口内实际订单", "en": "Actual orders inside the windows"},
    "outage_share": {"zh": "处于中断内的比例", "en": "Share inside an outage"},
    "recovery_share": {"zh": "处于恢复期内的比例", "en": "Share inside a recovery window"},
    "duration_hours": {"zh": "时长(小时)", "en": "Duration (h)"},
    "ongoing_column": {"zh": "报告时仍在持续", "en": "Ongoing at the report"},
    "incident_ids": {"zh": "事件编号", "en": "Incident ids"},
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
    "interval_low": {"zh": "{confidence} 区间下限", "en": "{confidence} interval, low"},
    "interval_high": {"zh": "{confidence} 区间上限", "en": "{confidence} interval, high"},
    "indirect_total": {"zh": "间接损失(不索赔)", "en": "Indirect losses (not claimed)"},
    "affected_channel": {"zh": "受影响渠道", "en": "Affected channel"},
    "method_used": {"zh": "方法", "en": "Method"},
    "baseline_start": {"zh": "基准期开始", "en": "Baseline start"},
    "baseline_end": {"zh": "基准期结束", "en": "Baseline end"},
    "baseline_weeks": {"zh": "基准期周数", "en": "Baseline weeks"},
    "bucket_length": {"zh": "时段长度", "en": "Bucket length"},
    "confidence_level": {"zh": "置信水平", "en": "Confidence level"},
    "seed": {"zh": "随机种子", "en": "Random seed"},
    "recovery_hours": {"zh": "恢复期(小时)", "en": "Recovery window (h)"},
    "margin": {"zh": "边际贡献率", "en": "Contribution margin"},
    "time_zone": {"zh": "时区", "en": "Time zone"},
    "version": {"zh": "claimstats 版本", "en": "claimstats version"},
    "note_number": {"zh": "说明 {number}", "en": "Note {number}"},
    "source": {"zh": "来源路径", "en": "Source path"},
    "rows_read": {"zh": "读取行数", "en": "Rows read"},
    "rows_kept": {"zh": "保留行数", "en": "Rows kept"},
    "rows_rejected": {"zh": "拒绝行数", "en": "Rows rejected"},
    "first_time": {"zh": "最早时间(当地时间)", "en": "First time (local time)"},
    "last_time": {"zh": "最晚时间(当地时间)", "en": "Last time (local time)"},
    "encoding": {"zh": "文本编码", "en": "Text encoding"},
    "naive_zone": {"zh": "无时区时间所用时区", "en": "Zone of naive times"},
}

_MONEY, _ORDERS, _SHARE, _HOURS, _COUNT = "#,##0.00", "#,##0.0", "0.0%", "0.00", "#,##0"
#: first characters that make a spreadsheet read text as a formula (OWASP's list)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: characters no worksheet may hold (the XML 1.0 control characters)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WIDE, _MEDIUM, _NARROW = 60, 24, 14

#: one cell: a value, with a number format for numbers
Cell = tuple[object, str | None] | str | None


class _Labels:
    """The report's texts and the workbook's own, in the report's language."""

    def __init__(self, report: ImpactReport) -> None:
        self.loc = Locale(report.lang, report.tz)
        self.currency = report.currency

    def __call__(self, key: str, **fields: object) -> str:
        if key in XLSX_MESSAGES:
            return XLSX_MESSAGES[key][self.loc.lang].format(**fields)
        return self.loc.text(key, **fields)

    def money(self, key: str, **fields: object) -> str:
        """A label of a money column, with the currency."""
        return f"{self(key, **fields)} ({self.currency})"

    def local(self, moment: datetime | None, seconds: bool = False) -> str:
        """Local time as ISO 8601 text with its offset: ``2026-08-04 09:40+08:00``."""
        if moment is None:
            return "—"
        local = pd.Timestamp(moment).tz_convert(self.loc.tz)
        return local.isoformat(sep=" ", timespec="seconds" if seconds else "minutes")

    @staticmethod
    def utc(moment: datetime) -> str:
        return f"{pd.Timestamp(moment).tz_convert('UTC'):%Y-%m-%d %H:%M} UTC"


def _hours(delta: timedelta) -> float:
    return pd.Timedelta(delta).total_seconds() / 3600


def _schedule(report: ImpactReport, t: _Labels) -> tuple[list[Cell], list[list[Cell]]]:
    e = report.loss
    control = report.control is not None and any(b.control is not None for b in e.buckets)
    header: list[Cell] = [
        t("bucket_local"),
        t("bucket_utc"),
        t("fig_expected_orders"),
        t("band_low"),
        t("band_high"),
        t("fig_actual_orders"),
        t("window_actual"),
        t("outage_share"),
        t("recovery_share"),
        t.money("fig_expected_revenue"),
        t.money("fig_actual_revenue"),
        *([t("legend_control", control=report.control)] if control else []),
    ]
    rows = [
        [
            t.local(b.bucket),
            t.utc(b.bucket),
            (b.expected, _ORDERS),
            (b.low, _ORDERS),
            (b.high, _ORDERS),
            (b.actual, _ORDERS),
            (b.window_actual, _ORDERS),
            (b.outage_fraction, _SHARE),
            (b.recovery_fraction, _SHARE),
            (b.expected_revenue, _MONEY),
            (b.actual_revenue, _MONEY),
            *([(b.control, _ORDERS)] if control else []),
        ]
        for b in e.buckets
    ]
    return header, rows


def _windows(report: ImpactReport, t: _Labels) -> tuple[list[Cell], list[list[Cell]]]:
    keys = ("number", "service", "start_local", "end_local", "start_utc", "end_utc")
    header: list[Cell] = [t(key) for key in keys]
    header += [t("duration_hours"), t("duration"), t("severity"), t("ongoing_column")]
    header += [t("incident_ids"), t("description")]
    rows = []
    for r in report.incidents:
        severity = f"sev_{r.severity}"
        rows.append(
            [
                (r.number, _COUNT),
                r.service,
                t.local(r.start),
                t.local(r.end),
                t.utc(r.start),
                t.utc(r.end),
                (_hours(r.duration), _HOURS),
                t.loc.duration(r.duration),
                t(severity) if severity in MESSAGES else r.severity,
                t("yes" if r.ongoing else "no"),
                r.incident_ids,
                r.description,
            ]
        )
    return header, rows


def _summary(report: ImpactReport, t: _Labels) -> tuple[list[Cell], list[list[Cell]]]:
    e = report.loss
    conf = t.loc.percent(e.confidence)
    header: list[Cell] = [t("item"), t("orders"), t("interval_low", confidence=conf)]
    header += [t("interval_high", confidence=conf), t.money("revenue")]
    header += [t("interval_low", confidence=conf), t("interval_high", confidence=conf)]

    def line(label: str, orders: Sequence[float | None], money: Sequence[float | None]) -> list:
        cells: list[Cell] = [label]
        cells += [(v, _ORDERS) if v is not None else None for v in orders]
        cells += [(v, _MONEY) if v is not None else None for v in money]
        return cells

    rows = [
        line(t("expected"), [e.expected_orders, None, None], [e.expected_revenue, None, None]),
        line(t("actual"), [e.actual_orders, None, None], [e.actual_revenue, None, None]),
        line(
            t("gross"),
            [e.lost_orders, e.lost_orders_low, e.lost_orders_high],
            [e.lost_revenue, e.lost_revenue_low, e.lost_revenue_high],
        ),
        line(
            t("catch_up"),
            [e.recovered_orders, e.recovered_orders_low, e.recovered_orders_high],
            [e.recovered_revenue, e.recovered_revenue_low, e.recovered_revenue_high],
        ),
        line(
            t("net"),
            [e.net_lost_orders, e.net_lost_orders_low, e.net_lost_orders_high],
            [e.net_lost_revenue, e.net_lost_revenue_low, e.net_lost_revenue_high],
        ),
    ]
    if e.margin is not None and e.lost_profit is not None:
        label = t("profit", margin=t.loc.percent(e.margin))
        rows.append(line(label, [None] * 3, [e.lost_profit, e.lost_profit_low, e.lost_profit_high]))
    rows.append(line(t("fig_claimed_expenses"), [None] * 3, [e.claimed_expenses, None, None]))
    claim = [e.claim_amount, e.claim_amount_low, e.claim_amount_high]
    rows.append(line(t("fig_claim_amount"), [None] * 3, claim))
    if e.expenses:
        rows += [[], [t("expenses")], [t("description"), t("documented_in")]]
        rows[-1] += [t.money("amount"), t("in_claim")]
        for item in e.expenses:
            status = t("expense_claimed" if item.claimed else "expense_not_claimed")
            rows.append([item.description, item.evidence, (item.amount, _MONEY), status])
        indirect = sum(item.amount for item in e.expenses if not item.claimed)
        rows.append([t("fig_claimed_expenses"), None, (e.claimed_expenses, _MONEY)])
        rows.append([t("indirect_total"), None, (indirect, _MONEY)])
    return header, rows


def _assumptions(report: ImpactReport, t: _Labels) -> tuple[list[Cell], list[list[Cell]]]:
    e, s = report.loss, report.summary
    known = e.method in METHOD_TEXTS
    name = t(f"method_name_{e.method}") if known else t("method_name_other", method=e.method)
    threshold = t("threshold_test", threshold=t.loc.duration(s.threshold))
    rows: list[list[Cell]] = [
        [t("service"), report.service],
        [t("affected_channel"), report.channel or "—"],
        [t("control_note"), report.control or "—"],
        [t("method_used"), f"{name} ({e.method})"],
        [t("why_method"), e.method_reason],
        [t("baseline_start"), t.local(e.baseline_start)],
        [t("baseline_end"), t.local(e.baseline_end)],
        [t("baseline_weeks"), (e.baseline_weeks, _COUNT)],
        [t("bucket_length"), e.freq],
        [t("confidence_level"), (e.confidence, "0%")],
        [t("seed"), (e.seed, "0")],
        [t("recovery_hours"), (_hours(e.recovery), _HOURS)],
        [t("fig_placebo_windows"), (e.placebo_windows, _COUNT)],
        [t("fig_p_value"), (e.p_value, "0.000000")],
        [t.money("aov"), (e.average_order_value, _MONEY)],
        [t("margin"), (e.margin, _SHARE) if e.margin is not None else "—"],
        [threshold, t("passed" if s.passed_threshold else "not_passed")],
        [t("time_zone"), report.tz],
        [t("as_of"), t.local(report.as_of)],
        [t("version"), report.version],
    ]
    for number, note in enumerate(e.notes, start=1):
        rows.append([t("note_number", number=number), t.loc.note(note, e.currency)])
    return [t("item"), t("value")], rows


def _evidence(report: ImpactReport, t: _Labels) -> tuple[list[Cell], list[list[Cell]]]:
    header: list[Cell] = [t("file"), t("source"), t("kind"), t("format"), "SHA-256"]
    header += [t("size"), t("rows_read"), t("rows_kept"), t("rows_rejected")]
    header += [t("first_time"), t("last_time"), t("encoding"), t("naive_zone")]
    rows = [
        [
            f.name,
            f.source,
            t(f"kind_{f.kind}"),
            f.format,
            f.sha256 or "—",
            (f.size_bytes, _COUNT) if f.size_bytes is not None else "—",
            (f.rows_read, _COUNT),
            (f.rows_kept, _COUNT),
            (f.rows_rejected, _COUNT),
            t.local(f.time_start, seconds=True),
            t.local(f.time_end, seconds=True),
            f.encoding or "—",
            f.tz or "—",
        ]
        for f in report.evidence
    ]
    return header, rows


def _text(cell: Any, value: str) -> None:
    """Put text in ``cell`` as text: never a formula, never an error value."""
    value = _ILLEGAL.sub("\ufffd", value)[:32767]
    cell.value = value
    cell.data_type = "s"  # openpyxl reads "=..." as a formula and "#N/A" as an error
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def _fill(sheet: Any, header: list[Cell], rows: list[list[Cell]], widths: Sequence[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for r, cells in enumerate([header, *rows], start=1):
        for c, item in enumerate(cells, start=1):
            cell = sheet.cell(row=r, column=c)
            value, number_format = item if isinstance(item, tuple) else (item, None)
            if isinstance(value, str):
                _text(cell, value)
            elif value is not None:
                cell.value = value
                cell.number_format = number_format or "General"
            if r == 1:
                cell.font = bold
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"


def _stamped_zip(data: bytes, moment: datetime) -> bytes:
    """The zip ``data`` again, every entry dated ``moment`` (openpyxl dates them now)."""
    stamp = max(pd.Timestamp(moment).tz_convert("UTC"), pd.Timestamp("1980-01-01", tz="UTC"))
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()


def render_loss_schedule(report: ImpactReport) -> bytes:
    """The loss schedule as the bytes of an ``.xlsx`` workbook.

    Raises
    ------
    ConfigError
        openpyxl is not installed.

    Examples
    --------
    >>> import io, openpyxl, claimstats as cs
    >>> book = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(cs.demo_report(lang="en"))))
    >>> book.sheetnames
    ['Loss schedule', 'Outage windows', 'Loss summary', 'Assumptions', 'Evidence inventory']
    >>> book["Loss summary"]["E6"].number_format, book["Loss schedule"]["A2"].value
    ('#,##0.00', '2026-08-01 08:00+08:00')
    """
    try:
        from openpyxl import Workbook
        from openpyxl.writer.excel import ExcelWriter
    except ImportError as exc:
        msg = "writing the Excel loss schedule needs openpyxl; pip install 'claimstats[excel]'"
        raise ConfigError(msg) from exc
    t = _Labels(report)
    sheets = [
        ("sheet_schedule", _schedule, [_MEDIUM, 20, *[_NARROW] * 10]),
        ("sheet_windows", _windows, [8, 18, *[_MEDIUM] * 4, 12, 16, 14, 12, 18, _WIDE]),
        ("sheet_summary", _summary, [38, *[_NARROW] * 6]),
        ("sheet_assumptions", _assumptions, [36, _WIDE * 2]),
        ("evidence", _evidence, [20, 30, 14, 16, 66, 12, 12, 12, 12, _MEDIUM, _MEDIUM, 12, 16]),
    ]
    book = Workbook()
    book.remove(book.active)
    for key, build, widths in sheets:
        header, rows = build(report, t)
        _fill(book.create_sheet(t(key)), header, rows, widths)
    as_of = pd.Timestamp(report.as_of).tz_convert("UTC").tz_localize(None).to_pydatetime()
    book.properties.created = book.properties.modified = as_of
    book.properties.creator = f"claimstats {report.version}"
    title = f"{t('title')} · {t('subtitle', service=report.service)}"
    book.properties.title = _ILLEGAL.sub("\ufffd", title)
    book.properties.language = "zh-CN" if report.lang == "zh" else "en"
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _stamped_zip(buffer.getvalue(), report.as_of)


def write_loss_schedule(report: ImpactReport, path: str | os.PathLike[str]) -> Path:
    """Write the Excel loss schedule to ``path`` atomically and return the path.

    Examples
    --------
    >>> import tempfile, zipfile, claimstats as cs
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_loss_schedule(cs.demo_report(), f"{folder}/loss.xlsx")
    ...     zipfile.is_zipfile(path), path.name
    (True, 'loss.xlsx')
    """
    return write_atomic(path, render_loss_schedule(report))
