"""The Excel loss schedule: the report's numbers as a workbook an adjuster can check.

Seven sheets: the per-bucket schedule, the interruptions, the loss summary (with the
expenses), the policy checks (tests, deadlines, next steps), the SLA view (monthly
uptime and credit, and the credit schedule), the assumptions and the evidence; after
the assumptions, the sensitivity table (the amount claimed under each other choice, its
range and the choice that moves it most) when the report has one; last, the orders in
the windows when the report holds them (``include_orders``, customers as masked in the
report). Labels
come from :data:`~claimstats.report.i18n.MESSAGES` (the workbook's own in
:mod:`claimstats.report.xlsx_messages`); the policy and SLA sentences are the HTML
report's, from :mod:`claimstats.report.policy_section`.

Numbers are numbers with number formats; times are text with their UTC offset (Excel
has no time zones). Every string is written as a string, never as a formula or an error
value, and marked with Excel's quote prefix when it starts like a formula, so a hostile
outage description stays inert even when someone edits the cell. The same report gives
the same bytes: the document's times and the zip entries' times are the report's
``as_of``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pandas as pd

from claimstats._files import write_atomic
from claimstats._time import bucket_size
from claimstats.report.context import claim_basis, verdict
from claimstats.report.i18n import MESSAGES, METHOD_TEXTS
from claimstats.report.impact import ImpactReportData
from claimstats.report.method_section import (
    method_why,
    recovery_phrase,
    sensitivity_value,
    spread_sentence,
)
from claimstats.report.publish import published
from claimstats.report.xlsx_cells import (
    COUNT,
    HOURS,
    MONEY,
    ORDERS,
    SHARE,
    Cell,
    Heading,
    Labels,
    workbook_bytes,
)
from claimstats.report.xlsx_policy import policy_sheet, sla_sheet

__all__ = ["render_loss_schedule", "write_loss_schedule"]

_WIDE, _MEDIUM, _NARROW = 60, 24, 14


def _hours(delta: timedelta) -> float:
    return pd.Timedelta(delta).total_seconds() / 3600


#: a bucket's flows, in orders and in money: lost, caught up, net, and net so far
_FLOWS = ("lost", "recovered", "net", "so_far")


def _schedule(report: ImpactReportData, t: Labels) -> tuple[list[Cell], list[list[Cell]]]:
    e = report.loss
    control = report.control is not None and any(b.control is not None for b in e.buckets)
    header: list[Cell] = [
        t("bucket_local"),
        t("bucket_utc"),
        t("fig_expected_orders"),
        t("band_low"),
        t("band_high"),
        t("fig_actual_orders"),
        t("outage_share"),
        t("recovery_share"),
        *(t(f"bucket_{flow}") for flow in _FLOWS),
        t.money("fig_expected_revenue"),
        t.money("fig_actual_revenue"),
        *(t.money(f"bucket_{flow}_revenue") for flow in _FLOWS),
        *([t("legend_control", control=report.control)] if control else []),
    ]

    def flows(lost: float, recovered: float, so_far: float, unit: str) -> list[Cell]:
        return [(value, unit) for value in (lost, recovered, lost - recovered, so_far)]

    rows = [
        [
            t.local(b.bucket),
            t.utc(b.bucket),
            *((value, ORDERS) for value in (b.expected, b.low, b.high, b.actual)),
            (b.outage_fraction, SHARE),
            (b.recovery_fraction, SHARE),
            *flows(b.lost, b.recovered, b.net_lost_so_far, ORDERS),
            (b.expected_revenue, MONEY),
            (b.actual_revenue, MONEY),
            *flows(b.lost_revenue, b.recovered_revenue, b.net_lost_revenue_so_far, MONEY),
            *([(b.control, ORDERS)] if control else []),
        ]
        for b in e.buckets
    ]
    return header, rows


def _windows(report: ImpactReportData, t: Labels) -> tuple[list[Cell], list[list[Cell]]]:
    keys = ("number", "service", "start_local", "end_local", "start_utc", "end_utc")
    header: list[Cell] = [t(key) for key in keys]
    header += [t("duration_hours"), t("duration"), t("severity"), t("ongoing_column")]
    header += [t("incident_ids"), t("description")]
    rows = []
    for r in report.incidents:
        severity = f"sev_{r.severity}"
        rows.append(
            [
                (r.number, COUNT),
                r.service,
                t.local(r.start),
                t.local(r.end),
                t.utc(r.start),
                t.utc(r.end),
                (_hours(r.duration), HOURS),
                t.loc.duration(r.duration),
                t(severity) if severity in MESSAGES else r.severity,
                t.answer(r.ongoing),
                r.incident_ids,
                r.description,
            ]
        )
    return header, rows


def _summary(report: ImpactReportData, t: Labels) -> tuple[list[Cell], list[list[Cell]]]:
    e = report.loss
    conf = t.loc.percent(e.confidence)
    header: list[Cell] = [t("item"), t("orders"), t("interval_low", confidence=conf)]
    header += [t("interval_high", confidence=conf), t.money("revenue")]
    header += [t("interval_low", confidence=conf), t("interval_high", confidence=conf)]

    def line(label: str, orders: Sequence[float | None], money: Sequence[float | None]) -> list:
        cells: list[Cell] = [label]
        cells += [(v, ORDERS) if v is not None else None for v in orders]
        cells += [(v, MONEY) if v is not None else None for v in money]
        return cells

    def ranged(name: str) -> list[float | None]:
        """A figure of the loss with its interval."""
        return [getattr(e, name), getattr(e, f"{name}_low"), getattr(e, f"{name}_high")]

    rows = [
        line(t("expected"), [e.expected_orders, None, None], [e.expected_revenue, None, None]),
        line(t("actual"), [e.actual_orders, None, None], [e.actual_revenue, None, None]),
        line(t("gross"), ranged("lost_orders"), ranged("lost_revenue")),
        line(t("catch_up"), ranged("recovered_orders"), ranged("recovered_revenue")),
        line(t("net_not_claimed"), ranged("net_lost_orders"), ranged("net_lost_revenue")),
    ]
    if e.margin is not None and e.lost_profit is not None:
        label = t("profit", margin=t.loc.percent(e.margin))
        rows.append(line(label, [None] * 3, ranged("lost_profit")))
    rows.append(line(t("fig_claimed_expenses"), [None] * 3, [e.claimed_expenses, None, None]))
    basis = t("claim_amount_basis", basis=claim_basis(e, t.loc))
    rows.append(line(basis, [None] * 3, ranged("claim_amount")))
    rows += [[], [t("verdict")], *([text] for text in verdict(report, t.loc)["lines"])]
    if e.expenses:
        rows += [[], [t("expenses")], [t("description"), t("documented_in")]]
        rows[-1] += [t.money("amount"), t("in_claim")]
        for item in e.expenses:
            status = t("expense_claimed" if item.claimed else "expense_not_claimed")
            rows.append([item.description, item.evidence, (item.amount, MONEY), status])
        indirect = sum(item.amount for item in e.expenses if not item.claimed)
        rows.append([t("fig_claimed_expenses"), None, (e.claimed_expenses, MONEY)])
        rows.append([t("indirect_total"), None, (indirect, MONEY)])
    return header, rows


def _affected(report: ImpactReportData, t: Labels) -> str:
    """The affected channel, or without one all channels together (but the control)."""
    if report.channel is not None:
        return report.channel
    if report.control is not None:
        return t("channels_all_but", control=report.control)
    return t("channels_all")


def _assumptions(report: ImpactReportData, t: Labels) -> tuple[list[Cell], list[list[Cell]]]:
    e, s = report.loss, report.summary
    known = e.method in METHOD_TEXTS
    name = t(f"method_name_{e.method}") if known else t("method_name_other", method=e.method)
    threshold = t("threshold_test", threshold=t.loc.duration(s.threshold))
    rows: list[list[Cell]] = [
        [t("service"), report.service],
        [t("affected_channel"), _affected(report, t)],
        [t("control_note"), report.control or "—"],
        [t("estimation_method"), name],
        [t("why_method"), method_why(t.loc, e)],
        [t("baseline_start"), t.local(e.baseline_start)],
        [t("baseline_end"), t.local(e.baseline_end)],
        [t("baseline_weeks"), (e.baseline_weeks, COUNT)],
        [t("bucket_length"), t.loc.duration(bucket_size(e.freq))],
        [t("confidence_level"), (e.confidence, "0%")],
        [t("seed"), (e.seed, "0")],
        [t("recovery_hours"), (_hours(e.recovery), HOURS)],
        [
            t("sens_choice_recovery"),
            t("recovery_rule_measured" if e.recovery_estimated else "recovery_rule_set"),
        ],
        [t("recovery_kept"), recovery_phrase(t.loc, e)],
        [t("recovery_surplus"), (e.recovery_surplus, ORDERS)],
        [t("recovery_kept_share"), (e.recovery_kept_share, SHARE)],
        [t("fig_placebo_windows"), (e.placebo_windows, COUNT)],
        [t("fig_p_value"), (e.p_value, "0.000000")],
        [t.money("aov"), (e.average_order_value, MONEY)],
        [t("sens_choice_margin"), (e.margin, SHARE) if e.margin is not None else "—"],
        [threshold, t("passed" if s.passed_threshold else "not_passed")],
        [t("time_zone"), report.tz],
        [t("as_of"), t.local(report.as_of)],
        [t("version"), report.version],
    ]
    for number, note in enumerate(e.notes, start=1):
        rows.append([t("numbered_note", number=number), t.loc.note(note, e.currency)])
    return [t("item"), t("value")], rows


def _sensitivity(report: ImpactReportData, t: Labels) -> tuple[list[Cell], list[list[Cell]]]:
    """The sensitivity table: one row per choice and value, as the HTML section words it,
    then the range of the amounts and the choice that moves them most (the JSON's
    ``sensitivity_spread``) and the HTML's sentence on it."""
    conf = t.loc.percent(report.loss.confidence)
    header: list[Cell] = [t("sens_col_choice"), t("sens_col_value"), t("sens_col_base")]
    header += [t.money("sens_col_amount"), t("interval_low", confidence=conf)]
    header += [t("interval_high", confidence=conf), t("sens_col_established")]
    header += [t("sens_col_reason")]

    def money(value: float | None) -> Cell:
        return None if value is None else (value, MONEY)

    rows: list[list[Cell]] = [
        [
            t(f"sens_choice_{row.choice}"),
            sensitivity_value(t.loc, row),
            t.answer(row.base),
            money(row.claim_amount),
            money(row.claim_amount_low),
            money(row.claim_amount_high),
            "—" if row.established is None else t.answer(row.established),
            t(f"sens_reason_{row.reason}") if row.reason is not None else None,
        ]
        for row in report.sensitivity
    ]
    spread = report.sensitivity_spread
    rows.append([])
    if spread is not None:
        heading = [t("item"), t("sens_col_choice"), t.money("sens_lowest")]
        rows += [
            Heading([*heading, t.money("sens_highest")]),
            [t("sens_range"), t("sens_all"), money(spread.low), money(spread.high)],
            [
                t("sens_mover"),
                t(f"sens_choice_{spread.choice}"),
                money(spread.choice_low),
                money(spread.choice_high),
            ],
            [],
        ]
    rows.append([spread_sentence(report, t.loc)])
    return header, rows


