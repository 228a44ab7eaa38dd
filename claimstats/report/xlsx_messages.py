"""Labels of the Excel loss schedule, per language (zh, en).

Only the workbook's own labels live here: column headings with their units, sheet
names, and the names of the figures a policy check rests on. Every sentence the
workbook shares with the HTML report (the policy checks, deadlines, next steps and
the SLA view) comes from :mod:`claimstats.report.messages` and
:mod:`claimstats.report.policy_messages`, through
:data:`claimstats.report.i18n.MESSAGES`, which joins this table too.
"""

from __future__ import annotations

__all__ = ["XLSX_MESSAGES"]

#: message key -> {language: text}, for the labels only the workbook uses
XLSX_MESSAGES: dict[str, dict[str, str]] = {
    "sheet_orders": {"zh": "窗口内订单", "en": "Orders in the windows"},
    "sheet_schedule": {"zh": "损失明细", "en": "Loss schedule"},
    "sheet_windows": {"zh": "中断窗口", "en": "Outage windows"},
    "sheet_summary": {"zh": "损失汇总", "en": "Loss summary"},
    "sheet_policy": {"zh": "索赔条件核对", "en": "Policy checks"},
    "sheet_sla": {"zh": "服务水平", "en": "SLA"},
    "sheet_assumptions": {"zh": "假设与参数", "en": "Assumptions"},
    "sheet_sensitivity": {"zh": "敏感性分析", "en": "Sensitivity"},
    "bucket_local": {"zh": "时段开始(当地时间)", "en": "Bucket start (local time)"},
    "bucket_utc": {"zh": "时段开始(UTC)", "en": "Bucket start (UTC)"},
    "band_low": {"zh": "正常波动下限", "en": "Normal variation, low"},
    "band_high": {"zh": "正常波动上限", "en": "Normal variation, high"},
    "outage_share": {"zh": "处于中断内的比例", "en": "Share inside an outage"},
    "recovery_share": {
        "zh": "处于计入的恢复期内的比例",
        "en": "Share inside a kept recovery window",
    },
    "bucket_lost": {"zh": "缺口订单(中断内)", "en": "Shortfall orders (in the outage)"},
    "bucket_recovered": {"zh": "计入的补单", "en": "Catch-up orders counted"},
    "bucket_lost_revenue": {"zh": "收入缺口", "en": "Revenue shortfall"},
    "bucket_recovered_revenue": {"zh": "计入的补单收入", "en": "Catch-up revenue counted"},
    "bucket_net": {"zh": "本时段净损失订单", "en": "Net lost orders in the bucket"},
    "bucket_so_far": {"zh": "截至本时段累计净损失订单", "en": "Net lost orders, running total"},
    "bucket_net_revenue": {"zh": "本时段净直接损失", "en": "Net lost revenue in the bucket"},
    "bucket_so_far_revenue": {
        "zh": "截至本时段累计净直接损失",
        "en": "Net lost revenue, running total",
    },
    "recovery_rule_measured": {
        "zh": "按数据测定(订单高于预期的时长)",
        "en": "measured from the orders (how long they stayed above expectation)",
    },
    "recovery_rule_set": {"zh": "由分析人员设定", "en": "set by the analyst"},
    "recovery_kept": {"zh": "计入补单的恢复期", "en": "Recovery windows kept"},
    "recovery_surplus": {"zh": "恢复期内高于预期的订单", "en": "Orders above expectation in them"},
    "recovery_kept_share": {"zh": "其中计为补单的比例", "en": "Share counted as catch-up"},
    "duration_hours": {"zh": "时长(小时)", "en": "Duration (h)"},
    "ongoing_column": {"zh": "报告时仍在持续", "en": "Ongoing at the report"},
    "incident_ids": {"zh": "事件编号", "en": "Incident ids"},
    "answer_yes": {"zh": "是", "en": "Yes"},
    "answer_no": {"zh": "否", "en": "No"},
    "interval_low": {"zh": "{confidence} 区间下限", "en": "{confidence} interval, low"},
    "interval_high": {"zh": "{confidence} 区间上限", "en": "{confidence} interval, high"},
    "indirect_total": {"zh": "间接损失(不索赔)", "en": "Indirect losses (not claimed)"},
    "affected_channel": {"zh": "受影响渠道", "en": "Affected channel"},
    "estimation_method": {"zh": "方法", "en": "Method"},
    "baseline_start": {"zh": "基准期开始", "en": "Baseline start"},
    "baseline_end": {"zh": "基准期结束", "en": "Baseline end"},
    "baseline_weeks": {"zh": "基准期周数", "en": "Baseline weeks"},
    "bucket_length": {"zh": "时段长度", "en": "Bucket length"},
    "confidence_level": {"zh": "置信水平", "en": "Confidence level"},
    "seed": {"zh": "随机种子", "en": "Random seed"},
    "recovery_hours": {"zh": "恢复期(小时)", "en": "Recovery window (h)"},
    "time_zone": {"zh": "时区", "en": "Time zone"},
    "version": {"zh": "claimstats 版本", "en": "claimstats version"},
    "numbered_note": {"zh": "说明 {number}", "en": "Note {number}"},
    "source": {"zh": "来源路径", "en": "Source path"},
    "rows_read": {"zh": "读取行数", "en": "Rows read"},
    "rows_kept": {"zh": "保留行数", "en": "Rows kept"},
    "rows_rejected": {"zh": "拒绝行数", "en": "Rows rejected"},
    "first_time": {"zh": "最早时间(当地时间)", "en": "First time (local time)"},
    "last_time": {"zh": "最晚时间(当地时间)", "en": "Last time (local time)"},
    "encoding": {"zh": "文本编码", "en": "Text encoding"},
    "naive_zone": {"zh": "无时区时间所用时区", "en": "Zone of naive times"},
    # --- the sensitivity table (its other words are the HTML section's) ------------------
    "sens_col_base": {"zh": "是否本索赔的选择", "en": "The claim's own choice?"},
    "sens_col_reason": {"zh": "未能运行的原因", "en": "Why it did not run"},
    "sens_range": {"zh": "索赔金额的范围", "en": "Range of the amount claimed"},
    "sens_mover": {"zh": "影响最大的选择", "en": "The choice that moves it most"},
    "sens_all": {"zh": "全部选择", "en": "all choices"},
    "sens_lowest": {"zh": "最低", "en": "Lowest"},
    "sens_highest": {"zh": "最高", "en": "Highest"},
    # --- policy checks: the figures each check rests on (PolicyCheck.values) ----------
    "figure_longest_hours": {"zh": "最长连续中断(小时)", "en": "Longest interruption (h)"},
    "figure_threshold_hours": {"zh": "连续中断标准(小时)", "en": "Duration test (h)"},
    "figure_max_interruptions_in_window": {
        "zh": "单个窗口内最多中断次数",
        "en": "Most interruptions in one window",
    },
    "figure_recurrence_min": {"zh": "视为频繁的最少次数", "en": "Frequent from (interruptions)"},
    "figure_window_days": {"zh": "窗口长度(天)", "en": "Window (days)"},
    "figure_deadline": {
        "zh": "申请期限最后一天(当地日期)",
        "en": "Last day of the filing window (local date)",
    },
    "figure_days_remaining": {"zh": "剩余天数", "en": "Days left"},
    "figure_filed": {"zh": "已提交索赔", "en": "Claim filed"},
    "deadline_day": {"zh": "日期(当地时间)", "en": "Date (local time)"},
    "days_left_as_of": {"zh": "截至 {as_of} 剩余天数", "en": "Days left as of {as_of}"},
    "deadline_gone": {"zh": "已过期", "en": "Passed"},
    "no_policy": {
        "zh": "本报告没有索赔条件评估。",
        "en": "This report holds no assessment against the claim policy.",
    },
    # --- SLA ----------------------------------------------------------------------------
    "downtime_hours": {"zh": "不可用时长(小时)", "en": "Downtime (h)"},
    "credit_tier": {"zh": "补偿档位", "en": "Credit tier"},
    "uptime_below": {"zh": "月可用率低于", "en": "Monthly uptime below"},
    "no_sla_months": {
        "zh": "没有任何月份出现计入的不可用时长:没有服务补偿。",
        "en": "No month has counted downtime: no service credit is due.",
    },
}
