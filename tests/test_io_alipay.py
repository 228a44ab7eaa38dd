"""Tests of claimstats.io.alipay: Alipay bills (web and app exports) read as orders."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import claimstats.io as cio
from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.io.alipay import read_alipay, sniff_alipay
from claimstats.io.options import ReadOptions
from claimstats.io.sources import open_source

WALLETS = Path(__file__).parent / "data" / "wallets"
WEB = WALLETS / "alipay_bill_gbk.csv"
APP = WALLETS / "alipay_app_bill.csv"
SHANGHAI = "Asia/Shanghai"


def make_bills() -> ModuleType:
    """The fixture generator of tests/data/wallets."""
    spec = importlib.util.spec_from_file_location("make_bills", WALLETS / "make_bills.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def web_bill(tmp_path: Path, rows: list[str], footer: list[str] | None = None) -> Path:
    """A web-export bill with the fixture's head and footer and the given rows (GBK)."""
    bills = make_bills()
    footer = bills.ALIPAY_FOOTER if footer is None else footer
    text = "\n".join([*bills.ALIPAY_HEAD, bills.ALIPAY_HEADER, *rows, *footer]) + "\n"
    path = tmp_path / "alipay_record_20260810.csv"
    path.write_bytes(text.encode("gbk"))
    return path


def web_row(status: str, paid: str, refund: str, amount: str = "60.00") -> str:
    """One incoming payment of the web export."""
    return make_bills().alipay_row(
        "2026080922001400001000000099",
        "T2026080900099",
        "2026-08-09 10:00:00",
        paid,
        "2026-08-09 10:00:00",
        "其他（包括阿里巴巴和外部商家）",
        "即时到账交易",
        "测试**",
        "测试商品",
        amount,
        "收入",
        status,
        "0.00",
        refund,
        "",
        "",
    )


# --- the web export (GBK) ---------------------------------------------------------------------


def test_web_bill_is_detected_and_its_incoming_payments_read() -> None:
    orders = cio.read_orders(WEB, tz=SHANGHAI)

    assert orders["status"].tolist() == [
        "completed",
        "completed",
        "refunded",
        "failed",
        "pending",
        "completed",
        "completed",
        "refunded",
    ]
    assert orders.loc[orders["status"] == "completed", "amount"].sum() == pytest.approx(291.50)
    assert orders["refunded_amount"].tolist() == [0.0, 20.0, 58.0, 0.0, 0.0, 0.0, 0.0, 42.0]
    assert set(orders["channel"]) == {"alipay"}
    assert set(orders["currency"]) == {"CNY"}


def test_web_bill_ids_names_and_times_lose_their_padding() -> None:
    orders = cio.read_orders(WEB, tz=SHANGHAI)

    assert orders["order_id"].iloc[0] == "2026080722001400001000000006"
    assert orders["customer"].tolist()[:3] == ["李**", "王**", "张**"]
    assert orders["status_text"].tolist()[2:5] == ["交易关闭", "交易关闭", "等待买家付款"]
    assert [str(t) for t in orders["timestamp"].iloc[[0, 6]]] == [
        "2026-08-07 12:10:09+00:00",  # 付款时间
        "2026-08-03 00:05:01+00:00",  # 08:05 in Shanghai
    ]


def test_closed_trade_never_paid_failed_at_its_creation_time() -> None:
    orders = cio.read_orders(WEB, tz=SHANGHAI).set_index("order_id")

    unpaid = orders.loc["2026080522001400001000000009"]
    pending = orders.loc["2026080422001400001000000010"]
    assert (unpaid["status"], str(unpaid["timestamp"])) == ("failed", "2026-08-05 01:15:00+00:00")
    assert (pending["status"], str(pending["timestamp"])) == (
        "pending",
        "2026-08-04 13:00:00+00:00",
    )


def test_web_bill_provenance_footer_is_not_data() -> None:
    prov = cio.provenance(cio.read_orders(WEB, tz=SHANGHAI))

    assert prov.format == "alipay-csv"
    assert prov.encoding == "gb18030"
    assert prov.excluded == {
        "outgoing payments (支出)": 3,
        "no income or expense given (收/支 blank)": 1,
    }
    assert (prov.rows_read, prov.rows_kept, prov.rows_rejected) == (12, 8, 0)


def test_web_bill_rows_keep_their_physical_lines() -> None:
    table = read_alipay(open_source(WEB), ReadOptions("orders", tz=SHANGHAI))

    assert table.lines.tolist() == [6, 7, 8, 9, 10, 11, 13, 16]


def test_format_named_gives_the_same_frame_as_auto() -> None:
    pd.testing.assert_frame_equal(
        cio.read_orders(WEB, tz=SHANGHAI), cio.read_orders(WEB, format="alipay", tz=SHANGHAI)
    )


