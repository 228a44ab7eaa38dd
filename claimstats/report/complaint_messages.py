"""Texts of the wallet complaint, per language (zh, en): the letter (``cl_*``) and the
report part behind it (``cr_*``).

The letter is one a shop sends: plain words, no statistics (those are in the report
part). In Chinese it holds no English word but the names and numbers the merchant gave.
``{name}`` fields are filled by :meth:`claimstats.report.i18n.Locale.text`, plural forms
``{count:# payment|# payments}`` by :func:`claimstats.catalogue.fill`.
"""

from __future__ import annotations

__all__ = ["COMPLAINT_MESSAGES", "PROVIDER_NAMES_ZH"]

#: the Chinese names of wallets, by their name in lower case; others keep the given name
PROVIDER_NAMES_ZH: dict[str, str] = {
    "wechat pay": "微信支付",
    "weixin pay": "微信支付",
    "wechat": "微信支付",
    "alipay": "支付宝",
    "unionpay": "银联",
    "unionpay quickpass": "云闪付",
    "jd pay": "京东支付",
    "douyin pay": "抖音支付",
}

COMPLAINT_MESSAGES: dict[str, dict[str, str]] = {
    # --- the letter ----------------------------------------------------------------------
    "cl_to": {"zh": "致:{addressee}", "en": "To: {addressee}"},
    "cl_with_contact": {"zh": "{name}({contact})", "en": "{name} ({contact})"},
    "cl_from": {"zh": "商户名称:{name}", "en": "From: {name}"},
    "cl_merchant_id": {"zh": "商户号:{merchant_id}", "en": "Merchant number: {merchant_id}"},
    "cl_contact": {"zh": "联系方式:{contact}", "en": "Contact: {contact}"},
    "cl_date": {"zh": "日期:{date}", "en": "Date: {date}"},
    "cl_subject": {
        "zh": "事由:{days}{provider}故障期间支付失败,请求{asks}",
        "en": "Subject: payments that failed during the {provider} outage of {days}: {asks}",
    },
    "cl_asks_both": {"zh": "退款与赔偿", "en": "refund and compensation"},
    "cl_asks_refund": {"zh": "退款", "en": "refund"},
    "cl_asks_compensation": {"zh": "赔偿", "en": "compensation"},
    "cl_asks_explanation": {"zh": "说明情况", "en": "an explanation"},
    "cl_salutation": {"zh": "{addressee}:", "en": "Dear {addressee},"},
    "cl_window": {"zh": "{start}至{end}", "en": "{start} to {end}"},
    "cl_window_sep": {"zh": "、", "en": "; "},
    "cl_opening": {
        "zh": "{period},{provider}发生故障,顾客通过{provider}向我店付款大量失败:这段时间顾客共发起 {attempts} 次支付,其中 {failures} 次失败;而平时支付失败的只占约 {normal_rate}。",
        "en": "From {period}, {provider} had an outage, and many payments to our shop through it failed: of the {attempts:# payment|# payments} customers attempted in that time, {failures} failed, whereas on a normal day only about {normal_rate} of them fail.",
    },
    "cl_section": {"zh": "{number}. {heading}", "en": "{number}. {heading}"},
    "cl_h_unpaid": {"zh": "没有收到的货款", "en": "Payments we did not receive"},
    "cl_failed": {
        "zh": "故障期间支付失败的金额共 {amount}(顾客连续重复点击付款的只算一次)。",
        "en": "The payments that failed during the outage came to {amount} (a customer tapping pay again at once is counted once).",
    },
    "cl_paid_later": {
        "zh": "其中 {recovered} 顾客随后重新付款成功;以下 {count} 笔共 {amount} 始终没有付款:",
        "en": "Customers paid {recovered} of it again later; the following {count:payment|# payments}, {amount} in all, {count:was|were} never paid:",
    },
    "cl_all_paid_later": {
        "zh": "这些款项顾客随后都已重新付款({recovered})。",
        "en": "Customers paid all of it again later ({recovered}).",
    },
    "cl_chance": {
        "zh": "随后的付款中约 {amount} 应是老顾客平常的再次购买,而不是失败后的重新付款,已计入没有收到的货款。",
        "en": "Of the later payments, about {amount} are likely regulars buying again as usual rather than paying again for a failed payment; this is counted as not received.",
    },
    "cl_loss": {
        "zh": "扣除平时也会失败的一小部分后,因这次故障我店没有收到的货款为 {amount}。",
        "en": "Leaving out the small part that would have failed on a normal day, the payments we did not receive because of the outage come to {amount}.",
    },
    "cl_h_refund": {
        "zh": "支付失败但已扣款的交易",
        "en": "Failed payments that took the customer's money",
    },
    "cl_refund_due": {
        "zh": "以下 {count} 笔支付显示失败,顾客却已被扣款,共 {amount};按现有记录,这些款项尚未退还:",
        "en": "The following {count:payment was|# payments were} reported as failed, yet the customer's money was taken, {amount} in all; according to the records, {count:it has|they have} not been returned:",
    },
    "cl_partial": {
        "zh": "其中 {count} 笔已部分退还,表中金额为尚未退还的部分。",
        "en": "{count:One of them was|# of them were} refunded in part; the amounts listed are what is still due.",
    },
    "cl_refunded": {
        "zh": "另有 {count} 笔共 {amount} 已由{provider}退还顾客,不在本次请求之内。",
        "en": "Another {count:such payment|# such payments}, {amount} in all, {count:was|were} refunded to the customers by {provider} already and {count:is|are} not part of this request.",
    },
    "cl_h_requests": {"zh": "我店的请求", "en": "What we ask"},
    "cl_ask_refund": {
        "zh": "退还上述支付失败但已扣款的 {count} 笔款项,共 {amount}。",
        "en": "Refund the {count:failed payment|# failed payments} above that took the customer's money: {amount}.",
    },
    "cl_ask_compensation": {
        "zh": "赔偿我店因故障没有收到的货款:{amount}。",
        "en": "Compensate the payments we did not receive because of the outage: {amount}.",
    },
    "cl_ask_explanation": {
        "zh": "书面说明这次故障的原因与处理结果。",
        "en": "Explain in writing the cause of the outage and how it was resolved.",
    },
    "cl_overlap": {
        "zh": "其中 {count} 笔({amount})也在没有收到的货款之中;如这些款项改为结算给我店,赔偿金额相应减少约 {amount}。",
        "en": "{count:One of these payments|# of these payments} ({amount}) {count:is|are} also among the payments we did not receive; if {count:it is|they are} settled to us instead of refunded, the compensation falls by about {amount}.",
    },
    "cl_h_evidence": {"zh": "证据", "en": "Evidence"},
    "cl_evidence_intro": {
        "zh": "随函附上以下文件,可用其 SHA-256 摘要核对文件未经改动:",
        "en": "We attach the following files; their SHA-256 digests show that they are unchanged:",
    },
    "cl_evidence_file": {
        "zh": "{kind}:{name}({rows} 行),SHA-256 {sha256}",
        "en": "{kind}: {name} ({rows:# row|# rows}), SHA-256 {sha256}",
    },
    "cl_evidence_records": {
        "zh": "{kind}({rows} 行)",
        "en": "{kind} ({rows:# row|# rows})",
    },
    "cl_kind_orders": {"zh": "支付尝试记录", "en": "Payment attempt records"},
    "cl_kind_outages": {"zh": "故障通知", "en": "Outage notice"},
    "cl_h_steps": {"zh": "已采取的步骤", "en": "Steps taken so far"},
    "cl_step_both": {
        "zh": "我店已于 {date}联系{support}(工单号 {ticket})。",
        "en": "We contacted {support} on {date} (ticket {ticket}).",
    },
    "cl_step_date": {
        "zh": "我店已于 {date}联系{support}。",
        "en": "We contacted {support} on {date}.",
    },
    "cl_step_ticket": {
        "zh": "我店已就此联系{support}(工单号 {ticket})。",
        "en": "We contacted {support} about this (ticket {ticket}).",
    },
    "cl_h_reply": {"zh": "答复与后续", "en": "Reply and next steps"},
    "cl_reply": {
        "zh": "请在 {days} 日内,即 {date}前,书面答复我店。",
        "en": "Please reply in writing within {days:# day|# days}, by {date}.",
    },
    "cl_escalate": {
        "zh": "如届时未获满意答复,我店将依次采取以下步骤:",
        "en": "Without a satisfactory reply by then, we will take these steps, in this order:",
    },
    "cl_escalate_provider": {
        "zh": "向{provider}提出正式投诉",
        "en": "a formal complaint to {provider}",
    },
    "cl_escalate_association": {
        "zh": "向行业协会或消费者组织投诉:{body}",
        "en": "a complaint to the industry or consumer body: {body}",
    },
    "cl_escalate_regulator": {
        "zh": "向监管部门投诉:{body}",
        "en": "a complaint to the regulator: {body}",
    },
    "cl_escalate_legal": {
        "zh": "通过法律途径解决:{body}",
        "en": "legal action: {body}",
    },
    "cl_closing": {"zh": "此致\n敬礼!", "en": "Yours faithfully,"},
    # --- the report part -----------------------------------------------------------------
    "cr_title": {"zh": "钱包支付故障投诉", "en": "Wallet payment failure complaint"},
    "cr_subtitle": {"zh": "{merchant} 致 {provider}", "en": "{merchant} to {provider}"},
    "cr_merchant": {"zh": "商户", "en": "Merchant"},
    "cr_merchant_id": {"zh": "商户号", "en": "Merchant number"},
    "cr_provider": {"zh": "支付服务", "en": "Wallet"},
    "cr_windows": {"zh": "故障时段", "en": "Failure windows"},
    "cr_letter": {"zh": "投诉函", "en": "The letter"},
    "cr_letter_hint": {
        "zh": "可直接打印或复制发送;信中数字的依据见下文。",
        "en": "Print it or copy it as it is; the figures behind it follow.",
    },
    "cr_letter_in": {"zh": "{language}版投诉函", "en": "The letter in {language}"},
    "cr_lang_zh": {"zh": "中文", "en": "Chinese"},
    "cr_lang_en": {"zh": "英文", "en": "English"},
    "cr_figures": {"zh": "信函背后的数字", "en": "The figures behind the letter"},
    "cr_failed_of": {
        "zh": "{attempts} 次中失败 {failures} 次({rate})",
        "en": "{failures} of {attempts:# attempt|# attempts} failed ({rate})",
    },
    "cr_in_window": {
        "zh": "故障时段内的支付尝试",
        "en": "Payment attempts in the failure windows",
    },
    "cr_outside": {
        "zh": "其他时段的支付尝试(正常失败率)",
        "en": "Payment attempts at other times (the normal rate)",
    },
    "cr_expected": {
        "zh": "按正常失败率预期的失败次数",
        "en": "Failures expected at the normal rate",
    },
    "cr_excess": {
        "zh": "超出正常失败率的失败次数",
        "en": "Failures beyond the normal rate",
    },
    "cr_chance": {"zh": "会不会是偶然", "en": "Could it be chance?"},
    "cr_chance_no": {
        "zh": "若失败率一切正常,出现这么多失败的概率为 {p}(p 值):这不是偶然波动。",
        "en": "At the normal rate, this many failures would occur with a chance of {p} (the p-value): it is not chance variation.",
    },
    "cr_chance_maybe": {
        "zh": "若失败率一切正常,出现这么多失败的概率为 {p}(p 值):不能排除偶然波动,这些记录不足以证明钱包出现故障。",
        "en": "At the normal rate, this many failures would occur with a chance of {p} (the p-value): chance variation cannot be ruled out, and these records do not show that the wallet failed.",
    },
    "cr_retry_window": {
        "zh": "视为重新付款的时限",
        "en": "Time within which a payment counts as paying again",
    },
    "cr_repeated": {
        "zh": "连续重复点击又失败的(只计一次)",
        "en": "Taps repeated at once that failed again (counted once)",
    },
    "cr_count_amount": {
        "zh": "{count} 笔,{amount}",
        "en": "{count:# payment|# payments}, {amount}",
    },
    "cr_amounts": {
        "zh": "金额:从失败金额到没有收到的货款",
        "en": "Amounts: from the failed amount to the payments not received",
    },
    "cr_step_failed": {
        "zh": "故障时段内支付失败(重复点击只计一次)",
        "en": "Failed in the windows (repeated taps once)",
    },
    "cr_step_recovered": {
        "zh": "顾客随后重新付款",
        "en": "Paid again later by the same customer",
    },
    "cr_step_unpaid": {"zh": "始终没有付款", "en": "Never paid"},
    "cr_step_chance": {
        "zh": "老顾客平常的再次购买,加回",
        "en": "Regulars buying again as usual, added back",
    },
    "cr_step_anyway": {
        "zh": "平时也会失败的部分",
        "en": "Would have failed on a normal day",
    },
    "cr_step_other": {"zh": "其他调整", "en": "Other adjustments"},
    "cr_step_unrecovered": {
        "zh": "因故障没有收到的货款",
        "en": "Not received because of the outage",
    },
    "cr_refunds": {"zh": "支付失败但已扣款", "en": "Failed payments that took money"},
    "cr_refunded": {
        "zh": "已由钱包退还顾客",
        "en": "Refunded to the customers by the wallet",
    },
    "cr_refunded_total": {
        "zh": "钱包已退还的全部金额(含部分退款)",
        "en": "All the wallet gave back (partial refunds included)",
    },
    "cr_refunded_amount": {"zh": "已退还金额", "en": "Refunded"},
    "cr_refunded_at": {"zh": "退还时间", "en": "Refunded at"},
    "cr_retry_measured": {
        "zh": "{duration}(按数据测定)",
        "en": "{duration} (measured from the data)",
    },
    "cr_retry_set": {"zh": "{duration}(按设定)", "en": "{duration} (as set)"},
    "cr_refund_due": {"zh": "应退款(尚未退还)", "en": "Refund due (not returned)"},
    "cr_unknown": {"zh": "未知", "en": "unknown"},
    "cr_funds_unknown": {
        "zh": "交易记录没有说明每次支付是否已扣款,因此投诉函不提出退款请求。要列出应退款的交易,请从{provider}商户平台导出逐笔支付尝试明细,并包含“是否扣款”一列(每次失败的支付是否已从顾客账户扣款),再重新生成本报告。",
        "en": "The transactions do not say whether each payment took the customer's money, so the letter asks for no refund. To list the refunds due, export the per-attempt records from the {provider} merchant platform with the “money deducted” column (whether each failed payment took the customer's money), and make this report again.",
    },
    "cr_chart_hours": {
        "zh": "每小时失败的支付比例",
        "en": "Share of payment attempts that failed, by hour",
    },
    "cr_axis_share": {"zh": "失败比例", "en": "Failed share of attempts"},
    "cr_legend_share": {"zh": "失败比例", "en": "Failed share"},
    "cr_legend_normal": {"zh": "正常失败率 {rate}", "en": "Normal rate {rate}"},
    "cr_hover_hour": {
        "zh": "{hour}:{attempts} 次中失败 {failures} 次",
        "en": "{hour}: {failures} of {attempts:# attempt|# attempts} failed",
    },
    "cr_chart_waterfall": {
        "zh": "从失败金额到没有收到的货款({currency})",
        "en": "From the failed amount to the payments not received ({currency})",
    },
    "cr_refunded_list": {
        "zh": "已由钱包退还顾客的交易",
        "en": "Payments the wallet refunded already",
    },
    "cr_path": {"zh": "投诉升级路径", "en": "Escalation path"},
    "cr_step": {"zh": "步骤", "en": "Step"},
    "cr_body": {"zh": "机构", "en": "Body"},
    "cr_contact": {"zh": "联系方式", "en": "Contact"},
    "cr_path_provider": {"zh": "服务商的商户客服", "en": "The provider's merchant support"},
    "cr_path_association": {
        "zh": "行业协会或消费者组织",
        "en": "Industry or consumer body",
    },
    "cr_path_regulator": {"zh": "监管部门", "en": "Regulator"},
    "cr_path_legal": {"zh": "法律途径", "en": "Legal route"},
    # --- the workbook of the lists -------------------------------------------------------
    "cx_unpaid": {"zh": "未付款", "en": "Unpaid"},
    "cx_refund_due": {"zh": "应退款", "en": "Refund due"},
    "cx_refunded": {"zh": "已退款", "en": "Refunded"},
    "cx_summary": {"zh": "汇总", "en": "Summary"},
    "cx_failures_in_window": {
        "zh": "故障时段内失败的支付尝试",
        "en": "Failed attempts in the failure windows",
    },
    "cx_failures_outside": {"zh": "其他时段失败的支付尝试", "en": "Failed attempts at other times"},
    "cx_rate_in_window": {"zh": "故障时段内的失败比例", "en": "Failed share in the windows"},
    "cx_rate_outside": {"zh": "正常失败率", "en": "Normal failure rate"},
}