def _evidence(report: ImpactReportData, t: Labels) -> tuple[list[Cell], list[list[Cell]]]:
    header: list[Cell] = [t("file"), t("source"), t("kind"), t("format"), "SHA-256"]
    header += [t("size"), t("rows_read"), t("rows_kept"), t("rows_rejected")]
    header += [t("first_time"), t("last_time"), t("encoding"), t("naive_zone")]
    rows = [
        [
            f.name,
            f.source,
            t(f"kind_{f.kind}"),
            t.loc.file_format(f.format),
            f.sha256 or "—",
            (f.size_bytes, COUNT) if f.size_bytes is not None else "—",
            (f.rows_read, COUNT),
            (f.rows_kept, COUNT),
            (f.rows_rejected, COUNT),
            t.local(f.time_start, seconds=True),
            t.local(f.time_end, seconds=True),
            f.encoding or "—",
            f.tz or "—",
        ]
        for f in report.evidence
    ]
    return header, rows


def _orders(report: ImpactReportData, t: Labels) -> tuple[list[Cell], list[list[Cell]]]:
    """The customer-level rows the report was asked to hold (``include_orders``)."""
    header: list[Cell] = [t("order_time"), "UTC", t("window"), t("channel"), t("order_id")]
    header += [t("status"), t.money("amount"), t("customer")]
    rows = [
        [
            t.local(row.timestamp, seconds=True),
            t.utc(row.timestamp),
            t(f"window_{row.window}"),
            row.channel,
            row.order_id,
            t(f"status_{row.status}"),
            (row.amount, MONEY),
            row.customer or "—",
        ]
        for row in report.orders
    ]
    return header, rows