def test_encoding_named_is_used_and_recorded() -> None:
    orders = cio.read_orders(WEB, tz=SHANGHAI, encoding="gbk")

    assert cio.provenance(orders).encoding == "gbk"
    assert len(orders) == 8


def test_gb18030_bill_keeps_a_name_outside_gbk() -> None:
    orders = cio.read_orders(WALLETS / "alipay_bill_gb18030.csv", tz=SHANGHAI)

    assert orders["customer"].tolist() == ["𠮷野家(中关村店)", "刘**"]
    assert orders["amount"].tolist() == [68.0, 30.0]
    prov = cio.provenance(orders)
    assert (prov.encoding, prov.excluded) == ("gb18030", {"outgoing payments (支出)": 1})


@pytest.mark.parametrize(
    ("status", "paid", "refund", "expected"),
    [
        ("交易成功", "2026-08-09 10:00:01", "0.00", "completed"),
        ("交易成功", "2026-08-09 10:00:01", "60.00", "refunded"),
        ("交易成功", "2026-08-09 10:00:01", "59.99", "completed"),
        ("交易关闭", "2026-08-09 10:00:01", "60.00", "refunded"),
        ("交易关闭", "2026-08-09 10:00:01", "0.00", "cancelled"),
        ("交易关闭", "", "0.00", "failed"),
        ("等待付款", "", "0.00", "pending"),
        ("退款成功", "2026-08-09 10:00:01", "60.00", "refunded"),
        ("支付成功", "2026-08-09 10:00:01", "0.00", "completed"),
    ],
)
def test_status_of_an_incoming_payment(
    tmp_path: Path, status: str, paid: str, refund: str, expected: str
) -> None:
    footer = make_bills().ALIPAY_FOOTER[:1]
    path = web_bill(tmp_path, [web_row(status, paid, refund)], footer)

    row = cio.read_orders(path, tz=SHANGHAI).iloc[0]

    assert (row["status"], row["status_text"], row["refunded_amount"]) == (
        expected,
        status,
        float(refund),
    )


def test_unmapped_status_asks_for_a_status_map(tmp_path: Path) -> None:
    rows = [web_row("等待卖家发货", "2026-08-09 10:00:01", "0.00")]
    path = web_bill(tmp_path, rows, make_bills().ALIPAY_FOOTER[:1])

    with pytest.raises(DataError) as info:
        cio.read_orders(path, tz=SHANGHAI)
    orders = cio.read_orders(path, tz=SHANGHAI, status_map={"等待卖家发货": "completed"})

    assert info.value.lines == [6]
    assert "unknown status '等待卖家发货'" in str(info.value)
    assert orders["status"].tolist() == ["completed"]


def test_fewer_rows_than_the_footer_states_is_a_data_error(tmp_path: Path) -> None:
    rows = make_bills().ALIPAY_ROWS[:-1]

    with pytest.raises(DataError) as info:
        cio.read_orders(web_bill(tmp_path, rows), tz=SHANGHAI)

    assert "the bill says 共12笔记录 (line 18) but its table has 11 rows" in str(info.value)


def test_unknown_direction_is_a_row_problem(tmp_path: Path) -> None:
    rows = list(make_bills().ALIPAY_ROWS)
    rows[8] = rows[8].replace(",300.00  ,          ,", ",300.00  ,转账      ,")  # line 14

    with pytest.raises(DataError) as info:
        cio.read_orders(web_bill(tmp_path, rows), tz=SHANGHAI)

    assert info.value.lines == [14]
    assert "收/支 is '转账', not 收入 (incoming), 支出 (outgoing), 不计收支 or blank" in str(
        info.value
    )


# --- the app export (2023 on) -----------------------------------------------------------------


def test_app_bill_reads_incoming_payments() -> None:
    orders = cio.read_orders(APP, tz=SHANGHAI)
    table = read_alipay(open_source(APP), ReadOptions("orders", tz=SHANGHAI))

    assert orders["status"].tolist() == ["completed", "cancelled", "completed"]
    assert orders["amount"].tolist() == [80.0, 45.0, 25.0]
    assert orders.loc[orders["status"] == "completed", "amount"].sum() == 105.0
    assert orders["order_id"].iloc[0] == "20260807200040011100000000000026"
    assert str(orders["timestamp"].iloc[0]) == "2026-08-07 11:20:00+00:00"
    assert "refunded_amount" not in orders.columns
    assert table.lines.tolist() == [26, 28, 30]
    prov = cio.provenance(orders)
    assert (prov.format, prov.encoding, prov.rows_read) == ("alipay-app-csv", "gb18030", 6)
    assert prov.excluded == {
        "outgoing payments (支出)": 2,
        "neither income nor expense (不计收支)": 1,
    }


