"""Tests of claimstats.io.wechat: WeChat Pay bills (微信支付账单明细) read as orders."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import claimstats.io as cio
from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.io.options import ReadOptions
from claimstats.io.sources import open_source
from claimstats.io.wechat import read_wechat, sniff_wechat

WALLETS = Path(__file__).parent / "data" / "wallets"
BILL = WALLETS / "wechat_bill.csv"
SHANGHAI = "Asia/Shanghai"
#: the physical lines of the bill's incoming payments
INCOMING_LINES = [18, 20, 22, 23, 24, 26, 27, 28, 30, 32, 33, 35, 37]


def make_bills() -> ModuleType:
    """The fixture generator of tests/data/wallets."""
    spec = importlib.util.spec_from_file_location("make_bills", WALLETS / "make_bills.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bill(tmp_path: Path, rows: list[str], head: list[str] | None = None) -> Path:
    """A WeChat bill with the fixture's header block and the given rows."""
    bills = make_bills()
    path = tmp_path / "微信支付账单(20260801-20260807).csv"
    head = bills.WECHAT_HEAD if head is None else head
    path.write_bytes(bills.wechat_bill(head, bills.WECHAT_HEADER, rows))
    return path


def with_status(row: int, status: str) -> list[str]:
    """The fixture's rows, with one incoming payment's 当前状态 changed."""
    rows = list(make_bills().WECHAT_ROWS)
    fields = rows[row].split(",")
    fields[7] = status
    rows[row] = ",".join(fields)
    return rows


# --- the fixture ---------------------------------------------------------------------------


def test_fixtures_are_the_bytes_make_bills_writes() -> None:
    for name, data in make_bills().fixtures().items():
        assert (WALLETS / name).read_bytes() == data, name


def test_bill_is_detected_and_its_incoming_payments_read() -> None:
    orders = cio.read_orders(BILL, tz=SHANGHAI)

    assert len(orders) == 13
    assert orders["status"].value_counts().to_dict() == {"completed": 12, "refunded": 1}
    completed = orders[orders["status"] == "completed"]
    assert completed["amount"].sum() == pytest.approx(640.66)
    assert orders["amount"].sum() == pytest.approx(665.66)
    assert set(orders["currency"]) == {"CNY"}
    assert set(orders["channel"]) == {"wechat_pay"}


def test_bill_keeps_ids_without_padding_and_times_in_utc() -> None:
    orders = cio.read_orders(BILL, tz=SHANGHAI)

    assert orders["order_id"].iloc[0] == "100004990126080700000000000018"
    assert orders["order_id"].iloc[7] == "1000050001202608040000000000028"  # padded by a space
    assert not orders["order_id"].str.contains(r"\s").any()
    assert str(orders["timestamp"].iloc[0]) == "2026-08-07 12:15:32+00:00"
    assert str(orders["timestamp"].iloc[6]) == "2026-08-04 23:30:00+00:00"  # 07:30 in Shanghai
    assert orders["customer"].iloc[:3].tolist() == ["李**", "王**", "张**"]


def test_refunds_full_and_partial() -> None:
    orders = cio.read_orders(BILL, tz=SHANGHAI).set_index("order_id")

    full = orders.loc["100004990126080600000000000023"]
    partial = orders.loc["100004990126080500000000000024"]
    assert (full["status"], full["status_text"], full["refunded_amount"]) == (
        "refunded",
        "已全额退款",
        25.0,
    )
    assert (partial["status"], partial["status_text"], partial["refunded_amount"]) == (
        "completed",
        "已退款(￥5.00)",
        5.0,
    )
    assert orders["refunded_amount"].sum() == 30.0


def test_statuses_are_kept_as_written() -> None:
    orders = cio.read_orders(BILL, tz=SHANGHAI)

    assert orders["status_text"].value_counts().to_dict() == {
        "已收钱": 7,
        "支付成功": 2,
        "已全额退款": 1,
        "已退款(￥5.00)": 1,
        "已存入零钱": 1,
        "已到账": 1,
    }


def test_provenance_counts_the_rows_left_out_and_the_encoding() -> None:
    prov = cio.provenance(cio.read_orders(BILL, tz=SHANGHAI))

    assert prov.format == "wechat-csv"
    assert prov.encoding == "utf-8-sig"
    assert prov.excluded == {"outgoing payments (支出)": 5, "neutral transfers (/)": 2}
    assert (prov.rows_read, prov.rows_kept, prov.rows_rejected) == (20, 13, 0)
    assert str(prov.time_start) == "2026-08-01 01:00:00+00:00"


