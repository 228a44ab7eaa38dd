"""Texts and formats of the report per language: :class:`Locale`, and the notes' texts.

The report's labels and sentences are in :mod:`claimstats.report.messages`; the texts
of the estimators' notes are here, beside how their values are formatted. Both are
joined in :data:`MESSAGES`.

Numbers, money and dates are formatted with Babel, per language: ``¥12,345.67`` and
``2026年8月4日 09:40 (UTC+8)`` in Chinese, ``CN¥12,345.67`` and
``4 Aug 2026, 09:40 (UTC+8)`` in English.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Literal

import pandas as pd
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from claimstats._time import zone
from claimstats.errors import ConfigError
from claimstats.models import Note
from claimstats.report.messages import REPORT_MESSAGES
from claimstats.report.policy_messages import POLICY_MESSAGES
from claimstats.report.xlsx_messages import XLSX_MESSAGES

__all__ = ["LANGS", "MESSAGES", "METHOD_TEXTS", "Lang", "Locale", "method_key"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
_BABEL = {"zh": "zh_CN", "en": "en_GB"}
_DATE_PATTERN = {"zh": "y年M月d日 HH:mm", "en": "d MMM y, HH:mm"}
_DAY_PATTERN = {"zh": "y年M月d日", "en": "d MMM y"}
_MONTH_PATTERN = {"zh": "y年M月", "en": "MMM y"}

#: how a note's values are shown, by value name; other numbers get up to 2 decimals
_NOTE_FORMATS = {
    **dict.fromkeys(
        ("count", "minimum", "possible", "attempts", "failures", "incidents", "payments"), "int"
    ),
    "attempts_at_hours": "int",
    "seed": "plain",
    **dict.fromkeys(("orders", "dispersion", "expected_at_hours", "independent"), "1"),
    "p_value": "p",
    **dict.fromkeys(("rate", "share", "rate_at_hours"), "percent"),
    **dict.fromkeys(("amount", "flat", "by_hour"), "money"),
    **dict.fromkeys(("data_end", "retry_end", "as_of"), "moment"),
}

#: ``note_<code>`` -> {language: text}: the notes of the estimators and loaders, and the
#: order statuses they name; values are formatted per :data:`_NOTE_FORMATS`
NOTE_MESSAGES: dict[str, dict[str, str]] = {
    "note_unknown": {"zh": "说明(英文):{text}", "en": "{text}"},
    "note_few_placebos": {
        "zh": "可用的正常窗口只有 {count} 个(少于 {minimum} 个),区间与 p 值按这些窗口误差的 t 分布计算,窗口越少区间越宽。",
        "en": "Only {count} placebo windows were available (fewer than {minimum}); the interval and the p-value come from a t distribution of their errors, which is wider the fewer windows there are.",
    },
    "note_overlapping_placebos": {
        "zh": "停机持续超过相邻正常窗口之间相隔的一天,因此 {count} 个正常窗口相互重叠,约相当于 {independent} 个独立窗口(少于 {minimum} 个);区间与 p 值按这些窗口误差的 t 分布计算,并相应放宽。",
        "en": "The outage lasts longer than the day between placebo windows, so the {count} placebo windows overlap and are worth about {independent} independent ones (fewer than {minimum}); the interval and the p-value come from a t distribution of their errors, wider to reflect that.",
    },
    "note_p_value_floor": {
        "zh": "效应大于全部 {count} 个正常窗口的预测误差;只有 {count} 个窗口时,p 值不能低于 {p_value}。更长的前期数据可提供更多窗口。",
        "en": "The effect is larger than the prediction error on every one of the {count} placebo windows; with {count} windows the p-value cannot go below {p_value}. A longer pre period gives more windows.",
    },
    "note_placebos_drawn": {
        "zh": "从 {possible} 个可用的正常窗口中以随机种子 {seed} 随机抽取了 {count} 个。",
        "en": "{count} of the {possible} possible placebo windows were drawn at random with seed {seed}.",
    },
    "note_relative_undefined": {
        "zh": "预测区间触及 0,相对效应没有有界的区间(显示为 NaN);请以绝对效应为准。",
        "en": "The interval of the prediction reaches zero, so the relative effect has no bounded interval (shown as NaN); read the absolute effect instead.",
    },
    "note_lingering_shortfall": {
        "zh": "恢复期订单仍比预期少 {orders} 单;该部分未追加索赔(保守处理)。",
        "en": "Orders stayed {orders} below expectation in the recovery windows; this is not added to the claim (a conservative choice).",
    },
    "note_recovery_truncated": {
        "zh": "订单数据在恢复期内结束,补单可能被低估。",
        "en": "The order data end inside a recovery window, so catch-up may be undercounted.",
    },
    "note_order_value_by_hour": {
        "zh": "订单金额随一天中的时段变化,因此预期收入按基准期每个小时各自的平均订单金额计算:{by_hour};若全天使用同一个平均订单金额,则为 {flat}。",
        "en": "Order values vary with the time of day, so expected revenue uses each hour of the day's own average order value: {by_hour}, against {flat} with one average order value for all hours.",
    },
    "note_no_funds_deducted": {
        "zh": "交易记录没有 funds_deducted 列,无法列出支付失败但已扣款(应退款)的交易;请添加一列,注明每次尝试是否已向客户扣款。",
        "en": "The transactions have no funds_deducted column, so the failed payments whose money was taken anyway (refund due) cannot be listed; add a column saying, for each attempt, whether the customer was charged.",
    },
    "note_funds_deducted_unknown": {
        "zh": "有 {attempts} 次失败的支付尝试,记录未说明是否已扣款,未列入退款清单;请在钱包记录中核对。",
        "en": "For {attempts} failed attempts the transactions do not say whether money was taken; they are not in the refund list. Check them in the wallet's records.",
    },
    "note_normal_period": {
        "zh": "正常失败率 {rate}({attempts} 次尝试中失败 {failures} 次)取自窗口之外、也不在每个窗口之后重试期内的全部尝试;预期失败次数按此比率乘以窗口内自身的尝试次数,因此已考虑一天中的尝试节奏。",
        "en": "The normal failure rate ({rate}: {failures} of {attempts} attempts) is taken from all attempts outside the windows and outside the retry period after each; the expected failures apply it to the windows' own attempts, so the daily rhythm of attempts is taken into account.",
    },
    "note_failures_cluster": {
        "zh": "正常时期的失败成批出现(每小时失败次数的波动是独立失败时的 {dispersion} 倍),超额失败的区间已按其平方根放宽。",
        "en": "In normal time failures come in bursts (hourly counts vary {dispersion} times as much as independent failures would); the interval of the excess is widened by the square root of that.",
    },
    "note_no_attempts_in_window": {
        "zh": "窗口内没有任何支付尝试:没有可索赔的失败支付。",
        "en": "No payment was attempted inside the windows: no failed payment to claim.",
    },
    "note_not_significant": {
        "zh": "按正常失败率,窗口内的失败次数可能出于偶然(p = {p_value}):这些数据不能证明钱包服务出现故障。",
        "en": "The failures in the windows could happen by chance at the normal failure rate (p = {p_value}): these data do not show that the wallet failed.",
    },
    "note_failure_rate_at_these_hours": {
        "zh": "正常时期在窗口所处的钟点,{attempts_at_hours} 次尝试的失败率为 {rate_at_hours},与全天的失败率不同(p = {p_value});预期失败次数仍按全天失败率计算。若按这些钟点的失败率,窗口内应有 {expected_at_hours} 次失败。",
        "en": "In normal time {rate_at_hours} of the {attempts_at_hours} attempts at the windows' hours of day failed, unlike the rate of all hours (p = {p_value}); the expected failures use the rate of all hours. At the windows' hours {expected_at_hours} failures would be expected.",
    },
    "note_repeated_attempts": {
        "zh": "有 {attempts} 次失败的尝试(金额 {amount})被同一客户以相同金额立即重试且再次失败;每笔这样的购买只按最后一次尝试计一次。",
        "en": "{attempts} failed attempts ({amount}) were tried again at once by the same customer for the same amount and failed again; each such purchase is counted once, with its last attempt.",
    },
    "note_coincidental_matches": {
        "zh": "正常时期(以 {payments} 笔付款计)有 {share} 的付款金额在重试期内又出现同一客户同一金额的付款(熟客重复购买),因此部分匹配到的重试其实是这类购买:约 {amount} 的已收回金额。损失已把这部分加回;其下限只计所列的未付交易。",
        "en": "In normal time {share} of the money paid (measured on {payments} payments) is followed within the retry period by another payment of the same customer and amount (regulars buying the same again), so some matched retries are such purchases: about {amount} of the recovered amount. The loss adds that back; its lower bound counts only the unpaid transactions listed.",
    },
    "note_coincidence_unknown": {
        "zh": "没有正常时期的付款可以说明客户偶然再次支付相同金额的频率;匹配到的重试均视为真实重试。",
        "en": "No normal payments show how often a customer pays the same amount again by chance; matched retries are taken as real.",
    },
    "note_incidents_outside_data": {
        "zh": "有 {incidents} 次中断不在交易记录的时间范围内,未计入。",
        "en": "{incidents} incidents outside the transactions' period are left out.",
    },
    "note_no_customer": {
        "zh": "窗口内有 {attempts} 次失败的尝试没有客户标识,无法匹配重试,按未付计,可能高估损失;请在导出中加入付款人(openid、账号或手机号)。",
        "en": "{attempts} failed attempts in the windows name no customer, so no retry can be matched to them and they count as unpaid, which may overstate the loss; add the payer (openid, account or phone) to the export.",
    },
    "note_retries_in_other_channels": {
        "zh": "重试在交易记录的所有渠道中查找:客户可能通过其他方式支付了相同金额。",
        "en": "Retries are looked for in every channel of the transactions: a customer may have paid the same amount another way.",
    },
    "note_retry_window_cut": {
        "zh": "交易记录在 {data_end} 结束,早于最后一次中断后重试期的结束时间 {retry_end};之后的重试看不到,未付金额可能偏高。请导出到该时间为止的全部尝试。",
        "en": "The transactions end at {data_end}, before the retry period after the last incident closes ({retry_end}); later retries are not seen, so the unpaid amount may be too high. Export the attempts up to then.",
    },
    "note_other_statuses": {
        "zh": "既未完成也未失败的尝试不计入:{statuses}。",
        "en": "Attempts neither completed nor failed are left out: {statuses}.",
    },
    "status_completed": {"zh": "已完成", "en": "completed"},
    "status_failed": {"zh": "失败", "en": "failed"},
    "status_cancelled": {"zh": "已取消", "en": "cancelled"},
    "status_refunded": {"zh": "已退款", "en": "refunded"},
    "status_pending": {"zh": "处理中", "en": "pending"},
}

#: message key -> {language: text}; ``{name}`` fields are filled by :meth:`Locale.text`
MESSAGES: dict[str, dict[str, str]] = (
    REPORT_MESSAGES | NOTE_MESSAGES | POLICY_MESSAGES | XLSX_MESSAGES
)


#: the methods of :func:`claimstats.estimate_loss` that have their own texts
METHOD_TEXTS = ("seasonal", "control", "regression")


def method_key(method: str, control: str | None) -> str:
    """The suffix of the texts that describe ``method``: ``'other'`` when it has none.

    The regression has a text of its own when a control channel is one of its terms.

    Examples
    --------
    >>> method_key("seasonal", None), method_key("regression", "website"), method_key("x", None)
    ('seasonal', 'regression_control', 'other')
    """
    if method not in METHOD_TEXTS:
        return "other"
    return "regression_control" if method == "regression" and control else method


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

    def note(self, note: Note, currency: str | None = None) -> str:
        """A note of an estimate in this language, its values formatted.

        A code without a translation, or whose values do not fit it, gives the note's
        English text (marked as such in Chinese).

        Examples
        --------
        >>> from claimstats.models import Note
        >>> loc = Locale("zh", "UTC")
        >>> loc.note(Note(code="lingering_shortfall", text="...", values={"orders": 3.25}))
        '恢复期订单仍比预期少 3.2 单;该部分未追加索赔(保守处理)。'
        >>> loc.note(Note(code="new_code", text="Something new."))
        '说明(英文):Something new.'
        """
        key = f"note_{note.code}"
        if key in MESSAGES:
            try:
                return self.text(key, **self._note_fields(note, currency))
            except (KeyError, IndexError, ValueError):
                pass  # values changed under the translation: the English text is exact
        return self.text("note_unknown", text=note.text)

    def _note_fields(self, note: Note, currency: str | None) -> dict[str, str]:
        if note.code == "other_statuses":
            known = {key.removeprefix("status_") for key in MESSAGES if key.startswith("status_")}
            parts = [
                f"{self.text(f'status_{name}') if name in known else name} {self.number(float(n))}"
                for name, n in note.values.items()  # noqa: PD011 (a Note field)
            ]
            return {"statuses": ("、" if self.lang == "zh" else ", ").join(parts)}
        return {
            name: self._note_value(name, value, currency)
            for name, value in note.values.items()  # noqa: PD011
        }

    def _note_value(self, name: str, value: float | str, currency: str | None) -> str:
        kind = _NOTE_FORMATS.get(name)
        if isinstance(value, str):
            if kind == "moment":
                try:
                    stamp = pd.Timestamp(value)
                except ValueError:
                    return value
                return self.moment(stamp) if stamp.tzinfo is not None else value
            return value
        if kind == "int":
            return self.number(value)
        if kind == "plain":
            return str(int(value))
        if kind == "1":
            return self.number(value, 1)
        if kind == "p":
            return self.p_value(value)
        if kind == "percent":
            return self.percent(value, 2)
        if kind == "money":
            return self.money(value, currency) if currency else self.number(value, 2)
        return self.number(value, 0 if float(value).is_integer() else 2)

    def money(self, amount: float, currency: str) -> str:
        """Money with its currency sign and two decimals."""
        return format_currency(amount, currency, locale=self.babel)

    def number(self, value: float, decimals: int = 0) -> str:
        """A number with grouping and a fixed number of decimals."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(round(value, decimals), format=pattern, locale=self.babel)

    def p_value(self, p: float) -> str:
        """A probability: three decimals, or two significant digits below 0.001.

        Examples
        --------
        >>> loc = Locale("en", "UTC")
        >>> loc.p_value(0.025), loc.p_value(0.000123), loc.p_value(0.0)
        ('0.025', '0.00012', '< 0.000001')
        """
        if p >= 0.001:
            return self.number(p, 3)
        if p >= 1e-6:
            return self.number(p, 1 - math.floor(math.log10(p)))
        return "< 0.000001"

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

    def date(self, day: date) -> str:
        """A calendar date: ``2026年8月11日`` / ``11 Aug 2026``."""
        return format_date(day, _DAY_PATTERN[self.lang], locale=self.babel)

    def month(self, day: date) -> str:
        """The calendar month of ``day``: ``2026年8月`` / ``Aug 2026``."""
        return format_date(day, _MONTH_PATTERN[self.lang], locale=self.babel)

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
