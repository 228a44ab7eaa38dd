"""Tests of claimstats.privacy: customer identifiers masked, everything else left alone."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimstats.errors import ConfigError
from claimstats.io.secrets import looks_like_secret
from claimstats.models import PaymentAnalysis, PaymentRecord, Window
from claimstats.privacy import (
    mask_customer,
    mask_email,
    mask_frame,
    mask_name,
    mask_payments,
    mask_phone,
    mask_text,
)

ROOT = Path(__file__).resolve().parents[1]

# --- phone numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "+86 13812345678",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "+86 (138) 1234 5678",
        "8613812345678",
        "008613812345678",
        "0086 138 1234 5678",
        " +86 13812345678 ",
    ],
)
def test_chinese_mobile_with_country_code_keeps_code_first_3_and_last_4(written):
    assert mask_phone(written) == "+86 138****5678"


@pytest.mark.parametrize("written", ["13812345678", "138 1234 5678", "138-1234-5678"])
def test_chinese_mobile_without_country_code_has_none_in_the_mask(written):
    assert mask_phone(written) == "138****5678"


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("+1 (415) 555-2671", "+1 ******2671"),  # one-digit code
        ("+14155552671", "+1 ******2671"),
        ("+7 912 345 67 89", "+7 ******6789"),
        ("+44 20 7946 0958", "+44 ******0958"),  # two-digit code
        ("+4915112345678", "+49 151****5678"),  # read without spaces
        ("+852 9123 4567", "+852 ****4567"),  # three-digit code, 8 digits: 4 hidden
        ("+354 5551234", "+354 *******"),  # 7 digits: all hidden, length kept
        ("+683 4002", "+683 ****"),
        ("0755-22345678", "075*****5678"),
        ("(010) 6234 5678", "010****5678"),
        ("5551234", "*******"),
    ],
)
def test_other_numbers_keep_country_code_and_mask_by_length(written, masked):
    assert mask_phone(written) == masked


@pytest.mark.parametrize(
    ("value", "masked"), [("tel 13812345678", "***************"), ("abc", "***"), ("", "")]
)
def test_a_value_that_is_not_a_phone_number_is_masked_whole(value, masked):
    assert mask_phone(value) == masked


def test_full_width_digits_are_read_as_digits():
    assert mask_phone("＋８６　１３８１２３４５６７８") == "+86 138****5678"
    assert mask_customer("１３８１２３４５６７８") == "138****5678"
    assert mask_text("（客户１３８１２３４５６７８来电）") == "（客户138****5678来电）"
    assert mask_text("（订单１２３，＋５００）") == "（订单１２３，＋５００）"


# --- phone numbers and e-mails in free text -------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "customer 13812345678 called",
            "customer 138****5678 called",
        ),
        (
            "2026-08-04 09:40 客户13812345678来电，订单ORD-000123金额¥1,250.50",
            "2026-08-04 09:40 客户138****5678来电，订单ORD-000123金额¥1,250.50",
        ),
        (
            "顾客（电话:13912345678）于2026年8月4日09:40投诉",
            "顾客（电话:139****5678）于2026年8月4日09:40投诉",
        ),
        (
            "customer +86 138 1234 5678 called at 2026-08-04 09:40",
            "customer +86 138****5678 called at 2026-08-04 09:40",
        ),
        ("+86 13812345678 2026-08-04", "+86 138****5678 2026-08-04"),
        ("+86 13812345678 09:40", "+86 138****5678 09:40"),
        ("+86 13812345678 1.5 hours", "+86 138****5678 1.5 hours"),
        ("+86 138 1234 5678 1234", "+86 138****5678 1234"),
        ("call +44 20 7946 0958, or +1 (415) 555-2671.", "call +44 ******0958, or +1 ******2671."),
        ("139-1234-5678 / 139 1234 5678", "139****5678 / 139****5678"),
        ("门店电话0755-22345678，北京(010)62345678", "门店电话075*****5678，北京010****5678"),
        ("tz +08:00, +0800 13812345678", "tz +08:00, +0800 138****5678"),
        ("UTC+8 13812345678", "UTC+8 138****5678"),
        ("mail zhang.wei@example.com now", "mail z***@example.com now"),
        ("邮箱zhang@example.com。", "邮箱z***@example.com。"),
        ("QQ 13812345678@qq.com", "QQ 1***@qq.com"),
    ],
)
def test_mask_text_masks_phones_and_emails_inside_text(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "2026-08-04 09:40",
        "2026-08-04T09:40:00+08:00",
        "2026/08/04 09:40:13 – 2026/08/05 10:00",
        "ORD-000123, ORD-13812345678, #13812345678",
        "order 20260804123, trade 4200001234567890123456789012",
        "alipay 2026080422001412345678901234, ts 1754300000000, epoch 1754300000",
        "amount ¥1,250.50, 13812.50 元, +12345678.00, +500 orders, -3.5%",
        "订单号202608041234567，金额13812.50元，退款1,000.00",
        "WhatsApp Web unreachable since 09:40; 3,214 orders; 45 min",
        "version 1.3.8 build 13812345678.1",
        "file screenshots/13812345678.png",
        "",
    ],
)
def test_mask_text_leaves_ids_amounts_dates_and_times_alone(text):
    assert mask_text(text) == text


_NOT_PHONES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.integers(0, 999_999).map(lambda n: f"ORD-{n:06d}"),
    st.decimals(0, 10**9, places=2).map(lambda d: f"¥{d:,}"),
    st.integers(0, 10**6).map(str),
    st.sampled_from(["客户", "订单", "金额", "called at", "元", "，", " "]),
)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(_NOT_PHONES, max_size=8))
def test_text_of_dates_times_ids_and_amounts_never_changes(parts):
    text = " ".join(parts)
    assert mask_text(text) == text


@settings(max_examples=200, deadline=None)
@given(
    before=st.sampled_from(["", "客户", "call ", "电话:", "(", "2026-08-04 09:40 "]),
    number=st.integers(3 * 10**9, 10**10 - 1).map(lambda n: f"1{n}"),
    after=st.sampled_from(["", "来电", " called", "。", ")", ", ORD-000123", " 2026-08-04"]),
)
def test_a_chinese_mobile_never_survives_in_text(before, number, after):
    masked = mask_text(before + number + after)
    assert masked == f"{before}{number[:3]}****{number[-4:]}{after}"


def test_mask_email_keeps_first_character_and_domain():
    assert mask_email("zhang.wei@example.com") == "z***@example.com"
    assert mask_email("a@b.cn") == "a***@b.cn"


# --- names, identifiers, customers ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张伟", "张**"),
        ("张", "张**"),
        ("欧阳娜娜", "欧**"),
        ("Zhang Wei", "Z***"),
        ("Li", "L***"),
        ("oXy_9aBcDeFgHiJkLmNoPqRsTuVw", "o***"),
        (" 王芳 ", "王**"),
        ("", ""),
    ],
)
def test_mask_name_keeps_first_character_and_a_fixed_number_of_asterisks(name, masked):
    assert mask_name(name) == masked


def test_names_of_different_lengths_mask_to_the_same_length():
    assert {len(mask_name(n)) for n in ("张", "张伟", "欧阳娜娜")} == {3}
    assert {len(mask_name(n)) for n in ("Li", "Zhang Wei", "Maximilian Mustermann")} == {4}


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+86 138 1234 5678", "+86 138****5678"),
        ("13812345678", "138****5678"),
        ("+44 20 7946 0958", "+44 ******0958"),
        ("0755-22345678", "075*****5678"),
        ("zhang.wei@example.com", "z***@example.com"),
        ("13812345678@qq.com", "1***@qq.com"),
        ("张伟", "张**"),
        ("oAbCdEfGhIjKlMnOpQrStUvWxYz1", "o***xYz1"),  # an openid keeps its last four
        ("CUSTOMER-NUMBER", "C***"),  # a word in capitals is no identifier
        ("C-00123", "C***"),
        ("10023456", "1***"),  # a customer number, not a phone number
        ("+500", "+***"),
    ],
)
def test_mask_customer_masks_each_kind_of_identifier(value, masked):
    assert mask_customer(value) == masked


# --- frames ---------------------------------------------------------------------------


def _orders() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "order_id": ["A1", "A2", "A3", "A4", "A5"],
            "customer": ["+86 13812345678", None, "张伟", "+86 13812345678", "li@example.cn"],
            "amount": [10.0, 20.0, 30.0, 40.0, 50.0],
        },
        index=[10, 11, 12, 13, 14],
    ).astype({"customer": "str"})
    frame.attrs["provenance"] = {"source": "orders.csv"}
    return frame


def test_mask_frame_masks_a_copy_and_keeps_the_rest():
    orders = _orders()
    before = orders.copy()
    masked = mask_frame(orders)
    pd.testing.assert_frame_equal(orders, before)
    assert masked["customer"].dtype == "str"
    assert masked["customer"].tolist()[:1] + masked["customer"].tolist()[2:] == [
        "+86 138****5678",
        "张**",
        "+86 138****5678",
        "l***@example.cn",
    ]
    assert masked["customer"].isna().tolist() == [False, True, False, False, False]
    assert masked.index.tolist() == [10, 11, 12, 13, 14]
    pd.testing.assert_frame_equal(masked.drop(columns="customer"), orders.drop(columns="customer"))
    assert masked.attrs == {"provenance": {"source": "orders.csv"}}


def test_mask_frame_masks_free_text_columns_with_mask_text():
    outages = pd.DataFrame(
        {"description": ["客户13812345678来电 2026-08-04 09:40", None], "service": ["wx", "wx"]}
    )
    masked = mask_frame(outages, columns=(), text_columns=("description",))
    assert masked["description"].tolist()[0] == "客户138****5678来电 2026-08-04 09:40"
    assert masked["description"].isna().tolist() == [False, True]
    assert masked["service"].tolist() == ["wx", "wx"]


def test_mask_frame_of_object_and_number_columns_gives_text():
    frame = pd.DataFrame({"customer": pd.Series([13812345678, None, 42], dtype=object)})
    assert mask_frame(frame)["customer"].tolist() == ["138****5678", np.nan, "4***"]
    empty = pd.DataFrame({"customer": pd.Series([None, None], dtype="str")})
    assert mask_frame(empty)["customer"].isna().all()


def test_mask_frame_names_a_missing_column():
    with pytest.raises(ConfigError) as raised:
        mask_frame(pd.DataFrame({"buyer": ["x"]}))
    assert str(raised.value) == (
        "cannot mask column 'customer': the frame has no such column (columns: 'buyer'); "
        "name the columns that hold customer identifiers (columns=) or free text "
        "(text_columns=)"
    )


_CUSTOMERS = st.one_of(
    st.builds(
        lambda prefix, n, sep: prefix + sep.join((f"1{n}"[:3], f"1{n}"[3:7], f"1{n}"[7:])),
        st.sampled_from(["", "+86 ", "+86", "86", "0086-", "86-"]),
        st.integers(3 * 10**9, 10**10 - 1),
        st.sampled_from(["", " ", "-"]),
    ),
    st.sampled_from(["+44 20 7946 0958", "张伟", "li@example.cn", "12345678901", " 13812345678"]),
    st.text(alphabet="+0123456789 -()", max_size=16),
    st.text(max_size=6),
)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(_CUSTOMERS, min_size=1, max_size=30))
def test_mask_frame_masks_each_value_as_mask_customer_does(values):
    masked = mask_frame(pd.DataFrame({"customer": pd.Series(values, dtype="str")}))
    assert masked["customer"].tolist() == [mask_customer(v) for v in values]


# --- payment analyses -----------------------------------------------------------------

_START = datetime(2026, 8, 7, 10, 10, tzinfo=UTC)


def _record(order_id: str, minutes: int, amount: float, customer: str | None) -> PaymentRecord:
    return PaymentRecord(
        order_id=order_id,
        timestamp=_START + timedelta(minutes=minutes),
        amount=amount,
        customer=customer,
    )


def _analysis() -> PaymentAnalysis:
    unrecovered = [
        _record("W1", 5, 38.0, "+86 13812345678"),
        _record("W2", 9, 25.5, "张伟"),
        _record("W3", 12, 12.0, None),
        _record("W4", 20, 86.0, "li@example.cn"),
    ]
    return PaymentAnalysis(
        currency="CNY",
        windows=[Window(start=_START, end=_START + timedelta(hours=2), service="WeChat Pay")],
        retry_window=timedelta(hours=24),
        confidence=0.95,
        attempts_in_window=10,
        failures_in_window=6,
        failure_rate_in_window=0.6,
        attempts_outside=1000,
        failures_outside=15,
        failure_rate_outside=0.015,
        expected_failures_in_window=0.15,
        excess_failures=5.85,
        excess_failures_low=5.0,
        excess_failures_high=6.0,
        p_value=1e-9,
        failed_amount_in_window=200.0,
        recovered_attempts=2,
        recovered_amount=38.5,
        unrecovered_attempts=4,
        unpaid_amount=161.5,
        unpaid=unrecovered,
        unrecovered_amount=157.46,
        unrecovered_amount_low=140.0,
        unrecovered_amount_high=161.5,
        refund_due=[unrecovered[3], _record("R1", -3000, 32.0, "8613900001111")],
        refund_due_amount=118.0,
        refunded=[_record("R2", -2000, 20.0, "+86 13700002222")],
        already_refunded_amount=20.0,
    )


def test_mask_payments_masks_every_listed_customer():
    masked = mask_payments(_analysis())
    assert [r.customer for r in masked.unpaid] == [
        "+86 138****5678",
        "张**",
        None,
        "l***@example.cn",
    ]
    assert [r.customer for r in masked.refund_due] == [
        "l***@example.cn",
        "+86 139****1111",
    ]
    assert [r.customer for r in masked.refunded] == ["+86 137****2222"]


def test_mask_payments_keeps_every_other_field_and_leaves_the_original_alone():
    analysis = _analysis()
    before = analysis.model_dump()
    masked = mask_payments(analysis)
    assert analysis.model_dump() == before  # raw values kept: the merchant matches refunds
    assert analysis.unpaid[0].customer == "+86 13812345678"
    assert masked is not analysis
    assert isinstance(masked, PaymentAnalysis)

    def without_customers(dumped: dict) -> dict:
        for name in ("unpaid", "refund_due", "refunded"):
            dumped[name] = [{**r, "customer": "-"} for r in dumped[name]]
        return dumped

    assert without_customers(masked.model_dump()) == without_customers(before)
    assert [r.order_id for r in masked.unpaid] == ["W1", "W2", "W3", "W4"]
    assert masked.unpaid[1].amount == 25.5
    assert masked.unpaid[0].timestamp == datetime(2026, 8, 7, 10, 15, tzinfo=UTC)
    assert masked.unrecovered_amount == 157.46
    masked.windows.clear()  # the copy shares no list with the original
    assert len(analysis.windows) == 1


def test_mask_payments_of_an_analysis_without_records_is_equal():
    empty = _analysis().model_copy(update={"unpaid": [], "refund_due": [], "refunded": []})
    assert mask_payments(empty) == empty


def test_mask_payments_is_exported_from_the_package():
    import claimstats as cs

    assert cs.mask_payments is mask_payments


# --- the wallet notebook shares no customer identifier -----------------------------------

_MOBILE = re.compile(r"(?<!\d)1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")


def _saved_outputs(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return json.dumps(
        [cell.get("outputs", []) for cell in cells if cell["cell_type"] == "code"],
        ensure_ascii=False,
    )


def test_mobile_pattern_finds_the_forms_a_phone_is_written_in():
    found = _MOBILE.findall("13812345678, +86 139 0000 1111 or 86-137-1234-5678; ORD-2026080712")
    assert found == ["13812345678", "139 0000 1111", "137-1234-5678"]


def test_wallet_notebook_outputs_show_no_phone_number_and_no_raw_customer():
    outputs = _saved_outputs(ROOT / "notebooks" / "03_wallet_payments.ipynb")
    assert "o***" in outputs  # the customers are there, masked
    assert _MOBILE.findall(outputs) == []
    transactions = pd.read_csv(ROOT / "sample_data" / "wallet_transactions.csv", dtype=str)
    raw = set(transactions["customer"].dropna())
    assert len(raw) > 100
    assert sorted(customer for customer in raw if customer in outputs) == []


# --- secrets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "账号截图，密码: abc123",
        "密码：abc",
        "登录密码是Abc12345",
        "验证码 482913",
        "验证码为482913",
        "短信验证码482913已过期",
        "password=hunter2",
        "Password: correct horse",
        "the password is hunter2",
        "PIN 1234",
        "OTP: 482913",
        "verification code 482913 received 09:40",
    ],
)
def test_looks_like_secret_finds_passwords_and_codes_with_a_value(text):
    assert looks_like_secret(text)


@pytest.mark.parametrize(
    "text",
    [
        "验证码短信截图",
        "截图中验证码已打码",
        "密码：无",
        "password: ****",
        "password reset e-mail",
        "the verification code was sent by SMS",
        "asked for the verification code 3 times",
        "pinned message from 2026-08-04",
        "opinion 12345",
        "客服聊天记录 2026-08-04 09:40",
    ],
)
def test_looks_like_secret_lets_mentions_without_a_value_pass(text):
    assert not looks_like_secret(text)


@pytest.mark.parametrize("length", range(5, 16))
def test_a_masked_number_always_hides_at_least_four_digits(length):
    """A number is never guessable from its mask: 10,000 or more candidates each time."""
    national = "9" + "".join(str(d % 10) for d in range(1, length))
    for written in (national, f"+852 {national}"):
        masked = mask_phone(written)
        assert masked.count("*") >= min(4, length)
        assert masked.count("*") + sum(c.isdigit() for c in masked.split(" ")[-1]) == length


def test_masked_identifiers_of_two_customers_stay_distinguishable():
    ids = ("oPYFY1I0t8ojFJdGog1ZqCR0fEA7f", "o6o38WeMGCKAwWzplMKjCaD3-sbS", "2088102122524333")
    masked = [mask_customer(v) for v in ids]
    assert masked == ["o***EA7f", "o***-sbS", "2***4333"]
    assert all(v[1:-4] not in m for v, m in zip(ids, masked, strict=True))


@pytest.mark.parametrize(
    "value",
    ["+86 138 1234 5678", "13812345678", "+44 7700 900123", "li@example.cn", "张伟", "C-00123",
     "oPYFY1I0t8ojFJdGog1ZqCR0fEA7f"],
)  # fmt: skip
def test_masking_twice_gives_what_masking_once_gave(value):
    once = mask_customer(value)
    assert mask_customer(once) == once


@pytest.mark.parametrize(
    ("value", "hidden"),
    [("**13812345678", "13812345678"), ("13812345678 **", "12345678"),
     ("li**@example.cn", "example"), ("VIP**李四明", "李四明")],
)  # fmt: skip
def test_stars_in_a_value_do_not_pass_it_as_masked(value, hidden):
    assert hidden not in mask_customer(value)
