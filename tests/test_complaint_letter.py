"""The wallet complaint's letter: one a shop can send, in Chinese and in English."""

from __future__ import annotations

import re
from datetime import date

import pytest

import claimstats as cs
from claimstats.datasets import DEMO_AS_OF, DEMO_MERCHANT, demo_complaint, make_sample
from claimstats.errors import ConfigError
from claimstats.models import FileProvenance
from claimstats.report import build_complaint_report, complaint_letter
from claimstats.report.complaint_messages import COMPLAINT_MESSAGES
from claimstats.report.complaint_publish import published_complaint
from claimstats.report.i18n import Locale
from claimstats.report.letter import compose_letter, provider_name

#: words of statistics that belong in the report part, never in the letter
JARGON = {
    "zh": ("p 值", "p值", "区间", "置信", "显著", "超出的", "超额", "偶然", "p =", "p <"),
    "en": ("p-value", "p value", "interval", "excess", "confidence", "significan", "95%"),
}


@pytest.fixture(scope="module")
def complaint():
    """The sample café's complaint (claimstats.analyze_complaint, made once per session)."""
    return demo_complaint()


@pytest.fixture(scope="module")
def shown(complaint):
    return published_complaint(complaint)


@pytest.fixture(scope="module")
def letters(complaint):
    return {lang: complaint_letter(complaint, lang) for lang in ("zh", "en")}


def _with_steps(complaint, **steps):
    context = complaint.context.model_copy(update={"steps": cs.models.ComplaintSteps(**steps)})
    return complaint.model_copy(update={"context": context})


def _money(lang, amount):
    return Locale(lang, "Asia/Shanghai").money(amount, "CNY")


def test_the_sample_complaint_is_the_one_the_letter_is_about(complaint):
    assert complaint.context.merchant.model_dump() == DEMO_MERCHANT
    assert complaint.as_of.isoformat() == "2026-08-10T02:00:00+00:00"
    assert complaint.masked
    assert complaint.payments.unpaid
    assert complaint.payments.refund_due


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_unpaid_and_refund_due_payment_is_listed_with_its_customer(shown, letters, lang):
    lines = letters[lang].splitlines()
    for record in [*shown.payments.unpaid, *shown.payments.refund_due]:
        line = next(line for line in lines if record.order_id in line)
        assert record.customer in line
        assert _money(lang, record.amount) in line
        assert f"{record.timestamp.astimezone(Locale(lang, shown.tz).tz):%Y-%m-%d %H:%M:%S}" in line


def test_masked_customers_stay_distinguishable(shown, letters):
    customers = [r.customer for r in shown.payments.unpaid]
    assert all(re.fullmatch(r".\*\*\*.{4}", c) for c in customers)
    assert len(set(customers)) >= len(customers) - 2  # a regular may fail twice
    raw = make_sample(0).wallet_transactions["customer"]
    assert not set(customers) & set(raw)
    for customer in customers:
        assert customer in letters["zh"]


def test_head_names_addressee_merchant_number_contact_and_date(letters):
    zh, en = (letters[lang].splitlines() for lang in ("zh", "en"))
    assert zh[:5] == [
        "致:微信支付商户客服(95017)",
        "商户名称:街角咖啡",
        "商户号:1650012345",
        "联系方式:020-1234 5678",
        "日期:2026年8月10日",
    ]
    assert en[:5] == [
        "To: WeChat Pay merchant support (95017)",
        "From: 街角咖啡",
        "Merchant number: 1650012345",
        "Contact: 020-1234 5678",
        "Date: 10 Aug 2026",
    ]


