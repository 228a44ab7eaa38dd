"""Tests of claimstats.datasets.platform (make_platform): the synthetic platform of many
merchants and one WhatsApp outage used by the batch estimator and its benchmarks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from claimstats.datasets.platform import PLATFORM_OUTAGE, make_platform
from claimstats.schema import ORDER_COLUMNS, ORDER_STATUSES, TIME_DTYPE

GENERIC = [name for name in ORDER_COLUMNS if name != "customer"]


@pytest.fixture(scope="module")
def platform():
    return make_platform(merchants=40, weeks=5, orders_per_week=200, seed=2)


def test_the_same_seed_gives_the_same_platform(platform):
    orders, outage = make_platform(merchants=40, weeks=5, orders_per_week=200, seed=2)
    pd.testing.assert_frame_equal(orders, platform[0], check_exact=True)
    pd.testing.assert_frame_equal(outage, platform[1], check_exact=True)


def test_another_seed_gives_other_orders(platform):
    other, outage = make_platform(merchants=40, weeks=5, orders_per_week=200, seed=3)
    assert len(other) != len(platform[0])
    pd.testing.assert_frame_equal(outage, platform[1])  # the outage depends on the dates only


def test_columns_and_types_are_the_generic_layout_with_a_merchant(platform):
    orders, _ = platform
    assert list(orders.columns) == [*GENERIC, "merchant_id"]
    assert orders["timestamp"].dtype == TIME_DTYPE
    assert orders["amount"].dtype == np.float64
    for name in ("order_id", "currency", "channel", "status", "merchant_id"):
        assert orders[name].dtype == "str", name
    assert isinstance(orders.index, pd.RangeIndex)
    assert orders.notna().all().all()


def test_statuses_currency_channels_and_ids_are_canonical(platform):
    orders, _ = platform
    assert set(orders["status"]) <= set(ORDER_STATUSES)
    assert sorted(orders["status"].unique()) == ["cancelled", "completed", "failed", "refunded"]
    assert orders["status"].eq("completed").mean() == pytest.approx(0.93, abs=0.01)
    assert orders["currency"].unique().tolist() == ["CNY"]
    assert sorted(orders["channel"].unique()) == ["website", "whatsapp"]
    assert orders["order_id"].is_unique
    assert orders["order_id"].iloc[0] == "P000000001"
    assert orders["order_id"].str.fullmatch(r"P\d{9}").all()
    assert orders["merchant_id"].unique().size == 40
    assert sorted(orders["merchant_id"].unique())[0] == "M00001"
    assert sorted(orders["merchant_id"].unique())[-1] == "M00040"
    assert (orders["amount"] > 0).all()
    assert (orders["amount"].round(2) == orders["amount"]).all()  # whole cents


def test_orders_are_sorted_in_time_within_the_weeks(platform):
    orders, _ = platform
    stamps = orders["timestamp"]
    assert stamps.is_monotonic_increasing
    assert stamps.min() >= pd.Timestamp("2026-05-04", tz="UTC")
    assert stamps.max() < pd.Timestamp("2026-05-04", tz="UTC") + pd.Timedelta(weeks=5)


def test_the_outage_is_monday_of_the_last_week_10_to_14_utc(platform):
    _, outage = platform
    assert list(outage.columns) == ["start", "end"]
    assert outage["start"].dtype == TIME_DTYPE
    assert outage["start"].tolist() == [pd.Timestamp("2026-06-01 10:00", tz="UTC")]
    assert outage["end"].tolist() == [pd.Timestamp("2026-06-01 14:00", tz="UTC")]
    assert outage["start"].iloc[0].day_name() == "Monday"
    assert (pd.Timedelta("10h"), pd.Timedelta("14h")) == PLATFORM_OUTAGE


def test_whatsapp_takes_no_order_in_the_outage_and_the_website_does(platform):
    orders, outage = platform
    start, end = outage["start"].iloc[0], outage["end"].iloc[0]
    inside = orders.loc[(orders["timestamp"] >= start) & (orders["timestamp"] < end)]
    assert (inside["channel"] == "whatsapp").sum() == 0
    assert (inside["channel"] == "website").sum() > 50
    # the same hours a week earlier WhatsApp was busy
    week = pd.Timedelta(weeks=1)
    before = orders.loc[(orders["timestamp"] >= start - week) & (orders["timestamp"] < end - week)]
    assert (before["channel"] == "whatsapp").sum() > 100


def test_whatsapp_is_the_larger_channel(platform):
    share = platform[0]["channel"].eq("whatsapp").mean()
    assert 0.55 < share < 0.75  # each shop's WhatsApp share is drawn in [0.5, 0.8]


@pytest.mark.parametrize(
    ("merchants", "weeks", "orders_per_week"),
    [(2000, 1, 30), (1000, 2, 30), (500, 4, 30), (1000, 2, 60), (250, 8, 30)],
)
def test_orders_scale_with_merchants_weeks_and_orders_per_week(merchants, weeks, orders_per_week):
    orders, _ = make_platform(merchants, weeks, orders_per_week, seed=5)
    assert len(orders) == pytest.approx(merchants * weeks * orders_per_week, rel=0.05)
    assert orders["merchant_id"].nunique() == merchants


def test_twice_the_weeks_or_the_orders_gives_twice_the_orders():
    base = len(make_platform(merchants=300, weeks=2, orders_per_week=40, seed=9)[0])
    longer = len(make_platform(merchants=300, weeks=4, orders_per_week=40, seed=9)[0])
    busier = len(make_platform(merchants=300, weeks=2, orders_per_week=80, seed=9)[0])
    # the shops' sizes are drawn first from the seed: only Poisson noise differs
    assert longer / base == pytest.approx(2, rel=0.03)  # 2.03: one outage, more weeks
    assert busier / base == pytest.approx(2, rel=0.03)  # 2.02


def test_shops_differ_in_size(platform):
    per_shop = platform[0].groupby("merchant_id").size()
    assert per_shop.max() / per_shop.min() > 3
    assert per_shop.mean() == pytest.approx(5 * 200, rel=0.15)
