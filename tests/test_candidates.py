"""The candidate counterfactuals of one claim and the placebos they share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from claimstats.estimate.candidates import Control, Layout, predictions, seasonal_fit

WEEKS = 8
SHAPE = np.r_[np.full(8, 1.0), np.full(10, 6.0), np.full(6, 3.0)]


def layout(placebo_days: list[int], noise: float = 0.0) -> Layout:
    """Eight weeks of hours; a 10-hour outage on the last day; placebos ``placebo_days`` back."""
    rng = np.random.default_rng(0)
    size = WEEKS * 168
    values = np.tile(SHAPE, WEEKS * 7) * (1 + noise * rng.standard_normal(size))
    excluded = np.zeros(size, bool)
    pattern = np.arange(size - 16, size - 6)
    excluded[pattern] = True
    positions = pattern[None, :] - 24 * np.array(placebo_days)[:, None]
    grid = pd.date_range("2026-03-02", periods=size, freq="h", tz="UTC", unit="us")
    return Layout(grid, pd.Timedelta("1h"), values, excluded, excluded, pattern, positions,
                  np.ones(10), np.zeros(10), 6)  # fmt: skip


def fit(lay: Layout) -> tuple:
    profile, level = seasonal_fit(lay.orders, lay)
    levels = np.ones(len(lay.positions))
    return profile, level, levels


def test_auto_offers_every_method_that_applies_on_shared_placebos():
    lay = layout([7, 14, 45], noise=0.05)
    control = Control("web", lay.orders * 0.5, lay.orders * 0.5, 1.0)

    candidates, kept = predictions(lay, *fit(lay), control, "auto")

    assert [c.name for c in candidates] == ["seasonal", "control", "regression"]
    # 45 days back there is too little history before it: that placebo goes
    assert kept.positions.tolist() == lay.positions[:2].tolist()
    assert all(c.placebo.shape == (2, 10) for c in candidates)
    assert candidates[0].real.sum() == pytest.approx(lay.orders[lay.pattern].sum(), rel=0.05)


def test_without_a_control_auto_offers_seasonal_and_regression():
    lay = layout([7, 14])

    candidates, _ = predictions(lay, *fit(lay), None, "auto")

    assert [c.name for c in candidates] == ["seasonal", "regression"]
    assert candidates[1].real == pytest.approx(lay.orders[lay.pattern])


def test_an_asked_method_is_the_only_candidate():
    lay = layout([7, 14])

    candidates, _ = predictions(lay, *fit(lay), None, "regression")

    assert [c.name for c in candidates] == ["regression"]


def test_layout_properties():
    lay = layout([7, 14])

    assert (lay.per_day, lay.period, lay.first) == (24, 168, WEEKS * 168 - 16)
    assert lay.starts.tolist() == [lay.first - 168, lay.first - 336]
