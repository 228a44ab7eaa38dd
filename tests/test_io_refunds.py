"""Tests of claimstats.io.refunds: a list of the refunds a wallet made, by order id."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import claimstats as cs
from claimstats.datasets import make_wallet_shop
from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.schema import REFUND_COLUMNS


def write(tmp_path: Path, text: str, name: str = "refunds.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_of_refunds_in_chinese_headers_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "订单号,退款金额,退款时间\nWXP-1,¥38.00,2026-08-08 10:12\nWXP-2,12.5,\nWXP-3,,2026-08-09T08:00Z\n",
    )

    refunds = cs.read_refunds(path, tz="Asia/Shanghai")

    assert dict(refunds.dtypes) == {k: pd.Series(dtype=v).dtype for k, v in REFUND_COLUMNS.items()}
    assert refunds["order_id"].tolist() == ["WXP-1", "WXP-2", "WXP-3"]
    assert refunds["refunded_amount"].tolist() == [38.0, 12.5, 0.0]
    assert refunds["refunded_at"].tolist()[::2] == [
        pd.Timestamp("2026-08-08 02:12", tz="UTC"),
        pd.Timestamp("2026-08-09 08:00", tz="UTC"),
    ]
    assert pd.isna(refunds["refunded_at"].iloc[1])


def test_a_json_list_with_amounts_only_and_a_mapped_column(tmp_path: Path) -> None:
    records = {"refunds": [{"商户订单号": "A", "refund_amount": 5}]}
    path = write(tmp_path, json.dumps(records, ensure_ascii=False), "refunds.json")

    refunds = cs.read_refunds(path, columns={"order_id": "商户订单号"})

    assert refunds.to_dict("list") == {
        "order_id": ["A"],
        "refunded_amount": [5.0],
        "refunded_at": [pd.NaT],
    }


def test_every_bad_row_is_named_at_once_and_none_is_left_out(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "order_id,refunded_amount,refunded_at\nA,-3,2026-08-08 10:00\n,5,\nB,5,soon\nC,7,\n",
    )

    with pytest.raises(DataError) as caught:
        cs.read_refunds(path, tz="Asia/Shanghai")
    assert caught.value.lines == [2, 3, 4]
    assert "3 problems in 3 refund rows" in str(caught.value)
    assert "a refund cannot be negative" in str(caught.value)
    with pytest.raises(TypeError):  # no reject mode: a refund left out would be asked for again
        cs.read_refunds(path, tz="Asia/Shanghai", on_error="reject")


def test_a_list_without_amount_or_time_or_order_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="has no refunded_amount or refunded_at column"):
        cs.read_refunds(write(tmp_path, "order_id,note\nA,x\n"))
    with pytest.raises(DataError, match="has no 'order_id' column"):
        cs.read_refunds(write(tmp_path, "refunded_amount\n5\n"))


def test_naive_times_need_a_zone_and_other_formats_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="has times without a timezone"):
        cs.read_refunds(write(tmp_path, "order_id,refunded_at\nA,2026-08-08 10:00\n"))
    with pytest.raises(FormatError, match=r"is read from \.csv or \.json"):
        cs.read_refunds(write(tmp_path, "x", "refunds.xml"))


def test_a_refund_list_gives_the_lists_of_the_truth() -> None:
    shop = make_wallet_shop(seed=1)
    tx = shop.transactions
    listed = tx.loc[tx["refunded_at"].notna(), ["order_id", "refunded_amount", "refunded_at"]]
    bare = tx.drop(columns=["refunded_amount", "refunded_at"])

    result = cs.analyze_payments(bare, cs.incidents(shop.outages), refunds=listed)

    assert [r.order_id for r in result.refunded] == list(shop.truth.refunded)
    assert [r.order_id for r in result.refund_due] == list(shop.truth.refund_due)
    assert result.refund_due_amount == pytest.approx(shop.truth.refund_due_amount)
