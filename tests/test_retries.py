"""Tests of claimstats.estimate.retries: what became of each failed attempt, chance matches."""

from __future__ import annotations

import pandas as pd
import pytest

import claimstats.estimate.payments
from claimstats.errors import ConfigError, DataError
from claimstats.estimate.retries import (
    OUTCOME_COLUMNS,
    RetryWindow,
    chance_matches,
    measure_retry_window,
    payment_attempts,
    payment_outcomes,
    resolve_retry_window,
    retry_window_notes,
)
from claimstats.schema import ORDER_COLUMNS, TIME_DTYPE

START, END = "2026-08-07 10:00", "2026-08-07 10:30"

Row = tuple  # (order_id, UTC time, amount, status, customer)

#: a payment before the window and one two days after it: the data cover the window and
#: every retry window; their customers fail nothing
AROUND: list[Row] = [
    ("EARLY", "2026-08-07 08:00", 10, "completed", "early"),
    ("LATE", "2026-08-09 12:00", 99, "completed", "late"),
]


def attempts(rows: list[Row], channel: str = "wechat_pay") -> pd.DataFrame:
    """A canonical frame of payment attempts in CNY."""
    frame = pd.DataFrame(
        {
            "order_id": [r[0] for r in rows],
            "timestamp": pd.to_datetime([r[1] for r in rows], utc=True, format="ISO8601"),
            "amount": [float(r[2]) for r in rows],
            "currency": "CNY",
            "channel": channel,
            "status": [r[3] for r in rows],
            "customer": [r[4] for r in rows],
        }
    )
    return frame.astype(ORDER_COLUMNS)


def window(start: str = START, end: str = END) -> pd.DataFrame:
    frame = pd.DataFrame({"service": ["WeChat Pay"], "start": [start], "end": [end]})
    return frame.astype({"start": TIME_DTYPE, "end": TIME_DTYPE})


def outcomes(rows: list[Row], **kwargs: object) -> dict[str, tuple[str, str | None]]:
    table = payment_outcomes(attempts([*AROUND, *rows]), window(), **kwargs)
    paid = table["paid_by"].astype(object).where(table["paid_by"].notna(), None)
    return dict(zip(table["order_id"], zip(table["outcome"], paid, strict=True), strict=True))


# --- matching a failure to its retry ---------------------------------------------------------


def test_retry_exactly_at_the_end_of_the_retry_window_recovers() -> None:
    rows = [
        ("F", "2026-08-07 10:05", 25, "failed", "x"),
        ("S", "2026-08-08 10:05", 25, "completed", "x"),
    ]
    assert outcomes(rows, retry_window="24h")["F"] == ("recovered", "S")


def test_retry_one_second_after_the_retry_window_does_not_recover() -> None:
    rows = [
        ("F", "2026-08-07 10:05:00", 25, "failed", "x"),
        ("S", "2026-08-08 10:05:01", 25, "completed", "x"),
    ]
    assert outcomes(rows, retry_window="24h")["F"] == ("unrecovered", None)
    assert outcomes(rows, retry_window="24h 1s")["F"] == ("recovered", "S")


def test_two_failures_and_one_success_recover_one_purchase() -> None:
    rows = [
        ("F1", "2026-08-07 10:05", 25, "failed", "x"),
        ("F2", "2026-08-07 10:25", 25, "failed", "x"),  # 20 min later: another purchase
        ("S", "2026-08-07 11:00", 25, "completed", "x"),
    ]
    assert outcomes(rows) == {"F1": ("recovered", "S"), "F2": ("unrecovered", None)}


def test_a_failure_tapped_again_at_once_is_one_purchase() -> None:
    rows = [
        ("F1", "2026-08-07 10:05", 25, "failed", "x"),
        ("F2", "2026-08-07 10:06", 25, "failed", "x"),
        ("S", "2026-08-07 11:00", 25, "completed", "x"),
    ]
    assert outcomes(rows) == {"F1": ("repeated", None), "F2": ("recovered", "S")}
    # without merging repeats each failure is a purchase: the earlier takes the success
    assert outcomes(rows, repeat_window="0s") == {
        "F1": ("recovered", "S"),
        "F2": ("unrecovered", None),
    }


