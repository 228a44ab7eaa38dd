"""The report's policy section (checks, deadlines, next steps) and SLA view, as text.

Everything is computed by :mod:`claimstats.policy` and :mod:`claimstats.sla`; this
module only puts it into words of the report's language.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel import Locale as BabelLocale

from claimstats.models import NextStep, PolicyCheck
from claimstats.report.i18n import MESSAGES, Locale
from claimstats.report.impact import ImpactReportData

__all__ = ["policy_section", "sla_section"]


def _remaining(loc: Locale, days: int) -> str:
    if days == 0:
        return loc.text("today")
    return loc.text("days_left" if days > 0 else "days_ago", days=abs(days))


def _check_row(check: PolicyCheck, report: ImpactReportData, loc: Locale) -> dict[str, str]:
    s, policy = report.policy.summary, report.policy.policy
    values = check.values
    if check.code == "continuous_interruption":
        label = loc.text("check_continuous_interruption", threshold=loc.duration(s.threshold))
        detail = loc.text("check_continuous_interruption_detail", longest=loc.duration(s.longest))
    elif check.code == "repeated_interruptions":
        window = loc.duration(s.window)
        label = loc.text("check_repeated_interruptions", window=window, minimum=s.recurrence_min)
        detail = loc.text(
            "check_repeated_interruptions_detail",
            window=window,
            count=s.max_interruptions_in_window,
        )
    elif check.code == "filed_in_time":
        label = loc.text("check_filed_in_time", window=loc.duration(policy.filing_window))
        if report.policy.filed_on is not None:
            detail = loc.text("check_filed_in_time_filed", date=loc.date(report.policy.filed_on))
        else:
            deadline = date.fromisoformat(str(values["deadline"]))
            left = _remaining(loc, int(values["days_remaining"]))
            detail = loc.text("check_filed_in_time_open", date=loc.date(deadline), left=left)
    elif check.code == "business_evidence":
        label = loc.text("check_business_evidence")
        detail = loc.text(
            "check_business_evidence_detail",
            orders=loc.text(str(values["order_records"])),
            control=loc.text(str(values["control_channel"])),
        )
    else:  # a check added to claimstats.policy without a translation yet: its English text
        label, detail = check.code, check.text
    return {
        "label": label,
        "value": loc.text("met" if check.met else "not_met"),
        "detail": detail,
        "state": "pass" if check.met else "fail",
    }


def _step_text(step: NextStep, report: ImpactReportData, loc: Locale) -> str:
    values = step.values

    def day(key: str) -> str:
        return loc.date(date.fromisoformat(str(values[key])))

    if step.code == "file_claim":
        key = "step_file_claim_done" if step.done else "step_file_claim"
        return loc.text(key, date=loc.date(step.due)) if step.due else step.text
    if step.code == "file_claim_late":
        return loc.text("step_file_claim_late", deadline=day("deadline"))
    if step.code == "await_first_reply":
        country = str(values["country"])
        return loc.text(
            "step_await_first_reply",
            earliest=day("earliest"),
            latest=day("latest"),
            low=values["business_days_low"],
            high=values["business_days_high"],
            country=BabelLocale.parse(loc.babel).territories.get(country, country),
        )
    if step.code == "follow_up_no_reply" and step.due is not None:
        return loc.text("step_follow_up_no_reply", days=values["days"], date=loc.date(step.due))
    key = f"step_{step.code}"
    return loc.text(key) if key in MESSAGES else step.text


def policy_section(report: ImpactReportData, loc: Locale) -> dict[str, object]:
    """Checks, deadlines and next steps of the report's :class:`PolicyAssessment`.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> section = policy_section(demo_report(lang="en"), Locale("en", "Asia/Shanghai"))
    >>> [row["value"] for row in section["checks"]]
    ['Met', 'Met', 'Met', 'Met']
    >>> section["deadlines"][0]["date"], section["deadlines"][0]["left"]
    ('11 Aug 2026, 09:40 (UTC+8)', '1 day left')
    """
    assessment = report.policy
    claimant = loc.text(f"claimant_{assessment.policy.claimant_type}")
    deadlines = [
        {
            "label": loc.text(f"due_{d.code}"),
            "date": loc.moment(d.moment) if d.moment is not None else loc.date(d.date),
            "left": _remaining(loc, d.days_remaining),
            "state": "fail" if d.passed else "",
        }
        for d in assessment.deadlines
    ]
    steps = [
        {
            "text": _step_text(step, report, loc),
            "state": "pass" if step.done else "",
        }
        for step in assessment.next_steps
    ]
    return {
        "intro": loc.text("policy_intro", claimant=claimant, as_of=loc.moment(report.as_of)),
        "checks": [_check_row(c, report, loc) for c in assessment.checks],
        "deadlines": deadlines,
        "steps": steps,
        "notes": [loc.note(note) for note in assessment.notes],
    }


def sla_section(report: ImpactReportData, loc: Locale) -> dict[str, object]:
    """Monthly uptime and the credit each affected month earns under the schedule.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> section = sla_section(demo_report(lang="en"), Locale("en", "Asia/Shanghai"))
    >>> row = section["rows"][0]
    >>> row["month"], row["downtime"], row["uptime"], row["credit"]
    ('Aug 2026', '29 h 30 min', '96.035%', '25%')
    >>> row["open"]
    '(month not over at the report time: uptime can only fall)'
    """
    tiers = loc.text("sla_tier_sep").join(
        loc.text(
            "sla_tier",
            below=f"{loc.number(t.below_uptime_percent, 1)}%",
            credit=f"{loc.number(t.credit_percent)}%",
        )
        for t in report.sla_schedule.tiers
    )
    rows = [
        {
            "month": loc.month(m.month),
            "interruptions": loc.number(m.interruptions),
            "downtime": loc.duration(timedelta(minutes=m.downtime_minutes)),
            "uptime": f"{loc.number(m.uptime_percent, 3)}%",
            "open": loc.text("month_open") if m.complete is False else "",
            "credit": f"{loc.number(m.credit_percent)}%" if m.tier else loc.text("no_credit"),
            "state": "pass" if m.tier else "",
        }
        for m in report.sla
    ]
    return {"intro": loc.text("sla_intro", tiers=tiers), "rows": rows}