def test_window_in_local_time_and_reply_date(letters):
    assert "2026年8月7日 18:10至20:25 (UTC+8)" in letters["zh"]
    assert "7 Aug 2026, 18:10 to 20:25 (UTC+8)" in letters["en"]
    assert "请在 7 日内,即 2026年8月17日前,书面答复我店。" in letters["zh"]
    assert "Please reply in writing within 7 days, by 17 Aug 2026." in letters["en"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_what_is_asked_is_the_refund_due_and_the_amount_not_received(shown, letters, lang):
    p = shown.payments
    requests = letters[lang].split("\n\n")[6]
    assert _money(lang, p.refund_due_amount) in requests
    assert _money(lang, p.unrecovered_amount) in requests
    assert _money(lang, p.failed_amount_in_window) in letters[lang]
    assert _money(lang, p.recovered_amount) in letters[lang]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_statistics_jargon_in_the_letter(letters, lang):
    found = [word for word in JARGON[lang] if word.lower() in letters[lang].lower()]
    assert found == []


def test_chinese_letter_has_no_english_words_but_names_ids_and_units(complaint, shown, letters):
    text = letters["zh"]
    allowed = {
        *(r.order_id for r in [*shown.payments.unpaid, *shown.payments.refund_due]),
        *(r.customer for r in [*shown.payments.unpaid, *shown.payments.refund_due]),
        *(body.contact for body in complaint.escalation if body.contact),
        *(f.name for f in complaint.evidence),
        "UTC",
        "SHA-256",
    }
    for token in sorted(allowed, key=len, reverse=True):
        text = text.replace(token, "")
    assert re.findall(r"[A-Za-z]{2,}", text) == []
    assert "WeChat" not in letters["zh"]
    assert "微信支付" in letters["zh"]


def test_provider_names_in_chinese_fall_back_to_the_given_name():
    assert provider_name("WeChat Pay", "zh") == "微信支付"
    assert provider_name("  alipay ", "zh") == "支付宝"
    assert provider_name("PayMe", "zh") == "PayMe"
    assert provider_name("WeChat Pay", "en") == "WeChat Pay"


def test_steps_are_said_only_when_given(complaint, letters):
    assert "联系微信支付商户客服" not in letters["zh"]
    assert "contacted" not in letters["en"]
    assert "已采取" not in letters["zh"]
    both = _with_steps(complaint, support_contacted=date(2026, 8, 8), ticket="T-778812")
    assert "我店已于 2026年8月8日联系微信支付商户客服(工单号 T-778812)。" in complaint_letter(both)
    assert "We contacted WeChat Pay merchant support on 8 Aug 2026 (ticket T-778812)." in (
        complaint_letter(both, "en")
    )
    day_only = complaint_letter(_with_steps(complaint, support_contacted=date(2026, 8, 8)), "en")
    assert "We contacted WeChat Pay merchant support on 8 Aug 2026." in day_only
    assert "ticket" not in day_only
    ticket_only = complaint_letter(_with_steps(complaint, ticket="T-1"), "en")
    assert "We contacted WeChat Pay merchant support about this (ticket T-1)." in ticket_only


def test_escalation_path_names_each_body_with_its_contact_in_order(letters):
    zh, en = letters["zh"], letters["en"]
    steps = ["向微信支付提出正式投诉", "中国支付清算协会(www.pcac.org.cn)", "(12363)", "人民法院"]
    assert [zh.index(step) for step in steps] == sorted(zh.index(step) for step in steps)
    assert "Without a satisfactory reply by then" in en
    assert "a complaint to the regulator: People's Bank of China" in en


def test_refund_already_made_is_named_not_asked_for(complaint):
    p = complaint.payments
    done = p.refund_due[0].model_copy(update={"refunded_amount": p.refund_due[0].amount})
    payments = p.model_copy(
        update={
            "refund_due": p.refund_due[1:],
            "refund_due_amount": p.refund_due_amount - done.amount,
            "refunded": [done],
            "already_refunded_amount": done.amount,
        }
    )
    text = complaint_letter(complaint.model_copy(update={"payments": payments}), "en")
    assert done.order_id not in text
    money = _money("en", done.amount)
    assert f"Another such payment, {money} in all, was refunded" in text
    assert f"Refund the {len(p.refund_due) - 1} failed payments" in text


def test_partly_refunded_payments_ask_for_what_is_still_due(complaint):
    p = complaint.payments
    first = p.refund_due[0]
    partial = first.model_copy(update={"amount": 10.0, "refunded_amount": first.amount - 10})
    payments = p.model_copy(update={"refund_due": [partial, *p.refund_due[1:]]})
    text = complaint_letter(complaint.model_copy(update={"payments": payments}), "en")
    assert "One of them was refunded in part; the amounts listed are what is still due." in text
    line = next(line for line in text.splitlines() if first.order_id in line)
    assert _money("en", 10.0) in line


def test_no_refund_request_without_the_funds_deducted_column():
    claim = make_sample(seed=0)
    complaint = cs.analyze_complaint(
        claim.wallet_transactions.drop(columns=["funds_deducted"]),
        claim.wallet_outages,
        tz="Asia/Shanghai",
        as_of=DEMO_AS_OF,
        context={"merchant": DEMO_MERCHANT},
    )
    assert not complaint.payments.funds_deducted_known
    zh, en = complaint_letter(complaint, "zh"), complaint_letter(complaint, "en")
    assert [word for word in ("扣款", "退款", "退还") if word in zh] == []
    assert "refund" not in en.lower()
    assert "money was taken" not in en
    assert "请求赔偿" in zh
    assert "compensation" in en
    # the report part says what to export to get the refund request
    page = build_complaint_report(complaint, "zh").render_html()
    assert "“是否扣款”一列" in page
    assert "“money deducted” column" in build_complaint_report(complaint, "en").render_html()


def test_evidence_lists_files_with_their_digests(complaint):
    digest = "ab" * 32
    files = [
        FileProvenance(
            source="/home/ming/claim/wallet_transactions.csv",
            name="wallet_transactions.csv",
            kind="orders",
            format="generic-csv",
            sha256=digest,
            size_bytes=1234,
            rows_read=10650,
            rows_kept=10650,
            rows_rejected=0,
        ),
        complaint.evidence[0],
    ]
    text = complaint_letter(complaint.model_copy(update={"evidence": files}), "en")
    assert f"Payment attempt records: wallet_transactions.csv (10,650 rows), SHA-256 {digest}" in (
        text
    )
    assert "/home/ming" not in text
    assert "Outage notice (1 row)" in text  # a frame has no file, so no digest


def test_the_letter_is_composed_in_parts_the_page_shows(complaint):
    letter = compose_letter(complaint, "zh")
    assert letter.blocks[0].table is not None
    assert len(letter.blocks[0].table.rows) == len(complaint.payments.unpaid)
    assert [b.heading.split(". ")[0] for b in letter.blocks] == [
        str(n) for n in range(1, len(letter.blocks) + 1)
    ]


def test_an_unknown_language_is_a_config_error(complaint):
    with pytest.raises(ConfigError, match="lang='fr' is not supported"):
        complaint_letter(complaint, "fr")


def test_letter_words_have_both_languages_and_the_same_fields():
    import string

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, texts in COMPLAINT_MESSAGES.items():
        assert set(texts) == {"zh", "en"}, key
        assert fields(texts["zh"]) == fields(texts["en"]), key
    letter_keys = [key for key in COMPLAINT_MESSAGES if key.startswith("cl_")]
    for key in letter_keys:
        zh = COMPLAINT_MESSAGES[key]["zh"]
        words = re.sub(r"\{[^}]*\}|SHA-256", "", zh)
        assert re.findall(r"[A-Za-z]{2,}", words) == [], key
