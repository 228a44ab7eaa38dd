"""Tests of claimstats.estimate.seasonal: the seasonal profile of previous weeks, the level
of a series against it, and the unusual days left out of the baseline."""

from __future__ import annotations

import numpy as np
import pytest

from claimstats.estimate.seasonal import level_at, seasonal_profile, unusual_days

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