def test_every_kept_row_has_its_physical_line() -> None:
    table = read_wechat(open_source(BILL), ReadOptions("orders", tz=SHANGHAI))

    assert table.lines.tolist() == INCOMING_LINES
    assert table.format == "wechat-csv"


def test_format_named_gives_the_same_frame_as_auto() -> None:
    auto = cio.read_orders(BILL, tz=SHANGHAI)
    named = cio.read_orders(BILL, format="wechat", tz=SHANGHAI)

    pd.testing.assert_frame_equal(auto, named)


def test_bill_resaved_as_gbk_with_lf_line_ends_reads_the_same(tmp_path: Path) -> None:
    text = BILL.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("¥", "￥")
    path = tmp_path / "bill.csv"
    path.write_bytes(text.encode("gbk"))

    orders = cio.read_orders(path, tz=SHANGHAI)
    table = read_wechat(open_source(path), ReadOptions("orders", tz=SHANGHAI))

    assert orders["amount"].sum() == pytest.approx(665.66)
    assert cio.provenance(orders).encoding == "gb18030"
    assert table.lines.tolist() == INCOMING_LINES


def test_header_names_padded_with_spaces_read_the_same(tmp_path: Path) -> None:
    bills = make_bills()
    header = ",".join(f" {name} " for name in bills.WECHAT_HEADER.split(","))
    path = tmp_path / "bill.csv"
    path.write_bytes(bills.wechat_bill(bills.WECHAT_HEAD, header, bills.WECHAT_ROWS))

    padded = cio.read_orders(path, tz=SHANGHAI)

    pd.testing.assert_frame_equal(padded, cio.read_orders(BILL, tz=SHANGHAI), check_like=True)


# --- what is not a sale, or not right --------------------------------------------------------


def test_times_without_tz_ask_for_shanghai() -> None:
    with pytest.raises(ConfigError) as info:
        cio.read_orders(BILL)

    assert str(info.value) == (
        f"{BILL}: WeChat Pay bill (column 交易时间) times (e.g. '2026-08-07 20:15:32' on "
        "line 18) have no UTC offset; the bill is written in China Standard Time, so pass "
        'tz="Asia/Shanghai"'
    )


def test_unknown_status_is_a_row_error_naming_its_line() -> None:
    path = WALLETS / "wechat_unknown_status.csv"

    with pytest.raises(DataError) as info:
        cio.read_orders(path, tz=SHANGHAI)
    mapped = cio.read_orders(path, tz=SHANGHAI, status_map={"已冻结": "pending"})
    kept = cio.read_orders(path, tz=SHANGHAI, on_error="reject")

    assert info.value.lines == [32]
    assert "unknown status '已冻结'" in str(info.value)
    assert mapped["status"].value_counts().to_dict() == {
        "completed": 11,
        "refunded": 1,
        "pending": 1,
    }
    assert len(kept) == 12
    assert [r.line for r in cio.provenance(kept).rejected] == [32]


def test_header_without_a_column_is_a_format_error() -> None:
    path = WALLETS / "wechat_missing_column.csv"

    with pytest.raises(FormatError) as info:
        cio.read_orders(path, tz=SHANGHAI)

    assert str(info.value) == (
        f"{path}: line 17: the WeChat Pay bill's table header lacks 当前状态 (found: 交易时间, "
        "交易类型, 交易对方, 商品, 收/支, 金额(元), 支付方式, 交易单号, 商户单号, 备注); the file "
        "seems edited: export the bill again, or read it with format='csv' and columns="
    )


def test_truncated_bill_says_it_is_cut_off() -> None:
    path = WALLETS / "wechat_truncated.csv"

    with pytest.raises(DataError) as info:
        cio.read_orders(path, format="wechat", tz=SHANGHAI)
    with pytest.raises(DataError) as auto:
        cio.read_orders(path, tz=SHANGHAI)

    assert str(info.value) == (
        f"{path}: the WeChat Pay bill ends after its header block (line 16) without a "
        "transaction table, though it says 共20笔记录; the file seems cut off: export the bill "
        "again"
    )
    assert str(auto.value) == str(info.value)


def test_bill_cut_before_its_rule_line_is_detected_and_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "bill.csv"
    path.write_bytes(("\r\n".join(make_bills().WECHAT_HEAD[:10]) + "\r\n").encode("utf-8-sig"))

    with pytest.raises(DataError) as info:
        cio.read_orders(path, tz=SHANGHAI)

    assert "the WeChat Pay bill ends after its header block (line 10)" in str(info.value)


