"""Tests of claimstats.estimate.calibration: intervals and p-values from the errors on
placebo windows (empirical or t), for one series or many, and the choice of the placebo
windows themselves."""

from __future__ import annotations

import numpy as np
import pytest

from claimstats.estimate.calibration import (
    Calibration,
    independent_windows,
    min_placebos,
    placebo_shifts,
)


def one(values: np.ndarray) -> float:
    """The single value of a one-series result (every method returns one per series)."""
    values = np.asarray(values)
    assert values.shape == (1,), values.shape
    return float(values[0])


def pair(bounds: tuple[np.ndarray, np.ndarray]) -> tuple[float, float]:
    """The low and high bound of a one-series interval."""
    low, high = bounds
    return one(low), one(high)


# --- Calibration of one series: errors as they are (unit=None) ----------------------


def test_empirical_interval_uses_order_statistics_at_covering_ranks():
    cal = Calibration(np.linspace(-10, 10, 41))  # errors -10, -9.5, ..., 10
    assert cal.count.tolist() == [41]
    assert cal.effective.tolist() == [41.0]
    # ranks floor(0.025 * 42) = 1 and ceil(0.975 * 42) = 41: the extremes
    low, high = pair(cal.interval(expected=100.0, actual=0.0, confidence=0.95))
    assert low == pytest.approx(90.0)
    assert high == pytest.approx(110.0)
    # at 90%: ranks floor(0.05 * 42) = 2 and ceil(0.95 * 42) = 40, errors -9.5 and 9.5
    low, high = pair(cal.interval(expected=200.0, actual=50.0, confidence=0.90))
    assert low == pytest.approx(200 - 9.5 - 50)
    assert high == pytest.approx(200 + 9.5 - 50)
    err_low, err_high = pair(cal.quantiles(0.90))
    assert (err_low, err_high) == pytest.approx((-9.5, 9.5))


def test_empirical_p_value_is_the_share_of_placebos_with_a_shortfall_at_least_as_large():
    cal = Calibration(np.linspace(-10, 10, 41))
    assert one(cal.p_value(expected=100.0, actual=0.0)) == pytest.approx(1 / 42)
    # a shortfall of 0: the 21 errors from 0 to 10 are at least as large
    assert one(cal.p_value(expected=100.0, actual=100.0)) == pytest.approx(22 / 42)
    assert one(cal.p_value(expected=100.0, actual=200.0)) == pytest.approx(1.0)


def test_thirty_eight_placebos_use_the_t_interval_and_thirty_nine_the_empirical_one():
    assert min_placebos(0.95) == 39
    assert min_placebos(0.90) == 19
    enough = Calibration(np.linspace(-9.5, 9.5, 39))
    assert enough.ranked(0.95).tolist() == [True]
    assert one(enough.p_value(expected=100.0, actual=0.0)) == pytest.approx(1 / 40)
    assert pair(enough.interval(100.0, 0.0, 0.95)) == pytest.approx((90.5, 109.5))
    few = Calibration(np.linspace(-9.5, 9.5, 38))
    assert few.ranked(0.95).tolist() == [False]
    assert one(few.p_value(expected=100.0, actual=90.0)) == pytest.approx(0.046008, abs=1e-6)
    # ... but never below what 38 normal windows can show
    assert one(few.p_value(expected=100.0, actual=0.0)) == pytest.approx(1 / 39)


def test_t_interval_with_fewer_than_twenty_placebos():
    cal = Calibration(np.array([-10.0, -5.0, 0.0, 5.0, 10.0]))
    # mean 0, sd 7.90569, times sqrt(1 + 1/5), times t(0.975, 4) = 2.776445: 24.0447
    low, high = pair(cal.interval(expected=100.0, actual=0.0, confidence=0.95))
    assert low == pytest.approx(75.9553, abs=1e-4)
    assert high == pytest.approx(124.0447, abs=1e-4)
    assert one(cal.p_value(expected=100.0, actual=92.0)) == pytest.approx(0.203946, abs=1e-6)
    assert one(cal.p_value(expected=100.0, actual=80.0)) == pytest.approx(1 / 6)  # t: 0.041


def test_t_interval_is_wider_than_the_empirical_one_for_the_same_spread():
    errors = np.array([-10.0, -5.0, 0.0, 5.0, 10.0])
    few = pair(Calibration(errors).interval(100.0, 0.0, 0.95))
    many = pair(Calibration(np.tile(errors, 8)).interval(100.0, 0.0, 0.95))
    assert many == pytest.approx((90.0, 110.0))  # 40 windows: the extremes
    assert few[0] < many[0]
    assert few[1] > many[1]


