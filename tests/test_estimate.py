"""Tests of claimstats.estimate: seasonal counterfactual, placebo calibration, the loss,
and the hard cases of the loss on synthetic series with known truth."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from claimstats.errors import ConfigError, DataError
from claimstats.estimate import estimate_loss
from claimstats.estimate.calibration import Calibration, min_placebos, placebo_shifts
from claimstats.estimate.methods import METHODS
from claimstats.estimate.seasonal import level_at, seasonal_profile, unusual_days
from claimstats.incidents import incidents
from claimstats.models import ExpenseItem
from claimstats.sample import make_sample
from claimstats.schema import ORDER_COLUMNS, OUTAGE_COLUMNS, empty_outages
from claimstats.series import bucket_orders
from claimstats.validation import InjectedOutage, inject_outage, outage_frame, synthetic_orders


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC").as_unit("us")


# --- seasonal_profile and level_at -------------------------------------------------


def weekly(*weeks: list[float]) -> np.ndarray:
    """A series made of whole weeks, one list per week."""
    return np.concatenate([np.asarray(week, dtype=float) for week in weeks])


def test_profile_is_the_mean_of_the_same_bucket_in_previous_weeks():
    values = weekly([10, 1], [12, 3], [14, 5], [0, 0])
    profile = seasonal_profile(values, period=2, excluded=np.zeros(8, bool), weeks=6)
    np.testing.assert_array_equal(profile[:4], [np.nan, np.nan, np.nan, np.nan])
    np.testing.assert_allclose(profile[4:], [11.0, 2.0, 12.0, 3.0])


def test_profile_leaves_out_a_week_far_from_the_others_and_keeps_ordinary_ones():
    values = weekly([4], [6], [8], [10], [12], [50], [0])
    profile = seasonal_profile(values, period=1, excluded=np.zeros(7, bool), weeks=6)
    # 50 is far beyond Poisson noise and 20% around the median 9: left out
    assert profile[6] == pytest.approx((4 + 6 + 8 + 10 + 12) / 5)
    assert profile[4] == pytest.approx((4 + 6 + 8 + 10) / 4)  # nothing trimmed: no bias
    assert profile[3] == pytest.approx((4 + 6 + 8) / 3)


def test_unusual_days_are_the_holidays_not_ordinary_busy_days():
    rng = np.random.default_rng(0)
    shape = np.r_[np.full(8, 1.0), np.full(16, 8.0)]
    days = rng.lognormal(0, 0.1, 70)
    days[[30, 45]] = [0.4, 1.9]  # a public holiday and a one-off rush
    values = rng.poisson(np.repeat(days, 24) * np.tile(shape, 70)).astype(float)
    excluded = np.zeros(len(values), bool)
    excluded[60 * 24 : 62 * 24] = True

    mask = unusual_days(values, excluded, per_day=24)

    assert np.flatnonzero(mask[::24]).tolist() == [30, 45]
    assert not mask[60 * 24 : 62 * 24].any()  # excluded days are not judged


def test_holiday_spike_in_one_week_does_not_move_the_profile():
    normal = [10, 20, 30]
    values = weekly(normal, normal, [10, 200, 30], normal, normal, normal, normal)
    profile = seasonal_profile(values, period=3, excluded=np.zeros(21, bool), weeks=6)
    np.testing.assert_allclose(profile[18:], [10.0, 20.0, 30.0])


def test_excluded_buckets_are_not_used_as_baseline():
    values = weekly([10], [12], [14], [100], [0])
    excluded = np.array([False, False, False, True, False])
    profile = seasonal_profile(values, period=1, excluded=excluded, weeks=4)
    assert profile[4] == pytest.approx(12.0)


def test_profile_is_nan_with_less_than_two_usable_weeks():
    values = weekly([10, 1], [12, 3], [0, 0])
    excluded = np.array([False, True, False, False, False, False])
    profile = seasonal_profile(values, period=2, excluded=excluded, weeks=6)
    assert np.isnan(profile[:4]).all()
    assert profile[4] == pytest.approx(11.0)
    assert np.isnan(profile[5])  # one week usable, the other excluded


def test_level_of_a_series_at_twice_its_profile_is_two():
    profile = np.array([1.0, 3.0, 5.0, 2.0, 4.0, 6.0, 1.0, 1.0])
    level = level_at(2 * profile, profile, np.zeros(8, bool), np.array([6, 8]), span=6, block=2)
    np.testing.assert_allclose(level, [2.0, 2.0])


def test_level_ignores_excluded_buckets():
    profile = np.ones(6)
    values = np.array([3.0, 3.0, 50.0, 3.0, 0.0, 3.0])
    excluded = np.array([False, False, True, False, True, False])
    assert level_at(values, profile, excluded, np.array([6]), span=6, block=1)[0] == pytest.approx(
        3.0
    )


def test_one_festival_day_does_not_move_the_level():
    profile = np.ones(24 * 14)
    values = np.ones(24 * 14)
    values[24 * 5 : 24 * 6] = 3.0  # one day at three times the usual volume
    level = level_at(values, profile, np.zeros(24 * 14, bool), np.array([24 * 14]), 24 * 14, 24)
    assert level[0] == pytest.approx(1.0)


def test_level_is_nan_when_less_than_half_the_span_is_usable():
    profile = np.array([np.nan, np.nan, np.nan, 1.0, 1.0, 1.0])
    values = np.full(6, 2.0)
    np.testing.assert_array_equal(
        level_at(values, profile, np.zeros(6, bool), np.array([6, 5]), span=6, block=1),
        [2.0, np.nan],
    )


# --- Calibration -------------------------------------------------------------------


def test_empirical_interval_uses_order_statistics_at_covering_ranks():
    cal = Calibration(np.linspace(-0.1, 0.1, 41))
    assert cal.count == 41
    # ranks floor(0.025 * 42) = 1 and ceil(0.975 * 42) = 41: the extremes
    low, high = cal.interval(expected=100.0, actual=0.0, confidence=0.95)
    assert low == pytest.approx(90.0)
    assert high == pytest.approx(110.0)
    # at 90%: ranks floor(0.05 * 42) = 2 and ceil(0.95 * 42) = 40, errors -0.095 and 0.095
    low, high = cal.interval(expected=200.0, actual=50.0, confidence=0.90)
    assert low == pytest.approx(200 * (1 - 0.095) - 50)
    assert high == pytest.approx(200 * (1 + 0.095) - 50)


def test_empirical_p_value_is_the_share_of_placebos_with_a_shortfall_at_least_as_large():
    cal = Calibration(np.linspace(-0.1, 0.1, 41))
    assert cal.p_value(expected=100.0, actual=0.0) == pytest.approx(1 / 42)
    assert cal.p_value(expected=100.0, actual=100.0) == pytest.approx(22 / 42)
    assert cal.p_value(expected=100.0, actual=200.0) == pytest.approx(1.0)


def test_thirty_eight_placebos_use_the_t_interval_and_thirty_nine_the_empirical_one():
    assert min_placebos(0.95) == 39
    assert min_placebos(0.90) == 19
    enough = Calibration(np.linspace(-0.095, 0.095, 39))
    assert enough.p_value(expected=100.0, actual=0.0) == pytest.approx(1 / 40)
    assert enough.interval(100.0, 0.0, 0.95) == pytest.approx((90.5, 109.5))
    few = Calibration(np.linspace(-0.095, 0.095, 38))
    assert few.p_value(expected=100.0, actual=90.0) == pytest.approx(0.046008, abs=1e-6)  # t tail
    # ... but never below what 38 normal windows can show
    assert few.p_value(expected=100.0, actual=0.0) == pytest.approx(1 / 39)


def test_t_interval_with_fewer_than_twenty_placebos():
    cal = Calibration(np.array([-0.1, -0.05, 0.0, 0.05, 0.1]))
    # mean 0, sd 0.0790569, times sqrt(1 + 1/5), times t(0.975, 4) = 2.776445
    low, high = cal.interval(expected=100.0, actual=0.0, confidence=0.95)
    assert low == pytest.approx(75.9553, abs=1e-4)
    assert high == pytest.approx(124.0447, abs=1e-4)
    assert cal.p_value(expected=100.0, actual=92.0) == pytest.approx(0.203946, abs=1e-6)
    assert cal.p_value(expected=100.0, actual=80.0) == pytest.approx(1 / 6)  # t: 0.041


def test_t_interval_is_wider_than_the_empirical_one_for_the_same_spread():
    errors = np.array([-0.1, -0.05, 0.0, 0.05, 0.1])
    few = Calibration(errors).interval(100.0, 0.0, 0.95)
    many = Calibration(np.tile(errors, 8)).interval(100.0, 0.0, 0.95)
    assert many == pytest.approx((90.0, 110.0))  # 40 windows: the extremes
    assert few[0] < many[0]
    assert few[1] > many[1]


def test_p_value_is_one_when_nothing_was_expected():
    assert Calibration(np.linspace(-0.1, 0.1, 41)).p_value(expected=0.0, actual=0.0) == 1.0
    assert Calibration(np.array([-0.1, 0.0, 0.1])).p_value(expected=0.0, actual=3.0) == 1.0


def test_p_value_with_no_spread_is_its_floor_or_one():
    cal = Calibration(np.zeros(5))
    assert cal.p_value(expected=100.0, actual=90.0) == pytest.approx(1 / 6)
    assert cal.p_value(expected=100.0, actual=100.0) == 1.0


def test_empirical_interval_covers_a_new_normal_window_at_its_confidence():
    rng = np.random.default_rng(0)
    draws = rng.normal(0.0, 0.1, size=(2000, 26))
    covered = 0
    for errors in draws:
        low, high = Calibration(errors[:25]).interval(expected=1.0, actual=0.0, confidence=0.95)
        covered += low <= 1 - errors[25] <= high
    assert covered / len(draws) >= 0.93


# --- placebo_shifts ----------------------------------------------------------------


def placebo_setup(extra_excluded: tuple[int, ...] = ()) -> dict[str, object]:
    """Ten days of hourly buckets, an outage 04:00-10:00 on day 4, two days unusable."""
    excluded = np.zeros(240, dtype=bool)
    pattern = np.arange(100, 106)
    excluded[pattern] = True
    excluded[list(extra_excluded)] = True
    usable = np.ones(240, dtype=bool)
    usable[:48] = False
    return {"pattern": pattern, "excluded": excluded, "usable": usable, "step": 24}


def test_placebo_shifts_keep_the_time_of_day_and_stay_in_usable_history():
    shifts = placebo_shifts(**placebo_setup(), max_placebos=100, seed=0)
    assert shifts.tolist() == [-48, -24, 24, 48, 72, 96, 120]
    assert (shifts % 24 == 0).all()


def test_placebo_shifts_avoid_excluded_buckets():
    shifts = placebo_shifts(**placebo_setup(extra_excluded=(150,)), max_placebos=100, seed=0)
    assert shifts.tolist() == [-48, -24, 24, 72, 96, 120]


def test_placebo_shifts_respect_max_placebos_and_are_deterministic_for_a_seed():
    setup = placebo_setup(extra_excluded=(150,))
    first = placebo_shifts(**setup, max_placebos=3, seed=0)
    assert first.tolist() == [72, 96, 120]
    assert placebo_shifts(**setup, max_placebos=3, seed=0).tolist() == [72, 96, 120]
    other = placebo_shifts(**setup, max_placebos=3, seed=1)
    assert other.tolist() == [-24, 24, 96]
    assert set(other) <= {-48, -24, 24, 72, 96, 120}


# --- estimate_loss on the sample claim ---------------------------------------------


@pytest.fixture(scope="module")
def claim():
    return make_sample(0)


@pytest.fixture(scope="module")
def sample_incidents(claim):
    return incidents(claim.outages)


@pytest.fixture(scope="module")
def sample_estimate(claim, sample_incidents):
    return estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", control="website", margin=0.35
    )


def test_sample_true_gross_lost_orders_lie_in_the_interval(claim, sample_estimate):
    est = sample_estimate
    assert est.lost_orders_low <= claim.truth.gross_lost_orders <= est.lost_orders_high


def test_sample_true_net_lost_revenue_lies_in_the_interval(claim, sample_estimate):
    est = sample_estimate
    assert est.net_lost_revenue_low <= claim.truth.net_lost_revenue <= est.net_lost_revenue_high
    assert est.lost_revenue_low <= claim.truth.gross_lost_revenue <= est.lost_revenue_high


def test_sample_point_estimate_is_within_ten_percent_of_the_expected_loss(claim, sample_estimate):
    expected = claim.truth.expected_lost_orders  # noise-free, from the simulated intensity
    assert sample_estimate.lost_orders == pytest.approx(expected, rel=0.10)
    assert sample_estimate.lost_revenue == pytest.approx(
        claim.truth.expected_lost_revenue, rel=0.10
    )


def test_sample_shortfall_is_significant(sample_estimate):
    est = sample_estimate
    assert est.p_value < 0.05
    # every order in the windows was lost: no placebo comes close, the p-value is 1/(n+1)
    assert est.p_value == pytest.approx(1 / (est.placebo_windows + 1))
    assert est.significant is True


def test_sample_estimate_is_identical_for_the_same_seed(claim, sample_incidents, sample_estimate):
    again = estimate_loss(
        claim.orders, sample_incidents, channel="whatsapp", control="website", margin=0.35
    )
    assert again == sample_estimate


def test_lost_profit_is_net_lost_revenue_times_margin(sample_estimate):
    est = sample_estimate
    assert est.margin == 0.35
    assert est.lost_profit == est.net_lost_revenue * 0.35
    assert est.lost_profit_low == est.net_lost_revenue_low * 0.35
    assert est.lost_profit_high == est.net_lost_revenue_high * 0.35


def test_no_margin_gives_no_profit(claim, sample_incidents):
    est = estimate_loss(claim.orders, sample_incidents, channel="whatsapp")
    assert est.margin is None
    assert est.lost_profit is None
    assert est.lost_profit_low is None
    assert est.lost_profit_high is None


def test_sample_is_calibrated_on_enough_placebo_windows(sample_estimate):
    assert sample_estimate.placebo_windows >= min_placebos(0.95)
    assert not [note for note in sample_estimate.notes if note.code == "few_placebos"]


def test_control_channel_runs_near_normal_during_the_outage(sample_estimate):
    est = sample_estimate
    assert est.control == "website"
    ratio = est.control_actual_orders / est.control_expected_orders
    assert 0.8 <= ratio <= 1.5


def test_sample_catch_up_is_recovered_and_netted(sample_estimate):
    est = sample_estimate
    assert est.recovered_orders > 0
    assert est.recovered_revenue > 0
    assert est.net_lost_orders == pytest.approx(est.lost_orders - est.recovered_orders)
    assert est.net_lost_revenue == pytest.approx(est.lost_revenue - est.recovered_revenue)


def test_sample_catch_up_has_an_interval_that_covers_the_true_catch_up(claim, sample_estimate):
    est = sample_estimate
    assert 0 <= est.recovered_orders_low <= est.recovered_orders <= est.recovered_orders_high
    assert est.recovered_orders_low <= claim.truth.recovered_orders <= est.recovered_orders_high
    assert est.recovered_revenue_low <= claim.truth.recovered_revenue <= est.recovered_revenue_high


def test_claim_amount_is_lost_profit_plus_claimed_expenses_only(claim, sample_incidents):
    est = estimate_loss(
        claim.orders,
        sample_incidents,
        channel="whatsapp",
        margin=0.4,
        expenses=[
            {"amount": 300, "description": "courier re-delivery", "evidence": "receipt-0806.pdf"},
            ExpenseItem(amount=120.5, description="phone calls to customers", evidence="bill"),
            {"amount": 5000, "description": "a regular customer lost", "claimed": False},
        ],
    )

    assert est.claimed_expenses == 420.5
    assert est.claim_amount == pytest.approx(est.lost_profit + 420.5)
    assert est.claim_amount_low == pytest.approx(est.lost_profit_low + 420.5)
    assert est.claim_amount_high == pytest.approx(est.lost_profit_high + 420.5)
    assert [e.claimed for e in est.expenses] == [True, True, False]
    assert est.expenses[0].evidence == "receipt-0806.pdf"


def test_without_margin_the_claim_is_net_lost_revenue(sample_estimate, claim, sample_incidents):
    est = estimate_loss(claim.orders, sample_incidents, channel="whatsapp")
    assert est.claim_amount == est.net_lost_revenue
    assert est.claimed_expenses == 0.0


@pytest.mark.parametrize(
    ("expenses", "message"),
    [
        ([{"amount": -3, "description": "x"}], "expense item 1: amount: Input should be greater"),
        ([{"description": "no amount"}], "expense item 1: amount: Field required"),
        ({"amount": 3, "description": "x"}, "expenses must be a list of items"),
    ],
)
def test_bad_expenses_are_config_errors(claim, sample_incidents, expenses, message):
    with pytest.raises(ConfigError, match=message):
        estimate_loss(claim.orders, sample_incidents, channel="whatsapp", expenses=expenses)


def test_sample_windows_are_the_incidents_with_a_day_of_recovery(claim, sample_estimate):
    est = sample_estimate
    assert [(w.start, w.end) for w in est.windows] == [
        (utc("2026-08-04 01:40"), utc("2026-08-05 04:55")),
        (utc("2026-08-06 12:05"), utc("2026-08-06 12:45")),
        (utc("2026-08-08 06:20"), utc("2026-08-08 07:55")),
    ]
    assert est.recovery == pd.Timedelta(hours=24)
    assert [w.start for w in est.recovery_windows] == [w.end for w in est.windows]
    assert [w.end - w.start for w in est.recovery_windows] == [pd.Timedelta(hours=24)] * 3
    # WhatsApp Web was down: no whatsapp order was placed inside the windows
    assert est.actual_orders == 0.0
    assert est.actual_revenue == 0.0
    assert est.currency == "CNY"
    assert est.method == "seasonal"


def test_placebo_draw_depends_on_the_seed_only_when_capped(claim, sample_incidents):
    def capped(seed: int):
        return estimate_loss(
            claim.orders, sample_incidents, channel="whatsapp", max_placebos=25, seed=seed
        )

    assert capped(1) == capped(1)
    first, second = capped(1), capped(2)
    assert (first.lost_orders_low, first.lost_orders_high) != (
        second.lost_orders_low,
        second.lost_orders_high,
    )
    assert first.lost_orders == second.lost_orders  # the point estimate does not depend on it


def test_few_placebos_give_a_note(claim, sample_incidents):
    est = estimate_loss(claim.orders, sample_incidents, channel="whatsapp", max_placebos=10)
    assert est.placebo_windows < min_placebos(0.95)
    notes = [note for note in est.notes if note.code == "few_placebos"]
    assert len(notes) == 1
    assert notes[0].model_dump()["values"]["count"] == est.placebo_windows
    assert "t prediction interval" in notes[0].text


def test_estimate_does_not_mutate_its_inputs(claim, sample_incidents):
    orders, inc = claim.orders.copy(deep=True), sample_incidents.copy(deep=True)
    estimate_loss(orders, inc, channel="whatsapp", control="website", margin=0.35)
    pd.testing.assert_frame_equal(orders, claim.orders)
    pd.testing.assert_frame_equal(inc, sample_incidents)


# --- estimate_loss: errors ---------------------------------------------------------


def test_unknown_channel_is_a_config_error_listing_the_channels(claim, sample_incidents):
    with pytest.raises(ConfigError) as caught:
        estimate_loss(claim.orders, sample_incidents, channel="telegram")
    assert str(caught.value) == (
        "channel='telegram' is not in the orders; their channels are ['website', 'whatsapp']"
    )


def test_unknown_control_is_a_config_error(claim, sample_incidents):
    with pytest.raises(ConfigError, match=r"control='phone' is not in the orders"):
        estimate_loss(claim.orders, sample_incidents, channel="whatsapp", control="phone")


def test_channel_as_its_own_control_is_a_config_error(claim, sample_incidents):
    with pytest.raises(ConfigError, match="channel and control are both 'whatsapp'"):
        estimate_loss(claim.orders, sample_incidents, channel="whatsapp", control="whatsapp")


def test_no_incidents_is_a_config_error(claim, sample_incidents):
    with pytest.raises(ConfigError, match="there are no incidents"):
        estimate_loss(claim.orders, sample_incidents.iloc[:0], channel="whatsapp")


def test_orders_ending_before_the_outage_ends_are_a_data_error(claim, sample_incidents):
    orders = claim.orders.loc[claim.orders["timestamp"] < utc("2026-08-05 00:00")]
    with pytest.raises(DataError, match="before the last outage ends at 2026-08-08 07:55:00"):
        estimate_loss(orders, sample_incidents, channel="whatsapp")


def test_less_than_two_weeks_of_history_is_a_data_error(claim, sample_incidents):
    orders = claim.orders.loc[claim.orders["timestamp"] >= utc("2026-07-24 00:00")]
    with pytest.raises(DataError, match="the baseline needs at least 2 weeks of orders"):
        estimate_loss(orders, sample_incidents, channel="whatsapp")


def test_mixed_currencies_are_a_data_error(claim, sample_incidents):
    orders = claim.orders.copy()
    orders.loc[orders.index[:3], "currency"] = "HKD"
    with pytest.raises(DataError, match=r"2 currencies \['CNY', 'HKD'\]"):
        estimate_loss(orders, sample_incidents, channel="whatsapp")


@pytest.mark.parametrize("margin", [1.5, -0.1])
def test_margin_outside_zero_to_one_is_a_config_error(claim, sample_incidents, margin):
    with pytest.raises(ConfigError, match=f"margin={margin} must be a share between 0 and 1"):
        estimate_loss(claim.orders, sample_incidents, channel="whatsapp", margin=margin)


@pytest.mark.parametrize("confidence", [1.0, 0.0, 95])
def test_confidence_outside_zero_to_one_is_a_config_error(claim, sample_incidents, confidence):
    with pytest.raises(ConfigError, match=f"confidence={confidence} must lie between 0 and 1"):
        estimate_loss(claim.orders, sample_incidents, channel="whatsapp", confidence=confidence)


# --- estimate_loss on a hand-made series -------------------------------------------

#: relative orders per UTC hour of the hand-made shop
DAY_SHAPE = np.array(
    [1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 10, 9, 8, 8, 9, 10, 11, 10, 8, 6, 3, 2.0]
)
PRICES = np.array([80.0, 120.0, 200.0])
OUTAGE_START, OUTAGE_END = utc("2026-07-20 08:00"), utc("2026-07-20 18:00")


def steady_shop(seed: int, weeks: int = 8, per_day: float = 240.0):
    """Poisson orders of ``shop`` (and ``web`` at half its rate), the same every day.

    Returns the orders and the hourly intensity of ``shop``, indexed by hour.
    """
    rng = np.random.default_rng(seed)
    hours = pd.date_range(utc("2026-06-01 00:00"), periods=weeks * 7 * 24, freq="1h", unit="us")
    shop_rate = pd.Series(per_day * DAY_SHAPE[hours.hour] / DAY_SHAPE.sum(), index=hours)
    parts = []
    for channel, rate in (("shop", shop_rate), ("web", shop_rate / 2)):
        counts = rng.poisson(rate.to_numpy())
        offsets = pd.to_timedelta(rng.integers(0, 3_600_000_000, counts.sum()), unit="us")
        parts.append(
            pd.DataFrame(
                {
                    "timestamp": hours.repeat(counts) + offsets,
                    "amount": rng.choice(PRICES, counts.sum()),
                    "channel": channel,
                }
            )
        )
    orders = pd.concat(parts, ignore_index=True).sort_values("timestamp", ignore_index=True)
    orders = orders.assign(
        order_id=[f"o{i}" for i in range(len(orders))],
        currency="EUR",
        status="completed",
        customer="",
    )
    return orders.loc[:, list(ORDER_COLUMNS)].astype(ORDER_COLUMNS), shop_rate


def shop_outage(start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    row = {
        "incident_id": ["SHOP-1"],
        "service": ["Shop"],
        "start": [start],
        "end": [end],
        "severity": ["outage"],
        "description": [""],
        "source": ["test"],
    }
    frame = pd.concat([empty_outages(), pd.DataFrame(row)], ignore_index=True)
    return incidents(frame.astype(OUTAGE_COLUMNS))


def in_outage(orders: pd.DataFrame) -> pd.Series:
    stamps = orders["timestamp"]
    return (orders["channel"] == "shop") & (stamps >= OUTAGE_START) & (stamps < OUTAGE_END)


def test_hand_made_outage_truth_is_covered_and_estimate_within_15_percent():
    orders, rate = steady_shop(seed=2)
    lost = in_outage(orders)
    true_orders, true_revenue = int(lost.sum()), float(orders.loc[lost, "amount"].sum())
    expected = float(rate[OUTAGE_START : OUTAGE_END - pd.Timedelta(1, "us")].sum())
    assert expected == pytest.approx(240 * 87 / 139)  # 10 busy hours of a 240-order day

    est = estimate_loss(
        orders.loc[~lost], shop_outage(OUTAGE_START, OUTAGE_END), channel="shop", control="web"
    )
    assert est.actual_orders == 0.0
    assert est.lost_orders_low <= true_orders <= est.lost_orders_high
    assert est.lost_revenue_low <= true_revenue <= est.lost_revenue_high
    assert est.lost_orders == pytest.approx(expected, rel=0.15)
    assert est.lost_orders == pytest.approx(true_orders, rel=0.15)
    assert est.p_value < 0.05
    assert est.currency == "EUR"
    assert est.average_order_value == pytest.approx(PRICES.mean(), rel=0.02)


def test_window_over_normal_data_finds_no_loss():
    orders, _ = steady_shop(seed=2)
    est = estimate_loss(orders, shop_outage(OUTAGE_START, OUTAGE_END), channel="shop")
    assert est.actual_orders == float(in_outage(orders).sum())
    assert est.p_value > 0.3
    assert est.lost_orders_low <= 0 <= est.lost_orders_high
    assert est.net_lost_orders_low <= 0 <= est.net_lost_orders_high
    assert est.significant is False


def test_hand_made_outages_are_estimated_well_over_many_seeds():
    covered, errors = 0, []
    for seed in range(20):
        orders, rate = steady_shop(seed=seed)
        lost = in_outage(orders)
        expected = float(rate[OUTAGE_START : OUTAGE_END - pd.Timedelta(1, "us")].sum())
        est = estimate_loss(
            orders.loc[~lost], shop_outage(OUTAGE_START, OUTAGE_END), channel="shop"
        )
        covered += est.lost_orders_low <= lost.sum() <= est.lost_orders_high
        errors.append(est.lost_orders / expected - 1)
    assert max(abs(e) for e in errors) < 0.15
    assert abs(np.mean(errors)) < 0.03  # no systematic bias
    assert covered >= 17  # 95% intervals; see the xfail on Calibration for the shortfall


# --- estimate_loss: hard cases on synthetic series with known truth ------------------
# Series from claimstats.validation (a merchant in Asia/Shanghai: "whatsapp" affected,
# "website" the control); each case runs with every method. A 95% interval misses the
# truth one time in twenty, so coverage is asked on all but one of a handful of seeds.

#: every method estimate_loss knows, read at import so that a method added later is tested
ALL_METHODS = ("auto", *METHODS)
SEEDS = range(4)

#: (case, method) -> why the estimator fails the case, with the measured numbers
KNOWN_FAILURES: dict[tuple[str, str], str] = {
    ("sample", "control"): (
        "sample claim, method='control': lost 274.2 [214.4, 403.4] (truth 220), catch-up "
        "0.0 [0.0, 51.9] against a true 87, net 274.2 [167.0, 403.4] misses the true 133. "
        "The website ran at 91.5 / 68.8 = 133% of its own expectation in the windows; its "
        "true intensity there is 80.2, so its expectation is 14% low (a quiet website "
        "history), which inflates the counterfactual. auto does not choose it: its placebo "
        "error is twice the seasonal one."
    ),
}


def methods(case: str) -> list[object]:
    """Every method as a parameter, a known failure of the estimator marked strict xfail."""
    return [
        pytest.param(m, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case, m]))
        if (case, m) in KNOWN_FAILURES
        else m
        for m in ALL_METHODS
    ]


def local(text: str) -> str:
    """A wall time of the synthetic merchant (Asia/Shanghai)."""
    return f"{text}+08:00"


@functools.cache
def synthetic(per_hour: float, seed: int, trend: float = 0.0) -> pd.DataFrame:
    return synthetic_orders(per_hour, seed=seed, trend=trend)


@functools.cache
def injected(
    per_hour: float,
    seed: int,
    window: tuple[str, str],
    loss_share: float = 1.0,
    catch_up: float = 0.0,
    trend: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame, InjectedOutage]:
    """Orders with one outage injected, its incidents, and the truth (cached: read-only)."""
    orders, truth = inject_outage(
        synthetic(per_hour, seed, trend),
        local(window[0]),
        local(window[1]),
        loss_share=loss_share,
        catch_up_share=catch_up,
        seed=seed,
    )
    return orders, incidents(outage_frame(truth.start, truth.end)), truth


def estimate(orders: pd.DataFrame, inc: pd.DataFrame, method: str, **options: object):
    options = {"channel": "whatsapp", "control": "website", **options}
    return estimate_loss(orders, inc, method=method, **options)


def gross_covers(est, truth: InjectedOutage) -> bool:
    return est.lost_orders_low <= truth.removed_orders <= est.lost_orders_high


def net_covers(est, truth: InjectedOutage) -> bool:
    return est.net_lost_orders_low <= truth.net_lost_orders <= est.net_lost_orders_high


def intervals(rows: list[tuple[object, InjectedOutage]]) -> str:
    """The estimates against the truth, for assertion messages."""
    return "; ".join(
        f"gross {t.removed_orders} in [{e.lost_orders_low:.1f}, {e.lost_orders_high:.1f}], "
        f"net {t.net_lost_orders} in [{e.net_lost_orders_low:.1f}, {e.net_lost_orders_high:.1f}]"
        for e, t in rows
    )


DAY_WINDOW = ("2026-05-06 10:00", "2026-05-06 18:00")  # a Wednesday, 8 busy hours


@pytest.mark.parametrize("method", methods("sample"))
def test_sample_truth_is_covered_by_every_method(claim, sample_incidents, method):
    est = estimate(claim.orders, sample_incidents, method)
    truth = claim.truth
    assert est.method == method or method == "auto"
    assert est.lost_orders_low <= truth.gross_lost_orders <= est.lost_orders_high
    assert est.net_lost_orders_low <= truth.net_lost_orders <= est.net_lost_orders_high
    assert est.net_lost_revenue_low <= truth.net_lost_revenue <= est.net_lost_revenue_high
    assert est.lost_orders == pytest.approx(truth.expected_lost_orders, rel=0.15)


def test_sparse_series_has_mostly_zero_hours():
    orders = synthetic(1.0, 0)
    hourly = bucket_orders(orders.loc[orders["channel"] == "whatsapp"], freq="1h", by=None)
    assert 0.4 < (hourly["orders"] == 0).mean() < 0.6  # measured 0.51


@pytest.mark.parametrize("method", methods("sparse"))
def test_sparse_merchant_loss_and_catch_up_are_covered(method):
    """About one order an hour, half the hours empty; a day-long outage, 30% come back."""
    rows = []
    for seed in SEEDS:
        orders, inc, truth = injected(1.0, seed, ("2026-05-06 09:00", "2026-05-07 09:00"), 1, 0.3)
        rows.append((estimate(orders, inc, method), truth))
        assert rows[-1][0].actual_orders == 0.0
        assert rows[-1][0].significant
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)
    assert sum(net_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


@pytest.mark.parametrize("method", methods("zero"))
def test_outage_that_drives_orders_to_zero_loses_all_expected_orders(method):
    rows = []
    for seed in SEEDS:
        orders, inc, truth = injected(10.0, seed, ("2026-05-05 08:00", "2026-05-06 11:00"))
        est = estimate(orders, inc, method)  # 27 hours without a single order
        assert est.actual_orders == 0.0
        assert est.actual_revenue == 0.0
        assert est.lost_orders == est.expected_orders
        assert est.lost_revenue == pytest.approx(est.expected_revenue)
        assert est.placebo_windows >= min_placebos(0.95)
        assert est.p_value == pytest.approx(1 / (est.placebo_windows + 1))  # no placebo as low
        rows.append((est, truth))
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


#: three disjoint outages (local times): a Tuesday midday, a Thursday evening, a Sunday
WINDOWS = (
    ("2026-04-28 10:00", "2026-04-28 14:00"),
    ("2026-04-30 19:00", "2026-04-30 21:30"),
    ("2026-05-03 08:00", "2026-05-03 20:00"),
)


@functools.cache
def several_windows(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, list[InjectedOutage]]:
    """All three outages injected in one series (20% come back within 24 h), and the truths."""
    orders, truths = synthetic(10.0, seed), []
    for start, end in WINDOWS:
        orders, truth = inject_outage(
            orders, local(start), local(end), catch_up_share=0.2, seed=seed
        )
        truths.append(truth)
    frames = [
        outage_frame(t.start, t.end).assign(incident_id=f"W{i}") for i, t in enumerate(truths)
    ]
    return orders, incidents(pd.concat(frames, ignore_index=True)), truths


@pytest.mark.parametrize("method", methods("windows"))
def test_several_disjoint_windows_add_up_and_cover_the_total(method):
    rows, gaps = [], []
    for seed in SEEDS[:3]:
        orders, inc, truths = several_windows(seed)
        est = estimate(orders, inc, method)
        assert [(w.start, w.end) for w in est.windows] == [(t.start, t.end) for t in truths]
        assert [w.start for w in est.recovery_windows] == [t.end for t in truths]
        if seed < 2:  # each window alone, by the method the claim used (auto may differ)
            one_by_one = []
            for i, window in enumerate(WINDOWS):
                alone, alone_inc, alone_truth = injected(10.0, seed, window, catch_up=0.2)
                assert alone_truth.removed_orders == truths[i].removed_orders  # same orders
                one_by_one.append(estimate(alone, alone_inc, est.method).lost_orders)
            gaps.append(est.lost_orders / sum(one_by_one) - 1)
        total = InjectedOutage(
            truths[0].start,
            truths[-1].end,
            sum(t.removed_orders for t in truths),
            sum(t.removed_revenue for t in truths),
            sum(t.returned_orders for t in truths),
            sum(t.returned_revenue for t in truths),
        )
        rows.append((est, total))
    assert max(abs(gap) for gap in gaps) < 0.05, gaps  # measured: within 1.9%
    assert sum(gross_covers(e, t) for e, t in rows) >= len(rows) - 1, intervals(rows)
    assert sum(net_covers(e, t) for e, t in rows) >= len(rows) - 1, intervals(rows)


@pytest.mark.parametrize("method", methods("partial"))
def test_partial_outage_loss_is_measured_not_assumed(method):
    """severity="partial" and 40% of the orders lost: the estimate finds ~40%, not 100%."""
    rows, shares = [], []
    for seed in SEEDS:
        orders, _, truth = injected(20.0, seed, ("2026-05-06 10:00", "2026-05-06 16:00"), 0.4)
        inc = incidents(outage_frame(truth.start, truth.end, severity="partial"))
        assert inc["severity"].tolist() == ["partial"]
        est = estimate(orders, inc, method)
        assert est.actual_orders > 0
        shares.append(est.lost_orders / est.expected_orders)
        rows.append((est, truth))
    # measured mean share: auto and regression 0.43, seasonal 0.47, control 0.35
    assert np.mean(shares) == pytest.approx(0.4, abs=0.1), shares
    assert max(shares) < 0.7, shares
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


def with_holiday(orders: pd.DataFrame, day: str, seed: int) -> pd.DataFrame:
    """The same orders with every channel at 40% on one local day (a public holiday)."""
    start = pd.Timestamp(local(f"{day} 00:00"))
    for channel in ("whatsapp", "website"):
        orders, _ = inject_outage(
            orders, start, start + pd.Timedelta("1D"), channel=channel, loss_share=0.6, seed=seed
        )
    return orders


@pytest.mark.parametrize("method", methods("holiday"))
def test_holiday_in_the_baseline_does_not_drag_the_expectation_down(method):
    """A holiday on the same weekday one week before the outage, against the same series
    without it: the expected orders stay within 5%, and the truth is covered."""
    rows, ratios = [], []
    for seed in SEEDS:
        orders, inc, truth = injected(10.0, seed, DAY_WINDOW, catch_up=0.2)
        holiday = with_holiday(orders, "2026-04-29", seed)
        est = estimate(holiday, inc, method)
        ratios.append(est.expected_orders / estimate(orders, inc, method).expected_orders)
        rows.append((est, truth))
    assert np.mean(ratios) == pytest.approx(1.0, abs=0.05), ratios
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


@pytest.mark.parametrize("method", methods("trend"))
def test_growing_merchant_loss_is_covered(method):
    """Orders grow 3% a week (34% over the ten weeks); a 12-hour outage, 20% come back."""
    rows = []
    for seed in SEEDS:
        window = ("2026-05-06 08:00", "2026-05-06 20:00")
        orders, inc, truth = injected(10.0, seed, window, catch_up=0.2, trend=0.03)
        rows.append((estimate(orders, inc, method), truth))
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)
    assert sum(net_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)


@functools.cache
def two_messaging_channels(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, list[InjectedOutage]]:
    """``whatsapp`` and ``instagram`` (a second series' whatsapp) both lose half their
    orders in one outage; ``website`` is untouched."""
    second = synthetic(4.0, seed + 100)
    instagram = second.loc[second["channel"] == "whatsapp"].assign(
        channel="instagram", order_id="IG" + second["order_id"]
    )
    both = pd.concat([synthetic(10.0, seed), instagram], ignore_index=True)
    orders = both.sort_values("timestamp", kind="stable", ignore_index=True)
    truths = []
    for channel in ("whatsapp", "instagram"):
        orders, truth = inject_outage(
            orders, local(DAY_WINDOW[0]), local(DAY_WINDOW[1]), channel=channel,
            loss_share=0.5, seed=seed,
        )  # fmt: skip
        truths.append(truth)
    inc = incidents(outage_frame(truths[0].start, truths[0].end, service="Meta messaging"))
    return orders, inc, truths


@pytest.mark.parametrize("method", methods("channels"))
def test_channel_none_sums_every_channel_but_the_control(method):
    rows, gaps = [], []
    for seed in SEEDS[:3]:
        orders, inc, truths = two_messaging_channels(seed)
        est = estimate(orders, inc, method, channel=None)
        start, end = truths[0].start, truths[0].end
        inside = orders.loc[
            (orders["timestamp"] >= start)
            & (orders["timestamp"] < end)
            & (orders["status"] == "completed")
        ]
        assert est.channel is None
        assert est.actual_orders == (inside["channel"] != "website").sum()
        if seed < 2:
            each = [estimate(orders, inc, method, channel=c) for c in ("whatsapp", "instagram")]
            gaps.append(est.expected_orders / sum(e.expected_orders for e in each) - 1)
        truth = InjectedOutage(
            start,
            end,
            sum(t.removed_orders for t in truths),
            sum(t.removed_revenue for t in truths),
            0,
            0.0,
        )
        rows.append((est, truth))
    assert max(abs(gap) for gap in gaps) < 0.05, gaps  # measured: within 2.8%
    assert sum(gross_covers(e, t) for e, t in rows) >= len(rows) - 1, intervals(rows)


@pytest.mark.parametrize("method", methods("buckets"))
def test_quarter_hour_and_hourly_buckets_give_close_losses(method):
    """An outage from 10:20 to 15:50: partly covered hours on the hourly grid."""
    rows, ratios = [], []
    for seed in SEEDS:
        orders, inc, truth = injected(10.0, seed, ("2026-05-06 10:20", "2026-05-06 15:50"))
        quarter = estimate(orders, inc, method, freq="15min")
        hourly = estimate(orders, inc, method, freq="1h")
        assert quarter.freq == "15min"
        assert quarter.actual_orders == hourly.actual_orders == 0.0
        ratios.append(quarter.lost_orders / hourly.lost_orders)
        rows += [(quarter, truth), (hourly, truth)]
    assert max(abs(ratio - 1) for ratio in ratios) < 0.05, ratios  # measured: within 2.2%
    assert sum(gross_covers(e, t) for e, t in rows) >= len(rows) - 2, intervals(rows)


@functools.cache
def twice(method: str) -> tuple[object, object]:
    """The whole run (series, outage, estimate with a capped placebo draw) made twice."""

    def run():
        orders = synthetic_orders(5.0, seed=3)
        hit, truth = inject_outage(orders, local(DAY_WINDOW[0]), local(DAY_WINDOW[1]), seed=3)
        inc = incidents(outage_frame(truth.start, truth.end))
        return estimate(hit, inc, method, max_placebos=20, seed=7)  # the seed draws them

    return run(), run()


@pytest.mark.parametrize("method", methods("seed"))
def test_same_seed_gives_an_identical_estimate(method):
    first, again = twice(method)
    assert first.placebo_windows <= 20
    assert again.model_dump() == first.model_dump()


@pytest.mark.parametrize("method", ALL_METHODS)
def test_same_seed_gives_the_same_numbers_in_json(method):
    first, again = twice(method)  # JSON writes NaN as null, so NaN compares equal there
    assert again.model_dump_json() == first.model_dump_json()


@pytest.mark.parametrize("method", methods("no_loss"))
def test_window_without_loss_is_not_significant(method):
    rows = []
    for seed in SEEDS:
        orders, inc, truth = injected(20.0, seed, DAY_WINDOW, loss_share=0.0)
        assert truth.removed_orders == 0
        est = estimate(orders, inc, method)
        assert est.p_value > 0.05, est.p_value  # measured: 0.13 to 0.68
        assert est.significant is False
        rows.append((est, truth))
    assert sum(gross_covers(e, t) for e, t in rows) >= len(SEEDS) - 1, intervals(rows)