def test_a_success_of_another_customer_or_amount_does_not_recover() -> None:
    rows = [
        ("F1", "2026-08-07 10:05", 25, "failed", "x"),
        ("F2", "2026-08-07 10:06", 30, "failed", "y"),
        ("S1", "2026-08-07 11:00", 25, "completed", "z"),  # other customer
        ("S2", "2026-08-07 11:00", 30.01, "completed", "y"),  # other amount
    ]
    assert outcomes(rows) == {"F1": ("unrecovered", None), "F2": ("unrecovered", None)}


def test_a_success_before_the_failure_does_not_recover_it() -> None:
    rows = [
        ("S", "2026-08-07 10:01", 25, "completed", "x"),
        ("F", "2026-08-07 10:05", 25, "failed", "x"),
    ]
    assert outcomes(rows)["F"] == ("unrecovered", None)


def test_the_earliest_later_success_pays_and_each_success_pays_once() -> None:
    rows = [
        ("F1", "2026-08-07 10:05", 25, "failed", "x"),
        ("F2", "2026-08-07 10:25", 25, "failed", "x"),
        ("F3", "2026-08-07 10:28", 25, "failed", "y"),
        ("S1", "2026-08-07 10:40", 25, "completed", "x"),
        ("S2", "2026-08-07 12:00", 25, "completed", "x"),
        ("S3", "2026-08-07 13:00", 25, "completed", "y"),
        ("S4", "2026-08-07 14:00", 25, "completed", "y"),
    ]
    assert outcomes(rows) == {
        "F1": ("recovered", "S1"),
        "F2": ("recovered", "S2"),
        "F3": ("recovered", "S3"),
    }


def test_outcome_table_has_its_columns_and_utc_times() -> None:
    rows = [
        ("F", "2026-08-07 10:05", 25, "failed", "x"),
        ("S", "2026-08-07 11:00", 25, "completed", "x"),
    ]
    table = payment_outcomes(attempts([*AROUND, *rows]), window())

    assert tuple(table.columns) == OUTCOME_COLUMNS
    assert str(table["timestamp"].dtype) == str(table["paid_at"].dtype) == str(TIME_DTYPE)
    assert table.iloc[0]["paid_at"] == pd.Timestamp("2026-08-07 11:00", tz="UTC")


def test_retries_paid_through_another_channel_count_when_a_channel_is_chosen() -> None:
    frame = pd.concat(
        [
            attempts([*AROUND, ("F", "2026-08-07 10:05", 25, "failed", "x")]),
            attempts([("S", "2026-08-07 11:00", 25, "completed", "x")], channel="alipay"),
        ],
        ignore_index=True,
    )

    table = payment_outcomes(frame, window(), channel="wechat_pay")

    assert table["paid_by"].tolist() == ["S"]


def test_an_incident_beyond_the_data_is_a_data_error() -> None:
    rows = [*AROUND, ("F", "2026-08-07 10:05", 25, "failed", "x")]
    with pytest.raises(DataError, match="does not cover the incident"):
        payment_outcomes(attempts(rows), window("2026-08-09 11:00", "2026-08-10 11:00"))


def test_payment_outcomes_stay_importable_from_payments() -> None:
    assert claimstats.estimate.payments.payment_outcomes is payment_outcomes
    assert claimstats.estimate.payments.OUTCOME_COLUMNS is OUTCOME_COLUMNS


# --- matches by chance -----------------------------------------------------------------------


def test_chance_matches_add_the_missing_share_and_a_poisson_upper_bound() -> None:
    # 4 unpaid failures seen of 100 in all; a fifth matched by chance: 4 x 0.2 / 0.8 = 1
    # missing failure of 25 on average; at most 3 at 95 % (Poisson with mean 1)
    assert chance_matches(4, 100.0, 0.2, 0.95) == (25.0, 75.0)


def test_no_chance_matches_without_unpaid_failures_or_a_share() -> None:
    assert chance_matches(0, 0.0, 0.2, 0.95) == (0.0, 0.0)
    assert chance_matches(4, 100.0, 0.0, 0.95) == (0.0, 0.0)


# --- the retry window measured from the data -------------------------------------------------


