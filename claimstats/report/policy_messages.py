"""Texts of the report's policy and SLA sections, per language (zh, en).

``{name}`` fields are filled by :meth:`claimstats.report.i18n.Locale.text`; the codes
are those of :mod:`claimstats.policy` (checks ``check_*``, deadlines ``due_*``, next
steps ``step_*``, notes ``note_*``) and :mod:`claimstats.sla`.
"""

from __future__ import annotations

__all__ = ["POLICY_MESSAGES"]

POLICY_MESSAGES: dict[str, dict[str, str]] = {
    "policy": {"zh": "索赔条件与期限", "en": "Claim conditions and deadlines"},
    "policy_intro": {
        "zh": "按{claimant}索赔的通行规则检查(规则可设置);日期为当地日历,截至报告时间 {as_of}。",
        "en": "Checked against the usual rules for a {claimant} claim (the rules can be set); dates in the local calendar, as of {as_of}.",
    },
    "claimant_business": {"zh": "企业", "en": "business"},
    "claimant_personal": {"zh": "个人", "en": "personal"},
    "checks": {"zh": "条件", "en": "Condition"},
    "result": {"zh": "结果", "en": "Result"},
    "detail": {"zh": "说明", "en": "Detail"},
    "met": {"zh": "满足", "en": "Met"},
    "not_met": {"zh": "不满足", "en": "Not met"},
    "yes": {"zh": "有", "en": "yes"},
    "no": {"zh": "无", "en": "no"},
    "check_continuous_interruption": {
        "zh": "单次连续中断超过 {threshold}",
        "en": "One continuous interruption longer than {threshold}",
    },
    "check_continuous_interruption_detail": {
        "zh": "最长一次连续中断 {longest}",
        "en": "The longest lasted {longest}",
    },
    "check_repeated_interruptions": {
        "zh": "{window} 内频繁中断(至少 {minimum} 次)",
        "en": "Frequent interruptions: {minimum} or more within {window}",
    },
    "check_repeated_interruptions_detail": {
        "zh": "任意 {window} 内最多开始 {count} 次中断",
        "en": "At most {count} began within any {window}",
    },
    "check_filed_in_time": {
        "zh": "在首次中断后 {window} 内提出索赔",
        "en": "Claim filed within {window} of the first interruption",
    },
    "check_filed_in_time_filed": {"zh": "已于 {date} 提出", "en": "Filed on {date}"},
    "check_filed_in_time_open": {
        "zh": "期限至 {date}({left})",
        "en": "The window ends on {date} ({left})",
    },
    "check_business_evidence": {
        "zh": "企业索赔需更严格的证明:订单记录与未受影响的对照渠道",
        "en": "Stricter proof for a business claim: order records and an unaffected control channel",
    },
    "check_business_evidence_detail": {
        "zh": "订单记录:{orders};对照渠道:{control}",
        "en": "Order records: {orders}; control channel: {control}",
    },
    "deadlines": {"zh": "期限", "en": "Deadlines"},
    "date": {"zh": "日期", "en": "Date"},
    "remaining_days": {"zh": "剩余", "en": "Left"},
    "days_left": {"zh": "剩余 {days} 天", "en": "{days:# day|# days} left"},
    "days_ago": {"zh": "已过 {days} 天", "en": "{days:# day|# days} ago"},
    "today": {"zh": "今天", "en": "today"},
    "due_filing_deadline": {"zh": "建议申请截止", "en": "File the claim by"},
    "due_first_reply_due": {
        "zh": "首次答复最迟(工作日计)",
        "en": "First reply due by (business days)",
    },
    "due_follow_up_due": {"zh": "未获答复时再次联系", "en": "Without a reply, contact again on"},
    "next_steps": {"zh": "下一步", "en": "Next steps"},
    "by": {"zh": "时间", "en": "When"},
    "done": {"zh": "已完成", "en": "done"},
    "step_file_claim": {"zh": "在 {date} 前提交索赔", "en": "File the claim by {date}"},
    "step_file_claim_done": {"zh": "已于 {date} 提交索赔", "en": "Claim filed on {date}"},
    "step_file_claim_late": {
        "zh": "申请期限已于 {deadline} 结束:请立即提交,并说明延误原因",
        "en": "The filing window ended on {deadline}: file at once and explain the delay",
    },
    "step_await_first_reply": {
        "zh": "预计在 {earliest} 至 {latest} 之间收到首次答复({low}–{high} 个工作日,不含{country}的公众假日,计入调休上班日)",
        "en": "Expect a first reply between {earliest} and {latest} ({low}–{high:# business day|# business days}, public holidays in {country} excluded)",
    },
    "step_follow_up_no_reply": {
        "zh": "若 {days} 天仍未获答复,于 {date} 再次联系服务商",
        "en": "If there is no reply after {days:# day|# days}, contact the provider again on {date}",
    },
    "sla": {
        "zh": "服务水平(SLA):月可用率与服务补偿",
        "en": "SLA view: monthly uptime and service credit",
    },
    "sla_intro": {
        "zh": "按当地日历月计算;“中断”与“部分中断”计为不可用,“性能下降”与“计划维护”不计。补偿标准(可设置):{tiers}。",
        "en": "Per calendar month in local time; outages and partial outages count as downtime, degraded service and planned maintenance do not. Credit schedule (can be set): {tiers}.",
    },
    "sla_tier": {
        "zh": "月可用率低于 {below} 补偿月费的 {credit}",
        "en": "below {below} monthly uptime, {credit} of the monthly fee",
    },
    "sla_tier_sep": {"zh": ";", "en": "; "},
    "month": {"zh": "月份", "en": "Month"},
    "downtime": {"zh": "不可用时长", "en": "Downtime"},
    "uptime": {"zh": "可用率", "en": "Uptime"},
    "credit": {"zh": "补偿比例", "en": "Credit"},
    "no_credit": {"zh": "未达补偿标准", "en": "no credit"},
    "month_open": {
        "zh": "(截至报告时间,本月未结束,可用率只会更低)",
        "en": "(month not over at the report time: uptime can only fall)",
    },
}
