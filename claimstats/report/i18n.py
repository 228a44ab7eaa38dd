"""Every label and sentence of the report in Chinese and English, and locale formats.

Numbers, money and dates are formatted with Babel, per language: ``¥12,345.67`` and
``2026年8月4日 09:40 (UTC+8)`` in Chinese, ``CN¥12,345.67`` and
``4 Aug 2026, 09:40 (UTC+8)`` in English.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

import pandas as pd
from babel.dates import format_datetime
from babel.numbers import format_currency, format_decimal

from claimstats._time import zone
from claimstats.errors import ConfigError

__all__ = ["LANGS", "MESSAGES", "Lang", "Locale"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
_BABEL = {"zh": "zh_CN", "en": "en_GB"}
_DATE_PATTERN = {"zh": "y年M月d日 HH:mm", "en": "d MMM y, HH:mm"}
_DAY_PATTERN = {"zh": "y年M月d日", "en": "d MMM y"}

#: message key -> {language: text}; ``{name}`` fields are filled by :meth:`Locale.text`
MESSAGES: dict[str, dict[str, str]] = {
    "title": {"zh": "服务中断影响报告", "en": "Service interruption impact report"},
    "subtitle": {
        "zh": "{service} 中断造成的直接损失",
        "en": "Direct loss from the {service} interruption",
    },
    "claimant": {"zh": "索赔人", "en": "Claimant"},
    "service": {"zh": "服务", "en": "Service"},
    "period": {"zh": "中断期间", "en": "Period of interruption"},
    "as_of": {"zh": "报告时间", "en": "Report as of"},
    "summary": {"zh": "摘要", "en": "Summary"},
    "longest": {"zh": "最长连续中断", "en": "Longest continuous interruption"},
    "total_downtime": {"zh": "中断总时长", "en": "Total downtime"},
    "interruptions": {"zh": "中断次数", "en": "Interruptions"},
    "threshold_test": {
        "zh": "{threshold} 连续中断标准",
        "en": "{threshold} continuous-interruption test",
    },
    "recurrence_test": {
        "zh": "{window} 内反复中断",
        "en": "Repeated interruptions within {window}",
    },
    "passed": {"zh": "满足", "en": "Met"},
    "not_passed": {"zh": "未满足", "en": "Not met"},
    "recurrence_value": {
        "zh": "{count} 次(标准:至少 {minimum} 次)",
        "en": "{count} (test: at least {minimum})",
    },
    "net_loss": {"zh": "净直接损失(收入)", "en": "Net direct loss (revenue)"},
    "net_loss_orders": {"zh": "净损失订单", "en": "Net lost orders"},
    "interval": {
        "zh": "{confidence} 区间 {low} 至 {high}",
        "en": "{confidence} interval {low} to {high}",
    },
    "significance": {"zh": "显著性", "en": "Significance"},
    "significant": {
        "zh": "正常时期出现如此大的缺口的概率仅为 {p}(p 值),损失不是偶然波动。",
        "en": "A shortfall this large occurs on normal days with a chance of only {p} (p-value): it is not chance variation.",
    },
    "not_significant": {
        "zh": "正常时期出现如此大的缺口的概率为 {p}(p 值),不能排除偶然波动。",
        "en": "A shortfall this large occurs on normal days with a chance of {p} (p-value): chance variation cannot be ruled out.",
    },
    "deadline": {"zh": "建议申请截止", "en": "Recommended filing deadline"},
    "deadline_value": {"zh": "{date}(剩余 {left})", "en": "{date} ({left} left)"},
    "deadline_passed": {"zh": "{date}(已过 {left})", "en": "{date} ({left} ago)"},
    "timeline": {"zh": "时间线", "en": "Timeline"},
    "number": {"zh": "序号", "en": "No."},
    "start_local": {"zh": "开始(当地时间)", "en": "Start (local time)"},
    "end_local": {"zh": "结束(当地时间)", "en": "End (local time)"},
    "start_utc": {"zh": "开始(UTC)", "en": "Start (UTC)"},
    "end_utc": {"zh": "结束(UTC)", "en": "End (UTC)"},
    "duration": {"zh": "时长", "en": "Duration"},
    "severity": {"zh": "严重程度", "en": "Severity"},
    "description": {"zh": "说明", "en": "Description"},
    "ongoing": {"zh": "(截至报告时仍在持续)", "en": "(still ongoing at the time of the report)"},
    "sev_outage": {"zh": "完全中断", "en": "Outage"},
    "sev_partial": {"zh": "部分中断", "en": "Partial outage"},
    "sev_degraded": {"zh": "性能下降", "en": "Degraded"},
    "sev_maintenance": {"zh": "维护", "en": "Maintenance"},
    "loss": {"zh": "损失计算", "en": "Loss calculation"},
    "item": {"zh": "项目", "en": "Item"},
    "orders": {"zh": "订单数", "en": "Orders"},
    "revenue": {"zh": "收入", "en": "Revenue"},
    "range": {"zh": "{confidence} 区间", "en": "{confidence} interval"},
    "expected": {"zh": "预期(无中断时)", "en": "Expected without the interruption"},
    "actual": {"zh": "实际", "en": "Actual"},
    "gross": {"zh": "总缺口(中断期间)", "en": "Gross shortfall (during the outages)"},
    "catch_up": {"zh": "恢复后补单(已扣除)", "en": "Catch-up after recovery (deducted)"},
    "net": {"zh": "净损失(索赔额)", "en": "Net loss (claimed)"},
    "profit": {
        "zh": "利润损失(边际贡献率 {margin})",
        "en": "Lost profit (contribution margin {margin})",
    },
    "aov": {"zh": "基准期平均订单金额", "en": "Average order value in the baseline"},
    "charts": {"zh": "因果证据", "en": "Causality evidence"},
    "chart_timeline": {"zh": "中断时间线", "en": "Interruptions on a timeline"},
    "chart_loss": {
        "zh": "{channel} 渠道每{step}订单:实际与预期",
        "en": "{channel} orders per {step}: actual and expected",
    },
    "chart_cumulative": {"zh": "累计损失", "en": "Cumulative loss"},
    "legend_actual": {"zh": "实际订单", "en": "Actual orders"},
    "legend_expected": {"zh": "预期订单", "en": "Expected orders"},
    "legend_band": {"zh": "正常波动范围", "en": "Normal variation"},
    "legend_control": {"zh": "对照渠道 {control}", "en": "Control channel {control}"},
    "legend_outage": {"zh": "中断", "en": "Outage"},
    "legend_cum_orders": {"zh": "累计净损失订单", "en": "Cumulative net lost orders"},
    "axis_time": {"zh": "当地时间 ({offset})", "en": "Local time ({offset})"},
    "axis_orders": {"zh": "订单数", "en": "Orders"},
    "step_hour": {"zh": "小时", "en": "hour"},
    "step_slot": {"zh": "{minutes} 分钟", "en": "{minutes} minutes"},
    "control_note": {"zh": "对照渠道", "en": "Control channel"},
    "statement": {"zh": "索赔陈述", "en": "Claim statement"},
    "reason": {"zh": "索赔理由", "en": "Reason for the claim"},
    "basis": {"zh": "损失金额计算依据", "en": "Basis of the loss calculation"},
    "evidence_types": {"zh": "提供的证据类型", "en": "Types of evidence provided"},
    "evidence": {"zh": "证据清单", "en": "Evidence inventory"},
    "file": {"zh": "文件", "en": "File"},
    "kind": {"zh": "类型", "en": "Kind"},
    "format": {"zh": "格式", "en": "Format"},
    "size": {"zh": "大小(字节)", "en": "Size (bytes)"},
    "rows": {"zh": "读取/保留/拒绝行数", "en": "Rows read / kept / rejected"},
    "span": {"zh": "时间范围", "en": "Time span"},
    "kind_outages": {"zh": "中断记录", "en": "Outage records"},
    "kind_orders": {"zh": "订单记录", "en": "Order records"},
    "method": {"zh": "方法与局限", "en": "Method and limitations"},
    "notes": {"zh": "说明", "en": "Notes"},
    "footer": {
        "zh": "由 claimstats {version} 生成。相同输入与报告时间得到完全相同的报告。",
        "en": "Made with claimstats {version}. The same inputs and report time give the same report, byte for byte.",
    },
    "method_baseline": {
        "zh": "预期订单:每个{step}的预期值取中断前 {weeks} 周同一星期同一{step}订单的截尾均值(去掉最高和最低一周,以免节假日或偶发高峰影响),中断和恢复期不作为基准;再按中断前 14 天实际订单与基准之比调整整体水平(反映近期趋势)。部分处于中断内的{step}按覆盖比例计入。",
        "en": "Expected orders: for each {step}, the trimmed mean of the same {step} of the week over the {weeks} weeks before the interruption (the highest and lowest week dropped, so a holiday or a one-off rush does not move it), with outage and recovery periods left out of the baseline; then scaled by the ratio of actual to baseline orders over the 14 days before the interruption (the recent trend). A {step} only partly inside an outage counts by the share covered.",
    },
    "method_calibration": {
        "zh": "区间与 p 值:将中断的时间形状(含恢复期)平移到 {count} 个没有中断的正常时期(按整天平移,保持一天中的时段),用同样的方法预测;这些正常窗口中预测与实际的相对误差分布给出 {confidence} 区间,也给出在正常时期出现同等缺口的概率(p 值)。",
        "en": "Interval and p-value: the shape of the interruption (with its recovery windows) is laid over {count} normal periods without interruption (shifted by whole days, keeping the time of day) and predicted with the same method; the relative errors between prediction and actual orders there give the {confidence} interval and the chance of a shortfall this large on a normal day (the p-value).",
    },
    "method_money": {
        "zh": "金额:预期订单乘以基准期已完成订单的平均金额 {aov};实际收入为窗口内已完成订单的金额之和。取消、失败、退款的订单不计入收入。恢复后 {recovery} 内超出预期的订单视为补单并扣除;若恢复期订单仍低于预期,该部分不追加索赔(保守处理)。",
        "en": "Money: expected orders times the average value of completed orders in the baseline, {aov}; actual revenue is the sum of completed orders inside the windows. Cancelled, failed and refunded orders are not revenue. Orders above expectation in the {recovery} after service returned count as catch-up and are deducted; a shortfall that lingers in that period is not added to the claim (a conservative choice).",
    },
    "limit_1": {
        "zh": "局限:假设中断期间的需求与基准周同期相同;若同期有促销、天气、节日等其他因素,预期值可能偏高或偏低。对照渠道用于检验这一点。",
        "en": "Limitations: demand during the interruption is assumed to follow the same hours of the baseline weeks; a promotion, the weather or a festival at the same time would bias the expectation up or down. The control channel is shown to check this.",
    },
    "limit_2": {
        "zh": "局限:只计算直接损失;客户流失、商誉等间接损失未计入,服务条款通常不予赔偿。订单记录的完整性由提供者负责,证据清单中的 SHA-256 可证明文件未被修改。",
        "en": "Limitations: only direct loss is computed; indirect losses such as lost future customers or reputation are not claimed and are usually excluded by the terms of service. The completeness of the order records is the claimant's responsibility; the SHA-256 digests in the evidence inventory show the files are unchanged.",
    },
    "control_normal": {
        "zh": "中断期间未受影响的 {control} 渠道实际 {actual} 单,预期 {expected} 单(正常水平的 {ratio}),说明缺口来自受影响渠道本身,而不是整体需求下降。",
        "en": "During the outages the unaffected {control} channel took {actual} orders against {expected} expected ({ratio} of normal), so the shortfall belongs to the affected channel, not to a general drop in demand.",
    },
    "control_low": {
        "zh": "注意:对照渠道 {control} 在中断期间也只有正常水平的 {ratio},部分缺口可能有其他原因。",
        "en": "Caution: the control channel {control} also ran at only {ratio} of normal during the outages; part of the shortfall may have another cause.",
    },
    "note_few_placebos": {
        "zh": "可用的正常窗口只有 {count} 个(少于 {minimum} 个),区间按 t 预测区间计算并相应放宽。",
        "en": "Only {count} normal windows were available (fewer than {minimum}); the interval is a t prediction interval, widened to match.",
    },
    "note_lingering_shortfall": {
        "zh": "恢复期订单仍比预期少 {orders:.1f} 单;该部分未追加索赔(保守处理)。",
        "en": "Orders stayed {orders:.1f} below expectation in the recovery windows; this is not added to the claim (a conservative choice).",
    },
    "note_recovery_truncated": {
        "zh": "订单数据在恢复期内结束,补单可能被低估。",
        "en": "The order data end inside a recovery window, so catch-up may be undercounted.",
    },
    "other_lang": {"zh": "English version of the statement", "en": "中文版索赔陈述"},
}


class Locale:
    """Text and formats of one language, in one time zone.

    Examples
    --------
    >>> loc = Locale("zh", "Asia/Shanghai")
    >>> loc.money(12345.67, "CNY")
    '¥12,345.67'
    >>> import pandas as pd
    >>> loc.moment(pd.Timestamp("2026-08-04 01:40", tz="UTC"))
    '2026年8月4日 09:40 (UTC+8)'
    >>> Locale("en", "Asia/Shanghai").moment(pd.Timestamp("2026-08-04 01:40", tz="UTC"))
    '4 Aug 2026, 09:40 (UTC+8)'
    """

    def __init__(self, lang: str, tz: str) -> None:
        if lang not in LANGS:
            msg = f"lang={lang!r} is not supported; pass one of {list(LANGS)}"
            raise ConfigError(msg)
        self.lang: Lang = lang  # type: ignore[assignment]
        self.tz = zone(tz)
        self.babel = _BABEL[lang]

    def text(self, key: str, **fields: object) -> str:
        """The message ``key`` in this language, with ``fields`` filled in."""
        return MESSAGES[key][self.lang].format(**fields)

    def money(self, amount: float, currency: str) -> str:
        """Money with its currency sign and two decimals."""
        return format_currency(amount, currency, locale=self.babel)

    def number(self, value: float, decimals: int = 0) -> str:
        """A number with grouping and a fixed number of decimals."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(round(value, decimals), format=pattern, locale=self.babel)

    def percent(self, share: float, decimals: int = 0) -> str:
        """A share as a percentage, e.g. ``95%``."""
        return f"{self.number(share * 100, decimals)}%"

    def offset(self, moment: datetime) -> str:
        """The local UTC offset at ``moment``: ``UTC+8``, ``UTC+5:30``, ``UTC-4``."""
        offset = pd.Timestamp(moment).tz_convert(self.tz).utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        hours, mins = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")

    def moment(self, moment: datetime) -> str:
        """A time to the minute in local time with its offset."""
        local = pd.Timestamp(moment).tz_convert(self.tz).to_pydatetime()
        text = format_datetime(local, _DATE_PATTERN[self.lang], locale=self.babel)
        return f"{text} ({self.offset(moment)})"

    def day(self, moment: datetime) -> str:
        """A local date."""
        local = pd.Timestamp(moment).tz_convert(self.tz).to_pydatetime()
        return format_datetime(local, _DAY_PATTERN[self.lang], locale=self.babel)

    def remaining(self, delta: timedelta) -> str:
        """Time left: to the minute under three days, else whole days (``5 天``, ``5 days``)."""
        if delta < timedelta(days=3):
            return self.duration(timedelta(minutes=int(delta.total_seconds() // 60)))
        return f"{delta.days} 天" if self.lang == "zh" else f"{delta.days} days"

    def duration(self, delta: timedelta) -> str:
        """A duration to the minute: ``27 小时 15 分钟`` / ``27 h 15 min``, ``24 h``, ``7 days``."""
        minutes = round(pd.Timedelta(delta).total_seconds() / 60)
        hours, mins = divmod(minutes, 60)
        days, rest = divmod(hours, 24)
        if hours >= 72 and not rest and not mins:
            return f"{days} 天" if self.lang == "zh" else f"{days} days"
        units = ("小时", "分钟") if self.lang == "zh" else ("h", "min")
        parts = [f"{hours} {units[0]}"] if hours else []
        if mins or not hours:
            parts.append(f"{mins} {units[1]}")
        return " ".join(parts)