def test_p_value_with_no_spread_is_its_floor_or_one():
    cal = Calibration(np.zeros(5))
    assert one(cal.p_value(expected=100.0, actual=90.0)) == pytest.approx(1 / 6)
    assert one(cal.p_value(expected=100.0, actual=100.0)) == 1.0


def test_empirical_interval_covers_a_new_normal_window_at_its_confidence():
    rng = np.random.default_rng(0)
    draws = rng.normal(0.0, 0.1, size=(2000, 26))
    # 2000 series of 25 placebo errors each, calibrated at once (one row each)
    low, high = Calibration(draws[:, :25]).interval(expected=1.0, actual=0.0, confidence=0.95)
    covered = (low <= 1 - draws[:, 25]) & (1 - draws[:, 25] <= high)
    assert covered.mean() >= 0.93


# --- Calibration of counts (unit given) ---------------------------------------------


def test_count_errors_are_scaled_by_the_spread_of_a_count():
    # 100 expected orders: Poisson 100 plus (10% of 100) ** 2 = 200, spread sqrt(200)
    spread = np.sqrt(200.0)
    night = Calibration.of_windows(np.array([100.0, 0.2, 0.0]), np.array([90.0, 1.0, 0.0]), unit=1)
    # a quiet window (or one that expected nothing) is read on the spread of one order:
    # 0.2 expected, max(0.2, 1) + 0.02 ** 2 = 1.0004
    assert night.errors.shape == (1, 3)
    assert night.errors[0] == pytest.approx([10 / spread, -0.8 / np.sqrt(1.0004), 0.0])
    assert night.count.tolist() == [3]
    orders = Calibration(np.linspace(-1, 1, 41), unit=1)
    assert one(orders.scale(100.0)) == pytest.approx(spread)
    low, high = pair(orders.interval(expected=100.0, actual=0.0, confidence=0.95))
    assert (low, high) == pytest.approx((100 - spread, 100 + spread))
    # money: 5000 expected at 50 an order are 100 orders, the spread 50 times theirs
    money = Calibration(np.linspace(-1, 1, 41), unit=50.0)
    low, high = pair(money.interval(expected=5000.0, actual=0.0, confidence=0.95))
    assert (low, high) == pytest.approx((5000 - 50 * spread, 5000 + 50 * spread))


def test_a_window_that_expected_no_order_is_read_on_the_spread_of_one():
    cal = Calibration(np.linspace(-1, 1, 41), unit=1)
    assert one(cal.scale(0.0)) == 1.0
    assert one(cal.p_value(expected=0.0, actual=3.0)) == 1.0  # a surplus, no shortfall
    # no shortfall: as common as the 21 placebo errors of 0 or more
    assert one(cal.p_value(expected=0.0, actual=0.0)) == pytest.approx(22 / 42)
    assert pair(cal.interval(expected=0.0, actual=0.0, confidence=0.95)) == pytest.approx(
        (-1.0, 1.0)
    )


# --- Calibration of many series -----------------------------------------------------


def two_series() -> np.ndarray:
    """Two series on 45 windows: the first uses 41 of them, the second 5 (NaN unused)."""
    errors = np.full((2, 45), np.nan)
    errors[0, :41] = np.linspace(-10, 10, 41)
    errors[1, [3, 10, 20, 30, 44]] = [-10.0, -5.0, 0.0, 5.0, 10.0]
    return errors


def test_each_series_gets_its_own_interval_and_p_value():
    cal = Calibration(two_series())
    assert cal.count.tolist() == [41, 5]
    assert cal.effective.tolist() == [41.0, 5.0]
    assert cal.ranked(0.95).tolist() == [True, False]  # empirical ranks, and a t interval
    low, high = cal.interval(np.array([100.0, 100.0]), np.array([0.0, 0.0]), 0.95)
    assert low == pytest.approx([90.0, 75.9553], abs=1e-4)
    assert high == pytest.approx([110.0, 124.0447], abs=1e-4)
    p = cal.p_value(np.array([100.0, 100.0]), np.array([0.0, 92.0]))
    assert p == pytest.approx([1 / 42, 0.203946], abs=1e-6)


