"""The wallet complaint's lists as a workbook: the payments never paid, the refunds due,
the refunds made already, each with its order id, local time, amount and customer (as
masked in the complaint), and a summary of the figures.

As the loss schedule (:mod:`claimstats.report.xlsx`): numbers are numbers with number
formats, text stays text (never a formula), and the same complaint gives the same bytes
(the workbook's times are the complaint's ``as_of``).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pandas as pd

from claimstats._files import write_atomic
from claimstats.models import PaymentRecord, WalletComplaint
from claimstats.report.complaint_publish import (
    ComplaintReportData,
    amount_steps,
    published_complaint,
)
from claimstats.report.i18n import Locale
from claimstats.report.letter import provider_name
from claimstats.report.xlsx_cells import (
    COUNT,
    HOURS,
    MONEY,
    ORDERS,
    SHARE,
    Cell,
    workbook_bytes,
)

__all__ = ["render_complaint_lists", "write_complaint_lists"]


def _local(loc: Locale, moment: datetime) -> str:
    return pd.Timestamp(moment).tz_convert(loc.tz).isoformat(sep=" ", timespec="seconds")


def _utc(moment: datetime) -> str:
    return f"{pd.Timestamp(moment).tz_convert('UTC'):%Y-%m-%d %H:%M:%S} UTC"


def _payments(
    c: WalletComplaint, loc: Locale, records: list[PaymentRecord], refunds: bool = False
) -> tuple[list[Cell], list[list[Cell]]]:
    """A list of payments; with ``refunds``, what the wallet gave back and when, too (and
    without the funds known, only what to export to know them)."""
    currency = c.payments.currency
    header: list[Cell] = [loc.text("order_id"), loc.text("axis_time", offset=loc.offset(c.as_of))]
    header += ["UTC", f"{loc.text('amount')} ({currency})", loc.text("customer")]
    if refunds:
        header += [f"{loc.text('cr_refunded_amount')} ({currency})", loc.text("cr_refunded_at")]
    if refunds and not c.payments.funds_deducted_known:
        provider = provider_name(c.provider, loc.lang)
        return header, [[loc.text("cr_funds_unknown", provider=provider)]]

    def row(r: PaymentRecord) -> list[Cell]:
        cells: list[Cell] = [
            r.order_id,
            _local(loc, r.timestamp),
            _utc(r.timestamp),
            (r.amount, MONEY),
            r.customer or "—",
        ]
        if refunds:
            cells.append((r.refunded_amount, MONEY) if r.refunded_amount is not None else "—")
            cells.append(_local(loc, r.refunded_at) if r.refunded_at else "—")
        return cells

    return header, [row(r) for r in records]


def _summary(c: WalletComplaint, loc: Locale) -> tuple[list[Cell], list[list[Cell]]]:
    p = c.payments
    merchant = c.context.merchant
    conf = loc.percent(p.confidence)

    def funds(value: float, unit: str) -> Cell:
        return (value, unit) if p.funds_deducted_known else loc.text("cr_unknown")

    rows: list[list[Cell]] = [
        [loc.text("cr_merchant"), merchant.name],
        [loc.text("cr_merchant_id"), merchant.merchant_id],
        [loc.text("cr_provider"), provider_name(c.provider, loc.lang)],
        *[
            [loc.text("cr_windows"), f"{_local(loc, w.start)} – {_local(loc, w.end)}"]
            for w in p.windows
        ],
        [loc.text("as_of"), _local(loc, c.as_of)],
        [loc.text("time_zone"), c.tz],
        [],
        [loc.text("cr_in_window"), (p.attempts_in_window, COUNT)],
        [loc.text("cx_failures_in_window"), (p.failures_in_window, COUNT)],
        [loc.text("cr_outside"), (p.attempts_outside, COUNT)],
        [loc.text("cx_failures_outside"), (p.failures_outside, COUNT)],
        [loc.text("cx_rate_in_window"), (p.failure_rate_in_window, SHARE)],
        [loc.text("cx_rate_outside"), (p.failure_rate_outside, SHARE)],
        [loc.text("cr_expected"), (p.expected_failures_in_window, ORDERS)],
        [loc.text("cr_excess"), (p.excess_failures, ORDERS)],
        [loc.text("interval_low", confidence=conf), (p.excess_failures_low, ORDERS)],
        [loc.text("interval_high", confidence=conf), (p.excess_failures_high, ORDERS)],
        [loc.text("fig_p_value"), (p.p_value, "0.00E+00")],
        [loc.text("cr_retry_window"), (p.retry_window.total_seconds() / 3600, HOURS)],
        [loc.text("cr_repeated"), (p.repeated_attempts, COUNT)],
        [f"{loc.text('cr_repeated')} ({p.currency})", (p.repeated_amount, MONEY)],
        [],
        *[
            [f"{loc.text(f'cr_step_{s.key}')} ({p.currency})", (s.value, MONEY)]
            for s in amount_steps(p)
        ],
        [loc.text("interval_low", confidence=conf), (p.unrecovered_amount_low, MONEY)],
        [loc.text("interval_high", confidence=conf), (p.unrecovered_amount_high, MONEY)],
        [],
        [loc.text("cr_refunded"), funds(len(p.refunded), COUNT)],
        [
            f"{loc.text('cr_refunded')} ({p.currency})",
            funds(sum(r.amount for r in p.refunded), MONEY),
        ],
        [
            f"{loc.text('cr_refunded_total')} ({p.currency})",
            funds(p.already_refunded_amount, MONEY),
        ],
        [loc.text("cr_refund_due"), funds(len(p.refund_due), COUNT)],
        [f"{loc.text('cr_refund_due')} ({p.currency})", funds(p.refund_due_amount, MONEY)],
        [],
        *[[f"{loc.text(f'cl_kind_{f.kind}')}: {f.name}", f.sha256 or "—"] for f in c.evidence],
    ]
    return [loc.text("item"), loc.text("value")], rows


def render_complaint_lists(
    report: ComplaintReportData, folder: str | os.PathLike[str] | None = None
) -> bytes:
    """The lists of the complaint as the bytes of an ``.xlsx`` workbook: a summary, the
    unpaid payments, the refunds due and the refunds made (sheet names in the report's
    language).

    Raises
    ------
    ConfigError
        openpyxl is not installed.

    Examples
    --------
    >>> import io, openpyxl
    >>> from claimstats.datasets import demo_complaint
    >>> from claimstats.report import build_complaint_report
    >>> data = render_complaint_lists(build_complaint_report(demo_complaint(), "en"))
    >>> book = openpyxl.load_workbook(io.BytesIO(data))
    >>> book.sheetnames, book["Unpaid"]["A2"].value
    (['Summary', 'Unpaid', 'Refund due', 'Refunded'], 'WXP-20260807-0337')
    """
    c = published_complaint(report.complaint, folder)
    loc = Locale(report.lang, c.tz)
    p = c.payments
    widths = [24, 24, 24, 14, 20, 14, 24]
    sheets = [
        (loc.text("cx_summary"), *_summary(c, loc), [50, 70]),
        (loc.text("cx_unpaid"), *_payments(c, loc, p.unpaid), widths),
        (loc.text("cx_refund_due"), *_payments(c, loc, p.refund_due, refunds=True), widths),
        (loc.text("cx_refunded"), *_payments(c, loc, p.refunded, refunds=True), widths),
    ]
    title = loc.text("cr_subtitle", merchant=c.context.merchant.name, provider=c.provider)
    return workbook_bytes("the Excel lists", sheets, c.as_of, report.version, title, loc.lang)


def write_complaint_lists(report: ComplaintReportData, path: str | os.PathLike[str]) -> Path:
    """Write the workbook of the complaint's lists to ``path`` atomically; the path."""
    return write_atomic(path, render_complaint_lists(report, Path(path).parent))
