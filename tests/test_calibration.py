"""Tests of claimstats.estimate.calibration: intervals and p-values from the errors on
placebo windows (empirical or t), and the choice of the placebo windows themselves."""

from __future__ import annotations

import numpy as np
import pytest

from claimstats.estimate.calibration import (
    Calibration,
    independent_windows,
    min_placebos,
    placebo_shifts,
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


# --- overlapping placebos ----------------------------------------------------------


def test_disjoint_windows_are_all_independent():
    days = np.arange(45) * 24
    assert independent_windows(days, np.arange(6), np.ones(6)) == 45.0
    assert independent_windows(days, np.arange(24), np.ones(24)) == 45.0  # touching, not sharing
    assert independent_windows(days[::7], np.arange(72), np.ones(72)) == 7.0  # a week apart


def test_three_day_windows_a_day_apart_are_worth_a_third():
    days = np.arange(45) * 24
    assert independent_windows(days, np.arange(72), np.ones(72)) == pytest.approx(15.3, abs=0.05)
    # Two days out of three count for nothing: the windows share only weightless hours.
    weights = np.r_[np.ones(24), np.zeros(48)]
    assert independent_windows(days, np.arange(72), weights) == 45.0
    # All weights zero is read as equal weights; no offsets as disjoint windows.
    assert independent_windows(days, np.arange(72), np.zeros(72)) == pytest.approx(15.3, abs=0.05)
    assert independent_windows(days, np.arange(0), np.zeros(0)) == 45.0


def test_overlapping_placebos_give_a_wider_t_interval_than_their_ranks():
    errors = np.linspace(-0.1, 0.1, 45)
    ranked, overlapping = Calibration(errors), Calibration(errors, independent=15.0)
    assert ranked.ranked(0.95)
    assert not overlapping.ranked(0.95)
    assert overlapping.effective_count == 15.0
    assert overlapping.count == 45
    low_r, high_r = ranked.interval(100.0, 0.0, 0.95)
    low_o, high_o = overlapping.interval(100.0, 0.0, 0.95)
    assert low_o < low_r
    assert high_o > high_r
    # The p-value's floor still counts the windows themselves.
    assert overlapping.p_value(expected=100.0, actual=0.0) == pytest.approx(1 / 46)


def test_overlap_correction_restores_coverage_of_three_day_windows():
    """45 placebos of 3 days, one a day, from daily noise: their extremes cover a new
    window about 93% of the time; read as 15 independent windows, about 95%."""
    rng = np.random.default_rng(1)
    independent = independent_windows(np.arange(45) * 24, np.arange(72), np.ones(72))
    hits = np.zeros(2)
    replicates = 3000
    for _ in range(replicates):
        sums = np.convolve(rng.normal(size=57), np.ones(3), mode="valid")
        placebo, new = sums[:45], sums[50]
        calibrations = (Calibration(placebo), Calibration(placebo, independent=independent))
        for k, cal in enumerate(calibrations):
            # A window with no loss whose error is ``new``: is a loss of 0 inside?
            low, high = cal.interval(expected=1.0, actual=1.0 - new, confidence=0.95)
            hits[k] += low <= 0 <= high
    ranked, corrected = hits / replicates
    assert ranked < 0.94
    assert 0.94 <= corrected <= 0.965
