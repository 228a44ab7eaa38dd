"""Tests of claimstats.datasets.sample: determinism, canonical shape, scenario and truth."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from claimstats.datasets.sample import (
    WALLET_COLUMNS,
    SampleClaim,
    _csv_bytes,
    make_sample,
    write_sample,
)
from claimstats.schema import ORDER_COLUMNS, ORDER_STATUSES, OUTAGE_COLUMNS

TZ = "Asia/Shanghai"
SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"
FILES = [
    "orders.csv",
    "outages.csv",
    "wallet_transactions.csv",
    "wallet_outages.csv",
    "monitor_heartbeat.csv",
    "status_incidents.json",
    "wechat_bill.csv",
]


@pytest.fixture(scope="module")
def claim() -> SampleClaim:
    return make_sample(seed=0)


def _local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=TZ)


def _assert_canonical(frame: pd.DataFrame, columns: dict[str, object]) -> None:
    assert list(frame.columns) == list(columns)
    for name, dtype in columns.items():
        assert frame[name].dtype == pd.api.types.pandas_dtype(dtype), name
    assert frame.index.equals(pd.RangeIndex(len(frame)))


def _in_window(times: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    return (times >= start) & (times < end)


# --- determinism ---------------------------------------------------------------------


def test_same_seed_gives_equal_frames_and_truth(claim: SampleClaim) -> None:
    again = make_sample(seed=0)
    for name in ("orders", "outages", "wallet_transactions", "wallet_outages"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(claim, name))
    assert again.truth == claim.truth
    assert again.wallet_truth == claim.wallet_truth


def test_other_seed_gives_other_data(claim: SampleClaim) -> None:
    other = make_sample(seed=1)
    assert not other.orders.equals(claim.orders)
    assert not other.wallet_transactions.equals(claim.wallet_transactions)
    assert other.truth.gross_lost_revenue != claim.truth.gross_lost_revenue
    pd.testing.assert_frame_equal(other.outages, claim.outages)  # the scenario is fixed


def test_same_seed_writes_identical_bytes(tmp_path: Path) -> None:
    first = write_sample(tmp_path / "a", seed=3)
    second = write_sample(tmp_path / "b", seed=3)
    assert [path.name for path in first] == FILES
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(FILES)  # no temp files


def test_committed_sample_data_matches_generator(tmp_path: Path) -> None:
    for path in write_sample(tmp_path, seed=0):
        assert (SAMPLE_DATA / path.name).read_bytes() == path.read_bytes(), path.name


# --- shape -----------------------------------------------------------------------------


def test_frames_are_canonical(claim: SampleClaim) -> None:
    _assert_canonical(claim.orders, ORDER_COLUMNS)
    _assert_canonical(claim.outages, OUTAGE_COLUMNS)
    _assert_canonical(claim.wallet_transactions, WALLET_COLUMNS)
    _assert_canonical(claim.wallet_outages, OUTAGE_COLUMNS)
    assert (claim.tz, claim.currency, claim.service) == (TZ, "CNY", "WhatsApp Web")


def test_order_values_are_plausible(claim: SampleClaim) -> None:
    orders = claim.orders
    assert orders["order_id"].is_unique
    assert orders["order_id"].str.fullmatch(r"(WA|WEB)-20260[6-8]\d\d-\d{4}").all()
    assert orders["customer"].str.fullmatch(r"\+86 1[3-9]\d{9}").all()
    assert orders["customer"].value_counts().iloc[0] > 5  # repeat customers
    assert set(orders["status"]) == {"completed", "cancelled", "refunded"} <= set(ORDER_STATUSES)
    shares = orders["status"].value_counts(normalize=True)
    assert shares["cancelled"] == pytest.approx(0.02, abs=0.006)
    assert shares["refunded"] == pytest.approx(0.01, abs=0.004)
    assert (orders["currency"] == "CNY").all()
    assert (orders["amount"] == orders["amount"].round(2)).all()
    assert orders["amount"].min() >= 94.05
    mean = orders.groupby("channel")["amount"].mean()
    assert mean["website"] > mean["whatsapp"]
    assert orders["timestamp"].is_monotonic_increasing
    local = orders["timestamp"].dt.tz_convert(TZ)
    assert local.min() >= _local("2026-06-01")
    assert local.max() < _local("2026-08-10")


def test_daily_volumes_match_the_scenario(claim: SampleClaim) -> None:
    per_day = claim.orders["channel"].value_counts() / 70
    assert per_day["whatsapp"] == pytest.approx(150, rel=0.05)
    assert per_day["website"] == pytest.approx(60, rel=0.1)


# --- outages ---------------------------------------------------------------------------


def test_outage_durations(claim: SampleClaim) -> None:
    outages = claim.outages
    durations = (outages["end"] - outages["start"]).tolist()
    assert durations == [
        pd.Timedelta(hours=27, minutes=15),
        pd.Timedelta(minutes=40),
        pd.Timedelta(minutes=95),
    ]
    assert outages["start"].iloc[0] == _local("2026-08-04 09:40")
    assert (outages["service"] == "WhatsApp Web").all()
    assert [w.duration for w in claim.truth.windows] == durations


def test_no_whatsapp_orders_during_outages_but_website_continues(claim: SampleClaim) -> None:
    orders = claim.orders
    for start, end in zip(claim.outages["start"], claim.outages["end"], strict=True):
        inside = _in_window(orders["timestamp"], start, end)
        assert not (inside & (orders["channel"] == "whatsapp")).any()
        assert (inside & (orders["channel"] == "website")).any()
    first = claim.outages.iloc[0]
    website = orders["channel"] == "website"
    assert (_in_window(orders["timestamp"], first["start"], first["end"]) & website).sum() > 50


def test_catch_up_orders_follow_the_first_outage(claim: SampleClaim) -> None:
    window = claim.truth.windows[0]
    catch_up = claim.orders.set_index("order_id").loc[list(window.recovered_order_ids)]
    assert len(catch_up) == window.recovered_orders == 79
    assert (catch_up["channel"] == "whatsapp").all()
    assert (catch_up["timestamp"] > window.end).all()
    assert (catch_up["timestamp"] <= window.end + pd.Timedelta(hours=24)).all()
    lag_hours = (catch_up["timestamp"] - window.end).dt.total_seconds() / 3600
    assert (lag_hours < 6).mean() > 0.5  # most come back in the first open hours
    whatsapp = claim.orders[claim.orders["channel"] == "whatsapp"]["timestamp"]
    after = _in_window(whatsapp, window.end, window.end + pd.Timedelta(hours=24)).sum()
    week_before = window.end - pd.Timedelta(days=7)
    usual = _in_window(whatsapp, week_before, week_before + pd.Timedelta(hours=24)).sum()
    assert (after, usual) == (216, 159)


# --- truth -----------------------------------------------------------------------------


def test_truth_is_consistent(claim: SampleClaim) -> None:
    truth = claim.truth
    for item in (truth, *truth.windows):
        assert item.net_lost_orders == item.gross_lost_orders - item.recovered_orders
        assert item.net_lost_revenue == pytest.approx(
            item.gross_lost_revenue - item.recovered_revenue
        )
        assert len(item.recovered_order_ids) == item.recovered_orders
    for field in (
        "gross_lost_orders",
        "recovered_orders",
        "expected_lost_orders",
        "gross_lost_revenue",
    ):
        assert getattr(truth, field) == pytest.approx(sum(getattr(w, field) for w in truth.windows))
    assert truth.expected_lost_orders == pytest.approx(truth.gross_lost_orders, rel=0.15)
    assert truth.expected_lost_revenue == pytest.approx(truth.gross_lost_revenue, rel=0.15)
    assert 0.25 < truth.recovered_orders / truth.gross_lost_orders < 0.45


def test_truth_numbers_for_seed_0(claim: SampleClaim) -> None:
    truth = claim.truth
    assert (truth.gross_lost_orders, truth.recovered_orders, truth.net_lost_orders) == (
        220,
        87,
        133,
    )
    assert truth.gross_lost_revenue == pytest.approx(56831.55)
    assert truth.recovered_revenue == pytest.approx(20746.65)
    assert truth.net_lost_revenue == pytest.approx(36084.90)
    assert truth.expected_lost_orders == pytest.approx(206.00, abs=0.01)
    assert truth.expected_lost_revenue == pytest.approx(52680.22, abs=0.01)
    assert [w.gross_lost_orders for w in truth.windows] == [200, 7, 13]
    assert [w.recovered_orders for w in truth.windows] == [79, 2, 6]
    assert [round(w.expected_lost_orders, 2) for w in truth.windows] == [182.36, 7.88, 15.76]


# --- rhythm ----------------------------------------------------------------------------


def test_weekly_pattern_and_holiday_are_visible(claim: SampleClaim) -> None:
    local = claim.orders["timestamp"].dt.tz_convert(TZ)
    weekday, day, hour = local.dt.day_of_week, local.dt.strftime("%Y-%m-%d"), local.dt.hour
    per_weekday = weekday.value_counts()
    assert per_weekday[5] > 1.3 * per_weekday[0]  # Saturday > Monday
    assert per_weekday[4] > per_weekday[3]  # Friday > Thursday
    thursdays = day[(weekday == 3) & (day != "2026-06-18")].value_counts().mean()
    assert (day == "2026-06-18").sum() > 1.4 * thursdays  # gifts before the Dragon Boat Festival
    normal_friday_morning = (hour[(weekday == 4) & (day != "2026-06-19")] < 12).mean()
    holiday_morning = (hour[day == "2026-06-19"] < 12).mean()
    assert holiday_morning > normal_friday_morning + 0.15
    night = hour < 6
    assert (night & (claim.orders["channel"] == "website")).sum() > 70  # a few each night
    assert night.mean() < 0.03


# --- files -----------------------------------------------------------------------------


def test_csv_layout_round_trips(claim: SampleClaim, tmp_path: Path) -> None:
    paths = write_sample(tmp_path, seed=0)
    raw = paths[0].read_bytes()
    assert b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == ",".join(ORDER_COLUMNS)
    assert lines[1].split(",")[1:3] == ["2026-06-01T00:37:05+08:00", "550.00"]
    orders = pd.read_csv(paths[0], dtype=str, keep_default_na=False)
    assert orders["timestamp"].str.fullmatch(r"2026-0[6-8]-\d\dT\d\d:\d\d:\d\d\+08:00").all()
    assert orders["amount"].str.fullmatch(r"\d+\.\d\d").all()
    parsed = orders.assign(
        timestamp=pd.to_datetime(orders["timestamp"], utc=True),
        amount=orders["amount"].astype(float),
    )
    pd.testing.assert_frame_equal(parsed.astype(ORDER_COLUMNS), claim.orders)
    wallet = pd.read_csv(paths[2], dtype=str)
    assert set(wallet["funds_deducted"]) == {"true", "false"}


def test_open_outage_is_written_with_empty_end(claim: SampleClaim) -> None:
    outages = claim.outages.assign(end=claim.outages["end"].where(claim.outages.index != 2))
    last = _csv_bytes(outages).decode("utf-8").splitlines()[3].split(",")
    assert last[2:4] == ["2026-08-08T14:20:00+08:00", ""]


# --- wallet ----------------------------------------------------------------------------


def test_wallet_failure_window(claim: SampleClaim) -> None:
    wallet, truth = claim.wallet_transactions, claim.wallet_truth
    outage = claim.wallet_outages.iloc[0]
    assert (outage["service"], outage["end"] - outage["start"]) == (
        "WeChat Pay",
        pd.Timedelta(minutes=135),
    )
    assert (outage["start"], outage["end"]) == (truth.start, truth.end)
    inside = _in_window(wallet["timestamp"], truth.start, truth.end)
    failed = wallet["status"] == "failed"
    assert failed[inside].mean() > 0.7
    assert failed[~inside].mean() < 0.025
    assert (inside.sum(), (inside & failed).sum()) == (
        truth.attempts_in_window,
        truth.failures_in_window,
    )
    assert wallet.loc[inside & failed, "amount"].sum() == pytest.approx(
        truth.failed_amount_in_window
    )
    assert truth.recovered_amount + truth.unrecovered_amount == pytest.approx(
        truth.failed_amount_in_window
    )
    assert truth.excess_failures == pytest.approx(
        truth.failures_in_window - truth.expected_failures_in_window
    )
    assert set(wallet["status"]) == {"completed", "failed"}
    assert (wallet["channel"] == "wechat_pay").all()
    assert wallet["order_id"].is_unique


def test_wallet_recoveries_show_as_later_payments_by_same_customer(claim: SampleClaim) -> None:
    wallet, truth = claim.wallet_transactions, claim.wallet_truth
    inside = _in_window(wallet["timestamp"], truth.start, truth.end)
    failed = wallet[inside & (wallet["status"] == "failed")]
    later = wallet[(wallet["timestamp"] >= truth.end) & (wallet["status"] == "completed")]
    paid = failed.merge(later, on=["customer", "amount"], suffixes=("", "_retry"))
    paid = paid[paid["timestamp_retry"] <= paid["timestamp"] + pd.Timedelta(days=1)]
    matched = paid.drop_duplicates("order_id")["amount"].sum()
    # every true recovery is visible; a regular may also buy the same thing again by chance
    assert truth.recovered_amount <= matched <= truth.failed_amount_in_window
    assert matched - truth.recovered_amount < 0.1 * truth.failed_amount_in_window


def test_wallet_truth_numbers_for_seed_0(claim: SampleClaim) -> None:
    truth, wallet = claim.wallet_truth, claim.wallet_transactions
    assert (truth.attempts, truth.attempts_in_window, truth.failures_in_window) == (10650, 53, 43)
    assert truth.attempts == len(wallet)
    assert (
        truth.failed_amount_in_window,
        truth.recovered_amount,
        truth.unrecovered_amount,
    ) == pytest.approx((1821.89, 943.87, 878.02))
    deducted = wallet[wallet["funds_deducted"]]
    assert tuple(deducted["order_id"]) == truth.refund_due
    assert len(truth.refund_due) == 5
    assert (deducted["status"] == "failed").all()
    assert deducted["amount"].sum() == pytest.approx(truth.refund_due_amount)
