"""check_input: which kind a file holds, what is usable in it, and why not."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimstats.errors import ConfigError
from claimstats.io.check import check_input, describe_check

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
AS_OF = "2026-08-10T10:00:00+08:00"


def test_an_order_file_is_detected_as_orders_and_counted() -> None:
    check = check_input(SAMPLE / "wallet_transactions.csv", tz="Asia/Shanghai")

    assert check.kind == "orders"
    assert check.usable
    assert check.error is None
    assert check.counts["status"] == {"completed": 10_446, "failed": 204}
    assert check.counts["channel"] == {"wechat_pay": 10_650}
    assert check.provenance is not None
    assert check.provenance.rows_kept == 10_650


def test_an_outage_file_is_detected_as_outages() -> None:
    check = check_input(SAMPLE / "wallet_outages.csv", as_of=AS_OF)

    assert check.kind == "outages"
    assert check.usable
    assert check.open_outages == 0
    assert sum(check.counts["severity"].values()) == check.provenance.rows_kept


def test_a_file_with_no_usable_row_is_not_usable(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("id,time,amount\nA,2026-08-04T01:40Z,x\n", encoding="utf-8")

    check = check_input(path, kind="orders", currency="CNY")

    assert check.kind == "orders"
    assert not check.usable
    assert check.error == "no usable rows; see the rejected rows"
    assert describe_check(check)[0] == f"{path}: NOT usable as orders"


def test_a_usable_file_with_many_rejected_rows_is_questioned(tmp_path: Path) -> None:
    good = [f"A{i},2026-08-04T01:{i:02d}Z,10" for i in range(17)]
    bad = [f"B{i},2026-08-04T02:{i:02d}Z,ten" for i in range(3)]
    path = tmp_path / "orders.csv"
    path.write_text("id,time,amount\n" + "\n".join(good + bad) + "\n", encoding="utf-8")

    check = check_input(path, kind="orders", currency="CNY")

    assert check.usable
    assert check.warnings == [
        f"{path}: 3 of 20 rows (15%) were rejected and would be left out of the claim; an "
        "assessor will ask what they held: fix them in the file, or map its columns and "
        "status words (see the rejected rows)"
    ]
    assert check_input(SAMPLE / "orders.csv", tz="Asia/Shanghai").warnings == []


def test_an_unreadable_file_says_why_for_each_kind(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")

    check = check_input(path)

    assert check.kind is None
    assert not check.usable
    assert check.provenance is None
    assert check.error.startswith(f"as orders: {path}: has no 'timestamp' or 'amount' column")
    assert f" | as outages: {path}: not a kind of outage list claimstats knows" in check.error


def test_unknown_options_and_kinds_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown option 'decimals'"):
        check_input(SAMPLE / "orders.csv", decimals=",")
    with pytest.raises(ConfigError, match="kind must be one of orders, outages"):
        check_input(SAMPLE / "orders.csv", kind="payments")