def render_loss_schedule(
    report: ImpactReportData, folder: str | os.PathLike[str] | None = None
) -> bytes:
    """The loss schedule as the bytes of an ``.xlsx`` workbook, as
    :func:`~claimstats.report.publish.published` shows the report (input files named
    relative to ``folder`` when beneath it, else by their names).

    Raises
    ------
    ConfigError
        openpyxl is not installed.

    Examples
    --------
    >>> import io, openpyxl, claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> book = openpyxl.load_workbook(io.BytesIO(render_loss_schedule(demo_report(lang="en"))))
    >>> len(book.sheetnames), book.sheetnames[2:5], book.sheetnames[6]
    (8, ['Loss summary', 'Policy checks', 'SLA'], 'Sensitivity')
    >>> book["Loss summary"]["E6"].number_format, book["Loss schedule"]["A2"].value
    ('#,##0.00', '2026-08-01 08:00+08:00')
    >>> uptime = book["SLA"]["D2"]
    >>> round(uptime.value, 5), uptime.number_format
    (0.96035, '0.000%')
    """
    report = published(report, folder)
    t = Labels(report)
    sheets = [
        ("sheet_schedule", _schedule, [_MEDIUM, 20, *[_NARROW] * 10]),
        ("sheet_windows", _windows, [8, 18, *[_MEDIUM] * 4, 12, 16, 14, 12, 18, _WIDE]),
        ("sheet_summary", _summary, [38, *[_NARROW] * 6]),
        ("sheet_policy", policy_sheet, [_WIDE, _MEDIUM, _WIDE, 36, _NARROW]),
        ("sheet_sla", sla_sheet, [_NARROW, _NARROW, _NARROW, _NARROW, _NARROW, _WIDE, _WIDE]),
        ("sheet_assumptions", _assumptions, [36, _WIDE * 2]),
        *(
            [("sheet_sensitivity", _sensitivity, [_MEDIUM, 30, 12, *[_NARROW] * 4, _WIDE])]
            if report.sensitivity
            else []
        ),
        ("evidence", _evidence, [20, 30, 14, 16, 66, 12, 12, 12, 12, _MEDIUM, _MEDIUM, 12, 16]),
    ]
    if report.orders:
        sheets.append(("sheet_orders", _orders, [_MEDIUM, 20, 12, 12, _MEDIUM, 12, 14, 20]))
    filled = [(t(key), *build(report, t), widths) for key, build, widths in sheets]
    title = f"{t('title')} · {t('subtitle', service=report.service)}"
    return workbook_bytes(
        "the Excel loss schedule", filled, report.as_of, report.version, title, report.lang
    )


def write_loss_schedule(report: ImpactReportData, path: str | os.PathLike[str]) -> Path:
    """Write the Excel loss schedule to ``path`` atomically and return the path.

    Examples
    --------
    >>> import tempfile, zipfile
    >>> from claimstats.datasets import demo_report
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_loss_schedule(demo_report(), f"{folder}/loss.xlsx")
    ...     zipfile.is_zipfile(path), path.name
    (True, 'loss.xlsx')
    """
    return write_atomic(path, render_loss_schedule(report, Path(path).parent))