def test_table_header_without_rows_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(
        DataError, match=r"has a table header \(line 17\) but no rows, though it says 共20笔记录"
    ):
        cio.read_orders(bill(tmp_path, []), tz=SHANGHAI)


def test_fewer_rows_than_the_bill_states_is_a_data_error(tmp_path: Path) -> None:
    rows = make_bills().WECHAT_ROWS[:15]

    with pytest.raises(DataError) as info:
        cio.read_orders(bill(tmp_path, rows), tz=SHANGHAI)

    assert "the bill says 共20笔记录 (line 7) but its table has 15 rows" in str(info.value)


def test_unknown_direction_is_a_row_problem_not_a_sale(tmp_path: Path) -> None:
    rows = list(make_bills().WECHAT_ROWS)
    rows[3] = rows[3].replace(",/,¥500.00,", ",其他,¥500.00,")  # line 21

    with pytest.raises(DataError) as info:
        cio.read_orders(bill(tmp_path, rows), tz=SHANGHAI)
    kept = cio.read_orders(bill(tmp_path, rows), tz=SHANGHAI, on_error="reject")

    assert info.value.lines == [21]
    assert "column '收/支': 收/支 is '其他', not 收入 (incoming)" in str(info.value)
    assert len(kept) == 13
    assert cio.provenance(kept).excluded == {
        "outgoing payments (支出)": 5,
        "neutral transfers (/)": 1,
    }


def test_bill_without_incoming_payments_says_what_it_holds(tmp_path: Path) -> None:
    rows = [r for r in make_bills().WECHAT_ROWS if ",收入," not in r]
    head = [line.replace("共20笔记录", "共7笔记录") for line in make_bills().WECHAT_HEAD]

    with pytest.raises(DataError) as info:
        cio.read_orders(bill(tmp_path, rows, head), tz=SHANGHAI)

    assert str(info.value).endswith(
        "the WeChat Pay bill has no incoming payments (收入), so no sales to read (5 outgoing "
        "payments (支出), 2 neutral transfers (/)); export the bill of the account that "
        "receives the payments"
    )


@pytest.mark.parametrize(
    ("status", "expected", "refunded"),
    [
        ("已退款￥5.00", "completed", 5.0),
        ("已退款（￥5.00）", "completed", 5.0),
        ("已部分退款(¥12.50)", "completed", 12.5),
        ("已退款(￥45.00)", "refunded", 45.0),
        ("已退款", "refunded", 45.0),
        ("对方已退还", "refunded", 45.0),
        ("支付失败", "failed", 0.0),
        ("交易关闭", "cancelled", 0.0),
        ("朋友已收钱", "completed", 0.0),
        ("处理中", "pending", 0.0),
    ],
)
def test_status_of_an_incoming_payment(
    tmp_path: Path, status: str, expected: str, refunded: float
) -> None:
    path = bill(tmp_path, with_status(6, status))  # line 24, ¥45.00

    orders = cio.read_orders(path, tz=SHANGHAI).set_index("order_id")

    row = orders.loc["100004990126080500000000000024"]
    assert (row["status"], row["refunded_amount"], row["status_text"]) == (
        expected,
        refunded,
        status,
    )


# --- the content test -----------------------------------------------------------------------


def test_sniff_fits_the_bill_and_not_other_files() -> None:
    def fit(name: str) -> tuple[bool, str]:
        path = WALLETS / name
        result = sniff_wechat(path.read_bytes()[: 1 << 16], open_source(path))
        return result.ok, result.why

    why = "no 微信支付账单明细列表 line or WeChat bill header in the first 64 KiB"
    assert fit("wechat_bill.csv") == (True, "")
    assert fit("wechat_missing_column.csv") == (True, "")
    assert fit("alipay_bill_gbk.csv") == (False, why)
    assert fit("alipay_app_bill.csv") == (False, why)
    assert fit("utf16_orders.csv") == (False, why)


def test_bill_named_as_wechat_but_another_file_is_a_format_error() -> None:
    path = WALLETS / "alipay_bill_gbk.csv"

    with pytest.raises(
        FormatError, match=r"is not a WeChat Pay bill: no 微信支付账单明细列表 line"
    ):
        cio.read_orders(path, format="wechat", tz=SHANGHAI)
