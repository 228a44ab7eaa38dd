"""The policy and SLA sheets of the Excel loss schedule, in the words of the HTML report.

Each sentence comes from :func:`claimstats.report.policy_section.policy_section` and
:func:`~claimstats.report.policy_section.sla_section`, so the workbook and the page agree.
"""

from __future__ import annotations

from decimal import Decimal

from claimstats.models import SlaTier
from claimstats.report.i18n import MESSAGES
from claimstats.report.impact import ImpactReportData
from claimstats.report.policy_section import policy_section, sla_section
from claimstats.report.xlsx_cells import COUNT, HOURS, Cell, Heading, Labels

__all__ = ["policy_sheet", "sla_sheet"]

#: figures of a policy check labelled by a report text; others by ``figure_<name>``
_FIGURE_LABELS = {"order_records": "kind_orders", "control_channel": "control_note"}


def _figure(name: str, value: float | str, t: Labels) -> list[Cell]:
    """A figure a policy check rests on: its label and its value, a number when it is one."""
    key = _FIGURE_LABELS.get(name, f"figure_{name}")
    label = t(key) if key in MESSAGES else name
    if isinstance(value, str):
        return [label, t.answer(value == "yes") if value in ("yes", "no") else value]
    if name.endswith("_hours"):
        return [label, (value, HOURS)]
    return [label, (value, COUNT if isinstance(value, int) else "General")]


def policy_sheet(report: ImpactReportData, t: Labels) -> tuple[list[Cell], list[list[Cell]]]:
    """The policy checks with the figures they rest on, the deadlines, next steps and notes.

    Returns the header and the rows; a check's figures follow it one per row.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> report = demo_report(lang="en")
    >>> header, rows = policy_sheet(report, Labels(report))
    >>> header[:2], rows[0][:2]
    (['Condition', 'Result'], ['One continuous interruption longer than 24 h', 'Met'])
    """
    header: list[Cell] = [t("checks"), t("result"), t("detail"), t("figure"), t("value")]
    assessment = report.policy
    if assessment is None:
        return header, [[t("no_policy")]]
    shown = policy_section(report, t.loc)  # the HTML section's texts, word for word
    rows: list[list[Cell]] = []
    for check, text in zip(assessment.checks, shown["checks"], strict=True):
        values = check.values.items()
        figures = [_figure(name, value, t) for name, value in values] or [[]]
        rows.append([text["label"], text["value"], text["detail"], *figures[0]])
        rows += [[None, None, None, *figure] for figure in figures[1:]]
    if assessment.deadlines:
        left = t("days_left_as_of", as_of=t.local(report.as_of))
        rows += [[], Heading([t("deadlines"), t("deadline_day"), left, t("deadline_gone")])]
        for due, text in zip(assessment.deadlines, shown["deadlines"], strict=True):
            day = t.local(due.moment) if due.moment is not None else due.date.isoformat()
            rows.append([text["label"], day, (due.days_remaining, COUNT), t.answer(due.passed)])
    if assessment.next_steps:
        rows += [[], Heading([t("next_steps"), t("by"), t("status")])]
        for step, text in zip(assessment.next_steps, shown["steps"], strict=True):
            due = step.due.isoformat() if step.due is not None else "—"
            rows.append([text["text"], due, t("done") if step.done else None])
    rows += [[], Heading([t("notes")]), [shown["intro"]], *([note] for note in shown["notes"])]
    return header, rows


def _percent(percent: float) -> tuple[float, str]:
    """A percentage as a share, in a percent format with its decimals (up to 3).

    The share is exact in decimal: 99.9 gives 0.999, not 0.9990000000000001.
    """
    exact = Decimal(repr(percent))
    decimals = min(max(-int(exact.normalize().as_tuple().exponent), 0), 3)
    return float(exact / 100), "0" + ("." + "0" * decimals if decimals else "") + "%"


def _tier(tier: SlaTier, t: Labels) -> str:
    """The tier in the words of the SLA view's credit schedule."""
    below, credit = t.loc.number(tier.below_uptime_percent, 1), t.loc.number(tier.credit_percent)
    return t("sla_tier", below=f"{below}%", credit=f"{credit}%")


def sla_sheet(report: ImpactReportData, t: Labels) -> tuple[list[Cell], list[list[Cell]]]:
    """Each affected month's downtime, uptime and credit, then the credit schedule used.

    Uptime and credit are shares in percent formats (96.035% is 0.96035).

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> report = demo_report(lang="en")
    >>> header, rows = sla_sheet(report, Labels(report))
    >>> rows[0][0], rows[0][2], round(rows[0][3][0], 5), rows[0][4]
    ('Aug 2026', (29.5, '0.00'), 0.96035, (0.25, '0%'))
    """
    header: list[Cell] = [t("month"), t("interruptions"), t("downtime_hours"), t("uptime")]
    header += [t("credit"), t("credit_tier"), t("detail")]
    months = report.sla or []
    shown = sla_section(report.model_copy(update={"sla": months}), t.loc)
    rows: list[list[Cell]] = [
        [
            text["month"],
            (m.interruptions, COUNT),
            (m.downtime_minutes / 60, HOURS),
            (_percent(m.uptime_percent)[0], "0.000%"),
            _percent(m.credit_percent),
            t("no_credit") if m.tier is None else _tier(m.tier, t),
            text["open"] or None,
        ]
        for m, text in zip(months, shown["rows"], strict=True)
    ] or [[t("no_sla_months")]]
    rows += [[], Heading([t("uptime_below"), t("credit")])]
    rows += [
        [_percent(tier.below_uptime_percent), _percent(tier.credit_percent)]
        for tier in report.sla_schedule.tiers
    ]
    rows += [[], [shown["intro"]]]
    return header, rows