def test_many_series_give_what_each_series_gives_alone():
    errors = two_series()
    together = Calibration(errors, unit=np.array([1.0, 50.0]), effective=np.array([41.0, 3.0]))
    alone = [
        Calibration(row[np.isfinite(row)], unit=unit, effective=effective)
        for row, unit, effective in zip(errors, (1.0, 50.0), (41.0, 3.0), strict=True)
    ]
    expected, actual = np.array([100.0, 5000.0]), np.array([20.0, 4500.0])
    for confidence in (0.95, 0.90):
        low, high = together.interval(expected, actual, confidence)
        p = together.p_value(expected, actual, confidence)
        bound = together.bound(confidence)
        two_sided = together.p_value_two_sided(np.array([8.0, 4.0]), confidence)
        for i, cal in enumerate(alone):
            assert pair(cal.interval(expected[i], actual[i], confidence)) == pytest.approx(
                (low[i], high[i]), rel=1e-12
            )
            assert one(cal.p_value(expected[i], actual[i], confidence)) == pytest.approx(p[i])
            assert one(cal.bound(confidence)) == pytest.approx(bound[i])
            assert one(cal.p_value_two_sided([8.0, 4.0][i], confidence)) == pytest.approx(
                two_sided[i]
            )


def test_of_windows_keeps_the_windows_each_series_uses():
    expected = np.array([[100.0, 50.0, 0.2, 30.0], [10.0, 20.0, 5.0, 1.0]])
    actual = np.array([[90.0, 55.0, 1.0, 30.0], [12.0, 20.0, 0.0, 0.0]])
    keep = np.array([[True, True, True, False], [False, True, True, True]])
    both = Calibration.of_windows(expected, actual, unit=1, keep=keep)
    assert np.isnan(both.errors[0, 3])
    assert np.isnan(both.errors[1, 0])
    assert both.count.tolist() == [3, 3]
    first = Calibration.of_windows(expected[0, :3], actual[0, :3], unit=1)
    second = Calibration.of_windows(expected[1, 1:], actual[1, 1:], unit=1)
    assert both.errors[0, :3].tolist() == pytest.approx(first.errors[0].tolist())
    assert both.errors[1, 1:].tolist() == pytest.approx(second.errors[0].tolist())
    # unscaled errors are expected - actual
    raw = Calibration.of_windows(expected, actual, keep=keep)
    assert raw.errors[0, :3].tolist() == [10.0, -5.0, pytest.approx(-0.8)]


# --- bound and p_value_two_sided: an effect that may go either way -------------------


def test_bound_is_the_order_statistic_of_the_size_of_the_errors():
    cal = Calibration(np.linspace(-10, 10, 41))  # sizes 0, 0.5, 0.5, 1, 1, ..., 10, 10
    # rank ceil(0.95 * 42) = 40 of the sorted sizes: 10; at 90%, ceil(0.9 * 42) = 38: 9.5
    assert one(cal.bound(0.95)) == pytest.approx(10.0)
    assert one(cal.bound(0.90)) == pytest.approx(9.5)


def test_two_sided_p_value_is_the_share_of_placebos_at_least_as_far_from_zero():
    cal = Calibration(np.linspace(-10, 10, 41))
    assert one(cal.p_value_two_sided(10.0)) == pytest.approx(3 / 42)  # -10, 10 and itself
    assert one(cal.p_value_two_sided(-10.0)) == pytest.approx(3 / 42)  # either way
    assert one(cal.p_value_two_sided(5.0)) == pytest.approx(23 / 42)  # 22 sizes of 5 to 10
    assert one(cal.p_value_two_sided(0.0)) == 1.0


def test_bound_and_two_sided_p_value_with_few_windows_are_t_around_zero():
    cal = Calibration(np.array([-10.0, -5.0, 0.0, 5.0, 10.0]))
    # root mean square error sqrt(50), times sqrt(1 + 1/5): sqrt(60); t(0.975, 4) = 2.776445
    assert one(cal.bound(0.95)) == pytest.approx(2.776445 * np.sqrt(60), rel=1e-6)
    # 2 * P(T_4 > 8 / sqrt(60)) = 2 * 0.180025
    assert one(cal.p_value_two_sided(8.0)) == pytest.approx(0.360051, abs=1e-6)
    assert one(cal.p_value_two_sided(-8.0)) == pytest.approx(0.360051, abs=1e-6)


def test_a_bias_counts_as_error_in_the_bound():
    centred = Calibration(np.array([-10.0, -5.0, 0.0, 5.0, 10.0]))
    biased = Calibration(np.array([0.0, 5.0, 10.0, 15.0, 20.0]))  # the same spread, off by 10
    # mean square 150: sqrt(150 * 1.2) = sqrt(180), times t(0.975, 4)
    assert one(biased.bound(0.95)) == pytest.approx(2.776445 * np.sqrt(180), rel=1e-6)
    assert one(biased.bound(0.95)) > one(centred.bound(0.95))
    # ... while the loss interval is centred on the errors' mean: 10 lower, as wide
    assert pair(biased.interval(100.0, 0.0, 0.95)) == pytest.approx(
        (75.9553 - 10, 124.0447 - 10), abs=1e-4
    )


