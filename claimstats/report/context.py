"""Everything the HTML template shows, formatted as text in the report's language.

The template holds no arithmetic and no formatting: this module turns an
impact report into strings and rows.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from claimstats._time import bucket_size
from claimstats.models import DURATION_TESTS, LossEstimate
from claimstats.report.i18n import LANGS, Locale
from claimstats.report.impact import ImpactReportData
from claimstats.report.method_section import method_section
from claimstats.report.order_list import orders_section
from claimstats.report.policy_section import policy_section, sla_section

__all__ = ["claim_basis", "remedy", "report_context", "significance", "verdict"]


def _row(label: str, value: str, state: str = "") -> dict[str, str]:
    return {"label": label, "value": value, "state": state}


def _ranged(loc: Locale, e: LossEstimate, value: str, low: str, high: str) -> str:
    """A figure with its interval: ``value · 95% interval low to high``."""
    interval = loc.text("interval", confidence=loc.percent(e.confidence), low=low, high=high)
    return f"{value} · {interval}"


def claim_basis(e: LossEstimate, loc: Locale) -> str:
    """What the amount claimed is: the lost profit, or without a margin the lost revenue
    before costs, plus the documented expenses when some are claimed.

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> e = demo_report().loss
    >>> loc = Locale("en", "Asia/Shanghai")
    >>> claim_basis(e, loc), claim_basis(e.model_copy(update={"margin": None}), loc)
    ('lost profit', 'lost revenue before costs')
    """
    basis = loc.text("claim_on_profit" if e.margin is not None else "claim_on_revenue")
    if e.claimed_expenses:
        basis = loc.text("basis_with_expenses", basis=basis)
    return basis


def _claimed(e: LossEstimate, loc: Locale) -> dict[str, str]:
    """The summary's row of the amount claimed, with what it is (net loss or lost profit,
    and documented expenses)."""
    money = lambda v: loc.money(v, e.currency)  # noqa: E731
    value = _ranged(loc, e, *map(money, (e.claim_amount, e.claim_amount_low, e.claim_amount_high)))
    return _row(loc.text("claim_amount_basis", basis=claim_basis(e, loc)), value, "key")


def _tests_met(report: ImpactReportData) -> list[str]:
    """The duration tests met, either one enough: the policy assessment's; the summary's
    in a report made without an assessment."""
    if report.policy is not None:
        return report.policy.qualifying_tests
    s = report.summary
    flags = (s.passed_threshold, s.recurrent)
    return [code for code, met in zip(DURATION_TESTS, flags, strict=True) if met]


def verdict(report: ImpactReportData, loc: Locale) -> dict[str, object]:
    """Whether the claim qualifies and by which test, and whether the loss is established:
    ``lines`` (two sentences; a third without a margin: what is claimed then, and to give
    one) and ``state`` (``pass`` when both hold, else ``fail``).

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> found = verdict(demo_report(), Locale("en", "Asia/Shanghai"))
    >>> found["state"], found["lines"][1].startswith("At 95% confidence the loss is established")
    ('pass', True)
    """
    s, e = report.summary, report.loss
    money = lambda v: loc.money(v, e.currency)  # noqa: E731
    durations = {"longest": loc.duration(s.longest), "threshold": loc.duration(s.threshold)}
    repeated = {"days": s.window.days, "count": s.max_interruptions_in_window,
                "minimum": s.recurrence_min}  # fmt: skip
    words = {"continuous_interruption": ("verdict_continuous", durations),
             "repeated_interruptions": ("verdict_repeated", repeated)}  # fmt: skip
    met = _tests_met(report)
    tests = [loc.text(words[code][0], **words[code][1]) for code in met]
    qualifies = bool(met)
    standing = (
        loc.text("verdict_qualifies", tests=loc.text("verdict_and").join(tests))
        if qualifies
        else loc.text("verdict_not_qualifies", **durations, **repeated)
    )
    figures = {
        "basis": claim_basis(e, loc),
        "confidence": loc.percent(e.confidence),
        "amount": money(e.claim_amount),
        "low": money(e.claim_amount_low),
        "high": money(e.claim_amount_high),
    }
    p = loc.p_value(e.p_value)
    if e.established:
        loss = loc.text("verdict_established", p=p, **figures)
    else:
        reason = ""
        if e.claim_amount_low <= 0:
            reason = loc.text("verdict_includes_zero")
        elif e.loss_low <= 0:  # lifted above zero by the documented expenses alone
            basis = loc.text(
                "claim_on_profit" if e.lost_profit_low is not None else "claim_on_revenue"
            )
            reason = loc.text("verdict_loss_reaches_zero", basis=basis, low=money(e.loss_low))
        elif e.net_lost_orders_low <= 0:
            reason = loc.text("verdict_orders_reach_zero", low=loc.number(e.net_lost_orders_low, 1))
        reason += "" if e.significant else loc.text("verdict_chance", p=p)
        loss = loc.text("verdict_not_established", reason=reason, remedy=remedy(e, loc), **figures)
    lines = [standing, loss] + ([loc.text("verdict_no_margin")] if e.margin is None else [])
    return {"state": "pass" if qualifies and e.established else "fail", "lines": lines}


def remedy(e: LossEstimate, loc: Locale) -> str:
    """What would establish a loss not established: the ways this estimate has not used.

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> e = demo_report().loss.model_copy(update={"control": None})
    >>> remedy(e, Locale("en", "Asia/Shanghai"))
    'What would establish it: a longer order history (the baseline had 6 weeks; 8 or more is better); an unaffected control channel; a finer time bucket (such as 15 minutes).'
    """
    ways = []
    if e.baseline_weeks < 8:
        ways.append(loc.text("remedy_history", weeks=e.baseline_weeks))
    if e.control is None:
        ways.append(loc.text("remedy_control"))
    if bucket_size(e.freq) > pd.Timedelta("15min"):
        ways.append(loc.text("remedy_bucket"))
    ways = ways or [loc.text("remedy_more")]
    return loc.text("remedy", ways=loc.text("evidence_separator").join(ways))


def significance(e: LossEstimate, loc: Locale) -> str:
    """The sentence on the net loss's significance: established, chance, or reaching zero.

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> significance(demo_report().loss, Locale("en", "Asia/Shanghai"))[:40]
    'A net loss (shortfall less catch-up) thi'
    """
    key = "significant" if e.established else "not_significant"
    if e.significant and not e.established:
        key = "significant_reaches_zero"
    return loc.text(key, p=loc.p_value(e.p_value), confidence=loc.percent(e.confidence))


def _summary(report: ImpactReportData, loc: Locale) -> list[dict[str, str]]:
    """The amount claimed first, the revenue and orders it derives from, then the tests."""
    s, e = report.summary, report.loss
    money = lambda v: loc.money(v, e.currency)  # noqa: E731
    verdict = lambda ok: loc.text("passed" if ok else "not_passed")  # noqa: E731
    # a test not met is no failure when the other one is: either is enough
    state = lambda ok: "pass" if ok else ("" if _tests_met(report) else "fail")  # noqa: E731
    recurrence = loc.text(
        "recurrence_value", count=s.max_interruptions_in_window, minimum=s.recurrence_min
    )
    net = (e.net_lost_revenue, e.net_lost_revenue_low, e.net_lost_revenue_high)
    net_orders = (e.net_lost_orders, e.net_lost_orders_low, e.net_lost_orders_high)
    rows = [
        _claimed(e, loc),
        _row(loc.text("net_loss"), _ranged(loc, e, *map(money, net))),
        _row(loc.text("net_loss_orders"), _ranged(loc, e, *map(loc.number, net_orders))),
        _row(loc.text("significance"), significance(e, loc), "pass" if e.established else "fail"),
        _row(loc.text("longest"), loc.duration(s.longest)),
        _row(loc.text("total_downtime"), loc.duration(s.total_downtime)),
        _row(loc.text("interruptions"), loc.number(s.interruptions)),
        _row(loc.text("threshold_test", threshold=loc.duration(s.threshold)),
             verdict(s.passed_threshold), state(s.passed_threshold)),
        _row(loc.text("recurrence_test", window=loc.duration(s.window)),
             f"{verdict(s.recurrent)} · {recurrence}", state(s.recurrent)),
    ]  # fmt: skip
    if report.filing_deadline is not None:
        remaining = report.filing_deadline - report.as_of
        missed = remaining < timedelta(0)
        key = "deadline_passed" if missed else "deadline_value"
        value = loc.text(
            key, date=loc.moment(report.filing_deadline), left=loc.remaining(abs(remaining))
        )
        rows.append(_row(loc.text("deadline"), value, "fail" if missed else ""))
    return rows


def _loss_rows(report: ImpactReportData, loc: Locale) -> list[dict[str, str]]:
    e = report.loss
    claims_net = e.margin is None and not e.expenses  # else lost profit or the total is claimed
    shows = {"orders": lambda v: loc.number(v, 1), "revenue": lambda v: loc.money(v, e.currency)}

    def row(
        item: str,
        orders: str = "",
        revenue: str = "",
        *,
        ranged: bool = False,
        sign: str = "",
        key: bool = False,
    ) -> dict[str, object]:
        """A line of the table: ``orders`` and ``revenue`` name the estimate's fields."""
        line: dict[str, object] = {"item": item, "key": key}
        for column, field in (("orders", orders), ("revenue", revenue)):
            show = shows[column]
            line[column] = sign + show(getattr(e, field)) if field else ""
            bounds = (
                [getattr(e, f"{field}_{end}") for end in ("low", "high")]
                if ranged and field
                else []
            )
            line[f"{column}_range"] = " – ".join(map(show, bounds)) if field else ""
        return line

    net = loc.text("net" if claims_net else "net_not_claimed")
    rows = [
        row(loc.text("expected"), "expected_orders", "expected_revenue"),
        row(loc.text("actual"), "actual_orders", "actual_revenue"),
        row(loc.text("gross"), "lost_orders", "lost_revenue", ranged=True),
        row(loc.text("catch_up"), "recovered_orders", "recovered_revenue", sign="−"),
        row(net, "net_lost_orders", "net_lost_revenue", ranged=True, key=claims_net),
    ]
    if e.margin is not None and e.lost_profit is not None:
        profit = loc.text("profit", margin=loc.percent(e.margin))
        rows.append(row(profit, revenue="lost_profit", ranged=True, key=not e.expenses))
    if e.expenses:
        rows.append(row(loc.text("fig_claimed_expenses"), revenue="claimed_expenses", sign="+"))
        # without a margin the total's label says it is revenue before costs
        claimed = (
            loc.text("fig_claim_amount")
            if e.margin is not None
            else loc.text("claim_amount_basis", basis=claim_basis(e, loc))
        )
        rows.append(row(claimed, revenue="claim_amount", ranged=True, key=True))
    return rows


