"""Calibration on placebo windows: how wrong is the counterfactual on normal days?

The outage pattern (its windows and recovery windows, with their exact bucket
coverage) is laid over normal history, shifted by whole days so that the time of day
is kept. On each placebo the same estimator predicts the series; the relative errors
``(expected - actual) / expected`` there are what an estimate on the real windows must
be read against: they give its interval and its p-value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Calibration", "min_placebos", "placebo_shifts"]


def min_placebos(confidence: float) -> int:
    """Fewest placebo windows for an empirical interval at ``confidence`` (39 at 95%).

    With ``n`` windows a new window falls below the ``k``-th smallest error with chance
    ``k / (n + 1)``; the interval needs ``k = floor(alpha * (n + 1)) >= 1`` on each side.

    Examples
    --------
    >>> min_placebos(0.95), min_placebos(0.9)
    (39, 19)
    """
    alpha = (1 - confidence) / 2
    return int(np.ceil(1 / alpha - 1 - 1e-9))


def placebo_shifts(
    pattern: np.ndarray,
    excluded: np.ndarray,
    usable: np.ndarray,
    step: int,
    max_placebos: int,
    seed: int,
) -> np.ndarray:
    """Shifts (in buckets, multiples of ``step``) at which the pattern fits normal history.

    Parameters
    ----------
    pattern
        Bucket indices of the real windows and recovery windows.
    excluded
        True on buckets of the real windows and recovery windows.
    usable
        True where the estimator can predict a bucket (enough history).
    step
        Buckets per day: shifts keep the time of day.
    max_placebos
        At most this many shifts are kept, drawn with ``seed``.
    seed
        Seed of the draw when there are more candidates than ``max_placebos``.

    Returns
    -------
    numpy.ndarray
        Sorted shifts; every shifted bucket is usable and outside the real windows.

    Examples
    --------
    >>> import numpy as np
    >>> excluded = np.zeros(10, bool); excluded[8] = True
    >>> placebo_shifts(np.array([8]), excluded, np.ones(10, bool), 2, 10, 0).tolist()
    [-8, -6, -4, -2]
    """
    size = len(excluded)
    first, last = int(pattern.min()), int(pattern.max())
    candidates = np.arange(-(first // step) * step, size - last, step)
    candidates = candidates[candidates != 0]
    positions = pattern[None, :] + candidates[:, None]
    inside = (positions >= 0).all(axis=1) & (positions < size).all(axis=1)
    candidates, positions = candidates[inside], positions[inside]
    fits = usable[positions].all(axis=1) & ~excluded[positions].any(axis=1)
    shifts = candidates[fits]
    if len(shifts) > max_placebos:
        rng = np.random.default_rng(seed)
        shifts = np.sort(rng.choice(shifts, size=max_placebos, replace=False))
    return shifts


@dataclass(frozen=True)
class Calibration:
    """Relative errors of the estimator on placebo windows, and what follows from them.

    Examples
    --------
    >>> import numpy as np
    >>> cal = Calibration(np.linspace(-0.1, 0.1, 41))
    >>> low, high = cal.interval(expected=100.0, actual=0.0, confidence=0.95)
    >>> round(low, 1), round(high, 1)
    (90.0, 110.0)
    >>> round(cal.p_value(expected=100.0, actual=0.0), 3)
    0.024
    """

    errors: np.ndarray

    @property
    def count(self) -> int:
        """Number of placebo windows."""
        return len(self.errors)

    def _quantiles(self, confidence: float) -> tuple[float, float]:
        alpha = (1 - confidence) / 2
        if self.count >= min_placebos(confidence):
            # Order statistics at the ranks that cover a *new* window at the nominal
            # level; plain sample quantiles are too narrow for a few dozen windows.
            ordered = np.sort(self.errors)
            low_rank = int(np.floor(alpha * (self.count + 1) + 1e-9))
            high_rank = int(np.ceil((1 - alpha) * (self.count + 1) - 1e-9))
            return float(ordered[low_rank - 1]), float(ordered[high_rank - 1])
        # Too few windows for empirical ranks: a t prediction interval, which is
        # wider the fewer windows there are.
        mean = float(np.mean(self.errors))
        spread = float(np.std(self.errors, ddof=1)) * np.sqrt(1 + 1 / self.count)
        from scipy import stats  # imported when needed: it takes a second to load

        half = float(stats.t.ppf(1 - alpha, df=self.count - 1)) * spread
        return mean - half, mean + half

    def interval(self, expected: float, actual: float, confidence: float) -> tuple[float, float]:
        """Bounds of ``expected - actual`` (the loss) at ``confidence``.

        The real counterfactual is ``expected * (1 - error)`` with ``error`` distributed
        as on the placebo windows.
        """
        err_lo, err_hi = self._quantiles(confidence)
        return expected * (1 - err_hi) - actual, expected * (1 - err_lo) - actual

    def p_value(self, expected: float, actual: float, confidence: float = 0.95) -> float:
        """Chance of a shortfall at least this large on a normal day (one-sided).

        Never below ``1 / (n + 1)``: ``n`` normal windows cannot show a shortfall to be
        rarer than that, even when the t distribution would extrapolate further.
        """
        if expected <= 0:
            return 1.0
        observed = (expected - actual) / expected
        if self.count >= min_placebos(confidence):
            return float((1 + np.sum(self.errors >= observed)) / (1 + self.count))
        floor = 1 / (1 + self.count)
        mean = float(np.mean(self.errors))
        spread = float(np.std(self.errors, ddof=1)) * np.sqrt(1 + 1 / self.count)
        if spread == 0:
            return 1.0 if observed <= mean else floor
        from scipy import stats

        return max(float(stats.t.sf((observed - mean) / spread, df=self.count - 1)), floor)
