"""Tests of claimstats.datasets.wallet_shops: small shops' wallet payments with their traps
and truth, and the study of the payment analysis on them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from claimstats.datasets import make_wallet_shop, wallet_study
from claimstats.datasets.wallet_shops import SHOP_COLUMNS, WalletShop, summarize_wallet_study
from claimstats.errors import ConfigError


@pytest.fixture(scope="module")
def shop() -> WalletShop:
    return make_wallet_shop(seed=3)


def _inside(shop: WalletShop) -> pd.Series:
    times = shop.transactions["timestamp"]
    return (times >= shop.truth.start) & (times < shop.truth.end)


def test_the_same_seed_makes_the_same_shop(shop: WalletShop) -> None:
    again = make_wallet_shop(seed=3)
    pd.testing.assert_frame_equal(shop.transactions, again.transactions)
    assert shop.truth == again.truth
    assert not make_wallet_shop(seed=4).transactions.equals(shop.transactions)


def test_six_weeks_of_canonical_attempts_and_a_five_hour_outage(shop: WalletShop) -> None:
    tx = shop.transactions
    assert dict(tx.dtypes) == {name: pd.Series(dtype=d).dtype for name, d in SHOP_COLUMNS.items()}
    assert tx["timestamp"].is_monotonic_increasing
    assert tx["order_id"].is_unique
    assert tx["timestamp"].max() - tx["timestamp"].min() > pd.Timedelta(days=41)
    assert shop.truth.end - shop.truth.start == pd.Timedelta(hours=5)
    outage = shop.outages.iloc[0]
    assert (outage["start"], outage["end"], outage["service"]) == (
        shop.truth.start,
        shop.truth.end,
        "WeChat Pay",
    )
    failed = tx["status"] == "failed"
    # about 70 % of the attempts fail in the outage (taps again fail as often), 1-2.5 % else
    assert 0.55 < failed[_inside(shop)].mean() < 0.85
    assert failed[~_inside(shop)].mean() < 0.03
    # open 07:00-21:00 local (late retries included)
    hours = tx["timestamp"].dt.tz_convert(shop.tz).dt.hour
    assert hours.between(7, 21).all()


def test_the_truth_adds_up_and_names_failed_attempts_in_the_outage(shop: WalletShop) -> None:
    truth, tx = shop.truth, shop.transactions.set_index("order_id")
    assert truth.failed_amount == round(truth.recovered_amount + truth.unpaid_amount, 2)
    unpaid = tx.loc[list(truth.unpaid)]
    assert (unpaid["status"] == "failed").all()
    assert unpaid["timestamp"].between(truth.start, truth.end, inclusive="left").all()
    assert unpaid["amount"].sum() == pytest.approx(truth.unpaid_amount)
    # what the outage caused: the unpaid amount less those that would have failed anyway
    assert 0.8 * truth.unpaid_amount < truth.outage_loss <= truth.unpaid_amount
    assert truth.failed_purchases > len(truth.unpaid) > 5


def test_the_traps_are_there(shop: WalletShop) -> None:
    truth, tx = shop.truth, shop.transactions
    # double taps: failed attempts of one customer and amount seconds or minutes apart
    assert truth.double_taps >= 5
    # regulars buy the same amount again the next day
    completed = tx.loc[tx["status"] == "completed"].sort_values(["customer", "amount", "timestamp"])
    gap = completed.groupby(["customer", "amount"])["timestamp"].diff()
    assert (gap.between(pd.Timedelta("20h"), pd.Timedelta("28h"))).sum() > 200
    # money taken by failed attempts: some given back in full, some in part, some not
    deducted = tx.loc[tx["funds_deducted"].fillna(False).astype(bool)]
    assert (deducted["status"] == "failed").all()
    assert truth.refunded
    assert truth.refund_due
    back = tx.set_index("order_id").loc[list(truth.refunded)]
    assert (back["refunded_amount"] >= back["amount"]).all()
    assert back["refunded_at"].notna().all()
    due = tx.set_index("order_id").loc[list(truth.refund_due)]
    assert due["refunded_amount"].lt(due["amount"]).all()
    assert truth.refund_due_amount == pytest.approx((due["amount"] - due["refunded_amount"]).sum())


def test_a_bad_size_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="attempts_per_hour=0 must be above 0"):
        make_wallet_shop(attempts_per_hour=0)
    with pytest.raises(ConfigError, match="shops=0 must be 1 or more"):
        wallet_study(shops=0)


def test_the_study_of_two_shops_meets_the_goals() -> None:
    results = wallet_study(shops=2, seed=2, retry_windows=("auto", "24h"))

    assert len(results) == 4
    assert (results["failure"] == "").all()
    assert results["adds_up"].all()
    assert (results["refund_due_hits"] == results["refund_due_true"]).all()
    assert (results["refund_due_hits"] == results["refund_due_listed"]).all()
    auto = results.loc[results["retry_window"] == "auto"]
    assert (auto["retry_window_hours"] < 12).all()
    assert auto["covered"].all()
    summary = summarize_wallet_study(results).set_index("retry_window")
    assert summary.loc["auto", ["unpaid_precision", "unpaid_recall"]].tolist() == [1.0, 1.0]
    assert summary.loc["auto", "recovered_error"] == 0.0
    assert summary.loc["auto", "goals_met"]
    # a day's window takes regulars' next purchases for retries: 4 of the 29 unpaid
    assert summary.loc["24h", "unpaid_recall"] == pytest.approx(25 / 29)
    assert summary.loc["24h", "recovered_bias"] > 0.05
    assert not summary.loc["24h", "goals_met"]
    assert np.isclose(summary.loc["24h", "window_hours"], 24.0)
