"""The words of what the stages report: the notes of estimates and the sentences of the
claim policy, in Chinese and English, each written once.

A producer (an estimator, the loaders, :mod:`claimstats.policy`) gives a code and
values; the words are here. A :class:`~claimstats.models.Note` takes its English text
from here, and the report words every note in its own language
(:class:`claimstats.report.i18n.Locale`) from the same entry. A value is shown by what
its name says it is (:data:`VALUE_FORMATS`): a count, orders to one decimal, a p-value, a
percentage, money, a moment.
"""

from __future__ import annotations

import math
import string
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from babel import Locale as BabelLocale
from babel.numbers import format_currency, format_decimal

__all__ = ["TEXTS", "VALUE_FORMATS", "Wording", "english", "fill", "render"]

#: how a value is shown, by its name: ``int`` a whole number, ``plain`` a number as it is
#: (7, 1.5), ``1`` one decimal, ``p`` a p-value, ``percent``, ``money``, ``moment`` (ISO
#: text); other numbers get up to 2 decimals. :mod:`claimstats.units` rounds by it too.
VALUE_FORMATS: dict[str, str] = {
    **dict.fromkeys(
        ("count", "minimum", "possible", "attempts", "failures", "incidents", "payments",
         "pairs", "refunds", "attempts_at_hours", "max_interruptions_in_window",
         "recurrence_min", "low", "high", "days", "days_remaining", "business_days_low",
         "business_days_high"),
        "int",
    ),
    **dict.fromkeys(("seed", "window_days", "longest_hours", "threshold_hours", "window_hours",
                     "horizon_hours"), "plain"),
    **dict.fromkeys(("orders", "dispersion", "expected_at_hours", "independent",
                     "chance_pairs"), "1"),
    "p_value": "p",
    **dict.fromkeys(("rate", "share", "rate_at_hours"), "percent"),
    **dict.fromkeys(("amount", "flat", "by_hour"), "money"),
    **dict.fromkeys(("data_end", "retry_end", "as_of"), "moment"),
}  # fmt: skip