def regular_and_walk_ins() -> list[Row]:
    """A regular, r, paying 25 at 10:10 and 15:10 every day of 1-6 August, 100 walk-ins
    over those days; on 7 August r and ten walk-ins fail in the window: five walk-ins pay
    20-40 min later, two 5.5 h and 6 h later (once payments work), r at 15:10 as every
    day, and the next day too."""
    rows: list[Row] = []
    for day in range(1, 7):
        rows += [
            (f"R{day}a", f"2026-08-0{day} 10:10", 25, "completed", "r"),
            (f"R{day}b", f"2026-08-0{day} 15:10", 25, "completed", "r"),
        ]
    start = pd.Timestamp("2026-08-01 08:00", tz="UTC")
    rows += [
        (f"N{i:02d}", (start + pd.Timedelta(hours=i)).isoformat(), 12, "completed", f"n{i}")
        for i in range(100)
    ]
    rows += [(f"F{i}", f"2026-08-07 10:0{i}", 30, "failed", f"w{i}") for i in range(10)]
    rows += [(f"S{i}", f"2026-08-07 10:{20 + 5 * i}", 30, "completed", f"w{i}") for i in range(5)]
    rows += [
        ("S5", "2026-08-07 15:35", 30, "completed", "w5"),
        ("S6", "2026-08-07 16:06", 30, "completed", "w6"),
        ("FR", "2026-08-07 10:10", 25, "failed", "r"),
        ("R7b", "2026-08-07 15:10", 25, "completed", "r"),
        ("R8a", "2026-08-08 10:10", 25, "completed", "r"),
        ("R8b", "2026-08-08 15:10", 25, "completed", "r"),
    ]
    return rows


def test_the_measured_window_takes_retries_and_not_a_regulars_usual_purchases() -> None:
    rows = regular_and_walk_ins()

    found = outcomes(rows)

    assert {f"F{i}" for i in range(7)} == {k for k, v in found.items() if v[0] == "recovered"}
    # r's payment at 15:10 lies inside the window (the last retry came after 6 h), but r
    # pays 25 five hours after the morning's every day: no retry, and unpaid
    assert found["FR"] == ("unrecovered", None)
    assert found["F7"] == found["F8"] == found["F9"] == ("unrecovered", None)
    # with a day's window r's usual purchase is taken for a retry
    assert outcomes(rows, retry_window="24h")["FR"] == ("recovered", "R7b")


def test_the_window_ends_with_the_last_retry_before_the_next_days_purchases() -> None:
    frame = attempts([*AROUND, *regular_and_walk_ins()])
    inc = window()
    payments, _ = payment_attempts(frame, None)
    times = payments["timestamp"]
    chosen = (payments["status"] == "failed") & times.between(inc["start"][0], inc["end"][0])
    found = resolve_retry_window("auto", payments, chosen.to_numpy(), pd.Timedelta("15min"), inc)

    assert found.measured
    assert found.window == pd.Timedelta("6h")  # F6 at 10:06, S6 at 16:06
    assert found.failures == 11  # r and ten walk-ins
    # the pairs within the window: 7 retries and r's usual purchase, which chance explains
    assert found.pairs == 8
    assert 0.3 < found.chance_pairs < 1.5
    assert found.horizon == pd.Timestamp("2026-08-09 12:00", tz="UTC") - times[chosen].max()
    note = retry_window_notes(found)[0].model_dump()
    assert (note["code"], note["values"]["window_hours"], note["values"]["failures"]) == (
        "retry_window_measured",
        6.0,
        11,
    )
    assert retry_window_notes(RetryWindow(pd.Timedelta("2h"))) == []


def test_nothing_paid_after_the_failures_measures_a_window_of_zero() -> None:
    rows = [("F", "2026-08-07 10:05", 25, "failed", "x")]
    frame = attempts([*AROUND, *rows])
    payments, _ = payment_attempts(frame, None)
    failed = (payments["status"] == "failed").to_numpy()

    found = measure_retry_window(payments, failed, ~failed, pd.Timedelta("24h"))

    assert (found.window, found.pairs, found.failures) == (pd.Timedelta(0), 0, 1)
    assert outcomes(rows)["F"] == ("unrecovered", None)


def test_a_retry_window_neither_auto_nor_a_duration_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"retry_window='soon' is not a duration.*or 'auto'"):
        payment_outcomes(attempts(AROUND), window(), retry_window="soon")