def _expenses(report: ImpactReportData, loc: Locale) -> dict[str, object]:
    """The documented expenses, each claimed or listed only, and what each group adds up to."""
    e = report.loss
    rows = [
        {
            "description": item.description,
            "evidence": item.evidence or "—",
            "amount": loc.money(item.amount, e.currency),
            "status": loc.text("expense_claimed" if item.claimed else "expense_not_claimed"),
        }
        for item in e.expenses
    ]
    totals = []
    for claimed, key in ((True, "expenses_claimed_total"), (False, "expenses_indirect_total")):
        amounts = [item.amount for item in e.expenses if item.claimed is claimed]
        if amounts:
            total = loc.money(sum(amounts), e.currency)
            totals.append(loc.text(key, amount=total, count=loc.number(len(amounts))))
    return {"rows": rows, "totals": totals}


def _causality(report: ImpactReportData, loc: Locale) -> dict[str, str]:
    """One sentence under each causality chart saying what it shows, with its numbers."""
    e = report.loss
    losses = e.placebo_losses
    captions = {
        "loss": loc.text("caption_loss"),
        "cumulative": loc.text("caption_cumulative", net=loc.number(e.net_lost_orders, 1)),
        "placebo": loc.text(
            "caption_placebo",
            count=loc.number(len(losses)),
            observed=loc.money(e.net_lost_revenue, e.currency),
            beyond=loc.number(sum(s >= e.net_lost_revenue for s in losses)),
            p_sentence=significance(e, loc),
        ),
        "control": loc.text("no_control_chart"),
    }
    if report.control is not None and e.control_expected_orders:
        control_share = (e.control_actual_orders or 0.0) / e.control_expected_orders
        share = e.actual_orders / e.expected_orders if e.expected_orders > 0 else 0.0
        key = "caption_control"
        if control_share < _CONTROL_HELD:
            key = "caption_control_weak"
        elif control_share > 1 / _CONTROL_HELD:
            key = "caption_control_more"
        captions["control"] = ("" if loc.lang == "zh" else " ").join(
            (
                loc.text(
                    key,
                    control=report.control,
                    control_share=loc.percent(control_share),
                    share=loc.percent(share),
                ),
                loc.text("caption_interval", confidence=loc.percent(e.confidence)),
            )
        )
    return captions


