"""The counterfactual methods of :func:`claimstats.estimate_loss`, and how ``auto`` chooses.

Each method predicts the affected channel's orders in the buckets of the claim's
pattern (outage and recovery windows) and, the same way, in the same pattern laid over
each placebo window of normal history. The placebo predictions are what calibrates the
interval; they also score the methods against each other for ``method="auto"``.

* ``seasonal`` (before and after): the same bucket of the week in previous weeks,
  scaled to the level of the recent days (:mod:`claimstats.estimate.seasonal`).
* ``control`` (yardstick): the seasonal prediction corrected by how an unaffected
  channel did against its own seasonal expectation in the same windows. A busy or quiet
  day that hits every channel (weather, a holiday, a local event) moves both channels,
  so it does not pass for a loss or hide one.
* ``regression``: least squares of the affected channel on calendar terms (a level for
  each bucket of the week, or of the day plus the day of the week when history is
  short), a linear trend and, with a control, the control channel's orders over the
  surrounding day; refitted on the weeks before each window, real or placebo, so the
  placebo errors are true out-of-sample errors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claimstats.estimate.regression import LinearFit
from claimstats.models import METHODS

__all__ = [
    "METHODS",
    "Prediction",
    "backtest_error",
    "choose",
    "control_adjusted",
    "regression",
    "seasonal",
]


#: orders added to the control's actual and expected counts before taking their ratio
CONTROL_PRIOR = 5.0


@dataclass(frozen=True)
class Prediction:
    """A method's expected orders on the real pattern and on each placebo copy of it.

    Attributes
    ----------
    name
        The method, one of :data:`METHODS`.
    real
        Expected orders in each bucket of the pattern.
    placebo
        Expected orders in each bucket of each placebo copy, ``(placebos, buckets)``.
    """

    name: str
    real: np.ndarray
    placebo: np.ndarray


def seasonal(
    profile: np.ndarray,
    level: float,
    levels: np.ndarray,
    pattern: np.ndarray,
    positions: np.ndarray,
) -> Prediction:
    """The seasonal prediction: ``level * profile`` at each bucket.

    Examples
    --------
    >>> p = seasonal(np.array([1.0, 2.0, 3.0]), 2.0, np.array([1.0]), np.array([2]),
    ...              np.array([[0]]))
    >>> p.real.tolist(), p.placebo.tolist()
    ([6.0], [[1.0]])
    """
    return Prediction("seasonal", level * profile[pattern], levels[:, None] * profile[positions])


def _factor(actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """How the control did: ``(actual + k) / (expected + k)``; 1 where it expected nothing.

    ``k`` (:data:`CONTROL_PRIOR` orders) pulls the ratio towards 1 when the control
    expected only a few orders, where a ratio of small counts says more about chance
    than about the day; with dozens of orders it hardly matters.
    """
    with np.errstate(invalid="ignore"):
        ratio = (actual + CONTROL_PRIOR) / (np.maximum(expected, 0) + CONTROL_PRIOR)
        return np.where(expected > 0, ratio, 1.0)


def control_adjusted(
    base: Prediction,
    control: np.ndarray,
    control_expected: np.ndarray,
    control_placebo: np.ndarray,
    pattern: np.ndarray,
    positions: np.ndarray,
    outage_share: np.ndarray,
    recovery_share: np.ndarray,
) -> Prediction:
    """The seasonal prediction times the control's actual/expected ratio in each part.

    The ratio is ``(actual + 5) / (expected + 5)`` (see :data:`CONTROL_PRIOR`) and is taken over the outage part and over the recovery part of the pattern
    separately (weighted by each bucket's share), on the real pattern and on each
    placebo the same way.

    Parameters
    ----------
    base
        The seasonal prediction of the affected channel.
    control
        The control channel's orders on the whole grid.
    control_expected
        The control's seasonal expectation on the real pattern's buckets.
    control_placebo
        The control's seasonal expectation on each placebo's buckets.
    pattern, positions
        Bucket indices of the real pattern and of each placebo copy.
    outage_share, recovery_share
        Each pattern bucket's share inside an outage / a recovery window.

    Examples
    --------
    >>> base = Prediction("seasonal", np.array([10.0]), np.array([[10.0]]))
    >>> p = control_adjusted(base, np.array([6.0, 3.0]), np.array([4.0]), np.array([[3.0]]),
    ...                      np.array([0]), np.array([[1]]), np.array([1.0]), np.array([0.0]))
    >>> p.real.round(4).tolist(), p.placebo.tolist()    # the control ran at 150% and 100%
    ([12.2222], [[10.0]])
    """
    parts = (outage_share, recovery_share)
    real_factors = [_factor(share @ control[pattern], share @ control_expected) for share in parts]
    placebo_factors = [
        _factor(control[positions] @ share, control_placebo @ share) for share in parts
    ]
    total = outage_share + recovery_share
    with np.errstate(invalid="ignore", divide="ignore"):
        weight_w = np.where(total > 0, outage_share / total, 1.0)
    weight_r = 1.0 - weight_w
    real = base.real * (weight_w * real_factors[0] + weight_r * real_factors[1])
    placebo = base.placebo * (
        weight_w[None, :] * placebo_factors[0][:, None]
        + weight_r[None, :] * placebo_factors[1][:, None]
    )
    return Prediction("control", real, placebo)


def _calendar(size: int, period: int, per_day: int, weekly: bool) -> tuple:
    """Slots, their number and extra 0/1 columns of the calendar terms, by position.

    Weekly: one level per bucket of the week. Otherwise one level per bucket of the day
    and a column for each day of the week but the first.
    """
    position = np.arange(size)
    if weekly:
        return position % period, period, np.zeros((size, 0))
    day = (position // per_day) % 7
    return position % per_day, per_day, (day[:, None] == np.arange(1, 7)[None, :]).astype(float)


def _slot_scale(values: np.ndarray, slots: np.ndarray, levels: int) -> np.ndarray:
    """Each slot's mean relative to the average slot (1 for slots not seen, or no orders)."""
    count = np.bincount(slots, minlength=levels)
    total = np.bincount(slots, weights=values, minlength=levels)
    overall = total.sum() / max(count.sum(), 1)
    if overall <= 0:
        return np.ones(levels)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(count > 0, total / count, overall)
    return means / means.mean()


def regression(
    values: np.ndarray,
    excluded: np.ndarray,
    covariates: np.ndarray,
    period: int,
    per_day: int,
    span: int,
    pattern: np.ndarray,
    positions: np.ndarray,
) -> Prediction:
    """Least squares on calendar terms, a trend and covariates, fitted before each window.

    ``y = level[slot] + scale[slot] * (terms . slopes)``: each slot (bucket of the week,
    or of the day) has its own level, and the other terms (day of the week, the trend,
    the covariates) act in proportion to the slot's usual orders (``scale``, its mean
    relative to the average slot in the data the fit learns from), because a busy day or
    a growing shop adds more orders at the peak hour than at night.

    For the real pattern and for each placebo copy, the model is fitted on the clean
    buckets (not ``excluded``: outage and recovery windows, unusual days) of the ``span`` buckets before the copy's first bucket and
    predicts the copy's buckets (never below 0). A copy with too little clean history
    before it gets NaN, and is left out of the calibration by the caller.

    Parameters
    ----------
    values
        The affected series on the whole grid.
    excluded
        True on the real outage and recovery buckets.
    covariates
        One column per covariate on the whole grid (no columns for none).
    period, per_day
        Buckets in a week and in a day.
    span
        Buckets each fit learns from (the baseline weeks).
    pattern, positions
        Bucket indices of the real pattern and of each placebo copy.

    Examples
    --------
    >>> y = np.tile([1.0, 3.0], 28) * (1 + 0.02 * np.arange(56))  # 2 buckets a day, +2% each
    >>> p = regression(y, np.zeros(56, bool), np.zeros((56, 0)), 14, 2, 42,
    ...                np.array([48, 49]), np.array([[44, 45]]))
    >>> p.real.round(2).tolist(), y[[48, 49]].round(2).tolist()  # the growth carried on
    ([1.95, 5.94], [1.96, 5.94])
    """
    size = len(values)
    first = int(pattern.min())
    weekly = min(span, first) >= 4 * period
    slots, levels, calendar = _calendar(size, period, per_day, weekly)
    clean = ~excluded & np.isfinite(values)
    columns = [calendar, (np.arange(size) / period)[:, None]]
    if covariates.shape[1]:
        spread = covariates[clean].std(axis=0) if clean.any() else np.ones(covariates.shape[1])
        columns.append(covariates / np.where(spread > 0, spread, 1.0))
    features = np.hstack(columns)
    min_rows = 2 * (levels + features.shape[1])

    def fitted(where: np.ndarray) -> np.ndarray:
        start = int(where.min())
        rows = np.flatnonzero(clean[max(start - span, 0) : start]) + max(start - span, 0)
        if len(rows) < min_rows:
            return np.full(len(where), np.nan)
        scale = _slot_scale(values[rows], slots[rows], levels)
        fit = LinearFit.from_rows(
            features[rows] * scale[slots[rows], None], slots[rows], values[rows], levels
        )
        predicted = fit.predict(features[where] * scale[slots[where], None], slots[where])
        return np.maximum(predicted, 0.0)

    placebo = np.array([fitted(row) for row in positions]).reshape(positions.shape)
    return Prediction("regression", fitted(pattern), placebo)


def backtest_error(prediction: Prediction, actual: np.ndarray, share: np.ndarray) -> float:
    """Error of the window sums on the placebo windows: total absolute error / total orders.

    Every placebo counts, including those where the method expected nothing and orders
    came (a full error), so methods compared on the same placebos are scored alike.

    Examples
    --------
    >>> p = Prediction("seasonal", np.array([1.0]), np.array([[10.0], [0.0]]))
    >>> round(backtest_error(p, np.array([[9.0], [3.0]]), np.array([1.0])), 6)
    0.333333
    """
    expected = prediction.placebo @ share
    observed = actual @ share
    if not len(expected):
        return float("inf")
    return float(np.abs(observed - expected).sum() / max(observed.sum(), 1.0))


def choose(
    candidates: list[Prediction], actual: np.ndarray, share: np.ndarray
) -> tuple[Prediction, dict[str, float]]:
    """The candidate with the smallest backtest error on the placebo windows, and every
    candidate's error (:func:`backtest_error`), by method.

    The candidates' placebo predictions must cover the same placebo windows.

    Examples
    --------
    >>> a = Prediction("seasonal", np.array([1.0]), np.array([[10.0]]))
    >>> b = Prediction("control", np.array([1.0]), np.array([[9.0]]))
    >>> best, errors = choose([a, b], np.array([[9.0]]), np.array([1.0]))
    >>> best.name, {name: round(error, 4) for name, error in errors.items()}
    ('control', {'seasonal': 0.1111, 'control': 0.0})
    """
    errors = {c.name: backtest_error(c, actual, share) for c in candidates}
    return candidates[int(np.argmin(list(errors.values())))], errors
