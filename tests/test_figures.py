"""The loss figures: one joint calibration of shortfall and catch-up for what is claimed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import claimstats as cs
from claimstats.datasets.validation import inject_outage, outage_frame, synthetic_orders
from claimstats.estimate.figures import weighted_sum


@pytest.fixture(scope="module")
def sample(claim, sample_incidents):
    return cs.estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", control="website", margin=0.35
    )


@pytest.fixture(scope="module")
def generated():
    """8 orders an hour, a day down, 40% of the lost customers back within a day."""
    orders = synthetic_orders(8, seed=7)
    start = orders["timestamp"].max().ceil("h") - pd.Timedelta("6D")
    hit, truth = inject_outage(
        orders, start, start + pd.Timedelta("24h"), catch_up_share=0.4, seed=7
    )
    inc = cs.incidents(outage_frame(truth.start, truth.end))
    return cs.estimate_loss(hit, inc, channel="whatsapp", control="website"), truth


def test_weighted_sum_takes_one_share_for_all_or_one_per_series():
    values = np.arange(12.0).reshape(2, 3, 2)
    assert weighted_sum(values, np.array([1.0, 0.0])).tolist() == [[0, 2, 4], [6, 8, 10]]
    per_series = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert weighted_sum(values, per_series).tolist() == [[0, 2, 4], [7, 9, 11]]


def test_the_p_value_ranks_the_net_loss_among_the_placebos_net_losses(sample):
    losses = np.asarray(sample.placebo_losses)
    assert len(losses) == sample.placebo_windows == 39
    beyond = int((losses >= sample.net_lost_revenue).sum())
    # the net loss is above every placebo's: the smallest p-value 39 windows can show
    assert beyond == 0
    assert sample.p_value == pytest.approx((1 + beyond) / (len(losses) + 1))


def test_the_interval_and_the_significance_are_those_of_the_amount_claimed(sample):
    assert sample.established
    assert sample.lost_profit_low == pytest.approx(0.35 * sample.net_lost_revenue_low)
    assert sample.claim_amount_low == pytest.approx(sample.lost_profit_low)
    # the net loss's interval is its own, not the gross one moved by the catch-up
    moved = sample.lost_revenue_low - sample.recovered_revenue
    assert sample.net_lost_revenue_low != pytest.approx(moved, rel=1e-3)


def test_without_catch_up_the_net_loss_is_calibrated_as_the_shortfall(claim, sample_incidents):
    est = cs.estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", settings={"recovery": "0h"}
    )
    assert est.recovered_orders == 0.0
    assert est.recovery_windows == []
    assert (est.net_lost_orders_low, est.net_lost_orders_high) == pytest.approx(
        (est.lost_orders_low, est.lost_orders_high)
    )


@pytest.mark.parametrize("case", ["sample", "generated"])
def test_the_buckets_add_up_to_the_figures(case, sample, generated):
    est = sample if case == "sample" else generated[0]
    table = est.bucket_table()
    for unit, suffix in (("orders", ""), ("revenue", "_revenue")):
        assert table[f"lost{suffix}"].sum() == pytest.approx(getattr(est, f"lost_{unit}"))
        assert table[f"recovered{suffix}"].sum() == pytest.approx(getattr(est, f"recovered_{unit}"))
        so_far = table[f"net_lost{suffix}_so_far"]
        assert so_far.iloc[-1] == pytest.approx(getattr(est, f"net_lost_{unit}"))
    # flat where the method adds nothing: outside the outages and the kept recovery
    quiet = (table["outage_fraction"] == 0) & (table["recovery_fraction"] == 0)
    assert (table.loc[quiet, ["lost", "recovered"]] == 0).all().all()
    assert quiet.any()
    assert (~quiet).any()


def test_a_generated_shop_finds_its_catch_up_and_covers_its_net_loss(generated):
    est, truth = generated
    assert truth.returned_orders > 50
    assert est.recovered_orders == pytest.approx(truth.returned_orders, rel=0.3)
    assert est.net_lost_orders_low <= truth.net_lost_orders <= est.net_lost_orders_high
    assert est.established