#: key -> {language: text}: the notes (``note_<code>``), the order statuses they name,
#: and the English sentences of the claim policy's checks, deadlines and next steps
TEXTS: dict[str, dict[str, str]] = {
    "note_unknown": {"zh": "说明(英文):{text}", "en": "{text}"},
    "note_few_placebos": {
        "zh": "可用的正常窗口只有 {count} 个(少于 {minimum} 个),区间与 p 值按这些窗口误差的 t 分布计算,窗口越少区间越宽。",
        "en": "Only {count:# placebo window was|# placebo windows were} available (fewer than {minimum}); the interval and the p-value come from a t distribution of their errors, which is wider the fewer windows there are.",
    },
    "note_overlapping_placebos": {
        "zh": "停机持续超过相邻正常窗口之间相隔的一天,因此 {count} 个正常窗口相互重叠,约相当于 {independent} 个独立窗口(少于 {minimum} 个);区间与 p 值按这些窗口误差的 t 分布计算,并相应放宽。",
        "en": "The outage lasts longer than the day between placebo windows, so the {count} placebo windows overlap and are worth about {independent} independent ones (fewer than {minimum}); the interval and the p-value come from a t distribution of their errors, wider to reflect that.",
    },
    "note_p_value_floor": {
        "zh": "效应大于全部 {count} 个正常窗口的预测误差;只有 {count} 个窗口时,p 值不能低于 {p_value}。更长的前期数据可提供更多窗口。",
        "en": "The effect is larger than the prediction error on {count:the one placebo window|every one of the # placebo windows}; with {count:# window|# windows} the p-value cannot go below {p_value}. A longer pre period gives more windows.",
    },
    "note_placebos_drawn": {
        "zh": "从 {possible} 个可用的正常窗口中以随机种子 {seed} 随机抽取了 {count} 个。",
        "en": "{count} of the {possible} possible placebo windows {count:was|were} drawn at random with seed {seed}.",
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
        "zh": "交易记录没有说明失败的支付是否已从客户账户扣款(没有 funds_deducted 列),因此无法申请退款。如需申请,请从钱包商户平台导出逐笔支付记录,包含“是否扣款”一列,并作为 funds_deducted 列加入。",
        "en": "The transactions do not say whether a failed payment took the customer's money (no funds_deducted column), so no refund can be asked for. To ask for one, export the payment attempts from the wallet's merchant platform with the column saying whether the money was deducted (\"money deducted\"; in Chinese exports the column named for it) and add it as funds_deducted.",
    },
    "note_refunded_by_wallet": {
        "zh": "有 {attempts} 笔失败但已扣款的支付已由钱包全额退回,列为已退款,不再申请;钱包共退回 {amount}(含部分退款)。",
        "en": "{attempts:# failed payment that had taken the customer's money was|# failed payments that had taken the customer's money were} refunded in full by the wallet and {attempts:is|are} listed as refunded, not as due; the wallet gave back {amount} in all (part refunds included).",
    },
    "note_refunds_unmatched": {
        "zh": "退款清单中有 {refunds} 笔退款的订单号不在交易记录中,未计入。",
        "en": "{refunds:# refund of the refund list names an order id|# refunds of the refund list name order ids} not in the transactions; {refunds:it is|they are} left out.",
    },
    "note_retry_window_measured": {
        "zh": "重试的匹配期为每次失败后 {window_hours} 小时,由数据测得:在此之前,失败的 {failures} 笔购买之后出现同一客户同一金额付款的频率,超过正常时期熟客再次购买相同金额频率的两倍(共 {pairs} 笔,其中约 {chance_pairs} 笔可能出于偶然);此后则与该频率相当(查看至每次失败后 {horizon_hours} 小时)。客户在正常时期惯常于这样的间隔再次购买的付款,不视为重试。",
        "en": "Retries were matched within {window_hours} h of each failure, a window measured from the data: up to then, payments of the same customer and amount followed the {failures:# failed purchase|# failed purchases} at more than twice the rate at which regulars pay the same amount again on normal days ({pairs:# payment|# payments}, about {chance_pairs} of them by chance); after it, at about that rate (looked at up to {horizon_hours} h after each failure). A payment its customer usually makes at such a delay on normal days is not taken for a retry.",
    },
    "note_funds_deducted_unknown": {
        "zh": "有 {attempts} 次失败的支付尝试,记录未说明是否已扣款,未列入退款清单;请在钱包记录中核对。",
        "en": "For {attempts:# failed attempt|# failed attempts} the transactions do not say whether money was taken; {attempts:it is|they are} not in the refund list. Check {attempts:it|them} in the wallet's records.",
    },
    "note_normal_period": {
        "zh": "正常失败率 {rate}({attempts} 次尝试中失败 {failures} 次)取自窗口之外、也不在每个窗口之后重试期内的全部尝试;预期失败次数按此比率乘以窗口内自身的尝试次数,因此已考虑一天中的尝试节奏。",
        "en": "The normal failure rate ({rate}: {failures} of {attempts:# attempt|# attempts}) is taken from all attempts outside the windows and outside the retry period after each; the expected failures apply it to the windows' own attempts, so the daily rhythm of attempts is taken into account.",
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
        "en": "In normal time {rate_at_hours} of the {attempts_at_hours:# attempt|# attempts} at the windows' hours of day failed, unlike the rate of all hours (p = {p_value}); the expected failures use the rate of all hours. At the windows' hours {expected_at_hours} failures would be expected.",
    },
    "note_repeated_attempts": {
        "zh": "有 {attempts} 次失败的尝试(金额 {amount})被同一客户以相同金额立即重试且再次失败;每笔这样的购买只按最后一次尝试计一次。",
        "en": "{attempts:# failed attempt|# failed attempts} ({amount}) {attempts:was|were} tried again at once by the same customer for the same amount and failed again; each such purchase is counted once, with its last attempt.",
    },
    "note_coincidental_matches": {
        "zh": "正常时期(以 {payments} 笔付款计)有 {share} 的付款金额在重试期内又出现同一客户同一金额的付款(熟客重复购买),因此部分匹配到的重试其实是这类购买:约 {amount} 的已收回金额。损失已把这部分加回;其下限只计所列的未付交易。",
        "en": "In normal time {share} of the money paid (measured on {payments:# payment|# payments}) is followed within the retry period by another payment of the same customer and amount (regulars buying the same again), so some matched retries are such purchases: about {amount} of the recovered amount. The loss adds that back; its lower bound counts only the unpaid transactions listed.",
    },
    "note_coincidence_unknown": {
        "zh": "没有正常时期的付款可以说明客户偶然再次支付相同金额的频率;匹配到的重试均视为真实重试。",
        "en": "No normal payments show how often a customer pays the same amount again by chance; matched retries are taken as real.",
    },
    "note_incidents_outside_data": {
        "zh": "有 {incidents} 次中断不在交易记录的时间范围内,未计入。",
        "en": "{incidents:# incident|# incidents} outside the transactions' period {incidents:is|are} left out.",
    },
    "note_no_customer": {
        "zh": "窗口内有 {attempts} 次失败的尝试没有客户标识,无法匹配重试,按未付计,可能高估损失;请在导出中加入付款人(openid、账号或手机号)。",
        "en": "{attempts:# failed attempt|# failed attempts} in the windows {attempts:names|name} no customer, so no retry can be matched to {attempts:it|them} and {attempts:it counts|they count} as unpaid, which may overstate the loss; add the payer (openid, account or phone) to the export.",
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
    "note_no_interruptions": {
        "zh": "未发现中断:没有可索赔的内容,也没有期限。",
        "en": "No interruption was found: there is nothing to claim and no deadline.",
    },
    "note_service_extension_likely": {
        "zh": "服务商通常向个人用户提供延长服务期等补偿,而非现金赔付。",
        "en": "Providers often offer personal users a service extension rather than money.",
    },
    "note_incident_ongoing": {
        "zh": "报告时间 {as_of} 仍有中断未结束;其时长计至该时间,之后还会增加。",
        "en": "An interruption was still open at the report time ({as_of}); its duration is counted up to then and will grow.",
    },
    "step_appeal_with_more_evidence": {
        "zh": "若索赔被拒,补充证据后申诉",
        "en": "If the claim is rejected, appeal with more evidence",
    },
    "step_escalate_consumer_protection": {
        "zh": "申诉未果,可向消费者权益保护机构投诉",
        "en": "If the appeal fails, complain to a consumer-protection body",
    },
    "step_escalate_arbitration": {"zh": "或申请仲裁", "en": "Or take the claim to arbitration"},
    "step_escalate_small_claims_court": {
        "zh": "或向法院提起小额诉讼",
        "en": "Or bring it before a small-claims court",
    },
    "check_continuous_interruption_met": {
        "zh": "最长一次连续中断 {longest},超过 {threshold} 的标准。",
        "en": "The longest continuous interruption lasted {longest}, more than the {threshold} threshold.",
    },
    "check_continuous_interruption_not_met": {
        "zh": "最长一次连续中断 {longest},未超过 {threshold} 的标准。",
        "en": "The longest continuous interruption lasted {longest}, not more than the {threshold} threshold.",
    },
    "check_repeated_interruptions_sentence": {
        "zh": "任意 {window_days} 天内最多开始 {max_interruptions_in_window} 次中断;{recurrence_min} 次及以上算作频繁。",
        "en": "At most {max_interruptions_in_window:# interruption|# interruptions} began within one {window_days}-day window; {recurrence_min} or more count as frequent.",
    },
    "check_filed_in_time_filed_met": {
        "zh": "已在申请期限内提出,期限至 {deadline}(首次中断后 {window})。",
        "en": "Filed within the filing window, which ends {deadline} (the first interruption plus {window}).",
    },
    "check_filed_in_time_filed_not_met": {
        "zh": "提出时已超过申请期限,期限至 {deadline}(首次中断后 {window})。",
        "en": "Filed after the filing window, which ends {deadline} (the first interruption plus {window}).",
    },
    "check_filed_in_time_now_met": {
        "zh": "现在提出仍在申请期限内,期限至 {deadline}(首次中断后 {window})。",
        "en": "Filing now is within the filing window, which ends {deadline} (the first interruption plus {window}).",
    },
    "check_filed_in_time_now_not_met": {
        "zh": "现在提出已超过申请期限,期限至 {deadline}(首次中断后 {window})。",
        "en": "Filing now is after the filing window, which ends {deadline} (the first interruption plus {window}).",
    },
    "check_business_evidence_met": {
        "zh": "企业索赔需更严格的证明:订单记录与对照渠道均已具备。",
        "en": "Business claims need stricter proof: order records and a control channel are present.",
    },
    "check_business_evidence_no_orders": {
        "zh": "企业索赔需更严格的证明:请补充订单记录。",
        "en": "Business claims need stricter proof: add order records.",
    },
    "check_business_evidence_no_control": {
        "zh": "企业索赔需更严格的证明:请补充一个未受影响的对照渠道。",
        "en": "Business claims need stricter proof: add an unaffected control channel.",
    },
    "check_business_evidence_neither": {
        "zh": "企业索赔需更严格的证明:请补充订单记录和一个未受影响的对照渠道。",
        "en": "Business claims need stricter proof: add order records and an unaffected control channel.",
    },
    "file_by_sentence": {"zh": "请在 {date} 前提交索赔。", "en": "File the claim by {date}."},
    "due_first_reply_due_sentence": {
        "zh": "首次答复最迟应在 {date}(自 {start} 起 {high} 个工作日,按 {country} 的日历)。",
        "en": "A first reply is due by {date} ({high:# business day|# business days} after {start} in {country}).",
    },
    "follow_up_sentence": {
        "zh": "若未获答复,于 {date} 再次联系服务商。",
        "en": "If there is no reply, contact the provider again on {date}.",
    },
    "due_follow_up_due_sentence": {
        "zh": "未获答复时,于 {date} 再次联系服务商。",
        "en": "Without a reply, contact the provider again on {date}.",
    },
    "step_file_claim_done_sentence": {
        "zh": "索赔已于 {date} 提交。",
        "en": "The claim was filed on {date}.",
    },
    "step_file_claim_late_sentence": {
        "zh": "申请期限已于 {date} 结束:请立即提交,并说明延误原因。",
        "en": "The filing window ended {date}: file at once and explain the delay.",
    },
    "step_await_first_reply_sentence": {
        "zh": "预计在 {earliest} 至 {latest} 之间收到首次答复({low}–{high} 个工作日)。",
        "en": "Expect a first reply between {earliest} and {latest} ({low}-{high:# business day|# business days}).",
    },
}

_BABEL = {"zh": "zh_CN", "en": "en_GB"}


class _Filler(string.Formatter):
    """``str.format`` that also picks plural forms: a field ``{name:one|other}``.

    The form is the first for a value of CLDR's plural category ``one`` in the
    language, else the last; ``#`` in it stands for the value, as given.
    """

    def __init__(self, babel: str) -> None:
        super().__init__()
        self.rules = BabelLocale.parse(babel)

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" not in format_spec:
            return super().format_field(value, format_spec)
        text = str(value)
        forms = format_spec.split("|")
        return (forms[0] if self._category(text) == "one" else forms[-1]).replace("#", text)

    def _category(self, text: str) -> str:
        """The plural category of a number written as text (``1`` one, ``1.0`` other)."""
        try:
            number = Decimal(text.replace(",", "").replace("\u00a0", "").strip())
            return self.rules.plural_form(abs(number)) if number.is_finite() else "other"
        except InvalidOperation:
            return "other"


_FILLERS = {lang: _Filler(babel) for lang, babel in _BABEL.items()}


def fill(text: str, lang: str, /, **fields: object) -> str:
    """``text`` with ``fields`` filled in as ``str.format`` does, and each plural field
    ``{name:# one|# others}`` in the form its value takes in ``lang``.

    Every text of the catalogue and of the report is filled by it, so a count in any
    of them can agree with its noun. ``#`` stands for the value as given (formatted
    already, or a plain number); only ``1`` is singular in English, not ``1.0``.

    Examples
    --------
    >>> fill("{count:# row|# rows} read", "en", count=1), fill("{count:# row|# rows}", "en", count="1,234")
    ('1 row read', '1,234 rows')
    >>> fill("{orders:# order|# orders}", "en", orders="1.0"), fill("{count} 行", "zh", count=1)
    ('1.0 orders', '1 行')
    """
    return _FILLERS[lang].format(text, **fields)


class Wording:
    """Numbers, money and probabilities written in one language (Babel's formats).

    The report's :class:`~claimstats.report.i18n.Locale` adds times in the claimant's
    zone; here a moment is shown as the text it was given as.

    Examples
    --------
    >>> words = Wording("en")
    >>> words.number(12345.678, 1), words.percent(0.0123, 2), words.p_value(0.000123)
    ('12,345.7', '1.23%', '0.00012')
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.babel = _BABEL[lang]

    def number(self, value: float, decimals: int = 0) -> str:
        """A number with grouping and a fixed number of decimals."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(round(value, decimals), format=pattern, locale=self.babel)

    def money(self, amount: float, currency: str) -> str:
        """Money with its currency sign and its minor unit."""
        return format_currency(amount, currency, locale=self.babel)

    def join(self, parts: list[str]) -> str:
        """Items of a list in one line: ``a、b`` in Chinese, ``a, b`` in English."""
        return ("、" if self.lang == "zh" else ", ").join(parts)

    def sentences(self, parts: list[str]) -> str:
        """Sentences in one paragraph: run together in Chinese, a space apart in English."""
        return ("" if self.lang == "zh" else " ").join(parts)

    def p_value(self, p: float) -> str:
        """A probability: three decimals, or two significant digits below 0.001."""
        if p >= 0.001:
            return self.number(p, 3)
        if p >= 1e-6:
            return self.number(p, 1 - math.floor(math.log10(p)))
        return "< 0.000001"

    def percent(self, share: float, decimals: int = 0) -> str:
        """A share as a percentage, e.g. ``95%``."""
        return f"{self.number(share * 100, decimals)}%"

    def moment_text(self, text: str) -> str:
        """A moment given as ISO text, as it was given."""
        return text

    def value(self, name: str, value: object, currency: str | None = None) -> str:
        """A value shown as its name says it is (:data:`VALUE_FORMATS`)."""
        kind = VALUE_FORMATS.get(name)
        if isinstance(value, str):
            return self.moment_text(value) if kind == "moment" else value
        if not isinstance(value, int | float):
            return str(value)
        if kind == "int":
            return self.number(value)
        if kind == "plain":
            return f"{value:g}"
        if kind == "1":
            return self.number(value, 1)
        if kind == "p":
            return self.p_value(value)
        if kind == "percent":
            return self.percent(value, 2)
        if kind == "money":
            return self.money(value, currency) if currency else self.number(value, 2)
        return self.number(value, 0 if float(value).is_integer() else 2)


def render(
    key: str, wording: Wording, values: Mapping[str, object], currency: str | None = None
) -> str:
    """The text of ``key`` in the wording's language, its values shown as their names say.

    The values of ``note_other_statuses`` are counts by status, listed in words.

    Examples
    --------
    >>> render("note_lingering_shortfall", Wording("zh"), {"orders": 3.25})
    '恢复期订单仍比预期少 3.2 单;该部分未追加索赔(保守处理)。'
    """
    if key == "note_other_statuses":
        parts = [
            f"{TEXTS[f'status_{name}'][wording.lang] if f'status_{name}' in TEXTS else name} "
            f"{wording.number(float(count))}"
            for name, count in values.items()
        ]
        fields = {"statuses": wording.join(parts)}
    else:
        fields = {name: wording.value(name, value, currency) for name, value in values.items()}
    return fill(TEXTS[key][wording.lang], wording.lang, **fields)


_ENGLISH = Wording("en")


def english(key: str, **values: object) -> str:
    """The English text of ``key`` with ``values`` filled in.

    Examples
    --------
    >>> english("file_by_sentence", date="2026-08-11")
    'File the claim by 2026-08-11.'
    """
    return render(key, _ENGLISH, values)
