"""The claim statement: reason, basis of the calculation, evidence, in zh and en.

Each answer is composed from the numbers of the analysis, so the statement and the
report can never disagree. The sentences on the method are shared with the report's
method section (:mod:`claimstats.report.messages`); the others live here, per
language. Numbers are formatted by :class:`claimstats.report.i18n.Locale`.
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

__all__ = ["claim_statement", "statement_text"]


def _reason(loc: Locale, service: str, channel: str | None, s: IncidentSummary) -> str:
    longest = loc.duration(s.longest)
    total = loc.duration(s.total_downtime)
    start = loc.moment(s.first_start) if s.first_start else "—"
    channel_name = channel or service
    if loc.lang == "zh":
        parts = [
            f"{service} 自 {start} 起发生服务中断,共 {s.interruptions} 次,总计 {total};最长一次连续中断 {longest}。"
        ]
        if s.passed_threshold:
            parts.append(f"该次中断超过 {loc.duration(s.threshold)}。")
        if s.recurrent:
            parts.append(f"在 {s.window.days} 天内反复中断 {s.max_interruptions_in_window} 次。")
        parts.append(
            f"中断期间我方无法通过 {channel_name} 渠道接收客户订单,造成直接经济损失。"
            "本索赔仅涉及直接损失;间接损失(如客户流失、商誉)未计入。"
        )
        if s.ongoing:
            parts.append("截至报告时中断仍在持续。")
        return "".join(parts)
    parts = [
        f"{service} was interrupted from {start}: {s.interruptions} interruption(s), {total} in all; "
        f"the longest continuous interruption lasted {longest}."
    ]
    if s.passed_threshold:
        parts.append(f"It exceeded {loc.duration(s.threshold)}.")
    if s.recurrent:
        parts.append(
            f"The service failed {s.max_interruptions_in_window} times within {s.window.days} days."
        )
    parts.append(
        f"During the interruptions we could not receive customer orders through the {channel_name} "
        "channel, which caused a direct financial loss. This claim covers direct loss only; "
        "indirect losses (such as lost future customers or reputation) are not claimed."
    )
    if s.ongoing:
        parts.append("The interruption was still ongoing at the time of this report.")
    return " ".join(parts)


def _method(loc: Locale, channel: str | None, e: LossEstimate) -> str:
    """The method used and its baseline period, in the words of the report's method section."""
    text = loc.text(
        f"method_short_{method_key(e.method, e.control)}",
        weeks=e.baseline_weeks,
        channel=channel or "—",
        control=e.control or "—",
        method=e.method,
    )
    period = loc.text("basis_period", start=loc.day(e.baseline_start), end=loc.day(e.baseline_end))
    return text + ("" if loc.lang == "zh" else " ") + period


