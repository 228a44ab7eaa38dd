"""read_orders keeps the optional funds_deducted column: aliases, yes/no words, bad values."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import claimstats as cs
from claimstats.datasets.sample import make_sample
from claimstats.errors import DataError
from claimstats.schema import ORDER_COLUMNS

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
HEADER = "order_id,timestamp,amount,currency,status"


def write_csv(tmp_path: Path, header: str, rows: list[str]) -> Path:
    path = tmp_path / "attempts.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def attempts(values: list[str]) -> list[str]:
    return [f"P{i},2026-08-07T10:0{i}:00Z,25.00,CNY,failed,{v}" for i, v in enumerate(values)]


def test_sample_wallet_file_gives_the_sample_funds_deducted_exactly() -> None:
    read = cs.read_orders(SAMPLE / "wallet_transactions.csv")
    truth = make_sample(0).wallet_transactions

    assert list(read.columns) == [*ORDER_COLUMNS, "status_text", "funds_deducted"]
    assert read["funds_deducted"].dtype == "boolean"
    assert not read["funds_deducted"].isna().any()
    np.testing.assert_array_equal(
        read["funds_deducted"].to_numpy(dtype=bool), truth["funds_deducted"].to_numpy()
    )
    assert read.loc[read["funds_deducted"], "order_id"].tolist() == list(
        make_sample(0).wallet_truth.refund_due
    )


@pytest.mark.parametrize(
    "header", ["funds_deducted", "Deducted", "money taken", "扣款成功", "已扣款"]
)
def test_funds_deducted_is_found_under_its_aliases(tmp_path: Path, header: str) -> None:
    path = write_csv(tmp_path, f"{HEADER},{header}", attempts(["true", "false"]))

    assert cs.read_orders(path)["funds_deducted"].tolist() == [True, False]


def test_yes_no_words_are_read_and_blank_is_missing(tmp_path: Path) -> None:
    words = ["true", "FALSE", "yes", "No", "1", "0", "是", "否", ""]
    path = write_csv(tmp_path, f"{HEADER},funds_deducted", attempts(words))

    flags = cs.read_orders(path)["funds_deducted"]

    assert flags.dtype == "boolean"
    assert flags.tolist()[:8] == [True, False, True, False, True, False, True, False]
    assert flags.isna().tolist() == [False] * 8 + [True]


def test_an_unknown_value_is_a_row_problem_with_its_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path, f"{HEADER},funds_deducted", attempts(["true", "maybe", "0"]))

    with pytest.raises(DataError, match=r"line 3, column 'funds_deducted': not a yes/no value"):
        cs.read_orders(path)


def test_reject_keeps_the_other_rows_and_lists_the_bad_one(tmp_path: Path) -> None:
    path = write_csv(tmp_path, f"{HEADER},funds_deducted", attempts(["true", "maybe", "0"]))

    read = cs.read_orders(path, on_error="reject")

    assert read["order_id"].tolist() == ["P0", "P2"]
    assert read["funds_deducted"].tolist() == [True, False]
    rejected = cs.provenance(read).rejected
    assert [(r.line, r.column, r.value) for r in rejected] == [(3, "funds_deducted", "maybe")]


def test_without_the_column_there_is_no_funds_deducted(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, [r.rsplit(",", 1)[0] for r in attempts(["x"])])

    assert "funds_deducted" not in cs.read_orders(path).columns


def test_a_mapped_column_and_python_booleans_are_read() -> None:
    frame = pd.DataFrame(
        {
            "time": ["2026-08-07T10:00Z", "2026-08-07T10:05Z", "2026-08-07T10:09Z"],
            "amount": [25.0, 30.0, 12.5],
            "charged anyway": [True, False, None],
        }
    )

    read = cs.read_orders(frame, currency="CNY", columns={"funds_deducted": "charged anyway"})

    assert read["funds_deducted"].tolist()[:2] == [True, False]
    assert read["funds_deducted"].isna().tolist() == [False, False, True]
    assert frame["charged anyway"].tolist() == [True, False, None]  # input untouched


def test_numbers_one_and_zero_from_a_spreadsheet_are_read() -> None:
    frame = pd.DataFrame(
        {
            "time": ["2026-08-07T10:00Z"] * 3,
            "amount": [1.0, 2.0, 3.0],
            "deducted": [1.0, 0.0, np.nan],
        }
    )

    flags = cs.read_orders(frame, currency="CNY")["funds_deducted"]

    assert flags.tolist()[:2] == [True, False]
    assert bool(flags.isna().iloc[2])


@pytest.mark.parametrize("header", ["refunded_at", "Refund time", "refunded on", "退款时间"])
def test_refunded_at_is_a_time_found_under_its_aliases(tmp_path: Path, header: str) -> None:
    rows = [f"{row},{v}" for row, v in zip(attempts(["true", "true"]), ["", "41.5"], strict=True)]
    rows = [f"{row},{t}" for row, t in zip(rows, ["2026-08-08 09:30", ""], strict=True)]
    path = write_csv(tmp_path, f"{HEADER},funds_deducted,refunded_amount,{header}", rows)

    read = cs.read_orders(path, tz="Asia/Shanghai")

    assert list(read.columns)[-3:] == ["refunded_amount", "refunded_at", "funds_deducted"]
    assert str(read["refunded_at"].dtype) == "datetime64[us, UTC]"
    assert read["refunded_at"].tolist()[0] == pd.Timestamp("2026-08-08 01:30", tz="UTC")
    assert read["refunded_at"].isna().tolist() == [False, True]
    assert read["refunded_amount"].tolist() == [0.0, 41.5]


def test_a_refund_time_that_is_no_time_is_a_row_problem(tmp_path: Path) -> None:
    rows = [f"{row},{t}" for row, t in zip(attempts(["true"]), ["soon"], strict=True)]
    path = write_csv(tmp_path, f"{HEADER},funds_deducted,refunded_at", rows)

    with pytest.raises(DataError, match=r"line 2, column 'refunded_at': not a date and time"):
        cs.read_orders(path)
