"""Tests of claimstats.series: order buckets on a complete grid, window coverage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from claimstats.errors import ConfigError, DataError
from claimstats.schema import ORDER_COLUMNS, empty_orders
from claimstats.series import SERIES_COLUMNS, bucket_orders, interval_coverage, window_coverage


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC").as_unit("us")


def order_frame(*rows: tuple[str, str, str, float]) -> pd.DataFrame:
    """Canonical orders from ``(timestamp, channel, status, amount)`` rows, in CNY."""
    records = [
        {
            "order_id": str(i + 1),
            "timestamp": utc(stamp),
            "amount": amount,
            "currency": "CNY",
            "channel": channel,
            "status": status,
            "customer": f"c{i}",
        }
        for i, (stamp, channel, status, amount) in enumerate(rows)
    ]
    frame = pd.concat([empty_orders(), pd.DataFrame(records)], ignore_index=True)
    return frame.astype(ORDER_COLUMNS)


def mixed_orders() -> pd.DataFrame:
    return order_frame(
        ("2026-08-04 01:10", "web", "completed", 10.0),
        ("2026-08-04 01:50", "web", "completed", 15.5),
        ("2026-08-04 01:55", "web", "failed", 99.0),
        ("2026-08-04 03:20", "wa", "completed", 20.0),
        ("2026-08-04 03:30", "wa", "cancelled", 30.0),
        ("2026-08-04 03:40", "wa", "refunded", 40.0),
        ("2026-08-04 03:59:59", "web", "pending", 50.0),
    )


def windows(*spans: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"start": [utc(a) for a, _ in spans], "end": [utc(b) for _, b in spans]})


# --- bucket_orders -----------------------------------------------------------------


def test_buckets_count_and_sum_only_completed_orders_per_channel_on_a_full_grid():
    series = bucket_orders(mixed_orders())
    assert list(series.columns) == ["bucket", "channel", *SERIES_COLUMNS]
    assert series["bucket"].tolist() == [
        utc("2026-08-04 01:00"),
        utc("2026-08-04 01:00"),
        utc("2026-08-04 02:00"),
        utc("2026-08-04 02:00"),
        utc("2026-08-04 03:00"),
        utc("2026-08-04 03:00"),
    ]
    assert series["channel"].tolist() == ["wa", "web"] * 3
    assert series["orders"].tolist() == [0, 2, 0, 0, 1, 0]
    assert series["revenue"].tolist() == [0.0, 25.5, 0.0, 0.0, 20.0, 0.0]


def test_failed_cancelled_refunded_and_pending_attempts_are_counted_apart():
    series = bucket_orders(mixed_orders())
    assert series["failed"].tolist() == [0, 1, 0, 0, 0, 0]
    assert series["cancelled"].tolist() == [0, 0, 0, 0, 1, 0]
    assert series["refunded"].tolist() == [0, 0, 0, 0, 1, 0]
    assert series["pending"].tolist() == [0, 0, 0, 0, 0, 1]


def test_bucket_dtypes_are_utc_microseconds_and_integer_counts():
    series = bucket_orders(mixed_orders())
    assert str(series["bucket"].dtype) == "datetime64[us, UTC]"
    assert str(series["revenue"].dtype) == "float64"
    for name in ("orders", "failed", "cancelled", "refunded", "pending"):
        assert str(series[name].dtype) == "int64"


def test_buckets_without_split_give_one_series():
    series = bucket_orders(mixed_orders(), by=None)
    assert list(series.columns) == ["bucket", *SERIES_COLUMNS]
    assert series["bucket"].tolist() == [
        utc("2026-08-04 01:00"),
        utc("2026-08-04 02:00"),
        utc("2026-08-04 03:00"),
    ]
    assert series["orders"].tolist() == [2, 0, 1]
    assert series["revenue"].tolist() == [25.5, 0.0, 20.0]
    assert series["failed"].tolist() == [1, 0, 0]
    assert series["pending"].tolist() == [0, 0, 1]


def test_buckets_split_by_status_column():
    series = bucket_orders(mixed_orders(), by="status")
    assert sorted(series["status"].unique()) == [
        "cancelled",
        "completed",
        "failed",
        "pending",
        "refunded",
    ]
    assert len(series) == 3 * 5


def test_start_and_end_extend_the_grid_with_zero_buckets():
    series = bucket_orders(
        mixed_orders(), by=None, start=utc("2026-08-03 22:00"), end=utc("2026-08-04 06:00")
    )
    assert series["bucket"].iloc[0] == utc("2026-08-03 22:00")
    assert series["bucket"].iloc[-1] == utc("2026-08-04 05:00")
    assert series["orders"].tolist() == [0, 0, 0, 2, 0, 1, 0, 0]
    assert series["revenue"].tolist() == [0.0, 0.0, 0.0, 25.5, 0.0, 20.0, 0.0, 0.0]


def test_start_and_end_cut_the_grid_and_end_is_exclusive():
    series = bucket_orders(
        mixed_orders(), start=utc("2026-08-04 03:00"), end=utc("2026-08-04 04:00")
    )
    assert series["bucket"].tolist() == [utc("2026-08-04 03:00")] * 2
    assert series["channel"].tolist() == ["wa", "web"]
    assert series["orders"].tolist() == [1, 0]
    assert series["failed"].tolist() == [0, 0]
    assert series["pending"].tolist() == [0, 1]


def test_start_inside_a_bucket_starts_the_grid_at_that_bucket():
    series = bucket_orders(mixed_orders(), by=None, start=utc("2026-08-04 01:30"))
    assert series["bucket"].iloc[0] == utc("2026-08-04 01:00")
    assert series["orders"].tolist() == [2, 0, 1]


def test_start_with_an_offset_is_converted_to_utc():
    series = bucket_orders(mixed_orders(), by=None, start="2026-08-04T08:00+08:00")
    assert series["bucket"].tolist() == [
        utc("2026-08-04 00:00"),
        utc("2026-08-04 01:00"),
        utc("2026-08-04 02:00"),
        utc("2026-08-04 03:00"),
    ]
    assert series["orders"].tolist() == [0, 2, 0, 1]


def test_start_and_end_at_a_half_hour_offset_give_utc_buckets():
    series = bucket_orders(
        mixed_orders(), by=None, start="2026-08-04T05:30+05:30", end="2026-08-04T10:30+05:30"
    )
    assert str(series["bucket"].dtype) == "datetime64[us, UTC]"
    assert series["bucket"].iloc[0] == utc("2026-08-04 00:00")
    assert series["orders"].tolist() == [0, 2, 0, 1, 0]


def test_quarter_hour_buckets():
    series = bucket_orders(mixed_orders(), freq="15min", by=None)
    assert len(series) == 12  # 01:00 to 03:45
    assert series["bucket"].iloc[0] == utc("2026-08-04 01:00")
    assert series["bucket"].iloc[-1] == utc("2026-08-04 03:45")
    counts = dict(zip(series["bucket"], series["orders"], strict=True))
    assert counts[utc("2026-08-04 01:00")] == 1
    assert counts[utc("2026-08-04 01:45")] == 1
    assert counts[utc("2026-08-04 03:15")] == 1
    assert series["orders"].sum() == 3
    pending = dict(zip(series["bucket"], series["pending"], strict=True))
    assert pending[utc("2026-08-04 03:45")] == 1


@pytest.mark.parametrize(
    ("freq", "message"),
    [
        ("7min", "freq='7min' must divide a day evenly"),
        ("2D", "freq='2D' must divide a day evenly"),
        ("0h", "freq='0h' must divide a day evenly"),
        ("abc", "freq='abc' is not a fixed bucket size"),
        ("1ME", "freq='1ME' is not a fixed bucket size"),
    ],
)
def test_bucket_size_that_does_not_divide_a_day_is_a_config_error(freq, message):
    with pytest.raises(ConfigError, match=message):
        bucket_orders(mixed_orders(), freq=freq)


def test_unknown_split_column_is_a_config_error():
    with pytest.raises(ConfigError, match="cannot split by 'shop'"):
        bucket_orders(mixed_orders(), by="shop")


def test_bucket_orders_does_not_mutate_the_orders():
    orders = mixed_orders()
    before = orders.copy(deep=True)
    bucket_orders(orders, freq="15min", start=utc("2026-08-04 00:00"))
    pd.testing.assert_frame_equal(orders, before)


# --- window_coverage ---------------------------------------------------------------


def hours(first: str, count: int) -> pd.DatetimeIndex:
    return pd.date_range(utc(first), periods=count, freq="1h", unit="us")


def test_partial_buckets_get_the_covered_share():
    grid = hours("2026-08-04 00:00", 4)
    covered = window_coverage(grid, "1h", windows(("2026-08-04 00:30", "2026-08-04 02:15")))
    np.testing.assert_allclose(covered, [0.5, 1.0, 0.25, 0.0])


def test_overlapping_windows_are_not_counted_twice():
    grid = hours("2026-08-04 00:00", 3)
    covered = window_coverage(
        grid,
        "1h",
        windows(
            ("2026-08-04 00:30", "2026-08-04 01:00"),
            ("2026-08-04 00:15", "2026-08-04 00:45"),
            ("2026-08-04 01:00", "2026-08-04 03:00"),
            ("2026-08-04 01:30", "2026-08-04 02:00"),
        ),
    )
    np.testing.assert_allclose(covered, [0.75, 1.0, 1.0])


def test_window_nested_in_a_longer_one_adds_nothing():
    grid = hours("2026-08-04 00:00", 4)
    covered = window_coverage(
        grid,
        "1h",
        windows(("2026-08-04 00:00", "2026-08-04 03:00"), ("2026-08-04 01:00", "2026-08-04 02:00")),
    )
    np.testing.assert_allclose(covered, [1.0, 1.0, 1.0, 0.0])


def test_window_spanning_many_quarter_hour_buckets():
    grid = pd.date_range(utc("2026-08-04 00:00"), periods=96, freq="15min", unit="us")
    covered = window_coverage(grid, "15min", windows(("2026-08-04 02:10", "2026-08-04 07:50")))
    first, last = 2 * 4, 7 * 4 + 3  # the 02:00 and 07:45 buckets
    assert covered[first] == pytest.approx(1 / 3)
    assert covered[last] == pytest.approx(1 / 3)
    np.testing.assert_array_equal(covered[first + 1 : last], np.ones(last - first - 1))
    assert covered[:first].sum() == 0.0
    assert covered[last + 1 :].sum() == 0.0
    # 5 h 40 min of 15-minute buckets
    assert covered.sum() == pytest.approx(340 / 15)


def test_each_interval_covers_its_own_share_and_overlaps_count_in_each():
    grid = hours("2026-08-04 00:00", 3)
    spans = windows(
        ("2026-08-04 00:30", "2026-08-04 01:15"),
        ("2026-08-04 00:15", "2026-08-04 00:45"),
        ("2026-08-04 02:00", "2026-08-04 02:00"),  # empty: covers nothing
    )
    each = interval_coverage(grid, "1h", spans)
    np.testing.assert_allclose(each, [[0.5, 0.25, 0.0], [0.5, 0.0, 0.0], [0.0, 0.0, 0.0]])
    # the union counts the overlap (00:30-00:45) once
    np.testing.assert_allclose(window_coverage(grid, "1h", spans), [0.75, 0.25, 0.0])


def test_windows_reaching_outside_the_grid_are_clipped():
    grid = hours("2026-08-04 00:00", 2)
    covered = window_coverage(
        grid,
        "1h",
        windows(("2026-08-03 20:00", "2026-08-04 00:30"), ("2026-08-04 01:45", "2026-08-04 09:00")),
    )
    np.testing.assert_allclose(covered, [0.5, 0.25])


def test_no_windows_cover_nothing():
    grid = hours("2026-08-04 00:00", 3)
    covered = window_coverage(grid, "1h", windows())
    np.testing.assert_array_equal(covered, [0.0, 0.0, 0.0])


def test_coverage_with_bad_freq_is_a_config_error():
    with pytest.raises(ConfigError, match="must divide a day evenly"):
        window_coverage(hours("2026-08-04 00:00", 3), "7min", windows())


# --- frames touched by pandas (issue 18, point 7) ----------------------------------------


@pytest.mark.parametrize(
    "touch",
    [
        lambda t: t.dt.as_unit("ns"),
        lambda t: t.dt.as_unit("s"),
        lambda t: t.dt.tz_convert("Asia/Shanghai"),
        lambda t: t + pd.to_timedelta(0, unit="ns"),
    ],
    ids=["ns", "s", "shanghai", "plus-timedelta"],
)
def test_orders_in_another_resolution_or_zone_give_the_same_buckets(touch):
    orders = mixed_orders()

    touched = pd.concat([orders.iloc[:2], orders.iloc[2:]]).assign(
        timestamp=touch(orders["timestamp"])
    )

    pd.testing.assert_frame_equal(bucket_orders(touched), bucket_orders(orders))


def test_orders_with_text_or_naive_times_are_refused_saying_which():
    orders = mixed_orders()

    with pytest.raises(DataError, match="column 'timestamp' holds text, not times"):
        bucket_orders(orders.assign(timestamp=orders["timestamp"].astype(str)))
    with pytest.raises(DataError, match="column 'timestamp' holds naive times"):
        bucket_orders(orders.assign(timestamp=orders["timestamp"].dt.tz_localize(None)))