def _basis(loc: Locale, channel: str | None, e: LossEstimate) -> str:
    money = lambda v: loc.money(v, e.currency)  # noqa: E731
    num = lambda v: loc.number(v)  # noqa: E731
    conf = loc.percent(e.confidence)
    p = loc.p_value(e.p_value)
    aov = money(e.average_order_value)
    by_hour = any(note.code == "order_value_by_hour" for note in e.notes)
    claim = [money(v) for v in (e.claim_amount, e.claim_amount_low, e.claim_amount_high)]
    if loc.lang == "zh":
        value = (
            f"各时段预期订单 × 基准期一天中同一小时的平均订单金额,全天平均 {aov}"
            if by_hour
            else f"预期订单 × 基准期平均订单金额 {aov}"
        )
        text = _method(loc, channel, e) + (
            f"中断期间预计应有 {num(e.expected_orders)} 单,实际 "
            f"{num(e.actual_orders)} 单,总缺口 {num(e.lost_orders)} 单;服务恢复后 "
            f"{loc.duration(e.recovery)}内补回 {num(e.recovered_orders)} 单,已扣除;"
            f"净损失 {num(e.net_lost_orders)} 单。金额:预期收入 {money(e.expected_revenue)}"
            f"({value}),实际收入 {money(e.actual_revenue)},扣除补单收入 "
            f"{money(e.recovered_revenue)},净直接损失 {money(e.net_lost_revenue)}({conf} 区间 "
            f"{money(e.net_lost_revenue_low)} 至 {money(e.net_lost_revenue_high)})。"
        )
        if e.lost_profit is not None and e.margin is not None:
            text += f"按边际贡献率 {loc.percent(e.margin)} 计,利润损失 {money(e.lost_profit)}。"
        text += f"索赔金额 {claim[0]}({conf} 区间 {claim[1]} 至 {claim[2]})"
        if e.claimed_expenses:
            text += f",其中含已记录的额外费用 {money(e.claimed_expenses)}"
        text += "。"
        if e.control and e.control_expected_orders:
            ratio = loc.percent(e.control_actual_orders / e.control_expected_orders)
            text += f"同期未受影响的 {e.control} 渠道订单为正常水平的 {ratio}。"
        text += f"在 {e.placebo_windows} 个正常时期的同形窗口中,出现同等缺口的概率为 {p}。"
        return text + loc.text("method_choice_ref")
    value = (
        f"each hour's expected orders at that hour of the day's average order value in the "
        f"baseline; {aov} over all hours"
        if by_hour
        else f"expected orders at the baseline average order value of {aov}"
    )
    text = _method(loc, channel, e) + (
        f" Expected during the interruptions: "
        f"{num(e.expected_orders)} orders; actual: {num(e.actual_orders)}; gross shortfall: "
        f"{num(e.lost_orders)} orders. Catch-up orders in the {loc.duration(e.recovery)} after "
        f"service returned: {num(e.recovered_orders)}, deducted. Net loss: "
        f"{num(e.net_lost_orders)} orders. In money: expected revenue "
        f"{money(e.expected_revenue)} ({value}), actual revenue {money(e.actual_revenue)}, "
        f"catch-up revenue {money(e.recovered_revenue)} deducted: a net direct loss of "
        f"{money(e.net_lost_revenue)} ({conf} interval {money(e.net_lost_revenue_low)} to "
        f"{money(e.net_lost_revenue_high)})."
    )
    if e.lost_profit is not None and e.margin is not None:
        text += f" At a contribution margin of {loc.percent(e.margin)}, the lost profit is {money(e.lost_profit)}."
    text += f" The amount claimed is {claim[0]} ({conf} interval {claim[1]} to {claim[2]})"
    if e.claimed_expenses:
        text += f", including documented extra expenses of {money(e.claimed_expenses)}"
    text += "."
    if e.control and e.control_expected_orders:
        ratio = loc.percent(e.control_actual_orders / e.control_expected_orders)
        text += f" The unaffected {e.control} channel ran at {ratio} of its normal level meanwhile."
    text += (
        f" In {e.placebo_windows} normal windows of the same shape, a shortfall this large "
        f"occurred with a probability of {p}. "
    )
    return text + loc.text("method_choice_ref")


def _evidence(
    loc: Locale,
    evidence: list[FileProvenance],
    expenses: list[ExpenseItem],
    listed: Sequence[EvidenceItem] = (),
) -> str:
    items = []
    for f in evidence:
        kind = loc.text(f"kind_{f.kind}")
        digest = f"SHA-256 {f.sha256[:16]}…" if f.sha256 else "DataFrame"
        rows = loc.number(f.rows_kept)
        if loc.lang == "zh":
            items.append(f"{kind}:{f.name}({rows} 行,{digest})")
        else:
            items.append(f"{kind}: {f.name} ({rows} rows, {digest})")
    documents = list(dict.fromkeys(i.evidence for i in expenses if i.claimed and i.evidence))
    separator = "、" if loc.lang == "zh" else ", "
    colon = ":" if loc.lang == "zh" else ": "
    if documents:
        items.append(loc.text("expense_documents") + colon + separator.join(documents))
    for kind in dict.fromkeys(item.kind for item in listed):
        names = [item.name for item in listed if item.kind == kind]
        items.append(loc.text(f"evidence_{kind}") + colon + separator.join(names))
    if loc.lang == "zh":
        return (
            "；".join(items) + "；本影响报告(含计算方法、区间与时间线)。完整 SHA-256 见证据清单。"
        )
    return (
        "; ".join(items)
        + "; this impact report (method, intervals and timeline). Full SHA-256 digests are in the evidence inventory."
    )


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
        reason=_reason(loc, analysis.service, analysis.channel, analysis.summary),
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
