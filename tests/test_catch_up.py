"""The catch-up after service returns: measured per outage, shrunk by what noise explains."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import claimstats as cs
from claimstats.datasets.validation import inject_outage, outage_frame, synthetic_orders
from claimstats.estimate.catch_up import (
    RECOVERY_LENGTHS,
    kept_sum,
    measure_catch_up,
    recovery_lengths,
    recovery_steps,
)


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC").as_unit("us")


def windows(*spans: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"start": [utc(a) for a, _ in spans], "end": [utc(b) for _, b in spans]})


def test_lengths_tried_are_one_hour_to_a_day_or_the_one_set():
    assert [x / pd.Timedelta("1h") for x in RECOVERY_LENGTHS] == [1, 2, 3, 6, 12, 24]
    assert recovery_lengths("auto") == RECOVERY_LENGTHS
    assert recovery_lengths(pd.Timedelta("48h")) == (pd.Timedelta("48h"),)
    assert recovery_lengths(pd.Timedelta(0)) == ()


def test_steps_stop_where_the_next_outage_starts_and_where_the_data_end():
    outages = windows(
        ("2026-08-04 10:00", "2026-08-04 12:00"), ("2026-08-04 16:00", "2026-08-04 17:00")
    )
    steps = recovery_steps(outages, RECOVERY_LENGTHS, utc("2026-08-05 02:00"))
    assert steps.shape == (12, 4)  # 2 outages x 6 steps, empty ones kept for the shape
    first = steps.loc[steps["window"] == 0]
    # 12:00 to 13, 14, 15, then 18:00 would cross the next outage at 16:00: cut there
    assert [t.hour for t in first["end"]] == [13, 14, 15, 16, 16, 16]
    assert (first["start"].iloc[1:].to_numpy() == first["end"].iloc[:-1].to_numpy()).all()
    second = steps.loc[steps["window"] == 1]
    # from 17:00: 18, 19, 20, 23, then the data end at 02:00
    assert [t.strftime("%d %H") for t in second["end"]] == [
        "04 18", "04 19", "04 20", "04 23", "05 02", "05 02"
    ]  # fmt: skip
    assert (steps["end"] >= steps["start"]).all()


def test_the_recovery_lasts_while_the_surplus_grows_and_none_when_orders_stay_below():
    # surplus per step after two outages: rising then falling; below from the start
    real = np.array([[[5.0, 3.0, 2.0, -4.0], [-2.0, 1.0, -1.0, 0.5]]])
    placebo = np.random.default_rng(1).normal(0, 1.0, (1, 50, 2, 4))
    found = measure_catch_up(
        real, placebo, np.ones((1, 50), bool), np.ones((1, 2)), np.ones((1, 50, 2))
    )
    assert found.steps.tolist() == [[3, 0]]
    assert found.surplus.tolist() == [[10.0, 0.0]]
    assert found.factor[0, 1] == 0.0
    assert 0.9 < found.factor[0, 0] < 1.0  # 10 orders against noise of about 1
    assert kept_sum(real, found.steps).tolist() == [[10.0, 0.0]]


def test_noise_is_compared_at_the_same_volume():
    # the same relative noise on placebos twice as busy counts as the same noise
    real = np.array([[[10.0]]])
    placebo = np.random.default_rng(2).normal(0, 4.0, (1, 60, 1, 1))
    keep = np.ones((1, 60), bool)
    base = measure_catch_up(real, placebo, keep, np.ones((1, 1)), np.ones((1, 60, 1)))
    busier = measure_catch_up(real, 2 * placebo, keep, np.ones((1, 1)), np.full((1, 60, 1), 2.0))
    assert busier.factor[0, 0] == pytest.approx(base.factor[0, 0])
    # placebos a series does not use count for nothing
    some = keep.copy()
    some[0, 30:] = False
    part = measure_catch_up(real, placebo, some, np.ones((1, 1)), np.ones((1, 60, 1)))
    first = measure_catch_up(
        real, placebo[:, :30], keep[:, :30], np.ones((1, 1)), np.ones((1, 30, 1))
    )
    assert part.factor[0, 0] == pytest.approx(first.factor[0, 0])


def shop(per_hour: float, seed: int, catch_up: float):
    """A generated shop with a day-long outage and ``catch_up`` of the lost coming back."""
    orders = synthetic_orders(per_hour, seed=100 + seed)
    start = orders["timestamp"].max().ceil("h") - pd.Timedelta(days=5 + seed % 5, hours=seed)
    hit, truth = inject_outage(
        orders, start, start + pd.Timedelta("24h"), catch_up_share=catch_up, seed=seed
    )
    settings = {"method": "seasonal"}
    est = cs.estimate_loss(
        hit, cs.incidents(outage_frame(truth.start, truth.end)), channel="whatsapp",
        control="website", settings=settings,
    )  # fmt: skip
    return est, truth


def test_a_shop_without_catch_up_gets_about_none_and_one_with_it_gets_about_it():
    """8 orders an hour, a day down: no customer comes back, or 40% within a day."""
    none = [shop(8, seed, 0.0) for seed in range(6)]
    deducted = [est.recovered_orders / truth.removed_orders for est, truth in none]
    # measured: 0 to 8% of the ~190 lost orders (the noise of a day after the outage)
    assert np.mean(deducted) < 0.06, deducted
    some = [shop(8, seed, 0.4) for seed in range(6)]
    errors = [est.recovered_orders / truth.returned_orders - 1 for est, truth in some]
    assert np.median(np.abs(errors)) < 0.3, errors  # measured median |error| 0.15
    for est, _ in some:
        assert est.recovery_estimated
        assert est.recovered_orders <= est.recovery_surplus
        assert est.recovered_orders == pytest.approx(est.recovery_surplus * est.recovery_kept_share)


@pytest.fixture(scope="module")
def sample_estimate(claim, sample_incidents):
    return cs.estimate_loss(claim.orders, sample_incidents, channel="whatsapp", control="website")


def test_the_sample_catch_up_is_measured_after_the_long_outage(claim, sample_estimate):
    """The sample's 87 returning customers: 79 after the 27-hour outage, 2 and 6 after the
    short ones. The generator's own intensity shows 58.5 orders above expectation in the
    day after the long outage and less than nothing after the third: what the orders can
    show (the orders that would have come were 20 below their mean there)."""
    est = sample_estimate
    assert claim.truth.recovered_orders == 87
    assert round(est.recovery_surplus, 1) == 51.1
    assert round(est.recovered_orders, 1) == 46.1
    assert est.net_lost_orders_low <= claim.truth.net_lost_orders <= est.net_lost_orders_high