@pytest.mark.parametrize(("encoding", "recorded"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig")])
def test_app_bill_in_utf8_reads_the_same(tmp_path: Path, encoding: str, recorded: str) -> None:
    path = tmp_path / "支付宝交易明细(20260801-20260807).csv"
    path.write_bytes(APP.read_bytes().decode("gbk").encode(encoding))

    orders = cio.read_orders(path, tz=SHANGHAI)

    assert orders["amount"].tolist() == [80.0, 45.0, 25.0]
    assert cio.provenance(orders).encoding == recorded


def test_app_bill_of_2023_with_padded_fields_reads_the_same(tmp_path: Path) -> None:
    bills = make_bills()

    def padded(line: str) -> str:
        fields = line.split(",")
        return ",".join(f if f.endswith("\t") or not f else f.ljust(20) + " " for f in fields)

    head = [
        line.replace("支付宝支付科技有限公司", "支付宝（中国）网络技术有限公司")
        for line in bills.ALIPAY_APP_HEAD
    ]
    rows = [padded(row) for row in bills.ALIPAY_APP_ROWS]
    path = tmp_path / "alipay.csv"
    path.write_bytes("\n".join([*head, padded(bills.ALIPAY_APP_HEADER), *rows]).encode("gbk"))

    orders = cio.read_orders(path, tz=SHANGHAI)

    assert orders["status"].tolist() == ["completed", "cancelled", "completed"]
    assert orders["customer"].tolist() == ["李**", "王**", "张**"]
    assert cio.provenance(orders).format == "alipay-app-csv"


# --- what is not an Alipay bill, or not all of one ----------------------------------------------


def test_times_without_tz_ask_for_shanghai() -> None:
    with pytest.raises(ConfigError) as info:
        cio.read_orders(WEB)

    assert str(info.value) == (
        f"{WEB}: Alipay bill times (e.g. '2026-08-07 20:10:09' on line 6) have no UTC "
        'offset; the bill is written in China Standard Time, so pass tz="Asia/Shanghai"'
    )


def test_truncated_bill_says_it_is_cut_off() -> None:
    path = WALLETS / "alipay_truncated.csv"

    with pytest.raises(DataError) as info:
        cio.read_orders(path, tz=SHANGHAI)

    assert str(info.value) == (
        f"{path}: the Alipay bill ends after its header block (line 4) without a transaction "
        "table; the file seems cut off: export the bill again"
    )


def test_app_bill_cut_in_its_head_says_it_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "alipay.csv"
    path.write_bytes("\r\n".join(make_bills().ALIPAY_APP_HEAD[:12]).encode("gbk"))

    with pytest.raises(DataError) as info:
        cio.read_orders(path, tz=SHANGHAI)

    assert str(info.value).endswith(
        "the Alipay bill ends after its header block (line 11) without a transaction table, "
        "though it says 共6笔记录; the file seems cut off: export the bill again"
    )


def test_table_header_without_rows_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(
        DataError, match=r"has a table header \(line 5\) but no rows, though it says 共12笔记录"
    ):
        cio.read_orders(web_bill(tmp_path, []), tz=SHANGHAI)


def test_header_without_a_column_is_a_format_error(tmp_path: Path) -> None:
    bills = make_bills()
    path = tmp_path / "alipay.csv"
    header = bills.ALIPAY_HEADER.replace("成功退款（元）  ,", "")
    path.write_bytes("\n".join([*bills.ALIPAY_HEAD, header, *bills.ALIPAY_ROWS]).encode("gbk"))

    with pytest.raises(
        FormatError, match=r"line 5: the Alipay bill's table header lacks 成功退款\(元\)"
    ):
        cio.read_orders(path, tz=SHANGHAI)


def test_sniff_fits_both_layouts_and_not_other_files() -> None:
    def fit(name: str) -> tuple[bool, str]:
        path = WALLETS / name
        result = sniff_alipay(path.read_bytes()[: 1 << 16], open_source(path))
        return result.ok, result.why

    why = "no 支付宝交易记录明细查询 title or Alipay bill header in the first 64 KiB"
    for name in ("alipay_bill_gbk.csv", "alipay_bill_gb18030.csv", "alipay_app_bill.csv"):
        assert fit(name) == (True, ""), name
    assert fit("alipay_truncated.csv") == (True, "")
    assert fit("wechat_bill.csv") == (False, why)
    assert fit("latin1_orders.csv") == (False, why)


def test_wechat_bill_named_as_alipay_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="is not an Alipay bill"):
        cio.read_orders(WALLETS / "wechat_bill.csv", format="alipay", tz=SHANGHAI)


def test_latin1_file_named_as_alipay_is_an_encoding_error() -> None:
    with pytest.raises(FormatError, match=r'line 2 is not valid UTF-8 text.*encoding="cp1252"'):
        cio.read_orders(WALLETS / "latin1_orders.csv", format="alipay", tz=SHANGHAI)