#: share of its expected orders a control channel keeps to count as untouched by the outage
_CONTROL_HELD = 0.8

#: message keys the template shows as labels, as they are
_LABELS = (  # noqa: SIM905 (one key per line would be 30 lines)
    "summary verdict timeline number start_local end_local start_utc end_utc duration severity "
    "description loss item orders revenue charts evidence file kind format size rows span "
    "method statement why_method figures figure value meaning notes limits expenses amount "
    "documented_in in_claim policy checks result detail deadlines date remaining_days "
    "next_steps sla month interruptions downtime uptime credit listed_evidence item_name "
    "orders_list order_time window channel order_id status customer"
).split()


def report_context(report: ImpactReportData) -> dict[str, object]:
    """The template's variables: labels, rows and paragraphs, all as text.

    Examples
    --------
    >>> import claimstats as cs
    >>> from claimstats.datasets import demo_report
    >>> context = report_context(demo_report(lang="en"))
    >>> context["labels"]["summary"]
    'Summary'
    """
    loc = Locale(report.lang, report.tz)
    s = report.summary
    period = "—"
    if s.first_start and s.last_end:
        period = f"{loc.moment(s.first_start)} – {loc.moment(s.last_end)}"
    header = [
        *([(loc.text("claimant"), report.claimant)] if report.claimant else []),
        (loc.text("service"), report.service),
        (loc.text("period"), period),
        (loc.text("as_of"), loc.moment(report.as_of)),
        (
            loc.text("privacy"),
            loc.text("privacy_masked" if report.masked else "privacy_not_masked"),
        ),
    ]
    timeline = [
        {
            "number": r.number,
            "start_local": loc.moment(r.start),
            "end_local": loc.moment(r.end) + (" " + loc.text("ongoing") if r.ongoing else ""),
            "start_utc": f"{r.start:%Y-%m-%d %H:%M} UTC",
            "end_utc": f"{r.end:%Y-%m-%d %H:%M} UTC",
            "duration": loc.duration(r.duration),
            "severity": loc.text(f"sev_{r.severity}"),
            "description": r.description,
        }
        for r in report.incidents
    ]
    evidence = [loc.file_row(f, loc.text(f"kind_{f.kind}")) for f in report.evidence]
    listed = [
        {
            "name": item.name,
            "description": item.description,
            "kind": loc.text(f"evidence_{item.kind}"),
            "path": item.path or loc.text("not_a_file"),
            "sha256": item.sha256 or "—",
            "size": loc.number(item.size_bytes) if item.size_bytes is not None else "—",
        }
        for item in report.evidence_items
    ]
    statements = [
        {
            "lang": lang,
            "heading": Locale(lang, report.tz).text("statement"),
            "parts": [
                (Locale(lang, report.tz).text(key), getattr(report.statements[lang], field))
                for key, field in (
                    ("reason", "reason"),
                    ("basis", "basis"),
                    ("evidence_types", "evidence"),
                )
            ],
        }
        for lang in sorted(LANGS, key=lambda lang: lang != report.lang)
    ]
    return {
        "html_lang": "zh-CN" if report.lang == "zh" else "en",
        "title": loc.text("title"),
        "subtitle": loc.text("subtitle", service=report.service),
        "header": header,
        "verdict": verdict(report, loc),
        "summary": _summary(report, loc),
        "statements": statements,
        "timeline": timeline,
        "loss_rows": _loss_rows(report, loc),
        "range_label": loc.text("range", confidence=loc.percent(report.loss.confidence)),
        "evidence": evidence,
        "listed": listed,
        "expenses": _expenses(report, loc),
        "causality": _causality(report, loc),
        "orders": orders_section(report, loc),
        "method": method_section(report, loc),
        "policy": policy_section(report, loc),
        "sla": sla_section(report, loc),
        "labels": {key: loc.text(key) for key in _LABELS},
        "footer": loc.text("footer", version=report.version),
    }
