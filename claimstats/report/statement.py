"""The claim statement: reason, basis of the calculation, evidence, in zh and en.

Each answer is composed from the numbers of the analysis, so the statement and the
report can never disagree. The words, in each language, are in
:mod:`claimstats.report.messages` (the sentences on the method shared with the report's
method section); numbers are formatted by :class:`claimstats.report.i18n.Locale`.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimstats.models import (
    ClaimAnalysis,
    EvidenceItem,
    ExpenseItem,
    FileProvenance,
    IncidentSummary,
    LossEstimate,
)
from claimstats.report.i18n import Locale, method_key
from claimstats.report.impact import ClaimStatement
from claimstats.report.method_section import recovery_phrase

__all__ = ["claim_statement", "statement_text"]


def _orders(loc: Locale, channel: str | None, control: str | None) -> str:
    """Whose orders the loss is counted on: the affected channel's, or without one all
    channels' together (but the control's)."""
    if channel is not None:
        return loc.text("orders_of_channel", channel=channel)
    if control is not None:
        return loc.text("orders_of_all_but", control=control)
    return loc.text("orders_of_all")


def _reason(
    loc: Locale, service: str, channel: str | None, control: str | None, s: IncidentSummary
) -> str:
    parts = [
        loc.text(
            "statement_outages",
            service=service,
            start=loc.moment(s.first_start) if s.first_start else "—",
            count=s.interruptions,
            total=loc.duration(s.total_downtime),
            longest=loc.duration(s.longest),
        )
    ]
    if s.passed_threshold:
        parts.append(loc.text("statement_threshold", threshold=loc.duration(s.threshold)))
    if s.recurrent:
        parts.append(
            loc.text("statement_recurrent", days=s.window.days, count=s.max_interruptions_in_window)
        )
    if channel is not None:
        parts.append(loc.text("statement_direct", channel=channel))
    else:
        parts.append(loc.text("statement_direct_all", orders=_orders(loc, channel, control)))
    if s.ongoing:
        parts.append(loc.text("statement_ongoing"))
    return loc.sentences(parts)


def _method(loc: Locale, channel: str | None, e: LossEstimate) -> str:
    """The method used and its baseline period, in the words of the report's method section."""
    text = loc.text(
        f"method_short_{method_key(e.method, e.control)}",
        weeks=e.baseline_weeks,
        orders=_orders(loc, channel, e.control),
        control=e.control or "—",
        method=e.method,
    )
    period = loc.text("basis_period", start=loc.day(e.baseline_start), end=loc.day(e.baseline_end))
    return loc.sentences([text, period])


def _basis(loc: Locale, channel: str | None, e: LossEstimate) -> str:
    money = lambda v: loc.money(v, e.currency)  # noqa: E731
    conf = loc.percent(e.confidence)
    by_hour = any(note.code == "order_value_by_hour" for note in e.notes)
    value = loc.text(
        "basis_value_by_hour" if by_hour else "basis_value", aov=money(e.average_order_value)
    )
    parts = [
        _method(loc, channel, e),
        loc.text(
            "basis_loss",
            expected=loc.number(e.expected_orders),
            actual=loc.number(e.actual_orders),
            lost=loc.number(e.lost_orders),
            recovery=recovery_phrase(loc, e),
            recovered=loc.number(e.recovered_orders),
            net=loc.number(e.net_lost_orders),
            expected_revenue=money(e.expected_revenue),
            value=value,
            actual_revenue=money(e.actual_revenue),
            recovered_revenue=money(e.recovered_revenue),
            net_revenue=money(e.net_lost_revenue),
            confidence=conf,
            low=money(e.net_lost_revenue_low),
            high=money(e.net_lost_revenue_high),
        ),
    ]
    if e.lost_profit is not None and e.margin is not None:
        parts.append(
            loc.text("basis_profit", margin=loc.percent(e.margin), profit=money(e.lost_profit))
        )
    parts.append(
        loc.text(
            "basis_claim_expenses" if e.claimed_expenses else "basis_claim",
            amount=money(e.claim_amount),
            confidence=conf,
            low=money(e.claim_amount_low),
            high=money(e.claim_amount_high),
            basis=loc.text("claim_on_profit" if e.margin is not None else "claim_on_revenue"),
            expenses=money(e.claimed_expenses),
        )
    )
    if e.control and e.control_expected_orders:
        ratio = loc.percent(e.control_actual_orders / e.control_expected_orders)
        parts.append(loc.text("basis_control", control=e.control, ratio=ratio))
    parts.append(loc.text("basis_p_value", count=e.placebo_windows, p=loc.p_value(e.p_value)))
    return loc.sentences([*parts, loc.text("method_choice_ref")])


def _evidence(
    loc: Locale,
    evidence: list[FileProvenance],
    expenses: list[ExpenseItem],
    listed: Sequence[EvidenceItem] = (),
) -> str:
    items = [
        loc.text(
            "evidence_file",
            kind=loc.text(f"kind_{f.kind}"),
            name=f.name,
            rows=loc.number(f.rows_kept),
            digest=f"SHA-256 {f.sha256[:16]}…" if f.sha256 else loc.file_format(f.format),
        )
        for f in evidence
    ]
    documents = list(dict.fromkeys(i.evidence for i in expenses if i.claimed and i.evidence))
    if documents:
        label = loc.text("expense_documents")
        items.append(loc.text("evidence_named", label=label, names=loc.join(documents)))
    for kind in dict.fromkeys(item.kind for item in listed):
        names = loc.join([item.name for item in listed if item.kind == kind])
        items.append(loc.text("evidence_named", label=loc.text(f"evidence_{kind}"), names=names))
    return loc.text("evidence_separator").join([*items, loc.text("evidence_this_report")])


def claim_statement(lang: str, analysis: ClaimAnalysis) -> ClaimStatement:
    """The three answers of a claim form, composed from the analysis.

    Parameters
    ----------
    lang
        ``'zh'`` or ``'en'``.
    analysis
        The claim's analysis as the report shows it (numbers rounded as published,
        texts masked as the report masks them).

    Returns
    -------
    ClaimStatement

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> demo_report().statements["en"].reason.startswith("WhatsApp Web was interrupted")
    True
    """
    loc = Locale(lang, analysis.tz)
    loss = analysis.loss
    return ClaimStatement(
        lang=loc.lang,
        reason=_reason(loc, analysis.service, analysis.channel, analysis.control, analysis.summary),
        basis=_basis(loc, analysis.channel, loss),
        evidence=_evidence(loc, analysis.evidence, loss.expenses, analysis.evidence_items),
    )


def statement_text(statement: ClaimStatement) -> str:
    """The statement as plain text, its three answers under their headings, ready to paste
    into a claim form.

    Examples
    --------
    >>> from claimstats.datasets import demo_report
    >>> print(statement_text(demo_report().statements["en"]).splitlines()[0])
    Reason for the claim
    """
    labels = Locale(statement.lang, "UTC")
    return "\n\n".join(
        f"{labels.text(key)}\n{body}"
        for key, body in (
            ("reason", statement.reason),
            ("basis", statement.basis),
            ("evidence_types", statement.evidence),
        )
    )
