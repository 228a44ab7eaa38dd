"""The counterfactual methods and how ``method="auto"`` chooses between them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from claimstats import incidents
from claimstats.errors import ConfigError
from claimstats.estimate import estimate_loss
from claimstats.estimate.methods import (
    Prediction,
    backtest_error,
    choose,
    control_adjusted,
    regression,
)
from claimstats.schema import ORDER_COLUMNS, OUTAGE_COLUMNS, empty_outages

DAY_SHAPE = np.array(
    [1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 10, 9, 8, 8, 9, 10, 11, 10, 8, 6, 3, 2.0]
)
START = pd.Timestamp("2026-06-01", tz="UTC")
OUTAGE = (pd.Timestamp("2026-07-20 08:00", tz="UTC"), pd.Timestamp("2026-07-20 18:00", tz="UTC"))


def shop_with_common_days(seed: int, storm: float = 0.5, spread: float = 0.25):
    """Orders of ``shop`` and ``web`` whose days move together (weather, local events).

    Each day has one multiplier shared by both channels (lognormal, ``spread``); the
    outage day is a storm day at ``storm`` of normal. Returns the orders and the orders
    the outage took from ``shop`` (the truth).
    """
    rng = np.random.default_rng(seed)
    hours = pd.date_range(START, periods=8 * 7 * 24, freq="1h", unit="us")
    days = (hours - START).days
    multiplier = np.exp(rng.normal(0, spread, days.max() + 1))
    multiplier[(OUTAGE[0].normalize() - START).days] = storm
    parts = []
    for channel, per_day in (("shop", 240.0), ("web", 240.0)):
        rate = per_day * DAY_SHAPE[hours.hour] / DAY_SHAPE.sum() * multiplier[days]
        counts = rng.poisson(rate)
        offsets = pd.to_timedelta(rng.integers(0, 3_600_000_000, counts.sum()), unit="us")
        parts.append(
            pd.DataFrame(
                {"timestamp": hours.repeat(counts) + offsets, "amount": 100.0, "channel": channel}
            )
        )
    orders = pd.concat(parts, ignore_index=True).sort_values("timestamp", ignore_index=True)
    orders = orders.assign(
        order_id=[f"o{i}" for i in range(len(orders))],
        currency="EUR",
        status="completed",
        customer="",
    )
    orders = orders.loc[:, list(ORDER_COLUMNS)].astype(ORDER_COLUMNS)
    stamps = orders["timestamp"]
    lost = (orders["channel"] == "shop") & (stamps >= OUTAGE[0]) & (stamps < OUTAGE[1])
    return orders.loc[~lost].reset_index(drop=True), int(lost.sum())


def outage() -> pd.DataFrame:
    row = pd.DataFrame(
        {
            "incident_id": ["S1"],
            "service": ["Shop"],
            "start": [OUTAGE[0]],
            "end": [OUTAGE[1]],
            "severity": ["outage"],
            "description": [""],
            "source": ["test"],
        }
    )
    return incidents(pd.concat([empty_outages(), row], ignore_index=True).astype(OUTAGE_COLUMNS))


def test_control_corrects_a_day_that_was_quiet_for_every_channel():
    orders, truth = shop_with_common_days(seed=1)

    seasonal = estimate_loss(
        orders, outage(), channel="shop", control="web", settings={"method": "seasonal"}
    )
    control = estimate_loss(
        orders, outage(), channel="shop", control="web", settings={"method": "control"}
    )

    # the storm halved every channel: the seasonal method books the storm as loss
    assert seasonal.lost_orders > 1.5 * truth
    assert control.lost_orders == pytest.approx(truth, rel=0.15)
    assert control.lost_orders_low <= truth <= control.lost_orders_high
    assert control.method == "control"
    assert control.backtest_errors == {}  # set, not chosen


def test_auto_chooses_the_method_with_the_smaller_placebo_error_and_says_so():
    orders, truth = shop_with_common_days(seed=1)

    est = estimate_loss(orders, outage(), channel="shop", control="web")

    assert est.method == "control"
    assert set(est.backtest_errors) == {"seasonal", "control", "regression"}
    assert est.backtest_errors["control"] == min(est.backtest_errors.values())
    assert est.backtest_errors["control"] < 0.8 * est.backtest_errors["seasonal"]
    assert est.lost_orders_low <= truth <= est.lost_orders_high


def test_auto_keeps_seasonal_when_the_control_adds_only_noise():
    orders, _ = shop_with_common_days(seed=3, storm=1.0, spread=0.0)

    est = estimate_loss(orders, outage(), channel="shop", control="web")

    assert est.method == "seasonal"


def test_without_a_control_auto_compares_seasonal_and_regression_and_control_is_refused():
    orders, _ = shop_with_common_days(seed=1)

    est = estimate_loss(orders, outage(), channel="shop")

    assert est.method in ("seasonal", "regression")
    assert set(est.backtest_errors) == {"seasonal", "regression"}
    assert est.backtest_errors[est.method] == min(est.backtest_errors.values())
    with pytest.raises(ConfigError, match="method='control' needs control="):
        estimate_loss(orders, outage(), channel="shop", settings={"method": "control"})
    with pytest.raises(ConfigError, match="method='arima' is not known"):
        estimate_loss(orders, outage(), channel="shop", settings={"method": "arima"})


def test_control_adjustment_scales_each_part_by_the_control_ratio():
    base = Prediction("seasonal", np.array([10.0, 10.0]), np.array([[10.0, 10.0]]))
    control = np.array([8.0, 2.0, 4.0, 4.0])

    adjusted = control_adjusted(
        base,
        control,
        np.array([4.0, 4.0]),  # the control's expectation on the real pattern (buckets 0, 1)
        np.array([[4.0, 4.0]]),  # and on the placebo (buckets 2, 3)
        np.array([0, 1]),
        np.array([[2, 3]]),
        np.array([1.0, 0.0]),  # bucket 0 is the outage, bucket 1 the recovery
        np.array([0.0, 1.0]),
    )

    # control at 200% in the outage, 50% after: (8 + 5) / (4 + 5) and (2 + 5) / (4 + 5)
    assert adjusted.real == pytest.approx([10 * 13 / 9, 10 * 7 / 9])
    assert adjusted.placebo.tolist() == [[10.0, 10.0]]


def test_a_control_that_expected_nothing_leaves_the_prediction_alone():
    base = Prediction("seasonal", np.array([10.0]), np.array([[10.0]]))

    adjusted = control_adjusted(
        base,
        np.array([3.0, 0.0]),
        np.array([0.0]),
        np.array([[np.nan]]),
        np.array([0]),
        np.array([[1]]),
        np.array([1.0]),
        np.array([0.0]),
    )

    assert adjusted.real.tolist() == [10.0]
    assert adjusted.placebo.tolist() == [[10.0]]


def test_backtest_error_charges_a_method_that_expected_nothing_the_full_error():
    p = Prediction("seasonal", np.array([1.0]), np.array([[0.0], [10.0]]))

    # |5 - 0| + |8 - 10| over 13 orders
    assert backtest_error(p, np.array([[5.0], [8.0]]), np.array([1.0])) == pytest.approx(7 / 13)
    empty = Prediction("seasonal", np.array([1.0]), np.zeros((0, 1)))
    assert backtest_error(empty, np.zeros((0, 1)), np.array([1.0])) == float("inf")


def test_a_sparse_control_moves_the_prediction_less_than_a_busy_one():
    base = Prediction("seasonal", np.array([10.0]), np.array([[10.0]]))

    def adjusted(actual: float, expected: float) -> float:
        return control_adjusted(base, np.array([actual, 0.0]), np.array([expected]),
                                np.array([[1.0]]), np.array([0]), np.array([[1]]),
                                np.array([1.0]), np.array([0.0])).real[0]  # fmt: skip

    assert adjusted(2.0, 1.0) == pytest.approx(10 * 7 / 6)  # 200% of 1 order: +17%
    assert adjusted(200.0, 100.0) == pytest.approx(10 * 205 / 105)  # 200% of 100: +95%


def test_choose_prefers_the_first_candidate_on_a_tie():
    a = Prediction("seasonal", np.array([1.0]), np.array([[10.0]]))
    b = Prediction("control", np.array([1.0]), np.array([[10.0]]))

    best, _ = choose([a, b], np.array([[9.0]]), np.array([1.0]))

    assert best.name == "seasonal"


def growing_week_series(weeks: int, growth: float) -> np.ndarray:
    """Hourly orders of ``DAY_SHAPE`` days growing by ``growth`` a week, no noise."""
    hours = np.arange(weeks * 168)
    return DAY_SHAPE[hours % 24] * (1 + growth * hours / 168)


def test_regression_carries_a_trend_into_the_window():
    values = growing_week_series(8, 0.05)
    excluded = np.zeros(len(values), bool)
    excluded[-24:] = True
    pattern = np.arange(len(values) - 24, len(values))

    p = regression(values, excluded, np.zeros((len(values), 0)), 168, 24, 6 * 168, pattern,
                   pattern[None, :] - 168)  # fmt: skip

    # the trend is in proportion to each hour's orders: the night grows less than the peak
    assert p.real == pytest.approx(values[pattern], rel=0.005)
    assert p.placebo[0] == pytest.approx(values[pattern - 168], rel=0.005)


def test_regression_predicts_each_placebo_only_from_the_weeks_before_it():
    values = growing_week_series(8, 0.0)
    values[5 * 168 : 5 * 168 + 24] += 50  # an unusual day inside the second placebo window
    excluded = np.zeros(len(values), bool)
    pattern = np.arange(7 * 168, 7 * 168 + 24)
    positions = np.vstack([pattern - 3 * 168, pattern - 2 * 168])

    p = regression(values, excluded, np.zeros((len(values), 0)), 168, 24, 4 * 168, pattern,
                   positions)  # fmt: skip

    assert p.placebo[0] == pytest.approx(values[pattern], abs=1e-6)
    assert p.placebo[1] == pytest.approx(values[pattern], abs=1e-6)  # the spike is not seen
    assert values[positions[1]] - p.placebo[1] == pytest.approx(np.full(24, 50.0))


def test_regression_uses_a_covariate_that_moves_with_the_series():
    rng = np.random.default_rng(0)
    days = rng.lognormal(0, 0.2, 8 * 7)
    days[-1] = 1.6  # a busy day for every channel, the day of the window
    days = np.repeat(days, 24)
    values = growing_week_series(8, 0.0) * days
    control = (DAY_SHAPE[np.arange(len(values)) % 24].mean() * days)[:, None]
    pattern = np.arange(8 * 168 - 16, 8 * 168 - 6)
    excluded = np.zeros(len(values), bool)
    excluded[pattern] = True

    with_control = regression(values, excluded, control, 168, 24, 6 * 168, pattern,
                              pattern[None, :] - 168)  # fmt: skip
    without = regression(values, excluded, np.zeros((len(values), 0)), 168, 24, 6 * 168,
                         pattern, pattern[None, :] - 168)  # fmt: skip

    error_with = abs(with_control.real.sum() / values[pattern].sum() - 1)
    error_without = abs(without.real.sum() / values[pattern].sum() - 1)
    assert error_without > 0.2
    assert error_with < 0.1


def test_regression_with_short_history_uses_day_of_week_terms_and_nan_without_history():
    values = growing_week_series(3, 0.0)
    excluded = np.zeros(len(values), bool)
    pattern = np.arange(2 * 168 + 10, 2 * 168 + 14)
    positions = np.vstack([pattern - 2 * 168, pattern - 168])

    p = regression(values, excluded, np.zeros((len(values), 0)), 168, 24, 6 * 168, pattern,
                   positions)  # fmt: skip

    assert p.real == pytest.approx(values[pattern], rel=1e-6)
    assert np.isnan(p.placebo[0]).all()  # nothing before the first copy to learn from
    assert np.isfinite(p.placebo[1]).all()


def test_estimate_with_regression_says_so():
    orders, truth = shop_with_common_days(seed=2, storm=1.0)

    est = estimate_loss(
        orders, outage(), channel="shop", control="web", settings={"method": "regression"}
    )

    assert est.method == "regression"
    assert est.backtest_errors == {}
    assert est.lost_orders_low <= truth <= est.lost_orders_high