def test_two_sided_p_value_with_no_spread_is_zero_or_one():
    cal = Calibration(np.zeros(5))
    assert one(cal.p_value_two_sided(0.0)) == 1.0
    assert one(cal.p_value_two_sided(3.0)) == 0.0
    assert one(cal.bound(0.95)) == 0.0


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


# --- overlapping placebos ----------------------------------------------------------


def test_disjoint_windows_are_all_independent():
    days = np.arange(45) * 24
    assert independent_windows(days, np.arange(6), np.ones(6)).tolist() == [45.0]
    # touching, not sharing
    assert independent_windows(days, np.arange(24), np.ones(24)).tolist() == [45.0]
    # a week apart
    assert independent_windows(days[::7], np.arange(72), np.ones(72)).tolist() == [7.0]


def test_three_day_windows_a_day_apart_are_worth_a_third():
    days = np.arange(45) * 24
    assert one(independent_windows(days, np.arange(72), np.ones(72))) == pytest.approx(
        15.3, abs=0.05
    )
    # Two days out of three count for nothing: the windows share only weightless hours.
    weights = np.r_[np.ones(24), np.zeros(48)]
    assert independent_windows(days, np.arange(72), weights).tolist() == [45.0]
    # All weights zero is read as equal weights; no offsets as disjoint windows.
    assert one(independent_windows(days, np.arange(72), np.zeros(72))) == pytest.approx(
        15.3, abs=0.05
    )
    assert independent_windows(days, np.arange(0), np.zeros(0)).tolist() == [45.0]


def test_independent_windows_of_many_series_are_each_series_alone():
    days = np.arange(45) * 24
    offsets = np.arange(72)
    # one row of weights per series: equal, only the first day, all zero (read as equal)
    weights = np.stack([np.ones(72), np.r_[np.ones(24), np.zeros(48)], np.zeros(72)])
    assert independent_windows(days, offsets, weights) == pytest.approx(
        [15.3, 45.0, 15.3], abs=0.05
    )
    # the windows each series uses: all of them, one a week, the first 20, none
    keep = np.zeros((4, 45), dtype=bool)
    keep[0] = True
    keep[1, ::7] = True
    keep[2, :20] = True
    worth = independent_windows(days, offsets, np.ones((4, 72)), keep)
    alone = [independent_windows(days[row], offsets, np.ones(72)) for row in keep[:3]]
    assert worth[:3] == pytest.approx(np.concatenate(alone))
    assert worth[1] == 7.0
    assert worth[3] == 0.0  # without windows


def test_overlapping_placebos_give_a_wider_t_interval_than_their_ranks():
    errors = np.linspace(-10, 10, 45)
    ranked, overlapping = Calibration(errors), Calibration(errors, effective=15.0)
    assert ranked.ranked(0.95).tolist() == [True]
    assert overlapping.ranked(0.95).tolist() == [False]
    assert overlapping.effective.tolist() == [15.0]
    assert overlapping.count.tolist() == [45]
    low_r, high_r = pair(ranked.interval(100.0, 0.0, 0.95))
    low_o, high_o = pair(overlapping.interval(100.0, 0.0, 0.95))
    assert low_o < low_r
    assert high_o > high_r
    # The p-value's floor still counts the windows themselves.
    assert one(overlapping.p_value(expected=100.0, actual=0.0)) == pytest.approx(1 / 46)


def test_overlap_correction_restores_coverage_of_three_day_windows():
    """45 placebos of 3 days, one a day, from daily noise: their extremes cover a new
    window about 93% of the time; read as 15 independent windows, about 95%."""
    rng = np.random.default_rng(1)
    independent = one(independent_windows(np.arange(45) * 24, np.arange(72), np.ones(72)))
    replicates = 3000
    noise = rng.normal(size=(replicates, 57))
    sums = noise[:, :-2] + noise[:, 1:-1] + noise[:, 2:]  # 3-day sums, one a day
    placebo, new = sums[:, :45], sums[:, 50]
    calibrations = (
        Calibration(placebo),
        Calibration(placebo, effective=np.full(replicates, independent)),
    )
    hits = []
    for cal in calibrations:
        # A window with no loss whose error is ``new``: is a loss of 0 inside?
        low, high = cal.interval(expected=1.0, actual=1.0 - new, confidence=0.95)
        hits.append(((low <= 0) & (high >= 0)).mean())
    ranked, corrected = hits
    assert ranked < 0.94
    assert 0.94 <= corrected <= 0.965
